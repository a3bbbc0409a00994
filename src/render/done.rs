//! What [`super::render`] has handed to its sink so far: the outputs given back with their
//! receipts, and what the memo keeps of each.

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::output::Output;

/// The outputs the sink gave back, with its receipts, and what the memo keeps of them.
pub(super) struct Done<R> {
    pub(super) handed: Vec<(Output, R)>,
    /// In a build with a memo: each handed output's memo id and key, in the same order, and
    /// the outputs that failed, with theirs.
    pub(super) ids: Vec<Option<(String, u64)>>,
    pub(super) failed: Vec<((String, u64), Diagnostic)>,
    remember: bool,
}

impl<R> Done<R> {
    /// Room for `outputs` outputs: a large guide's lists, grown from empty, were copied
    /// over and over after the last page rendered.
    pub(super) fn with_capacity(outputs: usize, remember: bool) -> Self {
        Done {
            handed: Vec::with_capacity(outputs),
            ids: Vec::with_capacity(if remember { outputs } else { 0 }),
            failed: Vec::new(),
            remember,
        }
    }

    pub(super) fn push(
        &mut self,
        id: Option<(String, u64)>,
        result: Result<(Output, R), Diagnostic>,
        diagnostics: &mut Diagnostics,
    ) {
        match result {
            Ok(handed) => {
                if self.remember {
                    self.ids.push(id);
                }
                self.handed.push(handed);
            }
            Err(problem) => {
                if let Some(id) = id.filter(|_| self.remember) {
                    self.failed.push((id, problem.clone()));
                }
                diagnostics.push(problem);
            }
        }
    }
}
