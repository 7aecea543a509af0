//! `gloss serve` over HTTP: the built binary on a temporary site, requests sent raw.

mod common;

use common::http::{get, request, Sse};
use common::server::{briefing_text, gloss, Server, TempSite};
use std::time::{Duration, Instant};

const BODY: &str = "The council of Port Elwin approved the harbour plan on Tuesday, a spokesperson said.\n\n\"We have waited long enough,\" said Mayor Tilda Brandt.";

fn site_with_briefing() -> TempSite {
    let site = TempSite::new();
    site.briefing("harbour", "Harbour plan approved", BODY);
    site
}

fn wait(secs: u64) -> Duration {
    Duration::from_secs(secs)
}

#[test]
fn serves_pages_assets_with_content_types_404_and_only_get_head() {
    let site = site_with_briefing();
    let files: &[(&str, &[u8], &str)] = &[
        ("static/app.js", b"console.log(1);", "text/javascript"),
        ("static/data.json", b"{\"a\":1}", "application/json"),
        ("static/feed.xml", b"<x/>", "application/xml"),
        (
            "static/logo.svg",
            b"<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
            "image/svg+xml",
        ),
        ("static/img/dot.png", b"\x89PNG\r\n\x1a\n", "image/png"),
        ("static/photo.jpg", b"\xff\xd8\xff", "image/jpeg"),
        ("static/font.woff2", b"wOF2", "font/woff2"),
        ("static/notes.txt", b"plain", "text/plain"),
        ("static/extra.css", b"body{}", "text/css"),
    ];
    for (rel, bytes, _) in files {
        site.write(rel, bytes);
    }
    let server = Server::start(&site.root(), &[]);
    let page = get(server.port, "/harbour/");
    assert_eq!(page.status, 200);
    assert!(page
        .header("content-type")
        .unwrap()
        .starts_with("text/html"));
    assert!(page.text().contains("Harbour plan approved"));
    assert!(
        page.text().contains("data-gloss-reload"),
        "reload script injected"
    );
    assert_eq!(
        get(server.port, "/harbour").status,
        302,
        "folder without slash"
    );
    assert_eq!(
        get(server.port, "/harbour").header("location"),
        Some("/harbour/")
    );
    assert_eq!(
        get(server.port, "/style.css").header("content-type"),
        Some("text/css; charset=utf-8")
    );
    for (rel, bytes, ty) in files {
        let r = get(
            server.port,
            &format!("/{}", rel.trim_start_matches("static/")),
        );
        assert_eq!(r.status, 200, "{rel}");
        assert!(
            r.header("content-type").unwrap().starts_with(ty),
            "{rel}: {:?}",
            r.header("content-type")
        );
        assert_eq!(r.body, *bytes, "{rel} served as is");
    }
    let missing = get(server.port, "/no/such/page/");
    assert_eq!(missing.status, 404);
    assert!(missing
        .header("content-type")
        .unwrap()
        .starts_with("text/html"));
    assert!(missing.text().contains("<html"), "the site's 404.html");
    let head = request(server.port, "HEAD", "/harbour/").unwrap();
    assert_eq!(head.status, 200);
    assert!(head.body.is_empty());
    for method in ["POST", "PUT", "DELETE", "PATCH"] {
        let r = request(server.port, method, "/harbour/").unwrap();
        assert_eq!(r.status, 405, "{method}");
        assert_eq!(r.header("allow"), Some("GET, HEAD"));
    }
    assert_eq!(
        request(server.port, "POST", "/__gloss/events")
            .unwrap()
            .status,
        405
    );
}

#[test]
fn nothing_outside_the_output_is_served() {
    let site = site_with_briefing();
    let secret = "TOP-SECRET-7731";
    std::fs::write(site.dir.path().join("secret.txt"), secret).unwrap();
    site.write("secret.txt", secret);
    site.write("static/ok.txt", "fine");
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(
            site.dir.path().join("secret.txt"),
            site.root().join("static/leak.txt"),
        )
        .unwrap();
        std::os::unix::fs::symlink(site.dir.path(), site.root().join("static/outside")).unwrap();
    }
    let server = Server::start(&site.root(), &[]);
    assert_eq!(get(server.port, "/ok.txt").text(), "fine");
    for path in [
        "/../secret.txt",
        "/../../secret.txt",
        "/harbour/../../secret.txt",
        "/%2e%2e/secret.txt",
        "/%2E%2E/%2e%2e/secret.txt",
        "/..%2fsecret.txt",
        "/%2e%2e%2fsecret.txt",
        "/harbour%2f..%2f..%2fsecret.txt",
        "/..\\secret.txt",
        "/%5c..%5csecret.txt",
        "//secret.txt",
        "/secret.txt",
        "/content/harbour.md",
        "/gloss.toml",
        "/leak.txt",
        "/outside/secret.txt",
        "/outside/site/secret.txt",
        "/./secret.txt",
        "/secret.txt%00.html",
        &format!("/{}", site.dir.path().join("secret.txt").display()),
        "http://127.0.0.1/../secret.txt",
    ] {
        let r = request(server.port, "GET", path).unwrap();
        assert!(r.status >= 400, "{path}: status {}", r.status);
        assert!(!r.text().contains(secret), "{path} leaked the secret");
    }
}

