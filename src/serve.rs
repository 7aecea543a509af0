//! Serve (in progress).
use crate::error::{Error, Result};
use crate::site::BuildOptions;

/// Options of `gloss serve`.
pub struct ServeOptions {
    pub port: u16,
    pub bind: String,
    pub open: bool,
}

/// Runs the dev server.
pub fn serve(_opts: &BuildOptions, _serve: &ServeOptions) -> Result<()> {
    Err(Error::msg("serve is not built yet"))
}

/// Rebuilds on change.
pub fn watch_build(_opts: &BuildOptions) -> Result<()> {
    Err(Error::msg("watch is not built yet"))
}
