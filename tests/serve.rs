//! `guide serve` and `guide build --watch`, run as the real binary against a copy of the
//! fixture: what is served, the reload events that follow each kind of change, the error
//! overlay, and the paths that must not reach outside the site.

mod common;
#[path = "common/server.rs"]
mod server;

use std::fs;

use common::SiteTest;
use server::{Events, Running, Server};

/// Waits for reload events until `ready` holds for the served site, checking after each
/// one. Each event must be a reload (the channel's `hello` came earlier).
#[track_caller]
fn reloads_until(server: &Server, events: &Events, what: &str, ready: impl Fn(&Server) -> bool) {
    loop {
        let event = events.next();
        assert_eq!(event.name, "reload", "waiting for {what}: {event:?}");
        if ready(server) {
            return;
        }
    }
}

fn page_has(server: &Server, path: &str, text: &str) -> bool {
    let r = server.get(path);
    r.status == 200 && r.body.contains(text)
}

#[test]
fn serves_the_site_under_its_sub_path_with_the_reload_script() {
    let site = SiteTest::from_fixture("basic");
    let server = Server::start(&site.root, &[]);
    assert_eq!(server.base, "/repo/");

    let home = server.get("");
    assert_eq!(home.status, 200);
    assert_eq!(
        home.header("content-type"),
        Some("text/html; charset=utf-8")
    );
    assert!(home.body.contains("<h1>"), "{}", home.body);
    assert!(home.body.contains("new EventSource(\"/__guide/events\")"));
    // The script goes inside the page, before </body>.
    let script = home.body.find("EventSource").unwrap();
    assert!(script < home.body.rfind("</body>").unwrap());

    for (path, content_type) in [
        ("style.css", "text/css; charset=utf-8"),
        ("favicon.svg", "image/svg+xml"),
        ("part/diagram.svg", "image/svg+xml"),
        ("sitemap.xml", "application/xml"),
        ("part/one/", "text/html; charset=utf-8"),
    ] {
        let r = server.get(path);
        assert_eq!(r.status, 200, "{path}");
        assert_eq!(r.header("content-type"), Some(content_type), "{path}");
    }
    // Only HTML gets the script.
    assert!(!server.get("style.css").body.contains("EventSource"));

    // A folder without its slash is redirected; the bare root goes to the sub-path.
    let r = server.get("part/one");
    assert_eq!(
        (r.status, r.header("location")),
        (307, Some("/repo/part/one/"))
    );
    let r = server.get_raw("/");
    assert_eq!((r.status, r.header("location")), (307, Some("/repo/")));

    // Misses get the site's 404 page with status 404; folders are never listed.
    for path in ["nope/", "part/nope.html", "roles/nobody/"] {
        let r = server.get(path);
        assert_eq!(r.status, 404, "{path}");
        assert!(r.body.contains("Page not found"), "{path}: {}", r.body);
    }
    let r = server.get_raw("/elsewhere/");
    assert_eq!(r.status, 404);

    // Drafts are left out unless asked for.
    assert_eq!(server.get("part/draft/").status, 404);
    drop(server);
    let server = Server::start(&site.root, &["--drafts"]);
    assert_eq!(server.get("part/draft/").status, 200);

    // guide build output never carries the script.
    site.build();
    let built = site.read("public/index.html");
    assert!(!built.contains("EventSource"), "{built}");
    assert!(!built.contains("__guide"), "{built}");
}

#[test]
fn nothing_outside_the_output_is_reachable() {
    let site = SiteTest::from_fixture("basic");
    site.write("secret.txt", "do not serve");
    site.build();
    // A link inside the output folder pointing out of it.
    #[cfg(unix)]
    std::os::unix::fs::symlink(site.path("secret.txt"), site.path("public/leak.txt")).unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink(site.path("content"), site.path("public/content")).unwrap();

    let server = Server::start(&site.root, &[]);
    assert_eq!(server.get("intro/").status, 200);
    for target in [
        "/repo/../secret.txt",
        "/repo/../guide.yaml",
        "/repo/%2e%2e/secret.txt",
        "/repo/%2E%2E/%2e%2e/etc/passwd",
        "/repo/part/%2e%2e/%2e%2e/secret.txt",
        "/repo/..%2fsecret.txt",
        "/repo/..%2Fsecret.txt",
        "/repo/part%2fone/",
        "/repo/..%5csecret.txt",
        "/repo/..\\secret.txt",
        "/repo/./intro/",
        "/repo//intro/",
        "/repo/%00",
        "/secret.txt",
        "/guide.yaml",
        "/repo/leak.txt",
        "/repo/content/intro.md",
        "/repo/public/index.html",
    ] {
        let r = server.get_raw(target);
        assert_eq!(r.status, 404, "{target}");
        assert!(!r.body.contains("do not serve"), "{target}");
        assert!(!r.body.contains("title: Introduction"), "{target}");
    }
}

