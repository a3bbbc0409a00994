//! The site model: every page with its URL and place in the tree, the roles, glossary and
//! sources, checked against each other. Built once, single-threaded (it is cheap, and it keeps
//! the order deterministic), and never changed afterwards.

pub mod generated;
pub mod review;
pub mod terms;

/// The role data's types and field labels, as the stages after the model see them.
pub use crate::load::roles;

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

// Looked up for every link of every page: a faster hash than SipHash, and the keys are the
// author's own file names.
use rustc_hash::{FxHashMap, FxHashSet};

use crate::config::{Config, line_of_key};
use crate::diagnostics::{Diagnostic, Diagnostics, suggest};
use crate::discover::{Kind, SourceFile};
use crate::load::roles::{FIELDS, default_label};
use crate::load::{CompareSpec, Loaded, LoadedPage, LoadedRole, PageMeta, Sources, Term, locate};
use crate::url;

/// What kind of Markdown page a page is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PageKind {
    Home,
    Section,
    Chapter,
}

/// A Markdown page with its URL and place in the tree.
#[derive(Debug, Clone)]
pub struct Page {
    pub loaded: LoadedPage,
    pub kind: PageKind,
    /// Site path (`a/b/`).
    pub path: String,
    pub parent: Option<usize>,
    /// Pages and subsections of a section, in reading order.
    pub children: Vec<usize>,
    /// Its place among its parent's children (0 for the home page).
    pub place: usize,
    /// The template it renders with.
    pub template: String,
}

impl Page {
    pub fn meta(&self) -> &PageMeta {
        &self.loaded.meta
    }

    /// The file, relative to the site root.
    pub fn file(&self) -> &Path {
        Path::new(&self.loaded.file.rel)
    }
}

/// A role with its slug and page path.
#[derive(Debug, Clone)]
pub struct RoleEntry {
    pub loaded: LoadedRole,
    pub path: String,
}

/// A glossary entry with its anchor id.
#[derive(Debug, Clone)]
pub struct GlossaryEntry {
    pub id: String,
    pub term: Term,
}

/// A file copied into the output as it is.
#[derive(Debug, Clone)]
pub struct Asset {
    pub source: PathBuf,
    /// Output path relative to the output folder.
    pub path: String,
}

/// The site, ready to render.
#[derive(Debug)]
pub struct Site {
    pub config: Config,
    /// `pages[0]` is the home page.
    pub pages: Vec<Page>,
    pub roles: Vec<RoleEntry>,
    pub glossary: Vec<GlossaryEntry>,
    /// Finds the glossary's terms in a page's text.
    pub terms: terms::TermFinder,
    pub sources: Sources,
    pub compare: CompareSpec,
    pub assets: Vec<Asset>,
    /// Static files published under a fingerprinted name: their own path -> the published
    /// path (`style.css` -> `style.0123456789abcdef.css`).
    pub asset_urls: BTreeMap<String, String>,
    /// Old URLs and the page each redirects to.
    pub aliases: Vec<(String, usize)>,
    /// Chapters and sections in reading order (the home page excluded).
    pub reading_order: Vec<usize>,
    /// The content-relative file of each page, to resolve Markdown links.
    pub page_by_file: FxHashMap<String, usize>,
    /// Content-relative asset files and their output paths.
    pub asset_by_file: FxHashMap<String, String>,
    pub has_glossary: bool,
    /// Whether a glossary entry's id, term or expansion holds a NUL, which the Markdown
    /// renderer's markers are made of (found once here rather than for every page).
    pub glossary_has_nul: bool,
    pub has_sources: bool,
    /// Roles whose files failed to load (already reported).
    pub broken_roles: Vec<String>,
    /// Pages whose files failed to load (already reported).
    pub broken_pages: FxHashSet<String>,
    /// Content-relative files of drafts left out of this build.
    pub draft_files: FxHashSet<String>,
}

pub const HOME: usize = 0;

/// Paths of the generated pages.
pub const ROLES_PATH: &str = "roles/";
pub const COMPARE_PATH: &str = "compare/";
pub const GLOSSARY_PATH: &str = "glossary/";
pub const SOURCES_PATH: &str = "sources/";
pub const NOT_FOUND_PATH: &str = "404.html";
/// The whole guide on one page, made when the theme has `print.html`.
pub const PRINT_PATH: &str = "print/";
/// The search index, read by the theme's search script.
pub const SEARCH_INDEX_PATH: &str = "search-index.json";

