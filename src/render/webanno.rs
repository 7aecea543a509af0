//! Machine-readable annotations: takes an annotated briefing and returns its W3C Web Annotation
//! collection (`annotations.json`: one `Annotation` per quote, fact and editorial note, each
//! targeted by a TextQuoteSelector and a TextPositionSelector) and its schema.org `NewsArticle`
//! JSON-LD block (safe to embed in a `<script>` element).

use crate::annotate::editorial::Unescaped;
use crate::annotate::{EntityKind, Origin};
use crate::config::Config;
use crate::render::markdown::BodyHtml;
use crate::site::Annotated;
use serde_json::{json, Value};

/// How many characters of context a TextQuoteSelector keeps on each side.
const CONTEXT_CHARS: usize = 32;

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
    let mut items = Vec::new();
    let target = |start: usize, end: usize, landed: Option<(usize, usize)>| -> Value {
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
        let prefix: String = plain[..pstart]
            .chars()
            .rev()
            .take(CONTEXT_CHARS)
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect();
        let suffix: String = plain[pend..].chars().take(CONTEXT_CHARS).collect();
        json!({
            "source": page,
            "selector": [
                {"type": "TextQuoteSelector", "exact": exact, "prefix": prefix, "suffix": suffix},
                {"type": "TextPositionSelector", "start": chars_before[pstart], "end": chars_before[pend]},
            ],
        })
    };
    let creator = |origin: Origin| match origin {
        Origin::Automatic => {
            json!({"type": "Software", "name": "gloss", "version": crate::VERSION})
        }
        Origin::Editorial => json!({"type": "Person", "name": "editor"}),
    };
    for (i, q) in a.annotations.quotes.iter().enumerate() {
        let first = q
            .pieces
            .first()
            .map_or((q.start, q.end), |p| (p.start, p.end));
        items.push(json!({
            "id": format!("{page}#quote-{}", i + 1),
            "type": "Annotation",
            "motivation": "identifying",
            "creator": creator(q.origin),
            "body": {
                "type": "TextualBody", "purpose": "identifying", "format": "text/plain",
                "value": q.speaker.clone().unwrap_or_default(),
                "kind": "quote", "speaker": q.speaker, "speaker_mention": q.speaker_mention,
                "quote": q.text, "partial": q.partial, "origin": q.origin,
            },
            "target": target(first.0, first.1, rendered.quote_positions.get(i).copied().flatten()),
        }));
    }
    for (i, f) in a.annotations.facts.iter().enumerate() {
        let motivation = if f.note.is_some() {
            "commenting"
        } else {
            "describing"
        };
        let mut body = json!({
            "type": "TextualBody", "purpose": motivation, "format": "text/plain",
            "value": f.note.clone().unwrap_or_else(|| crate::render::templates::fact_tip(f)),
            "kind": f.kind, "fact_value": f.value, "unit": f.unit, "approximate": f.approximate, "origin": f.origin,
        });
        if let Some(src) = &f.source {
            body["source"] = json!(src);
        }
        items.push(json!({
            "id": format!("{page}#fact-{}", i + 1),
            "type": "Annotation",
            "motivation": motivation,
            "creator": creator(f.origin),
            "body": body,
            "target": target(f.start, f.end, rendered.fact_positions.get(i).copied().flatten()),
        }));
    }
    let doc = json!({
        "@context": "http://www.w3.org/ns/anno.jsonld",
        "id": format!("{page}annotations.json"),
        "type": "AnnotationCollection",
        "label": a.briefing.front.title,
        "total": items.len(),
        "first": {"type": "AnnotationPage", "id": format!("{page}annotations.json#page-1"), "items": items},
    });
    let mut bytes = serde_json::to_vec_pretty(&doc).unwrap_or_default();
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

/// The schema.org `NewsArticle` of a briefing as JSON, with `<` escaped so that no value can
/// close the `<script>` element it is embedded in.
pub fn news_article(a: &Annotated, url: Option<&str>, config: &Config) -> String {
    let b = &a.briefing;
    let mut mentions = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for m in &a.annotations.entities {
        if seen.insert((m.kind, m.name.as_str())) {
            let ty = match m.kind {
                EntityKind::Person => "Person",
                EntityKind::Organization => "Organization",
                EntityKind::Place => "Place",
            };
            mentions.push(json!({"@type": ty, "name": m.name}));
        }
    }
    let quotations: Vec<Value> = a
        .annotations
        .quotes
        .iter()
        .map(|q| {
            let mut v = json!({"@type": "Quotation", "text": q.text});
            if let Some(s) = &q.speaker {
                let person = json!({"@type": "Person", "name": s});
                v["spokenByCharacter"] = person.clone();
                v["creator"] = person;
            }
            v
        })
        .collect();
    let author = b.front.author.clone().or(config.author.clone());
    let mut doc = json!({
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": b.front.title,
        "inLanguage": config.language,
        "mentions": mentions,
        "hasPart": quotations,
    });
    if let Some(d) = b.date {
        doc["datePublished"] = json!(d.to_string());
    }
    if let Some(author) = author {
        doc["author"] = json!({"@type": "Person", "name": author});
    }
    if let Some(u) = url {
        doc["url"] = json!(u);
        doc["mainEntityOfPage"] = json!(u);
    }
    script_safe_json(&doc)
}

/// JSON text safe inside `<script>`: `<`, `>` and `&` written as Unicode escapes.
pub fn script_safe_json(value: &Value) -> String {
    serde_json::to_string(value)
        .unwrap_or_default()
        .replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn script_close_cannot_escape_json_ld() {
        let s = script_safe_json(&json!({"headline": "</script><script>alert(1)</script>"}));
        assert!(!s.contains("</script>"), "{s}");
        let back: Value = serde_json::from_str(&s).unwrap();
        assert_eq!(back["headline"], "</script><script>alert(1)</script>");
    }

    #[test]
    fn locate_picks_nearest_occurrence() {
        let plain = "cat dog cat dog cat";
        assert_eq!(locate(plain, "cat", 0.99), (16, 19));
        assert_eq!(locate(plain, "cat", 0.0), (0, 3));
        assert_eq!(locate(plain, "cow", 0.5).0, locate(plain, "cow", 0.5).1);
    }
}
