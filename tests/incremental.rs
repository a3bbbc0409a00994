//! Incremental rebuilds give the same bytes as clean builds.
//!
//! A seeded random sequence of edits, additions, renames and deletions is applied to a copy
//! of the fixture; after each step one long-lived session rebuilds with only the changed
//! paths, a fresh session builds from scratch, and the two must agree exactly: the same
//! files with the same bytes, or the same diagnostics. The paths the session reports as
//! changed must be exactly those whose bytes differ from the previous good build. A
//! one-shot build (`guide build`, which writes each file as soon as it is rendered and keeps
//! none) must write exactly the clean build's files, or fail with its diagnostics and leave
//! the output folder as it was.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::PathBuf;

use common::SiteTest;
use common::sessions::{Rng, files_of, options, outcome};
use guide::{BuildOptions, Changes, Session};

/// A small deterministic generator (xorshift64*), so a failing seed can be replayed.
/// The fixture under edit, and the paths touched since the last build.
struct Edits {
    site: SiteTest,
    rng: Rng,
    touched: Vec<PathBuf>,
    /// Chapters this test created (content-relative), which it may edit, move or delete.
    chapters: Vec<String>,
    counter: usize,
    /// Callouts added so far: every other one, the first included, names no kind
    /// (`[!NOOTE]`).
    callouts: usize,
}

const DIRS: &[&str] = &["", "part/", "gen/"];
const ROLE: &str = "content/roles/social-worker.yaml";

impl Edits {
    fn touch(&mut self, rel: &str) {
        self.touched.push(self.site.path(rel));
    }

    fn write(&mut self, rel: &str, text: &str) {
        self.site.write(rel, text);
        self.touch(rel);
    }

    fn chapter_text(&mut self, dir: &str) -> String {
        self.counter += 1;
        let n = self.counter;
        let weight = self.rng.below(50);
        let day = 1 + self.rng.below(28);
        let up = "../".repeat(dir.matches('/').count());
        // An old URL and a review date, so the alias pages and the sitemap change too.
        format!(
            "---\ntitle: Generated {n}\nweight: {weight}\naliases: [was/{n}/]\nreviewed: 2026-02-{day:02}\n---\n\n## Heading {n}\n\nText {n}, see [the introduction]({up}intro.md#why-this-matters).\n"
        )
    }

