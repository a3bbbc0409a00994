//! Watching the site's sources for changes: notify's events, debounced (a burst of saves
//! becomes one batch, an editor's save-by-rename one change), filtered to the files a
//! build reads, and handed out as batches of changed paths.
//!
//! Watched: `guide.yaml` and the folders `content/`, `themes/`, `templates/` and `static/`.
//! The site root itself is watched without recursion, only to notice `guide.yaml` and those
//! folders appearing or being replaced, so the output folder is never watched.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::time::Duration;

use notify::{EventKind, PollWatcher, RecommendedWatcher, RecursiveMode};
use notify_debouncer_full::{
    DebounceEventResult, Debouncer, NoCache, RecommendedCache, new_debouncer_opt,
};

use crate::config::CONFIG_FILE;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::ignore::is_ignored;
use crate::session::{Build, Changes};

/// The folders of a site that builds read.
/// `includes/` holds files that chapters include and nothing else reads; `translations/`
/// the translations of a guide with `languages:`.
pub(crate) const WATCHED_FOLDERS: &[&str] = &[
    "content",
    "themes",
    "templates",
    "static",
    "includes",
    "translations",
];

/// How long a path must stay quiet before its change is reported.
const DEBOUNCE: Duration = Duration::from_millis(20);
/// How often the polling watcher looks at every file. It compares contents, not only
/// modification times: those are kept to the second, so two saves within a second would
/// look like one.
const POLL_INTERVAL: Duration = Duration::from_millis(300);

/// Native events (inotify, FSEvents, ...) or polling, for file systems whose events are
/// unreliable (network drives, containers, WSL).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Native,
    Poll,
}

enum Inner {
    Native(Debouncer<RecommendedWatcher, RecommendedCache>),
    Poll(Debouncer<PollWatcher, NoCache>),
}

impl Inner {
    fn watch(&mut self, path: &Path, mode: RecursiveMode) -> notify::Result<()> {
        match self {
            Inner::Native(d) => d.watch(path, mode),
            Inner::Poll(d) => d.watch(path, mode),
        }
    }
}

/// A running watcher. Dropping it stops watching.
pub(crate) struct Watcher {
    inner: Inner,
    events: Receiver<DebounceEventResult>,
    root: PathBuf,
    /// The folders of [`WATCHED_FOLDERS`] watched now.
    watched: BTreeSet<PathBuf>,
    /// Folders that could not be watched since the warnings were last taken, as warnings.
    warnings: Vec<Diagnostic>,
}

impl Watcher {
    /// Starts watching the site at `root` (an absolute path).
    pub(crate) fn start(root: &Path, mode: Mode) -> Result<Watcher, Diagnostic> {
        let (tx, events) = channel();
        let failed = |e: notify_debouncer_full::notify::Error| {
            Diagnostic::error(root, format!("cannot watch the site for changes: {e}"))
                .with_help("try --poll, which looks for changes instead of waiting for events")
        };
        let inner = match mode {
            Mode::Native => Inner::Native(
                new_debouncer_opt(
                    DEBOUNCE,
                    None,
                    tx,
                    RecommendedCache::new(),
                    notify::Config::default(),
                )
                .map_err(failed)?,
            ),
            Mode::Poll => Inner::Poll(
                new_debouncer_opt(
                    DEBOUNCE,
                    None,
                    tx,
                    NoCache,
                    notify::Config::default()
                        .with_poll_interval(POLL_INTERVAL)
                        .with_compare_contents(true),
                )
                .map_err(failed)?,
            ),
        };
        let mut watcher = Watcher {
            inner,
            events,
            root: root.to_path_buf(),
            watched: BTreeSet::new(),
            warnings: Vec::new(),
        };
        watcher
            .inner
            .watch(root, RecursiveMode::NonRecursive)
            .map_err(failed)?;
        // At the start a folder that cannot be watched stops everything, as the root does.
        let inner = &mut watcher.inner;
        let unwatched = watch_folders(root, &mut watcher.watched, |dir| {
            inner.watch(dir, RecursiveMode::Recursive)
        });
        if let Some((dir, e)) = unwatched.into_iter().next() {
            return Err(Diagnostic {
                path: dir,
                ..failed(e)
            });
        }
        Ok(watcher)
    }

