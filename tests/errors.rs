//! Bad input: each case breaks one file of a valid fixture, and the build must fail with
//! exit status 1, a diagnostic naming the file, line and problem, and the previous public/
//! left exactly as it was.

mod common;

use common::SiteTest;

/// Builds the fixture, breaks it with `edit`, builds again and checks the diagnostic.
#[track_caller]
fn fails_with(edit: impl FnOnce(&SiteTest), expected: &[&str]) -> String {
    let site = SiteTest::from_fixture("basic");
    site.build();
    let before = site.snapshot("public");
    edit(&site);
    let stderr = site.build_fails();
    for text in expected {
        assert!(stderr.contains(text), "expected {text:?} in:\n{stderr}");
    }
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_eq!(
        before,
        site.snapshot("public"),
        "public/ changed after a failed build"
    );
    stderr
}

const ROLE: &str = "content/roles/social-worker.yaml";

#[test]
fn unclosed_front_matter() {
    fails_with(
        |s| s.write("content/intro.md", "---\ntitle: Intro\n\nSome text.\n"),
        &[
            "content/intro.md:1:1: error: the front matter opened here is never closed",
            "help: add a line ---",
        ],
    );
}

#[test]
fn yaml_syntax_error_in_front_matter_is_located_in_the_file() {
    fails_with(
        |s| {
            s.write(
                "content/intro.md",
                "---\ntitle: Intro\ndescription: [unclosed\n---\nText\n",
            )
        },
        &["content/intro.md:3:"],
    );
}

#[test]
fn missing_title() {
    fails_with(
        |s| s.write("content/intro.md", "---\nweight: 3\n---\nText\n"),
        &["content/intro.md:2:", "missing field `title`"],
    );
}

#[test]
fn unknown_front_matter_key_gets_a_suggestion() {
    fails_with(
        |s| {
            s.write(
                "content/intro.md",
                "---\ntitle: Intro\ndescripton: typo\n---\nText\n",
            )
        },
        &[
            "content/intro.md:3:1: error: unknown field `descripton`",
            "did you mean `description`?",
        ],
    );
}

#[test]
fn unknown_role_field_names_its_key_path() {
    fails_with(
        |s| {
            let role = s.read(ROLE).replace("    - abbr: X-1", "    - abr: X-1");
            s.write(ROLE, role);
        },
        &[
            "content/roles/social-worker.yaml:21:7: error: unknown field `abr` in `licensure.credentials[0]`",
            "did you mean `abbr`?",
        ],
    );
}

#[test]
fn wrong_type_in_role() {
    fails_with(
        |s| {
            let role = s.read(ROLE).replace("allowed: true", "allowed: sometimes");
            s.write(ROLE, role);
        },
        &[
            "content/roles/social-worker.yaml:26:",
            "counselling.allowed",
            "expected a boolean",
        ],
    );
}

#[test]
fn missing_role_field() {
    fails_with(
        |s| {
            let role = s
                .read(ROLE)
                .replace("summary: The Social worker role, summarised.\n", "");
            s.write(ROLE, role);
        },
        &[
            "content/roles/social-worker.yaml:1:",
            "missing field `summary`",
        ],
    );
}

#[test]
fn unknown_source_id() {
    fails_with(
        |s| {
            let role = s
                .read(ROLE)
                .replacen("sources: [second]", "sources: [secnd]", 1);
            s.write(ROLE, role);
        },
        &[
            "content/roles/social-worker.yaml:13:13: error: unknown source `secnd` in `responsibilities.sources`",
            "did you mean `second`?",
        ],
    );
}

#[test]
fn two_pages_claiming_one_url() {
    fails_with(
        |s| {
            s.write(
                "content/part/two.md",
                "---\ntitle: Two\nslug: one\n---\nText\n",
            )
        },
        &[
            "content/part/two.md:3: error: `part/one/` is claimed by both content/part/one.md and content/part/two.md",
        ],
    );
}

#[test]
fn link_to_a_missing_page() {
    fails_with(
        |s| {
            s.write(
                "content/part/two.md",
                "---\ntitle: Two\n---\n\nSee [the gone page](gone.md).\n",
            )
        },
        &[
            "content/part/two.md:5:5: error: link to `gone.md`, but content/part/gone.md is not a page",
        ],
    );
}

