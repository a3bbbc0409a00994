//! Draws a route into a role as an inline SVG: one box per step, top to bottom, joined by
//! arrows. Drawn at build time from the role data, so a reader needs no script.
//!
//! The drawing is one column 320 units wide, which fits a 390 px phone at full size and
//! sits beside other routes on a wide screen (the theme lays routes out in a grid). Colours
//! come from the page through `currentColor` and CSS classes, so it follows dark mode and
//! prints in black. A step the sources leave open is told in words inside its box ("Varies
//! by state", "Not specified by the sources") and drawn with a dashed outline, never by
//! colour alone. Presentation attributes draw it in outline where no stylesheet applies (a
//! feed reader); the theme's classes take precedence over them.

use std::fmt::Write;

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

use crate::html::escape;

/// One box of the drawing.
pub(super) struct StepBox<'a> {
    /// "1. Education"
    pub(super) heading: String,
    pub(super) text: Option<&'a str>,
    /// What the sources leave open, in words.
    pub(super) status: Option<&'a str>,
}

const WIDTH: usize = 320;
const PADDING: usize = 12;
const LINE: usize = 19;
const GAP: usize = 30;
/// Columns (characters of Latin text) that fit on a line of the box at 15 units a glyph height: a wide estimate
/// of the average glyph, so that text of wide letters still fits.
const CHARS_PER_LINE: usize = 36;

/// The SVG of a route. `id` starts every id the drawing writes; `title` and `desc` name
/// and describe it to assistive technology.
pub(super) fn draw(id: &str, title: &str, desc: &str, boxes: &[StepBox<'_>]) -> String {
    let mut body = String::new();
    let mut y = 1;
    for (n, b) in boxes.iter().enumerate() {
        let mut lines: Vec<(&str, String)> = vec![("pathway-step-label", b.heading.clone())];
        if let Some(status) = b.status {
            lines.push(("pathway-step-status", status.to_string()));
        }
        if let Some(text) = b.text {
            for line in wrap(text, CHARS_PER_LINE) {
                lines.push(("pathway-step-text", line));
            }
        }
        let height = 2 * PADDING + lines.len() * LINE;
        let class = match b.status {
            Some(_) => "pathway-box pathway-box-open",
            None => "pathway-box",
        };
        let _ = write!(
            body,
            "<rect class=\"{class}\" x=\"1\" y=\"{y}\" width=\"{}\" height=\"{height}\" rx=\"6\" \
             fill=\"none\" stroke=\"currentColor\"/>",
            WIDTH - 2
        );
        let _ = write!(body, "<text x=\"{PADDING}\" y=\"{}\">", y + PADDING);
        for (i, (class, line)) in lines.iter().enumerate() {
            let dy = if i == 0 { 14 } else { LINE };
            let _ = write!(
                body,
                "<tspan class=\"{class}\" x=\"{PADDING}\" dy=\"{dy}\">{}</tspan>",
                escape(line)
            );
        }
        body.push_str("</text>");
        y += height;
        if n + 1 < boxes.len() {
            // An arrow down to the next box.
            let x = WIDTH / 2;
            let _ = write!(
                body,
                "<path class=\"pathway-arrow\" d=\"M{x} {} V{}\" fill=\"none\" stroke=\"currentColor\"/>\
                 <path class=\"pathway-arrowhead\" d=\"M{} {} L{x} {} L{} {} Z\"/>",
                y + 2,
                y + GAP - 8,
                x - 6,
                y + GAP - 10,
                y + GAP - 2,
                x + 6,
                y + GAP - 10,
            );
            y += GAP;
        }
    }
    let height = y + 1;
    let mut svg = String::with_capacity(body.len() + 400);
    let _ = write!(
        svg,
        "<svg class=\"pathway-svg\" role=\"img\" aria-labelledby=\"{id}title {id}desc\" \
         viewBox=\"0 0 {WIDTH} {height}\" width=\"{WIDTH}\" height=\"{height}\" \
         xmlns=\"http://www.w3.org/2000/svg\" fill=\"currentColor\">\
         <title id=\"{id}title\">{}</title><desc id=\"{id}desc\">{}</desc>{body}</svg>",
        escape(title),
        escape(desc),
    );
    svg
}

/// `text` broken into lines of at most `width` columns, at spaces; a word longer than a
/// line is broken where the line ends. Columns are counted as a terminal counts them
/// (`unicode-width`): a Chinese or Japanese character takes two, a combining accent none.
fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    let mut used = 0;
    for word in text.split_whitespace() {
        let mut word_width = word.width();
        let mut word = word.to_string();
        // A word wider than a line fills lines of its own.
        while word_width > width {
            if !line.is_empty() {
                lines.push(std::mem::take(&mut line));
                used = 0;
            }
            let mut taken = 0;
            let split = word
                .char_indices()
                .find(|&(_, c)| {
                    taken += c.width().unwrap_or(0);
                    taken > width
                })
                // At least one character, or a character wider than a line never fits.
                .map_or(
                    word.len(),
                    |(at, c)| if at == 0 { c.len_utf8() } else { at },
                );
            lines.push(word[..split].to_string());
            word = word[split..].to_string();
            word_width = word.width();
        }
        if used > 0 && used + 1 + word_width > width {
            lines.push(std::mem::take(&mut line));
            used = 0;
        }
        if used > 0 {
            line.push(' ');
            used += 1;
        }
        line.push_str(&word);
        used += word_width;
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wraps_at_spaces_and_breaks_only_overlong_words() {
        assert_eq!(wrap("a bb ccc dddd", 6), ["a bb", "ccc", "dddd"]);
        assert_eq!(wrap("abcdefgh ij", 3), ["abc", "def", "gh", "ij"]);
        assert!(wrap("  ", 5).is_empty());
        // Wide characters take two columns each.
        assert_eq!(wrap("社会福祉士 ab", 6), ["社会福", "祉士", "ab"]);
        assert_eq!(wrap("社会", 1), ["社", "会"]);
    }

    #[test]
    fn every_box_says_its_step_and_open_steps_say_so_in_words() {
        let boxes = [
            StepBox {
                heading: "1. Exam".into(),
                text: Some("An <exam> & more"),
                status: None,
            },
            StepBox {
                heading: "2. Credential".into(),
                text: None,
                status: Some("Not specified by the sources"),
            },
        ];
        let svg = draw("p-", "Route", "Two steps", &boxes);
        assert!(svg.starts_with(
            "<svg class=\"pathway-svg\" role=\"img\" aria-labelledby=\"p-title p-desc\""
        ));
        assert!(svg.contains("An &lt;exam&gt; &amp; more"));
        assert!(svg.contains("pathway-box pathway-box-open"));
        assert!(svg.contains(">Not specified by the sources</tspan>"));
        assert_eq!(svg.matches("<rect").count(), 2);
        assert_eq!(svg.matches("pathway-arrowhead").count(), 1);
    }
}
