//! Dates and times: years, decades, months, full dates, weekdays, times of day and relative
//! expressions ("earlier this year", "last Tuesday", "yesterday"), resolved against the
//! reference date when there is one.

use super::numbers;
use super::relative::{relative, weekday};
use super::tokens::K;
use super::{Cand, Scan};
use crate::annotate::FactKind;
use chrono::{Datelike, NaiveDate};
use serde_json::Value;

/// Prepositions that make a bare "May" a month, and a 4-digit number a year.
const DATE_LEAD: &[&str] = &[
    "in",
    "since",
    "by",
    "until",
    "till",
    "of",
    "from",
    "during",
    "before",
    "after",
    "early",
    "late",
    "mid",
    "through",
    "last",
    "next",
    "this",
    "between",
    "and",
    "to",
    "on",
    "around",
    "circa",
    "year",
    "spring",
    "summer",
    "autumn",
    "fall",
    "winter",
    "end",
    "beginning",
    "start",
    "middle",
    "the",
    "throughout",
    "as",
];

pub(super) fn date_val(d: NaiveDate) -> Value {
    Value::String(d.format("%Y-%m-%d").to_string())
}

/// The date fact at `i`, if one starts there.
pub fn at(scan: &Scan, i: usize) -> Option<Cand> {
    let t = scan.t(i)?;
    let c = match t.kind {
        K::Num => time(scan, i)
            .or_else(|| iso_date(scan, i))
            .or_else(|| super::numeric_dates::at(scan, i))
            .or_else(|| day_month(scan, i))
            .or_else(|| decade(scan, i))
            .or_else(|| year(scan, i)),
        K::Word => {
            let first = t.lc.as_ref();
            let lex = scan.lex;
            // Only a month's or weekday's shape is worth two lookups.
            let named = t.capitalized() && lex.may_be_date_name(first);
            if named && lex.months.contains_key(first) {
                month_first(scan, i)
            } else if (named && lex.weekdays.contains_key(first))
                || matches!(
                    first,
                    "yesterday"
                        | "today"
                        | "tonight"
                        | "tomorrow"
                        | "last"
                        | "next"
                        | "this"
                        | "earlier"
                        | "later"
                        | "the"
                        | "beginning"
                        | "start"
                        | "end"
                        | "middle"
                        | "noon"
                        | "midnight"
                        | "at"
                        | "by"
                        | "around"
                        | "after"
                        | "before"
                        | "until"
                        | "till"
                        | "past"
                        | "about"
                        | "approximately"
                )
            {
                weekday(scan, i)
                    .or_else(|| relative(scan, i))
                    .or_else(|| time(scan, i))
            } else {
                None
            }
        }
        K::Punct if matches!(t.text, "'" | "’" | "‘") => decade(scan, i + 1),
        _ => None,
    }?;
    Some(with_time(scan, c))
}

/// A date with day precision followed by a time ("Tuesday at 8 p.m."), merged into one fact.
fn with_time(scan: &Scan, c: Cand) -> Cand {
    if c.kind != FactKind::Date {
        return c;
    }
    let Some(day) = c
        .value
        .as_str()
        .filter(|s| s.len() == 10)
        .map(str::to_string)
    else {
        return c;
    };
    let mut j = c.end;
    if scan.is_punct(j, ",") {
        j += 1;
    }
    if matches!(scan.w(j), "at" | "around" | "about") {
        j += 1;
    }
    match time_of_day(scan, j) {
        Some((hm, e)) => {
            let mut m = c;
            m.end = e;
            m.kind = FactKind::Time;
            m.value = Value::String(format!("{day}T{hm}"));
            m.display = Some(format!("{day} {hm}"));
            m
        }
        None => c,
    }
}

