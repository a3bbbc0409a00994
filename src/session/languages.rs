//! A guide's translations in a build. Each language's site is made from the source's files
//! with that language's translations laid over them (`translations`), turned into a model
//! like the source's, rendered with the same theme through the same render path, checked
//! on its own, and published under its tag (`es/`). A guide without `languages:` makes none
//! of this.

use std::path::Path;
use std::sync::{Arc, OnceLock};

use rustc_hash::FxHashMap as HashMap;

use super::sinks::{KeepWhole, StagingSink};
use crate::check;
use crate::config::{Config, Fallback, Language, Stale};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::load::Loaded;
use crate::model::languages::{self, Localized};
use crate::model::{self, Asset, Site};
use crate::output::Output;
use crate::progress::Progress;
use crate::render::{self, Reuse, Theme};
use crate::translate::pin::{self, PinState};
use crate::translate::structure;
use crate::translations::{self, PageState};
use crate::write::Staging;

/// What a session keeps of a language between builds.
#[derive(Default)]
pub(super) struct EditionMemory {
    render: render::Memo,
    check: check::Memo,
}

/// The sites of the guide's translations, from `loaded`, what was read for the source; the
/// source's `site` learns of them. Problems go into `diagnostics` (the source's own, which
/// a translation's site finds again, are told once: diagnostics are deduplicated).
pub(super) fn models(
    root: &Path,
    site: &mut Site,
    loaded: &Loaded,
    drafts: bool,
    diagnostics: &mut Diagnostics,
) -> Vec<Arc<Site>> {
    let config = &site.config;
    if config.languages.is_empty() {
        return Vec::new();
    }
    let editions = languages::editions(config);
    let mut states: Vec<HashMap<String, PageState>> = vec![HashMap::default()];
    let mut sites = Vec::new();
    for (edition, (tag, language)) in editions[1..].iter().zip(&config.languages) {
        let mut translated = translations::translate(root, loaded, tag, diagnostics);
        check_pages(
            tag,
            language,
            &translated.loaded,
            &mut translated.states,
            diagnostics,
        );
        let mut extra = config.extra.clone();
        extra.extend(language.extra.clone());
        let config = Config {
            language: tag.clone(),
            extra,
            base_url: edition.base_url.clone(),
            title: language
                .title
                .clone()
                .unwrap_or_else(|| config.title.clone()),
            description: (language.description.clone())
                .unwrap_or_else(|| config.description.clone()),
            ..config.clone()
        };
        let mut site = model::build(config, translated.loaded, drafts, diagnostics);
        if language.fallback == Fallback::Omit {
            languages::leave_out(&mut site, &translated.states);
        }
        sites.push(site);
        states.push(translated.states);
    }
    let files: HashMap<String, String> = (site.pages.iter())
        .map(|p| (p.path.clone(), p.loaded.file.rel.clone()))
        .collect();
    let localized = |current| Localized {
        editions: editions.clone(),
        current,
        states: states.clone(),
        files: files.clone(),
    };
    site.localized = Some(localized(0));
    // A translation's assets are published under its folder, where its pages find them.
    for (n, translation) in sites.iter_mut().enumerate() {
        translation.localized = Some(localized(n + 1));
        let prefix = format!("{}/", editions[n + 1].tag);
        site.assets.extend(translation.assets.iter().map(|a| Asset {
            source: a.source.clone(),
            path: format!("{prefix}{}", a.path),
        }));
    }
    sites.into_iter().map(Arc::new).collect()
}

