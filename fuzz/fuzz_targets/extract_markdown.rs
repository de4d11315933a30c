//! Markdown extraction (front matter, CommonMark, raw HTML inside), with and without code blocks.
#![no_main]

use hegui::source::markdown::{self, MarkdownOptions};
use hegui_fuzz::{check_extracted, timed};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&flags, rest)) = data.split_first() else { return };
    let src = String::from_utf8_lossy(rest);
    let opts = MarkdownOptions { scan_code: flags & 1 == 1 };
    let e = timed("markdown::extract", rest.len(), || markdown::extract(&src, &opts));
    // Reference links repeat their definition's destination and title, which pulldown-cmark
    // bounds at max(input length, 100,000) bytes of expansions in all.
    check_extracted("markdown::extract", &e, &src, true, 100_000);
});
