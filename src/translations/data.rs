//! Translated data files: a role, the sources and the comparison hold the same keys as
//! their source file, text only (`yaml::overlay`); the glossary lists each entry's
//! translation under the source's term (`of:`). What a translation leaves out stays the
//! source's.

use serde::Deserialize;

use super::{orphan, read};
use crate::diagnostics::Diagnostic;
use crate::discover::{Kind, SourceFile};
use crate::load::Loaded;
use crate::yaml::{self, overlay};

/// Keys of a role that are not text: they belong to the source file.
const ROLE_FIXED: [&str; 8] = [
    "sources",
    "reviewed",
    "weight",
    "explained_in",
    "status",
    "allowed",
    "abbr",
    "accessed",
];

/// Keys of a source that stay as published (a work's title is not translated).
const SOURCE_FIXED: [&str; 8] = [
    "title",
    "short",
    "author",
    "publisher",
    "date",
    "url",
    "accessed",
    "language",
];

/// Marks all of the data's text as the source's, until a translation file says otherwise.
pub(super) fn all_untranslated(loaded: &mut Loaded) {
    for role in &mut loaded.roles {
        if let Ok((_, untranslated)) =
            overlay::overlay::<crate::load::Role>(&role.source, "", &ROLE_FIXED)
        {
            role.role.untranslated = untranslated;
        }
    }
    for term in loaded.glossary.iter_mut().flat_map(|g| &mut g.value) {
        term.untranslated = vec!["term", "expansion", "definition"];
    }
    for source in loaded.sources.iter_mut().flat_map(|s| s.value.values_mut()) {
        source.note_untranslated = source.note.is_some();
    }
    for row in loaded.compare.iter_mut().flat_map(|c| &mut c.value.rows) {
        row.untranslated = true;
    }
}

/// Puts the translation of a data file in place of its source's values in `loaded`.
pub(super) fn translate(loaded: &mut Loaded, file: &SourceFile) -> Result<(), Vec<Diagnostic>> {
    let text = read(&file.path)?;
    let located = |problems: Vec<overlay::Problem>| -> Vec<Diagnostic> {
        (problems.into_iter())
            .map(|p| {
                let (line, column) = yaml::key_position(&text, &p.path).unwrap_or((1, 0));
                let d = Diagnostic::error(&file.path, p.message).at(&text, line, column);
                match p.help.is_empty() {
                    true => d,
                    false => d.with_help(p.help),
                }
            })
            .collect()
    };
    let missing = || vec![orphan(&file.path, &file.rel)];
    match file.kind {
        Kind::Role => {
            let role = (loaded.roles.iter_mut())
                .find(|r| r.path.ends_with(&file.rel))
                .ok_or_else(missing)?;
            let (mut translated, untranslated): (crate::load::Role, _) =
                overlay::overlay(&role.source, &text, &ROLE_FIXED).map_err(located)?;
            translated.untranslated = untranslated;
            role.role = translated;
        }
        Kind::Sources => {
            let sources = loaded.sources.as_mut().ok_or_else(missing)?;
            let (mut translated, untranslated): (crate::load::data::SourcesFile, _) =
                overlay::overlay(&sources.source, &text, &SOURCE_FIXED).map_err(located)?;
            for (id, source) in translated.0.iter_mut() {
                source.note_untranslated = untranslated.contains(&format!("{id}.note"));
            }
            sources.value = translated.0;
        }
        Kind::Compare => {
            let compare = loaded.compare.as_mut().ok_or_else(missing)?;
            let untranslated;
            (compare.value, untranslated) =
                overlay::overlay(&compare.source, &text, &["field"]).map_err(located)?;
            for (n, row) in compare.value.rows.iter_mut().enumerate() {
                row.untranslated = untranslated.contains(&format!("rows[{n}].label"));
            }
        }
        Kind::Glossary => {
            let glossary = loaded.glossary.as_mut().ok_or_else(missing)?;
            let entries: Vec<GlossaryTranslation> =
                yaml::parse(&text, &file.path, &text, 1).map_err(|d| vec![d])?;
            let mut problems = Vec::new();
            for (n, entry) in entries.into_iter().enumerate() {
                let Some(at) = glossary.value.iter().position(|t| t.term == entry.of) else {
                    let terms = glossary.value.iter().map(|t| t.term.as_str());
                    let help = match crate::diagnostics::suggest(&entry.of, terms) {
                        Some(near) => format!("did you mean `{near}`?"),
                        None => "`of:` names an entry of content/glossary.yaml by its term".into(),
                    };
                    let (line, column) =
                        yaml::key_position(&text, &format!("[{n}].of")).unwrap_or((1, 0));
                    problems.push(
                        Diagnostic::error(
                            &file.path,
                            format!("content/glossary.yaml has no term `{}`", entry.of),
                        )
                        .at(&text, line, column)
                        .with_help(help),
                    );
                    continue;
                };
                // A term left as it is (an abbreviation such as LCSW) is the language's too.
                let term = &mut glossary.value[at];
                term.untranslated.clear();
                if let Some(t) = entry.term {
                    term.term = t;
                }
                term.also = entry.also;
                match entry.expansion {
                    Some(e) => term.expansion = e,
                    None => term.untranslated.push("expansion"),
                }
                match entry.definition {
                    Some(d) => term.definition = d,
                    None => term.untranslated.push("definition"),
                }
            }
            if !problems.is_empty() {
                return Err(problems);
            }
        }
        Kind::Page | Kind::Section | Kind::Asset => unreachable!("not a data file"),
    }
    Ok(())
}

/// One entry of a translated glossary, under the source's term.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct GlossaryTranslation {
    of: String,
    #[serde(default)]
    term: Option<String>,
    #[serde(default)]
    expansion: Option<String>,
    #[serde(default)]
    definition: Option<String>,
    /// Other forms of the term in the language's text, marked like the term.
    #[serde(default)]
    also: Vec<String>,
}
