//! Serve: `gloss serve` builds the site in memory, serves it with axum on tokio, watches the
//! sources with notify, rebuilds incrementally on change and live-reloads open pages over
//! server-sent events; `gloss build --watch` rebuilds into the output folder on change.
//!
//! * [`incremental`]: the site kept in memory; a change re-annotates only the files it touched.
//! * [`watch`]: notify + debouncer on the source folders → [`incremental::Changes`].
//! * [`server`]: the HTTP handlers, the served snapshot and the rebuild thread.
//! * [`http`]: request path → output file (the traversal rules) and content types.
//! * [`reload`]: the injected live-reload script and its events.

pub mod changes;
pub mod http;
pub mod incremental;
pub mod reload;
pub mod server;
pub mod watch;

use crate::error::{Error, Result};
use crate::site::{self, BuildOptions};
use incremental::{read_static, Site};
use server::{Shared, Snapshot};
use std::net::IpAddr;
use std::path::PathBuf;

/// Options of `gloss serve`.
pub struct ServeOptions {
    pub port: u16,
    pub bind: String,
    pub open: bool,
}

fn print_warnings(warnings: &[String]) {
    for w in warnings {
        eprintln!("warning: {w}");
    }
}

/// The options with an absolute root (watch events carry absolute paths).
fn absolute_root(opts: &BuildOptions) -> Result<BuildOptions> {
    let root: PathBuf = std::fs::canonicalize(&opts.root).map_err(|e| Error::io(&opts.root, e))?;
    Ok(BuildOptions {
        root,
        ..opts.clone()
    })
}

/// Whether `bind` only listens on this machine.
pub fn is_loopback(bind: &str) -> bool {
    bind == "localhost"
        || bind
            .trim_start_matches('[')
            .trim_end_matches(']')
            .parse::<IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}

/// Runs the dev server until interrupted.
pub fn serve(opts: &BuildOptions, serve: &ServeOptions) -> Result<()> {
    let opts = absolute_root(opts)?;
    let host = serve
        .bind
        .trim_start_matches('[')
        .trim_end_matches(']')
        .to_string();
    let listener = std::net::TcpListener::bind((host.as_str(), serve.port)).map_err(|e| {
        if e.kind() == std::io::ErrorKind::AddrInUse {
            Error::msg(format!(
                "port {} is already in use on {} (another `gloss serve`?): pick another one with `--port`, e.g. `gloss serve --port {}`",
                serve.port,
                serve.bind,
                serve.port.wrapping_add(1).max(1024)
            ))
        } else {
            Error::msg(format!("cannot listen on {}:{}: {e}", serve.bind, serve.port))
        }
    })?;
    listener.set_nonblocking(true)?;
    if !is_loopback(&serve.bind) {
        eprintln!("WARNING: ------------------------------------------------------------------");
        eprintln!(
            "WARNING: listening on {}: anyone on your network can read this site, drafts included.",
            serve.bind
        );
        eprintln!("WARNING: use the default `--bind 127.0.0.1` unless you really mean it.");
        eprintln!("WARNING: ------------------------------------------------------------------");
    }
    // Watch first: a change made during the first build is not lost.
    let watcher = watch::Watcher::new(&opts.root)?;
    let started = std::time::Instant::now();
    let (site, snapshot) = match Site::new(&opts) {
        Ok((site, report)) => {
            print_warnings(&report.warnings);
            eprintln!(
                "built {} briefings in {} ms",
                report.briefings,
                started.elapsed().as_millis()
            );
            let snapshot = Snapshot {
                build: 1,
                pages: std::sync::Arc::new(site.output.clone()),
                statics: server_files(read_static(&opts.root)),
                base_path: server::base_path(&site.config),
                error: None,
            };
            (Some(site), snapshot)
        }
        Err(e) => {
            eprintln!("error: {e}");
            eprintln!("(serving nothing until it is fixed; watching for changes)");
            let base_path = site::load_config(&opts)
                .map(|c| server::base_path(&c))
                .unwrap_or_default();
            let snapshot = Snapshot {
                build: 0,
                base_path,
                error: Some(e.to_string()),
                ..Snapshot::default()
            };
            (None, snapshot)
        }
    };
    let shown_host = if host.contains(':') {
        format!("[{host}]")
    } else {
        host.clone()
    };
    let path = if snapshot.base_path.is_empty() {
        "/".to_string()
    } else {
        snapshot.base_path.clone()
    };
    let url = format!("http://{shown_host}:{}{path}", serve.port);
    let shared = Shared::new(snapshot);
    {
        let shared = shared.clone();
        let opts = opts.clone();
        std::thread::Builder::new()
            .name("gloss-rebuild".into())
            .spawn(move || server::rebuild_loop(site, watcher, shared, opts))?;
    }
    eprintln!("serving {url} (watching for changes; Ctrl+C to stop)");
    if serve.open {
        open_browser(&url);
    }
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::from_std(listener)?;
        let app = server::router(shared);
        tokio::select! {
            r = axum::serve(listener, app) => r.map_err(Error::from),
            _ = tokio::signal::ctrl_c() => {
                eprintln!("stopped");
                Ok(())
            }
        }
    })
}

