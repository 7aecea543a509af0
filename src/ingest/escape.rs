//! Escaping seed text for markdown: every markdown and HTML metacharacter that could change how
//! the text renders is backslash-escaped, so untrusted text renders back as exactly itself.
//!
//! The output is one line: whitespace runs become one space (a paragraph renders that way
//! anyway) and the ends are trimmed, so no line-start construct can appear except at the very
//! start, where lists, headings, quotes and breaks are defused. Control characters other than
//! whitespace are dropped. Inline, the escapes cover emphasis, code, strikethrough, links,
//! footnotes, HTML, entities, backslashes and the smart-punctuation sequences (straight quotes,
//! `--`, `...`), so the rendering's text equals the input's text.

use std::borrow::Cow;

/// Escapes one paragraph of plain text as markdown.
pub fn escape_markdown(text: &str) -> String {
    let text = collapse_whitespace(text, true);
    // Every character that may need a backslash is ASCII, and so is every neighbour that
    // decides it: a byte loop sees the same thing a character loop would (the bytes of a
    // non-ASCII neighbour are never ASCII letters, digits, dashes, dots or spaces).
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len() + text.len() / 8 + 4);
    // Leading digits of an ordered-list marker (`1.`, `12)`).
    let lead_digits = bytes.iter().take_while(|b| b.is_ascii_digit()).count();
    let list_marker =
        |i: usize| i == lead_digits && i > 0 && bytes.get(i + 1).is_none_or(|n| *n == b' ');
    let mut copied = 0;
    for (i, &c) in bytes.iter().enumerate() {
        if c.is_ascii_alphanumeric() || c == b' ' || !c.is_ascii() {
            continue;
        }
        let prev = i.checked_sub(1).map(|p| bytes[p]);
        let next = bytes.get(i + 1).copied();
        let escape = match c {
            b'\\' | b'`' | b'*' | b'~' | b'[' | b']' | b'<' | b'|' | b'"' | b'\'' => true,
            b'_' => {
                !(prev.is_some_and(|p| p.is_ascii_alphanumeric())
                    && next.is_some_and(|n| n.is_ascii_alphanumeric()))
            }
            b'&' => next.is_some_and(|n| n.is_ascii_alphanumeric() || n == b'#'),
            b'#' | b'>' | b'+' | b'=' => i == 0,
            b'-' => i == 0 || prev == Some(b'-') || next == Some(b'-'),
            b'.' => list_marker(i) || prev == Some(b'.') || next == Some(b'.'),
            b')' => list_marker(i),
            _ => false,
        };
        if escape {
            out.push_str(&text[copied..i]);
            out.push('\\');
            copied = i;
        }
    }
    out.push_str(&text[copied..]);
    out
}

/// `text` with whitespace runs collapsed to one space and its ends trimmed; with
/// `drop_controls`, non-whitespace control characters dropped too.
pub(super) fn collapse_whitespace(text: &str, drop_controls: bool) -> Cow<'_, str> {
    let bytes = text.as_bytes();
    let mut out = String::new();
    // Kept text is copied in runs, from `run` to the next whitespace or dropped character;
    // ASCII bytes are classified without decoding (ingest runs this over every line).
    let mut run = 0;
    let mut space = false;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        // The common cases stay in the run: a printable character, and a single space inside
        // the run before one.
        if !space
            && (b.is_ascii_graphic()
                || (b == b' ' && run < i && bytes.get(i + 1).is_some_and(u8::is_ascii_graphic)))
        {
            i += 1;
            continue;
        }
        let (len, white, control) = if b.is_ascii() {
            (1, crate::util::is_ascii_space(b), b < 0x20 || b == 0x7f)
        } else {
            // `i` is always a character boundary: it moves a whole character at a time.
            let c = text[i..].chars().next().unwrap_or_default();
            (c.len_utf8(), c.is_whitespace(), c.is_control())
        };
        if white || (drop_controls && control) {
            if out.capacity() == 0 {
                out.reserve(text.len());
            }
            out.push_str(&text[run..i]);
            run = i + len;
            space |= white && !out.is_empty();
        } else if space {
            // The first kept character after whitespace: the run starts here.
            out.push(' ');
            space = false;
        }
        i += len;
    }
    if run == 0 {
        // Nothing was dropped or collapsed (a paragraph of ingest's own, already collapsed).
        return Cow::Borrowed(text);
    }
    out.push_str(&text[run..]);
    Cow::Owned(out)
}

/// The text a paragraph is expected to render as: whitespace runs collapsed, trimmed, control
/// characters dropped (what [`escape_markdown`] keeps).
pub fn normalized(text: &str) -> String {
    collapse_whitespace(text, true).into_owned()
}

#[cfg(test)]
mod tests {
    use super::escape_markdown as e;

    /// What `collapse_whitespace` must return, written the plain way.
    fn collapse_reference(text: &str, drop_controls: bool) -> String {
        let mut out = String::new();
        let mut space = false;
        for c in text.chars() {
            if c.is_whitespace() {
                space = !out.is_empty();
            } else if !(drop_controls && c.is_control()) {
                if space {
                    out.push(' ');
                    space = false;
                }
                out.push(c);
            }
        }
        out
    }

    #[test]
    fn collapse_matches_the_plain_definition() {
        for text in [
            "",
            "  a  b\t\tc \n",
            "\x01 \x02x\x7f y \u{85}z\u{a0}\u{2003}w",
            "café\u{9f} ünïcode\u{2028}lines ",
            " \x01 ",
            "a \x01 b",
            "“quoted” — dash",
            "one two three",
            "a\x01 b c \x02 d",
            "x y\tz  w é f",
            " lead and trail ",
        ] {
            for drop in [false, true] {
                assert_eq!(
                    super::collapse_whitespace(text, drop),
                    collapse_reference(text, drop),
                    "{text:?} {drop}"
                );
            }
        }
    }

    #[test]
    fn line_starts() {
        assert_eq!(e("# Not a heading"), "\\# Not a heading");
        assert_eq!(e("1. item"), "1\\. item");
        assert_eq!(e("12) item"), "12\\) item");
        assert_eq!(e("- dash"), "\\- dash");
        assert_eq!(e("> quote"), "\\> quote");
        assert_eq!(e("+++"), "\\+++");
        assert_eq!(e("3.5 million"), "3.5 million");
        assert_eq!(e("2019."), "2019\\.");
    }

    #[test]
    fn inline() {
        assert_eq!(e("<script>x</script>"), "\\<script>x\\</script>");
        assert_eq!(
            e("a *b* [c](d) `e` ~f~ g|h"),
            "a \\*b\\* \\[c\\](d) \\`e\\` \\~f\\~ g\\|h"
        );
        assert_eq!(e("snake_case _x_"), "snake_case \\_x\\_");
        assert_eq!(e("&amp; & x"), "\\&amp; & x");
        assert_eq!(
            e("it's \"so\" -- well..."),
            "it\\'s \\\"so\\\" \\-\\- well\\.\\.\\."
        );
        assert_eq!(e("well-known, a.b"), "well-known, a.b");
        assert_eq!(e("  a \n\t b  "), "a b");
    }
}
