//! Links of a Markdown text, found with pulldown-cmark, for rewriting.

use std::ops::Range;

use pulldown_cmark::{Event, Parser, Tag};

/// Each link and image destination written in `text`, with its byte range, skipping those
/// the source does not spell out (autolinks are kept as written).
pub(crate) fn destinations(text: &str) -> Vec<(Range<usize>, String)> {
    let parser = Parser::new_ext(text, crate::markdown::options());
    let mut out = Vec::new();
    let defs: Vec<(Range<usize>, String)> = parser
        .reference_definitions()
        .iter()
        .filter_map(|(_, def)| {
            let span = &text[def.span.clone()];
            let at = span.find(&*def.dest)?;
            let start = def.span.start + at;
            Some((start..start + def.dest.len(), def.dest.to_string()))
        })
        .collect();
    for (event, range) in parser.into_offset_iter() {
        let dest = match &event {
            Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) => dest_url,
            _ => continue,
        };
        if dest.is_empty() {
            continue;
        }
        let span = &text[range.clone()];
        // An inline link ends with `(dest …)`; a reference link's dest is in its definition.
        if let Some(open) = span.rfind("](")
            && let Some(at) = span[open..].find(&**dest)
        {
            let start = range.start + open + at;
            out.push((start..start + dest.len(), dest.to_string()));
        }
    }
    out.extend(defs);
    out.sort_by_key(|(r, _)| r.start);
    out.dedup_by_key(|(r, _)| r.start);
    out
}

/// Whether `dest` has a scheme (`https:`, `mailto:`) or starts with `//`.
pub(crate) fn is_external(dest: &str) -> bool {
    if dest.starts_with("//") {
        return true;
    }
    match dest.find(':') {
        Some(i) => dest[..i]
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.')),
        None => false,
    }
}

/// Applies non-overlapping `edits` (ranges of `text` and their replacements).
pub(crate) fn apply(text: &str, mut edits: Vec<(Range<usize>, String)>) -> String {
    edits.sort_by_key(|(r, _)| r.start);
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for (range, with) in edits {
        if range.start < at {
            continue;
        }
        out.push_str(&text[at..range.start]);
        out.push_str(&with);
        at = range.end;
    }
    out.push_str(&text[at..]);
    out
}

/// `text` with each `{{` outside code that is not an include directive written
/// `&#123;{`: guide reads every other `{{` there as a shortcode call, and the character
/// reference shows the same brace.
pub(crate) fn escape_braces(text: &str) -> String {
    use pulldown_cmark::TagEnd;
    if !text.contains("{{") {
        return text.to_string();
    }
    let mut code = Vec::new();
    let mut block = None;
    for (event, range) in Parser::new_ext(text, crate::markdown::options()).into_offset_iter() {
        match event {
            Event::Code(_) => code.push(range),
            Event::Start(Tag::CodeBlock(_)) => block = Some(range.start),
            Event::End(TagEnd::CodeBlock) => {
                if let Some(start) = block.take() {
                    code.push(start..range.end);
                }
            }
            _ => {}
        }
    }
    let mut edits = Vec::new();
    for (at, _) in text.match_indices("{{") {
        let rest = text[at + 2..].trim_start();
        if code.iter().any(|r| r.contains(&at))
            || (rest.starts_with("include") && rest[7..].trim_start().starts_with('('))
        {
            continue;
        }
        edits.push((at..at + 1, "&#123;".to_string()));
    }
    apply(text, edits)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn braces_outside_code_are_escaped() {
        let text = "a {{ v }} `{{ c }}` {{ include(path=\"x\") }}\n\n```\n{{ k }}\n```\n";
        assert_eq!(
            escape_braces(text),
            "a &#123;{ v }} `{{ c }}` {{ include(path=\"x\") }}\n\n```\n{{ k }}\n```\n"
        );
    }

    #[test]
    fn finds_inline_and_reference_links() {
        let text = "[a](x.html#y) ![i](img/p.png)\n\n[b][r]\n\n[r]: other.md\n";
        let found: Vec<String> = destinations(text)
            .into_iter()
            .map(|(r, d)| {
                assert_eq!(&text[r], d);
                d
            })
            .collect();
        assert_eq!(found, ["x.html#y", "img/p.png", "other.md"]);
        assert!(is_external("https://x") && !is_external("a.md") && !is_external("a.md#b:c"));
    }
}
