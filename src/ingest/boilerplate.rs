//! Boilerplate removal: splits seed text into blocks, finds the title, and keeps the main run of
//! prose, dropping ad-blocker notices, share lines, navigation and other page furniture.
//!
//! The phrase rules are data: `data/boilerplate.txt` (lines dropped wherever they stand alone),
//! `data/section_end.txt` (headings after which no story text continues), plus the lines of
//! `[ingest] boilerplate` in `gloss.toml`. See [`PatternSet`] for the matching rules.

use super::blocks::{self, Item, ItemKind};
use super::{classify, dateline, title, Ingested};
use aho_corasick::{AhoCorasick, MatchKind};
use std::collections::HashSet;
use std::sync::OnceLock;

/// Boilerplate rules: the built-in list plus lines from `gloss.toml`.
#[derive(Debug, Clone, Default)]
pub struct Rules {
    pub extra: Vec<String>,
    pub no_defaults: bool,
}

/// Lines longer than this (in words) are never matched by a prefix/suffix/contains pattern of
/// the built-in list, so one phrase never drops a story sentence.
const PATTERN_MAX_WORDS: usize = 30;

/// How one phrase pattern is anchored.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Anchor {
    Prefix,
    Suffix,
    Contains,
}

/// A compiled list of whole-line phrase patterns: exact lines (`foo`), prefixes (`foo*`),
/// suffixes (`*foo`) and infixes (`*foo*`), all case-insensitive on whitespace-collapsed text.
#[derive(Debug, Default)]
pub struct PatternSet {
    exact: HashSet<String>,
    /// Patterns with a `*` inside: the pieces in order, and whether the ends are anchored.
    globs: Vec<(Vec<String>, bool, bool)>,
    anchors: Vec<Anchor>,
    automaton: Option<AhoCorasick>,
    /// Lines with more words than this are only matched exactly.
    max_words: usize,
    /// The most words in an exact pattern (longer lines cannot match one).
    max_exact_words: usize,
}

impl PatternSet {
    /// Compiles pattern lines (blank lines and `#` comments skipped).
    pub fn new<'a>(lines: impl IntoIterator<Item = &'a str>, max_words: usize) -> PatternSet {
        let mut set = PatternSet {
            max_words,
            ..PatternSet::default()
        };
        let mut needles: Vec<String> = Vec::new();
        for raw in lines {
            let line = raw.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let starts = line.starts_with('*');
            let ends = line.len() > 1 && line.ends_with('*');
            let inner = line.trim_start_matches('*').trim_end_matches('*');
            if inner.contains('*') {
                let pieces: Vec<String> = inner
                    .split('*')
                    .map(loose_key)
                    .filter(|p| !p.is_empty())
                    .collect();
                if !pieces.is_empty() {
                    set.globs.push((pieces, !starts, !ends));
                }
                continue;
            }
            let anchor = match (starts, ends) {
                (false, false) => {
                    let key = exact_key(line);
                    if !key.is_empty() {
                        set.max_exact_words = set.max_exact_words.max(key.split(' ').count());
                        set.exact.insert(key);
                    }
                    continue;
                }
                (false, true) => Anchor::Prefix,
                (true, false) => Anchor::Suffix,
                (true, true) => Anchor::Contains,
            };
            let needle = loose_key(inner);
            if needle.is_empty() {
                continue;
            }
            needles.push(needle);
            set.anchors.push(anchor);
        }
        if !needles.is_empty() {
            set.automaton = AhoCorasick::builder()
                .match_kind(MatchKind::Standard)
                .build(&needles)
                .ok();
        }
        set
    }

    /// True when `line` (already whitespace-collapsed) matches a pattern.
    pub fn matches(&self, line: &str) -> bool {
        self.matches_line(&Line::new(line))
    }

    /// True when `line` matches a pattern.
    pub fn matches_line(&self, line: &Line) -> bool {
        if line.text.len() > 4000 {
            return false;
        }
        let words = line.words;
        if words <= self.max_exact_words + 2 && self.exact.contains(exact_part(line.key())) {
            return true;
        }
        if (self.automaton.is_none() && self.globs.is_empty()) || words > self.max_words {
            return false;
        }
        let key = line.key();
        if self
            .globs
            .iter()
            .any(|(pieces, start, end)| glob_match(key, pieces, *start, *end))
        {
            return true;
        }
        let Some(ac) = &self.automaton else {
            return false;
        };
        ac.find_overlapping_iter(key)
            .any(|m| match self.anchors.get(m.pattern().as_usize()) {
                Some(Anchor::Prefix) => m.start() == 0,
                Some(Anchor::Suffix) => m.end() == key.len(),
                Some(Anchor::Contains) => true,
                None => false,
            })
    }
}

