//! Pages: each Markdown file's URL, kind and template, its place in the tree (parent,
//! children in reading order, place among its siblings), and the old URLs its aliases
//! redirect from. Slugs and aliases that cannot make a URL are reported here.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use crate::config::Config;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::discover::{Kind, SourceFile};
use crate::load::{LoadedPage, PageMeta};
use crate::url;
use crate::yaml::line_of_key;

use super::{HOME, Page, PageKind};

/// The folder part of a content-relative file (`a/b/c.md` -> `a/b`).
fn folder_of(rel: &str) -> &str {
    rel.rfind('/').map_or("", |i| &rel[..i])
}

pub(super) fn build_pages(
    config: &Config,
    loaded: Vec<LoadedPage>,
    drafts: bool,
    diagnostics: &mut Diagnostics,
) -> (Vec<Page>, Vec<(String, usize)>) {
    let mut loaded: Vec<LoadedPage> = loaded
        .into_iter()
        .filter(|p| drafts || !p.meta.draft)
        .collect();
    // Sections whose _index.md is a draft take their whole folder with them.
    let sections: Vec<&str> = loaded
        .iter()
        .filter(|p| p.file.kind == Kind::Section)
        .map(|p| folder_of(&p.file.rel))
        .collect();
    let section_dirs: std::collections::HashSet<String> =
        sections.iter().map(|s| s.to_string()).collect();

    // The home page is content/_index.md, or an empty page titled after the site.
    if !loaded.iter().any(|p| p.file.rel == "_index.md") {
        loaded.push(LoadedPage {
            file: SourceFile {
                path: PathBuf::from("content/_index.md"),
                rel: "_index.md".into(),
                kind: Kind::Section,
            },
            source: Default::default(),
            meta: PageMeta {
                title: config.title.clone(),
                description: None,
                weight: 0,
                draft: false,
                slug: None,
                template: None,
                aliases: Vec::new(),
                reviewed: None,
                objectives: Vec::new(),
                citations: true,
                extra: Default::default(),
            },
            body_offset: 0,
            words: 0,
            included: None,
            translation: None,
        });
    }
    loaded.sort_by(|a, b| a.file.rel.cmp(&b.file.rel));
    let home_index = loaded
        .iter()
        .position(|p| p.file.rel == "_index.md")
        .unwrap_or(0);
    let home = loaded.remove(home_index);
    loaded.insert(HOME, home);

    // URL of each folder: its parent's URL plus its (section slug or slugified) name.
    let mut folder_urls: BTreeMap<String, String> = BTreeMap::new();
    folder_urls.insert(String::new(), String::new());
    let section_slugs: HashMap<String, Option<String>> = loaded
        .iter()
        .filter(|p| p.file.kind == Kind::Section)
        .map(|p| (folder_of(&p.file.rel).to_string(), usable_slug(&p.meta)))
        .collect();
    let mut folder_url = |folder: &str| -> String {
        // Every page of a folder asks; work each folder's URL out once.
        if let Some(url) = folder_urls.get(folder) {
            return url.clone();
        }
        let mut url = String::new();
        let mut sofar = String::new();
        for part in folder.split('/').filter(|p| !p.is_empty()) {
            if !sofar.is_empty() {
                sofar.push('/');
            }
            sofar.push_str(part);
            let slug = section_slugs
                .get(&sofar)
                .cloned()
                .flatten()
                .unwrap_or_else(|| url::slugify(part));
            url.push_str(&slug);
            url.push('/');
        }
        folder_urls.insert(folder.to_string(), url.clone());
        url
    };

    let mut pages: Vec<Page> = Vec::with_capacity(loaded.len());
    for lp in loaded {
        let rel = lp.file.rel.clone();
        let folder = folder_of(&rel).to_string();
        let (kind, path) = if rel == "_index.md" {
            (PageKind::Home, String::new())
        } else if lp.file.kind == Kind::Section {
            (PageKind::Section, folder_url(&folder))
        } else {
            let stem = rel
                .rsplit('/')
                .next()
                .unwrap_or(&rel)
                .trim_end_matches(".md");
            let base = folder_url(&folder);
            let slug = usable_slug(&lp.meta);
            if stem == "index" && slug.is_none() {
                (PageKind::Chapter, base)
            } else {
                let slug = slug.unwrap_or_else(|| url::slugify(stem));
                (
                    PageKind::Chapter,
                    [base.as_str(), slug.as_str(), "/"].concat(),
                )
            }
        };
        // A name without a letter or digit (`-.md`, a folder `--`) slugifies to nothing.
        if path.starts_with('/') || path.contains("//") {
            diagnostics.push(
                Diagnostic::error(
                    rel_content(&rel),
                    format!(
                        "`{rel}` makes no URL: its name or its folder's has no letter or digit"
                    ),
                )
                .with_help("rename it, or give the page or its section a `slug`"),
            );
        }
        if let Some(slug) = &lp.meta.slug
            && !url::is_valid_slug(slug)
        {
            let line = line_of_key(&lp.source, "slug");
            diagnostics.push(
                Diagnostic::error(rel_content(&rel), format!("`{slug}` is not a valid slug"))
                    .at(&lp.source, line, 0)
                    .with_help(slug_help(slug)),
            );
        }
        let template = lp.meta.template.clone().unwrap_or_else(|| {
            match kind {
                PageKind::Home => "index.html",
                PageKind::Section => "section.html",
                PageKind::Chapter => "page.html",
            }
            .to_string()
        });
        pages.push(Page {
            loaded: lp,
            kind,
            path,
            parent: None,
            children: Vec::new(),
            place: 0,
            template,
        });
    }

    // Each page's parent is the section of the nearest folder above it that has one.
    let section_of_folder: HashMap<String, usize> = pages
        .iter()
        .enumerate()
        .filter(|(_, p)| p.kind != PageKind::Chapter)
        .map(|(i, p)| (folder_of(&p.loaded.file.rel).to_string(), i))
        .collect();
    for i in 1..pages.len() {
        let rel = pages[i].loaded.file.rel.clone();
        let mut folder = folder_of(&rel).to_string();
        if pages[i].kind == PageKind::Section {
            folder = folder_of(&folder).to_string();
        }
        let parent = loop {
            if let Some(&s) = section_of_folder.get(&folder)
                && (s != i && section_dirs.contains(&folder) || folder.is_empty())
            {
                break s;
            }
            if folder.is_empty() {
                break HOME;
            }
            folder = folder_of(&folder).to_string();
        };
        pages[i].parent = Some(parent);
        pages[parent].children.push(i);
    }
    for i in 0..pages.len() {
        let mut children = std::mem::take(&mut pages[i].children);
        children.sort_by(|&a, &b| {
            let (a, b) = (&pages[a], &pages[b]);
            (a.meta().weight, &a.meta().title, &a.path).cmp(&(
                b.meta().weight,
                &b.meta().title,
                &b.path,
            ))
        });
        for (place, &child) in children.iter().enumerate() {
            pages[child].place = place;
        }
        pages[i].children = children;
    }

    let mut aliases = Vec::new();
    for (i, page) in pages.iter().enumerate() {
        for alias in &page.meta().aliases {
            // A backslash is a folder separator on Windows and nothing in a URL; characters
            // that are not allowed in a URL's path are refused rather than guessed at.
            let usable = !alias.contains(['\\', '"', '<', '>', '?', '#'])
                && !alias.chars().any(|c| c.is_whitespace() || c.is_control());
            match url::normalize_path(alias).filter(|_| usable) {
                Some(path) if !path.is_empty() => aliases.push((path, i)),
                _ => {
                    let line = line_of_key(&page.loaded.source, "aliases");
                    diagnostics.push(
                        Diagnostic::error(
                            page.loaded.shown_path(),
                            format!("alias `{alias}` is not a usable URL path"),
                        )
                        .at(&page.loaded.source, line, 0)
                        .with_help(
                            "write the old path relative to the site root with `/` between \
                             its parts, e.g. old/page/",
                        ),
                    );
                }
            }
        }
    }
    (pages, aliases)
}

