//! The route into a role, as a role file states it under `pathway:`: education, supervised
//! practice, exam and credential, each with what the sources say, or that it varies by
//! state, or that the sources do not say. The `pathway` shortcode draws it.
//!
//! Every step must be written out, so that a step the sources are silent on is stated as
//! such (`status: not_specified`) rather than left out and guessed at by a reader.

use serde::Deserialize;

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Pathway {
    pub education: Step,
    pub supervised_practice: Step,
    pub exam: Step,
    pub credential: Step,
    /// A sentence shown under the route, as under any other section.
    #[serde(default)]
    pub note: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Step {
    #[serde(default)]
    pub status: StepStatus,
    /// What the step is; required unless the sources do not specify it.
    #[serde(default)]
    pub text: Option<String>,
    #[serde(default)]
    pub sources: Vec<String>,
    /// The chapter that explains the step: a `.md` file relative to `content/`, with an
    /// optional `#anchor`.
    #[serde(default)]
    pub explained_in: Option<String>,
    #[serde(default)]
    pub note: Option<String>,
}

/// How far the sources settle a step.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StepStatus {
    /// The sources state it.
    #[default]
    Stated,
    /// The sources say it differs from state to state (what they do say is in `text`).
    VariesByState,
    /// The sources do not say.
    NotSpecified,
}

impl StepStatus {
    /// What the reader is told besides the step's text; `None` when the sources state it.
    pub fn label(self) -> Option<&'static str> {
        match self {
            StepStatus::Stated => None,
            StepStatus::VariesByState => Some("Varies by state"),
            StepStatus::NotSpecified => Some("Not specified by the sources"),
        }
    }
}

impl Pathway {
    /// The steps in order, each with its key in the role file and its label.
    pub fn steps(&self) -> [(&'static str, &'static str, &Step); 4] {
        [
            ("education", "Education", &self.education),
            (
                "supervised_practice",
                "Supervised practice",
                &self.supervised_practice,
            ),
            ("exam", "Exam", &self.exam),
            ("credential", "Credential", &self.credential),
        ]
    }

    /// Each step's key in the role file with the source ids it cites.
    pub fn cited_sources(&self) -> [(&'static str, &[String]); 4] {
        [
            ("pathway.education", &self.education.sources),
            (
                "pathway.supervised_practice",
                &self.supervised_practice.sources,
            ),
            ("pathway.exam", &self.exam.sources),
            ("pathway.credential", &self.credential.sources),
        ]
    }
}
