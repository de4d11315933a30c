//! Offset maps: how offsets in a derived text lead back to the text it came from.
//!
//! Every pipeline stage that rewrites text (decoding, markup extraction, normalization) records an
//! [`OffsetMap`] from its output back to its input. Composing the maps of all stages takes any match
//! in the final text back to the exact bytes of the original file.

use std::ops::Range;

/// One piece of a map: `out_len` output bytes at `out_start` came from `src_len` source bytes at
/// `src_start`. A verbatim copy (equal lengths) maps byte for byte; any other piece is atomic:
/// a run of units of `unit_out` output bytes each standing for the whole of its `unit_src` source
/// bytes. A replacement may be as long as its source (Ǳ folded to `dz`) and is atomic all the
/// same. Runs of like units (every CJK character of a UTF-16 or GB18030 file) share one piece, so
/// a decoded file's map stays small.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Piece {
    out_start: usize,
    out_len: usize,
    src_start: usize,
    src_len: usize,
    /// Output bytes of one atomic unit; 0 for a verbatim copy; [`WHOLE`] when the piece is one
    /// unit too long to be told in 32 bits. (Two `u32`s keep a piece at 40 bytes: a Markdown
    /// file's map has a piece per markup change, 478,000 for the statutes ×4.)
    unit_out: u32,
    /// Source bytes of one atomic unit (as `unit_out`).
    unit_src: u32,
}

/// [`Piece::unit_out`] of a piece that is one unit whatever its lengths.
const WHOLE: u32 = u32::MAX;

impl Piece {
    /// Whether the piece maps byte for byte.
    fn linear(&self) -> bool {
        self.unit_out == 0 && self.out_len == self.src_len
    }

    /// An atomic piece that is one unit: its whole output stands for its whole source.
    fn atomic(out_start: usize, out_len: usize, src_start: usize, src_len: usize) -> Self {
        let mut p = Piece { out_start, out_len, src_start, src_len, unit_out: WHOLE, unit_src: WHOLE };
        p.one_unit();
        p
    }

    /// Output and source bytes of one unit of an atomic piece.
    fn unit(&self) -> (usize, usize) {
        match self.unit_out {
            WHOLE => (self.out_len, self.src_len),
            out => (out as usize, self.unit_src as usize),
        }
    }

    /// Source start of the unit holding output byte `rel` of an atomic piece (`rel` < `out_len`).
    fn unit_start(&self, rel: usize) -> usize {
        let (out, src) = self.unit();
        self.src_start + rel / out.max(1) * src
    }

    /// Makes the piece one atomic unit (its whole output stands for its whole source).
    fn one_unit(&mut self) {
        (self.unit_out, self.unit_src) = match (u32::try_from(self.out_len), u32::try_from(self.src_len)) {
            (Ok(out), Ok(src)) if out != WHOLE && out != 0 => (out, src),
            _ => (WHOLE, WHOLE),
        };
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
        self.pieces.push(Piece { out_start, out_len: len, src_start, src_len: len, unit_out: 0, unit_src: 0 });
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
        if let Some(last) = self.pieces.last_mut()
            && last.unit_out != 0
            && last.unit_out != WHOLE
            && last.unit() == (out_len, src.len())
            && last.out_start + last.out_len == out_start
            && last.src_start + last.src_len == src.start
        {
            // One more unit like the ones before: the run grows.
            last.out_len += out_len;
            last.src_len += src.len();
            return;
        }
        self.pieces.push(Piece::atomic(out_start, out_len, src.start, src.len()));
    }

