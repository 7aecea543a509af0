//! Pages: takes the annotated briefings, the library and the templates, and returns every file
//! of the site in memory ([`Output`]): briefing pages with their `annotations.json`, the index,
//! archive, tag, entity, speaker, timeline and search pages, redirects, 404, feeds and assets.

use super::feeds;
use super::library::{is_named_speaker, non_empty_slug, Library};
use super::links::index_file;
use super::load::Annotated;
use super::memo::Memo;
pub use super::memo::RenderMemo;
use super::output::{Output, Sink};
use crate::annotate::{EntityKind, Origin};
use crate::config::Config;
use crate::error::Result;
use crate::render::fragments::{
    self, EntityRow, FactRow, ListEntry, ListItem, QuoteRow, SpeakerRow,
};
use crate::render::markdown::{body_to_html, BodyOptions};
use crate::render::templates::{fact_tip, ASSETS};
use crate::render::{webanno, Templates};
use crate::util::slugify;
use chrono::NaiveDate;
use rayon::prelude::*;
use serde_json::{json, Value};
use std::sync::{Mutex, OnceLock};

/// Renders the whole site.
pub fn render_all(
    briefings: &[Annotated],
    lib: &Library,
    templates: &Templates,
    config: &Config,
    preview: bool,
    sink: &dyn Sink,
) -> Result<()> {
    render_all_reusing(
        briefings,
        lib,
        templates,
        config,
        preview,
        sink,
        &|_, _| None,
        None,
    )
    .map(|_| ())
}

/// What a briefing rendered to, without the bytes: (its output paths, whether it has code,
/// the paths of its alias redirects). Shared: a server keeps it for every briefing and hands
/// it back on every rebuild.
pub type BriefingPaths = std::sync::Arc<(Vec<String>, bool, Vec<String>)>;

/// What [`render_all_reusing`] rendered: per briefing, its paths (for the caller's cache), and
/// every output path of the site (each once), whether its bytes went to the sink or were kept.
pub struct Rendered {
    pub briefings: Vec<BriefingPaths>,
    pub paths: Vec<String>,
}

