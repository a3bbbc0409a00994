//! The theme: every template parsed once into one Tera instance, shared read-only by all
//! rendering threads. Tera's errors become diagnostics that name the template file and line.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use tera::{ErrorKind, Tera};

use crate::diagnostics::Diagnostic;
use crate::discover::I18N_PREFIX;
use crate::fingerprint::Fingerprint;
use crate::load::LoadedTemplate;

use super::{tera_errors, ui_filters};

pub(crate) struct Theme {
    pub tera: Tera,
    /// Template name -> its file relative to the site root.
    files: HashMap<String, PathBuf>,
    /// Template name -> its text, for snippets in diagnostics.
    sources: HashMap<String, String>,
    /// Changes whenever any template's name or text does.
    pub fingerprint: u64,
    /// The fingerprint of the values in Tera's global context, once set.
    pub globals: Option<u64>,
}

impl Theme {
    /// Parses every template. Reports every template with a syntax error, not just the first.
    pub(crate) fn load(
        root: &Path,
        templates: &[LoadedTemplate],
    ) -> Result<Theme, Vec<Diagnostic>> {
        // The theme's strings come with the templates (for the fingerprint) but are no
        // templates: the model reads them (`i18n`).
        let all_files = templates;
        let templates: Vec<&LoadedTemplate> = all_files
            .iter()
            .filter(|t| !t.file.name.starts_with(I18N_PREFIX))
            .collect();
        let files: HashMap<String, PathBuf> = templates
            .iter()
            .map(|t| {
                let rel = t.file.path.strip_prefix(root).unwrap_or(&t.file.path);
                (t.file.name.clone(), rel.to_path_buf())
            })
            .collect();
        let sources: HashMap<String, String> = templates
            .iter()
            .map(|t| (t.file.name.clone(), t.source.clone()))
            .collect();
        let fingerprint = Theme::fingerprint_of(all_files);
        let mut tera = Tera::new();
        ui_filters::register(&mut tera);
        let all = templates
            .iter()
            .map(|t| (t.file.name.as_str(), t.source.as_str()));
        match tera.add_raw_templates(all) {
            Ok(()) => Ok(Theme {
                tera,
                files,
                sources,
                fingerprint,
                globals: None,
            }),
            Err(first) => {
                let theme = Theme {
                    tera: Tera::new(),
                    files,
                    sources,
                    fingerprint,
                    globals: None,
                };
                // Parse each template on its own to find every syntax error.
                let mut diagnostics: Vec<Diagnostic> = templates
                    .iter()
                    .filter_map(|t| {
                        let mut alone = Tera::new();
                        match alone.add_raw_template(&t.file.name, &t.source) {
                            Err(e) if matches!(e.kind(), ErrorKind::SyntaxError(_)) => {
                                Some(theme.diagnostic(&e, None))
                            }
                            _ => None,
                        }
                    })
                    .collect();
                if diagnostics.is_empty() {
                    diagnostics = tera_errors::diagnostics(&theme, &first);
                }
                Err(diagnostics)
            }
        }
    }

    /// The fingerprint a theme made of `templates` has.
    pub(crate) fn fingerprint_of(templates: &[LoadedTemplate]) -> u64 {
        templates
            .iter()
            .fold(Fingerprint::new(), |f, t| {
                f.with(&t.file.name).with(&t.source)
            })
            .finish()
    }

    pub(crate) fn has(&self, name: &str) -> bool {
        self.tera.contains_template(name)
    }

    /// The file of a template, for messages.
    pub(crate) fn file_of(&self, name: &str) -> PathBuf {
        self.files
            .get(name)
            .cloned()
            .unwrap_or_else(|| PathBuf::from(format!("templates/{name}")))
    }

    /// An error located where a template writes `text` literally, to point a problem seen
    /// in the output back at its template. The site's own templates are searched first.
    pub(crate) fn error_at_text(&self, text: &str, message: &str) -> Option<Diagnostic> {
        let mut names: Vec<&String> = self.sources.keys().collect();
        names.sort_by_key(|name| (!self.file_of(name).starts_with("templates"), *name));
        names.into_iter().find_map(|name| {
            let source = &self.sources[name];
            let offset = source.find(text)?;
            Some(Diagnostic::error(self.file_of(name), message).at_offset(source, offset))
        })
    }

    /// The text of template `name`, for snippets.
    pub(crate) fn source_of(&self, name: &str) -> &str {
        self.sources.get(name).map_or("", String::as_str)
    }

    /// A diagnostic for a Tera error, located in its template; `rendering` names the page
    /// being rendered.
    pub(crate) fn diagnostic(&self, err: &tera::Error, rendering: Option<&str>) -> Diagnostic {
        let d = tera_errors::diagnostic(self, err);
        match rendering {
            Some(page) => d.with_help(format!("while rendering {page}")),
            None => d,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_in_built_in_templates_name_the_built_in_theme() {
        let (path, name) = crate::embedded::files_under("templates").remove(0);
        let expected = format!("(built-in theme) templates/{name}:2:");
        let template = crate::load::LoadedTemplate {
            file: crate::discover::TemplateFile { name, path },
            source: "<p>\n{{ broken(\n".into(),
        };
        let problems = crate::render::Theme::load(Path::new("/site"), &[template])
            .err()
            .unwrap();
        let shown = problems[0].to_string();
        assert!(shown.starts_with(&expected), "{shown}");
    }
}
