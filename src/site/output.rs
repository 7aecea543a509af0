//! Output: writes a rendered site ([`Output`]) to the output folder atomically. Everything goes
//! into a staging folder beside the output (unchanged files hard-linked from the previous build,
//! so a rebuild writes only what changed), then the staging folder is swapped in with renames.
//! A failed or killed build leaves the previous output as it was; a leftover staging folder is
//! removed by the next build. Output paths that would destroy sources are refused.

use crate::error::{Error, Result};
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::path::{Component, Path, PathBuf};

/// A rendered site: output-relative path (with `/`) → bytes.
pub type Output = BTreeMap<String, Vec<u8>>;

/// Refuses output folders whose replacement would delete sources or anything outside the site:
/// the root itself, a folder containing the root, `content/`, `seeds/`, `templates/`, `static/`,
/// `/` and the home folder.
pub fn check_output_dir(root: &Path, out: &Path) -> Result<()> {
    let abs = |p: &Path| -> PathBuf {
        let p = if p.is_absolute() {
            p.to_path_buf()
        } else {
            std::env::current_dir().unwrap_or_default().join(p)
        };
        normalize(&p)
    };
    let (root_abs, out_abs) = (abs(root), abs(out));
    let home = std::env::var_os("HOME").map(|h| abs(Path::new(&h)));
    let refuse = |why: &str| {
        Err(Error::file(
            out,
            format!("refusing to use this output folder: {why}"),
        ))
    };
    if out_abs.parent().is_none() {
        return refuse("it is the file system root");
    }
    if home.as_deref() == Some(out_abs.as_path()) {
        return refuse("it is the home folder");
    }
    if root_abs.starts_with(&out_abs) {
        return refuse("it is the site root or contains it");
    }
    for source in ["content", "seeds", "templates", "static", ".git"] {
        let dir = root_abs.join(source);
        if dir.starts_with(&out_abs) || out_abs.starts_with(&dir) {
            return refuse(&format!("it overlaps the site's `{source}/` folder"));
        }
    }
    Ok(())
}

/// Lexically normalizes `.` and `..` (the output folder may not exist yet).
fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            other => out.push(other.as_os_str()),
        }
    }
    out
}

fn sibling(out: &Path, suffix: &str) -> PathBuf {
    let name = out
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "public".into());
    out.with_file_name(format!(".{name}.gloss-{suffix}"))
}

/// Checks that an output path stays inside the output folder (no `..`, no absolute part).
pub fn is_safe_relative(path: &str) -> bool {
    !path.is_empty()
        && !path.contains('\\')
        && Path::new(path)
            .components()
            .all(|c| matches!(c, Component::Normal(_)))
}

/// Writes `files` (and a copy of `static_dir`, when it exists) as the new content of `out`.
/// Returns how many files had new bytes.
pub fn write(out: &Path, files: &Output, static_dir: Option<&Path>) -> Result<usize> {
    let staging = sibling(out, "staging");
    let old = sibling(out, "old");
    for leftover in [&staging, &old] {
        if leftover.exists() {
            std::fs::remove_dir_all(leftover).map_err(|e| Error::io(leftover, e))?;
        }
    }
    std::fs::create_dir_all(&staging).map_err(|e| Error::io(&staging, e))?;
    let result = fill_staging(out, &staging, files, static_dir);
    let changed = match result {
        Ok(n) => n,
        Err(e) => {
            let _ = std::fs::remove_dir_all(&staging);
            return Err(e);
        }
    };
    if out.exists() {
        std::fs::rename(out, &old).map_err(|e| {
            let _ = std::fs::remove_dir_all(&staging);
            Error::io(out, e)
        })?;
    }
    if let Err(e) = std::fs::rename(&staging, out) {
        // Put the previous output back.
        let _ = std::fs::rename(&old, out);
        let _ = std::fs::remove_dir_all(&staging);
        return Err(Error::io(out, e));
    }
    if old.exists() {
        let _ = std::fs::remove_dir_all(&old);
    }
    Ok(changed)
}

