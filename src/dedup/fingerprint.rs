//! Fingerprints: winnowed k-gram hashes of the normalized character stream.
//!
//! The stream keeps only letters, digits and Han characters of the normalized text (so width, case,
//! 繁简, spacing, punctuation and invisible characters do not matter), each with the byte range of
//! the input text it came from. Every run of [`K`] characters is hashed with a fixed function
//! ([`kgram_hash`], stored in index files, so it never changes), and winnowing keeps the minimum of
//! every window of [`W`] consecutive hashes: any run of at least `K + W - 1` characters two texts
//! share yields at least one common fingerprint.

use std::ops::Range;

use crate::normalize::normalize;

/// Characters per k-gram.
pub const K: usize = 5;

/// k-grams per winnowing window.
pub const W: usize = 9;

/// One winnowed k-gram: hash, position in the normalized character stream, and the byte range in
/// the source text the k characters came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fingerprint {
    /// Hash of the k characters ([`kgram_hash`]).
    pub hash: u64,
    /// Index of the k-gram's first character in the stream.
    pub pos: u32,
    /// Byte range of the source text the k characters came from.
    pub src: Range<usize>,
}

/// The normalized characters of `text` (letters, digits, Han only) with their source byte ranges.
///
/// A character that stands for several source characters (a collapsed repeat `最最最`) has the
/// range of all of them; several characters folded from one source character share its range.
///
/// Parenthesised pinyin after a Han character (點(diǎn)擊率, 点（dian）击) is left out: such
/// annotations are not content and would cut or pad copied passages.
pub fn stream(text: &str) -> Vec<(char, Range<usize>)> {
    let skip = annotations(text);
    let norm = normalize(text);
    let mut at = 0;
    norm.text
        .char_indices()
        .filter(|(_, c)| c.is_alphanumeric())
        .map(|(i, c)| (c, norm.map.map_range(i..i + c.len_utf8())))
        .filter(|(_, r)| {
            while skip.get(at).is_some_and(|s| s.end <= r.start) {
                at += 1;
            }
            !skip.get(at).is_some_and(|s| s.start <= r.start && r.end <= s.end)
        })
        .collect()
}

/// Byte ranges of `text` holding parenthesised pinyin after a Han character, parentheses
/// included, in order.
fn annotations(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut prev_han = false;
    let mut skip_to = 0;
    for (i, c) in text.char_indices() {
        if i < skip_to {
            continue;
        }
        if prev_han
            && matches!(c, '(' | '（')
            && let Some(len) = pinyin_annotation(&text[i + c.len_utf8()..])
        {
            skip_to = i + c.len_utf8() + len;
            out.push(i..skip_to);
            continue;
        }
        prev_han = is_han(c);
    }
    out
}

/// Whether `c` is a CJK unified ideograph (the blocks the segmenter reads as Han).
fn is_han(c: char) -> bool {
    matches!(c, '\u{4E00}'..='\u{9FFF}' | '\u{3400}'..='\u{4DBF}' | '\u{20000}'..='\u{2FFFF}')
}

/// If `rest` (the text after an opening parenthesis) starts with a pinyin annotation and its
/// closing parenthesis, the annotation's length in bytes with the closing parenthesis: 1 to 3
/// syllables of Latin letters (tone marks or tone digits allowed), at most 20 characters.
fn pinyin_annotation(rest: &str) -> Option<usize> {
    let mut vowel = false;
    for (n, (i, c)) in rest.char_indices().enumerate() {
        if n > 20 {
            return None;
        }
        match c {
            ')' | '）' => return (vowel && n > 0).then_some(i + c.len_utf8()),
            'a' | 'e' | 'i' | 'o' | 'u' | 'v' | 'ü' | 'A' | 'E' | 'I' | 'O' | 'U' => vowel = true,
            'ā' | 'á' | 'ǎ' | 'à' | 'ē' | 'é' | 'ě' | 'è' | 'ī' | 'í' | 'ǐ' | 'ì' | 'ō' | 'ó' | 'ǒ' | 'ò' | 'ū'
            | 'ú' | 'ǔ' | 'ù' | 'ǖ' | 'ǘ' | 'ǚ' | 'ǜ' => vowel = true,
            // Tone marks may come decomposed (combining diacritics).
            'b'..='z' | 'A'..='Z' | '1'..='5' | ' ' | '\'' | '-' | '\u{300}'..='\u{36F}' => {}
            _ => return None,
        }
    }
    None
}

pub(crate) const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
const FNV_PRIME: u64 = 0x0000_0100_0000_01b3;

/// The stable hash of a k-gram: FNV-1a 64 over the characters' UTF-8, then the MurmurHash3
/// 64-bit finalizer (so minima are spread evenly). Part of the index file format.
pub fn kgram_hash(chars: impl IntoIterator<Item = char>) -> u64 {
    let mut h = FNV_OFFSET;
    let mut buf = [0u8; 4];
    for c in chars {
        h = fnv(c.encode_utf8(&mut buf).bytes(), h);
    }
    mix(h)
}

