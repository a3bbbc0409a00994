//! Reads every discovered file into typed values, in parallel, collecting every problem.

pub(crate) mod claims;
pub(crate) mod data;
pub(crate) mod front_matter;
pub(crate) mod images;
pub(crate) mod include;
pub(crate) mod pathway;
pub(crate) mod roles;
pub(crate) mod words;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;
use serde::{Deserialize, Deserializer, Serialize};

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::discover::{Kind, SourceFile, TemplateFile};
use crate::{fsx, yaml};

pub(crate) use data::{CompareSpec, Sources, Term};
pub(crate) use roles::Role;

/// A calendar date written `YYYY-MM-DD`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(transparent)]
pub struct Date(pub String);

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        let b = text.as_bytes();
        let digits = |r: std::ops::Range<usize>| b[r].iter().all(u8::is_ascii_digit);
        let ok = b.len() == 10 && b[4] == b'-' && b[7] == b'-' && digits(0..4) && digits(5..7);
        let month: u32 = text.get(5..7).and_then(|m| m.parse().ok()).unwrap_or(0);
        let day: u32 = text.get(8..10).and_then(|d| d.parse().ok()).unwrap_or(0);
        if ok && digits(8..10) && (1..=12).contains(&month) && (1..=31).contains(&day) {
            Ok(Date(text))
        } else {
            Err(serde::de::Error::custom(format!(
                "invalid date `{text}`, expected YYYY-MM-DD"
            )))
        }
    }
}

/// A chapter's front matter.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PageMeta {
    pub title: String,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub weight: i64,
    #[serde(default)]
    pub draft: bool,
    #[serde(default)]
    pub slug: Option<String>,
    #[serde(default)]
    pub template: Option<String>,
    #[serde(default)]
    pub aliases: Vec<String>,
    #[serde(default)]
    pub reviewed: Option<Date>,
    /// What a reader will be able to do after the chapter, shown at its top.
    #[serde(default)]
    pub objectives: Vec<String>,
    /// `false` for a chapter that states no facts, which then need not cite a source.
    #[serde(default = "yes")]
    pub citations: bool,
    #[serde(default, deserialize_with = "crate::yaml::unique_keys")]
    pub extra: serde_json::Map<String, serde_json::Value>,
}

fn yes() -> bool {
    true
}

/// A chapter or section file, read and split.
#[derive(Debug, Clone)]
pub struct LoadedPage {
    pub file: SourceFile,
    /// The whole file, for diagnostics. Shared, so a session's rebuilds reuse it uncopied;
    /// an `Arc<String>` keeps the buffer the file was read into, where `Arc<str>` copies it.
    pub source: Arc<String>,
    pub meta: PageMeta,
    /// Byte offset of the Markdown body in `source`.
    pub body_offset: usize,
    /// The words of the body, for its reading time (`words.rs`).
    pub words: usize,
    /// The body with its include directives expanded, when it has any.
    pub(crate) included: Option<Arc<include::Included>>,
    /// For a translation (whose file is under `translations/<tag>/`), what it translates.
    pub(crate) translation: Option<Arc<TranslationOf>>,
}

/// What a translated page was translated from.
#[derive(Debug)]
pub(crate) struct TranslationOf {
    /// The language's tag.
    pub tag: String,
    /// The source page's file text, and where its body starts.
    pub source: Arc<String>,
    pub body_offset: usize,
    /// Its `source:` pin (`guide translate sync`), with the key's line in its file.
    pub pin: Option<(String, usize)>,
}

impl TranslationOf {
    /// The source page's Markdown body.
    pub(crate) fn source_body(&self) -> &str {
        &self.source[self.body_offset..]
    }
}

impl LoadedPage {
    /// The file as diagnostics name it: `content/` or `translations/<tag>/`, then `rel`.
    pub fn shown_path(&self) -> PathBuf {
        match &self.translation {
            Some(t) => Path::new("translations").join(&t.tag).join(&self.file.rel),
            None => Path::new("content").join(&self.file.rel),
        }
    }

    /// The Markdown body, with included files' text in place of their directives.
    pub fn body(&self) -> &str {
        match &self.included {
            Some(included) => &included.text,
            None => &self.source[self.body_offset..],
        }
    }

