//! Watching: notify with a debouncer on `gloss.toml` and the `seeds/`, `content/`, `templates/`
//! and `static/` folders (only those: a site root may hold big folders such as `target/`). A
//! burst of events (an editor's save, a `git checkout`) becomes one [`Changes`]. Editors that
//! replace a file (write a temp file, rename it over) are seen, since folders are watched, not
//! files; their scratch files are ignored.

use super::incremental::Changes;
use crate::error::{Error, Result};
use notify::{RecursiveMode, Watcher as _};
use notify_debouncer_full::{new_debouncer, DebounceEventResult, Debouncer, FileIdMap};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::time::Duration;

/// The folders watched recursively, when they exist.
pub const SOURCE_DIRS: [&str; 4] = ["seeds", "content", "templates", "static"];

/// How long a file must be quiet before its events are delivered.
const DEBOUNCE: Duration = Duration::from_millis(40);
/// After a batch, how long to wait for more before rebuilding.
const QUIET: Duration = Duration::from_millis(30);

/// A running watch on a site root.
pub struct Watcher {
    debouncer: Debouncer<notify::RecommendedWatcher, FileIdMap>,
    rx: Receiver<DebounceEventResult>,
    root: PathBuf,
    watched: Vec<PathBuf>,
}

impl Watcher {
    /// Starts watching `root` (absolute).
    pub fn new(root: &Path) -> Result<Watcher> {
        let (tx, rx) = std::sync::mpsc::channel();
        let debouncer = new_debouncer(DEBOUNCE, Some(Duration::from_millis(10)), tx)
            .map_err(|e| Error::file(root, format!("cannot watch for changes: {e}")))?;
        let mut w = Watcher {
            debouncer,
            rx,
            root: root.to_path_buf(),
            watched: Vec::new(),
        };
        w.watch(root, RecursiveMode::NonRecursive)?;
        w.ensure_watches();
        Ok(w)
    }

    fn watch(&mut self, path: &Path, mode: RecursiveMode) -> Result<()> {
        self.debouncer
            .watcher()
            .watch(path, mode)
            .map_err(|e| Error::file(path, format!("cannot watch for changes: {e}")))?;
        self.debouncer.cache().add_root(path, mode);
        self.watched.push(path.to_path_buf());
        Ok(())
    }

    /// Watches source folders created since the start.
    fn ensure_watches(&mut self) {
        for dir in SOURCE_DIRS {
            let path = self.root.join(dir);
            if path.is_dir() && !self.watched.contains(&path) {
                if let Err(e) = self.watch(&path, RecursiveMode::Recursive) {
                    eprintln!("warning: {e}");
                }
            }
        }
        let root = self.root.clone();
        self.watched.retain(|p| *p == root || p.is_dir());
    }

    fn collect(&mut self, batch: DebounceEventResult, changes: &mut Changes) {
        match batch {
            Ok(events) => {
                for event in events {
                    if matches!(
                        event.kind,
                        notify::EventKind::Access(notify::event::AccessKind::Open(_))
                            | notify::EventKind::Access(notify::event::AccessKind::Read)
                    ) {
                        continue;
                    }
                    for path in &event.paths {
                        changes.add(&self.root, path);
                    }
                }
            }
            Err(errors) => {
                for e in errors {
                    eprintln!("warning: watching: {e}");
                }
            }
        }
    }

    /// Blocks until sources change; a burst of changes is returned as one. `None` when the
    /// watcher stopped.
    pub fn next(&mut self) -> Option<Changes> {
        loop {
            let first = self.rx.recv().ok()?;
            let mut changes = Changes::default();
            self.collect(first, &mut changes);
            loop {
                match self.rx.recv_timeout(QUIET) {
                    Ok(batch) => self.collect(batch, &mut changes),
                    Err(RecvTimeoutError::Timeout) => break,
                    Err(RecvTimeoutError::Disconnected) => return None,
                }
            }
            self.ensure_watches();
            if !changes.is_empty() {
                return Some(changes);
            }
        }
    }
}
