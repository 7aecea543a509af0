//! `gloss archive`: a durable, verifiable copy of every briefing. For each briefing a folder
//! `<slug>/` holds `index.html` (the briefing page, self-contained: CSS inlined, images as
//! `data:` URIs, no external request), `source.md` (the content file, byte for byte) and
//! `annotations.json`; `index.html` at the top lists them, and `manifest.json` records the
//! SHA-256 and size of every file (sorted by path) and the gloss version, with no timestamps, so
//! archiving unchanged briefings again gives identical bytes. The archive folder is replaced
//! atomically (staging folder + swap), every file written afresh, so archiving again also
//! repairs a damaged copy. [`verify`] recomputes the hashes and reports every file
//! changed, added or missing.
//!
//! * [`inline`]: makes a page self-contained.

pub mod inline;

use crate::error::{Error, Result, Warnings};
use crate::ingest::{self, SyncOptions};
use crate::render::Templates;
use crate::site::library::Library;
use crate::site::output::{self, is_safe_relative};
use crate::site::{load, load_config, output_dir, pages, BuildOptions, Output};
use crate::util::{escape_html, sha256_hex};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashSet};
use std::io::Write;
use std::path::Path;

/// The name of the manifest at the top of an archive.
pub const MANIFEST: &str = "manifest.json";

/// The archive format written in manifests.
pub const FORMAT: &str = "gloss-archive/1";

/// `manifest.json`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Manifest {
    pub format: String,
    pub gloss_version: String,
    pub briefings: Vec<ManifestBriefing>,
    /// Every file of the archive but the manifest, sorted by path.
    pub files: Vec<ManifestFile>,
}

/// A briefing in the manifest.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct ManifestBriefing {
    pub slug: String,
    pub title: String,
    pub date: Option<String>,
    /// Where the briefing was published, when the site has a base URL.
    pub url: Option<String>,
    /// The content file, relative to the site root.
    pub source: String,
}

/// A file in the manifest.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct ManifestFile {
    pub path: String,
    pub sha256: String,
    pub size: u64,
}

/// Archives every briefing of the site at `opts.root` into `out`; returns how many. Seeds are
/// ingested first when `opts.ingest` (as `gloss build` does).
pub fn write(opts: &BuildOptions, out: &Path) -> Result<usize> {
    let config = load_config(opts)?;
    output::check_output_dir(&opts.root, out)?;
    if same_path(out, &output_dir(opts, &config)) {
        return Err(Error::file(
            out,
            "refusing to archive into the site's output folder; choose another --out",
        ));
    }
    if out.exists() && !out.is_dir() {
        return Err(Error::file(
            out,
            "refusing to replace this file with an archive",
        ));
    }
    if out.is_dir() && !out.join(MANIFEST).is_file() && !is_empty_dir(out) {
        return Err(Error::file(
            out,
            format!("refusing to replace this folder: it is not empty and has no {MANIFEST}, so it is not a gloss archive"),
        ));
    }
    let warnings = Warnings::default();
    if opts.ingest {
        ingest::sync(&opts.root, &config, &SyncOptions::default(), &warnings)?;
    }
    let templates = Templates::load(&opts.root)?;
    let briefings = load(&opts.root, opts.drafts, &warnings)?;
    let library = Library::new(&briefings, &config);
    let site = pages::render_to_memory(&briefings, &library, &templates, &config, false)?;
    for w in warnings.take() {
        eprintln!("warning: {w}");
    }
    let archived: HashSet<String> = briefings.iter().map(|a| a.briefing.slug.clone()).collect();
    let static_dir = opts.root.join("static");
    let ctx = inline::Site {
        output: &site,
        static_dir: Some(&static_dir),
        links: &library.links,
        archived: &archived,
    };
    let mut files = Output::new();
    let mut listed = Vec::new();
    for a in &briefings {
        let b = &a.briefing;
        let page = format!("{}/index.html", b.slug);
        let html = site
            .get(&page)
            .map(|p| String::from_utf8_lossy(p).into_owned())
            .ok_or_else(|| Error::msg(format!("no page was rendered for `{}`", b.slug)))?;
        files.insert(
            page.clone(),
            inline::self_contained(&html, &page, &ctx).into_bytes(),
        );
        let source_path = opts.root.join(&b.path);
        let source = std::fs::read(&source_path).map_err(|e| Error::io(&b.path, e))?;
        files.insert(format!("{}/source.md", b.slug), source);
        if let Some(json) = site.get(&format!("{}/annotations.json", b.slug)) {
            files.insert(format!("{}/annotations.json", b.slug), json.clone());
        }
        listed.push(ManifestBriefing {
            slug: b.slug.clone(),
            title: b.front.title.clone(),
            date: b.date.map(|d| d.to_string()),
            url: library.links.absolute(&format!("{}/", b.slug)),
            source: crate::util::slash_path(&b.path),
        });
    }
    files.insert("index.html".into(), index_page(&config.title, &listed));
    let manifest = Manifest {
        format: FORMAT.into(),
        gloss_version: crate::VERSION.into(),
        files: files
            .iter()
            .map(|(path, bytes)| ManifestFile {
                path: path.clone(),
                sha256: sha256_hex(bytes),
                size: bytes.len() as u64,
            })
            .collect(),
        briefings: listed,
    };
    let mut json = serde_json::to_vec_pretty(&manifest).map_err(|e| Error::msg(e.to_string()))?;
    json.push(b'\n');
    files.insert(MANIFEST.into(), json);
    replace_dir(out, &files)?;
    Ok(briefings.len())
}

