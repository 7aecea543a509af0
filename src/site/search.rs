//! Search index: takes the briefings and returns the files of a static search index, sharded so
//! the browser fetches only what a query needs: `search/terms/<prefix>.json` (term → briefing
//! ids, one shard per two-letter prefix) and `search/docs/<n>.json` (id → title, path, date;
//! 500 briefings a shard). Terms come from titles, text, quotes, speakers and entity names.

use super::library::Library;
use super::load::Annotated;
use crate::util::Unit;
use rayon::prelude::*;
use serde_json::json;
use std::collections::{BTreeMap, HashMap};

/// Briefings per document shard.
pub const DOCS_PER_SHARD: usize = 500;

/// Whether a (lowercase) word is too common to index.
fn is_stopword(word: &str) -> bool {
    // By length first: every word of the text is asked.
    match word.len() {
        1 => word == "a",
        2 => matches!(
            word,
            "of" | "to" | "in" | "is" | "it" | "on" | "as" | "be" | "by" | "at" | "an" | "or"
        ),
        3 => matches!(
            word,
            "the" | "and" | "for" | "was" | "are" | "has" | "had" | "not" | "but" | "its"
        ),
        4 => matches!(word, "that" | "with" | "this" | "from" | "have" | "they"),
        5 => word == "their",
        _ => false,
    }
}

/// Calls `f` with each search term of a text: lowercase ASCII words (common accents folded) of
/// 2+ characters, stopwords left out. One pass, one reused buffer.
pub fn for_each_term(text: &str, mut f: impl FnMut(&str)) {
    let mut word = String::with_capacity(32);
    let mut flush = |word: &mut String| {
        if word.len() >= 2 && word.len() <= 40 && !is_stopword(word) {
            f(word);
        }
        word.clear();
    };
    // ASCII without decoding: most of any text.
    for unit in crate::util::units(text) {
        match unit {
            Unit::Ascii(b) if b.is_ascii_alphanumeric() => {
                word.push(char::from(b.to_ascii_lowercase()));
            }
            // A markdown escape inside a word (`al\-Hashimi`) still splits it, like `-` would.
            Unit::Ascii(b'\\') if word.is_empty() => {}
            Unit::Other(c) if c.is_alphanumeric() => {
                let folded = crate::util::fold_char(c);
                if folded.is_ascii_alphanumeric() {
                    word.push(folded.to_ascii_lowercase());
                }
            }
            _ => flush(&mut word),
        }
    }
    flush(&mut word);
}

/// The search terms of a text, in order.
pub fn terms(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for_each_term(text, |t| out.push(t.to_string()));
    out
}

/// The shard a term lives in: its first two characters.
pub fn shard_of(term: &str) -> String {
    term.chars().take(2).collect()
}

/// The distinct terms of one briefing.
fn briefing_terms(a: &Annotated) -> Vec<String> {
    // A term is copied once however often it occurs: a set of the distinct ones first.
    let mut seen: rustc_hash::FxHashSet<String> = Default::default();
    let mut add = |t: &str| {
        if !seen.contains(t) {
            seen.insert(t.to_string());
        }
    };
    for_each_term(&a.briefing.front.title, &mut add);
    for_each_term(&a.briefing.body, &mut add);
    for q in &a.annotations.quotes {
        if let Some(s) = &q.speaker {
            for_each_term(s, &mut add);
        }
    }
    for m in &a.annotations.entities {
        for_each_term(&m.name, &mut add);
    }
    // In no particular order: the index files are sorted by term when they are written.
    seen.into_iter().collect()
}

/// A briefing's entry in the document shards: `{"d":…,"p":…,"t":…}`.
fn doc_entry(a: &Annotated, lib: &Library) -> String {
    let b = &a.briefing;
    json!({"t": b.front.title, "p": lib.links.dir(&format!("{}/", b.slug)), "d": b.date.map(|d| d.to_string())}).to_string()
}

/// The index files.
pub fn index_files(briefings: &[Annotated], lib: &Library) -> Vec<(String, Vec<u8>)> {
    let mut memo = SearchMemo::default();
    memo.update(briefings, lib, 0, &[]).0
}

/// What one document of the index holds.
#[derive(Debug, Clone)]
struct Doc {
    /// The key of its source (0: none, never reused).
    source: u64,
    /// Its distinct terms, as ids into [`SearchMemo::names`], sorted.
    terms: std::sync::Arc<[u32]>,
    entry: std::sync::Arc<str>,
}

