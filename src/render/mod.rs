//! Rendering: Markdown for every page, then every output file through the theme, in
//! parallel over a flat list of jobs. Outputs are sorted by path, so thread scheduling never
//! shows in the bytes.

pub mod context;
pub mod memo;
pub mod nav;
pub mod once;
pub mod search;
pub mod theme;

use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;
use std::path::PathBuf;
use std::sync::{Arc, LazyLock};

use bytes::Bytes;
use memchr::memmem;
use rayon::prelude::*;
use rustc_hash::FxHashSet as HashSet;
use serde::Serialize;
use tera::Context;

use crate::config::{base_path, line_of_key};
use crate::diagnostics::{Diagnostic, Diagnostics, suggest};
use crate::fingerprint::Fingerprint;
use crate::html::escape;
use crate::markdown::shortcodes::{Arg, Call};
use crate::markdown::{self, Expand, Expansion, Placement, Rendered, ShortcodeError};
use crate::model::{
    self, COMPARE_PATH, GLOSSARY_PATH, HOME, NOT_FOUND_PATH, PRINT_PATH, PageKind, ROLES_PATH,
    SEARCH_INDEX_PATH, SOURCES_PATH, Site, rel_content,
};
use crate::output::{Body, Output, SidebarParts};
use crate::progress::Progress;
use crate::url;
pub use memo::Memo;
use nav::{NavKey, Sidebars};
pub use once::{Emit, Sink, render_once};
pub use theme::Theme;

/// What rendering produced: the files, and each page's rendered Markdown for the checks.
pub struct RenderedSite {
    pub outputs: Vec<Output>,
    pub pages: Vec<Arc<Rendered>>,
    /// Each distinct sidebar, as shown on the first page that shows it, for the link
    /// check; never written.
    pub sidebars: Vec<Output>,
}

/// Puts the site-wide values into the theme's global context, serialised once (and not
/// again while they stay the same).
pub fn set_globals(theme: &mut Theme, site: &Site) {
    let (site_ctx, nav) = (context::site(site), context::nav(site));
    let roles: Vec<_> = site.roles.iter().map(context::role_summary).collect();
    let (glossary, sources) = (context::glossary(site), context::sources(site));
    let fingerprint = Fingerprint::new()
        .with_serialized(&site_ctx)
        .with_serialized(&nav)
        .with_serialized(&roles)
        .with_serialized(&glossary)
        .with_serialized(&sources)
        .with_serialized(&site.asset_urls)
        .with(SEARCH_INDEX_PATH)
        .finish();
    if theme.globals == Some(fingerprint) {
        return;
    }
    let globals = theme.tera.global_context();
    globals.insert("site", &site_ctx);
    globals.insert("nav", &nav);
    // Derived from `nav`, which the fingerprint covers.
    globals.insert("nav_windowed", &nav::sidebars_list_some_chapters(site));
    globals.insert("roles", &roles);
    globals.insert("glossary", &glossary);
    globals.insert("sources", &sources);
    globals.insert("assets", &site.asset_urls);
    globals.insert("search_index", SEARCH_INDEX_PATH);
    theme.globals = Some(fingerprint);
}

