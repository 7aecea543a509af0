//! Ingest's file side: `seeds/**/*.txt` → `content/<slug>.md`. Slugs are stable (an existing
//! content file keeps its slug and date) and unique (collisions get `-2`, `-3`… in seed order).
//! A content file that differs from what ingest wrote was edited by a person and is never
//! overwritten without `force`. Writes are atomic.

use super::{clean, decode, markdown_body, with_front_matter, Ingested, Rules, SeedMeta};
use crate::briefing::{split_front_matter, FrontMatter};
use crate::config::Config;
use crate::error::{Result, Warnings};
use crate::util::{sha256_hex, slugify, write_cache_file, AtomicBatch};
use chrono::NaiveDate;
use rayon::prelude::*;
use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};

/// What to ingest.
#[derive(Debug, Clone, Default)]
pub struct SyncOptions {
    /// Overwrite content files even when a person edited them.
    pub force: bool,
    /// Only these seeds (paths relative to the root or absolute); empty: every seed.
    pub only: Vec<PathBuf>,
}

/// What ingest did.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SyncReport {
    /// Content files written (new or regenerated).
    pub written: Vec<PathBuf>,
    /// Seeds whose content file was already up to date.
    pub unchanged: usize,
    /// Content files kept because a person edited them.
    pub kept_edited: Vec<PathBuf>,
    /// Seeds skipped, with the reason.
    pub skipped: Vec<(PathBuf, String)>,
}

/// The hash ingest records: of the front matter (without the hash line) and the body.
pub fn content_hash(front_without_hash: &str, body: &str) -> String {
    let mut bytes = Vec::with_capacity(front_without_hash.len() + body.len() + 1);
    bytes.extend_from_slice(front_without_hash.as_bytes());
    bytes.push(0);
    bytes.extend_from_slice(body.as_bytes());
    sha256_hex(&bytes)[..16].to_string()
}

/// True when a content file is exactly as ingest wrote it (its recorded hash still matches).
pub fn is_pristine(path: &Path, text: &str) -> bool {
    let Ok((front, _, body, _)) = split_front_matter(path, text) else {
        return false;
    };
    let mut recorded = None;
    let mut rest = String::with_capacity(front.len());
    for line in front.split_inclusive('\n') {
        match line
            .trim()
            .strip_prefix("ingest_hash = \"")
            .and_then(|l| l.strip_suffix('"'))
        {
            Some(hash) if recorded.is_none() => recorded = Some(hash.to_string()),
            _ => rest.push_str(line),
        }
    }
    recorded.is_some_and(|h| h == content_hash(&rest, body))
}

/// An existing content file that came from a seed.
struct Existing {
    path: PathBuf,
    slug: String,
    date: Option<NaiveDate>,
    text: String,
}

/// Ingests seeds under `root` into `root/content`.
pub fn sync(
    root: &Path,
    config: &Config,
    opts: &SyncOptions,
    warnings: &Warnings,
) -> Result<SyncReport> {
    stage(root, config, opts, warnings)?.commit()
}

