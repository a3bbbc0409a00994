//! Generated Markdown bodies: headings, paragraphs, links, code, raw HTML, tables, lists and
//! shortcodes, from fragments. A sane body uses only what the fixture has (its pages,
//! anchors, roles and fields) and ids of its own, so that it must build; a wild one mixes in
//! what authors get wrong and what parsers trip on.

use crate::pick::Pick;

/// The page being written: how to climb to content/ from its folder, the roles a shortcode
/// may name, and the ids it has so far (which its own links may reach).
pub(crate) struct Page {
    pub up: String,
    pub roles: Vec<String>,
    ids: Vec<String>,
}

impl Page {
    pub(crate) fn new(up: String, roles: Vec<String>) -> Self {
        Page {
            up,
            roles,
            ids: Vec::new(),
        }
    }
}

/// Role fields shortcodes accept (docs/authoring.md).
const FIELDS: &[&str] = &[
    "alt_titles",
    "focus",
    "responsibilities",
    "education.minimum",
    "education.preferred",
    "education.degrees",
    "education.accreditation",
    "licensure.required",
    "licensure.exams",
    "licensure.credentials",
    "counselling",
    "client_contact",
    "work_settings",
    "skills",
    "professional_bodies",
    "specialisations",
];
const BAD_FIELDS: &[&str] = &[
    "education",
    "education.minimum.x",
    "",
    "name",
    "summary",
    "reviewed",
    "Focus",
    "note",
];

/// Links to what the fixture has, relative to content/ (a sane page climbs to it first).
const TARGETS: &[&str] = &[
    "intro.md",
    "intro.md#why-this-matters",
    "intro.md#why-this-matters-1",
    "intro.md#custom-id",
    "part/one.md#the-details",
    "part/_index.md",
    "part/two.md",
    "_index.md",
    "part/diagram.svg",
    "files/a%20b.txt",
    "files/%C3%B6.txt",
    "files/ö.txt",
    "files/a b.txt",
];
/// Links left alone.
const EXTERNAL: &[&str] = &[
    "https://example.org/",
    "mailto:someone@example.org",
    "https://example.org/ü?q=1#x",
    "tel:+1234",
];
const BAD_TARGETS: &[&str] = &[
    "missing.md",
    "part/draft.md",
    "intro.md#nowhere",
    "#nowhere",
    "%",
    "%zz",
    "%00.md",
    "ü.md",
    "intro.MD",
    "intro.md#%C3%BCber",
    "../../../../etc/passwd",
    "/abs/path",
    "//evil.example/x",
    "javascript:alert(1)",
    "?q=1",
    "#",
    "intro.md#",
    ".",
    "..",
    "part/",
    "files/",
    "files/a%2Fb.txt",
    "intro.md?x=1",
    "a%20b.md",
    "\\intro.md",
    "intro.md#custom-id#again",
    "",
    "part/one.md#The-Details",
];

const WORDS: &[&str] = &[
    "case",
    "managers",
    "MSW",
    "BSW",
    "MSWs",
    "Über",
    "naïve",
    "日本語",
    "🧭",
    "R&D",
    "x<y",
    "50%",
    "a_b_c",
    "**bold**",
    "*em*",
    "~~gone~~",
    "\\*escaped\\*",
    "&amp;",
    "&copy;",
    "&#246;",
    "\"quoted\"",
    "it's",
    "--",
    "...",
    "ǅ",
    "\u{200B}",
    "a\u{0301}",
    "x\u{202E}y",
];
const ODD_WORDS: &[&str] = &[
    "\u{0}",
    "\u{E000}0\u{E001}",
    "\u{E000}",
    "\u{E001}",
    "\u{FFFD}",
    "&#0;",
    "&#x110000;",
    "&#xD800;",
    "&bogus;",
    "\\",
    "`",
    "``",
    "[",
    "]",
    "](",
    "<",
    ">",
    "<!--",
    "{{",
    "}}",
    "{#",
    "[^missing]",
    "\t",
    "\r",
    "\u{2028}",
    "%",
    "#",
    "*",
    "_",
    "\u{FEFF}",
    "\u{1}",
    "\u{7F}",
];

