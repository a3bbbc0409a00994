//! Callouts: GitHub's alert syntax (`> [!NOTE]` and its four siblings), which pulldown-cmark
//! parses into a block quote of a kind. Each is written as a box with a visible label, so its
//! meaning never rests on colour or an icon. A block quote that opens with what looks like a
//! callout's marker but names no kind (`> [!NOOTE]`) is the author's typo, not a quotation:
//! it is reported at its line with the nearest kind.

use pulldown_cmark::BlockQuoteKind;

use crate::diagnostics::suggest;
use crate::i18n::{Ui, escape, keys};

/// The kinds as authors write them, in the order the documentation lists them.
const KINDS: [&str; 5] = ["NOTE", "TIP", "IMPORTANT", "WARNING", "CAUTION"];

/// The key of the label readers see (the theme's strings), and the class that styles the box.
fn label_and_class(kind: BlockQuoteKind) -> (&'static str, &'static str) {
    match kind {
        BlockQuoteKind::Note => (keys::CALLOUT_NOTE, "callout callout-note"),
        BlockQuoteKind::Tip => (keys::CALLOUT_TIP, "callout callout-tip"),
        BlockQuoteKind::Important => (keys::CALLOUT_IMPORTANT, "callout callout-important"),
        BlockQuoteKind::Warning => (keys::CALLOUT_WARNING, "callout callout-warning"),
        BlockQuoteKind::Caution => (keys::CALLOUT_CAUTION, "callout callout-caution"),
    }
}

/// The opening of a callout's box. `role="note"` tells a screen reader the box is an aside
/// to the text; the label is its first line, as text.
pub(super) fn open(kind: BlockQuoteKind, ui: &Ui) -> String {
    let (key, class) = label_and_class(kind);
    let label = escape(ui.text(key));
    format!("<div class=\"{class}\" role=\"note\">\n<p class=\"callout-label\">{label}</p>\n")
}

pub(super) const CLOSE: &str = "</div>\n";

/// A problem with what looks like a callout's marker in a block quote that pulldown-cmark
/// did not read as a callout: its offset in `source`, the message and a hint.
pub(super) struct Misspelt {
    pub(super) offset: usize,
    pub(super) message: String,
    pub(super) help: String,
}

/// Looks at the first line of the plain block quote that starts at `offset` of `source` (at
/// its `>`) for a marker `[!WORD]` that names no callout, or one that does but shares its
/// line with text (which GitHub and pulldown-cmark then read as plain text).
#[inline(never)]
pub(super) fn misspelt_marker(source: &str, offset: usize) -> Option<Misspelt> {
    let rest = source.get(offset..)?;
    let line = &rest[..rest.find('\n').unwrap_or(rest.len())];
    let after_marker = line.strip_prefix('>')?;
    let text = after_marker.trim_start_matches([' ', '\t']);
    let word_and_rest = text.strip_prefix("[!")?;
    let close = word_and_rest.find(']')?;
    let word = &word_and_rest[..close];
    if word.is_empty() || !word.bytes().all(|b| b.is_ascii_alphabetic()) {
        return None;
    }
    let at = offset + (line.len() - text.len());
    let upper = word.to_ascii_uppercase();
    let trailing = word_and_rest[close + 1..].trim();
    if KINDS.contains(&upper.as_str()) {
        // A known kind that pulldown-cmark left as text has words after it on its line.
        return (!trailing.is_empty()).then(|| Misspelt {
            offset: at,
            message: format!("the callout marker `[!{word}]` must stand alone on its line"),
            help: format!("put the text on the next line, after `> [!{word}]`"),
        });
    }
    let kinds = KINDS.map(|k| format!("[!{k}]")).join(", ");
    let help = match suggest(&upper, KINDS) {
        Some(near) => format!("did you mean `[!{near}]`? The kinds of callout are {kinds}"),
        None => format!("the kinds of callout are {kinds}"),
    };
    Some(Misspelt {
        offset: at,
        message: format!("`[!{word}]` is not a kind of callout"),
        help,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_misspelt_kind_is_found_with_the_nearest_kind() {
        let source = "Text\n\n> [!NOOTE]\n> Body\n";
        let m = misspelt_marker(source, 6).unwrap();
        assert_eq!(&source[m.offset..m.offset + 2], "[!");
        assert!(m.message.contains("`[!NOOTE]`"), "{}", m.message);
        assert!(m.help.starts_with("did you mean `[!NOTE]`?"), "{}", m.help);
        let far = misspelt_marker("> [!BANANA]\n", 0).unwrap();
        assert!(
            far.help.starts_with("the kinds of callout are"),
            "{}",
            far.help
        );
    }

    #[test]
    fn quotations_and_known_kinds_pass() {
        for quote in [
            "> A quotation\n",
            "> [link](x.md)\n",
            "> [!]\n",
            "> [!a b]\n",
            "> [!NOTE]\n",
        ] {
            assert!(misspelt_marker(quote, 0).is_none(), "{quote}");
        }
        let inline = misspelt_marker(">[!tip] Read this\n", 0).unwrap();
        assert!(
            inline.message.contains("must stand alone"),
            "{}",
            inline.message
        );
        assert_eq!(inline.offset, 1);
    }
}
