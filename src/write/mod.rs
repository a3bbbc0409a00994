//! Writing the site: a whole build into a staging folder swapped into place only when every
//! file was written (so a failed build leaves the previous output exactly as it was), or a
//! later build's changes file by file.

mod owned;
mod staging;
mod swap;

use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use rayon::prelude::*;

use crate::diagnostics::Diagnostic;
use crate::fsx;
use crate::model::Site;
use crate::output::Output;
use crate::progress::Progress;
pub(crate) use staging::Staging;

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

/// Refuses an output folder that would overwrite the site itself, or that is a file; and
/// puts back the newest complete site if a build was stopped while swapping it in.
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
    if output.exists() && !output.is_dir() {
        return Err(refuse("it is a file".into()));
    }
    // Whether the folder holds anything guide did not write is decided once the build
    // knows what it writes (see `Staging::finish`). A build stopped halfway through its
    // swap is put right now, whether or not this build gets as far as writing.
    let (staging, old) = staging::beside(&output);
    swap::recover(&staging, &output, &old)
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
    staging.finish(site, outputs, progress)
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
    // Temporary files are made beside the output folder, never where they would be
    // published, and removed with it if the update is stopped.
    let (temporary, _) = staging::beside(&output);
    swap::remove_dir(&temporary)?;
    // Listed before they are written: a stop partway leaves no file of guide's unlisted.
    let mut listed = owned::listed(&output).unwrap_or_default();
    listed.extend(changed.iter().cloned());
    owned::write_list(&output, listed.iter().map(String::as_str))?;
    let is_changed = |path: &String| changed.binary_search(path).is_ok();
    let count = AtomicUsize::new(0);
    let replace = |path: &str, make: &dyn Fn(&Path) -> Result<(), Diagnostic>| {
        let tmp = temporary.join(count.fetch_add(1, Ordering::Relaxed).to_string());
        make(&tmp)?;
        let target = output.join(path);
        if let Some(folder) = target.parent() {
            fsx::create_dir_all(folder)?;
        }
        fsx::rename(&tmp, &target)
    };
    let written = outputs
        .par_iter()
        .filter(|o| is_changed(&o.path))
        .map(|o| replace(&o.path, &|tmp| fsx::write_body(tmp, &o.body)))
        .chain(
            site.assets
                .par_iter()
                .filter(|a| is_changed(&a.path))
                .map(|a| replace(&a.path, &|tmp| fsx::copy(&a.source, tmp))),
        )
        .collect::<Result<Vec<()>, Diagnostic>>();
    swap::remove_dir(&temporary)?;
    let written = written?;
    for path in removed {
        let file = output.join(path);
        match std::fs::remove_file(&file) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(Diagnostic::error(&file, format!("cannot remove: {e}"))),
        }
        listed.remove(path);
        // Folders left empty go too; removing a folder that is not empty fails harmlessly.
        let mut folder = file.parent();
        while let Some(dir) = folder.filter(|d| *d != output && d.starts_with(&output)) {
            if std::fs::remove_dir(dir).is_err() {
                break;
            }
            folder = dir.parent();
        }
    }
    owned::write_list(&output, listed.iter().map(String::as_str))?;
    Ok(written.len())
}
