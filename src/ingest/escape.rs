//! Escaping seed text for markdown: every markdown and HTML metacharacter that could change how
//! the text renders is backslash-escaped, so untrusted text renders back as exactly itself.
//!
//! The output is one line: whitespace runs become one space (a paragraph renders that way
//! anyway) and the ends are trimmed, so no line-start construct can appear except at the very
//! start, where lists, headings, quotes and breaks are defused. Control characters other than
//! whitespace are dropped. Inline, the escapes cover emphasis, code, strikethrough, links,
//! footnotes, HTML, entities, backslashes and the smart-punctuation sequences (straight quotes,
//! `--`, `...`), so the rendering's text equals the input's text.

/// Escapes one paragraph of plain text as markdown.
pub fn escape_markdown(text: &str) -> String {
    let chars: Vec<char> = collapse(text);
    let mut out = String::with_capacity(text.len() + text.len() / 8 + 4);
    // Leading digits of an ordered-list marker (`1.`, `12)`).
    let lead_digits = chars.iter().take_while(|c| c.is_ascii_digit()).count();
    let list_marker =
        |i: usize| i == lead_digits && i > 0 && chars.get(i + 1).is_none_or(|n| *n == ' ');
    for (i, &c) in chars.iter().enumerate() {
        let prev = if i > 0 {
            chars.get(i - 1).copied()
        } else {
            None
        };
        let next = chars.get(i + 1).copied();
        let escape = match c {
            '\\' | '`' | '*' | '~' | '[' | ']' | '<' | '|' | '"' | '\'' => true,
            '_' => {
                !(prev.is_some_and(|p| p.is_ascii_alphanumeric())
                    && next.is_some_and(|n| n.is_ascii_alphanumeric()))
            }
            '&' => next.is_some_and(|n| n.is_ascii_alphanumeric() || n == '#'),
            '#' | '>' | '+' | '=' => i == 0,
            '-' => i == 0 || prev == Some('-') || next == Some('-'),
            '.' => list_marker(i) || prev == Some('.') || next == Some('.'),
            ')' => list_marker(i),
            _ => false,
        };
        if escape {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// The characters of `text` with whitespace runs collapsed to one space, ends trimmed, and
/// non-whitespace control characters dropped.
fn collapse(text: &str) -> Vec<char> {
    collapse_whitespace(text, true).chars().collect()
}

/// `text` with whitespace runs collapsed to one space and its ends trimmed; with
/// `drop_controls`, non-whitespace control characters dropped too.
pub(super) fn collapse_whitespace(text: &str, drop_controls: bool) -> String {
    let mut out = String::with_capacity(text.len());
    let mut space = false;
    for c in text.chars() {
        if c.is_whitespace() {
            space = !out.is_empty();
        } else if drop_controls && c.is_control() {
            continue;
        } else {
            if space {
                out.push(' ');
                space = false;
            }
            out.push(c);
        }
    }
    out
}

/// The text a paragraph is expected to render as: whitespace runs collapsed, trimmed, control
/// characters dropped (what [`escape_markdown`] keeps).
pub fn normalized(text: &str) -> String {
    collapse(text).into_iter().collect()
}

#[cfg(test)]
mod tests {
    use super::escape_markdown as e;

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