/// A time of day at `i`, optionally followed by its date ("8 p.m. on Tuesday").
fn time(scan: &Scan, i: usize) -> Option<Cand> {
    // Prepositions lead in but stay out of the span: "at around 9 p.m." → "9 p.m.", approximate.
    let mut start = i;
    let mut approx = false;
    for _ in 0..2 {
        let w = scan.w(start);
        if matches!(
            w,
            "at" | "by"
                | "around"
                | "about"
                | "after"
                | "before"
                | "until"
                | "till"
                | "past"
                | "approximately"
        ) {
            approx |= matches!(w, "around" | "about" | "approximately");
            start += 1;
        }
    }
    let (hm, e) = time_of_day(scan, start)?;
    let mut c = Cand::new(start, e, FactKind::Time, Value::String(format!("T{hm}")));
    c.approx = approx;
    c.display = Some(hm.clone());
    let j = if scan.w(e) == "on" || scan.is_punct(e, ",") {
        e + 1
    } else {
        e
    };
    let day = if scan.t(j).is_some_and(|t| t.kind == K::Num) {
        day_month(scan, j)
    } else if scan.lex.months.contains_key(scan.w(j)) {
        month_first(scan, j)
    } else {
        weekday(scan, j).or_else(|| relative(scan, j))
    };
    if let Some(d) = day {
        if let Some(s) = d.value.as_str().filter(|s| s.len() == 10) {
            c.value = Value::String(format!("{s}T{hm}"));
            c.display = Some(format!("{s} {hm}"));
            c.end = d.end;
            c.relative = d.relative;
        }
    }
    Some(c)
}

/// "8 p.m.", "8:30am", "20:00", "at noon": ("20:00", end).
fn time_of_day(scan: &Scan, i: usize) -> Option<(String, usize)> {
    match scan.w(i) {
        "noon" | "midday" => return Some(("12:00".into(), i + 1)),
        "midnight" => return Some(("00:00".into(), i + 1)),
        _ => {}
    }
    let t = scan.t(i)?;
    let digits = t.kind == K::Num && t.text.bytes().all(|b| b.is_ascii_digit());
    // "0800 GMT", "1430 UTC": four digits with a time zone
    if digits && t.text.len() == 4 {
        let zone = matches!(scan.t(i + 1).map(|z| z.text), Some("GMT" | "UTC" | "Zulu"));
        let (h, m) = (
            t.text[..2].parse::<u32>().ok()?,
            t.text[2..].parse::<u32>().ok()?,
        );
        if zone && h < 24 && m < 60 {
            return Some((format!("{h:02}:{m:02}"), i + 2));
        }
        return None;
    }
    // "8.30pm": hours and minutes with a dot (the am/pm below is then required)
    let dotted = t.kind == K::Num
        && matches!(t.text.split_once('.'), Some((h, m)) if h.len() <= 2 && m.len() == 2);
    if !(digits && t.text.len() <= 2) && !dotted {
        return None;
    }
    let (h, mut m) = match t.text.split_once('.') {
        Some((h, m)) => (h.parse::<u32>().ok()?, m.parse::<u32>().ok()?),
        None => (t.text.parse::<u32>().ok()?, 0),
    };
    let mut j = i + 1;
    let mut colon = false;
    if scan.is_punct(j, ":") && scan.adj(j) {
        let mt = scan.t(j + 1)?;
        if mt.kind != K::Num || mt.text.len() != 2 || !mt.adj {
            return None;
        }
        m = mt.text.parse().ok()?;
        colon = true;
        j += 2;
    }
    // am / pm in their spellings: "p.m.", "pm", "PM", "p.m"
    let (pm, e) = match scan.w(j) {
        "pm" => (Some(true), j + 1),
        "am" if scan.adj(j) || colon || scan.t(j).is_some_and(|t| t.text == "AM") => {
            (Some(false), j + 1)
        }
        "p" | "a" if scan.is_punct(j + 1, ".") && scan.w(j + 2) == "m" => {
            let e = if scan.is_punct(j + 3, ".") {
                j + 4
            } else {
                j + 3
            };
            (Some(scan.w(j) == "p"), e)
        }
        _ => (None, j),
    };
    let h24 = match pm {
        Some(p) => {
            if !(1..=12).contains(&h) {
                return None;
            }
            match (p, h) {
                (true, 12) => 12,
                (true, h) => h + 12,
                (false, 12) => 0,
                (false, h) => h,
            }
        }
        None if colon && h < 24 => h,
        None => return None,
    };
    if m >= 60 {
        return None;
    }
    let mut e = e;
    if matches!(
        scan.t(e).map(|t| t.text),
        Some("GMT" | "UTC" | "ET" | "EST" | "EDT" | "BST" | "CET")
    ) {
        e += 1;
    } else if scan.w(e) == "local" && scan.w(e + 1) == "time" {
        e += 2;
    }
    Some((format!("{h24:02}:{m:02}"), e))
}

