//! The site model: every page with its URL and place in the tree, the roles, glossary and
//! sources, checked against each other. [`build`] makes it from what was loaded,
//! single-threaded (it is cheap, and it keeps the order deterministic); its parts are built
//! in `pages`, `role_entries` and `glossary`, and `claims` checks that no two things claim
//! one output path. A model is not rebuilt for every change: when a rebuild's only changes
//! are edits to pages whose front matter stayed as it was, the session replaces those
//! pages' loaded text in its last model in place (`Memory::edit_in_place`), as nothing else
//! in the model depends on a page's body. Every other change builds a new model.

mod claims;
pub(crate) mod generated;
mod glossary;
pub(crate) mod languages;
mod pages;
pub(crate) mod pathways;
pub(crate) mod review;
mod role_entries;
pub(crate) mod terms;

/// The role data's types and field labels, as the stages after the model see them.
pub(crate) use crate::load::roles;
pub(crate) use role_entries::field_help;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

// Looked up for every link of every page: a faster hash than SipHash, and the keys are the
// author's own file names.
use rustc_hash::{FxHashMap, FxHashSet};

use crate::config::Config;
use crate::diagnostics::Diagnostics;
use crate::discover::{Kind, SourceFile};
use crate::load::{CompareSpec, Loaded, LoadedPage, LoadedRole, PageMeta, Sources, Term};
use claims::check_url_claims;
use glossary::{build_glossary, glossary_present};
use pages::{build_pages, reading_order};
use role_entries::{build_compare, build_roles};

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

    /// Whether the page is left out of its site: an untranslated page of a language with
    /// `fallback: omit`, whose path leads out of the language's folder to the source's page.
    pub fn left_out(&self) -> bool {
        self.path.starts_with("../")
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
    /// The theme's strings in the language being rendered (`config.language`).
    pub ui: std::sync::Arc<crate::i18n::Ui>,
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
    /// The size of each raster image under `content/`, by its path in the output.
    pub image_sizes: FxHashMap<String, crate::load::images::ImageSize>,
    pub has_glossary: bool,
    /// Whether a glossary entry's id, term or expansion holds a NUL, which the Markdown
    /// renderer's markers are made of (found once here rather than for every page).
    pub glossary_has_nul: bool,
    pub has_sources: bool,
    /// `content/sources.yaml` could not be read: which ids it has is not known, so
    /// citations of them are not checked.
    pub sources_broken: bool,
    /// Roles whose files failed to load (already reported).
    pub broken_roles: Vec<String>,
    /// Pages whose files failed to load (already reported).
    pub broken_pages: FxHashSet<String>,
    /// Generated pages left out because their data file failed to load (already reported):
    /// a link to one is not reported as well.
    pub unbuilt: Vec<&'static str>,
    /// Content-relative files of drafts left out of this build.
    pub draft_files: FxHashSet<String>,
    /// The guide's languages, when it has translations.
    pub localized: Option<languages::Localized>,
}

pub(crate) const HOME: usize = 0;

/// Paths of the generated pages.
pub(crate) const ROLES_PATH: &str = "roles/";
pub(crate) const COMPARE_PATH: &str = "compare/";
pub(crate) const GLOSSARY_PATH: &str = "glossary/";
pub(crate) const SOURCES_PATH: &str = "sources/";
pub(crate) const NOT_FOUND_PATH: &str = "404.html";
/// The whole guide on one page, made when the theme has `print.html`.
pub(crate) const PRINT_PATH: &str = "print/";
/// The search page, and the folder of the index the theme's search script reads.
pub(crate) const SEARCH_DIR: &str = "search/";
/// The index's entry file, which lists its chunks.
pub(crate) const SEARCH_INDEX_PATH: &str = "search/meta.json";

/// The files every build writes besides its pages, with what they are called in messages
/// (CNAME only when the guide sets one).
pub(crate) const SITEMAP_PATH: &str = "sitemap.xml";
pub(crate) const ROBOTS_PATH: &str = "robots.txt";
pub(crate) const NOJEKYLL_PATH: &str = ".nojekyll";
pub(crate) const CNAME_PATH: &str = "CNAME";
/// The list of the files guide wrote, kept in the output folder.
pub(crate) const FILE_LIST_PATH: &str = ".guide-files";
pub(crate) const SITE_FILES: [(&str, &str); 5] = [
    (SEARCH_INDEX_PATH, "the generated search index"),
    (SITEMAP_PATH, "the generated sitemap"),
    (ROBOTS_PATH, "the generated robots.txt"),
    (NOJEKYLL_PATH, "the generated .nojekyll"),
    (FILE_LIST_PATH, "the list of the files guide wrote"),
];

/// Builds the site from what was loaded. Problems go into `diagnostics`; the model is still
/// returned so later stages can report their own problems in the same run.
pub(crate) fn build(
    config: Config,
    loaded: Loaded,
    drafts: bool,
    diagnostics: &mut Diagnostics,
) -> Site {
    let Loaded {
        pages: loaded_pages,
        roles,
        glossary,
        sources,
        compare,
        assets,
        image_sizes,
        static_files,
        fingerprints,
        broken_roles,
        broken_pages,
        broken_data,
        templates,
        ..
    } = loaded;
    let ui = crate::i18n::build(&config.language, &templates, diagnostics);

    let draft_files: FxHashSet<String> = loaded_pages
        .iter()
        .filter(|p| p.meta.draft && !drafts)
        .map(|p| p.file.rel.clone())
        .collect();
    let (pages, aliases) = build_pages(&config, loaded_pages, drafts, diagnostics);
    let reading_order = reading_order(&pages);
    let page_by_file: FxHashMap<String, usize> = pages
        .iter()
        .enumerate()
        .map(|(i, p)| (p.loaded.file.rel.clone(), i))
        .collect();

    let sources_value = sources
        .as_ref()
        .map(|s| s.value.clone())
        .unwrap_or_default();
    // Sources that could not be read are not known to be missing what roles cite.
    let sources_known = !broken_data.contains(&Kind::Sources);
    let roles = build_roles(roles, sources_known.then_some(&sources_value), diagnostics);
    pathways::check_pathways(
        &roles,
        &page_by_file,
        &draft_files,
        &broken_pages,
        diagnostics,
    );
    let unbuilt = broken_data
        .iter()
        .filter_map(|kind| match kind {
            Kind::Glossary => Some(GLOSSARY_PATH),
            Kind::Sources => Some(SOURCES_PATH),
            _ => None,
        })
        .collect();
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
        sources_broken: !sources_known,
        ui,
        config,
        pages,
        roles,
        terms: terms::TermFinder::of_glossary(&glossary),
        glossary,
        sources: sources_value,
        compare,
        assets,
        asset_urls,
        aliases,
        reading_order,
        page_by_file,
        asset_by_file,
        // Assets keep their content-relative path in the output.
        image_sizes: image_sizes.into_iter().collect(),
        draft_files,
        broken_roles,
        broken_pages: broken_pages.into_iter().collect(),
        unbuilt,
        localized: None,
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
