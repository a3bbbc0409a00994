//! Merging what was counted into each term's list of pages (`files` for a one-shot build's
//! tasks, `stitch_all` and `stitch` for a session's runs, whose lists are already written
//! run by run), and the table of words whose term differs from them. The files written
//! from them are `files.rs`'s.

use std::borrow::Borrow;
use std::sync::Arc;

use bytes::Bytes;
use rayon::prelude::*;
use rustc_hash::FxHashMap as HashMap;

use super::Doc;
use super::files::{Written, json_string};
use super::tasks::{Found, Run};
use super::words::Analyzer;

/// The index's files, as (path relative to the index's folder, bytes), sorted by path,
/// from what the tasks found and the table of pages (`docs`, in their numbers' order).
pub(crate) fn files(
    analyzer: &Analyzer,
    found: &[impl Borrow<Found>],
    docs: &[Doc<'_>],
) -> Vec<(String, Bytes)> {
    // Each task gathered its pages under its terms, so merging costs a lookup per term
    // and task rather than one per term and page.
    let mut postings: HashMap<&Arc<str>, Vec<(u32, u8)>> = HashMap::default();
    for found in found {
        for (term, pages) in &found.borrow().terms {
            postings.entry(term).or_default().extend_from_slice(pages);
        }
    }
    let words = words(analyzer, found.iter().map(|f| &f.borrow().words));
    let mut postings: Vec<_> = postings.into_iter().collect();
    let mut terms: Vec<(String, String)> = postings
        .par_iter_mut()
        .map(|(term, pages)| {
            // Tasks arrive in the order pages were rendered.
            pages.sort_unstable_by_key(|&(doc, _)| doc);
            (term.to_string(), encode(pages))
        })
        .collect();
    terms.sort_unstable();
    Written::new(&words, &terms, docs, None, analyzer.fold).files()
}

/// Every term's pages, sorted by term, from runs of consecutive pages counted alone, in
/// their pages' order: each term's pages are already written run by run, so merging them
/// joins each run's writing to the last with the gap between the two.
pub(super) fn stitch_all(runs: &[Arc<Run>]) -> Vec<(Arc<str>, Bytes)> {
    let mut lists: HashMap<&Arc<str>, (Vec<u8>, Option<u32>)> = HashMap::default();
    for run in runs {
        for (term, span) in &run.terms {
            let (out, last) = lists.entry(term).or_insert_with(|| (vec![b'['], None));
            span.join(out, last);
        }
    }
    let mut terms: Vec<(Arc<str>, Bytes)> = lists
        .into_iter()
        .map(|(term, (mut out, _))| {
            out.push(b']');
            (term.clone(), Bytes::from(out))
        })
        .collect();
    terms.sort_unstable();
    terms
}

/// One term's pages as [`stitch_all`] writes them, or `None` if no run holds it.
pub(super) fn stitch(term: &str, runs: &[Arc<Run>]) -> Option<Bytes> {
    let mut out = vec![b'['];
    let mut last = None;
    for run in runs {
        if let Ok(at) = run.terms.binary_search_by(|(t, _)| (**t).cmp(term)) {
            run.terms[at].1.join(&mut out, &mut last);
        }
    }
    out.push(b']');
    last.map(|_| Bytes::from(out))
}

/// A term's pages within a run of consecutive pages, written: the first page's number and
/// weight, the last page's number, and the others as [`encode`] writes them, each after
/// a comma.
#[derive(PartialEq, Eq)]
pub(super) struct Span {
    first: u32,
    weight: u8,
    last: u32,
    rest: Box<[u8]>,
}

impl Span {
    /// From a term's pages in a run, in their numbers' order.
    pub(super) fn new(pages: &[(u32, u8)]) -> Span {
        let mut rest = Vec::new();
        for pair in pages.windows(2) {
            rest.push(b',');
            push_number(
                &mut rest,
                u64::from(pair[1].0 - pair[0].0) * 16 + u64::from(pair[1].1),
            );
        }
        let (first, weight) = pages.first().copied().unwrap_or_default();
        Span {
            first,
            weight,
            last: pages.last().map_or(first, |&(doc, _)| doc),
            rest: rest.into(),
        }
    }

    /// Appends these pages to a term's list whose last page so far is `last`.
    fn join(&self, out: &mut Vec<u8>, last: &mut Option<u32>) {
        let gap = match *last {
            Some(last) => {
                out.push(b',');
                self.first - last
            }
            None => self.first,
        };
        push_number(out, u64::from(gap) * 16 + u64::from(self.weight));
        out.extend_from_slice(&self.rest);
        *last = Some(self.last);
    }
}

/// The words whose term differs from them, sorted, each with its term as JSON, from each
/// task's words and the words of the synonym groups. A word may be reported by several
/// tasks (each task that counted alone reports all of its words); every task stems a word
/// alike.
pub(super) fn words<'a>(
    analyzer: &Analyzer,
    found: impl Iterator<Item = &'a Vec<(Box<str>, Arc<str>)>>,
) -> Vec<(String, String)> {
    let mut word_terms: HashMap<&str, &str> = HashMap::default();
    for words in found {
        for (word, term) in words {
            word_terms.entry(word).or_insert(term);
        }
    }
    let group_terms: Vec<(std::borrow::Cow<'_, str>, String)> = (analyzer.group_words.iter())
        .map(|word| (analyzer.word_key(word), analyzer.stem(word)))
        .filter(|(word, _)| !word_terms.contains_key(&**word))
        .collect();
    for (word, term) in &group_terms {
        word_terms.entry(&**word).or_insert(term);
    }
    let mut words: Vec<(String, String)> = word_terms
        .into_iter()
        .filter(|(word, term)| word != term)
        .map(|(word, term)| (word.into(), json_string(term)))
        .collect();
    words.sort_unstable();
    words
}

/// A term's pages as a JSON array of gap*16 + weight.
fn encode(pages: &[(u32, u8)]) -> String {
    let mut out = Vec::with_capacity(2 + 4 * pages.len());
    out.push(b'[');
    let mut last = 0;
    for (n, &(doc, weight)) in pages.iter().enumerate() {
        if n > 0 {
            out.push(b',');
        }
        push_number(&mut out, u64::from(doc - last) * 16 + u64::from(weight));
        last = doc;
    }
    out.push(b']');
    String::from_utf8(out).unwrap_or_default()
}

/// Writes `n` in decimal: most numbers of a term list have two or three digits, which are
/// written directly rather than copied out of a formatter's buffer.
#[inline]
fn push_number(out: &mut Vec<u8>, n: u64) {
    match n {
        0..=9 => out.push(b'0' + n as u8),
        10..=99 => out.extend_from_slice(&[b'0' + (n / 10) as u8, b'0' + (n % 10) as u8]),
        100..=999 => out.extend_from_slice(&[
            b'0' + (n / 100) as u8,
            b'0' + (n / 10 % 10) as u8,
            b'0' + (n % 10) as u8,
        ]),
        _ => out.extend_from_slice(itoa::Buffer::new().format(n).as_bytes()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::search::tasks::Tasks;

    fn doc(title: &str, text: &str) -> Doc<'static> {
        Doc {
            title: title.to_owned().into(),
            url: format!("{}/", title.to_lowercase()).into(),
            kind: "Chapter",
            crumbs: "".into(),
            words: "".into(),
            headings: "".into(),
            body: text.to_owned().into(),
            lang: None,
        }
    }

    fn file<'a>(files: &'a [(String, Bytes)], path: &str) -> &'a str {
        let (_, bytes) = files.iter().find(|(p, _)| p == path).unwrap();
        std::str::from_utf8(bytes).unwrap()
    }

    #[test]
    fn terms_list_their_pages_with_gaps_and_weights() {
        let groups = vec![vec!["counseling".to_string(), "counselling".to_string()]];
        let analyzer = Analyzer::with_groups("en", &groups);
        let docs = [
            doc("Advocacy", "We advocate."),
            doc("Other", "Nothing here."),
            doc("Help", "Counselling, advocating and advocating."),
        ];
        let numbered: Vec<(u32, Doc<'_>)> = (0..).zip(docs.iter().cloned()).collect();
        let mut tasks = Tasks::new(&analyzer);
        // Out of order, as a build's batches of pages may come.
        tasks.count(&numbered[2..]);
        tasks.count(&numbered[..2]);
        let files = files(&analyzer, &tasks.found, &docs);
        let terms: serde_json::Value = serde_json::from_str(file(&files, "p/0.json")).unwrap();
        // "advocate" and "advocating" share a term; page 0 has it in its text once, page
        // 2 twice: gaps 0 and 2, weights 2 and 4.
        assert_eq!(terms["advoc"], serde_json::json!([2, 36]));
        // The title makes page 0 the strongest for "advocacy".
        assert_eq!(terms["advocaci"], serde_json::json!([8]));
        // Page 2 says "counselling", so it is found by the US spelling's term too.
        assert_eq!(terms["counsel"], serde_json::json!([34]));
        let words: serde_json::Value = serde_json::from_str(file(&files, "w/0.json")).unwrap();
        assert_eq!(words["counseling"], "counsel");
        assert_eq!(words["advocating"], "advoc");
        assert!(
            words.get("help").is_none(),
            "a word that is its own term is left out"
        );
        let meta: serde_json::Value = serde_json::from_str(file(&files, "meta.json")).unwrap();
        assert_eq!(meta["n"], 3);
        assert_eq!(meta["p"][0], "advoc");
        assert!(file(&files, "d/0.json").ends_with(r#"["Help","help/","Chapter",""]]"#));
    }

    #[test]
    fn numbers_are_written_in_decimal() {
        for n in (0..2000).chain([9_999, 123_456_789]) {
            let mut out = Vec::new();
            push_number(&mut out, n);
            assert_eq!(out, n.to_string().as_bytes());
        }
    }
}