    /// Applies one random change and says what it was.
    fn step(&mut self) -> String {
        let choice = self.rng.below(24);
        match choice {
            0..=2 => {
                let dir = *self.rng.pick(DIRS);
                let rel = format!("content/{dir}gen-{}.md", self.counter + 1);
                let text = self.chapter_text(dir);
                self.write(&rel, &text);
                self.chapters.push(rel.clone());
                format!("add {rel}")
            }
            3 | 4 if !self.chapters.is_empty() => {
                let rel = self.rng.pick(&self.chapters).clone();
                let mut text = self.site.read(&rel);
                text.push_str(&format!(
                    "\nMore text {}.\n\n## Added {}\n",
                    self.counter, self.counter
                ));
                self.counter += 1;
                self.write(&rel, &text);
                format!("edit body of {rel}")
            }
            5 if !self.chapters.is_empty() => {
                let rel = self.rng.pick(&self.chapters).clone();
                let dir = rel["content/".len()..rel.rfind('/').unwrap() + 1].to_string();
                let text = self.chapter_text(&dir);
                self.write(&rel, &text);
                format!("rewrite title and weight of {rel}")
            }
            6 if !self.chapters.is_empty() => {
                let i = self.rng.below(self.chapters.len());
                let rel = self.chapters.remove(i);
                self.site.remove(&rel);
                self.touch(&rel);
                format!("delete {rel}")
            }
            7 if !self.chapters.is_empty() => {
                let i = self.rng.below(self.chapters.len());
                let from = self.chapters[i].clone();
                let old_dir = &from["content/".len()..from.rfind('/').unwrap() + 1];
                // Moving to another depth would break its relative link; stay in the folder.
                self.counter += 1;
                let to = format!("content/{old_dir}moved-{}.md", self.counter);
                fs::rename(self.site.path(&from), self.site.path(&to)).unwrap();
                self.touch(&from);
                self.touch(&to);
                self.chapters[i] = to.clone();
                format!("rename {from} to {to}")
            }
            8 => {
                let exists = self.site.path("content/gen/_index.md").exists();
                if exists {
                    self.site.remove("content/gen/_index.md");
                    self.touch("content/gen/_index.md");
                    "delete section gen/".into()
                } else {
                    self.write(
                        "content/gen/_index.md",
                        "---\ntitle: Generated section\nweight: 40\n---\n\nGenerated pages.\n",
                    );
                    "add section gen/".into()
                }
            }
            9 => {
                let text = self.site.read(ROLE);
                self.counter += 1;
                let line = format!("summary: Summary number {}.", self.counter);
                let text: Vec<String> = text
                    .lines()
                    .map(|l| {
                        if l.starts_with("summary:") {
                            line.clone()
                        } else {
                            l.to_string()
                        }
                    })
                    .collect();
                self.write(ROLE, &(text.join("\n") + "\n"));
                "edit a role's summary".into()
            }
            10 => {
                let text = self.site.read(ROLE);
                self.counter += 1;
                let text = text.replacen(
                    "      name: First credential",
                    &format!("      name: First credential {}", self.counter),
                    1,
                );
                self.write(ROLE, &text);
                "edit a role's fact".into()
            }
            11 => {
                let broken = self.site.read(ROLE).contains("licence:");
                let text = self.site.read(ROLE);
                let text = if broken {
                    text.replace("licence:", "licensure:")
                } else {
                    text.replace("licensure:", "licence:")
                };
                self.write(ROLE, &text);
                if broken {
                    "fix the role"
                } else {
                    "break the role"
                }
                .into()
            }
            12 => {
                let rel = "templates/partials/footer.html";
                if self.site.path(rel).exists() {
                    self.site.remove(rel);
                    self.touch(rel);
                    "remove the footer override".into()
                } else {
                    self.counter += 1;
                    self.write(rel, &format!("<p>Footer override {}</p>\n", self.counter));
                    "add a footer override".into()
                }
            }
            13 => {
                let from = if self.site.path("content/gen").exists() {
                    "gen"
                } else {
                    "gen2"
                };
                let to = if from == "gen" { "gen2" } else { "gen" };
                if !self.site.path(&format!("content/{from}")).exists()
                    || self.site.path(&format!("content/{to}")).exists()
                {
                    return "nothing to move".into();
                }
                fs::rename(
                    self.site.path(&format!("content/{from}")),
                    self.site.path(&format!("content/{to}")),
                )
                .unwrap();
                self.touch(&format!("content/{from}"));
                self.touch(&format!("content/{to}"));
                let (old, new) = (format!("content/{from}/"), format!("content/{to}/"));
                for c in &mut self.chapters {
                    if let Some(rest) = c.strip_prefix(&old) {
                        *c = format!("{new}{rest}");
                    }
                }
                format!("rename folder content/{from} to content/{to}")
            }
            14 => {
                self.counter += 1;
                let text = self
                    .site
                    .read("content/compare.yaml")
                    .replace(
                        "label: May counsel",
                        &format!("label: May counsel {}", self.counter),
                    )
                    .lines()
                    .map(|l| {
                        if l.starts_with("title:") {
                            format!("title: Compared {}", self.counter)
                        } else {
                            l.to_string()
                        }
                    })
                    .collect::<Vec<_>>()
                    .join("\n");
                self.write("content/compare.yaml", &(text + "\n"));
                "edit compare.yaml".into()
            }
            17 if !self.chapters.is_empty() => {
                // Only the sitemap shows a chapter's review date.
                let rel = self.rng.pick(&self.chapters).clone();
                let day = 1 + self.rng.below(28);
                let text: Vec<String> = self
                    .site
                    .read(&rel)
                    .lines()
                    .map(|l| match l.starts_with("reviewed:") {
                        true => format!("reviewed: 2026-03-{day:02}"),
                        false => l.to_string(),
                    })
                    .collect();
                self.write(&rel, &(text.join("\n") + "\n"));
                format!("change the review date of {rel}")
            }
            18 | 19 if !self.chapters.is_empty() => {
                // Teaching elements: a callout (its kind sometimes misspelt) or a
                // self-check question added to a chapter, then the question's answer
                // changed, to another option or to one that names none.
                // A question is changed where there is one, else added.
                let with_question = (choice == 19)
                    .then(|| {
                        let has = |c: &&String| self.site.read(c).contains("```question");
                        self.chapters.iter().find(has).cloned()
                    })
                    .flatten();
                let rel = with_question.unwrap_or_else(|| self.rng.pick(&self.chapters).clone());
                let mut text = self.site.read(&rel);
                self.counter += 1;
                let n = self.counter;
                let what = if choice == 18 {
                    self.callouts += 1;
                    let kind = match self.callouts % 2 {
                        1 => "NOOTE",
                        _ => *self.rng.pick(&["NOTE", "TIP", "CAUTION"]),
                    };
                    text.push_str(&format!("\n> [!{kind}]\n> Callout {n}.\n"));
                    format!("add a {kind} callout to {rel}")
                } else if let Some(at) = text.rfind("answer: ").filter(|_| choice == 19) {
                    let (old, new) = match &text[at + 8..at + 9] {
                        "a" => ("a", "b"),
                        "b" => ("b", "c"),
                        _ => ("c", "a"),
                    };
                    text.replace_range(at + 8..at + 9, new);
                    format!("change a question's answer from {old} to {new} in {rel}")
                } else {
                    let up = "../".repeat(rel.matches('/').count() - 1);
                    text.push_str(&format!(
                        "\n```question\nquestion: Question {n}?\noptions:\n  a: One\n  b: Two\n\
                         answer: a\nexplain:\n  a: Because {n}.\n  b: Not {n}.\n\
                         link: {up}intro.md#why-this-matters\n```\n"
                    ));
                    format!("add a question to {rel}")
                };
                self.write(&rel, &text);
                what
            }
            21 => self.edit_an_image(),
            22 | 23 => self.edit_a_route(),
            16 => {
                // Chapters link to this heading's anchor: renaming it breaks their links.
                let text = self.site.read("content/intro.md");
                let (from, to) = if text.contains("## Why \"this\" matters") {
                    ("## Why \"this\" matters", "## Why this matters now")
                } else {
                    ("## Why this matters now", "## Why \"this\" matters")
                };
                self.write("content/intro.md", &text.replace(from, to));
                format!("retitle a heading others link to: {to}")
            }
            20 if !self.chapters.is_empty() => {
                // Code and math: highlighted, warned about, rendered, broken and mended.
                let rel = self.rng.pick(&self.chapters).clone();
                let mut text = self.site.read(&rel);
                self.counter += 1;
                let n = self.counter;
                let what = if text.contains("\\nope") {
                    text = text.replace("\\nope", "\\alpha");
                    "mend a formula in"
                } else {
                    let (what, added) = match self.rng.below(4) {
                        0 => (
                            "add highlighted code to",
                            format!("```python,ignore\nx = {n}  # note\n```\n"),
                        ),
                        1 => (
                            "add code in an unknown language to",
                            format!("```nosuchlang\ncode {n}\n```\n"),
                        ),
                        2 => (
                            "add math to",
                            format!("So $x^{{{n}}}$ and\n\n$$\n\\frac{{{n}}}{{2}}\n$$\n"),
                        ),
                        _ => (
                            "break a formula in",
                            format!("Then $\\nope{{{n}}}$ fails.\n"),
                        ),
                    };
                    text.push_str(&format!("\n{added}"));
                    what
                };
                self.write(&rel, &text);
                format!("{what} {rel}")
            }
            _ => {
                self.counter += 1;
                let rel = "static/extra.txt";
                if self.counter.is_multiple_of(3) && self.site.path(rel).exists() {
                    self.site.remove(rel);
                    self.touch(rel);
                    "delete a static file".into()
                } else if self.counter.is_multiple_of(5) {
                    let text = self.site.read("guide.yaml").replace(
                        "description: A small site",
                        &format!("description: Number {} of a small site", self.counter),
                    );
                    self.write("guide.yaml", &text);
                    "edit guide.yaml".into()
                } else if self.counter.is_multiple_of(2) {
                    // Stylesheets are published under names that carry their content hash.
                    let css = format!("p {{ margin: {}px }}\n", self.counter);
                    self.write("static/extra.css", &css);
                    "write a stylesheet".into()
                } else {
                    self.write(rel, &format!("static {}\n", self.counter));
                    "write a static file".into()
                }
            }
        }
    }
}

