use super::*;
use crate::annotate::people::Person;
use crate::annotate::Span;
use proptest::prelude::*;

fn person(name: &str, body: &str, words: &[&str]) -> Person {
    let mut mentions = Vec::new();
    for w in words {
        let mut from = 0;
        while let Some(at) = body[from..].find(w) {
            mentions.push(Span {
                start: from + at,
                end: from + at + w.len(),
            });
            from += at + w.len();
        }
    }
    Person {
        name: name.into(),
        title: None,
        role: None,
        organization: None,
        gender: None,
        mentions,
    }
}

fn triples(body: &str, people: &People) -> Vec<(String, &'static str, String)> {
    let found = find(body, people);
    assert_valid(body, &found);
    found
        .into_iter()
        .map(|m| (m.text, m.kind.as_str(), m.name))
        .collect()
}

/// The canonical names of `body`'s mentions, in order (no people known).
fn names_in(body: &str) -> Vec<String> {
    find(body, &People::default())
        .into_iter()
        .map(|m| m.name)
        .collect()
}

fn t(text: &str, kind: &'static str, name: &str) -> (String, &'static str, String) {
    (text.into(), kind, name.into())
}

fn assert_valid(body: &str, found: &[Mention]) {
    let mut last = 0;
    for m in found {
        assert!(m.start < m.end && m.end <= body.len(), "{m:?}");
        assert!(
            body.is_char_boundary(m.start) && body.is_char_boundary(m.end),
            "{m:?}"
        );
        assert!(m.start >= last, "overlap/disorder {m:?}");
        last = m.end;
    }
}

#[test]
fn islamic_state_aliases_are_one_entity() {
    let body = "Fighters of the Islamic State group (ISIS) crossed from Syria into Iraq near Qaim.";
    assert_eq!(
        triples(body, &People::default()),
        [
            t("Islamic State", "organization", "Islamic State"),
            t("ISIS", "organization", "Islamic State"),
            t("Syria", "place", "Syria"),
            t("Iraq", "place", "Iraq"),
            t("Qaim", "place", "Qaim"),
        ]
    );
}

#[test]
fn short_alias_needs_a_long_one() {
    // "IS" alone is too ambiguous; with "Islamic State" in the body it is the group.
    assert!(triples("Officials said IS fighters fled.", &People::default()).is_empty());
    let got = triples(
        "The Islamic State is weaker. IS fighters fled.",
        &People::default(),
    );
    assert_eq!(got.last(), Some(&t("IS", "organization", "Islamic State")));
    // Shouting lines say nothing about names.
    assert!(triples("THIS IS WHO WE ARE AND US TOO", &People::default()).is_empty());
}

#[test]
fn united_states_acts_or_is_a_place() {
    let got = triples(
        "The U.S. backed forces, then troops went home to the U.S.",
        &People::default(),
    );
    assert_eq!(
        got,
        [
            t("U.S.", "organization", "United States"),
            t("U.S.", "place", "United States")
        ]
    );
}

#[test]
fn escaped_markdown_offsets_point_into_the_body() {
    let body = r"The U\.S\. strike near al\-Qaim \(Iraq\) hit Iraq’s Defense Ministry\.";
    let found = find(body, &People::default());
    assert_valid(body, &found);
    let got: Vec<(&str, &str, &str)> = found
        .iter()
        .map(|m| (m.text.as_str(), &body[m.start..m.end], m.name.as_str()))
        .collect();
    assert_eq!(
        got,
        [
            ("U.S.", r"U\.S\.", "United States"),
            ("al-Qaim", r"al\-Qaim", "Qaim"),
            ("Iraq", "Iraq", "Iraq"),
            (
                "Iraq’s Defense Ministry",
                "Iraq’s Defense Ministry",
                "Iraq's Defense Ministry"
            ),
        ]
    );
}

#[test]
fn markup_is_not_prose() {
    let body = "See [the Iraq report](https://example.org/Iraq/Mosul) and `Syria` or \
                <a href=\"/Qaim\">Qaim</a> at www.Baghdad.example, then Erbil.";
    let got: Vec<String> = find(body, &People::default())
        .into_iter()
        .map(|m| m.text)
        .collect();
    assert_eq!(got, ["Iraq", "Qaim", "Erbil"]);
    let ranges = scan::protected_ranges("a `b` c\\`d ](e f) <x> <3 http://y z");
    assert_eq!(ranges, [(2, 5), (11, 14), (18, 21), (25, 33)]);
}