    /// Makes the last `out_len` output bytes (one character, just pushed) stand for source bytes up
    /// to `src_end`: a repeated character collapsed into the one before it.
    pub fn extend_last(&mut self, out_len: usize, src_end: usize) {
        let Some(p) = self.pieces.last_mut() else { return };
        if out_len == 0 || out_len > p.out_len {
            return;
        }
        if !p.linear() && p.out_len > p.unit().0 {
            // The last unit of an atomic run: split it off, then widen it alone.
            let (unit_out, unit_src) = p.unit();
            let unit = Piece::atomic(
                p.out_start + p.out_len - unit_out,
                unit_out,
                p.src_start + p.src_len - unit_src,
                unit_src,
            );
            p.out_len -= unit.out_len;
            p.src_len -= unit.src_len;
            self.pieces.push(unit);
            return self.extend_last(out_len, src_end);
        }
        if p.out_len == out_len || !p.linear() {
            // The character is the whole piece (or inside an atomic unit): widen the piece.
            p.src_len = src_end.max(p.src_start + p.src_len) - p.src_start;
            if !p.linear() {
                p.one_unit();
            }
            return;
        }
        // Split the character off a verbatim run and make it atomic.
        let char_src = p.src_start + p.out_len - out_len;
        let out_start = p.out_start + p.out_len - out_len;
        p.out_len -= out_len;
        p.src_len -= out_len;
        let src_len = src_end - char_src;
        self.pieces.push(Piece::atomic(out_start, out_len, char_src, src_len));
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
                    p.unit_start(rel)
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
                    // The end of the unit holding the byte before `off`.
                    p.unit_start(rel - 1) + p.unit().1.min(p.src_len)
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
    fn a_piece_is_40_bytes_and_a_unit_past_32_bits_stays_one_unit() {
        // The unit lengths are 32-bit so that a piece is as small as before runs of units.
        assert_eq!(std::mem::size_of::<Piece>(), 40);
        let big = u32::MAX as usize + 10;
        let mut m = OffsetMap::new();
        m.push_copy(0, 0, 2);
        // One output byte for a source stretch too long for 32 bits, then a like one: no run.
        m.push_replace(2, 1, 2..2 + big);
        m.push_replace(3, 1, 2 + big..2 + 2 * big);
        m.push_copy(4, 2 + 2 * big, 3);
        assert_eq!(m.len(), 4);
        assert_eq!(m.map_range(2..3), 2..2 + big);
        assert_eq!(m.map_range(3..4), 2 + big..2 + 2 * big);
        assert_eq!(m.map_range(1..5), 1..3 + 2 * big);
        // Widening a unit past 32 bits keeps it one unit.
        let mut m = OffsetMap::new();
        m.push_replace(0, 3, 0..2);
        m.push_replace(3, 3, 2..4);
        m.extend_last(3, 2 + big);
        assert_eq!(m.map_range(3..6), 2..2 + big);
        assert_eq!(m.map_range(0..3), 0..2);
        // Small like units still share a piece.
        let mut m = OffsetMap::new();
        (0..100).for_each(|i| m.push_replace(3 * i, 3, 2 * i..2 * i + 2));
        assert_eq!(m.len(), 1);
        assert_eq!(m.map_range(30..33), 20..22);
    }

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

    /// The map as it was before runs of like atomic units shared a piece: one piece per push.
    #[derive(Default)]
    struct Unmerged(Vec<(usize, usize, usize, usize, bool)>); // out start, out len, src start, src len, atomic

    impl Unmerged {
        fn copy(&mut self, out: usize, src: usize, len: usize) {
            if let Some(l) = self.0.last_mut()
                && !l.4
                && l.1 == l.3
                && l.0 + l.1 == out
                && l.2 + l.3 == src
            {
                l.1 += len;
                l.3 += len;
                return;
            }
            self.0.push((out, len, src, len, false));
        }
        fn replace(&mut self, out: usize, len: usize, src: Range<usize>) {
            if len == src.len() {
                return self.copy(out, src.start, len);
            }
            self.0.push((out, len, src.start, src.len(), true));
        }
        fn extend_last(&mut self, len: usize, src_end: usize) {
            let Some(l) = self.0.last_mut() else { return };
            if len > l.1 {
                return;
            }
            let linear = !l.4 && l.1 == l.3;
            if l.1 == len || !linear {
                l.3 = src_end.max(l.2 + l.3) - l.2;
                return;
            }
            let (out, src) = (l.0 + l.1 - len, l.2 + l.1 - len);
            l.1 -= len;
            l.3 -= len;
            self.0.push((out, len, src, src_end - src, true));
        }
        fn at(&self, off: usize) -> Option<(usize, usize, usize, usize, bool)> {
            self.0.iter().rev().find(|p| p.0 <= off).copied()
        }
        fn start(&self, off: usize) -> usize {
            let first = self.0.first().map_or(0, |p| p.2);
            self.at(off).map_or(first, |p| match off - p.0 {
                rel if rel >= p.1 => p.2 + p.3,
                rel if !p.4 && p.1 == p.3 => p.2 + rel,
                _ => p.2,
            })
        }
        fn end(&self, off: usize) -> usize {
            if off == 0 {
                return self.start(0);
            }
            let first = self.0.first().map_or(0, |p| p.2);
            self.at(off - 1).map_or(first, |p| match off - p.0 {
                rel if rel > p.1 => p.2 + p.3,
                rel if !p.4 && p.1 == p.3 => p.2 + rel,
                _ => p.2 + p.3,
            })
        }
    }

    /// Runs of like atomic units (UTF-16 or GB18030 characters) in one piece map every offset as
    /// one piece per character did, through copies, gaps, repeated-character widening and unit
    /// shapes that change; and a decoded run of CJK characters takes one piece.
    #[test]
    fn runs_of_like_units_map_as_one_piece_per_unit_did() {
        let mut seed = 11u64;
        let mut next = |n: usize| {
            seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            (seed >> 33) as usize % n
        };
        for _ in 0..60 {
            let (mut m, mut r) = (OffsetMap::new(), Unmerged::default());
            let (mut out, mut src, mut last) = (0, next(4), 1);
            for _ in 0..120 {
                match next(8) {
                    0 => out += 1,
                    1 => src += 1 + next(2),
                    2 => {
                        let len = next(4) + 1;
                        m.push_copy(out, src, len);
                        r.copy(out, src, len);
                        (out, src, last) = (out + len, src + len, 1);
                    }
                    3 => {
                        let end = src + next(5);
                        m.extend_last(last, end);
                        r.extend_last(last, end);
                        src = src.max(end);
                    }
                    _ => {
                        let (uo, us) = (next(3) + 1, next(4) + 1);
                        for _ in 0..next(6) + 1 {
                            m.push_replace(out, uo, src..src + us);
                            r.replace(out, uo, src..src + us);
                            (out, src, last) = (out + uo, src + us, uo);
                        }
                    }
                }
            }
            for off in 0..=out + 2 {
                assert_eq!(m.map_start(off), r.start(off), "start {off}");
                assert_eq!(m.map_end(off), r.end(off), "end {off}");
            }
        }
        let mut cjk = OffsetMap::new();
        for i in 0..1000 {
            cjk.push_replace(i * 3, 3, i * 2..i * 2 + 2);
        }
        assert_eq!(cjk.len(), 1);
        assert_eq!(cjk.map_range(30..36), 20..24);
        assert_eq!(cjk.map_range(31..35), 20..24);
    }
}
