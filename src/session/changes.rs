//! What changed between two builds of a session, as the watcher reports it.

use std::path::{Path, PathBuf};

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
    pub(super) fn add(&mut self, other: &Changes) {
        match (&mut *self, other) {
            (Changes::Paths(mine), Changes::Paths(more)) => mine.extend(more.iter().cloned()),
            _ => *self = Changes::Everything,
        }
    }

    /// Whether `path` may have changed: it, or a folder above it, is among the changes.
    pub(super) fn touches(&self, path: &Path) -> bool {
        match self {
            Changes::Everything => true,
            Changes::Paths(paths) => paths.iter().any(|p| is_within(path, p)),
        }
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
}
