//! Link resolution: where a link written on a page of the output points. Relative links resolve
//! against the page's folder; root-relative links must start with the site's base path
//! (`/briefs/` for `https://example.github.io/briefs/`); absolute links to the base URL's host
//! under that path are internal too; folder links mean their `index.html`.

use crate::site::links::Links;
use percent_encoding::percent_decode_str;

/// Where a link points.
#[derive(Debug, Clone, PartialEq)]
pub enum Target {
    /// A file of the site (output-relative path, `index.html` added to folders) and the
    /// fragment after `#`, percent-decoded. `folder` is true when the link named a folder.
    Internal {
        path: String,
        fragment: Option<String>,
        /// The link names a file without a slash (`slug`) that may be a folder.
        bare: bool,
    },
    /// Another site (`http`, `https` or `//host`), as written.
    External(String),
    /// Not a page link (`mailto:`, `tel:`, `data:`, `javascript:`…).
    Ignored,
    /// A link that cannot work, with the reason.
    Broken(String),
}

/// The scheme of a URL (`https`), lowercased, if it has one.
pub fn scheme(url: &str) -> Option<String> {
    let end = url.find(':')?;
    let s = &url[..end];
    let mut chars = s.chars();
    (chars.next()?.is_ascii_alphabetic()
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.')))
    .then(|| s.to_ascii_lowercase())
}

/// `scheme://host` of an absolute http(s) URL and the rest (path, query, fragment).
fn split_origin(url: &str) -> Option<(String, &str)> {
    let (scheme, rest) = url.split_once("://")?;
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let host = rest[..end].to_ascii_lowercase();
    let host = host.rsplit('@').next().unwrap_or("").to_string();
    let host = host
        .strip_suffix(":443")
        .filter(|_| scheme.eq_ignore_ascii_case("https"))
        .or_else(|| {
            host.strip_suffix(":80")
                .filter(|_| scheme.eq_ignore_ascii_case("http"))
        })
        .unwrap_or(&host)
        .to_string();
    Some((host, &rest[end..]))
}

/// Resolves `link`, written on the page at output path `page`.
pub fn resolve(links: &Links, page: &str, link: &str) -> Target {
    // Browsers strip surrounding whitespace and drop tabs and newlines inside URLs.
    let cleaned: String = link
        .trim_matches(|c: char| c.is_ascii_whitespace() || c == '\u{0c}')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect();
    let link = cleaned.as_str();
    if link.is_empty() {
        return internal(page.to_string(), None, false);
    }
    if let Some(s) = scheme(link) {
        if s != "http" && s != "https" {
            return Target::Ignored;
        }
        return absolute(links, link, link);
    }
    if link.starts_with("//") || link.starts_with("\\\\") {
        return absolute(links, &format!("https:{link}"), link);
    }
    if let Some(path) = link.strip_prefix('/') {
        if links.relative() {
            return Target::Broken(
                "a root-relative link only works with a base_url; without one the site is \
                 opened from disk"
                    .into(),
            );
        }
        return under_base(links, &format!("/{path}"));
    }
    if page == "404.html" && !links.relative() && !link.starts_with('#') {
        return Target::Broken(
            "a relative link on the 404 page breaks when it is served for a nested path; \
             use a root-relative one"
                .into(),
        );
    }
    let dir = match page.rfind('/') {
        Some(i) => &page[..=i],
        None => "",
    };
    join(dir, link)
}

/// An absolute URL: internal when it is on the base URL's host under its path.
fn absolute(links: &Links, url: &str, written: &str) -> Target {
    if links.relative() {
        return Target::External(written.to_string());
    }
    let (Some((host, rest)), Some((base_host, _))) =
        (split_origin(url), split_origin(&links.base_url))
    else {
        return Target::External(written.to_string());
    };
    if host != base_host {
        return Target::External(written.to_string());
    }
    let path = if rest.starts_with('/') {
        rest.to_string()
    } else {
        format!("/{rest}")
    };
    let path_only = path.split(['?', '#']).next().unwrap_or("");
    let base_bare = links.base_path.trim_end_matches('/');
    if path_only.starts_with(&links.base_path) || path_only == base_bare {
        under_base(links, &path)
    } else {
        // Another site on the same host (another project's pages).
        Target::External(written.to_string())
    }
}

/// A root-relative path (`/briefs/x/`): must be under the base path.
fn under_base(links: &Links, path: &str) -> Target {
    let base = &links.base_path;
    let base_bare = base.trim_end_matches('/');
    let rest = if let Some(rest) = path.strip_prefix(base.as_str()) {
        rest
    } else if let Some(rest) = path
        .strip_prefix(base_bare)
        .filter(|r| r.is_empty() || r.starts_with(['?', '#']))
    {
        rest
    } else {
        return Target::Broken(format!(
            "root-relative link outside the base path `{base}`: it should start with `{base}`"
        ));
    };
    if rest.is_empty() || rest.starts_with(['?', '#']) {
        // The site's front page, not "this document".
        return join("", &format!("./{rest}"));
    }
    join("", rest)
}

/// Joins a relative reference to a folder (`a/b/`), normalizing `.` and `..`.
fn join(dir: &str, reference: &str) -> Target {
    let (before_frag, fragment) = match reference.split_once('#') {
        Some((p, f)) => (p, Some(decode(f))),
        None => (reference, None),
    };
    let path = before_frag.split('?').next().unwrap_or("");
    if path.is_empty() {
        // `?q` or `#x` alone: this page (the folder's index when `dir` is a folder page).
        return Target::Internal {
            path: String::new(),
            fragment,
            bare: false,
        };
    }
    let mut parts: Vec<String> = dir
        .split('/')
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect();
    let segments: Vec<&str> = path.split('/').collect();
    let mut is_dir = false;
    for (i, seg) in segments.iter().enumerate() {
        let last = i + 1 == segments.len();
        match *seg {
            "" => is_dir = last,
            "." => is_dir = last,
            ".." => {
                if parts.pop().is_none() {
                    return Target::Broken("goes above the site root".into());
                }
                is_dir = last;
            }
            s => {
                parts.push(decode(s));
                is_dir = false;
            }
        }
    }
    let mut file = parts.join("/");
    let bare = !is_dir && !file.is_empty();
    if is_dir || file.is_empty() {
        if !file.is_empty() {
            file.push('/');
        }
        file.push_str("index.html");
    }
    internal(file, fragment, bare)
}

fn internal(path: String, fragment: Option<String>, bare: bool) -> Target {
    Target::Internal {
        path,
        fragment,
        bare,
    }
}

fn decode(s: &str) -> String {
    percent_decode_str(s).decode_utf8_lossy().into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;

    fn links(base: &str) -> Links {
        Links::new(&Config {
            base_url: base.into(),
            ..Config::default()
        })
    }

    fn path(t: Target) -> String {
        match t {
            Target::Internal { path, fragment, .. } => match fragment {
                Some(f) => format!("{path}#{f}"),
                None => path,
            },
            other => format!("{other:?}"),
        }
    }

    #[test]
    fn sub_path_site() {
        let l = links("https://example.github.io/briefs/");
        let p = "story/index.html";
        assert_eq!(path(resolve(&l, p, "/briefs/about/")), "about/index.html");
        assert_eq!(path(resolve(&l, p, "/briefs/")), "index.html");
        assert_eq!(path(resolve(&l, p, "/briefs")), "index.html");
        assert_eq!(path(resolve(&l, p, "/briefs/#main")), "index.html#main");
        assert_eq!(
            path(resolve(&l, p, "annotations.json")),
            "story/annotations.json"
        );
        assert_eq!(
            path(resolve(&l, p, "../other/#fact-2")),
            "other/index.html#fact-2"
        );
        assert_eq!(path(resolve(&l, p, "#quote-1")), "#quote-1");
        assert_eq!(
            path(resolve(
                &l,
                p,
                "https://EXAMPLE.github.io/briefs/tags/x/?a=1"
            )),
            "tags/x/index.html"
        );
        assert_eq!(path(resolve(&l, p, "/briefs/a%20b.png")), "a b.png");
        assert!(matches!(resolve(&l, p, "/about/"), Target::Broken(_)));
        assert!(matches!(resolve(&l, p, "../../x"), Target::Broken(_)));
        assert!(matches!(
            resolve(&l, p, "https://example.github.io/other/"),
            Target::External(_)
        ));
        assert!(matches!(
            resolve(&l, p, "//cdn.example.net/x.js"),
            Target::External(_)
        ));
        assert_eq!(resolve(&l, p, "mailto:desk@example.org"), Target::Ignored);
        assert!(matches!(
            resolve(&l, "404.html", "style.css"),
            Target::Broken(_)
        ));
        assert_eq!(
            path(resolve(&l, "404.html", "/briefs/style.css")),
            "style.css"
        );
    }

    #[test]
    fn relative_site() {
        let l = links("");
        let p = "people/sam/index.html";
        assert_eq!(path(resolve(&l, p, "../../index.html")), "index.html");
        assert_eq!(path(resolve(&l, p, "../../style.css")), "style.css");
        assert_eq!(path(resolve(&l, p, "./")), "people/sam/index.html");
        assert!(matches!(resolve(&l, p, "/x/"), Target::Broken(_)));
        assert!(matches!(
            resolve(&l, p, "https://example.org/"),
            Target::External(_)
        ));
        match resolve(&l, p, "../bob") {
            Target::Internal { path, bare, .. } => {
                assert_eq!((path.as_str(), bare), ("people/bob", true))
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn schemes() {
        assert_eq!(scheme("HTTPS://x").as_deref(), Some("https"));
        assert_eq!(scheme("a/b:c"), None);
        assert_eq!(scheme("x.png"), None);
        assert_eq!(scheme("javascript:void(0)").as_deref(), Some("javascript"));
    }
}
