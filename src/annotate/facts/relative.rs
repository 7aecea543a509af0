//! Relative dates: weekdays ("on Tuesday", "last Friday") and deictic expressions
//! ("yesterday", "last week", "earlier this year", "at the beginning of this month"),
//! resolved against the reference date.

use super::dates::{date_val, day_month, month_at, month_first};
use super::tokens::K;
use super::{Cand, Scan};
use crate::annotate::FactKind;
use chrono::{Datelike, Duration, Months, NaiveDate};
use serde_json::Value;

/// The latest `wd` on or before `r` (strictly before with `strict`).
fn weekday_before(r: NaiveDate, wd: u32, strict: bool) -> Option<NaiveDate> {
    let cur = r.weekday().number_from_monday();
    let mut back = (cur + 7 - wd) % 7;
    if back == 0 && strict {
        back = 7;
    }
    r.checked_sub_signed(Duration::days(back as i64))
}

fn weekday_after(r: NaiveDate, wd: u32) -> Option<NaiveDate> {
    let cur = r.weekday().number_from_monday();
    let mut fwd = (wd + 7 - cur) % 7;
    if fwd == 0 {
        fwd = 7;
    }
    r.checked_add_signed(Duration::days(fwd as i64))
}

/// "Tuesday", "last Tuesday", "next Friday", "Tuesday, Nov. 12".
pub fn weekday(scan: &Scan, i: usize) -> Option<Cand> {
    let (dir, j) = match scan.w(i) {
        "last" | "next" | "this" | "past" => (scan.w(i), i + 1),
        _ => ("", i),
    };
    let t = scan.t(j)?;
    if !t.capitalized() || t.lc.len() < 6 || matches!(scan.prev_w(j), "every" | "each") {
        return None;
    }
    let wd = *scan.lex.weekdays.get(t.lc.as_ref())?;
    let e = j + 1;
    // An explicit date after it wins: "Tuesday, Nov. 12, 2019".
    if scan.is_punct(e, ",")
        || scan
            .t(e)
            .is_some_and(|t| t.capitalized() || t.kind == K::Num)
    {
        let k = if scan.is_punct(e, ",") { e + 1 } else { e };
        let d = if scan.t(k).is_some_and(|t| t.kind == K::Num) {
            day_month(scan, k)
        } else {
            month_first(scan, k)
        };
        if let Some(mut d) = d.filter(|d| d.value.as_str().is_some_and(|s| s.len() == 10)) {
            d.start = i;
            return Some(d);
        }
    }
    let mut c = Cand::new(i, e, FactKind::Date, Value::Null);
    c.relative = true;
    c.display = Some(scan.words(i, e));
    if let Some(r) = scan.ctx.reference_date {
        let d = match dir {
            "last" | "past" => weekday_before(r, wd, true),
            "next" => weekday_after(r, wd),
            _ if scan.past_beside(i, e) => weekday_before(r, wd, false),
            _ if scan.future_at(i) => weekday_after(r, wd),
            _ => weekday_before(r, wd, false),
        };
        if let Some(d) = d {
            c.value = date_val(d);
        }
    }
    Some(c)
}

/// A period ("week", "month", "year") shifted by `shift` from the reference date.
fn period(scan: &Scan, unit: &str, shift: i32) -> Value {
    let Some(r) = scan.ctx.reference_date else {
        return Value::Null;
    };
    let v = match unit {
        "week" => r
            .checked_add_signed(Duration::days(7 * shift as i64))
            .map(|d| d.format("%G-W%V").to_string()),
        "month" => {
            let d = if shift >= 0 {
                r.checked_add_months(Months::new(shift as u32))
            } else {
                r.checked_sub_months(Months::new((-shift) as u32))
            };
            d.map(|d| d.format("%Y-%m").to_string())
        }
        "year" => Some(format!("{:04}", r.year() + shift)),
        _ => None,
    };
    v.map_or(Value::Null, Value::String)
}

/// Relative expressions: "yesterday", "last week", "earlier this year", "at the beginning of
/// this month", "last March".
pub fn relative(scan: &Scan, i: usize) -> Option<Cand> {
    let w = scan.w(i);
    let day_shift = match w {
        "yesterday" => Some(-1),
        "today" | "tonight" => Some(0),
        "tomorrow" => Some(1),
        "last" if scan.w(i + 1) == "night" => Some(-1),
        "this" if matches!(scan.w(i + 1), "morning" | "afternoon" | "evening") => Some(0),
        _ => None,
    };
    if let Some(s) = day_shift {
        let e = if matches!(w, "last" | "this") {
            i + 2
        } else {
            i + 1
        };
        let mut c = Cand::new(i, e, FactKind::Date, Value::Null);
        c.relative = true;
        c.display = Some(scan.words(i, e));
        if let Some(r) = scan.ctx.reference_date {
            if let Some(d) = r.checked_add_signed(Duration::days(s)) {
                c.value = date_val(d);
            }
        }
        return Some(c);
    }
    // "the next day", "the following week", "the previous night": relative to the story's own
    // time, which the reference date does not give
    if w == "the"
        && matches!(
            scan.w(i + 1),
            "next" | "following" | "previous" | "preceding"
        )
        && matches!(
            scan.w(i + 2),
            "day" | "week" | "month" | "year" | "morning" | "evening" | "night" | "afternoon"
        )
    {
        let mut c = Cand::new(i, i + 3, FactKind::Date, Value::Null);
        c.relative = true;
        return Some(c);
    }
    // "(the) beginning of this month", "earlier this year", "last week", "next month"
    let mut j = i;
    if w == "the" {
        j += 1;
    }
    let edge = matches!(scan.w(j), "beginning" | "start" | "end" | "middle" | "rest");
    if edge {
        if scan.w(j + 1) != "of" {
            return None;
        }
        j += 2;
    } else if w == "the" {
        return None;
    } else if matches!(w, "earlier" | "later") {
        j += 1;
        if scan.w(j) != "this" {
            return None;
        }
    }
    let det = scan.w(j);
    let shift = match det {
        "this" | "the" => 0,
        "last" | "past" if !edge || det == "last" => -1,
        "next" | "coming" => 1,
        _ => return None,
    };
    let unit = scan.w(j + 1);
    let e = j + 2;
    let mut c = Cand::new(i, e, FactKind::Date, Value::Null);
    c.relative = true;
    c.display = Some(scan.words(i, e));
    match unit {
        "week" | "month" | "year" => {
            if det == "the" && !edge {
                return None;
            }
            c.value = period(scan, unit, shift);
            Some(c)
        }
        _ => {
            // "last March", "next May"
            let (m, me, abbr) = month_at(scan, j + 1)?;
            if abbr || det == "the" {
                return None;
            }
            c.end = me;
            c.display = Some(scan.words(i, me));
            if let Some(r) = scan.ctx.reference_date {
                let y = match shift {
                    -1 if m < r.month() => r.year(),
                    -1 => r.year() - 1,
                    1 if m > r.month() => r.year(),
                    1 => r.year() + 1,
                    _ => r.year(),
                };
                c.value = Value::String(format!("{y:04}-{m:02}"));
            }
            Some(c)
        }
    }
}
