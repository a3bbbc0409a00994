//! The index files: which pages hold each term, split into chunks a reader's browser
//! fetches only when a query needs them, so a query on a guide of any size downloads a
//! few chunks rather than the whole index.
//!
//! - `meta.json`: the number of pages, and the first key of every chunk of each table;
//! - `w/N.json`: words whose term differs from the word itself, with that term (the script
//!   has no stemmer: it looks up what the reader typed here, or else takes it as a term);
//! - `p/N.json`: each term with the pages that hold it and how strongly, one number per
//!   page: the gap from the previous page's number times 16, plus a weight from 1 to 15;
//! - `d/N.json`: pages N * 32 to N * 32 + 31 as `[title, link, kind, breadcrumb]`, for
//!   the results shown. The script quotes a result from the page itself, which it fetches
//!   (a reader who opens the result has it cached): writing each page's text a second time
//!   cost the build a file per page.
//!
//! Chunks are consecutive runs of the sorted keys, cut once they pass a size, so a chunk
//! stays small whatever the terms look like.

use std::borrow::Borrow;
use std::fmt::Write as _;
use std::sync::Arc;

use bytes::Bytes;
use rayon::prelude::*;
use rustc_hash::FxHashMap as HashMap;
use serde::Serialize;

use super::Doc;
use super::tasks::{Found, Run};
use super::words::Analyzer;
use crate::fingerprint::Fingerprint;

/// A chunk is cut once it holds this many bytes (one term's pages may make it larger).
const CHUNK_BYTES: usize = 24 * 1024;

/// Pages per file of the table of pages (`d/N.json`).
pub(crate) const DOCS_PER_CHUNK: usize = 32;

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
    write(words, terms, docs)
}

/// The index's files as [`files`] gives them, from runs of consecutive pages counted
/// alone, in their pages' order: each term's pages are already written run by run, so
/// merging them joins each run's writing to the last with the gap between the two.
pub(crate) fn files_of_runs(
    analyzer: &Analyzer,
    runs: &[impl Borrow<Run>],
    docs: &[Doc<'_>],
) -> Vec<(String, Bytes)> {
    let mut lists: HashMap<&Arc<str>, (Vec<u8>, Option<u32>)> = HashMap::default();
    for run in runs {
        for (term, span) in &run.borrow().terms {
            let (out, last) = lists.entry(term).or_insert_with(|| (vec![b'['], None));
            let gap = match *last {
                Some(last) => {
                    out.push(b',');
                    span.first - last
                }
                None => span.first,
            };
            push_number(out, u64::from(gap) * 16 + u64::from(span.weight));
            out.extend_from_slice(&span.rest);
            *last = Some(span.last);
        }
    }
    let mut terms: Vec<(String, String)> = lists
        .into_iter()
        .map(|(term, (mut out, _))| {
            out.push(b']');
            (term.to_string(), String::from_utf8(out).unwrap_or_default())
        })
        .collect();
    terms.sort_unstable();
    let words = words(analyzer, runs.iter().map(|r| &r.borrow().words));
    write(words, terms, docs)
}

/// A term's pages within a run of consecutive pages, written: the first page's number and
/// weight, the last page's number, and the others as [`encode`] writes them, each after
/// a comma.
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
}

/// The words whose term differs from them, sorted, each with its term as JSON, from each
/// task's words and the words of the synonym groups. A word may be reported by several
/// tasks (each task that counted alone reports all of its words); every task stems a word
/// alike.
fn words<'a>(
    analyzer: &Analyzer,
    found: impl Iterator<Item = &'a Vec<(Box<str>, Arc<str>)>>,
) -> Vec<(String, String)> {
    let mut word_terms: HashMap<&str, &str> = HashMap::default();
    for words in found {
        for (word, term) in words {
            word_terms.entry(word).or_insert(term);
        }
    }
    let group_terms: Vec<(&str, String)> = (analyzer.group_words.iter())
        .filter(|word| !word_terms.contains_key(word.as_str()))
        .map(|word| (word.as_str(), analyzer.stem(word)))
        .collect();
    for (word, term) in &group_terms {
        word_terms.entry(word).or_insert(term);
    }
    let mut words: Vec<(String, String)> = word_terms
        .into_iter()
        .filter(|(word, term)| word != term)
        .map(|(word, term)| (word.into(), json_string(term)))
        .collect();
    words.sort_unstable();
    words
}

