//! What a number is: money (currency before or after), a percentage, a measure with its unit
//! and conversion, an age, a duration (see [`super::durations`]) or a plain quantity.

use super::lexicon::Set;
use super::numbers::{counted, plural, Expr, Num, Suffix};
use super::tokens::K;
use super::{durations, fmt_num, fmt_short, json_num, Cand, Scan};
use crate::annotate::FactKind;

/// A currency written before an amount at `i` ("$", "US$", "Rs.", "USD"): its code and the
/// index of the amount.
pub fn currency_prefix(scan: &Scan, i: usize) -> Option<(String, usize)> {
    let t = scan.t(i)?;
    if t.kind == K::Num || t.kind == K::Break {
        return None;
    }
    // The symbol may be a single glyph or glued tokens ("US$", "U.S.$", "Rs.").
    let mut best = None;
    let mut sym = String::new();
    let sym_start = t
        .text
        .chars()
        .next()
        .is_some_and(|c| scan.lex.currency_sym_starts.contains(&c));
    for k in (0..5).take_while(|_| sym_start) {
        let Some(tk) = scan.t(i + k) else { break };
        if tk.kind == K::Num || tk.kind == K::Break || (k > 0 && !tk.adj) {
            break;
        }
        sym.push_str(tk.text);
        if let Some(code) = scan.lex.currency_syms.get(sym.as_str()) {
            best = Some((code.clone(), i + k + 1));
        }
    }
    if best.is_none()
        && t.is_word()
        && t.text.len() == 3
        && scan.lex.currency_codes.contains(t.text)
    {
        best = Some((code_of(t.text), i + 1));
    }
    let (code, j) = best?;
    // The amount follows, glued or after one space.
    let n = scan.t(j)?;
    if n.kind != K::Num {
        return None;
    }
    // "$" glued after a word is no prefix ("A$" handled above; "5$" not a prefix).
    if i > 0 && t.adj && scan.t(i - 1).is_some_and(|p| p.kind == K::Num) {
        return None;
    }
    Some((code, j))
}

fn code_of(c: &str) -> String {
    if c == "RMB" {
        "CNY".into()
    } else {
        c.to_string()
    }
}

/// The suffix of a number and the index after it.
pub fn suffix(scan: &Scan, num: &Num, money: bool) -> (Suffix, usize) {
    let j = num.end;
    let Some(t) = scan.t(j) else {
        return (Suffix::None, j);
    };
    let lex = scan.lex;
    if t.is_punct("%") {
        return (Suffix::Percent, j + 1);
    }
    let w = scan.w(j);
    if w == "percent" || w == "pct" || (w == "pc" && scan.adj(j)) {
        return (Suffix::Percent, j + 1);
    }
    if w == "percentage" && matches!(scan.w(j + 1), "point" | "points") {
        return (Suffix::Percent, j + 2);
    }
    if w == "per" && scan.w(j + 1) == "cent" {
        return (Suffix::Percent, j + 2);
    }
    if money {
        return (Suffix::None, j);
    }
    // Currencies named after the amount.
    if let Some(list) = lex.currency_names.get(w) {
        for (ws, code) in list {
            if let Some(e) = scan.seq(j, ws) {
                let pound = matches!(w, "pound" | "pounds") && ws.len() == 1;
                if pound && !num.scaled && scan.w(e) != "sterling" {
                    break; // a weight, most likely
                }
                return (Suffix::Money(code.clone()), e);
            }
        }
    }
    if t.is_word() && t.text.len() == 3 && lex.currency_codes.contains(t.text) {
        return (Suffix::Money(code_of(t.text)), j + 1);
    }
    // Ages: "29 years old", "29-year-old", "29 years of age".
    let dash = scan.is_dash(j);
    let k = if dash { j + 1 } else { j };
    if matches!(scan.w(k), "year" | "years") {
        if matches!(scan.w(k + 1), "old" | "olds") {
            return (Suffix::Age, k + 2);
        }
        if scan.is_dash(k + 1) && matches!(scan.w(k + 2), "old" | "olds") {
            return (Suffix::Age, k + 3);
        }
        if scan.w(k + 1) == "of" && scan.w(k + 2) == "age" {
            return (Suffix::Age, k + 3);
        }
    }
    if let Some(tu) = lex.time_units.get(scan.w(k)).copied() {
        return (Suffix::Time(tu, scan.w(k).to_string()), k + 1);
    }
    // Units, longest phrase first; one-letter units only glued ("5m", "500g").
    // Borrowed: this runs after every number.
    let key: &str = match scan.t(k) {
        Some(tk) if tk.is_word() => tk.lc.as_ref(),
        Some(tk) if tk.kind == K::Punct => tk.text,
        _ => return (Suffix::None, j),
    };
    if let Some(list) = lex.units.get(key) {
        for (ws, u) in list {
            if ws.len() == 1 && ws[0].chars().count() == 1 && (dash || !scan.adj(k)) {
                continue;
            }
            // "40C", "104F" in capitals only: "40c" is more often cents.
            let temperature = lex
                .unit_list
                .get(*u)
                .is_some_and(|u| u.dim == "temperature");
            if temperature
                && ws.len() == 1
                && ws[0].len() == 1
                && !scan.t(k).is_some_and(|t| t.capitalized())
            {
                continue;
            }
            if let Some(e) = scan.seq(k, ws) {
                // "degrees" alone, or a unit glued into a longer word, is not this unit.
                if scan.t(e).is_some_and(|n| n.adj && n.is_word()) {
                    continue;
                }
                return (Suffix::Unit(*u), e);
            }
        }
    }
    (Suffix::None, j)
}

