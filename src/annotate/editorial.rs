//! The editorial layer: takes a briefing's front-matter corrections (`[[quote]]`, `[[fact]]`,
//! `[[ignore]]`) and the engine's annotations, and returns the corrected annotations plus the
//! corrections that no longer match the text (orphans). Corrections are anchored by the words
//! they quote (with optional prefix and suffix, as a W3C TextQuoteSelector), matched against the
//! body with markdown escapes removed, so they survive edits elsewhere in the body.

use super::{Annotations, Fact, FactKind, Origin, Quote, Span};
use crate::briefing::FrontMatter;

/// Applies the corrections of `front` to `annotations`; returns a description of each orphan.
pub fn apply(body: &str, front: &FrontMatter, annotations: &mut Annotations) -> Vec<String> {
    if front.quote.is_empty() && front.fact.is_empty() && front.ignore.is_empty() {
        return Vec::new();
    }
    let view = Unescaped::new(body);
    let mut orphans = Vec::new();
    for ignore in &front.ignore {
        match view.find(
            &ignore.text,
            ignore.prefix.as_deref(),
            ignore.suffix.as_deref(),
        ) {
            Some(span) => {
                let overlaps = |s: usize, e: usize| s < span.end && span.start < e;
                annotations.quotes.retain(|q| !overlaps(q.start, q.end));
                annotations.facts.retain(|f| !overlaps(f.start, f.end));
                annotations.entities.retain(|m| !overlaps(m.start, m.end));
            }
            None => orphans.push(format!("[[ignore]] \"{}\"", ignore.text)),
        }
    }
    for fix in &front.quote {
        let Some(span) = view.find(&fix.text, fix.prefix.as_deref(), fix.suffix.as_deref()) else {
            orphans.push(format!("[[quote]] \"{}\"", fix.text));
            continue;
        };
        let index = match annotations
            .quotes
            .iter()
            .position(|q| q.start <= span.start && span.end <= q.end)
        {
            Some(i) => i,
            None => {
                annotations.quotes.push(Quote {
                    text: fix.text.clone(),
                    start: span.start,
                    end: span.end,
                    pieces: vec![span],
                    ..Quote::default()
                });
                annotations.quotes.sort_by_key(|q| q.start);
                annotations
                    .quotes
                    .iter()
                    .position(|q| q.start == span.start)
                    .unwrap_or(0)
            }
        };
        let quote = &mut annotations.quotes[index];
        if fix.speaker.is_some() {
            quote.speaker = fix.speaker.clone();
            quote.title = None;
        }
        if fix.role.is_some() {
            quote.role = fix.role.clone();
        }
        if fix.organization.is_some() {
            quote.organization = fix.organization.clone();
        }
        quote.origin = Origin::Editorial;
    }
    for note in &front.fact {
        let Some(span) = view.find(&note.text, note.prefix.as_deref(), note.suffix.as_deref())
        else {
            orphans.push(format!("[[fact]] \"{}\"", note.text));
            continue;
        };
        let existing = annotations
            .facts
            .iter_mut()
            .find(|f| f.start < span.end && span.start < f.end);
        match existing {
            Some(fact) => {
                fact.note = note.note.clone().or(fact.note.take());
                fact.source = note.source.clone().or(fact.source.take());
                fact.origin = Origin::Editorial;
            }
            None => {
                annotations.facts.push(Fact {
                    text: note.text.clone(),
                    kind: parse_kind(note.kind.as_deref()),
                    value: serde_json::Value::Null,
                    unit: None,
                    approximate: false,
                    start: span.start,
                    end: span.end,
                    relative: false,
                    counts: None,
                    display: None,
                    note: note.note.clone(),
                    source: note.source.clone(),
                    origin: Origin::Editorial,
                });
                annotations.facts.sort_by_key(|f| f.start);
            }
        }
    }
    orphans
}

fn parse_kind(kind: Option<&str>) -> FactKind {
    match kind.unwrap_or("quantity") {
        "measure" => FactKind::Measure,
        "money" => FactKind::Money,
        "percent" => FactKind::Percent,
        "date" => FactKind::Date,
        "time" => FactKind::Time,
        "duration" => FactKind::Duration,
        "ordinal" => FactKind::Ordinal,
        "range" => FactKind::Range,
        _ => FactKind::Quantity,
    }
}

/// The body with markdown backslash escapes removed, and a map from its bytes back to the body's.
pub struct Unescaped {
    pub text: String,
    /// `raw[i]`: the body offset of byte `i` of `text`; one extra entry for the end.
    raw: Vec<usize>,
}

