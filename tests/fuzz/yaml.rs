//! Generated YAML: guide.yaml, front matter, role files and the data files. Values come from
//! pools of fragments written as YAML source, from the plain to the odd; the "bad" pools hold
//! what an author gets wrong (wrong types, broken syntax, impossible dates, unknown keys). A
//! `{i}` in a fragment stands for the indentation of the key it is the value of.

use crate::pick::Pick;

/// Text a string field accepts.
pub(crate) const TEXTS: &[&str] = &[
    "Plain words",
    "\"Quoted: with a colon\"",
    "'It''s single-quoted'",
    "Über uns — naïve café",
    "\"日本語のガイド\"",
    "\"Emoji 🧭 and a family 👩‍👩‍👧\"",
    "\"Tab\\tand \\\"escapes\\\"\"",
    "A & B <b>bold</b> </p>",
    "\"{{ fact(role=\\\"case-manager\\\", field=\\\"focus\\\") }}\"",
    "\"\\u202Eright-to-left\\u202C\"",
    "\"zero\\u200Bwidth and a\\u0301 combining\"",
    "\"  spaced  \"",
    "'#not a comment'",
    "\"line one\\nline two\"",
    "\"<script>alert(1)</script> \\\" '\"",
    "\"%41 %zz % &amp; &bogus;\"",
    "\"a \\0 nul and \\uE000 0\\uE001 private use\"",
    "yes",
    "|\n{i}  Two lines\n{i}  of block text",
    ">-\n{i}  Folded\n{i}  text",
    "\"\\U0001F600 astral\"",
    "Ǆemo ǅ ǆ ß ẞ İ ı",
];

/// What a string field refuses, and broken YAML.
pub(crate) const BAD_SCALARS: &[&str] = &[
    "~",
    "",
    "[a, b]",
    "{a: 1}",
    "42",
    "-1.5e3",
    ".nan",
    "true",
    "*undefined",
    "&anchor",
    "!!binary aGVsbG8=",
    "!custom tag",
    "\"unterminated",
    "'unterminated",
    "[unclosed",
    "{unclosed: 1",
    "a: b: c",
    "@reserved",
    "`tick",
    "% percent",
    "\"\\uD800\"",
    "\"bad \\q escape\"",
    "\"\\U00110000\"",
    "\n{i}  - a\n{i}  - b",
    "? complex",
    "|\n{i}under-indented block",
    "!!int x",
    "\t tab-led",
    "- a",
];

pub(crate) const DATES: &[&str] = &["2026-01-15", "2024-02-29", "'2025-12-31'", "2025-06-30"];
const BAD_DATES: &[&str] = &[
    "2026-13-45",
    "2026-02-30",
    "2023-02-29",
    "2026-1-5",
    "2026/01/15",
    "20260115",
    "yesterday",
    "2026-01-15T10:00:00Z",
    "0000-00-00",
    "99999-01-01",
    "-2026-01-01",
    "[2026, 1, 15]",
    "' 2026-01-15'",
    "2026-01-15x",
    "~",
];

const WEIGHTS: &[&str] = &[
    "0",
    "1",
    "5",
    "15",
    "30",
    "100",
    "-3",
    "9223372036854775807",
];
const BAD_WEIGHTS: &[&str] = &[
    "1.5",
    "ten",
    "99999999999999999999",
    "-9223372036854775809",
    "0x10",
    "1_000",
    ".inf",
    "[1]",
    "~",
];

/// Keys nobody defined, and near misses of real ones.
const UNKNOWN_KEYS: &[&str] = &[
    "titel",
    "Title",
    "tags",
    "date",
    "weigth",
    "über",
    "\"\"",
    "'quoted key'",
    "1",
];

