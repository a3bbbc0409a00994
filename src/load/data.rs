//! The site's smaller data files: glossary, sources and the comparison's rows.

use std::collections::BTreeMap;

use serde::Deserialize;

use super::Date;

/// One glossary entry of `content/glossary.yaml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Term {
    pub term: String,
    pub expansion: String,
    pub definition: String,
    /// Other forms of the term in the guide's text (`counsellors`), marked like the term.
    #[serde(default)]
    pub also: Vec<String>,
    /// In a translation: the fields it leaves in the source's language.
    #[serde(skip)]
    pub untranslated: Vec<&'static str>,
}

/// One cited work of `content/sources.yaml`, keyed by its id there.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Source {
    pub title: String,
    /// The name citations show, when neither the author's surname nor the publisher is
    /// short enough (`VCU` for a university's long name).
    #[serde(default)]
    pub short: Option<String>,
    #[serde(default)]
    pub author: Option<String>,
    #[serde(default)]
    pub publisher: Option<String>,
    #[serde(default)]
    pub date: Option<Date>,
    #[serde(default)]
    pub url: Option<String>,
    /// When the author read the source (at `url`), as reference lists give it.
    #[serde(default)]
    pub accessed: Option<Date>,
    #[serde(default)]
    pub note: Option<String>,
    /// In a translation: whether the note is left in the source's language.
    #[serde(skip)]
    pub note_untranslated: bool,
}

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

impl Source {
    /// The name an author-year citation shows: `short`, else the author's surname, else
    /// the publisher (less a closing remark in brackets), else the title.
    pub fn cite_name(&self) -> &str {
        if let Some(short) = &self.short {
            return short;
        }
        if let Some(author) = &self.author {
            return surname(author);
        }
        match &self.publisher {
            // "University (online programme)" is cited as "University".
            Some(publisher) => match publisher.split_once(" (") {
                Some((name, _)) if publisher.ends_with(')') => name,
                _ => publisher,
            },
            None => &self.title,
        }
    }

    /// The year of its date, or `n.d.` (no date), as author-year citations write it.
    pub fn cite_year(&self) -> &str {
        self.date.as_ref().map_or("n.d.", |d| &d.0[..4])
    }

    /// The author as a reference list writes it: `Whitaker, T.` for `Tonya Whitaker`.
    pub fn reference_author(&self) -> Option<String> {
        let author = self.author.as_deref()?.trim();
        // Already written surname first.
        if author.contains(',') {
            return Some(author.to_string());
        }
        let surname = surname(author);
        let given = author[..author.len() - surname.len()].split_whitespace();
        let initials: Vec<String> = given
            .filter_map(|name| name.chars().next())
            .map(|c| format!("{c}."))
            .collect();
        Some(match initials.is_empty() {
            true => surname.to_string(),
            false => format!("{surname}, {}", initials.join(" ")),
        })
    }

    /// Its date as a reference list writes it: `2023, June 5`, or `n.d.`.
    pub fn reference_date(&self) -> String {
        let Some(date) = &self.date else {
            return "n.d.".to_string();
        };
        // A `Date` is checked YYYY-MM-DD when it is read.
        let month: usize = date.0[5..7].parse().unwrap_or(1);
        let day: u32 = date.0[8..10].parse().unwrap_or(1);
        format!("{}, {} {day}", &date.0[..4], MONTHS[month.clamp(1, 12) - 1])
    }
}

/// The family name of `author`: before a comma (`Whitaker, Tonya`), else its last word.
fn surname(author: &str) -> &str {
    let author = author.trim();
    match author.split_once(',') {
        Some((surname, _)) => surname.trim(),
        None => author.split_whitespace().next_back().unwrap_or(author),
    }
}

pub(crate) type Sources = BTreeMap<String, Source>;

/// `content/sources.yaml` as read: an id written twice is an error, where a map read as it
/// is keeps the last of the two.
#[derive(Deserialize)]
#[serde(transparent)]
pub(crate) struct SourcesFile(
    #[serde(deserialize_with = "crate::yaml::unique_keys")] pub(crate) Sources,
);

/// `content/compare.yaml`: what the comparison page shows.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CompareSpec {
    #[serde(default = "default_compare_title")]
    pub title: String,
    #[serde(default)]
    pub description: Option<String>,
    pub rows: Vec<CompareRow>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CompareRow {
    pub field: String,
    pub label: String,
    /// In a translation: whether the label is left in the source's language.
    #[serde(skip)]
    pub untranslated: bool,
}

fn default_compare_title() -> String {
    "Compare the roles".into()
}

impl Default for CompareSpec {
    /// Every field, in the default order, under its default label.
    fn default() -> Self {
        CompareSpec {
            title: default_compare_title(),
            description: None,
            rows: super::roles::FIELDS
                .iter()
                .map(|(field, label)| CompareRow {
                    field: field.to_string(),
                    label: label.to_string(),
                    untranslated: false,
                })
                .collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn source(yaml: &str) -> Source {
        serde_yaml::from_str(yaml).unwrap()
    }

    #[test]
    fn citations_name_the_short_name_then_the_surname_then_the_publisher() {
        let s = source("title: T\nauthor: Tonya Whitaker\npublisher: CareerTrend\n");
        assert_eq!((s.cite_name(), s.cite_year()), ("Whitaker", "n.d."));
        assert_eq!(s.reference_author().as_deref(), Some("Whitaker, T."));
        assert_eq!(s.reference_date(), "n.d.");
        let s = source("title: T\nshort: VCU\npublisher: Virginia\ndate: 2023-06-05\n");
        assert_eq!((s.cite_name(), s.cite_year()), ("VCU", "2023"));
        assert_eq!(s.reference_date(), "2023, June 5");
        assert_eq!(s.reference_author(), None);
        let s = source("title: T\npublisher: Virginia (online programme)\n");
        assert_eq!(s.cite_name(), "Virginia");
        let s = source("title: T\nauthor: Doe, Jane\n");
        assert_eq!(s.cite_name(), "Doe");
        assert_eq!(s.reference_author().as_deref(), Some("Doe, Jane"));
    }
}
