//! TeX math (`$…$` inline, `$$…$$` display) to MathML at build time, with pulldown-latex:
//! every current browser draws MathML, so the page needs no script and no web font.
//! Malformed TeX is an error at its line and column in the chapter.

use pulldown_cmark::{CowStr, Event};
use pulldown_latex::config::DisplayMode;
use pulldown_latex::event::Content;
use pulldown_latex::{Event as LatexEvent, Parser, RenderConfig, Storage};

/// A formula that could not be read: where in the file, the message and a hint.
pub(super) type MathError = (usize, String, Option<String>);

/// Renders `event` if it is math, at `offset` in the file `source` gives (where its first
/// `$` is); any other event comes back unchanged. A formula that cannot be read becomes an
/// error, and its TeX is shown as code in the meantime.
pub(super) fn take<'a, 's>(
    source: impl FnOnce() -> &'s str,
    event: Event<'a>,
    offset: usize,
    label: &str,
    errors: &mut Vec<MathError>,
) -> Event<'a> {
    let (tex, display) = match &event {
        Event::InlineMath(tex) => (tex, false),
        Event::DisplayMath(tex) => (tex, true),
        _ => return event,
    };
    let source = source();
    let delimiter = if display { 2 } else { 1 };
    let start = offset + delimiter;
    // The formula as written in the file, when pulldown-cmark passed it on as it is.
    let verbatim = source.get(start..).is_some_and(|s| s.starts_with(&**tex));
    // Money, not math: a closing `$` right before a digit, as in "$20-$30" or "$5/$10"
    // (Pandoc's rule, which pulldown-cmark does not follow).
    let after_closing = start + tex.len() + 1;
    if !display
        && verbatim
        && source.as_bytes().get(after_closing - 1) == Some(&b'$')
        && source
            .as_bytes()
            .get(after_closing)
            .is_some_and(u8::is_ascii_digit)
    {
        return Event::Text(CowStr::from(format!("${tex}$")));
    }
    match to_mathml(tex, display) {
        Ok(mathml) if display => Event::InlineHtml(CowStr::from(format!(
            // pulldown-cmark reads display math inside a paragraph, so its box is a span.
            // A formula wider than a phone scrolls in it; the box takes focus for keyboards.
            "<span class=\"math-display\" role=\"group\" aria-label=\"{}\" tabindex=\"0\">{mathml}</span>",
            crate::i18n::escape(label)
        ))),
        Ok(mathml) => Event::InlineHtml(CowStr::from(mathml)),
        Err(problem) => {
            let at = match problem.index {
                Some(index) if verbatim => start + index,
                _ => offset,
            };
            // The command it stopped on, when it stopped on one (`\fracc`).
            let command = problem
                .index
                .and_then(|index| tex.get(index..))
                .filter(|rest| rest.starts_with('\\'))
                .map(|rest| {
                    let name = rest[1..]
                        .find(|c: char| !c.is_ascii_alphabetic())
                        .map_or(rest, |end| &rest[..end + 1]);
                    format!(" (`{name}`)")
                })
                .unwrap_or_default();
            errors.push((
                at,
                format!(
                    "this TeX formula cannot be read: {}{command}",
                    problem.message
                ),
                Some(
                    "check the braces and the command names; to write a dollar sign \
                     rather than math, write \\$"
                        .to_string(),
                ),
            ));
            Event::Code(tex.clone())
        }
    }
}

/// Why a formula could not be read, and where in it, when that can be told.
#[derive(Debug)]
struct Problem {
    message: String,
    index: Option<usize>,
}

