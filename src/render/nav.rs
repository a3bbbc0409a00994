//! The sidebar, rendered once per kind of page rather than once per page.
//!
//! A sidebar differs between two pages only in how deep they are (`root`), which branch of
//! the chapter tree is open, which chapters it lists (in a guide of more than
//! [`CHAPTERS_SHOWN`], those around the page's own; in a section of more than
//! [`PAGES_SHOWN`], the pages around the page's own) and which link is the current page. So
//! `partials/nav.html` is rendered once for each such key in use, and each page gets a copy
//! with its own link marked `aria-current="page"`. A page's sidebar then lists at most
//! [`CHAPTERS_SHOWN`] chapters and [`PAGES_SHOWN`] pages of each open section, whatever the
//! guide's size or shape: the bytes written grow with the pages, never with their square.

use std::collections::BTreeSet;

use bytes::Bytes;
use rayon::prelude::*;
use rustc_hash::FxHashMap as HashMap;
use tera::Context;

use super::Theme;
use super::context::NavItem;
use crate::diagnostics::Diagnostic;
use crate::fingerprint::Fingerprint;
use crate::model::{HOME, PageKind, Site};

/// The template every sidebar is rendered from.
pub(crate) const TEMPLATE: &str = "partials/nav.html";

/// Sections with at most this many children are always shown open; larger ones only
/// on the way to the current page, so a page's sidebar stays short in a large guide.
pub(crate) const ALWAYS_OPEN: usize = 12;

/// A guide with more chapters than this lists this many in each sidebar, around the
/// current one, and all of them on the home page. A page's sidebar then stays the same
/// length however many chapters the guide has, and the bytes written grow with the pages
/// rather than with pages times chapters.
pub(crate) const CHAPTERS_SHOWN: usize = 25;

/// A section with more pages than this lists this many in the sidebar of a page in it,
/// around that page; the section's own page lists them all. Without a limit, a section of
/// 2,000 pages wrote 2,000 links into each of its 2,000 pages: 215 MB for 2,000 short pages.
pub(crate) const PAGES_SHOWN: usize = 25;

/// The windows of a large section's pages start at multiples of this (less a margin), so
/// the pages of a section share a few sidebars rather than each having its own (9 for a
/// section of 100 pages), and every page still has at least 6 neighbours listed on either
/// side (fewer only at the ends of the section).
const WINDOW_STEP: usize = 12;

/// Which sidebar a page gets: its `root`, the section whose branch is open, and, in a
/// guide with more chapters than [`CHAPTERS_SHOWN`], the top-level chapter the page is in.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) struct NavKey {
    pub root: String,
    pub open: Option<usize>,
    pub around: Option<usize>,
    /// For each section on the way to the page that has more than [`PAGES_SHOWN`] pages:
    /// the section, and the first of its pages listed.
    pub windows: Vec<(usize, usize)>,
}

impl NavKey {
    /// The sidebar of page `i` opens the branch down to the page itself when it is a
    /// section, or to its parent section otherwise, and lists the chapters around the one
    /// the page is in.
    pub(crate) fn of_page(site: &Site, i: usize, root: &str) -> NavKey {
        let page = &site.pages[i];
        let open = match page.kind {
            PageKind::Chapter => page.parent,
            _ => Some(i),
        };
        NavKey {
            root: root.to_string(),
            open,
            // Only a guide whose sidebars leave chapters out needs to walk up from the page.
            around: sidebars_list_some_chapters(site).then(|| top_level_chapter(site, i)),
            windows: windows(site, i),
        }
    }

    /// A generated page (roles, compare, glossary, ...) opens no branch and lists the
    /// first chapters.
    pub(crate) fn generated(root: &str) -> NavKey {
        NavKey {
            root: root.to_string(),
            open: None,
            around: None,
            windows: Vec::new(),
        }
    }
}

