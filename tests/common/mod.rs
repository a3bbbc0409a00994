//! A fixture site copied into a temporary folder, built with the real binary.
#![allow(dead_code)]

pub(crate) mod links;
pub(crate) mod sessions;

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub(crate) struct SiteTest {
    _dir: tempfile::TempDir,
    pub root: PathBuf,
}

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

pub(crate) fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let target = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            fs::create_dir_all(&target).unwrap();
        } else {
            fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// The real binary, run in `dir`, unaware of any GitHub Actions run the tests are part of.
/// What follows each `opening` in `html` up to the next `"`, in order: with `opening`
/// ending in `attribute="`, the values of that attribute where it is written so.
pub(crate) fn quoted_after<'h>(html: &'h str, opening: &str) -> Vec<&'h str> {
    html.split(opening)
        .skip(1)
        .map(|rest| &rest[..rest.find('"').unwrap_or(rest.len())])
        .collect()
}

pub(crate) fn guide_command(dir: &Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_guide"));
    cmd.current_dir(dir)
        .env_remove("GITHUB_ACTIONS")
        .env_remove("GITHUB_REPOSITORY")
        .env_remove("GITHUB_WORKSPACE");
    cmd
}

impl SiteTest {
    /// Copies `tests/fixtures/<name>`; a fixture without themes/ gets the bundled default theme.
    #[track_caller]
    pub(crate) fn from_fixture(name: &str) -> Self {
        let dir = tempfile::Builder::new()
            .prefix("guide-test")
            .tempdir()
            .unwrap();
        let root = dir.path().join("site");
        copy_dir(&repo().join("tests/fixtures").join(name), &root);
        if !root.join("themes").exists() {
            copy_dir(&repo().join("themes/default"), &root.join("themes/default"));
        }
        SiteTest { _dir: dir, root }
    }

    /// Runs `guide init site ARGS` in an empty temporary folder, where no theme exists: the
    /// site and its builds rely on the theme built into the binary.
    #[track_caller]
    pub(crate) fn init(args: &[&str]) -> Self {
        let dir = tempfile::Builder::new()
            .prefix("guide-init")
            .tempdir()
            .unwrap();
        let out = guide_command(dir.path())
            .arg("init")
            .arg("site")
            .args(args)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "init failed:\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let root = dir.path().join("site");
        SiteTest { _dir: dir, root }
    }

    pub(crate) fn path(&self, rel: &str) -> PathBuf {
        self.root.join(rel)
    }

    pub(crate) fn write(&self, rel: &str, contents: impl AsRef<[u8]>) {
        let path = self.path(rel);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, contents).unwrap();
    }

    /// Adds `text` at the end of the site's file `rel`, as an author editing it would.
    pub(crate) fn append(&self, rel: &str, text: &str) {
        let before = self.read(rel);
        self.write(rel, before + text);
    }

    pub(crate) fn remove(&self, rel: &str) {
        fs::remove_file(self.path(rel)).unwrap();
    }

    #[track_caller]
    pub(crate) fn read(&self, rel: &str) -> String {
        fs::read_to_string(self.path(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
    }

    /// Runs `guide ARGS` in the site's folder.
    pub(crate) fn run(&self, args: &[&str]) -> Output {
        self.run_with_env(args, &[])
    }

    pub(crate) fn run_with_env(&self, args: &[&str], env: &[(&str, &str)]) -> Output {
        let mut cmd = guide_command(&self.root);
        cmd.args(args);
        for (k, v) in env {
            cmd.env(k, v);
        }
        cmd.output().unwrap()
    }

    /// Builds and asserts success; returns stdout.
    #[track_caller]
    pub(crate) fn build(&self) -> String {
        let out = self.run(&["build"]);
        assert!(
            out.status.success(),
            "build failed:\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    }

    /// Builds and asserts failure with exit code 1; returns stderr.
    #[track_caller]
    pub(crate) fn build_fails(&self) -> String {
        let out = self.run(&["build"]);
        assert_eq!(
            out.status.code(),
            Some(1),
            "expected exit 1, got {:?}",
            out.status
        );
        String::from_utf8(out.stderr).unwrap()
    }

    /// Every file under `rel` with its bytes.
    pub(crate) fn snapshot(&self, rel: &str) -> BTreeMap<String, Vec<u8>> {
        let base = self.path(rel);
        walkdir::WalkDir::new(&base)
            .into_iter()
            .map(Result::unwrap)
            .filter(|e| e.file_type().is_file())
            // The list of the files guide wrote, which a build keeps beside them.
            .filter(|e| e.file_name() != ".guide-files")
            .map(|e| {
                let name = e
                    .path()
                    .strip_prefix(&base)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/");
                (name, fs::read(e.path()).unwrap())
            })
            .collect()
    }

    pub(crate) fn files(&self, rel: &str) -> Vec<String> {
        self.snapshot(rel).into_keys().collect()
    }
}
