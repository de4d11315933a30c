//! Scanning (being written).
