//! `guide serve`: builds the site, serves it over HTTP from memory, rebuilds on every change
//! and tells open pages to reload.
//!
//! The served site is always the last good build, swapped in whole: a request sees either
//! the old site or the new one, never a mix, and the reload event goes out only after the
//! swap. A failed build keeps the last good site and adds an overlay with every error to
//! each page. Serving never writes the output folder, so a preview cannot clobber a
//! published build (`guide build --watch` is the command that writes on change).
//!
//! Here: the command itself, the rebuild loop and the snapshot it publishes. The requests
//! are answered in `routes`, with `files` to find a request's file and `inject` for what
//! pages get added.

mod files;
mod inject;
mod routes;

use std::net::{IpAddr, SocketAddr};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, OnceLock, RwLock};
use std::time::Duration;

use axum::Router;
use axum::routing::get;
use bytes::Bytes;
use rustc_hash::FxHashMap as HashMap;
use tokio::sync::{broadcast, watch as signal};

use crate::config::{CONFIG_FILE, base_path};
use crate::diagnostics::Diagnostics;
use crate::output::Body;
use crate::session::Build;
use crate::session::{BuildOptions, Changes, Session};
use crate::watch::{self, Watcher};

/// What `guide serve` was asked to do.
#[derive(Debug, Clone)]
pub struct Options {
    pub build: BuildOptions,
    pub bind: IpAddr,
    /// 0 picks a free port.
    pub port: u16,
    pub watch: watch::Mode,
    /// Open the site in the default browser once it is served.
    pub open: bool,
}

