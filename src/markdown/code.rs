//! Fenced code blocks that name a language: the language is the info string's first word
//! (`rust` of `rust,ignore` or `rust title="x"`), and the code is highlighted at build time
//! (`highlight`). A language no syntax knows is a warning at the fence, and its code is
//! shown plain. A block without a language is left to pulldown-cmark's writer, as it always
//! was, so pages without code pay nothing.

use pulldown_cmark::{CodeBlockKind, CowStr, Event, Tag, TagEnd};

use super::highlight;
use crate::html::escape;

/// Words that say "no language" outright: shown plain, without a warning.
const PLAIN_WORDS: &[&str] = &["text", "txt", "plain", "plaintext", "none", "output"];

/// The language word of a fence's info string: up to the first space, comma or brace.
pub(super) fn fence_language(info: &str) -> &str {
    let info = info.trim_start();
    let end = info
        .find(|c: char| c.is_whitespace() || c == ',' || c == '{')
        .unwrap_or(info.len());
    &info[..end]
}

/// A fenced block with a language, being read.
pub(super) struct CodeBlock<'a> {
    /// Where the fence starts in the page's file.
    offset: usize,
    language: String,
    text: Vec<CowStr<'a>>,
}

/// A problem with a code block: where in the file, the message and a hint.
pub(super) type Warning = (usize, String, Option<String>);

/// Code blocks met while a page's events are rendered.
#[derive(Default)]
pub(super) struct CodeBlocks<'a> {
    open: Option<CodeBlock<'a>>,
    pub(super) warnings: Vec<Warning>,
    /// Whether Rust blocks hide their `# ` lines (guide.yaml's `hide_rust_hash_lines`).
    hide_rust_hash_lines: bool,
    /// How a block is named for screen readers, escaped, with `{language}` to fill.
    label: String,
}

impl<'a> CodeBlocks<'a> {
    pub(super) fn new(hide_rust_hash_lines: bool, label: String) -> Self {
        CodeBlocks {
            hide_rust_hash_lines,
            label,
            ..CodeBlocks::default()
        }
    }

    /// Whether a block with a language is being read.
    pub(super) fn is_open(&self) -> bool {
        self.open.is_some()
    }

    /// Takes `event` if it belongs to a fenced block with a language: the opening fence
    /// and the block's text are kept, and at the block's end its HTML is given back.
    /// Any other event is given back unchanged. `source` gives the page's file, read only
    /// to place a warning.
    pub(super) fn take<'s>(
        &mut self,
        source: impl FnOnce() -> &'s str,
        event: Event<'a>,
        offset: usize,
    ) -> Option<Event<'a>> {
        match event {
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info)))
                if !fence_language(&info).is_empty() =>
            {
                self.open = Some(CodeBlock {
                    offset,
                    language: fence_language(&info).to_string(),
                    text: Vec::new(),
                });
                None
            }
            Event::Text(text) if self.open.is_some() => {
                if let Some(block) = &mut self.open {
                    block.text.push(text);
                }
                None
            }
            Event::End(TagEnd::CodeBlock) if self.open.is_some() => {
                let block = self.open.take()?;
                Some(Event::Html(CowStr::from(self.finish(source(), block))))
            }
            event => Some(event),
        }
    }

    fn finish(&mut self, source: &str, block: CodeBlock<'_>) -> String {
        let mut code: String = block.text.concat();
        let word = block.language.as_str();
        if self.hide_rust_hash_lines && word.eq_ignore_ascii_case("rust") {
            code = without_hidden_lines(&code);
        }
        let class = escape(&word.to_ascii_lowercase());
        let plain = |code: &str| {
            format!(
                "<pre><code class=\"language-{class}\">{}</code></pre>\n",
                escape_body(code)
            )
        };
        if PLAIN_WORDS.contains(&word.to_ascii_lowercase().as_str()) {
            return plain(&code);
        }
        let Some(language) = highlight::language(word) else {
            self.warnings.push((
                language_offset(source, block.offset, word),
                format!(
                    "unknown language `{word}` in a code block: it is shown without highlighting"
                ),
                Some(
                    "name a language such as rust, python, javascript, json, yaml, bash or \
                     html, or `text` for plain text"
                        .to_string(),
                ),
            ));
            return plain(&code);
        };
        let Some(highlighted) = highlight::highlight(&language, &code) else {
            return plain(&code);
        };
        // A long line scrolls inside its own box rather than widening the page; the box
        // takes focus, so a keyboard can scroll it too, and is named for screen readers (a
        // group, not a landmark: a page may hold many).
        format!(
            "<div class=\"code-block\" role=\"group\" aria-label=\"{name}\" tabindex=\"0\">\
             <pre><code class=\"language-{class}\">{highlighted}</code></pre></div>\n",
            name = self.label.replace("{language}", &escape(language.name)),
        )
    }
}

/// Rust code without the lines rustdoc hides: those whose first characters after any
/// indentation are `# ` (or a lone `#`). A line that starts with `##` shows with one `#`,
/// which is how a line starting with `#` is written to stay visible.
fn without_hidden_lines(code: &str) -> String {
    let mut out = String::with_capacity(code.len());
    for line in code.split_inclusive('\n') {
        let body = line.trim_start_matches([' ', '\t']);
        let indent = &line[..line.len() - body.len()];
        if let Some(rest) = body.strip_prefix("##") {
            out.push_str(indent);
            out.push('#');
            out.push_str(rest);
        } else if !(body.starts_with("# ") || body.trim_end() == "#") {
            out.push_str(line);
        }
    }
    out
}

fn escape_body(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    // Writing into a String cannot fail.
    let _ = pulldown_cmark_escape::escape_html_body_text(&mut out, text);
    out
}

/// Where the language word is written on the fence that starts at `fence`, so the warning
/// points at it (or at the fence, if the word is not found on its line).
fn language_offset(source: &str, fence: usize, word: &str) -> usize {
    let line = source[fence..].lines().next().unwrap_or_default();
    line.find(word).map_or(fence, |at| fence + at)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rust_lines_starting_with_a_hash_are_hidden_as_rustdoc_hides_them() {
        let code = "# use std::io;\n#\nfn main() {\n    # let x = 1;\n    println!(\"{x}\");\n    ## not hidden\n}\n#[derive(Debug)]\n";
        assert_eq!(
            without_hidden_lines(code),
            "fn main() {\n    println!(\"{x}\");\n    # not hidden\n}\n#[derive(Debug)]\n"
        );
    }

    #[test]
    fn the_language_is_the_first_word_of_the_info_string() {
        assert_eq!(fence_language("rust,ignore,does_not_compile"), "rust");
        assert_eq!(fence_language("rust ignore"), "rust");
        assert_eq!(fence_language("python {linenos=true}"), "python");
        assert_eq!(fence_language("  js"), "js");
        assert_eq!(fence_language(""), "");
        assert_eq!(fence_language(",rust"), "");
    }
}
