//! Speaker attribution: for each quotation span, finds the attribution ("said Sam Heller",
//! "Heller continued", "a community elder stated") and resolves it through the person registry.
//!
//! Where the attribution is looked for, in order: between the pieces of a split quote; before
//! the quote when it introduces it (`X said, “…”`, `X: “…”`); after it in the same sentence
//! (`“…,” said X`, `“…,” X said`); anywhere before it in its sentence (partial quotes); the
//! previous sentence; and last, the previous quote's speaker when this one carries on the
//! same turn.

mod np;

use super::people::{People, Person};
use super::quotes::QuoteSpan;
use super::text::lexicon::{is_determiner, lexicon};
use super::text::{self, Clean, Prose, Sentences};
use super::{Quote, Span};
use np::{Found, Toks};

/// A resolved speaker.
#[derive(Debug, Clone, Default, PartialEq)]
struct Speaker {
    name: String,
    mention: String,
    title: Option<String>,
    role: Option<String>,
    organization: Option<String>,
}

/// Turns quotation spans into quotes with speakers.
pub fn attribute(body: &str, spans: Vec<QuoteSpan>, people: &People) -> Vec<Quote> {
    attribute_in(&Prose::new(body), spans, people)
}

/// [`attribute`] over a body already read as [`Prose`].
pub fn attribute_in(prose: &Prose, spans: Vec<QuoteSpan>, people: &People) -> Vec<Quote> {
    let clean = &prose.clean;
    let text = prose.text();
    let toks = Toks {
        text,
        words: &prose.words,
    };
    let ctx = Ctx {
        clean,
        toks: &toks,
        sentences: &prose.sentences,
        people,
    };
    // Clean spans of every quote.
    let cspans: Vec<Vec<Span>> = spans
        .iter()
        .map(|s| {
            s.pieces
                .iter()
                .map(|p| Span {
                    start: clean.clean_of(p.start),
                    end: clean.clean_of(p.end),
                })
                .collect()
        })
        .collect();
    let mut out = Vec::with_capacity(spans.len());
    let mut prev: Option<(usize, Option<Speaker>)> = None;
    for (qi, s) in spans.into_iter().enumerate() {
        let pieces = &cspans[qi];
        let next_start = cspans
            .get(qi + 1)
            .and_then(|p| p.first())
            .map_or(text.len(), |p| p.start);
        let prev_end = prev.as_ref().map_or(0, |p| p.0);
        let mut speaker = ctx.find(pieces, prev_end, next_start, s.partial);
        if speaker.is_none() {
            if let Some((pe, Some(ps))) = &prev {
                if ctx.continues(*pe, pieces.first().map_or(0, |p| p.start), ps) {
                    speaker = Some(Speaker {
                        mention: String::new(),
                        ..ps.clone()
                    });
                }
            }
        }
        if speaker.is_none() && !s.partial {
            speaker = ctx.previous_person(pieces.first().map_or(0, |p| p.start), prev_end);
        }
        prev = Some((pieces.last().map_or(0, |p| p.end), speaker.clone()));
        let sp = speaker.unwrap_or_default();
        let opt = |x: String| (!x.is_empty()).then_some(x);
        out.push(Quote {
            start: s.pieces.first().map_or(0, |p| p.start),
            end: s.pieces.last().map_or(0, |p| p.end),
            text: s.text,
            partial: s.partial,
            pieces: s.pieces,
            speaker: opt(sp.name),
            speaker_mention: opt(sp.mention),
            title: sp.title,
            role: sp.role,
            organization: sp.organization,
            ..Quote::default()
        });
    }
    out
}

struct Ctx<'a> {
    clean: &'a Clean,
    toks: &'a Toks<'a>,
    sentences: &'a Sentences,
    people: &'a People,
}