/// A value for `extra:`, which takes anything (but nothing nested beyond the limit).
fn extra(p: &mut Pick) -> String {
    let deep = |n: usize| format!("{}x{}", "[".repeat(n), "]".repeat(n));
    let block = |n: usize| {
        (0..n)
            .map(|d| format!("\n{}k:", "  ".repeat(d + 1)))
            .collect::<String>()
            + " v"
    };
    match p.below(if p.sane { 5 } else { 9 }) {
        0 => "{}".into(),
        1 => {
            let text = p.one(TEXTS).replace("{i}", "{i}  ");
            format!("\n{{i}}  note: {text}\n{{i}}  list: [1, two, {{a: b}}]")
        }
        2 => format!("\n{{i}}  nested: {}", deep(40)),
        3 => format!(
            "\n{{i}}  anchors: &a [x, y]\n{{i}}  again: *a\n{{i}}  block:{}",
            block(20)
        ),
        4 => "{ \"json\": [1, 2.5, null, true], \"ü\": \"v\" }".into(),
        5 => format!("\n{{i}}  nested: {}", deep(129 + p.below(200))),
        6 => format!("\n{{i}}  deep:{}", block(129)),
        7 => {
            // Aliases that multiply: a small "billion laughs".
            let mut text = "\n{i}  a: &a [x, x, x, x, x, x, x, x, x]".to_string();
            let levels = 2 + p.below(7);
            for l in 1..levels {
                let refs = vec![format!("*{}", (b'a' + l as u8 - 1) as char); 9].join(", ");
                text += &format!("\n{{i}}  {0}: &{0} [{refs}]", (b'a' + l as u8) as char);
            }
            text
        }
        _ => "[not, a, mapping]".into(),
    }
}

/// `key: value` lines with `{i}` resolved to `indent`.
fn line(indent: &str, key: &str, value: &str) -> String {
    let value = value.replace("{i}", indent);
    if value.starts_with('\n') || value.is_empty() {
        format!("{indent}{key}:{value}\n")
    } else {
        format!("{indent}{key}: {value}\n")
    }
}

/// Wild edits of a YAML document's lines: a line dropped, repeated, tab-indented, or an
/// unknown key added. Shared by every YAML file.
pub(crate) fn mangle(p: &mut Pick, text: &str) -> String {
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    for _ in 0..1 + p.below(2) {
        let at = p.below(lines.len().max(1));
        match p.below(9) {
            0 if !lines.is_empty() => {
                lines.remove(at);
            }
            1 if !lines.is_empty() => lines.insert(at, lines[at].clone()),
            2 if !lines.is_empty() => lines[at] = format!("\t{}", lines[at].trim_start()),
            3 => lines.insert(at, format!("{}: {}", p.one(UNKNOWN_KEYS), p.one(TEXTS))),
            4 if !lines.is_empty() => lines[at] = format!("  {}", lines[at]),
            5 => lines.insert(
                at,
                p.one(&[
                    "---",
                    "...",
                    "%YAML 1.1",
                    "- item",
                    ": empty key",
                    "[",
                    "key",
                ])
                .into(),
            ),
            6 if !lines.is_empty() => {
                // A value swapped for a bad one.
                if let Some((key, _)) = lines[at].split_once(": ") {
                    let indent = &key[..key.len() - key.trim_start().len()];
                    lines[at] = line(indent, key.trim_start(), p.one(BAD_SCALARS))
                        .trim_end()
                        .into();
                }
            }
            7 if !lines.is_empty() => {
                // A key misspelt.
                if let Some((key, value)) = lines[at].split_once(':') {
                    let mut key = key.to_string();
                    let _ = key.pop();
                    lines[at] = format!("{key}:{value}");
                }
            }
            _ => lines.insert(at, "# a comment {{ fact() }}".into()),
        }
    }
    lines.join("\n") + "\n"
}

/// Whole-file oddities: a byte order mark, Windows line ends.
pub(crate) fn dress(p: &mut Pick, text: String) -> String {
    let text = if p.chance(10) {
        text.replace('\n', "\r\n")
    } else {
        text
    };
    if p.chance(5) {
        format!("\u{FEFF}{text}")
    } else {
        text
    }
}

