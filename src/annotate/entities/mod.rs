//! Entity mentions: people (from the [`People`] registry), organisations and places (a gazetteer
//! compiled in, plus context rules), grouped under one canonical name each.
//!
//! The passes, all linear in the body:
//! 1. markdown escapes are removed (`U\.S\.` reads "U.S."), with a map back to body offsets;
//!    the body is split into words; lines in capitals or in title case are marked, and only known
//!    names are taken there;
//! 2. known names (countries, regions, cities, rivers, mountains, organisations with their aliases,
//!    demonyms) are matched with aho-corasick on word boundaries ([`gazetteer`]);
//! 3. organisation rules ([`orgs`]): capitalised names with a head word ("International Crisis
//!    Group", "Iraq’s Defense Ministry", "Ministry of Defence"), "Iraqi government", "the
//!    Saudi-led coalition", "Turkish Red Crescent", and short names given in the text ("Syrian
//!    Democratic Forces (SDF)", "…, also known as HTS");
//! 4. place rules ([`places`]): "in X", "near X", "north of X", "the city of X", "captured X",
//!    "X, Syria", "X River", "Lake X", "X air base"; names that are also first names or words
//!    ("Jordan", "Chad", "Hit") need such context, and a known place inside a longer name
//!    ("Manchester United") is dropped;
//! 5. overlaps are resolved (persons first, then the longest), and organisation names are grouped
//!    ("Iraqi Defense Ministry" and "Defense Ministry" → "Iraq's Defense Ministry").
//!
//! Canonical names: the first name of a gazetteer line ("ISIS", "ISIL", "Daesh" → "Islamic
//! State"; "U.S." → "United States"; "al-Qaim" → "Qaim"). The United States is an organisation
//! when it acts ("U.S. backed forces") and a place after "in", "into", "from"…: both share the
//! name "United States". A demonym alone ("Iraqi") is never a mention. A person from the
//! registry wins over any overlapping organisation or place, except a known place in a clear
//! locative context ("in Jordan").

mod datelines;
mod gazetteer;
mod orgs;
mod places;
mod scan;
#[cfg(test)]
mod tests;

use super::people::People;
use super::text::{words, Clean, Word};
use super::{EntityKind, Mention};
use gazetteer::{find_known, Known, LexKind, Lexicon};
use scan::Token;
use std::borrow::Cow;
use std::collections::HashMap;

pub use gazetteer::{is_known_place, is_sure_place_or_demonym};

/// A mention found by a rule, in clean-text offsets.
#[derive(Debug, Clone)]
struct Candidate {
    start: usize,
    end: usize,
    kind: EntityKind,
    name: Cow<'static, str>,
    /// A place in a clear locative context ("in Jordan"): wins over a person of the same words.
    strong: bool,
}

/// The scanned body shared by the rules.
struct Doc<'a> {
    text: &'a str,
    tokens: Vec<Token>,
    shout: Vec<bool>,
    /// Lines in title case: known names only, no rules on capitals.
    title: Vec<bool>,
    known: Vec<Known>,
    /// For each token, the known match covering it.
    cover: Vec<Option<usize>>,
    lex: &'static Lexicon,
}

impl<'a> Doc<'a> {
    fn new(text: &'a str, words: &[Word]) -> Doc<'a> {
        let lex = Lexicon::get();
        let tokens = scan::tokenize(text, words);
        let shout = scan::shouting_lines(&tokens);
        let title = scan::title_lines(text, &tokens);
        let known = find_known(lex, text);
        let mut cover = vec![None; tokens.len()];
        let mut first = 0;
        for (k, m) in known.iter().enumerate() {
            // Matches come in order: walk the tokens once.
            while first < tokens.len() && tokens[first].end <= m.start {
                first += 1;
            }
            let mut t = first;
            while t < tokens.len() && tokens[t].start < m.end {
                cover[t] = Some(k);
                t += 1;
            }
        }
        Doc {
            text,
            tokens,
            shout,
            title,
            known,
            cover,
            lex,
        }
    }

    #[inline]
    fn word(&self, i: usize) -> &'a str {
        self.tokens
            .get(i)
            .map_or("", |t| &self.text[t.start..t.end])
    }

