//! HTML helpers every stage may use: escaping text for HTML, telling a link with a scheme,
//! decoding percent escapes, and reading the `id`, `href` and `src` attributes of HTML.

mod attributes;
mod bytes;
mod written;

pub(crate) use attributes::{Attribute, attributes};
pub(crate) use bytes::{byte_mask, space_mask, word_masks};
pub(crate) use written::{Noted, Written};

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
    let hex = |b: u8| (b as char).to_digit(16);
    while i < bytes.len() {
        if bytes[i] == b'%'
            && let (Some(high), Some(low)) = (
                bytes.get(i + 1).and_then(|&b| hex(b)),
                bytes.get(i + 2).and_then(|&b| hex(b)),
            )
        {
            out.push((high * 16 + low) as u8);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_percent_escapes() {
        assert_eq!(percent_decode("a%20b"), "a b");
        assert_eq!(percent_decode("100%"), "100%");
        assert_eq!(percent_decode("%C3%B6%2f"), "ö/");
        // Not an escape, even where a character of two bytes follows the `%`.
        assert_eq!(percent_decode("%aé %é %+1"), "%aé %é %+1");
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
