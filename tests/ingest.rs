//! Ingest tests: decoding, escaping (property test against pulldown-cmark), cleaning of the
//! seed and of invented whole-page scrapes (shingle F1), and the issue-10 edge cases.

mod ingest_support;

use gloss::ingest::escape::normalized;
use gloss::ingest::{clean, decode, escape_markdown, Rules};
use proptest::prelude::*;
use pulldown_cmark::{Event, Parser};

/// The plain text of a markdown rendering: text and code contents, breaks as spaces.
fn rendered_text(markdown: &str) -> String {
    let mut out = String::new();
    for event in Parser::new_ext(markdown, gloss::render::markdown::options()) {
        match event {
            Event::Text(t) | Event::Code(t) => out.push_str(&t),
            Event::SoftBreak | Event::HardBreak => out.push(' '),
            _ => {}
        }
    }
    out
}

fn markdownish() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        4 => any::<char>().prop_map(|c| c.to_string()),
        6 => prop::sample::select(vec![
            "*", "**", "_", "__", "`", "```", "~", "~~", "#", "# ", "## ", "1. ", "2) ", "- ", "+ ",
            "* ", "> ", "[", "]", "(", ")", "[x](y)", "![a](b)", "[^1]", "[^1]: ", "<", ">",
            "<script>", "</b>", "<!--", "&amp;", "&#60;", "&#x3C;", "&copy", "&", "\\", "\\\\",
            "\"", "'", "\u{201c}", "\u{2019}", "--", "---", "...", ".", "|", "| a | b |", "|---|",
            "{#id}", "=", "===", " ", "  ", "\n", "\n\n", "\t", "    ", "\r\n", "a", "word ", "1",
            "42", "http://x.y", "www.a.b", "<http://a.b>", "$", "^", ":", "!",
        ])
        .prop_map(str::to_string),
    ];
    prop::collection::vec(piece, 0..40).prop_map(|v| v.concat())
}

/// A line of a scraped page: prose, furniture, dates, blank lines, or random text.
fn page_line() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::sample::select(vec![
            "",
            "",
            "Home | News | Sport",
            "Share this:",
            "Advertisement",
            "By Jane Doe",
            "Published: 5 November 2019",
            "\u{201C}We will stay,\u{201D} she said.",
            "Related stories",
            "Ad Blocker Detected!",
            "Thank You!",
            "\u{A9} 2024 Site",
            "The council voted on Tuesday to close the bridge for repairs, officials said.",
            "Traders said the closure would hurt business during the busiest months of the year.",
            "Floods hit coastal road",
            "jim_r",
            "2 hours ago",
            "Q: Why?",
            "A: Because.",
        ])
        .prop_map(str::to_string),
        "\\PC{0,80}",
        markdownish(),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1024))]

    #[test]
    fn escaped_text_renders_back_exactly(text in markdownish()) {
        let escaped = escape_markdown(&text);
        prop_assert_eq!(rendered_text(&escaped), normalized(&text), "escaped: {:?}", escaped);
    }

    #[test]
    fn escaped_text_renders_back_unicode(text in "\\PC{0,60}") {
        let escaped = escape_markdown(&text);
        prop_assert_eq!(rendered_text(&escaped), normalized(&text), "escaped: {:?}", escaped);
    }

    #[test]
    fn clean_keeps_only_input_text(lines in prop::collection::vec(page_line(), 0..30)) {
        let text = lines.join("\n");
        if let Some(ing) = clean(&text, &Rules::default()) {
            prop_assert!(!ing.title.trim().is_empty());
            prop_assert!(!ing.paragraphs.is_empty());
            let words: std::collections::HashSet<&str> = text.split_whitespace().collect();
            for p in &ing.paragraphs {
                prop_assert!(!p.is_empty() && !p.contains('\n') && !p.contains("  "));
                prop_assert!(p.split_whitespace().all(|w| words.contains(w)), "invented text: {:?}", p);
            }
        }
    }

    #[test]
    fn decode_and_clean_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..400)) {
        if let Ok(d) = decode(&bytes) {
            let _ = clean(&d.text, &Rules::default());
        }
    }
}

