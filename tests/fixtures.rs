//! The bundled fixtures: the real binary's JSON report must list exactly the findings in
//! `tests/data/expected_findings.json` (computed independently by `tests/data/make_expected.py`
//! from the planted occurrences), and nothing in `fixtures/clean/`.

use std::path::Path;
use std::process::Command;

use serde_json::Value;

mod common;
use common::{Row, n, s};

#[test]
fn fixtures_report_exactly_the_expected_findings() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = Command::new(env!("CARGO_BIN_EXE_hegui"))
        .env("HEGUI_CACHE_DIR", concat!(env!("CARGO_TARGET_TMPDIR"), "/hegui-cache"))
        .current_dir(root)
        .args(["check", "fixtures/clean", "fixtures/violations", "--no-config", "--format", "json"])
        .output()
        .expect("run hegui");
    // Warnings only would be 0; the state-organ rule (error) makes it 1. Never 2: no input errors.
    assert!(matches!(out.status.code(), Some(0 | 1)), "stderr: {}", String::from_utf8_lossy(&out.stderr));
    let report: Value = serde_json::from_slice(&out.stdout).expect("JSON report");
    let mut got: Vec<Row> = report["findings"].as_array().expect("findings").iter().map(Row::from_finding).collect();
    let expected: Value =
        serde_json::from_slice(&std::fs::read(root.join("tests/data/expected_findings.json")).expect("expected file"))
            .expect("expected JSON");
    let mut want: Vec<Row> = expected.as_array().expect("array").iter().map(Row::from_expected).collect();
    got.sort();
    want.sort();
    let missing: Vec<_> = want.iter().filter(|r| !got.contains(r)).collect();
    let extra: Vec<_> = got.iter().filter(|r| !want.contains(r)).collect();
    assert!(missing.is_empty() && extra.is_empty(), "missing: {missing:#?}\nunexpected: {extra:#?}");
    assert!(got.iter().all(|r| !r.path.starts_with("fixtures/clean/")));
    // Every scanned fixture decoded without error.
    assert_eq!(report["summary"]["files_failed"], 0);
    assert_eq!(report["summary"]["files_skipped"], 0);
}

#[test]
fn byte_ranges_read_from_the_files_are_the_matched_text() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let expected: Value =
        serde_json::from_slice(&std::fs::read(root.join("tests/data/expected_findings.json")).expect("expected file"))
            .expect("expected JSON");
    for e in expected.as_array().expect("array") {
        let bytes = std::fs::read(root.join(s(&e["path"]))).expect("fixture");
        let slice = &bytes[n(&e["byte_start"]) as usize..n(&e["byte_end"]) as usize];
        let text = if s(&e["path"]).contains("gbk") {
            encoding_rs::GB18030.decode_without_bom_handling(slice).0.into_owned()
        } else if s(&e["path"]).contains("utf16") {
            encoding_rs::UTF_16LE.decode_without_bom_handling(slice).0.into_owned()
        } else {
            String::from_utf8(slice.to_vec()).expect("utf-8 slice")
        };
        assert_eq!(text, s(&e["matched"]), "{e}");
    }
}
