//! Link checking on the rendered site: every link written in Markdown (reported at its line)
//! and every link the templates emit (navigation, role links) must reach a file of the
//! output, and every `#anchor` an id on the target page.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::sync::Arc;

use indexmap::IndexSet;
use rayon::prelude::*;
use rustc_hash::{FxBuildHasher, FxHashMap as HashMap, FxHashSet as HashSet};

use crate::config::base_path;
use crate::diagnostics::{Diagnostic, Diagnostics, suggest};
use crate::fingerprint::Fingerprint;
use crate::html::{Attribute, attributes, has_scheme, percent_decode};
use crate::markdown::Target;
use crate::model::{Site, rel_content};
use crate::output::{Body, Output};
use crate::render::{RenderedSite, Theme};
use crate::url;

/// What the checks remember between the builds of one session: each HTML output's ids and
/// links (found again only when its bytes change), and its template-link problems (checked
/// again only when the set of files, or the ids of a page it links into, changed).
#[derive(Default)]
pub struct Memo {
    /// By output path.
    outputs: HashMap<String, Scan>,
    /// The distinct sidebars, by the path of the first page that shows each.
    sidebars: HashMap<String, Scan>,
    /// The links written in each page's Markdown, by the page's content-relative file.
    markdown: HashMap<String, MarkdownLinks>,
    /// Counts builds, to forget outputs a build no longer has.
    builds: u64,
}

/// One HTML output, scanned.
#[derive(Clone)]
struct Scan {
    /// The bytes scanned.
    body: Body,
    ids: Arc<HashSet<String>>,
    /// Ids the output has more than once, each once, in order; almost always none.
    twice: Vec<String>,
    /// Distinct `href` and `src` values outside the page's sidebar, in order of appearance.
    links: Arc<[String]>,
    /// Fingerprints of every id and every link in order, to tell cheaply that a changed
    /// page (a long one, such as the print page) has the same ids or links as before.
    ids_fingerprint: u64,
    links_fingerprint: u64,
    /// What each part of `body` gave, so a part the next build shares is not read again.
    parts: Vec<PartPrint>,
    checked: Option<Checked>,
    /// The build that last had this output.
    used: u64,
}

/// One part of a scanned body, known by where its bytes are, and the fingerprints of the
/// values found in it. A scan holds its body, so the next build's part at the same place
/// with the same length is the same bytes (parts never change once made).
#[derive(Clone, Copy, PartialEq)]
struct PartPrint {
    at: usize,
    len: usize,
    look: Look,
    ids_fingerprint: u64,
    links_fingerprint: u64,
}

impl PartPrint {
    fn of(part: &[u8], look: Look, values: &Values<'_>) -> Self {
        PartPrint {
            at: part.as_ptr() as usize,
            len: part.len(),
            look,
            ids_fingerprint: values.ids_fingerprint,
            links_fingerprint: values.links_fingerprint,
        }
    }

    fn is_of(&self, part: &[u8], look: Look) -> bool {
        self.at == part.as_ptr() as usize && self.len == part.len() && self.look == look
    }
}

/// The problems of the links written in one page's Markdown, and what they depend on: the
/// rendered page (the same allocation means the same links), the file list, and the ids of
/// the pages its links need anchors in.
struct MarkdownLinks {
    rendered: Arc<crate::markdown::Rendered>,
    files: u64,
    anchored: Vec<(String, Arc<HashSet<String>>)>,
    problems: Vec<Diagnostic>,
}

/// The template-link problems of one output, and what they depend on.
#[derive(Clone)]
struct Checked {
    /// Fingerprint of the site's file list when checked.
    files: u64,
    /// (message, target) for each broken link.
    problems: Vec<(String, String)>,
    /// Files whose anchors its links need, with the ids they had.
    anchored: Vec<(String, Arc<HashSet<String>>)>,
}

impl Checked {
    /// Whether nothing these results depend on has changed.
    fn still_valid(&self, index: &Index<'_>) -> bool {
        self.files == index.fingerprint && index.same_ids(&self.anchored)
    }
}

