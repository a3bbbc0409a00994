//! Putting a finished staging folder in the output folder's place, and cleaning up what an
//! interrupted build left, so that at every moment one complete site is where it belongs.

use std::path::Path;

use crate::diagnostics::Diagnostic;
use crate::fsx;

use super::owned;

/// Puts `staging` in `output`'s place; the old output ends up at `old` (when there was one).
/// On Linux the two folders trade places in one step, so no moment is without a site;
/// elsewhere (or where the file system cannot) it takes two renames, and [`recover`] puts
/// things right if the build is stopped between them.
pub(super) fn swap(staging: &Path, output: &Path, old: &Path) -> Result<(), Diagnostic> {
    if !output.exists() {
        return fsx::rename(staging, output);
    }
    if exchange(staging, output).is_ok() {
        return fsx::rename(staging, old);
    }
    fsx::rename(output, old)?;
    if let Err(e) = fsx::rename(staging, output) {
        // Put the previous build back before reporting.
        let _ = fsx::rename(old, output);
        return Err(e);
    }
    Ok(())
}

/// Swaps two folders in one step.
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> std::io::Result<()> {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    let c = |p: &Path| {
        CString::new(p.as_os_str().as_bytes()).map_err(|_| std::io::ErrorKind::InvalidInput)
    };
    let (a, b) = (c(a)?, c(b)?);
    // The system call itself: the C library's wrapper is missing from some libcs (musl).
    // SAFETY: both paths are valid NUL-terminated strings that outlive the call.
    let done = unsafe {
        libc::syscall(
            libc::SYS_renameat2,
            libc::AT_FDCWD,
            a.as_ptr(),
            libc::AT_FDCWD,
            b.as_ptr(),
            libc::RENAME_EXCHANGE,
        )
    };
    match done {
        0 => Ok(()),
        _ => Err(std::io::Error::last_os_error()),
    }
}

#[cfg(not(target_os = "linux"))]
fn exchange(_: &Path, _: &Path) -> std::io::Result<()> {
    Err(std::io::ErrorKind::Unsupported.into())
}

/// Before a build writes: if a build was stopped between the two renames of a swap, the
/// newest complete site goes back in the output's place (the staging folder if it was
/// finished, which it is once it has its list of files, else the previous output); then
/// whatever is left over is removed.
pub(super) fn recover(staging: &Path, output: &Path, old: &Path) -> Result<(), Diagnostic> {
    if !output.exists() {
        if staging.join(owned::LIST).is_file() {
            fsx::rename(staging, output)?;
        } else if old.is_dir() {
            fsx::rename(old, output)?;
        }
    }
    remove_dir(staging)?;
    remove_dir(old)
}

/// Removes a folder guide made and everything in it, including files and folders made
/// read-only since (a read-only output folder must not stop every later build).
pub(super) fn remove_dir(dir: &Path) -> Result<(), Diagnostic> {
    if fsx::remove_dir_all(dir).is_ok() {
        return Ok(());
    }
    for entry in walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
    {
        if entry.file_type().is_dir() {
            let _ = make_writable(entry.path());
        }
    }
    fsx::remove_dir_all(dir)
}

fn make_writable(path: &Path) -> std::io::Result<()> {
    let mut permissions = std::fs::metadata(path)?.permissions();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        permissions.set_mode(permissions.mode() | 0o700);
    }
    #[cfg(not(unix))]
    {
        #[allow(clippy::permissions_set_readonly_false)]
        permissions.set_readonly(false);
    }
    std::fs::set_permissions(path, permissions)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site(dir: &Path, text: &str, finished: bool) {
        std::fs::create_dir_all(dir).unwrap();
        std::fs::write(dir.join("index.html"), text).unwrap();
        if finished {
            owned::write_list(dir, ["index.html"]).unwrap();
        }
    }

    /// A staging folder, an output folder and the place the old output is set aside.
    fn folders(dir: &Path) -> (std::path::PathBuf, std::path::PathBuf, std::path::PathBuf) {
        (dir.join("s"), dir.join("o"), dir.join("x"))
    }

    fn read(dir: &Path) -> String {
        std::fs::read_to_string(dir.join("index.html")).unwrap()
    }

    #[test]
    fn swapping_leaves_the_new_site_in_place_and_the_old_one_aside() {
        let tmp = tempfile::tempdir().unwrap();
        let (staging, output, old) = folders(tmp.path());
        site(&output, "old", true);
        site(&staging, "new", true);
        swap(&staging, &output, &old).unwrap();
        assert_eq!((read(&output), read(&old)), ("new".into(), "old".into()));
        assert!(!staging.exists());
    }

    #[test]
    fn a_swap_stopped_halfway_is_finished_with_the_newest_complete_site() {
        let tmp = tempfile::tempdir().unwrap();
        let (staging, output, old) = folders(tmp.path());
        // Stopped after the output was moved aside, with the new site finished.
        site(&old, "old", true);
        site(&staging, "new", true);
        recover(&staging, &output, &old).unwrap();
        assert_eq!(read(&output), "new");
        assert!(!staging.exists() && !old.exists());

        // Stopped while the new site was still being written.
        std::fs::rename(&output, &old).unwrap();
        site(&staging, "half", false);
        recover(&staging, &output, &old).unwrap();
        assert_eq!(read(&output), "new");
        assert!(!staging.exists() && !old.exists());
    }

    #[cfg(unix)]
    #[test]
    fn read_only_folders_are_removed_all_the_same() {
        use std::os::unix::fs::PermissionsExt;
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("o");
        site(&dir.join("sub"), "x", false);
        for d in [dir.join("sub"), dir.clone()] {
            std::fs::set_permissions(&d, std::fs::Permissions::from_mode(0o555)).unwrap();
        }
        remove_dir(&dir).unwrap();
        assert!(!dir.exists());
    }
}
