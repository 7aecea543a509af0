//! Facts: quantities with what they count, measures with conversions, money, percentages,
//! dates and times (relative ones resolved against the briefing's date), durations, ordinals
//! and ranges.
//!
//! The body is read through `tokens`: markdown escapes are undone (`1\.2` reads as `1.2`)
//! and the text is cut into words, numbers and marks that keep their raw byte ranges. One
//! left-to-right pass then tries, at each token, the date matchers (`dates`, `relative`) and
//! the numeric matchers (`numbers`, `ranges`, `measures`, `durations`); the longest match wins
//! (dates win ties, and a year the date rules accept beats a longer quantity: "the 2019
//! budget") and the scan resumes after it, so facts come out in reading order and never
//! overlap. Every matcher looks a bounded number of tokens ahead: the pass is linear. Word
//! lists live in `src/annotate/data/facts/` and are parsed once (`lexicon`).
//!
//! Conventions:
//! * A quantity's `text` spans its approximating words, the number and what it counts
//!   ("around 1,000 ISIS fighters"); `counts` holds the counted words ("ISIS fighters").
//!   Measures, money, percentages and durations span the modifier, number and unit only.
//! * Plural scale words are approximate and valued at the scale itself: "thousands of" is
//!   1000, "dozens" 12, "tens of thousands" 10000 (the lower order of magnitude).
//! * "one" or "a" alone is a determiner, not a quantity ("One of them left"); it counts only
//!   with a scale ("one million"), a unit ("one mile") or a time unit after a duration word.
//! * A range's value is `[low, high]` (unit or currency in `unit`); a span of years
//!   ("2013-2014", "between 2014 and 2017") is a date with the interval "2013/2014", a span of
//!   days ("December 3 and 4") one like "2019-12-03/2019-12-04"; a decade is
//!   "1990/1999"; a week is an ISO week ("2019-W46"); a time alone is "T20:00", joined to its
//!   day when the phrase has one ("Tuesday at 8 p.m." → "2019-11-12T20:00").
//! * Prepositions stay out of date and time spans ("at noon" → "noon"); "around 9 p.m." is an
//!   approximate time. Frequencies ("every week", "every Friday") are no facts.
//! * `relative` marks deictic expressions ("yesterday", "last Tuesday", "two years ago", "a few
//!   days later"); they are resolved when the reference date allows, else `null`.
//! * `display` is a short tooltip that does not repeat `counts` or the approximation (the
//!   renderer adds those): "370 miles ≈ 595 km", "US$4.5 billion", "November 2019",
//!   "Tuesday 12 November 2019, 20:00", "8 months", "≈ 1,000".
//! * A month or day without a year takes the reference year, or the year before when it
//!   falls after the reference date in a past-tense sentence (a verb in -ed or a marker such
//!   as "was", "took", "ago") that does not speak of the future ("will", "next"…). A bare
//!   weekday is the latest such day on or before the reference date (the next one after it in
//!   a future sentence). Without a reference date such dates are `relative` with a null value.

mod dates;
mod durations;
pub(crate) mod lexicon;
mod measures;
mod numbers;
mod numeric_dates;
mod ranges;
mod relative;
pub(crate) mod tokens;

use super::{Context, Fact, FactKind, Origin};
use lexicon::{Lexicon, Set};
use serde_json::Value;
use tokens::{Clean, Tok};

/// A match in token indices, before it becomes a [`Fact`].
#[derive(Debug, Clone)]
pub(crate) struct Cand {
    pub start: usize,
    pub end: usize,
    pub kind: FactKind,
    pub value: Value,
    pub unit: Option<String>,
    pub approx: bool,
    pub relative: bool,
    pub counts: Option<String>,
    pub display: Option<String>,
}

impl Cand {
    pub fn new(start: usize, end: usize, kind: FactKind, value: Value) -> Cand {
        Cand {
            start,
            end,
            kind,
            value,
            unit: None,
            approx: false,
            relative: false,
            counts: None,
            display: None,
        }
    }
}

/// The scanner's state: tokens, lexicon, reference date and per-sentence tense.
pub(crate) struct Scan<'a> {
    pub toks: Vec<Tok<'a>>,
    pub lex: &'static Lexicon,
    pub ctx: Context,
}

