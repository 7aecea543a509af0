//! Fragments: takes rows of page data and returns the HTML of the parts of pages that repeat
//! them: a briefing's side panels (key facts, who said what, people · organisations · places)
//! and the briefing lists of list pages.
//!
//! They are made here rather than in templates because they are the bulk of their pages: a
//! briefing has dozens of facts and quotes, a list page dozens of briefings, and tera looks up
//! every field of every row through a JSON pointer, which made these loops a third of the time
//! a page took. The rows themselves still go to the templates (`b.facts`, `b.speakers`,
//! `briefings`…), so a theme can lay them out its own way; the default one places the
//! fragments (`b.panels.*`, `briefing_list`).

use crate::util::push_escaped;
use serde::Serialize;

mod groups;
pub use groups::{group_list, speaker_rows, GroupRow, SpeakerTotal};

/// A fact of the key-facts panel.
#[derive(Debug, Serialize)]
pub struct FactRow<'a> {
    /// Its number on the page (`#fact-n`), from 1.
    pub n: usize,
    pub kind: &'a str,
    pub text: &'a str,
    /// What it means, as the highlight's tooltip says it.
    pub tip: String,
    /// Whether the body holds its highlight (a correction may have lost it).
    pub anchored: bool,
    pub editorial: bool,
    pub source: Option<&'a str>,
}

/// A quote under its speaker.
#[derive(Debug, Serialize)]
pub struct QuoteRow<'a> {
    /// Its number on the page (`#quote-n`), from 1.
    pub n: usize,
    pub text: &'a str,
    pub editorial: bool,
    pub anchored: bool,
}

/// A speaker and their quotes, in order of first quote.
#[derive(Debug, Serialize)]
pub struct SpeakerRow<'a> {
    pub name: String,
    pub slug: String,
    /// Title, role and organisation, joined by " · ".
    pub detail: String,
    /// Their person page under the root, when they have one.
    pub path: Option<String>,
    pub quotes: Vec<QuoteRow<'a>>,
}

/// An entity with its page under the root.
#[derive(Debug, Serialize)]
pub struct EntityRow<'a> {
    pub name: &'a str,
    pub path: String,
}

/// The key-facts panel; empty without facts.
pub fn key_facts(facts: &[FactRow]) -> String {
    if facts.is_empty() {
        return String::new();
    }
    let mut h = String::with_capacity(facts.len() * 200);
    h.push_str("<section class=\"panel key-facts\" aria-labelledby=\"facts-h\">\n<h2 id=\"facts-h\">Key facts</h2>\n<ol>\n");
    for f in facts {
        h.push_str("<li class=\"fact-item fact-");
        push_escaped(&mut h, f.kind);
        if f.editorial {
            h.push_str(" editorial");
        }
        h.push_str("\">");
        push_marked(
            &mut h,
            f.anchored.then_some(("fact", f.n)),
            ("", f.text, ""),
        );
        h.push_str(" <span class=\"kind\">");
        push_escaped(&mut h, f.kind);
        h.push_str("</span> <span class=\"value\">");
        push_escaped(&mut h, &f.tip);
        h.push_str("</span>");
        if let Some(source) = f.source.filter(|s| !s.is_empty()) {
            h.push_str(" <a class=\"source\" href=\"");
            push_escaped(&mut h, source);
            h.push_str("\" rel=\"nofollow\">source</a>");
        }
        h.push_str("</li>\n");
    }
    h.push_str("</ol>\n</section>\n");
    h
}

