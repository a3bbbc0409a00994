//! `guide translate status`: for each language, how much of the guide is translated, and
//! which translations are missing, stale (their source changed since their pin), unpinned
//! or left without a source. Pages count as translated when their file exists, stale or
//! not, and so do the data files readers see in the language (roles, glossary, sources and
//! the comparison).

use std::path::{Path, PathBuf};

use serde::Serialize;

use super::pin::{self, PinState};
use super::structure;
use super::sync::written_pin;
use super::{in_site, known_language, load_config, translations_dir};
use crate::diagnostics::Diagnostic;
use crate::fsx;
use crate::ignore::is_ignored;
use crate::load::front_matter;

/// How many of a kind of file are translated.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Coverage {
    pub translated: usize,
    pub total: usize,
}

/// A translation whose source changed since its pin.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Stale {
    pub path: String,
    /// The changed sections, as [`pin::check`] names them.
    pub changed: Vec<String>,
}

/// A way a translated page's structure differs from its source's.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StructureDifference {
    pub path: String,
    /// 1-based, in the translation's file.
    pub line: usize,
    pub message: String,
}

/// The state of one language's translations. Paths are relative to `content/` (and to
/// `translations/<tag>/`), with `/` between folders, sorted.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LanguageStatus {
    pub tag: String,
    pub name: String,
    /// Pages and data files together.
    pub translated: usize,
    pub total: usize,
    /// `translated` of `total`, rounded down to a tenth.
    pub percent: f64,
    pub pages: Coverage,
    pub data_files: Coverage,
    pub missing: Vec<String>,
    pub stale: Vec<Stale>,
    /// Translated pages without a `source:` pin.
    pub unpinned: Vec<String>,
    /// Translated pages whose `source:` is not a pin guide wrote.
    pub malformed_pins: Vec<String>,
    /// Translation files with no source.
    pub orphans: Vec<String>,
    /// Where translated pages do not keep their source's links, shortcodes, citations,
    /// images, code blocks or headings ([`structure::compare`]).
    pub structure: Vec<StructureDifference>,
}

impl LanguageStatus {
    /// Whether fewer than `min` percent of the files are translated.
    pub fn below(&self, min: f64) -> bool {
        (self.translated as f64) * 100.0 < min * (self.total as f64)
    }
}

/// The status of every language of the guide at `root`, or of `lang` alone.
pub fn status(root: &Path, lang: Option<&str>) -> Result<Vec<LanguageStatus>, Diagnostic> {
    let config = load_config(root)?;
    if let Some(lang) = lang {
        known_language(&config, lang)?;
    } else if config.languages.is_empty() {
        return Err(
            Diagnostic::error(crate::config::CONFIG_FILE, "the guide has no languages").with_help(
                "list the languages it is translated into under `languages:`, e.g. `languages: {es: {name: Español}}`",
            ),
        );
    }
    let sources = files(&in_site(root, "content"));
    let mut out = Vec::new();
    for (tag, language) in &config.languages {
        if lang.is_some_and(|l| l != tag) {
            continue;
        }
        let dir = in_site(root, translations_dir(tag));
        let translations = files(&dir);
        let mut s = LanguageStatus {
            tag: tag.clone(),
            name: language.name.clone(),
            translated: 0,
            total: 0,
            percent: 0.0,
            pages: Coverage::default(),
            data_files: Coverage::default(),
            missing: Vec::new(),
            stale: Vec::new(),
            unpinned: Vec::new(),
            malformed_pins: Vec::new(),
            orphans: Vec::new(),
            structure: Vec::new(),
        };
        for rel in &sources {
            let page = rel.extension().is_some_and(|e| e == "md");
            if !page && !is_data_file(rel) {
                continue;
            }
            let coverage = if page {
                &mut s.pages
            } else {
                &mut s.data_files
            };
            coverage.total += 1;
            if !translations.contains(rel) {
                s.missing.push(slashed(rel));
                continue;
            }
            coverage.translated += 1;
            if page {
                let source = fsx::read_text(&in_site(root, "content").join(rel))?;
                let translation = fsx::read_text(&dir.join(rel))?;
                match written_pin(&translation).map(|p| pin::check(&p, &source)) {
                    None => s.unpinned.push(slashed(rel)),
                    Some(PinState::Current) => {}
                    Some(PinState::Stale { changed }) => s.stale.push(Stale {
                        path: slashed(rel),
                        changed,
                    }),
                    Some(PinState::Malformed) => s.malformed_pins.push(slashed(rel)),
                }
                // Pages without front matter are the build's to report.
                if let (Ok(a), Ok(b)) = (
                    front_matter::split(&source),
                    front_matter::split(&translation),
                ) {
                    let before = translation[..b.body_offset].matches('\n').count();
                    for d in structure::compare(a.body, b.body) {
                        s.structure.push(StructureDifference {
                            path: slashed(rel),
                            line: before + d.line,
                            message: d.message,
                        });
                    }
                }
            }
        }
        for rel in &translations {
            if sources.binary_search(rel).is_err() {
                s.orphans.push(slashed(rel));
            }
        }
        s.translated = s.pages.translated + s.data_files.translated;
        s.total = s.pages.total + s.data_files.total;
        s.percent = match s.total {
            0 => 100.0,
            total => (s.translated * 1000 / total) as f64 / 10.0,
        };
        out.push(s);
    }
    Ok(out)
}

