//! Reading the `id`, `href` and `src` attributes of HTML as a browser's tokenizer does: only
//! inside tags. Text (where code shows `<a href="x">` escaped as `&lt;a href="x"&gt;`),
//! comments, `<script>` and `<style>` contents and other attributes' values hold none.
//!
//! The states are the HTML standard's, reduced to what finding attributes needs: text, a
//! tag, a comment or bogus comment, and the raw text of `script`, `style`, `textarea`,
//! `title` and their kin. Memchr jumps from one byte that changes the state to the next, so
//! a page is read about as fast as by a plain search for `=`.

use memchr::{memchr, memchr2, memmem};

/// The attributes the checks read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Attribute {
    Id,
    Href,
    Src,
}

/// Every `id`, `href` and `src` attribute of a start tag in `html`, in order, with its
/// value as written (character references are left to the reader). Values that are not
/// UTF-8 (never in guide's own output) are skipped. `html` is read from a text state: an
/// output's parts are cut between tags.
pub(crate) fn attributes(html: &[u8]) -> impl Iterator<Item = (Attribute, &str)> + '_ {
    let mut tokenizer = Tokenizer {
        html,
        at: 0,
        tag: None,
    };
    std::iter::from_fn(move || tokenizer.next_attribute())
}

struct Tokenizer<'a> {
    html: &'a [u8],
    /// Where reading goes on.
    at: usize,
    /// The tag being read, if inside one.
    tag: Option<Tag<'a>>,
}

struct Tag<'a> {
    /// Lowercase or not, as written.
    name: &'a [u8],
    /// An end tag's attributes are dropped by browsers.
    end: bool,
}

/// Elements whose contents are text up to their end tag (raw text and escapable raw text).
const RAW_TEXT: [&[u8]; 8] = [
    b"script",
    b"style",
    b"textarea",
    b"title",
    b"xmp",
    b"iframe",
    b"noembed",
    b"noframes",
];

impl<'a> Tokenizer<'a> {
    fn next_attribute(&mut self) -> Option<(Attribute, &'a str)> {
        loop {
            match &self.tag {
                None => self.text()?,
                Some(_) => {
                    if let Some(found) = self.in_tag()? {
                        return Some(found);
                    }
                }
            }
        }
    }

    /// Text: goes on to the next tag, past comments. `None` at the end of the input.
    fn text(&mut self) -> Option<()> {
        let html = self.html;
        let lt = self.at + memchr(b'<', &html[self.at..])?;
        let rest = &html[lt + 1..];
        match rest.first() {
            Some(b) if b.is_ascii_alphabetic() => self.open_tag(lt + 1, false),
            Some(b'/') if rest.get(1).is_some_and(u8::is_ascii_alphabetic) => {
                self.open_tag(lt + 2, true)
            }
            Some(b'!') if rest.starts_with(b"!--") => {
                // `<!-->` and `<!--->` close at once; the search starts inside the opener.
                self.at = lt + 2 + memmem::find(&html[lt + 2..], b"-->")? + 3;
            }
            Some(b'!') if rest.starts_with(b"![CDATA[") => {
                self.at = lt + 9 + memmem::find(&html[lt + 9..], b"]]>")? + 3;
            }
            // A doctype, `<!...>` or `<?...>`: a bogus comment, up to the next `>`.
            Some(b'!' | b'?') => self.at = lt + 1 + memchr(b'>', rest)? + 1,
            // `<` before anything else is text.
            _ => self.at = lt + 1,
        }
        Some(())
    }

    /// Reads a tag's name, starting at `start`, and enters the tag.
    fn open_tag(&mut self, start: usize, end: bool) {
        let html = self.html;
        let len = html[start..]
            .iter()
            .position(|&b| b.is_ascii_whitespace() || b == b'/' || b == b'>')
            .unwrap_or(html.len() - start);
        self.at = start + len;
        self.tag = Some(Tag {
            name: &html[start..start + len],
            end,
        });
    }

