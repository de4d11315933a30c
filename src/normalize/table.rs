//! The per-character fold table generated at build time by `src/build/fold.rs`.
//!
//! Entry layout (u32): bits 29–31 the [`Class`]; bits 24–28 [`Flags`] naming the steps that changed
//! the character; bits 0–23 the payload: the output character for `Map`, or the offset (bits 8–23)
//! and byte length (bits 0–7) of the output in the string table for `MapStr`.

use std::sync::LazyLock;

static BMP_BYTES: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/fold_bmp.bin"));
static ASTRAL_BYTES: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/fold_astral.bin"));
static STRINGS: &str = include_str!(concat!(env!("OUT_DIR"), "/fold_str.txt"));

fn le(b: &[u8]) -> u32 {
    u32::from_le_bytes([b[0], b[1], b[2], b[3]])
}

static ASTRAL: LazyLock<Box<[(u32, u32)]>> =
    LazyLock::new(|| ASTRAL_BYTES.chunks_exact(8).map(|c| (le(&c[..4]), le(&c[4..]))).collect());

/// How normalization treats a character.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Class {
    /// Kept as it is.
    Keep,
    /// Replaced by one character.
    Map,
    /// Replaced by several characters.
    MapStr,
    /// A separator (space, punctuation, symbol, emoji): dropped, counts toward a rule's gap.
    Skip,
    /// Invisible (zero-width, format, combining mark): dropped, does not count toward a gap.
    Ignore,
    /// A hard boundary (Chinese sentence/clause punctuation, line break): kept; terms never span it.
    Hard,
}

/// Steps that changed a character (bit set).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Flags(pub u8);

impl Flags {
    /// Full-width / compatibility form (NFKC).
    pub const WIDTH: Flags = Flags(1);
    /// Case folding.
    pub const CASE: Flags = Flags(2);
    /// 繁→简 or variant form.
    pub const TRAD: Flags = Flags(4);
    /// Digit form (①, 壹, 〇, full-width digits).
    pub const DIGIT: Flags = Flags(8);
    /// Cyrillic/Greek look-alike folded to Latin.
    pub const CONFUSABLE: Flags = Flags(16);
    /// Every step.
    pub const ALL: Flags = Flags(31);

    /// Whether every step in `self` is in `allowed`.
    pub fn within(self, allowed: Flags) -> bool {
        self.0 & !allowed.0 == 0
    }
}

impl std::ops::BitOr for Flags {
    type Output = Flags;
    fn bitor(self, o: Flags) -> Flags {
        Flags(self.0 | o.0)
    }
}

/// One table entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Entry(u32);

impl Entry {
    /// The class.
    #[inline]
    pub fn class(self) -> Class {
        match self.0 >> 29 {
            0 => Class::Keep,
            1 => Class::Map,
            2 => Class::MapStr,
            3 => Class::Skip,
            4 => Class::Ignore,
            _ => Class::Hard,
        }
    }

    /// The steps that changed the character.
    #[inline]
    pub fn flags(self) -> Flags {
        Flags(((self.0 >> 24) & 0x1F) as u8)
    }

    /// The output character of a `Map` entry.
    #[inline]
    pub fn map_char(self) -> char {
        char::from_u32(self.0 & 0xFF_FFFF).unwrap_or('\u{FFFD}')
    }

    /// The output string of a `MapStr` entry.
    pub fn map_str(self) -> &'static str {
        let off = ((self.0 >> 8) & 0xFFFF) as usize;
        let len = (self.0 & 0xFF) as usize;
        STRINGS.get(off..off + len).unwrap_or("")
    }
}

/// The fold table: the BMP part read in place from the binary (a copy was 256 KiB of fresh pages
/// to fault in, ≈ 1 % of a one-draft check), the astral part loaded on first use.
#[derive(Debug, Clone, Copy)]
pub struct Table {
    /// Four little-endian bytes per BMP character.
    bmp: &'static [u8],
    astral: &'static [(u32, u32)],
}

impl Table {
    /// The table.
    pub fn get() -> Self {
        Self { bmp: BMP_BYTES, astral: &ASTRAL }
    }

    /// The BMP entry of code point `cp`, if `cp` is in the BMP part.
    #[inline]
    fn bmp_entry(self, cp: u32) -> Option<u32> {
        let at = (cp as usize).checked_mul(4)?;
        self.bmp.get(at..at.checked_add(4)?).map(le)
    }

    /// The entry for `c`.
    #[inline]
    pub fn lookup(self, c: char) -> Entry {
        let cp = c as u32;
        if let Some(e) = self.bmp_entry(cp) {
            return Entry(e);
        }
        match self.astral.binary_search_by_key(&cp, |&(k, _)| k) {
            Ok(i) => Entry(self.astral[i].1),
            Err(_) => Entry(0),
        }
    }

