//! The files a build makes: each [`Output`] with its path, and its bytes as a [`Body`], a
//! list of parts that other outputs may share.
//!
//! A page's sidebar is the same on every page of its branch, and the print page repeats
//! every chapter: held as shared parts, a guide of 10,000 pages keeps each sidebar and each
//! chapter in memory once rather than once per page that shows it. The parts are joined
//! only where one piece of memory is needed (the preview server), and written one after
//! the other.

use std::io::{self, IoSlice, Write};
use std::ops::Range;
use std::path::PathBuf;
use std::sync::{Arc, LazyLock};

use bytes::{Bytes, BytesMut};
use memchr::memmem;

use crate::html::{Noted, Written};

/// One file of the built site.
#[derive(Debug, Clone)]
pub struct Output {
    /// Relative to the output folder, `/`-separated.
    pub path: String,
    /// Shared, so a rebuild that reuses an output does not copy it, and in parts shared
    /// with other outputs (sidebars, the print page's chapters).
    pub body: Body,
    /// The file it was made from (for diagnostics about it).
    pub source: PathBuf,
    /// The template it was rendered with, if any.
    pub template: Option<String>,
    /// Where the page's sidebar is among the body's parts. Its links are checked once per
    /// distinct sidebar (in the render stage's list of distinct sidebars), not again on every page that shows it.
    pub sidebar: Option<SidebarParts>,
}

/// Which of an output's parts are its sidebar.
#[derive(Debug, Clone)]
pub struct SidebarParts {
    pub range: Range<usize>,
    /// Whether the sidebar has ids, which the link check finds on each page that shows it.
    pub has_ids: bool,
}

/// Whether `html` may have an `id` attribute: every id the link check finds has `id=` where
/// it starts, and most sidebars have none.
pub(crate) fn may_hold_ids(html: &[u8]) -> bool {
    static ID: LazyLock<memmem::Finder<'static>> = LazyLock::new(|| memmem::Finder::new(b"id="));
    ID.find(html).is_some()
}

/// What a part of an output is, to the link check.
#[derive(Debug, Clone)]
pub(crate) enum PartKind {
    /// The page's sidebar.
    Sidebar,
    /// HTML whose ids and links its writer noted: a page's content without raw HTML or
    /// shortcodes.
    Written(Arc<dyn Noted>),
    Other,
}

/// An output's parts as they arrive in order, kept with where its sidebar and its
/// Markdown parts are.
#[derive(Default)]
pub(crate) struct Assembly {
    parts: Vec<Bytes>,
    sidebar: Option<Range<usize>>,
    written: Vec<(usize, Arc<dyn Noted>)>,
}

impl Assembly {
    pub(crate) fn push(&mut self, part: Bytes, kind: PartKind) {
        match kind {
            PartKind::Sidebar => {
                let start = self.sidebar.as_ref().map_or(self.parts.len(), |s| s.start);
                self.sidebar = Some(start..self.parts.len() + 1);
            }
            PartKind::Written(written) => self.written.push((self.parts.len(), written)),
            PartKind::Other => {}
        }
        self.parts.push(part);
    }

    /// The body, and `sidebar` moved to where its parts arrived.
    pub(crate) fn finish(self, sidebar: Option<SidebarParts>) -> (Body, Option<SidebarParts>) {
        let sidebar = self
            .sidebar
            .zip(sidebar)
            .map(|(range, s)| SidebarParts { range, ..s });
        (Body::with_written(self.parts, self.written), sidebar)
    }
}

/// An output's bytes, as parts.
#[derive(Debug, Clone, Default)]
pub struct Body {
    parts: Vec<Bytes>,
    /// The parts that are [`PartKind::Written`], by number in order, with their values:
    /// shared, since a session copies the body of each output it keeps (the print page's
    /// holds one entry per chapter).
    written: Arc<[(usize, Arc<dyn Noted>)]>,
}

impl Body {
    pub fn from_parts(parts: Vec<Bytes>) -> Self {
        Body {
            parts,
            written: Arc::new([]),
        }
    }

    /// A body whose parts numbered in `written` (in order) are [`PartKind::Written`].
    pub(crate) fn with_written(parts: Vec<Bytes>, written: Vec<(usize, Arc<dyn Noted>)>) -> Self {
        Body {
            parts,
            written: written.into(),
        }
    }

    /// Whether part `i` is [`PartKind::Written`], told without reaching its notes.
    pub(crate) fn is_written(&self, i: usize) -> bool {
        self.written.binary_search_by_key(&i, |(n, _)| *n).is_ok()
    }

    /// The ids and links of part `i`, when its writer noted them.
    pub(crate) fn written(&self, i: usize) -> Option<&Written> {
        let at = self.written.binary_search_by_key(&i, |(n, _)| *n).ok()?;
        self.written[at].1.written()
    }

