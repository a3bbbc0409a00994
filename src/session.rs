//! A build session: the pipeline with memory between builds.
//!
//! `guide build` is a session's first build; `guide build --watch` and `guide serve` keep the
//! session and hand each rebuild the paths that changed. A rebuild re-reads only those files,
//! reuses the theme while no template changed, and lets the render and check stages reuse
//! everything whose inputs are unchanged (see `render::memo`).
//!
//! The model is built anew for every change but the most common one, an edit of a
//! chapter's text that leaves its front matter alone: then only that page's text changes in
//! the model. Building the model from all files is what keeps other rebuilds byte-identical
//! to a clean build without tracking how each file shapes the model.

use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};
use std::time::{Duration, Instant};

use rayon::prelude::*;
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use crate::config::{self, CONFIG_FILE, Config};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::load::{self, FileResult, Item, LoadedTemplate};
use crate::model::{self, Site};
use crate::output::{Body, Output};
use crate::progress::Progress;
use crate::render::{self, Emit, Theme};
use crate::write::Staging;
use crate::{check, discover, write};

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
}

/// Runs the whole pipeline once: a build session's only build. On failure every problem
/// found is returned, and the output folder is as it was.
pub fn build(options: &BuildOptions) -> Result<Report, Diagnostics> {
    let started = Instant::now();
    let mut session = Session::new(options.clone());
    let root = session.root().to_path_buf();
    let (
        Build {
            site,
            outputs,
            output_dir,
            warnings,
            ..
        },
        staging,
    ) = session.build_once()?;
    let files = match staging {
        Some(staging) => staging
            .finish(&site, outputs.len(), &options.progress)
            .map_err(|d| Diagnostics::from_iter([d]).relative_to(&root))?,
        None => outputs.len() + site.assets.len(),
    };
    options.progress.finish();
    let report = Report {
        pages: site.pages.len(),
        roles: site.roles.len(),
        files,
        output_dir,
        elapsed: started.elapsed(),
        warnings,
    };
    // Freeing a large site's memory piece by piece takes a noticeable part of the build;
    // it happens off the caller's thread (and a command that exits skips it).
    std::thread::spawn(move || drop((session, site, outputs)));
    Ok(report)
}

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
            Changes::Paths(paths) => paths.iter().any(|p| is_within(path, p)),
        }
    }
}

/// A successful build.
pub struct Build {
    /// Shared with the session, which changes it in place for the next build once this
    /// build is dropped.
    pub site: Arc<Site>,
    /// Every rendered file, sorted by path (the assets are in `site.assets`).
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
}

/// What a one-shot build does with each output as it is rendered: writes it into the
/// staging folder (when the build writes) and scans it for the checks.
struct OnceSink<'a> {
    staging: Option<&'a Staging>,
    /// The first write error, which is the one told; nothing more is written after it.
    write_error: OnceLock<Diagnostic>,
}

impl OnceSink<'_> {
    fn write(&self, write: impl FnOnce(&Staging) -> Result<(), Diagnostic>) {
        if let Some(staging) = self.staging
            && self.write_error.get().is_none()
            && let Err(d) = write(staging)
        {
            let _ = self.write_error.set(d);
        }
    }
}

impl render::Sink for OnceSink<'_> {
    type Receipt = Option<check::Scanned>;

    fn take(&self, output: &Output) -> Self::Receipt {
        self.write(|staging| staging.put(output));
        output.path.ends_with(".html").then(|| check::scan(output))
    }

    fn take_parts(&self, output: &Output, fill: &mut dyn FnMut(&mut Emit<'_>)) -> Self::Receipt {
        let mut scanner = check::Scanner::new(output);
        let mut file = None;
        self.write(|staging| {
            file = Some(staging.create(&output.path)?);
            Ok(())
        });
        let mut failed = None;
        fill(&mut |part, in_sidebar| {
            if let Some(f) = file.as_mut()
                && failed.is_none()
                && let Err(d) = f.write(part)
            {
                failed = Some(d);
            }
            scanner.add(part, in_sidebar);
        });
        if let Some(file) = file {
            self.write(|_| match failed {
                Some(d) => Err(d),
                None => file.finish(),
            });
        }
        Some(scanner.finish())
    }
}

/// Whether a build's session goes on after it. A session that ends with its build need not
/// remember the files it read (copying every page's text for a build that never comes).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Keep {
    ForNextBuild,
    NothingAfter,
}

