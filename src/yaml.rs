//! The one place that parses YAML. Everything else asks this module for typed values, so the
//! YAML library can change without touching the pipeline.
//!
//! Errors come back as [`Diagnostic`]s with the line and column in the *file* (front matter
//! passes the line where its YAML starts), the key path (`licensure.credentials[1].abbr`) and,
//! for a misspelt field, the nearest valid name.

use std::path::Path;

use serde::de::DeserializeOwned;

use crate::diagnostics::{Diagnostic, suggest};

/// Parses `yaml` into `T`. `first_line` is the 1-based line of the file where `yaml` starts;
/// `file_source` is the whole file, used for the snippet.
pub fn parse<T: DeserializeOwned>(
    yaml: &str,
    path: &Path,
    file_source: &str,
    first_line: usize,
) -> Result<T, Diagnostic> {
    // An empty document is an empty mapping, so a missing required field is reported as such.
    let yaml_or_empty = if yaml.trim().is_empty() { "{}" } else { yaml };
    let deserializer = serde_yaml::Deserializer::from_str(yaml_or_empty);
    serde_path_to_error::deserialize(deserializer)
        .map_err(|err| to_diagnostic(&err, path, file_source, first_line))
}

fn to_diagnostic(
    err: &serde_path_to_error::Error<serde_yaml::Error>,
    path: &Path,
    file_source: &str,
    first_line: usize,
) -> Diagnostic {
    let inner = err.inner();
    let key_path = err.path().to_string();
    let message = bare_message(&inner.to_string());
    let mut text = if key_path == "." || key_path.is_empty() || message.contains(&key_path) {
        message.clone()
    } else {
        format!("{message} (at `{key_path}`)")
    };
    let mut help = None;
    if let Some((wrong, expected)) = unknown_field(&message) {
        if let Some(best) = suggest(&wrong, expected.iter().map(String::as_str)) {
            help = Some(format!("did you mean `{best}`?"));
        } else {
            help = Some(format!("valid fields here: {}", expected.join(", ")));
        }
        text = match key_path.rsplit_once('.') {
            Some((parent, _)) if parent != "?" => {
                format!("unknown field `{wrong}` in `{parent}`")
            }
            _ => format!("unknown field `{wrong}`"),
        };
    }
    let diagnostic = Diagnostic::error(path, text);
    let diagnostic = match inner.location() {
        Some(loc) => diagnostic.at(file_source, loc.line() + first_line - 1, loc.column()),
        None => diagnostic.at(file_source, first_line, 0),
    };
    match help {
        Some(help) => diagnostic.with_help(help),
        None => diagnostic,
    }
}

/// serde_yaml's message without its own path prefix and position suffix (we report both
/// ourselves, relative to the file).
fn bare_message(message: &str) -> String {
    let mut message = message;
    for marker in [" at line ", " at position "] {
        if let Some(i) = message.rfind(marker) {
            message = &message[..i];
        }
    }
    // serde_yaml prefixes "a.b[1]: " for nested errors; the prefix never contains a space.
    if let Some((prefix, rest)) = message.split_once(": ")
        && !prefix.contains(' ')
        && !prefix.contains('`')
    {
        message = rest;
    }
    message.to_string()
}

/// Splits "unknown field `x`, expected one of `a`, `b`" (or "expected `a`") into its parts.
fn unknown_field(message: &str) -> Option<(String, Vec<String>)> {
    let rest = message.strip_prefix("unknown field `")?;
    let (wrong, rest) = rest.split_once('`')?;
    let expected = rest
        .split('`')
        .skip(1)
        .step_by(2)
        .map(str::to_string)
        .collect();
    Some((wrong.to_string(), expected))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Outer {
        #[allow(dead_code)]
        title: String,
        #[allow(dead_code)]
        #[serde(default)]
        items: Vec<Inner>,
    }

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Inner {
        #[allow(dead_code)]
        abbr: String,
        #[allow(dead_code)]
        #[serde(default)]
        count: u32,
    }

    fn err(yaml: &str, first_line: usize) -> Diagnostic {
        let file = format!("{}{yaml}", "\n".repeat(first_line - 1));
        parse::<Outer>(yaml, Path::new("f.yaml"), &file, first_line).unwrap_err()
    }

    #[test]
    fn unknown_field_has_file_line_path_and_suggestion() {
        let d = err("title: x\nitems:\n  - abbr: A\n  - abr: B\n", 3);
        assert_eq!((d.line, d.col), (6, 5));
        assert_eq!(d.message, "unknown field `abr` in `items[1]`");
        assert_eq!(d.help.as_deref(), Some("did you mean `abbr`?"));
    }

    #[test]
    fn wrong_type_names_key_path() {
        let d = err("title: x\nitems:\n  - abbr: A\n    count: many\n", 1);
        assert_eq!(d.line, 4);
        assert!(d.message.contains("items[0].count"), "{}", d.message);
        assert!(d.message.contains("invalid type"), "{}", d.message);
    }

    #[test]
    fn missing_field_and_empty_document() {
        let d = err("items: []\n", 2);
        assert_eq!(d.message, "missing field `title`");
        assert_eq!(d.line, 2);
        let d = parse::<Outer>("", Path::new("f.yaml"), "", 1).unwrap_err();
        assert_eq!(d.message, "missing field `title`");
    }

    #[test]
    fn syntax_error_is_located() {
        // The unclosed flow sequence is reported on the line where it opens.
        let d = err("title: [unclosed\n", 5);
        assert_eq!(d.line, 5);
        assert!(d.col > 0);
    }
}
