//! Incremental rebuilds: the site kept in memory between rebuilds. Every content file is parsed
//! and annotated once and kept with a hash of its bytes; a change re-reads only the files it
//! names (and rescans `content/` for added or removed files), re-annotates only those whose bytes
//! changed, then rebuilds the library and re-renders. A seed change re-ingests that seed (edited
//! content files are kept), a template change reloads the templates, a config change reloads
//! everything (unchanged files still keep their annotations: they do not depend on the config).

use crate::config::Config;
use crate::error::{Error, Result, Warnings};
use crate::ingest::{self, SyncOptions};
use crate::render::Templates;
use crate::site::library::{Contribution, Library};
use crate::site::memo::{hash_bytes, page_key};
use crate::site::{self, load, Annotated, BuildOptions, Output};
use axum::body::Bytes;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

pub use super::changes::{is_scratch_file, Changes};

/// Output files by path, in shared buffers.
pub type Pages = BTreeMap<String, Bytes>;

/// One content file as last read.
struct Loaded {
    /// Hash of its bytes: unchanged bytes are not parsed or annotated again.
    hash: u64,
    /// The briefing's path as shown (its briefing is in [`Site::list`]), or why it failed to
    /// load.
    result: Result<PathBuf>,
}

/// What one rebuild did.
#[derive(Debug, Clone, Default)]
pub struct Rebuilt {
    /// Content files parsed again (or dropped).
    pub reannotated: usize,
    /// Of those, the ones annotated (the others' annotations came from the build cache).
    pub annotated: usize,
    /// Briefing pages rendered (the others were reused).
    pub rendered: usize,
    /// Briefings in the site.
    pub briefings: usize,
    /// Whether pages were rendered at all (false: nothing that affects pages changed).
    pub rerendered: bool,
    /// Output paths added, removed or changed by this rebuild.
    pub changed: Vec<String>,
    pub elapsed: Duration,
    /// Time per step (`load`, `library`, `render`), for the terminal and benches.
    pub steps: Vec<(&'static str, Duration)>,
    pub warnings: Vec<String>,
}

impl Rebuilt {
    /// `load 3 ms, library 1 ms, render 40 ms`.
    pub fn steps_display(&self) -> String {
        self.steps
            .iter()
            .map(|(name, d)| format!("{name} {} ms", d.as_millis()))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// The site in memory.
pub struct Site {
    pub opts: BuildOptions,
    pub config: Config,
    templates: Templates,
    files: BTreeMap<PathBuf, Loaded>,
    /// The briefings of the site, newest first (drafts only with `opts.drafts`): kept sorted
    /// and updated in place, so a rebuild neither copies nor re-sorts them all.
    list: Vec<Annotated>,
    /// The last good render (generated files only; `static/` is separate), in shared buffers:
    /// a rebuild replaces only the files it rendered, and the server shares them.
    pub output: Pages,
    /// The paths in `output` of each briefing's files, by the page key they were rendered
    /// with (it keys the briefing's path too): a briefing whose key is here reuses its files.
    page_cache: rustc_hash::FxHashMap<u64, site::pages::BriefingPaths>,
    /// Bumped when templates are reloaded (part of every page key).
    templates_generation: u64,
    /// List, entity and other pages by what they were rendered from: only those whose
    /// variables changed are rendered again.
    render_memo: site::pages::RenderMemo,
    /// The last render failed: render again on the next change, whatever it is.
    failed: bool,
    /// The library of the last render, with what it was built from.
    library: Option<LibraryMemo>,
    /// The annotations `gloss build` (or an earlier server) kept, for the first load; given
    /// back with this server's once its first render succeeded.
    cache: Option<site::cache::BuildCache>,
}

/// A library with the keys it was built from, and the page keys of its briefings.
struct LibraryMemo {
    global: u64,
    sources: Vec<u64>,
    /// Per briefing, what the library read of it.
    contributions: Vec<Contribution>,
    library: Library,
    keys: Vec<u64>,
}

/// Past this many changed briefings, the library is built anew rather than updated.
const UPDATE_AT_MOST: usize = 64;

impl LibraryMemo {
    /// The library of `briefings`: `kept`, updated by the difference, when as many briefings
    /// as before changed in a few places (an edit, or a date change that moved a few), with
    /// new page keys for those only; else built anew.
    fn update(
        kept: Option<LibraryMemo>,
        briefings: &[Annotated],
        sources: &[u64],
        global: u64,
        config: &crate::config::Config,
    ) -> LibraryMemo {
        use rayon::prelude::*;
        if let Some(mut m) = kept.filter(|m| m.global == global && m.sources.len() == sources.len())
        {
            let changed: Vec<usize> = (0..sources.len())
                .filter(|&i| m.sources[i] != sources[i])
                .collect();
            if changed.len() <= UPDATE_AT_MOST {
                let mut updated = true;
                for &i in &changed {
                    let part = Contribution::of(&briefings[i], config);
                    updated = updated && m.library.replace(i, &m.contributions[i], &part);
                    m.contributions[i] = part;
                }
                // An update changes no entity's folder nor other briefings' tags: only the
                // changed briefings' page keys can differ.
                if updated {
                    for &i in &changed {
                        m.sources[i] = sources[i];
                        m.keys[i] = page_key(global, sources[i], i, &briefings[i], &m.library);
                    }
                    return m;
                }
            }
        }
        let library = Library::new(briefings, config);
        let contributions = briefings
            .par_iter()
            .map(|a| Contribution::of(a, config))
            .collect();
        let keys = briefings
            .par_iter()
            .enumerate()
            .map(|(i, a)| page_key(global, sources[i], i, a, &library))
            .collect();
        LibraryMemo {
            global,
            sources: sources.to_vec(),
            contributions,
            library,
            keys,
        }
    }
}

impl Site {
    /// Loads and renders the whole site. `opts.root` should be absolute (watch events are).
    pub fn new(opts: &BuildOptions) -> Result<(Site, Rebuilt)> {
        let started = Instant::now();
        let warnings = Warnings::default();
        let config = site::load_config(opts)?;
        if opts.ingest {
            ingest::sync(&opts.root, &config, &SyncOptions::default(), &warnings)?;
        }
        let templates = Templates::load(&opts.root)?;
        let mut site = Site {
            opts: opts.clone(),
            config,
            templates,
            files: BTreeMap::new(),
            list: Vec::new(),
            output: Pages::new(),
            page_cache: Default::default(),
            templates_generation: 0,
            render_memo: site::pages::RenderMemo::default(),
            failed: true,
            library: None,
            cache: Some(site::cache::BuildCache::open(&opts.root, None)),
        };
        let t = Instant::now();
        let (reannotated, annotated) = site.reload_content(&BTreeSet::new(), true, &warnings);
        let load_time = t.elapsed();
        let mut report = site.render(&warnings)?;
        report.steps.insert(0, ("load", load_time));
        report.reannotated = reannotated;
        report.annotated = annotated;
        report.elapsed = started.elapsed();
        Ok((site, report))
    }

    /// Applies `changes`. On error the last good output is kept (and the error returned); the
    /// next call renders again.
    pub fn apply(&mut self, changes: &Changes) -> Result<Rebuilt> {
        let started = Instant::now();
        let warnings = Warnings::default();
        let result = self.apply_inner(changes, &warnings);
        if result.is_err() {
            self.failed = true;
        }
        let mut report = result?;
        report.elapsed = started.elapsed();
        report.warnings.extend(warnings.take());
        Ok(report)
    }

    fn apply_inner(&mut self, changes: &Changes, warnings: &Warnings) -> Result<Rebuilt> {
        let mut content = changes.content.clone();
        let mut render = self.failed || changes.templates || changes.config;
        if changes.config {
            self.config = site::load_config(&self.opts)?;
        }
        if self.opts.ingest && (changes.config || !changes.seeds.is_empty()) {
            let only = if changes.config {
                Vec::new()
            } else {
                changes.seeds.iter().cloned().collect()
            };
            let report = ingest::sync(
                &self.opts.root,
                &self.config,
                &SyncOptions { force: false, only },
                warnings,
            )?;
            content.extend(report.written.iter().map(|p| self.absolute(p)));
        }
        if changes.templates || changes.config {
            self.templates = Templates::load(&self.opts.root)?;
            self.templates_generation += 1;
        }
        let rescan = changes.config || !content.is_empty();
        let t = Instant::now();
        let (reannotated, annotated) = if rescan {
            self.reload_content(&content, changes.config, warnings)
        } else {
            (0, 0)
        };
        let load_time = t.elapsed();
        render |= reannotated > 0;
        if !render {
            return Ok(Rebuilt {
                briefings: self.files.len(),
                ..Rebuilt::default()
            });
        }
        let mut report = self.render(warnings)?;
        report.steps.insert(0, ("load", load_time));
        report.reannotated = reannotated;
        report.annotated = annotated;
        Ok(report)
    }

    fn absolute(&self, p: &Path) -> PathBuf {
        if p.is_absolute() {
            p.to_path_buf()
        } else {
            self.opts.root.join(p)
        }
    }

    /// Rescans `content/`: drops removed files, loads new ones, and reloads `changed` ones (all
    /// with `all`) whose bytes differ; keeps [`Site::list`] in step. Returns how many files were
    /// (re)loaded or dropped, and how many of them were annotated. Edits of known files that are
    /// still there need no rescan.
    fn reload_content(
        &mut self,
        changed: &BTreeSet<PathBuf>,
        all: bool,
        warnings: &Warnings,
    ) -> (usize, usize) {
        let edits_only = !all
            && !self.files.is_empty()
            && changed
                .iter()
                .all(|p| self.files.contains_key(p) && p.is_file());
        // Editor scratch files are skipped even when they end in `.md` (`.#story.md`).
        let on_disk: BTreeSet<PathBuf> = if edits_only {
            changed.clone()
        } else {
            load::content_files(&self.opts.root)
                .into_iter()
                .filter(|p| !is_scratch_file(p))
                .collect()
        };
        let mut gone: HashSet<PathBuf> = HashSet::new();
        let before = self.files.len();
        if !edits_only {
            self.files.retain(|p, l| {
                let keep = on_disk.contains(p);
                if let (false, Ok(shown)) = (keep, &l.result) {
                    gone.insert(shown.clone());
                }
                keep
            });
        }
        let mut touched = before - self.files.len();
        let candidates: Vec<&PathBuf> = on_disk
            .iter()
            .filter(|p| all || changed.contains(*p) || !self.files.contains_key(*p))
            .collect();
        use rayon::prelude::*;
        let root = &self.opts.root;
        let annotated = std::sync::atomic::AtomicUsize::new(0);
        let read: Vec<(PathBuf, u64, Result<Annotated>)> = candidates
            .par_iter()
            .filter_map(|p| {
                let hash = std::fs::read(p).map(|b| hash_bytes(&b)).unwrap_or(0);
                if self
                    .files
                    .get(*p)
                    .is_some_and(|l| l.hash == hash && hash != 0)
                {
                    return None;
                }
                let known = |p: &Path, h: u64| self.cache.as_ref().and_then(|c| c.take(p, h));
                let loaded = load::load_file_reusing(root, p, warnings, &known);
                if loaded.as_ref().is_ok_and(|l| l.2) {
                    annotated.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                }
                Some(((*p).clone(), hash, loaded.map(|l| l.0)))
            })
            .collect();
        let mut added = Vec::new();
        for (path, hash, result) in read {
            let shown = result.as_ref().map(|a| a.briefing.path.clone());
            if let Some(Ok(old)) = self
                .files
                .insert(
                    path,
                    Loaded {
                        hash,
                        result: shown.map_err(Clone::clone),
                    },
                )
                .map(|l| l.result)
            {
                gone.insert(old);
            }
            if let Ok(a) = result {
                if !a.briefing.front.draft || self.opts.drafts {
                    added.push(a);
                }
            }
            touched += 1;
        }
        if !gone.is_empty() || !added.is_empty() {
            self.list.retain(|a| !gone.contains(&a.briefing.path));
            self.list.extend(added);
            load::sort_newest_first(&mut self.list);
        }
        (touched, annotated.into_inner())
    }

    /// Checks the briefings of the site (in [`Site::list`]): the first load error in path
    /// order fails, as do duplicate slugs.
    fn check_briefings(&self) -> Result<()> {
        for loaded in self.files.values() {
            loaded.result.as_ref().map_err(Clone::clone)?;
        }
        if let Err(e) = load::check_unique_slugs(&self.list) {
            // Named as a full build names it: in path order.
            let mut by_path = self.list.clone();
            by_path.sort_by(|a, b| a.briefing.path.cmp(&b.briefing.path));
            load::check_unique_slugs(&by_path)?;
            return Err(e);
        }
        Ok(())
    }

    /// What every page depends on besides its own sources: config, templates, build flags.
    fn global_key(&self) -> u64 {
        let config = serde_json::to_string(&self.config).unwrap_or_default();
        let flags = (self.opts.preview, self.opts.drafts);
        site::memo::hash_of((config, self.templates_generation, flags))
    }

    fn render(&mut self, warnings: &Warnings) -> Result<Rebuilt> {
        let list = std::mem::take(&mut self.list);
        let result = self.render_list(&list, warnings);
        self.list = list;
        result
    }

    fn render_list(&mut self, briefings: &[Annotated], warnings: &Warnings) -> Result<Rebuilt> {
        let t = Instant::now();
        let mut timer = site::PhaseTimer::from_env();
        self.check_briefings()?;
        timer.lap("  check");
        let global = self.global_key();
        let sources: Vec<u64> = briefings.iter().map(|a| a.source).collect();
        let kept = self.library.take();
        let lib = LibraryMemo::update(kept, briefings, &sources, global, &self.config);
        timer.lap("  library");
        let (library, keys) = (&lib.library, &lib.keys);
        let library_time = t.elapsed();
        let t = Instant::now();
        let rendered = std::sync::atomic::AtomicUsize::new(0);
        let cache = &self.page_cache;
        // A briefing whose key is unchanged keeps its files from the last render.
        let reuse = |i: usize, _: &Annotated| -> Option<site::pages::BriefingPaths> {
            let found = keys.get(i).and_then(|key| cache.get(key)).cloned();
            if found.is_none() {
                rendered.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            }
            found
        };
        let sink = std::sync::Mutex::new(Output::new());
        let memo = site::memo::Memo {
            memo: &self.render_memo,
            salt: global,
            sources: &sources,
        };
        let result = site::pages::render_all_reusing(
            briefings,
            library,
            &self.templates,
            &self.config,
            self.opts.preview,
            &sink,
            &reuse,
            Some(memo),
        );
        let done = match result {
            Ok(done) => done,
            Err(e) => {
                self.render_memo.abandon();
                return Err(e);
            }
        };
        let fresh = sink
            .into_inner()
            .map_err(|_| Error::msg("output lock poisoned"))?;
        let rendered = rendered.into_inner();
        // Only files that went to the sink can differ; the others were kept as they were.
        let mut changed = Vec::new();
        for (path, bytes) in fresh {
            if self.output.get(&path).map(|b| b.as_ref()) != Some(bytes.as_slice()) {
                changed.push(path.clone());
                self.output.insert(path, Bytes::from(bytes));
            }
        }
        // Every path of this render (they are distinct) is now in the output: when there are
        // as many as files, no file is gone, and the output need not be searched for one.
        if done.paths.len() != self.output.len() {
            let all: HashSet<&str> = done.paths.iter().map(String::as_str).collect();
            self.output.retain(|path, _| {
                let keep = all.contains(path.as_str());
                if !keep {
                    changed.push(path.clone());
                }
                keep
            });
        }
        debug_assert!(
            done.paths.iter().all(|p| self.output.contains_key(p)),
            "a kept page is missing from the last render"
        );
        timer.lap("  assemble");
        self.render_memo.commit();
        self.page_cache = keys.iter().copied().zip(done.briefings).collect();
        self.library = Some(lib);
        self.failed = false;
        if let Some(cache) = self.cache.take() {
            let by_path: HashMap<&PathBuf, u64> = self
                .files
                .values()
                .filter_map(|l| Some((l.result.as_ref().ok()?, l.hash)))
                .collect();
            let hashes: Vec<u64> = briefings
                .iter()
                .map(|a| by_path.get(&a.briefing.path).copied().unwrap_or(0))
                .collect();
            cache.save_annotations(briefings, &hashes);
        }
        Ok(Rebuilt {
            briefings: briefings.len(),
            rendered,
            changed,
            rerendered: true,
            steps: vec![("library", library_time), ("render", t.elapsed())],
            warnings: warnings.take(),
            ..Rebuilt::default()
        })
    }
}

/// Output paths whose bytes differ between two renders (added, removed or changed).
pub fn changed_paths<A: AsRef<[u8]>, B: AsRef<[u8]>>(
    old: &BTreeMap<String, A>,
    new: &BTreeMap<String, B>,
) -> Vec<String> {
    let mut changed: Vec<String> = new
        .iter()
        .filter(|(k, v)| old.get(*k).is_none_or(|o| o.as_ref() != v.as_ref()))
        .map(|(k, _)| k.clone())
        .collect();
    changed.extend(old.keys().filter(|k| !new.contains_key(*k)).cloned());
    changed
}

/// Reads `static/` (regular files only: symlinks are not followed, as in `gloss build`).
pub fn read_static(root: &Path) -> BTreeMap<String, Vec<u8>> {
    let dir = root.join("static");
    let mut files = BTreeMap::new();
    for entry in walkdir::WalkDir::new(&dir)
        .follow_links(false)
        .into_iter()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_type().is_file())
    {
        if is_scratch_file(entry.path()) {
            continue;
        }
        let Ok(rel) = entry.path().strip_prefix(&dir) else {
            continue;
        };
        let key = crate::util::slash_path(rel);
        if let Ok(bytes) = std::fs::read(entry.path()) {
            files.insert(key, bytes);
        }
    }
    files
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn changed_paths_lists_added_removed_and_modified() {
        let old: BTreeMap<String, Vec<u8>> =
            [("a".into(), b"1".to_vec()), ("b".into(), b"2".to_vec())].into();
        let new: BTreeMap<String, Vec<u8>> =
            [("a".into(), b"1".to_vec()), ("c".into(), b"3".to_vec())].into();
        let mut c = changed_paths(&old, &new);
        c.sort();
        assert_eq!(c, ["b", "c"]);
    }
}

#[cfg(test)]
#[path = "incremental_tests.rs"]
mod equivalence;
