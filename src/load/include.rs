//! The `{{ include(path="…", lines="…", anchor="…") }}` directive: text of another file put
//! into a chapter's Markdown before it is parsed, so it works inside fenced code blocks
//! (where included code goes). Guide's other shortcodes are expanded after parsing and are
//! left alone in code; this one is not. `\{{ include(` is kept as written, without the
//! backslash, to show the directive itself.
//!
//! A page pays for this only when its body holds `{{` (one memchr pass). Files are read
//! relative to the page, never outside the site's folder (symlinks are followed before the
//! test). The expanded body remembers where each piece came from, so a diagnostic at an
//! offset of the expanded text is reported at the chapter's own line: text of the chapter
//! at its place, included text at its directive.

use std::path::{Component, Path, PathBuf};

use crate::diagnostics::Diagnostic;

/// A body with its include directives expanded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Included {
    /// The expanded Markdown body.
    pub text: String,
    /// (offset in `text`, offset in the original body, whether the piece is the body's own
    /// text), ascending by the first.
    pieces: Vec<(usize, usize, bool)>,
    /// The files included, or named by a directive that failed, as `root`-joined paths (for
    /// the watcher's changes: a missing file that appears is a change of the page).
    pub files: Vec<PathBuf>,
    /// The directives that failed, each left out of `text`.
    pub errors: Vec<IncludeError>,
    /// The same as diagnostics of the page's file (made by the load stage, which knows it).
    pub diagnostics: Vec<Diagnostic>,
}

impl Included {
    /// The offset in the original body of an offset in the expanded text. Included text
    /// maps to the start of its directive.
    pub(crate) fn original_offset(&self, offset: usize) -> usize {
        match self.pieces.partition_point(|&(at, _, _)| at <= offset) {
            0 => offset,
            i => {
                let (at, original, own) = self.pieces[i - 1];
                if own {
                    original + (offset - at)
                } else {
                    original
                }
            }
        }
    }
}

/// A failed directive: what is wrong, where in the body, and what to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct IncludeError {
    pub offset: usize,
    pub message: String,
    pub help: Option<String>,
}

const NAME: &str = "include";

/// Expands every include directive of `body`, a page's Markdown body whose file is `page`
/// (absolute or root-joined) in the site folder `root`. `None` when there is none. A
/// directive that fails is left out and its error kept, so every one is reported.
pub(crate) fn expand(root: &Path, page: &Path, body: &str) -> Option<Included> {
    let bytes = body.as_bytes();
    let mut from = 0;
    let mut text = String::new();
    let mut pieces = Vec::new();
    let mut files = Vec::new();
    let mut errors = Vec::new();
    let mut copied = 0;
    let mut any = false;
    while let Some(i) = memchr::memmem::find(&bytes[from..], b"{{") {
        let start = from + i;
        from = start + 2;
        let Some(after) = directive_name_end(body, start + 2) else {
            continue;
        };
        let escaped = start > 0 && bytes[start - 1] == b'\\';
        any = true;
        if escaped {
            // Keep the text, drop the backslash.
            push_own(&mut text, &mut pieces, body, copied, start - 1);
            copied = start;
            continue;
        }
        let (end, included) = match parse_args(body, after) {
            Ok((end, call)) => {
                if let Some(file) = watched_path(root, page, &call.path) {
                    files.push(file);
                }
                match read_part(root, page, &call) {
                    Ok(content) => (end, content),
                    Err((message, help)) => {
                        errors.push(IncludeError {
                            offset: start,
                            message,
                            help,
                        });
                        (end, String::new())
                    }
                }
            }
            Err((offset, message)) => {
                errors.push(IncludeError {
                    offset,
                    message,
                    help: Some(
                        "write it as {{ include(path=\"file\") }}, with `lines=\"10-20\"` or \
                         `anchor=\"name\"` if only part of the file is wanted"
                            .into(),
                    ),
                });
                // Left out up to its closing braces, or its line's end, like a broken
                // shortcode, so the rest of the page is read as usual.
                let line_end = body[start..].find('\n').map_or(body.len(), |i| start + i);
                let end = body[start..line_end]
                    .find("}}")
                    .map_or(line_end, |i| start + i + 2);
                (end, String::new())
            }
        };
        push_own(&mut text, &mut pieces, body, copied, start);
        pieces.push((text.len(), start, false));
        // Each further line gets the indentation and `>` markers before the directive on
        // its line, so an include in a list item or a block quote stays in it.
        let line_start = body[..start].rfind('\n').map_or(0, |i| i + 1);
        let lead = &body[line_start..start];
        if !lead.is_empty() && lead.chars().all(|c| matches!(c, ' ' | '\t' | '>')) {
            text.push_str(&included.replace('\n', &format!("\n{lead}")));
        } else {
            text.push_str(&included);
        }
        copied = end;
        from = end;
    }
    if !any {
        return None;
    }
    push_own(&mut text, &mut pieces, body, copied, body.len());
    Some(Included {
        text,
        pieces,
        files,
        errors,
        diagnostics: Vec::new(),
    })
}