impl Edits {
    /// Changes a role's route or the chapter that draws it: a step's text, status or the
    /// chapter it links to (sometimes to an anchor that is not there, an error), the
    /// title of a chapter a step links to (shown in its link), or the shortcode itself.
    fn edit_a_route(&mut self) -> String {
        const CHAPTER: &str = "content/part/routes.md";
        self.counter += 1;
        let n = self.counter;
        let role = self.site.read(ROLE);
        let (rel, text, what) = match self.rng.below(5) {
            0 => {
                let text = match self.site.path(CHAPTER).exists() && self.rng.below(2) == 0 {
                    true => format!("---\ntitle: Routes\n---\nNo route, text {n}.\n"),
                    false => format!(
                        "---\ntitle: Routes\n---\nText {n}.\n\n{{{{ pathway(roles=[\"social-worker\"]) }}}}\n"
                    ),
                };
                (CHAPTER, text, "rewrite the chapter that draws a route")
            }
            1 => {
                let at = role.find("    text: Field hours").unwrap();
                let end = at + role[at..].find('\n').unwrap();
                let text = format!("{}    text: Field hours {n}{}", &role[..at], &role[end..]);
                (ROLE, text, "edit a route step's text")
            }
            2 => {
                let stated = "  credential:\n    text: A state licence\n    sources: [second]\n";
                let open = "  credential:\n    status: not_specified\n";
                let text = match role.contains(open) {
                    true => role.replacen(open, stated, 1),
                    false => role.replacen(stated, open, 1),
                };
                (ROLE, text, "toggle a route step's status")
            }
            3 => {
                let links = [
                    "part/one.md#the-details",
                    "part/one.md",
                    "intro.md",
                    "part/one.md#nowhere",
                ];
                let to = *self.rng.pick(&links);
                let at = role.find("    explained_in: ").unwrap();
                let end = at + role[at..].find('\n').unwrap();
                let text = format!("{}    explained_in: {to}{}", &role[..at], &role[end..]);
                (ROLE, text, "point a route step at another chapter")
            }
            _ => {
                let intro = self.site.read("content/intro.md");
                let text: Vec<String> = intro
                    .lines()
                    .map(|l| match l.starts_with("title:") {
                        true => format!("title: Introduction {n}"),
                        false => l.to_string(),
                    })
                    .collect();
                (
                    "content/intro.md",
                    text.join("\n") + "\n",
                    "retitle a chapter a route links to",
                )
            }
        };
        self.write(rel, &text);
        what.into()
    }

