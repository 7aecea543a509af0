//! Reading the speaker's noun phrase next to a speech verb: a name ("Col. Saad Mohammed"), a
//! pronoun ("he"), or a description ("One Iraqi military leader", "a spokesman for the company").

use crate::annotate::people::Gender;
use crate::annotate::text::lexicon::{is_determiner, is_particle, lexicon};
use crate::annotate::text::{is_capitalised, Word};

/// What stands as the speaker in the text (clean offsets).
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Found {
    /// A capitalised name; `name_from` is where the name starts after any title.
    Name {
        start: usize,
        name_from: usize,
        end: usize,
    },
    Pronoun {
        start: usize,
        end: usize,
        gender: Option<Gender>,
    },
    Description {
        start: usize,
        end: usize,
    },
}

/// The words of a text with helpers over token indices.
pub(crate) struct Toks<'a> {
    pub text: &'a str,
    pub words: &'a [Word],
}

const PREPS: &[&str] = &[
    "in", "at", "with", "from", "on", "to", "by", "during", "after", "before", "while", "as",
    "about", "into", "near", "under", "over", "through", "outside", "inside",
];
const STOPS: &[&str] = &[
    "and", "but", "or", "that", "who", "which", "when", "where", "because", "if", "was", "were",
    "is", "are", "had", "has", "have", "been", "be", "it", "they", "we", "i", "you", "said",
];

/// A word that can end or start a name: capitalised, or a particle like "al-Tamimi".
pub(crate) fn is_name_start(w: &str) -> bool {
    is_capitalised(w) || (is_particle(w) && w.contains('-'))
}

