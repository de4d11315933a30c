//! Traditional and variant forms of Han characters, for patterns that run on unfolded text.
//!
//! Most rules match folded text, where 下單 is already 下单. A few patterns (the advertising cues,
//! the editorial words) run on the extracted text itself, so their positions need no map; without
//! help they would see 立即下单 but not 立即下單. [`widen_han`] rewrites such a pattern so that each
//! Han character also matches every character the fold table turns into it.

use std::sync::LazyLock;

use super::is_han;
use super::table::{Class, Flags, Table};

/// Each (character, other single character that folds to it through a 繁→简 or variant step)
/// pair (这 ← 這; 说 ← 說, 説), sorted (so each character's sources are in code point order).
/// A sorted list, not a hash map: built in a fraction of the time (a map of vectors was ≈ 3 % of
/// the start-up of a check of one small draft, mostly rehashing), and read only by [`widen_han`].
static SOURCES: LazyLock<Vec<(char, char)>> = LazyLock::new(|| {
    let table = Table::get();
    let ranges = [0x3400u32..=0x4DBF, 0x4E00..=0x9FFF, 0xF900..=0xFAFF, 0x20000..=0x3FFFF];
    // Entries read in order from the table (a search per astral code point took ≈ 4 ms).
    let mut pairs: Vec<(char, char)> = ranges
        .into_iter()
        .flat_map(|r| table.entries_in(r))
        .filter(|(_, e)| e.class() == Class::Map && e.flags().0 & Flags::TRAD.0 != 0)
        .map(|(c, e)| (e.map_char(), c))
        .filter(|&(to, c)| to != c && is_han(to))
        .collect();
    pairs.sort_unstable();
    pairs
});

/// `pattern` (a `regex` crate pattern) with each Han character that other characters fold to
/// replaced by a class of it and them: `立即下单` becomes `立即下[单單]`. A class nested in a
/// class is a union in the `regex` syntax, so characters inside `[…]` and `[^…]` widen too.
/// Han characters are never regex syntax, so nothing else changes meaning.
pub fn widen_han(pattern: &str) -> String {
    let sources = &*SOURCES;
    let mut out = String::with_capacity(pattern.len() * 2);
    for c in pattern.chars() {
        let from = sources.partition_point(|&(to, _)| to < c);
        let n = sources[from..].partition_point(|&(to, _)| to == c);
        if n > 0 && is_han(c) {
            out.push('[');
            out.push(c);
            out.extend(sources[from..from + n].iter().map(|&(_, o)| o));
            out.push(']');
        } else {
            out.push(c);
        }
    }
    out
}

/// The character `c` folds to when that is a 繁→简 or variant step (這 → 这, 過 → 过), else `c`.
pub fn simplified(c: char) -> char {
    let e = Table::get().lookup(c);
    if e.class() == Class::Map && e.flags().0 & Flags::TRAD.0 != 0 { e.map_char() } else { c }
}

#[cfg(test)]
mod tests {
    use super::widen_han;
    use regex::Regex;

    #[test]
    fn a_widened_pattern_matches_traditional_forms_where_the_original_did_simplified() {
        let re = Regex::new(&widen_han(r"(?:立即|马上)(?:下单|购买)|欢迎选购")).expect("valid");
        assert!(re.is_match("立即下單"));
        assert!(re.is_match("馬上購買"));
        assert!(re.is_match("歡迎選購"));
        assert!(re.is_match("立即下单"));
        assert!(!re.is_match("立即下班"));
    }

    #[test]
    fn classes_and_negated_classes_widen_as_unions() {
        let re = Regex::new(&widen_han(r"本品[^，。说对]{0,3}有效")).expect("valid");
        assert!(re.is_match("本品確實有效"));
        assert!(!re.is_match("本品說有效"), "說 is 说, which the negated class excludes");
        assert!(!re.is_match("本品对有效"));
        let re = Regex::new(&widen_han(r"[一二三]折")).expect("valid");
        assert!(re.is_match("三折"));
    }

    #[test]
    fn patterns_without_variant_characters_are_unchanged() {
        assert_eq!(widen_han(r"[¥￥]\s*\d|QQ"), r"[¥￥]\s*\d|QQ");
        assert_eq!(widen_han("本品"), "本品");
    }
}