    /// Changes an image or the chapter that shows it: a new size (which the page's
    /// `width` and `height` show), a file that is no image (an error at the image's line),
    /// or the chapter's images with or without a caption and alt text.
    fn edit_an_image(&mut self) -> String {
        const IMAGE: &str = "content/part/pic.png";
        const CHAPTER: &str = "content/part/pictures.md";
        match self.rng.below(4) {
            0 | 1 => {
                let (width, height) = (1 + self.rng.below(2000), 1 + self.rng.below(2000));
                let mut png = b"\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR".to_vec();
                png.extend_from_slice(&(width as u32).to_be_bytes());
                png.extend_from_slice(&(height as u32).to_be_bytes());
                png.extend_from_slice(&[8, 6, 0, 0, 0, 0, 0, 0, 0]);
                self.site.write(IMAGE, png);
                self.touch(IMAGE);
                format!("write a {width} x {height} image")
            }
            2 => {
                self.write(IMAGE, "no picture here\n");
                "write an image that is no image".into()
            }
            _ => {
                self.counter += 1;
                let n = self.counter;
                let text = match self.rng.below(3) {
                    0 => format!(
                        "---\ntitle: Pictures\n---\n![Picture {n}](pic.png \"Caption {n}\")\n"
                    ),
                    1 => format!(
                        "---\ntitle: Pictures\n---\nText {n}, ![](pic.png) and ![again](pic.png).\n"
                    ),
                    _ => format!("---\ntitle: Pictures\n---\nNo picture, text {n}.\n"),
                };
                self.write(CHAPTER, &text);
                "rewrite the chapter with images".into()
            }
        }
    }
}

#[test]
fn incremental_rebuilds_match_clean_builds() {
    let mut outcomes = BTreeSet::new();
    let mut teaching_edits = BTreeSet::new();
    for seed in [1u64, 2, 3, 4] {
        let site = SiteTest::from_fixture("basic");
        let mut session = Session::new(options(&site));
        let first = outcome(session.build(&Changes::Everything)).expect("the fixture builds");
        let mut last_good = first.0;
        guide::build(&BuildOptions {
            write: true,
            ..options(&site)
        })
        .expect("the fixture builds once");
        let mut edits = Edits {
            site,
            rng: Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1),
            touched: Vec::new(),
            chapters: Vec::new(),
            counter: 0,
            callouts: 0,
        };
        for step in 0..40 {
            let what = edits.step();
            for edit in [
                "add a question",
                "change a question's answer",
                "NOOTE callout",
            ] {
                if what.contains(edit) {
                    teaching_edits.insert(edit);
                }
            }
            let changes = Changes::Paths(std::mem::take(&mut edits.touched));
            let incremental = outcome(session.build(&changes));
            let clean = outcome(Session::new(options(&edits.site)).build(&Changes::Everything));
            let context = format!("seed {seed}, step {step}: {what}");
            let before = edits.site.snapshot("public");
            let once = guide::build(&BuildOptions {
                write: true,
                ..options(&edits.site)
            });
            match (&clean, once) {
                (Ok((clean_files, _)), Ok(_)) => assert!(
                    edits.site.snapshot("public") == *clean_files,
                    "{context}: one-shot build differs from a clean session build"
                ),
                (Err(clean), Err(once)) => {
                    assert_eq!(once.to_string(), *clean, "{context}: one-shot diagnostics");
                    assert!(
                        edits.site.snapshot("public") == before,
                        "{context}: a failed one-shot build changed the output"
                    );
                }
                (_, once) => panic!("{context}: one-shot build: {:?}", once.map(|r| r.files)),
            }
            match (incremental, clean) {
                (Ok((files, build)), Ok((clean_files, _))) => {
                    assert!(
                        files == clean_files,
                        "{context}: output differs from a clean build: {:?}",
                        files
                            .keys()
                            .filter(|k| files.get(*k) != clean_files.get(*k))
                            .chain(clean_files.keys().filter(|k| !files.contains_key(*k)))
                            .collect::<Vec<_>>()
                    );
                    let differing: Vec<&String> = files
                        .iter()
                        .filter(|(path, bytes)| last_good.get(*path) != Some(bytes))
                        .map(|(path, _)| path)
                        .collect();
                    let gone: Vec<&String> = last_good
                        .keys()
                        .filter(|p| !files.contains_key(*p))
                        .collect();
                    assert_eq!(
                        build.changed.iter().collect::<Vec<_>>(),
                        differing,
                        "{context}: changed paths"
                    );
                    assert_eq!(
                        build.removed.iter().collect::<Vec<_>>(),
                        gone,
                        "{context}: removed paths"
                    );
                    if build.kept_model {
                        outcomes.insert("kept the model");
                    }
                    last_good = files;
                    outcomes.insert("built");
                }
                (Err(incremental), Err(clean)) => {
                    assert_eq!(incremental, clean, "{context}: diagnostics differ");
                    outcomes.insert("failed");
                }
                (incremental, clean) => panic!(
                    "{context}: incremental {} but clean {}",
                    if incremental.is_ok() {
                        "built"
                    } else {
                        "failed"
                    },
                    if clean.is_ok() { "built" } else { "failed" },
                ),
            }
        }
    }
    // The sequences must have exercised good and broken states, and text-only edits.
    assert_eq!(outcomes.len(), 3, "the edits only saw {outcomes:?}");
    assert_eq!(
        teaching_edits.len(),
        3,
        "teaching edits: {teaching_edits:?}"
    );
}

