//! The theme's strings in Tera: the `ui` global, whose strings guide has escaped and marks
//! safe (so `{{ ui.toc.title }}` writes them as they are), and two filters: `plural` picks
//! a string's form for a count, `fill` puts values into its placeholders, escaping them.

use tera::{Kwargs, State, Tera, TeraResult, Value};

pub(super) fn register(tera: &mut Tera) {
    tera.register_filter("plural", plural);
    tera.register_filter("fill", fill);
}

/// `Ui::tera_value`'s JSON as a Tera value, its strings (escaped already) marked safe.
pub(super) fn safe_value(json: &serde_json::Value) -> Value {
    match json {
        serde_json::Value::String(s) => Value::safe_string(s),
        serde_json::Value::Object(map) => map
            .iter()
            .map(|(k, v)| (k.clone(), safe_value(v)))
            .collect::<std::collections::BTreeMap<String, Value>>()
            .into(),
        other => Value::from_serializable(other),
    }
}

/// `{{ ui.nav.earlier_chapters | plural(count=n) }}`: the form for `n`; a plain string as
/// it is.
fn plural(value: &Value, kwargs: Kwargs, _: &State<'_>) -> TeraResult<Value> {
    let count = kwargs.get::<u64>("count")?.unwrap_or(0) as usize;
    if value.is_string() {
        return Ok(value.clone());
    }
    let Some(map) = value.as_map() else {
        return Err(tera::Error::message("`plural` expects a string of `ui`"));
    };
    // The rule of `Text::form`: `one` for 1, `other` for every other count.
    let form = |name: &'static str| map.get(&tera::value::Key::Str(name)).cloned();
    let chosen = if count == 1 {
        form("one").or_else(|| form("other"))
    } else {
        form("other")
    };
    chosen.ok_or_else(|| tera::Error::message("this string of `ui` has no `other` form"))
}

/// `{{ ui.home.start_reading | fill(title=page.next.title) }}`: each `{name}` replaced by
/// its value, escaped unless it is marked safe. The result is safe, as the string was.
fn fill(value: &str, kwargs: Kwargs, _: &State<'_>) -> TeraResult<Value> {
    let mut out = value.to_string();
    for (name, arg) in kwargs.iter() {
        // Markup a template passes on purpose (`key="<kbd>/</kbd>" | safe`) goes in as it is.
        let shown = match arg.as_str() {
            Some(s) if arg.is_safe() => s.to_string(),
            // Escaped as Tera escapes what a template writes, so a title reads as the same
            // bytes whether written alone or through a string.
            Some(s) => tera_escape(s),
            None => tera_escape(&arg.to_string()),
        };
        out = out.replace(&format!("{{{name}}}"), &shown);
    }
    Ok(Value::safe_string(&out))
}

fn tera_escape(text: &str) -> String {
    let mut out = Vec::with_capacity(text.len());
    // Writing into a Vec cannot fail.
    let _ = tera::escape_html(text, &mut out);
    String::from_utf8(out).unwrap_or_default()
}
