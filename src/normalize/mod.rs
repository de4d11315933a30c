//! Normalization: folds disguises out of extracted text, keeping a map back to extracted offsets.
//!
//! One pass over the text, one table lookup per character ([`table`], generated at build time):
//! full/half width and compatibility forms (NFKC), case, 繁→简 and variants (OpenCC), digit forms
//! (①⑴⒈ 壹贰 〇), Cyrillic/Greek look-alikes; separators (spaces, punctuation, symbols, emoji)
//! and invisible characters are dropped; Chinese sentence punctuation and line breaks are kept
//! as hard boundaries; runs of the same Han character collapse to one. Terms are normalized by
//! the same function, so `最 佳`, `國家級`, `最最最佳` and `ＮＯ．１` all meet their terms.
//!
//! Rules may turn steps off; detection then re-normalizes a hit's source span with the rule's
//! [`Options`] ([`normalize_with`]) and keeps the hit only if it still equals the term.

mod boundaries;
pub mod phrases;
pub mod table;
mod variants;

pub use boundaries::Boundaries;

use crate::model::OffsetMap;
pub use table::{Class, Flags, Table};
pub use variants::{simplified, widen_han};

/// Which normalization steps apply.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Options {
    /// Folding steps allowed.
    pub steps: Flags,
    /// Collapse runs of the same Han character.
    pub collapse_repeats: bool,
}

impl Options {
    /// Every step: what the scan applies to the whole text.
    pub const FULL: Options = Options { steps: Flags::ALL, collapse_repeats: true };
}

impl Default for Options {
    fn default() -> Self {
        Self::FULL
    }
}

/// Text after normalization, with a map to offsets in the text it came from.
#[derive(Debug, Clone)]
pub struct Normalized {
    /// The normalized text.
    pub text: String,
    /// Map from normalized offsets to offsets in the input text.
    pub map: OffsetMap,
}

/// Whether `s` is nothing but punctuation and spaces (ASCII, general, CJK and full-width
/// punctuation): as a term it would match ordinary punctuation anywhere.
pub fn is_punctuation_only(s: &str) -> bool {
    let punct = |c: char| {
        c.is_whitespace()
            || c.is_ascii_punctuation()
            || matches!(c as u32, 0x2000..=0x206F | 0x3000..=0x303F | 0xFE10..=0xFE1F | 0xFE30..=0xFE4F | 0xFF01..=0xFF0F | 0xFF1A..=0xFF20 | 0xFF3B..=0xFF40 | 0xFF5B..=0xFF65)
    };
    s.chars().all(punct)
}

/// Whether `c` ends a sentence: a line break, or a full stop, exclamation or question mark,
/// semicolon or ellipsis in any width (the sentence ends among the hard boundaries, which also
/// hold clause punctuation such as `，` and `:`). `near` rules and `unless_near` contexts never
/// reach across one.
pub fn ends_sentence(c: char) -> bool {
    matches!(
        c,
        '\n' | '\r'
            | '\u{2028}'
            | '\u{2029}'
            | '。'
            | '｡'
            | '！'
            | '？'
            | '；'
            | '!'
            | '?'
            | ';'
            | '…'
            | '﹒'
            | '﹔'
            | '﹖'
            | '﹗'
            | '︒'
            | '︔'
            | '︕'
            | '︖'
    )
}

/// Whether `c` is a Latin vowel with a pinyin tone mark (or ü).
fn is_toned_vowel(c: char) -> bool {
    "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüĀÁǍÀĒÉĚÈĪÍǏÌŌÓǑÒŪÚǓÙ".contains(c)
}

