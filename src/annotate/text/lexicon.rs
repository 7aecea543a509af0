//! The word lists behind quotes, speakers and people: data files under `data/`, compiled in and
//! parsed once.

use super::data_lines;
use crate::annotate::people::Gender;
use std::collections::{HashMap, HashSet};
use std::hash::BuildHasherDefault;
use std::sync::OnceLock;

pub(crate) type FastSet = HashSet<String, BuildHasherDefault<rustc_hash::FxHasher>>;
pub(crate) type FastMap<V> = HashMap<String, V, BuildHasherDefault<rustc_hash::FxHasher>>;

/// A set of words for tests that mostly answer no (the entity rules ask it about every
/// capitalised word): a 4096-bit sketch of its words (first, second and last bytes and
/// length) turns most other words away before they are hashed and compared.
#[derive(Debug, Clone, Default)]
pub(crate) struct WordSet {
    set: FastSet,
    sketch: Vec<u64>,
}

impl WordSet {
    /// The same answer as a `HashSet`'s `contains`.
    #[inline]
    pub fn contains(&self, w: &str) -> bool {
        if w.is_empty() {
            return self.set.contains(w);
        }
        let k = sketch(w);
        self.sketch
            .get(k / 64)
            .is_some_and(|b| b >> (k % 64) & 1 != 0)
            && self.set.contains(w)
    }
}

impl FromIterator<String> for WordSet {
    fn from_iter<I: IntoIterator<Item = String>>(words: I) -> WordSet {
        let set: FastSet = words.into_iter().collect();
        let mut bits = vec![0u64; 64];
        for w in set.iter().filter(|w| !w.is_empty()) {
            let k = sketch(w);
            bits[k / 64] |= 1 << (k % 64);
        }
        WordSet { set, sketch: bits }
    }
}

/// A number below 4096 from the first, second and last bytes and the length of `w` (not
/// empty): equal words have equal sketches.
#[inline]
fn sketch(w: &str) -> usize {
    let b = w.as_bytes();
    let first = u32::from(b[0]);
    let second = u32::from(b.get(1).copied().unwrap_or(0));
    let last = u32::from(b[b.len() - 1]);
    let len = b.len().min(255) as u32;
    let h = (first | second << 8 | last << 16 | len << 24).wrapping_mul(0x9E37_79B1);
    (h >> 20) as usize
}

/// Everything the lists say of one lowercase word. The lists are merged into one map so that a
/// word's key is computed and looked up once, however many of them a scanner asks about.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct WordInfo {
    pub speech_verb: bool,
    pub speech_noun: bool,
    /// `Some(gender)` when the word is a title ("Col", "Mrs").
    pub title: Option<Option<Gender>>,
    pub role: bool,
    pub first_name: Option<Gender>,
    pub common: bool,
    pub org: bool,
}

pub(crate) struct Lexicon {
    words: FastMap<WordInfo>,
}

/// Marks every word of `data` in `words` with `set`.
fn mark(words: &mut FastMap<WordInfo>, data: &str, set: impl Fn(&mut WordInfo)) {
    for w in data_lines(data).flat_map(|l| l.split_whitespace()) {
        set(words.entry(w.to_lowercase()).or_default());
    }
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
        let mut words: FastMap<WordInfo> = FastMap::default();
        for l in data_lines(include_str!("../data/titles.txt")) {
            let mut it = l.split_whitespace();
            if let (Some(t), g) = (it.next(), it.next()) {
                words.entry(t.to_lowercase()).or_default().title = Some(g.and_then(gender_of));
            }
        }
        for l in data_lines(include_str!("../data/first_names.txt")) {
            let mut it = l.split_whitespace();
            if let (Some(n), Some(g)) = (it.next(), it.next().and_then(gender_of)) {
                let info = words.entry(n.to_lowercase()).or_default();
                info.first_name = info.first_name.or(Some(g));
            }
        }
        let lists: [(&str, fn(&mut WordInfo)); 5] = [
            (include_str!("../data/speech_verbs.txt"), |i| {
                i.speech_verb = true
            }),
            (include_str!("../data/speech_nouns.txt"), |i| {
                i.speech_noun = true
            }),
            (include_str!("../data/roles.txt"), |i| i.role = true),
            (include_str!("../data/common_words.txt"), |i| {
                i.common = true
            }),
            (include_str!("../data/org_words.txt"), |i| i.org = true),
        ];
        for (data, set) in lists {
            mark(&mut words, data, set);
        }
        Lexicon { words }
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

/// `w.to_lowercase()`, without allocating for short ASCII words.
pub(crate) fn lowercase(w: &str) -> Key<'_> {
    if !w.is_ascii() {
        return Key::Owned(w.to_lowercase());
    }
    if !w.bytes().any(|b| b.is_ascii_uppercase()) {
        return Key::Borrowed(w);
    }
    if w.len() <= 32 {
        let mut buf = [0u8; 32];
        for (d, s) in buf.iter_mut().zip(w.bytes()) {
            *d = s.to_ascii_lowercase();
        }
        return Key::Stack(buf, w.len());
    }
    Key::Owned(w.to_ascii_lowercase())
}

