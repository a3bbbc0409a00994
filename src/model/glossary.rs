//! The glossary: each term with the anchor id it is linked by, a term whose id another
//! term already has reported (and left out) rather than given an ambiguous anchor.

use std::collections::HashMap;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::load::Term;
use crate::url;
use crate::yaml::key_position;

use super::GlossaryEntry;

pub(super) fn build_glossary(
    glossary: Option<&crate::load::DataFile<Vec<Term>>>,
    diagnostics: &mut Diagnostics,
) -> Vec<GlossaryEntry> {
    let Some(file) = glossary else {
        return Vec::new();
    };
    let mut seen: HashMap<String, (&str, usize)> = HashMap::new();
    let mut entries = Vec::new();
    for (n, term) in file.value.iter().enumerate() {
        let id = url::slugify(&term.term);
        // The entry's `term:` key, wherever the entry writes it (only when there is
        // something to report, as it parses the file again).
        let at_term = |d: Diagnostic| {
            let (line, col) = key_position(&file.source, &format!("[{n}].term")).unwrap_or((0, 0));
            d.at(&file.source, line, col)
        };
        if id.is_empty() {
            diagnostics.push(
                at_term(Diagnostic::error(
                    &file.path,
                    "a glossary entry has no term",
                ))
                .with_help("write the word or abbreviation the entry defines"),
            );
            continue;
        }
        if let Some((first, first_n)) = seen.insert(id.clone(), (&term.term, n)) {
            let first_line = key_position(&file.source, &format!("[{first_n}].term"))
                .map_or(0, |(line, _)| line);
            diagnostics.push(
                at_term(Diagnostic::error(
                    &file.path,
                    match first == term.term {
                        true => format!("`{first}` is in the glossary twice"),
                        false => format!("`{}` is in the glossary twice (as `{first}`)", term.term),
                    },
                ))
                .with_help(format!(
                    "the entry on line {first_line} defines it already; merge the two entries"
                )),
            );
            continue;
        }
        entries.push(GlossaryEntry {
            id,
            term: term.clone(),
        });
    }
    entries
}

pub(super) fn glossary_present(glossary: &[GlossaryEntry]) -> bool {
    !glossary.is_empty()
}