impl<'a> Toks<'a> {
    pub fn w(&self, k: usize) -> &'a str {
        self.words.get(k).map_or("", |w| w.text(self.text))
    }
    fn gap(&self, a: usize, b: usize) -> &'a str {
        match (self.words.get(a), self.words.get(b)) {
            (Some(x), Some(y)) => self.text.get(x.end..y.start).unwrap_or(""),
            _ => "",
        }
    }
    /// Only spaces between words `a` and `a + 1`.
    pub fn spaced(&self, a: usize) -> bool {
        let g = self.gap(a, a + 1);
        !g.is_empty() && g.chars().all(|c| c == ' ' || c == '\u{a0}')
    }
    /// Spaces, or an abbreviation dot and spaces ("Col. Saad").
    fn name_joined(&self, a: usize) -> bool {
        let g = self.gap(a, a + 1);
        let g = g.strip_prefix('.').unwrap_or(g);
        !g.is_empty() && g.len() <= 3 && g.chars().all(|c| c == ' ' || c == '\u{a0}')
    }
    fn is_name_word(&self, k: usize) -> bool {
        let w = self.w(k);
        (is_capitalised(w) || is_particle(w)) && !w.chars().any(|c| c.is_ascii_digit())
    }

    /// The speaker ending right before word `v` (a speech verb), not before word `lo`.
    pub fn subject_before(&self, v: usize, lo: usize) -> Option<Found> {
        let is_aux = crate::annotate::text::lexicon::is_aux;
        let mut k = v;
        while k > lo && self.spaced(k - 1) && is_aux(self.w(k - 1)) {
            k -= 1;
        }
        // "X declined to comment", "X refused to say": the verb before "to" belongs to X.
        if k > lo + 2
            && self.w(k - 1) == "to"
            && self.spaced(k - 1)
            && self.spaced(k - 2)
            && self.w(k - 2).chars().all(|c| c.is_lowercase())
            && !PREPS.contains(&self.w(k - 2))
        {
            k -= 2;
            while k > lo && self.spaced(k - 1) && is_aux(self.w(k - 1)) {
                k -= 1;
            }
        }
        if k <= lo {
            return None;
        }
        let mut p = k - 1;
        let mut g = self.gap(p, k).trim();
        if g.ends_with(')') {
            // "Rep. Dana Whitlock (D-Ore.) said": skip the parenthesis.
            let mut q = p;
            while q > lo && p - q < 8 && !self.gap(q - 1, q).contains('(') {
                q -= 1;
            }
            if q > lo && self.gap(q - 1, q).contains('(') {
                p = q - 1;
                g = "";
            } else {
                return None;
            }
        }
        if g == "," {
            // "Sam Heller, an analyst at the X, said": skip the appositive.
            let mut q = p;
            let mut found = None;
            while q > lo && p - q < 16 {
                let gq = self.gap(q - 1, q);
                if gq.contains(',') {
                    let w = self.w(q);
                    if is_determiner(w)
                        || w == "who"
                        || w.ends_with("ing")
                        || w.chars().all(|c| c.is_ascii_digit())
                    {
                        found = Some(q - 1);
                    }
                    break;
                }
                q -= 1;
            }
            // "His lawyer, Giulia Conti, said": the name in apposition speaks.
            // "One marcher, a nurse named Clara Duarte, said": the name in the appositive.
            if found.is_some() && is_name_start(self.w(p)) {
                let mut q = p;
                while q > lo && p - q < 5 && self.name_joined(q - 1) && self.is_name_word(q - 1) {
                    q -= 1;
                }
                if q > lo && matches!(self.w(q - 1), "named" | "called") {
                    return Some(self.name(q, p));
                }
            }
            p = match found {
                Some(f) => f,
                None if is_name_start(self.w(p)) => p,
                None => return None,
            };
        } else if !g.is_empty() {
            return None;
        }
        let w = self.w(p);
        match w {
            "he" | "He" => return Some(self.pronoun(p, Some(Gender::Male))),
            "she" | "She" => return Some(self.pronoun(p, Some(Gender::Female))),
            // "X welcomed the figures but warned": the verb shares the clause's subject.
            "but" | "and" if g.is_empty() && p > lo => {
                return self.subject_after(lo, p);
            }
            _ => {}
        }
        let lex = lexicon();
        if is_name_start(w) && !lex.is_common(w) && !lex.is_role(w) {
            // A name: walk back over the capitalised run and its title ("Col. Saad
            // Mohammed"), or an organisation's ("the Ministry of Health").
            let mut q = p;
            loop {
                if q > lo
                    && p - q < 6
                    && self.name_joined(q - 1)
                    && self.is_name_word(q - 1)
                    && !lex.is_common(self.w(q - 1))
                    && (!lex.is_role(self.w(q - 1)) || self.is_title_word(q - 1))
                {
                    q -= 1;
                } else if q > lo + 1
                    && p - q < 6
                    && matches!(self.w(q - 1), "of" | "for" | "and")
                    && self.spaced(q - 1)
                    && self.spaced(q - 2)
                    && lex.is_org(self.w(q - 2))
                {
                    q -= 2;
                } else {
                    break;
                }
            }
            return Some(self.name(q, p));
        }
        // A description: back to its determiner.
        let mut q = p;
        while q > lo && p - q < 5 && self.spaced(q - 1) {
            let pw = self.w(q - 1);
            if is_determiner(pw) {
                q -= 1;
                break;
            }
            if PREPS.contains(&pw)
                || STOPS.contains(&pw.to_lowercase().as_str())
                || lex.is_speech_verb(pw)
            {
                break;
            }
            if matches!(pw, "for" | "of") {
                // "A spokesman for the company said".
                let mut r = q - 1;
                let mut ok = false;
                while r > lo && q - r < 5 && self.spaced(r - 1) {
                    r -= 1;
                    if is_determiner(self.w(r)) {
                        ok = true;
                        break;
                    }
                }
                if ok {
                    q = r;
                    break;
                }
                return None;
            }
            q -= 1;
        }
        if is_determiner(self.w(q))
            && q > lo + 1
            && self.spaced(q - 1)
            && matches!(
                self.w(q - 1),
                "for" | "of" | "at" | "in" | "with" | "from" | "on"
            )
        {
            // "A spokesman for the company said", "A diplomat at the embassy said".
            let mut r = q - 1;
            while r > lo && q - r < 5 && self.spaced(r - 1) {
                r -= 1;
                if is_determiner(self.w(r)) {
                    q = r;
                    break;
                }
            }
        }
        let has_det = is_determiner(self.w(q));
        let head_role = lex.is_role(self.w(p));
        let possessive = matches!(self.w(q), "its" | "their" | "his" | "her");
        if !head_role && (!has_det || q >= p || possessive) {
            return None;
        }
        Some(Found::Description {
            start: self.words[q].start,
            end: self.words[p].end,
        })
    }

    /// A name whose last word is `p` ("Sam Heller" before a colon).
    pub fn name_ending_at(&self, p: usize, lo: usize) -> Option<Found> {
        let lex = lexicon();
        let w = self.w(p);
        if !is_capitalised(w) || lex.is_common(w) || lex.is_role(w) || lex.is_org(w) {
            return None;
        }
        let mut q = p;
        while q > lo
            && p - q < 6
            && self.name_joined(q - 1)
            && self.is_name_word(q - 1)
            && !lex.is_common(self.w(q - 1))
        {
            q -= 1;
        }
        Some(self.name(q, p))
    }

    /// The speaker starting at word `k` ("said Sam Heller", "said a spokesman for the company").
    pub fn subject_after(&self, k: usize, hi: usize) -> Option<Found> {
        if k >= hi {
            return None;
        }
        let w = self.w(k);
        match w {
            "he" | "He" => return Some(self.pronoun(k, Some(Gender::Male))),
            "she" | "She" => return Some(self.pronoun(k, Some(Gender::Female))),
            _ => {}
        }
        let lex = lexicon();
        // "said Labour transport spokesman Iain Fraser", "said the party's spokesman Iain
        // Fraser": a role noun right before a name.
        let mut r = k;
        while r + 1 < hi && r - k < 6 && self.spaced(r) {
            let rw = self.w(r);
            if lex.is_speech_verb(rw) || PREPS.contains(&rw) || STOPS.contains(&rw) {
                break;
            }
            if lex.is_role(rw) && !is_capitalised(rw) && is_name_start(self.w(r + 1)) {
                let mut e = r + 1;
                while e + 1 < hi && e - r < 6 && self.name_joined(e) && self.is_name_word(e + 1) {
                    e += 1;
                }
                return Some(self.name(r + 1, e));
            }
            r += 1;
        }
        if is_name_start(w) && !is_determiner(w) {
            if lex.is_common(w) || lex.is_role(w) && !self.is_title_word(k) {
                return None;
            }
            let mut e = k;
            while e + 1 < hi && e - k < 6 && self.name_joined(e) && self.is_name_word(e + 1) {
                e += 1;
            }
            return Some(self.name(k, e));
        }
        // A description, from its determiner (or a bare role noun: "said officials").
        let mut e = k;
        let has_det = is_determiner(w);
        if !has_det && !lex.is_role(w) {
            return None;
        }
        while e + 1 < hi && e - k < 8 && self.spaced(e) {
            let nw = self.w(e + 1);
            if matches!(nw, "for" | "of") {
                // Keep "for the company", "of the council".
                let mut f = e + 1;
                let mut steps = 0;
                while f + 1 < hi && steps < 4 && self.spaced(f) {
                    let x = self.w(f + 1);
                    // "for the ministry declined to…": a past-tense verb after the noun ends
                    // the phrase ("for the embattled ministry" keeps its adjective).
                    let verb = x.len() > 4
                        && x.ends_with("ed")
                        && !is_capitalised(x)
                        && !is_determiner(self.w(f));
                    if PREPS.contains(&x)
                        || STOPS.contains(&x)
                        || lex.is_speech_verb(x)
                        || crate::annotate::text::lexicon::is_aux(x)
                        || verb
                    {
                        break;
                    }
                    f += 1;
                    steps += 1;
                }
                if f > e + 1 {
                    e = f;
                }
                break;
            }
            if PREPS.contains(&nw)
                || STOPS.contains(&nw)
                || lex.is_speech_verb(nw)
                || crate::annotate::text::lexicon::is_aux(nw)
            {
                break;
            }
            e += 1;
        }
        if has_det && e == k {
            return None;
        }
        // "said the trust's chief executive, Martin Howe": the name in apposition.
        if e + 1 < hi && self.gap(e, e + 1).trim() == "," && is_name_start(self.w(e + 1)) {
            let mut f = e + 1;
            while f + 1 < hi && f - e < 6 && self.name_joined(f) && self.is_name_word(f + 1) {
                f += 1;
            }
            let end_ok = f + 1 >= hi || !self.gap(f, f + 1).trim().is_empty();
            if end_ok && !lex.is_common(self.w(e + 1)) {
                return Some(self.name(e + 1, f));
            }
        }
        Some(Found::Description {
            start: self.words[k].start,
            end: self.words[e].end,
        })
    }

    /// The subject filling words `[lo, v)` before a speech verb at `v`, right after a quote:
    /// "“…,” an aid worker in the city said", "“…,” Heller said".
    pub fn subject_span(&self, lo: usize, v: usize) -> Option<Found> {
        let mut e = v;
        while e > lo && self.spaced(e - 1) && crate::annotate::text::lexicon::is_aux(self.w(e - 1))
        {
            e -= 1;
        }
        if e <= lo || e - lo > 8 || (lo..e).any(|i| !self.name_joined(i)) {
            return self.subject_before(v, lo);
        }
        let w0 = self.w(lo);
        if e - lo == 1 {
            match w0 {
                "he" | "He" => return Some(self.pronoun(lo, Some(Gender::Male))),
                "she" | "She" => return Some(self.pronoun(lo, Some(Gender::Female))),
                _ => {}
            }
        }
        if is_determiner(w0) && e - lo >= 2 {
            return Some(Found::Description {
                start: self.words[lo].start,
                end: self.words[e - 1].end,
            });
        }
        if (lo..e).all(|i| self.is_name_word(i)) && !lexicon().is_common(w0) {
            return Some(self.name(lo, e - 1));
        }
        self.subject_before(v, lo)
    }

    fn is_title_word(&self, k: usize) -> bool {
        lexicon().title(self.w(k)).is_some()
    }

    fn pronoun(&self, k: usize, gender: Option<Gender>) -> Found {
        Found::Pronoun {
            start: self.words[k].start,
            end: self.words[k].end,
            gender,
        }
    }

    /// A name over words `[q, p]`, its title tokens set apart.
    fn name(&self, q: usize, p: usize) -> Found {
        let mut n = q;
        while n < p && self.is_title_word(n) {
            n += 1;
        }
        Found::Name {
            start: self.words[q].start,
            name_from: self.words[n].start,
            end: self.words[p].end,
        }
    }
}