#[test]
fn unescaped_text_would_change() {
    // The property test is meaningful: raw text does not survive smart punctuation or markup.
    assert_ne!(rendered_text("it's \"x\" -- y..."), "it's \"x\" -- y...");
    assert_ne!(rendered_text("a *b* <i>c</i>"), "a *b* <i>c</i>");
    assert_eq!(
        rendered_text(&escape_markdown("it's \"x\" -- y...")),
        "it's \"x\" -- y..."
    );
    assert_eq!(
        rendered_text(&escape_markdown("<script>alert(1)</script>")),
        "<script>alert(1)</script>"
    );
}

fn seed_text() -> String {
    let path =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds/000_8f9a9f19018dd6f0.txt");
    let bytes = std::fs::read(path).expect("the seed is in the repository");
    decode(&bytes).expect("the seed decodes").text
}

#[test]
fn seed_cleans() {
    let text = seed_text();
    let ing = clean(&text, &Rules::default()).expect("the seed has a story");
    eprintln!(
        "title: {:?}\n{} paragraphs; dropped: {:?}",
        ing.title,
        ing.paragraphs.len(),
        ing.dropped
    );
    assert_eq!(ing.title, "ISIS is Worming Their Way Back into Iraq");
    // The story paragraphs are the seed's blank-line blocks between the repeated title and the
    // ad-blocker notice; counted from the text so no seed text is copied here.
    let blocks: Vec<&str> = text
        .split("\n\n")
        .map(str::trim)
        .filter(|b| !b.is_empty())
        .collect();
    let notice = blocks
        .iter()
        .position(|b| b.starts_with("Ad Blocker"))
        .expect("notice present");
    assert_eq!(ing.paragraphs.len(), notice - 2);
    assert_eq!(ing.paragraphs.len(), 11);
    for p in &ing.paragraphs {
        assert!(!p.contains("Ad Blocker") && !p.contains("adblocking") && !p.contains("Thank You"));
        assert_ne!(p, &ing.title);
    }
    assert_eq!(ing.paragraphs[0], blocks[2]);
    assert_eq!(
        ing.paragraphs.last().map(String::as_str),
        Some(blocks[notice - 1])
    );
    // Typographic quotes survive exactly.
    assert!(ing.paragraphs.iter().any(|p| p.contains('\u{201C}')));
}

/// Invented whole-page scrapes (tests/data/ingest/pages, built by pages_src/mk.py) against their
/// hand-cleaned bodies: mean F1 of multiset word 4-gram shingles (multiset, so duplicated output
/// is penalised). Pages 01-12 were written with the classifier; 13-16, 17-20, 21-24, 25-28 and
/// 29-32 were each written as a batch before running it (first-run mean F1 0.94, 0.93, 0.96,
/// 0.94, 0.96; titles 2/4, 2/4, 3/4, 4/4, 4/4), then the rules were generalised.
#[test]
fn whole_pages_come_out_as_the_story() {
    let pages = ingest_support::pages();
    assert!(pages.len() >= 12, "at least 12 invented pages");
    let (mut sum_f1, mut sum_base, mut titles, mut dates) = (0.0, 0.0, 0, 0);
    for page in &pages {
        let text = decode(page.page.as_bytes()).expect("page decodes").text;
        let ing = clean(&text, &Rules::default()).expect("page has a story");
        let (p, r, f1) = ingest_support::shingle_f1(&ing.paragraphs, &page.body);
        let everything: Vec<String> = text.lines().map(str::to_string).collect();
        let (_, _, base) = ingest_support::shingle_f1(&everything, &page.body);
        let title_ok = ing.title == page.title;
        let date_ok = ing.date.map(|d| d.to_string()) == page.date;
        eprintln!(
            "{:<24} P {p:.3} R {r:.3} F1 {f1:.3} (keep-all {base:.3}) title {} date {}",
            page.name,
            if title_ok { "ok" } else { "WRONG" },
            if date_ok { "ok" } else { "WRONG" },
        );
        if f1 < 0.99 || !title_ok {
            eprintln!("  title: {:?}\n  kept: {:#?}", ing.title, ing.paragraphs);
        }
        sum_f1 += f1;
        sum_base += base;
        titles += usize::from(title_ok);
        dates += usize::from(date_ok);
    }
    let n = pages.len() as f64;
    eprintln!(
        "pages: {} | mean shingle F1 {:.3} | keep-everything baseline {:.3} | titles {titles}/{} | dates {dates}/{}",
        pages.len(),
        sum_f1 / n,
        sum_base / n,
        pages.len(),
        pages.len()
    );
    assert!(sum_f1 / n >= 0.90, "mean F1 {:.3}", sum_f1 / n);
    assert!(titles as f64 >= 0.9 * n, "titles {titles}");
    assert!(dates as f64 >= 0.8 * n, "dates {dates}");
}

