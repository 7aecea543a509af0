//! Finding name candidates: runs of capitalised, name-shaped words, with a title chain before
//! them ("Maj. Gen.", "Prime Minister") kept apart, and the evidence that makes a run a name.

use crate::annotate::people::Gender;
use crate::annotate::text::lexicon::{
    is_particle_key, key_lowered, lexicon, may_be_particle, WordInfo,
};
use crate::annotate::text::{self, Word};

/// A word of the clean text with what the name finder needs.
#[derive(Debug, Clone)]
pub(crate) struct Tok {
    pub start: usize,
    /// End without a possessive `’s`.
    pub end: usize,
    pub cap: bool,
    pub name_shape: bool,
    pub title: Option<Option<Gender>>,
    pub particle: bool,
    /// What the word lists say of the word, looked up with the token for capitalised words
    /// and particles (see [`info_of`]).
    pub info: Option<WordInfo>,
}

/// What the word lists say of token `t`'s word: the lookup made with the token when there was
/// one (the same key: the word without its possessive), else a lookup now.
pub(crate) fn info_of(text: &str, t: &Tok) -> WordInfo {
    t.info.unwrap_or_else(|| lexicon().info(word(text, t)))
}

/// A name found in the text: `title` tokens `[title_from, name_from)`, name tokens
/// `[name_from, name_to)`.
#[derive(Debug, Clone)]
pub(crate) struct Candidate {
    pub title_from: usize,
    pub name_from: usize,
    pub name_to: usize,
    /// Good evidence that this is a person (a title, a known first name, a particle, a
    /// speech verb next to it, an appositive).
    pub strong: bool,
    /// False for a run of 2–4 name-shaped words without evidence: a person only if a short
    /// form of it is found as one.
    pub accepted: bool,
}

/// The name finder's tokens of the clean `text` (`lower`: the same, ASCII-lowercased; see
/// [`text::Prose`]).
pub(crate) fn tokens(text: &str, lower: &str, words: &[Word]) -> Vec<Tok> {
    let lex = lexicon();
    words
        .iter()
        .map(|&Word { start, end }| {
            let mut w = text.get(start..end).unwrap_or("");
            let mut e = end;
            for poss in ["’s", "'s"] {
                if w.len() > poss.len() + 1 && w.ends_with(poss) {
                    e -= poss.len();
                    w = &w[..w.len() - poss.len()];
                }
            }
            let cap = text::is_capitalised(w);
            // One key serves the particle test and the list lookup below.
            let may_be_particle = may_be_particle(w);
            let k =
                (cap || may_be_particle).then(|| key_lowered(w, lower.get(start..e).unwrap_or("")));
            let particle =
                may_be_particle && k.as_ref().is_some_and(|k| is_particle_key(k.as_ref()));
            // The cheap tests of shape come first: most words are lowercase and need no lookup.
            let shaped = || {
                let has_lower = w.chars().skip(1).any(|c| c.is_lowercase());
                let initial = w.chars().count() == 1 && cap && text.get(e..e + 1) == Some(".");
                (cap && has_lower) || initial || (particle && w.contains('-'))
            };
            // "MPs", "CEOs": acronyms, not names.
            let acronym = || {
                w.len() >= 3
                    && w.ends_with('s')
                    && w[..w.len() - 1].bytes().all(|b| b.is_ascii_uppercase())
            };
            // "We're", "They'll", "Don't": a contraction opening a sentence, not a name.
            let contraction = || {
                w.rsplit_once(['\'', '’'])
                    .is_some_and(|(_, tail)| matches!(tail, "re" | "ll" | "ve" | "d" | "m" | "t"))
            };
            // "Economists", "Drivers": plural role nouns opening a sentence.
            let plural_role = || w.len() > 3 && w.ends_with('s') && lex.is_role(&w[..w.len() - 1]);
            // One lookup answers every list question about a capitalised word.
            let looked_up = match &k {
                Some(k) if cap || particle => Some(lex.info_of_key(k.as_ref())),
                _ => None,
            };
            let info = looked_up.unwrap_or_default();
            let name_shape = (cap || particle)
                && shaped()
                && !w.bytes().any(|b| b.is_ascii_digit())
                && !acronym()
                && !contraction()
                && !plural_role()
                && !info.common
                && !info.org
                && !info.role;
            Tok {
                start,
                end: e,
                cap,
                name_shape,
                title: if cap { info.title } else { None },
                particle,
                info: looked_up,
            }
        })
        .collect()
}

/// True when tokens `a` and `b` are next to each other in a name: only spaces between them,
/// or the dot of an abbreviation and a space.
pub(crate) fn adjacent(text: &str, a: &Tok, b: &Tok) -> bool {
    let gap = match text.get(a.end..b.start) {
        Some(g) => g,
        None => return false,
    };
    let g = gap.strip_prefix('.').unwrap_or(gap);
    !g.is_empty() && g.len() <= 3 && g.chars().all(|c| c == ' ' || c == '\u{a0}')
}

pub(crate) fn word<'a>(text: &'a str, t: &Tok) -> &'a str {
    text.get(t.start..t.end).unwrap_or("")
}

