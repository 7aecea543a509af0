//! Machine-readable annotations: takes an annotated briefing and returns its W3C Web Annotation
//! collection (`annotations.json`: one `Annotation` per quote, fact and editorial note, each
//! targeted by a TextQuoteSelector and a TextPositionSelector) and its schema.org `NewsArticle`
//! JSON-LD block (safe to embed in a `<script>` element).

use crate::annotate::editorial::Unescaped;
use crate::annotate::{EntityKind, FactKind, Origin};
use crate::config::Config;
use crate::render::markdown::BodyHtml;
use crate::site::Annotated;
use serde::Serialize;
use serde_json::Value;

/// How many characters of context a TextQuoteSelector keeps on each side.
const CONTEXT_CHARS: usize = 32;

// The collection is written through typed structs borrowing from the briefing rather than
// `json!` trees: a page holds dozens of annotations, and building a map per annotation cost more
// than rendering the page. Fields are declared in alphabetical order, the order JSON objects
// had before, so the files stay the same.

#[derive(Serialize)]
struct Collection<'a> {
    #[serde(rename = "@context")]
    context: &'static str,
    first: AnnotationPage<'a>,
    id: String,
    label: &'a str,
    total: usize,
    #[serde(rename = "type")]
    kind: &'static str,
}

#[derive(Serialize)]
struct AnnotationPage<'a> {
    id: String,
    items: Vec<Item<'a>>,
    #[serde(rename = "type")]
    kind: &'static str,
}

#[derive(Serialize)]
struct Item<'a> {
    body: ItemBody<'a>,
    creator: Creator,
    id: String,
    motivation: &'static str,
    target: Target<'a>,
    #[serde(rename = "type")]
    kind: &'static str,
}

#[derive(Serialize)]
#[serde(untagged)]
enum ItemBody<'a> {
    Quote {
        format: &'static str,
        kind: &'static str,
        origin: Origin,
        partial: bool,
        purpose: &'static str,
        quote: &'a str,
        speaker: Option<&'a str>,
        speaker_mention: Option<&'a str>,
        #[serde(rename = "type")]
        kind_: &'static str,
        value: &'a str,
    },
    Fact {
        approximate: bool,
        fact_value: &'a Value,
        format: &'static str,
        kind: FactKind,
        origin: Origin,
        purpose: &'static str,
        #[serde(skip_serializing_if = "Option::is_none")]
        source: Option<&'a str>,
        #[serde(rename = "type")]
        kind_: &'static str,
        unit: Option<&'a str>,
        value: String,
    },
}

#[derive(Serialize)]
struct Creator {
    name: &'static str,
    #[serde(rename = "type")]
    kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    version: Option<&'static str>,
}

impl Creator {
    fn of(origin: Origin) -> Creator {
        match origin {
            Origin::Automatic => Creator {
                name: "gloss",
                kind: "Software",
                version: Some(crate::VERSION),
            },
            Origin::Editorial => Creator {
                name: "editor",
                kind: "Person",
                version: None,
            },
        }
    }
}

#[derive(Serialize)]
struct Target<'a> {
    selector: (QuoteSelector, PositionSelector),
    source: &'a str,
}

#[derive(Serialize)]
struct QuoteSelector {
    exact: String,
    prefix: String,
    suffix: String,
    #[serde(rename = "type")]
    kind: &'static str,
}

#[derive(Serialize)]
struct PositionSelector {
    end: u32,
    start: u32,
    #[serde(rename = "type")]
    kind: &'static str,
}

