//! The facts scanner's word lists, parsed once from the data files under
//! `src/annotate/data/facts/`.

use std::collections::{HashMap as StdMap, HashSet as StdSet};
use std::hash::BuildHasherDefault;
use std::sync::OnceLock;

/// The class of a number word.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NumClass {
    Card,
    Tens,
    Hundred,
    Scale,
    Dozen,
    Ord,
    Frac,
    PScale,
}

/// A unit of measure.
#[derive(Debug, Clone)]
pub struct Unit {
    pub code: String,
    pub dim: String,
    pub factor: f64,
    pub to: String,
}

/// A time unit: its ISO 8601 designator and multiplier.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TimeUnit {
    pub designator: char,
    pub mult: f64,
}

/// The word sets of `data/facts/words.txt`, by their `[section]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Set {
    Approx,
    ApproxAfter,
    Ident,
    Stop,
    Plural,
    NotPlural,
    Future,
    Abbrev,
    DurationLead,
    Past,
    NotPast,
}

impl Set {
    pub const ALL: [Set; 11] = [
        Set::Approx,
        Set::ApproxAfter,
        Set::Ident,
        Set::Stop,
        Set::Plural,
        Set::NotPlural,
        Set::Future,
        Set::Abbrev,
        Set::DurationLead,
        Set::Past,
        Set::NotPast,
    ];

    /// The section name in `words.txt`.
    pub fn name(self) -> &'static str {
        match self {
            Set::Approx => "approx",
            Set::ApproxAfter => "approx_after",
            Set::Ident => "ident",
            Set::Stop => "stop",
            Set::Plural => "plural",
            Set::NotPlural => "not_plural",
            Set::Future => "future",
            Set::Abbrev => "abbrev",
            Set::DurationLead => "duration_lead",
            Set::Past => "past",
            Set::NotPast => "not_past",
        }
    }
}

/// Everything the scanner looks words up in.
pub struct Lexicon {
    pub numbers: HashMap<String, (f64, NumClass)>,
    /// Unit phrases as lowercase word sequences, longest first per first word.
    pub units: HashMap<String, Vec<(Vec<String>, usize)>>,
    pub unit_list: Vec<Unit>,
    pub time_units: HashMap<String, TimeUnit>,
    pub currency_syms: HashMap<String, String>,
    /// The first chars of the currency symbols ("$", "U" of "US$"): a symbol can only start
    /// with one of them.
    pub currency_sym_starts: Vec<char>,
    /// Currency names after an amount, as word sequences keyed by first word.
    pub currency_names: HashMap<String, Vec<(Vec<String>, String)>>,
    pub currency_codes: HashSet<String>,
    pub months: HashMap<String, u32>,
    pub weekdays: HashMap<String, u32>,
    /// The word sets of `words.txt`, indexed by [`Set`].
    pub sets: [HashSet<String>; Set::ALL.len()],
    /// Lowercase words and marks a numeric fact can start with (a fast first test).
    pub starters: HashSet<String>,
    /// The shapes of the starters, as a first test before hashing: for each first byte, a
    /// bit per length (lengths from 63 share the last bit). Most tokens ("of", ",", "said")
    /// have a shape no starter has.
    pub starter_shapes: [u64; 256],
    /// The same shapes for the names of months and weekdays (tested for every capitalised
    /// word).
    pub date_name_shapes: [u64; 256],
    /// First words of the approximating phrases ("around", "an" of "an estimated").
    pub approx_first: HashSet<String>,
}

type Build = BuildHasherDefault<rustc_hash::FxHasher>;
pub type HashMap<K, V> = StdMap<K, V, Build>;
pub type HashSet<K> = StdSet<K, Build>;

static LEXICON: OnceLock<Lexicon> = OnceLock::new();