fn pretty_unit(code: &str) -> String {
    code.replace("2", "²").replace("3", "³")
}

/// Imperial units by name ("370 miles"), metric ones by symbol ("595 km").
fn unit_name(code: &str, v: f64) -> String {
    let (one, many) = match code {
        "mi" => ("mile", "miles"),
        "ft" => ("foot", "feet"),
        "in" => ("inch", "inches"),
        "yd" => ("yard", "yards"),
        "lb" => ("pound", "pounds"),
        "oz" => ("ounce", "ounces"),
        "acre" => ("acre", "acres"),
        "gal" => ("gallon", "gallons"),
        "ton" => ("ton", "tons"),
        "bbl" => ("barrel", "barrels"),
        "mi2" => ("square mile", "square miles"),
        "ft2" => ("square foot", "square feet"),
        "kn" => ("knot", "knots"),
        "t" => ("tonne", "tonnes"),
        "nmi" => ("nautical mile", "nautical miles"),
        other => return pretty_unit(other),
    };
    if v == 1.0 { one } else { many }.to_string()
}

fn round_conv(v: f64) -> String {
    let a = v.abs();
    let prec = if a >= 100.0 {
        0
    } else if a >= 1.0 {
        1
    } else {
        2
    };
    fmt_num(v, prec)
}

fn money_display(code: &str, v: f64) -> String {
    let amount = if v.fract() != 0.0 && v.abs() < 1e6 {
        let s = fmt_num(v, 2);
        match s.split_once('.') {
            Some((_, f)) if f.len() == 1 => format!("{s}0"),
            _ => s,
        }
    } else {
        fmt_short(v)
    };
    match code {
        "USD" => format!("US${amount}"),
        "GBP" => format!("£{amount}"),
        "EUR" => format!("€{amount}"),
        "JPY" => format!("¥{amount}"),
        "INR" => format!("₹{amount}"),
        _ => format!("{code} {amount}"),
    }
}

/// Turns a numeric expression into a fact.
pub fn classify(scan: &Scan, a: &Expr) -> Option<Cand> {
    let v = a.num.v;
    if !v.is_finite() {
        return None;
    }
    let money = a.prefix_money.clone().or_else(|| match &a.suffix {
        Suffix::Money(c) => Some(c.clone()),
        _ => None,
    });
    if let Some(code) = money {
        let (code, v) = match code.strip_suffix("/100") {
            Some(c) => (c.to_string(), v / 100.0),
            None => (code, v),
        };
        let mut c = Cand::new(a.start, a.end, FactKind::Money, json_num(v));
        c.display = Some(money_display(&code, v));
        c.unit = Some(code);
        c.approx = a.num.approx;
        return Some(c);
    }
    match &a.suffix {
        Suffix::Percent => {
            let mut c = Cand::new(a.start, a.end, FactKind::Percent, json_num(v));
            if matches!(scan.w(a.end.saturating_sub(1)), "point" | "points") {
                c.unit = Some("pp".into());
                c.display = Some(format!("{} percentage points", fmt_num(v, 2)));
            } else {
                c.unit = Some("%".into());
                c.display = Some(format!("{}%", fmt_num(v, 2)));
            }
            Some(c)
        }
        Suffix::Age => {
            let mut c = Cand::new(a.start, a.end, FactKind::Measure, json_num(v));
            c.unit = Some("years".into());
            c.display = Some(format!("{} years old", fmt_num(v, 1)));
            Some(c)
        }
        Suffix::Time(tu, word) => durations::classify(scan, a, *tu, word),
        Suffix::Unit(u) => {
            let unit = scan.lex.unit_list.get(*u)?;
            // "5m people", "1.5m have fled": millions, not metres.
            let next = scan.w(a.end);
            let clause_goes_on =
                crate::annotate::text::lexicon::is_aux(next) || matches!(next, "more" | "fewer");
            if unit.code == "m" && (plural(scan, next) || clause_goes_on) {
                let mut c = Cand::new(a.start, a.end, FactKind::Quantity, json_num(v * 1e6));
                if let Some((counts, e)) = counted(scan, a.end, v * 1e6) {
                    c.display = Some(fmt_short(v * 1e6));
                    c.counts = Some(counts);
                    c.end = e;
                }
                return Some(c);
            }
            let mut c = Cand::new(a.start, a.end, FactKind::Measure, json_num(v));
            let shown = format!("{} {}", fmt_num(v, 2), unit_name(&unit.code, v));
            c.display = Some(if unit.to.is_empty() {
                shown
            } else {
                let conv = match (unit.code.as_str(), unit.dim.as_str()) {
                    ("°F", _) => (v - 32.0) * 5.0 / 9.0,
                    ("°C", _) => v * 9.0 / 5.0 + 32.0,
                    _ => v * unit.factor,
                };
                format!(
                    "{shown} ≈ {} {}",
                    round_conv(conv),
                    unit_name(&unit.to, conv)
                )
            });
            c.unit = Some(unit.code.clone());
            Some(c)
        }
        Suffix::Money(_) => None,
        Suffix::None => quantity(scan, a),
    }
}

