//! Output paths claimed twice: pages, roles, aliases, static files and the generated pages
//! (roles list, comparison, glossary, sources, 404, print) each claim the file they are
//! written to, and a second claim on the same file, or on a file where another claim needs a
//! folder of the same name, is an error naming both claimants.

use std::collections::BTreeMap;
use std::path::Path;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::url;
use crate::yaml::line_of_key;

use super::generated::GENERATED;
use super::{CNAME_PATH, SITE_FILES, Site};

/// Two things may not claim one output path.
pub(super) fn check_url_claims(site: &Site, diagnostics: &mut Diagnostics) {
    let mut claims: BTreeMap<String, String> = BTreeMap::new();
    let mut claim = |path: String,
                     by: String,
                     diagnostics: &mut Diagnostics,
                     place: Option<(&Path, &str, usize)>| {
        let file = url::output_file(&path);
        // A file and a folder of one name cannot both be written: an alias `CNAME` is
        // CNAME/index.html, beside the CNAME file.
        let inside = format!("{file}/");
        let clash = match file
            .match_indices('/')
            .find_map(|(i, _)| claims.get_key_value(&file[..i]))
        {
            Some((folder, first)) => Some(format!(
                "`{folder}` is claimed both as a file, by {first}, and as a folder, by {by}"
            )),
            None => claims
                .range(inside.clone()..)
                .next()
                .filter(|(other, _)| other.starts_with(&inside))
                .map(|(_, first)| {
                    format!(
                        "`{file}` is claimed both as a file, by {by}, and as a folder, by {first}"
                    )
                }),
        };
        let message = match claims.get(&file) {
            Some(first) => Some(format!(
                "`{}` is claimed by both {first} and {by}",
                if path.is_empty() { "/" } else { &path }
            )),
            None => clash,
        };
        if let Some(message) = message {
            let d = match place {
                Some((p, source, line)) => Diagnostic::error(p, message).at(source, line, 0),
                None => Diagnostic::error("content", message),
            };
            diagnostics.push(d.with_help("give one of them another `slug`, or rename its file"));
        } else {
            claims.insert(file, by);
        }
    };
    // First, so that the author's file is the one the error points at.
    for (path, what) in SITE_FILES {
        claim(path.into(), what.into(), diagnostics, None);
    }
    for g in GENERATED.iter().filter(|g| g.in_site(site)) {
        claim(g.path.into(), g.described_as.into(), diagnostics, None);
    }
    if site.config.cname.is_some() {
        let what = "the CNAME file that cname in guide.yaml makes";
        claim(CNAME_PATH.into(), what.into(), diagnostics, None);
    }
    for page in &site.pages {
        let file = page.loaded.shown_path();
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
        let file = page.loaded.shown_path();
        let line = line_of_key(&page.loaded.source, "aliases");
        claim(
            alias.clone(),
            format!("an alias of {}", file.display()),
            diagnostics,
            Some((&file, &page.loaded.source, line)),
        );
    }
    for asset in &site.assets {
        let source = from_site_folder(&asset.source);
        claim(
            asset.path.clone(),
            source,
            diagnostics,
            Some((&asset.source, "", 0)),
        );
    }
}

/// A file's path from the site folder it is in (`content/`, `static/`, `themes/`) on, as
/// the author knows it.
fn from_site_folder(path: &Path) -> String {
    let parts: Vec<_> = path.components().collect();
    let start = parts
        .iter()
        .rposition(|c| {
            ["content", "static", "themes"]
                .iter()
                .any(|f| c.as_os_str() == *f)
        })
        .unwrap_or(0);
    parts[start..]
        .iter()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}
