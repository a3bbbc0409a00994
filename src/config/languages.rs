//! `languages:` in guide.yaml: the languages a guide is translated into, besides the one
//! it is written in (`language:`). A guide without the key has no translations, and its
//! output is exactly what it was before translations existed.

use std::collections::BTreeMap;

use serde::Deserialize;

use super::CONFIG_FILE;
use crate::diagnostics::Diagnostic;

/// One language a guide is translated into, under its BCP 47 tag (`es`, `pt-br`).
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Language {
    /// Its name in the language itself, for the language switcher (`Español`).
    pub name: String,
    /// The tag of `<html lang>` and `hreflang`, when it is more precise than the key
    /// (`es-419`); the key otherwise.
    #[serde(default)]
    pub locale: Option<String>,
    /// The direction of its script; by default right to left for the languages written
    /// that way.
    #[serde(default)]
    pub dir: Option<Direction>,
    /// The guide's title and description in the language; the source's otherwise.
    #[serde(default)]
    pub title: Option<String>,
    #[serde(default)]
    pub description: Option<String>,
    /// Values of the guide's `extra:` in the language (`tagline:`), key by key.
    #[serde(default, deserialize_with = "crate::yaml::unique_keys")]
    pub extra: serde_json::Map<String, serde_json::Value>,
    /// What a page with no translation becomes.
    #[serde(default)]
    pub fallback: Fallback,
    /// What a translation made from an earlier version of its source does.
    #[serde(default)]
    pub stale: Stale,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    Ltr,
    Rtl,
}

impl Direction {
    pub fn as_str(self) -> &'static str {
        match self {
            Direction::Ltr => "ltr",
            Direction::Rtl => "rtl",
        }
    }
}

/// What a page with no translation becomes in a language.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Fallback {
    /// The source's text, marked as such, with a notice in the language and a canonical
    /// link to the source page; left out of the sitemap and of `hreflang` alternates.
    #[default]
    Source,
    /// No page: links and the navigation lead to the source's page, and the page has no
    /// place in the language's reading order, search or print page.
    Omit,
}

/// What a stale translation (its source changed since it was made) does.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Stale {
    /// A warning at its `source:` line, and a notice for readers naming what changed.
    #[default]
    Notice,
    /// The build fails.
    Error,
    /// Neither.
    Allow,
}

/// The guide's languages by tag, sorted.
pub(crate) type Languages = BTreeMap<String, Language>;

impl Language {
    /// `<html lang>` and `hreflang` for this language under `tag`.
    pub fn locale<'a>(&'a self, tag: &'a str) -> &'a str {
        self.locale.as_deref().unwrap_or(tag)
    }

    /// The script's direction of this language under `tag`.
    pub fn dir(&self, tag: &str) -> Direction {
        self.dir.unwrap_or_else(|| default_direction(tag))
    }
}

/// Right to left for the languages usually written in Arabic or Hebrew script.
pub(crate) fn default_direction(tag: &str) -> Direction {
    let primary = tag.split('-').next().unwrap_or(tag).to_ascii_lowercase();
    match primary.as_str() {
        "ar" | "arc" | "ckb" | "dv" | "fa" | "he" | "ks" | "ps" | "sd" | "ug" | "ur" | "yi" => {
            Direction::Rtl
        }
        _ => Direction::Ltr,
    }
}

