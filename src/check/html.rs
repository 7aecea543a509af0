//! A tolerant HTML tag scanner: finds every start and end tag of a page with its attributes
//! (names lowercased, values with character references decoded) and their byte ranges, so
//! callers can check links or rewrite tags in place. Comments, doctypes, CDATA and the raw text
//! of `<script>`, `<style>`, `<textarea>` and `<title>` are skipped, never mistaken for tags.
//! One forward pass, no recursion; any input, however broken, gives some tags and never panics.

use std::ops::Range;

/// One attribute of a tag.
#[derive(Debug, Clone, PartialEq)]
pub struct Attr {
    /// The name, lowercased.
    pub name: String,
    /// The value with character references decoded (empty for a bare attribute).
    pub value: String,
    /// The bytes of the whole attribute (`name="value"`) in the page.
    pub range: Range<usize>,
}

/// A start or end tag.
#[derive(Debug, Clone, PartialEq)]
pub struct Tag {
    /// The element name, lowercased.
    pub name: String,
    /// `</name>`.
    pub end: bool,
    pub attrs: Vec<Attr>,
    /// The bytes of the tag, `<` to `>` inclusive.
    pub range: Range<usize>,
    /// For raw-text elements (`script`, `style`, `textarea`, `title`): their text, up to the
    /// closing tag.
    pub content: Option<Range<usize>>,
}

impl Tag {
    /// The decoded value of an attribute.
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|a| a.name == name)
            .map(|a| a.value.as_str())
    }

    /// The attribute itself.
    pub fn attr_full(&self, name: &str) -> Option<&Attr> {
        self.attrs.iter().find(|a| a.name == name)
    }
}

const RAW_TEXT: &[&str] = &["script", "style", "textarea", "title"];

/// Every tag of `html`, in order.
pub fn tags(html: &str) -> Vec<Tag> {
    let b = html.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(off) = memchr_lt(&b[i..]) {
        let lt = i + off;
        let rest = &b[lt..];
        if rest.starts_with(b"<!--") {
            i = find(b, lt + 4, b"-->").map_or(b.len(), |e| e + 3);
        } else if rest.starts_with(b"<![CDATA[") {
            i = find(b, lt + 9, b"]]>").map_or(b.len(), |e| e + 3);
        } else if rest.starts_with(b"<!") || rest.starts_with(b"<?") {
            i = find(b, lt + 2, b">").map_or(b.len(), |e| e + 1);
        } else if rest.len() > 2 && rest[1] == b'/' && rest[2].is_ascii_alphabetic() {
            let (tag, next) = parse_tag(html, lt, true);
            out.push(tag);
            i = next;
        } else if rest.len() > 1 && rest[1].is_ascii_alphabetic() {
            let (mut tag, next) = parse_tag(html, lt, false);
            i = next;
            if RAW_TEXT.contains(&tag.name.as_str()) {
                let close = find_close(b, i, tag.name.as_bytes());
                tag.content = Some(i..close);
                i = close;
            }
            out.push(tag);
        } else {
            i = lt + 1;
        }
    }
    out
}

fn memchr_lt(b: &[u8]) -> Option<usize> {
    b.iter().position(|&c| c == b'<')
}

/// The first index at or after `from` where `needle` starts.
fn find(hay: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    if from > hay.len() {
        return None;
    }
    hay[from..]
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|p| from + p)
}

/// Where the raw text of element `name` ends: its `</name` (any case), or the end of input.
fn find_close(b: &[u8], from: usize, name: &[u8]) -> usize {
    let mut i = from;
    while let Some(p) = find(b, i, b"</") {
        let after = &b[p + 2..];
        if after.len() >= name.len()
            && after[..name.len()].eq_ignore_ascii_case(name)
            && after
                .get(name.len())
                .is_none_or(|c| c.is_ascii_whitespace() || *c == b'>' || *c == b'/')
        {
            return p;
        }
        i = p + 2;
    }
    b.len()
}

fn is_space(c: u8) -> bool {
    matches!(c, b' ' | b'\t' | b'\n' | b'\r' | 0x0c)
}

