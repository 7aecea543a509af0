//! Weaving: takes one text event of a rendered body (its text and the bytes of the body it came
//! from) and the briefing's annotations, and returns the event's HTML with the annotation spans
//! that fall in it wrapped as inline elements: `<q>` for quotes, `<span class="fact">` for facts,
//! links for entities. Spans are mapped from body offsets (markdown, with escapes) to text
//! offsets, and marks that would cross are dropped so the HTML is always well formed.

use super::markdown::BodyOptions;
use crate::annotate::Annotations;
use crate::util::{push_escaped, push_uint, slugify};
use std::ops::Range;

/// Where woven annotations landed in the plain text.
#[derive(Default)]
pub(crate) struct Landed {
    pub(crate) quotes: Vec<Option<(usize, usize)>>,
    pub(crate) facts: Vec<Option<(usize, usize)>>,
}

/// An inline element to wrap around part of a text event.
struct Mark {
    start: usize,
    end: usize,
    /// Outer elements first when two marks share a start and end.
    layer: u8,
    open: String,
    close: &'static str,
    /// The quote (layer 0) or fact (layer 2) it marks, whose anchor it may carry.
    index: usize,
}

/// The annotations prepared for weaving into text events.
pub(crate) struct Weave<'a> {
    annotations: &'a Annotations,
    opts: &'a BodyOptions<'a>,
    /// Entity and fact indices in order of their start: a text event (a body has hundreds,
    /// every escape starts one) looks only at the spans that start inside it.
    entities_by_start: Vec<usize>,
    facts_by_start: Vec<usize>,
}

/// The indices of `starts` ordered by start (then index).
fn by_start(starts: impl Iterator<Item = usize>) -> Vec<usize> {
    let mut order: Vec<(usize, usize)> = starts.enumerate().map(|(i, s)| (s, i)).collect();
    order.sort_unstable();
    order.into_iter().map(|(_, i)| i).collect()
}

/// The indices in `order` (sorted by start) of the spans starting within `range`.
fn starting_within<'o>(
    order: &'o [usize],
    start_of: impl Fn(usize) -> usize + 'o,
    range: &Range<usize>,
) -> impl Iterator<Item = usize> + 'o {
    let (from, to) = (range.start, range.end);
    let first = order.partition_point(|&i| start_of(i) < from);
    order[first..]
        .iter()
        .copied()
        .take_while(move |&i| start_of(i) < to)
}

impl<'a> Weave<'a> {
    pub(crate) fn new(annotations: &'a Annotations, opts: &'a BodyOptions<'a>) -> Self {
        Weave {
            annotations,
            opts,
            entities_by_start: by_start(annotations.entities.iter().map(|m| m.start)),
            facts_by_start: by_start(annotations.facts.iter().map(|f| f.start)),
        }
    }

