//! Markdown body → HTML with pulldown-cmark, weaving the annotations in: each text event is
//! mapped back to its bytes in the body, and the annotation spans that fall in it become inline
//! elements (`<q>` for quotes, `<span class="fact">` for facts, links for entities). Footnotes
//! become sidenotes, fenced code is highlighted, headings get ids, and root-relative links are
//! put under the site's root.

use crate::annotate::{Annotations, Mention};
use crate::util::{push_escaped, slugify};
use pulldown_cmark::utils::TextMergeWithOffset;
use pulldown_cmark::{CodeBlockKind, CowStr, Event, Options, Parser, Tag, TagEnd};
use std::collections::HashMap;
use std::ops::Range;

/// How to render a body.
pub struct BodyOptions<'a> {
    /// The annotations to weave in (none: plain markdown).
    pub annotations: Option<&'a Annotations>,
    /// The URL of an entity's page, if it has one.
    pub entity_href: &'a dyn Fn(&Mention) -> Option<String>,
    /// What a root-relative link (`/about/`) is put under: the base URL or a relative prefix.
    pub site_root: &'a str,
}

/// A rendered body.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct BodyHtml {
    pub html: String,
    /// Whether a highlighted code block was rendered (the page then links the code stylesheet).
    pub has_code: bool,
    /// The body's text as a reader sees it (blocks separated by blank lines, sidenotes and code
    /// left out): what W3C text positions count in.
    pub plain: String,
    /// Where each quote (its first piece) and each fact landed in `plain`, as byte ranges;
    /// `None` for one that was not rendered as text (inside code, say).
    pub quote_positions: Vec<Option<(usize, usize)>>,
    pub fact_positions: Vec<Option<(usize, usize)>>,
}

/// Where woven annotations landed in the plain text.
#[derive(Default)]
struct Landed {
    quotes: Vec<Option<(usize, usize)>>,
    facts: Vec<Option<(usize, usize)>>,
}

/// The markdown extensions gloss enables.
pub fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_SMART_PUNCTUATION
        | Options::ENABLE_HEADING_ATTRIBUTES
}

/// Renders plain markdown with no annotations and no link rewriting.
pub fn plain_html(body: &str) -> String {
    body_to_html(
        body,
        &BodyOptions {
            annotations: None,
            entity_href: &|_| None,
            site_root: "/",
        },
    )
    .html
}

