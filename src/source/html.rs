//! HTML extraction (stub; being written).
use crate::span::{Extracted, TextBuilder};

/// Extracts the text of an HTML document.
pub fn extract(src: &str) -> Extracted {
    let mut b = TextBuilder::new();
    extract_into(&mut b, src, 0);
    b.finish()
}

/// Extracts HTML `src`, whose byte 0 is at `base` in the decoded source, into `b`.
pub fn extract_into(b: &mut TextBuilder, src: &str, base: usize) {
    b.push_source(src, base);
}
