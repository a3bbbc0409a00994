//! Typed, borrowed views of the site that templates receive (documented in
//! docs/authoring.md). Site-wide values are serialised once into Tera's global context;
//! each page adds only its own.

use serde::Serialize;

use crate::markdown::TocEntry;
use crate::model::roles::{self, Value};
use crate::model::{Page, RoleEntry, Site};
use crate::yaml::overlay;

#[derive(Serialize)]
pub(crate) struct SiteCtx<'a> {
    pub title: &'a str,
    pub description: &'a str,
    pub base_url: &'a str,
    pub language: &'a str,
    pub extra: &'a serde_json::Map<String, serde_json::Value>,
}

#[derive(Serialize)]
pub(crate) struct NavItem<'a> {
    pub title: &'a str,
    pub path: &'a str,
    pub children: Vec<NavItem<'a>>,
    /// How many of its pages a sidebar leaves out before and after `children` (see
    /// `render::nav::PAGES_SHOWN`); 0 in the global `nav`, which lists them all.
    pub earlier: usize,
    pub later: usize,
    /// In a translation, the source's language of a page shown in the source's words.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lang: Option<&'a str>,
}

#[derive(Serialize, Clone, Hash)]
pub(crate) struct LinkCtx<'a> {
    pub title: &'a str,
    pub path: &'a str,
    pub description: Option<&'a str>,
    /// Minutes to read the page, in a section's list of chapters only (elsewhere a
    /// change to a page's text would re-render every page linking it).
    pub reading_minutes: Option<usize>,
    /// In a translation, the source's language of a page shown in the source's words.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lang: Option<&'a str>,
}

#[derive(Serialize)]
pub(crate) struct PageCtx<'a> {
    pub title: &'a str,
    pub description: Option<&'a str>,
    pub path: &'a str,
    pub content: &'a str,
    pub toc: &'a [TocEntry],
    pub reviewed: Option<&'a str>,
    pub extra: &'a serde_json::Map<String, serde_json::Value>,
    pub weight: i64,
    pub breadcrumbs: Vec<LinkCtx<'a>>,
    pub prev: Option<LinkCtx<'a>>,
    pub next: Option<LinkCtx<'a>>,
    /// What the reader will be able to do after the chapter (front matter `objectives`).
    pub objectives: &'a [String],
    /// Minutes to read the page's text (`load/words.rs`).
    pub reading_minutes: usize,
    /// How many self-check questions the page has; the theme loads their script if any.
    pub questions: usize,
}

#[derive(Serialize)]
pub(crate) struct SectionCtx<'a> {
    pub pages: Vec<LinkCtx<'a>>,
    pub subsections: Vec<LinkCtx<'a>>,
}

#[derive(Serialize)]
pub(crate) struct RoleSummary<'a> {
    pub slug: &'a str,
    pub name: &'a str,
    pub summary: &'a str,
    pub path: &'a str,
    /// In a translation, the source's language of a name or summary left untranslated.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name_lang: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub summary_lang: Option<&'a str>,
}

/// A cited source, with what its author-year citation shows (`name`, `year`).
#[derive(Serialize)]
pub(crate) struct SourceRef<'a> {
    pub id: &'a str,
    pub title: &'a str,
    pub name: &'a str,
    pub year: &'a str,
}

/// The year an author-year citation shows, or the theme's "no date" (`cite.no_date`).
fn cite_year<'a>(site: &'a Site, source: &'a crate::load::data::Source) -> &'a str {
    match source.date {
        Some(_) => source.cite_year(),
        None => site.ui.text(crate::i18n::keys::CITE_NO_DATE),
    }
}

/// A source's date as its reference list entry writes it, in the theme's words
/// (`sources.date`, `month.1` to `month.12`), or "n.d.".
fn reference_date(site: &Site, source: &crate::load::data::Source) -> String {
    use crate::i18n::keys;
    let Some(date) = &source.date else {
        return site.ui.text(keys::CITE_NO_DATE).to_string();
    };
    // A `Date` is checked YYYY-MM-DD when it is read.
    let month: usize = date.0[5..7].parse().unwrap_or(1);
    let day: u32 = date.0[8..10].parse().unwrap_or(1);
    let month = site.ui.text(keys::MONTHS[month.clamp(1, 12) - 1]);
    crate::i18n::fill(
        site.ui.text(keys::SOURCE_DATE),
        &[
            ("year", &date.0[..4]),
            ("month", month),
            ("day", &day.to_string()),
        ],
    )
}

