//! Offset maps: how offsets in a derived text lead back to the text it came from.
//!
//! Every pipeline stage that rewrites text (decoding, markup extraction, normalization) records an
//! [`OffsetMap`] from its output back to its input. Composing the maps of all stages takes any match
//! in the final text back to the exact bytes of the original file.

use std::ops::Range;

/// One piece of a map: `out_len` output bytes at `out_start` came from `src_len` source bytes at
/// `src_start`. A verbatim copy (equal lengths) maps byte for byte; any other piece is atomic:
/// any part of the output maps to the whole source range. A replacement may be as long as its
/// source (Ǳ folded to `dz`) and is atomic all the same.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Piece {
    out_start: usize,
    out_len: usize,
    src_start: usize,
    src_len: usize,
    atomic: bool,
}

impl Piece {
    /// Whether the piece maps byte for byte.
    fn linear(&self) -> bool {
        !self.atomic && self.out_len == self.src_len
    }
}

/// A piecewise map from byte offsets in a derived text to byte offsets in its source.
///
/// Pieces are pushed in output order. Output bytes that no piece covers (synthetic separators)
/// map to the empty source position where the previous piece ended.
#[derive(Debug, Clone, Default)]
pub struct OffsetMap {
    pieces: Vec<Piece>,
}

impl OffsetMap {
    /// An empty map.
    pub fn new() -> Self {
        Self::default()
    }

    /// A map that copies `len` bytes verbatim, output offset 0 being source offset `src_start`.
    pub fn identity(len: usize, src_start: usize) -> Self {
        let mut m = Self::new();
        m.push_copy(0, src_start, len);
        m
    }

    /// Records that `len` output bytes at `out_start` are a verbatim copy of source bytes at `src_start`.
    /// Adjacent verbatim copies are merged.
    pub fn push_copy(&mut self, out_start: usize, src_start: usize, len: usize) {
        if len == 0 {
            return;
        }
        if let Some(last) = self.pieces.last_mut()
            && last.linear()
            && last.out_start + last.out_len == out_start
            && last.src_start + last.src_len == src_start
        {
            last.out_len += len;
            last.src_len += len;
            return;
        }
        self.pieces.push(Piece { out_start, out_len: len, src_start, src_len: len, atomic: false });
    }

    /// Records that `out_len` output bytes at `out_start` stand for the whole source range `src`
    /// (an HTML entity, a multi-byte legacy encoding sequence, a folded character). Output as long
    /// as its source is taken for one character standing for another and mapped byte for byte (so
    /// runs of such characters merge); a replacement of several characters uses [`Self::push_atomic`].
    pub fn push_replace(&mut self, out_start: usize, out_len: usize, src: Range<usize>) {
        if out_len == src.len() {
            self.push_copy(out_start, src.start, out_len);
            return;
        }
        self.push_atomic(out_start, out_len, src);
    }

    /// Records that `out_len` output bytes at `out_start` stand for the whole source range `src`,
    /// whatever their lengths: any part of them maps to all of `src` (`dz` folded from Ǳ).
    pub fn push_atomic(&mut self, out_start: usize, out_len: usize, src: Range<usize>) {
        if out_len == 0 {
            return;
        }
        self.pieces.push(Piece { out_start, out_len, src_start: src.start, src_len: src.len(), atomic: true });
    }

    /// Makes the last `out_len` output bytes (one character, just pushed) stand for source bytes up
    /// to `src_end`: a repeated character collapsed into the one before it.
    pub fn extend_last(&mut self, out_len: usize, src_end: usize) {
        let Some(p) = self.pieces.last_mut() else { return };
        if out_len == 0 || out_len > p.out_len {
            return;
        }
        if p.out_len == out_len || !p.linear() {
            // The character is the whole piece (or inside an atomic piece): widen the piece.
            p.src_len = src_end.max(p.src_start + p.src_len) - p.src_start;
            return;
        }
        // Split the character off a verbatim run and make it atomic.
        let char_src = p.src_start + p.out_len - out_len;
        let out_start = p.out_start + p.out_len - out_len;
        p.out_len -= out_len;
        p.src_len -= out_len;
        self.pieces.push(Piece { out_start, out_len, src_start: char_src, src_len: src_end - char_src, atomic: true });
    }

    /// Number of pieces (for tests and memory accounting).
    pub fn len(&self) -> usize {
        self.pieces.len()
    }

    /// Whether the map has no pieces.
    pub fn is_empty(&self) -> bool {
        self.pieces.is_empty()
    }

    /// Index of the last piece whose output starts at or before `off`.
    fn piece_at(&self, off: usize) -> Option<usize> {
        let idx = self.pieces.partition_point(|p| p.out_start <= off);
        idx.checked_sub(1)
    }

    /// [`Self::piece_at`], tried first at piece `*hint` and the one after it (where the last
    /// lookup ended: lookups in output order mostly stay there); `*hint` becomes the answer.
    fn piece_near(&self, off: usize, hint: &mut usize) -> Option<usize> {
        let p = &self.pieces;
        for i in [*hint, *hint + 1] {
            if p.get(i).is_some_and(|q| q.out_start <= off) && p.get(i + 1).is_none_or(|n| n.out_start > off) {
                *hint = i;
                return Some(i);
            }
        }
        let found = self.piece_at(off);
        *hint = found.unwrap_or(0);
        found
    }