/// Ingest's work up to the disk flush: every content file to write is made and staged beside
/// its target (see [`Staged`]). Nothing under `content/` changes until [`Staged::commit`].
pub fn stage(
    root: &Path,
    config: &Config,
    opts: &SyncOptions,
    warnings: &Warnings,
) -> Result<Staged> {
    let seeds_dir = root.join("seeds");
    let content_dir = root.join("content");
    let mut report = SyncReport::default();
    if !seeds_dir.is_dir() {
        return Ok(Staged {
            report,
            ..Staged::default()
        });
    }
    let only: HashSet<PathBuf> = opts.only.iter().map(|p| relative_to(root, p)).collect();
    let rules = Rules {
        extra: config.ingest.boilerplate.clone(),
        no_defaults: config.ingest.no_default_boilerplate,
    };
    let cache_path = root.join(CACHE_FILE);
    let cache_key = format!(
        "{} {:?} {}",
        crate::VERSION,
        rules,
        config.default_date.as_deref().unwrap_or("")
    );
    let mut timer = crate::site::PhaseTimer::from_env();
    let mut cache = IngestCache::load(&cache_path, &cache_key);
    let mut batch = AtomicBatch::default();
    let mut staged: Vec<(String, PathBuf, PathBuf)> = Vec::new();
    let mut to_write: Vec<(PathBuf, Pending)> = Vec::new();
    let mut scanned: Option<(BTreeMap<String, Existing>, HashSet<String>)> = None;
    let default_date = config
        .default_date
        .as_deref()
        .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok());

    // The seeds to (re)ingest, in order.
    let mut todo: Vec<(PathBuf, PathBuf, String)> = Vec::new();
    // Two `stat`s a seed (it and its content file) for a site of thousands: in parallel.
    let listed: Vec<Option<(PathBuf, PathBuf, String, bool)>> = list_seeds(&seeds_dir)
        .into_par_iter()
        .map(|seed| {
            let rel = relative_to(root, &seed);
            if !only.is_empty() && !only.contains(&rel) {
                return None;
            }
            let source = crate::util::slash_path(&rel);
            let fresh = !opts.force && cache.is_fresh(root, &source, &seed);
            Some((seed, rel, source, fresh))
        })
        .collect();
    for (seed, rel, source, fresh) in listed.into_iter().flatten() {
        if fresh {
            report.unchanged += 1;
        } else {
            todo.push((seed, rel, source));
        }
    }
    timer.lap("  seeds listed");
    // Reading and cleaning each seed is independent of the others: in parallel. Slugs and
    // writes then follow seed order, so the result does not depend on the threads.
    type Read = (Ingested, String, Option<String>);
    let read: Vec<std::result::Result<Read, String>> = todo
        .par_iter()
        .map(|(seed, _, _)| {
            let bytes = std::fs::read(seed).map_err(|e| e.to_string())?;
            let decoded = decode(&bytes)?;
            clean(&decoded.text, &rules)
                .map(|ingested| {
                    let body = markdown_body(&ingested);
                    (ingested, body, decoded.warning.map(String::from))
                })
                .ok_or_else(|| "no article text left after removing boilerplate".to_string())
        })
        .collect();
    timer.lap("  seeds cleaned");
    for ((seed, rel, source), read) in todo.into_iter().zip(read) {
        let (ingested, body, warning) = match read {
            Ok(r) => r,
            Err(why) => {
                warnings.warn(format!("{}: skipped: {why}", rel.display()));
                report.skipped.push((rel, why));
                continue;
            }
        };
        if let Some(w) = warning {
            warnings.warn(format!("{}: {w}", rel.display()));
        }
        // The content file ingest made of this seed last time, read alone when it is still
        // there: scanning every content file is needed only for a seed new to the site.
        let recorded = cache
            .content_of(&source)
            .map(|rel| root.join(rel))
            .filter(|path| is_inside(path, &content_dir))
            .and_then(|path| read_existing(&path))
            .filter(|(from, _)| from.as_deref() == Some(source.as_str()))
            .map(|(_, e)| e);
        let (existing, mut taken) = match &recorded {
            Some(e) => (Some(e), None),
            None => {
                let (by_source, taken) = scanned.get_or_insert_with(|| scan_content(&content_dir));
                (by_source.get(&source), Some(taken))
            }
        };
        let slug = match (existing, taken.as_deref_mut()) {
            (Some(e), _) => e.slug.clone(),
            (None, Some(taken)) => unique_slug(&slugify(&ingested.title), &source, taken),
            (None, None) => unique_slug(&slugify(&ingested.title), &source, &mut HashSet::new()),
        };
        let date = existing
            .and_then(|e| e.date)
            .or(ingested.date)
            .or_else(|| file_date(&seed))
            .or(default_date)
            .unwrap_or_default();
        let meta = SeedMeta {
            slug: slug.clone(),
            source: source.clone(),
            date,
        };
        let target = existing.map_or_else(
            || content_dir.join(format!("{slug}.md")),
            |e| e.path.clone(),
        );
        let text = match existing {
            Some(e) => {
                let text = with_front_matter(&ingested.title, &meta, &body);
                if e.text == text {
                    report.unchanged += 1;
                    cache.record(root, &source, &seed, &e.path);
                    continue;
                }
                if !opts.force && !is_pristine(&e.path, &e.text) {
                    warnings.warn(format!(
                        "{}: edited by hand since ingest; not overwritten from {} (use `gloss ingest --force {}`)",
                        relative_to(root, &e.path).display(),
                        rel.display(),
                        rel.display()
                    ));
                    report.kept_edited.push(e.path.clone());
                    cache.record(root, &source, &seed, &e.path);
                    continue;
                }
                Pending::Text(text)
            }
            // A new file: its text is made with the others, in parallel, below.
            None => Pending::Parts(ingested.title, meta, body),
        };
        let target = match taken {
            // A hand-written file already holds this name: never clobber it.
            Some(taken) if existing.is_none() && target.exists() && !opts.force => {
                content_dir.join(format!("{}.md", unique_slug(&slug, "", taken)))
            }
            _ => target,
        };
        to_write.push((target.clone(), text));
        staged.push((source, seed, target.clone()));
        report.written.push(target);
    }
    // Names and slugs are settled, in seed order: the files themselves are made and written in
    // parallel.
    let files: Vec<(PathBuf, String)> = to_write
        .into_par_iter()
        .map(|(path, text)| (path, text.into_text()))
        .collect();
    batch.add_all(&files)?;
    timer.lap("  files staged");
    Ok(Staged {
        root: root.to_path_buf(),
        report,
        files,
        batch,
        records: staged,
        cache: Some((cache, cache_path, cache_key)),
    })
}

