//! The search index: one small JSON file the theme's search script fetches. It holds what a
//! reader searches by (titles, headings, descriptions, role titles and credentials, glossary
//! terms), never whole page bodies, so it stays a few percent of the site's HTML.

use rayon::prelude::*;
use serde::Serialize;

use std::borrow::Borrow;

use crate::markdown::{Rendered, TocEntry};
use crate::model::{GLOSSARY_PATH, Site};

/// One searchable thing. Short keys keep the file small; the theme's script reads them.
#[derive(Debug, Serialize, PartialEq, Eq)]
pub(crate) struct Entry<'a> {
    /// Title.
    pub t: String,
    /// Site path, relative to the root (`becoming/licensure/`, `glossary/#msw`).
    pub u: String,
    /// Kind, shown next to a result: `Chapter`, `Role` or `Term`.
    pub k: &'static str,
    /// A sentence describing it.
    pub d: &'a str,
    /// Headings, to link a result to the matching section.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub h: Vec<Heading<'a>>,
    /// Further words to match but not show (a role's other titles and credentials).
    #[serde(skip_serializing_if = "String::is_empty")]
    pub w: String,
}

/// The index entries of the site: pages in reading order (the home page, which only leads
/// into the others, left out), then roles, then glossary terms. The index is written
/// without them (`json`); the tests serialise them to check it.
#[cfg(test)]
pub(crate) fn entries<'a, R: Borrow<Rendered>>(
    site: &'a Site,
    rendered: &'a [R],
) -> Vec<Entry<'a>> {
    let mut out: Vec<Entry<'_>> = site
        .reading_order
        .iter()
        .map(|&i| page_entry(site, rendered[i].borrow(), i))
        .collect();
    out.extend(other_entries(site));
    out
}

fn page_entry<'a>(site: &'a Site, rendered: &'a Rendered, i: usize) -> Entry<'a> {
    let page = &site.pages[i];
    let meta = page.meta();
    let mut headings = Vec::new();
    flatten(&rendered.toc, &mut headings);
    Entry {
        t: meta.title.clone(),
        u: page.path.clone(),
        k: "Chapter",
        d: meta.description.as_deref().unwrap_or(""),
        h: headings,
        w: String::new(),
    }
}

/// The entries of the roles, then of the glossary terms.
fn other_entries(site: &Site) -> Vec<Entry<'_>> {
    let mut out = Vec::new();
    for entry in &site.roles {
        let role = &entry.loaded.role;
        let mut words: Vec<&str> = role
            .alt_titles
            .items
            .iter()
            .map(|c| c.text.as_str())
            .collect();
        for c in &role.licensure.credentials {
            words.push(&c.abbr);
            words.push(&c.name);
        }
        out.push(Entry {
            t: role.name.clone(),
            u: entry.path.clone(),
            k: "Role",
            d: &role.summary,
            h: Vec::new(),
            w: words.join("; "),
        });
    }
    if site.has_glossary {
        for g in &site.glossary {
            out.push(Entry {
                t: format!("{} ({})", g.term.term, g.term.expansion),
                u: format!("{GLOSSARY_PATH}#{}", g.id),
                k: "Term",
                d: &g.term.definition,
                h: Vec::new(),
                w: String::new(),
            });
        }
    }
    out
}

/// A heading in the index: its title alone when its id is the title's slug (the script
/// makes the same slug), which keeps the index small; otherwise `[id, title]`.
#[derive(Debug, Serialize, PartialEq, Eq)]
#[serde(untagged)]
pub(crate) enum Heading<'a> {
    Slug(&'a str),
    Id(&'a str, &'a str),
}

fn flatten<'a>(toc: &'a [TocEntry], out: &mut Vec<Heading<'a>>) {
    for entry in toc {
        out.push(if entry.id_is_slug {
            Heading::Slug(&entry.title)
        } else {
            Heading::Id(&entry.id, &entry.title)
        });
        flatten(&entry.children, out);
    }
}

/// The index as compact JSON: [`entries`] as one array. The pages' entries are written on
/// every core, a run of pages at a time; on one, a large guide's index was the build's
/// last step to wait for.
pub(crate) fn json<R: Borrow<Rendered> + Sync>(site: &Site, rendered: &[R]) -> String {
    // Serialising plain strings and vectors cannot fail.
    let to_json = |entry: &Entry<'_>| serde_json::to_string(entry).unwrap_or_default();
    let mut pieces: Vec<String> = site
        .reading_order
        .par_chunks(PAGES_PER_RUN)
        .map(|run| {
            let entries: Vec<String> = run
                .iter()
                .map(|&i| to_json(&page_entry(site, rendered[i].borrow(), i)))
                .collect();
            entries.join(",")
        })
        .collect();
    pieces.extend(other_entries(site).iter().map(to_json));
    format!("[{}]", pieces.join(","))
}

/// Pages whose index entries one task writes.
const PAGES_PER_RUN: usize = 512;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markdown::TocEntry;

    /// Written a run of pages at a time on every core, the index is exactly the entries
    /// as one JSON array, in reading order.
    #[test]
    fn the_index_is_the_entries_as_one_array() {
        let pages: Vec<(String, String)> = (0..PAGES_PER_RUN + 40)
            .map(|n| {
                let text = format!("---\ntitle: \"Page \\\"{n}\\\"\"\nweight: {n}\n---\nText.\n");
                (format!("p{n}.md"), text)
            })
            .collect();
        let pages: Vec<(&str, &str)> = pages
            .iter()
            .map(|(a, b)| (a.as_str(), b.as_str()))
            .collect();
        let (_dir, site) = crate::model::fixture_site(&pages);
        assert!(site.reading_order.len() > PAGES_PER_RUN);
        let rendered: Vec<Rendered> = (0..site.pages.len())
            .map(|i| Rendered {
                toc: vec![TocEntry {
                    level: 2,
                    id: format!("h{i}"),
                    title: format!("Heading {i}"),
                    children: Vec::new(),
                    id_is_slug: i % 2 == 0,
                }],
                ..Rendered::default()
            })
            .collect();
        let whole = serde_json::to_string(&entries(&site, &rendered)).unwrap();
        assert_eq!(json(&site, &rendered), whole);
        assert!(whole.contains(r#"{"t":"Page \"551\"","u":"part/p551/""#));
        let chapters = whole.matches(r#""k":"Chapter""#).count();
        assert_eq!(chapters, site.reading_order.len());
    }
}