/// The sources `ids` name, each with its title and citation (its id when the site has no
/// such source, which the model has reported).
pub(crate) fn source_refs<'a>(site: &'a Site, ids: &'a [String]) -> Vec<SourceRef<'a>> {
    ids.iter()
        .map(|id| match site.sources.get(id) {
            Some(s) => SourceRef {
                id,
                title: &s.title,
                name: s.cite_name(),
                year: cite_year(site, s),
            },
            None => SourceRef {
                id,
                title: id,
                name: id,
                year: site.ui.text(crate::i18n::keys::CITE_NO_DATE),
            },
        })
        .collect()
}

/// One value of a list fact: its text, the sources it cites of its own (none when it
/// cites the fact's) and the lines that qualify it (a credential's requirements).
#[derive(Serialize)]
pub(crate) struct ItemCtx<'a> {
    pub text: String,
    pub sources: Vec<SourceRef<'a>>,
    pub details: &'a [String],
}

#[derive(Serialize)]
pub(crate) struct FactCtx<'a> {
    pub field: &'a str,
    pub label: &'a str,
    /// In a translation, the source's language of a label left untranslated.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub label_lang: Option<&'a str>,
    /// `text`, `list` or `yes_no`.
    pub kind: &'static str,
    pub text: Option<String>,
    pub items: Vec<ItemCtx<'a>>,
    pub yes: Option<bool>,
    pub detail: Option<&'a str>,
    pub sources: Vec<SourceRef<'a>>,
    pub note: Option<&'a str>,
    /// In a comparison: the number of its note among the table's notes.
    pub note_number: Option<usize>,
    /// In a translation, the source's language of a value or note left untranslated.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lang: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note_lang: Option<&'a str>,
}

#[derive(Serialize)]
pub(crate) struct RoleCtx<'a> {
    pub slug: &'a str,
    pub name: &'a str,
    pub summary: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name_lang: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub summary_lang: Option<&'a str>,
    pub reviewed: &'a str,
    pub path: &'a str,
    pub facts: Vec<FactCtx<'a>>,
}

#[derive(Serialize)]
pub(crate) struct RowCtx<'a> {
    pub field: &'a str,
    pub label: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub label_lang: Option<&'a str>,
    pub cells: Vec<FactCtx<'a>>,
    /// Every role has the same fact here (value, detail, note and sources), so a table can
    /// show it once across the row.
    pub same: bool,
}

#[derive(Serialize)]
pub(crate) struct CompareCtx<'a> {
    pub title: &'a str,
    /// Starts every id the table writes, so two tables on one page never clash.
    pub id: String,
    pub roles: Vec<RoleSummary<'a>>,
    pub rows: Vec<RowCtx<'a>>,
    /// Each distinct note of the table's facts once, numbered from 1 in reading order;
    /// a cell refers to its note by `note_number`.
    pub notes: Vec<NoteCtx<'a>>,
}

#[derive(Serialize)]
pub(crate) struct NoteCtx<'a> {
    pub number: usize,
    pub text: &'a str,
}

/// One page on the print page.
#[derive(Serialize)]
pub(crate) struct PrintChapterCtx<'a> {
    pub title: &'a str,
    pub path: &'a str,
    /// The id of its section; the ids inside it start with this and a hyphen.
    pub id: String,
    pub is_home: bool,
    pub reviewed: Option<&'a str>,
    pub content: &'a str,
}

#[derive(Serialize)]
pub(crate) struct TermCtx<'a> {
    pub id: &'a str,
    pub term: &'a str,
    pub expansion: &'a str,
    pub definition: &'a str,
    /// In a translation, the source's language of each field left untranslated.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub term_lang: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expansion_lang: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub definition_lang: Option<&'a str>,
}

#[derive(Serialize)]
pub(crate) struct SourceCtx<'a> {
    pub id: &'a str,
    pub title: &'a str,
    pub author: Option<&'a str>,
    pub publisher: Option<&'a str>,
    pub date: Option<&'a str>,
    pub url: Option<&'a str>,
    pub accessed: Option<&'a str>,
    pub note: Option<&'a str>,
    /// In a translation, the source's language of a note left untranslated.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note_lang: Option<&'a str>,
    /// What its author-year citations show: `name` (`short`, the author's surname or the
    /// publisher) and `year` (or `n.d.`).
    pub name: &'a str,
    pub year: &'a str,
    /// The author and date as a reference list writes them: `Whitaker, T.`, `2023, June 5`.
    pub reference_author: Option<String>,
    pub reference_date: String,
}

pub(crate) fn site(site: &Site) -> SiteCtx<'_> {
    let c = &site.config;
    SiteCtx {
        title: &c.title,
        description: &c.description,
        base_url: &c.base_url,
        language: &c.language,
        extra: &c.extra,
    }
}

