//! `guide import mdbook` and `guide import zola`: an existing book or site turned into a
//! guide. Each importer reads its source into a [`Plan`] (every file to write, in memory or
//! copied from the source) and a report of what it could not carry over, each item with its
//! file and line; the plan is then written into a temporary folder beside the destination
//! and renamed into place, so a failure leaves nothing half-written. Nothing is ever
//! overwritten: a destination that exists and is not empty is refused.

mod chapter;
mod front_matter;
mod links;
mod mdbook;
mod report;
mod summary;
mod zola;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::diagnostics::{Diagnostic, Diagnostics};

pub use report::Imported;

/// A file of the new guide: its text, or a file of the source copied as it is.
#[derive(Debug)]
pub(crate) enum Content {
    Text(String),
    Copy(PathBuf),
}

/// Everything an importer would write, by path relative to the new guide's folder.
#[derive(Debug, Default)]
pub(crate) struct Plan {
    pub files: BTreeMap<String, Content>,
}

impl Plan {
    fn text(&mut self, path: impl Into<String>, text: impl Into<String>) {
        self.files.insert(path.into(), Content::Text(text.into()));
    }

    fn copy(&mut self, path: impl Into<String>, from: PathBuf) {
        self.files.entry(path.into()).or_insert(Content::Copy(from));
    }
}

/// Imports the mdBook in `book` into a new guide in `dir`.
pub fn mdbook(book: &Path, dir: &Path) -> Result<Imported, Diagnostics> {
    refuse_existing(dir)?;
    let (plan, imported) = mdbook::import(book)?;
    write(dir, plan)?;
    Ok(imported)
}

/// Imports the Zola site in `site` into a new guide in `dir`.
pub fn zola(site: &Path, dir: &Path) -> Result<Imported, Diagnostics> {
    refuse_existing(dir)?;
    let (plan, imported) = zola::import(site)?;
    write(dir, plan)?;
    Ok(imported)
}

fn one(d: Diagnostic) -> Diagnostics {
    Diagnostics::from_iter([d])
}

/// Refuses a destination that exists and is not an empty folder.
fn refuse_existing(dir: &Path) -> Result<(), Diagnostics> {
    let empty = match std::fs::read_dir(dir) {
        Ok(mut entries) => entries.next().is_none(),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(_) => false,
    };
    if empty {
        return Ok(());
    }
    Err(one(Diagnostic::error(
        dir,
        "the destination exists and is not empty; nothing was written",
    )
    .with_help(
        "import into a new folder: `guide import … SOURCE NEW_FOLDER`",
    )))
}

/// Writes `plan` into a temporary folder beside `dir`, then renames it to `dir`.
fn write(dir: &Path, plan: Plan) -> Result<(), Diagnostics> {
    let name = dir
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "guide".into());
    let parent = match dir.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let staging = parent.join(format!(".{name}.importing"));
    let fail =
        |path: &Path, e: std::io::Error| one(Diagnostic::error(path, format!("cannot write: {e}")));
    if staging.exists() {
        std::fs::remove_dir_all(&staging).map_err(|e| fail(&staging, e))?;
    }
    let result = (|| {
        std::fs::create_dir_all(&staging).map_err(|e| fail(&staging, e))?;
        for (rel, content) in &plan.files {
            let path = staging.join(rel);
            if let Some(folder) = path.parent() {
                std::fs::create_dir_all(folder).map_err(|e| fail(folder, e))?;
            }
            match content {
                Content::Text(text) => std::fs::write(&path, text),
                Content::Copy(from) => std::fs::copy(from, &path).map(|_| ()),
            }
            .map_err(|e| fail(Path::new(rel), e))?;
        }
        // An empty folder left by the check above is replaced by the rename.
        if dir.exists() {
            std::fs::remove_dir(dir).map_err(|e| fail(dir, e))?;
        }
        std::fs::rename(&staging, dir).map_err(|e| fail(dir, e))
    })();
    if result.is_err() {
        let _ = std::fs::remove_dir_all(&staging);
    }
    result
}

/// `path` (with `/`) with `.` and `..` resolved; `None` if it climbs above its start.
pub(crate) fn normalize(path: &str) -> Option<String> {
    let mut parts: Vec<&str> = Vec::new();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            p => parts.push(p),
        }
    }
    Some(parts.join("/"))
}

/// The folder of a `/`-separated path ("" at the top).
pub(crate) fn folder(path: &str) -> &str {
    path.rfind('/').map_or("", |i| &path[..i])
}

/// The relative path from the folder `from` to the path `to` (both from one root).
pub(crate) fn relative(from: &str, to: &str) -> String {
    let a: Vec<&str> = from.split('/').filter(|s| !s.is_empty()).collect();
    let b: Vec<&str> = to.split('/').filter(|s| !s.is_empty()).collect();
    let common = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let mut out: Vec<&str> = vec![".."; a.len() - common];
    out.extend(&b[common..]);
    out.join("/")
}

/// All files under `dir` (relative paths with `/`, sorted), skipping hidden names.
pub(crate) fn files_under(dir: &Path) -> Vec<String> {
    let mut out: Vec<String> = walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'))
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .filter_map(|e| {
            let rel = e.path().strip_prefix(dir).ok()?;
            Some(rel.to_string_lossy().replace('\\', "/"))
        })
        .collect();
    out.sort();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths() {
        assert_eq!(relative("a/b", "a/c/d.md"), "../c/d.md");
        assert_eq!(relative("", "x.md"), "x.md");
        assert_eq!(normalize("a/../b/./c").as_deref(), Some("b/c"));
        assert_eq!(normalize("../x"), None);
        assert_eq!(folder("a/b.md"), "a");
    }
}