/// Builds the site from what was loaded. Problems go into `diagnostics`; the model is still
/// returned so later stages can report their own problems in the same run.
pub fn build(config: Config, loaded: Loaded, drafts: bool, diagnostics: &mut Diagnostics) -> Site {
    let Loaded {
        pages: loaded_pages,
        roles,
        glossary,
        sources,
        compare,
        assets,
        static_files,
        fingerprints,
        broken_roles,
        broken_pages,
        ..
    } = loaded;

    let draft_files = loaded_pages
        .iter()
        .filter(|p| p.meta.draft && !drafts)
        .map(|p| p.file.rel.clone())
        .collect();
    let (pages, aliases) = build_pages(&config, loaded_pages, drafts, diagnostics);
    let reading_order = reading_order(&pages);
    let page_by_file = pages
        .iter()
        .enumerate()
        .map(|(i, p)| (p.loaded.file.rel.clone(), i))
        .collect();

    let sources_value = sources
        .as_ref()
        .map(|s| s.value.clone())
        .unwrap_or_default();
    let roles = build_roles(roles, &sources_value, diagnostics);
    let compare = build_compare(compare, diagnostics);
    let glossary = build_glossary(glossary.as_ref(), diagnostics);

    let asset_by_file: FxHashMap<String, String> = assets
        .iter()
        .map(|a| (a.rel.clone(), a.rel.clone()))
        .collect();
    let asset_urls: BTreeMap<String, String> = fingerprints
        .into_iter()
        .map(|(rel, hash)| {
            let published = fingerprinted_name(&rel, &hash);
            (rel, published)
        })
        .collect();
    let assets = static_files
        .iter()
        .map(|f| Asset {
            source: f.path.clone(),
            path: asset_urls.get(&f.rel).unwrap_or(&f.rel).clone(),
        })
        .chain(assets.iter().map(|f: &SourceFile| Asset {
            source: f.path.clone(),
            path: f.rel.clone(),
        }))
        .collect();

    let site = Site {
        has_glossary: glossary_present(&glossary),
        glossary_has_nul: glossary.iter().any(|g| {
            [&g.id, &g.term.term, &g.term.expansion]
                .iter()
                .any(|s| s.contains('\0'))
        }),
        has_sources: sources.is_some(),
        config,
        pages,
        roles,
        terms: terms::TermFinder::new(glossary.iter().map(|g| g.term.term.as_str())),
        glossary,
        sources: sources_value,
        compare,
        assets,
        asset_urls,
        aliases,
        reading_order,
        page_by_file,
        asset_by_file,
        draft_files,
        broken_roles,
        broken_pages: broken_pages.into_iter().collect(),
    };
    check_url_claims(&site, diagnostics);
    site
}

/// `css/style.css` with hash `h` -> `css/style.h.css`.
/// An empty hash (`guide serve`, which forbids caching instead) keeps the name as it is.
fn fingerprinted_name(rel: &str, hash: &str) -> String {
    if hash.is_empty() {
        return rel.to_string();
    }
    let name_start = rel.rfind('/').map_or(0, |i| i + 1);
    match rel[name_start..].rfind('.') {
        Some(dot) => {
            let dot = name_start + dot;
            format!("{}.{hash}{}", &rel[..dot], &rel[dot..])
        }
        None => format!("{rel}.{hash}"),
    }
}

fn glossary_present(glossary: &[GlossaryEntry]) -> bool {
    !glossary.is_empty()
}

/// The folder part of a content-relative file (`a/b/c.md` -> `a/b`).
fn folder_of(rel: &str) -> &str {
    rel.rfind('/').map_or("", |i| &rel[..i])
}

