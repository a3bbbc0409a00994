//! The pages guide makes from the site's data rather than from a chapter: the roles list,
//! the comparison, the glossary, the sources, the print page, the search page and the 404 page. One table
//! holds what each is; the URL claims, the render jobs, the template check, the navigation
//! and the sitemap all read it, so adding a page is adding a row.

use crate::i18n::keys;

use super::{
    COMPARE_PATH, GLOSSARY_PATH, NOT_FOUND_PATH, PRINT_PATH, ROLES_PATH, SEARCH_DIR, SOURCES_PATH,
    Site,
};

/// Which generated page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Generated {
    Roles,
    Compare,
    Glossary,
    Sources,
    Print,
    Search,
    NotFound,
}

/// What a generated page is.
#[derive(Debug)]
pub(crate) struct GeneratedPage {
    pub page: Generated,
    /// Its URL path, relative to the site's root.
    pub path: &'static str,
    /// The theme template it is rendered with.
    pub template: &'static str,
    /// The file it is made from, as diagnostics about it name it.
    pub source: &'static str,
    /// The key of its title in the theme's strings, unless its data gives one.
    pub title_key: &'static str,
    /// How an error about a URL two files claim names it.
    pub described_as: &'static str,
    /// Whether the sitemap lists it.
    pub in_sitemap: bool,
    /// Made only when the theme has its template (a theme may leave the print page out);
    /// otherwise a site that has the page needs the template.
    pub optional: bool,
    /// Whether the site has the page at all.
    has: fn(&Site) -> bool,
}

impl GeneratedPage {
    /// Whether `site` has this page (an optional one also needs its template).
    pub(crate) fn in_site(&self, site: &Site) -> bool {
        (self.has)(site)
    }
}

fn has_roles(site: &Site) -> bool {
    !site.roles.is_empty()
}

fn always(_: &Site) -> bool {
    true
}

/// Every generated page, in the order the build renders them.
pub(crate) const GENERATED: [GeneratedPage; 7] = [
    GeneratedPage {
        page: Generated::Roles,
        path: ROLES_PATH,
        template: "roles.html",
        source: "content/roles",
        title_key: keys::TITLE_ROLES,
        described_as: "the generated roles list",
        in_sitemap: true,
        optional: false,
        has: has_roles,
    },
    GeneratedPage {
        page: Generated::Compare,
        path: COMPARE_PATH,
        template: "compare.html",
        source: "content/compare.yaml",
        title_key: keys::TITLE_COMPARE,
        described_as: "the generated comparison",
        in_sitemap: true,
        optional: false,
        has: has_roles,
    },
    GeneratedPage {
        page: Generated::Glossary,
        path: GLOSSARY_PATH,
        template: "glossary.html",
        source: "content/glossary.yaml",
        title_key: keys::TITLE_GLOSSARY,
        described_as: "the generated glossary",
        in_sitemap: true,
        optional: false,
        has: |site| site.has_glossary,
    },
    GeneratedPage {
        page: Generated::Sources,
        path: SOURCES_PATH,
        template: "sources.html",
        source: "content/sources.yaml",
        title_key: keys::TITLE_SOURCES,
        described_as: "the generated sources list",
        in_sitemap: true,
        optional: false,
        has: |site| site.has_sources,
    },
    GeneratedPage {
        page: Generated::Print,
        path: PRINT_PATH,
        template: "print.html",
        source: "content",
        title_key: keys::TITLE_PRINT,
        described_as: "the generated print page",
        in_sitemap: false,
        optional: true,
        has: always,
    },
    GeneratedPage {
        page: Generated::Search,
        path: SEARCH_DIR,
        template: "search.html",
        source: "content",
        title_key: keys::TITLE_SEARCH,
        described_as: "the generated search page",
        in_sitemap: false,
        optional: true,
        has: always,
    },
    GeneratedPage {
        page: Generated::NotFound,
        path: NOT_FOUND_PATH,
        template: "404.html",
        source: "404.html",
        title_key: keys::TITLE_NOT_FOUND,
        described_as: "the generated 404 page",
        in_sitemap: false,
        optional: false,
        has: always,
    },
];

/// The row of `page`.
pub(crate) fn generated(page: Generated) -> &'static GeneratedPage {
    match GENERATED.iter().find(|g| g.page == page) {
        Some(row) => row,
        None => unreachable!("every generated page has a row"),
    }
}
