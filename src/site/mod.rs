//! Site: takes a site root (config, `seeds/`, `content/`, `templates/`, `static/`) and returns
//! the built site in its output folder. Discovers sources with walkdir, ingests new seeds, parses
//! and annotates briefings in parallel (rayon), renders the pages, and writes the output
//! atomically (staging + swap, or changed files only). With the build cache, only files whose
//! bytes changed are annotated and only pages whose keys changed are rendered.
//!
//! * [`load`]: content files → [`Annotated`] briefings (parse, annotate, apply corrections).
//! * [`cache`]: what one build keeps for the next (annotations by content hash, page keys);
//!   `cached`: a build with it.
//! * [`memo`]: the keys of pages, and rendering that skips pages whose key is unchanged.
//! * [`library`]: all briefings → the cross-briefing model (entities, speakers, timeline…).
//! * [`pages`]: briefings + library + templates → [`output::Output`] (every page and asset).
//! * [`feeds`]: Atom feed, sitemap, robots.txt and the GitHub Pages files.
//! * [`output`]: the output folder, written atomically.

pub mod cache;
mod cached;
pub mod feeds;
pub mod library;
pub mod links;
pub mod lists;
pub mod load;
pub mod memo;
pub mod output;
pub mod pages;
pub mod search;

pub use load::{load, Annotated};
pub use output::Output;

use crate::config::{check_base_url, Config};
use crate::error::{Error, Result, Warnings};
use crate::ingest::{self, SyncOptions, SyncReport};
use crate::render::Templates;
use std::path::{Path, PathBuf};

/// Progress of the build under way, for a progress bar: briefings annotated plus briefing pages
/// rendered, out of twice the number of content files.
pub mod progress {
    use std::sync::atomic::{AtomicUsize, Ordering};

    static DONE: AtomicUsize = AtomicUsize::new(0);
    static TOTAL: AtomicUsize = AtomicUsize::new(0);

    /// Starts counting towards `total` steps.
    pub fn start(total: usize) {
        DONE.store(0, Ordering::Relaxed);
        TOTAL.store(total, Ordering::Relaxed);
    }

    /// One step done.
    pub fn step() {
        DONE.fetch_add(1, Ordering::Relaxed);
    }

    /// (steps done, steps in all).
    pub fn get() -> (usize, usize) {
        (DONE.load(Ordering::Relaxed), TOTAL.load(Ordering::Relaxed))
    }
}

/// What to build and how.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    /// The site root (holds `gloss.toml`, `content/`, `seeds/`…).
    pub root: PathBuf,
    /// The output folder; default `<root>/<output_dir>` (`public`).
    pub output: Option<PathBuf>,
    /// Overrides `base_url` from the config.
    pub base_url: Option<String>,
    /// Include briefings marked `draft = true`.
    pub drafts: bool,
    /// Ingest new or changed seeds first.
    pub ingest: bool,
    /// A preview build (serve): shows editorial warnings such as unanchored notes on pages.
    pub preview: bool,
}

impl BuildOptions {
    /// Defaults for building the site at `root`.
    pub fn new(root: impl Into<PathBuf>) -> Self {
        BuildOptions {
            root: root.into(),
            output: None,
            base_url: None,
            drafts: false,
            ingest: true,
            preview: false,
        }
    }
}

/// What a build did.
#[derive(Debug, Default)]
pub struct BuildReport {
    pub briefings: usize,
    /// Files in the output.
    pub files: usize,
    /// Files whose bytes changed.
    pub changed: usize,
    pub output: PathBuf,
    /// Briefings annotated (the others' annotations came from the build cache).
    pub annotated: usize,
    /// Briefings whose pages were rendered (the others' were kept as they were).
    pub rendered: usize,
    pub ingest: SyncReport,
    pub warnings: Vec<String>,
}

/// The config of a build: `gloss.toml` with the command line's overrides applied.
pub fn load_config(opts: &BuildOptions) -> Result<Config> {
    let mut config = Config::load(&opts.root)?;
    if let Some(url) = &opts.base_url {
        check_base_url(url).map_err(|m| Error::msg(format!("--base-url: {m}")))?;
        config.base_url = url.clone();
    }
    Ok(config)
}

/// The output folder of a build.
pub fn output_dir(opts: &BuildOptions, config: &Config) -> PathBuf {
    opts.output
        .clone()
        .unwrap_or_else(|| opts.root.join(&config.output_dir))
}