impl<'a> Scan<'a> {
    fn new(toks: Vec<Tok<'a>>, ctx: &Context) -> Scan<'a> {
        Scan {
            toks,
            lex: lexicon::get(),
            ctx: *ctx,
        }
    }

    /// The token at `i`, if any.
    pub fn t(&self, i: usize) -> Option<&Tok<'a>> {
        self.toks.get(i)
    }

    /// The lowercase word at `i` ("" for non-words and past the end).
    pub fn w(&self, i: usize) -> &str {
        match self.toks.get(i) {
            Some(t) if t.is_word() => &t.lc,
            _ => "",
        }
    }

    /// The word before `i`, skipping nothing ("" at the start).
    pub fn prev_w(&self, i: usize) -> &str {
        i.checked_sub(1).map_or("", |p| self.w(p))
    }

    /// Is the token at `i` glued to the previous one?
    pub fn adj(&self, i: usize) -> bool {
        self.toks.get(i).is_some_and(|t| t.adj)
    }

    pub fn is_punct(&self, i: usize, c: &str) -> bool {
        self.toks.get(i).is_some_and(|t| t.is_punct(c))
    }

    pub fn is_dash(&self, i: usize) -> bool {
        self.toks.get(i).is_some_and(|t| t.is_dash())
    }

    /// Whether a word of the sentence of token `i` satisfies `test` (called with the word's
    /// index). Looks at most 60 tokens either way, so the cost stays bounded on endless
    /// sentences.
    fn sentence_has(&self, i: usize, test: impl Fn(usize) -> bool) -> bool {
        let Some(sent) = self.toks.get(i).map(|t| t.sent) else {
            return false;
        };
        let lo = i.saturating_sub(60);
        let hi = (i + 60).min(self.toks.len());
        (lo..hi).any(|k| {
            let t = &self.toks[k];
            t.sent == sent && t.is_word() && test(k)
        })
    }

    /// Does the sentence of token `i` speak of the future?
    ///
    /// Markers in -ed ("expected", "planned", "scheduled") are past forms too: they make the
    /// sentence future only when nothing else in it is past ("the vote expected in March" is
    /// future; "shares rose on Thursday after it said it expected…" is not).
    pub fn future_at(&self, i: usize) -> bool {
        let marker = |k: usize, past_form: bool| {
            let lc = &self.toks[k].lc;
            (self.lex.is(Set::Future, lc) && lc.ends_with("ed") == past_form)
                || (!past_form && lc == "set" && self.toks.get(k + 1).is_some_and(|n| n.lc == "to"))
        };
        self.sentence_has(i, |k| marker(k, false))
            || (self.sentence_has(i, |k| marker(k, true))
                && !self.sentence_has(i, |k| self.past_word(k) && !marker(k, true)))
    }

    /// Is the date phrase of tokens `i..e` told with a past-tense verb right beside it ("on
    /// Monday approved", "approved on Monday")? That verb settles the tense, whatever else the
    /// sentence holds ("approved a plan to…" is past, though "plan" may speak of the future).
    /// Not after an auxiliary of what is to come ("will be held on Monday").
    pub fn past_beside(&self, i: usize, e: usize) -> bool {
        let same_sentence =
            |k: usize| self.toks.get(k).map(|t| t.sent) == self.toks.get(i).map(|t| t.sent);
        let past_verb = |k: usize| {
            same_sentence(k)
                && self.toks[k].is_word()
                && self.past_word(k)
                && !self.lex.is(Set::Future, &self.toks[k].lc)
                && !matches!(
                    self.prev_w(k),
                    "be" | "been" | "to" | "will" | "would" | "shall" | "'ll"
                )
        };
        let before = match i.checked_sub(1) {
            Some(b) if self.w(b) == "on" => b.checked_sub(1),
            b => b,
        };
        (e < self.toks.len() && past_verb(e)) || before.is_some_and(past_verb)
    }

    /// Does the sentence of token `i` speak of the past (a past-tense verb or marker)?
    pub fn past_at(&self, i: usize) -> bool {
        self.sentence_has(i, |k| self.past_word(k))
    }

    /// Is token `k` a past-tense verb or a marker of the past ("ago", "earlier")?
    fn past_word(&self, k: usize) -> bool {
        let lc = &self.toks[k].lc;
        (lc.len() > 4 && lc.ends_with("ed") && !self.lex.is(Set::NotPast, lc))
            || self.lex.is(Set::Past, lc)
    }

