//! Finding and parsing shortcode calls (`{{ fact(role="x", field="y") }}`) in Markdown.
//!
//! Calls are found in the raw Markdown, outside code spans and code blocks, and swapped for
//! placeholders that pass through pulldown-cmark untouched; the rendered HTML then takes the
//! placeholder's place. Offsets into the original text are kept for diagnostics.

use std::ops::Range;
use std::sync::LazyLock;

use pulldown_cmark::{Event, Parser, Tag, TagEnd};

/// One argument value: a string or a list of strings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Arg {
    Str(String),
    List(Vec<String>),
}

/// A parsed call with its place in the Markdown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Call {
    pub name: String,
    pub args: Vec<(String, Arg)>,
    /// Byte range in the Markdown body.
    pub span: Range<usize>,
}

impl Call {
    pub(crate) fn arg(&self, name: &str) -> Option<&Arg> {
        self.args.iter().find(|(n, _)| n == name).map(|(_, a)| a)
    }
}

/// A malformed call: what is wrong, where (offset in the body) and what to do, if more
/// than the message says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ParseError {
    pub message: String,
    pub offset: usize,
    pub help: Option<&'static str>,
}

/// The Markdown with calls replaced by placeholders, and a way back to original offsets.
#[derive(Debug, Default)]
pub(crate) struct Prepared {
    pub text: String,
    pub calls: Vec<Call>,
    pub errors: Vec<ParseError>,
    /// (offset in `text` after a placeholder, offset in the body after its call), ascending.
    /// A placeholder can be longer than its call (`{{ }}`), so the two are kept apart
    /// rather than as a difference.
    shifts: Vec<(usize, usize)>,
}

impl Prepared {
    /// The offset in the original body of an offset in the prepared text.
    pub(crate) fn original_offset(&self, offset: usize) -> usize {
        match self.shifts.partition_point(|&(at, _)| at <= offset) {
            0 => offset,
            i => {
                let (at, original) = self.shifts[i - 1];
                original + (offset - at)
            }
        }
    }
}

pub(super) const OPEN: char = '\u{E000}';
const CLOSE: char = '\u{E001}';

/// The placeholder that stands for call number `n`.
pub(crate) fn placeholder(n: usize) -> String {
    format!("{OPEN}{n}{CLOSE}")
}

