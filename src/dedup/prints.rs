//! The fingerprints of one text in both streams, and their compact encoding in index files.
//!
//! Raw fingerprints ([`super::fingerprint`]) find verbatim passages; class fingerprints
//! ([`super::classes`]) find passages rewritten with synonyms and homophones. Both carry positions
//! in the normalized character stream, so passages from either are measured in the same
//! characters, and the byte range of their source text.
//!
//! Fingerprints do not carry source ranges: the byte ranges of the characters are kept once per
//! text as runs (consecutive characters of one byte width that follow each other in the source),
//! about a fifth of a byte per character encoded, and [`Prints::source`] turns a range of
//! characters (a passage) into the bytes it came from.

use std::ops::Range;

use super::classes;
use super::fingerprint::{self, K, W};

/// One fingerprint of either stream.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Print {
    /// The k-gram hash, folded to 32 bits.
    pub hash: u32,
    /// Index of the k-gram's first normalized character.
    pub pos: u32,
    /// Index after its last normalized character.
    pub end: u32,
}

/// Consecutive normalized characters of one source width, each starting where the previous ends.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Run {
    /// Index of the run's first character.
    first: u32,
    /// Source byte offset of the first character.
    start: usize,
    /// Source bytes per character.
    width: usize,
    /// Characters in the run.
    count: u32,
}

/// The source byte ranges of a text's normalized characters, as runs.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct Spans {
    runs: Vec<Run>,
}

impl Spans {
    /// Runs of the given character ranges, in character order.
    fn new(ranges: impl IntoIterator<Item = Range<usize>>) -> Self {
        let mut runs: Vec<Run> = Vec::new();
        let mut n = 0u32;
        for r in ranges {
            let width = r.end.saturating_sub(r.start);
            match runs.last_mut() {
                Some(last)
                    if last.width == width
                        && last.start + last.width * last.count as usize == r.start
                        && last.count < u32::MAX =>
                {
                    last.count += 1
                }
                _ => runs.push(Run { first: n, start: r.start, width, count: 1 }),
            }
            n = n.saturating_add(1);
        }
        Self { runs }
    }

    /// Characters covered.
    fn len(&self) -> u32 {
        self.runs.last().map_or(0, |r| r.first + r.count)
    }

    /// The source byte range of character `i` (the run holding it is found by binary search).
    fn get(&self, i: u32) -> Option<Range<usize>> {
        let r = self.runs.get(self.runs.partition_point(|r| r.first <= i).checked_sub(1)?)?;
        let k = i.checked_sub(r.first).filter(|&k| k < r.count)? as usize;
        let start = r.start.checked_add(k.checked_mul(r.width)?)?;
        Some(start..start.checked_add(r.width)?)
    }

    /// Every character's range, in order.
    fn ranges(&self) -> impl Iterator<Item = Range<usize>> + '_ {
        self.runs.iter().flat_map(|r| {
            (0..r.count as usize).map(move |k| {
                let s = r.start + k * r.width;
                s..s + r.width
            })
        })
    }
}

/// The fingerprints of one text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Prints {
    /// Normalized characters (letters, digits, Han) in the text.
    pub chars: u32,
    /// Winnowed character k-grams.
    pub raw: Vec<Print>,
    /// Winnowed k-grams of the synonym-class / pinyin symbol stream.
    pub class: Vec<Print>,
    /// Source byte ranges of the normalized characters.
    spans: Spans,
}

/// A 64-bit k-gram hash folded to the 32 bits an index stores.
fn fold(h: u64) -> u32 {
    (h ^ (h >> 32)) as u32
}

