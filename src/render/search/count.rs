//! Counting a page's terms. Each word is cut and looked up once as it is met: a word of at
//! most 8 bytes (most of them) by its lowercase bytes packed into a number (`packed`), so
//! it costs an integer hash; a word is stemmed only the first time a thread meets it.
//! Terms are numbers within the thread, and a page's counts live in arrays kept from page
//! to page.

use std::sync::Arc;

use rustc_hash::FxHashMap as HashMap;

use super::Doc;
use super::packed::{ShortTable, pack, pack_ascii};
use super::words::{Analyzer, each_word};
use crate::html::word_masks;

/// How much a word counts in a title, a heading and the text: a page whose title holds a
/// term is about it, so it comes before pages that mention it.
const TITLE: u32 = 12;
const HEADING: u32 = 3;
const TEXT: u32 = 1;

/// Set in a word's term number when the term has synonyms.
const SYNONYMS: u32 = 1 << 31;

/// The longest phrase among the synonyms that is matched, in words.
const MAX_PHRASE: usize = 8;

/// What a task knows of the words it has met: each word's term, numbered, with what the
/// term takes part in.
pub(super) struct Stems<'a> {
    analyzer: &'a Analyzer,
    /// Words of at most 8 bytes, packed into a number (a word holds no NUL byte).
    short: ShortTable,
    long: HashMap<Box<str>, u32>,
    /// By term number.
    pub(super) terms: Vec<Term>,
    term_ids: HashMap<Arc<str>, u32>,
    /// The synonyms' phrases, as term numbers, with their groups.
    phrases: Vec<(Vec<u32>, usize)>,
    /// Each word met whose term differs from it, with its term's number.
    pub(super) words: Vec<(Box<str>, u32)>,
}

pub(super) struct Term {
    pub(super) text: Arc<str>,
    /// The synonym groups it is a one-word alternative of.
    groups: Box<[usize]>,
    /// Whether some phrase ends with it.
    ends_phrase: bool,
}

impl<'a> Stems<'a> {
    pub(super) fn new(analyzer: &'a Analyzer) -> Stems<'a> {
        let mut stems = Stems {
            analyzer,
            short: ShortTable::default(),
            long: HashMap::default(),
            terms: Vec::new(),
            term_ids: HashMap::default(),
            phrases: Vec::new(),
            words: Vec::new(),
        };
        for (terms, group) in &analyzer.phrases {
            let ids: Vec<u32> = terms.iter().map(|t| stems.term_id(t)).collect();
            if let Some(&last) = ids.last().filter(|_| ids.len() <= MAX_PHRASE) {
                stems.terms[last as usize].ends_phrase = true;
                stems.phrases.push((ids, *group));
            }
        }
        stems
    }

    /// The number of the term of a word of at most 8 bytes, packed.
    #[inline(always)]
    fn short_id(&mut self, key: u64) -> u32 {
        match self.short.get(key) {
            Some(id) => id,
            None => self.new_short(key),
        }
    }

    #[cold]
    fn new_short(&mut self, key: u64) -> u32 {
        let bytes = key.to_le_bytes();
        let len = bytes.iter().position(|&b| b == 0).unwrap_or(8);
        let word = std::str::from_utf8(&bytes[..len]).unwrap_or_default();
        let id = self.stem(word);
        self.short.insert(key, id);
        id
    }

    /// The number of the term of a lowercase word.
    fn long_id(&mut self, word: &str) -> u32 {
        if let Some(&id) = self.long.get(word) {
            return id;
        }
        let id = self.stem(word);
        self.long.insert(word.into(), id);
        id
    }

    /// The number of a word's term, with [`SYNONYMS`] set when the term takes part in a
    /// synonym group or ends a phrase (the word tables keep it, so counting a word needs
    /// no look at its term).
    fn stem(&mut self, word: &str) -> u32 {
        let term = self.analyzer.stem(word);
        let id = self.term_id(&term.as_str().into());
        let key = self.analyzer.word_key(word);
        if term != key {
            self.words.push((key.into(), id));
        }
        let t = &self.terms[id as usize];
        match t.groups.is_empty() && !t.ends_phrase {
            true => id,
            false => id | SYNONYMS,
        }
    }

    /// The number of a term.
    pub(super) fn term_id(&mut self, term: &Arc<str>) -> u32 {
        if let Some(&id) = self.term_ids.get(term) {
            return id;
        }
        let id = self.terms.len() as u32;
        self.terms.push(Term {
            text: term.clone(),
            groups: self.analyzer.groups_of_term(term).into(),
            ends_phrase: false,
        });
        self.term_ids.insert(term.clone(), id);
        id
    }
}

/// One page's weighted counts, by term number and by group, kept from page to page of a
/// task so counting allocates nothing once the task has met its terms.
#[derive(Default)]
pub(super) struct Counts {
    terms: Vec<u32>,
    /// The terms counted on this page, each once, in the order first met.
    pub(super) touched: Vec<u32>,
    groups: Vec<u32>,
    touched_groups: Vec<usize>,
    /// The last words' terms, for the phrases.
    recent: [u32; MAX_PHRASE],
    seen: usize,
    /// A word being lowercased.
    word: String,
}

impl Counts {
    fn clear(&mut self) {
        for &id in &self.touched {
            self.terms[id as usize] = 0;
        }
        self.touched.clear();
        for &g in &self.touched_groups {
            self.groups[g] = 0;
        }
        self.touched_groups.clear();
    }