/// The who-said-what panel; empty without quotes. `root` leads to the site's root.
pub fn who_said_what(speakers: &[SpeakerRow], root: &str) -> String {
    if speakers.is_empty() {
        return String::new();
    }
    let mut h = String::with_capacity(speakers.len() * 400);
    h.push_str("<section class=\"panel who-said-what\" aria-labelledby=\"quotes-h\">\n<h2 id=\"quotes-h\">Who said what</h2>\n");
    for s in speakers {
        h.push_str("<div class=\"speaker\" id=\"speaker-");
        push_escaped(&mut h, &s.slug);
        h.push_str("\">\n<h3>");
        match &s.path {
            Some(path) => push_link(&mut h, root, path, &s.name),
            None => push_escaped(&mut h, &s.name),
        }
        h.push_str("</h3>\n");
        if !s.detail.is_empty() {
            h.push_str("<p class=\"speaker-detail\">");
            push_escaped(&mut h, &s.detail);
            h.push_str("</p>\n");
        }
        h.push_str("<ul>");
        for q in &s.quotes {
            h.push_str("<li>");
            push_marked(
                &mut h,
                q.anchored.then_some(("quote", q.n)),
                ("“", q.text, "”"),
            );
            if q.editorial {
                h.push_str(" <span class=\"badge\">editorial</span>");
            }
            h.push_str("</li>");
        }
        h.push_str("</ul>\n</div>\n");
    }
    h.push_str("</section>\n");
    h
}

/// The people · organisations · places panel; empty without any.
pub fn entities(
    people: &[EntityRow],
    organizations: &[EntityRow],
    places: &[EntityRow],
    root: &str,
) -> String {
    if people.is_empty() && organizations.is_empty() && places.is_empty() {
        return String::new();
    }
    let mut h = String::with_capacity(2048);
    h.push_str("<section class=\"panel entities\" aria-labelledby=\"entities-h\">\n<h2 id=\"entities-h\">People · Organisations · Places</h2>\n");
    for (heading, rows) in [
        ("People", people),
        ("Organisations", organizations),
        ("Places", places),
    ] {
        if rows.is_empty() {
            continue;
        }
        h.push_str("<h3>");
        h.push_str(heading);
        h.push_str("</h3><ul class=\"inline\">");
        for e in rows {
            h.push_str("<li>");
            push_link(&mut h, root, &e.path, e.name);
            h.push_str("</li>");
        }
        h.push_str("</ul>\n");
    }
    h.push_str("</section>\n");
    h
}

/// What a list page shows of a briefing.
#[derive(Debug, Clone, Serialize)]
pub struct ListItem {
    pub title: String,
    /// Its page under the root.
    pub path: String,
    pub date: Option<String>,
    pub date_display: Option<String>,
    pub summary: String,
    pub quote_count: usize,
    pub fact_count: usize,
}

/// A briefing's entry in a list, made once for every list page that shows it. Its link starts
/// with the way to the root, which differs between list pages (they sit at several depths):
/// the entry holds what follows it.
#[derive(Debug)]
pub struct ListEntry {
    after_root: String,
}

/// What every entry starts with, up to the root of its link.
const ENTRY_START: &str = "<li><article>\n<h2><a href=\"";

impl ListEntry {
    pub fn new(item: &ListItem) -> ListEntry {
        let mut h = String::with_capacity(item.summary.len() + item.title.len() + 200);
        push_escaped(&mut h, &item.path);
        h.push_str("\">");
        push_escaped(&mut h, &item.title);
        h.push_str("</a></h2>\n<p class=\"meta\">");
        if push_time(
            &mut h,
            "",
            item.date.as_deref(),
            item.date_display.as_deref(),
        ) {
            h.push_str(" · ");
        }
        h.push_str(&format!(
            "{} quotes · {} facts</p>\n",
            item.quote_count, item.fact_count
        ));
        if !item.summary.is_empty() {
            h.push_str("<p class=\"summary\">");
            push_escaped(&mut h, &item.summary);
            h.push_str("</p>\n");
        }
        h.push_str("</article></li>\n");
        ListEntry { after_root: h }
    }
}

