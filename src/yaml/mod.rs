//! The one place that parses YAML. Everything else asks this module for typed values, so the
//! YAML library can change without touching the pipeline.
//!
//! Errors come back as [`Diagnostic`]s with the line and column in the *file* (front matter
//! passes the line where its YAML starts), the key path (`licensure.credentials[1].abbr`) and,
//! for a misspelt field, the nearest valid name.

use std::path::Path;

use serde::de::DeserializeOwned;
use serde_yaml::{Mapping, Value};

use crate::diagnostics::{Diagnostic, suggest};
use depth::{MAX_DEPTH, nested_too_deep};
pub(crate) use keys::key_position;
pub(crate) use unique::unique_keys;

mod depth;
mod keys;
pub(crate) mod overlay;
mod unique;

/// Parses `yaml` into `T`. `first_line` is the 1-based line of the file where `yaml` starts;
/// `file_source` is the whole file, used for the snippet.
pub(crate) fn parse<T: DeserializeOwned>(
    yaml: &str,
    path: &Path,
    file_source: &str,
    first_line: usize,
) -> Result<T, Diagnostic> {
    if let Some(mapping) = simple_mapping(yaml)
        && let Ok(value) = serde_yaml::from_value(Value::Mapping(mapping))
    {
        return Ok(value);
    }
    parse_in_full(yaml, path, file_source, first_line)
}

/// [`parse`] without the shortcut for simple documents.
pub(crate) fn parse_in_full<T: DeserializeOwned>(
    yaml: &str,
    path: &Path,
    file_source: &str,
    first_line: usize,
) -> Result<T, Diagnostic> {
    if let Some((line, col)) = nested_too_deep(yaml) {
        return Err(Diagnostic::error(
            path,
            format!("the YAML nests more than {MAX_DEPTH} levels deep"),
        )
        .at(file_source, line + first_line - 1, col));
    }
    // An empty document is an empty mapping, so a missing required field is reported as such.
    let yaml_or_empty = if yaml.trim().is_empty() { "{}" } else { yaml };
    let deserializer = serde_yaml::Deserializer::from_str(yaml_or_empty);
    serde_path_to_error::deserialize(deserializer)
        .map_err(|err| to_diagnostic(&err, yaml, path, file_source, first_line))
}

/// A document of `key: value` lines alone, read without the YAML library, or `None` when it
/// holds anything else. Front matter is mostly such lines, and libyaml spends about 15,000
/// instructions on each (6% of a 10,000-page build). Only values whose meaning cannot be
/// mistaken are read: quoted text without escapes, plain text that starts with a letter and
/// holds no character YAML gives a meaning to, whole numbers and booleans, as
/// serde_yaml reads them (YAML 1.2's core schema). Anything else goes to serde_yaml, as does
/// a document whose values do not fit the type asked for, so every error is worded as before.
fn simple_mapping(yaml: &str) -> Option<Mapping> {
    let mut mapping = Mapping::new();
    for line in yaml.lines() {
        let line = line.trim_end_matches([' ', '\r']);
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let (key, value) = line.split_once(": ")?;
        let key_chars = |b: u8| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_';
        let plain_key = key.starts_with(|c: char| c.is_ascii_lowercase())
            && key.bytes().all(key_chars)
            && !matches!(key, "null" | "true" | "false");
        if !plain_key {
            return None;
        }
        let value = simple_scalar(value.trim_start_matches(' '))?;
        if mapping.insert(Value::String(key.into()), value).is_some() {
            return None; // a repeated key is an error serde_yaml words
        }
    }
    (!mapping.is_empty()).then_some(mapping)
}

fn simple_scalar(text: &str) -> Option<Value> {
    // Characters YAML never reads as a line break, a byte order mark or a control.
    let printable = |c: char| {
        matches!(c, ' '..='~')
            || (c >= '\u{A0}'
                && !matches!(
                    c,
                    '\u{2028}' | '\u{2029}' | '\u{FEFF}' | '\u{FFFE}' | '\u{FFFF}'
                ))
    };
    let quoted = |q: char| {
        let inner = text.strip_prefix(q)?.strip_suffix(q)?;
        inner
            .chars()
            .all(|c| c != q && c != '\\' && printable(c))
            .then(|| Value::String(inner.into()))
    };
    if let Some(value) = quoted('"').or_else(|| quoted('\'')) {
        return Some(value);
    }
    match text {
        "true" | "True" | "TRUE" => return Some(Value::Bool(true)),
        "false" | "False" | "FALSE" => return Some(Value::Bool(false)),
        // serde_yaml's own values read null as an empty map or list, where its parser
        // reports an error: null is left to the parser.
        "null" | "Null" | "NULL" => return None,
        _ => {}
    }
    let digits = text.bytes().all(|b| b.is_ascii_digit());
    if digits && (1..=18).contains(&text.len()) && (text == "0" || !text.starts_with('0')) {
        return Some(Value::Number(text.parse::<u64>().ok()?.into()));
    }
    // Plain text: no `:` or `#` (which could end it), nothing that starts a node.
    let plain = text.starts_with(|c: char| c.is_ascii_alphabetic())
        && text
            .chars()
            .all(|c| c.is_alphanumeric() || " .,;!?'()&/+-_%".contains(c));
    plain.then(|| Value::String(text.into()))
}

