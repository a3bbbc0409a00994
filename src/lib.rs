//! `guide`: a static-site generator for educational guides.
//!
//! The pipeline, one module per stage, data flowing one way:
//!
//! ```text
//! config -> discover -> load -> model -> markdown + render -> check -> write
//! ```
//!
//! [`build`] runs it once; a [`Session`] runs it again after changes, redoing only what they
//! touched (`guide build --watch`, `guide serve`). The binary in `main.rs` is only the
//! command line.

pub mod check;
pub mod config;
pub mod diagnostics;
pub mod discover;
pub mod embedded;
pub mod fingerprint;
pub mod fsx;
pub mod init;
pub mod load;
pub mod markdown;
pub mod model;
pub mod new;
pub mod progress;
pub mod render;
pub mod serve;
pub mod session;
pub mod watch;
pub mod write;
pub mod yaml;

use std::path::PathBuf;
use std::time::{Duration, Instant};

pub use diagnostics::{Diagnostic, Diagnostics};
pub use session::{Changes, Session};

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
    /// Publish stylesheets and scripts under their own names rather than names carrying
    /// their content hash: `guide serve` forbids caching instead, so a stylesheet change
    /// changes only the stylesheet and can be swapped in without reloading the page.
    pub plain_asset_names: bool,
    /// Where to show the progress of a long build.
    pub progress: progress::Progress,
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

/// Runs the whole pipeline once: a build session's only build. On failure every problem
/// found is returned, and the output folder is as it was.
pub fn build(options: &BuildOptions) -> Result<Report, Diagnostics> {
    let started = Instant::now();
    let mut session = Session::new(options.clone());
    let root = session.root().to_path_buf();
    let (
        session::Build {
            site,
            outputs,
            output_dir,
            warnings,
            ..
        },
        staging,
    ) = session.build_once()?;
    let files = match staging {
        Some(staging) => staging
            .finish(&site, outputs.len(), &options.progress)
            .map_err(|d| Diagnostics::from_iter([d]).relative_to(&root))?,
        None => outputs.len() + site.assets.len(),
    };
    options.progress.finish();
    let report = Report {
        pages: site.pages.len(),
        roles: site.roles.len(),
        files,
        output_dir,
        elapsed: started.elapsed(),
        warnings,
    };
    // Freeing a large site's memory piece by piece takes a noticeable part of the build;
    // it happens off the caller's thread (and a command that exits skips it).
    std::thread::spawn(move || drop((session, site, outputs)));
    Ok(report)
}
