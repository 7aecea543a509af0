//! The HTTP side: axum on tokio, serving the last good render from memory (so nothing outside
//! the output can be served), the live-reload events, and the rebuild thread that turns watch
//! events into new snapshots and messages.

use super::http::{content_type, resolve, Resolved};
use super::incremental::{changed_paths, read_static, Site};
use super::reload::{self, Message, EVENTS_PATH};
use super::watch::Watcher;
use axum::body::{Body, Bytes};
use axum::extract::State;
use axum::http::{header, HeaderValue, Method, StatusCode, Uri};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use std::collections::BTreeMap;
use std::convert::Infallible;
use std::sync::{Arc, RwLock};
use tokio::sync::broadcast;
use tokio_stream::wrappers::BroadcastStream;
use tokio_stream::StreamExt;

/// Files by output path.
pub type Files = Arc<BTreeMap<String, Bytes>>;

/// What is served right now.
#[derive(Clone, Default)]
pub struct Snapshot {
    /// Increases with every change to the served files.
    pub build: u64,
    /// Generated files (they win over static ones, as in `gloss build`).
    pub pages: Files,
    pub statics: Files,
    /// The site's path under its base URL (`/briefs/`), or empty.
    pub base_path: String,
    /// The last rebuild's error, while it is not fixed.
    pub error: Option<String>,
}

impl Snapshot {
    fn get(&self, key: &str) -> Option<&Bytes> {
        self.pages.get(key).or_else(|| self.statics.get(key))
    }
}

/// State shared by the handlers and the rebuild thread.
pub struct Shared {
    snapshot: RwLock<Snapshot>,
    events: broadcast::Sender<Message>,
}

impl Shared {
    pub fn new(snapshot: Snapshot) -> Arc<Shared> {
        let (events, _) = broadcast::channel(64);
        Arc::new(Shared {
            snapshot: RwLock::new(snapshot),
            events,
        })
    }

    pub fn snapshot(&self) -> Snapshot {
        match self.snapshot.read() {
            Ok(s) => s.clone(),
            Err(poisoned) => poisoned.into_inner().clone(),
        }
    }

    fn update(&self, f: impl FnOnce(&mut Snapshot)) {
        let mut guard = match self.snapshot.write() {
            Ok(g) => g,
            Err(poisoned) => poisoned.into_inner(),
        };
        f(&mut guard);
    }

    fn send(&self, message: Message) {
        let _ = self.events.send(message);
    }
}

/// The router: the events endpoint and every other GET/HEAD path from the snapshot.
pub fn router(shared: Arc<Shared>) -> Router {
    Router::new()
        .route(EVENTS_PATH, get(events))
        .fallback(serve_file)
        .with_state(shared)
}

async fn events(
    State(shared): State<Arc<Shared>>,
) -> Sse<impl tokio_stream::Stream<Item = Result<Event, Infallible>>> {
    let rx = shared.events.subscribe();
    let snap = shared.snapshot();
    let hello = Event::default()
        .event("hello")
        .data(reload::hello(snap.build, snap.error.as_deref()));
    let updates = BroadcastStream::new(rx).map(|m| {
        let message = m.unwrap_or(Message::Reload {
            build: u64::MAX,
            paths: Vec::new(),
            all: true,
        });
        let (name, data) = message.event();
        Ok(Event::default().event(name).data(data))
    });
    let stream = tokio_stream::once(Ok(hello)).chain(updates);
    Sse::new(stream).keep_alive(KeepAlive::default())
}

fn respond(status: StatusCode, key: &str, body: Bytes, head: bool) -> Response {
    let len = body.len();
    let mut res = if head {
        Response::new(Body::empty())
    } else {
        Response::new(Body::from(body))
    };
    *res.status_mut() = status;
    let h = res.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(content_type(key)),
    );
    h.insert(header::CONTENT_LENGTH, HeaderValue::from(len));
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    res
}

fn page(snap: &Snapshot, key: &str, bytes: &Bytes) -> Bytes {
    if key.ends_with(".html") || key.ends_with(".htm") {
        Bytes::from(reload::inject(
            bytes,
            snap.build,
            &snap.base_path,
            key == "404.html",
        ))
    } else {
        bytes.clone()
    }
}

async fn serve_file(State(shared): State<Arc<Shared>>, method: Method, uri: Uri) -> Response {
    if method != Method::GET && method != Method::HEAD {
        let mut res = (
            StatusCode::METHOD_NOT_ALLOWED,
            "405 method not allowed: use GET or HEAD\n",
        )
            .into_response();
        res.headers_mut()
            .insert(header::ALLOW, HeaderValue::from_static("GET, HEAD"));
        return res;
    }
    let head = method == Method::HEAD;
    let snap = shared.snapshot();
    match resolve(uri.path(), &snap.base_path, |k| snap.get(k).is_some()) {
        Resolved::File(key) => match snap.get(&key) {
            Some(bytes) => respond(StatusCode::OK, &key, page(&snap, &key, bytes), head),
            None => not_found(&snap, head),
        },
        Resolved::Redirect(to) => {
            let mut res = StatusCode::FOUND.into_response();
            if let Ok(v) = HeaderValue::from_str(&to) {
                res.headers_mut().insert(header::LOCATION, v);
            }
            res
        }
        Resolved::NotFound => not_found(&snap, head),
        Resolved::Bad => (StatusCode::BAD_REQUEST, "400 bad request\n").into_response(),
    }
}

