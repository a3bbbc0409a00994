//! Output paths claimed twice: pages, roles, aliases, static files and the generated pages
//! (roles list, comparison, glossary, sources, 404, print) each claim the file they are
//! written to, and a second claim on the same file is an error naming both claimants.

use std::collections::BTreeMap;
use std::path::Path;

use crate::config::line_of_key;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::url;

use super::generated::GENERATED;
use super::{Site, rel_content};

/// Two things may not claim one output path.
pub(super) fn check_url_claims(site: &Site, diagnostics: &mut Diagnostics) {
    let mut claims: BTreeMap<String, String> = BTreeMap::new();
    let mut claim = |path: String,
                     by: String,
                     diagnostics: &mut Diagnostics,
                     place: Option<(&Path, &str, usize)>| {
        let file = url::output_file(&path);
        if let Some(first) = claims.get(&file) {
            let message = format!(
                "`{}` is claimed by both {first} and {by}",
                if path.is_empty() { "/" } else { &path }
            );
            let d = match place {
                Some((p, source, line)) => Diagnostic::error(p, message).at(source, line, 0),
                None => Diagnostic::error("content", message),
            };
            diagnostics.push(d.with_help("give one of them another `slug`, or rename its file"));
        } else {
            claims.insert(file, by);
        }
    };
    for page in &site.pages {
        let file = rel_content(&page.loaded.file.rel);
        let line = if page.meta().slug.is_some() {
            line_of_key(&page.loaded.source, "slug")
        } else {
            0
        };
        claim(
            page.path.clone(),
            file.display().to_string(),
            diagnostics,
            Some((&file, &page.loaded.source, line)),
        );
    }
    for g in GENERATED.iter().filter(|g| g.in_site(site)) {
        claim(g.path.into(), g.described_as.into(), diagnostics, None);
    }
    for role in &site.roles {
        claim(
            role.path.clone(),
            role.loaded.path.display().to_string(),
            diagnostics,
            Some((&role.loaded.path, &role.loaded.source, 0)),
        );
    }
    for (alias, i) in &site.aliases {
        let page = &site.pages[*i];
        let file = rel_content(&page.loaded.file.rel);
        let line = line_of_key(&page.loaded.source, "aliases");
        claim(
            alias.clone(),
            format!("an alias of {}", file.display()),
            diagnostics,
            Some((&file, &page.loaded.source, line)),
        );
    }
    for asset in &site.assets {
        claim(
            asset.path.clone(),
            asset.source.display().to_string(),
            diagnostics,
            None,
        );
    }
}
