//! Numbers: digits and number words with their scale, the approximating words before them,
//! what they count, ranges and ordinals. Measures, money, percentages and durations hang off
//! the same numeric expression ([`expr`]).

use super::lexicon::{NumClass, Set};
use super::ranges::{ordinal, range};
use super::tokens::K;
use super::{measures, Cand, Scan};

use crate::annotate::FactKind;

/// A parsed number.
#[derive(Debug, Clone, Copy, Default)]
pub struct Num {
    pub v: f64,
    /// Token index after the number.
    pub end: usize,
    /// Written in words ("seven").
    pub words: bool,
    /// A plural scale ("thousands of"): approximate.
    pub approx: bool,
    /// Just "one" (a determiner more often than a count).
    pub one: bool,
    /// A scale word was applied ("1.2 million", "4.5bn").
    pub scaled: bool,
    /// A fraction ("two-thirds", "half").
    pub frac: bool,
    /// A plain run of digits without separators or decimals ("2017").
    pub plain: bool,
}

/// What follows a number.
#[derive(Debug, Clone, PartialEq)]
pub enum Suffix {
    None,
    Percent,
    Money(String),
    Unit(usize),
    Time(super::lexicon::TimeUnit, String),
    Age,
}

/// A number with what is around it: a currency before, a unit or sign after.
#[derive(Debug, Clone)]
pub struct Expr {
    pub start: usize,
    pub end: usize,
    pub num: Num,
    pub suffix: Suffix,
    /// The currency written before the amount.
    pub prefix_money: Option<String>,
    /// The end of the number itself (before the suffix).
    pub num_end: usize,
}

const DIGIT_SCALES: &[(&str, f64, bool)] = &[
    // word, factor, must be glued to the digits
    ("bn", 1e9, false),
    ("bln", 1e9, false),
    ("mn", 1e6, false),
    ("mln", 1e6, false),
    ("tn", 1e12, false),
    ("trn", 1e12, false),
    ("crore", 1e7, false),
    ("crores", 1e7, false),
    ("lakh", 1e5, false),
    ("lakhs", 1e5, false),
    ("k", 1e3, true),
];

pub(super) fn parse_digits(s: &str) -> f64 {
    let cleaned: String = s.chars().filter(|c| *c != ',').collect();
    cleaned.parse::<f64>().unwrap_or(f64::NAN)
}

