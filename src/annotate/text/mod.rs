//! Shared text helpers for the annotators: sentence boundaries and word scanning over a body,
//! all in byte offsets.
//!
//! Bodies are usually markdown with backslash-escaped punctuation (`Col\.`, `al\-Hashimi`).
//! [`Clean`] gives a view of the body with those escapes removed, plus the way back to raw
//! byte offsets, so the scanners can match plain text and still report raw spans.

pub mod markup;

use super::Span;

pub(crate) mod lexicon;

/// The body with markdown backslash escapes removed (`\\X` → `X` for ASCII punctuation `X`),
/// with the way back to raw offsets.
#[derive(Debug, Clone)]
pub struct Clean {
    pub text: String,
    /// Clean offsets of the chars whose escaping backslash was removed, in order.
    removed: Vec<usize>,
}

impl Clean {
    /// Builds the clean view of `raw`: one pass copying the runs between escapes.
    pub fn new(raw: &str) -> Clean {
        let bytes = raw.as_bytes();
        let mut text = String::with_capacity(raw.len());
        let mut removed = Vec::new();
        let mut run = 0;
        let mut i = 0;
        while let Some(j) = find_byte(bytes, i, |b| b == b'\\') {
            if bytes.get(j + 1).is_some_and(|b| b.is_ascii_punctuation()) {
                text.push_str(raw.get(run..j).unwrap_or(""));
                removed.push(text.len());
                run = j + 1;
                i = j + 2;
            } else {
                i = j + 1;
            }
        }
        text.push_str(raw.get(run..).unwrap_or(""));
        Clean { text, removed }
    }

    /// The clean offsets of the chars whose escaping backslash was removed, ascending.
    pub(crate) fn removed(&self) -> &[usize] {
        &self.removed
    }

    /// The raw offset of clean offset `i` (a start position).
    pub fn raw_start(&self, i: usize) -> usize {
        let i = i.min(self.text.len());
        i + self.removed.partition_point(|&r| r <= i)
    }

    /// The raw offset just after clean offset `i - 1` (an end position).
    pub fn raw_end(&self, i: usize) -> usize {
        if i == 0 {
            return self.raw_start(0);
        }
        let i = i.min(self.text.len());
        self.raw_start(i - 1) + 1
    }

    /// The raw span of clean span `[s, e)`.
    pub fn raw_span(&self, s: usize, e: usize) -> Span {
        if e <= s {
            let r = self.raw_start(s);
            return Span { start: r, end: r };
        }
        Span {
            start: self.raw_start(s),
            end: self.raw_end(e),
        }
    }

    /// The clean offset of raw offset `r` (the first clean byte at or after it).
    pub fn clean_of(&self, r: usize) -> usize {
        // The backslash of the k-th removed escape stood at raw offset `removed[k] + k`: the
        // raw bytes before `r` are the `m` such backslashes before it and `r - m` clean bytes.
        // One search over the escapes (a search over the text calling `raw_start` at each
        // step cost a search within a search).
        let (mut lo, mut hi) = (0, self.removed.len());
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            if self.removed[mid] + mid < r {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        (r - lo).min(self.text.len())
    }
}

/// A body read once for the stages that share it (people, quotes, speakers): its clean view,
/// the words and the sentences of that view. Building these is a good part of each stage's
/// cost, so `annotate` builds them once.
#[derive(Debug, Clone)]
pub struct Prose {
    pub clean: Clean,
    /// The clean text with ASCII letters lowercased (same byte offsets): an ASCII word's
    /// lowercase form is a slice of it, with no copy.
    pub lower: String,
    pub words: Vec<Word>,
    pub sentences: Sentences,
}

impl Prose {
    pub fn new(body: &str) -> Prose {
        let clean = Clean::new(body);
        let lower = clean.text.to_ascii_lowercase();
        let words = words(&clean.text);
        let sentences = Sentences::new(&clean.text);
        Prose {
            clean,
            lower,
            words,
            sentences,
        }
    }

    /// The clean text.
    pub fn text(&self) -> &str {
        &self.clean.text
    }
}

/// A word: a run of letters and digits, with inner apostrophes (`it’s`, `O'Brien`), hyphens
/// (`al-Hashimi`) and abbreviation dots (`U.S`; the final dot is not part of the word).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Word {
    pub start: usize,
    pub end: usize,
}

