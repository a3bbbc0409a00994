//! A Zola site (`config.toml`, `content/`, `static/`) read into a guide's files. The layout
//! is the same (`content/` with `_index.md` sections, `static/`), so files keep their
//! paths; front matter (TOML between `+++` or YAML between `---`) is converted, `@/` links
//! become relative `.md` links, and shortcode calls, which guide's shortcodes do not
//! match, are taken out and reported.

use std::path::Path;

use super::front_matter::{Front, SiteYaml, guess_base_url, to_yaml, toml_to_json};
use super::links::{apply, destinations, escape_braces};
use super::{Content, Imported, Plan, files_under, folder, one, relative};
use crate::diagnostics::{Diagnostic, Diagnostics};

pub(super) fn import(root: &Path) -> Result<(Plan, Imported), Diagnostics> {
    let mut imported = Imported::default();
    let mut plan = Plan::default();
    let config_text = std::fs::read_to_string(root.join("config.toml"))
        .or_else(|_| std::fs::read_to_string(root.join("zola.toml")))
        .map_err(|_| {
            one(Diagnostic::error(
                root.join("config.toml"),
                "the site has no config.toml (nor zola.toml)",
            )
            .with_help("give the folder of a Zola site: config.toml beside content/"))
        })?;
    let config: toml::Table = toml::from_str(&config_text).map_err(|e| {
        let d = Diagnostic::error("config.toml", e.message().to_string());
        one(match e.span() {
            Some(span) => d.at_offset(&config_text, span.start),
            None => d,
        })
    })?;
    let text = |key: &str| config.get(key).and_then(|v| v.as_str()).map(str::to_string);
    let mut site = SiteYaml {
        title: text("title").unwrap_or_else(|| "Untitled".into()),
        description: text("description"),
        language: text("default_language"),
        ..SiteYaml::default()
    };
    site.base_url = match text("base_url").filter(|u| u.starts_with("http")) {
        Some(url) => url,
        None => {
            let guess = guess_base_url(None);
            imported.note_file(
                Path::new("config.toml"),
                format!("base_url is not an absolute URL; guide.yaml's is set to {guess}, to be corrected"),
            );
            guess
        }
    };
    if let Some(serde_json::Value::Object(extra)) = config.get("extra").map(toml_to_json) {
        site.extra = extra;
    }
    for key in [
        "theme",
        "taxonomies",
        "languages",
        "generate_feeds",
        "generate_feed",
    ] {
        if config.contains_key(key) {
            let at = find_key(&config_text, key);
            imported.note(
                Path::new("config.toml"),
                &config_text,
                at,
                format!("`{key}` is not carried over: guide has no equivalent"),
            );
        }
    }
    plan.files
        .insert("guide.yaml".into(), Content::Text(to_yaml(&site)));

    for rel in files_under(&root.join("content")) {
        let path = root.join("content").join(&rel);
        if !rel.ends_with(".md") {
            plan.copy(format!("content/{rel}"), path);
            imported.files += 1;
            continue;
        }
        let file = format!("content/{rel}");
        let source = std::fs::read_to_string(&path)
            .map_err(|e| one(Diagnostic::error(&file, format!("cannot read: {e}"))))?;
        let new = guide_path(&rel);
        let page = convert_page(&new, &file, &source, &mut imported)?;
        plan.text(format!("content/{new}"), page);
        imported.pages += 1;
    }
    for rel in files_under(&root.join("static")) {
        plan.copy(format!("static/{rel}"), root.join("static").join(&rel));
        imported.files += 1;
    }
    for folder in ["templates", "themes", "sass"] {
        if root.join(folder).is_dir() {
            imported.note_file(
                Path::new(folder),
                format!("`{folder}/` is not carried over: the guide uses guide's default theme"),
            );
        }
    }
    Ok((plan, imported))
}

/// The byte offset where `key` is set in TOML or YAML `text` (0 if not found).
fn find_key(text: &str, key: &str) -> usize {
    let mut at = 0;
    for line in text.split_inclusive('\n') {
        let t = line.trim_start();
        if t.starts_with(key) && t[key.len()..].trim_start().starts_with(['=', ':'])
            || t.starts_with(&format!("[{key}]"))
        {
            return at + (line.len() - t.len());
        }
        at += line.len();
    }
    0
}

