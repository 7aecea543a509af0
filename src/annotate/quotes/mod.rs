//! Quotation spans: finds direct quotes in a body from its quote marks (curly and straight,
//! nested, over paragraphs), and sets scare quotes and titles aside.
//!
//! Three linear passes over the clean text (markdown escapes removed, see [`text::Clean`]):
//! 1. scan the double quote marks into pieces (`“…”`, `"…"`, `«…»`), single marks inside a quote
//!    being nested quotes or apostrophes; a paragraph left open continues into the next one when
//!    that one opens with a mark;
//! 2. join a quote split by its attribution (`“We will win,” she said, “and soon.”`);
//! 3. classify: a quote standing on its own, a partial quote inside the reporter's sentence, or
//!    not a quote at all (scare quotes, terms, titles of works, nicknames).

use super::text::lexicon::lexicon;
use super::text::{self, Prose, Sentences};
use super::Span;

/// A quotation found by its marks, before attribution.
#[derive(Debug, Clone, PartialEq)]
pub struct QuoteSpan {
    /// Each piece, marks included.
    pub pieces: Vec<Span>,
    /// The words inside the marks, pieces joined with a space.
    pub text: String,
    pub partial: bool,
}

/// One piece in clean offsets: `[start, end)` with marks; `inner` without them.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Piece {
    pub start: usize,
    pub end: usize,
    pub inner: Span,
}

/// A quote in clean offsets.
#[derive(Debug, Clone)]
pub(crate) struct CleanQuote {
    pub pieces: Vec<Piece>,
    pub partial: bool,
}

/// Finds the quotation spans of `body`, in reading order.
pub fn find(body: &str) -> Vec<QuoteSpan> {
    find_in(&Prose::new(body))
}

/// Finds the quotation spans of a body already read as [`Prose`].
pub fn find_in(prose: &Prose) -> Vec<QuoteSpan> {
    let clean = &prose.clean;
    find_clean(&clean.text, &prose.sentences)
        .into_iter()
        .map(|q| QuoteSpan {
            text: quote_text(&clean.text, &q),
            pieces: q
                .pieces
                .iter()
                .map(|p| clean.raw_span(p.start, p.end))
                .collect(),
            partial: q.partial,
        })
        .collect()
}

/// The words inside the marks of `q`, pieces joined with a space.
pub(crate) fn quote_text(text: &str, q: &CleanQuote) -> String {
    let mut out = String::new();
    for p in &q.pieces {
        let inner = text.get(p.inner.start..p.inner.end).unwrap_or("").trim();
        if inner.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(inner);
    }
    out
}

/// The quotes of a clean text.
pub(crate) fn find_clean(text: &str, sentences: &Sentences) -> Vec<CleanQuote> {
    let raw = scan(text);
    let merged = merge_split(text, raw);
    // Each quote's context stops at its neighbours, so dense quotes stay linear.
    let bounds: Vec<(usize, usize)> = (0..merged.len())
        .map(|k| {
            let prev = k
                .checked_sub(1)
                .and_then(|p| merged[p].pieces.last())
                .map_or(0, |p| p.end);
            let next = merged
                .get(k + 1)
                .and_then(|q| q.pieces.first())
                .map_or(text.len(), |p| p.start);
            (prev, next)
        })
        .collect();
    // A speech verb seen earlier in the sentence (before an earlier quote) still counts.
    let mut out = Vec::with_capacity(merged.len());
    let mut carry = (usize::MAX, false);
    for (q, b) in merged.into_iter().zip(bounds) {
        let s_start = q
            .pieces
            .first()
            .map_or(0, |p| sentences.around(p.start).start);
        let mut seen = s_start == carry.0 && carry.1;
        if let Some(q) = classify(text, sentences, q, b, &mut seen) {
            out.push(q);
        }
        carry = (s_start, seen);
    }
    out
}

fn is_open_mark(c: char) -> bool {
    matches!(c, '“' | '«' | '„' | '"')
}

