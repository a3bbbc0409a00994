//! `guide build` on a fixture site that uses every feature: the files it writes, their URLs
//! and links, and the contracts (sub-paths, determinism, drafts, overrides).

mod common;

use common::links::{attr, check_links};
use common::{SiteTest, quoted_after};

#[test]
fn writes_every_page_role_and_extra_file() {
    let site = SiteTest::from_fixture("basic");
    let stdout = site.build();
    assert!(stdout.starts_with("built 5 pages and 2 roles"), "{stdout}");
    let files = site.files("public");
    for expected in [
        ".nojekyll",
        "404.html",
        "CNAME",
        "compare/index.html",
        "glossary/index.html",
        "index.html",
        "intro/index.html",
        "old/intro/index.html",
        "part/diagram.svg",
        "part/index.html",
        "part/one/index.html",
        "part/second/index.html",
        "robots.txt",
        "roles/case-manager/index.html",
        "roles/index.html",
        "roles/social-worker/index.html",
        "sitemap.xml",
        "sources/index.html",
    ] {
        assert!(
            files.iter().any(|f| f == expected),
            "{expected} missing from {files:?}"
        );
    }
    assert!(!files.iter().any(|f| f.contains("draft")), "{files:?}");
    assert_eq!(site.read("public/CNAME"), "guide.example.org\n");
}