/// A Zola page or section file as guide's.
fn convert_page(
    rel: &str,
    file: &str,
    source: &str,
    imported: &mut Imported,
) -> Result<String, Diagnostics> {
    let file_path = Path::new(file);
    let (fm, body, fm_offset, is_toml) = split(source).ok_or_else(|| {
        one(Diagnostic::error(file, "front matter is not closed")
            .at(source, 1, 1)
            .with_help("close it with `+++` (TOML) or `---` (YAML) on a line of its own"))
    })?;
    let table: serde_json::Map<String, serde_json::Value> = if fm.trim().is_empty() {
        serde_json::Map::new()
    } else if is_toml {
        let t: toml::Table = toml::from_str(fm).map_err(|e| {
            let d = Diagnostic::error(file, format!("front matter: {}", e.message()));
            one(match e.span() {
                Some(s) => d.at_offset(source, fm_offset + s.start),
                None => d,
            })
        })?;
        t.iter()
            .map(|(k, v)| (k.clone(), toml_to_json(v)))
            .collect()
    } else {
        let v: serde_yaml::Value = serde_yaml::from_str(fm).map_err(|e| {
            let d = Diagnostic::error(file, format!("front matter: {e}"));
            one(match e.location() {
                Some(l) => d.at_offset(source, fm_offset + l.index()),
                None => d,
            })
        })?;
        match serde_json::to_value(v) {
            Ok(serde_json::Value::Object(map)) => map,
            _ => serde_json::Map::new(),
        }
    };
    let is_section = rel.ends_with("_index.md");
    let stem = rel
        .trim_end_matches(".md")
        .rsplit('/')
        .next()
        .unwrap_or(rel);
    let fallback = if is_section {
        folder(rel)
            .rsplit('/')
            .next()
            .filter(|s| !s.is_empty())
            .unwrap_or("Home")
    } else {
        stem
    };
    let mut front = Front::titled(fallback);
    let mut has_title = false;
    for (key, value) in &table {
        let at = fm_offset + find_key(fm, key);
        match (key.as_str(), value) {
            ("title", serde_json::Value::String(t)) => {
                front.title = t.clone();
                has_title = true;
            }
            ("description", serde_json::Value::String(d)) => front.description = Some(d.clone()),
            ("weight", v) if v.as_i64().is_some() => front.weight = v.as_i64(),
            ("draft", serde_json::Value::Bool(b)) => front.draft = *b,
            ("slug", serde_json::Value::String(s)) => front.slug = Some(s.clone()),
            ("aliases", serde_json::Value::Array(list)) => {
                front.aliases = list
                    .iter()
                    .filter_map(|a| a.as_str())
                    .map(|a| a.trim_start_matches('/').to_string())
                    .collect();
            }
            ("date", v) => {
                front.extra.insert("date".into(), v.clone());
            }
            ("extra", serde_json::Value::Object(map)) => {
                front.extra.extend(map.clone());
            }
            _ => imported.note(
                file_path,
                source,
                at,
                format!("front matter `{key}` is not carried over: guide has no equivalent"),
            ),
        }
    }
    if !has_title && !is_section {
        imported.note(
            file_path,
            source,
            0,
            format!("the page has no title; it is titled `{fallback}` after its file"),
        );
    }
    let body_offset = source.len() - body.len();
    let converted = convert_body(rel, body, source, body_offset, file_path, imported);
    Ok(front.page(&converted))
}

/// Splits TOML (`+++`) or YAML (`---`) front matter from the body: (front matter, body,
/// offset of the front matter, whether it is TOML). A file without any is all body.
fn split(source: &str) -> Option<(&str, &str, usize, bool)> {
    for (fence, is_toml) in [("+++", true), ("---", false)] {
        let Some(rest) = source.strip_prefix(fence) else {
            continue;
        };
        let rest_start = fence.len();
        let first = rest.find('\n')? + 1;
        let mut at = rest_start + first;
        for line in source[at..].split_inclusive('\n') {
            if line.trim_end() == fence {
                return Some((
                    &source[rest_start + first..at],
                    &source[at + line.len()..],
                    rest_start + first,
                    is_toml,
                ));
            }
            at += line.len();
        }
        return None;
    }
    Some(("", source, 0, false))
}