/// Renders a body.
pub fn body_to_html(body: &str, opts: &BodyOptions) -> BodyHtml {
    let events: Vec<(Event, Range<usize>)> =
        TextMergeWithOffset::new(Parser::new_ext(body, options()).into_offset_iter()).collect();
    let notes = footnote_bodies(&events, opts.site_root);
    let weave = opts.annotations.map(|a| Weave::new(a, opts));
    let mut landed = Landed {
        quotes: vec![None; opts.annotations.map_or(0, |a| a.quotes.len())],
        facts: vec![None; opts.annotations.map_or(0, |a| a.facts.len())],
    };
    let mut out: Vec<Event> = Vec::with_capacity(events.len());
    let mut note_numbers: HashMap<String, usize> = HashMap::new();
    let mut heading_ids: HashMap<String, usize> = HashMap::new();
    let mut has_code = false;
    let mut plain = String::with_capacity(body.len());
    let mut i = 0;
    while i < events.len() {
        let (event, range) = &events[i];
        match event {
            Event::Start(Tag::FootnoteDefinition(_)) => {
                i = skip_to_end(&events, i);
                continue;
            }
            Event::Start(Tag::CodeBlock(kind)) => {
                let lang = match kind {
                    CodeBlockKind::Fenced(info) => info.to_string(),
                    CodeBlockKind::Indented => String::new(),
                };
                let end = skip_to_end(&events, i);
                let code: String = events[i + 1..end - 1]
                    .iter()
                    .filter_map(|(e, _)| {
                        if let Event::Text(t) = e {
                            Some(t.as_ref())
                        } else {
                            None
                        }
                    })
                    .collect();
                let mut html = String::from("<pre class=\"code\"");
                if !lang.trim().is_empty() {
                    html.push_str(" data-lang=\"");
                    push_escaped(&mut html, lang.trim());
                    html.push('"');
                }
                html.push_str("><code>");
                html.push_str(&super::highlight::highlight(&code, lang.trim()));
                html.push_str("</code></pre>\n");
                has_code = true;
                out.push(Event::Html(html.into()));
                i = end;
                continue;
            }
            Event::Start(Tag::Heading {
                level,
                id: None,
                classes,
                attrs,
            }) => {
                let end = skip_to_end(&events, i);
                let text: String = events[i + 1..end - 1]
                    .iter()
                    .filter_map(|(e, _)| match e {
                        Event::Text(t) | Event::Code(t) => Some(t.as_ref()),
                        _ => None,
                    })
                    .collect();
                let mut id = slugify(&text);
                if id.is_empty() {
                    id = "section".into();
                }
                if is_reserved_id(&id) {
                    id = format!("{id}-section");
                }
                let n = heading_ids.entry(id.clone()).or_insert(0);
                *n += 1;
                if *n > 1 {
                    id = format!("{id}-{n}");
                }
                out.push(Event::Start(Tag::Heading {
                    level: *level,
                    id: Some(id.into()),
                    classes: classes.clone(),
                    attrs: attrs.clone(),
                }));
                i += 1;
                continue;
            }
            Event::FootnoteReference(label) => {
                let next = note_numbers.len() + 1;
                let n = *note_numbers.entry(label.to_string()).or_insert(next);
                out.push(Event::InlineHtml(
                    sidenote(n, notes.get(label.as_ref()).map_or("", String::as_str)).into(),
                ));
            }
            Event::Start(Tag::Link { .. } | Tag::Image { .. }) => {
                out.push(rebase_event(event, opts.site_root))
            }
            Event::Text(text) => {
                let base = plain.len();
                plain.push_str(text);
                match &weave {
                    Some(w) => {
                        let html = w.text(body, text, range.clone(), base, &mut landed);
                        out.push(Event::InlineHtml(html.into()))
                    }
                    None => out.push(event.clone()),
                }
            }
            Event::SoftBreak | Event::HardBreak => {
                plain.push(' ');
                out.push(event.clone());
            }
            Event::End(
                TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::Item | TagEnd::TableCell,
            ) => {
                if !plain.is_empty() && !plain.ends_with("\n\n") {
                    plain.push_str("\n\n");
                }
                out.push(event.clone());
            }
            other => out.push(other.clone()),
        }
        i += 1;
    }
    let mut html = String::with_capacity(body.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, out.into_iter());
    plain.truncate(plain.trim_end().len());
    let clamp = |p: Option<(usize, usize)>| p.filter(|&(_, e)| e <= plain.len());
    BodyHtml {
        html,
        has_code,
        quote_positions: landed.quotes.into_iter().map(clamp).collect(),
        fact_positions: landed.facts.into_iter().map(clamp).collect(),
        plain,
    }
}

/// Index just past the `End` matching the `Start` at `start`.
fn skip_to_end(events: &[(Event, Range<usize>)], start: usize) -> usize {
    let mut depth = 0usize;
    for (j, (e, _)) in events.iter().enumerate().skip(start) {
        match e {
            Event::Start(_) => depth += 1,
            Event::End(_) => {
                depth -= 1;
                if depth == 0 {
                    return j + 1;
                }
            }
            _ => {}
        }
    }
    events.len()
}

/// The inline HTML of each footnote definition, by label (paragraphs flattened, since a
/// sidenote sits inside the text's paragraph).
fn footnote_bodies(events: &[(Event, Range<usize>)], site_root: &str) -> HashMap<String, String> {
    let mut notes = HashMap::new();
    let mut i = 0;
    while i < events.len() {
        if let Event::Start(Tag::FootnoteDefinition(label)) = &events[i].0 {
            let end = skip_to_end(events, i);
            let inner = events[i + 1..end - 1].iter().filter_map(|(e, _)| match e {
                Event::Start(Tag::Paragraph) => None,
                Event::End(TagEnd::Paragraph) => Some(Event::SoftBreak),
                other => Some(rebase_event(other, site_root)),
            });
            let mut html = String::new();
            pulldown_cmark::html::push_html(&mut html, inner);
            notes.insert(label.to_string(), html.trim().to_string());
            i = end;
        } else {
            i += 1;
        }
    }
    notes
}

/// A Tufte-style sidenote: a numbered label that toggles the note on narrow screens (a hidden
/// checkbox, no JavaScript), and the note itself floated into the margin on wide ones.
fn sidenote(n: usize, note_html: &str) -> String {
    format!(
        "<label for=\"sn-{n}\" class=\"sidenote-ref\" id=\"fnref-{n}\">{n}</label>\
         <input type=\"checkbox\" id=\"sn-{n}\" class=\"sidenote-toggle\">\
         <span class=\"sidenote\" id=\"fn-{n}\" role=\"note\"><span class=\"sidenote-num\">{n}</span> {note_html}</span>"
    )
}

