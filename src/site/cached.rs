//! A build into the output folder with the build cache ([`super::cache`]): takes the site, the
//! cache and the last build's page keys; loads the briefings (annotating only files whose
//! bytes the cache does not know), renders only pages whose keys changed, keeps the others in
//! the output as they are, and returns what was written with this build's page keys.

use super::cache::{self, BuildCache, Pages};
use super::library::Library;
use super::load::{self, Annotated, Loaded};
use super::output::{self, DiskWriter, Output, Sink};
use super::{memo, pages, BuildOptions, PhaseTimer};
use crate::config::Config;
use crate::error::{Result, Warnings};
use crate::render::Templates;
use rayon::prelude::*;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

/// The site loaded and keyed, ready to render.
pub(super) struct Prepared {
    templates: Templates,
    pub(super) loaded: Loaded,
    library: Library,
    /// What every page depends on besides its briefings.
    salt: u64,
    /// Per briefing (in site order): the key of its source file and of its own pages.
    sources: Vec<u64>,
    keys: Vec<u64>,
}

/// Loads the site, taking from `cache` the annotations of files whose bytes it knows.
pub(super) fn prepare(
    opts: &BuildOptions,
    config: &Config,
    warnings: &Warnings,
    cache: &BuildCache,
    fresh: &[(PathBuf, String)],
) -> Result<Prepared> {
    let mut timer = PhaseTimer::from_env();
    let templates = Templates::load(&opts.root)?;
    timer.lap("templates");
    let loaded = load::load_reusing(
        &opts.root,
        opts.drafts,
        warnings,
        &|p, h| cache.take(p, h),
        fresh,
    )?;
    timer.lap("load+annotate");
    let briefings = &loaded.briefings;
    let library = Library::new(briefings, config);
    let salt = cache::salt(&opts.root, config, opts.drafts, opts.preview);
    let sources: Vec<u64> = briefings.iter().map(|a| a.source).collect();
    let keys = briefings
        .par_iter()
        .enumerate()
        .map(|(i, a)| memo::page_key(salt, sources[i], i, a, &library))
        .collect();
    timer.lap("library");
    Ok(Prepared {
        templates,
        loaded,
        library,
        salt,
        sources,
        keys,
    })
}

/// A build written into its output folder.
pub(super) struct Written {
    /// The page keys of this build, for the cache.
    pub(super) pages: Pages,
    /// Briefings whose pages were rendered.
    pub(super) rendered: usize,
    /// Files with new bytes, and files in the output.
    pub(super) changed: usize,
    pub(super) files: usize,
}

/// Renders the site into `out`, keeping the pages whose keys are unchanged since the `last`
/// build. `Ok(None)`: a page `last` counted on is no longer in the output as that build wrote
/// it; nothing was changed, and the caller should write again without `last`. On error the
/// output is left as it was.
pub(super) fn write(
    opts: &BuildOptions,
    config: &Config,
    site: &Prepared,
    out: &Path,
    last: Pages,
) -> Result<Option<Written>> {
    let writer = DiskWriter::begin(out)?;
    // Static files first: a generated file of the same name is written after and wins.
    let mut statics = Output::new();
    let rendered = output::add_static(&mut statics, &opts.root.join("static"))
        .and_then(|()| {
            statics
                .into_iter()
                .try_for_each(|(path, bytes)| writer.put(path, bytes))
        })
        .and_then(|()| render(opts, config, site, &writer, last));
    let (pages, rendered) = match rendered {
        Ok(Some(r)) => r,
        Ok(None) => {
            writer.abort();
            return Ok(None);
        }
        Err(e) => {
            writer.abort();
            return Err(e);
        }
    };
    let mut timer = PhaseTimer::from_env();
    let (changed, files) = writer.finish()?;
    timer.lap("write");
    Ok(Some(Written {
        pages,
        rendered,
        changed,
        files,
    }))
}

/// Renders into `writer` every page whose key changed since `last`, and keeps the others.
/// Returns this render's page keys and how many briefings were rendered; `None` when a kept
/// page is not in the output as the last build wrote it.
fn render(
    opts: &BuildOptions,
    config: &Config,
    site: &Prepared,
    writer: &DiskWriter,
    last: Pages,
) -> Result<Option<(Pages, usize)>> {
    let mut timer = PhaseTimer::from_env();
    let briefings = &site.loaded.briefings;
    let last = if last.salt == site.salt {
        last
    } else {
        Pages::default()
    };
    let (known, mut memo) = (last.briefings, last.memo);
    let rendered = AtomicUsize::new(0);
    let reuse = |i: usize, a: &Annotated| -> Option<pages::BriefingPaths> {
        let found = known
            .get(&a.briefing.path)
            .filter(|(key, _)| Some(key) == site.keys.get(i))
            .map(|(_, paths)| paths.clone());
        if found.is_none() {
            rendered.fetch_add(1, Ordering::Relaxed);
        }
        found
    };
    let done = pages::render_all_reusing(
        briefings,
        &site.library,
        &site.templates,
        config,
        opts.preview,
        writer,
        &reuse,
        Some(memo::Memo {
            memo: &memo,
            salt: site.salt,
            sources: &site.sources,
        }),
    )?;
    // Pages the memo kept stay in the output as they are, if they still are.
    if !writer.keep_all(&done.paths)? {
        return Ok(None);
    }
    timer.lap("render");
    // The memo's keys and search index now describe this render.
    memo.commit();
    let pages = Pages {
        salt: site.salt,
        briefings: briefings
            .iter()
            .zip(site.keys.iter().copied())
            .zip(done.briefings)
            .map(|((a, key), paths)| (a.briefing.path.clone(), (key, paths)))
            .collect(),
        memo,
    };
    Ok(Some((pages, rendered.into_inner())))
}