/// Checks each translated page against its source: its pin (a stale translation is told,
/// or fails the build, as the language's `stale:` says) and its structure (the same
/// shortcodes, links, citations, images, code blocks and headings, in the same order).
fn check_pages(
    tag: &str,
    language: &Language,
    loaded: &Loaded,
    states: &mut HashMap<String, PageState>,
    diagnostics: &mut Diagnostics,
) {
    for page in &loaded.pages {
        let Some(t) = &page.translation else {
            continue;
        };
        let (path, text, rel) = (page.shown_path(), &page.source, &page.file.rel);
        let body_line = text[..page.body_offset].matches('\n').count() + 1;
        for d in structure::compare(t.source_body(), &text[page.body_offset..]) {
            diagnostics.push(
                Diagnostic::error(&path, d.message)
                    .at(text, body_line + d.line - 1, 1)
                    .with_help(format!(
                        "a translation keeps the structure of content/{rel}; translate its text"
                    )),
            );
        }
        let sync = format!("once it matches the source, run `guide translate sync {tag} {rel}`");
        let Some((pin, line)) = &t.pin else {
            diagnostics.push(
                Diagnostic::warning(
                    &path,
                    format!("this translation does not say which version of content/{rel} it was made from"),
                )
                .at(text, 1, 1)
                .with_help(sync),
            );
            continue;
        };
        let changed = match pin::check(pin, &t.source) {
            PinState::Current => continue,
            PinState::Malformed => {
                diagnostics.push(
                    Diagnostic::error(&path, format!("`source: {pin}` is not a pin"))
                        .at(text, *line, 1)
                        .with_help(sync),
                );
                continue;
            }
            PinState::Stale { changed } => changed,
        };
        let message = format!(
            "content/{rel} changed since this translation was made: {}",
            changed.join("; ")
        );
        let told = match language.stale {
            Stale::Allow => continue,
            Stale::Notice => Diagnostic::warning(&path, message),
            Stale::Error => Diagnostic::error(&path, message),
        };
        diagnostics.push(
            told.at(text, *line, 1)
                .with_help(format!("update the translation; {sync}")),
        );
        states.insert(rel.clone(), PageState::Stale(changed));
    }
}

/// Renders and checks each translation's site; gives their outputs, under their folders.
/// A one-shot build writes them into `staging`; a session keeps them whole and reuses
/// what `memory` (one per language) remembers.
pub(super) fn render(
    source: &Site,
    sites: &[Arc<Site>],
    theme: &mut Theme,
    mut memory: Option<&mut Vec<EditionMemory>>,
    staging: Option<&Staging>,
    diagnostics: &mut Diagnostics,
    progress: &Progress,
) -> Result<Vec<Output>, crate::diagnostics::Diagnostic> {
    if let Some(memory) = memory.as_deref_mut() {
        memory.resize_with(sites.len(), EditionMemory::default);
    }
    let mut outputs = Vec::new();
    for (n, site) in sites.iter().enumerate() {
        render::set_globals(theme, site);
        let prefix = format!("{}/", site.config.language);
        let mut rendered = match memory.as_deref_mut() {
            Some(memory) => {
                let memory = &mut memory[n];
                let reuse = Reuse {
                    memo: &mut memory.render,
                    edited: None,
                };
                let (rendered, _) =
                    render::render(site, theme, Some(reuse), &KeepWhole, diagnostics, progress);
                check::check(site, theme, &rendered, &mut memory.check, diagnostics);
                rendered
            }
            None => {
                let sink = StagingSink {
                    staging,
                    write_error: OnceLock::new(),
                    prefix: &prefix,
                };
                let (rendered, scanned) =
                    render::render(site, theme, None, &sink, diagnostics, progress);
                if let Some(d) = sink.write_error.into_inner() {
                    return Err(d);
                }
                let mut check = check::Memo::default();
                for (output, scanned) in rendered.outputs.iter().zip(scanned) {
                    if let Some(scanned) = scanned {
                        check.add_scanned(output.path.clone(), scanned);
                    }
                }
                check::check(site, theme, &rendered, &mut check, diagnostics);
                rendered
            }
        };
        for output in &mut rendered.outputs {
            output.path.insert_str(0, &prefix);
        }
        outputs.append(&mut rendered.outputs);
    }
    // The theme goes back to the source's values, which a kept model assumes it has.
    render::set_globals(theme, source);
    Ok(outputs)
}
