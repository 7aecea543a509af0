//! Watching: notify on `gloss.toml` and the `seeds/`, `content/`, `templates/` and `static/`
//! folders (only those: a site root may hold big folders such as `target/`), debounced here: a
//! burst of events (an editor's save, a `git checkout`) becomes one [`Changes`] once the
//! sources have been quiet for a moment. Editors that replace a file (write a temp file, rename
//! it over) are seen, since folders are watched, not files; their scratch files are ignored.
//!
//! (The debouncing is ours rather than notify-debouncer-full's: only the changed paths matter
//! here, not rename pairing, and its rename bookkeeping could hold back an event.)
//!
//! `GLOSS_DEBUG_WATCH=1` prints every raw event.

use super::incremental::Changes;
use crate::error::{Error, Result};
use notify::{RecommendedWatcher, RecursiveMode, Watcher as _};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

/// The folders watched recursively, when they exist.
pub const SOURCE_DIRS: [&str; 4] = ["seeds", "content", "templates", "static"];

/// How long the sources must be quiet after a change before rebuilding: long enough for an
/// editor's save (write, rename, chmod) to arrive as one burst, short enough not to be felt.
const QUIET: Duration = Duration::from_millis(20);
/// Rebuild anyway after this long, even if changes keep coming.
const MAX_WAIT: Duration = Duration::from_millis(1000);

/// A running watch on a site root.
pub struct Watcher {
    watcher: RecommendedWatcher,
    rx: Receiver<notify::Result<notify::Event>>,
    root: PathBuf,
    watched: Vec<PathBuf>,
}

impl Watcher {
    /// Starts watching `root` (absolute).
    pub fn new(root: &Path) -> Result<Watcher> {
        let (tx, rx) = std::sync::mpsc::channel();
        let watcher = notify::recommended_watcher(tx)
            .map_err(|e| Error::file(root, format!("cannot watch for changes: {e}")))?;
        let mut w = Watcher {
            watcher,
            rx,
            root: root.to_path_buf(),
            watched: Vec::new(),
        };
        w.watch(root, RecursiveMode::NonRecursive)?;
        w.ensure_watches();
        Ok(w)
    }

    fn watch(&mut self, path: &Path, mode: RecursiveMode) -> Result<()> {
        self.watcher
            .watch(path, mode)
            .map_err(|e| Error::file(path, format!("cannot watch for changes: {e}")))?;
        self.watched.push(path.to_path_buf());
        Ok(())
    }

    /// Watches source folders created since the start.
    fn ensure_watches(&mut self) {
        for dir in SOURCE_DIRS {
            let path = self.root.join(dir);
            if path.is_dir() && !self.watched.contains(&path) {
                let _ = self.watcher.unwatch(&path);
                if let Err(e) = self.watch(&path, RecursiveMode::Recursive) {
                    eprintln!("warning: {e}");
                }
            }
        }
        let root = self.root.clone();
        self.watched.retain(|p| *p == root || p.is_dir());
    }

    fn collect(&mut self, event: notify::Result<notify::Event>, changes: &mut Changes) {
        match event {
            Ok(event) => {
                if std::env::var_os("GLOSS_DEBUG_WATCH").is_some() {
                    eprintln!("watch: {:?} {:?}", event.kind, event.paths);
                }
                if matches!(
                    event.kind,
                    notify::EventKind::Access(notify::event::AccessKind::Open(_))
                        | notify::EventKind::Access(notify::event::AccessKind::Read)
                ) {
                    return;
                }
                if event.need_rescan() {
                    // Events were lost: look at everything again.
                    changes.config = true;
                }
                for path in &event.paths {
                    changes.add(&self.root, path);
                    // A source folder itself created, removed or renamed: watch it anew.
                    if path.parent() == Some(self.root.as_path())
                        && SOURCE_DIRS.iter().any(|d| path.ends_with(d))
                    {
                        self.watched.retain(|w| w != path);
                    }
                }
            }
            Err(e) => eprintln!("warning: watching: {e}"),
        }
    }

    /// Blocks until sources change; a burst of changes is returned as one, once the sources
    /// have been quiet for a moment. `None` when the watcher stopped.
    pub fn next_changes(&mut self) -> Option<Changes> {
        loop {
            let first = self.rx.recv().ok()?;
            let started = Instant::now();
            let mut changes = Changes::default();
            self.collect(first, &mut changes);
            if changes.is_empty() {
                continue;
            }
            while started.elapsed() < MAX_WAIT {
                match self.rx.recv_timeout(QUIET) {
                    Ok(event) => self.collect(event, &mut changes),
                    Err(RecvTimeoutError::Timeout) => break,
                    Err(RecvTimeoutError::Disconnected) => return None,
                }
            }
            self.ensure_watches();
            return Some(changes);
        }
    }
}
