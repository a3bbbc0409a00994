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
    /// Where each id is in `text`, in order.
    ids: Vec<Span>,
    /// Where each link is in `text`, in order.
    links: Vec<Span>,
}

type Span = (u32, u32);

impl Written {
    /// Room for the values of HTML written from `source_len` bytes of Markdown: grown from
    /// empty, a page's values were copied over a few times.
    pub(crate) fn for_source_of(source_len: usize) -> Written {
        Written {
            text: String::with_capacity(source_len / 8),
            ids: Vec::with_capacity(source_len / 512),
            links: Vec::with_capacity(source_len / 256),
        }
    }

    /// The `id` values, in order.
    pub(crate) fn ids(&self) -> impl ExactSizeIterator<Item = &str> {
        self.ids
            .iter()
            .map(|&(start, end)| &self.text[start as usize..end as usize])
    }

    /// The `href` and `src` values, in order.
    pub(crate) fn links(&self) -> impl ExactSizeIterator<Item = &str> {
        self.links
            .iter()
            .map(|&(start, end)| &self.text[start as usize..end as usize])
    }

    /// Notes an id, written as the concatenation of `pieces`.
    pub(crate) fn id(&mut self, pieces: &[&str]) {
        let span = self.push(|text| pieces.iter().for_each(|p| text.push_str(p)));
        self.ids.push(span);
    }

    /// Notes a link, written as the concatenation of `pieces`.
    pub(crate) fn link(&mut self, pieces: &[&str]) {
        self.link_with(|text| pieces.iter().for_each(|p| text.push_str(p)));
    }

    /// Notes a link that `write` writes.
    pub(crate) fn link_with(&mut self, write: impl FnOnce(&mut String)) {
        let span = self.push(write);
        self.links.push(span);
    }

    fn push(&mut self, write: impl FnOnce(&mut String)) -> Span {
        let start = self.text.len();
        write(&mut self.text);
        (offset(start), offset(self.text.len()))
    }

    pub(crate) fn shrink_to_fit(&mut self) {
        self.text.shrink_to_fit();
        self.ids.shrink_to_fit();
        self.links.shrink_to_fit();
    }
}

/// What holds a piece of HTML's noted ids and links (a page's rendering), shared with the
/// output that shows the HTML: handing it on costs one reference count, on memory the
/// HTML's own owner has just touched.
pub(crate) trait Noted: Send + Sync + std::fmt::Debug {
    /// The ids and links, when every one was noted.
    fn written(&self) -> Option<&Written>;
}

impl Noted for Written {
    fn written(&self) -> Option<&Written> {
        Some(self)
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