    /// The offset in the file `source` of an offset in [`LoadedPage::body`]; text that
    /// was included maps to its directive.
    pub fn file_offset(&self, offset: usize) -> usize {
        self.body_offset
            + self
                .included
                .as_ref()
                .map_or(offset, |i| i.original_offset(offset))
    }

    /// The page's failed include directives, as diagnostics.
    pub(crate) fn include_errors(&self) -> &[Diagnostic] {
        self.included.as_ref().map_or(&[], |i| &i.diagnostics)
    }

    /// Whether a file this page includes is among `touched` paths.
    pub fn includes_any(&self, touched: impl Fn(&Path) -> bool) -> bool {
        self.included
            .as_ref()
            .is_some_and(|i| i.files.iter().any(|f| touched(f)))
    }
}

/// A parsed role file.
#[derive(Debug, Clone)]
pub struct LoadedRole {
    pub slug: String,
    pub path: PathBuf,
    pub source: String,
    pub role: Role,
}

/// A data file with the text it was parsed from (for locating later errors).
#[derive(Debug, Clone)]
pub(crate) struct DataFile<T> {
    pub path: PathBuf,
    pub source: String,
    pub value: T,
}

/// A template's name, file and text.
#[derive(Debug, Clone)]
pub(crate) struct LoadedTemplate {
    pub file: TemplateFile,
    pub source: String,
}

/// Everything read from disk.
#[derive(Debug, Default, Clone)]
pub(crate) struct Loaded {
    pub pages: Vec<LoadedPage>,
    pub roles: Vec<LoadedRole>,
    pub glossary: Option<DataFile<Vec<Term>>>,
    pub sources: Option<DataFile<Sources>>,
    pub compare: Option<DataFile<CompareSpec>>,
    pub assets: Vec<SourceFile>,
    /// The size of each raster image among the assets, by content-relative path.
    pub image_sizes: Vec<(String, images::ImageSize)>,
    pub static_files: Vec<SourceFile>,
    /// Content hashes of the static stylesheets and scripts (by `rel`), which are published
    /// under fingerprinted names so browsers never use a stale copy.
    pub fingerprints: Vec<(String, String)>,
    pub templates: Vec<LoadedTemplate>,
    /// Slugs of role files that exist but could not be read, so their users are not
    /// told the role is unknown as well.
    pub broken_roles: Vec<String>,
    /// Content-relative pages that could not be read, for the same reason.
    pub broken_pages: Vec<String>,
    /// The data files (glossary, sources, comparison) that exist but could not be read, so
    /// what refers to their contents is not reported as well.
    pub broken_data: Vec<Kind>,
    /// Whether a template could not be read (reported): the theme is then not made, so its
    /// users are not told it does not exist.
    pub unread_templates: bool,
    pub diagnostics: Diagnostics,
}

/// One content file, read and parsed.
#[derive(Debug, Clone)]
pub(crate) enum Item {
    Page(Box<LoadedPage>),
    Role(Box<LoadedRole>),
    Glossary(DataFile<Vec<Term>>),
    Sources(DataFile<Sources>),
    Compare(DataFile<CompareSpec>),
    Asset(SourceFile),
    /// A raster image, with its size read from its header.
    Image(SourceFile, images::ImageSize),
}

/// What reading one content file gave: its kind, content-relative path and item or error.
pub(crate) type FileResult = (Kind, String, Result<Item, Diagnostic>);

/// Reads the discovered files. `root` makes paths in diagnostics relative. A session reads
/// file by file (`load_file`, `collect`); this reads them all, for the tests' fixture site.
#[cfg(test)]
pub(crate) fn load(root: &Path, discovered: crate::discover::Discovered) -> Loaded {
    let crate::discover::Discovered {
        content,
        templates,
        static_files,
        diagnostics,
    } = discovered;
    let results: Vec<FileResult> = content
        .into_par_iter()
        .map(|f| load_file(root, f))
        .collect();
    let templates = templates.into_iter().map(load_template).collect();
    collect(results, templates, static_files, diagnostics)
}

/// Reads and parses one content file.
pub(crate) fn load_file(root: &Path, file: SourceFile) -> FileResult {
    (file.kind, file.rel.clone(), load_one(root, file))
}

