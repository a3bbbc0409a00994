//! The check stage: on the rendered site, every link written in Markdown (reported at its
//! line) and every link the templates emit (navigation, role links) must reach a file of the
//! output, and every `#anchor` an id on the target page; no output may have an id twice.
//! [`check`] scans the HTML outputs for their ids and links (`scan`), indexes the site's
//! files and their ids (`index`), resolves the links against that index (`links`) and turns
//! what fails into diagnostics (`report`; a link a chapter's raw HTML writes, at its line
//! there: `raw_html`). A session keeps what each build found in a
//! [`Memo`] (`memo`), so the next build reads and checks again only what changed.

mod index;
mod links;
mod memo;
mod pathways;
mod raw_html;
mod report;
mod scan;

use rayon::prelude::*;

use crate::config::base_path;
use crate::diagnostics::Diagnostics;
use crate::model::Site;
use crate::output::Output;
use crate::render::{RenderedSite, Theme};
use links::Bases;

use index::Index;
use links::{check_markdown_links, check_output};
use memo::Checked;
pub(crate) use memo::Memo;
use report::{report_ids_twice, report_template_links};
use scan::rescan;
pub(crate) use scan::{Scanned, Scanner, scan};

/// Checks links, reusing from `memo` what the last build of the session found in outputs
/// that did not change. Template links are only checked when nothing else failed.
pub(crate) fn check(
    site: &Site,
    theme: &Theme,
    rendered: &RenderedSite,
    memo: &mut Memo,
    diagnostics: &mut Diagnostics,
) {
    fn html(outputs: &[Output]) -> Vec<&Output> {
        outputs
            .iter()
            .filter(|o| o.path.ends_with(".html"))
            .collect()
    }
    let (pages, sidebars) = (html(&rendered.outputs), html(&rendered.sidebars));
    memo.builds += 1;
    rescan(&mut memo.outputs, &pages, memo.builds);
    rescan(&mut memo.sidebars, &sidebars, memo.builds);

    report_ids_twice(site, theme, rendered, &pages, &memo.outputs, diagnostics);
    let index = Index::new(site, rendered, &memo.outputs);
    check_markdown_links(site, rendered, &index, &mut memo.markdown, diagnostics);
    if !diagnostics.has_errors() {
        // Like the templates' links, checked once everything else is right: a page's
        // ids may be missing for another reason (two pages at one URL).
        pathways::check_pathway_anchors(site, &index, diagnostics);
    }
    if diagnostics.has_errors() {
        // Template links are checked once the Markdown's own links are right, so one
        // broken link is not reported twice.
        return;
    }
    let base = base_path(&site.config.base_url);
    // A translation's site is a folder of the whole guide's: a link out of it (the
    // language switcher) leads to another language's page, checked with that language.
    let guide_base = match &site.localized {
        Some(l) if !l.is_source() => base_path(&l.editions[0].base_url),
        _ => base,
    };
    let translations = match &site.localized {
        Some(l) if l.is_source() => (l.editions[1..].iter())
            .map(|e| format!("{}/", e.tag))
            .collect(),
        _ => Vec::new(),
    };
    let base = Bases {
        site: base,
        guide: guide_base,
        translations,
    };
    // Check again the outputs whose links may now give other results.
    for (outputs, scans) in [(&pages, &mut memo.outputs), (&sidebars, &mut memo.sidebars)] {
        let rechecked: Vec<Option<Checked>> = outputs
            .par_iter()
            .map(|o| {
                let scan = scans.get(&o.path)?;
                match &scan.checked {
                    Some(c) if c.still_valid(&index) => None,
                    _ => Some(check_output(&index, &base, &o.path, &scan.links)),
                }
            })
            .collect();
        for (o, checked) in outputs.iter().zip(rechecked) {
            if let (Some(checked), Some(scan)) = (checked, scans.get_mut(&o.path)) {
                scan.checked = Some(checked);
            }
        }
    }
    report_template_links(site, theme, base.site, &pages, &sidebars, memo, diagnostics);
}