/// Parses the tag starting at `lt` (`<name` or `</name`); returns it and the index after it.
fn parse_tag(html: &str, lt: usize, end: bool) -> (Tag, usize) {
    let b = html.as_bytes();
    let mut i = lt + if end { 2 } else { 1 };
    let name_start = i;
    while i < b.len() && !is_space(b[i]) && b[i] != b'/' && b[i] != b'>' {
        i += 1;
    }
    let name = html[name_start..i].to_ascii_lowercase();
    let mut attrs = Vec::new();
    loop {
        while i < b.len() && (is_space(b[i]) || b[i] == b'/') {
            i += 1;
        }
        if i >= b.len() {
            break;
        }
        if b[i] == b'>' {
            i += 1;
            break;
        }
        let attr_start = i;
        // The first character may be `=` (a parse error browsers keep as part of the name).
        i += 1;
        while i < b.len() && !is_space(b[i]) && !matches!(b[i], b'/' | b'>' | b'=') {
            i += 1;
        }
        let name = html[attr_start..i].to_ascii_lowercase();
        let mut j = i;
        while j < b.len() && is_space(b[j]) {
            j += 1;
        }
        let mut value = String::new();
        if j < b.len() && b[j] == b'=' {
            j += 1;
            while j < b.len() && is_space(b[j]) {
                j += 1;
            }
            if let Some((vs, ve)) = quoted_at(b, j) {
                value = decode_entities(&html[vs..ve]);
                i = (ve + 1).min(b.len());
            } else {
                let vs = j;
                while j < b.len() && !is_space(b[j]) && b[j] != b'>' {
                    j += 1;
                }
                value = decode_entities(&html[vs..j]);
                i = j;
            }
        }
        if !end && !attrs.iter().any(|a: &Attr| a.name == name) {
            attrs.push(Attr {
                name,
                value,
                range: attr_start..i,
            });
        }
    }
    let tag = Tag {
        name,
        end,
        attrs,
        range: lt..i,
        content: None,
    };
    (tag, i)
}

