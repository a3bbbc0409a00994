//! `guide translate new|sync|status`: the command line of the translations' upkeep
//! (`guide::translate` does the work).

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Subcommand;

#[derive(Subcommand)]
pub(crate) enum TranslateCommand {
    /// Write translations/LANG/PATH from content/PATH, pinned to the source's version, for a
    /// translator to translate in place. Never overwrites.
    New {
        /// The language's tag, as under `languages:` in guide.yaml.
        lang: String,
        /// The page's path under content/, e.g. differences.md.
        path: String,
        /// The site's folder, where guide.yaml is.
        #[arg(long, default_value = ".")]
        root: PathBuf,
    },
    /// Record that a translation has caught up with its source: rewrite its `source:` pin,
    /// and nothing else.
    Sync {
        /// The language's tag, as under `languages:` in guide.yaml.
        lang: String,
        /// The page's path under content/.
        #[arg(required_unless_present = "all", conflicts_with = "all")]
        path: Option<String>,
        /// Sync every translated page of the language.
        #[arg(long)]
        all: bool,
        /// The site's folder, where guide.yaml is.
        #[arg(long, default_value = ".")]
        root: PathBuf,
    },
    /// Report each language's coverage and its missing, stale and orphaned translations.
    Status {
        /// One language's tag; all of them by default.
        lang: Option<String>,
        /// Exit with status 1 when a language has less than this percentage translated.
        #[arg(long, value_name = "PERCENT")]
        min: Option<f64>,
        /// Print the report as JSON.
        #[arg(long)]
        json: bool,
        /// The site's folder, where guide.yaml is.
        #[arg(long, default_value = ".")]
        root: PathBuf,
    },
}

#[allow(clippy::print_stdout, clippy::print_stderr)]
pub(crate) fn run(command: TranslateCommand) -> ExitCode {
    let fail = |diagnostic: guide::Diagnostic| {
        crate::show(
            &guide::Diagnostics::from_iter([diagnostic]),
            std::path::Path::new(""),
        );
        ExitCode::FAILURE
    };
    let shown =
        |file: &std::path::Path| file.strip_prefix(".").unwrap_or(file).display().to_string();
    match command {
        TranslateCommand::New { lang, path, root } => {
            match guide::translate::new(&root, &lang, &path) {
                Ok(file) => {
                    println!("created {}", shown(&file));
                    ExitCode::SUCCESS
                }
                Err(d) => fail(d),
            }
        }
        TranslateCommand::Sync {
            lang,
            path,
            all,
            root,
        } => {
            let synced = match (all, path) {
                (true, _) | (false, None) => guide::translate::sync_all(&root, &lang),
                (false, Some(path)) => guide::translate::sync(&root, &lang, &path).map(|s| vec![s]),
            };
            match synced {
                Ok(synced) => {
                    for s in &synced {
                        match s.changed {
                            true => println!("{}: source: {}", shown(&s.file), s.pin),
                            false => println!("{}: already current", shown(&s.file)),
                        }
                    }
                    if all {
                        let changed = synced.iter().filter(|s| s.changed).count();
                        println!("synced {changed} of {} translations", synced.len());
                    }
                    ExitCode::SUCCESS
                }
                Err(d) => fail(d),
            }
        }
        TranslateCommand::Status {
            lang,
            min,
            json,
            root,
        } => {
            let languages = match guide::translate::status(&root, lang.as_deref()) {
                Ok(languages) => languages,
                Err(d) => return fail(d),
            };
            match json {
                true => println!("{}", guide::translate::status_json(&languages)),
                false => print!("{}", guide::translate::status_text(&languages)),
            }
            let below: Vec<_> = min
                .map(|min| languages.iter().filter(|s| s.below(min)).collect())
                .unwrap_or_default();
            for s in &below {
                eprintln!(
                    "error: {} is {:.1}% translated, below --min {}",
                    s.tag,
                    s.percent,
                    min.unwrap_or_default()
                );
            }
            match below.is_empty() {
                true => ExitCode::SUCCESS,
                false => ExitCode::FAILURE,
            }
        }
    }
}