/// A month name at `i`: (month, end, abbreviated).
pub(super) fn month_at(scan: &Scan, i: usize) -> Option<(u32, usize, bool)> {
    let t = scan.t(i)?;
    if !t.capitalized() {
        return None;
    }
    let m = *scan.lex.months.get(t.lc.as_ref())?;
    let full = t.lc.len() > 4 || matches!(t.lc.as_ref(), "may" | "june" | "july");
    if !full && scan.is_punct(i + 1, ".") && scan.adj(i + 1) {
        return Some((m, i + 2, true));
    }
    Some((m, i + 1, !full))
}

/// A day of the month at `i` ("5", "5th"): (day, end).
fn day_at(scan: &Scan, i: usize) -> Option<(u32, usize)> {
    let t = scan.t(i)?;
    if t.kind != K::Num || t.text.len() > 2 || !t.text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let d: u32 = t.text.parse().ok()?;
    if !(1..=31).contains(&d) {
        return None;
    }
    let mut e = i + 1;
    if scan.adj(e) && matches!(scan.w(e), "st" | "nd" | "rd" | "th") {
        e += 1;
    }
    // "5:30" or "5-mile" are no days
    if scan
        .t(e)
        .is_some_and(|n| n.adj && (n.is_punct(":") || n.is_dash() || n.is_word()))
    {
        return None;
    }
    Some((d, e))
}

/// A year at `i` (four plain digits): (year, end).
pub(super) fn year_at(scan: &Scan, i: usize) -> Option<(i32, usize)> {
    let t = scan.t(i)?;
    if t.kind != K::Num || t.text.len() != 4 || !t.text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let y: i32 = t.text.parse().ok()?;
    (1000..=2199).contains(&y).then_some((y, i + 1))
}

/// The year of a month (and day) written without one.
fn infer_year(scan: &Scan, i: usize, month: u32, day: u32) -> Option<i32> {
    let r = scan.ctx.reference_date?;
    let after = (month, day) > (r.month(), r.day());
    let before = (month, day) < (r.month(), r.day());
    let future = scan.future_at(i);
    Some(if after && !future && scan.past_at(i) {
        r.year() - 1
    } else if before && future && month < r.month() {
        r.year() + 1
    } else {
        r.year()
    })
}

fn full_date(y: i32, m: u32, d: u32) -> Option<Value> {
    NaiveDate::from_ymd_opt(y, m, d).map(date_val)
}

pub(super) fn month_cand(
    scan: &Scan,
    start: usize,
    end: usize,
    m: u32,
    d: Option<u32>,
    y: Option<i32>,
) -> Option<Cand> {
    let year = y.or_else(|| infer_year(scan, start, m, d.unwrap_or(1)));
    let mut c = Cand::new(start, end, FactKind::Date, Value::Null);
    let name = u8::try_from(m)
        .ok()
        .and_then(|m| chrono::Month::try_from(m).ok())
        .map_or("", |m| m.name());
    match (year, d) {
        (Some(y), Some(d)) => {
            c.value = full_date(y, m, d)?;
            c.display = Some(format!("{d} {name} {y}"));
        }
        (Some(y), None) => {
            c.value = Value::String(format!("{y:04}-{m:02}"));
            c.display = Some(format!("{name} {y}"));
        }
        (None, _) => {
            c.relative = true;
            c.display = Some(match d {
                Some(d) => format!("{d} {name}"),
                None => name.to_string(),
            });
        }
    }
    Some(c)
}

