//! Incremental rebuilds give exactly the output of a full build, step after step.

use super::*;

fn write(root: &Path, rel: &str, text: &str) -> PathBuf {
    let path = root.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(&path, text).unwrap();
    path
}

fn briefing(title: &str, date: &str, tags: &str, body: &str) -> String {
    format!("+++\ntitle = \"{title}\"\ndate = {date}\ntags = [{tags}]\n+++\n\n{body}\n")
}

/// The whole site rendered from scratch, as `gloss build` does.
fn full(opts: &BuildOptions) -> Output {
    let config = site::load_config(opts).unwrap();
    site::render_site(opts, &config, &Warnings::default())
        .unwrap()
        .0
}

fn assert_same(site: &Site, opts: &BuildOptions, step: &str) {
    let expected = full(opts);
    let diff = changed_paths(&expected, &site.output);
    assert!(
        diff.is_empty(),
        "{step}: incremental output differs from a full build: {diff:?}"
    );
}

#[test]
fn incremental_rebuilds_match_full_builds() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().canonicalize().unwrap();
    let body = "The Lowmere Water Board said on Monday that 40 homes would be connected by June 2025, at a cost of $3 million.\n\n\"It is overdue,\" said Ada Quill, the board's chair.";
    // Briefing a, with the body of each step.
    let write_a = |body: &str| {
        write(
            &root,
            "content/a.md",
            &briefing("Water works begin", "2024-05-01", "\"water\"", body),
        )
    };
    let a = write_a(body);
    write(
        &root,
        "content/b.md",
        &briefing(
            "Rail line reopens",
            "2024-06-02",
            "\"rail\", \"water\"",
            &body.replace("Water Board", "Rail Company"),
        ),
    );
    write(
        &root,
        "content/c.md",
        &briefing(
            "Bridge closes",
            "2023-01-09",
            "",
            &body.replace("Monday", "Friday"),
        ),
    );
    let opts = BuildOptions {
        preview: true,
        ..BuildOptions::new(&root)
    };
    let (mut site, report) = Site::new(&opts).unwrap();
    assert_eq!((report.briefings, report.reannotated), (3, 3));
    assert_same(&site, &opts, "start");

    // One body edit: one file re-annotated, one briefing page rendered.
    write_a(&body.replace("40 homes", "45 homes"));
    let mut changes = Changes::default();
    changes.add(&root, &a);
    let r = site.apply(&changes).unwrap();
    assert_eq!((r.reannotated, r.rendered), (1, 1), "{r:?}");
    assert!(
        r.changed.contains(&"a/index.html".to_string()),
        "{:?}",
        r.changed
    );
    assert!(!r.changed.contains(&"b/index.html".to_string()));
    assert_same(&site, &opts, "body edit");

    // New people, places and speakers, and a lost organisation: entity pages follow.
    write_a(&format!(
        "{}\n\n\"We start in Norvik,\" said Bram Oyelaran, the engineer.",
        body.replace("The Lowmere Water Board said", "Lowmere said")
    ));
    let r = site.apply(&changes).unwrap();
    assert!(
        r.changed
            .iter()
            .any(|p| p.starts_with("people/bram-oyelaran/")),
        "{:?}",
        r.changed
    );
    assert_same(&site, &opts, "entity edit");

    // Title, date and tags change: list pages follow.
    write(
        &root,
        "content/a.md",
        &briefing("Water works delayed", "2022-02-02", "\"drought\"", body),
    );
    let r = site.apply(&changes).unwrap();
    assert_eq!(r.rendered, 1);
    assert_same(&site, &opts, "front matter edit");

    // An unchanged save does nothing.
    let r = site.apply(&changes).unwrap();
    assert!(!r.rerendered && r.changed.is_empty(), "{r:?}");

    // A new file and a removed one (seen through a folder event).
    write(
        &root,
        "content/d.md",
        &briefing("Ferry returns", "2024-07-07", "\"rail\"", body),
    );
    std::fs::remove_file(root.join("content/c.md")).unwrap();
    let mut folder = Changes::default();
    folder.add(&root, &root.join("content"));
    let r = site.apply(&folder).unwrap();
    assert_eq!((r.briefings, r.rendered), (3, 1), "{r:?}");
    assert!(r.changed.contains(&"c/index.html".to_string()));
    assert!(!site.output.contains_key("c/index.html"));
    assert_same(&site, &opts, "add and remove");

    // A template change re-renders every page.
    write(
        &root,
        "templates/404.html",
        "{% extends \"base.html\" %}{% block content %}<p>Gone fishing.</p>{% endblock content %}",
    );
    let r = site
        .apply(&Changes {
            templates: true,
            ..Changes::default()
        })
        .unwrap();
    assert_eq!(r.rendered, 3);
    assert_same(&site, &opts, "template change");

    // A config change too; a broken file fails and keeps the last good output.
    write(
        &root,
        "gloss.toml",
        "title = \"Lowmere Briefings\"\nbase_url = \"https://x.github.io/briefs/\"\n",
    );
    let r = site
        .apply(&Changes {
            config: true,
            ..Changes::default()
        })
        .unwrap();
    assert_eq!(r.rendered, 3);
    assert_same(&site, &opts, "config change");
    let before = site.output.clone();
    write(&root, "content/b.md", "+++\ntitle = \"broken\n+++\n");
    let mut changes = Changes::default();
    changes.add(&root, &root.join("content/b.md"));
    let err = site.apply(&changes).unwrap_err();
    assert!(err.to_string().contains("content/b.md:2:"), "{err}");
    assert_eq!(site.output, before, "last good output kept");
    std::fs::remove_file(root.join("content/b.md")).unwrap();
    site.apply(&changes).unwrap();
    assert_same(&site, &opts, "broken file removed");
}