/// `text` without its placeholders: a heading's id and its entry in the table of contents
/// and the search index are made from its own words, not from what a shortcode in it shows.
pub(crate) fn without_placeholders(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.contains(OPEN) {
        return text.into();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some((before, _, after)) = next_placeholder(rest) {
        out.push_str(before);
        rest = after;
    }
    out.push_str(rest);
    out.split_whitespace().collect::<Vec<_>>().join(" ").into()
}

/// The first placeholder in `html`: the text before it, its number, and the text after it.
pub(crate) fn next_placeholder(html: &str) -> Option<(&str, usize, &str)> {
    let mut from = 0;
    loop {
        let open = from + html[from..].find(OPEN)?;
        let digits = open + OPEN.len_utf8();
        let len = html[digits..]
            .bytes()
            .take_while(u8::is_ascii_digit)
            .count();
        let close = digits + len;
        if len > 0
            && html[close..].starts_with(CLOSE)
            && let Ok(n) = html[digits..close].parse()
        {
            return Some((&html[..open], n, &html[close + CLOSE.len_utf8()..]));
        }
        from = digits;
    }
}

/// Finds the calls in `body`. Returns `None` when there are none, so the common page pays
/// for one substring search only.
pub(crate) fn prepare(body: &str, options: pulldown_cmark::Options) -> Option<Prepared> {
    // Most pages have no shortcode; a finder built once answers that fastest.
    static OPENING: LazyLock<memchr::memmem::Finder<'static>> =
        LazyLock::new(|| memchr::memmem::Finder::new(b"{{"));
    OPENING.find(body.as_bytes())?;
    let code = code_ranges(body, options);
    let mut prepared = Prepared::default();
    let mut copied = 0;
    let mut search = 0;
    while let Some(found) = body[search..].find("{{") {
        let start = search + found;
        if let Some(r) = code.iter().find(|r| r.contains(&start)) {
            search = r.end;
            continue;
        }
        let (end, parsed) = parse_call(body, start);
        prepared.text.push_str(&body[copied..start]);
        let n = prepared.calls.len() + prepared.errors.len();
        match parsed {
            Ok(call) => prepared.calls.push(call),
            Err(error) => prepared.errors.push(error),
        }
        prepared.text.push_str(&placeholder(n));
        prepared.shifts.push((prepared.text.len(), end));
        copied = end;
        search = end;
    }
    prepared.text.push_str(&body[copied..]);
    Some(prepared)
}

/// Byte ranges of code spans and code blocks, where `{{` is plain text.
fn code_ranges(body: &str, options: pulldown_cmark::Options) -> Vec<Range<usize>> {
    let mut ranges = Vec::new();
    let mut block_start = None;
    for (event, range) in Parser::new_ext(body, options).into_offset_iter() {
        match event {
            Event::Code(_) => ranges.push(range),
            Event::Start(Tag::CodeBlock(_)) => block_start = Some(range.start),
            Event::End(TagEnd::CodeBlock) => {
                if let Some(start) = block_start.take() {
                    ranges.push(start..range.end);
                }
            }
            _ => {}
        }
    }
    ranges
}

/// Parses the call starting at `start` (which holds `{{`). Returns where the call (or the
/// broken text that is taken for it) ends.
fn parse_call(body: &str, start: usize) -> (usize, Result<Call, ParseError>) {
    let mut p = Cursor {
        s: body,
        i: start + 2,
        start,
        before_ws: start + 2,
    };
    let result = p.call(start);
    // A broken call still consumes up to its closing braces (or the line's end), so the
    // rest of the page renders and reports its own problems.
    let end = match &result {
        Ok(call) => call.span.end,
        Err(_) => {
            let line_end = body[start..].find('\n').map_or(body.len(), |i| start + i);
            body[start..line_end]
                .find("}}")
                .map_or(line_end, |i| start + i + 2)
        }
    };
    (end, result)
}

struct Cursor<'a> {
    s: &'a str,
    i: usize,
    /// Where the call starts (its `{{`).
    start: usize,
    /// Where the last run of white space skipped started.
    before_ws: usize,
}

