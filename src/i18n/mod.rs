//! The theme's strings: every word the theme and the renderer show readers that does not
//! come from the author's content ("On this page", "Next", a callout's label), in one file
//! per language (`themes/<name>/i18n/<lang>.yaml`, flat dotted keys such as `toc.title`).
//!
//! The language being rendered (`config.language`) is merged over `en.yaml` key by key, so
//! a language file that lacks a key shows the English one (with one warning listing what is
//! missing). `en.yaml` is the list of keys: a key the templates or the Rust code use must be
//! in it, and a language file may hold no other. The files travel with the templates
//! (`discover::I18N_PREFIX`), so the model reads them from what was loaded.

mod file;
mod uses;

use std::collections::BTreeMap;
use std::sync::Arc;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::discover::I18N_PREFIX;
use crate::fingerprint::Fingerprint;
use crate::load::LoadedTemplate;

pub(crate) use file::Text;
use file::{StringFile, parse};

/// The language every other falls back to, whose file lists every key.
const BASE: &str = "en";

/// The keys the Rust code uses, each checked against `en.yaml` (see `CODE_KEYS`).
pub(crate) mod keys {
    pub(crate) const CALLOUT_NOTE: &str = "callout.note";
    pub(crate) const CALLOUT_TIP: &str = "callout.tip";
    pub(crate) const CALLOUT_IMPORTANT: &str = "callout.important";
    pub(crate) const CALLOUT_WARNING: &str = "callout.warning";
    pub(crate) const CALLOUT_CAUTION: &str = "callout.caution";
    pub(crate) const QUESTION: &str = "question.label";
    pub(crate) const QUESTION_CHOOSE_ONE: &str = "question.choose_one";
    pub(crate) const QUESTION_CHOOSE_ALL: &str = "question.choose_all";
    pub(crate) const QUESTION_TRUE_OR_FALSE: &str = "question.true_or_false";
    pub(crate) const QUESTION_TRUE: &str = "question.true";
    pub(crate) const QUESTION_FALSE: &str = "question.false";
    pub(crate) const QUESTION_RIGHT: &str = "question.right";
    pub(crate) const QUESTION_NOT_RIGHT: &str = "question.not_right";
    pub(crate) const QUESTION_CHECK: &str = "question.check";
    pub(crate) const QUESTION_SHOW_ANSWER: &str = "question.show_answer";
    pub(crate) const QUESTION_ANSWER_AT_END: &str = "question.answer_at_end";
    pub(crate) const QUESTION_ANSWER_KEY: &str = "question.answer_key";
    pub(crate) const QUESTION_READ_MORE: &str = "question.read_more";
    pub(crate) const CITE_NO_DATE: &str = "cite.no_date";
    pub(crate) const SEARCH_CHAPTER: &str = "search.kind_chapter";
    pub(crate) const SEARCH_ROLE: &str = "search.kind_role";
    pub(crate) const SEARCH_TERM: &str = "search.kind_term";
    pub(crate) const NAV_ROLES: &str = "nav.roles";
    pub(crate) const NAV_GLOSSARY: &str = "nav.glossary";
    pub(crate) const HEADING_SELF_LINK: &str = "heading.self_link";
    pub(crate) const TABLE: &str = "table.label";
    pub(crate) const TABLE_COLUMNS: &str = "table.label_columns";
    pub(crate) const CODE_BLOCK: &str = "code.label";
    pub(crate) const FORMULA: &str = "math.label";
    pub(crate) const PATHWAY_EDUCATION: &str = "pathway.education";
    pub(crate) const PATHWAY_SUPERVISED_PRACTICE: &str = "pathway.supervised_practice";
    pub(crate) const PATHWAY_EXAM: &str = "pathway.exam";
    pub(crate) const PATHWAY_CREDENTIAL: &str = "pathway.credential";
    pub(crate) const PATHWAY_ROLE: &str = "pathway.role";
    pub(crate) const PATHWAY_VARIES: &str = "pathway.varies_by_state";
    pub(crate) const PATHWAY_NOT_SPECIFIED: &str = "pathway.not_specified";
    pub(crate) const PATHWAY_SVG_TITLE: &str = "pathway.drawing_title";
    pub(crate) const PATHWAY_SVG_DESCRIPTION: &str = "pathway.drawing_description";
    pub(crate) const SOURCE_DATE: &str = "sources.date";
    pub(crate) const MONTHS: [&str; 12] = [
        "month.1", "month.2", "month.3", "month.4", "month.5", "month.6", "month.7", "month.8",
        "month.9", "month.10", "month.11", "month.12",
    ];
    pub(crate) const TITLE_ROLES: &str = "title.roles";
    pub(crate) const TITLE_COMPARE: &str = "title.compare";
    pub(crate) const TITLE_GLOSSARY: &str = "title.glossary";
    pub(crate) const TITLE_SOURCES: &str = "title.sources";
    pub(crate) const TITLE_PRINT: &str = "title.print";
    pub(crate) const TITLE_SEARCH: &str = "title.search";
    pub(crate) const TITLE_NOT_FOUND: &str = "title.not_found";
}