/// A chapter's front matter (without the `---` lines). `slug` and `alias` are unique names a
/// sane case may use.
pub(crate) fn front_matter(p: &mut Pick) -> String {
    let mut out = String::new();
    if !p.wild(10) {
        out += &line("", "title", p.good_or(TEXTS, BAD_SCALARS, 15));
    }
    if p.chance(40) {
        out += &line("", "description", p.good_or(TEXTS, BAD_SCALARS, 15));
    }
    if p.chance(40) {
        out += &line("", "weight", p.good_or(WEIGHTS, BAD_WEIGHTS, 20));
    }
    if p.chance(15) {
        out += &line(
            "",
            "draft",
            p.good_or(
                &["false", "true", "False"],
                &["yes", "1", "'true'", "~"],
                30,
            ),
        );
    }
    if p.chance(30) {
        let fresh = format!("page-{}", p.unique());
        let bad = [
            "Bad Slug", "''", "a/b", "..", "ü", "a--b", "-a", "intro", "second", "glossary",
            "roles", "print", "one",
        ];
        out += &line("", "slug", if p.wild(40) { p.one(&bad) } else { &fresh });
    }
    if p.wild(15) {
        let templates = [
            "page.html",
            "missing.html",
            "../page.html",
            "index.html",
            "section.html",
            "role.html",
            "404.html",
            "print.html",
            "sitemap.xml",
            "shortcodes/fact.html",
            "partials/nav.html",
            "base.html",
        ];
        out += &line("", "template", p.one(&templates));
    }
    if p.chance(25) {
        let fresh = format!("[old/page-{}/]", p.unique());
        let bad = [
            "[]",
            "[\"a b\"]",
            "[../../x/]",
            "[/abs/]",
            "[intro/]",
            "[sitemap.xml]",
            "[x.html]",
            "[ü/]",
            "not a list",
            "[1, 2]",
            "[\"%41/\"]",
            "[a/../b/]",
            "['#x']",
            "['?q']",
            "[CNAME]",
            "[search/meta.json]",
            "['']",
            "[old/intro/]",
            "[roles/case-manager/]",
        ];
        out += &line("", "aliases", if p.wild(40) { p.one(&bad) } else { &fresh });
    }
    if p.chance(30) {
        out += &line("", "reviewed", p.good_or(DATES, BAD_DATES, 30));
    }
    if p.chance(20) {
        out += &line("", "extra", &extra(p));
    }
    if !p.sane && p.chance(40) {
        out = mangle(p, &out);
    }
    out
}

/// The whole guide.yaml.
pub(crate) fn guide_yaml(p: &mut Pick) -> String {
    let mut out = String::new();
    if !p.wild(5) {
        out += &line("", "title", p.good_or(TEXTS, BAD_SCALARS, 15));
    }
    if p.chance(60) {
        out += &line("", "description", p.good_or(TEXTS, BAD_SCALARS, 10));
    }
    let urls = [
        "https://example.github.io/repo/",
        "http://localhost:1111/",
        "https://example.org",
        "https://例え.jp/ガイド/",
        "https://example.org/a/b/c/",
        "https://user:pw@example.org:8443/x/",
    ];
    let bad_urls = [
        "",
        "/relative/",
        "not a url",
        "https://ex.org/a b/",
        "https://ex.org/?q=1",
        "https://ex.org/#frag",
        "javascript:alert(1)",
        "https://ex.org/\"><script>",
        "ftp://x/",
        "https://",
        "https:///path",
        "42",
        "[https://a.org/]",
    ];
    if !p.wild(10) {
        out += &line("", "base_url", p.good_or(&urls, &bad_urls, 40));
    }
    if p.chance(50) {
        out += &line(
            "",
            "language",
            p.good_or(
                &["en", "de-CH", "ja", "'zh-Hant-TW'"],
                &["\"x\\\"y\"", "12", "''", "<b>"],
                20,
            ),
        );
    }
    if p.chance(50) {
        out += &line(
            "",
            "theme",
            p.good_or(
                &["default"],
                &["missing", "../etc", "''", "Default", "default/"],
                30,
            ),
        );
    }
    if p.chance(20) {
        let dirs = [
            "public",
            "out",
            "site-out",
            "public/",
            "./public",
            "build/html",
        ];
        let bad = [
            ".",
            "..",
            "../",
            "content",
            "content/out",
            "static",
            "themes",
            "templates/x",
            "''",
            "guide.yaml",
            "../out",
            "public/..",
            "~",
        ];
        out += &line("", "output_dir", p.good_or(&dirs, &bad, 40));
    }
    if p.chance(50) {
        let names = ["guide.example.org", "docs.example.co.uk", "a-b.example"];
        let bad = [
            "https://x.org/",
            "''",
            "a..b",
            "12",
            "-x.org",
            "x",
            "ü.org",
            "[a.org]",
        ];
        out += &line("", "cname", p.good_or(&names, &bad, 30));
    }
    if p.chance(40) {
        out += &line("", "extra", &extra(p));
    }
    if !p.sane && p.chance(40) {
        out = mangle(p, &out);
    }
    dress(p, out)
}

