//! How text becomes the terms the index holds: words are cut at anything but a letter or a
//! digit (apostrophes dropped, so "client's" is one word), lowercased and stemmed with the
//! Snowball stemmer of the guide's `language:` (rust-stemmers). A run of Han, kana or
//! Hangul, written without spaces, is cut into overlapping pairs of characters instead,
//! neither stemmed nor folded (`cjk`). Synonym groups (US and UK spellings, each glossary
//! abbreviation with its expansion, the author's `synonyms:`) are applied here, when the
//! page is indexed: a page that says one alternative of a group is also indexed under the
//! others' terms, so the reader's script needs no stemmer and no synonym list of its own.

use std::sync::Arc;

use rust_stemmers::{Algorithm, Stemmer};
use rustc_hash::FxHashMap as HashMap;

use super::cjk;
use super::variants::US_UK;
use crate::model::Site;

/// What a character is to [`each_word`]: ASCII by a table, anything else by Unicode.
const SEPARATOR: u8 = 0;
const LOWER: u8 = 1;
/// A letter or digit that needs lowercasing.
const OTHER: u8 = 2;
/// Joins a word's parts and is dropped ("client's", "o'clock").
const APOSTROPHE: u8 = 3;
const CLASS: [u8; 128] = {
    let mut class = [SEPARATOR; 128];
    let mut b = 0;
    while b < 128 {
        class[b] = match b as u8 {
            b'a'..=b'z' | b'0'..=b'9' => LOWER,
            b'A'..=b'Z' => OTHER,
            b'\'' => APOSTROPHE,
            _ => SEPARATOR,
        };
        b += 1;
    }
    class
};

/// The class of the character at byte `i` of `text`, and its length in bytes.
#[inline(always)]
fn class_at(text: &str, i: usize) -> (u8, usize) {
    match text.as_bytes()[i] {
        b if b < 0x80 => (CLASS[usize::from(b)], 1),
        _ => non_ascii_class_at(text, i),
    }
}

#[cold]
fn non_ascii_class_at(text: &str, i: usize) -> (u8, usize) {
    let c = text[i..].chars().next().unwrap_or(' ');
    let class = match c {
        '’' => APOSTROPHE,
        c if c.is_alphanumeric() => OTHER,
        _ => SEPARATOR,
    };
    (class, c.len_utf8())
}

/// Cuts `text` into lowercase words (a run of CJK characters into pairs, `cjk`), calling `f`
/// on each: a run at a time, a word that is already lowercase ASCII passed in place.
pub(crate) fn each_word(text: &str, mut f: impl FnMut(&str)) {
    let mut word = String::new();
    let mut i = 0;
    while i < text.len() {
        // An apostrophe joins a word's parts but starts none.
        let (mut class, mut len) = class_at(text, i);
        while matches!(class, SEPARATOR | APOSTROPHE) {
            i += len;
            if i == text.len() {
                return;
            }
            (class, len) = class_at(text, i);
        }
        let from = i;
        let mut simple = true;
        while class != SEPARATOR {
            simple &= class == LOWER;
            i += len;
            if i == text.len() {
                break;
            }
            (class, len) = class_at(text, i);
        }
        let raw = &text[from..i];
        if simple {
            f(raw);
            continue;
        }
        word.clear();
        for c in raw.chars() {
            match c {
                '\'' | '’' => {}
                c if c.is_ascii() => word.push(c.to_ascii_lowercase()),
                // Written without spaces: the run is cut into pairs of characters instead.
                c if cjk::is_cjk(c) => {
                    word.clear();
                    cjk::each_word(raw, &mut f);
                    break;
                }
                c => word.extend(c.to_lowercase()),
            }
        }
        if !word.is_empty() {
            f(&word);
        }
    }
}

/// The words of `text`, as [`each_word`] cuts them.
pub(crate) fn words(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    each_word(text, |w| out.push(w.to_owned()));
    out
}

