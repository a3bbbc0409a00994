//! One generated case: a few changes to the fixture site, made from a seed. A change adds,
//! rewrites or removes a file: guide.yaml, a chapter's front matter or body, a role, a data
//! file. A case is the final content of every file it touches, so a failure can be shown and
//! shrunk file by file.

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

use crate::markdown::Page;
use crate::pick::Pick;
use crate::yaml;

/// The files of the fixture a case starts from.
pub(crate) const CHAPTERS: &[&str] = &[
    "content/_index.md",
    "content/intro.md",
    "content/part/_index.md",
    "content/part/one.md",
    "content/part/two.md",
    "content/part/draft.md",
];
const DATA: &[&str] = &[
    "content/glossary.yaml",
    "content/sources.yaml",
    "content/compare.yaml",
];

/// A role every generated role starts from.
const ROLE: &str = include_str!("../fixtures/basic/content/roles/social-worker.yaml");

#[derive(Clone)]
pub(crate) struct Case {
    pub seed: u64,
    pub sane: bool,
    /// What each change did, in words, for the report.
    pub story: Vec<String>,
    /// Each touched file (site-relative) and its new bytes, or `None` when it is removed.
    pub files: BTreeMap<String, Option<Vec<u8>>>,
}

/// The case of `seed`, made against the site in `base`.
pub(crate) fn generate(seed: u64, base: &Path) -> Case {
    let mut p = Pick::new(seed);
    let mut case = Case {
        seed,
        sane: p.sane,
        story: Vec::new(),
        files: BTreeMap::new(),
    };
    let mut roles = vec!["case-manager".to_string(), "social-worker".to_string()];
    let changes = 1 + p.below(if p.sane { 4 } else { 3 });
    for _ in 0..changes {
        // Roles first, so that pages made after them can name them.
        match p.below(14) {
            0 | 1 => {
                let text = yaml::guide_yaml(&mut p);
                case.write("guide.yaml", text, "guide.yaml rewritten");
            }
            2 => {
                let n = p.unique();
                let slug = if p.wild(40) {
                    p.one(&[
                        "Third",
                        "third_role",
                        "-x",
                        "x-",
                        "ü",
                        "a b",
                        "x.y",
                        "roles",
                        "case-manager.yaml",
                    ])
                    .to_string()
                } else {
                    format!("role-{n}")
                };
                let dir = if p.wild(10) {
                    p.one(&["content/roles/sub/", "content/", "content/part/"])
                } else {
                    "content/roles/"
                };
                let ext = if p.wild(10) {
                    p.one(&["yml", "YAML", "yaml~"])
                } else {
                    "yaml"
                };
                let text = yaml::role(&mut p, ROLE);
                case.write(&format!("{dir}{slug}.{ext}"), text, "role added");
                roles.push(slug);
            }
            3 => {
                let slug = p.one(&["case-manager", "social-worker"]);
                let path = format!("content/roles/{slug}.yaml");
                if p.wild(15) {
                    case.remove(&path, "role removed");
                } else {
                    let before = case.text(base, &path);
                    let text = yaml::role(&mut p, &before);
                    case.write(&path, text, "role rewritten");
                }
            }
            4..=6 => new_chapter(&mut p, &mut case, &roles),
            7 | 8 => {
                // New front matter over an existing chapter's body.
                let path = p.one(CHAPTERS);
                let before = case.text(base, path);
                let body = before.splitn(3, "---\n").nth(2).unwrap_or("").to_string();
                let mut fm = yaml::front_matter(&mut p);
                if p.sane {
                    // Links reach this page; a draft would break them.
                    fm = fm.replace("draft: true", "draft: false");
                }
                case.write(
                    path,
                    format!("---\n{fm}---\n{body}"),
                    "front matter rewritten",
                );
            }
            9 | 10 => {
                let path = p.one(CHAPTERS);
                let mut text = case.text(base, path);
                let mut page = Page::new(up_of(path), roles.clone());
                if p.wild(30) {
                    // The old text goes, and with it the anchors other pages link to.
                    text = text
                        .splitn(3, "---\n")
                        .take(2)
                        .collect::<Vec<_>>()
                        .join("---\n")
                        + "---\n";
                }
                text += "\n";
                text += &page.body(&mut p);
                case.write(path, text, "body added to");
            }
            11 if !p.sane => {
                let path = p.one(&[CHAPTERS, DATA].concat());
                if p.chance(30) {
                    case.remove(path, "removed");
                } else {
                    let text = yaml::mangle(&mut p, &case.text(base, path));
                    case.write(path, text, "lines mangled");
                }
            }
            12 if !p.sane => {
                // A byte that is not UTF-8, somewhere in a file.
                let path = p.one(
                    &[
                        CHAPTERS,
                        DATA,
                        &["guide.yaml", "content/roles/case-manager.yaml"],
                    ]
                    .concat(),
                );
                let mut bytes = case.text(base, path).into_bytes();
                let at = p.below(bytes.len() + 1);
                bytes.insert(at, [0xFF, 0xC3, 0x80][p.below(3)]);
                case.files.insert(path.into(), Some(bytes));
                case.story.push(format!("{path}: a byte that is not UTF-8"));
            }
            _ => data_entry(&mut p, &mut case, base),
        }
    }
    case
}

/// `../` for each folder between content/ and the chapter at `path`.
fn up_of(path: &str) -> String {
    let inside = path.trim_start_matches("content/");
    "../".repeat(inside.matches('/').count())
}

