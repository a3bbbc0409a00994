//! What a run of `guide build` on a generated case must show: no crash, every error at a
//! file and a line, nothing changed by a failed build, and a successful build's output
//! consistent with itself. A failure carries a short signature (the kind of failure and its
//! place) so that shrinking keeps the same failure, not just any.

use std::collections::BTreeMap;
use std::path::Path;

use crate::case::Case;

/// Every file (with its bytes) and folder (`None`) under a folder, by relative path.
pub(crate) type Tree = BTreeMap<String, Option<Vec<u8>>>;

pub(crate) struct Run {
    /// The exit code; `None` when a signal ended the process or it was stopped for taking
    /// too long (`timed_out`).
    pub code: Option<i32>,
    pub timed_out: bool,
    pub stdout: String,
    pub stderr: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Failure {
    /// The kind of failure and where, short and stable: what shrinking must keep.
    pub signature: String,
    pub detail: String,
}

fn fail<T>(signature: impl Into<String>, detail: impl Into<String>) -> Result<T, Failure> {
    Err(Failure {
        signature: signature.into(),
        detail: detail.into(),
    })
}

/// One diagnostic as printed: `path:line:col: error: message`, the line and column left
/// out when unknown.
struct Told {
    path: String,
    line: usize,
    error: bool,
    message: String,
}

/// Errors that concern a whole file or its name, which no line can point at.
const WHOLE_FILE: &[&str] = &[
    "the file is empty",
    "this data file is not read",
    "is not a valid role slug",
    "is claimed by both",
    "is claimed both as a file",
    "makes no URL",
];

/// Defects this test found in code being reworked elsewhere (the output check's scanner, and
/// how links a template writes are told), each as what its errors say and why it is
/// tolerated. Such an error may lack a line or name an output file, and a sane case that
/// fails with such errors alone is counted, not failed. Remove an entry once its defect is
/// fixed, and the test checks those cases again.
pub(crate) const KNOWN: &[(&str, &str)] = &[(
    " links to `",
    "a broken link a template writes is told at the template or the output file, at no \
         line, when the template does not spell it out",
)];

/// How a case went.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Outcome {
    Built,
    Refused,
    /// Refused (or told without a line) only by the known defect of this entry of [`KNOWN`].
    Known(usize),
}

/// The entry of [`KNOWN`] whose errors `t` is one of.
fn known(t: &Told) -> Option<usize> {
    KNOWN.iter().position(|(says, _)| t.message.contains(says))
}

/// Digits out, length capped: a message as a signature, stable under shrinking.
fn gist(message: &str) -> String {
    let message: String = message
        .chars()
        .map(|c| if c.is_ascii_digit() { '#' } else { c })
        .collect();
    message.chars().take(70).collect()
}

/// Reads the diagnostics printer's output: header lines that start at column 0, each
/// followed by indented snippet and help lines, and a last line counting the errors.
fn read_report(stderr: &str) -> Result<Vec<Told>, Failure> {
    let mut told = Vec::new();
    let mut counted = None;
    for line in stderr.lines() {
        if line.is_empty()
            || line.starts_with([' ', '\t'])
            || line
                .chars()
                .next()
                .is_some_and(|c| c.is_ascii_digit() && line.contains(" | "))
        {
            continue;
        }
        // The last line: "2 errors, 0 warnings".
        if let Some((errors, _)) = line.split_once(" error")
            && (line.ends_with(" warnings") || line.ends_with(" warning"))
            && let Ok(n) = errors.parse::<usize>()
        {
            counted = Some(n);
            continue;
        }
        let Some((at, kind, message)) = [": error: ", ": warning: "]
            .iter()
            .filter_map(|k| line.find(k).map(|i| (i, *k)))
            .min()
            .map(|(i, k)| (&line[..i], k, &line[i + k.len()..]))
        else {
            // A line of a message that spans lines (a list of files, say).
            continue;
        };
        let mut path = at;
        let mut numbers = Vec::new();
        while let Some((rest, n)) = path.rsplit_once(':') {
            match n.parse::<usize>() {
                Ok(n) if numbers.len() < 2 => {
                    numbers.push(n);
                    path = rest;
                }
                _ => break,
            }
        }
        told.push(Told {
            path: path.to_string(),
            line: numbers.last().copied().unwrap_or(0),
            error: kind == ": error: ",
            message: message.to_string(),
        });
    }
    let errors = told.iter().filter(|t| t.error).count();
    match counted {
        Some(n) if n == errors => Ok(told),
        Some(n) => fail(
            "miscounted errors",
            format!("the summary counts {n} errors, {errors} were printed"),
        ),
        None if told.is_empty() => Ok(told),
        None => fail(
            "no summary line",
            "diagnostics were printed without the count of errors",
        ),
    }
}

