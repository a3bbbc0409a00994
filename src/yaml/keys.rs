//! Where a key is written, found on the error path only. serde_yaml keeps no positions in
//! the values it gives, but it places an error raised while a key is read at that key. A
//! walk over the document that raises one at the key it looks for therefore learns the
//! key's line and column, in flow mappings (`{a: 1, a: 2}`) as in block ones, however the
//! document is indented or quoted. It finds a key written twice in one mapping (serde
//! reports that at the start of the mapping), and the key of a value found wrong after
//! parsing (a date that is no date, a glossary term two entries share).
//!
//! Nothing here runs on a document that parses: a build without errors pays nothing.

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::fmt::{self, Write};
use std::path::Path;

use serde::de::{
    self, DeserializeSeed, Deserializer, EnumAccess, IgnoredAny, MapAccess, SeqAccess,
    VariantAccess, Visitor,
};

use crate::diagnostics::Diagnostic;

/// The message the walk stops with, at the key it looks for.
const FOUND: &str = "(the key looked for)";

/// A key written twice in one mapping.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct Duplicate {
    pub key: String,
    /// The path of the mapping (`licensure.credentials[0]`); empty at the top.
    pub within: String,
    /// 1-based line and column of the second and of the first occurrence.
    pub second: (usize, usize),
    pub first: (usize, usize),
}

/// The first key of `yaml` that its mapping has already had, in the order of the text.
pub(crate) fn first_duplicate(yaml: &str) -> Option<Duplicate> {
    let (second, found) = walk(yaml, Goal::Duplicate)?;
    let Found::Duplicate { key, within, first } = found else {
        return None;
    };
    let (first, _) = walk(yaml, Goal::Nth(first))?;
    Some(Duplicate {
        key,
        within,
        second,
        first,
    })
}

/// A key written twice in one mapping, told at the second, which is the one to look at:
/// serde reports it at the start of the mapping, and the first may be a screen away.
pub(super) fn duplicate_diagnostic(
    twice: &Duplicate,
    path: &Path,
    file_source: &str,
    first_line: usize,
) -> Diagnostic {
    let key = &twice.key;
    let message = match twice.within.as_str() {
        "" => format!("duplicate key `{key}`"),
        within => format!("duplicate key `{key}` in `{within}`"),
    };
    let (line, col) = twice.second;
    let first = twice.first.0 + first_line - 1;
    Diagnostic::error(path, message)
        .at(file_source, line + first_line - 1, col)
        .with_help(format!(
            "`{key}` is already set on line {first}; keep one of the two"
        ))
}

/// The 1-based line and column of the key at `path` (as serde_path_to_error writes it:
/// `[3].term`, `licensure.credentials[0].abbr`).
pub(crate) fn key_position(yaml: &str, path: &str) -> Option<(usize, usize)> {
    walk(yaml, Goal::Path(path)).map(|(at, _)| at)
}

/// What a walk looks for.
enum Goal<'a> {
    /// The first key its mapping has already had.
    Duplicate,
    /// The key with this number, counting every key of the document in order from 0.
    Nth(usize),
    /// The key at this path.
    Path(&'a str),
}

/// What a walk found, besides where.
enum Found {
    Duplicate {
        key: String,
        within: String,
        /// The number of its first occurrence.
        first: usize,
    },
    Key,
}

enum Step {
    Key(String),
    Index(usize),
}

struct Walk<'a> {
    goal: Goal<'a>,
    /// Keys met so far.
    keys: usize,
    /// Where the walk is.
    path: Vec<Step>,
    found: Option<Found>,
}

impl Walk<'_> {
    fn path_text(&self) -> String {
        let mut text = String::new();
        for step in &self.path {
            match step {
                Step::Key(key) if text.is_empty() => text.push_str(key),
                Step::Key(key) => {
                    text.push('.');
                    text.push_str(key);
                }
                Step::Index(i) => {
                    let _ = write!(text, "[{i}]");
                }
            }
        }
        text
    }

    /// Whether the key numbered `n`, written `key` in a mapping that had `seen` before it,
    /// is the one looked for.
    fn is_goal(&mut self, n: usize, key: &str, seen: &BTreeMap<String, usize>) -> bool {
        let found = match self.goal {
            Goal::Duplicate => seen.get(key).map(|&first| Found::Duplicate {
                key: key.to_string(),
                within: self.path_text(),
                first,
            }),
            Goal::Nth(wanted) => (n == wanted).then_some(Found::Key),
            Goal::Path(wanted) => {
                let within = self.path_text();
                let path = match within.is_empty() {
                    true => key.to_string(),
                    false => format!("{within}.{key}"),
                };
                (path == wanted).then_some(Found::Key)
            }
        };
        let is_goal = found.is_some();
        self.found = found;
        is_goal
    }
}

/// Walks `yaml` until it stops at the key looked for: that key's line and column, and what
/// was found there.
fn walk(yaml: &str, goal: Goal<'_>) -> Option<((usize, usize), Found)> {
    let walk = RefCell::new(Walk {
        goal,
        keys: 0,
        path: Vec::new(),
        found: None,
    });
    let stopped = Node(&walk).deserialize(serde_yaml::Deserializer::from_str(yaml));
    let error = stopped.err()?;
    let found = walk.into_inner().found?;
    let location = error.location()?;
    Some(((location.line(), location.column()), found))
}