// ---- Issue 10: seed edge cases. Each either cleans fine or is refused with a reason. ----

/// An invented story used by several edge cases.
const STORY: &str = "Harbour ferry fares to rise by a fifth\n\n\
The Harbour Ferry Company will raise fares by 20% from June, it said on Friday, blaming fuel costs and a new pier levy.\n\n\
\u{201C}We held prices for three years,\u{201D} said managing director Sunita Vale. \u{201C}We cannot do it any longer.\u{201D}\n\n\
Commuters said the rise would hit workers who cross the bay every day.\n\n\
\u{201C}We will stay,\u{201D} she said.\n\n\
The council said it would review the pier levy at its next meeting in July.\n";

fn clean_bytes(bytes: &[u8]) -> Result<gloss::ingest::Ingested, String> {
    let decoded = decode(bytes)?;
    clean(&decoded.text, &Rules::default()).ok_or_else(|| "nothing left".to_string())
}

#[test]
fn edge_empty_and_whitespace_only() {
    assert_eq!(decode(b""), Err("empty file".to_string()));
    assert_eq!(decode(b"   \n\n\t  \r\n"), Err("empty file".to_string()));
    assert_eq!(
        decode("\u{3000}\u{a0}\n".as_bytes()),
        Err("empty file".to_string())
    );
}

#[test]
fn edge_binary_data() {
    let mut png = vec![
        0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D,
    ];
    png.extend((0..4000u32).map(|i| (i.wrapping_mul(2654435761) >> 13) as u8));
    assert_eq!(decode(&png), Err("binary file".to_string()));
    let controls: Vec<u8> = b"text"
        .iter()
        .copied()
        .chain(std::iter::repeat_n(0x01, 100))
        .collect();
    assert_eq!(decode(&controls), Err("binary file".to_string()));
}

#[test]
fn edge_invalid_utf8_falls_back_to_windows_1252() {
    let mut bytes = b"Caf\xE9 owners fear rent rise\n\n".to_vec();
    bytes.extend_from_slice(b"\x93We are worried,\x94 said the owner of the caf\xE9 on Quay Street, who has traded there for 30 years.\n");
    let decoded = decode(&bytes).unwrap();
    assert!(decoded.warning.as_deref().unwrap().contains("Windows-1252"));
    let ing = clean(&decoded.text, &Rules::default()).unwrap();
    assert_eq!(ing.title, "Caf\u{e9} owners fear rent rise");
    assert!(ing.paragraphs[0].starts_with("\u{201C}We are worried,\u{201D}"));
}

#[test]
fn edge_utf16_with_bom() {
    for big_endian in [false, true] {
        let mut bytes = if big_endian {
            vec![0xFE, 0xFF]
        } else {
            vec![0xFF, 0xFE]
        };
        for unit in STORY.encode_utf16() {
            bytes.extend(if big_endian {
                unit.to_be_bytes()
            } else {
                unit.to_le_bytes()
            });
        }
        let decoded = decode(&bytes).unwrap();
        assert!(decoded
            .warning
            .as_deref()
            .unwrap()
            .contains("decoded as UTF-16"));
        let ing = clean(&decoded.text, &Rules::default()).unwrap();
        assert_eq!(ing.title, "Harbour ferry fares to rise by a fifth");
        assert_eq!(ing.paragraphs.len(), 5);
    }
}

