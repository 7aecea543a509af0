//! What changed on disk: watch events sorted by kind of source, with editor scratch files
//! left out.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// What changed on disk since the last rebuild, by kind of source.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Changes {
    /// `gloss.toml` changed: rebuild everything.
    pub config: bool,
    /// A template under `templates/` changed.
    pub templates: bool,
    /// A file under `static/` changed.
    pub statics: bool,
    /// Seeds that changed (absolute paths).
    pub seeds: BTreeSet<PathBuf>,
    /// Content files (or folders) that changed (absolute paths).
    pub content: BTreeSet<PathBuf>,
}

impl Changes {
    /// Nothing to do.
    pub fn is_empty(&self) -> bool {
        !self.config
            && !self.templates
            && !self.statics
            && self.seeds.is_empty()
            && self.content.is_empty()
    }

    /// Sorts a changed path (absolute, under `root`) into its kind; paths outside the sources
    /// and editor scratch files are ignored. Returns whether the path counted.
    pub fn add(&mut self, root: &Path, path: &Path) -> bool {
        if is_scratch_file(path) {
            return false;
        }
        let Ok(rel) = path.strip_prefix(root) else {
            return false;
        };
        let mut parts = rel.components();
        let first = parts
            .next()
            .map(|c| c.as_os_str().to_string_lossy().into_owned());
        let nested = parts.next().is_some();
        match first.as_deref() {
            Some(crate::config::CONFIG_FILE) if !nested => self.config = true,
            Some("templates") => self.templates = true,
            Some("static") => self.statics = true,
            Some("seeds") => {
                self.seeds.insert(path.to_path_buf());
            }
            Some("content") => {
                self.content.insert(path.to_path_buf());
            }
            _ => return false,
        }
        true
    }

    /// Adds every change of `other`.
    pub fn merge(&mut self, other: Changes) {
        self.config |= other.config;
        self.templates |= other.templates;
        self.statics |= other.statics;
        self.seeds.extend(other.seeds);
        self.content.extend(other.content);
    }
}

/// Editor swap, backup, lock and probe files: never a source.
pub fn is_scratch_file(path: &Path) -> bool {
    let Some(name) = path.file_name().map(|n| n.to_string_lossy()) else {
        return true;
    };
    name.ends_with('~')
        || name.starts_with(".#")
        || name.starts_with(".goutputstream-")
        || name == "4913"
        || name == ".DS_Store"
        || [
            ".swp",
            ".swx",
            ".swo",
            ".swn",
            ".tmp",
            ".part",
            ".crdownload",
        ]
        .iter()
        .any(|s| name.ends_with(s))
        || (name.starts_with('#') && name.ends_with('#'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scratch_files_are_ignored() {
        for name in ["a.md~", ".#a.md", ".a.md.swp", "4913", "#a.md#", "x.swx"] {
            assert!(is_scratch_file(Path::new(name)), "{name}");
        }
        for name in ["a.md", "story.txt", "style.css", "gloss.toml"] {
            assert!(!is_scratch_file(Path::new(name)), "{name}");
        }
    }

    #[test]
    fn changes_are_sorted_by_source() {
        let root = Path::new("/site");
        let mut c = Changes::default();
        assert!(c.add(root, Path::new("/site/content/a.md")));
        assert!(c.add(root, Path::new("/site/seeds/b.txt")));
        assert!(c.add(root, Path::new("/site/gloss.toml")));
        assert!(c.add(root, Path::new("/site/templates/base.html")));
        assert!(!c.add(root, Path::new("/site/content/.a.md.swp")));
        assert!(!c.add(root, Path::new("/site/public/index.html")));
        assert!(!c.add(root, Path::new("/elsewhere/content/a.md")));
        assert!(c.config && c.templates && !c.statics);
        assert_eq!(c.content.len(), 1);
        assert_eq!(c.seeds.len(), 1);
    }
}
