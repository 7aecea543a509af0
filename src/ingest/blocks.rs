//! Splitting text into items: paragraphs (from blank lines, or from single-newline pages where
//! lines are separate elements), and the lines that are furniture on their own: boilerplate
//! phrases, navigation, section-ending headings, bylines and date lines.

use super::boilerplate::Compiled;
use super::classify::Class;
use super::dateline;
use chrono::NaiveDate;

/// What an item is, before classification.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ItemKind {
    /// Candidate story text.
    Para,
    /// A boilerplate or navigation line.
    Junk,
    /// A heading after which the story does not continue ("Related stories").
    SectionEnd,
    /// A byline or a standalone date line: metadata, not body.
    Meta,
}

/// One paragraph or one furniture line, in document order.
#[derive(Debug, Clone)]
pub struct Item {
    /// Whitespace-collapsed text (lines of a paragraph joined with a space).
    pub text: String,
    pub kind: ItemKind,
    /// Set by classification (paragraphs only).
    pub class: Class,
    /// A date stated on a meta line.
    pub date: Option<NaiveDate>,
    /// Whether the item began with the first line of a blank-line block.
    pub block_start: bool,
}

impl Item {
    fn new(text: String, kind: ItemKind, block_start: bool) -> Item {
        Item {
            text,
            kind,
            class: Class::Short,
            date: None,
            block_start,
        }
    }

    /// A paragraph that may stay when it falls inside the story.
    pub fn kept_in_run(&self) -> bool {
        self.kind == ItemKind::Para
            && matches!(self.class, Class::Good | Class::Near | Class::Short)
    }

    /// Classified as furniture.
    pub fn is_bad(&self) -> bool {
        matches!(self.class, Class::Bad | Class::BadVocab)
    }
}

/// The text's items.
pub fn items(text: &str, rules: &Compiled) -> Vec<Item> {
    let mut out = Vec::new();
    let mut block: Vec<String> = Vec::new();
    let normalized;
    let text = if text.contains('\r') {
        normalized = text.replace("\r\n", "\n").replace('\r', "\n");
        normalized.as_str()
    } else {
        text
    };
    for raw in text.split('\n') {
        let line = collapse(raw);
        if line.is_empty() {
            flush_block(&mut block, rules, &mut out);
        } else {
            block.push(line);
        }
    }
    flush_block(&mut block, rules, &mut out);
    out
}

/// One line with whitespace runs collapsed to a space and trimmed.
pub fn collapse(line: &str) -> String {
    super::escape::collapse_whitespace(line, false).into_owned()
}

/// Turns one blank-line block into items: furniture lines alone, the rest grouped.
fn flush_block(block: &mut Vec<String>, rules: &Compiled, out: &mut Vec<Item>) {
    let mut content: Vec<String> = Vec::new();
    let mut block_start = true;
    for line in block.drain(..) {
        let view = super::boilerplate::Line::new(&line);
        let kind = if rules.is_section_end(&view) {
            Some((ItemKind::SectionEnd, None))
        } else if let Some(date) = dateline::meta_line(&line) {
            Some((ItemKind::Meta, date))
        } else if rules.is_boilerplate(&view) || is_nav_line(&line) {
            Some((ItemKind::Junk, None))
        } else {
            None
        };
        match kind {
            Some((kind, date)) => {
                push_segments(&mut content, block_start, out);
                let mut item = Item::new(line, kind, block_start);
                item.date = date;
                out.push(item);
                block_start = false;
            }
            None => content.push(line),
        }
    }
    push_segments(&mut content, block_start, out);
}

/// Splits consecutive content lines into paragraphs and pushes them.
fn push_segments(lines: &mut Vec<String>, block_start: bool, out: &mut Vec<Item>) {
    if lines.is_empty() {
        return;
    }
    let max_chars = lines.iter().map(|l| l.chars().count()).max().unwrap_or(0);
    let mut current = String::new();
    let mut first = block_start;
    for i in 0..lines.len() {
        if i > 0 && boundary(&lines[i - 1], &lines[i], max_chars) {
            out.push(Item::new(
                std::mem::take(&mut current),
                ItemKind::Para,
                first,
            ));
            first = false;
        }
        if !current.is_empty() {
            current.push(' ');
        }
        current.push_str(&lines[i]);
    }
    if !current.is_empty() {
        out.push(Item::new(current, ItemKind::Para, first));
    }
    lines.clear();
}

/// Whether a paragraph ends between two lines of one block. Lines are joined (a wrapped
/// paragraph) unless one of them is an element of its own: a short line without sentence
/// punctuation (a headline, a menu item, a heading), or a line repeated whole (a scraped
/// page's headline is often there twice, and wrapped prose never repeats a line).
fn boundary(prev: &str, cur: &str, max_chars: usize) -> bool {
    if prev.len() == cur.len() && prev.to_lowercase() == cur.to_lowercase() {
        return true;
    }
    if continues(cur) {
        return false;
    }
    // A capitalised word alone on its line, without sentence punctuation, is a label (an
    // agency's name under a headline, a section), not the end of a wrapped sentence.
    let lone_label = !ends_sentence(cur) && crate::util::word_count(cur) == 1;
    element_like(prev, max_chars)
        || (element_like(cur, max_chars) && (ends_sentence(prev) || lone_label))
}

