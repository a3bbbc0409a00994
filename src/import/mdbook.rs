//! An mdBook (`book.toml`, `src/SUMMARY.md`, chapters) read into a guide's files.
//!
//! How the book's shape maps:
//! - each chapter of the summary is a page, weighted in summary order; a draft chapter
//!   (`[Title]()`) is a page with `draft: true` and no text;
//! - a chapter with sub-chapters becomes a section: its file becomes the `_index.md` of a
//!   folder named after it, holding its sub-chapters. guide's tree is its folders, and a
//!   section's own page is where mdBook shows the parent chapter's text: at the head of its
//!   sub-chapters, listed beneath it in the navigation;
//! - a part title (`# Part`) becomes a section without text, holding the part's chapters;
//! - the first chapter is the home page (`content/_index.md`) when it has no sub-chapters,
//!   as mdBook makes it the book's `index.html`;
//! - every chapter's old `.html` URL, and each `[output.html.redirect]`, is an alias;
//! - links between chapters (`.html` or `.md`) are rewritten to the new `.md` paths,
//!   relative, anchors kept; other files of `src/` are copied to the same place in
//!   `content/`, and links to them follow a chapter that moved;
//! - `{{#include}}` and `{{#rustdoc_include}}` become guide's `include` directive, the
//!   files they read copied under `includes/` at their place in the book;
//!   `{{#title}}` becomes the page's title. Everything else is reported.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use super::chapter::{ChapterText, convert};
use super::front_matter::{Front, SiteYaml, guess_base_url, to_yaml};
use super::links::is_external;
use super::summary::{self, Chapter, Entry};
use super::{Content, Imported, Plan, files_under, folder, normalize, one};
use crate::diagnostics::{Diagnostic, Diagnostics};

/// A page of the new guide, planned.
struct Planned {
    front: Front,
    /// The chapter's file, relative to `src/`.
    old: Option<String>,
    /// Its path under `content/`.
    new: String,
}

