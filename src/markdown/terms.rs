//! Glossary marking: the first whole-word use on a page of each glossary term becomes an
//! abbreviation with its expansion, linked to the term's entry on the glossary page.

use rustc_hash::FxHashSet as HashSet;

use pulldown_cmark::{CowStr, Event};

use crate::html::escape;

use super::notes::Notes;
use crate::model::GlossaryEntry;
use crate::model::terms::TermFinder;

/// Splits `text` around the first use of each glossary term not in `used`, marking each
/// as an abbreviation with its expansion, linked to its glossary entry (`glossary_href`,
/// escaped for an attribute). `None` when it has no term to mark, so the text stays as it
/// is, uncopied.
pub(super) fn mark_terms<'a>(
    text: &str,
    (glossary, terms): (&[GlossaryEntry], &TermFinder),
    used: &mut HashSet<usize>,
    glossary_href: &str,
    notes: &mut Notes,
) -> Option<Vec<Event<'a>>> {
    let marks = terms_to_mark(text, terms, used);
    if marks.is_empty() {
        return None;
    }
    let mut events = Vec::with_capacity(2 * marks.len() + 1);
    let mut rest = 0;
    for (start, end, t) in marks {
        let entry = &glossary[t];
        if start > rest {
            events.push(Event::Text(CowStr::from(text[rest..start].to_string())));
        }
        let id = escape(&entry.id);
        notes.term(&id);
        events.push(Event::InlineHtml(CowStr::from(format!(
            "<a class=\"term\" href=\"{}#{}\"><abbr title=\"{}\">{}</abbr></a>",
            glossary_href,
            id,
            escape(&entry.term.expansion),
            escape(&text[start..end]),
        ))));
        rest = end;
    }
    if rest < text.len() {
        events.push(Event::Text(CowStr::from(text[rest..].to_string())));
    }
    Some(events)
}

/// The uses of glossary terms to mark in `text`, in order, as (start, end, entry): the
/// earliest whole-word occurrence of a term not in `used` (the longer term where two start
/// at once), then the earliest after it, and so on. Each term marked goes into `used`.
/// Text already marked counts as a word's edge for what follows it.
fn terms_to_mark(
    text: &str,
    terms: &TermFinder,
    used: &mut HashSet<usize>,
) -> Vec<(usize, usize, usize)> {
    let mut found = terms.find_all(text);
    if found.is_empty() {
        return Vec::new();
    }
    found.sort_unstable_by_key(|o| (o.start, std::cmp::Reverse(o.end)));
    let is_word = |c: char| c.is_alphanumeric() || c == '_';
    let mut marks = Vec::new();
    let mut from = 0;
    for o in found {
        if o.start < from || used.contains(&o.entry) {
            continue;
        }
        let before = match o.start == from {
            true => None,
            false => text[..o.start].chars().next_back(),
        };
        let after = text[o.end..].chars().next();
        if before.is_some_and(is_word) || after.is_some_and(is_word) {
            continue;
        }
        used.insert(o.entry);
        marks.push((o.start, o.end, o.entry));
        from = o.end;
    }
    marks
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::Term;
    use crate::markdown::Placement;
    use crate::url;
    use pulldown_cmark::html;

    fn glossary(terms: &[&str]) -> Vec<GlossaryEntry> {
        terms
            .iter()
            .map(|t| GlossaryEntry {
                id: url::slugify(t),
                term: Term {
                    term: t.to_string(),
                    expansion: format!("{t} in full"),
                    definition: String::new(),
                    also: Vec::new(),
                    untranslated: Vec::new(),
                },
            })
            .collect()
    }

    fn html(events: Vec<Event<'_>>) -> String {
        let mut out = String::new();
        html::push_html(&mut out, events.into_iter());
        out
    }

    fn finder(glossary: &[GlossaryEntry]) -> TermFinder {
        TermFinder::new(glossary.iter().map(|g| g.term.term.as_str()))
    }

    /// The first term `terms_to_mark` marks in `text`, with its offset.
    fn first_term(
        text: &str,
        g: &[GlossaryEntry],
        used: &HashSet<usize>,
    ) -> Option<(usize, usize)> {
        let marks = terms_to_mark(text, &finder(g), &mut used.clone());
        marks.first().map(|&(start, _, entry)| (start, entry))
    }

    #[test]
    fn terms_match_whole_words_only() {
        let g = glossary(&["MSW", "SW", "C-SWCM"]);
        let none = HashSet::default();
        assert_eq!(first_term("MSWs and NMSW", &g, &none), None);
        assert_eq!(first_term("an MSW.", &g, &none), Some((3, 0)));
        assert_eq!(first_term("the C-SWCM exam", &g, &none), Some((4, 2)));
        assert_eq!(
            first_term("BSW-level", &glossary(&["BSW"]), &none),
            Some((0, 0))
        );
        let used = HashSet::from_iter([0]);
        assert_eq!(first_term("an MSW, a SW", &g, &used), Some((10, 1)));
    }

    /// Where two terms start at one place the longer wins; a term inside a longer one
    /// already marked is not marked again, but its own later use is.
    #[test]
    fn the_longer_term_wins_and_each_is_marked_once() {
        let g = glossary(&["social work", "social work case manager", "case manager"]);
        let mut used = HashSet::default();
        let marks = terms_to_mark(
            "A social work case manager, a case manager, and social work.",
            &finder(&g),
            &mut used,
        );
        assert_eq!(marks, [(2, 26, 1), (30, 42, 2), (48, 59, 0)]);
        assert_eq!(used.len(), 3);
        // Nothing left to mark: the text is left as it is.
        assert!(terms_to_mark("social work", &finder(&g), &mut used).is_empty());
    }

    #[test]
    fn marks_each_term_once_with_a_relative_link() {
        let g = glossary(&["MSW", "BSW"]);
        let mut used = HashSet::default();
        let f = finder(&g);
        let mut notes = Notes::placed(Placement::Own, "", "../glossary/", 100);
        let out = html(
            mark_terms(
                "A BSW, then an MSW & a BSW.",
                (&g, &f),
                &mut used,
                "../glossary/",
                &mut notes,
            )
            .expect("terms to mark"),
        );
        assert_eq!(
            out,
            "A <a class=\"term\" href=\"../glossary/#bsw\"><abbr title=\"BSW in full\">BSW</abbr></a>, \
             then an <a class=\"term\" href=\"../glossary/#msw\"><abbr title=\"MSW in full\">MSW</abbr></a> &amp; a BSW."
        );
        let written = notes.finish().remove(0);
        assert_eq!(
            written.links().collect::<Vec<_>>(),
            ["../glossary/#bsw", "../glossary/#msw"]
        );
        // Already used on this page: left as it is.
        let mut notes = Notes::placed(Placement::Own, "", "../glossary/", 100);
        assert!(mark_terms("MSW", (&g, &f), &mut used, "../glossary/", &mut notes).is_none());
    }
}