impl Scan {
    /// Scans `output`. What an old scan found is kept when it did not change: its ids, so
    /// the links into this page need no new check, and its links with their results, so an
    /// edit of a page's text alone checks none of its links again.
    fn new(output: &Output, old: Option<&Scan>) -> Self {
        let sidebar = output.sidebar.as_ref();
        let look = |i: usize| {
            Look::at(
                sidebar.is_some_and(|s| s.range.contains(&i)),
                sidebar.is_some_and(|s| s.has_ids),
            )
        };
        // Long bodies (the print page) are scanned on every core, each part's values
        // fingerprinted where they are found. A part the old scan had is not read again:
        // when all the fingerprints come out as before, so do the ids and the links.
        let old_parts = old.map_or(&[][..], |o| &o.parts[..]);
        let found: Vec<(PartPrint, Option<Values<'_>>)> = output
            .body
            .parts()
            .par_iter()
            .enumerate()
            .with_min_len(64)
            .map(|(i, part)| {
                let look = look(i);
                match old_parts.get(i) {
                    Some(print) if print.is_of(part, look) => (*print, None),
                    _ => {
                        let values = Values::of(part, look);
                        (PartPrint::of(part, look, &values), Some(values))
                    }
                }
            })
            .collect();
        let prints: Vec<PartPrint> = found.iter().map(|(print, _)| *print).collect();
        let fingerprint = |of: fn(&PartPrint) -> u64| {
            prints
                .iter()
                .fold(Fingerprint::new(), |f, part| f.with(of(part)))
                .finish()
        };
        let (ids_fingerprint, links_fingerprint) = (
            fingerprint(|p| p.ids_fingerprint),
            fingerprint(|p| p.links_fingerprint),
        );
        let same_ids = old.filter(|old| old.ids_fingerprint == ids_fingerprint);
        let same_links = old.filter(|old| old.links_fingerprint == links_fingerprint);
        // Anything new needs every part's values: the parts taken from the old scan are
        // read now.
        let values: Vec<Values<'_>> = match (same_ids, same_links) {
            (Some(_), Some(_)) => Vec::new(),
            _ => found
                .into_par_iter()
                .zip(output.body.parts().par_iter())
                .enumerate()
                .with_min_len(64)
                .map(|(i, ((_, values), part))| values.unwrap_or_else(|| Values::of(part, look(i))))
                .collect(),
        };
        let (ids, twice) = match same_ids {
            Some(old) => (old.ids.clone(), old.twice.clone()),
            None => {
                let mut ids = HashSet::with_capacity_and_hasher(
                    values.iter().map(|v| v.ids.len()).sum(),
                    Default::default(),
                );
                let mut twice = Vec::new();
                for &id in values.iter().flat_map(|v| &v.ids) {
                    note_id(&mut ids, &mut twice, id);
                }
                let ids = match old {
                    Some(old) if *old.ids == ids => old.ids.clone(),
                    _ => Arc::new(ids),
                };
                (ids, twice)
            }
        };
        let (links, checked) = match same_links {
            Some(old) => (old.links.clone(), old.checked.clone()),
            None => (
                distinct(
                    values.iter().flat_map(|v| &v.links).copied(),
                    values.iter().map(|v| v.links.len()).sum(),
                ),
                None,
            ),
        };
        Scan {
            body: output.body.clone(),
            ids,
            twice,
            links,
            ids_fingerprint,
            links_fingerprint,
            parts: prints,
            checked,
            used: 0,
        }
    }
}

/// Adds `id` to an output's `ids`, or to `twice` when it is there already (once).
fn note_id(ids: &mut HashSet<String>, twice: &mut Vec<String>, id: &str) {
    if ids.contains(id) {
        if !twice.iter().any(|t| t == id) {
            twice.push(id.to_string());
        }
    } else {
        ids.insert(id.to_string());
    }
}

/// Links as a scan keeps them (`count` of them, repeats included): each once, in order of
/// first appearance.
fn distinct<'a>(links: impl Iterator<Item = &'a str>, count: usize) -> Arc<[String]> {
    let mut seen = HashSet::with_capacity_and_hasher(count, Default::default());
    links
        .filter(|link| seen.insert(*link))
        .map(str::to_string)
        .collect()
}

/// The ids and links of an output that a one-shot build writes and lets go of as soon as
/// it is made: the check needs only these.
pub struct Scanned(Scan);

/// Scans `output` for [`Memo::add_scanned`], keeping none of its bytes.
pub fn scan(output: &Output) -> Scanned {
    // Without the bytes, where the parts were says nothing about a later build's parts.
    Scanned(Scan {
        body: Body::default(),
        parts: Vec::new(),
        ..Scan::new(output, None)
    })
}