    /// Watches the site's folders that exist and are not watched yet; one that cannot be
    /// watched becomes a warning, for [`Watcher::take_warnings`].
    fn rewatch_folders(&mut self) {
        let inner = &mut self.inner;
        let unwatched = watch_folders(&self.root, &mut self.watched, |dir| {
            inner.watch(dir, RecursiveMode::Recursive)
        });
        self.warnings.extend(
            unwatched
                .iter()
                .map(|(dir, e)| unwatched_warning(&self.root, dir, e)),
        );
    }

    /// The folders that could not be watched since the last call, as warnings: changes in
    /// them go unseen. A batch of changes returned by [`Watcher::next`] is when they arise.
    pub(crate) fn take_warnings(&mut self) -> Vec<Diagnostic> {
        std::mem::take(&mut self.warnings)
    }

    /// Waits up to `timeout` for changes and returns them, every batch that arrived merged
    /// into one; `None` if nothing relevant changed in that time.
    pub(crate) fn next(&mut self, timeout: Duration) -> Option<Changes> {
        let first = match self.events.recv_timeout(timeout) {
            Ok(result) => result,
            Err(RecvTimeoutError::Timeout) => return None,
            Err(RecvTimeoutError::Disconnected) => return None,
        };
        let mut results = vec![first];
        results.extend(self.events.try_iter());
        let mut paths = BTreeSet::new();
        let mut rescan = false;
        for result in results {
            // An error from the watcher (a lost watch, an overflowing queue) means events
            // may be missing: read everything again.
            let Ok(events) = result else {
                rescan = true;
                continue;
            };
            for event in events {
                if event.need_rescan() {
                    rescan = true;
                }
                if matches!(event.kind, EventKind::Access(_)) {
                    continue;
                }
                paths.extend(
                    event
                        .paths
                        .iter()
                        .filter(|p| is_source(&self.root, p))
                        .cloned(),
                );
            }
        }
        if paths
            .iter()
            .any(|p| p.parent() == Some(self.root.as_path()))
        {
            // A watched folder may have appeared or been replaced.
            self.rewatch_folders();
        }
        if rescan {
            self.rewatch_folders();
            return Some(Changes::Everything);
        }
        (!paths.is_empty()).then(|| Changes::Paths(paths.into_iter().collect()))
    }
}

/// Watches the folders of [`WATCHED_FOLDERS`] under `root` that exist and are not in
/// `watched` yet (one may have been created, or deleted and created again, since the last
/// look) with `watch`, and forgets those that no longer exist. Returns every folder that
/// could not be watched, with the reason; it stays out of `watched`, to be tried again at
/// the next look.
fn watch_folders(
    root: &Path,
    watched: &mut BTreeSet<PathBuf>,
    mut watch: impl FnMut(&Path) -> notify::Result<()>,
) -> Vec<(PathBuf, notify::Error)> {
    let mut unwatched = Vec::new();
    for name in WATCHED_FOLDERS {
        let dir = root.join(name);
        if !dir.is_dir() {
            watched.remove(&dir);
        } else if watched.insert(dir.clone())
            && let Err(e) = watch(&dir)
        {
            watched.remove(&dir);
            unwatched.push((dir, e));
        }
    }
    unwatched
}

/// The warning for a folder of the site that cannot be watched, named relative to `root`.
fn unwatched_warning(root: &Path, dir: &Path, error: &notify::Error) -> Diagnostic {
    Diagnostic::warning(
        dir.strip_prefix(root).unwrap_or(dir),
        format!("cannot watch this folder for changes: {error}"),
    )
    .with_help(
        "changes in it go unseen until it can be watched, which is tried again after the next \
         change to guide.yaml or to the site's folders themselves; --poll looks for changes \
         instead of waiting for events",
    )
}

