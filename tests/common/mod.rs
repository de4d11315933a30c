//! Helpers shared by the fixture tests: one finding as a comparable row, read from the binary's
//! JSON report or from an expected-findings file.
#![allow(dead_code)]

use serde_json::Value;

/// A finding's identity: where it is and what matched.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Row {
    pub path: String,
    pub byte_start: u64,
    pub byte_end: u64,
    pub rule: String,
    pub line: u64,
    pub column: u64,
    pub end_line: u64,
    pub end_column: u64,
    pub matched: String,
}

/// A JSON string value.
pub fn s(v: &Value) -> String {
    v.as_str().unwrap_or_else(|| panic!("string: {v}")).to_owned()
}

/// A JSON number value.
pub fn n(v: &Value) -> u64 {
    v.as_u64().unwrap_or_else(|| panic!("number: {v}"))
}

impl Row {
    /// A finding from `hegui check --format json`.
    pub fn from_finding(f: &Value) -> Row {
        Row {
            path: s(&f["path"]),
            byte_start: n(&f["byte_range"]["start"]),
            byte_end: n(&f["byte_range"]["end"]),
            rule: s(&f["rule"]),
            line: n(&f["start"]["line"]),
            column: n(&f["start"]["column"]),
            end_line: n(&f["end"]["line"]),
            end_column: n(&f["end"]["column"]),
            matched: s(&f["matched"]),
        }
    }

    /// An entry of an expected-findings file (`tests/data/*expected*.json`).
    pub fn from_expected(e: &Value) -> Row {
        Row {
            path: s(&e["path"]),
            byte_start: n(&e["byte_start"]),
            byte_end: n(&e["byte_end"]),
            rule: s(&e["rule"]),
            line: n(&e["line"]),
            column: n(&e["column"]),
            end_line: n(&e["end_line"]),
            end_column: n(&e["end_column"]),
            matched: s(&e["matched"]),
        }
    }
}
