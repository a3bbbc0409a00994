//! Reading the `id`, `href` and `src` attributes of HTML as a browser's tokenizer does: only
//! inside tags. Text (where code shows `<a href="x">` escaped as `&lt;a href="x"&gt;`),
//! comments, `<script>` and `<style>` contents and other attributes' values hold none.
//!
//! The states are the HTML standard's, reduced to what finding attributes needs. The
//! reader stops only at an `=`, and at a `<` that may open a comment or the raw text of
//! `script`, `style`, `title` and their kin (which are skipped whole), found sixteen bytes
//! at a step. An `=` is an attribute's when the last `<` or `>` before it is a tag's `<`;
//! its value is then skipped whole. Most tags cost nothing, and the bytes between stops are
//! never looked at one by one.

use memchr::memmem;

use super::bytes::{find, find_stop, rfind};

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
pub(crate) fn attributes(html: &[u8]) -> Tokenizer<'_> {
    Tokenizer {
        html,
        at: 0,
        tag: None,
        raw: None,
    }
}

/// The attributes of HTML, read as [`attributes`] tells.
pub(crate) struct Tokenizer<'a> {
    html: &'a [u8],
    /// Where reading goes on: what is before it is read, or skipped (comments, values).
    at: usize,
    /// The last tag opened, unless a `>` has been seen to close it.
    tag: Option<Tag>,
    /// In the start tag of this raw text element, read to its `>`.
    raw: Option<&'static [u8]>,
}

impl<'a> Iterator for Tokenizer<'a> {
    type Item = (Attribute, &'a str);

    fn next(&mut self) -> Option<Self::Item> {
        self.next_attribute()
    }
}

#[derive(Clone, Copy)]
struct Tag {
    /// Where its name starts: an `=` in the name (`<a=b>`) is no attribute.
    name: usize,
    /// An end tag, whose attributes browsers drop.
    end: bool,
}

impl<'a> Tokenizer<'a> {
    fn next_attribute(&mut self) -> Option<(Attribute, &'a str)> {
        let html = self.html;
        loop {
            if let (Some(element), Some(tag)) = (self.raw, self.tag) {
                // A raw text element's start tag: its attributes, then past its text.
                let at = find(html, self.at, [b'>', b'='])?;
                if html[at] == b'>' {
                    self.at = end_tag(html, at + 1, element)?;
                    (self.raw, self.tag) = (None, None);
                } else if let Some(found) = self.attribute(tag, at)? {
                    return Some(found);
                }
                continue;
            }
            let at = find_stop(html, self.at)?;
            if html[at] == b'<' {
                self.open(at)?;
                continue;
            }
            // Whose `=` it is: the last `<` or `>` before it tells, if any came since the
            // last stop; if none did, the state is the same as there.
            if let Some(boundary) = rfind(html, self.at, at, [b'<', b'>']) {
                self.tag = match (html[boundary], html.get(boundary + 1..)) {
                    (b'<', Some([b, ..])) if b.is_ascii_alphabetic() => Some(Tag {
                        name: boundary + 1,
                        end: false,
                    }),
                    (b'<', Some([b'/', b, ..])) if b.is_ascii_alphabetic() => Some(Tag {
                        name: boundary + 2,
                        end: true,
                    }),
                    _ => None,
                };
                self.at = boundary + 1;
            }
            match self.tag {
                Some(tag) => {
                    if let Some(found) = self.attribute(tag, at)? {
                        return Some(found);
                    }
                }
                None => self.at = at + 1,
            }
        }
    }

    /// A `<` at `lt` that may open a comment or raw text: skips a comment; enters a start
    /// tag, noting a raw text element's. `None` at the end of the input.
    fn open(&mut self, lt: usize) -> Option<()> {
        let html = self.html;
        let rest = &html[lt + 1..];
        self.at = lt + 1;
        match rest.first() {
            Some(b) if b.is_ascii_alphabetic() => {
                self.tag = Some(Tag {
                    name: lt + 1,
                    end: false,
                });
                self.raw = raw_text_element(rest);
            }
            Some(b'!') if rest.starts_with(b"!--") => {
                // `<!-->` and `<!--->` close at once; the search starts inside the opener.
                self.at = lt + 2 + memmem::find(&html[lt + 2..], b"-->")? + 3;
                self.tag = None;
            }
            Some(b'!') if rest.starts_with(b"![CDATA[") => {
                self.at = lt + 9 + memmem::find(&html[lt + 9..], b"]]>")? + 3;
                self.tag = None;
            }
            // A doctype, `<!...>` or `<?...>`: a bogus comment, up to the next `>`.
            Some(b'!' | b'?') => {
                self.at = find(html, lt + 1, [b'>'])? + 1;
                self.tag = None;
            }
            // `<` before anything else is text.
            _ => {}
        }
        Some(())
    }

