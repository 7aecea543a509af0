//! Organisations: known names and aliases from the gazetteer ("ISIS" = "Islamic State"),
//! capitalised names with an organisation head word ("International Crisis Group",
//! "Iraq’s Defense Ministry", "Ministry of Defence"), a demonym or country with a government
//! word ("Iraqi government"), and acronyms defined in brackets ("Syrian Democratic Forces (SDF)").

use super::gazetteer::LexKind;
use super::{Candidate, Doc};
use crate::annotate::EntityKind;
use std::borrow::Cow;
use std::collections::HashMap;

/// Lowercase nouns that make "<demonym> X" the state body of a country.
const GOV_HEADS: [&[&str]; 11] = [
    &["government"],
    &["army"],
    &["military"],
    &["navy"],
    &["parliament"],
    &["police"],
    &["cabinet"],
    &["regime"],
    &["air", "force"],
    &["security", "forces"],
    &["coast", "guard"],
];

/// Known organisations. An ambiguous alias ("IS") needs another name of the same entity in the
/// body.
pub(super) fn known(doc: &Doc, out: &mut Vec<Candidate>) {
    let mut present = vec![false; doc.lex.entities.len()];
    for k in doc.known.iter().filter(|k| !k.pattern.ambiguous) {
        if let Some(p) = present.get_mut(k.pattern.entity) {
            *p = true;
        }
    }
    for k in &doc.known {
        let Some(entity) = doc.lex.entities.get(k.pattern.entity) else {
            continue;
        };
        if entity.kind != LexKind::Org {
            continue;
        }
        if k.pattern.ambiguous && !present.get(k.pattern.entity).copied().unwrap_or(false) {
            continue;
        }
        let t = doc.tokens.partition_point(|t| t.end <= k.start);
        if doc.shouting(t) {
            continue;
        }
        out.push(Candidate {
            start: k.start,
            end: k.end,
            kind: EntityKind::Organization,
            name: Cow::Borrowed(entity.name.as_str()),
            strong: false,
        });
    }
}

fn is_of(doc: &Doc, i: usize) -> bool {
    matches!(doc.word(i), "of" | "for" | "on")
}

/// Lowercase words that may sit inside an organisation name. A `match` dispatches on the
/// length, where a list was compared entry by entry.
fn is_connector(doc: &Doc, i: usize) -> bool {
    matches!(
        doc.word(i),
        "of" | "for"
            | "on"
            | "and"
            | "the"
            | "de"
            | "du"
            | "des"
            | "del"
            | "la"
            | "le"
            | "al"
            | "el"
            | "ibn"
    )
}

/// Whether token `i` begins a known place ending with the word's base ("Iraq" of "Iraq’s").
fn is_place_word(doc: &Doc, i: usize) -> bool {
    doc.known_at(i).is_some_and(|(k, e)| {
        e.kind == LexKind::Place
            && k.start == doc.tokens[i].start
            && k.end == doc.tokens[i].base_end
    })
}

/// Organisation rules over capitalised chains, and "<demonym> government".
pub(super) fn rules(doc: &Doc, out: &mut Vec<Candidate>) {
    let n = doc.tokens.len();
    let name_cap = |i: usize| doc.tokens[i].cap && !hyphen_adjective(doc, i) && !doc.titled(i);
    let mut i = 0;
    // One buffer for every chain: most capitalised words start one.
    let mut chain = Vec::new();
    while i < n {
        if !name_cap(i) {
            i += 1;
            continue;
        }
        chain.clear();
        chain.push(i);
        let mut j = i;
        let lone_possessive = doc.tokens[i].poss && !is_place_word(doc, i);
        while !lone_possessive && chain.len() < 16 {
            if chain.len() > 1 && doc.tokens[j].poss {
                break;
            }
            let mut k = j + 1;
            let mut conns = 0;
            while k < n && doc.joined(k) && is_connector(doc, k) && conns < 2 {
                conns += 1;
                k += 1;
            }
            // Past a connector, a word that never begins a name ends the chain: "the Port
            // Authority on Monday" is no "Authority on Monday".
            if k < n && doc.joined(k) && name_cap(k) && (conns == 0 || !doc.is_stop(k)) {
                chain.extend(j + 1..=k);
                j = k;
            } else {
                break;
            }
        }
        chain_orgs(doc, &chain, out);
        i = j + 1;
    }
    government(doc, out);
    led_coalitions(doc, out);
    national_branches(doc, out);
}

