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
    body.split("\n\n")
        .map(escape_markdown)
        .collect::<Vec<_>>()
        .join("\n\n")
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
        eprintln!(
            "{:?} <- {:?} ({:?}) {:?}",
            x.text.get(..40),
            x.speaker,
            x.speaker_mention,
            x.title
        );
    }
    assert_eq!(q.len(), 7, "exactly seven quotes");
    assert!(q.iter().all(|x| !x.text.eq_ignore_ascii_case("mokhtars")));
    assert!(q.iter().all(|x| !x.partial));
    let sp: Vec<String> = q
        .iter()
        .map(|x| x.speaker.clone().unwrap_or_default())
        .collect();
    assert!(
        matches!(sp[0].as_str(), "an abductee" | "one abductee"),
        "{}",
        sp[0]
    );
    assert_eq!(sp[1], "Saad Mohammed");
    assert_eq!(q[1].title.as_deref(), Some("Col."));
    assert!(
        matches!(
            sp[2].as_str(),
            "an Iraqi military leader" | "one Iraqi military leader"
        ),
        "{}",
        sp[2]
    );
    assert!(
        matches!(
            sp[3].as_str(),
            "another senior military official" | "a senior military official"
        ),
        "{}",
        sp[3]
    );
    assert_eq!(sp[4], "Sam Heller");
    assert_eq!(sp[5], "Sam Heller");
    assert_eq!(q[5].speaker_mention.as_deref(), Some("Heller"));
    assert_eq!(sp[6], "a community elder");
    assert_eq!(
        q[4].organization.as_deref(),
        Some("International Crisis Group")
    );
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
    // Through the whole engine too.
    let all = gloss::annotate::annotate(&escape(&body), &gloss::annotate::Context::default());
    assert_eq!(all.quotes.len(), 7);
}

/// The person registry on the seed: names without titles, every mention, roles apart.
#[test]
fn seed_people() {
    let body = escape(&seed_body());
    let people = People::find(&body);
    let names: Vec<&str> = people.persons.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(names, ["Hisham al-Hashimi", "Saad Mohammed", "Sam Heller"]);
    let mohammed = &people.persons[1];
    assert_eq!(mohammed.title.as_deref(), Some("Col."));
    let mentions: Vec<&str> = mohammed
        .mentions
        .iter()
        .map(|m| &body[m.start..m.end])
        .collect();
    assert_eq!(mentions, ["Saad Mohammed", "Mohammed"]);
    assert_eq!(people.persons[0].role.as_deref(), Some("security analyst"));
    let heller = &people.persons[2];
    assert_eq!(heller.mentions.len(), 2);
    assert_eq!(
        heller.organization.as_deref(),
        Some("International Crisis Group")
    );
}

/// One expected quote.
struct Expected {
    text: String,
    speakers: Vec<String>,
    partial: bool,
}

/// Words of a quote text, lowercase, letters and digits only.
fn norm(s: &str) -> String {
    s.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect::<Vec<_>>()
        .join(" ")
}

fn parse_case(data: &str) -> (String, Vec<Expected>) {
    let (passage, expected) = data.split_once("\n===").expect("=== line");
    let mut out = Vec::new();
    for line in expected.lines().map(str::trim).filter(|l| !l.is_empty()) {
        let (text, rest) = line.split_once(" => ").expect("=> in expected line");
        let (rest, partial) = match rest.strip_suffix("[partial]") {
            Some(r) => (r.trim(), true),
            None => (rest.trim(), false),
        };
        let speakers = rest.split(" | ").map(|s| s.trim().to_string()).collect();
        out.push(Expected {
            text: norm(text),
            speakers,
            partial,
        });
    }
    (passage.trim().to_string(), out)
}

#[derive(Default, Debug)]
struct Score {
    predicted: usize,
    expected: usize,
    matched: usize,
    speaker_ok: usize,
    partial_ok: usize,
}

fn evaluate(escaped: bool) -> Score {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/quotes");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .expect("eval dir")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    files.sort();
    assert!(files.len() >= 30, "at least 30 passages");
    let mut score = Score::default();
    for f in &files {
        let (passage, expected) = parse_case(&std::fs::read_to_string(f).expect("case"));
        let body = if escaped { escape(&passage) } else { passage };
        let got = annotate(&body);
        let name = f
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or("?")
            .to_string();
        score.predicted += got.len();
        score.expected += expected.len();
        let mut used = vec![false; got.len()];
        for e in &expected {
            let hit = got
                .iter()
                .enumerate()
                .find(|(k, q)| !used[*k] && norm(&q.text) == e.text);
            let Some((k, q)) = hit else {
                eprintln!("[{name}] missed: {}", e.text);
                continue;
            };
            used[k] = true;
            score.matched += 1;
            let sp = q.speaker.clone().unwrap_or_else(|| "-".to_string());
            if e.speakers.iter().any(|s| s.eq_ignore_ascii_case(&sp)) {
                score.speaker_ok += 1;
            } else {
                eprintln!(
                    "[{name}] speaker {sp:?} for {:?}, expected {:?}",
                    e.text, e.speakers
                );
            }
            if q.partial == e.partial {
                score.partial_ok += 1;
            } else {
                eprintln!("[{name}] partial={} for {:?}", q.partial, e.text);
            }
        }
        for (k, q) in got.iter().enumerate() {
            if !used[k] {
                eprintln!("[{name}] spurious: {:?} ({:?})", q.text, q.speaker);
            }
            // Offsets on char boundaries, marks included.
            assert!(body.is_char_boundary(q.start) && body.is_char_boundary(q.end));
            assert!(q.start < q.end && q.end <= body.len());
        }
    }
    score
}

