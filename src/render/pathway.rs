//! The `pathway` shortcode: the route into one or more roles (education, supervised
//! practice, exam, credential, the role), drawn from the roles' `pathway:` data as an SVG
//! per role with the same steps as an ordered list beside it. The list is the text
//! alternative a screen reader reads, and where each step links to the chapter that
//! explains it; the drawing is named by its title and description.

use serde::Serialize;

use super::context::{SourceRef, source_refs};
use super::pathway_svg::{StepBox, draw};
use super::shortcodes::{Shortcodes, sc_error};
use crate::i18n::{fill, keys};
use crate::load::pathway::StepStatus;
use crate::markdown::shortcodes::Call;
use crate::markdown::{Expansion, ShortcodeError, page_href};
use crate::model::{RoleEntry, Site};
use crate::url;

#[derive(Serialize)]
struct PathwayCtx<'a> {
    /// Starts every id the shortcode writes.
    id: &'a str,
    routes: Vec<RouteCtx<'a>>,
}

#[derive(Serialize)]
struct RouteCtx<'a> {
    slug: &'a str,
    name: &'a str,
    /// The role's page, from the site root.
    path: &'a str,
    /// The drawing (SVG), written by guide and safe to include as it is.
    svg: String,
    steps: Vec<StepCtx<'a>>,
    /// The note under the whole route.
    note: Option<&'a str>,
}

#[derive(Serialize)]
struct StepCtx<'a> {
    number: usize,
    label: &'a str,
    text: Option<&'a str>,
    /// "Varies by state" or "Not specified by the sources", when the sources leave the
    /// step open.
    status: Option<&'a str>,
    /// The chapter that explains the step, relative to where the shortcode is placed.
    href: Option<String>,
    /// That chapter's title.
    chapter: Option<&'a str>,
    sources: Vec<SourceRef<'a>>,
    note: Option<&'a str>,
}

pub(super) fn expand(
    shortcodes: &Shortcodes<'_>,
    call: &Call,
    template: &str,
    page_path: &str,
    id_prefix: &str,
) -> Result<Expansion, ShortcodeError> {
    let slugs = Shortcodes::list(call, "roles")?
        .ok_or_else(|| sc_error("`pathway` needs the argument `roles`", None))?;
    if slugs.is_empty() {
        return Err(sc_error(
            "`pathway` needs at least one role in `roles`",
            Some("name the roles, e.g. roles=[\"social-worker\"]".into()),
        ));
    }
    let site = shortcodes.site;
    let mut routes = Vec::with_capacity(slugs.len());
    for slug in slugs {
        let role = shortcodes.role(slug)?;
        routes.push(route(site, role, page_path, id_prefix)?);
    }
    let ctx = PathwayCtx {
        id: id_prefix,
        routes,
    };
    let html = shortcodes.render(template, page_path, |tera| tera.insert("pathway", &ctx))?;
    Ok(Expansion { html, block: true })
}

/// The titles of the chapters that pathway steps link to, which their links show: pages
/// that draw routes are rendered again when one changes.
pub(super) fn linked_titles(site: &Site) -> Vec<&str> {
    let mut titles = Vec::new();
    for role in &site.roles {
        let Some(pathway) = &role.loaded.role.pathway else {
            continue;
        };
        for (_, _, step) in pathway.steps() {
            let file = step
                .explained_in
                .as_deref()
                .and_then(|w| w.split('#').next());
            if let Some(&target) = file.and_then(|f| site.page_by_file.get(f)) {
                titles.push(site.pages[target].meta().title.as_str());
            }
        }
    }
    titles
}

fn route<'a>(
    site: &'a Site,
    entry: &'a RoleEntry,
    page_path: &str,
    id_prefix: &str,
) -> Result<RouteCtx<'a>, ShortcodeError> {
    let role = &entry.loaded.role;
    let slug = entry.loaded.slug.as_str();
    let Some(pathway) = &role.pathway else {
        return Err(sc_error(
            format!("the role `{slug}` has no `pathway:` to draw"),
            Some(format!(
                "add `pathway:` with its education, supervised_practice, exam and credential \
                 to content/roles/{slug}.yaml"
            )),
        ));
    };
    let mut steps: Vec<StepCtx<'a>> = pathway
        .steps()
        .into_iter()
        .enumerate()
        .map(|(i, (key, _, step))| {
            let label = site.ui.text(match key {
                "education" => keys::PATHWAY_EDUCATION,
                "supervised_practice" => keys::PATHWAY_SUPERVISED_PRACTICE,
                "exam" => keys::PATHWAY_EXAM,
                _ => keys::PATHWAY_CREDENTIAL,
            });
            let explained = step.explained_in.as_deref().and_then(|written| {
                let (file, fragment) = match written.split_once('#') {
                    Some((file, fragment)) => (file, Some(fragment)),
                    None => (written, None),
                };
                // An unknown chapter was reported with the role file.
                let &target = site.page_by_file.get(file)?;
                Some((
                    page_href(site, target, page_path, fragment),
                    site.pages[target].meta().title.as_str(),
                ))
            });
            let (href, chapter) = explained.unzip();
            StepCtx {
                number: i + 1,
                label,
                text: step.text.as_deref(),
                status: match step.status {
                    StepStatus::Stated => None,
                    StepStatus::VariesByState => Some(site.ui.text(keys::PATHWAY_VARIES)),
                    StepStatus::NotSpecified => Some(site.ui.text(keys::PATHWAY_NOT_SPECIFIED)),
                },
                href,
                chapter,
                sources: source_refs(site, &step.sources),
                note: step.note.as_deref(),
            }
        })
        .collect();
    steps.push(StepCtx {
        number: steps.len() + 1,
        label: site.ui.text(keys::PATHWAY_ROLE),
        text: Some(&role.name),
        status: None,
        href: Some(url::relative(page_path, &entry.path)),
        chapter: Some(&role.name),
        sources: Vec::new(),
        note: None,
    });
    let boxes: Vec<StepBox<'_>> = steps
        .iter()
        .map(|s| StepBox {
            heading: format!("{}. {}", s.number, s.label),
            text: s.text,
            status: s.status,
        })
        .collect();
    let svg = draw(
        &format!("{id_prefix}{slug}-"),
        &fill(
            site.ui.text(keys::PATHWAY_SVG_TITLE),
            &[("role", &role.name)],
        ),
        &fill(
            site.ui.text(keys::PATHWAY_SVG_DESCRIPTION),
            &[("count", &steps.len().to_string())],
        ),
        &boxes,
    );
    Ok(RouteCtx {
        slug,
        name: &role.name,
        path: &entry.path,
        svg,
        steps,
        note: pathway.note.as_deref(),
    })
}
