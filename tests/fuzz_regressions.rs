//! Inputs found by the fuzz targets in `fuzz/` (scripts/fuzz.sh), minimized, with the invariant
//! each one broke. Each test names its target.

use hegui::normalize::{self, Options};

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