fn build_pages(
    config: &Config,
    loaded: Vec<LoadedPage>,
    drafts: bool,
    diagnostics: &mut Diagnostics,
) -> (Vec<Page>, Vec<(String, usize)>) {
    let mut loaded: Vec<LoadedPage> = loaded
        .into_iter()
        .filter(|p| drafts || !p.meta.draft)
        .collect();
    // Sections whose _index.md is a draft take their whole folder with them.
    let sections: Vec<&str> = loaded
        .iter()
        .filter(|p| p.file.kind == Kind::Section)
        .map(|p| folder_of(&p.file.rel))
        .collect();
    let section_dirs: std::collections::HashSet<String> =
        sections.iter().map(|s| s.to_string()).collect();

    // The home page is content/_index.md, or an empty page titled after the site.
    if !loaded.iter().any(|p| p.file.rel == "_index.md") {
        loaded.push(LoadedPage {
            file: SourceFile {
                path: PathBuf::from("content/_index.md"),
                rel: "_index.md".into(),
                kind: Kind::Section,
            },
            source: Default::default(),
            meta: PageMeta {
                title: config.title.clone(),
                description: None,
                weight: 0,
                draft: false,
                slug: None,
                template: None,
                aliases: Vec::new(),
                reviewed: None,
                extra: Default::default(),
            },
            body_offset: 0,
        });
    }
    loaded.sort_by(|a, b| a.file.rel.cmp(&b.file.rel));
    let home_index = loaded
        .iter()
        .position(|p| p.file.rel == "_index.md")
        .unwrap_or(0);
    let home = loaded.remove(home_index);
    loaded.insert(HOME, home);

    // URL of each folder: its parent's URL plus its (section slug or slugified) name.
    let mut folder_urls: BTreeMap<String, String> = BTreeMap::new();
    folder_urls.insert(String::new(), String::new());
    let section_slugs: HashMap<String, Option<String>> = loaded
        .iter()
        .filter(|p| p.file.kind == Kind::Section)
        .map(|p| (folder_of(&p.file.rel).to_string(), p.meta.slug.clone()))
        .collect();
    let mut folder_url = |folder: &str| -> String {
        // Every page of a folder asks; work each folder's URL out once.
        if let Some(url) = folder_urls.get(folder) {
            return url.clone();
        }
        let mut url = String::new();
        let mut sofar = String::new();
        for part in folder.split('/').filter(|p| !p.is_empty()) {
            if !sofar.is_empty() {
                sofar.push('/');
            }
            sofar.push_str(part);
            let slug = section_slugs
                .get(&sofar)
                .cloned()
                .flatten()
                .unwrap_or_else(|| url::slugify(part));
            url.push_str(&slug);
            url.push('/');
        }
        folder_urls.insert(folder.to_string(), url.clone());
        url
    };

    let mut pages: Vec<Page> = Vec::with_capacity(loaded.len());
    for lp in loaded {
        let rel = lp.file.rel.clone();
        let folder = folder_of(&rel).to_string();
        let (kind, path) = if rel == "_index.md" {
            (PageKind::Home, String::new())
        } else if lp.file.kind == Kind::Section {
            (PageKind::Section, folder_url(&folder))
        } else {
            let stem = rel
                .rsplit('/')
                .next()
                .unwrap_or(&rel)
                .trim_end_matches(".md");
            let base = folder_url(&folder);
            if stem == "index" && lp.meta.slug.is_none() {
                (PageKind::Chapter, base)
            } else {
                let slug = lp.meta.slug.clone().unwrap_or_else(|| url::slugify(stem));
                (
                    PageKind::Chapter,
                    [base.as_str(), slug.as_str(), "/"].concat(),
                )
            }
        };
        if let Some(slug) = &lp.meta.slug
            && !url::is_valid_slug(slug)
        {
            let line = line_of_key(&lp.source, "slug");
            diagnostics.push(
                Diagnostic::error(rel_content(&rel), format!("`{slug}` is not a valid slug"))
                    .at(&lp.source, line, 0)
                    .with_help(format!(
                        "use lowercase letters, digits and hyphens, e.g. `{}`",
                        url::slugify(slug)
                    )),
            );
        }
        let template = lp.meta.template.clone().unwrap_or_else(|| {
            match kind {
                PageKind::Home => "index.html",
                PageKind::Section => "section.html",
                PageKind::Chapter => "page.html",
            }
            .to_string()
        });
        pages.push(Page {
            loaded: lp,
            kind,
            path,
            parent: None,
            children: Vec::new(),
            place: 0,
            template,
        });
    }

    // Each page's parent is the section of the nearest folder above it that has one.
    let section_of_folder: HashMap<String, usize> = pages
        .iter()
        .enumerate()
        .filter(|(_, p)| p.kind != PageKind::Chapter)
        .map(|(i, p)| (folder_of(&p.loaded.file.rel).to_string(), i))
        .collect();
    for i in 1..pages.len() {
        let rel = pages[i].loaded.file.rel.clone();
        let mut folder = folder_of(&rel).to_string();
        if pages[i].kind == PageKind::Section {
            folder = folder_of(&folder).to_string();
        }
        let parent = loop {
            if let Some(&s) = section_of_folder.get(&folder)
                && (s != i && section_dirs.contains(&folder) || folder.is_empty())
            {
                break s;
            }
            if folder.is_empty() {
                break HOME;
            }
            folder = folder_of(&folder).to_string();
        };
        pages[i].parent = Some(parent);
        pages[parent].children.push(i);
    }
    for i in 0..pages.len() {
        let mut children = std::mem::take(&mut pages[i].children);
        children.sort_by(|&a, &b| {
            let (a, b) = (&pages[a], &pages[b]);
            (a.meta().weight, &a.meta().title, &a.path).cmp(&(
                b.meta().weight,
                &b.meta().title,
                &b.path,
            ))
        });
        for (place, &child) in children.iter().enumerate() {
            pages[child].place = place;
        }
        pages[i].children = children;
    }

    let mut aliases = Vec::new();
    for (i, page) in pages.iter().enumerate() {
        for alias in &page.meta().aliases {
            match url::normalize_path(alias) {
                Some(path) if !path.is_empty() => aliases.push((path, i)),
                _ => {
                    let line = line_of_key(&page.loaded.source, "aliases");
                    diagnostics.push(
                        Diagnostic::error(
                            rel_content(&page.loaded.file.rel),
                            format!("alias `{alias}` is not a usable URL path"),
                        )
                        .at(&page.loaded.source, line, 0)
                        .with_help("write the old path relative to the site root, e.g. old/page/"),
                    );
                }
            }
        }
    }
    (pages, aliases)
}

