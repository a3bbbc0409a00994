//! What rendering remembers between the builds of one session, so that a rebuild renders
//! only what its inputs changed. Every entry is keyed by a fingerprint of everything the
//! entry depends on: an unchanged key means unchanged bytes, so reusing an entry gives
//! exactly what a clean build would.
//!
//! What each key covers (the dependencies of a stage, spelled out):
//! - a page's Markdown (for its own page and for the print page): its file, its URL, the
//!   URLs of every page and asset it could link to, and the glossary (terms are marked on
//!   first use), whether the site has sources (a chapter citing none is warned); if it calls
//!   shortcodes, also the role data and the theme; if it cites sources (`[@id]`), also
//!   the sources;
//! - the sidebars: the theme, the navigation and every page's file and URL;
//! - a page's HTML: the theme, the site-wide template values (navigation, roles list,
//!   asset names, ...), every page's file and URL, the page's own file (front matter, table
//!   of contents), its rendered Markdown, and its neighbours' titles and paths (breadcrumbs,
//!   previous and next, section listing);
//! - a role page and the generated pages: the theme, the site-wide values and the data
//!   files; the print page: every page's print rendering;
//! - the search index (`search::Counted`): each run of 128 entries' counted terms, by the
//!   run's first number and its entries' titles, paths, breadcrumbs, descriptions and
//!   text; all of it by the glossary's terms, the language and the synonyms. Its files are
//!   written again only where a term's pages or a row of the table of pages changed.
//!
//! So a body-only edit re-renders one page (and the print page, which holds every page),
//! while a title, weight or slug change re-renders every page that shows navigation.

use std::sync::Arc;

use rayon::prelude::*;
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use super::jobs::{Job, Shared};
use super::keys::BuildKeys;
use super::nav::Sidebars;
use super::parts::SidebarNumbers;
use super::print::{PrintSkeleton, print_order};
use super::search::Counted;
use crate::diagnostics::Diagnostic;
use crate::fingerprint::Fingerprint;
use crate::markdown::{Placement, Rendered};
use crate::model::{Page, Site};
use crate::output::Output;
use crate::render::Theme;

/// A page's rendered Markdown with the problems found in it.
#[derive(Clone)]
pub(crate) struct Markdown {
    pub(super) key: u64,
    pub(crate) rendered: Arc<Rendered>,
    /// A fingerprint of the HTML, so keys that depend on it need not hash whole bodies.
    pub(super) html: u64,
    /// A fingerprint of its text for the search index, so a session recounts only the
    /// pages whose text changed.
    pub(crate) text: u64,
    pub(crate) diagnostics: Vec<Diagnostic>,
    /// Whether this build rendered it (rather than reusing it).
    pub(super) fresh: bool,
}

impl Markdown {
    pub(crate) fn new(key: u64, rendered: Rendered, diagnostics: Vec<Diagnostic>) -> Self {
        Markdown {
            key,
            html: Fingerprint::new().with(&rendered.html).finish(),
            text: Fingerprint::new()
                .with(&rendered.text.headings)
                .with(&rendered.text.body)
                .finish(),
            rendered: Arc::new(rendered),
            diagnostics,
            fresh: true,
        }
    }

    pub(super) fn reused(&self) -> Markdown {
        Markdown {
            fresh: false,
            ..self.clone()
        }
    }
}

/// The memo id of a page's HTML.
pub(super) fn page_id(page: &Page) -> String {
    format!("page:{}", page.loaded.file.rel)
}

