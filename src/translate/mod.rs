//! `guide translate`: the translations of a guide's pages, kept in `translations/<tag>/` as a
//! mirror of `content/` (`translations/es/differences.md` translates
//! `content/differences.md`).
//!
//! A translation records in its front matter the version of its source it was made from
//! (`source:`, a [`pin`]), so that the build and `guide translate status` can name the
//! sections that changed since. `new` starts a translation from its source, `sync` records
//! that a translator has caught up, and `status` reports what is missing, stale or left over.
//! [`pin`] and [`structure`] are pure functions the build uses too; the rest reads and writes
//! files for the command.

pub(crate) mod pin;
mod status;
pub(crate) mod structure;
mod sync;

use std::io::Write;
use std::path::{Component, Path, PathBuf};

use crate::config::{self, CONFIG_FILE, Config, Overrides};
use crate::diagnostics::Diagnostic;
use crate::fsx;
use crate::load::front_matter;

pub use status::{
    Coverage, LanguageStatus, Stale, StructureDifference, status, status_json, status_text,
};
pub use sync::{Synced, sync, sync_all};

/// `rel` in the site at `root`, as messages and the command's output name it: without a
/// leading `./` when the command runs in the site's folder.
pub(crate) fn in_site(root: &Path, rel: impl AsRef<Path>) -> PathBuf {
    match root == Path::new(".") || root.as_os_str().is_empty() {
        true => rel.as_ref().to_path_buf(),
        false => root.join(rel),
    }
}

/// Where a language's translations live, under the site's root.
pub(crate) fn translations_dir(tag: &str) -> PathBuf {
    Path::new("translations").join(tag)
}

/// Creates `translations/<lang>/<path>` from its source page: the front matter cut to the
/// keys a translation translates, plus `source:` with the source's pin, and the body copied
/// for the translator to translate in place. A data file (`glossary.yaml`) is copied whole.
/// Never replaces a file. Returns the file written.
pub fn new(root: &Path, lang: &str, path: &str) -> Result<PathBuf, Diagnostic> {
    let config = load_config(root)?;
    known_language(&config, lang)?;
    let rel = content_path(path)?;
    let source_file = in_site(root, Path::new("content").join(&rel));
    if !source_file.is_file() {
        return Err(
            Diagnostic::error(&source_file, "no such page to translate").with_help(
                "give the page's path relative to content/, e.g. `guide translate new es differences.md`",
            ),
        );
    }
    let source = fsx::read_text(&source_file)?;
    let text = if rel.extension().is_some_and(|e| e == "md") {
        translation_of(&source)
    } else {
        source
    };
    let target = in_site(root, translations_dir(lang)).join(&rel);
    if let Some(parent) = target.parent() {
        std::fs::create_dir_all(parent)
            .map_err(|e| Diagnostic::error(parent, format!("cannot create the folder: {e}")))?;
    }
    // `create_new` refuses a file that exists, even one made since we looked.
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&target)
        .map_err(|e| match e.kind() {
            std::io::ErrorKind::AlreadyExists => Diagnostic::error(
                &target,
                "already exists; nothing was written",
            )
            .with_help(
                "after catching up with the source, `guide translate sync` records its new version",
            ),
            _ => Diagnostic::error(&target, format!("cannot write: {e}")),
        })?;
    file.write_all(text.as_bytes())
        .map_err(|e| Diagnostic::error(&target, format!("cannot write: {e}")))?;
    Ok(target)
}

/// A new translation's text: the source's translated front matter keys as written (so a
/// folded description stays folded), its pin, and its body.
fn translation_of(source: &str) -> String {
    let pin = pin::pin(source);
    let Ok(split) = front_matter::split(source) else {
        return format!("---\nsource: {}\n---\n{source}", sync::yaml_value(&pin));
    };
    let eol = if source.starts_with("---\r\n") {
        "\r\n"
    } else {
        "\n"
    };
    let mut out = format!("---{eol}");
    let mut keep = false;
    for line in split.yaml.split_inclusive('\n') {
        // A key's value runs on over indented and blank lines, up to the next key.
        if !line.starts_with([' ', '\t', '\r', '\n']) {
            let key = line.split(':').next().unwrap_or("").trim();
            keep = pin::TRANSLATED_KEYS.contains(&key);
        }
        if keep {
            out.push_str(line);
        }
    }
    out.push_str(&format!("source: {}{eol}---{eol}", sync::yaml_value(&pin)));
    out.push_str(split.body);
    out
}

/// Reads guide.yaml. The base URL does not matter here, so a guide without one works too.
fn load_config(root: &Path) -> Result<Config, Diagnostic> {
    let overrides = Overrides {
        base_url: Some("https://localhost/".to_string()),
        output_dir: None,
    };
    config::load(root, &overrides)
}

/// Refuses a language guide.yaml does not list.
fn known_language(config: &Config, lang: &str) -> Result<(), Diagnostic> {
    if config.languages.contains_key(lang) {
        return Ok(());
    }
    let known: Vec<&str> = config.languages.keys().map(String::as_str).collect();
    let help = match known.as_slice() {
        [] => "add it under `languages:` in guide.yaml, e.g. `languages: {es: {name: Español}}`"
            .to_string(),
        known => format!(
            "the languages are {}; or add it under `languages:`",
            known.join(", ")
        ),
    };
    Err(Diagnostic::error(
        CONFIG_FILE,
        format!(
            "`{}` is not one of the guide's languages",
            lang.escape_debug()
        ),
    )
    .with_help(help))
}

/// A page's path relative to `content/`, from what a user types: `differences.md`,
/// `content/differences.md` or `translations/es/differences.md`.
fn content_path(path: &str) -> Result<PathBuf, Diagnostic> {
    let path = path.replace('\\', "/");
    let mut rel = path.strip_prefix("./").unwrap_or(&path);
    if let Some(rest) = rel.strip_prefix("content/") {
        rel = rest;
    } else if let Some(rest) = rel.strip_prefix("translations/") {
        rel = rest.split_once('/').map_or(rest, |(_, r)| r);
    }
    let rel = Path::new(rel);
    let inside = rel.components().all(|c| matches!(c, Component::Normal(_)));
    if !inside || rel.as_os_str().is_empty() {
        return Err(Diagnostic::error(path, "not a path inside content/")
            .with_help("give the page's path relative to content/, e.g. differences.md"));
    }
    Ok(rel.to_path_buf())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_translation_keeps_the_translated_keys_as_written() {
        let source = "---\ntitle: Roles\nweight: 3\ndescription: >-\n  Two\n  lines\naliases: [a/]\nobjectives:\n  - One\n  - Two\nreviewed: 2026-01-01\n---\n\n## A\n\nText.\n";
        let text = translation_of(source);
        let pin = pin::pin(source);
        assert_eq!(
            text,
            format!(
                "---\ntitle: Roles\ndescription: >-\n  Two\n  lines\nobjectives:\n  - One\n  - Two\nsource: {pin}\n---\n\n## A\n\nText.\n"
            )
        );
        // Made from the source, it is current.
        assert_eq!(pin::check(&pin, source), pin::PinState::Current);
    }

    #[test]
    fn paths_as_users_type_them() {
        for typed in [
            "differences.md",
            "content/differences.md",
            "./content/differences.md",
            "translations/es/differences.md",
        ] {
            assert_eq!(content_path(typed).unwrap(), Path::new("differences.md"));
        }
        assert!(content_path("../x.md").is_err());
        assert!(content_path("content/").is_err());
    }
}
