//! Dates and bylines: finds a date stated near the top of a seed (a `Published: 5 November
//! 2019` line, a `November 5, 2019` line, an ISO date, or a dateline opening the first
//! paragraph) and recognises byline and date lines, which are metadata rather than body.

use super::blocks::{Item, ItemKind};
use chrono::NaiveDate;
use std::ops::Range;

/// Lines longer than this are never metadata.
const META_MAX_CHARS: usize = 200;
/// How far into a story paragraph a dateline may end.
const DATELINE_BYTES: usize = 160;

const MONTHS: [(&str, u32); 24] = [
    ("january", 1),
    ("february", 2),
    ("march", 3),
    ("april", 4),
    ("may", 5),
    ("june", 6),
    ("july", 7),
    ("august", 8),
    ("september", 9),
    ("october", 10),
    ("november", 11),
    ("december", 12),
    ("jan", 1),
    ("feb", 2),
    ("mar", 3),
    ("apr", 4),
    ("jun", 6),
    ("jul", 7),
    ("aug", 8),
    ("sep", 9),
    ("sept", 9),
    ("oct", 10),
    ("nov", 11),
    ("dec", 12),
];

/// Lower-case words that may stand beside a date or name on a metadata line.
const META_WORDS: &[&str] = &[
    "on",
    "at",
    "by",
    "published",
    "updated",
    "posted",
    "last",
    "modified",
    "am",
    "pm",
    "a",
    "m",
    "p",
    "and",
    "the",
    "of",
    "gmt",
    "utc",
    "et",
    "est",
    "edt",
    "bst",
    "cet",
    "pst",
    "pt",
    "date",
    "time",
    "first",
    "in",
    "admin",
    "staff",
    "writer",
    "reporter",
    "correspondent",
    "editor",
    "editing",
    "reporting",
    "additional",
    "contributor",
    "senior",
    "special",
    "for",
    "de",
    "van",
    "von",
    "la",
    "le",
    "al",
    "da",
    "bin",
    "min",
    "mins",
    "minute",
    "minutes",
    "read",
    "ago",
    "hours",
    "hour",
    "h",
    "with",
    "news",
    "desk",
];

/// Byline openers (lower case).
const BYLINE_OPENERS: &[&str] = &[
    "by ",
    "written by ",
    "words by ",
    "story by ",
    "reporting by ",
    "additional reporting by ",
    "posted by ",
    "author: ",
    "authors: ",
];

/// A word token with its byte range.
fn tokens(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices() {
        if c.is_alphanumeric() {
            start.get_or_insert(i);
        } else if let Some(s) = start.take() {
            out.push((s, i));
        }
    }
    if let Some(s) = start {
        out.push((s, text.len()));
    }
    out
}

fn month(word: &str) -> Option<u32> {
    MONTHS
        .iter()
        .find(|(name, _)| name.eq_ignore_ascii_case(word))
        .map(|&(_, m)| m)
}

fn number(word: &str, max_digits: usize) -> Option<u32> {
    let digits = word.trim_end_matches(|c: char| c.is_ascii_alphabetic());
    let suffix = &word[digits.len()..];
    if digits.is_empty()
        || digits.len() > max_digits
        || !digits.bytes().all(|b| b.is_ascii_digit())
        || !matches!(suffix, "" | "st" | "nd" | "rd" | "th")
    {
        return None;
    }
    digits.parse().ok()
}

fn year(word: &str) -> Option<i32> {
    (word.len() == 4 && word.bytes().all(|b| b.is_ascii_digit()))
        .then(|| word.parse().ok())
        .flatten()
        .filter(|y| (1900..=2100).contains(y))
}

/// The day of an ISO date, possibly followed by a time (`05`, `05T10`).
fn iso_day(word: &str) -> Option<u32> {
    let day = word.get(..2)?;
    let rest = word.get(2..)?;
    (day.bytes().all(|b| b.is_ascii_digit()) && (rest.is_empty() || rest.starts_with(['T', 't'])))
        .then(|| day.parse().ok())
        .flatten()
}

/// A gap between date words: spaces, a comma, a period.
fn soft_gap(gap: &str) -> bool {
    gap.len() <= 3 && gap.chars().all(|c| c == ' ' || c == ',' || c == '.')
}

