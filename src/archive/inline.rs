//! Makes a rendered page self-contained for the archive: stylesheets inlined into `<style>`
//! (web fonts and imports dropped), images and other internal assets inlined as `data:` URIs,
//! external scripts, stylesheets, frames and media removed, links to other archived briefings
//! kept relative to the archive and links to the rest of the site turned into plain text. A
//! Content-Security-Policy meta element makes browsers refuse any request the page might
//! still try.

use crate::check::html::{self, Tag};
use crate::check::url::{resolve, Target};
use crate::site::links::Links;
use crate::site::output::is_safe_relative;
use crate::site::Output;
use std::collections::HashSet;
use std::ops::Range;
use std::path::Path;

/// The policy of archived pages: inline styles and `data:` images, nothing else.
pub const CSP: &str = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; \
                       media-src data:; font-src data:; form-action 'none'";

/// Assets larger than this are not inlined (the element keeps only its text).
const MAX_INLINE: usize = 8 << 20;

/// What the rewriting needs to know about the site.
pub struct Site<'a> {
    pub output: &'a Output,
    pub static_dir: Option<&'a Path>,
    pub links: &'a Links,
    /// Slugs of the archived briefings.
    pub archived: &'a HashSet<String>,
}

impl Site<'_> {
    /// The bytes of an internal file: rendered, or copied from `static/`.
    fn bytes(&self, path: &str) -> Option<Vec<u8>> {
        if let Some(b) = self.output.get(path) {
            return Some(b.clone());
        }
        if !is_safe_relative(path) {
            return None;
        }
        let file = self.static_dir?.join(path);
        std::fs::read(file).ok()
    }

    /// `link`, found in the file `from`, as a `data:` URI when it is an internal asset.
    fn data_uri(&self, from: &str, link: &str) -> Option<String> {
        if link.trim_start().starts_with("data:") {
            return Some(link.to_string());
        }
        let Target::Internal { path, .. } = resolve(self.links, from, link) else {
            return None;
        };
        let path = if path.is_empty() {
            from.to_string()
        } else {
            path
        };
        let bytes = self.bytes(&path)?;
        (bytes.len() <= MAX_INLINE)
            .then(|| format!("data:{};base64,{}", mime(&path), base64(&bytes)))
    }

    /// Where a link of the briefing page `page` goes in the archive: `#x` on the same page,
    /// `../other/index.html#x` for another archived briefing, `annotations.json`; `None` for
    /// the rest of the site. External and non-page links stay as written.
    fn archive_link(&self, page: &str, link: &str) -> Option<String> {
        let (path, fragment) = match resolve(self.links, page, link) {
            Target::External(_) | Target::Ignored => return Some(link.to_string()),
            Target::Broken(_) => return None,
            Target::Internal { path, fragment, .. } => (path, fragment),
        };
        let frag = fragment.map(|f| format!("#{f}")).unwrap_or_default();
        let path = if path.is_empty() {
            page.to_string()
        } else {
            path
        };
        if path == page {
            return Some(if frag.is_empty() {
                "index.html".into()
            } else {
                frag
            });
        }
        if path == "index.html" {
            // The site's front page: the archive's.
            return Some(format!("../index.html{frag}"));
        }
        let (dir, file) = path.split_once('/')?;
        if !self.archived.contains(dir) || file.contains('/') {
            return None;
        }
        let this_dir = page.split('/').next().unwrap_or("");
        match file {
            "index.html" | "annotations.json" if dir == this_dir => Some(format!("{file}{frag}")),
            "index.html" | "annotations.json" => Some(format!("../{dir}/{file}{frag}")),
            _ => None,
        }
    }
}

