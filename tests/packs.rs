//! The sector-pack sample articles in `fixtures/packs/`: the real binary's JSON report must list
//! exactly the findings in `tests/data/packs_expected.json` (computed independently by
//! `tests/data/make_packs_expected.py` from the planted occurrences), every finding must carry the
//! msgSecCheck label documented for its pack, and the clean essay must be long and quiet.

use std::path::Path;
use std::process::Command;

use serde_json::Value;

mod common;
use common::{Row, n, s};

const CLEAN_ESSAY: &str = "fixtures/packs/clean-essay.md";

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Runs `hegui check fixtures/packs --no-config --format json` and returns the report.
fn report() -> Value {
    let out = Command::new(env!("CARGO_BIN_EXE_hegui"))
        .env("HEGUI_CACHE_DIR", concat!(env!("CARGO_TARGET_TMPDIR"), "/hegui-cache"))
        .current_dir(root())
        .args(["check", "fixtures/packs", "--no-config", "--format", "json"])
        .output()
        .expect("run hegui");
    // The packs hold error-level findings: exit code 1, never 2 (no input errors).
    assert_eq!(out.status.code(), Some(1), "stderr: {}", String::from_utf8_lossy(&out.stderr));
    let report: Value = serde_json::from_slice(&out.stdout).expect("JSON report");
    assert_eq!(report["summary"]["files_failed"], 0);
    assert_eq!(report["summary"]["files_skipped"], 0);
    assert_eq!(report["summary"]["files_scanned"], 7);
    report
}

fn expected() -> Vec<Value> {
    let bytes = std::fs::read(root().join("tests/data/packs_expected.json")).expect("expected file");
    serde_json::from_slice::<Value>(&bytes).expect("expected JSON").as_array().expect("array").clone()
}

/// The msgSecCheck label documented in `wordlists/README.md` for a rule id.
fn documented_label(rule: &str) -> u64 {
    match rule {
        r if r.starts_with("AD") => 10001,
        r if r.starts_with("PL") => 30002,
        r if r.starts_with("PI") => 30001,
        "IL001" | "IL002" | "IL003" => 20006,
        "IL004" => 20008,
        "IL005" => 20002,
        other => panic!("undocumented rule {other}"),
    }
}

#[test]
fn packs_report_exactly_the_expected_findings() {
    let report = report();
    let mut got: Vec<Row> = report["findings"].as_array().expect("findings").iter().map(Row::from_finding).collect();
    let mut want: Vec<Row> = expected().iter().map(Row::from_expected).collect();
    got.sort();
    want.sort();
    // Multiset difference, so a duplicated finding is caught too.
    let mut missing = want.clone();
    let mut extra = Vec::new();
    for r in &got {
        match missing.iter().position(|w| w == r) {
            Some(i) => {
                missing.remove(i);
            }
            None => extra.push(r.clone()),
        }
    }
    assert!(missing.is_empty() && extra.is_empty(), "missing: {missing:#?}\nunexpected: {extra:#?}");
}

#[test]
fn every_finding_carries_the_documented_label() {
    let report = report();
    let findings = report["findings"].as_array().expect("findings");
    assert!(!findings.is_empty());
    for f in findings {
        let rule = s(&f["rule"]);
        let label = f["label"].as_u64().unwrap_or_else(|| panic!("no label: {f}"));
        assert_eq!(label, documented_label(&rule), "{f}");
    }
    // The expected list names the same labels (read from the packs by the generator).
    for e in expected() {
        assert_eq!(n(&e["label"]), documented_label(&s(&e["rule"])), "{e}");
    }
}

#[test]
fn clean_essay_is_long_and_has_no_warning_or_error() {
    let text = std::fs::read_to_string(root().join(CLEAN_ESSAY)).expect("essay");
    // Body after the front matter, whitespace not counted.
    let body = text.splitn(3, "---\n").nth(2).expect("front matter");
    let chars = body.chars().filter(|c| !c.is_whitespace()).count();
    assert!(chars >= 3000, "clean essay has only {chars} characters");
    let report = report();
    let loud: Vec<&Value> = report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter(|f| f["path"] == CLEAN_ESSAY && f["severity"] != "info")
        .collect();
    assert!(loud.is_empty(), "{loud:#?}");
}

#[test]
fn byte_ranges_read_from_the_files_are_the_matched_text() {
    for e in expected() {
        let bytes = std::fs::read(root().join(s(&e["path"]))).expect("fixture");
        let slice = &bytes[n(&e["byte_start"]) as usize..n(&e["byte_end"]) as usize];
        assert_eq!(std::str::from_utf8(slice).expect("utf-8 slice"), s(&e["matched"]), "{e}");
    }
}

/// Every bundled rule has its own row in `wordlists/README.md` (`| ID | \`name\` |`), or, for the
/// validator rules described in prose, its id followed by its name; a rule added without its
/// documentation, or renamed without it, fails here.
#[test]
fn every_bundled_rule_is_documented_in_the_wordlists_readme() {
    let readme = std::fs::read_to_string(root().join("wordlists/README.md")).expect("wordlists/README.md");
    let engine = hegui::detect::Engine::builtin().expect("bundled packs");
    assert!(engine.rules().len() > 100, "the bundled packs hold well over 100 rules");
    let missing: Vec<String> = engine
        .rules()
        .iter()
        .filter(|r| {
            let row = format!("\n| {} | `{}` |", r.id, r.name);
            let prose = format!("{} `{}`", r.id, r.name);
            !readme.contains(&row) && !readme.contains(&prose)
        })
        .map(|r| format!("{} {}", r.id, r.name))
        .collect();
    assert!(missing.is_empty(), "rules without a row in wordlists/README.md: {missing:?}");
}
