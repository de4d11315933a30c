//! Reading files: decoding bytes to text and extracting the article text with a source map.
//!
//! [`load`] turns raw bytes into a [`SourceDoc`]: the decoded text (with a map to raw bytes) and the
//! extracted article text (with a map to the decoded text and field boundaries).

pub mod decode;
pub mod docx;
pub mod extract;
pub mod html;
pub mod markdown;
pub mod txt;

use std::borrow::Cow;
use std::path::Path;

pub use decode::{DecodeError, DecodeMap, Decoded, EncodingChoice, Widths};

use crate::model::{DocLocation, DocxProblem, Position, Problem, SpecialFile};

use crate::source::extract::Extracted;

/// How a format turns a file into article text.
#[derive(Clone, Copy)]
pub enum Reader {
    /// A text format: the bytes are decoded (encoding detected or forced), then the text extracted.
    /// The `String` is empty: the reader may build the extracted text in it, using its capacity
    /// (the raw bytes' buffer, once decoded, so a large file's text needs no fresh pages).
    Text(fn(&str, &SourceOptions, String) -> Extracted),
    /// A format that is not text (a zip package): the reader gets the raw bytes and makes the
    /// document text itself. `--encoding` and the binary-file check do not apply.
    Bytes(fn(&[u8], &SourceOptions) -> Result<BytesDoc, SourceError>),
}

/// What a [`Reader::Bytes`] reader makes of a file.
#[derive(Debug, Clone)]
pub struct BytesDoc {
    /// The document text, one line per paragraph. There are no raw text bytes to map back to:
    /// its map is the identity, so byte ranges are ranges of this text.
    pub decoded: Decoded,
    /// The article text extracted from it, with its map to `decoded`.
    pub extracted: Extracted,
    /// The parts of the package in `decoded`, in order.
    pub parts: Vec<DocPart>,
}

/// A part of a packaged document (a `.docx` body, header, footnotes…) and where its paragraphs
/// start in the decoded text, each paragraph being one line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocPart {
    /// Name of the part in the package, e.g. `word/document.xml`.
    pub name: String,
    /// 1-based line of the decoded text that holds the part's first paragraph.
    pub first_line: usize,
}

impl std::fmt::Debug for Reader {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Reader::Text(_) => f.write_str("Reader::Text"),
            Reader::Bytes(_) => f.write_str("Reader::Bytes"),
        }
    }
}

/// One input format: its name, the file extensions that select it and how it is read. Each
/// extractor file defines its `FORMAT`; [`FORMATS`] lists them.
#[derive(Debug, Clone, Copy)]
pub struct FormatDef {
    /// Stable lower-case name, e.g. `markdown`.
    pub name: &'static str,
    /// File extensions (lower case, no dot) scanned as this format when walking folders.
    pub extensions: &'static [&'static str],
    /// How the format is read.
    pub reader: Reader,
}

/// Every input format: adding one is a new extractor file plus its line here.
pub const FORMATS: &[FormatDef] = &[txt::FORMAT, markdown::FORMAT, html::FORMAT, docx::FORMAT];

/// An input format: one of [`FORMATS`], chosen by file extension.
#[derive(Debug, Clone, Copy)]
pub struct Format(&'static FormatDef);

impl PartialEq for Format {
    fn eq(&self, other: &Self) -> bool {
        self.0.name == other.0.name
    }
}

impl Eq for Format {}

impl Format {
    /// Plain text: the format of files with no known extension.
    pub const TXT: Format = Format(&txt::FORMAT);
    /// Markdown (CommonMark with tables, front matter).
    pub const MARKDOWN: Format = Format(&markdown::FORMAT);
    /// HTML (WeChat editor output).
    pub const HTML: Format = Format(&html::FORMAT);
    /// Word documents (`.docx`).
    pub const DOCX: Format = Format(&docx::FORMAT);

    /// Stable lower-case name.
    pub fn as_str(self) -> &'static str {
        self.0.name
    }

    /// The format's definition.
    pub fn def(self) -> &'static FormatDef {
        self.0
    }

    /// The format for a file name's extension, if it is one hegui scans when walking folders.
    pub fn from_path(path: &Path) -> Option<Format> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        FORMATS.iter().find(|f| f.extensions.contains(&ext.as_str())).map(Format)
    }

    /// The format for `path`, plain text when its extension is not a known one.
    pub fn for_path(path: &Path) -> Format {
        Format::from_path(path).unwrap_or(Format::TXT)
    }
}

