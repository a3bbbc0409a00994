//! The search index: one small JSON file the theme's search script fetches. It holds what a
//! reader searches by (titles, headings, descriptions, role titles and credentials, glossary
//! terms), never whole page bodies, so it stays a few percent of the site's HTML.

use serde::Serialize;

use std::borrow::Borrow;

use crate::markdown::{Rendered, TocEntry};
use crate::model::{GLOSSARY_PATH, Site, url};

/// One searchable thing. Short keys keep the file small; the theme's script reads them.
#[derive(Debug, Serialize, PartialEq, Eq)]
pub struct Entry<'a> {
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
/// into the others, left out), then roles, then glossary terms.
pub fn entries<'a, R: Borrow<Rendered>>(site: &'a Site, rendered: &'a [R]) -> Vec<Entry<'a>> {
    let mut out = Vec::new();
    for &i in &site.reading_order {
        let (page, rendered): (_, &Rendered) = (&site.pages[i], rendered[i].borrow());
        let meta = page.meta();
        let mut headings = Vec::new();
        flatten(&rendered.toc, &mut headings);
        out.push(Entry {
            t: meta.title.clone(),
            u: page.path.clone(),
            k: "Chapter",
            d: meta.description.as_deref().unwrap_or(""),
            h: headings,
            w: String::new(),
        });
    }
    for entry in &site.roles {
        let role = &entry.loaded.role;
        let mut words: Vec<&str> = role.alt_titles.items.iter().map(String::as_str).collect();
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
pub enum Heading<'a> {
    Slug(&'a str),
    Id(&'a str, &'a str),
}

fn flatten<'a>(toc: &'a [TocEntry], out: &mut Vec<Heading<'a>>) {
    for entry in toc {
        out.push(if url::slugify(&entry.title) == entry.id {
            Heading::Slug(&entry.title)
        } else {
            Heading::Id(&entry.id, &entry.title)
        });
        flatten(&entry.children, out);
    }
}

/// The index as compact JSON.
pub fn json<R: Borrow<Rendered>>(site: &Site, rendered: &[R]) -> String {
    // Serialising plain strings and vectors cannot fail.
    serde_json::to_string(&entries(site, rendered)).unwrap_or_else(|_| "[]".into())
}
