//! Markup masking: a content body may hold raw HTML, code and link targets, which are not prose.
//! [`mask_markup`] blanks them out with spaces of the same byte length, so every annotator sees
//! prose only and offsets into the masked text are offsets into the body.

use super::find_byte;
use std::borrow::Cow;

/// The body with HTML tags, inline code, fenced code blocks and link destinations replaced by
/// spaces (byte for byte). Borrowed unchanged when there is nothing to mask.
pub fn mask_markup(body: &str) -> Cow<'_, str> {
    let bytes = body.as_bytes();
    if find_byte(bytes, 0, |b| {
        (b == b'<') | (b == b'`') | (b == b'~') | (b == b']')
    })
    .is_none()
    {
        return Cow::Borrowed(body);
    }
    let mut ranges: Vec<(usize, usize)> = Vec::new();
    let mut i = 0;
    let mut line_start = true;
    let mut fence: Option<u8> = None;
    while i < bytes.len() {
        if !line_start {
            // Inside a line only these bytes start markup or end the line.
            match find_byte(bytes, i, |c| {
                (c == b'<') | (c == b'`') | (c == b']') | (c == b'\n')
            }) {
                Some(k) => i = k,
                None => break,
            }
        }
        let b = bytes[i];
        if line_start {
            let rest = &body[i..];
            let trimmed = rest.trim_start_matches(' ');
            let marker = trimmed
                .as_bytes()
                .first()
                .copied()
                .filter(|&m| m == b'`' || m == b'~');
            if let Some(m) = marker {
                if trimmed.starts_with(if m == b'`' { "```" } else { "~~~" })
                    && fence.is_none_or(|f| f == m)
                {
                    let end = rest.find('\n').map_or(bytes.len(), |n| i + n);
                    ranges.push((i, end));
                    fence = if fence.is_some() { None } else { Some(m) };
                    i = end;
                    line_start = false;
                    continue;
                }
            }
            if fence.is_some() {
                let end = rest.find('\n').map_or(bytes.len(), |n| i + n);
                ranges.push((i, end));
                i = end;
                line_start = false;
                continue;
            }
        }
        line_start = b == b'\n';
        let escaped = i > 0 && bytes[i - 1] == b'\\';
        match b {
            b'<' if !escaped
                && bytes
                    .get(i + 1)
                    .is_some_and(|n| n.is_ascii_alphabetic() || *n == b'/' || *n == b'!') =>
            {
                let end = body[i..]
                    .find('>')
                    .filter(|&n| !body[i..i + n].contains("\n\n"))
                    .map(|n| i + n + 1);
                if let Some(end) = end {
                    ranges.push((i, end));
                    i = end;
                    continue;
                }
            }
            b'`' if !escaped => {
                let run = bytes[i..].iter().take_while(|&&c| c == b'`').count();
                let ticks = &body[i..i + run];
                if let Some(n) = body[i + run..]
                    .find(ticks)
                    .filter(|&n| !body[i + run..i + run + n].contains("\n\n"))
                {
                    let end = i + run + n + run;
                    ranges.push((i, end));
                    i = end;
                    continue;
                }
                i += run;
                continue;
            }
            b']' if !escaped && bytes.get(i + 1) == Some(&b'(') => {
                if let Some(n) = body[i + 2..]
                    .find(')')
                    .filter(|&n| !body[i + 2..i + 2 + n].contains('\n'))
                {
                    let end = i + 2 + n + 1;
                    ranges.push((i + 1, end));
                    i = end;
                    continue;
                }
            }
            _ => {}
        }
        i += 1;
    }
    if ranges.is_empty() {
        return Cow::Borrowed(body);
    }
    let mut out = Vec::with_capacity(bytes.len());
    let mut pos = 0;
    for (s, e) in ranges {
        out.extend_from_slice(&bytes[pos..s]);
        // Keep line breaks, so paragraphs stay where they were.
        out.extend(
            bytes[s..e]
                .iter()
                .map(|&c| if c == b'\n' { b'\n' } else { b' ' }),
        );
        pos = e;
    }
    out.extend_from_slice(&bytes[pos..]);
    // Only whole ranges of ASCII-delimited markup were replaced byte for byte, so this holds.
    Cow::Owned(String::from_utf8(out).unwrap_or_else(|_| body.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masks_tags_code_and_link_targets_keeping_length() {
        let body = "A <div style=\"x: “y”\">said “hi”</div> `code “q”` [t](http://x/“z”) \\<b\\> ok\n```\n“fenced”\n```\nafter “é”\n";
        let m = mask_markup(body);
        assert_eq!(m.len(), body.len());
        assert!(m.contains("said “hi”"));
        assert!(
            !m.contains("“y”")
                && !m.contains("“q”")
                && !m.contains("“z”")
                && !m.contains("“fenced”")
        );
        assert!(m.contains("\\<b\\> ok"), "escaped brackets are text");
        assert!(m.contains("[t"), "link text stays");
        assert!(m.contains("after “é”"));
    }

    #[test]
    fn plain_prose_is_borrowed() {
        assert!(matches!(
            mask_markup("Just words, “quoted”."),
            Cow::Borrowed(_)
        ));
    }
}
