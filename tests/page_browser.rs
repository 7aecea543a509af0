//! The briefing page in a real browser (headless Chromium): fact tooltips on focus, speaker
//! cards on quotes, sidenotes in the margin on wide screens and behind a toggle on narrow ones,
//! and search finding the demo briefing by a speaker's name. Skipped (with a note) only when
//! Chromium is absent and `GLOSS_REQUIRE_BROWSER` unset.

mod common;

use common::browser::Browser;
use common::server::{Server, TempSite};
use std::time::Duration;

/// A temp site with the repo's demo briefing and a hand-written one with a footnote.
fn demo_site() -> TempSite {
    let site = TempSite::new();
    let repo = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    for dir in ["seeds", "content"] {
        for e in std::fs::read_dir(repo.join(dir)).unwrap() {
            let e = e.unwrap();
            site.write(
                &format!("{dir}/{}", e.file_name().to_string_lossy()),
                std::fs::read(e.path()).unwrap(),
            );
        }
    }
    site.write(
        "content/notes.md",
        "+++\ntitle = \"Field notes\"\ndate = 2020-02-02\n+++\n\nThe river rose by 3 metres overnight.[^1] Residents left early.\n\n[^1]: Gauge readings from the harbour office.\n",
    );
    site
}

const SEED: &str = "/isis-is-worming-their-way-back-into-iraq/";

#[test]
fn tooltips_speaker_cards_and_sidenotes_work() {
    let Some(browser) = Browser::start() else {
        return;
    };
    let site = demo_site();
    let server = Server::start(&site.root(), &[]);
    browser.set_window(1400, 1000);
    browser.goto(&server.url(SEED));
    browser
        .wait_for(
            "return document.querySelectorAll('.fact').length >= 10;",
            Duration::from_secs(10),
        )
        .expect("facts highlighted");
    let quotes = browser.eval("return Array.from(document.querySelectorAll('q.quote[id^=quote-]')).map(q => q.dataset.speaker);").unwrap();
    let speakers: Vec<&str> = quotes
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|v| v.as_str())
        .collect();
    assert_eq!(speakers.len(), 7, "{speakers:?}");
    assert_eq!(
        speakers.iter().filter(|s| **s == "Sam Heller").count(),
        2,
        "{speakers:?}"
    );
    // A fact's tooltip is hidden until the fact has focus (keyboard or tap), then shows its value.
    let hidden = browser.eval("const el = [...document.querySelectorAll('.fact')].find(e => e.textContent.includes('370')); return getComputedStyle(el, '::after').visibility;").unwrap();
    assert_eq!(hidden, "hidden");
    let shown = browser
        .eval("const el = [...document.querySelectorAll('.fact')].find(e => e.textContent.includes('370')); el.focus(); const s = getComputedStyle(el, '::after'); return [s.visibility, s.content];")
        .unwrap();
    assert_eq!(shown[0], "visible", "{shown}");
    assert!(shown[1].as_str().unwrap().contains("595 km"), "{shown}");
    // A quote's speaker card shows on focus.
    let card = browser.eval("const q = document.querySelector('q.quote[data-speaker=\"Sam Heller\"]'); q.focus(); return getComputedStyle(q, '::after').content;").unwrap();
    assert!(card.as_str().unwrap().contains("Sam Heller"), "{card}");

    // Sidenotes: in the margin on a wide screen…
    browser.goto(&server.url("/notes/"));
    browser
        .wait_for(
            "return document.querySelector('.sidenote') !== null;",
            Duration::from_secs(10),
        )
        .expect("sidenote");
    let wide = browser.eval("const n = document.querySelector('.sidenote'); const s = getComputedStyle(n); const body = document.querySelector('.body').getBoundingClientRect(); return [s.display, s.float, n.getBoundingClientRect().left >= body.right - 1];").unwrap();
    assert_eq!(wide[0], "block", "{wide}");
    assert_eq!(wide[1], "right", "{wide}");
    assert_eq!(
        wide[2], true,
        "the note sits right of the text column: {wide}"
    );
    // …and hidden behind a toggle (no JavaScript involved) on a phone.
    browser.set_window(390, 800);
    let narrow = browser
        .eval("return getComputedStyle(document.querySelector('.sidenote')).display;")
        .unwrap();
    assert_eq!(narrow, "none");
    browser
        .eval("document.querySelector('label.sidenote-ref').click(); return true;")
        .unwrap();
    let toggled = browser
        .eval("return getComputedStyle(document.querySelector('.sidenote')).display;")
        .unwrap();
    assert_eq!(toggled, "block");
    let dir = tempfile::tempdir().unwrap();
    browser.screenshot(&dir.path().join("phone.png"));
    assert!(
        std::fs::metadata(dir.path().join("phone.png"))
            .unwrap()
            .len()
            > 1000
    );
}

#[test]
fn search_finds_the_briefing_by_a_speakers_name() {
    let Some(browser) = Browser::start() else {
        return;
    };
    let site = demo_site();
    let server = Server::start(&site.root(), &[]);
    browser.goto(&server.url("/search/?q=heller"));
    let found = browser
        .wait_for("const r = document.getElementById('results'); return r && r.innerText.includes('ISIS is Worming Their Way Back into Iraq') && r.innerText;", Duration::from_secs(10))
        .expect("search result");
    assert!(!found.as_str().unwrap().contains("Field notes"), "{found}");
    // A prefix of an entity's name works too, typed into the box.
    browser.eval("const q = document.getElementById('q'); q.value = 'baghou'; q.dispatchEvent(new Event('input')); return true;").unwrap();
    browser
        .wait_for(
            "return document.getElementById('results').innerText.includes('ISIS is Worming');",
            Duration::from_secs(10),
        )
        .expect("prefix search");
    browser.eval("const q = document.getElementById('q'); q.value = 'zzzqqq'; q.dispatchEvent(new Event('input')); return true;").unwrap();
    browser
        .wait_for(
            "return document.getElementById('results').innerText.includes('No briefing matches');",
            Duration::from_secs(10),
        )
        .expect("no match message");
}
