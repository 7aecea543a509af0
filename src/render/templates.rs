//! Page templates: tera, with the default theme embedded in the binary (from the top-level
//! `templates/` folder) and a site's own `templates/*.html` overriding it file by file.
//! Template errors name the template and line.

use crate::annotate::{Fact, FactKind};
use crate::error::{Error, Result};
use std::path::Path;
use tera::Tera;

/// The default theme: (template name, source).
pub const DEFAULTS: &[(&str, &str)] = &[
    ("base.html", include_str!("../../templates/base.html")),
    ("index.html", include_str!("../../templates/index.html")),
    (
        "briefing.html",
        include_str!("../../templates/briefing.html"),
    ),
    ("list.html", include_str!("../../templates/list.html")),
    ("entity.html", include_str!("../../templates/entity.html")),
    (
        "speakers.html",
        include_str!("../../templates/speakers.html"),
    ),
    (
        "timeline.html",
        include_str!("../../templates/timeline.html"),
    ),
    ("search.html", include_str!("../../templates/search.html")),
    ("404.html", include_str!("../../templates/404.html")),
    (
        "redirect.html",
        include_str!("../../templates/redirect.html"),
    ),
    ("macros.html", include_str!("../../templates/macros.html")),
];

/// Static assets of the default theme: (output path, bytes).
pub const ASSETS: &[(&str, &str)] = &[
    (
        "style.css",
        include_str!("../../templates/assets/style.css"),
    ),
    (
        "search.js",
        include_str!("../../templates/assets/search.js"),
    ),
];

/// The compiled templates of one site.
pub struct Templates {
    tera: Tera,
    /// Names of the templates the site overrides (for dependency tracking and reports).
    pub overridden: Vec<String>,
}

impl Templates {
    /// The default theme overridden by `root/templates/*.html`.
    pub fn load(root: &Path) -> Result<Templates> {
        let dir = root.join("templates");
        let mut sources: Vec<(String, String)> = DEFAULTS
            .iter()
            .map(|(n, s)| (n.to_string(), s.to_string()))
            .collect();
        let mut overridden = Vec::new();
        if dir.is_dir() {
            let mut files: Vec<_> = walkdir::WalkDir::new(&dir)
                .into_iter()
                .filter_map(|e| e.ok())
                .filter(|e| e.file_type().is_file())
                .filter(|e| {
                    e.path()
                        .extension()
                        .is_some_and(|x| x == "html" || x == "xml")
                })
                .map(|e| e.into_path())
                .collect();
            files.sort();
            for path in files {
                let name = crate::util::slash_path_under(&dir, &path);
                let text = std::fs::read_to_string(&path).map_err(|e| Error::io(&path, e))?;
                sources.retain(|(n, _)| *n != name);
                sources.push((name.clone(), text));
                overridden.push(name);
            }
        }
        Templates::from_sources(&sources, &dir, overridden)
    }

    /// The default theme alone.
    pub fn defaults() -> Result<Templates> {
        let sources: Vec<(String, String)> = DEFAULTS
            .iter()
            .map(|(n, s)| (n.to_string(), s.to_string()))
            .collect();
        Templates::from_sources(&sources, Path::new("templates"), Vec::new())
    }

    fn from_sources(
        sources: &[(String, String)],
        dir: &Path,
        overridden: Vec<String>,
    ) -> Result<Templates> {
        let mut tera = Tera::default();
        tera.autoescape_on(vec![".html", ".xml"]);
        // Tera's default also escapes `/`, which garbles every URL; `&<>"'` is what HTML needs.
        tera.set_escape_fn(crate::util::escape_html);
        tera.add_raw_templates(sources.iter().map(|(n, s)| (n.as_str(), s.as_str())))
            .map_err(|e| template_error(e, dir, sources))?;
        check_include_loops(sources, dir)?;
        Ok(Templates { tera, overridden })
    }

    /// Renders template `name` with `context`.
    pub fn render(&self, name: &str, context: &tera::Context) -> Result<String> {
        self.tera
            .render(name, context)
            .map_err(|e| template_error(e, Path::new("templates"), &[]))
    }

    /// Whether a template of that name exists.
    pub fn has(&self, name: &str) -> bool {
        self.tera.get_template_names().any(|n| n == name)
    }
}

