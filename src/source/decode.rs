//! Decoding raw bytes to text: UTF-8 (with or without BOM), UTF-16 with BOM, GB18030/GBK.
//!
//! The decoded text keeps an [`OffsetMap`] back to the raw bytes, so findings report byte ranges of
//! the file as it is on disk, whatever its encoding.

use encoding_rs::{Encoding, GB18030, UTF_16BE, UTF_16LE};

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
    /// Map from offsets in `text` to offsets in the raw bytes.
    pub map: OffsetMap,
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

/// Whether the bytes look binary: a NUL byte in the first 8 KiB of a file without a UTF-16 BOM.
pub fn looks_binary(bytes: &[u8]) -> bool {
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return false;
    }
    bytes[..bytes.len().min(8192)].contains(&0)
}

/// Decodes `bytes` with the given choice.
pub fn decode(bytes: &[u8], choice: EncodingChoice) -> Result<Decoded, DecodeError> {
    match choice {
        EncodingChoice::Auto => {
            if let Some((enc, bom_len)) = Encoding::for_bom(bytes) {
                return decode_with(enc, bytes, bom_len);
            }
            match std::str::from_utf8(bytes) {
                Ok(s) => Ok(utf8(s, 0)),
                Err(e) => {
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

fn utf8(s: &str, bom: usize) -> Decoded {
    Decoded { text: s.to_owned(), encoding: "UTF-8", map: OffsetMap::identity(s.len(), bom) }
}

fn decode_with(enc: &'static Encoding, bytes: &[u8], bom: usize) -> Result<Decoded, DecodeError> {
    let body = &bytes[bom..];
    if enc == encoding_rs::UTF_8 {
        return match std::str::from_utf8(body) {
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
    let mut map = OffsetMap::new();
    let mut src = bom;
    for (i, c) in text.char_indices() {
        let n = c.len_utf16() * 2;
        map.push_replace(i, c.len_utf8(), src..src + n);
        src += n;
    }
    Ok(Decoded { text: text.into_owned(), encoding: enc.name(), map })
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
    let mut map = OffsetMap::new();
    let mut src = 0;
    for (i, c) in text.char_indices() {
        let n = gb18030_seq_len(&bytes[src.min(bytes.len())..]).min(bytes.len() - src);
        map.push_replace(i, c.len_utf8(), src..src + n);
        src += n;
    }
    if src != bytes.len() {
        // The structural walk disagreed with the decoder: refuse rather than report wrong offsets.
        return Err(DecodeError::Invalid { encoding: "GB18030", offset: src.min(bytes.len()) });
    }
    Ok(Decoded { text: text.into_owned(), encoding: "GB18030", map })
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
        assert_eq!(d.map.map_range(0..6), 3..9);
    }

    #[test]
    fn gb18030_four_byte_chars_map_exactly() {
        let (enc, _, _) = GB18030.encode("a𠮷最佳");
        let d = decode(&enc, EncodingChoice::Auto).expect("gb18030");
        assert_eq!(d.encoding, "GB18030");
        assert_eq!(d.text, "a𠮷最佳");
        let at = d.text.find("最佳").expect("present");
        assert_eq!(d.map.map_range(at..at + 6), 5..9);
    }

    #[test]
    fn utf16le_with_bom() {
        let mut bytes = vec![0xFF, 0xFE];
        for u in "x最佳".encode_utf16() {
            bytes.extend_from_slice(&u.to_le_bytes());
        }
        let d = decode(&bytes, EncodingChoice::Auto).expect("utf-16");
        assert_eq!(d.text, "x最佳");
        assert_eq!(d.map.map_range(1..7), 4..8);
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
}