/// The byte length of a parenthesised pinyin annotation starting at `text` (an opening `(` or
/// `（`), such as `(diǎn)` in `點(diǎn)擊` — an artefact of document-sharing sites and an evasion:
/// up to 16 Latin letters and spaces with at least one tone mark, then `)` or `）`. Callers skip
/// it after a Han character, so it neither breaks a term nor inflates a duplicate passage.
pub fn pinyin_annotation(text: &str) -> Option<usize> {
    let mut chars = text.char_indices();
    let (_, open) = chars.next()?;
    if open != '(' && open != '（' {
        return None;
    }
    let mut toned = false;
    for (n, (i, c)) in chars.enumerate() {
        match c {
            ')' | '）' if toned => return Some(i + c.len_utf8()),
            _ if n >= 16 => return None,
            ' ' => {}
            _ if is_toned_vowel(c) => toned = true,
            _ if c.is_ascii_alphabetic() => {}
            _ => return None,
        }
    }
    None
}

/// Whether `c` is a Han character (CJK unified ideographs and extensions, compatibility ideographs).
#[inline]
pub fn is_han(c: char) -> bool {
    matches!(c as u32, 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x3FFFF)
}

/// Normalizes `text` with every step, recording where each output byte came from.
pub fn normalize(text: &str) -> Normalized {
    let table = Table::get();
    let mut out = String::with_capacity(text.len());
    let mut map = OffsetMap::new();
    // The last output character if it was a Han character (for collapsing repeats).
    let mut prev_han: Option<char> = None;
    let mut skip_to = 0;
    for (i, c) in text.char_indices() {
        if i < skip_to {
            continue;
        }
        let clen = c.len_utf8();
        let e = table.lookup(c);
        match e.class() {
            Class::Keep => {
                if prev_han == Some(c) {
                    map.extend_last(clen, i + clen);
                    continue;
                }
                map.push_copy(out.len(), i, clen);
                out.push(c);
                prev_han = is_han(c).then_some(c);
            }
            Class::Map => {
                let m = e.map_char();
                if prev_han == Some(m) {
                    map.extend_last(m.len_utf8(), i + clen);
                    continue;
                }
                map.push_replace(out.len(), m.len_utf8(), i..i + clen);
                out.push(m);
                prev_han = is_han(m).then_some(m);
            }
            Class::MapStr => {
                let s = e.map_str();
                // Several characters for one: atomic even when as long as the source (ß → ss).
                map.push_atomic(out.len(), s.len(), i..i + clen);
                out.push_str(s);
                prev_han = s.chars().next_back().filter(|&x| is_han(x));
            }
            Class::Skip if prev_han.is_some() => skip_to = pinyin_annotation(&text[i..]).map_or(0, |n| i + n),
            Class::Skip | Class::Ignore => {}
            Class::Hard => {
                map.push_copy(out.len(), i, clen);
                out.push(c);
                prev_han = None;
            }
        }
    }
    Normalized { text: out, map }
}

/// Text folded character for character (繁→简, full width and digit forms only; nothing dropped,
/// merged or reordered), for patterns written in simplified characters: `高達98%` reads as
/// `高达98%`. Offsets map back exactly through the few places where a folded character is
/// shorter in UTF-8 than its source.
#[derive(Debug, PartialEq)]
pub struct Folded<'a> {
    /// The folded text (the input itself when nothing folds).
    pub text: std::borrow::Cow<'a, str>,
    /// (folded offset just after a character whose length changed, source minus folded bytes so
    /// far).
    shifts: Vec<(usize, isize)>,
}

impl Folded<'_> {
    /// The source offset of a folded offset on a character boundary.
    pub fn source(&self, at: usize) -> usize {
        let i = self.shifts.partition_point(|&(f, _)| f <= at);
        at.saturating_add_signed(if i == 0 { 0 } else { self.shifts[i - 1].1 })
    }

    /// The source range of a folded range.
    pub fn source_range(&self, r: std::ops::Range<usize>) -> std::ops::Range<usize> {
        self.source(r.start)..self.source(r.end)
    }

    /// The folded offset of a source offset on a character boundary (the inverse of
    /// [`Folded::source`]).
    ///
    /// Each shift's source offset (its folded offset plus the bytes lost so far) grows with its
    /// folded offset: between two shifts the folded text gains at least the later folded
    /// character, and the source the difference between that character and its source.
    pub fn folded(&self, at: usize) -> usize {
        let i = self.shifts.partition_point(|&(f, lost)| f.saturating_add_signed(lost) <= at);
        at.saturating_add_signed(if i == 0 { 0 } else { -self.shifts[i - 1].1 })
    }
}

