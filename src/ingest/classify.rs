//! jusText-style block classification and main-run selection.
//!
//! Each paragraph is classified from its own features: length in words, stopword density (an
//! English list, `data/stopwords.txt`; ignored when the text as a whole is not English),
//! sentence punctuation, quotation marks, links, capitals, and furniture vocabulary
//! (`data/boilerplate_words.txt`). Then the story is the run of items with the highest total
//! score (a linear maximum-sum segment): prose scores its length, short lines and furniture
//! score negative, section-ending headings cannot be crossed. Short blocks inside the run (a
//! one-sentence quote, a subheading) stay; furniture inside it goes.

use super::blocks::{ends_sentence, Item, ItemKind};
use super::dateline;
use crate::util::Unit;
use std::collections::HashMap;
use std::hash::BuildHasherDefault;
use std::ops::Range;
use std::sync::OnceLock;

/// A paragraph's class.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Class {
    /// Long prose.
    Good,
    /// A short sentence (or long text without sentence punctuation).
    Near,
    /// A short line: a heading, a headline, a label.
    Short,
    /// Links, capitals-only labels.
    Bad,
    /// Furniture by its vocabulary (kept when it sits between two story paragraphs).
    BadVocab,
}

/// What a word is to the classifier: a stopword, a furniture word, a strong one.
#[derive(Debug, Clone, Copy, Default)]
struct WordKind {
    stop: bool,
    vocab: bool,
    strong: bool,
}

/// The word lists, one map for both: each word of a paragraph is looked up once.
struct Lists {
    words: HashMap<&'static str, WordKind, BuildHasherDefault<rustc_hash::FxHasher>>,
}

fn lists() -> &'static Lists {
    static LISTS: OnceLock<Lists> = OnceLock::new();
    LISTS.get_or_init(|| {
        use crate::util::data_lines;
        let mut words: HashMap<_, WordKind, _> = HashMap::default();
        for w in data_lines(include_str!("data/stopwords.txt")).flat_map(str::split_whitespace) {
            words.entry(w).or_default().stop = true;
        }
        for line in data_lines(include_str!("data/boilerplate_words.txt")) {
            let (w, strong) = match line.strip_prefix('+') {
                Some(w) => (w, true),
                None => (line, false),
            };
            let kind = words.entry(w).or_default();
            kind.vocab = true;
            kind.strong = strong;
        }
        Lists { words }
    })
}

/// Whether `word` (any case, surrounding punctuation ignored) is an English stopword.
pub fn is_stopword(word: &str) -> bool {
    let core = word
        .trim_matches(|c: char| !c.is_alphanumeric())
        .to_lowercase();
    lists().words.get(core.as_str()).is_some_and(|k| k.stop)
}

/// What classification looks at.
#[derive(Debug, Default)]
struct Features {
    words: usize,
    /// Length in word-equivalents (counts letters too, for scripts without spaces).
    weight: usize,
    stop: usize,
    letters: usize,
    upper: usize,
    sentence: bool,
    quote: bool,
    link_like: bool,
    vocab_distinct: usize,
    handle: bool,
    contact: bool,
    vocab_strong: usize,
    addressed: bool,
}

