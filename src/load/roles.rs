//! Typed role data: one `content/roles/<slug>.yaml` per professional role.
//!
//! Parsing is strict (`deny_unknown_fields`), so a typo is an error with a line, never an
//! empty table cell. [`FIELDS`] is the one list of comparable facts: the comparison page,
//! role pages and the `fact` shortcode all read roles through it.

use serde::Deserialize;

use super::Date;
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
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Items {
    pub items: Vec<String>,
    pub sources: Vec<String>,
    #[serde(default)]
    pub note: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Text {
    pub text: String,
    pub sources: Vec<String>,
    #[serde(default)]
    pub note: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Education {
    pub minimum: String,
    #[serde(default)]
    pub preferred: Option<String>,
    #[serde(default)]
    pub degrees: Vec<String>,
    #[serde(default)]
    pub accreditation: Option<String>,
    pub sources: Vec<String>,
    #[serde(default)]
    pub note: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Licensure {
    pub required: String,
    #[serde(default)]
    pub exams: Vec<String>,
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
    pub level: String,
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
}

/// The shape of one fact's value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    Text(String),
    List(Vec<String>),
    /// A yes/no answer with the sentence that qualifies it.
    YesNo(bool),
}

/// One fact of a role, ready to show: its value, an optional detail, sources and note.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fact<'a> {
    pub value: Value,
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
    /// The fact named by `field` (one of [`FIELDS`]).
    pub fn fact(&self, field: &str) -> Option<Fact<'_>> {
        let list = items_fact;
        let fact = match field {
            "focus" => text_fact(&self.focus.text, &self.focus.sources, &self.focus.note),
            "alt_titles" => list(&self.alt_titles),
            "responsibilities" => list(&self.responsibilities),
            "work_settings" => list(&self.work_settings),
            "skills" => list(&self.skills),
            "specialisations" => list(&self.specialisations),
            "client_contact" => Fact {
                value: Value::Text(self.client_contact.level.clone()),
                detail: Some(&self.client_contact.detail),
                sources: &self.client_contact.sources,
                note: self.client_contact.note.as_deref(),
            },
            "counselling" => Fact {
                value: Value::YesNo(self.counselling.allowed),
                detail: Some(&self.counselling.detail),
                sources: &self.counselling.sources,
                note: self.counselling.note.as_deref(),
            },
            "education.minimum" => self.education_fact(Value::Text(self.education.minimum.clone())),
            "education.preferred" => self.education_fact(optional_text(&self.education.preferred)),
            "education.degrees" => self.education_fact(Value::List(self.education.degrees.clone())),
            "education.accreditation" => {
                self.education_fact(optional_text(&self.education.accreditation))
            }
            "licensure.required" => {
                self.licensure_fact(Value::Text(self.licensure.required.clone()))
            }
            "licensure.exams" => self.licensure_fact(Value::List(self.licensure.exams.clone())),
            "licensure.credentials" => self.licensure_fact(Value::List(
                self.licensure
                    .credentials
                    .iter()
                    .map(Credential::describe)
                    .collect(),
            )),
            "professional_bodies" => Fact {
                value: Value::List(
                    self.professional_bodies
                        .items
                        .iter()
                        .map(Body::describe)
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

    fn education_fact(&self, value: Value) -> Fact<'_> {
        Fact {
            value,
            detail: None,
            sources: &self.education.sources,
            note: self.education.note.as_deref(),
        }
    }

    fn licensure_fact(&self, value: Value) -> Fact<'_> {
        Fact {
            value,
            detail: None,
            sources: &self.licensure.sources,
            note: self.licensure.note.as_deref(),
        }
    }

    /// Each fact section's key with the source ids it cites.
    pub fn cited_sources(&self) -> [(&'static str, &[String]); 11] {
        [
            ("alt_titles", &self.alt_titles.sources),
            ("focus", &self.focus.sources),
            ("responsibilities", &self.responsibilities.sources),
            ("education", &self.education.sources),
            ("licensure", &self.licensure.sources),
            ("counselling", &self.counselling.sources),
            ("client_contact", &self.client_contact.sources),
            ("work_settings", &self.work_settings.sources),
            ("skills", &self.skills.sources),
            ("professional_bodies", &self.professional_bodies.sources),
            ("specialisations", &self.specialisations.sources),
        ]
    }
}

fn items_fact(items: &Items) -> Fact<'_> {
    Fact {
        value: Value::List(items.items.clone()),
        detail: None,
        sources: &items.sources,
        note: items.note.as_deref(),
    }
}

fn text_fact<'a>(text: &str, sources: &'a [String], note: &'a Option<String>) -> Fact<'a> {
    Fact {
        value: Value::Text(text.to_string()),
        detail: None,
        sources,
        note: note.as_deref(),
    }
}

fn optional_text(text: &Option<String>) -> Value {
    Value::Text(text.clone().unwrap_or_else(|| NOT_GIVEN.to_string()))
}

impl Credential {
    fn describe(&self) -> String {
        let mut s = format!("{} ({})", self.name, self.abbr);
        if !self.requirements.is_empty() {
            s.push_str(": ");
            s.push_str(&self.requirements.join("; "));
        }
        s
    }
}

impl Body {
    fn describe(&self) -> String {
        match &self.abbr {
            Some(abbr) => format!("{} ({abbr})", self.name),
            None => self.name.clone(),
        }
    }
}