/// Writes `files` as the new content of the folder `out`: every file written afresh (and
/// synced) into a staging folder beside it, then swapped in with renames. A failure leaves the
/// previous archive as it was; nothing else is left beside it.
fn replace_dir(out: &Path, files: &Output) -> Result<()> {
    let name = out
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "archive".into());
    let staging = out.with_file_name(format!(".{name}.gloss-archive-staging"));
    let old = out.with_file_name(format!(".{name}.gloss-archive-old"));
    for leftover in [&staging, &old] {
        if leftover.exists() {
            std::fs::remove_dir_all(leftover).map_err(|e| Error::io(leftover, e))?;
        }
    }
    let fill = || -> Result<()> {
        for (rel, bytes) in files {
            if !is_safe_relative(rel) {
                return Err(Error::msg(format!(
                    "refusing to write outside the archive: {rel}"
                )));
            }
            let target = staging.join(rel);
            if let Some(dir) = target.parent() {
                std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
            }
            let mut f = std::fs::File::create(&target).map_err(|e| Error::io(&target, e))?;
            f.write_all(bytes).map_err(|e| Error::io(&target, e))?;
            f.sync_all().map_err(|e| Error::io(&target, e))?;
        }
        Ok(())
    };
    std::fs::create_dir_all(&staging).map_err(|e| Error::io(&staging, e))?;
    if let Err(e) = fill() {
        let _ = std::fs::remove_dir_all(&staging);
        return Err(e);
    }
    if out.exists() {
        if let Err(e) = std::fs::rename(out, &old) {
            let _ = std::fs::remove_dir_all(&staging);
            return Err(Error::io(out, e));
        }
    }
    if let Err(e) = std::fs::rename(&staging, out) {
        let _ = std::fs::rename(&old, out);
        let _ = std::fs::remove_dir_all(&staging);
        return Err(Error::io(out, e));
    }
    if old.exists() {
        let _ = std::fs::remove_dir_all(&old);
    }
    Ok(())
}

fn same_path(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(x), Ok(y)) => x == y,
        _ => a == b,
    }
}

fn is_empty_dir(dir: &Path) -> bool {
    std::fs::read_dir(dir).is_ok_and(|mut d| d.next().is_none())
}