/// Parses a number at token `i`. `money`: glued "m"/"b" read as million/billion.
pub fn parse(scan: &Scan, i: usize, money: bool) -> Option<Num> {
    let t = scan.t(i)?;
    let lex = scan.lex;
    if t.kind == K::Num {
        let v = parse_digits(t.text);
        if !v.is_finite() {
            return None;
        }
        let plain = t.text.bytes().all(|b| b.is_ascii_digit());
        let mut n = Num {
            v,
            end: i + 1,
            plain,
            ..Num::default()
        };
        let w = scan.w(i + 1);
        let glued = scan.adj(i + 1);
        if let Some((v2, class)) = lex.numbers.get(w) {
            if matches!(class, NumClass::Scale | NumClass::Hundred | NumClass::Dozen) {
                n.v *= v2;
                n.end = i + 2;
                n.scaled = true;
                n.plain = false;
                // "1.2 million" may still be followed by "and a half": not handled.
                return Some(n);
            }
        }
        for &(sw, f, must_glue) in DIGIT_SCALES {
            if w == sw && (glued || !must_glue) {
                n.v *= f;
                n.end = i + 2;
                n.scaled = true;
                n.plain = false;
                return Some(n);
            }
        }
        // "$5m", and "1.5m euros" where the currency comes after
        let currency_after = {
            let after = scan.w(i + 2);
            lex.currency_names.contains_key(after)
                || scan
                    .t(i + 2)
                    .is_some_and(|x| lex.currency_codes.contains(x.text))
        };
        if (money || currency_after) && glued && matches!(w, "m" | "b") {
            n.v *= if w == "m" { 1e6 } else { 1e9 };
            n.end = i + 2;
            n.scaled = true;
            n.plain = false;
        }
        return Some(n);
    }
    if t.kind != K::Word {
        return None;
    }
    let w0 = t.lc.as_ref();
    // "a dozen", "a million", "an estimated"… only with a scale right after.
    if w0 == "a" && scan.w(i + 1) == "couple" && scan.w(i + 2) == "of" {
        return Some(Num {
            v: 2.0,
            end: i + 3,
            words: true,
            approx: true,
            ..Num::default()
        });
    }
    if w0 == "a" || w0 == "an" {
        if let Some((v, class)) = lex.numbers.get(scan.w(i + 1)).copied() {
            if matches!(class, NumClass::Scale | NumClass::Hundred | NumClass::Dozen) {
                return Some(Num {
                    v,
                    end: i + 2,
                    words: true,
                    scaled: true,
                    ..Num::default()
                });
            }
        }
        // "a third of", "a quarter of", "fell by a fifth." (no noun after: no rank)
        if let Some(d) = denominator(scan.w(i + 1)) {
            let after = scan.w(i + 2);
            let ends = scan
                .t(i + 2)
                .is_none_or(|t| t.kind != K::Word && !t.is_dash());
            if after == "of" || (scan.w(i + 1) != "half" && (ends || scan.lex.is(Set::Stop, after)))
            {
                return Some(Num {
                    v: 1.0 / d,
                    end: i + 2,
                    words: true,
                    frac: true,
                    ..Num::default()
                });
            }
        }
        return None;
    }
    if w0 == "half" {
        // "half a million", "half a dozen"
        if matches!(scan.w(i + 1), "a" | "an") {
            if let Some((v, class)) = lex.numbers.get(scan.w(i + 2)).copied() {
                if matches!(class, NumClass::Scale | NumClass::Dozen | NumClass::Hundred) {
                    return Some(Num {
                        v: v / 2.0,
                        end: i + 3,
                        words: true,
                        scaled: true,
                        ..Num::default()
                    });
                }
            }
        }
        return Some(Num {
            v: 0.5,
            end: i + 1,
            words: true,
            frac: true,
            ..Num::default()
        });
    }
    let (v0, class0) = lex.numbers.get(w0).copied()?;
    match class0 {
        NumClass::PScale => {
            // "thousands", "tens of thousands", "hundreds of millions"
            let mut v = v0;
            let mut end = i + 1;
            if scan.w(i + 1) == "of" {
                if let Some((v2, NumClass::PScale)) = lex.numbers.get(scan.w(i + 2)).copied() {
                    if v2 > v {
                        v *= v2;
                        end = i + 3;
                    }
                }
            }
            if v0 == 10.0 && end == i + 1 {
                return None; // "tens" alone
            }
            return Some(Num {
                v,
                end,
                words: true,
                approx: true,
                scaled: true,
                ..Num::default()
            });
        }
        NumClass::Card | NumClass::Tens | NumClass::Hundred | NumClass::Scale | NumClass::Dozen => {
        }
        _ => return None,
    }
    if matches!(class0, NumClass::Hundred | NumClass::Scale) {
        return None; // a bare "hundred" or "million"
    }
    // Fractions: "two-thirds", "one-third", "three quarters".
    if matches!(class0, NumClass::Card) && v0 >= 1.0 {
        let j = if scan.is_dash(i + 1) { i + 2 } else { i + 1 };
        let wj = scan.w(j);
        let d = match lex.numbers.get(wj) {
            Some((d, NumClass::Frac)) if v0 > 1.0 => Some(*d),
            _ if v0 == 1.0 => denominator(wj),
            _ => None,
        };
        // Unhyphenated, "three quarters" is a fraction only before "of" or at a clause's end;
        // "the next two quarters will…" counts quarters.
        let fraction_here = j == i + 2 || scan.w(j + 1) == "of" || {
            scan.t(j + 1)
                .is_none_or(|t| t.kind != K::Word && !t.is_dash())
        };
        if let (Some(d), true) = (d, fraction_here) {
            return Some(Num {
                v: v0 / d,
                end: j + 1,
                words: true,
                frac: true,
                ..Num::default()
            });
        }
    }
    let mut total = 0.0;
    let mut cur = 0.0;
    let mut j = i;
    let mut last = None;
    let mut count = 0;
    while let Some((v, class)) = lex.numbers.get(scan.w(j)).copied() {
        if count > 12 {
            break;
        }
        match (class, last) {
            (NumClass::Card, None | Some(NumClass::Hundred) | Some(NumClass::Scale)) => cur += v,
            (NumClass::Card, Some(NumClass::Tens)) if v < 10.0 && v > 0.0 => cur += v,
            (NumClass::Tens, None | Some(NumClass::Hundred) | Some(NumClass::Scale)) => cur += v,
            (NumClass::Hundred, Some(NumClass::Card | NumClass::Tens)) => cur *= 100.0,
            (NumClass::Scale, Some(NumClass::Card | NumClass::Tens | NumClass::Hundred)) => {
                total += cur * v;
                cur = 0.0;
            }
            (NumClass::Dozen, Some(NumClass::Card)) => cur *= 12.0,
            _ => break,
        }
        last = Some(class);
        count += 1;
        j += 1;
        // "twenty-five", "one hundred and twenty"
        if scan.is_dash(j) && class == NumClass::Tens {
            j += 1;
        } else if scan.w(j) == "and"
            && matches!(class, NumClass::Hundred | NumClass::Scale)
            && lex
                .numbers
                .get(scan.w(j + 1))
                .is_some_and(|(_, c)| matches!(c, NumClass::Card | NumClass::Tens))
        {
            j += 1;
        }
    }
    while j > i + 1 && (scan.is_dash(j - 1) || scan.w(j - 1) == "and") {
        j -= 1;
    }
    if count == 0 {
        return None;
    }
    let v = total + cur;
    let scaled = count > 1 && v >= 100.0;
    Some(Num {
        v,
        end: j,
        words: true,
        one: count == 1 && v0 == 1.0,
        scaled,
        ..Num::default()
    })
}

