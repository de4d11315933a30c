//! Markdown extraction (stub; being written).
use crate::span::{Extracted, TextBuilder};

/// Options for Markdown extraction.
#[derive(Debug, Clone, Default)]
pub struct MarkdownOptions {
    /// Scan fenced and indented code blocks too (default: skipped).
    pub scan_code: bool,
}

/// Extracts the text of a Markdown document.
pub fn extract(src: &str, _opts: &MarkdownOptions) -> Extracted {
    let mut b = TextBuilder::new();
    b.push_source(src, 0);
    b.finish()
}