const NUMBERS: &str = include_str!("../data/facts/numbers.txt");
const UNITS: &str = include_str!("../data/facts/units.txt");
const TIME_UNITS: &str = include_str!("../data/facts/time_units.txt");
const CURRENCIES: &str = include_str!("../data/facts/currencies.txt");
const CALENDAR: &str = include_str!("../data/facts/calendar.txt");
const WORDS: &str = include_str!("../data/facts/words.txt");

use crate::util::data_lines as lines;

/// The shared lexicon.
pub fn get() -> &'static Lexicon {
    LEXICON.get_or_init(build)
}

fn build() -> Lexicon {
    let mut numbers = HashMap::default();
    for l in lines(NUMBERS) {
        let f: Vec<&str> = l.split('\t').collect();
        if f.len() < 3 {
            continue;
        }
        let class = match f[2] {
            "card" => NumClass::Card,
            "tens" => NumClass::Tens,
            "hundred" => NumClass::Hundred,
            "scale" => NumClass::Scale,
            "dozen" => NumClass::Dozen,
            "ord" => NumClass::Ord,
            "frac" => NumClass::Frac,
            _ => NumClass::PScale,
        };
        numbers.insert(f[0].to_string(), (f[1].parse().unwrap_or(0.0), class));
    }
    let mut units: HashMap<String, Vec<(Vec<String>, usize)>> = HashMap::default();
    let mut unit_list = Vec::new();
    for l in lines(UNITS) {
        let f: Vec<&str> = l.split('|').collect();
        if f.len() < 5 {
            continue;
        }
        let idx = unit_list.len();
        unit_list.push(Unit {
            code: f[1].to_string(),
            dim: f[2].to_string(),
            factor: f[3].parse().unwrap_or(0.0),
            to: f[4].to_string(),
        });
        for v in f[0].split(',') {
            let ws = unit_words(v);
            if let Some(first) = ws.first() {
                units
                    .entry(first.clone())
                    .or_default()
                    .push((ws.clone(), idx));
            }
        }
    }
    for v in units.values_mut() {
        v.sort_by(|a, b| b.0.len().cmp(&a.0.len()));
    }
    let mut time_units = HashMap::default();
    for l in lines(TIME_UNITS) {
        let f: Vec<&str> = l.split('|').collect();
        if f.len() < 3 {
            continue;
        }
        let tu = TimeUnit {
            designator: f[1].chars().next().unwrap_or('D'),
            mult: f[2].parse().unwrap_or(1.0),
        };
        for v in f[0].split(',') {
            time_units.insert(v.to_string(), tu);
        }
    }
    let mut currency_syms = HashMap::default();
    let mut currency_names: HashMap<String, Vec<(Vec<String>, String)>> = HashMap::default();
    let mut currency_codes = HashSet::default();
    for l in lines(CURRENCIES) {
        let f: Vec<&str> = l.split('|').collect();
        if f.len() < 3 {
            continue;
        }
        for v in f[1].split(',') {
            match f[0] {
                "sym" => {
                    currency_syms.insert(v.to_string(), f[2].to_string());
                }
                "name" => {
                    let ws = unit_words(v);
                    if let Some(first) = ws.first() {
                        currency_names
                            .entry(first.clone())
                            .or_default()
                            .push((ws.clone(), f[2].to_string()));
                    }
                }
                _ => {
                    currency_codes.insert(v.to_string());
                }
            }
        }
    }
    for v in currency_names.values_mut() {
        v.sort_by(|a, b| b.0.len().cmp(&a.0.len()));
    }
    let mut months = HashMap::default();
    let mut weekdays = HashMap::default();
    for l in lines(CALENDAR) {
        let f: Vec<&str> = l.split('|').collect();
        if f.len() < 3 {
            continue;
        }
        let n: u32 = f[2].parse().unwrap_or(1);
        let map = if f[0] == "month" {
            &mut months
        } else {
            &mut weekdays
        };
        for v in f[1].split(',') {
            map.insert(v.to_string(), n);
        }
    }
    let mut sets: [HashSet<String>; Set::ALL.len()] = Default::default();
    let mut current = None;
    for l in lines(WORDS) {
        if let Some(name) = l.strip_prefix('[').and_then(|r| r.strip_suffix(']')) {
            current = Set::ALL.iter().position(|s| s.name() == name);
            continue;
        }
        if let Some(k) = current {
            for w in l.split_whitespace() {
                sets[k].insert(w.replace('_', " "));
            }
        }
    }
    let mut currency_sym_starts: Vec<char> = currency_syms
        .keys()
        .filter_map(|s: &String| s.chars().next())
        .collect();
    currency_sym_starts.sort_unstable();
    currency_sym_starts.dedup();
    let mut starters: HashSet<String> = HashSet::default();
    starters.extend(numbers.keys().cloned());
    starters.extend(time_units.keys().cloned());
    starters.extend(currency_codes.iter().map(|c| c.to_lowercase()));
    for s in currency_syms.keys() {
        if let Some(first) = unit_words(s).into_iter().next() {
            starters.insert(first);
        }
    }
    let approx_first: HashSet<String> = sets[Set::Approx as usize]
        .iter()
        .filter_map(|p| p.split(' ').next().map(str::to_string))
        .collect();
    starters.extend(approx_first.iter().cloned());
    for w in [
        "a", "an", "half", "between", "from", "the", "several", "some", "many", "few", "minus",
        "-", "−",
    ] {
        starters.insert(w.to_string());
    }
    let mut starter_shapes = [0u64; 256];
    for s in &starters {
        if let Some(&first) = s.as_bytes().first() {
            starter_shapes[first as usize] |= shape_bit(s);
        }
    }
    let mut date_name_shapes = [0u64; 256];
    for s in months.keys().chain(weekdays.keys()) {
        if let Some(&first) = s.as_bytes().first() {
            date_name_shapes[first as usize] |= shape_bit(s);
        }
    }
    Lexicon {
        starters,
        starter_shapes,
        date_name_shapes,
        approx_first,
        numbers,
        units,
        unit_list,
        time_units,
        currency_syms,
        currency_sym_starts,
        currency_names,
        currency_codes,
        months,
        weekdays,
        sets,
    }
}

