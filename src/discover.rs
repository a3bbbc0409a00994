//! Finds the site's files: chapters, data, assets, templates and static files.
//!
//! Walks with walkdir in file-name order, so the result never depends on the file system's
//! listing order. Hidden files, `_`-prefixed names and editor temporary files are skipped;
//! a symlink loop is reported as a warning instead of hanging the walk.

use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::embedded;
use crate::ignore::is_ignored;

/// What a file under `content/` is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A Markdown chapter.
    Page,
    /// A folder's `_index.md`.
    Section,
    /// `roles/<slug>.yaml`.
    Role,
    /// `glossary.yaml`.
    Glossary,
    /// `sources.yaml`.
    Sources,
    /// `compare.yaml`.
    Compare,
    /// Anything else: copied next to the pages.
    Asset,
}

/// A file found under some base folder.
#[derive(Debug, Clone)]
pub struct SourceFile {
    pub path: PathBuf,
    /// Relative to its base folder, with `/` separators.
    pub rel: String,
    pub kind: Kind,
}

/// A template: its Tera name (path under `templates/`) and file.
#[derive(Debug, Clone)]
pub(crate) struct TemplateFile {
    pub name: String,
    pub path: PathBuf,
}

/// How the names of string files (`themes/<name>/i18n/es.yaml`) begin among the templates:
/// no file under `templates/` is named so, and Tera never sees them.
pub(crate) const I18N_PREFIX: &str = "i18n:";

/// Everything the site is made of, in a stable order.
#[derive(Debug, Default)]
pub(crate) struct Discovered {
    pub content: Vec<SourceFile>,
    pub templates: Vec<TemplateFile>,
    /// Theme and site static files; site files replace theme files of the same name.
    pub static_files: Vec<SourceFile>,
    pub diagnostics: Diagnostics,
}

/// The files of a language's translations, `translations/<tag>/`, a mirror of `content/`,
/// each classified as the content file of the same path would be.
pub(crate) fn translations(
    root: &Path,
    tag: &str,
    diagnostics: &mut Diagnostics,
) -> Vec<SourceFile> {
    let site = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    let dir = root.join("translations").join(tag);
    walk(&dir, &site, diagnostics)
        .into_iter()
        .map(|(path, rel)| {
            let kind = classify(&rel);
            SourceFile { path, rel, kind }
        })
        .collect()
}

/// Walks the site at `root` with the given theme.
pub(crate) fn discover(root: &Path, theme: &str) -> Discovered {
    let mut found = Discovered::default();
    // Symbolic links may lead anywhere inside this folder, and nowhere outside it.
    let site = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    let content_dir = root.join("content");
    if !content_dir.is_dir() {
        found.diagnostics.push(
            Diagnostic::error(&content_dir, "no content/ folder")
                .with_help("create content/ with at least content/_index.md"),
        );
    }
    for (path, rel) in walk(&content_dir, &site, &mut found.diagnostics) {
        let kind = classify(&rel);
        if kind == Kind::Asset
            && let Some(help) = misplaced_data(&rel)
        {
            let message = "this data file is not read, and would be published as it is";
            found
                .diagnostics
                .push(Diagnostic::error(&path, message).with_help(help));
            continue;
        }
        found.content.push(SourceFile { path, rel, kind });
    }

    // Most specific last, so it wins: the templates every theme starts from, the built-in theme (for `default`), the site's
    // themes/<name>/, then the site's own templates/ and static/.
    // (config::load has checked that the theme exists.)
    let builtin = theme == embedded::NAME;
    let theme_dir = root.join("themes").join(theme);
    let theme_templates = theme_dir.join("templates");
    let mut templates = std::collections::BTreeMap::new();
    for (path, name) in embedded::base_templates() {
        templates.insert(name.clone(), TemplateFile { name, path });
    }
    if builtin {
        for (path, name) in embedded::files_under("templates") {
            templates.insert(name.clone(), TemplateFile { name, path });
        }
    }
    for dir in [theme_templates, root.join("templates")] {
        for (path, name) in walk(&dir, &site, &mut found.diagnostics) {
            templates.insert(name.clone(), TemplateFile { name, path });
        }
    }
    // The theme's strings (`i18n/<lang>.yaml`) travel with the templates, so a session
    // reads them again when they change and the theme's fingerprint covers them. The
    // built-in theme's are there for every theme: the Rust code's strings need them.
    for (path, file) in embedded::files_under("i18n") {
        let name = format!("{I18N_PREFIX}{file}");
        templates.insert(name.clone(), TemplateFile { name, path });
    }
    for (path, file) in walk(&theme_dir.join("i18n"), &site, &mut found.diagnostics) {
        let name = format!("{I18N_PREFIX}{file}");
        templates.insert(name.clone(), TemplateFile { name, path });
    }
    found.templates = templates.into_values().collect();

    let mut statics = std::collections::BTreeMap::new();
    if builtin {
        for (path, rel) in embedded::files_under("static") {
            let kind = Kind::Asset;
            statics.insert(rel.clone(), SourceFile { path, rel, kind });
        }
    }
    for dir in [theme_dir.join("static"), root.join("static")] {
        for (path, rel) in walk(&dir, &site, &mut found.diagnostics) {
            statics.insert(
                rel.clone(),
                SourceFile {
                    path,
                    rel,
                    kind: Kind::Asset,
                },
            );
        }
    }
    found.static_files = statics.into_values().collect();
    found
}