fn push_own(
    text: &mut String,
    pieces: &mut Vec<(usize, usize, bool)>,
    body: &str,
    a: usize,
    b: usize,
) {
    if a < b {
        pieces.push((text.len(), a, true));
        text.push_str(&body[a..b]);
    }
}

/// After `{{` at `at`: the offset after `include` when the directive's name follows.
fn directive_name_end(body: &str, at: usize) -> Option<usize> {
    let rest = &body[at..];
    let trimmed = rest.trim_start_matches([' ', '\t']);
    let skipped = rest.len() - trimmed.len();
    let after = trimmed.strip_prefix(NAME)?;
    after
        .trim_start_matches([' ', '\t'])
        .starts_with('(')
        .then_some(at + skipped + NAME.len())
}

#[derive(Debug, Default)]
struct Call {
    path: String,
    lines: Option<String>,
    anchor: Option<String>,
}

/// Reads `( name="value", … ) }}` from `at`; the offset after `}}` and the arguments.
fn parse_args(body: &str, at: usize) -> Result<(usize, Call), (usize, String)> {
    let b = body.as_bytes();
    let mut i = at;
    let skip = |i: &mut usize| {
        while *i < b.len() && matches!(b[*i], b' ' | b'\t' | b'\n' | b'\r') {
            *i += 1;
        }
    };
    skip(&mut i);
    if b.get(i) != Some(&b'(') {
        return Err((i, "expected `(` after `include`".into()));
    }
    i += 1;
    let mut call = Call::default();
    let mut path = None;
    loop {
        skip(&mut i);
        if b.get(i) == Some(&b')') {
            i += 1;
            break;
        }
        let name_start = i;
        while i < b.len() && (b[i].is_ascii_alphanumeric() || b[i] == b'_') {
            i += 1;
        }
        let name = &body[name_start..i];
        if name.is_empty() {
            return Err((i, "expected an argument name or `)`".into()));
        }
        skip(&mut i);
        if b.get(i) != Some(&b'=') {
            return Err((i, format!("expected `=` after `{name}`")));
        }
        i += 1;
        skip(&mut i);
        if b.get(i) != Some(&b'"') {
            return Err((i, format!("expected a quoted string for `{name}`")));
        }
        i += 1;
        let mut value = String::new();
        loop {
            match b.get(i) {
                None | Some(b'\n') => return Err((name_start, "a string is not closed".into())),
                Some(b'"') => {
                    i += 1;
                    break;
                }
                Some(b'\\') if matches!(b.get(i + 1), Some(b'"' | b'\\')) => {
                    value.push(b[i + 1] as char);
                    i += 2;
                }
                Some(_) => {
                    let c = body[i..].chars().next().unwrap_or('\u{fffd}');
                    value.push(c);
                    i += c.len_utf8();
                }
            }
        }
        match name {
            "path" => path = Some(value),
            "lines" => call.lines = Some(value),
            "anchor" => call.anchor = Some(value),
            _ => {
                return Err((
                    name_start,
                    format!("unknown argument `{name}` of include (path, lines, anchor)"),
                ));
            }
        }
        skip(&mut i);
        if b.get(i) == Some(&b',') {
            i += 1;
        }
    }
    skip(&mut i);
    if !body[i..].starts_with("}}") {
        return Err((i, "expected `}}` to close the include".into()));
    }
    let Some(path) = path else {
        return Err((at, "include needs `path`".into()));
    };
    if call.lines.is_some() && call.anchor.is_some() {
        return Err((at, "include takes `lines` or `anchor`, not both".into()));
    }
    call.path = path;
    Ok((i + 2, call))
}

type Failure = (String, Option<String>);

/// The root-joined path a directive names, if it stays inside the site's folder.
fn watched_path(root: &Path, page: &Path, path: &str) -> Option<PathBuf> {
    let joined = normalize(&page.parent().unwrap_or(root).join(path))?;
    joined.starts_with(normalize(root)?).then_some(joined)
}