    /// Maps an output position to the source position where it starts.
    pub fn map_start(&self, off: usize) -> usize {
        self.start_in(off, self.piece_at(off))
    }

    /// [`Self::map_start`] with `piece` the [`Self::piece_at`] of `off`.
    fn start_in(&self, off: usize, piece: Option<usize>) -> usize {
        match piece {
            None => self.pieces.first().map_or(0, |p| p.src_start),
            Some(i) => {
                let p = self.pieces[i];
                let rel = off - p.out_start;
                if rel >= p.out_len {
                    // In a gap after this piece: a synthetic separator.
                    p.src_start + p.src_len
                } else if p.linear() {
                    p.src_start + rel
                } else {
                    p.src_start
                }
            }
        }
    }

    /// Maps an exclusive output end position to the source position where it ends.
    pub fn map_end(&self, off: usize) -> usize {
        if off == 0 {
            return self.map_start(0);
        }
        self.end_in(off, self.piece_at(off - 1))
    }

    /// [`Self::map_end`] of `off` > 0, with `piece` the [`Self::piece_at`] of `off - 1`.
    fn end_in(&self, off: usize, piece: Option<usize>) -> usize {
        // Look at the byte just before `off`.
        match piece {
            None => self.pieces.first().map_or(0, |p| p.src_start),
            Some(i) => {
                let p = self.pieces[i];
                let rel = off - p.out_start; // 1..
                if rel > p.out_len {
                    p.src_start + p.src_len
                } else if p.linear() {
                    p.src_start + rel
                } else {
                    p.src_start + p.src_len
                }
            }
        }
    }

    /// Maps an output range to the smallest source range that produced it.
    pub fn map_range(&self, r: Range<usize>) -> Range<usize> {
        if r.is_empty() {
            let s = self.map_start(r.start);
            return s..s;
        }
        let start = self.map_start(r.start);
        let end = self.map_end(r.end).max(start);
        start..end
    }

    /// [`Self::map_range`] for ranges looked up mostly in output order: `hint` (start it at 0)
    /// is where the last lookup ended, and the pieces are searched from there first.
    pub fn map_range_near(&self, r: Range<usize>, hint: &mut usize) -> Range<usize> {
        let start = self.start_in(r.start, self.piece_near(r.start, hint));
        if r.is_empty() {
            return start..start;
        }
        let end = if r.end == 0 { self.map_start(0) } else { self.end_in(r.end, self.piece_near(r.end - 1, hint)) };
        start..end.max(start)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identity_maps_byte_for_byte() {
        let m = OffsetMap::identity(10, 3);
        assert_eq!(m.map_range(2..5), 5..8);
        assert_eq!(m.map_range(0..10), 3..13);
    }

    #[test]
    fn atomic_piece_maps_to_whole_source() {
        // "a&amp;b" -> "a&b"
        let mut m = OffsetMap::new();
        m.push_copy(0, 0, 1);
        m.push_replace(1, 1, 1..6);
        m.push_copy(2, 6, 1);
        assert_eq!(m.map_range(1..2), 1..6);
        assert_eq!(m.map_range(0..3), 0..7);
        assert_eq!(m.map_range(2..3), 6..7);
        assert_eq!(m.len(), 3);
    }

    #[test]
    fn extend_last_splits_a_verbatim_run() {
        // "ab最最最佳" -> "ab最佳": 最 stands for all three.
        let mut m = OffsetMap::new();
        m.push_copy(0, 0, 5); // "ab最"
        m.extend_last(3, 11);
        m.push_copy(5, 11, 3); // 佳
        assert_eq!(m.map_range(0..2), 0..2);
        assert_eq!(m.map_range(2..5), 2..11);
        assert_eq!(m.map_range(2..8), 2..14);
        assert_eq!(m.map_range(5..8), 11..14);
    }

    /// `map_range_near` answers as `map_range` does, for ranges in order, backwards and at
    /// random, over copies, atomic replacements and gaps (separators), starting from any hint.
    #[test]
    fn nearby_lookups_agree_with_searching() {
        let mut m = OffsetMap::new();
        let (mut out, mut src) = (0, 5);
        let mut seed = 7u64;
        let mut next = |n: usize| {
            seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            (seed >> 33) as usize % n
        };
        for _ in 0..200 {
            let len = next(6) + 1;
            match next(4) {
                0 => m.push_atomic(out, len, src..src + next(9)),
                1 => out += 1, // a gap: a separator no piece covers
                _ => m.push_copy(out, src, len),
            }
            out += len;
            src += len + next(3);
        }
        let mut ranges: Vec<Range<usize>> = (0..=out + 2).flat_map(|a| (a..a + 8).map(move |b| a..b)).collect();
        ranges.push(0..0);
        let shuffled: Vec<Range<usize>> = (0..2000).map(|_| ranges[next(ranges.len())].clone()).collect();
        for order in [ranges.clone(), ranges.iter().rev().cloned().collect(), shuffled] {
            for start_hint in [0, 3, m.len(), m.len() + 5] {
                let mut hint = start_hint;
                for r in &order {
                    assert_eq!(m.map_range_near(r.clone(), &mut hint), m.map_range(r.clone()), "{r:?}");
                }
            }
        }
    }
}
