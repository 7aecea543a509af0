//! Cross-briefing pages: archive by year and month, tags, pagination, stable permalinks and
//! alias redirects, and the W3C annotation collection's shape.

use std::path::Path;
use std::process::Command;

fn gloss(args: &[&str], dir: &Path) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_gloss"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("run gloss")
}

fn write(path: &Path, text: &str) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn briefing(dir: &Path, slug: &str, title: &str, date: &str, extra: &str) {
    write(
        &dir.join(format!("content/{slug}.md")),
        &format!("+++\ntitle = \"{title}\"\ndate = {date}\n{extra}+++\n\nThe council met on Tuesday. “We will rebuild,” said Mayor Jane Doe.\n"),
    );
}

#[test]
fn archive_tags_and_pagination() {
    let dir = tempfile::tempdir().unwrap();
    write(&dir.path().join("gloss.toml"), "paginate = 2\n");
    briefing(
        dir.path(),
        "a",
        "Alpha",
        "2019-03-04",
        "tags = [\"Water\", \"Town Hall\"]\n",
    );
    briefing(
        dir.path(),
        "b",
        "Bravo",
        "2019-03-20",
        "tags = [\"Water\"]\n",
    );
    briefing(dir.path(), "c", "Charlie", "2019-11-02", "");
    briefing(dir.path(), "d", "Delta", "2020-01-15", "");
    briefing(dir.path(), "e", "Echo", "2020-01-16", "draft = true\n");
    let out = gloss(&["build"], dir.path());
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let p = dir.path().join("public");
    let index = read(&p.join("index.html"));
    assert!(
        index.find("Delta").unwrap() < index.find("Charlie").unwrap(),
        "newest first"
    );
    assert!(!index.contains("Bravo"), "paginated: 2 per page");
    assert!(
        index.contains("href=\"page/2/index.html\""),
        "links the next page"
    );
    assert!(read(&p.join("page/2/index.html")).contains("Bravo"));
    assert!(!p.join("e").exists(), "drafts are left out");
    assert!(read(&p.join("archive/2019/03/index.html")).contains("Alpha"));
    assert!(!read(&p.join("archive/2019/03/index.html")).contains("Charlie"));
    assert!(read(&p.join("archive/2019/index.html")).contains("March 2019"));
    assert!(read(&p.join("archive/index.html")).contains("2020"));
    assert!(read(&p.join("tags/water/index.html")).contains("Alpha"));
    assert!(read(&p.join("tags/town-hall/index.html")).contains("Alpha"));
    assert!(read(&p.join("tags/index.html")).contains("Town Hall"));
    // --drafts includes them.
    assert!(gloss(&["build", "--drafts"], dir.path()).status.success());
    assert!(p.join("e/index.html").exists());
}

#[test]
fn permalinks_survive_title_edits_and_aliases_redirect() {
    let dir = tempfile::tempdir().unwrap();
    write(
        &dir.path().join("seeds/story.txt"),
        "Original Headline\n\nThe body of the story.\n",
    );
    assert!(gloss(&["build"], dir.path()).status.success());
    let content = dir.path().join("content/original-headline.md");
    let text = read(&content).replace(
        "title = \"Original Headline\"",
        "title = \"A Better Headline\"\naliases = [\"old/path/\"]",
    );
    write(&content, &text);
    assert!(gloss(&["build"], dir.path()).status.success());
    let page = read(&dir.path().join("public/original-headline/index.html"));
    assert!(
        page.contains("<h1>A Better Headline</h1>"),
        "same URL, new title"
    );
    let redirect = read(&dir.path().join("public/old/path/index.html"));
    assert!(
        redirect.contains("url=../../original-headline/index.html"),
        "{redirect}"
    );
}

