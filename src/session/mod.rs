//! A build session: the pipeline, from reading the files to checking the output, run once
//! (`guide build`, `guide check`) or again after every change (`guide build --watch`, `guide
//! serve`), with memory between builds.
//!
//! A rebuild re-reads only the files a change may have touched, reuses the theme while no
//! template changed, and lets the render and check stages reuse everything whose inputs are
//! unchanged (see `render::memo`). The model is built anew for every change but the most
//! common one, an edit of a chapter's text that leaves its front matter alone: then only
//! that page's text changes in the model. Building the model from all files is what keeps
//! other rebuilds byte-identical to a clean build without tracking how each file shapes
//! the model.

mod changes;
mod diff;
mod languages;
mod memory;
mod sinks;

use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};
use std::time::{Duration, Instant};

use rustc_hash::FxHashSet as HashSet;

use crate::check;
use crate::config::{self, CONFIG_FILE, Config};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::model::{self, Site};
use crate::output::Output;
use crate::progress::Progress;
use crate::render::{self, Reuse};
use crate::write::{self, Staging};
pub use changes::Changes;
use diff::LastBuild;
use memory::{Keep, Memory, load_theme};
use sinks::{KeepWhole, StagingSink};

/// What a run was asked to do.
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    /// The site's folder (where guide.yaml is).
    pub root: PathBuf,
    pub overrides: config::Overrides,
    /// Include pages marked `draft: true`.
    pub drafts: bool,
    /// Write the output (`guide build`) or only check (`guide check`).
    pub write: bool,
    /// Today's date (`YYYY-MM-DD`) for the warning about facts not reviewed in over a year;
    /// `None` reads the system clock. It never changes the built site.
    pub today: Option<String>,
    /// Publish stylesheets and scripts under their own names rather than names carrying
    /// their content hash: `guide serve` forbids caching instead, so a stylesheet change
    /// changes only the stylesheet and can be swapped in without reloading the page.
    pub plain_asset_names: bool,
    /// Where to show the progress of a long build.
    pub progress: Progress,
}

/// What a successful run did.
#[derive(Debug)]
pub struct Report {
    pub pages: usize,
    pub roles: usize,
    pub files: usize,
    pub output_dir: PathBuf,
    pub elapsed: Duration,
    /// Warnings worth showing even though the build succeeded.
    pub warnings: Diagnostics,
    /// How far each translation is, a line each (`es (Español): 14 of 14 pages translated
    /// (100%)`), for a guide with `languages:`.
    pub coverage: Vec<String>,
}

/// Runs the whole pipeline once: a build session's only build. On failure every problem
/// found is returned, and the output folder is as it was.
pub fn build(options: &BuildOptions) -> Result<Report, Diagnostics> {
    let started = Instant::now();
    let mut session = Session::once(options.clone());
    let root = session.root().to_path_buf();
    let Build {
        site,
        editions,
        outputs,
        output_dir,
        warnings,
        staging,
        ..
    } = session.build(&Changes::Everything)?;
    let files = match staging {
        Some(staging) => staging
            .finish(&site, &outputs, &options.progress)
            .map_err(|d| Diagnostics::from_iter([d]).relative_to(&root))?,
        None => outputs.len() + site.assets.len(),
    };
    options.progress.finish();
    let report = Report {
        pages: site.pages.len() + editions.iter().map(|e| e.pages.len()).sum::<usize>(),
        roles: site.roles.len(),
        files,
        output_dir,
        elapsed: started.elapsed(),
        warnings,
        coverage: coverage(&editions),
    };
    // Freeing a large site's memory piece by piece takes a noticeable part of the build;
    // it happens off the caller's thread (and a command that exits skips it).
    std::thread::spawn(move || drop((session, site, outputs)));
    Ok(report)
}

/// How far each translation of a build is, a line each.
fn coverage(editions: &[Arc<Site>]) -> Vec<String> {
    (editions.iter())
        .filter_map(|e| Some(e.localized.as_ref()?.coverage(e.pages.len()).to_string()))
        .collect()
}

/// A successful build.
pub struct Build {
    /// Shared with the session, which changes it in place for the next build once this
    /// build is dropped.
    pub site: Arc<Site>,
    /// The sites of the guide's translations, whose outputs are among `outputs`.
    pub editions: Vec<Arc<Site>>,
    /// Every rendered file, sorted by path (the assets are in `site.assets`). A one-shot
    /// build wrote their bodies to the staging folder and keeps them empty.
    pub outputs: Vec<Output>,
    pub output_dir: PathBuf,
    pub warnings: Diagnostics,
    pub elapsed: Duration,
    /// What this build rendered afresh rather than reused.
    pub rendered: render::memo::Counts,
    /// Whether the previous build's model was kept, with only some pages' text replaced.
    pub kept_model: bool,
    /// Output paths whose bytes differ from the session's previous successful build, or
    /// that are new (every path on the first build), sorted.
    pub changed: Vec<String>,
    /// Output paths the previous successful build had and this one has not, sorted.
    pub removed: Vec<String>,
    /// A one-shot build that writes: the folder its outputs were written into, which,
    /// finished, becomes the output folder, and dropped, is removed.
    pub staging: Option<Staging>,
}