/// What happens while serving, for the command line to print.
pub enum Event<'a> {
    /// The server listens at this URL.
    Listening { url: &'a str },
    /// A build succeeded; `first` is the build before serving started.
    Built { build: &'a Build, first: bool },
    /// A build failed; these errors are shown on every page, over the last good site if
    /// there is one (`last_good`).
    Failed {
        diagnostics: &'a Diagnostics,
        last_good: bool,
    },
    /// No browser could be started for `--open`.
    NoBrowser { error: String },
    /// `base_url` changed: the site is served at this URL now (and pages asked for under
    /// the old one are redirected there).
    Moved { url: &'a str },
    /// Ctrl-C: the server is stopping.
    Stopping,
}

/// The site as served.
struct Snapshot {
    /// Counts published builds, good or bad; pages carry it to notice missed reloads.
    generation: u64,
    /// The base URL's path (`/` or `/repo/`).
    base: String,
    /// The base paths served before `base_url` last changed, the most recent first: pages
    /// open under them (and their reloads) are redirected to the current base.
    earlier_bases: Vec<String>,
    /// The last good build's files by output path; `None` until a build succeeds.
    files: Option<Arc<HashMap<String, Body>>>,
    errors: Option<Diagnostics>,
    /// What every HTML page gets: the overlay (while there are errors) and the script.
    injected: String,
}

impl Snapshot {
    fn new(
        generation: u64,
        base: String,
        files: Option<Arc<HashMap<String, Body>>>,
        errors: Option<Diagnostics>,
    ) -> Self {
        let last_good = files.is_some();
        let mut injected = errors
            .as_ref()
            .map(|errors| inject::overlay(errors, last_good))
            .unwrap_or_default();
        injected.push_str(&inject::script(&base, generation));
        Snapshot {
            generation,
            base,
            earlier_bases: Vec::new(),
            files,
            errors,
            injected,
        }
    }
}

/// A message on the reload channel.
#[derive(Debug, Clone)]
enum Reload {
    /// Reload the page (build number).
    Page(u64),
    /// Only these stylesheets changed (build number, output paths).
    Css(u64, Vec<String>),
}

struct Shared {
    snapshot: RwLock<Arc<Snapshot>>,
    reloads: broadcast::Sender<Reload>,
    /// Turns true when the server stops, to end the event streams.
    stopping: signal::Receiver<bool>,
    /// `http://address:port`, once the server listens.
    origin: OnceLock<String>,
}

impl Shared {
    fn current(&self) -> Arc<Snapshot> {
        match self.snapshot.read() {
            Ok(s) => s.clone(),
            Err(poisoned) => poisoned.into_inner().clone(),
        }
    }

    /// Publishes `snapshot`; if its base path differs from the one served so far, the
    /// old one is remembered so its pages can be redirected.
    fn swap(&self, mut snapshot: Snapshot, report: &dyn Fn(Event<'_>)) {
        let previous = self.current();
        snapshot.earlier_bases = previous.earlier_bases.clone();
        if previous.base != snapshot.base {
            // The base served until now is never among the earlier ones; the new one may be.
            snapshot.earlier_bases.retain(|b| *b != snapshot.base);
            snapshot.earlier_bases.insert(0, previous.base.clone());
            if let Some(origin) = self.origin.get() {
                report(Event::Moved {
                    url: &[origin, snapshot.base.as_str()].concat(),
                });
            }
        }
        let snapshot = Arc::new(snapshot);
        let old = match self.snapshot.write() {
            Ok(mut s) => std::mem::replace(&mut *s, snapshot),
            Err(poisoned) => std::mem::replace(&mut *poisoned.into_inner(), snapshot),
        };
        // Dropped here, outside the lock: freeing a large site takes a moment.
        drop(old);
    }
}

/// Builds, serves and watches until Ctrl-C. Errors that prevent serving at all (no site
/// here, the port is taken, the site cannot be watched) are returned as messages.
pub fn run(
    options: Options,
    report: impl Fn(Event<'_>) + Send + Sync + 'static,
) -> Result<(), String> {
    let report = Arc::new(report);
    let mut build_options = options.build.clone();
    build_options.write = false;
    build_options.plain_asset_names = true;
    let mut session = Session::new(build_options);
    let root = session.root().to_path_buf();
    if !root.join(CONFIG_FILE).is_file() {
        return Err(format!(
            "no {CONFIG_FILE} in {}: run guide serve in the site's folder, or pass --root",
            root.display()
        ));
    }
    // Watch before the first build, so nothing saved during it is missed.
    let mut watcher = Watcher::start(&root, options.watch).map_err(|d| d.to_string())?;

    let first = session.build(&Changes::Everything);
    let base = base_of(&session);
    let (stop_tx, stopping) = signal::channel(false);
    let (reloads, _) = broadcast::channel(16);
    let shared = Arc::new(Shared {
        snapshot: RwLock::new(Arc::new(Snapshot::new(0, base, None, None))),
        reloads,
        stopping,
        origin: OnceLock::new(),
    });
    publish(&shared, &session, first, true, &*report);

    let listener = std::net::TcpListener::bind(SocketAddr::new(options.bind, options.port))
        .map_err(|e| bind_error(&e, options.bind, options.port))?;
    let address = listener.local_addr().map_err(|e| e.to_string())?;
    listener.set_nonblocking(true).map_err(|e| e.to_string())?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| format!("cannot start the server: {e}"))?;
    // Ctrl-C is listened for before the URL is printed: one pressed as soon as it shows
    // would otherwise end the process without stopping the server cleanly.
    let stop_signal = {
        let _runtime = runtime.enter();
        watch::stop_signal()
    };
    let origin = format!("http://{address}");
    let url = [origin.as_str(), &shared.current().base].concat();
    let _ = shared.origin.set(origin);
    report(Event::Listening { url: &url });
    if options.open
        && let Err(error) = open_browser(&url)
    {
        report(Event::NoBrowser { error });
    }

    let stop = Arc::new(AtomicBool::new(false));
    let rebuilds = {
        let (shared, stop, report) = (shared.clone(), stop.clone(), report.clone());
        std::thread::spawn(move || {
            while !stop.load(Ordering::Relaxed) {
                if let Some(changes) = watcher.next(Duration::from_millis(100)) {
                    let result = session.build(&changes);
                    let result = watch::with_warnings(result, watcher.take_warnings());
                    publish(&shared, &session, result, false, &*report);
                }
            }
        })
    };

    let served = runtime.block_on(async {
        let listener = tokio::net::TcpListener::from_std(listener)?;
        let app = Router::new()
            .route(inject::EVENTS_PATH, get(routes::events))
            .fallback(routes::serve_file)
            .with_state(shared.clone());
        axum::serve(listener, app)
            .with_graceful_shutdown(async move {
                stop_signal.await;
                report(Event::Stopping);
                let _ = stop_tx.send(true);
            })
            .await
    });
    stop.store(true, Ordering::Relaxed);
    // The rebuild thread is not joined: a rebuild under way can take seconds on a large
    // guide, and the preview writes nothing, so leaving it unfinished loses nothing.
    drop(rebuilds);
    served.map_err(|e| format!("the server stopped: {e}"))
}

/// The base path of the session's configuration (`/` before one could be read).
fn base_of(session: &Session) -> String {
    session.base_url().map_or("/", base_path).to_string()
}

/// Makes a build the served site and tells the pages. Also reports it.
fn publish(
    shared: &Shared,
    session: &Session,
    result: Result<Build, Diagnostics>,
    first: bool,
    report: &dyn Fn(Event<'_>),
) {
    let old = shared.current();
    let generation = old.generation + 1;
    let base = base_of(session);
    match result {
        Ok(build) => {
            let unchanged = build.changed.is_empty() && build.removed.is_empty();
            let was_good = old.files.is_some() && old.errors.is_none() && old.base == base;
            if was_good && unchanged {
                report(Event::Built {
                    build: &build,
                    first,
                });
                return;
            }
            let css_only = was_good
                && build.removed.is_empty()
                && build.changed.iter().all(|p| p.ends_with(".css"));
            let files = site_files(&build, old.files.as_deref());
            shared.swap(
                Snapshot::new(generation, base, Some(Arc::new(files)), None),
                report,
            );
            let _ = shared.reloads.send(if css_only {
                Reload::Css(generation, build.changed.clone())
            } else {
                Reload::Page(generation)
            });
            report(Event::Built {
                build: &build,
                first,
            });
        }
        Err(diagnostics) => {
            if old.errors.as_ref() != Some(&diagnostics) {
                let files = old.files.clone();
                shared.swap(
                    Snapshot::new(generation, base, files, Some(diagnostics.clone())),
                    report,
                );
                let _ = shared.reloads.send(Reload::Page(generation));
            }
            report(Event::Failed {
                diagnostics: &diagnostics,
                last_good: shared.current().files.is_some(),
            });
        }
    }
}

/// Every file of a build in memory: rendered outputs as they are (their parts shared with
/// the build, joined only when a page is requested), assets read from their sources
/// (unchanged assets are taken from the previous snapshot).
fn site_files(build: &Build, previous: Option<&HashMap<String, Body>>) -> HashMap<String, Body> {
    let mut files = HashMap::with_capacity_and_hasher(
        build.outputs.len() + build.site.assets.len(),
        Default::default(),
    );
    for o in &build.outputs {
        files.insert(o.path.clone(), o.body.clone());
    }
    for a in &build.site.assets {
        let kept = previous
            .filter(|_| build.changed.binary_search(&a.path).is_err())
            .and_then(|p| p.get(&a.path));
        let body = match (kept, crate::embedded::get(&a.source)) {
            (Some(body), _) => Some(body.clone()),
            (None, Some(built_in)) => Some(Body::from(Bytes::from_static(built_in))),
            (None, None) => std::fs::read(&a.source)
                .ok()
                .map(|bytes| Body::from(Bytes::from(bytes))),
        };
        if let Some(body) = body {
            files.insert(a.path.clone(), body);
        }
    }
    files
}

fn bind_error(error: &std::io::Error, bind: IpAddr, port: u16) -> String {
    match error.kind() {
        std::io::ErrorKind::AddrInUse => format!(
            "port {port} on {bind} is already in use: stop the program using it, or choose \
             another port with --port (--port 0 picks a free one)"
        ),
        std::io::ErrorKind::AddrNotAvailable => {
            format!("cannot listen on {bind}: this machine has no such address (see --bind)")
        }
        std::io::ErrorKind::PermissionDenied => format!(
            "not allowed to listen on port {port}: ports below 1024 need privileges; use --port"
        ),
        _ => format!("cannot listen on {bind}:{port}: {error}"),
    }
}

fn open_browser(url: &str) -> Result<(), String> {
    let mut command = if cfg!(target_os = "macos") {
        std::process::Command::new("open")
    } else if cfg!(windows) {
        let mut c = std::process::Command::new("cmd");
        c.args(["/C", "start", ""]);
        c
    } else {
        std::process::Command::new("xdg-open")
    };
    command
        .arg(url)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .map(|_| ())
        .map_err(|e| format!("cannot open a browser: {e}"))
}