/// Reads one template.
pub(crate) fn load_template(file: TemplateFile) -> Result<LoadedTemplate, Diagnostic> {
    let source = fsx::read_text(&file.path)?;
    Ok(LoadedTemplate { file, source })
}

/// Gathers what was read, in discovery order, into [`Loaded`].
pub(crate) fn collect(
    results: Vec<FileResult>,
    templates: Vec<Result<LoadedTemplate, Diagnostic>>,
    static_files: Vec<SourceFile>,
    diagnostics: Diagnostics,
) -> Loaded {
    let fingerprinted: Vec<Result<(String, String), Diagnostic>> = static_files
        .par_iter()
        .filter(|f| is_fingerprinted(&f.rel))
        .map(|f| {
            let text = fsx::read_text(&f.path)?;
            Ok((f.rel.clone(), content_hash(text.as_bytes())))
        })
        .collect();
    let mut loaded = Loaded {
        static_files,
        diagnostics,
        ..Loaded::default()
    };
    for result in fingerprinted {
        match result {
            Ok(pair) => loaded.fingerprints.push(pair),
            Err(d) => loaded.diagnostics.push(d),
        }
    }
    for (kind, rel, result) in results {
        if result.is_err() {
            match kind {
                Kind::Role => loaded.broken_roles.push(role_slug(&rel).to_string()),
                Kind::Page | Kind::Section => loaded.broken_pages.push(rel),
                Kind::Glossary | Kind::Sources | Kind::Compare => loaded.broken_data.push(kind),
                Kind::Asset => {}
            }
        }
        match result {
            Ok(Item::Page(p)) => {
                loaded
                    .diagnostics
                    .extend(p.include_errors().iter().cloned());
                loaded.pages.push(*p);
            }
            Ok(Item::Role(r)) => loaded.roles.push(*r),
            Ok(Item::Glossary(g)) => loaded.glossary = Some(g),
            Ok(Item::Sources(s)) => loaded.sources = Some(s),
            Ok(Item::Compare(c)) => loaded.compare = Some(c),
            Ok(Item::Asset(a)) => loaded.assets.push(a),
            Ok(Item::Image(a, size)) => {
                loaded.image_sizes.push((a.rel.clone(), size));
                loaded.assets.push(a);
            }
            Err(d) => loaded.diagnostics.push(d),
        }
    }
    for template in templates {
        match template {
            Ok(t) => loaded.templates.push(t),
            Err(d) => {
                loaded.unread_templates = true;
                loaded.diagnostics.push(d);
            }
        }
    }
    loaded
}

/// Static files published under a name that carries their content hash.
pub(crate) fn is_fingerprinted(rel: &str) -> bool {
    rel.ends_with(".css") || rel.ends_with(".js")
}

/// A short, stable hash of `bytes` (64-bit FNV-1a, hex): the same bytes give the same name
/// on every machine and every run.
pub(crate) fn content_hash(bytes: &[u8]) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        hash ^= u64::from(b);
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
    }
    format!("{hash:016x}")
}

fn load_one(root: &Path, file: SourceFile) -> Result<Item, Diagnostic> {
    if file.kind == Kind::Asset {
        if images::is_raster_image(&file.rel) {
            let size = images::read_size(&file.path);
            return Ok(Item::Image(file, size));
        }
        return Ok(Item::Asset(file));
    }
    let rel_path = file
        .path
        .strip_prefix(root)
        .unwrap_or(&file.path)
        .to_path_buf();
    let source = fsx::read_text(&file.path).map_err(|d| Diagnostic {
        path: rel_path.clone(),
        ..d
    })?;
    match file.kind {
        Kind::Page | Kind::Section => load_page(root, file, rel_path, source),
        Kind::Role => {
            let role: Role = yaml::parse(&source, &rel_path, &source, 1)?;
            let slug = role_slug(&file.rel);
            if !crate::url::is_valid_slug(slug) {
                return Err(Diagnostic::error(
                    &rel_path,
                    format!("`{slug}` is not a valid role slug"),
                )
                .with_help("name role files with lowercase letters, digits and hyphens, e.g. social-worker.yaml"));
            }
            Ok(Item::Role(Box::new(LoadedRole {
                slug: slug.to_string(),
                path: rel_path,
                source,
                role,
            })))
        }
        Kind::Glossary => data_file(rel_path, source).map(Item::Glossary),
        Kind::Sources => data_file(rel_path, source).map(|f: DataFile<data::SourcesFile>| {
            Item::Sources(DataFile {
                path: f.path,
                source: f.source,
                value: f.value.0,
            })
        }),
        Kind::Compare => data_file(rel_path, source).map(Item::Compare),
        Kind::Asset => unreachable!("assets return early"),
    }
}

