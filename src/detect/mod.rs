//! Detection (being written).
