//! The files made without the theme's page templates: redirects from old URLs, the
//! sitemap, robots.txt, and the files GitHub Pages reads (.nojekyll, CNAME).

use std::path::PathBuf;

use crate::html::escape;
use crate::model::generated::GENERATED;
use crate::model::{Site, rel_content};
use crate::output::{Body, Output};
use crate::url;

/// A page at an old URL that sends the reader to the new one.
pub(super) fn alias_page(site: &Site, a: usize) -> Output {
    let (alias, target) = &site.aliases[a];
    let page = &site.pages[*target];
    let href = escape(&url::relative(alias, &page.path));
    let canonical = escape(&url::absolute(&site.config.base_url, &page.path));
    let title = escape(&page.meta().title);
    let html = format!(
        "<!doctype html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n<title>Moved: {title}</title>\n\
         <link rel=\"canonical\" href=\"{canonical}\">\n<meta name=\"robots\" content=\"noindex\">\n\
         <meta http-equiv=\"refresh\" content=\"0; url={href}\">\n</head>\n<body>\n<main>\n<h1>This page has moved</h1>\n\
         <p><a href=\"{href}\">Go to {title}</a>.</p>\n</main>\n</body>\n</html>\n",
        lang = escape(&site.config.language),
    );
    Output {
        path: url::output_file(alias),
        body: Body::from(html),
        source: rel_content(&page.loaded.file.rel),
        template: None,
        sidebar: None,
    }
}

/// sitemap.xml, robots.txt, .nojekyll and CNAME.
pub(super) fn extras(site: &Site) -> Vec<Output> {
    let mut entries: Vec<(&str, Option<&str>)> = site
        .pages
        .iter()
        .map(|p| {
            (
                p.path.as_str(),
                p.meta().reviewed.as_ref().map(|d| d.0.as_str()),
            )
        })
        .collect();
    entries.extend(
        site.roles
            .iter()
            .map(|r| (r.path.as_str(), Some(r.loaded.role.reviewed.0.as_str()))),
    );
    entries.extend(
        GENERATED
            .iter()
            .filter(|g| g.in_sitemap && g.in_site(site))
            .map(|g| (g.path, None)),
    );
    entries.sort();
    let mut sitemap = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for (path, lastmod) in entries {
        sitemap.push_str("  <url><loc>");
        sitemap.push_str(&escape(&url::absolute(&site.config.base_url, path)));
        sitemap.push_str("</loc>");
        if let Some(date) = lastmod {
            sitemap.push_str("<lastmod>");
            sitemap.push_str(date);
            sitemap.push_str("</lastmod>");
        }
        sitemap.push_str("</url>\n");
    }
    sitemap.push_str("</urlset>\n");
    let robots = format!(
        "User-agent: *\nAllow: /\nSitemap: {}sitemap.xml\n",
        site.config.base_url
    );
    let extra = |path: &str, text: String| Output {
        sidebar: None,
        path: path.into(),
        body: Body::from(text),
        source: PathBuf::from("guide.yaml"),
        template: None,
    };
    let mut out = vec![
        extra("sitemap.xml", sitemap),
        extra("robots.txt", robots),
        // GitHub Pages would otherwise run Jekyll, which hides files starting with `_`.
        extra(".nojekyll", String::new()),
    ];
    if let Some(cname) = &site.config.cname {
        out.push(extra("CNAME", format!("{cname}\n")));
    }
    out
}
