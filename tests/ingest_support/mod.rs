//! Helpers for the ingest tests: the invented whole-page documents and the shingle F1.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// One invented page and its hand-cleaned expectation.
pub struct Page {
    pub name: String,
    pub page: String,
    pub title: String,
    pub date: Option<String>,
    pub body: Vec<String>,
}

fn pages_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/ingest/pages")
}

/// Every `NN-name.txt` page with its `NN-name.expected.txt` (`title:` and `date:` lines, a
/// blank line, then the body's paragraphs separated by blank lines).
pub fn pages() -> Vec<Page> {
    let mut names: Vec<PathBuf> = std::fs::read_dir(pages_dir())
        .expect("pages dir")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.extension().is_some_and(|x| x == "txt")
                && !p.to_string_lossy().ends_with(".expected.txt")
        })
        .collect();
    names.sort();
    names
        .into_iter()
        .map(|path| {
            let page = std::fs::read_to_string(&path).expect("page");
            let expected = std::fs::read_to_string(path.with_extension("expected.txt"))
                .expect("every page has an expected body");
            let (head, body) = expected.split_once("\n\n").expect("head and body");
            let field = |name: &str| {
                head.lines()
                    .find_map(|l| l.strip_prefix(name))
                    .map(|v| v.trim().to_string())
                    .expect("field")
            };
            let date = Some(field("date:")).filter(|d| d != "none");
            Page {
                name: path
                    .file_stem()
                    .unwrap_or_default()
                    .to_string_lossy()
                    .into_owned(),
                title: field("title:"),
                date,
                body: body
                    .split("\n\n")
                    .map(|p| p.trim().to_string())
                    .filter(|p| !p.is_empty())
                    .collect(),
                page,
            }
        })
        .collect()
}

/// Word 4-gram shingles as a multiset (a repeated passage counts each time, so duplicated
/// output is penalised). Words are whitespace tokens, exactly as written.
fn shingles(paragraphs: &[String]) -> HashMap<Vec<&str>, usize> {
    let words: Vec<&str> = paragraphs
        .iter()
        .flat_map(|p| p.split_whitespace())
        .collect();
    let mut out = HashMap::new();
    if words.len() < 4 {
        if !words.is_empty() {
            *out.entry(words).or_insert(0) += 1;
        }
        return out;
    }
    for w in words.windows(4) {
        *out.entry(w.to_vec()).or_insert(0) += 1;
    }
    out
}

/// Precision, recall and F1 of `got` against `want` over multiset word 4-gram shingles.
pub fn shingle_f1(got: &[String], want: &[String]) -> (f64, f64, f64) {
    let g = shingles(got);
    let w = shingles(want);
    let total_g: usize = g.values().sum();
    let total_w: usize = w.values().sum();
    let common: usize = g
        .iter()
        .map(|(k, n)| (*n).min(w.get(k).copied().unwrap_or(0)))
        .sum();
    if total_g == 0 || total_w == 0 {
        return (0.0, 0.0, 0.0);
    }
    let p = common as f64 / total_g as f64;
    let r = common as f64 / total_w as f64;
    let f = if p + r == 0.0 {
        0.0
    } else {
        2.0 * p * r / (p + r)
    };
    (p, r, f)
}