/// Finds the name candidates, in order, not overlapping.
pub(crate) fn candidates(text: &str, toks: &[Tok]) -> Vec<Candidate> {
    let n = toks.len();
    let mut out = Vec::new();
    let mut i = 0;
    while i < n {
        // Title chain.
        let mut j = i;
        while j < n && toks[j].title.is_some() && (j == i || adjacent(text, &toks[j - 1], &toks[j]))
        {
            j += 1;
        }
        // Name tokens.
        let mut k = j;
        // Up to four name words, and the particles among them ("Lucía Fernández de la Vega").
        while k < n && k - j < 4 + toks[j..k].iter().filter(|t| t.particle).count().min(3) {
            if k > i && !adjacent(text, &toks[k - 1], &toks[k]) {
                break;
            }
            // A dot between name words is an initial's ("John F. Kennedy"), else it ends a
            // sentence ("… de la Vega. Tens of thousands …").
            if k > j
                && text
                    .get(toks[k - 1].end..)
                    .is_some_and(|g| g.starts_with('.'))
                && word(text, &toks[k - 1]).chars().count() > 1
            {
                break;
            }
            let t = &toks[k];
            // Particles go on to a name word: "van der Berg", "bin Nasser".
            let particle_run = t.particle && {
                let mut m = k;
                while m + 1 < n && toks[m].particle && adjacent(text, &toks[m], &toks[m + 1]) {
                    m += 1;
                }
                m > k && toks[m].name_shape && m - k <= 3
            };
            let inner_particle = particle_run && k > j;
            if t.name_shape || inner_particle || (t.particle && (t.cap || j > i) && particle_run) {
                k += 1;
            } else {
                break;
            }
        }
        if k == j {
            i = j.max(i + 1);
            continue;
        }
        // "Sam Heller Foundation": the run goes on into an organisation.
        let next = toks.get(k);
        let into_org = next.is_some_and(|t| {
            t.cap && adjacent(text, &toks[k - 1], t) && (info_of(text, t).org || t.title.is_some())
        });
        let prev_org = i > 0
            && toks[i - 1].cap
            && adjacent(text, &toks[i - 1], &toks[i])
            && info_of(text, &toks[i - 1]).org;
        if into_org || prev_org {
            i = k + 1;
            continue;
        }
        let len = k - j;
        let titled = j > i;
        let verb_before = j > 0 && i > 0 && {
            let p = &toks[i - 1];
            !p.cap
                && info_of(text, p).speech_verb
                && text
                    .get(p.end..toks[i].start)
                    .is_some_and(|g| g.trim().is_empty())
        };
        let verb_after = next.is_some_and(|t| {
            info_of(text, t).speech_verb
                && text.get(toks[k - 1].end..t.start).is_some_and(|g| {
                    let g = g.trim();
                    g.is_empty() || (g == "," && len <= 3)
                })
        }) || next_after_aux_is_verb(text, toks, k);
        let first = word(text, &toks[j]);
        let appositive = text.get(toks[k - 1].end..).is_some_and(|rest| {
            let r = rest.trim_start_matches(['’', '\'', 's']);
            r.starts_with(", a ")
                || r.starts_with(", an ")
                || r.starts_with(", the ")
                || r.starts_with(", who ")
                || r.starts_with(", whose ")
                || r.get(2..3)
                    .is_some_and(|d| r.starts_with(", ") && d.chars().all(|c| c.is_ascii_digit()))
        });
        let colon_quote = text
            .get(toks[k - 1].end..)
            .is_some_and(|r| r.starts_with(": “") || r.starts_with(": \"") || r.starts_with(":“"));
        // "the coordinator Ann Lee", "the UN's coordinator, Lucía Fernández", "His daughter,
        // Els, runs": a role noun right before, or before a comma for a name of two words or
        // more, or for one set between commas.
        let between_commas = text
            .get(toks[k - 1].end..)
            .is_some_and(|r| r.starts_with(','));
        let role_before = i > 0
            && (info_of(text, &toks[i - 1]).role
                || matches!(word(text, &toks[i - 1]), "named" | "called" | "nicknamed"))
            && text.get(toks[i - 1].end..toks[i].start).is_some_and(|g| {
                g.trim().is_empty() || (g.trim() == "," && (len >= 2 || between_commas))
            });
        let strong = titled
            || info_of(text, &toks[j]).first_name.is_some()
            || toks[j..k].iter().any(|t| t.particle)
            || verb_before
            || verb_after
            || appositive
            || colon_quote
            || role_before;
        let accept = if titled {
            true
        } else if len >= 2 {
            len - toks[j..k].iter().filter(|t| t.particle).count() <= 4 && strong
        } else {
            // A lone word counts only as the subject or object of a speech verb; it is checked
            // against the registry later. Not the tail of a name of something ("the Ministry
            // of Health said").
            let tail = i > 0
                && matches!(
                    word(text, &toks[i - 1]).to_ascii_lowercase().as_str(),
                    "of" | "the" | "for" | "and" | "on"
                );
            let gerund = first.ends_with("ing");
            (verb_before || verb_after || role_before) && !tail && !gerund
        };
        if accept || (2..=4).contains(&len) {
            out.push(Candidate {
                title_from: i,
                name_from: j,
                name_to: k,
                strong,
                accepted: accept,
            });
        }
        i = k;
    }
    out
}

/// "Heller also said", "Heller had told": a speech verb after one or two adverbs/auxiliaries.
fn next_after_aux_is_verb(text: &str, toks: &[Tok], k: usize) -> bool {
    let mut m = k;
    for _ in 0..2 {
        let t = match toks.get(m) {
            Some(t) => t,
            None => return false,
        };
        let w = word(text, t);
        if !crate::annotate::text::lexicon::is_aux(w) {
            return false;
        }
        if text
            .get(toks[m - 1].end..t.start)
            .is_none_or(|g| !g.trim().is_empty())
        {
            return false;
        }
        m += 1;
        if let Some(v) = toks.get(m) {
            if info_of(text, v).speech_verb
                && text
                    .get(t.end..v.start)
                    .is_some_and(|g| g.trim().is_empty())
            {
                return true;
            }
        }
    }
    false
}