fn features(text: &str, lists: &Lists) -> Features {
    let mut f = Features::default();
    let mut word = String::new();
    let mut seen_vocab: Vec<&str> = Vec::new();
    // Whether the previous character ends a sentence.
    let mut after_stop = false;
    let mut inner_stops = 0usize;
    // ASCII without decoding: the Unicode tables are only consulted for other characters.
    for unit in crate::util::units(text) {
        match unit {
            Unit::Ascii(b) => {
                if b.is_ascii_alphabetic() {
                    f.letters += 1;
                    f.upper += usize::from(b.is_ascii_uppercase());
                } else if b == b'"' {
                    f.quote = true;
                } else if after_stop && crate::util::is_ascii_space(b) {
                    inner_stops += 1;
                }
                after_stop = matches!(b, b'.' | b'!' | b'?');
            }
            Unit::Other(c) => {
                if c.is_alphabetic() {
                    f.letters += 1;
                    f.upper += usize::from(c.is_uppercase());
                } else if matches!(c, '\u{201C}' | '\u{201D}' | '\u{00AB}' | '\u{00BB}') {
                    f.quote = true;
                } else if after_stop && c.is_whitespace() {
                    inner_stops += 1;
                }
                after_stop = matches!(c, '…' | '؟' | '。');
            }
        }
    }
    // Paragraph text is whitespace-collapsed: its only whitespace is ASCII spaces.
    for token in text.split_ascii_whitespace() {
        let core = token.trim_matches(|c: char| !c.is_alphanumeric());
        // Trimmed of what is not alphanumeric at both ends: empty, or it has some.
        if core.is_empty() {
            continue;
        }
        f.words += 1;
        if core.len() > 24 {
            if core.contains("http") || core.contains("www.") {
                f.link_like = true;
            }
            continue;
        }
        word.clear();
        if core.is_ascii() {
            word.push_str(core);
            word.make_ascii_lowercase();
        } else {
            for c in core.chars() {
                match c {
                    c if c.is_ascii() => word.push(c.to_ascii_lowercase()),
                    '\u{2019}' | '\u{2018}' => word.push('\''),
                    c => word.extend(c.to_lowercase()),
                }
            }
        }
        let (w, kind) = lists
            .words
            .get_key_value(word.as_str())
            .map_or(("", WordKind::default()), |(&w, &k)| (w, k));
        f.stop += usize::from(kind.stop);
        if matches!(
            word.as_str(),
            "you" | "your" | "you're" | "we" | "we're" | "our" | "us" | "please"
        ) {
            f.addressed = true;
        }
        if kind.vocab && !seen_vocab.contains(&w) {
            seen_vocab.push(w);
            f.vocab_strong += usize::from(kind.strong);
        }
        if word.starts_with("http") || word.starts_with("www.") {
            f.link_like = true;
        }
    }
    f.vocab_distinct = seen_vocab.len();
    f.handle = handle_like(text);
    f.contact = f.words <= 25 && contact_details(text);
    f.weight = f.words.max(f.letters / 6);
    f.sentence = ends_sentence(text) || inner_stops > 0;
    f.link_like = (f.link_like && f.words <= 10)
        || text.starts_with(['»', '→', '›'])
        || text.ends_with(['»', '›']);
    f
}

/// The class of one paragraph, and what it would be without the vocabulary rule.
fn class_of(f: &Features, english: bool, use_vocab: bool) -> (Class, Class) {
    if f.words == 0 && f.letters == 0 {
        return (Class::Bad, Class::Bad);
    }
    if f.link_like || f.contact || (f.words == 1 && !f.sentence && f.handle) {
        return (Class::Bad, Class::Bad);
    }
    if f.letters >= 6 && f.upper * 10 >= f.letters * 8 && f.words <= 3 && !f.sentence {
        return (Class::Bad, Class::Bad);
    }
    let density = if f.words == 0 {
        0.0
    } else {
        f.stop as f64 / f.words as f64
    };
    let base = if f.sentence {
        if f.weight >= 15 && (!english || density >= 0.18) {
            Class::Good
        } else if f.weight >= 2 && (!english || density >= 0.08 || f.quote || f.weight <= 4) {
            Class::Near
        } else {
            Class::Short
        }
    } else if f.weight >= 25 && (!english || density >= 0.2) {
        Class::Near
    } else {
        Class::Short
    };
    let vocab_heavy = use_vocab
        && f.addressed
        && f.words <= 60
        && (f.vocab_distinct >= 3 || (f.vocab_distinct >= 2 && f.vocab_strong >= 1));
    (if vocab_heavy { Class::BadVocab } else { base }, base)
}

/// Classifies every paragraph item.
pub fn classify(items: &mut [Item], use_vocab: bool) {
    let lists = lists();
    let feats: Vec<Option<Features>> = items
        .iter()
        .map(|i| (i.kind == ItemKind::Para).then(|| features(&i.text, lists)))
        .collect();
    let (words, stop) = feats
        .iter()
        .flatten()
        .fold((0, 0), |(w, s), f| (w + f.words, s + f.stop));
    let english = words >= 8 && stop * 100 >= words * 12;
    let mut bases = Vec::with_capacity(items.len());
    // Blocks with two furniture words of the strong kind are never restored.
    let firm: Vec<bool> = feats
        .iter()
        .map(|f| f.as_ref().is_some_and(|f| f.vocab_strong >= 2))
        .collect();
    for (item, f) in items.iter_mut().zip(&feats) {
        let (class, base) = match f {
            Some(f) => class_of(f, english, use_vocab),
            None => (Class::Bad, Class::Bad),
        };
        item.class = class;
        bases.push(base);
    }
    mark_menus(items);
    mark_link_labels(items);
    mark_site_blurbs(items);
    // Vocabulary-flagged blocks between two story paragraphs are story after all.
    let restore: Vec<usize> = (0..items.len())
        .filter(|&i| items[i].class == Class::BadVocab && !firm[i])
        .filter(|&i| {
            neighbour(items, (0..i).rev()) == Some(Class::Good)
                && neighbour(items, i + 1..items.len()) == Some(Class::Good)
        })
        .collect();
    for i in restore {
        items[i].class = bases[i];
    }
}

