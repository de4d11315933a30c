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
