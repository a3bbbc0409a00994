//! Syntax highlighting of fenced code at build time, with syntect and the syntaxes bat ships
//! (the `two-face` crate: TypeScript, TOML and the others syntect's own set lacks).
//!
//! The output is `<span class="hl-…">` around tokens, one small set of classes for every
//! language, so the theme's stylesheet colours them in light and dark. syntect reports a
//! stack of TextMate scopes for each token; a theme of our own maps each scope to a class
//! (its colour's red byte is the class's number), so the HTML stays close to the code's size.
//!
//! The syntaxes and the theme are loaded on first use, once per process and shared by
//! every thread: a build whose pages have no code with a language never loads them.

use std::str::FromStr;
use std::sync::LazyLock;

use syntect::easy::HighlightLines;
use syntect::highlighting::{
    Color, FontStyle, ScopeSelectors, StyleModifier, Theme, ThemeItem, ThemeSettings,
};
use syntect::parsing::{SyntaxReference, SyntaxSet};
use syntect::util::LinesWithEndings;

/// The token classes, by number (0 is "no class"), each with the scopes it covers. Where two
/// selectors match a token, syntect takes the more specific one.
const CLASSES: &[(&str, &str)] = &[
    ("", ""),
    ("comment", "comment, punctuation.definition.comment"),
    (
        "string",
        "string, markup.raw, constant.character.escape, punctuation.definition.string",
    ),
    ("number", "constant.numeric"),
    (
        "constant",
        "constant.language, constant.other, support.constant, variable.language",
    ),
    ("keyword", "keyword, storage.type, storage.modifier"),
    ("operator", "keyword.operator"),
    (
        "function",
        "entity.name.function, support.function, variable.function, meta.function-call.identifier",
    ),
    (
        "type",
        "entity.name.type, entity.name.class, entity.name.struct, entity.name.enum, \
         entity.name.trait, entity.name.interface, support.type, support.class, \
         entity.other.inherited-class, storage.type.primitive, storage.type.numeric",
    ),
    ("tag", "entity.name.tag"),
    (
        "attribute",
        "entity.other.attribute-name, meta.attribute-with-value",
    ),
    (
        "property",
        "support.type.property-name, meta.mapping.key string, entity.name.key",
    ),
    ("heading", "markup.heading, entity.name.section"),
    ("inserted", "markup.inserted"),
    ("deleted", "markup.deleted"),
];

/// Fence words that name a syntax by another name than its own.
const ALIASES: &[(&str, &str)] = &[
    ("shell", "bash"),
    ("zsh", "bash"),
    ("console", "bash"),
    ("c++", "cpp"),
    ("golang", "go"),
    ("yml", "yaml"),
    ("jsonc", "json"),
];

static SYNTAXES: LazyLock<SyntaxSet> = LazyLock::new(two_face::syntax::extra_newlines);

static CLASS_THEME: LazyLock<Theme> = LazyLock::new(|| Theme {
    settings: ThemeSettings {
        foreground: Some(Color::BLACK),
        ..ThemeSettings::default()
    },
    scopes: CLASSES
        .iter()
        .enumerate()
        .skip(1)
        .map(|(number, (_, selectors))| ThemeItem {
            scope: ScopeSelectors::from_str(selectors).expect("the class table's selectors parse"),
            style: StyleModifier {
                foreground: Some(Color {
                    r: number as u8,
                    g: 0,
                    b: 0,
                    a: 0xFF,
                }),
                background: None,
                font_style: Some(FontStyle::empty()),
            },
        })
        .collect(),
    ..Theme::default()
});

/// A language a fence can name: the syntax, and its name as readers know it.
pub(super) struct Language {
    syntax: &'static SyntaxReference,
    pub(super) name: &'static str,
}