/// Runs of short lines are menus and link lists: three or more of at most three words, or
/// four or more of at most five.
fn mark_menus(items: &mut [Item]) {
    let tiny = |item: &Item| {
        item.kind == ItemKind::Para
            && matches!(item.class, Class::Short | Class::Bad)
            && crate::util::word_count(&item.text) <= 5
    };
    let mut i = 0;
    while i < items.len() {
        let start = i;
        while i < items.len() && tiny(&items[i]) {
            i += 1;
        }
        let longest = items[start..i]
            .iter()
            .map(|it| crate::util::word_count(&it.text))
            .max();
        if (i - start >= 3 && longest.is_some_and(|w| w <= 3)) || i - start >= 4 {
            for item in &mut items[start..i] {
                item.class = Class::Bad;
            }
        }
        i = i.max(start + 1);
    }
}

/// A short line right under a furniture label, ending the block ("Read more" / "How much
/// power does a wind farm make?"), is the label's link.
fn mark_link_labels(items: &mut [Item]) {
    for i in 1..items.len() {
        let block_ends = items.get(i + 1).is_none_or(|next| {
            next.block_start || matches!(next.kind, ItemKind::Junk | ItemKind::SectionEnd)
        });
        let (prev, item) = (&items[i - 1], &items[i]);
        if prev.kind == ItemKind::Junk
            && item.kind == ItemKind::Para
            && !item.block_start
            && block_ends
            && matches!(item.class, Class::Short | Class::Near)
            && crate::util::word_count(&item.text) <= 15
        {
            items[i].class = Class::Bad;
        }
    }
}

/// Paragraphs about the site itself ("Valley Courier is part of Northvale Media…"): they start
/// with a site name seen as a short capitalised line near the top.
fn mark_site_blurbs(items: &mut [Item]) {
    let mut names: Vec<String> = items
        .iter()
        .take(12)
        .filter(|it| {
            it.kind == ItemKind::Para && it.class != Class::Good && it.class != Class::Near
        })
        .map(|it| it.text.strip_prefix("The ").unwrap_or(&it.text).to_string())
        .filter(|t| {
            let words = crate::util::word_count(t);
            let camel = t.chars().skip(1).any(char::is_uppercase);
            ((2..=4).contains(&words) || (words == 1 && camel))
                && t.split_whitespace()
                    .all(|w| w.chars().next().is_some_and(char::is_uppercase))
        })
        .collect();
    // Author bios ("Ruth Cole is the Gazette's business editor…") start with the byline's name.
    names.extend(
        items
            .iter()
            .filter(|it| it.kind == ItemKind::Meta)
            .filter_map(|it| dateline::byline_name(&it.text))
            .take(8),
    );
    if names.is_empty() {
        return;
    }
    let first_good = items
        .iter()
        .position(|it| it.class == Class::Good)
        .unwrap_or(items.len());
    for item in items
        .iter_mut()
        .skip(first_good + 1)
        .filter(|it| it.kind == ItemKind::Para)
    {
        let text = item.text.strip_prefix("The ").unwrap_or(&item.text);
        let about_site = names.iter().any(|name| {
            text.strip_prefix(name.as_str()).is_some_and(|rest| {
                rest.starts_with(" is ")
                    || rest.starts_with(" was founded")
                    || rest.starts_with(" has been ")
                    || rest.starts_with(", ")
            })
        });
        if about_site {
            item.class = Class::Bad;
        }
    }
}