/// [`render_all`] for a dev server: a briefing whose `reuse(index, briefing)` returns its paths
/// (an earlier render still valid) is not rendered, and with a `memo`, other pages whose key is
/// unchanged are not rendered either; neither goes to the sink, since the caller holds their
/// bytes from the last good render. Only new or re-rendered files go to the sink.
#[allow(clippy::too_many_arguments)]
pub fn render_all_reusing(
    briefings: &[Annotated],
    lib: &Library,
    templates: &Templates,
    config: &Config,
    preview: bool,
    sink: &dyn Sink,
    reuse: &(dyn Fn(usize, &Annotated) -> Option<BriefingPaths> + Sync),
    memo: Option<Memo>,
) -> Result<Rendered> {
    let mut timer = super::PhaseTimer::from_env();
    let ctx = PageContext {
        lib,
        templates,
        config,
        preview,
        memo,
        briefings,
        items: (0..briefings.len()).map(|_| OnceLock::new()).collect(),
        kept: Default::default(),
        rows: !templates.overridden.is_empty(),
    };
    // Briefing pages, the bulk of a site, go to the sink as they are made (a build writes them
    // straight to disk), keeping only their paths.
    let rendered: Vec<Result<BriefingPaths>> = briefings
        .par_iter()
        .enumerate()
        .map(|(i, a)| {
            if let Some(paths) = reuse(i, a) {
                super::progress::step();
                return Ok(paths);
            }
            let r = ctx.briefing_files(i, a)?;
            super::progress::step();
            let paths = r.files.iter().map(|(p, _)| p.clone()).collect();
            for (path, bytes) in r.files {
                sink.put(path, bytes)?;
            }
            Ok(std::sync::Arc::new((paths, r.has_code, r.redirects)))
        })
        .collect();
    let mut out = Output::new();
    let mut has_code = false;
    let mut redirects = std::collections::HashSet::new();
    let mut briefing_paths: Vec<&str> = Vec::new();
    let rendered = rendered
        .into_iter()
        .collect::<Result<Vec<BriefingPaths>>>()?;
    for r in &rendered {
        let (paths, code, redirect) = &**r;
        has_code |= code;
        redirects.extend(redirect.iter().cloned());
        briefing_paths.extend(paths.iter().map(String::as_str));
    }
    timer.lap("  briefings");
    // The list pages, the entity pages and the search index do not depend on each other: they
    // are made side by side, the entity pages (the bulk) spread over every thread.
    let lists = || -> Result<Output> {
        let mut out = Output::new();
        let all: Vec<usize> = (0..briefings.len()).collect();
        ctx.paginated(&mut out, "", "index.html", &all, |_, _| json!({}))?;
        ctx.archive_pages(&mut out, &all)?;
        ctx.tag_pages(&mut out)?;
        ctx.speakers_page(&mut out)?;
        ctx.timeline_page(&mut out)?;
        Ok(out)
    };
    let entities = || -> Result<(Output, Vec<String>)> {
        let mut out = Output::new();
        let paths = ctx.entity_pages(&mut out, sink)?;
        Ok((out, paths))
    };
    let search = || -> Result<(Output, Vec<String>)> {
        let mut out = Output::new();
        let mut kept = Vec::new();
        if config.search {
            ctx.single(&mut out, "search/index.html", "search.html", json!({}))?;
            match memo {
                Some(m) => {
                    let mut search = m
                        .memo
                        .search
                        .lock()
                        .map_err(|_| crate::error::Error::msg("search memo lock poisoned"))?;
                    let (files, k) = search.update(briefings, lib, m.salt, m.sources);
                    out.extend(files);
                    kept = k;
                }
                None => out.extend(super::search::index_files(briefings, lib)),
            }
        }
        Ok((out, kept))
    };
    let (listed, (entities, search)) = rayon::join(lists, || rayon::join(entities, search));
    let (entity_out, entity_paths) = entities?;
    let (search_out, search_kept) = search?;
    out.extend(listed?);
    out.extend(entity_out);
    out.extend(search_out);
    timer.lap("  lists+entities+search");
    ctx.single(&mut out, "404.html", "404.html", json!({}))?;
    for (path, text) in ASSETS {
        out.insert(path.to_string(), text.as_bytes().to_vec());
    }
    if has_code {
        let key = memo.map(|m| m.key("code.css", "", ()));
        ctx.memoised(&mut out, "code.css", key, || {
            crate::render::highlight::stylesheet(&config.highlight_theme).into_bytes()
        });
    }
    let kept = std::mem::take(
        &mut *ctx
            .kept
            .lock()
            .map_err(|_| crate::error::Error::msg("page list lock poisoned"))?,
    );
    // Every path of this render, once each, in no fixed order (pages were kept from several
    // threads): sorting tens of thousands of paths is left to the sitemap, when it is made.
    let every = out
        .keys()
        .map(String::as_str)
        .chain(briefing_paths.iter().copied())
        .chain(entity_paths.iter().map(String::as_str))
        .chain(kept.iter().map(String::as_str))
        .chain(search_kept.iter().map(String::as_str));
    let mut seen: rustc_hash::FxHashSet<&str> = Default::default();
    seen.reserve(out.len() + briefing_paths.len() + entity_paths.len() + kept.len());
    let paths: Vec<&str> = every.filter(|p| seen.insert(p)).collect();
    // With a memo, the feed and the sitemap are made again only when what they show changed.
    let mut publishing = feeds::publishing(lib, config);
    let newest = briefings.iter().filter_map(|a| a.briefing.date).max();
    let feed_key = memo.map(|m| {
        let shown: Vec<u64> = (0..briefings.len().min(feeds::FEED_ENTRIES))
            .map(|i| m.source(i))
            .collect();
        m.key("atom.xml", "", (shown, newest))
    });
    ctx.memoised(&mut publishing, "atom.xml", feed_key, || {
        feeds::atom(briefings, lib, config)
    });
    let sitemap_key = memo.map(|m| {
        let mut redirects: Vec<&String> = redirects.iter().collect();
        redirects.sort_unstable();
        // Its dates come from the briefings' slugs and dates.
        let dated: Vec<_> = briefings
            .iter()
            .map(|a| (&a.briefing.slug, a.briefing.date))
            .collect();
        // The set of paths, whatever their order: a sum of a hash of each.
        let set = paths.iter().fold(0u64, |sum, p| {
            sum.wrapping_add(super::memo::hash_bytes(p.as_bytes()))
        });
        m.key("sitemap.xml", "", (paths.len(), set, redirects, dated))
    });
    ctx.memoised(&mut publishing, "sitemap.xml", sitemap_key, || {
        let mut sorted = paths.clone();
        sorted.sort_unstable();
        feeds::sitemap(&sorted, briefings, lib, &redirects)
    });
    let mut tail: Vec<String> = publishing.keys().cloned().collect();
    tail.extend(ctx.kept.into_inner().unwrap_or_default());
    tail.retain(|p| !seen.contains(p.as_str()));
    let mut paths: Vec<String> = paths.into_iter().map(str::to_string).collect();
    paths.extend(tail);
    for (path, bytes) in out.into_iter().chain(publishing) {
        sink.put(path, bytes)?;
    }
    timer.lap("  feeds");
    Ok(Rendered {
        briefings: rendered,
        paths,
    })
}

