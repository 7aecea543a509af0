//! Evaluation of the quote finder and speaker attribution: the seed article (read at test time)
//! and a set of hand-written news-style passages under tests/data/quotes/, on raw and on
//! markdown-escaped text.

use gloss::annotate::people::People;
use gloss::annotate::{quotes, speakers, Quote};
use gloss::ingest::escape_markdown;
use std::path::Path;

fn annotate(body: &str) -> Vec<Quote> {
    let people = People::find(body);
    speakers::attribute(body, quotes::find(body), &people)
}

/// Escapes every paragraph as ingest does.
fn escape(body: &str) -> String {
    body.split("\n\n").map(escape_markdown).collect::<Vec<_>>().join("\n\n")
}

fn seed_body() -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds/000_8f9a9f19018dd6f0.txt");
    let raw = std::fs::read_to_string(path).expect("seed article");
    // Drop the two title lines.
    let mut lines = raw.lines();
    let mut skipped = 0;
    let mut rest = Vec::new();
    for l in lines.by_ref() {
        if skipped < 2 && !l.trim().is_empty() {
            skipped += 1;
            continue;
        }
        if skipped >= 2 {
            rest.push(l);
        }
    }
    rest.join("\n").trim().to_string()
}

fn check_seed(body: &str) {
    let q = annotate(body);
    for x in &q {
        eprintln!("{:?} <- {:?} ({:?}) {:?}", x.text.get(..40), x.speaker, x.speaker_mention, x.title);
    }
    assert_eq!(q.len(), 7, "exactly seven quotes");
    assert!(q.iter().all(|x| !x.text.eq_ignore_ascii_case("mokhtars")));
    assert!(q.iter().all(|x| !x.partial));
    let sp: Vec<String> = q.iter().map(|x| x.speaker.clone().unwrap_or_default()).collect();
    assert!(matches!(sp[0].as_str(), "an abductee" | "one abductee"), "{}", sp[0]);
    assert_eq!(sp[1], "Saad Mohammed");
    assert_eq!(q[1].title.as_deref(), Some("Col."));
    assert!(
        matches!(sp[2].as_str(), "an Iraqi military leader" | "one Iraqi military leader"),
        "{}",
        sp[2]
    );
    assert!(
        matches!(sp[3].as_str(), "another senior military official" | "a senior military official"),
        "{}",
        sp[3]
    );
    assert_eq!(sp[4], "Sam Heller");
    assert_eq!(sp[5], "Sam Heller");
    assert_eq!(q[5].speaker_mention.as_deref(), Some("Heller"));
    assert_eq!(sp[6], "a community elder");
    assert_eq!(q[4].organization.as_deref(), Some("International Crisis Group"));
    // Offsets: marks included, on the body.
    for x in &q {
        let s = &body[x.start..x.end];
        assert!(s.starts_with('“') && s.ends_with('”'), "{s}");
    }
}

#[test]
fn seed_quotes_and_speakers() {
    let body = seed_body();
    check_seed(&body);
    check_seed(&escape(&body));
}
