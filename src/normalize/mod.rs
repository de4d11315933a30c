//! Normalization (being written).
