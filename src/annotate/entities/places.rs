//! Places: gazetteer names (with context required for ambiguous ones such as "Jordan"), and
//! unknown names in place contexts: "in X", "near X", "the city of X", "X, Syria", "X River",
//! "Lake X".

use super::gazetteer::LexKind;
use super::{Candidate, Doc};
use crate::annotate::EntityKind;
use std::borrow::Cow;

/// Words after which a capitalised name is a place ("in Baghouz").
const LOCATIVE: [&str; 10] = [
    "in",
    "near",
    "outside",
    "inside",
    "around",
    "across",
    "throughout",
    "within",
    "between",
    "off",
];

/// Words after which a known place name is clearly the place, even if it is also a first name.
const LOCATIVE_KNOWN: [&str; 16] = [
    "in",
    "near",
    "into",
    "across",
    "outside",
    "inside",
    "throughout",
    "within",
    "from",
    "to",
    "toward",
    "towards",
    "through",
    "via",
    "neighbouring",
    "neighboring",
];

/// How many of [`LOCATIVE_KNOWN`] (its first words: "in", "near", "into", "across", "outside",
/// "inside", "throughout", "within") make a known place win over a person taken from the same
/// words.
const STRONG_LOCATIVES: usize = 8;

/// Nouns that introduce a place name with "of": "the city of Qaim".
const PLACE_NOUNS: [&str; 32] = [
    "control",
    "city",
    "town",
    "village",
    "province",
    "district",
    "region",
    "governorate",
    "capital",
    "suburb",
    "suburbs",
    "outskirts",
    "neighbourhood",
    "neighborhood",
    "county",
    "port",
    "towns",
    "villages",
    "cities",
    "provinces",
    "area",
    "island",
    "state",
    "residents",
    "inhabitants",
    "governor",
    "mayor",
    "streets",
    "centre",
    "center",
    "edge",
    "heart",
];

/// Verbs whose object, when a capitalised name, is a place: "reached Ain Issa".
const PLACE_VERBS: [&str; 16] = [
    "reached",
    "entered",
    "captured",
    "recaptured",
    "retook",
    "seized",
    "besieged",
    "shelled",
    "stormed",
    "liberated",
    "evacuated",
    "overran",
    "encircled",
    "bombarded",
    "fled",
    "visited",
];

const DIRECTIONS: [&str; 12] = [
    "north",
    "south",
    "east",
    "west",
    "northeast",
    "northwest",
    "southeast",
    "southwest",
    "north-east",
    "north-west",
    "south-east",
    "south-west",
];

/// Heads whose name is the place itself: "Anbar Province" is Anbar.
const ADMIN_HEADS: [&str; 5] = ["Province", "Governorate", "District", "Region", "County"];

/// Index of the token starting at clean offset `at`, if any.
fn token_at(doc: &Doc, at: usize) -> Option<usize> {
    let i = doc.tokens.partition_point(|t| t.start < at);
    (doc.tokens.get(i)?.start == at).then_some(i)
}

/// The word before token `i` (skipping one "the"), lowercased, if it is a locative of `set`.
fn after_locative(doc: &Doc, i: usize, set: &[&str]) -> bool {
    doc.prev_in(i, set) || (doc.prev_in(i, &["the"]) && doc.prev_in(i - 1, set))
}

/// Whether token `i` is the start of a known place.
fn known_place_at(doc: &Doc, i: usize) -> bool {
    doc.known_at(i).is_some_and(|(k, e)| {
        e.kind == LexKind::Place && !k.pattern.ambiguous && doc.tokens[i].start == k.start
    })
}

/// Whether the known match spanning tokens `first..=last` sits in a list of places or is
/// followed by ", Country".
fn in_place_list(doc: &Doc, first: usize, last: usize) -> bool {
    // "Syria and Jordan", "Syria, Jordan"
    if first >= 1 && doc.tokens[first].comma_before {
        if let Some((k, e)) = doc.known_at(first - 1) {
            if e.kind == LexKind::Place && !k.pattern.ambiguous {
                return true;
            }
        }
    }
    if first >= 2
        && doc.joined(first)
        && matches!(doc.word(first - 1), "and" | "or")
        && doc.joined(first - 1)
    {
        if let Some((k, e)) = doc.known_at(first - 2) {
            if e.kind == LexKind::Place && !k.pattern.ambiguous {
                return true;
            }
        }
    }
    let next = last + 1;
    if next < doc.tokens.len() && doc.tokens[next].comma_before && known_place_at(doc, next) {
        return true;
    }
    next + 1 < doc.tokens.len()
        && matches!(doc.word(next), "and" | "or")
        && doc.joined(next)
        && doc.joined(next + 1)
        && known_place_at(doc, next + 1)
}

