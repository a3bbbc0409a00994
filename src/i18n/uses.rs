//! The keys templates use (`ui.toc.title`), found in their text and checked against
//! `en.yaml`, so a misspelt key is an error at its template's line rather than Tera's
//! "variable not found" on whichever page first renders it.

use crate::diagnostics::{Diagnostic, Diagnostics, suggest};
use crate::discover::I18N_PREFIX;
use crate::load::LoadedTemplate;

use super::file::StringFile;

/// Reports each use of a key that `base` does not have, at its template's line, and
/// returns those keys.
pub(super) fn check_templates(
    templates: &[LoadedTemplate],
    base: &StringFile,
    diagnostics: &mut Diagnostics,
) -> Vec<String> {
    let mut unknown = Vec::new();
    for t in templates
        .iter()
        .filter(|t| !t.file.name.starts_with(I18N_PREFIX))
    {
        for (offset, key) in keys_used(&t.source) {
            if known(key, base) {
                continue;
            }
            let d = Diagnostic::error(&t.file.path, format!("unknown string `ui.{key}`"))
                .at_offset(&t.source, offset);
            diagnostics.push(
                match suggest(key, base.entries.keys().map(String::as_str)) {
                    Some(best) => d.with_help(format!("did you mean `ui.{best}`?")),
                    None => d.with_help("the keys are those of the theme's i18n/en.yaml"),
                },
            );
            unknown.push(key.to_string());
        }
    }
    unknown
}

/// Whether `used` names a string, a group of strings (`ui.nav`) or a plural's form
/// (`ui.nav.earlier_chapters.one`).
fn known(used: &str, base: &StringFile) -> bool {
    if base.entries.contains_key(used) {
        return true;
    }
    if let Some((parent, form)) = used.rsplit_once('.')
        && base.entries.contains_key(parent)
        && ["zero", "one", "two", "few", "many", "other"].contains(&form)
    {
        return true;
    }
    let group = format!("{used}.");
    base.entries.keys().any(|k| k.starts_with(&group))
}

/// Every `ui.a.b` in `source` (not part of a longer name such as `gui.x`), with the offset
/// of its `u`.
fn keys_used(source: &str) -> Vec<(usize, &str)> {
    let bytes = source.as_bytes();
    let name = |b: u8| b.is_ascii_alphanumeric() || b == b'_';
    source
        .match_indices("ui.")
        .filter(|(at, _)| *at == 0 || !(name(bytes[at - 1]) || bytes[at - 1] == b'.'))
        .filter_map(|(at, _)| {
            let start = at + 3;
            let len = bytes[start..]
                .iter()
                .take_while(|b| name(**b) || **b == b'.')
                .count();
            let key = source[start..start + len].trim_end_matches('.');
            (!key.is_empty()).then_some((at, key))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_keys_but_not_longer_names() {
        let found = keys_used(
            "{{ ui.toc.title | safe }} {{ gui.x }} {{ site.ui.y }}\n{{ui.nav.chapters}}.",
        );
        let keys: Vec<&str> = found.iter().map(|(_, k)| *k).collect();
        assert_eq!(keys, ["toc.title", "nav.chapters"]);
    }
}
