//! `gloss archive` (issue 8): a durable copy of every briefing — self-contained pages that make
//! no external request, the source markdown, the annotations — with a manifest of SHA-256
//! hashes that `--verify` checks; archiving twice gives identical bytes.

mod publish_support;

use gloss::archive::{read_manifest, verify, write, Manifest};
use gloss::site::BuildOptions;
use publish_support::*;
use std::collections::BTreeMap;
use std::path::Path;

/// A briefing that pulls in things from elsewhere, which the archive must not.
const OUTSIDE: &str = r##"+++
title = "What the archive leaves out"
date = 2021-06-07
slug = "outside"
+++

A remote picture ![remote](https://images.example.net/a.png) and a local one
![map](/images/river-map.svg "The river towns").

<iframe src="https://video.example.net/embed/1" title="clip"></iframe>
<script src="//cdn.example.net/widget.js"></script>
<link rel="stylesheet" href="https://fonts.example.net/css?family=Serif">
<div style="background: url(https://images.example.net/bg.png)">Styled</div>
<img srcset="https://images.example.net/b.png 2x" alt="set">

See the [field notes](/field-notes/#our-method), the [people](/people/) and
[the council's page](https://council.example.gov/records).
"##;

const CONFIG: &str = "base_url = \"https://example.github.io/briefs/\"\n";

/// The demo site plus the briefing above, and a theme that loads a web font and a script.
fn site(dir: &Path) {
    demo_site(dir, CONFIG);
    std::fs::write(dir.join("content/outside.md"), OUTSIDE).unwrap();
    let base =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("templates/base.html"))
            .unwrap();
    let base = base.replace(
        "</head>",
        "<link rel=\"preconnect\" href=\"https://fonts.example.net\">\n\
         <link rel=\"stylesheet\" href=\"https://fonts.example.net/css2?family=Inter\">\n\
         <style>@font-face { font-family: Inter; src: url(https://fonts.example.net/inter.woff2) format(\"woff2\"); } @import url(\"https://fonts.example.net/more.css\");</style>\n\
         <script src=\"https://analytics.example.net/a.js\" async></script>\n</head>",
    );
    std::fs::create_dir_all(dir.join("templates")).unwrap();
    std::fs::write(dir.join("templates/base.html"), base).unwrap();
}

fn archived(dir: &Path, out: &str) -> BTreeMap<String, Vec<u8>> {
    let n = write(&BuildOptions::new(dir), &dir.join(out)).unwrap();
    assert!(n >= 3, "{n}");
    read_tree(&dir.join(out))
}

#[test]
fn fresh_archive_verifies_and_holds_every_briefing() {
    let dir = tempfile::tempdir().unwrap();
    site(dir.path());
    let files = archived(dir.path(), "archive");
    assert_eq!(
        verify(&dir.path().join("archive")).unwrap(),
        Vec::<String>::new()
    );
    let stderr = gloss_ok(dir.path(), &["archive", "--verify", "archive"]);
    assert!(stderr.contains("verified"), "{stderr}");

    gloss_ok(dir.path(), &["build"]);
    let public = dir.path().join("public");
    let slugs = briefing_slugs(&public);
    assert!(slugs.len() >= 3, "{slugs:?}");
    let manifest: Manifest = read_manifest(&dir.path().join("archive")).unwrap();
    assert_eq!(manifest.gloss_version, env!("CARGO_PKG_VERSION"));
    assert_eq!(
        manifest
            .briefings
            .iter()
            .map(|b| b.slug.clone())
            .collect::<std::collections::BTreeSet<_>>(),
        slugs.iter().cloned().collect()
    );
    for slug in &slugs {
        for f in ["index.html", "source.md", "annotations.json"] {
            assert!(files.contains_key(&format!("{slug}/{f}")), "{slug}/{f}");
        }
        assert_eq!(
            files[&format!("{slug}/annotations.json")],
            std::fs::read(public.join(slug).join("annotations.json")).unwrap(),
            "the annotations are the site's"
        );
    }
    assert_eq!(
        files["field-notes/source.md"],
        FIELD_NOTES.as_bytes(),
        "the source is the content file, byte for byte"
    );
    // The manifest lists every other file, sorted, with its hash; and nothing with a time.
    let listed: Vec<&str> = manifest.files.iter().map(|f| f.path.as_str()).collect();
    let mut sorted = listed.clone();
    sorted.sort();
    assert_eq!(listed, sorted);
    let on_disk: Vec<&str> = files
        .keys()
        .map(String::as_str)
        .filter(|k| *k != "manifest.json")
        .collect();
    assert_eq!(listed, on_disk);
    for f in &manifest.files {
        assert_eq!(
            f.sha256,
            gloss::util::sha256_hex(&files[&f.path]),
            "{}",
            f.path
        );
    }
    let raw: serde_json::Value = serde_json::from_slice(&files["manifest.json"]).unwrap();
    let keys: Vec<&String> = raw.as_object().unwrap().keys().collect();
    assert_eq!(keys, ["briefings", "files", "format", "gloss_version"]);
}

#[test]
fn verify_reports_changed_added_and_missing_files() {
    let dir = tempfile::tempdir().unwrap();
    site(dir.path());
    archived(dir.path(), "archive");
    let archive = dir.path().join("archive");
    let page = archive.join("field-notes/index.html");
    let original = std::fs::read(&page).unwrap();
    let mut changed = original.clone();
    let at = changed.len() / 2;
    changed[at] ^= 0x01;
    std::fs::write(&page, &changed).unwrap();
    let problems = verify(&archive).unwrap();
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(
        problems[0].starts_with("changed: field-notes/index.html"),
        "{problems:?}"
    );
    let out = gloss(dir.path(), &["archive", "--verify", "archive"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("changed: field-notes/index.html"));
    std::fs::write(&page, &original).unwrap();
    assert_eq!(verify(&archive).unwrap(), Vec::<String>::new());

    std::fs::write(archive.join("field-notes/extra.txt"), "slipped in").unwrap();
    assert_eq!(
        verify(&archive).unwrap(),
        ["added: field-notes/extra.txt (not in the manifest)"]
    );
    std::fs::remove_file(archive.join("field-notes/extra.txt")).unwrap();

    std::fs::remove_file(archive.join("outside/source.md")).unwrap();
    assert_eq!(verify(&archive).unwrap(), ["missing: outside/source.md"]);
    let out = gloss(dir.path(), &["archive", "--verify", "archive"]);
    assert_eq!(out.status.code(), Some(1));

    // Archiving again repairs the damage.
    std::fs::write(&page, b"defaced").unwrap();
    std::fs::write(archive.join("stray.txt"), "x").unwrap();
    archived(dir.path(), "archive");
    assert_eq!(verify(&archive).unwrap(), Vec::<String>::new());
    assert_eq!(std::fs::read(&page).unwrap(), original);

    // No manifest at all: an error, not a pass.
    assert!(verify(&dir.path().join("content")).is_err());
}

/// The `src`/`href` of every `<link>`, `<script>`, `<img>`, `<iframe>` (and other embeds),
/// and every `url(…)` and `@import`: found by plain text search, independent of gloss's
/// own scanner.
fn fetched_urls(page: &str) -> Vec<String> {
    let lower = page.to_ascii_lowercase();
    let mut urls = Vec::new();
    for element in [
        "<link", "<script", "<img", "<iframe", "<source", "<video", "<audio", "<embed", "<object",
    ] {
        let mut from = 0;
        while let Some(p) = lower[from..].find(element) {
            let start = from + p;
            let end = lower[start..].find('>').map_or(lower.len(), |e| start + e);
            let tag = &page[start..end];
            for attr in [" src=", " href=", " srcset=", " data=", " poster="] {
                let tag_lower = tag.to_ascii_lowercase();
                if let Some(a) = tag_lower.find(attr) {
                    let v = tag[a + attr.len()..].trim_start_matches(['"', '\'']);
                    let v_end = v.find(['"', '\'', ' ', '>']).unwrap_or(v.len());
                    urls.push(v[..v_end].to_string());
                }
            }
            from = end;
        }
    }
    for marker in ["url(", "@import"] {
        let mut from = 0;
        while let Some(p) = lower[from..].find(marker) {
            let start = from + p + marker.len();
            let v = page[start..].trim_start_matches([' ', '"', '\'']);
            urls.push(v.chars().take(40).collect());
            from = start;
        }
    }
    urls
}

fn is_external(url: &str) -> bool {
    let u = url.trim().to_ascii_lowercase();
    u.starts_with("http:") || u.starts_with("https:") || u.starts_with("//")
}

#[test]
fn archived_pages_make_no_external_request() {
    let dir = tempfile::tempdir().unwrap();
    site(dir.path());
    // The site itself does pull things in: the test would catch them.
    gloss_ok(dir.path(), &["build"]);
    let built = std::fs::read_to_string(dir.path().join("public/outside/index.html")).unwrap();
    let external: Vec<String> = fetched_urls(&built)
        .into_iter()
        .filter(|u| is_external(u))
        .collect();
    assert!(external.len() >= 7, "{external:?}");

    let files = archived(dir.path(), "archive");
    let mut pages = 0;
    for (path, bytes) in &files {
        if !path.ends_with(".html") {
            continue;
        }
        pages += 1;
        let page = String::from_utf8(bytes.clone()).unwrap();
        let bad: Vec<String> = fetched_urls(&page)
            .into_iter()
            .filter(|u| is_external(u))
            .collect();
        assert!(bad.is_empty(), "{path} fetches {bad:?}");
        let lower = page.to_ascii_lowercase();
        assert!(!lower.contains("rel=\"stylesheet\""), "{path}");
        assert!(!lower.contains("@font-face"), "{path}");
        assert!(lower.contains("content-security-policy"), "{path}");
        if path != "index.html" {
            assert!(lower.contains("<style>"), "{path}: the theme is inlined");
            assert!(
                page.contains("--measure-width"),
                "{path}: the theme is inlined"
            );
        }
    }
    assert!(pages >= 4, "{pages}");
    let outside = String::from_utf8(files["outside/index.html"].clone()).unwrap();
    assert!(
        outside.contains("src=\"data:image/svg+xml;base64,"),
        "the local image is inlined"
    );
    assert!(
        outside.contains("href=\"../field-notes/index.html#our-method\""),
        "{outside}"
    );
    assert!(
        outside.contains("href=\"https://council.example.gov/records\""),
        "plain links stay"
    );
    assert!(
        outside.contains("<script type=\"application/ld+json\">"),
        "JSON-LD stays"
    );
}

#[test]
fn archive_links_resolve_inside_the_archive() {
    let dir = tempfile::tempdir().unwrap();
    site(dir.path());
    let files = archived(dir.path(), "archive");
    let output: gloss::site::Output = files.into_iter().collect();
    let links = gloss::site::links::Links::new(&gloss::config::Config::default());
    let report = gloss::check::check_output(&output, None, &links);
    assert_eq!(report.broken, Vec::<String>::new());
    assert!(report.links >= 15, "{report:?}");
}

#[test]
fn archiving_twice_gives_identical_bytes() {
    let dir = tempfile::tempdir().unwrap();
    site(dir.path());
    let first = archived(dir.path(), "one");
    let second = archived(dir.path(), "two");
    assert_eq!(first, second);
    // Again into the same folder: replaced atomically, same bytes, no staging left behind.
    let again = archived(dir.path(), "one");
    assert_eq!(first, again);
    let leftovers: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("gloss-staging") || n.contains("gloss-old"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
    // Through the binary too.
    gloss_ok(dir.path(), &["archive", "--out", "three"]);
    assert_eq!(read_tree(&dir.path().join("three")), first);
}

#[test]
fn archive_refuses_folders_it_would_destroy() {
    let dir = tempfile::tempdir().unwrap();
    site(dir.path());
    let opts = BuildOptions::new(dir.path());
    for bad in ["content", "seeds", "public", "."] {
        assert!(write(&opts, &dir.path().join(bad)).is_err(), "{bad}");
    }
    let other = dir.path().join("notes");
    std::fs::create_dir_all(&other).unwrap();
    std::fs::write(other.join("keep.txt"), "mine").unwrap();
    let err = write(&opts, &other).unwrap_err();
    assert!(err.to_string().contains("not a gloss archive"), "{err}");
    assert_eq!(
        std::fs::read_to_string(other.join("keep.txt")).unwrap(),
        "mine"
    );
}
