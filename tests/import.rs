//! `guide import mdbook` and `guide import zola` as a user runs them: the real binary imports
//! a fixture book (tests/fixtures/mdbook-book) or site (tests/fixtures/zola-site) into a new
//! folder, reports what it could not carry over at its file and line, and the guide it
//! writes builds with no edits: pages, sections, aliases, links, includes.

mod common;

use std::path::{Path, PathBuf};
use std::process::Output;

use common::guide_command;

struct Imported {
    _dir: tempfile::TempDir,
    /// The folder the test runs in; the new guide is `guide/` in it.
    at: PathBuf,
    out: Output,
}

impl Imported {
    fn guide(&self, rel: &str) -> PathBuf {
        self.at.join("guide").join(rel)
    }

    #[track_caller]
    fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.guide(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
    }

    fn stderr(&self) -> String {
        String::from_utf8_lossy(&self.out.stderr).into_owned()
    }

    #[track_caller]
    fn build(&self, args: &[&str]) -> String {
        let out = guide_command(&self.guide(""))
            .arg("build")
            .args(args)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "build failed:\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    }
}

/// Copies the fixture `name` and runs `guide import KIND name guide` beside it.
fn import(kind: &str, name: &str) -> Imported {
    let dir = tempfile::tempdir().unwrap();
    let at = dir.path().to_path_buf();
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name);
    common::copy_dir(&fixture, &at.join(name));
    let out = guide_command(&at)
        .args(["import", kind, name, "guide"])
        .output()
        .unwrap();
    Imported { _dir: dir, at, out }
}

/// The report's located lines: `file:line:col: warning: message`, the snippets left out.
fn report_lines(stderr: &str) -> Vec<&str> {
    stderr
        .lines()
        .filter(|l| l.contains(": warning: "))
        .collect()
}

