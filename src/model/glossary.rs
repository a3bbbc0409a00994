//! The glossary: each term with the anchor id it is linked by, a term whose id another
//! term already has reported (and left out) rather than given an ambiguous anchor.

use std::collections::HashMap;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::load::{Term, locate};
use crate::url;

use super::GlossaryEntry;

pub(super) fn build_glossary(
    glossary: Option<&crate::load::DataFile<Vec<Term>>>,
    diagnostics: &mut Diagnostics,
) -> Vec<GlossaryEntry> {
    let Some(file) = glossary else {
        return Vec::new();
    };
    let mut seen: HashMap<String, &str> = HashMap::new();
    let mut entries = Vec::new();
    for (n, term) in file.value.iter().enumerate() {
        let id = url::slugify(&term.term);
        if id.is_empty() {
            // Its `term:` line: the n-th in the file.
            let at = file
                .source
                .match_indices("term:")
                .nth(n)
                .map_or(0, |(at, _)| at);
            diagnostics.push(
                Diagnostic::error(&file.path, "a glossary entry has no term")
                    .at_offset(&file.source, at)
                    .with_help("write the word or abbreviation the entry defines"),
            );
            continue;
        }
        if let Some(first) = seen.insert(id.clone(), &term.term) {
            let at = locate(&file.source, &term.term, 0).unwrap_or(0);
            let at = locate(&file.source, &term.term, at + 1).unwrap_or(at);
            diagnostics.push(
                Diagnostic::error(
                    &file.path,
                    format!("`{}` is in the glossary twice (as `{first}`)", term.term),
                )
                .at_offset(&file.source, at),
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