/// A plain count.
fn quantity(scan: &Scan, a: &Expr) -> Option<Cand> {
    let n = &a.num;
    if n.one {
        return None;
    }
    let end = a.end;
    // Digits glued to something unknown ("3D", "9/11", "24/7", "1,2,3") are no count.
    if let Some(t) = scan.t(end) {
        if t.adj && (t.is_word() || t.is_punct("/") || t.is_punct(":")) {
            return None;
        }
        if t.adj && t.is_punct(",") && scan.t(end + 1).is_some_and(|x| x.kind == K::Num && x.adj) {
            return None;
        }
    }
    if let Some(p) = a.start.checked_sub(1).and_then(|p| scan.t(p)) {
        if scan.t(a.start).is_some_and(|t| t.adj)
            && (p.is_punct("/")
                || p.is_punct(":")
                || p.is_word()
                || p.is_punct(",")
                || p.is_punct("."))
        {
            return None;
        }
    }
    // "aged 29"; "Sam Heller, 34, said": an age between commas after a name
    let apposition = !n.words
        && n.plain
        && (1.0..=120.0).contains(&n.v)
        && scan.is_punct(end, ",")
        && a.start >= 2
        && scan.is_punct(a.start - 1, ",")
        && scan.t(a.start - 2).is_some_and(|t| {
            t.is_word()
                && !scan.lex.is(Set::Stop, t.lc.as_ref())
                && !scan.lex.numbers.contains_key(t.lc.as_ref())
        });
    if (scan.prev_w(a.start) == "aged" && !n.one) || apposition {
        let mut c = Cand::new(a.start, end, FactKind::Measure, json_num(n.v));
        c.unit = Some("years".into());
        c.display = Some(format!("{} years old", fmt_num(n.v, 1)));
        return Some(c);
    }
    // "the first half of 2019", "the last quarter": a part of a period, no count
    let prev = scan.prev_w(a.start);
    if n.frac
        && (matches!(prev, "last" | "latter" | "former" | "final")
            || scan
                .lex
                .numbers
                .get(prev)
                .is_some_and(|(_, c)| *c == super::lexicon::NumClass::Ord))
    {
        return None;
    }
    let counts = counted(scan, end, n.v);
    let bare_fraction = n.frac && n.words && scan.w(a.start) != "half" && scan.w(end) != "of";
    if n.frac && counts.is_none() && scan.w(end) != "of" && !bare_fraction {
        return None;
    }
    let mut c = Cand::new(a.start, end, FactKind::Quantity, json_num(n.v));
    c.approx = n.approx;
    let mut shown = if n.v >= 1e6 {
        fmt_short(n.v)
    } else {
        fmt_num(n.v, 2)
    };
    if n.approx && n.v >= 10.0 {
        shown.push('+'); // "thousands" → "1,000+"
    } else if n.approx {
        shown = format!("≈ {shown}");
    }
    c.display = Some(shown.clone());
    if let Some((counts, e)) = counts {
        c.counts = Some(counts);
        c.end = e;
    }
    Some(c)
}