/// "Baghdad-based", "Kurdish-led": a capitalised word made an adjective by a hyphenated suffix.
fn hyphen_adjective(doc: &Doc, i: usize) -> bool {
    let word = doc.word(i);
    // Most words have no hyphen: a byte scan says so quicker than a reverse search.
    word.bytes().any(|b| b == b'-')
        && word
            .rsplit_once('-')
            .is_some_and(|(_, suffix)| suffix.chars().next().is_some_and(char::is_lowercase))
}

/// "the Saudi-led coalition": a demonym-led coalition is one organisation.
fn led_coalitions(doc: &Doc, out: &mut Vec<Candidate>) {
    for i in 0..doc.tokens.len().saturating_sub(1) {
        // Only a word ending in "d" can end in "-led": tested on the byte before slicing.
        let t = &doc.tokens[i];
        if t.end < t.start + 5 || doc.text.as_bytes()[t.end - 1] != b'd' {
            continue;
        }
        let word = doc.word(i);
        let Some(prefix) = word.strip_suffix("-led") else {
            continue;
        };
        let demonym = doc.known_at(i).is_some_and(|(k, e)| {
            e.kind == LexKind::Demonym
                && k.start == doc.tokens[i].start
                && k.end - k.start == prefix.len()
        });
        if !demonym || doc.shouting(i) || !doc.joined(i + 1) {
            continue;
        }
        if doc.word_in(i + 1, &["coalition", "alliance"]) {
            let (start, end) = (doc.tokens[i].start, doc.tokens[i + 1].base_end);
            out.push(Candidate {
                start,
                end,
                kind: EntityKind::Organization,
                name: Cow::Owned(doc.text[start..end].to_string()),
                strong: false,
            });
        }
    }
}

/// "Turkish Red Crescent": a demonym before an organisation with national branches.
fn national_branches(doc: &Doc, out: &mut Vec<Candidate>) {
    for k in &doc.known {
        let Some(e) = doc.lex.entities.get(k.pattern.entity) else {
            continue;
        };
        if e.kind != LexKind::Org || !e.national {
            continue;
        }
        let i = doc.tokens.partition_point(|t| t.start < k.start);
        if i == 0 || i >= doc.tokens.len() || doc.tokens[i].start != k.start || !doc.joined(i) {
            continue;
        }
        // Demonyms right before it: "Turkish Red Crescent", "Syrian Arab Red Crescent".
        let demonym = |t: usize| {
            doc.known_at(t).is_some_and(|(d, de)| {
                de.kind == LexKind::Demonym
                    && !de.country.is_empty()
                    && d.start == doc.tokens[t].start
                    && d.end == doc.tokens[t].end
            })
        };
        let mut first = i;
        while first > 0 && doc.joined(first) && demonym(first - 1) && i - first < 3 {
            first -= 1;
        }
        if first == i {
            continue;
        }
        let start = doc.tokens[first].start;
        let prefix = doc.text[start..k.start]
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        out.push(Candidate {
            start,
            end: k.end,
            kind: EntityKind::Organization,
            name: Cow::Owned(format!("{prefix} {}", e.name)),
            strong: false,
        });
    }
}

/// Splits a chain at "and"/"or" after a complete name, and finds the organisation of each part.
fn chain_orgs(doc: &Doc, chain: &[usize], out: &mut Vec<Candidate>) {
    let mut start = 0;
    for (p, &t) in chain.iter().enumerate() {
        let splits = p > 0
            && (head(doc, chain[p - 1]) || chain.get(p + 1).is_some_and(|&n| doc.word(n) == "the"));
        if matches!(doc.word(t), "and" | "or") && splits {
            part_org(doc, &chain[start..p], out);
            start = p + 1;
        }
    }
    part_org(doc, &chain[start..], out);
}

