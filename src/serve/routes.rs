//! The HTTP side of `guide serve`: the reload channel pages listen on (server-sent events
//! telling them to reload, or to swap only the stylesheets that changed), and every other
//! request answered from the current snapshot: a file of the site with the overlay and the
//! reload script injected into HTML pages, a redirect to a folder's URL or from a base path
//! served before, or the 404 page. Nothing here may be cached by the browser.

use std::convert::Infallible;
use std::sync::Arc;

use axum::extract::State;
use axum::http::{HeaderValue, Method, StatusCode, Uri, header};
use axum::response::sse::{Event as SseEvent, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use bytes::Bytes;
use futures_util::stream::{self, Stream, StreamExt};
use tokio::sync::broadcast;

use crate::output::Body;

use super::files::{self, Lookup};
use super::{Reload, Shared, Snapshot, inject};

/// The reload channel: a `hello` with the current build, then `reload` and `css` events.
pub(super) async fn events(State(shared): State<Arc<Shared>>) -> impl IntoResponse {
    // Subscribe before reading the build number, so no build falls in between.
    let receiver = shared.reloads.subscribe();
    let hello = SseEvent::default()
        .event("hello")
        .data(shared.current().generation.to_string());
    let updates = stream::unfold(
        (receiver, shared.stopping.clone(), shared.clone()),
        |(mut receiver, mut stopping, shared)| async move {
            if *stopping.borrow() {
                return None;
            }
            let message = tokio::select! {
                message = receiver.recv() => message,
                _ = stopping.changed() => return None,
            };
            let event = match message {
                Ok(Reload::Page(generation)) => reload_event(generation),
                Ok(Reload::Css(generation, paths)) => SseEvent::default()
                    .event("css")
                    .id(generation.to_string())
                    .data(serde_json::to_string(&paths).unwrap_or_default()),
                // Missed messages: a reload catches up with all of them.
                Err(broadcast::error::RecvError::Lagged(_)) => {
                    reload_event(shared.current().generation)
                }
                Err(broadcast::error::RecvError::Closed) => return None,
            };
            Some((event, (receiver, stopping, shared)))
        },
    );
    let stream = stream::once(async move { hello })
        .chain(updates)
        .map(Ok::<_, Infallible>);
    sse(stream)
}

fn reload_event(generation: u64) -> SseEvent {
    SseEvent::default()
        .event("reload")
        .id(generation.to_string())
        .data(generation.to_string())
}

fn sse<S: Stream<Item = Result<SseEvent, Infallible>> + Send + 'static>(stream: S) -> Response {
    let mut response = Sse::new(stream)
        .keep_alive(KeepAlive::default())
        .into_response();
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// Any other request: a file of the site, a redirect to a folder's URL, or the 404 page.
pub(super) async fn serve_file(
    State(shared): State<Arc<Shared>>,
    method: Method,
    uri: Uri,
) -> Response {
    if method != Method::GET && method != Method::HEAD {
        return (
            StatusCode::METHOD_NOT_ALLOWED,
            [(header::ALLOW, "GET, HEAD")],
        )
            .into_response();
    }
    let snapshot = shared.current();
    let Some(site) = &snapshot.files else {
        // No good build yet: every page is the list of errors (the overlay), and reloads
        // once a build succeeds.
        let page = Body::from(Bytes::from_static(
            b"<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>Build failed</title>\n</head>\n<body>\n<h1>The site could not be built</h1>\n</body>\n</html>\n",
        ));
        return file_response(&snapshot, "index.html", &page, StatusCode::OK);
    };
    let exists = |p: &str| site.contains_key(p);
    match files::lookup(uri.path(), &snapshot.base, exists) {
        Lookup::File(path) => file_response(&snapshot, &path, &site[&path], StatusCode::OK),
        Lookup::Redirect(to) => redirect(to),
        Lookup::NotFound => {
            if let Some(to) =
                files::moved(uri.path(), &snapshot.earlier_bases, &snapshot.base, exists)
            {
                return redirect(to);
            }
            match site.get(crate::model::NOT_FOUND_PATH) {
                Some(page) => file_response(
                    &snapshot,
                    crate::model::NOT_FOUND_PATH,
                    page,
                    StatusCode::NOT_FOUND,
                ),
                None => (StatusCode::NOT_FOUND, "Not found\n").into_response(),
            }
        }
    }
}

fn redirect(to: String) -> Response {
    (
        StatusCode::TEMPORARY_REDIRECT,
        [
            (header::LOCATION, to),
            (header::CACHE_CONTROL, "no-store".into()),
        ],
    )
        .into_response()
}

fn file_response(snapshot: &Snapshot, path: &str, body: &Body, status: StatusCode) -> Response {
    let content_type = files::content_type(path);
    let body = if content_type.starts_with("text/html") {
        Bytes::from(inject::into_page(body, &snapshot.injected))
    } else {
        body.to_bytes()
    };
    (
        status,
        [
            (header::CONTENT_TYPE, content_type),
            // A preview must never show a stale copy.
            (header::CACHE_CONTROL, "no-store"),
            (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        ],
        body,
    )
        .into_response()
}