/// A list of briefings (`<ol class="briefing-list">`) on a page whose way to the root is
/// `root`; empty without entries.
pub fn briefing_list<'a>(entries: impl IntoIterator<Item = &'a ListEntry>, root: &str) -> String {
    let mut h = String::new();
    for e in entries {
        if h.is_empty() {
            h.push_str("<ol class=\"briefing-list\">\n");
        }
        h.push_str(ENTRY_START);
        push_escaped(&mut h, root);
        h.push_str(&e.after_root);
    }
    if !h.is_empty() {
        h.push_str("</ol>\n");
    }
    h
}

/// A quote on its speaker's entity page.
#[derive(Debug, Serialize)]
pub struct QuoteCard<'a> {
    pub text: &'a str,
    /// Its number in its briefing (`#quote-n`), from 1.
    pub n: usize,
    /// Its briefing's page under the root.
    pub path: String,
    pub briefing: &'a str,
    pub date: Option<String>,
    pub date_display: Option<String>,
}

/// The quotes section of an entity page (`<section class="entity-quotes">`, a card per quote,
/// each crediting `name`); empty without quotes.
pub fn quote_cards(cards: &[QuoteCard], name: &str, root: &str) -> String {
    if cards.is_empty() {
        return String::new();
    }
    let mut h = String::from(
        "<section class=\"entity-quotes\" aria-labelledby=\"quotes-h\">\n<h2 id=\"quotes-h\">Quotes</h2>\n",
    );
    for q in cards {
        let mut target = String::new();
        push_escaped(&mut target, root);
        push_escaped(&mut target, &q.path);
        target.push_str(&format!("#quote-{}", q.n));
        h.push_str("<blockquote class=\"quote-card\" cite=\"");
        h.push_str(&target);
        push_between(&mut h, "\">\n<p>“", q.text, "”</p>\n<footer>— ");
        push_between(&mut h, "", name, ", <a href=\"");
        h.push_str(&target);
        push_between(&mut h, "\">", q.briefing, "</a>");
        push_time(&mut h, ", ", q.date.as_deref(), q.date_display.as_deref());
        h.push_str("</footer>\n</blockquote>\n");
    }
    h.push_str("</section>\n");
    h
}

/// An event of the timeline: a dated fact in the sentence that reports it.
#[derive(Debug, Serialize)]
pub struct TimelineRow<'a> {
    /// The date (ISO 8601, as precise as the text).
    pub value: &'a str,
    /// The date as a reader says it.
    pub display: String,
    /// The fact's number in its briefing (`#fact-n`), from 1.
    pub n: usize,
    pub sentence: String,
    /// Its briefing's page under the root.
    pub path: String,
    pub briefing: &'a str,
}

/// The events of a timeline page (`<ol class="timeline">`); empty without events.
pub fn timeline_events(events: &[TimelineRow], root: &str) -> String {
    if events.is_empty() {
        return String::new();
    }
    let mut h = String::from("<ol class=\"timeline\">\n");
    for e in events {
        h.push_str("<li>");
        push_time(&mut h, "", Some(e.value), Some(&e.display));
        push_between(&mut h, "\n<p>", &e.sentence, "</p>\n<a href=\"");
        push_escaped(&mut h, root);
        push_escaped(&mut h, &e.path);
        push_between(
            &mut h,
            &format!("#fact-{}\">", e.n),
            e.briefing,
            "</a></li>\n",
        );
    }
    h.push_str("</ol>\n");
    h
}

/// `{before}<time datetime="{date}">{shown}</time>`, escaped, when both are known (returns
/// whether they were).
fn push_time(h: &mut String, before: &str, date: Option<&str>, shown: Option<&str>) -> bool {
    let (Some(date), Some(shown)) = (date, shown) else {
        return false;
    };
    h.push_str(before);
    push_between(h, "<time datetime=\"", date, "\">");
    push_between(h, "", shown, "</time>");
    true
}