/// The self-contained version of the page at output path `page`.
pub fn self_contained(html_text: &str, page: &str, site: &Site) -> String {
    let tags = html::tags(html_text);
    let mut edits: Vec<(Range<usize>, String)> = Vec::new();
    let mut csp_at = None;
    let mut i = 0;
    while i < tags.len() {
        let tag = &tags[i];
        i += 1;
        if tag.end {
            continue;
        }
        let name = tag.name.as_str();
        match name {
            "head" if csp_at.is_none() => csp_at = Some(tag.range.end),
            "meta" if tag.attr("charset").is_some() => csp_at = Some(tag.range.end),
            _ => {}
        }
        let whole_element = |i: usize| -> Range<usize> {
            // The element with its raw text and its end tag, which the scanner gives right
            // after; an unclosed one runs to the end of the page, as in browsers.
            let text_end = tag.content.as_ref().map_or(tag.range.end, |c| c.end);
            match tags.get(i) {
                Some(t) if t.end && t.name == tag.name => tag.range.start..t.range.end,
                _ => tag.range.start..text_end,
            }
        };
        if name == "nav" {
            // A navigation block whose every link leaves the archive goes entirely.
            let close = matching_end(&tags, i - 1);
            let inner = &tags[i..close.unwrap_or(tags.len())];
            let all_dead = inner.iter().filter(|t| !t.end && t.name == "a").all(|t| {
                t.attr("href")
                    .is_none_or(|h| site.archive_link(page, h).is_none())
            });
            if let (Some(close), true) = (close, all_dead) {
                edits.push((tag.range.start..tags[close].range.end, String::new()));
                i = close + 1;
                continue;
            }
        }
        match name {
            "script" if tag.attr("src").is_some() => edits.push((whole_element(i), String::new())),
            "style" => {
                if let Some(r) = tag.content.clone() {
                    let css = html_text.get(r.clone()).unwrap_or("");
                    edits.push((r, style_text(&clean_css(css, page, site))));
                }
            }
            "link" => edits.push((tag.range.clone(), link_element(tag, page, site))),
            "base" => edits.push((tag.range.clone(), String::new())),
            "meta"
                if tag
                    .attr("http-equiv")
                    .is_some_and(|h| h.eq_ignore_ascii_case("refresh")) =>
            {
                edits.push((tag.range.clone(), String::new()))
            }
            _ => {
                if let Some(new) = rewrite_attrs(html_text, tag, page, site) {
                    edits.push((tag.range.clone(), new));
                }
            }
        }
    }
    if let Some(at) = csp_at {
        edits.push((
            at..at,
            format!("\n<meta http-equiv=\"Content-Security-Policy\" content=\"{CSP}\">"),
        ));
    }
    edits.sort_by_key(|(r, _)| (r.start, r.end));
    let mut out = String::with_capacity(html_text.len() + 8192);
    let mut pos = 0;
    for (r, text) in edits {
        if r.start < pos {
            continue;
        }
        let before = html_text.get(pos..r.start).unwrap_or("");
        // A stray `<` right before an edited tag is text; once the tag is gone it could open a
        // new tag with what follows ("<" + "https://…"), so it is written as `&lt;`.
        match before.strip_suffix('<') {
            Some(text_before) => {
                out.push_str(text_before);
                out.push_str("&lt;");
            }
            None => out.push_str(before),
        }
        out.push_str(&text);
        pos = r.end;
    }
    out.push_str(html_text.get(pos..).unwrap_or(""));
    out
}

/// The index of the end tag closing the start tag at `start` (same name, nesting counted).
fn matching_end(tags: &[Tag], start: usize) -> Option<usize> {
    let name = &tags[start].name;
    let mut depth = 0usize;
    for (j, t) in tags.iter().enumerate().skip(start) {
        if t.name != *name {
            continue;
        }
        if t.end {
            depth = depth.saturating_sub(1);
            if depth == 0 {
                return Some(j);
            }
        } else {
            depth += 1;
        }
    }
    None
}

