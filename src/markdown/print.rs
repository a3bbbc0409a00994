//! Ids and links for the print page, which holds every page as one section: a page's
//! section id, the prefix its ids get there (raw HTML's ids included), and links within the
//! print page to a page's section or one of its headings.

use pulldown_cmark::CowStr;

/// The id of a page's section on the print page (`becoming/licensure/` ->
/// `ch-becoming-licensure`); its headings' ids start with it and a hyphen.
pub(crate) fn print_id(path: &str) -> String {
    let mut id = String::with_capacity(4 + path.len());
    push_print_id(&mut id, path);
    id
}

/// What the ids of the page at `path` start with on the print page.
pub(super) fn print_prefix(path: &str) -> String {
    let mut prefix = print_id(path);
    prefix.push('-');
    prefix
}

/// Writes [`print_id`] of `path` at the end of `out`.
fn push_print_id(out: &mut String, path: &str) {
    match path.trim_end_matches('/') {
        "" => out.push_str("ch-home"),
        p => {
            // Each `/` becomes `-`; memchr finds them for less than `split`'s searcher.
            out.push_str("ch-");
            let mut from = 0;
            for slash in memchr::memchr_iter(b'/', p.as_bytes()) {
                out.push_str(&p[from..slash]);
                out.push('-');
                from = slash + 1;
            }
            out.push_str(&p[from..]);
        }
    }
}

/// Raw HTML placed on the print page, with `prefix` put before each `id` value and each
/// link within the page (`href="#x"`), as the page's generated ids and links get it.
/// Attributes are found inside tags, outside quoted values, in any case; values may be
/// quoted either way or not at all. A block of HTML comes a line at a time, so a line that
/// closes a tag before it opens one is taken to continue a tag.
pub(super) fn prefix_raw_ids<'a>(html: CowStr<'a>, prefix: &str) -> CowStr<'a> {
    let bytes = html.as_bytes();
    let mut in_tag = match (memchr::memchr(b'>', bytes), memchr::memchr(b'<', bytes)) {
        (Some(close), open) => open.is_none_or(|open| close < open),
        (None, _) => false,
    };
    let mut quote = None;
    let mut inserts = Vec::new();
    for (i, &byte) in bytes.iter().enumerate() {
        if let Some(q) = quote {
            if byte == q {
                quote = None;
            }
            continue;
        }
        match byte {
            b'<' => in_tag = true,
            b'>' => in_tag = false,
            b'"' | b'\'' if in_tag => quote = Some(byte),
            b'=' if in_tag => {
                let name_start = bytes[..i]
                    .iter()
                    .rposition(|b| !b.is_ascii_alphanumeric())
                    .map_or(0, |p| p + 1);
                if name_start > 0 && !bytes[name_start - 1].is_ascii_whitespace() {
                    continue;
                }
                let name = &html[name_start..i];
                let value = i + 1 + usize::from(matches!(bytes.get(i + 1), Some(b'"' | b'\'')));
                if name.eq_ignore_ascii_case("id") {
                    inserts.push(value);
                } else if name.eq_ignore_ascii_case("href")
                    && bytes.get(value) == Some(&b'#')
                    && bytes.get(value + 1).is_some_and(|b| {
                        !matches!(b, b'"' | b'\'' | b'>') && !b.is_ascii_whitespace()
                    })
                {
                    inserts.push(value + 1);
                }
            }
            _ => {}
        }
    }
    if inserts.is_empty() {
        return html;
    }
    let mut out = String::with_capacity(html.len() + inserts.len() * prefix.len());
    let mut copied = 0;
    for at in inserts {
        out.push_str(&html[copied..at]);
        out.push_str(prefix);
        copied = at;
    }
    out.push_str(&html[copied..]);
    CowStr::from(out)
}

/// A link within the print page to the section of the page at `path`, or to one of its
/// headings.
pub(super) fn print_href(path: &str, fragment: Option<&str>) -> String {
    let fragment = fragment.unwrap_or_default();
    let mut href = String::with_capacity(6 + path.len() + fragment.len());
    href.push('#');
    push_print_id(&mut href, path);
    if !fragment.is_empty() {
        href.push('-');
        href.push_str(fragment);
    }
    href
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn raw_html_ids_and_links_within_the_page_get_the_print_prefix() {
        let prefixed = |html: &'static str| prefix_raw_ids(CowStr::from(html), "ch-a-").to_string();
        assert_eq!(
            prefixed(r##"<span id="spot">x</span> <a href="#spot">back</a>"##),
            r##"<span id="ch-a-spot">x</span> <a href="#ch-a-spot">back</a>"##
        );
        assert_eq!(
            prefixed("<div ID='one' class=\"x\">\n<p\nid=two data-id=\"no\" href=\"#\">"),
            "<div ID='ch-a-one' class=\"x\">\n<p\nid=ch-a-two data-id=\"no\" href=\"#\">"
        );
        assert_eq!(
            prefixed(r#"<a href="../b/#x" title="a=b">"#),
            r#"<a href="../b/#x" title="a=b">"#
        );
        assert_eq!(prefixed("<br>"), "<br>");
        // Not attributes: text between tags, and inside a quoted value.
        assert_eq!(
            prefixed(r#"<p title="see id=3">Set id=5 here</p>"#),
            r#"<p title="see id=3">Set id=5 here</p>"#
        );
        // The second line of a tag written over two.
        assert_eq!(prefixed(r#"  id="late">"#), r#"  id="ch-a-late">"#);
    }

    #[test]
    fn print_ids_name_the_page() {
        assert_eq!(print_id(""), "ch-home");
        assert_eq!(print_id("becoming/licensure/"), "ch-becoming-licensure");
        assert_eq!(print_href("a/", Some("x")), "#ch-a-x");
        assert_eq!(print_href("a/", None), "#ch-a");
        assert_eq!(print_href("a/b/", Some("")), "#ch-a-b");
        assert_eq!(print_href("", Some("x")), "#ch-home-x");
    }
}
