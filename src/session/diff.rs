//! Which output files a build changed since the session's previous successful build: what
//! a preview reloads, and the only files `guide build --watch` writes again.

use std::path::PathBuf;

use rustc_hash::FxHashMap as HashMap;

use super::Changes;
use crate::model::Site;
use crate::output::{Body, Output};

/// The previous successful build's files, as far as telling changes needs.
pub(super) struct LastBuild {
    /// Each file (rendered bytes, or an asset's source file) with the number of the build
    /// that last had it.
    files: HashMap<String, (Previous, u64)>,
    /// Counts successful builds.
    builds: u64,
    /// Everything changed since the previous successful build (failed builds in between
    /// included), to tell which assets changed.
    since: Changes,
}

enum Previous {
    Rendered(Body),
    Asset(PathBuf),
}

impl LastBuild {
    pub(super) fn new() -> Self {
        LastBuild {
            files: HashMap::default(),
            builds: 0,
            since: Changes::Paths(Vec::new()),
        }
    }

    /// Notes changes a build is about to read, whether or not it succeeds.
    pub(super) fn note(&mut self, changes: &Changes) {
        self.since.add(changes);
    }

    /// Which files differ from the previous successful build; remembers this one.
    pub(super) fn compare(
        &mut self,
        site: &Site,
        outputs: &[Output],
    ) -> (Vec<String>, Vec<String>) {
        let changes = std::mem::replace(&mut self.since, Changes::Paths(Vec::new()));
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
            let same = match (self.files.get(path), &now) {
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
            match self.files.get_mut(path) {
                Some(entry) => *entry = (now, build),
                None => {
                    self.files.insert(path.clone(), (now, build));
                }
            }
        }
        let mut removed: Vec<String> = self
            .files
            .iter()
            .filter(|(_, (_, used))| *used != build)
            .map(|(path, _)| path.clone())
            .collect();
        self.files.retain(|_, (_, used)| *used == build);
        changed.sort();
        removed.sort();
        (changed, removed)
    }
}