/// Renders the site, reusing from `memo` every page and output whose inputs did not change
/// since the memo's last build. Problems are added to `diagnostics`.
///
/// `edited` is for a site whose model is the memo's last one with only the text of these
/// pages changed (their front matter too is unchanged): no other page's Markdown or HTML can
/// differ then, so they are taken from the memo without working out their keys.
pub fn render(
    site: &Site,
    theme: &Theme,
    memo: &mut Memo,
    edited: Option<&HashSet<usize>>,
    diagnostics: &mut Diagnostics,
    progress: &Progress,
) -> RenderedSite {
    let kept = |i: usize| edited.is_some_and(|pages| !pages.contains(&i));
    let expander = Shortcodes { site, theme };
    let keys = memo::BuildKeys::new(site, theme);
    let sources: Vec<memo::Source> = site
        .pages
        .par_iter()
        .map(|page| memo.source(page))
        .collect();
    // Every page's own rendering, and its rendering for the print page (which holds every
    // page again, in reading order), parsing its Markdown once for both. The print
    // rendering's problems are the same as its own rendering's, reported once.
    let on_print_page: HashSet<usize> = if theme.has("print.html") {
        print_order(site).into_iter().collect()
    } else {
        HashSet::default()
    };
    let renderings: Vec<(memo::Markdown, Option<memo::Markdown>)> = (0..site.pages.len())
        .into_par_iter()
        .map(|i| {
            let page = &site.pages[i];
            // The memo's rendering, or the key to remember a fresh one under.
            let remembered = |placement| {
                if kept(i)
                    && let Some(m) = memo.kept_markdown(page, placement)
                {
                    return Ok(m);
                }
                let key = keys.markdown(page, sources[i], placement);
                memo.markdown(page, key, placement).ok_or(key)
            };
            let own = remembered(Placement::Own);
            let print = on_print_page
                .contains(&i)
                .then(|| remembered(Placement::Print));
            let mut missing = Vec::new();
            if own.is_err() {
                missing.push(Placement::Own);
            }
            if matches!(print, Some(Err(_))) {
                missing.push(Placement::Print);
            }
            let mut fresh = markdown::render_placements(site, i, &expander, &missing).into_iter();
            let own = own.unwrap_or_else(|key| {
                let (rendered, problems) = fresh.next().unwrap_or_default();
                memo::Markdown::new(key, rendered, problems)
            });
            let print = print.map(|print| {
                print.unwrap_or_else(|key| {
                    // The print page uses only the HTML; its problems are the page's own.
                    let (rendered, _) = fresh.next().unwrap_or_default();
                    let html = Rendered {
                        html: rendered.html,
                        ..Rendered::default()
                    };
                    memo::Markdown::new(key, html, Vec::new())
                })
            });
            (own, print)
        })
        .collect();
    let (markdown, mut print_by_page): (Vec<memo::Markdown>, Vec<Option<memo::Markdown>>) =
        renderings.into_iter().unzip();
    let pages: Vec<Arc<Rendered>> = markdown.iter().map(|m| m.rendered.clone()).collect();
    for m in &markdown {
        diagnostics.extend(m.diagnostics.iter().cloned());
    }
    check_templates_exist(site, theme, diagnostics);
    let print: Vec<memo::Markdown> = if on_print_page.is_empty() {
        Vec::new()
    } else {
        print_order(site)
            .into_iter()
            .filter_map(|i| print_by_page[i].take())
            .collect()
    };

    let jobs = jobs(site, theme);
    let sidebars = match memo.sidebars(&keys) {
        Some(sidebars) => sidebars,
        None => {
            let nav_keys: BTreeSet<NavKey> =
                jobs.iter().filter_map(|job| nav_key(site, job)).collect();
            match Sidebars::render(site, theme, nav_keys) {
                Ok(sidebars) => Arc::new(sidebars),
                Err(problem) => {
                    diagnostics.push(problem);
                    return RenderedSite {
                        outputs: Vec::new(),
                        pages,
                        sidebars: Vec::new(),
                    };
                }
            }
        }
    };
    let print_pages: Vec<Arc<Rendered>> = print.iter().map(|m| m.rendered.clone()).collect();
    let print_skeleton = theme.has("print.html").then(|| {
        let key = keys.print_skeleton(site);
        let skeleton = memo
            .print_skeleton(key)
            .unwrap_or_else(|| print_skeleton(site, theme));
        (key, skeleton)
    });
    let shared = Shared {
        print: &print_pages,
        sidebars: &sidebars,
        print_skeleton: print_skeleton.as_ref().map(|(_, skeleton)| skeleton),
        reading_position: reading_positions(site),
    };
    let page_of = |job: &Job| match *job {
        Job::Page(i) => Some(&pages[i]),
        _ => None,
    };
    progress.stage("rendering", jobs.len());
    let rendered: Vec<memo::JobResult> = jobs
        .par_iter()
        .inspect(|_| progress.step())
        .map(|job| {
            if let Job::Page(i) = *job
                && kept(i)
                && let Some((id, key, result)) = memo.kept_output(&site.pages[i])
            {
                return (Some((id, key)), result);
            }
            let Some((id, key)) = keys.job(site, &markdown, &print, &sources, &shared, job) else {
                return (None, render_job(site, theme, &shared, job, page_of(job)));
            };
            let result = memo
                .output(&id, key)
                .unwrap_or_else(|| render_job(site, theme, &shared, job, page_of(job)));
            (Some((id, key)), result)
        })
        .collect();
    let search_key = keys.search(site, &markdown);
    let search_index = memo
        .search_index(search_key)
        .unwrap_or_else(|| Bytes::from(search::json(site, &pages)));
    memo.keep(memo::Kept {
        site,
        markdown: &markdown,
        print: &print,
        sources: &sources,
        outputs: &rendered,
        sidebars: (&keys, &sidebars),
        search_index: (search_key, &search_index),
        print_skeleton: print_skeleton
            .as_ref()
            .map(|(key, skeleton)| (*key, skeleton)),
    });

    let mut outputs: Vec<Output> = Vec::with_capacity(rendered.len() + 4);
    let mut first_with_sidebar: BTreeMap<NavKey, usize> = BTreeMap::new();
    for (job, (_, r)) in jobs.iter().zip(rendered) {
        match r {
            Ok(o) => {
                if let (Some(key), Some(_)) = (nav_key(site, job), &o.sidebar) {
                    first_with_sidebar.entry(key).or_insert(outputs.len());
                }
                outputs.push(o);
            }
            Err(d) => diagnostics.push(d),
        }
    }
    let sidebars = first_with_sidebar
        .into_values()
        .map(|i| sidebar_output(theme, &outputs[i]))
        .collect();
    outputs.extend(extras(site));
    outputs.push(Output {
        path: SEARCH_INDEX_PATH.into(),
        body: Body::from(search_index),
        source: PathBuf::from("content"),
        template: None,
        sidebar: None,
    });
    outputs.sort_by(|a, b| a.path.cmp(&b.path));
    RenderedSite {
        outputs,
        pages,
        sidebars,
    }
}