pub(super) fn import(book: &Path) -> Result<(Plan, Imported), Diagnostics> {
    let mut imported = Imported::default();
    let mut plan = Plan::default();
    let toml_path = book.join("book.toml");
    let toml_text = match std::fs::read_to_string(&toml_path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
        Err(e) => {
            return Err(one(Diagnostic::error(
                "book.toml",
                format!("cannot read: {e}"),
            )));
        }
    };
    let config: toml::Table = toml::from_str(&toml_text).map_err(|e| {
        let d = Diagnostic::error("book.toml", e.message().to_string());
        one(match e.span() {
            Some(span) => d.at_offset(&toml_text, span.start),
            None => d,
        })
    })?;
    let get = |path: &[&str]| -> Option<&toml::Value> {
        let mut value = config.get(path[0])?;
        for key in &path[1..] {
            value = value.get(key)?;
        }
        Some(value)
    };
    let text_of = |path: &[&str]| get(path).and_then(|v| v.as_str()).map(str::to_string);
    let src_name = text_of(&["book", "src"]).unwrap_or_else(|| "src".into());
    let src = book.join(&src_name);
    let summary_rel = format!("{src_name}/SUMMARY.md");
    let summary_text = std::fs::read_to_string(src.join("SUMMARY.md")).map_err(|_| {
        one(Diagnostic::error(
            book.join(&summary_rel),
            "the book has no SUMMARY.md, so its chapters and their order are unknown",
        )
        .with_help(format!(
            "give the folder of an mdBook: book.toml beside `{src_name}/`, which holds SUMMARY.md"
        )))
    })?;
    report_unknown_tables(&config, &toml_text, &mut imported);

    let (entries, problems) = summary::parse(&summary_text);
    for (offset, message) in problems {
        imported.note(Path::new(&summary_rel), &summary_text, offset, message);
    }

    // The pages: paths and front matter, in summary order.
    let mut pages: Vec<Planned> = Vec::new();
    let mut used: HashSet<String> = HashSet::new();
    let mut weight = 0i64;
    let first_is_home = match entries.first() {
        Some(Entry::Chapter(c)) => c.children.is_empty() && c.path.is_some(),
        _ => false,
    };
    for (i, entry) in entries.iter().enumerate() {
        match entry {
            Entry::Chapter(chapter) if i == 0 && first_is_home => {
                used.insert("_index.md".into());
                pages.push(Planned {
                    front: Front::titled(&chapter.title),
                    old: chapter.path.clone(),
                    new: "_index.md".into(),
                });
            }
            Entry::Chapter(chapter) => {
                plan_chapter(chapter, "", &mut weight, &mut used, &mut pages);
            }
            Entry::Part {
                title, chapters, ..
            } => {
                let dir = unique(&mut used, "", &slug(title), true);
                weight += 1;
                let mut front = Front::titled(title);
                front.weight = Some(weight);
                pages.push(Planned {
                    front,
                    old: None,
                    new: format!("{dir}/_index.md"),
                });
                for chapter in chapters {
                    plan_chapter(chapter, &dir, &mut weight, &mut used, &mut pages);
                }
            }
        }
    }
    if !first_is_home {
        let title = text_of(&["book", "title"]).unwrap_or_else(|| "Home".into());
        pages.insert(
            0,
            Planned {
                front: Front::titled(title),
                old: None,
                new: "_index.md".into(),
            },
        );
    }

    // Where each chapter went, and its old URL.
    let mut moved: HashMap<String, String> = HashMap::new();
    for page in &pages {
        if let Some(old) = &page.old {
            moved.insert(
                normalize(old).unwrap_or_else(|| old.clone()),
                page.new.clone(),
            );
        }
    }
    for page in &mut pages {
        let Some(old) = &page.old else { continue };
        let url = old_url(old);
        if url != "index.html" && url != new_output(&page.new) {
            page.front.aliases.push(url);
        }
    }
    // The first chapter is also the book's index.html.
    add_redirects(&config, &toml_text, &moved, &mut pages, &mut imported);

    // guide.yaml.
    let repository = text_of(&["output", "html", "git-repository-url"])
        .or_else(|| text_of(&["book", "repository"]));
    let mut site = SiteYaml {
        title: text_of(&["book", "title"]).unwrap_or_else(|| "Untitled".into()),
        description: text_of(&["book", "description"]),
        language: text_of(&["book", "language"]),
        hide_rust_hash_lines: true,
        ..SiteYaml::default()
    };
    site.base_url = match text_of(&["output", "html", "site-url"]).filter(|u| u.starts_with("http"))
    {
        Some(url) => url,
        None => {
            let guess = guess_base_url(repository.as_deref());
            imported.note_file(
                Path::new("book.toml"),
                format!("the book gives no address it is published at; guide.yaml's base_url is set to {guess}, to be corrected"),
            );
            guess
        }
    };
    if let Some(r) = repository {
        site.extra.insert("repository".into(), r.into());
    }

    // Each page's text.
    let mut included: HashSet<String> = HashSet::new();
    for page in &mut pages {
        let body = match &page.old {
            None => String::new(),
            Some(old) => {
                let file = src.join(old);
                let rel_file = PathBuf::from(format!("{src_name}/{old}"));
                match std::fs::read_to_string(&file) {
                    Ok(text) => {
                        let chapter = ChapterText {
                            book,
                            base_url: &site.base_url,
                            src_name: &src_name,
                            old,
                            new: &page.new,
                            moved: &moved,
                            file: &rel_file,
                        };
                        convert(
                            &chapter,
                            &text,
                            &mut page.front,
                            &mut included,
                            &mut imported,
                        )
                    }
                    Err(_) => {
                        imported.note_file(
                            &rel_file,
                            "SUMMARY.md names this chapter, but there is no such file; its page is empty"
                                .into(),
                        );
                        String::new()
                    }
                }
            }
        };
        plan.text(format!("content/{}", page.new), page.front.page(&body));
        imported.pages += 1;
    }

    // Other files of src/, and the files chapters include.
    let chapters: HashSet<&String> = moved.keys().collect();
    for rel in files_under(&src) {
        if rel.ends_with(".md") {
            if rel != "SUMMARY.md"
                && !chapters.contains(&rel)
                && !included.contains(&format!("{src_name}/{rel}"))
            {
                imported.note_file(
                    Path::new(&format!("{src_name}/{rel}")),
                    "not in SUMMARY.md, so not a chapter of the book: left out".into(),
                );
            }
            continue;
        }
        plan.copy(format!("content/{rel}"), src.join(&rel));
        imported.files += 1;
    }
    let mut included: Vec<String> = included.into_iter().collect();
    included.sort();
    for rel in included {
        plan.copy(format!("includes/{rel}"), book.join(&rel));
        imported.files += 1;
    }
    if book.join("theme").is_dir() {
        imported.note_file(
            Path::new("theme"),
            "the book's own theme is not carried over: the guide uses guide's default theme".into(),
        );
    }

    plan.files
        .insert("guide.yaml".into(), Content::Text(to_yaml(&site)));
    Ok((plan, imported))
}