/// The chapter tree under the home page.
pub(crate) fn nav(site: &Site) -> Vec<NavItem<'_>> {
    fn item(site: &Site, i: usize) -> NavItem<'_> {
        let p = &site.pages[i];
        NavItem {
            title: &p.meta().title,
            path: &p.path,
            children: p.children.iter().map(|&c| item(site, c)).collect(),
            earlier: 0,
            later: 0,
            lang: fallback_lang(site, p),
        }
    }
    site.pages
        .first()
        .map(|home| home.children.iter().map(|&c| item(site, c)).collect())
        .unwrap_or_default()
}

pub(crate) fn link<'a>(site: &'a Site, page: &'a Page) -> LinkCtx<'a> {
    LinkCtx {
        title: &page.meta().title,
        path: &page.path,
        description: page.meta().description.as_deref(),
        reading_minutes: None,
        lang: fallback_lang(site, page),
    }
}

/// In a translation's site, the source's language, which marks the text shown in the
/// source's words; none in the source's own site.
fn source_lang(site: &Site) -> Option<&str> {
    let l = site.localized.as_ref().filter(|l| !l.is_source())?;
    Some(l.editions[0].locale.as_str())
}

/// In a translation's site, the source's language for a page without a translation,
/// whose title and text are the source's.
pub(crate) fn fallback_lang<'a>(site: &'a Site, page: &Page) -> Option<&'a str> {
    source_lang(site).filter(|_| page.loaded.translation.is_none())
}

pub(crate) fn role_summary<'a>(site: &'a Site, role: &'a RoleEntry) -> RoleSummary<'a> {
    let untranslated = &role.loaded.role.untranslated;
    RoleSummary {
        slug: &role.loaded.slug,
        name: &role.loaded.role.name,
        summary: &role.loaded.role.summary,
        path: &role.path,
        name_lang: untranslated_lang(site, untranslated, |p| p == "name"),
        summary_lang: untranslated_lang(site, untranslated, |p| p == "summary"),
    }
}

/// In a translation's site, the source's language for a piece of data text when a path it
/// `covers` is among those the translation leaves out (`untranslated`, by key path).
fn untranslated_lang<'a, P: AsRef<str>>(
    site: &'a Site,
    untranslated: &[P],
    covers: impl Fn(&str) -> bool,
) -> Option<&'a str> {
    source_lang(site).filter(|_| untranslated.iter().any(|p| covers(p.as_ref())))
}

/// One fact of a role for templates, with its sources' titles.
pub(crate) fn fact<'a>(
    site: &'a Site,
    role: &'a RoleEntry,
    field: &'a str,
    label: &'a str,
) -> Option<FactCtx<'a>> {
    let f = role.loaded.role.fact(field)?;
    // The note is its section's (`education.note`), the rest the field's own.
    let untranslated = &role.loaded.role.untranslated;
    let section = field.split_once('.').map_or(field, |(s, _)| s);
    let note_path = format!("{section}.note");
    let note_lang = untranslated_lang(site, untranslated, |p| p == note_path);
    let lang = untranslated_lang(site, untranslated, |p| {
        p != note_path && overlay::is_under(p, field)
    });
    let (kind, text, items, yes) = match f.value {
        Value::Text(t) => ("text", Some(t.text), Vec::new(), None),
        Value::List(items) => {
            let items = items
                .into_iter()
                .map(|item| ItemCtx {
                    sources: source_refs(site, item.sources),
                    text: item.text,
                    details: item.details,
                })
                .collect();
            ("list", None, items, None)
        }
        Value::YesNo(y) => ("yes_no", None, Vec::new(), Some(y)),
    };
    Some(FactCtx {
        field,
        label,
        kind,
        text,
        items,
        yes,
        detail: f.detail,
        sources: source_refs(site, f.sources),
        note: f.note,
        note_number: None,
        lang,
        note_lang,
        label_lang: label_lang(site, field),
    })
}

/// Whether two facts say the same thing, from the same sources.
fn same_fact(a: &FactCtx<'_>, b: &FactCtx<'_>) -> bool {
    fn same_sources(a: &[SourceRef<'_>], b: &[SourceRef<'_>]) -> bool {
        a.iter().map(|s| s.id).eq(b.iter().map(|s| s.id))
    }
    (a.kind, &a.text, a.yes, a.detail, a.note) == (b.kind, &b.text, b.yes, b.detail, b.note)
        && same_sources(&a.sources, &b.sources)
        && a.items.len() == b.items.len()
        && a.items.iter().zip(&b.items).all(|(x, y)| {
            (&x.text, x.details) == (&y.text, y.details) && same_sources(&x.sources, &y.sources)
        })
}

