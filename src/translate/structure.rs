//! Whether a translation keeps its source's structure: the same shortcode calls, link
//! targets, citations, images, fenced code blocks and headings, in the same order. A
//! translation translates words; these are what readers follow, the build checks and the
//! print page numbers, so a difference is almost always a slip.
//!
//! Each kind is compared as a sequence on its own, and its first difference is reported at
//! the translation's line, since everything after a missing link is shifted by one and
//! would differ too. Code is translated (its comments may be), so only a block's info string
//! is compared, and for a `question` block the keys that are not words: `answer`, `link`
//! and the options' names.

use std::ops::Range;

use pulldown_cmark::{BrokenLink, CodeBlockKind, CowStr, Event, LinkType, Parser, Tag, TagEnd};

use crate::markdown::options;
use crate::markdown::shortcodes::{self, Arg, Call};

/// A way the translation's structure differs from its source's.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Difference {
    /// 1-based, in the translation's body.
    pub line: usize,
    pub message: String,
}

/// One element of a kind: how it reads in a message, and where it starts.
struct Item {
    text: String,
    offset: usize,
}

/// The elements of a body, kind by kind.
#[derive(Default)]
struct Structure {
    shortcodes: Vec<Item>,
    links: Vec<Item>,
    citations: Vec<Item>,
    images: Vec<Item>,
    code: Vec<Item>,
    headings: Vec<Item>,
}

/// Each kind, how to name one element of it, and where the structure keeps it.
type Kind = (&'static str, &'static str, fn(&Structure) -> &[Item]);

const KINDS: [Kind; 6] = [
    ("shortcode", "calls", |s| &s.shortcodes),
    ("link", "links to", |s| &s.links),
    ("citation", "cites", |s| &s.citations),
    ("image", "shows the image", |s| &s.images),
    ("code block", "has a code block", |s| &s.code),
    ("heading", "has a heading of level", |s| &s.headings),
];

/// The differences between the structure of `source_body` and that of `translation_body`
/// (both without front matter), at most one per kind, in the translation's line order.
pub(crate) fn compare(source_body: &str, translation_body: &str) -> Vec<Difference> {
    let source = structure(source_body);
    let translation = structure(translation_body);
    let line = |offset: usize| translation_body[..offset].matches('\n').count() + 1;
    let mut differences = Vec::new();
    for (kind, verb, items) in KINDS {
        let (a, b) = (items(&source), items(&translation));
        let Some(i) = (0..a.len().max(b.len()))
            .find(|&i| a.get(i).map(|x| &x.text) != b.get(i).map(|x| &x.text))
        else {
            continue;
        };
        let message = match (a.get(i), b.get(i)) {
            (Some(x), Some(y)) => format!(
                "the source {verb} {} here; the translation {verb} {}",
                x.text, y.text
            ),
            (Some(x), None) => format!(
                "the source {verb} {} after this (its {kind} {} of {}); the translation has no more",
                x.text,
                i + 1,
                a.len()
            ),
            (None, Some(y)) => format!(
                "the translation {verb} {} here, which the source does not (it has {} {kind}s)",
                y.text,
                a.len()
            ),
            (None, None) => unreachable!("an index below the longer length"),
        };
        // A missing element is told at the translation's last one of its kind.
        let at = b.get(i).or(b.last()).map_or(1, |y| line(y.offset));
        differences.push(Difference { line: at, message });
    }
    differences.sort_by_key(|d| d.line);
    differences
}