/// Plans `chapter` and its sub-chapters in the folder `dir` of `content/`.
fn plan_chapter(
    chapter: &Chapter,
    dir: &str,
    weight: &mut i64,
    used: &mut HashSet<String>,
    pages: &mut Vec<Planned>,
) {
    *weight += 1;
    let mut front = Front::titled(&chapter.title);
    front.weight = Some(*weight);
    front.draft = chapter.path.is_none();
    let stem = match &chapter.path {
        Some(path) => {
            let name = path.rsplit('/').next().unwrap_or(path);
            let stem = name.strip_suffix(".md").unwrap_or(name);
            if stem.eq_ignore_ascii_case("readme") || stem == "index" {
                match folder(path).rsplit('/').next().filter(|s| !s.is_empty()) {
                    Some(parent) => parent.to_string(),
                    None => slug(&chapter.title),
                }
            } else {
                stem.to_string()
            }
        }
        None => slug(&chapter.title),
    };
    if chapter.children.is_empty() {
        let name = unique(used, dir, &stem, false);
        pages.push(Planned {
            front,
            old: chapter.path.clone(),
            new: format!("{name}.md"),
        });
        return;
    }
    let section = unique(used, dir, &stem, true);
    pages.push(Planned {
        front,
        old: chapter.path.clone(),
        new: format!("{section}/_index.md"),
    });
    for child in &chapter.children {
        plan_chapter(child, &section, weight, used, pages);
    }
}

/// `dir/stem` made unique among the paths used (a folder and a file may share a name).
fn unique(used: &mut HashSet<String>, dir: &str, stem: &str, is_folder: bool) -> String {
    let stem = if stem.starts_with(['_', '.']) || stem.is_empty() {
        format!("page{stem}")
    } else {
        stem.to_string()
    };
    let join = |s: &str| {
        if dir.is_empty() {
            s.to_string()
        } else {
            format!("{dir}/{s}")
        }
    };
    let mut n = 1;
    loop {
        let candidate = match n {
            1 => join(&stem),
            n => join(&format!("{stem}-{n}")),
        };
        let key = if is_folder {
            format!("{candidate}/")
        } else {
            format!("{candidate}.md")
        };
        // A page `x.md` and a section `x/` would both publish `x/`.
        let other = if is_folder {
            format!("{candidate}.md")
        } else {
            format!("{candidate}/")
        };
        if !used.contains(&key) && !used.contains(&other) {
            used.insert(key);
            return candidate;
        }
        n += 1;
    }
}

/// A file or folder name for a title, by the rule guide's own slugs follow.
fn slug(title: &str) -> String {
    match crate::url::slugify(title) {
        slug if slug.is_empty() => "chapter".into(),
        slug => slug,
    }
}

/// The URL mdBook gives a chapter file: `.md` as `.html`, a README as `index.html`.
fn old_url(old: &str) -> String {
    let old = normalize(old).unwrap_or_else(|| old.to_string());
    let stem = old.strip_suffix(".md").unwrap_or(&old);
    let (dir, name) = stem.rsplit_once('/').map_or(("", stem), |(d, n)| (d, n));
    let name = if name.eq_ignore_ascii_case("readme") {
        "index"
    } else {
        name
    };
    if dir.is_empty() {
        format!("{name}.html")
    } else {
        format!("{dir}/{name}.html")
    }
}

