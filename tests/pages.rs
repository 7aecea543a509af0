//! Publishing on GitHub Pages under a sub-path (issue 7): a demo site built with
//! `--base-url https://example.github.io/briefs/` must have no broken link, valid feeds listing
//! every briefing under the sub-path, the Pages files, a 404 page that works from any depth,
//! canonical and Open Graph metadata on every page, reproducible bytes, and a valid workflow.

mod publish_support;

use gloss::check::html;
use gloss::check::url::{resolve, Target};
use gloss::config::Config;
use gloss::site::links::Links;
use publish_support::*;
use quick_xml::events::Event;
use quick_xml::Reader;
use std::collections::BTreeMap;
use std::path::Path;

/// Builds the demo site into `<dir>/public` with the sub-path base URL.
fn built(dir: &Path, extra_config: &str) -> BTreeMap<String, Vec<u8>> {
    demo_site(dir, extra_config);
    gloss_ok(dir, &["build", "--base-url", BASE]);
    read_tree(&dir.join("public"))
}

fn text(files: &BTreeMap<String, Vec<u8>>, path: &str) -> String {
    String::from_utf8(
        files
            .get(path)
            .unwrap_or_else(|| panic!("no {path}"))
            .clone(),
    )
    .unwrap()
}

fn is_redirect(page: &str) -> bool {
    page.contains("http-equiv=\"refresh\"")
}

#[test]
fn sub_path_site_has_no_broken_links() {
    let dir = tempfile::tempdir().unwrap();
    let files = built(dir.path(), "");
    assert!(files.contains_key("field-notes/index.html"));
    assert!(
        files.contains_key("images/river-map.svg"),
        "static files are copied"
    );
    let stderr = gloss_ok(dir.path(), &["check", "--base-url", BASE]);
    assert!(stderr.contains(": 0 broken"), "{stderr}");
    // The library agrees, and really looked at the pages.
    let report = gloss::check::check(
        &gloss::site::BuildOptions {
            base_url: Some(BASE.into()),
            ..gloss::site::BuildOptions::new(dir.path())
        },
        false,
    )
    .unwrap();
    assert_eq!(report.broken, Vec::<String>::new());
    assert!(report.pages >= 10, "{report:?}");
    assert!(report.links >= 100, "{report:?}");
}

#[test]
fn root_relative_content_links_go_under_the_sub_path() {
    let dir = tempfile::tempdir().unwrap();
    let files = built(dir.path(), "");
    let page = text(&files, "field-notes/index.html");
    for want in [
        "href=\"/briefs/archive/\"",
        "href=\"/briefs/people/\"",
        "href=\"/briefs/timeline/\"",
        "href=\"/briefs/search/?q=river&amp;x=1\"",
        "href=\"/briefs/\"",
        "src=\"/briefs/images/river-map.svg\"",
        "href=\"/briefs/tags/\"",
    ] {
        assert!(page.contains(want), "missing {want}");
    }
    // The footnote became a sidenote and the code block is highlighted with its stylesheet.
    assert!(page.contains("class=\"sidenote\""), "{page}");
    assert!(
        page.contains("<pre class=\"code\" data-lang=\"python\">"),
        "{page}"
    );
    assert!(files.contains_key("code.css"));
    let stylesheets: Vec<String> = html::tags(&page)
        .into_iter()
        .filter(|t| t.name == "link" && t.attr("rel") == Some("stylesheet"))
        .filter_map(|t| t.attr("href").map(str::to_string))
        .collect();
    assert_eq!(stylesheets, ["/briefs/style.css", "/briefs/code.css"]);
    for tag in html::tags(&page) {
        for a in ["href", "src"] {
            if let Some(v) = tag.attr(a) {
                assert!(
                    !v.starts_with('/') || v.starts_with("/briefs/") || v.starts_with("//"),
                    "root-relative link outside the sub-path: {v}"
                );
            }
        }
    }
}

/// The `href` of every `<link>` (Atom) or the text of every `<loc>` (sitemap), after checking
/// the document is well-formed XML.
fn xml_urls(xml: &str, element: &[u8], attr: Option<&[u8]>) -> Vec<String> {
    let mut reader = Reader::from_str(xml);
    let mut urls = Vec::new();
    let mut depth = 0i32;
    let mut in_element = false;
    let mut in_entry = 0;
    loop {
        match reader.read_event() {
            Ok(Event::Eof) => break,
            Ok(Event::Start(e)) => {
                depth += 1;
                if e.name().as_ref() == b"entry" {
                    in_entry = depth;
                }
                in_element = e.name().as_ref() == element && attr.is_none();
            }
            Ok(Event::Empty(e)) => {
                if let Some(attr) = attr {
                    if e.name().as_ref() == element && in_entry > 0 {
                        for a in e.attributes() {
                            let a = a.unwrap();
                            if a.key.as_ref() == attr {
                                urls.push(a.unescape_value().unwrap().into_owned());
                            }
                        }
                    }
                }
            }
            Ok(Event::Text(t)) if in_element => {
                urls.push(t.unescape().unwrap().into_owned());
            }
            Ok(Event::End(e)) => {
                if e.name().as_ref() == b"entry" {
                    in_entry = 0;
                }
                depth -= 1;
                in_element = false;
            }
            Ok(_) => {}
            Err(e) => panic!("not well-formed XML at {}: {e}", reader.buffer_position()),
        }
    }
    assert_eq!(depth, 0, "unbalanced XML");
    urls
}

