//! Link checking on the rendered site: every link written in Markdown (reported at its line)
//! and every link the templates emit (navigation, role links) must reach a file of the
//! output, and every `#anchor` an id on the target page.

use std::collections::BTreeMap;

use memchr::memmem;
use rayon::prelude::*;
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use crate::config::base_path;
use crate::diagnostics::{Diagnostic, Diagnostics, suggest};
use crate::markdown::Target;
use crate::model::{Site, rel_content, url};
use crate::render::{Output, RenderedSite, Theme};

/// The built site's files and the ids in each HTML file.
struct Index<'a> {
    files: HashSet<&'a str>,
    /// Folders with an index.html (`a/b/`, and `` for the home page): what pretty links name.
    folders: HashSet<&'a str>,
    ids: HashMap<&'a str, HashSet<&'a str>>,
}

impl<'a> Index<'a> {
    fn new(site: &'a Site, rendered: &'a RenderedSite) -> Self {
        let mut files: HashSet<&str> = rendered.outputs.iter().map(|o| o.path.as_str()).collect();
        files.extend(site.assets.iter().map(|a| a.path.as_str()));
        let folders = files
            .iter()
            .filter_map(|f| f.strip_suffix("index.html"))
            .filter(|folder| folder.is_empty() || folder.ends_with('/'))
            .collect();
        let ids = rendered
            .outputs
            .par_iter()
            .filter(|o| o.path.ends_with(".html"))
            .filter_map(|o| {
                let html = std::str::from_utf8(&o.bytes).ok()?;
                Some((o.path.as_str(), attr_values(html, "id").collect()))
            })
            .collect();
        Index {
            files,
            folders,
            ids,
        }
    }

    /// The output file a site path names, if there is one (`a/` -> `a/index.html`, and
    /// `a` -> `a/index.html` as GitHub Pages redirects it).
    fn file(&self, path: &str) -> Option<String> {
        let candidates = [url::output_file(path), format!("{path}/index.html")];
        candidates
            .into_iter()
            .find(|c| self.files.contains(c.as_str()))
    }
}

/// Checks links. Template links are only checked when nothing else failed.
pub fn check(site: &Site, theme: &Theme, rendered: &RenderedSite, diagnostics: &mut Diagnostics) {
    let index = Index::new(site, rendered);
    check_markdown_links(site, rendered, &index, diagnostics);
    if diagnostics.has_errors() {
        // Template links are checked once the Markdown's own links are right, so one
        // broken link is not reported twice.
        return;
    }
    let base = base_path(&site.config.base_url);
    let problems: Vec<(String, String, &Output)> = rendered
        .outputs
        .par_iter()
        .chain(rendered.sidebars.par_iter())
        .filter(|o| o.path.ends_with(".html"))
        .flat_map_iter(|o| {
            let html = std::str::from_utf8(&o.bytes).unwrap_or("");
            // A page's sidebar is checked once, as one of `rendered.sidebars`.
            let (before, after) = match &o.sidebar {
                Some(range) => (&html[..range.start], &html[range.end..]),
                None => (html, ""),
            };
            let folder = &o.path[..o.path.rfind('/').map_or(0, |i| i + 1)];
            let root = url::root_of(folder);
            let mut seen = HashSet::default();
            let mut found = Vec::new();
            let links = [before, after]
                .into_iter()
                .flat_map(|part| attr_values(part, "href").chain(attr_values(part, "src")));
            for link in links {
                if seen.insert(link)
                    && let Some((problem, target)) =
                        check_link(&index, folder, &root, &o.path, base, link)
                {
                    found.push((format!("links to `{link}`: {problem}"), target, o));
                }
            }
            found
        })
        .collect();
    // One broken link in a template breaks every page it renders: report it once.
    let mut by_target: BTreeMap<&str, (String, &Output, usize)> = BTreeMap::new();
    for (message, target, output) in &problems {
        by_target
            .entry(target.as_str())
            .and_modify(|e| e.2 += 1)
            .or_insert((message.clone(), output, 0));
    }
    for (target, (message, output, more)) in by_target {
        let template = output.template.as_deref().unwrap_or("the generator");
        let also = match more {
            0 => String::new(),
            1 => " and 1 other page".to_string(),
            n => format!(" and {n} other pages"),
        };
        let help = format!("seen in the output file {}{also}", output.path);
        // Point at the template line that writes the link when it is written literally
        // (`{{ root }}about/`); a link built from data is reported on the page's source.
        let literal = literal_part(target, base);
        let located = (!literal.is_empty())
            .then(|| theme.error_at_text(literal, &message))
            .flatten();
        let diagnostic = located
            .unwrap_or_else(|| Diagnostic::error(&output.source, format!("{template} {message}")));
        diagnostics.push(diagnostic.with_help(help));
    }
}

/// The part of a site path a template is likely to spell out: without the base path.
fn literal_part<'t>(target: &'t str, base: &str) -> &'t str {
    target
        .strip_prefix(base)
        .unwrap_or(target)
        .trim_start_matches('/')
}

