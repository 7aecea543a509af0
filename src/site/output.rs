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

/// Where rendered files go: memory (serve, check) or the output folder (build). Called from
/// many threads at once.
pub trait Sink: Sync {
    fn put(&self, path: String, bytes: Vec<u8>) -> Result<()>;
}

impl Sink for std::sync::Mutex<Output> {
    fn put(&self, path: String, bytes: Vec<u8>) -> Result<()> {
        self.lock()
            .map_err(|_| Error::msg("output lock poisoned"))?
            .insert(path, bytes);
        Ok(())
    }
}

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

/// Whether `out` still holds exactly what the last build wrote: the same files with the same
/// lengths as its manifest (so a page deleted or added by hand is noticed and rebuilt).
pub fn matches_manifest(out: &Path) -> bool {
    let Some(manifest) = read_manifest(&sibling(out, "manifest")) else {
        return false;
    };
    let mut files = Vec::with_capacity(manifest.len());
    for entry in walkdir::WalkDir::new(out).follow_links(false) {
        let Ok(entry) = entry else { return false };
        if entry.file_type().is_file() {
            files.push(entry);
        }
    }
    // A `stat` a file, tens of thousands of them: in parallel.
    use rayon::prelude::*;
    files.len() == manifest.len()
        && files.par_iter().all(|entry| {
            let rel = crate::util::slash_path_under(out, entry.path());
            let len = entry.metadata().map(|m| m.len()).ok();
            manifest.get(&rel).map(|(l, _)| *l) == len
        })
}

/// Adds the files of `static_dir` to `files` (generated files win over static ones).
pub fn add_static(files: &mut Output, static_dir: &Path) -> Result<()> {
    if !static_dir.is_dir() {
        return Ok(());
    }
    for entry in walkdir::WalkDir::new(static_dir).follow_links(false) {
        let entry = entry.map_err(|e| Error::file(static_dir, e.to_string()))?;
        if !entry.file_type().is_file() {
            continue;
        }
        let key = crate::util::slash_path_under(static_dir, entry.path());
        if !files.contains_key(&key) {
            let bytes = std::fs::read(entry.path()).map_err(|e| Error::io(entry.path(), e))?;
            files.insert(key, bytes);
        }
    }
    Ok(())
}

/// A fast fingerprint of a file's bytes, for the manifest (not a security hash).
fn fingerprint(bytes: &[u8]) -> u64 {
    super::memo::hash_bytes(bytes)
}

/// What the previous build wrote: output path → (length, fingerprint). Kept beside the output
/// folder, so the published site does not carry it.
type Manifest = BTreeMap<String, (u64, u64)>;

fn read_manifest(path: &Path) -> Option<Manifest> {
    let text = std::fs::read_to_string(path).ok()?;
    let mut m = Manifest::new();
    for line in text.lines() {
        let mut parts = line.splitn(3, '\t');
        let (len, fp, name) = (parts.next()?, parts.next()?, parts.next()?);
        m.insert(
            name.to_string(),
            (len.parse().ok()?, u64::from_str_radix(fp, 16).ok()?),
        );
    }
    Some(m)
}

fn write_manifest(path: &Path, files: &BTreeMap<String, (u64, u64)>) -> Result<()> {
    let mut text = String::with_capacity(files.len() * 64);
    for (name, (len, fp)) in files {
        text.push_str(&format!("{len}\t{fp:016x}\t{name}\n"));
    }
    crate::util::write_atomic(path, text.as_bytes())
}

/// Writes `files` (plus a copy of `static_dir`, when given) as the new content of `out`;
/// returns how many files had new bytes. See [`DiskWriter`].
pub fn write(out: &Path, files: &Output, static_dir: Option<&Path>) -> Result<usize> {
    let writer = DiskWriter::begin(out)?;
    let mut all = files.clone();
    if let Some(dir) = static_dir {
        add_static(&mut all, dir)?;
    }
    let put = all.into_par_iter().try_for_each(|(k, v)| writer.put(k, v));
    match put {
        Ok(()) => writer.finish().map(|(changed, _)| changed),
        Err(e) => {
            writer.abort();
            Err(e)
        }
    }
}