#[test]
fn feed_and_sitemap_are_xml_and_list_every_briefing_under_the_sub_path() {
    let dir = tempfile::tempdir().unwrap();
    let files = built(dir.path(), "");
    let slugs = briefing_slugs(&dir.path().join("public"));
    assert!(slugs.len() >= 2, "the seed and the field notes: {slugs:?}");
    let feed_links = xml_urls(&text(&files, "atom.xml"), b"link", Some(b"href"));
    let locs = xml_urls(&text(&files, "sitemap.xml"), b"loc", None);
    for slug in &slugs {
        let url = format!("{BASE}{slug}/");
        assert!(
            feed_links.contains(&url),
            "feed lacks {url}: {feed_links:?}"
        );
        assert!(locs.contains(&url), "sitemap lacks {url}");
    }
    for url in feed_links.iter().chain(&locs) {
        assert!(url.starts_with(BASE), "{url}");
    }
    assert!(
        locs.contains(&BASE.to_string()),
        "the front page is in the sitemap"
    );
    assert!(
        !locs.iter().any(|l| l.contains("old-field-notes")),
        "redirects stay out of the sitemap"
    );
    // The feed's content is escaped HTML whose links are absolute.
    let feed = text(&files, "atom.xml");
    assert!(feed.contains("href=&quot;https://example.github.io/briefs/archive/&quot;"));
    // Relative links in entries (`#our-method`) resolve against the entry's page.
    assert!(
        feed.contains(
            "<content type=\"html\" xml:base=\"https://example.github.io/briefs/field-notes/\">"
        ),
        "{feed}"
    );
}

#[test]
fn pages_files_exist() {
    let dir = tempfile::tempdir().unwrap();
    let files = built(dir.path(), "cname = \"briefs.example.org\"\n");
    assert_eq!(files.get(".nojekyll").map(Vec::len), Some(0));
    assert_eq!(text(&files, "CNAME"), "briefs.example.org\n");
    let robots = text(&files, "robots.txt");
    assert!(
        robots.contains(&format!("Sitemap: {BASE}sitemap.xml")),
        "{robots}"
    );
    // No CNAME unless configured.
    let plain = tempfile::tempdir().unwrap();
    assert!(!built(plain.path(), "").contains_key("CNAME"));
}

#[test]
fn not_found_page_works_from_nested_paths() {
    let dir = tempfile::tempdir().unwrap();
    let files = built(dir.path(), "");
    let page = text(&files, "404.html");
    let links = Links::new(&Config {
        base_url: BASE.into(),
        ..Config::default()
    });
    let mut checked = 0;
    // GitHub Pages serves 404.html for any missing path: resolve its links from deep ones.
    for served_as in ["404.html", "a/404.html", "x/y/z/404.html"] {
        for tag in html::tags(&page) {
            for attr in ["href", "src"] {
                let Some(link) = tag.attr(attr) else { continue };
                if link.starts_with('#') {
                    continue;
                }
                assert!(
                    link.starts_with("/briefs/") || link.starts_with(BASE),
                    "404 link {link} depends on the page's depth"
                );
                match resolve(&links, served_as, link) {
                    Target::Internal { path, .. } => {
                        assert!(
                            files.contains_key(&path),
                            "{link} → {path} from {served_as}"
                        );
                        checked += 1;
                    }
                    other => panic!("{link}: {other:?}"),
                }
            }
        }
    }
    assert!(checked >= 3 * 5, "{checked}");
    let stylesheet = html::tags(&page)
        .into_iter()
        .find(|t| t.name == "link" && t.attr("rel") == Some("stylesheet"))
        .and_then(|t| t.attr("href").map(str::to_string));
    assert_eq!(stylesheet.as_deref(), Some("/briefs/style.css"));
}

