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

use crate::model::{FileReport, FileStatus, Finding, Omitted, Position, Problem};
use crate::source::decode::{self, DecodeError, EncodingChoice};
use crate::source::{self, Format, SourceError, SourceOptions};

use super::Scanner;

/// Plain-text files larger than this are scanned in pieces of about this many bytes.
pub const PIECE: usize = 4 << 20;

/// Findings gathered before they are handed out as a part of the file's report, when the caller
/// takes parts ([`Scanner::scan_input_parts`]).
pub(crate) const PART_FINDINGS: usize = 4096;

/// The piece size of [`Scanner::scan_streamed`]: [`PIECE`], smaller in tests.
const fn piece_size() -> usize {
    if cfg!(test) { 64 << 10 } else { PIECE }
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

    fn finding(&self, mut f: Finding) -> Finding {
        f.byte_range = f.byte_range.start + self.byte..f.byte_range.end + self.byte;
        f.start = self.position(f.start);
        f.end = self.position(f.end);
        for r in &mut f.related {
            r.source_range = r.source_range.start + self.byte..r.source_range.end + self.byte;
            r.start = self.position(r.start);
            r.end = self.position(r.end);
        }
        f
    }

    /// The base of the piece after `bytes` (decoded as `text`).
    fn after(&self, bytes: usize, text: &str) -> Base {
        let newlines = memchr::memchr_iter(b'\n', text.as_bytes()).count();
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
    /// `None` when it cannot be streamed (UTF-16, or a forced encoding that is not UTF-8 or
    /// GB18030), for the caller to scan whole.
    ///
    /// With `parts`, findings are handed to it as they are found, in order, as reports holding
    /// only findings (status `Scanned`, nothing omitted or suppressed); the returned report holds
    /// the rest. Parts are handed out only once the whole file is known to be valid UTF-8 (a
    /// check before scanning), so a file that fails to decode fails whole, with no parts.
    pub(crate) fn scan_streamed(
        &self,
        display: &str,
        path: &Path,
        mut file: File,
        mut parts: Option<&mut dyn FnMut(FileReport)>,
    ) -> Option<FileReport> {
        let opts = &self.source;
        let fail = |e: SourceError| Some(FileReport::unscanned(display, Problem::from(&e)));
        let mut buf = Vec::with_capacity(piece_size() + 4096);
        let mut eof = match fill(&mut file, &mut buf, piece_size()) {
            Ok(eof) => eof,
            Err(e) => return fail(SourceError::Io(e)),
        };
        // The encoding of the whole file, from its first piece.
        let encoding = match opts.encoding {
            EncodingChoice::Auto => {
                // UTF-16 (line ends of two bytes) is scanned whole.
                if decode::looks_utf16(&buf) {
                    return None;
                }
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
            e @ (EncodingChoice::Utf8 | EncodingChoice::Gb18030 | EncodingChoice::Gbk) => e,
            EncodingChoice::Utf16le | EncodingChoice::Utf16be => return None,
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
            let doc = match source::load(piece, Format::TXT, &piece_opts) {
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
            // Inline suppressions apply within the piece they are written in.
            let (found, more, quiet) = self.findings_upto(display, path, &doc, room);
            listed += found.len();
            findings.extend(found.into_iter().map(|f| base.finding(f)));
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
                s.finding = base.finding(s.finding);
                s.suppression.line = s.suppression.line.map(|l| l + base.lines);
                s
            }));
            omitted.merge(more);
            base = base.after(end, &doc.decoded.text);
            first = false;
            if eof && end == buf.len() {
                break;
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
        let streamed = scanner.scan_streamed("big.txt", &path, file, None).expect("UTF-8 streams");
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
    fn utf16_without_a_bom_is_scanned_whole_not_refused() {
        let scanner = Scanner::from_engine(crate::detect::Engine::builtin().expect("bundled packs"));
        let text = "本产品是全网最好的，国家级产品，立即购买！\n这是一篇普通的文章。\n".repeat(3000);
        let bytes: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
        assert!(bytes.len() > 2 * piece_size());
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("u16.txt");
        std::fs::write(&path, &bytes).expect("write");
        assert!(scanner.scan_streamed("u16.txt", &path, File::open(&path).expect("open"), None).is_none());
        let report = scanner.scan_path(&path);
        assert_eq!(report.status, FileStatus::Scanned { encoding: "UTF-16LE".into(), format: "txt".into() });
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
        let b = Base::default().after(10, "ab\ncd");
        assert_eq!((b.byte, b.lines, b.column), (10, 1, 2));
        let b = b.after(3, "efg");
        assert_eq!((b.byte, b.lines, b.column), (13, 1, 5));
        assert_eq!(b.position(Position { line: 1, column: 1 }), Position { line: 2, column: 6 });
        assert_eq!(b.position(Position { line: 2, column: 1 }), Position { line: 3, column: 1 });
    }
}