/// The elements of `body` that a translation keeps.
fn structure(body: &str) -> Structure {
    let mut s = Structure::default();
    let mut code: Vec<Range<usize>> = Vec::new();
    let mut block: Option<(String, usize)> = None;
    let mut block_text = String::new();
    // `[@vcu]` has no definition: the callback makes it a link of a type only it gives,
    // as the renderer's citations do (markdown/cites.rs).
    let mut callback = |link: BrokenLink<'_>| {
        let citable = matches!(link.link_type, LinkType::Shortcut | LinkType::Collapsed);
        (citable && link.reference.starts_with('@'))
            .then(|| (CowStr::from(link.reference.into_string()), CowStr::from("")))
    };
    let parser = Parser::new_with_broken_link_callback(body, options(), Some(&mut callback));
    for (event, range) in parser.into_offset_iter() {
        match event {
            Event::Start(Tag::Heading { level, .. }) => s.headings.push(Item {
                text: (level as usize).to_string(),
                offset: range.start,
            }),
            Event::Start(Tag::Link {
                link_type: LinkType::ShortcutUnknown | LinkType::CollapsedUnknown,
                dest_url,
                ..
            }) => s.citations.push(Item {
                text: format!("`[{dest_url}]`"),
                offset: range.start,
            }),
            Event::Start(Tag::Link { dest_url, .. }) => s.links.push(Item {
                text: format!("`{dest_url}`"),
                offset: range.start,
            }),
            Event::Start(Tag::Image { dest_url, .. }) => s.images.push(Item {
                text: format!("`{dest_url}`"),
                offset: range.start,
            }),
            Event::Code(_) => code.push(range),
            Event::Start(Tag::CodeBlock(kind)) => {
                let info = match kind {
                    CodeBlockKind::Fenced(info) => info.trim().to_string(),
                    CodeBlockKind::Indented => String::new(),
                };
                block = Some((info, range.start));
                block_text.clear();
            }
            Event::Text(t) if block.is_some() => block_text.push_str(&t),
            Event::End(TagEnd::CodeBlock) => {
                if let Some((info, offset)) = block.take() {
                    s.code.push(Item {
                        text: code_block(&info, &block_text),
                        offset,
                    });
                    code.push(offset..range.end);
                }
            }
            _ => {}
        }
    }
    s.shortcodes = shortcode_calls(body, &code);
    s
}

/// How a code block reads in a message: its info string, and a question's keys that are not
/// words.
fn code_block(info: &str, text: &str) -> String {
    let mut out = match info {
        "" => "without a language".to_string(),
        info => format!("of `{info}`"),
    };
    if info.split_whitespace().next() == Some("question") {
        let yaml: serde_yaml::Mapping = serde_yaml::from_str(text).unwrap_or_default();
        let get = |key: &str| {
            yaml.get(key)
                .map(|v| serde_json::to_string(v).unwrap_or_default())
        };
        let options = yaml.get("options").and_then(|o| o.as_mapping()).map(|o| {
            o.keys()
                .map(|k| serde_json::to_string(k).unwrap_or_default())
                .collect::<Vec<_>>()
                .join(", ")
        });
        for (key, value) in [
            ("options", options),
            ("answer", get("answer")),
            ("link", get("link")),
        ] {
            if let Some(value) = value {
                out.push_str(&format!(" ({key}: {value})"));
            }
        }
    }
    out
}

/// The shortcode calls of `body` outside code (`code`: the code spans and blocks), in order:
/// `{{ name(args) }}`, and the block form's `{% name(args) %}` and `{% end %}`.
fn shortcode_calls(body: &str, code: &[Range<usize>]) -> Vec<Item> {
    let outside = |at: usize| !code.iter().any(|r| r.contains(&at));
    let mut items = Vec::new();
    if let Some(prepared) = shortcodes::prepare(body, options()) {
        for call in &prepared.calls {
            items.push(Item {
                text: format!("`{{{{ {} }}}}`", call_text(call)),
                offset: call.span.start,
            });
        }
        for error in &prepared.errors {
            // The call starts at the last `{{` before the error; it is shown as written.
            let start = body[..=error.offset.min(body.len() - 1)]
                .rfind("{{")
                .unwrap_or(error.offset);
            let end = body[start..].find('\n').map_or(body.len(), |n| start + n);
            let raw = body[start..end].find("}}").map_or(end, |n| start + n + 2);
            items.push(Item {
                text: format!("`{}` (which does not parse)", &body[start..raw]),
                offset: start,
            });
        }
    }
    for (at, _) in body.match_indices("{%").filter(|(at, _)| outside(*at)) {
        let line_end = body[at..].find('\n').map_or(body.len(), |n| at + n);
        let Some(close) = body[at..line_end].find("%}") else {
            continue;
        };
        let inner = body[at + 2..at + close].trim();
        // The block form's arguments read as the inline form's do.
        let text = match shortcodes::prepare(&format!("{{{{ {inner} }}}}"), options()) {
            _ if inner == "end" => "`{% end %}`".to_string(),
            Some(p) if p.calls.len() == 1 => format!("`{{% {} %}}`", call_text(&p.calls[0])),
            _ => format!("`{{% {inner} %}}`"),
        };
        items.push(Item { text, offset: at });
    }
    items.sort_by_key(|i| i.offset);
    items
}