/// A `<link>`: a stylesheet becomes `<style>`; the annotations link is kept, relative; the rest
/// (canonical, feeds, icons, preloads) is dropped, since the archive must not fetch anything.
fn link_element(tag: &Tag, page: &str, site: &Site) -> String {
    let rel = tag.attr("rel").unwrap_or("").to_ascii_lowercase();
    let href = tag.attr("href").unwrap_or("");
    if rel.split_ascii_whitespace().any(|r| r == "stylesheet") {
        if let Target::Internal { path, .. } = resolve(site.links, page, href) {
            if let Some(bytes) = site.bytes(&path) {
                let css = String::from_utf8_lossy(&bytes);
                let media = tag
                    .attr("media")
                    .map(|m| format!(" media=\"{}\"", crate::util::escape_html(m)))
                    .unwrap_or_default();
                return format!(
                    "<style{media}>\n{}</style>",
                    style_text(&clean_css(&css, &path, site))
                );
            }
        }
        return String::new();
    }
    if rel.split_ascii_whitespace().any(|r| r == "alternate") {
        if let Some(local) = site.archive_link(page, href) {
            if local.ends_with("annotations.json") && !local.starts_with("..") {
                let ty = tag.attr("type").unwrap_or("application/json");
                return format!(
                    "<link rel=\"alternate\" type=\"{}\" href=\"{}\">",
                    crate::util::escape_html(ty),
                    crate::util::escape_html(&local)
                );
            }
        }
    }
    String::new()
}

/// CSS text that cannot close its `<style>` element.
fn style_text(css: &str) -> String {
    let mut out = String::with_capacity(css.len());
    let mut rest = css;
    while let Some(p) = find_ci(rest, "</style") {
        out.push_str(&rest[..p]);
        out.push_str("<\\/style");
        rest = &rest[p + 7..];
    }
    out.push_str(rest);
    out
}

fn find_ci(hay: &str, needle: &str) -> Option<usize> {
    hay.as_bytes()
        .windows(needle.len())
        .position(|w| w.eq_ignore_ascii_case(needle.as_bytes()))
}

/// CSS with `@font-face` rules removed (system fonts only), internal `url()`s inlined as
/// `data:` URIs and every other URL (external, missing, `@import`) made empty.
pub fn clean_css(css: &str, from: &str, site: &Site) -> String {
    let css = drop_font_faces(css);
    let mut out = String::with_capacity(css.len());
    let mut pos = 0;
    for (url, range) in html::css_urls(&css) {
        out.push_str(&css[pos..range.start]);
        let is_import = !css[range.clone()].to_ascii_lowercase().starts_with("url(");
        let data = if is_import {
            None
        } else {
            site.data_uri(from, &url)
        };
        let inner = data.unwrap_or_else(|| "data:,".to_string());
        if is_import {
            out.push_str("\"data:,\"");
        } else {
            out.push_str("url(\"");
            out.push_str(&inner.replace('"', "%22"));
            out.push_str("\")");
        }
        pos = range.end;
    }
    out.push_str(&css[pos..]);
    out
}

/// Removes `@font-face { … }` rules.
fn drop_font_faces(css: &str) -> String {
    let mut out = String::with_capacity(css.len());
    let mut rest = css;
    while let Some(p) = find_ci(rest, "@font-face") {
        out.push_str(&rest[..p]);
        let after = &rest[p..];
        let Some(open) = after.find('{') else {
            rest = "";
            break;
        };
        let mut depth = 0usize;
        let mut end = after.len();
        for (j, c) in after[open..].char_indices() {
            match c {
                '{' => depth += 1,
                '}' => {
                    depth = depth.saturating_sub(1);
                    if depth == 0 {
                        end = open + j + 1;
                        break;
                    }
                }
                _ => {}
            }
        }
        rest = &after[end..];
    }
    out.push_str(rest);
    out
}

