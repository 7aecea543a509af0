//! List pages: takes the briefings and the library and renders the pages that list across
//! briefings: archive by year and month, tags, a page per person, organisation and place, the
//! who-said-what index and the timeline. Long lists are split into pages.

use super::library::{is_named_speaker, kind_dir};
use super::links::index_file;
use super::memo::Each;
use super::output::{Output, Sink};
use super::pages::{
    date_display, truncate_words, PageContext, ENTITY_QUOTES_PER_PAGE, TIMELINE_PER_PAGE,
};
use crate::annotate::EntityKind;
use crate::error::Result;
use crate::render::fragments::{self, GroupRow, QuoteCard, SpeakerTotal, TimelineRow};
use crate::render::templates::fact_tip;
use chrono::NaiveDate;
use rayon::prelude::*;
use serde_json::{json, Value};

impl<'a> PageContext<'a> {
    pub(super) fn archive_pages(&self, out: &mut Output, all: &[usize]) -> Result<()> {
        let links = &self.lib.links;
        let years: Vec<String> = self.lib.archive.keys().rev().map(i32::to_string).collect();
        let year_rows: Vec<GroupRow> = years
            .iter()
            .zip(self.lib.archive.values().rev())
            .map(|(y, months)| GroupRow {
                name: y,
                path: links.dir(&format!("archive/{y}/")),
                count: months.values().map(Vec::len).sum(),
            })
            .collect();
        self.paginated(out, "archive/", "list.html", all, |_, file| {
            let mut vars = self.groups(file, &year_rows);
            vars["heading"] = json!("Archive");
            vars
        })?;
        for (year, months) in &self.lib.archive {
            let names: Vec<(u32, String)> = months
                .keys()
                .rev()
                .map(|m| {
                    let name = NaiveDate::from_ymd_opt(*year, *m, 1)
                        .map(|d| d.format("%B %Y").to_string())
                        .unwrap_or_default();
                    (*m, name)
                })
                .collect();
            let month_rows: Vec<GroupRow> = names
                .iter()
                .map(|(m, name)| GroupRow {
                    name,
                    path: links.dir(&format!("archive/{year}/{m:02}/")),
                    count: months[m].len(),
                })
                .collect();
            let year_items: Vec<usize> = months.values().rev().flatten().copied().collect();
            self.paginated(
                out,
                &format!("archive/{year}/"),
                "list.html",
                &year_items,
                |_, file| {
                    let mut vars = self.groups(file, &month_rows);
                    vars["heading"] = json!(format!("{year}"));
                    vars
                },
            )?;
            for (m, list) in months {
                let heading = NaiveDate::from_ymd_opt(*year, *m, 1)
                    .map(|d| d.format("%B %Y").to_string())
                    .unwrap_or_default();
                self.paginated(
                    out,
                    &format!("archive/{year}/{m:02}/"),
                    "list.html",
                    list,
                    |_, _| json!({"heading": heading}),
                )?;
            }
        }
        Ok(())
    }

    /// The groups a page at `file` links to: `group_list`, and with templates of the site's
    /// own, the rows as `groups`.
    fn groups(&self, file: &str, rows: &[GroupRow]) -> Value {
        let mut vars = json!({
            "group_list": fragments::group_list(rows, &self.lib.links.root_for(file)),
        });
        if self.rows {
            vars["groups"] = json!(rows);
        }
        vars
    }

    pub(super) fn tag_pages(&self, out: &mut Output) -> Result<()> {
        let links = &self.lib.links;
        let rows: Vec<GroupRow> = self
            .lib
            .tags
            .iter()
            .map(|(slug, (name, list))| GroupRow {
                name,
                path: links.dir(&format!("tags/{slug}/")),
                count: list.len(),
            })
            .collect();
        let mut vars = self.groups("tags/index.html", &rows);
        vars["heading"] = json!("Tags");
        self.single(out, "tags/index.html", "list.html", vars)?;
        for (slug, (name, list)) in &self.lib.tags {
            self.paginated(
                out,
                &format!("tags/{slug}/"),
                "list.html",
                list,
                |_, _| json!({"heading": format!("Tagged “{name}”")}),
            )?;
        }
        Ok(())
    }

