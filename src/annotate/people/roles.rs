//! Roles and organisations from appositives around a person's mentions:
//! "Sam Heller, an analyst at the International Crisis Group,", "Hisham al-Hashimi, who is a
//! security analyst", "An expert with the International Crisis Group, Sam Heller stated",
//! "security analyst Sam Heller".

use super::detect::{word, Tok};
use crate::annotate::text::lexicon::{is_determiner, lexicon};
use crate::annotate::Span;

const PREPS: &[&str] = &["at", "with", "for", "of", "from", "in"];
const STOPS: &[&str] = &[
    "and", "who", "which", "that", "whose", "but", "or", "said", "says",
];

/// The role and organisation of a person, from the first mention that has them.
pub(crate) fn role_of(
    text: &str,
    toks: &[Tok],
    mentions: &[Span],
) -> (Option<String>, Option<String>) {
    let mut role = None;
    let mut org = None;
    for m in mentions.iter().take(6) {
        let i = toks.partition_point(|t| t.start < m.start);
        let j = toks.partition_point(|t| t.start < m.end);
        for (r, o) in [
            after(text, toks, j),
            before(text, toks, i),
            premodifier(text, toks, i),
        ] {
            if role.is_none() && r.is_some() {
                role = r;
                if org.is_none() {
                    org = o;
                }
            } else if org.is_none() && o.is_some() && role.is_some() {
                org = o;
            }
        }
        if role.is_some() && org.is_some() {
            break;
        }
    }
    (role, org)
}

/// True when only spaces separate tokens `a` and `b`.
fn spaced(text: &str, a: &Tok, b: &Tok) -> bool {
    text.get(a.end..b.start)
        .is_some_and(|g| !g.is_empty() && g.trim().is_empty())
}

/// A role phrase starting at token `k`: lowercase words up to a preposition, a comma or a stop
/// word, ending on a role-like noun. Returns the role and the token after it.
fn role_phrase(text: &str, toks: &[Tok], mut k: usize) -> Option<(String, usize, bool)> {
    let lex = lexicon();
    let from = k;
    while k < toks.len() && k - from < 5 {
        let w = word(text, &toks[k]);
        if PREPS.contains(&w) || STOPS.contains(&w) || is_determiner(w) && k > from {
            break;
        }
        k += 1;
        if toks.get(k).is_some_and(|n| !spaced(text, &toks[k - 1], n)) {
            break;
        }
    }
    if k == from {
        return None;
    }
    let head = word(text, &toks[k - 1]);
    let role_like = lex.is_role(head)
        || ["ist", "er", "or", "ian", "ant", "ent"]
            .iter()
            .any(|s| head.ends_with(s))
            && head.len() > 4;
    if !role_like || head.chars().any(|c| c.is_ascii_digit()) {
        return None;
    }
    let words: Vec<&str> = toks[from..k].iter().map(|t| word(text, t)).collect();
    let prep_next = toks
        .get(k)
        .is_some_and(|n| spaced(text, &toks[k - 1], n) && PREPS.contains(&word(text, n)));
    Some((words.join(" "), k, prep_next))
}

/// A capitalised organisation name starting at token `k` (after an optional "the").
fn org_at(text: &str, toks: &[Tok], mut k: usize) -> Option<String> {
    if toks.get(k).is_some_and(|t| word(text, t) == "the") {
        k += 1;
    }
    let from = k;
    let mut end = k;
    while k < toks.len() && k - from < 8 {
        let t = &toks[k];
        let w = word(text, t);
        if k > from && !spaced(text, &toks[k - 1], t) {
            break;
        }
        if t.cap {
            k += 1;
            end = k;
        } else if k > from && matches!(w, "of" | "for" | "and" | "on") {
            k += 1;
        } else {
            break;
        }
    }
    (end > from).then(|| {
        let s = toks[from].start;
        let e = toks[end - 1].end;
        text.get(s..e).unwrap_or("").to_string()
    })
}