/// `content/`-prefixed path for diagnostics.
pub fn rel_content(rel: &str) -> PathBuf {
    Path::new("content").join(rel)
}

/// Depth-first order of the tree under the home page.
fn reading_order(pages: &[Page]) -> Vec<usize> {
    fn visit(pages: &[Page], i: usize, out: &mut Vec<usize>) {
        for &c in &pages[i].children {
            out.push(c);
            visit(pages, c, out);
        }
    }
    let mut out = Vec::with_capacity(pages.len());
    if !pages.is_empty() {
        visit(pages, HOME, &mut out);
    }
    out
}

fn build_roles(
    roles: Vec<LoadedRole>,
    sources: &Sources,
    diagnostics: &mut Diagnostics,
) -> Vec<RoleEntry> {
    let mut entries: Vec<RoleEntry> = roles
        .into_iter()
        .map(|loaded| RoleEntry {
            path: format!("{ROLES_PATH}{}/", loaded.slug),
            loaded,
        })
        .collect();
    entries.sort_by(|a, b| {
        (a.loaded.role.weight, &a.loaded.role.name, &a.loaded.slug).cmp(&(
            b.loaded.role.weight,
            &b.loaded.role.name,
            &b.loaded.slug,
        ))
    });
    for entry in &entries {
        let r = &entry.loaded;
        for (section, ids) in r.role.cited_sources() {
            if ids.is_empty() {
                let at = locate(&r.source, section, 0).unwrap_or(0);
                diagnostics.push(
                    Diagnostic::error(&r.path, format!("`{section}.sources` is empty"))
                        .at_offset(&r.source, at)
                        .with_help(
                            "every fact needs at least one source id from content/sources.yaml",
                        ),
                );
            }
            let section_at = locate(&r.source, section, 0).unwrap_or(0);
            for id in ids {
                if !sources.contains_key(id) {
                    let at = locate(&r.source, id, section_at).unwrap_or(section_at);
                    let d = Diagnostic::error(
                        &r.path,
                        format!("unknown source `{id}` in `{section}.sources`"),
                    )
                    .at_offset(&r.source, at);
                    let d = match suggest(id, sources.keys().map(String::as_str)) {
                        Some(best) => d.with_help(format!("did you mean `{best}`?")),
                        None => d.with_help("add it to content/sources.yaml"),
                    };
                    diagnostics.push(d);
                }
            }
        }
    }
    entries
}