#[test]
fn edits_additions_renames_and_deletions_reload_the_page() {
    let site = SiteTest::from_fixture("basic");
    let server = Server::start(&site.root, &[]);
    let events = server.events();

    // Edit a chapter's body.
    let two = site.read("content/part/two.md");
    site.write(
        "content/part/two.md",
        format!("{two}\nA freshly added sentence.\n"),
    );
    reloads_until(&server, &events, "the edit", |s| {
        page_has(s, "part/second/", "A freshly added sentence.")
    });

    // Save the way many editors do: write a temporary file, then rename it over the old.
    site.write(
        "content/part/two.md.tmp",
        format!("{two}\nSaved through a temporary file.\n"),
    );
    fs::rename(
        site.path("content/part/two.md.tmp"),
        site.path("content/part/two.md"),
    )
    .unwrap();
    reloads_until(&server, &events, "the save by rename", |s| {
        page_has(s, "part/second/", "Saved through a temporary file.")
    });

    // Add a chapter: its page appears, and its section lists it.
    site.write(
        "content/part/three.md",
        "---\ntitle: Three\nweight: 3\n---\n\nThird page.\n",
    );
    reloads_until(&server, &events, "the new page", |s| {
        page_has(s, "part/three/", "Third page.") && page_has(s, "part/", "part/three/")
    });

    // Rename it: the old URL is gone, the new one served.
    fs::rename(
        site.path("content/part/three.md"),
        site.path("content/part/four.md"),
    )
    .unwrap();
    reloads_until(&server, &events, "the rename", |s| {
        s.get("part/three/").status == 404 && page_has(s, "part/four/", "Third page.")
    });

    // Delete it.
    site.remove("content/part/four.md");
    reloads_until(&server, &events, "the deletion", |s| {
        s.get("part/four/").status == 404 && !page_has(s, "part/", "part/four/")
    });

    // Add a whole section with a page, as one burst of saves.
    site.write(
        "content/extra/_index.md",
        "---\ntitle: Extra\nweight: 50\n---\n\nMore to read.\n",
    );
    site.write(
        "content/extra/more.md",
        "---\ntitle: More\n---\n\nEven more.\n",
    );
    reloads_until(&server, &events, "the new section", |s| {
        page_has(s, "extra/", "More to read.") && page_has(s, "extra/more/", "Even more.")
    });
    // The navigation of every page now shows it.
    assert!(page_has(&server, "intro/", "extra/more/"));

    // Edit a role: its page and the comparison follow.
    let role = "content/roles/social-worker.yaml";
    let text = site
        .read(role)
        .replace("name: First credential", "name: Renamed credential");
    site.write(role, text);
    reloads_until(&server, &events, "the role edit", |s| {
        page_has(s, "roles/social-worker/", "Renamed credential")
            && page_has(s, "compare/", "Renamed credential")
    });

    // A site-level template override applies at once.
    site.write(
        "templates/partials/footer.html",
        "<p>Footer from the site</p>\n",
    );
    reloads_until(&server, &events, "the template", |s| {
        page_has(s, "intro/", "Footer from the site")
    });
}

#[test]
fn polling_notices_changes_too() {
    let site = SiteTest::from_fixture("basic");
    let server = Server::start(&site.root, &["--poll"]);
    let events = server.events();
    site.append("content/part/two.md", "\nSeen by polling.\n");
    reloads_until(&server, &events, "the polled edit", |s| {
        page_has(s, "part/second/", "Seen by polling.")
    });
}