/// Pass 1: the pieces of every quote, by their marks.
fn scan(text: &str) -> Vec<CleanQuote> {
    let bytes = text.as_bytes();
    let mut out: Vec<CleanQuote> = Vec::new();
    // The open quote: pieces so far, current piece start, its inner start, curly depth,
    // straight (true) or curly.
    let mut pieces: Vec<Piece> = Vec::new();
    let mut open: Option<(usize, usize, u32, bool)> = None;
    let mut prev: char = '\n';
    let mut i = 0;
    while i < bytes.len() {
        // Plain ASCII (all but line breaks and straight marks) only moves `prev` along.
        let special = |b: u8| (b >= 0x80) | (b == b'\n') | (b == b'"') | (b == b'\'');
        if !special(bytes[i]) {
            let Some(k) = text::find_byte(bytes, i, special) else {
                break;
            };
            prev = char::from(bytes[k - 1]);
            i = k;
        }
        let c = match text.get(i..).and_then(|r| r.chars().next()) {
            Some(c) => c,
            None => break,
        };
        let len = c.len_utf8();
        if c == '\n' {
            let mut j = i + 1;
            let mut newlines = 1;
            while j < bytes.len() && matches!(bytes[j], b' ' | b'\t' | b'\r' | b'\n') {
                newlines += usize::from(bytes[j] == b'\n');
                j += 1;
            }
            if newlines >= 2 {
                if let Some((ps, is, _, _)) = open {
                    let end = trim_end(text, i);
                    pieces.push(Piece {
                        start: ps,
                        end,
                        inner: Span { start: is, end },
                    });
                    let next = text.get(j..).and_then(|r| r.chars().next());
                    match next {
                        Some(m) if is_open_mark(m) => {
                            let ml = m.len_utf8();
                            open = Some((j, j + ml, 1, m == '"'));
                            prev = m;
                            i = j + ml;
                            continue;
                        }
                        _ => {
                            out.push(CleanQuote {
                                pieces: std::mem::take(&mut pieces),
                                partial: false,
                            });
                            open = None;
                        }
                    }
                }
                prev = '\n';
                i = j;
                continue;
            }
        }
        // A top-level quote in single marks (‘…’ or '…'), British style.
        let single_closer = match c {
            '‘' => Some('’'),
            '\'' => Some('\''),
            _ => None,
        };
        if let Some(closer) = single_closer.filter(|_| open.is_none() && !prev.is_alphanumeric()) {
            if let Some(close) = single_close(text, i + len, closer) {
                let end = close + closer.len_utf8();
                out.push(CleanQuote {
                    pieces: vec![Piece {
                        start: i,
                        end,
                        inner: Span {
                            start: i + len,
                            end: close,
                        },
                    }],
                    partial: false,
                });
                prev = closer;
                i = end;
                continue;
            }
        }
        match (c, open) {
            ('“' | '«' | '„', None) => open = Some((i, i + len, 1, false)),
            ('“' | '«', Some((ps, is, d, false))) => {
                open = Some((ps, is, d.saturating_add(1), false))
            }
            ('”' | '»', Some((ps, is, d, straight))) => {
                if straight || d <= 1 {
                    close_quote(&mut pieces, &mut out, ps, is, i, len);
                    open = None;
                } else {
                    open = Some((ps, is, d - 1, false));
                }
            }
            ('"', None) => {
                // A mark glued to the end of a word (5'11", stray) does not open.
                let next = text.get(i + len..).and_then(|r| r.chars().next());
                let looks_closing =
                    prev.is_alphanumeric() && next.is_none_or(|n| !n.is_alphanumeric());
                if !looks_closing {
                    open = Some((i, i + len, 1, true));
                }
            }
            ('"', Some((ps, is, _, true))) => {
                close_quote(&mut pieces, &mut out, ps, is, i, len);
                open = None;
            }
            _ => {}
        }
        prev = c;
        i += len;
    }
    if let Some((ps, is, _, _)) = open {
        let end = trim_end(text, text.len());
        if end > ps {
            pieces.push(Piece {
                start: ps,
                end,
                inner: Span {
                    start: is.min(end),
                    end,
                },
            });
        }
    }
    if !pieces.is_empty() {
        out.push(CleanQuote {
            pieces,
            partial: false,
        });
    }
    out
}

/// The `closer` (’ or ') of a single-quoted quote whose text starts at `from`: one not inside a
/// word (it’s), not a plural possessive (ministers’ plans), in the same paragraph, within 600
/// bytes. A straight mark is also an apostrophe and a foot sign: it closes only after sentence
/// punctuation (`'We will,' she says`) or before punctuation or a space after a word.
fn single_close(text: &str, from: usize, closer: char) -> Option<usize> {
    let rest = text.get(from..text::ahead(text, from, 600))?;
    if !rest.chars().next()?.is_alphabetic() {
        return None;
    }
    let mut prev = ' ';
    let mut it = rest.char_indices().peekable();
    while let Some((j, c)) = it.next() {
        let next = it.peek().map(|&(_, n)| n);
        match c {
            '‘' | '“' | '"' => return None,
            '\n' if next == Some('\n') => return None,
            c if c == closer => {
                let inside_word = next.is_some_and(char::is_alphanumeric);
                let possessive = prev == 's' && next == Some(' ');
                let straight_ok = closer != '\''
                    || matches!(prev, ',' | '.' | '?' | '!' | '…')
                    || (prev.is_alphanumeric()
                        && next.is_none_or(|n| matches!(n, ' ' | ',' | '.' | ';' | ':' | ')')));
                if !inside_word && !possessive && !prev.is_whitespace() && straight_ok {
                    return Some(from + j);
                }
            }
            _ => {}
        }
        prev = c;
    }
    None
}

