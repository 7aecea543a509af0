//! Entity mentions: people (from the [`People`] registry), organisations and places (a gazetteer
//! compiled in, plus context rules), grouped under one canonical name each.
//!
//! The passes, all linear in the body:
//! 1. markdown escapes are removed (`U\.S\.` reads "U.S."), with a map back to body offsets;
//! 2. known names (countries, regions, cities, rivers, mountains, organisations with their aliases,
//!    demonyms) are matched with aho-corasick on word boundaries ([`gazetteer`]);
//! 3. organisation rules ([`orgs`]): capitalised names ending in a head word ("International
//!    Crisis Group"), "Ministry of Defence", "Iraqi government", acronyms defined in brackets;
//! 4. place rules ([`places`]): "in X", "near X", "the city of X", "X, Syria", "X River",
//!    "Lake X"; names that are also first names or words ("Jordan", "Chad") need such context;
//! 5. overlaps are resolved (persons first, then the longest), and organisation names are grouped
//!    ("Defense Ministry" → "Iraq's Defense Ministry").
//!
//! Canonical names: the first name of a gazetteer line ("ISIS", "ISIL", "Daesh" → "Islamic
//! State"; "U.S." → "United States"). The United States is an organisation when it acts
//! ("U.S. backed forces") and a place after "in", "into", "from"…: both share the name
//! "United States". A demonym alone ("Iraqi") is never a mention.

mod gazetteer;
mod orgs;
mod places;
mod scan;
#[cfg(test)]
mod tests;

use super::people::People;
use super::{EntityKind, Mention};
use gazetteer::{find_known, Known, LexKind, Lexicon};
use scan::{Clean, Token};
use std::collections::{BTreeMap, HashMap};

pub use gazetteer::is_known_place;

/// A mention found by a rule, in clean-text offsets.
#[derive(Debug, Clone)]
struct Candidate {
    start: usize,
    end: usize,
    kind: EntityKind,
    name: String,
    /// A place in a clear locative context ("in Jordan"): wins over a person of the same words.
    strong: bool,
}

/// The scanned body shared by the rules.
struct Doc<'a> {
    text: &'a str,
    tokens: Vec<Token>,
    shout: Vec<bool>,
    known: Vec<Known>,
    /// For each token, the known match covering it.
    cover: Vec<Option<usize>>,
    lex: &'static Lexicon,
}

impl<'a> Doc<'a> {
    fn new(text: &'a str) -> Doc<'a> {
        let lex = Lexicon::get();
        let tokens = scan::tokenize(text);
        let shout = scan::shouting_lines(&tokens);
        let known = find_known(lex, text);
        let mut cover = vec![None; tokens.len()];
        for (k, m) in known.iter().enumerate() {
            let mut t = tokens.partition_point(|t| t.end <= m.start);
            while t < tokens.len() && tokens[t].start < m.end {
                cover[t] = Some(k);
                t += 1;
            }
        }
        Doc {
            text,
            tokens,
            shout,
            known,
            cover,
            lex,
        }
    }

    fn word(&self, i: usize) -> &'a str {
        self.tokens
            .get(i)
            .map_or("", |t| &self.text[t.start..t.end])
    }

    /// The word without its possessive suffix.
    fn base(&self, i: usize) -> &'a str {
        self.tokens
            .get(i)
            .map_or("", |t| &self.text[t.start..t.base_end])
    }

    fn shouting(&self, i: usize) -> bool {
        self.tokens
            .get(i)
            .is_some_and(|t| self.shout.get(t.line).copied().unwrap_or(false))
    }

    /// Whether token `i` directly follows token `i - 1` with only spaces between.
    fn joined(&self, i: usize) -> bool {
        i > 0 && self.tokens.get(i).is_some_and(|t| t.ws_before)
    }

    fn is_stop(&self, i: usize) -> bool {
        self.lex.stop.contains(self.base(i))
    }

    fn is_org_head(&self, i: usize) -> bool {
        self.tokens.get(i).is_some_and(|t| t.cap) && self.lex.org_heads.contains(self.base(i))
    }

    /// The known match covering token `i`, with its entity.
    fn known_at(&self, i: usize) -> Option<(&Known, &gazetteer::Entity)> {
        let k = self.known.get((*self.cover.get(i)?)?)?;
        Some((k, self.lex.entities.get(k.pattern.entity)?))
    }

    fn known_kind(&self, i: usize) -> Option<LexKind> {
        self.known_at(i).map(|(_, e)| e.kind)
    }

    /// A capitalised word usable in a name: capitalised, not all caps, not in a shouting line.
    fn name_word(&self, i: usize) -> bool {
        self.tokens.get(i).is_some_and(|t| t.cap && !t.all_caps) && !self.shouting(i)
    }

    /// The word before token `i`, lowercased, when only spaces separate them.
    fn prev_lower(&self, i: usize) -> Option<String> {
        if self.joined(i) {
            Some(self.word(i - 1).to_lowercase())
        } else {
            None
        }
    }
}