/// The windows of [`NavKey::windows`] for page `i`: every section above it (the home page,
/// whose chapters are windowed by `around`, aside) with more than [`PAGES_SHOWN`] pages
/// lists those around the one on the way down to page `i`. A section's own page lists its
/// pages from the first (the default for a section not in the list).
fn windows(site: &Site, i: usize) -> Vec<(usize, usize)> {
    let mut windows = Vec::new();
    let mut child = i;
    while let Some(section) = site.pages[child].parent.filter(|&p| p != HOME) {
        let pages = site.pages[section].children.len();
        if pages > PAGES_SHOWN {
            windows.push((section, window_start(site.pages[child].place, pages)));
        }
        child = section;
    }
    windows
}

/// The first of `len` pages listed around the one at `at`: a multiple of [`WINDOW_STEP`],
/// less a margin that keeps `at` away from the window's ends, within the list.
fn window_start(at: usize, len: usize) -> usize {
    let margin = (PAGES_SHOWN - WINDOW_STEP) / 2;
    (at / WINDOW_STEP * WINDOW_STEP)
        .saturating_sub(margin)
        .min(len.saturating_sub(PAGES_SHOWN))
}

/// The top-level chapters, in order (the home page's children).
fn chapters(site: &Site) -> &[usize] {
    site.pages.first().map_or(&[], |home| &home.children)
}

/// The top-level chapter that holds page `i` (or is it); the home page for the home page.
fn top_level_chapter(site: &Site, i: usize) -> usize {
    let mut top = i;
    while let Some(parent) = site.pages[top].parent.filter(|&p| p != HOME) {
        top = parent;
    }
    top
}

/// Where a sidebar starts listing chapters: with the chapter it is `around` in the middle
/// of the window, as far as the ends of the list allow.
fn first_chapter_shown(site: &Site, around: Option<usize>) -> usize {
    let chapters = chapters(site);
    let Some(at) = around.and_then(|top| chapters.iter().position(|&c| c == top)) else {
        return 0;
    };
    at.saturating_sub(CHAPTERS_SHOWN / 2)
        .min(chapters.len().saturating_sub(CHAPTERS_SHOWN))
}

/// Whether the guide has more chapters than a sidebar lists.
pub(crate) fn sidebars_list_some_chapters(site: &Site) -> bool {
    chapters(site).len() > CHAPTERS_SHOWN
}

/// Every sidebar the site needs, rendered.
#[derive(Default)]
pub(crate) struct Sidebars {
    by_key: HashMap<NavKey, Sidebar>,
}

/// One rendered sidebar, with what every page that shows it needs found once.
struct Sidebar {
    html: Bytes,
    /// Where each `href="…"` ends, by a fingerprint of its bytes, sorted: a page finds its
    /// own link without reading the sidebar, whose length grows with the guide.
    link_ends: Vec<(u64, usize)>,
    /// Whether any element has an `id`; most sidebars have none, and then the link check
    /// need not read a page's copy.
    has_ids: bool,
}

/// A page's sidebar: its parts, sharing the sidebar's bytes with every other page that
/// shows it.
pub(crate) struct PageSidebar {
    pub parts: Vec<Bytes>,
    pub has_ids: bool,
}

impl Sidebar {
    fn new(html: Bytes) -> Sidebar {
        let mut link_ends = Vec::new();
        for start in memchr::memmem::find_iter(&html, HREF) {
            let value = start + HREF.len();
            if let Some(quote) = memchr::memchr(b'"', &html[value..]) {
                let end = value + quote + 1;
                link_ends.push((fingerprint(&html[start..end]), end));
            }
        }
        link_ends.sort_unstable();
        let has_ids = crate::output::may_hold_ids(&html);
        Sidebar {
            html,
            link_ends,
            has_ids,
        }
    }