/// Scans an output given part by part, for one never whole in memory (the print page of a
/// one-shot build).
pub struct Scanner {
    sidebar_has_ids: bool,
    ids: HashSet<String>,
    twice: Vec<String>,
    /// Each link once, in order of first appearance: made distinct as the parts arrive,
    /// while the pages still render, rather than after the last.
    links: IndexSet<String, FxBuildHasher>,
    ids_fingerprint: Fingerprint,
    links_fingerprint: Fingerprint,
}

impl Scanner {
    /// A scanner for the parts of `output`.
    pub fn new(output: &Output) -> Scanner {
        Scanner {
            sidebar_has_ids: output.sidebar.as_ref().is_some_and(|s| s.has_ids),
            ids: HashSet::default(),
            twice: Vec::new(),
            links: IndexSet::default(),
            ids_fingerprint: Fingerprint::new(),
            links_fingerprint: Fingerprint::new(),
        }
    }

    /// The output's next part; parts are cut between tags and attributes.
    pub fn add(&mut self, part: &[u8], in_sidebar: bool) {
        let values = Values::of(part, Look::at(in_sidebar, self.sidebar_has_ids));
        // Folded as `Scan::new` folds the parts' fingerprints.
        self.ids_fingerprint =
            std::mem::take(&mut self.ids_fingerprint).with(values.ids_fingerprint);
        self.links_fingerprint =
            std::mem::take(&mut self.links_fingerprint).with(values.links_fingerprint);
        for &id in &values.ids {
            note_id(&mut self.ids, &mut self.twice, id);
        }
        for &link in &values.links {
            if !self.links.contains(link) {
                self.links.insert(link.to_string());
            }
        }
    }

    pub fn finish(self) -> Scanned {
        Scanned(Scan {
            body: Body::default(),
            ids: Arc::new(self.ids),
            twice: self.twice,
            links: self.links.into_iter().collect(),
            ids_fingerprint: self.ids_fingerprint.finish(),
            links_fingerprint: self.links_fingerprint.finish(),
            parts: Vec::new(),
            checked: None,
            used: 0,
        })
    }
}

impl Memo {
    /// Takes the scan of an output whose body is then given to the check empty (the
    /// empty body being the same as the scan's, the scan is used as it is).
    pub fn add_scanned(&mut self, path: String, scanned: Scanned) {
        self.outputs.insert(path, scanned.0);
    }

    /// Makes room for `more` outputs given by [`Memo::add_scanned`].
    pub fn reserve(&mut self, more: usize) {
        self.outputs.reserve(more);
    }
}

/// What the check reads in one of an output's parts.
#[derive(Clone, Copy, PartialEq)]
enum Look {
    /// Ids and links.
    All,
    /// Ids only: the part is the page's sidebar, whose links are checked once per distinct
    /// sidebar (in [`RenderedSite::sidebars`]).
    Ids,
    /// Nothing: the part is a sidebar without ids.
    Nothing,
}

impl Look {
    fn at(in_sidebar: bool, sidebar_has_ids: bool) -> Look {
        match (in_sidebar, sidebar_has_ids) {
            (false, _) => Look::All,
            (true, true) => Look::Ids,
            (true, false) => Look::Nothing,
        }
    }
}

/// The attribute values found in one of an output's parts.
#[derive(Default)]
struct Values<'a> {
    ids: Vec<&'a str>,
    /// `href` and `src` values outside the page's sidebar.
    links: Vec<&'a str>,
    ids_fingerprint: u64,
    links_fingerprint: u64,
}

impl<'a> Values<'a> {
    /// The values of `part` that `look` asks for. Parts are cut between tags and
    /// attributes, never inside a value.
    fn of(part: &'a [u8], look: Look) -> Self {
        // A page's parts hold up to a few dozen values; grown from empty, the lists were
        // copied over and over (1% of a large build).
        let mut values = match look {
            Look::All => Values {
                ids: Vec::with_capacity(8),
                links: Vec::with_capacity(16),
                ..Values::default()
            },
            Look::Ids | Look::Nothing => Values::default(),
        };
        let found = match look {
            Look::All => Some(attributes(part)),
            Look::Ids if crate::output::may_hold_ids(part) => Some(attributes(part)),
            Look::Ids | Look::Nothing => None,
        };
        for (name, value) in found.into_iter().flatten() {
            match name {
                Attribute::Id => values.ids.push(value),
                Attribute::Href | Attribute::Src if look == Look::All => values.links.push(value),
                _ => {}
            }
        }
        let of = |values: &[&str]| {
            values
                .iter()
                .fold(Fingerprint::new(), Fingerprint::with)
                .finish()
        };
        (values.ids_fingerprint, values.links_fingerprint) = (of(&values.ids), of(&values.links));
        values
    }
}

