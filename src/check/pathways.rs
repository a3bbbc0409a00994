//! The `#anchor` of each pathway step's `explained_in`, checked against the ids of the
//! chapter it names and reported at its line in the role file. Checked here, before the
//! links the templates emit, so the same mistake is not told again at every page and print
//! page that draws the route. (The chapter itself was checked with the model.)

use crate::diagnostics::{Diagnostic, Diagnostics, suggest};
use crate::html::percent_decode;
use crate::model::Site;
use crate::model::pathways::key_offset;
use crate::url;

use super::index::Index;

pub(super) fn check_pathway_anchors(site: &Site, index: &Index<'_>, diagnostics: &mut Diagnostics) {
    for entry in &site.roles {
        let r = &entry.loaded;
        let Some(pathway) = &r.role.pathway else {
            continue;
        };
        for (key, _, step) in pathway.steps() {
            let Some((file, fragment)) = step
                .explained_in
                .as_deref()
                .and_then(|written| written.split_once('#'))
            else {
                continue;
            };
            let Some(&target) = site.page_by_file.get(file) else {
                continue;
            };
            let Some(ids) = index.ids(&url::output_file(&site.pages[target].path)) else {
                continue;
            };
            if fragment.is_empty()
                || ids.contains(fragment)
                || ids.contains(&percent_decode(fragment))
            {
                continue;
            }
            let at = key_offset(&r.source, &format!("pathway.{key}.explained_in")).unwrap_or(0);
            // Sorted, so that a tie always suggests the same id.
            let mut known: Vec<&str> = ids.iter().map(String::as_str).collect();
            known.sort_unstable();
            let help = match suggest(fragment, known) {
                Some(best) => format!("did you mean `#{best}`?"),
                None => "name a heading's id on that page, as its self-link shows it".into(),
            };
            diagnostics.push(
                Diagnostic::error(
                    &r.path,
                    format!(
                        "`pathway.{key}.explained_in` links to `{file}#{fragment}`, but that \
                         page has no anchor `#{fragment}`"
                    ),
                )
                .at_offset(&r.source, at)
                .with_help(help),
            );
        }
    }
}