/// `at` moved back over whitespace.
fn trim_end(text: &str, at: usize) -> usize {
    let s = text.get(..at).unwrap_or("");
    s.trim_end().len()
}

/// Ends a quote piece can close on when its sentence goes on after the attribution.
fn ends_open(inner: &str) -> bool {
    let t = inner.trim_end();
    t.ends_with(',')
        || t.ends_with('—')
        || t.ends_with('–')
        || t.ends_with('-')
        || t.ends_with("...")
        || t.ends_with('…')
}

/// Pass 2: joins `“…,” she said, “…”` into one quote.
fn merge_split(text: &str, quotes: Vec<CleanQuote>) -> Vec<CleanQuote> {
    let lex = lexicon();
    let mut out: Vec<CleanQuote> = Vec::with_capacity(quotes.len());
    for q in quotes {
        if let (Some(prev), Some(first)) = (out.last_mut(), q.pieces.first()) {
            if let Some(last) = prev.pieces.last() {
                let gap = text.get(last.end..first.start).unwrap_or("");
                let inner = text.get(last.inner.start..last.inner.end).unwrap_or("");
                let g = gap.trim();
                let ok = ends_open(inner)
                    && gap.len() <= 160
                    && !gap.contains("\n\n")
                    && (g.ends_with(',') || g.ends_with('—') || g.ends_with('–'))
                    && !has_sentence_end(g)
                    && {
                        let ws = text::words(g);
                        ws.len() <= 12 && ws.iter().any(|w| lex.is_speech_verb(w.text(g)))
                    };
                if ok {
                    prev.pieces.extend(q.pieces);
                    continue;
                }
            }
        }
        out.push(q);
    }
    out
}

/// True when `s` holds a sentence end (a `.`, `!` or `?` that is not an abbreviation's dot).
fn has_sentence_end(s: &str) -> bool {
    s.char_indices().any(|(i, c)| match c {
        '!' | '?' => true,
        '.' => !text::is_abbreviation_before(s, i) && i + 1 < s.len(),
        _ => false,
    })
}

/// Words right before a quote that make it a term, a name or a title, not a quote.
const TERM_MARKERS: &[&str] = &[
    "as",
    "so-called",
    "dubbed",
    "nicknamed",
    "termed",
    "titled",
    "entitled",
    "named",
    "called",
    "word",
    "words",
    "term",
    "terms",
    "phrase",
    "slogan",
    "label",
    "aka",
    "codenamed",
    "branded",
    "labelled",
    "labeled",
    "hashtag",
    "headlined",
    "song",
    "film",
    "book",
    "novel",
    "movie",
    "album",
    "show",
    "series",
    "programme",
    "program",
    "operation",
    "campaign",
];

