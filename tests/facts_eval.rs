//! Evaluation of the facts annotator on a hand-written set (tests/data/facts/cases.txt), on
//! the seed article, and robustness checks (proptest, huge inputs).

mod escape_support;
use escape_support::escape_all;

use gloss::annotate::{facts, Context, Fact, FactKind};
use serde_json::Value;
use std::collections::BTreeMap;

struct Gold {
    kind: String,
    text: String,
    value: Value,
}

struct Case {
    sentence: String,
    gold: Vec<Gold>,
}

fn load() -> (Vec<Case>, Context) {
    load_file("cases.txt")
}

fn load_file(name: &str) -> (Vec<Case>, Context) {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/facts")
        .join(name);
    let data = std::fs::read_to_string(path).expect("cases file");
    let mut cases: Vec<Case> = Vec::new();
    let mut ctx = Context::default();
    for line in data.lines() {
        let line = line.trim_end();
        if let Some(d) = line.strip_prefix("@ref ") {
            ctx.reference_date = chrono::NaiveDate::parse_from_str(d.trim(), "%Y-%m-%d").ok();
        } else if let Some(s) = line.strip_prefix("> ") {
            cases.push(Case {
                sentence: s.to_string(),
                gold: Vec::new(),
            });
        } else if line.starts_with('#') || line.trim().is_empty() {
            continue;
        } else {
            let parts: Vec<&str> = line.splitn(3, " | ").collect();
            assert_eq!(parts.len(), 3, "bad line {line}");
            let textual = matches!(parts[0], "date" | "time" | "duration");
            let value = match serde_json::from_str(parts[2]) {
                Ok(Value::Number(_)) if textual => Value::String(parts[2].to_string()),
                Ok(v) => v,
                Err(_) => Value::String(parts[2].to_string()),
            };
            cases.last_mut().expect("case before gold").gold.push(Gold {
                kind: parts[0].to_string(),
                text: parts[1].to_string(),
                value,
            });
        }
    }
    (cases, ctx)
}

fn same_value(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => {
            let (x, y) = (
                x.as_f64().unwrap_or(f64::NAN),
                y.as_f64().unwrap_or(f64::NAN),
            );
            (x - y).abs() <= 1e-3 * y.abs().max(1.0)
        }
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(a, b)| same_value(a, b))
        }
        _ => a == b,
    }
}

#[derive(Default)]
struct Tally {
    gold: usize,
    span: usize,
    exact: usize,
    value: usize,
    fp: usize,
}

fn check_invariants(body: &str, facts: &[Fact]) {
    let mut last = 0;
    for f in facts {
        assert!(f.start < f.end && f.end <= body.len(), "bad span {f:?}");
        assert!(body.is_char_boundary(f.start) && body.is_char_boundary(f.end));
        assert!(f.start >= last, "overlap or disorder at {f:?}");
        last = f.end;
    }
}

/// Runs every case in raw and escaped form; returns per-kind tallies and negative-case FPs.
fn evaluate(file: &str, escaped: bool) -> (BTreeMap<String, Tally>, usize, Vec<String>) {
    let (cases, ctx) = load_file(file);
    let mut tallies: BTreeMap<String, Tally> = BTreeMap::new();
    let mut neg_fp = 0;
    let mut misses = Vec::new();
    for case in &cases {
        let body = if escaped {
            escape_all(&case.sentence)
        } else {
            case.sentence.clone()
        };
        let found = facts::find(&body, &ctx);
        check_invariants(&body, &found);
        let mut used = vec![false; found.len()];
        let mut from = 0;
        for g in &case.gold {
            let t = tallies.entry(g.kind.clone()).or_default();
            t.gold += 1;
            let needle = if escaped {
                escape_all(&g.text)
            } else {
                g.text.clone()
            };
            let Some(pos) = body[from..].find(&needle).map(|p| p + from) else {
                panic!("gold text {:?} not in {:?}", g.text, case.sentence);
            };
            let (gs, ge) = (pos, pos + needle.len());
            from = ge;
            let best = found
                .iter()
                .enumerate()
                .filter(|(_, f)| f.start < ge && gs < f.end)
                .max_by_key(|(_, f)| f.end.min(ge) - f.start.max(gs));
            match best {
                Some((k, f)) => {
                    used[k] = true;
                    t.span += 1;
                    if f.text == g.text {
                        t.exact += 1;
                    }
                    if f.kind.as_str() == g.kind && same_value(&f.value, &g.value) {
                        t.value += 1;
                    } else {
                        misses.push(format!(
                            "VALUE {:?}: want {} {} got {} {} ({:?})",
                            case.sentence,
                            g.kind,
                            g.value,
                            f.kind.as_str(),
                            f.value,
                            f.text
                        ));
                    }
                    if f.text != g.text {
                        misses.push(format!(
                            "TEXT {:?}: want {:?} got {:?}",
                            case.sentence, g.text, f.text
                        ));
                    }
                }
                None => misses.push(format!("MISS {:?}: {} {:?}", case.sentence, g.kind, g.text)),
            }
        }
        for (k, f) in found.iter().enumerate() {
            if !used[k] {
                tallies.entry(f.kind.as_str().to_string()).or_default().fp += 1;
                if case.gold.is_empty() {
                    neg_fp += 1;
                }
                misses.push(format!(
                    "FP {:?}: {} {:?} {}",
                    case.sentence,
                    f.kind.as_str(),
                    f.text,
                    f.value
                ));
            }
        }
    }
    (tallies, neg_fp, misses)
}