#[test]
fn link_to_a_missing_anchor() {
    fails_with(
        |s| {
            s.write(
                "content/part/two.md",
                "---\ntitle: Two\n---\n\nSee [one](one.md#the-detials).\n",
            )
        },
        &[
            "content/part/two.md:5:5: error: link `one.md#the-detials`: content/part/one.md has no anchor `#the-detials`",
            "did you mean `#the-details`?",
        ],
    );
}

#[test]
fn link_to_a_draft_says_so() {
    fails_with(
        |s| {
            s.write(
                "content/part/two.md",
                "---\ntitle: Two\n---\n[later](draft.md)\n",
            )
        },
        &["content/part/two.md:4:1:", "it is a draft"],
    );
}

#[test]
fn unknown_template() {
    fails_with(
        |s| {
            s.write(
                "content/part/two.md",
                "---\ntitle: Two\ntemplate: pag.html\n---\nText\n",
            )
        },
        &[
            "content/part/two.md:3: error: template `pag.html` does not exist",
            "did you mean `page.html`?",
        ],
    );
}

#[test]
fn template_syntax_error_names_template_and_line() {
    fails_with(
        |s| {
            let page = s.read("themes/default/templates/page.html");
            s.write(
                "themes/default/templates/page.html",
                format!("{page}\n{{% if %}}\n"),
            );
        },
        &["themes/default/templates/page.html:"],
    );
}

#[test]
fn template_rendering_error_names_the_page() {
    fails_with(
        |s| s.write("templates/page.html", "{{ page.no_such_thing.deeper }}"),
        &["templates/page.html:1:", "while rendering content/"],
    );
}

#[test]
fn broken_link_in_a_site_template_is_reported_once() {
    let stderr = fails_with(
        |s| {
            s.write(
                "templates/partials/footer.html",
                r#"<p><a href="{{ root }}no-such-page/">Gone</a></p>"#,
            )
        },
        &[
            "templates/partials/footer.html:1:23: error: links to `",
            "no-such-page/`: no such page or file in the site",
            "other pages",
        ],
    );
    assert_eq!(stderr.matches("no-such-page/`").count(), 1, "{stderr}");
}

/// A template's link within its own page (`#part`) must name an id on that page: `#main`
/// does on every page, `#no-such-spot` on none.
#[test]
fn a_template_link_within_the_page_needs_an_id_there() {
    let site = SiteTest::from_fixture("basic");
    site.write(
        "templates/partials/footer.html",
        r##"<p><a href="#main">Back to the top</a></p>"##,
    );
    site.build();
    let stderr = fails_with(
        |s| {
            s.write(
                "templates/partials/footer.html",
                r##"<p><a href="#main">Top</a> <a href="#no-such-spot">Gone</a></p>"##,
            )
        },
        &[
            "links to `#no-such-spot`: `intro/index.html` has no anchor `#no-such-spot`",
            "seen in the output file intro/index.html",
        ],
    );
    assert!(!stderr.contains("`#main`"), "{stderr}");
}

/// A template's link into another page, relative or from the base path, must reach a file
/// of the site and, with a fragment, an id on that page; a link to an asset needs the file.
#[test]
fn a_template_link_into_another_page_needs_the_page_and_its_id() {
    let site = SiteTest::from_fixture("basic");
    site.write(
        "templates/partials/footer.html",
        r##"<p><a href="{{ root }}part/one/#the-details">Details</a>
<a href="/repo/part/one/#the-details">Again</a> <a href="/repo/part/diagram.svg">Diagram</a></p>"##,
    );
    site.build();
    let stderr = fails_with(
        |s| {
            s.write(
                "templates/partials/footer.html",
                r##"<p><a href="{{ root }}part/one/#the-detials">Details</a>
<a href="/repo/part/one/#the-detail">Again</a> <a href="/repo/part/diagram.png">Diagram</a></p>"##,
            )
        },
        &[
            "`part/one/index.html` has no anchor `#the-detials`",
            "`part/one/index.html` has no anchor `#the-detail`",
            "links to `/repo/part/diagram.png`: no such page or file in the site",
        ],
    );
    assert!(!stderr.contains("#the-details`"), "{stderr}");
}

#[test]
fn unknown_shortcode_and_malformed_call() {
    fails_with(
        |s| {
            s.write(
                "content/part/two.md",
                "---\ntitle: Two\n---\n{{ facts(role=\"social-worker\") }}\n\n{{ fact(role=\"social-worker\", field=) }}\n",
            )
        },
        &[
            "content/part/two.md:4:1: error: unknown shortcode `facts`",
            "did you mean `fact`?",
            "content/part/two.md:6:",
            "malformed shortcode",
        ],
    );
}

