//! Decoding raw bytes to text: UTF-8 (with or without BOM), UTF-16 with BOM, GB18030/GBK.
//!
//! The decoded text keeps an [`OffsetMap`] back to the raw bytes, so findings report byte ranges of
//! the file as it is on disk, whatever its encoding.

use encoding_rs::{Encoding, GB18030, UTF_16BE, UTF_16LE};

use std::ops::Range;

use crate::model::OffsetMap;

/// Encoding choice: detected, or forced with `--encoding`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[cfg_attr(feature = "cli", derive(clap::ValueEnum))]
pub enum EncodingChoice {
    /// BOM, then strict UTF-8, then GB18030 if the bytes look like Chinese text.
    #[default]
    Auto,
    /// UTF-8 (a BOM is allowed and skipped).
    Utf8,
    /// GB18030 (a superset of GBK and GB2312).
    Gb18030,
    /// GBK, decoded as GB18030 (its superset).
    Gbk,
    /// UTF-16 little endian (a BOM is allowed and skipped).
    Utf16le,
    /// UTF-16 big endian (a BOM is allowed and skipped).
    Utf16be,
}

impl std::str::FromStr for EncodingChoice {
    type Err = String;

    /// Parses `auto`, `utf8`, `gb18030`, `gbk`, `utf16le` or `utf16be` (any case).
    fn from_str(s: &str) -> Result<Self, String> {
        Ok(match s.to_ascii_lowercase().as_str() {
            "auto" => EncodingChoice::Auto,
            "utf8" => EncodingChoice::Utf8,
            "gb18030" => EncodingChoice::Gb18030,
            "gbk" => EncodingChoice::Gbk,
            "utf16le" => EncodingChoice::Utf16le,
            "utf16be" => EncodingChoice::Utf16be,
            _ => return Err(format!("unknown encoding `{s}`, expected auto, utf8, gb18030, gbk, utf16le or utf16be")),
        })
    }
}

/// Text decoded from a file, with a map from text offsets to raw byte offsets.
#[derive(Debug, Clone)]
pub struct Decoded {
    /// The decoded text (no BOM).
    pub text: String,
    /// Name of the encoding used (`UTF-8`, `UTF-16LE`, `GB18030`, …).
    pub encoding: &'static str,
    /// Map from offsets in `text` to offsets in the raw bytes (look up through
    /// [`Decoded::map_range`], which gives it the text it needs).
    pub map: DecodeMap,
}

impl Decoded {
    /// Maps a range of `text` to the smallest range of the raw bytes that produced it.
    pub fn map_range(&self, r: Range<usize>) -> Range<usize> {
        match &self.map {
            DecodeMap::Pieces(m) => m.map_range(r),
            DecodeMap::Widths(w) => w.map_range(&self.text, r),
        }
    }

    /// [`Self::map_range`] for ranges looked up mostly in text order (see
    /// [`OffsetMap::map_range_near`]; start `hint` at 0).
    pub fn map_range_near(&self, r: Range<usize>, hint: &mut usize) -> Range<usize> {
        match &self.map {
            DecodeMap::Pieces(m) => m.map_range_near(r, hint),
            DecodeMap::Widths(w) => w.map_range(&self.text, r),
        }
    }
}

/// How offsets in decoded text lead back to the raw bytes.
#[derive(Debug, Clone)]
pub enum DecodeMap {
    /// A piecewise map (UTF-8 files, documents built in memory).
    Pieces(OffsetMap),
    /// Source widths told by rule from the text itself (UTF-16, GB18030).
    Widths(Widths),
}

/// Output bytes between two [`Widths`] marks.
const MARK_STEP: usize = 512;

