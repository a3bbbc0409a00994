//! What the check remembers between the builds of one session, and when a remembered result
//! still holds: each output's scan (its ids, links and template-link problems), and the
//! problems of the links written in each page's Markdown, with the file list and the ids
//! they were checked against. A result whose inputs are unchanged is reported again as it
//! is, without checking its links again.

use std::sync::Arc;

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use crate::diagnostics::Diagnostic;

use super::index::Index;
use super::scan::{Scan, Scanned};

/// What the checks remember between the builds of one session: each HTML output's ids and
/// links (found again only when its bytes change), and its template-link problems (checked
/// again only when the set of files, or the ids of a page it links into, changed).
#[derive(Default)]
pub(crate) struct Memo {
    /// By output path.
    pub(super) outputs: HashMap<String, Scan>,
    /// The distinct sidebars, by the path of the first page that shows each.
    pub(super) sidebars: HashMap<String, Scan>,
    /// The links written in each page's Markdown, by the page's content-relative file.
    pub(super) markdown: HashMap<String, MarkdownLinks>,
    /// Counts builds, to forget outputs a build no longer has.
    pub(super) builds: u64,
}

impl Memo {
    /// Takes the scan of an output whose body is then given to the check empty (the
    /// empty body being the same as the scan's, the scan is used as it is).
    pub(crate) fn add_scanned(&mut self, path: String, scanned: Scanned) {
        self.outputs.insert(path, scanned.0);
    }

    /// Makes room for `more` outputs given by [`Memo::add_scanned`].
    pub(crate) fn reserve(&mut self, more: usize) {
        self.outputs.reserve(more);
    }
}

/// The problems of the links written in one page's Markdown, and what they depend on: the
/// rendered page (the same allocation means the same links), the file list, and the ids of
/// the pages its links need anchors in.
pub(super) struct MarkdownLinks {
    pub(super) rendered: Arc<crate::markdown::Rendered>,
    pub(super) files: u64,
    pub(super) anchored: Vec<(String, Arc<HashSet<String>>)>,
    pub(super) problems: Vec<Diagnostic>,
}

/// The template-link problems of one output, and what they depend on.
#[derive(Clone)]
pub(super) struct Checked {
    /// Fingerprint of the site's file list when checked.
    pub(super) files: u64,
    /// Each broken link.
    pub(super) problems: Vec<Broken>,
    /// Files whose anchors its links need, with the ids they had.
    pub(super) anchored: Vec<(String, Arc<HashSet<String>>)>,
}

/// A broken link of an output: as written there, what is wrong, and the site path it
/// resolved to.
#[derive(Clone)]
pub(super) struct Broken {
    pub(super) link: String,
    pub(super) problem: String,
    pub(super) target: String,
}

impl Broken {
    pub(super) fn message(&self) -> String {
        format!("links to `{}`: {}", self.link, self.problem)
    }
}

impl Checked {
    /// Whether nothing these results depend on has changed.
    pub(super) fn still_valid(&self, index: &Index<'_>) -> bool {
        self.files == index.fingerprint && index.same_ids(&self.anchored)
    }
}