/// The file guide writes for a page at `new` under `content/` (an approximation that is
/// exact for the `index.html` files an old URL could collide with).
fn new_output(new: &str) -> String {
    match new.strip_suffix("_index.md") {
        Some(dir) => format!("{dir}index.html"),
        None => format!("{}/index.html", new.strip_suffix(".md").unwrap_or(new)),
    }
}

/// The chapter (its path under `src/`) an old URL, relative to `src/`, reached.
pub(super) fn chapter_of_url<'a>(
    url: &str,
    moved: &'a HashMap<String, String>,
) -> Option<(&'a String, &'a String)> {
    let stem = url
        .strip_suffix(".html")
        .or_else(|| url.strip_suffix(".md"))?;
    let mut tries = vec![format!("{stem}.md")];
    if let Some(dir) = stem.strip_suffix("index") {
        tries.push(format!("{dir}README.md"));
        tries.push(format!("{dir}readme.md"));
    }
    tries.iter().find_map(|t| moved.get_key_value(t))
}

fn add_redirects(
    config: &toml::Table,
    toml_text: &str,
    moved: &HashMap<String, String>,
    pages: &mut [Planned],
    imported: &mut Imported,
) {
    let Some(redirects) = config
        .get("output")
        .and_then(|o| o.get("html"))
        .and_then(|h| h.get("redirect"))
        .and_then(|r| r.as_table())
    else {
        return;
    };
    for (from, to) in redirects {
        let at = toml_text.find(from.as_str()).unwrap_or(0);
        let Some(to) = to.as_str() else { continue };
        let from_path = from.trim_start_matches('/');
        let target = to.split('#').next().unwrap_or(to);
        let resolved = if is_external(target) {
            None
        } else if let Some(abs) = target.strip_prefix('/') {
            normalize(abs)
        } else {
            normalize(&format!("{}/{target}", folder(from_path)))
        };
        let found = resolved
            .as_deref()
            .and_then(|r| chapter_of_url(r, moved))
            .map(|(_, new)| new.clone());
        match found.and_then(|new| pages.iter_mut().find(|p| p.new == new)) {
            Some(page) => {
                if !page.front.aliases.iter().any(|a| a == from_path) {
                    page.front.aliases.push(from_path.to_string());
                }
            }
            None => imported.note(
                Path::new("book.toml"),
                toml_text,
                at,
                format!("redirect from `{from}` to `{to}`: the target is not a chapter of the book, so the redirect is left out"),
            ),
        }
    }
}

/// Notes preprocessors and outputs that guide has no equivalent of.
fn report_unknown_tables(config: &toml::Table, text: &str, imported: &mut Imported) {
    let known_pre = ["links", "index"];
    if let Some(pre) = config.get("preprocessor").and_then(|p| p.as_table()) {
        for name in pre.keys() {
            if known_pre.contains(&name.as_str()) {
                continue;
            }
            let at = text.find(&format!("preprocessor.{name}")).unwrap_or(0);
            imported.note(
                Path::new("book.toml"),
                text,
                at,
                format!("preprocessor `{name}` is not carried over: what it adds to the chapters will be missing"),
            );
        }
    }
    if let Some(out) = config.get("output").and_then(|p| p.as_table()) {
        for name in out.keys().filter(|n| *n != "html") {
            let at = text.find(&format!("output.{name}")).unwrap_or(0);
            imported.note(
                Path::new("book.toml"),
                text,
                at,
                format!("output `{name}` is not carried over: guide writes HTML"),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn old_urls_and_slugs() {
        assert_eq!(old_url("a/README.md"), "a/index.html");
        assert_eq!(old_url("./ch1.md"), "ch1.html");
        assert_eq!(slug("Part I: The Start!"), "part-i-the-start");
        assert_eq!(new_output("a/_index.md"), "a/index.html");
    }
}
