//! Rendering for a build that runs once (`guide build`, `guide check`): each output is handed
//! to a sink (which scans it for the checks and writes it) as soon as it is made, and let go
//! of. What stays is what the checks and the search index need, so memory holds the model
//! and those findings rather than the whole site. The bytes are those [`super::render`]
//! makes; the tests build sites both ways and compare.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex, mpsc};

use bytes::Bytes;
use rayon::prelude::*;

use super::{
    Job, NavKey, RenderedSite, SEARCH_INDEX_PATH, Shared, Shortcodes, Sidebars, Theme,
    chapter_bytes, check_templates_exist, extras, jobs, nav_key, print_order, print_skeleton,
    reading_positions, render_job, sidebar_output, splice, splice_chapters,
};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::markdown::{self, Placement, Rendered};
use crate::model::Site;
use crate::output::{Body, Output};
use crate::progress::Progress;

/// Receives an output's parts one by one, each with whether it is the page's sidebar.
pub type Emit<'a> = dyn FnMut(&[u8], bool) + 'a;

/// Where [`render_once`] hands each output as soon as it is made.
pub trait Sink: Sync {
    /// What the sink gives back for an output, kept until the build ends.
    type Receipt: Send;

    /// Takes a whole output.
    fn take(&self, output: &Output) -> Self::Receipt;