/// An e-mail address or a phone number (nine or more digits in at most four groups).
fn contact_details(text: &str) -> bool {
    let tokens: Vec<&str> = text.split_whitespace().collect();
    let email = tokens.iter().any(|t| {
        t.split_once('@')
            .is_some_and(|(user, host)| !user.is_empty() && host.contains('.'))
    });
    let phone = (0..tokens.len()).any(|i| {
        let mut digits = 0;
        for t in tokens.iter().skip(i).take(4) {
            let core = t.trim_matches(|c: char| !c.is_ascii_digit());
            if core.is_empty() || !core.chars().all(|c| c.is_ascii_digit() || c == '-') {
                break;
            }
            digits += core.chars().filter(char::is_ascii_digit).count();
        }
        digits >= 9
    });
    email || phone
}

/// A user name on a line of its own (`jim_r`, `reader42`, `kbaird`): a comment header.
fn handle_like(text: &str) -> bool {
    !text.contains(' ')
        && text.chars().count() <= 30
        && (text.contains(['_', '@'])
            || (text.chars().any(|c| c.is_ascii_digit()) && text.chars().any(char::is_alphabetic))
            || (text.chars().all(|c| c.is_lowercase()) && text.chars().count() >= 4))
}

/// The class of the nearest prose paragraph in `order` (short lines and metadata skipped,
/// anything else stops the search).
fn neighbour(items: &[Item], order: impl Iterator<Item = usize>) -> Option<Class> {
    for j in order {
        let item = &items[j];
        match item.kind {
            ItemKind::Meta => continue,
            ItemKind::Para if item.class == Class::Short => continue,
            ItemKind::Para if matches!(item.class, Class::Good | Class::Near) => {
                return Some(item.class)
            }
            _ => return None,
        }
    }
    None
}

/// An item's score for the run search.
fn score(item: &Item) -> f64 {
    let words = crate::util::word_count(&item.text) as f64;
    match item.kind {
        ItemKind::SectionEnd => -1e12,
        ItemKind::Meta => -3.0,
        ItemKind::Junk => -(4.0 + words.min(40.0)),
        ItemKind::Para => {
            let weight =
                words.max(item.text.chars().filter(|c| c.is_alphabetic()).count() as f64 / 6.0);
            match item.class {
                Class::Good => weight,
                Class::Near => weight / 2.0,
                Class::Short => -(1.0 + weight / 2.0),
                Class::Bad | Class::BadVocab => -(4.0 + weight.min(40.0)),
            }
        }
    }
}

/// The story: the run of items with the highest total score, trimmed to positive ends.
/// `None` when no item scores above zero.
pub fn main_run(items: &[Item]) -> Option<Range<usize>> {
    let scores: Vec<f64> = items.iter().map(score).collect();
    let mut best: Option<(f64, usize, usize)> = None;
    let mut sum = 0.0;
    let mut start = 0;
    for (i, &s) in scores.iter().enumerate() {
        if sum <= 0.0 {
            sum = 0.0;
            start = i;
        }
        sum += s;
        if sum > 0.0 && best.is_none_or(|(b, _, _)| sum > b) {
            best = Some((sum, start, i + 1));
        }
    }
    let (_, mut lo, mut hi) = best?;
    while lo < hi && scores[lo] <= 0.0 {
        lo += 1;
    }
    while hi > lo && scores[hi - 1] <= 0.0 {
        hi -= 1;
    }
    (lo < hi).then_some(lo..hi)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn class(text: &str) -> Class {
        class_of(&features(text, lists()), true, true).0
    }

    #[test]
    fn classes() {
        assert_eq!(
            class("The council voted on Tuesday to close the bridge for repairs, a decision that angered many of the traders who depend on it."),
            Class::Good
        );
        assert_eq!(
            class("\u{201C}We will stay,\u{201D} she said."),
            Class::Near
        );
        assert_eq!(class("Floods hit coastal road"), Class::Short);
        assert_eq!(class("WORLD NEWS TODAY"), Class::Bad);
        assert_eq!(class("https://example.com/news/2019/flood"), Class::Bad);
        assert_eq!(
            class("Get the day's top stories delivered to your inbox. Subscribe to our free newsletter."),
            Class::BadVocab
        );
        assert_eq!(
            class("The company said subscriptions to its newsletter rose sharply in the last quarter of the year."),
            Class::Good
        );
    }
}
