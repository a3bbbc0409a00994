//! Front matter as guide reads it, written as YAML.

use serde::Serialize;

/// A page's front matter; empty fields are left out.
#[derive(Debug, Default, Serialize)]
pub(crate) struct Front {
    pub title: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub weight: Option<i64>,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub draft: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub slug: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<String>,
    #[serde(skip_serializing_if = "serde_json::Map::is_empty")]
    pub extra: serde_json::Map<String, serde_json::Value>,
}

impl Front {
    pub(crate) fn titled(title: impl Into<String>) -> Self {
        Front {
            title: title.into(),
            ..Front::default()
        }
    }

    /// The page's file: this front matter, then `body`.
    pub(crate) fn page(&self, body: &str) -> String {
        let yaml = to_yaml(self);
        let mut out = format!("---\n{yaml}---\n");
        if !body.is_empty() {
            if !body.starts_with('\n') {
                out.push('\n');
            }
            out.push_str(body);
            if !body.ends_with('\n') {
                out.push('\n');
            }
        }
        out
    }
}

/// guide.yaml's settings an import can fill in, in the order an author reads them.
#[derive(Debug, Default, Serialize)]
pub(crate) struct SiteYaml {
    pub title: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    pub base_url: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
    /// Books written for mdBook hide the `# ` lines of their Rust examples.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub hide_rust_hash_lines: bool,
    #[serde(skip_serializing_if = "serde_json::Map::is_empty")]
    pub extra: serde_json::Map<String, serde_json::Value>,
}

/// A placeholder base URL: the GitHub Pages address of a GitHub repository, or
/// example.org. The importer notes that it is a guess.
pub(crate) fn guess_base_url(repository: Option<&str>) -> String {
    let github = repository
        .and_then(|r| r.strip_prefix("https://github.com/"))
        .and_then(|r| r.trim_end_matches('/').split_once('/'));
    match github {
        Some((owner, repo)) if !repo.contains('/') => {
            format!("https://{}.github.io/{repo}/", owner.to_lowercase())
        }
        _ => "https://example.org/".into(),
    }
}

/// `value` as YAML text (serde_yaml, the library behind guide's own YAML reading).
pub(crate) fn to_yaml<T: Serialize>(value: &T) -> String {
    serde_yaml::to_string(value).unwrap_or_default()
}

/// A TOML value as JSON, for `extra`.
pub(crate) fn toml_to_json(value: &toml::Value) -> serde_json::Value {
    match value {
        toml::Value::String(s) => s.clone().into(),
        toml::Value::Integer(i) => (*i).into(),
        toml::Value::Float(f) => {
            serde_json::Number::from_f64(*f).map_or(serde_json::Value::Null, Into::into)
        }
        toml::Value::Boolean(b) => (*b).into(),
        toml::Value::Datetime(d) => d.to_string().into(),
        toml::Value::Array(a) => a.iter().map(toml_to_json).collect(),
        toml::Value::Table(t) => t
            .iter()
            .map(|(k, v)| (k.clone(), toml_to_json(v)))
            .collect::<serde_json::Map<_, _>>()
            .into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_what_is_set() {
        let mut f = Front::titled("A: b");
        f.weight = Some(3);
        f.aliases = vec!["x.html".into()];
        let page = f.page("Text");
        assert_eq!(
            page,
            "---\ntitle: 'A: b'\nweight: 3\naliases:\n- x.html\n---\n\nText\n"
        );
    }
}