fn to_diagnostic(
    err: &serde_path_to_error::Error<serde_yaml::Error>,
    yaml: &str,
    path: &Path,
    file_source: &str,
    first_line: usize,
) -> Diagnostic {
    let inner = err.inner();
    let key_path = err.path().to_string();
    let message = bare_message(&inner.to_string());
    if message.starts_with("duplicate ")
        && let Some(twice) = keys::first_duplicate(yaml)
    {
        return keys::duplicate_diagnostic(&twice, path, file_source, first_line);
    }
    // `?`: the parser stopped before it knew the key (a syntax error).
    let unknown_path = matches!(key_path.as_str(), "." | "" | "?");
    let mut text = if unknown_path || message.contains(&key_path) {
        message.clone()
    } else {
        format!("{message} (at `{key_path}`)")
    };
    let mut help = None;
    if message.starts_with("did not find expected key") {
        help = Some("indent this line as far as the other keys of its mapping".to_string());
    }
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
    // A value outside a fixed set (a pathway step's `status`): the nearest one.
    if let Some((wrong, expected)) = message
        .strip_prefix("unknown variant `")
        .and_then(|rest| unknown_field(&["unknown field `", rest].concat()))
        && let Some(best) = suggest(&wrong, expected.iter().map(String::as_str))
    {
        help = Some(format!("did you mean `{best}`?"));
    }
    let diagnostic = Diagnostic::error(path, text);
    // A value refused after parsing (a date that is no date) comes back placed at the start
    // of its mapping: the line of its key says more.
    let key = key_path
        .rsplit('.')
        .next()
        .and_then(|k| k.split('[').next())
        .filter(|k| !k.is_empty() && *k != "?");
    let on_its_key = |line: usize| {
        key.is_none_or(|key| {
            yaml.lines()
                .nth(line.saturating_sub(1))
                .is_some_and(|l| l.contains(key))
        })
    };
    let located = inner.location().map(|loc| (loc.line(), loc.column()));
    let (line, col) = match located {
        Some((line, col)) if on_its_key(line) => (line, col),
        _ => match keys::key_position(yaml, &key_path).or_else(|| {
            key.map(|key| (line_of_key(yaml, key), 1))
                .filter(|&(line, _)| line > 0)
        }) {
            Some(at) => at,
            None => located.unwrap_or((1, 0)),
        },
    };
    let diagnostic = diagnostic.at(file_source, line + first_line - 1, col);
    match help {
        Some(help) => diagnostic.with_help(help),
        None => diagnostic,
    }
}

/// The 1-based line of `yaml` where `key:` is first written as a key (in a list item too:
/// `- key:`), or 0.
pub(crate) fn line_of_key(yaml: &str, key: &str) -> usize {
    yaml.lines()
        .position(|line| {
            let line = line.trim_start().trim_start_matches("- ").trim_start();
            line.strip_prefix(key)
                .is_some_and(|rest| rest.trim_start().starts_with(':'))
        })
        .map_or(0, |i| i + 1)
}

/// serde_yaml's message without its own path prefix and positions (we report both
/// ourselves, relative to the file).
fn bare_message(message: &str) -> String {
    let bare = without_positions(message);
    let mut message = bare.as_str();
    // serde_yaml prefixes "a.b[1]: " for nested errors; the prefix never contains a space.
    if let Some((prefix, rest)) = message.split_once(": ")
        && !prefix.contains(' ')
        && !prefix.contains('`')
    {
        message = rest;
    }
    message.to_string()
}

