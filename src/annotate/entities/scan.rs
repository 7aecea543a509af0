//! Scanning a body for the entity rules: the clean text (markdown escapes removed, see
//! [`Clean`]) cut into words with their capitalisation, possessive, sentence position and
//! spacing.

use crate::annotate::text::Clean;

/// Removes markdown escapes from a short piece of body text.
pub(super) fn unescape(raw: &str) -> String {
    Clean::new(raw).text
}

/// Byte ranges of the body that are markup, not prose: inline code, link destinations, URLs and
/// HTML tags. No mention may touch them. Sorted and disjoint.
pub(super) fn protected_ranges(raw: &str) -> Vec<(usize, usize)> {
    let b = raw.as_bytes();
    let mut out = Vec::new();
    let special = |c: u8| (c == b'\\') | (c == b'`') | (c == b']') | (c == b'<');
    let mut i = 0;
    while let Some(k) = find_byte(b, i, special) {
        i = k;
        match b[i] {
            b'\\' => {
                i += 2;
                continue;
            }
            b'`' => {
                // The closing mark on the same line; scanning stops at the next mark either way.
                if let Some(k) = raw[i + 1..].find(['`', '\n']) {
                    if b[i + 1 + k] == b'`' {
                        out.push((i, i + k + 2));
                        i += k + 2;
                        continue;
                    }
                }
            }
            b']' if b.get(i + 1) == Some(&b'(') => {
                let stop = raw[i + 2..]
                    .find(|c: char| c == ')' || c.is_whitespace())
                    .map_or(raw.len(), |k| i + 2 + k);
                out.push((i, stop));
                i = stop;
                continue;
            }
            b'<' if b
                .get(i + 1)
                .is_some_and(|c| c.is_ascii_alphabetic() || *c == b'/') =>
            {
                if let Some(k) = raw[i + 1..].find(['>', '<', '\n']) {
                    if b[i + 1 + k] == b'>' {
                        out.push((i, i + k + 2));
                        i += k + 2;
                        continue;
                    }
                }
            }
            _ => {}
        }
        i += 1;
    }
    // URLs: "scheme://…" and "www.…", up to a space or a closing mark.
    let url_end = |from: usize| {
        raw[from..]
            .find(|c: char| c.is_whitespace() || matches!(c, ')' | '>' | '"' | '<'))
            .map_or(raw.len(), |k| from + k)
    };
    let mut urls: Vec<(usize, usize)> = Vec::new();
    // Occurrences inside a URL already found are skipped, which keeps this linear.
    let mut covered = 0;
    // Every ':' followed by "//" (quicker to find than the whole "://").
    let colons = std::iter::successors(find_byte(b, 0, |c| c == b':'), |&k| {
        find_byte(b, k + 1, |c| c == b':')
    });
    for at in colons.filter(|&k| raw[k..].starts_with("://")) {
        let scheme = raw[..at]
            .bytes()
            .rev()
            .take_while(u8::is_ascii_alphabetic)
            .count();
        if scheme > 0 && at >= covered {
            covered = url_end(at);
            urls.push((at - scheme, covered));
        }
    }
    covered = 0;
    // Every "www." by its '.'.
    let dots = std::iter::successors(find_byte(b, 0, |c| c == b'.'), |&k| {
        find_byte(b, k + 1, |c| c == b'.')
    });
    for at in dots
        .filter(|&k| k >= 3 && &b[k - 3..k] == b"www")
        .map(|k| k - 3)
    {
        let boundary = at == 0 || !b[at - 1].is_ascii_alphanumeric() && b[at - 1] != b'/';
        if boundary && at >= covered {
            covered = url_end(at);
            urls.push((at, covered));
        }
    }
    if !urls.is_empty() {
        out.extend(urls);
        out.sort_unstable();
        let mut merged: Vec<(usize, usize)> = Vec::with_capacity(out.len());
        for (s, e) in out {
            match merged.last_mut() {
                Some(last) if s <= last.1 => last.1 = last.1.max(e),
                _ => merged.push((s, e)),
            }
        }
        out = merged;
    }
    out
}

