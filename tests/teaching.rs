//! The teaching elements built by the real binary on a copy of the fixture: callouts,
//! definition lists, self-check questions (on the page, and with an answer key on the
//! print page), learning objectives and reading times.

mod common;

use common::SiteTest;
use common::links::check_links;

const LESSON: &str = r#"---
title: Lesson
weight: 3
objectives:
  - Tell a caution from a tip
  - Check an answer <without> a script
---

> [!NOTE]
> Notes hold *side* remarks.

> [!caution]
> Lower case works as on GitHub.

> A plain quotation stays a quotation.

Case management
: Coordinating services for a client.

```question
question: Which chapter comes first?
options:
  intro: Intro
  one: Part one
answer: intro
explain:
  intro: It has the lowest weight.
  one: "It comes later & says so."
link: ../intro.md#why-this-matters
```

```question
question: Which are chapters of the fixture?
options: {a: Intro, b: Part one, c: The glossary}
answer: [a, b]
explain: {a: It is., b: It is., c: A generated page.}
```

```question
question: The print page holds every chapter.
answer: true
explain:
  true: It does.
  false: It does hold them.
```
"#;

fn lesson_site() -> SiteTest {
    let site = SiteTest::from_fixture("basic");
    site.write("content/part/lesson.md", LESSON);
    site
}

#[test]
fn callouts_have_visible_labels_and_quotations_stay() {
    let site = lesson_site();
    site.build();
    let page = site.read("public/part/lesson/index.html");
    assert!(page.contains(
        "<div class=\"callout callout-note\" role=\"note\">\n<p class=\"callout-label\">Note</p>\n<p>Notes hold <em>side</em> remarks.</p>\n</div>"
    ), "{page}");
    assert!(page.contains("<p class=\"callout-label\">Caution</p>"));
    assert!(
        page.contains("<blockquote>\n<p>A plain quotation stays a quotation.</p>\n</blockquote>")
    );
    assert!(page.contains(
        "<dl>\n<dt>Case management</dt>\n<dd>Coordinating services for a client.</dd>\n</dl>"
    ));
    // The print page shows them too.
    let print = site.read("public/print/index.html");
    assert!(print.contains("<p class=\"callout-label\">Caution</p>"));
}

#[test]
fn questions_are_forms_that_work_without_a_script() {
    let site = lesson_site();
    site.build();
    let page = site.read("public/part/lesson/index.html");
    // Single choice: radios sharing a name; several right: checkboxes; true or false.
    assert_eq!(
        page.matches("type=\"radio\" name=\"question-1\"").count(),
        2
    );
    assert_eq!(
        page.matches("type=\"checkbox\" name=\"question-2\"")
            .count(),
        3
    );
    assert!(page.contains("value=\"true\" data-right> True</label>"));
    assert!(page.contains("<span class=\"question-hint\">Choose every right answer.</span>"));
    assert!(page.contains("<span class=\"question-hint\">True or false?</span>"));
    // The answer is behind a disclosure, every option explained and its verdict in words.
    assert_eq!(
        page.matches("<summary>Show the answer</summary>").count(),
        3
    );
    assert!(page.contains(
        "<strong class=\"verdict\">Not right:</strong> <span class=\"option-text\">Part one</span> — <span class=\"why\">It comes later &amp; says so.</span>"
    ), "{page}");
    // The button is the script's to show; the verdict is said in a live region.
    assert_eq!(page.matches("class=\"question-check\" hidden>").count(), 3);
    assert_eq!(
        page.matches("class=\"question-feedback\" role=\"status\">")
            .count(),
        3
    );
    // The link into the guide is rewritten like a Markdown link.
    assert!(
        page.contains("<a href=\"../../intro/#why-this-matters\">Read more"),
        "{page}"
    );
    // The script is published under a fingerprinted name and loaded only where needed.
    let script = page
        .split("<script src=\"../../question.")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .expect("the question script");
    assert!(
        site.read(&format!("public/question.{script}"))
            .contains(".question-check")
    );
    assert!(
        !site
            .read("public/part/one/index.html")
            .contains("question.")
    );
    assert!(check_links(&site.snapshot("public"), "/repo/") > 0);
}

#[test]
fn the_print_page_lists_questions_and_an_answer_key() {
    let site = lesson_site();
    site.build();
    let print = site.read("public/print/index.html");
    let lesson = print
        .split("data-path=\"part/lesson/\"")
        .nth(1)
        .and_then(|rest| rest.split("</section>").next())
        .expect("the lesson's section");
    assert!(!lesson.contains("<input"), "no controls on paper");
    assert_eq!(
        lesson
            .matches("The answer is at the end of this chapter.")
            .count(),
        3
    );
    let key = lesson
        .split("<div class=\"answer-key\">")
        .nth(1)
        .expect("a key");
    assert_eq!(key.matches("<li><p class=\"question-stem\">").count(), 3);
    assert!(key.contains(
        "<strong class=\"verdict\">Right:</strong> <span class=\"option-text\">Intro</span>"
    ));
    // The link leads within the print page.
    assert!(
        key.contains("<a href=\"#ch-intro-why-this-matters\">"),
        "{key}"
    );
    // Chapters without questions have no key.
    assert_eq!(print.matches("<div class=\"answer-key\">").count(), 1);
}

#[test]
fn objectives_and_reading_times() {
    let site = lesson_site();
    // About 450 words: three minutes at 200 words a minute.
    site.append("content/part/one.md", &"Words to read here. ".repeat(112));
    site.build();
    let page = site.read("public/part/lesson/index.html");
    assert!(page.contains(
        "<section class=\"objectives\" aria-label=\"In this chapter\">\n<h2>In this chapter</h2>\n<ul>\n<li>Tell a caution from a tip</li>\n<li>Check an answer &lt;without&gt; a script</li>\n</ul>\n</section>"
    ), "{page}");
    assert!(page.contains("<p class=\"reading-time\">About 1 minute to read</p>"));
    let one = site.read("public/part/one/index.html");
    assert!(
        one.contains("<p class=\"reading-time\">About 3 minutes to read</p>"),
        "{one}"
    );
    assert!(!one.contains("class=\"objectives\""));
    let section = site.read("public/part/index.html");
    assert!(
        section.contains("<span class=\"reading-time\">(3 min read)</span>"),
        "{section}"
    );
    assert!(section.contains("<span class=\"reading-time\">(1 min read)</span>"));
}

#[test]
fn the_starter_shows_every_teaching_element() {
    let site = SiteTest::init(&[]);
    site.build();
    let page = site.read("public/getting-started/index.html");
    for shown in [
        "<h2>In this chapter</h2>",
        "<p class=\"callout-label\">Tip</p>",
        "<dt>Front matter</dt>",
        "<div class=\"question\">",
        "<a href=\"#quoting-role-facts\">Read more",
        "class=\"reading-time\"",
    ] {
        assert!(
            page.contains(shown),
            "{shown} missing from the starter:\n{page}"
        );
    }
    assert!(
        site.read("public/print/index.html")
            .contains("<div class=\"answer-key\">")
    );
}