/// The model and what was found making it, ready to render.
struct Prepared {
    site: Arc<Site>,
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
    memory: Option<Memory>,
    /// The previous successful build's files (rendered bytes, or an asset's source file),
    /// each with the number of the build that last had it.
    previous: HashMap<String, (Previous, u64)>,
    /// Counts successful builds.
    builds: u64,
    /// Everything changed since the previous successful build (failed builds in between
    /// included), to tell which assets changed.
    since_previous: Changes,
}

enum Previous {
    Rendered(Body),
    Asset(PathBuf),
}

/// Everything kept between builds; dropped whenever guide.yaml changes.
struct Memory {
    config: Config,
    /// The config as text, to notice when it changes.
    config_text: String,
    /// The model of the last build that made one, and the problems found making it.
    site: Option<Arc<Site>>,
    model_diagnostics: Diagnostics,
    /// Whether the render memo's last build was of that model.
    render_has_model: bool,
    /// What discovery found last, and all its files' paths.
    discovered: Option<discover::Discovered>,
    known: HashSet<PathBuf>,
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
            previous: HashMap::default(),
            builds: 0,
            since_previous: Changes::Paths(Vec::new()),
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
        let Prepared {
            site,
            mut diagnostics,
            edited,
            kept_model,
            output_dir,
        } = self.prepare(changes, Keep::ForNextBuild)?;
        let Some(memory) = self.memory.as_mut() else {
            unreachable!("prepared");
        };
        let Some(theme) = memory.theme.as_ref() else {
            unreachable!("a build gets this far only with a theme");
        };
        // Pages are taken from the memo unchecked only if its last build had this model.
        let edited = edited.filter(|_| memory.render_has_model);
        let builds = memory.render.builds();
        let rendered = render::render(
            &site,
            theme,
            &mut memory.render,
            edited.as_ref(),
            &mut diagnostics,
            &self.options.progress,
        );
        memory.render_has_model = memory.render.builds() != builds;
        check::check(&site, theme, &rendered, &mut memory.check, &mut diagnostics);
        let diagnostics = diagnostics.relative_to(&self.root).sorted();
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
            kept_model,
            changed,
            removed,
        })
    }

    /// Builds the site for a session that ends with this build (`guide build`, `guide
    /// check`): each output is written into a staging folder (when the options say to
    /// write) as soon as it is rendered, and kept only as the ids and links the checks
    /// need. The outputs of the returned build have empty bodies; the staging folder,
    /// finished, becomes the output folder, and dropped, is removed.
    pub fn build_once(&mut self) -> Result<(Build, Option<Staging>), Diagnostics> {
        let started = Instant::now();
        let Prepared {
            site,
            mut diagnostics,
            output_dir,
            ..
        } = self.prepare(&Changes::Everything, Keep::NothingAfter)?;
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
        let staging = match self.options.write {
            true => match Staging::new(&output_dir) {
                Ok(staging) => Some(staging),
                Err(d) => return Err(fail(diagnostics, d)),
            },
            false => None,
        };
        let sink = OnceSink {
            staging: staging.as_ref(),
            write_error: OnceLock::new(),
        };
        let (rendered, scanned) = render::render_once(
            &site,
            theme,
            &sink,
            &mut diagnostics,
            &self.options.progress,
        );
        if let Some(d) = sink.write_error.into_inner() {
            return Err(fail(diagnostics, d));
        }
        memory.check.reserve(scanned.len());
        for (path, scanned) in scanned {
            if let Some(scanned) = scanned {
                memory.check.add_scanned(path, scanned);
            }
        }
        check::check(&site, theme, &rendered, &mut memory.check, &mut diagnostics);
        let diagnostics = diagnostics.relative_to(root).sorted();
        if diagnostics.has_errors() {
            return Err(diagnostics);
        }
        let changed = rendered.outputs.iter().map(|o| o.path.clone()).collect();
        let counts = render::memo::Counts {
            markdown: site.pages.len(),
            templates: rendered
                .outputs
                .iter()
                .filter(|o| o.template.is_some())
                .count(),
        };
        let build = Build {
            site,
            outputs: rendered.outputs,
            output_dir,
            warnings: diagnostics,
            elapsed: started.elapsed(),
            rendered: counts,
            kept_model: false,
            changed,
            removed: Vec::new(),
        };
        Ok((build, staging))
    }

    /// Reads what changed and makes the model, and the theme with the site's values: the
    /// stages before rendering.
    fn prepare(&mut self, changes: &Changes, keep: Keep) -> Result<Prepared, Diagnostics> {
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
                let theme = load_theme(&mut memory.theme, &root, &loaded.templates);
                let site = Arc::new(model::build(
                    memory.config.clone(),
                    loaded,
                    self.options.drafts,
                    &mut diagnostics,
                ));
                model::review::check(&site, &today, &mut diagnostics);
                memory.site = Some(site.clone());
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
            diagnostics,
            edited,
            kept_model,
            output_dir,
        })
    }

    /// Which files differ from the previous successful build; remembers this one.
    fn compare_with_previous(
        &mut self,
        site: &Site,
        outputs: &[Output],
    ) -> (Vec<String>, Vec<String>) {
        let changes = std::mem::replace(&mut self.since_previous, Changes::Paths(Vec::new()));
        self.builds += 1;
        let build = self.builds;
        let mut changed = Vec::new();
        let files = outputs
            .iter()
            .map(|o| (&o.path, Previous::Rendered(o.body.clone())))
            .chain(
                site.assets
                    .iter()
                    .map(|a| (&a.path, Previous::Asset(a.source.clone()))),
            );
        for (path, now) in files {
            let same = match (self.previous.get(path), &now) {
                // Reused renders share their bytes; only fresh ones are compared.
                (Some((Previous::Rendered(old), _)), Previous::Rendered(new)) => old.same_as(new),
                (Some((Previous::Asset(old), _)), Previous::Asset(new)) => {
                    old == new && !changes.touches(new)
                }
                _ => false,
            };
            if !same {
                changed.push(path.clone());
            }
            match self.previous.get_mut(path) {
                Some(entry) => *entry = (now, build),
                None => {
                    self.previous.insert(path.clone(), (now, build));
                }
            }
        }
        let mut removed: Vec<String> = self
            .previous
            .iter()
            .filter(|(_, (_, used))| *used != build)
            .map(|(path, _)| path.clone())
            .collect();
        self.previous.retain(|_, (_, used)| *used == build);
        changed.sort();
        removed.sort();
        (changed, removed)
    }
}