/// The W3C Web Annotation collection of a briefing. `page` is the page's URL (absolute when the
/// site has a base URL); `plain` is the page's text, which positions count code points into.
pub fn collection(a: &Annotated, page: &str, rendered: &BodyHtml) -> Vec<u8> {
    let body = &a.briefing.body;
    let plain = rendered.plain.as_str();
    // Code-point offset of every byte offset of the plain text.
    let mut chars_before = vec![0u32; plain.len() + 1];
    let mut count = 0u32;
    for (i, c) in plain.char_indices() {
        for slot in &mut chars_before[i..i + c.len_utf8()] {
            *slot = count;
        }
        count += 1;
    }
    chars_before[plain.len()] = count;
    let target = |start: usize, end: usize, landed: Option<(usize, usize)>| -> Target {
        let (pstart, pend, exact) = match landed {
            Some((s, e)) if plain.is_char_boundary(s) && plain.is_char_boundary(e) && s <= e => {
                (s, e, plain[s..e].to_string())
            }
            _ => {
                let exact = Unescaped::new(body.get(start..end).unwrap_or(""))
                    .text
                    .trim()
                    .to_string();
                let (s, e) = locate(plain, &exact, start as f64 / body.len().max(1) as f64);
                (s, e, exact)
            }
        };
        let before = &plain[..pstart];
        let from = before
            .char_indices()
            .rev()
            .nth(CONTEXT_CHARS - 1)
            .map_or(0, |(i, _)| i);
        let after = &plain[pend..];
        let to = after
            .char_indices()
            .nth(CONTEXT_CHARS)
            .map_or(after.len(), |(i, _)| i);
        Target {
            selector: (
                QuoteSelector {
                    exact,
                    prefix: before[from..].to_string(),
                    suffix: after[..to].to_string(),
                    kind: "TextQuoteSelector",
                },
                PositionSelector {
                    end: chars_before[pend],
                    start: chars_before[pstart],
                    kind: "TextPositionSelector",
                },
            ),
            source: page,
        }
    };
    let quotes = &a.annotations.quotes;
    let facts = &a.annotations.facts;
    let mut items = Vec::with_capacity(quotes.len() + facts.len());
    for (i, q) in quotes.iter().enumerate() {
        let first = q
            .pieces
            .first()
            .map_or((q.start, q.end), |p| (p.start, p.end));
        items.push(Item {
            body: ItemBody::Quote {
                format: "text/plain",
                kind: "quote",
                origin: q.origin,
                partial: q.partial,
                purpose: "identifying",
                quote: &q.text,
                speaker: q.speaker.as_deref(),
                speaker_mention: q.speaker_mention.as_deref(),
                kind_: "TextualBody",
                value: q.speaker.as_deref().unwrap_or_default(),
            },
            creator: Creator::of(q.origin),
            id: format!("{page}#quote-{}", i + 1),
            motivation: "identifying",
            target: target(
                first.0,
                first.1,
                rendered.quote_positions.get(i).copied().flatten(),
            ),
            kind: "Annotation",
        });
    }
    for (i, f) in facts.iter().enumerate() {
        let motivation = if f.note.is_some() {
            "commenting"
        } else {
            "describing"
        };
        items.push(Item {
            body: ItemBody::Fact {
                approximate: f.approximate,
                fact_value: &f.value,
                format: "text/plain",
                kind: f.kind,
                origin: f.origin,
                purpose: motivation,
                source: f.source.as_deref(),
                kind_: "TextualBody",
                unit: f.unit.as_deref(),
                value: f
                    .note
                    .clone()
                    .unwrap_or_else(|| crate::render::templates::fact_tip(f)),
            },
            creator: Creator::of(f.origin),
            id: format!("{page}#fact-{}", i + 1),
            motivation,
            target: target(
                f.start,
                f.end,
                rendered.fact_positions.get(i).copied().flatten(),
            ),
            kind: "Annotation",
        });
    }
    let doc = Collection {
        context: "http://www.w3.org/ns/anno.jsonld",
        first: AnnotationPage {
            id: format!("{page}annotations.json#page-1"),
            items,
            kind: "AnnotationPage",
        },
        id: format!("{page}annotations.json"),
        label: &a.briefing.front.title,
        total: quotes.len() + facts.len(),
        kind: "AnnotationCollection",
    };
    // Sized for the usual annotation (about 600 bytes): growing the buffer as it goes cost a
    // tenth of the writing.
    let mut bytes = Vec::with_capacity(512 + 768 * doc.total);
    if serde_json::to_writer(&mut bytes, &doc).is_err() {
        bytes.clear();
    }
    bytes.push(b'\n');
    bytes
}

/// The byte range of `exact` in `plain`: the occurrence nearest the relative position `at`
/// (0..1) the annotation has in the source; an empty range there when it is not found.
fn locate(plain: &str, exact: &str, at: f64) -> (usize, usize) {
    let want = (at * plain.len() as f64) as usize;
    let best = if exact.is_empty() {
        None
    } else {
        plain
            .match_indices(exact)
            .map(|(i, _)| i)
            .min_by_key(|&i| i.abs_diff(want))
    };
    match best {
        Some(i) => (i, i + exact.len()),
        None => {
            let mut i = want.min(plain.len());
            while !plain.is_char_boundary(i) {
                i -= 1;
            }
            (i, i)
        }
    }
}