/// Content files made by [`stage`], written beside their targets but not yet in place.
#[derive(Default)]
pub struct Staged {
    root: PathBuf,
    report: SyncReport,
    /// Each content file to write and its text.
    files: Vec<(PathBuf, String)>,
    batch: AtomicBatch,
    /// (source, seed, content file) of each file in the batch, recorded once it is in place.
    records: Vec<(String, PathBuf, PathBuf)>,
    cache: Option<(IngestCache, PathBuf, String)>,
}

impl Staged {
    /// Whether no content file is to be written.
    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    /// The content files to write and their texts, taken: a build reads them from here while
    /// they are on their way to the disk.
    pub fn take_files(&mut self) -> Vec<(PathBuf, String)> {
        std::mem::take(&mut self.files)
    }

    /// Flushes every staged file to disk, moves each into place, and records them.
    pub fn commit(self) -> Result<SyncReport> {
        let mut timer = crate::site::PhaseTimer::from_env();
        // All content files reach the disk with one flush, and only if every one was written.
        self.batch.commit()?;
        timer.lap("  files committed");
        if let Some((mut cache, path, key)) = self.cache {
            // Only now do the written files exist, with the stamps the cache must remember.
            for (source, seed, content) in &self.records {
                cache.record(&self.root, source, seed, content);
            }
            cache.save(&path, &key);
            timer.lap("  cache saved");
        }
        Ok(self.report)
    }
}

/// A content file to write: its text, or the parts to make it of.
enum Pending {
    Text(String),
    Parts(String, SeedMeta, String),
}

impl Pending {
    fn into_text(self) -> String {
        match self {
            Pending::Text(text) => text,
            Pending::Parts(title, meta, body) => with_front_matter(&title, &meta, &body),
        }
    }
}

/// Where ingest remembers which seeds it already turned into which content files.
pub const CACHE_FILE: &str = ".gloss-cache/ingest.tsv";

/// A file's length and modification time (nanoseconds): a cheap "has it changed" stamp.
pub fn stamp(path: &Path) -> Option<(u64, u128)> {
    let meta = std::fs::metadata(path).ok()?;
    let mtime = meta
        .modified()
        .ok()?
        .duration_since(std::time::UNIX_EPOCH)
        .ok()?
        .as_nanos();
    Some((meta.len(), mtime))
}

/// Per seed: its stamp and its content file's stamp when ingest last looked. A seed whose
/// stamps both still match needs no work: nothing is read, decoded or compared.
#[derive(Default)]
struct IngestCache {
    entries: BTreeMap<String, ((u64, u128), String, (u64, u128))>,
    dirty: bool,
}

impl IngestCache {
    fn load(path: &Path, key: &str) -> Self {
        let mut cache = IngestCache::default();
        let Ok(text) = std::fs::read_to_string(path) else {
            return cache;
        };
        let mut lines = text.lines();
        if lines.next() != Some(key) {
            return cache;
        }
        for line in lines {
            let f: Vec<&str> = line.split('\t').collect();
            if let [seed, sl, sm, content, cl, cm] = f[..] {
                let (Ok(sl), Ok(sm), Ok(cl), Ok(cm)) =
                    (sl.parse(), sm.parse(), cl.parse(), cm.parse())
                else {
                    continue;
                };
                cache
                    .entries
                    .insert(seed.to_string(), ((sl, sm), content.to_string(), (cl, cm)));
            }
        }
        cache
    }

    fn is_fresh(&self, root: &Path, source: &str, seed: &Path) -> bool {
        self.entries
            .get(source)
            .is_some_and(|(seed_stamp, content, content_stamp)| {
                stamp(seed).as_ref() == Some(seed_stamp)
                    && stamp(&root.join(content)).as_ref() == Some(content_stamp)
            })
    }

    /// The content file (relative to the root) last made of the seed `source`.
    fn content_of(&self, source: &str) -> Option<&str> {
        self.entries
            .get(source)
            .map(|(_, content, _)| content.as_str())
    }

    fn record(&mut self, root: &Path, source: &str, seed: &Path, content: &Path) {
        if let (Some(s), Some(c)) = (stamp(seed), stamp(content)) {
            let rel = crate::util::slash_path(&relative_to(root, content));
            self.entries.insert(source.to_string(), (s, rel, c));
            self.dirty = true;
        }
    }

