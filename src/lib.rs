//! gloss: a static site generator for annotated briefings.
//!
//! The crate is a pipeline, one module per stage, data flowing one way through plain types:
//!
//! ```text
//! seeds/*.txt ─ingest─▶ content/*.md ─briefing─▶ Briefing ─annotate─▶ Annotations ─render─▶ HTML
//!                                                        site: discovery, library pages, output
//!                                                        serve: watch + rebuild + live reload
//! ```
//!
//! * [`ingest`]: raw seed text → clean markdown with TOML front matter.
//! * [`briefing`]: a content file → [`briefing::Briefing`] (front matter + body).
//! * [`annotate`]: a body → [`annotate::Annotations`] (quotes, facts, entities).
//! * [`render`]: markdown + annotations → HTML; tera templates → pages.
//! * [`site`]: a whole site root → an output folder, atomically.
//! * [`serve`]: a dev server that rebuilds on change and live-reloads browsers.

pub mod annotate;
pub mod archive;
pub mod briefing;
pub mod check;
pub mod cli;
pub mod config;
pub mod error;
pub mod ingest;
pub mod render;
pub mod serve;
pub mod site;
pub mod util;

pub use error::{Error, Result};

/// The gloss version, recorded in archives and caches.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