/// "March", "March 2019", "November 5, 2019", "Sept. 11".
pub(super) fn month_first(scan: &Scan, i: usize) -> Option<Cand> {
    let (m, e, abbr) = month_at(scan, i)?;
    if let Some(c) = month_days(scan, i, e, m) {
        return Some(c);
    }
    if let Some((d, de)) = day_at(scan, e) {
        let (y, ye) = {
            let j = if scan.is_punct(de, ",") { de + 1 } else { de };
            match year_at(scan, j) {
                Some((y, ye)) => (Some(y), ye),
                None => (None, de),
            }
        };
        return month_cand(scan, i, ye, m, Some(d), y);
    }
    let j = if scan.is_punct(e, ",") { e + 1 } else { e };
    if let Some((y, ye)) = year_at(scan, j) {
        return month_cand(scan, i, ye, m, None, Some(y));
    }
    // "March last year", "in May next year": the year said in words, one fact.
    let shift = match (scan.w(e), scan.w(e + 1)) {
        ("last", "year") => Some(-1),
        ("this", "year") => Some(0),
        ("next", "year") => Some(1),
        _ => None,
    };
    if let Some(shift) = shift {
        let year = scan.ctx.reference_date.map(|r| r.year() + shift);
        let mut c = month_cand(scan, i, e + 2, m, None, year)?;
        c.relative = true;
        return Some(c);
    }
    let prev = scan.prev_w(i);
    if abbr || (m == 5 && !DATE_LEAD.contains(&prev)) {
        return None;
    }
    // A capitalised month at a sentence start followed by a capitalised word is likely a
    // name ("March Madness"); keep it only after a date word then.
    if scan.t(e).is_some_and(|t| t.capitalized()) && !DATE_LEAD.contains(&prev) {
        return None;
    }
    month_cand(scan, i, e, m, None, None)
}

/// "December 3 and 4", "March 10-12, 2019": a span of days, as an ISO interval.
fn month_days(scan: &Scan, i: usize, e: usize, m: u32) -> Option<Cand> {
    let num = |k: usize| {
        scan.t(k)
            .filter(|t| t.kind == K::Num && t.text.len() <= 2)
            .and_then(|t| t.text.parse::<u32>().ok())
            .filter(|d| (1..=31).contains(d))
    };
    let d1 = num(e)?;
    let mut k = e + 1;
    if scan.adj(k) && matches!(scan.w(k), "st" | "nd" | "rd" | "th") {
        k += 1;
    }
    if !(scan.is_dash(k) || matches!(scan.w(k), "and" | "to" | "through")) {
        return None;
    }
    let d2 = num(k + 1)?;
    let mut end = k + 2;
    if scan.adj(end) && matches!(scan.w(end), "st" | "nd" | "rd" | "th") {
        end += 1;
    }
    if d2 <= d1
        || scan
            .t(end)
            .is_some_and(|n| n.adj && (n.is_word() || n.is_dash()))
    {
        return None;
    }
    let j = if scan.is_punct(end, ",") {
        end + 1
    } else {
        end
    };
    let (y, end) = match year_at(scan, j) {
        Some((y, ye)) => (y, ye),
        None => (infer_year(scan, i, m, d1)?, end),
    };
    let a = NaiveDate::from_ymd_opt(y, m, d1)?;
    let b = NaiveDate::from_ymd_opt(y, m, d2)?;
    let mut c = Cand::new(
        i,
        end,
        FactKind::Date,
        Value::String(format!("{}/{}", a.format("%Y-%m-%d"), b.format("%Y-%m-%d"))),
    );
    c.display = Some(format!("{}–{}", d1, b.format("%-d %B %Y")));
    Some(c)
}