    pub(super) fn entity_pages(&self, out: &mut Output, sink: &dyn Sink) -> Result<Vec<String>> {
        let (links, briefings) = (&self.lib.links, self.briefings);
        for kind in [
            EntityKind::Person,
            EntityKind::Organization,
            EntityKind::Place,
        ] {
            let mut rows: Vec<GroupRow> = self
                .lib
                .entities
                .iter()
                .filter(|((k, _), _)| *k == kind)
                .map(|((_, name), e)| GroupRow {
                    name,
                    path: links.dir(&e.dir),
                    count: e.briefings.len(),
                })
                .collect();
            rows.sort_by(|a, b| b.count.cmp(&a.count).then(a.name.cmp(b.name)));
            let heading = match kind {
                EntityKind::Person => "People",
                EntityKind::Organization => "Organisations",
                EntityKind::Place => "Places",
            };
            let file = format!("{}/index.html", kind_dir(kind));
            let mut vars = self.groups(&file, &rows);
            vars["heading"] = json!(heading);
            self.single(out, &file, "list.html", vars)?;
        }
        // Entity pages go straight to the sink (a big site has thousands), split into pages of
        // `paginate` briefings and ENTITY_QUOTES_PER_PAGE quotes.
        let per = self.config.paginate.max(1);
        // One job per page, not per entity: a place named in every briefing has hundreds of
        // pages, and one thread would make them all while the others wait.
        let jobs: Vec<_> = self
            .lib
            .entities
            .iter()
            .flat_map(|(key, e)| {
                let total = e
                    .briefings
                    .len()
                    .div_ceil(per)
                    .max(e.quotes.len().div_ceil(ENTITY_QUOTES_PER_PAGE))
                    .max(1);
                (1..=total).map(move |n| (key, e, n, total))
            })
            .collect();
        jobs.par_iter()
            .map(|&((kind, name), e, n, total)| {
                let label = match kind {
                    EntityKind::Person => "Person",
                    EntityKind::Organization => "Organisation",
                    EntityKind::Place => "Place",
                };
                let page_dir = |n: usize| {
                    if n == 1 {
                        e.dir.clone()
                    } else {
                        format!("{}page/{n}/", e.dir)
                    }
                };
                let file = index_file(&page_dir(n));
                let shown_quotes = e
                    .quotes
                    .iter()
                    .skip((n - 1) * ENTITY_QUOTES_PER_PAGE)
                    .take(ENTITY_QUOTES_PER_PAGE);
                let shown = e.briefings.iter().skip((n - 1) * per).take(per).copied();
                // Keyed by the briefings and quotes it shows, so an edit elsewhere builds
                // none of this page's variables.
                let key = self.list_key(
                    &file,
                    "entity.html",
                    shown.clone(),
                    (
                        name,
                        kind.as_str(),
                        &e.dir,
                        n,
                        total,
                        e.briefings.len(),
                        e.quotes.len(),
                        Each(
                            shown_quotes
                                .clone()
                                .map(|&(bi, qi)| (self.memo.map_or(0, |m| m.source(bi)), qi)),
                        ),
                    ),
                );
                let bytes = self.render_keyed(&file, "entity.html", key, || {
                    let cards: Vec<QuoteCard> = shown_quotes
                        .map(|&(bi, qi)| {
                            let b = &briefings[bi].briefing;
                            QuoteCard {
                                text: &briefings[bi].annotations.quotes[qi].text,
                                n: qi + 1,
                                path: links.dir(&format!("{}/", b.slug)),
                                briefing: &b.front.title,
                                date: b.date.map(|d| d.to_string()),
                                date_display: b.date.map(date_display),
                            }
                        })
                        .collect();
                    let root = links.root_for(&file);
                    let mut vars = json!({
                        "briefing_list": self.briefing_list(&file, shown.clone()),
                        "quote_cards": fragments::quote_cards(&cards, name, &root),
                        "entity": {
                            "name": name, "kind": kind.as_str(), "kind_label": label,
                            "count": e.briefings.len(), "quote_count": e.quotes.len(),
                        },
                        "pager": {
                            "current": n, "total": total,
                            "prev": (n > 1).then(|| links.dir(&page_dir(n - 1))),
                            "next": (n < total).then(|| links.dir(&page_dir(n + 1))),
                        },
                    });
                    if self.rows {
                        vars["entity"]["quotes"] = json!(cards);
                        vars["entity"]["briefings"] =
                            json!(shown.map(|i| self.item(i)).collect::<Vec<_>>());
                    }
                    vars
                })?;
                if let Some(bytes) = bytes {
                    sink.put(file.clone(), bytes)?;
                }
                Ok(file)
            })
            .collect()
    }

    pub(super) fn speakers_page(&self, out: &mut Output) -> Result<()> {
        let links = &self.lib.links;
        let mut speakers: Vec<SpeakerTotal> = self
            .lib
            .speakers
            .iter()
            .map(|(name, s)| SpeakerTotal {
                name,
                quotes: s.quotes,
                briefings: s.briefings.len(),
                path: is_named_speaker(name)
                    .then(|| self.lib.entity_dir(EntityKind::Person, name))
                    .flatten()
                    .map(|d| links.dir(d)),
            })
            .collect();
        speakers.sort_by(|a, b| b.quotes.cmp(&a.quotes).then(a.name.cmp(b.name)));
        let file = "speakers/index.html";
        let mut vars = json!({
            "speaker_rows": fragments::speaker_rows(&speakers, &links.root_for(file)),
        });
        if self.rows {
            vars["speakers"] = json!(speakers);
        }
        self.single(out, file, "speakers.html", vars)
    }

