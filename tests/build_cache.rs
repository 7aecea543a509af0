//! The build cache: a `gloss build` after an edit annotates and renders only what the edit
//! touched, and its output is byte for byte what a build from scratch makes.

mod common;
use common::snapshot;

use gloss::site::{build, BuildOptions, BuildReport};
use std::path::{Path, PathBuf};

const PEOPLE: [&str; 6] = [
    "Maren Lindqvist",
    "Tobias Okafor",
    "Ines Caldera",
    "Ruben Achterberg",
    "Nadia Vostrikova",
    "Pavel Danek",
];

/// A briefing of our own: a dated story with a speaker, a quote, numbers and places.
fn briefing(n: usize) -> String {
    let who = PEOPLE[n % PEOPLE.len()];
    let surname = who.split(' ').nth(1).unwrap_or(who);
    format!(
        "+++\ntitle = \"Harbour report number {n}\"\ndate = \"2024-03-{day:02}\"\n+++\n\n\
         Officials in Lisbon said on Tuesday that {ships} ships had docked over the past \
         {weeks} weeks, about {pct}% more than last year.\n\n\
         \"The quays have never been this busy,\" said {who}, a port director at the Harbour \
         Authority. {surname} added that a new 12-mile breakwater would cost $4.5 million.\n",
        day = 1 + n % 27,
        ships = 100 + n * 7,
        weeks = 2 + n % 9,
        pct = 5 + n % 40,
    )
}

fn site(n: usize) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("content")).unwrap();
    for i in 0..n {
        write(&content(dir.path(), i), &briefing(i));
    }
    dir
}

fn content(root: &Path, i: usize) -> PathBuf {
    root.join(format!("content/report-{i}.md"))
}

fn write(path: &Path, text: &str) {
    std::fs::write(path, text).unwrap();
}

fn run(root: &Path) -> BuildReport {
    build(&BuildOptions::new(root)).unwrap_or_else(|e| panic!("build failed: {e}"))
}

/// The output of the site at `root` equals that of a build from scratch of the same content.
fn assert_same_as_scratch_build(root: &Path) {
    let fresh = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(fresh.path().join("content")).unwrap();
    for e in std::fs::read_dir(root.join("content")).unwrap() {
        let e = e.unwrap();
        std::fs::copy(e.path(), fresh.path().join("content").join(e.file_name())).unwrap();
    }
    if root.join("templates").is_dir() {
        std::fs::create_dir_all(fresh.path().join("templates")).unwrap();
        for e in std::fs::read_dir(root.join("templates")).unwrap() {
            let e = e.unwrap();
            std::fs::copy(e.path(), fresh.path().join("templates").join(e.file_name())).unwrap();
        }
    }
    let report = run(fresh.path());
    assert_eq!(
        report.rendered, report.briefings,
        "a scratch build renders all"
    );
    let (ours, theirs) = (
        snapshot(&root.join("public")),
        snapshot(&fresh.path().join("public")),
    );
    let names = |s: &[(PathBuf, Vec<u8>)]| s.iter().map(|f| f.0.clone()).collect::<Vec<_>>();
    assert_eq!(names(&ours), names(&theirs), "same files");
    for ((path, a), (_, b)) in ours.iter().zip(&theirs) {
        assert!(a == b, "{} differs from a scratch build", path.display());
    }
}

#[test]
fn an_edit_annotates_and_renders_only_what_it_touched() {
    let dir = site(8);
    let first = run(dir.path());
    assert_eq!((first.annotated, first.rendered), (8, 8));

    let edited = briefing(3).replace("ships had docked", "ships and ferries had docked");
    write(&content(dir.path(), 3), &edited);
    let second = run(dir.path());
    assert_eq!(second.annotated, 1, "only the edited file is annotated");
    assert_eq!(second.rendered, 1, "only its pages are rendered");
    assert!(second.changed >= 1 && second.changed < second.files / 2);
    let page = std::fs::read_to_string(dir.path().join("public/report-3/index.html")).unwrap();
    assert!(page.contains("ships and ferries had docked"));
    assert_same_as_scratch_build(dir.path());

    // A new speaker and a new date move lists and entity pages: still the same as scratch.
    let moved = briefing(5)
        .replace("2024-03-06", "2025-01-09")
        .replace(PEOPLE[5], "Oskar Wennberg")
        .replace("Danek added", "Wennberg added");
    write(&content(dir.path(), 5), &moved);
    let third = run(dir.path());
    assert_eq!(third.annotated, 1);
    assert!(dir
        .path()
        .join("public/people/oskar-wennberg/index.html")
        .exists());
    assert_same_as_scratch_build(dir.path());

    // A briefing removed: its pages go, nothing else is annotated.
    std::fs::remove_file(content(dir.path(), 0)).unwrap();
    let fourth = run(dir.path());
    assert_eq!((fourth.briefings, fourth.annotated), (7, 0));
    assert!(!dir.path().join("public/report-0").exists());
    assert_same_as_scratch_build(dir.path());
}

