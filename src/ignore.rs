//! Which file names a guide never reads: hidden files, `_`-prefixed names (but
//! `_index.md`) and editor temporary files. Discovery, the built-in theme and the watcher
//! all skip the same names.

/// Hidden files, `_`-prefixed names (but `_index.md`) and editor temporary files.
pub(crate) fn is_ignored(name: &str) -> bool {
    (name.starts_with('.') || name.starts_with('_') || name.starts_with('#')) && name != "_index.md"
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with(".tmp")
        || name.ends_with(".bak")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ignores_hidden_and_temporary_files() {
        for name in [
            ".git", ".#a.md", "#a.md#", "a.md~", "a.md.swp", "_draft", "x.tmp",
        ] {
            assert!(is_ignored(name), "{name}");
        }
        for name in ["_index.md", "a.md", "img.png"] {
            assert!(!is_ignored(name), "{name}");
        }
    }
}
