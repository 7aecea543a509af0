//! End-to-end tests of `gloss build` on real files: the repo's own seed, edits, collisions,
//! template overrides, and a failed build leaving the previous output intact.

mod common;
use common::snapshot;

use std::path::{Path, PathBuf};
use std::process::Command;

fn gloss(args: &[&str], dir: &Path) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_gloss"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("run gloss")
}

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A temp site holding a copy of the repo's seeds.
fn site_with_seed() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("seeds")).unwrap();
    for e in std::fs::read_dir(repo().join("seeds")).unwrap() {
        let e = e.unwrap();
        std::fs::copy(e.path(), dir.path().join("seeds").join(e.file_name())).unwrap();
    }
    dir
}

fn read(p: impl AsRef<Path>) -> String {
    std::fs::read_to_string(p.as_ref()).unwrap_or_else(|e| panic!("{}: {e}", p.as_ref().display()))
}

#[test]
fn seed_builds_into_a_clean_readable_page() {
    let site = site_with_seed();
    let out = gloss(&["build"], site.path());
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let index = read(site.path().join("public/index.html"));
    let slug = "isis-is-worming-their-way-back-into-iraq";
    assert!(
        index.contains(&format!("href=\"{slug}/index.html\"")),
        "index links the briefing relatively"
    );
    let page = read(site.path().join(format!("public/{slug}/index.html")));
    assert_eq!(
        page.matches("<h1>ISIS is Worming Their Way Back into Iraq</h1>")
            .count(),
        1
    );
    assert!(!page.contains("Ad Blocker"), "boilerplate dropped");
    assert!(!page.contains("whitelist our website"));
    assert!(
        page.contains("A community elder stated"),
        "last paragraph kept"
    );
    assert!(
        page.contains("ISIS faced its defeat earlier this year"),
        "first paragraph kept"
    );
    let body = &page[page.find("<div class=\"body\">").unwrap()..];
    assert!(
        !body.contains("ISIS is Worming Their Way Back into Iraq"),
        "title not repeated in the body"
    );
    assert!(site.path().join("public/style.css").exists());
    assert!(site
        .path()
        .join(format!("public/{slug}/annotations.json"))
        .exists());
}

#[test]
fn edits_survive_rebuilds_and_force_overwrites() {
    let site = site_with_seed();
    assert!(gloss(&["build"], site.path()).status.success());
    let content = site
        .path()
        .join("content/isis-is-worming-their-way-back-into-iraq.md");
    let edited = read(&content).replace(
        "Traveling the road to Qaim",
        "EDITED: Traveling the road to Qaim",
    );
    std::fs::write(&content, &edited).unwrap();
    let out = gloss(&["build"], site.path());
    assert!(out.status.success());
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("edited by hand"),
        "a warning names the kept file"
    );
    assert_eq!(read(&content), edited, "the edit is kept");
    assert!(read(
        site.path()
            .join("public/isis-is-worming-their-way-back-into-iraq/index.html")
    )
    .contains("EDITED: Traveling"));
    // Editing only the front matter counts as an edit too.
    let fm_edit = edited.replace("title = ", "tags = [\"iraq\"]\ntitle = ");
    std::fs::write(&content, &fm_edit).unwrap();
    assert!(gloss(&["ingest"], site.path()).status.success());
    assert_eq!(read(&content), fm_edit);
    let out = gloss(
        &["ingest", "--force", "seeds/000_8f9a9f19018dd6f0.txt"],
        site.path(),
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        !read(&content).contains("EDITED"),
        "--force regenerates from the seed"
    );
}

#[test]
fn same_titles_give_distinct_stable_slugs() {
    let dir = tempfile::tempdir().unwrap();
    let seeds = dir.path().join("seeds");
    std::fs::create_dir_all(&seeds).unwrap();
    for i in 0..100 {
        std::fs::write(
            seeds.join(format!("s{i:03}.txt")),
            format!("Same Title\n\nStory number {i} is here. It has words.\n"),
        )
        .unwrap();
    }
    let out = gloss(&["build"], dir.path());
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let pages: Vec<_> = std::fs::read_dir(dir.path().join("public"))
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().starts_with("same-title"))
        .collect();
    assert_eq!(pages.len(), 100);
    assert!(dir.path().join("public/same-title/index.html").exists());
    assert!(dir.path().join("public/same-title-100/index.html").exists());
    let first = read(dir.path().join("public/same-title-2/index.html"));
    // Rebuilding keeps every slug where it was.
    assert!(gloss(&["build"], dir.path()).status.success());
    assert_eq!(
        read(dir.path().join("public/same-title-2/index.html")),
        first
    );
}

#[test]
fn site_templates_override_defaults_file_by_file() {
    let site = site_with_seed();
    std::fs::create_dir_all(site.path().join("templates")).unwrap();
    std::fs::write(
        site.path().join("templates/index.html"),
        "<p>CUSTOM INDEX {{ briefings | length }}</p>",
    )
    .unwrap();
    let out = gloss(&["build"], site.path());
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        read(site.path().join("public/index.html")),
        "<p>CUSTOM INDEX 1</p>"
    );
    assert!(
        read(
            site.path()
                .join("public/isis-is-worming-their-way-back-into-iraq/index.html")
        )
        .contains("<article"),
        "other templates stay default"
    );
}