/// The slug of a role file (its name without `roles/` and `.yaml`).
fn role_slug(rel: &str) -> &str {
    rel.trim_start_matches("roles/").trim_end_matches(".yaml")
}

fn data_file<T: serde::de::DeserializeOwned>(
    path: PathBuf,
    source: String,
) -> Result<DataFile<T>, Diagnostic> {
    let value = yaml::parse(&source, &path, &source, 1)?;
    Ok(DataFile {
        path,
        source,
        value,
    })
}

fn load_page(
    root: &Path,
    file: SourceFile,
    rel_path: PathBuf,
    source: String,
) -> Result<Item, Diagnostic> {
    let split = front_matter::split(&source).map_err(|e| {
        Diagnostic::error(&rel_path, e.message)
            .at(&source, e.line, if e.line > 0 { 1 } else { 0 })
            .with_help(e.help)
    })?;
    let meta: PageMeta = yaml::parse(split.yaml, &rel_path, &source, split.yaml_line)?;
    if meta.title.trim().is_empty() {
        let at = locate(&source, "title", 0).unwrap_or(0);
        return Err(Diagnostic::error(&rel_path, "the page's title is empty")
            .at_offset(&source, at)
            .with_help("write the title readers see in the page's heading and the navigation"));
    }
    if meta.objectives.iter().any(|o| o.trim().is_empty()) {
        let line = split.yaml_line + yaml::line_of_key(split.yaml, "objectives").max(1) - 1;
        return Err(Diagnostic::error(&rel_path, "an objective is empty")
            .at(&source, line, 1)
            .with_help(
                "write each objective as what the reader will be able to do, or remove it",
            ));
    }
    let body_offset = split.body_offset;
    let words = words::count(split.body);
    // A failed include is reported with the load stage's problems, and the page is read
    // without it, so every failed directive of the page is reported, not just the first.
    let included = include::expand(root, &file.path, &source[body_offset..]).map(|mut i| {
        i.diagnostics = (i.errors.iter())
            .map(|e| include::diagnostic(&rel_path, &source, body_offset, e))
            .collect();
        Arc::new(i)
    });
    Ok(Item::Page(Box::new(LoadedPage {
        file,
        source: source.into(),
        meta,
        body_offset,
        words,
        included,
        translation: None,
    })))
}

/// The byte offset of the first whole-word occurrence of `needle` in `source` after `from`;
/// `None` for an empty `needle` (a value written `''`), which no word is.
pub(crate) fn locate(source: &str, needle: &str, from: usize) -> Option<usize> {
    if needle.is_empty() {
        return None;
    }
    let is_word = |c: char| c.is_alphanumeric() || c == '-' || c == '_';
    // Callers look again one byte after a match, which may be inside a character.
    let mut start = from.min(source.len());
    while !source.is_char_boundary(start) {
        start += 1;
    }
    while let Some(i) = source[start..].find(needle) {
        let at = start + i;
        let before = source[..at].chars().next_back();
        let after = source[at + needle.len()..].chars().next();
        if !before.is_some_and(is_word) && !after.is_some_and(is_word) {
            return Some(at);
        }
        start = at + needle.len();
    }
    None
}

#[cfg(test)]
mod tests {
    use super::locate;

    #[test]
    fn locates_whole_words_and_never_an_empty_one() {
        assert_eq!(locate("a focus, focused", "focus", 0), Some(2));
        assert_eq!(locate("focused focus", "focus", 0), Some(8));
        assert_eq!(locate("focus focus", "focus", 1), Some(6));
        // An empty value (`field: ''`) has no place of its own; looking for one never ended.
        assert_eq!(locate("field: ''", "", 0), None);
        // From inside a character (one byte after `Ü`), on from the next one.
        assert_eq!(locate("Ünï Ünï", "Ünï", 1), Some(6));
    }
}