/// The part of the file `call` names.
fn read_part(root: &Path, page: &Path, call: &Call) -> Result<String, Failure> {
    let dir = page.parent().unwrap_or(root);
    let joined = normalize(&dir.join(&call.path));
    let outside = || {
        (
            format!("`{}` is outside the site's folder", call.path),
            Some("include only files inside the guide's folder".to_string()),
        )
    };
    if !normalize(root).is_some_and(|r| joined.as_ref().is_some_and(|j| j.starts_with(&r))) {
        return Err(outside());
    }
    let joined = joined.unwrap_or_default();
    let real = joined.canonicalize().map_err(|e| {
        (
            format!(
                "cannot read included file `{}`: {}",
                call.path,
                io_reason(&e)
            ),
            Some("the path is read relative to the chapter's file".to_string()),
        )
    })?;
    let real_root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    if !real.starts_with(&real_root) {
        return Err(outside());
    }
    let content = std::fs::read_to_string(&real).map_err(|e| {
        (
            format!(
                "cannot read included file `{}`: {}",
                call.path,
                io_reason(&e)
            ),
            None,
        )
    })?;
    let part = if let Some(lines) = &call.lines {
        take_lines(&content, lines, &call.path)?
    } else if let Some(anchor) = &call.anchor {
        take_anchor(&content, anchor, &call.path)?
    } else {
        content
            .strip_suffix('\n')
            .map(|c| c.strip_suffix('\r').unwrap_or(c))
            .unwrap_or(&content)
            .to_string()
    };
    Ok(part)
}

fn io_reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file".into(),
        std::io::ErrorKind::InvalidData => "not UTF-8 text".into(),
        _ => e.to_string(),
    }
}

/// `path` with `.` and `..` resolved lexically; `None` if it climbs above its root.
fn normalize(path: &Path) -> Option<PathBuf> {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                if !out.pop() {
                    return None;
                }
            }
            other => out.push(other),
        }
    }
    Some(out)
}

/// Lines `spec` ("10-20", "10-", "-20", "10"; from 1, inclusive) of `content`.
fn take_lines(content: &str, spec: &str, path: &str) -> Result<String, Failure> {
    let bad = || {
        (
            format!("`lines=\"{spec}\"` is not a range of lines"),
            Some(
                "write `lines=\"10-20\"`, `lines=\"10-\"`, `lines=\"-20\"` or `lines=\"10\"`"
                    .into(),
            ),
        )
    };
    let number = |s: &str| -> Result<Option<usize>, Failure> {
        let s = s.trim();
        if s.is_empty() {
            return Ok(None);
        }
        match s.parse::<usize>() {
            Ok(n) if n > 0 => Ok(Some(n)),
            _ => Err(bad()),
        }
    };
    let (start, end) = match spec.split_once('-') {
        Some((a, b)) => (number(a)?.unwrap_or(1), number(b)?),
        None => {
            let n = number(spec)?.ok_or_else(bad)?;
            (n, Some(n))
        }
    };
    let lines: Vec<&str> = content.lines().collect();
    let end = end.unwrap_or(lines.len());
    if end < start {
        return Err(bad());
    }
    // As mdBook does, a range that runs on past the end takes the lines there are; one
    // that starts past the end is an error.
    let end = end.min(lines.len());
    if start > lines.len() {
        return Err((
            format!(
                "`{path}` has {} line{}, so there is no line {start}",
                lines.len(),
                if lines.len() == 1 { "" } else { "s" }
            ),
            None,
        ));
    }
    Ok(lines[start - 1..end].join("\n"))
}

/// The marker a line holds: `ANCHOR: name` (true) or `ANCHOR_END: name` (false).
fn marker(line: &str) -> Option<(bool, &str)> {
    for (key, opens) in [("ANCHOR_END:", false), ("ANCHOR:", true)] {
        if let Some(i) = line.find(key) {
            let name = line[i + key.len()..].trim_start();
            let end = name
                .find(|c: char| !(c.is_alphanumeric() || c == '_' || c == '-'))
                .unwrap_or(name.len());
            return Some((opens, &name[..end]));
        }
    }
    None
}

/// The lines between `ANCHOR: name` and `ANCHOR_END: name`, without any marker line.
fn take_anchor(content: &str, anchor: &str, path: &str) -> Result<String, Failure> {
    let mut inside = false;
    let mut found = false;
    let mut out: Vec<&str> = Vec::new();
    for line in content.lines() {
        match marker(line) {
            Some((true, name)) if name == anchor => {
                inside = true;
                found = true;
            }
            Some((false, name)) if name == anchor => inside = false,
            Some(_) => {}
            None if inside => out.push(line),
            None => {}
        }
    }
    if !found {
        return Err((
            format!("`{path}` has no anchor `{anchor}`"),
            Some(format!(
                "mark the lines with comments holding `ANCHOR: {anchor}` and `ANCHOR_END: {anchor}`"
            )),
        ));
    }
    Ok(out.join("\n"))
}

