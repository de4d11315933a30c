//! Plain-text extraction: the text is the source, its map is the identity, and the title is the
//! short first line.
#![no_main]

use hegui::model::Field;
use hegui::source::txt;
use hegui_fuzz::{check_extracted, timed};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let src = String::from_utf8_lossy(data);
    let e = timed("txt::extract", data.len(), || txt::extract(&src));
    assert_eq!(e.text, src, "plain text is extracted verbatim");
    check_extracted("txt::extract", &e, &src, true, 0);
    for (r, f) in &e.fields {
        assert_eq!(*f, Field::Title);
        let title = &e.text[r.clone()];
        assert!(!title.contains('\n') && title.chars().count() <= txt::TITLE_MAX_CHARS, "title {title:?}");
    }
});