/// The search index as last built, kept by the dev server: after an edit, only the documents
/// whose source changed are indexed again, and only the shards they touch are written again.
/// Documents are ids in site order, so an edit that moves briefings (a new date) shifts many
/// ids; past a quarter of the documents the index is simply built again.
#[derive(Debug, Default)]
pub struct SearchMemo {
    /// The salt (config, templates) the index was built with.
    salt: u64,
    docs: Vec<Doc>,
    /// Term ids: every term seen, interned (terms are many and repeat across documents).
    ids: rustc_hash::FxHashMap<Box<str>, u32>,
    names: Vec<Box<str>>,
    /// shard → term → document ids (ascending).
    shards: Shards,
}

/// Term shards of documents: shard → term → document ids (ascending).
type Shards = BTreeMap<String, BTreeMap<u32, Vec<u32>>>;

fn shards_of(docs: &[Doc], names: &[Box<str>]) -> Shards {
    // Each term's shard is worked out once, not at each of its many occurrences.
    let mut shard_ids: HashMap<String, usize> = HashMap::new();
    let term_shard: Vec<usize> = names
        .iter()
        .map(|n| {
            let next = shard_ids.len();
            *shard_ids.entry(shard_of(n)).or_insert(next)
        })
        .collect();
    let mut by_id: Vec<BTreeMap<u32, Vec<u32>>> = vec![BTreeMap::new(); shard_ids.len()];
    for (id, d) in docs.iter().enumerate() {
        for &t in d.terms.iter() {
            if let Some(&s) = term_shard.get(t as usize) {
                by_id[s].entry(t).or_default().push(id as u32);
            }
        }
    }
    shard_ids
        .into_iter()
        .map(|(name, s)| (name, std::mem::take(&mut by_id[s])))
        .filter(|(_, terms)| !terms.is_empty())
        .collect()
}

/// A [`SearchMemo`] as a build cache keeps it on disk: its documents (source key, term ids,
/// entry) and term names; the rest is derived from them again.
#[derive(Debug, Default, serde::Serialize, serde::Deserialize)]
pub struct SavedSearch {
    salt: u64,
    docs: Vec<(u64, Vec<u32>, String)>,
    names: Vec<String>,
}

impl SearchMemo {
    /// What a build cache keeps of this index.
    pub fn save(&self) -> SavedSearch {
        SavedSearch {
            salt: self.salt,
            docs: self
                .docs
                .iter()
                .map(|d| (d.source, d.terms.to_vec(), d.entry.to_string()))
                .collect(),
            names: self.names.iter().map(|n| n.to_string()).collect(),
        }
    }

    /// The index a build cache kept; empty when what it kept does not hold together.
    pub fn restore(saved: SavedSearch) -> SearchMemo {
        let names: Vec<Box<str>> = saved
            .names
            .into_iter()
            .map(String::into_boxed_str)
            .collect();
        let known = names.len();
        if saved
            .docs
            .iter()
            .any(|(_, terms, _)| terms.iter().any(|&t| t as usize >= known))
        {
            return SearchMemo::default();
        }
        let docs: Vec<Doc> = saved
            .docs
            .into_iter()
            .map(|(source, terms, entry)| Doc {
                source,
                terms: terms.into(),
                entry: entry.into(),
            })
            .collect();
        let ids = names
            .iter()
            .enumerate()
            .map(|(i, n)| (n.clone(), i as u32))
            .collect();
        SearchMemo {
            salt: saved.salt,
            shards: shards_of(&docs, &names),
            docs,
            ids,
            names,
        }
    }

    fn intern(&mut self, term: String) -> u32 {
        if let Some(&id) = self.ids.get(term.as_str()) {
            return id;
        }
        let id = self.names.len() as u32;
        self.names.push(term.clone().into_boxed_str());
        self.ids.insert(term.into_boxed_str(), id);
        id
    }