/// "4 Jan 2019", "5th of November".
pub(super) fn day_month(scan: &Scan, i: usize) -> Option<Cand> {
    let (d, de) = day_at(scan, i)?;
    let j = if scan.w(de) == "of" { de + 1 } else { de };
    let (m, me, _) = month_at(scan, j)?;
    let k = if scan.is_punct(me, ",") { me + 1 } else { me };
    match year_at(scan, k) {
        Some((y, ye)) => month_cand(scan, i, ye, m, Some(d), Some(y)),
        None => month_cand(scan, i, me, m, Some(d), None),
    }
}

/// "2019-11-05": an ISO date written out.
fn iso_date(scan: &Scan, i: usize) -> Option<Cand> {
    let (y, _) = year_at(scan, i)?;
    let two = |k: usize| {
        scan.t(k)
            .filter(|t| t.kind == K::Num && t.adj && t.text.len() == 2)
            .and_then(|t| t.text.parse::<u32>().ok())
    };
    if !(scan.is_dash(i + 1) && scan.adj(i + 1) && scan.is_dash(i + 3) && scan.adj(i + 3)) {
        return None;
    }
    let (m, d) = (two(i + 2)?, two(i + 4)?);
    if !(1..=12).contains(&m) {
        return None;
    }
    let mut c = month_cand(scan, i, i + 5, m, Some(d), Some(y))?;
    c.display = c.value.as_str().map(str::to_string);
    Some(c)
}

/// "the 1990s", "1990's", "the '90s".
fn decade(scan: &Scan, i: usize) -> Option<Cand> {
    let t = scan.t(i)?;
    // "the '90s": two digits after an apostrophe, last century (2000s for "'00s", "'10s")
    let short = t.text.len() == 2
        && i > 0
        && scan
            .t(i - 1)
            .is_some_and(|p| matches!(p.text, "'" | "’" | "‘"))
        && scan.adj(i);
    let (y, e) = if short {
        let d: i32 = t.text.parse().ok()?;
        (if d <= 10 { 2000 + d } else { 1900 + d }, i + 1)
    } else {
        year_at(scan, i)?
    };
    if y % 10 != 0 {
        return None;
    }
    let i = if short { i - 1 } else { i };
    let end = if scan.adj(e) && scan.w(e) == "s" {
        e + 1
    } else if scan.adj(e) && scan.is_punct(e, "'") && scan.w(e + 1) == "s" {
        e + 2
    } else {
        return None;
    };
    let mut c = Cand::new(
        i,
        end,
        FactKind::Date,
        Value::String(format!("{}/{}", y, y + 9)),
    );
    c.display = Some(format!("the {y}s"));
    Some(c)
}

/// "in 2017", "the 2017 election", but not "2017 people" or "Route 2017".
fn year(scan: &Scan, i: usize) -> Option<Cand> {
    let (y, e) = year_at(scan, i)?;
    if numbers::expr(scan, i).is_none() {
        return None; // a label
    }
    let mid = i >= 2
        && scan.is_dash(i - 1)
        && matches!(scan.w(i - 2), "mid" | "early" | "late" | "pre" | "post");
    if i > 0
        && !mid
        && scan.adj(i)
        && scan
            .t(i - 1)
            .is_some_and(|p| p.kind != K::Punct || !matches!(p.text, "(" | "\"" | "“" | "'"))
    {
        return None;
    }
    let next = scan.t(e);
    if next.is_some_and(|n| n.adj && (n.is_word() || n.is_punct("%"))) {
        return None;
    }
    if let Some(x) = numbers::expr(scan, i) {
        if x.suffix != numbers::Suffix::None {
            return None;
        }
    }
    if !DATE_LEAD.contains(&scan.prev_w(i)) && numbers::counted(scan, e, 2.0).is_some() {
        return None;
    }
    let mut c = Cand::new(i, e, FactKind::Date, Value::String(format!("{y:04}")));
    c.display = Some(y.to_string());
    Some(c)
}