impl Word {
    pub fn text<'a>(&self, text: &'a str) -> &'a str {
        text.get(self.start..self.end).unwrap_or("")
    }
}

/// The char at byte `i` of `text` (which must be a char boundary) and its length; ASCII fast.
#[inline]
pub(crate) fn char_at(text: &str, i: usize) -> Option<(char, usize)> {
    let b = *text.as_bytes().get(i)?;
    if b < 0x80 {
        return Some((b as char, 1));
    }
    let c = text.get(i..)?.chars().next()?;
    Some((c, c.len_utf8()))
}

/// The offset of the first byte at or after `from` for which `hit` holds. Scanners use it to
/// skip the plain bytes between the few they look at: it tests 32 bytes at a time without
/// branching, which the compiler vectorises as long as `hit` is written with `|` and `==`
/// (`matches!` compiles to branches and is not vectorised).
#[inline]
pub(crate) fn find_byte(bytes: &[u8], from: usize, hit: impl Fn(u8) -> bool) -> Option<usize> {
    let mut i = from;
    while let Some(chunk) = bytes
        .get(i..i + 32)
        .and_then(|c| <&[u8; 32]>::try_from(c).ok())
    {
        // A fixed-size chunk and a byte accumulator: this is the shape that vectorises.
        let mut any = 0u8;
        for &b in chunk {
            any |= u8::from(hit(b));
        }
        if any != 0 {
            break;
        }
        i += 32;
    }
    let k = bytes.get(i..)?.iter().position(|&b| hit(b))?;
    Some(i + k)
}

/// Splits `text` into words, in order.
pub fn words(text: &str) -> Vec<Word> {
    let mut out = Vec::with_capacity(text.len() / 6 + 1);
    out.extend(word_iter(text));
    out
}

/// The words of `text` one by one, as [`words`] gives them: for a scan that stops early (the
/// first word after a quote, the first ten of a sentence) without splitting the whole text.
pub fn word_iter(text: &str) -> WordIter<'_> {
    WordIter { text, i: 0 }
}

/// See [`word_iter`].
pub struct WordIter<'a> {
    text: &'a str,
    /// Where the next word is looked for.
    i: usize,
}

impl Iterator for WordIter<'_> {
    type Item = Word;

    #[inline]
    fn next(&mut self) -> Option<Word> {
        let text = self.text;
        let bytes = text.as_bytes();
        let mut i = self.i;
        while let Some(&b) = bytes.get(i) {
            // Spaces and ASCII punctuation between words, without decoding.
            if b < 0x80 && !b.is_ascii_alphanumeric() {
                i += 1;
                continue;
            }
            let Some((c, len)) = char_at(text, i) else {
                break;
            };
            if !c.is_alphanumeric() {
                i += len;
                continue;
            }
            let start = i;
            i += len;
            loop {
                // ASCII letters and digits, the bulk of every word, byte by byte.
                while bytes.get(i).is_some_and(u8::is_ascii_alphanumeric) {
                    i += 1;
                }
                let Some(&x) = bytes.get(i) else {
                    break;
                };
                // Any other ASCII char but a joiner ends the word.
                if x < 0x80 && !matches!(x, b'\'' | b'-' | b'.') {
                    break;
                }
                let Some((c, len)) = char_at(text, i) else {
                    break;
                };
                let joined = c.is_alphanumeric()
                    || matches!(c, '\'' | '’' | '-' | '.' | '‑')
                        && char_at(text, i + len).is_some_and(|(n, _)| n.is_alphanumeric());
                if !joined {
                    break;
                }
                i += len;
            }
            // `i` is on the char that ended the word (or the end): the next call skips it.
            self.i = i;
            return Some(Word { start, end: i });
        }
        // Nothing more: stay at the end.
        self.i = text.len();
        None
    }
}

/// True when the first char of `w` is uppercase.
#[inline]
pub fn is_capitalised(w: &str) -> bool {
    w.chars().next().is_some_and(|c| c.is_uppercase())
}