fn report(label: &str, tallies: &BTreeMap<String, Tally>) -> (f64, f64, usize) {
    eprintln!("\nfacts eval ({label})");
    eprintln!(
        "{:<10} {:>5} {:>8} {:>8} {:>8} {:>4}",
        "kind", "gold", "span_rec", "exact", "value", "fp"
    );
    let (mut g, mut s, mut v, mut fp, mut ex) = (0, 0, 0, 0, 0);
    for (kind, t) in tallies {
        // every kind must hold up on its own, not only on average
        if t.gold >= 5 {
            let r = t.span as f64 / t.gold as f64;
            assert!(r >= 0.75, "{label}: span recall {r:.3} for {kind}");
        }
        let d = t.gold.max(1) as f64;
        eprintln!(
            "{:<10} {:>5} {:>8.3} {:>8.3} {:>8.3} {:>4}",
            kind,
            t.gold,
            t.span as f64 / d,
            t.exact as f64 / d,
            t.value as f64 / t.span.max(1) as f64,
            t.fp
        );
        g += t.gold;
        s += t.span;
        v += t.value;
        fp += t.fp;
        ex += t.exact;
    }
    let recall = s as f64 / g.max(1) as f64;
    let value = v as f64 / s.max(1) as f64;
    let exact = ex as f64 / g.max(1) as f64;
    eprintln!(
        "{:<10} {:>5} {:>8.3} {:>8.3} {:>8.3} {:>4}",
        "ALL", g, recall, exact, value, fp
    );
    assert!(exact >= 0.8, "{label}: exact spans {exact:.3} < 0.8");
    (recall, value, fp)
}

#[test]
fn eval_cases_raw_and_escaped() {
    let (cases, _) = load();
    let golds: usize = cases.iter().map(|c| c.gold.len()).sum();
    let negatives = cases.iter().filter(|c| c.gold.is_empty()).count();
    assert!(golds >= 150, "only {golds} expected facts");
    assert!(negatives >= 20, "only {negatives} negative sentences");
    for escaped in [false, true] {
        let (tallies, neg_fp, misses) = evaluate("cases.txt", escaped);
        for m in &misses {
            eprintln!("  {m}");
        }
        let label = if escaped {
            "escaped markdown"
        } else {
            "raw text"
        };
        let (recall, value, fp) = report(label, &tallies);
        eprintln!(
            "false positives in {negatives} fact-free sentences: {neg_fp}; all extra facts: {fp}"
        );
        assert!(recall >= 0.85, "span recall {recall:.3} < 0.85 ({label})");
        assert!(value >= 0.85, "value accuracy {value:.3} < 0.85 ({label})");
        assert!(
            neg_fp <= 1,
            "{neg_fp} facts in fact-free sentences ({label})"
        );
        assert!(fp <= 8, "{fp} extra facts ({label})");
    }
}

#[test]
fn eval_holdout() {
    let (tallies, neg_fp, misses) = evaluate("holdout.txt", false);
    for m in &misses {
        eprintln!("  {m}");
    }
    let (recall, value, fp) = report("held-out set", &tallies);
    eprintln!("false positives in fact-free sentences: {neg_fp}; all extra facts: {fp}");
    assert!(recall >= 0.85, "held-out span recall {recall:.3}");
    assert!(value >= 0.85, "held-out value accuracy {value:.3}");
    assert!(neg_fp <= 1);
}

fn seed() -> String {
    let p = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds/000_8f9a9f19018dd6f0.txt");
    std::fs::read_to_string(p).expect("seed")
}