fn new_chapter(p: &mut Pick, case: &mut Case, roles: &[String]) {
    let n = p.unique();
    let sane_paths = [
        format!("content/new-{n}.md"),
        format!("content/part/new-{n}.md"),
        format!("content/sec-{n}/_index.md"),
        format!("content/sec-{n}/index.md"),
        format!("content/Über uns {n}.md"),
        format!("content/sec-{n}/deeper/page.md"),
    ];
    let wild_paths = [
        "content/index.md",
        "content/part/index.md",
        "content/glossary.md",
        "content/print.md",
        "content/404.md",
        "content/roles/x.md",
        "content/compare/index.md",
        "content/INTRO.md",
        "content/old/intro.md",
        "content/search/meta.json",
        "content/x.markdown",
        "content/_hidden.md",
        "content/robots.txt",
        "content/CNAME",
        "content/part/second.md",
        "content/part.md",
        "content/sitemap.xml",
        "content/a#b.md",
        "content/a?b.md",
        "content/a%20b.md",
        "content/-.md",
        "content/--/page.md",
    ];
    let path = if p.wild(30) {
        p.one(&wild_paths).to_string()
    } else {
        sane_paths[p.below(sane_paths.len())].clone()
    };
    let mut page = Page::new(up_of(&path), roles.to_vec());
    let fm = yaml::front_matter(p);
    let body = page.body(p);
    let text = match p.wild(15).then(|| p.below(6)) {
        Some(0) => String::new(),
        Some(1) => body,
        Some(2) => format!("---\n{fm}{body}"),
        Some(3) => format!("--- \n{fm}---  \n{body}"),
        Some(4) => format!("+++\ntitle = \"toml\"\n+++\n{body}"),
        Some(_) => format!("---\n---\n{body}"),
        None => format!("---\n{fm}---\n{body}"),
    };
    let text = yaml::dress(p, text);
    case.write(&path, text, "chapter added");
}

/// A data file edited: a new glossary term, source or comparison row, or a mangled line.
fn data_entry(p: &mut Pick, case: &mut Case, base: &Path) {
    let n = p.unique();
    let path = p.one(DATA);
    let mut text = case.text(base, path);
    if p.wild(40) {
        text = yaml::mangle(p, &text);
    } else {
        // A text as the value of a key indented by `indent`.
        let text_at = |p: &mut Pick, indent: &str| p.one(yaml::TEXTS).replace("{i}", indent);
        text += &match path {
            "content/glossary.yaml" => format!(
                "- term: {}\n  expansion: {}\n  definition: {}\n",
                {
                    // Terms of one case differ: a term twice is an error.
                    let terms = [
                        format!("TERM{n}"),
                        format!("Ü{n}nï"),
                        format!("R&D{n}"),
                        format!("C{n}++"),
                    ];
                    let good: Vec<&str> = terms.iter().map(String::as_str).collect();
                    p.good_or(&good, &["MSW", "''", "~", "a b"], 30).to_string()
                },
                text_at(p, "  "),
                text_at(p, "  ")
            ),
            "content/sources.yaml" => format!(
                "src-{n}:\n  title: {}\n  date: {}\n  url: {}\n",
                text_at(p, "  "),
                p.one(yaml::DATES),
                p.good_or(
                    &["https://example.org/a?b=c&d", "'https://ü.example/'"],
                    &["[x]", "not a url"],
                    30
                )
            ),
            _ => {
                let field = p.good_or(
                    &["focus", "skills", "work_settings"],
                    &["nope", "education", "''"],
                    40,
                );
                format!("  - field: {field}\n    label: {}\n", text_at(p, "    "))
            }
        };
    }
    case.write(path, text, "data edited");
}

impl Case {
    /// The text of `path` as this case has it so far.
    fn text(&self, base: &Path, path: &str) -> String {
        match self.files.get(path) {
            Some(Some(bytes)) => String::from_utf8_lossy(bytes).into_owned(),
            Some(None) => String::new(),
            None => fs::read_to_string(base.join(path)).unwrap_or_default(),
        }
    }

    fn write(&mut self, path: &str, text: String, what: &str) {
        self.story.push(format!("{path}: {what}"));
        self.files.insert(path.into(), Some(text.into_bytes()));
    }

    fn remove(&mut self, path: &str, what: &str) {
        self.story.push(format!("{path}: {what}"));
        self.files.insert(path.into(), None);
    }

    /// Whether a file of the case holds a character the renderer uses as a marker, or the
    /// YAML escape of one: a page may then show it, as its author wrote it.
    pub(crate) fn writes_markers(&self) -> bool {
        self.files.values().flatten().any(|bytes| {
            let text = String::from_utf8_lossy(bytes);
            text.contains(['\u{0}', '\u{E000}', '\u{E001}'])
                || ["\\0", "\\uE000", "\\uE001", "\\x00"]
                    .iter()
                    .any(|e| text.contains(e))
        })
    }

    /// Writes the case into the site at `root`.
    pub(crate) fn apply(&self, root: &Path) {
        for (path, bytes) in &self.files {
            let target = root.join(path);
            match bytes {
                Some(bytes) => {
                    fs::create_dir_all(target.parent().unwrap()).unwrap();
                    fs::write(&target, bytes).unwrap();
                }
                None => {
                    let _ = fs::remove_file(&target);
                }
            }
        }
    }
}
