//! Checks the `pathway:` of each role file against the rest of the guide: every step says
//! what it is or why it cannot (`status`), cites known sources, and names a chapter that
//! exists where it says which chapter explains it. Each problem is told at its line in the
//! role file. The `#anchor` of `explained_in` is checked with every other link, once the
//! pages are rendered.

use rustc_hash::FxHashMap;

use crate::diagnostics::{Diagnostic, Diagnostics, suggest};
use crate::load::roles::{Step, StepStatus};
use crate::load::{Sources, locate};

use super::RoleEntry;

pub(super) fn check_pathways(
    roles: &[RoleEntry],
    page_by_file: &FxHashMap<String, usize>,
    draft_files: &rustc_hash::FxHashSet<String>,
    sources: Option<&Sources>,
    diagnostics: &mut Diagnostics,
) {
    for entry in roles {
        let r = &entry.loaded;
        let Some(pathway) = &r.role.pathway else {
            continue;
        };
        let pathway_at = locate(&r.source, "pathway", 0).unwrap_or(0);
        for (key, _, step) in pathway.steps() {
            let step_at = locate(&r.source, key, pathway_at).unwrap_or(pathway_at);
            let at = |word: &str| locate(&r.source, word, step_at).unwrap_or(step_at);
            let error = |at: usize, message: String, help: &str| {
                Diagnostic::error(&r.path, message)
                    .at_offset(&r.source, at)
                    .with_help(help)
            };
            let section = format!("pathway.{key}");
            for (message, help) in step_problems(step) {
                diagnostics.push(error(step_at, format!("`{section}` {message}"), help));
            }
            if let Some(sources) = sources {
                for id in &step.sources {
                    if !sources.contains_key(id) {
                        let help = match suggest(id, sources.keys().map(String::as_str)) {
                            Some(best) => format!("did you mean `{best}`?"),
                            None => "add it to content/sources.yaml".into(),
                        };
                        diagnostics.push(error(
                            at(id),
                            format!("unknown source `{id}` in `{section}.sources`"),
                            &help,
                        ));
                    }
                }
            }
            if let Some(written) = &step.explained_in {
                let file = written.split('#').next().unwrap_or(written);
                if !page_by_file.contains_key(file) {
                    let draft = match draft_files.contains(file) {
                        true => " (it is a draft: build with --drafts to include it)",
                        false => "",
                    };
                    let help = match suggest(file, page_by_file.keys().map(String::as_str)) {
                        Some(best) => format!("did you mean `{best}`?"),
                        None => "name a chapter by its path under content/, such as \
                                 `becoming/licensure.md#the-exams`"
                            .into(),
                    };
                    diagnostics.push(error(
                        at("explained_in"),
                        format!(
                            "`{section}.explained_in` names `{file}`, but content/{file} \
                             is not a page{draft}"
                        ),
                        &help,
                    ));
                }
            }
        }
    }
}

/// What is wrong with a step's status, text and sources together.
fn step_problems(step: &Step) -> Vec<(&'static str, &'static str)> {
    let mut problems = Vec::new();
    let has_text = step.text.as_deref().is_some_and(|t| !t.trim().is_empty());
    match step.status {
        StepStatus::Stated if !has_text => problems.push((
            "has no `text`",
            "say what the step is, or write `status: not_specified` when the sources do not say",
        )),
        StepStatus::NotSpecified if has_text => problems.push((
            "has `text` but `status: not_specified`",
            "a step the sources do not specify has no text: remove it, or remove the status",
        )),
        _ => {}
    }
    if step.status != StepStatus::NotSpecified && step.sources.is_empty() {
        problems.push((
            "cites no sources",
            "every stated step needs at least one source id from content/sources.yaml",
        ));
    }
    problems
}