/// Every key the Rust code uses.
const CODE_KEYS: &[&str] = &[
    keys::CALLOUT_NOTE,
    keys::CALLOUT_TIP,
    keys::CALLOUT_IMPORTANT,
    keys::CALLOUT_WARNING,
    keys::CALLOUT_CAUTION,
    keys::QUESTION,
    keys::QUESTION_CHOOSE_ONE,
    keys::QUESTION_CHOOSE_ALL,
    keys::QUESTION_TRUE_OR_FALSE,
    keys::QUESTION_TRUE,
    keys::QUESTION_FALSE,
    keys::QUESTION_RIGHT,
    keys::QUESTION_NOT_RIGHT,
    keys::QUESTION_CHECK,
    keys::QUESTION_SHOW_ANSWER,
    keys::QUESTION_ANSWER_AT_END,
    keys::QUESTION_ANSWER_KEY,
    keys::QUESTION_READ_MORE,
    keys::CITE_NO_DATE,
    keys::SEARCH_CHAPTER,
    keys::SEARCH_ROLE,
    keys::SEARCH_TERM,
    keys::NAV_ROLES,
    keys::NAV_GLOSSARY,
    keys::HEADING_SELF_LINK,
    keys::TABLE,
    keys::TABLE_COLUMNS,
    keys::CODE_BLOCK,
    keys::FORMULA,
    keys::PATHWAY_EDUCATION,
    keys::PATHWAY_SUPERVISED_PRACTICE,
    keys::PATHWAY_EXAM,
    keys::PATHWAY_CREDENTIAL,
    keys::PATHWAY_ROLE,
    keys::PATHWAY_VARIES,
    keys::PATHWAY_NOT_SPECIFIED,
    keys::PATHWAY_SVG_TITLE,
    keys::PATHWAY_SVG_DESCRIPTION,
    keys::SOURCE_DATE,
    keys::MONTHS[0],
    keys::MONTHS[1],
    keys::MONTHS[2],
    keys::MONTHS[3],
    keys::MONTHS[4],
    keys::MONTHS[5],
    keys::MONTHS[6],
    keys::MONTHS[7],
    keys::MONTHS[8],
    keys::MONTHS[9],
    keys::MONTHS[10],
    keys::MONTHS[11],
    keys::TITLE_ROLES,
    keys::TITLE_COMPARE,
    keys::TITLE_GLOSSARY,
    keys::TITLE_SOURCES,
    keys::TITLE_PRINT,
    keys::TITLE_SEARCH,
    keys::TITLE_NOT_FOUND,
];

/// The keys whose strings the theme's scripts show; pages carry them only when they differ
/// from the built-in English, which the scripts hold themselves.
const SCRIPT_AREAS: &[&str] = &["search.script.", "question.script."];

