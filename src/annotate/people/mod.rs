//! The person registry: finds personal names in a body (with titles such as "Col." kept apart),
//! and resolves later short forms ("Heller", "Mr Blair", "he") to the fullest earlier name.
//! Shared by the quote speaker resolver and the entity grouper.
//!
//! Passes over the clean text (markdown escapes removed): candidates from capitalised runs
//! ([`detect`]), then a registry that merges short forms into the fullest earlier name, then a
//! sweep for lone surnames, then genders (titles, first names, pronouns) and roles and
//! organisations from appositives ([`roles`]).

mod detect;
mod roles;

use super::text::lexicon::{lexicon, lowercase, FastMap};
use super::text::Prose;
use super::Span;
use detect::{word, Tok};

/// Grammatical gender guessed from titles, pronouns and first names, for pronoun resolution.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Gender {
    Male,
    Female,
}

/// One person known to the registry.
#[derive(Debug, Clone, PartialEq)]
pub struct Person {
    /// The canonical (fullest) name, without title: "Sam Heller".
    pub name: String,
    pub title: Option<String>,
    pub role: Option<String>,
    pub organization: Option<String>,
    pub gender: Option<Gender>,
    /// Every mention of this person in the body (raw byte spans, titles excluded), in order.
    pub mentions: Vec<Span>,
}

/// All persons of one body.
#[derive(Debug, Clone, Default)]
pub struct People {
    pub persons: Vec<Person>,
    /// Every mention (raw span) with its person's index, sorted by start.
    index: Vec<(Span, usize)>,
    /// Lowercase name word → the persons whose name has it.
    by_token: FastMap<Vec<usize>>,
}

/// A person while the registry is built (clean offsets).
struct Draft {
    tokens: Vec<String>,
    title: Option<String>,
    gender: Option<Gender>,
    mentions: Vec<Span>,
    strong: bool,
}

impl Draft {
    fn last_before(&self, at: usize) -> Option<usize> {
        self.mentions
            .iter()
            .rev()
            .map(|m| m.start)
            .find(|&s| s < at)
    }
    fn has_token(&self, t: &str) -> bool {
        self.tokens.iter().any(|x| x.eq_ignore_ascii_case(t))
    }
}

/// The drafts, with an index from each lowercase name word to the drafts that hold it.
#[derive(Default)]
struct Registry {
    drafts: Vec<Draft>,
    by_token: FastMap<Vec<usize>>,
}

impl Registry {
    fn with_token(&self, t: &str) -> &[usize] {
        self.by_token
            .get(lowercase(t).as_ref())
            .map_or(&[], |v| v.as_slice())
    }

    /// The draft a short form `toks` at `at` refers to: the one with the latest mention before
    /// `at` whose name holds all the tokens, else the first fuller one after.
    fn pick(&self, toks: &[&str], at: usize) -> Option<usize> {
        let first = toks.first()?;
        let ks = self.with_token(first);
        let fits = |d: &Draft| toks.iter().all(|t| d.has_token(t));
        let before = ks
            .iter()
            .map(|&k| (k, &self.drafts[k]))
            .filter(|(_, d)| fits(d))
            .filter_map(|(k, d)| d.last_before(at).map(|s| (s, d.tokens.len(), k)))
            .max_by_key(|&(s, l, _)| (l > toks.len(), s));
        if let Some((_, _, k)) = before {
            return Some(k);
        }
        ks.iter().copied().find(|&k| {
            let d = &self.drafts[k];
            fits(d) && d.tokens.len() > toks.len()
        })
    }

