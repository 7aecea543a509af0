//! The command line's stable surfaces: `gloss annotate --json` (one object per file and line),
//! its readable table, and config keys that change what a build makes (`auto_tags`, the
//! `[ingest]` boilerplate rules).

use std::path::Path;
use std::process::Command;

fn gloss(args: &[&str], dir: &Path) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_gloss"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("run gloss")
}

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn annotate_json_prints_one_object_per_file_with_valid_offsets() {
    let seed = repo().join("seeds/000_8f9a9f19018dd6f0.txt");
    let content = repo().join("content/isis-is-worming-their-way-back-into-iraq.md");
    let out = gloss(
        &[
            "annotate",
            "--json",
            seed.to_str().unwrap(),
            content.to_str().unwrap(),
        ],
        repo(),
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    let records: Vec<serde_json::Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).expect("one JSON object per line"))
        .collect();
    assert_eq!(records.len(), 2);
    for r in &records {
        for key in [
            "source", "title", "date", "body", "quotes", "facts", "entities",
        ] {
            assert!(r.get(key).is_some(), "missing {key}");
        }
        assert_eq!(r["title"], "ISIS is Worming Their Way Back into Iraq");
        let body = r["body"].as_str().unwrap();
        assert!(!body.contains("Ad Blocker"));
        let quotes = r["quotes"].as_array().unwrap();
        assert_eq!(quotes.len(), 7);
        for q in quotes {
            for key in [
                "text",
                "speaker",
                "speaker_mention",
                "partial",
                "start",
                "end",
            ] {
                assert!(q.get(key).is_some(), "quote missing {key}: {q}");
            }
            let (s, e) = (
                q["start"].as_u64().unwrap() as usize,
                q["end"].as_u64().unwrap() as usize,
            );
            let span = body
                .get(s..e)
                .expect("quote offsets on char boundaries inside body");
            let first_words: String = q["text"].as_str().unwrap().chars().take(12).collect();
            assert!(span.contains(&first_words), "{span} / {first_words}");
        }
        for f in r["facts"].as_array().unwrap() {
            for key in [
                "text",
                "kind",
                "value",
                "unit",
                "approximate",
                "start",
                "end",
            ] {
                assert!(f.get(key).is_some(), "fact missing {key}: {f}");
            }
            let (s, e) = (
                f["start"].as_u64().unwrap() as usize,
                f["end"].as_u64().unwrap() as usize,
            );
            assert!(body.get(s..e).is_some() && s < e, "{f}");
        }
        for m in r["entities"].as_array().unwrap() {
            let (s, e) = (
                m["start"].as_u64().unwrap() as usize,
                m["end"].as_u64().unwrap() as usize,
            );
            assert!(body.get(s..e).is_some(), "{m}");
            assert!(["person", "organization", "place"].contains(&m["kind"].as_str().unwrap()));
        }
    }
    // The content file carries the briefing's date, which relative dates resolve against.
    assert_eq!(records[1]["date"], "2019-11-18");
    let march = records[1]["facts"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["text"] == "March")
        .unwrap();
    assert_eq!(march["value"], "2019-03");
    let heller = records[1]["quotes"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|q| q["speaker"] == "Sam Heller")
        .count();
    assert_eq!(heller, 2);
}

#[test]
fn annotate_without_json_prints_a_table() {
    let content = repo().join("content/isis-is-worming-their-way-back-into-iraq.md");
    let out = gloss(&["annotate", content.to_str().unwrap()], repo());
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("quotes (7):"), "{text}");
    assert!(text.contains("Sam Heller"));
    assert!(text.contains("370 miles ≈ 595 km"));
    let missing = gloss(&["annotate", "no/such/file.md"], repo());
    assert_eq!(missing.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&missing.stderr).contains("no/such/file.md"));
}

#[test]
fn auto_tags_and_custom_boilerplate_rules() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("seeds")).unwrap();
    std::fs::write(
        dir.path().join("gloss.toml"),
        "auto_tags = 1\n[ingest]\nboilerplate = [\"promo code*\"]\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("seeds/s.txt"),
        "Floods Close Roads in Kenya\n\nHeavy rain closed roads across Kenya on Monday, officials said. Kenya's roads agency said crews were working through the night to clear the debris.\n\nPromo code SAVE10 for our shop\n\nMore rain is expected in Kenya this week, forecasters said, and the agency asked drivers to avoid the northern highway until the bridges have been inspected by its engineers.\n",
    )
    .unwrap();
    let out = gloss(&["build"], dir.path());
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let page = std::fs::read_to_string(
        dir.path()
            .join("public/floods-close-roads-in-kenya/index.html"),
    )
    .unwrap();
    assert!(
        !page.contains("SAVE10"),
        "a configured boilerplate line is dropped"
    );
    assert!(page.contains("More rain is expected"));
    assert!(
        dir.path().join("public/tags/kenya/index.html").exists(),
        "the most mentioned entity became a tag"
    );
}