    /// An `=` of `tag` at `equals`: the attribute, when the checks read it, after its value
    /// is skipped. `None` at the end of the input.
    fn attribute(&mut self, tag: Tag, equals: usize) -> Option<Option<(Attribute, &'a str)>> {
        let html = self.html;
        let attribute = match tag.end {
            false => attribute_named(html, self.at, tag.name, equals),
            // An end tag's attributes are dropped.
            true => None,
        };
        let mut start = equals + 1;
        while html.get(start).is_some_and(u8::is_ascii_whitespace) {
            start += 1;
        }
        let (start, end) = match html.get(start) {
            Some(&quote @ (b'"' | b'\'')) => {
                let end = find(html, start + 1, [quote])?;
                self.at = end + 1;
                (start + 1, end)
            }
            // `=` right before the tag's end: an empty value, then the end.
            Some(b'>') | None => {
                self.at = start;
                return Some(None);
            }
            Some(_) => {
                let len = html[start..]
                    .iter()
                    .position(|&b| b.is_ascii_whitespace() || b == b'>')
                    .unwrap_or(html.len() - start);
                self.at = start + len;
                (start, start + len)
            }
        };
        Some(attribute.and_then(|attribute| {
            let value = &html[start..end];
            // Values are short and almost always ASCII, which a word at a time tells.
            let value = match value.is_ascii() {
                // SAFETY: ASCII is UTF-8.
                true => unsafe { std::str::from_utf8_unchecked(value) },
                false => std::str::from_utf8(value).ok()?,
            };
            Some((attribute, value))
        }))
    }
}

/// Which of the attributes the checks read has its `=` at `equals`, if one does: its name
/// ends there (spaces aside) and starts after a space or a `/`, or at `from` (where the
/// tag's name or its last value ended) unless that is where the tag's name starts.
fn attribute_named(html: &[u8], from: usize, tag_name: usize, equals: usize) -> Option<Attribute> {
    let mut end = equals;
    while end > from && html[end - 1].is_ascii_whitespace() {
        end -= 1;
    }
    let named = |name: &[u8]| {
        let Some(start) = end.checked_sub(name.len()).filter(|&s| s >= from) else {
            return false;
        };
        html[start..end].eq_ignore_ascii_case(name)
            && match start.checked_sub(1).map(|i| html[i]) {
                _ if start == from => start != tag_name,
                Some(b) => b.is_ascii_whitespace() || b == b'/',
                None => false,
            }
    };
    // Compared from the last letter, which sets most names apart at once.
    match html[..end].last().map(u8::to_ascii_lowercase) {
        Some(b'f') if named(b"href") => Some(Attribute::Href),
        Some(b'c') if named(b"src") => Some(Attribute::Src),
        Some(b'd') if named(b"id") => Some(Attribute::Id),
        _ => None,
    }
}

/// Where the end tag of raw text `element` that starts at `from` is (its `<`). `None`
/// when it never comes.
fn end_tag(html: &[u8], from: usize, element: &[u8]) -> Option<usize> {
    let mut at = from;
    loop {
        let lt = find(html, at, [b'<'])?;
        let name_end = lt + 2 + element.len();
        let closes = html.get(lt + 1) == Some(&b'/')
            && html
                .get(lt + 2..name_end)
                .is_some_and(|name| name.eq_ignore_ascii_case(element))
            && html.get(name_end).is_none_or(|&b| ends_name(b));
        if closes {
            return Some(lt);
        }
        at = lt + 1;
    }
}

/// Whether `b` ends a tag's name.
fn ends_name(b: u8) -> bool {
    b.is_ascii_whitespace() || b == b'/' || b == b'>'
}

/// The element whose contents are text up to its end tag (raw text, and escapable raw
/// text), if the tag name at the start of `tag` is one.
fn raw_text_element(tag: &[u8]) -> Option<&'static [u8]> {
    // Told apart by their first two letters: most tags are ruled out at once.
    let lower = |i: usize| tag.get(i).map_or(0, u8::to_ascii_lowercase);
    let name: &'static [u8] = match (lower(0), lower(1)) {
        (b's', b'c') => b"script",
        (b's', b't') => b"style",
        (b't', b'i') => b"title",
        (b't', b'e') => b"textarea",
        (b'i', b'f') => b"iframe",
        (b'n', b'o') if lower(2) == b'e' => b"noembed",
        (b'n', b'o') => b"noframes",
        (b'x', b'm') => b"xmp",
        _ => return None,
    };
    let is = tag
        .get(..name.len())
        .is_some_and(|n| n.eq_ignore_ascii_case(name))
        && tag.get(name.len()).is_none_or(|&b| ends_name(b));
    is.then_some(name)
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
            // An `=` in a tag's name is part of the name; an attribute may follow a
            // quoted value without a space.
            (r#"<id=x><a href="x"id="y">"#, &[(Href, "x"), (Id, "y")]),
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

    /// html5gum, a tokenizer written from the HTML standard, reads the same attributes of
    /// the same start tags in generated HTML: code, comments, raw text, quoted and bare
    /// values, odd names and broken tags, in any order.
    #[test]
    fn reads_what_a_tokenizer_written_from_the_standard_reads() {
        use html5gum::{DefaultEmitter, Token, Tokenizer};
        const PIECES: &[&str] = &[
            "<p>text</p>",
            r#"<a href="one.html">one</a>"#,
            r#"<a class="x" HREF = 'two.html' id=t2>two</a>"#,
            "<img src=bare.png alt=\"a > b\">",
            r#"<code>&lt;a href="code.html"&gt;</code>"#,
            r#" id="text" href="text.html" "#,
            r#"<!-- <a href="comment.html"> -->"#,
            "<!-->",
            "<!--->",
            r#"<!DOCTYPE html><?x href="pi"?>"#,
            r#"<script>x = '<a href="js.html">';</script>"#,
            r#"<style>a[href="css"] {}</style>"#,
            r#"<title><a href="t.html"></title>"#,
            r#"<textarea id=ta><img src="ta.png"></textarea>"#,
            r#"</a href="end.html">"#,
            r#"<id=x>"#,
            r#"<h2 id="a&amp;b">A</h2>"#,
            r#"<a href="x"id="y">"#,
            "1 < 2 > 0 = yes",
            "<br/id=z>",
            r#"<input disabled src="in.png">"#,
        ];
        let mut rng = fastrand::Rng::with_seed(23);
        for _ in 0..2000 {
            let html: String = (0..rng.usize(1..10))
                .map(|_| PIECES[rng.usize(..PIECES.len())])
                .collect();
            let mut ours: Vec<(Attribute, String)> = attributes(html.as_bytes())
                .map(|(a, v)| (a, html_escape::decode_html_entities(v).into_owned()))
                .collect();
            let mut emitter = DefaultEmitter::default();
            emitter.naively_switch_states(true);
            let mut theirs = Vec::new();
            for token in Tokenizer::new_with_emitter(html.as_str(), emitter) {
                let Ok(Token::StartTag(tag)) = token else {
                    continue;
                };
                for (name, value) in tag.attributes.iter() {
                    let attribute = match &name[..] {
                        b"id" => Attribute::Id,
                        b"href" => Attribute::Href,
                        b"src" => Attribute::Src,
                        _ => continue,
                    };
                    theirs.push((attribute, String::from_utf8_lossy(value).into_owned()));
                }
            }
            // html5gum keeps a tag's attributes by name, not in order.
            let key = |(a, v): &(Attribute, String)| (*a as u8, v.clone());
            ours.sort_by_key(key);
            theirs.sort_by_key(key);
            assert_eq!(ours, theirs, "{html}");
        }
    }
}