    /// Records candidate `c`: a mention of a known person, or a new person.
    fn add(&mut self, text: &str, toks: &[Tok], c: &detect::Candidate) {
        let names: Vec<&str> = toks[c.name_from..c.name_to]
            .iter()
            .map(|t| word(text, t))
            .collect();
        let span = Span {
            start: toks[c.name_from].start,
            end: toks[c.name_to - 1].end,
        };
        let title = (c.name_from > c.title_from)
            .then(|| title_text(text, &toks[c.title_from..c.name_from]));
        let title_gender = toks[c.title_from..c.name_from]
            .iter()
            .find_map(|t| t.title.flatten());
        let last = names[names.len() - 1];
        let target = if names.len() >= 2 {
            let same_last = self.with_token(last);
            same_last
                .iter()
                .copied()
                .find(|&k| {
                    let d = &self.drafts[k];
                    d.tokens.len() == names.len() && names.iter().all(|n| d.has_token(n))
                })
                .or_else(|| {
                    // An earlier short form ("Heller") of this fuller name.
                    same_last.iter().rev().copied().find(|&k| {
                        let d = &self.drafts[k];
                        d.tokens.len() < names.len()
                            && d.tokens
                                .last()
                                .is_some_and(|t| t.eq_ignore_ascii_case(last))
                            && d.tokens
                                .iter()
                                .all(|t| names.iter().any(|n| n.eq_ignore_ascii_case(t)))
                    })
                })
                .or_else(|| self.pick(&names, span.start))
        } else {
            self.pick(&names, span.start)
        };
        let k = match target {
            Some(k) => k,
            None => {
                self.drafts.push(Draft {
                    tokens: Vec::new(),
                    title: None,
                    gender: None,
                    mentions: Vec::new(),
                    strong: false,
                });
                self.drafts.len() - 1
            }
        };
        let d = &mut self.drafts[k];
        if names.len() > d.tokens.len() {
            d.tokens = names.iter().map(|s| s.to_string()).collect();
            for n in &names {
                let e = self.by_token.entry(n.to_lowercase()).or_default();
                if !e.contains(&k) {
                    e.push(k);
                }
            }
        }
        let d = &mut self.drafts[k];
        if d.title.is_none() {
            d.title = title;
        }
        if d.gender.is_none() {
            d.gender = title_gender;
        }
        d.strong |= c.strong || names.len() >= 2;
        d.mentions.push(span);
    }
}

/// Whether `word` is one role noun, singular or plural ("Critics", "Officials", "Analyst"):
/// a description of people, not a name.
pub(crate) fn is_role_noun(word: &str) -> bool {
    let lex = lexicon();
    !word.contains(' ')
        && (lex.is_role(word) || word.strip_suffix('s').is_some_and(|w| lex.is_role(w)))
}

/// Capitalised words that look like a name next to a speech verb but are not one:
/// * a country, a city or a demonym named alone, without a title ("Officials from Brazil
///   continue", "told Dutch broadcaster NOS");
/// * a role noun alone, as a sentence starts with one ("Critics argued", "Supporters said");
/// * one word qualifying a role noun right after it ("said Brightwater analyst Omar Siddiqui");
/// * the end of an organisation's name ("the Centre for Regional Studies, said").
fn not_a_name(text: &str, toks: &[detect::Tok], c: &detect::Candidate) -> bool {
    let untitled = c.title_from == c.name_from;
    let name = text
        .get(toks[c.name_from].start..toks[c.name_to - 1].end)
        .unwrap_or("");
    if untitled && crate::annotate::entities::is_sure_place_or_demonym(name) {
        return true;
    }
    if untitled && is_role_noun(name) {
        return true;
    }
    let qualifies_role = toks.get(c.name_to).is_some_and(|next| {
        !next.cap
            && detect::adjacent(text, &toks[c.name_to - 1], next)
            && is_role_noun(detect::word(text, next))
    });
    if untitled && c.name_to - c.name_from == 1 && qualifies_role {
        return true;
    }
    let lex = lexicon();
    // "… Centre for | Ministry of" right before it.
    let k = c.title_from;
    k >= 2 && {
        let (link, head) = (&toks[k - 1], &toks[k - 2]);
        matches!(detect::word(text, link), "for" | "of")
            && head.cap
            && lex.is_org(detect::word(text, head))
    }
}

impl People {
    /// Finds the persons named in `body`.
    pub fn find(body: &str) -> People {
        People::find_in(&Prose::new(body))
    }

