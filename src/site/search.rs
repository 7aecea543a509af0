//! Search index: takes the briefings and returns the files of a static search index, sharded so
//! the browser fetches only what a query needs: `search/terms/<prefix>.json` (term → briefing
//! ids, one shard per two-letter prefix) and `search/docs/<n>.json` (id → title, path, date;
//! 500 briefings a shard). Terms come from titles, text, quotes, speakers and entity names.

use super::library::Library;
use super::load::Annotated;
use crate::util::slugify;
use serde_json::json;
use std::collections::{BTreeMap, BTreeSet};

/// Briefings per document shard.
pub const DOCS_PER_SHARD: usize = 500;

/// Words too common to index.
const STOPWORDS: &[&str] = &[
    "the", "and", "of", "to", "in", "a", "is", "it", "that", "for", "on", "as", "was", "with",
    "be", "by", "at", "an", "are", "this", "from", "or", "have", "has", "had", "not", "but", "its",
    "they", "their",
];

/// The search terms of a text: lowercase ASCII words (accents folded) of 2+ characters.
pub fn terms(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| slugify(w).replace('-', ""))
        .filter(|w| w.len() >= 2 && !STOPWORDS.contains(&w.as_str()))
}

/// The shard a term lives in: its first two characters.
pub fn shard_of(term: &str) -> String {
    term.chars().take(2).collect()
}

/// The index files.
pub fn index_files(briefings: &[Annotated], lib: &Library) -> Vec<(String, Vec<u8>)> {
    let mut postings: BTreeMap<String, BTreeSet<u32>> = BTreeMap::new();
    let mut docs = Vec::with_capacity(briefings.len());
    for (id, a) in briefings.iter().enumerate() {
        let b = &a.briefing;
        let mut words: BTreeSet<String> = BTreeSet::new();
        words.extend(terms(&b.front.title));
        words.extend(terms(&b.body));
        for q in &a.annotations.quotes {
            if let Some(s) = &q.speaker {
                words.extend(terms(s));
            }
        }
        for m in &a.annotations.entities {
            words.extend(terms(&m.name));
        }
        for w in words {
            postings.entry(w).or_default().insert(id as u32);
        }
        docs.push(json!({"t": b.front.title, "p": lib.links.dir(&format!("{}/", b.slug)), "d": b.date.map(|d| d.to_string())}));
    }
    let mut shards: BTreeMap<String, BTreeMap<&str, &BTreeSet<u32>>> = BTreeMap::new();
    for (term, ids) in &postings {
        shards.entry(shard_of(term)).or_default().insert(term, ids);
    }
    let mut files = Vec::new();
    for (shard, map) in shards {
        files.push((
            format!("search/terms/{shard}.json"),
            serde_json::to_vec(&map).unwrap_or_default(),
        ));
    }
    for (n, chunk) in docs.chunks(DOCS_PER_SHARD).enumerate() {
        files.push((
            format!("search/docs/{n}.json"),
            serde_json::to_vec(chunk).unwrap_or_default(),
        ));
    }
    files.push((
        "search/meta.json".into(),
        serde_json::to_vec(&json!({"docs_per_shard": DOCS_PER_SHARD, "docs": docs.len()}))
            .unwrap_or_default(),
    ));
    files
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terms_fold_and_skip_stopwords() {
        let t: Vec<String> = terms("The Café of Sam Heller, al-Hashimi").collect();
        assert_eq!(t, vec!["cafe", "sam", "heller", "al", "hashimi"]);
        assert_eq!(shard_of("heller"), "he");
    }
}