/// The first date in `text`, with its byte range.
pub fn find_date(text: &str) -> Option<(NaiveDate, Range<usize>)> {
    // Every form has a year of four ASCII digits: most lines have none, and are not tokenized.
    let mut run = 0;
    if !text.bytes().any(|b| {
        run = if b.is_ascii_digit() { run + 1 } else { 0 };
        run == 4
    }) {
        return None;
    }
    let toks = tokens(text);
    for i in 0..toks.len() {
        let Some(window) = toks.get(i..i + 3) else {
            break;
        };
        let w = [0, 1, 2].map(|k| &text[window[k].0..window[k].1]);
        let gap1 = &text[window[0].1..window[1].0];
        let gap2 = &text[window[1].1..window[2].0];
        let range = window[0].0..window[2].1;
        // 2019-11-05, 2019/11/05
        if let (Some(y), Some(m), Some(d)) = (year(w[0]), number(w[1], 2), iso_day(w[2])) {
            if (gap1 == "-" || gap1 == "/") && gap1 == gap2 && w[1].len() == 2 {
                if let Some(date) = NaiveDate::from_ymd_opt(y, m, d) {
                    return Some((date, range));
                }
            }
        }
        if !soft_gap(gap1) || !soft_gap(gap2) {
            continue;
        }
        // 5 November 2019
        if let (Some(d), Some(m), Some(y)) = (number(w[0], 2), month(w[1]), year(w[2])) {
            if let Some(date) = NaiveDate::from_ymd_opt(y, m, d) {
                return Some((date, range));
            }
        }
        // November 5, 2019
        if let (Some(m), Some(d), Some(y)) = (month(w[0]), number(w[1], 2), year(w[2])) {
            if let Some(date) = NaiveDate::from_ymd_opt(y, m, d) {
                return Some((date, range));
            }
        }
    }
    None
}

/// Text that can stand beside a date or a name on a metadata line: a few words, each
/// capitalised, a number, or a metadata word ("Published", "on", "GMT").
fn meta_words(text: &str, max_words: usize) -> bool {
    let toks = tokens(text);
    toks.len() <= max_words
        && toks.iter().all(|&(s, e)| {
            let w = &text[s..e];
            w.chars()
                .next()
                .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit())
                || META_WORDS.contains(&w.to_lowercase().as_str())
        })
}

/// A byline ("By Jane Doe, Staff Writer") or a standalone date line ("Published: 5 November
/// 2019"): `Some` with the date it states, if any.
pub fn meta_line(line: &str) -> Option<Option<NaiveDate>> {
    if line.chars().count() > META_MAX_CHARS {
        return None;
    }
    let found = find_date(line);
    if let Some(opener) = byline_opener(line) {
        let rest = line.get(opener.len()..).unwrap_or("");
        let rest = match &found {
            Some((_, r)) if r.start >= opener.len() => {
                let before = line.get(opener.len()..r.start).unwrap_or("");
                format!("{before} {}", line.get(r.end..).unwrap_or(""))
            }
            _ => rest.to_string(),
        };
        let named = rest
            .chars()
            .find(|c| c.is_alphabetic())
            .is_some_and(char::is_uppercase);
        if named && meta_words(&rest, 14) {
            return Some(found.map(|(d, _)| d));
        }
        return None;
    }
    if found.is_none() && job_title_line(line) {
        return Some(None);
    }
    let (date, range) = found?;
    let rest = format!("{} {}", &line[..range.start], &line[range.end..]);
    meta_words(&rest, 8).then_some(Some(date))
}

/// A byline's second line: a reporter's job title alone ("Local Democracy Reporter", "Senior
/// Business Correspondent"), in title case, ending in a word for someone who writes.
fn job_title_line(line: &str) -> bool {
    const WRITERS: [&str; 7] = [
        "reporter",
        "correspondent",
        "editor",
        "writer",
        "columnist",
        "contributor",
        "journalist",
    ];
    // Every line is asked: the last word is compared without lowercasing a copy.
    let last = line
        .rsplit(' ')
        .next()
        .unwrap_or("")
        .trim_end_matches(['.', ',', '|']);
    WRITERS.iter().any(|w| w.eq_ignore_ascii_case(last))
        && !matches!(
            line.split(' ').next(),
            Some("The" | "A" | "An" | "Our" | "Your")
        )
        && meta_words(line, 5)
}

/// The byline opener `line` starts with ("By ", "Written by "…), in any case.
fn byline_opener(line: &str) -> Option<&'static str> {
    let head = &line.as_bytes()[..line.len().min(32)];
    if head.is_ascii() {
        // The common case, without lowercasing: the openers are ASCII and shorter than the head.
        return BYLINE_OPENERS
            .iter()
            .find(|o| {
                head.get(..o.len())
                    .is_some_and(|h| h.eq_ignore_ascii_case(o.as_bytes()))
            })
            .copied();
    }
    let head: String = line.chars().take(32).flat_map(char::to_lowercase).collect();
    BYLINE_OPENERS
        .iter()
        .find(|o| head.starts_with(*o))
        .copied()
}

