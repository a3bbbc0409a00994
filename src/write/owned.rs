//! Which files of an output folder guide wrote: every folder it writes lists them in
//! `.guide-files`, so a later build replaces the folder only when it holds nothing else (a
//! `.git` folder, notes of the author's), and names whatever else it holds.

use std::collections::BTreeSet;
use std::path::Path;

use crate::diagnostics::Diagnostic;
use crate::fsx;

/// The list of the files guide wrote into an output folder, one `/`-separated path a line.
pub(crate) const LIST: &str = crate::model::FILE_LIST_PATH;

/// The paths `dir`'s list names; `None` when it has none.
pub(crate) fn listed(dir: &Path) -> Option<BTreeSet<String>> {
    let text = std::fs::read_to_string(dir.join(LIST)).ok()?;
    Some(text.lines().map(str::to_string).collect())
}

/// Writes the list of `files` into `dir`.
pub(crate) fn write_list<'a>(
    dir: &Path,
    files: impl IntoIterator<Item = &'a str>,
) -> Result<(), Diagnostic> {
    let mut sorted: Vec<&str> = files.into_iter().collect();
    sorted.sort_unstable();
    sorted.dedup();
    let mut text = String::with_capacity(sorted.iter().map(|f| f.len() + 1).sum());
    for file in sorted {
        text.push_str(file);
        text.push('\n');
    }
    fsx::write(&dir.join(LIST), text.as_bytes())
}

/// Every file under `dir` (symlinks included, not followed) that `keep` accepts, as
/// `/`-separated paths; none when `dir` does not exist.
fn files_in(dir: &Path, keep: impl Fn(&str) -> bool) -> Vec<String> {
    walkdir::WalkDir::new(dir)
        .min_depth(1)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| !e.file_type().is_dir())
        .filter_map(|e| {
            let rel = e.path().strip_prefix(dir).ok()?.to_str()?;
            let rel = match std::path::MAIN_SEPARATOR {
                '/' => std::borrow::Cow::Borrowed(rel),
                _ => rel.replace('\\', "/").into(),
            };
            keep(&rel).then(|| rel.into_owned())
        })
        .collect()
}

/// What an existing output folder holds that guide may not replace: files neither its list
/// names nor this build writes. A folder without a list (one an older guide wrote, or any
/// other) may hold only files this build writes.
pub(crate) struct Existing {
    /// The files its list does not name, sorted.
    unlisted: Vec<String>,
}

impl Existing {
    /// Reads `output` as it is now.
    pub(crate) fn read(output: &Path) -> Self {
        let listed = listed(output).unwrap_or_default();
        let mut unlisted = files_in(output, |f| f != LIST && !listed.contains(f));
        unlisted.sort_unstable();
        Existing { unlisted }
    }

    /// The files that are not guide's, given the files this build writes.
    pub(crate) fn foreign(&self, writes: &BTreeSet<&str>) -> Vec<&str> {
        self.unlisted
            .iter()
            .map(String::as_str)
            .filter(|f| !writes.contains(f))
            .collect()
    }
}

/// The error for an output folder holding files guide did not write.
pub(crate) fn refuse(output: &Path, foreign: &[&str]) -> Diagnostic {
    const SHOWN: usize = 10;
    let mut list: Vec<String> = foreign
        .iter()
        .take(SHOWN)
        .map(|f| format!("  {f}"))
        .collect();
    if foreign.len() > SHOWN {
        list.push(format!("  and {} more", foreign.len() - SHOWN));
    }
    Diagnostic::error(
        output,
        format!(
            "refusing to replace this folder: it holds {} file{} that guide did not write:\n{}",
            foreign.len(),
            if foreign.len() == 1 { "" } else { "s" },
            list.join("\n")
        ),
    )
    .with_help(
        "move them elsewhere, or write the site to a folder of its own (output_dir in \
         guide.yaml, or --output-dir); if an older guide wrote them, delete the folder and \
         build again",
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_neither_listed_nor_written_are_foreign() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path();
        for folder in [".git", "old"] {
            std::fs::create_dir_all(out.join(folder)).unwrap();
        }
        for file in [".git/HEAD", "index.html", "old/index.html", "notes.md"] {
            std::fs::write(out.join(file), "x").unwrap();
        }
        write_list(out, ["index.html", "old/index.html"]).unwrap();
        let existing = Existing::read(out);
        let writes: BTreeSet<&str> = ["index.html", "new/index.html"].into();
        assert_eq!(existing.foreign(&writes), [".git/HEAD", "notes.md"]);

        std::fs::remove_file(out.join(LIST)).unwrap();
        let existing = Existing::read(out);
        assert_eq!(
            existing.foreign(&writes),
            [".git/HEAD", "notes.md", "old/index.html"]
        );
    }

    #[test]
    fn the_refusal_names_the_first_files_and_counts_the_rest() {
        let foreign: Vec<String> = (0..12).map(|i| format!("f{i:02}")).collect();
        let foreign: Vec<&str> = foreign.iter().map(String::as_str).collect();
        let shown = refuse(Path::new("docs"), &foreign).to_string();
        assert!(
            shown.contains("12 files that guide did not write"),
            "{shown}"
        );
        assert!(shown.contains("  f09\n  and 2 more"), "{shown}");
        assert!(!shown.contains("f10"), "{shown}");
    }
}
