//! `gloss annotate`: prints the annotations of seed (`.txt`) or content (`.md`) files, as a table
//! or as one JSON object per file per line (the stable interface tools rely on).

use crate::annotate::{annotate, Annotations, Context};
use crate::error::{Error, Result};
use chrono::NaiveDate;
use serde::Serialize;
use std::path::{Path, PathBuf};

#[derive(Serialize)]
struct Record<'a> {
    source: String,
    title: String,
    date: Option<String>,
    body: &'a str,
    #[serde(flatten)]
    annotations: &'a Annotations,
}

/// Title, date and body of a file: ingested for a seed, parsed for a content file.
pub fn load(path: &Path) -> Result<(String, Option<NaiveDate>, String)> {
    let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
    if path.extension().is_some_and(|x| x == "md") {
        let text = String::from_utf8(bytes).map_err(|_| Error::file(path, "not valid UTF-8"))?;
        let b = crate::briefing::parse(path, &text)?;
        let body = b.body.clone();
        return Ok((b.front.title, b.date, body));
    }
    let decoded = crate::ingest::decode(&bytes).map_err(|why| Error::file(path, why))?;
    let ingested = crate::ingest::clean(&decoded.text, &crate::ingest::Rules::default())
        .ok_or_else(|| Error::file(path, "no article text left after removing boilerplate"))?;
    Ok((
        ingested.title,
        ingested.date,
        ingested.paragraphs.join("\n\n"),
    ))
}

/// Runs `gloss annotate`.
pub fn run(files: &[PathBuf], json: bool) -> Result<()> {
    use std::io::Write;
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    for path in files {
        let (title, date, body) = load(path)?;
        let annotations = annotate(
            &body,
            &Context {
                reference_date: date,
            },
        );
        if json {
            let record = Record {
                source: path.display().to_string(),
                title,
                date: date.map(|d| d.to_string()),
                body: &body,
                annotations: &annotations,
            };
            serde_json::to_writer(&mut out, &record).map_err(|e| Error::msg(e.to_string()))?;
            writeln!(out)?;
        } else {
            writeln!(out, "{} — {}", path.display(), title)?;
            writeln!(out, "  quotes ({}):", annotations.quotes.len())?;
            for q in &annotations.quotes {
                writeln!(
                    out,
                    "    {:<28} “{}”",
                    q.speaker.as_deref().unwrap_or("?"),
                    crate::site::pages::truncate_words(&q.text, 70)
                )?;
            }
            writeln!(out, "  facts ({}):", annotations.facts.len())?;
            for f in &annotations.facts {
                writeln!(
                    out,
                    "    {:<9} {:<28} {}",
                    f.kind.as_str(),
                    f.text,
                    crate::render::templates::fact_tip(f)
                )?;
            }
            writeln!(out, "  entities ({}):", annotations.entities.len())?;
            for m in &annotations.entities {
                writeln!(out, "    {:<12} {:<28} {}", m.kind.as_str(), m.text, m.name)?;
            }
        }
    }
    out.flush()?;
    Ok(())
}
