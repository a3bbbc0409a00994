//! What the build gives readers beyond the pages themselves: glossary terms marked on first
//! use, the print page, the search index, fingerprinted stylesheets and scripts, numbered
//! notes under comparisons, the warning about facts not reviewed for over a year, and search
//! in Chinese and Japanese.

mod common;

use std::collections::{BTreeMap, HashSet};
use std::path::Path;

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

/// The search index's files of a built site, by path under `search/`, parsed.
fn search_files(site: &SiteTest) -> BTreeMap<String, serde_json::Value> {
    site.snapshot("public/search")
        .into_iter()
        .filter(|(name, _)| name.ends_with(".json"))
        .map(|(name, bytes)| (name, serde_json::from_slice(&bytes).unwrap()))
        .collect()
}

/// The index's rows ([title, link, kind, breadcrumb]), in the order its terms number them.
fn search_rows(files: &BTreeMap<String, serde_json::Value>) -> Vec<serde_json::Value> {
    (0..)
        .map_while(|n| files.get(&format!("d/{n}.json")))
        .flat_map(|chunk| chunk.as_array().unwrap().clone())
        .collect()
}

/// The pages a term of the index lists, with their weights, decoded as the theme's script
/// decodes them (gap * 16 + weight).
fn pages_of(files: &BTreeMap<String, serde_json::Value>, term: &str) -> Vec<(u64, u64)> {
    let chunks = files["meta.json"]["p"].as_array().unwrap().len();
    let list = (0..chunks)
        .find_map(|n| files[&format!("p/{n}.json")].get(term))
        .unwrap_or_else(|| panic!("{term} is not in the index"));
    let mut page = 0;
    let mut out = Vec::new();
    for v in list.as_array().unwrap() {
        let v = v.as_u64().unwrap();
        page += v / 16;
        out.push((page, v % 16));
    }
    out
}

