//! Writing the site: into a staging folder first, swapped into place only when every file
//! was written, so a failed build leaves the previous output exactly as it was.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Component, Path, PathBuf};

use rayon::prelude::*;

use crate::diagnostics::Diagnostic;
use crate::fsx;
use crate::model::Site;
use crate::output::Output;
use crate::progress::Progress;

/// The file every guide output folder has; an existing folder without it is not ours.
const MARKER: &str = ".nojekyll";

/// Makes `path` absolute and free of `.` and `..`, resolving symlinks where it exists.
pub fn absolute(path: &Path) -> PathBuf {
    let absolute = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir().unwrap_or_default().join(path)
    };
    // Canonicalise the longest existing prefix, then append the rest lexically.
    let mut existing = absolute.clone();
    let mut rest = Vec::new();
    while !existing.exists() {
        match (existing.file_name(), existing.parent()) {
            (Some(name), Some(parent)) => {
                rest.push(name.to_os_string());
                existing = parent.to_path_buf();
            }
            _ => break,
        }
    }
    let mut out = existing.canonicalize().unwrap_or(existing);
    for part in rest.iter().rev() {
        for c in Path::new(part).components() {
            match c {
                Component::ParentDir => {
                    out.pop();
                }
                Component::CurDir => {}
                c => out.push(c),
            }
        }
    }
    out
}

/// Refuses an output folder that would overwrite the site itself, or a folder that guide
/// did not make.
pub(crate) fn check_output_dir(root: &Path, output: &Path) -> Result<(), Diagnostic> {
    let root = absolute(root);
    let output = absolute(output);
    let refuse = |why: String| {
        Diagnostic::error(&output, format!("refusing to write the site here: {why}")).with_help(
            "set output_dir in guide.yaml (or --output-dir) to a folder of its own, such as public",
        )
    };
    if output == root || root.starts_with(&output) {
        return Err(refuse("it is, or contains, the site's own folder".into()));
    }
    for protected in ["content", "themes", "templates", "static"] {
        if output.starts_with(root.join(protected)) {
            return Err(refuse(format!(
                "it is inside the site's {protected}/ folder"
            )));
        }
    }
    if output.exists() {
        if !output.is_dir() {
            return Err(refuse("it is a file".into()));
        }
        let empty = std::fs::read_dir(&output)
            .map(|mut d| d.next().is_none())
            .unwrap_or(false);
        if !empty && !output.join(MARKER).exists() {
            return Err(refuse(format!(
                "it holds files that guide did not write (no {MARKER}); move them away or delete the folder"
            )));
        }
    }
    Ok(())
}

/// Writes the outputs and copies the assets into `output`, replacing what was there.
pub(crate) fn write(
    site: &Site,
    outputs: &[Output],
    output: &Path,
    progress: &Progress,
) -> Result<usize, Diagnostic> {
    let staging = Staging::new(output)?;
    progress.stage("writing", outputs.len());
    outputs
        .par_iter()
        .inspect(|_| progress.step())
        .try_for_each(|o| staging.put(o))?;
    staging.finish(site, outputs.len(), progress)
}

/// A folder beside the output folder that a build writes into, file by file, and that
/// takes the output folder's place once everything is written. Dropped unfinished (a failed
/// build), it is removed, and the output folder is left as it was.
pub struct Staging {
    output: PathBuf,
    dir: PathBuf,
    old: PathBuf,
    finished: bool,
}

