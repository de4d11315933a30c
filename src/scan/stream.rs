//! Large plain-text files, scanned in pieces: read a few MiB at a time, cut at line ends, each
//! piece decoded, detected and located on its own, and its findings moved to their place in the
//! whole file. Memory stays bounded by the piece size (and the findings limit), not the file size.
//!
//! What a whole-file scan sees that this does not: a match across a cut (only where a line is
//! longer than a piece, which is then cut at a character boundary), and document-level context
//! (title, advertising cues, corpus passages) beyond the piece.

use std::fs::File;
use std::io::Read;
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};

use crate::model::{FileReport, FileStatus, Finding, Omitted, Position, Problem};
use crate::source::decode::{self, DecodeError, EncodingChoice};
use crate::source::{self, Format, SourceError, SourceOptions};

use super::Scanner;

/// Plain-text files larger than this are scanned in pieces of about this many bytes.
pub const PIECE: usize = 4 << 20;

/// Findings gathered before they are handed out as a part of the file's report, when the caller
/// takes parts ([`Scanner::scan_input_parts`]).
pub(crate) const PART_FINDINGS: usize = 4096;

/// The detail of the report of a file whose scan in pieces was stopped ([`Scanner::scan_streamed`]
/// with `stop` set): the run's output had failed, so the report is not shown.
pub(crate) const STOPPED: &str = "the run stopped before this file was scanned to its end";

/// The piece size of [`Scanner::scan_streamed`]: [`PIECE`], smaller in tests.
const fn piece_size() -> usize {
    if cfg!(test) { 64 << 10 } else { PIECE }
}

/// Bytes of the block [`keep_piece_buffers_mapped`] allocates and frees.
const MAPPED_BLOCK: usize = 16 << 20;

/// Lets the pieces' buffers (the decoded text, the folded text, … each about a piece long, freed
/// after each piece) stay mapped from one piece to the next, once per process.
///
/// glibc's malloc serves blocks from 128 KiB up with a fresh mapping, unmapped when freed, and
/// returns memory above the heap's top beyond 256 KiB: every piece then touches its buffers'
/// pages afresh, one page fault per 4 KiB (≈ 4 per piece and MiB, a tenth of the CPU time of a
/// streamed file). Freeing a mapped block of up to 32 MiB raises both thresholds to its size and
/// twice that, so the pieces' buffers come from the heap and stay there. Elsewhere this costs
/// one allocation whose pages are never touched.
fn keep_piece_buffers_mapped() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| drop(std::hint::black_box(Vec::<u8>::with_capacity(MAPPED_BLOCK))));
}

/// Bytes of the block [`keep_setup_buffers_mapped`] allocates and frees.
const SETUP_BLOCK: usize = 1 << 20;

/// [`keep_piece_buffers_mapped`] for the buffers of setting up a scanner: compiling a regex
/// allocates (and frees) a table of a few hundred KiB, which glibc would map afresh, or return
/// from the heap's top, every time, each of its pages faulting again. A freed 1 MiB block keeps
/// such blocks on the heap (thresholds 1 and 2 MiB) without holding much memory.
pub(crate) fn keep_setup_buffers_mapped() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| drop(std::hint::black_box(Vec::<u8>::with_capacity(SETUP_BLOCK))));
}

/// Where a piece starts in the whole file.
#[derive(Debug, Clone, Copy, Default)]
struct Base {
    /// Byte offset.
    byte: usize,
    /// Lines before it.
    lines: usize,
    /// Characters of its first line that came before it (non-zero only after a cut inside a line).
    column: usize,
}

impl Base {
    fn position(&self, p: Position) -> Position {
        let column = if p.line == 1 { p.column + self.column } else { p.column };
        Position { line: p.line + self.lines, column }
    }

    /// Moves `f`, found in the piece, to its place in the whole file.
    fn shift(&self, f: &mut Finding) {
        f.byte_range = f.byte_range.start + self.byte..f.byte_range.end + self.byte;
        f.start = self.position(f.start);
        f.end = self.position(f.end);
        for r in &mut f.related {
            r.source_range = r.source_range.start + self.byte..r.source_range.end + self.byte;
            r.start = self.position(r.start);
            r.end = self.position(r.end);
        }
    }