/// Judges a run of `case` on the site at `root` (inside `temp`).
pub(crate) fn judge(
    run: &Run,
    case: &Case,
    root: &Path,
    temp: &Path,
    before: &Tree,
    after: &Tree,
) -> Result<Outcome, Failure> {
    if run.timed_out {
        return fail("hang", "the build did not finish in time");
    }
    if let Some(at) = run.stderr.find("panicked at ") {
        let place = run.stderr[at..].lines().next().unwrap_or("");
        return fail(format!("panic: {}", gist(place)), "guide panicked");
    }
    match run.code {
        Some(0 | 1) => {}
        other => {
            return fail(
                format!("exit status {other:?}"),
                "exit status other than 0 or 1",
            );
        }
    }
    let told = read_report(&run.stderr)?;
    let mut tolerated = None;
    for t in &told {
        if t.error && known(t).is_some() {
            tolerated = known(t);
            continue;
        }
        if t.path.is_empty() {
            return fail(
                format!("diagnostic without a file: {}", gist(&t.message)),
                "",
            );
        }
        let named = t.path.starts_with("(built-in") || root.join(&t.path).exists();
        if !named {
            return fail(
                format!("diagnostic names no file of the site: {}", gist(&t.message)),
                t.path.clone(),
            );
        }
        // A position inside the message would be counted from elsewhere than the file's
        // first line, and could contradict the one the diagnostic gives.
        if let Some((_, after)) = t.message.split_once(" at line ")
            && after.starts_with(|c: char| c.is_ascii_digit())
        {
            return fail(
                format!("message names a line of its own: {}", gist(&t.message)),
                "",
            );
        }
        if t.error && t.line == 0 && !WHOLE_FILE.iter().any(|w| t.message.contains(w)) {
            return fail(
                format!("error without a line: {}", gist(&t.message)),
                t.path.clone(),
            );
        }
    }
    let errors: Vec<&Told> = told.iter().filter(|t| t.error).collect();
    if run.code == Some(1) {
        if errors.is_empty() {
            return fail(
                "failed without an error",
                "exit status 1 but no error was printed",
            );
        }
        let changed = differences(before, after, None);
        if !changed.is_empty() {
            return fail("a failed build changed files", changed.join("\n"));
        }
        if case.sane {
            if let Some(entry) = errors
                .iter()
                .map(|t| known(t))
                .collect::<Option<Vec<_>>>()
                .and_then(|k| k.first().copied())
            {
                return Ok(Outcome::Known(entry));
            }
            return fail(
                format!("valid guide refused: {}", gist(&errors[0].message)),
                "a case made of valid input failed",
            );
        }
        return Ok(tolerated.map_or(Outcome::Refused, Outcome::Known));
    }
    if !errors.is_empty() {
        return fail("errors printed on success", "");
    }
    // "built N pages and M roles (K files) into DIR in T ms"
    let Some(dir) = run
        .stdout
        .split_once(" into ")
        .and_then(|(_, r)| r.rsplit_once(" in "))
        .map(|(d, _)| d.trim())
    else {
        return fail(
            "no summary",
            "the build did not say where it wrote the site",
        );
    };
    let out = Path::new(dir).canonicalize().map_err(|e| Failure {
        signature: "output folder missing".into(),
        detail: format!("{dir}: {e}"),
    })?;
    let out_rel = out
        .strip_prefix(temp.canonicalize().unwrap())
        .map(|p| p.to_string_lossy().replace('\\', "/"))
        .map_err(|_| Failure {
            signature: "output outside the site's folder".into(),
            detail: dir.to_string(),
        })?;
    let changed = differences(before, after, Some(&out_rel));
    if !changed.is_empty() {
        return fail(
            "a build changed files other than its output",
            changed.join("\n"),
        );
    }
    // "... (K files) ...": how many files the build says it wrote.
    let said = run
        .stdout
        .split_once(" (")
        .and_then(|(_, r)| r.split_once(" files)"))
        .and_then(|(n, _)| n.parse().ok());
    crate::output::check(&out, said, !case.writes_markers()).map(|()| Outcome::Built)
}

/// What differs between two trees, one path a line, leaving out what lies under `except`.
fn differences(before: &Tree, after: &Tree, except: Option<&str>) -> Vec<String> {
    // The output folder, what it holds, and the folders made to hold it (`build/` of
    // `build/html`).
    let skip = |path: &str| {
        except.is_some_and(|e| {
            path == e || path.starts_with(&format!("{e}/")) || e.starts_with(&format!("{path}/"))
        })
    };
    let mut lines = Vec::new();
    for (path, was) in before.iter().filter(|(p, _)| !skip(p)) {
        match after.get(path) {
            None => lines.push(format!("removed: {path}")),
            Some(now) if now != was => lines.push(format!("changed: {path}")),
            Some(_) => {}
        }
    }
    for path in after
        .keys()
        .filter(|p| !skip(p) && !before.contains_key(*p))
    {
        lines.push(format!("added: {path}"));
    }
    lines
}
