//! What a page's templates receive of the guide's languages: the page in each language
//! (the switcher, `hreflang` alternates) and its own state as a translation (the notices).

use serde::Serialize;

use crate::model::Site;
use crate::url;

/// A language of the guide, as a page links to its counterpart there.
#[derive(Serialize)]
pub(crate) struct TranslationLink<'a> {
    pub tag: &'a str,
    pub locale: &'a str,
    pub name: &'a str,
    pub dir: &'static str,
    /// The page in that language, and its path from this site's root (through `..` out of
    /// a translation's folder), for links that work on any host and from disk.
    pub url: String,
    pub href: String,
    pub current: bool,
    /// Whether the page there is in that language: neither a fallback to the source's
    /// text nor left out. Only such pages are `hreflang` alternates.
    pub real: bool,
}

/// Where the page being rendered stands as a translation.
#[derive(Serialize)]
pub(crate) struct TranslationState<'a> {
    /// `source`, `translated`, `stale` or `fallback`.
    pub state: &'static str,
    /// The sections of the source changed since the translation was made (`stale`).
    pub changed: &'a [String],
    /// The source's page, its language and direction.
    pub source_url: String,
    pub source_locale: &'a str,
    pub source_dir: &'static str,
}

/// The page at `path` in each of the guide's languages, and its own state; nothing on a
/// guide without translations.
pub(crate) fn translations<'a>(
    site: &'a Site,
    path: &str,
) -> (Vec<TranslationLink<'a>>, Option<TranslationState<'a>>) {
    use crate::config::Fallback;
    use crate::translations::PageState;
    let Some(l) = &site.localized else {
        return (Vec::new(), None);
    };
    // A language that leaves out untranslated pages has no counterpart of this one.
    let links = (l.editions.iter().enumerate())
        .filter(|(n, e)| {
            e.fallback == Fallback::Source || *l.state_at(*n, path) != PageState::Fallback
        })
        .map(|(n, e)| TranslationLink {
            tag: &e.tag,
            locale: &e.locale,
            name: &e.name,
            dir: e.dir,
            url: url::absolute(&e.base_url, path),
            href: [
                if l.is_source() { "" } else { "../" },
                if n == 0 { "" } else { &e.tag },
                if n == 0 { "" } else { "/" },
                path,
            ]
            .concat(),
            current: n == l.current,
            real: *l.state_at(n, path) != PageState::Fallback,
        })
        .collect();
    let source = &l.editions[0];
    let (state, changed): (&'static str, &[String]) = match l.state_at(l.current, path) {
        PageState::Source => ("source", &[]),
        PageState::Translated => ("translated", &[]),
        PageState::Stale(changed) => ("stale", changed),
        PageState::Fallback => ("fallback", &[]),
    };
    let state = TranslationState {
        state,
        changed,
        source_url: url::absolute(&source.base_url, path),
        source_locale: &source.locale,
        source_dir: source.dir,
    };
    (links, Some(state))
}