    /// Finds the persons named in a body already read as [`Prose`].
    pub fn find_in(prose: &Prose) -> People {
        let clean = &prose.clean;
        let text = prose.text();
        let toks = detect::tokens(text, &prose.lower, &prose.words);
        let cands = detect::candidates(text, &toks);
        let lex = lexicon();
        let mut reg = Registry::default();
        let not_a_name = |c: &&detect::Candidate| not_a_name(text, &toks, c);
        for c in cands
            .iter()
            .filter(|c| c.accepted)
            .filter(|c| !not_a_name(c))
        {
            reg.add(text, &toks, c);
        }
        // A run without evidence of its own is a person when a short form of it is one
        // ("Owen Pryce" … "Mr Pryce said").
        for c in cands
            .iter()
            .filter(|c| !c.accepted)
            .filter(|c| !not_a_name(c))
        {
            let last = word(text, &toks[c.name_to - 1]);
            let known = reg
                .with_token(last)
                .iter()
                .map(|&k| &reg.drafts[k])
                .any(|d| {
                    d.tokens
                        .last()
                        .is_some_and(|t| t.eq_ignore_ascii_case(last))
                });
            if known {
                reg.add(text, &toks, c);
            }
        }

        let mut drafts = reg.drafts;
        // Lone surnames and single names not caught as candidates ("Heller continued").
        let mut by_last: FastMap<Vec<usize>> = FastMap::default();
        for (k, d) in drafts.iter().enumerate() {
            if let Some(l) = d.tokens.last() {
                by_last.entry(l.to_lowercase()).or_default().push(k);
            }
        }
        let mut taken: Vec<Span> = drafts
            .iter()
            .flat_map(|d| d.mentions.iter().copied())
            .collect();
        taken.sort();
        for (ti, t) in toks.iter().enumerate() {
            if !t.name_shape {
                continue;
            }
            let hit = taken.partition_point(|s| s.end <= t.start);
            if taken.get(hit).is_some_and(|s| s.start < t.end) {
                continue;
            }
            let w = word(text, t);
            let ks = match by_last.get(lowercase(w).as_ref()) {
                Some(ks) => ks,
                None => continue,
            };
            // Part of a longer capitalised run that is something else ("Heller Street").
            let next_cap = toks
                .get(ti + 1)
                .is_some_and(|n| n.cap && detect::adjacent(text, t, n));
            let prev_cap = ti > 0
                && toks[ti - 1].cap
                && toks[ti - 1].title.is_none()
                && detect::adjacent(text, &toks[ti - 1], t)
                && !detect::info_of(text, &toks[ti - 1]).common;
            if next_cap || prev_cap {
                continue;
            }
            let k = ks
                .iter()
                .copied()
                .filter_map(|k| drafts[k].last_before(t.start).map(|s| (s, k)))
                .max()
                .map(|(_, k)| k)
                .unwrap_or(ks[0]);
            drafts[k].mentions.push(Span {
                start: t.start,
                end: t.end,
            });
        }

        drafts.retain(|d| d.strong && !d.tokens.is_empty());
        for d in &mut drafts {
            d.mentions.sort();
            d.mentions.dedup();
            if d.gender.is_none() && d.tokens.len() >= 2 {
                d.gender = d.tokens.first().and_then(|f| lex.first_name(f));
            }
        }
        pronoun_genders(text, &toks, &mut drafts);

        let mut persons = Vec::with_capacity(drafts.len());
        for d in &drafts {
            let (role, organization) = roles::role_of(text, &toks, &d.mentions);
            persons.push(Person {
                name: d.tokens.join(" "),
                title: d.title.clone(),
                role,
                organization,
                gender: d.gender,
                mentions: d
                    .mentions
                    .iter()
                    .map(|m| clean.raw_span(m.start, m.end))
                    .collect(),
            });
        }
        People::from_persons(persons)
    }

    /// A registry of the given persons, indexed (for callers and tests that know them).
    pub fn from_persons(persons: Vec<Person>) -> People {
        let mut index: Vec<(Span, usize)> = persons
            .iter()
            .enumerate()
            .flat_map(|(k, p)| p.mentions.iter().map(move |&m| (m, k)))
            .collect();
        index.sort();
        let mut by_token: FastMap<Vec<usize>> = FastMap::default();
        for (k, p) in persons.iter().enumerate() {
            for t in p.name.split(' ') {
                by_token.entry(t.to_lowercase()).or_default().push(k);
            }
        }
        People {
            persons,
            index,
            by_token,
        }
    }

