//! An mdBook chapter's text converted for the guide: its `{{#…}}` directives become guide's
//! (`include`, a page title) or are reported, its links (Markdown and raw HTML) follow the
//! chapters that moved, and custom elements guide cannot show are reported at their line.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use super::front_matter::Front;
use super::links::{apply, destinations, escape_braces, is_external};
use super::mdbook::chapter_of_url;
use super::{Imported, folder, normalize, relative};

/// A chapter being converted.
pub(super) struct ChapterText<'a> {
    /// The book's folder.
    pub(super) book: &'a Path,
    /// Where the guide will be published, for links that leave the book.
    pub(super) base_url: &'a str,
    pub(super) src_name: &'a str,
    /// Path under `src/`.
    pub(super) old: &'a str,
    /// Path under `content/`.
    pub(super) new: &'a str,
    pub(super) moved: &'a HashMap<String, String>,
    /// The file, relative to the book, for notes.
    pub(super) file: &'a Path,
}

/// The chapter's Markdown with directives and links rewritten; notes what cannot be.
pub(super) fn convert(
    chapter: &ChapterText<'_>,
    text: &str,
    front: &mut Front,
    included: &mut HashSet<String>,
    imported: &mut Imported,
) -> String {
    let mut edits = Vec::new();
    directives(chapter, text, front, included, imported, &mut edits);
    for (range, dest) in destinations(text).into_iter().chain(raw_links(text)) {
        if let Some(new) = rewrite_link(chapter, &dest, imported, text, range.start) {
            edits.push((range, new));
        }
    }
    custom_elements(chapter, text, imported);
    escape_braces(&apply(text, edits))
}

fn rewrite_link(
    chapter: &ChapterText<'_>,
    dest: &str,
    imported: &mut Imported,
    text: &str,
    at: usize,
) -> Option<String> {
    if dest.starts_with('#') || is_external(dest) {
        return None;
    }
    let (path, fragment) = match dest.split_once('#') {
        Some((p, f)) => (p, Some(f)),
        None => (dest, None),
    };
    if path.is_empty() {
        return None;
    }
    let resolved = match path.strip_prefix('/') {
        Some(abs) => normalize(abs),
        None => normalize(&format!("{}/{path}", folder(chapter.old))),
    };
    let Some(resolved) = resolved else {
        // A link out of the book, to a neighbour on its host (`../std/`): made absolute.
        let absolute = outside_link(chapter.base_url, chapter.old, dest)?;
        imported.note(
            chapter.file,
            text,
            at,
            format!(
                "link `{dest}` leaves the book; written as `{absolute}`, from guide.yaml's base_url"
            ),
        );
        return Some(absolute);
    };
    let new_dir = folder(chapter.new);
    let with_fragment = |p: String| match fragment {
        Some(f) => format!("{p}#{f}"),
        None => p,
    };
    if resolved.ends_with(".html") || resolved.ends_with(".md") {
        if let Some((_, target)) = chapter_of_url(&resolved, chapter.moved) {
            return Some(with_fragment(relative(new_dir, target)));
        }
        if resolved.ends_with(".html") {
            imported.note(
                chapter.file,
                text,
                at,
                format!("link `{dest}` leads to no chapter of SUMMARY.md; left as written"),
            );
        }
        return None;
    }
    // Another file of src/, copied to the same place under content/.
    (new_dir != folder(chapter.old)).then(|| with_fragment(relative(new_dir, &resolved)))
}

/// The absolute URL of `dest`, a link of the chapter `old` that climbs out of the book,
/// read from the book's address `base_url`; `None` if it climbs above the host too.
fn outside_link(base_url: &str, old: &str, dest: &str) -> Option<String> {
    let scheme_end = base_url.find("://")? + 3;
    let host_end = base_url[scheme_end..]
        .find('/')
        .map_or(base_url.len(), |i| scheme_end + i);
    let (origin, base_path) = base_url.split_at(host_end);
    let (path, fragment) = match dest.split_once('#') {
        Some((p, f)) => (p, format!("#{f}")),
        None => (dest, String::new()),
    };
    let joined = normalize(&format!("{base_path}/{}/{path}", folder(old)))?;
    Some(format!("{origin}/{joined}{fragment}"))
}

