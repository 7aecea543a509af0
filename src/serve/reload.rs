//! Live reload: the script injected into served HTML pages and the events sent to it over
//! server-sent events (`/__gloss/events`). Events: `hello` (on connect: the current build number
//! and error, so a page that missed a rebuild reloads), `reload`, `css` (swap stylesheets
//! without a reload), `build-error` (show the overlay) and `ok` (remove it).

use serde_json::json;

/// The SSE endpoint (at the server root, whatever the base path).
pub const EVENTS_PATH: &str = "/__gloss/events";

/// The id of the error overlay element.
pub const OVERLAY_ID: &str = "__gloss_error";

/// What the server tells open pages.
#[derive(Debug, Clone, PartialEq)]
pub enum Message {
    /// The site changed: pages whose own file is among `paths` (or all pages, with `all`, or
    /// when a script, image or font changed) reload; the others stay (and swap stylesheets).
    Reload {
        build: u64,
        paths: Vec<String>,
        all: bool,
    },
    /// Only these stylesheets (output paths) changed.
    Css { build: u64, paths: Vec<String> },
    /// The rebuild failed: the pages are the last good ones.
    Error { build: u64, message: String },
    /// The previous error is fixed and nothing else changed.
    Ok { build: u64 },
}

impl Message {
    /// The SSE event name and its JSON data.
    pub fn event(&self) -> (&'static str, String) {
        let (name, data) = match self {
            Message::Reload { build, paths, all } => (
                "reload",
                json!({"build": build, "paths": paths, "all": all}),
            ),
            Message::Css { build, paths } => ("css", json!({"build": build, "paths": paths})),
            Message::Error { build, message } => {
                ("build-error", json!({"build": build, "message": message}))
            }
            Message::Ok { build } => ("ok", json!({"build": build})),
        };
        (name, data.to_string())
    }
}

/// Changed paths sent with a reload at most; past that, every page reloads.
pub const MAX_PATHS: usize = 2000;

/// The reload message for these changed output paths.
pub fn reload_message(build: u64, changed: &[String]) -> Message {
    let all = changed.len() > MAX_PATHS;
    Message::Reload {
        build,
        paths: if all { Vec::new() } else { changed.to_vec() },
        all,
    }
}

/// The `hello` event's data for a new connection.
pub fn hello(build: u64, error: Option<&str>) -> String {
    json!({"build": build, "error": error}).to_string()
}

