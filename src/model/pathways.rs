//! Checks the `pathway:` of each role file against the rest of the guide: every step says
//! what it is or why it cannot (`status`), cites sources, and names a chapter that exists
//! where it says which chapter explains it. Each problem is told at its line in the role
//! file. Unknown source ids are told with the other facts' (`role_entries`), and the
//! `#anchor` of `explained_in` once the pages are rendered (`check/pathways.rs`).

use rustc_hash::FxHashMap;

use crate::diagnostics::{Diagnostic, Diagnostics, suggest};
use crate::load::roles::{Step, StepStatus};
use crate::yaml::key_position;

use super::RoleEntry;

pub(super) fn check_pathways(
    roles: &[RoleEntry],
    page_by_file: &FxHashMap<String, usize>,
    draft_files: &rustc_hash::FxHashSet<String>,
    broken_pages: &[String],
    diagnostics: &mut Diagnostics,
) {
    for entry in roles {
        let r = &entry.loaded;
        let Some(pathway) = &r.role.pathway else {
            continue;
        };
        for (key, _, step) in pathway.steps() {
            let section = format!("pathway.{key}");
            let step_at = key_offset(&r.source, &section).unwrap_or(0);
            let at = |key: &str| key_offset(&r.source, &[&section, ".", key].concat());
            let error = |at: usize, message: String, help: &str| {
                Diagnostic::error(&r.path, message)
                    .at_offset(&r.source, at)
                    .with_help(help)
            };
            for (message, help) in step_problems(step) {
                diagnostics.push(error(step_at, format!("`{section}` {message}"), help));
            }
            if let Some(written) = &step.explained_in {
                let file = written.split('#').next().unwrap_or(written);
                // A page that could not be read has its own error already.
                let broken = broken_pages.iter().any(|p| p == file);
                if !broken && !page_by_file.contains_key(file) {
                    let draft = match draft_files.contains(file) {
                        true => " (it is a draft: build with --drafts to include it)",
                        false => "",
                    };
                    // Sorted, so that a tie always suggests the same file.
                    let mut files: Vec<&str> = page_by_file.keys().map(String::as_str).collect();
                    files.sort_unstable();
                    let help = match suggest(file, files) {
                        Some(best) => format!("did you mean `{best}`?"),
                        None => "name a chapter by its path under content/, such as \
                                 `becoming/licensure.md#the-exams`"
                            .into(),
                    };
                    diagnostics.push(error(
                        at("explained_in").unwrap_or(step_at),
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

/// Where the key at `path` (`pathway.exam.sources`) is written in a role file.
pub(crate) fn key_offset(source: &str, path: &str) -> Option<usize> {
    let (line, column) = key_position(source, path)?;
    let line_start: usize = source
        .split_inclusive('\n')
        .take(line - 1)
        .map(str::len)
        .sum();
    Some(line_start + column.saturating_sub(1))
}
