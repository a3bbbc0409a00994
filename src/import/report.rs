//! What an import did, and what it could not carry over.

use std::path::Path;

use crate::diagnostics::{Diagnostic, Diagnostics};

/// The outcome of an import: counts, and a note for each thing not carried over.
#[derive(Debug, Default)]
pub struct Imported {
    /// Chapters and sections written.
    pub pages: usize,
    /// Other files copied (images, included files, static files).
    pub files: usize,
    /// What could not be carried over, each at its file and line in the source.
    pub notes: Diagnostics,
}

impl Imported {
    /// Notes `message` at byte `offset` of `source`, the text of `file` (relative to the
    /// source's folder).
    pub(crate) fn note(&mut self, file: &Path, source: &str, offset: usize, message: String) {
        self.notes
            .push(Diagnostic::warning(file, message).at_offset(source, offset));
    }

    /// Notes `message` about `file` as a whole.
    pub(crate) fn note_file(&mut self, file: &Path, message: String) {
        self.notes.push(Diagnostic::warning(file, message));
    }
}
