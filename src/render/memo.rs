//! What rendering remembers between the builds of one session, so that a rebuild renders
//! only what its inputs changed. Every entry is keyed by a fingerprint of everything the
//! entry depends on: an unchanged key means unchanged bytes, so reusing an entry gives
//! exactly what a clean build would.
//!
//! What each key covers (the dependencies of a stage, spelled out):
//! - a page's Markdown (for its own page and for the print page): its file, its URL, the
//!   URLs of every page and asset it could link to, and the glossary (terms are marked on
//!   first use); if it calls shortcodes, also the role data and the theme;
//! - the sidebars: the theme, the navigation and every page's file and URL;
//! - a page's HTML: the theme, the site-wide template values (navigation, roles list,
//!   asset names, ...), every page's file and URL, the page's own file (front matter, table
//!   of contents), its rendered Markdown, and its neighbours' titles and paths (breadcrumbs,
//!   previous and next, section listing);
//! - a role page and the generated pages: the theme, the site-wide values and the data
//!   files; the print page: every page's print rendering;
//! - the search index: every page's path, title, description and headings, the roles and
//!   the glossary.
//!
//! So a body-only edit re-renders one page (and the print page, which holds every page),
//! while a title, weight or slug change re-renders every page that shows navigation.

use std::sync::Arc;

use bytes::Bytes;
use rustc_hash::FxHashMap as HashMap;

use super::nav::Sidebars;
use super::{Job, Shared, page_context, print_order, section_context};
use crate::diagnostics::Diagnostic;
use crate::fingerprint::Fingerprint;
use crate::markdown::{Placement, Rendered};
use crate::model::{Page, PageKind, Site};
use crate::output::Output;
use crate::render::Theme;

/// A page's rendered Markdown with the problems found in it.
#[derive(Clone)]
pub(crate) struct Markdown {
    key: u64,
    pub(crate) rendered: Arc<Rendered>,
    /// Fingerprints of the HTML and of the table of contents, so keys that depend on them
    /// need not hash whole bodies.
    html: u64,
    toc: u64,
    pub(crate) diagnostics: Vec<Diagnostic>,
    /// Whether this build rendered it (rather than reusing it).
    fresh: bool,
}

impl Markdown {
    pub(crate) fn new(key: u64, rendered: Rendered, diagnostics: Vec<Diagnostic>) -> Self {
        Markdown {
            key,
            html: Fingerprint::new().with(&rendered.html).finish(),
            toc: Fingerprint::new().with_serialized(&rendered.toc).finish(),
            rendered: Arc::new(rendered),
            diagnostics,
            fresh: true,
        }
    }

    fn reused(&self) -> Markdown {
        Markdown {
            fresh: false,
            ..self.clone()
        }
    }
}

/// The memo id of a page's HTML.
fn page_id(page: &Page) -> String {
    format!("page:{}", page.loaded.file.rel)
}

/// A job's memo id and key (if it is remembered) and what rendering it gave.
pub(crate) type JobResult = (Option<(String, u64)>, Result<Output, Diagnostic>);

/// How much of the last build was rendered afresh.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    /// Pages whose Markdown was rendered.
    pub markdown: usize,
    /// Outputs rendered through a template.
    pub templates: usize,
}

/// What rendering needs to know of a page's file text.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Source {
    fingerprint: u64,
    /// Whether the body may call shortcodes.
    shortcodes: bool,
}

/// What is remembered of one page.
struct PageEntry {
    /// The file's text (shared with the session, so the same text is the same allocation)
    /// and what is known of it, so an unchanged file is not read through again.
    source: (Arc<String>, Source),
    markdown: Option<Markdown>,
    print: Option<Markdown>,
    /// The build that last used it.
    used: u64,
}

/// What is remembered of one templated output.
struct OutputEntry {
    key: u64,
    result: Result<Output, Diagnostic>,
    used: u64,
}

