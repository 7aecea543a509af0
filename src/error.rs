//! One error type for every stage: a message, and where it happened (file, line, column) when
//! known, with the offending source line so the terminal can show it.

use std::fmt;
use std::path::{Path, PathBuf};

/// Result with gloss's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// An error with an optional location. `Display` gives `file:line:column: message` followed by
/// the source line and a caret, as compilers do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    pub path: Option<PathBuf>,
    pub line: Option<usize>,
    pub column: Option<usize>,
    pub message: String,
    /// The text of the offending line, shown under the message.
    pub source_line: Option<String>,
}

impl Error {
    /// An error with no location.
    pub fn msg(message: impl Into<String>) -> Self {
        Error {
            path: None,
            line: None,
            column: None,
            message: message.into(),
            source_line: None,
        }
    }

    /// An error about a whole file.
    pub fn file(path: impl AsRef<Path>, message: impl Into<String>) -> Self {
        Error {
            path: Some(path.as_ref().to_path_buf()),
            ..Error::msg(message)
        }
    }

    /// An I/O error on `path`.
    pub fn io(path: impl AsRef<Path>, err: std::io::Error) -> Self {
        Error::file(path, err.to_string())
    }

    /// An error at a byte offset of `text`, the contents of `path`: line and column (1-based,
    /// column in characters) are computed, and the line is kept for display.
    pub fn at_offset(
        path: impl AsRef<Path>,
        text: &str,
        offset: usize,
        message: impl Into<String>,
    ) -> Self {
        let (line, column, source_line) = line_col(text, offset);
        Error {
            path: Some(path.as_ref().to_path_buf()),
            line: Some(line),
            column: Some(column),
            message: message.into(),
            source_line: Some(source_line),
        }
    }

    /// An error at a known line (1-based) of `text`, the contents of `path`.
    pub fn at_line(
        path: impl AsRef<Path>,
        text: &str,
        line: usize,
        column: usize,
        message: impl Into<String>,
    ) -> Self {
        let source_line = text.lines().nth(line.saturating_sub(1)).map(str::to_string);
        Error {
            path: Some(path.as_ref().to_path_buf()),
            line: Some(line),
            column: Some(column.max(1)),
            message: message.into(),
            source_line,
        }
    }

    /// Adds the file to an error that has none.
    pub fn in_file(mut self, path: impl AsRef<Path>) -> Self {
        if self.path.is_none() {
            self.path = Some(path.as_ref().to_path_buf());
        }
        self
    }
}

/// 1-based line and character column of a byte offset, and the text of that line.
pub fn line_col(text: &str, offset: usize) -> (usize, usize, String) {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let line_start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[offset..].find('\n').map_or(text.len(), |i| offset + i);
    let line = text[..offset].matches('\n').count() + 1;
    let column = text[line_start..offset].chars().count() + 1;
    (
        line,
        column,
        text[line_start..line_end]
            .trim_end_matches('\r')
            .to_string(),
    )
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(path) = &self.path {
            write!(f, "{}", path.display())?;
            if let Some(line) = self.line {
                write!(f, ":{line}")?;
                if let Some(column) = self.column {
                    write!(f, ":{column}")?;
                }
            }
            write!(f, ": ")?;
        }
        write!(f, "{}", self.message)?;
        if let (Some(src), Some(line)) = (&self.source_line, self.line) {
            let gutter = line.to_string();
            write!(f, "\n {gutter} | {src}")?;
            if let Some(column) = self.column {
                let pad: String = src
                    .chars()
                    .take(column.saturating_sub(1))
                    .map(|c| if c == '\t' { '\t' } else { ' ' })
                    .collect();
                write!(f, "\n {} | {pad}^", " ".repeat(gutter.len()))?;
            }
        }
        Ok(())
    }
}

impl std::error::Error for Error {}

impl From<std::io::Error> for Error {
    fn from(err: std::io::Error) -> Self {
        Error::msg(err.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_shows_location_and_caret() {
        let text = "a = 1\nb = = 2\n";
        let err = Error::at_offset("x.toml", text, 10, "unexpected `=`");
        let shown = err.to_string();
        assert!(shown.starts_with("x.toml:2:5: unexpected `=`"), "{shown}");
        assert!(shown.contains("2 | b = = 2"), "{shown}");
        assert!(shown.ends_with("|     ^"), "{shown}");
    }

    #[test]
    fn offsets_inside_multibyte_chars_do_not_panic() {
        let (line, col, _) = line_col("é\nü", 1);
        assert_eq!((line, col), (1, 1));
    }
}

/// Collects warnings from every stage (they may run in parallel), so the CLI prints them once
/// and tests can read them.
#[derive(Debug, Default)]
pub struct Warnings {
    list: std::sync::Mutex<Vec<String>>,
}

impl Warnings {
    /// Records one warning.
    pub fn warn(&self, message: impl Into<String>) {
        if let Ok(mut list) = self.list.lock() {
            list.push(message.into());
        }
    }

    /// Takes the warnings recorded so far, in the order given.
    pub fn take(&self) -> Vec<String> {
        self.list
            .lock()
            .map(|mut l| std::mem::take(&mut *l))
            .unwrap_or_default()
    }
}