/// Writes a build into the output folder as its files are rendered, so the site never has to
/// be held in memory, and swaps it in only when all of it was written.
///
/// The first build (or one whose previous manifest is gone) writes everything into a staging
/// folder beside the output and swaps it in with renames. Later builds compare each file with
/// the manifest of the previous build: unchanged files are not touched; changed ones are written
/// to a temporary folder inside the output (so nothing is replaced if any write fails), then
/// renamed into place by [`finish`](DiskWriter::finish), and files that are gone are removed.
/// Either way a failed build leaves the previous output as it was.
pub struct DiskWriter {
    out: PathBuf,
    manifest_path: PathBuf,
    /// The previous build's manifest; `None` for a first build (staging + swap).
    previous: Option<Manifest>,
    /// Where new bytes go before they are moved into place.
    scratch: PathBuf,
    state: std::sync::Mutex<WriterState>,
    written_bytes: std::sync::atomic::AtomicU64,
    budget: Option<u64>,
}

#[derive(Default)]
struct WriterState {
    fingerprints: BTreeMap<String, (u64, u64)>,
    /// (output path, scratch file) of each changed file, in an update.
    pending: Vec<(String, PathBuf)>,
    made_dirs: std::collections::HashSet<PathBuf>,
}

impl DiskWriter {
    /// Starts writing a build into `out`, cleaning up what a killed build left behind.
    pub fn begin(out: &Path) -> Result<DiskWriter> {
        let manifest_path = sibling(out, "manifest");
        for leftover in [
            sibling(out, "staging"),
            sibling(out, "old"),
            out.join(".gloss-tmp"),
        ] {
            if leftover.exists() {
                std::fs::remove_dir_all(&leftover).map_err(|e| Error::io(&leftover, e))?;
            }
        }
        let previous = read_manifest(&manifest_path).filter(|_| out.is_dir());
        let scratch = if previous.is_some() {
            out.join(".gloss-tmp")
        } else {
            sibling(out, "staging")
        };
        std::fs::create_dir_all(&scratch).map_err(|e| Error::io(&scratch, e))?;
        Ok(DiskWriter {
            out: out.to_path_buf(),
            manifest_path,
            previous,
            scratch,
            state: std::sync::Mutex::new(WriterState::default()),
            written_bytes: std::sync::atomic::AtomicU64::new(0),
            budget: simulated_disk_budget(),
        })
    }

