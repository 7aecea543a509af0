//! Annotations as the build cache stores them: positionally (MessagePack arrays, no field
//! names), which halves a cached site and reads faster. Fields that the JSON output leaves out
//! when empty are always written here, so positions never shift. Writing borrows from the
//! briefings; reading makes the annotations again.

use crate::annotate::{Annotations, Fact, FactKind, Mention, Origin, Quote, Span};
use serde::Serialize;
use std::path::{Path, PathBuf};

type QuoteRow = (
    String,
    Option<String>,
    Option<String>,
    bool,
    usize,
    usize,
    Vec<Span>,
    Option<String>,
    Option<String>,
    Option<String>,
    Origin,
);

type FactRow = (
    String,
    FactKind,
    serde_json::Value,
    Option<String>,
    bool,
    usize,
    usize,
    bool,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
    Origin,
);

/// One content file's entry as read: (path, hash of its bytes, quotes, facts, entities,
/// orphaned notes).
pub(super) type Entry = (
    PathBuf,
    u64,
    Vec<QuoteRow>,
    Vec<FactRow>,
    Vec<Mention>,
    Vec<String>,
);

/// One content file's entry for writing, borrowed: the same array as [`Entry`].
pub(super) fn entry<'a>(
    path: &'a Path,
    hash: u64,
    a: &'a Annotations,
    orphans: &'a [String],
) -> impl Serialize + 'a {
    let quotes: Vec<_> = a
        .quotes
        .iter()
        .map(|q| {
            (
                &q.text,
                &q.speaker,
                &q.speaker_mention,
                q.partial,
                q.start,
                q.end,
                &q.pieces,
                &q.title,
                &q.role,
                &q.organization,
                q.origin,
            )
        })
        .collect();
    let facts: Vec<_> = a
        .facts
        .iter()
        .map(|f| {
            (
                &f.text,
                f.kind,
                &f.value,
                &f.unit,
                f.approximate,
                f.start,
                f.end,
                f.relative,
                &f.counts,
                &f.display,
                &f.note,
                &f.source,
                f.origin,
            )
        })
        .collect();
    (path, hash, quotes, facts, &a.entities, orphans)
}

/// The annotations of an entry as read.
pub(super) fn annotations(
    quotes: Vec<QuoteRow>,
    facts: Vec<FactRow>,
    entities: Vec<Mention>,
) -> Annotations {
    let quotes = quotes
        .into_iter()
        .map(
            |(
                text,
                speaker,
                speaker_mention,
                partial,
                start,
                end,
                pieces,
                title,
                role,
                organization,
                origin,
            )| Quote {
                text,
                speaker,
                speaker_mention,
                partial,
                start,
                end,
                pieces,
                title,
                role,
                organization,
                origin,
            },
        )
        .collect();
    let facts = facts
        .into_iter()
        .map(
            |(
                text,
                kind,
                value,
                unit,
                approximate,
                start,
                end,
                relative,
                counts,
                display,
                note,
                source,
                origin,
            )| Fact {
                text,
                kind,
                value,
                unit,
                approximate,
                start,
                end,
                relative,
                counts,
                display,
                note,
                source,
                origin,
            },
        )
        .collect();
    Annotations {
        quotes,
        facts,
        entities,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::annotate::{annotate, Context};

    #[test]
    fn annotations_survive_the_round_trip() {
        let body = "\"We will rebuild the pier,\" said Mara Olsen, the harbour master, on \
                    4 March 2021. About 1,200 people in Porto lost power for 3 hours, and \
                    repairs cost $2.5 million, 12% more than planned.";
        let mut a = annotate(body, &Context::default());
        assert!(!a.quotes.is_empty() && !a.facts.is_empty() && !a.entities.is_empty());
        // Every optional field set somewhere, so a shifted position would show.
        a.facts[0].note = Some("checked".into());
        a.facts[0].source = Some("https://example.org/".into());
        a.quotes[0].title = Some("Capt.".into());
        a.quotes[0].origin = Origin::Editorial;
        let orphans = vec!["gone".to_string()];
        let bytes = rmp_serde::to_vec(&entry(Path::new("content/a.md"), 7, &a, &orphans)).unwrap();
        let (path, hash, quotes, facts, entities, back_orphans): Entry =
            rmp_serde::from_slice(&bytes).unwrap();
        assert_eq!((path, hash), (PathBuf::from("content/a.md"), 7));
        assert_eq!(annotations(quotes, facts, entities), a);
        assert_eq!(back_orphans, orphans);
    }
}