#[test]
fn build_output_has_no_reload_script_but_served_pages_do() {
    let site = site_with_briefing();
    let out = std::process::Command::new(gloss())
        .args(["build", "--root"])
        .arg(site.root())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut html = 0;
    for entry in walkdir::WalkDir::new(site.root().join("public")) {
        let entry = entry.unwrap();
        if entry.file_type().is_file() {
            let text = String::from_utf8_lossy(&std::fs::read(entry.path()).unwrap()).into_owned();
            html += usize::from(entry.path().extension().is_some_and(|e| e == "html"));
            assert!(
                !text.contains("data-gloss-reload") && !text.contains("__gloss"),
                "{}",
                entry.path().display()
            );
        }
    }
    assert!(html >= 3, "the build wrote pages");
    std::fs::remove_dir_all(site.root().join("public")).unwrap();
    let server = Server::start(&site.root(), &[]);
    assert!(get(server.port, "/").text().contains("data-gloss-reload"));
    assert!(!get(server.port, "/style.css")
        .text()
        .contains("gloss-reload"));
    assert!(
        !site.root().join("public").exists(),
        "serve writes no output folder"
    );
}

#[test]
fn broken_front_matter_shows_error_keeps_last_good_page_and_recovers() {
    let site = site_with_briefing();
    let server = Server::start(&site.root(), &[]);
    let mut sse = Sse::open(server.port, "/__gloss/events");
    let hello = sse.next(wait(5)).expect("hello");
    assert_eq!(hello.name, "hello");
    assert!(hello.data.contains("\"error\":null"), "{}", hello.data);
    site.write(
        "content/harbour.md",
        "+++\ntitle = \"Harbour <b>plan\ndate = 2024-03-05\n+++\n\nBroken.\n",
    );
    let (err, _) = sse
        .wait_for("build-error", wait(10))
        .expect("an error event");
    let v: serde_json::Value = serde_json::from_str(&err.data).unwrap();
    let message = v["message"].as_str().unwrap();
    assert!(
        message.contains("content/harbour.md:2:"),
        "file and line: {message}"
    );
    let page = get(server.port, "/harbour/").text();
    assert!(
        page.contains("Harbour plan approved") && page.contains("Tuesday"),
        "last good page still served"
    );
    let deadline = Instant::now() + wait(5);
    while !server.log().contains("harbour.md:2:") && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(20));
    }
    assert!(
        server.log().contains("harbour.md:2:"),
        "error printed in the terminal"
    );
    // A page opened now learns of the error at once.
    let mut late = Sse::open(server.port, "/__gloss/events");
    let hello = late.next(wait(5)).unwrap();
    assert!(hello.data.contains("harbour.md:2:"), "{}", hello.data);
    site.write(
        "content/harbour.md",
        briefing_text("Harbour plan delayed", "2024-03-05", BODY),
    );
    let (reload, _) = sse
        .wait_for("reload", wait(10))
        .expect("reload after the fix");
    assert!(reload.data.contains("build"));
    assert!(get(server.port, "/harbour/")
        .text()
        .contains("Harbour plan delayed"));
    let hello = Sse::open(server.port, "/__gloss/events")
        .next(wait(5))
        .unwrap();
    assert!(
        hello.data.contains("\"error\":null"),
        "error cleared: {}",
        hello.data
    );
}

