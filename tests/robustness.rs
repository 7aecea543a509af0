//! Bad input and faults: hostile names, broken templates, a full disk, vanished files, and
//! property tests that parsing and rendering never panic.

mod common;
use common::snapshot;

use gloss::annotate::{Annotations, EntityKind, Fact, FactKind, Mention, Origin, Quote, Span};
use gloss::render::markdown::{body_to_html, BodyOptions};
use proptest::prelude::*;
use std::path::Path;
use std::process::Command;

fn gloss(args: &[&str], dir: &Path, env: &[(&str, &str)]) -> std::process::Output {
    let mut c = Command::new(env!("CARGO_BIN_EXE_gloss"));
    c.args(args).current_dir(dir);
    for (k, v) in env {
        c.env(k, v);
    }
    c.output().expect("run gloss")
}

fn write(path: &Path, text: &str) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

#[test]
fn odd_file_names_stay_inside_the_output() {
    let dir = tempfile::tempdir().unwrap();
    let seeds = dir.path().join("seeds");
    write(
        &seeds.join("a seed with spaces.txt"),
        "Spaces In Name\n\nBody one.\n",
    );
    write(&seeds.join("ünïcødé.txt"), "Ünïcødé Títle\n\nBody two.\n");
    write(
        &seeds.join(format!("{}.txt", "x".repeat(200))),
        "\n\nBody three has no title line? It does now.\n",
    );
    write(
        &seeds.join("..dots...txt"),
        "../../etc/passwd\n\nBody four.\n",
    );
    write(
        &dir.path().join("content/../content/hand written ü.md"),
        "+++\ntitle = \"Hand\"\nslug = \"../../../escape\"\n+++\nHand body.\n",
    );
    let out = gloss(&["build"], dir.path(), &[]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let public = dir.path().join("public");
    assert!(public.join("spaces-in-name/index.html").exists());
    assert!(public.join("unicode-title/index.html").exists());
    assert!(
        public.join("etc-passwd/index.html").exists(),
        "a hostile title becomes a plain slug"
    );
    assert!(
        public.join("escape/index.html").exists(),
        "a hostile slug is sanitised"
    );
    assert!(
        !dir.path().join("escape").exists()
            && !dir.path().parent().unwrap().join("escape").exists()
    );
    for (name, _) in snapshot(&public) {
        let name = name.display().to_string();
        assert!(!name.contains(".."), "{name}");
    }
}

#[test]
fn template_errors_name_the_template() {
    let dir = tempfile::tempdir().unwrap();
    write(
        &dir.path().join("content/a.md"),
        "+++\ntitle = \"A\"\n+++\nBody.\n",
    );
    for (name, text, expect) in [
        ("briefing.html", "{% extends \"base.html\" %}{% block content %}\n{{ no_such_variable }}\n{% endblock content %}", "briefing.html"),
        ("index.html", "line one\n{{ site.title | no_such_filter }}\n", "index.html"),
        ("list.html", "{% include \"missing.html\" %}", "list.html"),
        ("entity.html", "{% include \"speakers.html\" %}", "loop"),
    ] {
        let t = dir.path().join("templates");
        let _ = std::fs::remove_dir_all(&t);
        write(&t.join(name), text);
        if expect == "loop" {
            write(&t.join("speakers.html"), "{% include \"entity.html\" %}");
        }
        let out = gloss(&["build"], dir.path(), &[]);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{name}: {err}");
        assert!(err.contains(expect), "{name}: {err}");
    }
}

#[test]
fn a_full_disk_leaves_the_previous_output_intact() {
    let dir = tempfile::tempdir().unwrap();
    write(
        &dir.path().join("content/a.md"),
        "+++\ntitle = \"A\"\ndate = 2020-01-01\n+++\nFirst body.\n",
    );
    assert!(gloss(&["build"], dir.path(), &[]).status.success());
    let before = snapshot(&dir.path().join("public"));
    write(
        &dir.path().join("content/a.md"),
        "+++\ntitle = \"A\"\ndate = 2020-01-01\n+++\nSecond body, longer than the first.\n",
    );
    write(
        &dir.path().join("content/b.md"),
        "+++\ntitle = \"B\"\ndate = 2020-01-02\n+++\nAnother.\n",
    );
    let out = gloss(
        &["build"],
        dir.path(),
        &[("GLOSS_SIMULATE_DISK_BYTES", "2000")],
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("No space left"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(snapshot(&dir.path().join("public")), before);
    // The first build of a site (staging + swap) fails the same way, leaving nothing half-made.
    let fresh = tempfile::tempdir().unwrap();
    write(
        &fresh.path().join("content/a.md"),
        "+++\ntitle = \"A\"\n+++\nBody.\n",
    );
    assert_eq!(
        gloss(
            &["build"],
            fresh.path(),
            &[("GLOSS_SIMULATE_DISK_BYTES", "100")]
        )
        .status
        .code(),
        Some(1)
    );
    assert!(!fresh.path().join("public").exists());
    // And with room again, the build goes through.
    assert!(gloss(&["build"], dir.path(), &[]).status.success());
    assert!(
        std::fs::read_to_string(dir.path().join("public/a/index.html"))
            .unwrap()
            .contains("Second body")
    );
}

#[test]
fn an_output_path_through_a_file_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    write(
        &dir.path().join("content/a.md"),
        "+++\ntitle = \"A\"\n+++\nBody.\n",
    );
    write(&dir.path().join("blocker"), "a file, not a folder");
    let out = gloss(&["build", "--output", "blocker/public"], dir.path(), &[]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("blocker"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join("blocker")).unwrap(),
        "a file, not a folder"
    );
}

#[test]
fn bad_content_is_located_with_the_line_shown() {
    let dir = tempfile::tempdir().unwrap();
    for (text, line) in [
        ("+++\ntitle = \"t\"\ntags = \"not a list\"\n+++\n", ":3:"),
        ("+++\ntitle = \"t\"\ndate = 2019-13-45\n+++\n", ":3:"),
        ("+++\ntitle = \"t\"\nbody without closer\n", ":1:"),
        ("+++\ntitle = \"t\"\nsurprise = 1\n+++\n", ":3:"),
    ] {
        write(&dir.path().join("content/x.md"), text);
        let out = gloss(&["build"], dir.path(), &[]);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{text}: {err}");
        assert!(
            err.contains(&format!("content/x.md{line}")),
            "{text}: {err}"
        );
        assert!(err.contains(" | "), "shows the line: {err}");
    }
}

/// `html` with the inside of every `<pre>…</pre>` removed.
fn without_code_blocks(html: &str) -> String {
    let mut kept = String::new();
    let mut rest = html;
    while let Some(open) = rest.find("<pre") {
        kept.push_str(&rest[..open]);
        rest = match rest[open..].find("</pre>") {
            Some(close) => &rest[open + close + "</pre>".len()..],
            None => "",
        };
    }
    kept.push_str(rest);
    kept
}

fn quote(start: usize, end: usize) -> Quote {
    Quote {
        start,
        end,
        pieces: vec![Span { start, end }],
        speaker: Some("<Q>X</Q>".into()),
        ..Quote::default()
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn the_whole_annotator_never_panics_and_keeps_offsets_valid(
        body in r#"([A-Za-z]{1,8}|[ \n]|[“”‘’"'`<>\\\[\]()#*_~.,:;!?-]|[0-9]{1,4}|é|中|🙂|<b>|</i>|```\n|\]\(http://x\)| said | Mr | Col\. ){0,120}"#,
        day in 1u32..28,
    ) {
        let ctx = gloss::annotate::Context { reference_date: chrono::NaiveDate::from_ymd_opt(2019, 11, day) };
        let a = gloss::annotate::annotate(&body, &ctx);
        let spans = a.quotes.iter().map(|q| (q.start, q.end))
            .chain(a.facts.iter().map(|f| (f.start, f.end)))
            .chain(a.entities.iter().map(|m| (m.start, m.end)));
        for (s, e) in spans {
            prop_assert!(s <= e && e <= body.len(), "{s}..{e} in {}", body.len());
            prop_assert!(body.is_char_boundary(s) && body.is_char_boundary(e));
        }
        let masked = gloss::annotate::text::markup::mask_markup(&body);
        prop_assert_eq!(masked.len(), body.len());
    }

    #[test]
    fn front_matter_parsing_never_panics(text in "(\\+\\+\\+\n)?[a-z =\"\\[\\]\n0-9+.:-]{0,200}(\n\\+\\+\\+\n)?.{0,50}") {
        let _ = gloss::briefing::parse(Path::new("content/p.md"), &text);
    }

    #[test]
    fn rendering_any_spans_never_panics_and_stays_well_formed(
        body in "[a-z “”\"*_\\[\\]()#&\\\\\n.-]{0,300}",
        spans in proptest::collection::vec((0usize..320, 0usize..40), 0..12),
    ) {
        let mut a = Annotations::default();
        for (i, (s, len)) in spans.iter().enumerate() {
            let (s, e) = (*s, s + len);
            match i % 3 {
                0 => a.quotes.push(quote(s, e)),
                1 => a.facts.push(Fact { text: "x".into(), kind: FactKind::Quantity, value: serde_json::json!(1), unit: None, approximate: false, start: s, end: e, relative: false, counts: None, display: None, note: None, source: None, origin: Origin::Automatic }),
                _ => a.entities.push(Mention { text: "x".into(), kind: EntityKind::Place, name: "<Z>".into(), start: s, end: e }),
            }
        }
        let html = body_to_html(&body, &BodyOptions { annotations: Some(&a), entity_href: &|_| Some("/p/".into()), site_root: "/" }).html;
        // Code blocks carry syntect's own spans, and no annotation lands inside them.
        let html = without_code_blocks(&html);
        prop_assert_eq!(html.matches("<q ").count(), html.matches("</q>").count());
        prop_assert_eq!(html.matches("<span class=\"fact").count() + html.matches("<span class=\"entity").count(), html.matches("</span>").count() - html.matches("<span class=\"sidenote").count() * 2);
        prop_assert!(!html.contains("<Q>X</Q>") && !html.contains("<Z>"));
    }
}
