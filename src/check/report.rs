//! Turning what the check found in the outputs into diagnostics, each pointed at the line
//! that wrote the problem where it can be found: an id an output has twice, and a broken
//! link a template emits, reported once for all the pages it breaks.

use std::collections::BTreeMap;

use rustc_hash::FxHashMap as HashMap;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::markdown::print_id;
use crate::model::{PRINT_PATH, Site};
use crate::output::Output;
use crate::render::{RenderedSite, Theme};
use crate::url;

use super::memo::{Broken, Memo};
use super::raw_html::report_raw_html_links;
use super::scan::Scan;

/// Reports each id an output has twice: a link to it could only ever reach the first, and
/// the page is not valid HTML. A heading's id is told at the heading (its author can give it
/// another), any other at the first place that writes it: the page's own HTML, or a template.
pub(super) fn report_ids_twice(
    site: &Site,
    theme: &Theme,
    rendered: &RenderedSite,
    outputs: &[&Output],
    scans: &HashMap<String, Scan>,
    diagnostics: &mut Diagnostics,
) {
    for output in outputs {
        let Some(scan) = scans.get(&output.path).filter(|s| !s.twice.is_empty()) else {
            continue;
        };
        let own_page = site
            .pages
            .iter()
            .position(|p| url::output_file(&p.path) == output.path);
        let on_print_page = output.path == url::output_file(PRINT_PATH);
        let template = output.template.as_deref().unwrap_or("the generator");
        for id in &scan.twice {
            let message = format!(
                "the id `{id}` is on two elements of the output file {}, so a link to \
                 `#{id}` reaches only the first",
                output.path
            );
            // On the print page, a page's ids carry its prefix: the id is traced back to
            // its page, and not told again when the page itself has it twice.
            let (page, id) = match (own_page, on_print_page) {
                (None, true) => match print_page_origin(site, id) {
                    Some((i, own)) if twice_on_page(site, scans, i, own) => continue,
                    // Two pages at one URL share their section's id: the URL is told.
                    Some((i, "")) if shares_its_path(site, i) => continue,
                    Some((i, own)) => (Some(i), own),
                    None => (None, id.as_str()),
                },
                _ => (own_page, id.as_str()),
            };
            let heading = page.and_then(|i| {
                let (_, offset) = rendered.pages[i].ids.iter().find(|(h, _)| h == id)?;
                Some((&site.pages[i], *offset))
            });
            let written = format!("id=\"{id}\"");
            // Raw HTML may write the id with character references (`a&quot;b`).
            let escaped = format!("id=\"{}\"", crate::html::escape(id));
            let in_source = page.and_then(|i| {
                let page = &site.pages[i];
                let source = &page.loaded.source;
                let offset = source.find(&written).or_else(|| source.find(&escaped))?;
                Some((page, offset))
            });
            let diagnostic = match (heading, in_source) {
                (Some((page, offset)), _) => Diagnostic::error(page.loaded.shown_path(), message)
                    .at_offset(&page.loaded.source, offset)
                    .with_help(format!(
                        "the page's template ({template}) or its HTML has an element \
                             with this id too; give the heading an id of its own, as in \
                             `## Title {{#another-id}}`"
                    )),
                (None, Some((page, offset))) => {
                    Diagnostic::error(page.loaded.shown_path(), message)
                        .at_offset(&page.loaded.source, offset)
                }
                (None, None) => theme
                    .error_at_text(&written, &message)
                    .unwrap_or_else(|| Diagnostic::error(&output.source, message)),
            };
            diagnostics.push(diagnostic);
        }
    }
}

/// The page an id of the print page comes from, and its id on its own page: the page whose
/// section id starts it (the longest, as `ch-a-b` is within `ch-a`).
fn print_page_origin<'i>(site: &Site, id: &'i str) -> Option<(usize, &'i str)> {
    site.pages
        .iter()
        .enumerate()
        .filter_map(|(i, page)| {
            let rest = id.strip_prefix(print_id(&page.path).as_str())?;
            match rest {
                "" => Some((i, rest)),
                _ => Some((i, rest.strip_prefix('-')?)),
            }
        })
        .min_by_key(|(_, rest)| rest.len())
}

/// Whether another page has page `i`'s path.
fn shares_its_path(site: &Site, i: usize) -> bool {
    let path = &site.pages[i].path;
    site.pages.iter().filter(|p| &p.path == path).count() > 1
}

/// Whether page `i`'s own output has `id` twice (and so is told there).
fn twice_on_page(site: &Site, scans: &HashMap<String, Scan>, i: usize, id: &str) -> bool {
    scans
        .get(&url::output_file(&site.pages[i].path))
        .is_some_and(|scan| scan.twice.iter().any(|t| t == id))
}

/// Reports the template-link problems that the last check of each of `pages` and `sidebars`
/// found: a link a page's raw HTML writes at its line there, and each other broken target
/// once, at the template line that writes it when there is one.
pub(super) fn report_template_links(
    site: &Site,
    theme: &Theme,
    base: &str,
    pages: &[&Output],
    sidebars: &[&Output],
    memo: &Memo,
    diagnostics: &mut Diagnostics,
) {
    let mut problems: Vec<(&Broken, &Output)> = Vec::new();
    for (outputs, scans) in [(pages, &memo.outputs), (sidebars, &memo.sidebars)] {
        for output in outputs {
            if let Some(c) = scans.get(&output.path).and_then(|s| s.checked.as_ref()) {
                problems.extend(c.problems.iter().map(|broken| (broken, *output)));
            }
        }
    }
    let problems = report_raw_html_links(site, problems, diagnostics);
    // One broken link in a template breaks every page it renders: report it once.
    let mut by_target: BTreeMap<&str, (String, &Output, usize)> = BTreeMap::new();
    for (broken, output) in problems {
        by_target
            .entry(broken.target.as_str())
            .and_modify(|e| e.2 += 1)
            .or_insert_with(|| (broken.message(), output, 0));
    }
    for (target, (message, output, more)) in by_target {
        let template = output.template.as_deref().unwrap_or("the generator");
        let also = match more {
            0 => String::new(),
            1 => " and 1 other page".to_string(),
            n => format!(" and {n} other pages"),
        };
        let help = format!("seen in the output file {}{also}", output.path);
        // Point at the template line that writes the link when it is written literally
        // (`{{ root }}about/`); a link built from data is reported on the page's source.
        let literal = literal_part(target, base);
        let located = (!literal.is_empty())
            .then(|| theme.error_at_text(literal, &message))
            .flatten();
        let diagnostic = located
            .unwrap_or_else(|| Diagnostic::error(&output.source, format!("{template} {message}")));
        diagnostics.push(diagnostic.with_help(help));
    }
}

/// The part of a site path a template is likely to spell out: without the base path.
fn literal_part<'t>(target: &'t str, base: &str) -> &'t str {
    target
        .strip_prefix(base)
        .unwrap_or(target)
        .trim_start_matches('/')
}