    /// The word without its possessive suffix.
    #[inline]
    fn base(&self, i: usize) -> &'a str {
        self.tokens
            .get(i)
            .map_or("", |t| &self.text[t.start..t.base_end])
    }

    #[inline]
    fn shouting(&self, i: usize) -> bool {
        self.tokens
            .get(i)
            .is_some_and(|t| self.shout.get(t.line).copied().unwrap_or(false))
    }

    /// Whether token `i` directly follows token `i - 1` with only spaces between.
    #[inline]
    fn joined(&self, i: usize) -> bool {
        i > 0 && self.tokens.get(i).is_some_and(|t| t.ws_before)
    }

    #[inline]
    fn is_stop(&self, i: usize) -> bool {
        self.lex.stop.contains(self.base(i))
    }

    #[inline]
    fn is_org_head(&self, i: usize) -> bool {
        self.tokens.get(i).is_some_and(|t| t.cap) && self.lex.org_heads.contains(self.base(i))
    }

    /// The known match covering token `i`, with its entity.
    #[inline]
    fn known_at(&self, i: usize) -> Option<(&Known, &'static gazetteer::Entity)> {
        let k = self.known.get((*self.cover.get(i)?)?)?;
        Some((k, self.lex.entities.get(k.pattern.entity)?))
    }

    #[inline]
    fn known_kind(&self, i: usize) -> Option<LexKind> {
        self.known_at(i).map(|(_, e)| e.kind)
    }

    /// Whether token `i` is on a title-case or shouting line.
    #[inline]
    fn titled(&self, i: usize) -> bool {
        self.tokens
            .get(i)
            .is_some_and(|t| self.title.get(t.line).copied().unwrap_or(false))
            || self.shouting(i)
    }

    /// A capitalised word usable in a name: capitalised, not all caps, not in a title-case or
    /// shouting line.
    #[inline]
    fn name_word(&self, i: usize) -> bool {
        self.tokens.get(i).is_some_and(|t| t.cap && !t.all_caps) && !self.titled(i)
    }

    /// Whether token `i` is one of `set` (lowercase words), ignoring ASCII case.
    #[inline]
    fn word_in(&self, i: usize, set: &[&str]) -> bool {
        let w = self.word(i);
        set.iter().any(|s| s.eq_ignore_ascii_case(w))
    }

    /// Whether the word before token `i`, with only spaces between, is one of `set`.
    #[inline]
    fn prev_in(&self, i: usize, set: &[&str]) -> bool {
        self.joined(i) && self.word_in(i - 1, set)
    }
}

/// Finds the entity mentions of `body`, in reading order, without overlaps.
pub fn find(body: &str, people: &People) -> Vec<Mention> {
    let clean = Clean::new(body);
    find_in(body, &clean, &words(&clean.text), people)
}

