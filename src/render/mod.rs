//! Rendering: every page's Markdown, then every output file through the theme, in parallel.
//!
//! One function, [`render`], serves every build. A one-shot build renders pages in batches
//! in reading order, so their chapters reach the print page (written meanwhile) in order; a
//! session renders them all at once and puts the print page together after. Each output
//! is handed to a [`Sink`] as soon as it is made (a one-shot build writes it and keeps only what the checks
//! need; a preview session keeps it whole), and with a [`Reuse`] (a session's memo) every
//! page and output whose inputs did not change is taken from the last build instead of
//! rendered again. Outputs are sorted by path, so thread scheduling never shows in the bytes.

pub(crate) mod context;
mod done;
mod extras;
mod jobs;
mod keys;
mod languages;
pub(crate) mod memo;
pub(crate) mod nav;
mod page_markdown;
mod parts;
mod pathway;
mod pathway_svg;
mod print;
pub(crate) mod search;
mod shortcodes;
mod tera_errors;
pub(crate) mod theme;
mod ui_filters;

use std::sync::{Arc, mpsc};

use bytes::Bytes;
use rayon::prelude::*;
use rustc_hash::FxHashSet as HashSet;

use crate::diagnostics::Diagnostics;
use crate::fingerprint::Fingerprint;
use crate::markdown::{PageText, Rendered};
use crate::model::generated::Generated;
use crate::model::{SEARCH_INDEX_PATH, Site};
use crate::output::{Body, Output, PartKind};
use crate::progress::Progress;
use done::Done;
use jobs::{Job, Shared, check_templates_exist, jobs, nav_key, reading_positions, render_job};
use memo::Lookup;
pub(crate) use memo::Memo;
use nav::Sidebars;
use page_markdown::{PageMarkdown, page_markdown};
use parts::{FirstSidebars, SidebarNumbers};
pub(crate) use print::print_order;
use print::{print_skeleton, write_print_page};
use shortcodes::Shortcodes;
pub(crate) use theme::Theme;

/// What rendering produced: the files, and each page's rendered Markdown for the checks.
pub(crate) struct RenderedSite {
    /// Sorted by path, as the sink kept them (a one-shot build's with empty bodies).
    pub outputs: Vec<Output>,
    pub pages: Vec<Arc<Rendered>>,
    /// Each distinct sidebar, as shown on the first page that shows it, for the link
    /// check; never written.
    pub sidebars: Vec<Output>,
}

/// Receives an output's parts one by one, each with whether it is the page's sidebar.
pub(crate) type Emit<'a> = dyn FnMut(Bytes, PartKind) + 'a;

/// Where [`render`] hands each output as soon as it is made.
pub(crate) trait Sink: Sync {
    /// What the sink gives back for an output besides the output, kept until the build ends.
    type Receipt: Send;

    /// Whether the sink gives outputs back whole, as a build that reuses them in the next
    /// one needs.
    const KEEPS_WHOLE: bool;

    /// Takes a whole output; gives back what the build keeps of it, and a receipt.
    fn take(&self, output: Output) -> (Output, Self::Receipt);

    /// Takes an output too large to hold whole (the print page): `fill` gives its parts in
    /// order to the [`Emit`] it is called with. `output` has an empty body.
    fn take_parts(
        &self,
        output: Output,
        fill: &mut dyn FnMut(&mut Emit<'_>),
    ) -> (Output, Self::Receipt);
}

/// What a session's build reuses from its last one.
pub(crate) struct Reuse<'a> {
    pub memo: &'a mut Memo,
    /// For a model that is the memo's last one with only the text of these pages changed
    /// (their front matter too): no other page's Markdown or HTML can differ then, so they
    /// are taken from the memo without working out their keys.
    pub edited: Option<&'a HashSet<usize>>,
}

/// Puts the site-wide values into the theme's global context, serialised once (and not
/// again while they stay the same).
pub(crate) fn set_globals(theme: &mut Theme, site: &Site) {
    let (site_ctx, nav) = (context::site(site), context::nav(site));
    let roles: Vec<_> = (site.roles.iter())
        .map(|r| context::role_summary(site, r))
        .collect();
    let (glossary, sources) = (context::glossary(site), context::sources(site));
    let fingerprint = Fingerprint::new()
        .with_serialized(&site_ctx)
        .with_serialized(&nav)
        .with_serialized(&roles)
        .with_serialized(&glossary)
        .with_serialized(&sources)
        .with_serialized(&site.asset_urls)
        .with(SEARCH_INDEX_PATH)
        .with(site.localized.as_ref().map(|l| l.fingerprint()))
        .with(site.ui.fingerprint)
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
    // The theme's strings (`i18n/`), escaped: templates write `{{ ui.toc.title | safe }}`.
    globals.insert_value("ui", ui_filters::safe_value(&site.ui.tera_value()));
    // The scripts' strings, only when they differ from the English the scripts hold.
    globals.insert("ui_script", &site.ui.script_strings());
    // A translation's locale (`es-419`) and direction are the ones guide.yaml gives it.
    let (tag, dir) = match site.localized.as_ref().map(|l| &l.editions[l.current]) {
        Some(edition) => (edition.locale.as_str(), edition.dir),
        None => {
            let tag = site.config.language.as_str();
            (tag, crate::config::default_direction(tag).as_str())
        }
    };
    globals.insert("lang", &serde_json::json!({ "tag": tag, "dir": dir }));
    theme.globals = Some(fingerprint);
}