fn idx(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// Nibble value that sends a raw position delta to the escape list.
const NIBBLE_ESCAPE: u8 = 15;

/// Class byte whose high nibble marks an escaped (position delta, length) pair.
const CLASS_ESCAPE: u8 = 0xF0;

impl Prints {
    /// Fingerprints of `text`; source ranges are byte ranges of `text`.
    pub fn of(text: &str) -> Self {
        Self::build(text, true)
    }

    /// Only the raw (character) fingerprints of `text`: what a query without rewrite detection
    /// needs, without the cost of the class stream.
    pub fn of_raw(text: &str) -> Self {
        Self::build(text, false)
    }

    fn build(text: &str, with_class: bool) -> Self {
        let stream = fingerprint::stream(text);
        let spans = Spans::new(stream.iter().map(|(_, r)| r.clone()));
        let raw = fingerprint::fingerprints(&stream, K, W)
            .into_iter()
            .map(|f| Print { hash: fold(f.hash), pos: f.pos, end: f.pos.saturating_add(K as u32) })
            .collect();
        let class = if with_class {
            let symbols = classes::symbols(&stream);
            classes::fingerprints(&symbols)
                .into_iter()
                .filter_map(|f| {
                    let first = &symbols.get(f.pos as usize)?.0;
                    let last = &symbols.get(f.pos as usize + classes::K - 1)?.0;
                    Some(Print { hash: fold(f.hash), pos: first.chars.start, end: last.chars.end })
                })
                .collect()
        } else {
            Vec::new()
        };
        Self { chars: idx(stream.len()), raw, class, spans }
    }

    /// Every k-gram hash of `text` in both streams (not winnowed), folded as in the index: what
    /// the genre background ([`super::background`]) is built from.
    pub fn kgram_hashes(text: &str) -> Vec<u32> {
        let stream = fingerprint::stream(text);
        let mut out: Vec<u32> = fingerprint::fingerprints(&stream, K, 1).into_iter().map(|f| fold(f.hash)).collect();
        let symbols = classes::symbols(&stream);
        out.extend(classes::kgram_hashes(&symbols).into_iter().map(fold));
        out
    }

    /// The source byte range of normalized characters `chars` (of a passage): from the first
    /// byte of the first to the last byte of the last. Empty at 0 for characters out of range.
    pub fn source(&self, chars: Range<u32>) -> Range<usize> {
        let last = chars.end.saturating_sub(1).max(chars.start);
        match (self.spans.get(chars.start), self.spans.get(last)) {
            (Some(f), Some(l)) => f.start..l.end.max(f.start),
            _ => 0..0,
        }
    }

    /// The same fingerprints with every character's source range passed through `map` (text →
    /// file bytes).
    pub fn map_src(mut self, map: &dyn Fn(Range<usize>) -> Range<usize>) -> Self {
        self.spans = Spans::new(self.spans.ranges().map(map));
        self
    }

    /// Fingerprints in both streams.
    pub fn len(&self) -> usize {
        self.raw.len() + self.class.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.raw.is_empty() && self.class.is_empty()
    }

    /// Distinct hashes of both streams, sorted.
    pub fn hashes(&self) -> Vec<u32> {
        let mut h: Vec<u32> = self.raw.iter().chain(&self.class).map(|p| p.hash).collect();
        h.sort_unstable();
        h.dedup();
        h
    }

    /// The compact encoding stored in index files. Varints unless sized:
    ///
    /// 1. normalized characters, raw count, class count, run count;
    /// 2. the raw hashes, then the class hashes (4 bytes each, little-endian);
    /// 3. raw position deltas, two per byte (low nibble first; 15: escaped);
    /// 4. per class print one byte: position delta (high nibble) and length − k (low nibble);
    ///    high nibble 15: both escaped;
    /// 5. per run of character spans: zigzag start delta from the previous run's end, then
    ///    count · 4 + width code (widths 1–3 as 0–2; 3: the width follows);
    /// 6. the escaped values, in the order they are needed.
    pub fn encode(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(self.len() * 5 + self.spans.runs.len() * 2 + 16);
        let mut escapes = Vec::new();
        for n in [u64::from(self.chars), self.raw.len() as u64, self.class.len() as u64, self.spans.runs.len() as u64] {
            put(&mut out, n);
        }
        for p in self.raw.iter().chain(&self.class) {
            out.extend_from_slice(&p.hash.to_le_bytes());
        }
        let mut pos = 0u32;
        let mut nibbles = self.raw.iter().map(|p| {
            let d = p.pos.wrapping_sub(pos);
            pos = p.pos;
            if d < u32::from(NIBBLE_ESCAPE) {
                d as u8
            } else {
                put(&mut escapes, u64::from(d));
                NIBBLE_ESCAPE
            }
        });
        while let Some(lo) = nibbles.next() {
            out.push(lo | nibbles.next().unwrap_or(0) << 4);
        }
        let mut pos = 0u32;
        for p in &self.class {
            let (d, len) = (p.pos.wrapping_sub(pos), p.end.wrapping_sub(p.pos).wrapping_sub(classes::K as u32));
            pos = p.pos;
            if d < 15 && len < 16 {
                out.push((d as u8) << 4 | len as u8);
            } else {
                out.push(CLASS_ESCAPE);
                put(&mut escapes, u64::from(d));
                put(&mut escapes, u64::from(len));
            }
        }
        let mut end = 0i64;
        for r in &self.spans.runs {
            let start = i64::try_from(r.start).unwrap_or(i64::MAX);
            put(&mut out, zigzag(start.wrapping_sub(end)));
            let count = u64::from(r.count) << 2;
            if (1..=3).contains(&r.width) {
                put(&mut out, count | (r.width as u64 - 1));
            } else {
                put(&mut out, count | 3);
                put(&mut out, r.width as u64);
            }
            end = start.saturating_add(i64::try_from(r.width.saturating_mul(r.count as usize)).unwrap_or(i64::MAX));
        }
        out.extend_from_slice(&escapes);
        out
    }

    /// Decodes [`Prints::encode`]; `None` when the bytes are not a valid encoding.
    pub fn decode(bytes: &[u8]) -> Option<Self> {
        let mut r = Reader { bytes, at: 0 };
        let Header { chars, n_raw, n_class, n_runs } = Header::read(&mut r)?;
        let hashes = r.take(n_raw.checked_add(n_class)?.checked_mul(4)?)?;
        let nibbles = r.take(n_raw.div_ceil(2))?;
        let class_bytes = r.take(n_class)?;
        let mut runs = Vec::with_capacity(n_runs);
        let (mut first, mut end) = (0u32, 0i64);
        for _ in 0..n_runs {
            let start = end.checked_add(unzigzag(r.varint()?))?;
            let v = r.varint()?;
            let width = match v & 3 {
                3 => usize::try_from(r.varint()?).ok()?,
                w => w as usize + 1,
            };
            let count = u32::try_from(v >> 2).ok().filter(|&c| c > 0)?;
            let span = i64::try_from(width.checked_mul(count as usize)?).ok()?;
            runs.push(Run { first, start: usize::try_from(start).ok()?, width, count });
            first = first.checked_add(count)?;
            end = start.checked_add(span)?;
        }
        let spans = Spans { runs };
        let hash = |i: usize| hashes.get(i * 4..i * 4 + 4).and_then(|b| b.try_into().ok()).map(u32::from_le_bytes);
        let make = |hash: u32, pos: u32, len: u32| {
            let end = pos.checked_add(len).filter(|&e| e > pos && e <= chars)?;
            Some(Print { hash, pos, end })
        };
        let mut raw = Vec::with_capacity(n_raw);
        let mut pos = 0u32;
        for i in 0..n_raw {
            let nib = (nibbles.get(i / 2)? >> (4 * (i % 2))) & 0xF;
            let d = if nib == NIBBLE_ESCAPE { u32::try_from(r.varint()?).ok()? } else { u32::from(nib) };
            pos = pos.checked_add(d)?;
            raw.push(make(hash(i)?, pos, K as u32)?);
        }
        if n_raw % 2 == 1 && nibbles.last()? >> 4 != 0 {
            return None;
        }
        let mut class = Vec::with_capacity(n_class);
        let mut pos = 0u32;
        for (i, &b) in class_bytes.iter().enumerate() {
            let (d, len) = if b >> 4 == CLASS_ESCAPE >> 4 {
                if b != CLASS_ESCAPE {
                    return None;
                }
                (u32::try_from(r.varint()?).ok()?, u32::try_from(r.varint()?).ok()?)
            } else {
                (u32::from(b >> 4), u32::from(b & 0xF))
            };
            pos = pos.checked_add(d)?;
            class.push(make(hash(n_raw + i)?, pos, len.checked_add(classes::K as u32)?)?);
        }
        if r.at != bytes.len() || spans.len() != chars {
            return None;
        }
        Some(Self { chars, raw, class, spans })
    }

    /// All hashes of an encoding, raw then class, in stream order (`None` if malformed).
    pub fn encoded_hashes(bytes: &[u8]) -> Option<Vec<u32>> {
        Self::decode(bytes).map(|p| p.raw.iter().chain(&p.class).map(|p| p.hash).collect())
    }

    /// The hashes of an encoding (raw then class, as [`Prints::encoded_hashes`]) read straight
    /// from their section, without decoding positions and spans; `None` when the header's counts
    /// are impossible or the section is cut.
    pub fn encoded_hash_iter(bytes: &[u8]) -> Option<impl ExactSizeIterator<Item = u32> + '_> {
        let mut r = Reader { bytes, at: 0 };
        let h = Header::read(&mut r)?;
        let section = r.take(h.n_raw.checked_add(h.n_class)?.checked_mul(4)?)?;
        Some(section.chunks_exact(4).map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]])))
    }

    /// Fingerprint counts of an encoding (raw, class), read from its header; `None` for counts
    /// its bytes cannot hold.
    pub fn encoded_counts(bytes: &[u8]) -> Option<(usize, usize)> {
        let h = Header::read(&mut Reader { bytes, at: 0 })?;
        Some((h.n_raw, h.n_class))
    }
}