/// A link or image start event with its URL put under the site root; other events as they are.
fn rebase_event<'a>(event: &Event<'a>, site_root: &str) -> Event<'a> {
    match event {
        Event::Start(Tag::Link {
            link_type,
            dest_url,
            title,
            id,
        }) => Event::Start(Tag::Link {
            link_type: *link_type,
            dest_url: rebase(dest_url, site_root),
            title: title.clone(),
            id: id.clone(),
        }),
        Event::Start(Tag::Image {
            link_type,
            dest_url,
            title,
            id,
        }) => Event::Start(Tag::Image {
            link_type: *link_type,
            dest_url: rebase(dest_url, site_root),
            title: title.clone(),
            id: id.clone(),
        }),
        other => other.clone(),
    }
}

/// Ids the page templates and annotation markup use; a heading never takes one of them.
fn is_reserved_id(id: &str) -> bool {
    matches!(
        id,
        "main" | "story" | "facts-h" | "quotes-h" | "entities-h" | "mentions-h" | "results" | "q"
    ) || ["fact-", "quote-", "speaker-", "sn-", "fn-", "fnref-"]
        .iter()
        .any(|p| id.starts_with(p))
}

/// Puts a root-relative URL (`/about/`) under the site root; other URLs are left alone.
fn rebase<'a>(url: &CowStr<'a>, site_root: &str) -> CowStr<'a> {
    match url.strip_prefix('/') {
        Some(rest) if !rest.starts_with('/') => format!("{site_root}{rest}").into(),
        _ => url.clone(),
    }
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
struct Weave<'a> {
    annotations: &'a Annotations,
    opts: &'a BodyOptions<'a>,
}

impl<'a> Weave<'a> {
    fn new(annotations: &'a Annotations, opts: &'a BodyOptions<'a>) -> Self {
        Weave { annotations, opts }
    }

