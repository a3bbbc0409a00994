//! The staging folder: a build writes into a folder beside the output folder, which takes
//! the output folder's place only once every file is written, so a failed build leaves the
//! previous output exactly as it was.

use std::collections::BTreeSet;
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Component, Path, PathBuf};
use std::thread::JoinHandle;

use rayon::prelude::*;

use crate::diagnostics::Diagnostic;
use crate::fsx;
use crate::model::Site;
use crate::output::Output;
use crate::progress::Progress;

use super::{absolute, owned, swap};

/// A folder beside the output folder that a build writes into, file by file, and that
/// takes the output folder's place once everything is written. Dropped unfinished (a failed
/// build), it is removed, and the output folder is left as it was.
pub struct Staging {
    output: PathBuf,
    dir: PathBuf,
    old: PathBuf,
    /// What the output folder holds, read while the build renders.
    existing: Option<JoinHandle<owned::Existing>>,
    /// The folders made to hold the staging folder (`build/` for the output `build/html`),
    /// deepest first, which a failed build takes away again.
    made: Vec<PathBuf>,
    finished: bool,
}

/// The staging folder's and the set-aside old output's paths for `output`.
pub(super) fn beside(output: &Path) -> (PathBuf, PathBuf) {
    let name = output
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "public".into());
    let parent = output.parent().unwrap_or(Path::new("/"));
    (
        parent.join(format!(".{name}.staging")),
        parent.join(format!(".{name}.old")),
    )
}

impl Staging {
    /// An empty staging folder for `output`, after putting right what a stopped build left.
    pub fn new(output: &Path) -> Result<Self, Diagnostic> {
        let output = absolute(output);
        let (dir, old) = beside(&output);
        swap::recover(&dir, &output, &old)?;
        let made = dir
            .ancestors()
            .skip(1)
            .take_while(|folder| !folder.exists())
            .map(Path::to_path_buf)
            .collect();
        fsx::create_dir_all(&dir)?;
        let reading = output.clone();
        let existing = Some(std::thread::spawn(move || owned::Existing::read(&reading)));
        Ok(Staging {
            output,
            dir,
            old,
            existing,
            made,
            finished: false,
        })
    }

    /// Writes one output file, even an empty one (a page whose template writes nothing is
    /// still a page the sitemap and search list).
    pub fn put(&self, o: &Output) -> Result<(), Diagnostic> {
        fsx::write_body(&self.inside(&o.path)?, &o.body)
    }

    /// Starts writing an output file part by part.
    pub fn create(&self, path: &str) -> Result<StagedFile, Diagnostic> {
        let path = self.inside(path)?;
        let file = BufWriter::with_capacity(1 << 16, fsx::create(&path)?);
        Ok(StagedFile { path, file })
    }

    /// Copies the assets in, lists what was written, and puts the folder in the output
    /// folder's place, unless the output folder holds files guide did not write. Returns
    /// the number of files: the `outputs` and the assets.
    pub fn finish(
        mut self,
        site: &Site,
        outputs: &[Output],
        progress: &Progress,
    ) -> Result<usize, Diagnostic> {
        progress.stage("writing", site.assets.len());
        site.assets
            .par_iter()
            .inspect(|_| progress.step())
            .try_for_each(|a| fsx::copy(&a.source, &self.dir.join(&a.path)))?;
        // A one-shot build's outputs come here with their bodies already written and let go.
        let writes: BTreeSet<&str> = outputs
            .iter()
            .map(|o| o.path.as_str())
            .chain(site.assets.iter().map(|a| a.path.as_str()))
            .collect();
        if let Some(existing) = self.existing.take() {
            let existing = existing
                .join()
                .unwrap_or_else(|p| std::panic::resume_unwind(p));
            let foreign = existing.foreign(&writes);
            if !foreign.is_empty() {
                return Err(owned::refuse(&self.output, &foreign));
            }
        }
        // Written last: a staging folder with its list is complete.
        owned::write_list(&self.dir, writes.iter().copied())?;
        swap::swap(&self.dir, &self.output, &self.old)?;
        self.finished = true;
        // The new site is in place; an old one that cannot be removed is removed by the
        // next build.
        let _ = swap::remove_dir(&self.old);
        Ok(writes.len())
    }
}

impl Staging {
    /// Where the output file `path` goes in the staging folder. The model gives every
    /// output a relative path of plain names; one that is not (`/index.html`,
    /// `../index.html`) would be written outside the output folder, and is refused.
    fn inside(&self, path: &str) -> Result<PathBuf, Diagnostic> {
        if !path.is_empty()
            && Path::new(path)
                .components()
                .all(|c| matches!(c, Component::Normal(_)))
        {
            return Ok(self.dir.join(path));
        }
        Err(Diagnostic::error(
            &self.output,
            format!("refusing to write `{path}`: it is not a path inside the output folder"),
        ))
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.finished {
            let _ = swap::remove_dir(&self.dir);
            // Only while empty: never what someone else has put there since.
            for folder in &self.made {
                let _ = std::fs::remove_dir(folder);
            }
        }
    }
}

/// An output file of the staging folder being written part by part.
pub struct StagedFile {
    path: PathBuf,
    file: BufWriter<File>,
}

impl StagedFile {
    pub fn write(&mut self, part: &[u8]) -> Result<(), Diagnostic> {
        self.file
            .write_all(part)
            .map_err(|e| fsx::cannot_write(&self.path, e))
    }

    pub fn finish(mut self) -> Result<(), Diagnostic> {
        self.file
            .flush()
            .map_err(|e| fsx::cannot_write(&self.path, e))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_a_path_outside_the_output_folder() {
        let dir = tempfile::tempdir().unwrap();
        let staging = Staging::new(&dir.path().join("public")).unwrap();
        assert!(staging.inside("part/one/index.html").is_ok());
        for outside in ["/index.html", "../index.html", "part/../../x.html", ""] {
            assert!(staging.inside(outside).is_err(), "{outside}");
        }
    }
}
