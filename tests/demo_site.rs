//! The repo's own demo site, built as a new user would: the seed's briefing shows all seven
//! quotes with their speakers and the key facts with values, and the site has entity pages for
//! its people, organisations and places, a who-said-what index and a timeline of its dates.

use std::path::Path;
use std::process::Command;

fn read(p: &Path) -> String {
    std::fs::read_to_string(p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

fn built_demo() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    for sub in ["seeds", "content"] {
        std::fs::create_dir_all(dir.path().join(sub)).unwrap();
        for e in std::fs::read_dir(repo.join(sub)).unwrap() {
            let e = e.unwrap();
            std::fs::copy(e.path(), dir.path().join(sub).join(e.file_name())).unwrap();
        }
    }
    let out = Command::new(env!("CARGO_BIN_EXE_gloss"))
        .arg("build")
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        !String::from_utf8_lossy(&out.stderr).contains("warning"),
        "the demo builds cleanly: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    dir
}

#[test]
fn seed_page_shows_quotes_with_speakers_and_key_facts() {
    let site = built_demo();
    let page = read(
        &site
            .path()
            .join("public/isis-is-worming-their-way-back-into-iraq/index.html"),
    );
    let speakers: Vec<&str> = page
        .split("<q class=\"quote\" id=\"quote-")
        .skip(1)
        .map(|q| {
            q.split("data-speaker=\"")
                .nth(1)
                .and_then(|s| s.split('"').next())
                .unwrap_or("")
        })
        .collect();
    assert_eq!(
        speakers,
        [
            "one abductee",
            "Saad Mohammed",
            "one Iraqi military leader",
            "another senior military official",
            "Sam Heller",
            "Sam Heller",
            "a community elder"
        ]
    );
    assert!(!page.contains("data-speaker=\"\""));
    for (text, value) in [
        ("around 1,000 ISIS fighters", "1000"),
        ("eight months", "P8M"),
        ("March", "2019-03"),
        ("370-mile", "370"),
        ("seven bullets", "7"),
        ("2017", "2017"),
        ("half-square-mile", "0.5"),
        ("a week", "P1W"),
        ("2013", "2013"),
        ("2014", "2014"),
    ] {
        let marker = format!("data-value=\"{value}\"");
        let found = page.split("<span class=\"fact ").skip(1).any(|f| {
            let (open, rest) = f.split_once("\">").unwrap_or(("", ""));
            open.contains(&marker) && strip_tags(rest).starts_with(text)
        });
        assert!(found, "fact {text} = {value} highlighted");
    }
    assert!(page.contains("data-tip=\"370 miles ≈ 595 km\""));
    assert!(
        !page.contains("mokhtars”</q>"),
        "scare quotes are not quotes"
    );
    assert!(
        page.contains("<h2 id=\"facts-h\">Key facts</h2>")
            && page.contains("<h2 id=\"quotes-h\">Who said what</h2>")
    );
}

#[test]
fn demo_site_has_entity_pages_speakers_and_timeline() {
    let site = built_demo();
    let p = site.path().join("public");
    for page in [
        "people/sam-heller",
        "people/saad-mohammed",
        "people/hisham-al-hashimi",
        "organizations/islamic-state",
        "organizations/international-crisis-group",
        "organizations/iraqs-defense-ministry",
        "places/iraq",
        "places/syria",
        "places/qaim",
        "places/baghouz",
        "places/euphrates",
        "places/anbar",
    ] {
        let html = read(&p.join(page).join("index.html"));
        assert!(
            html.contains("ISIS is Worming Their Way Back into Iraq"),
            "{page} lists the briefing"
        );
    }
    let heller = read(&p.join("people/sam-heller/index.html"));
    assert_eq!(
        heller.matches("<blockquote class=\"quote-card\"").count(),
        2,
        "both of Heller's quotes"
    );
    let speakers = read(&p.join("speakers/index.html"));
    assert!(
        speakers.contains("Sam Heller</a></td><td>2</td>"),
        "{speakers}"
    );
    assert!(speakers.contains("a community elder</td><td>1</td>"));
    let timeline = read(&p.join("timeline/index.html"));
    let years: Vec<usize> = ["2013", "2014", "2017", "2019"]
        .iter()
        .map(|y| {
            timeline
                .find(&format!("datetime=\"{y}"))
                .unwrap_or_else(|| panic!("{y} on the timeline"))
        })
        .collect();
    assert!(years.windows(2).all(|w| w[0] < w[1]), "in date order");
    assert!(
        timeline.contains("datetime=\"2019-03\""),
        "March resolved against the briefing's date"
    );
    assert!(
        !timeline.contains("a few days later"),
        "unresolved dates stay off the timeline"
    );
}

/// Text with its HTML tags removed.
fn strip_tags(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out
}
