//! The invariants of a successful build's output folder, read from the files alone: the
//! list of files guide keeps is the folder's content, every URL of the sitemap and of the
//! search index is a file, no internal marker leaks into a page, and every link of every
//! page reaches a file and an id of the output.

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

use crate::verdict::Failure;

fn fail<T>(signature: &str, detail: impl Into<String>) -> Result<T, Failure> {
    Err(Failure {
        signature: signature.into(),
        detail: detail.into(),
    })
}

/// Every file of the output and its bytes, by output-relative path.
fn files(out: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(out)
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e
                .path()
                .strip_prefix(out)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            (rel, fs::read(e.path()).unwrap())
        })
        .collect()
}

/// `text` with its character references and percent-escapes read back.
fn decode(text: &str) -> String {
    crate::common::links::percent_decoded(&html_escape::decode_html_entities(text))
}

/// The output file a site path (`a/b/`, `a.txt`, `glossary/#x`) is served from.
fn file_of(path: &str) -> String {
    let path = path.split('#').next().unwrap_or("");
    if path.is_empty() || path.ends_with('/') {
        format!("{path}index.html")
    } else {
        path.to_string()
    }
}

/// Checks the output folder `out`, of which the build said it wrote `said` files; `markers`
/// says no page may hold the renderer's markers.
pub(crate) fn check(out: &Path, said: Option<usize>, markers: bool) -> Result<(), Failure> {
    let files = files(out);
    let Some(list) = files.get(".guide-files") else {
        return fail(
            "no .guide-files",
            "the output has no list of the files guide wrote",
        );
    };
    let listed: Vec<&str> = std::str::from_utf8(list).unwrap_or("").lines().collect();
    let present: Vec<&str> = files
        .keys()
        .map(String::as_str)
        .filter(|f| *f != ".guide-files")
        .collect();
    if listed != present {
        return fail(
            ".guide-files differs from the folder",
            format!("listed: {listed:?}\npresent: {present:?}"),
        );
    }
    if said != Some(present.len()) {
        return fail(
            "the count of files written is wrong",
            format!("said {said:?}, wrote {}", present.len()),
        );
    }

    // The base URL, from robots.txt's `Sitemap:` line.
    let robots = String::from_utf8_lossy(files.get("robots.txt").map_or(&[][..], Vec::as_slice))
        .into_owned();
    let Some(base) = robots
        .lines()
        .find_map(|l| l.strip_prefix("Sitemap: "))
        .and_then(|s| s.strip_suffix("sitemap.xml"))
    else {
        return fail("robots.txt names no sitemap", robots);
    };
    let sitemap = String::from_utf8_lossy(files.get("sitemap.xml").map_or(&[][..], Vec::as_slice))
        .into_owned();
    for loc in sitemap
        .split("<loc>")
        .skip(1)
        .filter_map(|s| s.split_once("</loc>"))
        .map(|(l, _)| decode(l))
    {
        let Some(path) = loc.strip_prefix(&decode(base)) else {
            return fail(
                "a sitemap URL outside the base URL",
                format!("{loc} (base {base})"),
            );
        };
        if !files.contains_key(&file_of(path)) {
            return fail("a sitemap URL without its page", loc);
        }
    }

    // The search index: its entry file, and every page its table of pages lists.
    let json = |name: &str| {
        serde_json::from_slice::<serde_json::Value>(files.get(name).map_or(&[][..], Vec::as_slice))
    };
    let meta = match json("search/meta.json") {
        Ok(v) => v,
        Err(e) => return fail("search/meta.json is not JSON", e.to_string()),
    };
    let per_file = meta["d"].as_u64().unwrap_or(1).max(1);
    for n in 0..meta["n"].as_u64().unwrap_or(0).div_ceil(per_file) {
        let rows = match json(&format!("search/d/{n}.json")) {
            Ok(v) => v,
            Err(e) => return fail("a search table of pages is not JSON", e.to_string()),
        };
        for row in rows.as_array().into_iter().flatten() {
            let u = row[1].as_str().unwrap_or("");
            if !files.contains_key(&file_of(u)) {
                return fail("a search entry without its page", u.to_string());
            }
        }
    }

    // The markers the renderer swaps for shortcodes and placements never reach a page.
    for (name, bytes) in files
        .iter()
        .filter(|(n, _)| markers && n.ends_with(".html"))
    {
        let html = String::from_utf8_lossy(bytes);
        if html.contains(['\u{0}', '\u{E000}', '\u{E001}']) {
            return fail("a marker left in a page", name.clone());
        }
    }

    let base_path = base
        .split_once("://")
        .and_then(|(_, r)| r.find('/').map(|i| &r[i..]))
        .unwrap_or("/");
    let links =
        std::panic::catch_unwind(|| crate::common::links::check_links(&files, &decode(base_path)));
    if let Err(panic) = links {
        let message = panic.downcast_ref::<String>().cloned().unwrap_or_default();
        return fail("a broken link in the output", message);
    }
    Ok(())
}