/// Files under `dir` (absent is fine), with their `/`-separated paths relative to it.
fn walk(dir: &Path, site: &Path, diagnostics: &mut Diagnostics) -> Vec<(PathBuf, String)> {
    if !dir.exists() {
        return Vec::new();
    }
    let mut files = Vec::new();
    let mut leaving = Vec::new();
    // Entries are sorted within their folder, where comparing whole paths orders them as
    // their names would, without finding each name again for every comparison.
    let walker = WalkDir::new(dir)
        .follow_links(true)
        .sort_by(|a, b| a.path().as_os_str().cmp(b.path().as_os_str()))
        .into_iter()
        .filter_entry(|e| {
            if e.depth() > 0 && is_ignored(&e.file_name().to_string_lossy()) {
                return false;
            }
            match e.path_is_symlink().then(|| e.path().canonicalize()) {
                Some(Ok(target)) if !target.starts_with(site) => {
                    leaving.push((e.path().to_path_buf(), target));
                    false
                }
                _ => true,
            }
        });
    for entry in walker {
        match entry {
            Ok(entry) if entry.file_type().is_file() => {
                let rel = entry.path().strip_prefix(dir).unwrap_or(entry.path());
                let rel = match rel.to_str() {
                    Some(rel) if std::path::MAIN_SEPARATOR == '/' => rel.to_string(),
                    _ => rel
                        .components()
                        .map(|c| c.as_os_str().to_string_lossy())
                        .collect::<Vec<_>>()
                        .join("/"),
                };
                files.push((entry.into_path(), rel));
            }
            Ok(_) => {}
            Err(err) => {
                let path = err.path().unwrap_or(dir).to_path_buf();
                let message = if err.loop_ancestor().is_some() {
                    "symbolic link loop; skipped".to_string()
                } else {
                    format!("cannot read, skipped: {err}")
                };
                diagnostics.push(Diagnostic::warning(path, message));
            }
        }
    }
    // Published, such a link would copy whatever it leads to (a system folder, the
    // environment of the build) into the site.
    for (link, target) in leaving {
        diagnostics.push(
            Diagnostic::error(
                link,
                format!(
                    "this symbolic link leads out of the site's folder, to {}",
                    target.display()
                ),
            )
            .with_help("copy what it links to into the site, or link to a place inside the site"),
        );
    }
    files
}

fn classify(rel: &str) -> Kind {
    let file_name = rel.rsplit('/').next().unwrap_or(rel);
    match rel {
        "glossary.yaml" => Kind::Glossary,
        "sources.yaml" => Kind::Sources,
        "compare.yaml" => Kind::Compare,
        _ if file_name == "_index.md" => Kind::Section,
        _ if rel.ends_with(".md") => Kind::Page,
        _ if rel.starts_with("roles/")
            && rel.matches('/').count() == 1
            && rel.ends_with(".yaml") =>
        {
            Kind::Role
        }
        _ => Kind::Asset,
    }
}

/// For a YAML file of `content/` that looks meant as the guide's data but is not where or
/// as guide reads it (`roles/x.yml`, `roles/x.YAML`, `roles/sub/x.yaml`, `glossary.yml`),
/// what to do instead.
fn misplaced_data(rel: &str) -> Option<String> {
    let (stem, extension) = rel.rsplit_once('.')?;
    if !matches!(extension.to_ascii_lowercase().as_str(), "yaml" | "yml") {
        return None;
    }
    let name = stem.rsplit('/').next().unwrap_or(stem);
    if rel.starts_with("roles/") {
        return Some(format!(
            "a role is read from content/roles/<slug>.yaml; name it content/roles/{name}.yaml"
        ));
    }
    ["glossary", "sources", "compare"]
        .contains(&stem)
        .then(|| format!("name it content/{stem}.yaml"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classifies_content_files() {
        assert_eq!(classify("_index.md"), Kind::Section);
        assert_eq!(classify("a/_index.md"), Kind::Section);
        assert_eq!(classify("a/b.md"), Kind::Page);
        assert_eq!(classify("roles/x.yaml"), Kind::Role);
        assert_eq!(classify("roles/deep/x.yaml"), Kind::Asset);
        for misplaced in [
            "roles/x.yml",
            "roles/x.YAML",
            "roles/deep/x.yaml",
            "glossary.yml",
        ] {
            assert!(misplaced_data(misplaced).is_some(), "{misplaced}");
        }
        for fine in ["roles/x.yaml", "data/table.yaml", "img/a.png", "notes"] {
            assert!(
                misplaced_data(fine).is_none() || classify(fine) != Kind::Asset,
                "{fine}"
            );
        }
        assert_eq!(classify("glossary.yaml"), Kind::Glossary);
        assert_eq!(classify("img/a.png"), Kind::Asset);
    }
}
