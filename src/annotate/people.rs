//! The person registry: finds personal names in a body (with titles such as "Col." kept apart),
//! and resolves later short forms ("Heller", "Mr Blair", "he") to the fullest earlier name.
//! Shared by the quote speaker resolver and the entity grouper.

use super::Span;

/// Grammatical gender guessed from titles, pronouns and first names, for pronoun resolution.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Gender {
    Male,
    Female,
}

/// One person known to the registry.
#[derive(Debug, Clone, PartialEq)]
pub struct Person {
    /// The canonical (fullest) name, without title: "Sam Heller".
    pub name: String,
    pub title: Option<String>,
    pub role: Option<String>,
    pub organization: Option<String>,
    pub gender: Option<Gender>,
    /// Every mention of this person in the body.
    pub mentions: Vec<Span>,
}

/// All persons of one body.
#[derive(Debug, Clone, Default)]
pub struct People {
    pub persons: Vec<Person>,
}

impl People {
    /// Finds the persons named in `body`.
    pub fn find(_body: &str) -> People {
        People::default()
    }

    /// The person a name mention at byte offset `at` refers to ("Heller" → Sam Heller).
    pub fn resolve(&self, _mention: &str, _at: usize) -> Option<&Person> {
        None
    }

    /// The nearest person mentioned before `at` that fits `gender` (for "he said").
    pub fn nearest_before(&self, _at: usize, _gender: Option<Gender>) -> Option<&Person> {
        None
    }
}
