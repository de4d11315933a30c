//! Decoding raw bytes: every encoding choice. The text maps back to the bytes character by
//! character: the characters' source slices tile the bytes after the BOM, each slice decodes alone
//! to its character, and valid UTF-8 (without a UTF-16 BOM) is always read as UTF-8.
#![no_main]

use hegui::source::decode::{self, EncodingChoice};
use hegui_fuzz::{check_growth, check_map, timed};
use libfuzzer_sys::fuzz_target;

const CHOICES: [EncodingChoice; 6] = [
    EncodingChoice::Auto,
    EncodingChoice::Utf8,
    EncodingChoice::Gb18030,
    EncodingChoice::Gbk,
    EncodingChoice::Utf16le,
    EncodingChoice::Utf16be,
];

/// The forced choice that reads one character's bytes as `encoding` did.
fn forced(encoding: &str) -> EncodingChoice {
    match encoding {
        "UTF-8" => EncodingChoice::Utf8,
        "UTF-16LE" => EncodingChoice::Utf16le,
        "UTF-16BE" => EncodingChoice::Utf16be,
        "GB18030" => EncodingChoice::Gb18030,
        other => panic!("unexpected encoding name {other}"),
    }
}

fuzz_target!(|data: &[u8]| {
    let binary = decode::looks_binary(data);
    let utf16_bom = data.starts_with(&[0xFF, 0xFE]) || data.starts_with(&[0xFE, 0xFF]);
    assert!(!(binary && utf16_bom), "a UTF-16 BOM is never binary");
    for choice in CHOICES {
        let Ok(d) = timed("decode", data.len(), || decode::decode(data, choice)) else {
            continue;
        };
        // One byte may become three (GB18030 0x80 is €).
        check_growth("decode", data.len(), d.text.len(), 3);
        if choice == EncodingChoice::Auto
            && !utf16_bom
            && decode::sniff_utf16(data).is_none_or(|_| !data.contains(&0))
            && let Ok(s) = std::str::from_utf8(data)
        {
            assert_eq!(d.encoding, "UTF-8", "valid UTF-8 read as {}", d.encoding);
            assert_eq!(d.text, s.strip_prefix('\u{feff}').unwrap_or(s));
        }
        // Source slices of the characters, in order.
        let slices: Vec<_> = d.text.char_indices().map(|(i, c)| (c, d.map_range(i..i + c.len_utf8()))).collect();
        let bom = slices.first().map_or(0, |(_, r)| r.start);
        assert!(bom <= 3, "{choice:?}: text starts at byte {bom}");
        let mut at = bom;
        for (c, r) in &slices {
            assert_eq!(r.start, at, "{choice:?}: {c:?} maps to {r:?}, expected to start at {at}");
            assert!(r.end > r.start && r.end <= data.len(), "{choice:?}: {c:?} maps to {r:?}");
            at = r.end;
        }
        if !d.text.is_empty() {
            assert_eq!(at, data.len(), "{choice:?}: characters cover bytes {bom}..{at} of {}", data.len());
        }
        // Each slice alone decodes to its character (a lone U+FEFF would be taken for a BOM).
        let one = forced(d.encoding);
        for (c, r) in slices.iter().step_by(slices.len() / 64 + 1) {
            if *c == '\u{feff}' {
                continue;
            }
            let alone = decode::decode(&data[r.clone()], one)
                .unwrap_or_else(|e| panic!("{choice:?}: bytes {r:?} of {c:?} do not decode alone: {e}"));
            assert_eq!(alone.text, c.to_string(), "{choice:?}: bytes {r:?}");
        }
        // Sorted, as the slices tile the bytes in order.
        let starts: Vec<usize> = [bom].into_iter().chain(slices.iter().map(|(_, r)| r.end)).collect();
        let boundary = |off: usize| starts.binary_search(&off).is_ok() || (d.text.is_empty() && off <= data.len());
        check_map("decode", &d.map, &d.text, data.len(), &boundary, true);
    }
});
