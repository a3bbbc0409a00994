//! An output's parts: the sidebar put in at its marker, a page's content shared with its
//! rendering rather than copied, and each distinct sidebar kept for the link check.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, LazyLock, Mutex};

use bytes::Bytes;
use memchr::memmem;
use rustc_hash::FxHashMap;

use super::nav::{self, NavKey};
use super::theme::Theme;
use crate::html::Noted;
use crate::markdown::Rendered;
use crate::output::{Body, Output};

/// The sidebar of a page, as an output of its own for the link check.
pub(super) fn sidebar_output(theme: &Theme, page: &Output) -> Output {
    let range = page
        .sidebar
        .as_ref()
        .map(|s| s.range.clone())
        .unwrap_or_default();
    Output {
        path: page.path.clone(),
        body: Body::from_parts(page.body.parts()[range].to_vec()),
        source: theme.file_of(nav::TEMPLATE),
        template: Some(nav::TEMPLATE.to_string()),
        sidebar: None,
    }
}

/// What `nav_html` holds while a page renders: private-use characters that Markdown and
/// authors never produce.
pub(super) const SIDEBAR_MARKER: &str = "\u{F8FF}sidebar\u{F8FF}";

/// Where the sidebar's marker is in a template's output; the finder is built once, not
/// once per page.
pub(super) fn find_sidebar_marker(html: &[u8]) -> Option<usize> {
    static MARKER: LazyLock<memmem::Finder<'static>> =
        LazyLock::new(|| memmem::Finder::new(SIDEBAR_MARKER.as_bytes()));
    MARKER.find(html)
}

/// Where `needle` (not empty) first occurs in `haystack`: each place that has its first
/// byte is compared in full. A page's content starts a few hundred bytes into
/// the part that holds it, so this is quicker than preparing the needle for a search
/// (which took 5,000 instructions per page).
pub(super) fn find_long(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    memchr::memchr_iter(needle[0], haystack).find(|&at| haystack[at..].starts_with(needle))
}

/// A page's parts with its own content, where the template copied it in whole, replaced by
/// the content's rendering itself; the parts cut from the template's output (`html`) are
/// then copied out of it, so that output and the copy of the content it holds are freed.
/// The bytes are the same by construction, whatever the template did with the content.
/// The content's part is marked [`PartKind::Written`](crate::output::PartKind) when its ids
/// and links were noted as it was written.
pub(super) fn share_content(parts: Vec<Bytes>, html: &Bytes, content: &Arc<Rendered>) -> Body {
    let own = content.html.as_bytes();
    let Some((last, rest)) = parts.split_last() else {
        return Body::from_parts(parts);
    };
    if own.len() < 256 {
        return Body::from_parts(parts);
    }
    let Some(at) = find_long(last, own) else {
        return Body::from_parts(parts);
    };
    let within_html = |part: &Bytes| {
        let (start, end) = (html.as_ptr() as usize, html.as_ptr() as usize + html.len());
        (start..end).contains(&(part.as_ptr() as usize))
    };
    let compact = |part: Bytes| match within_html(&part) {
        true => Bytes::copy_from_slice(&part),
        false => part,
    };
    let mut shared: Vec<Bytes> = rest.iter().cloned().map(compact).collect();
    shared.push(compact(last.slice(..at)));
    let written = match &content.written {
        Some(_) => vec![(shared.len(), content.clone() as Arc<dyn Noted>)],
        None => Vec::new(),
    };
    shared.push(Bytes::from_owner(RenderedHtml(content.clone())));
    shared.push(compact(last.slice(at + own.len()..)));
    Body::with_written(shared, written)
}

/// A page's rendered HTML as the bytes of a part, without copying it.
pub(super) struct RenderedHtml(pub(super) Arc<Rendered>);

impl AsRef<[u8]> for RenderedHtml {
    fn as_ref(&self) -> &[u8] {
        self.0.html.as_bytes()
    }
}

/// Which sidebar each job shows, as a number among the distinct sidebars in key order: the
/// same for every build of one model and theme, so a session keeps it between them.
pub(crate) struct SidebarNumbers {
    of_job: Vec<Option<usize>>,
    distinct: usize,
}

impl SidebarNumbers {
    /// For jobs whose sidebars are `keys` (by job).
    pub(super) fn new(keys: &[Option<NavKey>]) -> Self {
        // Numbered as first seen (a hash lookup a job), then renumbered in key order.
        let mut seen: FxHashMap<&NavKey, usize> = FxHashMap::default();
        let by_job: Vec<Option<usize>> = keys
            .iter()
            .map(|k| {
                let next = seen.len();
                Some(*seen.entry(k.as_ref()?).or_insert(next))
            })
            .collect();
        let mut distinct: Vec<(&NavKey, usize)> = seen.into_iter().collect();
        distinct.sort_unstable();
        let mut renumbered = vec![0; distinct.len()];
        for (n, (_, first_seen)) in distinct.iter().enumerate() {
            renumbered[*first_seen] = n;
        }
        SidebarNumbers {
            of_job: by_job.into_iter().map(|k| Some(renumbered[k?])).collect(),
            distinct: distinct.len(),
        }
    }

    /// How many jobs it numbers.
    pub(super) fn jobs(&self) -> usize {
        self.of_job.len()
    }
}

/// Each distinct sidebar as the first job (in job order) that shows it has it, for the
/// link check, whatever order the jobs finish in.
pub(super) struct FirstSidebars {
    numbers: Arc<SidebarNumbers>,
    /// For each distinct sidebar, the first job seen showing it so far, and that sidebar:
    /// a job that comes later than one already seen costs one atomic operation.
    first: Vec<(AtomicUsize, Mutex<Option<FirstSidebar>>)>,
}

/// A job's number, and the sidebar its output shows.
type FirstSidebar = (usize, Output);

impl FirstSidebars {
    pub(super) fn new(numbers: Arc<SidebarNumbers>) -> Self {
        let first = (0..numbers.distinct)
            .map(|_| (AtomicUsize::new(usize::MAX), Mutex::new(None)))
            .collect();
        FirstSidebars { numbers, first }
    }

    /// Notes job `n`'s output, which shows its sidebar if it has one.
    pub(super) fn offer(&self, theme: &Theme, n: usize, output: &Output) {
        let (Some(_), Some(Some(k))) = (&output.sidebar, self.numbers.of_job.get(n)) else {
            return;
        };
        let (seen, slot) = &self.first[*k];
        // Read before writing: the pages of a section share a sidebar, and writing its
        // counter from both cores for every page would pass the cache line back and forth.
        if seen.load(Ordering::Relaxed) < n || seen.fetch_min(n, Ordering::Relaxed) < n {
            return;
        }
        let mut slot = slot.lock().unwrap_or_else(|e| e.into_inner());
        if slot.as_ref().is_none_or(|(earlier, _)| n < *earlier) {
            *slot = Some((n, sidebar_output(theme, output)));
        }
    }

    /// The sidebars, in the order of their keys.
    pub(super) fn into_outputs(self) -> Vec<Output> {
        self.first
            .into_iter()
            .filter_map(|(_, slot)| slot.into_inner().unwrap_or_else(|e| e.into_inner()))
            .map(|(_, sidebar)| sidebar)
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_needles_are_found_where_they_first_occur_whole() {
        let needle = format!("{}b", "a".repeat(70));
        let haystack = format!("{}{needle}{needle}", "a".repeat(100));
        assert_eq!(find_long(haystack.as_bytes(), needle.as_bytes()), Some(100));
        assert_eq!(
            find_long(&haystack.as_bytes()[..170], needle.as_bytes()),
            None
        );
    }
}
