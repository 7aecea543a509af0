//! The library: takes all annotated briefings and returns the cross-briefing model the list
//! pages need: entity pages (every briefing mentioning a person, organisation or place, and a
//! person's quotes), speakers with their quote counts, the timeline of dated facts, archives by
//! year and month, and tags.

use super::links::Links;
use super::load::Annotated;
use crate::annotate::{EntityKind, FactKind};
use crate::config::Config;
use crate::util::slugify;
use rayon::prelude::*;
use rustc_hash::FxHashMap;
use std::collections::{BTreeMap, BTreeSet, HashMap};

mod update;

/// One entity across the site.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct EntityEntry {
    /// Its folder under the root: `people/sam-heller/`.
    pub dir: String,
    /// Indices of the briefings that mention it (newest first, as the briefings are sorted).
    pub briefings: Vec<usize>,
    /// (briefing index, quote index) of the quotes attributed to it.
    pub quotes: Vec<(usize, usize)>,
}

/// One speaker across the site.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SpeakerEntry {
    pub quotes: usize,
    pub briefings: BTreeSet<usize>,
}

/// A dated fact on the timeline.
#[derive(Debug, Clone, PartialEq)]
pub struct TimelineEvent {
    /// ISO 8601 date (`2019`, `2019-03`, `2019-03-05`, or with a time).
    pub value: String,
    pub briefing: usize,
    pub fact: usize,
}

impl TimelineEvent {
    /// The timeline's order: by date, then by briefing and fact.
    fn order(a: &Self, b: &Self) -> std::cmp::Ordering {
        a.value
            .cmp(&b.value)
            .then(a.briefing.cmp(&b.briefing))
            .then(a.fact.cmp(&b.fact))
    }
}

/// The cross-briefing model.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Library {
    pub links: Links,
    pub entities: BTreeMap<(EntityKind, String), EntityEntry>,
    pub speakers: BTreeMap<String, SpeakerEntry>,
    pub timeline: Vec<TimelineEvent>,
    /// year → month (0 when undated within the year: not used) → briefing indices.
    pub archive: BTreeMap<i32, BTreeMap<u32, Vec<usize>>>,
    /// tag slug → (tag name, briefing indices).
    pub tags: BTreeMap<String, (String, Vec<usize>)>,
    /// Per briefing, its tags (front matter, then automatic ones).
    pub briefing_tags: Vec<Vec<String>>,
    /// Entity folders by kind (see `kind_slot`) and name: what `entity_dir` looks up for every
    /// mention on every page, without allocating.
    dirs: [FxHashMap<String, String>; 3],
    /// How many entities share each folder's base (`people/sam-heller`): more than one, and
    /// the folders depend on the order of first mention.
    used_dirs: HashMap<String, usize>,
}

impl Default for Links {
    fn default() -> Self {
        Links::new(&Config::default())
    }
}

/// The folder of an entity kind's pages.
pub fn kind_dir(kind: EntityKind) -> &'static str {
    match kind {
        EntityKind::Person => "people",
        EntityKind::Organization => "organizations",
        EntityKind::Place => "places",
    }
}

/// Whether a speaker is a name (gets a person page) rather than a description ("a community
/// elder", "one official").
pub fn is_named_speaker(speaker: &str) -> bool {
    let first = speaker.split_whitespace().next().unwrap_or("");
    speaker.chars().next().is_some_and(char::is_uppercase)
        && !matches!(
            first.to_lowercase().as_str(),
            "a" | "an" | "the" | "one" | "another" | "some" | "two" | "several"
        )
}

/// What [`Library::new`] reads of one briefing (keep the two in step), owned. The dev server
/// keeps one per briefing: an edit that leaves them equal keeps the library, and one that
/// changes a briefing's entities, speakers, dated facts, date or tags updates the library by
/// the difference ([`Library::replace`]).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Contribution {
    date: Option<chrono::NaiveDate>,
    tags: Vec<String>,
    /// Entity mentions, in order.
    entities: Vec<(EntityKind, String)>,
    /// (quote index, speaker) of the quotes with a speaker.
    speakers: Vec<(usize, String)>,
    /// (fact index, ISO value) of the facts on the timeline.
    events: Vec<(usize, String)>,
}

