//! What a session keeps between builds: the configuration, the files read and what was
//! made of them, the theme, and the render and check stages' memos. A rebuild reads again
//! only the files a change may have touched.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use super::Changes;
use crate::config::Config;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::load::{self, FileResult, Item, LoadedTemplate};
use crate::model::Site;
use crate::progress::Progress;
use crate::render::{self, Theme};
use crate::{check, discover};

/// Whether a build's session goes on after it. A session that ends with its build need not
/// remember the files it read (copying every page's text for a build that never comes).
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Keep {
    ForNextBuild,
    NothingAfter,
}

/// Everything kept between builds; dropped whenever guide.yaml changes.
pub(super) struct Memory {
    pub(super) config: Config,
    /// The model of the last build that made one, and the problems found making it.
    pub(super) site: Option<Arc<Site>>,
    /// The sites of the guide's translations, made with that model.
    pub(super) editions: Vec<Arc<Site>>,
    /// What each translation's render and check keep between builds.
    pub(super) edition_memory: Vec<super::languages::EditionMemory>,
    pub(super) model_diagnostics: Diagnostics,
    /// Whether the render memo's last build was of that model.
    pub(super) render_has_model: bool,
    /// What discovery found last, and all its files' paths.
    discovered: Option<discover::Discovered>,
    known: HashSet<PathBuf>,
    files: HashMap<PathBuf, FileResult>,
    templates: HashMap<PathBuf, Result<LoadedTemplate, Diagnostic>>,
    pub(super) theme: Option<Theme>,
    pub(super) render: render::Memo,
    pub(super) check: check::Memo,
}

impl Memory {
    pub(super) fn new(config: Config) -> Self {
        Memory {
            config,
            site: None,
            editions: Vec::new(),
            edition_memory: Vec::new(),
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
    pub(super) fn edit_in_place(
        &mut self,
        root: &Path,
        changes: &Changes,
    ) -> Option<(Arc<Site>, HashSet<usize>)> {
        let Changes::Paths(paths) = changes else {
            return None;
        };
        // A translation's site is made from the source's files: it is made anew.
        if paths.is_empty() || self.theme.is_none() || !self.config.languages.is_empty() {
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
            // A failed include is a problem of the load stage, which this path skips.
            if new.source[..new.body_offset] != old.source[..old.body_offset]
                || !new.include_errors().is_empty()
                || !old.include_errors().is_empty()
            {
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
    pub(super) fn discover(&mut self, root: &Path, changes: &Changes) {
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
    pub(super) fn load(
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
                Some(old)
                    if !changes.touches(&f.path)
                        && old.1 == f.rel
                        && !reads_changed_file(&old.2, changes) =>
                {
                    None
                }
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

/// Whether a page's last reading depends on a file among `changes` besides itself: one it
/// includes, or one a failed directive names (it may have appeared since).
fn reads_changed_file(result: &Result<Item, Diagnostic>, changes: &Changes) -> bool {
    match result {
        Ok(Item::Page(page)) => page.includes_any(|f| changes.touches(f)),
        _ => false,
    }
}

/// Makes `theme` the theme for `templates`, keeping the one already parsed if no template
/// changed.
pub(super) fn load_theme(
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
