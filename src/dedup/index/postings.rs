//! The inverted index: four bytes a posting, grouped in buckets by the hash's top bits, built in
//! one exact allocation.

use std::sync::atomic::{AtomicU32, AtomicU64, Ordering};

use rayon::prelude::*;

use super::u64_of;

/// The inverted index from fingerprint hash to document slots.
///
/// A hash's top `bucket_bits` bits pick a bucket (`starts` gives where each begins); the bucket
/// holds one `u32` per (hash, slot) pair: the hash's remaining `32 − bucket_bits` bits above the
/// slot's `slot_bits` bits, sorted. `bucket_bits ≥ slot_bits` makes the two fit in 32 bits, so a
/// posting takes four bytes, and the table 0.5 to 1 byte more per posting.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(super) struct Postings {
    /// The packed postings, bucket after bucket, each bucket sorted.
    pub(super) postings: Vec<u32>,
    /// `starts[b]`: index of bucket `b`'s first posting; one entry more than buckets (empty when
    /// there are no buckets).
    pub(super) starts: Vec<u64>,
    /// Hash bits that pick the bucket.
    pub(super) bucket_bits: u32,
    /// Bits of a posting that hold the slot.
    pub(super) slot_bits: u32,
}

/// Bits needed for slots below `slots` (at least 1).
fn bits_for(slots: usize) -> u32 {
    (usize::BITS - slots.saturating_sub(1).leading_zeros()).max(1)
}

/// `value` (at most 32 bits) shifted left, as the 32-bit posting it is part of.
fn shl(value: u32, by: u32) -> u32 {
    (u64::from(value) << by) as u32
}

impl Postings {
    /// Bucket bits for `postings` postings over `slots` slots: 8 to 16 postings a bucket (the
    /// table then costs 0.5 to 1 byte a posting), and at least as many bits as the slots take.
    pub(super) fn bucket_bits(postings: usize, slots: usize) -> u32 {
        let target = usize::BITS - (postings / 16).leading_zeros();
        target.clamp(4, 32).max(bits_for(slots))
    }

    /// Whether the parameters are ones [`Postings::build`] could have chosen for `slots` slots (a
    /// file's are checked before its tables are allocated).
    pub(super) fn valid_bits(bucket_bits: u32, slot_bits: u32, slots: usize) -> bool {
        slot_bits == bits_for(slots) && (slot_bits.max(4)..=32).contains(&bucket_bits)
    }

    /// Builds the postings of `slots` documents; `hashes(i)` gives document `i`'s hashes (in any
    /// order, repeats allowed) or `None` when they cannot be read, which fails the build with that
    /// document's slot (the lowest such). The hashes are read three times (to size the table, to
    /// count, to place), so the only large allocations are the postings and the bucket table, of
    /// their exact sizes.
    pub(super) fn build<I, F>(slots: usize, hashes: F) -> Result<Self, usize>
    where
        I: ExactSizeIterator<Item = u32>,
        F: Fn(usize) -> Option<I> + Sync,
    {
        // Each document's distinct hashes, sorted (a document's pairs are then distinct).
        let distinct = |i: usize| {
            hashes(i).map(|h| {
                let mut v: Vec<u32> = h.collect();
                v.sort_unstable();
                v.dedup();
                v
            })
        };
        // The table is sized for the hashes before repeats are dropped.
        let estimate: usize = (0..slots).into_par_iter().map(|i| hashes(i).map_or(0, |h| h.len())).sum();
        let slot_bits = bits_for(slots);
        let bucket_bits = Self::bucket_bits(estimate, slots);
        let shift = 32 - bucket_bits;
        let bucket = |h: u32| (u64::from(h) >> shift) as usize;
        let residual = |h: u32| if shift == 0 { 0 } else { h & (u32::MAX >> bucket_bits) };
        // Count per bucket, turn the counts into cursors, then place every posting at its
        // bucket's cursor.
        let cursors: Vec<AtomicU64> = (0..1usize << bucket_bits).map(|_| AtomicU64::new(0)).collect();
        let failed = AtomicU64::new(u64::MAX);
        (0..slots).into_par_iter().for_each(|i| match distinct(i) {
            Some(v) => v.iter().for_each(|&h| {
                cursors[bucket(h)].fetch_add(1, Ordering::Relaxed);
            }),
            None => {
                failed.fetch_min(i as u64, Ordering::Relaxed);
            }
        });
        if let Ok(bad) = usize::try_from(failed.load(Ordering::Relaxed))
            && bad < slots
        {
            return Err(bad);
        }
        let mut starts = Vec::with_capacity(cursors.len() + 1);
        let mut at = 0u64;
        for c in &cursors {
            starts.push(at);
            at += c.swap(at, Ordering::Relaxed);
        }
        starts.push(at);
        let placed: Vec<AtomicU32> = (0..at).map(|_| AtomicU32::new(0)).collect();
        (0..slots).into_par_iter().for_each(|i| {
            for h in distinct(i).unwrap_or_default() {
                let p = cursors[bucket(h)].fetch_add(1, Ordering::Relaxed);
                if let Some(cell) = placed.get(p as usize) {
                    cell.store(shl(residual(h), slot_bits) | i as u32, Ordering::Relaxed);
                }
            }
        });
        // Every bucket filled exactly (the hashes read the same twice).
        if cursors.iter().zip(&starts[1..]).any(|(c, &s)| c.load(Ordering::Relaxed) != s) {
            return Err(0);
        }
        drop(cursors);
        // Same size and alignment: collected in place, no second copy.
        let mut postings: Vec<u32> = placed.into_iter().map(AtomicU32::into_inner).collect();
        // Sort every bucket, in parallel over groups of consecutive buckets.
        let buckets = starts.len() - 1;
        let step = buckets.div_ceil(1024).max(1);
        let mut groups: Vec<(usize, &mut [u32])> = Vec::new();
        let mut rest = postings.as_mut_slice();
        for b0 in (0..buckets).step_by(step) {
            let b1 = (b0 + step).min(buckets);
            let (mine, others) = rest.split_at_mut((starts[b1] - starts[b0]) as usize);
            groups.push((b0, mine));
            rest = others;
        }
        groups.into_par_iter().for_each(|(b0, g)| {
            let base = starts[b0];
            for w in starts[b0..].windows(2).take(step) {
                if let Some(bucket) = g.get_mut((w[0] - base) as usize..(w[1] - base) as usize) {
                    bucket.sort_unstable();
                }
            }
        });
        Ok(Self { postings, starts, bucket_bits, slot_bits })
    }

