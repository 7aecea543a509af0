//! Markdown body → HTML with pulldown-cmark, weaving the annotations in: each text event is
//! mapped back to its bytes in the body, and the annotation spans that fall in it become inline
//! elements (`<q>` for quotes, `<span class="fact">` for facts, links for entities). Footnotes
//! become sidenotes, fenced code is highlighted, headings get ids, and root-relative links are
//! put under the site's root.

use super::weave::{Landed, Weave};
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