#[test]
fn a_template_change_renders_every_page_but_annotates_none() {
    let dir = site(4);
    run(dir.path());
    std::fs::create_dir_all(dir.path().join("templates")).unwrap();
    let base = std::fs::read_to_string(
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("templates/base.html"),
    )
    .unwrap();
    write(
        &dir.path().join("templates/base.html"),
        &base.replace(
            "<main id=\"main\">",
            "<main id=\"main\" data-theme=\"harbour\">",
        ),
    );
    let report = run(dir.path());
    assert_eq!((report.annotated, report.rendered), (0, 4));
    let page = std::fs::read_to_string(dir.path().join("public/report-2/index.html")).unwrap();
    assert!(page.contains("data-theme=\"harbour\""));
    assert_same_as_scratch_build(dir.path());
}

#[test]
fn a_damaged_cache_costs_time_not_a_build() {
    let dir = site(5);
    run(dir.path());
    let cache = dir.path().join(".gloss-cache");
    let mut damaged = 0;
    for e in walkdir::WalkDir::new(&cache)
        .into_iter()
        .filter_map(|e| e.ok())
    {
        let name = e.file_name().to_string_lossy();
        if e.file_type().is_file() && name.ends_with(".msgpack") {
            write(e.path(), "\u{0}not what gloss wrote\u{ff}");
            damaged += 1;
        }
    }
    assert!(damaged >= 2, "the cache holds annotations and page keys");
    write(
        &content(dir.path(), 1),
        &briefing(1).replace("busy", "crowded"),
    );
    let report = run(dir.path());
    assert_eq!((report.annotated, report.rendered), (5, 5));
    assert_same_as_scratch_build(dir.path());
}

#[test]
fn a_page_deleted_from_the_output_is_rendered_again() {
    let dir = site(4);
    run(dir.path());
    std::fs::remove_file(dir.path().join("public/report-2/index.html")).unwrap();
    std::fs::remove_file(dir.path().join("public/archive/index.html")).unwrap();
    write(
        &content(dir.path(), 1),
        &briefing(1).replace("busy", "crowded"),
    );
    let report = run(dir.path());
    assert_eq!(report.annotated, 1);
    assert!(dir.path().join("public/report-2/index.html").exists());
    assert!(dir.path().join("public/archive/index.html").exists());
    assert_same_as_scratch_build(dir.path());
}

/// A seed of our own: a headline, then paragraphs of a scraped article.
fn seed(n: usize) -> String {
    let who = PEOPLE[n % PEOPLE.len()];
    format!(
        "Ferry strike number {n} halts crossings\n\n\
         Crews on the northern ferry routes walked out on Monday, leaving about {cars} cars \
         stranded at the terminals, officials said.\n\n\
         \"We gave the operator {days} days to answer us,\" said {who}, who leads the crews' \
         union. Talks are due to resume next week in Bergen.\n\n\
         The operator said it had offered a raise of {pct}% over two years.\n",
        cars = 200 + n * 13,
        days = 3 + n % 11,
        pct = 2 + n % 7,
    )
}

