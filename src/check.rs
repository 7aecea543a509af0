//! Check (in progress).
use crate::error::Result;
use crate::site::BuildOptions;

#[derive(Debug, Default)]
pub struct CheckReport {
    pub pages: usize,
    pub links: usize,
    pub broken: Vec<String>,
    pub warnings: Vec<String>,
}

pub fn check(_opts: &BuildOptions, _external: bool) -> Result<CheckReport> {
    Ok(CheckReport::default())
}