/// Rewrites `{{#include}}`, `{{#rustdoc_include}}`, `{{#playground}}` and `{{#title}}`.
fn directives(
    chapter: &ChapterText<'_>,
    text: &str,
    front: &mut Front,
    included: &mut HashSet<String>,
    imported: &mut Imported,
    edits: &mut Vec<(std::ops::Range<usize>, String)>,
) {
    let mut from = 0;
    while let Some(i) = text[from..].find("{{#") {
        let start = from + i;
        let Some(len) = text[start..].find("}}") else {
            break;
        };
        let end = start + len + 2;
        from = end;
        if start > 0 && text.as_bytes()[start - 1] == b'\\' {
            // mdBook's escape: shown as written, without the backslash. guide reads
            // `{{#` as no shortcode, so it stays text.
            edits.push((start - 1..start, String::new()));
            continue;
        }
        let inner = text[start + 3..end - 2].trim();
        let (name, args) = inner.split_once(char::is_whitespace).unwrap_or((inner, ""));
        let args = args.trim();
        match name {
            "include" | "rustdoc_include" | "playground" => {
                let spec = args.split_whitespace().next().unwrap_or("");
                if spec.is_empty() {
                    // Written about, not used: mdBook leaves it too.
                    continue;
                }
                let found =
                    include_directive(chapter, spec).and_then(
                        |(book_rel, directive)| match chapter.book.join(&book_rel).is_file() {
                            true => Ok((book_rel, directive)),
                            false => Err(format!(
                                "`{{{{#{name}}}}}` names `{spec}`, which is no file of the book"
                            )),
                        },
                    );
                match found {
                    Ok((book_rel, directive)) => {
                        included.insert(book_rel);
                        let directive = if name == "playground" {
                            imported.note(
                                chapter.file,
                                text,
                                start,
                                "`{{#playground}}` becomes a plain code block: guide does not run code".into(),
                            );
                            format!("```rust\n{directive}\n```")
                        } else {
                            directive
                        };
                        edits.push((start..end, directive));
                    }
                    Err(message) => {
                        imported.note(chapter.file, text, start, message);
                        edits.push((start..end, format!("(not imported: {name} {spec})")));
                    }
                }
            }
            "title" => {
                front.title = args.to_string();
                let line_end = text[end..].find('\n').map_or(text.len(), |i| end + i + 1);
                let whole_line = text[..start]
                    .rsplit('\n')
                    .next()
                    .is_some_and(|b| b.trim().is_empty())
                    && text[end..line_end].trim().is_empty();
                edits.push((
                    start..if whole_line { line_end } else { end },
                    String::new(),
                ));
            }
            _ => imported.note(
                chapter.file,
                text,
                start,
                format!(
                    "`{{{{#{name}}}}}` is not an mdBook directive guide knows; left as written"
                ),
            ),
        }
    }
}

/// guide's directive for mdBook's `path[:from[:to]]` or `path:anchor` spec, and the
/// included file's path in the book.
fn include_directive(chapter: &ChapterText<'_>, spec: &str) -> Result<(String, String), String> {
    let mut parts = spec.splitn(3, ':');
    let path = parts.next().unwrap_or("");
    let a = parts.next();
    let b = parts.next();
    let number = |s: &str| s.trim().parse::<usize>().ok();
    let part = match (a, b) {
        (None, _) => String::new(),
        (Some(a), None) if number(a).is_some() => format!(", lines=\"{}\"", a.trim()),
        (Some(a), None) if a.trim().is_empty() => String::new(),
        (Some(a), None) => format!(", anchor=\"{}\"", a.trim()),
        (Some(a), Some(b)) => match (a.trim(), b.trim()) {
            ("", "") => String::new(),
            (a, b) => format!(", lines=\"{a}-{b}\""),
        },
    };
    let book_rel = normalize(&format!(
        "{}/{}/{path}",
        chapter.src_name,
        folder(chapter.old)
    ))
    .ok_or_else(|| format!("`{path}` is outside the book's folder: not imported"))?;
    let site_rel = format!("includes/{book_rel}");
    let from = format!("content/{}", folder(chapter.new));
    let rel = relative(&from, &site_rel);
    Ok((book_rel, format!("{{{{ include(path=\"{rel}\"{part}) }}}}")))
}

