//! Archive (in progress).
use crate::error::Result;
use crate::site::BuildOptions;
use std::path::Path;

pub fn write(_opts: &BuildOptions, _out: &Path) -> Result<usize> {
    Ok(0)
}

pub fn verify(_dir: &Path) -> Result<Vec<String>> {
    Ok(Vec::new())
}