/// One word of the clean text.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct Token {
    pub start: usize,
    /// End of the word, possessive suffix included.
    pub end: usize,
    /// End of the word without its possessive suffix ("Iraq" in "Iraq’s").
    pub base_end: usize,
    /// Starts with a capital letter (or "al-" + capital).
    pub cap: bool,
    /// At least two letters, all capitals.
    pub all_caps: bool,
    pub poss: bool,
    /// First word of a sentence, a line, or a quotation.
    #[allow(dead_code)]
    pub sent_start: bool,
    /// Only spaces or tabs separate it from the previous word.
    pub ws_before: bool,
    /// A comma (and spaces) separate it from the previous word.
    pub comma_before: bool,
    /// Index of the line (paragraph) it is on.
    pub line: usize,
}

const NAME_PARTICLES: [&str; 8] = ["al-", "el-", "ad-", "as-", "an-", "ash-", "at-", "az-"];

use crate::annotate::text::{char_at, find_byte, Word};

#[inline]
fn is_letter(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphabetic()
    } else {
        c.is_alphabetic()
    }
}

#[inline]
fn is_upper(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_uppercase()
    } else {
        c.is_uppercase()
    }
}

#[inline]
fn is_alnum(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphanumeric()
    } else {
        c.is_alphanumeric()
    }
}

/// The words of the clean text (its [`Word`]s, see [`crate::annotate::text::words`]) as tokens,
/// in order.
pub(super) fn tokenize(text: &str, words: &[Word]) -> Vec<Token> {
    let bytes = text.as_bytes();
    let mut tokens: Vec<Token> = Vec::with_capacity(words.len());
    let mut line = 0usize;
    let mut gap_sent = true;
    let mut gap_ws = false;
    let mut gap_comma = false;
    let mut gap_other = false;
    // The end of the previous token: the gap before a word starts there.
    let mut i = 0;
    for w in words {
        // Only non-word chars stand between two words; mostly a single space.
        if i + 1 == w.start && bytes[i] == b' ' {
            gap_ws = true;
            i = w.start;
        }
        while let Some((c, len)) = char_at(text, i).filter(|_| i < w.start) {
            match c {
                '\n' => {
                    line += 1;
                    gap_sent = true;
                    gap_other = true;
                }
                ' ' | '\t' | '\u{a0}' => gap_ws = true,
                ',' => gap_comma = true,
                ';' => gap_other = true,
                '.' | '!' | '?' | ':' | '“' | '"' | '«' | '#' | '>' | '*' => {
                    gap_sent = true;
                    gap_other = true;
                }
                _ => gap_other = true,
            }
            i += len;
        }
        if w.start < i {
            // Only the period of initials ("U.S.") is taken from a gap: no word starts there.
            continue;
        }
        let (start, mut end) = (w.start, w.end);
        let Some((c, _)) = char_at(text, start) else {
            break;
        };
        // Initials such as "U.S." keep their final period.
        let word = &text[start..end];
        if bytes.get(end) == Some(&b'.') && word.contains('.') && is_initials(word) {
            end += 1;
        }
        i = end;
        let word = &text[start..end];
        let (base_end, mut poss) = if word.ends_with("'s") {
            (end - 2, true)
        } else if word.ends_with("’s") {
            (end - "’s".len(), true)
        } else {
            (end, false)
        };
        if !poss && (word.ends_with('s') || word.ends_with('S')) {
            if let Some((q, qlen)) = char_at(text, end) {
                if matches!(q, '\'' | '’')
                    && !char_at(text, end + qlen).is_some_and(|(a, _)| is_alnum(a))
                {
                    poss = true;
                }
            }
        }
        let cap = is_upper(c)
            || (c == 'a' || c == 'e')
                && NAME_PARTICLES.iter().any(|p| {
                    word.starts_with(p)
                        && word[p.len()..]
                            .chars()
                            .next()
                            .is_some_and(|a| a.is_uppercase())
                });
        tokens.push(Token {
            start,
            end,
            base_end: base_end.max(start),
            cap,
            all_caps: all_caps(c, &text[start..w.end]),
            poss,
            sent_start: gap_sent,
            ws_before: gap_ws && !gap_other && !gap_comma && !gap_sent,
            comma_before: gap_comma && !gap_other && !gap_sent,
            line,
        });
        gap_sent = false;
        gap_ws = false;
        gap_comma = false;
        gap_other = false;
    }
    tokens
}