#[test]
fn a_body_edit_renders_one_page_and_a_title_edit_renders_the_navigation() {
    let site = SiteTest::from_fixture("basic");
    let mut session = Session::new(options(&site));
    let first = session.build(&Changes::Everything).unwrap();
    assert_eq!(first.rendered.markdown, first.site.pages.len());
    // The session changes its model in place only once no build uses it.
    drop(first);

    let rel = "content/part/two.md";
    site.append(rel, "\nOne more sentence.\n");
    let build = session
        .build(&Changes::Paths(vec![site.path(rel)]))
        .unwrap();
    assert!(build.kept_model);
    assert_eq!(build.rendered.markdown, 1);
    // The page, and the print page that holds every page; in the search index, the chunks
    // of its new words.
    assert_eq!(build.rendered.templates, 2);
    let (pages, index) = search_apart(&build.changed);
    assert_eq!(pages, ["part/second/index.html", "print/index.html"]);
    assert!(index.contains(&"search/meta.json"), "{index:?}");
    assert!(
        index.iter().any(|p| p.starts_with("search/p/")),
        "{index:?}"
    );
    drop(build);

    let retitled = site.read(rel).replacen("title: ", "title: Renamed ", 1);
    site.write(rel, retitled);
    let build = session
        .build(&Changes::Paths(vec![site.path(rel)]))
        .unwrap();
    assert!(!build.kept_model);
    assert_eq!(build.rendered.markdown, 1);
    // Every page shows the navigation, so every templated output is rendered again.
    let templated = build
        .outputs
        .iter()
        .filter(|o| o.template.is_some())
        .count();
    assert_eq!(build.rendered.templates, templated);

    let role = "content/roles/social-worker.yaml";
    let text = site
        .read(role)
        .replace("name: First credential", "name: A credential");
    site.write(role, text);
    let build = session
        .build(&Changes::Paths(vec![site.path(role)]))
        .unwrap();
    // The role's page and the comparison; no chapter shows credentials, but the search
    // index holds them.
    assert_eq!(build.rendered.templates, 2);
    let (pages, index) = search_apart(&build.changed);
    assert_eq!(
        pages,
        ["compare/index.html", "roles/social-worker/index.html"]
    );
    assert!(index.contains(&"search/meta.json"), "{index:?}");
}

/// Changed paths: those outside the search index, and those in it.
fn search_apart(changed: &[String]) -> (Vec<&str>, Vec<&str>) {
    changed
        .iter()
        .map(String::as_str)
        .partition(|p| !p.starts_with("search/") || p.ends_with(".html"))
}

/// The files of a clean session build of `site`, and those a one-shot build writes.
type Files = BTreeMap<String, Vec<u8>>;
fn built_both_ways(site: &SiteTest) -> (Files, Files) {
    let session =
        outcome(Session::new(options(site)).build(&Changes::Everything)).expect("the site builds");
    guide::build(&BuildOptions {
        write: true,
        ..options(site)
    })
    .expect("the site builds once");
    (session.0, site.snapshot("public"))
}

/// The print page of a one-shot build gets its chapters while they are being rendered; a
/// print template that leaves chapters out, or places them out of order or twice, still
/// gets the page a session build makes.
#[test]
fn a_one_shot_print_page_matches_whatever_the_template_does_with_chapters() {
    let templates = [
        // Every chapter but the home page.
        "{% for c in chapters %}{% if not c.is_home %}<section id=\"{{ c.id }}\">{{ c.content | safe }}</section>{% endif %}{% endfor %}",
        // Last chapter first, and the first one twice.
        "{% for c in chapters | reverse %}<section id=\"{{ c.id }}\">{{ c.content | safe }}</section>{% endfor %}{{ chapters[0].content | safe }}",
    ];
    for template in templates {
        let site = SiteTest::from_fixture("basic");
        site.write("templates/print.html", template);
        let (session, written) = built_both_ways(&site);
        assert!(
            written["print/index.html"].len() > 1000,
            "{template}: the print page holds chapters"
        );
        assert_eq!(
            String::from_utf8_lossy(&written["print/index.html"]),
            String::from_utf8_lossy(&session["print/index.html"]),
            "{template}"
        );
        assert!(written == session, "{template}");
    }
}

