//! Shared by the publishing tests (`pages`, `check`, `archive`): a demo site made of the
//! repository's own seeds plus a hand-written briefing, and helpers to run the binary.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub const BASE: &str = "https://example.github.io/briefs/";

/// A briefing written for these tests: root-relative links to site pages, an image from
/// `static/`, a footnote, a code block, a heading anchor, an alias and an `&` in a URL.
pub const FIELD_NOTES: &str = r#"+++
title = "Field notes: how the Harrowgate desk reports"
date = 2021-03-04
slug = "field-notes"
tags = ["Method", "Harrowgate"]
aliases = ["notes/old-field-notes/"]
author = "Mara Quill"
+++

The Harrowgate desk files short briefings from the river towns. Browse the [archive](/archive/),
the [people we quote](/people/), the [timeline](/timeline/) or [search](/search/?q=river&amp;x=1)
for a topic; the [front page](/) lists the newest first.[^sourcing]

![A sketch map of the river towns](/images/river-map.svg)

Jump to the [method](#our-method) or back to the [top of the story](#story).

## Our method

Counts are taken from council records; the desk recomputes totals with a short script:

```python
totals = sum(row["count"] for row in rows)
print(f"{totals} households")
```

[^sourcing]: Every figure is checked against two sources; see the [tags](/tags/) for related briefings.
"#;

/// A small SVG for `static/images/`.
pub const MAP_SVG: &str = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"40\" height=\"20\"><path d=\"M0 10 Q20 0 40 10\" stroke=\"#036\" fill=\"none\"/></svg>\n";

/// Creates the demo site in `dir`: `seeds/` copied from the repository, the field notes in
/// `content/`, the map in `static/images/`, and `gloss.toml` (with `extra_config` appended).
pub fn demo_site(dir: &Path, extra_config: &str) {
    let seeds = Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds");
    std::fs::create_dir_all(dir.join("seeds")).unwrap();
    for entry in std::fs::read_dir(&seeds).unwrap() {
        let entry = entry.unwrap();
        if entry.file_type().unwrap().is_file() {
            std::fs::copy(entry.path(), dir.join("seeds").join(entry.file_name())).unwrap();
        }
    }
    std::fs::create_dir_all(dir.join("content")).unwrap();
    std::fs::write(dir.join("content/field-notes.md"), FIELD_NOTES).unwrap();
    std::fs::create_dir_all(dir.join("static/images")).unwrap();
    std::fs::write(dir.join("static/images/river-map.svg"), MAP_SVG).unwrap();
    std::fs::write(
        dir.join("gloss.toml"),
        format!(
            "title = \"River Briefs\"\ndescription = \"Annotated briefings\"\ndefault_date = \"2020-01-01\"\n{extra_config}"
        ),
    )
    .unwrap();
}

/// Runs the gloss binary in `dir`.
pub fn gloss(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_gloss"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .expect("the gloss binary runs")
}

/// Runs gloss and asserts it succeeded; returns stderr.
pub fn gloss_ok(dir: &Path, args: &[&str]) -> String {
    let out = gloss(dir, args);
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(
        out.status.success(),
        "gloss {args:?} failed ({:?}):\n{stderr}",
        out.status.code()
    );
    stderr
}

/// Every file under `dir`: relative path → bytes.
pub fn read_tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut files = BTreeMap::new();
    let mut stack: Vec<PathBuf> = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let entry = entry.unwrap();
            let path = entry.path();
            if entry.file_type().unwrap().is_dir() {
                stack.push(path);
            } else {
                let rel = path
                    .strip_prefix(dir)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/");
                files.insert(rel, std::fs::read(&path).unwrap());
            }
        }
    }
    files
}

/// The slugs of the briefings of a built site: the folders holding an `annotations.json`.
pub fn briefing_slugs(public: &Path) -> Vec<String> {
    let mut slugs: Vec<String> = read_tree(public)
        .keys()
        .filter_map(|k| k.strip_suffix("/annotations.json"))
        .filter(|k| !k.contains('/'))
        .map(str::to_string)
        .collect();
    slugs.sort();
    slugs
}
