//! Choosing the title: the headline line just before the story (after any navigation), else
//! the first line; when the text starts straight with a paragraph, its first sentence, capped
//! at a word boundary. Repeats of the title before the story are dropped.

use super::blocks::{ends_sentence, Item, ItemKind};
use super::classify::{self, Class};
use std::collections::HashSet;
use std::ops::Range;

/// Titles taken from a paragraph (or an overlong line) are cut to this many characters.
const TITLE_MAX_CHARS: usize = 120;
/// A headline line has at most this many characters.
const HEADLINE_MAX_CHARS: usize = 200;

/// The chosen title and the items it consumed.
#[derive(Debug, Default)]
pub struct Picked {
    pub title: String,
    /// Items not to keep: the title line and its repeats.
    pub removed: HashSet<usize>,
    /// The title was cut from the first paragraph (which stays in the body).
    pub derived: bool,
}

/// Picks the title. `None` when there is no paragraph text at all.
pub fn pick(items: &[Item], run: Option<Range<usize>>) -> Option<Picked> {
    let story_start = run.as_ref().map_or(items.len(), |r| r.start);
    let para = |i: &usize| items[*i].kind == ItemKind::Para;
    let chosen = near_story(items, story_start)
        .or_else(|| {
            (0..story_start)
                .filter(para)
                .find(|&i| plausible(&items[i]))
        })
        .or_else(|| headline_opening_story(items, run.clone()))
        .or_else(|| sentence_first_line(items, run.clone()))
        .or_else(|| (0..story_start).filter(para).find(|&i| !items[i].is_bad()));
    let mut picked = Picked::default();
    match chosen {
        Some(i) => {
            let text = items[i].text.as_str();
            picked.title = if text.chars().count() > HEADLINE_MAX_CHARS {
                cap(text, TITLE_MAX_CHARS)
            } else {
                without_final_period(text).to_string()
            };
            picked.removed.insert(i);
        }
        None => {
            let first = run
                .clone()
                .and_then(|mut r| r.find(para))
                .or_else(|| (0..items.len()).find(para))?;
            picked.title = cap(first_sentence(&items[first].text), TITLE_MAX_CHARS);
            picked.derived = true;
        }
    }
    // Repeats of the title before the story or among its first paragraphs.
    let key = compare_key(&picked.title, usize::MAX).unwrap_or_default();
    // A repeat is the title and at most four more words.
    let repeat_words = key.split(' ').count() + 4;
    let limit = run
        .as_ref()
        .map_or(items.len(), |r| r.start + 4)
        .min(items.len());
    if !picked.derived {
        for (i, item) in items.iter().enumerate().take(limit) {
            if item.kind == ItemKind::Para
                && compare_key(&item.text, repeat_words).is_some_and(|k| is_repeat(&key, &k))
            {
                picked.removed.insert(i);
            }
        }
    }
    Some(picked)
}

/// The headline in the stretch of paragraphs just before the story (after the last navigation
/// or boilerplate line there): the plausible line just before the last byline or date line
/// when there is one ("Headline / By X / story"), else the first plausible line.
fn near_story(items: &[Item], story_start: usize) -> Option<usize> {
    let mut first = story_start;
    for i in (0..story_start).rev() {
        match items[i].kind {
            ItemKind::Meta => continue,
            ItemKind::Para if !items[i].is_bad() => first = i,
            _ => break,
        }
    }
    let last_meta = (first..story_start)
        .rev()
        .find(|&i| items[i].kind == ItemKind::Meta);
    if let Some(meta) = last_meta {
        let before = (first..meta)
            .rev()
            .find(|&i| items[i].kind == ItemKind::Para);
        if let Some(i) = before.filter(|&i| plausible(&items[i])) {
            return Some(i);
        }
    }
    (first..story_start).find(|&i| items[i].kind == ItemKind::Para && plausible(&items[i]))
}

/// A story whose first kept item is a question-style headline ("Is the bridge safe?")
/// followed by long prose.
fn headline_opening_story(items: &[Item], run: Option<Range<usize>>) -> Option<usize> {
    let run = run?;
    let first = run.start;
    let next = (first + 1..run.end).find(|&i| items[i].kind == ItemKind::Para)?;
    (items[first].class == Class::Near
        && items[next].class == Class::Good
        && !items[first].text.ends_with('.')
        && plausible(&items[first]))
    .then_some(first)
}

/// The text's first line when it is a one-sentence headline ending in a period ("Police
/// arrest man after harbour stabbing.") that opens the story run, with more story after it.
fn sentence_first_line(items: &[Item], run: Option<Range<usize>>) -> Option<usize> {
    let run = run?;
    let first = items.iter().position(|i| i.kind == ItemKind::Para)?;
    let text = items[first].text.as_str();
    let words = crate::util::word_count(text);
    let more = (first + 1..run.end).any(|i| items[i].kind == ItemKind::Para);
    (first == run.start
        && more
        && (2..=25).contains(&words)
        && text.chars().count() <= HEADLINE_MAX_CHARS
        && !inner_sentence_break(text))
    .then_some(first)
}

/// A line that can be a headline: 3 to 30 words, not too long, not a label ending in `:`.
fn plausible(item: &Item) -> bool {
    let text = item.text.as_str();
    let words = crate::util::word_count(text);
    item.kind == ItemKind::Para
        && matches!(item.class, Class::Short | Class::Near)
        && (3..=30).contains(&words)
        && text.chars().count() <= HEADLINE_MAX_CHARS
        && !text.ends_with(':')
        && !text.contains('|')
        && text
            .chars()
            .find(|c| c.is_alphanumeric())
            .is_some_and(|c| !c.is_lowercase())
        && !inner_sentence_break(text)
        && !(words >= 4 && capitalised_list(text))
}