/// Each `href` and `src` value the chapter's raw HTML writes, with its range: they are
/// rewritten like Markdown links, so they still reach their file from a chapter that moved.
fn raw_links(text: &str) -> Vec<(std::ops::Range<usize>, String)> {
    use crate::html::{Attribute, attributes};
    use pulldown_cmark::{Event, Parser, Tag};
    let mut out = Vec::new();
    for (event, range) in Parser::new_ext(text, crate::markdown::options()).into_offset_iter() {
        if !matches!(event, Event::Start(Tag::HtmlBlock) | Event::InlineHtml(_)) {
            continue;
        }
        let raw = &text[range.clone()];
        for (name, value) in attributes(raw.as_bytes()) {
            if name == Attribute::Id || value.is_empty() {
                continue;
            }
            let start = range.start + (value.as_ptr() as usize - raw.as_ptr() as usize);
            // Only a value written as it is meant (no character references to decode).
            if text.get(start..start + value.len()) == Some(value) && !value.contains('&') {
                out.push((start..start + value.len(), value.to_string()));
            }
        }
    }
    out
}

/// Notes custom elements (a tag whose name has a capital or a hyphen), which browsers
/// show as their content alone.
fn custom_elements(chapter: &ChapterText<'_>, text: &str, imported: &mut Imported) {
    use pulldown_cmark::{Event, Parser};
    let mut seen = 0;
    for (event, range) in Parser::new_ext(text, crate::markdown::options()).into_offset_iter() {
        if !matches!(event, Event::Html(_) | Event::InlineHtml(_)) || range.start < seen {
            continue;
        }
        seen = range.end;
        let raw = &text[range.clone()];
        let mut at = 0;
        while let Some(i) = raw[at..].find('<') {
            let start = at + i + 1;
            at = start;
            let name: String = raw[start..]
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '-')
                .collect();
            if name.is_empty() || !name.starts_with(|c: char| c.is_ascii_alphabetic()) {
                continue;
            }
            if name.contains('-') || name.chars().any(|c| c.is_ascii_uppercase()) {
                imported.note(
                    chapter.file,
                    text,
                    range.start + start - 1,
                    format!(
                        "custom element `<{name}>` is not carried over: only its content is shown"
                    ),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn raw_html_links_are_found_at_their_place() {
        let text = "<img src=\"img/a.svg\" id=\"x\">\n\nText <a href=\"ch2.html#b\">b</a>.\n\n`<img src=\"no.svg\">`\n";
        let found: Vec<String> = raw_links(text)
            .into_iter()
            .map(|(r, v)| {
                assert_eq!(&text[r], v);
                v
            })
            .collect();
        assert_eq!(found, ["img/a.svg", "ch2.html#b"]);
    }

    #[test]
    fn links_out_of_the_book_are_made_absolute() {
        let base = "https://doc.example.org/book/";
        assert_eq!(
            outside_link(base, "ch1.md", "../std/x.html#m").as_deref(),
            Some("https://doc.example.org/std/x.html#m")
        );
        assert_eq!(outside_link(base, "ch1.md", "../../../x"), None);
    }

    #[test]
    fn include_specs() {
        let moved = HashMap::new();
        let chapter = ChapterText {
            book: Path::new("."),
            base_url: "https://example.org/book/",
            src_name: "src",
            old: "ch1.md",
            new: "part/ch1.md",
            moved: &moved,
            file: Path::new("src/ch1.md"),
        };
        let d = |s| include_directive(&chapter, s).unwrap().1;
        assert_eq!(
            d("../l/x.rs"),
            "{{ include(path=\"../../includes/l/x.rs\") }}"
        );
        assert_eq!(
            d("x.rs:2"),
            "{{ include(path=\"../../includes/src/x.rs\", lines=\"2\") }}"
        );
        assert_eq!(
            d("x.rs::9"),
            "{{ include(path=\"../../includes/src/x.rs\", lines=\"-9\") }}"
        );
        assert_eq!(
            d("x.rs:a_b"),
            "{{ include(path=\"../../includes/src/x.rs\", anchor=\"a_b\") }}"
        );
        assert!(include_directive(&chapter, "../../x").is_err());
    }
}
