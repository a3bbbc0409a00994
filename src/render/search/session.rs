//! The search index in a session: each build counts again only the runs of pages whose
//! text changed, joins again only the terms whose pages changed, and writes again only
//! the files that hold such a term; every other file is the last build's, byte for byte.

use std::borrow::Borrow;
use std::sync::Arc;

use bytes::Bytes;
use rayon::prelude::*;

use super::files::{Since, Written};
use super::index;
use super::tasks::{self, DOCS_PER_TASK, Run};
use super::{Analyzer, Doc, breadcrumbs, other_docs, page_doc};
use crate::fingerprint::Fingerprint;
use crate::markdown::Rendered;
use crate::model::{HOME, SEARCH_DIR, Site};

/// What a session's last build indexed.
#[derive(Default)]
pub(crate) struct Counted(Option<Last>);

struct Last {
    /// A fingerprint of what the analyzer is made from.
    base: u64,
    /// Each run of pages (the chapters in reading order, then the roles and terms), by a
    /// fingerprint of all it was counted from, with what it found.
    runs: Vec<(u64, Arc<Run>)>,
    words: Arc<Vec<(String, String)>>,
    terms: Vec<(Arc<str>, Bytes)>,
    written: Written,
}

/// The index's files for a session's build, from every page's own rendering (`rendered[i]`
/// is page `i`'s, `text[i]` a fingerprint of its text), the same as a one-shot build's
/// [`super::Index`], and what the next build needs of it.
pub(crate) fn session_files<R: Borrow<Rendered> + Sync>(
    site: &Site,
    rendered: &[R],
    text: &[u64],
    last: &Counted,
) -> (Vec<(String, Bytes)>, Counted) {
    let analyzer = Analyzer::new(site);
    let mut base = Fingerprint::new()
        .with(&site.config.language)
        .with(&site.config.synonyms)
        .with(site.has_glossary);
    for g in &site.glossary {
        base = base.with(&g.term.term).with(&g.term.expansion);
    }
    let base = base.finish();
    let last = last.0.as_ref().filter(|l| l.base == base);
    let order: Vec<usize> = (site.reading_order.iter())
        .copied()
        .filter(|&i| i != HOME)
        .collect();
    // Every page in its number's order, the chapters then the roles and terms.
    let crumbs = breadcrumbs(site);
    let mut docs: Vec<Doc<'_>> = (order.par_iter())
        .map(|&i| page_doc(site, &crumbs, i, Some(&rendered[i].borrow().text)))
        .collect();
    docs.extend(other_docs(site));
    let runs: Vec<(u64, Arc<Run>)> = (docs.par_chunks(DOCS_PER_TASK))
        .enumerate()
        .map(|(n, run)| {
            let first = n * DOCS_PER_TASK;
            let mut key = Fingerprint::new().with(first);
            for (k, doc) in run.iter().enumerate() {
                key = key
                    .with(&doc.title)
                    .with(&doc.url)
                    .with(&doc.crumbs)
                    .with(doc.lang)
                    .with(&doc.words);
                // A chapter's text by its fingerprint, the others' whole.
                key = match order.get(first + k) {
                    Some(&i) => key.with(text[i]),
                    None => key.with(&doc.headings).with(&doc.body),
                };
            }
            let key = key.finish();
            match last.and_then(|l| l.runs.get(n)).filter(|(k, _)| *k == key) {
                Some((_, found)) => (key, found.clone()),
                None => {
                    let numbered: Vec<(u32, Doc<'_>)> =
                        (first as u32..).zip(run.iter().cloned()).collect();
                    (key, Arc::new(tasks::count_alone(&analyzer, &numbered)))
                }
            }
        })
        .collect();
    let found: Vec<Arc<Run>> = runs.iter().map(|(_, run)| run.clone()).collect();
    let next = match last.filter(|l| l.runs.len() == runs.len()) {
        Some(last) => again(&analyzer, last, runs, &found, &docs),
        None => {
            let words = index::words(&analyzer, found.iter().map(|r| &r.words));
            let terms = index::stitch_all(&found);
            let written = Written::new(&words, &terms, &docs, None, analyzer.fold);
            Last {
                base,
                runs,
                words: Arc::new(words),
                terms,
                written,
            }
        }
    };
    let files = (next.written.files().into_iter())
        .map(|(path, bytes)| (format!("{SEARCH_DIR}{path}"), bytes))
        .collect();
    (files, Counted(Some(Last { base, ..next })))
}

/// The index after `last`, with the same number of runs: the terms whose pages differ in
/// a run that changed are joined again, the others taken from `last`.
fn again(
    analyzer: &Analyzer,
    last: &Last,
    runs: Vec<(u64, Arc<Run>)>,
    found: &[Arc<Run>],
    docs: &[Doc<'_>],
) -> Last {
    let mut changed: Vec<Arc<str>> = Vec::new();
    let mut words_changed = false;
    for ((key, new), (old_key, old)) in runs.iter().zip(&last.runs) {
        if key != old_key {
            changed_terms(old, new, &mut changed);
            words_changed |= old.words != new.words;
        }
    }
    changed.sort_unstable();
    changed.dedup();
    let words = match words_changed {
        true => Arc::new(index::words(analyzer, found.iter().map(|r| &r.words))),
        false => last.words.clone(),
    };
    let mut terms = last.terms.clone();
    for term in &changed {
        let at = terms.binary_search_by(|(t, _)| t.cmp(term));
        match (at, index::stitch(term, found)) {
            (Ok(at), Some(list)) => terms[at].1 = list,
            (Ok(at), None) => {
                terms.remove(at);
            }
            (Err(at), Some(list)) => terms.insert(at, (term.clone(), list)),
            (Err(_), None) => {}
        }
    }
    let since = Since {
        last: &last.written,
        terms: &changed,
        words: words_changed,
    };
    let written = Written::new(&words, &terms, docs, Some(since), analyzer.fold);
    Last {
        base: last.base,
        runs,
        words,
        terms,
        written,
    }
}

/// Adds the terms whose pages differ between two countings of a run (each sorted by
/// term) to `out`.
fn changed_terms(old: &Run, new: &Run, out: &mut Vec<Arc<str>>) {
    let (mut a, mut b) = (old.terms.iter().peekable(), new.terms.iter().peekable());
    loop {
        match (a.peek(), b.peek()) {
            (None, None) => break,
            (Some((t, _)), None) => {
                out.push(t.clone());
                a.next();
            }
            (None, Some((t, _))) => {
                out.push(t.clone());
                b.next();
            }
            (Some((ta, sa)), Some((tb, sb))) => match ta.cmp(tb) {
                std::cmp::Ordering::Less => {
                    out.push(ta.clone());
                    a.next();
                }
                std::cmp::Ordering::Greater => {
                    out.push(tb.clone());
                    b.next();
                }
                std::cmp::Ordering::Equal => {
                    if sa != sb {
                        out.push(ta.clone());
                    }
                    a.next();
                    b.next();
                }
            },
        }
    }
}
