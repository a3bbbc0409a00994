//! Progress of a long build on standard error: a bar on a terminal, one plain line per
//! stage on a pipe or in CI, and nothing at all for a build done within a second.

use std::io::IsTerminal;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// How long a build runs before its progress is shown.
const QUIET_FOR: Duration = Duration::from_secs(1);

/// A handle the pipeline reports to; the default reports nowhere.
#[derive(Clone, Default)]
pub struct Progress(Option<Arc<Shared>>);

struct Shared {
    bar: ProgressBar,
    /// A terminal gets a bar; anything else gets lines.
    terminal: bool,
    state: Mutex<State>,
}

#[derive(Default)]
struct State {
    stage: &'static str,
    total: usize,
    shown: bool,
    finished: bool,
}

impl std::fmt::Debug for Progress {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(if self.0.is_some() {
            "Progress(stderr)"
        } else {
            "Progress(silent)"
        })
    }
}

impl Progress {
    /// Progress on standard error, shown once the build has run for a second.
    pub fn on_stderr() -> Self {
        let terminal = std::io::stderr().is_terminal() && std::env::var_os("CI").is_none();
        let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::hidden());
        bar.set_style(
            ProgressStyle::with_template("{msg:>9} [{bar:30}] {pos}/{len}")
                .unwrap_or_else(|_| ProgressStyle::default_bar())
                .progress_chars("=> "),
        );
        let shared = Arc::new(Shared {
            bar,
            terminal,
            state: Mutex::new(State::default()),
        });
        // GUIDE_PROGRESS_AFTER_MS changes the quiet second (tests use 0).
        let quiet = std::env::var("GUIDE_PROGRESS_AFTER_MS")
            .ok()
            .and_then(|ms| ms.parse().ok())
            .map_or(QUIET_FOR, Duration::from_millis);
        let watcher = shared.clone();
        std::thread::spawn(move || {
            std::thread::sleep(quiet);
            watcher.show();
        });
        Progress(Some(shared))
    }

    /// A new stage of `total` steps begins.
    #[allow(clippy::print_stderr)] // its purpose
    pub fn stage(&self, stage: &'static str, total: usize) {
        let Some(shared) = &self.0 else { return };
        let mut state = shared.state();
        (state.stage, state.total) = (stage, total);
        shared.bar.set_message(stage);
        shared.bar.set_length(total as u64);
        shared.bar.set_position(0);
        if state.shown && !shared.terminal {
            eprintln!("{stage} {total} files");
        }
    }

    /// One step of the current stage is done.
    pub fn step(&self) {
        if let Some(shared) = &self.0 {
            shared.bar.inc(1);
        }
    }

    /// The build is over: the bar goes away, and nothing more is shown.
    pub fn finish(&self) {
        if let Some(shared) = &self.0 {
            shared.state().finished = true;
            shared.bar.finish_and_clear();
        }
    }
}

impl Shared {
    fn state(&self) -> std::sync::MutexGuard<'_, State> {
        self.state
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    #[allow(clippy::print_stderr)] // its purpose
    fn show(&self) {
        let mut state = self.state();
        if state.finished {
            return;
        }
        state.shown = true;
        if self.terminal {
            self.bar.set_draw_target(ProgressDrawTarget::stderr());
        } else if !state.stage.is_empty() {
            eprintln!("{} {} files", state.stage, state.total);
        }
    }
}
