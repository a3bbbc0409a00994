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

pub mod annotations;
mod check;
mod config;
mod diagnostics;
mod discover;
mod embedded;
mod fingerprint;
mod fsx;
mod html;
mod i18n;
mod ignore;
pub mod import;
pub mod init;
mod load;
mod markdown;
mod model;
pub mod new;
mod output;
mod progress;
mod render;
pub mod serve;
mod session;
pub mod translate;
mod translations;
mod url;
pub mod watch;
mod write;
mod yaml;

pub use config::Overrides;
pub use diagnostics::{Diagnostic, Diagnostics};
pub use markdown::options as markdown_options;
pub use progress::Progress;
pub use session::{Build, BuildOptions, Changes, Report, Session, build};
pub use write::absolute;