/// The name on a byline line ("By Ruth Cole, Business Editor" → "Ruth Cole"): two to four
/// capitalised words.
pub fn byline_name(line: &str) -> Option<String> {
    let opener = byline_opener(line)?;
    let rest = line.get(opener.len()..)?;
    let end = rest
        .find([',', '|', ';', '(', '\u{2014}', '\u{2013}'])
        .unwrap_or(rest.len());
    let name = rest[..end].split(" and ").next()?.trim();
    let words: Vec<&str> = name.split_whitespace().collect();
    ((2..=4).contains(&words.len())
        && words
            .iter()
            .all(|w| w.chars().next().is_some_and(char::is_uppercase)))
    .then(|| name.to_string())
}

/// The date a seed states: on a metadata line, on a line before the story, or in a dateline
/// opening one of the story's first two paragraphs.
pub fn find_in_items(items: &[Item], run: Option<Range<usize>>) -> Option<NaiveDate> {
    let story_start = run.as_ref().map_or(items.len(), |r| r.start);
    if let Some(date) = items
        .iter()
        .filter(|i| i.kind == ItemKind::Meta)
        .find_map(|i| i.date)
    {
        return Some(date);
    }
    for item in items.iter().take(story_start) {
        if item.kind == ItemKind::Para && item.text.len() <= META_MAX_CHARS {
            if let Some((date, range)) = find_date(&item.text) {
                let rest = format!("{} {}", &item.text[..range.start], &item.text[range.end..]);
                if meta_words(&rest, 8) {
                    return Some(date);
                }
            }
        }
    }
    let run = run?;
    for item in items[run]
        .iter()
        .filter(|i| i.kind == ItemKind::Para)
        .take(2)
    {
        let head_end = floor_boundary(&item.text, DATELINE_BYTES);
        if let Some((date, range)) = find_date(&item.text[..head_end]) {
            if meta_words(&item.text[..range.start], 6) {
                return Some(date);
            }
        }
    }
    None
}

/// The largest char boundary at or below `at`.
fn floor_boundary(text: &str, at: usize) -> usize {
    let mut i = at.min(text.len());
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn dates() {
        assert_eq!(
            find_date("Published: 5 November 2019").map(|x| x.0),
            Some(d(2019, 11, 5))
        );
        assert_eq!(find_date("Nov. 5, 2019").map(|x| x.0), Some(d(2019, 11, 5)));
        assert_eq!(
            find_date("on 2019-11-05T10:00Z").map(|x| x.0),
            Some(d(2019, 11, 5))
        );
        assert_eq!(
            find_date("the 21st March 2024 meeting").map(|x| x.0),
            Some(d(2024, 3, 21))
        );
        assert_eq!(find_date("31 February 2019"), None);
        assert_eq!(find_date("in May 2019 sales"), None);
    }

    #[test]
    fn byline_names() {
        assert_eq!(
            byline_name("By Ruth Cole, Business Editor").as_deref(),
            Some("Ruth Cole")
        );
        assert_eq!(
            byline_name("By Elena Marsh and Theo Grant | May 1").as_deref(),
            Some("Elena Marsh")
        );
        assert_eq!(byline_name("By Tuesday"), None);
    }

    #[test]
    fn meta_lines() {
        assert_eq!(
            meta_line("Published: 5 November 2019"),
            Some(Some(d(2019, 11, 5)))
        );
        assert_eq!(
            meta_line("Updated 14:02 GMT, Tuesday 12 March 2024"),
            Some(Some(d(2024, 3, 12)))
        );
        assert_eq!(
            meta_line("By Jane Doe | November 5, 2019"),
            Some(Some(d(2019, 11, 5)))
        );
        assert_eq!(meta_line("By JANE DOE, Staff Writer"), Some(None));
        assert_eq!(meta_line("Local Democracy Reporter"), Some(None));
        assert_eq!(meta_line("Senior Business Correspondent"), Some(None));
        assert_eq!(meta_line("She is a reporter"), None);
        assert_eq!(meta_line("The Editor"), None);
        assert_eq!(meta_line("By Tuesday, the water had gone."), None);
        assert_eq!(meta_line("The vote is on 5 November 2019."), None);
        assert_eq!(meta_line("The council met."), None);
    }
}