/// Splits a unit phrase into the words the tokenizer would see: "km/h" → ["km", "/", "h"],
/// "°f" → ["°", "f"], "u.s. dollars" → ["u", ".", "s", ".", "dollars"].
fn unit_words(v: &str) -> Vec<String> {
    let mut out = Vec::new();
    for w in v.split_whitespace() {
        let mut cur = String::new();
        for c in w.chars() {
            if c.is_alphanumeric() {
                cur.push(c.to_lowercase().next().unwrap_or(c));
            } else {
                if !cur.is_empty() {
                    out.push(std::mem::take(&mut cur));
                }
                out.push(c.to_string());
            }
        }
        if !cur.is_empty() {
            out.push(cur);
        }
    }
    out
}

/// The bit of a starter shape standing for the length of `w`.
fn shape_bit(w: &str) -> u64 {
    1 << w.len().min(63)
}

impl Lexicon {
    /// Is `w` (lowercase) one of the starters? The same answer as `starters.contains(w)`.
    #[inline]
    pub fn is_starter(&self, w: &str) -> bool {
        let Some(&first) = w.as_bytes().first() else {
            return self.starters.contains(w);
        };
        self.starter_shapes[first as usize] & shape_bit(w) != 0 && self.starters.contains(w)
    }
    /// False when `w` is certainly not a key of `months` or `weekdays` (its first byte and
    /// length are no month's or weekday's), without hashing it.
    #[inline]
    pub fn may_be_date_name(&self, w: &str) -> bool {
        w.as_bytes()
            .first()
            .is_some_and(|&first| self.date_name_shapes[first as usize] & shape_bit(w) != 0)
    }
    /// Is `w` (lowercase; multi-word joined by spaces) in the word set `name`?
    #[inline]
    pub fn is(&self, name: Set, w: &str) -> bool {
        self.sets[name as usize].contains(w)
    }
}
