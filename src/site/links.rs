//! Links: where each page lives in the output and how pages link to each other. With a
//! `base_url`, links are root-relative to its path (`/briefs/slug/`), which works on GitHub Pages
//! under a sub-path and in `gloss serve`; canonical, feed and sitemap URLs are absolute. Without
//! one, links are relative (`../slug/index.html`) so the output also works opened from disk.

use crate::config::Config;

/// Link maker for one build.
#[derive(Debug, Clone, PartialEq)]
pub struct Links {
    /// The base URL with one trailing slash (`https://user.github.io/repo/`), or empty.
    pub base_url: String,
    /// Its path (`/repo/`), or empty in relative mode.
    pub base_path: String,
}

impl Links {
    pub fn new(config: &Config) -> Self {
        let base_url = config.base_url_normalized();
        let base_path = if base_url.is_empty() {
            String::new()
        } else {
            let after_scheme = base_url
                .split_once("://")
                .map_or(base_url.as_str(), |(_, r)| r);
            match after_scheme.find('/') {
                Some(i) => after_scheme[i..].to_string(),
                None => "/".to_string(),
            }
        };
        Links {
            base_url,
            base_path,
        }
    }

    /// Relative mode: no base URL.
    pub fn relative(&self) -> bool {
        self.base_url.is_empty()
    }

    /// What page-relative links start with, for a page at output path `file`
    /// (`slug/index.html` → `../` in relative mode, else the base path).
    pub fn root_for(&self, file: &str) -> String {
        if self.relative() {
            "../".repeat(file.matches('/').count())
        } else {
            self.base_path.clone()
        }
    }

    /// What links to a folder end with: `index.html` in relative mode (browsers opening files
    /// do not look for it), nothing otherwise.
    pub fn dir_index(&self) -> &'static str {
        if self.relative() {
            "index.html"
        } else {
            ""
        }
    }

    /// The link path (relative to the root) of a folder page: `slug/` or `slug/index.html`.
    pub fn dir(&self, dir: &str) -> String {
        format!("{dir}{}", self.dir_index())
    }

    /// The absolute URL of a root-relative path, when a base URL is set.
    pub fn absolute(&self, path: &str) -> Option<String> {
        (!self.relative()).then(|| format!("{}{}", self.base_url, path))
    }

    /// The absolute URL, or the root-relative path when there is no base URL (feeds, sitemap).
    pub fn absolute_or_path(&self, path: &str) -> String {
        format!("{}{path}", self.absolute_prefix())
    }

    /// What [`Self::absolute_or_path`] puts before a root-relative path: the base URL, or `/`.
    pub fn absolute_prefix(&self) -> &str {
        if self.relative() {
            "/"
        } else {
            &self.base_url
        }
    }
}

/// The output file of a folder page: `slug/` → `slug/index.html`.
pub fn index_file(dir: &str) -> String {
    format!("{dir}index.html")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn links(base: &str) -> Links {
        Links::new(&Config {
            base_url: base.into(),
            ..Config::default()
        })
    }

    #[test]
    fn sub_path_base_gives_root_relative_links() {
        let l = links("https://example.github.io/briefs");
        assert_eq!(l.base_path, "/briefs/");
        assert_eq!(l.root_for("a/b/index.html"), "/briefs/");
        assert_eq!(l.dir("slug/"), "slug/");
        assert_eq!(
            l.absolute("slug/").as_deref(),
            Some("https://example.github.io/briefs/slug/")
        );
    }

    #[test]
    fn no_base_gives_relative_links_that_work_from_disk() {
        let l = links("");
        assert_eq!(l.root_for("index.html"), "");
        assert_eq!(l.root_for("people/sam/index.html"), "../../");
        assert_eq!(l.dir("slug/"), "slug/index.html");
        assert_eq!(l.absolute("x/"), None);
    }

    #[test]
    fn host_only_base_has_root_path() {
        assert_eq!(links("https://news.example.org").base_path, "/");
    }
}