fn fill_staging(
    out: &Path,
    staging: &Path,
    files: &Output,
    static_dir: Option<&Path>,
) -> Result<usize> {
    let mut dirs: Vec<PathBuf> = files
        .keys()
        .filter_map(|k| Path::new(k).parent().map(Path::to_path_buf))
        .collect();
    dirs.sort();
    dirs.dedup();
    for d in &dirs {
        let dir = staging.join(d);
        std::fs::create_dir_all(&dir).map_err(|e| Error::io(&dir, e))?;
    }
    if let Some(dir) = static_dir.filter(|d| d.is_dir()) {
        copy_static(dir, staging, files)?;
    }
    let changed: Result<Vec<bool>> = files
        .par_iter()
        .map(|(rel, bytes)| {
            if !is_safe_relative(rel) {
                return Err(Error::msg(format!(
                    "refusing to write outside the output folder: {rel}"
                )));
            }
            let target = staging.join(rel);
            let previous = out.join(rel);
            // Unchanged since the last build: link the old file instead of writing it again.
            if let Ok(meta) = std::fs::metadata(&previous) {
                if meta.len() == bytes.len() as u64
                    && std::fs::read(&previous).is_ok_and(|b| b == *bytes)
                    && std::fs::hard_link(&previous, &target).is_ok()
                {
                    return Ok(false);
                }
            }
            std::fs::write(&target, bytes).map_err(|e| Error::io(&target, e))?;
            Ok(true)
        })
        .collect();
    Ok(changed?.into_iter().filter(|c| *c).count())
}

/// Copies `static/` into the staging folder; generated files win over static ones.
fn copy_static(dir: &Path, staging: &Path, files: &Output) -> Result<()> {
    for entry in walkdir::WalkDir::new(dir).follow_links(false).into_iter() {
        let entry = entry.map_err(|e| Error::file(dir, e.to_string()))?;
        let rel = entry.path().strip_prefix(dir).unwrap_or(entry.path());
        let key = rel.to_string_lossy().replace('\\', "/");
        let target = staging.join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).map_err(|e| Error::io(&target, e))?;
        } else if entry.file_type().is_file() && !files.contains_key(&key) {
            std::fs::copy(entry.path(), &target).map_err(|e| Error::io(entry.path(), e))?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_dangerous_output_folders() {
        let root = Path::new("/tmp/site");
        for bad in [
            "/tmp/site",
            "/tmp",
            "/",
            "/tmp/site/content",
            "/tmp/site/seeds",
            "/tmp/site/content/x",
            "/tmp/site/public/../content",
        ] {
            assert!(check_output_dir(root, Path::new(bad)).is_err(), "{bad}");
        }
        assert!(check_output_dir(root, Path::new("/tmp/site/public")).is_ok());
        assert!(check_output_dir(root, Path::new("/tmp/elsewhere/out")).is_ok());
    }

    #[test]
    fn relative_paths_must_stay_inside() {
        assert!(is_safe_relative("a/b/index.html"));
        for bad in ["../x", "/etc/passwd", "a/../../x", "a\\b", ""] {
            assert!(!is_safe_relative(bad), "{bad}");
        }
    }

    #[test]
    fn swap_replaces_output_and_failure_keeps_it() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let mut files = Output::new();
        files.insert("index.html".into(), b"one".to_vec());
        files.insert("a/index.html".into(), b"a".to_vec());
        assert_eq!(write(&out, &files, None).unwrap(), 2);
        files.insert("index.html".into(), b"two".to_vec());
        assert_eq!(
            write(&out, &files, None).unwrap(),
            1,
            "only the changed file is written"
        );
        assert_eq!(std::fs::read(out.join("index.html")).unwrap(), b"two");
        let mut bad = files.clone();
        bad.insert("../escape.html".into(), b"x".to_vec());
        assert!(write(&out, &bad, None).is_err());
        assert_eq!(std::fs::read(out.join("index.html")).unwrap(), b"two");
        assert!(!dir.path().join("escape.html").exists());
        assert!(!sibling(&out, "staging").exists());
    }
}
