//! Search index: takes the briefings and returns the files of a static search index, sharded so
//! the browser fetches only what a query needs: `search/terms/<prefix>.json` (term → briefing
//! ids, one shard per two-letter prefix) and `search/docs/<n>.json` (id → title, path, date;
//! 500 briefings a shard). Terms come from titles, text, quotes, speakers and entity names.

use super::library::Library;
use super::load::Annotated;
use rayon::prelude::*;
use serde_json::json;
use std::collections::{BTreeMap, HashMap};

/// Briefings per document shard.
pub const DOCS_PER_SHARD: usize = 500;

/// Words too common to index.
const STOPWORDS: &[&str] = &[
    "the", "and", "of", "to", "in", "a", "is", "it", "that", "for", "on", "as", "was", "with",
    "be", "by", "at", "an", "are", "this", "from", "or", "have", "has", "had", "not", "but", "its",
    "they", "their",
];

/// Calls `f` with each search term of a text: lowercase ASCII words (common accents folded) of
/// 2+ characters, stopwords left out. One pass, one reused buffer.
pub fn for_each_term(text: &str, mut f: impl FnMut(&str)) {
    let mut word = String::with_capacity(32);
    let mut flush = |word: &mut String| {
        if word.len() >= 2 && word.len() <= 40 && !STOPWORDS.contains(&word.as_str()) {
            f(word);
        }
        word.clear();
    };
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            word.push(c.to_ascii_lowercase());
        } else if c.is_alphanumeric() {
            let folded = crate::util::fold_char(c);
            if folded.is_ascii_alphanumeric() {
                word.push(folded.to_ascii_lowercase());
            }
        } else if c != '\\' || !word.is_empty() {
            // A markdown escape inside a word (`al\-Hashimi`) still splits it, like `-` would.
            flush(&mut word);
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

/// The sorted, distinct terms of one briefing.
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
    let mut words: Vec<String> = seen.into_iter().collect();
    words.sort_unstable();
    words
}

/// The index files.
pub fn index_files(briefings: &[Annotated], lib: &Library) -> Vec<(String, Vec<u8>)> {
    let per_doc: Vec<Vec<String>> = briefings.par_iter().map(briefing_terms).collect();
    let mut postings: HashMap<String, Vec<u32>> = HashMap::new();
    for (id, words) in per_doc.into_iter().enumerate() {
        for w in words {
            postings.entry(w).or_default().push(id as u32);
        }
    }
    let docs: Vec<serde_json::Value> = briefings
        .iter()
        .map(|a| {
            let b = &a.briefing;
            json!({"t": b.front.title, "p": lib.links.dir(&format!("{}/", b.slug)), "d": b.date.map(|d| d.to_string())})
        })
        .collect();
    let mut shards: BTreeMap<String, BTreeMap<&str, &Vec<u32>>> = BTreeMap::new();
    for (term, ids) in &postings {
        shards.entry(shard_of(term)).or_default().insert(term, ids);
    }
    let mut files: Vec<(String, Vec<u8>)> = shards
        .par_iter()
        .map(|(shard, map)| {
            (
                format!("search/terms/{shard}.json"),
                serde_json::to_vec(map).unwrap_or_default(),
            )
        })
        .collect();
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
        let t = terms("The Café of Sam Heller, al\\-Hashimi");
        assert_eq!(t, vec!["cafe", "sam", "heller", "al", "hashimi"]);
        assert_eq!(shard_of("heller"), "he");
    }
}
