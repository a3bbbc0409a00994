//! Rendering for a build that runs once (`guide build`, `guide check`): each output is handed
//! to a sink (which scans it for the checks and writes it) as soon as it is made, and let go
//! of. What stays is what the checks and the search index need, so memory holds the model
//! and those findings rather than the whole site. The bytes are those [`super::render`]
//! makes; the tests build sites both ways and compare.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

use bytes::Bytes;
use rayon::prelude::*;

use super::{
    Body, Job, NavKey, Output, RenderedSite, SEARCH_INDEX_PATH, Shared, Shortcodes, Sidebars,
    Theme, check_templates_exist, extras, jobs, nav, nav_key, print_order, print_skeleton,
    reading_positions, render_job,
};
use crate::diagnostics::Diagnostics;
use crate::markdown::{self, Placement, Rendered};
use crate::model::Site;
use crate::progress::Progress;

/// Renders the site, handing every output to `sink` and keeping it with an empty body.
/// Returns the rendered site for the checks and what `sink` returned for each output, by
/// output path.
pub fn render_once<S: Send>(
    site: &Site,
    theme: &Theme,
    sink: impl Fn(&Output) -> S + Sync,
    diagnostics: &mut Diagnostics,
    progress: &Progress,
) -> (RenderedSite, Vec<(String, S)>) {
    let expander = Shortcodes { site, theme };
    check_templates_exist(site, theme, diagnostics);
    let jobs = jobs(site, theme);
    let nav_keys = jobs.iter().filter_map(|job| nav_key(site, job)).collect();
    let sidebars = match Sidebars::render(site, theme, nav_keys) {
        Ok(sidebars) => sidebars,
        Err(problem) => {
            // Nothing renders without the sidebar; the pages' own problems are still told.
            diagnostics.push(problem);
            let pages = (0..site.pages.len())
                .into_par_iter()
                .map(|i| {
                    let (rendered, problems) =
                        markdown::render_placements(site, i, &expander, &[Placement::Own])
                            .pop()
                            .unwrap_or_default();
                    (Arc::new(rendered), problems)
                })
                .collect::<Vec<_>>();
            let pages = pages
                .into_iter()
                .map(|(rendered, problems)| {
                    diagnostics.extend(problems);
                    rendered
                })
                .collect();
            let site = RenderedSite {
                outputs: Vec::new(),
                pages,
                sidebars: Vec::new(),
            };
            return (site, Vec::new());
        }
    };
    let skeleton = theme.has("print.html").then(|| print_skeleton(site, theme));
    let mut print_place = vec![None; site.pages.len()];
    if skeleton.is_some() {
        for (place, i) in print_order(site).into_iter().enumerate() {
            print_place[i] = Some(place);
        }
    }
    let shared = Shared {
        print: &[],
        sidebars: &sidebars,
        print_skeleton: None,
        reading_position: reading_positions(site),
    };
    let first_sidebars = FirstSidebars::default();
    let hand_on = |n: usize, output: Output| {
        first_sidebars.offer(site, &jobs[n], n, &output);
        let handed = sink(&output);
        progress.step();
        (
            Output {
                body: Body::default(),
                ..output
            },
            handed,
        )
    };
    progress.stage("rendering", jobs.len());

    // Pages: each one's Markdown, parsed once for its own page and the print page, then its
    // output. Only the print rendering is kept for the print page.
    let pages: Vec<PageDone<S>> = (0..site.pages.len())
        .into_par_iter()
        .map(|i| {
            let placements: &[Placement] = match print_place[i] {
                Some(_) => &[Placement::Own, Placement::Print],
                None => &[Placement::Own],
            };
            let mut fresh = markdown::render_placements(site, i, &expander, placements).into_iter();
            let (own, problems) = fresh.next().unwrap_or_default();
            let print = fresh.next().map(|(rendered, _)| {
                Arc::new(Rendered {
                    html: rendered.html,
                    ..Rendered::default()
                })
            });
            let mut own = Arc::new(own);
            let output = render_job(site, theme, &shared, &Job::Page(i), Some(&own))
                .map(|output| hand_on(i, output));
            // The output, now handed on, held the only other reference to the page's HTML.
            if let Some(rendered) = Arc::get_mut(&mut own) {
                rendered.html = String::new();
            }
            PageDone {
                own,
                problems,
                print,
                output,
            }
        })
        .collect();

    let mut rendered_pages = Vec::with_capacity(pages.len());
    let mut print_by_page = Vec::with_capacity(pages.len());
    let mut outputs = Vec::with_capacity(jobs.len() + 4);
    let mut handed = Vec::with_capacity(jobs.len() + 4);
    for page in pages {
        diagnostics.extend(page.problems);
        rendered_pages.push(page.own);
        print_by_page.push(page.print);
        match page.output {
            Ok((output, s)) => {
                handed.push((output.path.clone(), s));
                outputs.push(output);
            }
            Err(problem) => diagnostics.push(problem),
        }
    }
    let mut print: Vec<(usize, Arc<Rendered>)> = print_by_page
        .into_iter()
        .enumerate()
        .filter_map(|(i, rendered)| Some((print_place[i]?, rendered?)))
        .collect();
    print.sort_by_key(|(place, _)| *place);
    let print: Vec<Arc<Rendered>> = print.into_iter().map(|(_, rendered)| rendered).collect();

    // Everything else, the print page among it.
    let shared = Shared {
        print: &print,
        print_skeleton: skeleton.as_ref(),
        ..shared
    };
    let others: Vec<_> = (site.pages.len()..jobs.len())
        .into_par_iter()
        .map(|n| render_job(site, theme, &shared, &jobs[n], None).map(|o| hand_on(n, o)))
        .collect();
    drop(print);
    for result in others {
        match result {
            Ok((output, s)) => {
                handed.push((output.path.clone(), s));
                outputs.push(output);
            }
            Err(problem) => diagnostics.push(problem),
        }
    }
    let index = Output {
        path: SEARCH_INDEX_PATH.into(),
        body: Body::from(super::search::json(site, &rendered_pages)),
        source: "content".into(),
        template: None,
        sidebar: None,
    };
    for output in std::iter::once(index).chain(extras(site)) {
        let s = sink(&output);
        handed.push((output.path.clone(), s));
        outputs.push(Output {
            body: Body::default(),
            ..output
        });
    }
    outputs.sort_by(|a, b| a.path.cmp(&b.path));
    let rendered = RenderedSite {
        outputs,
        pages: rendered_pages,
        sidebars: first_sidebars.into_outputs(theme),
    };
    (rendered, handed)
}

