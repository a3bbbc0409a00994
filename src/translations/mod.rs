//! Translations: the files of `translations/<tag>/`, a mirror of `content/`, laid over what
//! was read from `content/` to make a language's own [`Loaded`], which the model then turns
//! into that language's site like any other. Every file is optional: a page without a
//! translation keeps the source's text (and is marked so), a data file without one keeps
//! the source's values.

mod data;
mod pages;

use std::path::Path;

use rustc_hash::FxHashMap as HashMap;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::discover::{self, Kind};
use crate::fsx;
use crate::load::Loaded;

/// What a page of a language's site is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PageState {
    /// A page of the source language.
    Source,
    /// A translation made from the source as it is.
    Translated,
    /// A translation made from an earlier version of the source: the sections that
    /// changed since.
    Stale(Vec<String>),
    /// No translation: the source's text.
    Fallback,
}

/// A language's files laid over the source's.
pub(crate) struct Translated {
    pub loaded: Loaded,
    /// The state of each page, by its content-relative file.
    pub states: HashMap<String, PageState>,
}

/// Lays the files of `translations/<tag>/` over `source`, what was read from `content/`.
/// Problems with the translations are added to `diagnostics`; a translation that has one
/// is left out, so its page keeps the source's text.
pub(crate) fn translate(
    root: &Path,
    source: &Loaded,
    tag: &str,
    diagnostics: &mut Diagnostics,
) -> Translated {
    let mut loaded = source.clone();
    loaded.diagnostics = Diagnostics::new();
    data::all_untranslated(&mut loaded);
    let mut states: HashMap<String, PageState> = (source.pages.iter())
        .map(|p| (p.file.rel.clone(), PageState::Fallback))
        .collect();
    for file in discover::translations(root, tag, diagnostics) {
        let result = match file.kind {
            Kind::Page | Kind::Section => pages::translate(&mut loaded, &file, tag).map(|state| {
                states.insert(file.rel.clone(), state);
            }),
            Kind::Role | Kind::Glossary | Kind::Sources | Kind::Compare => {
                data::translate(&mut loaded, &file)
            }
            // The theme's words are the theme's string files', not a translation's.
            Kind::Asset if file.rel == "ui.yaml" => Err(vec![
                Diagnostic::error(&file.path, "the theme's words are not translated here")
                    .with_help(format!(
                        "put them in themes/<theme>/i18n/{tag}.yaml (`guide init --eject-theme` \
                         copies the built-in theme's files to start from)"
                    )),
            ]),
            // An image or other file in place of the source's, for this language only.
            Kind::Asset => match loaded.assets.iter_mut().find(|a| a.rel == file.rel) {
                Some(asset) => {
                    asset.path = file.path.clone();
                    Ok(())
                }
                None => Err(vec![orphan(&file.path, &file.rel)]),
            },
        };
        if let Err(problems) = result {
            diagnostics.extend(problems);
        }
    }
    Translated { loaded, states }
}

/// A translation with nothing to translate in `content/`.
fn orphan(path: &Path, rel: &str) -> Diagnostic {
    Diagnostic::error(path, format!("there is no content/{rel} to translate")).with_help(
        "a translation mirrors content/: name it as its source is named there, or remove it",
    )
}

/// A translation file's text.
fn read(path: &Path) -> Result<String, Vec<Diagnostic>> {
    fsx::read_text(path).map_err(|d| vec![d])
}