    /// The count of term `id` on this page.
    pub(super) fn get(&self, id: u32) -> u32 {
        self.terms[id as usize]
    }

    #[inline(always)]
    fn term(&mut self, id: u32) -> &mut u32 {
        let i = id as usize;
        if i >= self.terms.len() {
            self.grow(i);
        }
        let count = &mut self.terms[i];
        if *count == 0 {
            self.touched.push(id);
        }
        count
    }

    #[cold]
    fn grow(&mut self, i: usize) {
        self.terms.resize((i + 1).max(2 * self.terms.len()), 0);
    }

    fn group(&mut self, g: usize, weight: u32) {
        if self.groups.len() <= g {
            self.groups.resize(g + 1, 0);
        }
        if self.groups[g] == 0 {
            self.touched_groups.push(g);
        }
        self.groups[g] += weight;
    }

    /// Counts a word's term, with the groups it and the phrase it ends take part in.
    #[inline(always)]
    fn word(&mut self, stems: &Stems<'_>, flagged: u32, weight: u32) {
        let id = flagged & !SYNONYMS;
        *self.term(id) += weight;
        self.recent[self.seen % MAX_PHRASE] = id;
        self.seen += 1;
        if flagged & SYNONYMS != 0 {
            self.synonyms(stems, id, weight);
        }
    }

    #[cold]
    fn synonyms(&mut self, stems: &Stems<'_>, id: u32, weight: u32) {
        let term = &stems.terms[id as usize];
        for &g in &term.groups {
            self.group(g, weight);
        }
        if !term.ends_phrase {
            return;
        }
        for (ids, group) in &stems.phrases {
            let n = ids.len();
            let matched = n <= self.seen
                && ids
                    .iter()
                    .enumerate()
                    .all(|(k, &t)| self.recent[(self.seen - n + k) % MAX_PHRASE] == t);
            if matched {
                self.group(*group, weight);
            }
        }
    }

