//! Duplicate content (抄袭): passages a draft shares with a corpus of published articles.
//!
//! [`fingerprint`] turns text into winnowed k-gram hashes of its normalized characters, so that
//! copying survives width, case, 繁简, spacing and punctuation changes; [`index`] keeps the
//! fingerprints of a corpus in an inverted index saved to one file, and finds the corpus documents
//! a draft shares passages with.

pub mod align;
pub mod background;
pub mod classes;
pub mod cluster;
pub mod fingerprint;
pub mod index;
pub mod prints;

pub use align::PassageKind;
pub use fingerprint::{Fingerprint, fingerprints, stream};
pub use index::{
    AddOutcome, DocMatch, DocPair, Index, IndexError, IndexStats, NewDoc, Passage, QueryOptions, align_pair,
};
pub use prints::Prints;

/// A corpus index to check documents against, with the query thresholds.
#[derive(Debug, Clone, Copy)]
pub struct CorpusCheck<'a> {
    /// The index.
    pub index: &'a Index,
    /// Thresholds (from `[dedup]` in hegui.toml).
    pub options: QueryOptions,
}
