//! Normalization: folds disguises out of extracted text, keeping a map back to extracted offsets.
//!
//! This stage currently passes text through unchanged (identity map); width, case, 繁简, separator
//! and digit folding plug in here without changing the stages around it.

use std::borrow::Cow;

use crate::span::OffsetMap;

/// Text after normalization, with a map to offsets in the extracted text.
#[derive(Debug, Clone)]
pub struct Normalized<'a> {
    /// The normalized text.
    pub text: Cow<'a, str>,
    /// Map from normalized offsets to extracted offsets.
    pub map: OffsetMap,
}

/// Normalizes extracted text.
pub fn normalize(text: &str) -> Normalized<'_> {
    Normalized { text: Cow::Borrowed(text), map: OffsetMap::identity(text.len(), 0) }
}