/// Any node of the document.
#[derive(Clone, Copy)]
struct Node<'w, 'a>(&'w RefCell<Walk<'a>>);

impl<'de> DeserializeSeed<'de> for Node<'_, '_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Node<'_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any YAML node")
    }

    fn visit_bool<E>(self, _: bool) -> Result<(), E> {
        Ok(())
    }
    fn visit_i64<E>(self, _: i64) -> Result<(), E> {
        Ok(())
    }
    fn visit_u64<E>(self, _: u64) -> Result<(), E> {
        Ok(())
    }
    fn visit_f64<E>(self, _: f64) -> Result<(), E> {
        Ok(())
    }
    fn visit_str<E>(self, _: &str) -> Result<(), E> {
        Ok(())
    }
    fn visit_unit<E>(self) -> Result<(), E> {
        Ok(())
    }
    fn visit_none<E>(self) -> Result<(), E> {
        Ok(())
    }
    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_any(self)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let mut i = 0;
        loop {
            self.0.borrow_mut().path.push(Step::Index(i));
            let more = seq.next_element_seed(self)?;
            self.0.borrow_mut().path.pop();
            if more.is_none() {
                return Ok(());
            }
            i += 1;
        }
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let mut seen = BTreeMap::new();
        while let Some(key) = map.next_key_seed(Key {
            walk: self.0,
            seen: &seen,
        })? {
            let n = key.as_ref().map(|(n, _)| *n);
            let text = key.map(|(_, text)| text);
            self.0
                .borrow_mut()
                .path
                .push(Step::Key(text.clone().unwrap_or_else(|| "?".into())));
            map.next_value_seed(self)?;
            self.0.borrow_mut().path.pop();
            if let (Some(n), Some(text)) = (n, text) {
                seen.entry(text).or_insert(n);
            }
        }
        Ok(())
    }

    /// A tagged node (`!tag value`): its value is walked.
    fn visit_enum<A: EnumAccess<'de>>(self, data: A) -> Result<(), A::Error> {
        let (IgnoredAny, variant) = data.variant()?;
        variant.newtype_variant_seed(self)
    }
}

/// A mapping's key: its number and text when it is a scalar, `None` otherwise.
struct Key<'w, 'a, 's> {
    walk: &'w RefCell<Walk<'a>>,
    seen: &'s BTreeMap<String, usize>,
}

impl<'de> DeserializeSeed<'de> for Key<'_, '_, '_> {
    type Value = Option<(usize, String)>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl Key<'_, '_, '_> {
    fn scalar<E: de::Error>(self, text: String) -> Result<Option<(usize, String)>, E> {
        let mut walk = self.walk.borrow_mut();
        let n = walk.keys;
        walk.keys += 1;
        if walk.is_goal(n, &text, self.seen) {
            return Err(E::custom(FOUND));
        }
        Ok(Some((n, text)))
    }
}

impl<'de> Visitor<'de> for Key<'_, '_, '_> {
    type Value = Option<(usize, String)>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a mapping key")
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Self::Value, E> {
        self.scalar(v.to_string())
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        self.scalar(v.to_string())
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        self.scalar(v.to_string())
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
        self.scalar(v.to_string())
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        self.scalar(v.to_string())
    }
    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        self.scalar("null".into())
    }
    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        self.scalar("null".into())
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
        IgnoredAny.visit_seq(seq).map(|_| None)
    }
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
        IgnoredAny.visit_map(map).map(|_| None)
    }
    fn visit_enum<A: EnumAccess<'de>>(self, data: A) -> Result<Self::Value, A::Error> {
        IgnoredAny.visit_enum(data).map(|_| None)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_duplicate_is_found_at_its_second_occurrence_with_its_first() {
        let yaml = "a: 1\nb:\n  c: 2\n  d: 3\n  c: 4\na: 5\n";
        assert_eq!(
            first_duplicate(yaml),
            Some(Duplicate {
                key: "c".into(),
                within: "b".into(),
                second: (5, 3),
                first: (3, 3),
            })
        );
        let flow = "items:\n  - {x: 1, y: 2}\n  - {x: 1, 'x': 2}\n";
        assert_eq!(
            first_duplicate(flow),
            Some(Duplicate {
                key: "x".into(),
                within: "items[1]".into(),
                second: (3, 12),
                first: (3, 6),
            })
        );
        // Equal keys in different mappings, and keys that differ, are no duplicates.
        assert_eq!(
            first_duplicate("a: {x: 1}\nb: {x: 1}\nc: [{x: 1}, {x: 2}]\n"),
            None
        );
        assert_eq!(first_duplicate("not: [valid\n"), None);
    }

    #[test]
    fn a_key_is_found_by_its_path_and_not_in_text_that_looks_like_it() {
        let yaml = "- term: A\n  definition: |\n    term: B\n- definition: x\n  term: B\n";
        assert_eq!(key_position(yaml, "[1].term"), Some((5, 3)));
        assert_eq!(key_position(yaml, "[0].term"), Some((1, 3)));
        assert_eq!(key_position(yaml, "[2].term"), None);
        let nested = "a:\n  b:\n    - c: 1\n      d: 2\n";
        assert_eq!(key_position(nested, "a.b[0].d"), Some((4, 7)));
    }
}
