//! Site: takes a site root (config, `seeds/`, `content/`, `templates/`, `static/`) and returns
//! the built site in its output folder. Discovers sources with walkdir, ingests new seeds, parses
//! and annotates briefings in parallel (rayon), renders every page, and writes the output
//! atomically (staging + swap).

pub mod output;
