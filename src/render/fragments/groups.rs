//! Fragments of index pages: the groups a list page links to (years, months, tags, people…)
//! and the who-said-what table. A big site has thousands of each, so an edit that adds a name
//! re-renders pages of thousands of rows: made here, not looped over in tera.

use crate::util::{push_escaped, push_uint};
use serde::Serialize;

/// A group a list page links to, with how many briefings it holds.
#[derive(Debug, Serialize)]
pub struct GroupRow<'a> {
    pub name: &'a str,
    /// Its page under the root.
    pub path: String,
    pub count: usize,
}

/// The groups of a page whose way to the root is `root` (`<ul class="group-list">`); empty
/// without groups.
pub fn group_list(groups: &[GroupRow], root: &str) -> String {
    if groups.is_empty() {
        return String::new();
    }
    let mut h = String::with_capacity(80 + groups.len() * 90);
    h.push_str("<ul class=\"group-list\">\n");
    for g in groups {
        h.push_str("<li><a href=\"");
        push_escaped(&mut h, root);
        push_escaped(&mut h, &g.path);
        h.push_str("\">");
        push_escaped(&mut h, g.name);
        h.push_str("</a> <span class=\"count\">");
        push_uint(&mut h, g.count);
        h.push_str("</span></li>\n");
    }
    h.push_str("</ul>\n");
    h
}

/// A speaker of the who-said-what page.
#[derive(Debug, Serialize)]
pub struct SpeakerTotal<'a> {
    pub name: &'a str,
    pub quotes: usize,
    pub briefings: usize,
    /// Their page under the root, for a speaker with a name.
    pub path: Option<String>,
}

/// The rows of the who-said-what table (`<tr>`s) on a page whose way to the root is `root`.
pub fn speaker_rows(speakers: &[SpeakerTotal], root: &str) -> String {
    let mut h = String::with_capacity(speakers.len() * 100);
    for s in speakers {
        h.push_str("<tr><td>");
        if let Some(path) = &s.path {
            h.push_str("<a href=\"");
            push_escaped(&mut h, root);
            push_escaped(&mut h, path);
            h.push_str("\">");
            push_escaped(&mut h, s.name);
            h.push_str("</a>");
        } else {
            push_escaped(&mut h, s.name);
        }
        h.push_str("</td><td>");
        push_uint(&mut h, s.quotes);
        h.push_str("</td><td>");
        push_uint(&mut h, s.briefings);
        h.push_str("</td></tr>\n");
    }
    h
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_and_speakers_link_from_the_root_and_escape() {
        let groups = [
            GroupRow {
                name: "Fish & <chips>",
                path: "tags/fish-chips/".into(),
                count: 12,
            },
            GroupRow {
                name: "2024",
                path: "archive/2024/".into(),
                count: 3,
            },
        ];
        assert_eq!(
            group_list(&groups, "../"),
            "<ul class=\"group-list\">\n\
             <li><a href=\"../tags/fish-chips/\">Fish &amp; &lt;chips&gt;</a> <span class=\"count\">12</span></li>\n\
             <li><a href=\"../archive/2024/\">2024</a> <span class=\"count\">3</span></li>\n</ul>\n"
        );
        assert_eq!(group_list(&[], "../"), "");
        let speakers = [
            SpeakerTotal {
                name: "Ada \"Q\" Quill",
                quotes: 5,
                briefings: 2,
                path: Some("people/ada-q-quill/".into()),
            },
            SpeakerTotal {
                name: "a community elder",
                quotes: 1,
                briefings: 1,
                path: None,
            },
        ];
        assert_eq!(
            speaker_rows(&speakers, ""),
            "<tr><td><a href=\"people/ada-q-quill/\">Ada &quot;Q&quot; Quill</a></td><td>5</td><td>2</td></tr>\n\
             <tr><td>a community elder</td><td>1</td><td>1</td></tr>\n"
        );
    }
}