/// Whether `path` is `folder` or inside it. The same test as `Path::starts_with` for the
/// normalised absolute paths of discovery and the watcher, on bytes: it runs for every
/// file on every rebuild.
fn is_within(path: &Path, folder: &Path) -> bool {
    let (path, folder) = (
        path.as_os_str().as_encoded_bytes(),
        folder.as_os_str().as_encoded_bytes(),
    );
    let folder = folder.strip_suffix(b"/").unwrap_or(folder);
    path.strip_prefix(folder).is_some_and(|rest| {
        rest.first()
            .is_none_or(|&b| std::path::is_separator(char::from(b)))
    })
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
            site: None,
            model_diagnostics: Diagnostics::new(),
            render_has_model: false,
            discovered: None,
            known: HashSet::default(),
            files: HashMap::default(),
            templates: HashMap::default(),
            theme: None,
            render: render::Memo::default(),
            check: check::Memo::default(),
        }
    }

    /// The common edit: chapters whose text changed but whose front matter did not. The
    /// model is then the same but for those pages' text, which is replaced in the last
    /// model instead of building a new one. `None` when the changes are anything else (or
    /// the last model is still in use, or there is no theme to render with).
    fn edit_in_place(
        &mut self,
        root: &Path,
        changes: &Changes,
    ) -> Option<(Arc<Site>, HashSet<usize>)> {
        let Changes::Paths(paths) = changes else {
            return None;
        };
        if paths.is_empty() || self.theme.is_none() {
            return None;
        }
        let site = Arc::get_mut(self.site.as_mut()?)?;
        let mut edits = Vec::with_capacity(paths.len());
        for path in paths {
            let Some((_, rel, Ok(Item::Page(old)))) = self.files.get(path) else {
                return None;
            };
            let index = *site.page_by_file.get(rel)?;
            let fresh = load::load_file(root, old.file.clone());
            let (_, _, Ok(Item::Page(new))) = &fresh else {
                return None;
            };
            if new.source[..new.body_offset] != old.source[..old.body_offset] {
                return None;
            }
            edits.push((path.clone(), index, fresh));
        }
        let mut pages = HashSet::default();
        for (path, index, fresh) in edits {
            if let (_, _, Ok(Item::Page(new))) = &fresh {
                site.pages[index].loaded = (**new).clone();
            }
            self.files.insert(path, fresh);
            pages.insert(index);
        }
        Some((self.site.clone()?, pages))
    }

    /// Finds the site's files, unless every change is an edit of a file already known (the
    /// common case of saving a file), which cannot change what discovery finds.
    fn discover(&mut self, root: &Path, changes: &Changes) {
        let only_edits = match changes {
            Changes::Everything => false,
            Changes::Paths(paths) => paths.iter().all(|p| self.known.contains(p) && p.is_file()),
        };
        if self.discovered.is_some() && only_edits {
            return;
        }
        let discovered = discover::discover(root, &self.config.theme);
        self.known = discovered
            .content
            .iter()
            .chain(&discovered.static_files)
            .map(|f| f.path.clone())
            .chain(discovered.templates.iter().map(|t| t.path.clone()))
            .collect();
        self.files.retain(|path, _| self.known.contains(path));
        self.templates.retain(|path, _| self.known.contains(path));
        self.discovered = Some(discovered);
    }

    /// Reads the discovered files that are new or may have changed; reuses the rest.
    fn load(
        &mut self,
        root: &Path,
        changes: &Changes,
        progress: &Progress,
        keep: Keep,
    ) -> load::Loaded {
        let Some(discovered) = &self.discovered else {
            unreachable!("discover runs first");
        };
        let files = &self.files;
        progress.stage("reading", discovered.content.len());
        let fresh: Vec<Option<FileResult>> = discovered
            .content
            .par_iter()
            .map(|f| match files.get(&f.path) {
                Some(old) if !changes.touches(&f.path) && old.1 == f.rel => None,
                _ => Some(load::load_file(root, f.clone())),
            })
            .inspect(|_| progress.step())
            .collect();
        let mut results = Vec::with_capacity(fresh.len());
        for (f, fresh) in discovered.content.iter().zip(fresh) {
            if keep == Keep::NothingAfter
                && let Some(result) = fresh
            {
                results.push(result);
                continue;
            }
            if let Some(result) = fresh {
                self.files.insert(f.path.clone(), result);
            }
            match self.files.get(&f.path) {
                Some(result) => results.push(result.clone()),
                None => unreachable!("every discovered file was just read or remembered"),
            }
        }
        let mut templates = Vec::with_capacity(discovered.templates.len());
        for t in &discovered.templates {
            let fresh = match self.templates.get(&t.path) {
                Some(Ok(old)) => changes.touches(&t.path) || old.file.name != t.name,
                _ => true,
            };
            if fresh {
                self.templates
                    .insert(t.path.clone(), load::load_template(t.clone()));
            }
            if let Some(result) = self.templates.get(&t.path) {
                templates.push(result.clone());
            }
        }
        load::collect(
            results,
            templates,
            discovered.static_files.clone(),
            discovered.diagnostics.clone(),
        )
    }
}