/// The sidebar of a page, as an output of its own for the link check.
fn sidebar_output(theme: &Theme, page: &Output) -> Output {
    let range = page
        .sidebar
        .as_ref()
        .map(|s| s.range.clone())
        .unwrap_or_default();
    Output {
        path: page.path.clone(),
        body: Body::from_parts(page.body.parts()[range].to_vec()),
        source: theme.file_of(nav::TEMPLATE),
        template: Some(nav::TEMPLATE.to_string()),
        sidebar: None,
    }
}

/// One file to render.
pub(crate) enum Job {
    Page(usize),
    Role(usize),
    Roles,
    Compare,
    Glossary,
    Sources,
    Print,
    NotFound,
    Alias(usize),
}

/// The pages on the print page, in order: the home page, then reading order.
pub(crate) fn print_order(site: &Site) -> Vec<usize> {
    std::iter::once(HOME)
        .chain(site.reading_order.iter().copied())
        .filter(|&i| i < site.pages.len())
        .collect()
}

fn jobs(site: &Site, theme: &Theme) -> Vec<Job> {
    let mut jobs: Vec<Job> = (0..site.pages.len()).map(Job::Page).collect();
    jobs.extend((0..site.roles.len()).map(Job::Role));
    if !site.roles.is_empty() {
        jobs.push(Job::Roles);
        jobs.push(Job::Compare);
    }
    if site.has_glossary {
        jobs.push(Job::Glossary);
    }
    if site.has_sources {
        jobs.push(Job::Sources);
    }
    if theme.has("print.html") {
        jobs.push(Job::Print);
    }
    jobs.push(Job::NotFound);
    jobs.extend((0..site.aliases.len()).map(Job::Alias));
    jobs
}

/// Every template a page names, and every template a generated page needs, must exist.
fn check_templates_exist(site: &Site, theme: &Theme, diagnostics: &mut Diagnostics) {
    let names: Vec<&str> = theme.tera.get_template_names().collect();
    for page in &site.pages {
        if !theme.has(&page.template) {
            let source = &page.loaded.source;
            let d = Diagnostic::error(
                rel_content(&page.loaded.file.rel),
                format!("template `{}` does not exist", page.template),
            )
            .at(source, line_of_key(source, "template"), 0);
            diagnostics.push(match suggest(&page.template, names.iter().copied()) {
                Some(best) => d.with_help(format!("did you mean `{best}`?")),
                None => d.with_help(format!("templates: {}", names.join(", "))),
            });
        }
    }
    let mut needed = vec!["404.html"];
    if !site.roles.is_empty() {
        needed.extend(["role.html", "roles.html", "compare.html"]);
    }
    if site.has_glossary {
        needed.push("glossary.html");
    }
    if site.has_sources {
        needed.push("sources.html");
    }
    for name in needed {
        if !theme.has(name) {
            diagnostics.push(
                Diagnostic::error(
                    theme.file_of(name),
                    format!("the theme has no `{name}` template"),
                )
                .with_help("add it to the theme's templates/ or the site's templates/"),
            );
        }
    }
}

/// Values every page template receives besides the globals.
fn base_context(site: &Site, path: &str, title: &str, description: Option<&str>) -> Context {
    let mut ctx = Context::new();
    let root = if path == NOT_FOUND_PATH {
        not_found_root(site)
    } else {
        url::root_of(path)
    };
    ctx.insert("root", &root);
    ctx.insert("current_path", path);
    ctx.insert("canonical", &url::absolute(&site.config.base_url, path));
    ctx.insert("title", title);
    ctx.insert(
        "description",
        description.unwrap_or(&site.config.description),
    );
    ctx
}

/// What the print page is reported as made from.
const PRINT_SOURCE: &str = "content";

/// The print page's template output, with a marker for each chapter's content that
/// `splice_chapters` replaces: Tera copies a small page rather than the whole guide, and
/// the output can be reused while only chapters' text changes.
fn print_skeleton(site: &Site, theme: &Theme) -> memo::PrintSkeleton {
    let mut ctx = base_context(site, PRINT_PATH, "The whole guide", None);
    let order = print_order(site);
    let markers: Vec<String> = (0..order.len()).map(chapter_marker).collect();
    let chapters: Vec<_> = order
        .into_iter()
        .zip(&markers)
        .map(|(i, marker)| {
            let page = &site.pages[i];
            context::PrintChapterCtx {
                title: &page.meta().title,
                path: &page.path,
                id: markdown::print_id(&page.path),
                is_home: i == HOME,
                reviewed: page.meta().reviewed.as_ref().map(|d| d.0.as_str()),
                content: marker,
            }
        })
        .collect();
    ctx.insert("chapters", &chapters);
    ctx.insert("nav_html", SIDEBAR_MARKER);
    theme
        .tera
        .render("print.html", &ctx)
        .map(Bytes::from)
        .map_err(|e| theme.diagnostic(&e, Some(PRINT_SOURCE)))
}

/// What `nav_html` holds while a page renders: private-use characters that Markdown and
/// authors never produce.
const SIDEBAR_MARKER: &str = "\u{F8FF}sidebar\u{F8FF}";

