//! Request paths → files of the served site, and content types. Pure functions, so the safety
//! rules are unit-tested: nothing outside the output is ever named (`..`, `.`, percent-encoded
//! slashes, backslashes, NUL and absolute paths are refused before any lookup, and lookups are
//! in the in-memory output map, never the file system).

use percent_encoding::percent_decode_str;

/// Where a request path leads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Resolved {
    /// A file of the output (its key).
    File(String),
    /// Redirect to this path (a folder without its slash, or the base path).
    Redirect(String),
    /// No such file.
    NotFound,
    /// A path trying to leave the output or otherwise malformed.
    Bad,
}

/// Resolves the raw (still percent-encoded) request path. `base_path` is the site's path under
/// its base URL (`/briefs/`, or empty or `/` to serve at the root); `has` says whether an
/// output key exists.
pub fn resolve(raw: &str, base_path: &str, has: impl Fn(&str) -> bool) -> Resolved {
    let lower = raw.to_ascii_lowercase();
    if raw.contains('\\') || ["%2f", "%5c", "%00"].iter().any(|s| lower.contains(s)) {
        return Resolved::Bad;
    }
    let Ok(path) = percent_decode_str(raw).decode_utf8() else {
        return Resolved::Bad;
    };
    if !path.starts_with('/') || path.contains(['\\', '\0']) {
        return Resolved::Bad;
    }
    let base = if base_path.is_empty() { "/" } else { base_path };
    let rest = if base == "/" {
        &path[1..]
    } else if path == "/" || path == base.trim_end_matches('/') {
        return Resolved::Redirect(base.to_string());
    } else if let Some(rest) = path.strip_prefix(base) {
        rest
    } else {
        return Resolved::NotFound;
    };
    let segments: Vec<&str> = rest.split('/').collect();
    let last = segments.len() - 1;
    for (i, s) in segments.iter().enumerate() {
        if *s == ".." || *s == "." || (s.is_empty() && i != last) {
            return Resolved::Bad;
        }
    }
    let key = if rest.is_empty() || rest.ends_with('/') {
        format!("{rest}index.html")
    } else {
        rest.to_string()
    };
    if !crate::site::output::is_safe_relative(&key) {
        return Resolved::Bad;
    }
    if has(&key) {
        return Resolved::File(key);
    }
    if !rest.is_empty() && !rest.ends_with('/') && has(&format!("{rest}/index.html")) {
        return Resolved::Redirect(format!("{raw}/"));
    }
    Resolved::NotFound
}

/// The content type of an output file, by extension.
pub fn content_type(key: &str) -> &'static str {
    let ext = key
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    match ext.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" | "map" => "application/json",
        "jsonld" => "application/ld+json",
        "webmanifest" => "application/manifest+json",
        "xml" => "application/xml",
        "atom" => "application/atom+xml",
        "rss" => "application/rss+xml",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "ico" => "image/x-icon",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        "ttf" => "font/ttf",
        "otf" => "font/otf",
        "txt" | "md" => "text/plain; charset=utf-8",
        "csv" => "text/csv; charset=utf-8",
        "pdf" => "application/pdf",
        "wasm" => "application/wasm",
        "mp4" => "video/mp4",
        "webm" => "video/webm",
        "mp3" => "audio/mpeg",
        _ if key == "CNAME" || key.ends_with("/CNAME") => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site(key: &str) -> bool {
        [
            "index.html",
            "a/index.html",
            "style.css",
            "a/annotations.json",
        ]
        .contains(&key)
    }

    #[test]
    fn files_folders_and_redirects() {
        assert_eq!(resolve("/", "", site), Resolved::File("index.html".into()));
        assert_eq!(
            resolve("/a/", "", site),
            Resolved::File("a/index.html".into())
        );
        assert_eq!(resolve("/a", "", site), Resolved::Redirect("/a/".into()));
        assert_eq!(
            resolve("/style.css", "/", site),
            Resolved::File("style.css".into())
        );
        assert_eq!(resolve("/nope", "", site), Resolved::NotFound);
    }

    #[test]
    fn traversal_attempts_are_refused() {
        for raw in [
            "/../etc/passwd",
            "/a/../../x",
            "/%2e%2e/x",
            "/%2E%2E/%2e%2e/x",
            "/..%2fx",
            "/a%2F..%2F..%2Fx",
            "/..\\x",
            "/%5c..%5cx",
            "//etc/passwd",
            "/a/./index.html",
            "/a%00.html",
            "/%ff",
        ] {
            assert_eq!(resolve(raw, "", site), Resolved::Bad, "{raw}");
        }
    }

    #[test]
    fn sub_path_base() {
        let b = "/briefs/";
        assert_eq!(resolve("/", b, site), Resolved::Redirect(b.into()));
        assert_eq!(resolve("/briefs", b, site), Resolved::Redirect(b.into()));
        assert_eq!(
            resolve("/briefs/", b, site),
            Resolved::File("index.html".into())
        );
        assert_eq!(
            resolve("/briefs/a/", b, site),
            Resolved::File("a/index.html".into())
        );
        assert_eq!(resolve("/a/", b, site), Resolved::NotFound);
        assert_eq!(resolve("/briefs/../x", b, site), Resolved::Bad);
    }

    #[test]
    fn content_types() {
        assert_eq!(content_type("a/index.html"), "text/html; charset=utf-8");
        assert_eq!(content_type("x.WOFF2"), "font/woff2");
        assert_eq!(content_type("atom.xml"), "application/xml");
        assert_eq!(content_type("noext"), "application/octet-stream");
    }
}
