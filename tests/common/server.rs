//! A temporary site and a running `gloss serve` on it (the built binary), killed on drop.

use std::io::{BufRead, BufReader};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// The gloss binary under test.
pub fn gloss() -> &'static str {
    env!("CARGO_BIN_EXE_gloss")
}

/// A port nobody listens on right now.
pub fn free_port() -> u16 {
    let l = std::net::TcpListener::bind("127.0.0.1:0").expect("bind a free port");
    l.local_addr().expect("local addr").port()
}

/// A site in a temporary folder.
pub struct TempSite {
    pub dir: tempfile::TempDir,
}

impl TempSite {
    /// An empty site (no config file: defaults).
    pub fn new() -> TempSite {
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::create_dir_all(dir.path().join("site/content")).expect("content dir");
        TempSite { dir }
    }

    /// The site root (a folder inside the temp dir, so files beside it are "outside").
    pub fn root(&self) -> PathBuf {
        self.dir.path().join("site")
    }

    /// Writes `rel` under the root (folders created) atomically, as most editors save: a
    /// scratch file renamed over the target, so a watcher never sees half a file.
    pub fn write(&self, rel: &str, text: impl AsRef<[u8]>) -> PathBuf {
        let path = self.root().join(rel);
        let parent = path.parent().expect("parent dir");
        std::fs::create_dir_all(parent).expect("parent dir");
        let name = path.file_name().expect("file name").to_string_lossy();
        let scratch = parent.join(format!(".{name}.tmp"));
        std::fs::write(&scratch, text).expect("write site file");
        std::fs::rename(&scratch, &path).expect("rename site file");
        path
    }

    /// Writes a briefing `content/<slug>.md` with this title and body.
    pub fn briefing(&self, slug: &str, title: &str, body: &str) -> PathBuf {
        self.write(
            &format!("content/{slug}.md"),
            briefing_text(title, "2024-03-05", body),
        )
    }
}

/// The text of a content file.
pub fn briefing_text(title: &str, date: &str, body: &str) -> String {
    format!("+++\ntitle = \"{title}\"\ndate = {date}\n+++\n\n{body}\n")
}

/// A running `gloss serve`.
pub struct Server {
    child: Child,
    pub port: u16,
    log: Arc<Mutex<String>>,
}

impl Server {
    /// Starts `gloss serve --root ROOT --port P` with `extra` arguments and waits until it
    /// answers (at most 15 s).
    pub fn start(root: &Path, extra: &[&str]) -> Server {
        let port = free_port();
        let mut child = Command::new(gloss())
            .arg("serve")
            .arg("--root")
            .arg(root)
            .arg("--port")
            .arg(port.to_string())
            .args(extra)
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
                    eprintln!("[gloss serve] {line}");
                    if let Ok(mut l) = log.lock() {
                        l.push_str(&line);
                        l.push('\n');
                    }
                }
            });
        }
        let mut server = Server { child, port, log };
        let deadline = Instant::now() + Duration::from_secs(15);
        loop {
            if TcpStream::connect(("127.0.0.1", port)).is_ok() && server.log().contains("serving ")
            {
                return server;
            }
            if let Ok(Some(status)) = server.child.try_wait() {
                panic!("gloss serve exited early ({status}):\n{}", server.log());
            }
            assert!(
                Instant::now() < deadline,
                "gloss serve did not start in 15 s:\n{}",
                server.log()
            );
            std::thread::sleep(Duration::from_millis(25));
        }
    }

    /// What the server printed so far.
    pub fn log(&self) -> String {
        self.log.lock().map(|l| l.clone()).unwrap_or_default()
    }

    /// The URL of `path` (which starts with `/`).
    pub fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }

    /// Polls `GET path` until `ok` holds for the body (at most `timeout`); returns the last body.
    pub fn wait_body(&self, path: &str, timeout: Duration, ok: impl Fn(&str) -> bool) -> String {
        let deadline = Instant::now() + timeout;
        loop {
            let body = super::http::get(self.port, path).text();
            if ok(&body) || Instant::now() > deadline {
                return body;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The content files of a site, sorted.
pub fn content_files(root: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = walkdir::WalkDir::new(root.join("content"))
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file() && e.path().extension().is_some_and(|x| x == "md"))
        .map(|e| e.into_path())
        .collect();
    files.sort();
    files
}

/// Any gloss process whose stderr is collected; killed on drop.
pub struct Running {
    child: Child,
    log: Arc<Mutex<String>>,
}

impl Running {
    /// Spawns `gloss ARGS`.
    pub fn spawn(args: &[&std::ffi::OsStr]) -> Running {
        let mut child = Command::new(gloss())
            .args(args)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn gloss");
        let log = Arc::new(Mutex::new(String::new()));
        if let Some(stderr) = child.stderr.take() {
            let log = log.clone();
            std::thread::spawn(move || {
                for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                    eprintln!("[gloss] {line}");
                    if let Ok(mut l) = log.lock() {
                        l.push_str(&line);
                        l.push('\n');
                    }
                }
            });
        }
        Running { child, log }
    }

    pub fn log(&self) -> String {
        self.log.lock().map(|l| l.clone()).unwrap_or_default()
    }

    /// Waits until `ok` holds (at most `timeout`); returns whether it did.
    pub fn wait_until(&self, timeout: Duration, ok: impl Fn(&Running) -> bool) -> bool {
        let deadline = Instant::now() + timeout;
        while Instant::now() < deadline {
            if ok(self) {
                return true;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        ok(self)
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