/// The map of an encoding in which a character's source width follows from its UTF-8 length
/// (UTF-16: 2 bytes, 4 for a supplementary-plane character; GB18030: 1 for ASCII, 2, 4), save for
/// runs of exceptions (GB18030's 4-byte BMP characters, its 1-byte €). A lookup walks the text
/// from the last mark before it, so the map costs 16 bytes per 512 bytes of text instead of a
/// 40-byte [`OffsetMap`] piece at every switch between ASCII and CJK. It maps every offset
/// exactly as the piecewise map of one `push_replace` per character did: a character as long as
/// its source maps byte for byte, any other one as a whole.
#[derive(Debug, Clone)]
pub struct Widths {
    /// Source width of a character by its UTF-8 length (index 1 to 4).
    rule: [u8; 5],
    /// Text and source offsets of the last character start at or before `k * MARK_STEP`.
    marks: Vec<(usize, usize)>,
    /// Runs of characters whose width is not the rule's: text start, text end, width.
    exceptions: Vec<(usize, usize, u8)>,
    /// Length of the text the map was built for.
    out_len: usize,
    /// Source offset where the text ends.
    src_end: usize,
}

/// UTF-8 length of the character whose first byte is `b`.
fn utf8_len(b: u8) -> usize {
    match b {
        0..0xC0 => 1,
        0xC0..0xE0 => 2,
        0xE0..0xF0 => 3,
        _ => 4,
    }
}

impl Widths {
    /// An empty map with the given widths by UTF-8 length, the text starting at source `base`.
    fn new(rule: [u8; 5], base: usize) -> Self {
        Widths { rule, marks: Vec::new(), exceptions: Vec::new(), out_len: 0, src_end: base }
    }

    /// Records the next character: `len` UTF-8 bytes standing for `width` source bytes.
    fn push(&mut self, len: usize, width: usize) {
        let (out, src) = (self.out_len, self.src_end);
        while self.marks.len() * MARK_STEP < out + len {
            self.marks.push((out, src));
        }
        if width != usize::from(self.rule[len]) {
            let w = u8::try_from(width).unwrap_or(u8::MAX);
            match self.exceptions.last_mut() {
                Some(e) if e.1 == out && e.2 == w => e.1 = out + len,
                _ => self.exceptions.push((out, out + len, w)),
            }
        }
        self.out_len += len;
        self.src_end += width;
    }

    /// The character holding text byte `off` (< the text length): its text start, UTF-8 length,
    /// source start and source width.
    fn char_at(&self, text: &str, off: usize) -> Option<(usize, usize, usize, usize)> {
        let &(mut out, mut src) = self.marks.get(off / MARK_STEP)?;
        let bytes = text.as_bytes();
        let mut e = self.exceptions.partition_point(|x| x.1 <= out);
        loop {
            let len = utf8_len(*bytes.get(out)?);
            let width = match self.exceptions.get(e) {
                Some(x) if x.0 <= out => usize::from(x.2),
                _ => usize::from(self.rule[len]),
            };
            if out + len > off {
                return Some((out, len, src, width));
            }
            out += len;
            src += width;
            if self.exceptions.get(e).is_some_and(|x| x.1 <= out) {
                e += 1;
            }
        }
    }

    /// Source position where text position `off` starts.
    fn start(&self, text: &str, off: usize) -> usize {
        if self.out_len == 0 {
            return 0;
        }
        match self.char_at(text, off) {
            None => self.src_end,
            Some((out, len, src, width)) if len == width => src + (off - out),
            Some((_, _, src, _)) => src,
        }
    }

    /// Source position where exclusive text end `off` (> 0) ends.
    fn end(&self, text: &str, off: usize) -> usize {
        match self.char_at(text, off - 1) {
            None => self.src_end,
            Some((out, len, src, width)) if len == width => src + (off - out),
            Some((_, _, src, width)) => src + width,
        }
    }

    /// Maps a range of `text` (the text the map was built for) to the smallest source range that
    /// produced it.
    pub fn map_range(&self, text: &str, r: Range<usize>) -> Range<usize> {
        let start = self.start(text, r.start);
        if r.is_empty() {
            return start..start;
        }
        let end = if self.out_len == 0 { 0 } else { self.end(text, r.end) };
        start..end.max(start)
    }
}

/// Why bytes could not be decoded.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DecodeError {
    /// Not valid in the forced or detected encoding.
    #[error("invalid {encoding} at byte {offset}")]
    Invalid {
        /// The encoding tried.
        encoding: &'static str,
        /// Byte offset of the first invalid sequence.
        offset: usize,
    },
    /// Not UTF-8 and not plausibly GB18030 either.
    #[error("invalid UTF-8 at byte {offset} (and not GB18030 text either)")]
    Undetected {
        /// Byte offset of the first invalid UTF-8 sequence.
        offset: usize,
    },
}

