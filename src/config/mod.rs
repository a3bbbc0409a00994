//! `guide.yaml`: the site's configuration, merged with the command line's overrides.

mod languages;

use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::diagnostics::Diagnostic;
use crate::yaml::line_of_key;
use crate::{embedded, fsx, yaml};
pub(crate) use languages::{Fallback, Language, Languages, Stale, default_direction};

/// The file name of the configuration, at the site root.
pub(crate) const CONFIG_FILE: &str = "guide.yaml";

/// What the author wrote in guide.yaml.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    pub title: String,
    #[serde(default)]
    pub description: String,
    /// Where the site is published. Optional in guide.yaml: `--base-url` replaces it, and in
    /// GitHub Actions it defaults to the repository's Pages URL. Always set after [`load`].
    #[serde(default)]
    pub base_url: String,
    #[serde(default = "default_language")]
    pub language: String,
    #[serde(default = "default_theme")]
    pub theme: String,
    #[serde(default = "default_output_dir")]
    pub output_dir: PathBuf,
    /// A custom domain for GitHub Pages, written to `CNAME`.
    #[serde(default)]
    pub cname: Option<String>,
    /// Groups of words or phrases a search treats as the same (`[[carer, caregiver]]`).
    #[serde(default)]
    pub synonyms: Vec<Vec<String>>,
    /// Hides the lines of Rust code blocks that start with `# `, as rustdoc and mdBook do
    /// (setup a listing needs to compile but a reader need not see).
    #[serde(default)]
    pub hide_rust_hash_lines: bool,
    /// How headings get their ids when they do not write one (`{#id}`).
    #[serde(default)]
    pub heading_ids: HeadingIds,
    /// Turns warnings about the content that a reader would miss (an image without alt
    /// text) into errors.
    #[serde(default)]
    pub strict: bool,
    /// The languages the guide is translated into (see `languages.rs`).
    #[serde(default)]
    pub languages: Languages,
    /// Anything the author wants in templates, as `site.extra`.
    #[serde(default, deserialize_with = "crate::yaml::unique_keys")]
    pub extra: serde_json::Map<String, serde_json::Value>,
}

/// The rule that makes a heading's id from its text.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum HeadingIds {
    /// As GitHub and mdBook make them, so links written for either keep working:
    /// lowercase, letters, digits, `_` and `-` kept, each space a `-`, anything else dropped.
    #[default]
    Github,
    /// guide's first rule: apostrophes dropped, every other run of characters that are not
    /// letters or digits one `-`, none at either end.
    Collapsed,
}

fn default_language() -> String {
    "en".into()
}
fn default_theme() -> String {
    "default".into()
}
fn default_output_dir() -> PathBuf {
    "public".into()
}

/// Command-line values that replace those of guide.yaml.
#[derive(Debug, Clone, Default)]
pub struct Overrides {
    pub base_url: Option<String>,
    pub output_dir: Option<PathBuf>,
}

/// Reads and validates `root/guide.yaml`, then applies the overrides.
pub(crate) fn load(root: &Path, overrides: &Overrides) -> Result<Config, Diagnostic> {
    let path = root.join(CONFIG_FILE);
    if !path.is_file() {
        return Err(
            Diagnostic::error(&path, "no guide.yaml here").with_help(format!(
                "run guide in the site's folder, or pass --root; the site root is {}",
                root.display()
            )),
        );
    }
    let source = fsx::read_text(&path)?;
    let mut config: Config = yaml::parse(&source, Path::new(CONFIG_FILE), &source, 1)?;
    if let Some(url) = &overrides.base_url {
        config.base_url = url.clone();
    } else if config.base_url.trim().is_empty() {
        config.base_url = github_pages_url(|name| std::env::var(name).ok()).ok_or_else(|| {
            // Written empty, at its key; left out, at the first key, where a missing `title`
            // is told too.
            let line = match line_of_key(&source, "base_url") {
                0 => first_key_line(&source),
                line => line,
            };
            Diagnostic::error(
                CONFIG_FILE,
                "no base_url: where will the site be published?",
            )
            .at(&source, line, 0)
            .with_help(
                "set base_url in guide.yaml (e.g. https://user.github.io/repo/) or pass --base-url; \
                 in GitHub Actions it defaults to the repository's GitHub Pages URL",
            )
        })?;
    }
    if let Some(dir) = &overrides.output_dir {
        config.output_dir = dir.clone();
    }
    config.base_url = normalize_base_url(&config.base_url).map_err(|message| {
        let line = line_of_key(&source, "base_url");
        let d = Diagnostic::error(CONFIG_FILE, message);
        let d = if overrides.base_url.is_some() {
            d.with_help("check the --base-url flag")
        } else {
            d.at(&source, line, 0)
        };
        d.with_help("use an absolute URL such as https://user.github.io/repo/")
    })?;
    check_theme(root, &config.theme, &source)?;
    if config.title.trim().is_empty() {
        return Err(Diagnostic::error(CONFIG_FILE, "the guide's title is empty")
            .at(&source, line_of_key(&source, "title"), 0)
            .with_help("write the title readers see on every page, such as `title: A Guide`"));
    }
    languages::check(&config.languages, &config.language, &source)?;
    if let Some(cname) = &config.cname
        && !is_domain(cname)
    {
        return Err(Diagnostic::error(
            CONFIG_FILE,
            format!("cname `{}` is not a domain name", cname.escape_debug()),
        )
        .at(&source, line_of_key(&source, "cname"), 0)
        .with_help(
            "write the domain alone, without https:// or a path, such as guide.example.org",
        ));
    }
    Ok(config)
}