/// A theme without a print page: the one-shot build writes no print page and otherwise the
/// files a session build makes.
#[test]
fn a_one_shot_build_without_a_print_page_matches_a_session_build() {
    let site = SiteTest::from_fixture("basic");
    let theme = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default");
    for entry in walkdir::WalkDir::new(&theme) {
        let entry = entry.unwrap();
        let rel = entry.path().strip_prefix(&theme).unwrap().to_string_lossy();
        if entry.file_type().is_file() && rel != "templates/print.html" {
            site.write(
                &format!("themes/plain/{rel}"),
                fs::read(entry.path()).unwrap(),
            );
        }
    }
    let nav = "themes/plain/templates/partials/nav.html";
    let without_print_link: String = site
        .read(nav)
        .lines()
        .filter(|line| !line.contains("print/"))
        .map(|line| format!("{line}\n"))
        .collect();
    site.write(nav, without_print_link);
    let config = site.read("guide.yaml");
    site.write(
        "guide.yaml",
        config.replace("theme: default", "theme: plain"),
    );

    let (session, written) = built_both_ways(&site);
    assert!(!written.contains_key("print/index.html"));
    assert!(written.contains_key("index.html"));
    assert!(written == session);
}

/// A page's sidebar is read by the link check only when the sidebar has ids: a link to an id
/// in the sidebar is found, both ways, and once the sidebar has no ids it is broken, both ways.
#[test]
fn ids_in_the_sidebar_are_found_on_the_pages_that_show_it() {
    let site = SiteTest::from_fixture("basic");
    let nav = |id: &str| {
        format!(
            r#"<nav{id} aria-label="Chapters"><a href="{{{{ root }}}}intro/#site-nav">Introduction</a></nav>"#
        )
    };
    site.write("templates/partials/nav.html", nav(r#" id="site-nav""#));
    let (session, written) = built_both_ways(&site);
    assert!(written == session);
    let intro = String::from_utf8_lossy(&written["intro/index.html"]).into_owned();
    assert!(intro.contains(r#"<nav id="site-nav""#), "{intro}");

    site.write("templates/partials/nav.html", nav(""));
    let session = outcome(Session::new(options(&site)).build(&Changes::Everything));
    let once = guide::build(&BuildOptions {
        write: true,
        ..options(&site)
    })
    .map_err(|d| d.to_string());
    for (way, error) in [("session", session.err()), ("one-shot", once.err())] {
        let error = error.unwrap_or_else(|| panic!("{way}: the link to #site-nav is broken"));
        assert!(
            error.contains("has no anchor `#site-nav`"),
            "{way}: {error}"
        );
    }
}

/// A guide that grows past the chapters a sidebar lists (25) and back: every sidebar and
/// the home page change, and an incremental rebuild must give what a clean build gives.
#[test]
fn growing_past_the_sidebar_window_and_back_matches_clean_builds() {
    let site = SiteTest::from_fixture("basic");
    let chapter = |n: usize, weight: usize| {
        format!("---\ntitle: Chapter {n}\nweight: {weight}\n---\n\nText {n}.\n")
    };
    // With intro and part, 25 chapters.
    for n in 1..=23 {
        site.write(&format!("content/c{n:02}.md"), chapter(n, 100 + n));
    }
    let mut session = Session::new(options(&site));
    outcome(session.build(&Changes::Everything)).expect("the site builds");
    // What changes, the chapter and its new weight (or none: removed), and whether the
    // sidebars then leave chapters out.
    let steps: [(&str, usize, Option<usize>, bool); 5] = [
        ("add a 26th chapter, last", 24, Some(124), true),
        ("move it first", 24, Some(1), true),
        ("add a 27th", 25, Some(125), true),
        ("remove the 26th", 24, None, true),
        ("remove the 27th", 25, None, false),
    ];
    for (what, n, weight, windowed) in steps {
        let rel = format!("content/c{n:02}.md");
        match weight {
            Some(weight) => site.write(&rel, chapter(n, weight)),
            None => site.remove(&rel),
        }
        let changes = Changes::Paths(vec![site.path(&rel)]);
        let (files, _) = outcome(session.build(&changes)).expect(what);
        let (clean, _) =
            outcome(Session::new(options(&site)).build(&Changes::Everything)).expect(what);
        let differing: Vec<&String> = clean
            .keys()
            .chain(files.keys())
            .filter(|k| files.get(*k) != clean.get(*k))
            .collect();
        assert!(
            differing.is_empty(),
            "{what}: differs from a clean build: {differing:?}"
        );
        let home = String::from_utf8(files["index.html"].clone()).unwrap();
        assert_eq!(
            home.contains("id=\"all-chapters\""),
            windowed,
            "{what}: {home}"
        );
        let intro = String::from_utf8(files["intro/index.html"].clone()).unwrap();
        assert_eq!(intro.contains("nav-more"), windowed, "{what}: {intro}");
    }
}

/// A page that draws a route shows the titles of the chapters its steps link to, and an
/// image's size: changing either renders it again, as a clean build would show it.
#[test]
fn a_route_follows_the_titles_it_links_to_and_a_page_its_images_sizes() {
    let site = SiteTest::from_fixture("basic");
    site.write(
        "content/part/routes.md",
        "---\ntitle: Routes\n---\n{{ pathway(roles=[\"social-worker\"]) }}\n\n![A picture](pic.png)\n",
    );
    let png = |width: u32| {
        let mut png = b"\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR".to_vec();
        png.extend_from_slice(&width.to_be_bytes());
        png.extend_from_slice(&7u32.to_be_bytes());
        png.extend_from_slice(&[8, 6, 0, 0, 0, 0, 0, 0, 0]);
        png
    };
    site.write("content/part/pic.png", png(5));
    let mut session = Session::new(options(&site));
    session.build(&Changes::Everything).unwrap();
    let intro = site.read("content/intro.md");
    site.write(
        "content/intro.md",
        intro.replace("title: Introduction", "title: Start"),
    );
    let build = session
        .build(&Changes::Paths(vec![site.path("content/intro.md")]))
        .unwrap();
    let routes = files_of(&build)["part/routes/index.html"].clone();
    assert!(String::from_utf8_lossy(&routes).contains("Read more in <q>Start</q>"));
    site.write("content/part/pic.png", png(9));
    let build = session
        .build(&Changes::Paths(vec![site.path("content/part/pic.png")]))
        .unwrap();
    assert!(
        build
            .changed
            .contains(&"part/routes/index.html".to_string())
    );
    let (clean, _) = built_both_ways(&site);
    assert_eq!(files_of(&build), clean);
    let routes = String::from_utf8_lossy(&clean["part/routes/index.html"]).to_string();
    assert!(
        routes.contains("alt=\"A picture\" width=\"9\" height=\"7\""),
        "{routes}"
    );
}

/// A session's rebuild after `changes` equals a clean build (or fails alike), and reports
/// the files that changed; returns the rebuild's files, or its diagnostics.
#[track_caller]
fn rebuild_matches_clean(
    session: &mut Session,
    site: &SiteTest,
    changes: Vec<PathBuf>,
    last_good: &mut BTreeMap<String, Vec<u8>>,
    context: &str,
) -> Result<Vec<String>, String> {
    let incremental = outcome(session.build(&Changes::Paths(changes)));
    let clean = outcome(Session::new(options(site)).build(&Changes::Everything));
    match (incremental, clean) {
        (Ok((files, build)), Ok((clean_files, _))) => {
            assert!(
                files == clean_files,
                "{context}: output differs from a clean build"
            );
            let differing: Vec<String> = files
                .iter()
                .filter(|(path, bytes)| last_good.get(*path) != Some(bytes))
                .map(|(path, _)| path.clone())
                .collect();
            assert_eq!(
                build.changed.to_vec(),
                differing,
                "{context}: changed paths"
            );
            *last_good = files;
            Ok(differing)
        }
        (Err(incremental), Err(clean)) => {
            assert_eq!(incremental, clean, "{context}: diagnostics differ");
            Err(incremental)
        }
        (i, c) => panic!(
            "{context}: incremental ok {} but clean ok {}",
            i.is_ok(),
            c.is_ok()
        ),
    }
}

#[test]
fn a_change_to_an_included_file_rebuilds_its_page_like_a_clean_build() {
    let site = SiteTest::from_fixture("basic");
    site.write(
        "includes/code.rs",
        "// ANCHOR: main\nfn main() {}\n// ANCHOR_END: main\n",
    );
    site.append(
        "content/part/two.md",
        "\n```text\n{{ include(path=\"../../includes/code.rs\", anchor=\"main\") }}\n```\n",
    );
    let mut session = Session::new(options(&site));
    let mut last_good = files_of(&session.build(&Changes::Everything).expect("it builds"));
    let page = "part/second/index.html";
    assert!(String::from_utf8_lossy(&last_good[page]).contains("fn main() {}\n</code>"));

    // An edit of the included file alone re-renders the page (and the print page).
    site.write(
        "includes/code.rs",
        "// ANCHOR: main\nfn main() { edited() }\n// ANCHOR_END: main\n",
    );
    let changed = rebuild_matches_clean(
        &mut session,
        &site,
        vec![site.path("includes/code.rs")],
        &mut last_good,
        "edit the included file",
    )
    .expect("it builds");
    assert!(changed.contains(&page.to_string()), "{changed:?}");
    assert!(String::from_utf8_lossy(&last_good[page]).contains("fn main() { edited() }"));

    // The anchor goes: the page fails at the directive; it comes back: the page recovers.
    site.write("includes/code.rs", "fn main() {}\n");
    let failed = rebuild_matches_clean(
        &mut session,
        &site,
        vec![site.path("includes/code.rs")],
        &mut last_good,
        "remove the anchor",
    )
    .unwrap_err();
    assert!(
        failed.contains("content/part/two.md:") && failed.contains("has no anchor `main`"),
        "{failed}"
    );
    site.remove("includes/code.rs");
    rebuild_matches_clean(
        &mut session,
        &site,
        vec![site.path("includes/code.rs")],
        &mut last_good,
        "delete the included file",
    )
    .unwrap_err();
    site.write(
        "includes/code.rs",
        "// ANCHOR: main\nfn again() {}\n// ANCHOR_END: main\n",
    );
    rebuild_matches_clean(
        &mut session,
        &site,
        vec![site.path("includes/code.rs")],
        &mut last_good,
        "the included file back",
    )
    .expect("it builds again");
    assert!(String::from_utf8_lossy(&last_good[page]).contains("fn again() {}"));

    // A file under content/ (published too) included by a page: both follow an edit.
    site.write("content/part/snippet.txt", "first\n");
    site.append(
        "content/part/two.md",
        "\n```\n{{ include(path=\"snippet.txt\") }}\n```\n",
    );
    rebuild_matches_clean(
        &mut session,
        &site,
        vec![
            site.path("content/part/snippet.txt"),
            site.path("content/part/two.md"),
        ],
        &mut last_good,
        "include a file of content/",
    )
    .expect("it builds");
    site.write("content/part/snippet.txt", "second\n");
    let changed = rebuild_matches_clean(
        &mut session,
        &site,
        vec![site.path("content/part/snippet.txt")],
        &mut last_good,
        "edit the included file of content/",
    )
    .expect("it builds");
    assert!(changed.contains(&page.to_string()), "{changed:?}");
    assert!(String::from_utf8_lossy(&last_good[page]).contains("second\n</code>"));
}

/// A word spelt from a number's digits as letters, so the stemmer keeps it whole.
fn word_of(n: usize) -> String {
    let letters: String = n
        .to_string()
        .bytes()
        .map(|d| char::from(b'a' + (d - b'0')))
        .collect();
    format!("uniq{letters}")
}

/// The search index's files among a build's.
fn index_of(files: &Files) -> Files {
    files
        .iter()
        .filter(|(path, _)| path.starts_with("search/") && !path.ends_with(".html"))
        .map(|(path, bytes)| (path.clone(), bytes.clone()))
        .collect()
}

/// Whether any of the index's files holds `text`.
fn index_has(index: &Files, text: &str) -> bool {
    index
        .values()
        .any(|bytes| String::from_utf8_lossy(bytes).contains(text))
}

/// A session counts again only the pages an edit changed, and its index still equals a
/// clean build's, on a guide of several runs of pages: after an edit takes a word out of
/// the guide and puts a new one in, after an edit takes out a word another run still has,
/// and after a page added at the start moves every page's number.
#[test]
fn a_session_index_follows_words_removed_and_added_like_a_clean_build() {
    let site = SiteTest::from_fixture("basic");
    for n in 0..300 {
        // Each page has a word of its own, and one it shares with pages of other runs.
        site.write(
            &format!("content/gen/p{n:03}.md"),
            format!(
                "---\ntitle: Page {n}\nweight: {}\n---\n\n## Heading {n}\n\nText {n} says {} \
                 and shared{} words.\n",
                n + 10,
                word_of(n),
                word_of(n % 7)
            ),
        );
    }
    let mut session = Session::new(options(&site));
    let (mut last_good, _) = outcome(session.build(&Changes::Everything)).expect("builds");
    let matches_both_ways = |files: &Files, context: &str| {
        let (clean, one_shot) = built_both_ways(&site);
        assert!(
            index_of(files) == index_of(&clean),
            "{context}: the index differs from a clean session's"
        );
        assert!(
            index_of(files) == index_of(&one_shot),
            "{context}: the index differs from a one-shot build's"
        );
    };
    matches_both_ways(&last_good, "first build");
    let index = index_of(&last_good);
    assert!(index_has(&index, &format!("\"{}\"", word_of(150))));

    // Page 150's own word goes, a word no page had comes.
    let rel = "content/gen/p150.md";
    let text = site.read(rel).replace(&word_of(150), "quokkaish");
    site.write(rel, text);
    let changes = vec![site.path(rel)];
    rebuild_matches_clean(&mut session, &site, changes, &mut last_good, "edit").unwrap();
    matches_both_ways(&last_good, "edit");
    let index = index_of(&last_good);
    assert!(!index_has(&index, &format!("\"{}\"", word_of(150))));
    assert!(index_has(&index, "quokka"));

    // Page 3 says "shared" with the word of 3, as pages 10, 17, ... of other runs do.
    let rel = "content/gen/p003.md";
    let text = site.read(rel).replace(&format!("shared{}", word_of(3)), "");
    site.write(rel, text);
    let changes = vec![site.path(rel)];
    rebuild_matches_clean(&mut session, &site, changes, &mut last_good, "shared").unwrap();
    matches_both_ways(&last_good, "shared");

    // A page first in reading order moves every other page's number.
    let rel = "content/gen/first.md";
    site.write(
        rel,
        "---\ntitle: First\nweight: 0\n---\n\nA brand newword.\n",
    );
    let changes = vec![site.path(rel)];
    rebuild_matches_clean(&mut session, &site, changes, &mut last_good, "added").unwrap();
    matches_both_ways(&last_good, "added");
    assert!(index_has(&index_of(&last_good), "newword"));
}
