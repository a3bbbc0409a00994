//! The site's smaller data files: glossary, sources and the comparison's rows.

use std::collections::BTreeMap;

use serde::Deserialize;

use super::Date;

/// One glossary entry of `content/glossary.yaml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Term {
    pub term: String,
    pub expansion: String,
    pub definition: String,
}

/// One cited work of `content/sources.yaml`, keyed by its id there.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Source {
    pub title: String,
    #[serde(default)]
    pub author: Option<String>,
    #[serde(default)]
    pub publisher: Option<String>,
    #[serde(default)]
    pub date: Option<Date>,
    #[serde(default)]
    pub url: Option<String>,
    #[serde(default)]
    pub note: Option<String>,
}

pub(crate) type Sources = BTreeMap<String, Source>;

/// `content/sources.yaml` as read: an id written twice is an error, where a map read as it
/// is keeps the last of the two.
#[derive(Deserialize)]
#[serde(transparent)]
pub(crate) struct SourcesFile(
    #[serde(deserialize_with = "crate::yaml::unique_keys")] pub(crate) Sources,
);

/// `content/compare.yaml`: what the comparison page shows.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CompareSpec {
    #[serde(default = "default_compare_title")]
    pub title: String,
    #[serde(default)]
    pub description: Option<String>,
    pub rows: Vec<CompareRow>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CompareRow {
    pub field: String,
    pub label: String,
}

fn default_compare_title() -> String {
    "Compare the roles".into()
}

impl Default for CompareSpec {
    /// Every field, in the default order, under its default label.
    fn default() -> Self {
        CompareSpec {
            title: default_compare_title(),
            description: None,
            rows: super::roles::FIELDS
                .iter()
                .map(|(field, label)| CompareRow {
                    field: field.to_string(),
                    label: label.to_string(),
                })
                .collect(),
        }
    }
}
