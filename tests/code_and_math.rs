//! Code blocks highlighted at build time and math rendered to MathML, built by the real
//! binary from a chapter that uses both (`tests/fixtures/chapters/code-math-cases.md`) added
//! to the basic fixture.

mod common;

use common::SiteTest;

fn site_with_the_chapter() -> SiteTest {
    let site = SiteTest::from_fixture("basic");
    let chapter = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/chapters/code-math-cases.md"),
    )
    .unwrap();
    site.write("content/code-and-math.md", chapter);
    site
}

/// The HTML of the chapter's content, between its opening and closing tags.
fn content(html: &str) -> &str {
    let start = html.find("<div class=\"content\">").expect("a content box");
    let end = html[start..].find("\n</div>\n</article>").expect("its end") + start;
    &html[start..end]
}

#[test]
fn code_is_highlighted_with_classes_and_the_first_word_names_the_language() {
    let site = site_with_the_chapter();
    let out = site.run(&["build"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let html = site.read("public/code-and-math/index.html");
    let html = content(&html);
    // `rust,ignore,does_not_compile` is Rust, highlighted in a box a keyboard can scroll.
    assert!(
        html.contains(
            "<div class=\"code-block\" role=\"group\" aria-label=\"Code: Rust\" tabindex=\"0\">\
             <pre><code class=\"language-rust\"><span class=\"hl-keyword\">fn</span> \
             <span class=\"hl-function\">main</span>"
        ),
        "{html}"
    );
    assert!(!html.contains("does_not_compile"), "{html}");
    // Code is escaped, and a dollar sign in code is no math.
    assert!(
        html.contains("<span class=\"hl-comment\">// a &lt;comment&gt;</span>"),
        "{html}"
    );
    assert!(
        html.contains("<span class=\"hl-string\">\"$5\"</span>"),
        "{html}"
    );
    // Languages syntect's own set lacks, named as their authors write them.
    assert!(html.contains("aria-label=\"Code: TypeScript\""), "{html}");
    assert!(
        html.contains("<code class=\"language-typescript\">"),
        "{html}"
    );
    assert!(html.contains("aria-label=\"Code: TOML\""), "{html}");
    // No inline styles: the theme's stylesheet colours the classes.
    assert!(!html.contains("style="), "{html}");
    // An unknown language is shown plain, with its class, and warned about at its fence.
    assert!(
        html.contains("<pre><code class=\"language-klingon\">Qapla' &lt;b&gt;\n</code></pre>"),
        "{html}"
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains(
            "content/code-and-math.md:25:4: warning: unknown language `klingon` in a code block"
        ),
        "{stderr}"
    );
    assert_eq!(
        stderr.matches("warning: unknown language").count(),
        1,
        "{stderr}"
    );
    // `text` is plain without a warning; code without a language is as it always was.
    assert!(html.contains("<pre><code class=\"language-text\">plain words\n</code></pre>"));
    assert!(
        html.contains("<pre><code>no language at all\n</code></pre>"),
        "{html}"
    );
    assert!(
        html.contains("<pre><code>indented code\n</code></pre>"),
        "{html}"
    );
    // The stylesheet has a colour for each class, in light and dark.
    let css_name = std::fs::read_dir(site.path("public"))
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .find(|name| name.starts_with("style") && name.ends_with(".css"))
        .expect("a stylesheet");
    let css = site.read(&format!("public/{css_name}"));
    for class in [
        "hl-keyword",
        "hl-string",
        "hl-comment",
        "hl-function",
        "hl-type",
    ] {
        assert!(css.contains(&format!(".{class}")), "{class}");
    }
    assert!(css.matches("--hl-keyword:").count() >= 2, "light and dark");
}

#[test]
fn math_becomes_mathml_and_dollar_signs_stay_money() {
    let site = site_with_the_chapter();
    site.build();
    let page = site.read("public/code-and-math/index.html");
    let html = content(&page);
    assert!(
        html.contains("The mean <math display=\"inline\"><semantics><mrow>"),
        "{html}"
    );
    assert!(html.contains("<mfrac>"), "{html}");
    assert!(
        html.contains(
            "<span class=\"math-display\" role=\"group\" aria-label=\"Formula\" tabindex=\"0\">\
             <math display=\"block\">"
        ),
        "{html}"
    );
    // `<` in a formula and in its TeX annotation is escaped.
    assert!(html.contains("<mo>&lt;</mo>"), "{html}");
    assert!(html.contains("^2 &lt; \\infty\n</annotation>"), "{html}");
    assert!(
        html.contains("A price of $20 or $5 stays as written, and so do $20-$30, $5/$10 and $x$."),
        "{html}"
    );
    assert!(!html.contains("<script"), "{html}");
    // A formula in a heading: the heading keeps an id and the formula.
    assert!(
        html.contains("<h2 id=\"e--mc2-in-a-heading\"><math"),
        "{html}"
    );
    assert!(
        page.contains("<a href=\"#e--mc2-in-a-heading\">E = mc^2 in a heading</a>"),
        "the contents: {page}"
    );
}

#[test]
fn the_print_page_shows_code_and_math_too() {
    let site = site_with_the_chapter();
    site.build();
    let print = site.read("public/print/index.html");
    assert!(
        print.contains("aria-label=\"Code: Rust\""),
        "the print page's code"
    );
    assert!(
        print.contains("<math display=\"block\">"),
        "the print page's math"
    );
}