/// Whether the bytes look binary: a NUL byte in the first 8 KiB of a file that is not UTF-16
/// (with a BOM, or text that reads as UTF-16 without one).
pub fn looks_binary(bytes: &[u8]) -> bool {
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return false;
    }
    bytes[..bytes.len().min(8192)].contains(&0) && sniff_utf16(bytes).is_none()
}

/// Bytes looked at to tell UTF-16 without a BOM.
const SNIFF: usize = 64 * 1024;

/// Whether a UTF-16 code unit is common in Chinese articles: ASCII text and whitespace, Latin,
/// general and CJK punctuation, CJK ideographs, full-width forms.
fn texty(u: u16) -> bool {
    matches!(u, 0x09 | 0x0A | 0x0D | 0x20..=0x7E | 0xA0..=0x24F | 0x2000..=0x206F | 0x3000..=0x303F | 0x4E00..=0x9FFF | 0xFF00..=0xFFEF)
}

/// UTF-16 without a BOM, told from the first 64 KiB: even length, and nearly every code unit in
/// one byte order is common article text while in the other it is not (ASCII read in the wrong
/// order lands outside those ranges, and so does GB18030).
pub fn sniff_utf16(bytes: &[u8]) -> Option<&'static Encoding> {
    if bytes.len() < 4 || !bytes.len().is_multiple_of(2) {
        return None;
    }
    let enc = utf16_order(bytes)?;
    // The whole input must decode, not only its head.
    enc.decode_without_bom_handling_and_without_replacement(bytes).map(|_| enc)
}

/// The byte order in which the first 64 KiB of `bytes` read as UTF-16 article text, if one clearly
/// does (see [`sniff_utf16`]); a trailing odd byte is ignored, so this also works on the head of
/// a file read in pieces. Nothing is decoded.
pub fn utf16_order(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = &bytes[..bytes.len().min(SNIFF)];
    let units = head.len() / 2;
    if units < 2 {
        return None;
    }
    let score = |le: bool| {
        head.chunks_exact(2)
            .filter(|p| texty(if le { u16::from_le_bytes([p[0], p[1]]) } else { u16::from_be_bytes([p[0], p[1]]) }))
            .count()
    };
    let (le, be) = (score(true), score(false));
    let clear = |a: usize, b: usize| a * 100 >= units * 95 && b * 100 <= units * 60;
    if clear(le, be) {
        Some(UTF_16LE)
    } else if clear(be, le) {
        Some(UTF_16BE)
    } else {
        None
    }
}

/// Whether `head`, the start of a file cut anywhere, is UTF-16: a BOM, or NULs or invalid UTF-8
/// (a sequence cut at the end does not count) with one byte order clearly reading as article text.
pub fn looks_utf16(head: &[u8]) -> bool {
    if head.starts_with(&[0xFF, 0xFE]) || head.starts_with(&[0xFE, 0xFF]) {
        return true;
    }
    let head = &head[..head.len().min(SNIFF)];
    let not_utf8 = head.contains(&0) || std::str::from_utf8(head).is_err_and(|e| e.error_len().is_some());
    not_utf8 && utf16_order(head).is_some()
}

