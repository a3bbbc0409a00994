//! `guide`: a static-site generator for educational guides.
//!
//! The pipeline, one module per stage, data flowing one way:
//!
//! ```text
//! config -> discover -> load -> model -> markdown + render -> check -> write
//! ```
//!
//! [`build`] runs it; the binary in `main.rs` is only the command line.

pub mod check;
pub mod config;
pub mod diagnostics;
pub mod discover;
pub mod embedded;
pub mod fsx;
pub mod init;
pub mod load;
pub mod markdown;
pub mod model;
pub mod new;
pub mod render;
pub mod write;
pub mod yaml;

use std::path::PathBuf;
use std::time::{Duration, Instant};

pub use diagnostics::{Diagnostic, Diagnostics};

/// What a run was asked to do.
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    /// The site's folder (where guide.yaml is).
    pub root: PathBuf,
    pub overrides: config::Overrides,
    /// Include pages marked `draft: true`.
    pub drafts: bool,
    /// Write the output (`guide build`) or only check (`guide check`).
    pub write: bool,
    /// Today's date (`YYYY-MM-DD`) for the warning about facts not reviewed in over a year;
    /// `None` reads the system clock. It never changes the built site.
    pub today: Option<String>,
}

/// What a successful run did.
#[derive(Debug)]
pub struct Report {
    pub pages: usize,
    pub roles: usize,
    pub files: usize,
    pub output_dir: PathBuf,
    pub elapsed: Duration,
    /// Warnings worth showing even though the build succeeded.
    pub warnings: Diagnostics,
}

/// Runs the whole pipeline. On failure every problem found is returned, and nothing has
/// been written.
pub fn build(options: &BuildOptions) -> Result<Report, Diagnostics> {
    let started = Instant::now();
    let root = write::absolute(&options.root);
    let fail = |d: Diagnostic| Diagnostics::from_iter([d]).relative_to(&root);

    let config = config::load(&root, &options.overrides).map_err(fail)?;
    let output_dir = if config.output_dir.is_absolute() {
        config.output_dir.clone()
    } else {
        root.join(&config.output_dir)
    };
    if options.write {
        write::check_output_dir(&root, &output_dir).map_err(fail)?;
    }

    let discovered = discover::discover(&root, &config.theme);
    let loaded = load::load(&root, discovered);
    let mut diagnostics = loaded.diagnostics.clone();
    let theme = render::Theme::load(&root, &loaded.templates);
    let site = model::build(config, loaded, options.drafts, &mut diagnostics);
    let today = match &options.today {
        Some(day) if !model::review::is_date(day) => {
            return Err(fail(Diagnostic::error(
                "GUIDE_TODAY",
                format!("`{day}` is not a date; write it as YYYY-MM-DD"),
            )));
        }
        Some(day) => day.clone(),
        None => model::review::today_utc(),
    };
    model::review::check(&site, &today, &mut diagnostics);

    let mut theme = match theme {
        Ok(theme) => theme,
        Err(problems) => {
            diagnostics.extend(problems);
            return Err(diagnostics.relative_to(&root).sorted());
        }
    };
    render::set_globals(&mut theme, &site);
    let rendered = render::render(&site, &theme, &mut diagnostics);
    check::check(&site, &theme, &rendered, &mut diagnostics);
    let diagnostics = diagnostics.relative_to(&root).sorted();
    if diagnostics.has_errors() {
        return Err(diagnostics);
    }

    let files = if options.write {
        write::write(&site, &rendered.outputs, &output_dir).map_err(fail)?
    } else {
        rendered.outputs.len() + site.assets.len()
    };
    Ok(Report {
        pages: site.pages.len(),
        roles: site.roles.len(),
        files,
        output_dir,
        elapsed: started.elapsed(),
        warnings: diagnostics,
    })
}
