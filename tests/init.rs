//! Starting and publishing a guide: `guide init` and `guide new` with the binary alone (no
//! theme folder anywhere: the theme is built in), the GitHub Pages workflows, base_url in
//! GitHub Actions, theme overrides, and the command line's help, version and completions.

mod common;

use std::path::Path;

use common::links::check_links;
use common::{SiteTest, guide_command};
use serde_yaml::Value;

const STARTER_FILES: &[&str] = &[
    ".github/workflows/pages.yml",
    ".gitignore",
    "content/_index.md",
    "content/code-and-math.md",
    "content/example-figure.svg",
    "content/getting-started.md",
    "content/glossary.yaml",
    "content/roles/example-role.yaml",
    "content/sources.yaml",
    "guide.yaml",
];

#[track_caller]
fn succeeds(site: &SiteTest, args: &[&str]) -> String {
    let out = site.run(args);
    assert!(
        out.status.success(),
        "guide {args:?} failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[track_caller]
fn fails(site: &SiteTest, args: &[&str], env: &[(&str, &str)]) -> String {
    let out = site.run_with_env(args, env);
    assert_eq!(
        out.status.code(),
        Some(1),
        "guide {args:?}: {:?}",
        out.status
    );
    String::from_utf8(out.stderr).unwrap()
}

#[test]
fn a_new_guide_builds_under_a_sub_path_with_the_binary_alone() {
    let site = SiteTest::init(&[]);
    assert_eq!(site.files(""), STARTER_FILES);
    assert!(!site.path("themes").exists());
    assert!(site.read("guide.yaml").contains("title: Site\n"));
    assert_eq!(site.read(".gitignore").lines().nth(1), Some("public/"));

    let stdout = succeeds(
        &site,
        &["build", "--base-url", "https://example.github.io/repo/"],
    );
    assert!(stdout.starts_with("built 3 pages and 1 roles"), "{stdout}");
    let files = site.snapshot("public");
    for expected in [
        "code-and-math/index.html",
        "getting-started/index.html",
        "roles/example-role/index.html",
        "glossary/index.html",
        "sources/index.html",
        "404.html",
        "favicon.svg",
    ] {
        assert!(files.contains_key(expected), "{expected} missing");
    }
    let stylesheet = published_stylesheet(&site);
    let checked = check_links(&files, "/repo/");
    assert!(checked > 40, "only {checked} links checked");

    // The second chapter shows highlighted code, formulas and dollar signs left alone.
    let code = site.read("public/code-and-math/index.html");
    assert!(code.contains("aria-label=\"Code: Python\""), "{code}");
    assert!(
        code.contains("<span class=\"hl-keyword\">def</span>"),
        "{code}"
    );
    assert!(code.contains("<math display=\"block\">"), "{code}");
    assert!(code.contains("as in $20 or $5 a month"), "{code}");

    // The chapter shows a relative link, a role fact and a role card.
    let chapter = site.read("public/getting-started/index.html");
    assert!(chapter.contains(r#"<a href="../">the home page</a>"#));
    assert!(chapter.contains(r#"<span class="fact">a bachelor&#39;s degree"#));
    assert!(chapter.contains(r#"href="../roles/example-role/""#));
    // It draws the example role's route, with the steps its sources leave open said so, and
    // shows a picture with its caption.
    assert!(chapter.contains(r#"<svg class="pathway-svg" role="img""#));
    assert!(chapter.contains(r#"<em class="pathway-status">Not specified by the sources.</em>"#));
    assert!(chapter.contains(
        "<figure>\n<img src=\"../example-figure.svg\" alt=\"A box with the words “An \
         example picture”\">\n<figcaption>An example picture, with its caption</figcaption>"
    ));
    // The 404 page is served at any depth, so it links by the absolute sub-path.
    let not_found = site.read("public/404.html");
    assert!(
        not_found.contains(&format!(r#"href="/repo/{stylesheet}""#)),
        "{not_found}"
    );
    assert_eq!(
        site.read(&format!("public/{stylesheet}")),
        std::fs::read_to_string(
            Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/static/style.css")
        )
        .unwrap()
    );
}

#[test]
fn a_second_init_refuses_and_changes_nothing() {
    let site = SiteTest::init(&[]);
    site.write("content/_index.md", "---\ntitle: Mine\n---\nMy words.\n");
    site.write("notes.txt", "not the starter's");
    let before = site.snapshot("");

    let stderr = fails(&site, &["init"], &[]);
    for file in STARTER_FILES {
        assert!(
            stderr.contains(&format!("{file}: error: already exists")),
            "{stderr}"
        );
    }
    assert!(stderr.contains("pass --force"), "{stderr}");
    assert_eq!(site.snapshot(""), before);

    // --force puts the starter back and leaves other files alone.
    succeeds(&site, &["init", "--force"]);
    assert!(site.read("content/_index.md").contains("title: Welcome"));
    assert_eq!(site.read("notes.txt"), "not the starter's");
}

/// An init that cannot write one of its files (here `content` is a file, not a folder)
/// takes away what it had written, so the folder is as it was.
#[test]
fn a_failed_init_leaves_nothing_behind() {
    let site = SiteTest::init(&[]);
    // The folder emptied of the starter init wrote.
    for entry in std::fs::read_dir(site.path("")).unwrap() {
        let path = entry.unwrap().path();
        match path.is_dir() {
            true => std::fs::remove_dir_all(path).unwrap(),
            false => std::fs::remove_file(path).unwrap(),
        }
    }
    site.write("content", "a file where the folder would go");
    site.write("notes.txt", "mine");
    let before = site.snapshot("");
    let stderr = fails(&site, &["init"], &[]);
    assert!(
        stderr.contains("nothing this run made was left behind"),
        "{stderr}"
    );
    assert_eq!(site.snapshot(""), before);
    let left: Vec<_> = std::fs::read_dir(site.path(""))
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(left.len(), 2, "{left:?}");
}

#[test]
fn new_pages_and_roles_build() {
    let site = SiteTest::init(&[]);
    assert_eq!(
        succeeds(&site, &["new", "page", "becoming/licence-exams.md"]),
        "created content/becoming/licence-exams.md\n"
    );
    succeeds(&site, &["new", "page", "content/tips"]);
    succeeds(&site, &["new", "role", "school-counsellor"]);
    let page = site.read("content/becoming/licence-exams.md");
    assert!(page.starts_with("---\ntitle: Licence exams\n"), "{page}");
    let role = site.read("content/roles/school-counsellor.yaml");
    assert!(role.contains("\nname: School counsellor\n"), "{role}");
    assert!(role.contains("sources: [example-source]"), "{role}");

    let stdout = succeeds(&site, &["build"]);
    assert!(stdout.starts_with("built 5 pages and 2 roles"), "{stdout}");
    let exams = site.read("public/becoming/licence-exams/index.html");
    assert!(exams.contains("<h1>Licence exams</h1>"), "{exams}");
    assert!(
        site.read("public/tips/index.html")
            .contains("<h1>Tips</h1>")
    );
    let role_page = site.read("public/roles/school-counsellor/index.html");
    assert!(role_page.contains("School counsellor"));
    check_links(&site.snapshot("public"), "/my-guide/");

    // Nothing is ever replaced, and bad names are refused.
    let stderr = fails(&site, &["new", "role", "school-counsellor"], &[]);
    assert!(stderr.contains("content/roles/school-counsellor.yaml: error: already exists"));
    let stderr = fails(&site, &["new", "page", "../outside.md"], &[]);
    assert!(stderr.contains("not a path inside content/"), "{stderr}");
    for unread in ["", ".", "_draft", "part/.hidden/x"] {
        let stderr = fails(&site, &["new", "page", unread], &[]);
        assert!(
            stderr.contains("guide does not read a file"),
            "{unread:?}: {stderr}"
        );
    }
    assert!(!site.path("content/.md").exists() && !site.path("content/..md").exists());
    let stderr = fails(&site, &["new", "role", "School_Counsellor"], &[]);
    assert!(stderr.contains("not a valid role slug"), "{stderr}");
}

/// The build job installs or builds guide, passes the base URL that configure-pages reports,
/// uploads public/ and the deploy job deploys it, with the permissions Pages needs.
#[track_caller]
fn check_pages_workflow(yaml: &str, builds_with: &str) {
    let workflow: Value = serde_yaml::from_str(yaml).unwrap();
    let permissions = &workflow["permissions"];
    assert_eq!(permissions["pages"].as_str(), Some("write"));
    assert_eq!(permissions["id-token"].as_str(), Some("write"));

    let steps = workflow["jobs"]["build"]["steps"].as_sequence().unwrap();
    let uses = |action: &str| {
        steps
            .iter()
            .position(|s| s["uses"].as_str().is_some_and(|u| u.starts_with(action)))
            .unwrap_or_else(|| panic!("no {action} step"))
    };
    let checkout = uses("actions/checkout@");
    let configure = uses("actions/configure-pages@");
    let upload = uses("actions/upload-pages-artifact@");
    assert_eq!(steps[configure]["id"].as_str(), Some("pages"));
    assert_eq!(steps[upload]["with"]["path"].as_str(), Some("public"));
    let build = steps
        .iter()
        .position(|s| s["run"].as_str().is_some_and(|r| r.contains(builds_with)))
        .unwrap_or_else(|| panic!("no step runs {builds_with}"));
    let run = steps[build]["run"].as_str().unwrap();
    assert!(
        run.contains(r#"build --base-url "${{ steps.pages.outputs.base_url }}""#),
        "{run}"
    );
    assert!(checkout < configure && configure < build && build < upload);

    let deploy = &workflow["jobs"]["deploy"];
    assert_eq!(deploy["needs"].as_str(), Some("build"));
    assert_eq!(deploy["environment"]["name"].as_str(), Some("github-pages"));
    let deploy_step = &deploy["steps"][0];
    assert!(
        deploy_step["uses"]
            .as_str()
            .unwrap()
            .starts_with("actions/deploy-pages@")
    );
    assert_eq!(
        deploy["environment"]["url"].as_str(),
        Some(
            format!(
                "${{{{ steps.{}.outputs.page_url }}}}",
                deploy_step["id"].as_str().unwrap()
            )
            .as_str()
        )
    );
}

#[test]
fn the_starter_workflow_installs_guide_and_publishes() {
    let site = SiteTest::init(&[]);
    let yaml = site.read(".github/workflows/pages.yml");
    check_pages_workflow(&yaml, "guide build");
    let workflow: Value = serde_yaml::from_str(&yaml).unwrap();
    assert_eq!(workflow["on"]["push"]["branches"][0].as_str(), Some("main"));
    let steps = workflow["jobs"]["build"]["steps"].as_sequence().unwrap();
    // The exact version that ran init, prebuilt where possible; nothing to fill in.
    let install = steps
        .iter()
        .filter_map(|s| s["run"].as_str())
        .find(|r| r.contains("cargo binstall"))
        .expect("a step installs guide");
    assert!(
        install.contains(concat!("\"", env!("CARGO_PKG_NAME"), "@$GUIDE_VERSION\"")),
        "{install}"
    );
    assert_eq!(
        workflow["env"]["GUIDE_VERSION"].as_str(),
        Some(env!("CARGO_PKG_VERSION"))
    );
    assert!(!yaml.contains("SET"), "{yaml}");
    // It is kept between runs under a key that names the version.
    let cache = steps
        .iter()
        .find(|s| {
            s["uses"]
                .as_str()
                .is_some_and(|u| u.starts_with("actions/cache@"))
        })
        .expect("a cache step");
    assert!(
        cache["with"]["key"]
            .as_str()
            .unwrap()
            .contains("${{ env.GUIDE_VERSION }}")
    );
}

#[test]
fn this_repository_publishes_its_guide_from_the_checkout() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let yaml = std::fs::read_to_string(repo.join(".github/workflows/pages.yml")).unwrap();
    check_pages_workflow(&yaml, "cargo run --release --locked -- build");

    // Only after CI passed on a push to main, from the commit CI tested.
    let workflow: Value = serde_yaml::from_str(&yaml).unwrap();
    let ci: Value = serde_yaml::from_str(
        &std::fs::read_to_string(repo.join(".github/workflows/ci.yml")).unwrap(),
    )
    .unwrap();
    let trigger = &workflow["on"]["workflow_run"];
    assert_eq!(trigger["workflows"][0], ci["name"]);
    assert_eq!(trigger["types"][0].as_str(), Some("completed"));
    assert_eq!(trigger["branches"][0].as_str(), Some("main"));
    assert_eq!(workflow["on"].as_mapping().unwrap().len(), 1);
    let build = &workflow["jobs"]["build"];
    let condition = build["if"].as_str().unwrap();
    assert!(
        condition.contains("github.event.workflow_run.conclusion == 'success'"),
        "{condition}"
    );
    assert_eq!(
        build["steps"][0]["with"]["ref"].as_str(),
        Some("${{ github.event.workflow_run.head_sha }}")
    );
    // CI runs the tests on the three systems, and the browser tests.
    assert_eq!(ci["on"]["push"]["branches"][0].as_str(), Some("main"));
    let systems = &ci["jobs"]["test"]["strategy"]["matrix"]["os"];
    assert_eq!(systems.as_sequence().unwrap().len(), 3, "{systems:?}");
    assert!(ci["jobs"]["browser"].is_mapping());
}

#[test]
fn ejected_theme_is_the_built_in_one_and_takes_precedence() {
    let site = SiteTest::init(&["--eject-theme"]);
    let repo_theme = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default");
    let ejected = site.snapshot("themes/default");
    assert!(ejected.contains_key("templates/page.html"));
    for (rel, bytes) in &ejected {
        assert_eq!(
            &std::fs::read(repo_theme.join(rel)).unwrap(),
            bytes,
            "{rel}"
        );
    }

    // The theme folder on disk wins over the built-in copy.
    let page = site.read("themes/default/templates/page.html");
    site.write(
        "themes/default/templates/page.html",
        page.replace("<h1>", "<h1 class=\"ejected\">"),
    );
    succeeds(&site, &["build"]);
    assert!(
        site.read("public/getting-started/index.html")
            .contains("<h1 class=\"ejected\">")
    );

    // In an existing guide only the theme is copied, and never over existing files.
    std::fs::remove_dir_all(site.path("themes")).unwrap();
    let guide_yaml = site.read("guide.yaml");
    succeeds(&site, &["init", "--eject-theme"]);
    assert_eq!(site.snapshot("themes/default"), ejected);
    assert_eq!(site.read("guide.yaml"), guide_yaml);
    let stderr = fails(&site, &["init", "--eject-theme"], &[]);
    assert!(stderr.contains("themes/default/templates/page.html: error: already exists"));
    assert!(!stderr.contains("guide.yaml"), "{stderr}");
}

#[test]
fn site_templates_and_static_files_replace_single_built_in_ones() {
    let site = SiteTest::init(&[]);
    site.write("templates/partials/footer.html", "<p>Our own footer</p>\n");
    site.write("static/style.css", "body { color: black; }\n");
    succeeds(&site, &["build"]);
    let home = site.read("public/index.html");
    assert!(home.contains("<p>Our own footer</p>"), "{home}");
    assert!(
        home.contains("<main id=\"main\""),
        "the built-in base.html is used"
    );
    let stylesheet = published_stylesheet(&site);
    assert_eq!(
        site.read(&format!("public/{stylesheet}")),
        "body { color: black; }\n"
    );
}

#[test]
fn a_theme_neither_on_disk_nor_built_in_is_one_clear_error() {
    let site = SiteTest::init(&[]);
    let config = site
        .read("guide.yaml")
        .replace("theme: default", "theme: fancy");
    site.write("guide.yaml", &config);
    let stderr = fails(&site, &["build"], &[]);
    let line = config.lines().position(|l| l == "theme: fancy").unwrap() + 1;
    assert!(
        stderr.starts_with(&format!(
            "guide.yaml:{line}: error: theme `fancy` not found"
        )),
        "{stderr}"
    );
    assert!(stderr.contains("1 error"), "{stderr}");
}

#[test]
fn base_url_in_github_actions_comes_from_the_repository() {
    let site = SiteTest::init(&[]);
    let config = site.read("guide.yaml");
    let without: String = config
        .lines()
        .filter(|l| !l.starts_with("base_url:"))
        .map(|l| format!("{l}\n"))
        .collect();
    site.write("guide.yaml", &without);
    let actions = [
        ("GITHUB_ACTIONS", "true"),
        ("GITHUB_REPOSITORY", "Octo/handbook"),
    ];

    let stderr = fails(&site, &["build"], &[]);
    assert!(
        // At a line of guide.yaml: `guide.yaml:LINE: error: ...`.
        stderr.starts_with("guide.yaml:") && stderr.contains(": error: no base_url"),
        "{stderr}"
    );

    let out = site.run_with_env(&["build"], &actions);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let home = site.read("public/index.html");
    assert!(home.contains(r#"<link rel="canonical" href="https://octo.github.io/handbook/">"#));
    let stylesheet = published_stylesheet(&site);
    assert!(
        site.read("public/404.html")
            .contains(&format!(r#"href="/handbook/{stylesheet}""#))
    );
    check_links(&site.snapshot("public"), "/handbook/");

    // A flag, then guide.yaml, override the derived URL.
    let flag = ["build", "--base-url", "https://guide.example.org"];
    assert!(site.run_with_env(&flag, &actions).status.success());
    assert!(
        site.read("public/index.html")
            .contains(r#"href="https://guide.example.org/""#)
    );
    site.write("guide.yaml", &config);
    assert!(site.run_with_env(&["build"], &actions).status.success());
    assert!(
        site.read("public/index.html")
            .contains(r#"href="https://example.github.io/my-guide/""#)
    );
}

#[test]
fn version_help_and_completions() {
    let dir = tempfile::tempdir().unwrap();
    let run = |args: &[&str]| {
        let out = guide_command(dir.path()).args(args).output().unwrap();
        assert!(out.status.success(), "guide {args:?}");
        String::from_utf8(out.stdout).unwrap()
    };
    assert_eq!(
        run(&["--version"]),
        format!("guide {}\n", env!("CARGO_PKG_VERSION"))
    );
    let help = run(&["help", "build"]);
    assert!(help.contains("--base-url"), "{help}");
    assert!(run(&["help", "init"]).contains("--eject-theme"));
    assert!(run(&["new", "--help"]).contains("role"));

    let bash = run(&["completions", "bash"]);
    assert!(bash.contains("complete -F _guide"), "{bash}");
    assert!(bash.contains("--eject-theme"));
    assert!(run(&["completions", "zsh"]).starts_with("#compdef guide"));
    assert!(run(&["completions", "fish"]).contains("complete -c guide"));
}

/// The stylesheet's published name, which carries a hash of its content (`style.<hash>.css`).
fn published_stylesheet(site: &SiteTest) -> String {
    let names: Vec<String> = site
        .snapshot("public")
        .into_keys()
        .filter(|name| name.starts_with("style.") && name.ends_with(".css"))
        .collect();
    assert_eq!(names.len(), 1, "one published stylesheet: {names:?}");
    names[0].clone()
}
