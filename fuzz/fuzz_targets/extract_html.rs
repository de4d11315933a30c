//! HTML extraction (WeChat editor output): text nodes, entities, attribute fields.
#![no_main]

use hegui::source::html;
use hegui_fuzz::{check_extracted, timed};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let src = String::from_utf8_lossy(data);
    let e = timed("html::extract", data.len(), || html::extract(&src));
    check_extracted("html::extract", &e, &src, true, 0);
});