fn not_found(snap: &Snapshot, head: bool) -> Response {
    match snap.get("404.html") {
        Some(bytes) => respond(
            StatusCode::NOT_FOUND,
            "404.html",
            page(snap, "404.html", bytes),
            head,
        ),
        None => {
            // Not built yet (the first build failed): a page that shows the error and reloads.
            let html = Bytes::from_static(
                b"<!doctype html><html><head><meta charset=\"utf-8\"><title>Not found</title></head><body><h1>Not found</h1><p>This page does not exist (yet).</p></body></html>",
            );
            respond(
                StatusCode::NOT_FOUND,
                "404.html",
                page(snap, "404.html", &html),
                head,
            )
        }
    }
}

fn to_files(map: BTreeMap<String, Vec<u8>>) -> Files {
    Arc::new(map.into_iter().map(|(k, v)| (k, Bytes::from(v))).collect())
}

/// The new render and the paths that changed in it.
pub type ChangedPages<'a> = (&'a super::incremental::Pages, &'a [String]);

/// Publishes a good site: new files, a new build number when anything changed, and the message
/// for open pages (CSS-only changes swap stylesheets). Returns the number of changed files.
pub fn publish(
    shared: &Shared,
    pages: Option<ChangedPages>,
    statics: Option<BTreeMap<String, Vec<u8>>>,
    base_path: String,
) -> usize {
    let old = shared.snapshot();
    let mut changed = Vec::new();
    let paths = match pages {
        Some((_, paths)) => paths,
        None => &[],
    };
    changed.extend(paths.iter().cloned());
    let statics = match statics {
        Some(s) => {
            let s = to_files(s);
            changed.extend(changed_paths(&old.statics, &s));
            s
        }
        None => old.statics.clone(),
    };
    let (had_error, old_build, old_base) = (old.error.is_some(), old.build, old.base_path.clone());
    // Dropped before the update: the pages are then changed in place, unless a request is
    // reading them right now (then they are copied once).
    drop(old);
    let build = if changed.is_empty() && base_path == old_base {
        old_build
    } else {
        old_build + 1
    };
    shared.update(|s| {
        if let Some((output, paths)) = pages.filter(|(_, p)| !p.is_empty()) {
            // Only changed files are replaced; all bytes are shared with the site in memory.
            let map = Arc::make_mut(&mut s.pages);
            for p in paths {
                match output.get(p) {
                    Some(bytes) => map.insert(p.clone(), bytes.clone()),
                    None => map.remove(p),
                };
            }
        }
        s.build = build;
        s.statics = statics;
        s.base_path = base_path;
        s.error = None;
    });
    if build != old_build {
        if changed.iter().all(|p| p.ends_with(".css")) && !changed.is_empty() {
            shared.send(Message::Css {
                build,
                paths: changed.clone(),
            });
        } else {
            shared.send(reload::reload_message(build, &changed));
        }
    } else if had_error {
        shared.send(Message::Ok { build });
    }
    changed.len()
}

/// Records a failed rebuild: pages stay as they are; open pages show the error.
pub fn publish_error(shared: &Shared, message: String) {
    let build = shared.snapshot().build;
    shared.update(|s| s.error = Some(message.clone()));
    shared.send(Message::Error { build, message });
}

/// Rebuilds on every change, forever (until the watcher stops).
pub fn rebuild_loop(
    mut site: Option<Site>,
    mut watcher: Watcher,
    shared: Arc<Shared>,
    opts: crate::site::BuildOptions,
) {
    while let Some(changes) = watcher.next_changes() {
        let started = std::time::Instant::now();
        let statics = (changes.statics || site.is_none()).then(|| read_static(&opts.root));
        let result = match site.as_mut() {
            Some(s) => s.apply(&changes),
            None => Site::new(&opts).map(|(s, r)| {
                site = Some(s);
                r
            }),
        };
        match (result, site.as_mut()) {
            (Ok(report), Some(s)) => {
                super::print_warnings(&report.warnings);
                let pages = Some((&s.output, report.changed.as_slice()));
                let changed = publish(&shared, pages, statics, base_path(&s.config));
                if changed > 0 || report.rerendered {
                    eprintln!(
                        "rebuilt in {} ms: {} re-annotated, {} briefing pages rendered, {} files changed ({})",
                        started.elapsed().as_millis(),
                        report.reannotated,
                        report.rendered,
                        changed,
                        report.steps_display()
                    );
                }
            }
            (Ok(_), None) => {}
            (Err(e), _) => {
                eprintln!("error: {e}");
                eprintln!("(still serving the last good version)");
                publish_error(&shared, e.to_string());
            }
        }
    }
}

/// The path the site is served under: its base URL's path, or the root.
pub fn base_path(config: &crate::config::Config) -> String {
    crate::site::links::Links::new(config).base_path
}
