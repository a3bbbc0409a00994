//! Roles: each role's page path and its place in the roles list, the sources its facts
//! cite checked against `content/sources.yaml`, and the comparison table's rows checked
//! against the role fields there are.

use std::collections::BTreeMap;

use crate::diagnostics::{Diagnostic, Diagnostics, suggest};
use crate::load::roles::{FIELDS, default_label};
use crate::load::{CompareSpec, LoadedRole, Sources, locate};

use super::{ROLES_PATH, RoleEntry};

pub(super) fn build_roles(
    roles: Vec<LoadedRole>,
    sources: Option<&Sources>,
    diagnostics: &mut Diagnostics,
) -> Vec<RoleEntry> {
    let mut entries: Vec<RoleEntry> = roles
        .into_iter()
        .map(|loaded| RoleEntry {
            path: format!("{ROLES_PATH}{}/", loaded.slug),
            loaded,
        })
        .collect();
    entries.sort_by(|a, b| {
        (a.loaded.role.weight, &a.loaded.role.name, &a.loaded.slug).cmp(&(
            b.loaded.role.weight,
            &b.loaded.role.name,
            &b.loaded.slug,
        ))
    });
    // Each unknown id, with where it is cited (file, offset, section), in order.
    let mut unknown: BTreeMap<&str, Vec<(&LoadedRole, usize, &str)>> = BTreeMap::new();
    for entry in &entries {
        let r = &entry.loaded;
        for (section, ids) in r.role.cited_sources() {
            if ids.is_empty() {
                let at = locate(&r.source, section, 0).unwrap_or(0);
                diagnostics.push(
                    Diagnostic::error(&r.path, format!("`{section}.sources` is empty"))
                        .at_offset(&r.source, at)
                        .with_help(
                            "every fact needs at least one source id from content/sources.yaml",
                        ),
                );
            }
            let Some(sources) = sources else {
                continue;
            };
            let section_at = locate(&r.source, section, 0).unwrap_or(0);
            for id in ids {
                if !sources.contains_key(id) {
                    let at = locate(&r.source, id, section_at).unwrap_or(section_at);
                    unknown.entry(id).or_default().push((r, at, section));
                }
            }
        }
    }
    // A pathway's steps cite sources too; an id misspelt everywhere is still told once.
    if let Some(sources) = sources {
        for entry in &entries {
            let r = &entry.loaded;
            let steps = r.role.pathway.iter().flat_map(|p| p.cited_sources());
            for (section, ids) in steps {
                let key = [section, ".sources"].concat();
                let section_at = super::pathways::key_offset(&r.source, &key).unwrap_or(0);
                for id in ids.iter().filter(|id| !sources.contains_key(*id)) {
                    let at = locate(&r.source, id, section_at).unwrap_or(section_at);
                    unknown.entry(id).or_default().push((r, at, section));
                }
            }
        }
        report_unknown_sources(unknown, sources, diagnostics);
    }
    entries
}

/// Reports each unknown source id once, at its first citation: an id cited all over the
/// roles but missing from content/sources.yaml (misspelt there, say) is one mistake, not
/// one per citation.
fn report_unknown_sources(
    unknown: BTreeMap<&str, Vec<(&LoadedRole, usize, &str)>>,
    sources: &Sources,
    diagnostics: &mut Diagnostics,
) {
    for (id, mut citations) in unknown {
        citations.sort_by_key(|(r, at, _)| (&r.path, *at));
        let (r, at, section) = citations[0];
        let d = Diagnostic::error(
            &r.path,
            format!("unknown source `{id}` in `{section}.sources`"),
        )
        .at_offset(&r.source, at);
        let mut files: Vec<_> = citations.iter().map(|(r, _, _)| &r.path).collect();
        files.dedup();
        let cited = match (citations.len(), files.len()) {
            (1, _) => None,
            (n, 1) => Some(format!(" is cited {n} times in this file")),
            (n, f) => Some(format!(" is cited {n} times in {f} role files")),
        };
        let best = suggest(id, sources.keys().map(String::as_str));
        let help = match (best, cited) {
            (Some(best), None) => format!("did you mean `{best}`?"),
            (Some(best), Some(cited)) => format!(
                "did you mean `{best}`? It{cited}: if content/sources.yaml misspells it, fix \
                 it there"
            ),
            (None, None) => "add it to content/sources.yaml".to_string(),
            (None, Some(cited)) => format!("add it to content/sources.yaml (it{cited})"),
        };
        diagnostics.push(d.with_help(help));
    }
}

pub(super) fn build_compare(
    compare: Option<crate::load::DataFile<CompareSpec>>,
    diagnostics: &mut Diagnostics,
) -> CompareSpec {
    let Some(file) = compare else {
        return CompareSpec::default();
    };
    let mut from = 0;
    for row in &file.value.rows {
        // The row's `field` key, then its value there (none when it is written `''`).
        let key = locate(&file.source, "field", from).unwrap_or(from);
        let at = locate(&file.source, &row.field, key).unwrap_or(key);
        from = at + file.source[at..].chars().next().map_or(0, char::len_utf8);
        if default_label(&row.field).is_none() {
            let d = Diagnostic::error(&file.path, format!("unknown role field `{}`", row.field))
                .at_offset(&file.source, at);
            diagnostics.push(field_help(d, &row.field));
        }
    }
    file.value
}

/// Adds "did you mean" or the list of valid fields.
pub(crate) fn field_help(d: Diagnostic, field: &str) -> Diagnostic {
    match suggest(field, FIELDS.iter().map(|(f, _)| *f)) {
        Some(best) => d.with_help(format!("did you mean `{best}`?")),
        None => d.with_help(format!(
            "fields: {}",
            FIELDS
                .iter()
                .map(|(f, _)| *f)
                .collect::<Vec<_>>()
                .join(", ")
        )),
    }
}