#[test]
fn a_new_base_url_moves_the_site_and_redirects_its_old_pages() {
    let site = SiteTest::from_fixture("basic");
    let server = Server::start(&site.root, &[]);
    let events = server.events();
    assert_eq!(server.get_raw("/repo/part/one/").status, 200);

    let config = site.read("guide.yaml");
    site.write(
        "guide.yaml",
        config.replace("example.github.io/repo/", "example.github.io/docs/"),
    );
    let moved = server.process.stdout_line("base_url changed");
    assert!(
        moved.ends_with(&format!("now serving http://{}/docs/", server.addr)),
        "{moved}"
    );
    reloads_until(&server, &events, "the new base", |s| {
        s.get_raw("/docs/part/one/").status == 200
    });
    // A page open under the old path reloads into the same page under the new one.
    for (old, new) in [
        ("/repo/part/one/", "/docs/part/one/"),
        ("/repo/part/one", "/docs/part/one/"),
        ("/repo/", "/docs/"),
        ("/repo/style.css", "/docs/style.css"),
    ] {
        let r = server.get_raw(old);
        assert_eq!((r.status, r.header("location")), (307, Some(new)), "{old}");
    }
    // What the site does not have is still not found.
    assert_eq!(server.get_raw("/repo/part/nope/").status, 404);
    assert_eq!(server.get_raw("/docs/part/nope/").status, 404);

    // Moving back to the first path redirects the second one's pages.
    site.write("guide.yaml", config);
    server.process.stdout_line("now serving");
    reloads_until(&server, &events, "the first base again", |s| {
        s.get_raw("/repo/part/one/").status == 200
    });
    let r = server.get_raw("/docs/part/one/");
    assert_eq!(
        (r.status, r.header("location")),
        (307, Some("/repo/part/one/"))
    );
}

