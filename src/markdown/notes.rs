//! The ids and links a rendering writes, noted as it writes them, for each placement it
//! serves: one, or a template's two (its own page and the print page), each with its own
//! values, so nothing is filled in afterwards. The link check takes them instead of reading
//! the HTML again (see [`Written`]).

use super::Placement;
use crate::html::Written;

/// What the renderer noted, by placement.
pub(super) struct Notes {
    /// One side for a placed rendering; a template's own placement, then its print one.
    sides: Vec<Side>,
}

/// One placement's values, and what differs between placements.
struct Side {
    written: Written,
    /// Whether the placement is the print page's.
    print: bool,
    /// Written before every id (escaped, like the id).
    id_prefix: String,
    /// The glossary page's URL from where the HTML is placed, escaped.
    glossary_href: String,
}

impl Notes {
    /// Notes for HTML placed once, whose ids start with `id_prefix` and whose links to the
    /// glossary with `glossary_href`.
    pub(super) fn placed(
        placement: Placement,
        id_prefix: &str,
        glossary_href: &str,
        source_len: usize,
    ) -> Notes {
        let print = placement == Placement::Print;
        Notes {
            sides: vec![Side::new(print, id_prefix, glossary_href, source_len)],
        }
    }

    /// Notes for a template, with the `(id prefix, glossary URL)` of its own placement and
    /// of its print placement.
    pub(super) fn template(own: (&str, &str), print: (&str, &str), source_len: usize) -> Notes {
        Notes {
            sides: vec![
                Side::new(false, own.0, own.1, source_len),
                Side::new(true, print.0, print.1, source_len),
            ],
        }
    }

    /// A heading's id (`id`, escaped) and its self-link.
    pub(super) fn heading(&mut self, id: &str) {
        for side in &mut self.sides {
            side.written.id(&[&side.id_prefix, id]);
            side.written.link(&["#", &side.id_prefix, id]);
        }
    }

    /// An id (`id`, escaped) with no self-link: a left-out title heading's.
    pub(super) fn id(&mut self, id: &str) {
        for side in &mut self.sides {
            side.written.id(&[&side.id_prefix, id]);
        }
    }

    /// A link the same in every placement, which `write` writes as the HTML has it.
    pub(super) fn link(&mut self, write: impl Fn(&mut String)) {
        for side in &mut self.sides {
            side.written.link_with(&write);
        }
    }

    /// A template's link that differs between placements: its own URL and its print one,
    /// both as the HTML has them.
    pub(super) fn link_of_each(&mut self, own: &str, print: &str) {
        for (side, url) in self.sides.iter_mut().zip([own, print]) {
            side.written.link(&[url]);
        }
    }

    /// A link only the page's own placement has (`url` as the HTML has it).
    pub(super) fn own_link(&mut self, url: &str) {
        for side in self.sides.iter_mut().filter(|side| !side.print) {
            side.written.link(&[url]);
        }
    }

    /// A link only the print page's placement has (`url` as the HTML has it).
    pub(super) fn print_link(&mut self, url: &str) {
        for side in self.sides.iter_mut().filter(|side| side.print) {
            side.written.link(&[url]);
        }
    }

    /// A footnote's reference, to the footnote named `name` (escaped).
    pub(super) fn footnote_reference(&mut self, name: &str) {
        for side in &mut self.sides {
            side.written.link(&["#", &side.id_prefix, name]);
        }
    }

    /// A footnote's definition, with the id `name` (escaped).
    pub(super) fn footnote_definition(&mut self, name: &str) {
        for side in &mut self.sides {
            side.written.id(&[&side.id_prefix, name]);
        }
    }

    /// A glossary term's link to its entry, whose id is `id` (escaped).
    pub(super) fn term(&mut self, id: &str) {
        for side in &mut self.sides {
            side.written.link(&[&side.glossary_href, "#", id]);
        }
    }

    /// What each side noted: the one placement's, or a template's own and print ones.
    pub(super) fn finish(self) -> Vec<Written> {
        self.sides
            .into_iter()
            .map(|side| {
                let mut written = side.written;
                written.shrink_to_fit();
                written
            })
            .collect()
    }
}

impl Side {
    fn new(print: bool, id_prefix: &str, glossary_href: &str, source_len: usize) -> Side {
        Side {
            written: Written::for_source_of(source_len),
            print,
            id_prefix: id_prefix.to_string(),
            glossary_href: glossary_href.to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_template_notes_each_placement_with_its_own_values() {
        let mut notes = Notes::template(("", "../glossary/"), ("ch-a-", "../glossary/"), 100);
        notes.heading("intro");
        notes.link_of_each("../b/", "#ch-b");
        notes.term("msw");
        notes.footnote_definition("1");
        notes.print_link("#ch-a-key");
        let [own, print] = <[Written; 2]>::try_from(notes.finish()).unwrap();
        assert_eq!(own.ids().collect::<Vec<_>>(), ["intro", "1"]);
        assert_eq!(print.ids().collect::<Vec<_>>(), ["ch-a-intro", "ch-a-1"]);
        assert_eq!(
            print.links().collect::<Vec<_>>(),
            ["#ch-a-intro", "#ch-b", "../glossary/#msw", "#ch-a-key"]
        );
        assert_eq!(own.links().nth(1), Some("../b/"));
    }
}
