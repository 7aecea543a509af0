//! Feeds and publishing files: takes the briefings and returns the Atom feed (full content),
//! `sitemap.xml`, `robots.txt`, and the GitHub Pages files (`.nojekyll`, `CNAME`). No build
//! timestamps: the feed's `updated` is the newest briefing's date, so output is reproducible.

use super::library::Library;
use super::load::Annotated;
use super::output::Output;
use crate::config::Config;
use crate::render::markdown::{body_to_html, BodyOptions};
use crate::util::escape_html;

/// How many briefings the feed carries.
pub const FEED_ENTRIES: usize = 50;

/// The feed, sitemap and publishing files, given the paths of every other output file.
pub fn files(
    paths: &[&str],
    briefings: &[Annotated],
    lib: &Library,
    config: &Config,
    redirects: &std::collections::HashSet<String>,
) -> Output {
    let mut out = Output::new();
    out.insert("atom.xml".into(), atom(briefings, lib, config));
    out.insert(
        "sitemap.xml".into(),
        sitemap(paths, briefings, lib, redirects),
    );
    out.extend(publishing(lib, config));
    out
}

/// The Atom feed: the newest [`FEED_ENTRIES`] briefings (it also shows the newest date).
pub fn atom(briefings: &[Annotated], lib: &Library, config: &Config) -> Vec<u8> {
    let links = &lib.links;
    let updated = briefings
        .iter()
        .filter_map(|a| a.briefing.date)
        .max()
        .map(|d| format!("{d}T00:00:00Z"))
        .unwrap_or_else(|| "1970-01-01T00:00:00Z".into());
    let mut feed = String::from(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\"",
    );
    feed.push_str(&format!(
        " xml:lang=\"{}\">\n",
        escape_html(&config.language)
    ));
    feed.push_str(&format!("<title>{}</title>\n", escape_html(&config.title)));
    if !config.description.is_empty() {
        feed.push_str(&format!(
            "<subtitle>{}</subtitle>\n",
            escape_html(&config.description)
        ));
    }
    let home = links.absolute_or_path("");
    feed.push_str(&format!(
        "<link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n",
        escape_html(&home)
    ));
    feed.push_str(&format!(
        "<link rel=\"self\" type=\"application/atom+xml\" href=\"{}\"/>\n",
        escape_html(&links.absolute_or_path("atom.xml"))
    ));
    feed.push_str(&format!(
        "<id>{}</id>\n<updated>{updated}</updated>\n",
        escape_html(&home)
    ));
    feed.push_str("<generator uri=\"https://github.com/\" version=\"");
    feed.push_str(crate::VERSION);
    feed.push_str("\">gloss</generator>\n");
    if let Some(a) = &config.author {
        feed.push_str(&format!(
            "<author><name>{}</name></author>\n",
            escape_html(a)
        ));
    }
    for a in briefings.iter().take(FEED_ENTRIES) {
        let b = &a.briefing;
        let url = links.absolute_or_path(&format!("{}/", b.slug));
        let site_root = links.absolute_or_path("");
        let html = body_to_html(
            &b.body,
            &BodyOptions {
                annotations: None,
                entity_href: &|_| None,
                site_root: &site_root,
            },
        )
        .html;
        let date = b
            .date
            .map(|d| format!("{d}T00:00:00Z"))
            .unwrap_or_else(|| updated.clone());
        feed.push_str("<entry>\n");
        feed.push_str(&format!("<title>{}</title>\n", escape_html(&b.front.title)));
        feed.push_str(&format!(
            "<link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n",
            escape_html(&url)
        ));
        feed.push_str(&format!(
            "<id>{}</id>\n<published>{date}</published>\n<updated>{date}</updated>\n",
            escape_html(&url)
        ));
        if let Some(author) = b.front.author.as_ref().or(config.author.as_ref()) {
            feed.push_str(&format!(
                "<author><name>{}</name></author>\n",
                escape_html(author)
            ));
        }
        feed.push_str(&format!(
            "<summary>{}</summary>\n",
            escape_html(&super::pages::summary(a))
        ));
        feed.push_str(&format!(
            "<content type=\"html\" xml:base=\"{}\">{}</content>\n",
            escape_html(&url),
            escape_html(&html)
        ));
        feed.push_str("</entry>\n");
    }
    feed.push_str("</feed>\n");
    feed.into_bytes()
}

/// `sitemap.xml`: every page but redirects, with the briefings' dates.
pub fn sitemap(
    paths: &[&str],
    briefings: &[Annotated],
    lib: &Library,
    redirects: &std::collections::HashSet<String>,
) -> Vec<u8> {
    use std::fmt::Write;
    let links = &lib.links;
    let mut sitemap = String::with_capacity(128 + paths.len() * 80);
    sitemap.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
    // Written without a string per page: a big site's sitemap has tens of thousands.
    let dated: rustc_hash::FxHashMap<&str, chrono::NaiveDate> = briefings
        .iter()
        .filter_map(|a| Some((a.briefing.slug.as_str(), a.briefing.date?)))
        .collect();
    let base = links.absolute_prefix();
    for &page in paths {
        let Some(path) = page.strip_suffix("index.html") else {
            continue;
        };
        if redirects.contains(page) {
            continue;
        }
        sitemap.push_str("<url><loc>");
        crate::util::push_escaped(&mut sitemap, base);
        crate::util::push_escaped(&mut sitemap, path);
        sitemap.push_str("</loc>");
        if let Some(d) = path.strip_suffix('/').and_then(|slug| dated.get(slug)) {
            let _ = write!(sitemap, "<lastmod>{d}</lastmod>");
        }
        sitemap.push_str("</url>\n");
    }
    sitemap.push_str("</urlset>\n");
    sitemap.into_bytes()
}

/// `robots.txt` and the GitHub Pages files: they depend on the config only.
pub fn publishing(lib: &Library, config: &Config) -> Output {
    let links = &lib.links;
    let mut out = Output::new();
    out.insert(
        "robots.txt".into(),
        format!(
            "User-agent: *\nAllow: /\nSitemap: {}\n",
            links.absolute_or_path("sitemap.xml")
        )
        .into_bytes(),
    );
    out.insert(".nojekyll".into(), Vec::new());
    if let Some(cname) = &config.cname {
        out.insert("CNAME".into(), format!("{}\n", cname.trim()).into_bytes());
    }
    out
}