#[test]
fn edge_utf8_bom_and_line_endings() {
    let plain = clean_bytes(STORY.as_bytes()).unwrap();
    let with_bom = [b"\xEF\xBB\xBF".as_slice(), STORY.as_bytes()].concat();
    assert_eq!(clean_bytes(&with_bom).unwrap(), plain);
    assert_eq!(decode(&with_bom).unwrap().warning, None);
    let crlf = STORY.replace('\n', "\r\n");
    assert_eq!(clean_bytes(crlf.as_bytes()).unwrap(), plain);
    let cr = STORY.replace('\n', "\r");
    assert_eq!(clean_bytes(cr.as_bytes()).unwrap(), plain);
    // clean() itself copes with raw CR line endings too.
    assert_eq!(clean(&cr, &Rules::default()).unwrap(), plain);
    assert_eq!(
        plain.paragraphs[3],
        "\u{201C}We will stay,\u{201D} she said."
    );
}

/// An article of `bytes` size: a headline and many distinct paragraphs.
fn big_article(bytes: usize) -> (String, u64) {
    let mut text = String::from("Port authority publishes twenty years of shipping records\n\n");
    let mut n = 0u64;
    while text.len() < bytes {
        n += 1;
        text.push_str(&format!(
            "In year {n} the port handled {} containers, officials said, and the harbour master \u{201C}expects more\u{201D} next season as the new quay opens for larger ships.\n\n",
            n * 37 % 10_000
        ));
    }
    (text, n)
}

#[test]
fn edge_twenty_megabyte_article() {
    // Linear time is measured by the benchmark, not here: this checks a 20 MB article is
    // cleaned completely and correctly.
    let (text, n) = big_article(20 * 1024 * 1024);
    let decoded = decode(text.as_bytes()).unwrap();
    let ing = clean(&decoded.text, &Rules::default()).unwrap();
    assert_eq!(
        ing.title,
        "Port authority publishes twenty years of shipping records"
    );
    assert_eq!(ing.paragraphs.len() as u64, n);
}

#[test]
fn edge_one_megabyte_single_line() {
    let sentence = "The tide rose over the sea wall and flooded the lower streets of the harbour, residents said. ";
    let line = sentence.repeat(1024 * 1024 / sentence.len() + 1);
    let ing = clean_bytes(line.as_bytes()).unwrap();
    assert!(
        ing.title.chars().count() <= 121,
        "title capped: {}",
        ing.title
    );
    assert_eq!(ing.title, "The tide rose over the sea wall and flooded the lower streets of the harbour, residents said");
    assert_eq!(ing.paragraphs.len(), 1);
    assert_eq!(ing.paragraphs[0], line.trim());
    assert_eq!(
        rendered_text(&escape_markdown(&ing.paragraphs[0])),
        line.trim()
    );
}

#[test]
fn edge_no_title_line() {
    let text = "Firefighters spent the night battling a blaze at a disused warehouse on the edge of the industrial estate, where a column of smoke could be seen for miles around the valley and beyond. Nobody was hurt.\n\n\u{201C}It was a long night,\u{201D} the station manager said.\n";
    let ing = clean_bytes(text.as_bytes()).unwrap();
    assert!(ing.title.chars().count() <= 121);
    assert!(ing
        .title
        .starts_with("Firefighters spent the night battling a blaze"));
    assert!(
        ing.title.ends_with('…'),
        "cut at a word boundary: {}",
        ing.title
    );
    assert_eq!(
        ing.paragraphs.len(),
        2,
        "the first paragraph stays in the body"
    );
}

#[test]
fn edge_only_boilerplate() {
    let text = "Skip to main content\n\nHome | News | Sport | Weather\n\nShare this:\nFacebook\nTwitter\n\nAdvertisement\n\nAd Blocker Detected!\n\nThank You!\n\n\u{A9} 2024 Harbour Media. All rights reserved.\n";
    assert_eq!(
        clean_bytes(text.as_bytes()),
        Err("nothing left".to_string())
    );
}