#[test]
fn markdown_links_become_relative_urls() {
    let site = SiteTest::from_fixture("basic");
    site.build();
    let intro = site.read("public/intro/index.html");
    assert!(
        intro.contains(r#"href="../part/one/#the-details""#),
        "{intro}"
    );
    let one = site.read("public/part/one/index.html");
    assert!(one.contains(r#"href="../../intro/#why-this-matters""#));
    assert!(one.contains(r##"href="#the-details""##));
    // The image beside the chapter is copied and linked from the page's own folder.
    assert!(one.contains(r#"src="../diagram.svg""#));
    assert!(one.contains(r#"href="https://example.org/""#));
    let two = site.read("public/part/second/index.html");
    assert!(two.contains(r#"href="../one/""#), "{two}");
}

#[test]
fn headings_get_unique_ids_self_links_and_a_toc() {
    let site = SiteTest::from_fixture("basic");
    site.build();
    let intro = site.read("public/intro/index.html");
    assert!(intro.contains(r#"<h2 id="why-this-matters">"#));
    assert!(intro.contains(r#"<h2 id="why-this-matters-1">"#));
    assert!(intro.contains(r#"<h3 id="custom-id">"#));
    assert!(intro.contains(r##"<a class="anchor" href="#custom-id">"##));
    // The self-link's `#` is held to the heading's last word by a no-break space.
    assert!(intro.contains("\u{a0}<a class=\"anchor\" href=\"#custom-id\">"));
    // The table of contents (rendered by the theme) lists levels 2 and 3.
    for id in ["why-this-matters", "why-this-matters-1", "custom-id"] {
        assert!(
            intro.matches(&format!("href=\"#{id}\"")).count() >= 2,
            "toc misses {id}"
        );
    }
}

/// Headings that share a title are numbered in order, stepping over ids written out; the
/// numbering resumes where it stopped rather than counting from 1 for every heading.
#[test]
fn headings_of_one_title_are_numbered_in_order() {
    let site = SiteTest::from_fixture("basic");
    let mut page =
        String::from("---\ntitle: Examples\n---\n\n## Example\n\n## Other {#example-2}\n");
    for _ in 0..3 {
        page.push_str("\n## Example\n\nText.\n");
    }
    site.write("content/examples.md", page);
    site.build();
    let html = site.read("public/examples/index.html");
    let ids = quoted_after(&html, "<h2 id=\"");
    assert_eq!(
        ids,
        [
            "example",
            "example-2",
            "example-1",
            "example-3",
            "example-4"
        ]
    );
}

#[test]
fn heading_ids_follow_github_and_mdbook_unless_the_guide_keeps_the_collapsed_rule() {
    let site = SiteTest::from_fixture("basic");
    let page = "---\ntitle: Strings\n---\n\n## Where's the `->` Operator?\n\n## `push_str` & `push`\n\n\
        [arrow](#wheres-the---operator), [push](#push_str--push)\n";
    site.write("content/strings.md", page);
    site.build();
    let html = site.read("public/strings/index.html");
    assert_eq!(
        quoted_after(&html, "<h2 id=\""),
        ["wheres-the---operator", "push_str--push"]
    );
    // A guide whose links use the collapsed ids says so in guide.yaml.
    site.append("guide.yaml", "heading_ids: collapsed\n");
    site.write(
        "content/strings.md",
        page.replace("#wheres-the---operator", "#wheres-the-operator")
            .replace("#push_str--push", "#push-str-push"),
    );
    site.build();
    let html = site.read("public/strings/index.html");
    assert_eq!(
        quoted_after(&html, "<h2 id=\""),
        ["wheres-the-operator", "push-str-push"]
    );
    let config = site.read("guide.yaml");
    site.write(
        "guide.yaml",
        config.replace("heading_ids: collapsed", "heading_ids: mdbook"),
    );
    let error = site.build_fails();
    assert!(
        error.contains("guide.yaml") && error.contains("mdbook") && error.contains("github"),
        "{error}"
    );
}

#[test]
fn rust_hash_lines_are_hidden_when_the_guide_asks() {
    let site = SiteTest::from_fixture("basic");
    site.write(
        "content/listing.md",
        "---\ntitle: Listing\n---\n\n```rust\n# fn hidden_setup() {}\nfn shown_code() {}\n```\n",
    );
    site.build();
    let html = site.read("public/listing/index.html");
    assert!(html.contains("hidden_setup") && html.contains("shown_code"));
    site.append("guide.yaml", "hide_rust_hash_lines: true\n");
    site.build();
    let html = site.read("public/listing/index.html");
    assert!(
        !html.contains("hidden_setup") && html.contains("shown_code"),
        "{html}"
    );
}

#[test]
fn a_first_heading_that_repeats_the_title_is_not_shown_twice() {
    let site = SiteTest::from_fixture("basic");
    site.write(
        "content/twice.md",
        "---\ntitle: Strings\n---\n\n# Strings\n\nText.\n\n# Strings\n",
    );
    site.write(
        "content/other.md",
        "---\ntitle: Other\n---\n\n# Not the title\n\nText.\n",
    );
    site.write(
        "content/lifted.md",
        "---\ntitle: Strings\n---\n\n## Strings\n\n### Part\n\n#### Detail\n",
    );
    site.build();
    let twice = site.read("public/twice/index.html");
    // The theme's title, then only the second `# Strings`: the opening one is left out,
    // and its id stays for links to it.
    assert_eq!(twice.matches("<h1").count(), 2);
    assert!(twice.contains("<span id=\"strings\"></span>"), "{twice}");
    assert_eq!(quoted_after(&twice, "<h1 id=\""), ["strings-1"]);
    let other = site.read("public/other/index.html");
    assert_eq!(quoted_after(&other, "<h1 id=\""), ["not-the-title"]);
    // An opening `## Title` is left out too, and the headings under it move up a level,
    // so none is skipped after the theme's `<h1>`.
    let lifted = site.read("public/lifted/index.html");
    assert_eq!(quoted_after(&lifted, "<h2 id=\""), ["part"]);
    assert_eq!(quoted_after(&lifted, "<h3 id=\""), ["detail"]);
}

#[test]
fn gfm_extensions_and_smart_punctuation() {
    let site = SiteTest::from_fixture("basic");
    site.build();
    let intro = site.read("public/intro/index.html");
    // A table comes in a box that scrolls sideways on a narrow screen and takes focus,
    // named after its header row.
    assert!(intro.contains(
        "<div class=\"table-wrap\" role=\"region\" aria-label=\"Table: Column, Other\" tabindex=\"0\">\n<table>"
    ));
    assert!(intro.contains("</table>\n</div>\n"));
    assert!(intro.contains(r#"type="checkbox" checked disabled aria-label="done">"#));
    assert!(intro.contains(r#"type="checkbox" disabled aria-label="not done">"#));
    assert!(intro.contains("<del>gone</del>"));
    assert!(intro.contains("footnote-definition"));
    assert!(intro.contains("Why “this” matters"));
    assert!(intro.contains("Plain text – with"));
}

#[test]
fn each_table_box_has_a_name_of_its_own() {
    let site = SiteTest::from_fixture("basic");
    site.write(
        "content/tables.md",
        "---\ntitle: Tables\n---\n\n\
         | Step | *Case* `manager` | Q&A > 1 |\n|---|---|---|\n| a | b | c |\n\n\
         | Step | *Case* `manager` | Q&A > 1 |\n|---|---|---|\n| d | e | f |\n\n\
         |  |  |\n|---|---|\n| g | h |\n",
    );
    site.build();
    let page = site.read("public/tables/index.html");
    let names = quoted_after(&page, "class=\"table-wrap\" role=\"region\" aria-label=\"");
    assert_eq!(
        names,
        [
            "Table: Step, Case manager, Q&amp;A &gt; 1",
            "Table: Step, Case manager, Q&amp;A &gt; 1 (2)",
            "Table",
        ]
    );
    // The print page names them the same way.
    let print = site.read("public/print/index.html");
    assert!(print.contains("aria-label=\"Table: Step, Case manager, Q&amp;A &gt; 1 (2)\""));
}

#[test]
fn shortcodes_embed_role_data() {
    let site = SiteTest::from_fixture("basic");
    site.build();
    let intro = site.read("public/intro/index.html");
    assert!(intro.contains("A bachelor&#39;s degree"), "{intro}");
    assert!(intro.contains("<code>{{ not_a_shortcode() }}</code>"));
    let one = site.read("public/part/one/index.html");
    assert!(one.contains("<table"));
    assert!(one.contains("Least education"), "label from compare.yaml");
    assert!(one.contains("A bachelor&#39;s degree in social work"));
    assert!(
        one.contains(r#"href="../../roles/social-worker/""#),
        "role card link"
    );
    // A block shortcode is not left inside a paragraph.
    assert!(!one.contains("<p><table"));
}

#[test]
fn compare_page_rows_come_from_compare_yaml() {
    let site = SiteTest::from_fixture("basic");
    site.build();
    let compare = site.read("public/compare/index.html");
    let positions: Vec<usize> = ["Least education", "May counsel", "Credentials"]
        .iter()
        .map(|label| {
            compare
                .find(label)
                .unwrap_or_else(|| panic!("{label} missing"))
        })
        .collect();
    assert!(
        positions.windows(2).all(|w| w[0] < w[1]),
        "rows out of order"
    );
    assert!(
        !compare.contains("Key skills"),
        "a field not listed in compare.yaml is shown"
    );
    // A credential's requirements are a list under it, not a run-on line.
    assert!(compare.contains(
        "<li>First credential (X-1)\n<ul class=\"fact-details\">\n<li>A degree</li>\n<li>An exam</li>\n</ul></li>"
    ), "{compare}");
}

#[test]
fn role_pages_cite_their_sources() {
    let site = SiteTest::from_fixture("basic");
    site.build();
    let role = site.read("public/roles/social-worker/index.html");
    assert!(role.contains("Social worker"));
    assert!(role.contains(r#"href="../../sources/#first""#), "{role}");
    let sources = site.read("public/sources/index.html");
    assert!(sources.contains(r#"id="first""#) && sources.contains(r#"id="second""#));
}

#[test]
fn drafts_only_with_the_flag() {
    let site = SiteTest::from_fixture("basic");
    site.build();
    assert!(!site.path("public/part/draft").exists());
    let out = site.run(&["build", "--drafts"]);
    assert!(out.status.success());
    assert!(
        site.read("public/part/draft/index.html")
            .contains("Unfinished.")
    );
}

#[test]
fn aliases_redirect_to_the_page() {
    let site = SiteTest::from_fixture("basic");
    site.build();
    let alias = site.read("public/old/intro/index.html");
    assert!(alias.contains(r#"<meta http-equiv="refresh" content="0; url=../../intro/">"#));
    assert!(
        alias.contains(r#"<link rel="canonical" href="https://example.github.io/repo/intro/">"#)
    );
}

/// The sitemap, robots.txt and the page left at an old URL come from built-in templates, so
/// every theme has them, and a site (or theme) replaces one by writing a template of its name.
#[test]
fn sitemap_robots_and_alias_pages_are_templates_a_site_overrides() {
    let site = SiteTest::from_fixture("basic");
    site.build();
    let alias = site.read("public/old/intro/index.html");
    assert!(alias.contains("<h1>This page has moved</h1>"), "{alias}");
    assert!(
        site.read("public/robots.txt")
            .starts_with("User-agent: *\nAllow: /\n")
    );

    site.write(
        "templates/sitemap.xml",
        "{% for entry in entries %}{{ entry.permalink }} {{ entry.lastmod | default(value='-') }}\n{% endfor %}",
    );
    site.write("templates/robots.txt", "User-agent: *\nDisallow: /\n");
    site.write(
        "templates/alias.html",
        "<!doctype html><title>{{ title }}</title><a href=\"{{ href }}\">{{ permalink }}</a>\n",
    );
    site.build();
    let sitemap = site.read("public/sitemap.xml");
    assert!(
        sitemap.contains("https://example.github.io/repo/intro/ 2026-01-15\n"),
        "{sitemap}"
    );
    assert_eq!(
        site.read("public/robots.txt"),
        "User-agent: *\nDisallow: /\n"
    );
    assert_eq!(
        site.read("public/old/intro/index.html"),
        "<!doctype html><title>Introduction</title>\
         <a href=\"../../intro/\">https://example.github.io/repo/intro/</a>\n"
    );

    // A mistake in one is told at its line, like any template's.
    site.write(
        "templates/robots.txt",
        "User-agent: *\n{{ nothing.here }}\n",
    );
    let error = site.build_fails();
    assert!(error.contains("templates/robots.txt:2:"), "{error}");
}

#[test]
fn absolute_urls_only_in_sitemap_robots_and_canonical() {
    let site = SiteTest::from_fixture("basic");
    site.build();
    let sitemap = site.read("public/sitemap.xml");
    assert!(
        sitemap.contains(
            "<loc>https://example.github.io/repo/intro/</loc><lastmod>2026-01-15</lastmod>"
        )
    );
    assert!(sitemap.contains("<loc>https://example.github.io/repo/roles/social-worker/</loc>"));
    assert!(!sitemap.contains("404"));
    assert!(
        site.read("public/robots.txt")
            .contains("Sitemap: https://example.github.io/repo/sitemap.xml")
    );
    for (name, bytes) in site.snapshot("public") {
        if !name.ends_with(".html") || name == "404.html" {
            continue;
        }
        let html = String::from_utf8(bytes).unwrap();
        for link in attr(&html, "href").into_iter().chain(attr(&html, "src")) {
            let absolute_to_us =
                link.starts_with("https://example.github.io") || link.starts_with('/');
            let canonical = html.contains(&format!("rel=\"canonical\" href=\"{link}\""));
            assert!(!absolute_to_us || canonical, "{name}: absolute link {link}");
        }
    }
}

#[test]
fn base_url_and_output_dir_flags_override_the_config() {
    let site = SiteTest::from_fixture("basic");
    let out = site.run(&[
        "build",
        "--base-url",
        "https://example.org/docs",
        "--output-dir",
        "elsewhere",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(!site.path("public").exists());
    let sitemap = site.read("elsewhere/sitemap.xml");
    assert!(sitemap.contains("<loc>https://example.org/docs/intro/</loc>"));
    // The 404 page can be served at any depth, so it links from the base path.
    let not_found = site.read("elsewhere/404.html");
    assert!(not_found.contains("href=\"/docs/"), "{not_found}");
}

#[test]
fn same_input_gives_identical_bytes_whatever_the_threads() {
    let site = SiteTest::from_fixture("basic");
    site.build();
    let first = site.snapshot("public");
    let out = site.run_with_env(&["build"], &[("RAYON_NUM_THREADS", "1")]);
    assert!(out.status.success());
    assert_eq!(first, site.snapshot("public"));
}

#[test]
fn check_writes_nothing() {
    let site = SiteTest::from_fixture("basic");
    let out = site.run(&["check"]);
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("checked 5 pages"));
    assert!(!site.path("public").exists());
}

#[test]
fn hidden_temporary_and_underscore_files_are_ignored() {
    let site = SiteTest::from_fixture("basic");
    site.write("content/.hidden.md", "not front matter");
    site.write("content/intro.md~", "editor backup");
    site.write("content/.#intro.md", "emacs lock");
    site.write("content/intro.md.swp", "vim swap");
    site.write("content/_notes/todo.md", "notes");
    site.build();
    let files = site.files("public");
    assert!(
        !files.iter().any(|f| f.contains("hidden")
            || f.contains('~')
            || f.contains("swp")
            || f.contains("notes")),
        "{files:?}"
    );
}

#[cfg(unix)]
#[test]
fn a_symlink_loop_is_reported_not_followed_forever() {
    let site = SiteTest::from_fixture("basic");
    std::os::unix::fs::symlink(site.path("content"), site.path("content/part/loop")).unwrap();
    let out = site.run(&["build"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("content/part/loop: warning: symbolic link loop"),
        "{stderr}"
    );
}

/// Every link of every page, resolved the way a browser does under
/// https://example.github.io/repo/, must reach a file and anchor of the output.
#[test]
fn every_link_resolves_under_the_sub_path() {
    let site = SiteTest::from_fixture("basic");
    site.build();
    let checked = check_links(&site.snapshot("public"), "/repo/");
    assert!(checked > 50, "only {checked} links checked");
}

#[test]
fn a_long_build_on_a_pipe_reports_progress_in_plain_lines() {
    let site = SiteTest::from_fixture("basic");
    // A quick build says nothing but its summary.
    let quick = site.run(&["build"]);
    assert!(quick.status.success());
    assert_eq!(String::from_utf8_lossy(&quick.stderr), "");

    // Progress shows once a build has run for a while; here at once.
    let shown = site.run_with_env(&["build"], &[("GUIDE_PROGRESS_AFTER_MS", "0")]);
    assert!(shown.status.success());
    let stderr = String::from_utf8(shown.stderr).unwrap();
    let lines: Vec<&str> = stderr.lines().collect();
    // On a pipe: one line per stage from the moment it shows, no bar drawing.
    assert!(
        !stderr.contains('\r') && !stderr.contains('\u{1b}'),
        "{stderr:?}"
    );
    assert!(
        lines
            .last()
            .is_some_and(|l| l.starts_with("writing ") && l.ends_with(" files")),
        "{stderr:?}"
    );
    assert!(
        lines.iter().all(|l| ["reading ", "rendering ", "writing "]
            .iter()
            .any(|stage| l.starts_with(stage))),
        "{stderr:?}"
    );
}

/// Ids written in raw HTML (double or single quotes, a tag over two lines) can be linked like
/// headings, from other pages and from the page itself; on the print page they get the page's
/// prefix, like every id there, and the links follow them.
#[test]
fn links_into_raw_html_ids_work_on_pages_and_on_the_print_page() {
    let site = SiteTest::from_fixture("basic");
    site.append(
        "content/part/one.md",
        "\n<span id=\"raw-spot\">A spot marked by hand.</span> \
         Back to <a href=\"#raw-spot\">the spot</a>.\n\n\
         <p class='aside'\nid='quoted-spot'>Another, its tag over two lines.</p>\n\n\
         <p id=bare-spot>A third, its id not quoted.</p>\n",
    );
    site.append(
        "content/part/two.md",
        "\nSee [the spot](one.md#raw-spot), [the other](one.md#quoted-spot) \
         and [the third](one.md#bare-spot).\n",
    );
    site.build();

    let one = site.read("public/part/one/index.html");
    assert!(one.contains(r#"<span id="raw-spot">"#), "{one}");
    assert!(one.contains(r##"<a href="#raw-spot">"##), "{one}");
    let two = site.read("public/part/second/index.html");
    assert!(two.contains(r#"href="../one/#raw-spot""#), "{two}");

    let print = site.read("public/print/index.html");
    assert!(print.contains(r#"<span id="ch-part-one-raw-spot">"#));
    assert!(print.contains(r##"<a href="#ch-part-one-raw-spot">the spot</a>"##));
    assert!(!print.contains(r#"id="raw-spot""#));
    assert!(print.contains("id='ch-part-one-quoted-spot'"), "{print}");
    assert!(print.contains("<p id=ch-part-one-bare-spot>"), "{print}");
    assert!(
        print.contains(r##"href="#ch-part-one-bare-spot""##),
        "{print}"
    );
    // Page two's link, rewritten to the chapter on the print page.
    assert_eq!(
        print.matches(r##"href="#ch-part-one-raw-spot""##).count(),
        2
    );
}

/// Links are located once per page and given a URL per placement, in the order the parser
/// meets them: links in headings, images inside links, reference links, links in tables and
/// footnotes must each keep their own target, on the page and on the print page. An e-mail
/// autolink is no file to look for.
#[test]
fn every_kind_of_link_keeps_its_own_target_on_the_page_and_the_print_page() {
    let site = SiteTest::from_fixture("basic");
    site.append("content/part/two.md", "\n## The end\n\nDone.\n");
    site.append(
        "content/part/one.md",
        "\n## A heading with [a link to two](two.md)\n\n\
         [![The diagram, linked](diagram.svg)](two.md#the-end)\n\n\
         A [reference link][intro], a <https://example.org/auto> autolink, an e-mail \
         autolink <someone@example.org> and a table:\n\n\
         | where | link |\n| --- | --- |\n| cell | [the details](#the-details) |\n\n\
         Text with a footnote.[^n]\n\n\
         [^n]: The note links [the introduction](../intro.md).\n\n\
         [intro]: ../intro.md#why-this-matters\n",
    );
    site.build();

    let page = site.read("public/part/one/index.html");
    let print = site.read("public/print/index.html");
    let expected = [
        (
            r#"<a href="../second/">a link to two</a>"#,
            r##"<a href="#ch-part-second">a link to two</a>"##,
        ),
        (
            r#"<a href="../second/#the-end"><img src="../diagram.svg""#,
            r##"<a href="#ch-part-second-the-end"><img src="../part/diagram.svg""##,
        ),
        (
            r#"<a href="../../intro/#why-this-matters">reference link</a>"#,
            r##"<a href="#ch-intro-why-this-matters">reference link</a>"##,
        ),
        (
            r#"<a href="https://example.org/auto">"#,
            r#"<a href="https://example.org/auto">"#,
        ),
        (
            r#"<a href="mailto:someone@example.org">"#,
            r#"<a href="mailto:someone@example.org">"#,
        ),
        (
            r##"<a href="#the-details">the details</a>"##,
            r##"<a href="#ch-part-one-the-details">the details</a>"##,
        ),
        (
            r#"<a href="../../intro/">the introduction</a>"#,
            r##"<a href="#ch-intro">the introduction</a>"##,
        ),
    ];
    for (on_page, on_print) in expected {
        assert!(page.contains(on_page), "page lacks {on_page}:\n{page}");
        assert!(print.contains(on_print), "print page lacks {on_print}");
    }
}

/// The links of the sidebar's chapter list in `html`, in order.
fn chapter_links(html: &str) -> Vec<String> {
    let start = html
        .find(r#"<nav class="nav-chapters""#)
        .expect("a chapter list");
    let list = &html[start..start + html[start..].find("</nav>").unwrap()];
    quoted_after(list, " href=\"")
        .into_iter()
        .map(str::to_string)
        .collect()
}

/// A guide with more chapters than a sidebar lists (25): each sidebar lists those around
/// the page's chapter and counts the others, which the home page lists in full.
#[test]
fn a_guide_of_many_chapters_lists_those_around_the_page_in_its_sidebar() {
    let site = SiteTest::from_fixture("basic");
    // intro and part come first (weights 10 and 20), then c01, c02, ...
    let add_chapters = |numbers: std::ops::RangeInclusive<usize>| {
        for n in numbers {
            let page = format!(
                "---\ntitle: Chapter {n}\nweight: {}\n---\n\nText.\n",
                100 + n
            );
            site.write(&format!("content/c{n:02}.md"), page);
        }
        site.build();
    };
    // 25 chapters: every sidebar lists them all.
    add_chapters(1..=23);
    assert!(!site.read("public/index.html").contains("all-chapters"));
    let intro = site.read("public/intro/index.html");
    assert!(!intro.contains("nav-more"), "{intro}");
    assert!(chapter_links(&intro).contains(&"../c23/".to_string()));
    // 26: one is left out.
    add_chapters(24..=24);
    let intro = site.read("public/intro/index.html");
    assert!(intro.contains(">1 later chapter</a>"), "{intro}");
    assert!(!chapter_links(&intro).contains(&"../c24/".to_string()));
    // 42.
    add_chapters(25..=40);
    let chapter = |n: usize| format!("c{n:02}/");
    let listed = |from: usize, to: usize| (from..=to).map(chapter).collect::<Vec<_>>();

    // c20 is the 22nd chapter: the window is the 10th to the 34th, c08 to c32.
    let middle = site.read("public/c20/index.html");
    let mut expected = vec!["../#all-chapters".to_string()];
    expected.extend(listed(8, 32).iter().map(|c| format!("../{c}")));
    expected.push("../#all-chapters".to_string());
    assert_eq!(chapter_links(&middle), expected);
    assert!(middle.contains(">9 earlier chapters</a>"), "{middle}");
    assert!(middle.contains(">8 later chapters</a>"), "{middle}");
    assert!(middle.contains(r#"<a href="../c20/" aria-current="page">"#));

    // At the ends the window stays 25 chapters long.
    let first = chapter_links(&site.read("public/part/one/index.html"));
    let mut expected: Vec<String> = ["intro/", "part/", "part/one/", "part/second/"]
        .map(String::from)
        .to_vec();
    expected.extend(listed(1, 23));
    expected.push("#all-chapters".to_string());
    assert_eq!(
        first,
        expected
            .iter()
            .map(|c| format!("../../{c}"))
            .collect::<Vec<_>>()
    );
    let last = chapter_links(&site.read("public/c40/index.html"));
    assert_eq!(last.len(), 26, "{last:?}");
    assert_eq!(
        last[1..],
        listed(16, 40)
            .iter()
            .map(|c| format!("../{c}"))
            .collect::<Vec<_>>()
    );
    let generated = chapter_links(&site.read("public/roles/index.html"));
    assert_eq!(generated[..2], ["../intro/", "../part/"]);

    // The home page lists every chapter, where the sidebars' counts lead.
    let home = site.read("public/index.html");
    let all = &home[home.find(r#"id="all-chapters""#).expect("the list")..];
    let all = &all[..all.find("</ol>").unwrap()];
    let mut every = vec!["./intro/".to_string(), "./part/".to_string()];
    every.extend(listed(1, 40).iter().map(|c| format!("./{c}")));
    assert_eq!(attr(all, "href").len(), 42);
    assert!(
        every
            .iter()
            .all(|link| all.contains(&format!("href=\"{link}\"")))
    );
}

/// A section of more pages than a sidebar lists (25): each of its pages' sidebars lists
/// the 25 around it and counts the others, which the section's own page lists in full.
/// Before, each of a section's n pages listed all n: 215 MB for 2,000 short pages.
#[test]
fn a_large_section_lists_the_pages_around_the_page_in_its_sidebar() {
    let site = SiteTest::from_fixture("basic");
    // part/ holds one/ and second/ (weights 1 and 2), then p01 to p58: 60 pages.
    for n in 1..=58 {
        let page = format!("---\ntitle: Step {n}\nweight: {}\n---\n\nText.\n", 100 + n);
        site.write(&format!("content/part/p{n:02}.md"), page);
    }
    site.build();
    let in_part = |html: &str| -> Vec<String> {
        chapter_links(html)
            .into_iter()
            .filter_map(|link| Some(link.split_once("part/")?.1.to_string()))
            .filter(|rest| !rest.is_empty())
            .collect()
    };
    let steps = |from: usize, to: usize| (from..=to).map(|n| format!("p{n:02}/"));
    let more = "#all-in-section".to_string();

    // p30 is the 32nd page: the window is the 19th to the 43rd, p17 to p41.
    let middle = site.read("public/part/p30/index.html");
    let mut expected = vec![more.clone()];
    expected.extend(steps(17, 41));
    expected.push(more.clone());
    assert_eq!(in_part(&middle), expected);
    assert!(
        middle.contains(">18 earlier chapters in Part One</a>"),
        "{middle}"
    );
    assert!(
        middle.contains(">17 later chapters in Part One</a>"),
        "{middle}"
    );
    assert!(middle.contains(r#"<a href="../../part/p30/" aria-current="page">"#));

    // The section's own page starts at its first page; the last page ends the window.
    let section = site.read("public/part/index.html");
    let mut expected = vec!["one/".to_string(), "second/".to_string()];
    expected.extend(steps(1, 23));
    expected.push(more.clone());
    assert_eq!(in_part(&section), expected);
    let mut expected = vec![more.clone()];
    expected.extend(steps(34, 58));
    assert_eq!(in_part(&site.read("public/part/p58/index.html")), expected);

    // Every page of the section is in its own sidebar, marked, among at most 25.
    for n in 1..=58 {
        let html = site.read(&format!("public/part/p{n:02}/index.html"));
        let listed: Vec<String> = in_part(&html).into_iter().filter(|l| *l != more).collect();
        assert_eq!(listed.len(), 25, "p{n:02}: {listed:?}");
        let own = format!(r#"<a href="../../part/p{n:02}/" aria-current="page">"#);
        assert!(html.contains(&own), "p{n:02} is not marked");
        // At least 6 neighbours on either side, but at the ends of the section.
        let at = listed
            .iter()
            .position(|l| *l == format!("p{n:02}/"))
            .unwrap();
        assert!(
            at >= 6.min(n + 1) && listed.len() - 1 - at >= 6.min(58 - n),
            "p{n:02}: {at}"
        );
    }

    // The counts lead to the section's list of all its pages, which the link check found.
    let all = &section[section.find(r#"id="all-in-section""#).expect("the list")..];
    assert_eq!(all.matches("<li><a href=").count(), 60);
}

/// A build stopped between the two renames of its swap leaves the site beside its folder:
/// the next build, even one that fails, puts the newest complete site back.
#[test]
fn a_site_left_aside_by_a_stopped_build_is_put_back() {
    let site = SiteTest::from_fixture("basic");
    site.build();
    let before = site.snapshot("public");
    std::fs::rename(site.path("public"), site.path(".public.old")).unwrap();
    site.write(".public.staging/index.html", "half written");
    // A template that does not parse stops the build before anything renders.
    site.write("templates/page.html", "{% if %}");
    site.build_fails();
    assert!(site.snapshot("public") == before);
    assert!(!site.path(".public.old").exists() && !site.path(".public.staging").exists());
}

/// Output into a pipe that nobody reads any more (`guide build | true`) ends guide quietly,
/// as it ends `ls`: no panic, no exit status 101.
#[cfg(unix)]
#[test]
fn a_closed_pipe_ends_guide_quietly() {
    use std::os::unix::process::ExitStatusExt;
    use std::process::Stdio;
    let site = SiteTest::from_fixture("basic");
    for args in [&["build"][..], &["check"], &["completions", "bash"]] {
        let mut child = common::guide_command(&site.path(""))
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        drop(child.stdout.take());
        let out = child.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
        assert!(
            out.status.success() || out.status.signal() == Some(13),
            "{args:?}: {:?}",
            out.status
        );
    }
}

/// A symbolic link that leads out of the site's folder is an error naming the link, so
/// nothing outside the site (the build's environment, /etc) is ever published; a link
/// inside the site is fine.
#[cfg(unix)]
#[test]
fn symbolic_links_out_of_the_site_are_refused() {
    use std::os::unix::fs::symlink;
    let site = SiteTest::from_fixture("basic");
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("secret.txt"), "SECRET").unwrap();
    std::fs::create_dir(outside.path().join("folder")).unwrap();
    std::fs::write(outside.path().join("folder/x.txt"), "SECRET").unwrap();
    symlink(
        outside.path().join("secret.txt"),
        site.path("content/env.txt"),
    )
    .unwrap();
    std::fs::create_dir_all(site.path("static")).unwrap();
    symlink(outside.path().join("folder"), site.path("static/etc")).unwrap();
    symlink(
        site.path("content/intro.md"),
        site.path("content/again.txt"),
    )
    .unwrap();
    let error = site.build_fails();
    assert!(
        error.contains("content/env.txt: error: this symbolic link leads out of the site's folder"),
        "{error}"
    );
    assert!(
        error.contains("static/etc: error: this symbolic link leads out"),
        "{error}"
    );
    assert!(!error.contains("again.txt"), "{error}");
    assert!(!site.path("public").exists());

    std::fs::remove_file(site.path("content/env.txt")).unwrap();
    std::fs::remove_file(site.path("static/etc")).unwrap();
    site.build();
    assert!(
        site.read("public/again.txt")
            .contains("title: Introduction")
    );
}

/// A page whose template writes nothing is still a page: its (empty) file is written, as the
/// sitemap and the search index list it.
#[test]
fn a_page_with_empty_html_is_written() {
    let site = SiteTest::from_fixture("basic");
    site.write("templates/empty.html", "");
    site.write(
        "content/blank.md",
        "---\ntitle: Blank\ntemplate: empty.html\n---\n\nNothing shows.\n",
    );
    site.build();
    assert_eq!(site.read("public/blank/index.html"), "");
    assert!(site.read("public/sitemap.xml").contains("/blank/</loc>"));
}

/// A shortcode in a heading shows in the heading, while the heading's id and its entry in
/// the table of contents come from the heading's own words, and the search index holds no
/// placeholder (they showed the shortcode's placeholder: `needs-1`, "Needs 1").
#[test]
fn a_shortcode_in_a_heading_leaves_no_placeholder() {
    let site = SiteTest::from_fixture("basic");
    site.append(
        "content/intro.md",
        "\n## Needs {{ fact(role=\"case-manager\", field=\"education.minimum\") }}\n\nText.\n",
    );
    site.build();
    let page = site.read("public/intro/index.html");
    assert!(
        page.contains(r#"<h2 id="needs">Needs <span class="fact">"#),
        "{page}"
    );
    let index: String = site
        .snapshot("public")
        .iter()
        .filter(|(name, _)| name.starts_with("search/") && name.ends_with(".json"))
        .map(|(_, bytes)| String::from_utf8_lossy(bytes).into_owned())
        .collect();
    assert!(
        index.contains(r#""need":"#) && !index.contains("needs-1"),
        "{index}"
    );
    assert!(!page.contains('\u{E000}') && !index.contains('\u{E000}'));
}
