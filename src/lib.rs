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
pub mod html;
pub mod ignore;
pub mod init;
pub mod load;
pub mod markdown;
pub mod model;
pub mod new;
pub mod output;
pub mod progress;
pub mod render;
pub mod serve;
pub mod session;
pub mod url;
pub mod watch;
pub mod write;
pub mod yaml;

pub use diagnostics::{Diagnostic, Diagnostics};
pub use session::{BuildOptions, Changes, Report, Session, build};