/// Brings the scans of `outputs` up to date: scans new and changed HTML outputs, keeps the
/// rest, forgets outputs that are gone.
fn rescan(scans: &mut HashMap<String, Scan>, outputs: &[&Output], build: u64) {
    let fresh: Vec<Option<Scan>> = outputs
        .par_iter()
        .map(|o| match scans.get(&o.path) {
            Some(old) if old.body.same_as(&o.body) => None,
            old => Some(Scan::new(o, old)),
        })
        .collect();
    for (o, scan) in outputs.iter().zip(fresh) {
        if let Some(scan) = scan {
            scans.insert(o.path.clone(), scan);
        }
        if let Some(scan) = scans.get_mut(&o.path) {
            scan.used = build;
        }
    }
    scans.retain(|_, scan| scan.used == build);
}

/// The built site's files and the ids in each HTML file.
struct Index<'a> {
    /// Every file, with its ids if it is HTML: one lookup tells whether a link's target
    /// exists and what anchors it has (in a large site each lookup misses the caches).
    files: HashMap<&'a str, Option<Arc<HashSet<String>>>>,
    /// Folders with an index.html (`a/b/`, and `` for the home page): what pretty links name.
    folders: HashSet<&'a str>,
    /// Changes whenever a file is added or removed.
    fingerprint: u64,
}

impl<'a> Index<'a> {
    fn new(site: &'a Site, rendered: &'a RenderedSite, scans: &HashMap<String, Scan>) -> Self {
        // Sized at once: grown from empty, these large sets were rebuilt over and over
        // while the other cores waited.
        let mut files = HashMap::with_capacity_and_hasher(
            rendered.outputs.len() + site.assets.len(),
            Default::default(),
        );
        files.extend(rendered.outputs.iter().map(|o| {
            let ids = scans.get(&o.path).map(|scan| scan.ids.clone());
            (o.path.as_str(), ids)
        }));
        for asset in &site.assets {
            files.entry(asset.path.as_str()).or_insert(None);
        }
        let mut folders = HashSet::with_capacity_and_hasher(files.len(), Default::default());
        folders.extend(
            files
                .keys()
                .filter_map(|f| f.strip_suffix("index.html"))
                .filter(|folder| folder.is_empty() || folder.ends_with('/')),
        );
        let mut fingerprint = Fingerprint::new().with(&site.config.base_url);
        for o in &rendered.outputs {
            fingerprint = fingerprint.with(&o.path);
        }
        for a in &site.assets {
            fingerprint = fingerprint.with(&a.path);
        }
        Index {
            files,
            folders,
            fingerprint: fingerprint.finish(),
        }
    }

    /// The ids of an HTML file of the site.
    fn ids(&self, file: &str) -> Option<&Arc<HashSet<String>>> {
        self.files.get(file)?.as_ref()
    }

    /// Whether each of these files still has the very ids it had when they were noted.
    fn same_ids(&self, anchored: &[(String, Arc<HashSet<String>>)]) -> bool {
        anchored
            .iter()
            .all(|(file, ids)| self.ids(file).is_some_and(|now| Arc::ptr_eq(now, ids)))
    }

    /// The output file a site path names, if there is one (`a/` -> `a/index.html`, and
    /// `a` -> `a/index.html` as GitHub Pages redirects it), with its ids.
    fn file(&self, path: &str) -> Option<(String, Option<&Arc<HashSet<String>>>)> {
        let own = url::output_file(path);
        if let Some(ids) = self.files.get(own.as_str()) {
            return Some((own, ids.as_ref()));
        }
        let folder = [path, "/index.html"].concat();
        let ids = self.files.get(folder.as_str())?;
        Some((folder, ids.as_ref()))
    }
}