#[test]
fn failed_build_leaves_previous_output_byte_for_byte() {
    let site = site_with_seed();
    assert!(gloss(&["build"], site.path()).status.success());
    let before = snapshot(&site.path().join("public"));
    std::fs::write(
        site.path().join("content/broken.md"),
        "+++\ntitle = \"Broken\"\ndate = = 2019\n+++\nBody\n",
    )
    .unwrap();
    let out = gloss(&["build"], site.path());
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("content/broken.md:3:"), "{err}");
    assert!(
        err.contains("date = = 2019"),
        "shows the offending line: {err}"
    );
    assert_eq!(snapshot(&site.path().join("public")), before);
    std::fs::write(site.path().join("templates.html"), "").unwrap();
    std::fs::remove_file(site.path().join("content/broken.md")).unwrap();
    std::fs::create_dir_all(site.path().join("templates")).unwrap();
    std::fs::write(site.path().join("templates/briefing.html"), "{% if %}").unwrap();
    let out = gloss(&["build"], site.path());
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("briefing.html"));
    assert_eq!(snapshot(&site.path().join("public")), before);
}

#[test]
fn a_killed_builds_staging_folder_is_cleaned_up() {
    let site = site_with_seed();
    let staging = site.path().join(".public.gloss-staging");
    std::fs::create_dir_all(staging.join("junk")).unwrap();
    assert!(gloss(&["build"], site.path()).status.success());
    assert!(!staging.exists());
}

#[test]
fn dangerous_output_folders_are_refused() {
    let site = site_with_seed();
    for bad in [".", "content", "seeds", "/"] {
        let out = gloss(&["build", "--output", bad], site.path());
        assert_eq!(out.status.code(), Some(1), "{bad}");
        assert!(
            String::from_utf8_lossy(&out.stderr).contains("refusing"),
            "{bad}"
        );
    }
    assert!(site.path().join("seeds/000_8f9a9f19018dd6f0.txt").exists());
}

#[test]
fn usage_errors_exit_2_and_help_exits_0() {
    let dir = tempfile::tempdir().unwrap();
    assert_eq!(
        gloss(&["build", "--no-such-flag"], dir.path())
            .status
            .code(),
        Some(2)
    );
    assert_eq!(gloss(&["frobnicate"], dir.path()).status.code(), Some(2));
    let help = gloss(&["build", "--help"], dir.path());
    assert_eq!(help.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&help.stdout).contains("Examples"));
}

#[test]
fn unknown_config_key_is_an_error_naming_it() {
    let site = site_with_seed();
    std::fs::write(
        site.path().join("gloss.toml"),
        "title = \"x\"\nthemes = 1\n",
    )
    .unwrap();
    let out = gloss(&["build"], site.path());
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("gloss.toml:2:") && err.contains("themes"),
        "{err}"
    );
}

#[test]
fn init_makes_a_site_that_builds() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("new site");
    assert!(gloss(&["init", site.to_str().unwrap()], dir.path())
        .status
        .success());
    let out = gloss(&["build"], &site);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let index = read(site.join("public/index.html"));
    assert!(index.contains("River Town Opens Flood Barrier"), "{index}");
    assert!(!read(
        site.join("public/river-town-opens-flood-barrier-after-decade-of-delays/index.html")
    )
    .contains("Share this"));
    assert!(
        gloss(&["init", site.to_str().unwrap()], dir.path())
            .status
            .code()
            == Some(1),
        "init refuses an existing site"
    );
}

#[test]
fn hostile_seed_text_is_shown_as_text() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("seeds")).unwrap();
    let hostile = "Title <script>alert(1)</script>\n\nA <img src=x onerror=alert(2)> and [link](javascript:alert(3)) and {{ config }} {% raw %} *not em* <b>bold</b>.\n";
    std::fs::write(dir.path().join("seeds/h.txt"), hostile).unwrap();
    let out = gloss(&["build"], dir.path());
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let page_dir = std::fs::read_dir(dir.path().join("public"))
        .unwrap()
        .filter_map(|e| e.ok())
        .find(|e| e.file_name().to_string_lossy().starts_with("title"))
        .unwrap();
    let page = read(page_dir.path().join("index.html"));
    assert!(!page.contains("<script>alert"), "no live script");
    assert!(!page.contains("<img src=x"), "no live img");
    assert!(!page.contains("href=\"javascript:"), "no live js link");
    assert!(!page.contains("<em>not em</em>") && !page.contains("<b>bold</b>"));
    assert!(
        page.contains("<h1>Title &lt;script&gt;alert(1)&lt;/script&gt;</h1>"),
        "shown as text"
    );
    assert!(
        page.contains("&lt;img src=x onerror=alert(2)&gt;"),
        "shown as text"
    );
    assert!(
        page.contains("{{ config }}") && page.contains("{% raw %}"),
        "no template injection"
    );
    assert!(
        !page.contains("</script><script>"),
        "JSON-LD not broken out of"
    );
}

#[test]
fn an_unchanged_rebuild_is_skipped_but_repairs_a_damaged_output() {
    let site = site_with_seed();
    assert!(gloss(&["build"], site.path()).status.success());
    let out = gloss(&["build"], site.path());
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("(0 changed)"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let page = site
        .path()
        .join("public/isis-is-worming-their-way-back-into-iraq/index.html");
    let before = std::fs::read(&page).unwrap();
    std::fs::remove_file(&page).unwrap();
    assert!(gloss(&["build"], site.path()).status.success());
    assert_eq!(
        std::fs::read(&page).unwrap(),
        before,
        "a page deleted by hand is rebuilt"
    );
    // A page rewritten by hand to another length is noticed too.
    std::fs::write(&page, "tampered").unwrap();
    assert!(gloss(&["build"], site.path()).status.success());
    assert_eq!(std::fs::read(&page).unwrap(), before);
}
