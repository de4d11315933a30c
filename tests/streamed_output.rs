//! Reports are streamed file by file (workers scan, the printer writes each file's findings in
//! walker order as soon as it and every earlier file are done). The output must not depend on the
//! number of threads, and the one-document formats (JSON, SARIF), written incrementally, must hold
//! exactly the findings of the JSON Lines events, in the same order.

use std::path::Path;
use std::process::Command;

use serde_json::Value;

/// Runs `hegui check fixtures/` with `args`; returns standard output.
fn check(args: &[&str]) -> String {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = Command::new(env!("CARGO_BIN_EXE_hegui"))
        .current_dir(root)
        .args(["check", "fixtures", "--no-config"])
        .args(args)
        .output()
        .expect("run hegui");
    assert!(matches!(out.status.code(), Some(0 | 1)), "stderr: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).expect("UTF-8 report")
}

/// The `scan` events of a JSON Lines report.
fn scans(jsonl: &str) -> Vec<Value> {
    jsonl
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).expect("each line is JSON"))
        .filter(|v| v["event"] == "scan")
        .collect()
}

#[test]
fn output_is_the_same_with_any_number_of_threads() {
    let one = check(&["--format", "jsonl", "-j", "1"]);
    let events = scans(&one);
    assert!(events.len() > 10, "the fixtures folder has many files");
    let paths: Vec<&str> = events.iter().map(|e| e["path"].as_str().expect("path")).collect();
    let mut sorted = paths.clone();
    sorted.sort_unstable();
    assert_eq!(paths, sorted, "walker (sorted) order");
    for j in ["2", "3", "8"] {
        assert_eq!(check(&["--format", "jsonl", "-j", j]), one, "-j {j}");
    }
    for format in ["human", "github"] {
        assert_eq!(check(&["--format", format, "-j", "3"]), check(&["--format", format, "-j", "1"]), "{format}");
    }
}

#[test]
fn json_and_sarif_documents_hold_the_streamed_findings_in_order() {
    let findings: Vec<Value> = scans(&check(&["--format", "jsonl"]))
        .iter()
        .flat_map(|e| e["findings"].as_array().expect("array").clone())
        .collect();
    assert!(findings.len() > 20);

    let doc: Value = serde_json::from_str(&check(&["--format", "json", "-j", "2"])).expect("one JSON document");
    assert_eq!(doc["findings"].as_array().expect("findings"), &findings);
    assert_eq!(doc["problems"], Value::Array(vec![]));
    assert_eq!(doc["summary"]["findings"], findings.len());
    assert_eq!(doc["version"], env!("CARGO_PKG_VERSION"));

    let log: Value = serde_json::from_str(&check(&["--format", "sarif", "-j", "2"])).expect("one SARIF document");
    let run = &log["runs"][0];
    let results = run["results"].as_array().expect("results");
    assert_eq!(results.len(), findings.len());
    let rules = run["tool"]["driver"]["rules"].as_array().expect("rules");
    for (r, f) in results.iter().zip(&findings) {
        assert_eq!(r["ruleId"], f["rule"]);
        let index = r["ruleIndex"].as_u64().expect("index") as usize;
        assert_eq!(rules[index]["id"], f["rule"], "the rule index points at the rule");
        let region = &r["locations"][0]["physicalLocation"]["region"];
        assert_eq!(region["startLine"], f["start"]["line"]);
        assert_eq!(region["startColumn"], f["start"]["column"]);
        assert_eq!(region["snippet"]["text"], f["matched"]);
    }
    assert_eq!(run["columnKind"], "unicodeCodePoints");
    assert_eq!(run["invocations"][0]["executionSuccessful"], true);
}
