//! The genre background: k-grams common across many unrelated public-domain texts (the statutes'
//! stock formulas: 具有下列情形之一的, 由县级以上人民政府…责令改正), shipped with hegui.
//!
//! A fingerprint whose k-gram is in the background is boilerplate of the genre even in a small
//! corpus whose own document frequencies cannot tell: it never makes a document a candidate nor
//! counts towards a passage's rare characters, like a fingerprint found in many indexed documents.
//!
//! The table (`wordlists/dedup/background.bin`) is built by
//! `cargo run --release --example dedup_background -- STATUTES_DIR wordlists/dedup/background.bin`:
//! every k-gram hash (both streams, folded to 32 bits as in the index) found in at least
//! [`MIN_LAWS`] different laws (amended versions of one law counted once). File format: magic
//! `HGBG0001`, then the sorted hashes as LEB128 varint deltas.

use std::collections::HashMap;
use std::sync::OnceLock;

use super::prints::Prints;

/// The shipped table.
const BUNDLED: &[u8] = include_bytes!("../../wordlists/dedup/background.bin");

/// The file magic.
pub const MAGIC: &[u8; 8] = b"HGBG0001";

/// A k-gram found in at least this many different laws is stock phrasing.
pub const MIN_LAWS: usize = 3;

/// Hash bits that pick a bucket of [`Background::starts`].
const BUCKET_BITS: u32 = 16;

/// A sorted set of k-gram hashes.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Background {
    hashes: Vec<u32>,
    /// `starts[b]`: index of the first hash whose top [`BUCKET_BITS`] bits are `b` or more (one
    /// entry more than buckets), so a lookup searches a few hashes instead of the whole table.
    starts: Vec<u32>,
}

impl Background {
    /// The bundled table (decoded once).
    pub fn bundled() -> &'static Background {
        static TABLE: OnceLock<Background> = OnceLock::new();
        TABLE.get_or_init(|| Background::decode(BUNDLED).unwrap_or_default())
    }

    /// The set of `hashes`, which must be sorted.
    fn from_sorted(hashes: Vec<u32>) -> Self {
        let mut starts = Vec::with_capacity((1 << BUCKET_BITS) + 1);
        let mut at = 0usize;
        for b in 0..=1u32 << BUCKET_BITS {
            while hashes.get(at).is_some_and(|&h| h >> (32 - BUCKET_BITS) < b) {
                at += 1;
            }
            starts.push(u32::try_from(at).unwrap_or(u32::MAX));
        }
        Self { hashes, starts }
    }

    /// Whether `h` is a stock k-gram.
    pub fn contains(&self, h: u32) -> bool {
        let b = (h >> (32 - BUCKET_BITS)) as usize;
        let bucket = match (self.starts.get(b), self.starts.get(b + 1)) {
            (Some(&lo), Some(&hi)) => self.hashes.get(lo as usize..hi as usize).unwrap_or_default(),
            _ => &[],
        };
        bucket.binary_search(&h).is_ok()
    }

    /// Hashes in the table.
    pub fn len(&self) -> usize {
        self.hashes.len()
    }

    /// Whether the table is empty.
    pub fn is_empty(&self) -> bool {
        self.hashes.is_empty()
    }

    /// The table of the k-grams found in at least `min_docs` of `docs` (each document: the texts
    /// of one law, its versions together).
    pub fn build<'a>(docs: impl IntoIterator<Item = Vec<&'a str>>, min_docs: usize) -> Self {
        let mut count: HashMap<u32, u32> = HashMap::new();
        for texts in docs {
            let mut mine: Vec<u32> = texts.iter().flat_map(|t| Prints::kgram_hashes(t)).collect();
            mine.sort_unstable();
            mine.dedup();
            for h in mine {
                *count.entry(h).or_default() += 1;
            }
        }
        let mut hashes: Vec<u32> =
            count.into_iter().filter(|&(_, n)| n as usize >= min_docs.max(1)).map(|(h, _)| h).collect();
        hashes.sort_unstable();
        Self::from_sorted(hashes)
    }

    /// The file bytes ([`MAGIC`], then varint deltas).
    pub fn encode(&self) -> Vec<u8> {
        let mut out = MAGIC.to_vec();
        let mut prev = 0u32;
        for &h in &self.hashes {
            let mut d = h - prev;
            prev = h;
            while d >= 0x80 {
                out.push((d as u8) | 0x80);
                d >>= 7;
            }
            out.push(d as u8);
        }
        out
    }

    /// A table from its file bytes; `None` when they are not one.
    pub fn decode(bytes: &[u8]) -> Option<Self> {
        let body = bytes.strip_prefix(MAGIC.as_slice())?;
        let mut hashes = Vec::with_capacity(body.len() / 2);
        let (mut prev, mut d, mut shift) = (0u32, 0u32, 0u32);
        for &b in body {
            d |= u32::from(b & 0x7F).checked_shl(shift)?;
            if b & 0x80 == 0 {
                prev = prev.checked_add(d)?;
                hashes.push(prev);
                d = 0;
                shift = 0;
            } else {
                shift += 7;
                if shift > 28 {
                    return None;
                }
            }
        }
        (shift == 0).then(|| Self::from_sorted(hashes))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundled_table_holds_stock_formulas_not_content() {
        let bg = Background::bundled();
        assert!(bg.len() > 10_000, "{} hashes", bg.len());
        // The bucketed lookup agrees with a search of the whole table, members or not.
        for &h in bg.hashes.iter().step_by(61) {
            for probe in [h, h.wrapping_add(1), h.wrapping_sub(1), h ^ 0x8000_0000, u32::MAX, 0] {
                assert_eq!(bg.contains(probe), bg.hashes.binary_search(&probe).is_ok(), "{probe:#x}");
            }
        }
        let share = |s: &str| {
            let h = Prints::kgram_hashes(s);
            h.iter().filter(|&&h| bg.contains(h)).count() as f64 / h.len().max(1) as f64
        };
        // Stock phrasing of the statutes is in the table; a news sentence mostly is not.
        assert!(share("具有下列情形之一的，由县级以上人民政府有关部门责令改正") > 0.8);
        assert!(share("调查显示超过六成的受访者表示自己经常熬夜其中近三成的人每天睡眠不足") < 0.3);
    }

    #[test]
    fn encoding_round_trips_and_refuses_garbage() {
        let docs = vec![vec!["甲乙丙丁戊己庚辛"], vec!["甲乙丙丁戊子丑"], vec!["子丑寅卯辰巳午", "甲乙丙丁戊"]];
        let bg = Background::build(docs.clone(), 2);
        assert!(!bg.is_empty());
        for h in Prints::kgram_hashes("甲乙丙丁戊") {
            assert!(bg.contains(h), "in all three");
        }
        for h in Prints::kgram_hashes("寅卯辰巳午") {
            assert!(!bg.contains(h), "in one only");
        }
        assert_eq!(Background::decode(&bg.encode()), Some(bg.clone()));
        assert_eq!(Background::decode(b"HGBG0002"), None);
        let mut cut = bg.encode();
        cut.push(0x80);
        assert_eq!(Background::decode(&cut), None, "a varint cut short");
        assert!(Background::build(docs, 4).is_empty());
    }
}
