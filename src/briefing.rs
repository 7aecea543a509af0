//! Content files: parses `content/<slug>.md` (TOML front matter between `+++` lines, then a
//! markdown body) into a [`Briefing`]. Errors name the file, line and column.

use crate::config::toml_error;
use crate::error::{Error, Result};
use crate::util::slugify;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// The front matter fence.
pub const FENCE: &str = "+++";

/// The TOML front matter of a briefing. See the README for each key.
#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct FrontMatter {
    pub title: String,
    /// `2019-11-05`, as a TOML date or a string.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<toml::Value>,
    /// The permalink slug; recorded at ingest so the URL survives title edits.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub slug: Option<String>,
    /// The seed this file was ingested from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// Hash of what ingest wrote; a file that no longer matches was edited by a person.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ingest_hash: Option<String>,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub draft: bool,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
    /// Old URLs (site paths such as `old-slug/`) that redirect here.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub author: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Editorial corrections of quotes (`[[quote]]`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub quote: Vec<QuoteFix>,
    /// Editorial fact notes (`[[fact]]`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fact: Vec<FactNote>,
    /// Annotations to drop (`[[ignore]]`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub ignore: Vec<Anchor>,
}

/// Text that anchors a correction in the body, like a W3C TextQuoteSelector: the exact words,
/// with optional words just before and after to pick one occurrence among several.
#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Anchor {
    pub text: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prefix: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub suffix: Option<String>,
}

/// `[[quote]]`: sets or fixes the speaker of the quote containing `text`.
#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct QuoteFix {
    pub text: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prefix: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub suffix: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub speaker: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organization: Option<String>,
}

/// `[[fact]]`: a note with its source on the words `text` (added as a fact if none is there).
#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct FactNote {
    pub text: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prefix: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub suffix: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// The kind of a fact the engine missed (`quantity`, `date`…); default `quantity`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
}

/// One content file, parsed.
#[derive(Debug, Clone, PartialEq)]
pub struct Briefing {
    /// The file, as given (relative to the site root when discovered by a build).
    pub path: PathBuf,
    /// The URL slug: front matter `slug`, else the file name.
    pub slug: String,
    pub front: FrontMatter,
    /// The briefing's date, parsed from front matter.
    pub date: Option<NaiveDate>,
    /// The markdown body after the front matter.
    pub body: String,
    /// The 1-based line of the file where the body starts.
    pub body_line: usize,
}

/// Splits a content file into (front matter text, its byte offset, body, body's byte offset).
pub fn split_front_matter<'a>(
    path: &Path,
    text: &'a str,
) -> Result<(&'a str, usize, &'a str, usize)> {
    let text_start = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let rest = &text[text_start..];
    let first_line_end = rest.find('\n').map_or(rest.len(), |i| i + 1);
    if rest[..first_line_end].trim_end() != FENCE {
        return Err(Error::at_line(
            path,
            text,
            1,
            1,
            "a content file must start with a `+++` line opening its TOML front matter",
        ));
    }
    let fm_start = text_start + first_line_end;
    let mut pos = fm_start;
    for line in text[fm_start..].split_inclusive('\n') {
        if line.trim_end() == FENCE {
            let body_start = pos + line.len();
            return Ok((
                &text[fm_start..pos],
                fm_start,
                &text[body_start..],
                body_start,
            ));
        }
        pos += line.len();
    }
    Err(Error::at_line(
        path,
        text,
        1,
        1,
        "front matter opened with `+++` is never closed: add a `+++` line after it",
    ))
}

/// Parses a content file. `path` names it in errors and gives the default slug.
pub fn parse(path: &Path, text: &str) -> Result<Briefing> {
    let (fm, fm_offset, body, body_offset) = split_front_matter(path, text)?;
    let front: FrontMatter =
        toml::from_str(fm).map_err(|e| toml_error(path, text, fm_offset, &e))?;
    if front.title.trim().is_empty() {
        return Err(Error::at_offset(
            path,
            text,
            fm_offset,
            "front matter `title` is empty",
        ));
    }
    let key_line = |key: &str| {
        let idx = fm
            .lines()
            .position(|l| l.trim_start().starts_with(key))
            .unwrap_or(0);
        text[..fm_offset].matches('\n').count() + idx + 1
    };
    let date = match &front.date {
        None => None,
        Some(value) => Some(parse_date(value).ok_or_else(|| {
            Error::at_line(
                path,
                text,
                key_line("date"),
                1,
                "`date` must be a date like 2019-11-05 (or 2019-11-05T08:00:00Z)",
            )
        })?),
    };
    let slug = match &front.slug {
        Some(s) => {
            let clean = slugify(s);
            if clean.is_empty() {
                return Err(Error::at_line(
                    path,
                    text,
                    key_line("slug"),
                    1,
                    format!("slug `{s}` has no letters or digits"),
                ));
            }
            clean
        }
        None => default_slug(path),
    };
    Ok(Briefing {
        path: path.to_path_buf(),
        slug,
        front,
        date,
        body: body.to_string(),
        body_line: text[..body_offset].matches('\n').count() + 1,
    })
}