/// The denominator of a singular fraction word: "third" → 3, "quarter" → 4.
fn denominator(w: &str) -> Option<f64> {
    match w {
        "half" => Some(2.0),
        "quarter" => Some(4.0),
        "second" | "first" => None,
        _ => match super::lexicon::get().numbers.get(w) {
            Some((d, NumClass::Ord)) if *d > 2.0 => Some(*d),
            _ => None,
        },
    }
}

/// Is the number at `i` a label ("Route 66", "F-16", "COVID-19")?
fn is_label(scan: &Scan, i: usize) -> bool {
    let Some(t) = scan.t(i) else { return false };
    if t.kind != K::Num {
        return false;
    }
    if scan.lex.is(Set::Ident, scan.prev_w(i))
        && scan
            .t(i - 1)
            .is_some_and(|p| p.capitalized() || p.lc.len() <= 3)
    {
        return true;
    }
    // A word glued to a dash glued to the digits: "F-16", "Su-24".
    if i >= 2
        && t.adj
        && scan.is_dash(i - 1)
        && scan.adj(i - 1)
        && scan.t(i - 2).is_some_and(|p| p.is_word())
        && !matches!(scan.w(i - 2), "mid" | "early" | "late" | "pre" | "post")
    {
        return true;
    }
    // "No. 5", "#3"
    if scan.is_punct(i.wrapping_sub(1), "#")
        || (scan.is_punct(i.wrapping_sub(1), ".") && scan.w(i.wrapping_sub(2)) == "no")
    {
        return true;
    }
    // A name before the digits: "Apollo 11", "Windows 10" (not a sentence's first word).
    if let Some(p) = i.checked_sub(1).and_then(|k| scan.t(k)) {
        let sentence_start = i < 2
            || scan
                .t(i - 2)
                .is_some_and(|q| q.sent != p.sent || q.kind == K::Break || q.is_punct("\""));
        if p.capitalized()
            && !sentence_start
            && !p.lc.contains('\'')
            && !scan.lex.months.contains_key(p.lc.as_ref())
            && !scan.lex.is(Set::Stop, &p.lc)
            && !scan.lex.currency_syms.contains_key(p.text)
            && !scan.lex.currency_codes.contains(p.text)
        {
            return true;
        }
    }
    false
}

