//! Bad input, as data. Each case in tests/errors/ is a `NAME.toml` that breaks a copy of the
//! fixture tests/fixtures/basic, and `NAME.stderr` beside it is the whole of what the failing
//! run must print on standard error. For every case the harness copies the fixture, applies
//! the case's `setup` edits, builds it (which must succeed), applies the case's `edit`s and
//! runs `guide build` (or the case's `args`) again. That run must exit with status 1, print
//! exactly the snapshot, not panic, and leave every file and folder of the site (public/
//! included) and of the temporary folder around it as they were. Every case runs, and every
//! failing one is reported with its name and a diff.
//!
//! Update every snapshot after a deliberate change of the messages, then read the diff:
//!
//!     SNAPSHOTS=overwrite cargo test --test errors
//!
//! A new case is a new `NAME.toml`; the same command writes its `NAME.stderr`. A case file:
//!
//! ```toml
//! # What the case shows (comments are free).
//! args = ["build", "--output-dir", ".."]  # the failing run; default ["build"]
//! build_first = false                     # skip the good build first; default true
//!
//! [[setup]]            # edits made before the good build (optional, as many as needed)
//! file = "templates/partials/footer.html"
//! write = '<p><a href="#main">Top</a></p>'
//!
//! [[edit]]             # edits made after it, which break the site
//! file = "content/intro.md"
//! replace = "title: Intro"   # its first occurrence, which must be there
//! with = "titel: Intro"
//! ```
//!
//! An edit names its `file` (relative to the site) and does one of: `write = TEXT` (the
//! whole file, created if need be), `write_bytes = 'TEXT'` (the same, with the escapes
//! `\n`, `\t`, `\\` and `\xNN` read as in a Rust byte string, for bytes that are not UTF-8;
//! write it as a literal TOML string, in single quotes), `append = TEXT`, `replace = OLD`
//! with `with = NEW`, or `remove = true`. TOML's `'''` strings keep file contents as they
//! are; the newline right after the opening `'''` is not part of the text.
//!
//! In the snapshots, the temporary folder that holds the site (as `site/`) is `[TEMP]`.
//! Snapbox's wildcards (`[..]` within a line, `...` for whole lines) would match anything,
//! but no snapshot needs them: guide's diagnostics carry no timings or addresses, and the
//! progress display is held off (`GUIDE_PROGRESS_AFTER_MS`) however slow a build is.
//!
//! Why tryfn: it is the harness for file-driven tests of the snapbox project (snapbox is
//! what Cargo's own tests compare output with). It runs each case as a test of its own
//! (`harness = false` in Cargo.toml; name filters and `--list` work as with any test),
//! runs them all however many fail, compares whole outputs with snapshot files, shows a
//! failing comparison as a diff, and rewrites the snapshots with `SNAPSHOTS=overwrite`.
//! The snapshots are plain `.stderr` files, without the header of insta's `.snap` files,
//! and reviewing them needs git, not a cargo plugin. trycmd runs a binary from case files
//! too, but it cannot edit the site between the good build and the failing one.

mod common;

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use common::SiteTest;
use serde::Deserialize;

/// Where the cases are.
const CASES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/errors");

/// The environment of every run: no progress display, however long a build takes (it
/// would add lines to the output after a second).
const ENV: &[(&str, &str)] = &[("GUIDE_PROGRESS_AFTER_MS", "86400000")];

fn main() {
    check_the_folder();
    tryfn::Harness::new(CASES, case_of, run)
        .select(["*.toml"])
        .test()
}

/// Every file of the folder is a case or the snapshot of one, and there are cases: a
/// misnamed case would otherwise not run, and a renamed one would leave its old snapshot.
fn check_the_folder() {
    let mut cases = 0;
    let mut strays = Vec::new();
    for entry in fs::read_dir(CASES).unwrap() {
        let path = entry.unwrap().path();
        match path.extension().and_then(|e| e.to_str()) {
            Some("toml") => cases += 1,
            Some("stderr") if path.with_extension("toml").is_file() => {}
            _ => strays.push(path.display().to_string()),
        }
    }
    assert!(
        strays.is_empty(),
        "files in tests/errors/ that are not a case (NAME.toml) or the snapshot of one \
         (NAME.stderr):\n{}",
        strays.join("\n")
    );
    assert!(cases > 0, "no cases in tests/errors/");
}

/// The case in `path` and its snapshot.
fn case_of(path: PathBuf) -> tryfn::Case {
    let name = path.file_stem().unwrap().to_string_lossy().into_owned();
    let expected = tryfn::Data::read_from(&path.with_extension("stderr"), None);
    tryfn::Case {
        name,
        fixture: path,
        expected,
    }
}

/// What a case file says.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CaseFile {
    /// The arguments of the failing run.
    #[serde(default = "build")]
    args: Vec<String>,
    /// Whether the fixture is built (successfully) before the `edit`s.
    #[serde(default = "yes")]
    build_first: bool,
    #[serde(default)]
    setup: Vec<Edit>,
    #[serde(default)]
    edit: Vec<Edit>,
}

fn build() -> Vec<String> {
    vec!["build".to_string()]
}

fn yes() -> bool {
    true
}

/// One change to one file of the site; exactly one of the actions is given.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Edit {
    file: String,
    write: Option<String>,
    write_bytes: Option<String>,
    append: Option<String>,
    replace: Option<String>,
    with: Option<String>,
    #[serde(default)]
    remove: bool,
}