/// "Name, a security analyst at the X," / "Name, who is a security analyst".
fn after(text: &str, toks: &[Tok], j: usize) -> (Option<String>, Option<String>) {
    let prev = match j.checked_sub(1).and_then(|p| toks.get(p)) {
        Some(p) => p,
        None => return (None, None),
    };
    let next = match toks.get(j) {
        Some(n) => n,
        None => return (None, None),
    };
    let gap = text.get(prev.end..next.start).unwrap_or("");
    if gap.trim() != "," {
        return (None, None);
    }
    let mut k = j;
    if word(text, &toks[k]) == "who" {
        k += 1;
        if toks
            .get(k)
            .is_some_and(|t| matches!(word(text, t), "is" | "was" | "has" | "serves"))
        {
            k += 1;
        } else {
            return (None, None);
        }
        if toks.get(k).is_some_and(|t| word(text, t) == "been") {
            k += 1;
        }
        if toks.get(k).is_some_and(|t| word(text, t) == "as") {
            k += 1;
        }
    }
    match toks.get(k).map(|t| word(text, t)) {
        Some("a" | "an" | "the") => k += 1,
        _ => return (None, None),
    }
    phrase_and_org(text, toks, k)
}

fn phrase_and_org(text: &str, toks: &[Tok], k: usize) -> (Option<String>, Option<String>) {
    match role_phrase(text, toks, k) {
        Some((role, next, prep)) => {
            // An organisation after "at", "with", "for", "of", "from" ("in" is a place).
            let org_prep = toks
                .get(next)
                .is_some_and(|t| matches!(word(text, t), "at" | "with" | "for" | "of" | "from"));
            let org = if prep && org_prep {
                org_at(text, toks, next + 1)
            } else {
                None
            };
            (Some(role), org)
        }
        None => (None, None),
    }
}

/// "An expert with the International Crisis Group, Name".
fn before(text: &str, toks: &[Tok], i: usize) -> (Option<String>, Option<String>) {
    if i == 0 {
        return (None, None);
    }
    let gap = text.get(toks[i - 1].end..toks[i].start).unwrap_or("");
    if gap.trim() != "," {
        return (None, None);
    }
    // Back to the start of the clause: a sentence start or a comma.
    let mut k = i - 1;
    let mut steps = 0;
    while k > 0 && steps < 12 {
        let g = text.get(toks[k - 1].end..toks[k].start).unwrap_or("");
        if g.contains([',', '.', ';', ':', '\n', '“', '"', '”']) {
            break;
        }
        k -= 1;
        steps += 1;
    }
    if !matches!(
        word(text, &toks[k]),
        "A" | "An" | "The" | "a" | "an" | "the"
    ) {
        return (None, None);
    }
    let (role, org) = phrase_and_org(text, toks, k + 1);
    (role, org)
}

/// "security analyst Sam Heller", "Crisis Group analyst Sam Heller".
fn premodifier(text: &str, toks: &[Tok], i: usize) -> (Option<String>, Option<String>) {
    let lex = lexicon();
    // Skip the title chain before the name.
    let mut i = i;
    while i > 0 && toks[i - 1].title.is_some() && spaced_or_dot(text, &toks[i - 1], &toks[i]) {
        i -= 1;
    }
    if i == 0 || !spaced(text, &toks[i - 1], &toks[i]) {
        return (None, None);
    }
    let head = word(text, &toks[i - 1]);
    if toks[i - 1].cap || !lex.is_role(head) {
        return (None, None);
    }
    let mut k = i - 1;
    while k > 0 && i - k < 3 {
        let p = &toks[k - 1];
        let w = word(text, p);
        if p.cap
            || is_determiner(w)
            || PREPS.contains(&w)
            || STOPS.contains(&w)
            || !spaced(text, p, &toks[k])
        {
            break;
        }
        if lex.is_speech_verb(w) || w.ends_with("ly") {
            break;
        }
        k -= 1;
    }
    let role: Vec<&str> = toks[k..i].iter().map(|t| word(text, t)).collect();
    // An organisation right before: "Crisis Group analyst".
    let mut o = k;
    while o > 0 && toks[o - 1].cap && spaced(text, &toks[o - 1], &toks[o]) && k - o < 5 {
        o -= 1;
    }
    let org = (o < k && lex.is_org(word(text, &toks[k - 1]))).then(|| {
        text.get(toks[o].start..toks[k - 1].end)
            .unwrap_or("")
            .to_string()
    });
    (Some(role.join(" ")), org)
}

fn spaced_or_dot(text: &str, a: &Tok, b: &Tok) -> bool {
    text.get(a.end..b.start)
        .is_some_and(|g| !g.is_empty() && g.trim_start_matches('.').trim().is_empty())
}