/// A failed include as a diagnostic of the chapter `rel_path`.
pub(crate) fn diagnostic(
    rel_path: &Path,
    source: &str,
    body_offset: usize,
    error: &IncludeError,
) -> Diagnostic {
    let d = Diagnostic::error(rel_path, error.message.clone())
        .at_offset(source, body_offset + error.offset);
    match &error.help {
        Some(help) => d.with_help(help.clone()),
        None => d,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("content")).unwrap();
        std::fs::write(
            dir.path().join("content/x.rs"),
            "fn a() {}\n// ANCHOR: two\nfn b() {}\n// ANCHOR: inner\nfn c() {}\n// ANCHOR_END: inner\n// ANCHOR_END: two\n",
        )
        .unwrap();
        dir
    }

    fn run(dir: &Path, body: &str) -> Option<Result<Included, IncludeError>> {
        expand(dir, &dir.join("content/page.md"), body).map(|i| match i.errors.first() {
            Some(e) => Err(e.clone()),
            None => Ok(i),
        })
    }

    #[test]
    fn no_directive_costs_nothing() {
        let dir = site();
        assert!(run(dir.path(), "text {{ fact(role=\"a\") }}").is_none());
    }

    #[test]
    fn whole_file_lines_and_anchors() {
        let dir = site();
        let body = "```\n{{ include(path=\"x.rs\", lines=\"1\") }}\n```\n";
        let got = run(dir.path(), body).unwrap().unwrap();
        assert_eq!(got.text, "```\nfn a() {}\n```\n");
        assert_eq!(got.original_offset(4), 4);
        assert_eq!(got.original_offset(8), 4);
        assert_eq!(got.original_offset(got.text.len() - 2), body.len() - 2);
        let got = run(dir.path(), "{{include(path=\"x.rs\", anchor=\"two\")}}")
            .unwrap()
            .unwrap();
        assert_eq!(got.text, "fn b() {}\nfn c() {}");
        let got = run(
            dir.path(),
            "- a\n\n  ```\n  {{ include(path=\"x.rs\", lines=\"1-3\") }}\n  ```\n",
        )
        .unwrap()
        .unwrap();
        assert_eq!(
            got.text,
            "- a\n\n  ```\n  fn a() {}\n  // ANCHOR: two\n  fn b() {}\n  ```\n"
        );
        let got = run(dir.path(), "\\{{ include(path=\"x.rs\") }}")
            .unwrap()
            .unwrap();
        assert_eq!(got.text, "{{ include(path=\"x.rs\") }}");
    }

    #[test]
    fn errors_are_at_the_directive() {
        let dir = site();
        let e = run(dir.path(), "ab {{ include(path=\"none.rs\") }}")
            .unwrap()
            .unwrap_err();
        assert_eq!(e.offset, 3);
        assert!(e.message.contains("no such file"), "{}", e.message);
        let e = run(dir.path(), "{{ include(path=\"x.rs\", anchor=\"zz\") }}")
            .unwrap()
            .unwrap_err();
        assert!(e.message.contains("no anchor `zz`"));
        let e = run(dir.path(), "{{ include(path=\"x.rs\", lines=\"8-50\") }}")
            .unwrap()
            .unwrap_err();
        assert!(
            e.message.contains("has 7 lines, so there is no line 8"),
            "{}",
            e.message
        );
        let ok = run(dir.path(), "{{ include(path=\"x.rs\", lines=\"7-50\") }}")
            .unwrap()
            .unwrap();
        assert_eq!(ok.text, "// ANCHOR_END: two");
        let e = run(dir.path(), "{{ include(path=\"../../etc/passwd\") }}")
            .unwrap()
            .unwrap_err();
        assert!(e.message.contains("outside the site's folder"));
    }

    #[cfg(unix)]
    #[test]
    fn a_symlink_out_of_the_site_is_refused() {
        let dir = site();
        let other = tempfile::tempdir().unwrap();
        std::fs::write(other.path().join("secret"), "s").unwrap();
        std::os::unix::fs::symlink(other.path().join("secret"), dir.path().join("content/link"))
            .unwrap();
        let e = run(dir.path(), "{{ include(path=\"link\") }}")
            .unwrap()
            .unwrap_err();
        assert!(e.message.contains("outside the site's folder"));
    }
}