/// Makes `theme` the theme for `templates`, keeping the one already parsed if no template
/// changed.
fn load_theme(
    theme: &mut Option<Theme>,
    root: &Path,
    templates: &[LoadedTemplate],
) -> Result<(), Vec<Diagnostic>> {
    let fingerprint = Theme::fingerprint_of(templates);
    if theme.as_ref().is_none_or(|t| t.fingerprint != fingerprint) {
        *theme = None;
        *theme = Some(Theme::load(root, templates)?);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_change_to_a_folder_touches_what_is_inside() {
        let changes = Changes::Paths(vec![PathBuf::from("/site/content/part")]);
        assert!(changes.touches(Path::new("/site/content/part")));
        assert!(changes.touches(Path::new("/site/content/part/one.md")));
        assert!(!changes.touches(Path::new("/site/content/partial.md")));
        assert!(!changes.touches(Path::new("/site/content")));
        assert!(Changes::Everything.touches(Path::new("/anything")));
    }

    #[test]
    fn a_one_shot_build_tells_the_first_write_error_and_writes_nothing_after_it() {
        let dir = tempfile::tempdir().unwrap();
        let staging = Staging::new(&dir.path().join("public")).unwrap();
        // Something takes the staging folder's place: no file can be written in it.
        let staged = dir.path().join(".public.staging");
        std::fs::remove_dir(&staged).unwrap();
        std::fs::write(&staged, "in the way").unwrap();
        let sink = OnceSink {
            staging: Some(&staging),
            write_error: OnceLock::new(),
        };
        let page = |path: &str| Output {
            path: path.into(),
            body: Body::from(format!("<p id=\"{path}\">text</p>")),
            source: PathBuf::from("content/a.md"),
            template: None,
            sidebar: None,
        };
        use render::Sink;
        // Each page is still scanned for the checks.
        assert!(sink.take(&page("a/index.html")).is_some());
        // Out of the way again, the folder could be written to; the build is failing
        // already, so nothing more is.
        std::fs::remove_file(&staged).unwrap();
        assert!(sink.take(&page("b/index.html")).is_some());
        assert!(!staged.exists());
        let told = sink.write_error.into_inner().expect("the write failed");
        assert!(
            told.path.ends_with(".public.staging/a"),
            "{}",
            told.path.display()
        );
    }
}