/// Where the sidebar's marker is in a template's output; the finder is built once, not
/// once per page.
fn find_sidebar_marker(html: &[u8]) -> Option<usize> {
    static MARKER: LazyLock<memmem::Finder<'static>> =
        LazyLock::new(|| memmem::Finder::new(SIDEBAR_MARKER.as_bytes()));
    MARKER.find(html)
}

/// What every job reads besides the site and theme.
pub(crate) struct Shared<'a> {
    /// Every page again, as rendered for the print page.
    print: &'a [Arc<Rendered>],
    sidebars: &'a Sidebars,
    print_skeleton: Option<&'a memo::PrintSkeleton>,
    /// Page index -> its place in the reading order, for prev/next links.
    pub(crate) reading_position: Vec<Option<usize>>,
}

fn reading_positions(site: &Site) -> Vec<Option<usize>> {
    let mut positions = vec![None; site.pages.len()];
    for (position, &page) in site.reading_order.iter().enumerate() {
        positions[page] = Some(position);
    }
    positions
}

/// What a chapter's content holds on the print page while it renders: private-use
/// characters that Markdown and authors never produce, around the chapter's number.
const CHAPTER_MARKER: char = '\u{F8FE}';

fn chapter_marker(n: usize) -> String {
    format!("{CHAPTER_MARKER}{n}{CHAPTER_MARKER}")
}

/// The print page's parts with every chapter marker replaced by that chapter's content,
/// shared with the chapter's rendering rather than copied, and the sidebar's new place
/// among the parts.
fn splice_chapters(
    parts: Vec<Bytes>,
    chapters: &[Arc<Rendered>],
    sidebar: Option<SidebarParts>,
) -> (Vec<Bytes>, Option<SidebarParts>) {
    let mut out = Vec::with_capacity(parts.len() + 2 * chapters.len());
    let mut moved_sidebar: Option<Range<usize>> = None;
    splice(
        parts,
        sidebar.as_ref(),
        |n| Some(chapter_bytes(chapters.get(n)?)),
        |part, in_sidebar| {
            if in_sidebar {
                let start = moved_sidebar.as_ref().map_or(out.len(), |m| m.start);
                moved_sidebar = Some(start..out.len() + 1);
            }
            out.push(part);
        },
    );
    let moved = moved_sidebar
        .zip(sidebar)
        .map(|(range, s)| SidebarParts { range, ..s });
    (out, moved)
}

/// A chapter's print rendering as a part of the print page, without copying it.
fn chapter_bytes(chapter: &Arc<Rendered>) -> Bytes {
    Bytes::from_owner(RenderedHtml(chapter.clone()))
}

/// Walks the print page's parts in order, handing each piece to `emit` (with whether it is
/// the sidebar's) and, at each chapter marker, the content `chapter` gives for the marker's
/// number. A marker `chapter` has no content for is not one of ours and stays as it is, so
/// without chapters the parts come out as they went in.
fn splice(
    parts: Vec<Bytes>,
    sidebar: Option<&SidebarParts>,
    mut chapter: impl FnMut(usize) -> Option<Bytes>,
    mut emit: impl FnMut(Bytes, bool),
) {
    static MARKER: LazyLock<memmem::Finder<'static>> = LazyLock::new(|| {
        let marker = CHAPTER_MARKER.to_string();
        memmem::Finder::new(marker.as_bytes()).into_owned()
    });
    let marker = MARKER.needle();
    for (i, part) in parts.into_iter().enumerate() {
        if sidebar.is_some_and(|s| s.range.contains(&i)) {
            emit(part, true);
            continue;
        }
        // `done`: how much of the part is emitted; `from`: where to look for a marker next.
        let (mut done, mut from) = (0, 0);
        while let Some(found) = MARKER.find(&part[from..]) {
            let start = from + found;
            let after = start + marker.len();
            let content = MARKER.find(&part[after..]).and_then(|len| {
                let n: usize = std::str::from_utf8(&part[after..after + len])
                    .ok()?
                    .parse()
                    .ok()?;
                Some((chapter(n)?, after + len + marker.len()))
            });
            match content {
                Some((content, end)) => {
                    emit(part.slice(done..start), false);
                    emit(content, false);
                    (done, from) = (end, end);
                }
                // Not a marker of ours: the character stays in the part.
                None => from = after,
            }
        }
        emit(part.slice(done..), false);
    }
}

/// Where `needle` (not empty) first occurs in `haystack`: each place that has its first
/// byte is compared in full. A page's content starts a few hundred bytes into
/// the part that holds it, so this is quicker than preparing the needle for a search
/// (which took 5,000 instructions per page).
fn find_long(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    memchr::memchr_iter(needle[0], haystack).find(|&at| haystack[at..].starts_with(needle))
}