impl Unescaped {
    pub fn new(body: &str) -> Self {
        let mut text = String::with_capacity(body.len());
        let mut raw = Vec::with_capacity(body.len() + 1);
        let mut chars = body.char_indices().peekable();
        while let Some((i, c)) = chars.next() {
            if c == '\\' {
                if let Some(&(j, next)) = chars.peek() {
                    if next.is_ascii_punctuation() {
                        chars.next();
                        text.push(next);
                        raw.push(j);
                        continue;
                    }
                }
            }
            let start = text.len();
            text.push(c);
            raw.extend((0..text.len() - start).map(|k| i + k));
        }
        raw.push(body.len());
        Unescaped { text, raw }
    }

    /// The body span of `exact`, the first occurrence whose surroundings match `prefix` and
    /// `suffix` (whitespace-insensitively at the joins).
    pub fn find(&self, exact: &str, prefix: Option<&str>, suffix: Option<&str>) -> Option<Span> {
        let exact = exact.trim();
        if exact.is_empty() {
            return None;
        }
        for (pos, _) in self.text.match_indices(exact) {
            let before = self.text[..pos].trim_end();
            let after = self.text[pos + exact.len()..].trim_start();
            if prefix.is_some_and(|p| !before.ends_with(p.trim()))
                || suffix.is_some_and(|s| !after.starts_with(s.trim()))
            {
                continue;
            }
            let start = self.raw[pos];
            let last = pos + exact.len() - 1;
            return Some(Span {
                start,
                end: end_of_char(&self.raw, last, &self.text),
            });
        }
        None
    }
}

/// The body offset just past the character that ends at text byte `last`.
fn end_of_char(raw: &[usize], last: usize, text: &str) -> usize {
    let mut char_start = last;
    while !text.is_char_boundary(char_start) {
        char_start -= 1;
    }
    let len = text[char_start..].chars().next().map_or(1, char::len_utf8);
    raw[char_start] + len
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::briefing::{Anchor, FactNote, QuoteFix};

    fn quote(body: &str, inner: &str) -> Quote {
        let start = body.find(inner).unwrap() - '“'.len_utf8();
        let end = start + inner.len() + 2 * '“'.len_utf8();
        Quote {
            text: inner.into(),
            start,
            end,
            pieces: vec![Span { start, end }],
            ..Quote::default()
        }
    }

    #[test]
    fn quote_speaker_is_set_and_marked_editorial() {
        let body = "An official said, “These are tough fights.” Then more.\n";
        let mut a = Annotations {
            quotes: vec![quote(body, "These are tough fights.")],
            ..Default::default()
        };
        let front = FrontMatter {
            quote: vec![QuoteFix {
                text: "These are tough fights".into(),
                speaker: Some("Maj. Gen. Ali Hassan".into()),
                ..Default::default()
            }],
            ..Default::default()
        };
        assert!(apply(body, &front, &mut a).is_empty());
        assert_eq!(a.quotes[0].speaker.as_deref(), Some("Maj. Gen. Ali Hassan"));
        assert_eq!(a.quotes[0].origin, Origin::Editorial);
    }

    #[test]
    fn fact_note_anchors_through_escapes_and_ignore_drops() {
        let body = "The 370\\-mile border of “mokhtars” is long.\n";
        let mut a = Annotations {
            quotes: vec![quote(body, "mokhtars")],
            ..Default::default()
        };
        let front = FrontMatter {
            fact: vec![FactNote {
                text: "370-mile border".into(),
                note: Some("About 600 km.".into()),
                source: Some("https://example.org/atlas".into()),
                ..Default::default()
            }],
            ignore: vec![Anchor {
                text: "mokhtars".into(),
                ..Default::default()
            }],
            ..Default::default()
        };
        assert!(apply(body, &front, &mut a).is_empty());
        assert!(a.quotes.is_empty());
        let f = &a.facts[0];
        assert_eq!(&body[f.start..f.end], "370\\-mile border");
        assert_eq!(f.origin, Origin::Editorial);
        assert_eq!(f.note.as_deref(), Some("About 600 km."));
    }

    #[test]
    fn prefix_picks_the_occurrence_and_orphans_are_reported() {
        let body = "one cat, two cat, red cat\n";
        let view = Unescaped::new(body);
        let s = view.find("cat", Some("red"), None).unwrap();
        assert_eq!(s.start, body.rfind("cat").unwrap());
        let front = FrontMatter {
            ignore: vec![Anchor {
                text: "dog".into(),
                ..Default::default()
            }],
            ..Default::default()
        };
        let orphans = apply(body, &front, &mut Annotations::default());
        assert_eq!(orphans, vec!["[[ignore]] \"dog\"".to_string()]);
    }

    #[test]
    fn multibyte_spans_end_on_char_boundaries() {
        let body = "Café “déjà” vu\n";
        let s = Unescaped::new(body).find("déjà", None, None).unwrap();
        assert_eq!(&body[s.start..s.end], "déjà");
    }
}