    /// Does the lowercase word sequence `ws` start at token `i` (hyphens may stand for
    /// spaces)? Returns the end token index.
    pub fn seq(&self, i: usize, ws: &[String]) -> Option<usize> {
        let mut j = i;
        for (k, w) in ws.iter().enumerate() {
            if k > 0 && self.is_dash(j) && w.chars().next().is_some_and(char::is_alphanumeric) {
                j += 1;
            }
            let t = self.toks.get(j)?;
            let ok = if t.is_word() {
                t.lc == *w
            } else {
                lowercase_is(t.text, w)
            };
            if !ok || t.kind == tokens::K::Break {
                return None;
            }
            j += 1;
        }
        Some(j)
    }

    /// The cleaned words of tokens `[s, e)`, spaced as written.
    pub fn words(&self, s: usize, e: usize) -> String {
        let mut out = String::new();
        for k in s..e.min(self.toks.len()) {
            let t = &self.toks[k];
            if k > s && !t.adj {
                out.push(' ');
            }
            out.push_str(t.text);
        }
        out
    }
}

/// `text.to_lowercase() == w`, without the copy when `text` is ASCII.
fn lowercase_is(text: &str, w: &str) -> bool {
    if text.is_ascii() {
        text.len() == w.len()
            && text
                .bytes()
                .zip(w.bytes())
                .all(|(a, b)| a.to_ascii_lowercase() == b)
    } else {
        text.to_lowercase() == w
    }
}

/// A number as JSON: an integer when it is one, `null` when not finite.
pub(crate) fn json_num(v: f64) -> Value {
    if v.is_finite() && v.fract() == 0.0 && v.abs() < 9.0e15 {
        Value::from(v as i64)
    } else {
        serde_json::Number::from_f64(v).map_or(Value::Null, Value::Number)
    }
}

