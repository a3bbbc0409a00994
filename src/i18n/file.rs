//! One string file: `key: text`, or `key: {one: ..., other: ...}` for a string that shows a
//! count, each key found again at its line for messages; and a language's file checked
//! against `en.yaml`.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::diagnostics::{Diagnostic, Diagnostics, suggest};
use crate::yaml;

/// A string: plain text, or one form per CLDR plural category (`one`, `other`, ...).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Deserialize, Serialize)]
#[serde(untagged)]
pub(crate) enum Text {
    One(String),
    Plural(BTreeMap<String, String>),
}

/// The plural categories of CLDR; `other` is the one every language has.
const CATEGORIES: [&str; 6] = ["zero", "one", "two", "few", "many", "other"];

impl Text {
    /// The text, or the form for any count but one.
    pub(crate) fn other(&self) -> &str {
        match self {
            Text::One(s) => s,
            Text::Plural(forms) => forms.get("other").map_or("", String::as_str),
        }
    }

    /// The form for `count`. The languages the theme ships (English, Spanish) use `one`
    /// for 1 and `other` for every other count.
    pub(crate) fn form(&self, count: usize) -> &str {
        match self {
            Text::Plural(forms) if count == 1 => forms
                .get("one")
                .map_or_else(|| self.other(), String::as_str),
            _ => self.other(),
        }
    }

    /// The placeholders (`{name}`) of every form.
    fn placeholders(&self) -> BTreeSet<String> {
        let forms: Vec<&str> = match self {
            Text::One(s) => vec![s],
            Text::Plural(forms) => forms.values().map(String::as_str).collect(),
        };
        forms.into_iter().flat_map(placeholders).collect()
    }
}

/// The `{name}`s of `text`. A count may be left out of a form (`one: "One result"`), so
/// `{count}` is not compared.
fn placeholders(text: &str) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        rest = &rest[open + 1..];
        let Some(close) = rest.find('}') else { break };
        let name = &rest[..close];
        if !name.is_empty()
            && name != "count"
            && name.bytes().all(|b| b.is_ascii_lowercase() || b == b'_')
        {
            found.insert(name.to_string());
        }
        rest = &rest[close + 1..];
    }
    found
}

/// One key of a file, with its line.
#[derive(Debug, Clone)]
pub(crate) struct Entry {
    pub text: Text,
    pub line: usize,
}

/// A parsed string file.
#[derive(Debug, Clone)]
pub(crate) struct StringFile {
    pub entries: BTreeMap<String, Entry>,
}

/// Reads a string file; `None` (and the problem in `diagnostics`) when it is no mapping of
/// keys to strings.
pub(super) fn parse(
    path: &Path,
    source: &str,
    diagnostics: &mut Diagnostics,
) -> Option<StringFile> {
    let map: BTreeMap<String, Text> = match yaml::parse_in_full(source, path, source, 1) {
        Ok(map) => map,
        Err(d) => {
            diagnostics.push(d.with_help(
                "a string file maps keys to text (`toc.title: On this page`), or to forms by \
                 count (`one:` and `other:`)",
            ));
            return None;
        }
    };
    let mut entries = BTreeMap::new();
    for (key, text) in map {
        let line = yaml::line_of_key(source, &key);
        if let Text::Plural(forms) = &text {
            let wrong = forms.keys().find(|f| !CATEGORIES.contains(&f.as_str()));
            let problem = match wrong {
                Some(wrong) => Some(format!(
                    "`{key}` has a form `{wrong}`, which is no plural category"
                )),
                None if !forms.contains_key("other") => {
                    Some(format!("`{key}` has no `other` form"))
                }
                None => None,
            };
            if let Some(message) = problem {
                diagnostics.push(
                    Diagnostic::error(path, message)
                        .at(source, line, 0)
                        .with_help(
                            "the forms are zero, one, two, few, many and other; other is required",
                        ),
                );
                continue;
            }
        }
        entries.insert(key, Entry { text, line });
    }
    Some(StringFile { entries })
}

/// Checks a language's file against `en.yaml`: a key en.yaml lacks is an error (with the
/// nearest key), a key whose placeholders differ is an error at its line, and the keys it
/// lacks make one warning.
pub(super) fn check_against_base(
    path: &Path,
    source: &str,
    own: &StringFile,
    base: &StringFile,
    diagnostics: &mut Diagnostics,
) {
    for (key, entry) in &own.entries {
        let Some(english) = base.entries.get(key) else {
            let mut d = Diagnostic::error(path, format!("unknown string `{key}`"))
                .at(source, entry.line, 0);
            d = match suggest(key, base.entries.keys().map(String::as_str)) {
                Some(best) => d.with_help(format!("did you mean `{best}`?")),
                None => d.with_help("the keys are those of the theme's en.yaml"),
            };
            diagnostics.push(d);
            continue;
        };
        let (theirs, ours) = (entry.text.placeholders(), english.text.placeholders());
        if theirs != ours {
            let list = |set: &BTreeSet<String>| match set.is_empty() {
                true => "none".to_string(),
                false => set
                    .iter()
                    .map(|p| format!("{{{p}}}"))
                    .collect::<Vec<_>>()
                    .join(", "),
            };
            diagnostics.push(
                Diagnostic::error(
                    path,
                    format!(
                        "`{key}` has the placeholders {}, but en.yaml's has {}",
                        list(&theirs),
                        list(&ours)
                    ),
                )
                .at(source, entry.line, 0)
                .with_help(
                    "a placeholder is filled by name: keep each of en.yaml's, spelt as there",
                ),
            );
        }
    }
    let missing: Vec<&str> = base
        .entries
        .keys()
        .filter(|k| !own.entries.contains_key(*k))
        .map(String::as_str)
        .collect();
    if !missing.is_empty() {
        let shown = missing.iter().map(|k| format!("`{k}`")).collect::<Vec<_>>();
        diagnostics.push(
            Diagnostic::warning(
                path,
                format!(
                    "{} string{} missing, shown in English: {}",
                    missing.len(),
                    if missing.len() == 1 { " is" } else { "s are" },
                    shown.join(", ")
                ),
            )
            .with_help("add them to this file to translate them"),
        );
    }
}
