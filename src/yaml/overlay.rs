//! A translation's data file laid over its source: the translation holds the same keys
//! as the source, but only its text. Each string it gives replaces the source's string
//! at the same place; everything it leaves out stays the source's. A value the source
//! gives with its sources (`{text, sources}`) is translated by a plain string.

use serde::de::DeserializeOwned;
use serde_yaml::{Mapping, Value};

/// A problem with a translation's data, at a key path (`licensure.credentials[0].name`,
/// as [`super::keys::key_position`] reads it).
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct Problem {
    pub path: String,
    pub message: String,
    pub help: String,
}

/// The source's value (`source` is its YAML) with the translation's text laid over it,
/// and the paths of the source's text the translation leaves out (which readers see in the
/// source's language); or the problems found, each at its path in the translation.
/// `fixed` names the keys that belong to the source alone (`sources`, `weight`, ...)
/// wherever they are.
pub(crate) fn overlay<T: DeserializeOwned>(
    source: &str,
    translation: &str,
    fixed: &[&str],
) -> Result<(T, Vec<String>), Vec<Problem>> {
    let at_top = |message: String| {
        vec![Problem {
            path: String::new(),
            message,
            help: String::new(),
        }]
    };
    let mut value: Value = serde_yaml::from_str(source).map_err(|e| at_top(e.to_string()))?;
    let text: Value = serde_yaml::from_str(translation).map_err(|e| at_top(e.to_string()))?;
    let mut problems = Vec::new();
    let mut left = Vec::new();
    untranslated(&value, &text, "", fixed, &mut left);
    if !text.is_null() {
        lay(&mut value, &text, "", fixed, &mut problems);
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let value = serde_yaml::from_value(value).map_err(|e| at_top(e.to_string()))?;
    Ok((value, left))
}

/// Adds to `out` the path of each string of `value` (under `path`) that `text` does not
/// translate.
fn untranslated(value: &Value, text: &Value, path: &str, fixed: &[&str], out: &mut Vec<String>) {
    match (value, text) {
        (Value::String(_), Value::String(_)) => {}
        (Value::String(_), _) => out.push(path.to_string()),
        (Value::Mapping(m), Value::String(_)) if m.contains_key("text") => {}
        (Value::Mapping(m), _) => {
            for (key, v) in m {
                let Some(key) = key.as_str().filter(|k| !fixed.contains(k)) else {
                    continue;
                };
                let at = match path {
                    "" => key.to_string(),
                    _ => format!("{path}.{key}"),
                };
                untranslated(v, text.get(key).unwrap_or(&Value::Null), &at, fixed, out);
            }
        }
        (Value::Sequence(items), _) => {
            for (n, item) in items.iter().enumerate() {
                let t = text.get(n).unwrap_or(&Value::Null);
                untranslated(item, t, &format!("{path}[{n}]"), fixed, out);
            }
        }
        _ => {}
    }
}

/// Whether `path`, a key path of [`overlay`]'s, is at or under `at` (`education.minimum`).
pub(crate) fn is_under(path: &str, at: &str) -> bool {
    path.strip_prefix(at)
        .is_some_and(|rest| rest.is_empty() || rest.starts_with(['.', '[']))
}

/// Lays `text` over `value` at `path`.
fn lay(value: &mut Value, text: &Value, path: &str, fixed: &[&str], problems: &mut Vec<Problem>) {
    let mut problem = |message: String, help: &str| {
        problems.push(Problem {
            path: path.to_string(),
            message,
            help: help.to_string(),
        })
    };
    match (value, text) {
        (Value::String(s), Value::String(t)) => *s = t.clone(),
        // A value given with its sources: the translation gives its text.
        (Value::Mapping(m), Value::String(t)) if m.contains_key("text") => {
            m.insert("text".into(), Value::String(t.clone()));
        }
        (Value::Mapping(m), Value::Mapping(t)) => lay_mapping(m, t, path, fixed, problems),
        (Value::Sequence(items), Value::Sequence(t)) => {
            if items.len() != t.len() {
                let here = match t.len() {
                    1 => "1 item".to_string(),
                    n => format!("{n} items"),
                };
                problem(
                    format!("{here} here, where the source has {}", items.len()),
                    "a translated list keeps the source's items, in its order",
                );
                return;
            }
            for (n, (item, t)) in items.iter_mut().zip(t).enumerate() {
                lay(item, t, &format!("{path}[{n}]"), fixed, problems);
            }
        }
        (Value::String(_), _) => problem(
            format!("`{}` is text in the source", name(path)),
            "write the translated text as a string",
        ),
        (Value::Mapping(_) | Value::Sequence(_), _) => problem(
            format!("`{}` is not written as in the source", name(path)),
            "keep the source's shape and translate its text",
        ),
        _ => problem(
            format!(
                "`{}` is not text: it belongs to the source file",
                name(path)
            ),
            "leave it out of the translation; the source's value is used",
        ),
    }
}

fn lay_mapping(
    value: &mut Mapping,
    text: &Mapping,
    path: &str,
    fixed: &[&str],
    problems: &mut Vec<Problem>,
) {
    for (key, t) in text {
        let Some(key) = key.as_str() else {
            continue;
        };
        let at = match path {
            "" => key.to_string(),
            _ => format!("{path}.{key}"),
        };
        if fixed.contains(&key) {
            problems.push(Problem {
                path: at,
                message: format!("`{key}` belongs to the source file"),
                help: "a translation gives only text; leave it out and the source's value is used"
                    .into(),
            });
            continue;
        }
        match value.get_mut(key) {
            Some(v) => lay(v, t, &at, fixed, problems),
            None => {
                let known: Vec<&str> = value.keys().filter_map(Value::as_str).collect();
                let help = match crate::diagnostics::suggest(key, known.iter().copied()) {
                    Some(near) => format!("did you mean `{near}`?"),
                    None => "a translation holds only keys its source has".into(),
                };
                problems.push(Problem {
                    path: at,
                    message: format!("the source has no `{key}` here"),
                    help,
                });
            }
        }
    }
}

/// The last key of a path, for messages.
fn name(path: &str) -> &str {
    path.rsplit('.').next().unwrap_or(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, serde::Deserialize, PartialEq)]
    struct Fact {
        text: String,
        #[serde(default)]
        sources: Vec<String>,
    }

    #[derive(Debug, serde::Deserialize, PartialEq)]
    struct Role {
        name: String,
        weight: i64,
        items: Vec<Value>,
        focus: Fact,
    }

    const SOURCE: &str = "name: Case manager\nweight: 10\nitems:\n  - One\n  - {text: Two, sources: [a]}\nfocus:\n  text: The client\n  sources: [a, b]\n";

    #[test]
    fn text_replaces_text_and_the_rest_stays() {
        let (role, untranslated): (Role, _) = overlay(
            SOURCE,
            "name: Administrador\nitems: [Uno, Dos]\nfocus: El cliente\n",
            &["sources", "weight"],
        )
        .unwrap();
        assert!(untranslated.is_empty(), "{untranslated:?}");
        assert_eq!(role.name, "Administrador");
        assert_eq!(role.weight, 10);
        assert_eq!(role.items[1]["text"], "Dos");
        assert_eq!(role.items[1]["sources"][0], "a");
        assert_eq!(role.focus.text, "El cliente");
        assert_eq!(role.focus.sources, ["a", "b"]);
    }

    #[test]
    fn an_empty_translation_is_the_source() {
        let (role, untranslated): (Role, _) = overlay(SOURCE, "", &["sources"]).unwrap();
        assert_eq!(role.name, "Case manager");
        assert_eq!(
            untranslated,
            ["name", "items[0]", "items[1].text", "focus.text"]
        );
    }

    #[test]
    fn what_a_translation_leaves_out_is_listed_by_path() {
        let (_, untranslated): (Role, _) =
            overlay(SOURCE, "name: X\nitems: [Uno, Dos]\n", &["sources"]).unwrap();
        assert_eq!(untranslated, ["focus.text"]);
        assert!(is_under("focus.text", "focus"));
        assert!(is_under("items[1].text", "items"));
        assert!(!is_under("focused", "focus"));
    }

    #[test]
    fn problems_are_told_at_their_paths() {
        let problems = overlay::<Role>(
            SOURCE,
            "weight: 3\nitems: [Uno]\nfocus:\n  txt: x\n  sources: [c]\nnmae: X\n",
            &["sources", "weight"],
        )
        .unwrap_err();
        let paths: Vec<&str> = problems.iter().map(|p| p.path.as_str()).collect();
        assert_eq!(
            paths,
            ["weight", "items", "focus.txt", "focus.sources", "nmae"]
        );
        assert!(
            problems[1]
                .message
                .contains("1 item here, where the source has 2")
        );
        assert_eq!(problems[2].help, "did you mean `text`?");
        assert_eq!(problems[4].help, "did you mean `name`?");
    }
}
