//! Link resolution against the [`Index`]: the links written in each page's Markdown, which
//! the Markdown stage has already resolved to a page or a site path, and the `href` and
//! `src` values of each output, resolved here from the output's own folder and the site's
//! base path. Each gives its problems and the files whose ids it needed, for the memo.

use std::borrow::Cow;
use std::sync::Arc;

use rayon::prelude::*;
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use crate::diagnostics::{Diagnostic, Diagnostics, suggest};
use crate::html::{has_scheme, percent_decode};
use crate::markdown::Target;
use crate::model::Site;
use crate::render::RenderedSite;
use crate::url;

use super::index::Index;
use super::memo::{Broken, Checked, MarkdownLinks};

/// The base paths a link is read against: the site's, and the whole guide's (the same but
/// for a translation's site, which is a folder of the guide's).
/// In the source's site, the translations' folders (`es/`) are checked as their own sites.
pub(crate) struct Bases<'a> {
    pub(crate) site: &'a str,
    pub(crate) guide: &'a str,
    pub(crate) translations: Vec<String>,
}

impl Bases<'_> {
    /// Whether `path`, which leaves the site, leads into another language of the guide.
    fn other_language(&self, path: &str) -> bool {
        self.guide != self.site && path.starts_with(self.guide)
    }

    /// Whether a site path of the source's site is in a translation's folder.
    fn in_translation(&self, path: &str) -> bool {
        self.translations
            .iter()
            .any(|t| path.starts_with(t.as_str()))
    }
}

/// The template-link problems of one output.
pub(super) fn check_output(
    index: &Index<'_>,
    base: &Bases<'_>,
    path: &str,
    links: &[String],
) -> Checked {
    let from = Linking::new(index, path);
    let mut problems = Vec::new();
    let mut anchored: Vec<(String, Arc<HashSet<String>>)> = Vec::new();
    // Looked up in a set: a page that links into 10,000 others compared each with all.
    let mut seen: HashSet<String> = HashSet::default();
    for link in links {
        let (problem, anchor) = check_link(index, &from, base, link);
        if let Some((problem, target)) = problem {
            problems.push(Broken {
                link: link.clone(),
                problem,
                target,
            });
        }
        // Each file once: a later build only asks whether its ids changed.
        if let Some((target, ids)) = anchor
            && !seen.contains(target.as_ref())
        {
            seen.insert(target.to_string());
            anchored.push((target.into_owned(), ids.clone()));
        }
    }
    Checked {
        files: index.fingerprint,
        problems,
        anchored,
    }
}

/// The output whose links are checked, with what every one of them needs found once.
struct Linking<'a> {
    path: &'a str,
    folder: &'a str,
    root: String,
    /// Whether the output is one of the site's files, and its ids: links within the page
    /// (`#part`: its contents, its headings' own links) are many.
    exists: bool,
    ids: Option<&'a Arc<HashSet<String>>>,
}

impl<'a> Linking<'a> {
    fn new(index: &'a Index<'_>, path: &'a str) -> Self {
        let folder = &path[..path.rfind('/').map_or(0, |i| i + 1)];
        let file = index.files.get(path);
        Linking {
            path,
            folder,
            root: url::root_of(folder),
            exists: file.is_some(),
            ids: file.and_then(Option::as_ref),
        }
    }
}

pub(super) fn check_markdown_links(
    site: &Site,
    rendered: &RenderedSite,
    index: &Index<'_>,
    memo: &mut HashMap<String, MarkdownLinks>,
    diagnostics: &mut Diagnostics,
) {
    let fresh: Vec<Option<MarkdownLinks>> = rendered
        .pages
        .par_iter()
        .enumerate()
        .map(|(i, page_rendered)| {
            let old = memo.get(&site.pages[i].loaded.file.rel);
            match old {
                Some(old)
                    if Arc::ptr_eq(&old.rendered, page_rendered)
                        && old.files == index.fingerprint
                        && index.same_ids(&old.anchored) =>
                {
                    None
                }
                _ => Some(markdown_links(site, i, page_rendered, index)),
            }
        })
        .collect();
    let mut seen = HashSet::default();
    for (page, fresh) in site.pages.iter().zip(fresh) {
        let rel = &page.loaded.file.rel;
        if let Some(fresh) = fresh {
            memo.insert(rel.clone(), fresh);
        }
        if let Some(links) = memo.get(rel) {
            diagnostics.extend(links.problems.iter().cloned());
        }
        seen.insert(rel.as_str());
    }
    memo.retain(|rel, _| seen.contains(rel.as_str()));
}