    /// Counts the words of `text`: 64 bytes at a step, where a word's start and end are
    /// each a count of zero bits, then the last bytes one at a time.
    fn text(&mut self, stems: &mut Stems<'_>, text: &str, weight: u32) {
        // A phrase is found within one text only.
        self.seen = 0;
        let bytes = text.as_bytes();
        let mut base = 0;
        'windows: while let Some(window) = bytes.get(base..base + 64) {
            let (mut word, mut other) = (0u64, 0u64);
            for (n, block) in window.chunks_exact(16).enumerate() {
                let (w, o) = word_masks(block.try_into().unwrap_or(&[0; 16]));
                word |= u64::from(w) << (16 * n);
                other |= u64::from(o) << (16 * n);
            }
            let mut starts = word | other;
            while starts != 0 {
                let start = starts.trailing_zeros();
                let after = !word & (u64::MAX << start);
                let plain = after != 0 && other & (1 << start) == 0;
                let end = after.trailing_zeros();
                if plain && other & (1 << end) == 0 {
                    let (from, len) = (base + start as usize, (end - start) as usize);
                    self.ascii_word(stems, text, from, len, weight);
                    starts &= u64::MAX << end;
                    continue;
                }
                // A word that may run past the window starts the next one.
                if after == 0 && start > 0 {
                    base += start as usize;
                    continue 'windows;
                }
                // One that is more than ASCII letters and digits (or longer than a window)
                // is read a byte at a time.
                let next = self.slow_word(stems, text, base + start as usize, weight);
                match next - base {
                    within @ 0..64 => starts &= u64::MAX << within,
                    _ => {
                        base = next;
                        continue 'windows;
                    }
                }
            }
            base += 64;
        }
        let mut i = base;
        while i < bytes.len() {
            match CLASS[usize::from(bytes[i])] {
                WORD => {}
                OTHER => {
                    i = self.other_word(stems, text, i, weight);
                    continue;
                }
                _ => {
                    i += 1;
                    continue;
                }
            }
            i = self.slow_word(stems, text, i, weight);
        }
    }

    /// Counts the word at byte `from` (a letter, a digit or what `each_word` cuts), a
    /// byte at a time; gives where the text goes on.
    fn slow_word(&mut self, stems: &mut Stems<'_>, text: &str, from: usize, weight: u32) -> usize {
        let bytes = text.as_bytes();
        if CLASS[usize::from(bytes[from])] != WORD {
            return self.other_word(stems, text, from, weight);
        }
        let mut i = from;
        while i < bytes.len() && CLASS[usize::from(bytes[i])] == WORD {
            i += 1;
        }
        // A word that goes on past an apostrophe or into other letters.
        if i < bytes.len() && CLASS[usize::from(bytes[i])] == OTHER {
            return self.other_word(stems, text, from, weight);
        }
        self.ascii_word(stems, text, from, i - from, weight);
        i
    }

    /// Counts the `len` ASCII letters and digits at byte `from` as a word.
    #[inline(always)]
    fn ascii_word(
        &mut self,
        stems: &mut Stems<'_>,
        text: &str,
        from: usize,
        len: usize,
        weight: u32,
    ) {
        let id = match len {
            1..=8 => stems.short_id(pack_ascii(text.as_bytes(), from, len)),
            _ => {
                self.word.clear();
                self.word.push_str(&text[from..from + len]);
                self.word.make_ascii_lowercase();
                stems.long_id(&self.word)
            }
        };
        self.word(stems, id, weight);
    }

    /// Counts the word at byte `from` of `text`, which holds more than ASCII letters and
    /// digits, or skips what is no word there; gives where the text goes on.
    #[cold]
    fn other_word(&mut self, stems: &mut Stems<'_>, text: &str, from: usize, weight: u32) -> usize {
        let end = word_end(text, from);
        each_word(&text[from..end], |w| {
            let id = match pack(w) {
                Some(key) => stems.short_id(key),
                None => stems.long_id(w),
            };
            self.word(stems, id, weight);
        });
        end
    }
}

/// Where the run of letters, digits and apostrophes at byte `from` ends.
fn word_end(text: &str, from: usize) -> usize {
    let rest = &text[from..];
    let len = rest
        .char_indices()
        .find(|&(_, c)| !(c.is_alphanumeric() || c == '\'' || c == '’'))
        .map_or(rest.len(), |(at, _)| at);
    // Always past the first character, so a separator is skipped whole.
    let first = rest.chars().next().map_or(1, char::len_utf8);
    from + len.max(first)
}

/// ASCII letters and digits, packed as they are read.
const WORD: u8 = 1;
/// A byte of a character beyond ASCII, or the apostrophe that joins a word's parts
/// ("client's"): the word is cut by `each_word`.
const OTHER: u8 = 2;
const CLASS: [u8; 256] = {
    let mut class = [0; 256];
    let mut b = 0;
    while b < 256 {
        if (b as u8).is_ascii_alphanumeric() {
            class[b] = WORD;
        } else if b >= 0x80 || b == b'\'' as usize {
            class[b] = OTHER;
        }
        b += 1;
    }
    class
};

