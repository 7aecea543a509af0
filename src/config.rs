//! Site configuration: reads `gloss.toml` at the site root into a [`Config`]. Every key is
//! optional with a sane default; an unknown key is an error naming the key, file, line and column.

use crate::error::{Error, Result};
use serde::{Deserialize, Serialize};
use std::path::Path;

/// The name of the config file at the site root.
pub const CONFIG_FILE: &str = "gloss.toml";

/// `gloss.toml`. See the README for each key.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct Config {
    /// The site's title, shown in the header and feeds.
    pub title: String,
    /// Where the site is published, e.g. `https://user.github.io/repo/`. Empty: links are
    /// relative, so the output also works opened straight from disk.
    pub base_url: String,
    /// The language of the briefings (`<html lang>`), e.g. `en`.
    pub language: String,
    /// The default author of briefings.
    pub author: Option<String>,
    /// A one-line description of the site, for feeds and meta tags.
    pub description: String,
    /// The date used for a briefing whose seed states none and whose file time is unknown.
    pub default_date: Option<String>,
    /// The output folder, relative to the root.
    pub output_dir: String,
    /// Briefings per page on list pages.
    pub paginate: usize,
    /// A custom domain for GitHub Pages: writes a `CNAME` file.
    pub cname: Option<String>,
    /// The syntect theme for code blocks.
    pub highlight_theme: String,
    /// Add the N most frequent entities of a briefing as automatic tags (0: off).
    pub auto_tags: usize,
    /// Build the search index and search page.
    pub search: bool,
    /// Ingest settings.
    pub ingest: IngestConfig,
}

/// `[ingest]` in `gloss.toml`.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq, Default)]
#[serde(deny_unknown_fields, default)]
pub struct IngestConfig {
    /// Extra boilerplate lines to drop, matched case-insensitively against a whole line, or
    /// with `*` at its end, start or both: lines that start with, end with or contain the rest.
    pub boilerplate: Vec<String>,
    /// Turn off the built-in boilerplate rules.
    pub no_default_boilerplate: bool,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            title: "Briefings".into(),
            base_url: String::new(),
            language: "en".into(),
            author: None,
            description: "Annotated briefings".into(),
            default_date: None,
            output_dir: "public".into(),
            paginate: 20,
            cname: None,
            highlight_theme: "InspiredGitHub".into(),
            auto_tags: 0,
            search: true,
            ingest: IngestConfig::default(),
        }
    }
}

impl Config {
    /// Reads `gloss.toml` from `root`; defaults when there is none.
    pub fn load(root: &Path) -> Result<Config> {
        let path = root.join(CONFIG_FILE);
        match std::fs::read_to_string(&path) {
            Ok(text) => Config::parse(&text, &path),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Config::default()),
            Err(e) => Err(Error::io(&path, e)),
        }
    }

    /// Parses config text; `path` names it in errors.
    pub fn parse(text: &str, path: &Path) -> Result<Config> {
        let config: Config = toml::from_str(text).map_err(|e| toml_error(path, text, 0, &e))?;
        config.validate(path, text)?;
        Ok(config)
    }

    fn validate(&self, path: &Path, text: &str) -> Result<()> {
        if !self.base_url.is_empty() {
            check_base_url(&self.base_url).map_err(|msg| {
                let line = text
                    .lines()
                    .position(|l| l.trim_start().starts_with("base_url"))
                    .map_or(1, |i| i + 1);
                Error::at_line(path, text, line, 1, msg)
            })?;
        }
        if let Some(d) = &self.default_date {
            if chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").is_err() {
                let line = text
                    .lines()
                    .position(|l| l.trim_start().starts_with("default_date"))
                    .map_or(1, |i| i + 1);
                return Err(Error::at_line(
                    path,
                    text,
                    line,
                    1,
                    format!("default_date `{d}` is not a date like 2019-11-05"),
                ));
            }
        }
        if self.paginate == 0 {
            return Err(Error::file(path, "paginate must be at least 1"));
        }
        Ok(())
    }

    /// The base URL with exactly one trailing slash, or empty for relative links.
    pub fn base_url_normalized(&self) -> String {
        normalize_base_url(&self.base_url)
    }
}

/// `https://host/path` → `https://host/path/`; empty stays empty.
pub fn normalize_base_url(url: &str) -> String {
    let url = url.trim();
    if url.is_empty() {
        String::new()
    } else {
        format!("{}/", url.trim_end_matches('/'))
    }
}

/// Checks that a base URL has a scheme and a host (peers double the host when it has none).
pub fn check_base_url(url: &str) -> std::result::Result<(), String> {
    let url = url.trim();
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
        .ok_or_else(|| {
            format!(
                "base_url `{url}` has no scheme; write it in full, e.g. `https://{}`",
                url.trim_start_matches('/')
            )
        })?;
    let host = rest.split('/').next().unwrap_or("");
    if host.is_empty() || host.contains(char::is_whitespace) {
        return Err(format!(
            "base_url `{url}` has no host, e.g. `https://user.github.io/repo/`"
        ));
    }
    Ok(())
}

/// Turns a TOML error into a located [`Error`]; `base` is the byte offset of `text` in the file
/// (front matter starts after its `+++` line).
pub fn toml_error(path: &Path, file_text: &str, base: usize, err: &toml::de::Error) -> Error {
    let message = err.message().trim().to_string();
    match err.span() {
        Some(span) => Error::at_offset(path, file_text, base + span.start, message),
        None => Error::file(path, message),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_config_is_all_defaults() {
        assert_eq!(
            Config::parse("", Path::new("gloss.toml")).unwrap(),
            Config::default()
        );
    }

    #[test]
    fn unknown_key_is_named_with_its_line() {
        let err = Config::parse("title = \"x\"\ncolour = \"red\"\n", Path::new("gloss.toml"))
            .unwrap_err();
        assert_eq!(err.line, Some(2));
        assert!(err.message.contains("colour"), "{}", err.message);
    }

    #[test]
    fn base_url_without_scheme_is_an_error_with_a_hint() {
        let err = Config::parse(
            "base_url = \"user.github.io/repo\"\n",
            Path::new("gloss.toml"),
        )
        .unwrap_err();
        assert!(
            err.message.contains("https://user.github.io/repo"),
            "{}",
            err.message
        );
        assert_eq!(err.line, Some(1));
    }

    #[test]
    fn base_url_gets_one_trailing_slash() {
        assert_eq!(
            normalize_base_url("https://a.io/repo"),
            "https://a.io/repo/"
        );
        assert_eq!(
            normalize_base_url("https://a.io/repo//"),
            "https://a.io/repo/"
        );
        assert_eq!(normalize_base_url(""), "");
    }
}
