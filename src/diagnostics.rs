//! Diagnostics: what went wrong, where, and what to do about it.
//!
//! Every stage adds to a [`Diagnostics`] list instead of stopping at the first problem, so
//! one run reports every broken file. The same printer serves the terminal and (later) the
//! browser overlay.

use std::fmt;
use std::path::{Path, PathBuf};

/// How bad a diagnostic is: errors fail the build, warnings are only shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Error,
    Warning,
}

/// One problem, located in a file of the site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    /// The file, relative to the site root where possible.
    pub path: PathBuf,
    /// 1-based line; 0 when the problem concerns the whole file.
    pub line: usize,
    /// 1-based column; 0 when unknown.
    pub col: usize,
    pub message: String,
    pub help: Option<String>,
    /// The offending source line, shown under the message.
    pub snippet: Option<String>,
}

impl Diagnostic {
    pub fn error(path: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            path: path.into(),
            line: 0,
            col: 0,
            message: message.into(),
            help: None,
            snippet: None,
        }
    }

    pub fn warning(path: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(path, message)
        }
    }

    /// Places the diagnostic at `line:col` and keeps that line of `source` as its snippet.
    pub fn at(mut self, source: &str, line: usize, col: usize) -> Self {
        self.line = line;
        self.col = col;
        self.snippet = source
            .lines()
            .nth(line.saturating_sub(1))
            .filter(|_| line > 0)
            .map(|l| l.trim_end().to_string());
        self
    }

    /// Places the diagnostic at a byte offset of `source`.
    pub fn at_offset(self, source: &str, offset: usize) -> Self {
        let (line, col) = line_col(source, offset);
        self.at(source, line, col)
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// 1-based line and column (in characters) of a byte offset.
pub(crate) fn line_col(source: &str, offset: usize) -> (usize, usize) {
    let offset = floor_char_boundary(source, offset.min(source.len()));
    let before = &source[..offset];
    let line = before.bytes().filter(|&b| b == b'\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let col = before[line_start..].chars().count() + 1;
    (line, col)
}

fn floor_char_boundary(s: &str, mut i: usize) -> usize {
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

impl fmt::Display for Diagnostic {
    /// `path:line:col: error: message`, then the snippet with a caret, then the help.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(f, "{}", self.path.display())?;
        if self.line > 0 {
            write!(f, ":{}", self.line)?;
            if self.col > 0 {
                write!(f, ":{}", self.col)?;
            }
        }
        write!(f, ": {kind}: {}", self.message)?;
        if let Some(snippet) = &self.snippet {
            let (snippet, col) = window(snippet, self.col);
            let gutter = self.line.to_string();
            write!(f, "\n{} |\n{gutter} | {snippet}", " ".repeat(gutter.len()))?;
            if col > 0 {
                let pad: String = snippet
                    .chars()
                    .take(col - 1)
                    .map(|c| if c == '\t' { '\t' } else { ' ' })
                    .collect();
                write!(f, "\n{} | {pad}^", " ".repeat(gutter.len()))?;
            }
        }
        if let Some(help) = &self.help {
            write!(f, "\n  = help: {help}")?;
        }
        Ok(())
    }
}

/// How many characters of a source line a diagnostic shows.
const SNIPPET_WIDTH: usize = 100;

/// The part of a long `line` around column `col` (1-based, 0 for none) that a diagnostic
/// shows, with `…` where it was cut, and the column within it.
fn window(line: &str, col: usize) -> (std::borrow::Cow<'_, str>, usize) {
    let chars = line.chars().count();
    if chars <= SNIPPET_WIDTH {
        return (line.into(), col);
    }
    let start = col
        .saturating_sub(SNIPPET_WIDTH / 2)
        .min(chars - SNIPPET_WIDTH);
    let end = start + SNIPPET_WIDTH;
    let mut shown: String = line.chars().skip(start).take(SNIPPET_WIDTH).collect();
    let mut col = col.saturating_sub(start);
    if start > 0 {
        shown.insert(0, '…');
        col += usize::from(col > 0);
    }
    if end < chars {
        shown.push('…');
    }
    (shown.into(), col)
}

/// Every diagnostic of a run, in a stable order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Diagnostics(Vec<Diagnostic>);

impl Diagnostics {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.0.push(diagnostic);
    }

    pub fn extend(&mut self, other: impl IntoIterator<Item = Diagnostic>) {
        self.0.extend(other);
    }

    pub fn has_errors(&self) -> bool {
        self.0.iter().any(Diagnostic::is_error)
    }

    pub fn error_count(&self) -> usize {
        self.0.iter().filter(|d| d.is_error()).count()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.0.iter()
    }

    /// Sorts by file, line and column and drops exact repeats, so thread scheduling never
    /// shows in the output.
    pub fn sorted(mut self) -> Self {
        self.0.sort_by(|a, b| {
            (&a.path, a.line, a.col, a.severity, &a.message)
                .cmp(&(&b.path, b.line, b.col, b.severity, &b.message))
        });
        self.0.dedup();
        self
    }

    /// Rewrites absolute paths under `root` to be relative to it, for readable messages.
    pub fn relative_to(mut self, root: &Path) -> Self {
        for d in &mut self.0 {
            if let Ok(rel) = d.path.strip_prefix(root) {
                d.path = rel.to_path_buf();
            }
        }
        self
    }
}

impl IntoIterator for Diagnostics {
    type Item = Diagnostic;
    type IntoIter = std::vec::IntoIter<Diagnostic>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

impl FromIterator<Diagnostic> for Diagnostics {
    fn from_iter<I: IntoIterator<Item = Diagnostic>>(iter: I) -> Self {
        Diagnostics(iter.into_iter().collect())
    }
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for d in &self.0 {
            writeln!(f, "{d}\n")?;
        }
        let errors = self.error_count();
        let warnings = self.0.len() - errors;
        write!(
            f,
            "{errors} error{}, {warnings} warning{}",
            if errors == 1 { "" } else { "s" },
            if warnings == 1 { "" } else { "s" }
        )
    }
}

/// The closest candidate to a misspelt name, if one is close enough to be a likely typo.
pub(crate) fn suggest<'a>(
    wrong: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    candidates
        .into_iter()
        .map(|c| (strsim::jaro_winkler(wrong, c), c))
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_lines_and_characters() {
        let src = "ab\ncé d\n";
        assert_eq!(line_col(src, 0), (1, 1));
        assert_eq!(line_col(src, 3), (2, 1));
        // 'd' is after a two-byte character: byte 7, column 4.
        assert_eq!(line_col(src, 7), (2, 4));
    }

    #[test]
    fn a_long_line_is_shown_around_its_column() {
        let line = format!("{}X{}", "a".repeat(500), "b".repeat(500));
        let shown = Diagnostic::error("f.yaml", "here")
            .at(&line, 1, 501)
            .to_string();
        let lines: Vec<&str> = shown.lines().collect();
        let (text, caret) = (lines[2], lines[3]);
        assert!(
            text.starts_with("1 | …a") && text.ends_with("b…"),
            "{shown}"
        );
        assert_eq!(text.chars().count(), "1 | ".len() + SNIPPET_WIDTH + 2);
        let at = caret.chars().position(|c| c == '^').unwrap();
        assert_eq!(text.chars().nth(at), Some('X'), "{shown}");
    }

    #[test]
    fn display_shows_location_snippet_caret_and_help() {
        let d = Diagnostic::error("content/a.md", "bad thing")
            .at("one\ntwo three\n", 2, 5)
            .with_help("fix it");
        assert_eq!(
            d.to_string(),
            "content/a.md:2:5: error: bad thing\n  |\n2 | two three\n  |     ^\n  = help: fix it"
        );
    }

    #[test]
    fn suggest_finds_typos_only() {
        let fields = ["licensure", "education", "skills"];
        assert_eq!(suggest("licence", fields), Some("licensure"));
        assert_eq!(suggest("zzz", fields), None);
    }
}