    /// The base of the piece after `bytes` (decoded as `text`, which holds `line_feeds` line
    /// feeds when they were counted already).
    fn after(&self, bytes: usize, text: &str, line_feeds: Option<usize>) -> Base {
        let newlines = line_feeds.unwrap_or_else(|| memchr::memchr_iter(b'\n', text.as_bytes()).count());
        let tail = memchr::memrchr(b'\n', text.as_bytes()).map_or(text, |i| &text[i + 1..]);
        let tail_chars = tail.chars().count();
        Base {
            byte: self.byte + bytes,
            lines: self.lines + newlines,
            column: if newlines == 0 { self.column + tail_chars } else { tail_chars },
        }
    }
}

/// Where to end a piece within `buf` (full, not at end of input): after its last line end, or
/// else at a character boundary of `encoding` (never inside a multi-byte sequence).
fn cut(buf: &[u8], encoding: EncodingChoice) -> usize {
    match encoding {
        EncodingChoice::Utf16le => return cut_utf16(buf, false),
        EncodingChoice::Utf16be => return cut_utf16(buf, true),
        _ => {}
    }
    if let Some(nl) = buf.iter().rposition(|&b| b == b'\n') {
        return nl + 1;
    }
    let safe = |b: u8| match encoding {
        // Bytes below 0x30 never occur inside a GB18030 multi-byte sequence.
        EncodingChoice::Gb18030 | EncodingChoice::Gbk => b < 0x30,
        _ => (b as i8) >= -0x40,
    };
    match encoding {
        EncodingChoice::Gb18030 | EncodingChoice::Gbk => {
            buf.iter().rposition(|&b| safe(b)).map_or(buf.len(), |i| i + 1)
        }
        _ => buf.iter().rposition(|&b| safe(b)).filter(|&i| i > 0).unwrap_or(buf.len()),
    }
}

/// [`cut`] for UTF-16 (big endian if `be`), `buf` starting at an even file offset: after the
/// last line feed code unit at an even offset, or else at a code unit that is not the second half
/// of a surrogate pair. The next piece never starts with U+FEFF where that can be helped, since a
/// piece decoded on its own would take it for a byte order mark.
fn cut_utf16(buf: &[u8], be: bool) -> usize {
    let n = buf.len() & !1;
    let unit = |i: usize| {
        let pair = [buf[i], buf[i + 1]];
        if be { u16::from_be_bytes(pair) } else { u16::from_le_bytes(pair) }
    };
    // Candidate cuts `c` need the unit after them read (c + 2 <= n) to know it is not U+FEFF.
    let mut c = n.saturating_sub(2);
    while c >= 2 {
        if unit(c - 2) == 0x0A && unit(c) != 0xFEFF {
            return c;
        }
        c -= 2;
    }
    let mut c = n.saturating_sub(2);
    while c >= 2 {
        if !matches!(unit(c), 0xDC00..=0xDFFF | 0xFEFF) {
            return c;
        }
        c -= 2;
    }
    n
}

/// Whether `head` (the start of `file`, already read) followed by the rest of `file` is valid
/// UTF-8, read in small chunks; `file` is put back where it was. A read error counts as invalid
/// (the scan then meets it itself).
fn valid_utf8_rest(file: &mut File, head: &[u8]) -> bool {
    use std::io::{Seek, SeekFrom};
    const CHUNK: usize = 1 << 20;
    /// Bytes of `bytes` that are valid UTF-8 but for a character cut off at the end, if it is.
    fn valid_prefix(bytes: &[u8]) -> Option<usize> {
        match simdutf8::compat::from_utf8(bytes) {
            Ok(_) => Some(bytes.len()),
            Err(e) if e.error_len().is_none() => Some(e.valid_up_to()),
            Err(_) => None,
        }
    }
    let Ok(at) = file.stream_position() else { return false };
    let ok = (|| {
        let n = valid_prefix(head)?;
        let mut buf = Vec::with_capacity(CHUNK + 4);
        buf.extend_from_slice(&head[n..]);
        loop {
            let eof = fill(file, &mut buf, CHUNK).ok()?;
            let n = valid_prefix(&buf)?;
            if eof {
                return (n == buf.len()).then_some(());
            }
            buf.drain(..n);
        }
    })()
    .is_some();
    file.seek(SeekFrom::Start(at)).is_ok() && ok
}