#[test]
fn a_build_reads_new_content_while_ingest_writes_it() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::create_dir_all(root.join("seeds")).unwrap();
    for i in 0..6 {
        write(&root.join(format!("seeds/s{i}.txt")), &seed(i));
    }
    let report = run(root);
    assert_eq!(report.ingest.written.len(), 6);
    assert_eq!((report.briefings, report.annotated), (6, 6));
    // Every content file is in place, as ingest wrote it, and nothing else was left beside them.
    let files: Vec<PathBuf> = std::fs::read_dir(root.join("content"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(files.len(), 6, "{files:?}");
    for f in &files {
        let text = std::fs::read_to_string(f).unwrap();
        assert!(
            gloss::ingest::sync::is_pristine(f, &text),
            "{}",
            f.display()
        );
    }
    assert_same_as_scratch_build(root);
    // A changed seed replaces its content file; the build reads the new text.
    write(
        &root.join("seeds/s2.txt"),
        &seed(2).replace("Bergen", "Trondheim"),
    );
    let report = run(root);
    assert_eq!((report.ingest.written.len(), report.annotated), (1, 1));
    let page = std::fs::read_to_string(
        root.join("public/ferry-strike-number-2-halts-crossings/index.html"),
    )
    .unwrap();
    assert!(page.contains("Trondheim") && !page.contains("Bergen"));
    assert_same_as_scratch_build(root);
    // Nothing left to ingest: the build after is a no-change build.
    run(root);
    let report = run(root);
    assert_eq!((report.ingest.written.len(), report.changed), (0, 0));
}

#[test]
fn a_failed_build_keeps_what_ingest_wrote() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::create_dir_all(root.join("seeds")).unwrap();
    std::fs::create_dir_all(root.join("templates")).unwrap();
    write(&root.join("seeds/s0.txt"), &seed(0));
    write(&root.join("templates/briefing.html"), "{% if %}");
    assert!(build(&BuildOptions::new(root)).is_err());
    let files: Vec<PathBuf> = std::fs::read_dir(root.join("content"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(files.len(), 1, "{files:?}");
    assert!(!root.join("public").exists());
}

#[test]
fn a_theme_lays_out_the_panel_rows_its_own_way() {
    let dir = site(2);
    let root = dir.path();
    std::fs::create_dir_all(root.join("templates")).unwrap();
    // The theme's own templates, each laying out the rows it is given.
    for (file, template) in [
        (
            "briefing.html",
            "{% for f in b.facts %}[{{ f.n }} {{ f.kind }}: {{ f.text }}]{% endfor %}\n\
             {% for s in b.speakers %}<{{ s.name }}{% for q in s.quotes %} #{{ q.n }} {{ q.text }}{% endfor %}>{% endfor %}\n\
             {% for e in b.places %}({{ e.name }} {{ e.path }}){% endfor %}",
        ),
        (
            "entity.html",
            "{% for q in entity.quotes %}[#{{ q.n }} {{ q.text }} in {{ q.briefing }}]{% endfor %}\n\
             {% for b in entity.briefings %}({{ b.title }}){% endfor %}",
        ),
        (
            "timeline.html",
            "{% for e in events %}<{{ e.value }}: {{ e.sentence }} in {{ e.briefing }}>{% endfor %}",
        ),
        (
            "index.html",
            "{% for b in briefings %}[{{ b.title }}, {{ b.fact_count }} facts]{% endfor %}",
        ),
        (
            "list.html",
            "{{ heading }}: {% if groups %}{% for g in groups %}<{{ g.name }} {{ g.path }} {{ g.count }}>{% endfor %}{% endif %}",
        ),
        (
            "speakers.html",
            "{% for s in speakers %}[{{ s.name }} {{ s.quotes }} {{ s.briefings }} {{ s.path }}]{% endfor %}",
        ),
    ] {
        write(&root.join("templates").join(file), template);
    }
    run(root);
    let page = std::fs::read_to_string(root.join("public/report-1/index.html")).unwrap();
    assert!(page.contains("quantity: 107 ships]"), "{page}");
    assert!(
        page.contains("<Tobias Okafor #1 The quays have never been this busy,>"),
        "{page}"
    );
    assert!(page.contains("(Lisbon places/lisbon/"), "{page}");
    assert!(
        !page.contains("panel"),
        "the default panels are not forced on a theme: {page}"
    );
    let read = |path: &str| std::fs::read_to_string(root.join("public").join(path)).unwrap();
    let person = read("people/tobias-okafor/index.html");
    assert!(
        person.contains("[#1 The quays have never been this busy, in Harbour report number 1]"),
        "{person}"
    );
    assert!(person.contains("(Harbour report number 1)"), "{person}");
    let timeline = read("timeline/index.html");
    assert!(
        timeline.contains(": Officials in Lisbon said on Tuesday that 107 ships")
            && timeline.contains(" in Harbour report number 1>"),
        "{timeline}"
    );
    let index = read("index.html");
    assert!(index.contains("[Harbour report number 0, "), "{index}");
    assert!(!index.contains("briefing-list"), "{index}");
    let people = read("people/index.html");
    assert!(
        people.starts_with("People: ")
            && people.contains("<Tobias Okafor people/tobias-okafor/index.html 1>"),
        "{people}"
    );
    assert!(!people.contains("group-list"), "{people}");
    let speakers = read("speakers/index.html");
    assert!(
        speakers.contains("[Tobias Okafor 1 1 people/tobias-okafor/index.html]"),
        "{speakers}"
    );
}
