//! The word lists behind the entity rules, compiled in from `src/annotate/data/gazetteer_*.txt`
//! and parsed once: known places and organisations (with aliases), demonyms, organisation and
//! place head words, and capitalised words that never start a name.

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, MatchKind};
use std::collections::{HashMap, HashSet};
use std::hash::BuildHasherDefault;
use std::sync::OnceLock;

use crate::annotate::text::lexicon::WordSet;

pub(super) type FastSet = HashSet<String, BuildHasherDefault<rustc_hash::FxHasher>>;
pub(super) type FastMap = HashMap<String, String, BuildHasherDefault<rustc_hash::FxHasher>>;

const COUNTRIES: &str = include_str!("../data/gazetteer_countries.txt");
const REGIONS: &str = include_str!("../data/gazetteer_regions.txt");
const CITIES: &str = include_str!("../data/gazetteer_cities.txt");
const WATER: &str = include_str!("../data/gazetteer_water.txt");
const MOUNTAINS: &str = include_str!("../data/gazetteer_mountains.txt");
const ORGS: &str = include_str!("../data/gazetteer_orgs.txt");
const DEMONYMS: &str = include_str!("../data/gazetteer_demonyms.txt");
const ORG_HEADS: &str = include_str!("../data/gazetteer_org_heads.txt");
const PLACE_HEADS: &str = include_str!("../data/gazetteer_place_heads.txt");
const STOPWORDS: &str = include_str!("../data/gazetteer_stopwords.txt");
const NOT_PLACES: &str = include_str!("../data/gazetteer_not_places.txt");

/// What a known name is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum LexKind {
    Place,
    Org,
    Demonym,
}

/// One known entity (a line of a data file).
#[derive(Debug, Clone)]
pub(super) struct Entity {
    pub kind: LexKind,
    pub name: String,
    /// A country or a first-level region: the "Y" of "X, Y".
    pub admin: bool,
    /// A state often acting as an organisation ("U.S."): see gazetteer_countries.txt.
    pub actor: bool,
    /// For a demonym, the country it belongs to ("" for faiths and the like).
    pub country: String,
    /// An organisation with national branches: "Turkish Red Crescent" is its own entity.
    pub national: bool,
}

/// One surface form (an aho-corasick pattern).
#[derive(Debug, Clone, Copy)]
pub(super) struct Pattern {
    pub entity: usize,
    /// Also a common word or first name: needs supporting context.
    pub ambiguous: bool,
}

pub(super) struct Lexicon {
    pub ac: AhoCorasick,
    pub patterns: Vec<Pattern>,
    pub entities: Vec<Entity>,
    pub place_names: FastSet,
    /// Place names and demonyms that are nothing else (not marked `?`): "Brazil", "Dutch", not
    /// "Jordan".
    pub sure_place_or_demonym_names: FastSet,
    /// Country canonical name → its first demonym ("Iraq" → "Iraqi").
    pub demonym_of: FastMap,
    /// Demonym → its country ("Iraqi" → "Iraq"), for "Iraqi X" ≈ "Iraq's X".
    pub country_of: FastMap,
    pub org_heads: WordSet,
    /// Place head word sequences written after the name ("River") and before it ("Gulf of").
    pub place_after: Vec<Vec<String>>,
    pub place_before: Vec<Vec<String>>,
    /// The first word of every place head sequence, to skip most words at once.
    pub place_head_first: WordSet,
    pub stop: WordSet,
    /// Words never taken as an unknown place.
    pub not_places: WordSet,
}

use crate::util::data_lines as lines;