impl Ctx<'_> {
    /// Word indices inside `[s, e)`.
    fn range(&self, s: usize, e: usize) -> (usize, usize) {
        let w = self.toks.words;
        (
            w.partition_point(|x| x.start < s),
            w.partition_point(|x| x.end <= e),
        )
    }

    fn find(
        &self,
        pieces: &[Span],
        prev_end: usize,
        next_start: usize,
        partial: bool,
    ) -> Option<Speaker> {
        let text = self.toks.text;
        let first = pieces.first()?;
        let last = pieces.last()?;
        // 1. Between the pieces of a split quote.
        for pair in pieces.windows(2) {
            let gap = text.get(pair[0].end..pair[1].start).unwrap_or("");
            if !gap.contains("\n\n") {
                if let Some(s) = self.after_seg(pair[0].end, pair[1].start) {
                    return Some(s);
                }
            }
        }
        // The quote's sentence, before and after it.
        let s1 = self.sentences.around(first.start);
        let b_start = s1
            .start
            .max(prev_end)
            .max(text::back(text, first.start, 600))
            .min(first.start);
        let before = text.get(b_start..first.start).unwrap_or("");
        let para = before.rfind("\n\n").map_or(b_start, |p| b_start + p + 2);
        let b_start = para;
        let before = text.get(b_start..first.start).unwrap_or("");
        let s2 = self.sentences.around(last.end.saturating_sub(1));
        let mut a_end = s2
            .end
            .min(next_start)
            .min(text::ahead(text, last.end, 600))
            .max(last.end);
        if let Some(p) = text.get(last.end..a_end).and_then(|a| a.find("\n\n")) {
            a_end = last.end + p;
        }
        let intro = before.trim_end().ends_with([',', ':']);
        // 2. An introduction: `X said, “…”`, `X: “…”`.
        if intro {
            if let Some(s) = self.before_seg(b_start, first.start, true) {
                return Some(s);
            }
        }
        // 3. After: `“…,” said X`.
        if let Some(s) = self.after_seg(last.end, a_end) {
            return Some(s);
        }
        // 3b. `“…,” Mensah shot back.`: a quote closing on a comma, then a name or a pronoun
        // and some verb.
        if let Some(s) = self.open_end_subject(last, a_end) {
            return Some(s);
        }
        // 4. Anywhere before in the sentence.
        if !intro {
            if let Some(s) = self.before_seg(b_start, first.start, false) {
                return Some(s);
            }
        }
        // 5. The previous sentence, for a quote that opens its sentence.
        if !partial && before.trim().is_empty() && b_start > prev_end && s1.start > 0 {
            let ps = self.sentences.around(s1.start - 1);
            let from = ps.start.max(prev_end).max(text::back(text, s1.start, 600));
            if from < s1.start {
                let seg = text.get(from..s1.start).unwrap_or("");
                if !seg.contains(['“', '"']) && seg.trim_end().ends_with([':', '.']) {
                    if let Some(s) = self.before_seg(from, s1.start, seg.trim_end().ends_with(':'))
                    {
                        return Some(s);
                    }
                }
            }
        }
        None
    }

    /// After a quote that closes on `,`, `?` or `!`: a name or pronoun followed by a verb.
    fn open_end_subject(&self, last: &Span, a_end: usize) -> Option<Speaker> {
        let t = self.toks;
        let piece = t.text.get(last.start..last.end)?;
        let inner = piece.trim_end_matches(['”', '"', '’', '»']);
        if !inner.trim_end().ends_with([',', '?', '!']) {
            return None;
        }
        let (lo, hi) = self.range(last.end, a_end);
        if lo >= hi || !t.text.get(last.end..t.words[lo].start)?.trim().is_empty() {
            return None;
        }
        let f = t.subject_after(lo, hi)?;
        let end = match f {
            Found::Name { end, .. } | Found::Pronoun { end, .. } => end,
            Found::Description { .. } => return None,
        };
        let next = t.words.partition_point(|w| w.start < end);
        let verb = t.w(next);
        let ok = next < hi
            && next > lo
            && t.spaced(next - 1)
            && verb.chars().next().is_some_and(char::is_lowercase);
        if ok {
            self.resolve(f)
        } else {
            None
        }
    }

    /// An attribution after a quote (or between pieces): a speech verb among the first words.
    fn after_seg(&self, s: usize, e: usize) -> Option<Speaker> {
        let lex = lexicon();
        let (lo, hi) = self.range(s, e);
        if lo >= hi {
            return None;
        }
        // The segment must start at the quote: "“…,” said X" or "“…,” X said".
        let lead = self
            .toks
            .text
            .get(s..self.toks.words[lo].start)
            .unwrap_or("");
        if lead.contains(['.', '!', '?', ';', '(']) {
            return None;
        }
        let t = self.toks;
        for v in lo..hi.min(lo + 9) {
            let w = t.w(v);
            if w.eq_ignore_ascii_case("according") && t.w(v + 1) == "to" {
                return self.according_to(v + 2, hi);
            }
            if lex.is_speech_verb(w) {
                let found = if v == lo {
                    t.subject_after(v + 1, hi)
                } else {
                    t.subject_span(lo, v)
                };
                return found.and_then(|f| self.resolve(f));
            }
        }
        None
    }

    /// An attribution before a quote in its sentence: the last speech verb and its subject,
    /// "according to X", a colon after a name, or a speech noun ("put out this statement").
    fn before_seg(&self, s: usize, e: usize, intro: bool) -> Option<Speaker> {
        let lex = lexicon();
        let t = self.toks;
        let (lo, hi) = self.range(s, e);
        if lo >= hi {
            return None;
        }
        let seg = t.text.get(s..e).unwrap_or("").trim_end();
        let is_verb = |k: usize| {
            lex.is_speech_verb(t.w(k))
                || (t.w(k).eq_ignore_ascii_case("according") && t.w(k + 1) == "to")
        };
        // "Sam Heller: “…”", "Gwen Talbot, florist: “…”"
        if seg.ends_with(':') && hi - lo <= 8 && !(lo..hi).any(is_verb) {
            if let Some(f) = t.name_ending_at(hi - 1, lo) {
                return self.resolve(f);
            }
            if let Some(f @ Found::Name { .. }) = t.subject_after(lo, hi) {
                return self.resolve(f);
            }
        }
        let mut participle = false;
        for v in (lo..hi).rev() {
            let w = t.w(v);
            if w.eq_ignore_ascii_case("according") && t.w(v + 1) == "to" {
                return self.according_to(v + 2, hi);
            }
            if lex.is_speech_verb(w) && !is_capitalised_common_start(t, v, lo) {
                if w.ends_with("ing") {
                    // "…, telling one interviewer that": the main clause's subject speaks.
                    participle = true;
                    continue;
                }
                // "said X, “…”", "said X, who …": a subject after the verb; not one that
                // runs into the quote ("said the measure “…”" is an object).
                let inverted = || {
                    t.subject_after(v + 1, hi).filter(|f| {
                        let end = match f {
                            Found::Name { end, .. } => *end,
                            Found::Pronoun { end, .. } => *end,
                            Found::Description { end, .. } => *end,
                        };
                        t.text
                            .get(end..)
                            .and_then(|r| r.trim_start().chars().next())
                            .is_none_or(|c| !matches!(c, '“' | '"' | '‘' | '«'))
                    })
                };
                let f = t.subject_before(v, lo).or_else(inverted);
                if let Some(sp) = f.and_then(|f| self.resolve(f)) {
                    return Some(sp);
                }
            }
        }
        // A speech noun in an introduction: the clause's subject speaks.
        if participle || intro && (lo..hi).any(|k| lex.is_speech_noun(t.w(k))) {
            let mut k = lo;
            // Skip an opening adverbial up to its comma ("In a video, …").
            if !is_determiner(t.w(k)) && !text::is_capitalised(t.w(k)) {
                return None;
            }
            if lex.is_common(t.w(k)) && !is_determiner(t.w(k)) {
                while k < hi
                    && !t
                        .text
                        .get(t.words[k].end..t.words.get(k + 1).map_or(e, |w| w.start))
                        .unwrap_or("")
                        .contains(',')
                {
                    k += 1;
                }
                k += 1;
            }
            return t.subject_after(k, hi).and_then(|f| self.resolve(f));
        }
        None
    }

    /// The source after "according to": a name or description; for "a statement from the
    /// ministry", the ministry.
    fn according_to(&self, k: usize, hi: usize) -> Option<Speaker> {
        let t = self.toks;
        let f = t.subject_after(k, hi)?;
        if let Found::Description { end, .. } = f {
            let head = t.words.partition_point(|w| w.end <= end).saturating_sub(1);
            let next = head + 1;
            if lexicon().is_speech_noun(t.w(head))
                && next < hi
                && t.spaced(head)
                && matches!(t.w(next), "from" | "by" | "of")
            {
                if let Some(g) = t.subject_after(next + 1, hi) {
                    return self.resolve(g);
                }
            }
        }
        self.resolve(f)
    }

    /// Turns what was found into a speaker, through the registry.
    fn resolve(&self, f: Found) -> Option<Speaker> {
        let text = self.toks.text;
        match f {
            Found::Name {
                start,
                name_from,
                end,
            } => {
                let mention = text.get(start..end)?.to_string();
                let name_text = text.get(name_from..end)?;
                let raw = self.clean.raw_start(name_from);
                let person = self
                    .people
                    .mention_at(self.clean.raw_start(end.saturating_sub(1)))
                    .or_else(|| self.people.resolve(name_text, raw));
                match person {
                    Some(p) => Some(from_person(p, mention)),
                    // A country or city is not a speaker ("Officials from Brazil continue."):
                    // the quote is left to the other rules, or to no one.
                    None if start == name_from
                        && crate::annotate::entities::is_sure_place_or_demonym(name_text) =>
                    {
                        None
                    }
                    // "Critics said": a description, as "the critics" would be.
                    None if start == name_from
                        && crate::annotate::people::is_role_noun(name_text) =>
                    {
                        Some(Speaker {
                            name: mention.to_lowercase(),
                            mention,
                            ..Speaker::default()
                        })
                    }
                    None => {
                        let title = text
                            .get(start..name_from)
                            .map(str::trim)
                            .filter(|t| !t.is_empty());
                        Some(Speaker {
                            name: name_text.to_string(),
                            mention,
                            title: title.map(str::to_string),
                            ..Speaker::default()
                        })
                    }
                }
            }
            Found::Pronoun { start, end, gender } => {
                let mention = text.get(start..end)?.to_string();
                if let Some(description) = self.described_antecedent(start) {
                    return Some(Speaker {
                        mention,
                        ..description
                    });
                }
                let p = self
                    .people
                    .nearest_before(self.clean.raw_start(start), gender)?;
                Some(from_person(p, mention))
            }
            Found::Description { start, end } => {
                let mention = text.get(start..end)?.to_string();
                Some(Speaker {
                    name: normalise_description(&mention),
                    mention,
                    ..Speaker::default()
                })
            }
        }
    }

    /// For a pronoun at `at` ("…,” she said): the speaker described in the sentence before, when
    /// no one is named between that description and the pronoun. "A retired teacher said she
    /// stores water. “We remember 2019,” she said." is the teacher's, not the minister's named
    /// a paragraph earlier.
    fn described_antecedent(&self, at: usize) -> Option<Speaker> {
        let s = self.sentences.around(at);
        let previous = self.sentences.around(s.start.checked_sub(1)?);
        let (lo, hi) = self.range(previous.start, previous.end.min(s.start));
        let t = self.toks;
        let lex = lexicon();
        // The sentence's own speech verb: the first one not in a relative clause ("X, who asked
        // not to be named, said she had …").
        let v = (lo..hi).find(|&k| {
            lex.is_speech_verb(t.w(k))
                && !t.w(k).ends_with("ing")
                && !(k > lo && matches!(t.w(k - 1), "who" | "which" | "that"))
        })?;
        let Some(Found::Description { start, end }) = t.subject_before(v, lo) else {
            return None;
        };
        let (rs, re) = (self.clean.raw_start(start), self.clean.raw_start(at));
        if self.people.mentions_in(rs, re).next().is_some() {
            return None;
        }
        self.resolve(Found::Description { start, end })
    }

    /// For a quote that opens its sentence with no attribution: the first person named in the
    /// sentence before it ("The union's leader, Carmen Ibarra, addressed the rally." + quote).
    fn previous_person(&self, start: usize, prev_end: usize) -> Option<Speaker> {
        let text = self.toks.text;
        let s1 = self.sentences.around(start);
        if !text.get(s1.start..start).unwrap_or("").trim().is_empty() || s1.start == 0 {
            return None;
        }
        let ps = self.sentences.around(s1.start - 1);
        if ps.start < prev_end {
            return None;
        }
        let (rs, re) = (
            self.clean.raw_start(ps.start),
            self.clean.raw_start(s1.start),
        );
        self.people
            .mentions_in(rs, re)
            .next()
            .map(|(_, p)| from_person(p, String::new()))
    }

    /// True when a quote at `start` carries on the turn of the quote that ended at `prev_end`:
    /// nothing but a short stretch of text between them, naming no one else.
    fn continues(&self, prev_end: usize, start: usize, prev: &Speaker) -> bool {
        let gap = self.toks.text.get(prev_end..start).unwrap_or("");
        if gap.len() > 400 || gap.trim().len() > 200 {
            return false;
        }
        let lex = lexicon();
        let ws = text::words(gap);
        // A speech verb in a short gap is the previous quote's own attribution ("she said.").
        if ws.len() > 8 && ws.iter().any(|w| lex.is_speech_verb(w.text(gap))) {
            return false;
        }
        let (rs, re) = (self.clean.raw_start(prev_end), self.clean.raw_start(start));
        !self
            .people
            .mentions_in(rs, re)
            .any(|(_, p)| p.name != prev.name)
    }
}

/// "Col" at a sentence start is not a verb; this guards a capitalised verb-like word that opens
/// a sentence ("Says who?" is rare; "Note:" is not an attribution).
fn is_capitalised_common_start(t: &Toks, v: usize, lo: usize) -> bool {
    v == lo && text::is_capitalised(t.w(v)) && t.w(v) == "Note"
}

fn from_person(p: &Person, mention: String) -> Speaker {
    Speaker {
        name: p.name.clone(),
        mention,
        title: p.title.clone(),
        role: p.role.clone(),
        organization: p.organization.clone(),
    }
}

/// "A community elder" → "a community elder"; "One Iraqi military leader" → "one Iraqi military
/// leader": the leading determiner lowercased, the rest kept.
fn normalise_description(s: &str) -> String {
    let mut parts = s.splitn(2, ' ');
    let first = parts.next().unwrap_or("");
    let rest = parts.next();
    let first = if is_determiner(first) || lexicon().is_role(first) {
        first.to_lowercase()
    } else {
        first.to_string()
    };
    match rest {
        Some(r) => format!("{first} {r}"),
        None => first,
    }
}

#[cfg(test)]
mod tests;
