//! The word lists behind quotes, speakers and people: data files under `data/`, compiled in and
//! parsed once.

use super::data_lines;
use crate::annotate::people::Gender;
use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

pub(crate) struct Lexicon {
    speech_verbs: HashSet<String>,
    speech_nouns: HashSet<String>,
    titles: HashMap<String, Option<Gender>>,
    roles: HashSet<String>,
    first_names: HashMap<String, Gender>,
    common: HashSet<String>,
    org: HashSet<String>,
}

fn words_of(data: &str) -> HashSet<String> {
    data_lines(data)
        .flat_map(|l| l.split_whitespace())
        .map(str::to_lowercase)
        .collect()
}

fn gender_of(code: &str) -> Option<Gender> {
    match code {
        "m" => Some(Gender::Male),
        "f" => Some(Gender::Female),
        _ => None,
    }
}

pub(crate) fn lexicon() -> &'static Lexicon {
    static LEX: OnceLock<Lexicon> = OnceLock::new();
    LEX.get_or_init(|| {
        let mut titles = HashMap::new();
        for l in data_lines(include_str!("../data/titles.txt")) {
            let mut it = l.split_whitespace();
            if let (Some(t), g) = (it.next(), it.next()) {
                titles.insert(t.to_lowercase(), g.and_then(gender_of));
            }
        }
        let mut first_names = HashMap::new();
        for l in data_lines(include_str!("../data/first_names.txt")) {
            let mut it = l.split_whitespace();
            if let (Some(n), Some(g)) = (it.next(), it.next().and_then(gender_of)) {
                first_names.entry(n.to_lowercase()).or_insert(g);
            }
        }
        Lexicon {
            speech_verbs: words_of(include_str!("../data/speech_verbs.txt")),
            speech_nouns: words_of(include_str!("../data/speech_nouns.txt")),
            titles,
            roles: words_of(include_str!("../data/roles.txt")),
            first_names,
            common: words_of(include_str!("../data/common_words.txt")),
            org: words_of(include_str!("../data/org_words.txt")),
        }
    })
}

/// Lowercases `w` and drops a final dot.
pub(crate) fn key(w: &str) -> String {
    w.trim_end_matches('.').to_lowercase()
}

impl Lexicon {
    pub fn is_speech_verb(&self, w: &str) -> bool {
        self.speech_verbs.contains(&key(w))
    }
    pub fn is_speech_noun(&self, w: &str) -> bool {
        self.speech_nouns.contains(&key(w))
    }
    /// `Some(gender)` when `w` is a title ("Col", "Mrs").
    pub fn title(&self, w: &str) -> Option<Option<Gender>> {
        self.titles.get(&key(w)).copied()
    }
    pub fn is_role(&self, w: &str) -> bool {
        self.roles.contains(&key(w))
    }
    pub fn first_name(&self, w: &str) -> Option<Gender> {
        self.first_names.get(&key(w)).copied()
    }
    pub fn is_common(&self, w: &str) -> bool {
        self.common.contains(&key(w))
    }
    pub fn is_org(&self, w: &str) -> bool {
        self.org.contains(&key(w))
    }
}

/// Determiners that open a descriptive speaker ("a community elder", "another official").
pub(crate) fn is_determiner(w: &str) -> bool {
    matches!(
        key(w).as_str(),
        "a" | "an"
            | "the"
            | "one"
            | "another"
            | "this"
            | "that"
            | "its"
            | "his"
            | "her"
            | "their"
            | "our"
            | "two"
            | "three"
            | "several"
            | "some"
            | "many"
            | "other"
            | "a local"
    )
}

/// Particles inside Arabic, Dutch, German, Spanish… names ("bin", "al-", "van", "de").
pub(crate) fn is_particle(w: &str) -> bool {
    let k = w.to_lowercase();
    matches!(
        k.as_str(),
        "al" | "el"
            | "bin"
            | "ibn"
            | "bint"
            | "abu"
            | "abd"
            | "van"
            | "von"
            | "de"
            | "der"
            | "den"
            | "da"
            | "del"
            | "della"
            | "di"
            | "du"
            | "la"
            | "le"
            | "dos"
            | "das"
            | "ben"
            | "ter"
            | "st"
    ) || k.starts_with("al-")
        || k.starts_with("el-")
        || k.starts_with("ad-")
        || k.starts_with("as-")
        || k.starts_with("ash-")
        || k.starts_with("ar-")
        || k.starts_with("an-")
        || k.starts_with("az-")
        || k.starts_with("at-")
}