impl Lexicon {
    fn build() -> Lexicon {
        let mut surfaces: Vec<String> = Vec::new();
        let mut patterns: Vec<Pattern> = Vec::new();
        let mut entities: Vec<Entity> = Vec::new();
        let mut seen: HashSet<String> = HashSet::new();
        let mut place_names = FastSet::default();
        let mut sure_place_or_demonym_names = FastSet::default();
        let mut demonym_of = FastMap::default();
        let files: [(&str, LexKind, bool); 7] = [
            (COUNTRIES, LexKind::Place, true),
            (REGIONS, LexKind::Place, true),
            (CITIES, LexKind::Place, false),
            (WATER, LexKind::Place, false),
            (MOUNTAINS, LexKind::Place, false),
            (ORGS, LexKind::Org, false),
            (DEMONYMS, LexKind::Demonym, false),
        ];
        for (data, kind, admin) in files {
            for line in lines(data) {
                let (actor, line) = match line.strip_prefix('@') {
                    Some(rest) => (true, rest),
                    None => (false, line),
                };
                let (national, line) = match line.strip_prefix('+') {
                    Some(rest) => (true, rest),
                    None => (false, line),
                };
                let mut fields = line.split('|').map(str::trim);
                let Some(first) = fields.next() else { continue };
                let name = first.trim_start_matches('?').to_string();
                if name.is_empty() {
                    continue;
                }
                let mut country = String::new();
                let mut forms: Vec<&str> = vec![first];
                if kind == LexKind::Demonym {
                    country = fields.next().unwrap_or("").to_string();
                    if !country.is_empty() {
                        demonym_of
                            .entry(country.clone())
                            .or_insert_with(|| name.clone());
                    }
                } else {
                    forms.extend(fields);
                }
                let entity = entities.len();
                entities.push(Entity {
                    kind,
                    name,
                    admin,
                    actor,
                    country,
                    national,
                });
                for form in forms {
                    let ambiguous = form.starts_with('?');
                    let form = form.trim_start_matches('?');
                    if form.is_empty() || !seen.insert(form.to_string()) {
                        continue;
                    }
                    if kind == LexKind::Place {
                        place_names.insert(form.to_string());
                    }
                    if matches!(kind, LexKind::Place | LexKind::Demonym) && !ambiguous {
                        sure_place_or_demonym_names.insert(form.to_string());
                    }
                    surfaces.push(form.to_string());
                    patterns.push(Pattern { entity, ambiguous });
                }
            }
        }
        // A DFA: more memory than the default NFA, but the scan runs over every body.
        let ac = AhoCorasickBuilder::new()
            .kind(Some(AhoCorasickKind::DFA))
            .match_kind(MatchKind::LeftmostLongest)
            .build(&surfaces)
            .expect("gazetteer patterns are valid");
        let mut place_after = Vec::new();
        let mut place_before = Vec::new();
        for line in lines(PLACE_HEADS) {
            if let Some(rest) = line.strip_prefix("after ") {
                place_after.push(rest.split_whitespace().map(String::from).collect());
            } else if let Some(rest) = line.strip_prefix("before ") {
                place_before.push(rest.split_whitespace().map(String::from).collect());
            }
        }
        let place_head_first = place_after
            .iter()
            .chain(&place_before)
            .filter_map(|seq: &Vec<String>| seq.first().cloned())
            .collect();
        let mut country_of = FastMap::default();
        for e in &entities {
            if e.kind == LexKind::Demonym && !e.country.is_empty() {
                country_of.insert(e.name.clone(), e.country.clone());
            }
        }
        Lexicon {
            ac,
            place_head_first,
            country_of,
            patterns,
            entities,
            place_names,
            sure_place_or_demonym_names,
            demonym_of,
            org_heads: lines(ORG_HEADS).map(String::from).collect(),
            place_after,
            place_before,
            stop: lines(STOPWORDS).map(String::from).collect(),
            not_places: lines(NOT_PLACES).map(String::from).collect(),
        }
    }

    pub fn get() -> &'static Lexicon {
        static LEXICON: OnceLock<Lexicon> = OnceLock::new();
        LEXICON.get_or_init(Lexicon::build)
    }
}

/// A match of a known name in the clean text.
#[derive(Debug, Clone, Copy)]
pub(super) struct Known {
    pub start: usize,
    pub end: usize,
    pub pattern: Pattern,
}

/// Finds the known names of the clean text, whole words only.
pub(super) fn find_known(lex: &Lexicon, text: &str) -> Vec<Known> {
    let mut out = Vec::new();
    for m in lex.ac.find_iter(text) {
        let (s, e) = (m.start(), m.end());
        let before = text[..s].chars().next_back();
        let after = text[e..].chars().next();
        if before.is_some_and(|c| c.is_alphanumeric()) || after.is_some_and(|c| c.is_alphanumeric())
        {
            continue;
        }
        // "U.S.-backed" is fine, "Iraq-born" too; but not a word glued by an apostrophe
        // ("O'Hit").
        if before.is_some_and(|c| c == '\'' || c == '’')
            && text[..s]
                .chars()
                .rev()
                .nth(1)
                .is_some_and(|c| c.is_alphabetic())
        {
            continue;
        }
        let Some(&pattern) = lex.patterns.get(m.pattern().as_usize()) else {
            continue;
        };
        out.push(Known {
            start: s,
            end: e,
            pattern,
        });
    }
    out
}

/// Whether `word` is a place in the gazetteer (a canonical name or an alias, case-sensitive).
pub fn is_known_place(word: &str) -> bool {
    Lexicon::get().place_names.contains(word)
}

/// Whether `name` is a place in the gazetteer, or the word for its people, and nothing else:
/// not a name that is also a first name or a word ("Brazil", "Kenya", "Dutch"; not "Jordan",
/// "Chad"). It tells where someone is from, never who.
pub fn is_sure_place_or_demonym(name: &str) -> bool {
    Lexicon::get().sure_place_or_demonym_names.contains(name)
}