/// The Snowball algorithm for a language code such as `en` or `pt-BR`; none (words are
/// indexed as they are) for a language Snowball does not cover.
fn algorithm(language: &str) -> Option<Algorithm> {
    let code = language.split(['-', '_']).next()?.to_ascii_lowercase();
    Some(match code.as_str() {
        "ar" => Algorithm::Arabic,
        "da" => Algorithm::Danish,
        "nl" => Algorithm::Dutch,
        "en" => Algorithm::English,
        "fi" => Algorithm::Finnish,
        "fr" => Algorithm::French,
        "de" => Algorithm::German,
        "el" => Algorithm::Greek,
        "hu" => Algorithm::Hungarian,
        "it" => Algorithm::Italian,
        "no" | "nb" | "nn" => Algorithm::Norwegian,
        "pt" => Algorithm::Portuguese,
        "ro" => Algorithm::Romanian,
        "ru" => Algorithm::Russian,
        "es" => Algorithm::Spanish,
        "sv" => Algorithm::Swedish,
        "ta" => Algorithm::Tamil,
        "tr" => Algorithm::Turkish,
        _ => return None,
    })
}

/// What turns words into terms, shared by every thread that indexes pages.
pub(crate) struct Analyzer {
    stemmer: Option<Stemmer>,
    /// Whether words and terms lose their accents (`consejería` is found by
    /// `consejeria`): in every language but English, whose index stays as it was.
    pub(crate) fold: bool,
    /// Each group: its alternatives, each as the terms of its words.
    groups: Vec<Vec<Vec<Arc<str>>>>,
    /// A one-word alternative's term -> its groups (by term, so "counsellors" counts as
    /// "counsellor").
    single: HashMap<Arc<str>, Vec<usize>>,
    /// The alternatives of more than one word, each as its words' terms, with its group:
    /// a page holds one when its words' terms come one after another.
    pub(crate) phrases: Vec<(Vec<Arc<str>>, usize)>,
    /// Every word of every alternative, so that the index can tell the reader's script
    /// which terms such a word means even when no page uses it.
    pub(crate) group_words: Vec<String>,
}

impl Analyzer {
    /// The analyzer for `site`: its language, and its groups of synonyms.
    pub(crate) fn new(site: &Site) -> Analyzer {
        let language = &site.config.language;
        let mut groups: Vec<Vec<String>> = Vec::new();
        if algorithm(language) == Some(Algorithm::English) {
            groups.extend(
                US_UK
                    .iter()
                    .map(|(us, uk)| vec![us.to_string(), uk.to_string()]),
            );
        }
        if site.has_glossary {
            for g in &site.glossary {
                let (term, expansion) = (&g.term.term, &g.term.expansion);
                if !expansion.is_empty() && words(term) != words(expansion) {
                    groups.push(vec![term.clone(), expansion.clone()]);
                }
            }
        }
        groups.extend(site.config.synonyms.iter().cloned());
        Analyzer::with_groups(language, &groups)
    }

    /// An analyzer for `language` with these groups of alternatives.
    pub(crate) fn with_groups(language: &str, groups: &[Vec<String>]) -> Analyzer {
        let mut analyzer = Analyzer {
            stemmer: algorithm(language).map(Stemmer::create),
            fold: !matches!(algorithm(language), Some(Algorithm::English)),
            groups: Vec::new(),
            single: HashMap::default(),
            phrases: Vec::new(),
            group_words: Vec::new(),
        };
        for (n, group) in groups.iter().enumerate() {
            let mut alternatives = Vec::new();
            for alternative in group {
                let own = words(alternative);
                match own.len() {
                    0 => continue,
                    1 => {
                        let term: Arc<str> = analyzer.stem(&own[0]).into();
                        let groups = analyzer.single.entry(term).or_default();
                        if !groups.contains(&n) {
                            groups.push(n);
                        }
                    }
                    _ => {}
                }
                let terms: Vec<Arc<str>> = own.iter().map(|w| analyzer.stem(w).into()).collect();
                if terms.len() > 1 {
                    analyzer.phrases.push((terms.clone(), n));
                }
                alternatives.push(terms);
                analyzer.group_words.extend(own);
            }
            analyzer.groups.push(alternatives);
        }
        analyzer.group_words.sort_unstable();
        analyzer.group_words.dedup();
        analyzer
    }