/// Renders the whole site in memory: ingest (optional), load, annotate, render.
pub fn render_site(
    opts: &BuildOptions,
    config: &Config,
    warnings: &Warnings,
) -> Result<(Output, usize, SyncReport)> {
    let sink = std::sync::Mutex::new(Output::new());
    let (briefings, sync) = render_into(opts, config, warnings, &sink)?;
    let output = sink
        .into_inner()
        .map_err(|_| Error::msg("output lock poisoned"))?;
    Ok((output, briefings, sync))
}

/// Renders the whole site into `sink`: ingest (optional), load, annotate, render. Returns the
/// number of briefings.
pub fn render_into(
    opts: &BuildOptions,
    config: &Config,
    warnings: &Warnings,
    sink: &dyn output::Sink,
) -> Result<(usize, SyncReport)> {
    let mut timer = PhaseTimer::from_env();
    let sync = if opts.ingest {
        ingest::sync(&opts.root, config, &SyncOptions::default(), warnings)?
    } else {
        SyncReport::default()
    };
    timer.lap("ingest");
    let templates = Templates::load(&opts.root)?;
    timer.lap("templates");
    let briefings = load(&opts.root, opts.drafts, warnings)?;
    timer.lap("load+annotate");
    let library = library::Library::new(&briefings, config);
    timer.lap("library");
    pages::render_all(&briefings, &library, &templates, config, opts.preview, sink)?;
    timer.lap("render");
    Ok((briefings.len(), sync))
}

/// Builds the site: renders everything, then swaps it into the output folder. On any error the
/// previous output is left exactly as it was.
pub fn build(opts: &BuildOptions) -> Result<BuildReport> {
    let config = load_config(opts)?;
    let out = output_dir(opts, &config);
    output::check_output_dir(&opts.root, &out)?;
    let warnings = Warnings::default();
    let mut timer = PhaseTimer::from_env();
    let mut staged = if opts.ingest {
        ingest::stage(&opts.root, &config, &SyncOptions::default(), &warnings)?
    } else {
        ingest::Staged::default()
    };
    timer.lap("ingest");
    let stamp_path = opts.root.join(format!(
        ".gloss-cache/build-{:016x}.stamp",
        memo::hash_of(out.to_string_lossy())
    ));
    if staged.is_empty() {
        let ingest = staged.commit()?;
        // Nothing changed since the last build into this folder: nothing to do.
        let stamp = inputs_stamp(opts, &config, &out);
        if let (Some(stamp), Ok(previous)) = (&stamp, std::fs::read_to_string(&stamp_path)) {
            if let Some((counts, prev)) = previous.split_once('\n') {
                let (briefings, files) = counts.split_once(' ').unwrap_or(("0", "0"));
                if prev == stamp && output::matches_manifest(&out) {
                    return Ok(BuildReport {
                        briefings: briefings.parse().unwrap_or(0),
                        files: files.parse().unwrap_or(0),
                        changed: 0,
                        annotated: 0,
                        rendered: 0,
                        output: out,
                        ingest,
                        warnings: warnings.take(),
                    });
                }
            }
        }
        let _ = std::fs::remove_file(&stamp_path);
        timer.lap("stamp");
        return build_content(opts, &config, &out, &warnings, Vec::new(), || Ok(ingest))
            .map(|report| remember(report, stamp, &stamp_path));
    }
    // New content files go to the disk (one flush, which waits for every file the system has
    // yet to write, a previous build's output included) while the build reads them from memory.
    let _ = std::fs::remove_file(&stamp_path);
    let fresh = staged.take_files();
    let report = std::thread::scope(|scope| {
        let commit = scope.spawn(|| staged.commit());
        let join = || {
            commit
                .join()
                .unwrap_or_else(|_| Err(Error::msg("ingest stopped unexpectedly")))
        };
        build_content(opts, &config, &out, &warnings, fresh, join)
    })?;
    // The stamp is left for the next build to make: it would have to be taken before the
    // content files were read, when the new ones were not yet in place.
    Ok(remember(report, None, &stamp_path))
}

/// Remembers a clean build's inputs `stamp`, so that the next build with the same inputs has
/// nothing to do. Warnings are worth seeing again next time, so only a clean build counts.
fn remember(report: BuildReport, stamp: Option<String>, path: &Path) -> BuildReport {
    if let (Some(stamp), true) = (stamp, report.warnings.is_empty()) {
        let counts = format!("{} {}", report.briefings, report.files);
        let _ = crate::util::write_atomic(path, format!("{counts}\n{stamp}").as_bytes());
    }
    report
}

