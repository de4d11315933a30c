//! A fast hasher for build-time tables keyed by term text (the de-duplication of a word list and
//! the lexicon's table of normalized texts): SipHash was a visible part of loading a 10^6-term
//! list. Not resistant to chosen collisions, which is fine here: the keys are the user's own
//! configuration, not the scanned text.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// A `HashMap`/`HashSet` hasher builder using [`FxHasher`].
pub type FxBuild = BuildHasherDefault<FxHasher>;

/// The FxHash word mix (as in rustc): a fast, non-keyed hasher.
#[derive(Default)]
pub struct FxHasher(u64);

impl std::hash::Hasher for FxHasher {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let mut w = [0u8; 8];
            w.copy_from_slice(c);
            self.add(u64::from_le_bytes(w));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut w = [0u8; 8];
            w[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(w) ^ ((rest.len() as u64) << 56));
        }
    }

    #[inline]
    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }

    #[inline]
    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }

    #[inline]
    fn finish(&self) -> u64 {
        self.0
    }
}

impl FxHasher {
    #[inline]
    fn add(&mut self, w: u64) {
        self.0 = (self.0.rotate_left(5) ^ w).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}

/// A set of strings kept once, end to end in one arena, numbered in insertion order. A 10^6-term
/// list is then a few large buffers instead of 10^6 small allocations (which made loading it
/// spend a third of its time in the allocator).
#[derive(Debug, Default)]
pub struct Interner {
    arena: String,
    /// End of each string in `arena` (it starts where the previous one ends).
    ends: Vec<u32>,
    /// Hash of a string → the first id with that hash.
    by_hash: HashMap<u64, u32, FxBuild>,
    /// Strings whose hash an earlier, different string has (rare).
    collided: HashMap<Box<str>, u32, FxBuild>,
}

impl Interner {
    /// An empty set with room for about `n` strings.
    pub fn with_capacity(n: usize) -> Self {
        Self {
            ends: Vec::with_capacity(n),
            by_hash: HashMap::with_capacity_and_hasher(n, FxBuild::default()),
            ..Self::default()
        }
    }

    /// The id of `s`, added if new; and whether it was added. `None` when the arena would pass
    /// 4 GiB.
    pub fn intern(&mut self, s: &str) -> Option<(u32, bool)> {
        let mut h = FxHasher::default();
        h.write(s.as_bytes());
        let hash = h.finish();
        let id = u32::try_from(self.ends.len()).ok()?;
        match self.by_hash.get(&hash) {
            Some(&first) if self.get(first) == s => return Some((first, false)),
            Some(_) => {
                if let Some(&other) = self.collided.get(s) {
                    return Some((other, false));
                }
                self.collided.insert(s.into(), id);
            }
            None => {
                self.by_hash.insert(hash, id);
            }
        }
        self.arena.push_str(s);
        self.ends.push(u32::try_from(self.arena.len()).ok()?);
        Some((id, true))
    }

    /// The string numbered `id` (empty when there is none).
    pub fn get(&self, id: u32) -> &str {
        let i = id as usize;
        let start = if i == 0 { 0 } else { self.ends.get(i - 1).map_or(0, |&e| e as usize) };
        self.ends.get(i).and_then(|&end| self.arena.get(start..end as usize)).unwrap_or("")
    }

    /// Number of strings.
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    /// Whether the set is empty.
    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// Drops the lookup tables, keeping the strings (for [`Interner::get`]).
    pub fn freeze(&mut self) {
        self.by_hash = HashMap::default();
        self.collided = HashMap::default();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn interns_once_in_order_even_on_a_hash_collision() {
        let mut set = Interner::with_capacity(4);
        assert_eq!(set.intern("最佳"), Some((0, true)));
        assert_eq!(set.intern("最低价"), Some((1, true)));
        assert_eq!(set.intern("最佳"), Some((0, false)));
        assert_eq!((set.get(0), set.get(1), set.get(7)), ("最佳", "最低价", ""));
        // Force a collision: another string filed under the hash of 最佳.
        let mut h = FxHasher::default();
        h.write("最佳".as_bytes());
        let hash = h.finish();
        set.by_hash.insert(hash, 1);
        assert_eq!(set.intern("最佳"), Some((2, true)));
        assert_eq!(set.intern("最佳"), Some((2, false)));
        assert_eq!(set.len(), 3);
    }
}
