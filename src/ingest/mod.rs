//! Ingest: takes raw seed text (scraped article text, any encoding) and returns clean, editable
//! markdown with TOML front matter: title found, duplicated title and boilerplate dropped,
//! paragraphs kept, markdown metacharacters escaped so the text renders back exactly.
//!
//! The pure part is [`decode`] → [`clean`] → [`to_markdown`]; [`sync`] does the file I/O:
//! `seeds/**/*.txt` → `content/<slug>.md`, atomically, never overwriting a file a person edited.

pub mod blocks;
pub mod boilerplate;
pub mod classify;
pub mod dateline;
pub mod decode;
pub mod escape;
pub mod sync;
pub mod title;

pub use boilerplate::Rules;
pub use decode::{decode, Decoded};
pub use escape::escape_markdown;
pub use sync::{stage, sync, Staged, SyncOptions, SyncReport};

use chrono::NaiveDate;

/// A seed after cleaning.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Ingested {
    pub title: String,
    /// The story's paragraphs, each on one line, unescaped.
    pub paragraphs: Vec<String>,
    /// Blocks dropped as boilerplate (for reports and tests).
    pub dropped: Vec<String>,
    /// A date stated in the seed (a dateline or "Published …" line), if any.
    pub date: Option<NaiveDate>,
}

/// Cleans decoded seed text. `None` when nothing is left (only boilerplate, or no text).
pub fn clean(text: &str, rules: &Rules) -> Option<Ingested> {
    boilerplate::clean(text, rules)
}

/// The front matter values ingest records.
#[derive(Debug, Clone, PartialEq)]
pub struct SeedMeta {
    pub slug: String,
    /// The seed path relative to the site root, with `/` separators.
    pub source: String,
    pub date: NaiveDate,
}

/// Renders an ingested seed as a content file: TOML front matter (title, date, slug, source,
/// ingest_hash) and the escaped paragraphs.
pub fn to_markdown(ingested: &Ingested, meta: &SeedMeta) -> String {
    with_front_matter(&ingested.title, meta, &markdown_body(ingested))
}

/// The body of an ingested seed's content file: its paragraphs, escaped, a blank line apart.
/// It does not depend on the [`SeedMeta`], so many can be made in parallel.
pub fn markdown_body(ingested: &Ingested) -> String {
    let mut body = String::new();
    for p in &ingested.paragraphs {
        body.push('\n');
        body.push_str(&escape_markdown(p));
        body.push('\n');
    }
    body
}

/// A content file of a seed's `title`, `meta` and [`markdown_body`].
pub fn with_front_matter(title: &str, meta: &SeedMeta, body: &str) -> String {
    // Keys in a fixed, readable order; values written by toml so they are always valid TOML.
    let value = |s: &str| toml::Value::String(s.to_string()).to_string();
    let front_text = format!(
        "title = {}\ndate = {}\nslug = {}\nsource = {}\n",
        value(title),
        value(&meta.date.format("%Y-%m-%d").to_string()),
        value(&meta.slug),
        value(&meta.source)
    );
    let hash = sync::content_hash(&front_text, body);
    format!("+++\n{front_text}ingest_hash = \"{hash}\"\n+++\n{body}")
}