/// The search index is updated in place for edits that keep briefings where they are: its
/// shards must still equal a full build's, as words come and go.
#[test]
fn incremental_search_index_matches_a_full_build() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().canonicalize().unwrap();
    let text = |i: usize, extra: &str| {
        briefing(
            &format!("Harbour report {i}"),
            &format!("2024-05-{:02}", i + 1),
            "",
            &format!("The harbour board met on Monday about berth {i}. {extra}\n\n\"We are ready,\" said Ada Quill."),
        )
    };
    let paths: Vec<PathBuf> = (0..8)
        .map(|i| write(&root, &format!("content/r{i}.md"), &text(i, "")))
        .collect();
    let opts = BuildOptions::new(&root);
    let (mut site, _) = Site::new(&opts).unwrap();
    let search_files = |site: &Site| -> Vec<String> {
        site.output
            .keys()
            .filter(|k| k.starts_with("search/"))
            .cloned()
            .collect()
    };
    let before = search_files(&site);
    for (step, extra) in [
        "Zanzibar quokkas arrived.",
        "Quokkas left; xylophones arrived.",
        "",
    ]
    .iter()
    .enumerate()
    {
        std::fs::write(&paths[3], text(3, extra)).unwrap();
        let mut changes = Changes::default();
        changes.add(&root, &paths[3]);
        let r = site.apply(&changes).unwrap();
        assert_eq!(r.reannotated, 1);
        assert_same(&site, &opts, &format!("search edit {step}"));
        if step == 0 {
            assert!(site.output.contains_key("search/terms/za.json"));
            assert!(r.changed.contains(&"search/terms/za.json".to_string()));
            assert!(!r.changed.contains(&"search/terms/ha.json".to_string()));
        }
    }
    assert!(!site.output.contains_key("search/terms/za.json"));
    assert!(!site.output.contains_key("search/terms/xy.json"));
    assert_eq!(search_files(&site), before, "back to the same shards");
}

#[test]
fn a_server_starts_from_the_annotations_a_build_kept() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().canonicalize().unwrap();
    let body = "\"The ferry runs again,\" said Ilse Marten, the harbour master, on 2 May 2024. \
                About 300 passengers crossed to Norvik in the first week.";
    for (i, date) in ["2024-05-01", "2024-05-02"].iter().enumerate() {
        let text = briefing(&format!("Ferry {i}"), date, "", body);
        write(&root, &format!("content/f{i}.md"), &text);
    }
    let opts = BuildOptions::new(&root);
    // No cache yet: every file is annotated, and the server keeps what it found.
    let (_, first) = Site::new(&opts).unwrap();
    assert_eq!((first.reannotated, first.annotated), (2, 2));
    let (_, second) = Site::new(&opts).unwrap();
    assert_eq!((second.reannotated, second.annotated), (2, 0));
    // An edit made while no server ran: only that file is annotated.
    write(
        &root,
        "content/f1.md",
        &briefing("Ferry 1", "2024-05-02", "", &body.replace("300", "350")),
    );
    site::build(&opts).unwrap();
    let (site, third) = Site::new(&opts).unwrap();
    assert_eq!(
        third.annotated, 0,
        "the build kept the edited file's annotations"
    );
    assert_same(&site, &opts, "after a build");
}
