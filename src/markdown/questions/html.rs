//! A question's HTML: as a form on its page, as text on the print page, and as an entry in
//! the print page's answer key. Every verdict is written out ("Right", "Not right"), so it
//! never rests on colour.

use super::schema::Question;
use crate::html::escape;
use crate::i18n::{Ui, keys};

/// A question with what its page adds: its number there, and its link written for the
/// page (`.0`) and for the print page (`.1`).
pub(super) struct Written<'q> {
    /// The theme's strings, for the words guide writes around the author's.
    pub(super) ui: &'q Ui,
    pub(super) question: &'q Question,
    pub(super) number: usize,
    pub(super) link: Option<&'q (String, String)>,
}

impl Written<'_> {
    fn hint(&self) -> String {
        let q = self.question;
        let key = match (q.several, is_true_false(q)) {
            (true, _) => keys::QUESTION_CHOOSE_ALL,
            (false, true) => keys::QUESTION_TRUE_OR_FALSE,
            (false, false) => keys::QUESTION_CHOOSE_ONE,
        };
        self.text(key)
    }

    /// The string of `key`, escaped.
    fn text(&self, key: &str) -> String {
        crate::i18n::escape(self.ui.text(key))
    }
}

fn is_true_false(q: &Question) -> bool {
    q.choices.len() == 2 && q.choices[0].name == "true" && q.choices[1].name == "false"
}

/// The question on its page: the options as radio buttons or checkboxes, a button the
/// script shows (hidden without it), a live region for the result, and the answer with
/// every option's explanation behind a disclosure.
pub(super) fn on_page(w: &Written<'_>) -> String {
    let q = w.question;
    let kind = if q.several { "checkbox" } else { "radio" };
    let mut html = String::with_capacity(512 + 128 * q.choices.len());
    html.push_str("<div class=\"question\">\n<fieldset>\n<legend>");
    push_stem(&mut html, w);
    html.push_str("</legend>\n<ul class=\"question-options\">\n");
    for choice in &q.choices {
        html.push_str(&format!(
            "<li><label><input type=\"{kind}\" name=\"question-{}\" value=\"{}\"{}> {}</label></li>\n",
            w.number,
            escape(&choice.name),
            if choice.right { " data-right" } else { "" },
            escape(&choice.text),
        ));
    }
    html.push_str(&format!(
        "</ul>\n<button type=\"button\" class=\"question-check\" hidden>{}</button>\n\
         <p class=\"question-feedback\" role=\"status\"></p>\n</fieldset>\n\
         <details class=\"question-answer\">\n<summary>{}</summary>\n",
        w.text(keys::QUESTION_CHECK),
        w.text(keys::QUESTION_SHOW_ANSWER),
    ));
    push_explanations(&mut html, w);
    if let Some((here, _)) = w.link {
        push_link(&mut html, w, here);
    }
    html.push_str("</details>\n</div>\n");
    html
}

/// The question on the print page: its options as a list; the answer is in the key.
pub(super) fn on_print_page(w: &Written<'_>) -> String {
    let q = w.question;
    let mut html = String::with_capacity(256 + 64 * q.choices.len());
    html.push_str("<div class=\"question question-printed\">\n<p class=\"question-stem\">");
    push_stem(&mut html, w);
    html.push_str("</p>\n<ul class=\"question-options\">\n");
    for choice in &q.choices {
        html.push_str(&format!("<li>{}</li>\n", escape(&choice.text)));
    }
    html.push_str(&format!(
        "</ul>\n<p class=\"question-see-key\">{}</p>\n</div>\n",
        w.text(keys::QUESTION_ANSWER_AT_END)
    ));
    html
}

/// The question's entry in the print page's answer key.
pub(super) fn answer_key(w: &Written<'_>) -> String {
    let mut html = String::with_capacity(512);
    html.push_str("<li><p class=\"question-stem\">");
    push_stem(&mut html, w);
    html.push_str("</p>\n");
    push_explanations(&mut html, w);
    if let Some((_, print)) = w.link {
        push_link(&mut html, w, print);
    }
    html.push_str("</li>\n");
    html
}

/// The answer key at the end of a chapter on the print page.
pub(super) fn key_section(entries: &[String], ui: &Ui) -> String {
    let mut html = format!(
        "<div class=\"answer-key\">\n<h3 class=\"answer-key-title\">{}</h3>\n<ol>\n",
        crate::i18n::escape(ui.text(keys::QUESTION_ANSWER_KEY))
    );
    for entry in entries {
        html.push_str(entry);
    }
    html.push_str("</ol>\n</div>\n");
    html
}

fn push_stem(html: &mut String, w: &Written<'_>) {
    let label = w.text(keys::QUESTION);
    html.push_str(&format!(
        "<span class=\"question-number\">{label} {}</span> <span class=\"question-text\">{}</span> \
         <span class=\"question-hint\">{}</span>",
        w.number,
        escape(&w.question.text),
        w.hint(),
    ));
}

fn push_explanations(html: &mut String, w: &Written<'_>) {
    let q = w.question;
    html.push_str("<ul class=\"question-explanations\">\n");
    for choice in &q.choices {
        let (class, verdict) = match choice.right {
            true => ("right", w.text(keys::QUESTION_RIGHT)),
            false => ("wrong", w.text(keys::QUESTION_NOT_RIGHT)),
        };
        html.push_str(&format!(
            "<li class=\"verdict-{class}\" data-option=\"{}\"><strong class=\"verdict\">{verdict}:</strong> \
             <span class=\"option-text\">{}</span> — <span class=\"why\">{}</span></li>\n",
            escape(&choice.name),
            escape(&choice.text),
            escape(&choice.why),
        ));
    }
    html.push_str("</ul>\n");
}

fn push_link(html: &mut String, w: &Written<'_>, href: &str) {
    html.push_str(&format!(
        "<p class=\"question-link\"><a href=\"{}\">{}</a></p>\n",
        escape(href),
        w.text(keys::QUESTION_READ_MORE)
    ));
}