/// Keys of the role file whose values are text.
const TEXT_KEYS: &[&str] = &[
    "name",
    "summary",
    "text",
    "minimum",
    "preferred",
    "accreditation",
    "required",
    "detail",
    "level",
    "abbr",
];

/// A role file made from `template` (a valid role): values changed, notes added and, in a
/// wild case, anything broken.
pub(crate) fn role(p: &mut Pick, template: &str) -> String {
    let mut lines: Vec<String> = Vec::new();
    for text in template.lines() {
        let (key, value) = match text.split_once(": ") {
            Some((k, v)) => (k, v),
            None => {
                lines.push(text.into());
                // A note under a section, unless the role has notes already (a second
                // under one section would be a key written twice).
                if !text.starts_with(' ')
                    && text.ends_with(':')
                    && !template.contains("note:")
                    && p.chance(15)
                {
                    lines.push(line("  ", "note", p.one(TEXTS)).trim_end().into());
                }
                continue;
            }
        };
        let name = key.trim_start().trim_start_matches("- ");
        let value = if p.chance(25) {
            match name {
                n if TEXT_KEYS.contains(&n) => p.good_or(TEXTS, BAD_SCALARS, 25).to_string(),
                "reviewed" => p.good_or(DATES, BAD_DATES, 30).to_string(),
                "weight" => p.good_or(WEIGHTS, BAD_WEIGHTS, 30).to_string(),
                "allowed" => p
                    .good_or(&["true", "false"], &["maybe", "yes", "1", "~"], 40)
                    .into(),
                "sources" => p
                    .good_or(
                        &["[first]", "[second, first]"],
                        &["[]", "[missing]", "first", "[first, first]", "[~]", "['']"],
                        40,
                    )
                    .into(),
                "items" | "degrees" | "exams" | "requirements" => p
                    .good_or(
                        &["[]", "[One, \"Two, quoted\", Über]", "[\"<em>x</em>\"]"],
                        &["~", "a string", "[[nested]]", "[{a: b}]"],
                        30,
                    )
                    .into(),
                _ => value.to_string(),
            }
        } else {
            value.to_string()
        };
        // The key's own indentation (a list item's `- ` counts as indentation too).
        let prefix = &key[..key.len() - name.len()];
        lines.push(format!(
            "{prefix}{}",
            line(&" ".repeat(prefix.len()), name, &value)
                .trim_start()
                .trim_end()
        ));
    }
    let text = lines.join("\n") + "\n";
    if p.wild(50) {
        let text = mangle(p, &text);
        return dress(p, text);
    }
    if p.wild(5) {
        return p
            .one(&[
                "",
                "# only a comment\n",
                "- a list\n",
                "just a string\n",
                "{}\n",
            ])
            .into();
    }
    dress(p, text)
}