/// The syntax a fence's language word names (`rust`, `py`, `TypeScript`), if it is known.
/// Loads the syntaxes on first use.
pub(super) fn language(word: &str) -> Option<Language> {
    let lower = word.to_ascii_lowercase();
    let token = ALIASES
        .iter()
        .find(|(alias, _)| *alias == lower)
        .map_or(lower.as_str(), |(_, to)| to);
    let syntax = SYNTAXES.find_syntax_by_token(token)?;
    // "JavaScript (Babel)" is JavaScript to a reader, and "Bourne Again Shell (bash)" a shell.
    let name = match syntax.name.split(" (").next().unwrap_or(&syntax.name) {
        "Bourne Again Shell" => "Shell",
        name => name,
    };
    Some(Language { syntax, name })
}

/// `code` as HTML with its tokens in classed spans, or `None` if a syntax fails on it (a
/// fault of the syntax's patterns, not of the author's code).
pub(super) fn highlight(language: &Language, code: &str) -> Option<String> {
    let mut lines = HighlightLines::new(language.syntax, &CLASS_THEME);
    let mut html = String::with_capacity(code.len() + code.len() / 2);
    // Adjacent tokens of one class share a span.
    let mut open = 0u8;
    for line in LinesWithEndings::from(code) {
        for (style, text) in lines.highlight_line(line, &SYNTAXES).ok()? {
            let class = style.foreground.r;
            // A line's end closes its span, so every line of the HTML stands alone.
            let (text, newline) = match text.strip_suffix('\n') {
                Some(text) => (text, true),
                None => (text, false),
            };
            if class != open && !text.is_empty() {
                if open != 0 {
                    html.push_str("</span>");
                }
                if class != 0 {
                    html.push_str("<span class=\"hl-");
                    html.push_str(CLASSES[usize::from(class)].0);
                    html.push_str("\">");
                }
                open = class;
            }
            // Writing into a String cannot fail.
            let _ = pulldown_cmark_escape::escape_html_body_text(&mut html, text);
            if newline {
                if open != 0 {
                    html.push_str("</span>");
                    open = 0;
                }
                html.push('\n');
            }
        }
    }
    if open != 0 {
        html.push_str("</span>");
    }
    Some(html)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each language a guide is likely to show is known by its usual fence words.
    #[test]
    fn the_usual_languages_are_known() {
        for word in [
            "rust",
            "python",
            "py",
            "javascript",
            "js",
            "typescript",
            "ts",
            "json",
            "yaml",
            "yml",
            "toml",
            "bash",
            "sh",
            "shell",
            "html",
            "css",
            "c",
            "cpp",
            "c++",
            "java",
            "go",
            "sql",
            "markdown",
            "md",
            "diff",
            "cs",
            "kotlin",
            "Rust",
        ] {
            assert!(language(word).is_some(), "{word}");
        }
        assert!(language("nosuchlanguage").is_none());
        assert_eq!(language("js").unwrap().name, "JavaScript");
    }

    /// Tokens get their class, text is escaped, and no span crosses a line's end.
    #[test]
    fn tokens_get_classes_and_lines_stand_alone() {
        let rust = language("rust").unwrap();
        let html = highlight(&rust, "// a <note>\nfn main() { let s = \"x\"; }\n").unwrap();
        assert!(
            html.starts_with("<span class=\"hl-comment\">// a &lt;note&gt;</span>\n"),
            "{html}"
        );
        assert!(
            html.contains("<span class=\"hl-keyword\">fn</span>"),
            "{html}"
        );
        assert!(
            html.contains("<span class=\"hl-function\">main</span>"),
            "{html}"
        );
        assert!(
            html.contains("<span class=\"hl-string\">\"x\"</span>"),
            "{html}"
        );
        for line in html.lines() {
            assert_eq!(
                line.matches("<span").count(),
                line.matches("</span>").count(),
                "{line}"
            );
        }
        let python = language("python").unwrap();
        let html = highlight(&python, "def f(x):\n    return 42  # answer\n").unwrap();
        assert!(
            html.contains("<span class=\"hl-number\">42</span>"),
            "{html}"
        );
        assert!(
            html.contains("<span class=\"hl-comment\"># answer</span>"),
            "{html}"
        );
    }
}
