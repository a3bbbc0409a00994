//! File-system calls whose errors name the path they concern. Reads also answer the
//! paths of built-in theme files (see [`crate::embedded`]) from the binary.

use std::fs;
use std::io::Write;
use std::path::Path;

use crate::diagnostics::{Diagnostic, line_col};
use crate::embedded;
use crate::output::Body;

/// Reads a UTF-8 text file. Invalid UTF-8 is reported at the line of the first bad byte.
pub(crate) fn read_text(path: &Path) -> Result<String, Diagnostic> {
    let mut bytes = match embedded::get(path) {
        Some(bytes) => bytes.to_vec(),
        None => fs::read(path).map_err(|e| {
            let d = Diagnostic::error(path, format!("cannot read: {e}"));
            match e.kind() {
                std::io::ErrorKind::PermissionDenied => {
                    d.with_help("give read permission on the file to the user running guide")
                }
                _ => d,
            }
        })?,
    };
    if bytes.starts_with(b"\xEF\xBB\xBF") {
        bytes.drain(..3);
    }
    String::from_utf8(bytes).map_err(|e| {
        let valid = e.utf8_error().valid_up_to();
        let good = String::from_utf8_lossy(&e.as_bytes()[..valid]).into_owned();
        let (line, col) = line_col(&good, valid);
        let whole = String::from_utf8_lossy(e.as_bytes()).into_owned();
        Diagnostic::error(path, "the file is not valid UTF-8 text")
            .at(&whole, line, col)
            .with_help("save the file as UTF-8")
    })
}

/// Writes a file, creating its folder.
pub(crate) fn write(path: &Path, bytes: &[u8]) -> Result<(), Diagnostic> {
    write_with(path, |file| file.write_all(bytes))
}

/// Writes an output's body, part after part, creating its folder.
pub(crate) fn write_body(path: &Path, body: &Body) -> Result<(), Diagnostic> {
    write_with(path, |file| body.write_to(file))
}

fn write_with(
    path: &Path,
    fill: impl FnOnce(&mut fs::File) -> std::io::Result<()>,
) -> Result<(), Diagnostic> {
    let mut file = create(path)?;
    fill(&mut file).map_err(|e| cannot_write(path, e))
}

/// Creates (or empties) a file to write, creating its folder.
pub(crate) fn create(path: &Path) -> Result<fs::File, Diagnostic> {
    if let Some(parent) = path.parent() {
        create_dir_all(parent)?;
    }
    fs::File::create(path).map_err(|e| cannot_write(path, e))
}

pub(crate) fn cannot_write(path: &Path, e: std::io::Error) -> Diagnostic {
    Diagnostic::error(path, format!("cannot write: {e}"))
}

pub(crate) fn create_dir_all(path: &Path) -> Result<(), Diagnostic> {
    fs::create_dir_all(path)
        .map_err(|e| Diagnostic::error(path, format!("cannot create folder: {e}")))
}

pub(crate) fn copy(from: &Path, to: &Path) -> Result<(), Diagnostic> {
    if let Some(bytes) = embedded::get(from) {
        return write(to, bytes);
    }
    if let Some(parent) = to.parent() {
        create_dir_all(parent)?;
    }
    fs::copy(from, to)
        .map(|_| ())
        .map_err(|e| Diagnostic::error(from, format!("cannot copy to {}: {e}", to.display())))
}

pub(crate) fn remove_dir_all(path: &Path) -> Result<(), Diagnostic> {
    match fs::remove_dir_all(path) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(Diagnostic::error(path, format!("cannot remove: {e}"))),
    }
}

pub(crate) fn rename(from: &Path, to: &Path) -> Result<(), Diagnostic> {
    fs::rename(from, to)
        .map_err(|e| Diagnostic::error(from, format!("cannot rename to {}: {e}", to.display())))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_built_in_theme_files_from_the_binary() {
        let (path, _) = embedded::files_under("templates")
            .into_iter()
            .find(|(_, name)| name == "page.html")
            .unwrap();
        assert!(!path.exists());
        assert!(read_text(&path).unwrap().contains("</"));
    }

    #[test]
    fn text_loses_its_byte_order_mark_and_bad_bytes_are_placed() {
        let dir = tempfile::tempdir().unwrap();
        let with_bom = dir.path().join("bom.md");
        fs::write(&with_bom, b"\xEF\xBB\xBF# Title\n").unwrap();
        assert_eq!(read_text(&with_bom).unwrap(), "# Title\n");

        let plain = dir.path().join("plain.md");
        fs::write(&plain, "caf\u{e9}\n").unwrap();
        assert_eq!(read_text(&plain).unwrap(), "caf\u{e9}\n");

        let bad = dir.path().join("bad.md");
        fs::write(&bad, b"\xEF\xBB\xBFone\ntwo \xFF\n").unwrap();
        let error = read_text(&bad).unwrap_err();
        assert_eq!(
            (error.line, error.message.as_str()),
            (2, "the file is not valid UTF-8 text")
        );
    }
}
