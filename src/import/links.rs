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

#[cfg(test)]
mod tests {
    use super::*;

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
