//! Reading files: decoding bytes to text and extracting the article text with a source map.
//!
//! [`load`] turns raw bytes into a [`SourceDoc`]: the decoded text (with a map to raw bytes) and the
//! extracted article text (with a map to the decoded text and field boundaries).

pub mod decode;
pub mod extract;
pub mod html;
pub mod markdown;
pub mod txt;

use std::path::Path;

pub use decode::{DecodeError, Decoded, EncodingChoice};

use crate::model::Problem;

use crate::source::extract::Extracted;

/// Input formats, chosen by file extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "cli", derive(clap::ValueEnum))]
pub enum Format {
    /// Plain text.
    Txt,
    /// Markdown (CommonMark with tables, front matter).
    Markdown,
    /// HTML (WeChat editor output).
    Html,
}

impl Format {
    /// Stable lower-case name.
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Txt => "txt",
            Format::Markdown => "markdown",
            Format::Html => "html",
        }
    }

    /// The format for a file name's extension, if it is one hegui scans when walking folders.
    pub fn from_path(path: &Path) -> Option<Format> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "txt" | "text" => Some(Format::Txt),
            "md" | "markdown" | "mdown" | "mkd" => Some(Format::Markdown),
            "html" | "htm" | "xhtml" => Some(Format::Html),
            _ => None,
        }
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
    /// Could not be read.
    #[error(transparent)]
    Io(#[from] std::io::Error),
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
            SourceError::Io(e) => Problem::from(e),
        }
    }
}

/// Reads a file, refusing one over `limit` bytes before reading it.
pub fn read(path: &Path, limit: u64) -> Result<Vec<u8>, SourceError> {
    let meta = std::fs::metadata(path)?;
    if meta.len() > limit {
        return Err(SourceError::TooLarge { size: meta.len(), limit });
    }
    Ok(std::fs::read(path)?)
}

/// Decodes and extracts `bytes` in the given format.
pub fn load(bytes: &[u8], format: Format, opts: &SourceOptions) -> Result<SourceDoc, SourceError> {
    if bytes.len() as u64 > opts.max_file_size {
        return Err(SourceError::TooLarge { size: bytes.len() as u64, limit: opts.max_file_size });
    }
    if opts.encoding == EncodingChoice::Auto && decode::looks_binary(bytes) {
        return Err(SourceError::Binary);
    }
    let decoded = decode::decode(bytes, opts.encoding)?;
    let extracted = match format {
        Format::Txt => txt::extract(&decoded.text),
        Format::Markdown => markdown::extract(&decoded.text, &markdown::MarkdownOptions { scan_code: opts.scan_code }),
        Format::Html => html::extract(&decoded.text),
    };
    Ok(SourceDoc { format, decoded, extracted })
}