fn report(label: &str, s: &Score) -> (f64, f64, f64, f64) {
    let p = s.matched as f64 / s.predicted.max(1) as f64;
    let r = s.matched as f64 / s.expected.max(1) as f64;
    let f1 = if p + r > 0.0 {
        2.0 * p * r / (p + r)
    } else {
        0.0
    };
    let sa = s.speaker_ok as f64 / s.matched.max(1) as f64;
    let pa = s.partial_ok as f64 / s.matched.max(1) as f64;
    eprintln!(
        "{label}: quotes P={p:.3} R={r:.3} F1={f1:.3} speaker accuracy={sa:.3} partial flag={pa:.3} \
         ({} expected, {} predicted, {} matched)",
        s.expected, s.predicted, s.matched
    );
    (p, r, f1, sa)
}

/// Quote F1 and speaker accuracy over the hand-written passages must stay at what the engine
/// reaches, minus a small margin.
#[test]
fn eval_passages() {
    for escaped in [false, true] {
        let s = evaluate(escaped);
        let (_, _, f1, sa) = report(if escaped { "escaped" } else { "raw" }, &s);
        assert!(f1 >= 0.95, "quote F1 {f1:.3}");
        assert!(sa >= 0.95, "speaker accuracy {sa:.3}");
    }
}

/// Checks the invariants of the quotes and people of `body`: offsets in bounds, on char
/// boundaries, pieces and quotes in order.
fn check_invariants(body: &str) {
    let people = People::find(body);
    for p in &people.persons {
        for m in &p.mentions {
            assert!(m.start < m.end && m.end <= body.len());
            assert!(body.is_char_boundary(m.start) && body.is_char_boundary(m.end));
        }
        assert!(p.mentions.windows(2).all(|w| w[0].start <= w[1].start));
    }
    let q = speakers::attribute(body, quotes::find(body), &people);
    let mut last_end = 0;
    for x in &q {
        assert!(x.start <= x.end && x.end <= body.len(), "{x:?}");
        assert!(body.is_char_boundary(x.start) && body.is_char_boundary(x.end));
        assert!(x.start >= last_end, "quotes overlap or are out of order");
        last_end = x.end;
        let mut pe = x.start;
        for p in &x.pieces {
            assert!(p.start >= pe && p.start <= p.end && p.end <= x.end);
            assert!(body.is_char_boundary(p.start) && body.is_char_boundary(p.end));
            pe = p.end;
        }
    }
}

mod props {
    use super::*;
    use proptest::prelude::*;

    fn markish() -> impl Strategy<Value = String> {
        let parts = prop_oneof![
            Just("“"),
            Just("”"),
            Just("\""),
            Just("'"),
            Just("‘"),
            Just("’"),
            Just("«"),
            Just("»"),
            Just(" "),
            Just("\n\n"),
            Just("\n"),
            Just("said"),
            Just("Sam Heller"),
            Just(","),
            Just("."),
            Just("\\"),
            Just("\\."),
            Just("he"),
            Just("A"),
            Just("Col."),
            Just("according to"),
            Just(":"),
            Just("é"),
            Just("日本"),
            Just("🙂"),
            Just("al-"),
            Just("Mr"),
            Just("a spokesman for the"),
            Just("Heller"),
            Just("?"),
            Just("—"),
        ];
        prop::collection::vec(parts, 0..120).prop_map(|v| v.concat())
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 400, failure_persistence: None, ..ProptestConfig::default() })]
        #[test]
        fn arbitrary_unicode(s in "\\PC{0,300}") {
            check_invariants(&s);
        }

        #[test]
        fn full_of_quote_marks(s in markish()) {
            check_invariants(&s);
            check_invariants(&escape(&s));
        }
    }
}

/// A 1 MB paragraph (no paragraph break, marks everywhere, one left open) goes through in
/// linear time without a panic.
#[test]
fn one_megabyte_paragraph() {
    let unit = "“We will win,” said Col. Sam Heller, an analyst at the Group, “and soon.” \
                He added that the plan was “respectable” and known as “the plan”. \"Open ";
    let mut body = String::with_capacity(1 << 20);
    while body.len() < (1 << 20) {
        body.push_str(unit);
    }
    let t = std::time::Instant::now();
    check_invariants(&body);
    let secs = t.elapsed().as_secs_f64();
    eprintln!(
        "1 MB paragraph: {secs:.3}s ({:.1} MB/s)",
        1.0 / secs.max(1e-9)
    );
}
