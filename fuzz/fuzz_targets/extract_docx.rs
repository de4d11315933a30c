//! .docx reading (zip package, XML parts) with the size and compression-ratio limits: no panic,
//! decompressed text bounded by the limit, and every extracted range lands inside the text.
#![no_main]

use hegui::source::{EncodingChoice, SourceOptions, docx};
use hegui_fuzz::{check_map_str, timed};
use libfuzzer_sys::fuzz_target;

const MAX_FILE: u64 = 1 << 20;

fuzz_target!(|data: &[u8]| {
    let opts = SourceOptions { encoding: EncodingChoice::Auto, scan_code: false, max_file_size: MAX_FILE };
    let Ok(doc) = timed("docx::read", data.len(), || docx::read(data, &opts)) else { return };
    let limit = docx::decompressed_limit(MAX_FILE);
    assert!(doc.decoded.text.len() as u64 <= limit, "{} bytes of text past the {limit} limit", doc.decoded.text.len());
    let ext = &doc.extracted;
    check_map_str("docx::read extracted", &ext.map, &ext.text, &doc.decoded.text, false);
});
