//! `guide translate sync`: records that a translation has caught up with its source by
//! writing the source's pin on the `source:` line of its front matter. Only that line
//! changes, byte for byte: the translator's formatting, comments and line endings stay.

use std::path::{Path, PathBuf};

use super::{content_path, in_site, known_language, load_config, pin, translations_dir};
use crate::diagnostics::Diagnostic;
use crate::fsx;

/// A translation that `sync` looked at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Synced {
    pub file: PathBuf,
    /// The pin now written.
    pub pin: String,
    /// Whether its `source:` line changed (it was stale, absent or not a pin).
    pub changed: bool,
}

/// Pins the translation `translations/<lang>/<path>` to its source as it is now.
pub fn sync(root: &Path, lang: &str, path: &str) -> Result<Synced, Diagnostic> {
    let config = load_config(root)?;
    known_language(&config, lang)?;
    let rel = content_path(path)?;
    let file = in_site(root, translations_dir(lang)).join(&rel);
    if !file.is_file() {
        return Err(
            Diagnostic::error(&file, "no such translation").with_help(format!(
                "`guide translate new {lang} {}` starts one",
                rel.display()
            )),
        );
    }
    let source = in_site(root, "content").join(&rel);
    if !source.is_file() {
        return Err(Diagnostic::error(
            &file,
            format!(
                "its source {} does not exist",
                Path::new("content").join(&rel).display()
            ),
        )
        .with_help("remove the translation, or move it to where its source now is"));
    }
    sync_file(&file, &source)
}

/// Pins every translated page of `lang` that has a source. Translations without a source
/// are left alone (`guide translate status` lists them).
pub fn sync_all(root: &Path, lang: &str) -> Result<Vec<Synced>, Diagnostic> {
    let config = load_config(root)?;
    known_language(&config, lang)?;
    let dir = in_site(root, translations_dir(lang));
    let mut synced = Vec::new();
    for rel in super::status::files(&dir) {
        let source = in_site(root, "content").join(&rel);
        if rel.extension().is_some_and(|e| e == "md") && source.is_file() {
            synced.push(sync_file(&dir.join(&rel), &source)?);
        }
    }
    Ok(synced)
}

fn sync_file(file: &Path, source: &Path) -> Result<Synced, Diagnostic> {
    let pin = pin::pin(&fsx::read_text(source)?);
    let text = fsx::read_text(file)?;
    let new = with_pin(&text, &pin);
    let changed = new != text;
    if changed {
        std::fs::write(file, new)
            .map_err(|e| Diagnostic::error(file, format!("cannot write: {e}")))?;
    }
    Ok(Synced {
        file: file.to_path_buf(),
        pin,
        changed,
    })
}

/// `text` with `source: <pin>` in its front matter: on the `source:` line (and its
/// continuation lines, if its value ran on), or as a new last line of the front matter.
/// Every other byte is kept.
pub(crate) fn with_pin(text: &str, pin: &str) -> String {
    let eol = if text.starts_with("---\r\n") {
        "\r\n"
    } else {
        "\n"
    };
    let line = format!("source: {}", yaml_value(pin));
    let is_fence = |l: &str| l.trim_end() == "---";
    let mut lines = text.split_inclusive('\n');
    let Some(first) = lines.next().filter(|l| is_fence(l)) else {
        return format!("---{eol}{line}{eol}---{eol}{text}");
    };
    let mut at = first.len();
    let mut found: Option<(usize, usize)> = None;
    for l in lines {
        if is_fence(l) {
            return match found {
                Some((start, end)) => {
                    // The old line's own ending stays.
                    let ending =
                        &text[start..end][text[start..end].trim_end_matches(['\r', '\n']).len()..];
                    let ending = if ending.is_empty() { eol } else { ending };
                    format!("{}{line}{ending}{}", &text[..start], &text[end..])
                }
                None => format!("{}{line}{eol}{}", &text[..at], &text[at..]),
            };
        }
        match &mut found {
            // A value that runs on over indented lines is replaced whole.
            Some((_, end)) if *end == at && l.starts_with([' ', '\t']) => *end += l.len(),
            None if l.starts_with("source:") => found = Some((at, at + l.len())),
            _ => {}
        }
        at += l.len();
    }
    // Front matter never closed: the build reports it; leave the file as it is.
    text.to_string()
}

/// The pin as YAML reads it back as text: plain, or quoted in the rare case it would read
/// as a number (`12345678.1234`, a page with no headings whose hashes are all digits).
pub(crate) fn yaml_value(pin: &str) -> String {
    match serde_yaml::from_str::<serde_yaml::Value>(pin) {
        Ok(serde_yaml::Value::String(s)) if s == pin => pin.to_string(),
        _ => format!("\"{pin}\""),
    }
}

/// The pin written in a translation's front matter, if any: the value of its `source:` line,
/// without quotes or a comment.
pub(crate) fn written_pin(text: &str) -> Option<String> {
    let yaml = crate::load::front_matter::split(text).ok()?.yaml;
    let line = yaml.lines().find(|l| l.starts_with("source:"))?;
    let value = line["source:".len()..]
        .split(" #")
        .next()
        .unwrap_or("")
        .trim();
    Some(value.trim_matches(['"', '\'']).to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_the_source_line_and_nothing_else() {
        let text = "---\ntitle: Título # mine\nsource: 00000000.0000\ndescription: x\n---\nBody\n";
        assert_eq!(
            with_pin(text, "1a2b3c4d.5e6f"),
            "---\ntitle: Título # mine\nsource: 1a2b3c4d.5e6f\ndescription: x\n---\nBody\n"
        );
        let crlf = "---\r\ntitle: T\r\nsource: old\r\n---\r\nBody\r\n";
        assert_eq!(
            with_pin(crlf, "1a2b3c4d.5e6f"),
            "---\r\ntitle: T\r\nsource: 1a2b3c4d.5e6f\r\n---\r\nBody\r\n"
        );
        let folded = "---\nsource: >-\n  a\n  b\ntitle: T\n---\n";
        assert_eq!(
            with_pin(folded, "1a2b3c4d.5e6f"),
            "---\nsource: 1a2b3c4d.5e6f\ntitle: T\n---\n"
        );
    }

    #[test]
    fn inserts_a_missing_source_line_last() {
        assert_eq!(
            with_pin("---\ntitle: T\n---\n\nBody\n", "1a2b3c4d.5e6f"),
            "---\ntitle: T\nsource: 1a2b3c4d.5e6f\n---\n\nBody\n"
        );
        assert_eq!(
            with_pin("Body\n", "1a2b3c4d.5e6f"),
            "---\nsource: 1a2b3c4d.5e6f\n---\nBody\n"
        );
    }

    #[test]
    fn a_pin_that_would_read_as_a_number_is_quoted() {
        assert_eq!(yaml_value("1a2b3c4d.5e6f"), "1a2b3c4d.5e6f");
        assert_eq!(yaml_value("12345678.1234"), "\"12345678.1234\"");
        assert_eq!(yaml_value("12345678.1234.5678"), "12345678.1234.5678");
        let text = with_pin("---\ntitle: T\n---\n", "12345678.1234");
        assert_eq!(written_pin(&text).as_deref(), Some("12345678.1234"));
    }

    #[test]
    fn reads_the_written_pin() {
        assert_eq!(
            written_pin("---\ntitle: T\nsource: 1a2b3c4d.5e6f # made in May\n---\n").as_deref(),
            Some("1a2b3c4d.5e6f")
        );
        assert_eq!(written_pin("---\ntitle: T\n---\n"), None);
    }
}
