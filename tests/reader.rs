//! What the build gives readers beyond the pages themselves: glossary terms marked on first
//! use, the print page, the search index, fingerprinted stylesheets and scripts, numbered
//! notes under comparisons, and the warning about facts not reviewed for over a year.

mod common;

use std::collections::{BTreeMap, HashSet};

use common::{SiteTest, quoted_after};

/// Values of `attr="..."` in `html`.
fn attr_values(html: &str, attr: &str) -> Vec<String> {
    quoted_after(html, &format!(" {attr}=\""))
        .into_iter()
        .map(str::to_string)
        .collect()
}

#[test]
fn glossary_terms_are_marked_up_on_first_use_only() {
    let site = SiteTest::from_fixture("basic");
    site.write(
        "content/terms.md",
        "---\ntitle: Terms\n---\n\n## The MSW heading\n\n`MSW` in code, [MSW in a link](intro.md), \
         <abbr title=\"x\">MSW</abbr> already marked, MSWs and NMSW are other words.\n\n\
         Then an MSW, another MSW, and a BSW-level job.\n",
    );
    site.build();
    let html = site.read("public/terms/index.html");
    let marked = r##"<a class="term" href="../glossary/#msw"><abbr title="Master of Social Work">MSW</abbr></a>"##;
    assert_eq!(html.matches(marked).count(), 1, "{html}");
    assert!(
        html.contains(&format!("Then an {marked}, another MSW,")),
        "{html}"
    );
    assert!(html.contains(r##"<a class="term" href="../glossary/#bsw"><abbr title="Bachelor of Social Work">BSW</abbr></a>-level"##), "{html}");
    assert!(html.contains("<code>MSW</code>"), "{html}");
    assert!(html.contains(">MSW in a link</a>"), "{html}");
    assert!(html.contains("The MSW heading"), "{html}");
    // Each page marks its own first use, with a link relative to where it is.
    let intro = site.read("public/part/one/index.html");
    assert!(!intro.contains("class=\"term\""), "no terms on this page");
}

#[test]
fn the_print_page_holds_every_page_with_unique_ids_and_links_within_it() {
    let site = SiteTest::from_fixture("basic");
    site.build();
    let html = site.read("public/print/index.html");
    for (id, title) in [
        ("ch-home", "Introduction"),
        ("ch-intro", "Introduction"),
        ("ch-part", "Part One"),
        ("ch-part-one", "One"),
        ("ch-part-second", "Two"),
    ] {
        assert!(
            html.contains(&format!("<h2 id=\"{id}\">{title}</h2>")),
            "{id} missing:\n{html}"
        );
    }
    // The pages' headings move one level down, and their ids take the page's prefix.
    assert!(
        html.contains("<h3 id=\"ch-part-one-the-details\">"),
        "{html}"
    );
    assert!(html.contains("<h4 id=\"ch-intro-custom-id\">"), "{html}");
    // Links between chapters and to a page's own headings stay on the print page.
    assert!(
        html.contains("href=\"#ch-intro-why-this-matters\""),
        "{html}"
    );
    assert!(html.contains("href=\"#ch-part-one-the-details\""), "{html}");
    let ids = attr_values(&html, "id");
    let unique: HashSet<&String> = ids.iter().collect();
    assert_eq!(ids.len(), unique.len(), "duplicate ids: {ids:?}");
    // Links to other pages of the site are relative to print/.
    assert!(html.contains("href=\"../roles/social-worker/\""), "{html}");
    assert!(html.contains("src=\"../part/diagram.svg\""), "{html}");
}

#[test]
fn the_search_index_lists_chapters_roles_and_terms_and_stays_small() {
    let site = SiteTest::from_fixture("basic");
    site.build();
    let index = site.read("public/search-index.json");
    let entries: Vec<serde_json::Value> = serde_json::from_str(&index).unwrap();
    let find = |u: &str| {
        entries
            .iter()
            .find(|e| e["u"] == u)
            .unwrap_or_else(|| panic!("{u} not in {index}"))
    };
    let intro = find("intro/");
    assert_eq!(intro["t"], "Introduction");
    assert_eq!(intro["k"], "Chapter");
    assert_eq!(intro["d"], "Where to begin.");
    // A heading whose id is its title's slug is stored as its title; others with the id.
    let headings = intro["h"].as_array().unwrap();
    assert_eq!(headings[0], "Why “this” matters");
    assert_eq!(
        headings[1],
        serde_json::json!(["why-this-matters-1", "Why “this” matters"])
    );
    assert_eq!(
        headings[2],
        serde_json::json!(["custom-id", "A smaller heading"])
    );
    let role = find("roles/social-worker/");
    assert_eq!(role["k"], "Role");
    assert!(
        role["w"].as_str().unwrap().contains("First credential"),
        "{role}"
    );
    assert_eq!(find("glossary/#msw")["k"], "Term");
    assert!(
        !entries.iter().any(|e| e["u"] == ""),
        "the home page is not a result"
    );

    let html_bytes: usize = site
        .snapshot("public")
        .iter()
        .filter(|(name, _)| name.ends_with(".html") && !name.starts_with("print/"))
        .map(|(_, bytes)| bytes.len())
        .sum();
    assert!(
        index.len() * 20 < html_bytes,
        "index {} bytes, HTML {html_bytes} bytes",
        index.len()
    );
}

#[test]
fn stylesheets_and_scripts_are_published_under_their_content_hash() {
    let site = SiteTest::from_fixture("basic");
    site.build();
    let files = site.files("public");
    let named = |prefix: &str, ext: &str| -> String {
        let found: Vec<&String> = files
            .iter()
            .filter(|f| f.starts_with(prefix) && f.ends_with(ext))
            .collect();
        assert_eq!(found.len(), 1, "{files:?}");
        let hash = &found[0][prefix.len() + 1..found[0].len() - ext.len()];
        assert!(
            hash.len() == 16 && hash.bytes().all(|b| b.is_ascii_hexdigit()),
            "{}",
            found[0]
        );
        found[0].clone()
    };
    let css = named("style", ".css");
    let js = named("search", ".js");
    assert!(!files.contains(&"style.css".to_string()));
    let page = site.read("public/part/one/index.html");
    assert!(page.contains(&format!("href=\"../../{css}\"")), "{page}");
    assert!(page.contains(&format!("src=\"../../{js}\"")), "{page}");

    // A changed stylesheet gets a new name; the script keeps its own.
    let mut style = site.read("themes/default/static/style.css");
    style.push_str("\n/* changed */\n");
    site.write("themes/default/static/style.css", style);
    site.build();
    let files = site.files("public");
    assert!(!files.contains(&css), "{files:?}");
    assert!(files.contains(&js), "{files:?}");
}

#[test]
fn a_comparison_lists_each_note_once_and_shows_shared_facts_once() {
    let site = SiteTest::from_fixture("basic");
    let note = "  note: Both sources round this figure.\n";
    for role in ["case-manager", "social-worker"] {
        let path = format!("content/roles/{role}.yaml");
        let yaml = site
            .read(&path)
            .replacen(
                "  sources: [first, second]\n",
                &format!("  sources: [first, second]\n{note}"),
                1,
            )
            // The same counselling fact for both roles.
            .replace("allowed: false", "allowed: true")
            .replace(
                "Whether the Case manager may",
                "Whether the Social worker may",
            );
        site.write(&path, yaml);
    }
    site.build();
    let html = site.read("public/compare/index.html");
    assert_eq!(
        html.matches("Both sources round this figure.").count(),
        1,
        "{html}"
    );
    assert!(html.contains("<li id=\"compare-note-1\">Both sources round this figure.</li>"));
    assert_eq!(
        html.matches("href=\"#compare-note-1\"").count(),
        2,
        "{html}"
    );
    // The shared fact fills its row once.
    assert_eq!(
        html.matches("Whether the Social worker may counsel.")
            .count(),
        1,
        "{html}"
    );
    assert!(html.contains("<td colspan=\"2\" class=\"same\">"), "{html}");
}

#[test]
fn old_review_dates_warn_at_their_line_without_changing_the_site() {
    let site = SiteTest::from_fixture("basic");
    let fresh = site.run_with_env(&["build"], &[("GUIDE_TODAY", "2026-06-01")]);
    assert!(fresh.status.success());
    assert!(
        !String::from_utf8_lossy(&fresh.stderr).contains("warning"),
        "{}",
        String::from_utf8_lossy(&fresh.stderr)
    );
    let before: BTreeMap<String, Vec<u8>> = site.snapshot("public");

    let stale = site.run_with_env(&["build"], &[("GUIDE_TODAY", "2027-01-16")]);
    assert!(stale.status.success(), "a warning does not fail the build");
    let stderr = String::from_utf8_lossy(&stale.stderr);
    assert!(
        stderr.contains(
            "content/intro.md:6: warning: the facts here were last reviewed on 2026-01-15, over a year ago"
        ),
        "{stderr}"
    );
    assert!(
        stderr.contains("content/roles/case-manager.yaml:3: warning:"),
        "{stderr}"
    );
    assert_eq!(
        before,
        site.snapshot("public"),
        "today never shows in the site"
    );

    // A year to the day is not yet over a year.
    let edge = site.run_with_env(&["check"], &[("GUIDE_TODAY", "2027-01-15")]);
    assert!(!String::from_utf8_lossy(&edge.stderr).contains("warning"));

    let bad = site.run_with_env(&["check"], &[("GUIDE_TODAY", "soon")]);
    assert_eq!(bad.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("GUIDE_TODAY"));
}
