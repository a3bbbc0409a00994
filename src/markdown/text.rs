//! The words a page's own rendering shows, taken from the events as the renderer passes
//! them, for the search index: the index needs the page's text, not its tags, and reading
//! it back out of the HTML cost the build nearly as much as writing the HTML did.

use pulldown_cmark::{Event, Tag, TagEnd};

use super::shortcodes::without_placeholders;

/// A page's text: its headings' and the rest. Blocks end with a line break; a line break
/// in a paragraph is a space, so a phrase written over two lines is found whole.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct PageText {
    pub headings: String,
    pub body: String,
}

/// Takes a page's text from its events, as the parser gives them.
pub(super) struct TextCollector {
    text: PageText,
    /// Whether the page has shortcodes, whose placeholders are no words of its own.
    placeholders: bool,
    /// How deep inside code blocks the events are: listings are not what readers search.
    code_depth: usize,
    /// How deep inside images: their text is alt text, which the page does not show.
    image_depth: usize,
    in_heading: bool,
}

impl TextCollector {
    /// A collector for a page whose Markdown (`body_len` bytes) has shortcodes or not.
    pub(super) fn new(body_len: usize, placeholders: bool) -> TextCollector {
        TextCollector {
            text: PageText {
                headings: String::new(),
                body: String::with_capacity(body_len),
            },
            placeholders,
            code_depth: 0,
            image_depth: 0,
            in_heading: false,
        }
    }

    /// Takes the text of the page's next event.
    #[inline]
    pub(super) fn event(&mut self, event: &Event<'_>) {
        match event {
            Event::Start(Tag::Image { .. }) => self.image_depth += 1,
            Event::End(TagEnd::Image) => self.image_depth = self.image_depth.saturating_sub(1),
            _ if self.image_depth > 0 => {}
            Event::Start(Tag::Heading { .. }) => {
                line_break(&mut self.text.body);
                self.in_heading = true;
            }
            Event::End(TagEnd::Heading(_)) => {
                line_break(&mut self.text.headings);
                self.in_heading = false;
            }
            _ => self.text_of(event),
        }
    }

    fn text_of(&mut self, event: &Event<'_>) {
        let into = match self.in_heading {
            true => &mut self.text.headings,
            false => &mut self.text.body,
        };
        match event {
            Event::Text(text) | Event::Code(text) if self.code_depth == 0 => {
                match self.placeholders {
                    true => into.push_str(&without_placeholders(text)),
                    false => into.push_str(text),
                }
            }
            Event::SoftBreak | Event::HardBreak => into.push(' '),
            Event::Start(Tag::CodeBlock(_)) => self.code_depth += 1,
            Event::End(TagEnd::CodeBlock) => {
                self.code_depth = self.code_depth.saturating_sub(1);
                line_break(into);
            }
            // Inline elements sit inside words' runs; any other element ends a block.
            Event::Start(tag) if !inline(tag) => line_break(into),
            Event::End(end) if !inline_end(end) => line_break(into),
            _ => {}
        }
    }

    pub(super) fn finish(mut self) -> PageText {
        self.text.body.shrink_to_fit();
        self.text
    }
}

fn line_break(into: &mut String) {
    if !into.is_empty() && !into.ends_with('\n') {
        into.push('\n');
    }
}

fn inline(tag: &Tag<'_>) -> bool {
    matches!(
        tag,
        Tag::Emphasis
            | Tag::Strong
            | Tag::Strikethrough
            | Tag::Superscript
            | Tag::Subscript
            | Tag::Link { .. }
            | Tag::Image { .. }
    )
}

fn inline_end(end: &TagEnd) -> bool {
    matches!(
        end,
        TagEnd::Emphasis
            | TagEnd::Strong
            | TagEnd::Strikethrough
            | TagEnd::Superscript
            | TagEnd::Subscript
            | TagEnd::Link
            | TagEnd::Image
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use pulldown_cmark::Parser;

    fn text(markdown: &str) -> PageText {
        let mut collector = TextCollector::new(markdown.len(), false);
        for event in Parser::new_ext(markdown, crate::markdown::options()) {
            collector.event(&event);
        }
        collector.finish()
    }

    #[test]
    fn takes_text_by_block_without_code_listings() {
        let got = text(
            "Intro *with* `code`\nover lines ![alt text](a.png).\n\n## Hospital *discharge*\n\n\
             - Plan\n- early\n\n```sh\nls -l\n```\n\nend",
        );
        assert_eq!(got.headings, "Hospital discharge\n");
        assert_eq!(got.body, "Intro with code over lines .\nPlan\nearly\nend\n");
    }
}