#[test]
fn edge_unbalanced_and_nested_quotes() {
    let deep = format!(
        "{}deep{}",
        "\u{201C}\u{2018}\"'«".repeat(2000),
        "»'\"\u{2019}"
    );
    let text = format!(
        "Mayor\u{2019}s \u{201C}quote\u{201D} row \u{2018}goes on\n\n\u{201C}He said \u{2018}we will \u{201C}never\u{201D} go\u{2019} and then left, said the clerk of the council at the hearing on Monday.\n\n{deep} ends here, the report said.\n"
    );
    let ing = clean_bytes(text.as_bytes()).unwrap();
    assert_eq!(
        ing.title,
        "Mayor\u{2019}s \u{201C}quote\u{201D} row \u{2018}goes on"
    );
    assert!(ing.paragraphs[0].starts_with("\u{201C}He said \u{2018}we will"));
    for p in &ing.paragraphs {
        assert_eq!(rendered_text(&escape_markdown(p)), normalized(p));
    }
}

#[test]
fn edge_control_characters() {
    let text = "Council \u{7}votes\u{1b}[0m on budget\n\nThe council voted\u{1} on Tuesday to approve\u{8} a budget that includes cuts to road repairs and library hours, officials said.\n";
    let ing = clean_bytes(text.as_bytes()).unwrap();
    assert_eq!(ing.title, "Council votes[0m on budget");
    assert!(ing.paragraphs[0].starts_with("The council voted on Tuesday to approve a budget"));
    assert!(ing
        .paragraphs
        .iter()
        .all(|p| !p.chars().any(|c| c.is_control())));
}

#[test]
fn edge_right_to_left_text() {
    let text = "\u{5d4}\u{5de}\u{5d5}\u{5e2}\u{5e6}\u{5d4} \u{5d0}\u{5d9}\u{5e9}\u{5e8}\u{5d4} \u{5ea}\u{5e7}\u{5e6}\u{5d9}\u{5d1} \u{5d7}\u{5d3}\u{5e9}\n\n\
\u{5d4}\u{5de}\u{5d5}\u{5e2}\u{5e6}\u{5d4} \u{5d4}\u{5e2}\u{5d9}\u{5e8}\u{5d5}\u{5e0}\u{5d9}\u{5ea} \u{5d0}\u{5d9}\u{5e9}\u{5e8}\u{5d4} \u{5d0}\u{5ea} \u{5d4}\u{5ea}\u{5e7}\u{5e6}\u{5d9}\u{5d1} \u{5dc}\u{5e9}\u{5e0}\u{5d4} \u{5d4}\u{5d1}\u{5d0}\u{5d4} \u{5d1}\u{5d9}\u{5e9}\u{5d9}\u{5d1}\u{5d4} \u{5e9}\u{5e0}\u{5de}\u{5e9}\u{5db}\u{5d4} \u{5e2}\u{5d3} \u{5d4}\u{5dc}\u{5d9}\u{5dc}\u{5d4} \u{5d1}\u{5d9}\u{5d5}\u{5dd} \u{5e9}\u{5dc}\u{5d9}\u{5e9}\u{5d9}.\n\n\
\u{627}\u{644}\u{645}\u{62c}\u{644}\u{633} \u{64a}\u{648}\u{627}\u{641}\u{642} \u{639}\u{644}\u{649} \u{627}\u{644}\u{645}\u{64a}\u{632}\u{627}\u{646}\u{64a}\u{629} \u{627}\u{644}\u{62c}\u{62f}\u{64a}\u{62f}\u{629} \u{644}\u{644}\u{645}\u{62f}\u{64a}\u{646}\u{629} \u{628}\u{639}\u{62f} \u{646}\u{642}\u{627}\u{634} \u{637}\u{648}\u{64a}\u{644} \u{62d}\u{648}\u{644} \u{627}\u{644}\u{637}\u{631}\u{642} \u{648}\u{627}\u{644}\u{645}\u{62f}\u{627}\u{631}\u{633}\u{61f}\n";
    let ing = clean_bytes(text.as_bytes()).unwrap();
    assert!(ing.title.starts_with('\u{5d4}'));
    assert_eq!(ing.paragraphs.len(), 2);
    assert!(ing.paragraphs[1].ends_with('\u{61f}'));
}

