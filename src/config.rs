//! `guide.yaml`: the site's configuration, merged with the command line's overrides.

use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::diagnostics::Diagnostic;
use crate::{fsx, yaml};

/// The file name of the configuration, at the site root.
pub const CONFIG_FILE: &str = "guide.yaml";

/// What the author wrote in guide.yaml.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    pub title: String,
    #[serde(default)]
    pub description: String,
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
    /// Anything the author wants in templates, as `site.extra`.
    #[serde(default)]
    pub extra: serde_json::Map<String, serde_json::Value>,
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
pub fn load(root: &Path, overrides: &Overrides) -> Result<Config, Diagnostic> {
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
    Ok(config)
}

/// An absolute http(s) URL ending in `/`.
pub fn normalize_base_url(url: &str) -> Result<String, String> {
    let url = url.trim();
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
        .ok_or_else(|| format!("base_url `{url}` must start with https:// or http://"))?;
    if rest.is_empty() || rest.starts_with('/') || rest.contains(['?', '#', ' ']) {
        return Err(format!("base_url `{url}` is not a valid site URL"));
    }
    Ok(if url.ends_with('/') {
        url.to_string()
    } else {
        format!("{url}/")
    })
}

/// The path part of base_url (`/repo/` for `https://user.github.io/repo/`).
pub fn base_path(base_url: &str) -> &str {
    let after_scheme = base_url.split_once("://").map_or(base_url, |(_, r)| r);
    after_scheme.find('/').map_or("/", |i| &after_scheme[i..])
}

/// The 1-based line on which a top-level `key:` appears, or 0.
pub fn line_of_key(source: &str, key: &str) -> usize {
    source
        .lines()
        .position(|l| {
            l.trim_start()
                .strip_prefix(key)
                .is_some_and(|r| r.trim_start().starts_with(':'))
        })
        .map_or(0, |i| i + 1)
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
        assert_eq!(base_path("https://u.github.io/repo/"), "/repo/");
        assert_eq!(base_path("https://example.org/"), "/");
    }
}
