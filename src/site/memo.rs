//! The dev server's memo of rendered pages: for every output path, a key of what the page was
//! rendered from in the last good render. A page whose key is unchanged is not rendered again —
//! nor are its variables built, when the caller can key it cheaply (by the source keys of the
//! briefings it lists) — and its bytes are kept from the last render instead of being copied.
//!
//! Keys of a render are committed only when the whole render succeeded, so a committed key
//! always describes bytes the server holds.

use super::library::Library;
use super::load::Annotated;
use super::output::Output;
use super::pages::PageContext;
use crate::error::Result;
use rustc_hash::FxHasher;
use serde_json::Value;
use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::path::Path;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::Mutex;

/// Pages of the last good render by output path, and the search index behind them.
#[derive(Debug, Default)]
pub struct RenderMemo {
    /// Key per output path of the last good render, with the number of the render that last
    /// made or kept the page (see [`RenderMemo::hit`]).
    done: HashMap<String, (u64, AtomicU32)>,
    /// Pages this render makes anew, with their keys: committed when it succeeds.
    fresh: Mutex<Vec<(String, u64)>>,
    /// The number of this render.
    generation: u32,
    /// The search index of the last render (see [`super::search::SearchMemo`]).
    pub(super) search: Mutex<super::search::SearchMemo>,
}

impl RenderMemo {
    /// Records `key` for `file` in this render; true when the last good render had the same.
    /// A page kept is only marked, without a lock or an allocation: a big site keeps tens of
    /// thousands of pages per render.
    pub(super) fn hit(&self, file: &str, key: u64) -> bool {
        if let Some((done, mark)) = self.done.get(file) {
            if *done == key {
                mark.store(self.generation, Ordering::Relaxed);
                return true;
            }
        }
        if let Ok(mut fresh) = self.fresh.lock() {
            fresh.push((file.to_string(), key));
        }
        false
    }

    /// The render succeeded: its keys describe the pages now held. Pages it neither made nor
    /// kept are gone.
    pub fn commit(&mut self) {
        let now = self.generation;
        self.done.retain(|_, (_, mark)| *mark.get_mut() == now);
        let fresh = std::mem::take(self.fresh.get_mut().unwrap_or_else(|e| e.into_inner()));
        for (file, key) in fresh {
            self.done.insert(file, (key, AtomicU32::new(now)));
        }
        self.generation = now.wrapping_add(1);
    }

    /// A memo holding `done` as the keys of the last good render, and its search index (both
    /// kept by a build cache).
    pub fn with_done(done: HashMap<String, u64>, search: super::search::SearchMemo) -> Self {
        RenderMemo {
            done: done
                .into_iter()
                .map(|(file, key)| (file, (key, AtomicU32::new(u32::MAX))))
                .collect(),
            search: Mutex::new(search),
            ..RenderMemo::default()
        }
    }

    /// The keys of the last good render, by output path.
    pub fn done(&self) -> impl Iterator<Item = (&String, u64)> {
        self.done.iter().map(|(file, (key, _))| (file, *key))
    }

    /// The render failed: forget its keys (and the search index, which it may have advanced).
    /// Marks it made stay behind, so the next render gets a number of its own.
    pub fn abandon(&mut self) {
        self.fresh
            .get_mut()
            .unwrap_or_else(|e| e.into_inner())
            .clear();
        self.generation = self.generation.wrapping_add(1);
        *self.search.get_mut().unwrap_or_else(|e| e.into_inner()) = Default::default();
    }
}

/// A hash that stays the same from one run to the next (what caches and stamps on disk are
/// keyed by; not a security hash).
pub fn hash_of(value: impl Hash) -> u64 {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    value.hash(&mut h);
    h.finish()
}

/// A hash of a file's bytes: unchanged bytes are not parsed or annotated again, unchanged
/// pages not written again. XXH3, a fixed published algorithm, hashes a whole site's content
/// and output (a gigabyte at 10,000 briefings) in a fraction of SipHash's time.
pub fn hash_bytes(bytes: &[u8]) -> u64 {
    xxhash_rust::xxh3::xxh3_64(bytes)
}

/// The key of a briefing's source: its path and a hash of its bytes.
pub fn source_key(path: &Path, file: u64) -> u64 {
    hash_of((path, file))
}

/// The key of a briefing's own pages: its file's bytes, the global key, and what it shows of
/// the library (its tags, the folders of the entities and speakers it links to).
pub fn page_key(global: u64, source: u64, index: usize, a: &Annotated, lib: &Library) -> u64 {
    use crate::annotate::EntityKind;
    let mut h = FxHasher::default();
    (global, source).hash(&mut h);
    lib.briefing_tags.get(index).hash(&mut h);
    for m in &a.annotations.entities {
        (m.kind.as_str(), &m.name, lib.entity_dir(m.kind, &m.name)).hash(&mut h);
    }
    for q in &a.annotations.quotes {
        if let Some(s) = &q.speaker {
            (s, lib.entity_dir(EntityKind::Person, s)).hash(&mut h);
        }
    }
    h.finish()
}

