//! Ranges ("between 10 and 20", "10-20 km", "$10 to $12 billion", "2013-2014") and ordinals
//! ("third", "21st", "twenty-first").

use super::lexicon::NumClass;
use super::numbers::{counted, expr, parse_digits, Expr, Suffix};
use super::tokens::K;
use super::{fmt_num, json_num, Cand, Scan};
use crate::annotate::FactKind;

/// Completes a range after its first expression `a`.
pub fn range(scan: &Scan, start: usize, a: &Expr, lead: bool) -> Option<Cand> {
    let j = a.end;
    let conn = scan.w(j);
    let ok = if lead {
        matches!((scan.w(start), conn), ("between", "and") | ("from", "to"))
    } else {
        conn == "to"
            || conn == "or"
            || (scan.is_dash(j) && scan.t(j + 1).is_some_and(|t| t.kind == K::Num))
    };
    if !ok {
        return None;
    }
    let b = expr(scan, j + 1)?;
    if b.prefix_money.is_some() && a.prefix_money.is_none() {
        return None;
    }
    // "rose 15 percent to 1.8 million": two different things, no range
    if a.suffix != Suffix::None && b.suffix != a.suffix {
        return None;
    }
    if a.num.one
        || (a.num.words != b.num.words && !a.num.scaled && a.suffix == Suffix::None && !lead)
    {
        return None;
    }
    let mut lo = a.num.v;
    let hi = b.num.v;
    if !a.num.scaled && b.num.scaled && hi > 0.0 {
        let scale = hi / parse_scale_base(scan, &b);
        if lo * scale <= hi {
            lo *= scale;
        }
    }
    if lo >= hi || !lo.is_finite() {
        return None;
    }
    // Two years joined by a dash are a span of years ("2013-2014").
    let years = a.num.plain
        && b.num.plain
        && (1000.0..=2100.0).contains(&lo)
        && (1000.0..=2100.0).contains(&hi);
    let suffix = if b.suffix != Suffix::None {
        b.suffix.clone()
    } else {
        a.suffix.clone()
    };
    let money = a.prefix_money.clone().or_else(|| match &suffix {
        Suffix::Money(c) => Some(c.clone()),
        _ => None,
    });
    let mut c = Cand::new(
        start,
        b.end,
        FactKind::Range,
        serde_json::json!([json_num(lo), json_num(hi)]),
    );
    let unit = match (&money, &suffix) {
        (Some(m), _) => Some(m.clone()),
        (_, Suffix::Percent) => Some("%".to_string()),
        (_, Suffix::Unit(u)) => scan.lex.unit_list.get(*u).map(|u| u.code.clone()),
        (_, Suffix::Time(_, name)) => Some(name.clone()),
        (_, Suffix::Age) => Some("years".to_string()),
        _ => None,
    };
    let counts_after =
        suffix == Suffix::None && money.is_none() && counted(scan, b.end, hi).is_some();
    if years && unit.is_none() && !counts_after && conn != "or" {
        c.kind = FactKind::Date;
        c.value = serde_json::Value::String(format!("{}/{}", lo, hi));
        c.display = Some(format!("{lo}–{hi}"));
        return Some(c);
    }
    c.display = Some(match &unit {
        Some(u) => format!("{}–{} {}", fmt_num(lo, 2), fmt_num(hi, 2), u),
        None => format!("{}–{}", fmt_num(lo, 2), fmt_num(hi, 2)),
    });
    c.unit = unit;
    c.approx = conn == "or" || a.num.approx;
    if suffix == Suffix::None && money.is_none() {
        if let Some((counts, end)) = counted(scan, b.end, hi) {
            c.counts = Some(counts);
            c.end = end;
        }
    }
    Some(c)
}

/// The value of b's number without its scale word (for "10 to 20 million").
fn parse_scale_base(scan: &Scan, b: &Expr) -> f64 {
    scan.t(b.num_end.saturating_sub(2))
        .filter(|t| t.kind == K::Num)
        .map(|t| parse_digits(t.text))
        .filter(|v| v.is_finite() && *v > 0.0)
        .unwrap_or(b.num.v)
}

/// An ordinal at `i`: "third", "21st", "twenty-first".
pub fn ordinal(scan: &Scan, i: usize) -> Option<Cand> {
    let t = scan.t(i)?;
    let (v, end) = if t.kind == K::Num {
        let suf = scan.w(i + 1);
        if !scan.adj(i + 1)
            || !matches!(suf, "st" | "nd" | "rd" | "th")
            || !t.text.bytes().all(|b| b.is_ascii_digit())
        {
            return None;
        }
        (parse_digits(t.text), i + 2)
    } else {
        let w = t.lc.as_ref();
        // "twenty-first"
        if let Some((tens, NumClass::Tens)) = scan.lex.numbers.get(w).copied() {
            let j = if scan.is_dash(i + 1) { i + 2 } else { i + 1 };
            match scan.lex.numbers.get(scan.w(j)).copied() {
                Some((u, NumClass::Ord)) if u < 10.0 => (tens + u, j + 1),
                _ => return None,
            }
        } else {
            let (v, class) = scan.lex.numbers.get(w).copied()?;
            if class != NumClass::Ord {
                return None;
            }
            let prev = scan.prev_w(i);
            if w == "second"
                && (scan.t(i.wrapping_sub(1)).is_some_and(|p| p.kind == K::Num)
                    || scan.lex.numbers.contains_key(prev)
                    || prev == "split")
            {
                return None;
            }
            if w == "first" && matches!(prev, "at") {
                return None;
            }
            // "second-hand", "first-rate": compounds, not ranks
            if scan.is_dash(i + 1)
                && matches!(
                    scan.w(i + 2),
                    "hand" | "rate" | "class" | "guess" | "degree"
                )
            {
                return None;
            }
            // "First, the army must…": a discourse marker
            let starts = i == 0
                || scan
                    .t(i - 1)
                    .is_some_and(|p| p.sent != t.sent || p.kind == K::Break);
            if starts && scan.is_punct(i + 1, ",") {
                return None;
            }
            (v, i + 1)
        }
    };
    if !v.is_finite() {
        return None;
    }
    let mut c = Cand::new(i, end, FactKind::Ordinal, json_num(v));
    c.display = Some(format!("#{}", fmt_num(v, 0)));
    Some(c)
}
