//! The inverted index: sorted (hash, document slot) pairs with a bucket table, built in one
//! exact allocation.

use rayon::prelude::*;

/// The inverted index: every (hash, slot) pair as one `u64` (hash in the high half), sorted, with
/// a table of where each value of the hash's top bits starts. Eight bytes a posting and no
/// per-key overhead; built in place (one allocation of the exact size, sorted where it lies).
#[derive(Debug, Clone, Default)]
pub(super) struct Postings {
    /// The sorted `(hash << 32 | slot)` pairs.
    pub(super) pairs: Vec<u64>,
    /// `starts[b]`: index of the first pair whose hash has top bits ≥ `b`; one entry more.
    pub(super) starts: Vec<usize>,
    /// Hash bits not in the bucket number (32 − bucket bits).
    pub(super) shift: u32,
}

impl Postings {
    /// Sorts and de-duplicates `(hash << 32 | slot)` pairs and indexes them.
    pub(super) fn build(mut pairs: Vec<u64>) -> Self {
        pairs.par_sort_unstable();
        pairs.dedup();
        // About four pairs a bucket, between 2^4 and 2^22 buckets.
        let bits = (usize::BITS - (pairs.len() / 4).leading_zeros()).clamp(4, 22);
        let shift = 32 - bits;
        let mut starts = Vec::with_capacity((1usize << bits) + 1);
        let mut at = 0usize;
        for b in 0..(1u64 << bits) {
            while pairs.get(at).is_some_and(|&p| (p >> 32 >> shift) < b) {
                at += 1;
            }
            starts.push(at);
        }
        starts.push(pairs.len());
        Self { pairs, starts, shift }
    }

    /// Slots holding hash `h`, ascending.
    pub(super) fn get(&self, h: u32) -> impl Iterator<Item = u32> + '_ {
        let b = (h >> self.shift) as usize;
        let bucket = match (self.starts.get(b), self.starts.get(b + 1)) {
            (Some(&a), Some(&z)) => self.pairs.get(a..z).unwrap_or_default(),
            _ => &[],
        };
        let key = u64::from(h) << 32;
        let from = bucket.partition_point(|&p| p < key);
        bucket[from..].iter().take_while(move |&&p| p >> 32 == u64::from(h)).map(|&p| p as u32)
    }

    /// Distinct hashes.
    pub(super) fn keys(&self) -> usize {
        self.pairs.iter().zip(self.pairs.iter().skip(1)).filter(|(a, b)| *a >> 32 != *b >> 32).count()
            + usize::from(!self.pairs.is_empty())
    }
}
