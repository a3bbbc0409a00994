//! The `guide` command line: parses arguments, runs the library, prints the outcome.

use std::net::IpAddr;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, CommandFactory, Parser, Subcommand};

use guide::Overrides;
use guide::init::{Host, InitOptions};
use guide::serve::{self, Event};
use guide::watch::{self, BuildEvent};
use guide::{Build, BuildOptions, Report};
use translate_cli::TranslateCommand;

mod translate_cli;

// A build allocates and frees many small strings on every core. Measured at 10,000 pages:
// jemalloc is 15% faster than the system allocator for 6% more peak memory; mimalloc was
// as fast but held 23% more memory than jemalloc.
#[cfg(not(target_env = "msvc"))]
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

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
    Build(BuildArgs),
    /// Do everything `build` does, but write nothing.
    Check(SiteArgs),
    /// Build and serve the site, rebuild on every change and reload the browser.
    Serve(ServeArgs),
    /// Start a new guide in DIR: a starter site and a GitHub Pages (or GitLab Pages) workflow.
    Init(InitArgs),
    /// Add a page or a role to the site.
    #[command(subcommand)]
    New(NewCommand),
    /// Turn an mdBook or a Zola site into a new guide in DIR, reporting what could not be
    /// carried over. Never overwrites: DIR must not exist or be empty.
    #[command(subcommand)]
    Import(ImportCommand),
    /// Start, update and review translations (translations/<lang>/, a mirror of content/).
    #[command(subcommand)]
    Translate(TranslateCommand),
    /// Print a shell completion script, e.g. `guide completions bash > ~/.local/share/bash-completion/completions/guide`.
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
}

#[derive(Args)]
struct InitArgs {
    /// The folder of the new guide (created if missing).
    #[arg(default_value = ".")]
    dir: PathBuf,
    /// Replace files that already exist.
    #[arg(long)]
    force: bool,
    /// Also copy the built-in theme into themes/default/, to change it freely. In a folder
    /// that already holds a guide, only the theme is copied.
    #[arg(long)]
    eject_theme: bool,
    /// Where the guide will be published: github writes .github/workflows/pages.yml, gitlab
    /// writes .gitlab-ci.yml.
    #[arg(long, value_enum, default_value_t = HostArg::Github)]
    host: HostArg,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum HostArg {
    Github,
    Gitlab,
}

#[derive(Subcommand)]
enum NewCommand {
    /// Create the chapter content/PATH with its front matter, e.g. `guide new page becoming/exams.md`.
    Page {
        /// The page's path under content/ (`.md` is added when missing).
        path: String,
        /// The site's folder, where guide.yaml is.
        #[arg(long, default_value = ".")]
        root: PathBuf,
    },
    /// Create content/roles/SLUG.yaml with every field filled in.
    Role {
        /// The role's slug: lowercase letters, digits and hyphens.
        slug: String,
        /// The site's folder, where guide.yaml is.
        #[arg(long, default_value = ".")]
        root: PathBuf,
    },
}

#[derive(Subcommand)]
enum ImportCommand {
    /// Import the mdBook in BOOK_DIR (book.toml, src/SUMMARY.md).
    Mdbook {
        /// The book's folder, where book.toml is.
        book_dir: PathBuf,
        /// The new guide's folder.
        #[arg(default_value = "guide")]
        dir: PathBuf,
    },
    /// Import the Zola site in SITE_DIR (config.toml, content/, static/).
    Zola {
        /// The site's folder, where config.toml is.
        site_dir: PathBuf,
        /// The new guide's folder.
        #[arg(default_value = "guide")]
        dir: PathBuf,
    },
}

#[derive(Args)]
struct BuildArgs {
    #[command(flatten)]
    site: SiteArgs,
    /// Keep running: rebuild whenever a source file changes.
    #[arg(long)]
    watch: bool,
    /// With --watch: look for changes by polling (for network drives, containers, WSL).
    #[arg(long, requires = "watch")]
    poll: bool,
}

#[derive(Args)]
struct ServeArgs {
    /// The site's folder, where guide.yaml is.
    #[arg(long, default_value = ".")]
    root: PathBuf,
    /// The URL the site will be published at; its path is where it is served.
    #[arg(long)]
    base_url: Option<String>,
    /// Include pages marked `draft: true`.
    #[arg(long)]
    drafts: bool,
    /// The port to listen on; 0 picks a free one.
    #[arg(long, default_value_t = 1111)]
    port: u16,
    /// The address to listen on.
    #[arg(long, default_value = "127.0.0.1")]
    bind: IpAddr,
    /// Open the site in the default browser.
    #[arg(long)]
    open: bool,
    /// Look for changes by polling (for network drives, containers, WSL).
    #[arg(long)]
    poll: bool,
}

fn watch_mode(poll: bool) -> watch::Mode {
    if poll {
        watch::Mode::Poll
    } else {
        watch::Mode::Native
    }
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
        let output_dir = self.output_dir.map(|p| guide::absolute(&p));
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
            plain_asset_names: false,
            progress: guide::Progress::on_stderr(),
        }
    }
}

