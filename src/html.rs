//! HTML helpers every stage may use: escaping text for HTML, telling a link with a scheme,
//! decoding percent escapes, and reading the `id`, `href` and `src` attributes of HTML.

/// Escapes text for an HTML attribute or element (`&`, `<`, `>`, `"` and `'`), with the
/// escaper pulldown-cmark uses for its own output.
pub(crate) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    // Writing into a String cannot fail.
    let _ = pulldown_cmark_escape::escape_html(&mut out, text);
    out
}

/// Whether a link starts with a scheme (`https:`, `mailto:`): a colon before any slash,
/// question mark or hash.
pub(crate) fn has_scheme(link: &str) -> bool {
    match (link.find(':'), link.find(['/', '?', '#'])) {
        (Some(c), Some(s)) => c < s,
        (Some(_), None) => true,
        _ => false,
    }
}

/// `s` with its `%XX` escapes decoded; invalid escapes are kept as written.
pub(crate) fn percent_decode(s: &str) -> String {
    if !s.contains('%') {
        return s.to_string();
    }
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && i + 2 < bytes.len()
            && let Ok(b) = u8::from_str_radix(&s[i + 1..i + 3], 16)
        {
            out.push(b);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The attributes the checks read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Attribute {
    Id,
    Href,
    Src,
}

/// Every `id`, `href` and `src` attribute value in `html`, in order, in one pass: each `=`
/// is looked up and the attribute name before it read back (lowercase, after a space, tab
/// or line break, as an author writing raw HTML may put it). Values are quoted either way;
/// an `id` may also be bare (`<a id=top>`), its value ending at a space or `>`. Bare links
/// are not read: in escaped text (`href=&quot;x&quot;`) they would be false alarms, where
/// an id that nothing links to is harmless. Values that are not UTF-8 (never in guide's own
/// output) are skipped.
pub(crate) fn attributes(html: &[u8]) -> impl Iterator<Item = (Attribute, &str)> + '_ {
    let mut at = 0;
    std::iter::from_fn(move || {
        loop {
            let equals = at + memchr::memchr(b'=', &html[at..])?;
            at = equals + 1;
            let before = &html[..equals];
            let named = |name: &[u8]| {
                before.ends_with(name)
                    && before
                        .len()
                        .checked_sub(name.len() + 1)
                        .is_some_and(|i| before[i].is_ascii_whitespace())
            };
            let (start, end) = match html.get(equals + 1) {
                Some(&quote @ (b'"' | b'\'')) => {
                    let start = equals + 2;
                    (start, start + memchr::memchr(quote, &html[start..])?)
                }
                Some(first) if first.is_ascii_alphanumeric() && named(b"id") => {
                    let start = equals + 1;
                    let len = html[start..]
                        .iter()
                        .position(|b| b.is_ascii_whitespace() || b"\"'<>=`".contains(b))
                        .unwrap_or(html.len() - start);
                    (start, start + len)
                }
                _ => continue,
            };
            at = end;
            let name = if named(b"id") {
                Attribute::Id
            } else if named(b"href") {
                Attribute::Href
            } else if named(b"src") {
                Attribute::Src
            } else {
                continue;
            };
            if let Ok(value) = std::str::from_utf8(&html[start..end]) {
                return Some((name, value));
            }
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_attribute_values() {
        use Attribute::{Href, Id, Src};
        let cases: [(&str, &[(Attribute, &str)]); 5] = [
            (
                r#"<a href="x/">a</a><h2 id="one">b</h2><img src="i.png" alt=""><p data-id="no">"#,
                &[(Href, "x/"), (Id, "one"), (Src, "i.png")],
            ),
            // Text that looks like an attribute after an attribute's value is not one.
            (r#"<p title="a">x="y" id="z"</p>"#, &[(Id, "z")]),
            // Raw HTML as authors write it: single quotes, a name after a line break or a
            // tab, an `=` in a value, a bare id.
            (
                "<a\nid='one' href=\"?a=b\"><img\tsrc='i.png'><p xid=\"no\" id=bare>",
                &[(Id, "one"), (Href, "?a=b"), (Src, "i.png"), (Id, "bare")],
            ),
            (
                "<a id=top-1 class=x href=y.md></a><p id=end",
                &[(Id, "top-1"), (Id, "end")],
            ),
            // Escaped HTML in text or code gives nothing.
            (
                "&lt;a id=&quot;x&quot; href=&quot;y/&quot;&gt; a = b, id= c",
                &[],
            ),
        ];
        for (html, expected) in cases {
            let found: Vec<_> = attributes(html.as_bytes()).collect();
            assert_eq!(found, expected, "{html}");
        }
        // A value that is not UTF-8 is skipped; the others are still found.
        let found: Vec<_> =
            attributes(b"<a href=\"ok/\"><p id=\"bad\xff\"><i id=\"fine\">").collect();
        assert_eq!(found, [(Href, "ok/"), (Id, "fine")]);
    }

    #[test]
    fn decodes_percent_escapes() {
        assert_eq!(percent_decode("a%20b"), "a b");
        assert_eq!(percent_decode("100%"), "100%");
    }

    #[test]
    fn escapes_markup_characters_and_keeps_the_rest() {
        assert_eq!(
            escape(r#"Café <b>"R&D"</b> isn't—ok"#),
            "Café &lt;b&gt;&quot;R&amp;D&quot;&lt;/b&gt; isn&#39;t—ok"
        );
        assert_eq!(escape("plain"), "plain");
        assert_eq!(escape("&"), "&amp;");
        assert_eq!(escape(""), "");
    }

    #[test]
    fn tells_links_with_a_scheme() {
        assert!(has_scheme("https://example.org/"));
        assert!(has_scheme("mailto:someone@example.org"));
        assert!(!has_scheme("../a.md"));
        assert!(!has_scheme("a/b:c"));
        assert!(!has_scheme("#top"));
    }
}
