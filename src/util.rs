//! Small helpers shared by the stages: atomic file writes, slugs, hashes, HTML escaping.

use crate::error::{Error, Result};
use sha2::{Digest, Sha256};
use std::io::Write;
use std::path::Path;

/// Writes `bytes` to `path` atomically: a temporary file in the same folder, synced, then
/// renamed over the target. Readers see the old file or the new one, never half of one.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    let tmp = temp_file_beside(path, bytes)?;
    tmp.as_file().sync_all().map_err(|e| Error::io(path, e))?;
    tmp.persist(path).map_err(|e| Error::io(path, e.error))?;
    Ok(())
}

/// Writes a cache file atomically, without waiting for the disk: readers see the old file or
/// the new one, and after a crash at worst a damaged one, which a cache reader treats as
/// missing (a cache only ever saves time). Saves a disk flush per file.
pub fn write_cache_file(path: &Path, bytes: &[u8]) -> Result<()> {
    let tmp = temp_file_beside(path, bytes)?;
    tmp.persist(path).map_err(|e| Error::io(path, e.error))?;
    Ok(())
}

/// A temporary file holding `bytes` in the folder of `path` (created if missing), so that a
/// rename can put it in place.
fn temp_file_beside(path: &Path, bytes: &[u8]) -> Result<tempfile::NamedTempFile> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    let mut tmp = tempfile::NamedTempFile::new_in(dir).map_err(|e| Error::io(dir, e))?;
    tmp.write_all(bytes).map_err(|e| Error::io(path, e))?;
    Ok(tmp)
}

/// Many atomic writes that reach the disk together: each file is written to a temporary file
/// beside its target; [`AtomicBatch::commit`] flushes them all with one filesystem sync, then
/// renames each into place. The same guarantee as [`write_atomic`] for every file, without
/// waiting for the disk once per file (10,000 seeds ingest in seconds, not minutes). If the
/// batch is dropped before `commit`, its temporary files are removed and no target changes.
#[derive(Default)]
pub struct AtomicBatch {
    staged: Vec<(tempfile::TempPath, std::path::PathBuf)>,
}

impl AtomicBatch {
    /// Writes each file's text to a temporary file beside its path, in parallel (each closed at
    /// once: a batch of thousands holds no open files). On an error no file of `files` stays
    /// staged.
    pub fn add_all(&mut self, files: &[(std::path::PathBuf, String)]) -> Result<()> {
        use rayon::prelude::*;
        let staged = files
            .par_iter()
            .map(|(path, text)| {
                let tmp = temp_file_beside(path, text.as_bytes())?;
                Ok((tmp.into_temp_path(), path.clone()))
            })
            .collect::<Result<Vec<_>>>()?;
        self.staged.extend(staged);
        Ok(())
    }

    /// Flushes every staged file to disk, then moves each into place.
    pub fn commit(self) -> Result<()> {
        use rayon::prelude::*;
        let Some((first, _)) = self.staged.first() else {
            return Ok(());
        };
        if sync_filesystem_of(first).is_err() {
            // No filesystem-wide sync here: flush file by file.
            self.staged.par_iter().try_for_each(|(tmp, target)| {
                std::fs::File::open(tmp)
                    .and_then(|f| f.sync_all())
                    .map_err(|e| Error::io(target, e))
            })?;
        }
        self.staged.into_par_iter().try_for_each(|(tmp, target)| {
            tmp.persist(&target)
                .map(|_| ())
                .map_err(|e| Error::io(&target, e.error))
        })
    }
}

/// Flushes the whole filesystem holding `path` to disk (Linux `syncfs`).
#[cfg(target_os = "linux")]
fn sync_filesystem_of(path: &Path) -> std::io::Result<()> {
    let file = std::fs::File::open(path)?;
    rustix::fs::syncfs(&file).map_err(std::io::Error::from)
}

#[cfg(not(target_os = "linux"))]
fn sync_filesystem_of(_path: &Path) -> std::io::Result<()> {
    Err(std::io::ErrorKind::Unsupported.into())
}

/// Whether the ASCII byte `b` is whitespace as `char::is_whitespace` says: space, or tab to
/// carriage return (vertical tab included, unlike `u8::is_ascii_whitespace`). Branch-free, so
/// byte loops over it vectorise.
#[inline]
pub fn is_ascii_space(b: u8) -> bool {
    (b == b' ') | (b.wrapping_sub(b'\t') < 5)
}