/// At least two letters, all capitals (`first` is the word's first char: most words are done
/// with it).
fn all_caps(first: char, word: &str) -> bool {
    if is_letter(first) && !is_upper(first) {
        return false;
    }
    let mut letters = 0;
    for c in word.chars().filter(|&c| is_letter(c)) {
        if !is_upper(c) {
            return false;
        }
        letters += 1;
    }
    letters >= 2
}

/// "U.S", "U.N", "E.U": single letters joined by periods.
fn is_initials(word: &str) -> bool {
    let mut expect_letter = true;
    for c in word.chars() {
        if expect_letter {
            if !c.is_alphabetic() {
                return false;
            }
        } else if c != '.' {
            return false;
        }
        expect_letter = !expect_letter;
    }
    !expect_letter
}

/// For each line, whether it is written in capitals ("shouting"), where capitalisation says
/// nothing about names.
pub(super) fn shouting_lines(tokens: &[Token]) -> Vec<bool> {
    let lines = tokens.last().map_or(0, |t| t.line + 1);
    let mut words = vec![0usize; lines];
    let mut caps = vec![0usize; lines];
    for t in tokens {
        words[t.line] += 1;
        caps[t.line] += usize::from(t.all_caps);
    }
    words
        .iter()
        .zip(&caps)
        .map(|(&w, &c)| c >= 4 && c * 10 >= w * 6)
        .collect()
}

/// For each line, whether it is in title case ("Iraqi Army Retakes Key Town"): its longer words
/// are nearly all capitalised, so capitals do not mark names there.
pub(super) fn title_lines(text: &str, tokens: &[Token]) -> Vec<bool> {
    let lines = tokens.last().map_or(0, |t| t.line + 1);
    let mut long = vec![0usize; lines];
    let mut caps = vec![0usize; lines];
    let bytes = text.as_bytes();
    for t in tokens {
        // A word of 4 bytes or more that starts with a letter (decoded only when not ASCII).
        let long_word = t.base_end >= t.start + 4
            && match bytes[t.start] {
                b if b < 0x80 => b.is_ascii_alphabetic(),
                _ => text[t.start..]
                    .chars()
                    .next()
                    .is_some_and(char::is_alphabetic),
            };
        if long_word {
            long[t.line] += 1;
            caps[t.line] += usize::from(t.cap);
        }
    }
    // A sentence ends with a period; a headline rarely does, so it needs fewer capitals.
    let ends_sentence: Vec<bool> = text
        .split('\n')
        .take(lines)
        .map(|l| l.trim_end().ends_with(['.', '”', '"', ')']))
        .collect();
    long.iter()
        .zip(&caps)
        .zip(&ends_sentence)
        .map(|((&w, &c), &period)| {
            w >= 3
                && if period {
                    c * 10 >= w * 9
                } else {
                    c * 4 >= w * 3
                }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unescape_maps_back() {
        let raw = "the U\\.S\\. and al\\-Qaim";
        let c = Clean::new(raw);
        assert_eq!(c.text, "the U.S. and al-Qaim");
        let s = c.text.find("U.S.").unwrap();
        assert_eq!(&raw[c.raw_start(s)..c.raw_end(s + 4)], "U\\.S\\.");
        assert_eq!(c.raw_end(c.text.len()), raw.len());
    }

    #[test]
    fn words_and_possessives() {
        let text = "Iraq’s Defense Ministry, the U.S. backed\nforces. Workers' Party";
        let t = tokenize(text, &crate::annotate::text::words(text));
        let words: Vec<&str> = t.iter().map(|t| &text[t.start..t.end]).collect();
        assert_eq!(
            words,
            [
                "Iraq’s", "Defense", "Ministry", "the", "U.S.", "backed", "forces", "Workers",
                "Party"
            ]
        );
        assert!(t[0].poss && &text[t[0].start..t[0].base_end] == "Iraq");
        assert!(t[1].ws_before && !t[3].ws_before && t[3].comma_before);
        assert!(t[6].sent_start && t[6].line == 1);
        assert!(t[7].poss && t[7].sent_start);
        assert!(t[4].all_caps && t[4].cap && !t[5].cap);
    }
}