/// Hashes what an iterator yields, in order, without collecting it: keys are made for every
/// page of a big site on every render.
#[derive(Clone)]
pub(super) struct Each<I>(pub I);

impl<I: Iterator + Clone> Hash for Each<I>
where
    I::Item: Hash,
{
    fn hash<H: Hasher>(&self, h: &mut H) {
        let mut n = 0usize;
        for x in self.0.clone() {
            x.hash(h);
            n += 1;
        }
        n.hash(h);
    }
}

/// A render with a memo: the memo, a key of everything every page depends on (config,
/// templates, build flags), and per briefing (in site order) a key of its source file.
#[derive(Clone, Copy)]
pub struct Memo<'a> {
    pub memo: &'a RenderMemo,
    pub salt: u64,
    pub sources: &'a [u64],
}

impl Memo<'_> {
    /// The key of a page: the salt, its path and template, and `what` it shows.
    pub(super) fn key(&self, file: &str, template: &str, what: impl Hash) -> u64 {
        let mut h = FxHasher::default();
        (self.salt, file, template).hash(&mut h);
        what.hash(&mut h);
        h.finish()
    }

    /// The source key of briefing `i` (the server gives every briefing one).
    pub(super) fn source(&self, i: usize) -> u64 {
        self.sources.get(i).copied().unwrap_or(0)
    }
}

/// Rendering with the memo.
impl PageContext<'_> {
    /// The page at `file`, or `None` when the memo has it unchanged from the last good render
    /// (keyed by its variables).
    pub(super) fn render(
        &self,
        file: &str,
        template: &str,
        vars: Value,
    ) -> Result<Option<Vec<u8>>> {
        match self.memo {
            Some(m) => {
                let key = m.key(
                    file,
                    template,
                    serde_json::to_string(&vars).unwrap_or_default(),
                );
                self.render_keyed(file, template, Some(key), || vars)
            }
            None => self.render_now(file, template, vars).map(Some),
        }
    }

    /// The page at `file` from the variables `vars()` builds, or `None` when the memo has the
    /// page with the same `key` (made by [`Memo::key`] from what the page shows) unchanged:
    /// then its variables are not even built.
    pub(super) fn render_keyed(
        &self,
        file: &str,
        template: &str,
        key: Option<u64>,
        vars: impl FnOnce() -> Value,
    ) -> Result<Option<Vec<u8>>> {
        if let (Some(m), Some(key)) = (self.memo, key) {
            if m.memo.hit(file, key) {
                return Ok(None);
            }
        }
        self.render_now(file, template, vars()).map(Some)
    }

    /// Puts the file `make` makes into `out`, unless the memo has it unchanged under `key`.
    pub(super) fn memoised(
        &self,
        out: &mut Output,
        file: &str,
        key: Option<u64>,
        make: impl FnOnce() -> Vec<u8>,
    ) {
        if let (Some(m), Some(key)) = (self.memo, key) {
            if m.memo.hit(file, key) {
                self.keep(file);
                return;
            }
        }
        out.insert(file.to_string(), make());
    }

    /// Records a page kept from the last render.
    pub(super) fn keep(&self, file: &str) {
        if let Ok(mut kept) = self.kept.lock() {
            kept.push(file.to_string());
        }
    }

    /// The key of a page listing these briefings, with `what` else it shows; `None` without a
    /// memo.
    pub(super) fn list_key(
        &self,
        file: &str,
        template: &str,
        members: impl Iterator<Item = usize> + Clone,
        what: impl std::hash::Hash,
    ) -> Option<u64> {
        let m = self.memo?;
        Some(m.key(file, template, (Each(members.map(|i| m.source(i))), what)))
    }

    /// Puts a rendered page into `out`, or records it as kept.
    pub(super) fn put_or_keep(&self, out: &mut Output, file: &str, bytes: Option<Vec<u8>>) {
        match bytes {
            Some(b) => {
                out.insert(file.to_string(), b);
            }
            None => self.keep(file),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::RenderMemo;

    #[test]
    fn the_memo_keeps_the_pages_of_the_last_good_render_only() {
        let mut m = RenderMemo::default();
        assert!(
            !m.hit("a", 1) && !m.hit("b", 2),
            "an empty memo has nothing"
        );
        m.commit();
        assert!(m.hit("a", 1), "same key: kept");
        assert!(!m.hit("b", 3), "new key: made again");
        m.commit();
        assert!(m.hit("b", 3));
        m.commit();
        assert!(
            !m.hit("a", 1),
            "a page the last render left out is made again"
        );
        // A failed render's marks count for nothing: "b", marked by it, is gone after a
        // good render without it.
        assert!(m.hit("b", 3));
        m.abandon();
        m.commit();
        assert!(!m.hit("b", 3));
        assert_eq!(m.done().count(), 0);
    }
}
