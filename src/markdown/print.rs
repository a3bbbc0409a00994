//! Ids and links for the print page, which holds every page as one section: a page's
//! section id, the prefix its ids get there (raw HTML's ids included), and links within the
//! print page to a page's section or one of its headings.

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
    fn print_ids_name_the_page() {
        assert_eq!(print_id(""), "ch-home");
        assert_eq!(print_id("becoming/licensure/"), "ch-becoming-licensure");
        assert_eq!(print_href("a/", Some("x")), "#ch-a-x");
        assert_eq!(print_href("a/", None), "#ch-a");
        assert_eq!(print_href("a/b/", Some("")), "#ch-a-b");
        assert_eq!(print_href("", Some("x")), "#ch-home-x");
    }
}