/// An organisation head word that is not part of a known place ("Bank" in "West Bank").
fn head(doc: &Doc, t: usize) -> bool {
    doc.is_org_head(t) && doc.known_kind(t) != Some(LexKind::Place)
}

/// Drops leading connectors, lowercase words and stop words.
fn trim<'p>(doc: &Doc, mut part: &'p [usize]) -> &'p [usize] {
    while let Some((&first, rest)) = part.split_first() {
        if is_connector(doc, first) || !doc.tokens[first].cap || doc.is_stop(first) {
            part = rest;
        } else {
            break;
        }
    }
    part
}

fn part_org(doc: &Doc, part: &[usize], out: &mut Vec<Candidate>) {
    let mut part = trim(doc, part);
    let Some(h0) = part.iter().position(|&t| head(doc, t)) else {
        return;
    };
    // "Officials of the Independent High Electoral Commission": the name starts after the last
    // "of" before its first head word.
    if let Some(c) = part[..h0].iter().rposition(|&t| is_of(doc, t)) {
        part = trim(doc, &part[c + 1..]);
    }
    let Some(h) = part.iter().rposition(|&t| head(doc, t)) else {
        return;
    };
    let follows_of = part.get(h + 1).is_some_and(|&t| is_of(doc, t));
    let end = if follows_of { part.len() - 1 } else { h };
    let span = &part[..=end];
    let caps = span.iter().filter(|&&t| doc.tokens[t].cap).count();
    if caps < 2 || span.last().is_some_and(|&t| is_connector(doc, t)) {
        return;
    }
    // A known organisation with only head words around it ("Islamic State Group") speaks for
    // itself; with a demonym before it ("Iranian Revolutionary Guards") it keeps its name; with
    // other words ("Iraqi Red Crescent Society") the longer name is another entity.
    let known_org = span.iter().find_map(|&t| match doc.known_at(t) {
        Some((_, e)) if e.kind == LexKind::Org => Some(e.name.as_str()),
        _ => None,
    });
    let mut known_name = None;
    if let Some(org) = known_org {
        let others = span
            .iter()
            .filter(|&&t| doc.known_kind(t) != Some(LexKind::Org));
        if others.clone().all(|&t| head(doc, t)) {
            return;
        }
        if others
            .clone()
            .all(|&t| doc.known_kind(t) == Some(LexKind::Demonym))
        {
            known_name = Some(org);
        }
    }
    let (Some(&first), Some(&last)) = (span.first(), span.last()) else {
        return;
    };
    let mut name = String::new();
    for &t in span {
        if !name.is_empty() {
            name.push(' ');
        }
        if t == last {
            name.push_str(doc.base(t));
        } else if doc.tokens[t].poss {
            name.push_str(doc.base(t));
            name.push_str("'s");
        } else {
            name.push_str(doc.word(t));
        }
    }
    let name = match known_name {
        Some(known) => Cow::Borrowed(known),
        None => Cow::Owned(name.replace('’', "'")),
    };
    out.push(Candidate {
        start: doc.tokens[first].start,
        end: doc.tokens[last].base_end,
        kind: EntityKind::Organization,
        name,
        strong: false,
    });
}

/// "Iraqi government", "Syrian army", "Iraq’s government", "the Iraq government".
fn government(doc: &Doc, out: &mut Vec<Candidate>) {
    let n = doc.tokens.len();
    for i in 0..n.saturating_sub(1) {
        let Some((k, e)) = doc.known_at(i) else {
            continue;
        };
        if k.end != doc.tokens[i].base_end || doc.shouting(i) {
            continue;
        }
        let mut found = None;
        for words in GOV_HEADS {
            let ok = words.iter().enumerate().all(|(w, word)| {
                let t = i + 1 + w;
                t < n && doc.joined(t) && doc.base(t) == *word
            });
            if ok {
                found = Some((words.join(" "), i + words.len()));
                break;
            }
        }
        let Some((head, last)) = found else { continue };
        let demonym = match e.kind {
            LexKind::Demonym if !e.country.is_empty() => doc
                .lex
                .demonym_of
                .get(&e.country)
                .cloned()
                .unwrap_or_else(|| e.name.clone()),
            // The United States is an organisation already ("U.S. military" stays "U.S.").
            LexKind::Place if e.actor => continue,
            LexKind::Place => match doc.lex.demonym_of.get(&e.name) {
                Some(d) => d.clone(),
                None => continue,
            },
            _ => continue,
        };
        out.push(Candidate {
            start: k.start,
            end: doc.tokens[last].base_end,
            kind: EntityKind::Organization,
            name: Cow::Owned(format!("{demonym} {head}")),
            strong: false,
        });
    }
}