// The `NewsArticle` is written through typed structs too, fields in alphabetical order as the
// JSON object had them.

#[derive(Serialize)]
struct NewsArticle<'a> {
    #[serde(rename = "@context")]
    context: &'static str,
    #[serde(rename = "@type")]
    kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    author: Option<Named<'a>>,
    #[serde(rename = "datePublished", skip_serializing_if = "Option::is_none")]
    date_published: Option<String>,
    #[serde(rename = "hasPart")]
    has_part: Vec<Quotation<'a>>,
    headline: &'a str,
    #[serde(rename = "inLanguage")]
    in_language: &'a str,
    #[serde(rename = "mainEntityOfPage", skip_serializing_if = "Option::is_none")]
    main_entity_of_page: Option<&'a str>,
    mentions: Vec<Named<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    url: Option<&'a str>,
}

/// A person, organisation or place by name.
#[derive(Serialize, Clone, Copy)]
struct Named<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    name: &'a str,
}

impl Named<'_> {
    fn person(name: &str) -> Named<'_> {
        Named {
            kind: "Person",
            name,
        }
    }
}

#[derive(Serialize)]
struct Quotation<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    creator: Option<Named<'a>>,
    #[serde(rename = "spokenByCharacter", skip_serializing_if = "Option::is_none")]
    spoken_by_character: Option<Named<'a>>,
    text: &'a str,
}

/// The schema.org `NewsArticle` of a briefing as JSON, with `<` escaped so that no value can
/// close the `<script>` element it is embedded in.
pub fn news_article(a: &Annotated, url: Option<&str>, config: &Config) -> String {
    let b = &a.briefing;
    let mut mentions = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for m in &a.annotations.entities {
        if seen.insert((m.kind, m.name.as_str())) {
            let kind = match m.kind {
                EntityKind::Person => "Person",
                EntityKind::Organization => "Organization",
                EntityKind::Place => "Place",
            };
            mentions.push(Named {
                kind,
                name: &m.name,
            });
        }
    }
    let has_part = a
        .annotations
        .quotes
        .iter()
        .map(|q| {
            let speaker = q.speaker.as_deref().map(Named::person);
            Quotation {
                kind: "Quotation",
                creator: speaker,
                spoken_by_character: speaker,
                text: &q.text,
            }
        })
        .collect();
    let doc = NewsArticle {
        context: "https://schema.org",
        kind: "NewsArticle",
        author: b
            .front
            .author
            .as_deref()
            .or(config.author.as_deref())
            .map(Named::person),
        date_published: b.date.map(|d| d.to_string()),
        has_part,
        headline: &b.front.title,
        in_language: &config.language,
        main_entity_of_page: url,
        mentions,
        url,
    };
    script_safe_json(&doc)
}

/// JSON text safe inside `<script>`: `<`, `>` and `&` written as Unicode escapes.
pub fn script_safe_json(value: &impl Serialize) -> String {
    let json = serde_json::to_string(value).unwrap_or_default();
    let mut out = String::with_capacity(json.len() + 32);
    crate::util::push_replacing(&mut out, &json, |b| match b {
        b'<' => Some("\\u003c"),
        b'>' => Some("\\u003e"),
        b'&' => Some("\\u0026"),
        _ => None,
    });
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn script_close_cannot_escape_json_ld() {
        let s = script_safe_json(&json!({"headline": "</script><script>alert(1)</script>"}));
        assert!(!s.contains("</script>"), "{s}");
        assert!(!s.contains(['<', '>', '&']), "{s}");
        let back: Value = serde_json::from_str(&s).unwrap();
        assert_eq!(back["headline"], "</script><script>alert(1)</script>");
        let s = script_safe_json(&json!({"a": "x & y > z", "b": "ü<"}));
        assert_eq!(s, r#"{"a":"x \u0026 y \u003e z","b":"ü\u003c"}"#);
    }

    #[test]
    fn locate_picks_nearest_occurrence() {
        let plain = "cat dog cat dog cat";
        assert_eq!(locate(plain, "cat", 0.99), (16, 19));
        assert_eq!(locate(plain, "cat", 0.0), (0, 3));
        assert_eq!(locate(plain, "cow", 0.5).0, locate(plain, "cow", 0.5).1);
    }
}