impl std::str::FromStr for Format {
    type Err = String;

    /// The format named `s` (one of [`FORMATS`]).
    fn from_str(s: &str) -> Result<Self, String> {
        FORMATS.iter().find(|f| f.name == s).map(Format).ok_or_else(|| {
            let names: Vec<&str> = FORMATS.iter().map(|f| f.name).collect();
            format!("unknown input format `{s}`, expected one of {}", names.join(", "))
        })
    }
}

/// Options for reading sources.
#[derive(Debug, Clone)]
pub struct SourceOptions {
    /// Encoding: detected or forced.
    pub encoding: EncodingChoice,
    /// Scan Markdown code blocks.
    pub scan_code: bool,
    /// Files larger than this many bytes are refused (an input error).
    pub max_file_size: u64,
}

impl Default for SourceOptions {
    fn default() -> Self {
        Self { encoding: EncodingChoice::Auto, scan_code: false, max_file_size: 64 * 1024 * 1024 }
    }
}

/// A document ready for normalization and detection.
#[derive(Debug, Clone)]
pub struct SourceDoc {
    /// Format used for extraction.
    pub format: Format,
    /// The decoded file text and its map to raw bytes.
    pub decoded: Decoded,
    /// The extracted article text and its map to the decoded text.
    pub extracted: Extracted,
    /// The parts of a packaged document (`.docx`) in the decoded text; empty for text formats.
    pub parts: Vec<DocPart>,
    /// The decoded text is held once, as the extracted text it equals ([`load_txt_once`]):
    /// `decoded.text` is then empty; [`SourceDoc::decoded_text`] reads the right one.
    shared: bool,
}

impl SourceDoc {
    /// The decoded text: [`Decoded::text`], or the extracted text when the two are one string
    /// (a plain UTF-8 piece of a file scanned in pieces).
    pub fn decoded_text(&self) -> &str {
        if self.shared { &self.extracted.text } else { &self.decoded.text }
    }

    /// Where a position of the decoded text is in a packaged document: its part, the paragraph
    /// in the part and the character in the paragraph. `None` for text formats.
    pub fn location(&self, pos: Position) -> Option<DocLocation> {
        let i = self.parts.partition_point(|p| p.first_line <= pos.line).checked_sub(1)?;
        let part = &self.parts[i];
        Some(DocLocation { part: part.name.clone(), paragraph: pos.line - part.first_line + 1, character: pos.column })
    }
}

