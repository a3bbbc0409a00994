//! The theme's strings in another language: a guide with `language: es` shows the default
//! theme's Spanish words (table of contents, pager, callouts, questions, citations without
//! a date, the scripts' words), and a site's own string file overrides the theme's, with
//! English for the keys it lacks.

mod common;

use common::SiteTest;

const CHAPTER: &str = r#"---
title: Lección
---
Texto [@first].

## Primera parte

> [!NOTE]
> Una nota.

## Segunda parte

```question
question: ¿El capítulo tiene dos partes?
answer: true
explain:
  true: Sí.
  false: Las tiene.
```
"#;

fn spanish_site() -> SiteTest {
    let site = SiteTest::from_fixture("basic");
    let config = site
        .read("guide.yaml")
        .replace("language: en", "language: es");
    site.write("guide.yaml", config);
    site.write("content/part/lesson.md", CHAPTER);
    site
}

#[test]
fn a_spanish_guide_shows_the_theme_in_spanish() {
    let site = spanish_site();
    site.build();
    let page = site.read("public/part/lesson/index.html");
    assert!(page.contains("<html lang=\"es\">"), "{page}");
    assert!(
        page.contains("<summary class=\"toc-heading\">En esta página</summary>"),
        "{page}"
    );
    assert!(
        page.contains("aria-label=\"Anterior y siguiente\""),
        "{page}"
    );
    assert!(
        page.contains("<span class=\"pager-label\">Anterior</span>"),
        "{page}"
    );
    assert!(
        page.contains("<span class=\"pager-label\">Siguiente</span>"),
        "{page}"
    );
    assert!(
        page.contains("<p class=\"callout-label\">Nota</p>"),
        "{page}"
    );
    assert!(page.contains("¿Verdadero o falso?"), "{page}");
    assert!(page.contains("> Verdadero</label>"), "{page}");
    assert!(
        page.contains("Compruebe lo que aprendió</button>"),
        "{page}"
    );
    assert!(page.contains("<summary class=\"menu-button\">Capítulos</summary>"));
    // The scripts' words travel in the page, as they differ from the scripts' English.
    assert!(page.contains("<script type=\"application/json\" id=\"guide-ui\">{"));
    assert!(page.contains("\"search.no_results\":\"No hay resultados para «{query}».\""));
    // The generated pages' titles, and a source without a date.
    let sources = site.read("public/sources/index.html");
    assert!(sources.contains("<title>Fuentes · "), "{sources}");
    assert!(sources.contains("s.f."), "{sources}");
}

#[test]
fn an_english_guide_carries_no_strings_for_its_scripts() {
    let site = SiteTest::from_fixture("basic");
    site.build();
    let page = site.read("public/part/one/index.html");
    assert!(!page.contains("guide-ui"), "{page}");
    assert!(page.contains("<html lang=\"en\">"), "{page}");
}

#[test]
fn a_site_string_file_overrides_keys_and_falls_back_to_english() {
    let site = spanish_site();
    site.write(
        "themes/default/i18n/es.yaml",
        "toc.title: Contenido\npager.next: Después\n",
    );
    let out = site.run(&["build"]);
    assert!(out.status.success(), "{out:?}");
    let stderr = String::from_utf8_lossy(&out.stderr);
    // One warning lists what the file lacks.
    assert_eq!(
        stderr
            .matches("strings are missing, shown in English")
            .count(),
        1,
        "{stderr}"
    );
    let page = site.read("public/part/lesson/index.html");
    assert!(page.contains(">Contenido</summary>"), "{page}");
    assert!(
        page.contains("<span class=\"pager-label\">Después</span>"),
        "{page}"
    );
    // Keys it lacks are English.
    assert!(
        page.contains("<span class=\"pager-label\">Previous</span>"),
        "{page}"
    );
}

#[test]
fn a_language_the_theme_has_no_strings_for_is_english_with_a_warning() {
    let site = SiteTest::from_fixture("basic");
    let config = site
        .read("guide.yaml")
        .replace("language: en", "language: de");
    site.write("guide.yaml", config);
    let out = site.run(&["build"]);
    assert!(out.status.success(), "{out:?}");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("the theme has no strings for the language `de`"),
        "{stderr}"
    );
    let page = site.read("public/part/one/index.html");
    assert!(page.contains("<html lang=\"de\">"), "{page}");
    assert!(page.contains(">Next</span>"), "{page}");
}
