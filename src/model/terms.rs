//! Finding a glossary's terms in a page's text: every term at once, in one pass over the
//! text. Searching for each term in turn cost the text's length times the number of terms:
//! a glossary of 500 terms made a 10,000-page build 14 times slower.

use aho_corasick::AhoCorasick;

/// Every term of a glossary, ready to be found.
#[derive(Debug, Default)]
pub struct TermFinder {
    /// `None` for a glossary without terms.
    automaton: Option<AhoCorasick>,
    /// The glossary entry of each of the automaton's patterns (empty terms are left out:
    /// they would match everywhere).
    entries: Vec<usize>,
}

/// One occurrence of a term in a text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Occurrence {
    pub start: usize,
    pub end: usize,
    /// The term's entry in the glossary.
    pub entry: usize,
}

impl TermFinder {
    /// A finder for `terms`, the glossary's terms in order. Case matters: abbreviations are
    /// written in capitals.
    pub fn new<'t>(terms: impl IntoIterator<Item = &'t str>) -> TermFinder {
        TermFinder::of_forms(terms.into_iter().enumerate())
    }

    /// A finder for a glossary's entries: each one's term and the other forms its text may
    /// take (`also:`, such as a translation's plural).
    pub fn of_glossary(glossary: &[super::GlossaryEntry]) -> TermFinder {
        TermFinder::of_forms(glossary.iter().enumerate().flat_map(|(n, g)| {
            let also = g.term.also.iter().map(String::as_str);
            std::iter::once(g.term.term.as_str())
                .chain(also)
                .map(move |form| (n, form))
        }))
    }

    /// A finder for `forms`, each with its glossary entry.
    fn of_forms<'t>(forms: impl IntoIterator<Item = (usize, &'t str)>) -> TermFinder {
        let (entries, patterns): (Vec<usize>, Vec<&str>) = forms
            .into_iter()
            .filter(|(_, term)| !term.is_empty())
            .unzip();
        // Building fails only past limits far beyond any glossary; a finder that finds
        // nothing then leaves the text as it is.
        let automaton = (!patterns.is_empty())
            .then(|| AhoCorasick::new(&patterns).ok())
            .flatten();
        TermFinder { automaton, entries }
    }

    /// Every occurrence of every term in `text`, overlapping ones included, by where they
    /// end.
    pub fn find_all(&self, text: &str) -> Vec<Occurrence> {
        let Some(automaton) = &self.automaton else {
            return Vec::new();
        };
        automaton
            .find_overlapping_iter(text)
            .map(|m| Occurrence {
                start: m.start(),
                end: m.end(),
                entry: self.entries[m.pattern().as_usize()],
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_every_occurrence_of_every_term_overlapping_ones_too() {
        let finder = TermFinder::new(["MSW", "", "SW", "social work"]);
        let mut found = finder.find_all("An MSW does social work; so does a SW.");
        found.sort_by_key(|o| (o.start, o.end));
        let found: Vec<_> = found.iter().map(|o| (o.start, o.end, o.entry)).collect();
        assert_eq!(found, [(3, 6, 0), (4, 6, 2), (12, 23, 3), (35, 37, 2)]);
        assert!(TermFinder::new([""]).find_all("text").is_empty());
        assert!(TermFinder::default().find_all("text").is_empty());
    }

    #[test]
    fn an_entry_is_found_by_its_other_forms_too() {
        let entry = |term: &str, also: &[&str]| super::super::GlossaryEntry {
            id: term.to_lowercase(),
            term: crate::load::Term {
                term: term.into(),
                expansion: String::new(),
                definition: String::new(),
                also: also.iter().map(|s| s.to_string()).collect(),
                untranslated: Vec::new(),
            },
        };
        let glossary = [
            entry("MSW", &["maestría en trabajo social"]),
            entry("RN", &[]),
        ];
        let finder = TermFinder::of_glossary(&glossary);
        let found: Vec<_> = (finder.find_all("Una maestría en trabajo social y un RN."))
            .iter()
            .map(|o| o.entry)
            .collect();
        assert_eq!(found, [0, 1]);
    }
}