/// One page's share of the work.
struct PageDone<S> {
    /// Its rendered Markdown, without the HTML (written with the page).
    own: Arc<Rendered>,
    problems: Vec<crate::diagnostics::Diagnostic>,
    /// Its rendering for the print page.
    print: Option<Arc<Rendered>>,
    output: Result<(Output, S), crate::diagnostics::Diagnostic>,
}

/// Each distinct sidebar as the first job (in job order) that shows it has it, for the
/// link check, as [`super::render`] gives them: jobs finish in any order here.
#[derive(Default)]
struct FirstSidebars(Mutex<BTreeMap<NavKey, (usize, Output)>>);

impl FirstSidebars {
    fn offer(&self, site: &Site, job: &Job, n: usize, output: &Output) {
        let (Some(range), Some(key)) = (&output.sidebar, nav_key(site, job)) else {
            return;
        };
        let mut first = self.0.lock().unwrap_or_else(|e| e.into_inner());
        if first.get(&key).is_some_and(|(earlier, _)| *earlier < n) {
            return;
        }
        let parts: Vec<Bytes> = output.body.parts()[range.clone()].to_vec();
        let sidebar = Output {
            path: output.path.clone(),
            body: Body::from_parts(parts),
            source: output.source.clone(),
            template: None,
            sidebar: None,
        };
        first.insert(key, (n, sidebar));
    }

    fn into_outputs(self, theme: &Theme) -> Vec<Output> {
        let first = self.0.into_inner().unwrap_or_else(|e| e.into_inner());
        first
            .into_values()
            .map(|(_, sidebar)| Output {
                source: theme.file_of(nav::TEMPLATE),
                template: Some(nav::TEMPLATE.to_string()),
                ..sidebar
            })
            .collect()
    }
}
