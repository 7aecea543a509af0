//! The facts scanner's view of a body: its clean text (markdown escapes removed, `\.` reads as
//! `.`, see [`Clean`]) cut into words, numbers and single punctuation marks, each knowing its raw
//! byte range.

use std::borrow::Cow;
use std::cell::Cell;

pub use crate::annotate::text::Clean;

/// What a token is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum K {
    /// Letters (and digits after a first letter: "G20"), inner apostrophes allowed.
    Word,
    /// Digits with thousands separators and one decimal point: "1,000", "4.5".
    Num,
    /// Any other single character.
    Punct,
    /// A line break between tokens: nothing matches across it.
    Break,
}

/// One token. `s`/`e` are byte offsets into the cleaned text; `raw_s`/`raw_e` into the body.
#[derive(Debug, Clone)]
pub struct Tok<'a> {
    pub kind: K,
    /// The token as written (cleaned of escapes).
    pub text: &'a str,
    /// Lowercase form (words only; empty otherwise).
    pub lc: Cow<'a, str>,
    /// No whitespace between the previous token and this one.
    pub adj: bool,
    pub raw_s: usize,
    pub raw_e: usize,
    /// Index of the sentence the token belongs to.
    pub sent: u32,
}

impl Tok<'_> {
    pub fn is_word(&self) -> bool {
        self.kind == K::Word
    }
    pub fn is_punct(&self, c: &str) -> bool {
        self.kind == K::Punct && self.text == c
    }
    pub fn is_dash(&self) -> bool {
        self.kind == K::Punct && matches!(self.text, "-" | "–" | "—" | "‐" | "‑")
    }
    #[inline]
    pub fn capitalized(&self) -> bool {
        self.kind == K::Word && self.text.chars().next().is_some_and(|c| c.is_uppercase())
    }
}

/// A walk over the escapes for offsets asked in ascending order.
struct RawCursor<'a> {
    escapes: &'a [usize],
    k: usize,
}

impl RawCursor<'_> {
    fn raw(&mut self, i: usize) -> usize {
        while self.escapes.get(self.k).is_some_and(|&e| e < i) {
            self.k += 1;
        }
        i + self.k
    }
}

fn is_sentence_end(toks: &[Tok]) -> bool {
    let Some(last) = toks.last() else {
        return false;
    };
    if last.kind != K::Punct || !matches!(last.text, "." | "!" | "?") {
        return false;
    }
    if last.text != "." {
        return true;
    }
    // A period after an abbreviation or an initial does not end a sentence.
    match toks.len().checked_sub(2).and_then(|i| toks.get(i)) {
        Some(prev) if prev.kind == K::Word && last.adj => {
            let w = prev.lc.as_ref();
            !(w.chars().count() <= 1 || super::lexicon::get().is(super::lexicon::Set::Abbrev, w))
        }
        _ => true,
    }
}

thread_local! {
    /// The token buffer of the previous body, empty, for the next one: about 100 KB for a
    /// 6 KB body, which would otherwise be allocated (and its fresh pages faulted in) for
    /// every body. If the in-place `collect` of [`recycle`] ever stops reusing the buffer,
    /// this only costs the allocation it saved.
    static SPARE: Cell<Vec<Tok<'static>>> = const { Cell::new(Vec::new()) };
}

/// An empty vector of tokens with another lifetime, in the same allocation: collecting a
/// vector's `into_iter` into a vector of a same-sized type reuses its buffer.
fn recycle<'a>(mut toks: Vec<Tok<'_>>) -> Vec<Tok<'a>> {
    toks.clear();
    toks.into_iter().map(|_| unreachable!("empty")).collect()
}

/// Keeps the buffer of `toks` for the next [`tokenize`] on this thread (unless it is huge).
pub fn give_back(toks: Vec<Tok<'_>>) {
    if toks.capacity() <= 1 << 16 {
        SPARE.set(recycle(toks));
    }
}