    /// Brings the index up to date with `briefings` (`sources`: a key of each one's source
    /// file, or empty: index everything). Returns the files whose bytes are new, and the paths
    /// of the files unchanged since the last update.
    pub fn update(
        &mut self,
        briefings: &[Annotated],
        lib: &Library,
        salt: u64,
        sources: &[u64],
    ) -> (Vec<(String, Vec<u8>)>, Vec<String>) {
        if salt != self.salt || sources.len() != briefings.len() {
            *self = SearchMemo {
                salt,
                ..SearchMemo::default()
            };
        }
        let old = std::mem::take(&mut self.docs);
        // Reuse what is known of each source, wherever it was in the site before.
        let known: HashMap<u64, &Doc> = old
            .iter()
            .filter(|d| d.source != 0)
            .map(|d| (d.source, d))
            .collect();
        let source = |i: usize| sources.get(i).copied().unwrap_or(0);
        let mut docs = Vec::with_capacity(briefings.len());
        // A chunk of briefings at a time: their terms are strings until interned, and those of
        // 10,000 briefings at once would hold a few hundred megabytes.
        const CHUNK: usize = 512;
        for (c, chunk) in briefings.chunks(CHUNK).enumerate() {
            let fresh: Vec<Option<(Vec<String>, String)>> = chunk
                .par_iter()
                .enumerate()
                .map(|(k, a)| {
                    let i = c * CHUNK + k;
                    (!known.contains_key(&source(i)) || source(i) == 0)
                        .then(|| (briefing_terms(a), doc_entry(a, lib)))
                })
                .collect();
            for (k, f) in fresh.into_iter().enumerate() {
                let i = c * CHUNK + k;
                let doc = match f {
                    None => known[&source(i)].clone(),
                    Some((words, entry)) => {
                        let mut terms: Vec<u32> =
                            words.into_iter().map(|w| self.intern(w)).collect();
                        terms.sort_unstable();
                        Doc {
                            source: source(i),
                            terms: terms.into(),
                            entry: entry.into(),
                        }
                    }
                };
                docs.push(doc);
            }
        }
        drop(known);
        let changed: Vec<usize> = (0..docs.len().max(old.len()))
            .filter(|&i| match (old.get(i), docs.get(i)) {
                (Some(o), Some(n)) => o.source != n.source || n.source == 0,
                _ => true,
            })
            .collect();
        let rebuild = old.is_empty() || changed.len() * 4 > docs.len().max(1);
        let mut dirty: std::collections::BTreeSet<String> = Default::default();
        if rebuild {
            self.shards = shards_of(&docs, &self.names);
            dirty.extend(self.shards.keys().cloned());
        } else {
            for &i in &changed {
                let none: &[u32] = &[];
                let before = old.get(i).map_or(none, |d| &d.terms[..]);
                let after = docs.get(i).map_or(none, |d| &d.terms[..]);
                for &t in before.iter().filter(|t| after.binary_search(t).is_err()) {
                    let shard = shard_of(&self.names[t as usize]);
                    if let Some(map) = self.shards.get_mut(&shard) {
                        if let Some(ids) = map.get_mut(&t) {
                            ids.retain(|&d| d != i as u32);
                            if ids.is_empty() {
                                map.remove(&t);
                            }
                        }
                        if map.is_empty() {
                            self.shards.remove(&shard);
                        }
                    }
                    dirty.insert(shard);
                }
                for &t in after.iter().filter(|t| before.binary_search(t).is_err()) {
                    let shard = shard_of(&self.names[t as usize]);
                    let ids = self
                        .shards
                        .entry(shard.clone())
                        .or_default()
                        .entry(t)
                        .or_default();
                    if let Err(at) = ids.binary_search(&(i as u32)) {
                        ids.insert(at, i as u32);
                    }
                    dirty.insert(shard);
                }
            }
        }
        self.docs = docs;
        let names = &self.names;
        let mut files: Vec<(String, Vec<u8>)> = self
            .shards
            .par_iter()
            .filter(|(shard, _)| dirty.contains(*shard))
            .map(|(shard, map)| {
                // Sorted by term, as a JSON object of the shard.
                let by_term: BTreeMap<&str, &Vec<u32>> = map
                    .iter()
                    .map(|(t, ids)| (&*names[*t as usize], ids))
                    .collect();
                (
                    format!("search/terms/{shard}.json"),
                    serde_json::to_vec(&by_term).unwrap_or_default(),
                )
            })
            .collect();
        let mut kept: Vec<String> = self
            .shards
            .keys()
            .filter(|s| !dirty.contains(*s))
            .map(|s| format!("search/terms/{s}.json"))
            .collect();
        let same_len = old.len() == self.docs.len();
        for (n, chunk) in self.docs.chunks(DOCS_PER_SHARD).enumerate() {
            let path = format!("search/docs/{n}.json");
            let range = n * DOCS_PER_SHARD..n * DOCS_PER_SHARD + chunk.len();
            if !rebuild && same_len && !changed.iter().any(|i| range.contains(i)) {
                kept.push(path);
                continue;
            }
            let mut text = String::from("[");
            for (k, d) in chunk.iter().enumerate() {
                if k > 0 {
                    text.push(',');
                }
                text.push_str(&d.entry);
            }
            text.push(']');
            files.push((path, text.into_bytes()));
        }
        files.push((
            "search/meta.json".into(),
            serde_json::to_vec(&json!({"docs_per_shard": DOCS_PER_SHARD, "docs": self.docs.len()}))
                .unwrap_or_default(),
        ));
        (files, kept)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terms_fold_and_skip_stopwords() {
        let t = terms("The Café of Sam Heller, al\\-Hashimi");
        assert_eq!(t, vec!["cafe", "sam", "heller", "al", "hashimi"]);
        assert_eq!(shard_of("heller"), "he");
    }
}