/// Renders the whole site into memory.
pub fn render_to_memory(
    briefings: &[Annotated],
    lib: &Library,
    templates: &Templates,
    config: &Config,
    preview: bool,
) -> Result<Output> {
    let sink = std::sync::Mutex::new(Output::new());
    render_all(briefings, lib, templates, config, preview, &sink)?;
    sink.into_inner()
        .map_err(|_| crate::error::Error::msg("output lock poisoned"))
}

/// Quotes per page of a person's page.
pub const ENTITY_QUOTES_PER_PAGE: usize = 50;

/// Events per timeline page.
pub const TIMELINE_PER_PAGE: usize = 100;

/// A calendar date as people read it: "18 November 2019".
pub fn date_display(d: NaiveDate) -> String {
    d.format("%-d %B %Y").to_string()
}

/// The first words of a briefing: its description, or its first paragraph as plain text.
pub fn summary(a: &Annotated) -> String {
    if let Some(d) = &a.briefing.front.description {
        return d.clone();
    }
    let first = a
        .briefing
        .body
        .split("\n\n")
        .map(str::trim)
        .find(|p| !p.is_empty() && !p.starts_with('#'))
        .unwrap_or("");
    let plain = crate::annotate::editorial::Unescaped::new(first).text;
    truncate_words(&plain.split_whitespace().collect::<Vec<_>>().join(" "), 240)
}

/// At most `max` bytes, cut at a word boundary, with an ellipsis when cut.
pub fn truncate_words(text: &str, max: usize) -> String {
    if text.len() <= max {
        return text.to_string();
    }
    let mut cut = max;
    while !text.is_char_boundary(cut) {
        cut -= 1;
    }
    let cut = text[..cut].rfind(' ').unwrap_or(cut);
    format!("{}…", text[..cut].trim_end_matches([',', ';', ':', ' ']))
}

/// What list pages show of a briefing: its row for the templates and its entry in the
/// default briefing lists.
fn list_item(a: &Annotated, lib: &Library) -> (Value, ListEntry) {
    let b = &a.briefing;
    let item = ListItem {
        title: b.front.title.clone(),
        path: lib.links.dir(&format!("{}/", b.slug)),
        date: b.date.map(|d| d.to_string()),
        date_display: b.date.map(date_display),
        summary: summary(a),
        quote_count: a.annotations.quotes.len(),
        fact_count: a.annotations.facts.len(),
    };
    let entry = ListEntry::new(&item);
    (serde_json::to_value(item).unwrap_or_default(), entry)
}

/// What one briefing renders to.
pub struct BriefingFiles {
    pub files: Vec<(String, Vec<u8>)>,
    pub has_code: bool,
    /// Output paths of the redirect pages of its aliases.
    pub redirects: Vec<String>,
}

pub(super) struct PageContext<'a> {
    pub(super) lib: &'a Library,
    pub(super) templates: &'a Templates,
    pub(super) config: &'a Config,
    pub(super) preview: bool,
    /// The dev server's memo of rendered pages, with its keys.
    pub(super) memo: Option<Memo<'a>>,
    pub(super) briefings: &'a [Annotated],
    /// What list pages show of each briefing, made when a page that lists it is rendered:
    /// with a memo, most list pages are not.
    items: Vec<OnceLock<(Value, ListEntry)>>,
    /// Pages kept from the last render (memo hits) that went neither to `out` nor the sink.
    pub(super) kept: Mutex<Vec<String>>,
    /// Whether pages get the rows of their lists as variables (`b.facts`, `briefings`,
    /// `events`…) besides the HTML made of them: only a site's own templates read the rows,
    /// and turning them into template values is a good part of a page's time.
    pub(super) rows: bool,
}

