//! Citations built by the real binary on a copy of the fixture: `[@id]` in chapters (on the
//! page and on the print page), role facts cited by author and year, values with sources of
//! their own, the sources page's reference list, and the warning for a chapter that cites
//! nothing.

mod common;

use common::SiteTest;
use common::links::check_links;

/// The fixture with a short name, an accessed date and a URL for its second source, a role
/// value citing its own source, and a section note shared by several facts.
fn cited_site() -> SiteTest {
    let site = SiteTest::from_fixture("basic");
    site.write(
        "content/sources.yaml",
        "first:\n  title: The First Source\n  author: Ada B. Author\n  publisher: A Publisher\n\
         second:\n  title: The Second Source?\n  short: SecondOrg\n  publisher: Another Publisher (a remark)\n  \
         date: 2023-06-05\n  url: https://example.org/second\n  accessed: 2026-11-20\n",
    );
    let role = site.read("content/roles/case-manager.yaml");
    let role = role
        .replace(
            "  items: [Hospitals]",
            "  items:\n    - Hospitals\n    - {text: Schools, sources: [first]}",
        )
        .replace(
            "  minimum: A bachelor's degree",
            "  minimum: {text: A bachelor's degree, sources: [second]}",
        )
        .replace(
            "  degrees: [BSW, MSW]\n  sources: [first, second]",
            "  degrees: [BSW, MSW]\n  sources: [first, second]\n  note: One note for the section.",
        );
    site.write("content/roles/case-manager.yaml", role);
    site.append(
        "content/compare.yaml",
        "  - field: education.degrees\n    label: Degrees\n  - field: work_settings\n    label: Where\n",
    );
    site
}

#[test]
fn chapters_cite_by_author_and_year_on_the_page_and_the_print_page() {
    let site = cited_site();
    site.build();
    let page = site.read("public/part/second/index.html");
    let first = "<a href=\"../../sources/#first\" title=\"The First Source\">Author, n.d.</a>";
    let second =
        "<a href=\"../../sources/#second\" title=\"The Second Source?\">SecondOrg, 2023</a>";
    assert!(
        page.contains(&format!(
            "say <span class=\"citation\">({first})</span> and \
             <span class=\"citation\">({first}; {second})</span>."
        )),
        "{page}"
    );
    // The print page is one folder from the root, and its links lead to the same entries.
    let print = site.read("public/print/index.html");
    assert!(
        print.contains(
            "<span class=\"citation\">(<a href=\"../sources/#first\" title=\"The First Source\">\
             Author, n.d.</a>; <a href=\"../sources/#second\" title=\"The Second Source?\">\
             SecondOrg, 2023</a>)</span>"
        ),
        "{print}"
    );
    // Every link the build wrote reaches its file and anchor.
    assert!(check_links(&site.snapshot("public"), "/repo/") > 0);
}

#[test]
fn a_citation_in_code_stays_as_written() {
    let site = cited_site();
    site.append(
        "content/part/two.md",
        "\nWrite `[@first]` to cite.\n\n```\n[@nowhere]\n```\n",
    );
    site.build();
    let page = site.read("public/part/second/index.html");
    assert!(page.contains("<code>[@first]</code>"));
    assert!(page.contains("[@nowhere]\n</code></pre>"));
}

#[test]
fn role_facts_cite_by_author_and_year_and_values_cite_their_own_sources() {
    let site = cited_site();
    site.build();
    let role = site.read("public/roles/case-manager/index.html");
    // A list item with sources of its own cites them after it.
    assert!(
        role.contains(
            "<li>Schools <span class=\"citation\">(<a href=\"../../sources/#first\" \
             title=\"The First Source\">Author, n.d.</a>)</span></li>"
        ),
        "{role}"
    );
    // A text value with sources of its own is cited by them alone.
    let minimum = role
        .split("<dt>")
        .find(|e| e.starts_with("Least education"))
        .unwrap();
    assert!(
        minimum.contains("#second") && !minimum.contains("#first"),
        "{minimum}"
    );
    // The section's note is shown once, with the first of its facts.
    assert_eq!(
        role.matches("One note for the section.").count(),
        1,
        "{role}"
    );
    // A credential's requirements are a list of their own.
    assert!(role.contains(
        "<li>First credential (X-1)\n<ul class=\"fact-details\">\n<li>A degree</li>\n<li>An exam</li>\n</ul></li>"
    ), "{role}");
    // The fact shortcode and the comparison cite the same way.
    let intro = site.read("public/intro/index.html");
    assert!(
        intro.contains(
            "A bachelor&#39;s degree <span class=\"citation\">(<a href=\"../sources/#second\""
        ),
        "{intro}"
    );
    let compare = site.read("public/compare/index.html");
    assert!(compare.contains("<span class=\"citation\">(<a href=\"../sources/#"));
    assert!(!compare.contains("<sup class=\"cites\">"));
}

#[test]
fn the_sources_page_is_a_reference_list() {
    let site = cited_site();
    site.build();
    let sources = site.read("public/sources/index.html");
    assert!(
        sources.contains(
            "<p class=\"source-citation\">Author, A. B. (n.d.). <cite>The First Source</cite>. \
             A Publisher.</p>"
        ),
        "{sources}"
    );
    assert!(
        sources.contains(
            "<p class=\"source-citation\"><cite>The Second Source?</cite> (<time \
             datetime=\"2023-06-05\">2023, June 5</time>). Another Publisher (a remark). \
             Retrieved <time datetime=\"2026-11-20\">2026-11-20</time>, from <a \
             class=\"source-url\" href=\"https://example.org/second\">\
             https://example.org/second</a></p>"
        ),
        "{sources}"
    );
}

#[test]
fn a_chapter_that_cites_nothing_is_warned_unless_it_says_it_states_no_facts() {
    let site = cited_site();
    site.write(
        "content/plain.md",
        "---\ntitle: Plain\n---\n\nNo source here.\n",
    );
    site.write(
        "content/how-to-read.md",
        "---\ntitle: How to read\ncitations: false\n---\n\nStates no facts.\n",
    );
    // A section's own page is not a chapter, and is not warned.
    site.write(
        "content/part/_index.md",
        "---\ntitle: Part\n---\n\nNo source here.\n",
    );
    let out = site.run(&["build"]);
    assert!(out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("content/plain.md:1:1: warning: this chapter cites no source"),
        "{stderr}"
    );
    assert!(stderr.contains("0 errors, 1 warning"), "{stderr}");
}

#[test]
fn the_starter_cites_its_source_and_builds_without_warnings() {
    let site = SiteTest::init(&[]);
    // The starter builds without a warning.
    let out = site.run(&["build"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success() && !stderr.contains("warning"),
        "{stderr}"
    );
    let page = site.read("public/getting-started/index.html");
    assert!(page.contains("<span class=\"citation\">(<a href=\"../sources/#example-source\""));
}