/// A build's outcome with `warnings` added: to its warnings if it succeeded, to its
/// problems if it failed.
pub(crate) fn with_warnings(
    result: Result<Build, Diagnostics>,
    warnings: Vec<Diagnostic>,
) -> Result<Build, Diagnostics> {
    match result {
        Ok(mut build) => {
            build.warnings.extend(warnings);
            Ok(build)
        }
        Err(mut diagnostics) => {
            diagnostics.extend(warnings);
            Err(diagnostics)
        }
    }
}

/// Whether a changed path is one that builds read: guide.yaml, or a file or folder under a
/// watched folder whose name discovery does not skip (hidden, `_`-prefixed, temporary).
pub(crate) fn is_source(root: &Path, path: &Path) -> bool {
    let Ok(rel) = path.strip_prefix(root) else {
        return false;
    };
    let mut parts = rel.components().map(|c| c.as_os_str().to_string_lossy());
    let Some(top) = parts.next() else {
        return false;
    };
    if top == CONFIG_FILE {
        return rel.components().count() == 1;
    }
    WATCHED_FOLDERS.contains(&top.as_ref()) && parts.all(|name| !is_ignored(&name))
}

/// What `guide build --watch` reports.
pub enum BuildEvent<'a> {
    /// A build was written (`files`: how many files were written or replaced); `first`
    /// is the build before watching started.
    Built {
        build: &'a Build,
        files: usize,
        first: bool,
    },
    /// A build failed; the output folder keeps the last good build.
    Failed { diagnostics: &'a Diagnostics },
    /// Ctrl-C: watching stops.
    Stopping,
}

