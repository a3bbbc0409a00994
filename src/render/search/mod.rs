//! Full-text search: the index of every page a reader can reach (chapters, roles, glossary
//! terms), written as small files under `search/` that the theme's search script fetches
//! as a query needs them (see `index`). A chapter is indexed from the text its Markdown
//! rendering took (`markdown::PageText`), a role and a glossary term from their data, with
//! the words stemmed in the guide's language and synonyms applied (`words`).

mod cjk;
mod count;
mod files;
mod index;
mod packed;
mod session;
mod tasks;
mod variants;
pub(crate) mod words;

use std::borrow::Cow;

use bytes::Bytes;
use serde_json::Value;

use crate::i18n::keys;
use crate::markdown::{PageText, Rendered};
use crate::model::{GLOSSARY_PATH, HOME, SEARCH_DIR, Site};
pub(crate) use session::{Counted, session_files};
use tasks::Tasks;
pub(crate) use words::Analyzer;

/// One page of the index.
#[derive(Debug, Clone)]
pub(crate) struct Doc<'a> {
    pub title: Cow<'a, str>,
    /// Site path, relative to the root (`becoming/licensure/`, `glossary/#msw`).
    pub url: Cow<'a, str>,
    /// Shown next to a result: `Chapter`, `Role` or `Term`.
    pub kind: &'a str,
    /// Its place in the guide: the titles of the sections above it.
    pub crumbs: Cow<'a, str>,
    /// Further words to match but not quote (a description, a role's other titles).
    pub words: Cow<'a, str>,
    /// The text of its headings, and the rest of its text.
    pub headings: Cow<'a, str>,
    pub body: Cow<'a, str>,
    /// In a translation, the source's language of a page shown in the source's words, which
    /// the result marks.
    pub lang: Option<&'a str>,
}

/// The search index of a site as its pages arrive.
pub(crate) struct Index<'a> {
    site: &'a Site,
    analyzer: &'a Analyzer,
    /// Each page's number in the index, when it is indexed: the reading order's, the home
    /// page (which only leads into the others) left out.
    numbers: Vec<Option<u32>>,
    crumbs: Vec<String>,
    tasks: Tasks<'a>,
}

impl<'a> Index<'a> {
    pub(crate) fn new(site: &'a Site, analyzer: &'a Analyzer) -> Index<'a> {
        let mut numbers = vec![None; site.pages.len()];
        let indexed = site.reading_order.iter().filter(|&&i| i != HOME);
        for (n, &i) in (0..).zip(indexed) {
            numbers[i] = Some(n);
        }
        Index {
            site,
            analyzer,
            numbers,
            crumbs: breadcrumbs(site),
            tasks: Tasks::new(analyzer),
        }
    }

    /// Counts the terms of these pages (each by its index, with its own rendering).
    pub(crate) fn add<'r>(&mut self, pages: impl Iterator<Item = (usize, &'r Rendered)>) {
        let docs: Vec<(u32, Doc<'_>)> = pages
            .filter_map(|(i, r)| {
                let doc = page_doc(self.site, &self.crumbs, i, Some(&r.text));
                Some((self.numbers[i]?, doc))
            })
            .collect();
        self.tasks.count(&docs);
    }

    /// The index's files, each with its path from the site's root, sorted by path, once
    /// every page is added: the roles and the glossary's terms are indexed here.
    pub(crate) fn files(mut self) -> Vec<(String, Bytes)> {
        let site = self.site;
        let others = other_docs(site);
        let first = self.numbers.iter().flatten().count() as u32;
        let numbered: Vec<(u32, Doc<'_>)> = (first..).zip(others.iter().cloned()).collect();
        self.tasks.count(&numbered);
        let mut docs: Vec<Doc<'_>> = (site.reading_order.iter())
            .filter(|&&i| i != HOME)
            .map(|&i| page_doc(site, &self.crumbs, i, None))
            .collect();
        docs.extend(others);
        index::files(self.analyzer, &self.tasks.found, &docs)
            .into_iter()
            .map(|(path, bytes)| (format!("{SEARCH_DIR}{path}"), bytes))
            .collect()
    }
}

/// Each page's breadcrumb, for the pages that are a parent: the titles of the sections
/// from the top down to it, the home page left out.
fn breadcrumbs(site: &Site) -> Vec<String> {
    let mut crumbs = vec![String::new(); site.pages.len()];
    let parents: rustc_hash::FxHashSet<usize> =
        site.pages.iter().filter_map(|p| p.parent).collect();
    for p in parents.into_iter().filter(|&p| p != HOME) {
        let mut titles = Vec::new();
        let mut up = Some(p);
        while let Some(at) = up.filter(|&at| at != HOME) {
            titles.push(site.pages[at].meta().title.as_str());
            up = site.pages[at].parent;
        }
        titles.reverse();
        crumbs[p] = titles.join(" › ");
    }
    crumbs
}

/// A chapter's entry, with its text when it is to be counted; `crumbs` from
/// [`breadcrumbs`].
fn page_doc<'a>(
    site: &'a Site,
    crumbs: &'a [String],
    i: usize,
    text: Option<&'a PageText>,
) -> Doc<'a> {
    let page = &site.pages[i];
    let meta = page.meta();
    Doc {
        title: Cow::Borrowed(&meta.title),
        url: Cow::Borrowed(&page.path),
        kind: site.ui.text(keys::SEARCH_CHAPTER),
        crumbs: Cow::Borrowed(page.parent.map_or("", |p| crumbs[p].as_str())),
        words: Cow::Borrowed(meta.description.as_deref().unwrap_or("")),
        headings: Cow::Borrowed(text.map_or("", |t| &t.headings)),
        body: Cow::Borrowed(text.map_or("", |t| &t.body)),
        lang: crate::render::context::fallback_lang(site, page),
    }
}