/// Abbreviations whose final dot does not end a sentence (lowercase, without the dot). A
/// `match` on the key: the compiler dispatches on the length first, where a list would be
/// compared string by string for every dot of the text.
#[rustfmt::skip]
fn is_abbreviation(k: &str) -> bool {
    matches!(
        k,
        "mr" | "mrs" | "ms" | "dr" | "prof" | "col" | "gen" | "maj" | "lt" | "sgt" | "capt"
            | "cpl" | "pvt" | "adm" | "cmdr" | "brig" | "sen" | "rep" | "gov" | "rev" | "hon"
            | "st" | "mt" | "ft" | "jr" | "sr" | "no" | "vs" | "jan" | "feb" | "mar" | "apr"
            | "aug" | "sep" | "sept" | "oct" | "nov" | "dec" | "u.s" | "u.k" | "u.n" | "e.u"
            | "d.c" | "inc" | "corp" | "co" | "ltd" | "dept" | "gov't" | "approx" | "fig"
            | "est" | "p.m" | "a.m" | "e.g" | "i.e" | "op" | "pres" | "supt" | "insp" | "det"
            | "messrs"
    )
}

/// The longest abbreviation, in chars.
const ABBREVIATION_MAX: usize = 6;

/// True when the word ending just before a dot at `dot` is an abbreviation ("Col", "U.S", "J").
pub fn is_abbreviation_before(text: &str, dot: usize) -> bool {
    let before = match text.get(..dot) {
        Some(b) => b,
        None => return false,
    };
    // The word before the dot, at most 12 chars back (longer words are no abbreviation).
    let mut start = dot;
    let mut n = 0;
    for (i, c) in before.char_indices().rev() {
        if !(c.is_alphanumeric() || c == '.') {
            break;
        }
        n += 1;
        if n > 12 {
            return false;
        }
        start = i;
    }
    let w = &before[start..];
    if w.is_empty() {
        return false;
    }
    let mut chars = w.chars();
    // A single capital initial ("J. K. Rowling").
    if let (Some(c), None) = (chars.next(), chars.next()) {
        return c.is_uppercase();
    }
    // Most words before a dot are longer than any abbreviation: no key to compute. Lowercasing
    // never makes fewer chars, so a word of more chars (final dots aside) cannot match.
    let stem = w.trim_end_matches('.');
    if stem.len() > ABBREVIATION_MAX && stem.chars().count() > ABBREVIATION_MAX {
        return false;
    }
    is_abbreviation(lexicon::key(w).as_ref())
}

/// Sentence boundaries: a sorted list of offsets where a sentence starts (the first is 0).
/// A sentence ends at `.`, `!`, `?` or `…` (with any closing quotes or brackets) followed by
/// whitespace and a capital, digit or opening mark, unless the dot ends an abbreviation; and
/// always at a paragraph break (a blank line).
pub fn sentence_starts(text: &str) -> Vec<usize> {
    let bytes = text.as_bytes();
    let mut out = vec![0];
    let mut i = 0;
    while i < bytes.len() {
        // Only line breaks and terminators ('…' starts with 0xE2) matter here.
        match find_byte(bytes, i, |b| {
            (b == b'\n') | (b == b'.') | (b == b'!') | (b == b'?') | (b == 0xE2)
        }) {
            Some(k) => i = k,
            None => break,
        }
        let b = bytes[i];
        if b == b'\n' {
            let mut j = i + 1;
            let mut newlines = 1;
            while j < bytes.len() && matches!(bytes[j], b' ' | b'\t' | b'\r' | b'\n') {
                if bytes[j] == b'\n' {
                    newlines += 1;
                }
                j += 1;
            }
            if newlines >= 2 && j < bytes.len() {
                out.push(j);
            }
            i = j;
            continue;
        }
        let term_len = if matches!(b, b'.' | b'!' | b'?') {
            1
        } else if bytes[i..].starts_with("…".as_bytes()) {
            '…'.len_utf8()
        } else {
            0
        };
        if term_len == 0 {
            i += 1;
            continue;
        }
        if b == b'.' && is_abbreviation_before(text, i) {
            i += 1;
            continue;
        }
        // Closing marks after the terminator.
        let mut j = i + term_len;
        while let Some(c) = text.get(j..).and_then(|r| r.chars().next()) {
            if matches!(
                c,
                '"' | '”' | '’' | '\'' | ')' | ']' | '»' | '.' | '!' | '?'
            ) {
                j += c.len_utf8();
            } else if c == '\\' {
                j += 1;
            } else {
                break;
            }
        }
        let ws_start = j;
        while j < bytes.len() && matches!(bytes[j], b' ' | b'\t') {
            j += 1;
        }
        if j > ws_start {
            if let Some(c) = text.get(j..).and_then(|r| r.chars().next()) {
                if c.is_uppercase()
                    || c.is_ascii_digit()
                    || matches!(c, '"' | '“' | '‘' | '\'' | '(' | '[' | '«')
                {
                    out.push(j);
                }
            }
        }
        i = j.max(i + 1);
    }
    out.dedup();
    out
}