/// The largest character boundary of `text` at or before byte `i` (`text.len()` when past it).
pub fn floor_char_boundary(text: &str, i: usize) -> usize {
    let mut i = i.min(text.len());
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// The smallest character boundary of `text` at or after byte `i` (`text.len()` when past it).
pub fn ceil_char_boundary(text: &str, i: usize) -> usize {
    let mut i = i.min(text.len());
    while !text.is_char_boundary(i) {
        i += 1;
    }
    i
}

/// Folds `text` one character for one (see [`Folded`]); borrows when nothing folds.
pub fn fold_chars(text: &str) -> Folded<'_> {
    let mut from = 0;
    folded_at(
        text,
        std::iter::from_fn(|| {
            let (i, c, m) = next_fold(text, from)?;
            from = i + c.len_utf8();
            Some((i, c, m))
        }),
    )
}

/// [`fold_chars`] of `text`, given the offsets of the characters it changes, in order (a scan
/// that reads every character's fold-table entry anyway, the lexicon's, finds them on its way:
/// see [`folds`]). An offset that is not such a character is passed over.
pub fn fold_chars_at<'t>(text: &'t str, offsets: &[u32]) -> Folded<'t> {
    let table = Table::get();
    folded_at(
        text,
        offsets.iter().filter_map(|&i| {
            let i = i as usize;
            let c = text.get(i..)?.chars().next()?;
            Some((i, c, char_fold_entry(table, c)?))
        }),
    )
}

/// The folded text of `text` whose changed characters are `found` (offset, character, what it
/// folds to), in order.
fn folded_at(text: &str, mut found: impl Iterator<Item = (usize, char, char)>) -> Folded<'_> {
    let Some(first) = found.next() else {
        return Folded { text: std::borrow::Cow::Borrowed(text), shifts: Vec::new() };
    };
    let mut out = String::with_capacity(text.len());
    let mut shifts = Vec::new();
    let mut lost: isize = 0;
    // Characters that stay as they are are copied in runs.
    let mut run = 0;
    for (i, c, m) in std::iter::once(first).chain(found) {
        out.push_str(&text[run..i]);
        run = i + c.len_utf8();
        out.push(m);
        if m.len_utf8() != c.len_utf8() {
            // Both are 1 to 4 bytes: the cast cannot wrap.
            lost += c.len_utf8() as isize - m.len_utf8() as isize;
            shifts.push((out.len(), lost));
        }
    }
    out.push_str(&text[run..]);
    Folded { text: std::borrow::Cow::Owned(out), shifts }
}

/// The first character of `text` at or after byte `from` (a character boundary) that
/// [`fold_chars`] changes: its offset, the character and what it folds to.
///
/// A BMP character is tested on [`CHAR_FOLDS`] straight from its UTF-8 bytes (two or three
/// table-free steps per character, where decoding it first costs twice that on CJK text); the rare
/// others go through the fold table.
fn next_fold(text: &str, from: usize) -> Option<(usize, char, char)> {
    let (bits, table): (&[u64; BMP_WORDS], Table) = (&CHAR_FOLDS, Table::get());
    let bytes = text.as_bytes();
    let bit = |cp: u32| bits[(cp >> 6) as usize] & (1 << (cp & 63)) != 0;
    // `text` is UTF-8, so a lead byte is followed by its continuation bytes.
    let cont = |i: usize| u32::from(bytes[i] & 0x3F);
    let mut i = from;
    while let Some(&b) = bytes.get(i) {
        let (cp, len) = match b {
            0..=0x7F => (u32::from(b), 1),
            0xE0..=0xEF => ((u32::from(b & 0x0F) << 12) | (cont(i + 1) << 6) | cont(i + 2), 3),
            0xC0..=0xDF => ((u32::from(b & 0x1F) << 6) | cont(i + 1), 2),
            _ => {
                let c = text[i..].chars().next()?;
                if let Some(m) = char_fold_entry(table, c) {
                    return Some((i, c, m));
                }
                i += c.len_utf8();
                continue;
            }
        };
        if bit(cp)
            && let Some(c) = char::from_u32(cp)
            && let Some(m) = char_fold_entry(table, c)
        {
            return Some((i, c, m));
        }
        i += len;
    }
    None
}