fn check_markdown_links(
    site: &Site,
    rendered: &RenderedSite,
    index: &Index<'_>,
    diagnostics: &mut Diagnostics,
) {
    for (i, page_rendered) in rendered.pages.iter().enumerate() {
        let page = &site.pages[i];
        let source = &page.loaded.source;
        for link in &page_rendered.links {
            let (file, what) = match &link.target {
                Target::Page(t) => (
                    Some(url::output_file(&site.pages[*t].path)),
                    rel_content(&site.pages[*t].loaded.file.rel)
                        .display()
                        .to_string(),
                ),
                Target::Path(p) => (index.file(p), format!("`{p}`")),
            };
            let error = |message: String| {
                Diagnostic::error(rel_content(&page.loaded.file.rel), message)
                    .at_offset(source, link.offset)
            };
            let Some(file) = file else {
                diagnostics.push(
                    error(format!(
                        "link `{}` points to a page that does not exist",
                        link.written
                    ))
                    .with_help("link chapters by their .md file, relative to this file"),
                );
                continue;
            };
            let Some(fragment) = &link.fragment else {
                continue;
            };
            if let Some(ids) = index.ids.get(file.as_str())
                && !ids.contains(fragment.as_str())
            {
                let d = error(format!(
                    "link `{}`: {what} has no anchor `#{fragment}`",
                    link.written
                ));
                diagnostics.push(match suggest(fragment, ids.iter().copied()) {
                    Some(best) => d.with_help(format!("did you mean `#{best}`?")),
                    None => d.with_help(
                        "anchors are made from heading text: `## The exams` is #the-exams",
                    ),
                });
            }
        }
    }
}

/// What is wrong with one link of an output file, if anything.
/// Returns the problem and the site path the link resolved to.
fn check_link(
    index: &Index<'_>,
    folder: &str,
    root: &str,
    own: &str,
    base: &str,
    link: &str,
) -> Option<(String, String)> {
    if let Some(found) = check_plain_link(index, root, link) {
        return found;
    }
    let link = link.replace("&amp;", "&");
    if link.is_empty() || link.starts_with("//") || has_scheme(&link) {
        return None;
    }
    let (path, fragment) = match link.split_once('#') {
        Some((p, f)) => (p, Some(f)),
        None => (link.as_str(), None),
    };
    let path = path.split('?').next().unwrap_or(path);
    let path = percent_decode(path);
    let target = if path.is_empty() {
        own.to_string()
    } else if let Some(rest) = path.strip_prefix('/') {
        match format!("/{rest}").strip_prefix(base) {
            Some(inside) => index.file(inside).unwrap_or_else(|| inside.to_string()),
            None => {
                let problem =
                    format!("it starts at the domain root, outside the site's base path `{base}`");
                return Some((problem, path));
            }
        }
    } else {
        let Some(joined) = url::normalize_path(&format!("{folder}{path}")) else {
            return Some(("it climbs above the site root".into(), path));
        };
        let joined = if path.ends_with('/') || joined.is_empty() {
            joined
        } else {
            joined.trim_end_matches('/').to_string()
        };
        match index.file(&joined) {
            Some(f) => f,
            None => return Some(("no such page or file in the site".into(), joined)),
        }
    };
    if !index.files.contains(target.as_str()) {
        return Some(("no such page or file in the site".into(), target));
    }
    match (fragment, index.ids.get(target.as_str())) {
        (Some(f), Some(ids)) if !f.is_empty() && !ids.contains(f) => Some((
            format!("`{target}` has no anchor `#{f}`"),
            format!("{target}#{f}"),
        )),
        _ => None,
    }
}

/// The common case, checked without allocating: a link that climbs to the site root and
/// names a page folder from there (`../../roles/x/`, as sidebars write every link), with
/// no fragment. `None` when the link needs the general path.
fn check_plain_link(index: &Index<'_>, root: &str, link: &str) -> Option<Option<(String, String)>> {
    let rest = link.strip_prefix(root)?;
    let plain = (rest.is_empty() || rest.ends_with('/'))
        && !rest.contains(['#', '?', '%', '&', ':', '.'])
        && !rest.starts_with('/')
        && !rest.contains("//");
    if !plain {
        return None;
    }
    if index.folders.contains(rest) {
        Some(None)
    } else {
        None // let the general path find and word the problem
    }
}

fn has_scheme(link: &str) -> bool {
    match (link.find(':'), link.find(['/', '?', '#'])) {
        (Some(c), Some(s)) => c < s,
        (Some(_), None) => true,
        _ => false,
    }
}

fn percent_decode(s: &str) -> String {
    if !s.contains('%') {
        return s.to_string();
    }
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && i + 2 < bytes.len()
            && let Ok(b) = u8::from_str_radix(&s[i + 1..i + 3], 16)
        {
            out.push(b);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Values of `attr="..."` in HTML (double-quoted, as the generator and its templates write).
pub fn attr_values<'h>(html: &'h str, attr: &str) -> impl Iterator<Item = &'h str> + 'h {
    let needle = format!(" {attr}=\"");
    let finder = memmem::Finder::new(needle.as_bytes()).into_owned();
    let mut rest = html;
    std::iter::from_fn(move || {
        let start = finder.find(rest.as_bytes())? + finder.needle().len();
        let len = memchr::memchr(b'"', &rest.as_bytes()[start..])?;
        let value = &rest[start..start + len];
        rest = &rest[start + len..];
        Some(value)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_attribute_values() {
        let html =
            r#"<a href="x/">a</a><h2 id="one">b</h2><img src="i.png" alt=""><p data-id="no">"#;
        assert_eq!(attr_values(html, "href").collect::<Vec<_>>(), ["x/"]);
        assert_eq!(attr_values(html, "id").collect::<Vec<_>>(), ["one"]);
        assert_eq!(attr_values(html, "src").collect::<Vec<_>>(), ["i.png"]);
    }

    #[test]
    fn decodes_percent_escapes() {
        assert_eq!(percent_decode("a%20b"), "a b");
        assert_eq!(percent_decode("100%"), "100%");
    }
}
