//! The annotation engine: takes a briefing body (markdown or plain text) and its reference date,
//! returns [`Annotations`]: direct quotes with resolved speakers, facts (quantities, measures,
//! money, percentages, dates, durations…) and entity mentions (people, organisations, places),
//! each with byte offsets into the body.
//!
//! Rule-based and deterministic: word lists and gazetteers are data files compiled in and loaded
//! once. Every pass is linear in the text.
//!
//! Stages inside the engine:
//! * [`people`]: the person registry: names found in the text, their titles, roles, and the
//!   short forms that refer back to them ("Heller" → "Sam Heller").
//! * [`entities`]: organisations and places, and the person mentions from [`people`].
//! * [`quotes`]: quotation spans (marks, nesting, split quotes, paragraphs, scare quotes).
//! * [`speakers`]: attribution of each quote to a speaker through the registry.
//! * [`facts`]: numbers with what they count, measures, money, percentages, dates, durations.

pub mod editorial;
pub mod entities;
pub mod facts;
pub mod people;
pub mod quotes;
pub mod speakers;
pub mod text;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// What the engine needs beside the body.
#[derive(Debug, Clone, Copy, Default)]
pub struct Context {
    /// The briefing's own date: relative dates ("last Tuesday") resolve against it.
    pub reference_date: Option<NaiveDate>,
}

/// Everything the engine found in one body. Offsets are byte offsets into that body.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct Annotations {
    pub quotes: Vec<Quote>,
    pub facts: Vec<Fact>,
    pub entities: Vec<Mention>,
}

/// A byte range `[start, end)` into the body.
#[derive(
    Debug, Clone, Copy, Default, Serialize, Deserialize, PartialEq, Eq, PartialOrd, Ord, Hash,
)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

/// Who made an annotation: the engine, or an editor through front matter.
#[derive(Debug, Clone, Copy, Default, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum Origin {
    #[default]
    Automatic,
    Editorial,
}

/// A direct quotation.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct Quote {
    /// The words inside the marks; the pieces of a split quote joined with a space.
    pub text: String,
    /// The resolved speaker: a full name ("Sam Heller") or a description ("a community elder").
    pub speaker: Option<String>,
    /// The words used at the attribution ("Heller", "he", "A community elder").
    pub speaker_mention: Option<String>,
    /// A fragment quoted inside the reporter's own sentence (`called it "respectable"`).
    pub partial: bool,
    /// Start of the first piece (its opening mark).
    pub start: usize,
    /// End of the last piece (after its closing mark, or its last character if unclosed).
    pub end: usize,
    /// Each piece of the quote, marks included (one piece unless split by its attribution or
    /// carried over paragraphs).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub pieces: Vec<Span>,
    /// The speaker's title ("Col."), role ("security analyst") and organisation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organization: Option<String>,
    pub origin: Origin,
}

/// The kind of a fact.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[serde(rename_all = "lowercase")]
pub enum FactKind {
    Quantity,
    Measure,
    Money,
    Percent,
    Date,
    Time,
    Duration,
    Ordinal,
    Range,
}

impl FactKind {
    /// The lowercase name used in JSON, CSS classes and templates.
    pub fn as_str(self) -> &'static str {
        match self {
            FactKind::Quantity => "quantity",
            FactKind::Measure => "measure",
            FactKind::Money => "money",
            FactKind::Percent => "percent",
            FactKind::Date => "date",
            FactKind::Time => "time",
            FactKind::Duration => "duration",
            FactKind::Ordinal => "ordinal",
            FactKind::Range => "range",
        }
    }
}

/// A fact: a number, measure, sum of money, date… with its normalised value.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Fact {
    /// The words of the fact as written ("around 1,000 ISIS fighters").
    pub text: String,
    pub kind: FactKind,
    /// A number for numeric kinds, an ISO 8601 string for dates, times and durations, `null`
    /// for a relative date that could not be resolved.
    pub value: serde_json::Value,
    /// The unit or currency ("mi", "USD", "km2"), when there is one.
    pub unit: Option<String>,
    /// "around", "about", "nearly", "thousands of"…
    pub approximate: bool,
    pub start: usize,
    pub end: usize,
    /// A relative expression ("last Tuesday"); with `value` null when it could not be resolved.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub relative: bool,
    /// What a quantity counts ("ISIS fighters").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub counts: Option<String>,
    /// A human-readable value for tooltips ("370 miles ≈ 595 km", "March 2019").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub display: Option<String>,
    /// An editor's note and its source, from front matter.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    pub origin: Origin,
}

/// The kind of a named entity.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[serde(rename_all = "lowercase")]
pub enum EntityKind {
    Person,
    Organization,
    Place,
}

impl EntityKind {
    /// The lowercase name used in JSON, URLs and templates.
    pub fn as_str(self) -> &'static str {
        match self {
            EntityKind::Person => "person",
            EntityKind::Organization => "organization",
            EntityKind::Place => "place",
        }
    }
}

/// One mention of an entity in the body.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Mention {
    /// The words as written ("Heller").
    pub text: String,
    pub kind: EntityKind,
    /// The canonical name shared by all mentions of the entity ("Sam Heller").
    pub name: String,
    pub start: usize,
    pub end: usize,
}

/// Annotates one body. Pure and deterministic; never panics.
pub fn annotate(body: &str, ctx: &Context) -> Annotations {
    // Raw HTML, code and link targets are not prose: every stage sees them as spaces.
    let masked = text::markup::mask_markup(body);
    let body = masked.as_ref();
    let prose = text::Prose::new(body);
    let people = people::People::find_in(&prose);
    let entities = entities::find_in(body, &prose.clean, &prose.words, &people);
    let spans = quotes::find_in(&prose);
    let quotes = speakers::attribute_in(&prose, spans, &people);
    let facts = facts::find_in(body, &prose.clean, &prose.lower, ctx);
    Annotations {
        quotes,
        facts,
        entities,
    }
}