/// A line that continues the previous one: it starts in lower case or with continuing
/// punctuation.
fn continues(line: &str) -> bool {
    line.chars()
        .next()
        .is_some_and(|c| c.is_lowercase() || ",;)]}–—…".contains(c))
}

/// A short line without sentence punctuation, clearly shorter than the block's long lines.
fn element_like(line: &str, max_chars: usize) -> bool {
    if ends_sentence(line) {
        return false;
    }
    let words = crate::util::word_count(line);
    words <= 6 || (words <= 12 && line.chars().count() * 10 < max_chars * 7)
}

/// The line ends a sentence (closing quotes and brackets looked through).
pub fn ends_sentence(line: &str) -> bool {
    let core = line.trim_end_matches(|c: char| {
        c.is_whitespace() || "\"'\u{201D}\u{2019}\u{00BB}\u{203A})]*".contains(c)
    });
    core.chars()
        .next_back()
        .is_some_and(|c| ".!?…:؟。！？۔".contains(c))
}

/// A navigation line: short items between separators (`Home | World | Politics`,
/// `News > Local > Harbour`).
pub fn is_nav_line(line: &str) -> bool {
    if line.len() > 600 || !line.contains(['|', '•', '·', '»', '›', '>', '/']) {
        return false;
    }
    let spaced: String = line
        .chars()
        .flat_map(|c| {
            let sep = "|•·»›".contains(c);
            [
                if sep { ' ' } else { c },
                if sep { '|' } else { '\0' },
                if sep { ' ' } else { '\0' },
            ]
        })
        .filter(|&c| c != '\0')
        .collect();
    let mut seps = 0usize;
    let mut segments: Vec<usize> = vec![0];
    for token in spaced.split_whitespace() {
        if matches!(token, "|" | ">" | "/" | ">>" | "/>") {
            seps += 1;
            segments.push(0);
        } else if let Some(last) = segments.last_mut() {
            *last += 1;
        }
    }
    let filled: Vec<usize> = segments.into_iter().filter(|&w| w > 0).collect();
    let total: usize = filled.iter().sum();
    seps >= 1
        && filled.len() >= 2
        && ((seps >= 2 && filled.iter().all(|&w| w <= 6))
            || (total <= 6 && filled.iter().all(|&w| w <= 4)))
        && !ends_sentence(line)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::Rules;

    fn texts(text: &str) -> Vec<(String, ItemKind)> {
        let rules = Compiled::new(&Rules::default());
        items(text, &rules)
            .into_iter()
            .map(|i| (i.text, i.kind))
            .collect()
    }

    #[test]
    fn wrapped_paragraphs_join_and_elements_split() {
        let t = texts("The council met on Tuesday and voted\nto close the bridge for repairs.\n\nMost Popular\nFloods hit coast road\nMayor resigns");
        let paras: Vec<&str> = t
            .iter()
            .filter(|(_, k)| *k == ItemKind::Para)
            .map(|(s, _)| s.as_str())
            .collect();
        assert_eq!(
            paras[0],
            "The council met on Tuesday and voted to close the bridge for repairs."
        );
        assert!(t
            .iter()
            .any(|(s, k)| s == "Most Popular" && *k == ItemKind::SectionEnd));
        assert!(paras.contains(&"Floods hit coast road") && paras.contains(&"Mayor resigns"));
        let t = texts("A headline that stands alone\nThe story starts here with a full sentence that runs on.");
        assert_eq!(t.len(), 2);
    }

    #[test]
    fn a_line_repeated_whole_is_not_wrapped_prose() {
        // Long enough not to pass as a short element: only the repetition splits it.
        let headline = "Port board approves a large harbour expansion despite protests";
        let t = texts(&format!(
            "{headline}\n{headline}\n\nThe board voted on Monday."
        ));
        let paras: Vec<&str> = t.iter().map(|(s, _)| s.as_str()).collect();
        assert_eq!(paras[..2], [headline, headline]);
        // An agency's name under the headline is a line of its own.
        let t = texts(&format!(
            "{headline}\nReuters\n\nThe board voted on Monday."
        ));
        assert_eq!(t[0].0, headline);
        // Two different lines of a wrapped sentence still join.
        let t = texts("The board voted on Monday to approve a large harbour\nExpansion Plan put forward by the port.");
        assert_eq!(t.len(), 1);
    }

    #[test]
    fn nav_lines() {
        assert!(is_nav_line("Home | World | Politics"));
        assert!(is_nav_line("News > Local > Harbour"));
        assert!(is_nav_line("Home•Sport•Weather"));
        assert!(!is_nav_line(
            "Sales rose 5% | up from last year, the report said."
        ));
        assert!(!is_nav_line(
            "The ratio was 3 / 4 of the total cost of the bridge repairs"
        ));
    }
}