/// A line as the pattern sets see it, its words counted and its [`loose_key`] made once for
/// all of them (every line of a seed is asked whether it is furniture or a section end).
pub struct Line<'a> {
    text: &'a str,
    words: usize,
    key: std::cell::OnceCell<String>,
}

impl<'a> Line<'a> {
    /// `text`: already whitespace-collapsed.
    pub fn new(text: &'a str) -> Line<'a> {
        Line {
            text,
            words: crate::util::word_count(text),
            key: std::cell::OnceCell::new(),
        }
    }

    fn key(&self) -> &str {
        self.key.get_or_init(|| loose_key(self.text))
    }
}

/// `pieces` found in order in `key` (greedy leftmost, which is exact for `*` globs); `start`
/// and `end` anchor the first and last piece to the ends of `key`.
fn glob_match(key: &str, pieces: &[String], start: bool, end: bool) -> bool {
    let mut rest = key;
    for (i, piece) in pieces.iter().enumerate() {
        let last = i + 1 == pieces.len();
        if i == 0 && start {
            match rest.strip_prefix(piece.as_str()) {
                Some(r) => rest = r,
                None => return false,
            }
            if last && end {
                return rest.is_empty();
            }
            continue;
        }
        if last && end {
            return rest.ends_with(piece.as_str());
        }
        match rest.find(piece.as_str()) {
            Some(at) => rest = &rest[at + piece.len()..],
            None => return false,
        }
    }
    true
}

/// Lowercase, curly apostrophes and quotes straightened, whitespace collapsed.
fn loose_key(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut space = false;
    for c in text.chars() {
        if c.is_whitespace() {
            space = !out.is_empty();
            continue;
        }
        if space {
            out.push(' ');
            space = false;
        }
        match c {
            'A'..='Z' => out.push(c.to_ascii_lowercase()),
            c if c.is_ascii() => out.push(c),
            '\u{2018}' | '\u{2019}' | '\u{02BC}' => out.push('\''),
            '\u{201C}' | '\u{201D}' => out.push('"'),
            c => out.extend(c.to_lowercase()),
        }
    }
    out
}

/// [`loose_key`] without leading bullets and trailing punctuation: `• Share this:` → `share this`.
fn exact_key(text: &str) -> String {
    exact_part(&loose_key(text)).to_string()
}

/// The part of a loose key that exact patterns compare: see [`exact_key`].
fn exact_part(key: &str) -> &str {
    // A trailing count: "Comments (12)", "Discussion (3)".
    let key = match key.strip_suffix(')').and_then(|k| k.rsplit_once(" (")) {
        Some((head, n)) if !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()) => head,
        _ => key,
    };
    key.trim_start_matches(|c: char| "•·*-–—>»›|#+~".contains(c) || c.is_whitespace())
        .trim_end_matches(|c: char| ".:!?…»›>|-–—•·*".contains(c) || c.is_whitespace())
}

/// The built-in lists, compiled once.
struct Defaults {
    boilerplate: PatternSet,
    section_end: PatternSet,
}

fn defaults() -> &'static Defaults {
    static DEFAULTS: OnceLock<Defaults> = OnceLock::new();
    DEFAULTS.get_or_init(|| Defaults {
        boilerplate: PatternSet::new(
            include_str!("data/boilerplate.txt").lines(),
            PATTERN_MAX_WORDS,
        ),
        section_end: PatternSet::new(include_str!("data/section_end.txt").lines(), 12),
    })
}

/// The rules of one run, compiled: what a line is.
pub struct Compiled<'a> {
    defaults: Option<&'a Defaults>,
    extra: PatternSet,
}