#[test]
fn every_page_has_canonical_and_open_graph_meta() {
    let dir = tempfile::tempdir().unwrap();
    let files = built(dir.path(), "");
    let mut pages = 0;
    for (path, bytes) in &files {
        if !path.ends_with(".html") {
            continue;
        }
        let page = String::from_utf8_lossy(bytes);
        let tags = html::tags(&page);
        let canonical = tags
            .iter()
            .find(|t| t.name == "link" && t.attr("rel") == Some("canonical"))
            .and_then(|t| t.attr("href"))
            .unwrap_or_else(|| panic!("{path} has no canonical link"))
            .to_string();
        assert!(canonical.starts_with(BASE), "{path}: {canonical}");
        if is_redirect(&page) {
            continue;
        }
        let expected = format!("{BASE}{}", path.strip_suffix("index.html").unwrap_or(path));
        assert_eq!(canonical, expected, "{path}");
        let meta = |p: &str| {
            tags.iter()
                .find(|t| t.name == "meta" && t.attr("property") == Some(p))
                .and_then(|t| t.attr("content"))
                .map(str::to_string)
        };
        assert_eq!(meta("og:url").as_deref(), Some(expected.as_str()), "{path}");
        for p in ["og:title", "og:type", "og:site_name"] {
            assert!(meta(p).is_some_and(|c| !c.is_empty()), "{path} lacks {p}");
        }
        pages += 1;
    }
    assert!(pages >= 10, "{pages}");
    assert!(text(&files, "field-notes/index.html")
        .contains("<meta property=\"og:type\" content=\"article\">"));
}

#[test]
fn two_builds_are_byte_identical() {
    let dir = tempfile::tempdir().unwrap();
    let first = built(dir.path(), "");
    gloss_ok(
        dir.path(),
        &["build", "--base-url", BASE, "--output", "second"],
    );
    let second = read_tree(&dir.path().join("second"));
    assert_eq!(
        first.keys().collect::<Vec<_>>(),
        second.keys().collect::<Vec<_>>()
    );
    for (path, bytes) in &first {
        assert!(second[path] == *bytes, "{path} differs between builds");
    }
    assert!(first.len() > 20, "{}", first.len());
}

#[test]
fn base_url_without_scheme_is_an_error_with_a_hint() {
    let dir = tempfile::tempdir().unwrap();
    demo_site(dir.path(), "");
    for cmd in ["build", "check"] {
        let out = gloss(
            dir.path(),
            &[cmd, "--base-url", "example.github.io/briefs/"],
        );
        assert_eq!(out.status.code(), Some(1), "{cmd}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            stderr.contains("https://example.github.io/briefs/"),
            "{cmd}: {stderr}"
        );
    }
    assert!(!dir.path().join("public").exists());
    std::fs::write(
        dir.path().join("gloss.toml"),
        "base_url = \"example.github.io/briefs\"\n",
    )
    .unwrap();
    let out = gloss(dir.path(), &["build"]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("gloss.toml") && stderr.contains("https://example.github.io/briefs"),
        "{stderr}"
    );
}

/// The `uses:` of every step of every job of a workflow.
fn workflow_actions(yaml: &str) -> Vec<String> {
    let doc: serde_yaml::Value = serde_yaml::from_str(yaml).expect("valid YAML");
    let jobs = doc["jobs"].as_mapping().expect("jobs");
    let mut uses = Vec::new();
    for (_, job) in jobs {
        for step in job["steps"].as_sequence().expect("steps") {
            if let Some(u) = step["uses"].as_str() {
                uses.push(u.split('@').next().unwrap_or(u).to_string());
            }
        }
    }
    assert!(
        doc["permissions"]["pages"].as_str() == Some("write"),
        "pages: write"
    );
    assert!(
        doc["permissions"]["id-token"].as_str() == Some("write"),
        "id-token: write"
    );
    uses
}

#[test]
fn workflow_is_valid_and_init_writes_the_same_pages_steps() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let ours = std::fs::read_to_string(repo.join(".github/workflows/pages.yml")).unwrap();
    let ours = workflow_actions(&ours);
    let pages_steps = [
        "actions/configure-pages",
        "actions/upload-pages-artifact",
        "actions/deploy-pages",
    ];
    for step in pages_steps {
        assert!(ours.iter().any(|u| u == step), "{step} in {ours:?}");
    }
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("new-site");
    gloss_ok(dir.path(), &["init", "new-site"]);
    let theirs = std::fs::read_to_string(site.join(".github/workflows/pages.yml")).unwrap();
    assert!(
        theirs.contains("base-url"),
        "the site workflow passes the Pages base URL"
    );
    let theirs = workflow_actions(&theirs);
    let only_pages = |v: &[String]| -> Vec<String> {
        v.iter()
            .filter(|u| pages_steps.contains(&u.as_str()))
            .cloned()
            .collect()
    };
    assert_eq!(only_pages(&ours), only_pages(&theirs));
    assert_eq!(only_pages(&theirs).len(), 3);
    // The new site builds and checks clean under a sub-path.
    gloss_ok(&site, &["build", "--base-url", BASE]);
    let stderr = gloss_ok(&site, &["check", "--base-url", BASE]);
    assert!(stderr.contains(": 0 broken"), "{stderr}");
}
