//! `gloss check`: renders the site in memory (as `gloss build` would publish it, without
//! touching `public/` or `content/`) and verifies every internal link, `#anchor` and asset
//! reference of every page and stylesheet: `href`, `src`, `srcset`, `poster`, `cite`, form
//! actions, `<meta http-equiv=refresh>` targets, `og:url`/`og:image`, and CSS `url()` and
//! `@import`. Each broken one is reported as `<page>: <link> (<reason>)`.
//!
//! * [`html`]: the tolerant tag scanner.
//! * [`url`]: where a link points (base path, relative resolution, folders).

pub mod feeds;
pub mod html;
pub mod url;

use crate::error::{Error, Result, Warnings};
use crate::site::links::Links;
use crate::site::{load_config, render_site, BuildOptions, Output};
use std::collections::{BTreeSet, HashMap, HashSet};
use std::path::{Path, PathBuf};
use url::Target;

/// What a check found.
#[derive(Debug, Default)]
pub struct CheckReport {
    /// HTML pages checked.
    pub pages: usize,
    /// Link references checked (internal and external).
    pub links: usize,
    /// `<page>: <link> (<reason>)`, in page order.
    pub broken: Vec<String>,
    pub warnings: Vec<String>,
    /// Links to other sites, unique and sorted (not fetched).
    pub external: Vec<String>,
}

/// Renders the site at `opts.root` in memory and checks it. With `opts.ingest`, seeds are
/// ingested into a temporary copy of the sources, so the check sees what `gloss build` would
/// publish while `content/` stays untouched.
pub fn check(opts: &BuildOptions, external: bool) -> Result<CheckReport> {
    let config = load_config(opts)?;
    let warnings = Warnings::default();
    let output = if opts.ingest && opts.root.join("seeds").is_dir() {
        let shadow = tempfile::tempdir().map_err(|e| Error::io(std::env::temp_dir(), e))?;
        copy_sources(&opts.root, shadow.path())?;
        let shadow_opts = BuildOptions {
            root: shadow.path().to_path_buf(),
            ..opts.clone()
        };
        render_site(&shadow_opts, &config, &warnings)?.0
    } else {
        let opts = BuildOptions {
            ingest: false,
            ..opts.clone()
        };
        render_site(&opts, &config, &warnings)?.0
    };
    let static_dir = opts.root.join("static");
    let mut report = check_output(&output, Some(&static_dir), &Links::new(&config));
    let mut all = warnings.take();
    all.append(&mut report.warnings);
    if external && !report.external.is_empty() {
        all.push(format!(
            "{} external links not checked: this build of gloss has no HTTP client \
             (use a link checker such as lychee on the built site)",
            report.external.len()
        ));
        all.extend(report.external.iter().map(|u| format!("unchecked: {u}")));
    }
    report.warnings = all;
    Ok(report)
}

/// Copies what a build reads (`gloss.toml`, `content/`, `seeds/`, `templates/`) from `root`
/// into `to`, keeping file times (ingest may date a briefing by its seed's time).
fn copy_sources(root: &Path, to: &Path) -> Result<()> {
    let config = root.join(crate::config::CONFIG_FILE);
    if config.is_file() {
        std::fs::copy(&config, to.join(crate::config::CONFIG_FILE))
            .map_err(|e| Error::io(&config, e))?;
    }
    for dir in ["content", "seeds", "templates"] {
        let from = root.join(dir);
        if !from.is_dir() {
            continue;
        }
        for entry in walkdir::WalkDir::new(&from).follow_links(false) {
            let entry = entry.map_err(|e| Error::file(&from, e.to_string()))?;
            let entry: walkdir::DirEntry = entry;
            let rel = entry.path().strip_prefix(root).unwrap_or(entry.path());
            let target = to.join(rel);
            if entry.file_type().is_dir() {
                std::fs::create_dir_all(&target).map_err(|e| Error::io(&target, e))?;
            } else if entry.file_type().is_file() {
                std::fs::copy(entry.path(), &target).map_err(|e| Error::io(entry.path(), e))?;
                if let Ok(time) = std::fs::metadata(entry.path()).and_then(|m| m.modified()) {
                    if let Ok(f) = std::fs::File::options().write(true).open(&target) {
                        let _ = f.set_modified(time);
                    }
                }
            }
        }
    }
    Ok(())
}