impl Contribution {
    pub fn of(a: &Annotated, config: &Config) -> Contribution {
        let ann = &a.annotations;
        Contribution {
            date: a.briefing.date,
            tags: briefing_tags(a, config),
            entities: ann
                .entities
                .iter()
                .map(|m| (m.kind, m.name.clone()))
                .collect(),
            speakers: ann
                .quotes
                .iter()
                .enumerate()
                .filter_map(|(qi, q)| Some((qi, q.speaker.clone()?)))
                .collect(),
            events: ann
                .facts
                .iter()
                .enumerate()
                .filter_map(|(fi, f)| Some((fi, timeline_value(f)?.to_string())))
                .collect(),
        }
    }

    /// The entities it adds the briefing to: those mentioned, and speakers with a name.
    fn entity_keys(&self) -> BTreeSet<(EntityKind, &str)> {
        let named = self
            .speakers
            .iter()
            .filter(|(_, s)| is_named_speaker(s))
            .map(|(_, s)| (EntityKind::Person, s.as_str()));
        self.entities
            .iter()
            .map(|(k, n)| (*k, n.as_str()))
            .chain(named)
            .collect()
    }
}

/// The ISO value a fact has on the timeline: dates and times starting with a year.
fn timeline_value(f: &crate::annotate::Fact) -> Option<&str> {
    if !matches!(f.kind, FactKind::Date | FactKind::Time) {
        return None;
    }
    f.value
        .as_str()
        .filter(|v| v.len() >= 4 && v.as_bytes()[..4].iter().all(u8::is_ascii_digit))
}

/// A briefing's tags: its front matter's, then (with `auto_tags`) its most mentioned entities.
fn briefing_tags(a: &Annotated, config: &Config) -> Vec<String> {
    let mut tags: Vec<String> = a.briefing.front.tags.clone();
    if config.auto_tags > 0 {
        let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
        for m in &a.annotations.entities {
            *counts.entry(m.name.as_str()).or_default() += 1;
        }
        let mut ranked: Vec<(&str, usize)> = counts.into_iter().collect();
        ranked.sort_by(|x, y| y.1.cmp(&x.1).then(x.0.cmp(y.0)));
        for (name, _) in ranked.into_iter().take(config.auto_tags) {
            if !tags.iter().any(|t| t == name) {
                tags.push(name.to_string());
            }
        }
    }
    tags
}

/// The index of an entity kind in per-kind arrays.
fn kind_slot(kind: EntityKind) -> usize {
    match kind {
        EntityKind::Person => 0,
        EntityKind::Organization => 1,
        EntityKind::Place => 2,
    }
}

