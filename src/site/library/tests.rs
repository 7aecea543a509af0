//! The library updated edit by edit equals the library built anew.

use super::*;
use crate::annotate::{Annotations, Fact, Mention, Origin, Quote};
use crate::briefing::{Briefing, FrontMatter};
use chrono::NaiveDate;

/// A small deterministic generator (no test needs a better one).
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((self.0 >> 33) as usize) % n.max(1)
    }

    fn pick<'a>(&mut self, from: &[&'a str]) -> &'a str {
        from[self.below(from.len())]
    }
}

const PEOPLE: &[&str] = &["Ada Quill", "Sam Heller", "Ilse Marten", "Jo Brand"];
/// Shares a folder with "Ada Quill": an edit that gains or loses it must give way to a full
/// build. Mentioned now and then.
const CLASHING: &str = "Ada-Quill";
const ORGS: &[&str] = &["Water Board", "Rail Company", "Port Authority"];
const PLACES: &[&str] = &["Lowmere", "Norvik", "Kessel", "Tavira Bay"];
const SPEAKERS: &[&str] = &[
    "Ada Quill",
    "Sam Heller",
    "Jo Brand",
    "a community elder",
    "the mayor",
];
const TAGS: &[&str] = &[
    "water",
    "Water",
    "rail",
    "Harbour news",
    "harbour-news",
    "floods",
];
const DATES: &[&str] = &[
    "2024-05-01",
    "2024-05",
    "2023",
    "2025-01-09T10:00",
    "next week",
];

fn random_briefing(rng: &mut Rng, i: usize) -> Annotated {
    let mut entities = Vec::new();
    for _ in 0..rng.below(6) {
        let (kind, pool) = match rng.below(3) {
            0 => (EntityKind::Person, PEOPLE),
            1 => (EntityKind::Organization, ORGS),
            _ => (EntityKind::Place, PLACES),
        };
        let name = if kind == EntityKind::Person && rng.below(12) == 0 {
            CLASHING.to_string()
        } else {
            rng.pick(pool).to_string()
        };
        entities.push(Mention {
            text: name.clone(),
            kind,
            name,
            start: 0,
            end: 0,
        });
    }
    let quotes = (0..rng.below(4))
        .map(|_| Quote {
            text: "We will rebuild.".into(),
            speaker: (rng.below(5) > 0).then(|| rng.pick(SPEAKERS).to_string()),
            ..Quote::default()
        })
        .collect();
    let facts = (0..rng.below(4))
        .map(|_| {
            let kind = [FactKind::Date, FactKind::Time, FactKind::Money][rng.below(3)];
            Fact {
                text: String::new(),
                kind,
                value: serde_json::Value::from(rng.pick(DATES)),
                unit: None,
                approximate: false,
                start: 0,
                end: 0,
                relative: false,
                counts: None,
                display: None,
                note: None,
                source: None,
                origin: Origin::Automatic,
            }
        })
        .collect();
    let tags = (0..rng.below(3))
        .map(|_| rng.pick(TAGS).to_string())
        .collect();
    let date = (rng.below(4) > 0)
        .then(|| NaiveDate::from_ymd_opt(2023 + rng.below(2) as i32, 1 + rng.below(3) as u32, 1))
        .flatten();
    Annotated {
        briefing: Briefing {
            path: format!("content/b{i}.md").into(),
            slug: format!("b{i}"),
            front: FrontMatter {
                title: format!("Briefing {i}"),
                tags,
                ..FrontMatter::default()
            },
            date,
            body: String::new(),
            body_line: 1,
        },
        annotations: Annotations {
            entities,
            quotes,
            facts,
        },
        orphans: Vec::new(),
        source: 0,
    }
}

/// Whether a site mentions the clashing name.
fn clashes(site: &[Annotated]) -> bool {
    site.iter()
        .any(|a| a.annotations.entities.iter().any(|m| m.name == CLASHING))
}

#[test]
fn edits_applied_by_difference_give_the_library_built_anew() {
    let mut rng = Rng(7);
    let (mut updated, mut rebuilt) = (0, 0);
    for round in 0..200 {
        let config = Config {
            auto_tags: round % 3,
            ..Config::default()
        };
        let n = 1 + rng.below(10);
        let mut site: Vec<Annotated> = (0..n).map(|i| random_briefing(&mut rng, i)).collect();
        let mut lib = Library::new(&site, &config);
        let mut parts: Vec<Contribution> =
            site.iter().map(|a| Contribution::of(a, &config)).collect();
        // A run of edits, each to one briefing, on the same library.
        for _ in 0..6 {
            let bi = rng.below(n);
            let clashed = clashes(&site);
            site[bi] = random_briefing(&mut rng, bi);
            let clash = clashed || clashes(&site);
            let part = Contribution::of(&site[bi], &config);
            let fresh = Library::new(&site, &config);
            if lib.replace(bi, &parts[bi], &part) {
                assert_eq!(lib, fresh, "round {round}: edit of briefing {bi}");
                updated += 1;
            } else {
                assert!(clash, "round {round}: no clash, yet no update");
                lib = fresh;
                rebuilt += 1;
            }
            parts[bi] = part;
        }
    }
    assert!(
        updated > rebuilt && rebuilt > 0,
        "{updated} updated, {rebuilt} rebuilt"
    );
}

#[test]
fn an_unchanged_contribution_leaves_the_library_as_it_is() {
    let mut rng = Rng(11);
    let site: Vec<Annotated> = (0..5).map(|i| random_briefing(&mut rng, i)).collect();
    let config = Config::default();
    let mut lib = Library::new(&site, &config);
    let part = Contribution::of(&site[2], &config);
    assert!(lib.replace(2, &part, &part));
    assert_eq!(lib, Library::new(&site, &config));
}