/// Output-relative paths of the files under `dir` (the site's `static/`).
pub fn static_files(dir: &Path) -> BTreeSet<String> {
    if !dir.is_dir() {
        return BTreeSet::new();
    }
    walkdir::WalkDir::new(dir)
        .follow_links(false)
        .into_iter()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_type().is_file())
        .filter_map(|e| Some(crate::util::slash_path(e.path().strip_prefix(dir).ok()?)))
        .collect()
}

/// A URL found in a page or stylesheet.
#[derive(Debug, Clone, PartialEq)]
pub struct Reference {
    pub url: String,
    /// Where it was found: `a href`, `img src`, `css url`…
    pub place: String,
}

/// The URLs a page refers to, in document order.
pub fn page_references(page: &str) -> Vec<Reference> {
    references_in(page, &html::tags(page))
}

/// The URLs of a page whose tags are already scanned.
fn references_in(page: &str, tags: &[html::Tag]) -> Vec<Reference> {
    let mut refs = Vec::new();
    let mut push = |url: &str, tag: &str, attr: &str| {
        refs.push(Reference {
            url: url.to_string(),
            place: format!("{tag} {attr}"),
        })
    };
    for tag in tags {
        if tag.end {
            continue;
        }
        let name = tag.name.as_str();
        for attr in &tag.attrs {
            let a = attr.name.as_str();
            let is_url = match a {
                "href" => {
                    name != "base"
                        && !(name == "link"
                            && tag.attr("rel").is_some_and(|r| {
                                r.split_ascii_whitespace().any(|r| {
                                    r.eq_ignore_ascii_case("preconnect")
                                        || r.eq_ignore_ascii_case("dns-prefetch")
                                })
                            }))
                }
                "src" => true,
                "poster" => name == "video",
                "data" => name == "object",
                "action" => name == "form",
                "formaction" => true,
                "cite" => matches!(name, "q" | "blockquote" | "del" | "ins"),
                _ => false,
            };
            if is_url {
                push(&attr.value, name, a);
            } else if a == "srcset" || a == "imagesrcset" {
                for u in html::srcset_urls(&attr.value) {
                    push(&u, name, a);
                }
            } else if a == "style" {
                for (u, _) in html::css_urls(&attr.value) {
                    push(&u, name, "style url()");
                }
            }
        }
        if name == "meta" {
            let content = tag.attr("content").unwrap_or("");
            if tag
                .attr("http-equiv")
                .is_some_and(|h| h.eq_ignore_ascii_case("refresh"))
            {
                if let Some(u) = refresh_url(content) {
                    push(&u, name, "refresh");
                }
            }
            if let Some(p) = tag.attr("property").or(tag.attr("name")) {
                if matches!(p, "og:url" | "og:image" | "twitter:image") && !content.is_empty() {
                    push(content, name, p);
                }
            }
        }
        if name == "style" {
            if let Some(r) = tag.content.clone() {
                for (u, _) in html::css_urls(page.get(r).unwrap_or("")) {
                    push(&u, name, "url()");
                }
            }
        }
    }
    refs
}

/// The URL of a `<meta http-equiv=refresh content="0; url=...">`.
pub fn refresh_url(content: &str) -> Option<String> {
    let (_, rest) = content.split_once([';', ','])?;
    let rest = rest.trim_start();
    let rest = match (rest.get(..3), rest.get(3..)) {
        (Some(word), Some(after)) if word.eq_ignore_ascii_case("url") => {
            after.trim_start().strip_prefix('=')?.trim_start()
        }
        _ => rest,
    };
    let rest = rest.trim();
    let unquoted = rest
        .strip_prefix(['"', '\''])
        .map(|r| r.trim_end_matches(['"', '\'']))
        .unwrap_or(rest);
    (!unquoted.is_empty()).then(|| unquoted.to_string())
}

/// The ids of a page (`id` attributes, and `name` on `<a>`) and the ids used more than once.
pub fn anchors(page: &str) -> (HashSet<String>, Vec<String>) {
    anchors_in(&html::tags(page))
}

fn anchors_in(tags: &[html::Tag]) -> (HashSet<String>, Vec<String>) {
    let mut ids = HashSet::new();
    let mut dups = Vec::new();
    for tag in tags {
        if tag.end {
            continue;
        }
        if let Some(id) = tag.attr("id") {
            if !ids.insert(id.to_string()) && !dups.iter().any(|d| d == id) {
                dups.push(id.to_string());
            }
        }
        if tag.name == "a" {
            if let Some(n) = tag.attr("name") {
                ids.insert(n.to_string());
            }
        }
    }
    (ids, dups)
}