    /// A body of text parts, for tests.
    #[cfg(test)]
    pub(crate) fn of_strs(parts: &[&'static str]) -> Self {
        Body::from_parts(
            parts
                .iter()
                .map(|p| Bytes::from_static(p.as_bytes()))
                .collect(),
        )
    }

    pub fn parts(&self) -> &[Bytes] {
        &self.parts
    }

    pub fn len(&self) -> usize {
        self.parts.iter().map(Bytes::len).sum()
    }

    pub fn is_empty(&self) -> bool {
        self.parts.iter().all(Bytes::is_empty)
    }

    /// The bytes in one piece: shared, not copied, when there is one part.
    pub fn to_bytes(&self) -> Bytes {
        match self.parts.as_slice() {
            [] => Bytes::new(),
            [one] => one.clone(),
            parts => {
                let mut joined = BytesMut::with_capacity(self.len());
                for part in parts {
                    joined.extend_from_slice(part);
                }
                joined.freeze()
            }
        }
    }

    /// Writes the parts with as few calls as the writer takes (one for a file, mostly).
    pub fn write_to(&self, out: &mut impl Write) -> io::Result<()> {
        let mut slices: Vec<IoSlice<'_>> = self
            .parts
            .iter()
            .filter(|part| !part.is_empty())
            .map(|part| IoSlice::new(part))
            .collect();
        let mut slices = &mut slices[..];
        while !slices.is_empty() {
            match out.write_vectored(slices) {
                Ok(0) => return Err(io::ErrorKind::WriteZero.into()),
                Ok(n) => IoSlice::advance_slices(&mut slices, n),
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        }
        Ok(())
    }

    /// Whether two bodies hold the same bytes. Bodies that share all their parts (a page
    /// reused from an earlier build) are recognised without reading them.
    pub fn same_as(&self, other: &Body) -> bool {
        let shared = self.parts.len() == other.parts.len()
            && self
                .parts
                .iter()
                .zip(&other.parts)
                .all(|(a, b)| a.as_ptr() == b.as_ptr() && a.len() == b.len());
        shared || (self.len() == other.len() && same_chunks(&self.parts, &other.parts))
    }
}

/// Whether two lists of parts of the same total length hold the same bytes, compared a
/// slice at a time where they are cut in different places.
fn same_chunks(a: &[Bytes], b: &[Bytes]) -> bool {
    let mut a = a.iter().filter(|p| !p.is_empty()).map(|p| &p[..]);
    let mut b = b.iter().filter(|p| !p.is_empty()).map(|p| &p[..]);
    let (mut left, mut right): (&[u8], &[u8]) = (&[], &[]);
    loop {
        if left.is_empty() {
            left = a.next().unwrap_or_default();
        }
        if right.is_empty() {
            right = b.next().unwrap_or_default();
        }
        if left.is_empty() || right.is_empty() {
            return left.is_empty() && right.is_empty();
        }
        let n = left.len().min(right.len());
        // Parts shared by both bodies are the same bytes without reading them.
        if left.as_ptr() != right.as_ptr() && left[..n] != right[..n] {
            return false;
        }
        (left, right) = (&left[n..], &right[n..]);
    }
}

impl From<Bytes> for Body {
    fn from(bytes: Bytes) -> Self {
        Body::from_parts(vec![bytes])
    }
}

impl From<String> for Body {
    fn from(text: String) -> Self {
        Body::from(Bytes::from(text))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parts_join_and_write_in_order() {
        let b = Body::of_strs(&["<p>", "side", "</p>"]);
        assert_eq!(b.len(), 11);
        assert_eq!(&b.to_bytes()[..], b"<p>side</p>");
        let mut written = Vec::new();
        b.write_to(&mut written).unwrap();
        assert_eq!(written, b"<p>side</p>");
    }

    /// Takes at most three bytes a call, across at most two slices, like a busy pipe.
    struct Trickle(Vec<u8>);

    impl Write for Trickle {
        fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
            let n = buf.len().min(3);
            self.0.extend_from_slice(&buf[..n]);
            Ok(n)
        }
        fn write_vectored(&mut self, bufs: &[IoSlice<'_>]) -> io::Result<usize> {
            let mut left = 3;
            for buf in bufs.iter().take(2) {
                let n = buf.len().min(left);
                self.0.extend_from_slice(&buf[..n]);
                left -= n;
            }
            Ok(3 - left)
        }
        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn parts_are_written_whole_by_a_writer_taking_a_little_at_a_time() {
        let b = Body::of_strs(&["<p>", "", "a longer part", "x", "</p>"]);
        let mut out = Trickle(Vec::new());
        b.write_to(&mut out).unwrap();
        assert_eq!(out.0, b"<p>a longer partx</p>");
    }

    #[test]
    fn same_bytes_in_other_parts_are_the_same() {
        assert!(Body::of_strs(&["ab", "c"]).same_as(&Body::of_strs(&["a", "bc"])));
        assert!(!Body::of_strs(&["ab", "c"]).same_as(&Body::of_strs(&["ab", "d"])));
        assert!(!Body::of_strs(&["ab"]).same_as(&Body::of_strs(&["abc"])));
        assert!(Body::of_strs(&[]).is_empty() && Body::of_strs(&["", ""]).is_empty());
    }

    #[test]
    fn shared_parts_are_compared_by_what_follows_them() {
        let shared = Bytes::from_static(b"shared");
        let with = |parts: &[Bytes]| Body::from_parts(parts.to_vec());
        let x = Bytes::from_static(b"x");
        let a = with(&[shared.clone(), x.clone()]);
        assert!(!a.same_as(&with(&[shared.clone(), Bytes::from_static(b"y")])));
        // Part of a shared part, then the rest in another allocation.
        let rest = Bytes::copy_from_slice(b"red");
        assert!(a.same_as(&with(&[shared.slice(..3), rest.clone(), x.clone()])));
        assert!(!a.same_as(&with(&[shared.slice(..3), Bytes::from_static(b"rod"), x])));
    }
}
