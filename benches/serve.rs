//! The dev server's edit latency: `gloss serve` on a site, an SSE client on its reload endpoint,
//! and the time from just before a content file is written until the `reload` event arrives —
//! what a writer waits for between saving and seeing the page change.

#[allow(dead_code)]
#[path = "../tests/common/http.rs"]
mod http;

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// A `gloss serve` child, killed on drop.
struct Serve {
    child: Child,
    port: u16,
    log: Arc<Mutex<String>>,
}

impl Drop for Serve {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind(("127.0.0.1", 0))
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

/// Starts `gloss serve` on `root` and waits until it serves; returns it and how long that took.
fn start(root: &Path) -> (Serve, Duration) {
    let port = free_port();
    let started = Instant::now();
    // `GLOSS_BENCH_GLOSS=PATH` measures another gloss binary (an older build, to compare).
    let gloss =
        std::env::var_os("GLOSS_BENCH_GLOSS").unwrap_or_else(|| env!("CARGO_BIN_EXE_gloss").into());
    let mut child = Command::new(gloss)
        .arg("serve")
        .arg("--root")
        .arg(root)
        .arg("--port")
        .arg(port.to_string())
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn gloss serve");
    let log = Arc::new(Mutex::new(String::new()));
    if let Some(stderr) = child.stderr.take() {
        let log = log.clone();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                if let Ok(mut l) = log.lock() {
                    l.push_str(&line);
                    l.push('\n');
                }
            }
        });
    }
    let mut serve = Serve { child, port, log };
    loop {
        let log = serve.log.lock().map(|l| l.clone()).unwrap_or_default();
        if log.contains("serving ") {
            return (serve, started.elapsed());
        }
        if let Ok(Some(status)) = serve.child.try_wait() {
            panic!("gloss serve exited ({status}):\n{log}");
        }
        assert!(
            started.elapsed() < Duration::from_secs(600),
            "gloss serve did not start:\n{log}"
        );
        std::thread::sleep(Duration::from_millis(5));
    }
}

/// What the serve benchmark measured.
pub struct Latency {
    /// From start until `gloss serve` serves.
    pub first_build: Duration,
    /// Edit → reload event, one per edit: sentences without names.
    pub edits: Vec<Duration>,
    /// The same for edits whose sentence names a person and a place new to the site (they
    /// change the library: new entity pages, new links).
    pub entity_edits: Vec<Duration>,
    /// The server's own rebuild lines (`rebuilt in … ms: …`).
    pub log: Vec<String>,
}

/// Names no corpus briefing uses: every edit that uses one adds a person and a place.
const NEW_NAMES: [(&str, &str); 8] = [
    ("Orla Venning", "Quarrybrook"),
    ("Tobias Marrick", "Hollin Ford"),
    ("Ines Calder", "Westerby"),
    ("Ruben Ashdown", "Larkmoor"),
    ("Maud Pellister", "Fenwold"),
    ("Cyril Thackery", "Brackenmouth"),
    ("Delphine Orrell", "Stoneleigh Cove"),
    ("Anselm Frayne", "Ketterby"),
];

/// Serves `root`, then `edits` times appends a sentence to its middle content file and times
/// the write until the reload event, then as many times a sentence naming a new person and
/// place. The file is restored afterwards.
pub fn edit_to_reload(root: &Path, edits: usize) -> Latency {
    let mut files: Vec<_> = std::fs::read_dir(root.join("content"))
        .expect("content folder")
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    files.sort();
    let edited = files[files.len() / 2].clone();
    let original = std::fs::read_to_string(&edited).unwrap();
    let (serve, first_build) = start(root);
    let mut sse = http::Sse::open(serve.port, "/__gloss/events");
    assert!(
        sse.next(Duration::from_secs(10))
            .is_some_and(|e| e.name == "hello"),
        "hello event"
    );
    let mut edit = |i: usize, sentence: String| {
        // Let the previous rebuild settle and the watcher go quiet.
        std::thread::sleep(Duration::from_millis(300));
        let _ = sse.collect(Duration::from_millis(1));
        let text = format!("{original}\n{sentence}\n");
        let start = Instant::now();
        std::fs::write(&edited, text).unwrap();
        let got = sse.wait_for("reload", Duration::from_secs(60));
        let took = start.elapsed();
        assert!(got.is_some(), "no reload event after edit {i}");
        took
    };
    let times: Vec<Duration> = (0..edits)
        .map(|i| edit(i, format!("An added sentence for the bench, number {i}.")))
        .collect();
    let entity_times: Vec<Duration> = (0..edits)
        .map(|i| {
            let (person, place) = NEW_NAMES[i % NEW_NAMES.len()];
            let sentence =
                format!("\"We are ready,\" said {person}, the harbour master in {place}.");
            edit(i, sentence)
        })
        .collect();
    std::fs::write(&edited, &original).unwrap();
    let log = serve.log.lock().map(|l| l.clone()).unwrap_or_default();
    Latency {
        first_build,
        edits: times,
        entity_edits: entity_times,
        log: log
            .lines()
            .filter(|l| l.starts_with("rebuilt"))
            .map(str::to_string)
            .collect(),
    }
}