/// `guide build --watch`: builds and writes the site, then rebuilds on every change,
/// writing only the files that changed, until Ctrl-C.
pub fn build_on_change(
    options: &crate::session::BuildOptions,
    mode: Mode,
    report: impl Fn(BuildEvent<'_>),
) -> Result<(), String> {
    use crate::session::Session;
    use crate::write;
    use std::sync::Arc;
    use std::sync::atomic::{AtomicBool, Ordering};

    let mut options = options.clone();
    options.write = true;
    let mut session = Session::new(options);
    let mut watcher = Watcher::start(session.root(), mode).map_err(|d| d.to_string())?;
    let interrupted = Arc::new(AtomicBool::new(false));
    {
        let interrupted = interrupted.clone();
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(|e| format!("cannot listen for Ctrl-C: {e}"))?;
        // Listening from here on, before the first build is reported.
        let stop_signal = {
            let _runtime = runtime.enter();
            stop_signal()
        };
        std::thread::spawn(move || {
            runtime.block_on(stop_signal);
            interrupted.store(true, Ordering::Relaxed);
        });
    }
    // Until a build is written whole, the output folder may hold anything: replace it.
    let mut written = false;
    let mut changes = Changes::Everything;
    // Told with the build of the changes they came with.
    let mut unwatched = Vec::new();
    loop {
        match with_warnings(session.build(&changes), std::mem::take(&mut unwatched)) {
            Ok(build) => {
                let result = if written {
                    write::update(
                        &build.site,
                        &build.outputs,
                        &build.changed,
                        &build.removed,
                        &build.output_dir,
                    )
                } else {
                    write::write(
                        &build.site,
                        &build.outputs,
                        &build.output_dir,
                        &crate::progress::Progress::default(),
                    )
                };
                match result {
                    Ok(files) => {
                        report(BuildEvent::Built {
                            build: &build,
                            files,
                            first: matches!(changes, Changes::Everything) && !written,
                        });
                        written = true;
                    }
                    Err(d) => {
                        written = false;
                        let diagnostics = Diagnostics::from_iter([d]).relative_to(session.root());
                        report(BuildEvent::Failed {
                            diagnostics: &diagnostics,
                        });
                    }
                }
            }
            Err(diagnostics) => report(BuildEvent::Failed {
                diagnostics: &diagnostics,
            }),
        }
        changes = loop {
            if interrupted.load(Ordering::Relaxed) {
                report(BuildEvent::Stopping);
                return Ok(());
            }
            if let Some(changes) = watcher.next(Duration::from_millis(100)) {
                unwatched = watcher.take_warnings();
                break changes;
            }
        };
    }
}

/// Listens for Ctrl-C (or, on Unix, a polite SIGTERM) from the moment it is called, so a
/// signal sent as soon as a command says it is ready is not missed; the future completes
/// when one arrives. Call it inside a Tokio runtime.
pub(crate) fn stop_signal() -> impl Future<Output = ()> + Send + 'static {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        let listening = (
            signal(SignalKind::interrupt()),
            signal(SignalKind::terminate()),
        );
        async move {
            match listening {
                (Ok(mut interrupt), Ok(mut terminate)) => {
                    tokio::select! {
                        _ = interrupt.recv() => {}
                        _ = terminate.recv() => {}
                    }
                }
                _ => {
                    let _ = tokio::signal::ctrl_c().await;
                }
            }
        }
    }
    #[cfg(not(unix))]
    {
        async {
            let _ = tokio::signal::ctrl_c().await;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_only_the_files_builds_read() {
        let root = Path::new("/site");
        for path in [
            "guide.yaml",
            "content/a.md",
            "content/_index.md",
            "content/part",
            "themes/default/templates/page.html",
            "templates/page.html",
            "static/style.css",
        ] {
            assert!(is_source(root, &root.join(path)), "{path}");
        }
        for path in [
            "public/index.html",
            ".public.staging/index.html",
            "README.md",
            "content/.a.md.swp",
            "content/a.md~",
            "content/_drafts/a.md",
            "content/4913.tmp",
            "notes/guide.yaml",
            "/elsewhere/content/a.md",
        ] {
            assert!(!is_source(root, &root.join(path)), "{path}");
        }
    }

    #[test]
    fn a_folder_that_cannot_be_watched_is_told_and_tried_again() {
        let site = tempfile::tempdir().unwrap();
        let root = site.path();
        for name in ["content", "static", "themes"] {
            std::fs::create_dir(root.join(name)).unwrap();
        }
        let mut watched = BTreeSet::new();
        let mut tried = Vec::new();
        let unwatched = watch_folders(root, &mut watched, |dir| {
            tried.push(dir.to_path_buf());
            if dir.ends_with("content") {
                Err(notify::Error::generic("too many watches"))
            } else {
                Ok(())
            }
        });
        // Every folder is tried, not only those before the one that failed.
        assert_eq!(tried.len(), 3);
        assert_eq!(unwatched.len(), 1);
        let (dir, error) = &unwatched[0];
        assert_eq!(*dir, root.join("content"));
        let warning = unwatched_warning(root, dir, error);
        assert!(!warning.is_error());
        assert_eq!(warning.path, Path::new("content"));
        let told = warning.to_string();
        assert!(told.contains("too many watches"), "{told}");
        assert!(told.starts_with("content: warning: cannot watch"), "{told}");
        let expected: BTreeSet<PathBuf> =
            ["static", "themes"].iter().map(|n| root.join(n)).collect();
        assert_eq!(watched, expected);

        // The next look tries the failed folder again, and only that one.
        let mut tried = Vec::new();
        let unwatched = watch_folders(root, &mut watched, |dir| {
            tried.push(dir.to_path_buf());
            Ok(())
        });
        assert!(unwatched.is_empty());
        assert_eq!(tried, [root.join("content")]);
        assert!(watched.contains(&root.join("content")));
    }

    #[test]
    fn warnings_join_a_failed_build_too() {
        let errors = Diagnostics::from_iter([Diagnostic::error("content/a.md", "broken")]);
        let warning = Diagnostic::warning("static", "cannot watch this folder for changes");
        let Err(told) = with_warnings(Err(errors), vec![warning.clone()]) else {
            unreachable!()
        };
        assert!(told.iter().any(|d| *d == warning));
        assert_eq!(told.error_count(), 1);
    }
}
