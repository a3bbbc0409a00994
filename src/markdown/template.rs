//! The own/print template trick: a page placed both on its own URL and on the print page is
//! rendered once, with a marker wherever the two differ (a heading's tag, an id's prefix, a
//! link's URL), and each placement's HTML is that template with its own values filled in.

use super::Placement;

/// How a rendering writes what differs between placements.
#[derive(Clone, Copy)]
pub(super) enum Mode {
    /// The values of one placement.
    Placed(Placement),
    /// Markers for [`fill`], with the values of the page's own placement and its print
    /// placement kept aside ([`Slots`]).
    Template,
}

/// Starts and ends every marker. Nothing else in a template can hold it: pulldown-cmark
/// writes no NUL of its own (`&#0;` becomes U+FFFD), and a page whose text or glossary
/// holds one is rendered once per placement instead.
pub(super) const MARK: char = '\0';

/// The values a template's markers stand for, by marker number, for each placement.
#[derive(Default)]
pub(super) struct Slots {
    pub(super) own: Vec<String>,
    pub(super) print: Vec<String>,
}

impl Slots {
    /// Room for the values of a page with links: growing from empty copied them over and
    /// over.
    pub(super) fn new() -> Self {
        Slots {
            own: Vec::with_capacity(16),
            print: Vec::with_capacity(16),
        }
    }

    /// Adds a value and returns the marker that stands for it.
    pub(super) fn add(&mut self, own: String, print: String) -> String {
        let mut marker = String::with_capacity(8);
        marker.push(MARK);
        push_decimal(&mut marker, self.own.len());
        marker.push(MARK);
        self.own.push(own);
        self.print.push(print);
        marker
    }
}

/// Writes `n` in decimal digits, for a fraction of what `format!` spends.
fn push_decimal(out: &mut String, n: usize) {
    if n >= 10 {
        push_decimal(out, n / 10);
    }
    out.push(char::from(b'0' + (n % 10) as u8));
}

/// A template's HTML with each marker replaced by its value.
pub(super) fn fill(template: &str, values: &[String]) -> String {
    let mut out = String::with_capacity(template.len() + template.len() / 8);
    let mut rest = template;
    while let Some(start) = memchr::memchr(MARK as u8, rest.as_bytes()) {
        out.push_str(&rest[..start]);
        let after = &rest[start + 1..];
        let end = memchr::memchr(MARK as u8, after.as_bytes()).unwrap_or(after.len());
        let value = after[..end]
            .parse::<usize>()
            .ok()
            .and_then(|n| values.get(n));
        out.push_str(value.map_or("", String::as_str));
        rest = after.get(end + 1..).unwrap_or_default();
    }
    out.push_str(rest);
    out
}
