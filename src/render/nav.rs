//! The sidebar, rendered once per kind of page rather than once per page.
//!
//! A sidebar differs between two pages only in how deep they are (`root`), which branch of
//! the chapter tree is open, and which link is the current page. So `partials/nav.html` is
//! rendered once for each (root, open branch) pair in use, and each page gets a copy with
//! its own link marked `aria-current="page"`. On a guide of 10,000 pages in 100 sections
//! that is about 200 renders instead of 10,000, and no page lists all 10,000 others.

use std::collections::{BTreeSet, HashMap};

use bytes::Bytes;
use rayon::prelude::*;
use tera::Context;

use super::Theme;
use super::context::NavItem;
use crate::diagnostics::Diagnostic;
use crate::model::{PageKind, Site};

/// The template every sidebar is rendered from.
pub const TEMPLATE: &str = "partials/nav.html";

/// Sections with at most this many children are always shown open; larger ones only
/// on the way to the current page, so a page's sidebar stays short in a large guide.
pub const ALWAYS_OPEN: usize = 12;

/// Which sidebar a page gets: its `root` and the section whose branch is open.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct NavKey {
    pub root: String,
    pub open: Option<usize>,
}

impl NavKey {
    /// The sidebar of page `i` opens the branch down to the page itself when it is a
    /// section, or to its parent section otherwise.
    pub fn of_page(site: &Site, i: usize, root: &str) -> NavKey {
        let page = &site.pages[i];
        let open = match page.kind {
            PageKind::Chapter => page.parent,
            _ => Some(i),
        };
        NavKey {
            root: root.to_string(),
            open,
        }
    }

    /// A generated page (roles, compare, glossary, ...) opens no branch.
    pub fn generated(root: &str) -> NavKey {
        NavKey {
            root: root.to_string(),
            open: None,
        }
    }
}

/// Every sidebar the site needs, rendered.
#[derive(Default)]
pub struct Sidebars {
    by_key: HashMap<NavKey, Bytes>,
}

impl Sidebars {
    /// Renders one sidebar per distinct key, in parallel. Without a nav template the
    /// sidebars are empty, and themes may still walk the global `nav` tree themselves.
    pub fn render(
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
                ctx.insert("root", &key.root);
                ctx.insert("nav", &tree(site, key.open));
                let html = theme
                    .tera
                    .render(TEMPLATE, &ctx)
                    .map_err(|e| theme.diagnostic(&e, Some("the sidebar")))?;
                Ok((key, Bytes::from(html)))
            })
            .collect::<Result<_, Diagnostic>>()?;
        Ok(Sidebars { by_key })
    }

    /// The sidebar for a page at `current_path`, its own link marked as the current page:
    /// as parts of the page that share the sidebar's bytes with every other page showing it.
    pub fn for_page(&self, key: &NavKey, current_path: &str) -> Vec<Bytes> {
        let Some(html) = self.by_key.get(key) else {
            return Vec::new();
        };
        let link = format!("href=\"{}{}\"", key.root, current_path);
        match memchr::memmem::find(html, link.as_bytes()) {
            Some(at) => {
                let end = at + link.len();
                vec![
                    html.slice(..end),
                    Bytes::from_static(b" aria-current=\"page\""),
                    html.slice(end..),
                ]
            }
            None => vec![html.clone()],
        }
    }
}

/// The chapter tree with only the open branch, and small sections, expanded.
fn tree(site: &Site, open: Option<usize>) -> Vec<NavItem<'_>> {
    let mut on_path = BTreeSet::new();
    let mut up = open;
    while let Some(i) = up {
        on_path.insert(i);
        up = site.pages[i].parent;
    }
    fn item<'s>(site: &'s Site, i: usize, on_path: &BTreeSet<usize>) -> NavItem<'s> {
        let page = &site.pages[i];
        let expanded = on_path.contains(&i) || page.children.len() <= ALWAYS_OPEN;
        NavItem {
            title: &page.meta().title,
            path: &page.path,
            children: if expanded {
                page.children
                    .iter()
                    .map(|&c| item(site, c, on_path))
                    .collect()
            } else {
                Vec::new()
            },
        }
    }
    site.pages
        .first()
        .map(|home| {
            home.children
                .iter()
                .map(|&c| item(site, c, &on_path))
                .collect()
        })
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marks_only_the_current_link() {
        let key = NavKey::generated("../");
        let mut sidebars = Sidebars::default();
        sidebars.by_key.insert(
            key.clone(),
            Bytes::from_static(br#"<a href="../a/">A</a><a href="../b/">B</a>"#),
        );
        let joined = |parts: Vec<Bytes>| parts.concat();
        assert_eq!(
            joined(sidebars.for_page(&key, "b/")),
            br#"<a href="../a/">A</a><a href="../b/" aria-current="page">B</a>"#
        );
        assert_eq!(
            joined(sidebars.for_page(&key, "c/")),
            br#"<a href="../a/">A</a><a href="../b/">B</a>"#
        );
    }
}