/// Builds from the content files (with `fresh` ones, still being written by ingest, read from
/// memory) through the build cache. `ingest` finishes ingest: it is waited for before anything
/// is written to the output folder.
fn build_content(
    opts: &BuildOptions,
    config: &Config,
    out: &Path,
    warnings: &Warnings,
    fresh: Vec<(PathBuf, String)>,
    ingest: impl FnOnce() -> Result<SyncReport>,
) -> Result<BuildReport> {
    let mut timer = PhaseTimer::from_env();
    let mut cache = cache::BuildCache::open(&opts.root, Some(out));
    timer.lap("cache open");
    let last = std::mem::take(&mut cache.pages);
    let prepared = cached::prepare(opts, config, warnings, &cache, &fresh);
    drop(fresh);
    let ingest = ingest()?;
    let prepared = prepared?;
    timer.lap("ingest committed");
    // A write that failed may have left the output half updated: its page keys are stale.
    let write = |last| {
        cached::write(opts, config, &prepared, out, last).inspect_err(|_| cache.discard_pages())
    };
    let loaded = &prepared.loaded;
    // The annotations are kept while the pages are rendered: they are final already.
    let written = std::thread::scope(|scope| {
        scope.spawn(|| cache.save_annotations(&loaded.briefings, &loaded.hashes));
        match write(last)? {
            Some(written) => Ok(written),
            // The output lost a page the cache counted on: render every page.
            None => write(Default::default())?
                .ok_or_else(|| Error::msg("the output changed during the build")),
        }
    })?;
    let mut timer = PhaseTimer::from_env();
    cache.save_pages(&written.pages);
    timer.lap("cache");
    let report = BuildReport {
        briefings: loaded.briefings.len(),
        files: written.files,
        changed: written.changed,
        annotated: loaded.annotated,
        rendered: written.rendered,
        output: out.to_path_buf(),
        ingest,
        warnings: warnings.take(),
    };
    // Freeing a whole site's annotations takes a noticeable part of a small rebuild: done on
    // the side (a command line build exits without waiting for it).
    std::thread::spawn(move || drop((prepared, written, cache)));
    Ok(report)
}

/// A stamp of everything a build reads: the gloss binary, the config and options, and the
/// length and modification time of every file under `content/`, `templates/` and `static/`.
fn inputs_stamp(opts: &BuildOptions, config: &Config, out: &Path) -> Option<String> {
    use std::fmt::Write;
    let mut text = String::new();
    let _ = writeln!(
        text,
        "{} {} {} {}",
        cache::binary_stamp(),
        opts.drafts,
        opts.preview,
        out.display()
    );
    let _ = writeln!(text, "{}", serde_json::to_string(config).ok()?);
    for dir in ["content", "templates", "static"] {
        let paths: Vec<PathBuf> = walkdir::WalkDir::new(opts.root.join(dir))
            .into_iter()
            .filter_map(|e| e.ok())
            .map(walkdir::DirEntry::into_path)
            .collect();
        // A `stat` a file, thousands of them: in parallel.
        let mut entries: Vec<(String, Option<(u64, u128)>)> = {
            use rayon::prelude::*;
            paths
                .par_iter()
                .map(|p| (p.to_string_lossy().into_owned(), ingest::sync::stamp(p)))
                .collect()
        };
        entries.sort();
        for (path, st) in entries {
            let _ = writeln!(text, "{path} {st:?}");
        }
    }
    Some(format!("{:016x}", memo::hash_of(&text)))
}

/// `path` shown relative to `root` when inside it.
pub fn display_path(root: &Path, path: &Path) -> String {
    ingest::sync::relative_to(root, path).display().to_string()
}

/// Prints how long each build phase took when `GLOSS_TIMINGS` is set (for profiling).
pub(crate) struct PhaseTimer(Option<std::time::Instant>);

impl PhaseTimer {
    pub(crate) fn from_env() -> Self {
        PhaseTimer(std::env::var_os("GLOSS_TIMINGS").map(|_| std::time::Instant::now()))
    }

    pub(crate) fn lap(&mut self, phase: &str) {
        if let Some(start) = self.0 {
            // Resident memory now and at its peak, where the system tells it (Linux).
            let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
            let field = |name: &str| {
                status
                    .lines()
                    .find_map(|l| l.strip_prefix(name))
                    .map_or("", str::trim)
                    .to_string()
            };
            let rss = format!("rss {}, peak {}", field("VmRSS:"), field("VmHWM:"));
            eprintln!(
                "timing: {phase:<14} {:>8.1} ms  {rss}",
                start.elapsed().as_secs_f64() * 1000.0
            );
            self.0 = Some(std::time::Instant::now());
        }
    }
}