/// The strings of one language, each key resolved (the language's own, or English).
#[derive(Debug, Clone, PartialEq)]
pub struct Ui {
    /// The language tag they are for (`config.language`).
    pub lang: String,
    strings: BTreeMap<String, Text>,
    /// Changes whenever any string does.
    pub fingerprint: u64,
}

impl Ui {
    /// The plain text of `key` (a plural's `other` form); the key itself when it has none,
    /// which a build has already reported as an error.
    pub(crate) fn text<'a>(&'a self, key: &'a str) -> &'a str {
        match self.strings.get(key) {
            Some(text) => text.other(),
            None => key,
        }
    }

    /// The form of `key` for `count`, its placeholders filled with `args` (plain text).
    #[cfg_attr(not(test), allow(dead_code))]
    pub(crate) fn count(&self, key: &str, count: usize, args: &[(&str, &str)]) -> String {
        let form = match self.strings.get(key) {
            Some(text) => text.form(count),
            None => key,
        };
        let count = count.to_string();
        let mut all = vec![("count", count.as_str())];
        all.extend_from_slice(args);
        fill(form, &all)
    }

    /// The strings as templates see them: nested objects by the key's parts (`toc.title`
    /// is `ui.toc.title`), each value HTML-escaped (templates write `| safe`), a plural an
    /// object of its forms.
    pub(crate) fn tera_value(&self) -> serde_json::Value {
        let mut root = serde_json::Map::new();
        for (key, text) in &self.strings {
            let value = match text {
                Text::One(s) => serde_json::Value::String(escape(s)),
                Text::Plural(forms) => forms
                    .iter()
                    .map(|(form, s)| (form.clone(), serde_json::Value::String(escape(s))))
                    .collect::<serde_json::Map<_, _>>()
                    .into(),
            };
            insert_nested(&mut root, key, value);
        }
        root.into()
    }

    /// The strings of the theme's scripts as a JSON object (`search.script.results` under
    /// `results`), or `None` when every one is the built-in English the scripts hold.
    pub(crate) fn script_strings(&self) -> Option<String> {
        let builtin = builtin_english();
        let mut differs = false;
        let mut out = serde_json::Map::new();
        for (key, text) in &self.strings {
            let Some(name) = SCRIPT_AREAS.iter().find_map(|a| {
                key.strip_prefix(a)
                    .map(|n| format!("{}.{n}", a.split('.').next().unwrap_or("")))
            }) else {
                continue;
            };
            differs |= builtin.strings.get(key) != Some(text);
            out.insert(name, serde_json::to_value(text).unwrap_or_default());
        }
        // `<` escaped, so no string closes the script element it is written in.
        differs.then(|| {
            serde_json::Value::Object(out)
                .to_string()
                .replace('<', "\\u003c")
        })
    }
}

/// The built-in theme's English strings: what the scripts hold, and what unit tests render
/// with.
pub(crate) fn builtin_english() -> Arc<Ui> {
    static ENGLISH: std::sync::OnceLock<Arc<Ui>> = std::sync::OnceLock::new();
    ENGLISH
        .get_or_init(|| {
            let name = format!("{I18N_PREFIX}{BASE}.yaml");
            let (path, _) = crate::embedded::files_under("i18n")
                .into_iter()
                .find(|(_, n)| format!("{I18N_PREFIX}{n}") == name)
                .expect("the built-in theme has en.yaml");
            let source = String::from_utf8_lossy(crate::embedded::get(&path).unwrap_or_default());
            let mut diagnostics = Diagnostics::default();
            let file = parse(&path, &source, &mut diagnostics).expect("en.yaml parses");
            Arc::new(Ui::from_base(BASE, file))
        })
        .clone()
}

impl Ui {
    fn from_base(lang: &str, base: StringFile) -> Ui {
        let strings: BTreeMap<String, Text> =
            base.entries.into_iter().map(|(k, e)| (k, e.text)).collect();
        Ui {
            lang: lang.to_string(),
            strings,
            fingerprint: 0,
        }
        .sealed()
    }

