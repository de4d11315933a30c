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
        .env("HEGUI_CACHE_DIR", concat!(env!("CARGO_TARGET_TMPDIR"), "/hegui-cache"))
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

/// Runs `hegui check` in `dir` with `args`; returns the exit code and standard output.
fn check_in(dir: &Path, args: &[&str]) -> (Option<i32>, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_hegui"))
        .env("HEGUI_CACHE_DIR", concat!(env!("CARGO_TARGET_TMPDIR"), "/hegui-cache"))
        .current_dir(dir)
        .args(["check", "--no-config", "--max-file-size", "100000000"])
        .args(args)
        .output()
        .expect("run hegui");
    (out.status.code(), String::from_utf8(out.stdout).expect("UTF-8 report"))
}

/// A large plain-text file's findings are printed as they are found (in parts, not all held):
/// the JSON Lines output is byte for byte what printing the whole report gives (a baseline being
/// written makes `check` take whole reports), with any number of threads, with findings omitted
/// past the limit and suppressed ones; a file that turns out not to decode fails whole.
#[test]
fn a_large_file_printed_in_parts_reads_as_printed_whole() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut big = String::from("标题：新品上市\n");
    for i in 0..90_000 {
        if i % 4 == 0 {
            big.push_str(&format!("第{i}段：全网最低价，疗效第一，联系13812345678。{}\n", "普".repeat(i % 29)));
        } else {
            big.push_str(&format!("第{i}段：普通的一句话，没有问题。{}\n", "普".repeat(i % 31)));
        }
        if i == 29_999 {
            big.push_str("hegui-disable-next-line AD -- 引用原文\n");
        }
    }
    assert!(big.len() > 2 * hegui::scan::stream::PIECE, "{} bytes", big.len());
    std::fs::write(dir.path().join("a.txt"), "最佳选择\n").expect("write");
    std::fs::write(dir.path().join("b.txt"), &big).expect("write");
    std::fs::write(dir.path().join("c.md"), "# 标题\n\n国家级产品\n").expect("write");
    let baseline = dir.path().join("baseline.json");
    let baseline = baseline.to_str().expect("UTF-8 path");
    for limit in ["1000000", "50000"] {
        let whole = check_in(
            dir.path(),
            &["--format", "jsonl", "-j", "1", "--max-findings", limit, "--write-baseline", baseline, "."],
        );
        let events = scans(&whole.1);
        assert_eq!(events.len(), 3);
        let found = events[1]["findings"].as_array().expect("findings").len();
        assert!(found > 20_000, "{found} findings in the large file");
        assert!(found <= 50_000 || limit != "50000");
        assert!(events[1]["suppressed"].as_array().is_some_and(|s| !s.is_empty()), "a suppressed finding");
        if limit == "50000" {
            assert!(events[1]["omitted"].is_object(), "omitted findings are counted");
        }
        for j in ["1", "2"] {
            let (code, parts) = check_in(dir.path(), &["--format", "jsonl", "-j", j, "--max-findings", limit, "."]);
            assert_eq!(code, Some(1), "findings fail the run");
            assert!(parts == whole.1, "-j {j}, --max-findings {limit}: the output differs");
        }
    }
    // Not UTF-8 past its first piece: the file fails whole, as it does when printed whole.
    let mut bytes = big.into_bytes();
    let at = bytes.len() - 100;
    bytes[at] = 0xff;
    std::fs::write(dir.path().join("b.txt"), &bytes).expect("write");
    let (code, out) = check_in(dir.path(), &["--format", "jsonl", "-j", "2", "."]);
    assert_eq!(code, Some(2), "an input error");
    let events = scans(&out);
    assert_eq!(events.len(), 3);
    assert_eq!(events[1]["status"], "error");
    assert_eq!(events[1]["findings"], Value::Array(vec![]));
}