/// FNV-1a 64 of `bytes`, continuing from `seed` ([`FNV_OFFSET`] to start).
pub(crate) fn fnv(bytes: impl IntoIterator<Item = u8>, seed: u64) -> u64 {
    let mut h = seed;
    for b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(FNV_PRIME);
    }
    h
}

/// MurmurHash3's 64-bit finalizer (spreads FNV's low-entropy high bits).
pub(crate) fn mix(mut h: u64) -> u64 {
    h ^= h >> 33;
    h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
    h ^= h >> 33;
    h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    h ^ (h >> 33)
}

/// Winnowed fingerprints (k-grams of `k` characters, window `w`; defaults [`K`] = 5, [`W`] = 9:
/// any shared run of ≥ K+W-1 = 13 normalized characters is guaranteed to share a fingerprint).
///
/// In each window of `w` consecutive k-gram hashes the minimum is selected (the rightmost on ties),
/// and each selected k-gram is recorded once, in stream order. A stream with fewer than `w`
/// k-grams selects its overall minimum; one shorter than `k` (or `k` or `w` zero) has none.
pub fn fingerprints(stream: &[(char, Range<usize>)], k: usize, w: usize) -> Vec<Fingerprint> {
    if k == 0 || w == 0 || stream.len() < k {
        return Vec::new();
    }
    let hashes: Vec<u64> = stream.windows(k).map(|g| kgram_hash(g.iter().map(|(c, _)| *c))).collect();
    select(&hashes, stream, k, w)
}

