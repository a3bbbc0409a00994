//! One value of a role file: plain text, which cites its section's `sources:`, or a mapping
//! `{text: ..., sources: [...]}` that cites sources of its own, so each claim of a section
//! can name the source that makes it.

use std::fmt;

use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde::{Deserialize, de::value::MapAccessDeserializer};

/// A value with the sources that make its claim; `sources` is empty for plain text, which
/// cites its section's sources.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Claim {
    pub text: String,
    pub sources: Vec<String>,
}

/// The mapping form, read as strictly as the rest of a role file.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Written {
    text: String,
    sources: Vec<String>,
}

impl<'de> Deserialize<'de> for Claim {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(ClaimVisitor)
    }
}

struct ClaimVisitor;

impl<'de> Visitor<'de> for ClaimVisitor {
    type Value = Claim;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("text, or a mapping with `text` and `sources`")
    }

    fn visit_str<E: de::Error>(self, text: &str) -> Result<Claim, E> {
        Ok(Claim {
            text: text.to_string(),
            sources: Vec::new(),
        })
    }

    fn visit_string<E: de::Error>(self, text: String) -> Result<Claim, E> {
        Ok(Claim {
            text,
            sources: Vec::new(),
        })
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Claim, A::Error> {
        let written = Written::deserialize(MapAccessDeserializer::new(map))?;
        // A value written as a mapping is there to cite sources of its own.
        if written.sources.is_empty() {
            return Err(de::Error::custom(
                "`sources` is empty: name the sources that make this claim, or write the \
                 value as plain text to cite the section's sources",
            ));
        }
        Ok(Claim {
            text: written.text,
            sources: written.sources,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_claim_is_text_or_text_with_its_own_sources() {
        let plain: Vec<Claim> = serde_yaml::from_str("[Hospitals]").unwrap();
        assert_eq!(plain[0].text, "Hospitals");
        assert!(plain[0].sources.is_empty());
        let own: Claim = serde_yaml::from_str("{text: Schools, sources: [vcu]}").unwrap();
        assert_eq!(own.sources, ["vcu"]);
        for bad in [
            "{text: Schools, sources: []}",
            "{text: Schools, source: [vcu]}",
            "{text: Schools}",
            "[a]",
        ] {
            assert!(serde_yaml::from_str::<Claim>(bad).is_err(), "{bad}");
        }
    }
}