#[test]
fn unknown_role_field_in_shortcode() {
    fails_with(
        |s| {
            s.write(
                "content/part/two.md",
                "---\ntitle: Two\n---\nx {{ fact(role=\"social-worker\", field=\"skils\") }}\n",
            )
        },
        &[
            "content/part/two.md:4:3: error: unknown role field `skils`",
            "did you mean `skills`?",
        ],
    );
}

#[test]
fn invalid_utf8() {
    fails_with(
        |s| {
            s.write(
                "content/part/two.md",
                b"---\ntitle: Two\n---\nok\nbad \xff here\n",
            )
        },
        &["content/part/two.md:5:5: error: the file is not valid UTF-8 text"],
    );
}

#[test]
fn empty_file() {
    fails_with(
        |s| s.write("content/part/two.md", ""),
        &["content/part/two.md: error: the file is empty"],
    );
}

#[test]
fn unknown_config_key() {
    fails_with(
        |s| {
            let config = s.read("guide.yaml").replace("language: en", "langauge: en");
            s.write("guide.yaml", config);
        },
        &[
            "guide.yaml:4:1: error: unknown field `langauge`",
            "did you mean `language`?",
        ],
    );
}

#[test]
fn output_folder_that_is_the_site_root_is_refused() {
    let stderr = fails_with(
        |s| {
            let config = s.read("guide.yaml") + "output_dir: .\n";
            s.write("guide.yaml", config);
        },
        &["error: refusing to write the site here: it is, or contains, the site's own folder"],
    );
    assert!(!stderr.contains("content/"), "{stderr}");
}

#[test]
fn output_folder_containing_the_site_or_inside_content_is_refused() {
    let site = SiteTest::from_fixture("basic");
    for (dir, why) in [
        ("..", "contains, the site's own folder"),
        ("content/out", "inside the site's content/"),
        ("themes", "inside the site's themes/"),
    ] {
        let out = site.run(&["build", "--output-dir", dir]);
        assert_eq!(out.status.code(), Some(1), "{dir}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains(why), "{dir}: {stderr}");
    }
    assert!(!site.path("content/out").exists());
}

#[test]
fn an_output_folder_guide_did_not_make_is_not_replaced() {
    let site = SiteTest::from_fixture("basic");
    site.write("public/notes.txt", "my own notes");
    let stderr = site.build_fails();
    assert!(
        stderr.contains("holds files that guide did not write"),
        "{stderr}"
    );
    assert_eq!(site.read("public/notes.txt"), "my own notes");
}

#[test]
fn every_error_of_a_run_is_reported_sorted() {
    let stderr = fails_with(
        |s| {
            s.write("content/part/two.md", "");
            s.write("content/intro.md", "---\ntitle: [\n---\n");
            let role = s
                .read(ROLE)
                .replace("name: Social worker", "nam: Social worker");
            s.write(ROLE, role);
        },
        &[
            "content/intro.md:2:",
            "content/part/two.md: error",
            "content/roles/social-worker.yaml:1:1",
            "3 errors",
        ],
    );
    let intro = stderr.find("content/intro.md").unwrap();
    let two = stderr.find("content/part/two.md").unwrap();
    assert!(intro < two, "not sorted:\n{stderr}");
}

/// An id the page has twice is reported where it is written: a heading whose id the theme
/// also uses (`main`, the page's main element) at the heading, raw HTML at its tag, and
/// `#main` would otherwise lead to whichever came first.
#[test]
fn an_id_on_two_elements_of_a_page() {
    fails_with(
        |s| s.append("content/intro.md", "\n## Main\n\nText.\n"),
        &[
            "content/intro.md:",
            "error: the id `main` is on two elements of the output file intro/index.html",
            "give the heading an id of its own",
        ],
    );
    fails_with(
        |s| s.append("content/intro.md", "\n<div id=\"search-input\">x</div>\n"),
        &[
            "content/intro.md:",
            "the id `search-input` is on two elements",
        ],
    );
}

/// A block shortcode (a card, a table) cannot sit inside a sentence.
#[test]
fn a_block_shortcode_inside_a_paragraph() {
    fails_with(
        |s| {
            s.append(
                "content/intro.md",
                "\nSee {{ role_card(role=\"social-worker\") }} here.\n",
            )
        },
        &[
            "content/intro.md:",
            "`role_card` must stand alone in its paragraph",
            "put a blank line before and after the shortcode",
        ],
    );
}
