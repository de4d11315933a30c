//! Plain text: the whole file is the body, verbatim.

use crate::model::OffsetMap;
use crate::source::extract::Extracted;

/// Extracts a plain-text document: identity map.
pub fn extract(src: &str) -> Extracted {
    Extracted { text: src.to_owned(), map: OffsetMap::identity(src.len(), 0), fields: Vec::new() }
}
