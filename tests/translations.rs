//! A guide in two languages, built as a reader and a translator meet it: the translation's
//! pages under `es/`, a page without a translation shown in the source's words with a
//! notice, the switcher and `hreflang` alternates only between real translations, and a
//! session's rebuilds after random edits of sources and translations equal clean builds.

mod common;

use std::collections::BTreeMap;

use common::SiteTest;
use common::sessions::{Rng, options, outcome};
use guide::{Changes, Session};

const LANGUAGES: &str = "languages:\n  es:\n    name: Español\n    title: Guía de prueba\n";

/// The basic fixture in English and Spanish, with `part/one.md` and the glossary translated.
fn bilingual() -> SiteTest {
    let site = SiteTest::from_fixture("basic");
    site.append("guide.yaml", LANGUAGES);
    site.write(
        "translations/es/part/one.md",
        "---\ntitle: Uno\n---\n\n## Los detalles\n\nVuelva a la \
         [introducción](../intro.md#why-this-matters) y al [principio](#the-details).\n\n\
         ![Un diagrama](diagram.svg)\n\n\
         {{ compare(roles=[\"case-manager\", \"social-worker\"], fields=[\"education.minimum\", \"counselling\"]) }}\n\n\
         {{ role_card(role=\"social-worker\") }}\n\nUn [enlace](https://example.org/) externo.\n",
    );
    site.write(
        "translations/es/glossary.yaml",
        "- of: MSW\n  expansion: Maestría en Trabajo Social\n  definition: Un posgrado.\n",
    );
    site
}

#[test]
fn a_translation_and_a_fallback_as_readers_see_them() {
    let site = bilingual();
    // After every build, how far each language is translated.
    let told = site.build();
    assert!(
        told.contains("  es (Español): 1 of 5 pages translated (20%)\n"),
        "{told}"
    );
    let page = site.read("public/es/part/one/index.html");
    assert!(
        page.starts_with("<!doctype html>\n<html lang=\"es\">"),
        "{page}"
    );
    // The source's anchors arrive at the translated headings.
    assert!(
        page.contains("<h2 id=\"the-details\">Los detalles"),
        "{page}"
    );
    assert!(
        page.contains("href=\"../../intro/#why-this-matters\""),
        "{page}"
    );
    // Alternates between the two real versions, and the switcher on the Spanish one.
    assert!(page.contains(
        "<link rel=\"alternate\" hreflang=\"en\" href=\"https://example.github.io/repo/part/one/\">"
    ));
    assert!(page.contains(
        "<link rel=\"alternate\" hreflang=\"es\" href=\"https://example.github.io/repo/es/part/one/\">"
    ));
    assert!(page.contains(
        "href=\"../../../es/part/one/\" lang=\"es\" hreflang=\"es\" aria-current=\"page\">Español</a>"
    ));
    assert!(!page.contains("translation-notice"));
    // The menu names the untranslated page in the source's words, marked as such.
    assert!(
        page.contains("<a href=\"../../part/second/\" lang=\"en\">Two</a>"),
        "{page}"
    );

    // No translation: the source's text, marked as English, with a notice in Spanish; the
    // source is the canonical page and no alternate names the copy.
    let fallback = site.read("public/es/part/second/index.html");
    assert!(fallback.contains(
        "<p class=\"translation-notice\" role=\"note\">Esta página todavía no está traducida"
    ));
    assert!(fallback.contains("<div lang=\"en\" dir=\"ltr\">"));
    assert!(
        fallback.contains(
            "<link rel=\"canonical\" href=\"https://example.github.io/repo/part/second/\">"
        )
    );
    assert!(!fallback.contains("hreflang=\"es\" href"), "{fallback}");
    // The English page says the Spanish one is not translated yet.
    let english = site.read("public/part/second/index.html");
    assert!(
        english.contains("Español</a> <span class=\"languages-note\">not translated yet</span>"),
        "{english}"
    );
    assert!(english.contains("<link rel=\"alternate\" hreflang=\"en\""));
    assert!(!english.contains("<link rel=\"alternate\" hreflang=\"es\""));

    // The sitemaps: the Spanish one lists its translated pages only; robots.txt names both.
    let sitemap = site.read("public/es/sitemap.xml");
    assert!(sitemap.contains("https://example.github.io/repo/es/part/one/"));
    assert!(!sitemap.contains("/es/part/second/"));
    let robots = site.read("public/robots.txt");
    assert!(robots.contains("Sitemap: https://example.github.io/repo/es/sitemap.xml"));
    assert!(!site.path("public/es/robots.txt").exists());
    assert!(!site.path("public/es/CNAME").exists());

    // The Spanish search finds the untranslated page too, marked as English.
    let docs = site.read("public/es/search/d/0.json");
    assert!(
        docs.contains("[\"Two\",\"part/second/\",\"Capítulo\",\"Part One\",\"en\"]"),
        "{docs}"
    );
    assert!(
        docs.contains("[\"Uno\",\"part/one/\",\"Capítulo\",\"Part One\"]"),
        "{docs}"
    );

    // The glossary's translation, and its UI in Spanish.
    let glossary = site.read("public/es/glossary/index.html");
    assert!(
        glossary.contains("Maestría en Trabajo Social"),
        "{glossary}"
    );
    assert!(glossary.contains("Glosario"));
    // The translation's own title.
    assert!(site.read("public/es/index.html").contains("Guía de prueba"));

    // A 404 page per language; the site's own sends a reader inside es/ to the Spanish one,
    // for hosts that serve one 404 page for the whole site.
    let not_found = site.read("public/404.html");
    assert!(
        not_found.contains(
            "if (p.indexOf(\"/repo/es/\") === 0) { location.replace(\"/repo/es/404.html\"); return; }"
        ),
        "{not_found}"
    );
    let spanish = site.read("public/es/404.html");
    assert!(spanish.contains("Página no encontrada"), "{spanish}");
    assert!(!spanish.contains("location.replace"), "{spanish}");
}