fn is_html(path: &str) -> bool {
    path.ends_with(".html") || path.ends_with(".htm")
}

/// Checks a rendered site: `output` plus the files of `static_dir` (copied in by builds).
pub fn check_output(output: &Output, static_dir: Option<&Path>, links: &Links) -> CheckReport {
    let statics = static_dir.map(static_files).unwrap_or_default();
    let mut checker = Checker {
        output,
        statics: &statics,
        static_dir: static_dir.map(Path::to_path_buf),
        links,
        anchors: HashMap::new(),
        report: CheckReport::default(),
        external: BTreeSet::new(),
    };
    for (path, bytes) in output {
        checker.check_file(path, bytes);
    }
    // Pages and stylesheets from `static/` that no generated file replaces.
    if let Some(dir) = static_dir {
        for path in &statics {
            if output.contains_key(path)
                || !(is_html(path) || path.ends_with(".css") || path.ends_with(".xml"))
            {
                continue;
            }
            let Ok(bytes) = std::fs::read(dir.join(path)) else {
                continue;
            };
            checker.check_file(path, &bytes);
        }
    }
    if links.relative() && output.contains_key("atom.xml") {
        checker.report.warnings.push(
            "there is no base_url: the feed and sitemap hold root-relative URLs, which feed \
             readers and search engines cannot use; set base_url (or --base-url) to publish"
                .into(),
        );
    }
    let mut report = checker.report;
    report.external = checker.external.into_iter().collect();
    report
}

struct Checker<'a> {
    output: &'a Output,
    statics: &'a BTreeSet<String>,
    static_dir: Option<PathBuf>,
    links: &'a Links,
    /// Ids per HTML file, computed on first use.
    anchors: HashMap<String, HashSet<String>>,
    report: CheckReport,
    external: BTreeSet<String>,
}