    /// Adds the postings of slots `first..slots` (documents appended after the ones `self` was
    /// built for; `hashes` as for [`Postings::build`]) by merging them into the buckets in place:
    /// the table grows by the new postings and every bucket after the first new one moves up,
    /// one pass over the postings instead of a rebuild that reads every document's hashes again.
    /// `false` (and `self` unchanged) when the slots need more bits than the postings have room
    /// for, when the new postings outnumber the old or a rebuild would pick a wider table (buckets
    /// would grow past the size the table aims at), or when a new document's hashes cannot be read.
    pub(super) fn append<I, F>(&mut self, first: usize, slots: usize, hashes: F) -> bool
    where
        I: ExactSizeIterator<Item = u32>,
        F: Fn(usize) -> Option<I>,
    {
        if self.starts.is_empty() || first > slots || bits_for(slots) != self.slot_bits {
            return false;
        }
        let shift = 32 - self.bucket_bits;
        let bucket = |h: u32| (u64::from(h) >> shift) as usize;
        let residual = |h: u32| if shift == 0 { 0 } else { h & (u32::MAX >> self.bucket_bits) };
        // (bucket, posting) of every new pair, in table order.
        let mut new: Vec<(usize, u32)> = Vec::new();
        let mut raw = 0;
        for i in first..slots {
            let Some(h) = hashes(i) else { return false };
            raw += h.len();
            let mut v: Vec<u32> = h.collect();
            v.sort_unstable();
            v.dedup();
            new.extend(v.into_iter().map(|h| (bucket(h), shl(residual(h), self.slot_bits) | i as u32)));
        }
        // A rebuild would pick a wider table (it sizes by at least this many postings): rebuild,
        // so that buckets stay within the sizes `bucket_bits` aims at.
        if new.len() > self.postings.len() || Self::bucket_bits(self.postings.len() + raw, slots) != self.bucket_bits {
            return false;
        }
        new.sort_unstable();
        let old_len = self.postings.len();
        self.postings.resize(old_len + new.len(), 0);
        // From the last bucket down: the old postings above it move up by the new ones not yet
        // placed, then the bucket is merged from its end (writes never overtake reads).
        let mut pending = new.len();
        let mut moved_to = old_len; // old postings at and above this index are in place
        while pending > 0 {
            let b = new[pending - 1].0;
            let from = new.partition_point(|&(x, _)| x < b);
            let (Some(&lo), Some(&hi)) = (self.starts.get(b), self.starts.get(b + 1)) else { return false };
            let (lo, hi) = (lo as usize, hi as usize);
            self.postings.copy_within(hi..moved_to, hi + pending);
            let mut w = hi + pending; // one past the next write
            let mut r = hi; // one past the next old posting to read
            let mut n = pending; // one past the next new posting to place
            while n > from {
                let p = new[n - 1].1;
                if r > lo && self.postings[r - 1] > p {
                    self.postings[w - 1] = self.postings[r - 1];
                    r -= 1;
                } else {
                    self.postings[w - 1] = p;
                    n -= 1;
                }
                w -= 1;
            }
            // The rest of the old bucket sits below and moves up by what is still pending.
            self.postings.copy_within(lo..r, lo + from);
            moved_to = lo;
            pending = from;
        }
        // Each bucket starts later by the new postings of the buckets before it.
        let mut before = 0usize;
        let mut at = 0;
        for (b, s) in self.starts.iter_mut().enumerate() {
            while at < new.len() && new[at].0 < b {
                at += 1;
                before += 1;
            }
            *s += u64_of(before);
        }
        true
    }