/// Lowercases `w` and drops a final dot, without allocating for short ASCII words.
pub(crate) fn key(w: &str) -> Key<'_> {
    let w = w.trim_end_matches('.');
    // One pass over the bytes (words are short: no early exit pays for a second pass).
    let (mut has_upper, mut ascii) = (false, true);
    for &b in w.as_bytes() {
        has_upper |= b.is_ascii_uppercase();
        ascii &= b.is_ascii();
    }
    if ascii && !has_upper {
        return Key::Borrowed(w);
    }
    if ascii && w.len() <= 32 {
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

/// [`key`] of `w`, where `lower` is the same bytes with ASCII letters lowercased (a slice of
/// [`super::Prose::lower`]): an ASCII word's key is then a slice of `lower`, with no copy.
#[inline]
pub(crate) fn key_lowered<'a>(w: &'a str, lower: &'a str) -> Key<'a> {
    if w.is_ascii() && lower.len() == w.len() {
        Key::Borrowed(lower.trim_end_matches('.'))
    } else {
        key(w)
    }
}

impl Lexicon {
    /// What the lists say of `w` (any case; a final dot dropped).
    pub fn info(&self, w: &str) -> WordInfo {
        self.info_of_key(key(w).as_ref())
    }
    /// [`Self::info`] for a word's [`key`] already computed.
    pub fn info_of_key(&self, k: &str) -> WordInfo {
        self.words.get(k).copied().unwrap_or_default()
    }
    pub fn is_speech_verb(&self, w: &str) -> bool {
        self.info(w).speech_verb
    }
    pub fn is_speech_noun(&self, w: &str) -> bool {
        self.info(w).speech_noun
    }
    /// `Some(gender)` when `w` is a title ("Col", "Mrs").
    pub fn title(&self, w: &str) -> Option<Option<Gender>> {
        self.info(w).title
    }
    pub fn is_role(&self, w: &str) -> bool {
        self.info(w).role
    }
    pub fn first_name(&self, w: &str) -> Option<Gender> {
        self.info(w).first_name
    }
    pub fn is_common(&self, w: &str) -> bool {
        self.info(w).common
    }
    pub fn is_org(&self, w: &str) -> bool {
        self.info(w).org
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
    may_be_particle(w) && is_particle_key(key(w).as_ref())
}

/// False for most words that cannot be particles, without computing their key: every
/// particle starts with one of a few pairs of ASCII letters (the key's first two bytes come
/// from the word's first two, lowercased: no other char lowercases to one of these letters),
/// and without a hyphen none is longer than five letters (and a final dot). The pairs turn
/// away "the", "said", "in", "to", which the first letter alone let through.
#[inline]
pub(crate) fn may_be_particle(w: &str) -> bool {
    let (Some(&a), Some(&b)) = (w.as_bytes().first(), w.as_bytes().get(1)) else {
        return false;
    };
    let (a, b) = (a.to_ascii_lowercase(), b.to_ascii_lowercase());
    // A table, not a `match`: the match's branches were mispredicted word after word.
    a.is_ascii_lowercase()
        && b.is_ascii_lowercase()
        && PARTICLE_PAIRS[usize::from(a - b'a')] >> (b - b'a') & 1 != 0
        && (w.len() <= 6 || w.bytes().any(|b| b == b'-'))
}

/// The first two letters of every particle: for each first letter, a bit per second letter.
const PARTICLE_PAIRS: [u32; 26] = {
    let pairs: [&[u8; 2]; 23] = [
        b"al", b"ab", b"ad", b"as", b"ar", b"an", b"az", b"at", b"el", b"bi", b"be", b"ib", b"va",
        b"vo", b"de", b"da", b"di", b"du", b"do", b"la", b"le", b"te", b"st",
    ];
    let mut table = [0u32; 26];
    let mut k = 0;
    while k < pairs.len() {
        let [a, b] = *pairs[k];
        table[(a - b'a') as usize] |= 1 << (b - b'a');
        k += 1;
    }
    table
};

/// [`is_particle`] for a word's [`key`] (lowercase, final dot dropped).
pub(crate) fn is_particle_key(k: &str) -> bool {
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