/// The files under `dir` a guide reads, relative to it, sorted (none when it is missing).
pub(crate) fn files(dir: &Path) -> Vec<PathBuf> {
    let mut found: Vec<PathBuf> = walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !is_ignored(&e.file_name().to_string_lossy()))
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .filter_map(|e| e.path().strip_prefix(dir).ok().map(Path::to_path_buf))
        .collect();
    found.sort();
    found
}

/// The data files a translation may give in its language.
fn is_data_file(rel: &Path) -> bool {
    let name = slashed(rel);
    matches!(
        name.as_str(),
        "glossary.yaml" | "sources.yaml" | "compare.yaml"
    ) || (name.starts_with("roles/") && name.ends_with(".yaml") && !name[6..].contains('/'))
}

fn slashed(rel: &Path) -> String {
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// The report for people: one block per language.
pub fn status_text(languages: &[LanguageStatus]) -> String {
    let mut out = String::new();
    for s in languages {
        out.push_str(&format!(
            "{} ({}): {} of {} files translated ({:.1}%): {} of {} pages, {} of {} data files\n",
            s.tag,
            s.name,
            s.translated,
            s.total,
            s.percent,
            s.pages.translated,
            s.pages.total,
            s.data_files.translated,
            s.data_files.total
        ));
        let mut list = |title: &str, items: Vec<String>| {
            if !items.is_empty() {
                out.push_str(&format!("  {title} ({}):\n", items.len()));
                for item in items {
                    out.push_str(&format!("    {item}\n"));
                }
            }
        };
        list("missing", s.missing.clone());
        let stale = s
            .stale
            .iter()
            .map(|t| format!("{}: changed {}", t.path, t.changed.join("; ")));
        list("stale", stale.collect());
        list("without a source pin", s.unpinned.clone());
        list("with a source: that is not a pin", s.malformed_pins.clone());
        list("without a source page", s.orphans.clone());
        let differences = s
            .structure
            .iter()
            .map(|d| format!("{}:{}: {}", d.path, d.line, d.message));
        list("not shaped like their source", differences.collect());
    }
    out
}

/// The report for programs: `{"languages": [...]}`, each language as [`LanguageStatus`]
/// serialises it, keys in the order declared there.
pub fn status_json(languages: &[LanguageStatus]) -> String {
    #[derive(Serialize)]
    struct Report<'a> {
        languages: &'a [LanguageStatus],
    }
    serde_json::to_string_pretty(&Report { languages }).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn data_files() {
        for yes in [
            "glossary.yaml",
            "sources.yaml",
            "compare.yaml",
            "roles/x.yaml",
        ] {
            assert!(is_data_file(Path::new(yes)), "{yes}");
        }
        for no in ["guide.yaml", "roles/a/b.yaml", "img/x.png", "a.md"] {
            assert!(!is_data_file(Path::new(no)), "{no}");
        }
    }

    #[test]
    fn coverage_below_a_minimum() {
        let mut s = status_json_sample();
        (s.translated, s.total) = (1, 3);
        assert!(s.below(50.0));
        assert!(!s.below(33.3));
        assert!(s.below(100.0));
        (s.translated, s.total) = (3, 3);
        assert!(!s.below(100.0));
    }

    fn status_json_sample() -> LanguageStatus {
        LanguageStatus {
            tag: "es".into(),
            name: "Español".into(),
            translated: 0,
            total: 0,
            percent: 0.0,
            pages: Coverage::default(),
            data_files: Coverage::default(),
            missing: vec![],
            stale: vec![],
            unpinned: vec![],
            malformed_pins: vec![],
            orphans: vec![],
            structure: vec![],
        }
    }
}