#[test]
fn sub_path_base_url_is_served_under_its_path() {
    let site = site_with_briefing();
    site.write("gloss.toml", "base_url = \"https://x.github.io/briefs/\"\n");
    let server = Server::start(&site.root(), &[]);
    assert!(
        server
            .log()
            .contains(&format!("127.0.0.1:{}/briefs/", server.port)),
        "{}",
        server.log()
    );
    let root = get(server.port, "/");
    assert_eq!(root.status, 302);
    assert_eq!(root.header("location"), Some("/briefs/"));
    assert_eq!(
        get(server.port, "/briefs").header("location"),
        Some("/briefs/")
    );
    let index = get(server.port, "/briefs/");
    assert_eq!(index.status, 200);
    assert!(
        index
            .text()
            .replace("&#x2F;", "/")
            .contains("href=\"/briefs/harbour/\""),
        "root-relative links under the base path"
    );
    assert_eq!(get(server.port, "/briefs/harbour/").status, 200);
    assert_eq!(get(server.port, "/briefs/style.css").status, 200);
    assert_eq!(get(server.port, "/harbour/").status, 404);
    assert_eq!(get(server.port, "/briefs/../harbour/").status, 400);
    // --base-url overrides the config.
    drop(server);
    let server = Server::start(&site.root(), &["--base-url", "https://example.org/news/"]);
    assert_eq!(get(server.port, "/news/harbour/").status, 200);
}

#[test]
fn burst_of_saves_gives_one_reload_and_editor_patterns_are_handled() {
    let site = site_with_briefing();
    let server = Server::start(&site.root(), &[]);
    let mut sse = Sse::open(server.port, "/__gloss/events");
    assert_eq!(sse.next(wait(5)).unwrap().name, "hello");
    let path = site.root().join("content/harbour.md");
    for i in 0..6 {
        std::fs::write(
            &path,
            briefing_text(
                "Harbour plan approved",
                "2024-03-05",
                &BODY.replace("Tuesday", &format!("Friday {i}")),
            ),
        )
        .unwrap();
    }
    let events = sse.collect(Duration::from_millis(1500));
    let reloads = events.iter().filter(|e| e.name == "reload").count();
    assert_eq!(reloads, 1, "one reload for a burst: {events:?}");
    assert!(get(server.port, "/harbour/").text().contains("Friday 5"));

    // Scratch files alone change nothing.
    site.write("content/.harbour.md.swp", "junk");
    site.write("content/harbour.md~", "junk");
    site.write("content/4913", "");
    site.write("content/.#harbour.md", "junk");
    let events = sse.collect(Duration::from_millis(600));
    assert!(
        events
            .iter()
            .all(|e| e.name != "reload" && e.name != "build-error"),
        "{events:?}"
    );

    // An editor that writes a temp file and renames it over the original (new inode).
    let tmp = site.root().join("content/.harbour.md.tmp-save");
    std::fs::write(
        &tmp,
        briefing_text(
            "Harbour plan approved",
            "2024-03-05",
            &BODY.replace("Tuesday", "Saturday"),
        ),
    )
    .unwrap();
    std::fs::rename(&tmp, &path).unwrap();
    sse.wait_for("reload", wait(10))
        .expect("reload after rename-over");
    assert!(get(server.port, "/harbour/").text().contains("Saturday"));

    // A new file appears; removing it removes its page.
    site.briefing(
        "ferry",
        "Ferry returns",
        "The ferry to Skarra returned on Monday.",
    );
    sse.wait_for("reload", wait(10))
        .expect("reload for a new file");
    assert_eq!(get(server.port, "/ferry/").status, 200);
    assert!(
        get(server.port, "/").text().contains("Ferry returns"),
        "listed on the index"
    );
    std::fs::remove_file(site.root().join("content/ferry.md")).unwrap();
    sse.wait_for("reload", wait(10))
        .expect("reload after removal");
    assert_eq!(get(server.port, "/ferry/").status, 404);
    assert!(!get(server.port, "/").text().contains("Ferry returns"));
}

#[test]
fn css_only_change_swaps_stylesheets_and_templates_rerender() {
    let site = site_with_briefing();
    site.write("static/extra.css", "body { color: black; }");
    let server = Server::start(&site.root(), &[]);
    let mut sse = Sse::open(server.port, "/__gloss/events");
    assert_eq!(sse.next(wait(5)).unwrap().name, "hello");
    site.write("static/extra.css", "body { color: navy; }");
    let (css, skipped) = sse.wait_for("css", wait(10)).expect("a css event");
    assert!(skipped.iter().all(|e| e.name != "reload"), "{skipped:?}");
    assert!(css.data.contains("extra.css"), "{}", css.data);
    assert!(get(server.port, "/extra.css").text().contains("navy"));

    site.write(
        "templates/404.html",
        "{% extends \"base.html\" %}{% block content %}<p>Nothing filed here yet.</p>{% endblock content %}",
    );
    sse.wait_for("reload", wait(10))
        .expect("reload after a template change");
    let missing = get(server.port, "/nope/");
    assert_eq!(missing.status, 404);
    assert!(missing.text().contains("Nothing filed here yet."));
}