    /// The strings with their fingerprint, once every one is in.
    fn sealed(mut self) -> Ui {
        self.fingerprint = Fingerprint::new()
            .with(&self.lang)
            .with_debug(&self.strings)
            .finish();
        self
    }
}

/// The strings for `lang`, from the string files among `templates`; every problem with
/// them, and every key a template uses that `en.yaml` lacks, goes into `diagnostics`.
pub(crate) fn build(
    lang: &str,
    templates: &[LoadedTemplate],
    diagnostics: &mut Diagnostics,
) -> Arc<Ui> {
    let files: BTreeMap<&str, &LoadedTemplate> = templates
        .iter()
        .filter_map(|t| {
            let file = t.file.name.strip_prefix(I18N_PREFIX)?;
            Some((file.strip_suffix(".yaml")?, t))
        })
        .collect();
    let Some(base_file) = files.get(BASE) else {
        // Discovery always adds the built-in en.yaml, so only an unreadable file (reported
        // when it was read) gets here.
        return builtin_english();
    };
    let Some(base) = parse(&base_file.file.path, &base_file.source, diagnostics) else {
        return builtin_english();
    };
    for key in CODE_KEYS {
        if !base.entries.contains_key(*key) {
            diagnostics.push(
                Diagnostic::error(
                    &base_file.file.path,
                    format!("the string `{key}`, which guide writes on pages, is missing"),
                )
                .with_help(format!(
                    "add `{key}:` (the built-in theme's en.yaml has it)"
                )),
            );
        }
    }
    let unknown = uses::check_templates(templates, &base, diagnostics);

    let mut ui = Ui::from_base(lang, base.clone());
    // A key reported as unknown shows its own name, so Tera does not report it again on
    // every page that renders it.
    for key in unknown {
        ui.strings.entry(key.clone()).or_insert(Text::One(key));
    }
    if lang == BASE {
        return Arc::new(ui.sealed());
    }
    let Some(own_file) = files.get(lang) else {
        diagnostics.push(
            Diagnostic::warning(
                &base_file.file.path,
                format!("the theme has no strings for the language `{lang}`: its pages show the English ones"),
            )
            .with_help(format!("add i18n/{lang}.yaml to the theme, with the keys of en.yaml")),
        );
        return Arc::new(ui.sealed());
    };
    if let Some(own) = parse(&own_file.file.path, &own_file.source, diagnostics) {
        file::check_against_base(
            &own_file.file.path,
            &own_file.source,
            &own,
            &base,
            diagnostics,
        );
        for (key, entry) in own.entries {
            if base.entries.contains_key(&key) {
                ui.strings.insert(key, entry.text);
            }
        }
    }
    Arc::new(ui.sealed())
}

/// `text` with each `{name}` of `args` replaced by its value.
pub(crate) fn fill(text: &str, args: &[(&str, &str)]) -> String {
    let mut out = text.to_string();
    for (name, value) in args {
        out = out.replace(&format!("{{{name}}}"), value);
    }
    out
}

/// Escapes text for HTML text and double-quoted attributes. Unlike Tera's escape it leaves
/// `'` and `/` alone, so a string reads as the same bytes it did written in a template.
pub(crate) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            c => out.push(c),
        }
    }
    out
}

fn insert_nested(
    root: &mut serde_json::Map<String, serde_json::Value>,
    key: &str,
    value: serde_json::Value,
) {
    match key.split_once('.') {
        None => {
            root.insert(key.to_string(), value);
        }
        Some((head, rest)) => {
            let child = root
                .entry(head.to_string())
                .or_insert_with(|| serde_json::Value::Object(Default::default()));
            if let serde_json::Value::Object(map) = child {
                insert_nested(map, rest, value);
            }
        }
    }
}

#[cfg(test)]
mod tests;