/// Sentence lookup over precomputed starts.
#[derive(Debug, Clone)]
pub struct Sentences {
    starts: Vec<usize>,
    len: usize,
}

impl Sentences {
    pub fn new(text: &str) -> Sentences {
        Sentences {
            starts: sentence_starts(text),
            len: text.len(),
        }
    }

    /// The sentence containing offset `at`, as a span.
    pub fn around(&self, at: usize) -> Span {
        let k = self.starts.partition_point(|&s| s <= at);
        let start = if k == 0 { 0 } else { self.starts[k - 1] };
        let end = self.starts.get(k).copied().unwrap_or(self.len);
        Span { start, end }
    }

    /// All sentences as spans.
    pub fn spans(&self) -> Vec<Span> {
        let mut out = Vec::with_capacity(self.starts.len());
        for (k, &s) in self.starts.iter().enumerate() {
            let e = self.starts.get(k + 1).copied().unwrap_or(self.len);
            out.push(Span { start: s, end: e });
        }
        out
    }
}

/// The offset at most `max` bytes before `at`, moved forward onto a char boundary: bounded
/// look-back windows keep every pass linear.
pub fn back(text: &str, at: usize, max: usize) -> usize {
    let mut i = at.saturating_sub(max);
    while i < at && !text.is_char_boundary(i) {
        i += 1;
    }
    i
}

/// The offset at most `max` bytes after `at`, moved back onto a char boundary.
pub fn ahead(text: &str, at: usize, max: usize) -> usize {
    let mut i = at.saturating_add(max).min(text.len());
    while i > at && !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

pub use crate::util::data_lines;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clean_maps_back() {
        let raw = r"Col\. Saad \(x\) “q”";
        let c = Clean::new(raw);
        assert_eq!(c.text, "Col. Saad (x) “q”");
        let i = c.text.find("Saad").unwrap();
        let sp = c.raw_span(i, i + 4);
        assert_eq!(&raw[sp.start..sp.end], "Saad");
        let d = c.text.find('.').unwrap();
        let sp = c.raw_span(0, d + 1);
        assert_eq!(&raw[sp.start..sp.end], r"Col\.");
        let q = c.text.find('“').unwrap();
        assert_eq!(c.clean_of(c.raw_start(q)), q);
    }

    #[test]
    fn clean_of_is_the_first_clean_byte_at_or_after() {
        for raw in [r"Col\. \(x\) a\\b\", r"\.\.x", "plain", r"end\.", ""] {
            let c = Clean::new(raw);
            for r in 0..=raw.len() + 2 {
                // The definition: the least clean offset whose raw start is at or after `r`.
                let want = (0..c.text.len())
                    .find(|&i| c.raw_start(i) >= r)
                    .unwrap_or(c.text.len());
                assert_eq!(c.clean_of(r), want, "{raw:?} at {r}");
            }
        }
    }

    #[test]
    fn words_keep_inner_joiners() {
        let t = "al-Hashimi said it’s the U.S. plan.";
        let w: Vec<&str> = words(t).iter().map(|w| w.text(t)).collect();
        assert_eq!(w, ["al-Hashimi", "said", "it’s", "the", "U.S", "plan"]);
    }

    #[test]
    fn sentences_respect_abbreviations() {
        let t =
            "Col. Saad Mohammed spoke. The U.S. Army left in Sept. 2019. “Go.” He left.\n\nNew.";
        let s = Sentences::new(t);
        let spans: Vec<&str> = s
            .spans()
            .iter()
            .map(|sp| t[sp.start..sp.end].trim())
            .collect();
        assert_eq!(
            spans,
            [
                "Col. Saad Mohammed spoke.",
                "The U.S. Army left in Sept. 2019.",
                "“Go.”",
                "He left.",
                "New."
            ]
        );
    }
}
