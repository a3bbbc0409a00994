//! The `guide` command line: parses arguments, runs the library, prints the outcome.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};

use guide::config::Overrides;
use guide::{BuildOptions, Report};

#[derive(Parser)]
#[command(
    name = "guide",
    version,
    about = "A static-site generator for educational guides"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build the site into its output folder (public/ by default).
    Build(SiteArgs),
    /// Do everything `build` does, but write nothing.
    Check(SiteArgs),
}

#[derive(Args)]
struct SiteArgs {
    /// The site's folder, where guide.yaml is.
    #[arg(long, default_value = ".")]
    root: PathBuf,
    /// The URL the site will be published at, e.g. https://user.github.io/repo/
    #[arg(long)]
    base_url: Option<String>,
    /// Where to write the site (default: output_dir of guide.yaml, or public/).
    #[arg(long)]
    output_dir: Option<PathBuf>,
    /// Include pages marked `draft: true`.
    #[arg(long)]
    drafts: bool,
}

impl SiteArgs {
    fn options(self, write: bool) -> BuildOptions {
        // A relative --output-dir is relative to where the command runs, like any path.
        let output_dir = self.output_dir.map(|p| guide::write::absolute(&p));
        BuildOptions {
            root: self.root,
            overrides: Overrides {
                base_url: self.base_url,
                output_dir,
            },
            drafts: self.drafts,
            write,
            // Fixes "today" for the warning about old `reviewed:` dates (used by tests).
            today: std::env::var("GUIDE_TODAY").ok(),
        }
    }
}

#[allow(clippy::print_stdout, clippy::print_stderr)]
fn main() -> ExitCode {
    let cli = Cli::parse();
    let (options, verb) = match cli.command {
        Command::Build(args) => (args.options(true), "built"),
        Command::Check(args) => (args.options(false), "checked"),
    };
    match guide::build(&options) {
        Ok(report) => {
            if !report.warnings.is_empty() {
                eprintln!("{}", report.warnings);
            }
            println!("{}", summary(&report, verb, options.write));
            ExitCode::SUCCESS
        }
        Err(diagnostics) => {
            eprintln!("{diagnostics}");
            ExitCode::FAILURE
        }
    }
}

fn summary(report: &Report, verb: &str, wrote: bool) -> String {
    let place = if wrote {
        format!(" into {}", report.output_dir.display())
    } else {
        String::new()
    };
    format!(
        "{verb} {} pages and {} roles ({} files){place} in {} ms",
        report.pages,
        report.roles,
        report.files,
        report.elapsed.as_millis()
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn cli_is_well_formed() {
        Cli::command().debug_assert();
    }
}
