//! Datelines: the place in capitals that opens a wire story ("LONDON —", "NEW YORK (Reuters) –"),
//! looked up in the gazetteer in title case.

use super::gazetteer::LexKind;
use super::{Candidate, Doc};
use crate::annotate::EntityKind;
use std::borrow::Cow;

/// Datelines: a known place in capitals opening a paragraph before a dash or a bracket
/// ("LONDON —", "NEW YORK (Reuters) –"), or an unknown one opening the story before a dash
/// ("HALDEN BAY —"). Shouting lines are otherwise not read for names.
pub(super) fn find(doc: &Doc, out: &mut Vec<Candidate>) {
    for first in 0..doc.tokens.len() {
        let opens_line = first == 0 || doc.tokens[first - 1].line != doc.tokens[first].line;
        if !opens_line || !doc.tokens[first].all_caps {
            continue;
        }
        let mut last = first;
        while last + 1 < doc.tokens.len()
            && last - first < 2
            && doc.tokens[last + 1].all_caps
            && doc.joined(last + 1)
        {
            last += 1;
        }
        let after = doc.text[doc.tokens[last].end..].trim_start_matches([' ', '\u{a0}']);
        if !after.starts_with(['—', '–', '-', '(']) {
            continue;
        }
        let (start, end) = (doc.tokens[first].start, doc.tokens[last].end);
        // The gazetteer is written in title case: "NEW YORK" → "New York".
        let titled: String = doc.text[start..end]
            .split(' ')
            .map(|w| {
                let mut cs = w.chars();
                cs.next().map_or(String::new(), |c| {
                    c.to_uppercase()
                        .chain(cs.flat_map(char::to_lowercase))
                        .collect()
                })
            })
            .collect::<Vec<_>>()
            .join(" ");
        let known = doc.lex.ac.find(titled.as_str()).and_then(|m| {
            let entity = doc
                .lex
                .patterns
                .get(m.pattern().as_usize())
                .and_then(|p| doc.lex.entities.get(p.entity))?;
            (m.start() == 0 && m.end() == titled.len()).then_some(entity)
        });
        let name = match known {
            Some(entity) if entity.kind == LexKind::Place => Cow::Borrowed(entity.name.as_str()),
            Some(_) => continue,
            // A place the gazetteer does not know, where the story's first paragraph opens
            // with a dash: a dateline all the same, unless a word of it is furniture
            // ("BREAKING —", "UPDATE —").
            None if doc.tokens[first].line == doc.tokens[0].line
                && after.starts_with(['—', '–'])
                && titled.split(' ').all(|w| {
                    w.chars().count() >= 2
                        && w.chars().all(char::is_alphabetic)
                        && !doc.lex.stop.contains(w)
                        && !doc.lex.not_places.contains(w)
                }) =>
            {
                Cow::Owned(titled)
            }
            None => continue,
        };
        out.push(Candidate {
            start,
            end,
            kind: EntityKind::Place,
            name,
            strong: true,
        });
    }
}