#[test]
fn a_stylesheet_change_swaps_the_stylesheet_without_a_reload() {
    let site = SiteTest::from_fixture("basic");
    let server = Server::start(&site.root, &[]);
    let events = server.events();
    site.append(
        "themes/default/static/style.css",
        "\n.added-rule { color: red }\n",
    );
    let event = events.next();
    assert_eq!(event.name, "css", "{event:?}");
    assert_eq!(event.data, r#"["style.css"]"#);
    assert!(server.get("style.css").body.contains(".added-rule"));
}

#[test]
fn errors_show_on_every_page_until_fixed() {
    let site = SiteTest::from_fixture("basic");
    let server = Server::start(&site.root, &[]);
    let events = server.events();
    let good_intro = server.get("intro/").body;

    // Break a role and, separately, a chapter.
    let role = "content/roles/social-worker.yaml";
    let original = site.read(role);
    site.write(role, original.replace("licensure:", "licence:"));
    site.write(
        "content/part/two.md",
        "---\ntitle: Two\nslug: second\n\nNo closing fence.\n",
    );
    reloads_until(&server, &events, "the overlay", |s| {
        let body = s.get("intro/").body;
        body.contains("content/roles/social-worker.yaml") && body.contains("content/part/two.md")
    });

    // The overlay says exactly what the terminal says, on a page that has no error of its
    // own, over the last good build of that page.
    let out = site.run(&["check"]);
    assert_eq!(out.status.code(), Some(1));
    let terminal = String::from_utf8(out.stderr).unwrap();
    let blocks: Vec<&str> = terminal
        .split("\n\n")
        .filter(|b| b.contains(": error: "))
        .collect();
    assert_eq!(blocks.len(), 2, "{terminal}");
    let page = server.get("intro/");
    assert_eq!(page.status, 200);
    for block in &blocks {
        let escaped = block
            .replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
            .replace('"', "&quot;")
            .replace('\'', "&#39;");
        assert!(
            page.body.contains(&escaped),
            "{block}\nnot in\n{}",
            page.body
        );
    }
    assert!(
        blocks[1].starts_with("content/roles/social-worker.yaml:"),
        "{}",
        blocks[1]
    );
    assert!(
        blocks[1].contains("unknown field `licence`"),
        "{}",
        blocks[1]
    );
    assert!(page.body.contains("guide-errors"));
    // The last good page is still there under the overlay.
    let main_of =
        |html: &str| html[html.find("<main").unwrap()..html.find("</main>").unwrap()].to_string();
    assert_eq!(main_of(&page.body), main_of(&good_intro));
    // The terminal of the server printed the same.
    let stderr: String = server
        .process
        .stderr
        .try_iter()
        .collect::<Vec<_>>()
        .join("\n");
    assert!(
        stderr.contains(blocks[1].lines().next().unwrap()),
        "{stderr}"
    );

    // Fix one: the other error stays. Fix both: the overlay goes.
    site.write(role, &original);
    reloads_until(&server, &events, "one fix", |s| {
        let body = s.get("intro/").body;
        !body.contains("content/roles/social-worker.yaml:") && body.contains("guide-errors")
    });
    site.write(
        "content/part/two.md",
        "---\ntitle: Two\nslug: second\n---\n\nFixed.\n",
    );
    reloads_until(&server, &events, "recovery", |s| {
        !s.get("intro/").body.contains("guide-errors") && page_has(s, "part/second/", "Fixed.")
    });
}

#[test]
fn a_site_that_starts_broken_is_served_once_fixed() {
    let site = SiteTest::from_fixture("basic");
    let role = "content/roles/social-worker.yaml";
    let original = site.read(role);
    site.write(role, original.replace("summary:", "sumary:"));
    let server = Server::start(&site.root, &[]);
    let page = server.get("intro/");
    assert_eq!(page.status, 200);
    assert!(
        page.body.contains("unknown field `sumary`")
            && page.body.contains("no build has succeeded yet")
            && !page.body.contains("last good build"),
        "{}",
        page.body
    );
    let events = server.events();
    site.write(role, &original);
    reloads_until(&server, &events, "the first good build", |s| {
        !s.get("intro/").body.contains("guide-errors")
    });
}

#[test]
fn a_port_in_use_is_a_clear_error() {
    let site = SiteTest::from_fixture("basic");
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port().to_string();
    let out = site.run(&["serve", "--port", &port]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains(&format!("port {port} on 127.0.0.1 is already in use")),
        "{stderr}"
    );
    assert!(stderr.contains("--port 0"), "{stderr}");
}

/// Sends `signal` (`INT` is Ctrl-C) to a running `guide`.
#[cfg(unix)]
fn send(process: &Running, signal: &str) {
    let pid = process.child.id().to_string();
    let kill = std::process::Command::new("kill")
        .args([&format!("-{signal}"), &pid])
        .status()
        .unwrap();
    assert!(kill.success());
}

#[cfg(unix)]
#[test]
fn ctrl_c_stops_the_server_cleanly() {
    let site = SiteTest::from_fixture("basic");
    let mut server = Server::start(&site.root, &[]);
    // An open reload channel must not keep the server alive.
    let _events = server.events();
    send(&server.process, "INT");
    server.process.stdout_line("stopping");
    let status = server.process.child.wait().unwrap();
    assert!(status.success(), "{status:?}");
    assert!(std::net::TcpStream::connect(server.addr).is_err());
}

/// Ctrl-C during a long rebuild stops the preview at once, without waiting for the rebuild
/// (which would print its "rebuilt" line before the process ends).
///
/// The test makes sure a rebuild is under way when it sends Ctrl-C. `guide serve` prints
/// nothing when a rebuild starts, so the test watches guide.yaml, the first file a rebuild
/// after its change reads: inotify reports each opening of the file, and after the test's
/// own write has closed it the next opening is guide's. The test fails if none comes, and
/// if the rebuild ended (with a "rebuilt" line, or errors) before Ctrl-C was sent. Linux
/// only: the other systems' watchers do not report a file being opened.
#[cfg(target_os = "linux")]
#[test]
fn ctrl_c_does_not_wait_for_a_rebuild() {
    use notify::event::{AccessKind, AccessMode, EventKind};
    use notify::{RecursiveMode, Watcher};
    use server::PATIENCE;

    let site = SiteTest::from_fixture("basic");
    // Enough pages for a rebuild to take seconds in a test build.
    for i in 0..1500 {
        site.write(
            &format!("content/bulk/page-{i}.md"),
            format!(
                "---\ntitle: Bulk {i}\n---\n\n## Part\n\nText of page {i}, [home](../intro.md).\n"
            ),
        );
    }
    let mut server = Server::start(&site.root, &[]);
    let config_path = site.path("guide.yaml");
    let config = site.read("guide.yaml");
    let (tx, accesses) = std::sync::mpsc::channel();
    let watched = config_path.clone();
    let mut watcher = notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
        if let Ok(event) = event
            && event.paths.contains(&watched)
        {
            let _ = tx.send(event.kind);
        }
    })
    .unwrap();
    watcher
        .watch(&config_path, RecursiveMode::NonRecursive)
        .unwrap();
    let wait_for = |what: &str, wanted: fn(&EventKind) -> bool| loop {
        let kind = accesses
            .recv_timeout(PATIENCE)
            .unwrap_or_else(|_| panic!("{what}"));
        if wanted(&kind) {
            return;
        }
    };

    // A new description rebuilds every page.
    site.write(
        "guide.yaml",
        config.replace("A small site", "A larger site"),
    );
    wait_for("the test's own write of guide.yaml was not seen", |kind| {
        matches!(
            kind,
            EventKind::Access(AccessKind::Close(AccessMode::Write))
        )
    });
    wait_for(
        "no rebuild started: guide did not open guide.yaml after it changed",
        |kind| matches!(kind, EventKind::Access(AccessKind::Open(_))),
    );
    send(&server.process, "INT");

    let mut until_stopping = Vec::new();
    loop {
        let line = server
            .process
            .stdout
            .recv_timeout(PATIENCE)
            .expect("no \"stopping\" line after Ctrl-C");
        if line == "stopping" {
            break;
        }
        until_stopping.push(line);
    }
    assert!(
        until_stopping
            .iter()
            .all(|line| !line.starts_with("rebuilt")),
        "the rebuild ended before Ctrl-C was sent, so this shows nothing: {until_stopping:?}"
    );
    let stderr: Vec<String> = server.process.stderr.try_iter().collect();
    assert!(
        stderr.iter().all(|line| !line.contains("last good build")),
        "the rebuild failed: {stderr:?}"
    );
    let status = server.process.child.wait().unwrap();
    assert!(status.success(), "{status:?}");
    let after: Vec<String> = server.process.stdout.try_iter().collect();
    assert!(
        after.iter().all(|line| !line.starts_with("rebuilt")),
        "waited for the rebuild: {after:?}"
    );
}