    /// Where the first `link` (a whole `href="…"` without a quote inside) ends. Every
    /// occurrence of `link` starts one of the `href="` indexed, and the value it holds ends
    /// at the first quote, so the first indexed end whose bytes are `link` is the answer.
    fn end_of(&self, link: &[u8]) -> Option<usize> {
        let key = fingerprint(link);
        let from = self.link_ends.partition_point(|&(k, _)| k < key);
        self.link_ends[from..]
            .iter()
            .take_while(|&&(k, _)| k == key)
            .map(|&(_, end)| end)
            .find(|&end| end >= link.len() && &self.html[end - link.len()..end] == link)
    }
}

const HREF: &[u8] = b"href=\"";

fn fingerprint(bytes: &[u8]) -> u64 {
    Fingerprint::new().with(bytes).finish()
}

impl Sidebars {
    /// Renders one sidebar per distinct key, in parallel. Without a nav template the
    /// sidebars are empty, and themes may still walk the global `nav` tree themselves.
    pub(crate) fn render(
        site: &Site,
        theme: &Theme,
        keys: BTreeSet<NavKey>,
    ) -> Result<Sidebars, Diagnostic> {
        if !theme.has(TEMPLATE) {
            return Ok(Sidebars::default());
        }
        let by_key = keys
            .into_par_iter()
            .map(|key| {
                let mut ctx = Context::new();
                let (nav, earlier, later) = tree(site, &key);
                ctx.insert("root", &key.root);
                ctx.insert("nav", &nav);
                ctx.insert("nav_earlier", &earlier);
                ctx.insert("nav_later", &later);
                let html = theme
                    .tera
                    .render(TEMPLATE, &ctx)
                    .map_err(|e| theme.diagnostic(&e, Some("the sidebar")))?;
                Ok((key, Sidebar::new(Bytes::from(html))))
            })
            .collect::<Result<_, Diagnostic>>()?;
        Ok(Sidebars { by_key })
    }

    /// The sidebar for a page at `current_path`, its own link marked as the current page.
    pub(crate) fn for_page(&self, key: &NavKey, current_path: &str) -> PageSidebar {
        let Some(sidebar) = self.by_key.get(key) else {
            return PageSidebar {
                parts: Vec::new(),
                has_ids: false,
            };
        };
        let html = &sidebar.html;
        let link = format!("href=\"{}{}\"", key.root, current_path);
        let end = match link[HREF.len()..link.len() - 1].contains('"') {
            false => sidebar.end_of(link.as_bytes()),
            true => memchr::memmem::find(html, link.as_bytes()).map(|at| at + link.len()),
        };
        let parts = match end {
            Some(end) => vec![
                html.slice(..end),
                Bytes::from_static(b" aria-current=\"page\""),
                html.slice(end..),
            ],
            None => vec![html.clone()],
        };
        PageSidebar {
            parts,
            has_ids: sidebar.has_ids,
        }
    }
}