/// Headings whose ids the theme's own ids and the footnotes cannot take.
const HEADINGS: &[&str] = &[
    "Why it matters",
    "Über uns",
    "日本語の見出し",
    "Steps & stages",
    "Case 1: intake",
    "Émigré’s café",
    "The details",
    "`code` in a heading",
    "A *stressed* word",
    "MSW and BSW",
    "Why \"this\" matters",
    "Ǆ ǅ ǆ",
    "🧭 Finding the way",
    "Tabs\tinside",
];
const BAD_HEADINGS: &[&str] = &[
    "Main",
    "Search input",
    "1",
    "",
    "#",
    "{#}",
    "Print sources",
    "All chapters",
    "-",
    "\u{E000}0\u{E001}",
];
const BAD_IDS: &[&str] = &[
    "{#main}",
    "{#}",
    "{#a b}",
    "{#ü}",
    "{#dup}",
    "{#1}",
    "{#custom-id}",
    "{#search-input}",
    "{#-x}",
    "{#print-sources}",
    "{#dup} {#dup}",
    "{#\"q\"}",
];

const BAD_SHORTCODES: &[&str] = &[
    "{{ fact(role=\"case-manager\" }}",
    "{{ fact(role='case-manager', field='focus') }}",
    "{{ fact(role=\"case-manager\", role=\"social-worker\", field=\"focus\") }}",
    "{{ compare(roles=[]) }}",
    "{{ fact() }}",
    "{{",
    "{{ }}",
    "{{ fact(role=\"case-manager\", field=\"focus\") }",
    "{{ {{ fact() }} }}",
    "{{ fact(role=\"ü\", field=\"focus\") }}",
    "{{ fact(role=\"case-manager\", field=\"focus\\\") }}",
    "{{ fact(role=\"case-manager\",\nfield=\"focus\") }}",
    "{{ unknown(x=\"y\") }}",
    "{{ fact(role=\"missing\", field=\"focus\") }}",
    "{{ compare(roles=\"case-manager\") }}",
    "{{ compare(roles=[\"case-manager\",]) }}",
    "{{ compare(roles=[\"case-manager\"], fields=[]) }}",
    "{{ role_card(role=[\"case-manager\"]) }}",
    "{{ fact(role=\"case-manager\", field=\"focus\", extra=\"1\") }}",
    "{{ fact(role=\"\", field=\"\") }}",
    "{{ fact(role=\"case-manager\" field=\"focus\") }}",
    "{{ fact(role=\"case-manager\", field=\"focus\") }}}}",
    "{{ FACT() }}",
    "{{ fact(role=\"\u{E000}0\u{E001}\", field=\"focus\") }}",
    "{{ role_card(role=\"social-worker\") }} inline",
    "{{ compare(roles=[\"case-manager\", \"social-worker\"]) }} inline",
    "{{ fact(role=\"case-manager\", field=\"focus\") \n\n }}",
    "{{ fact(role=\"case-manager\", field=\"focus\" }} {{ fact(role=\"x\") }}",
    "{{ pathway(roles=[\"case-manager\"]) }}",
    "{{ pathway(roles=[]) }}",
    "{{ pathway(role=\"social-worker\") }}",
    "{{ pathway(roles=[\"social-worker\"]) }} inline",
];

const RAW_HTML: &[&str] = &[
    "<a href=\"intro/\">raw</a>",
    "<img src=\"missing.png\" alt=\"\">",
    "<a href=\"../intro/\">up</a>",
    "<span id=\"main\">main</span>",
    "<span id=\"\">empty</span>",
    "<a href=\"#nowhere\">x</a>",
    "<a href='#single'>s</a>",
    "<a href=#unquoted-nowhere>u</a>",
    "<A HREF=\"#X\">caps</A>",
    "<a href=\"&#x23;nowhere\">entity</a>",
    "<a href=\"%23x\">pct</a>",
    "<div id=\"dup\"></div><div id=\"dup\"></div>",
    "<script>document.write(\"{{\")</script>",
    "<style>p{}</style>",
    "<div>\nunclosed",
    "</div>",
    "<!-- unclosed comment",
    "<textarea>**x**</textarea>",
    "<a href=\"javascript:alert(1)\">j</a>",
    "<a href=\"data:text/html,x\">d</a>",
    "<a href=\"//example.org/\">s</a>",
    "<img src=\"\">",
    "<a href>bare</a>",
    "<a href=\"intro.md\">md</a>",
    "<span id=\"a&quot;b\">q</span>",
    "<a href=\"#%C3%BCber\">ü</a>",
    "<span id=\"über\">ü</span>",
    "<a href=\"#&uuml;ber\">ü</a>",
    "<p id=\"custom-id\">clash</p>",
    "<!-- {{ fact(role=\"case-manager\", field=\"focus\") }} -->",
];

