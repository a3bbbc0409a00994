//! What an author writes in a ```` ```question ```` block, read through the project's one
//! YAML parser (so syntax errors, unknown keys and wrong types read like every other YAML
//! error, at their line in the chapter), then checked: a right answer that names options,
//! and an explanation for every option.

use std::fmt;
use std::path::Path;

use serde::Deserialize;
use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};

use crate::diagnostics::{Diagnostic, suggest};
use crate::yaml;

/// A question as written.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Written {
    question: String,
    /// Absent for a true-or-false question.
    #[serde(default)]
    options: Option<Named>,
    #[serde(default)]
    answer: Option<Answer>,
    #[serde(default)]
    explain: Named,
    #[serde(default)]
    link: Option<String>,
}

/// Options or explanations by name, in the order written.
#[derive(Default)]
struct Named(Vec<(String, String)>);

/// `answer: b`, `answer: true` or `answer: [a, c]`.
enum Answer {
    One(String),
    Several(Vec<String>),
}

/// A question checked and ready to write.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Question {
    pub(super) text: String,
    /// Whether readers may choose several options (the answer was written as a list).
    pub(super) several: bool,
    pub(super) choices: Vec<Choice>,
    /// The link as written, with the line of the file it is on.
    pub(super) link: Option<(String, usize)>,
    /// Whether its options are guide's own "True" and "False" (no `options:` written),
    /// whose words are the theme's strings.
    pub(super) true_false: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Choice {
    pub(super) name: String,
    pub(super) text: String,
    pub(super) right: bool,
    pub(super) why: String,
}

/// Reads the question `yaml`, which starts on line `first_line` of the chapter `path`
/// (whose whole text is `source`); the fence that opens it is the line before.
pub(super) fn read(
    yaml: &str,
    path: &Path,
    source: &str,
    first_line: usize,
) -> Result<Question, Diagnostic> {
    let written: Written = yaml::parse_in_full(yaml, path, source, first_line)?;
    // The line of the file where `key` is first written on or after line `after` of the
    // YAML (1-based), or the fence's line when it is not written.
    let yaml_line_of = |key: &str, after: usize| {
        let skipped: usize = yaml
            .split_inclusive('\n')
            .take(after.saturating_sub(1))
            .map(str::len)
            .sum();
        match yaml::line_of_key(&yaml[skipped..], key) {
            0 => None,
            n => Some(after.max(1) + n - 1),
        }
    };
    let line_of = |key: &str, after: usize| {
        yaml_line_of(key, after).map_or(first_line - 1, |n| first_line + n - 1)
    };
    // Told at the first character of the line, which is indented in a list item.
    let error = |message: String, line: usize, help: String| {
        let text = source
            .lines()
            .nth(line.saturating_sub(1))
            .unwrap_or_default();
        let col = 1 + text.len() - text.trim_start().len();
        Err(Diagnostic::error(path, message)
            .at(source, line, col)
            .with_help(help))
    };
    if written.question.trim().is_empty() {
        return error(
            "the question's text is empty".into(),
            line_of("question", 1),
            "write the question readers answer after `question:`".into(),
        );
    }
    let true_false = written.options.is_none();
    let options = written.options.map_or_else(
        || {
            vec![
                ("true".into(), "True".into()),
                ("false".into(), "False".into()),
            ]
        },
        |named| named.0,
    );
    let options_line = yaml_line_of("options", 1).unwrap_or(1);
    if options.len() < 2 {
        return error(
            "a question needs at least two options".into(),
            line_of("options", 1),
            "list the options under `options:`, one `name: text` a line".into(),
        );
    }
    let names: Vec<&str> = options.iter().map(|(name, _)| name.as_str()).collect();
    let list = names
        .iter()
        .map(|n| format!("`{n}`"))
        .collect::<Vec<_>>()
        .join(", ");
    let (several, answers) = match written.answer {
        None => (false, Vec::new()),
        Some(Answer::One(one)) => (false, vec![one]),
        Some(Answer::Several(several)) => (true, several),
    };
    if answers.is_empty() {
        let help = match true_false {
            true => "add `answer: true` or `answer: false`".to_string(),
            false => format!(
                "add `answer:` naming the right option (one of {list}), or a list of them \
                 (`answer: [{}, {}]`) when several are right",
                names[0], names[1]
            ),
        };
        return error(
            "the question has no right answer".into(),
            line_of("answer", 1),
            help,
        );
    }
    for answer in &answers {
        if !names.contains(&answer.as_str()) {
            let help = match suggest(answer, names.iter().copied()) {
                Some(near) => format!("did you mean `{near}`? The options are {list}"),
                None => format!("the options are {list}"),
            };
            return error(
                format!("the answer `{answer}` names no option"),
                line_of("answer", 1),
                help,
            );
        }
    }
    let explain_line = yaml_line_of("explain", 1).unwrap_or(1);
    for (name, _) in &written.explain.0 {
        if !names.contains(&name.as_str()) {
            return error(
                format!("`explain` has `{name}`, which names no option"),
                line_of(name, explain_line),
                format!("explain each option by its name: {list}"),
            );
        }
    }
    let mut choices = Vec::with_capacity(options.len());
    for (name, text) in options {
        let why = written.explain.0.iter().find(|(n, _)| *n == name);
        let Some((_, why)) = why.filter(|(_, why)| !why.trim().is_empty()) else {
            let at = match true_false {
                true => line_of("explain", 1),
                false => line_of(&name, options_line),
            };
            return error(
                format!("option `{name}` has no explanation"),
                at,
                format!(
                    "add `{name}: ...` under `explain:`, saying why the option is right or wrong"
                ),
            );
        };
        choices.push(Choice {
            right: answers.contains(&name),
            why: why.trim().to_string(),
            text: text.trim().to_string(),
            name,
        });
    }
    let link = written.link.map(|link| (link, line_of("link", 1)));
    Ok(Question {
        true_false,
        text: written.question.trim().to_string(),
        several,
        choices,
        link,
    })
}