#[test]
fn short_org_names_join_the_long_one() {
    let body = "Iraq’s Defense Ministry denied it. Later the Defense Ministry and the Iraqi \
                Defense Ministry agreed.";
    let names = names_in(body);
    assert_eq!(names, ["Iraq's Defense Ministry"; 3]);
}

#[test]
fn an_organisation_name_stops_before_a_date_after_a_connector() {
    let body = "The Halden Bay Port Authority on Monday approved the plan. The Council on \
                Foreign Relations and the Bank of England disagreed.";
    let names: Vec<String> = find(body, &People::default())
        .into_iter()
        .filter(|m| m.kind == EntityKind::Organization)
        .map(|m| m.name)
        .collect();
    assert_eq!(
        names,
        [
            "Halden Bay Port Authority",
            "Council on Foreign Relations",
            "Bank of England"
        ]
    );
    let body = "The Liberal Democrats said the target would be missed. Analysts at Brightwater \
                Capital agreed, Norvald Systems cut jobs, and the Halden Bay Gazette reported it.";
    let got = triples(body, &People::find(body));
    assert_eq!(
        got,
        [
            t("Liberal Democrats", "organization", "Liberal Democrats"),
            t("Brightwater Capital", "organization", "Brightwater Capital"),
            t("Norvald Systems", "organization", "Norvald Systems"),
            t("Halden Bay Gazette", "organization", "Halden Bay Gazette")
        ]
    );
}

#[test]
fn an_unknown_dateline_opening_the_story_is_a_place() {
    let got = triples(
        "HALDEN BAY — The port board met.\n\nLater the board left.",
        &People::default(),
    );
    assert_eq!(got[0], t("HALDEN BAY", "place", "Halden Bay"));
    // Labels before a dash, and capitals later in the story, are not.
    for body in [
        "BREAKING — The port board met.",
        "ANALYSIS — The port board met.",
        "The board met.\n\nKELMONT FALLS — Crews left.",
    ] {
        assert!(
            triples(body, &People::default())
                .iter()
                .all(|(_, kind, _)| *kind != "place"),
            "{body}"
        );
    }
}

#[test]
fn agencies_known_by_their_acronym() {
    let body = "NASA paid the firm. Waiting lists fell, the NHS said, and the FDA agreed.";
    let names = names_in(body);
    assert_eq!(
        names,
        [
            "NASA",
            "National Health Service",
            "Food and Drug Administration"
        ]
    );
}

#[test]
fn acronym_defined_in_brackets() {
    let body = "The Sinjar Resistance Units (YBS) withdrew. YBS fighters later returned.";
    let got = triples(body, &People::default());
    assert_eq!(got.len(), 3);
    assert!(got
        .iter()
        .all(|(_, k, n)| *k == "organization" && n == "Sinjar Resistance Units"));
}

#[test]
fn aliases_given_in_the_text() {
    let body = "The Sinjar Resistance Units, also known as YBS, withdrew. Later YBS returned. The \
                Northern Oil Company (also known as NOC) said NOC output fell.";
    let names = names_in(body);
    assert_eq!(
        names,
        [
            "Sinjar Resistance Units",
            "Sinjar Resistance Units",
            "Sinjar Resistance Units",
            "Northern Oil Company",
            "Northern Oil Company",
            "Northern Oil Company"
        ]
    );
}

#[test]
fn persons_win_unless_the_place_is_clear() {
    let body = "Jordan said the talks in Jordan went well.";
    let p = person("Jordan Smith", body, &["Jordan"]);
    let got = triples(body, &People::from_persons(vec![p]));
    assert_eq!(
        got,
        [
            t("Jordan", "person", "Jordan Smith"),
            t("Jordan", "place", "Jordan")
        ]
    );

    let body = "Georgia Hill met officials in Baghdad.";
    let p = person("Georgia Hill", body, &["Georgia Hill"]);
    let got = triples(body, &People::from_persons(vec![p]));
    assert_eq!(
        got,
        [
            t("Georgia Hill", "person", "Georgia Hill"),
            t("Baghdad", "place", "Baghdad")
        ]
    );

    // A person span inside an organisation name still wins.
    let body = "The Hashimi Foundation said so.";
    let p = person("Hisham al-Hashimi", body, &["Hashimi"]);
    let got = triples(body, &People::from_persons(vec![p]));
    assert_eq!(got, [t("Hashimi", "person", "Hisham al-Hashimi")]);
}