#[test]
fn seed_changes_are_ingested_respecting_edits() {
    let site = TempSite::new();
    let seed = "Ferry Service Returns To Skarra\n\nThe ferry service to the island of Skarra resumed on Monday after a six-week suspension, the operator said.\n\n\"Islanders can travel again,\" said harbourmaster Ines Vollan.\n";
    site.write("seeds/ferry.txt", seed);
    let server = Server::start(&site.root(), &[]);
    let content = common::server::content_files(&site.root());
    assert_eq!(content.len(), 1, "ingested at start: {content:?}");
    let index = get(server.port, "/").text();
    assert!(index.contains("Ferry Service Returns"), "{index}");
    let mut sse = Sse::open(server.port, "/__gloss/events");
    assert_eq!(sse.next(wait(5)).unwrap().name, "hello");
    site.write("seeds/ferry.txt", seed.replace("six-week", "nine-week"));
    sse.wait_for("reload", wait(10))
        .expect("reload after a seed change");
    let text = std::fs::read_to_string(&content[0]).unwrap();
    assert!(text.contains("nine"), "re-ingested: {text}");
    // A hand edit of the content file is kept when the seed changes again.
    std::fs::write(
        &content[0],
        text.replace("the operator said", "the operator confirmed"),
    )
    .unwrap();
    sse.wait_for("reload", wait(10))
        .expect("reload after the hand edit");
    site.write("seeds/ferry.txt", seed.replace("six-week", "ten-week"));
    std::thread::sleep(Duration::from_millis(800));
    let text = std::fs::read_to_string(&content[0]).unwrap();
    assert!(
        text.contains("the operator confirmed")
            && !text.contains("ten\\-week")
            && !text.contains("ten-week"),
        "{text}"
    );
}

#[test]
fn port_in_use_and_public_bind_are_explained() {
    let site = site_with_briefing();
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port();
    let out = std::process::Command::new(gloss())
        .args(["serve", "--root"])
        .arg(site.root())
        .args(["--port", &port.to_string()])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains(&format!("port {port}")) && err.contains("--port"),
        "{err}"
    );
    drop(taken);
    let server = Server::start(&site.root(), &["--bind", "0.0.0.0"]);
    assert!(server.log().contains("WARNING"), "{}", server.log());
    let quiet = Server::start(&site.root(), &[]);
    assert!(!quiet.log().contains("WARNING"));
}

#[test]
fn build_watch_rebuilds_the_output_folder() {
    let site = site_with_briefing();
    let root = site.root();
    let page = root.join("public/harbour/index.html");
    let read = |p: &std::path::Path| std::fs::read_to_string(p).unwrap_or_default();
    let watching = common::server::Running::spawn(&[
        "build".as_ref(),
        "--watch".as_ref(),
        "--root".as_ref(),
        root.as_os_str(),
    ]);
    assert!(
        watching.wait_until(wait(15), |w| w.log().contains("watching for changes")),
        "{}",
        watching.log()
    );
    assert!(read(&page).contains("Tuesday"));
    site.briefing(
        "harbour",
        "Harbour plan approved",
        &BODY.replace("Tuesday", "Sunday"),
    );
    assert!(
        watching.wait_until(wait(10), |_| read(&page).contains("Sunday")),
        "rebuilt: {}",
        watching.log()
    );
    assert!(
        !read(&page).contains("gloss-reload"),
        "no reload script in built pages"
    );
    site.write("content/harbour.md", "+++\ntitle = \"broken\n+++\n");
    assert!(
        watching.wait_until(wait(10), |w| w
            .log()
            .contains("error: content/harbour.md:2:")),
        "{}",
        watching.log()
    );
    assert!(
        read(&page).contains("Sunday"),
        "a failed rebuild leaves the output as it was"
    );
}

#[test]
fn a_broken_first_build_still_serves_and_recovers() {
    let site = TempSite::new();
    site.write(
        "content/harbour.md",
        "+++\ntitle = \"Harbour\ndate = 2024-03-05\n+++\n\nText.\n",
    );
    let server = Server::start(&site.root(), &[]);
    assert!(
        server.log().contains("content/harbour.md:2:"),
        "{}",
        server.log()
    );
    let missing = get(server.port, "/");
    assert_eq!(missing.status, 404);
    assert!(
        missing.text().contains("data-gloss-reload"),
        "the placeholder page listens for the fix"
    );
    let mut sse = Sse::open(server.port, "/__gloss/events");
    let hello = sse.next(wait(5)).unwrap();
    assert!(hello.data.contains("harbour.md:2:"), "{}", hello.data);
    site.briefing("harbour", "Harbour plan approved", BODY);
    sse.wait_for("reload", wait(10)).expect("reload once fixed");
    assert_eq!(get(server.port, "/harbour/").status, 200);
}
