//! Shared by the evaluation tests: escaping text as markdown, context-free.

/// Escapes every ASCII punctuation mark, the most cautious markdown escaping. Unlike ingest's
/// escaping it does not depend on context, so a piece of a text escapes the same alone as in
/// place, and gold spans map onto the escaped text piece by piece.
pub fn escape_all(text: &str) -> String {
    let mut out = String::with_capacity(text.len() * 2);
    for c in text.chars() {
        if c.is_ascii_punctuation() {
            out.push('\\');
        }
        out.push(c);
    }
    out
}
