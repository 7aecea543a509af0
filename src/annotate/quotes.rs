//! Quotation spans: finds direct quotes in a body from its quote marks (curly and straight,
//! nested, over paragraphs), and sets scare quotes and titles aside.

use super::Span;

/// A quotation found by its marks, before attribution.
#[derive(Debug, Clone, PartialEq)]
pub struct QuoteSpan {
    /// Each piece, marks included.
    pub pieces: Vec<Span>,
    /// The words inside the marks, pieces joined with a space.
    pub text: String,
    pub partial: bool,
}

/// Finds the quotation spans of `body`, in reading order.
pub fn find(_body: &str) -> Vec<QuoteSpan> {
    Vec::new()
}