/// Flattens tera's error chain into one message naming the template, with its line when tera
/// gives one (`--> 3:5`).
fn template_error(err: tera::Error, dir: &Path, sources: &[(String, String)]) -> Error {
    let mut parts = vec![err.to_string()];
    let mut source = std::error::Error::source(&err);
    while let Some(s) = source {
        parts.push(s.to_string());
        source = s.source();
    }
    let message = parts.join(": ");
    let name = parts
        .iter()
        .find_map(|p| p.split('\'').nth(1).map(str::to_string));
    let line_col = message.split("--> ").nth(1).and_then(|rest| {
        let mut it = rest
            .split(|c: char| !c.is_ascii_digit())
            .filter(|s| !s.is_empty());
        Some((
            it.next()?.parse::<usize>().ok()?,
            it.next()?.parse::<usize>().ok()?,
        ))
    });
    match (name, line_col) {
        (Some(name), Some((line, col))) => {
            let text = sources
                .iter()
                .find(|(n, _)| *n == name)
                .map(|(_, s)| s.as_str())
                .unwrap_or("");
            let mut e = Error::at_line(dir.join(&name), text, line, col, message);
            if text.is_empty() {
                e.source_line = None;
            }
            e
        }
        (Some(name), None) => Error::file(dir.join(name), message),
        _ => Error::msg(format!("template error: {message}")),
    }
}

/// Tera would recurse forever on templates that include each other: find such a loop first.
fn check_include_loops(sources: &[(String, String)], dir: &Path) -> Result<()> {
    let includes = |src: &str| -> Vec<String> {
        src.match_indices("include")
            .filter_map(|(i, _)| {
                let rest = src[i + 7..].trim_start();
                let quote = rest.chars().next().filter(|c| *c == '"' || *c == '\'')?;
                rest[1..].split(quote).next().map(str::to_string)
            })
            .collect()
    };
    let graph: std::collections::HashMap<&str, Vec<String>> = sources
        .iter()
        .map(|(n, s)| (n.as_str(), includes(s)))
        .collect();
    for (start, _) in sources {
        let mut stack = vec![(start.clone(), vec![start.clone()])];
        while let Some((node, path)) = stack.pop() {
            for next in graph.get(node.as_str()).into_iter().flatten() {
                if next == start {
                    let cycle = format!("{} → {}", path.join(" → "), start);
                    return Err(Error::file(
                        dir.join(start),
                        format!("templates include each other in a loop: {cycle}"),
                    ));
                }
                if !path.contains(next) && path.len() < 64 {
                    let mut p = path.clone();
                    p.push(next.clone());
                    stack.push((next.clone(), p));
                }
            }
        }
    }
    Ok(())
}

/// The tooltip text of a fact: its display value, or a readable form of its value.
pub fn fact_tip(fact: &Fact) -> String {
    let mut tip = match (&fact.display, &fact.value) {
        (Some(d), _) => d.clone(),
        (None, serde_json::Value::Null) => match fact.kind {
            FactKind::Date | FactKind::Time => "date relative to an unknown day".to_string(),
            _ => fact.text.clone(),
        },
        (None, serde_json::Value::String(s)) => s.clone(),
        (None, serde_json::Value::Number(n)) => {
            let mut s = format_number(n.as_f64().unwrap_or(0.0));
            if let Some(u) = &fact.unit {
                s.push(' ');
                s.push_str(u);
            }
            if fact.kind == FactKind::Percent {
                s.push('%');
            }
            s
        }
        (None, v) => v.to_string(),
    };
    if fact.approximate && !tip.starts_with('≈') {
        tip = format!("≈ {tip} (approximate)");
    }
    if let Some(c) = &fact.counts {
        tip.push_str(" · ");
        tip.push_str(c);
    }
    if let Some(n) = &fact.note {
        tip.push_str(" — ");
        tip.push_str(n);
    }
    tip
}

/// 1000 → "1,000"; 2.5 → "2.5".
pub fn format_number(n: f64) -> String {
    if n.fract() != 0.0 || n.abs() >= 1e15 {
        return format!("{n}");
    }
    let digits = format!("{}", n.abs() as u64);
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    if n < 0.0 {
        out.insert(0, '-');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_compile() {
        let t = Templates::defaults().unwrap();
        assert!(t.has("briefing.html"));
    }

    #[test]
    fn syntax_error_names_template_and_line() {
        let sources = vec![("x.html".to_string(), "a\n{% if %}\n".to_string())];
        let err = Templates::from_sources(&sources, Path::new("templates"), vec![])
            .err()
            .unwrap();
        assert!(
            err.path.as_deref() == Some(Path::new("templates/x.html")),
            "{err}"
        );
        assert_eq!(err.line, Some(2), "{err}");
    }

    #[test]
    fn include_loop_is_an_error() {
        let sources = vec![
            ("a.html".to_string(), "{% include \"b.html\" %}".to_string()),
            ("b.html".to_string(), "{% include \"a.html\" %}".to_string()),
        ];
        let err = Templates::from_sources(&sources, Path::new("templates"), vec![])
            .err()
            .unwrap();
        assert!(err.message.contains("loop"), "{err}");
    }

    #[test]
    fn numbers_are_grouped() {
        assert_eq!(format_number(1000.0), "1,000");
        assert_eq!(format_number(4_500_000_000.0), "4,500,000,000");
        assert_eq!(format_number(2.5), "2.5");
    }
}