/// Finds the entity mentions of `body`, in reading order, without overlaps.
pub fn find(body: &str, people: &People) -> Vec<Mention> {
    let clean = Clean::new(body);
    let doc = Doc::new(&clean.text);
    let mut cands: Vec<Candidate> = Vec::new();
    places::known(&doc, &mut cands);
    orgs::known(&doc, &mut cands);
    orgs::rules(&doc, &mut cands);
    places::rules(&doc, &mut cands);
    orgs::acronyms(&doc, &mut cands);
    group_orgs(&doc, &mut cands);

    // Everything in body offsets. Persons come first.
    struct Item {
        start: usize,
        end: usize,
        kind: EntityKind,
        name: String,
        text: String,
        prio: u8,
    }
    let strong: Vec<(usize, usize)> = cands
        .iter()
        .filter(|c| c.strong && c.kind == EntityKind::Place)
        .map(|c| (clean.raw(c.start), clean.raw(c.end)))
        .collect();
    let mut items: Vec<Item> = Vec::with_capacity(cands.len());
    for person in &people.persons {
        for span in &person.mentions {
            let (s, e) = (span.start, span.end);
            if s >= e || e > body.len() || !body.is_char_boundary(s) || !body.is_char_boundary(e) {
                continue;
            }
            // A clear place ("in Jordan") beats a person taken from the same words.
            if strong.iter().any(|&(ps, pe)| ps <= s && e <= pe) {
                continue;
            }
            let text = scan::unescape(&body[s..e]);
            items.push(Item {
                start: s,
                end: e,
                kind: EntityKind::Person,
                name: person.name.clone(),
                text,
                prio: 2,
            });
        }
    }
    for c in cands {
        if c.start >= c.end || c.end > doc.text.len() {
            continue;
        }
        let text = doc.text[c.start..c.end].to_string();
        let (start, end) = (clean.raw(c.start), clean.raw(c.end));
        if start < end {
            items.push(Item {
                start,
                end,
                kind: c.kind,
                name: c.name,
                text,
                prio: 1,
            });
        }
    }
    items.sort_by(|a, b| {
        b.prio
            .cmp(&a.prio)
            .then((b.end - b.start).cmp(&(a.end - a.start)))
            .then(a.start.cmp(&b.start))
    });
    let mut taken: BTreeMap<usize, usize> = BTreeMap::new();
    let mut out = Vec::new();
    for it in items {
        if let Some((_, &e)) = taken.range(..it.end).next_back() {
            if e > it.start {
                continue;
            }
        }
        taken.insert(it.start, it.end);
        out.push(Mention {
            text: it.text,
            kind: it.kind,
            name: it.name,
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
    // Demonym → country, for "Iraqi X" ≈ "Iraq's X".
    let mut country_of: HashMap<&str, &str> = HashMap::new();
    for e in &lex.entities {
        if e.kind == LexKind::Demonym && !e.country.is_empty() {
            country_of.insert(e.name.as_str(), e.country.as_str());
        }
    }
    let split = |name: &str| -> Option<(String, String)> {
        if let Some((head, rest)) = name.split_once("'s ") {
            if lex.place_names.contains(head) {
                return Some((head.to_string(), rest.to_string()));
            }
        }
        let (head, rest) = name.split_once(' ')?;
        let country = country_of.get(head)?;
        Some((country.to_string(), rest.to_string()))
    };
    // (country, rest) → the first name seen, preferring the possessive form.
    let mut by_key: HashMap<(String, String), String> = HashMap::new();
    for c in cands.iter().filter(|c| c.kind == EntityKind::Organization) {
        if let Some(key) = split(&c.name) {
            let entry = by_key.entry(key).or_insert_with(|| c.name.clone());
            if c.name.contains("'s ") && !entry.contains("'s ") {
                *entry = c.name.clone();
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
                c.name = name.clone();
            }
        } else if let Some(Some(name)) = by_rest.get(&c.name) {
            // Only multi-word bodies: "Ministry" alone is too vague to join.
            if c.name.contains(' ') {
                c.name = name.clone();
            }
        }
    }
}
