//! Walking (being written).
