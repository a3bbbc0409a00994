//! A build session: the pipeline with memory between builds.
//!
//! `guide build` is a session's first build; `guide build --watch` and `guide serve` keep the
//! session and hand each rebuild the paths that changed. A rebuild re-reads only those files,
//! reuses the theme while no template changed, and lets the render and check stages reuse
//! everything whose inputs are unchanged (see `render::memo`). The model is rebuilt every
//! time: it is cheap, and rebuilding it is what keeps an incremental build byte-identical to
//! a clean one.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use bytes::Bytes;
use rayon::prelude::*;

use crate::config::{self, CONFIG_FILE, Config};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::load::{self, FileResult, LoadedTemplate};
use crate::model::{self, Site};
use crate::render::{self, Output, Theme};
use crate::{BuildOptions, check, discover, write};

/// What changed since the last build.
#[derive(Debug, Clone)]
pub enum Changes {
    /// Unknown, or everything: read every file again.
    Everything,
    /// These files or folders (absolute paths) were added, edited, renamed or deleted.
    Paths(Vec<PathBuf>),
}

impl Changes {
    /// Adds `other` to these changes.
    fn add(&mut self, other: &Changes) {
        match (&mut *self, other) {
            (Changes::Paths(mine), Changes::Paths(more)) => mine.extend(more.iter().cloned()),
            _ => *self = Changes::Everything,
        }
    }

    /// Whether `path` may have changed: it, or a folder above it, is among the changes.
    fn touches(&self, path: &Path) -> bool {
        match self {
            Changes::Everything => true,
            Changes::Paths(paths) => paths.iter().any(|p| path.starts_with(p)),
        }
    }
}

/// A successful build.
pub struct Build {
    pub site: Site,
    /// Every rendered file, sorted by path (the assets are in `site.assets`).
    pub outputs: Vec<Output>,
    pub output_dir: PathBuf,
    pub warnings: Diagnostics,
    pub elapsed: Duration,
    /// What this build rendered afresh rather than reused.
    pub rendered: render::memo::Counts,
    /// Output paths whose bytes differ from the session's previous successful build, or
    /// that are new (every path on the first build), sorted.
    pub changed: Vec<String>,
    /// Output paths the previous successful build had and this one has not, sorted.
    pub removed: Vec<String>,
}

/// A site being built, possibly many times.
pub struct Session {
    options: BuildOptions,
    root: PathBuf,
    memory: Option<Memory>,
    /// The previous successful build's files: rendered bytes, or an asset's source file.
    previous: HashMap<String, Previous>,
    /// Everything changed since the previous successful build (failed builds in between
    /// included), to tell which assets changed.
    since_previous: Changes,
}

enum Previous {
    Rendered(Bytes),
    Asset(PathBuf),
}

/// Everything kept between builds; dropped whenever guide.yaml changes.
struct Memory {
    config: Config,
    /// The config as text, to notice when it changes.
    config_text: String,
    files: HashMap<PathBuf, FileResult>,
    templates: HashMap<PathBuf, Result<LoadedTemplate, Diagnostic>>,
    theme: Option<Theme>,
    render: render::Memo,
    check: check::Memo,
}

impl Session {
    pub fn new(options: BuildOptions) -> Self {
        Session {
            root: write::absolute(&options.root),
            options,
            memory: None,
            previous: HashMap::new(),
            since_previous: Changes::Paths(Vec::new()),
        }
    }

    /// The site's folder, absolute.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Where the site is written, once the configuration has been read.
    pub fn output_dir(&self) -> Option<PathBuf> {
        let config = &self.memory.as_ref()?.config;
        Some(output_dir(&self.root, config))
    }

    /// The base URL of the last configuration read.
    pub fn base_url(&self) -> Option<&str> {
        Some(&self.memory.as_ref()?.config.base_url)
    }

    /// Builds the site, re-reading only what `changes` may have touched. On failure every
    /// problem is returned, and the session still remembers what it read.
    pub fn build(&mut self, changes: &Changes) -> Result<Build, Diagnostics> {
        let started = Instant::now();
        self.since_previous.add(changes);
        let root = self.root.clone();
        let fail = |d: Diagnostic| Diagnostics::from_iter([d]).relative_to(&root);

        if self.memory.is_none() || changes.touches(&root.join(CONFIG_FILE)) {
            let config = config::load(&root, &self.options.overrides).map_err(fail)?;
            let config_text = format!("{config:?}");
            if self
                .memory
                .as_ref()
                .is_none_or(|m| m.config_text != config_text)
            {
                self.memory = Some(Memory::new(config, config_text));
            }
        }
        let Some(memory) = self.memory.as_mut() else {
            unreachable!("the configuration was just read");
        };
        let output_dir = output_dir(&root, &memory.config);
        if self.options.write {
            write::check_output_dir(&root, &output_dir).map_err(fail)?;
        }

        let discovered = discover::discover(&root, &memory.config.theme);
        let loaded = memory.load(&root, discovered, changes);
        let mut diagnostics = loaded.diagnostics.clone();
        let theme = load_theme(&mut memory.theme, &root, &loaded.templates);
        let site = model::build(
            memory.config.clone(),
            loaded,
            self.options.drafts,
            &mut diagnostics,
        );
        let theme = match theme {
            Ok(theme) => theme,
            Err(problems) => {
                diagnostics.extend(problems);
                return Err(diagnostics.relative_to(&root).sorted());
            }
        };
        render::set_globals(theme, &site);
        let rendered = render::render(&site, theme, &mut memory.render, &mut diagnostics);
        check::check(&site, theme, &rendered, &mut memory.check, &mut diagnostics);
        let diagnostics = diagnostics.relative_to(&root).sorted();
        if diagnostics.has_errors() {
            return Err(diagnostics);
        }

        let counts = memory.render.last;
        let (changed, removed) = self.compare_with_previous(&site, &rendered.outputs);
        Ok(Build {
            site,
            outputs: rendered.outputs,
            output_dir,
            warnings: diagnostics,
            elapsed: started.elapsed(),
            rendered: counts,
            changed,
            removed,
        })
    }

