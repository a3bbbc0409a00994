//! Self-check questions: a fenced block whose language is `question` holds a question in
//! YAML (`schema`). On the page it becomes a form readers answer, with the answer and an
//! explanation of every option behind a disclosure, so it works without JavaScript; the
//! theme's `question.js` checks an answer at once and says the result through a live
//! region. On the print page the question is listed without controls, and its answer
//! goes into a key at the end of the chapter. A page without questions pays one
//! comparison per fenced code block.

mod html;
mod schema;

use pulldown_cmark::{CowStr, Event, TagEnd};

use super::render::PageRenderer;
use crate::diagnostics::{Diagnostic, line_col};
use crate::html::escape;
use crate::i18n::keys;
use crate::model::PRINT_PATH;
use html::{Written, answer_key, on_page, on_print_page};

/// The language of a fenced block that holds a question.
pub(super) const LANGUAGE: &str = "question";

/// A page's questions so far.
#[derive(Default)]
pub(super) struct Questions {
    /// The block being read: where its fence is in the file, and its text so far.
    open: Option<(usize, String)>,
    /// Each question's entry in the print page's answer key.
    key: Vec<String>,
    /// The links the key's entries write (escaped, in order), noted when the key is.
    key_links: Vec<String>,
    /// The last fence's offset and line: the next question's line is counted on from
    /// there, not from the top of the file, which made a page of many questions quadratic.
    last_fence: (usize, usize),
    pub(super) diagnostics: Vec<Diagnostic>,
}

impl Questions {
    /// Whether the events are inside a question's block.
    pub(super) fn reading(&self) -> bool {
        self.open.is_some()
    }

    /// How many questions the page has.
    pub(super) fn count(&self) -> usize {
        self.key.len()
    }
}

impl<'a> PageRenderer<'_, 'a> {
    /// Takes an event of a question's block (its opening at file offset `offset`, its text,
    /// its end), writing the question when the block ends. Cold and kept out of line, so
    /// the renderer's event loop, which every page runs, stays as it was without questions.
    #[cold]
    #[inline(never)]
    pub(super) fn question_event(&mut self, event: Event<'a>, offset: usize) {
        match event {
            Event::Text(text) => {
                if let Some((_, yaml)) = &mut self.questions.open {
                    yaml.push_str(&text);
                }
            }
            Event::End(TagEnd::CodeBlock) => {
                if let Some((fence, yaml)) = self.questions.open.take() {
                    self.finish_question(fence, &yaml);
                }
            }
            _ => self.questions.open = Some((offset, String::new())),
        }
    }

    fn finish_question(&mut self, fence: usize, yaml: &str) {
        let page = &self.site.pages[self.index];
        let source = &page.loaded.source;
        let file = page.loaded.shown_path();
        let fence_line = match self.questions.last_fence {
            (0, _) => line_col(source, fence).0,
            (at, line) => line + memchr::memchr_iter(b'\n', &source.as_bytes()[at..fence]).count(),
        };
        self.questions.last_fence = (fence, fence_line);
        let site = self.site;
        let ui = &site.ui;
        let mut question = match schema::read(yaml, &file, source, fence_line + 1) {
            Ok(question) => question,
            Err(diagnostic) => {
                self.questions.diagnostics.push(diagnostic);
                return;
            }
        };
        if question.true_false {
            question.choices[0].text = ui.text(keys::QUESTION_TRUE).to_string();
            question.choices[1].text = ui.text(keys::QUESTION_FALSE).to_string();
        }
        let link = question.link.as_ref().and_then(|(link, line)| {
            let start = line_start(source, fence, line - fence_line);
            let indent = source[start..].len() - source[start..].trim_start_matches(' ').len();
            let at = start + indent;
            self.written_link(link, at)
        });
        if let Some((here, print)) = &link {
            self.notes.own_link(&escape(here));
            self.questions.key_links.push(escape(print));
        }
        let number = self.questions.count() + 1;
        let written = Written {
            ui,
            question: &question,
            number,
            link: link.as_ref(),
        };
        self.questions.key.push(answer_key(&written));
        let html = match &mut self.slots {
            // The marker ends the line as the HTML it stands for does, so pulldown-cmark
            // writes what follows it alike in both ways.
            Some(slots) => {
                let line = |html: String| html.trim_end_matches('\n').to_string();
                let marker = slots.add(line(on_page(&written)), line(on_print_page(&written)));
                marker + "\n"
            }
            None if self.at == PRINT_PATH => on_print_page(&written),
            None => on_page(&written),
        };
        self.events.push(Event::Html(CowStr::from(html)));
    }

    /// What ends the page's HTML, after everything pulldown-cmark writes (footnotes too):
    /// on the print page, the answer key of its questions.
    pub(super) fn answer_key_section(&mut self) -> Option<String> {
        if self.questions.key.is_empty() {
            return None;
        }
        for link in &self.questions.key_links {
            self.notes.print_link(link);
        }
        let key = html::key_section(&self.questions.key, &self.site.ui);
        match &mut self.slots {
            Some(slots) => Some(slots.add(String::new(), key)),
            None if self.at == PRINT_PATH => Some(key),
            None => None,
        }
    }
}

/// The offset of the line `lines` below the one holding `offset` in `source`.
fn line_start(source: &str, offset: usize, lines: usize) -> usize {
    let mut at = source[..offset].rfind('\n').map_or(0, |i| i + 1);
    for _ in 0..lines {
        match memchr::memchr(b'\n', &source.as_bytes()[at..]) {
            Some(i) => at += i + 1,
            None => break,
        }
    }
    at
}
