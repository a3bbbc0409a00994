//! `guide translate` as a translator runs it, on a copy of the fixture with a Spanish
//! language and no base_url: `new` writes a pinned translation, `status` counts it and names
//! the sections of its source that change, `sync` re-pins it touching nothing else, and
//! mistakes (an unknown language, a missing page, an existing file) are refused by name.

mod common;

use std::process::Output;

use common::SiteTest;

/// The fixture with `es` among its languages and no base_url, which translate needs not.
fn site() -> SiteTest {
    let site = SiteTest::from_fixture("basic");
    let config = site.read("guide.yaml");
    let config: String = config
        .lines()
        .filter(|l| !l.starts_with("base_url:"))
        .map(|l| format!("{l}\n"))
        .collect();
    site.write(
        "guide.yaml",
        config + "languages:\n  es:\n    name: Español\n",
    );
    site
}

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[track_caller]
fn run_ok(site: &SiteTest, args: &[&str]) -> String {
    let out = site.run(args);
    assert!(out.status.success(), "{args:?} failed:\n{}", stderr(&out));
    stdout(&out)
}

/// The value of the `source:` line of a file's front matter.
fn pin_of(text: &str) -> String {
    let line = text
        .lines()
        .find(|l| l.starts_with("source: "))
        .expect(text);
    line["source: ".len()..].to_string()
}

#[test]
fn new_writes_a_pinned_translation_that_status_counts() {
    let site = site();
    let out = run_ok(&site, &["translate", "new", "es", "content/intro.md"]);
    assert_eq!(out, "created translations/es/intro.md\n");
    let source = site.read("content/intro.md");
    let translation = site.read("translations/es/intro.md");
    let (front, body) = translation[4..].split_once("---\n").unwrap();
    // The translated keys and the pin; not weight, aliases or reviewed.
    let keys: Vec<&str> = front
        .lines()
        .map(|l| l.split(':').next().unwrap())
        .collect();
    assert_eq!(keys, ["title", "description", "source"]);
    let pin = pin_of(front);
    let groups: Vec<&str> = pin.split('.').collect();
    assert_eq!(groups[0].len(), 8, "{pin}");
    // The page, the opening, then three headings.
    assert_eq!(groups.len(), 5, "{pin}");
    assert!(source.ends_with(body), "the body is the source's");

    let out = run_ok(&site, &["translate", "status"]);
    assert!(
        out.starts_with(
            "es (Español): 1 of 11 files translated (9.0%): 1 of 6 pages, 0 of 5 data files\n"
        ),
        "{out}"
    );
    assert!(out.contains("  missing (10):\n    _index.md\n"), "{out}");
    assert!(!out.contains("stale"), "{out}");

    let out = site.run(&["translate", "status", "es", "--min", "100"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("es is 9.0% translated, below --min 100"),
        "{}",
        stderr(&out)
    );
    assert!(
        site.run(&["translate", "status", "--min", "9"])
            .status
            .success()
    );

    let json = run_ok(&site, &["translate", "status", "--json"]);
    let report: serde_json::Value = serde_json::from_str(&json).unwrap();
    let es = &report["languages"][0];
    assert_eq!(es["tag"], "es");
    assert_eq!(es["translated"], 1);
    assert_eq!(es["total"], 11);
    assert_eq!(es["pages"]["total"], 6);
    assert_eq!(es["missing"].as_array().unwrap().len(), 10);
    assert_eq!(es["stale"], serde_json::json!([]));
}

#[test]
fn an_edited_section_is_named_until_sync_pins_the_translation_again() {
    let site = site();
    run_ok(&site, &["translate", "new", "es", "intro.md"]);
    // The translator translates, in their own way (a comment, CRLF line ends).
    let translated = site
        .read("translations/es/intro.md")
        .replace("title: Introduction", "title: Introducción # revisar")
        .replace("Where to begin.", "Por dónde empezar.")
        .replace('\n', "\r\n");
    site.write("translations/es/intro.md", &translated);
    assert!(!run_ok(&site, &["translate", "status"]).contains("stale"));

    let source = site.read("content/intro.md");
    site.write(
        "content/intro.md",
        source.replace("| a      | b     |", "| a      | c     |"),
    );
    let out = run_ok(&site, &["translate", "status"]);
    assert!(
        out.contains("  stale (1):\n    intro.md: changed A smaller heading\n"),
        "{out}"
    );

    let out = run_ok(&site, &["translate", "sync", "es", "intro.md"]);
    assert!(
        out.starts_with("translations/es/intro.md: source: "),
        "{out}"
    );
    let synced = site.read("translations/es/intro.md");
    let old_pin = pin_of(&translated.replace('\r', ""));
    let new_pin = pin_of(&synced.replace('\r', ""));
    assert_ne!(old_pin, new_pin);
    // Every byte but the pin's is the translator's.
    assert_eq!(synced, translated.replace(&old_pin, &new_pin));
    assert!(!run_ok(&site, &["translate", "status"]).contains("stale"));
    let out = run_ok(&site, &["translate", "sync", "es", "--all"]);
    assert_eq!(
        out,
        "translations/es/intro.md: already current\nsynced 0 of 1 translations\n"
    );
}

#[test]
fn sync_adds_a_missing_pin() {
    let site = site();
    let text = "---\ntitle: Introducción\n---\n\nTexto.\n";
    site.write("translations/es/intro.md", text);
    assert!(
        run_ok(&site, &["translate", "status"])
            .contains("without a source pin (1):\n    intro.md\n")
    );
    run_ok(&site, &["translate", "sync", "es", "--all"]);
    let synced = site.read("translations/es/intro.md");
    let pin = pin_of(&synced);
    assert_eq!(
        synced,
        format!("---\ntitle: Introducción\nsource: {pin}\n---\n\nTexto.\n")
    );
}

#[test]
fn mistakes_are_refused_by_name() {
    let site = site();
    let out = site.run(&["translate", "new", "fr", "intro.md"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("guide.yaml: error: `fr` is not one of the guide's languages"),
        "{}",
        stderr(&out)
    );
    let out = site.run(&["translate", "new", "es", "nowhere.md"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("content/nowhere.md: error: no such page to translate"),
        "{}",
        stderr(&out)
    );
    run_ok(&site, &["translate", "new", "es", "intro.md"]);
    let before = site.read("translations/es/intro.md");
    let out = site.run(&["translate", "new", "es", "intro.md"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("translations/es/intro.md: error: already exists"),
        "{}",
        stderr(&out)
    );
    assert_eq!(site.read("translations/es/intro.md"), before);
    let out = site.run(&["translate", "sync", "es", "part/one.md"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("translations/es/part/one.md: error: no such translation"),
        "{}",
        stderr(&out)
    );
    let out = site.run(&["translate", "status", "fr"]);
    assert_eq!(out.status.code(), Some(1));
}