    /// Inside a tag: the next attribute with a value, or the tag's end (`Some(None)`).
    /// `None` at the end of the input.
    fn in_tag(&mut self) -> Option<Option<(Attribute, &'a str)>> {
        let html = self.html;
        // Quotes only open values (after `=`), which are read whole below, so the next
        // `=` or `>` is an attribute's value or the tag's end.
        let at = self.at + memchr2(b'=', b'>', &html[self.at..])?;
        if html[at] == b'>' {
            self.at = at + 1;
            self.close_tag()?;
            return Some(None);
        }
        let name = name_before(&html[self.at..at]);
        let value_start = at
            + 1
            + html[at + 1..]
                .iter()
                .take_while(|b| b.is_ascii_whitespace())
                .count();
        let (start, end) = match html.get(value_start) {
            Some(&quote @ (b'"' | b'\'')) => {
                let start = value_start + 1;
                let end = start + memchr(quote, &html[start..])?;
                self.at = end + 1;
                (start, end)
            }
            // `>` right after `=` ends the tag, with an empty value.
            Some(b'>') | None => {
                self.at = value_start;
                return Some(None);
            }
            Some(_) => {
                let len = html[value_start..]
                    .iter()
                    .position(|&b| b.is_ascii_whitespace() || b == b'>')
                    .unwrap_or(html.len() - value_start);
                self.at = value_start + len;
                (value_start, value_start + len)
            }
        };
        let attribute = if name.eq_ignore_ascii_case(b"id") {
            Attribute::Id
        } else if name.eq_ignore_ascii_case(b"href") {
            Attribute::Href
        } else if name.eq_ignore_ascii_case(b"src") {
            Attribute::Src
        } else {
            return Some(None);
        };
        if self.tag.as_ref().is_some_and(|t| t.end) {
            return Some(None);
        }
        Some(
            std::str::from_utf8(&html[start..end])
                .ok()
                .map(|value| (attribute, value)),
        )
    }

    /// Leaves the tag that ends at `self.at`; after the start tag of a raw text element,
    /// goes on to its end tag. `None` when that end tag never comes.
    fn close_tag(&mut self) -> Option<()> {
        let tag = self.tag.take()?;
        if tag.end
            || !RAW_TEXT
                .iter()
                .any(|raw| tag.name.eq_ignore_ascii_case(raw))
        {
            return Some(());
        }
        let html = self.html;
        let mut at = self.at;
        loop {
            let lt = at + memchr(b'<', &html[at..])?;
            let name_end = lt + 2 + tag.name.len();
            let closes = html.get(lt + 1) == Some(&b'/')
                && html
                    .get(lt + 2..name_end)
                    .is_some_and(|name| name.eq_ignore_ascii_case(tag.name))
                && html
                    .get(name_end)
                    .is_none_or(|&b| b.is_ascii_whitespace() || b == b'/' || b == b'>');
            if closes {
                self.at = lt;
                return Some(());
            }
            at = lt + 1;
        }
    }
}

/// The attribute name that ends `before` (the tag's bytes up to an `=`), spaces after it
/// aside.
fn name_before(before: &[u8]) -> &[u8] {
    let end = before.len()
        - before
            .iter()
            .rev()
            .take_while(|b| b.is_ascii_whitespace())
            .count();
    let name = &before[..end];
    let start = name
        .iter()
        .rposition(|&b| b.is_ascii_whitespace() || b == b'/')
        .map_or(0, |i| i + 1);
    &name[start..]
}

#[cfg(test)]
mod tests {
    use super::Attribute::{Href, Id, Src};
    use super::*;

    fn found(html: &str) -> Vec<(Attribute, &str)> {
        attributes(html.as_bytes()).collect()
    }