fn build_compare(
    compare: Option<crate::load::DataFile<CompareSpec>>,
    diagnostics: &mut Diagnostics,
) -> CompareSpec {
    let Some(file) = compare else {
        return CompareSpec::default();
    };
    let mut from = 0;
    for row in &file.value.rows {
        let at = locate(&file.source, &row.field, from).unwrap_or(from);
        from = at;
        if default_label(&row.field).is_none() {
            let d = Diagnostic::error(&file.path, format!("unknown role field `{}`", row.field))
                .at_offset(&file.source, at);
            diagnostics.push(field_help(d, &row.field));
        }
    }
    file.value
}

/// Adds "did you mean" or the list of valid fields.
pub fn field_help(d: Diagnostic, field: &str) -> Diagnostic {
    match suggest(field, FIELDS.iter().map(|(f, _)| *f)) {
        Some(best) => d.with_help(format!("did you mean `{best}`?")),
        None => d.with_help(format!(
            "fields: {}",
            FIELDS
                .iter()
                .map(|(f, _)| *f)
                .collect::<Vec<_>>()
                .join(", ")
        )),
    }
}

fn build_glossary(
    glossary: Option<&crate::load::DataFile<Vec<Term>>>,
    diagnostics: &mut Diagnostics,
) -> Vec<GlossaryEntry> {
    let Some(file) = glossary else {
        return Vec::new();
    };
    let mut seen: HashMap<String, &str> = HashMap::new();
    let mut entries = Vec::new();
    for term in &file.value {
        let id = url::slugify(&term.term);
        if let Some(first) = seen.insert(id.clone(), &term.term) {
            let at = locate(&file.source, &term.term, 0).unwrap_or(0);
            let at = locate(&file.source, &term.term, at + 1).unwrap_or(at);
            diagnostics.push(
                Diagnostic::error(
                    &file.path,
                    format!("`{}` is in the glossary twice (as `{first}`)", term.term),
                )
                .at_offset(&file.source, at),
            );
            continue;
        }
        entries.push(GlossaryEntry {
            id,
            term: term.clone(),
        });
    }
    entries
}

/// Two things may not claim one output path.
fn check_url_claims(site: &Site, diagnostics: &mut Diagnostics) {
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
    if !site.roles.is_empty() {
        claim(
            ROLES_PATH.into(),
            "the generated roles list".into(),
            diagnostics,
            None,
        );
        claim(
            COMPARE_PATH.into(),
            "the generated comparison".into(),
            diagnostics,
            None,
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
    if site.has_glossary {
        claim(
            GLOSSARY_PATH.into(),
            "the generated glossary".into(),
            diagnostics,
            None,
        );
    }
    if site.has_sources {
        claim(
            SOURCES_PATH.into(),
            "the generated sources list".into(),
            diagnostics,
            None,
        );
    }
    claim(
        NOT_FOUND_PATH.into(),
        "the generated 404 page".into(),
        diagnostics,
        None,
    );
    claim(
        PRINT_PATH.into(),
        "the generated print page".into(),
        diagnostics,
        None,
    );
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

/// The fixture site, with `pages` added to its `part` section, modelled as a build
/// models it. For unit tests that need a whole site.
#[cfg(test)]
pub(crate) fn fixture_site(pages: &[(&str, &str)]) -> (tempfile::TempDir, Site) {
    let dir = tempfile::tempdir().unwrap();
    let fixture = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/basic");
    for entry in walkdir::WalkDir::new(&fixture) {
        let entry = entry.unwrap();
        let target = dir
            .path()
            .join(entry.path().strip_prefix(&fixture).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
    for (name, text) in pages {
        std::fs::write(dir.path().join("content/part").join(name), text).unwrap();
    }
    let root = dir.path();
    let config = crate::config::load(root, &Default::default()).unwrap();
    let loaded = crate::load::load(root, crate::discover::discover(root, &config.theme));
    let mut diagnostics = crate::diagnostics::Diagnostics::default();
    let site = crate::model::build(config, loaded, false, &mut diagnostics);
    (dir, site)
}