impl Page {
    fn target(&mut self, p: &mut Pick) -> String {
        let target = match p.below(10) {
            0 => p.one(EXTERNAL).to_string(),
            1 if !self.ids.is_empty() => format!("#{}", self.ids[p.below(self.ids.len())]),
            _ if p.wild(30) => {
                let t = p.one(BAD_TARGETS);
                if p.chance(50) {
                    format!("{}{t}", self.up)
                } else {
                    t.to_string()
                }
            }
            _ => format!("{}{}", self.up, p.one(TARGETS)),
        };
        if target.contains(' ') {
            format!("<{target}>")
        } else {
            target
        }
    }

    fn role(&self, p: &mut Pick) -> String {
        if p.wild(10) {
            "missing".into()
        } else {
            self.roles[p.below(self.roles.len())].clone()
        }
    }

    fn fact(&mut self, p: &mut Pick) -> String {
        if p.wild(30) {
            return p.one(BAD_SHORTCODES).into();
        }
        let field = p.good_or(FIELDS, BAD_FIELDS, 20);
        let role = self.role(p);
        match p.below(3) {
            0 => format!("{{{{fact(role=\"{role}\",field=\"{field}\")}}}}"),
            _ => format!("{{{{ fact(role=\"{role}\", field=\"{field}\") }}}}"),
        }
    }

    /// A shortcode that stands alone in its paragraph.
    fn block_shortcode(&mut self, p: &mut Pick) -> String {
        if p.wild(30) {
            return p.one(BAD_SHORTCODES).into();
        }
        let (a, b) = (self.role(p), self.role(p));
        match p.below(3) {
            0 => format!("{{{{ role_card(role=\"{a}\") }}}}"),
            1 => format!("{{{{ compare(roles=[\"{a}\", \"{b}\"]) }}}}"),
            _ => {
                let fields: Vec<String> = (0..1 + p.below(3))
                    .map(|_| format!("\"{}\"", p.good_or(FIELDS, BAD_FIELDS, 20)))
                    .collect();
                format!(
                    "{{{{ compare(roles=[\"{a}\"], fields=[{}]) }}}}",
                    fields.join(", ")
                )
            }
        }
    }

    /// Running text: words, links, images, code spans, inline HTML and facts.
    fn inline(&mut self, p: &mut Pick) -> String {
        let mut parts = Vec::new();
        for _ in 0..1 + p.below(8) {
            parts.push(match p.below(12) {
                0 => format!("[{}]({})", p.one(WORDS), self.target(p)),
                1 => match p.below(2) {
                    0 => format!("![{}]({})", p.one(WORDS), self.target(p)),
                    _ => format!("![{}]({} \"A caption\")", p.one(WORDS), self.target(p)),
                },
                2 => format!("[link]({} \"a title\")", self.target(p)),
                3 => "`{{ fact(role=\"x\") }}` and ``a ` tick``".into(),
                4 => self.fact(p),
                5 if p.sane => format!("<span id=\"{}\">spot</span>", self.fresh_id(p)),
                5 => p.one(RAW_HTML).into(),
                6 => format!("<{}>", p.one(EXTERNAL)),
                7 if p.wild(40) => p.one(ODD_WORDS).into(),
                8 if p.wild(20) => "x".repeat(400),
                _ => p.one(WORDS).into(),
            });
        }
        parts.join(" ")
    }

    fn fresh_id(&mut self, p: &mut Pick) -> String {
        let id = format!("spot-{}", p.unique());
        self.ids.push(id.clone());
        id
    }

    fn heading(&mut self, p: &mut Pick) -> String {
        let level = "#".repeat(1 + p.below(6));
        let mut text = if p.wild(20) {
            p.one(BAD_HEADINGS).to_string()
        } else {
            p.one(HEADINGS).to_string()
        };
        if p.chance(20) {
            text = format!("{text} {}", self.fact(p));
        }
        if p.wild(25) {
            text = format!("{text} {}", p.one(BAD_IDS));
        } else if p.chance(25) {
            let id = format!("sec-{}", p.unique());
            text = format!("{text} {{#{id}}}");
            self.ids.push(id);
        }
        if p.chance(15) && !text.contains('\n') {
            let underline = if p.chance(50) { "===" } else { "---" };
            return format!("{text}\n{underline}");
        }
        format!("{level} {text}")
    }

