//! The links of the feed, the sitemap and `robots.txt`: Atom `<link href>`, sitemap `<loc>`,
//! the HTML carried in Atom `<content type="html">` (resolved against its `xml:base`, as feed
//! readers do), and the `Sitemap:` line of `robots.txt`.

use super::html::{decode_entities, tags};
use super::url::{resolve, Target};
use super::{page_references, Reference};
use crate::site::links::Links;

/// (the page links resolve from, the reference) for each URL of an XML or text file `path`.
pub fn references(links: &Links, path: &str, text: &str) -> Vec<(String, Reference)> {
    let mut refs = Vec::new();
    let here = |url: String, place: &str| {
        (
            path.to_string(),
            Reference {
                url,
                place: place.into(),
            },
        )
    };
    if path == "robots.txt" {
        for line in text.lines() {
            let Some((key, value)) = line.split_once(':') else {
                continue;
            };
            if key.trim().eq_ignore_ascii_case("sitemap") {
                refs.push(here(value.trim().to_string(), "robots sitemap"));
            }
        }
        return refs;
    }
    let all = tags(text);
    for (i, tag) in all.iter().enumerate() {
        if tag.end {
            continue;
        }
        let inner = || -> String {
            match all.get(i + 1) {
                Some(next) if next.end && next.name == tag.name => {
                    decode_entities(text.get(tag.range.end..next.range.start).unwrap_or(""))
                }
                _ => String::new(),
            }
        };
        match tag.name.as_str() {
            "link" => {
                if let Some(href) = tag.attr("href") {
                    refs.push(here(href.to_string(), "atom link"));
                }
            }
            "loc" => refs.push(here(inner().trim().to_string(), "sitemap loc")),
            "content" | "summary" if tag.attr("type").is_some_and(|t| t == "html") => {
                let from = tag
                    .attr("xml:base")
                    .and_then(|base| match resolve(links, path, base) {
                        Target::Internal { path, .. } if !path.is_empty() => Some(path),
                        _ => None,
                    })
                    .unwrap_or_else(|| path.to_string());
                for r in page_references(&inner()) {
                    refs.push((from.clone(), r));
                }
            }
            _ => {}
        }
    }
    refs
}
