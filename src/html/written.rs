//! The ids and links of a piece of HTML, noted by what wrote it as it wrote them. The link
//! check takes a page's Markdown ids and links from here rather than reading its HTML
//! again: the Markdown's HTML is most of what a build writes. Debug builds read the HTML
//! too and compare (`check/scan.rs`), so an element that writes an id or a link without
//! noting it fails every test that shows it.

/// Every `id` and every `href` or `src` value of a rendering's HTML, in order, exactly as
/// written (escaped, character references and all).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Written {
    /// The values one after another.
    text: String,
    spans: Vec<Span>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Span {
    id: bool,
    start: u32,
    end: u32,
}

impl Written {
    /// The `id` values, in order.
    pub(crate) fn ids(&self) -> impl Iterator<Item = &str> {
        self.values(true)
    }

    /// The `href` and `src` values, in order.
    pub(crate) fn links(&self) -> impl Iterator<Item = &str> {
        self.values(false)
    }

    fn values(&self, ids: bool) -> impl Iterator<Item = &str> {
        self.spans
            .iter()
            .filter(move |s| s.id == ids)
            .map(|s| &self.text[s.start as usize..s.end as usize])
    }

    /// Notes an id, written as the concatenation of `pieces`.
    pub(crate) fn id(&mut self, pieces: &[&str]) {
        self.note(true, |text| pieces.iter().for_each(|p| text.push_str(p)));
    }

    /// Notes a link, written as the concatenation of `pieces`.
    pub(crate) fn link(&mut self, pieces: &[&str]) {
        self.note(false, |text| pieces.iter().for_each(|p| text.push_str(p)));
    }

    /// Notes a link that `write` writes.
    pub(crate) fn link_with(&mut self, write: impl FnOnce(&mut String)) {
        self.note(false, write);
    }

    fn note(&mut self, id: bool, write: impl FnOnce(&mut String)) {
        let start = self.text.len();
        write(&mut self.text);
        self.spans.push(Span {
            id,
            start: offset(start),
            end: offset(self.text.len()),
        });
    }

    pub(crate) fn shrink_to_fit(&mut self) {
        self.text.shrink_to_fit();
        self.spans.shrink_to_fit();
    }
}

/// A place in the values' text; a page's values come nowhere near 4 GiB.
fn offset(at: usize) -> u32 {
    u32::try_from(at).expect("a page's ids and links take less than 4 GiB")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_come_back_in_order_and_apart() {
        let mut written = Written::default();
        written.id(&["ch-", "intro"]);
        written.link(&["#", "ch-", "intro"]);
        written.link_with(|text| text.push_str("../a/"));
        written.id(&["two"]);
        assert_eq!(written.ids().collect::<Vec<_>>(), ["ch-intro", "two"]);
        assert_eq!(written.links().collect::<Vec<_>>(), ["#ch-intro", "../a/"]);
    }
}