#[test]
fn seed_facts() {
    let ctx = Context {
        reference_date: chrono::NaiveDate::from_ymd_opt(2019, 11, 18),
    };
    for body in [seed(), escape_all(&seed())] {
        let found = facts::find(&body, &ctx);
        check_invariants(&body, &found);
        let has = |kind: &str, text: &str, value: Value| {
            found
                .iter()
                .any(|f| f.kind.as_str() == kind && f.text.contains(text) && f.value == value)
        };
        let fighters = found
            .iter()
            .find(|f| f.counts.as_deref() == Some("ISIS fighters"));
        let fighters = fighters.expect("the 1,000 fighters");
        assert_eq!(fighters.value, Value::from(1000));
        assert!(fighters.approximate && fighters.kind.as_str() == "quantity");
        assert!(has("duration", "eight months", "P8M".into()));
        assert!(has("date", "March", "2019-03".into()));
        let border = found
            .iter()
            .find(|f| f.text == "370-mile")
            .expect("370-mile");
        assert_eq!(border.kind.as_str(), "measure");
        assert_eq!(border.unit.as_deref(), Some("mi"));
        assert!(border
            .display
            .as_deref()
            .is_some_and(|d| d.contains("595 km")));
        let bullets = found
            .iter()
            .find(|f| f.counts.as_deref() == Some("bullets"))
            .expect("bullets");
        assert_eq!(bullets.value, Value::from(7));
        assert_eq!(
            found
                .iter()
                .filter(|f| f.value == Value::from("2017"))
                .count(),
            2
        );
        let half = found
            .iter()
            .find(|f| f.text == "half-square-mile")
            .expect("half-square-mile");
        assert_eq!(half.unit.as_deref(), Some("mi2"));
        assert!(half
            .display
            .as_deref()
            .is_some_and(|d| d.contains("1.3 km²")));
        assert!(has("duration", "a week", "P1W".into()));
        assert!(has("date", "2013", "2013".into()));
        assert!(has("date", "2014", "2014".into()));
        assert!(has("date", "earlier this year", "2019".into()));
        assert!(has("date", "beginning of this month", "2019-11".into()));
        for f in &found {
            let t = f.text.to_lowercase();
            assert!(!t.starts_with("one "), "determiner 'one' as a fact: {f:?}");
            assert!(!t.contains("every week"), "frequency as a fact: {f:?}");
        }
    }
}

#[test]
fn no_reference_date_keeps_relative_dates_null() {
    let found = facts::find(
        "The talks resumed last Tuesday and ended yesterday.",
        &Context::default(),
    );
    assert_eq!(found.len(), 2);
    assert!(found.iter().all(|f| f.relative && f.value.is_null()));
}

#[test]
fn a_weekday_takes_the_tense_of_the_verb_beside_it() {
    // 3 March 2025 was a Monday.
    let ctx = Context {
        reference_date: chrono::NaiveDate::from_ymd_opt(2025, 3, 3),
    };
    let value_of = |body: &str| {
        let found = facts::find(body, &ctx);
        let f = found.iter().find(|f| f.kind == FactKind::Date).cloned();
        f.and_then(|f| f.value.as_str().map(String::from))
    };
    for (body, want) in [
        // "plan" may speak of the future, but the verb beside the weekday is past.
        (
            "The port board on Monday approved a plan to deepen the harbour.",
            "2025-03-03",
        ),
        (
            "The board approved on Thursday a plan to widen the channel.",
            "2025-02-27",
        ),
        // What is still to come keeps the next such day.
        (
            "The vote will be held on Thursday, officials said.",
            "2025-03-06",
        ),
        // A forecast speaks of the next such day.
        (
            "Temperatures are forecast to reach 40C on Tuesday.",
            "2025-03-04",
        ),
        // A month with its year in words is one fact.
        ("She took over in March last year.", "2024-03"),
        ("Work starts in May next year.", "2026-05"),
    ] {
        assert_eq!(value_of(body).as_deref(), Some(want), "{body}");
    }
}

#[test]
fn votes_and_scores_are_not_quantities() {
    let ctx = Context::default();
    for body in [
        "The board voted 7-2 in favour.",
        "The committee backed it by a 5-1 vote.",
        "United won 3-1 at home.",
    ] {
        let found = facts::find(body, &ctx);
        assert!(
            found.iter().all(|f| f.kind != FactKind::Quantity),
            "{body}: {found:?}"
        );
    }
    // "m" after a number and before a verb is millions, not metres.
    let found = facts::find("It says 1.5m have fled. The wall is 2m high.", &ctx);
    let kinds: Vec<(FactKind, String)> = found.iter().map(|f| (f.kind, f.text.clone())).collect();
    assert_eq!(
        kinds,
        [
            (FactKind::Quantity, "1.5m".to_string()),
            (FactKind::Measure, "2m".to_string())
        ]
    );
    // A range written with a dash still is one.
    let found = facts::find("Between 10-15 workers were hurt.", &ctx);
    assert!(!found.is_empty());
}