/// The slug of a content file without a `slug` key: its file stem, slugified.
pub fn default_slug(path: &Path) -> String {
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let slug = slugify(&stem);
    if slug.is_empty() {
        format!(
            "briefing-{}",
            &crate::util::sha256_hex(stem.as_bytes())[..8]
        )
    } else {
        slug
    }
}

/// A TOML date, datetime or string → calendar date.
pub fn parse_date(value: &toml::Value) -> Option<NaiveDate> {
    let s = match value {
        toml::Value::Datetime(dt) => dt.to_string(),
        toml::Value::String(s) => s.clone(),
        _ => return None,
    };
    let day = s.get(..10)?;
    NaiveDate::parse_from_str(day, "%Y-%m-%d").ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(text: &str) -> Result<Briefing> {
        parse(Path::new("content/x.md"), text)
    }

    #[test]
    fn parses_front_matter_and_body() {
        let b = p("+++\ntitle = \"Hello\"\ndate = 2019-11-05\ntags = [\"a\"]\n+++\n\nBody text.\n")
            .unwrap();
        assert_eq!(b.front.title, "Hello");
        assert_eq!(b.date, NaiveDate::from_ymd_opt(2019, 11, 5));
        assert_eq!(b.slug, "x");
        assert_eq!(b.body, "\nBody text.\n");
        assert_eq!(b.body_line, 6);
    }

    #[test]
    fn string_dates_and_datetimes_are_accepted() {
        let b = p("+++\ntitle = \"t\"\ndate = \"2020-01-02T10:00:00Z\"\n+++\n").unwrap();
        assert_eq!(b.date, NaiveDate::from_ymd_opt(2020, 1, 2));
    }

    #[test]
    fn malformed_toml_names_line_and_column() {
        let err = p("+++\ntitle = \"t\"\ndate = = 3\n+++\nbody").unwrap_err();
        assert_eq!(err.line, Some(3), "{err}");
        assert!(err.column.is_some());
        assert!(err.to_string().contains("date = = 3"), "{err}");
    }

    #[test]
    fn unknown_key_is_an_error_naming_it() {
        let err = p("+++\ntitle = \"t\"\ntitel = \"u\"\n+++\n").unwrap_err();
        assert!(err.message.contains("titel"), "{err}");
        assert_eq!(err.line, Some(3));
    }

    #[test]
    fn wrong_type_and_bad_date_are_located() {
        let err = p("+++\ntitle = 3\n+++\n").unwrap_err();
        assert_eq!(err.line, Some(2), "{err}");
        let err = p("+++\ntitle = \"t\"\ndate = \"yesterday\"\n+++\n").unwrap_err();
        assert_eq!(err.line, Some(3), "{err}");
    }

    #[test]
    fn missing_closer_is_an_error() {
        let err = p("+++\ntitle = \"t\"\nbody\n").unwrap_err();
        assert!(err.message.contains("never closed"), "{err}");
        let err = p("no front matter").unwrap_err();
        assert_eq!(err.line, Some(1));
    }

    #[test]
    fn editorial_tables_parse() {
        let b = p("+++\ntitle = \"t\"\n[[quote]]\ntext = \"a\"\nspeaker = \"B\"\n[[fact]]\ntext = \"c\"\nnote = \"n\"\n[[ignore]]\ntext = \"m\"\n+++\n").unwrap();
        assert_eq!(b.front.quote[0].speaker.as_deref(), Some("B"));
        assert_eq!(b.front.fact[0].note.as_deref(), Some("n"));
        assert_eq!(b.front.ignore[0].text, "m");
    }
}