    /// The timeline: an index of years (with every event when there are few), and a page per
    /// year, split into pages of [`TIMELINE_PER_PAGE`] events.
    pub(super) fn timeline_page(&self, out: &mut Output) -> Result<()> {
        let (lib, briefings) = (self.lib, self.briefings);
        let links = &lib.links;
        let event = |e: &'a super::library::TimelineEvent| {
            let a = &briefings[e.briefing];
            let f = &a.annotations.facts[e.fact];
            TimelineRow {
                value: &e.value,
                display: fact_tip(f),
                n: e.fact + 1,
                sentence: sentence_around(&a.briefing.body, f.start, f.end),
                path: links.dir(&format!("{}/", a.briefing.slug)),
                briefing: &a.briefing.front.title,
            }
        };
        // The events as the page shows them, with their rows for a theme's own layout.
        let events = |file: &str, rows: Vec<TimelineRow>| {
            let mut vars =
                json!({"event_list": fragments::timeline_events(&rows, &links.root_for(file))});
            if self.rows {
                vars["events"] = json!(rows);
            }
            vars
        };
        // The timeline is sorted by date: each year's events are one run of it.
        let years: Vec<(&str, &[super::library::TimelineEvent])> = lib
            .timeline
            .chunk_by(|a, b| a.value[..4] == b.value[..4])
            .map(|run| (&run[0].value[..4], run))
            .collect();
        let rows: Vec<GroupRow> = years
            .iter()
            .map(|(y, list)| GroupRow {
                name: y,
                path: links.dir(&format!("timeline/{y}/")),
                count: list.len(),
            })
            .collect();
        let inline: Vec<TimelineRow> = if lib.timeline.len() <= TIMELINE_PER_PAGE {
            lib.timeline.iter().map(event).collect()
        } else {
            Vec::new()
        };
        let mut vars = events("timeline/index.html", inline);
        vars["heading"] = json!("Timeline");
        if let (Value::Object(v), Value::Object(g)) =
            (&mut vars, self.groups("timeline/index.html", &rows))
        {
            v.extend(g);
        }
        self.single(out, "timeline/index.html", "timeline.html", vars)?;
        // One job per page, made in parallel and kept in order.
        let jobs: Vec<_> = years
            .iter()
            .flat_map(|(year, list)| {
                let pages = list.len().div_ceil(TIMELINE_PER_PAGE);
                list.chunks(TIMELINE_PER_PAGE)
                    .enumerate()
                    .map(move |(n, chunk)| (year, pages, n, chunk))
            })
            .collect();
        let made: Vec<Result<(String, Option<Vec<u8>>)>> = jobs
            .par_iter()
            .map(|&(year, pages, n, chunk)| {
                let page_dir = |k: usize| {
                    if k == 0 {
                        format!("timeline/{year}/")
                    } else {
                        format!("timeline/{year}/page/{}/", k + 1)
                    }
                };
                let file = index_file(&page_dir(n));
                // Keyed by the facts it shows: an edit elsewhere builds none of its variables.
                let shown = chunk.iter().map(|e| (e.briefing, (&e.value, e.fact)));
                let key = self.list_key(
                    &file,
                    "timeline.html",
                    shown.clone().map(|(bi, _)| bi),
                    (year, n, pages, Each(shown.map(|(_, what)| what))),
                );
                let bytes = self.render_keyed(&file, "timeline.html", key, || {
                    let mut vars = events(&file, chunk.iter().map(|e| event(e)).collect());
                    vars["heading"] = json!(format!("Timeline: {year}"));
                    vars["pager"] = json!({
                        "current": n + 1, "total": pages,
                        "prev": (n > 0).then(|| links.dir(&page_dir(n - 1))),
                        "next": (n + 1 < pages).then(|| links.dir(&page_dir(n + 1))),
                    });
                    vars
                })?;
                Ok((file, bytes))
            })
            .collect();
        for page in made {
            let (file, bytes) = page?;
            self.put_or_keep(out, &file, bytes);
        }
        Ok(())
    }
}

/// The sentence of `body` around `start..end`, as plain text.
pub fn sentence_around(body: &str, start: usize, end: usize) -> String {
    let (start, end) = (start.min(body.len()), end.min(body.len()));
    let para_start = body[..start].rfind("\n\n").map_or(0, |i| i + 2);
    let para_end = body[end..].find("\n\n").map_or(body.len(), |i| end + i);
    let is_stop = |c: char| matches!(c, '.' | '!' | '?');
    let mut s = para_start;
    for (i, c) in body[para_start..start].char_indices() {
        if is_stop(c)
            && body[para_start + i + 1..].starts_with(' ')
            && (i == 0 || &body[para_start + i - 1..para_start + i] != "\\")
        {
            s = para_start + i + 2;
        }
    }
    let mut e = para_end;
    for (i, c) in body[end..para_end].char_indices() {
        if is_stop(c) && body[end + i + 1..].starts_with([' ', '\n']) {
            e = end + i + 1;
            break;
        }
    }
    let plain =
        crate::annotate::editorial::Unescaped::new(body.get(s.min(e)..e).unwrap_or("")).text;
    truncate_words(&plain.split_whitespace().collect::<Vec<_>>().join(" "), 400)
}