/// A call as one canonical line: `name(a="x", b=["y", "z"])`.
fn call_text(call: &Call) -> String {
    let args: Vec<String> = call
        .args
        .iter()
        .map(|(name, arg)| match arg {
            Arg::Str(s) => format!("{name}={s:?}"),
            Arg::List(l) => format!("{name}={l:?}"),
        })
        .collect();
    format!("{}({})", call.name, args.join(", "))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(source: &str, translation: &str) -> (usize, String) {
        match compare(source, translation).as_slice() {
            [d] => (d.line, d.message.clone()),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn the_same_structure_in_other_words_is_no_difference() {
        let source = "# Title\n\nSee [this](a.md#x) [@vcu].\n\n![A cat](cat.png)\n\n{{ fact(role=\"x\", field=\"y\") }}\n\n```python\n# a comment\nx = 1\n```\n";
        let translation = "# Título\n\nVea [esto](a.md#x) [@vcu].\n\n![Un gato](cat.png)\n\n{{ fact(role=\"x\", field=\"y\") }}\n\n```python\n# un comentario\nx = 1\n```\n";
        assert_eq!(compare(source, translation), []);
    }

    #[test]
    fn links() {
        let (line, message) = one(
            "A [b](differences.md#who-may-counsel) c.\n",
            "Uno\n\nA [b](differences.md) c.\n",
        );
        assert_eq!(line, 3);
        assert_eq!(
            message,
            "the source links to `differences.md#who-may-counsel` here; the translation links to `differences.md`"
        );
        let (line, message) = one("[a](a.md) [b](b.md)\n", "[a](a.md)\n\nb\n");
        assert_eq!(line, 1);
        assert!(
            message.contains("links to `b.md` after this (its link 2 of 2)"),
            "{message}"
        );
        let (_, message) = one("a\n", "[a](a.md)\n");
        assert!(
            message.contains("the translation links to `a.md` here, which the source does not"),
            "{message}"
        );
    }

    #[test]
    fn citations_are_compared_apart_from_links() {
        let (line, message) = one("A [@vcu] and [@nasw].\n", "A [@vcu]\ny [@bls].\n");
        assert_eq!(line, 2);
        assert_eq!(
            message,
            "the source cites `[@nasw]` here; the translation cites `[@bls]`"
        );
        // A citation is no link: reordering links and citations is no difference.
        assert_eq!(compare("[a](a.md) [@x]\n", "[@x] [a](a.md)\n"), []);
    }

    #[test]
    fn images() {
        let (_, message) = one("![a](a.png)\n", "![a](b.png)\n");
        assert_eq!(
            message,
            "the source shows the image `a.png` here; the translation shows the image `b.png`"
        );
    }

    #[test]
    fn shortcodes() {
        let (line, message) = one(
            "{{ role_card(role=\"case-manager\") }}\n",
            "x\n{{ role_card(role=\"social-worker\") }}\n",
        );
        assert_eq!(line, 2);
        assert_eq!(
            message,
            "the source calls `{{ role_card(role=\"case-manager\") }}` here; the translation calls `{{ role_card(role=\"social-worker\") }}`"
        );
        // Spacing and quotes are not the call; a call in code is not one.
        assert_eq!(
            compare("{{ a(b=[\"c\"]) }}\n", "{{a( b=[ \"c\" ])}}\n`{{ x() }}`\n"),
            []
        );
        let (_, message) = one("{{ a() }}\n", "{{ a(b) }}\n");
        assert!(
            message.contains("calls `{{ a(b) }}` (which does not parse)"),
            "{message}"
        );
        let (_, message) = one(
            "{% note(kind=\"tip\") %}\nx\n{% end %}\n",
            "{% note(kind=\"warning\") %}\ny\n{% end %}\n",
        );
        assert!(message.contains("`{% note(kind=\"tip\") %}`"), "{message}");
        let (_, message) = one("{% note() %}\nx\n{% end %}\n", "{% note() %}\ny\n");
        assert!(message.contains("`{% end %}` after this"), "{message}");
    }

    #[test]
    fn code_blocks_compare_their_info_string_not_their_code() {
        assert_eq!(
            compare("```rust\nlet a = 1;\n```\n", "```rust\nlet b = 2;\n```\n"),
            []
        );
        let (_, message) = one("```rust\nx\n```\n", "```python\nx\n```\n");
        assert_eq!(
            message,
            "the source has a code block of `rust` here; the translation has a code block of `python`"
        );
        let (_, message) = one("```\nx\n```\n", "text\n");
        assert!(
            message.contains("code block without a language after this"),
            "{message}"
        );
    }

    #[test]
    fn question_blocks_compare_their_answer_link_and_option_names() {
        let q = "```question\nquestion: Which?\noptions:\n  a: One\n  b: Two\nanswer: b\nlink: x.md#y\n```\n";
        let translated = q.replace("Which?", "¿Cuál?").replace("One", "Uno");
        assert_eq!(compare(q, &translated), []);
        let (_, message) = one(q, &q.replace("answer: b", "answer: a"));
        assert!(message.contains("(answer: \"b\")"), "{message}");
        let (_, message) = one(q, &q.replace("link: x.md#y", "link: x.md"));
        assert!(message.contains("(link: \"x.md#y\")"), "{message}");
        let (_, message) = one(q, &q.replace("  b: Two", "  c: Two"));
        assert!(message.contains("(options: \"a\", \"b\")"), "{message}");
    }

    #[test]
    fn headings_compare_count_and_level() {
        let (line, message) = one("## A\n\n## B\n", "## A\n\n### B\n");
        assert_eq!(line, 3);
        assert_eq!(
            message,
            "the source has a heading of level 2 here; the translation has a heading of level 3"
        );
        // A `#` in code is no heading.
        assert_eq!(compare("## A\n", "## A\n\n```sh\n# x\n```\n").len(), 1); // the code block
    }

    #[test]
    fn differences_come_in_line_order() {
        let d = compare("## A\n\n[a](a.md)\n", "[a](b.md)\n\n### A\n");
        assert_eq!(d.iter().map(|d| d.line).collect::<Vec<_>>(), [1, 3]);
    }

    /// The bundled guide's Spanish translation was checked for structure by hand.
    #[test]
    fn the_bundled_spanish_translation_keeps_its_sources_structure() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut pairs = 0;
        let mut found = Vec::new();
        for entry in walkdir::WalkDir::new(root.join("content")).sort_by_file_name() {
            let path = entry.unwrap().into_path();
            if path.extension().is_none_or(|e| e != "md") {
                continue;
            }
            let rel = path.strip_prefix(root.join("content")).unwrap();
            let Ok(translated) = std::fs::read_to_string(root.join("translations/es").join(rel))
            else {
                continue;
            };
            let source = std::fs::read_to_string(&path).unwrap();
            let body = |text: &str| {
                crate::load::front_matter::split(text)
                    .unwrap()
                    .body
                    .to_string()
            };
            for d in compare(&body(&source), &body(&translated)) {
                found.push(format!("{}:{}: {}", rel.display(), d.line, d.message));
            }
            pairs += 1;
        }
        assert!(pairs > 10, "{pairs} pairs");
        assert!(found.is_empty(), "{}", found.join("\n"));
    }
}