/// A tag with its URL attributes made archive-safe, or `None` when nothing changes.
fn rewrite_attrs(html_text: &str, tag: &Tag, page: &str, site: &Site) -> Option<String> {
    let name = tag.name.as_str();
    let mut changed = false;
    let mut attrs: Vec<String> = Vec::with_capacity(tag.attrs.len());
    for attr in &tag.attrs {
        let raw = html_text.get(attr.range.clone()).unwrap_or("");
        let a = attr.name.as_str();
        let replacement: Option<Option<String>> = match a {
            "href" if matches!(name, "a" | "area") => Some(
                site.archive_link(page, &attr.value)
                    .map(|l| attr_text("href", &l)),
            ),
            "href" => Some(None),
            "src" => Some(
                site.data_uri(page, &attr.value)
                    .map(|d| attr_text("src", &d)),
            ),
            "srcset" | "imagesrcset" | "srcdoc" | "poster" | "action" | "formaction"
            | "background" | "ping" => Some(None),
            "data" if name == "object" => Some(None),
            "style" => Some(Some(attr_text(
                "style",
                &clean_css(&attr.value, page, site),
            ))),
            _ => None,
        };
        match replacement {
            None => attrs.push(raw.to_string()),
            Some(new) => {
                changed = true;
                if let Some(new) = new {
                    attrs.push(new);
                }
            }
        }
    }
    if !changed {
        return None;
    }
    let mut out = format!("<{}", tag.name);
    for a in attrs {
        out.push(' ');
        out.push_str(&a);
    }
    let self_closing = html_text
        .get(tag.range.clone())
        .is_some_and(|t| t.ends_with("/>"));
    out.push_str(if self_closing { "/>" } else { ">" });
    Some(out)
}

fn attr_text(name: &str, value: &str) -> String {
    format!("{name}=\"{}\"", crate::util::escape_html(value))
}

/// The media type of a file, from its extension.
pub fn mime(path: &str) -> &'static str {
    let ext = path.rsplit('.').next().unwrap_or("").to_ascii_lowercase();
    match ext.as_str() {
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "svg" => "image/svg+xml",
        "ico" => "image/x-icon",
        "css" => "text/css",
        "mp3" => "audio/mpeg",
        "mp4" => "video/mp4",
        "webm" => "video/webm",
        "woff2" => "font/woff2",
        "json" => "application/json",
        "txt" => "text/plain",
        _ => "application/octet-stream",
    }
}

