//! Links in a built site, followed the way a browser follows them under a sub-path.

use std::collections::{BTreeMap, BTreeSet};

/// Checks every `href` and `src` of every HTML file in `files` (output-relative path ->
/// bytes), as served under `base` (e.g. `/repo/`): each must reach a file of the output and,
/// with a `#fragment`, an element with that id. 404.html is tried at a deep path, as GitHub
/// Pages serves it. Returns how many links were checked.
#[track_caller]
pub(crate) fn check_links(files: &BTreeMap<String, Vec<u8>>, base: &str) -> usize {
    let mut checked = 0;
    for (name, bytes) in files {
        if !name.ends_with(".html") {
            continue;
        }
        let html = String::from_utf8_lossy(bytes);
        // The URL a browser shows for this file.
        let page_url = match name.as_str() {
            "404.html" => format!("{base}some/missing/page"),
            n => format!("{base}{}", n.trim_end_matches("index.html")),
        };
        for link in attr(&html, "href").into_iter().chain(attr(&html, "src")) {
            // Links with a scheme (`https:`, `mailto:`, `tel:`) or a host leave the site.
            let scheme = link.split_once(':').is_some_and(|(s, _)| {
                s.starts_with(|c: char| c.is_ascii_alphabetic())
                    && s.chars()
                        .all(|c| c.is_ascii_alphanumeric() || "+.-".contains(c))
            });
            if scheme || link.starts_with("//") {
                continue;
            }
            // A browser reads character references (`&quot;`) in the attribute, then
            // percent-escapes (`a%20b.txt`, `#%C3%BCber`) before it looks.
            let link = html_escape::decode_html_entities(&link);
            let (path, fragment) = link.split_once('#').unwrap_or((&link, ""));
            // A query is for the server; the file is the path's.
            let path = path.split_once('?').map_or(path, |(path, _)| path);
            let (path, fragment) = (percent_decoded(path), percent_decoded(fragment));
            let path = path.as_str();
            // A fragment-only link stays on the page itself.
            let file = if path.is_empty() {
                name.clone()
            } else {
                let resolved = resolve(&page_url, path);
                let inside = resolved
                    .strip_prefix(base)
                    .unwrap_or_else(|| panic!("{name}: {link} leaves {base} ({resolved})"));
                if inside.is_empty() || inside.ends_with('/') {
                    format!("{inside}index.html")
                } else {
                    inside.to_string()
                }
            };
            let target = files
                .get(&file)
                .unwrap_or_else(|| panic!("{name}: {link} -> {file} missing"));
            if !fragment.is_empty() {
                let target = String::from_utf8_lossy(target);
                let escaped = fragment.replace('&', "&amp;").replace('"', "&quot;");
                assert!(
                    target.contains(&format!("id=\"{escaped}\"")),
                    "{name}: {link} anchor missing"
                );
            }
            checked += 1;
        }
    }
    checked
}

/// `text` with its percent-escapes decoded (a `%` without two hex digits stays as it is).
pub(crate) fn percent_decoded(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (bytes[i], hex) {
            (b'%', Some(b)) => {
                out.push(b);
                i += 3;
            }
            (b, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Browser-style resolution of a relative reference against a path.
fn resolve(base: &str, reference: &str) -> String {
    if reference.starts_with('/') {
        return reference.to_string();
    }
    let dir = &base[..=base.rfind('/').unwrap()];
    let mut parts: Vec<&str> = dir.split('/').filter(|p| !p.is_empty()).collect();
    for segment in reference.split('/') {
        match segment {
            ".." => {
                parts.pop();
            }
            "." | "" => {}
            s => parts.push(s),
        }
    }
    let trailing = reference.ends_with('/')
        || reference.ends_with("/.")
        || reference.ends_with("..")
        || reference == ".";
    format!(
        "/{}{}",
        parts.join("/"),
        if trailing && !parts.is_empty() {
            "/"
        } else {
            ""
        }
    )
}

/// The values of every `name="..."` attribute in `html`.
pub(crate) fn attr(html: &str, name: &str) -> BTreeSet<String> {
    let needle = format!(" {name}=\"");
    html.match_indices(&needle)
        .map(|(i, _)| {
            let rest = &html[i + needle.len()..];
            rest[..rest.find('"').unwrap()].replace("&amp;", "&")
        })
        .collect()
}
