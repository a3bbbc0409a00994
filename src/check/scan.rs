//! Scanning the HTML outputs for their ids and their links: each output's body is read part
//! by part (on every core for a long one), and a part the last scan of the same output
//! already read is not read again. A one-shot build scans each output as it is made
//! ([`scan`], [`Scanner`]) and lets go of its bytes; a session keeps the scans and brings
//! them up to date after each build ([`rescan`]).

use std::sync::Arc;

use indexmap::IndexSet;
use rayon::prelude::*;
use rustc_hash::{FxBuildHasher, FxHashMap as HashMap, FxHashSet as HashSet};

use crate::fingerprint::Fingerprint;
use crate::html::{Attribute, Written, attributes};
use crate::output::{Body, Output, PartKind};

use super::memo::Checked;

/// One HTML output, scanned.
#[derive(Clone)]
pub(super) struct Scan {
    /// The bytes scanned.
    body: Body,
    pub(super) ids: Arc<HashSet<String>>,
    /// Ids the output has more than once, each once, in order; almost always none.
    pub(super) twice: Vec<String>,
    /// Distinct `href` and `src` values outside the page's sidebar, in order of appearance.
    pub(super) links: Arc<[String]>,
    /// Fingerprints of every id and every link in order, to tell cheaply that a changed
    /// page (a long one, such as the print page) has the same ids or links as before.
    ids_fingerprint: u64,
    links_fingerprint: u64,
    /// What each part of `body` gave, so a part the next build shares is not read again.
    parts: Vec<PartPrint>,
    pub(super) checked: Option<Checked>,
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

impl Scan {
    /// Scans `output`. What an old scan found is kept when it did not change: its ids, so
    /// the links into this page need no new check, and its links with their results, so an
    /// edit of a page's text alone checks none of its links again.
    fn new(output: &Output, old: Option<&Scan>) -> Self {
        let sidebar = output.sidebar.as_ref();
        let look = |i: usize| match sidebar.is_some_and(|s| s.range.contains(&i)) {
            true if sidebar.is_some_and(|s| s.has_ids) => Look::Ids,
            true => Look::Nothing,
            false if output.body.is_written(i) => Look::Written,
            false => Look::All,
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
                        let values = values_of(&output.body, i, part, look);
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
                .map(|(i, ((_, values), part))| {
                    values.unwrap_or_else(|| values_of(&output.body, i, part, look(i)))
                })
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
            // Kept by `rescan`, for a session; a one-shot build lets the bytes go.
            body: Body::default(),
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

/// The values of part `i` of `body`. Its notes are reached only here, to be read: a
/// rebuild's scan of the print page passes over thousands of chapters it has seen.
fn values_of<'a>(body: &'a Body, i: usize, part: &'a [u8], look: Look) -> Values<'a> {
    let written = (look == Look::Written).then(|| body.written(i)).flatten();
    Values::of(part, look, written)
}

/// Adds `id` to an output's `ids`, or to `twice` when it is there already (once).
fn note_id(ids: &mut HashSet<String>, twice: &mut Vec<String>, id: &str) {
    // Read as a browser reads it, as links are: `a&quot;b` is the id `a"b`.
    let id = match memchr::memchr(b'&', id.as_bytes()).is_some() {
        true => html_escape::decode_html_entities(id),
        false => std::borrow::Cow::Borrowed(id),
    };
    let id = id.as_ref();
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
pub(crate) struct Scanned(pub(super) Scan);

/// Scans `output` for [`Memo::add_scanned`](super::Memo::add_scanned), keeping none of its
/// bytes.
pub(crate) fn scan(output: &Output) -> Scanned {
    // Without the bytes, where the parts were says nothing about a later build's parts.
    Scanned(Scan {
        parts: Vec::new(),
        ..Scan::new(output, None)
    })
}

/// Scans an output given part by part, for one never whole in memory (the print page of a
/// one-shot build).
pub(crate) struct Scanner {
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
    pub(crate) fn new(output: &Output) -> Scanner {
        Scanner {
            sidebar_has_ids: output.sidebar.as_ref().is_some_and(|s| s.has_ids),
            ids: HashSet::default(),
            twice: Vec::new(),
            links: IndexSet::default(),
            ids_fingerprint: Fingerprint::new(),
            links_fingerprint: Fingerprint::new(),
        }
    }

    /// The output's next part; parts are cut between tags.
    pub(crate) fn add(&mut self, part: &[u8], kind: &PartKind) {
        let (look, written) = match kind {
            PartKind::Sidebar if self.sidebar_has_ids => (Look::Ids, None),
            PartKind::Sidebar => (Look::Nothing, None),
            PartKind::Written(noted) => (Look::Written, noted.written()),
            PartKind::Other => (Look::All, None),
        };
        let values = Values::of(part, look, written);
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

    pub(crate) fn finish(self) -> Scanned {
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

/// What the check reads in one of an output's parts.
#[derive(Clone, Copy, PartialEq)]
enum Look {
    /// Ids and links.
    All,
    /// Ids and links, as the part's writer noted them: the HTML is not read.
    Written,
    /// Ids only: the part is the page's sidebar, whose links are checked once per distinct
    /// sidebar (in [`RenderedSite::sidebars`](crate::render::RenderedSite::sidebars)).
    Ids,
    /// Nothing: the part is a sidebar without ids.
    Nothing,
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
    /// The values of `part` that `look` asks for, read from it or, for [`Look::Written`],
    /// taken from what its writer noted (`written`). Parts are cut between tags and
    /// attributes, never inside a value.
    fn of(part: &'a [u8], look: Look, written: Option<&'a Written>) -> Self {
        // A page's parts hold up to a few dozen values; grown from empty, the lists were
        // copied over and over (1% of a large build).
        let mut values = match look {
            Look::All | Look::Written => Values {
                ids: Vec::with_capacity(8),
                links: Vec::with_capacity(16),
                ..Values::default()
            },
            Look::Ids | Look::Nothing => Values::default(),
        };
        let found = match look {
            Look::All => Some(attributes(part)),
            Look::Ids if crate::output::may_hold_ids(part) => Some(attributes(part)),
            Look::Written | Look::Ids | Look::Nothing => None,
        };
        let links = matches!(look, Look::All);
        for (name, value) in found.into_iter().flatten() {
            match name {
                Attribute::Id => values.ids.push(value),
                Attribute::Href | Attribute::Src if links => values.links.push(value),
                _ => {}
            }
        }
        if let Some(written) = written.filter(|_| look == Look::Written) {
            values.ids.extend(written.ids());
            values.links.extend(written.links());
            // What the writer noted is what a reading of its HTML finds; every debug
            // build (and so every test) makes sure.
            #[cfg(debug_assertions)]
            {
                let read = Values::of(part, Look::All, None);
                assert_eq!(
                    (&values.ids, &values.links),
                    (&read.ids, &read.links),
                    "the ids and links noted for this HTML are not the ones it holds:\n{}",
                    String::from_utf8_lossy(part)
                );
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
pub(super) fn rescan(scans: &mut HashMap<String, Scan>, outputs: &[&Output], build: u64) {
    let fresh: Vec<Option<Scan>> = outputs
        .par_iter()
        .map(|o| match scans.get(&o.path) {
            Some(old) if old.body.same_as(&o.body) => None,
            old => Some(Scan {
                body: o.body.clone(),
                ..Scan::new(o, old)
            }),
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sidebar_part_gives_its_ids_only() {
        let nav: &[u8] = br#"<nav id="menu"><a href="x/">x</a></nav>"#;
        let plain = Values::of(
            br#"<nav><a href="x/" class="y">x</a></nav>"#,
            Look::Ids,
            None,
        );
        assert!(plain.ids.is_empty() && plain.links.is_empty());
        let with_id = Values::of(nav, Look::Ids, None);
        assert_eq!((with_id.ids, with_id.links.len()), (vec!["menu"], 0));
        let page = Values::of(nav, Look::All, None);
        assert_eq!((page.ids, page.links), (vec!["menu"], vec!["x/"]));
        let nothing = Values::of(nav, Look::Nothing, None);
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
        // Each output is kept while later ones are scanned, as a session keeps the bodies
        // it scanned: a part is known by where its bytes are.
        let (x, y) = (output("<p>x</p>"), output("<p>y</p>"));
        let mut first = Scan::new(&x, None);
        // What the shared part gave is taken from the old scan, not read again.
        first.parts[0].ids_fingerprint ^= 1;
        let same = Scan::new(&y, Some(&first));
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
