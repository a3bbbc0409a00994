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
    for term in &file.value {
        let id = url::slugify(&term.term);
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