#[test]
fn edge_emoji_and_combining_marks() {
    let title = "Cafe\u{301} owners \u{1F525} protest rent rise \u{1F469}\u{200D}\u{1F373}";
    let para = "Owners of the cafe\u{301}s on Quay Street \u{1F1EC}\u{1F1E7} marched to the town hall on Friday, saying rents had doubled in two years \u{1F62E}\u{200D}\u{1F4A8}. \u{201C}Enough,\u{201D} said one.";
    let text = format!("{title}\n\n{para}\n");
    let ing = clean_bytes(text.as_bytes()).unwrap();
    assert_eq!(ing.title, title);
    assert_eq!(ing.paragraphs, vec![para.to_string()]);
    assert_eq!(rendered_text(&escape_markdown(para)), para);
}

// ---- Rules, dates, markdown output ----

#[test]
fn configured_boilerplate_and_no_defaults() {
    let text = "Harbour ferry fares to rise\n\nFrom the Mirror Desk: updated hourly\n\nThe Harbour Ferry Company will raise fares by 20% from June, it said on Friday, blaming fuel costs.\n\nShare this:\n";
    let rules = Rules {
        extra: vec!["from the mirror desk*".into()],
        no_defaults: false,
    };
    let ing = clean(text, &rules).unwrap();
    assert_eq!(ing.paragraphs.len(), 1);
    assert!(ing
        .dropped
        .iter()
        .any(|d| d.starts_with("From the Mirror Desk")));
    // Without the built-in list, a configured rule still applies and the built-in phrases do
    // not: "Thank You!" between two story paragraphs is then kept as a short paragraph.
    let text = "Title line here\n\nThe council met on Friday and agreed a budget for the coming year, the clerk said.\n\nThank You!\n\nThe budget includes money for the harbour wall and for two new buses, officials said.\n\nMirror Desk notes\n";
    let defaults = clean(text, &Rules::default()).unwrap();
    assert_eq!(defaults.paragraphs.len(), 2);
    let rules = Rules {
        extra: vec!["mirror desk*".into()],
        no_defaults: true,
    };
    let ing = clean(text, &rules).unwrap();
    assert_eq!(ing.paragraphs.len(), 3);
    assert_eq!(ing.paragraphs[1], "Thank You!");
    assert!(ing.dropped.iter().any(|d| d == "Mirror Desk notes"));
}

#[test]
fn stated_dates_are_found_and_removed() {
    for (line, want) in [
        ("Published: 5 November 2019", "2019-11-05"),
        ("November 5, 2019", "2019-11-05"),
        ("2019-11-05", "2019-11-05"),
        (
            "By Jane Doe | Updated 14:02 GMT, Tuesday 5 November 2019",
            "2019-11-05",
        ),
    ] {
        let text = format!("Harbour ferry fares to rise\n\n{line}\n\nThe Harbour Ferry Company will raise fares by 20% from June, it said on Friday, blaming fuel costs and a levy.\n");
        let ing = clean(&text, &Rules::default()).unwrap();
        assert_eq!(
            ing.date.map(|d| d.to_string()).as_deref(),
            Some(want),
            "{line}"
        );
        assert_eq!(ing.paragraphs.len(), 1, "{line}");
    }
    let dateline = "Ferry fares to rise\n\nPORT ELLERY, Nov. 5, 2019 \u{2014} The Harbour Ferry Company will raise fares by 20% from June, it said on Friday.\n";
    let ing = clean(dateline, &Rules::default()).unwrap();
    assert_eq!(
        ing.date.map(|d| d.to_string()).as_deref(),
        Some("2019-11-05")
    );
    assert!(ing.paragraphs[0].starts_with("PORT ELLERY"));
    let none = clean(STORY, &Rules::default()).unwrap();
    assert_eq!(none.date, None);
}

#[test]
fn seed_markdown_renders_back() {
    let ing = clean(&seed_text(), &Rules::default()).unwrap();
    let meta = gloss::ingest::SeedMeta {
        slug: "isis-is-worming".into(),
        source: "seeds/000_8f9a9f19018dd6f0.txt".into(),
        date: chrono::NaiveDate::from_ymd_opt(2019, 11, 5).unwrap(),
    };
    let md = gloss::ingest::to_markdown(&ing, &meta);
    assert_eq!(
        md.matches("ISIS is Worming Their Way Back into Iraq")
            .count(),
        1
    );
    assert!(!md.contains("Ad Blocker"));
    let body = md
        .splitn(3, "+++\n")
        .nth(2)
        .expect("body after front matter");
    let want: Vec<String> = ing.paragraphs.iter().map(|p| normalized(p)).collect();
    assert_eq!(rendered_text(body), want.join(""));
}

