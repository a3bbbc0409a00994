//! A question's HTML: as a form on its page, as text on the print page, and as an entry in
//! the print page's answer key. Every verdict is written out ("Right", "Not right"), so it
//! never rests on colour.

use super::schema::Question;
use crate::html::escape;

/// A question with what its page adds: its number there, and its link written for the
/// page (`.0`) and for the print page (`.1`).
pub(super) struct Written<'q> {
    pub(super) question: &'q Question,
    pub(super) number: usize,
    pub(super) link: Option<&'q (String, String)>,
}

impl Written<'_> {
    fn hint(&self) -> &'static str {
        let q = self.question;
        match (q.several, is_true_false(q)) {
            (true, _) => "Choose every right answer.",
            (false, true) => "True or false?",
            (false, false) => "Choose one answer.",
        }
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
    push_stem(&mut html, w, "Question");
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
    html.push_str(
        "</ul>\n<button type=\"button\" class=\"question-check\" hidden>Check my answer</button>\n\
         <p class=\"question-feedback\" role=\"status\"></p>\n</fieldset>\n\
         <details class=\"question-answer\">\n<summary>Show the answer</summary>\n",
    );
    push_explanations(&mut html, q);
    if let Some((here, _)) = w.link {
        push_link(&mut html, here);
    }
    html.push_str("</details>\n</div>\n");
    html
}

/// The question on the print page: its options as a list; the answer is in the key.
pub(super) fn on_print_page(w: &Written<'_>) -> String {
    let q = w.question;
    let mut html = String::with_capacity(256 + 64 * q.choices.len());
    html.push_str("<div class=\"question question-printed\">\n<p class=\"question-stem\">");
    push_stem(&mut html, w, "Question");
    html.push_str("</p>\n<ul class=\"question-options\">\n");
    for choice in &q.choices {
        html.push_str(&format!("<li>{}</li>\n", escape(&choice.text)));
    }
    html.push_str(
        "</ul>\n<p class=\"question-see-key\">The answer is at the end of this chapter.</p>\n</div>\n",
    );
    html
}

/// The question's entry in the print page's answer key.
pub(super) fn answer_key(w: &Written<'_>) -> String {
    let mut html = String::with_capacity(512);
    html.push_str("<li><p class=\"question-stem\">");
    push_stem(&mut html, w, "Question");
    html.push_str("</p>\n");
    push_explanations(&mut html, w.question);
    if let Some((_, print)) = w.link {
        push_link(&mut html, print);
    }
    html.push_str("</li>\n");
    html
}

/// The answer key at the end of a chapter on the print page.
pub(super) fn key_section(entries: &[String]) -> String {
    let mut html = String::from(
        "<div class=\"answer-key\">\n<h3 class=\"answer-key-title\">Answers to this chapter's questions</h3>\n<ol>\n",
    );
    for entry in entries {
        html.push_str(entry);
    }
    html.push_str("</ol>\n</div>\n");
    html
}

fn push_stem(html: &mut String, w: &Written<'_>, label: &str) {
    html.push_str(&format!(
        "<span class=\"question-number\">{label} {}</span> <span class=\"question-text\">{}</span> \
         <span class=\"question-hint\">{}</span>",
        w.number,
        escape(&w.question.text),
        w.hint(),
    ));
}

fn push_explanations(html: &mut String, q: &Question) {
    html.push_str("<ul class=\"question-explanations\">\n");
    for choice in &q.choices {
        let (class, verdict) = match choice.right {
            true => ("right", "Right"),
            false => ("wrong", "Not right"),
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

fn push_link(html: &mut String, href: &str) {
    html.push_str(&format!(
        "<p class=\"question-link\"><a href=\"{}\">Read more about this in the guide</a></p>\n",
        escape(href)
    ));
}