/// The steps [`fold_chars`] applies.
const CHAR_FOLD_STEPS: Flags = Flags(Flags::TRAD.0 | Flags::WIDTH.0 | Flags::DIGIT.0);

/// What [`fold_chars`] turns `c` into, when that differs from `c`.
fn char_fold_entry(table: Table, c: char) -> Option<char> {
    folds(table.lookup(c), c)
}

/// What [`fold_chars`] turns `c` into (`c` itself when it does not change it), for callers that
/// fold a few characters of the source where they need them instead of copying the text.
#[inline]
pub(crate) fn fold_char(c: char) -> char {
    char_fold_entry(Table::get(), c).unwrap_or(c)
}

/// Whether [`fold_chars`] changes `c`, whose fold-table entry is `e` (a [`Class::Map`] one).
#[inline]
pub(crate) fn folds(e: table::Entry, c: char) -> Option<char> {
    (e.class() == Class::Map && e.flags().within(CHAR_FOLD_STEPS)).then(|| e.map_char()).filter(|&m| m != c)
}

/// Loads the fold table and builds [`CHAR_FOLDS`] now (see [`crate::detect::warm_up`]).
pub(crate) fn warm_up() {
    let _ = Table::get();
    std::sync::LazyLock::force(&CHAR_FOLDS);
}

/// Words of [`CHAR_FOLDS`]: one bit per BMP character.
const BMP_WORDS: usize = 0x10000 / 64;

/// One bit per BMP character: whether [`fold_chars`] changes it (8 KiB, where the fold table is
/// 256 KiB: the per-character test stays in the first-level cache).
static CHAR_FOLDS: std::sync::LazyLock<Box<[u64; BMP_WORDS]>> = std::sync::LazyLock::new(|| {
    let table = Table::get();
    let mut bits = Box::new([0u64; BMP_WORDS]);
    for cp in 0..0x10000u32 {
        if char::from_u32(cp).is_some_and(|c| char_fold_entry(table, c).is_some()) {
            bits[(cp / 64) as usize] |= 1 << (cp % 64);
        }
    }
    bits
});

/// Normalizes `text` with only the steps in `opts` (no offset map): for terms and for re-checking
/// a hit's source span under a rule's options. A character that needs a disallowed step is kept
/// as it is.
pub fn normalize_with(text: &str, opts: &Options) -> String {
    let table = Table::get();
    let mut out = String::with_capacity(text.len());
    let mut prev_han: Option<char> = None;
    let mut skip_to = 0;
    for (i, c) in text.char_indices() {
        if i < skip_to {
            continue;
        }
        let e = table.lookup(c);
        let class = if e.flags().within(opts.steps) { e.class() } else { Class::Keep };
        if class == Class::Skip && prev_han.is_some() {
            skip_to = pinyin_annotation(&text[i..]).map_or(0, |n| i + n);
        }
        let piece: Option<char> = match class {
            Class::Keep | Class::Hard => Some(c),
            Class::Map => Some(e.map_char()),
            Class::MapStr => {
                let s = e.map_str();
                out.push_str(s);
                // As in `normalize`: a repeat of the last folded character collapses into it.
                prev_han = s.chars().next_back().filter(|&x| is_han(x));
                None
            }
            Class::Skip | Class::Ignore => None,
        };
        if let Some(m) = piece {
            if opts.collapse_repeats && prev_han == Some(m) {
                continue;
            }
            out.push(m);
            prev_han = (is_han(m) && class != Class::Hard).then_some(m);
        }
    }
    out
}