#[test]
fn repeated_titles_are_dropped() {
    let body = "The Harbour Ferry Company will raise fares by 20% from June, it said on Friday, blaming fuel costs and a new pier levy.\n\n\u{201C}We will stay,\u{201D} she said.\n\nThe council said it would review the levy in July.";
    for text in [
        format!("Ferry fares to rise by a fifth\n\nFerry fares to rise by a fifth\n\n{body}"),
        format!("Ferry fares to rise by a fifth\n\nBy Jane Doe\n\nFerry fares to rise by a fifth\n\n{body}"),
        format!("Ferry fares to rise by a fifth | The Harbour Gazette\n\nHome | News | Sport\n\nFerry fares to rise by a fifth\n\n{body}"),
        format!("Ferry fares to rise by a fifth\n{body}"),
        format!("Ferry fares to rise by a fifth.\n\n{body}"),
    ] {
        let ing = clean(&text, &Rules::default()).unwrap();
        assert_eq!(ing.title, "Ferry fares to rise by a fifth", "{text}");
        assert_eq!(ing.paragraphs.len(), 3, "{text}\n{:#?}", ing.paragraphs);
        assert!(ing.paragraphs.iter().all(|p| !p.contains("Ferry fares to rise")));
    }
}

#[test]
fn adversarial_furniture_is_cleaned() {
    // Every kind of line the classifier treats specially, repeated: bylines, dates, menus,
    // vocabulary-heavy prompts, handles, labels, short lines, story sentences. (Its speed is
    // the benchmark's business; here it must finish and keep the story sentences.)
    let unit = "By Jane Doe\n5 November 2019\nHome | News\nNews\nSport\nWeather\n\
Sign up to get our newsletter in your inbox, we will never share your email.\n\n\
jim_r\nRead more\nFloods hit road\n\nThe council voted on Tuesday to close the bridge, officials said.\n\n";
    let text = format!("Headline for the test page\n\n{}", unit.repeat(2_000));
    let ing = clean(&text, &Rules::default()).expect("story kept");
    assert!(ing
        .paragraphs
        .iter()
        .any(|p| p.contains("The council voted on Tuesday")));
    assert!(!ing
        .paragraphs
        .iter()
        .any(|p| p.contains("Sign up to get our newsletter")));
}

/// A second ingest of seeds that did not change reads none of them: the ingest cache holds the
/// stamps of the content files as written. Seen here by changing a seed's bytes while keeping
/// its length and modification time: the cache trusts the stamp, so the content stays as it was.
#[test]
fn a_second_ingest_of_unchanged_seeds_is_answered_from_the_cache() {
    use gloss::ingest::sync::{sync, SyncOptions};
    let dir = tempfile::tempdir().unwrap();
    let seeds = dir.path().join("seeds");
    std::fs::create_dir_all(&seeds).unwrap();
    let seed = seeds.join("a.txt");
    let story = "A harbour reopens\n\nThe harbour at Dunmore reopened on Monday after repairs.\n\nFishing boats returned within hours, the harbour master said.\n";
    std::fs::write(&seed, story).unwrap();
    let config = gloss::config::Config::default();
    let warnings = gloss::error::Warnings::default();
    let first = sync(dir.path(), &config, &SyncOptions::default(), &warnings).unwrap();
    assert_eq!(first.written.len(), 1);
    let content = std::fs::read_to_string(&first.written[0]).unwrap();

    let mtime = std::fs::metadata(&seed).unwrap().modified().unwrap();
    std::fs::write(&seed, story.replace("Dunmore", "Kilbarr")).unwrap();
    std::fs::File::options()
        .write(true)
        .open(&seed)
        .unwrap()
        .set_modified(mtime)
        .unwrap();
    let second = sync(dir.path(), &config, &SyncOptions::default(), &warnings).unwrap();
    assert_eq!((second.written.len(), second.unchanged), (0, 1));
    assert_eq!(std::fs::read_to_string(&first.written[0]).unwrap(), content);
}