    /// The HTML of one text event whose source bytes are `range` of `body`.
    pub(crate) fn text(
        &self,
        body: &str,
        text: &str,
        range: Range<usize>,
        plain_base: usize,
        landed: &mut Landed,
    ) -> String {
        let map = OffsetMap::new(body.get(range.clone()).unwrap_or(""), text, range.start);
        let mut marks = Vec::new();
        for (qi, quote) in self.annotations.quotes.iter().enumerate() {
            let whole = [crate::annotate::Span {
                start: quote.start,
                end: quote.end,
            }];
            let pieces: &[crate::annotate::Span] = if quote.pieces.is_empty() {
                &whole
            } else {
                &quote.pieces
            };
            if pieces.last().is_none_or(|p| p.end <= range.start) || pieces[0].start >= range.end {
                continue;
            }
            for (pi, piece) in pieces.iter().enumerate() {
                let (s, e) = (piece.start.max(range.start), piece.end.min(range.end));
                if s >= e {
                    continue;
                }
                let (Some(ts), Some(te)) = (map.to_text(s), map.to_text(e)) else {
                    continue;
                };
                if pi == 0 {
                    let slot = &mut landed.quotes[qi];
                    let start = slot.map_or(plain_base + ts, |(st, _)| st);
                    *slot = Some((start, plain_base + te));
                }
                let mut open = String::from("<q class=\"quote");
                if quote.partial {
                    open.push_str(" quote-partial");
                }
                open.push('"');
                if pi == 0 && s == piece.start {
                    open.push_str(" id=\"quote-");
                    push_uint(&mut open, qi + 1);
                    open.push('"');
                }
                open.push_str(" data-quote=\"");
                push_uint(&mut open, qi + 1);
                open.push('"');
                if let Some(speaker) = &quote.speaker {
                    open.push_str(" tabindex=\"0\" data-speaker=\"");
                    push_escaped(&mut open, speaker);
                    open.push_str("\" cite=\"#speaker-");
                    push_escaped(&mut open, &slugify(speaker));
                    open.push('"');
                }
                open.push('>');
                marks.push(Mark {
                    start: ts,
                    end: te,
                    layer: 0,
                    open,
                    close: "</q>",
                    index: qi,
                });
            }
        }
        let entities = &self.annotations.entities;
        for mi in starting_within(&self.entities_by_start, |i| entities[i].start, &range) {
            let m = &entities[mi];
            if m.end > range.end {
                continue;
            }
            let (Some(ts), Some(te)) = (map.to_text(m.start), map.to_text(m.end)) else {
                continue;
            };
            let mut open = String::with_capacity(96);
            match (self.opts.entity_href)(m) {
                Some(href) => {
                    open.push_str("<a class=\"entity entity-");
                    open.push_str(m.kind.as_str());
                    open.push_str("\" data-entity=\"");
                    push_uint(&mut open, mi + 1);
                    open.push_str("\" href=\"");
                    push_escaped(&mut open, &href);
                    open.push_str("\">");
                    marks.push(Mark {
                        start: ts,
                        end: te,
                        layer: 1,
                        open,
                        close: "</a>",
                        index: mi,
                    });
                }
                None => {
                    open.push_str("<span class=\"entity entity-");
                    open.push_str(m.kind.as_str());
                    open.push_str("\">");
                    marks.push(Mark {
                        start: ts,
                        end: te,
                        layer: 1,
                        open,
                        close: "</span>",
                        index: mi,
                    });
                }
            }
        }
        let facts = &self.annotations.facts;
        for fi in starting_within(&self.facts_by_start, |i| facts[i].start, &range) {
            let f = &facts[fi];
            if f.end > range.end {
                continue;
            }
            let (Some(ts), Some(te)) = (map.to_text(f.start), map.to_text(f.end)) else {
                continue;
            };
            landed.facts[fi] = Some((plain_base + ts, plain_base + te));
            let kind = f.kind.as_str();
            let mut open = String::with_capacity(160);
            open.push_str("<span class=\"fact fact-");
            open.push_str(kind);
            open.push_str("\" id=\"fact-");
            push_uint(&mut open, fi + 1);
            open.push_str("\" tabindex=\"0\" data-kind=\"");
            open.push_str(kind);
            open.push('"');
            if !f.value.is_null() {
                open.push_str(" data-value=\"");
                match &f.value {
                    serde_json::Value::String(s) => push_escaped(&mut open, s),
                    v => push_escaped(&mut open, &v.to_string()),
                }
                open.push('"');
            }
            if let Some(unit) = &f.unit {
                open.push_str(" data-unit=\"");
                push_escaped(&mut open, unit);
                open.push('"');
            }
            open.push_str(" data-tip=\"");
            push_escaped(&mut open, &crate::render::templates::fact_tip(f));
            open.push_str("\">");
            marks.push(Mark {
                start: ts,
                end: te,
                layer: 2,
                open,
                close: "</span>",
                index: fi,
            });
        }
        // Where spans cross, facts give way to quotes and entities to both.
        let crosses = |a: &Mark, b: &Mark| {
            a.start < b.end
                && b.start < a.end
                && !(a.start <= b.start && b.end <= a.end)
                && !(b.start <= a.start && a.end <= b.end)
        };
        let keep: Vec<bool> = marks
            .iter()
            .map(|m| {
                !marks.iter().any(|o| {
                    o.layer != m.layer
                        && (o.layer == 0 || (o.layer == 2 && m.layer == 1))
                        && crosses(m, o)
                })
            })
            .collect();
        let mut keep = keep.into_iter();
        marks.retain(|_| keep.next().unwrap_or(false));
        let (html, dropped) = nest(text, marks);
        for (layer, index) in dropped {
            match layer {
                0 => landed.quotes[index] = None,
                2 => landed.facts[index] = None,
                _ => {}
            }
        }
        html
    }
}