/// The letter case of each cased letter `text` keeps after normalization with `opts` (for rules
/// that fold width but not case: `ＶＩＰ` has the case of `VIP`, not of `vip`).
pub fn case_signature(text: &str, opts: &Options) -> Vec<bool> {
    let table = Table::get();
    text.chars()
        .filter(|&c| {
            let e = table.lookup(c);
            !matches!(e.class(), Class::Skip | Class::Ignore) && (c.is_uppercase() || c.is_lowercase())
        })
        .filter(|_| opts.steps.0 & Flags::CASE.0 == 0)
        .map(char::is_uppercase)
        .collect()
}

/// The class of a character (for gap and boundary checks on source text).
#[inline]
pub fn class_of(c: char) -> Class {
    Table::get().lookup(c).class()
}

/// Whether `c` folds to an ASCII letter or digit (for Latin word boundaries).
pub fn folds_to_ascii_alnum(c: char) -> bool {
    fold_ascii_alnum(c).is_some()
}

/// The ASCII letter or digit `c` folds to (the first one, for a character that folds to
/// several), if any: for Latin word boundaries.
pub fn fold_ascii_alnum(c: char) -> Option<char> {
    let e = Table::get().lookup(c);
    match e.class() {
        Class::Keep | Class::Hard => Some(c),
        Class::Map => Some(e.map_char()),
        Class::MapStr => e.map_str().chars().find(char::is_ascii_alphanumeric),
        Class::Skip | Class::Ignore => None,
    }
    .filter(char::is_ascii_alphanumeric)
}

#[cfg(test)]
mod tests {
    #[test]
    fn folded_text_maps_back_to_the_source_characters() {
        let src = "輔導學生，成功率高達９８％！abc";
        let f = super::fold_chars(src);
        assert_eq!(f.text, "辅导学生，成功率高达98％！abc");
        let at = f.text.find("高达98").expect("folded");
        let r = f.source_range(at..at + "高达98".len());
        assert_eq!(&src[r], "高達９８");
        // Every character boundary maps to a boundary holding the same character count.
        for (i, _) in f.text.char_indices() {
            let s = f.source(i);
            assert!(src.is_char_boundary(s));
            assert_eq!(src[..s].chars().count(), f.text[..i].chars().count());
        }
        assert_eq!(f.source(f.text.len()), src.len());
        assert!(matches!(super::fold_chars("简体中文，没有要折叠的。").text, std::borrow::Cow::Borrowed(_)));
    }

    use super::*;

    proptest::proptest! {
        #[test]
        fn folding_matches_the_fold_table_char_by_char(
            src in "[a-zA-Z0-9%!？ é©αΩ\u{7ff}\u{800}中國學達９８％①\u{ffff}\u{10000}𝟗𠀀\u{10ffff}\n]{0,40}"
        ) {
            let table = Table::get();
            let want: String = src.chars().map(|c| char_fold_entry(table, c).unwrap_or(c)).collect();
            let f = fold_chars(&src);
            proptest::prop_assert_eq!(f.text.as_ref(), want.as_str());
            for (i, _) in f.text.char_indices() {
                proptest::prop_assert_eq!(src[..f.source(i)].chars().count(), f.text[..i].chars().count());
            }
            // `folded` inverts `source` on every character boundary, the ends included.
            for i in (0..=f.text.len()).filter(|&i| f.text.is_char_boundary(i)) {
                proptest::prop_assert_eq!(f.folded(f.source(i)), i);
            }
            for s in (0..=src.len()).filter(|&s| src.is_char_boundary(s)) {
                proptest::prop_assert_eq!(f.source(f.folded(s)), s);
            }
        }
    }

    #[test]
    fn char_boundaries_round_down_and_up_within_the_text() {
        let text = "a最𠀀b";
        let floors: Vec<usize> = (0..=10).map(|i| floor_char_boundary(text, i)).collect();
        let ceils: Vec<usize> = (0..=10).map(|i| ceil_char_boundary(text, i)).collect();
        assert_eq!(floors, [0, 1, 1, 1, 4, 4, 4, 4, 8, 9, 9]);
        assert_eq!(ceils, [0, 1, 4, 4, 4, 8, 8, 8, 8, 9, 9]);
    }