    /// The term of a lowercase word; a pair of CJK characters is its own term.
    pub(crate) fn stem(&self, word: &str) -> String {
        if cjk::is_cjk_word(word) {
            return word.to_owned();
        }
        let term = match &self.stemmer {
            Some(stemmer) => stemmer.stem(word).into_owned(),
            None => word.to_owned(),
        };
        match self.fold {
            true => fold(&term).into_owned(),
            false => term,
        }
    }

    /// A word as the index's word table keys it: without accents when the analyzer folds.
    pub(crate) fn word_key<'w>(&self, word: &'w str) -> std::borrow::Cow<'w, str> {
        match self.fold && !cjk::is_cjk_word(word) {
            true => fold(word),
            false => std::borrow::Cow::Borrowed(word),
        }
    }

    /// The groups whose one-word alternatives have this term.
    pub(crate) fn groups_of_term(&self, term: &str) -> &[usize] {
        self.single.get(term).map_or(&[], Vec::as_slice)
    }

    /// The terms of every alternative of group `n`.
    pub(crate) fn group_terms(&self, n: usize) -> impl Iterator<Item = &Arc<str>> {
        self.groups[n].iter().flatten()
    }
}

/// `text` without its accents and other combining marks (canonical decomposition, the
/// marks dropped), as the search script folds what a reader types.
pub(crate) fn fold(text: &str) -> std::borrow::Cow<'_, str> {
    use unicode_normalization::UnicodeNormalization;
    use unicode_normalization::char::is_combining_mark;
    if text.is_ascii() {
        return std::borrow::Cow::Borrowed(text);
    }
    std::borrow::Cow::Owned(text.nfd().filter(|&c| !is_combining_mark(c)).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accents_fold_in_every_language_but_english() {
        assert_eq!(fold("consejería, Ñandú, naïve"), "consejeria, Nandu, naive");
        let spanish = Analyzer::with_groups("es", &[]);
        // The page's word is keyed unaccented, so what a reader types without its accent
        // leads to the page's term.
        assert_eq!(spanish.word_key("consejería"), "consejeria");
        assert_eq!(spanish.stem("consejería"), "consej");
        let english = Analyzer::with_groups("en", &[]);
        assert_eq!(english.stem("café"), "café");
        assert_eq!(english.word_key("café"), "café");
    }

    #[test]
    fn words_are_cut_lowercased_and_stemmed_by_language() {
        assert_eq!(
            words("The client's LCSW-led plan"),
            ["the", "clients", "lcsw", "led", "plan"]
        );
        let en = Analyzer::with_groups("en-GB", &[]);
        assert_eq!(en.stem("advocating"), en.stem("advocate"));
        assert_eq!(en.stem("programs"), en.stem("program"));
        let de = Analyzer::with_groups("de", &[]);
        assert_eq!(de.stem("beratungen"), "berat");
        let none = Analyzer::with_groups("xx", &[]);
        assert_eq!(none.stem("programs"), "programs");
    }

    #[test]
    fn phrases_are_kept_as_their_words_terms() {
        let groups = vec![vec![
            "LCSW".to_string(),
            "licensed clinical social worker".to_string(),
        ]];
        let a = Analyzer::with_groups("en", &groups);
        assert_eq!(a.groups_of_term("lcsw"), [0]);
        let phrase: Vec<&str> = a.phrases[0].0.iter().map(|t| &**t).collect();
        assert_eq!(
            (phrase, a.phrases[0].1),
            (vec!["licens", "clinic", "social", "worker"], 0)
        );
        let terms: Vec<&str> = a.group_terms(0).map(|t| &**t).collect();
        assert_eq!(terms, ["lcsw", "licens", "clinic", "social", "worker"]);
    }
}