/// Known places from the gazetteer.
pub(super) fn known(doc: &Doc, out: &mut Vec<Candidate>) {
    for k in &doc.known {
        let Some(entity) = doc.lex.entities.get(k.pattern.entity) else {
            continue;
        };
        if entity.kind != LexKind::Place {
            continue;
        }
        // A match inside a word ("Syria" in "Iraq-Syria") has no context of its own.
        let aligned = token_at(doc, k.start);
        let first = aligned.unwrap_or_else(|| doc.tokens.partition_point(|t| t.end <= k.start));
        if first >= doc.tokens.len() || doc.shouting(first) {
            continue;
        }
        let last = doc
            .tokens
            .partition_point(|t| t.start < k.end)
            .saturating_sub(1)
            .max(first);
        let strong = aligned.is_some() && after_locative(doc, first, &LOCATIVE_KNOWN);
        // "Jerash, Jordan": an ambiguous country or region after a name and a comma.
        let after_place_name = entity.admin
            && aligned.is_some()
            && first > 0
            && doc.tokens[first].comma_before
            && doc.name_word(first - 1)
            && !doc.is_stop(first - 1)
            && !doc
                .tokens
                .get(last + 1)
                .is_some_and(|t| t.cap && t.ws_before);
        if k.pattern.ambiguous && !strong && !after_place_name && !in_place_list(doc, first, last) {
            continue;
        }
        if aligned.is_some() && !strong && part_of_longer_name(doc, first, last, k.end) {
            continue;
        }
        // Acronyms such as "US" need a capitalised neighbourhood, not shouting.
        let kind = if entity.actor && !strong {
            EntityKind::Organization
        } else {
            EntityKind::Place
        };
        out.push(Candidate {
            start: k.start,
            end: k.end,
            kind,
            name: Cow::Borrowed(entity.name.as_str()),
            strong: strong && after_locative(doc, first, &LOCATIVE_KNOWN[..STRONG_LOCATIVES]),
        });
    }
}

/// Whether the known place on tokens `first..=last` is only part of a longer name:
/// "Manchester United", "Real Madrid", "Paris Hilton".
fn part_of_longer_name(doc: &Doc, first: usize, last: usize, end: usize) -> bool {
    if doc.titled(first) || doc.tokens[last].end != end {
        return false;
    }
    let plain = |t: usize| {
        doc.name_word(t)
            && !doc.is_stop(t)
            && doc.known_kind(t).is_none()
            && !doc.is_org_head(t)
            && !doc.word_in(t, &MODIFIERS)
            && !doc.lex.place_head_first.contains(doc.word(t))
    };
    let n = last + 1;
    let before_name = n < doc.tokens.len() && doc.joined(n) && !doc.tokens[last].poss && plain(n);
    let p = first.wrapping_sub(1);
    let after_name = first > 0
        && doc.joined(first)
        && !doc.tokens[p].sent_start
        && !doc.tokens[p].poss
        && plain(p);
    before_name || after_name
}

/// Whether token `j` can be part of an unknown place name.
fn name_ok(doc: &Doc, j: usize) -> bool {
    doc.name_word(j)
        && !doc.is_stop(j)
        && !doc.is_org_head(j)
        && doc.known_kind(j).is_none()
        && !doc.lex.not_places.contains(doc.base(j))
}

/// Whether tokens `first..=last` are joined name words, only the last possibly possessive.
fn clean_words(doc: &Doc, first: usize, last: usize) -> bool {
    first <= last
        && (first..=last).all(|j| {
            name_ok(doc, j) && (j == first || doc.joined(j)) && (j == last || !doc.tokens[j].poss)
        })
}

/// A run of up to `max` capitalised name words starting at token `i`, not known, not stop words.
/// Returns the index of its last word; `None` when the name goes on into an organisation head
/// or is too long.
fn name_run(doc: &Doc, i: usize, max: usize) -> Option<usize> {
    if !name_ok(doc, i) {
        return None;
    }
    let mut j = i;
    loop {
        if j - i >= max {
            return None;
        }
        if doc.tokens[j].poss {
            return Some(j);
        }
        let n = j + 1;
        if n >= doc.tokens.len() || !doc.joined(n) || !doc.tokens[n].cap {
            return Some(j);
        }
        if doc.is_org_head(n) {
            return None;
        }
        if !name_ok(doc, n) {
            return Some(j);
        }
        j = n;
    }
}

/// Directions and similar words that are not places by themselves.
const MODIFIERS: [&str; 20] = [
    "north",
    "south",
    "east",
    "west",
    "northern",
    "southern",
    "eastern",
    "western",
    "central",
    "upper",
    "lower",
    "greater",
    "northeastern",
    "northwestern",
    "southeastern",
    "southwestern",
    "downtown",
    "old",
    "metropolitan",
    "rural",
];