impl Staging {
    /// An empty staging folder for `output`, replacing any a stopped build left.
    pub fn new(output: &Path) -> Result<Self, Diagnostic> {
        let output = absolute(output);
        let name = output
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "public".into());
        let parent = output.parent().unwrap_or(Path::new("/")).to_path_buf();
        let staging = Staging {
            dir: parent.join(format!(".{name}.staging")),
            old: parent.join(format!(".{name}.old")),
            output,
            finished: false,
        };
        fsx::remove_dir_all(&staging.dir)?;
        fsx::remove_dir_all(&staging.old)?;
        fsx::create_dir_all(&staging.dir)?;
        Ok(staging)
    }

    /// Writes one output file; an HTML output with nothing in it (its template is missing,
    /// already reported) is not written.
    pub fn put(&self, o: &Output) -> Result<(), Diagnostic> {
        if o.body.is_empty() && o.path.ends_with(".html") {
            return Ok(());
        }
        fsx::write_body(&self.dir.join(&o.path), &o.body)
    }

    /// Starts writing an output file part by part.
    pub fn create(&self, path: &str) -> Result<StagedFile, Diagnostic> {
        let path = self.dir.join(path);
        let file = BufWriter::with_capacity(1 << 16, fsx::create(&path)?);
        Ok(StagedFile { path, file })
    }

    /// Copies the assets in and puts the folder in the output folder's place. Returns the
    /// number of files: `outputs` rendered ones and the assets.
    pub fn finish(
        mut self,
        site: &Site,
        outputs: usize,
        progress: &Progress,
    ) -> Result<usize, Diagnostic> {
        progress.stage("writing", site.assets.len());
        site.assets
            .par_iter()
            .inspect(|_| progress.step())
            .try_for_each(|a| fsx::copy(&a.source, &self.dir.join(&a.path)))?;
        if self.output.exists() {
            fsx::rename(&self.output, &self.old)?;
        }
        if let Err(e) = fsx::rename(&self.dir, &self.output) {
            // Put the previous build back before reporting.
            let _ = fsx::rename(&self.old, &self.output);
            return Err(e);
        }
        self.finished = true;
        fsx::remove_dir_all(&self.old)?;
        Ok(outputs + site.assets.len())
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

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.finished {
            let _ = fsx::remove_dir_all(&self.dir);
        }
    }
}

/// Brings an output folder that `write` made up to date with a newer build of the same
/// site: writes the files in `changed` (each through a temporary file renamed into place,
/// so no reader sees half a file) and deletes those in `removed`, with folders they leave
/// empty. The result is the folder `write` would make from the newer build.
pub(crate) fn update(
    site: &Site,
    outputs: &[Output],
    changed: &[String],
    removed: &[String],
    output: &Path,
) -> Result<usize, Diagnostic> {
    let output = absolute(output);
    let is_changed = |path: &String| changed.binary_search(path).is_ok();
    let written = outputs
        .par_iter()
        .filter(|o| is_changed(&o.path) && (!o.body.is_empty() || !o.path.ends_with(".html")))
        .map(|o| replace_file(&output.join(&o.path), |tmp| fsx::write_body(tmp, &o.body)))
        .chain(
            site.assets
                .par_iter()
                .filter(|a| is_changed(&a.path))
                .map(|a| replace_file(&output.join(&a.path), |tmp| fsx::copy(&a.source, tmp))),
        )
        .collect::<Result<Vec<()>, Diagnostic>>()?;
    for path in removed {
        let file = output.join(path);
        match std::fs::remove_file(&file) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(Diagnostic::error(&file, format!("cannot remove: {e}"))),
        }
        // Folders left empty go too; removing a folder that is not empty fails harmlessly.
        let mut folder = file.parent();
        while let Some(dir) = folder.filter(|d| *d != output && d.starts_with(&output)) {
            if std::fs::remove_dir(dir).is_err() {
                break;
            }
            folder = dir.parent();
        }
    }
    Ok(written.len())
}

/// Writes `path` by making a temporary file beside it and renaming it over the old one.
fn replace_file(
    path: &Path,
    make: impl FnOnce(&Path) -> Result<(), Diagnostic>,
) -> Result<(), Diagnostic> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = path.with_file_name(format!(".{name}.tmp"));
    make(&tmp)?;
    fsx::rename(&tmp, path)
}
