//! A translated chapter: its front matter gives the text of the source's (title,
//! description, objectives) and where it was translated from; its body replaces the
//! source's. Everything else about the page (weight, slug, aliases, dates, template) is
//! the source's.

use std::sync::Arc;

use serde::Deserialize;

use super::{PageState, orphan, read};
use crate::diagnostics::Diagnostic;
use crate::discover::SourceFile;
use crate::load::{Loaded, TranslationOf, front_matter, words};
use crate::yaml;

/// The keys a translation's front matter may set.
const KEYS: [&str; 4] = ["title", "description", "objectives", "source"];

/// A translated chapter's front matter.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TranslatedMeta {
    title: String,
    #[serde(default)]
    description: Option<String>,
    #[serde(default)]
    objectives: Vec<String>,
    /// The version of the source it was translated from (`guide translate sync`).
    #[serde(default)]
    source: Option<String>,
}

/// Puts the translation `file` in place of its source page in `loaded`.
pub(super) fn translate(
    loaded: &mut Loaded,
    file: &SourceFile,
    tag: &str,
) -> Result<PageState, Vec<Diagnostic>> {
    let Some(page) = loaded.pages.iter_mut().find(|p| p.file.rel == file.rel) else {
        return Err(vec![orphan(&file.path, &file.rel)]);
    };
    let text = read(&file.path)?;
    let path = file.path.as_path();
    let split = front_matter::split(&text).map_err(|e| {
        vec![
            Diagnostic::error(path, e.message)
                .at(&text, e.line, if e.line > 0 { 1 } else { 0 })
                .with_help(e.help),
        ]
    })?;
    let mut problems = Vec::new();
    for (n, key) in top_level_keys(split.yaml) {
        if !KEYS.contains(&key) {
            let line = split.yaml_line + n;
            problems.push(
                Diagnostic::error(
                    path,
                    format!("`{key}` belongs to the source page, content/{}", file.rel),
                )
                .at(&text, line, 1)
                .with_help(
                    "a translation's front matter sets only title, description, objectives and \
                     source; the rest is the source's",
                ),
            );
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let meta: TranslatedMeta =
        yaml::parse(split.yaml, path, &text, split.yaml_line).map_err(|d| vec![d])?;
    let at_key = |key: &str| split.yaml_line + yaml::line_of_key(split.yaml, key).max(1) - 1;
    if meta.title.trim().is_empty() {
        return Err(vec![
            Diagnostic::error(path, "the translation's title is empty")
                .at(&text, at_key("title"), 1)
                .with_help("write the page's title in the translation's language"),
        ]);
    }
    let source_objectives = page.meta.objectives.len();
    if !meta.objectives.is_empty() && meta.objectives.len() != source_objectives {
        return Err(vec![
            Diagnostic::error(
                path,
                format!(
                    "{} objectives here, where the source page has {source_objectives}",
                    meta.objectives.len()
                ),
            )
            .at(&text, at_key("objectives"), 1)
            .with_help("translate each of the source's objectives, in its order"),
        ]);
    }
    page.meta.title = meta.title;
    if meta.description.is_some() {
        page.meta.description = meta.description;
    }
    if !meta.objectives.is_empty() {
        page.meta.objectives = meta.objectives;
    }
    page.words = words::count(split.body);
    page.included = None;
    page.translation = Some(Arc::new(TranslationOf {
        tag: tag.to_string(),
        source: page.source.clone(),
        body_offset: page.body_offset,
        pin: meta.source.map(|pin| (pin, at_key("source"))),
    }));
    page.file = file.clone();
    page.body_offset = split.body_offset;
    page.source = Arc::new(text);
    Ok(PageState::Translated)
}

/// The keys of a YAML mapping's top level, each with its 0-based line.
fn top_level_keys(yaml: &str) -> impl Iterator<Item = (usize, &str)> {
    yaml.lines().enumerate().filter_map(|(n, line)| {
        if line.starts_with([' ', '\t', '#', '-']) {
            return None;
        }
        let (key, _) = line.split_once(':')?;
        let key = key.trim().trim_matches(['"', '\'']);
        (!key.is_empty()).then_some((n, key))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_of_the_top_level() {
        let yaml = "title: A\nobjectives:\n  - one: two\nweight: 3\n# c: d\n\"slug\": x\n";
        let keys: Vec<_> = top_level_keys(yaml).collect();
        assert_eq!(
            keys,
            [(0, "title"), (1, "objectives"), (3, "weight"), (5, "slug")]
        );
    }
}