/// Decodes `bytes` with the given choice.
pub fn decode(bytes: &[u8], choice: EncodingChoice) -> Result<Decoded, DecodeError> {
    match choice {
        EncodingChoice::Auto => {
            if let Some((enc, bom_len)) = Encoding::for_bom(bytes) {
                return decode_with(enc, bytes, bom_len);
            }
            // Valid UTF-8 without NULs is UTF-8 (lower-case ASCII would read as CJK in UTF-16).
            let nul = bytes[..bytes.len().min(SNIFF)].contains(&0);
            if nul && let Some(enc) = sniff_utf16(bytes) {
                return decode_with(enc, bytes, 0);
            }
            match from_utf8(bytes) {
                Ok(s) => Ok(utf8(s, 0)),
                Err(e) => {
                    if let Some(enc) = sniff_utf16(bytes) {
                        return decode_with(enc, bytes, 0);
                    }
                    if plausible_gb18030(bytes)
                        && let Ok(d) = decode_gb18030(bytes)
                    {
                        return Ok(d);
                    }
                    Err(DecodeError::Undetected { offset: e.valid_up_to() })
                }
            }
        }
        EncodingChoice::Utf8 => {
            let bom = if bytes.starts_with(b"\xEF\xBB\xBF") { 3 } else { 0 };
            decode_with(encoding_rs::UTF_8, bytes, bom)
        }
        EncodingChoice::Gb18030 | EncodingChoice::Gbk => decode_gb18030(bytes),
        EncodingChoice::Utf16le => {
            let bom = if bytes.starts_with(&[0xFF, 0xFE]) { 2 } else { 0 };
            decode_with(UTF_16LE, bytes, bom)
        }
        EncodingChoice::Utf16be => {
            let bom = if bytes.starts_with(&[0xFE, 0xFF]) { 2 } else { 0 };
            decode_with(UTF_16BE, bytes, bom)
        }
    }
}

/// `bytes` as UTF-8, checked with SIMD; the error (with its offset) comes from std, which only
/// runs again on invalid input.
fn from_utf8(bytes: &[u8]) -> Result<&str, std::str::Utf8Error> {
    match simdutf8::basic::from_utf8(bytes) {
        Ok(s) => Ok(s),
        Err(_) => std::str::from_utf8(bytes),
    }
}

fn utf8(s: &str, bom: usize) -> Decoded {
    Decoded { text: s.to_owned(), encoding: "UTF-8", map: DecodeMap::Pieces(OffsetMap::identity(s.len(), bom)) }
}

fn decode_with(enc: &'static Encoding, bytes: &[u8], bom: usize) -> Result<Decoded, DecodeError> {
    let body = &bytes[bom..];
    if enc == encoding_rs::UTF_8 {
        return match from_utf8(body) {
            Ok(s) => Ok(utf8(s, bom)),
            Err(e) => Err(DecodeError::Invalid { encoding: "UTF-8", offset: bom + e.valid_up_to() }),
        };
    }
    if enc == GB18030 {
        return decode_gb18030(body);
    }
    // UTF-16: every char is one or two 2-byte code units.
    let Some(text) = enc.decode_without_bom_handling_and_without_replacement(body) else {
        return Err(DecodeError::Invalid { encoding: enc.name(), offset: bom + first_bad_utf16(enc, body) });
    };
    let mut map = Widths::new([0, 2, 2, 2, 4], bom);
    for c in text.chars() {
        map.push(c.len_utf8(), c.len_utf16() * 2);
    }
    Ok(Decoded { text: text.into_owned(), encoding: enc.name(), map: DecodeMap::Widths(map) })
}

fn first_bad_utf16(enc: &'static Encoding, body: &[u8]) -> usize {
    let be = enc == UTF_16BE;
    let mut i = 0;
    while i + 1 < body.len() {
        let u =
            if be { u16::from_be_bytes([body[i], body[i + 1]]) } else { u16::from_le_bytes([body[i], body[i + 1]]) };
        if (0xD800..0xDC00).contains(&u) {
            if i + 3 >= body.len() {
                return i;
            }
            let v = if be {
                u16::from_be_bytes([body[i + 2], body[i + 3]])
            } else {
                u16::from_le_bytes([body[i + 2], body[i + 3]])
            };
            if !(0xDC00..0xE000).contains(&v) {
                return i;
            }
            i += 4;
        } else if (0xDC00..0xE000).contains(&u) {
            return i;
        } else {
            i += 2;
        }
    }
    i
}

/// Length in bytes of the GB18030 sequence starting at `b[0]` (structure only; validity is checked
/// by the decoder).
fn gb18030_seq_len(b: &[u8]) -> usize {
    match b {
        [x, ..] if *x < 0x80 => 1,
        [0x81..=0xFE, 0x30..=0x39, ..] => 4,
        [0x81..=0xFE, _, ..] => 2,
        _ => 1,
    }
}