/// `text` escaped between `before` and `after`, linked to its highlight in the body
/// (`#{id}-{n}`) when `anchor` says where that is.
fn push_marked(
    h: &mut String,
    anchor: Option<(&str, usize)>,
    (before, text, after): (&str, &str, &str),
) {
    if let Some((id, n)) = anchor {
        h.push_str(&format!("<a href=\"#{id}-{n}\">"));
    }
    push_between(h, before, text, after);
    if anchor.is_some() {
        h.push_str("</a>");
    }
}

/// `before`, `text` escaped, `after`.
fn push_between(h: &mut String, before: &str, text: &str, after: &str) {
    h.push_str(before);
    push_escaped(h, text);
    h.push_str(after);
}

/// `<a href="{root}{path}">{text}</a>`, escaped.
fn push_link(h: &mut String, root: &str, path: &str, text: &str) {
    h.push_str("<a href=\"");
    push_escaped(h, root);
    push_escaped(h, path);
    h.push_str("\">");
    push_escaped(h, text);
    h.push_str("</a>");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn briefing_lists_link_each_entry_from_the_page_root() {
        let item = ListItem {
            title: "Ships & quays".into(),
            path: "harbour-report/".into(),
            date: Some("2024-03-05".into()),
            date_display: Some("5 March 2024".into()),
            summary: "About <40> ships docked.".into(),
            quote_count: 1,
            fact_count: 7,
        };
        let undated = ListItem {
            date: None,
            date_display: None,
            summary: String::new(),
            title: "Undated".into(),
            path: "undated/".into(),
            ..item.clone()
        };
        let entries = [ListEntry::new(&item), ListEntry::new(&undated)];
        let html = briefing_list(&entries, "../../");
        assert!(html.starts_with("<ol class=\"briefing-list\">\n<li><article>\n<h2><a href=\"../../harbour-report/\">Ships &amp; quays</a></h2>\n<p class=\"meta\"><time datetime=\"2024-03-05\">5 March 2024</time> · 1 quotes · 7 facts</p>\n<p class=\"summary\">About &lt;40&gt; ships docked.</p>\n</article></li>\n"), "{html}");
        assert!(html.contains("<h2><a href=\"../../undated/\">Undated</a></h2>\n<p class=\"meta\">1 quotes · 7 facts</p>\n</article></li>\n</ol>\n"), "{html}");
        assert!(briefing_list(&entries, "").contains("href=\"harbour-report/\""));
        assert_eq!(briefing_list(&[], "../"), "");
    }

    #[test]
    fn quote_cards_and_timeline_events_escape_and_link_from_the_root() {
        let card = QuoteCard {
            text: "We <will> stay",
            n: 3,
            path: "ships-&-quays/".into(),
            briefing: "Ships & quays",
            date: Some("2024-03-05".into()),
            date_display: Some("5 March 2024".into()),
        };
        let html = quote_cards(&[card], "Ana \"Bo\" Lee", "../../");
        assert!(
            html.starts_with("<section class=\"entity-quotes\""),
            "{html}"
        );
        assert!(html.contains("<blockquote class=\"quote-card\" cite=\"../../ships-&amp;-quays/#quote-3\">\n<p>“We &lt;will&gt; stay”</p>\n<footer>— Ana &quot;Bo&quot; Lee, <a href=\"../../ships-&amp;-quays/#quote-3\">Ships &amp; quays</a>, <time datetime=\"2024-03-05\">5 March 2024</time></footer>\n</blockquote>\n</section>\n"), "{html}");
        assert_eq!(quote_cards(&[], "Ana", "../"), "");
        let event = TimelineRow {
            value: "2024-03",
            display: "March 2024".into(),
            n: 2,
            sentence: "Prices rose <10%> in March.".into(),
            path: "prices/".into(),
            briefing: "Prices & wages",
        };
        let html = timeline_events(&[event], "../");
        assert_eq!(html, "<ol class=\"timeline\">\n<li><time datetime=\"2024-03\">March 2024</time>\n<p>Prices rose &lt;10%&gt; in March.</p>\n<a href=\"../prices/#fact-2\">Prices &amp; wages</a></li>\n</ol>\n");
        assert_eq!(timeline_events(&[], "../"), "");
    }

    fn fact<'a>(n: usize, text: &'a str, anchored: bool, source: Option<&'a str>) -> FactRow<'a> {
        FactRow {
            n,
            kind: "quantity",
            text,
            tip: "≈ 40 · boats".into(),
            anchored,
            editorial: source.is_some(),
            source,
        }
    }

    #[test]
    fn key_facts_link_anchored_facts_and_escape_every_field() {
        let html = key_facts(&[
            fact(1, "about 40 boats", true, None),
            fact(
                2,
                "<b>2</b> & more",
                false,
                Some("https://example.org/?a=1&b=\"2\""),
            ),
        ]);
        assert!(html.contains("<li class=\"fact-item fact-quantity\"><a href=\"#fact-1\">about 40 boats</a> <span class=\"kind\">quantity</span> <span class=\"value\">≈ 40 · boats</span></li>"), "{html}");
        assert!(
            html.contains(
                "<li class=\"fact-item fact-quantity editorial\">&lt;b&gt;2&lt;/b&gt; &amp; more"
            ),
            "{html}"
        );
        assert!(
            html.contains(
                "href=\"https://example.org/?a=1&amp;b=&quot;2&quot;\" rel=\"nofollow\">source</a>"
            ),
            "{html}"
        );
        assert!(!html.contains("<b>"));
        assert_eq!(key_facts(&[]), "");
    }

    #[test]
    fn who_said_what_groups_quotes_under_linked_speakers() {
        let speakers = [
            SpeakerRow {
                name: "Maren Lindqvist".into(),
                slug: "maren-lindqvist".into(),
                detail: "director · Harbour Authority".into(),
                path: Some("people/maren-lindqvist/".into()),
                quotes: vec![
                    QuoteRow {
                        n: 1,
                        text: "Busy <quays>",
                        editorial: false,
                        anchored: true,
                    },
                    QuoteRow {
                        n: 3,
                        text: "Lost",
                        editorial: true,
                        anchored: false,
                    },
                ],
            },
            SpeakerRow {
                name: "a community elder".into(),
                slug: "a-community-elder".into(),
                detail: String::new(),
                path: None,
                quotes: vec![QuoteRow {
                    n: 2,
                    text: "Wait",
                    editorial: false,
                    anchored: true,
                }],
            },
        ];
        let html = who_said_what(&speakers, "../");
        assert!(html.contains("<div class=\"speaker\" id=\"speaker-maren-lindqvist\">\n<h3><a href=\"../people/maren-lindqvist/\">Maren Lindqvist</a></h3>\n<p class=\"speaker-detail\">director · Harbour Authority</p>"), "{html}");
        assert!(html.contains("<li><a href=\"#quote-1\">“Busy &lt;quays&gt;”</a></li><li>“Lost” <span class=\"badge\">editorial</span></li>"), "{html}");
        assert!(
            html.contains(
                "<h3>a community elder</h3>\n<ul><li><a href=\"#quote-2\">“Wait”</a></li></ul>"
            ),
            "{html}"
        );
        assert_eq!(who_said_what(&[], "../"), "");
    }

    #[test]
    fn entity_panel_lists_only_the_kinds_present() {
        let places = [EntityRow {
            name: "Lisbon",
            path: "places/lisbon/".into(),
        }];
        let html = entities(&[], &[], &places, "../");
        assert!(html.contains("<h3>Places</h3><ul class=\"inline\"><li><a href=\"../places/lisbon/\">Lisbon</a></li></ul>"), "{html}");
        assert!(!html.contains("<h3>People</h3>") && !html.contains("<h3>Organisations</h3>"));
        assert_eq!(entities(&[], &[], &[], "../"), "");
    }
}