/// Checks the languages against the source's `language`, each problem at its key in
/// guide.yaml (`source` is its text).
pub(crate) fn check(
    languages: &Languages,
    source_language: &str,
    source: &str,
) -> Result<(), Diagnostic> {
    let at = |tag: &str, message: String, help: &str| {
        let line = line_of_language(source, tag);
        let text = source.lines().nth(line.saturating_sub(1)).unwrap_or("");
        let column = text.len() - text.trim_start().len() + 1;
        Diagnostic::error(CONFIG_FILE, message)
            .at(source, line, column)
            .with_help(help.to_string())
    };
    let mut names: BTreeMap<&str, &str> = BTreeMap::new();
    for (tag, language) in languages {
        if !is_tag(tag) || tag.chars().any(|c| c.is_ascii_uppercase()) {
            return Err(at(
                tag,
                format!("`{}` is not a language tag", tag.escape_debug()),
                "write a BCP 47 tag in lower case, such as `es`, `pt-br` or `zh-hant`",
            ));
        }
        if tag.eq_ignore_ascii_case(source_language) {
            return Err(at(
                tag,
                format!(
                    "`{tag}` is the language the guide is written in (`language: {source_language}`)"
                ),
                "list under `languages:` only the languages it is translated into",
            ));
        }
        if let Some(locale) = &language.locale {
            let primary = |t: &str| t.split('-').next().unwrap_or(t).to_ascii_lowercase();
            if !is_tag(locale) || primary(locale) != primary(tag) {
                return Err(at(
                    tag,
                    format!(
                        "locale `{}` is not a tag of the language `{tag}`",
                        locale.escape_debug()
                    ),
                    "a locale refines the key's language, such as `es-419` for `es`",
                ));
            }
        }
        if language.name.trim().is_empty() {
            return Err(at(
                tag,
                format!("language `{tag}` has no name"),
                "write its name in the language itself, such as `name: Español`",
            ));
        }
        if let Some(other) = names.insert(language.name.trim(), tag) {
            return Err(at(
                tag,
                format!(
                    "languages `{other}` and `{tag}` have the same name `{}`",
                    language.name.trim()
                ),
                "the switcher shows each language by its name, so each needs its own",
            ));
        }
    }
    Ok(())
}

/// Whether `tag` is a well-formed language tag: a primary subtag of 2 or 3 letters, then
/// subtags of 1 to 8 letters or digits.
fn is_tag(tag: &str) -> bool {
    let mut parts = tag.split('-');
    let primary = parts.next().unwrap_or("");
    (2..=3).contains(&primary.len())
        && primary.chars().all(|c| c.is_ascii_alphabetic())
        && parts.all(|p| (1..=8).contains(&p.len()) && p.chars().all(|c| c.is_ascii_alphanumeric()))
}

/// The 1-based line of `tag`'s key under `languages:`, or that of `languages:`.
fn line_of_language(source: &str, tag: &str) -> usize {
    let mut inside = None;
    for (n, line) in source.lines().enumerate() {
        let indent = line.len() - line.trim_start().len();
        let text = line.trim();
        if indent == 0 && !text.is_empty() && !text.starts_with('#') {
            if inside.is_some() {
                break;
            }
            if text.starts_with("languages:") {
                inside = Some(n + 1);
            }
            continue;
        }
        if inside.is_some()
            && let Some(rest) = text
                .strip_prefix(tag)
                .map(|r| r.trim_start_matches(['"', '\'']))
            && rest.trim_start().starts_with(':')
        {
            return n + 1;
        }
    }
    inside.unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags() {
        for good in ["es", "pt-br", "zh-hant", "es-419", "ast"] {
            assert!(is_tag(good), "{good}");
        }
        for bad in ["", "e", "espanol", "es_mx", "es-", "1a"] {
            assert!(!is_tag(bad), "{bad}");
        }
    }

    #[test]
    fn directions() {
        assert_eq!(default_direction("ar"), Direction::Rtl);
        assert_eq!(default_direction("he-il"), Direction::Rtl);
        assert_eq!(default_direction("es"), Direction::Ltr);
    }

    #[test]
    fn a_language_is_found_at_its_key() {
        let source = "title: T\nlanguages:\n  # Spanish\n  es:\n    name: Español\n  fr:\n    name: Français\nstrict: true\n";
        assert_eq!(line_of_language(source, "fr"), 6);
        assert_eq!(line_of_language(source, "de"), 2);
    }
}