/// Pass 3: keeps real quotes, marks partial ones, drops terms and scare quotes.
fn classify(
    text: &str,
    sentences: &Sentences,
    mut q: CleanQuote,
    (prev_end, next_start): (usize, usize),
    seen_attr: &mut bool,
) -> Option<CleanQuote> {
    let lex = lexicon();
    let first = *q.pieces.first()?;
    let last = *q.pieces.last()?;
    let joined = quote_text(text, &q);
    let qwords = text::words(&joined);
    if qwords.is_empty() {
        return None;
    }
    let n = qwords.len();
    let closed = text
        .get(last.inner.end..last.end)
        .is_some_and(|m| !m.is_empty());
    let inner_last = text
        .get(last.inner.start..last.inner.end)
        .unwrap_or("")
        .trim_end();
    let ends_punct = inner_last.ends_with(['.', ',', '!', '?', '…', '—', '–', ':', ';', '-']);

    // What stands before the quote in its paragraph.
    let before_all = text
        .get(text::back(text, first.start, 120).max(prev_end.min(first.start))..first.start)
        .unwrap_or("");
    let para_start = before_all.rfind("\n\n").map_or(0, |p| p + 2);
    let before = before_all.get(para_start..).unwrap_or("").trim_end();
    let prev_char = before.chars().next_back();
    let bwords = text::words(before);
    let prev_word = bwords.last().map(|w| w.text(before)).unwrap_or("");
    let glued = bwords.last().is_some_and(|w| w.end == before.len());
    let first_upper = qwords
        .first()
        .is_some_and(|w| text::is_capitalised(w.text(&joined)));
    let intro = match prev_char {
        None => true,
        Some(c) => {
            matches!(
                c,
                '.' | '!' | '?' | ':' | ',' | '(' | '[' | '—' | '–' | ';' | '”' | '"' | '…'
            ) || (glued && lex.is_speech_verb(prev_word) && first_upper)
        }
    };

    // Attribution words in the same sentence, outside the quote.
    let s1 = sentences.around(first.start);
    let s2 = sentences.around(last.end.saturating_sub(1));
    let sb = s1
        .start
        .max(text::back(text, first.start, 300))
        .max(prev_end)
        .min(first.start);
    let sent_before = text.get(sb..first.start).unwrap_or("");
    let sa = s2
        .end
        .min(text::ahead(text, last.end, 200))
        .min(next_start)
        .max(last.end);
    let sent_after = text.get(last.end..sa).unwrap_or("");
    let sbw = text::words(sent_before);
    let attr_before = sbw.iter().rposition(|w| {
        let t = w.text(sent_before);
        lex.is_speech_verb(t) || t.eq_ignore_ascii_case("according")
    });
    let attr_after = text::word_iter(sent_after).take(10).any(|w| {
        let t = w.text(sent_after);
        lex.is_speech_verb(t) || t.eq_ignore_ascii_case("according")
    });
    let inherited = *seen_attr;
    *seen_attr |= attr_before.is_some();
    let has_attr = attr_before.is_some() || attr_after || inherited;

    // Terms: "known as “mokhtars”", "the so-called “caliphate”", "the film “…”".
    let prev_key = prev_word.to_lowercase();
    if glued && n <= 6 && !ends_punct && TERM_MARKERS.contains(&prev_key.as_str()) {
        // "described it as “a disgrace”" stays a partial quote.
        let described = prev_key == "as"
            && n >= 2
            && bwords.len() >= 3
            && bwords[bwords.len().saturating_sub(4)..bwords.len() - 1]
                .iter()
                .any(|w| lex.is_speech_verb(w.text(before)));
        if !described {
            return None;
        }
    }
    // Nicknames: Abu Bakr “the Ghost” al-Baghdadi.
    let next_word = text::word_iter(
        text.get(last.end..text::ahead(text, last.end, 40))
            .unwrap_or(""),
    )
    .next();
    let after_slice = text.get(last.end..).unwrap_or("");
    let next_cap =
        next_word.is_some_and(|w| w.start <= 1 && text::is_capitalised(w.text(after_slice)));
    if glued && text::is_capitalised(prev_word) && next_cap && n <= 4 && !ends_punct {
        return None;
    }

    if !closed {
        // A mark left open to the end of a paragraph: a quote only if it says something.
        if n < 4 {
            return None;
        }
        q.partial = false;
        return Some(q);
    }

    if intro {
        if n <= 3 && !ends_punct && !has_attr {
            return None;
        }
        if n <= 2 && !ends_punct && prev_char.is_some_and(|c| matches!(c, '(' | '[')) {
            return None;
        }
        q.partial = false;
        return Some(q);
    }

    // Embedded in the reporter's sentence.
    let title_case = !ends_punct
        && n <= 10
        && qwords.iter().all(|w| {
            let t = w.text(&joined);
            text::is_capitalised(t)
                || matches!(
                    t,
                    "of" | "the"
                        | "a"
                        | "an"
                        | "and"
                        | "in"
                        | "on"
                        | "for"
                        | "to"
                        | "at"
                        | "by"
                        | "with"
                )
        });
    if title_case {
        return None;
    }
    let near_verb = attr_before.is_some_and(|k| sbw.len() - k <= 5);
    let keep = if has_attr {
        n >= 2 || near_verb
    } else {
        n >= 5
    };
    if !keep {
        return None;
    }
    q.partial = true;
    Some(q)
}

/// Ends the quote open since `start` (its words from `inner_start`) at the closing mark at
/// `mark` (`len` bytes): the last piece, and the whole quote with the pieces before it.
fn close_quote(
    pieces: &mut Vec<Piece>,
    out: &mut Vec<CleanQuote>,
    start: usize,
    inner_start: usize,
    mark: usize,
    len: usize,
) {
    pieces.push(Piece {
        start,
        end: mark + len,
        inner: Span {
            start: inner_start,
            end: mark,
        },
    });
    out.push(CleanQuote {
        pieces: std::mem::take(pieces),
        partial: false,
    });
}

#[cfg(test)]
mod tests;
