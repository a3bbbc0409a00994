//! A real browser watches `guide serve` reload a page by itself: headless Chromium, driven by
//! `tests/serve_browser/reload.mjs` with playwright-core. It needs Chromium and the npm
//! package (`npm ci --ignore-scripts` in tests/serve_browser), which `.ci/run` installs and
//! then runs this test with `--ignored`.

mod common;
#[path = "common/server.rs"]
mod server;

use std::path::Path;
use std::process::Command;

use common::SiteTest;
use server::Server;

#[test]
#[ignore = "needs Chromium and tests/serve_browser/node_modules; .ci/run installs them"]
fn a_page_reloads_itself_after_an_edit() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/serve_browser");
    assert!(
        dir.join("node_modules/playwright-core").is_dir(),
        "run `npm ci --ignore-scripts` in {}",
        dir.display()
    );
    let site = SiteTest::from_fixture("basic");
    let server = Server::start(&site.root, &[]);
    let url = format!("http://{}{}part/one/", server.addr, server.base);
    let out = Command::new("node")
        .arg(dir.join("reload.mjs"))
        .arg(&url)
        .arg(site.path("content/part/one.md"))
        .arg(site.path("themes/default/static/style.css"))
        .current_dir(&dir)
        .output()
        .expect("node runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stdout}\n{stderr}");
    for line in [
        "reloaded by itself after the edit",
        "kept the scroll position",
        "swapped the stylesheet without a reload",
    ] {
        assert!(stdout.contains(line), "{line:?} missing from:\n{stdout}");
    }
}