    /// The HTML of one text event whose source bytes are `range` of `body`.
    fn text(
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
                    open.push_str(&format!(" id=\"quote-{}\"", qi + 1));
                }
                open.push_str(&format!(" data-quote=\"{}\"", qi + 1));
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
        for (mi, m) in self.annotations.entities.iter().enumerate() {
            if m.start < range.start || m.end > range.end {
                continue;
            }
            let (Some(ts), Some(te)) = (map.to_text(m.start), map.to_text(m.end)) else {
                continue;
            };
            let mut open = String::new();
            match (self.opts.entity_href)(m) {
                Some(href) => {
                    open.push_str(&format!(
                        "<a class=\"entity entity-{}\" data-entity=\"{}\" href=\"",
                        m.kind.as_str(),
                        mi + 1
                    ));
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
                    open.push_str(&format!(
                        "<span class=\"entity entity-{}\">",
                        m.kind.as_str()
                    ));
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
        for (fi, f) in self.annotations.facts.iter().enumerate() {
            if f.start < range.start || f.end > range.end {
                continue;
            }
            let (Some(ts), Some(te)) = (map.to_text(f.start), map.to_text(f.end)) else {
                continue;
            };
            landed.facts[fi] = Some((plain_base + ts, plain_base + te));
            let kind = f.kind.as_str();
            let mut open = format!("<span class=\"fact fact-{kind}\" id=\"fact-{}\" tabindex=\"0\" data-kind=\"{kind}\"", fi + 1);
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
struct OffsetMap {
    /// (source offset, text offset) at each aligned character, ascending.
    pairs: Vec<(usize, usize)>,
    source_end: usize,
    text_len: usize,
}

impl OffsetMap {
    fn new(source: &str, text: &str, base: usize) -> Self {
        let mut pairs = Vec::with_capacity(source.len());
        let (s, t) = (source.as_bytes(), text);
        let mut i = 0;
        let mut j = 0;
        while i < s.len() && j < t.len() {
            let sc = source[i..].chars().next().unwrap_or('\0');
            let tc = t[j..].chars().next().unwrap_or('\0');
            pairs.push((base + i, j));
            if sc == tc {
                i += sc.len_utf8();
                j += tc.len_utf8();
            } else if sc == '\\' {
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
            pairs,
            source_end: base + source.len(),
            text_len: text.len(),
        }
    }

    /// The text offset of a source offset, if it falls on an aligned character.
    fn to_text(&self, source_offset: usize) -> Option<usize> {
        if source_offset >= self.source_end {
            return Some(self.text_len);
        }
        match self.pairs.binary_search_by_key(&source_offset, |p| p.0) {
            Ok(k) => Some(self.pairs[k].1),
            Err(k) => self.pairs.get(k).map(|p| p.1),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::annotate::{EntityKind, Fact, FactKind, Origin, Quote};

    fn render(body: &str, a: &Annotations) -> String {
        body_to_html(
            body,
            &BodyOptions {
                annotations: Some(a),
                entity_href: &|_| Some("/e/".into()),
                site_root: "/r/",
            },
        )
        .html
    }

    fn fact(body: &str, text: &str, kind: FactKind) -> Fact {
        let start = body.find(text).unwrap();
        Fact {
            text: text.into(),
            kind,
            value: serde_json::json!(370),
            unit: Some("mi".into()),
            approximate: false,
            start,
            end: start + text.len(),
            relative: false,
            counts: None,
            display: Some("370 miles ≈ 595 km".into()),
            note: None,
            source: None,
            origin: Origin::Automatic,
        }
    }

    #[test]
    fn facts_are_wrapped_with_value_and_tip() {
        let body = "The 370\\-mile border is long.\n";
        let a = Annotations {
            facts: vec![fact(body, "370\\-mile", FactKind::Measure)],
            ..Default::default()
        };
        let html = render(body, &a);
        assert!(html.contains("<span class=\"fact fact-measure\" id=\"fact-1\" tabindex=\"0\" data-kind=\"measure\" data-value=\"370\" data-unit=\"mi\" data-tip=\"370 miles ≈ 595 km\">370-mile</span>"), "{html}");
    }

    #[test]
    fn quotes_get_speaker_and_nest_facts() {
        let body = "He said, “It has 7 doors.” Then left.\n";
        let start = body.find('“').unwrap();
        let end = body.find('”').unwrap() + '”'.len_utf8();
        let q = Quote {
            text: "It has 7 doors.".into(),
            speaker: Some("Sam <Heller>".into()),
            start,
            end,
            ..Default::default()
        };
        let mut f = fact(body, "7", FactKind::Quantity);
        f.display = None;
        let a = Annotations {
            quotes: vec![q],
            facts: vec![f],
            ..Default::default()
        };
        let html = render(body, &a);
        assert!(html.contains("<q class=\"quote\" id=\"quote-1\" data-quote=\"1\" tabindex=\"0\" data-speaker=\"Sam &lt;Heller&gt;\""), "{html}");
        assert!(
            html.contains("“It has <span class=\"fact fact-quantity\""),
            "{html}"
        );
        assert!(html.contains("doors.”</q> Then"), "{html}");
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

    #[test]
    fn entities_link_and_text_is_escaped() {
        let body = "Fighting near Qaim <script> ended.\n";
        let start = body.find("Qaim").unwrap();
        let m = Mention {
            text: "Qaim".into(),
            kind: EntityKind::Place,
            name: "Qaim".into(),
            start,
            end: start + 4,
        };
        let html = render(
            body,
            &Annotations {
                entities: vec![m],
                ..Default::default()
            },
        );
        assert!(
            html.contains(
                "<a class=\"entity entity-place\" data-entity=\"1\" href=\"/e/\">Qaim</a>"
            ),
            "{html}"
        );
    }

    #[test]
    fn footnotes_become_sidenotes() {
        let html = plain_html("Text.[^1]\n\n[^1]: A *note*.\n");
        assert!(html.contains("class=\"sidenote\""), "{html}");
        assert!(html.contains("<em>note</em>"), "{html}");
        assert!(!html.contains("footnote-definition"), "{html}");
    }

    #[test]
    fn code_is_highlighted_and_headings_get_ids() {
        let out = body_to_html(
            "# Hello World\n\n```rust\nlet x = 1;\n```\n",
            &BodyOptions {
                annotations: None,
                entity_href: &|_| None,
                site_root: "/",
            },
        );
        assert!(out.has_code);
        assert!(out.html.contains("<h1 id=\"hello-world\">"), "{}", out.html);
        assert!(out.html.contains("hl-"), "{}", out.html);
    }

    #[test]
    fn headings_never_take_reserved_ids() {
        let html = plain_html("# Fact 1\n\n# Main\n");
        assert!(html.contains("id=\"fact-1-section\""), "{html}");
        assert!(html.contains("id=\"main-section\""), "{html}");
    }

    #[test]
    fn footnote_images_go_under_the_site_root() {
        let html = body_to_html(
            "A[^1]\n\n[^1]: ![x](/img/a.png)\n",
            &BodyOptions {
                annotations: None,
                entity_href: &|_| None,
                site_root: "/briefs/",
            },
        )
        .html;
        assert!(html.contains("src=\"/briefs/img/a.png\""), "{html}");
    }

    #[test]
    fn root_relative_links_go_under_the_site_root() {
        let html = body_to_html(
            "[a](/about/) [b](//cdn.x/y) [c](http://x/)",
            &BodyOptions {
                annotations: None,
                entity_href: &|_| None,
                site_root: "/briefs/",
            },
        )
        .html;
        assert!(html.contains("href=\"/briefs/about/\""), "{html}");
        assert!(html.contains("href=\"//cdn.x/y\""), "{html}");
    }
}