/// A page's parts with its own content, where the template copied it in whole, replaced by
/// the content's rendering itself; the parts cut from the template's output (`html`) are
/// then copied out of it, so that output and the copy of the content it holds are freed.
/// The bytes are the same by construction, whatever the template did with the content.
fn share_content(parts: Vec<Bytes>, html: &Bytes, content: &Arc<Rendered>) -> Vec<Bytes> {
    let own = content.html.as_bytes();
    let Some((last, rest)) = parts.split_last() else {
        return parts;
    };
    if own.len() < 256 {
        return parts;
    }
    let Some(at) = find_long(last, own) else {
        return parts;
    };
    let within_html = |part: &Bytes| {
        let (start, end) = (html.as_ptr() as usize, html.as_ptr() as usize + html.len());
        (start..end).contains(&(part.as_ptr() as usize))
    };
    let compact = |part: Bytes| match within_html(&part) {
        true => Bytes::copy_from_slice(&part),
        false => part,
    };
    let mut shared: Vec<Bytes> = rest.iter().cloned().map(compact).collect();
    shared.push(compact(last.slice(..at)));
    shared.push(Bytes::from_owner(RenderedHtml(content.clone())));
    shared.push(compact(last.slice(at + own.len()..)));
    shared
}

/// A page's rendered HTML as the bytes of a part, without copying it.
struct RenderedHtml(Arc<Rendered>);

impl AsRef<[u8]> for RenderedHtml {
    fn as_ref(&self) -> &[u8] {
        self.0.html.as_bytes()
    }
}

/// The sidebar a job's page shows; aliases are redirects and have none.
fn nav_key(site: &Site, job: &Job) -> Option<NavKey> {
    Some(match *job {
        Job::Page(i) => NavKey::of_page(site, i, &url::root_of(&site.pages[i].path)),
        Job::Role(r) => NavKey::generated(&url::root_of(&site.roles[r].path)),
        Job::Roles => NavKey::generated(&url::root_of(ROLES_PATH)),
        Job::Compare => NavKey::generated(&url::root_of(COMPARE_PATH)),
        Job::Glossary => NavKey::generated(&url::root_of(GLOSSARY_PATH)),
        Job::Sources => NavKey::generated(&url::root_of(SOURCES_PATH)),
        Job::Print => NavKey::generated(&url::root_of(PRINT_PATH)),
        Job::NotFound => NavKey::generated(&not_found_root(site)),
        Job::Alias(_) => return None,
    })
}

/// The 404 page is served at any depth, so only absolute paths work there.
fn not_found_root(site: &Site) -> String {
    base_path(&site.config.base_url).to_string()
}

/// Renders one output; `content` is the page's rendered Markdown for a page job.
fn render_job(
    site: &Site,
    theme: &Theme,
    shared: &Shared<'_>,
    job: &Job,
    content: Option<&Arc<Rendered>>,
) -> Result<Output, Diagnostic> {
    let (path, template, source, mut ctx) = match *job {
        Job::Page(i) => {
            let Some(content) = content else {
                unreachable!("a page job is given the page's rendering");
            };
            let page = &site.pages[i];
            let meta = page.meta();
            let mut ctx = base_context(site, &page.path, &meta.title, meta.description.as_deref());
            ctx.insert(
                "page",
                &page_context(site, i, content, shared.reading_position[i]),
            );
            if page.kind != PageKind::Chapter {
                ctx.insert("section", &section_context(site, i));
            }
            (
                page.path.clone(),
                page.template.as_str(),
                rel_content(&page.loaded.file.rel),
                ctx,
            )
        }
        Job::Role(r) => {
            let entry = &site.roles[r];
            let role = &entry.loaded.role;
            let mut ctx = base_context(site, &entry.path, &role.name, Some(&role.summary));
            ctx.insert("role", &context::role(site, entry));
            (
                entry.path.clone(),
                "role.html",
                entry.loaded.path.clone(),
                ctx,
            )
        }
        Job::Roles => {
            let ctx = base_context(site, ROLES_PATH, "Roles", None);
            (
                ROLES_PATH.into(),
                "roles.html",
                PathBuf::from("content/roles"),
                ctx,
            )
        }
        Job::Compare => {
            let c = &site.compare;
            let mut ctx = base_context(site, COMPARE_PATH, &c.title, c.description.as_deref());
            let roles: Vec<_> = site.roles.iter().collect();
            ctx.insert(
                "compare",
                &context::compare(site, &roles, &context::compare_fields(site), "compare-"),
            );
            (
                COMPARE_PATH.into(),
                "compare.html",
                PathBuf::from("content/compare.yaml"),
                ctx,
            )
        }
        Job::Glossary => {
            let ctx = base_context(site, GLOSSARY_PATH, "Glossary", None);
            (
                GLOSSARY_PATH.into(),
                "glossary.html",
                PathBuf::from("content/glossary.yaml"),
                ctx,
            )
        }
        Job::Sources => {
            let ctx = base_context(site, SOURCES_PATH, "Sources", None);
            (
                SOURCES_PATH.into(),
                "sources.html",
                PathBuf::from("content/sources.yaml"),
                ctx,
            )
        }
        // Rendered before the jobs, as `Shared::print_skeleton`.
        Job::Print => (
            PRINT_PATH.into(),
            "print.html",
            PathBuf::from(PRINT_SOURCE),
            Context::new(),
        ),
        Job::NotFound => {
            let ctx = base_context(site, NOT_FOUND_PATH, "Page not found", None);
            (
                NOT_FOUND_PATH.into(),
                "404.html",
                PathBuf::from("404.html"),
                ctx,
            )
        }
        Job::Alias(a) => return Ok(alias_page(site, a)),
    };
    // The template places a short marker; the sidebar is spliced in afterwards, so Tera
    // does not copy it and its place in the page is known exactly.
    ctx.insert("nav_html", SIDEBAR_MARKER);
    if !theme.has(template) {
        // Already reported by check_templates_exist; render nothing.
        return Ok(Output {
            path: url::output_file(&path),
            body: Body::default(),
            source,
            template: None,
            sidebar: None,
        });
    }
    let html = match job {
        Job::Print => match shared.print_skeleton {
            Some(skeleton) => skeleton.clone()?,
            None => print_skeleton(site, theme)?,
        },
        _ => {
            // Rendered as bytes: Tera's `render` would check its own output for UTF-8
            // again, 1% of a large build. The template's part besides the content is a few
            // kilobytes.
            let mut html = Vec::with_capacity(4096 + content.map_or(0, |c| c.html.len()));
            theme
                .tera
                .render_to(template, &ctx, &mut html)
                .map_err(|e| theme.diagnostic(&e, Some(&source.display().to_string())))?;
            Bytes::from(html)
        }
    };
    let (parts, sidebar) = match (nav_key(site, job), find_sidebar_marker(&html)) {
        (Some(key), Some(at)) => {
            let mut parts = vec![html.slice(..at)];
            let sidebar = shared.sidebars.for_page(&key, &path);
            parts.extend(sidebar.parts);
            let sidebar = SidebarParts {
                range: 1..parts.len(),
                has_ids: sidebar.has_ids,
            };
            parts.push(html.slice(at + SIDEBAR_MARKER.len()..));
            (parts, Some(sidebar))
        }
        _ => (vec![html.clone()], None),
    };
    let (parts, sidebar) = match (job, content) {
        // A one-shot build gives no chapters here: it splices them in as it writes the page.
        (Job::Print, _) => splice_chapters(parts, shared.print, sidebar),
        (Job::Page(_), Some(content)) => (share_content(parts, &html, content), sidebar),
        _ => (parts, sidebar),
    };
    Ok(Output {
        path: url::output_file(&path),
        body: Body::from_parts(parts),
        source,
        template: Some(template.to_string()),
        sidebar,
    })
}