/// `message` without libyaml's positions. A syntax error names two ("could not find expected
/// ':' at line 4 column 1, while scanning a simple key at line 3 column 1"), counted from
/// where the YAML starts, which in front matter is not the file's first line.
fn without_positions(message: &str) -> String {
    let digits = |s: &str| s.len() - s.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    let mut bare = String::with_capacity(message.len());
    let mut rest = message;
    while let Some((i, word)) = [" at line ", " at position "]
        .iter()
        .filter_map(|word| rest.find(word).map(|i| (i, word.len())))
        .min()
    {
        let number = &rest[i + word..];
        if digits(number) == 0 {
            bare.push_str(&rest[..i + word]);
            rest = number;
            continue;
        }
        bare.push_str(&rest[..i]);
        rest = &number[digits(number)..];
        if let Some(column) = rest.strip_prefix(" column ")
            && digits(column) > 0
        {
            rest = &column[digits(column)..];
        }
    }
    bare.push_str(rest);
    bare
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

/// Documents near the simple shape the shortcut reads, for the tests that compare it with
/// serde_yaml (here, and typed as a page's values where those are defined).
#[cfg(test)]
pub(crate) fn near_simple_documents() -> Vec<String> {
    const KEYS: &[&str] = &[
        "title",
        "description",
        "weight",
        "draft",
        "slug",
        "reviewed",
        "citations",
        "aliases",
        "extra",
        "tilte",
        "null",
        "true",
        "Title",
        "a b",
        "x1",
        "_x",
    ];
    const VALUES: &[&str] = &[
        "\"Quoted text\"",
        "'Single quoted'",
        "\"with \\\"escape\\\"\"",
        "\"back\\\\slash\"",
        "'it''s'",
        "Plain text",
        "What's new?",
        "Q&A (part 2)",
        "Q&A: part",
        "C# basics",
        "a #comment",
        "yes",
        "no",
        "on",
        "off",
        "y",
        "null",
        "Null",
        "NULL",
        "~",
        "true",
        "False",
        "TRUE",
        "10",
        "010",
        "0",
        "00",
        "-3",
        "+3",
        "1e5",
        "1.5",
        "0x1F",
        "0o7",
        ".inf",
        ".nan",
        "inf",
        "NaN",
        "infinity",
        "2024-05-01",
        "\"2024-05-01\"",
        "[a, b]",
        "{a: 1}",
        "",
        "Ünïcödé title",
        "日本語",
        "\"tab\tinside\"",
        "trailing   ",
        "&anchor x",
        "*alias",
        "!tag x",
        "|",
        ">",
        "%x",
        "@x",
        "`x`",
        "\"unterminated",
        "'",
        "\"",
        "\"\"",
        "''",
        "\"NEL\u{85}\"",
        "\"LS\u{2028}x\"",
        "x\u{FEFF}",
        "99999999999999999999",
        "123456789012345678",
        "A-b_c/d+e%f",
        "Hello!",
        "a - b",
        "e5",
        "x: y",
        "\"a\" b",
        "'a' 'b'",
    ];
    const LINES: &[&str] = &["", "# a comment", "  nested: 1", "- item", "---", "\t", " "];
    let mut seed = 0x2545_F491_4F6C_DD1Du64;
    let mut below = |n: usize| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        (seed % n as u64) as usize
    };
    let mut docs = Vec::new();
    for _ in 0..60_000 {
        // Half start with a title, so many documents make a page's values.
        let mut doc = String::from(["", "title: A title\n"][below(2)]);
        for _ in 0..1 + below(5) {
            match below(12) {
                0 => doc.push_str(LINES[below(LINES.len())]),
                n => {
                    let key = if n < 9 {
                        KEYS[below(6)]
                    } else {
                        KEYS[below(KEYS.len())]
                    };
                    let colon = [": ", ":  ", ":", ":\t", " : "][below(5).saturating_sub(2)];
                    doc.push_str(&format!("{key}{colon}{}", VALUES[below(VALUES.len())]));
                }
            }
            doc.push_str(if below(6) == 0 { "\r\n" } else { "\n" });
        }
        docs.push(doc);
    }
    docs
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

    /// Documents made of lines that are, or nearly are, what the shortcut reads.

    #[test]
    fn the_shortcut_reads_what_serde_yaml_reads() {
        let mut read = 0;
        for doc in near_simple_documents() {
            let Some(mapping) = simple_mapping(&doc) else {
                continue;
            };
            read += 1;
            let full: Value = serde_yaml::from_str(&doc).expect("the shortcut read it");
            assert_eq!(Value::Mapping(mapping), full, "{doc:?}");
        }
        // The documents must exercise the shortcut.
        assert!(read > 3_000, "read {read}");
    }

    #[test]
    fn nesting_too_deep_is_refused_at_once_where_it_starts() {
        for (deep, shallow) in [
            (
                format!("a: {}", "[".repeat(100_000)),
                format!("a: {}", "[".repeat(100)),
            ),
            (
                format!("{}x", "- ".repeat(200)),
                format!("{}x", "- ".repeat(100)),
            ),
            (
                format!("a: {}", "{b: ".repeat(200)),
                format!("a: '{}'", "[".repeat(500)),
            ),
        ] {
            let started = std::time::Instant::now();
            let e = err(&format!("ok: 1\n{deep}\n"), 1);
            assert!(
                started.elapsed().as_secs() < 5,
                "took {:?}",
                started.elapsed()
            );
            assert!(e.message.contains("more than 128 levels"), "{e}");
            assert_eq!(e.line, 2, "{e}");
            assert_eq!(nested_too_deep(&shallow), None, "{shallow}");
        }
        assert_eq!(nested_too_deep("a: \"[[[\" # [[[[\n"), None);
    }

    #[test]
    fn syntax_error_is_located() {
        // The unclosed flow sequence is reported on the line where it opens.
        let d = err("title: [unclosed\n", 5);
        assert_eq!(d.line, 5);
        assert!(d.col > 0);
    }

    #[test]
    fn a_syntax_error_names_no_position_of_its_own() {
        // libyaml counts from the YAML's first line, which in front matter is the file's
        // second: its own "at line 2" contradicted the diagnostic's line 3.
        let d = err("name: x\nlist: [a,\n", 2);
        assert!(!d.message.contains(" at line "), "{}", d.message);
        assert_eq!(
            without_positions("a at line 4 column 1, b at line 3 column 1"),
            "a, b"
        );
        assert_eq!(
            without_positions("unknown field `a at line b` at position 7"),
            "unknown field `a at line b`"
        );
    }
}
