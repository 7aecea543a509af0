//! Decoding seed bytes: UTF-8 (BOM stripped), UTF-16 with a BOM, else Windows-1252 with a
//! warning; empty and binary files are refused with a reason. The decoded text has `\n` line
//! endings only and no control characters other than `\n` and `\t`.

/// Decoded seed text, with a warning when it was not plain UTF-8.
#[derive(Debug, Clone, PartialEq)]
pub struct Decoded {
    pub text: String,
    pub warning: Option<String>,
}

/// How many leading bytes the binary sniffing looks at.
const SNIFF: usize = 8 * 1024;

/// Decodes seed bytes; `Err` says why the file is skipped (empty, binary).
pub fn decode(bytes: &[u8]) -> Result<Decoded, String> {
    let (raw, warning) = if let Some(rest) = bytes.strip_prefix(&[0xFF, 0xFE]) {
        let (text, _) = encoding_rs::UTF_16LE.decode_without_bom_handling(rest);
        (
            text.into_owned(),
            Some("decoded as UTF-16 (little-endian, from its byte order mark)"),
        )
    } else if let Some(rest) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        let (text, _) = encoding_rs::UTF_16BE.decode_without_bom_handling(rest);
        (
            text.into_owned(),
            Some("decoded as UTF-16 (big-endian, from its byte order mark)"),
        )
    } else {
        let body = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(bytes);
        if is_blank(body) {
            return Err("empty file".into());
        }
        if looks_binary(body) {
            return Err("binary file".into());
        }
        match std::str::from_utf8(body) {
            Ok(text) => (text.to_string(), None),
            Err(_) => {
                let (text, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(body);
                (
                    text.into_owned(),
                    Some("not valid UTF-8: decoded as Windows-1252"),
                )
            }
        }
    };
    let text = normalize(&raw);
    if text.trim().is_empty() {
        return Err("empty file".into());
    }
    if warning.is_some() && binary_share(&raw) {
        return Err("binary file".into());
    }
    Ok(Decoded {
        text,
        warning: warning.map(str::to_string),
    })
}

/// Only ASCII whitespace (or nothing).
fn is_blank(bytes: &[u8]) -> bool {
    bytes.iter().all(|b| b.is_ascii_whitespace() || *b == 0x0B)
}

/// NUL bytes, or a high share of control bytes, in the first 8 KiB.
fn looks_binary(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(SNIFF)];
    if head.contains(&0) {
        return true;
    }
    let controls = head.iter().filter(|&&b| is_binary_control(b)).count();
    head.len() >= 8 && controls * 10 > head.len()
}

fn is_binary_control(b: u8) -> bool {
    (b < 0x20 && !matches!(b, b'\n' | b'\r' | b'\t' | 0x0B | 0x0C)) || b == 0x7F
}

/// After UTF-16 decoding: NULs or many control characters mean the BOM was a coincidence.
fn binary_share(text: &str) -> bool {
    let mut total = 0usize;
    let mut controls = 0usize;
    for c in text.chars().take(SNIFF) {
        total += 1;
        if c == '\0' || (c.is_control() && !matches!(c, '\n' | '\r' | '\t' | '\u{0B}' | '\u{0C}')) {
            controls += 1;
        }
    }
    total >= 8 && controls * 10 > total
}

/// CRLF and lone CR become `\n`; form feeds and vertical tabs become `\n`; other control
/// characters (and stray byte order marks) are removed.
pub fn normalize(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    // Unchanged stretches are copied whole.
    let mut copied = 0;
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        // Printable ASCII, newlines and tabs stay: most of any text, seen without decoding.
        if (b' '..0x7f).contains(&b) || b == b'\n' || b == b'\t' {
            i += 1;
            continue;
        }
        // `i` is always a character boundary: it moves a whole character at a time.
        let c = text[i..].chars().next().unwrap_or_default();
        let next = i + c.len_utf8();
        let (replacement, next) = match c {
            '\r' if bytes.get(next) == Some(&b'\n') => (Some("\n"), next + 1),
            '\r' | '\u{0B}' | '\u{0C}' | '\u{2028}' | '\u{2029}' => (Some("\n"), next),
            '\u{FEFF}' => (Some(""), next),
            c if c.is_control() => (Some(""), next),
            _ => (None, next),
        };
        if let Some(r) = replacement {
            out.push_str(&text[copied..i]);
            out.push_str(r);
            copied = next;
        }
        i = next;
    }
    out.push_str(&text[copied..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalize_turns_line_ends_into_newlines_and_drops_controls() {
        assert_eq!(
            normalize("a\r\nb\rc\u{0B}d\u{0C}e\u{2028}f\u{2029}g"),
            "a\nb\nc\nd\ne\nf\ng"
        );
        assert_eq!(normalize("x\u{FEFF}y\u{1}z\u{7f}\u{85}w\tv\n"), "xyzw\tv\n");
        assert_eq!(normalize("café — “ok”\r"), "café — “ok”\n");
        assert_eq!(normalize("\r\r\n"), "\n\n");
        assert_eq!(normalize(""), "");
    }

    #[test]
    fn utf8_with_bom() {
        let d = decode(b"\xEF\xBB\xBFHello\r\nworld\rend").unwrap();
        assert_eq!(d.text, "Hello\nworld\nend");
        assert_eq!(d.warning, None);
    }

    #[test]
    fn refusals() {
        assert_eq!(decode(b""), Err("empty file".to_string()));
        assert_eq!(decode(b" \n\t\r\n "), Err("empty file".to_string()));
        assert_eq!(decode(b"\xEF\xBB\xBF  \n"), Err("empty file".to_string()));
        assert_eq!(
            decode(b"PK\x03\x04\x00\x00abc"),
            Err("binary file".to_string())
        );
        let noise: Vec<u8> = (0..200u8)
            .map(|i| if i % 3 == 0 { 1 } else { b'a' })
            .collect();
        assert_eq!(decode(&noise), Err("binary file".to_string()));
    }

    #[test]
    fn windows_1252_fallback() {
        let d = decode(b"caf\xE9 \x93quoted\x94").unwrap();
        assert_eq!(d.text, "caf\u{e9} \u{201c}quoted\u{201d}");
        assert!(d.warning.unwrap().contains("Windows-1252"));
    }

    #[test]
    fn utf16_both_orders() {
        let text = "Title \u{201c}q\u{201d}\r\nBody";
        let mut le = vec![0xFF, 0xFE];
        let mut be = vec![0xFE, 0xFF];
        for u in text.encode_utf16() {
            le.extend_from_slice(&u.to_le_bytes());
            be.extend_from_slice(&u.to_be_bytes());
        }
        for bytes in [le, be] {
            let d = decode(&bytes).unwrap();
            assert_eq!(d.text, "Title \u{201c}q\u{201d}\nBody");
            assert!(d.warning.unwrap().contains("decoded as UTF-16"));
        }
        assert_eq!(
            decode(&[0xFF, 0xFE, b' ', 0]),
            Err("empty file".to_string())
        );
    }

    #[test]
    fn control_characters_removed() {
        let d = decode("plain text a\u{7}b\u{1b}[0mc\u{85}d\u{c}e and more".as_bytes()).unwrap();
        assert_eq!(d.text, "plain text ab[0mcd\ne and more");
    }
}
