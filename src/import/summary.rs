//! mdBook's `SUMMARY.md`, read with pulldown-cmark: an optional `# Title`, prefix chapters
//! (links before the first list), numbered chapters (nested lists), part titles (`# Part`
//! between lists), separators (`---`, which have no equivalent and are dropped), draft
//! chapters (`[Title]()`, no file) and suffix chapters (links after the lists).

use pulldown_cmark::{Event, HeadingLevel, Parser, Tag, TagEnd};

/// A chapter of the summary, with its sub-chapters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Chapter {
    pub title: String,
    /// The file, relative to `src/`; `None` for a draft.
    pub path: Option<String>,
    /// Byte offset of the entry in SUMMARY.md.
    pub offset: usize,
    pub children: Vec<Chapter>,
}

/// Top-level entries in order: chapters, and parts holding chapters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Entry {
    Chapter(Chapter),
    Part {
        title: String,
        offset: usize,
        chapters: Vec<Chapter>,
    },
}

/// Reads the summary's entries. A link that is not in a list item nor a top-level
/// paragraph (a link inside a heading, say) is returned as a problem at its offset.
pub(crate) fn parse(text: &str) -> (Vec<Entry>, Vec<(usize, String)>) {
    let mut entries: Vec<Entry> = Vec::new();
    let mut problems = Vec::new();
    // Items open now, innermost last: (chapter so far, depth).
    let mut open: Vec<Chapter> = Vec::new();
    let mut depth = 0usize;
    let mut seen_anything = false;
    let mut heading: Option<(usize, String)> = None;
    let mut link: Option<(usize, String, String)> = None;
    let mut in_item_link_done: Vec<bool> = Vec::new();
    for (event, range) in Parser::new_ext(text, crate::markdown::options()).into_offset_iter() {
        match event {
            Event::Start(Tag::Heading { level, .. }) => {
                heading = Some((range.start, String::new()));
                if level != HeadingLevel::H1 {
                    problems.push((
                        range.start,
                        "only `# Part title` headings have a meaning in SUMMARY.md".into(),
                    ));
                }
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some((offset, title)) = heading.take() {
                    if seen_anything {
                        entries.push(Entry::Part {
                            title: title.trim().to_string(),
                            offset,
                            chapters: Vec::new(),
                        });
                    }
                    seen_anything = true;
                }
            }
            Event::Start(Tag::List(_)) => depth += 1,
            Event::End(TagEnd::List(_)) => depth = depth.saturating_sub(1),
            Event::Start(Tag::Item) => {
                open.push(Chapter {
                    title: String::new(),
                    path: None,
                    offset: range.start,
                    children: Vec::new(),
                });
                in_item_link_done.push(false);
            }
            Event::End(TagEnd::Item) => {
                in_item_link_done.pop();
                if let Some(done) = open.pop() {
                    match open.last_mut() {
                        Some(parent) => parent.children.push(done),
                        None => push_chapter(&mut entries, done),
                    }
                }
            }
            Event::Start(Tag::Link { dest_url, .. }) => {
                link = Some((range.start, dest_url.to_string(), String::new()));
            }
            Event::End(TagEnd::Link) => {
                let Some((offset, dest, title)) = link.take() else {
                    continue;
                };
                seen_anything = true;
                let path = (!dest.is_empty()).then(|| dest.replace("%20", " "));
                let chapter = Chapter {
                    title: title.trim().to_string(),
                    path,
                    offset,
                    children: Vec::new(),
                };
                if depth == 0 && heading.is_none() {
                    // Prefix and suffix chapters stand at the top, outside any part.
                    entries.push(Entry::Chapter(chapter));
                } else if let (Some(item), Some(done)) =
                    (open.last_mut(), in_item_link_done.last_mut())
                {
                    if !*done {
                        item.title = chapter.title;
                        item.path = chapter.path;
                        item.offset = chapter.offset;
                        *done = true;
                    }
                } else {
                    problems.push((offset, "a link here is not a chapter of the summary".into()));
                }
            }
            Event::Text(t) | Event::Code(t) => {
                if let Some((_, _, title)) = &mut link {
                    title.push_str(&t);
                } else if let Some((_, title)) = &mut heading {
                    title.push_str(&t);
                } else if let Some(item) = open.last_mut()
                    && !in_item_link_done.last().copied().unwrap_or(true)
                {
                    // A list item without a link: mdBook reads it as a draft only when it is
                    // written `[Title]()`; plain text is an error there.
                    item.title.push_str(&t);
                }
            }
            Event::Rule => seen_anything = true,
            _ => {}
        }
    }
    (entries, problems)
}

fn push_chapter(entries: &mut Vec<Entry>, chapter: Chapter) {
    match entries.last_mut() {
        Some(Entry::Part { chapters, .. }) => chapters.push(chapter),
        _ => entries.push(Entry::Chapter(chapter)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parts_nesting_drafts_prefix_and_suffix() {
        let text = "# Summary\n\n[Intro](intro.md)\n\n# Part A\n\n- [One](one.md)\n    - [One a](one/a.md)\n- [Draft]()\n\n---\n\n# Part B\n\n- [Two](two.md)\n\n[Thanks](thanks.md)\n";
        let (entries, problems) = parse(text);
        assert!(problems.is_empty(), "{problems:?}");
        let Entry::Chapter(intro) = &entries[0] else {
            panic!()
        };
        assert_eq!(intro.path.as_deref(), Some("intro.md"));
        let Entry::Part {
            title, chapters, ..
        } = &entries[1]
        else {
            panic!()
        };
        assert_eq!(title, "Part A");
        assert_eq!(chapters[0].children[0].title, "One a");
        assert_eq!(chapters[1].path, None);
        let Entry::Part {
            title, chapters, ..
        } = &entries[2]
        else {
            panic!()
        };
        assert_eq!((title.as_str(), chapters.len()), ("Part B", 1));
        let Entry::Chapter(thanks) = &entries[3] else {
            panic!()
        };
        assert_eq!(thanks.title, "Thanks");
    }
}