/// The files, from the sorted words and terms (each with its value as JSON) and the table
/// of pages.
fn write(
    words: Vec<(String, String)>,
    terms: Vec<(String, String)>,
    docs: &[Doc<'_>],
) -> Vec<(String, Bytes)> {
    let mut out = Vec::new();
    let word_firsts = chunks("w", &words, &mut out);
    let term_firsts = chunks("p", &terms, &mut out);
    for (n, run) in docs.chunks(DOCS_PER_CHUNK).enumerate() {
        let rows: Vec<_> = run
            .iter()
            .map(|d| (&d.title, &d.url, d.kind, &d.crumbs))
            .collect();
        out.push((format!("d/{n}.json"), to_json(&rows)));
    }
    let mut version = Fingerprint::new();
    for (path, bytes) in &out {
        version = version.with(path).with(&bytes[..]);
    }
    let meta = Meta {
        v: format!("{:x}", version.finish()),
        n: docs.len(),
        d: DOCS_PER_CHUNK,
        w: word_firsts,
        p: term_firsts,
    };
    out.push(("meta.json".into(), to_json(&meta)));
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
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

/// Writes `entries` (sorted keys, each with its value as JSON) as chunks `{dir}/N.json`
/// of one JSON object each; gives the first key of each chunk.
fn chunks(dir: &str, entries: &[(String, String)], out: &mut Vec<(String, Bytes)>) -> Vec<String> {
    let mut firsts = Vec::new();
    let mut chunk = String::new();
    let flush = |chunk: &mut String, out: &mut Vec<(String, Bytes)>, n: usize| {
        chunk.push('}');
        out.push((
            format!("{dir}/{n}.json"),
            Bytes::from(std::mem::take(chunk)),
        ));
    };
    for (key, value) in entries {
        if chunk.is_empty() {
            firsts.push(key.clone());
            chunk.push('{');
        } else {
            chunk.push(',');
        }
        let _ = write!(chunk, "{}:{value}", json_string(key));
        if chunk.len() >= CHUNK_BYTES {
            flush(&mut chunk, out, firsts.len() - 1);
        }
    }
    if !chunk.is_empty() {
        flush(&mut chunk, out, firsts.len() - 1);
    }
    firsts
}

#[derive(Serialize)]
struct Meta {
    /// Changes whenever any file of the index does, so a browser never mixes two builds'.
    v: String,
    n: usize,
    /// Pages per file of the table of pages.
    d: usize,
    w: Vec<String>,
    p: Vec<String>,
}

fn to_json(value: &impl Serialize) -> Bytes {
    // Serialising strings, numbers and vectors cannot fail.
    Bytes::from(serde_json::to_vec(value).unwrap_or_default())
}

fn json_string(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_default()
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

    #[test]
    fn chunks_are_cut_by_size_in_key_order() {
        let entries: Vec<(String, String)> = (0..2000)
            .map(|n| (format!("k{n:05}"), format!("[{}]", "1,".repeat(20) + "1")))
            .collect();
        let mut out = Vec::new();
        let firsts = chunks("p", &entries, &mut out);
        assert!(out.len() > 1);
        assert_eq!(firsts.len(), out.len());
        assert_eq!(firsts[0], "k00000");
        for (n, (path, bytes)) in out.iter().enumerate() {
            assert_eq!(path, &format!("p/{n}.json"));
            assert!(bytes.len() < CHUNK_BYTES + 100);
            let v: serde_json::Value = serde_json::from_slice(bytes).unwrap();
            assert!(v.get(&firsts[n]).is_some());
        }
    }
}