    /// Takes an output too large to hold whole (the print page): `fill` gives its parts in
    /// order to the [`Emit`] it is called with. `output` has an empty body.
    fn take_parts(&self, output: &Output, fill: &mut dyn FnMut(&mut Emit<'_>)) -> Self::Receipt;
}

/// Pages rendered between two hand-overs of their chapters to the print page: enough to
/// keep both cores busy, few enough that the chapters waiting are a small part of memory.
const PAGES_PER_BATCH: usize = 256;

/// Renders the site, handing every output to `sink` and keeping it with an empty body.
/// Returns the rendered site for the checks and the sink's receipt for each output, by
/// output path.
pub fn render_once<K: Sink>(
    site: &Site,
    theme: &Theme,
    sink: &K,
    diagnostics: &mut Diagnostics,
    progress: &Progress,
) -> (RenderedSite, Vec<(String, K::Receipt)>) {
    let expander = Shortcodes { site, theme };
    check_templates_exist(site, theme, diagnostics);
    let jobs = jobs(site, theme);
    let nav_keys = jobs.iter().filter_map(|job| nav_key(site, job)).collect();
    let print_job = jobs.iter().position(|job| matches!(job, Job::Print));
    // The print page's skeleton lists every chapter, one after the other; the sidebars are
    // rendered on the other cores meanwhile.
    let (sidebars, skeleton) = rayon::join(
        || Sidebars::render(site, theme, nav_keys),
        || print_job.map(|_| print_skeleton(site, theme)),
    );
    let sidebars = match sidebars {
        Ok(sidebars) => sidebars,
        Err(problem) => {
            // Nothing renders without the sidebar; the pages' own problems are still told.
            diagnostics.push(problem);
            let pages: Vec<_> = (0..site.pages.len())
                .into_par_iter()
                .map(|i| {
                    markdown::render_placements(site, i, &expander, &[Placement::Own])
                        .pop()
                        .unwrap_or_default()
                })
                .collect();
            let pages = pages
                .into_iter()
                .map(|(rendered, problems)| {
                    diagnostics.extend(problems);
                    Arc::new(rendered)
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
    let shared = Shared {
        print: &[],
        sidebars: &sidebars,
        print_skeleton: skeleton.as_ref(),
        reading_position: reading_positions(site),
    };
    let first_sidebars = FirstSidebars::default();
    let mut done = Done::with_capacity(jobs.len() + 1);
    let hand_on = |n: usize, output: Output| {
        first_sidebars.offer(site, theme, &jobs[n], n, &output);
        let receipt = sink.take(&output);
        progress.step();
        let output = Output {
            body: Body::default(),
            ..output
        };
        (output, receipt)
    };
    progress.stage("rendering", jobs.len());

    // The print page, its chapters still markers: the chapters are spliced in as the pages
    // are rendered, and written with it.
    let print_page =
        print_job.and_then(|n| match render_job(site, theme, &shared, &jobs[n], None) {
            Ok(output) => {
                first_sidebars.offer(site, theme, &jobs[n], n, &output);
                Some(output)
            }
            Err(problem) => {
                diagnostics.push(problem);
                None
            }
        });
    let chapters = match print_page {
        Some(_) => print_order(site),
        None => Vec::new(),
    };
    let mut on_print_page = vec![false; site.pages.len()];
    for &i in &chapters {
        on_print_page[i] = true;
    }
    // Pages in print order, so their chapters reach the print page in order.
    let mut order = chapters.clone();
    order.extend((0..site.pages.len()).filter(|&i| !on_print_page[i]));

    // Each page: its Markdown, parsed once for its own page and the print page, then its
    // output. The print rendering goes to the print page's writer.
    let render_page = |i: usize| {
        let placements: &[Placement] = match on_print_page[i] {
            true => &[Placement::Own, Placement::Print],
            false => &[Placement::Own],
        };
        let mut fresh = markdown::render_placements(site, i, &expander, placements).into_iter();
        let (own, problems) = fresh.next().unwrap_or_default();
        let print = fresh.next().map(|(rendered, _)| {
            Arc::new(Rendered {
                html: rendered.html,
                ..Rendered::default()
            })
        });
        let own = Arc::new(own);
        let output = render_job(site, theme, &shared, &Job::Page(i), Some(&own));
        PageDone {
            own,
            problems,
            print,
            output,
        }
    };
    // A page's output, handed on.
    let hand_on_page = |i: usize, page: PageDone<Output>| {
        let PageDone {
            mut own,
            problems,
            print,
            output,
        } = page;
        let output = output.map(|output| hand_on(i, output));
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
    };
    let mut pages: Vec<Option<_>> = (0..site.pages.len()).map(|_| None).collect();
    let (to_print_page, arriving) = mpsc::sync_channel::<Vec<Arc<Rendered>>>(4);
    let print_page = std::thread::scope(|scope| {
        let writer = print_page.map(|output| {
            let total = chapters.len();
            scope.spawn(move || write_print_page(output, total, arriving, sink))
        });
        // A batch is rendered, then written: alternating the two over every page costs
        // more than the two in turn.
        for batch in order.chunks(PAGES_PER_BATCH) {
            let mut rendered: Vec<PageDone<Output>> =
                batch.par_iter().map(|&i| render_page(i)).collect();
            let chapters: Vec<Arc<Rendered>> =
                rendered.iter_mut().filter_map(|p| p.print.take()).collect();
            if !chapters.is_empty() {
                // Fails only if the writer stopped, which joining it reports.
                let _ = to_print_page.send(chapters);
            }
            let handed: Vec<_> = batch
                .par_iter()
                .zip(rendered)
                .map(|(&i, page)| hand_on_page(i, page))
                .collect();
            for (&i, page) in batch.iter().zip(handed) {
                pages[i] = Some(page);
            }
        }
        drop(to_print_page);
        writer.map(|writer| match writer.join() {
            Ok(written) => written,
            Err(panic) => std::panic::resume_unwind(panic),
        })
    });
    if let Some((output, receipt)) = print_page {
        progress.step();
        done.push(Ok((output, receipt)), diagnostics);
    }

    let mut rendered_pages = Vec::with_capacity(pages.len());
    for page in pages.into_iter().flatten() {
        diagnostics.extend(page.problems);
        rendered_pages.push(page.own);
        done.push(page.output, diagnostics);
    }
    // Everything else, and meanwhile the search index, which is made on one core.
    let (others, search_index) = rayon::join(
        || {
            (site.pages.len()..jobs.len())
                .filter(|&n| Some(n) != print_job)
                .collect::<Vec<_>>()
                .into_par_iter()
                .map(|n| render_job(site, theme, &shared, &jobs[n], None).map(|o| hand_on(n, o)))
                .collect::<Vec<_>>()
        },
        || super::search::json(site, &rendered_pages),
    );
    for result in others {
        done.push(result, diagnostics);
    }
    let index = Output {
        path: SEARCH_INDEX_PATH.into(),
        body: Body::from(search_index),
        source: "content".into(),
        template: None,
        sidebar: None,
    };
    for output in std::iter::once(index).chain(extras(site)) {
        let receipt = sink.take(&output);
        let output = Output {
            body: Body::default(),
            ..output
        };
        done.push(Ok((output, receipt)), diagnostics);
    }
    done.outputs.sort_by(|a, b| a.path.cmp(&b.path));
    let rendered = RenderedSite {
        outputs: done.outputs,
        pages: rendered_pages,
        sidebars: first_sidebars.into_outputs(),
    };
    (rendered, done.receipts)
}

/// Writes the print page, splicing in each chapter as it arrives (in print order, in
/// batches) and letting it go once written. That needs a template that places each chapter
/// at most once and in order, as the built-in one does; for any other, every chapter is
/// kept until the page is written whole.
fn write_print_page<K: Sink>(
    output: Output,
    total: usize,
    arriving: mpsc::Receiver<Vec<Arc<Rendered>>>,
    sink: &K,
) -> (Output, K::Receipt) {
    let parts = output.body.parts().to_vec();
    let sidebar = output.sidebar.clone();
    let output = Output {
        body: Body::default(),
        ..output
    };
    let mut placed = Vec::new();
    splice(
        parts.clone(),
        sidebar.as_ref(),
        |n| {
            placed.push(n);
            (n < total).then(Bytes::new)
        },
        |_, _| {},
    );
    placed.retain(|&n| n < total);
    if !placed.windows(2).all(|pair| pair[0] < pair[1]) {
        let chapters: Vec<Arc<Rendered>> = arriving.iter().flatten().collect();
        let (parts, sidebar) = splice_chapters(parts, &chapters, sidebar);
        let whole = Output {
            body: Body::from_parts(parts),
            sidebar,
            ..output
        };
        let receipt = sink.take(&whole);
        let output = Output {
            body: Body::default(),
            ..whole
        };
        return (output, receipt);
    }
    let mut chapters = arriving.iter().flatten();
    let mut next = 0;
    let mut parts = Some(parts);
    let receipt = sink.take_parts(&output, &mut |emit| {
        let parts = parts.take().unwrap_or_default();
        let chapter = |n: usize| {
            if n >= total {
                return None;
            }
            // Chapters the template leaves out are let go of unwritten.
            while next < n {
                chapters.next();
                next += 1;
            }
            next += 1;
            chapters.next().map(|c| chapter_bytes(&c))
        };
        splice(
            parts,
            sidebar.as_ref(),
            chapter,
            |part: Bytes, in_sidebar| emit(&part, in_sidebar),
        );
    });
    (output, receipt)
}

/// The outputs handed on, and the receipts for them.
struct Done<R> {
    outputs: Vec<Output>,
    receipts: Vec<(String, R)>,
}

impl<R> Done<R> {
    /// Room for `outputs` outputs: a large guide's lists, grown from empty, were copied
    /// over and over after the last page rendered.
    fn with_capacity(outputs: usize) -> Self {
        Done {
            outputs: Vec::with_capacity(outputs),
            receipts: Vec::with_capacity(outputs),
        }
    }

    fn push(&mut self, result: Result<(Output, R), Diagnostic>, diagnostics: &mut Diagnostics) {
        match result {
            Ok((output, receipt)) => {
                self.receipts.push((output.path.clone(), receipt));
                self.outputs.push(output);
            }
            Err(problem) => diagnostics.push(problem),
        }
    }
}

/// One page's share of the work.
struct PageDone<O> {
    /// Its rendered Markdown (without the HTML once the page is handed on).
    own: Arc<Rendered>,
    problems: Vec<Diagnostic>,
    /// Its rendering for the print page.
    print: Option<Arc<Rendered>>,
    /// Its output, or that output handed on with the sink's receipt.
    output: Result<O, Diagnostic>,
}

/// Each distinct sidebar as the first job (in job order) that shows it has it, for the
/// link check, as [`super::render`] gives them: jobs finish in any order here.
#[derive(Default)]
struct FirstSidebars(Mutex<BTreeMap<NavKey, (usize, Output)>>);

impl FirstSidebars {
    fn offer(&self, site: &Site, theme: &Theme, job: &Job, n: usize, output: &Output) {
        let (Some(_), Some(key)) = (&output.sidebar, nav_key(site, job)) else {
            return;
        };
        let mut first = self.0.lock().unwrap_or_else(|e| e.into_inner());
        if first.get(&key).is_none_or(|(earlier, _)| n < *earlier) {
            first.insert(key, (n, sidebar_output(theme, output)));
        }
    }

    fn into_outputs(self) -> Vec<Output> {
        let first = self.0.into_inner().unwrap_or_else(|e| e.into_inner());
        first.into_values().map(|(_, sidebar)| sidebar).collect()
    }
}
