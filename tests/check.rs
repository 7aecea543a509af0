//! `gloss check` (issue 7): every kind of broken internal link is reported as
//! `<page>: <link> (<reason>)` and makes the command fail; working links (including `&amp;` in
//! URLs, absolute links to the site's own host, folders, anchors) pass; the check never writes
//! `public/` or `content/`.

mod publish_support;

use gloss::check::{check, CheckReport};
use gloss::site::BuildOptions;
use publish_support::*;
use std::path::Path;

/// A briefing with good and broken links of every kind (raw HTML where markdown would fix
/// the link up).
const LINKS: &str = r##"+++
title = "Links, good and bad"
date = 2021-05-06
slug = "links"
+++

Good: the [archive](/archive/#main), the [map](/images/river-map.svg), the
[field notes](/field-notes/#our-method), <a href="/briefs/tags/?a=1&amp;b=2#main">tags</a>,
<a href="https://example.github.io/briefs/archive/">absolute</a>,
<a href="../field-notes/annotations.json">data</a>, <a href="#top">top</a>,
<a href="mailto:desk@example.org">mail</a> and [elsewhere](https://news.example.net/story).

Bad: [gone](/no-such-page/), [no anchor](#nowhere), ![missing](/images/missing.png),
<a href="/elsewhere/">outside</a>, <a href="../../../up">up</a>,
<a href="https://example.github.io/briefs/nothing-here/">absolute gone</a>,
<img alt="set" srcset="/briefs/images/river-map.svg 1x, /briefs/images/none.svg 2x">,
<a href="/briefs/field-notes/#no-such-id">far anchor</a>,
<a href="/briefs/field-notes">bare folder</a>.
"##;

fn opts(root: &Path) -> BuildOptions {
    BuildOptions {
        base_url: Some(BASE.into()),
        ..BuildOptions::new(root)
    }
}

fn broken_site() -> (tempfile::TempDir, CheckReport) {
    let dir = tempfile::tempdir().unwrap();
    demo_site(dir.path(), "");
    std::fs::write(dir.path().join("content/links.md"), LINKS).unwrap();
    let report = check(&opts(dir.path()), false).unwrap();
    (dir, report)
}

#[test]
fn broken_links_are_reported_with_page_link_and_reason() {
    let (_dir, report) = broken_site();
    let on_page: Vec<&String> = report
        .broken
        .iter()
        .filter(|b| b.starts_with("links/index.html: "))
        .collect();
    let expect = [
        (
            "/briefs/no-such-page/",
            "no such file `no-such-page/index.html`",
        ),
        (
            "#nowhere",
            "no element with id `nowhere` in `links/index.html`",
        ),
        (
            "/briefs/images/missing.png",
            "no such file `images/missing.png`",
        ),
        ("/elsewhere/", "outside the base path `/briefs/`"),
        ("../../../up", "above the site root"),
        (
            "https://example.github.io/briefs/nothing-here/",
            "no such file `nothing-here/index.html`",
        ),
        ("/briefs/images/none.svg", "no such file `images/none.svg`"),
        (
            "/briefs/field-notes/#no-such-id",
            "no element with id `no-such-id` in `field-notes/index.html`",
        ),
    ];
    for (link, reason) in expect {
        let line = format!("links/index.html: {link} (");
        let found = on_page.iter().find(|b| b.starts_with(&line));
        let found = found.unwrap_or_else(|| panic!("{link} not reported: {on_page:#?}"));
        assert!(found.contains(reason), "{found} lacks {reason}");
        assert!(found.ends_with(')'), "{found}");
    }
    assert_eq!(
        on_page.len(),
        expect.len(),
        "only the bad links are reported: {on_page:#?}"
    );
    // The feed carries the same body (markdown links made absolute, relative ones resolved
    // against the entry's xml:base): the same links are broken there, and nothing else is.
    let in_feed: Vec<&String> = report
        .broken
        .iter()
        .filter(|b| b.starts_with("atom.xml: "))
        .collect();
    for (link, reason) in expect {
        let absolute = link.replacen("/briefs/", BASE, 1);
        let found = in_feed.iter().find(|b| {
            b.starts_with(&format!("atom.xml: {link} ("))
                || b.starts_with(&format!("atom.xml: {absolute} ("))
        });
        let found =
            found.unwrap_or_else(|| panic!("{link} not reported in the feed: {in_feed:#?}"));
        assert!(found.contains(reason), "{found} lacks {reason}");
    }
    assert_eq!(in_feed.len(), expect.len(), "{in_feed:#?}");
    assert_eq!(
        report.broken.len(),
        2 * expect.len(),
        "the rest of the site is fine: {:#?}",
        report.broken
    );
    assert_eq!(report.external, ["https://news.example.net/story"]);
}

#[test]
fn cli_fails_on_broken_links_and_passes_on_a_clean_site() {
    let dir = tempfile::tempdir().unwrap();
    demo_site(dir.path(), "");
    let clean = gloss(dir.path(), &["check", "--base-url", BASE]);
    assert_eq!(
        clean.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&clean.stderr)
    );
    std::fs::write(dir.path().join("content/links.md"), LINKS).unwrap();
    let out = gloss(dir.path(), &["check", "--base-url", BASE]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("broken: links/index.html: /elsewhere/ (root-relative link outside"),
        "{stderr}"
    );
    assert!(stderr.contains("16 broken"), "{stderr}");
}

#[test]
fn relative_mode_site_checks_clean() {
    // Without a base URL links are relative (the site works from disk).
    let dir = tempfile::tempdir().unwrap();
    demo_site(dir.path(), "");
    let report = check(&BuildOptions::new(dir.path()), false).unwrap();
    assert_eq!(report.broken, Vec::<String>::new());
    assert!(report.pages >= 10 && report.links >= 100, "{report:?}");
}

#[test]
fn check_writes_neither_output_nor_content() {
    let dir = tempfile::tempdir().unwrap();
    demo_site(dir.path(), "");
    std::fs::remove_dir_all(dir.path().join("content")).unwrap();
    let report = check(&opts(dir.path()), false).unwrap();
    assert!(!dir.path().join("public").exists());
    assert!(
        !dir.path().join("content").exists(),
        "seeds were ingested in a copy"
    );
    // The seed was still checked: its briefing page is among the pages.
    assert!(report.pages >= 8, "{report:?}");
    assert_eq!(report.broken, Vec::<String>::new());
}

#[test]
fn overridden_404_with_relative_links_and_static_css_are_checked() {
    let dir = tempfile::tempdir().unwrap();
    demo_site(dir.path(), "");
    std::fs::create_dir_all(dir.path().join("templates")).unwrap();
    std::fs::write(
        dir.path().join("templates/404.html"),
        "{% extends \"base.html\" %}{% block content %}<a href=\"archive/\">archive</a>{% endblock content %}",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("static/extra.css"),
        "body { background: url(images/river-map.svg) } p { background: url('images/gone.png') }",
    )
    .unwrap();
    let report = check(&opts(dir.path()), false).unwrap();
    assert_eq!(
        report.broken,
        [
            "404.html: archive/ (a relative link on the 404 page breaks when it is served for a nested path; use a root-relative one)",
            "extra.css: images/gone.png (no such file `images/gone.png` in the site)",
        ]
    );
}

#[test]
fn external_links_are_listed_as_unchecked() {
    let (_dir, report) = broken_site();
    let dir = tempfile::tempdir().unwrap();
    demo_site(dir.path(), "");
    std::fs::write(dir.path().join("content/links.md"), LINKS).unwrap();
    let with = check(&opts(dir.path()), true).unwrap();
    assert!(
        with.warnings
            .iter()
            .any(|w| w == "unchecked: https://news.example.net/story"),
        "{:?}",
        with.warnings
    );
    assert!(!report.warnings.iter().any(|w| w.starts_with("unchecked")));
}
