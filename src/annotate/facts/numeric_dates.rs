//! Dates written in numbers: "25/12/2018", "3/14/2019", "02-09-19", "11.05.2019".

use super::dates::{month_cand, year_at};
use super::tokens::K;
use super::{Cand, Scan};
use chrono::{Datelike, NaiveDate};

/// "12/05/2019", "5-12-19", "11.05.2019": a date in numbers, day and month in either order.
/// A part over 12 says which is the day; "11.05.2019" (dots) is always day first. When both
/// orders make a date, the one nearer the briefing's date wins (news dates lie close to the
/// story), and day first without a reference date.
pub(super) fn at(scan: &Scan, i: usize) -> Option<Cand> {
    let small = |k: usize| {
        scan.t(k)
            .filter(|t| t.kind == K::Num && t.text.len() <= 2)
            .and_then(|t| t.text.parse::<u32>().ok())
    };
    let glued = |k: usize, sep: &str| scan.is_punct(k, sep) && scan.adj(k) && scan.adj(k + 1);
    // "11.05" is one number token: day and month joined by the decimal point.
    let (a, b, y_at, dotted) = match scan.t(i)?.text.split_once('.') {
        Some((d, m)) if d.len() <= 2 && m.len() == 2 && glued(i + 1, ".") => {
            (d.parse().ok()?, m.parse().ok()?, i + 2, true)
        }
        Some(_) => return None,
        None => {
            let a = small(i)?;
            let sep = ["/", "-"].into_iter().find(|s| glued(i + 1, s))?;
            if !(glued(i + 3, sep) && scan.adj(i + 2)) {
                return None;
            }
            (a, small(i + 2)?, i + 4, false)
        }
    };
    let y_tok = scan.t(y_at)?;
    if y_tok.kind != K::Num || !y_tok.text.bytes().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let y: i32 = match y_tok.text.len() {
        4 => year_at(scan, y_at)?.0,
        // "12/05/19": this century, unless that lies past next year.
        2 => {
            let yy: i32 = y_tok.text.parse().ok()?;
            let now = scan.ctx.reference_date.map_or(2100, |r| r.year() + 1);
            if 2000 + yy <= now {
                2000 + yy
            } else {
                1900 + yy
            }
        }
        _ => return None,
    };
    // A number glued on after the year is something else ("1/2/2019/4").
    if scan
        .t(y_at + 1)
        .is_some_and(|t| t.adj && t.kind != K::Punct)
    {
        return None;
    }
    let valid = |d: u32, m: u32| NaiveDate::from_ymd_opt(y, m, d);
    let day_first = valid(a, b);
    let month_first = if dotted { None } else { valid(b, a) };
    let (d, m) = match (day_first, month_first) {
        (Some(x), Some(z)) if x != z => match scan.ctx.reference_date {
            Some(r) if (z - r).num_days().abs() < (x - r).num_days().abs() => (b, a),
            _ => (a, b),
        },
        (Some(_), _) => (a, b),
        (None, Some(_)) => (b, a),
        (None, None) => return None,
    };
    month_cand(scan, i, y_at + 1, m, Some(d), Some(y))
}