#[test]
fn huge_and_hostile_inputs() {
    let ctx = Context {
        reference_date: chrono::NaiveDate::from_ymd_opt(2019, 11, 18),
    };
    for body in [
        "1,2,3,,4.5.6%%$$",
        "99999999999999999999999 people",
        "$$$ 1e400 \\\\\\ ---- 12:99 p.m. 31 February 2019 0000s",
        "\\",
        "9".repeat(5000).as_str(),
    ] {
        let found = facts::find(body, &ctx);
        check_invariants(body, &found);
    }
    let line =
        "About 1,000 fighters crossed the 370\\-mile border on Tuesday at 8 p.m. ".repeat(15_000);
    assert!(line.len() > 1_000_000);
    let t = std::time::Instant::now();
    let found = facts::find(&line, &ctx);
    let secs = t.elapsed().as_secs_f64();
    eprintln!(
        "1 MB line: {} facts in {:.3}s ({:.1} MB/s, debug build)",
        found.len(),
        secs,
        line.len() as f64 / 1e6 / secs
    );
    check_invariants(&line, &found);
    assert_eq!(found.len(), 15_000 * 3);
}

mod props {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(300))]
        #[test]
        fn never_panics_and_spans_are_sound(s in "\\PC{0,200}") {
            let ctx = Context { reference_date: chrono::NaiveDate::from_ymd_opt(2019, 11, 18) };
            let found = facts::find(&s, &ctx);
            check_invariants(&s, &found);
        }

        #[test]
        fn digit_soup(s in "[0-9.,%$£€\\\\ \\-:/a-z]{0,120}") {
            let found = facts::find(&s, &Context::default());
            check_invariants(&s, &found);
        }

        #[test]
        fn newsy_soup(words in proptest::collection::vec(prop_oneof![
            Just("1,000"), Just("seven"), Just("million"), Just("$"), Just("\\-"), Just("mile"),
            Just("March"), Just("2017"), Just("per"), Just("cent"), Just("last"), Just("Tuesday"),
            Just("at"), Just("8"), Just("p.m."), Just("between"), Just("and"), Just("a"),
            Just("week"), Just("ago"), Just("thousands"), Just("of"), Just("the"), Just("\\."),
            Just("years"), Just("old"), Just("half"), Just("square"), Just("°"), Just("F"),
        ], 0..40)) {
            let s = words.join(" ");
            let ctx = Context { reference_date: chrono::NaiveDate::from_ymd_opt(2019, 11, 18) };
            let found = facts::find(&s, &ctx);
            check_invariants(&s, &found);
            // and escaped: the text of a fact is its raw span without the escapes
            let e = escape_all(&s);
            let found = facts::find(&e, &ctx);
            check_invariants(&e, &found);
            for f in &found {
                let raw = &e[f.start..f.end];
                let mut plain = String::new();
                let mut chars = raw.chars().peekable();
                while let Some(c) = chars.next() {
                    if c == '\\' && chars.peek().is_some_and(|n| n.is_ascii_punctuation()) {
                        continue;
                    }
                    plain.push(c);
                }
                prop_assert_eq!(&plain, &f.text);
            }
        }
    }
}

#[test]
fn throughput_on_news_text() {
    let ctx = Context {
        reference_date: chrono::NaiveDate::from_ymd_opt(2019, 11, 18),
    };
    let body = escape_all(&seed()).repeat(250);
    let t = std::time::Instant::now();
    let found = facts::find(&body, &ctx);
    let secs = t.elapsed().as_secs_f64();
    eprintln!(
        "news text: {:.1} MB, {} facts in {:.3}s ({:.1} MB/s; unoptimised unless built with opt-level)",
        body.len() as f64 / 1e6,
        found.len(),
        secs,
        body.len() as f64 / 1e6 / secs
    );
    check_invariants(&body, &found);
}

#[test]
fn sentences_read_alike_alone_and_in_a_paragraph() {
    let (cases, ctx) = load();
    let mut body = String::new();
    let mut alone = Vec::new();
    for c in &cases {
        if !body.is_empty() {
            body.push(' ');
        }
        let offset = body.len();
        body.push_str(&c.sentence);
        for f in facts::find(&c.sentence, &ctx) {
            alone.push((f.start + offset, f.end + offset, f.kind, f.value.clone()));
        }
    }
    let together: Vec<_> = facts::find(&body, &ctx)
        .into_iter()
        .map(|f| (f.start, f.end, f.kind, f.value))
        .collect();
    let differ: Vec<_> = together.iter().filter(|f| !alone.contains(f)).collect();
    for d in &differ {
        eprintln!("differs in a paragraph: {:?} {:?}", &body[d.0..d.1], d);
    }
    assert!(
        differ.len() <= 3,
        "{} facts change with their neighbours",
        differ.len()
    );
    assert!(together.len() + 3 >= alone.len());
}