impl Edit {
    fn apply(&self, site: &SiteTest) -> Result<(), String> {
        let file = &self.file;
        match (
            &self.write,
            &self.write_bytes,
            &self.append,
            &self.replace,
            &self.with,
            self.remove,
        ) {
            (Some(text), None, None, None, None, false) => site.write(file, text),
            (None, Some(escaped), None, None, None, false) => {
                site.write(file, unescape(escaped).map_err(|e| format!("{file}: {e}"))?)
            }
            (None, None, Some(text), None, None, false) => site.append(file, text),
            (None, None, None, Some(old), Some(new), false) => {
                let text = site.read(file);
                if !text.contains(old.as_str()) {
                    return Err(format!("{file} has no {old:?} to replace"));
                }
                site.write(file, text.replacen(old.as_str(), new, 1));
            }
            (None, None, None, None, None, true) => site.remove(file),
            _ => {
                return Err(format!(
                    "the edit of {file} must do one thing: write, write_bytes, append, \
                     replace (with `with`) or remove"
                ));
            }
        }
        Ok(())
    }
}

/// The bytes that `text` spells with the escapes of a Rust byte string: `\n`, `\t`, `\\`
/// and `\xNN`.
fn unescape(text: &str) -> Result<Vec<u8>, String> {
    let mut bytes = Vec::with_capacity(text.len());
    let mut rest = text.as_bytes();
    while let Some((&b, after)) = rest.split_first() {
        rest = after;
        if b != b'\\' {
            bytes.push(b);
            continue;
        }
        let (escape, after) = rest.split_first().ok_or("a lone \\ at the end")?;
        rest = after;
        match escape {
            b'n' => bytes.push(b'\n'),
            b't' => bytes.push(b'\t'),
            b'\\' => bytes.push(b'\\'),
            b'x' => {
                let hex = rest
                    .get(..2)
                    .and_then(|h| std::str::from_utf8(h).ok())
                    .and_then(|h| u8::from_str_radix(h, 16).ok())
                    .ok_or("\\x must be followed by two hexadecimal digits")?;
                bytes.push(hex);
                rest = &rest[2..];
            }
            other => return Err(format!("unknown escape \\{}", char::from(*other))),
        }
    }
    Ok(bytes)
}

/// Runs one case; its standard error, with the temporary folder's path redacted, is
/// compared with the snapshot by the harness.
fn run(path: &Path) -> Result<String, String> {
    let source = fs::read_to_string(path).map_err(|e| e.to_string())?;
    let case: CaseFile = toml::from_str(&source).map_err(|e| format!("{}: {e}", path.display()))?;
    let site = SiteTest::from_fixture("basic");
    for edit in &case.setup {
        edit.apply(&site)?;
    }
    if case.build_first {
        let out = site.run_with_env(&["build"], ENV);
        if !out.status.success() {
            return Err(format!(
                "the fixture does not build before the edits:\n{}",
                String::from_utf8_lossy(&out.stderr)
            ));
        }
    }
    for edit in &case.edit {
        edit.apply(&site)?;
    }

    let temp = site.root.parent().unwrap();
    let before = tree(temp);
    let args: Vec<&str> = case.args.iter().map(String::as_str).collect();
    let out = site.run_with_env(&args, ENV);
    let stderr = String::from_utf8(out.stderr).map_err(|e| e.to_string())?;
    if out.status.code() != Some(1) {
        return Err(format!(
            "expected exit status 1, got {:?}; stderr:\n{stderr}",
            out.status
        ));
    }
    if stderr.contains("panicked") {
        return Err(format!("guide panicked:\n{stderr}"));
    }
    let changed = differences(&before, &tree(temp));
    if !changed.is_empty() {
        return Err(format!(
            "the failed run changed files of the site (public/ must be left as it was):\n{}\n\
             stderr:\n{stderr}",
            changed.join("\n")
        ));
    }
    Ok(redact(stderr, temp))
}

/// Every file (with its bytes) and folder (`None`) under `dir`, by relative path.
fn tree(dir: &Path) -> BTreeMap<String, Option<Vec<u8>>> {
    walkdir::WalkDir::new(dir)
        .min_depth(1)
        .into_iter()
        .map(Result::unwrap)
        .map(|e| {
            let rel = e.path().strip_prefix(dir).unwrap();
            let rel = rel.to_string_lossy().replace('\\', "/");
            let bytes = e.file_type().is_file().then(|| fs::read(e.path()).unwrap());
            (rel, bytes)
        })
        .collect()
}

/// What differs between two [`tree`]s, one path a line.
fn differences(
    before: &BTreeMap<String, Option<Vec<u8>>>,
    after: &BTreeMap<String, Option<Vec<u8>>>,
) -> Vec<String> {
    let mut lines = Vec::new();
    for (path, was) in before {
        match after.get(path) {
            None => lines.push(format!("removed: {path}")),
            Some(now) if now != was => lines.push(format!("changed: {path}")),
            Some(_) => {}
        }
    }
    for path in after.keys().filter(|p| !before.contains_key(*p)) {
        lines.push(format!("added: {path}"));
    }
    lines
}

/// `text` with the temporary folder's path, as given and as resolved, written `[TEMP]`.
fn redact(text: String, temp: &Path) -> String {
    let mut paths = vec![temp.to_path_buf()];
    if let Ok(resolved) = temp.canonicalize() {
        paths.push(resolved);
    }
    // The longer first, should one path contain the other.
    paths.sort_by_key(|p| std::cmp::Reverse(p.as_os_str().len()));
    paths.iter().fold(text, |text, path| {
        text.replace(path.to_string_lossy().as_ref(), "[TEMP]")
    })
}