/// What one build rendered, for the memo to keep.
pub(crate) struct Kept<'a> {
    pub(crate) site: &'a Site,
    pub(crate) markdown: &'a [Markdown],
    /// In print order.
    pub(crate) print: &'a [Markdown],
    pub(crate) sources: &'a [Source],
    pub(crate) outputs: &'a [JobResult],
    pub(crate) sidebars: (&'a BuildKeys, &'a Arc<Sidebars>),
    pub(crate) search_index: (u64, &'a Bytes),
    pub(crate) print_skeleton: Option<(u64, &'a PrintSkeleton)>,
}

/// The print page's template output, with a marker where each chapter's content goes.
pub(crate) type PrintSkeleton = Result<Bytes, Diagnostic>;

/// The render stage's memory. An empty memo renders everything.
#[derive(Default)]
pub struct Memo {
    /// By the page's content-relative file.
    pages: HashMap<String, PageEntry>,
    /// By job id.
    outputs: HashMap<String, OutputEntry>,
    sidebars: Option<(u64, Arc<Sidebars>)>,
    search_index: Option<(u64, Bytes)>,
    /// It depends on the chapters' titles and dates, not on their text, so an edit of a
    /// chapter's text reuses it and only splices the new chapter in.
    print_skeleton: Option<(u64, PrintSkeleton)>,
    /// Counts builds, to forget what a build did not use.
    builds: u64,
    /// What the last build rendered afresh.
    pub last: Counts,
}

impl Memo {
    /// How many builds the memo has kept.
    pub fn builds(&self) -> u64 {
        self.builds
    }

    /// What rendering needs to know of a page's file text.
    pub(crate) fn source(&self, page: &Page) -> Source {
        match self.pages.get(&page.loaded.file.rel) {
            Some(e) if Arc::ptr_eq(&e.source.0, &page.loaded.source) => e.source.1,
            _ => Source {
                fingerprint: Fingerprint::new().with(&*page.loaded.source).finish(),
                shortcodes: page.loaded.body().contains("{{"),
            },
        }
    }

    pub(crate) fn markdown(&self, page: &Page, key: u64, placement: Placement) -> Option<Markdown> {
        let entry = self.pages.get(&page.loaded.file.rel)?;
        let hit = match placement {
            Placement::Own => entry.markdown.as_ref(),
            Placement::Print => entry.print.as_ref(),
        }?;
        (hit.key == key).then(|| hit.reused())
    }

    /// A page's Markdown as last rendered, whatever its key (see `edited` in `render`).
    pub(crate) fn kept_markdown(&self, page: &Page, placement: Placement) -> Option<Markdown> {
        let entry = self.pages.get(&page.loaded.file.rel)?;
        match placement {
            Placement::Own => entry.markdown.as_ref(),
            Placement::Print => entry.print.as_ref(),
        }
        .map(Markdown::reused)
    }

    /// A page's HTML as last rendered, with its id and key, whatever its inputs.
    pub(crate) fn kept_output(
        &self,
        page: &Page,
    ) -> Option<(String, u64, Result<Output, Diagnostic>)> {
        let id = page_id(page);
        let e = self.outputs.get(&id)?;
        Some((id, e.key, e.result.clone()))
    }

    pub(crate) fn output(&self, id: &str, key: u64) -> Option<Result<Output, Diagnostic>> {
        let e = self.outputs.get(id)?;
        (e.key == key).then(|| e.result.clone())
    }

    pub(crate) fn sidebars(&self, keys: &BuildKeys) -> Option<Arc<Sidebars>> {
        let (key, sidebars) = self.sidebars.as_ref()?;
        (*key == keys.sidebars()).then(|| sidebars.clone())
    }

    pub(crate) fn print_skeleton(&self, key: u64) -> Option<PrintSkeleton> {
        let (old, skeleton) = self.print_skeleton.as_ref()?;
        (*old == key).then(|| skeleton.clone())
    }

    pub(crate) fn search_index(&self, key: u64) -> Option<Bytes> {
        let (old, bytes) = self.search_index.as_ref()?;
        (*old == key).then(|| bytes.clone())
    }

    /// Remembers this build's pages and outputs, forgets those it did not have, and counts
    /// what was rendered afresh.
    pub(crate) fn keep(&mut self, kept: Kept<'_>) {
        self.builds += 1;
        let build = self.builds;
        let site = kept.site;
        let mut print: Vec<Option<&Markdown>> = vec![None; site.pages.len()];
        for (i, m) in print_order(site).into_iter().zip(kept.print) {
            print[i] = Some(m);
        }
        for (i, (page, m)) in site.pages.iter().zip(kept.markdown).enumerate() {
            let source = (page.loaded.source.clone(), kept.sources[i]);
            let print = print[i].map(Markdown::reused);
            match self.pages.get_mut(&page.loaded.file.rel) {
                Some(e) => {
                    e.source = source;
                    if m.fresh || e.markdown.is_none() {
                        e.markdown = Some(m.reused());
                    }
                    if print
                        .as_ref()
                        .is_some_and(|p| e.print.as_ref().is_none_or(|old| old.key != p.key))
                    {
                        e.print = print;
                    }
                    e.used = build;
                }
                None => {
                    let entry = PageEntry {
                        source,
                        markdown: Some(m.reused()),
                        print,
                        used: build,
                    };
                    self.pages.insert(page.loaded.file.rel.clone(), entry);
                }
            }
        }
        let mut templates = 0;
        for (id, result) in kept.outputs {
            let Some((id, key)) = id else { continue };
            match self.outputs.get_mut(id) {
                Some(e) if e.key == *key => e.used = build,
                Some(e) => {
                    templates += 1;
                    (e.key, e.result, e.used) = (*key, result.clone(), build);
                }
                None => {
                    templates += 1;
                    let entry = OutputEntry {
                        key: *key,
                        result: result.clone(),
                        used: build,
                    };
                    self.outputs.insert(id.clone(), entry);
                }
            }
        }
        self.pages.retain(|_, e| e.used == build);
        self.outputs.retain(|_, e| e.used == build);
        let (keys, sidebars) = kept.sidebars;
        self.sidebars = Some((keys.sidebars(), sidebars.clone()));
        let (key, index) = kept.search_index;
        self.search_index = Some((key, index.clone()));
        self.print_skeleton = kept
            .print_skeleton
            .map(|(key, skeleton)| (key, skeleton.clone()));
        self.last = Counts {
            markdown: kept.markdown.iter().filter(|m| m.fresh).count(),
            templates,
        };
    }
}

/// Fingerprints shared by every page of one build.
pub(crate) struct BuildKeys {
    /// Every page's file and URL, the files links may reach, and the glossary.
    links: u64,
    /// Role data and theme, for pages that call shortcodes.
    shortcodes: u64,
    /// The values every template receives (site, nav, roles, glossary, sources, assets).
    globals: u64,
    /// Roles, sources and the comparison's rows.
    data: u64,
    /// Sources and the comparison's rows: what a role page shows besides its own role.
    facts: u64,
    glossary: u64,
    theme: u64,
}

impl BuildKeys {
    pub(crate) fn new(site: &Site, theme: &Theme) -> Self {
        let glossary = Fingerprint::new()
            .with(site.has_glossary)
            .with_debug(&site.glossary)
            .finish();
        let mut links = Fingerprint::new();
        for page in &site.pages {
            links = links.with(&page.loaded.file.rel).with(&page.path);
        }
        fn sorted(set: &rustc_hash::FxHashSet<String>) -> Vec<&String> {
            let mut v: Vec<&String> = set.iter().collect();
            v.sort();
            v
        }
        let mut assets: Vec<(&String, &String)> = site.asset_by_file.iter().collect();
        assets.sort();
        let links = links
            .with(sorted(&site.broken_pages))
            .with(sorted(&site.draft_files))
            .with(assets)
            .with(glossary)
            .finish();

        let facts = Fingerprint::new()
            .with_debug(&site.compare)
            .with_debug(&site.sources)
            .finish();
        let mut data = Fingerprint::new().with(facts).with(&site.broken_roles);
        for role in &site.roles {
            data = data
                .with(&role.loaded.slug)
                .with(&role.path)
                .with(&role.loaded.source);
        }
        let data = data.finish();

        BuildKeys {
            links,
            shortcodes: Fingerprint::new()
                .with(data)
                .with(theme.fingerprint)
                .finish(),
            // `set_globals` fingerprinted them as it put them into the theme.
            globals: theme.globals.unwrap_or_default(),
            data,
            facts,
            glossary,
            theme: theme.fingerprint,
        }
    }

    /// The key of a page's Markdown, given what is known of its file's text.
    pub(crate) fn markdown(&self, page: &Page, source: Source, placement: Placement) -> u64 {
        let f = Fingerprint::new()
            .with(matches!(placement, Placement::Print))
            .with(&page.loaded.file.rel)
            .with(&page.path)
            .with(source.fingerprint)
            .with(self.links);
        // Only pages that call shortcodes depend on role data and templates.
        if source.shortcodes {
            f.with(self.shortcodes).finish()
        } else {
            f.finish()
        }
    }

    /// The key of the sidebars.
    fn sidebars(&self) -> u64 {
        Fingerprint::new()
            .with(self.theme)
            .with(self.globals)
            .with(self.links)
            .finish()
    }

    /// The key of the print page's template output: what the template is given of each
    /// chapter besides its content (title, date; paths are in `links`).
    pub(crate) fn print_skeleton(&self, site: &Site) -> u64 {
        let mut f = Fingerprint::new()
            .with(self.theme)
            .with(self.globals)
            .with(self.links);
        for i in print_order(site) {
            let meta = site.pages[i].meta();
            f = f
                .with(&meta.title)
                .with(meta.reviewed.as_ref().map(|d| d.0.as_str()));
        }
        f.finish()
    }

    /// The key of the search index.
    pub(crate) fn search(&self, site: &Site, markdown: &[Markdown]) -> u64 {
        let mut f = Fingerprint::new().with(self.data).with(self.glossary);
        for &i in &site.reading_order {
            let meta = site.pages[i].meta();
            f = f
                .with(&site.pages[i].path)
                .with(&meta.title)
                .with(&meta.description)
                .with(markdown[i].toc);
        }
        f.finish()
    }

    /// The memo id and key of a job's output; `None` for outputs not worth remembering
    /// (alias redirects, made without a template).
    pub(crate) fn job(
        &self,
        site: &Site,
        markdown: &[Markdown],
        print: &[Markdown],
        sources: &[Source],
        shared: &Shared<'_>,
        job: &Job,
    ) -> Option<(String, u64)> {
        let common = Fingerprint::new()
            .with(self.theme)
            .with(self.globals)
            .with(self.links);
        let (id, key) = match *job {
            Job::Page(i) => {
                let page = &site.pages[i];
                // The page's own values (front matter, table of contents) come from its
                // file and its content from its Markdown, both covered by fingerprints;
                // the rest are other pages' titles and paths, hashed as they are.
                let empty = Rendered::default();
                let ctx = page_context(site, i, &empty, shared.reading_position[i]);
                let mut f = common
                    .with(&page.template)
                    .with(page.kind as u8)
                    .with(&page.path)
                    .with(sources[i].fingerprint)
                    .with(markdown[i].html)
                    .with(&ctx.breadcrumbs)
                    .with(&ctx.prev)
                    .with(&ctx.next);
                if page.kind != PageKind::Chapter {
                    let section = section_context(site, i);
                    f = f.with(&section.pages).with(&section.subsections);
                }
                (page_id(page), f.finish())
            }
            Job::Role(r) => {
                let role = &site.roles[r];
                let key = common
                    .with(self.facts)
                    .with(&role.loaded.slug)
                    .with(&role.path)
                    .with(&role.loaded.source)
                    .finish();
                (format!("role:{}", role.loaded.slug), key)
            }
            Job::Print => {
                let mut f = common;
                for (i, m) in print_order(site).into_iter().zip(print) {
                    f = f.with(sources[i].fingerprint).with(m.html);
                }
                ("print".into(), f.finish())
            }
            Job::Roles => ("roles".into(), common.finish()),
            Job::Compare => ("compare".into(), common.with(self.data).finish()),
            Job::Glossary => ("glossary".into(), common.finish()),
            Job::Sources => ("sources".into(), common.finish()),
            Job::NotFound => ("404".into(), common.finish()),
            Job::Alias(_) => return None,
        };
        Some((id, key))
    }
}