/// Why a file was not turned into a [`SourceDoc`].
#[derive(Debug, thiserror::Error)]
pub enum SourceError {
    /// Looks binary: skipped, not an error.
    #[error("binary file")]
    Binary,
    /// Larger than the size limit.
    #[error("file is {size} bytes, over the {limit}-byte limit")]
    TooLarge {
        /// File size.
        size: u64,
        /// The limit.
        limit: u64,
    },
    /// Could not be decoded.
    #[error(transparent)]
    Decode(#[from] DecodeError),
    /// Not a regular file: never opened.
    #[error("not a regular file")]
    NotRegular(SpecialFile),
    /// Could not be read.
    #[error(transparent)]
    Io(#[from] std::io::Error),
    /// A `.docx` that is damaged or refused as a possible zip bomb.
    #[error(transparent)]
    Docx(#[from] DocxProblem),
}

impl From<&SourceError> for Problem {
    fn from(e: &SourceError) -> Self {
        match e {
            SourceError::Binary => Problem::Binary,
            SourceError::TooLarge { size, limit } => Problem::TooLarge { size: *size, limit: *limit },
            SourceError::Decode(DecodeError::Invalid { encoding, offset }) => {
                Problem::Invalid { encoding: (*encoding).to_owned(), offset: *offset }
            }
            SourceError::Decode(DecodeError::Undetected { offset }) => Problem::Undetected { offset: *offset },
            SourceError::NotRegular(kind) => Problem::NotRegular { kind: *kind },
            SourceError::Io(e) => Problem::from(e),
            SourceError::Docx(p) => Problem::Docx(p.clone()),
        }
    }
}

/// Opens a file for reading, refusing one over `limit` bytes and anything but a regular file (a
/// FIFO or device could block or never end) before opening it; returns it with its length.
pub fn open(path: &Path, limit: u64) -> Result<(std::fs::File, u64), SourceError> {
    let meta = std::fs::metadata(path)?;
    if let Some(kind) = SpecialFile::of(&meta) {
        return Err(SourceError::NotRegular(kind));
    }
    if meta.is_dir() {
        return Err(SourceError::Io(std::io::Error::from(std::io::ErrorKind::IsADirectory)));
    }
    if meta.len() > limit {
        return Err(SourceError::TooLarge { size: meta.len(), limit });
    }
    Ok((std::fs::File::open(path)?, meta.len()))
}

/// Reads a file checked as [`open`] does; at most `limit` bytes are read even if the file grows
/// meanwhile.
pub fn read(path: &Path, limit: u64) -> Result<Vec<u8>, SourceError> {
    let (file, len) = open(path, limit)?;
    read_sized(file, limit, len)
}

/// Reads `r` to its end, refusing more than `limit` bytes (endless input such as a device or a
/// pipe stops there).
pub fn read_limited(r: impl std::io::Read, limit: u64) -> Result<Vec<u8>, SourceError> {
    read_sized(r, limit, 0)
}

/// [`read_limited`] with the expected length reserved up front (one buffer, no regrowth, about
/// two read calls for a regular file); `expected` is only a hint and is clamped to `limit`.
pub fn read_sized(r: impl std::io::Read, limit: u64, expected: u64) -> Result<Vec<u8>, SourceError> {
    use std::io::Read as _;
    let hint = usize::try_from(expected.min(limit).saturating_add(1)).unwrap_or(0);
    let mut bytes = Vec::with_capacity(hint);
    r.take(limit.saturating_add(1)).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > limit {
        return Err(SourceError::TooLarge { size: bytes.len() as u64, limit });
    }
    Ok(bytes)
}

/// Decodes and extracts `bytes` in the given format.
pub fn load(bytes: &[u8], format: Format, opts: &SourceOptions) -> Result<SourceDoc, SourceError> {
    load_in(Cow::Borrowed(bytes), format, opts)
}

/// [`load`] for bytes the caller gives up: once decoded, their buffer holds the extracted text
/// (a large file's text then needs no fresh memory, whose first touch costs a page fault per 4 KiB).
pub fn load_owned(bytes: Vec<u8>, format: Format, opts: &SourceOptions) -> Result<SourceDoc, SourceError> {
    load_in(Cow::Owned(bytes), format, opts)
}

/// [`load`] of plain text with the text held once: a UTF-8 text's extracted text is its decoded
/// text itself (moved, not copied: a piece of a large file is copied once from the read buffer,
/// not twice), so `decoded.text` is left empty and the decoded text is read through
/// [`SourceDoc::decoded_text`]. Only for the scanner's own use: the document is not handed out.
/// Other encodings (whose maps read the decoded text) load as [`load`] loads them.
pub(crate) fn load_txt_once(bytes: &[u8], opts: &SourceOptions) -> Result<SourceDoc, SourceError> {
    check_size(bytes, opts)?;
    let mut decoded = decode_text(bytes, opts)?;
    let format = Format::TXT;
    if !matches!(decoded.map, DecodeMap::Pieces(_)) {
        let extracted = txt::extract(&decoded.text);
        return Ok(SourceDoc { format, decoded, extracted, parts: Vec::new(), shared: false });
    }
    let extracted = txt::extract_owned(std::mem::take(&mut decoded.text));
    Ok(SourceDoc { format, decoded, extracted, parts: Vec::new(), shared: true })
}

/// Refuses `bytes` longer than `opts.max_file_size`.
fn check_size(bytes: &[u8], opts: &SourceOptions) -> Result<(), SourceError> {
    if bytes.len() as u64 > opts.max_file_size {
        return Err(SourceError::TooLarge { size: bytes.len() as u64, limit: opts.max_file_size });
    }
    Ok(())
}

/// Decodes the bytes of a text format, refusing binary data when the encoding is detected.
fn decode_text(bytes: &[u8], opts: &SourceOptions) -> Result<Decoded, SourceError> {
    if opts.encoding == EncodingChoice::Auto && decode::looks_binary(bytes) {
        return Err(SourceError::Binary);
    }
    Ok(decode::decode(bytes, opts.encoding)?)
}

/// The most unused capacity an extracted text keeps from the read buffer it was built in.
const SPARE_KEPT: usize = 64 << 10;

/// [`load`]; owned bytes lend their buffer to the extracted text once decoded.
fn load_in(bytes: Cow<'_, [u8]>, format: Format, opts: &SourceOptions) -> Result<SourceDoc, SourceError> {
    check_size(&bytes, opts)?;
    match format.0.reader {
        Reader::Text(extract) => {
            let decoded = decode_text(&bytes, opts)?;
            // An empty `Vec` is valid UTF-8: no bytes are checked or copied.
            let buf = match bytes {
                Cow::Owned(mut spare) => {
                    spare.clear();
                    String::from_utf8(spare).unwrap_or_default()
                }
                Cow::Borrowed(_) => String::new(),
            };
            let mut extracted = extract(&decoded.text, opts, buf);
            // The read buffer's pages were all touched by the read: when the text is much shorter
            // (markup-heavy HTML, a Markdown file of code blocks), give the rest back instead of
            // keeping it resident while the document is scanned.
            if extracted.text.capacity() - extracted.text.len() > SPARE_KEPT {
                extracted.text.shrink_to_fit();
            }
            Ok(SourceDoc { format, decoded, extracted, parts: Vec::new(), shared: false })
        }
        Reader::Bytes(read) => {
            let BytesDoc { decoded, extracted, parts } = read(&bytes, opts)?;
            Ok(SourceDoc { format, decoded, extracted, parts, shared: false })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_format_is_found_by_each_of_its_extensions_and_by_name() {
        let mut seen = std::collections::HashSet::new();
        for def in FORMATS {
            let f: Format = def.name.parse().expect("by name");
            assert_eq!(f.def().name, def.name);
            for ext in def.extensions {
                assert!(seen.insert(*ext), "extension `{ext}` claimed twice");
                let path = format!("draft.{}", ext.to_ascii_uppercase());
                assert_eq!(Format::from_path(Path::new(&path)).map(Format::as_str), Some(def.name));
            }
        }
        assert_eq!(Format::for_path(Path::new("notes.log")), Format::TXT);
        assert!("pdf".parse::<Format>().is_err());
    }

    #[test]
    fn a_wrong_length_hint_changes_nothing_but_the_limit_still_holds() {
        let data = "合规检查".repeat(100).into_bytes();
        for hint in [0, 1, data.len() as u64 - 1, data.len() as u64, data.len() as u64 * 3, u64::MAX] {
            let got = read_sized(&data[..], 10_000, hint).expect("under the limit");
            assert_eq!(got, data, "hint {hint}");
            match read_sized(&data[..], 100, hint) {
                Err(SourceError::TooLarge { size: 101, limit: 100 }) => {}
                other => panic!("hint {hint}: expected TooLarge, got {other:?}"),
            }
        }
    }

    #[test]
    fn a_short_text_does_not_keep_a_long_read_buffer() {
        let html = "<span class=\"aaaaaaaaaaaaaaaaaaaa\" style=\"color:red\">全网最低价</span>\n".repeat(20_000);
        let md = format!("正文。\n\n```\n{}```\n", "let x = 1;\n".repeat(50_000));
        for (src, format) in [(html, Format::HTML), (md, Format::MARKDOWN)] {
            let doc = load_owned(src.into_bytes(), format, &SourceOptions::default()).expect("loads");
            let text = &doc.extracted.text;
            assert!(text.capacity() - text.len() <= SPARE_KEPT, "{format:?}: {} of {}", text.len(), text.capacity());
        }
    }

    #[test]
    fn plain_text_held_once_loads_as_load_does() {
        let utf16: Vec<u8> =
            [0xFF, 0xFE].into_iter().chain("标题\n正文".encode_utf16().flat_map(u16::to_le_bytes)).collect();
        let gbk = encoding_rs::GB18030.encode("标题\n正文：全网最低价。").0.into_owned();
        let inputs: [(&[u8], EncodingChoice); 10] = [
            ("震惊！标题\r\n正文：全网最低价。\n".as_bytes(), EncodingChoice::Auto),
            ("\u{feff}标题\n\n正文".as_bytes(), EncodingChoice::Utf8),
            ("\u{feff}标题\n\n正文".as_bytes(), EncodingChoice::Auto),
            ("只有一行".as_bytes(), EncodingChoice::Utf8),
            (b"", EncodingChoice::Utf8),
            (b"\xE6\xA0\x87\xFF", EncodingChoice::Utf8),
            (b"\x00\x01binary", EncodingChoice::Auto),
            (&utf16, EncodingChoice::Utf16le),
            (&gbk, EncodingChoice::Gb18030),
            (&gbk, EncodingChoice::Auto),
        ];
        for (bytes, encoding) in inputs {
            let opts = SourceOptions { encoding, ..SourceOptions::default() };
            match (load(bytes, Format::TXT, &opts), load_txt_once(bytes, &opts)) {
                (Ok(a), Ok(b)) => {
                    assert_eq!(a.decoded_text(), b.decoded_text(), "{bytes:?}");
                    assert_eq!(a.decoded.text, a.decoded_text());
                    assert_eq!(a.decoded.encoding, b.decoded.encoding);
                    assert_eq!(a.extracted.text, b.extracted.text);
                    assert_eq!(a.extracted.fields, b.extracted.fields);
                    assert_eq!(format!("{:?}", a.extracted.map), format!("{:?}", b.extracted.map));
                    let n = a.decoded_text().len();
                    for r in [0..n, n / 2..n, 0..n / 3] {
                        assert_eq!(a.decoded.map_range(r.clone()), b.decoded.map_range(r), "{bytes:?}");
                    }
                    assert_eq!(b.shared, b.decoded.encoding == "UTF-8");
                }
                (Err(a), Err(b)) => assert_eq!(a.to_string(), b.to_string()),
                (a, b) => panic!("{bytes:?}: load {:?}, held once {:?}", a.is_ok(), b.is_ok()),
            }
        }
        let opts = SourceOptions { max_file_size: 3, ..SourceOptions::default() };
        assert!(matches!(load_txt_once(b"abcd", &opts), Err(SourceError::TooLarge { size: 4, limit: 3 })));
    }

    #[test]
    fn owned_bytes_load_as_borrowed_ones_do() {
        let utf16: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain("标题\n正文：全网最低价。".encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        let inputs: [(&[u8], Format); 5] = [
            ("标题\n\n正文：**全网最低**价，[链接](http://a.b \"题\")。\n".as_bytes(), Format::MARKDOWN),
            ("\u{feff}标题\r\n正文：全网最低价。".as_bytes(), Format::TXT),
            ("<p>正文：<b>全网最低</b>&amp;价</p>".as_bytes(), Format::HTML),
            (&utf16, Format::TXT),
            (b"\x00\x01binary", Format::TXT),
        ];
        let opts = SourceOptions::default();
        for (bytes, format) in inputs {
            let borrowed = load(bytes, format, &opts);
            let owned = load_owned(bytes.to_vec(), format, &opts);
            match (borrowed, owned) {
                (Ok(a), Ok(b)) => {
                    assert_eq!(a.decoded.text, b.decoded.text);
                    assert_eq!(a.extracted.text, b.extracted.text);
                    assert_eq!(a.extracted.fields, b.extracted.fields);
                    assert_eq!(format!("{:?}", a.extracted.map), format!("{:?}", b.extracted.map));
                }
                (Err(a), Err(b)) => assert_eq!(a.to_string(), b.to_string()),
                (a, b) => panic!("{format:?}: borrowed {:?}, owned {:?}", a.is_ok(), b.is_ok()),
            }
        }
    }
}