/// A `. ` followed by a capital inside the text, after a lower-case word of four or more
/// letters (so not `Col. Smith` or `U.S. Army`): more than one sentence.
fn inner_sentence_break(text: &str) -> bool {
    let mut word_len = 0usize;
    let mut prev = ' ';
    let mut stop = false;
    let mut space_after_stop = false;
    for c in text.chars() {
        if space_after_stop && c.is_uppercase() {
            return true;
        }
        space_after_stop = c == ' ' && stop;
        stop = matches!(c, '.' | '!' | '?') && word_len >= 4 && prev.is_lowercase();
        word_len = if c.is_alphabetic() { word_len + 1 } else { 0 };
        prev = c;
    }
    false
}

/// Every word capitalised and none a function word: a flattened menu ("News Sport Business
/// Opinion"), not a headline.
fn capitalised_list(text: &str) -> bool {
    text.split_whitespace()
        .all(|w| w.chars().next().is_some_and(char::is_uppercase) && !classify::is_stopword(w))
}

/// The first sentence of a paragraph (its first `. `/`! `/`? ` before a capital), without a
/// final period.
fn first_sentence(text: &str) -> &str {
    let mut prev = ' ';
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if matches!(prev, '.' | '!' | '?') && c == ' ' && i > 20 {
            let next_upper = chars
                .peek()
                .is_some_and(|&(_, n)| n.is_uppercase() || "\"“‘'".contains(n));
            if next_upper {
                let sentence = &text[..i];
                return sentence.strip_suffix('.').unwrap_or(sentence);
            }
        }
        prev = c;
    }
    if ends_sentence(text) {
        text.strip_suffix('.').unwrap_or(text)
    } else {
        text
    }
}

/// A headline without a final sentence period (`…a fifth.` → `…a fifth`); ellipses and
/// abbreviations (`U.S.`, `Jr.`) keep theirs.
fn without_final_period(text: &str) -> &str {
    match text.strip_suffix('.') {
        Some(head) if !head.ends_with('.') => {
            let last = head.rsplit(' ').next().unwrap_or("");
            if last.chars().count() > 3 && !last.contains('.') {
                head
            } else {
                text
            }
        }
        _ => text,
    }
}

/// `text` cut to at most `max` characters at a word boundary, with `…` when cut.
pub fn cap(text: &str, max: usize) -> String {
    let text = text.trim();
    if text.chars().count() <= max {
        return text.to_string();
    }
    let cut = text.char_indices().nth(max).map_or(text.len(), |(i, _)| i);
    let head = &text[..cut];
    let head = match head.rfind(' ') {
        Some(space) if space > max / 2 => &head[..space],
        _ => head,
    };
    format!(
        "{}…",
        head.trim_end_matches(|c: char| c == ',' || c == ';' || c == ':' || c.is_whitespace())
    )
}

/// Lower case, letters and digits only, single spaces, of the first 60 words; `None` when that
/// has more than `max_words` words (too long to be a repeat: no need to go on).
fn compare_key(text: &str, max_words: usize) -> Option<String> {
    let mut out = String::new();
    let mut words = 0;
    for word in text.split_whitespace().take(60) {
        let start = out.len();
        if words > 0 {
            out.push(' ');
        }
        let letters = out.len();
        for c in word.chars().filter(|c| c.is_alphanumeric()) {
            out.extend(c.to_lowercase());
        }
        if out.len() == letters {
            out.truncate(start);
            continue;
        }
        words += 1;
        if words > max_words {
            return None;
        }
    }
    Some(out)
}

/// Equal, or the title followed by a short site-name tail ("Title | The Gazette").
fn is_repeat(title: &str, other: &str) -> bool {
    if title.is_empty() {
        return false;
    }
    other == title
        || other
            .strip_prefix(title)
            .is_some_and(|tail| tail.starts_with(' ') && tail.split(' ').count() <= 5)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn capping() {
        assert_eq!(cap("short title", 120), "short title");
        let long = "word ".repeat(60);
        let capped = cap(&long, 120);
        assert!(capped.chars().count() <= 121 && capped.ends_with("word…"));
        assert_eq!(
            first_sentence("The bridge closed on Monday. Traders were angry."),
            "The bridge closed on Monday"
        );
        assert_eq!(first_sentence("No end here"), "No end here");
    }

    #[test]
    fn final_periods() {
        assert_eq!(
            without_final_period("Fares to rise by a fifth."),
            "Fares to rise by a fifth"
        );
        assert_eq!(
            without_final_period("Troops leave the U.S."),
            "Troops leave the U.S."
        );
        assert_eq!(without_final_period("Wait for it..."), "Wait for it...");
    }

    #[test]
    fn headline_shapes() {
        assert!(capitalised_list("News Sport Business Opinion Lifestyle"));
        assert!(!capitalised_list("ISIS Is Back In Iraq"));
        assert!(inner_sentence_break("Road closed. Diversions in place"));
        assert!(!inner_sentence_break("Col. Mohammed returns"));
    }

    #[test]
    fn repeats() {
        assert!(is_repeat("floods hit road", "floods hit road"));
        assert!(is_repeat("floods hit road", "floods hit road the gazette"));
        assert!(!is_repeat("floods hit road", "floods hit roads"));
    }
}
