//! Counting pages' terms in tasks, as the pages arrive: a one-shot build hands each batch
//! of rendered pages here and lets their text go, so the index is mostly counted while
//! the pages render, and what is left at the end is the merge.

use std::sync::{Arc, Mutex, PoisonError};

use rayon::prelude::*;

use super::Doc;
use super::count::{self, Counts, Stems};
use super::index::Span;
use super::words::Analyzer;

/// Pages one task counts; a task's terms are merged into the index at once.
pub(super) const DOCS_PER_TASK: usize = 128;

/// A term's pages: each page's number in the index, with its weight.
pub(super) type Pages = Vec<(u32, u8)>;

/// What one task found: each term it met with its pages, and the words it met whose terms
/// differ from them.
pub(super) struct Found {
    pub(super) terms: Vec<(Arc<str>, Pages)>,
    pub(super) words: Vec<(Box<str>, Arc<str>)>,
}

/// The tasks' results so far, and each thread's words and counts, kept from task to task
/// so that a thread stems each word once.
pub(crate) struct Tasks<'a> {
    by_thread: Vec<Mutex<(Stems<'a>, Counts)>>,
    pub(super) found: Vec<Found>,
}

impl<'a> Tasks<'a> {
    pub(crate) fn new(analyzer: &'a Analyzer) -> Tasks<'a> {
        // One for each of the pool's threads, and one for a caller outside it.
        let threads = rayon::current_num_threads() + 1;
        Tasks {
            by_thread: (0..threads)
                .map(|_| Mutex::new((Stems::new(analyzer), Counts::default())))
                .collect(),
            found: Vec::new(),
        }
    }

    /// Counts the terms of `docs`, each with its number in the index.
    pub(super) fn count(&mut self, docs: &[(u32, Doc<'_>)]) {
        let by_thread = &self.by_thread;
        let found: Vec<Found> = docs
            .par_chunks(DOCS_PER_TASK)
            .map(|run| {
                let last = by_thread.len() - 1;
                let thread = rayon::current_thread_index().map_or(last, |t| t.min(last));
                let mut mine = by_thread[thread]
                    .lock()
                    .unwrap_or_else(PoisonError::into_inner);
                let (stems, counts) = &mut *mine;
                task(stems, counts, run)
            })
            .collect();
        self.found.extend(found);
    }
}

/// Counts a run of pages with words and counts of its own, so what it found lists every
/// word of its pages, whatever was counted before: a session keeps it for its next builds.
pub(super) fn count_alone(analyzer: &Analyzer, run: &[(u32, Doc<'_>)]) -> Run {
    let found = task(&mut Stems::new(analyzer), &mut Counts::default(), run);
    let mut terms: Vec<(Arc<str>, Span)> = (found.terms.into_iter())
        .map(|(term, pages)| (term, Span::new(&pages)))
        .collect();
    terms.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    Run {
        terms,
        words: found.words,
    }
}

/// A run of consecutive pages counted alone: each term it met (sorted) with its pages
/// written as the index writes them, and every word it met whose term differs from it.
pub(crate) struct Run {
    pub(super) terms: Vec<(Arc<str>, Span)>,
    pub(super) words: Vec<(Box<str>, Arc<str>)>,
}

/// Counts one task's pages.
fn task(stems: &mut Stems<'_>, counts: &mut Counts, run: &[(u32, Doc<'_>)]) -> Found {
    // By term number: the task's pages that hold it.
    let mut postings: Vec<Pages> = Vec::new();
    for (number, doc) in run {
        count::page(stems, counts, doc);
        for &id in &counts.touched {
            let i = id as usize;
            if postings.len() <= i {
                postings.resize_with(i + 1, Vec::new);
            }
            postings[i].push((*number, quantize(counts.get(id))));
        }
    }
    let terms = (postings.into_iter().enumerate())
        .filter(|(_, pages)| !pages.is_empty())
        .map(|(id, pages)| (stems.terms[id].text.clone(), pages))
        .collect();
    let words = (stems.words.drain(..))
        .map(|(word, id)| (word, stems.terms[id as usize].text.clone()))
        .collect();
    Found { terms, words }
}

/// A weight from 1 to 15 that grows with the logarithm of the weighted count, so a
/// title (12) outweighs a few mentions in the text but not dozens of them.
fn quantize(count: u32) -> u8 {
    // ceil(2 log2(1 + count)) is the number of bits of (1 + count)^2 - 1.
    let square = (1 + u64::from(count)).pow(2);
    (64 - (square - 1).leading_zeros()).clamp(1, 15) as u8
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weights_grow_with_the_logarithm_of_the_count() {
        for count in 0..2000u32 {
            let float = (2.0 * (1.0 + count as f32).log2()).ceil().clamp(1.0, 15.0) as u8;
            assert_eq!(quantize(count), float, "{count}");
        }
    }
}