/// Checks links, reusing from `memo` what the last build of the session found in outputs
/// that did not change. Template links are only checked when nothing else failed.
pub fn check(
    site: &Site,
    theme: &Theme,
    rendered: &RenderedSite,
    memo: &mut Memo,
    diagnostics: &mut Diagnostics,
) {
    fn html(outputs: &[Output]) -> Vec<&Output> {
        outputs
            .iter()
            .filter(|o| o.path.ends_with(".html"))
            .collect()
    }
    let (pages, sidebars) = (html(&rendered.outputs), html(&rendered.sidebars));
    memo.builds += 1;
    rescan(&mut memo.outputs, &pages, memo.builds);
    rescan(&mut memo.sidebars, &sidebars, memo.builds);

    report_ids_twice(site, theme, rendered, &pages, &memo.outputs, diagnostics);
    let index = Index::new(site, rendered, &memo.outputs);
    check_markdown_links(site, rendered, &index, &mut memo.markdown, diagnostics);
    if diagnostics.has_errors() {
        // Template links are checked once the Markdown's own links are right, so one
        // broken link is not reported twice.
        return;
    }
    let base = base_path(&site.config.base_url);
    // Check again the outputs whose links may now give other results.
    for (outputs, scans) in [(&pages, &mut memo.outputs), (&sidebars, &mut memo.sidebars)] {
        let rechecked: Vec<Option<Checked>> = outputs
            .par_iter()
            .map(|o| {
                let scan = scans.get(&o.path)?;
                match &scan.checked {
                    Some(c) if c.still_valid(&index) => None,
                    _ => Some(check_output(&index, base, &o.path, &scan.links)),
                }
            })
            .collect();
        for (o, checked) in outputs.iter().zip(rechecked) {
            if let (Some(checked), Some(scan)) = (checked, scans.get_mut(&o.path)) {
                scan.checked = Some(checked);
            }
        }
    }
    let mut problems: Vec<(&String, &String, &Output)> = Vec::new();
    for (outputs, scans) in [(&pages, &memo.outputs), (&sidebars, &memo.sidebars)] {
        for output in outputs {
            if let Some(c) = scans.get(&output.path).and_then(|s| s.checked.as_ref()) {
                problems.extend(c.problems.iter().map(|(m, t)| (m, t, *output)));
            }
        }
    }
    // One broken link in a template breaks every page it renders: report it once.
    let mut by_target: BTreeMap<&str, (String, &Output, usize)> = BTreeMap::new();
    for (message, target, output) in problems {
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

/// Reports each id an output has twice: a link to it could only ever reach the first, and
/// the page is not valid HTML. A heading's id is told at the heading (its author can give it
/// another), any other at the first place that writes it: the page's own HTML, or a template.
fn report_ids_twice(
    site: &Site,
    theme: &Theme,
    rendered: &RenderedSite,
    outputs: &[&Output],
    scans: &HashMap<String, Scan>,
    diagnostics: &mut Diagnostics,
) {
    for output in outputs {
        let Some(scan) = scans.get(&output.path).filter(|s| !s.twice.is_empty()) else {
            continue;
        };
        let page = site
            .pages
            .iter()
            .position(|p| url::output_file(&p.path) == output.path);
        let template = output.template.as_deref().unwrap_or("the generator");
        for id in &scan.twice {
            let message = format!(
                "the id `{id}` is on two elements of the output file {}, so a link to \
                 `#{id}` reaches only the first",
                output.path
            );
            let heading = page.and_then(|i| {
                let (_, offset) = rendered.pages[i].ids.iter().find(|(h, _)| h == id)?;
                Some((&site.pages[i], *offset))
            });
            let written = format!("id=\"{id}\"");
            let in_source = page.and_then(|i| {
                let page = &site.pages[i];
                let offset = page.loaded.source.find(&written)?;
                Some((page, offset))
            });
            let diagnostic = match (heading, in_source) {
                (Some((page, offset)), _) => {
                    Diagnostic::error(rel_content(&page.loaded.file.rel), message)
                        .at_offset(&page.loaded.source, offset)
                        .with_help(format!(
                            "the page's template ({template}) or its HTML has an element \
                             with this id too; give the heading an id of its own, as in \
                             `## Title {{#another-id}}`"
                        ))
                }
                (None, Some((page, offset))) => {
                    Diagnostic::error(rel_content(&page.loaded.file.rel), message)
                        .at_offset(&page.loaded.source, offset)
                }
                (None, None) => theme
                    .error_at_text(&written, &message)
                    .unwrap_or_else(|| Diagnostic::error(&output.source, message)),
            };
            diagnostics.push(diagnostic);
        }
    }
}

/// The template-link problems of one output.
fn check_output(index: &Index<'_>, base: &str, path: &str, links: &[String]) -> Checked {
    let from = Linking::new(index, path);
    let mut problems = Vec::new();
    let mut anchored: Vec<(String, Arc<HashSet<String>>)> = Vec::new();
    // Looked up in a set: a page that links into 10,000 others compared each with all.
    let mut seen: HashSet<String> = HashSet::default();
    for link in links {
        let (problem, anchor) = check_link(index, &from, base, link);
        if let Some((problem, target)) = problem {
            problems.push((format!("links to `{link}`: {problem}"), target));
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
            Target::Page(t) => rel_content(&site.pages[*t].loaded.file.rel)
                .display()
                .to_string(),
            Target::Path(p) => format!("`{p}`"),
        };
        let error = |message: String| {
            Diagnostic::error(rel_content(&page.loaded.file.rel), message)
                .at_offset(source, link.offset)
        };
        let Some((file, ids)) = file else {
            problems.push(
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
                None => {
                    d.with_help("anchors are made from heading text: `## The exams` is #the-exams")
                }
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
    base: &str,
    link: &str,
) -> (Option<Problem>, Option<Anchored<'a>>) {
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
    // Template links are written escaped; most hold no `&`, and need no copy.
    let link = match link.contains('&') {
        true => Cow::Owned(link.replace("&amp;", "&")),
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
        match format!("/{rest}").strip_prefix(base) {
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
            return (Some(("it climbs above the site root".into(), path)), None);
        };
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
            let problem = (!ids.contains(f)).then(|| {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sidebar_part_gives_its_ids_only() {
        let nav: &[u8] = br#"<nav id="menu"><a href="x/">x</a></nav>"#;
        let plain = Values::of(br#"<nav><a href="x/" class="y">x</a></nav>"#, Look::Ids);
        assert!(plain.ids.is_empty() && plain.links.is_empty());
        let with_id = Values::of(nav, Look::Ids);
        assert_eq!((with_id.ids, with_id.links.len()), (vec!["menu"], 0));
        let page = Values::of(nav, Look::All);
        assert_eq!((page.ids, page.links), (vec!["menu"], vec!["x/"]));
        let nothing = Values::of(nav, Look::Nothing);
        assert!(nothing.ids.is_empty() && nothing.links.is_empty());
        assert_eq!(nothing.ids_fingerprint, plain.ids_fingerprint);
    }

    #[test]
    fn a_rescan_reads_only_the_parts_it_has_not_seen() {
        let shared = bytes::Bytes::from_static(br#"<h2 id="a">A</h2><a href="b/">b</a>"#);
        let output = |last: &str| Output {
            path: "print/index.html".into(),
            body: Body::from_parts(vec![shared.clone(), last.to_string().into()]),
            source: Default::default(),
            template: None,
            sidebar: None,
        };
        let mut first = Scan::new(&output("<p>x</p>"), None);
        // What the shared part gave is taken from the old scan, not read again.
        first.parts[0].ids_fingerprint ^= 1;
        let same = Scan::new(&output("<p>y</p>"), Some(&first));
        assert!(same.parts[0] == first.parts[0] && same.parts[1] != first.parts[1]);
        // The changed part has the same values: the old ids, links and results stand.
        assert!(Arc::ptr_eq(&same.ids, &first.ids) && Arc::ptr_eq(&same.links, &first.links));
        // New values in the changed part: every part is read for them.
        let more = Scan::new(&output(r#"<p id="c"><a href="d/">d</a></p>"#), Some(&same));
        let mut ids: Vec<&str> = more.ids.iter().map(String::as_str).collect();
        ids.sort();
        assert_eq!(
            (ids, &more.links[..]),
            (vec!["a", "c"], &["b/".to_string(), "d/".into()][..])
        );
        // Equal bytes elsewhere in memory are read: only the same part is known.
        let copy = Output {
            body: Body::from_parts(vec![shared.to_vec().into(), "<p>y</p>".into()]),
            ..output("")
        };
        assert!(Scan::new(&copy, Some(&same)).parts[0] != same.parts[0]);
    }
}
