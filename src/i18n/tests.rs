use std::path::PathBuf;

use super::*;
use crate::discover::TemplateFile;

/// A loaded file named as discovery names it: a string file (`i18n/es.yaml`) or a template.
fn file(name: &str, source: &str) -> LoadedTemplate {
    let (name, path) = match name.strip_prefix("i18n/") {
        Some(lang) => (
            format!("{I18N_PREFIX}{lang}"),
            format!("themes/t/i18n/{lang}"),
        ),
        None => (name.to_string(), format!("templates/{name}")),
    };
    LoadedTemplate {
        file: TemplateFile {
            name,
            path: PathBuf::from(path),
        },
        source: source.to_string(),
    }
}

/// The built-in en.yaml with `extra` lines after it.
fn english(extra: &str) -> LoadedTemplate {
    let path = crate::embedded::files_under("i18n")
        .into_iter()
        .find(|(_, n)| n == "en.yaml")
        .unwrap()
        .0;
    let source = String::from_utf8_lossy(crate::embedded::get(&path).unwrap()).into_owned();
    file("i18n/en.yaml", &(source + extra))
}

fn build_with(lang: &str, files: &[LoadedTemplate]) -> (Arc<Ui>, Vec<String>) {
    let mut diagnostics = Diagnostics::default();
    let ui = build(lang, files, &mut diagnostics);
    let shown = diagnostics.iter().map(ToString::to_string).collect();
    (ui, shown)
}

#[test]
fn a_language_file_wins_key_by_key_and_english_fills_the_rest() {
    let es = file("i18n/es.yaml", "toc.title: En esta página\n");
    let (ui, shown) = build_with("es", &[english(""), es]);
    assert_eq!(ui.text("toc.title"), "En esta página");
    assert_eq!(ui.text("pager.next"), "Next");
    // One warning names the missing keys.
    assert_eq!(shown.len(), 1, "{shown:?}");
    assert!(shown[0].contains("warning"), "{}", shown[0]);
    assert!(shown[0].contains("`pager.next`"), "{}", shown[0]);
}

#[test]
fn the_built_in_spanish_file_is_complete_and_agrees_with_english() {
    let files: Vec<LoadedTemplate> = crate::embedded::files_under("i18n")
        .into_iter()
        .map(|(path, name)| {
            let source = String::from_utf8_lossy(crate::embedded::get(&path).unwrap());
            file(&format!("i18n/{name}"), &source)
        })
        .collect();
    let (ui, shown) = build_with("es", &files);
    assert!(shown.is_empty(), "{shown:?}");
    assert_eq!(ui.text("nav.chapters"), "Capítulos");
    assert_eq!(ui.text(keys::CITE_NO_DATE), "s.f.");
}

#[test]
fn a_changed_placeholder_is_an_error_at_its_line() {
    let es = file(
        "i18n/es.yaml",
        "toc.title: En esta página\nhome.start_reading: \"Empiece: {titulo}\"\n",
    );
    let (_, shown) = build_with("es", &[english(""), es]);
    let error = shown.iter().find(|d| d.contains("placeholders")).unwrap();
    assert!(error.starts_with("themes/t/i18n/es.yaml:2"), "{error}");
    assert!(
        error.contains("{titulo}") && error.contains("{title}"),
        "{error}"
    );
}

#[test]
fn an_unknown_key_is_an_error_with_the_nearest_key() {
    let es = file("i18n/es.yaml", "pager.nxt: Siguiente\n");
    let (ui, shown) = build_with("es", &[english(""), es]);
    let error = shown.iter().find(|d| d.contains("unknown")).unwrap();
    assert!(error.starts_with("themes/t/i18n/es.yaml:1"), "{error}");
    assert!(error.contains("did you mean `pager.next`?"), "{error}");
    assert_eq!(ui.text("pager.next"), "Next");
}

#[test]
fn a_template_key_missing_from_english_is_an_error_at_the_template_line() {
    let page = file("page.html", "<p>\n{{ ui.pager.nxet }}</p>\n");
    let (ui, shown) = build_with("en", &[english(""), page]);
    assert_eq!(shown.len(), 1, "{shown:?}");
    assert!(
        shown[0].starts_with("templates/page.html:2:4"),
        "{}",
        shown[0]
    );
    assert!(
        shown[0].contains("did you mean `ui.pager.next`?"),
        "{}",
        shown[0]
    );
    // It renders as its name, so Tera does not report it again.
    assert_eq!(ui.text("pager.nxet"), "pager.nxet");
}

#[test]
fn a_key_the_rust_code_uses_must_be_in_english() {
    let mut en = english("");
    en.source = en.source.replace("callout.tip: Tip\n", "");
    let (_, shown) = build_with("en", &[en]);
    assert_eq!(shown.len(), 1, "{shown:?}");
    assert!(shown[0].contains("`callout.tip`"), "{}", shown[0]);
}

#[test]
fn plurals_pick_a_form_and_fill_placeholders() {
    let (ui, _) = build_with("en", &[english("")]);
    assert_eq!(
        ui.count("nav.earlier_chapters", 1, &[]),
        "1 earlier chapter"
    );
    assert_eq!(
        ui.count("nav.earlier_chapters", 3, &[]),
        "3 earlier chapters"
    );
    assert_eq!(
        ui.count("nav.later_in_section", 2, &[("section", "Basics")]),
        "2 later chapters in Basics"
    );
}

#[test]
fn a_plural_without_other_is_an_error() {
    let en = english("extra.thing:\n  one: \"{count} thing\"\n");
    let (_, shown) = build_with("en", &[en]);
    assert!(
        shown.iter().any(|d| d.contains("has no `other` form")),
        "{shown:?}"
    );
}

#[test]
fn a_language_without_a_file_is_english_with_one_warning() {
    let (ui, shown) = build_with("de", &[english("")]);
    assert_eq!(ui.lang, "de");
    assert_eq!(ui.text("toc.title"), "On this page");
    assert_eq!(shown.len(), 1, "{shown:?}");
    assert!(
        shown[0].contains("no strings for the language `de`"),
        "{}",
        shown[0]
    );
}

#[test]
fn templates_get_escaped_nested_strings_and_scripts_only_what_differs() {
    let (en, _) = build_with("en", &[english("")]);
    assert_eq!(en.tera_value()["toc"]["title"], "On this page");
    assert_eq!(
        en.tera_value()["chapter"]["reading_time"]["one"],
        "About {count} minute to read"
    );
    assert_eq!(en.script_strings(), None);
    let es = file("i18n/es.yaml", "search.script.open_results: <Abrir>\n");
    let (es, _) = build_with("es", &[english(""), es]);
    let json = es.script_strings().unwrap();
    assert!(
        json.contains(r#""search.open_results":"\u003cAbrir>""#),
        "{json}"
    );
    assert_eq!(
        escape(r#"a "b" & <c> it's"#),
        "a &quot;b&quot; &amp; &lt;c&gt; it's"
    );
}