/// One character of a text as [`units`] gives it: an ASCII byte as it is, any other character
/// decoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    Ascii(u8),
    Other(char),
}

/// The characters of `text`, ASCII ones without decoding: for loops over whole texts (ingest
/// and the search index read every character of every briefing) whose ASCII cases are simple.
#[inline]
pub fn units(text: &str) -> impl Iterator<Item = Unit> + '_ {
    let bytes = text.as_bytes();
    let mut i = 0;
    std::iter::from_fn(move || {
        let &b = bytes.get(i)?;
        if b.is_ascii() {
            i += 1;
            return Some(Unit::Ascii(b));
        }
        // `i` is always a character boundary: it moves a whole character at a time.
        let c = text[i..].chars().next()?;
        i += c.len_utf8();
        Some(Unit::Other(c))
    })
}

/// The number of words in `text`, as `text.split_whitespace().count()` would say, without
/// decoding most characters (ingest counts the words of every line several times).
pub fn word_count(text: &str) -> usize {
    let bytes = text.as_bytes();
    if text.is_ascii() {
        // A word starts at a non-space byte after a space (or at the start). Counted pairwise
        // in blocks of 255 with byte sums, a form the compiler turns into vector code.
        let first = bytes.first().is_some_and(|&b| !is_ascii_space(b));
        let (before, after) = (bytes, bytes.get(1..).unwrap_or_default());
        let mut words = usize::from(first);
        for (a, b) in before.chunks(255).zip(after.chunks(255)) {
            let starts = a
                .iter()
                .zip(b)
                .map(|(&p, &c)| u8::from(is_ascii_space(p) & !is_ascii_space(c)))
                .fold(0u8, u8::wrapping_add);
            words += usize::from(starts);
        }
        return words;
    }
    let (mut words, mut in_word, mut i) = (0, false, 0);
    while i < bytes.len() {
        let b = bytes[i];
        let (space, len) = if b.is_ascii() {
            (is_ascii_space(b), 1)
        } else if matches!(b, 0xC2 | 0xE1 | 0xE2 | 0xE3) {
            // The lead bytes of every non-ASCII whitespace character (U+0085, U+00A0,
            // U+1680, U+2000..U+205F, U+3000); a lead byte is always a character boundary.
            let c = text[i..].chars().next().unwrap_or_default();
            (c.is_whitespace(), c.len_utf8())
        } else {
            // Any other byte belongs to a character that is not whitespace.
            (false, 1)
        };
        words += usize::from(!space && !in_word);
        in_word = !space;
        i += len;
    }
    words
}

/// A path as the site names files: `/` between its parts, whatever the platform.
pub fn slash_path(path: &Path) -> String {
    path.to_string_lossy().replace('\\', "/")
}

/// `path` under `base` as the site names files (`base/a/b.md` → `a/b.md`); `path` itself when
/// it is not under `base`.
pub fn slash_path_under(base: &Path, path: &Path) -> String {
    slash_path(path.strip_prefix(base).unwrap_or(path))
}

/// A URL- and file-safe slug: lowercase ASCII letters and digits, words joined by `-`, at most
/// 80 bytes. Non-ASCII letters are folded where simple (é → e) and dropped otherwise.
pub fn slugify(text: &str) -> String {
    let mut slug = String::new();
    let mut dash = false;
    for c in text.chars().map(fold_char) {
        if c.is_ascii_alphanumeric() {
            if dash && !slug.is_empty() {
                slug.push('-');
            }
            dash = false;
            slug.push(c.to_ascii_lowercase());
            if slug.len() >= 80 {
                slug.truncate(80);
                break;
            }
        } else if c != '\'' && c != '’' {
            dash = true;
        }
    }
    slug.trim_end_matches('-').to_string()
}