impl Cursor<'_> {
    /// What is wrong where the cursor is. A call left open is told at its `{{`, not at the
    /// text it ran into.
    fn err<T>(&self, message: impl Into<String>) -> Result<T, ParseError> {
        let message = message.into();
        if self.ran_on() {
            return Err(ParseError {
                message: format!("the shortcode is never closed ({message})"),
                offset: self.start,
                help: Some(
                    "close it as in `{{ fact(role=\"x\", field=\"y\") }}`; to write `{{` \
                     literally, put it in `code`",
                ),
            });
        }
        Err(ParseError {
            message,
            offset: self.i,
            help: None,
        })
    }

    /// Whether the call was left open: the cursor ran to the end of the page, or to a new
    /// line whose paragraph does not close the call before another one opens.
    fn ran_on(&self) -> bool {
        let Some(rest) = self.s.get(self.i..).filter(|rest| !rest.is_empty()) else {
            return true;
        };
        let skipped = &self.s[self.before_ws..self.i];
        if !skipped.contains('\n') || !skipped.trim().is_empty() {
            return false;
        }
        let end = [rest.find("\n\n"), rest.find("\n\r\n")]
            .into_iter()
            .flatten()
            .min()
            .unwrap_or(rest.len());
        let paragraph = &rest[..end];
        match (paragraph.find("}}"), paragraph.find("{{")) {
            (None, _) => true,
            (Some(close), Some(open)) => open < close,
            (Some(_), None) => false,
        }
    }

    fn skip_ws(&mut self) {
        let from = self.i;
        while self.s[self.i..].starts_with([' ', '\t', '\n', '\r']) {
            self.i += 1;
        }
        // Skipping nothing keeps the run before, which may lie just behind.
        if self.i > from {
            self.before_ws = from;
        }
    }

    fn eat(&mut self, token: &str) -> bool {
        self.skip_ws();
        if self.s[self.i..].starts_with(token) {
            self.i += token.len();
            true
        } else {
            false
        }
    }

    fn ident(&mut self) -> Option<String> {
        self.skip_ws();
        let rest = &self.s[self.i..];
        let len = rest
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .unwrap_or(rest.len());
        if len == 0 || rest.starts_with(|c: char| c.is_ascii_digit()) {
            return None;
        }
        self.i += len;
        Some(rest[..len].to_string())
    }

    fn string(&mut self) -> Result<String, ParseError> {
        self.skip_ws();
        let rest = &self.s[self.i..];
        if rest.starts_with(['“', '”', '‘', '’']) {
            return self.err("shortcode strings need straight double quotes (\"), not curly ones");
        }
        if !rest.starts_with('"') {
            return self.err("expected a string in double quotes");
        }
        let mut value = String::new();
        let mut chars = rest.char_indices().skip(1);
        while let Some((at, c)) = chars.next() {
            match c {
                '"' => {
                    self.i += at + 1;
                    return Ok(value);
                }
                '\\' => match chars.next() {
                    Some((_, e)) => value.push(e),
                    None => break,
                },
                '\n' => break,
                c => value.push(c),
            }
        }
        self.err("this string is never closed")
    }

    fn value(&mut self) -> Result<Arg, ParseError> {
        if !self.eat("[") {
            return self.string().map(Arg::Str);
        }
        let mut items = Vec::new();
        if self.eat("]") {
            return Ok(Arg::List(items));
        }
        loop {
            items.push(self.string()?);
            if self.eat("]") {
                return Ok(Arg::List(items));
            }
            if !self.eat(",") {
                return self.err("expected `,` or `]` in the list");
            }
        }
    }

    fn call(&mut self, start: usize) -> Result<Call, ParseError> {
        let Some(name) = self.ident() else {
            return self.err(
                "expected a shortcode name after `{{`; to write `{{` literally, put it in `code`",
            );
        };
        if !self.eat("(") {
            return self.err(format!("expected `(` after `{name}`"));
        }
        let mut args: Vec<(String, Arg)> = Vec::new();
        if !self.eat(")") {
            loop {
                let Some(arg) = self.ident() else {
                    return self.err("expected an argument name");
                };
                if !self.eat("=") {
                    return self.err(format!("expected `=` after `{arg}`"));
                }
                let value = self.value()?;
                if args.iter().any(|(n, _)| *n == arg) {
                    return self.err(format!("argument `{arg}` is given twice"));
                }
                args.push((arg, value));
                if self.eat(")") {
                    break;
                }
                if !self.eat(",") {
                    return self.err("expected `,` or `)` after an argument");
                }
            }
        }
        if !self.eat("}}") {
            return self.err("expected `}}` to close the shortcode");
        }
        Ok(Call {
            name,
            args,
            span: start..self.i,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_each_placeholder_in_turn_and_skips_what_only_looks_like_one() {
        let html = format!(
            "a{}b{OPEN}x{CLOSE}{OPEN}{}c",
            placeholder(7),
            placeholder(12)
        );
        let (before, n, after) = next_placeholder(&html).unwrap();
        assert_eq!((before, n), ("a", 7));
        let (before, n, after) = next_placeholder(after).unwrap();
        assert_eq!(
            (before, n, after),
            (&*format!("b{OPEN}x{CLOSE}{OPEN}"), 12, "c")
        );
        assert_eq!(next_placeholder("plain"), None);
        assert_eq!(next_placeholder(&format!("{OPEN}{OPEN}")), None);
    }

    fn prep(s: &str) -> Prepared {
        prepare(s, pulldown_cmark::Options::empty()).unwrap()
    }

    #[test]
    fn parses_calls_with_strings_and_lists() {
        let p =
            prep(r#"A {{ fact(role="a-b", field="x.y") }} and {{ compare(roles=["a", "b"]) }}."#);
        assert_eq!(p.calls.len(), 2);
        assert_eq!(p.calls[0].name, "fact");
        assert_eq!(p.calls[0].arg("role"), Some(&Arg::Str("a-b".into())));
        assert_eq!(
            p.calls[1].arg("roles"),
            Some(&Arg::List(vec!["a".into(), "b".into()]))
        );
        assert_eq!(
            p.text,
            format!("A {} and {}.", placeholder(0), placeholder(1))
        );
    }

    #[test]
    fn code_is_left_alone() {
        assert!(
            prep("`{{ x() }}`\n\n```\n{{ y() }}\n```\n")
                .calls
                .is_empty()
        );
    }

    #[test]
    fn errors_point_into_the_call() {
        let p = prep("Hi {{ fact(role=\u{201c}a\u{201d}) }} there\n");
        assert_eq!(p.errors.len(), 1);
        assert!(p.errors[0].message.contains("straight"));
        assert_eq!(p.errors[0].offset, 16);
        let p = prep("{{ oops\nnext line");
        assert_eq!(
            p.errors[0].message,
            "the shortcode is never closed (expected `(` after `oops`)"
        );
        assert_eq!(p.errors[0].offset, 0);
        assert_eq!(p.text, format!("{}\nnext line", placeholder(0)));
    }

    #[test]
    fn a_call_left_open_is_told_where_it_starts() {
        let open = |s: &str| {
            let p = prep(s);
            (p.errors[0].offset, p.errors[0].message.clone())
        };
        // Into the next paragraph, and to the end of the page.
        let (at, message) = open("Hi {{ fact(role=\"a\", field=\"b\"\n\nMore text.\n");
        assert_eq!(at, 3);
        assert!(
            message.starts_with("the shortcode is never closed"),
            "{message}"
        );
        assert_eq!(open("Hi\n\nSo {{ fact(role=\"a\"\n").0, 7);
        // Into a line where another call opens before this one would close.
        assert_eq!(
            open("{{ fact(role=\"a\"\nand {{ role_card(role=\"a\") }}").0,
            0
        );
        // A call written over two lines with a mistake on the second is told there.
        let (at, message) = open("{{ fact(role=\"a\",\n  field \"b\") }}");
        assert_eq!((at, message.as_str()), (26, "expected `=` after `field`"));
        let (at, message) = open("{{ fact(role=\"a\",\n  \"b\") }}");
        assert_eq!((at, message.as_str()), (20, "expected an argument name"));
    }

    #[test]
    fn offsets_map_back_to_the_original() {
        let body = "ab {{ f() }} cd {{ g() }} ef";
        let p = prep(body);
        let e = p.text.find("ef").unwrap();
        assert_eq!(p.original_offset(e), body.find("ef").unwrap());
        let c = p.text.find("cd").unwrap();
        assert_eq!(p.original_offset(c), body.find("cd").unwrap());
        assert_eq!(p.original_offset(1), 1);
    }

    #[test]
    fn calls_shorter_than_their_placeholders_map_back_too() {
        // `{{ }}` and a lone `{{` take fewer bytes than the placeholders that stand for them.
        let body = "a {{ }} b {{\nc";
        let p = prep(body);
        assert_eq!(p.errors.len(), 2);
        let b = p.text.find(" b").unwrap();
        assert_eq!(p.original_offset(b), body.find(" b").unwrap());
        let c = p.text.find('c').unwrap();
        assert_eq!(p.original_offset(c), body.find('c').unwrap());
    }
}
