//! The word lists behind quotes, speakers and people: data files under `data/`, compiled in and
//! parsed once.

use super::data_lines;
use crate::annotate::people::Gender;
use std::collections::{HashMap, HashSet};
use std::hash::BuildHasherDefault;
use std::sync::OnceLock;

pub(crate) type FastSet = HashSet<String, BuildHasherDefault<rustc_hash::FxHasher>>;
pub(crate) type FastMap<V> = HashMap<String, V, BuildHasherDefault<rustc_hash::FxHasher>>;

pub(crate) struct Lexicon {
    speech_verbs: FastSet,
    speech_nouns: FastSet,
    titles: FastMap<Option<Gender>>,
    roles: FastSet,
    first_names: FastMap<Gender>,
    common: FastSet,
    org: FastSet,
}

fn words_of(data: &str) -> FastSet {
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
        let mut titles = FastMap::default();
        for l in data_lines(include_str!("../data/titles.txt")) {
            let mut it = l.split_whitespace();
            if let (Some(t), g) = (it.next(), it.next()) {
                titles.insert(t.to_lowercase(), g.and_then(gender_of));
            }
        }
        let mut first_names = FastMap::default();
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

/// A lowercase key for `w` (final dot dropped), on the stack for short ASCII words.
pub(crate) enum Key<'a> {
    Borrowed(&'a str),
    Stack([u8; 32], usize),
    Owned(String),
}

impl Key<'_> {
    pub fn as_ref(&self) -> &str {
        match self {
            Key::Borrowed(s) => s,
            Key::Stack(b, n) => std::str::from_utf8(&b[..*n]).unwrap_or(""),
            Key::Owned(s) => s,
        }
    }
}

/// Lowercases `w` and drops a final dot, without allocating for short ASCII words.
pub(crate) fn key(w: &str) -> Key<'_> {
    let w = w.trim_end_matches('.');
    if !w.bytes().any(|b| b.is_ascii_uppercase()) && w.is_ascii() {
        return Key::Borrowed(w);
    }
    if w.is_ascii() && w.len() <= 32 {
        let mut buf = [0u8; 32];
        for (d, s) in buf.iter_mut().zip(w.bytes()) {
            *d = s.to_ascii_lowercase();
        }
        return Key::Stack(buf, w.len());
    }
    if w.chars().any(char::is_uppercase) {
        Key::Owned(w.to_lowercase())
    } else {
        Key::Borrowed(w)
    }
}

impl Lexicon {
    pub fn is_speech_verb(&self, w: &str) -> bool {
        self.speech_verbs.contains(key(w).as_ref())
    }
    pub fn is_speech_noun(&self, w: &str) -> bool {
        self.speech_nouns.contains(key(w).as_ref())
    }
    /// `Some(gender)` when `w` is a title ("Col", "Mrs").
    pub fn title(&self, w: &str) -> Option<Option<Gender>> {
        self.titles.get(key(w).as_ref()).copied()
    }
    pub fn is_role(&self, w: &str) -> bool {
        self.roles.contains(key(w).as_ref())
    }
    pub fn first_name(&self, w: &str) -> Option<Gender> {
        self.first_names.get(key(w).as_ref()).copied()
    }
    pub fn is_common(&self, w: &str) -> bool {
        self.common.contains(key(w).as_ref())
    }
    pub fn is_org(&self, w: &str) -> bool {
        self.org.contains(key(w).as_ref())
    }
}

/// Determiners that open a descriptive speaker ("a community elder", "another official").
/// Auxiliaries and adverbs that may stand between a subject and its speech verb
/// (`data/aux_words.txt`).
pub(crate) fn is_aux(w: &str) -> bool {
    static WORDS: OnceLock<FastSet> = OnceLock::new();
    WORDS
        .get_or_init(|| {
            crate::util::data_lines(include_str!("../data/aux_words.txt"))
                .map(str::to_string)
                .collect()
        })
        .contains(w)
}

pub(crate) fn is_determiner(w: &str) -> bool {
    matches!(
        key(w).as_ref(),
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
    if w.len() > 6 && !w.contains('-') {
        return false;
    }
    let k = key(w);
    let k = k.as_ref();
    matches!(
        k,
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
