//! Code highlighting with syntect, as CSS classes. The syntax set is loaded the first time a code
//! block appears, so sites without code pay nothing at start-up.

use std::sync::OnceLock;
use syntect::highlighting::ThemeSet;
use syntect::html::{css_for_theme_with_class_style, ClassStyle, ClassedHTMLGenerator};
use syntect::parsing::SyntaxSet;
use syntect::util::LinesWithEndings;

/// CSS class prefix of highlighted tokens, so they cannot clash with the theme's classes.
const STYLE: ClassStyle = ClassStyle::SpacedPrefixed { prefix: "hl-" };

fn syntaxes() -> &'static SyntaxSet {
    static SET: OnceLock<SyntaxSet> = OnceLock::new();
    SET.get_or_init(SyntaxSet::load_defaults_newlines)
}

/// Highlights `code` in language `lang` (a fence info string such as `rust`); unknown languages
/// are shown as plain text. Returns the inner HTML of a `<code>` element.
pub fn highlight(code: &str, lang: &str) -> String {
    let set = syntaxes();
    let syntax = set
        .find_syntax_by_token(lang.split([',', ' ']).next().unwrap_or(""))
        .unwrap_or_else(|| set.find_syntax_plain_text());
    let mut generator = ClassedHTMLGenerator::new_with_class_style(syntax, set, STYLE);
    for line in LinesWithEndings::from(code) {
        if generator
            .parse_html_for_line_which_includes_newline(line)
            .is_err()
        {
            return crate::util::escape_html(code);
        }
    }
    generator.finalize()
}

/// The stylesheet for highlighted code in the named syntect theme (falls back to
/// `InspiredGitHub` when the name is unknown).
pub fn stylesheet(theme: &str) -> String {
    let themes = ThemeSet::load_defaults();
    let theme = themes
        .themes
        .get(theme)
        .or_else(|| themes.themes.get("InspiredGitHub"));
    theme
        .and_then(|t| css_for_theme_with_class_style(t, STYLE).ok())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rust_code_gets_classes_and_is_escaped() {
        let html = highlight("fn main() { let x = \"<b>\"; }\n", "rust");
        assert!(html.contains("class=\"hl-"), "{html}");
        assert!(html.contains("&lt;b&gt;"), "{html}");
        assert!(!html.contains("<b>"));
    }

    #[test]
    fn unknown_language_is_plain_text() {
        let html = highlight("a < b\n", "no-such-language");
        assert!(html.contains("a &lt; b"), "{html}");
    }

    #[test]
    fn stylesheet_has_rules() {
        assert!(stylesheet("InspiredGitHub").contains(".hl-"));
    }
}