impl Checker<'_> {
    /// Checks the references of one page or stylesheet.
    fn check_file(&mut self, path: &str, bytes: &[u8]) {
        let text = String::from_utf8_lossy(bytes);
        let here = |refs: Vec<Reference>| -> Vec<(String, Reference)> {
            refs.into_iter().map(|r| (path.to_string(), r)).collect()
        };
        let refs = if is_html(path) {
            self.report.pages += 1;
            let tags = html::tags(&text);
            if tags
                .iter()
                .any(|t| t.name == "base" && !t.end && t.attr("href").is_some())
            {
                self.report.warnings.push(format!(
                    "{path}: has a <base href>, which the checker does not follow"
                ));
            }
            if !self.anchors.contains_key(path) {
                let ids = self.note_anchors(path, &tags);
                self.anchors.insert(path.to_string(), ids);
            }
            here(references_in(&text, &tags))
        } else if path.ends_with(".css") {
            here(
                html::css_urls(&text)
                    .into_iter()
                    .map(|(url, _)| Reference {
                        url,
                        place: "css url()".into(),
                    })
                    .collect(),
            )
        } else if (path.ends_with(".xml") || path == "robots.txt") && !self.links.relative() {
            feeds::references(self.links, path, &text)
        } else {
            return;
        };
        let mut seen = HashSet::new();
        for (from, r) in refs {
            self.report.links += 1;
            if let Some(problem) = self.check_link(&from, &r.url) {
                let line = format!("{path}: {} ({problem})", r.url);
                if seen.insert(line.clone()) {
                    self.report.broken.push(line);
                }
            }
        }
    }
    fn exists(&self, path: &str) -> bool {
        self.output.contains_key(path) || self.statics.contains(path)
    }

    /// What is wrong with `link` on `page`, if anything.
    fn check_link(&mut self, page: &str, link: &str) -> Option<String> {
        let (path, fragment, bare) = match url::resolve(self.links, page, link) {
            Target::Ignored => return None,
            Target::External(u) => {
                self.external.insert(u);
                return None;
            }
            Target::Broken(reason) => return Some(reason),
            Target::Internal {
                path,
                fragment,
                bare,
            } => (path, fragment, bare),
        };
        let mut target = if path.is_empty() {
            page.to_string()
        } else {
            path
        };
        if !self.exists(&target) {
            let index = format!("{target}/index.html");
            if bare && self.exists(&index) {
                if self.links.relative() {
                    return Some(format!(
                        "links to a folder; opened from disk it needs `{}`",
                        "index.html"
                    ));
                }
                target = index;
            } else {
                return Some(format!("no such file `{target}` in the site"));
            }
        }
        let fragment = fragment.filter(|f| !f.is_empty() && f != "top")?;
        if !is_html(&target) {
            return None;
        }
        let ids = self.anchors_of(&target);
        (!ids.contains(&fragment)).then(|| format!("no element with id `{fragment}` in `{target}`"))
    }

    fn anchors_of(&mut self, target: &str) -> &HashSet<String> {
        if !self.anchors.contains_key(target) {
            let text = match self.output.get(target) {
                Some(b) => String::from_utf8_lossy(b).into_owned(),
                None => self
                    .static_dir
                    .as_ref()
                    .and_then(|d| std::fs::read(d.join(target)).ok())
                    .map(|b| String::from_utf8_lossy(&b).into_owned())
                    .unwrap_or_default(),
            };
            let ids = self.note_anchors(target, &html::tags(&text));
            self.anchors.insert(target.to_string(), ids);
        }
        &self.anchors[target]
    }

    /// The ids of a page, warning about duplicates.
    fn note_anchors(&mut self, path: &str, tags: &[html::Tag]) -> HashSet<String> {
        let (ids, dups) = anchors_in(tags);
        for d in dups {
            self.report
                .warnings
                .push(format!("{path}: the id `{d}` is used more than once"));
        }
        ids
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;
    use proptest::prelude::*;

    #[test]
    fn refresh_targets() {
        assert_eq!(
            refresh_url("0; url=/briefs/x/").as_deref(),
            Some("/briefs/x/")
        );
        assert_eq!(refresh_url("5;URL='a.html'").as_deref(), Some("a.html"));
        assert_eq!(refresh_url("0"), None);
        assert_eq!(refresh_url("0; é漢字").as_deref(), Some("é漢字"));
    }

    #[test]
    fn references_cover_every_url_attribute() {
        let page = "<link rel=stylesheet href=a.css><link rel=preconnect href=https://x.example>\
            <img src=b.png srcset=\"c.png 2x, d.png 3x\"><video poster=e.png></video>\
            <form action=f/></form><q cite=#g>q</q><meta http-equiv=refresh content=\"0; url=h/\">\
            <meta property=og:url content=i/><p style=\"background:url(j.png)\"></p>\
            <style>k{background:url(k.png)}</style><a href=\"l?x=1&amp;y=2\">l</a>";
        let urls: Vec<String> = page_references(page).into_iter().map(|r| r.url).collect();
        assert_eq!(
            urls,
            [
                "a.css",
                "b.png",
                "c.png",
                "d.png",
                "e.png",
                "f/",
                "#g",
                "h/",
                "i/",
                "j.png",
                "k.png",
                "l?x=1&y=2"
            ]
        );
    }

    #[test]
    fn duplicate_ids_are_warned_about() {
        let mut output = Output::new();
        output.insert(
            "index.html".into(),
            b"<p id=a></p><p id=a></p><a href=#a>x</a><a name=b></a><a href=#b>y</a>".to_vec(),
        );
        let report = check_output(&output, None, &Links::new(&Config::default()));
        assert_eq!(report.broken, Vec::<String>::new());
        assert_eq!(
            report.warnings,
            ["index.html: the id `a` is used more than once"]
        );
        assert_eq!((report.pages, report.links), (1, 2));
    }

    proptest! {
        #[test]
        fn any_page_checks_without_panicking(page in "[<>\"'=/&#;:(){} a-zA-Z0-9é漢\\.@!?\\[\\]-]{0,300}") {
            let mut output = Output::new();
            output.insert("a/index.html".into(), page.clone().into_bytes());
            output.insert("s.css".into(), page.clone().into_bytes());
            for base in ["", "https://example.github.io/briefs/"] {
                let links = Links::new(&Config { base_url: base.into(), ..Config::default() });
                let _ = check_output(&output, None, &links);
                for r in page_references(&page) {
                    let _ = url::resolve(&links, "404.html", &r.url);
                }
                let _ = url::resolve(&links, "a/index.html", &page);
            }
            let _ = refresh_url(&page);
            let _ = html::srcset_urls(&page);
        }
    }
}
