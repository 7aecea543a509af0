//! The build cache: what one `gloss build` keeps under `.gloss-cache/` for the next, so that a
//! build after an edit annotates and renders only what the edit touched, as `gloss serve` does
//! in memory. It takes the site root and output folder and returns, per content file, the
//! annotations of the bytes it last saw; for the output folder, the keys of the pages it holds
//! and the search index behind them.
//!
//! * `annotations/NN.msgpack`: content file → (hash of its bytes, annotations, orphaned
//!   notes), in 64 shards by path so an edit rewrites one small shard (see [`rows`]).
//! * `pages-<output hash>.msgpack`: the page keys of the last good build into that folder.
//!
//! Everything is stamped with the gloss binary (a new engine annotates again) and is only a
//! hint: a missing, stale or unreadable cache means work is done again, never a failed build.
//! Page keys are trusted only for files still in the output as the last build wrote them.

mod rows;

use super::load::Annotated;
use super::memo::{hash_of, RenderMemo};
use super::pages::BriefingPaths;
use super::search::{SavedSearch, SearchMemo};
use crate::annotate::Annotations;
use crate::util::write_cache_file;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// Shards of the annotation cache.
const SHARDS: u64 = 64;

#[derive(Serialize, Deserialize)]
struct Shard<E> {
    stamp: String,
    entries: Vec<E>,
}

/// One briefing's pages as cached: (its path, page key, output paths, has code, redirects).
type PageEntry = (PathBuf, u64, Vec<String>, bool, Vec<String>);

#[derive(Serialize, Deserialize, Default)]
struct PageState {
    stamp: String,
    salt: u64,
    briefings: Vec<PageEntry>,
    memo: Vec<(String, u64)>,
    search: SavedSearch,
}

/// The pages of the last good build into an output folder.
#[derive(Default)]
pub struct Pages {
    /// What every page depends on besides its sources (config, templates, flags, binary).
    pub salt: u64,
    /// Per briefing (by its path as shown): its page key and output paths.
    pub briefings: HashMap<PathBuf, (u64, BriefingPaths)>,
    pub memo: RenderMemo,
}

/// The build cache of one site and output folder.
pub struct BuildCache {
    dir: PathBuf,
    /// Where the page keys of builds into the output folder are kept.
    pages_file: Option<PathBuf>,
    stamp: String,
    /// Cached entries by content file; taken (moved out) as the build uses them.
    annotations: HashMap<PathBuf, Mutex<Option<rows::Entry>>>,
    /// (path, hash) of every cached entry as read, to find the shards a build changed.
    read: HashMap<PathBuf, u64>,
    pub pages: Pages,
}

fn shard_of(path: &Path) -> u64 {
    hash_of(path) % SHARDS
}

/// The stamp of this gloss binary: its version, size and modification time.
pub(super) fn binary_stamp() -> String {
    let exe = std::env::current_exe()
        .ok()
        .and_then(|p| crate::ingest::sync::stamp(&p));
    format!("{} {exe:?}", crate::VERSION)
}

impl BuildCache {
    /// Opens the cache of the site at `root` for builds into `out` (`None`: annotations only,
    /// as the dev server uses it): reads what the last build kept (nothing, when it was kept by
    /// another binary or cannot be read).
    pub fn open(root: &Path, out: Option<&Path>) -> BuildCache {
        let dir = root.join(".gloss-cache");
        let pages_file = out.map(|out| {
            dir.join(format!(
                "pages-{:016x}.msgpack",
                hash_of(out.to_string_lossy())
            ))
        });
        let stamp = binary_stamp();
        let shards: Vec<Vec<rows::Entry>> = {
            use rayon::prelude::*;
            (0..SHARDS)
                .into_par_iter()
                .map(|n| {
                    std::fs::read(dir.join(format!("annotations/{n:02}.msgpack")))
                        .ok()
                        .and_then(|bytes| rmp_serde::from_slice::<Shard<rows::Entry>>(&bytes).ok())
                        .filter(|s| s.stamp == stamp)
                        .map(|s| s.entries)
                        .unwrap_or_default()
                })
                .collect()
        };
        let mut annotations = HashMap::new();
        let mut read = HashMap::new();
        for e in shards.into_iter().flatten() {
            read.insert(e.0.clone(), e.1);
            annotations.insert(e.0.clone(), Mutex::new(Some(e)));
        }
        let state = pages_file
            .as_ref()
            .and_then(|file| std::fs::read(file).ok())
            .and_then(|bytes| rmp_serde::from_slice::<PageState>(&bytes).ok())
            .filter(|s| s.stamp == stamp)
            .unwrap_or_default();
        let pages = Pages {
            salt: state.salt,
            briefings: state
                .briefings
                .into_iter()
                .map(|(path, key, paths, code, redirects)| {
                    (path, (key, std::sync::Arc::new((paths, code, redirects))))
                })
                .collect(),
            memo: RenderMemo::with_done(
                state.memo.into_iter().collect(),
                SearchMemo::restore(state.search),
            ),
        };
        BuildCache {
            dir,
            pages_file,
            stamp,
            annotations,
            read,
            pages,
        }
    }