/// Decodes GB18030 strictly, mapping each character to its 1, 2 or 4 source bytes.
fn decode_gb18030(bytes: &[u8]) -> Result<Decoded, DecodeError> {
    let Some(text) = GB18030.decode_without_bom_handling_and_without_replacement(bytes) else {
        return Err(DecodeError::Invalid { encoding: "GB18030", offset: first_bad_gb18030(bytes) });
    };
    let mut map = Widths::new([0, 1, 2, 2, 4], 0);
    let mut src = 0;
    for c in text.chars() {
        let n = gb18030_seq_len(&bytes[src.min(bytes.len())..]).min(bytes.len() - src);
        map.push(c.len_utf8(), n);
        src += n;
    }
    if src != bytes.len() {
        // The structural walk disagreed with the decoder: refuse rather than report wrong offsets.
        return Err(DecodeError::Invalid { encoding: "GB18030", offset: src.min(bytes.len()) });
    }
    Ok(Decoded { text: text.into_owned(), encoding: "GB18030", map: DecodeMap::Widths(map) })
}

fn first_bad_gb18030(bytes: &[u8]) -> usize {
    let mut i = 0;
    while i < bytes.len() {
        let n = gb18030_seq_len(&bytes[i..]).min(bytes.len() - i);
        if GB18030.decode_without_bom_handling_and_without_replacement(&bytes[i..i + n]).is_none() {
            return i;
        }
        i += n;
    }
    i
}

