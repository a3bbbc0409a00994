//! A page's Markdown for a build: rendered for its own page and the print page in one
//! parse, or taken from the memo where its inputs did not change.

use std::sync::Arc;

use super::memo::{self, Lookup};
use super::shortcodes::Shortcodes;
use crate::diagnostics::Diagnostic;
use crate::markdown::{self, Placement, Rendered};
use crate::model::Site;

/// A page's Markdown, rendered for its own page and (when it is on it) the print page.
pub(super) struct PageMarkdown {
    pub(super) own: Arc<Rendered>,
    /// Problems found in it (those of the print rendering are the same, told once).
    pub(super) problems: Vec<Diagnostic>,
    pub(super) print: Option<Arc<Rendered>>,
    /// Both renderings as the memo keeps them, in a build that has one.
    pub(super) remembered: Option<(memo::Markdown, Option<memo::Markdown>)>,
}

/// Renders page `i`'s Markdown, or takes it from the memo, parsing it once for every
/// placement that needs a fresh rendering.
pub(super) fn page_markdown(
    site: &Site,
    lookup: Option<&Lookup<'_>>,
    expander: &Shortcodes<'_>,
    i: usize,
    on_print_page: bool,
) -> PageMarkdown {
    // The print page needs only the chapter's HTML, and what kind of HTML it is.
    let print_only_html = |rendered: Rendered| Rendered {
        html: rendered.html,
        written: rendered.written,
        ..Rendered::default()
    };
    let Some(lookup) = lookup else {
        let placements: &[Placement] = match on_print_page {
            true => &[Placement::Own, Placement::Print],
            false => &[Placement::Own],
        };
        let mut fresh = markdown::render_placements(site, i, expander, placements).into_iter();
        let (own, problems) = fresh.next().unwrap_or_default();
        let print = fresh
            .next()
            .map(|(rendered, _)| Arc::new(print_only_html(rendered)));
        return PageMarkdown {
            own: Arc::new(own),
            problems,
            print,
            remembered: None,
        };
    };
    let own = lookup.markdown(site, i, Placement::Own);
    let print = on_print_page.then(|| lookup.markdown(site, i, Placement::Print));
    let mut missing = Vec::new();
    if own.is_err() {
        missing.push(Placement::Own);
    }
    if matches!(print, Some(Err(_))) {
        missing.push(Placement::Print);
    }
    let mut fresh = markdown::render_placements(site, i, expander, &missing).into_iter();
    let own = own.unwrap_or_else(|key| {
        let (rendered, problems) = fresh.next().unwrap_or_default();
        memo::Markdown::new(key, rendered, problems)
    });
    let print = print.map(|print| {
        print.unwrap_or_else(|key| {
            // The print page uses only the HTML; its problems are the page's own.
            let (rendered, _) = fresh.next().unwrap_or_default();
            memo::Markdown::new(key, print_only_html(rendered), Vec::new())
        })
    });
    PageMarkdown {
        own: own.rendered.clone(),
        problems: own.diagnostics.clone(),
        print: print.as_ref().map(|m| m.rendered.clone()),
        remembered: Some((own, print)),
    }
}