/// A number for people: thousands separated, at most `prec` decimals, trailing zeros cut.
pub(crate) fn fmt_num(v: f64, prec: usize) -> String {
    use std::fmt::Write;
    if !v.is_finite() {
        return "?".into();
    }
    // Whole numbers (most of them) print as integers: the same digits without the float
    // formatter's slow exact path, and without the formatting machinery at all.
    if v.fract() == 0.0 && v.abs() < 9.0e15 {
        return fmt_whole(v);
    }
    let mut digits = String::with_capacity(24);
    let _ = write!(digits, "{:.*}", prec, v.abs());
    let (int, frac) = match digits.split_once('.') {
        Some((i, f)) => (i, f.trim_end_matches('0')),
        None => (digits.as_str(), ""),
    };
    let mut out = String::with_capacity(int.len() + int.len() / 3 + frac.len() + 2);
    if v < 0.0 {
        out.push('-');
    }
    // `int` is ASCII digits: byte indices are char indices.
    for (k, c) in int.char_indices() {
        if k > 0 && (int.len() - k) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    if !frac.is_empty() {
        out.push('.');
        out.push_str(frac);
    }
    out
}

/// [`fmt_num`] of a whole number below 9e15: its digits in groups of three.
fn fmt_whole(v: f64) -> String {
    let mut n = v.abs() as u64;
    // The digits, last first.
    let mut buf = [0u8; 20];
    let mut len = 0;
    loop {
        buf[len] = b'0' + (n % 10) as u8;
        len += 1;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    let mut out = String::with_capacity(len + len / 3 + 1);
    if v < 0.0 {
        out.push('-');
    }
    for k in (0..len).rev() {
        out.push(char::from(buf[k]));
        if k > 0 && k % 3 == 0 {
            out.push(',');
        }
    }
    out
}

/// A large number in words: 4500000000 → "4.5 billion".
pub(crate) fn fmt_short(v: f64) -> String {
    for (scale, name) in [(1e12, "trillion"), (1e9, "billion"), (1e6, "million")] {
        if v.abs() >= scale {
            return format!("{} {}", fmt_num(v / scale, 2), name);
        }
    }
    fmt_num(v, 2)
}

/// Finds the facts of `body`, in reading order.
pub fn find(body: &str, ctx: &Context) -> Vec<Fact> {
    let clean = Clean::new(body);
    find_in(body, &clean, &clean.text.to_ascii_lowercase(), ctx)
}

/// [`find`] with the body's clean view and its ASCII-lowercased copy already made (see
/// [`super::text::Prose`]).
pub fn find_in(body: &str, clean: &Clean, lower: &str, ctx: &Context) -> Vec<Fact> {
    let toks = tokens::tokenize(clean, lower, body.len());
    let scan = Scan::new(toks, ctx);
    let n = scan.toks.len();
    let mut out = Vec::new();
    let mut i = 0;
    while i < n {
        let mut best: Option<Cand> = dates::at(&scan, i);
        if let Some(c) = numbers::may_start(&scan, i)
            .then(|| numbers::at(&scan, i))
            .flatten()
        {
            // A year the date rules accepted stays a year ("the 2019 budget").
            let year = best.as_ref().is_some_and(|b| b.end == i + 1);
            let take = match &best {
                None => true,
                Some(b) => c.end > b.end && !(year && c.kind == FactKind::Quantity),
            };
            if take {
                best = Some(c);
            }
        }
        match best {
            Some(c) if c.end > i && c.start >= i => {
                i = c.end;
                if let Some(f) = to_fact(&scan, body, c) {
                    out.push(f);
                }
            }
            _ => i += 1,
        }
    }
    tokens::give_back(scan.toks);
    out
}

/// A resolved ISO date or time for people: "2019-11" → "November 2019", "2019-11-12" →
/// "Tuesday 12 November 2019", "2019-W46" → "week 46 of 2019", "T20:00" → "20:00".
pub(crate) fn describe(value: &str) -> Option<String> {
    use chrono::{NaiveDate, NaiveTime};
    let (date, time) = match value.split_once('T') {
        Some((d, t)) => (d, Some(t)),
        None => (value, None),
    };
    let time = match time {
        Some(t) if is_plain_time(t) => Some(t.to_string()),
        Some(t) => Some(
            NaiveTime::parse_from_str(t, "%H:%M")
                .ok()?
                .format("%H:%M")
                .to_string(),
        ),
        None => None,
    };
    let d = if date.is_empty() {
        None
    } else if let Some(d) = describe_plain_date(date) {
        d
    } else if let Some((y, w)) = date.split_once("-W") {
        Some(format!("week {} of {}", w.trim_start_matches('0'), y))
    } else {
        match date.len() {
            4 => Some(date.to_string()),
            7 => NaiveDate::parse_from_str(&format!("{date}-01"), "%Y-%m-%d")
                .ok()
                .map(|d| d.format("%B %Y").to_string()),
            10 => NaiveDate::parse_from_str(date, "%Y-%m-%d")
                .ok()
                .map(|d| d.format("%A %-d %B %Y").to_string()),
            _ => None,
        }
    };
    match (d, time) {
        (Some(d), Some(t)) => Some(format!("{d}, {t}")),
        (Some(d), None) => Some(d),
        (None, Some(t)) => Some(t),
        (None, None) => None,
    }
}

/// chrono's `%B` and `%A`, for [`describe_plain_date`].
const MONTH_NAMES: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];
const WEEKDAY_NAMES: [&str; 7] = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];