/// The model and what was found making it, ready to render.
struct Prepared {
    site: Arc<Site>,
    /// The sites of the guide's translations.
    editions: Vec<Arc<Site>>,
    diagnostics: Diagnostics,
    /// The pages whose text alone changed, when the model was kept.
    edited: Option<HashSet<usize>>,
    kept_model: bool,
    output_dir: PathBuf,
}

/// A site being built, possibly many times.
pub struct Session {
    options: BuildOptions,
    root: PathBuf,
    /// Whether the session ends with its first build: each output is then written (when the
    /// options say to write) as soon as it is rendered, and kept only as the ids and links
    /// the checks need, and nothing is remembered for a next build.
    once: bool,
    memory: Option<Memory>,
    last: LastBuild,
}

impl Session {
    /// A session that builds again after changes (`guide serve`, `guide build --watch`).
    pub fn new(options: BuildOptions) -> Self {
        Session {
            root: write::absolute(&options.root),
            options,
            once: false,
            memory: None,
            last: LastBuild::new(),
        }
    }

    /// A session that ends with its first build (`guide build`, `guide check`).
    pub fn once(options: BuildOptions) -> Self {
        Session {
            once: true,
            ..Session::new(options)
        }
    }

    /// The site's folder, absolute.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// The base URL of the last configuration read.
    pub fn base_url(&self) -> Option<&str> {
        Some(&self.memory.as_ref()?.config.base_url)
    }

    /// Builds the site, re-reading only what `changes` may have touched. On failure every
    /// problem is returned, and the session still remembers what it read.
    pub fn build(&mut self, changes: &Changes) -> Result<Build, Diagnostics> {
        let started = Instant::now();
        let keep = match self.once {
            true => Keep::NothingAfter,
            false => Keep::ForNextBuild,
        };
        let Prepared {
            site,
            editions,
            mut diagnostics,
            edited,
            kept_model,
            output_dir,
        } = self.prepare(changes, keep)?;
        let root = &self.root;
        let fail = |mut diagnostics: Diagnostics, d: Diagnostic| {
            diagnostics.push(d);
            diagnostics.relative_to(root).sorted()
        };
        let Some(memory) = self.memory.as_mut() else {
            unreachable!("prepared");
        };
        let Some(theme) = memory.theme.as_ref() else {
            unreachable!("a build gets this far only with a theme");
        };
        let progress = &self.options.progress;
        let (rendered, counts, staging) = if self.once {
            let staging = match self.options.write {
                true => match Staging::new(&output_dir) {
                    Ok(staging) => Some(staging),
                    Err(d) => return Err(fail(diagnostics, d)),
                },
                false => None,
            };
            let sink = StagingSink {
                staging: staging.as_ref(),
                write_error: OnceLock::new(),
                prefix: "",
            };
            let (rendered, scanned) =
                render::render(&site, theme, None, &sink, &mut diagnostics, progress);
            if let Some(d) = sink.write_error.into_inner() {
                // A build that has failed already writes into a staging folder it will
                // discard: a write failing there (a file where a folder of the same name
                // was claimed, which the model has told) adds nothing to its errors.
                if diagnostics.has_errors() {
                    return Err(diagnostics.relative_to(root).sorted());
                }
                return Err(fail(diagnostics, d));
            }
            memory.check.reserve(scanned.len());
            for (output, scanned) in rendered.outputs.iter().zip(scanned) {
                if let Some(scanned) = scanned {
                    memory.check.add_scanned(output.path.clone(), scanned);
                }
            }
            let counts = render::memo::Counts {
                markdown: site.pages.len(),
                templates: rendered
                    .outputs
                    .iter()
                    .filter(|o| o.template.is_some())
                    .count(),
            };
            (rendered, counts, staging)
        } else {
            // Pages are taken from the memo unchecked only if its last build had this model.
            let edited = edited.filter(|_| memory.render_has_model);
            let builds = memory.render.builds();
            let reuse = Reuse {
                memo: &mut memory.render,
                edited: edited.as_ref(),
            };
            let (rendered, _) = render::render(
                &site,
                theme,
                Some(reuse),
                &KeepWhole,
                &mut diagnostics,
                progress,
            );
            memory.render_has_model = memory.render.builds() != builds;
            (rendered, memory.render.last, None)
        };
        check::check(&site, theme, &rendered, &mut memory.check, &mut diagnostics);
        let mut rendered = rendered;
        if !editions.is_empty() {
            let Some(theme) = memory.theme.as_mut() else {
                unreachable!("rendered with it");
            };
            let kept = (!self.once).then_some(&mut memory.edition_memory);
            let staged = staging.as_ref();
            match languages::render(
                &site,
                &editions,
                theme,
                kept,
                staged,
                &mut diagnostics,
                progress,
            ) {
                Ok(mut outputs) => {
                    rendered.outputs.append(&mut outputs);
                    rendered.outputs.sort_by(|a, b| a.path.cmp(&b.path));
                }
                Err(d) => return Err(fail(diagnostics, d)),
            }
        }
        let diagnostics = diagnostics.relative_to(&self.root).sorted();
        if diagnostics.has_errors() {
            return Err(diagnostics);
        }
        let (changed, removed) = match self.once {
            true => (
                rendered.outputs.iter().map(|o| o.path.clone()).collect(),
                Vec::new(),
            ),
            false => self.last.compare(&site, &rendered.outputs),
        };
        Ok(Build {
            site,
            editions,
            outputs: rendered.outputs,
            output_dir,
            warnings: diagnostics,
            elapsed: started.elapsed(),
            rendered: counts,
            kept_model,
            changed,
            removed,
            staging,
        })
    }