#[allow(clippy::print_stdout, clippy::print_stderr)]
fn main() -> ExitCode {
    let cli = Cli::parse();
    if !matches!(cli.command, Command::Serve(_)) {
        stop_quietly_on_closed_pipe();
    }
    let (options, verb) = match cli.command {
        Command::Build(args) if args.watch => {
            let options = BuildOptions {
                // Rebuilds are quick, and their summary lines say what happened.
                progress: Default::default(),
                ..args.site.options(true)
            };
            return build_watch(&options, watch_mode(args.poll));
        }
        Command::Build(args) => (args.site.options(true), "built"),
        Command::Check(args) => (args.options(false), "checked"),
        Command::Serve(args) => return serve(args),
        Command::Init(args) => return init(args),
        Command::New(command) => return new(command),
        Command::Import(command) => return import(command),
        Command::Translate(command) => return translate_cli::run(command),
        Command::Completions { shell } => {
            let mut command = Cli::command();
            clap_complete::generate(shell, &mut command, "guide", &mut std::io::stdout());
            return ExitCode::SUCCESS;
        }
    };
    match guide::build(&options) {
        Ok(report) => {
            if !report.warnings.is_empty() {
                show(&report.warnings, &options.root);
            }
            println!("{}", summary(&report, verb, options.write));
            for line in &report.coverage {
                println!("  {line}");
            }
            ExitCode::SUCCESS
        }
        Err(diagnostics) => {
            show(&diagnostics, &options.root);
            ExitCode::FAILURE
        }
    }
}

/// Prints diagnostics whose relative paths start at `root`: on standard error for people,
/// and in GitHub Actions also as workflow commands, which put them on the lines of a pull
/// request's diff.
#[allow(clippy::print_stdout, clippy::print_stderr)]
fn show(diagnostics: &guide::Diagnostics, root: &std::path::Path) {
    eprintln!("{diagnostics}");
    if guide::annotations::in_github_actions() {
        let workspace = std::env::var_os("GITHUB_WORKSPACE").map(PathBuf::from);
        print!(
            "{}",
            guide::annotations::workflow_commands(diagnostics, root, workspace.as_deref())
        );
    }
}

#[allow(clippy::print_stdout, clippy::print_stderr)]
fn init(args: InitArgs) -> ExitCode {
    let options = InitOptions {
        dir: args.dir,
        force: args.force,
        eject_theme: args.eject_theme,
        host: match args.host {
            HostArg::Github => Host::GitHub,
            HostArg::Gitlab => Host::GitLab,
        },
    };
    match guide::init::init(&options) {
        Ok(written) => {
            let dir = options.dir.display();
            println!("wrote {} files in {dir}", written.len());
            if written.iter().any(|f| f == "guide.yaml") {
                let build = if options.dir == std::path::Path::new(".") {
                    "guide build".to_string()
                } else {
                    format!("guide build --root {dir}")
                };
                let host = match options.host {
                    Host::GitHub => "GitHub",
                    Host::GitLab => "GitLab",
                };
                let (workflow, _) = options.host.workflow();
                println!("next: build it with `{build}`, push it to {host},");
                println!("      and follow the notes at the top of {workflow}");
            }
            ExitCode::SUCCESS
        }
        Err(diagnostics) => {
            show(&diagnostics, std::path::Path::new(""));
            ExitCode::FAILURE
        }
    }
}

#[allow(clippy::print_stdout, clippy::print_stderr)]
fn new(command: NewCommand) -> ExitCode {
    let created = match command {
        NewCommand::Page { path, root } => guide::new::page(&root, &path),
        NewCommand::Role { slug, root } => guide::new::role(&root, &slug),
    };
    match created {
        Ok(file) => {
            println!(
                "created {}",
                file.strip_prefix(".").unwrap_or(&file).display()
            );
            ExitCode::SUCCESS
        }
        Err(diagnostic) => {
            show(
                &guide::Diagnostics::from_iter([diagnostic]),
                std::path::Path::new(""),
            );
            ExitCode::FAILURE
        }
    }
}

