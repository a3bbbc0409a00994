//! Where a site stands among the guide's languages: the source's site and each
//! translation's site know every language (for the switcher and `hreflang` alternates) and
//! the state of each of their pages in each language.

use rustc_hash::FxHashMap as HashMap;

use crate::config::{Config, Fallback};
use crate::model::{HOME, Site};
use crate::translations::PageState;

/// One language of a guide, as its sites link to one another.
#[derive(Debug, Clone, Hash)]
pub struct Edition {
    pub tag: String,
    /// `<html lang>` and `hreflang`.
    pub locale: String,
    /// Its name in the language itself.
    pub name: String,
    pub dir: &'static str,
    /// Where its site is published (the source's base URL, or that followed by the tag).
    pub base_url: String,
    pub fallback: Fallback,
}

/// How far a language is translated, as a build reports it.
#[derive(Debug, Clone)]
pub struct Coverage {
    pub tag: String,
    pub name: String,
    pub translated: usize,
    pub stale: usize,
    pub pages: usize,
}

impl std::fmt::Display for Coverage {
    /// `es (Español): 13 of 14 pages translated (92%), 1 stale`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let percent = (self.translated * 100)
            .checked_div(self.pages)
            .unwrap_or(100);
        write!(
            f,
            "{} ({}): {} of {} pages translated ({percent}%)",
            self.tag, self.name, self.translated, self.pages
        )?;
        match self.stale {
            0 => Ok(()),
            n => write!(f, ", {n} stale"),
        }
    }
}

/// A site's languages; `None` on a guide without `languages:`.
#[derive(Debug, Clone)]
pub struct Localized {
    /// Every language, the source first.
    pub editions: Vec<Edition>,
    /// Which of them this site is.
    pub current: usize,
    /// For each language, the state of each page, by its content-relative file; a page not
    /// listed is the source's own (in the source) or a fallback.
    pub states: Vec<HashMap<String, PageState>>,
    /// The content-relative file of each page, by its path (the same in every language).
    pub files: HashMap<String, String>,
}

impl Localized {
    /// The state of the page from `rel` in language `n`.
    pub fn state(&self, n: usize, rel: &str) -> &PageState {
        match n {
            0 => &PageState::Source,
            _ => self.states[n].get(rel).unwrap_or(&PageState::Fallback),
        }
    }

    pub fn is_source(&self) -> bool {
        self.current == 0
    }

    /// How far this site's language is translated: its pages with a translation (stale
    /// ones among them), of `pages`.
    pub fn coverage(&self, pages: usize) -> Coverage {
        let states = self.states[self.current].values();
        let mut coverage = Coverage {
            tag: self.editions[self.current].tag.clone(),
            name: self.editions[self.current].name.clone(),
            translated: 0,
            stale: 0,
            pages,
        };
        for state in states {
            match state {
                PageState::Translated => coverage.translated += 1,
                PageState::Stale(_) => {
                    coverage.translated += 1;
                    coverage.stale += 1;
                }
                PageState::Source | PageState::Fallback => {}
            }
        }
        coverage
    }

    /// A fingerprint of all of it, for the keys of what it shows (the language switcher,
    /// `hreflang` alternates, notices).
    pub fn fingerprint(&self) -> u64 {
        let mut f = crate::fingerprint::Fingerprint::new()
            .with(&self.editions)
            .with(self.current);
        for states in &self.states {
            let mut sorted: Vec<_> = states.iter().collect();
            sorted.sort_by(|a, b| a.0.cmp(b.0));
            f = f.with_debug(&sorted);
        }
        let mut files: Vec<_> = self.files.iter().collect();
        files.sort();
        f.with(&files).finish()
    }

    /// The state in language `n` of the output at `path`: a page's, or translated for the
    /// pages made from data (their text falls back field by field).
    pub fn state_at(&self, n: usize, path: &str) -> &PageState {
        match (n, self.files.get(path)) {
            (0, _) => &PageState::Source,
            (_, Some(rel)) => self.state(n, rel),
            (_, None) => &PageState::Translated,
        }
    }
}

/// Leaves out of a language's `site` its untranslated pages (`fallback: omit`, `states` by
/// content-relative file): each one's path leads out of the language's folder to the
/// source's page, so every link and menu entry to it goes there, and it leaves the reading
/// order, so it has no place in the previous and next links, the search or the print page.
/// The home page stays, in the source's words, as every page's way home.
pub(crate) fn leave_out(site: &mut Site, states: &HashMap<String, PageState>) {
    for page in &mut site.pages[HOME + 1..] {
        if states.get(&page.loaded.file.rel) == Some(&PageState::Fallback) {
            page.path.insert_str(0, "../");
        }
    }
    let pages = &site.pages;
    site.reading_order.retain(|&i| !pages[i].left_out());
}

/// The editions of a guide: its source language, then its translations by tag.
pub(crate) fn editions(config: &Config) -> Vec<Edition> {
    let source = Edition {
        tag: config.language.clone(),
        locale: config.language.clone(),
        name: endonym(&config.language).to_string(),
        dir: crate::config::default_direction(&config.language).as_str(),
        base_url: config.base_url.clone(),
        fallback: Fallback::Source,
    };
    let translations = config.languages.iter().map(|(tag, l)| Edition {
        tag: tag.clone(),
        locale: l.locale(tag).to_string(),
        name: l.name.trim().to_string(),
        dir: l.dir(tag).as_str(),
        base_url: format!("{}{tag}/", config.base_url),
        fallback: l.fallback,
    });
    std::iter::once(source).chain(translations).collect()
}

/// A language's name in the language itself, for the source language (whose name
/// guide.yaml does not give); the tag for a language not listed.
fn endonym(tag: &str) -> &str {
    let primary = tag.split('-').next().unwrap_or(tag).to_ascii_lowercase();
    match primary.as_str() {
        "ar" => "العربية",
        "de" => "Deutsch",
        "en" => "English",
        "es" => "Español",
        "fr" => "Français",
        "hi" => "हिन्दी",
        "it" => "Italiano",
        "ja" => "日本語",
        "ko" => "한국어",
        "nl" => "Nederlands",
        "pl" => "Polski",
        "pt" => "Português",
        "ru" => "Русский",
        "tr" => "Türkçe",
        "uk" => "Українська",
        "vi" => "Tiếng Việt",
        "zh" => "中文",
        _ => tag,
    }
}