#[test]
fn data_a_translation_leaves_out_is_marked_with_the_source_language() {
    let site = bilingual();
    site.write(
        "translations/es/roles/social-worker.yaml",
        "name: Trabajador social\n",
    );
    site.write(
        "translations/es/compare.yaml",
        "rows:\n  - label: Formación mínima\n  - {}\n  - {}\n",
    );
    site.build();
    let compare = site.read("public/es/compare/index.html");
    assert!(
        compare.contains("<th scope=\"row\">Formación mínima</th>"),
        "{compare}"
    );
    assert!(
        compare.contains("<th scope=\"row\" lang=\"en\">May counsel</th>"),
        "{compare}"
    );
    let role = site.read("public/es/roles/social-worker/index.html");
    assert!(role.contains("<h1>Trabajador social</h1>"), "{role}");
    assert!(
        role.contains("<p class=\"lead\" lang=\"en\">The Social worker role, summarised.</p>"),
        "{role}"
    );
    assert!(role.contains("class=\"fact-list\" lang=\"en\""), "{role}");
    // An entry the glossary's translation gives is the language's; one it leaves out is not.
    let glossary = site.read("public/es/glossary/index.html");
    assert!(glossary.contains("<dt id=\"msw\">MSW</dt>"), "{glossary}");
    assert!(
        glossary.contains("<dt id=\"bsw\" lang=\"en\">BSW</dt>"),
        "{glossary}"
    );
    assert!(
        glossary.contains("<p lang=\"en\">An undergraduate degree.</p>"),
        "{glossary}"
    );
    // No sources.yaml translation: the note stays English, and says so.
    let sources = site.read("public/es/sources/index.html");
    assert!(
        sources.contains("<p class=\"source-note\" lang=\"en\">It misnames one body.</p>"),
        "{sources}"
    );
    // The source's own pages carry no such marks.
    let english = site.read("public/roles/social-worker/index.html");
    let marked = english.replace("<html lang=\"en\">", "");
    assert!(!marked.contains("lang=\"en\">"), "{english}");
}

#[test]
fn a_language_that_leaves_untranslated_pages_out() {
    let site = bilingual();
    let config = site.read("guide.yaml");
    site.write(
        "guide.yaml",
        config.replace("name: Español\n", "name: Español\n    fallback: omit\n"),
    );
    let told = site.build();
    assert!(
        told.contains("es (Español): 1 of 5 pages translated"),
        "{told}"
    );
    // The untranslated chapters are not built; the home page stays, as every page's way home.
    assert!(!site.path("public/es/part/second/index.html").exists());
    assert!(!site.path("public/es/intro/index.html").exists());
    assert!(site.path("public/es/index.html").exists());
    // Links and the menu lead to the source's page instead.
    let page = site.read("public/es/part/one/index.html");
    assert!(
        page.contains("href=\"../../../intro/#why-this-matters\""),
        "{page}"
    );
    assert!(page.contains("href=\"../../../part/second/\""), "{page}");
    assert!(!page.contains("href=\"../../intro/"), "{page}");
    // The English page has no Spanish counterpart to switch to; the translated one has.
    let english = site.read("public/part/second/index.html");
    assert!(!english.contains("class=\"languages\""), "{english}");
    assert!(!english.contains("hreflang=\"es\""), "{english}");
    assert!(
        site.read("public/part/one/index.html")
            .contains("class=\"languages\"")
    );
    // Nor does the print page, the search index or the sitemap hold the untranslated pages.
    let print = site.read("public/es/print/index.html");
    assert!(print.contains("Los detalles"), "{print}");
    assert!(!print.contains("data-path=\"intro/\""), "{print}");
    let sitemap = site.read("public/es/sitemap.xml");
    assert!(!sitemap.contains("/es/intro/"), "{sitemap}");
    // The index's documents: each page's title and URL.
    let index = site.read("public/es/search/d/0.json");
    assert!(index.contains("part/one/"), "{index}");
    assert!(!index.contains("intro/"), "{index}");
}

