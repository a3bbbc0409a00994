//! Diagnostics as GitHub Actions workflow commands (`::error file=…,line=…::message`), so a
//! problem shows on its line in a pull request's diff as well as in the log.

use std::fmt::Write as _;
use std::path::Path;

use crate::diagnostics::{Diagnostic, Diagnostics, Severity};

/// Whether the process runs in GitHub Actions, which sets `GITHUB_ACTIONS=true`.
pub fn in_github_actions() -> bool {
    std::env::var("GITHUB_ACTIONS").is_ok_and(|v| v == "true")
}

/// One workflow command line per diagnostic. `root` is the site's folder, which the
/// diagnostics' relative paths start from; `workspace` is the checkout (`GITHUB_WORKSPACE`),
/// which GitHub wants the file named relative to.
pub fn workflow_commands(
    diagnostics: &Diagnostics,
    root: &Path,
    workspace: Option<&Path>,
) -> String {
    let mut out = String::new();
    for d in diagnostics.iter() {
        let _ = writeln!(out, "{}", command(d, root, workspace));
    }
    out
}

fn command(d: &Diagnostic, root: &Path, workspace: Option<&Path>) -> String {
    let kind = match d.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    };
    let file = root.join(&d.path);
    let file = file_name(
        &file.to_string_lossy(),
        workspace.map(|w| w.to_string_lossy()).as_deref(),
    );
    let mut properties = format!("file={}", escape_property(&file));
    if d.line > 0 {
        let _ = write!(properties, ",line={}", d.line);
        if d.col > 0 {
            let _ = write!(properties, ",col={}", d.col);
        }
    }
    let mut message = d.message.clone();
    if let Some(help) = &d.help {
        let _ = write!(message, "\nhelp: {help}");
    }
    format!("::{kind} {properties}::{}", escape_data(&message))
}

/// The file as GitHub names it: `/`-separated, relative to the workspace when under it,
/// without a leading `./`. Works on the text, so Windows paths (`D:\a\x\content\a.md`) are
/// handled the same on every platform.
fn file_name(file: &str, workspace: Option<&str>) -> String {
    let file = file.replace('\\', "/");
    let mut rel = file.as_str();
    if let Some(workspace) = workspace {
        let workspace = workspace.replace('\\', "/");
        let workspace = workspace.trim_end_matches('/');
        if let Some(rest) = strip_prefix_ignoring_drive_case(rel, workspace)
            && let Some(rest) = rest.strip_prefix('/')
        {
            rel = rest;
        }
    }
    while let Some(rest) = rel.strip_prefix("./") {
        rel = rest;
    }
    rel.to_string()
}

/// `prefix` stripped from `s`; a Windows drive letter matches in either case (`d:` is `D:`).
fn strip_prefix_ignoring_drive_case<'a>(s: &'a str, prefix: &str) -> Option<&'a str> {
    let drive = |p: &str| p.len() >= 2 && p.as_bytes()[1] == b':';
    if drive(s) && drive(prefix) && s.is_char_boundary(1) {
        if !s[..1].eq_ignore_ascii_case(&prefix[..1]) {
            return None;
        }
        return s[1..].strip_prefix(&prefix[1..]);
    }
    s.strip_prefix(prefix)
}

/// The message of a workflow command: `%`, CR and LF are written as `%25`, `%0D`, `%0A`.
fn escape_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// A property value also has its separators `:` and `,` escaped.
fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_and_warnings_name_file_line_and_column() {
        let diagnostics = Diagnostics::from_iter([
            Diagnostic::error("content/a.md", "broken link `b.md`")
                .at("x\nsee [b](b.md)\n", 2, 5)
                .with_help("did you mean `c.md`?"),
            Diagnostic::warning("guide.yaml", "100% done, 2:1"),
        ]);
        assert_eq!(
            workflow_commands(&diagnostics, Path::new("."), None),
            "::error file=content/a.md,line=2,col=5::broken link `b.md`%0Ahelp: did you mean `c.md`?\n\
             ::warning file=guide.yaml::100%25 done, 2:1\n"
        );
    }

    #[test]
    fn properties_are_escaped() {
        assert_eq!(escape_property("a:b,c%d\r\n"), "a%3Ab%2Cc%25d%0D%0A");
        assert_eq!(escape_data("a:b,c"), "a:b,c");
    }

    #[test]
    fn files_are_named_relative_to_the_workspace_on_every_platform() {
        let cases = [
            ("docs/content/a.md", None, "docs/content/a.md"),
            ("./content/a.md", None, "content/a.md"),
            (
                "/home/runner/ci/x/x/content/a.md",
                Some("/home/runner/ci/x/x"),
                "content/a.md",
            ),
            (
                "/home/runner/ci/x/x/content/a.md",
                Some("/home/runner/ci/x/x/"),
                "content/a.md",
            ),
            (
                r"D:\a\x\x\docs\content\a.md",
                Some(r"D:\a\x\x"),
                "docs/content/a.md",
            ),
            (r"d:\a\x\x\content\a.md", Some(r"D:\a\x\x"), "content/a.md"),
            (r".\content\a.md", Some(r"D:\a\x\x"), "content/a.md"),
            // A path outside the workspace, or one that only shares a prefix, stays whole.
            (
                "/tmp/site/guide.yaml",
                Some("/home/runner/ci/x/x"),
                "/tmp/site/guide.yaml",
            ),
            ("/w/xy/guide.yaml", Some("/w/x"), "/w/xy/guide.yaml"),
        ];
        for (file, workspace, expected) in cases {
            assert_eq!(
                file_name(file, workspace),
                expected,
                "{file} in {workspace:?}"
            );
        }
    }

    #[test]
    fn the_site_folder_is_part_of_the_file_name() {
        let d = Diagnostics::from_iter([Diagnostic::error("content/a.md", "bad").at("x\n", 1, 0)]);
        assert_eq!(
            workflow_commands(&d, Path::new("/w/repo/docs"), Some(Path::new("/w/repo"))),
            "::error file=docs/content/a.md,line=1::bad\n"
        );
    }
}
