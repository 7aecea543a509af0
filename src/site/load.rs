//! Loading: `content/**/*.md` → [`Annotated`] briefings, parsed and annotated in parallel, with
//! the editorial corrections of each file's front matter applied. Sorted newest first.

use crate::annotate::{self, editorial, Annotations, Context};
use crate::briefing::{self, Briefing};
use crate::error::{Error, Result, Warnings};
use rayon::prelude::*;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// A briefing with its annotations.
#[derive(Debug, Clone)]
pub struct Annotated {
    pub briefing: Briefing,
    pub annotations: Annotations,
    /// Corrections whose text is no longer found in the body.
    pub orphans: Vec<String>,
    /// The key of the content file it was read from: its path and a hash of its bytes (see
    /// [`super::memo::source_key`]); 0 when it was not read from a file.
    pub source: u64,
}

/// Every content file under `root/content`, sorted.
pub fn content_files(root: &Path) -> Vec<PathBuf> {
    crate::util::files_with_extension(&root.join("content"), "md")
}

/// Parses and annotates one content file.
pub fn load_file(root: &Path, path: &Path, warnings: &Warnings) -> Result<Annotated> {
    load_file_reusing(root, path, warnings, &|_, _| None).map(|(a, _, _)| a)
}

/// Annotations known from an earlier build: given a content file (as shown) and the hash of
/// its bytes, its annotations and orphaned notes, if known.
pub type Known<'a> = &'a (dyn Fn(&Path, u64) -> Option<(Annotations, Vec<String>)> + Sync);

/// Parses one content file and annotates it, unless `known` has its annotations. Returns the
/// briefing, the hash of the file's bytes, and whether it was annotated.
pub fn load_file_reusing(
    root: &Path,
    path: &Path,
    warnings: &Warnings,
    known: Known,
) -> Result<(Annotated, u64, bool)> {
    let shown = crate::ingest::sync::relative_to(root, path);
    let bytes = std::fs::read(path).map_err(|e| Error::io(&shown, e))?;
    load_bytes(&shown, &bytes, warnings, known)
}

/// [`load_file_reusing`] on the bytes of the file shown as `shown`.
fn load_bytes(
    shown: &Path,
    bytes: &[u8],
    warnings: &Warnings,
    known: Known,
) -> Result<(Annotated, u64, bool)> {
    let hash = super::memo::hash_bytes(bytes);
    let text = std::str::from_utf8(bytes).map_err(|e| {
        let (line, col, _) =
            crate::error::line_col(&String::from_utf8_lossy(bytes), e.valid_up_to());
        Error {
            line: Some(line),
            column: Some(col),
            ..Error::file(shown, "not valid UTF-8")
        }
    })?;
    let briefing = briefing::parse(shown, text)?;
    let source = super::memo::source_key(shown, hash);
    Ok(match known(shown, hash) {
        Some((annotations, orphans)) => {
            warn_orphans(&briefing, &orphans, warnings);
            let a = Annotated {
                briefing,
                annotations,
                orphans,
                source,
            };
            (a, hash, false)
        }
        None => {
            let a = annotate_briefing(briefing, warnings);
            (Annotated { source, ..a }, hash, true)
        }
    })
}

fn warn_orphans(briefing: &Briefing, orphans: &[String], warnings: &Warnings) {
    for o in orphans {
        warnings.warn(format!(
            "{}: correction no longer matches the text: {o}",
            briefing.path.display()
        ));
    }
}

/// Annotates a parsed briefing and applies its editorial corrections.
pub fn annotate_briefing(briefing: Briefing, warnings: &Warnings) -> Annotated {
    let mut annotations = annotate::annotate(
        &briefing.body,
        &Context {
            reference_date: briefing.date,
        },
    );
    let orphans = editorial::apply(&briefing.body, &briefing.front, &mut annotations);
    warn_orphans(&briefing, &orphans, warnings);
    // A site keeps every briefing's annotations until its pages are written: no spare capacity.
    annotations.quotes.shrink_to_fit();
    annotations.facts.shrink_to_fit();
    annotations.entities.shrink_to_fit();
    Annotated {
        briefing,
        annotations,
        orphans,
        source: 0,
    }
}

/// Loads every briefing of the site (drafts only with `drafts`), newest first. The first error
/// in file order is returned; duplicate slugs are an error naming both files.
pub fn load(root: &Path, drafts: bool, warnings: &Warnings) -> Result<Vec<Annotated>> {
    load_reusing(root, drafts, warnings, &|_, _| None, &[]).map(|l| l.briefings)
}

