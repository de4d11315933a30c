//! Inputs found by the fuzz targets in `fuzz/` (scripts/fuzz.sh), minimized, with the invariant
//! each one broke. Each test names its target.

use hegui::normalize::{self, Options};
use hegui::source::extract::Extracted;
use hegui::source::html;
use hegui::source::markdown::{self, MarkdownOptions};

/// `normalize`: a character folding to several characters ending in a Han character (㍻ → 平成)
/// followed by that character again. `normalize` collapsed the repeat (平成), `normalize_with`
/// did not (平成成), so a term and its own spelling in a text normalized differently and the
/// re-check of a hit's source span dropped the hit.
#[test]
fn normalize_with_collapses_after_a_multi_char_fold() {
    let src = "\u{337b}成";
    let n = normalize::normalize(src);
    assert_eq!(n.text, "平成");
    assert_eq!(normalize::normalize_with(src, &Options::FULL), n.text);
}

/// `normalize`: a character folding to several characters of the same total length (Ǳ → dz,
/// ℡ → tel, Ⅲ → iii) was mapped byte for byte, as if copied, so part of its fold mapped into
/// the middle of the source character.
#[test]
fn equal_length_multi_char_fold_maps_to_the_whole_character() {
    for src in ["\u{1f1}", "\u{2121}", "\u{2162}"] {
        let n = normalize::normalize(src);
        assert!(n.text.chars().count() > 1, "{src} folds to {}", n.text);
        for i in 0..n.text.len() {
            assert_eq!(n.map.map_range(i..i + 1), 0..src.len(), "{src} → {}: byte {i}", n.text);
        }
    }
}

/// The byte range of `text`'s character at `at` mapped back to `src`.
fn source_of(e: &Extracted, src: &str, at: usize) -> String {
    let c = e.text[at..].chars().next().expect("a character");
    src[e.map.map_range(at..at + c.len_utf8())].to_owned()
}

/// `extract_html`: an entity decoding to several characters as long as itself (`&acE;` is ∾ and
/// U+0333, five bytes) was mapped byte for byte as if copied: ∾ pointed at `&ac`, U+0333 at `E;`.
/// Fixed: `Pending::flush` pushes verbatim pieces as copies and replacements of several
/// characters are atomic (`OffsetMap::push_atomic`).
#[test]
fn html_entity_of_several_characters_maps_to_the_whole_entity() {
    for src in ["&acE;", "<p>最佳&acE;</p>", "<img alt=\"&acE;\">"] {
        let e = html::extract(src);
        let at = e.text.find('\u{223e}').expect("decoded");
        assert_eq!(source_of(&e, src, at), "&acE;", "{src}");
        assert_eq!(source_of(&e, src, at + 3), "&acE;", "{src}");
    }
}

/// `extract_markdown` (same cause as the HTML case, through the same text builder): `&acE;` in
/// Markdown text.
#[test]
fn markdown_entity_of_several_characters_maps_to_the_whole_entity() {
    let src = "最佳&acE;\n";
    let e = markdown::extract(src, &MarkdownOptions::default());
    let at = e.text.find('\u{223e}').expect("decoded");
    assert_eq!(source_of(&e, src, at), "&acE;");
    assert_eq!(source_of(&e, src, at + 3), "&acE;");
}