/// A numeric expression at `i`: currency prefix, number, suffix.
pub fn expr(scan: &Scan, i: usize) -> Option<Expr> {
    // "minus 5", "-12°C" (a sign with a space before it and the digits glued after it)
    let negative = scan.w(i) == "minus"
        || (scan
            .t(i)
            .is_some_and(|t| matches!(t.text, "-" | "−") && t.kind == K::Punct)
            && !scan.adj(i)
            && scan.t(i + 1).is_some_and(|n| n.kind == K::Num && n.adj));
    let first = if negative { i + 1 } else { i };
    let (prefix_money, ns) = match measures::currency_prefix(scan, first) {
        Some((code, j)) => (Some(code), j),
        None => (None, first),
    };
    if is_label(scan, ns) {
        return None;
    }
    let mut num = parse(scan, ns, prefix_money.is_some())?;
    if negative {
        num.v = -num.v;
        num.plain = false;
    }
    let (suffix, end) = measures::suffix(scan, &num, prefix_money.is_some());
    Some(Expr {
        start: i,
        end,
        num,
        suffix,
        prefix_money,
        num_end: num.end,
    })
}

/// Approximating words at `i` ("around", "more than"): the index of the number after them.
fn approx_prefix(scan: &Scan, i: usize) -> Option<usize> {
    let w = scan.w(i);
    if !scan.lex.approx_first.contains(w) || scan.lex.numbers.contains_key(w) {
        return None;
    }
    let next = [scan.w(i + 1), scan.w(i + 2)];
    // One buffer for the three phrases (they were a Vec and a join each).
    let mut phrase = String::with_capacity(32);
    for len in [3usize, 2, 1] {
        let rest = &next[..len - 1];
        if rest.iter().any(|wk| wk.is_empty()) {
            continue;
        }
        phrase.clear();
        phrase.push_str(w);
        for wk in rest {
            phrase.push(' ');
            phrase.push_str(wk);
        }
        if scan.lex.is(Set::Approx, &phrase) {
            let mut j = i + len;
            if scan.is_punct(j, ".") && w == "c" {
                j += 1;
            }
            return Some(j);
        }
    }
    None
}

/// False when no numeric fact can start at `i`: a number or a starter word or mark must be
/// there. The scan asks it at every token, inline, before calling [`at`] (which asks it too).
#[inline]
pub fn may_start(scan: &Scan, i: usize) -> bool {
    match scan.t(i) {
        Some(t) => match t.kind {
            K::Num => true,
            K::Word => scan.lex.is_starter(t.lc.as_ref()),
            K::Punct => scan.lex.is_starter(t.text),
            K::Break => false,
        },
        None => false,
    }
}

/// The numeric fact at `i`, if one starts there.
pub fn at(scan: &Scan, i: usize) -> Option<Cand> {
    if !may_start(scan, i) {
        return None;
    }
    let (j, approx) = match approx_prefix(scan, i) {
        Some(j) => (j, true),
        None => (i, false),
    };
    let plain = at_plain(scan, j);
    let ord = if approx { None } else { ordinal(scan, i) };
    let mut c = match (plain, ord) {
        (Some(p), Some(o)) => {
            if o.end > p.end {
                o
            } else {
                p
            }
        }
        (p, o) => p.or(o)?,
    };
    // "around thousands of…": the scale word is approximate already, "around" is a preposition
    if approx && c.approx && c.kind == FactKind::Quantity {
        return at_plain(scan, j);
    }
    // "killed 319 protesters over seven weeks": "over" a period is a preposition, unless a
    // verb of lasting comes first ("for over seven weeks", "lasted over a year")
    if approx
        && c.kind == FactKind::Duration
        && matches!(scan.w(i), "over" | "under" | "around")
        && !matches!(
            scan.prev_w(i),
            "for" | "lasted" | "lasting" | "lasts" | "took" | "spent" | "after" | "in"
        )
    {
        return Some(c);
    }
    if approx && c.kind == FactKind::Quantity {
        c.display = c.display.map(|d| format!("≈ {d}"));
    }
    if approx {
        c.start = i;
        c.approx = true;
    }
    Some(c)
}

fn at_plain(scan: &Scan, i: usize) -> Option<Cand> {
    // "between 10 and 20", "from 10 to 20"
    let lead = matches!(scan.w(i), "between" | "from");
    let s = if lead { i + 1 } else { i };
    let Some(a) = expr(scan, s) else {
        return if lead {
            None
        } else {
            super::durations::article(scan, i)
        };
    };
    if let Some(r) = range(scan, i, &a, lead) {
        return Some(r);
    }
    if lead {
        return None;
    }
    if matches!(scan.prev_w(i), "every" | "each") || in_tally(scan, i) {
        return None;
    }
    measures::classify(scan, &a).or_else(|| super::durations::article(scan, i))
}