    /// The cached annotations and orphaned notes of the content file `path` (as shown) when
    /// its bytes still hash to `hash`. Each is given out once.
    pub fn take(&self, path: &Path, hash: u64) -> Option<(Annotations, Vec<String>)> {
        let slot = self.annotations.get(path)?;
        let mut slot = slot.lock().ok()?;
        if slot.as_ref()?.1 != hash {
            return None;
        }
        let (_, _, quotes, facts, entities, orphans) = slot.take()?;
        Some((rows::annotations(quotes, facts, entities), orphans))
    }

    /// Keeps the annotations of `briefings` (`hashes`: each one's file hash, in step), writing
    /// only the shards that changed. Errors are ignored here and in [`save_pages`]: the cache
    /// is a hint, and a missing one only costs time.
    ///
    /// [`save_pages`]: Self::save_pages
    pub fn save_annotations(&self, briefings: &[Annotated], hashes: &[u64]) {
        use rayon::prelude::*;
        let mut by_shard: Vec<Vec<_>> = (0..SHARDS).map(|_| Vec::new()).collect();
        let mut dirty = vec![false; SHARDS as usize];
        for (a, &hash) in briefings.iter().zip(hashes) {
            let path = a.briefing.path.as_path();
            let n = shard_of(path) as usize;
            dirty[n] |= self.read.get(path) != Some(&hash);
            by_shard[n].push(rows::entry(path, hash, &a.annotations, &a.orphans));
        }
        let kept: std::collections::HashSet<&Path> = briefings
            .iter()
            .map(|a| a.briefing.path.as_path())
            .collect();
        for gone in self.read.keys().filter(|p| !kept.contains(p.as_path())) {
            dirty[shard_of(gone) as usize] = true;
        }
        let shard_dir = self.dir.join("annotations");
        if std::fs::create_dir_all(&shard_dir).is_err() {
            return;
        }
        by_shard
            .into_par_iter()
            .enumerate()
            .filter(|(n, _)| dirty[*n])
            .for_each(|(n, entries)| {
                let shard = Shard {
                    stamp: self.stamp.clone(),
                    entries,
                };
                if let Ok(bytes) = rmp_serde::to_vec(&shard) {
                    let _ = write_cache_file(&shard_dir.join(format!("{n:02}.msgpack")), &bytes);
                }
            });
    }

    /// Keeps the page keys of a build into the output folder.
    pub fn save_pages(&self, pages: &Pages) {
        let Some(pages_file) = &self.pages_file else {
            return;
        };
        let search = pages
            .memo
            .search
            .lock()
            .map(|s| s.save())
            .unwrap_or_default();
        let state = PageState {
            stamp: self.stamp.clone(),
            salt: pages.salt,
            briefings: pages
                .briefings
                .iter()
                .map(|(path, (key, p))| (path.clone(), *key, p.0.clone(), p.1, p.2.clone()))
                .collect(),
            memo: pages.memo.done().map(|(k, v)| (k.clone(), v)).collect(),
            search,
        };
        if let Ok(bytes) = rmp_serde::to_vec(&state) {
            let _ = write_cache_file(pages_file, &bytes);
        }
    }

    /// Removes the page keys (after a build that may have left the output half-updated).
    pub fn discard_pages(&self) {
        if let Some(file) = &self.pages_file {
            let _ = std::fs::remove_file(file);
        }
    }
}

/// What every page of a build depends on besides its briefings: the config, the templates'
/// files, the build flags and the binary.
pub fn salt(root: &Path, config: &crate::config::Config, drafts: bool, preview: bool) -> u64 {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    serde_json::to_string(config)
        .unwrap_or_default()
        .hash(&mut h);
    (drafts, preview, binary_stamp()).hash(&mut h);
    let templates = root.join("templates");
    let mut files: Vec<PathBuf> = walkdir::WalkDir::new(&templates)
        .into_iter()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_type().is_file())
        .map(|e| e.into_path())
        .collect();
    files.sort();
    for f in files {
        (&f, std::fs::read(&f).unwrap_or_default()).hash(&mut h);
    }
    h.finish()
}
