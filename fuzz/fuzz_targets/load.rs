//! Reading a document: decoding then extraction in each format and encoding choice. Both maps
//! compose: every range of the extracted text lands inside the raw bytes.
#![no_main]

use hegui::source::{self, EncodingChoice, Format, SourceOptions};
use hegui_fuzz::{check_map_str, timed};
use libfuzzer_sys::fuzz_target;

const FORMATS: [Format; 3] = [Format::TXT, Format::MARKDOWN, Format::HTML];
const CHOICES: [EncodingChoice; 6] = [
    EncodingChoice::Auto,
    EncodingChoice::Utf8,
    EncodingChoice::Gb18030,
    EncodingChoice::Gbk,
    EncodingChoice::Utf16le,
    EncodingChoice::Utf16be,
];

fuzz_target!(|data: &[u8]| {
    let Some((&sel, bytes)) = data.split_first() else { return };
    let format = FORMATS[usize::from(sel) % 3];
    let encoding = CHOICES[usize::from(sel / 3) % 6];
    let opts = SourceOptions { encoding, scan_code: sel & 0x80 != 0, max_file_size: 1 << 20 };
    let Ok(doc) = timed("source::load", bytes.len(), || source::load(bytes, format, &opts)) else { return };
    assert_eq!(doc.format, format);
    let (dec, ext) = (&doc.decoded, &doc.extracted);
    check_map_str("source::load extracted", &ext.map, &ext.text, &dec.text, false);
    let step = ext.text.len() / 256 + 1;
    for (i, c) in ext.text.char_indices().step_by(step) {
        let r = ext.map.map_range(i..i + c.len_utf8());
        let raw = dec.map_range(r.clone());
        assert!(raw.start <= raw.end && raw.end <= bytes.len(), "{c:?} at {i} → {r:?} → bytes {raw:?}");
        if dec.encoding == "UTF-8" {
            // The raw bytes are the decoded text shifted by the BOM.
            let bom = bytes.len() - dec.text.len();
            assert_eq!(raw, r.start + bom..r.end + bom);
        }
    }
});
