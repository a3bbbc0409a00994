//! Where a page's raw HTML writes each link. The check finds a broken link in the HTML of
//! an output, where nothing tells which line of which page wrote it; for a link that
//! came from a page's raw HTML, this finds that line again. It parses the page anew, so
//! it runs only for a page with a broken link: a page without one pays nothing.

use pulldown_cmark::{Event, Parser, Tag};

use super::{ParseText, options};
use crate::html::{Attribute, attributes};
use crate::model::Site;

/// Each `href` and `src` value the raw HTML of page `index` writes, in order, with its byte
/// offset in the page's file.
pub(crate) fn raw_html_links(site: &Site, index: usize) -> Vec<(String, usize)> {
    let parse_text = ParseText::of(&site.pages[index].loaded);
    let text = parse_text.text();
    let mut links = Vec::new();
    for (event, range) in Parser::new_ext(text, options()).into_offset_iter() {
        // A block of HTML is read whole, as the output check reads it: a tag may go on
        // over several of its lines.
        if !matches!(event, Event::Start(Tag::HtmlBlock) | Event::InlineHtml(_)) {
            continue;
        }
        let raw = &text[range.clone()];
        for (name, value) in attributes(raw.as_bytes()) {
            if name == Attribute::Id {
                continue;
            }
            let within = value.as_ptr() as usize - raw.as_ptr() as usize;
            links.push((
                value.to_string(),
                parse_text.file_offset(range.start + within),
            ));
        }
    }
    links
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_of_raw_html_are_found_at_their_place_in_the_file() {
        let text = "---\ntitle: Raw\n---\nA {{ role_card(role=\"x\") }} and <a href=\"a/\">a</a>.\n\n\
                    <div>\n  <img src='i.png'><a\n  href=\"two/lines/\">x</a>\n</div>\n\n\
                    `<a href=\"code/\">` and [md](b/)\n";
        let (_dir, site) = crate::model::fixture_site(&[("raw.md", text)]);
        let i = site
            .pages
            .iter()
            .position(|p| p.loaded.file.rel.ends_with("raw.md"))
            .unwrap();
        let source = &site.pages[i].loaded.source;
        let found = raw_html_links(&site, i);
        let written: Vec<(&str, &str)> = found
            .iter()
            .map(|(link, at)| (link.as_str(), &source[*at..*at + link.len()]))
            .collect();
        assert_eq!(
            written,
            [
                ("a/", "a/"),
                ("i.png", "i.png"),
                ("two/lines/", "two/lines/")
            ]
        );
    }
}