    fn check(src: &str, want: &str) -> Normalized {
        let n = normalize(src);
        assert_eq!(n.text, want, "normalize({src:?})");
        assert_eq!(normalize_with(src, &Options::FULL), want);
        n
    }

    #[test]
    fn folds_and_maps_back() {
        let n = check("本品 最 佳！", "本品最佳！");
        let at = n.text.find("最佳").unwrap();
        let r = n.map.map_range(at..at + 6);
        assert_eq!(&"本品 最 佳！"[r], "最 佳");
        let src = "國家級產品";
        let n = check(src, "国家级产品");
        assert_eq!(&src[n.map.map_range(0..9)], "國家級");
        let src = "ＮＯ．１";
        let n = check(src, "no1");
        assert_eq!(&src[n.map.map_range(0..3)], "ＮＯ．１");
    }

    #[test]
    fn repeats_collapse_onto_the_first() {
        let src = "这是最最最佳的";
        let n = check(src, "这是最佳的");
        let at = n.text.find("最佳").unwrap();
        assert_eq!(&src[n.map.map_range(at..at + 6)], "最最最佳");
        // Separated repeats collapse too; hard boundaries stop it.
        check("最 最佳", "最佳");
        check("好。好", "好。好");
        // Latin letters do not collapse.
        check("good", "good");
    }

    #[test]
    fn invisible_and_emoji() {
        let src = "最\u{200B}😀\u{FE0F}佳";
        let n = check(src, "最佳");
        assert_eq!(n.map.map_range(0..6), 0..src.len());
    }

    #[test]
    fn options_turn_steps_off() {
        let no_trad = Options { steps: Flags(Flags::ALL.0 & !Flags::TRAD.0), collapse_repeats: true };
        assert_eq!(normalize_with("發票", &no_trad), "發票");
        assert_eq!(normalize_with("發票", &Options::FULL), "发票");
        let no_collapse = Options { steps: Flags::ALL, collapse_repeats: false };
        assert_eq!(normalize_with("哈哈大笑", &no_collapse), "哈哈大笑");
        assert_eq!(normalize_with("哈哈大笑", &Options::FULL), "哈大笑");
    }

    #[test]
    fn digits_and_percent() {
        check("壹〇〇%有效", "100有效");
        check("①⑵⒊", "123");
    }

    #[test]
    fn sentence_ends_are_hard_boundaries_in_every_width() {
        for c in "。！？；!?;…\n".chars() {
            assert!(ends_sentence(c), "{c:?}");
            assert_eq!(class_of(c), Class::Hard, "{c:?}");
        }
        for c in "，、：,:".chars() {
            assert!(!ends_sentence(c), "{c:?}");
            assert_eq!(class_of(c), Class::Hard, "{c:?}");
        }
        assert!(!ends_sentence('.'));
        check("你！好，你!好", "你！好，你!好");
        check("café dǔ bó", "cafedubo");
    }

    #[test]
    fn pinyin_annotations_after_han_are_skipped() {
        let src = "點(diǎn)擊這裡";
        let n = check(src, "点击这里");
        assert_eq!(&src[n.map.map_range(0..6)], "點(diǎn)擊");
        check("点（diǎn）击", "点击");
        // Only after a Han character, only with a tone mark, only letters.
        check("加微信(vx)", "加微信vx");
        check("(diǎn)", "dian");
        check("点(dian)击", "点dian击");
        assert_eq!(pinyin_annotation("(diǎn)x"), Some("(diǎn)".len()));
        assert_eq!(pinyin_annotation("(diǎn1)"), None);
        assert_eq!(pinyin_annotation("(diǎn"), None);
    }

    #[test]
    fn latin_boundary_helper() {
        assert!(folds_to_ascii_alnum('Ａ'));
        assert!(folds_to_ascii_alnum('0'));
        assert!(!folds_to_ascii_alnum('最'));
        assert!(!folds_to_ascii_alnum(' '));
    }
}