#[test]
fn annotations_json_has_the_w3c_shape() {
    let dir = tempfile::tempdir().unwrap();
    briefing(dir.path(), "a", "Alpha", "2019-03-04", "[[fact]]\ntext = \"Tuesday\"\nnote = \"The meeting day.\"\nsource = \"https://example.org/minutes\"\n[[quote]]\ntext = \"We will rebuild\"\nspeaker = \"Jane Doe\"\n");
    let out = gloss(
        &["build", "--base-url", "https://example.org/briefs/"],
        dir.path(),
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json: serde_json::Value =
        serde_json::from_str(&read(&dir.path().join("public/a/annotations.json"))).unwrap();
    assert_eq!(json["@context"], "http://www.w3.org/ns/anno.jsonld");
    assert_eq!(json["type"], "AnnotationCollection");
    let items = json["first"]["items"].as_array().unwrap();
    assert!(items.len() >= 2);
    assert_eq!(json["total"].as_u64().unwrap() as usize, items.len());
    let plain = "The council met on Tuesday. “We will rebuild,” said Mayor Jane Doe.";
    for item in items {
        assert_eq!(item["type"], "Annotation");
        assert!(item["id"]
            .as_str()
            .unwrap()
            .starts_with("https://example.org/briefs/a/#"));
        assert!(item["motivation"].is_string());
        assert!(item["body"]["type"] == "TextualBody");
        assert_eq!(item["target"]["source"], "https://example.org/briefs/a/");
        let sel = item["target"]["selector"].as_array().unwrap();
        assert_eq!(sel[0]["type"], "TextQuoteSelector");
        assert_eq!(sel[1]["type"], "TextPositionSelector");
        let exact = sel[0]["exact"].as_str().unwrap();
        let (s, e) = (
            sel[1]["start"].as_u64().unwrap() as usize,
            sel[1]["end"].as_u64().unwrap() as usize,
        );
        let by_position: String = plain.chars().skip(s).take(e - s).collect();
        assert_eq!(
            by_position, exact,
            "positions count code points into the page text"
        );
    }
    let note = items
        .iter()
        .find(|i| i["motivation"] == "commenting")
        .expect("the editorial note");
    assert_eq!(note["body"]["value"], "The meeting day.");
    assert_eq!(note["body"]["source"], "https://example.org/minutes");
    assert_eq!(note["creator"]["type"], "Person");
    let quote = items
        .iter()
        .find(|i| i["body"]["kind"] == "quote")
        .expect("the quote");
    assert_eq!(quote["body"]["speaker"], "Jane Doe");
    let page = read(&dir.path().join("public/a/index.html"));
    let ld_start = page.find("<script type=\"application/ld+json\">").unwrap() + 35;
    let ld: serde_json::Value = serde_json::from_str(
        &page[ld_start..ld_start + page[ld_start..].find("</script>").unwrap()],
    )
    .unwrap();
    assert_eq!(ld["@type"], "NewsArticle");
    assert_eq!(ld["headline"], "Alpha");
    assert_eq!(ld["datePublished"], "2019-03-04");
    assert_eq!(ld["hasPart"][0]["@type"], "Quotation");
    assert_eq!(ld["hasPart"][0]["spokenByCharacter"]["name"], "Jane Doe");
}

#[test]
fn orphaned_corrections_warn_and_show_in_previews_only() {
    let dir = tempfile::tempdir().unwrap();
    briefing(
        dir.path(),
        "a",
        "Alpha",
        "2019-03-04",
        "[[ignore]]\ntext = \"no such words\"\n",
    );
    let out = gloss(&["build"], dir.path());
    assert!(out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("content/a.md") && err.contains("no such words"),
        "{err}"
    );
    assert!(!read(&dir.path().join("public/a/index.html")).contains("Unanchored notes"));
    let site = gloss::site::BuildOptions {
        preview: true,
        output: Some(dir.path().join("preview")),
        ..gloss::site::BuildOptions::new(dir.path())
    };
    gloss::site::build(&site).unwrap();
    let page = read(&dir.path().join("preview/a/index.html"));
    assert!(page.contains("Unanchored notes") && page.contains("no such words"));
}