impl PageContext<'_> {
    /// The variables every page gets, for a page at output path `file`.
    fn base(&self, file: &str) -> tera::Context {
        let links = &self.lib.links;
        let mut c = tera::Context::new();
        c.insert(
            "site",
            &json!({
                "title": self.config.title,
                "description": self.config.description,
                "language": self.config.language,
                "author": self.config.author,
                "base_url": links.base_url,
                "search": self.config.search,
            }),
        );
        c.insert("root", &links.root_for(file));
        c.insert("ix", links.dir_index());
        let page_path = file.strip_suffix("index.html").unwrap_or(file);
        c.insert("canonical", &links.absolute(page_path));
        c.insert("has_code", &false);
        c
    }

    /// What list pages show of briefing `i`.
    pub(super) fn item(&self, i: usize) -> &Value {
        &self.list_item(i).0
    }

    fn list_item(&self, i: usize) -> &(Value, ListEntry) {
        self.items[i].get_or_init(|| list_item(&self.briefings[i], self.lib))
    }

    /// The default list (HTML) of the briefings `members`, for the page at output path `file`.
    pub(super) fn briefing_list(&self, file: &str, members: impl Iterator<Item = usize>) -> String {
        let root = self.lib.links.root_for(file);
        fragments::briefing_list(members.map(|i| &self.list_item(i).1), &root)
    }

    pub(super) fn render_now(&self, file: &str, template: &str, vars: Value) -> Result<Vec<u8>> {
        let mut c = self.base(file);
        // Moved in, not copied: a briefing's variables hold its whole page.
        if let Ok(vars) = tera::Context::from_value(vars) {
            c.extend(vars);
        }
        Ok(self.templates.render(template, &c)?.into_bytes())
    }

    pub(super) fn single(
        &self,
        out: &mut Output,
        file: &str,
        template: &str,
        vars: Value,
    ) -> Result<()> {
        let bytes = self.render(file, template, vars)?;
        self.put_or_keep(out, file, bytes);
        Ok(())
    }

    /// A list of briefings (`members`, indices in site order) split into pages:
    /// `dir/index.html`, `dir/page/2/index.html`…; `extra(n, file)` adds variables to page `n`,
    /// at `file`.
    pub(super) fn paginated(
        &self,
        out: &mut Output,
        dir: &str,
        template: &str,
        members: &[usize],
        extra: impl Fn(usize, &str) -> Value + Sync,
    ) -> Result<()> {
        let per = self.config.paginate.max(1);
        let total = members.len().div_ceil(per).max(1);
        let page_dir = |n: usize| {
            if n == 1 {
                dir.to_string()
            } else {
                format!("{dir}page/{n}/")
            }
        };
        // The pages are made in parallel (the front page of a big archive has hundreds) and
        // kept in order.
        let pages: Vec<Result<(String, Option<Vec<u8>>)>> = (1..=total)
            .into_par_iter()
            .map(|n| {
                let file = index_file(&page_dir(n));
                let chunk = members.iter().skip((n - 1) * per).take(per).copied();
                let extra = extra(n, &file);
                let key = self.list_key(
                    &file,
                    template,
                    chunk.clone(),
                    (n, total, serde_json::to_string(&extra).unwrap_or_default()),
                );
                let bytes = self.render_keyed(&file, template, key, || {
                    let mut vars = json!({
                        "briefing_list": self.briefing_list(&file, chunk.clone()),
                        "pager": {
                            "current": n,
                            "total": total,
                            "prev": (n > 1).then(|| self.lib.links.dir(&page_dir(n - 1))),
                            "next": (n < total).then(|| self.lib.links.dir(&page_dir(n + 1))),
                        },
                    });
                    if self.rows {
                        vars["briefings"] = json!(chunk.map(|i| self.item(i)).collect::<Vec<_>>());
                    }
                    if let (Value::Object(v), Value::Object(e)) = (&mut vars, extra) {
                        v.extend(e);
                    }
                    vars
                })?;
                Ok((file, bytes))
            })
            .collect();
        for page in pages {
            let (file, bytes) = page?;
            self.put_or_keep(out, &file, bytes);
        }
        Ok(())
    }

    /// A briefing's page, its `annotations.json`, and redirects from its aliases.
    fn briefing_files(&self, _index: usize, a: &Annotated) -> Result<BriefingFiles> {
        let b = &a.briefing;
        let dir = format!("{}/", b.slug);
        let file = index_file(&dir);
        let links = &self.lib.links;
        let root = links.root_for(&file);
        let site_root = if links.relative() {
            root.clone()
        } else {
            links.base_path.clone()
        };
        let entity_href = |m: &crate::annotate::Mention| {
            self.lib
                .entity_dir(m.kind, &m.name)
                .map(|d| format!("{root}{}", links.dir(d)))
        };
        let body = body_to_html(
            &b.body,
            &BodyOptions {
                annotations: Some(&a.annotations),
                entity_href: &entity_href,
                site_root: &site_root,
            },
        );
        let ann = &a.annotations;
        let facts: Vec<FactRow> = ann
            .facts
            .iter()
            .enumerate()
            .map(|(i, f)| FactRow {
                n: i + 1,
                kind: f.kind.as_str(),
                text: &f.text,
                tip: fact_tip(f),
                anchored: body.fact_positions.get(i).is_some_and(Option::is_some),
                editorial: f.origin == Origin::Editorial,
                source: f.source.as_deref(),
            })
            .collect();
        let mut speakers: Vec<SpeakerRow> = Vec::new();
        for (i, q) in ann.quotes.iter().enumerate() {
            let name = q.speaker.as_deref().unwrap_or("Unattributed");
            let row = QuoteRow {
                n: i + 1,
                text: &q.text,
                editorial: q.origin == Origin::Editorial,
                anchored: body.quote_positions.get(i).is_some_and(Option::is_some),
            };
            match speakers.iter_mut().find(|s| s.name == name) {
                Some(s) => s.quotes.push(row),
                None => {
                    let detail: Vec<&str> = [
                        q.title.as_deref(),
                        q.role.as_deref(),
                        q.organization.as_deref(),
                    ]
                    .into_iter()
                    .flatten()
                    .collect();
                    let path = q
                        .speaker
                        .as_deref()
                        .filter(|s| is_named_speaker(s))
                        .and_then(|s| self.lib.entity_dir(EntityKind::Person, s))
                        .map(|d| links.dir(d));
                    speakers.push(SpeakerRow {
                        name: name.to_string(),
                        slug: slugify(name),
                        detail: detail.join(" · "),
                        path,
                        quotes: vec![row],
                    });
                }
            }
        }
        let mut groups: [Vec<EntityRow>; 3] = Default::default();
        let mut seen = std::collections::HashSet::new();
        for m in &ann.entities {
            if !seen.insert((m.kind, m.name.as_str())) {
                continue;
            }
            let Some(d) = self.lib.entity_dir(m.kind, &m.name) else {
                continue;
            };
            let slot = match m.kind {
                EntityKind::Person => 0,
                EntityKind::Organization => 1,
                EntityKind::Place => 2,
            };
            groups[slot].push(EntityRow {
                name: &m.name,
                path: links.dir(d),
            });
        }
        let tags: Vec<Value> = self
            .lib
            .briefing_tags
            .get(_index)
            .into_iter()
            .flatten()
            .map(|t| json!({"name": t, "slug": non_empty_slug(t)}))
            .collect();
        let canonical = links.absolute(&dir);
        let json_ld = webanno::news_article(a, canonical.as_deref(), self.config);
        let [people, organizations, places] = groups;
        let panels = json!({
            "facts": fragments::key_facts(&facts),
            "quotes": fragments::who_said_what(&speakers, &root),
            "entities": fragments::entities(&people, &organizations, &places, &root),
        });
        let mut vars = json!({
            "b": {
                "title": b.front.title, "slug": b.slug, "path": links.dir(&dir),
                "date": b.date.map(|d| d.to_string()), "date_display": b.date.map(date_display),
                "author": b.front.author.clone().or(self.config.author.clone()),
                "description": summary(a), "tags": tags, "html": body.html,
                "panels": panels,
                "orphans": if self.preview { a.orphans.clone() } else { Vec::new() },
                "json_ld": json_ld,
            },
            "has_code": body.has_code,
        });
        if self.rows {
            let rows = json!({
                "facts": facts, "speakers": speakers,
                "people": people, "organizations": organizations, "places": places,
            });
            if let (Some(Value::Object(b)), Value::Object(rows)) = (vars.get_mut("b"), rows) {
                b.extend(rows);
            }
        }
        // Not memoised: the server's page cache decides when a briefing is rendered again.
        let mut files = vec![(file.clone(), self.render_now(&file, "briefing.html", vars)?)];
        let mut redirects = Vec::new();
        files.push((
            format!("{dir}annotations.json"),
            webanno::collection(a, &canonical.unwrap_or_else(|| "./".to_string()), &body),
        ));
        for alias in &b.front.aliases {
            let alias_dir = alias
                .trim_matches('/')
                .split('/')
                .map(slugify)
                .filter(|s| !s.is_empty())
                .collect::<Vec<_>>()
                .join("/");
            if alias_dir.is_empty() {
                continue;
            }
            let alias_file = format!("{alias_dir}/index.html");
            let target = format!("{}{}", links.root_for(&alias_file), links.dir(&dir));
            redirects.push(alias_file.clone());
            files.push((
                alias_file.clone(),
                self.render_now(
                    &alias_file,
                    "redirect.html",
                    json!({"target": target, "canonical": links.absolute(&dir)}),
                )?,
            ));
        }
        Ok(BriefingFiles {
            files,
            has_code: body.has_code,
            redirects,
        })
    }
}