/// A Latin letter with its accent removed (é → e); other characters unchanged.
pub fn fold_char(c: char) -> char {
    let folded = match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'À' | 'Á' | 'Â' | 'Ã' | 'Ä' | 'Å' => 'a',
        'ç' | 'Ç' => 'c',
        'è' | 'é' | 'ê' | 'ë' | 'È' | 'É' | 'Ê' | 'Ë' => 'e',
        'ì' | 'í' | 'î' | 'ï' | 'Ì' | 'Í' | 'Î' | 'Ï' => 'i',
        'ñ' | 'Ñ' => 'n',
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'Ò' | 'Ó' | 'Ô' | 'Õ' | 'Ö' | 'Ø' => 'o',
        'ù' | 'ú' | 'û' | 'ü' | 'Ù' | 'Ú' | 'Û' | 'Ü' => 'u',
        'ý' | 'ÿ' | 'Ý' => 'y',
        other => other,
    };
    folded
}

/// Every file under `dir` ending in `.ext`, sorted (so order-dependent results such as slug
/// suffixes are deterministic); symlinks are not followed, so nothing outside `dir` is read.
pub fn files_with_extension(dir: &Path, ext: &str) -> Vec<std::path::PathBuf> {
    let mut files: Vec<std::path::PathBuf> = walkdir::WalkDir::new(dir)
        .follow_links(false)
        .into_iter()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_type().is_file() && e.path().extension().is_some_and(|x| x == ext))
        .map(|e| e.into_path())
        .collect();
    files.sort();
    files
}

/// The lines of a compiled-in data file (word lists, gazetteers, rules): trimmed, without blank
/// lines and `#` comments.
pub fn data_lines(data: &str) -> impl Iterator<Item = &str> {
    data.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
}

/// SHA-256 of `bytes` as lowercase hex.
pub fn sha256_hex(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    let mut out = String::with_capacity(64);
    for b in digest {
        out.push_str(&format!("{b:02x}"));
    }
    out
}

/// Escapes text for HTML content and attribute values.
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    push_escaped(&mut out, text);
    out
}

/// Appends the decimal digits of `n` to `out` (what `write!(out, "{n}")` does, without the
/// formatting machinery: pages write a number into every highlight).
pub fn push_uint(out: &mut String, n: usize) {
    let mut digits = [0u8; 20];
    let mut at = digits.len();
    let mut rest = n;
    loop {
        at -= 1;
        digits[at] = b'0' + (rest % 10) as u8;
        rest /= 10;
        if rest == 0 {
            break;
        }
    }
    out.extend(digits[at..].iter().map(|&d| char::from(d)));
}

/// Appends `text` to `out`, escaped for HTML content and attribute values.
pub fn push_escaped(out: &mut String, text: &str) {
    // Every page's text goes through here: one table lookup per byte tells the few that need
    // escaping from the rest.
    const ESCAPED: [bool; 256] = {
        let mut table = [false; 256];
        table[b'&' as usize] = true;
        table[b'<' as usize] = true;
        table[b'>' as usize] = true;
        table[b'"' as usize] = true;
        table[b'\'' as usize] = true;
        table
    };
    let mut copied = 0;
    for (i, &b) in text.as_bytes().iter().enumerate() {
        if !ESCAPED[usize::from(b)] {
            continue;
        }
        // Only ASCII bytes are escaped, so `i` is always a character boundary here.
        out.push_str(&text[copied..i]);
        out.push_str(match b {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            _ => "&#39;",
        });
        copied = i + 1;
    }
    out.push_str(&text[copied..]);
}