/// Standard base64 with padding.
pub fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = (u32::from(chunk[0]) << 16)
            | (u32::from(*chunk.get(1).unwrap_or(&0)) << 8)
            | u32::from(*chunk.get(2).unwrap_or(&0));
        for k in 0..4 {
            if k <= chunk.len() {
                out.push(ALPHABET[(n >> (18 - 6 * k) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;

    #[test]
    fn base64_matches_the_rfc_vectors() {
        for (input, want) in [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ] {
            assert_eq!(base64(input.as_bytes()), want);
        }
    }

    /// Calls `f` with the test site: two archived briefings, a stylesheet and an image.
    fn with_site<R>(f: impl FnOnce(&Site) -> R) -> R {
        let (output, links, archived) = site_parts();
        f(&Site {
            output: &output,
            static_dir: None,
            links: &links,
            archived: &archived,
        })
    }

    fn site_parts() -> (Output, Links, HashSet<String>) {
        let mut output = Output::new();
        output.insert("style.css".into(), b"body{background:url(bg.png)} @import \"https://fonts.example.com/x.css\"; @font-face{font-family:X;src:url(https://fonts.example.com/x.woff2)} </style>".to_vec());
        output.insert("bg.png".into(), vec![1, 2, 3]);
        output.insert("a/index.html".into(), Vec::new());
        output.insert("b/index.html".into(), Vec::new());
        let links = Links::new(&Config {
            base_url: "https://example.github.io/briefs/".into(),
            ..Config::default()
        });
        let archived: HashSet<String> = ["a".to_string(), "b".to_string()].into();
        (output, links, archived)
    }

    #[test]
    fn page_becomes_self_contained() {
        let page = "<html><head><meta charset=\"utf-8\">\
            <link rel=\"stylesheet\" href=\"/briefs/style.css\">\
            <link rel=\"canonical\" href=\"https://example.github.io/briefs/a/\">\
            <link rel=\"alternate\" type=\"application/ld+json\" href=\"annotations.json\">\
            <script src=\"https://cdn.example.net/x.js\"></script></head><body>\
            <nav><a href=\"/briefs/archive/\">archive</a> <a href=\"/briefs/people/\">people</a></nav>\
            <a href=\"/briefs/\">home</a> <a href=\"/briefs/b/#fact-1\">b</a> <a href=\"/briefs/people/x/\">x</a> \
            <a href=\"#quote-1\">q</a> <a href=\"https://example.org/\">out</a>\
            <img src=\"/briefs/bg.png\" srcset=\"/briefs/bg.png 2x\" alt=\"bg\">\
            <img src=\"https://example.org/x.png\" alt=\"far\"></body></html>";
        let out = with_site(|site| self_contained(page, "a/index.html", site));
        assert!(out.contains("Content-Security-Policy"), "{out}");
        assert!(out.contains("<style>"), "{out}");
        assert!(!out.contains("fonts.example.com"), "{out}");
        assert!(!out.contains("</style> "), "{out}");
        assert!(out.contains("url(\"data:image/png;base64,AQID\")"), "{out}");
        assert!(!out.contains("rel=\"canonical\""), "{out}");
        assert!(!out.contains("<script"), "{out}");
        assert!(out.contains("href=\"annotations.json\""), "{out}");
        assert!(
            out.contains("<a href=\"../b/index.html#fact-1\">b</a>"),
            "{out}"
        );
        assert!(out.contains("<a>x</a>"), "{out}");
        assert!(!out.contains("<nav"), "dead navigation goes: {out}");
        assert!(out.contains("<a href=\"../index.html\">home</a>"), "{out}");
        assert!(out.contains("<a href=\"#quote-1\">q</a>"), "{out}");
        assert!(
            out.contains("<a href=\"https://example.org/\">out</a>"),
            "{out}"
        );
        assert!(
            out.contains("<img src=\"data:image/png;base64,AQID\" alt=\"bg\">"),
            "{out}"
        );
        assert!(out.contains("<img alt=\"far\">"), "{out}");
    }

    use proptest::strategy::Strategy;

    /// The first fetching attribute of `html` that still points outside ("img src=http…").
    fn external_fetch(html: &str) -> Option<String> {
        for tag in html::tags(html) {
            if matches!(tag.name.as_str(), "img" | "script" | "iframe" | "link") {
                for a in ["src", "href"] {
                    let v = tag.attr(a).unwrap_or("").to_ascii_lowercase();
                    if v.starts_with("http") || v.starts_with("//") {
                        return Some(format!("{} {a}={v}", tag.name));
                    }
                }
            }
        }
        None
    }

    #[test]
    fn an_unclosed_style_after_a_stray_end_tag_keeps_nothing_external() {
        let page = "<<link rel=stylesheet href=<p style=</script>https://x.example/a<style><img src=https://x.example/a";
        let out = with_site(|site| self_contained(page, "a/index.html", site));
        assert_eq!(external_fetch(&out), None, "in {out}");
    }

    proptest::proptest! {
        #[test]
        fn any_page_archives_without_panicking(page in proptest::collection::vec(proptest::sample::select(vec![
            "<img src=", "<img srcset=", "<link rel=stylesheet href=", "<link rel=icon href=",
            "<script src=", "</script>", "<iframe src=", "<a href=", "<nav>", "</nav>", "<style>",
            "</style>", "<p style=", "url(", ")", "@import ", "@font-face{", "}", "https://x.example/a",
            "//cdn.example/b", "HTTP://Y/", "&#104;ttp://z/", "/briefs/bg.png", "/briefs/b/#q",
            "\"", "'", ">", "/>", " ", "=", "<!--", "-->", "é", "漢", "&amp;", "#", "<",
        ]), 0..40).prop_map(|v| v.concat())) {
            let out = with_site(|site| {
                let _ = clean_css(&page, "style.css", site);
                self_contained(&page, "a/index.html", site)
            });
            // Whatever came in, nothing external is left in a fetching attribute.
            let left = external_fetch(&out);
            proptest::prop_assert!(left.is_none(), "{left:?} in {out}");
        }
    }
}