impl Compiled<'_> {
    pub fn new(rules: &Rules) -> Compiled<'static> {
        Compiled {
            defaults: if rules.no_defaults {
                None
            } else {
                Some(defaults())
            },
            extra: PatternSet::new(rules.extra.iter().map(String::as_str), usize::MAX),
        }
    }

    /// Whether the built-in word lists (furniture vocabulary) apply.
    pub fn use_defaults(&self) -> bool {
        self.defaults.is_some()
    }

    /// A boilerplate line, by the built-in list or the configured one.
    pub fn is_boilerplate(&self, line: &Line) -> bool {
        self.extra.matches_line(line)
            || self
                .defaults
                .is_some_and(|d| d.boilerplate.matches_line(line))
    }

    /// A heading after which the story does not continue ("Related stories", "Comments").
    pub fn is_section_end(&self, line: &Line) -> bool {
        self.defaults
            .is_some_and(|d| d.section_end.matches_line(line))
    }
}

/// Cleans decoded seed text into title and paragraphs.
pub fn clean(text: &str, rules: &Rules) -> Option<Ingested> {
    let compiled = Compiled::new(rules);
    let mut items: Vec<Item> = blocks::items(text, &compiled);
    if items.is_empty() {
        return None;
    }
    classify::classify(&mut items, compiled.use_defaults());
    let run = classify::main_run(&items);
    let picked = title::pick(&items, run.clone())?;
    let date = dateline::find_in_items(&items, run.clone());

    let mut paragraphs = Vec::new();
    let mut dropped = Vec::new();
    for (i, item) in items.into_iter().enumerate() {
        let keep = match &run {
            Some(r) => r.contains(&i) && item.kept_in_run(),
            None => item.kind == ItemKind::Para && !item.is_bad(),
        };
        if keep && !picked.removed.contains(&i) {
            paragraphs.push(item.text);
        } else {
            dropped.push(item.text);
        }
    }
    if paragraphs.is_empty() {
        return None;
    }
    Some(Ingested {
        title: picked.title,
        paragraphs,
        dropped,
        date,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pattern_kinds() {
        let set = PatternSet::new(
            [
                "Share this",
                "related:*",
                "*all rights reserved",
                "*cookie*",
            ],
            30,
        );
        assert!(set.matches("Share this:"));
        assert!(set.matches("• SHARE THIS"));
        assert!(set.matches("Share this (12)"));
        assert!(!set.matches("Share this with your friends"));
        assert!(set.matches("Related: Floods close coastal road"));
        assert!(!set.matches("Relatedly, the council agreed."));
        assert!(set.matches("© 2019 Harbour Media. All Rights Reserved"));
        assert!(set.matches("Our cookie policy has changed"));
        assert!(!set.matches(&"word ".repeat(40)));
        let set = PatternSet::new(["get the best of*delivered*", "follow*on twitter"], 30);
        assert!(set.matches("Get the best of The Record delivered to your inbox."));
        assert!(set.matches("Follow Jane on Twitter"));
        assert!(!set.matches("Follow Jane on Twitter today"));
        assert!(!set.matches("We get the best of it"));
    }

    #[test]
    fn defaults_cover_the_usual_furniture() {
        let c = Compiled::new(&Rules::default());
        for line in [
            "Ad Blocker Detected!",
            "Advertisements fund this website. Please disable your adblocking software or whitelist our website.",
            "Thank You!",
            "Click to share on Twitter (Opens in new window)",
            "Follow us on Instagram",
            "Read more: Council approves budget",
            "ADVERTISEMENT",
            "© 2019 The Harbour Gazette",
            "Image caption: Cyclists on Harbour Road. Photo: Press Association",
            "Media caption Residents describe the flooding",
            "We use cookies to give you the best experience. By continuing you agree.",
        ] {
            assert!(c.is_boilerplate(&Line::new(line)), "{line}");
        }
        for line in [
            "The council said it would share the costs.",
            "Thank you for coming, she said.",
        ] {
            assert!(!c.is_boilerplate(&Line::new(line)), "{line}");
        }
        let none = Compiled::new(&Rules {
            extra: vec!["Mirror Desk*".into()],
            no_defaults: true,
        });
        assert!(!none.is_boilerplate(&Line::new("Share this:")));
        assert!(none.is_boilerplate(&Line::new("mirror desk reports")));
    }
}