/// Writes `text` with the marks wrapped around their parts; marks that would cross another
/// (overlap without nesting) are left out, so the HTML is always well formed.
fn nest(text: &str, mut marks: Vec<Mark>) -> (String, Vec<(u8, usize)>) {
    let mut dropped: Vec<(u8, usize)> = marks
        .iter()
        .filter(|m| !(m.start < m.end && m.end <= text.len()))
        .map(|m| (m.layer, m.index))
        .collect();
    marks.retain(|m| m.start < m.end && m.end <= text.len());
    marks.sort_by(|a, b| {
        a.start
            .cmp(&b.start)
            .then(b.end.cmp(&a.end))
            .then(a.layer.cmp(&b.layer))
    });
    let mut out = String::with_capacity(text.len() + marks.len() * 64);
    let mut open: Vec<&Mark> = Vec::new();
    let mut pos = 0;
    for mark in &marks {
        while let Some(top) = open.last() {
            if top.end <= mark.start {
                push_escaped(&mut out, &text[pos..top.end]);
                pos = top.end;
                out.push_str(top.close);
                open.pop();
            } else {
                break;
            }
        }
        if open.last().is_some_and(|top| mark.end > top.end) {
            dropped.push((mark.layer, mark.index)); // crosses the enclosing mark
            continue;
        }
        push_escaped(&mut out, &text[pos..mark.start]);
        pos = mark.start;
        out.push_str(&mark.open);
        open.push(mark);
    }
    while let Some(top) = open.pop() {
        push_escaped(&mut out, &text[pos..top.end]);
        pos = top.end;
        out.push_str(top.close);
    }
    push_escaped(&mut out, &text[pos..]);
    (out, dropped)
}

/// Maps byte offsets of a text event's source (markdown, with escapes and straight quotes) to
/// byte offsets of its text (escapes removed, smart punctuation applied).
struct OffsetMap<'t> {
    /// The aligned characters, ascending: most of a paragraph reads the same in source and
    /// text, and one step stands for each such run; the rest are single steps.
    steps: Vec<Step>,
    text: &'t str,
    source_end: usize,
}

/// Where source and text align: at `source` and `text`, and for the `run` bytes after, which are
/// the same characters in both (0: one character that differs, such as an escape).
struct Step {
    source: usize,
    text: usize,
    run: usize,
}

impl<'t> OffsetMap<'t> {
    fn new(source: &str, text: &'t str, base: usize) -> Self {
        let mut steps = Vec::new();
        let (s, t) = (source.as_bytes(), text.as_bytes());
        let mut i = 0;
        let mut j = 0;
        while i < s.len() && j < t.len() {
            let (run_i, run_j) = (i, j);
            while i < s.len() && j < t.len() {
                if s[i].is_ascii() {
                    if s[i] != t[j] {
                        break;
                    }
                    i += 1;
                    j += 1;
                } else {
                    let sc = source[i..].chars().next().unwrap_or('\0');
                    if !text[j..].starts_with(sc) {
                        break;
                    }
                    i += sc.len_utf8();
                    j += sc.len_utf8();
                }
            }
            if i > run_i {
                steps.push(Step {
                    source: base + run_i,
                    text: run_j,
                    run: i - run_i,
                });
                continue;
            }
            let sc = source[i..].chars().next().unwrap_or('\0');
            let tc = text[j..].chars().next().unwrap_or('\0');
            steps.push(Step {
                source: base + i,
                text: j,
                run: 0,
            });
            if sc == '\\' {
                i += 1;
            } else if sc == '&' {
                // An entity or numeric reference decodes to one character.
                let end = source[i..]
                    .find(';')
                    .filter(|&k| k <= 32)
                    .map_or(i + 1, |k| i + k + 1);
                i = end;
                j += tc.len_utf8();
            } else if matches!(tc, '–' | '—' | '…') && matches!(sc, '-' | '.') {
                while i < s.len() && s[i] as char == sc {
                    i += 1;
                }
                j += tc.len_utf8();
            } else {
                i += sc.len_utf8();
                j += tc.len_utf8();
            }
        }
        OffsetMap {
            steps,
            text,
            source_end: base + source.len(),
        }
    }