/// The counts an encoding starts with.
struct Header {
    chars: u32,
    n_raw: usize,
    n_class: usize,
    n_runs: usize,
}

impl Header {
    /// Reads the counts, refusing any the encoding's bytes cannot hold (each raw print takes at
    /// least 4.5 bytes, each class print 5, each run 2), so nothing is allocated from them.
    fn read(r: &mut Reader<'_>) -> Option<Self> {
        let chars = u32::try_from(r.varint()?).ok()?;
        let n_raw = usize::try_from(r.varint()?).ok()?;
        let n_class = usize::try_from(r.varint()?).ok()?;
        let n_runs = usize::try_from(r.varint()?).ok()?;
        let least = n_raw.checked_mul(9)?.checked_add(n_class.checked_mul(10)?)?.checked_add(n_runs.checked_mul(4)?)?;
        (least / 2 <= r.bytes.len()).then_some(Self { chars, n_raw, n_class, n_runs })
    }
}

fn zigzag(v: i64) -> u64 {
    ((v << 1) ^ (v >> 63)) as u64
}

fn unzigzag(v: u64) -> i64 {
    ((v >> 1) as i64) ^ -((v & 1) as i64)
}

fn put(out: &mut Vec<u8>, mut v: u64) {
    while v >= 0x80 {
        out.push((v as u8) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        let s = self.bytes.get(self.at..self.at.checked_add(n)?)?;
        self.at += n;
        Some(s)
    }

    fn varint(&mut self) -> Option<u64> {
        let mut v = 0u64;
        for shift in (0..64).step_by(7) {
            let b = *self.bytes.get(self.at)?;
            self.at += 1;
            v |= u64::from(b & 0x7F).checked_shl(shift)?;
            if b < 0x80 {
                return Some(v);
            }
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn encoding_round_trips_and_is_compact() {
        let text = "近年来，随着城市生活节奏不断加快，越来越多的年轻人开始关注睡眠质量。调查显示，超过六成的受访者表示自己经常熬夜，其中近三成的人每天睡眠时间不足六个小时。";
        let p = Prints::of(text);
        assert!(!p.raw.is_empty() && !p.class.is_empty());
        let bytes = p.encode();
        assert_eq!(Prints::decode(&bytes), Some(p.clone()));
        assert_eq!(Prints::encoded_counts(&bytes), Some((p.raw.len(), p.class.len())));
        assert!(bytes.len() <= p.len() * 6 + 8, "{} bytes for {} prints", bytes.len(), p.len());
        for f in p.raw.iter().chain(&p.class) {
            assert!(f.pos < f.end && f.end <= p.chars);
            assert!(text.get(p.source(f.pos..f.end)).is_some());
        }
        assert_eq!(Prints::decode(&bytes[..bytes.len() - 1]), None);
        assert_eq!(Prints::decode(&[]), None);
    }

    #[test]
    fn sources_come_from_the_character_spans() {
        let text = "<p>近年来，随着城市生活节奏不断加快，越来越多的年轻人开始关注睡眠质量。</p>ＡＢ好好好 12";
        let stream = fingerprint::stream(text);
        let p = Prints::of(text);
        assert_eq!(p.spans.len() as usize, stream.len());
        for (i, (_, r)) in stream.iter().enumerate() {
            assert_eq!(p.spans.get(i as u32), Some(r.clone()));
        }
        for f in p.raw.iter().chain(&p.class) {
            let want = stream[f.pos as usize].1.start..stream[f.end as usize - 1].1.end;
            assert_eq!(p.source(f.pos..f.end), want);
        }
        // The same ranges as the fingerprints themselves point at.
        let fps = fingerprint::fingerprints(&stream, K, W);
        assert_eq!(fps.len(), p.raw.len());
        for (f, r) in fps.iter().zip(&p.raw) {
            assert_eq!(p.source(r.pos..r.end), f.src);
        }
        // Mapped: every character moves by 10 bytes, and so does every print.
        let q = p.clone().map_src(&|r| r.start + 10..r.end + 10);
        for (a, b) in p.raw.iter().chain(&p.class).zip(q.raw.iter().chain(&q.class)) {
            let (x, y) = (p.source(a.pos..a.end), q.source(b.pos..b.end));
            assert_eq!(x.start + 10..x.end + 10, y);
        }
        assert_eq!(Prints::decode(&q.encode()), Some(q));
    }

    /// Prints over arbitrary character spans, with gaps, overlaps, odd widths and long deltas (the
    /// escape paths).
    fn arbitrary() -> impl Strategy<Value = Prints> {
        let spans = proptest::collection::vec((0usize..40, 0usize..8, any::<bool>()), 1..60);
        (spans, proptest::collection::vec((any::<u32>(), 0u32..40, 0u32..30, any::<bool>()), 0..40)).prop_map(
            |(spans, prints)| {
                let mut at = 0usize;
                let ranges: Vec<Range<usize>> = spans
                    .iter()
                    .map(|&(gap, width, back)| {
                        at = if back { at.saturating_sub(gap) } else { at + gap };
                        let r = at..at + width;
                        at += width;
                        r
                    })
                    .collect();
                let spans = Spans::new(ranges);
                let chars = spans.len();
                let (mut raw, mut class) = (Vec::new(), Vec::new());
                let (mut rp, mut cp) = (0u32, 0u32);
                for (hash, d, len, is_raw) in prints {
                    let (pos, end) =
                        if is_raw { (rp + d, rp + d + K as u32) } else { (cp + d, cp + d + classes::K as u32 + len) };
                    if end > chars {
                        continue;
                    }
                    let p = Print { hash, pos, end };
                    if is_raw {
                        rp = pos;
                        raw.push(p);
                    } else {
                        cp = pos;
                        class.push(p);
                    }
                }
                Prints { chars, raw, class, spans }
            },
        )
    }

    proptest! {
        #[test]
        fn arbitrary_prints_round_trip(p in arbitrary()) {
            let bytes = p.encode();
            prop_assert_eq!(Prints::decode(&bytes), Some(p.clone()));
            prop_assert_eq!(Prints::encoded_counts(&bytes), Some((p.raw.len(), p.class.len())));
            prop_assert_eq!(Prints::decode(&bytes[..bytes.len() - 1]), None);
        }

        #[test]
        fn decode_never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..200)) {
            if let Some(p) = Prints::decode(&bytes) {
                prop_assert_eq!(Prints::decode(&p.encode()), Some(p));
            }
        }
    }
}