fn to_mathml(tex: &str, display: bool) -> Result<String, Problem> {
    let storage = Storage::new();
    let events: Vec<_> = Parser::new(tex, &storage)
        .collect::<Result<_, _>>()
        .map_err(|error: pulldown_latex::ParserError| Problem {
            message: std::error::Error::source(&error)
                .map_or_else(|| error.to_string(), ToString::to_string),
            index: error_index(tex).map(|at| command_before(tex, at)),
        })?;
    // pulldown-latex writes text as it is: text in `\text{…}` is escaped here, before it
    // is written, and single characters (`<` of `a < b`) after (`escape_stray`).
    let escaped: Vec<String> = events
        .iter()
        .filter_map(|event| match event {
            LatexEvent::Content(Content::Text(text)) if text.contains(['<', '>', '&']) => {
                Some(crate::html::escape(text))
            }
            _ => None,
        })
        .collect();
    let mut escaped_texts = escaped.iter();
    let events = events.into_iter().map(|event| match event {
        LatexEvent::Content(Content::Text(text)) if text.contains(['<', '>', '&']) => {
            Ok(LatexEvent::Content(Content::Text(
                escaped_texts.next().map_or("", String::as_str),
            )))
        }
        event => Ok::<_, std::convert::Infallible>(event),
    });
    let config = RenderConfig {
        display_mode: match display {
            true => DisplayMode::Block,
            false => DisplayMode::Inline,
        },
        ..RenderConfig::default()
    };
    let mut written = String::with_capacity(tex.len() * 8);
    pulldown_latex::push_mathml(&mut written, events, config).map_err(|error| Problem {
        message: error.to_string(),
        index: None,
    })?;
    let written = escape_stray(&written);
    // The TeX travels with the MathML, escaped: copied text and assistive software can
    // read it.
    let (open, inner) = written.split_once('>').unwrap_or(("<math", &written));
    let inner = inner.strip_suffix("</math>").unwrap_or(inner);
    let mut mathml = String::with_capacity(written.len() + tex.len() + 96);
    for piece in [
        open,
        "><semantics><mrow>",
        inner,
        "</mrow><annotation encoding=\"application/x-tex\">",
        &crate::html::escape(tex),
        "</annotation></semantics></math>",
    ] {
        mathml.push_str(piece);
    }
    Ok(mathml)
}

/// The writer's MathML with each `<` and `&` that starts no tag or entity escaped. Its tags
/// start `<` and a letter, or `</`; its entities are those `escape` writes.
fn escape_stray(written: &str) -> String {
    let mut out = String::with_capacity(written.len() + 16);
    let mut rest = written;
    while let Some(at) = rest.find(['<', '&']) {
        out.push_str(&rest[..at]);
        let after = &rest[at + 1..];
        let starts_markup = match rest.as_bytes()[at] {
            b'<' => after.starts_with('/') || after.starts_with(|c: char| c.is_ascii_alphabetic()),
            _ => ["lt;", "gt;", "amp;", "quot;", "#39;"]
                .iter()
                .any(|entity| after.starts_with(entity)),
        };
        match (rest.as_bytes()[at], starts_markup) {
            (_, true) => out.push_str(&rest[at..at + 1]),
            (b'<', false) => out.push_str("&lt;"),
            _ => out.push_str("&amp;"),
        }
        rest = after;
    }
    out.push_str(rest);
    out
}

/// The place of a control sequence (`\fracc`) that ends at `at`, give or take the spaces
/// after it: pulldown-latex stops after the command it cannot read, but the author wants to
/// be shown its start.
fn command_before(tex: &str, at: usize) -> usize {
    let before = tex[..at].trim_end();
    let name = before.trim_end_matches(|c: char| c.is_ascii_alphabetic());
    match name.strip_suffix('\\') {
        Some(start) if name.len() < before.len() => start.len(),
        _ => at,
    }
}