/// Whether the run `first..=last` only qualifies what follows ("Northern" in "Northern Iraq") or
/// is a bare direction.
fn modifies_known(doc: &Doc, first: usize, last: usize) -> bool {
    let next = last + 1;
    let before_known = next < doc.tokens.len()
        && doc.joined(next)
        && doc.tokens[next].cap
        && doc.known_kind(next).is_some();
    before_known || (first..=last).all(|t| doc.word_in(t, &MODIFIERS))
}

/// Nouns of owning a part of something: "shares in Rolls-Royce" names a company, not a place.
const HOLDINGS: [&str; 10] = [
    "shares",
    "share",
    "stake",
    "stakes",
    "investment",
    "investments",
    "invested",
    "invest",
    "holding",
    "holdings",
];

/// Whether the name at `i` follows "in" after a word of owning ("a stake in X").
fn holding_in(doc: &Doc, i: usize) -> bool {
    i >= 2 && doc.word_in(i - 1, &["in"]) && doc.word_in(i - 2, &HOLDINGS)
}

/// A place found by context on the words `first..=last` (without a final possessive), named as
/// written.
fn unknown_place(doc: &Doc, first: usize, last: usize) -> Candidate {
    let (start, end) = (doc.tokens[first].start, doc.tokens[last].base_end);
    Candidate {
        start,
        end,
        kind: EntityKind::Place,
        name: doc.text[start..end].to_string().into(),
        strong: false,
    }
}

/// Unknown places by context.
pub(super) fn rules(doc: &Doc, out: &mut Vec<Candidate>) {
    let n = doc.tokens.len();
    for i in 1..n {
        if !doc.joined(i) || !name_ok(doc, i) {
            continue;
        }
        let mut trigger =
            (doc.prev_in(i, &LOCATIVE) && !holding_in(doc, i)) || doc.prev_in(i, &PLACE_VERBS);
        // "from Tsavo to Laikipia": both ends of a route.
        if !trigger && doc.prev_in(i, &["from"]) {
            trigger = name_run(doc, i, 3).is_some_and(|l| {
                l + 2 < n
                    && doc.word(l + 1) == "to"
                    && doc.joined(l + 1)
                    && doc.joined(l + 2)
                    && (name_run(doc, l + 2, 3).is_some() || known_place_at(doc, l + 2))
            });
        }
        if !trigger && doc.prev_in(i, &["to"]) && i >= 3 {
            // Walk back over the start of the route: "from X to Y".
            let mut f = i - 2;
            while f > 0 && doc.joined(f) && doc.tokens[f - 1].cap && i - f < 4 {
                f -= 1;
            }
            trigger = doc.joined(i - 1)
                && f >= 1
                && doc.prev_in(f, &["from"])
                && (name_run(doc, f, 3) == Some(i - 2) || known_place_at(doc, f));
        }
        if !trigger && doc.word(i - 1) == "of" && i >= 2 {
            trigger = doc.prev_in(i - 1, &PLACE_NOUNS) || doc.prev_in(i - 1, &DIRECTIONS);
        }
        if trigger {
            // "in Tal Afar Police Department" is an organisation: `name_run` refuses it.
            // "in Northern Iraq": a modifier of a known place is not a place of its own.
            // "in Heller’s view": an unknown possessive after "in" is rarely a place.
            let run = name_run(doc, i, 3).filter(|&l| !modifies_known(doc, i, l));
            if let Some(last) = run.filter(|&l| !doc.tokens[l].poss) {
                out.push(unknown_place(doc, i, last));
            }
        }
    }
    // "Baghouz, Syria": a name, a comma, a known country or region.
    for k in &doc.known {
        let Some(entity) = doc.lex.entities.get(k.pattern.entity) else {
            continue;
        };
        if entity.kind != LexKind::Place || !entity.admin {
            continue;
        }
        let Some(c) = token_at(doc, k.start) else {
            continue;
        };
        if c == 0 || !doc.tokens[c].comma_before || doc.tokens[c].poss {
            continue;
        }
        let last = c - 1;
        if doc.tokens[last].poss {
            continue;
        }
        let mut first = last;
        while first > 0 && doc.joined(first) && doc.tokens[first - 1].cap && last - first < 2 {
            first -= 1;
        }
        // Shrink from the left until the run is clean.
        while first <= last && !clean_words(doc, first, last) {
            first += 1;
        }
        if first > last {
            continue;
        }
        out.push(unknown_place(doc, first, last));
    }
    heads(doc, out);
}