pub(crate) fn page_context<'a>(
    site: &'a Site,
    i: usize,
    rendered: &'a Rendered,
    position: Option<usize>,
) -> context::PageCtx<'a> {
    let page = &site.pages[i];
    let meta = page.meta();
    let mut breadcrumbs = Vec::new();
    let mut up = page.parent;
    while let Some(p) = up {
        breadcrumbs.push(context::link(&site.pages[p]));
        up = site.pages[p].parent;
    }
    breadcrumbs.reverse();
    let neighbour = |offset: isize| {
        let pos = position? as isize + offset;
        let &p = site.reading_order.get(usize::try_from(pos).ok()?)?;
        Some(context::link(&site.pages[p]))
    };
    let (prev, next) = match page.kind {
        // The home page leads into the first chapter.
        PageKind::Home => (
            None,
            site.reading_order
                .first()
                .map(|&p| context::link(&site.pages[p])),
        ),
        _ => (neighbour(-1), neighbour(1)),
    };
    context::PageCtx {
        title: &meta.title,
        description: meta.description.as_deref(),
        path: &page.path,
        content: &rendered.html,
        toc: &rendered.toc,
        reviewed: meta.reviewed.as_ref().map(|d| d.0.as_str()),
        extra: &meta.extra,
        weight: meta.weight,
        breadcrumbs,
        prev,
        next,
    }
}

pub(crate) fn section_context(site: &Site, i: usize) -> context::SectionCtx<'_> {
    let children = &site.pages[i].children;
    let of_kind = |kind: PageKind| {
        children
            .iter()
            .filter(|&&c| site.pages[c].kind == kind)
            .map(|&c| context::link(&site.pages[c]))
            .collect()
    };
    context::SectionCtx {
        pages: of_kind(PageKind::Chapter),
        subsections: of_kind(PageKind::Section),
    }
}

/// A page at an old URL that sends the reader to the new one.
fn alias_page(site: &Site, a: usize) -> Output {
    let (alias, target) = &site.aliases[a];
    let page = &site.pages[*target];
    let href = escape(&url::relative(alias, &page.path));
    let canonical = escape(&url::absolute(&site.config.base_url, &page.path));
    let title = escape(&page.meta().title);
    let html = format!(
        "<!doctype html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n<title>Moved: {title}</title>\n\
         <link rel=\"canonical\" href=\"{canonical}\">\n<meta name=\"robots\" content=\"noindex\">\n\
         <meta http-equiv=\"refresh\" content=\"0; url={href}\">\n</head>\n<body>\n<main>\n<h1>This page has moved</h1>\n\
         <p><a href=\"{href}\">Go to {title}</a>.</p>\n</main>\n</body>\n</html>\n",
        lang = escape(&site.config.language),
    );
    Output {
        path: url::output_file(alias),
        body: Body::from(html),
        source: rel_content(&page.loaded.file.rel),
        template: None,
        sidebar: None,
    }
}

