//! Embeds themes/default in the binary, so an installed `guide` needs no checkout.
//!
//! Writes `$OUT_DIR/builtin_theme.rs`: every file of the folder as a (path, bytes) pair,
//! sorted by path, with `include_bytes!` so the bytes are the folder's own. The list is
//! generic: files added to the theme are picked up without changes here.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::{env, fs};

const THEME_DIR: &str = "themes/default";

fn main() {
    // A folder here makes Cargo rerun this script when anything inside it changes.
    println!("cargo:rerun-if-changed={THEME_DIR}");
    println!("cargo:rerun-if-changed=build.rs");

    let manifest_dir = PathBuf::from(env::var("CARGO_MANIFEST_DIR").expect("set by Cargo"));
    let theme_dir = manifest_dir.join(THEME_DIR);
    let mut files = Vec::new();
    collect(&theme_dir, &theme_dir, &mut files);
    files.sort();

    let mut code = String::from("pub(crate) static FILES: &[(&str, &[u8])] = &[\n");
    for (rel, path) in &files {
        let _ = writeln!(
            code,
            "    ({rel:?}, include_bytes!({:?})),",
            path.display().to_string()
        );
    }
    code.push_str("];\n");
    let out = PathBuf::from(env::var("OUT_DIR").expect("set by Cargo")).join("builtin_theme.rs");
    fs::write(&out, code).unwrap_or_else(|e| panic!("cannot write {}: {e}", out.display()));
}

/// Every file under `dir`, as its `/`-separated path relative to `base` and its full path.
fn collect(base: &Path, dir: &Path, files: &mut Vec<(String, PathBuf)>) {
    let entries =
        fs::read_dir(dir).unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()));
    for entry in entries {
        let path = entry.expect("a readable folder entry").path();
        if path.is_dir() {
            collect(base, &path, files);
        } else {
            let rel = path.strip_prefix(base).expect("under the theme folder");
            let rel: Vec<String> = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect();
            files.push((rel.join("/"), path));
        }
    }
}