    /// The characters of `range` with their entries, in code point order, leaving out astral
    /// characters the table does not list (their entry is `Keep`, as [`Table::lookup`] says):
    /// what `lookup` gives for each character of `range`, without a search per astral one.
    pub fn entries_in(self, range: std::ops::RangeInclusive<u32>) -> impl Iterator<Item = (char, Entry)> {
        let (lo, hi) = (*range.start(), *range.end());
        let bmp_end = (self.bmp.len() / 4) as u32;
        let bmp = (lo.min(bmp_end)..hi.saturating_add(1).min(bmp_end))
            .filter_map(move |cp| Some((char::from_u32(cp)?, Entry(self.bmp_entry(cp)?))));
        let first = self.astral.partition_point(|&(k, _)| k < lo.max(bmp_end));
        let last = self.astral.partition_point(|&(k, _)| k <= hi).max(first);
        let astral = self.astral[first..last].iter().filter_map(|&(k, e)| Some((char::from_u32(k)?, Entry(e))));
        bmp.chain(astral)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fold(c: char) -> (Class, String) {
        let e = Table::get().lookup(c);
        let out = match e.class() {
            Class::Keep | Class::Hard => c.to_string(),
            Class::Map => e.map_char().to_string(),
            Class::MapStr => e.map_str().to_owned(),
            Class::Skip | Class::Ignore => String::new(),
        };
        (e.class(), out)
    }

    #[test]
    fn entries_in_gives_lookup_of_each_listed_character_in_order() {
        let table = Table::get();
        for range in [0x3400u32..=0x4DBF, 0xF900..=0xFAFF, 0xFF00..=0x1_0400, 0x1_F000..=0x3_FFFF, 0x41..=0x5A] {
            let want: Vec<(char, Entry)> = range
                .clone()
                .filter_map(char::from_u32)
                .map(|c| (c, table.lookup(c)))
                .filter(|&(c, e)| (c as u32) < (table.bmp.len() / 4) as u32 || e != Entry(0))
                .collect();
            let got: Vec<(char, Entry)> = table.entries_in(range.clone()).collect();
            assert_eq!(got, want, "{range:?}");
            assert!(got.iter().any(|(_, e)| e.class() != Class::Keep), "{range:?} has entries");
        }
    }

    #[test]
    fn folds() {
        assert_eq!(fold('最'), (Class::Keep, "最".into()));
        assert_eq!(fold('國'), (Class::Map, "国".into()));
        assert_eq!(fold('級'), (Class::Map, "级".into()));
        assert_eq!(fold('Ａ'), (Class::Map, "a".into()));
        assert_eq!(fold('𝐀'), (Class::Map, "a".into()));
        assert_eq!(fold('Ⓐ'), (Class::Map, "a".into()));
        assert_eq!(fold('①'), (Class::Map, "1".into()));
        assert_eq!(fold('⑴'), (Class::Map, "1".into()));
        assert_eq!(fold('⒈'), (Class::Map, "1".into()));
        assert_eq!(fold('壹'), (Class::Map, "1".into()));
        assert_eq!(fold('貳'), (Class::Map, "2".into()));
        assert_eq!(fold('〇'), (Class::Map, "0".into()));
        assert_eq!(fold('５'), (Class::Map, "5".into()));
        assert_eq!(fold('о'), (Class::Map, "o".into())); // Cyrillic
        assert_eq!(fold('Α'), (Class::Map, "a".into())); // Greek
        assert_eq!(fold('Ν'), (Class::Map, "n".into())); // Greek capital Nu, not a v
        assert_eq!(fold('К'), (Class::Map, "k".into())); // Cyrillic
        assert_eq!(fold('一'), (Class::Keep, "一".into()));
        assert_eq!(fold(' ').0, Class::Skip);
        assert_eq!(fold('😀').0, Class::Skip);
        assert_eq!(fold('￥').0, Class::Skip);
        assert_eq!(fold('※').0, Class::Skip);
        assert_eq!(fold('\u{200B}').0, Class::Ignore);
        assert_eq!(fold('\u{FEFF}').0, Class::Ignore);
        assert_eq!(fold('\u{00AD}').0, Class::Ignore);
        assert_eq!(fold('\u{FE0F}').0, Class::Ignore);
        assert_eq!(fold('。').0, Class::Hard);
        assert_eq!(fold('，').0, Class::Hard);
        assert_eq!(fold('\n').0, Class::Hard);
        // Both widths of sentence and clause punctuation are hard; the full stop is not.
        for c in ['!', '?', ';', ',', ':', '…', '！', '？', '；', '：'] {
            assert_eq!(fold(c).0, Class::Hard, "{c}");
        }
        assert_eq!(fold('.').0, Class::Skip);
        assert_eq!(fold('．').0, Class::Skip);
        // Accents and tone marks fold away; enclosed letters fold to the letter.
        assert_eq!(fold('é'), (Class::Map, "e".into()));
        assert_eq!(fold('ǔ'), (Class::Map, "u".into()));
        assert_eq!(fold('Ó'), (Class::Map, "o".into()));
        assert_eq!(fold('⒡'), (Class::Map, "f".into()));
        assert_eq!(fold('ⓕ'), (Class::Map, "f".into()));
        assert_eq!(t_flags('é'), Flags::CONFUSABLE);
        assert_eq!(fold('妳'), (Class::Map, "你".into()));
        assert_eq!(fold('艸'), (Class::Map, "草".into()));
        assert_eq!(t_flags('妳'), Flags::TRAD);
        assert_eq!(fold('a'), (Class::Keep, "a".into()));
        assert_eq!(fold('Z'), (Class::Map, "z".into()));
        assert_eq!(fold('𠮷'), (Class::Keep, "𠮷".into()));
    }

    fn t_flags(c: char) -> Flags {
        Table::get().lookup(c).flags()
    }

    #[test]
    fn flags_name_the_steps() {
        let t = Table::get();
        assert_eq!(t.lookup('國').flags(), Flags::TRAD);
        assert_eq!(t.lookup('Z').flags(), Flags::CASE);
        assert!(Flags::DIGIT.within(t.lookup('①').flags()) || t.lookup('①').flags() == Flags::DIGIT);
        assert!(t.lookup('Ａ').flags().within(Flags::WIDTH | Flags::CASE));
        assert_eq!(t.lookup('о').flags(), Flags::CONFUSABLE);
        assert_eq!(t.lookup('К').flags(), Flags::CONFUSABLE | Flags::CASE);
    }
}
