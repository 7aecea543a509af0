//! Render: takes a briefing's markdown body with its [`Annotations`](crate::annotate::Annotations)
//! and returns HTML (facts highlighted, quotes marked up with speakers, footnotes as sidenotes,
//! code highlighted by syntect); and renders whole pages through tera templates (the defaults
//! embedded in the binary, overridden file by file by a site's own `templates/`).

pub mod fragments;
pub mod highlight;
pub mod markdown;
pub mod templates;
pub mod weave;
pub mod webanno;

pub use markdown::{body_to_html, BodyHtml};
pub use templates::Templates;
