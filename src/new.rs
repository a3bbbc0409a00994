//! `guide new page PATH` and `guide new role SLUG`: one new file under `content/`, with its
//! front matter or fields filled in, ready to build.

use std::path::{Component, Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

use crate::config::CONFIG_FILE;
use crate::diagnostics::Diagnostic;
use crate::fsx;
use crate::ignore::is_ignored;
use crate::load::Sources;
use crate::url::is_valid_slug;

const PAGE_TEMPLATE: &str = include_str!("starter/page.md");
const ROLE_TEMPLATE: &str = include_str!("starter/role.yaml");

/// Creates the chapter `content/PATH` (`.md` is added when missing) in the site at `root`.
/// Returns the file written.
pub fn page(root: &Path, path: &str) -> Result<PathBuf, Diagnostic> {
    require_site(root)?;
    let rel = path.strip_prefix("content/").unwrap_or(path);
    let rel = if rel.ends_with(".md") {
        rel.to_string()
    } else {
        format!("{rel}.md")
    };
    let inside = Path::new(&rel)
        .components()
        .all(|c| matches!(c, Component::Normal(_)));
    if !inside {
        return Err(Diagnostic::error(path, "not a path inside content/")
            .with_help("give the page's path relative to content/, e.g. becoming/licensure.md"));
    }
    // A name guide does not read (`.md` from an empty name, `..md`, `_x.md`, `x.md~`) would
    // make a page that never appears.
    let unread = Path::new(&rel)
        .components()
        .find_map(|c| c.as_os_str().to_str().filter(|name| is_ignored(name)));
    if let Some(name) = unread {
        return Err(Diagnostic::error(
            path,
            format!("guide does not read a file or folder named `{name}`"),
        )
        .with_help("name it with a letter or digit first, e.g. becoming/licensure.md"));
    }
    let file = Path::new(&rel);
    // A section's `_index.md` (or a folder's `index.md`) is named after its folder.
    let name = match file.file_stem().and_then(|s| s.to_str()) {
        Some("_index" | "index") => file
            .parent()
            .and_then(Path::file_name)
            .and_then(|s| s.to_str())
            .unwrap_or("Home"),
        Some(stem) => stem,
        None => "New page",
    };
    let text = PAGE_TEMPLATE.replace("__TITLE__", &yaml_string(&title_from_name(name)));
    create(&root.join("content").join(file), &text)
}

/// Creates `content/roles/SLUG.yaml` in the site at `root`, every required field filled with
/// a placeholder that cites the site's first source. Returns the file written.
pub fn role(root: &Path, slug: &str) -> Result<PathBuf, Diagnostic> {
    require_site(root)?;
    if !is_valid_slug(slug) {
        return Err(Diagnostic::error(
            format!("content/roles/{slug}.yaml"),
            "not a valid role slug",
        )
        .with_help("use lowercase letters, digits and hyphens, e.g. school-counsellor"));
    }
    let sources_file = root.join("content/sources.yaml");
    let source_id = if sources_file.is_file() {
        let text = fsx::read_text(&sources_file)?;
        let sources: Sources =
            crate::yaml::parse(&text, Path::new("content/sources.yaml"), &text, 1)?;
        sources.into_keys().next()
    } else {
        None
    };
    let source_id = source_id.ok_or_else(|| {
        Diagnostic::error(
            "content/sources.yaml",
            "no source for the role's facts to cite",
        )
        .with_help("add a source to content/sources.yaml first; every role fact cites one")
    })?;
    let text = role_file(&title_from_name(slug), &source_id, &today());
    create(
        &root.join("content/roles").join(format!("{slug}.yaml")),
        &text,
    )
}

/// The text of a role file named `name`, citing `source_id`, reviewed on `reviewed`.
pub(crate) fn role_file(name: &str, source_id: &str, reviewed: &str) -> String {
    ROLE_TEMPLATE
        .replace("__NAME__", &yaml_string(name))
        .replace("__SOURCE__", source_id)
        .replace("__TODAY__", reviewed)
}

fn require_site(root: &Path) -> Result<(), Diagnostic> {
    if root.join(CONFIG_FILE).is_file() {
        return Ok(());
    }
    Err(
        Diagnostic::error(root.join(CONFIG_FILE), "no guide.yaml here").with_help(
            "run guide new in the site's folder, or pass --root; guide init starts a new site",
        ),
    )
}

/// Writes a new file; an existing one is never replaced.
fn create(path: &Path, text: &str) -> Result<PathBuf, Diagnostic> {
    if path.exists() {
        return Err(
            Diagnostic::error(path, "already exists; nothing was written")
                .with_help("choose another name, or edit the file"),
        );
    }
    fsx::write(path, text.as_bytes())?;
    Ok(path.to_path_buf())
}

/// A title from a file or folder name: `what-case-managers-do` -> `What case managers do`.
pub(crate) fn title_from_name(name: &str) -> String {
    let words = name.replace(['-', '_'], " ");
    let words = words.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut chars = words.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// A YAML scalar for `text`: as it is when plain, otherwise double-quoted.
pub(crate) fn yaml_string(text: &str) -> String {
    let plain = text
        .chars()
        .all(|c| c.is_alphanumeric() || matches!(c, ' ' | '-' | '.' | ',' | '\''))
        && text.starts_with(char::is_alphanumeric)
        && !matches!(
            text.to_ascii_lowercase().as_str(),
            "yes" | "no" | "true" | "false" | "on" | "off" | "null"
        );
    if plain {
        text.to_string()
    } else {
        // A JSON string is also a valid double-quoted YAML scalar.
        serde_json::Value::String(text.to_string()).to_string()
    }
}

/// Today's date (UTC) as `YYYY-MM-DD`.
pub(crate) fn today() -> String {
    let seconds = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let (year, month, day) = date_from_days((seconds / 86_400) as i64);
    format!("{year:04}-{month:02}-{day:02}")
}

/// The Gregorian (year, month, day) of a count of days since 1970-01-01.
fn date_from_days(days: i64) -> (i64, u32, u32) {
    // Count from 0000-03-01, so that a leap day is the last day of its year, in 400-year eras
    // of 146 097 days each.
    let shifted = days + 719_468;
    let era = shifted.div_euclid(146_097);
    let day_of_era = shifted.rem_euclid(146_097);
    let year_of_era =
        (day_of_era - day_of_era / 1_460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let month_from_march = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * month_from_march + 2) / 5 + 1;
    let month = if month_from_march < 10 {
        month_from_march + 3
    } else {
        month_from_march - 9
    };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    (year, month as u32, day as u32)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_from_names() {
        assert_eq!(
            title_from_name("what-case-managers-do"),
            "What case managers do"
        );
        assert_eq!(title_from_name("my_guide"), "My guide");
        assert_eq!(title_from_name("ébauche"), "Ébauche");
        assert_eq!(title_from_name("--"), "");
    }

    #[test]
    fn yaml_strings_are_quoted_only_when_needed() {
        assert_eq!(yaml_string("Getting started"), "Getting started");
        assert_eq!(yaml_string("Why: a reason"), r#""Why: a reason""#);
        assert_eq!(yaml_string("Yes"), r#""Yes""#);
        assert_eq!(yaml_string("#1 \"x\""), r##""#1 \"x\"""##);
        let parsed: String = serde_yaml::from_str(&yaml_string("a: \"b\" # c")).unwrap();
        assert_eq!(parsed, "a: \"b\" # c");
    }

    #[test]
    fn dates_from_days() {
        assert_eq!(date_from_days(0), (1970, 1, 1));
        assert_eq!(date_from_days(19_723), (2024, 1, 1));
        assert_eq!(date_from_days(19_782), (2024, 2, 29));
        assert_eq!(date_from_days(11_016), (2000, 2, 29));
        assert_eq!(date_from_days(-1), (1969, 12, 31));
        let today = today();
        assert_eq!(today.len(), 10, "{today}");
    }
}
