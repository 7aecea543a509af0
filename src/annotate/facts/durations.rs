//! Durations ("eight months" → P8M, "lasted a week" → P1W, "3 hours" → PT3H) and the
//! relative dates built on a duration ("two years ago", "a few days later").

use super::lexicon::{Set, TimeUnit};
use super::numbers::Expr;
use super::{fmt_num, Cand, Scan};
use crate::annotate::FactKind;
use chrono::{Duration, Months};
use serde_json::Value;

/// The ISO 8601 duration of `n` time units.
fn iso(n: f64, tu: TimeUnit) -> String {
    let n = n * tu.mult;
    let num = {
        let s = fmt_num(n, 3);
        s.replace(',', "")
    };
    match tu.designator {
        'h' | 'm' | 's' => format!("PT{}{}", num, tu.designator.to_ascii_uppercase()),
        d => format!("P{num}{d}"),
    }
}

fn plural_word(word: &str, n: f64) -> String {
    let base = match word {
        "sec" | "secs" => "second",
        "min" | "mins" => "minute",
        "hr" | "hrs" => "hour",
        "yr" | "yrs" => "year",
        w => w,
    };
    let sing = if base == "centuries" {
        "century".to_string()
    } else {
        base.strip_suffix('s').unwrap_or(base).to_string()
    };
    if n == 1.0 {
        sing
    } else if sing == "century" {
        "centuries".into()
    } else {
        format!("{sing}s")
    }
}

/// `n` time units before the reference date, as precise as the unit.
fn ago(scan: &Scan, n: f64, tu: TimeUnit) -> Value {
    let Some(d) = scan.ctx.reference_date else {
        return Value::Null;
    };
    if n.fract() != 0.0 || !(0.0..=10000.0).contains(&n) {
        return Value::Null;
    }
    let k = (n * tu.mult) as u32;
    let out = match tu.designator {
        'D' => d
            .checked_sub_signed(Duration::days(k as i64))
            .map(|x| x.format("%Y-%m-%d").to_string()),
        'W' => d
            .checked_sub_signed(Duration::days(7 * k as i64))
            .map(|x| x.format("%Y-%m-%d").to_string()),
        'M' => d
            .checked_sub_months(Months::new(k))
            .map(|x| x.format("%Y-%m").to_string()),
        'Y' => d
            .checked_sub_months(Months::new(k.saturating_mul(12)))
            .map(|x| x.format("%Y").to_string()),
        _ => Some(d.format("%Y-%m-%d").to_string()),
    };
    out.map_or(Value::Null, Value::String)
}

/// A number followed by a time unit.
pub fn classify(scan: &Scan, a: &Expr, tu: TimeUnit, word: &str) -> Option<Cand> {
    let v = a.num.v;
    let after = scan.w(a.end);
    if matches!(after, "ago") {
        let mut c = Cand::new(a.start, a.end + 1, FactKind::Date, ago(scan, v, tu));
        c.relative = true;
        c.approx = a.num.approx;
        c.display = Some(format!("{} {} ago", fmt_num(v, 2), plural_word(word, v)));
        return Some(c);
    }
    if matches!(
        after,
        "later" | "earlier" | "afterwards" | "afterward" | "previously"
    ) {
        let mut c = Cand::new(a.start, a.end + 1, FactKind::Date, Value::Null);
        c.relative = true;
        c.display = Some(format!(
            "{} {} {}",
            fmt_num(v, 2),
            plural_word(word, v),
            after
        ));
        return Some(c);
    }
    if a.num.one
        && !scan.is_dash(a.num_end)
        && !scan.lex.is(Set::DurationLead, scan.prev_w(a.start))
    {
        return None;
    }
    let mut c = Cand::new(
        a.start,
        a.end,
        FactKind::Duration,
        Value::String(iso(v, tu)),
    );
    c.approx = a.num.approx;
    c.display = Some(format!("{} {}", fmt_num(v, 2), plural_word(word, v)));
    Some(c)
}

/// "a week", "an hour", "half an hour", "a few days later", "the past week" at `i`.
pub fn article(scan: &Scan, i: usize) -> Option<Cand> {
    let w = scan.w(i);
    let lex = scan.lex;
    // "a few days later", "several weeks ago", "days later"
    let vague = match (w, scan.w(i + 1)) {
        ("a", "few") | ("a", "couple") => Some(i + 2),
        ("several" | "some" | "many" | "few", _) => Some(i + 1),
        _ => None,
    };
    let vague = vague.map(|j| if scan.w(j) == "of" { j + 1 } else { j });
    let bare = lex.time_units.contains_key(w) && w.ends_with('s');
    if let Some(j) = vague.or(if bare { Some(i) } else { None }) {
        let uw = scan.w(j);
        if lex.time_units.contains_key(uw) && uw.ends_with('s') {
            let after = scan.w(j + 1);
            if matches!(
                after,
                "later" | "earlier" | "ago" | "afterwards" | "before" | "after"
            ) && !(bare && matches!(after, "before" | "after"))
            {
                let mut c = Cand::new(i, j + 2, FactKind::Date, Value::Null);
                c.relative = true;
                c.display = Some(scan.words(i, j + 2));
                return Some(c);
            }
        }
        return None;
    }
    // "half an hour", "half a day"
    let (n, j) = match (w, scan.w(i + 1)) {
        ("half", "an" | "a") => (0.5, i + 2),
        ("a" | "an" | "one", _) => (1.0, i + 1),
        ("the", "past" | "last")
            if matches!(
                scan.prev_w(i),
                "over" | "in" | "during" | "for" | "within" | "throughout"
            ) =>
        {
            (1.0, i + 2)
        }
        _ => return None,
    };
    let uw = scan.w(j);
    let tu = lex.time_units.get(uw).copied()?;
    if uw.ends_with('s') {
        return None;
    }
    // "a day later" is a relative date.
    if matches!(scan.w(j + 1), "later" | "earlier" | "ago" | "afterwards") && w != "the" {
        let mut c = Cand::new(
            i,
            j + 2,
            FactKind::Date,
            if scan.w(j + 1) == "ago" {
                ago(scan, n, tu)
            } else {
                Value::Null
            },
        );
        c.relative = true;
        c.display = Some(scan.words(i, j + 2));
        return Some(c);
    }
    let lead = lex.is(Set::DurationLead, scan.prev_w(i)) || w == "half" || w == "the";
    if !lead {
        return None;
    }
    // "a week-long", "a year-old" etc. are adjectives: skip "a day-old"
    if scan.is_dash(j + 1) && scan.w(j + 2) == "old" {
        return None;
    }
    let mut c = Cand::new(i, j + 1, FactKind::Duration, Value::String(iso(n, tu)));
    c.display = Some(format!("{} {}", fmt_num(n, 2), plural_word(uw, n)));
    Some(c)
}
