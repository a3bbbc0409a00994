//! Links in a page's raw HTML (`<img src="../img/x.svg">`, `<a href="other.md">`) lead
//! where the same link written in Markdown would: relative to the page's file, rewritten
//! for the page's URL and for the print page, and checked with the Markdown's links, so a
//! broken one is told at its line. On the print page its ids get the page's prefix. A
//! block of HTML is read whole, since a tag may go on over several of its lines.

use pulldown_cmark::{CowStr, Event, Tag, TagEnd};

use super::render::PageRenderer;
use super::template::MARK;
use crate::html::{Attribute, attributes};

/// A block of raw HTML being read: its text so far, and where each of its lines starts in
/// that text and in the page's file.
#[derive(Default)]
pub(super) struct RawBlock {
    html: String,
    lines: Vec<(usize, usize)>,
}

impl<'a> PageRenderer<'_, 'a> {
    /// `event` with the links of its raw HTML rewritten; `None` while a block is read (the
    /// block comes whole at its end).
    pub(super) fn raw_html(&mut self, event: Event<'a>, offset: usize) -> Option<Event<'a>> {
        match event {
            // pulldown-cmark writes nothing for a block's start and end.
            Event::Start(Tag::HtmlBlock) => {
                self.raw_block = Some(RawBlock::default());
                None
            }
            Event::Html(line) if self.raw_block.is_some() => {
                let block = self.raw_block.as_mut()?;
                block.lines.push((block.html.len(), offset));
                block.html.push_str(&line);
                None
            }
            Event::End(TagEnd::HtmlBlock) => {
                let block = self.raw_block.take()?;
                let html = self.rewrite_raw(CowStr::from(block.html), &block.lines);
                Some(Event::Html(html))
            }
            Event::Html(html) => Some(Event::Html(self.rewrite_raw(html, &[(0, offset)]))),
            Event::InlineHtml(html) => {
                Some(Event::InlineHtml(self.rewrite_raw(html, &[(0, offset)])))
            }
            other => Some(other),
        }
    }

    /// `html` with each `href` and `src` that names a file of the site written for this
    /// placement. `lines` maps a place in `html` to the file.
    fn rewrite_raw(&mut self, html: CowStr<'a>, lines: &[(usize, usize)]) -> CowStr<'a> {
        let mut out: Option<String> = None;
        let mut copied = 0;
        for (name, value) in attributes(html.as_bytes()) {
            let start = value.as_ptr() as usize - html.as_ptr() as usize;
            // On the print page an id gets the page's prefix, like the page's other ids, so
            // links into it (rewritten to `#prefix-id`) arrive.
            if name == Attribute::Id {
                if !self.id_prefix.is_empty() {
                    let out = out.get_or_insert_with(|| String::with_capacity(html.len() + 32));
                    out.push_str(&html[copied..start]);
                    out.push_str(&self.id_prefix);
                    copied = start;
                }
                continue;
            }
            // A value with a character reference (`a&amp;b`) is left for the output check,
            // as is one holding a shortcode's placeholder or a template's marker.
            if value.contains(['&', MARK, super::shortcodes::OPEN]) {
                continue;
            }
            let Some(written) = self.raw_link(value, self.file_offset(lines, start, value)) else {
                continue;
            };
            let out = out.get_or_insert_with(|| String::with_capacity(html.len() + 16));
            out.push_str(&html[copied..start]);
            out.push_str(&written);
            copied = start + value.len();
        }
        match out {
            None => html,
            Some(mut out) => {
                out.push_str(&html[copied..]);
                CowStr::from(out)
            }
        }
    }

    /// Where `value`, at `start` of a block whose `lines` start where they say, is in the
    /// page's file; for text an `include` brings in, where its directive is.
    fn file_offset(&self, lines: &[(usize, usize)], start: usize, value: &str) -> usize {
        let line = lines
            .partition_point(|&(at, _)| at <= start)
            .saturating_sub(1);
        let (line_start, line_offset) = lines.get(line).copied().unwrap_or_default();
        let at = line_offset + (start - line_start);
        let source = &self.site.pages[self.index].loaded.source;
        match source.get(at..at + value.len()) == Some(value) {
            true => at,
            false => line_offset,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::{Placement, render_placements};
    use crate::markdown::shortcodes::Call;
    use crate::markdown::{Expand, Expansion, ShortcodeError};

    struct NoShortcodes;

    impl Expand for NoShortcodes {
        fn expand(&self, _: &Call, _: &str, _: &str) -> Result<Expansion, ShortcodeError> {
            unreachable!("the page has no shortcodes")
        }
    }

    #[test]
    fn raw_html_links_lead_where_markdown_links_would_on_the_page_and_the_print_page() {
        let text = "---\ntitle: Raw\ncitations: false\n---\n<div id=\"top\">\n<img alt=\"A diagram\"\n  \
                    src=\"diagram.svg\"> <a href=\"#top\">up</a> <a href='one.md#the-details'>one</a>\n\
                    <a href=\"https://example.org/x.png\">out</a> <a href=\"a&amp;b/\">kept</a>\n</div>\n\n\
                    Inline <img src=diagram.svg> and <a href=\"missing.md\">gone</a>.\n";
        let (_dir, site) = crate::model::fixture_site(&[("raw.md", text)]);
        let i = site
            .pages
            .iter()
            .position(|p| p.path.ends_with("raw/"))
            .unwrap();
        let both = render_placements(&site, i, &NoShortcodes, &[Placement::Own, Placement::Print]);
        let (own, print) = (&both[0].0.html, &both[1].0.html);
        for written in [
            "<div id=\"top\">",
            "src=\"../diagram.svg\"> <a href=\"#top\">up</a> <a href='../one/#the-details'>one</a>",
            "<a href=\"https://example.org/x.png\">out</a> <a href=\"a&amp;b/\">kept</a>",
            "<img src=../diagram.svg>",
            "<a href=\"missing.md\">gone</a>",
        ] {
            assert!(own.contains(written), "{written} in {own}");
        }
        for written in [
            "<div id=\"ch-part-raw-top\">",
            "src=\"../part/diagram.svg\"> <a href=\"#ch-part-raw-top\">up</a> \
             <a href='#ch-part-one-the-details'>one</a>",
            "<img src=../part/diagram.svg>",
        ] {
            assert!(print.contains(written), "{written} in {print}");
        }
        // Rendered for each placement on its own, the HTML is the same.
        for (placement, html) in [(Placement::Own, own), (Placement::Print, print)] {
            let alone = render_placements(&site, i, &NoShortcodes, &[placement]);
            assert_eq!(&alone[0].0.html, html);
        }
        // The broken link is told at its line, once.
        let problems: Vec<(usize, &str)> = both
            .iter()
            .flat_map(|(_, d)| d)
            .map(|d| (d.line, d.message.as_str()))
            .collect();
        assert_eq!(
            problems,
            [(
                11,
                "link to `missing.md`, but content/part/missing.md is not a page"
            )]
        );
        // The links are checked with the Markdown's, at their places in the file.
        let checked: Vec<&str> = both[0].0.links.iter().map(|l| l.written.as_str()).collect();
        assert_eq!(
            checked,
            ["diagram.svg", "#top", "one.md#the-details", "diagram.svg"]
        );
    }
}