/// A signal sent the moment a command says it is ready stops it cleanly: it is listened
/// for before that is said (it once arrived before the server listened, and ended it).
#[cfg(unix)]
#[test]
fn a_signal_right_after_the_ready_line_stops_cleanly() {
    let site = SiteTest::from_fixture("basic");
    for (args, ready, signal) in [
        (&["serve", "--port", "0"][..], "serving http://", "INT"),
        (&["serve", "--port", "0"][..], "serving http://", "TERM"),
        (&["build", "--watch"][..], "built ", "INT"),
        (&["build", "--watch"][..], "built ", "TERM"),
    ] {
        let mut process = Running::start(&site.root, args);
        process.stdout_line(ready);
        send(&process, signal);
        process.stdout_line("stopping");
        let status = process.child.wait().unwrap();
        assert!(status.success(), "{args:?} {signal}: {status:?}");
    }
}

#[test]
fn build_watch_keeps_the_output_equal_to_a_clean_build() {
    let site = SiteTest::from_fixture("basic");
    let watching = Running::start(&site.root, &["build", "--watch"]);
    watching.stdout_line("built ");

    site.append("content/part/two.md", "\nWatched edit.\n");
    watching.stdout_line("rebuilt ");
    assert!(
        site.read("public/part/second/index.html")
            .contains("Watched edit.")
    );

    site.remove("content/part/two.md");
    watching.stdout_line("rebuilt ");
    assert!(!site.path("public/part/second").exists());

    let clean = SiteTest::from_fixture("basic");
    clean.remove("content/part/two.md");
    clean.build();
    assert_eq!(site.snapshot("public"), clean.snapshot("public"));
}

#[test]
fn an_edit_of_an_included_file_reloads_the_page_that_includes_it() {
    let site = SiteTest::from_fixture("basic");
    site.write("includes/code.rs", "fn first() {}\n");
    site.append(
        "content/part/two.md",
        "\n```text\n{{ include(path=\"../../includes/code.rs\") }}\n```\n",
    );
    let server = Server::start(&site.root, &[]);
    assert!(page_has(&server, "part/second/", "fn first() {}"));
    let events = server.events();
    site.write("includes/code.rs", "fn second() {}\n");
    reloads_until(&server, &events, "the included file's edit", |s| {
        page_has(s, "part/second/", "fn second() {}")
    });
}

#[test]
fn build_watch_follows_an_included_file() {
    let site = SiteTest::from_fixture("basic");
    site.write("includes/code.rs", "fn first() {}\n");
    let include = "\n```text\n{{ include(path=\"../../includes/code.rs\") }}\n```\n";
    site.append("content/part/two.md", include);
    let watching = Running::start(&site.root, &["build", "--watch"]);
    watching.stdout_line("built ");
    site.write("includes/code.rs", "fn second() {}\n");
    watching.stdout_line("rebuilt ");
    assert!(
        site.read("public/part/second/index.html")
            .contains("fn second() {}")
    );

    let clean = SiteTest::from_fixture("basic");
    clean.write("includes/code.rs", "fn second() {}\n");
    clean.append("content/part/two.md", include);
    clean.build();
    assert_eq!(site.snapshot("public"), clean.snapshot("public"));
}