    /// Reads what changed and makes the model, and the theme with the site's values: the
    /// stages before rendering.
    fn prepare(&mut self, changes: &Changes, keep: Keep) -> Result<Prepared, Diagnostics> {
        self.last.note(changes);
        let root = self.root.clone();
        let fail = |d: Diagnostic| Diagnostics::from_iter([d]).relative_to(&root);

        if self.memory.is_none() || changes.touches(&root.join(CONFIG_FILE)) {
            let config = config::load(&root, &self.options.overrides).map_err(fail)?;
            if self.memory.as_ref().is_none_or(|m| m.config != config) {
                self.memory = Some(Memory::new(config));
            }
        }
        let Some(memory) = self.memory.as_mut() else {
            unreachable!("the configuration was just read");
        };
        let output_dir = output_dir(&root, &memory.config);
        if self.options.write {
            write::check_output_dir(&root, &output_dir).map_err(|d| {
                match self.options.overrides.output_dir {
                    Some(_) => fail(d),
                    // Refused as guide.yaml sets it: told at its line there.
                    None => {
                        let source = std::fs::read_to_string(root.join(CONFIG_FILE));
                        let source = source.unwrap_or_default();
                        let line = crate::yaml::line_of_key(&source, "output_dir");
                        let message = format!(
                            "output_dir `{}`: {}",
                            memory.config.output_dir.display(),
                            d.message
                        );
                        let mut told = Diagnostic::error(CONFIG_FILE, message).at(&source, line, 0);
                        told.help = d.help;
                        fail(told)
                    }
                }
            })?;
        }
        let today = match &self.options.today {
            Some(day) if !model::review::is_date(day) => {
                return Err(fail(Diagnostic::error(
                    "GUIDE_TODAY",
                    format!("`{day}` is not a date; write it as YYYY-MM-DD"),
                )));
            }
            Some(day) => day.clone(),
            None => model::review::today_utc(),
        };

        let edited = memory.edit_in_place(&root, changes);
        let kept_model = edited.is_some();
        let (site, diagnostics, edited) = match edited {
            Some((site, pages)) => (site, memory.model_diagnostics.clone(), Some(pages)),
            None => {
                memory.discover(&root, changes);
                let mut loaded = memory.load(&root, changes, &self.options.progress, keep);
                if self.options.plain_asset_names {
                    for (_, hash) in &mut loaded.fingerprints {
                        hash.clear();
                    }
                }
                let mut diagnostics = loaded.diagnostics.clone();
                // A template that cannot be read (reported as such) makes no theme: one made
                // without it would report it as missing wherever it is used.
                let theme = match loaded.unread_templates {
                    true => {
                        memory.theme = None;
                        Err(Vec::new())
                    }
                    false => load_theme(&mut memory.theme, &root, &loaded.templates),
                };
                let source = (!memory.config.languages.is_empty()).then(|| loaded.clone());
                let mut site = model::build(
                    memory.config.clone(),
                    loaded,
                    self.options.drafts,
                    &mut diagnostics,
                );
                let editions = match source {
                    Some(source) => {
                        let drafts = self.options.drafts;
                        languages::models(&root, &mut site, &source, drafts, &mut diagnostics)
                    }
                    None => Vec::new(),
                };
                let site = Arc::new(site);
                model::review::check(&site, &today, &mut diagnostics);
                memory.site = Some(site.clone());
                memory.editions = editions;
                memory.model_diagnostics = diagnostics.clone();
                memory.render_has_model = false;
                if let Err(problems) = theme {
                    diagnostics.extend(problems);
                    return Err(diagnostics.relative_to(&root).sorted());
                }
                (site, diagnostics, None)
            }
        };
        let Some(theme) = memory.theme.as_mut() else {
            unreachable!("a build gets this far only with a theme");
        };
        if !kept_model {
            // A kept model has the values the theme was last given.
            render::set_globals(theme, &site);
        }
        Ok(Prepared {
            site,
            editions: memory.editions.clone(),
            diagnostics,
            edited,
            kept_model,
            output_dir,
        })
    }
}

fn output_dir(root: &Path, config: &Config) -> PathBuf {
    if config.output_dir.is_absolute() {
        config.output_dir.clone()
    } else {
        root.join(&config.output_dir)
    }
}