/// What [`load_reusing`] loaded.
pub struct Loaded {
    /// The briefings, newest first.
    pub briefings: Vec<Annotated>,
    /// The hash of each one's file, in step.
    pub hashes: Vec<u64>,
    /// How many were annotated (the others were `known`).
    pub annotated: usize,
}

/// [`load`], taking the annotations of files whose bytes `known` knows instead of annotating
/// them again. `fresh` holds content files (path under `root/content`, text) that ingest is
/// still writing: they are read from there, whether or not their path exists yet.
pub fn load_reusing(
    root: &Path,
    drafts: bool,
    warnings: &Warnings,
    known: Known,
    fresh: &[(PathBuf, String)],
) -> Result<Loaded> {
    let fresh: HashMap<&Path, &str> = fresh
        .iter()
        .map(|(path, text)| (path.as_path(), text.as_str()))
        .collect();
    let mut files = content_files(root);
    let on_disk: std::collections::HashSet<&Path> = files.iter().map(PathBuf::as_path).collect();
    let new: Vec<PathBuf> = fresh
        .keys()
        .filter(|p| !on_disk.contains(*p))
        .map(|p| p.to_path_buf())
        .collect();
    files.extend(new);
    files.sort();
    super::progress::start(files.len() * 2);
    let loaded: Vec<Result<(Annotated, u64, bool)>> = files
        .par_iter()
        .map(|p| {
            let loaded = match fresh.get(p.as_path()) {
                Some(text) => {
                    let shown = crate::ingest::sync::relative_to(root, p);
                    load_bytes(&shown, text.as_bytes(), warnings, known)
                }
                None => load_file_reusing(root, p, warnings, known),
            };
            super::progress::step();
            loaded
        })
        .collect();
    let mut items = Vec::with_capacity(loaded.len());
    let mut annotated = 0;
    for item in loaded {
        let (a, hash, fresh) = item?;
        annotated += usize::from(fresh);
        if a.briefing.front.draft && !drafts {
            continue;
        }
        items.push((a, hash));
    }
    items.sort_by(|(a, _), (b, _)| newest_first(a, b));
    let (briefings, hashes): (Vec<Annotated>, Vec<u64>) = items.into_iter().unzip();
    // Named in path order, whatever the order of the site.
    let mut by_path: Vec<&Annotated> = briefings.iter().collect();
    by_path.sort_by(|a, b| a.briefing.path.cmp(&b.briefing.path));
    check_unique_slugs_of(by_path)?;
    Ok(Loaded {
        briefings,
        hashes,
        annotated,
    })
}

/// Two briefings with one slug would overwrite each other's page: an error naming both files.
pub fn check_unique_slugs(briefings: &[Annotated]) -> Result<()> {
    check_unique_slugs_of(briefings)
}

fn check_unique_slugs_of<'a>(briefings: impl IntoIterator<Item = &'a Annotated>) -> Result<()> {
    let mut seen: HashMap<&str, &Path> = HashMap::new();
    for a in briefings {
        if let Some(other) = seen.insert(&a.briefing.slug, &a.briefing.path) {
            return Err(Error::file(
                &a.briefing.path,
                format!(
                    "slug `{}` is also used by {}: give one of them another `slug`",
                    a.briefing.slug,
                    other.display()
                ),
            ));
        }
    }
    Ok(())
}

/// Newest first; undated last; ties by slug, so the order is deterministic.
pub fn sort_newest_first(briefings: &mut [Annotated]) {
    briefings.sort_by(newest_first);
}

fn newest_first(a: &Annotated, b: &Annotated) -> std::cmp::Ordering {
    b.briefing
        .date
        .cmp(&a.briefing.date)
        .then_with(|| a.briefing.slug.cmp(&b.briefing.slug))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_gone_before_it_is_read_is_an_error_naming_it() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("content/vanished.md");
        let err = load_file(dir.path(), &path, &Warnings::default()).unwrap_err();
        assert_eq!(err.path.as_deref(), Some(Path::new("content/vanished.md")));
    }

    #[test]
    fn content_that_is_not_utf8_is_located() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("content/latin1.md");
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, b"+++\ntitle = \"caf\xe9\"\n+++\n").unwrap();
        let err = load_file(dir.path(), &path, &Warnings::default()).unwrap_err();
        assert_eq!(
            (err.line, err.message.as_str()),
            (Some(2), "not valid UTF-8")
        );
    }
}