#[test]
fn bad_person_spans_are_ignored() {
    let body = "Qaim é";
    let p = Person {
        name: "X".into(),
        title: None,
        role: None,
        organization: None,
        gender: None,
        mentions: vec![
            Span { start: 6, end: 7 },
            Span { start: 3, end: 99 },
            Span { start: 2, end: 1 },
        ],
    };
    let got = triples(body, &People::from_persons(vec![p]));
    assert_eq!(got, [t("Qaim", "place", "Qaim")]);
}

#[test]
fn demonyms_months_and_sentence_starts_are_not_places() {
    for body in [
        "The Iraqi commander said in March that Syrian troops left on Monday.",
        "In January the Kurdish families returned.",
        "Security officials said Islamist fighters travel at night.",
        "She spoke in English to reporters.",
    ] {
        assert!(triples(body, &People::default()).is_empty(), "{body}");
    }
}

#[test]
fn place_rules() {
    let got = triples(
        "Shelling hit Baghouz, Syria, and the town of Rawa; the Adhaim River rose near Lake \
         Tharthar and in Tal Afar.",
        &People::default(),
    );
    let names: Vec<&str> = got.iter().map(|(_, _, n)| n.as_str()).collect();
    assert_eq!(
        names,
        [
            "Baghouz",
            "Syria",
            "Rawa",
            "Adhaim River",
            "Lake Tharthar",
            "Tal Afar"
        ]
    );
    assert!(got.iter().all(|(_, k, _)| *k == "place"));
}

#[test]
fn known_place_lookup() {
    assert!(is_known_place("Iraq"));
    assert!(is_known_place("Qaim"));
    assert!(is_known_place("Euphrates"));
    assert!(is_known_place("Jordan"));
    assert!(!is_known_place("Iraqi"));
    assert!(!is_known_place("iraq"));
    assert!(!is_known_place("Islamic State"));
}

#[test]
fn big_inputs_are_linear_and_safe() {
    let para = "ISIS fighters crossed from Syria into Iraq near Qaim, the Defense Ministry said. \
                The International Crisis Group’s Sam Heller visited Baghouz, Syria. ";
    let body = para.repeat(1_000_000 / para.len() + 1);
    let start = std::time::Instant::now();
    let found = find(&body, &People::default());
    let secs = start.elapsed().as_secs_f64();
    assert_valid(&body, &found);
    assert!(found.len() > 10_000);
    eprintln!("entities: {:.1} MB/s", body.len() as f64 / secs / 1e6);
    // One megabyte without spaces or newlines.
    let body = "Ab".repeat(500_000);
    assert!(find(&body, &People::default()).is_empty());
    let body = "IRAQ SYRIA QAIM ".repeat(60_000);
    assert_valid(&body, &find(&body, &People::default()));
    let body = "a://www.Iraq`<b".repeat(70_000);
    assert_valid(&body, &find(&body, &People::default()));
    let body = "`Iraq <b ".repeat(100_000);
    assert_valid(&body, &find(&body, &People::default()));
    let body = "Ministry of ".repeat(90_000);
    assert_valid(&body, &find(&body, &People::default()));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn never_panics_on_all_caps(s in "[A-Z ,.()'’\\\\-]{0,300}") {
        let found = find(&s, &People::default());
        assert_valid(&s, &found);
    }

    #[test]
    fn never_panics_on_unicode(s in "\\PC{0,300}") {
        let found = find(&s, &People::default());
        assert_valid(&s, &found);
    }

    #[test]
    fn never_panics_on_name_soup(
        words in prop::collection::vec(
            prop::sample::select(vec![
                "Iraq", "Iraq’s", "ISIS", "IS", "U.S.", r"U\.S\.", "the", "of", "in", "near",
                "Ministry", "Defense", "Group", "Crisis", ",", "(", ")", r"\(", "River", "Lake",
                "Jordan", "Iraqi", "government", "and", "Syria", "é", "\n", "’s", "Al-", "al-",
                "Mount", "Gulf", "X", "—", "\\", "SDF", "'", "Workers'", "Party", ".",
            ]),
            0..60,
        ),
        seps in prop::collection::vec(prop::sample::select(vec![" ", "", "  ", "\t"]), 60),
        spans in prop::collection::vec((0usize..400, 0usize..400), 0..5),
    ) {
        let mut body = String::new();
        for (w, s) in words.iter().zip(seps.iter()) {
            body.push_str(w);
            body.push_str(s);
        }
        let mentions = spans.iter().map(|&(a, b)| Span { start: a, end: b }).collect();
        let p = Person {
            name: "P".into(),
            title: None,
            role: None,
            organization: None,
            gender: None,
            mentions,
        };
        let found = find(&body, &People::from_persons(vec![p]));
        assert_valid(&body, &found);
        for m in &found {
            prop_assert!(!m.name.is_empty());
        }
    }
}