/// Winnowing over precomputed k-gram `hashes` of `items` (each with its source range): the
/// rightmost minimum of every window of `w` hashes, each selected k-gram once, in order.
pub(crate) fn select<T>(hashes: &[u64], items: &[(T, Range<usize>)], k: usize, w: usize) -> Vec<Fingerprint> {
    let mut out = Vec::new();
    if hashes.is_empty() || w == 0 || k == 0 {
        return out;
    }
    let win = w.min(hashes.len());
    let mut last: Option<usize> = None;
    for (start, window) in hashes.windows(win).enumerate() {
        // Rightmost minimum of the window.
        let mut best = 0;
        for (j, &h) in window.iter().enumerate() {
            if h <= window[best] {
                best = j;
            }
        }
        let at = start + best;
        if last != Some(at) {
            last = Some(at);
            let (Ok(pos), Some(first), Some(end)) = (u32::try_from(at), items.get(at), items.get(at + k - 1)) else {
                break;
            };
            out.push(Fingerprint { hash: window[best], pos, src: first.1.start..end.1.end });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn parenthesised_pinyin_is_ignored() {
        let text = |s: &str| stream(s).into_iter().map(|(c, _)| c).collect::<String>();
        assert_eq!(text("點(diǎn)擊率很高"), text("點擊率很高"));
        assert_eq!(text("点（dian）击（ji3）率"), text("点击率"));
        assert_eq!(text("打开微信(wēi xìn)看看"), text("打开微信看看"));
        // Not pinyin, or not after a Han character: kept.
        assert_eq!(text("增长(2023年)"), "增长2023年");
        assert_eq!(text("见附件(pdf)"), "见附件pdf");
        assert_eq!(text("ok (da) 好"), "okda好");
        // Source ranges still point at the kept characters.
        let src = "點(diǎn)擊";
        let s = stream(src);
        assert_eq!(&src[s[1].1.clone()], "擊");
        // A copied passage with annotations in the draft is found as one verbatim run.
        let plain = "很多专家认为公众号的打开率和点击率正在逐年下降运营者需要想办法提高内容质量";
        let annotated = "很多专家认为公众号的打开率和點(diǎn)擊(jī)率正在逐年下降运营者需要想办法提高内容质量";
        assert_eq!(text(annotated), text(plain));
    }

    #[test]
    fn stream_keeps_letters_digits_han_with_source_ranges() {
        let src = "最 佳，國家級";
        let s = stream(src);
        let text: String = s.iter().map(|(c, _)| *c).collect();
        assert_eq!(text, "最佳国家级");
        let pieces: Vec<&str> = s.iter().map(|(_, r)| &src[r.clone()]).collect();
        assert_eq!(pieces, ["最", "佳", "國", "家", "級"]);
        assert_eq!(s[1].1, 4..7);
        assert_eq!(s[2].1, 10..13);
        // Width and case fold, repeats collapse onto one character covering all of them.
        let src = "ＡＢ１ 好好好！c";
        let s = stream(src);
        let text: String = s.iter().map(|(c, _)| *c).collect();
        assert_eq!(text, "ab1好c");
        assert_eq!(&src[s[3].1.clone()], "好好好");
        assert_eq!(&src[s[4].1.clone()], "c");
    }

    #[test]
    fn hash_is_pinned() {
        // Stored in index files: this value must never change.
        assert_eq!(kgram_hash("国家级产品".chars()), 0x8fe9_44af_44e3_5b79);
        assert_ne!(kgram_hash("国家级产品".chars()), kgram_hash("国家级产物".chars()));
    }

    #[test]
    fn fingerprints_are_deterministic_and_point_at_their_source() {
        let src = "本公司生产的保健食品，經過國家級檢測，品質可靠，歡迎廣大消費者選購。";
        let s = stream(src);
        let a = fingerprints(&s, K, W);
        assert_eq!(a, fingerprints(&stream(src), K, W));
        assert!(!a.is_empty());
        let mut prev = None;
        for fp in &a {
            let p = fp.pos as usize;
            let g: String = s[p..p + K].iter().map(|(c, _)| *c).collect();
            assert_eq!(fp.hash, kgram_hash(g.chars()));
            assert_eq!(fp.src, s[p].1.start..s[p + K - 1].1.end);
            assert!(prev.is_none_or(|q| q < p), "increasing, recorded once");
            prev = Some(p);
        }
        // Every window of W hashes holds a selected position.
        let n = s.len() - K + 1;
        for start in 0..=n - W {
            assert!(a.iter().any(|f| (start..start + W).contains(&(f.pos as usize))));
        }
        // Each window's rightmost minimum is selected.
        let hashes: Vec<u64> = s.windows(K).map(|g| kgram_hash(g.iter().map(|(c, _)| *c))).collect();
        for start in 0..=n - W {
            let min = hashes[start..start + W].iter().min().unwrap();
            let at = start + hashes[start..start + W].iter().rposition(|h| h == min).unwrap();
            assert!(a.iter().any(|f| f.pos as usize == at), "window {start}");
        }
        assert_eq!(a.len(), a.iter().map(|f| f.pos).collect::<std::collections::BTreeSet<_>>().len());
    }

    #[test]
    fn degenerate_inputs() {
        assert!(fingerprints(&stream(""), K, W).is_empty());
        assert!(fingerprints(&stream("最佳"), K, W).is_empty());
        assert_eq!(fingerprints(&stream("国家级产品"), K, W).len(), 1);
        assert!(fingerprints(&stream("国家级产品"), 0, W).is_empty());
        assert!(fingerprints(&stream("国家级产品"), K, 0).is_empty());
        // Identical hashes everywhere: the rightmost of each window, each once.
        let s = stream(&"ab".repeat(20));
        let f = fingerprints(&s, 2, 4);
        let mut pos: Vec<u32> = f.iter().map(|f| f.pos).collect();
        pos.dedup();
        assert_eq!(pos.len(), f.len());
        let hashes: Vec<u64> = s.windows(2).map(|g| kgram_hash(g.iter().map(|(c, _)| *c))).collect();
        let min_parity = usize::from(hashes[1] < hashes[0]);
        let want: Vec<u32> = (2..hashes.len() as u32).filter(|p| *p as usize % 2 == min_parity).collect();
        assert_eq!(pos, want, "rightmost minimum on ties");
        let s = stream(&"ab".repeat(8));
        let all: Vec<u32> = fingerprints(&s, 1, 4).iter().map(|f| f.pos).collect();
        assert_eq!(
            all,
            (2..16)
                .filter(|p| p % 2 == usize::from(kgram_hash(['b']) < kgram_hash(['a'])))
                .map(|p| p as u32)
                .collect::<Vec<_>>()
        );
    }

    /// Random text over a small alphabet of Han characters, letters and separators.
    fn text() -> impl Strategy<Value = String> {
        proptest::collection::vec(
            prop_oneof![
                8 => proptest::char::range('\u{4E00}', '\u{4E40}'),
                1 => proptest::char::range('a', 'e'),
                1 => Just(' '),
                1 => Just('，'),
            ],
            0..120,
        )
        .prop_map(|v| v.into_iter().collect())
    }

    /// A shared run: Han characters without immediate repeats (repeats collapse).
    fn run() -> impl Strategy<Value = String> {
        proptest::collection::vec(proptest::char::range('\u{4E00}', '\u{4FFF}'), 13..60).prop_map(|mut v| {
            v.dedup();
            v.into_iter().collect()
        })
    }

    proptest! {
        #[test]
        fn shared_runs_share_a_fingerprint(a in text(), b in text(), shared in run(), c in text(), d in text()) {
            prop_assume!(stream(&shared).len() >= K + W - 1);
            // Line breaks keep neighbours from collapsing into the shared run.
            let x = format!("{a}\n{shared}\n{b}");
            let y = format!("{c}\n{shared}\n{d}");
            let fx = fingerprints(&stream(&x), K, W);
            let fy = fingerprints(&stream(&y), K, W);
            prop_assert!(fx.iter().any(|f| fy.iter().any(|g| g.hash == f.hash)));
            // The common fingerprint's source text is inside the shared run on both sides.
            let sx = x.find(&shared).unwrap_or(0)..x.find(&shared).unwrap_or(0) + shared.len();
            prop_assert!(fx.iter().any(|f| sx.start <= f.src.start && f.src.end <= sx.end
                && fy.iter().any(|g| g.hash == f.hash)));
        }
    }
}