pub(crate) fn role<'a>(site: &'a Site, entry: &'a RoleEntry) -> RoleCtx<'a> {
    let summary = role_summary(site, entry);
    RoleCtx {
        slug: &entry.loaded.slug,
        name: &entry.loaded.role.name,
        summary: &entry.loaded.role.summary,
        name_lang: summary.name_lang,
        summary_lang: summary.summary_lang,
        reviewed: &entry.loaded.role.reviewed.0,
        path: &entry.path,
        facts: once_per_section(
            site.compare
                .rows
                .iter()
                .filter_map(|row| fact(site, entry, &row.field, &row.label))
                .collect(),
        ),
    }
}

/// `facts` with each section's note left only on the first fact that shows it: the
/// fields of one section (`education.minimum`, `education.degrees`) share its `note:`,
/// which a role page would otherwise print under each of them.
fn once_per_section(mut facts: Vec<FactCtx<'_>>) -> Vec<FactCtx<'_>> {
    let section = |field: &str| field.split_once('.').map_or(field, |(s, _)| s).to_string();
    let mut shown: Vec<(String, &str)> = Vec::new();
    for fact in &mut facts {
        let Some(note) = fact.note else { continue };
        let key = (section(fact.field), note);
        match shown.contains(&key) {
            true => fact.note = None,
            false => shown.push(key),
        }
    }
    facts
}

/// A comparison of `roles` over `fields` (each with its label); `id` starts the ids the
/// table writes.
pub(crate) fn compare<'a>(
    site: &'a Site,
    roles: &[&'a RoleEntry],
    fields: &[(&'a str, &'a str)],
    id: &str,
) -> CompareCtx<'a> {
    let mut rows: Vec<RowCtx<'a>> = fields
        .iter()
        .map(|&(field, label)| {
            let cells: Vec<FactCtx<'a>> = roles
                .iter()
                .filter_map(|r| fact(site, r, field, label))
                .collect();
            let same = roles.len() > 1
                && cells.len() == roles.len()
                && cells.windows(2).all(|w| same_fact(&w[0], &w[1]));
            RowCtx {
                field,
                label,
                label_lang: label_lang(site, field),
                cells,
                same,
            }
        })
        .collect();
    // A note shared by several cells is listed once under the table.
    let mut notes: Vec<NoteCtx<'a>> = Vec::new();
    for row in &mut rows {
        let shown = if row.same { 1 } else { row.cells.len() };
        for cell in row.cells.iter_mut().take(shown) {
            let Some(text) = cell.note else { continue };
            let number = match notes.iter().find(|n| n.text == text) {
                Some(n) => n.number,
                None => {
                    notes.push(NoteCtx {
                        number: notes.len() + 1,
                        text,
                    });
                    notes.len()
                }
            };
            cell.note_number = Some(number);
        }
    }
    CompareCtx {
        title: &site.compare.title,
        id: id.to_string(),
        roles: roles.iter().map(|r| role_summary(site, r)).collect(),
        rows,
        notes,
    }
}

/// In a translation's site, the source's language for the label of `field` in compare.yaml
/// when the translation leaves it out.
fn label_lang<'a>(site: &'a Site, field: &str) -> Option<&'a str> {
    let rows = &site.compare.rows;
    source_lang(site).filter(|_| rows.iter().any(|r| r.field == field && r.untranslated))
}

/// The rows of compare.yaml as (field, label) pairs.
pub(crate) fn compare_fields(site: &Site) -> Vec<(&str, &str)> {
    site.compare
        .rows
        .iter()
        .filter(|r| roles::default_label(&r.field).is_some())
        .map(|r| (r.field.as_str(), r.label.as_str()))
        .collect()
}

pub(crate) fn glossary(site: &Site) -> Vec<TermCtx<'_>> {
    site.glossary
        .iter()
        .map(|g| {
            let untranslated = &g.term.untranslated;
            TermCtx {
                id: &g.id,
                term: &g.term.term,
                expansion: &g.term.expansion,
                definition: &g.term.definition,
                term_lang: untranslated_lang(site, untranslated, |f| f == "term"),
                expansion_lang: untranslated_lang(site, untranslated, |f| f == "expansion"),
                definition_lang: untranslated_lang(site, untranslated, |f| f == "definition"),
            }
        })
        .collect()
}

pub(crate) fn sources(site: &Site) -> Vec<SourceCtx<'_>> {
    site.sources
        .iter()
        .map(|(id, s)| SourceCtx {
            id,
            title: &s.title,
            author: s.author.as_deref(),
            publisher: s.publisher.as_deref(),
            date: s.date.as_ref().map(|d| d.0.as_str()),
            url: s.url.as_deref(),
            accessed: s.accessed.as_ref().map(|d| d.0.as_str()),
            note: s.note.as_deref(),
            note_lang: source_lang(site).filter(|_| s.note_untranslated),
            name: s.cite_name(),
            year: cite_year(site, s),
            reference_author: s.reference_author(),
            reference_date: reference_date(site, s),
        })
        .collect()
}
