//! Tera's errors as diagnostics, each at its template's file and line. A syntax or rendering
//! error carries its place. The checks Tera runs once every template is added do not all:
//! unknown filters, functions, tests and templates come as one text of reports, each with
//! a `--> name:line:column` line, which is read back here; an include or extends loop and a
//! missing parent name only templates, and are placed at the tag that names the next one.

use tera::ErrorKind;

use super::theme::Theme;
use crate::diagnostics::Diagnostic;

/// Every problem a Tera error reports, each placed in its template where it can be.
pub(super) fn diagnostics(theme: &Theme, err: &tera::Error) -> Vec<Diagnostic> {
    if let ErrorKind::Msg(text) = err.kind()
        && std::error::Error::source(err).is_none()
    {
        let reports = reports(theme, text);
        if !reports.is_empty() {
            return reports;
        }
    }
    vec![diagnostic(theme, err)]
}

/// The diagnostic for a Tera error, located in its template.
pub(super) fn diagnostic(theme: &Theme, err: &tera::Error) -> Diagnostic {
    match err.kind() {
        ErrorKind::SyntaxError(report) | ErrorKind::RenderingError(report) => {
            let name = report.filename();
            let span = report.span();
            let source = theme.source_of(name);
            Diagnostic::error(theme.file_of(name), report.message().to_string()).at(
                source,
                span.start_line,
                span.start_col + 1,
            )
        }
        ErrorKind::MissingParent { current, parent } => at_tag(
            theme,
            current,
            "extends",
            parent,
            format!("extends `{parent}`, which is not a template of the theme or site"),
        )
        .with_help("name a template by its path under templates/, as base.html"),
        ErrorKind::CircularInclude { tpl, include_chain } => {
            loop_diagnostic(theme, tpl, include_chain, "include", "includes")
        }
        ErrorKind::CircularExtend {
            tpl,
            inheritance_chain,
        } => {
            // The chain lists the parents of `tpl`, ending with the one seen again.
            let mut chain = vec![tpl.clone()];
            chain.extend(inheritance_chain.iter().cloned());
            let again = chain.last().unwrap_or(tpl);
            loop_diagnostic(theme, again, &chain, "extends", "extends")
        }
        ErrorKind::TemplateNotFound(name) => {
            Diagnostic::error("templates", format!("template `{name}` not found"))
        }
        _ => Diagnostic::error("templates", error_chain(err)),
    }
}

/// The reports of a text of Tera's reports (`error: message`, then ` --> name:line:col`),
/// each with a hint; none when the text holds none.
fn reports(theme: &Theme, text: &str) -> Vec<Diagnostic> {
    let lines: Vec<&str> = text.lines().collect();
    let mut found = Vec::new();
    for pair in lines.windows(2) {
        let (Some(message), Some(place)) = (
            pair[0].strip_prefix("error: "),
            pair[1].trim_start().strip_prefix("--> "),
        ) else {
            continue;
        };
        let mut parts = place.rsplitn(3, ':');
        let (Some(col), Some(line), Some(name)) = (parts.next(), parts.next(), parts.next()) else {
            continue;
        };
        let (Ok(line), Ok(col)) = (line.parse(), col.parse()) else {
            continue;
        };
        let d =
            Diagnostic::error(theme.file_of(name), message).at(theme.source_of(name), line, col);
        found.push(match hint(message) {
            Some(help) => d.with_help(help),
            None => d,
        });
    }
    found
}

/// What to do about one of the reports Tera makes once every template is added.
fn hint(message: &str) -> Option<&'static str> {
    let kinds = [
        (
            "Unknown filter",
            "check the spelling: templates have Tera's built-in filters and no others",
        ),
        (
            "Unknown function",
            "check the spelling: templates have Tera's built-in functions (range, throw) and \
             no others",
        ),
        (
            "Unknown test",
            "check the spelling: templates have Tera's built-in tests (defined, string, \
             number, ...) and no others",
        ),
        (
            "Unknown template",
            "templates are named by their path under templates/, as partials/footer.html",
        ),
    ];
    kinds
        .iter()
        .find(|(kind, _)| message.starts_with(kind))
        .map(|(_, help)| *help)
}

/// A loop of includes or extends (`chain` ends with the template seen again), reported at
/// the tag that closes it: the last template's `include` or `extends` of the one before
/// it in the loop.
fn loop_diagnostic(
    theme: &Theme,
    again: &str,
    chain: &[String],
    tag: &str,
    verb: &str,
) -> Diagnostic {
    let start = chain.iter().position(|t| t == again).unwrap_or(0);
    let cycle = &chain[start..];
    let [.., closer, closed] = cycle else {
        return Diagnostic::error("templates", format!("`{again}` {verb} itself"));
    };
    let story = format!(
        "{} {verb} {}",
        cycle[0],
        cycle[1..].join(&format!(", which {verb} "))
    );
    at_tag(
        theme,
        closer,
        tag,
        closed,
        format!("this `{tag}` makes a loop: {story}"),
    )
    .with_help(format!(
        "a template cannot {} itself, even through others; take out one `{tag}` of the loop",
        tag.trim_end_matches('s')
    ))
}

/// An error in template `name`, at its `tag` (`include`, `extends`) of `target`, or at its
/// first line naming `target` when no such tag is found.
fn at_tag(theme: &Theme, name: &str, tag: &str, target: &str, message: String) -> Diagnostic {
    let source = theme.source_of(name);
    let quoted = [format!("\"{target}\""), format!("'{target}'")];
    let tagged = source.match_indices(tag).find_map(|(at, _)| {
        let rest = source[at + tag.len()..].trim_start();
        quoted
            .iter()
            .any(|q| rest.starts_with(q.as_str()))
            .then_some(at)
    });
    let offset = tagged.or_else(|| quoted.iter().find_map(|q| source.find(q.as_str())));
    let d = Diagnostic::error(theme.file_of(name), message);
    match offset {
        Some(offset) => d.at_offset(source, offset),
        None => d,
    }
}

/// An error with its causes, joined.
fn error_chain(err: &dyn std::error::Error) -> String {
    let mut message = err.to_string();
    let mut source = err.source();
    while let Some(cause) = source {
        message.push_str(": ");
        message.push_str(&cause.to_string());
        source = cause.source();
    }
    message
}
