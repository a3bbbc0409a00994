//! The modules of `src/` form layers, and data flows one way: a module may use the modules
//! below it, never one above. This test reads every `crate::` path in `src/` (imports and
//! qualified names alike, in test code too) and fails on one that runs up the layers,
//! naming the file and line.

use std::path::{Path, PathBuf};

/// The top-level modules of `src/`, from the bottom up. Each may use only those before it.
const LAYERS: &[&str] = &[
    // Leaves: types and helpers every stage may use.
    "diagnostics",
    "annotations",
    "fingerprint",
    "progress",
    "url",
    "html",
    "output",
    "ignore",
    "embedded",
    "fsx",
    "yaml",
    // The pipeline, in the order it runs.
    "config",
    "discover",
    "load",
    "i18n",
    // A language's files laid over the source's (`translations/<tag>/`).
    "translations",
    "model",
    "markdown",
    // Pure functions of translations the build will use; `guide translate` itself.
    "translate",
    "render",
    "check",
    "write",
    "session",
    // What drives a session.
    "watch",
    "serve",
    "new",
    "init",
    "import",
];

/// The module a file of `src/` belongs to: `src/render/nav.rs` is in `render`.
fn module_of(src: &Path, file: &Path) -> Option<String> {
    let rel = file.strip_prefix(src).ok()?;
    let first = rel.components().next()?.as_os_str().to_str()?;
    Some(first.trim_end_matches(".rs").to_string())
}

/// Every top-level module a line names through `crate::`, with `crate::{a, b::c}` groups
/// read whole, even across lines.
fn used_modules(text: &str) -> Vec<(usize, String)> {
    let mut used = Vec::new();
    let code: Vec<(usize, &str)> = text
        .lines()
        .enumerate()
        .map(|(n, line)| (n + 1, line))
        .filter(|(_, line)| !line.trim_start().starts_with("//"))
        .collect();
    let joined: String = code.iter().map(|(_, l)| format!("{l}\n")).collect();
    let line_at = |offset: usize| {
        let newlines = joined[..offset].matches('\n').count();
        code[newlines].0
    };
    let ident = |s: &str| -> String {
        s.chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect()
    };
    for (at, _) in joined.match_indices("crate::") {
        let preceded = joined[..at]
            .chars()
            .next_back()
            .is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '$');
        if preceded {
            continue; // `$crate::` or another crate's path
        }
        let rest = &joined[at + "crate::".len()..];
        if let Some(group) = rest.strip_prefix('{') {
            // Top-level names of the group: those at brace depth 0.
            let mut depth = 0;
            let mut start = true;
            for (i, c) in group.char_indices() {
                match c {
                    '{' => depth += 1,
                    '}' if depth == 0 => break,
                    '}' => depth -= 1,
                    ',' if depth == 0 => start = true,
                    c if c.is_whitespace() => {}
                    _ if start && depth == 0 => {
                        start = false;
                        used.push((line_at(at), ident(&group[i..])));
                    }
                    _ => {}
                }
            }
        } else {
            used.push((line_at(at), ident(rest)));
        }
    }
    used
}

fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files.extend(rust_files(&path));
        } else if path.extension().is_some_and(|e| e == "rs") {
            files.push(path);
        }
    }
    files.sort();
    files
}

#[test]
fn no_module_uses_one_above_it() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let rank = |module: &str| LAYERS.iter().position(|m| *m == module);
    let mut problems = Vec::new();
    let mut checked = 0;
    for file in rust_files(&src) {
        let module = module_of(&src, &file).unwrap();
        // The top: the library's module list, and the command line (main and its modules).
        if ["lib", "main", "translate_cli"].contains(&module.as_str()) {
            continue;
        }
        let Some(own) = rank(&module) else {
            problems.push(format!(
                "{}: module `{module}` is not in the list of layers in tests/layers.rs",
                file.display()
            ));
            continue;
        };
        let text = std::fs::read_to_string(&file).unwrap();
        for (line, used) in used_modules(&text) {
            checked += 1;
            if used == module {
                continue;
            }
            match rank(&used) {
                Some(theirs) if theirs < own => {}
                Some(_) => problems.push(format!(
                    "src/{}:{line}: `{module}` uses `{used}`, which is above it",
                    file.strip_prefix(&src).unwrap().display()
                )),
                None => problems.push(format!(
                    "src/{}:{line}: `{module}` uses `crate::{used}`, which is not a module in \
                     the list of layers (name the module, not what the crate root re-exports)",
                    file.strip_prefix(&src).unwrap().display()
                )),
            }
        }
    }
    assert!(checked > 100, "only {checked} uses of `crate::` found");
    assert!(problems.is_empty(), "\n{}\n", problems.join("\n"));
}

#[test]
fn the_reader_finds_every_kind_of_use() {
    let text = "use crate::a::B;\n// crate::commented\nuse crate::{b, c::{D, E},\n    f};\nlet x = crate::g::h();\n$crate::no;\n";
    let found: Vec<(usize, String)> = used_modules(text);
    let expected = [(1, "a"), (3, "b"), (3, "c"), (3, "f"), (5, "g")];
    let expected: Vec<(usize, String)> =
        expected.iter().map(|(l, m)| (*l, m.to_string())).collect();
    assert_eq!(found, expected);
}