/// The roles, then the glossary's terms.
fn other_docs(site: &Site) -> Vec<Doc<'_>> {
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
        // Everything the role's page shows of its facts.
        let facts = serde_json::to_value(crate::render::context::role(site, entry));
        let mut text = vec![role.summary.clone()];
        if let Ok(facts) = facts {
            strings(&facts["facts"], &mut text);
        }
        out.push(Doc {
            title: Cow::Borrowed(&role.name),
            url: Cow::Borrowed(&entry.path),
            kind: site.ui.text(keys::SEARCH_ROLE),
            crumbs: site.ui.text(keys::NAV_ROLES).into(),
            words: words.join("; ").into(),
            headings: "".into(),
            // Facts may hold inline HTML (links, emphasis).
            body: without_tags(&text.join("\n")).into(),
            lang: None,
        });
    }
    if site.has_glossary {
        for g in &site.glossary {
            out.push(Doc {
                title: format!("{} ({})", g.term.term, g.term.expansion).into(),
                url: format!("{GLOSSARY_PATH}#{}", g.id).into(),
                kind: site.ui.text(keys::SEARCH_TERM),
                crumbs: site.ui.text(keys::NAV_GLOSSARY).into(),
                words: "".into(),
                headings: "".into(),
                body: Cow::Borrowed(&g.term.definition),
                lang: None,
            });
        }
    }
    out
}

/// The text of a piece of HTML: its tags dropped, its character references decoded.
fn without_tags(html: &str) -> String {
    let mut text = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(lt) = rest.find('<') {
        text.push_str(&rest[..lt]);
        rest = rest[lt..].find('>').map_or("", |gt| &rest[lt + gt + 1..]);
    }
    text.push_str(rest);
    html_escape::decode_html_entities(&text).into_owned()
}

/// The text a reader sees in a role's facts: every string but sources' ids and links.
fn strings(value: &Value, out: &mut Vec<String>) {
    match value {
        Value::String(s) => out.push(s.clone()),
        Value::Array(items) => items.iter().for_each(|v| strings(v, out)),
        Value::Object(map) => {
            for (key, v) in map {
                let not_text = ["sources", "id", "url", "kind", "field", "lang", "note_lang"];
                if !not_text.contains(&key.as_str()) {
                    strings(v, out);
                }
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn facts_lose_their_tags() {
        assert_eq!(
            without_tags("A <a href=\"x\">link</a> &amp; <em>more</em>"),
            "A link & more"
        );
    }
}