/// Appends `text` to `out` with each ASCII byte that `replacement` names replaced; the text
/// between them is copied in runs.
pub fn push_replacing(
    out: &mut String,
    text: &str,
    replacement: impl Fn(u8) -> Option<&'static str>,
) {
    let mut copied = 0;
    for (i, b) in text.bytes().enumerate() {
        // Only ASCII bytes are replaced, so `i` is always a character boundary here.
        let Some(with) = replacement(b).filter(|_| b.is_ascii()) else {
            continue;
        };
        out.push_str(&text[copied..i]);
        out.push_str(with);
        copied = i + 1;
    }
    out.push_str(&text[copied..]);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_batch_writes_every_file_on_commit_and_nothing_when_dropped() {
        let dir = tempfile::tempdir().unwrap();
        let a = dir.path().join("a.md");
        std::fs::write(&a, "old").unwrap();
        let mut batch = AtomicBatch::default();
        batch
            .add_all(&[
                (a.clone(), "new a".into()),
                (dir.path().join("sub/b.md"), "b".into()),
            ])
            .unwrap();
        // Nothing is in place before the commit.
        assert_eq!(std::fs::read_to_string(&a).unwrap(), "old");
        assert!(!dir.path().join("sub/b.md").exists());
        batch.commit().unwrap();
        assert_eq!(std::fs::read_to_string(&a).unwrap(), "new a");
        assert_eq!(
            std::fs::read_to_string(dir.path().join("sub/b.md")).unwrap(),
            "b"
        );

        let mut dropped = AtomicBatch::default();
        dropped.add_all(&[(a.clone(), "lost".into())]).unwrap();
        drop(dropped);
        assert_eq!(std::fs::read_to_string(&a).unwrap(), "new a");
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names.len(), 2, "no temporary file left: {names:?}");
    }

    #[test]
    fn ascii_space_is_char_whitespace() {
        for b in 0..=127u8 {
            assert_eq!(is_ascii_space(b), char::from(b).is_whitespace(), "{b}");
        }
    }

    #[test]
    fn word_count_agrees_with_split_whitespace() {
        for text in [
            "",
            "   ",
            "one",
            " two  words ",
            "tab\tand\nnew\x0bline\x0cfeed\rreturn",
            "non\u{a0}breaking and\u{2003}em space",
            "café au lait",
            "\x01control\x7f chars",
            "“curly” quotes\u{85}next\u{1680}ogham\u{3000}ideographic\u{205f}x 中文 字",
            "\u{a0}",
        ] {
            assert_eq!(
                word_count(text),
                text.split_whitespace().count(),
                "{text:?}"
            );
        }
        // Long texts, across the 255-byte blocks, with words cut at every block edge.
        for n in [254, 255, 256, 509, 510, 511, 2000] {
            for word in ["a", "ab", "abc "] {
                let text: String = word.repeat(n) + " x  y\tz";
                assert_eq!(
                    word_count(&text),
                    text.split_whitespace().count(),
                    "{n} {word}"
                );
                let spaced = text.replace('b', " ");
                assert_eq!(word_count(&spaced), spaced.split_whitespace().count());
            }
        }
    }

    #[test]
    fn paths_are_named_with_slashes_under_their_base() {
        assert_eq!(
            slash_path_under(Path::new("/site/out"), Path::new("/site/out/a/b.html")),
            "a/b.html"
        );
        assert_eq!(
            slash_path_under(Path::new("/elsewhere"), Path::new("x/y.md")),
            "x/y.md"
        );
        assert_eq!(slash_path(Path::new("a\\b/c")), "a/b/c");
    }

    #[test]
    fn slugs_are_ascii_and_dashed() {
        assert_eq!(
            slugify("ISIS is Worming Their Way Back into Iraq"),
            "isis-is-worming-their-way-back-into-iraq"
        );
        assert_eq!(slugify("  Café  déjà-vu!! "), "cafe-deja-vu");
        assert_eq!(slugify("Iraq’s Defense Ministry"), "iraqs-defense-ministry");
        assert_eq!(slugify("../../etc/passwd"), "etc-passwd");
        assert_eq!(slugify("中文"), "");
        assert!(slugify(&"word ".repeat(100)).len() <= 80);
    }

    #[test]
    fn atomic_write_replaces_whole_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a/b.txt");
        write_atomic(&path, b"one").unwrap();
        write_atomic(&path, b"two").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"two");
        assert_eq!(
            std::fs::read_dir(path.parent().unwrap()).unwrap().count(),
            1
        );
    }

    #[test]
    fn units_are_the_characters_ascii_ones_as_bytes() {
        let text = "a é\u{1F600}.";
        let expected: Vec<Unit> = text
            .chars()
            .map(|c| match u8::try_from(c).ok().filter(u8::is_ascii) {
                Some(b) => Unit::Ascii(b),
                None => Unit::Other(c),
            })
            .collect();
        assert_eq!(units(text).collect::<Vec<_>>(), expected);
        assert_eq!(units("").count(), 0);
    }

    #[test]
    fn uints_are_written_in_decimal() {
        for n in [0, 7, 10, 99, 1_000, 4_294_967_296, usize::MAX] {
            let mut out = String::from("#");
            push_uint(&mut out, n);
            assert_eq!(out, format!("#{n}"));
        }
    }

    #[test]
    fn escapes_markup() {
        assert_eq!(
            escape_html("<a href=\"x\">&'"),
            "&lt;a href=&quot;x&quot;&gt;&amp;&#39;"
        );
    }
}