fn server_files(map: std::collections::BTreeMap<String, Vec<u8>>) -> server::Files {
    std::sync::Arc::new(
        map.into_iter()
            .map(|(k, v)| (k, axum::body::Bytes::from(v)))
            .collect(),
    )
}

fn open_browser(url: &str) {
    let cmd = if cfg!(target_os = "macos") {
        "open"
    } else if cfg!(windows) {
        "explorer"
    } else {
        "xdg-open"
    };
    if let Err(e) = std::process::Command::new(cmd)
        .arg(url)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
    {
        eprintln!("warning: could not open a browser ({cmd}: {e}); open {url} yourself");
    }
}

/// `gloss build --watch`: builds into the output folder, then rebuilds (incrementally) on every
/// change until interrupted. A failed rebuild leaves the output as it was.
pub fn watch_build(opts: &BuildOptions) -> Result<()> {
    let opts = absolute_root(opts)?;
    let write = |site: &Site| -> Result<usize> {
        let out = site::output_dir(&opts, &site.config);
        site::output::check_output_dir(&opts.root, &out)?;
        let files: site::Output = (site.output.iter())
            .map(|(path, bytes)| (path.clone(), bytes.to_vec()))
            .collect();
        site::output::write(&out, &files, Some(&opts.root.join("static")))
    };
    let mut watcher = watch::Watcher::new(&opts.root)?;
    let started = std::time::Instant::now();
    let mut site = match Site::new(&opts).and_then(|(s, r)| write(&s).map(|n| (s, r, n))) {
        Ok((s, report, changed)) => {
            print_warnings(&report.warnings);
            eprintln!(
                "built {} briefings ({changed} files changed) into {} in {} ms",
                report.briefings,
                site::display_path(&opts.root, &site::output_dir(&opts, &s.config)),
                started.elapsed().as_millis()
            );
            Some(s)
        }
        Err(e) => {
            eprintln!("error: {e}");
            None
        }
    };
    eprintln!("watching for changes (Ctrl+C to stop)");
    while let Some(changes) = watcher.next_changes() {
        let started = std::time::Instant::now();
        let result = match site.as_mut() {
            Some(s) => s
                .apply(&changes)
                .map(|r| (r.rerendered || changes.statics, r)),
            None => Site::new(&opts).map(|(s, r)| {
                site = Some(s);
                (true, r)
            }),
        };
        let result = result.and_then(|(write_it, report)| match (&site, write_it) {
            (Some(s), true) => write(s).map(|n| (report, n)),
            _ => Ok((report, 0)),
        });
        match result {
            Ok((report, changed)) => {
                print_warnings(&report.warnings);
                eprintln!(
                    "rebuilt in {} ms: {} re-annotated, {} briefing pages rendered, {} files written ({})",
                    started.elapsed().as_millis(),
                    report.reannotated,
                    report.rendered,
                    changed,
                    report.steps_display()
                );
            }
            Err(e) => eprintln!("error: {e}\n(the output is left as it was)"),
        }
    }
    Ok(())
}
