//! The files made without the theme's page templates and their sidebar: redirects from old
//! URLs, the sitemap and robots.txt (each from a built-in template a theme or site may
//! override), and the files GitHub Pages reads (.nojekyll, CNAME).

use std::path::{Path, PathBuf};

use serde::Serialize;
use tera::Context;

use crate::diagnostics::Diagnostic;
use crate::model::generated::GENERATED;
use crate::model::{CNAME_PATH, NOJEKYLL_PATH, ROBOTS_PATH, SITEMAP_PATH, Site};
use crate::output::{Body, Output};
use crate::translations::PageState;
use crate::url;

use super::Theme;
use super::memo::Lookup;

/// A page at an old URL that sends the reader to the new one.
pub(super) fn alias_page(site: &Site, theme: &Theme, a: usize) -> Result<Output, Diagnostic> {
    let (alias, target) = &site.aliases[a];
    let page = &site.pages[*target];
    let mut ctx = Context::new();
    ctx.insert("title", &page.meta().title);
    ctx.insert("href", &url::relative(alias, &page.path));
    ctx.insert(
        "permalink",
        &url::absolute(&site.config.base_url, &page.path),
    );
    let source = page.loaded.shown_path();
    let body = render(theme, "alias.html", &ctx, &source)?;
    Ok(Output {
        path: url::output_file(alias),
        body,
        source,
        template: Some("alias.html".into()),
        sidebar: None,
    })
}

/// A page or file the sitemap lists.
#[derive(Serialize)]
struct SitemapEntry<'a> {
    permalink: String,
    /// When the page was last reviewed.
    lastmod: Option<&'a str>,
}

/// An output with its memo id and key, in a build with a memo.
type Extra = (Option<(String, u64)>, Result<Output, Diagnostic>);

/// sitemap.xml, robots.txt, .nojekyll and CNAME; the first two from the memo when `lookup`
/// has them unchanged.
pub(super) fn extras(site: &Site, theme: &Theme, lookup: Option<&Lookup<'_>>) -> Vec<Extra> {
    let translation = site.localized.as_ref().filter(|l| !l.is_source());
    // A page a translation shows in the source's words is the source's page: search
    // engines are sent there.
    let fallback = |p: &&crate::model::Page| {
        translation.is_some_and(|l| *l.state(l.current, &p.loaded.file.rel) == PageState::Fallback)
    };
    let mut listed: Vec<(&str, Option<&str>)> = site
        .pages
        .iter()
        .filter(|p| !fallback(p))
        .map(|p| {
            (
                p.path.as_str(),
                p.meta().reviewed.as_ref().map(|d| d.0.as_str()),
            )
        })
        .collect();
    listed.extend(
        site.roles
            .iter()
            .map(|r| (r.path.as_str(), Some(r.loaded.role.reviewed.0.as_str()))),
    );
    listed.extend(
        GENERATED
            .iter()
            .filter(|g| g.in_sitemap && g.in_site(site))
            .map(|g| (g.path, None)),
    );
    listed.sort();
    let config = Path::new("guide.yaml");
    let from_template = |path: &str, template: &str, ctx: &Context| {
        Ok(Output {
            body: render(theme, template, ctx, config)?,
            template: Some(template.into()),
            ..extra(path, String::new())
        })
    };
    let (id, remembered) = match lookup {
        Some(lookup) => lookup.extra("sitemap", &listed),
        None => (None, None),
    };
    let sitemap = remembered.unwrap_or_else(|| {
        let entries: Vec<SitemapEntry<'_>> = listed
            .into_iter()
            .map(|(path, lastmod)| SitemapEntry {
                permalink: url::absolute(&site.config.base_url, path),
                lastmod,
            })
            .collect();
        let mut ctx = Context::new();
        ctx.insert("entries", &entries);
        drop(entries);
        from_template(SITEMAP_PATH, "sitemap.xml", &ctx)
    });
    // A translation's site is a folder of the source's: the files a host reads at the
    // root are the source's.
    if translation.is_some() {
        return vec![(id, sitemap)];
    }
    // robots.txt names the sitemaps, the translations' too.
    let sitemaps: Vec<String> = match &site.localized {
        Some(l) => (l.editions.iter())
            .map(|e| format!("{}{SITEMAP_PATH}", e.base_url))
            .collect(),
        None => vec![url::absolute(&site.config.base_url, SITEMAP_PATH)],
    };
    let (robots_id, remembered) = match lookup {
        Some(lookup) => lookup.extra("robots", &sitemaps),
        None => (None, None),
    };
    let robots = remembered.unwrap_or_else(|| {
        let mut ctx = Context::new();
        ctx.insert("sitemaps", &sitemaps);
        from_template(ROBOTS_PATH, "robots.txt", &ctx)
    });
    let mut out = vec![
        (id, sitemap),
        (robots_id, robots),
        // GitHub Pages would otherwise run Jekyll, which hides files starting with `_`.
        (None, Ok(extra(NOJEKYLL_PATH, String::new()))),
    ];
    if let Some(cname) = &site.config.cname {
        out.push((None, Ok(extra(CNAME_PATH, format!("{cname}\n")))));
    }
    out
}

/// A file the configuration makes.
fn extra(path: &str, text: String) -> Output {
    Output {
        sidebar: None,
        path: path.into(),
        body: Body::from(text),
        source: PathBuf::from("guide.yaml"),
        template: None,
    }
}

/// `template` rendered with `ctx` (and the theme's globals); `source` names the file the
/// output is made for in an error.
fn render(theme: &Theme, template: &str, ctx: &Context, source: &Path) -> Result<Body, Diagnostic> {
    let mut bytes = Vec::new();
    theme
        .tera
        .render_to(template, ctx, &mut bytes)
        .map_err(|e| theme.diagnostic(&e, Some(&source.display().to_string())))?;
    Ok(Body::from(bytes::Bytes::from(bytes)))
}