/// The problems of the links written in one page's Markdown.
fn markdown_links(
    site: &Site,
    i: usize,
    page_rendered: &Arc<crate::markdown::Rendered>,
    index: &Index<'_>,
) -> MarkdownLinks {
    let page = &site.pages[i];
    let source = &page.loaded.source;
    let mut problems = Vec::new();
    let mut anchored = Vec::new();
    let mut seen: HashSet<String> = HashSet::default();
    for link in &page_rendered.links {
        let file = match &link.target {
            // A page of the site is one of its files: only an anchor in it needs looking up.
            Target::Page(_) if link.fragment.is_none() => continue,
            Target::Page(t) => {
                let file = url::output_file(&site.pages[*t].path);
                let ids = index.ids(&file);
                Some((file, ids))
            }
            Target::Path(p) => index.file(p),
        };
        // Named only in messages, so made only for them.
        let what = || match &link.target {
            Target::Page(t) => site.pages[*t].loaded.shown_path().display().to_string(),
            Target::Path(p) => format!("`{p}`"),
        };
        let error = |message: String| {
            Diagnostic::error(page.loaded.shown_path(), message).at_offset(source, link.offset)
        };
        let Some((file, ids)) = file else {
            // An image or a download (`x.svg`) is a file, not a page to link by its .md.
            let path = link.written.split(['#', '?']).next().unwrap_or_default();
            let names_a_file = std::path::Path::new(path)
                .extension()
                .is_some_and(|e| e != "html" && e != "htm");
            problems.push(match names_a_file {
                true => error(format!("link `{}`: no such file in the site", link.written))
                    .with_help("a file is found relative to this page's Markdown file"),
                false => error(format!(
                    "link `{}` points to a page that does not exist",
                    link.written
                ))
                .with_help("link chapters by their .md file, relative to this file"),
            });
            continue;
        };
        let Some(fragment) = &link.fragment else {
            continue;
        };
        let Some(ids) = ids else {
            continue;
        };
        if seen.insert(file.clone()) {
            anchored.push((file.clone(), ids.clone()));
        }
        if !ids.contains(fragment.as_str()) {
            let d = error(format!(
                "link `{}`: {} has no anchor `#{fragment}`",
                link.written,
                what()
            ));
            problems.push(match suggest(fragment, ids.iter().map(String::as_str)) {
                Some(best) => d.with_help(format!("did you mean `#{best}`?")),
                None => match &link.target {
                    Target::Page(t) if site.pages[*t].loaded.translation.is_some() => d.with_help(
                        "a translation's headings keep the ids of the source's headings, in \
                         their order: link the source's anchor",
                    ),
                    _ => d.with_help(
                        "anchors are made from heading text: `## The exams` is #the-exams",
                    ),
                },
            });
        }
    }
    MarkdownLinks {
        rendered: page_rendered.clone(),
        files: index.fingerprint,
        anchored,
        problems,
    }
}

/// A broken link's problem and the site path it resolved to.
type Problem = (String, String);

/// A file whose anchors a link needs, with its ids.
type Anchored<'a> = (Cow<'a, str>, &'a Arc<HashSet<String>>);