/// A name written as a key or an answer: text, or a number or boolean YAML gave a type.
struct NameVisitor;

impl Visitor<'_> for NameVisitor {
    type Value = String;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an option's name")
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<String, E> {
        Ok(v.to_string())
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<String, E> {
        Ok(v.to_string())
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<String, E> {
        Ok(v.to_string())
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<String, E> {
        Ok(v.to_string())
    }
}

struct Name(String);

impl<'de> Deserialize<'de> for Name {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(NameVisitor).map(Name)
    }
}

impl<'de> Deserialize<'de> for Named {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct NamedVisitor;
        impl<'de> Visitor<'de> for NamedVisitor {
            type Value = Named;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("lines of `name: text`")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Named, A::Error> {
                let mut named: Vec<(String, String)> = Vec::new();
                while let Some(Name(name)) = map.next_key()? {
                    if named.iter().any(|(n, _)| *n == name) {
                        return Err(de::Error::custom(format!("`{name}` is written twice")));
                    }
                    let text: String = map.next_value()?;
                    named.push((name, text));
                }
                Ok(Named(named))
            }
        }
        d.deserialize_map(NamedVisitor)
    }
}

impl<'de> Deserialize<'de> for Answer {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct AnswerVisitor;
        impl<'de> Visitor<'de> for AnswerVisitor {
            type Value = Answer;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an option's name, or a list of them")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Answer, E> {
                NameVisitor.visit_str(v).map(Answer::One)
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<Answer, E> {
                NameVisitor.visit_bool(v).map(Answer::One)
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Answer, E> {
                NameVisitor.visit_u64(v).map(Answer::One)
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Answer, E> {
                NameVisitor.visit_i64(v).map(Answer::One)
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Answer, A::Error> {
                let mut names = Vec::new();
                while let Some(Name(name)) = seq.next_element()? {
                    if !names.contains(&name) {
                        names.push(name);
                    }
                }
                Ok(Answer::Several(names))
            }
        }
        d.deserialize_any(AnswerVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_at(yaml: &str) -> Result<Question, String> {
        // The block starts on line 3 of a chapter: front matter is not needed here.
        let source = format!("Text\n```question\n{yaml}```\n");
        read(yaml, Path::new("c.md"), &source, 3).map_err(|d| format!("{d:?}"))
    }

    #[test]
    fn single_several_and_true_or_false() {
        let q = read_at(
            "question: Which?\noptions:\n  a: One\n  b: Two\nanswer: b\nexplain:\n  a: No.\n  b: Yes.\nlink: x.md#y\n",
        )
        .unwrap();
        assert!(!q.several);
        assert_eq!(q.choices.iter().filter(|c| c.right).count(), 1);
        assert_eq!(q.choices[1].why, "Yes.");
        assert_eq!(q.link, Some(("x.md#y".into(), 11)));
        let q = read_at(
            "question: Which?\noptions: {a: One, b: Two, c: Three}\nanswer: [a, c]\nexplain: {a: R, b: W, c: R}\n",
        )
        .unwrap();
        assert!(q.several && q.choices[0].right && !q.choices[1].right && q.choices[2].right);
        let q = read_at("question: Sky is blue?\nanswer: true\nexplain:\n  true: Y\n  false: N\n")
            .unwrap();
        assert_eq!(q.choices[0].text, "True");
        assert!(q.choices[0].right && !q.choices[1].right);
    }

    #[test]
    fn mistakes_are_told_at_their_line() {
        let e =
            read_at("question: Q?\noptions: {a: A, b: B}\nexplain: {a: x, b: y}\n").unwrap_err();
        assert!(e.contains("no right answer"), "{e}");
        let e = read_at("question: Q?\noptions: {a: A, b: B}\nanswer: c\nexplain: {a: x, b: y}\n")
            .unwrap_err();
        assert!(
            e.contains("names no option") && e.contains("line: 5"),
            "{e}"
        );
        let e = read_at("question: Q?\noptions:\n  a: A\n  b: B\nanswer: a\nexplain:\n  a: x\n")
            .unwrap_err();
        assert!(
            e.contains("option `b` has no explanation") && e.contains("line: 6"),
            "{e}"
        );
        let e = read_at("question: Q?\nanswr: a\n").unwrap_err();
        assert!(e.contains("answr") && e.contains("line: 4"), "{e}");
    }
}