/// Counts the weighted terms of one page into `counts` (its `touched` terms).
pub(super) fn page(stems: &mut Stems<'_>, counts: &mut Counts, doc: &Doc<'_>) {
    counts.clear();
    counts.text(stems, &doc.title, TITLE);
    counts.text(stems, &doc.words, TEXT);
    counts.text(stems, &doc.headings, HEADING);
    counts.text(stems, &doc.body, TEXT);
    // A page that says one alternative of a group counts as saying each of the others.
    let analyzer = stems.analyzer;
    for n in 0..counts.touched_groups.len() {
        let g = counts.touched_groups[n];
        let weight = counts.groups[g];
        for term in analyzer.group_terms(g) {
            let count = counts.term(stems.term_id(term));
            *count = (*count).max(weight);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn counted(analyzer: &Analyzer, text: &str) -> Vec<(String, u32)> {
        let mut stems = Stems::new(analyzer);
        let mut counts = Counts::default();
        let doc = Doc {
            title: "".into(),
            url: "".into(),
            kind: "Chapter",
            crumbs: "".into(),
            words: "".into(),
            headings: "".into(),
            body: text.into(),
            lang: None,
        };
        page(&mut stems, &mut counts, &doc);
        let mut out: Vec<_> = (counts.touched.iter())
            .map(|&id| (stems.terms[id as usize].text.to_string(), counts.get(id)))
            .collect();
        out.sort_by(|a, b| a.0.cmp(&b.0));
        out
    }

    #[test]
    fn words_are_cut_as_each_word_cuts_them() {
        let analyzer = Analyzer::with_groups("xx", &[]);
        let text = "The client's LCSW-led plan, Ünïcode café’s \u{E000}x Counselling-Counselling";
        let mut expected: Vec<(String, u32)> = Vec::new();
        // A language other than English folds accents.
        each_word(text, |w| {
            let w = super::super::words::fold(w).into_owned();
            match expected.iter_mut().find(|(t, _)| *t == w) {
                Some((_, n)) => *n += 1,
                None => expected.push((w, 1)),
            }
        });
        expected.sort_by(|a, b| a.0.cmp(&b.0));
        assert_eq!(counted(&analyzer, text), expected);
    }

    #[test]
    fn words_across_windows_are_cut_as_each_word_cuts_them() {
        let pieces = [
            "word",
            " ",
            "Client's",
            "café’s",
            "—",
            "\n",
            "x",
            "it'",
            "'s",
            "9Lives",
            ", ",
            "abcdefgh",
            "abcdefghi",
            &"Long".repeat(20),
            "“quoted”",
            "Ünï",
            "  ",
            "相談窓口",
            "LCSW資格が",
            "。",
        ];
        let mut seed = 7u32;
        let mut text = String::new();
        for _ in 0..3000 {
            seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12345);
            text.push_str(pieces[(seed >> 16) as usize % pieces.len()]);
        }
        let analyzer = Analyzer::with_groups("xx", &[]);
        let mut expected: Vec<(String, u32)> = Vec::new();
        // Accents folded, but not the pairs of CJK characters.
        each_word(&text, |w| {
            let w = analyzer.stem(w);
            match expected.iter_mut().find(|(t, _)| *t == w) {
                Some((_, n)) => *n += 1,
                None => expected.push((w, 1)),
            }
        });
        expected.sort_by(|a, b| a.0.cmp(&b.0));
        assert_eq!(counted(&analyzer, &text), expected);
    }

    #[test]
    fn a_phrase_counts_for_its_group() {
        let groups = vec![vec![
            "LCSW".to_string(),
            "licensed clinical social worker".to_string(),
        ]];
        let analyzer = Analyzer::with_groups("en", &groups);
        let got = counted(&analyzer, "A Licensed Clinical Social Worker, or");
        assert!(got.contains(&("lcsw".to_string(), 1)), "{got:?}");
        let got = counted(&analyzer, "licensed social worker");
        assert!(!got.iter().any(|(t, _)| t == "lcsw"), "{got:?}");
    }
}