/// Where in `tex` the error was found. pulldown-latex does not say; it shows the text
/// around the place, from 12 bytes before it to 12 after, prefixed with `…` when that cut
/// the start. Read again with spaces after it (which TeX ignores), the formula never cuts
/// the excerpt's end, so the place is the excerpt's end less 12, and the excerpt's start
/// is found in the formula when it is there once.
fn error_index(tex: &str) -> Option<usize> {
    const AROUND: usize = 12;
    let padded = format!("{tex}{:width$}", "", width = AROUND + 1);
    let storage = Storage::new();
    let shown = Parser::new(&padded, &storage)
        .find_map(Result::err)?
        .to_string();
    // Text brought in by a macro is not in the formula as written.
    if shown.contains("which was expanded from") {
        return None;
    }
    let excerpt: Vec<&str> = shown
        .lines()
        .skip_while(|line| !line.contains("context:"))
        .skip(2)
        .take_while(|line| !line.starts_with('╰') && !line.starts_with('├'))
        .collect();
    // The last line is the row of carets.
    let (_, lines) = excerpt.split_last()?;
    let cut = lines.first()?.starts_with("│…");
    let text = lines
        .iter()
        .map(|line| {
            line.strip_prefix("│…")
                .or_else(|| line.strip_prefix("│ "))
                .unwrap_or_default()
        })
        .collect::<Vec<_>>()
        .join("\n");
    // An excerpt of nothing but the spaces added: the formula ended too soon.
    if text.trim().is_empty() {
        return Some(tex.len());
    }
    let start = match cut {
        false if padded.starts_with(&text) => 0,
        false => return None,
        true => {
            let from = padded.find(&text)?;
            // Only a place found once is a place.
            let next = padded[from..].chars().next().map_or(1, char::len_utf8);
            if padded[from + next..].contains(&text) {
                return None;
            }
            from
        }
    };
    let mut at = (start + text.len()).saturating_sub(AROUND).min(tex.len());
    while !tex.is_char_boundary(at) {
        at -= 1;
    }
    Some(at)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_become_mathml() {
        let inline = to_mathml("x^2", false).unwrap();
        assert!(inline.starts_with("<math"), "{inline}");
        assert!(inline.contains("<msup>"), "{inline}");
        assert!(inline.contains("x^2</annotation>"), "{inline}");
        let display = to_mathml(r"\frac{a}{b} < c", true).unwrap();
        assert!(display.contains("display=\"block\""), "{display}");
        assert!(display.contains("<mfrac>"), "{display}");
        assert!(display.contains("<mo>&lt;</mo>"), "{display}");
        // Text and the TeX kept beside the MathML cannot open a tag of their own.
        let text = to_mathml(r"\text{<b>&} a \& b < c", false).unwrap();
        assert!(!text.contains("<b>") && !text.contains("<</mo>"), "{text}");
        assert!(text.contains("&lt;b&gt;"), "{text}");
        for case in [
            r"a<b",
            r"x \lt y",
            r"\{a\}",
            r"a \leq b",
            r"\not< b",
            r"a \& b",
        ] {
            let mathml = to_mathml(case, false).unwrap();
            assert_eq!(
                mathml.matches('<').count(),
                mathml.matches('>').count(),
                "{case}: {mathml}"
            );
        }
    }

    #[test]
    fn a_malformed_formula_says_where() {
        let long = r"a + b + c + d + e + \frac{1}{2} + \frac{x}{";
        let problem = to_mathml(long, false).unwrap_err();
        assert!(problem.message.contains("unbalanced group"), "{problem:?}");
        assert_eq!(problem.index, Some(long.len()), "{problem:?}");
        let early = r"\frac{1}{2} + \undefinedcommand + a + b + c + d + e + f";
        let problem = to_mathml(early, false).unwrap_err();
        assert_eq!(problem.index, Some(14), "{problem:?}");
        // Short formulas, and errors at their start and end, are placed too.
        for (tex, at) in [
            (r"a + \fracc{1}{2}", 4),
            (r"\nope", 0),
            (r"x^{2", 4),
            (r"é + \nope", 5),
        ] {
            assert_eq!(to_mathml(tex, false).unwrap_err().index, Some(at), "{tex}");
        }
    }
}
