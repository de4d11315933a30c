//! The fingerprints of one text in both streams, and their compact encoding in index files.
//!
//! Raw fingerprints ([`super::fingerprint`]) find verbatim passages; class fingerprints
//! ([`super::classes`]) find passages rewritten with synonyms and homophones. Both carry positions
//! in the normalized character stream, so passages from either are measured in the same
//! characters, and the byte range of their source text.

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
    /// Byte range of the text (or file) the k-gram came from.
    pub src: Range<usize>,
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
}

/// A 64-bit k-gram hash folded to the 32 bits an index stores.
fn fold(h: u64) -> u32 {
    (h ^ (h >> 32)) as u32
}

fn idx(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

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
        let raw = fingerprint::fingerprints(&stream, K, W)
            .into_iter()
            .map(|f| Print { hash: fold(f.hash), pos: f.pos, end: f.pos.saturating_add(K as u32), src: f.src })
            .collect();
        if !with_class {
            return Self { chars: idx(stream.len()), raw, class: Vec::new() };
        }
        let symbols = classes::symbols(&stream);
        let class = classes::fingerprints(&symbols)
            .into_iter()
            .filter_map(|f| {
                let first = &symbols.get(f.pos as usize)?.0;
                let last = &symbols.get(f.pos as usize + classes::K - 1)?.0;
                Some(Print { hash: fold(f.hash), pos: first.chars.start, end: last.chars.end, src: f.src })
            })
            .collect();
        Self { chars: idx(stream.len()), raw, class }
    }

    /// The same fingerprints with every source range passed through `map` (text → file bytes).
    pub fn map_src(mut self, map: &dyn Fn(Range<usize>) -> Range<usize>) -> Self {
        for p in self.raw.iter_mut().chain(self.class.iter_mut()) {
            p.src = map(p.src.clone());
        }
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

    /// The compact encoding stored in index files: counts, then per fingerprint its hash (4 bytes)
    /// and varints for the position delta, (class stream only) the k-gram's length in characters,
    /// the zigzag source-start delta and the source length.
    pub fn encode(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(self.len() * 8 + 8);
        put(&mut out, u64::from(self.chars));
        put(&mut out, self.raw.len() as u64);
        put(&mut out, self.class.len() as u64);
        for (stream, with_end) in [(&self.raw, false), (&self.class, true)] {
            let (mut pos, mut start) = (0u32, 0i64);
            for p in stream {
                out.extend_from_slice(&p.hash.to_le_bytes());
                put(&mut out, u64::from(p.pos.wrapping_sub(pos)));
                if with_end {
                    put(&mut out, u64::from(p.end.saturating_sub(p.pos)));
                }
                let s = i64::try_from(p.src.start).unwrap_or(i64::MAX);
                put(&mut out, zigzag(s.wrapping_sub(start)));
                put(&mut out, (p.src.end.saturating_sub(p.src.start)) as u64);
                (pos, start) = (p.pos, s);
            }
        }
        out
    }

    /// Decodes [`Prints::encode`]; `None` when the bytes are not a valid encoding.
    pub fn decode(bytes: &[u8]) -> Option<Self> {
        let mut r = Reader { bytes, at: 0 };
        let chars = u32::try_from(r.varint()?).ok()?;
        let n_raw = usize::try_from(r.varint()?).ok()?;
        let n_class = usize::try_from(r.varint()?).ok()?;
        // Each fingerprint takes at least 7 bytes: refuse counts the bytes cannot hold.
        if n_raw.checked_add(n_class)?.checked_mul(7)? > bytes.len() {
            return None;
        }
        let mut streams = [Vec::with_capacity(n_raw), Vec::with_capacity(n_class)];
        for (s, (n, with_end)) in streams.iter_mut().zip([(n_raw, false), (n_class, true)]) {
            let (mut pos, mut start) = (0u32, 0i64);
            for _ in 0..n {
                let hash = u32::from_le_bytes(r.take(4)?.try_into().ok()?);
                pos = pos.checked_add(u32::try_from(r.varint()?).ok()?)?;
                let len = if with_end { u32::try_from(r.varint()?).ok()? } else { K as u32 };
                start = start.checked_add(unzigzag(r.varint()?))?;
                let from = usize::try_from(start).ok()?;
                let to = from.checked_add(usize::try_from(r.varint()?).ok()?)?;
                s.push(Print { hash, pos, end: pos.checked_add(len)?, src: from..to });
            }
        }
        if r.at != bytes.len() {
            return None;
        }
        let [raw, class] = streams;
        Some(Self { chars, raw, class })
    }

    /// The distinct hashes of an encoding (`None` if malformed).
    pub fn encoded_hashes(bytes: &[u8]) -> Option<Vec<u32>> {
        Self::decode(bytes).map(|p| p.hashes())
    }

    /// Fingerprint counts of an encoding (raw, class).
    pub fn encoded_counts(bytes: &[u8]) -> Option<(usize, usize)> {
        let mut r = Reader { bytes, at: 0 };
        r.varint()?;
        Some((usize::try_from(r.varint()?).ok()?, usize::try_from(r.varint()?).ok()?))
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

impl Reader<'_> {
    fn take(&mut self, n: usize) -> Option<&[u8]> {
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
        assert!(bytes.len() <= p.len() * 8 + 8, "{} bytes for {} prints", bytes.len(), p.len());
        for f in p.raw.iter().chain(&p.class) {
            assert!(f.pos < f.end && f.end <= p.chars);
            assert!(text.get(f.src.clone()).is_some());
        }
        assert_eq!(Prints::decode(&bytes[..bytes.len() - 1]), None);
        assert_eq!(Prints::decode(&[]), None);
    }

    proptest! {
        #[test]
        fn decode_never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..200)) {
            if let Some(p) = Prints::decode(&bytes) {
                prop_assert_eq!(Prints::decode(&p.encode()), Some(p));
            }
        }
    }
}