/// `@/` links made relative; shortcode calls taken out and noted.
fn convert_body(
    rel: &str,
    body: &str,
    source: &str,
    body_offset: usize,
    file: &Path,
    imported: &mut Imported,
) -> String {
    let mut edits = Vec::new();
    for (range, dest) in destinations(body) {
        if let Some(target) = dest.strip_prefix("@/") {
            let (path, fragment) = target.split_at(target.find('#').unwrap_or(target.len()));
            let to = relative(folder(rel), &guide_path(path));
            edits.push((range, format!("{to}{fragment}")));
        } else if let Some(target) = dest.strip_prefix('/').filter(|t| !t.starts_with('/')) {
            // From the site's root (a static file, say): guide's links are relative, and
            // one that is no `.md` file is read from the page's own address.
            edits.push((range, format!("{}{target}", "../".repeat(url_depth(rel)))));
        }
    }
    let code = code_ranges(body);
    let in_code = |at: usize| code.iter().any(|r| r.contains(&at));
    for (open, close) in [("{{", "}}"), ("{%", "%}")] {
        let mut from = 0;
        while let Some(i) = body[from..].find(open) {
            let start = from + i;
            from = start + 2;
            if in_code(start) {
                continue;
            }
            let Some(len) = body[start..].find(close) else {
                break;
            };
            let end = start + len + 2;
            let inner = body[start + 2..end - 2].trim();
            let name: String = inner
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            if name.is_empty() {
                continue;
            }
            from = end;
            let what = if name == "end" {
                String::new()
            } else {
                imported.note(
                    file,
                    source,
                    body_offset + start,
                    format!("shortcode `{name}` is not carried over: guide has no shortcode of that name; the call is taken out"),
                );
                format!("<!-- {name} -->")
            };
            edits.push((start..end, what));
        }
    }
    escape_braces(&apply(body, edits))
}

/// Where a Zola content file goes under guide's `content/`: the same path, but a page
/// bundle's `folder/index.md` (a page with its files beside it) becomes `folder/_index.md`,
/// a section of its own, which guide publishes at the same `folder/` and whose relative
/// links reach the same files.
fn guide_path(rel: &str) -> String {
    match rel.strip_suffix("/index.md") {
        Some(folder) => format!("{folder}/_index.md"),
        None => rel.to_string(),
    }
}

/// How many folders deep the page `rel` (under `content/`) is published: `a/b.md` at
/// `a/b/`, `a/_index.md` at `a/`.
fn url_depth(rel: &str) -> usize {
    let folders = rel.matches('/').count();
    if rel.ends_with("_index.md") {
        folders
    } else {
        folders + 1
    }
}

fn code_ranges(text: &str) -> Vec<std::ops::Range<usize>> {
    use pulldown_cmark::{Event, Parser, Tag};
    let mut out = Vec::new();
    for (event, range) in Parser::new_ext(text, crate::markdown::options()).into_offset_iter() {
        if matches!(event, Event::Code(_) | Event::Start(Tag::CodeBlock(_))) {
            out.push(range);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn converts_toml_front_matter_links_and_shortcodes() {
        let source = "+++\ntitle = \"A\"\nweight = 2\naliases = [\"/old/\"]\ntemplate = \"x.html\"\n+++\nSee [b](@/part/b.md#x). {{ youtube(id=\"1\") }}\n\n`{{ kept() }}`\n";
        let mut imported = Imported::default();
        let page = convert_page("part/a.md", "content/part/a.md", source, &mut imported).unwrap();
        assert!(
            page.starts_with("---\ntitle: A\nweight: 2\naliases:\n- old/\n---\n"),
            "{page}"
        );
        assert!(page.contains("[b](b.md#x)"), "{page}");
        assert!(
            page.contains("<!-- youtube -->") && page.contains("`{{ kept() }}`"),
            "{page}"
        );
        let lines: Vec<usize> = imported.notes.iter().map(|d| d.line).collect();
        assert_eq!(lines, [5, 7]);
    }

    #[test]
    fn a_page_bundle_is_a_section_of_its_own() {
        assert_eq!(guide_path("blog/post/index.md"), "blog/post/_index.md");
        assert_eq!(guide_path("blog/post.md"), "blog/post.md");
        let mut imported = Imported::default();
        let page = convert_page(
            "blog/_index.md",
            "content/blog/_index.md",
            "+++\ntitle = \"Blog\"\n+++\n[Post](@/blog/post/index.md#top)\n",
            &mut imported,
        )
        .unwrap();
        assert!(page.contains("[Post](post/_index.md#top)"), "{page}");
    }

    #[test]
    fn yaml_front_matter() {
        let source = "---\ntitle: Y\ndraft: true\ndate: 2024-01-02\n---\nBody\n";
        let mut imported = Imported::default();
        let page = convert_page("y.md", "content/y.md", source, &mut imported).unwrap();
        assert!(
            page.contains("draft: true") && page.contains("date: 2024-01-02"),
            "{page}"
        );
        assert!(imported.notes.is_empty());
    }
}