#[allow(clippy::print_stdout, clippy::print_stderr)]
fn import(command: ImportCommand) -> ExitCode {
    let (source, dir, result) = match command {
        ImportCommand::Mdbook { book_dir, dir } => {
            let result = guide::import::mdbook(&book_dir, &dir);
            (book_dir, dir, result)
        }
        ImportCommand::Zola { site_dir, dir } => {
            let result = guide::import::zola(&site_dir, &dir);
            (site_dir, dir, result)
        }
    };
    match result {
        Ok(imported) => {
            if !imported.notes.is_empty() {
                eprintln!("{}", imported.notes);
            }
            println!(
                "imported {} pages and {} other files into {}",
                imported.pages,
                imported.files,
                dir.display()
            );
            match imported.notes.iter().count() {
                0 => println!("everything was carried over"),
                n => println!(
                    "{n} things in {} were not carried over (listed above)",
                    source.display()
                ),
            }
            println!("next: `guide build --root {}`", dir.display());
            ExitCode::SUCCESS
        }
        Err(diagnostics) => {
            show(&diagnostics, &source);
            ExitCode::FAILURE
        }
    }
}

#[allow(clippy::print_stdout, clippy::print_stderr)]
fn serve(args: ServeArgs) -> ExitCode {
    let options = serve::Options {
        build: BuildOptions {
            root: args.root,
            overrides: Overrides {
                base_url: args.base_url,
                output_dir: None,
            },
            drafts: args.drafts,
            write: false,
            today: std::env::var("GUIDE_TODAY").ok(),
            // The server forbids caching, so names need no content hash (see serve::run).
            plain_asset_names: true,
            progress: Default::default(),
        },
        bind: args.bind,
        port: args.port,
        watch: watch_mode(args.poll),
        open: args.open,
    };
    let outcome = serve::run(options, |event| match event {
        Event::Listening { url } => println!("serving {url} (Ctrl-C to stop)"),
        Event::Built { build, first } => {
            if !build.warnings.is_empty() {
                eprintln!("{}", build.warnings);
            }
            println!("{}", rebuild_summary(build, first));
        }
        Event::Failed {
            diagnostics,
            last_good,
        } => {
            eprintln!("{diagnostics}");
            match last_good {
                true => eprintln!("serving the last good build; the browser shows these errors"),
                false => eprintln!("no build has succeeded yet; the browser shows these errors"),
            }
        }
        Event::NoBrowser { error } => eprintln!("{error}"),
        Event::Moved { url } => println!("base_url changed: now serving {url}"),
        Event::Stopping => println!("stopping"),
    });
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

#[allow(clippy::print_stdout, clippy::print_stderr)]
fn build_watch(options: &BuildOptions, mode: watch::Mode) -> ExitCode {
    let outcome = watch::build_on_change(options, mode, |event| match event {
        BuildEvent::Built {
            build,
            files,
            first,
        } => {
            if !build.warnings.is_empty() {
                eprintln!("{}", build.warnings);
            }
            println!(
                "{}; wrote {files} files into {}",
                rebuild_summary(build, first),
                build.output_dir.display()
            );
        }
        BuildEvent::Failed { diagnostics } => eprintln!("{diagnostics}"),
        BuildEvent::Stopping => println!("stopping"),
    });
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

/// One line about a build of a session: what it rendered and what changed.
fn rebuild_summary(build: &Build, first: bool) -> String {
    let what = format!(
        "{} pages and {} roles",
        build.site.pages.len() + build.editions.iter().map(|e| e.pages.len()).sum::<usize>(),
        build.site.roles.len()
    );
    if first {
        return format!("built {what} in {} ms", build.elapsed.as_millis());
    }
    format!(
        "rebuilt {what} in {} ms: {} pages rendered, {} files changed, {} removed",
        build.elapsed.as_millis(),
        build.rendered.templates,
        build.changed.len(),
        build.removed.len()
    )
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

/// Lets a write to a closed pipe (`guide build | head -1`) end the process quietly, as it
/// ends `ls`, rather than fail inside `println!` with a panic. Rust ignores the signal so
/// that such writes return an error; the server keeps it ignored, since a browser that
/// goes away must not stop it.
fn stop_quietly_on_closed_pipe() {
    #[cfg(unix)]
    // SAFETY: called before any thread is started; it only restores the default action.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cli_is_well_formed() {
        Cli::command().debug_assert();
    }
}
