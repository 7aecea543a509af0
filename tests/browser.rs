//! End to end in headless Chromium: `gloss serve` on a temporary site, a briefing page open in
//! the browser, the content file edited on disk, and the new text appearing without a manual
//! reload. Skipped (with a note) only when Chromium is absent and `GLOSS_REQUIRE_BROWSER` unset.

mod common;

use common::browser::Browser;
use common::server::{briefing_text, Server, TempSite};
use std::time::{Duration, Instant};

const BODY: &str = "The council of Port Elwin approved the harbour plan on Tuesday, a spokesperson said.\n\n\"We have waited long enough,\" said Mayor Tilda Brandt.";

fn body_has(text: &str) -> String {
    format!(
        "return document.body && document.body.innerText.includes({});",
        serde_json::to_string(text).unwrap()
    )
}

#[test]
fn edits_reach_the_open_page_and_errors_show_an_overlay() {
    let Some(browser) = Browser::start() else {
        return;
    };
    let site = TempSite::new();
    let file = site.briefing("harbour", "Harbour plan approved", BODY);
    let server = Server::start(&site.root(), &[]);
    browser.goto(&server.url("/harbour/"));
    browser
        .wait_for(
            &body_has("approved the harbour plan on Tuesday"),
            Duration::from_secs(10),
        )
        .expect("the page shows the briefing");
    // The event stream is open before the edit (the page would catch up anyway via `hello`).
    browser
        .wait_for("return performance.getEntriesByType('resource').some(e => e.name.includes('/__gloss/events'));", Duration::from_secs(5))
        .ok();

    let mut latencies = Vec::new();
    for (i, word) in ["Wednesday", "Thursday", "Friday"].iter().enumerate() {
        let started = Instant::now();
        std::fs::write(
            &file,
            briefing_text(
                "Harbour plan approved",
                "2024-03-05",
                &BODY.replace("Tuesday", word),
            ),
        )
        .unwrap();
        browser
            .wait_for(
                &body_has(&format!("harbour plan on {word}")),
                Duration::from_secs(10),
            )
            .unwrap_or_else(|e| panic!("edit {i} did not reach the page: {e}\n{}", server.log()));
        latencies.push(started.elapsed());
    }
    eprintln!("edit → text visible in the browser: {latencies:?}");
    assert_eq!(latencies.len(), 3, "every edit reached the page");

    // A broken edit: the overlay shows the file and line; the page keeps the last good text.
    site.write(
        "content/harbour.md",
        "+++\ntitle = \"Harbour <script>alert(1)</script>\ndate = 2024-03-05\n+++\n\nBroken.\n",
    );
    let shown = browser
        .wait_for(
            "var el = document.getElementById('__gloss_error'); return el && el.textContent.includes('harbour.md:2:') && el.textContent;",
            Duration::from_secs(10),
        )
        .expect("the error overlay appears");
    let shown = shown.as_str().unwrap_or_default().to_string();
    assert!(shown.contains("content/harbour.md:2:"), "{shown}");
    assert!(
        shown.contains("<script>alert(1)</script>"),
        "shown as text, escaped: {shown}"
    );
    let overlay = browser
        .eval("var el = document.getElementById('__gloss_error'); return [getComputedStyle(el).position, el.querySelectorAll('script').length];")
        .unwrap();
    assert_eq!(overlay, serde_json::json!(["fixed", 0]));
    assert_eq!(
        browser.eval(&body_has("harbour plan on Friday")).unwrap(),
        true
    );
    let shot = common::server::free_port().to_string();
    let png = std::env::temp_dir().join(format!("gloss-overlay-{shot}.png"));
    browser.screenshot(&png);
    let bytes = std::fs::read(&png).unwrap();
    assert!(
        bytes.starts_with(b"\x89PNG\r\n\x1a\n") && bytes.len() > 1000,
        "a PNG screenshot"
    );
    let _ = std::fs::remove_file(&png);

    // The next good save clears the overlay and shows the new text.
    std::fs::write(
        &file,
        briefing_text(
            "Harbour plan approved",
            "2024-03-05",
            &BODY.replace("Tuesday", "Saturday"),
        ),
    )
    .unwrap();
    browser
        .wait_for(
            &format!(
                "return !document.getElementById('__gloss_error') && ({})",
                body_has("harbour plan on Saturday")
                    .trim_start_matches("return ")
                    .trim_end_matches(';')
            ),
            Duration::from_secs(10),
        )
        .expect("overlay cleared and new text shown");
}

#[test]
fn stylesheet_changes_apply_without_a_reload() {
    let Some(browser) = Browser::start() else {
        return;
    };
    let site = TempSite::new();
    site.briefing("harbour", "Harbour plan approved", BODY);
    // The default base template with one more stylesheet, from static/.
    let base = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/templates/base.html"))
        .unwrap();
    let base = base.replacen(
        "</head>",
        "<link rel=\"stylesheet\" href=\"{{ root }}extra.css\">\n</head>",
        1,
    );
    site.write("templates/base.html", base);
    site.write("static/extra.css", "main { color: rgb(10, 20, 30); }");
    let server = Server::start(&site.root(), &[]);
    browser.goto(&server.url("/harbour/"));
    let color = "return getComputedStyle(document.querySelector('main')).color;";
    browser
        .wait_for(
            &format!("{color} === 'rgb(10, 20, 30)' || null")
                .replace("return getComputedStyle", "return getComputedStyle"),
            Duration::from_secs(10),
        )
        .ok();
    assert_eq!(browser.eval(color).unwrap(), "rgb(10, 20, 30)");
    browser.eval("window.__kept = 42; return true;").unwrap();
    site.write("static/extra.css", "main { color: rgb(200, 0, 100); }");
    browser
        .wait_for(
            "return getComputedStyle(document.querySelector('main')).color === 'rgb(200, 0, 100)';",
            Duration::from_secs(10),
        )
        .unwrap_or_else(|e| panic!("the new stylesheet applies: {e}\n{}", server.log()));
    assert_eq!(
        browser.eval("return window.__kept;").unwrap(),
        42,
        "no full reload"
    );

    // Another briefing changes: this page's file did not, so it stays as it is.
    site.briefing(
        "ferry",
        "Ferry returns",
        "The ferry to Skarra returned on Monday.",
    );
    let served = server.wait_body("/", Duration::from_secs(10), |b| {
        b.contains("Ferry returns")
    });
    assert!(served.contains("Ferry returns"));
    std::thread::sleep(Duration::from_millis(400));
    assert_eq!(
        browser.eval("return window.__kept;").unwrap(),
        42,
        "an unrelated change does not reload the page"
    );
    // This briefing changes: the page reloads with the new text.
    site.briefing(
        "harbour",
        "Harbour plan approved",
        &BODY.replace("Tuesday", "Monday"),
    );
    browser
        .wait_for(
            "return window.__kept === undefined && document.body.innerText.includes('harbour plan on Monday');",
            Duration::from_secs(10),
        )
        .expect("the page reloads when its own file changes");
}
