//! Helpers shared by the integration tests: a raw HTTP client ([`http`]), a running
//! `gloss serve` on a temporary site ([`server`]) and a headless Chromium driven over WebDriver
//! ([`browser`]).
#![allow(dead_code)]

pub mod browser;
pub mod http;
pub mod server;

use std::path::{Path, PathBuf};

/// Every file under `dir` (its path below `dir`) with its bytes, sorted by path.
pub fn snapshot(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut files: Vec<(PathBuf, Vec<u8>)> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e.path().strip_prefix(dir).unwrap_or(e.path()).to_path_buf();
            (rel, std::fs::read(e.path()).unwrap())
        })
        .collect();
    files.sort();
    files
}