/// Whether non-UTF-8 bytes plausibly are GB18030 text rather than damaged UTF-8: fewer of the
/// non-ASCII bytes form valid UTF-8 sequences that decode to CJK characters than do not. Damaged
/// UTF-8 Chinese keeps most of its CJK sequences; GB18030 pairs form valid UTF-8 only by accident,
/// and then mostly as 2-byte sequences decoding to Latin, Greek or Cyrillic letters (小 = D0 A1 = С).
fn plausible_gb18030(bytes: &[u8]) -> bool {
    let cjk = |c: char| matches!(c as u32, 0x2E80..=0x9FFF | 0xF900..=0xFAFF | 0xFE30..=0xFE4F | 0xFF00..=0xFFEF | 0x20000..=0x3FFFF);
    let (mut utf8_cjk, mut other) = (0usize, 0usize);
    let count = |s: &str, utf8_cjk: &mut usize, other: &mut usize| {
        for c in s.chars().filter(|c| !c.is_ascii()) {
            if cjk(c) { *utf8_cjk += c.len_utf8() } else { *other += c.len_utf8() }
        }
    };
    let mut rest = bytes;
    loop {
        match std::str::from_utf8(rest) {
            Ok(s) => {
                count(s, &mut utf8_cjk, &mut other);
                break;
            }
            Err(e) => {
                let (good, bad) = rest.split_at(e.valid_up_to());
                count(std::str::from_utf8(good).unwrap_or_default(), &mut utf8_cjk, &mut other);
                let n = e.error_len().unwrap_or(bad.len()).max(1);
                other += bad[..n].iter().filter(|&&b| b >= 0x80).count();
                rest = &bad[n..];
            }
        }
    }
    other > utf8_cjk
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_with_bom_maps_past_bom() {
        let bytes = b"\xEF\xBB\xBF\xE6\x9C\x80\xE4\xBD\xB3";
        let d = decode(bytes, EncodingChoice::Auto).expect("utf-8");
        assert_eq!(d.text, "最佳");
        assert_eq!(d.map_range(0..6), 3..9);
    }

    #[test]
    fn gb18030_four_byte_chars_map_exactly() {
        let (enc, _, _) = GB18030.encode("a𠮷最佳");
        let d = decode(&enc, EncodingChoice::Auto).expect("gb18030");
        assert_eq!(d.encoding, "GB18030");
        assert_eq!(d.text, "a𠮷最佳");
        let at = d.text.find("最佳").expect("present");
        assert_eq!(d.map_range(at..at + 6), 5..9);
    }

    #[test]
    fn utf16le_with_bom() {
        let mut bytes = vec![0xFF, 0xFE];
        for u in "x最佳".encode_utf16() {
            bytes.extend_from_slice(&u.to_le_bytes());
        }
        let d = decode(&bytes, EncodingChoice::Auto).expect("utf-16");
        assert_eq!(d.text, "x最佳");
        assert_eq!(d.map_range(1..7), 4..8);
    }

    #[test]
    fn utf16_without_bom_is_told_from_its_text() {
        let text = "本品是全网最佳的选择。\nBuy now: 限时优惠！\r\n这是一篇普通的文章，讲述了春天的故事。";
        for le in [true, false] {
            let bytes: Vec<u8> =
                text.encode_utf16().flat_map(|u| if le { u.to_le_bytes() } else { u.to_be_bytes() }).collect();
            assert!(!looks_binary(&bytes), "UTF-16 text with NULs is not binary");
            let d = decode(&bytes, EncodingChoice::Auto).expect("UTF-16 without BOM");
            assert_eq!(d.encoding, if le { "UTF-16LE" } else { "UTF-16BE" });
            assert_eq!(d.text, text);
            let at = text.find("最佳").expect("present");
            let chars_before = text[..at].encode_utf16().count();
            assert_eq!(d.map_range(at..at + 6), chars_before * 2..chars_before * 2 + 4);
        }
        // Chinese only (no NUL bytes at all) is UTF-16 too, not GB18030.
        let bytes: Vec<u8> = "全网最佳产品限时抢购".encode_utf16().flat_map(u16::to_le_bytes).collect();
        assert_eq!(decode(&bytes, EncodingChoice::Auto).map(|d| d.encoding), Ok("UTF-16LE"));
        // ASCII, GB18030 and binary stay what they are.
        assert_eq!(decode(b"plain lowercase ascii text here", EncodingChoice::Auto).map(|d| d.encoding), Ok("UTF-8"));
        let (gb, _, _) = GB18030.encode("这是一篇普通的文章，讲述了春天的故事。");
        assert_eq!(decode(&gb, EncodingChoice::Auto).map(|d| d.encoding), Ok("GB18030"));
        let png: Vec<u8> = (0..4096u32).map(|i| (i.wrapping_mul(2654435761) >> 13) as u8).chain([0, 0]).collect();
        assert!(looks_binary(&png));
    }

    #[test]
    fn damaged_utf8_is_an_error_with_offset() {
        let mut bytes = "最佳产品".as_bytes().to_vec();
        bytes[4] = 0xFF;
        let err = decode(&bytes, EncodingChoice::Auto).expect_err("invalid");
        assert_eq!(err, DecodeError::Undetected { offset: 3 });
        let err = decode(&bytes, EncodingChoice::Utf8).expect_err("invalid");
        assert_eq!(err, DecodeError::Invalid { encoding: "UTF-8", offset: 3 });
    }

    #[test]
    fn short_gbk_text_that_is_partly_valid_utf8_is_detected() {
        // 小 and 平 are D0 A1 and C6 BD in GBK: valid two-byte UTF-8 (Cyrillic, Latin).
        let (enc, _, _) = GB18030.encode("小平相还违禁甲");
        let d = decode(&enc, EncodingChoice::Auto).expect("gb18030");
        assert_eq!(d.text, "小平相还违禁甲");
    }

    #[test]
    fn gbk_traditional_text_is_detected() {
        let (enc, _, _) = GB18030.encode("違禁甲，國家級產品");
        let d = decode(&enc, EncodingChoice::Auto).expect("gb18030");
        assert_eq!(d.text, "違禁甲，國家級產品");
    }

    #[test]
    fn invalid_gb18030_reports_offset() {
        let err = decode(b"ab\xFF\xFFcd", EncodingChoice::Gb18030).expect_err("invalid");
        assert_eq!(err, DecodeError::Invalid { encoding: "GB18030", offset: 2 });
    }

    #[test]
    fn binary_detection() {
        assert!(looks_binary(b"PNG\0\0data"));
        assert!(!looks_binary("最佳".as_bytes()));
        assert!(!looks_binary(&[0xFF, 0xFE, b'a', 0]));
    }

    /// The piecewise map decoding built before [`Widths`]: one `push_replace` per character.
    fn piecewise(d: &Decoded, bytes: &[u8], bom: usize) -> OffsetMap {
        let mut map = OffsetMap::new();
        let mut src = bom;
        for (i, c) in d.text.char_indices() {
            let n = match d.encoding {
                "GB18030" => gb18030_seq_len(&bytes[src..]).min(bytes.len() - src),
                _ => c.len_utf16() * 2,
            };
            map.push_replace(i, c.len_utf8(), src..src + n);
            src += n;
        }
        map
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(200))]

        /// Mapping through [`Widths`] equals the piecewise map for every range, on mixed ASCII,
        /// CJK, Latin, Hangul (4-byte BMP in GB18030), supplementary-plane characters and
        /// GB18030's 1-byte € (0x80), in UTF-16LE, UTF-16BE (with and without BOM) and GB18030.
        #[test]
        fn widths_map_as_the_piecewise_map_did(
            parts in proptest::collection::vec((0usize..10, 1usize..40), 0..80),
            enc in 0usize..5,
        ) {
            let pool: [&[char]; 10] = [
                &['a', '1', ' ', '\n', '.'], &['中', '国', '最', '佳'], &['，', '。', '“', '”'],
                &['é', 'ß', '·', '¥'], &['한', '국'], &['𠀀', '😀'], &['€'], &['ー', 'ア'],
                &['\u{E000}', '\u{FFFD}'], &['z', '中', '😀', '·', ' '],
            ];
            let mut bytes = Vec::new();
            let bom = match enc {
                1 => { bytes.extend([0xFF, 0xFE]); 2 }
                3 => { bytes.extend([0xFE, 0xFF]); 2 }
                _ => 0,
            };
            let mut k = 0usize;
            for &(class, n) in &parts {
                for _ in 0..n {
                    k = k.wrapping_mul(31).wrapping_add(7);
                    let c = pool[class][k % pool[class].len()];
                    match enc {
                        0 | 1 => c.encode_utf16(&mut [0; 2]).iter().for_each(|u| bytes.extend(u.to_le_bytes())),
                        2 | 3 => c.encode_utf16(&mut [0; 2]).iter().for_each(|u| bytes.extend(u.to_be_bytes())),
                        _ if c == '€' && k.is_multiple_of(2) => bytes.push(0x80),
                        _ => bytes.extend_from_slice(&GB18030.encode(c.encode_utf8(&mut [0; 4])).0),
                    }
                }
            }
            let choice = [EncodingChoice::Utf16le, EncodingChoice::Utf16le, EncodingChoice::Utf16be,
                EncodingChoice::Utf16be, EncodingChoice::Gb18030][enc];
            let d = decode(&bytes, choice).expect("valid input");
            proptest::prop_assert!(matches!(d.map, DecodeMap::Widths(_)));
            let old = piecewise(&d, &bytes, bom);
            let len = d.text.len();
            for a in 0..=len + 2 {
                for b in a..=(a + 7).min(len + 3) {
                    proptest::prop_assert_eq!(d.map_range(a..b), old.map_range(a..b), "{:?}", a..b);
                }
                let mut hint = 0;
                proptest::prop_assert_eq!(d.map_range_near(a..len, &mut hint), old.map_range(a..len));
                proptest::prop_assert_eq!(d.map_range(0..a), old.map_range(0..a));
            }
        }
    }

    #[test]
    fn a_decoded_cjk_and_ascii_mix_keeps_a_small_map() {
        let text = "第1条 中华人民共和国 2024年\n".repeat(2000);
        for (bytes, choice) in [
            (text.encode_utf16().flat_map(u16::to_le_bytes).collect::<Vec<u8>>(), EncodingChoice::Utf16le),
            (GB18030.encode(&text).0.into_owned(), EncodingChoice::Gb18030),
        ] {
            let d = decode(&bytes, choice).expect("valid");
            let DecodeMap::Widths(w) = &d.map else { panic!("not a widths map") };
            assert_eq!(w.marks.len(), text.len().div_ceil(MARK_STEP));
            assert!(w.exceptions.is_empty());
            let at = text.len() - "2024年\n".len();
            let src = piecewise(&d, &bytes, 0).map_range(at..at + 4);
            assert_eq!(d.map_range(at..at + 4), src);
        }
    }
}
