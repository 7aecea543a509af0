//! The library updated by the difference one briefing's edit makes (for the dev server): it
//! takes the briefing's old and new [`Contribution`] and returns the library [`Library::new`]
//! would build from the edited site, without reading the other briefings.

use super::{dir_base, is_named_speaker, kind_slot, non_empty_slug};
use super::{Contribution, EntityEntry, Library, TimelineEvent};
use crate::annotate::EntityKind;
use chrono::Datelike;

/// Removes `x` from the sorted `list`.
fn remove_sorted<T: Ord>(list: &mut Vec<T>, x: &T) {
    if let Ok(i) = list.binary_search(x) {
        list.remove(i);
    }
}

/// Inserts `x` into the sorted `list`, unless it is there.
fn insert_sorted<T: Ord>(list: &mut Vec<T>, x: T) {
    if let Err(i) = list.binary_search(&x) {
        list.insert(i, x);
    }
}

impl Library {
    /// Replaces briefing `bi`'s contribution `old` (what the library was built with) by `new`.
    /// Returns false when the result would depend on other briefings in a way this does not
    /// follow: an entity whose folder name clashes with another's gained or lost the briefing
    /// (folders are numbered in order of first mention). The library is then half updated,
    /// and the caller builds it anew.
    pub fn replace(&mut self, bi: usize, old: &Contribution, new: &Contribution) -> bool {
        if old == new {
            return true;
        }
        if bi >= self.briefing_tags.len() || !self.replace_entities(bi, old, new) {
            return false;
        }
        self.replace_speakers(bi, old, new);
        if old.events != new.events {
            self.timeline.retain(|e| e.briefing != bi);
            for (fact, value) in &new.events {
                let event = TimelineEvent {
                    value: value.clone(),
                    briefing: bi,
                    fact: *fact,
                };
                let at = self
                    .timeline
                    .partition_point(|e| TimelineEvent::order(e, &event).is_lt());
                self.timeline.insert(at, event);
            }
        }
        if old.date != new.date {
            if let Some(d) = old.date {
                if let Some(months) = self.archive.get_mut(&d.year()) {
                    if let Some(list) = months.get_mut(&d.month()) {
                        remove_sorted(list, &bi);
                        if list.is_empty() {
                            months.remove(&d.month());
                        }
                    }
                    if months.is_empty() {
                        self.archive.remove(&d.year());
                    }
                }
            }
            if let Some(d) = new.date {
                let months = self.archive.entry(d.year()).or_default();
                insert_sorted(months.entry(d.month()).or_default(), bi);
            }
        }
        if old.tags != new.tags {
            self.replace_tags(bi, old, new);
        }
        true
    }

    fn replace_entities(&mut self, bi: usize, old: &Contribution, new: &Contribution) -> bool {
        let (was, is) = (old.entity_keys(), new.entity_keys());
        let shared = |lib: &Library, kind: EntityKind, name: &str| {
            lib.used_dirs
                .get(&dir_base(kind, name))
                .copied()
                .unwrap_or(0)
        };
        for &(kind, name) in was.union(&is) {
            let n = shared(self, kind, name);
            let known = self.entities.contains_key(&(kind, name.to_string()));
            if n > 1 || (!known && n > 0) {
                return false;
            }
        }
        for &(kind, name) in &was {
            let key = (kind, name.to_string());
            let Some(e) = self.entities.get_mut(&key) else {
                continue;
            };
            remove_sorted(&mut e.briefings, &bi);
            e.quotes.retain(|&(b, _)| b != bi);
            if e.briefings.is_empty() && !is.contains(&(kind, name)) {
                self.entities.remove(&key);
                self.dirs[kind_slot(kind)].remove(name);
                self.used_dirs.remove(&dir_base(kind, name));
            }
        }
        for &(kind, name) in &is {
            let key = (kind, name.to_string());
            if !self.entities.contains_key(&key) {
                // Two new entities of this edit may share a folder too.
                let base = dir_base(kind, name);
                if self.used_dirs.contains_key(&base) {
                    return false;
                }
                let dir = format!("{base}/");
                self.used_dirs.insert(base, 1);
                self.dirs[kind_slot(kind)].insert(name.to_string(), dir.clone());
                let entry = EntityEntry {
                    dir,
                    ..EntityEntry::default()
                };
                self.entities.insert(key.clone(), entry);
            }
            if let Some(e) = self.entities.get_mut(&key) {
                insert_sorted(&mut e.briefings, bi);
            }
        }
        for (qi, speaker) in &new.speakers {
            if is_named_speaker(speaker) {
                let key = (EntityKind::Person, speaker.clone());
                if let Some(e) = self.entities.get_mut(&key) {
                    insert_sorted(&mut e.quotes, (bi, *qi));
                }
            }
        }
        true
    }

    fn replace_speakers(&mut self, bi: usize, old: &Contribution, new: &Contribution) {
        for (_, s) in &old.speakers {
            if let Some(e) = self.speakers.get_mut(s) {
                e.quotes = e.quotes.saturating_sub(1);
                e.briefings.remove(&bi);
                if e.quotes == 0 {
                    self.speakers.remove(s);
                }
            }
        }
        for (_, s) in &new.speakers {
            let e = self.speakers.entry(s.clone()).or_default();
            e.quotes += 1;
            e.briefings.insert(bi);
        }
    }

    fn replace_tags(&mut self, bi: usize, old: &Contribution, new: &Contribution) {
        let slugs =
            |tags: &[String]| -> Vec<String> { tags.iter().map(|t| non_empty_slug(t)).collect() };
        let (was, is) = (slugs(&old.tags), slugs(&new.tags));
        for slug in &was {
            if let Some(entry) = self.tags.get_mut(slug) {
                remove_sorted(&mut entry.1, &bi);
            }
        }
        for (t, slug) in new.tags.iter().zip(&is) {
            let entry = self
                .tags
                .entry(slug.clone())
                .or_insert_with(|| (t.clone(), Vec::new()));
            insert_sorted(&mut entry.1, bi);
        }
        self.briefing_tags[bi] = new.tags.clone();
        // A tag is named as the newest briefing that has it spells it.
        for slug in was.iter().chain(&is) {
            let Some(entry) = self.tags.get_mut(slug) else {
                continue;
            };
            match entry.1.first() {
                None => {
                    self.tags.remove(slug);
                }
                Some(&first) => {
                    let spelled = self.briefing_tags[first]
                        .iter()
                        .find(|t| non_empty_slug(t) == *slug);
                    if let Some(t) = spelled {
                        entry.0.clone_from(t);
                    }
                }
            }
        }
    }
}