/// The short name given right after an organisation: "(SDF)", ", also known as HTS",
/// "(also known as YBS)".
fn alias_after(rest: &str) -> Option<&str> {
    let rest = rest.trim_start_matches([' ', '\t']);
    let (inner, bracket) = match rest.strip_prefix('(') {
        Some(inner) => (inner.strip_prefix("also known as ").unwrap_or(inner), true),
        None => (rest.strip_prefix(", also known as ")?, false),
    };
    let end = inner
        .char_indices()
        .take(10)
        .find(|&(_, ch)| !(ch.is_alphanumeric() || ch == '-'))
        .map_or(inner.len().min(10), |(k, _)| k);
    let acr = inner.get(..end)?;
    let closed = inner[end..].starts_with(')');
    (!bracket || closed).then_some(acr)
}

/// Acronyms defined in brackets after an organisation: "Syrian Democratic Forces (SDF)"; every
/// later "SDF" is that organisation.
pub(super) fn acronyms(doc: &Doc, out: &mut Vec<Candidate>) {
    let mut defined: HashMap<String, String> = HashMap::new();
    let mut renamed: Vec<(usize, &'static str)> = Vec::new();
    // The known organisation an acronym names, if any; `Some(None)` for another known name.
    let known = |acr: &str| -> Option<Option<&'static str>> {
        let m = doc
            .lex
            .ac
            .find(acr)
            .filter(|m| m.start() == 0 && m.end() == acr.len())?;
        let p = doc.lex.patterns.get(m.pattern().as_usize())?;
        let e = doc.lex.entities.get(p.entity)?;
        Some((e.kind == LexKind::Org).then_some(e.name.as_str()))
    };
    for (ci, c) in out.iter().enumerate() {
        if c.kind != EntityKind::Organization {
            continue;
        }
        let Some(rest) = doc.text.get(c.end..) else {
            continue;
        };
        let Some(acr) = alias_after(rest) else {
            continue;
        };
        let letters = acr.chars().filter(|c| c.is_alphabetic()).count();
        let valid = (2..=8).contains(&acr.chars().count())
            && letters >= 2
            && acr
                .chars()
                .all(|c| c.is_uppercase() || c.is_ascii_digit() || c == '-')
            && acr.chars().next().is_some_and(|c| c.is_uppercase());
        if !valid {
            continue;
        }
        match known(acr) {
            // "United Nations Assistance Mission for Iraq (UNAMI)": the long form is UNAMI.
            Some(Some(name)) => {
                if matches!(c.name, Cow::Owned(_)) {
                    renamed.push((ci, name));
                }
            }
            Some(None) => {}
            None => {
                defined
                    .entry(acr.to_string())
                    .or_insert_with(|| c.name.to_string());
            }
        }
    }
    for (ci, name) in renamed {
        if let Some(c) = out.get_mut(ci) {
            c.name = Cow::Borrowed(name);
        }
    }
    if defined.is_empty() {
        return;
    }
    for (i, t) in doc.tokens.iter().enumerate() {
        if !t.cap || doc.shouting(i) || doc.known_kind(i).is_some() {
            continue;
        }
        if let Some(name) = defined.get(doc.base(i)) {
            out.push(Candidate {
                start: t.start,
                end: t.base_end,
                kind: EntityKind::Organization,
                name: Cow::Owned(name.clone()),
                strong: false,
            });
        }
    }
}