    /// The person a name mention at byte offset `at` refers to ("Heller" → Sam Heller).
    pub fn resolve(&self, mention: &str, at: usize) -> Option<&Person> {
        if let Some(p) = self.mention_at(at) {
            return Some(p);
        }
        let lex = lexicon();
        let toks: Vec<&str> = mention
            .split_whitespace()
            .map(|t| t.trim_matches(|c: char| !c.is_alphanumeric() && c != '-'))
            .filter(|t| !t.is_empty() && lex.title(t).is_none())
            .collect();
        if toks.is_empty() {
            return None;
        }
        let fits = |p: &Person| {
            toks.iter()
                .all(|t| p.name.split(' ').any(|n| n.eq_ignore_ascii_case(t)))
        };
        let ks = self.by_token.get(lowercase(toks[0]).as_ref())?;
        // The fitting person mentioned last before `at`, else the first one.
        let mut best: Option<(usize, usize)> = None;
        for &k in ks {
            let p = &self.persons[k];
            if !fits(p) {
                continue;
            }
            let i = p.mentions.partition_point(|m| m.start < at);
            if i > 0 {
                let s = p.mentions[i - 1].start;
                if best.is_none_or(|(bs, _)| s > bs) {
                    best = Some((s, k));
                }
            }
        }
        match best {
            Some((_, k)) => self.persons.get(k),
            None => ks.iter().map(|&k| &self.persons[k]).find(|p| fits(p)),
        }
    }

    /// The mentions starting in `[start, end)`, in order, with their persons.
    pub fn mentions_in(&self, start: usize, end: usize) -> impl Iterator<Item = (Span, &Person)> {
        let i = self.index.partition_point(|(s, _)| s.start < start);
        self.index[i..]
            .iter()
            .take_while(move |(s, _)| s.start < end)
            .filter(move |(s, _)| s.end <= end)
            .map(|(s, k)| (*s, &self.persons[*k]))
    }

    /// The person with a mention covering byte offset `at`.
    pub fn mention_at(&self, at: usize) -> Option<&Person> {
        let i = self.index.partition_point(|(s, _)| s.end <= at);
        self.index
            .get(i)
            .filter(|(s, _)| s.start <= at)
            .and_then(|(_, k)| self.persons.get(*k))
    }

    /// The nearest person mentioned before `at` that fits `gender` (for "he said").
    pub fn nearest_before(&self, at: usize, gender: Option<Gender>) -> Option<&Person> {
        let i = self.index.partition_point(|(s, _)| s.start < at);
        self.index[..i]
            .iter()
            .rev()
            .take(5000)
            .map(|(_, k)| &self.persons[*k])
            .find(|p| gender.is_none() || p.gender.is_none() || p.gender == gender)
    }
}

/// The title as written: "Col.", "Maj. Gen.", "Prime Minister".
fn title_text(text: &str, toks: &[Tok]) -> String {
    let mut out = String::new();
    for t in toks {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word(text, t));
        if text.get(t.end..t.end + 1) == Some(".") {
            out.push('.');
        }
    }
    out
}

/// Genders from the pronouns that follow a person's mentions before anyone else is named.
fn pronoun_genders(text: &str, toks: &[Tok], drafts: &mut [Draft]) {
    let mut owner: Vec<(usize, usize)> = drafts
        .iter()
        .enumerate()
        .flat_map(|(k, d)| d.mentions.iter().map(move |m| (m.start, k)))
        .collect();
    owner.sort();
    let mut votes = vec![(0u32, 0u32); drafts.len()];
    let mut oi = 0;
    let mut current: Option<(usize, usize)> = None; // (person, mention start)
    for t in toks {
        while oi < owner.len() && owner[oi].0 <= t.start {
            current = Some((owner[oi].1, owner[oi].0));
            oi += 1;
        }
        let (k, from) = match current {
            Some(c) => c,
            None => continue,
        };
        if t.start > from + 400 {
            continue;
        }
        // Every pronoun below starts with h or s: most words need no comparison.
        if !matches!(
            text.as_bytes().get(t.start),
            Some(b'h' | b'H' | b's' | b'S')
        ) {
            continue;
        }
        match word(text, t) {
            "he" | "He" | "him" | "his" | "His" | "himself" => votes[k].0 += 1,
            "she" | "She" | "her" | "Her" | "hers" | "herself" => votes[k].1 += 1,
            _ => continue,
        }
        current = None;
    }
    for (d, (m, f)) in drafts.iter_mut().zip(votes) {
        if d.gender.is_none() && m != f {
            d.gender = Some(if m > f { Gender::Male } else { Gender::Female });
        }
    }
}

#[cfg(test)]
mod tests;