#[test]
fn an_mdbook_imports_and_builds() {
    let book = import("mdbook", "mdbook-book");
    assert!(book.out.status.success(), "{}", book.stderr());
    let stdout = String::from_utf8_lossy(&book.out.stdout);
    assert!(
        stdout.starts_with("imported 10 pages and 2 other files into guide\n"),
        "{stdout}"
    );
    assert_eq!(
        report_lines(&book.stderr()),
        [
            "book.toml:7:2: warning: preprocessor `mermaid` is not carried over: what it adds to the chapters will be missing",
            "book.toml:15:2: warning: redirect from `/gone.html` to `https://example.org/elsewhere`: the target is not a chapter of the book, so the redirect is left out",
            "book.toml: warning: the book gives no address it is published at; guide.yaml's base_url is set to https://example.org/, to be corrected",
            "src/basics/hello.md:22:1: warning: custom element `<Listing>` is not carried over: only its content is shown",
            "src/later.md:5:1: warning: `{{#playground}}` becomes a plain code block: guide does not run code",
            "src/notes.md: warning: not in SUMMARY.md, so not a chapter of the book: left out",
        ]
    );

    // guide.yaml from book.toml.
    let config = book.read("guide.yaml");
    assert!(config.starts_with("title: The Fixture Book\n"), "{config}");
    assert!(
        config.contains("language: en\n")
            && config.contains("hide_rust_hash_lines: true\n")
            && config.contains("repository: https://example.org/fixture-book")
    );

    // The summary's shape: the first chapter is the home page, parts and a chapter with
    // sub-chapters are sections, the draft is a draft, the suffix chapter stands at the top.
    let home = book.read("content/_index.md");
    assert!(
        home.starts_with("---\ntitle: Introduction\naliases:\n- introduction.html\n---\n"),
        "{home}"
    );
    assert!(
        home.contains("[the basics](getting-started/basics/_index.md)"),
        "{home}"
    );
    assert!(
        home.contains("[installing](getting-started/basics/installing.md#on-linux)"),
        "{home}"
    );
    let basics = book.read("content/getting-started/basics/_index.md");
    assert!(
        basics.starts_with("---\ntitle: Basics\nweight: 2\naliases:\n- basics/index.html\n---\n"),
        "{basics}"
    );
    let installing = book.read("content/getting-started/basics/installing.md");
    assert!(
        installing.contains("aliases:\n- basics/installing.html\n- old-install.html\n"),
        "{installing}"
    );
    assert!(
        installing.contains("[introduction](../../_index.md)"),
        "{installing}"
    );
    assert!(
        installing.contains("![The logo again](../../img/logo.svg)"),
        "{installing}"
    );
    let draft = book.read("content/reference/unwritten-chapter.md");
    assert!(draft.contains("draft: true"), "{draft}");
    assert!(book.read("content/thanks.md").contains("weight: 9"));
    let hello = book.read("content/getting-started/basics/hello.md");
    assert!(
        hello.starts_with("---\ntitle: Hello, world\n"),
        "{{#title}} is the title: {hello}"
    );
    assert!(
        hello.contains(
            "{{ include(path=\"../../../includes/listings/hello.rs\", anchor=\"main\") }}"
        )
    );
    assert!(
        hello
            .contains("{{ include(path=\"../../../includes/listings/hello.rs\", lines=\"2-3\") }}")
    );
    let later = book.read("content/getting-started/later.md");
    assert!(
        later.contains("[installing](basics/installing.md#on-linux)"),
        "{later}"
    );
    assert!(later.contains("[l]: ../reference/listings.md"), "{later}");
    assert!(
        book.read("content/reference/listings.md")
            .contains("`{{#include file.rs}}`")
    );
    assert!(book.guide("content/img/logo.svg").is_file());
    assert!(book.guide("includes/listings/hello.rs").is_file());
    assert!(!book.guide("content/notes.md").exists());

    // It builds, with no edit.
    let stdout = book.build(&[]);
    assert!(stdout.starts_with("built 9 pages"), "{stdout}");
    let page = book.read("public/getting-started/basics/hello/index.html");
    let code = code_blocks(&page);
    assert!(
        code.contains(&"fn main() {\n    println!(\"Hello\");\n}\n".to_string()),
        "the anchor's lines, without its markers: {code:?}"
    );
    assert!(
        code.contains(&"// ANCHOR: main\nfn main() {\n".to_string()),
        "lines 2 to 3: {code:?}"
    );
    // Raw HTML's links are rewritten like Markdown's, for the page and the print page;
    // the page's opening `## Installing` repeats its title, so it is left out (its id
    // kept) and the headings under it move up a level.
    let installing = book.read("public/getting-started/basics/installing/index.html");
    assert!(
        installing.contains("class=\"center\"\nsrc=\"../../../img/logo.svg\""),
        "{installing}"
    );
    assert!(installing.contains("<span id=\"installing\"></span>"));
    assert!(installing.contains("<h2 id=\"on-linux\">On Linux"));
    assert!(installing.contains("<a href=\"#on-linux\">up to Linux</a>"));
    let print = book.read("public/print/index.html");
    assert!(print.contains("class=\"center\"\nsrc=\"../img/logo.svg\""));
    assert!(
        print
            .contains("<a href=\"#ch-getting-started-basics-installing-on-linux\">up to Linux</a>")
    );
    // Every old URL redirects to the page's new one.
    for (old, new) in [
        ("introduction.html", "./"),
        ("basics/index.html", "../getting-started/basics/"),
        (
            "basics/installing.html",
            "../getting-started/basics/installing/",
        ),
        ("old-install.html", "getting-started/basics/installing/"),
        ("later.html", "getting-started/later/"),
    ] {
        let alias = book.read(&format!("public/{old}"));
        assert!(alias.contains(&format!("url={new}\"")), "{old}: {alias}");
    }
    assert!(!book.guide("public/reference/unwritten-chapter").exists());
    book.build(&["--drafts"]);
    assert!(
        book.guide("public/reference/unwritten-chapter/index.html")
            .is_file()
    );
}

