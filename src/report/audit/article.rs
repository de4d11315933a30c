//! One file of an audit: its scan report plus what the audit needs beyond it (content hash, size
//! in characters, publication month). Texts are dropped as soon as these are known.

use crate::model::FileReport;
use crate::scan::{Input, Scanner};

use super::date::{self, ArticleDate};

/// One walked file as the audit sees it.
#[derive(Debug, Clone)]
pub struct Article {
    /// The scan outcome (findings, or why it was not scanned).
    pub report: FileReport,
    /// Size of the file in bytes (0 when it could not be read).
    pub bytes: u64,
    /// BLAKE3 hash of the file's bytes, when they could be read.
    pub hash: Option<[u8; 32]>,
    /// Characters of the extracted article text, whitespace excluded (字数); 0 when not scanned.
    pub chars: u64,
    /// When it was published (to the month), if the document or its file says.
    pub date: Option<ArticleDate>,
}

impl Article {
    /// Whether the file was scanned.
    pub fn scanned(&self) -> bool {
        matches!(self.report.status, crate::model::FileStatus::Scanned { .. })
    }
}

/// Reads, hashes and scans one walked file through `scanner` (the same pipeline and settings as
/// `check`; a large plain-text file is read whole here, up to the size limit, rather than in
/// pieces).
pub fn read(scanner: &Scanner, input: &Input) -> Article {
    let bytes = match scanner.read(input) {
        Ok(b) => b,
        Err(e) => {
            let report = scanner.report(&input.display, &input.path, Err(e));
            return Article { report, bytes: 0, hash: None, chars: 0, date: None };
        }
    };
    let hash = *blake3::hash(&bytes).as_bytes();
    let size = bytes.len() as u64;
    let loaded = scanner.extract(input, &bytes);
    drop(bytes);
    let (chars, sniffed) = match &loaded {
        Ok(doc) => (chars_without_whitespace(&doc.extracted.text), date::sniff(doc.format, doc.decoded_text())),
        Err(_) => (0, None),
    };
    let report = scanner.report(&input.display, &input.path, loaded);
    let date = match sniffed {
        Some(d) => Some(d),
        None if matches!(report.status, crate::model::FileStatus::Scanned { .. }) => date::from_mtime(&input.path),
        None => None,
    };
    Article { report, bytes: size, hash: Some(hash), chars, date }
}

/// Characters of `text` that are not whitespace (`char::is_whitespace`), counted on the bytes:
/// every byte that starts a character, less ASCII whitespace, less the few non-ASCII whitespace
/// characters (U+0085, U+00A0, U+1680, U+2000–U+200A, U+2028, U+2029, U+202F, U+205F, U+3000).
/// The first two are counted branch-free (the loop vectorizes); the rest only after one of
/// their lead bytes, found with `memchr`.
pub fn chars_without_whitespace(text: &str) -> u64 {
    let b = text.as_bytes();
    let mut n = 0u64;
    for block in b.chunks(4096) {
        // At most 4096 per block: a u32 sum cannot overflow, and u32 lanes vectorize well.
        let mut k = 0u32;
        for &x in block {
            let starts = u32::from((x as i8) >= -0x40);
            let ascii_white = u32::from(x == b' ' || x.wrapping_sub(b'\t') < 5);
            k += starts - ascii_white;
        }
        n += u64::from(k);
    }
    for i in memchr::memchr3_iter(0xc2, 0xe2, 0xe3, b).chain(memchr::memchr_iter(0xe1, b)) {
        let white = match b[i] {
            0xc2 => matches!(b.get(i + 1), Some(0x85 | 0xa0)),
            0xe1 => b.get(i + 1..i + 3) == Some(&[0x9a, 0x80]),
            0xe2 => match (b.get(i + 1), b.get(i + 2)) {
                (Some(0x80), Some(&c)) => c <= 0x8a || matches!(c, 0xa8 | 0xa9 | 0xaf),
                (Some(0x81), Some(0x9f)) => true,
                _ => false,
            },
            _ => b.get(i + 1..i + 3) == Some(&[0x80, 0x80]),
        };
        n -= u64::from(white);
    }
    n
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scan::ScannerOptions;
    use crate::source::Format;

    #[test]
    fn characters_are_counted_without_any_whitespace() {
        let mut every = String::new();
        for c in (0..0x11000u32).filter_map(char::from_u32) {
            every.push(c);
        }
        let want = every.chars().filter(|c| !c.is_whitespace()).count() as u64;
        assert_eq!(chars_without_whitespace(&every), want);
        assert_eq!(chars_without_whitespace("全网 最低价\u{3000}！\u{a0}a\tb\n"), 8);
        assert_eq!(chars_without_whitespace(""), 0);
    }

    #[test]
    fn an_article_carries_hash_characters_and_date() {
        let d = tempfile::tempdir().expect("tempdir");
        let p = d.path().join("a.md");
        let text = "---\ndate: 2024-05-01\n---\n本店商品 全网最低价！\n";
        std::fs::write(&p, text).expect("write");
        let scanner = Scanner::new(Default::default(), &ScannerOptions::default()).expect("scanner");
        let input = Input { path: p.clone(), display: "a.md".into(), format: Format::MARKDOWN };
        let a = read(&scanner, &input);
        assert!(a.scanned());
        assert_eq!(a.bytes, text.len() as u64);
        assert_eq!(a.hash, Some(*blake3::hash(text.as_bytes()).as_bytes()));
        assert_eq!(a.chars, "本店商品全网最低价！".chars().count() as u64);
        assert_eq!(a.date.map(|d| d.month_key()), Some("2024-05".into()));
        assert_eq!(a.report.findings.len(), 1);

        let missing = Input { path: d.path().join("nope.txt"), display: "nope.txt".into(), format: Format::TXT };
        let a = read(&scanner, &missing);
        assert!(a.report.is_error() && a.hash.is_none() && a.date.is_none());
    }
}
