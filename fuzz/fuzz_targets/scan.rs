//! The whole scan with the bundled rules: every finding points at the bytes it reports.
//!
//! For each finding: the byte range lies inside the input and reads back (decoded) as
//! `matched`; for UTF-8 input it is on char boundaries and `&input[byte_range] == matched`;
//! positions are 1-based and ordered; findings are sorted by position.
#![no_main]

use std::sync::OnceLock;

use hegui::model::FileStatus;
use hegui::scan::{Scanner, ScannerOptions};
use hegui::source::decode::{self, EncodingChoice};
use hegui_fuzz::timed;
use libfuzzer_sys::fuzz_target;

const NAMES: [&str; 3] = ["a.txt", "a.md", "a.html"];

fn scanner() -> &'static Scanner {
    static SCANNER: OnceLock<Scanner> = OnceLock::new();
    SCANNER.get_or_init(|| {
        let s = Scanner::new(Default::default(), &ScannerOptions::default()).expect("bundled packs load");
        // Warm up lazily built tables so the first timed input does not pay for them.
        for name in NAMES {
            s.scan_text(name, "本店商品全网最低价！联系电话13800138000，国家级产品。");
        }
        s
    })
}

fn forced(encoding: &str) -> Option<EncodingChoice> {
    match encoding {
        "UTF-8" => Some(EncodingChoice::Utf8),
        "UTF-16LE" => Some(EncodingChoice::Utf16le),
        "UTF-16BE" => Some(EncodingChoice::Utf16be),
        "GB18030" => Some(EncodingChoice::Gb18030),
        _ => None,
    }
}

fuzz_target!(|data: &[u8]| {
    let Some((&sel, bytes)) = data.split_first() else { return };
    let scanner = scanner();
    let name = NAMES[usize::from(sel & 3) % 3];
    let as_text = sel & 4 != 0;
    let report = if as_text {
        let text = String::from_utf8_lossy(bytes);
        let text = text.as_ref();
        let report = timed("scan_text", text.len(), || scanner.scan_text(name, text));
        (report, text.as_bytes().to_vec())
    } else {
        (timed("scan_bytes", bytes.len(), || scanner.scan_bytes(name, bytes)), bytes.to_vec())
    };
    let (report, input) = report;
    let encoding = match &report.status {
        FileStatus::Scanned { encoding, .. } => encoding.clone(),
        _ => {
            assert!(report.findings.is_empty(), "findings in an unscanned file");
            return;
        }
    };
    let utf8 = std::str::from_utf8(&input).ok().filter(|_| encoding == "UTF-8");
    let mut last = 0;
    for f in &report.findings {
        let r = f.byte_range.clone();
        assert!(r.start <= r.end && r.end <= input.len(), "{}: byte range {r:?} of {} bytes", f.rule, input.len());
        assert!(r.start >= last, "findings not sorted: {r:?} after {last}");
        last = r.start;
        assert!(f.start.line >= 1 && f.start.column >= 1 && f.end.line >= 1 && f.end.column >= 1, "{f:?}");
        assert!(f.start <= f.end, "{}: start {:?} after end {:?}", f.rule, f.start, f.end);
        assert!(f.context.start_char <= f.context.text.chars().count(), "{}: context {:?}", f.rule, f.context);
        if let Some(s) = utf8 {
            assert!(
                s.is_char_boundary(r.start) && s.is_char_boundary(r.end),
                "{}: byte range {r:?} not on char boundaries",
                f.rule
            );
            assert_eq!(&s[r.clone()], f.matched, "{}: bytes {r:?} do not read as the match", f.rule);
        } else if let Some(choice) = forced(&encoding)
            && !f.matched.starts_with('\u{feff}')
        {
            let back = decode::decode(&input[r.clone()], choice)
                .unwrap_or_else(|e| panic!("{}: bytes {r:?} do not decode as {encoding}: {e}", f.rule));
            assert_eq!(back.text, f.matched, "{}: bytes {r:?} do not read as the match", f.rule);
        }
    }
});