/// Whether the number at `i` is a side of a vote or a score ("voted 5-1", "a 3-2 win"): two
/// whole numbers joined by a dash, with a word of voting or winning beside them. Neither side
/// counts anything.
fn in_tally(scan: &Scan, i: usize) -> bool {
    let whole = |k: usize| {
        scan.t(k).is_some_and(|t| {
            t.kind == K::Num && t.text.len() <= 3 && t.text.bytes().all(|b| b.is_ascii_digit())
        })
    };
    let first =
        if whole(i) && scan.is_dash(i + 1) && scan.adj(i + 1) && scan.adj(i + 2) && whole(i + 2) {
            i
        } else if i >= 2
            && whole(i)
            && scan.adj(i)
            && scan.is_dash(i - 1)
            && scan.adj(i - 1)
            && whole(i - 2)
        {
            i - 2
        } else {
            return false;
        };
    matches!(
        scan.prev_w(first),
        "voted"
            | "vote"
            | "won"
            | "lost"
            | "beat"
            | "beating"
            | "drew"
            | "defeated"
            | "led"
            | "trailed"
    ) || matches!(
        scan.w(first + 3),
        "vote"
            | "votes"
            | "win"
            | "victory"
            | "defeat"
            | "loss"
            | "draw"
            | "majority"
            | "decision"
            | "ruling"
            | "margin"
            | "lead"
            | "scoreline"
    )
}

/// Is `w` plausibly a plural noun (the head of what a quantity counts)?
pub fn plural(scan: &Scan, w: &str) -> bool {
    if scan.lex.is(Set::Plural, w) {
        return true;
    }
    if scan.lex.is(Set::NotPlural, w) || w.contains('\'') || w.len() < 3 {
        return false;
    }
    if w.ends_with("men") || w.ends_with("children") || w.ends_with("people") {
        return true; // "gunmen", "grandchildren", "townspeople"
    }
    w.ends_with('s') && !w.ends_with("ss") && !w.ends_with("us") && !w.ends_with("is")
}

/// What a quantity counts, from token `i`: ("ISIS fighters", end token).
pub fn counted(scan: &Scan, i: usize, v: f64) -> Option<(String, usize)> {
    let mut j = i;
    if scan.w(j) == "of" {
        j += 1;
        if matches!(
            scan.w(j),
            "the" | "its" | "their" | "his" | "her" | "our" | "these" | "those"
        ) {
            j += 1;
        }
    }
    let first = j;
    let mut best = None;
    let mut k = j;
    let mut words = 0;
    while words < 4 {
        let Some(t) = scan.t(k) else { break };
        // "300 more police officers", "two other men", "5 new cases"
        if words == 0
            && v > 1.0
            && matches!(
                t.lc.as_ref(),
                "more" | "other" | "additional" | "extra" | "new"
            )
            && scan.t(k + 1).is_some_and(|n| n.is_word())
        {
            k += 1;
            words += 1;
            continue;
        }
        if !t.is_word()
            || scan.lex.is(Set::Stop, t.lc.as_ref())
            // Number words end the counted phrase, but plural fractions are things counted
            // too ("two quarters", "three thirds of the league" aside).
            || scan
                .lex
                .numbers
                .get(t.lc.as_ref())
                .is_some_and(|(_, class)| *class != NumClass::Frac)
        {
            break;
        }
        if scan.lex.months.contains_key(t.lc.as_ref()) && t.capitalized() {
            break;
        }
        // One thing or a share of one ("a third of the town"): the first noun; else a plural.
        let head = if v <= 1.0 {
            words == 0 && !t.lc.contains('\'')
        } else {
            plural(scan, t.lc.as_ref())
        };
        k += 1;
        words += 1;
        if head {
            best = Some(k);
        }
        // "al-Qaeda", "pro-government": hyphenated words go on
        if scan.is_dash(k) && scan.adj(k) && scan.t(k + 1).is_some_and(|n| n.is_word() && n.adj) {
            k += 1;
        }
    }
    let end = best?;
    Some((scan.words(first, end), end))
}
