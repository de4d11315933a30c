//! Normalization: the map takes normalized ranges back to the input on char boundaries, in
//! order, and the mapless variant used for terms agrees with it.
#![no_main]

use hegui::normalize::{self, Options};
use hegui_fuzz::{check_map_str, timed};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let src = String::from_utf8_lossy(data);
    let n = timed("normalize", data.len(), || normalize::normalize(&src));
    check_map_str("normalize", &n.map, &n.text, &src, true);
    // Terms are normalized by `normalize_with`, texts by `normalize`: they must agree, or a term
    // could never meet its own spelling in a text.
    let terms = normalize::normalize_with(&src, &Options::FULL);
    assert_eq!(terms, n.text, "normalize_with(FULL) and normalize disagree on {src:?}");
});