/// A job's memo id and key, and what rendering it gave.
pub(crate) type JobResult<'a> = (&'a (String, u64), Result<&'a Output, &'a Diagnostic>);

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
    pub(super) fingerprint: u64,
    /// Whether the body may call shortcodes.
    pub(super) shortcodes: bool,
    /// Whether the body may show images, whose sizes are read from their files.
    pub(super) images: bool,
    /// Whether the body may cite sources (`[@id]`), whose names and years it shows.
    pub(super) cites: bool,
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
    pub(crate) outputs: Vec<JobResult<'a>>,
    pub(crate) sidebars: (&'a BuildKeys, &'a Arc<Sidebars>),
    /// The chapters' terms as this build counted them, when it counted any.
    pub(crate) search_counts: Option<Counted>,
    pub(crate) print_skeleton: Option<(u64, &'a PrintSkeleton)>,
    pub(crate) sidebar_numbers: &'a Arc<SidebarNumbers>,
}

/// The render stage's memory. An empty memo renders everything.
#[derive(Default)]
pub(crate) struct Memo {
    /// By the page's content-relative file.
    pages: HashMap<String, PageEntry>,
    /// By job id.
    outputs: HashMap<String, OutputEntry>,
    sidebars: Option<(u64, Arc<Sidebars>)>,
    /// The chapters' terms as last counted, by run of pages, so a session recounts only
    /// the runs whose pages changed.
    search_counts: Counted,
    /// It depends on the chapters' titles and dates, not on their text, so an edit of a
    /// chapter's text reuses it and only splices the new chapter in.
    print_skeleton: Option<(u64, PrintSkeleton)>,
    /// Which sidebar each job showed, for the next build of the same model.
    sidebar_numbers: Option<Arc<SidebarNumbers>>,
    /// Counts builds, to forget what a build did not use.
    builds: u64,
    /// What the last build rendered afresh.
    pub last: Counts,
}

impl Memo {
    /// How many builds the memo has kept.
    pub(crate) fn builds(&self) -> u64 {
        self.builds
    }