/// Lowercase words after a place name: "the Ain al-Asad air base". The mention is the name.
const LOWER_HEADS: [&[&str]; 10] = [
    &["crossing"],
    &["air", "base"],
    &["airbase"],
    &["airport"],
    &["refugee", "camp"],
    &["border", "crossing"],
    &["oil", "field"],
    &["military", "base"],
    &["dam"],
    &["camp"],
];

/// "Khabur River", "Anbar Province", "Lake Tharthar", "Gulf of Sirte", "Ain al-Asad air base".
fn heads(doc: &Doc, out: &mut Vec<Candidate>) {
    let n = doc.tokens.len();
    let bytes = doc.text.as_bytes();
    for i in 1..n {
        // The first letters and lengths of the words below: a quick no for nearly every token
        // before the string comparisons.
        let t = &doc.tokens[i];
        if !matches!(
            bytes[t.start],
            b'c' | b'a' | b'r' | b'b' | b'o' | b'm' | b'd'
        ) || !matches!(t.end - t.start, 3 | 4 | 6 | 7 | 8)
        {
            continue;
        }
        let first_word = matches!(
            doc.word(i),
            "crossing"
                | "air"
                | "airbase"
                | "airport"
                | "refugee"
                | "border"
                | "oil"
                | "military"
                | "dam"
                | "camp"
        );
        if !first_word || !doc.joined(i) {
            continue;
        }
        let fits = |seq: &[&str]| {
            seq.iter().enumerate().all(|(k, w)| {
                let t = i + k;
                t < n && doc.word(t) == *w && (k == 0 || doc.joined(t))
            })
        };
        if !LOWER_HEADS.iter().any(|seq| fits(seq)) {
            continue;
        }
        let last = i - 1;
        let mut first = last;
        while first > 0 && doc.joined(first) && doc.tokens[first - 1].cap && last - first < 2 {
            first -= 1;
        }
        while first <= last && !clean_words(doc, first, last) {
            first += 1;
        }
        if first <= last && !doc.tokens[last].poss {
            out.push(unknown_place(doc, first, last));
        }
    }
    let matches_seq = |at: usize, seq: &[String]| -> bool {
        seq.iter().enumerate().all(|(k, w)| {
            let t = at + k;
            t < n && doc.word(t) == w.as_str() && (k == 0 || doc.joined(t))
        })
    };
    for i in 0..n {
        // A head follows a name word directly: tested before the head lookup, which costs a
        // hash.
        if !doc.tokens[i].cap
            || !doc.joined(i)
            || !doc.lex.place_head_first.contains(doc.word(i))
            || doc.shouting(i)
            || doc.known_kind(i).is_some()
        {
            continue;
        }
        for seq in &doc.lex.place_after {
            if !matches_seq(i, seq) {
                continue;
            }
            // Walk back over up to three name words.
            let last = i - 1;
            let mut first = last;
            while first > 0 && doc.joined(first) && doc.tokens[first - 1].cap && last - first < 2 {
                first -= 1;
            }
            let (first, name) = match head_run(doc, first, last) {
                Some(r) => r,
                None => continue,
            };
            let end_tok = i + seq.len() - 1;
            let (start, end) = (doc.tokens[first].start, doc.tokens[end_tok].base_end);
            let head = seq.join(" ");
            let name = match name {
                Some(known) if ADMIN_HEADS.contains(&head.as_str()) => known,
                _ => doc.text[start..end].to_string(),
            };
            out.push(Candidate {
                start,
                end,
                kind: EntityKind::Place,
                name: name.into(),
                strong: false,
            });
        }
        for seq in &doc.lex.place_before {
            if !matches_seq(i, seq) {
                continue;
            }
            let first = i + seq.len();
            if first >= n || !doc.joined(first) {
                continue;
            }
            let Some(last) = name_run(doc, first, 3) else {
                continue;
            };
            out.push(unknown_place(doc, i, last));
        }
    }
}

/// The clean part of the name words `first..=last` before a place head: its first token, and the
/// known place's name when the run is exactly one known place.
fn head_run(doc: &Doc, mut first: usize, last: usize) -> Option<(usize, Option<String>)> {
    if let Some((k, e)) = doc.known_at(last) {
        if e.kind != LexKind::Place || k.end != doc.tokens[last].base_end {
            return None;
        }
        let f = doc.tokens.partition_point(|t| t.start < k.start);
        if f > last || doc.tokens[f].start != k.start || doc.tokens[last].poss {
            return None;
        }
        return Some((f, Some(e.name.clone())));
    }
    while first <= last && !clean_words(doc, first, last) {
        first += 1;
    }
    (first <= last && !doc.tokens[last].poss).then_some((first, None))
}