    /// The text offset of a source offset; one that falls inside a character or between
    /// aligned ones moves on to the next aligned character (none: past the last one).
    fn to_text(&self, source_offset: usize) -> Option<usize> {
        if source_offset >= self.source_end {
            return Some(self.text.len());
        }
        let k = self.steps.partition_point(|st| st.source <= source_offset);
        if let Some(st) = k.checked_sub(1).map(|p| &self.steps[p]) {
            if source_offset < st.source + st.run.max(1) {
                // In a run the bytes are the same, so are the character boundaries.
                let mut t = st.text + (source_offset - st.source);
                while !self.text.is_char_boundary(t) {
                    t += 1;
                }
                return (t < st.text + st.run.max(1) || k < self.steps.len()).then_some(t);
            }
        }
        self.steps.get(k).map(|st| st.text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What `OffsetMap::to_text` must return, worked out the plain way: one pair per aligned
    /// character, an offset between them moving on to the next.
    fn to_text_reference(source: &str, text: &str, base: usize, offset: usize) -> Option<usize> {
        if offset >= base + source.len() {
            return Some(text.len());
        }
        let mut pairs = Vec::new();
        let (mut i, mut j) = (0, 0);
        while i < source.len() && j < text.len() {
            let sc = source[i..].chars().next().unwrap_or('\0');
            let tc = text[j..].chars().next().unwrap_or('\0');
            pairs.push((base + i, j));
            if sc == tc {
                i += sc.len_utf8();
                j += tc.len_utf8();
            } else if sc == '\\' {
                i += 1;
            } else if sc == '&' {
                i = source[i..]
                    .find(';')
                    .filter(|&k| k <= 32)
                    .map_or(i + 1, |k| i + k + 1);
                j += tc.len_utf8();
            } else if matches!(tc, '–' | '—' | '…') && matches!(sc, '-' | '.') {
                while source.as_bytes().get(i) == Some(&(sc as u8)) {
                    i += 1;
                }
                j += tc.len_utf8();
            } else {
                i += sc.len_utf8();
                j += tc.len_utf8();
            }
        }
        match pairs.binary_search_by_key(&offset, |p| p.0) {
            Ok(k) => Some(pairs[k].1),
            Err(k) => pairs.get(k).map(|p| p.1),
        }
    }

    #[test]
    fn offsets_map_through_escapes_entities_and_smart_punctuation() {
        for (source, text) in [
            ("plain words only", "plain words only"),
            (r#"He said \"yes\" -- twice..."#, "He said \"yes\" – twice…"),
            (
                "it\\'s a caf\u{e9} \u{201c}q\u{201d} &amp; more",
                "it’s a café “q” & more",
            ),
            ("AT&amp;T \\* x&#39;y", "AT&T * x'y"),
            ("wait---what", "wait—what"),
            ("\u{e9}\u{e9}\\_\u{4e2d}\u{6587}", "éé_中文"),
            ("unmatched tail here", "unmatched"),
            ("", ""),
        ] {
            for base in [0, 7] {
                let map = OffsetMap::new(source, text, base);
                for offset in 0..base + source.len() + 2 {
                    assert_eq!(
                        map.to_text(offset),
                        to_text_reference(source, text, base, offset),
                        "{source:?} → {text:?}, base {base}, offset {offset}"
                    );
                }
            }
        }
    }

    #[test]
    fn crossing_marks_are_dropped_not_misnested() {
        let html = nest(
            "abcdef",
            vec![
                Mark {
                    start: 0,
                    end: 4,
                    layer: 0,
                    open: "<q>".into(),
                    close: "</q>",
                    index: 0,
                },
                Mark {
                    start: 2,
                    end: 6,
                    layer: 1,
                    open: "<b>".into(),
                    close: "</b>",
                    index: 0,
                },
            ],
        );
        assert_eq!(html, ("<q>abcd</q>ef".to_string(), vec![(1, 0)]));
    }
}