/// The 1-based line of the first key of `yaml` (its first line that is not blank, a comment
/// or a document marker), or 0.
fn first_key_line(yaml: &str) -> usize {
    yaml.lines()
        .position(|line| {
            let line = line.trim();
            !line.is_empty() && !line.starts_with('#') && line != "---"
        })
        .map_or(0, |i| i + 1)
}

/// Whether `name` is a domain name GitHub Pages accepts in a CNAME file: labels of letters,
/// digits and inner hyphens, joined by dots.
fn is_domain(name: &str) -> bool {
    let label = |l: &str| {
        !l.is_empty()
            && l.len() <= 63
            && l.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
            && !l.starts_with('-')
            && !l.ends_with('-')
    };
    name.len() <= 253 && name.contains('.') && name.split('.').all(label)
}

/// The theme must be a folder of the site or the built-in one.
fn check_theme(root: &Path, theme: &str, source: &str) -> Result<(), Diagnostic> {
    if theme == embedded::NAME || root.join("themes").join(theme).join("templates").is_dir() {
        return Ok(());
    }
    Err(
        Diagnostic::error(CONFIG_FILE, format!("theme `{theme}` not found"))
            .at(source, line_of_key(source, "theme"), 0)
            .with_help(format!(
                "expected its templates in themes/{theme}/templates/; the built-in theme is `{}`",
                embedded::NAME
            )),
    )
}

/// The GitHub Pages URL of the repository being built, when running in GitHub Actions:
/// `https://owner.github.io/name/`, or `https://owner.github.io/` for the repository
/// named `owner.github.io`. `var` reads an environment variable.
pub(crate) fn github_pages_url(var: impl Fn(&str) -> Option<String>) -> Option<String> {
    if var("GITHUB_ACTIONS").as_deref() != Some("true") {
        return None;
    }
    let repository = var("GITHUB_REPOSITORY")?;
    let (owner, name) = repository.split_once('/')?;
    let valid = |part: &str| {
        !part.is_empty()
            && part
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
    };
    if !valid(owner) || !valid(name) {
        return None;
    }
    // Pages hosts are lowercase; the path keeps the repository's own spelling.
    let host = format!("{}.github.io", owner.to_ascii_lowercase());
    Some(if name.eq_ignore_ascii_case(&host) {
        format!("https://{host}/")
    } else {
        format!("https://{host}/{name}/")
    })
}

/// An absolute http(s) URL ending in `/`.
pub(crate) fn normalize_base_url(url: &str) -> Result<String, String> {
    let url = url.trim();
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
        .ok_or_else(|| format!("base_url `{url}` must start with https:// or http://"))?;
    // Characters that would end an attribute or tag where the URL is written, or that no
    // site URL holds.
    let unsafe_char = |c: char| c.is_whitespace() || c.is_control() || "?#\"'<>`\\".contains(c);
    if rest.is_empty() || rest.starts_with('/') || rest.contains(unsafe_char) {
        return Err(format!("base_url `{url}` is not a valid site URL"));
    }
    Ok(if url.ends_with('/') {
        url.to_string()
    } else {
        format!("{url}/")
    })
}

/// The path part of base_url (`/repo/` for `https://user.github.io/repo/`).
pub(crate) fn base_path(base_url: &str) -> &str {
    let after_scheme = base_url.split_once("://").map_or(base_url, |(_, r)| r);
    after_scheme.find('/').map_or("/", |i| &after_scheme[i..])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_urls() {
        assert_eq!(
            normalize_base_url("https://u.github.io/repo").unwrap(),
            "https://u.github.io/repo/"
        );
        assert!(normalize_base_url("/repo/").is_err());
        assert!(normalize_base_url("https:///x").is_err());
        assert!(normalize_base_url("https://x.org/\"><script>").is_err());
        assert!(normalize_base_url("https://x.org/a\\b").is_err());
    }

    #[test]
    fn domains() {
        for good in ["guide.example.org", "a-b.example", "x1.y2.z3"] {
            assert!(is_domain(good), "{good}");
        }
        for bad in [
            "guide example.org",
            "https://guide.example.org",
            "guide.example.org/path",
            "guide.example.org\n",
            "localhost",
            "-a.example",
            "a..example",
            "",
        ] {
            assert!(!is_domain(bad), "{bad:?}");
        }
        assert_eq!(base_path("https://u.github.io/repo/"), "/repo/");
        assert_eq!(base_path("https://example.org/"), "/");
    }

    fn env<'a>(vars: &'a [(&'a str, &'a str)]) -> impl Fn(&str) -> Option<String> + 'a {
        |name| {
            vars.iter()
                .find(|(k, _)| *k == name)
                .map(|(_, v)| v.to_string())
        }
    }

    #[test]
    fn pages_url_from_github_actions() {
        let actions = |repo| {
            github_pages_url(env(&[
                ("GITHUB_ACTIONS", "true"),
                ("GITHUB_REPOSITORY", repo),
            ]))
        };
        assert_eq!(
            actions("Octo-Org/My.Guide").as_deref(),
            Some("https://octo-org.github.io/My.Guide/")
        );
        assert_eq!(
            actions("octo/Octo.github.io").as_deref(),
            Some("https://octo.github.io/")
        );
        assert_eq!(actions("no-slash"), None);
        assert_eq!(actions("owner/"), None);
        assert_eq!(actions("owner/a b"), None);
        // Only in GitHub Actions.
        assert_eq!(github_pages_url(env(&[("GITHUB_REPOSITORY", "o/r")])), None);
    }
}