/// The value of `s` when it is all ASCII digits.
fn digits(s: &str) -> Option<u32> {
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

/// "HH:MM" with a valid hour and minute: chrono would parse and print it unchanged.
fn is_plain_time(t: &str) -> bool {
    t.len() == 5
        && t.as_bytes()[2] == b':'
        && digits(&t[..2]).is_some_and(|h| h < 24)
        && digits(&t[3..]).is_some_and(|m| m < 60)
}

/// [`describe`]'s day and month dates ("YYYY-MM-DD", "YYYY-MM", years 1000 to 9999) without
/// chrono's format strings, which are parsed on every call and were a good part of the cost
/// of a date fact; the same text as `%A %-d %B %Y` and `%B %Y`. `None` for any other shape
/// (the general path decides), `Some(None)` for an impossible date.
fn describe_plain_date(date: &str) -> Option<Option<String>> {
    let b = date.as_bytes();
    if !(date.len() == 7 || date.len() == 10) || b[4] != b'-' {
        return None;
    }
    let y = digits(date.get(..4)?).filter(|y| (1000..=9999).contains(y))?;
    let m = digits(date.get(5..7)?)?;
    if date.len() == 7 {
        let name = MONTH_NAMES.get((m as usize).checked_sub(1)?)?;
        return Some(Some(format!("{name} {y}")));
    }
    if b[7] != b'-' {
        return None;
    }
    let d = digits(date.get(8..10)?)?;
    let Some(day) = chrono::NaiveDate::from_ymd_opt(y as i32, m, d) else {
        return Some(None);
    };
    use chrono::Datelike;
    let weekday = WEEKDAY_NAMES[day.weekday().num_days_from_monday() as usize];
    let month = MONTH_NAMES[m as usize - 1];
    Some(Some(format!("{weekday} {d} {month} {y}")))
}

fn to_fact(scan: &Scan, body: &str, mut c: Cand) -> Option<Fact> {
    if matches!(c.kind, FactKind::Date | FactKind::Time) {
        match c.value.as_str() {
            Some(v) if !v.contains('/') => {
                if let Some(d) = describe(v) {
                    c.display = Some(d);
                }
            }
            Some(_) => {}
            None => c.display = None,
        }
    }
    let first = scan.toks.get(c.start)?;
    let last = scan.toks.get(c.end.checked_sub(1)?)?;
    let (start, end) = (first.raw_s, last.raw_e);
    if start >= end || end > body.len() || !body.is_char_boundary(start) {
        return None;
    }
    if !body.is_char_boundary(end) {
        return None;
    }
    Some(Fact {
        text: scan.words(c.start, c.end),
        kind: c.kind,
        value: c.value,
        unit: c.unit,
        approximate: c.approx,
        start,
        end,
        relative: c.relative,
        counts: c.counts,
        display: c.display,
        note: None,
        source: None,
        origin: Origin::Automatic,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_map_back_to_raw_offsets() {
        let body = r"It is 370\-mile long \(1\.2 million\)";
        let clean = Clean::new(body);
        assert_eq!(clean.text, "It is 370-mile long (1.2 million)");
        let lower = clean.text.to_ascii_lowercase();
        let toks = tokens::tokenize(&clean, &lower, body.len());
        let texts: Vec<&str> = toks.iter().map(|t| &body[t.raw_s..t.raw_e]).collect();
        assert!(texts.contains(&r"\-"), "{texts:?}");
        assert!(texts.contains(&r"1\.2"), "{texts:?}");
        assert!(texts.contains(&r"\("), "{texts:?}");
    }

    #[test]
    fn dates_described_for_people() {
        assert_eq!(describe("2019-11").as_deref(), Some("November 2019"));
        assert_eq!(
            describe("2019-11-12").as_deref(),
            Some("Tuesday 12 November 2019")
        );
        assert_eq!(describe("2019-W46").as_deref(), Some("week 46 of 2019"));
        assert_eq!(
            describe("2019-11-12T20:00").as_deref(),
            Some("Tuesday 12 November 2019, 20:00")
        );
        assert_eq!(describe("T08:30").as_deref(), Some("08:30"));
        assert_eq!(describe("2019").as_deref(), Some("2019"));
        assert_eq!(describe("garbage"), None);
    }

    #[test]
    fn numbers_format_for_people() {
        assert_eq!(fmt_num(1234567.0, 0), "1,234,567");
        assert_eq!(fmt_num(0.25, 2), "0.25");
        assert_eq!(fmt_num(-1500.5, 1), "-1,500.5");
        assert_eq!(fmt_short(4.5e9), "4.5 billion");
        assert_eq!(json_num(1000.0), serde_json::json!(1000));
        assert_eq!(json_num(f64::INFINITY), Value::Null);
    }

    #[test]
    fn facts_in_escaped_markdown_span_the_raw_text() {
        let ctx = Context {
            reference_date: chrono::NaiveDate::from_ymd_opt(2019, 11, 18),
        };
        let body = r"Aid reached \$4\.5bn; the 370\-mile border; 1\.2 million people\.";
        let facts = find(body, &ctx);
        let raw: Vec<&str> = facts.iter().map(|f| &body[f.start..f.end]).collect();
        assert_eq!(raw, vec![r"\$4\.5bn", r"370\-mile", r"1\.2 million people"]);
        assert_eq!(facts[0].text, "$4.5bn");
        assert_eq!(facts[0].value, serde_json::json!(4_500_000_000u64));
        assert_eq!(facts[1].text, "370-mile");
        assert_eq!(facts[2].value, serde_json::json!(1_200_000));
    }
}