/// sitemap.xml, robots.txt, .nojekyll and CNAME.
fn extras(site: &Site) -> Vec<Output> {
    let mut entries: Vec<(&str, Option<&str>)> = site
        .pages
        .iter()
        .map(|p| {
            (
                p.path.as_str(),
                p.meta().reviewed.as_ref().map(|d| d.0.as_str()),
            )
        })
        .collect();
    entries.extend(
        site.roles
            .iter()
            .map(|r| (r.path.as_str(), Some(r.loaded.role.reviewed.0.as_str()))),
    );
    if !site.roles.is_empty() {
        entries.push((ROLES_PATH, None));
        entries.push((COMPARE_PATH, None));
    }
    if site.has_glossary {
        entries.push((GLOSSARY_PATH, None));
    }
    if site.has_sources {
        entries.push((SOURCES_PATH, None));
    }
    entries.sort();
    let mut sitemap = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for (path, lastmod) in entries {
        sitemap.push_str("  <url><loc>");
        sitemap.push_str(&escape(&url::absolute(&site.config.base_url, path)));
        sitemap.push_str("</loc>");
        if let Some(date) = lastmod {
            sitemap.push_str("<lastmod>");
            sitemap.push_str(date);
            sitemap.push_str("</lastmod>");
        }
        sitemap.push_str("</url>\n");
    }
    sitemap.push_str("</urlset>\n");
    let robots = format!(
        "User-agent: *\nAllow: /\nSitemap: {}sitemap.xml\n",
        site.config.base_url
    );
    let extra = |path: &str, text: String| Output {
        sidebar: None,
        path: path.into(),
        body: Body::from(text),
        source: PathBuf::from("guide.yaml"),
        template: None,
    };
    let mut out = vec![
        extra("sitemap.xml", sitemap),
        extra("robots.txt", robots),
        // GitHub Pages would otherwise run Jekyll, which hides files starting with `_`.
        extra(".nojekyll", String::new()),
    ];
    if let Some(cname) = &site.config.cname {
        out.push(extra("CNAME", format!("{cname}\n")));
    }
    out
}

/// Expands `fact`, `compare` and `role_card` through the theme's shortcode templates.
struct Shortcodes<'a> {
    site: &'a Site,
    theme: &'a Theme,
}

const SHORTCODES: &[(&str, &[&str])] = &[
    ("fact", &["role", "field"]),
    ("compare", &["roles", "fields"]),
    ("role_card", &["role"]),
];

fn sc_error(message: impl Into<String>, help: Option<String>) -> ShortcodeError {
    ShortcodeError {
        message: message.into(),
        help,
    }
}

impl Shortcodes<'_> {
    fn role(&self, slug: &str) -> Result<&model::RoleEntry, ShortcodeError> {
        self.site
            .roles
            .iter()
            .find(|r| r.loaded.slug == slug)
            .ok_or_else(|| {
                let slugs = self.site.roles.iter().map(|r| r.loaded.slug.as_str());
                let help = match suggest(slug, slugs) {
                    Some(best) => format!("did you mean `{best}`?"),
                    None => "roles are the files in content/roles/, named by slug".into(),
                };
                sc_error(format!("unknown role `{slug}`"), Some(help))
            })
    }

    fn uses_broken_role(&self, call: &Call) -> bool {
        let broken = |slug: &String| self.site.broken_roles.contains(slug);
        call.args.iter().any(|(_, arg)| match arg {
            Arg::Str(s) => broken(s),
            Arg::List(items) => items.iter().any(broken),
        })
    }

    fn field(&self, field: &str) -> Result<(), ShortcodeError> {
        if model::roles::default_label(field).is_some() {
            return Ok(());
        }
        let d = model::field_help(Diagnostic::error("", ""), field);
        Err(sc_error(format!("unknown role field `{field}`"), d.help))
    }

    fn render(
        &self,
        template: &str,
        page_path: &str,
        insert: impl FnOnce(&mut Context),
    ) -> Result<String, ShortcodeError> {
        let mut ctx = Context::new();
        ctx.insert("root", &url::root_of(page_path));
        insert(&mut ctx);
        self.theme.tera.render(template, &ctx).map_err(|e| {
            let d = self.theme.diagnostic(&e, None);
            sc_error(
                format!("shortcode template failed: {}", d.message),
                Some(format!("see {}:{}", d.path.display(), d.line)),
            )
        })
    }

    fn string<'c>(call: &'c Call, name: &str) -> Result<&'c str, ShortcodeError> {
        match call.arg(name) {
            Some(Arg::Str(s)) => Ok(s),
            Some(Arg::List(_)) => Err(sc_error(
                format!("`{name}` takes a string, not a list"),
                None,
            )),
            None => Err(sc_error(
                format!("`{}` needs the argument `{name}`", call.name),
                None,
            )),
        }
    }

    fn list<'c>(call: &'c Call, name: &str) -> Result<Option<&'c [String]>, ShortcodeError> {
        match call.arg(name) {
            Some(Arg::List(items)) => Ok(Some(items)),
            Some(Arg::Str(_)) => Err(sc_error(
                format!("`{name}` takes a list, like {name}=[\"a\", \"b\"]"),
                None,
            )),
            None => Ok(None),
        }
    }
}