/// The chapters the sidebar of `key` lists, with only the open branch and small sections
/// expanded, and how many chapters it leaves out before and after them.
fn tree<'s>(site: &'s Site, key: &NavKey) -> (Vec<NavItem<'s>>, usize, usize) {
    let mut on_path = BTreeSet::new();
    let mut up = key.open;
    while let Some(i) = up {
        on_path.insert(i);
        up = site.pages[i].parent;
    }
    fn item<'s>(site: &'s Site, i: usize, on_path: &BTreeSet<usize>, key: &NavKey) -> NavItem<'s> {
        let page = &site.pages[i];
        let pages = &page.children;
        let expanded = on_path.contains(&i) || pages.len() <= ALWAYS_OPEN;
        let (first, shown) = match expanded {
            false => (0, 0),
            true if pages.len() <= PAGES_SHOWN => (0, pages.len()),
            true => {
                let first = key
                    .windows
                    .iter()
                    .find(|&&(s, _)| s == i)
                    .map_or(0, |w| w.1);
                (first, PAGES_SHOWN)
            }
        };
        NavItem {
            title: &page.meta().title,
            path: &page.path,
            children: pages[first..first + shown]
                .iter()
                .map(|&c| item(site, c, on_path, key))
                .collect(),
            lang: crate::render::context::fallback_lang(site, page),
            earlier: if shown > 0 { first } else { 0 },
            later: if shown > 0 {
                pages.len() - first - shown
            } else {
                0
            },
        }
    }
    let (chapters, first) = (chapters(site), first_chapter_shown(site, key.around));
    let items: Vec<_> = chapters
        .iter()
        .skip(first)
        .take(CHAPTERS_SHOWN)
        .map(|&c| item(site, c, &on_path, key))
        .collect();
    let later = chapters.len() - first - items.len();
    (items, first, later)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sidebars_of(key: &NavKey, html: &'static [u8]) -> Sidebars {
        let mut sidebars = Sidebars::default();
        let sidebar = Sidebar::new(Bytes::from_static(html));
        sidebars.by_key.insert(key.clone(), sidebar);
        sidebars
    }

    fn marked(sidebars: &Sidebars, key: &NavKey, path: &str) -> Vec<u8> {
        sidebars.for_page(key, path).parts.concat()
    }

    /// Every page of a large section is in its window, at least 6 pages from the window's
    /// ends unless near the section's, and a section's pages share few windows.
    #[test]
    fn a_window_holds_its_page_and_a_section_has_few_windows() {
        for len in PAGES_SHOWN + 1..300 {
            let mut starts = BTreeSet::new();
            for at in 0..len {
                let start = window_start(at, len);
                let end = start + PAGES_SHOWN;
                assert!(
                    start <= at && at < end && end <= len,
                    "{at} of {len}: {start}"
                );
                assert!(at - start >= 6.min(at), "{at} of {len}: {start}");
                assert!(
                    end - 1 - at >= 6.min(len - 1 - at),
                    "{at} of {len}: {start}"
                );
                starts.insert(start);
            }
            assert!(starts.len() <= len / WINDOW_STEP + 2, "{len}: {starts:?}");
        }
    }

    #[test]
    fn marks_only_the_current_link() {
        let key = NavKey::generated("../");
        let sidebars = sidebars_of(&key, br#"<a href="../a/">A</a><a href="../b/">B</a>"#);
        assert_eq!(
            marked(&sidebars, &key, "b/"),
            br#"<a href="../a/">A</a><a href="../b/" aria-current="page">B</a>"#
        );
        assert_eq!(
            marked(&sidebars, &key, "c/"),
            br#"<a href="../a/">A</a><a href="../b/">B</a>"#
        );
        assert!(!sidebars.for_page(&key, "b/").has_ids);
    }

    /// The index finds what a search of the whole sidebar for the page's link finds: the
    /// first place the link is written, not a longer link it starts, nor a link it ends.
    #[test]
    fn marks_where_a_search_of_the_whole_sidebar_would() {
        let key = NavKey::generated("");
        let html: &[u8] = br#"<nav id="n"><a href="b/c/">C</a><a data-href="b/">x</a><a href="xb/">X</a><a href="b/">B</a><a href="b/">B again</a><a href="unclosed"#;
        let sidebars = sidebars_of(&key, html);
        assert!(sidebars.for_page(&key, "b/").has_ids);
        for path in ["b/", "b/c/", "xb/", "c/", "unclosed", "q\"uote/"] {
            let link = format!("href=\"{path}\"");
            let expected = match memchr::memmem::find(html, link.as_bytes()) {
                Some(at) => {
                    let end = at + link.len();
                    [&html[..end], b" aria-current=\"page\"", &html[end..]].concat()
                }
                None => html.to_vec(),
            };
            assert_eq!(marked(&sidebars, &key, path), expected, "{path}");
        }
        let b = marked(&sidebars, &key, "b/");
        assert!(
            String::from_utf8(b)
                .unwrap()
                .contains(r#"data-href="b/" aria-current"#)
        );
    }
}
