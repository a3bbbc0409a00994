//! The keys of the render memo: for each thing a build renders, a fingerprint of everything
//! it depends on (see the list in `memo`), so an unchanged key means unchanged bytes.

use rustc_hash::FxHashSet;

use super::jobs::{Job, Shared, page_context, section_context};
use super::memo::{Markdown, Source, page_id};
use super::print::print_order;
use super::theme::Theme;
use crate::fingerprint::Fingerprint;
use crate::markdown::{Placement, Rendered};
use crate::model::generated::{Generated, generated};
use crate::model::{Page, PageKind, Site};

/// Fingerprints shared by every page of one build.
pub(crate) struct BuildKeys {
    /// Every page's file and URL, the files links may reach, and the glossary.
    links: u64,
    /// Role data, theme and the titles of the chapters pathway steps link to, for pages
    /// that call shortcodes.
    shortcodes: u64,
    /// The sizes of the images under `content/`, for pages that show images.
    images: u64,
    /// The sources, for pages that cite them.
    sources: u64,
    /// The values every template receives (site, nav, roles, glossary, sources, assets).
    globals: u64,
    /// Roles, sources and the comparison's rows.
    data: u64,
    /// Sources and the comparison's rows: what a role page shows besides its own role.
    facts: u64,
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
        fn sorted(set: &FxHashSet<String>) -> Vec<&String> {
            let mut v: Vec<&String> = set.iter().collect();
            v.sort();
            v
        }
        let mut assets: Vec<(&String, &String)> = site.asset_by_file.iter().collect();
        assets.sort();
        // Whether the site has sources decides whether a chapter is warned that it cites
        // none.
        let links = links
            .with(site.has_sources)
            .with(sorted(&site.broken_pages))
            .with(&site.unbuilt)
            .with(sorted(&site.draft_files))
            .with(assets)
            .with(glossary)
            // A page's Markdown shows the theme's strings (a callout's label, "n.d.").
            .with(site.ui.fingerprint)
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

        let mut image_sizes: Vec<_> = site.image_sizes.iter().collect();
        image_sizes.sort();
        let images = Fingerprint::new().with_debug(&image_sizes).finish();

        BuildKeys {
            links,
            images,
            sources: Fingerprint::new()
                .with(site.sources_broken)
                .with_debug(&site.sources)
                .finish(),
            shortcodes: Fingerprint::new()
                .with(data)
                .with(theme.fingerprint)
                .with(super::pathway::linked_titles(site))
                .finish(),
            // `set_globals` fingerprinted them as it put them into the theme.
            globals: theme.globals.unwrap_or_default(),
            data,
            facts,
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
        // Only pages that call shortcodes depend on role data and templates, and only
        // pages with images on the images' sizes.
        let f = if source.shortcodes {
            f.with(self.shortcodes)
        } else {
            f
        };
        let f = if source.cites {
            f.with(self.sources)
        } else {
            f
        };
        if source.images {
            f.with(self.images).finish()
        } else {
            f.finish()
        }
    }

    /// The key of the sidebars.
    pub(super) fn sidebars(&self) -> u64 {
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

    /// The memo id and key of a file made from a built-in template (the sitemap,
    /// robots.txt), given what it shows besides the globals.
    pub(crate) fn extra(&self, name: &str, inputs: impl std::hash::Hash) -> (String, u64) {
        (name.into(), self.common().with(inputs).finish())
    }

    /// What every templated output's key starts from.
    fn common(&self) -> Fingerprint {
        Fingerprint::new()
            .with(self.theme)
            .with(self.globals)
            .with(self.links)
    }

    /// The memo id and key of a page's output, given its Markdown and its file's text.
    pub(crate) fn page(
        &self,
        site: &Site,
        i: usize,
        own: &Markdown,
        source: Source,
        shared: &Shared<'_>,
    ) -> (String, u64) {
        let page = &site.pages[i];
        // The page's own values (front matter, table of contents) come from its file and
        // its content from its Markdown, both covered by fingerprints; the rest are other
        // pages' titles and paths, hashed as they are.
        let empty = Rendered::default();
        let ctx = page_context(site, i, &empty, shared.reading_position[i]);
        let mut f = self
            .common()
            .with(&page.template)
            .with(page.kind as u8)
            .with(&page.path)
            .with(source.fingerprint)
            .with(own.html)
            .with(&ctx.breadcrumbs)
            .with(&ctx.prev)
            .with(&ctx.next);
        if page.kind != PageKind::Chapter {
            let section = section_context(site, i);
            f = f.with(&section.pages).with(&section.subsections);
        }
        (page_id(page), f.finish())
    }

    /// The memo id and key of the print page, given every chapter's print rendering (in
    /// print order).
    pub(crate) fn print(
        &self,
        site: &Site,
        print: &[Markdown],
        sources: &[Source],
    ) -> (String, u64) {
        let mut f = self.common();
        for (i, m) in print_order(site).into_iter().zip(print) {
            f = f.with(sources[i].fingerprint).with(m.html);
        }
        ("print".into(), f.finish())
    }

    /// The memo id and key of a generated page's or alias page's output; `None` for pages
    /// and the print page, which have keys of their own.
    pub(crate) fn job(&self, site: &Site, job: &Job) -> Option<(String, u64)> {
        let common = self.common();
        let (id, key) = match *job {
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
            Job::Generated(Generated::Print) | Job::Page(_) => return None,
            Job::Alias(a) => {
                let (alias, target) = &site.aliases[a];
                let page = &site.pages[*target];
                let key = common
                    .with(alias)
                    .with(&page.path)
                    .with(&page.meta().title)
                    .finish();
                (format!("alias:{alias}"), key)
            }
            // The comparison shows every role; the others show only the globals.
            Job::Generated(page) => {
                let id = generated(page).template.trim_end_matches(".html");
                let key = match page {
                    Generated::Compare => common.with(self.data).finish(),
                    _ => common.finish(),
                };
                (id.into(), key)
            }
        };
        Some((id, key))
    }
}