    fn save(&self, path: &Path, key: &str) {
        if !self.dirty {
            return;
        }
        let mut text = format!("{key}\n");
        for (seed, ((sl, sm), content, (cl, cm))) in &self.entries {
            if !seed.contains(['\t', '\n']) && !content.contains(['\t', '\n']) {
                text.push_str(&format!("{seed}\t{sl}\t{sm}\t{content}\t{cl}\t{cm}\n"));
            }
        }
        // A cache that cannot be written only costs time next build.
        let _ = write_cache_file(path, text.as_bytes());
    }
}

/// Every `*.txt` under `seeds/`, sorted, so slug suffixes are deterministic.
fn list_seeds(seeds_dir: &Path) -> Vec<PathBuf> {
    crate::util::files_with_extension(seeds_dir, "txt")
}

/// Reads the front matter of every content file: which seed each came from, and every slug in
/// use (hand-written files included).
fn scan_content(content_dir: &Path) -> (BTreeMap<String, Existing>, HashSet<String>) {
    let mut by_source = BTreeMap::new();
    let mut taken = HashSet::new();
    for entry in walkdir::WalkDir::new(content_dir)
        .into_iter()
        .filter_map(|e| e.ok())
    {
        let path = entry.path();
        if !entry.file_type().is_file() || path.extension().is_none_or(|x| x != "md") {
            continue;
        }
        let Some((source, existing)) = read_existing(path) else {
            continue;
        };
        taken.insert(existing.slug.clone());
        if let Some(source) = source {
            by_source.insert(source, existing);
        }
    }
    (by_source, taken)
}

/// Whether `path` is a file below `dir`, with no `..` on the way (what a cache recorded is a
/// hint, never a licence to write elsewhere).
fn is_inside(path: &Path, dir: &Path) -> bool {
    path.strip_prefix(dir).is_ok_and(|rest| {
        rest.components()
            .all(|c| matches!(c, std::path::Component::Normal(_)))
    })
}

/// A content file as ingest sees it: the seed it came from (front matter `source`), its slug,
/// date and text. `None` when it cannot be read or has no valid front matter.
fn read_existing(path: &Path) -> Option<(Option<String>, Existing)> {
    let text = std::fs::read_to_string(path).ok()?;
    let (front, _, _, _) = split_front_matter(path, &text).ok()?;
    let front = toml::from_str::<FrontMatter>(front).ok()?;
    let slug = front
        .slug
        .as_deref()
        .map(slugify)
        .unwrap_or_else(|| crate::briefing::default_slug(path));
    let date = front.date.as_ref().and_then(crate::briefing::parse_date);
    let existing = Existing {
        path: path.to_path_buf(),
        slug,
        date,
        text,
    };
    Some((front.source, existing))
}

/// `base`, or `base-2`, `base-3`… whichever is free; records it as taken. An empty base (a
/// title with no letters) becomes `briefing-<hash of the seed path>`.
fn unique_slug(base: &str, source: &str, taken: &mut HashSet<String>) -> String {
    let base = if base.is_empty() {
        format!("briefing-{}", &sha256_hex(source.as_bytes())[..8])
    } else {
        base.to_string()
    };
    let mut slug = base.clone();
    let mut n = 2;
    while taken.contains(&slug) {
        slug = format!("{base}-{n}");
        n += 1;
    }
    taken.insert(slug.clone());
    slug
}

/// The file's modification date (UTC).
fn file_date(path: &Path) -> Option<NaiveDate> {
    let modified = std::fs::metadata(path).ok()?.modified().ok()?;
    let dt: chrono::DateTime<chrono::Utc> = modified.into();
    Some(dt.date_naive())
}

/// `path` relative to `root` when it is inside it (absolute or not), else as given.
pub fn relative_to(root: &Path, path: &Path) -> PathBuf {
    if let Ok(rel) = path.strip_prefix(root) {
        return rel.to_path_buf();
    }
    if let (Ok(r), Ok(p)) = (root.canonicalize(), path.canonicalize()) {
        if let Ok(rel) = p.strip_prefix(&r) {
            return rel.to_path_buf();
        }
    }
    path.to_path_buf()
}

#[cfg(test)]
mod tests {
    use super::is_inside;
    use std::path::Path;

    #[test]
    fn a_recorded_content_file_must_stay_in_content() {
        let dir = Path::new("/site/content");
        assert!(is_inside(Path::new("/site/content/a.md"), dir));
        assert!(is_inside(Path::new("/site/content/2024/a.md"), dir));
        assert!(!is_inside(Path::new("/site/content/../seeds/a.md"), dir));
        assert!(!is_inside(Path::new("/site/outside.md"), dir));
        assert!(!is_inside(Path::new("/etc/passwd"), dir));
    }
}
