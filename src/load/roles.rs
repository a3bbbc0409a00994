//! Typed role data: one `content/roles/<slug>.yaml` per professional role.
//!
//! Parsing is strict (`deny_unknown_fields`), so a typo is an error with a line, never an
//! empty table cell. [`FIELDS`] is the one list of comparable facts: the comparison page,
//! role pages and the `fact` shortcode all read roles through it.

use serde::Deserialize;

use super::Date;
pub(crate) use super::claims::Claim;
pub(crate) use super::pathway::{Pathway, Step, StepStatus};

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Role {
    pub name: String,
    pub summary: String,
    pub reviewed: Date,
    #[serde(default)]
    pub weight: i64,
    pub alt_titles: Items,
    pub focus: Text,
    pub responsibilities: Items,
    pub education: Education,
    pub licensure: Licensure,
    pub counselling: Counselling,
    pub client_contact: ClientContact,
    pub work_settings: Items,
    pub skills: Items,
    pub professional_bodies: Bodies,
    pub specialisations: Items,
    /// The route into the role, drawn by the `pathway` shortcode.
    #[serde(default)]
    pub pathway: Option<Pathway>,
    /// In a translation: the key paths of the text it leaves in the source's language.
    #[serde(skip)]
    pub untranslated: Vec<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Items {
    pub items: Vec<Claim>,
    pub sources: Vec<String>,
    #[serde(default)]
    pub note: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Text {
    pub text: Claim,
    pub sources: Vec<String>,
    #[serde(default)]
    pub note: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Education {
    pub minimum: Claim,
    #[serde(default)]
    pub preferred: Option<Claim>,
    #[serde(default)]
    pub degrees: Vec<Claim>,
    #[serde(default)]
    pub accreditation: Option<Claim>,
    pub sources: Vec<String>,
    #[serde(default)]
    pub note: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Licensure {
    pub required: Claim,
    #[serde(default)]
    pub exams: Vec<Claim>,
    #[serde(default)]
    pub credentials: Vec<Credential>,
    pub sources: Vec<String>,
    #[serde(default)]
    pub note: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Credential {
    pub abbr: String,
    pub name: String,
    #[serde(default)]
    pub requirements: Vec<String>,
    /// Sources of its own, when not its section's.
    #[serde(default)]
    pub sources: Vec<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Counselling {
    pub allowed: bool,
    pub detail: String,
    pub sources: Vec<String>,
    #[serde(default)]
    pub note: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClientContact {
    pub level: Claim,
    pub detail: String,
    pub sources: Vec<String>,
    #[serde(default)]
    pub note: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Bodies {
    pub items: Vec<Body>,
    pub sources: Vec<String>,
    #[serde(default)]
    pub note: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Body {
    pub name: String,
    #[serde(default)]
    pub abbr: Option<String>,
    /// Sources of its own, when not its section's.
    #[serde(default)]
    pub sources: Vec<String>,
}

/// The shape of one fact's value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value<'a> {
    Text(Item<'a>),
    List(Vec<Item<'a>>),
    /// A yes/no answer with the sentence that qualifies it.
    YesNo(bool),
}

/// One value to show: its text, the sources it cites of its own (empty when it cites its
/// section's), and lines that qualify it (a credential's requirements).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Item<'a> {
    pub text: String,
    pub sources: &'a [String],
    pub details: &'a [String],
}

impl<'a> From<&'a Claim> for Item<'a> {
    fn from(claim: &'a Claim) -> Item<'a> {
        Item {
            text: claim.text.clone(),
            sources: &claim.sources,
            details: &[],
        }
    }
}

/// One fact of a role, ready to show: its value, an optional detail, sources and note.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fact<'a> {
    pub value: Value<'a>,
    pub detail: Option<&'a str>,
    pub sources: &'a [String],
    pub note: Option<&'a str>,
}

/// Every comparable field, in default order, with its default label.
pub(crate) const FIELDS: &[(&str, &str)] = &[
    ("focus", "Focus of the work"),
    ("alt_titles", "Other job titles"),
    ("responsibilities", "Typical responsibilities"),
    ("client_contact", "Contact with clients"),
    ("counselling", "May counsel clients"),
    ("education.minimum", "Minimum education"),
    ("education.preferred", "Preferred education"),
    ("education.degrees", "Degrees"),
    ("education.accreditation", "Accreditation"),
    ("licensure.required", "Licensure"),
    ("licensure.exams", "Licensing exams"),
    ("licensure.credentials", "Credentials"),
    ("work_settings", "Where they work"),
    ("skills", "Key skills"),
    ("professional_bodies", "Professional bodies"),
    ("specialisations", "Specialisations"),
];

/// The default label of a field, if the field exists.
pub(crate) fn default_label(field: &str) -> Option<&'static str> {
    FIELDS.iter().find(|(f, _)| *f == field).map(|(_, l)| *l)
}

const NOT_GIVEN: &str = "Not specified";

impl Role {
    /// The fact named by `field` (one of [`FIELDS`]). A text value that cites sources of
    /// its own cites them instead of its section's; a list's items keep theirs.
    pub fn fact(&self, field: &str) -> Option<Fact<'_>> {
        let list = items_fact;
        let fact = match field {
            "focus" => claim_fact(
                Some(&self.focus.text),
                &self.focus.sources,
                &self.focus.note,
            ),
            "alt_titles" => list(&self.alt_titles),
            "responsibilities" => list(&self.responsibilities),
            "work_settings" => list(&self.work_settings),
            "skills" => list(&self.skills),
            "specialisations" => list(&self.specialisations),
            "client_contact" => Fact {
                detail: Some(&self.client_contact.detail),
                ..claim_fact(
                    Some(&self.client_contact.level),
                    &self.client_contact.sources,
                    &self.client_contact.note,
                )
            },
            "counselling" => Fact {
                value: Value::YesNo(self.counselling.allowed),
                detail: Some(&self.counselling.detail),
                sources: &self.counselling.sources,
                note: self.counselling.note.as_deref(),
            },
            "education.minimum" => self.education_fact(Some(&self.education.minimum)),
            "education.preferred" => self.education_fact(self.education.preferred.as_ref()),
            "education.degrees" => Fact {
                value: Value::List(self.education.degrees.iter().map(Item::from).collect()),
                ..self.education_fact(None)
            },
            "education.accreditation" => self.education_fact(self.education.accreditation.as_ref()),
            "licensure.required" => self.licensure_fact(Some(&self.licensure.required)),
            "licensure.exams" => Fact {
                value: Value::List(self.licensure.exams.iter().map(Item::from).collect()),
                ..self.licensure_fact(None)
            },
            "licensure.credentials" => Fact {
                value: Value::List(
                    self.licensure
                        .credentials
                        .iter()
                        .map(Credential::item)
                        .collect(),
                ),
                ..self.licensure_fact(None)
            },
            "professional_bodies" => Fact {
                value: Value::List(
                    self.professional_bodies
                        .items
                        .iter()
                        .map(Body::item)
                        .collect(),
                ),
                detail: None,
                sources: &self.professional_bodies.sources,
                note: self.professional_bodies.note.as_deref(),
            },
            _ => return None,
        };
        Some(fact)
    }

    fn education_fact<'a>(&'a self, value: Option<&'a Claim>) -> Fact<'a> {
        claim_fact(value, &self.education.sources, &self.education.note)
    }

    fn licensure_fact<'a>(&'a self, value: Option<&'a Claim>) -> Fact<'a> {
        claim_fact(value, &self.licensure.sources, &self.licensure.note)
    }

    /// Each fact section's key with the source ids it cites: its own `sources:`, then
    /// those of each value that cites its own.
    pub fn cited_sources(&self) -> Vec<(&'static str, &[String])> {
        let e = &self.education;
        let l = &self.licensure;
        let mut cited = Vec::with_capacity(16);
        for (key, block) in [
            ("alt_titles", &self.alt_titles),
            ("responsibilities", &self.responsibilities),
            ("work_settings", &self.work_settings),
            ("skills", &self.skills),
            ("specialisations", &self.specialisations),
        ] {
            cited.push((key, block.sources.as_slice()));
            cited.extend(own_sources(key, &block.items));
        }
        cited.push(("focus", &self.focus.sources));
        cited.extend(own_sources("focus", [&self.focus.text]));
        let education_values = [
            Some(&e.minimum),
            e.preferred.as_ref(),
            e.accreditation.as_ref(),
        ];
        cited.push(("education", &e.sources));
        cited.extend(own_sources(
            "education",
            education_values.into_iter().flatten(),
        ));
        cited.extend(own_sources("education", &e.degrees));
        cited.push(("licensure", &l.sources));
        cited.extend(own_sources("licensure", [&l.required]));
        cited.extend(own_sources("licensure", &l.exams));
        cited.extend(
            l.credentials
                .iter()
                .filter(|c| !c.sources.is_empty())
                .map(|c| ("licensure", c.sources.as_slice())),
        );
        cited.push(("counselling", &self.counselling.sources));
        cited.push(("client_contact", &self.client_contact.sources));
        cited.extend(own_sources("client_contact", [&self.client_contact.level]));
        cited.push(("professional_bodies", &self.professional_bodies.sources));
        cited.extend(
            self.professional_bodies
                .items
                .iter()
                .filter(|b| !b.sources.is_empty())
                .map(|b| ("professional_bodies", b.sources.as_slice())),
        );
        cited
    }
}

/// The sources of each of `claims` that cites its own, under the section `key`.
fn own_sources<'a>(
    key: &'static str,
    claims: impl IntoIterator<Item = &'a Claim>,
) -> impl Iterator<Item = (&'static str, &'a [String])> {
    claims
        .into_iter()
        .filter(|c| !c.sources.is_empty())
        .map(move |c| (key, c.sources.as_slice()))
}

fn items_fact(items: &Items) -> Fact<'_> {
    Fact {
        value: Value::List(items.items.iter().map(Item::from).collect()),
        detail: None,
        sources: &items.sources,
        note: items.note.as_deref(),
    }
}

/// A fact of one text value (`Not specified` when there is none), citing the value's own
/// sources when it has them, else `section_sources`.
fn claim_fact<'a>(
    claim: Option<&'a Claim>,
    section_sources: &'a [String],
    note: &'a Option<String>,
) -> Fact<'a> {
    let sources = match claim {
        Some(c) if !c.sources.is_empty() => &c.sources,
        _ => section_sources,
    };
    let text = claim.map_or(NOT_GIVEN, |c| c.text.as_str());
    Fact {
        value: Value::Text(Item {
            text: text.to_string(),
            ..Item::default()
        }),
        detail: None,
        sources,
        note: note.as_deref(),
    }
}

impl Credential {
    /// `Name (ABBR)`, with its requirements as lines of their own.
    fn item(&self) -> Item<'_> {
        Item {
            text: format!("{} ({})", self.name, self.abbr),
            sources: &self.sources,
            details: &self.requirements,
        }
    }
}

impl Body {
    fn item(&self) -> Item<'_> {
        let text = match &self.abbr {
            Some(abbr) => format!("{} ({abbr})", self.name),
            None => self.name.clone(),
        };
        Item {
            text,
            sources: &self.sources,
            details: &[],
        }
    }
}
