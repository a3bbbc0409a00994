//! Shortcode expansion: the placeholders left in a page's HTML for its shortcode calls are
//! replaced by what each call expands to for the placement, and malformed or failed calls
//! are reported.

use super::print::print_prefix;
use super::shortcodes::{self, Call, next_placeholder};
use super::{Expand, Expansion, Placement};
use crate::diagnostics::Diagnostic;
use crate::model::{PRINT_PATH, Site};

/// Expands the shortcodes of a page's HTML (`html`, rendered for `placement`) in place.
pub(super) fn expand_shortcodes(
    site: &Site,
    index: usize,
    expander: &dyn Expand,
    placement: Placement,
    prepared: Option<&shortcodes::Prepared>,
    html: &mut String,
) -> Vec<Diagnostic> {
    let mut diagnostics = Vec::new();
    let Some(prepared) = prepared else {
        return diagnostics;
    };
    let page = &site.pages[index];
    let file = page.loaded.shown_path();
    let source = &page.loaded.source;
    let (placed_at, id_prefix) = match placement {
        Placement::Own => (page.path.as_str(), String::new()),
        Placement::Print => (PRINT_PATH, print_prefix(&page.path)),
    };
    for error in &prepared.errors {
        let d = Diagnostic::error(&file, format!("malformed shortcode: {}", error.message))
            .at_offset(source, page.loaded.file_offset(error.offset));
        diagnostics.push(match error.help {
            Some(help) => d.with_help(help),
            None => d,
        });
    }
    // Numbering is shared by calls and errors in order of appearance.
    let mut numbered: Vec<(usize, Option<&Call>)> = prepared
        .calls
        .iter()
        .map(|c| (c.span.start, Some(c)))
        .chain(prepared.errors.iter().map(|e| (e.offset, None)))
        .collect();
    numbered.sort_by_key(|(start, _)| *start);
    // Each placeholder's expansion, by number (none for a malformed call or one that
    // failed), then every placeholder replaced in one pass over the HTML: replacing them one
    // by one copied the page's HTML once per call (8.5 s for a page of 5,000 calls).
    let expansions: Vec<Option<(&Call, Expansion)>> = numbered
        .into_iter()
        .enumerate()
        .map(|(n, (_, call))| {
            let call = call?;
            match expander.expand(call, placed_at, &format!("{id_prefix}sc{n}-")) {
                Ok(expansion) => Some((call, expansion)),
                Err(e) => {
                    let at = page.loaded.file_offset(call.span.start);
                    let d = Diagnostic::error(&file, e.message).at_offset(source, at);
                    diagnostics.push(match e.help {
                        Some(h) => d.with_help(h),
                        None => d,
                    });
                    None
                }
            }
        })
        .collect();
    let mut out = String::with_capacity(html.len() + html.len() / 4);
    let mut rest = html.as_str();
    while let Some((before, n, after)) = next_placeholder(rest) {
        out.push_str(before);
        rest = after;
        let Some(Some((call, expansion))) = expansions.get(n) else {
            continue;
        };
        if !expansion.block {
            out.push_str(&expansion.html);
            continue;
        }
        // A block stands in for the paragraph that holds only its placeholder.
        const OPEN_P: &str = "<p>";
        const CLOSE_P: &str = "</p>\n";
        if out.ends_with(OPEN_P) && rest.starts_with(CLOSE_P) {
            out.truncate(out.len() - OPEN_P.len());
            out.push_str(&expansion.html);
            rest = &rest[CLOSE_P.len()..];
        } else {
            diagnostics.push(
                Diagnostic::error(
                    &file,
                    format!("`{}` must stand alone in its paragraph", call.name),
                )
                .at_offset(source, page.loaded.file_offset(call.span.start))
                .with_help("put a blank line before and after the shortcode"),
            );
        }
    }
    out.push_str(rest);
    *html = out;
    diagnostics
}