/// What is wrong with one link of an output file, if anything: the problem and the site
/// path the link resolved to. Also returns the file whose anchors the link needs, if any,
/// with its ids.
fn check_link<'a>(
    index: &'a Index<'_>,
    from: &Linking<'a>,
    bases: &Bases<'_>,
    link: &str,
) -> (Option<Problem>, Option<Anchored<'a>>) {
    let base = bases.site;
    if let Some(found) = check_plain_link(index, &from.root, link) {
        // Plain links have no fragment.
        return (found, None);
    }
    // Next most common: a link within the page (the skip link, the contents, headings'
    // own links, footnotes), which needs no path worked out.
    if let Some(fragment) = link.strip_prefix('#')
        && !fragment.contains('&')
    {
        return reach(
            Cow::Borrowed(from.path),
            from.exists,
            from.ids,
            Some(fragment),
        );
    }
    // Attribute values may hold character references (`&amp;`, `&ouml;`, `&#246;`), read
    // as a browser reads them; most hold no `&`, and need no copy.
    let link = match link.contains('&') {
        true => html_escape::decode_html_entities(link),
        false => Cow::Borrowed(link),
    };
    if link.is_empty() || link.starts_with("//") || has_scheme(&link) {
        return (None, None);
    }
    let (path, fragment) = match link.split_once('#') {
        Some((p, f)) => (p, Some(f)),
        None => (&*link, None),
    };
    let path = path.split('?').next().unwrap_or(path);
    let path = percent_decode(path);
    // The file the link names, whether it exists, and its ids; a link within the page uses
    // what was found for the page once.
    let (target, exists, ids) = if path.is_empty() {
        (Cow::Borrowed(from.path), from.exists, from.ids)
    } else if let Some(rest) = path.strip_prefix('/') {
        let absolute = format!("/{rest}");
        // From a translation's 404 page (whose root is absolute), `/guide/es/../x/`.
        let normalized = url::normalize_path(rest).map(|p| format!("/{p}"));
        if normalized
            .as_ref()
            .is_some_and(|p| bases.other_language(p) && !p.starts_with(base))
        {
            return (None, None);
        }
        let absolute = match absolute.contains("/../") {
            true => normalized.unwrap_or(absolute),
            false => absolute,
        };
        match absolute.strip_prefix(base) {
            Some(inside) if bases.in_translation(inside) => return (None, None),
            Some(inside) => match index.file(inside) {
                Some((file, ids)) => (Cow::Owned(file), true, ids),
                None => (Cow::Owned(inside.to_string()), false, None),
            },
            None => {
                let problem =
                    format!("it starts at the domain root, outside the site's base path `{base}`");
                return (Some((problem, path)), None);
            }
        }
    } else {
        let Some(joined) = url::normalize_path(&[from.folder, &path].concat()) else {
            // From a translation's site, one level up is the guide's root.
            let up = [&bases.site[bases.guide.len()..], from.folder, &path].concat();
            if bases.other_language(bases.site) && url::normalize_path(&up).is_some() {
                return (None, None);
            }
            return (Some(("it climbs above the site root".into(), path)), None);
        };
        if bases.in_translation(&joined) {
            return (None, None);
        }
        let joined = if path.ends_with('/') || joined.is_empty() {
            joined
        } else {
            joined.trim_end_matches('/').to_string()
        };
        match index.file(&joined) {
            Some((file, ids)) => (Cow::Owned(file), true, ids),
            None => {
                return (
                    Some(("no such page or file in the site".into(), joined)),
                    None,
                );
            }
        }
    };
    reach(target, exists, ids, fragment)
}

/// Whether a link reaches `target` (a file of the site when `exists`, with `ids`) and its
/// `fragment` there.
fn reach<'a>(
    target: Cow<'a, str>,
    exists: bool,
    ids: Option<&'a Arc<HashSet<String>>>,
    fragment: Option<&str>,
) -> (Option<Problem>, Option<Anchored<'a>>) {
    if !exists {
        return (
            Some((
                "no such page or file in the site".into(),
                target.into_owned(),
            )),
            None,
        );
    }
    match (fragment, ids) {
        (Some(f), Some(ids)) if !f.is_empty() => {
            // Non-ASCII ids (`über-uns`) reach the HTML percent-encoded, as browsers decode
            // them again.
            let found = ids.contains(f) || (f.contains('%') && ids.contains(&percent_decode(f)));
            let problem = (!found).then(|| {
                (
                    format!("`{target}` has no anchor `#{f}`"),
                    format!("{target}#{f}"),
                )
            });
            (problem, Some((target, ids)))
        }
        _ => (None, None),
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
