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
        let (entries, patterns): (Vec<usize>, Vec<&str>) = terms
            .into_iter()
            .enumerate()
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
}