/// Fills `buf` from `r` up to `want` bytes; returns whether the input is exhausted.
fn fill(r: &mut impl Read, buf: &mut Vec<u8>, want: usize) -> std::io::Result<bool> {
    while buf.len() < want {
        let got = r.by_ref().take((want - buf.len()) as u64).read_to_end(buf)?;
        if got == 0 {
            return Ok(true);
        }
    }
    Ok(false)
}

impl Scanner {
    /// Scans `file` (opened from `path` by [`source::open`], so checked against the size limit),
    /// a plain-text file larger than [`PIECE`], piece by piece (see the module docs).
    /// UTF-8, GB18030 and UTF-16 (with a BOM, or in the byte order its first piece reads in) are
    /// streamed; `None` when the first piece decodes as something else, for the caller to scan
    /// whole.
    ///
    /// With `parts`, findings are handed to it as they are found, in order, as reports holding
    /// only findings (status `Scanned`, nothing omitted or suppressed); the returned report holds
    /// the rest. Parts are handed out only once the whole file is known to be valid UTF-8 (a
    /// check before scanning), so a file that fails to decode fails whole, with no parts.
    /// Once `stop` is set, the scan ends after the piece it is in, with a report of a file not
    /// scanned ([`STOPPED`]).
    pub(crate) fn scan_streamed(
        &self,
        display: &str,
        path: &Path,
        mut file: File,
        mut parts: Option<&mut dyn FnMut(FileReport)>,
        stop: Option<&AtomicBool>,
    ) -> Option<FileReport> {
        let opts = &self.source;
        let fail = |e: SourceError| Some(FileReport::unscanned(display, Problem::from(&e)));
        keep_piece_buffers_mapped();
        let mut buf = Vec::with_capacity(piece_size() + 4096);
        // The file's size, for the work its first piece lets one expect of the rest.
        let size = file.metadata().map_or(0, |m| m.len());
        let mut eof = match fill(&mut file, &mut buf, piece_size()) {
            Ok(eof) => eof,
            Err(e) => return fail(SourceError::Io(e)),
        };
        // The encoding of the whole file, from its first piece.
        let encoding = match opts.encoding {
            EncodingChoice::Auto => {
                if buf.starts_with(&[0xFF, 0xFE]) {
                    EncodingChoice::Utf16le
                } else if buf.starts_with(&[0xFE, 0xFF]) {
                    EncodingChoice::Utf16be
                } else if decode::looks_utf16(&buf) {
                    // Without a BOM: the byte order the first piece reads in holds for the file.
                    match decode::utf16_order(&buf) {
                        Some(e) if e == encoding_rs::UTF_16BE => EncodingChoice::Utf16be,
                        Some(_) => EncodingChoice::Utf16le,
                        None => return None,
                    }
                } else {
                    if decode::looks_binary(&buf) {
                        return fail(SourceError::Binary);
                    }
                    let probe = &buf[..if eof { buf.len() } else { cut(&buf, EncodingChoice::Utf8) }];
                    match decode::decode(probe, EncodingChoice::Auto) {
                        Ok(d) if d.encoding == "UTF-8" => EncodingChoice::Utf8,
                        Ok(d) if d.encoding == "GB18030" => EncodingChoice::Gb18030,
                        Ok(_) => return None,
                        Err(e) => return fail(SourceError::Decode(e)),
                    }
                }
            }
            e => e,
        };
        let piece_opts = SourceOptions { encoding, ..opts.clone() };
        if parts.is_some() && !(encoding == EncodingChoice::Utf8 && valid_utf8_rest(&mut file, &buf)) {
            parts = None;
        }
        let mut base = Base::default();
        let mut findings: Vec<Finding> = Vec::new();
        // Findings listed so far, in parts handed out and in `findings`.
        let mut listed = 0;
        let mut omitted = Omitted::default();
        let mut suppressed = Vec::new();
        let mut encoding_name;
        let mut first = true;
        loop {
            let end = if eof { buf.len() } else { cut(&buf, encoding) };
            let piece = &buf[..end];
            let doc = match source::load_txt_once(piece, &piece_opts) {
                Ok(mut doc) => {
                    if !first {
                        // Only the file's first line can be its title.
                        doc.extracted.fields.clear();
                    }
                    doc
                }
                Err(SourceError::Decode(DecodeError::Invalid { encoding, offset })) => {
                    return fail(SourceError::Decode(DecodeError::Invalid { encoding, offset: offset + base.byte }));
                }
                Err(e) => return fail(e),
            };
            encoding_name = doc.decoded.encoding;
            let room = self.max_findings.saturating_sub(listed);
            let checks = self.engine.segmenter().calls();
            // Inline suppressions apply within the piece they are written in.
            let (mut found, more, quiet, line_feeds) = self.findings_upto(display, path, &doc, room);
            if first && !eof {
                // The rest of the file is expected to need as many token-boundary checks per
                // byte as its first piece: when they would take the segmenter past the point
                // where it builds the whole dictionary, it builds it now, not after thousands of
                // per-sentence dictionaries (which cut the same: findings do not change).
                let per_piece = self.engine.segmenter().calls().saturating_sub(checks);
                let pieces = usize::try_from(size.saturating_sub(end as u64) / end.max(1) as u64).unwrap_or(usize::MAX);
                self.engine.segmenter().expect_calls(per_piece.saturating_mul(pieces));
            }
            listed += found.len();
            // Shifted in place, and the piece's vector kept when nothing is held before it (the
            // usual case once parts are handed out): a finding is a few hundred bytes, and
            // moving 300,000 of them into another vector was ≈ 1 % of a run with a long list.
            found.iter_mut().for_each(|f| base.shift(f));
            if findings.is_empty() {
                findings = found;
            } else {
                findings.append(&mut found);
            }
            if let Some(part) = parts.as_mut().filter(|_| findings.len() >= PART_FINDINGS) {
                part(FileReport {
                    path: display.to_owned(),
                    status: FileStatus::Scanned {
                        encoding: encoding_name.to_owned(),
                        format: Format::TXT.as_str().to_owned(),
                    },
                    findings: std::mem::take(&mut findings),
                    omitted: Omitted::default(),
                    suppressed: Vec::new(),
                });
            }
            suppressed.extend(quiet.into_iter().map(|mut s| {
                base.shift(&mut s.finding);
                s.suppression.line = s.suppression.line.map(|l| l + base.lines);
                s
            }));
            omitted.merge(more);
            base = base.after(end, doc.decoded_text(), line_feeds);
            first = false;
            if eof && end == buf.len() {
                break;
            }
            if stop.is_some_and(|s| s.load(Ordering::Relaxed)) {
                // The run's output failed: the rest of the file would be scanned for nothing.
                return Some(FileReport::unscanned(display, Problem::Internal { detail: STOPPED.to_owned() }));
            }
            buf.drain(..end);
            if !eof {
                eof = match fill(&mut file, &mut buf, piece_size()) {
                    Ok(eof) => eof,
                    Err(e) => return fail(SourceError::Io(e)),
                };
            }
        }
        let status =
            FileStatus::Scanned { encoding: encoding_name.to_owned(), format: Format::TXT.as_str().to_owned() };
        Some(FileReport { path: display.to_owned(), status, findings, omitted, suppressed })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cuts_fall_on_line_ends_or_character_boundaries() {
        assert_eq!(cut("甲\n乙丙".as_bytes(), EncodingChoice::Utf8), "甲\n".len());
        let s = "甲乙丙".as_bytes();
        let c = cut(&s[..7], EncodingChoice::Utf8);
        assert_eq!(c, 6, "before the character cut in half");
        let (gb, _, _) = encoding_rs::GB18030.encode("甲乙 丙丁");
        let c = cut(&gb, EncodingChoice::Gb18030);
        assert_eq!(&gb[..c], &encoding_rs::GB18030.encode("甲乙 ").0[..]);
    }

    #[test]
    fn a_long_file_with_many_token_checks_uses_the_whole_dictionary_after_its_first_piece() {
        let mut scanner = Scanner::from_engine(crate::detect::Engine::builtin().expect("bundled packs"));
        scanner.max_findings = usize::MAX;
        // About 1,100 token-boundary checks (最) per piece, 24,000 in the file.
        let line = format!("{}{}\n", "这是最漂亮的花。".repeat(8), "普".repeat(100));
        let text = line.repeat(3000);
        let per_piece = piece_size() / line.len() * 8;
        assert!(text.len() > 20 * piece_size() && per_piece < crate::segment::FULL_DICTIONARY_AFTER / 10);
        const { assert!(3000 * 8 > crate::segment::FULL_DICTIONARY_AFTER) };
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("big.txt");
        std::fs::write(&path, &text).expect("write");
        let file = File::open(&path).expect("open");
        let streamed = scanner.scan_streamed("big.txt", &path, file, None, None).expect("UTF-8 streams");
        assert_eq!(streamed.findings.len(), 3000 * 8, "8 最 per line");
        let seg = scanner.engine.segmenter();
        // The first piece's sentences, not the 20,000 before the whole dictionary without the hint.
        assert!(
            seg.per_sentence_calls() > 0 && seg.per_sentence_calls() <= per_piece + 8,
            "{}",
            seg.per_sentence_calls()
        );
    }

    #[test]
    fn a_streamed_scan_ends_after_its_piece_once_the_run_stops() {
        let scanner = Scanner::from_engine(crate::detect::Engine::builtin().expect("bundled packs"));
        let text = "本店商品全网最低价。\n".repeat(8 * piece_size() / 30);
        assert!(text.len() > 4 * piece_size());
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("big.txt");
        std::fs::write(&path, &text).expect("write");
        let open = || File::open(&path).expect("open");
        let go = AtomicBool::new(false);
        let whole = scanner.scan_streamed("big.txt", &path, open(), None, Some(&go)).expect("UTF-8 streams");
        assert!(matches!(whole.status, FileStatus::Scanned { .. }), "{:?}", whole.status);
        assert!(!whole.findings.is_empty());
        // Stopped from the start: one piece is scanned, then the report says it stopped.
        let mut parts = 0;
        let stop = AtomicBool::new(true);
        let stopped = scanner
            .scan_streamed("big.txt", &path, open(), Some(&mut |_| parts += 1), Some(&stop))
            .expect("UTF-8 streams");
        assert!(
            matches!(&stopped.status, FileStatus::Error(Problem::Internal { detail }) if detail == STOPPED),
            "{:?}",
            stopped.status
        );
        assert!(stopped.findings.is_empty());
        assert!(parts <= 1, "at most the first piece's part: {parts}");
    }

    #[test]
    fn a_streamed_scan_finds_what_a_whole_scan_finds() {
        let scanner = Scanner::from_engine(crate::detect::Engine::builtin().expect("bundled packs"));
        let mut text = String::from("标题：新品上市\n");
        for i in 0..4000 {
            text.push_str(&format!(
                "第{i}段：本店商品全网最低价，疗效第一，联系13812345678。{}\n",
                "普".repeat(i % 37)
            ));
            if i == 1500 {
                // A line longer than a piece: cut inside it at a character boundary.
                text.push_str(&format!("{}最佳{}\n", "甲".repeat(40_000), "乙".repeat(30_000)));
            }
        }
        assert!(text.len() > 4 * piece_size());
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("big.txt");
        std::fs::write(&path, &text).expect("write");
        let file = File::open(&path).expect("open");
        let streamed = scanner.scan_streamed("big.txt", &path, file, None, None).expect("UTF-8 streams");
        let whole = scanner.scan_text("big.txt", &text);
        let key = |r: &FileReport| -> Vec<_> {
            r.findings
                .iter()
                .map(|f| (f.rule.clone(), f.byte_range.clone(), f.start, f.end, f.matched.clone()))
                .collect()
        };
        assert!(streamed.findings.len() > 1000, "{}", streamed.findings.len());
        assert_eq!(key(&streamed), key(&whole));
        for f in &streamed.findings {
            assert_eq!(&text[f.byte_range.clone()], f.matched);
        }
    }

    #[test]
    fn inline_suppressions_in_later_pieces_silence_what_a_whole_scan_silences() {
        // The pieces' text is held once (the decoded text is the extracted text): the directives
        // are read from it, and the suppressed findings and their lines are those of a whole scan.
        let scanner = Scanner::from_engine(crate::detect::Engine::builtin().expect("bundled packs"));
        let mut text = String::new();
        for i in 0..6000 {
            match i % 7 {
                0 => text.push_str(&format!("第{i}段：全网最低价。<!-- hegui-disable-line AD004 -- 引用原文 -->\n")),
                // No rule named: a note (HG002) quoting the directive.
                5 if i % 2 == 1 => text.push_str(&format!("第{i}段：引用。<!-- hegui-disable-line -- 引用原文 -->\n")),
                3 => text.push_str(&format!("第{i}段：本店商品疗效第一，全网最低价。\n")),
                _ => text.push_str(&format!("第{i}段：这是一篇普通的文章。{}\n", "普".repeat(i % 29))),
            }
        }
        assert!(text.len() > 4 * piece_size());
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("quiet.txt");
        std::fs::write(&path, &text).expect("write");
        let streamed = scanner
            .scan_streamed("quiet.txt", &path, File::open(&path).expect("open"), None, None)
            .expect("UTF-8 streams");
        let whole = scanner.scan_text("quiet.txt", &text);
        let key = |r: &FileReport| -> Vec<_> {
            r.findings.iter().map(|f| (f.rule.clone(), f.byte_range.clone(), f.start, f.matched.clone())).collect()
        };
        let quiet = |r: &FileReport| -> Vec<_> {
            r.suppressed.iter().map(|s| (s.finding.rule.clone(), s.finding.start, s.suppression.line)).collect()
        };
        assert!(streamed.suppressed.len() > 800, "{}", streamed.suppressed.len());
        assert!(streamed.findings.len() > 800, "{}", streamed.findings.len());
        assert!(streamed.findings.iter().any(|f| &*f.rule == "HG002" && f.matched.starts_with("<!--")));
        assert_eq!(key(&streamed), key(&whole));
        assert_eq!(quiet(&streamed), quiet(&whole));
    }

    #[test]
    fn utf16_cuts_fall_after_line_feeds_and_never_inside_a_surrogate_pair() {
        let le = |s: &str| -> Vec<u8> { s.encode_utf16().flat_map(u16::to_le_bytes).collect() };
        let be = |s: &str| -> Vec<u8> { s.encode_utf16().flat_map(u16::to_be_bytes).collect() };
        // After the CRLF's line feed, not after its carriage return.
        assert_eq!(cut_utf16(&le("甲\r\n乙丙"), false), 6);
        assert_eq!(cut_utf16(&be("甲\r\n乙丙"), true), 6);
        // A line feed byte in the wrong half of a code unit (U+0A00, U+4E0A) is no line end.
        assert_eq!(cut_utf16(&le("\u{0A00}\u{4E0A}甲乙"), false), 6);
        // No line end: before the pair whose low half is last, not between its halves.
        assert_eq!(cut_utf16(&le("甲𠀀"), false), 2);
        assert_eq!(cut_utf16(&be("甲乙𠀀"), true), 4);
        // The next piece would start with U+FEFF (read as a BOM): the line end before it.
        assert_eq!(cut_utf16(&le("甲\n乙\n\u{FEFF}丙"), false), 4);
        // Odd length: the trailing byte is left for the next piece.
        let mut odd = le("甲\n乙丙");
        odd.push(0);
        assert_eq!(cut_utf16(&odd, false), 4);
    }

    /// Text for the UTF-16 stream tests: CRLF line ends and supplementary-plane characters all
    /// along (so some fall near every cut), and a line longer than a piece made of them.
    fn utf16_test_text() -> String {
        let mut text = String::from("标题：新品上市\r\n");
        for i in 0..3000 {
            text.push_str(&format!(
                "第{i}段：{}本店商品全网最低价，疗效第一，联系13812345678。{}\r\n",
                // Rare enough for the first piece to read as UTF-16 without a BOM.
                if i % 4 == 0 { "𠀀" } else { "" },
                "普".repeat(i % 37)
            ));
            if i == 1200 {
                // Cut inside the line, where an even offset can fall between a pair's halves.
                text.push_str(&format!("a{}最佳{}\r\n", "𠀀".repeat(20_000), "𪚥".repeat(15_000)));
            }
        }
        text
    }

    #[test]
    fn a_streamed_utf16_scan_finds_what_the_utf8_stream_and_a_whole_scan_find() {
        let scanner = Scanner::from_engine(crate::detect::Engine::builtin().expect("bundled packs"));
        let text = utf16_test_text();
        let dir = tempfile::tempdir().expect("temp dir");
        let utf8_path = dir.path().join("u8.txt");
        std::fs::write(&utf8_path, &text).expect("write");
        let utf8 = scanner
            .scan_streamed("u8.txt", &utf8_path, File::open(&utf8_path).expect("open"), None, None)
            .expect("UTF-8 streams");
        assert!(utf8.findings.len() > 1000, "{}", utf8.findings.len());
        // UTF-16 offset of UTF-8 offset `off` of `text`, after a BOM of `bom` bytes.
        let to16 = |off: usize, bom: usize| bom + 2 * text[..off].encode_utf16().count();
        let key = |r: &FileReport, conv: &dyn Fn(usize) -> usize| -> Vec<_> {
            r.findings
                .iter()
                .map(|f| {
                    let range = conv(f.byte_range.start)..conv(f.byte_range.end);
                    (f.rule.clone(), range, f.start, f.end, f.matched.clone())
                })
                .collect()
        };
        let cases: [(&str, bool, bool, &str); 4] = [
            ("le-bom.txt", false, true, "UTF-16LE"),
            ("be-bom.txt", true, true, "UTF-16BE"),
            ("le.txt", false, false, "UTF-16LE"),
            ("be.txt", true, false, "UTF-16BE"),
        ];
        for (name, big_endian, with_bom, encoding) in cases {
            let units = text.encode_utf16();
            let mut bytes: Vec<u8> =
                if with_bom { if big_endian { vec![0xFE, 0xFF] } else { vec![0xFF, 0xFE] } } else { Vec::new() };
            let bom = bytes.len();
            bytes.extend(units.flat_map(|u| if big_endian { u.to_be_bytes() } else { u.to_le_bytes() }));
            assert!(bytes.len() > 4 * piece_size());
            let path = dir.path().join(name);
            std::fs::write(&path, &bytes).expect("write");
            let streamed = scanner
                .scan_streamed(name, &path, File::open(&path).expect("open"), None, None)
                .unwrap_or_else(|| panic!("{name} streams"));
            assert_eq!(streamed.status, FileStatus::Scanned { encoding: encoding.into(), format: "txt".into() });
            assert_eq!(key(&streamed, &|o| o), key(&utf8, &|o| to16(o, bom)), "{name} against the UTF-8 stream");
            let whole = scanner.scan_bytes(name, &bytes);
            assert_eq!(key(&streamed, &|o| o), key(&whole, &|o| o), "{name} against a whole scan");
            for f in &streamed.findings {
                let raw = &bytes[f.byte_range.clone()];
                let back: Vec<u16> =
                    raw.chunks_exact(2)
                        .map(|p| {
                            if big_endian { u16::from_be_bytes([p[0], p[1]]) } else { u16::from_le_bytes([p[0], p[1]]) }
                        })
                        .collect();
                assert_eq!(String::from_utf16(&back).expect("whole code units"), f.matched, "{name}");
            }
        }
    }

    #[test]
    fn a_utf16_piece_starting_with_u_feff_keeps_it() {
        // U+FEFF after every other line end: a piece starting with it, decoded on its own, would
        // drop it as a BOM, shifting the columns of its first line; the cut avoids those.
        let scanner = Scanner::from_engine(crate::detect::Engine::builtin().expect("bundled packs"));
        let text = "本店商品全网最低价。\n\u{FEFF}疗效第一，最佳选择。\n".repeat(10_000);
        let bytes: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
        assert!(bytes.len() > 4 * piece_size());
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("feff.txt");
        std::fs::write(&path, &bytes).expect("write");
        let streamed = scanner
            .scan_streamed("feff.txt", &path, File::open(&path).expect("open"), None, None)
            .expect("UTF-16 streams");
        let whole = scanner.scan_bytes("feff.txt", &bytes);
        assert!(streamed.findings.len() > 1000, "{}", streamed.findings.len());
        let key = |r: &FileReport| -> Vec<_> {
            r.findings.iter().map(|f| (f.rule.clone(), f.byte_range.clone(), f.start, f.end)).collect()
        };
        assert_eq!(key(&streamed), key(&whole));
    }

    #[test]
    fn broken_utf16_past_the_first_piece_fails_at_its_file_offset() {
        let scanner = Scanner::from_engine(crate::detect::Engine::builtin().expect("bundled packs"));
        let text = "这是一篇普通的文章。\r\n".repeat(20_000);
        let mut bytes = vec![0xFF, 0xFE];
        bytes.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
        // A lone high surrogate in the second piece, replacing a character mid-line.
        let at = 2 + 2 * (3 * piece_size() / 2 / 2);
        bytes[at..at + 2].copy_from_slice(&0xD800u16.to_le_bytes());
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("bad.txt");
        std::fs::write(&path, &bytes).expect("write");
        let streamed = scanner
            .scan_streamed("bad.txt", &path, File::open(&path).expect("open"), None, None)
            .expect("UTF-16 streams");
        let whole = scanner.scan_bytes("bad.txt", &bytes);
        assert!(matches!(streamed.status, FileStatus::Error(_)), "{:?}", streamed.status);
        assert_eq!(streamed.status, whole.status);
        assert!(format!("{:?}", streamed.status).contains(&at.to_string()), "{:?}", streamed.status);
    }

    #[test]
    fn utf16_is_streamed_and_scanned_as_a_whole_scan_does() {
        let scanner = Scanner::from_engine(crate::detect::Engine::builtin().expect("bundled packs"));
        let text = "本产品是全网最好的，国家级产品，立即购买！\n这是一篇普通的文章。\n".repeat(3000);
        let bytes: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
        assert!(bytes.len() > 2 * piece_size());
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("u16.txt");
        std::fs::write(&path, &bytes).expect("write");
        let report = scanner.scan_path(&path);
        assert_eq!(report.status, FileStatus::Scanned { encoding: "UTF-16LE".into(), format: "txt".into() });
        let streamed = scanner.scan_streamed(&report.path, &path, File::open(&path).expect("open"), None, None);
        assert_eq!(streamed.map(|r| r.findings), Some(report.findings.clone()));
        assert_eq!(report.findings, scanner.scan_bytes(&report.path, &bytes).findings);
        assert!(!report.findings.is_empty());
    }

    #[test]
    fn the_rest_of_a_file_is_checked_for_utf8_across_chunks() {
        use std::io::{Seek, SeekFrom};
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("t.txt");
        // Characters of three bytes straddle every 1 MiB chunk boundary (2^20 is not a multiple of 3).
        let text = "甲".repeat(1_000_000);
        let check = |bytes: &[u8], head: usize| {
            std::fs::write(&path, bytes).expect("write");
            let mut f = File::open(&path).expect("open");
            f.seek(SeekFrom::Start(head as u64)).expect("seek");
            let ok = valid_utf8_rest(&mut f, &bytes[..head]);
            assert_eq!(f.stream_position().expect("position"), head as u64, "put back");
            ok
        };
        assert!(check(text.as_bytes(), 100), "a head cut inside a character");
        let mut bad = text.clone().into_bytes();
        bad[2_500_000] = b'a';
        assert!(!check(&bad, 99), "a broken character past the head");
        assert!(!check(&text.as_bytes()[..text.len() - 1], 99), "a character cut off at the end");
    }

    #[test]
    fn bases_carry_lines_and_columns() {
        let b = Base::default().after(10, "ab\ncd", None);
        assert_eq!((b.byte, b.lines, b.column), (10, 1, 2));
        let c = Base::default().after(10, "ab\ncd", Some(1));
        assert_eq!((c.byte, c.lines, c.column), (10, 1, 2), "line feeds counted already");
        let b = b.after(3, "efg", None);
        assert_eq!((b.byte, b.lines, b.column), (13, 1, 5));
        assert_eq!(b.position(Position { line: 1, column: 1 }), Position { line: 2, column: 6 });
        assert_eq!(b.position(Position { line: 2, column: 1 }), Position { line: 3, column: 1 });
    }
}
