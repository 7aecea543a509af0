//! `gloss init DIR`: writes a new site (config, an example seed, the GitHub Pages workflow) that
//! builds out of the box with the embedded templates.

use crate::error::{Error, Result};
use crate::util::write_atomic;
use std::path::Path;

/// The example seed of a new site (written for gloss; not third-party text).
pub const EXAMPLE_SEED: &str = include_str!("example_seed.txt");

/// The GitHub Pages workflow, shared with this repository's own `.github/workflows/pages.yml`.
pub const PAGES_WORKFLOW: &str = include_str!("../../.github/workflows/pages.yml");

const CONFIG: &str = r#"# gloss site configuration: every key is optional (see the gloss README).
title = "Briefings"
description = "Annotated briefings"
# base_url = "https://user.github.io/repo/"
language = "en"
"#;

/// Creates the site; refuses a folder that already holds a `gloss.toml`.
pub fn run(dir: &Path) -> Result<()> {
    if dir.join(crate::config::CONFIG_FILE).exists() {
        return Err(Error::file(
            dir.join(crate::config::CONFIG_FILE),
            "already exists: this folder is a gloss site",
        ));
    }
    write_atomic(&dir.join("gloss.toml"), CONFIG.as_bytes())?;
    write_atomic(&dir.join("seeds/example.txt"), EXAMPLE_SEED.as_bytes())?;
    std::fs::create_dir_all(dir.join("content")).map_err(|e| Error::io(dir.join("content"), e))?;
    std::fs::create_dir_all(dir.join("static")).map_err(|e| Error::io(dir.join("static"), e))?;
    write_atomic(
        &dir.join(".github/workflows/pages.yml"),
        site_workflow().as_bytes(),
    )?;
    write_atomic(&dir.join(".gitignore"), b"/public\n/.public.gloss-*\n")?;
    eprintln!(
        "created a gloss site in {}; next: cd {} && gloss build",
        dir.display(),
        dir.display()
    );
    Ok(())
}

/// The workflow for a site that is not the gloss repository: installs gloss with cargo.
pub fn site_workflow() -> String {
    PAGES_WORKFLOW.replace("cargo run --release --", "gloss").replace(
        "      - name: Build the site\n",
        "      - name: Install gloss\n        run: cargo install --locked gloss\n      - name: Build the site\n",
    )
}