fn render_shortcode<T: Serialize>(ctx: &mut Context, key: &'static str, value: &T) {
    ctx.insert(key, value);
}

impl Expand for Shortcodes<'_> {
    fn expand(
        &self,
        call: &Call,
        page_path: &str,
        id_prefix: &str,
    ) -> Result<Expansion, ShortcodeError> {
        let Some((_, allowed)) = SHORTCODES.iter().find(|(n, _)| *n == call.name) else {
            let help = match suggest(&call.name, SHORTCODES.iter().map(|(n, _)| *n)) {
                Some(best) => format!("did you mean `{best}`?"),
                None => "shortcodes: fact, compare, role_card".into(),
            };
            return Err(sc_error(
                format!("unknown shortcode `{}`", call.name),
                Some(help),
            ));
        };
        for (arg, _) in &call.args {
            if !allowed.contains(&arg.as_str()) {
                return Err(sc_error(
                    format!("`{}` has no argument `{arg}`", call.name),
                    Some(format!("its arguments: {}", allowed.join(", "))),
                ));
            }
        }
        if self.uses_broken_role(call) {
            // The role file's own error fails the build; repeating it per call is noise.
            return Ok(Expansion {
                html: String::new(),
                block: call.name != "fact",
            });
        }
        let template = format!("shortcodes/{}.html", call.name);
        if !self.theme.has(&template) {
            return Err(sc_error(
                format!("the theme has no `{template}` template"),
                None,
            ));
        }
        let site = self.site;
        match call.name.as_str() {
            "fact" => {
                let role = self.role(Self::string(call, "role")?)?;
                let field = Self::string(call, "field")?;
                self.field(field)?;
                let label = model::roles::default_label(field).unwrap_or(field);
                let fact = context::fact(site, role, field, label);
                let html = self.render(&template, page_path, |ctx| {
                    render_shortcode(ctx, "fact", &fact)
                })?;
                Ok(Expansion {
                    html: html.trim().to_string(),
                    block: false,
                })
            }
            "compare" => {
                let slugs = Self::list(call, "roles")?
                    .ok_or_else(|| sc_error("`compare` needs the argument `roles`", None))?;
                let roles = slugs
                    .iter()
                    .map(|s| self.role(s))
                    .collect::<Result<Vec<_>, _>>()?;
                let fields = match Self::list(call, "fields")? {
                    Some(fields) => fields
                        .iter()
                        .map(|f| {
                            self.field(f)?;
                            let label = site
                                .compare
                                .rows
                                .iter()
                                .find(|r| r.field == *f)
                                .map(|r| r.label.as_str())
                                .or_else(|| model::roles::default_label(f))
                                .unwrap_or(f);
                            Ok((f.as_str(), label))
                        })
                        .collect::<Result<Vec<_>, ShortcodeError>>()?,
                    None => context::compare_fields(site),
                };
                let compare = context::compare(site, &roles, &fields, id_prefix);
                let html = self.render(&template, page_path, |ctx| {
                    render_shortcode(ctx, "compare", &compare)
                })?;
                Ok(Expansion { html, block: true })
            }
            _ => {
                let role = self.role(Self::string(call, "role")?)?;
                let summary = context::role_summary(role);
                let html = self.render(&template, page_path, |ctx| {
                    render_shortcode(ctx, "role", &summary)
                })?;
                Ok(Expansion { html, block: true })
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_needles_are_found_where_they_first_occur_whole() {
        let needle = format!("{}b", "a".repeat(70));
        let haystack = format!("{}{needle}{needle}", "a".repeat(100));
        assert_eq!(find_long(haystack.as_bytes(), needle.as_bytes()), Some(100));
        assert_eq!(
            find_long(&haystack.as_bytes()[..170], needle.as_bytes()),
            None
        );
    }

    #[test]
    fn chapters_are_spliced_into_the_print_page() {
        let chapter = |html: &str| {
            Arc::new(Rendered {
                html: html.into(),
                ..Rendered::default()
            })
        };
        let chapters = [chapter("<p>one</p>"), chapter("<p>two</p>")];
        let parts = vec![
            Bytes::from(format!("<main>{}", chapter_marker(1))),
            Bytes::from_static(b"|"),
            Bytes::from(format!(
                "{}|{}\u{F8FE}x</main>",
                chapter_marker(0),
                chapter_marker(7)
            )),
        ];
        let sidebar = SidebarParts {
            range: 1..2,
            has_ids: true,
        };
        let (spliced, moved) = splice_chapters(parts, &chapters, Some(sidebar));
        assert_eq!(
            String::from_utf8(spliced.concat()).unwrap(),
            format!(
                "<main><p>two</p>|<p>one</p>|{}\u{F8FE}x</main>",
                chapter_marker(7)
            )
        );
        // The sidebar's range followed its part.
        let moved = moved.unwrap();
        assert_eq!(spliced[moved.range].concat(), b"|");
        assert!(moved.has_ids);
    }
}
