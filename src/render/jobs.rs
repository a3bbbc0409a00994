//! The files a build renders through the theme, one job each, and how one job becomes an
//! output: its template's context, the template rendered, and the sidebar put in its place.

use std::path::PathBuf;
use std::sync::Arc;

use bytes::Bytes;
use tera::Context;

use super::context;
use super::extras::alias_page;
use super::nav::{NavKey, Sidebars};
use super::parts::{SIDEBAR_MARKER, find_sidebar_marker, share_content};
use super::print::{PrintSkeleton, print_skeleton};
use super::theme::Theme;
use crate::config::base_path;
use crate::diagnostics::{Diagnostic, Diagnostics, suggest};
use crate::load::words;
use crate::markdown::Rendered;
use crate::model::generated::{GENERATED, Generated, generated};
use crate::model::{NOT_FOUND_PATH, PageKind, Site};
use crate::output::{Body, Output, SidebarParts};
use crate::url;
use crate::yaml::line_of_key;

/// One file to render.
pub(crate) enum Job {
    Page(usize),
    Role(usize),
    Generated(Generated),
    Alias(usize),
}

pub(super) fn jobs(site: &Site, theme: &Theme) -> Vec<Job> {
    let mut jobs: Vec<Job> = (0..site.pages.len()).map(Job::Page).collect();
    jobs.extend((0..site.roles.len()).map(Job::Role));
    jobs.extend(
        GENERATED
            .iter()
            .filter(|g| g.in_site(site) && (!g.optional || theme.has(g.template)))
            .map(|g| Job::Generated(g.page)),
    );
    jobs.extend((0..site.aliases.len()).map(Job::Alias));
    jobs
}

/// Every template a page names, and every template a generated page needs, must exist.
pub(super) fn check_templates_exist(site: &Site, theme: &Theme, diagnostics: &mut Diagnostics) {
    let names: Vec<&str> = theme.tera.get_template_names().collect();
    for page in &site.pages {
        if !theme.has(&page.template) {
            let source = &page.loaded.source;
            let d = Diagnostic::error(
                page.loaded.shown_path(),
                format!("template `{}` does not exist", page.template),
            )
            .at(source, line_of_key(source, "template"), 0);
            diagnostics.push(match suggest(&page.template, names.iter().copied()) {
                Some(best) => d.with_help(format!("did you mean `{best}`?")),
                None => d.with_help(format!("templates: {}", names.join(", "))),
            });
        }
    }
    let role = (!site.roles.is_empty()).then_some("role.html");
    let generated = GENERATED
        .iter()
        .filter(|g| !g.optional && g.in_site(site))
        .map(|g| g.template);
    let needed = role.into_iter().chain(generated);
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
pub(super) fn base_context(
    site: &Site,
    path: &str,
    title: &str,
    description: Option<&str>,
) -> Context {
    let mut ctx = Context::new();
    let root = if path == NOT_FOUND_PATH {
        not_found_root(site)
    } else {
        url::root_of(path)
    };
    ctx.insert("root", &root);
    ctx.insert("current_path", path);
    let (translations, translation) = super::languages::translations(site, path);
    // A page shown in the source's words is the source's page.
    let canonical = match &translation {
        Some(t) if t.state == "fallback" => t.source_url.clone(),
        _ => url::absolute(&site.config.base_url, path),
    };
    ctx.insert("canonical", &canonical);
    ctx.insert("translations", &translations);
    ctx.insert("translation", &translation);
    ctx.insert("title", title);
    ctx.insert(
        "description",
        description.unwrap_or(&site.config.description),
    );
    ctx
}

/// What every job reads besides the site and theme.
pub(crate) struct Shared<'a> {
    pub(super) sidebars: &'a Sidebars,
    pub(super) print_skeleton: Option<&'a PrintSkeleton>,
    /// Page index -> its place in the reading order, for prev/next links.
    pub(crate) reading_position: Vec<Option<usize>>,
}

pub(super) fn reading_positions(site: &Site) -> Vec<Option<usize>> {
    let mut positions = vec![None; site.pages.len()];
    for (position, &page) in site.reading_order.iter().enumerate() {
        positions[page] = Some(position);
    }
    positions
}

/// The sidebar a job's page shows; aliases are redirects and have none.
pub(super) fn nav_key(site: &Site, job: &Job) -> Option<NavKey> {
    Some(match *job {
        Job::Page(i) => NavKey::of_page(site, i, &url::root_of(&site.pages[i].path)),
        Job::Role(r) => NavKey::generated(&url::root_of(&site.roles[r].path)),
        Job::Generated(Generated::NotFound) => NavKey::generated(&not_found_root(site)),
        Job::Generated(page) => NavKey::generated(&url::root_of(generated(page).path)),
        Job::Alias(_) => return None,
    })
}

/// The 404 page is served at any depth, so only absolute paths work there.
pub(super) fn not_found_root(site: &Site) -> String {
    base_path(&site.config.base_url).to_string()
}

/// Renders one output; `content` is the page's rendered Markdown for a page job.
pub(super) fn render_job(
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
                page.loaded.shown_path(),
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
        Job::Generated(page) => {
            let row = generated(page);
            let ctx = match page {
                // Rendered before the jobs, as `Shared::print_skeleton`.
                Generated::Print => Context::new(),
                Generated::Compare => {
                    let c = &site.compare;
                    let mut ctx = base_context(site, row.path, &c.title, c.description.as_deref());
                    let roles: Vec<_> = site.roles.iter().collect();
                    let fields = context::compare_fields(site);
                    let compare = context::compare(site, &roles, &fields, "compare-");
                    ctx.insert("compare", &compare);
                    ctx
                }
                _ => base_context(site, row.path, site.ui.text(row.title_key), None),
            };
            (
                row.path.into(),
                row.template,
                PathBuf::from(row.source),
                ctx,
            )
        }
        Job::Alias(a) => return alias_page(site, theme, a),
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
        Job::Generated(Generated::Print) => match shared.print_skeleton {
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
    // The print page's chapters are spliced in as it is written (see `print`).
    let body = match (job, content) {
        (Job::Page(_), Some(content)) => share_content(parts, &html, content),
        _ => Body::from_parts(parts),
    };
    Ok(Output {
        path: url::output_file(&path),
        body,
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
        breadcrumbs.push(context::link(site, &site.pages[p]));
        up = site.pages[p].parent;
    }
    breadcrumbs.reverse();
    let neighbour = |offset: isize| {
        let pos = position? as isize + offset;
        let &p = site.reading_order.get(usize::try_from(pos).ok()?)?;
        Some(context::link(site, &site.pages[p]))
    };
    let (prev, next) = match page.kind {
        // The home page leads into the first chapter.
        PageKind::Home => (
            None,
            site.reading_order
                .first()
                .map(|&p| context::link(site, &site.pages[p])),
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
        objectives: &meta.objectives,
        reading_minutes: words::minutes(page.loaded.words),
        questions: rendered.questions,
    }
}

pub(crate) fn section_context(site: &Site, i: usize) -> context::SectionCtx<'_> {
    let children = &site.pages[i].children;
    let of_kind = |kind: PageKind| {
        children
            .iter()
            .filter(|&&c| site.pages[c].kind == kind)
            .map(|&c| context::LinkCtx {
                reading_minutes: Some(words::minutes(site.pages[c].loaded.words)),
                ..context::link(site, &site.pages[c])
            })
            .collect()
    };
    context::SectionCtx {
        pages: of_kind(PageKind::Chapter),
        subsections: of_kind(PageKind::Section),
    }
}