/// What to write instead of a slug that is not valid: its slugified form as an example only
/// when that is a valid slug (`Über uns` slugifies to `über-uns`, which is not).
fn slug_help(slug: &str) -> String {
    let rule = "use lowercase ASCII letters, digits and single hyphens between them";
    match url::slugify(slug) {
        example if url::is_valid_slug(&example) => format!("{rule}, e.g. `{example}`"),
        _ => format!("{rule}, e.g. `my-page`"),
    }
}

/// The page's `slug:` when it is valid. An invalid one is reported, and the URL is made
/// from the file's name instead: used, `slug: ''` made the URL `/`, and `slug: ..` one
/// outside the site, so a failed build wrote pages at the file system's root or into the
/// site's own folder.
fn usable_slug(meta: &PageMeta) -> Option<String> {
    meta.slug.clone().filter(|slug| url::is_valid_slug(slug))
}

/// `content/`-prefixed path for diagnostics.
fn rel_content(rel: &str) -> PathBuf {
    Path::new("content").join(rel)
}

/// Depth-first order of the tree under the home page.
pub(super) fn reading_order(pages: &[Page]) -> Vec<usize> {
    fn visit(pages: &[Page], i: usize, out: &mut Vec<usize>) {
        for &c in &pages[i].children {
            out.push(c);
            visit(pages, c, out);
        }
    }
    let mut out = Vec::with_capacity(pages.len());
    if !pages.is_empty() {
        visit(pages, HOME, &mut out);
    }
    out
}