#[test]
fn a_guide_without_languages_has_no_translation_output() {
    let site = SiteTest::from_fixture("basic");
    site.build();
    let page = site.read("public/part/one/index.html");
    assert!(!page.contains("hreflang"));
    assert!(!page.contains("class=\"languages\""));
    assert!(!site.path("public/es").exists());
    assert!(!site.read("public/404.html").contains("<script>"));
}

/// Random edits of the sources and the translations, each rebuilt by a session and
/// compared with a clean build.
#[test]
fn rebuilds_of_a_translated_guide_match_clean_builds() {
    let mut seen = BTreeMap::new();
    for seed in [3u64, 7] {
        let site = bilingual();
        let mut session = Session::new(options(&site));
        outcome(session.build(&Changes::Everything)).expect("the bilingual fixture builds");
        let mut rng = Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1);
        for step in 0..24 {
            let (what, rel) = edit(&site, &mut rng, step);
            let changes = Changes::Paths(vec![site.path(rel)]);
            let incremental = outcome(session.build(&changes));
            let clean = outcome(Session::new(options(&site)).build(&Changes::Everything));
            let context = format!("seed {seed}, step {step}: {what}");
            match (incremental, clean) {
                (Ok((files, _)), Ok((clean_files, _))) => {
                    let differing: Vec<&String> = (files.keys().chain(clean_files.keys()))
                        .filter(|k| files.get(*k) != clean_files.get(*k))
                        .collect();
                    assert!(
                        differing.is_empty(),
                        "{context}: differs from a clean build: {differing:?}"
                    );
                    *seen.entry("built").or_insert(0) += 1;
                }
                (Err(a), Err(b)) => {
                    assert_eq!(a, b, "{context}: diagnostics differ");
                    *seen.entry("failed").or_insert(0) += 1;
                }
                (a, b) => panic!(
                    "{context}: incremental ok {} but clean ok {}",
                    a.is_ok(),
                    b.is_ok()
                ),
            }
        }
    }
    assert_eq!(seen.len(), 2, "the edits only saw {seen:?}");
}

/// One random edit; gives what it did and the file it touched.
fn edit(site: &SiteTest, rng: &mut Rng, step: usize) -> (String, &'static str) {
    const TRANSLATION: &str = "translations/es/part/one.md";
    const SOURCE: &str = "content/part/one.md";
    const GLOSSARY: &str = "translations/es/glossary.yaml";
    const NEW: &str = "translations/es/intro.md";
    match rng.below(8) {
        0 => {
            site.append(TRANSLATION, &format!("\nMás texto {step}.\n"));
            ("translation text".into(), TRANSLATION)
        }
        1 => {
            site.append(SOURCE, &format!("\nMore text {step}.\n"));
            ("source text".into(), SOURCE)
        }
        2 => {
            let text = site.read(TRANSLATION);
            site.write(
                TRANSLATION,
                text.replacen("title: ", &format!("title: {step} "), 1),
            );
            ("translation title".into(), TRANSLATION)
        }
        3 => {
            let definition = format!("Un posgrado, {step}.");
            site.write(
                GLOSSARY,
                format!("- of: MSW\n  expansion: Maestría en Trabajo Social\n  definition: {definition}\n"),
            );
            ("glossary translation".into(), GLOSSARY)
        }
        4 => match site.path(NEW).exists() {
            true => {
                site.remove(NEW);
                ("a translation removed".into(), NEW)
            }
            false => {
                let source = site.read("content/intro.md");
                let body = &source[source[4..].find("---\n").unwrap() + 8..];
                site.write(NEW, format!("---\ntitle: Introducción {step}\n---\n{body}"));
                ("a translation added".into(), NEW)
            }
        },
        5 => {
            let text = site.read(TRANSLATION);
            site.write(
                TRANSLATION,
                text.replacen("---\n\n", "weight: 4\n---\n\n", 1),
            );
            ("a source-only key".into(), TRANSLATION)
        }
        6 => {
            let text = site.read(TRANSLATION).replace("weight: 4\n", "");
            site.write(TRANSLATION, text);
            ("the source-only key removed".into(), TRANSLATION)
        }
        _ => {
            let config = site.read("guide.yaml");
            let config = match config.contains("fallback: omit") {
                true => config.replace("    fallback: omit\n", ""),
                false => config.replace("name: Español\n", "name: Español\n    fallback: omit\n"),
            };
            site.write("guide.yaml", config);
            ("untranslated pages left out or shown".into(), "guide.yaml")
        }
    }
}