/// Entities as they are found, looked up by borrowed name: a site mentions entities hundreds
/// of thousands of times, and a lookup that allocates or walks a tree each time is most of the
/// library's cost.
#[derive(Default)]
struct Found<'a> {
    index: [FxHashMap<&'a str, usize>; 3],
    entries: Vec<(EntityKind, &'a str, EntityEntry)>,
    used_dirs: HashMap<String, usize>,
}

impl<'a> Found<'a> {
    /// The entity `kind`/`name`, mentioned by briefing `bi`.
    fn add(&mut self, kind: EntityKind, name: &'a str, bi: usize) -> usize {
        let index = &mut self.index[kind_slot(kind)];
        let i = match index.get(name) {
            Some(&i) => i,
            None => {
                // Folders are given in order of first mention; a clash of slugs gets `-2`…
                let base = dir_base(kind, name);
                let n = self.used_dirs.entry(base.clone()).or_insert(0);
                *n += 1;
                let dir = if *n == 1 {
                    format!("{base}/")
                } else {
                    format!("{base}-{n}/")
                };
                let entry = EntityEntry {
                    dir,
                    ..EntityEntry::default()
                };
                self.entries.push((kind, name, entry));
                index.insert(name, self.entries.len() - 1);
                self.entries.len() - 1
            }
        };
        let entry = &mut self.entries[i].2;
        if entry.briefings.last() != Some(&bi) {
            entry.briefings.push(bi);
        }
        i
    }
}

impl Library {
    pub fn new(briefings: &[Annotated], config: &Config) -> Library {
        let mut lib = Library {
            links: Links::new(config),
            ..Library::default()
        };
        let mut found = Found::default();
        // Each briefing's tags and their slugs, on all cores: the rest is a sequential merge.
        let mut tagged: Vec<(Vec<String>, Vec<String>)> = briefings
            .par_iter()
            .map(|a| {
                let tags = briefing_tags(a, config);
                let slugs = tags.iter().map(|t| non_empty_slug(t)).collect();
                (tags, slugs)
            })
            .collect();
        for (bi, a) in briefings.iter().enumerate() {
            for m in &a.annotations.entities {
                found.add(m.kind, &m.name, bi);
            }
            for (qi, q) in a.annotations.quotes.iter().enumerate() {
                let Some(speaker) = &q.speaker else { continue };
                let s = lib.speakers.entry(speaker.clone()).or_default();
                s.quotes += 1;
                s.briefings.insert(bi);
                if is_named_speaker(speaker) {
                    let i = found.add(EntityKind::Person, speaker, bi);
                    found.entries[i].2.quotes.push((bi, qi));
                }
            }
            for (fi, f) in a.annotations.facts.iter().enumerate() {
                if let Some(v) = timeline_value(f) {
                    lib.timeline.push(TimelineEvent {
                        value: v.to_string(),
                        briefing: bi,
                        fact: fi,
                    });
                }
            }
            if let Some(d) = a.briefing.date {
                use chrono::Datelike;
                lib.archive
                    .entry(d.year())
                    .or_default()
                    .entry(d.month())
                    .or_default()
                    .push(bi);
            }
            let (tags, slugs) = std::mem::take(&mut tagged[bi]);
            for (t, slug) in tags.iter().zip(slugs) {
                if let Some(entry) = lib.tags.get_mut(&slug) {
                    if entry.1.last() != Some(&bi) {
                        entry.1.push(bi);
                    }
                } else {
                    lib.tags.insert(slug, (t.clone(), vec![bi]));
                }
            }
            lib.briefing_tags.push(tags);
        }
        for (kind, name, mut e) in std::mem::take(&mut found.entries) {
            // Newest first, as the briefings are; a person's quotes too.
            e.quotes.sort_by_key(|&(bi, qi)| (bi, qi));
            lib.dirs[kind_slot(kind)].insert(name.to_string(), e.dir.clone());
            lib.entities.insert((kind, name.to_string()), e);
        }
        lib.used_dirs = found.used_dirs;
        // Unstable is enough: no two events share briefing and fact.
        lib.timeline.sort_unstable_by(TimelineEvent::order);
        lib
    }

    /// The folder of an entity's page.
    pub fn entity_dir(&self, kind: EntityKind, name: &str) -> Option<&str> {
        self.dirs[kind_slot(kind)].get(name).map(String::as_str)
    }
}

/// The folder of an entity's page before any `-2` for a clash: `people/sam-heller`.
fn dir_base(kind: EntityKind, name: &str) -> String {
    format!("{}/{}", kind_dir(kind), non_empty_slug(name))
}

/// A slug that is never empty (names in other scripts get a short hash).
pub fn non_empty_slug(name: &str) -> String {
    let s = slugify(name);
    if s.is_empty() {
        format!("x-{}", &crate::util::sha256_hex(name.as_bytes())[..10])
    } else {
        s
    }
}

#[cfg(test)]
mod tests;