    fn lock(&self) -> Result<std::sync::MutexGuard<'_, WriterState>> {
        self.state
            .lock()
            .map_err(|_| Error::msg("output writer lock poisoned"))
    }

    fn write_file(&self, target: &Path, bytes: &[u8]) -> Result<()> {
        if let Some(limit) = self.budget {
            let total = self
                .written_bytes
                .fetch_add(bytes.len() as u64, std::sync::atomic::Ordering::SeqCst)
                + bytes.len() as u64;
            if total > limit {
                return Err(Error::io(
                    target,
                    std::io::Error::other(
                        "No space left on device (simulated by GLOSS_SIMULATE_DISK_BYTES)",
                    ),
                ));
            }
        }
        std::fs::write(target, bytes).map_err(|e| Error::io(target, e))
    }

    /// Ends the build: swaps or moves the new files into place, writes the manifest. Returns
    /// how many files had new bytes, and how many files the output has.
    pub fn finish(self) -> Result<(usize, usize)> {
        let state = std::mem::take(&mut *self.lock()?);
        let changed = match &self.previous {
            None => {
                let old = sibling(&self.out, "old");
                if self.out.exists() {
                    std::fs::rename(&self.out, &old).map_err(|e| Error::io(&self.out, e))?;
                }
                if let Err(e) = std::fs::rename(&self.scratch, &self.out) {
                    let _ = std::fs::rename(&old, &self.out);
                    return Err(Error::io(&self.out, e));
                }
                let _ = std::fs::remove_dir_all(&old);
                state.fingerprints.len()
            }
            Some(previous) => {
                for (name, temp) in &state.pending {
                    let target = self.out.join(name);
                    if let Some(parent) = target.parent() {
                        if parent.is_file() {
                            std::fs::remove_file(parent).map_err(|e| Error::io(parent, e))?;
                        }
                        std::fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
                    }
                    if target.is_dir() {
                        std::fs::remove_dir_all(&target).map_err(|e| Error::io(&target, e))?;
                    }
                    std::fs::rename(temp, &target).map_err(|e| Error::io(&target, e))?;
                }
                let _ = std::fs::remove_dir_all(&self.scratch);
                for name in previous
                    .keys()
                    .filter(|k| !state.fingerprints.contains_key(*k))
                {
                    remove_with_empty_parents(&self.out, name);
                }
                state.pending.len()
            }
        };
        write_manifest(&self.manifest_path, &state.fingerprints)?;
        Ok((changed, state.fingerprints.len()))
    }

    /// Keeps the previous build's files at `paths` as they are (pages the build cache knows
    /// to be unchanged), except those this build wrote. False when the previous build did not
    /// write one of them or it is no longer there as written; then they have to be rendered.
    /// Tens of thousands at a time: looked up under one lock, checked on every core.
    pub fn keep_all(&self, paths: &[String]) -> Result<bool> {
        use rayon::prelude::*;
        let wanted: Vec<&String> = {
            let state = self.lock()?;
            paths
                .iter()
                .filter(|p| !state.fingerprints.contains_key(p.as_str()))
                .collect()
        };
        let Some(previous) = self.previous.as_ref() else {
            return Ok(wanted.is_empty());
        };
        let found: Option<Vec<(String, (u64, u64))>> = wanted
            .par_iter()
            .map(|path| {
                let print = previous.get(path.as_str())?;
                std::fs::symlink_metadata(self.out.join(path))
                    .is_ok_and(|m| m.is_file() && m.len() == print.0)
                    .then(|| ((*path).clone(), *print))
            })
            .collect();
        let Some(found) = found else {
            return Ok(false);
        };
        self.lock()?.fingerprints.extend(found);
        Ok(true)
    }

    /// Gives up: removes what this build wrote, leaving the previous output as it was.
    pub fn abort(self) {
        let _ = std::fs::remove_dir_all(&self.scratch);
    }
}

impl Sink for DiskWriter {
    fn put(&self, path: String, bytes: Vec<u8>) -> Result<()> {
        if !is_safe_relative(&path) {
            return Err(Error::msg(format!(
                "refusing to write outside the output folder: {path}"
            )));
        }
        let print = (bytes.len() as u64, fingerprint(&bytes));
        match &self.previous {
            None => {
                let target = self.scratch.join(&path);
                if let Some(parent) = target.parent() {
                    if !self.lock()?.made_dirs.contains(parent) {
                        std::fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
                        self.lock()?.made_dirs.insert(parent.to_path_buf());
                    }
                }
                self.write_file(&target, &bytes)?;
                self.lock()?.fingerprints.insert(path, print);
            }
            Some(previous) => {
                let unchanged = previous.get(&path) == Some(&print)
                    && std::fs::metadata(self.out.join(&path)).is_ok_and(|m| m.len() == print.0);
                if !unchanged {
                    let n = self
                        .written_bytes
                        .load(std::sync::atomic::Ordering::Relaxed);
                    let temp = self
                        .scratch
                        .join(format!("{}-{n}", fingerprint(path.as_bytes())));
                    self.write_file(&temp, &bytes)?;
                    self.lock()?.pending.push((path.clone(), temp));
                }
                self.lock()?.fingerprints.insert(path, print);
            }
        }
        Ok(())
    }
}

/// Removes an output file and the folders it leaves empty, up to the output folder.
fn remove_with_empty_parents(out: &Path, name: &str) {
    if !is_safe_relative(name) {
        return;
    }
    let path = out.join(name);
    let _ = std::fs::remove_file(&path);
    let mut dir = path.parent();
    while let Some(d) = dir.filter(|d| *d != out) {
        if std::fs::remove_dir(d).is_err() {
            break;
        }
        dir = d.parent();
    }
}

/// Fault injection for tests: `GLOSS_SIMULATE_DISK_BYTES=N` makes writes fail as a full disk
/// would once N bytes of output were written in one build (a tiny tmpfs needs privileges that
/// test machines may not grant).
fn simulated_disk_budget() -> Option<u64> {
    std::env::var("GLOSS_SIMULATE_DISK_BYTES")
        .ok()?
        .parse()
        .ok()
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