    #[test]
    fn reads_the_attributes_of_start_tags() {
        let cases: &[(&str, &[(Attribute, &str)])] = &[
            (
                r#"<a href="x/">a</a><h2 id="one">b</h2><img src="i.png" alt=""><p data-id="no">"#,
                &[(Href, "x/"), (Id, "one"), (Src, "i.png")],
            ),
            // The attribute value states: double-quoted, single-quoted, unquoted; names
            // after a line break, a tab or a slash; spaces around `=`; names in any case.
            (
                "<a\nid='one' href=\"?a=b\"><img\tsrc='i.png'><p xid=\"no\" id=bare>",
                &[(Id, "one"), (Href, "?a=b"), (Src, "i.png"), (Id, "bare")],
            ),
            (
                "<a id=top-1 class=x href=y.md></a><A HREF = 'up.html' ><br/id=z>",
                &[(Id, "top-1"), (Href, "y.md"), (Href, "up.html"), (Id, "z")],
            ),
            // A `>` inside a quoted value does not end the tag.
            (r#"<a title="a > b" href="in.html">"#, &[(Href, "in.html")]),
            // Attributes without a value, and `=` straight before the tag's end.
            ("<input disabled id=f><a href=>x</a>", &[(Id, "f")]),
        ];
        for (html, expected) in cases {
            assert_eq!(found(html), *expected, "{html}");
        }
    }

    #[test]
    fn text_holds_no_attributes() {
        // Code shows markup escaped, but its quotes as they are.
        assert_eq!(
            found(r#"<p>Write <code>&lt;a href="nowhere.html"&gt;</code> id="x"</p>"#),
            []
        );
        assert_eq!(found(r#"<p title="a">x="y" id="z"</p>"#), []);
        assert_eq!(found("&lt;a id=&quot;x&quot;&gt; a = b, id= c"), []);
        // A `<` that starts no tag is text.
        assert_eq!(found(r#"1 < 2 href="x" <3 id="y""#), []);
    }

    #[test]
    fn comments_and_their_kin_hold_no_attributes() {
        let cases = [
            r#"<!-- <a href="old.html"> -->"#,
            // Comments closed at once, and a `>` inside one.
            r#"<!--><a href="ok.html"> <!---> <!-- a > b <a href="old.html"> -->"#,
            r#"<!DOCTYPE html><?xml href="no"?><![CDATA[<a href="no">]]>"#,
            // End tags give no attributes.
            r#"</a href="no">"#,
        ];
        let expected: [&[(Attribute, &str)]; 4] = [&[], &[(Href, "ok.html")], &[], &[]];
        for (html, expected) in cases.iter().zip(expected) {
            assert_eq!(found(html), expected, "{html}");
        }
        // A comment never closed runs to the end.
        assert_eq!(found(r#"<!-- <a href="x">"#), []);
    }

    #[test]
    fn raw_text_elements_hold_no_attributes() {
        let html = r#"<script>a.innerHTML = '<a href="js.html">';</script>
            <style>a[href="css"] { }</STYLE >
            <title><a href="t"></title><textarea id=t><a href="ta"></textarea>
            <a href="after.html">"#;
        assert_eq!(found(html), [(Id, "t"), (Href, "after.html")]);
        // `</scripts>` does not end a script; a script never ended runs to the end.
        assert_eq!(
            found(r#"<script></scripts><a href="x"></script><a id="y">"#),
            [(Id, "y")]
        );
        assert_eq!(found(r#"<script><a href="x">"#), []);
        // A self-closing script still opens one: what follows is its text.
        assert_eq!(
            found(r#"<script src="s.js"/><a href="x">"#),
            [(Src, "s.js")]
        );
    }

    #[test]
    fn values_that_are_not_utf8_are_skipped() {
        let found: Vec<_> =
            attributes(b"<a href=\"ok/\"><p id=\"bad\xff\"><i id=\"fine\">").collect();
        assert_eq!(found, [(Href, "ok/"), (Id, "fine")]);
    }
}