    /// Which files differ from the previous successful build; remembers this one.
    fn compare_with_previous(
        &mut self,
        site: &Site,
        outputs: &[Output],
    ) -> (Vec<String>, Vec<String>) {
        let changes = std::mem::replace(&mut self.since_previous, Changes::Paths(Vec::new()));
        let mut now = HashMap::with_capacity(outputs.len() + site.assets.len());
        let mut changed = Vec::new();
        for o in outputs {
            let same = match self.previous.remove(&o.path) {
                // Reused renders share their bytes; fresh ones are compared.
                Some(Previous::Rendered(old)) => old == o.bytes,
                _ => false,
            };
            if !same {
                changed.push(o.path.clone());
            }
            now.insert(o.path.clone(), Previous::Rendered(o.bytes.clone()));
        }
        for a in &site.assets {
            let same = match self.previous.remove(&a.path) {
                Some(Previous::Asset(old)) => old == a.source && !changes.touches(&a.source),
                _ => false,
            };
            if !same {
                changed.push(a.path.clone());
            }
            now.insert(a.path.clone(), Previous::Asset(a.source.clone()));
        }
        let mut removed: Vec<String> = std::mem::replace(&mut self.previous, now)
            .into_keys()
            .collect();
        changed.sort();
        removed.sort();
        (changed, removed)
    }
}

fn output_dir(root: &Path, config: &Config) -> PathBuf {
    if config.output_dir.is_absolute() {
        config.output_dir.clone()
    } else {
        root.join(&config.output_dir)
    }
}

impl Memory {
    fn new(config: Config, config_text: String) -> Self {
        Memory {
            config,
            config_text,
            files: HashMap::new(),
            templates: HashMap::new(),
            theme: None,
            render: render::Memo::default(),
            check: check::Memo::default(),
        }
    }

    /// Reads the discovered files that are new or may have changed; reuses the rest.
    fn load(
        &mut self,
        root: &Path,
        discovered: discover::Discovered,
        changes: &Changes,
    ) -> load::Loaded {
        let discover::Discovered {
            content,
            templates,
            static_files,
            diagnostics,
        } = discovered;
        let mut old_files = std::mem::take(&mut self.files);
        let fresh: Vec<Option<FileResult>> = content
            .par_iter()
            .map(|f| match old_files.get(&f.path) {
                Some(old) if !changes.touches(&f.path) && old.1 == f.rel => None,
                _ => Some(load::load_file(root, f.clone())),
            })
            .collect();
        let mut results = Vec::with_capacity(content.len());
        for (f, fresh) in content.into_iter().zip(fresh) {
            let result = match fresh {
                Some(result) => result,
                None => match old_files.remove(&f.path) {
                    Some(old) => old,
                    None => unreachable!("only remembered files are reused"),
                },
            };
            self.files.insert(f.path, result.clone());
            results.push(result);
        }
        let old_templates = std::mem::take(&mut self.templates);
        let templates: Vec<(PathBuf, Result<LoadedTemplate, Diagnostic>)> = templates
            .into_iter()
            .map(|t| {
                let path = t.path.clone();
                let result = match old_templates.get(&path) {
                    Some(Ok(old)) if !changes.touches(&path) && old.file.name == t.name => {
                        Ok(old.clone())
                    }
                    _ => load::load_template(t),
                };
                (path, result)
            })
            .collect();
        self.templates = templates.iter().cloned().collect();
        load::collect(
            results,
            templates.into_iter().map(|(_, t)| t).collect(),
            static_files,
            diagnostics,
        )
    }
}

/// The theme for `templates`: the one already parsed if no template changed.
fn load_theme<'t>(
    theme: &'t mut Option<Theme>,
    root: &Path,
    templates: &[LoadedTemplate],
) -> Result<&'t mut Theme, Vec<Diagnostic>> {
    let fingerprint = Theme::fingerprint_of(templates);
    if theme.as_ref().is_none_or(|t| t.fingerprint != fingerprint) {
        *theme = None;
        *theme = Some(Theme::load(root, templates)?);
    }
    match theme.as_mut() {
        Some(theme) => Ok(theme),
        None => unreachable!("the theme was just loaded"),
    }
}