#[test]
fn a_zola_site_imports_and_builds() {
    let site = import("zola", "zola-site");
    assert!(site.out.status.success(), "{}", site.stderr());
    assert_eq!(
        report_lines(&site.stderr()),
        [
            "config.toml:7:1: warning: `taxonomies` is not carried over: guide has no equivalent",
            "content/_index.md:3:1: warning: front matter `sort_by` is not carried over: guide has no equivalent",
            "content/course/first.md:16:1: warning: shortcode `youtube` is not carried over: guide has no shortcode of that name; the call is taken out",
            "content/course/second.md:5:1: warning: front matter `taxonomies` is not carried over: guide has no equivalent",
        ]
    );
    let config = site.read("guide.yaml");
    assert!(
        config.contains("base_url: https://courses.example.org/zola/\n"),
        "{config}"
    );
    assert!(config.contains("author: The Course Team"), "{config}");
    let first = site.read("content/course/first.md");
    assert!(first.starts_with("---\ntitle: First lesson\ndescription: Where to begin\nweight: 1\naliases:\n- lessons/first/\nextra:\n  date: 2024-03-01\n  level: beginner\n---\n"), "{first}");
    assert!(
        first.contains("[second lesson](second.md)")
            && first.contains("![Diagram](../../img/diagram.svg)"),
        "{first}"
    );
    let second = site.read("content/course/second.md");
    assert!(
        second.contains("[first lesson](first.md#setup)")
            && second.contains("`{{ youtube(id=\"x\") }}`"),
        "{second}"
    );
    assert!(
        site.read("content/_index.md")
            .contains("[first lesson](course/first.md#setup)")
    );

    // A page bundle (a folder with index.md and its files) is a section of its own.
    let project = site.read("content/course/project/_index.md");
    assert!(
        project.contains("![Plan](plan.svg)") && project.contains("[course](../_index.md)"),
        "{project}"
    );
    assert!(second.contains("[project](project/_index.md)"), "{second}");
    assert!(!site.guide("content/course/project/index.md").exists());

    let stdout = site.build(&[]);
    assert!(stdout.starts_with("built 5 pages"), "{stdout}");
    assert!(site.guide("public/course/project/plan.svg").is_file());
    assert!(
        site.read("public/course/project/index.html")
            .contains("src=\"plan.svg\"")
    );
    let alias = site.read("public/lessons/first/index.html");
    assert!(alias.contains("url=../../course/first/\""), "{alias}");
    assert!(
        site.read("public/index.html")
            .contains("href=\"course/first/#setup\"")
    );
    assert!(site.guide("public/img/diagram.svg").is_file());
}

#[test]
fn a_failed_import_writes_nothing_and_an_existing_folder_is_refused() {
    let book = import("mdbook", "mdbook-book");
    assert!(book.out.status.success());
    let before = std::fs::read_to_string(book.guide("content/_index.md")).unwrap();
    let again = guide_command(&book.at)
        .args(["import", "mdbook", "mdbook-book", "guide"])
        .output()
        .unwrap();
    assert_eq!(again.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&again.stderr);
    assert!(
        stderr.starts_with(
            "guide: error: the destination exists and is not empty; nothing was written\n"
        ),
        "{stderr}"
    );
    assert_eq!(book.read("content/_index.md"), before);

    // A book whose book.toml does not parse: nothing written, not even a temporary folder.
    std::fs::write(book.at.join("mdbook-book/book.toml"), "[book\ntitle = 1\n").unwrap();
    let failed = guide_command(&book.at)
        .args(["import", "mdbook", "mdbook-book", "other"])
        .output()
        .unwrap();
    assert_eq!(failed.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&failed.stderr);
    assert!(stderr.starts_with("book.toml:1:"), "{stderr}");
    let mut left: Vec<String> = std::fs::read_dir(&book.at)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    left.sort();
    assert_eq!(left, ["guide", "mdbook-book"]);
}

/// The text of each `<code>` element of `html`, highlighting's tags left out.
fn code_blocks(html: &str) -> Vec<String> {
    html.split("<code")
        .skip(1)
        .filter_map(|rest| {
            let inner = &rest[rest.find('>')? + 1..rest.find("</code>")?];
            let mut text = String::new();
            let mut in_tag = false;
            for c in inner.chars() {
                match c {
                    '<' => in_tag = true,
                    '>' if in_tag => in_tag = false,
                    c if !in_tag => text.push(c),
                    _ => {}
                }
            }
            Some(
                text.replace("&quot;", "\"")
                    .replace("&lt;", "<")
                    .replace("&gt;", ">")
                    .replace("&amp;", "&"),
            )
        })
        .collect()
}