#[test]
#[ignore]
fn speed_profile() {
    let para = "ISIS fighters crossed from Syria into Iraq near Qaim, the Defense Ministry said. \
                The International Crisis Group’s Sam Heller visited Baghouz, Syria. Officials \
                said the attacks came at night, mostly in rural areas far from the towns. ";
    let body = para.repeat(1_000_000 / para.len() + 1);
    // CPU time of this thread (the machine is shared): utime + stime from /proc, in ticks.
    let cpu = || -> f64 {
        let stat = std::fs::read_to_string("/proc/thread-self/stat").unwrap_or_default();
        let after = stat.rsplit_once(')').map_or("", |(_, a)| a);
        let f: Vec<f64> = after
            .split_whitespace()
            .map(|x| x.parse().unwrap_or(0.0))
            .collect();
        (f.get(11).copied().unwrap_or(0.0) + f.get(12).copied().unwrap_or(0.0)) / 100.0
    };
    let best = |f: &dyn Fn()| {
        let t = cpu();
        for _ in 0..30 {
            f();
        }
        (cpu() - t) / 30.0
    };
    let clean = Clean::new(&body);
    let mb = body.len() as f64 / 1e6;
    let report = |what: &str, secs: f64| eprintln!("{what:<10} {:>8.1} MB/s", mb / secs);
    report("clean", best(&|| drop(Clean::new(&body))));
    let words = crate::annotate::text::words(&clean.text);
    report(
        "tokenize",
        best(&|| drop(scan::tokenize(&clean.text, &words))),
    );
    report(
        "known",
        best(&|| drop(find_known(Lexicon::get(), &clean.text))),
    );
    report("doc", best(&|| drop(Doc::new(&clean.text, &words))));
    let doc = Doc::new(&clean.text, &words);
    report("places", best(&|| places::known(&doc, &mut Vec::new())));
    report("orgs", best(&|| orgs::rules(&doc, &mut Vec::new())));
    report("prules", best(&|| places::rules(&doc, &mut Vec::new())));
    report("oknown", best(&|| orgs::known(&doc, &mut Vec::new())));
    let mut cands = Vec::new();
    places::known(&doc, &mut cands);
    orgs::known(&doc, &mut cands);
    orgs::rules(&doc, &mut cands);
    places::rules(&doc, &mut cands);
    report(
        "acronyms",
        best(&|| orgs::acronyms(&doc, &mut cands.clone())),
    );
    report("clone", best(&|| drop(cands.clone())));
    report("group", best(&|| group_orgs(&doc, &mut cands.clone())));
    eprintln!("candidates {}", cands.len());
    report("find", best(&|| drop(find(&body, &People::default()))));
    let seed =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds/000_8f9a9f19018dd6f0.txt");
    let seed = std::fs::read_to_string(seed).unwrap_or_default();
    let news = seed.repeat(1_000_000 / seed.len().max(1) + 1);
    let n = find(&news, &People::default()).len();
    let mb = news.len() as f64 / 1e6;
    eprintln!(
        "seed x{}: {} mentions, {:.1} MB/s",
        news.len() / seed.len().max(1),
        n,
        mb / best(&|| drop(find(&news, &People::default())))
    );
}

#[test]
#[ignore]
fn dump() {
    let path = std::env::var("DUMP").unwrap_or_default();
    let body = std::fs::read_to_string(path).unwrap_or_default();
    for m in find(&body, &People::default()) {
        eprintln!(
            "{:>6} {:<13} {:<40} {}",
            m.start,
            m.kind.as_str(),
            m.text,
            m.name
        );
    }
}

#[test]
#[ignore]
fn seed_speed_loop() {
    let seed =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds/000_8f9a9f19018dd6f0.txt");
    let seed = std::fs::read_to_string(seed).unwrap_or_default();
    let mut news = seed.repeat(1_000_000 / seed.len().max(1) + 1);
    if std::env::var_os("ESCAPED").is_some() {
        news = news
            .lines()
            .map(crate::ingest::escape_markdown)
            .collect::<Vec<_>>()
            .join("\n");
    }
    let mut n = 0;
    for _ in 0..20 {
        n += find(&news, &People::default()).len();
    }
    eprintln!("{} MB processed, {n} mentions", 20 * news.len() / 1_000_000);
}
