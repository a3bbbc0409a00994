//! The default theme, built into the binary by `build.rs`, so an installed `guide` works
//! without a checkout of this repository; and the templates every theme starts from (the
//! sitemap, robots.txt and the page left at an old URL), which a theme or site overrides by
//! having a template of the same name.
//!
//! Built-in files travel through the pipeline like files on disk, under paths that name
//! them for people: `(built-in theme) templates/page.html`. Such a path is relative and
//! never names a real file (discovery only yields absolute paths), and the reads in
//! file-system module answer it from the binary.

use std::path::{Path, PathBuf};

use crate::ignore::is_ignored;

mod generated {
    include!(concat!(env!("OUT_DIR"), "/builtin_theme.rs"));
}

/// The theme name the built-in theme answers to.
pub(crate) const NAME: &str = "default";

/// How paths of built-in theme files begin.
const PREFIX: &str = "(built-in theme) ";

/// How paths of the templates every theme starts from begin.
const BASE_PREFIX: &str = "(built-in) ";

/// The templates every theme starts from, sorted by path.
static BASE_TEMPLATES: &[(&str, &[u8])] = &[
    (
        "templates/alias.html",
        include_bytes!("templates/alias.html"),
    ),
    (
        "templates/robots.txt",
        include_bytes!("templates/robots.txt"),
    ),
    (
        "templates/sitemap.xml",
        include_bytes!("templates/sitemap.xml"),
    ),
];

/// Every file of the built-in theme (relative path and bytes), sorted by path, without
/// hidden or temporary files.
pub(crate) fn files() -> impl Iterator<Item = (&'static str, &'static [u8])> {
    generated::FILES
        .iter()
        .copied()
        .filter(|(rel, _)| !rel.split('/').any(is_ignored))
}

/// The built-in files under `folder` (`templates` or `static`): their paths for the
/// pipeline, and their names relative to `folder`.
pub(crate) fn files_under(folder: &str) -> Vec<(PathBuf, String)> {
    files()
        .filter_map(|(rel, _)| {
            let name = rel.strip_prefix(folder)?.strip_prefix('/')?;
            Some((PathBuf::from(format!("{PREFIX}{rel}")), name.to_string()))
        })
        .collect()
}

/// The templates every theme starts from: their paths for the pipeline, and their names.
pub(crate) fn base_templates() -> Vec<(PathBuf, String)> {
    BASE_TEMPLATES
        .iter()
        .map(|(rel, _)| {
            let name = rel.strip_prefix("templates/").unwrap_or(rel);
            (
                PathBuf::from(format!("{BASE_PREFIX}{rel}")),
                name.to_string(),
            )
        })
        .collect()
}

/// The bytes of a built-in file, given its pipeline path; `None` for any other path.
pub(crate) fn get(path: &Path) -> Option<&'static [u8]> {
    let path = path.to_str()?;
    let (files, rel) = match path.strip_prefix(PREFIX) {
        Some(rel) => (generated::FILES, rel),
        None => (BASE_TEMPLATES, path.strip_prefix(BASE_PREFIX)?),
    };
    let i = files.binary_search_by(|(r, _)| (*r).cmp(rel)).ok()?;
    Some(files[i].1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_theme_folder_is_embedded_byte_for_byte() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default");
        let mut on_disk = Vec::new();
        for entry in walkdir::WalkDir::new(&dir).sort_by_file_name() {
            let entry = entry.unwrap();
            let rel = entry.path().strip_prefix(&dir).unwrap();
            let rel = rel.to_string_lossy().replace('\\', "/");
            if entry.file_type().is_file() && !rel.split('/').any(is_ignored) {
                on_disk.push((rel, std::fs::read(entry.path()).unwrap()));
            }
        }
        on_disk.sort();
        let embedded: Vec<(String, Vec<u8>)> = files()
            .map(|(rel, bytes)| (rel.to_string(), bytes.to_vec()))
            .collect();
        assert!(embedded.iter().any(|(rel, _)| rel == "templates/page.html"));
        assert_eq!(embedded, on_disk);
    }

    #[test]
    fn built_in_paths_name_the_theme_and_read_back() {
        let templates = files_under("templates");
        let (path, name) = templates
            .iter()
            .find(|(_, name)| name == "partials/nav.html")
            .unwrap();
        assert_eq!(name, "partials/nav.html");
        assert_eq!(
            path.display().to_string(),
            "(built-in theme) templates/partials/nav.html"
        );
        let text = std::str::from_utf8(get(path).unwrap()).unwrap();
        assert!(text.contains("nav"), "{text}");
        assert!(files_under("static").iter().any(|(_, n)| n == "style.css"));
        assert_eq!(get(Path::new("templates/page.html")), None);
        let base = base_templates();
        let names: Vec<&str> = base.iter().map(|(_, name)| name.as_str()).collect();
        assert_eq!(names, ["alias.html", "robots.txt", "sitemap.xml"]);
        let (path, _) = &base[2];
        assert_eq!(
            path.display().to_string(),
            "(built-in) templates/sitemap.xml"
        );
        assert!(get(path).unwrap().starts_with(b"<?xml"));
        assert_eq!(
            get(Path::new("(built-in theme) templates/nothing.html")),
            None
        );
    }
}