#[test]
fn the_search_index_holds_the_full_text_of_chapters_roles_and_terms() {
    let site = SiteTest::from_fixture("basic");
    site.append(
        "content/intro.md",
        "\nThe counsellors were advocating for clients.\n",
    );
    site.build();
    let files = search_files(&site);
    let meta = &files["meta.json"];
    // The table of pages: [title, link, kind, breadcrumb], in runs of meta.d.
    let rows = search_rows(&files);
    assert_eq!(rows.len() as u64, meta["n"].as_u64().unwrap());
    let doc = |u: &str| {
        rows.iter()
            .position(|r| r[1] == u)
            .unwrap_or_else(|| panic!("{u} is not indexed")) as u64
    };
    assert_eq!(
        rows[doc("intro/") as usize],
        serde_json::json!(["Introduction", "intro/", "Chapter", ""])
    );
    // Body text is indexed stemmed, and a UK spelling under the US one's term as well.
    let intro_n = doc("intro/");
    for term in ["advoc", "counsellor", "counselor"] {
        assert!(
            pages_of(&files, term).iter().any(|&(n, _)| n == intro_n),
            "{term}"
        );
    }
    // The reader's word leads to its term when the two differ.
    let words: serde_json::Map<String, serde_json::Value> =
        (0..meta["w"].as_array().unwrap().len())
            .flat_map(|n| files[&format!("w/{n}.json")].as_object().unwrap().clone())
            .collect();
    assert_eq!(words["advocating"], "advoc");
    assert_eq!(words["counseling"], "counsel");
    // A role is indexed with its credentials, and a page whose title holds a word
    // outweighs one that only mentions it.
    let role = doc("roles/social-worker/");
    assert_eq!(rows[role as usize][2], "Role");
    assert!(pages_of(&files, "first").iter().any(|&(n, _)| n == role));
    let intro_weight = |term: &str| {
        pages_of(&files, term)
            .into_iter()
            .find(|&(n, _)| n == intro_n)
            .unwrap()
            .1
    };
    assert!(intro_weight("introduct") > intro_weight("advoc"));
    assert_eq!(rows[doc("glossary/#msw") as usize][2], "Term");
    assert!(
        rows.iter().all(|r| r[1] != ""),
        "the home page is not a result"
    );
    // Every page of the index is reached from a page that uses search, lazily: the
    // pages name only the entry file, and the results page exists.
    let page = site.read("public/intro/index.html");
    assert!(
        page.contains(r#"data-index="../search/meta.json""#),
        "{page}"
    );
    assert!(
        site.read("public/search/index.html")
            .contains("search-page")
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

/// guide.yaml's synonyms, a phrase among them, and a glossary abbreviation each index a page
/// under the others' terms; in a guide in German, words are stemmed as German.
#[test]
fn synonyms_and_the_language_shape_the_index() {
    let site = SiteTest::from_fixture("basic");
    site.append(
        "guide.yaml",
        "synonyms:\n  - [carer, family caregiver]\n  - [ehr, electronic health record]\n",
    );
    site.append(
        "content/intro.md",
        "\nA Family Caregiver keeps the EHR. The MSW helps.\n",
    );
    site.build();
    let files = search_files(&site);
    let rows = search_rows(&files);
    let intro = rows.iter().position(|r| r[1] == "intro/").unwrap() as u64;
    let has = |term: &str| pages_of(&files, term).iter().any(|&(n, _)| n == intro);
    // "family caregiver" -> carer; "EHR" -> the phrase's words; the glossary's MSW -> its
    // expansion, "Master of Social Work" in the fixture.
    for term in ["carer", "electron", "health", "record", "master"] {
        assert!(has(term), "{term}");
    }
    let glossary = site.read("content/glossary.yaml");
    assert!(glossary.contains("term: MSW"), "{glossary}");

    let german = SiteTest::from_fixture("basic");
    let config = german
        .read("guide.yaml")
        .replace("language: en", "language: de");
    german.write("guide.yaml", config);
    german.append("content/intro.md", "\nDie Beratungen sind wichtig.\n");
    german.build();
    let files = search_files(&german);
    assert!(!pages_of(&files, "berat").is_empty());
    // No English pairs in a German guide.
    assert!(files["w/0.json"].get("counseling").is_none());
}

/// A guide in Japanese, with a page in Chinese: a run of Han and kana is indexed as its
/// overlapping pairs of characters, neither stemmed nor folded, so a word in the middle of a
/// sentence finds its page, and a query of several characters finds the page with all its
/// pairs.
#[test]
fn chinese_and_japanese_are_indexed_as_pairs_of_characters() {
    let site = SiteTest::from_fixture("cjk");
    site.build();
    let files = search_files(&site);
    let rows = search_rows(&files);
    let doc = |u: &str| rows.iter().position(|r| r[1] == u).unwrap() as u64;
    let has = |term: &str, page: u64| pages_of(&files, term).iter().any(|&(n, _)| n == page);
    // "まず市役所の相談窓口で話を聞きます。LCSW資格を持つ職員もいます。": the query
    // "相談窓口" is cut into 相談, 談窓 and 窓口, each on the page; the Latin letters next
    // to 資格 are a word of their own.
    let madoguchi = doc("madoguchi/");
    for term in ["窓口", "相談", "談窓", "口で", "lcsw", "資格", "職員"] {
        assert!(has(term, madoguchi), "{term}");
    }
    // Synonyms: the page that says ソーシャルワーカー is found by 社会福祉士's pairs.
    for term in ["社会", "福祉", "祉士"] {
        assert!(has(term, doc("shikaku/")), "{term}");
    }
    assert!(has("社区", doc("zhongwen/")) && has("服务", doc("zhongwen/")));
    // Every term of a run is a pair (or one character), unfolded: で keeps its voicing mark.
    let terms: Vec<&String> = (files.iter())
        .filter(|(name, _)| name.starts_with("p/"))
        .flat_map(|(_, chunk)| chunk.as_object().unwrap().keys())
        .collect();
    assert!(
        terms.iter().all(|t| t.is_ascii() || t.chars().count() <= 2),
        "{terms:?}"
    );
    assert!(!terms.iter().any(|t| *t == "口て"), "{terms:?}");
    assert_eq!(files["meta.json"]["w"], serde_json::json!([]));
}

/// The search script cuts a query into words as the build cuts pages: the strings of
/// `tests/fixtures/cjk_words.json` through search.js's own `words`, under Node.js (the
/// build's side is the unit test `cjk::tests`).
#[test]
fn the_search_script_cuts_words_as_the_build_does() {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/browser/words.mjs");
    let Ok(out) = std::process::Command::new("node").arg(&script).output() else {
        // No Node.js here: tests/browser/run, which installs it, runs the same check.
        return;
    };
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{said}{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