/// Cuts the cleaned text into tokens. `lower` is the clean text with ASCII letters lowercased
/// (the same byte offsets): ASCII words borrow their lowercase form from it.
pub fn tokenize<'a>(clean: &'a Clean, lower: &'a str, body_len: usize) -> Vec<Tok<'a>> {
    let t = clean.text.as_str();
    let b = t.as_bytes();
    let mut out: Vec<Tok<'a>> = recycle(SPARE.take());
    out.reserve(t.len() / 4);
    let mut i = 0;
    let mut adj = false;
    let mut sent: u32 = 0;
    let mut newline = false;
    let mut cur = RawCursor {
        escapes: clean.removed(),
        k: 0,
    };
    while i < t.len() {
        // ASCII fast path for spaces
        if b[i] == b' ' {
            adj = false;
            i += 1;
            continue;
        }
        let c = if b[i] < 0x80 {
            b[i] as char
        } else {
            match t[i..].chars().next() {
                Some(c) => c,
                None => break,
            }
        };
        if c.is_whitespace() {
            if c == '\n' {
                if !newline && !out.is_empty() {
                    out.push(Tok {
                        kind: K::Break,
                        text: "",
                        lc: Cow::Borrowed(""),
                        adj: false,
                        raw_s: cur.raw(i),
                        raw_e: cur.raw(i),
                        sent,
                    });
                    sent += 1;
                }
                newline = true;
            }
            adj = false;
            i += c.len_utf8();
            continue;
        }
        newline = false;
        let start = i;
        let kind;
        // Whether the token is all ASCII, followed as it is read (a word's lowercase form
        // depends on it).
        let mut ascii = c.is_ascii();
        if c.is_ascii_digit() {
            kind = K::Num;
            let mut j = i;
            let mut seen_dot = false;
            while j < b.len() {
                if b[j].is_ascii_digit() {
                    j += 1;
                } else if b[j] == b','
                    && !seen_dot
                    && j + 3 < b.len() + 1
                    && b.get(j + 1..j + 4)
                        .is_some_and(|d| d.iter().all(u8::is_ascii_digit))
                    && !b.get(j + 4).is_some_and(u8::is_ascii_digit)
                {
                    j += 4;
                } else if b[j] == b'.' && !seen_dot && b.get(j + 1).is_some_and(u8::is_ascii_digit)
                {
                    seen_dot = true;
                    j += 1;
                } else {
                    break;
                }
            }
            i = j;
        } else if c.is_alphabetic() {
            kind = K::Word;
            let mut j = i;
            loop {
                // ASCII letters, the bulk of every word.
                while b.get(j).is_some_and(u8::is_ascii_alphabetic) {
                    j += 1;
                }
                let Some(&x) = b.get(j) else {
                    break;
                };
                if x.is_ascii_digit() {
                    // "USD1.2bn", "Rs500": a currency glued to its amount ends the word
                    if j - i <= 3 {
                        let lex = super::lexicon::get();
                        let w = &t[i..j];
                        if lex.currency_codes.contains(w) || lex.currency_syms.contains_key(w) {
                            break;
                        }
                    }
                    j += 1;
                    continue;
                }
                // Any other ASCII char but an apostrophe ends the word (most often a space):
                // no need to decode it.
                if x < 0x80 && x != b'\'' {
                    break;
                }
                let Some(d) = t[j..].chars().next() else {
                    break;
                };
                if d.is_alphanumeric() {
                    ascii &= d.is_ascii();
                    j += d.len_utf8();
                } else if (d == '\'' || d == '’')
                    && t[j + d.len_utf8()..]
                        .chars()
                        .next()
                        .is_some_and(|n| n.is_alphabetic())
                {
                    ascii &= d.is_ascii();
                    j += d.len_utf8();
                } else {
                    break;
                }
            }
            i = j;
        } else {
            kind = K::Punct;
            i += c.len_utf8();
        }
        let text = &t[start..i];
        let lc = if kind == K::Word && ascii {
            Cow::Borrowed(&lower[start..i])
        } else if kind == K::Word && text.chars().any(|c| c.is_uppercase() || c == '’') {
            Cow::Owned(text.to_lowercase().replace('’', "'"))
        } else if kind == K::Word {
            Cow::Borrowed(text)
        } else {
            Cow::Borrowed("")
        };
        out.push(Tok {
            kind,
            text,
            lc,
            adj,
            raw_s: cur.raw(start),
            raw_e: if i >= t.len() { body_len } else { cur.raw(i) },
            sent,
        });
        if is_sentence_end(&out) {
            sent += 1;
        }
        adj = true;
    }
    out
}
