//! What rendering remembers between the builds of one session, so that a rebuild renders
//! only what its inputs changed. Every entry is keyed by a fingerprint of everything the
//! entry depends on: an unchanged key means unchanged bytes, so reusing an entry gives
//! exactly what a clean build would.
//!
//! What each key covers (the dependencies of a stage, spelled out):
//! - a page's Markdown: its file, its URL, and the URLs of every page and asset it could
//!   link to; if it calls shortcodes, also the role data and the theme;
//! - a page's HTML: the theme, the site-wide template values (navigation, roles list, ...),
//!   the page's own context (title, breadcrumbs, previous and next, section listing) and its
//!   rendered Markdown;
//! - a role page and the generated pages: the theme, the site-wide values and the data files.
//!
//! So a body-only edit re-renders one page, while a title, weight or slug change re-renders
//! every page that shows navigation.

use std::collections::HashMap;
use std::sync::Arc;

use super::{Job, Output, context, page_context, section_context};
use crate::diagnostics::Diagnostic;
use crate::fingerprint::Fingerprint;
use crate::markdown::Rendered;
use crate::model::{Page, PageKind, Site};
use crate::render::Theme;

/// A page's rendered Markdown with the problems found in it.
#[derive(Clone)]
pub(crate) struct Markdown {
    key: u64,
    pub(crate) rendered: Arc<Rendered>,
    /// Fingerprint of the HTML, so page keys need not hash whole bodies.
    html: u64,
    pub(crate) diagnostics: Vec<Diagnostic>,
    /// Whether this build rendered it (rather than reusing it).
    fresh: bool,
}

impl Markdown {
    pub(crate) fn new(key: u64, rendered: Rendered, diagnostics: Vec<Diagnostic>) -> Self {
        Markdown {
            key,
            html: Fingerprint::new().with(&rendered.html).finish(),
            rendered: Arc::new(rendered),
            diagnostics,
            fresh: true,
        }
    }
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

/// The render stage's memory. An empty memo renders everything.
#[derive(Default)]
pub struct Memo {
    /// By the page's content-relative file.
    markdown: HashMap<String, Markdown>,
    /// By job id.
    outputs: HashMap<String, (u64, Result<Output, Diagnostic>)>,
    /// What the last build rendered afresh.
    pub last: Counts,
}

impl Memo {
    pub(crate) fn markdown(&self, page: &Page, key: u64) -> Option<Markdown> {
        let hit = self.markdown.get(&page.loaded.file.rel)?;
        (hit.key == key).then(|| Markdown {
            fresh: false,
            ..hit.clone()
        })
    }

    pub(crate) fn output(&self, id: &str, key: u64) -> Option<Result<Output, Diagnostic>> {
        let (old, result) = self.outputs.get(id)?;
        (*old == key).then(|| result.clone())
    }

    /// Replaces the memory with this build's entries (forgetting pages and outputs that
    /// are gone) and counts what was rendered afresh.
    pub(crate) fn keep(&mut self, site: &Site, markdown: Vec<Markdown>, outputs: &[JobResult]) {
        let fresh_markdown = markdown.iter().filter(|m| m.fresh).count();
        let mut fresh_templates = 0;
        let mut kept = HashMap::with_capacity(outputs.len());
        for (id, result) in outputs {
            let Some((id, key)) = id else { continue };
            if self.outputs.get(id).is_none_or(|(old, _)| old != key) {
                fresh_templates += 1;
            }
            kept.insert(id.clone(), (*key, result.clone()));
        }
        self.outputs = kept;
        self.markdown = site
            .pages
            .iter()
            .zip(markdown)
            .map(|(page, m)| (page.loaded.file.rel.clone(), m))
            .collect();
        self.last = Counts {
            markdown: fresh_markdown,
            templates: fresh_templates,
        };
    }
}

/// Fingerprints shared by every page of one build.
pub(crate) struct BuildKeys {
    /// Every page's file and URL, and the files links may reach.
    links: u64,
    /// Role data and theme, for pages that call shortcodes.
    shortcodes: u64,
    /// The values every template receives (site, nav, roles, glossary, sources).
    globals: u64,
    /// Roles, sources and the comparison's rows.
    data: u64,
    /// Sources and the comparison's rows: what a role page shows besides its own role.
    facts: u64,
    theme: u64,
}

impl BuildKeys {
    pub(crate) fn new(site: &Site, theme: &Theme) -> Self {
        let mut links = Fingerprint::new();
        for page in &site.pages {
            links = links.with(&page.loaded.file.rel).with(&page.path);
        }
        fn sorted(set: &std::collections::HashSet<String>) -> Vec<&String> {
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

        let roles: Vec<_> = site.roles.iter().map(context::role_summary).collect();
        let globals = Fingerprint::new()
            .with_serialized(&context::site(site))
            .with_serialized(&context::nav(site))
            .with_serialized(&roles)
            .with_serialized(&context::glossary(site))
            .with_serialized(&context::sources(site))
            .finish();
        BuildKeys {
            links,
            shortcodes: Fingerprint::new()
                .with(data)
                .with(theme.fingerprint)
                .finish(),
            globals,
            data,
            facts,
            theme: theme.fingerprint,
        }
    }

    /// The key of a page's Markdown.
    pub(crate) fn markdown(&self, page: &Page) -> u64 {
        let f = Fingerprint::new()
            .with(&page.loaded.file.rel)
            .with(&page.path)
            .with(&page.loaded.source)
            .with(page.loaded.body_offset)
            .with(self.links);
        // Only pages that call shortcodes depend on role data and templates.
        if page.loaded.body().contains("{{") {
            f.with(self.shortcodes).finish()
        } else {
            f.finish()
        }
    }

    /// The memo id and key of a job's output; `None` for outputs not worth remembering
    /// (alias redirects, made without a template).
    pub(crate) fn job(
        &self,
        site: &Site,
        markdown: &[Markdown],
        positions: &[Option<usize>],
        job: &Job,
    ) -> Option<(String, u64)> {
        let common = Fingerprint::new().with(self.theme).with(self.globals);
        let (id, key) = match *job {
            Job::Page(i) => {
                let page = &site.pages[i];
                let m = &markdown[i];
                // The HTML is covered by its fingerprint; the rest of the context as is.
                let ctx = page_context(site, i, "", &m.rendered.toc, positions);
                let mut f = common
                    .with(&page.template)
                    .with_serialized(&ctx)
                    .with(m.html);
                if page.kind != PageKind::Chapter {
                    f = f.with_serialized(&section_context(site, i));
                }
                (format!("page:{}", page.loaded.file.rel), f.finish())
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