    /// Slots holding hash `h`, ascending.
    pub(super) fn get(&self, h: u32) -> impl Iterator<Item = u32> + '_ {
        let shift = 32 - self.bucket_bits.min(32);
        let b = (u64::from(h) >> shift) as usize;
        let bucket = match (self.starts.get(b), self.starts.get(b + 1)) {
            (Some(&a), Some(&z)) => self.postings.get(a as usize..z as usize).unwrap_or_default(),
            _ => &[],
        };
        let residual = if shift == 0 { 0 } else { h & (u32::MAX >> self.bucket_bits) };
        let slot_bits = self.slot_bits;
        let key = shl(residual, slot_bits);
        let from = bucket.partition_point(|&p| p < key);
        let mask = shl(1, slot_bits).wrapping_sub(1);
        bucket[from..].iter().take_while(move |&&p| p & !mask == key).map(move |&p| p & mask)
    }

    /// Calls `each(hash, slots)` for every hash of the table with its slots (ascending), walking
    /// the postings once in table order (hashes ascending); groups of buckets are walked in
    /// parallel, each group's calls in order. `each` returns a value per group of buckets, which
    /// are combined with `join` (starting from `T::default()`).
    pub(super) fn walk<T, F, J>(&self, each: F, join: J) -> T
    where
        T: Default + Send,
        F: Fn(&mut T, u32, &[u32]) + Sync,
        J: Fn(T, T) -> T + Sync + Send,
    {
        let buckets = self.starts.len().saturating_sub(1);
        if buckets == 0 {
            return T::default();
        }
        let shift = 32 - self.bucket_bits.min(32);
        let slot_bits = self.slot_bits;
        let mask = shl(1, slot_bits).wrapping_sub(1);
        let step = buckets.div_ceil(256).max(1);
        let groups = buckets.div_ceil(step);
        let group = |b0: usize| {
            let mut acc = T::default();
            let mut slots: Vec<u32> = Vec::new();
            for b in b0..(b0 + step).min(buckets) {
                let (Some(&lo), Some(&hi)) = (self.starts.get(b), self.starts.get(b + 1)) else { continue };
                let bucket = self.postings.get(lo as usize..hi as usize).unwrap_or_default();
                let mut at = 0;
                while let Some(&first) = bucket.get(at) {
                    let key = first & !mask;
                    slots.clear();
                    slots.extend(bucket[at..].iter().take_while(|&&p| p & !mask == key).map(|&p| p & mask));
                    at += slots.len();
                    let residual = (u64::from(key) >> slot_bits) as u32;
                    let hash = ((b as u64) << shift) as u32 | residual;
                    each(&mut acc, hash, &slots);
                }
            }
            acc
        };
        (0..groups).into_par_iter().map(|g| group(g * step)).reduce(T::default, join)
    }

    /// Distinct hashes.
    pub(super) fn keys(&self) -> usize {
        let mask = shl(1, self.slot_bits).wrapping_sub(1);
        self.starts
            .windows(2)
            .map(|w| {
                let bucket = self.postings.get(w[0] as usize..w[1] as usize).unwrap_or_default();
                bucket.iter().zip(bucket.iter().skip(1)).filter(|(a, b)| *a & !mask != *b & !mask).count()
                    + usize::from(!bucket.is_empty())
            })
            .sum()
    }

    /// Checks a table read from a file for `slots` documents: bucket starts from 0 rising to the
    /// end, every bucket sorted without repeats, every slot below `slots`. What is wrong, if
    /// anything. (Loading checks the same as it reads.)
    #[cfg(test)]
    pub(super) fn check(&self, slots: usize) -> Result<(), String> {
        if !Self::valid_bits(self.bucket_bits, self.slot_bits, slots) {
            return Err(format!("bad posting parameters {} / {}", self.bucket_bits, self.slot_bits));
        }
        let buckets = 1usize << self.bucket_bits;
        if self.starts.len() != buckets + 1
            || self.starts.first() != Some(&0)
            || self.starts.last() != Some(&(self.postings.len() as u64))
            || self.starts.windows(2).any(|w| w[0] > w[1])
        {
            return Err("bad posting bucket table".into());
        }
        let mask = shl(1, self.slot_bits).wrapping_sub(1);
        let slots = u64_of(slots);
        let mut bad = false;
        for w in self.starts.windows(2) {
            let bucket = self.postings.get(w[0] as usize..w[1] as usize).unwrap_or_default();
            if let Some((&first, rest)) = bucket.split_first() {
                bad |= u64::from(first & mask) >= slots;
                let mut prev = first;
                for &p in rest {
                    bad |= p <= prev || u64::from(p & mask) >= slots;
                    prev = p;
                }
            }
        }
        if bad {
            return Err("postings out of order or naming no document".into());
        }
        Ok(())
    }
}