/// [`find`] with the body's clean view and its words already made (see
/// [`super::text::Prose`]).
pub fn find_in(body: &str, clean: &Clean, words: &[Word], people: &People) -> Vec<Mention> {
    let doc = Doc::new(&clean.text, words);
    let mut cands: Vec<Candidate> = Vec::new();
    places::known(&doc, &mut cands);
    datelines::find(&doc, &mut cands);
    orgs::known(&doc, &mut cands);
    orgs::rules(&doc, &mut cands);
    places::rules(&doc, &mut cands);
    orgs::acronyms(&doc, &mut cands);
    group_orgs(&doc, &mut cands);

    // Everything in body offsets. Persons come first, then the longest.
    #[derive(Clone, Copy)]
    enum Source {
        Person(usize),
        Rule(usize),
    }
    struct Item {
        start: usize,
        end: usize,
        prio: u8,
        source: Source,
    }
    let mut strong: Vec<(usize, usize)> = cands
        .iter()
        .filter(|c| c.strong && c.kind == EntityKind::Place)
        .map(|c| (clean.raw_start(c.start), clean.raw_end(c.end)))
        .collect();
    strong.sort_unstable();
    let mut items: Vec<Item> = Vec::with_capacity(cands.len());
    for (p, person) in people.persons.iter().enumerate() {
        for span in &person.mentions {
            let (s, e) = (span.start, span.end);
            if s >= e || e > body.len() || !body.is_char_boundary(s) || !body.is_char_boundary(e) {
                continue;
            }
            // A clear place ("in Jordan") beats a person taken from the same words.
            let k = strong.partition_point(|&(ps, _)| ps <= s);
            if k > 0 && strong[k - 1].1 >= e {
                continue;
            }
            items.push(Item {
                start: s,
                end: e,
                prio: 2,
                source: Source::Person(p),
            });
        }
    }
    let protected = scan::protected_ranges(body);
    let in_markup = |s: usize, e: usize| {
        let k = protected.partition_point(|&(_, pe)| pe <= s);
        protected.get(k).is_some_and(|&(ps, _)| ps < e)
    };
    for (i, c) in cands.iter().enumerate() {
        if c.start >= c.end || c.end > doc.text.len() {
            continue;
        }
        let (start, end) = (clean.raw_start(c.start), clean.raw_end(c.end));
        if start < end && !in_markup(start, end) {
            items.push(Item {
                start,
                end,
                prio: 1,
                source: Source::Rule(i),
            });
        }
    }
    // Overlaps only matter inside clusters of overlapping items, usually of one: sort by start,
    // and inside each cluster keep persons first, then the longest.
    items.sort_unstable_by_key(|it| (it.start, it.end));
    let mut keep: Vec<&Item> = Vec::with_capacity(items.len());
    let mut cluster: Vec<&Item> = Vec::new();
    let mut k = 0;
    while k < items.len() {
        let mut reach = items[k].end;
        let mut m = k + 1;
        while m < items.len() && items[m].start < reach {
            reach = reach.max(items[m].end);
            m += 1;
        }
        if m == k + 1 {
            keep.push(&items[k]);
        } else {
            cluster.clear();
            cluster.extend(&items[k..m]);
            cluster.sort_by(|a, b| {
                b.prio
                    .cmp(&a.prio)
                    .then((b.end - b.start).cmp(&(a.end - a.start)))
                    .then(a.start.cmp(&b.start))
            });
            let first = keep.len();
            for it in &cluster {
                if keep[first..]
                    .iter()
                    .all(|o| o.end <= it.start || it.end <= o.start)
                {
                    keep.push(it);
                }
            }
            keep[first..].sort_by_key(|it| it.start);
        }
        k = m;
    }
    let mut out = Vec::with_capacity(keep.len());
    for it in keep {
        let (text, kind, name) = match it.source {
            Source::Person(p) => (
                scan::unescape(&body[it.start..it.end]),
                EntityKind::Person,
                people.persons[p].name.clone(),
            ),
            Source::Rule(i) => {
                let c = &cands[i];
                (
                    doc.text[c.start..c.end].to_string(),
                    c.kind,
                    c.name.to_string(),
                )
            }
        };
        out.push(Mention {
            text,
            kind,
            name,
            start: it.start,
            end: it.end,
        });
    }
    out.sort_by_key(|m| m.start);
    out
}

/// Groups organisation names: "Iraqi Defense Ministry" and "Iraq's Defense Ministry" share one
/// name, and a bare "Defense Ministry" joins the one longer name ending with it.
fn group_orgs(doc: &Doc, cands: &mut [Candidate]) {
    let lex = doc.lex;
    let split = |name: &str| -> Option<(String, String)> {
        if let Some((head, rest)) = name.split_once("'s ") {
            if lex.place_names.contains(head) {
                return Some((head.to_string(), rest.to_string()));
            }
        }
        let (head, rest) = name.split_once(' ')?;
        let country = lex.country_of.get(head)?;
        Some((country.to_string(), rest.to_string()))
    };
    // (country, rest) → the first name seen, preferring the possessive form.
    let mut by_key: HashMap<(String, String), String> = HashMap::new();
    let rule_org =
        |c: &Candidate| c.kind == EntityKind::Organization && matches!(c.name, Cow::Owned(_));
    for c in cands.iter().filter(|c| rule_org(c)) {
        if let Some(key) = split(&c.name) {
            let entry = by_key.entry(key).or_insert_with(|| c.name.to_string());
            if c.name.contains("'s ") && !entry.contains("'s ") {
                *entry = c.name.to_string();
            }
        }
    }
    // rest → the single qualified name ending with it.
    let mut by_rest: HashMap<String, Option<String>> = HashMap::new();
    for ((_, rest), name) in &by_key {
        by_rest
            .entry(rest.clone())
            .and_modify(|v| {
                if v.as_deref() != Some(name.as_str()) {
                    *v = None
                }
            })
            .or_insert_with(|| Some(name.clone()));
    }
    for c in cands
        .iter_mut()
        .filter(|c| c.kind == EntityKind::Organization)
    {
        if let Some(key) = split(&c.name) {
            if let Some(name) = by_key.get(&key) {
                c.name = Cow::Owned(name.clone());
            }
        } else if let Some(Some(name)) = by_rest.get(c.name.as_ref()) {
            // Only multi-word bodies: "Ministry" alone is too vague to join.
            if c.name.contains(' ') {
                c.name = Cow::Owned(name.clone());
            }
        }
    }
}