/// The archive's front page: a plain list of the archived briefings.
fn index_page(title: &str, briefings: &[ManifestBriefing]) -> Vec<u8> {
    let mut html = String::from("<!doctype html>\n<html>\n<head>\n<meta charset=\"utf-8\">\n");
    html.push_str(&format!(
        "<meta http-equiv=\"Content-Security-Policy\" content=\"{}\">\n",
        inline::CSP
    ));
    html.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    html.push_str(&format!(
        "<title>{} · archive</title>\n",
        escape_html(title)
    ));
    html.push_str("<style>body{font-family:system-ui,sans-serif;max-width:42rem;margin:2rem auto;padding:0 1rem;line-height:1.5}li{margin:.4rem 0}time{color:#555}</style>\n</head>\n<body>\n");
    html.push_str(&format!(
        "<h1>{} · archive</h1>\n<ol>\n",
        escape_html(title)
    ));
    for b in briefings {
        html.push_str(&format!(
            "<li><a href=\"{}/index.html\">{}</a>",
            escape_html(&b.slug),
            escape_html(&b.title)
        ));
        if let Some(d) = &b.date {
            html.push_str(&format!(
                " <time datetime=\"{0}\">{0}</time>",
                escape_html(d)
            ));
        }
        html.push_str(" · <a href=\"");
        html.push_str(&escape_html(&b.slug));
        html.push_str("/source.md\">source</a></li>\n");
    }
    html.push_str(&format!(
        "</ol>\n<p>Written by gloss {}. <code>gloss archive --verify</code> checks every file against <code>{MANIFEST}</code>.</p>\n</body>\n</html>\n",
        escape_html(crate::VERSION)
    ));
    html.into_bytes()
}

/// Reads an archive's manifest.
pub fn read_manifest(dir: &Path) -> Result<Manifest> {
    let path = dir.join(MANIFEST);
    let bytes = std::fs::read(&path).map_err(|e| {
        if e.kind() == std::io::ErrorKind::NotFound {
            Error::file(&path, "not found: this folder is not a gloss archive")
        } else {
            Error::io(&path, e)
        }
    })?;
    serde_json::from_slice(&bytes)
        .map_err(|e| Error::file(&path, format!("not a valid archive manifest: {e}")))
}

/// Verifies the archive in `dir` against its manifest: one line per problem (`changed: …`,
/// `missing: …`, `added: …`), sorted by path; empty when the archive is intact.
pub fn verify(dir: &Path) -> Result<Vec<String>> {
    let manifest = read_manifest(dir)?;
    let mut problems: BTreeMap<String, String> = BTreeMap::new();
    let mut expected: BTreeMap<&str, &ManifestFile> = BTreeMap::new();
    for f in &manifest.files {
        if !is_safe_relative(&f.path) || f.path == MANIFEST {
            problems.insert(
                f.path.clone(),
                format!("invalid: {} (a path the manifest must not list)", f.path),
            );
            continue;
        }
        if expected.insert(f.path.as_str(), f).is_some() {
            problems.insert(
                f.path.clone(),
                format!("invalid: {} (listed twice in the manifest)", f.path),
            );
        }
    }
    let mut present: HashSet<String> = HashSet::new();
    for entry in walkdir::WalkDir::new(dir).follow_links(false).min_depth(1) {
        let entry = entry.map_err(|e| Error::file(dir, e.to_string()))?;
        if entry.file_type().is_dir() {
            continue;
        }
        let rel = crate::util::slash_path_under(dir, entry.path());
        if rel == MANIFEST {
            continue;
        }
        present.insert(rel.clone());
        let Some(want) = expected.get(rel.as_str()) else {
            problems.insert(rel.clone(), format!("added: {rel} (not in the manifest)"));
            continue;
        };
        if !entry.file_type().is_file() {
            problems.insert(rel.clone(), format!("changed: {rel} (not a regular file)"));
            continue;
        }
        let bytes = std::fs::read(entry.path()).map_err(|e| Error::io(entry.path(), e))?;
        let got = sha256_hex(&bytes);
        if got != want.sha256 || bytes.len() as u64 != want.size {
            problems.insert(
                rel.clone(),
                format!(
                    "changed: {rel} (sha256 {} in the manifest, {} on disk)",
                    short(&want.sha256),
                    short(&got)
                ),
            );
        }
    }
    for path in expected.keys() {
        if !present.contains(*path) {
            problems.insert(path.to_string(), format!("missing: {path}"));
        }
    }
    Ok(problems.into_values().collect())
}

fn short(hash: &str) -> &str {
    hash.get(..12).unwrap_or(hash)
}
