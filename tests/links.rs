//! Links are read as a browser reads the page: only real attributes of real tags, their
//! percent-escapes and character references decoded.

mod common;

use common::SiteTest;

/// A guide that teaches HTML shows markup in code, quotes unescaped, and keeps old markup
/// in comments: none of it is a link.
#[test]
fn markup_shown_in_code_or_kept_in_comments_is_no_link() {
    let site = SiteTest::from_fixture("basic");
    site.append(
        "content/intro.md",
        r#"
Write `<a href="nowhere.html">` for a link and `<img src="none.png" id="intro">` for a picture.

```html
<a href="nowhere.html" id="intro">Nowhere</a>
```

    <img src="indented.png">

<!-- <a href="removed.html">an old link</a> -->

<script>document.body.dataset.x = '<a href="script.html">';</script>
"#,
    );
    site.build();
    let page = site.read("public/intro/index.html");
    assert!(
        page.contains(r#"&lt;a href="nowhere.html"&gt;"#),
        "the code is on the page as written: {page}"
    );
}

/// A chapter of Markdown alone (no raw HTML, no shortcodes) is read the quicker way, and
/// the same holds there: code is text, on the page and on the print page.
#[test]
fn markup_shown_in_the_code_of_a_plain_chapter_is_no_link() {
    let site = SiteTest::from_fixture("basic");
    site.write(
        "content/html.md",
        "---\ntitle: HTML\n---\n\nWrite `<a href=\"nowhere.html\" id=\"x\">` and\n\n\
         ```html\n<img src=\"none.png\">\n```\n\nthen [the intro](intro.md).\n",
    );
    site.build();
    let page = site.read("public/html/index.html");
    // Highlighted: the tag's name, the attribute and its value are spans of text.
    assert!(
        page.contains(r#"&lt;<span class="hl-tag">img</span> <span class="hl-attribute">src=</span><span class="hl-string">"none.png"</span>&gt;"#),
        "{page}"
    );
    // A broken Markdown link on such a page is still found.
    site.append("content/html.md", "\nSee [gone](gone.md).\n");
    assert!(site.build_fails().contains("gone.md"));
}

/// The same markup outside code is checked: a raw link is a link, quoted or not.
#[test]
fn raw_html_links_are_checked_quoted_or_not() {
    for link in [
        r#"<a href="nowhere.html">x</a>"#,
        "<a href=nowhere.html>x</a>",
    ] {
        let site = SiteTest::from_fixture("basic");
        site.append("content/intro.md", &format!("\n{link}\n"));
        let errors = site.build_fails();
        assert!(errors.contains("nowhere.html"), "{link}: {errors}");
    }
}

#[test]
fn non_ascii_headings_and_file_names_are_linked() {
    let site = SiteTest::from_fixture("basic");
    site.append(
        "content/intro.md",
        "\n## Über uns\n\nSee [us](#über-uns) and [the page](ünïcödé.md).\n",
    );
    site.write("content/ünïcödé.md", "---\ntitle: Unicode\n---\n\nHi.\n");
    site.build();
    let page = site.read("public/intro/index.html");
    assert!(page.contains(r#"id="über-uns""#), "{page}");
    assert!(page.contains(r##"href="#%C3%BCber-uns""##), "{page}");
    assert!(site.path("public/ünïcödé/index.html").exists());
}

/// A Markdown destination may write a file's name percent-encoded, and a raw HTML attribute
/// may hold character references.
#[test]
fn percent_escapes_and_character_references_in_links_are_decoded() {
    let site = SiteTest::from_fixture("basic");
    site.write("content/a b.txt", "spaced");
    site.write("content/ö.txt", "umlaut");
    site.append(
        "content/intro.md",
        "\nSee [x](a%20b.txt), [y](%C3%B6.txt) and <a href=\"../&ouml;.txt\">z</a> \
         and <a href=\"../&#246;.txt\">w</a>.\n",
    );
    site.build();
    let page = site.read("public/intro/index.html");
    assert!(page.contains(r#"href="../a%20b.txt""#), "{page}");
    assert_eq!(site.read("public/ö.txt"), "umlaut");
}

/// `#` and `?` in a file's name are written `%23` and `%3F` in a link, as in a browser.
#[test]
fn files_with_a_hash_or_a_question_mark_in_their_names_are_linked() {
    let site = SiteTest::from_fixture("basic");
    site.write("content/c#.txt", "sharp");
    site.write("content/why?.txt", "asked");
    site.append(
        "content/intro.md",
        "\nSee [c](c%23.txt), [why](why%3F.txt#x) and <a href=\"../why%3F.txt?v=1\">w</a>.\n",
    );
    site.build();
    let page = site.read("public/intro/index.html");
    assert!(page.contains(r#"href="../c%23.txt""#), "{page}");
    assert!(page.contains(r##"href="../why%3F.txt#x""##), "{page}");
    assert_eq!(site.read("public/c#.txt"), "sharp");
    // Written plainly, `#` starts a fragment: the link is to `c`, which does not exist.
    site.append("content/intro.md", "\nSee [c](c#.txt).\n");
    let errors = site.build_fails();
    assert!(errors.contains("c#.txt"), "{errors}");
}