    fn block(&mut self, p: &mut Pick) -> String {
        match p.below(15) {
            0 | 1 => self.heading(p),
            2 => self.block_shortcode(p),
            3 => {
                // HTML shown as code, with an id only it has (or, wild, the theme's `main`).
                let id = if p.wild(50) {
                    "main".into()
                } else {
                    format!("code-{}", p.unique())
                };
                format!(
                    "```rust\nlet x = \"{{{{ fact(role=\\\"case-manager\\\") }}}}\";\n<div id=\"{id}\">\n```"
                )
            }
            4 => "~~~ {{ fact() }}\n    indented {{ compare(roles=[]) }}\n~~~".into(),
            // After a list, an indented block continues the list's item; it is code elsewhere.
            5 if !p.sane => "    {{ role_card(role=\"missing\") }} indented code".into(),
            6 if p.sane => format!(
                "<div id=\"{}\">\nRaw <em>HTML</em> block\n</div>",
                self.fresh_id(p)
            ),
            6 => p.one(RAW_HTML).into(),
            7 => (0..1 + p.below(4))
                .map(|i| {
                    format!(
                        "{}{} {}",
                        "  ".repeat(i % 2),
                        p.one(&["-", "*", "1.", "- [ ]", "- [x]"]),
                        self.inline(p)
                    )
                })
                .collect::<Vec<_>>()
                .join("\n"),
            8 => format!("> {}\n> > {}", self.inline(p), self.inline(p)),
            9 => {
                let cells = 1 + p.below(3);
                let row = |page: &mut Page, p: &mut Pick| {
                    (0..cells)
                        .map(|_| page.inline(p).replace('|', "\\|"))
                        .collect::<Vec<_>>()
                        .join(" | ")
                };
                let head = row(self, p);
                let body = row(self, p);
                let extra = if p.wild(20) { " | extra | cells" } else { "" };
                format!("| {head} |\n|{}\n| {body}{extra} |", " --- |".repeat(cells))
            }
            10 => {
                let label = format!("fn{}", p.unique());
                format!("A footnote.[^{label}]\n\n[^{label}]: {}", self.inline(p))
            }
            11 => format!("[ref]: {}\n\nSee [ref] and [the ref][ref].", self.target(p)),
            12 if p.wild(30) => match p.below(4) {
                0 => "> ".repeat(100 + p.below(300)) + "deep",
                1 => (0..100 + p.below(200))
                    .map(|i| format!("{}- item", "  ".repeat(i)))
                    .collect::<Vec<_>>()
                    .join("\n"),
                2 => "*".repeat(5000),
                _ => "[".repeat(2000) + &"]".repeat(2000),
            },
            13 => "***".into(),
            14 if p.chance(50) => self.code_or_math(p),
            _ => self.inline(p),
        }
    }

    /// Highlighted code and TeX math, well formed or (wild) not.
    fn code_or_math(&mut self, p: &mut Pick) -> String {
        if p.wild(40) {
            return p
                .one(&[
                    "Broken $\\nope{x}$ math.",
                    "$$\n\\frac{1}{2}}\n$$",
                    "Unclosed $x^{2$ and $\\sqrt[3$.",
                    "$\\begin{matrix} a & b$",
                    "```nosuchlang\ncode\n```",
                ])
                .into();
        }
        p.one(&[
            "```python,ignore\nx = 1 < 2  # {{ fact() }} <b>\n```",
            "```ts\nconst s = `$x$ ${y}`;\n```",
            "```yaml\nkey: [1, 2]\n```",
            "Math $x^2 < y$ & $a_{i}$ and\n\n$$\n\\frac{a}{b} \\leq \\sum_i c_i\n$$",
            "Prices: $20-$30, $5/$10, \\$7 and $ 8.",
            "## A $\\sqrt{2}$ heading",
            "| $x$ | `code` |\n| --- | --- |\n| $\\alpha$ | b |",
        ])
        .into()
    }

    /// A body of a few blocks, separated by blank lines.
    pub(crate) fn body(&mut self, p: &mut Pick) -> String {
        let mut blocks: Vec<String> = (0..1 + p.below(8)).map(|_| self.block(p)).collect();
        if p.wild(5) {
            // A fence never closed: the rest of the page is code.
            blocks.push("```\nunclosed {{ fact() }}".into());
        }
        blocks.join("\n\n") + "\n"
    }
}