    /// What rendering needs to know of a page's file text.
    pub(crate) fn source(&self, page: &Page) -> Source {
        match self.pages.get(&page.loaded.file.rel) {
            Some(e) if Arc::ptr_eq(&e.source.0, &page.loaded.source) => e.source.1,
            _ => Source {
                // Included text is part of the body: a change to an included file is a
                // change of the page.
                fingerprint: {
                    let f = Fingerprint::new().with(&*page.loaded.source);
                    let f = match &page.loaded.included {
                        Some(included) => f.with(&included.text),
                        None => f,
                    };
                    // A translation's headings take their ids from the source's.
                    match &page.loaded.translation {
                        Some(t) => f.with(t.source_body()).finish(),
                        None => f.finish(),
                    }
                },
                shortcodes: page.loaded.body().contains("{{"),
                images: page.loaded.body().contains("!["),
                cites: page.loaded.body().contains("[@"),
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
        for ((id, key), result) in kept.outputs {
            let result = || result.cloned().map_err(Clone::clone);
            match self.outputs.get_mut(id) {
                Some(e) if e.key == *key => e.used = build,
                Some(e) => {
                    templates += 1;
                    (e.key, e.result, e.used) = (*key, result(), build);
                }
                None => {
                    templates += 1;
                    let entry = OutputEntry {
                        key: *key,
                        result: result(),
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
        if let Some(counts) = kept.search_counts {
            self.search_counts = counts;
        }
        self.sidebar_numbers = Some(kept.sidebar_numbers.clone());
        self.print_skeleton = kept
            .print_skeleton
            .map(|(key, skeleton)| (key, skeleton.clone()));
        self.last = Counts {
            markdown: kept.markdown.iter().filter(|m| m.fresh).count(),
            templates,
        };
    }
}

/// The memo as one build reads it, with that build's keys.
pub(crate) struct Lookup<'a> {
    memo: &'a Memo,
    pub(crate) keys: BuildKeys,
    /// What is known of each page's file text, by page.
    pub(crate) sources: Vec<Source>,
    /// Pages whose text alone changed in a model kept from the memo's last build: no other
    /// page's Markdown or HTML can differ, so those are taken without working out keys.
    edited: Option<&'a HashSet<usize>>,
}

impl<'a> Lookup<'a> {
    pub(crate) fn new(
        memo: &'a Memo,
        site: &Site,
        theme: &Theme,
        edited: Option<&'a HashSet<usize>>,
    ) -> Self {
        let sources = site
            .pages
            .par_iter()
            .map(|page| memo.source(page))
            .collect();
        Lookup {
            memo,
            keys: BuildKeys::new(site, theme),
            sources,
            edited,
        }
    }

    /// The keys and sources, for [`Memo::keep`] once the build is done with the memo.
    pub(crate) fn into_parts(self) -> (BuildKeys, Vec<Source>) {
        (self.keys, self.sources)
    }

    /// Whether page `i` is taken from the memo unchecked.
    fn kept(&self, i: usize) -> bool {
        self.edited.is_some_and(|pages| !pages.contains(&i))
    }

    /// A page's Markdown from the memo, or the key to remember a fresh rendering under.
    pub(crate) fn markdown(
        &self,
        site: &Site,
        i: usize,
        placement: Placement,
    ) -> Result<Markdown, u64> {
        let page = &site.pages[i];
        if self.kept(i)
            && let Some(m) = self.memo.kept_markdown(page, placement)
        {
            return Ok(m);
        }
        let key = self.keys.markdown(page, self.sources[i], placement);
        self.memo.markdown(page, key, placement).ok_or(key)
    }

    /// A page's output from the memo, if its inputs are unchanged, with its id and key.
    pub(crate) fn page_output(
        &self,
        site: &Site,
        i: usize,
        own: &Markdown,
        shared: &Shared<'_>,
    ) -> ((String, u64), Option<Result<Output, Diagnostic>>) {
        if self.kept(i)
            && let Some((id, key, result)) = self.memo.kept_output(&site.pages[i])
        {
            return ((id, key), Some(result));
        }
        let (id, key) = self.keys.page(site, i, own, self.sources[i], shared);
        let result = self.memo.output(&id, key);
        ((id, key), result)
    }

    /// A generated page's output from the memo, if its inputs are unchanged, with its id
    /// and key (`None` for outputs not remembered).
    pub(crate) fn output(&self, site: &Site, job: &Job) -> JobLookup {
        match self.keys.job(site, job) {
            Some((id, key)) => {
                let result = self.memo.output(&id, key);
                (Some((id, key)), result)
            }
            None => (None, None),
        }
    }

    /// A file made from a built-in template, from the memo if `inputs` (and the globals
    /// and theme) are unchanged, with its id and key.
    pub(crate) fn extra(&self, name: &str, inputs: impl std::hash::Hash) -> JobLookup {
        let (id, key) = self.keys.extra(name, inputs);
        let result = self.memo.output(&id, key);
        (Some((id, key)), result)
    }

    /// Which sidebar each job shows, from the memo's last build when this build's model is
    /// that one (so are its jobs and their sidebars).
    pub(crate) fn sidebar_numbers(&self, jobs: usize) -> Option<Arc<SidebarNumbers>> {
        self.edited?;
        let numbers = self.memo.sidebar_numbers.as_ref()?;
        (numbers.jobs() == jobs).then(|| numbers.clone())
    }

    pub(crate) fn sidebars(&self) -> Option<Arc<Sidebars>> {
        self.memo.sidebars(&self.keys)
    }

    /// The print page's template output from the memo, with its key.
    pub(crate) fn print_skeleton(&self, site: &Site) -> (u64, Option<PrintSkeleton>) {
        let key = self.keys.print_skeleton(site);
        (key, self.memo.print_skeleton(key))
    }

    /// The chapters' terms as the memo's last build counted them.
    pub(crate) fn search_counts(&self) -> &Counted {
        &self.memo.search_counts
    }
}

/// A job's memo id and key, and its output if the memo has it.
pub(crate) type JobLookup = (Option<(String, u64)>, Option<Result<Output, Diagnostic>>);