/// Decodes character references: `&amp;`, `&lt;`, `&gt;`, `&quot;`, `&apos;`, `&nbsp;` and
/// numeric ones (`&#38;`, `&#x26;`). Anything else is kept as written.
pub fn decode_entities(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(p) = rest.find('&') {
        out.push_str(&rest[..p]);
        rest = &rest[p..];
        match decode_one(rest) {
            Some((c, len)) => {
                out.push(c);
                rest = &rest[len..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// The character of the reference at the start of `s` (which starts with `&`) and its length.
fn decode_one(s: &str) -> Option<(char, usize)> {
    let b = s.as_bytes();
    if b.get(1) == Some(&b'#') {
        let (hex, start) = match b.get(2) {
            Some(b'x' | b'X') => (true, 3),
            _ => (false, 2),
        };
        let mut end = start;
        while end < b.len()
            && end - start < 8
            && (if hex {
                b[end].is_ascii_hexdigit()
            } else {
                b[end].is_ascii_digit()
            })
        {
            end += 1;
        }
        if end == start {
            return None;
        }
        let n = u32::from_str_radix(&s[start..end], if hex { 16 } else { 10 }).ok()?;
        let c = match n {
            0 => '\u{fffd}',
            n => char::from_u32(n).unwrap_or('\u{fffd}'),
        };
        let len = if b.get(end) == Some(&b';') {
            end + 1
        } else {
            end
        };
        return Some((c, len));
    }
    const NAMED: &[(&str, char)] = &[
        ("&amp;", '&'),
        ("&lt;", '<'),
        ("&gt;", '>'),
        ("&quot;", '"'),
        ("&apos;", '\''),
        ("&nbsp;", '\u{a0}'),
    ];
    NAMED
        .iter()
        .find(|(name, _)| {
            b.len() >= name.len() && b[..name.len()].eq_ignore_ascii_case(name.as_bytes())
        })
        .map(|&(name, c)| (c, name.len()))
}

/// The URLs of a `srcset` value (`a.png 1x, b.png 2x`), without their descriptors.
pub fn srcset_urls(value: &str) -> Vec<String> {
    let b = value.as_bytes();
    let mut urls = Vec::new();
    let mut i = 0;
    while i < b.len() {
        while i < b.len() && (is_space(b[i]) || b[i] == b',') {
            i += 1;
        }
        let start = i;
        while i < b.len() && !is_space(b[i]) {
            i += 1;
        }
        let url = value[start..i].trim_end_matches(',');
        let had_comma = value[start..i].ends_with(',');
        if !url.is_empty() {
            urls.push(url.to_string());
        }
        if !had_comma {
            // Skip the descriptors, up to the next comma outside parentheses.
            let mut depth = 0usize;
            while i < b.len() {
                match b[i] {
                    b'(' => depth += 1,
                    b')' => depth = depth.saturating_sub(1),
                    b',' if depth == 0 => break,
                    _ => {}
                }
                i += 1;
            }
        }
    }
    urls
}

/// The URLs a CSS text refers to: `url(...)` and `@import "..."`, each with its byte range in
/// `css` (the whole `url(...)` token, or the string of an `@import`).
pub fn css_urls(css: &str) -> Vec<(String, Range<usize>)> {
    let b = css.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i..].starts_with(b"/*") {
            i = find(b, i + 2, b"*/").map_or(b.len(), |e| e + 2);
        } else if b[i] == b'"' || b[i] == b'\'' {
            let q = b[i];
            let mut j = i + 1;
            while j < b.len() && b[j] != q && b[j] != b'\n' {
                j += if b[j] == b'\\' { 2 } else { 1 };
            }
            i = (j + 1).min(b.len());
        } else if b.len() - i >= 4
            && b[i..i + 4].eq_ignore_ascii_case(b"url(")
            && (i == 0 || !(b[i - 1].is_ascii_alphanumeric() || b[i - 1] == b'-'))
        {
            let mut j = i + 4;
            while j < b.len() && is_space(b[j]) {
                j += 1;
            }
            let (url, end) = if let Some((vs, ve)) = quoted_at(b, j) {
                let close = b[ve.min(b.len())..]
                    .iter()
                    .position(|&c| c == b')')
                    .map_or(b.len(), |p| ve + p + 1);
                (css[vs..ve].to_string(), close)
            } else {
                let ve = b[j..]
                    .iter()
                    .position(|&c| c == b')')
                    .map_or(b.len(), |p| j + p);
                (css[j..ve].trim().to_string(), (ve + 1).min(b.len()))
            };
            out.push((url, i..end));
            i = end;
        } else if b.len() - i >= 7 && b[i..i + 7].eq_ignore_ascii_case(b"@import") {
            let mut j = i + 7;
            while j < b.len() && is_space(b[j]) {
                j += 1;
            }
            if let Some((vs, ve)) = quoted_at(b, j) {
                out.push((css[vs..ve].to_string(), j..(ve + 1).min(b.len())));
                i = (ve + 1).min(b.len());
            } else {
                i = j;
            }
        } else {
            i += 1;
        }
    }
    out
}

/// The value of a quoted string starting at `j` (`"…"` or `'…'`): the byte range of what is
/// between the quotes (to the end of the text when it never closes); `None` when no quote
/// starts at `j`.
fn quoted_at(b: &[u8], j: usize) -> Option<(usize, usize)> {
    let q = *b.get(j).filter(|&&c| c == b'"' || c == b'\'')?;
    let vs = j + 1;
    let ve = b[vs..]
        .iter()
        .position(|&c| c == q)
        .map_or(b.len(), |p| vs + p);
    Some((vs, ve))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn attributes_are_found_and_decoded() {
        let t = tags(r#"<p><A HREF="/x/?a=1&amp;b=2" class=big data-x='it&#39;s'>y</a><br/>"#);
        let names: Vec<(&str, bool)> = t.iter().map(|t| (t.name.as_str(), t.end)).collect();
        assert_eq!(
            names,
            [("p", false), ("a", false), ("a", true), ("br", false)]
        );
        assert_eq!(t[1].attr("href"), Some("/x/?a=1&b=2"));
        assert_eq!(t[1].attr("class"), Some("big"));
        assert_eq!(t[1].attr("data-x"), Some("it's"));
    }

    #[test]
    fn comments_scripts_and_styles_hide_their_markup() {
        let html = "<!-- <a href=\"no1\"> --><script>var s = '<a href=\"no2\">';</script>\
                    <style>a::after{content:'<img src=no3>'}</style><a href=\"yes\">";
        let all = tags(html);
        let hrefs: Vec<&str> = all
            .iter()
            .filter_map(|t| t.attr("href").or(t.attr("src")))
            .collect();
        assert_eq!(hrefs, ["yes"]);
        let script = tags(html).into_iter().find(|t| t.name == "script").unwrap();
        assert!(html[script.content.unwrap()].contains("no2"));
    }

    #[test]
    fn broken_markup_never_panics() {
        for html in [
            "<",
            "<a",
            "<a href=",
            "<a href=\"unterminated",
            "</",
            "<script>never closed",
            "<!--",
            "<a é=\"ü\" href=é>",
            "&#xffffffff; <a title=\"&#99999999;&\">",
        ] {
            let _ = tags(html);
        }
        assert_eq!(tags("<a href=\"x")[0].attr("href"), Some("x"));
    }

    #[test]
    fn entities_decode_only_when_complete() {
        assert_eq!(
            decode_entities("a&amp;b &lt;&gt; &copy; &#x41;&#66;"),
            "a&b <> &copy; AB"
        );
        assert_eq!(decode_entities("&amp"), "&amp");
        assert_eq!(decode_entities("&#0;"), "\u{fffd}");
    }

    #[test]
    fn srcset_candidates() {
        assert_eq!(
            srcset_urls("a.png 1x, b.png 2x,c.png"),
            ["a.png", "b.png", "c.png"]
        );
        assert_eq!(srcset_urls("x.png, y.png 100w"), ["x.png", "y.png"]);
    }

    #[test]
    fn css_url_tokens() {
        let css = "/* url(no.png) */ a{background:url( \"one.png\" )} @import 'two.css'; b{x:url(three.svg#i)} c{content:\"url(no2)\"}";
        let urls: Vec<String> = css_urls(css).into_iter().map(|(u, _)| u).collect();
        assert_eq!(urls, ["one.png", "two.css", "three.svg#i"]);
        let (_, r) = &css_urls(css)[0];
        assert_eq!(&css[r.clone()], "url( \"one.png\" )");
    }
}