const SCRIPT: &str = r#"<script data-gloss-reload>
(function () {
  var build = __BUILD__;
  var id = "__OVERLAY__";
  function overlay(message) {
    var el = document.getElementById(id);
    if (!el) {
      el = document.createElement("div");
      el.id = id;
      el.setAttribute("role", "alert");
      el.style.cssText = "position:fixed;z-index:2147483647;left:0;right:0;top:0;max-height:60vh;overflow:auto;margin:0;padding:1em 1.25em;background:#2b0d0d;color:#ffd7d7;border-bottom:3px solid #e5484d;font:13px/1.45 ui-monospace,Menlo,Consolas,monospace;white-space:pre-wrap";
      var title = document.createElement("strong");
      title.textContent = "gloss: rebuild failed (showing the last good version)\n\n";
      el.appendChild(title);
      el.appendChild(document.createElement("span"));
      document.body.appendChild(el);
    }
    el.lastChild.textContent = message;
  }
  function clear() {
    var el = document.getElementById(id);
    if (el) el.remove();
  }
  function swapCss(paths) {
    var links = document.querySelectorAll('link[rel="stylesheet"]');
    for (var i = 0; i < links.length; i++) {
      var link = links[i];
      var url = new URL(link.href, location.href);
      var hit = paths.some(function (p) { return url.pathname.endsWith("/" + p); });
      if (!hit) continue;
      url.searchParams.set("gloss", Date.now());
      var copy = link.cloneNode();
      copy.href = url.href;
      copy.onload = function (old) { return function () { old.remove(); }; }(link);
      link.parentNode.insertBefore(copy, link.nextSibling);
    }
  }
  function data(e) { try { return JSON.parse(e.data); } catch (_) { return {}; } }
  var source = new EventSource("__EVENTS__");
  source.addEventListener("hello", function (e) {
    var d = data(e);
    if (d.build !== build) { location.reload(); return; }
    if (d.error) overlay(d.error); else clear();
  });
  // This page's output file: its path under the site's base path, `index.html` for folders.
  function ownFile() {
    var path = decodeURIComponent(location.pathname);
    if (path.indexOf(__BASE__) === 0) path = path.slice(__BASE__.length); else path = path.replace(/^\//, "");
    return path === "" || /\/$/.test(path) ? path + "index.html" : path;
  }
  source.addEventListener("reload", function (e) {
    var d = data(e), paths = d.paths || [], own = ownFile();
    var mine = d.all || paths.indexOf(own) >= 0 || (__PAGE404__ && paths.indexOf("404.html") >= 0);
    var assets = paths.some(function (p) { return !/\.(html|json|xml|txt|css)$/.test(p); });
    if (mine || assets) { location.reload(); return; }
    build = d.build;
    clear();
    var css = paths.filter(function (p) { return /\.css$/.test(p); });
    if (css.length) swapCss(css);
  });
  source.addEventListener("css", function (e) { var d = data(e); build = d.build; clear(); swapCss(d.paths || []); });
  source.addEventListener("build-error", function (e) { overlay(data(e).message || "error"); });
  source.addEventListener("ok", function (e) { build = data(e).build; clear(); });
})();
</script>
"#;

/// The reload script for a page served at build number `build`, from a site served under
/// `base_path` (`/briefs/`, or empty); `not_found` when the page is the 404 page.
pub fn script(build: u64, base_path: &str, not_found: bool) -> String {
    let base = if base_path.is_empty() { "/" } else { base_path };
    SCRIPT
        .replace("__BUILD__", &build.to_string())
        .replace("__BASE__", &serde_json::to_string(base).unwrap_or_default())
        .replace("__PAGE404__", if not_found { "true" } else { "false" })
        .replace("__OVERLAY__", OVERLAY_ID)
        .replace("__EVENTS__", EVENTS_PATH)
}

/// Inserts the reload script before the last `</body>` (any case), or at the end.
pub fn inject(html: &[u8], build: u64, base_path: &str, not_found: bool) -> Vec<u8> {
    let script = script(build, base_path, not_found);
    let at = find_last_ci(html, b"</body>").unwrap_or(html.len());
    let mut out = Vec::with_capacity(html.len() + script.len());
    out.extend_from_slice(&html[..at]);
    out.extend_from_slice(script.as_bytes());
    out.extend_from_slice(&html[at..]);
    out
}

fn find_last_ci(hay: &[u8], needle: &[u8]) -> Option<usize> {
    if hay.len() < needle.len() {
        return None;
    }
    (0..=hay.len() - needle.len())
        .rev()
        .find(|&i| hay[i..i + needle.len()].eq_ignore_ascii_case(needle))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn script_goes_before_the_last_body_close() {
        let page = b"<html><body><p>x</p></BODY></html>";
        let out = String::from_utf8(inject(page, 7, "/briefs/", false)).unwrap();
        let script_at = out.find("<script data-gloss-reload>").unwrap();
        assert!(script_at < out.find("</BODY>").unwrap());
        assert!(out.contains("var build = 7;"));
        assert!(out.contains("path.indexOf(\"/briefs/\") === 0"), "{out}");
        assert!(out.ends_with("</BODY></html>"));
        let bare = String::from_utf8(inject(b"<p>no body", 1, "", true)).unwrap();
        assert!(bare.starts_with("<p>no body<script"));
    }

    #[test]
    fn error_event_carries_the_message_as_json() {
        let (name, data) = Message::Error {
            build: 3,
            message: "a.md:2:1: bad\n<b>".into(),
        }
        .event();
        assert_eq!(name, "build-error");
        assert!(!data.contains('\n'), "SSE data must be one line: {data}");
        let v: serde_json::Value = serde_json::from_str(&data).unwrap();
        assert_eq!(v["message"], "a.md:2:1: bad\n<b>");
    }
}