/// Pages rendered between two hand-overs of their chapters to the print page: enough to
/// keep both cores busy, few enough that the chapters waiting are a small part of memory.
const PAGES_PER_BATCH: usize = 256;

/// Renders the site, handing every output to `sink` (and keeping what it gives back) and
/// reusing what `reuse` remembers, which needs a sink that keeps outputs whole. Problems are added to `diagnostics`. Returns the rendered
/// site for the checks and the sink's receipt for each of its outputs, in the same order.
pub(crate) fn render<K: Sink>(
    site: &Site,
    theme: &Theme,
    reuse: Option<Reuse<'_>>,
    sink: &K,
    diagnostics: &mut Diagnostics,
    progress: &Progress,
) -> (RenderedSite, Vec<K::Receipt>) {
    assert!(
        reuse.is_none() || K::KEEPS_WHOLE,
        "reusing outputs needs a sink that keeps them whole"
    );
    let (memo, edited) = match reuse {
        Some(Reuse { memo, edited }) => (Some(memo), edited),
        None => (None, None),
    };
    let owned_lookup = memo.as_deref().map(|m| Lookup::new(m, site, theme, edited));
    let lookup = owned_lookup.as_ref();
    let expander = Shortcodes { site, theme };
    check_templates_exist(site, theme, diagnostics);
    // Made first, on a thread that renders pages next, which reuse the memory of the
    // sitemap's list of every page.
    let (extras, ()) = rayon::join(
        || {
            extras::extras(site, theme, lookup)
                .into_iter()
                .map(|(id, output)| (id, output.map(|output| sink.take(output))))
                .collect::<Vec<_>>()
        },
        || (),
    );
    let jobs = jobs(site, theme);
    let print_job = jobs
        .iter()
        .position(|job| matches!(job, Job::Generated(Generated::Print)));
    let remembered_sidebars = lookup.and_then(Lookup::sidebars);
    let numbers = lookup.and_then(|lookup| lookup.sidebar_numbers(jobs.len()));
    // Each job's sidebar key, unless the memo has all they are needed for.
    let nav_keys: Vec<_> = match (&remembered_sidebars, &numbers) {
        (Some(_), Some(_)) => Vec::new(),
        _ => jobs.par_iter().map(|job| nav_key(site, job)).collect(),
    };
    // The print page's skeleton lists every chapter; the sidebars are rendered on the
    // other cores meanwhile.
    let (sidebars, skeleton) = rayon::join(
        || match remembered_sidebars {
            Some(sidebars) => Ok(sidebars),
            None => {
                let keys = nav_keys.iter().flatten().cloned().collect();
                Sidebars::render(site, theme, keys).map(Arc::new)
            }
        },
        || {
            print_job.map(|_| match lookup.map(|l| l.print_skeleton(site)) {
                Some((key, Some(skeleton))) => (Some(key), skeleton),
                Some((key, None)) => (Some(key), print_skeleton(site, theme)),
                None => (None, print_skeleton(site, theme)),
            })
        },
    );
    let sidebars = match sidebars {
        Ok(sidebars) => sidebars,
        Err(problem) => {
            // Nothing renders without the sidebar; the pages' own problems are still told.
            diagnostics.push(problem);
            let pages = (0..site.pages.len())
                .into_par_iter()
                .map(|i| page_markdown(site, lookup, &expander, i, false))
                .collect::<Vec<_>>()
                .into_iter()
                .map(|page| {
                    diagnostics.extend(page.problems);
                    page.own
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
        sidebars: &sidebars,
        print_skeleton: skeleton.as_ref().map(|(_, skeleton)| skeleton),
        reading_position: reading_positions(site),
    };
    let numbers = numbers.unwrap_or_else(|| Arc::new(SidebarNumbers::new(&nav_keys)));
    // Each job's key, with its strings, is not needed past this point.
    drop(nav_keys);
    let first_sidebars = FirstSidebars::new(numbers.clone());
    let mut done = Done::with_capacity(jobs.len() + 1, lookup.is_some());
    // Hands an output to the sink.
    let hand_on = |n: usize, id: Option<(String, u64)>, output: Output| {
        first_sidebars.offer(theme, n, &output);
        let handed = sink.take(output);
        progress.step();
        (id, Ok(handed))
    };
    progress.stage("rendering", jobs.len());

    // The print page, its chapters still markers: the chapters are spliced in as the pages
    // are rendered, and written with it.
    let print_page =
        print_job.and_then(|n| match render_job(site, theme, &shared, &jobs[n], None) {
            Ok(output) => {
                first_sidebars.offer(theme, n, &output);
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

    // Each page: its Markdown, parsed once for its own page and the print page, then its
    // output.
    let render_page = |i: usize| {
        let markdown = page_markdown(site, lookup, &expander, i, on_print_page[i]);
        if site.pages[i].left_out() {
            return (markdown, None);
        }
        let (id, output) = match (lookup, &markdown.remembered) {
            (Some(lookup), Some((own, _))) => {
                let (id, found) = lookup.page_output(site, i, own, &shared);
                let output = found.unwrap_or_else(|| {
                    render_job(site, theme, &shared, &Job::Page(i), Some(&markdown.own))
                });
                (Some(id), output)
            }
            _ => (
                None,
                render_job(site, theme, &shared, &Job::Page(i), Some(&markdown.own)),
            ),
        };
        (markdown, Some((id, output)))
    };
    // A page's output, handed on.
    let hand_on_page =
        |i: usize, (mut markdown, output): (PageMarkdown, Option<(_, Result<_, _>)>)| {
            let output = output.map(|(id, output)| match output {
                Ok(output) => hand_on(i, id, output),
                Err(problem) => (id, Err(problem)),
            });
            // Without a memo, the output just handed on held the only other reference to the
            // page's HTML, which the checks do not need.
            if let Some(rendered) = Arc::get_mut(&mut markdown.own) {
                rendered.html = String::new();
            }
            (markdown, output)
        };
    // A one-shot build counts each batch's words as it is handed on, then lets its text go.
    let analyzer = search::Analyzer::new(site);
    let mut counting = lookup
        .is_none()
        .then(|| search::Index::new(site, &analyzer));
    let (to_print_page, arriving) = mpsc::sync_channel::<Vec<Arc<Rendered>>>(4);
    let total = chapters.len();
    // The print page, written (a one-shot build's) or waiting for its chapters (a session's).
    let (pages, print_page, pending_print): (Vec<_>, _, _) = match lookup {
        // A session keeps every page anyway: it renders them all at once, in page order, and
        // puts the print page together afterwards, alongside the other jobs.
        Some(_) => {
            let mut pages: Vec<_> = (0..site.pages.len())
                .into_par_iter()
                .map(|i| hand_on_page(i, render_page(i)))
                .collect();
            if print_page.is_some() {
                let in_order = chapters.iter().filter_map(|&i| pages[i].0.print.take());
                // The receiver is kept until the print page is put together.
                let _ = to_print_page.send(in_order.collect());
            }
            drop(to_print_page);
            (pages, None, print_page.map(|output| (output, arriving)))
        }
        // A one-shot build writes the print page on a thread of its own while the pages
        // render, in batches in print order, so the chapters waiting are few.
        None => {
            let mut order = chapters.clone();
            order.extend((0..site.pages.len()).filter(|&i| !on_print_page[i]));
            let mut pages: Vec<Option<_>> = (0..site.pages.len()).map(|_| None).collect();
            let print_page = std::thread::scope(|scope| {
                let writer = print_page.map(|output| {
                    scope.spawn(move || write_print_page(output, total, arriving, sink))
                });
                // A batch is rendered, then handed on: alternating the two over every page
                // costs more than the two in turn.
                for batch in order.chunks(PAGES_PER_BATCH) {
                    let mut rendered: Vec<_> = batch.par_iter().map(|&i| render_page(i)).collect();
                    let chapters: Vec<Arc<Rendered>> = rendered
                        .iter_mut()
                        .filter_map(|(markdown, _)| markdown.print.take())
                        .collect();
                    if !chapters.is_empty() && writer.is_some() {
                        // Fails only if the writer stopped, which joining it reports.
                        let _ = to_print_page.send(chapters);
                    }
                    let handed: Vec<_> = batch
                        .par_iter()
                        .zip(rendered)
                        .map(|(&i, page)| hand_on_page(i, page))
                        .collect();
                    if let Some(index) = &mut counting {
                        index.add(batch.iter().zip(&handed).map(|(&i, p)| (i, &*p.0.own)));
                    }
                    for (&i, mut page) in batch.iter().zip(handed) {
                        if let Some(rendered) = Arc::get_mut(&mut page.0.own) {
                            rendered.text = PageText::default();
                        }
                        pages[i] = Some(page);
                    }
                }
                drop(to_print_page);
                writer.map(|writer| match writer.join() {
                    Ok(written) => written,
                    Err(panic) => std::panic::resume_unwind(panic),
                })
            });
            (pages.into_iter().flatten().collect(), print_page, None)
        }
    };
    let mut rendered_pages = Vec::with_capacity(pages.len());
    let mut own_markdown = Vec::with_capacity(pages.len());
    let mut print_by_page = Vec::new();
    for (markdown, output) in pages {
        diagnostics.extend(markdown.problems);
        rendered_pages.push(markdown.own);
        if let Some((own, print)) = markdown.remembered {
            own_markdown.push(own);
            print_by_page.push(print);
        }
        if let Some((id, result)) = output {
            done.push(id, result, diagnostics);
        }
    }
    // The memo keeps the print renderings in print order.
    let print_markdown: Vec<memo::Markdown> = match lookup {
        Some(_) => chapters
            .iter()
            .filter_map(|&i| print_by_page[i].take())
            .collect(),
        None => Vec::new(),
    };
    // Everything else, and meanwhile the search index, which is made on one core.
    let ((others, pending_print), search_index) = rayon::join(
        || {
            rayon::join(
                || {
                    (site.pages.len()..jobs.len())
                        .filter(|&n| Some(n) != print_job)
                        .collect::<Vec<_>>()
                        .into_par_iter()
                        .map(|n| {
                            let job = &jobs[n];
                            let (id, found) = match lookup {
                                Some(lookup) => lookup.output(site, job),
                                None => (None, None),
                            };
                            match found
                                .unwrap_or_else(|| render_job(site, theme, &shared, job, None))
                            {
                                Ok(output) => hand_on(n, id, output),
                                Err(problem) => (id, Err(problem)),
                            }
                        })
                        .collect::<Vec<_>>()
                },
                || {
                    pending_print
                        .map(|(output, arriving)| write_print_page(output, total, arriving, sink))
                },
            )
        },
        || match lookup {
            // A session counts and writes again only what changed.
            Some(lookup) => {
                let text: Vec<u64> = own_markdown.iter().map(|m| m.text).collect();
                let last = lookup.search_counts();
                let (files, counted) = search::session_files(site, &rendered_pages, &text, last);
                (files, Some(counted))
            }
            None => (
                counting
                    .take()
                    .map(search::Index::files)
                    .unwrap_or_default(),
                None,
            ),
        },
    );
    for (output, receipt) in print_page.into_iter().chain(pending_print) {
        progress.step();
        // The memo keys the print page by its chapters, but always splices them anew.
        let id = lookup.map(|lookup| lookup.keys.print(site, &print_markdown, &lookup.sources));
        done.push(id, Ok((output, receipt)), diagnostics);
    }
    for (id, result) in others {
        done.push(id, result, diagnostics);
    }
    let (search_index, search_counts) = search_index;
    for (path, bytes) in search_index {
        let file = Output {
            path,
            body: Body::from(bytes),
            source: "content".into(),
            template: None,
            sidebar: None,
        };
        done.push(None, Ok(sink.take(file)), diagnostics);
    }
    for (id, handed) in extras {
        done.push(id, handed, diagnostics);
    }
    let Done {
        mut handed,
        ids,
        failed,
        ..
    } = done;
    let kept = owned_lookup.map(Lookup::into_parts);
    if let (Some(memo), Some((keys, sources))) = (memo, kept) {
        // The sink kept the outputs whole (checked above), so the memo can reuse them.
        let outputs = ids
            .iter()
            .zip(&handed)
            .filter_map(|(id, (output, _))| Some((id.as_ref()?, Ok(output))))
            .chain(failed.iter().map(|(id, problem)| (id, Err(problem))))
            .collect();
        memo.keep(memo::Kept {
            site,
            markdown: &own_markdown,
            print: &print_markdown,
            sources: &sources,
            outputs,
            sidebars: (&keys, &sidebars),
            search_counts,
            print_skeleton: skeleton
                .as_ref()
                .and_then(|(key, skeleton)| Some(((*key)?, skeleton))),
            sidebar_numbers: &numbers,
        });
    }
    handed.sort_by(|a, b| a.0.path.cmp(&b.0.path));
    let (outputs, receipts) = handed.into_iter().unzip();
    let rendered = RenderedSite {
        outputs,
        pages: rendered_pages,
        sidebars: first_sidebars.into_outputs(),
    };
    (rendered, receipts)
}
