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

/// Checks one line of the JSON Lines dialect (schema version 1) that `check --format jsonl` and
/// `watch --format jsonl` both write: every line has a known `event` and that event's fields with
/// the right types. Panics with the line otherwise.
pub fn check_jsonl_event(v: &Value) {
    let str_ = |k: &str| assert!(v[k].is_string(), "`{k}` is a string in {v}");
    let num = |k: &str| assert!(v[k].is_u64(), "`{k}` is a count in {v}");
    let keys: Vec<&str> =
        v.as_object().unwrap_or_else(|| panic!("an object: {v}")).keys().map(String::as_str).collect();
    let only = |allowed: &[&str]| {
        for k in &keys {
            assert!(allowed.contains(k) || *k == "event", "unexpected `{k}` in {v}");
        }
    };
    match v["event"].as_str().unwrap_or_else(|| panic!("`event` in {v}")) {
        "start" => {
            assert_eq!(v["version"], 1, "schema version in {v}");
            assert_eq!(v["tool"], "hegui");
            str_("tool_version");
            assert!(v["command"] == "check" || v["command"] == "watch", "{v}");
            only(&["version", "tool", "tool_version", "command"]);
        }
        "scan" => {
            str_("path");
            let findings = v["findings"].as_array().unwrap_or_else(|| panic!("`findings` in {v}"));
            match v["status"].as_str() {
                Some("scanned") => {
                    str_("encoding");
                    str_("format");
                }
                Some("skipped") => str_("reason"),
                Some("error") => {
                    str_("message");
                    assert!(findings.is_empty(), "{v}");
                }
                other => panic!("status {other:?} in {v}"),
            }
            for f in findings {
                let row = Row::from_finding(f);
                assert_eq!(row.path, s(&v["path"]), "a finding of the file it is in: {v}");
                for k in ["severity", "message", "category", "field", "term"] {
                    assert!(f[k].is_string(), "finding `{k}` in {f}");
                }
            }
            if !v["hash"].is_null() {
                str_("hash");
                assert!(v["duration_ms"].is_number(), "{v}");
            }
            only(&["path", "status", "encoding", "format", "reason", "message", "findings", "hash", "duration_ms"]);
        }
        "summary" => {
            for k in ["files_scanned", "files_skipped", "files_failed", "errors", "warnings", "infos", "findings"] {
                num(k);
            }
            assert_eq!(n(&v["findings"]), n(&v["errors"]) + n(&v["warnings"]) + n(&v["infos"]), "{v}");
        }
        "deleted" => {
            str_("path");
            only(&["path"]);
        }
        "error" => {
            str_("scope");
            str_("message");
            assert!(v["path"].is_null() || v["path"].is_string(), "{v}");
            only(&["scope", "path", "message"]);
        }
        "reload" => {
            num("rules");
            num("files");
        }
        "ready" => {
            num("files");
            num("findings");
            num("rules");
        }
        other => panic!("unknown event `{other}` in {v}"),
    }
}

/// The statute corpus, `../shared/corpus/statutes` beside the repo, or `None` after a note on
/// stderr: tests that need it skip with a clear message where it is absent (CI has it).
pub fn statutes(test: &str) -> Option<std::path::PathBuf> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/statutes");
    if dir.is_dir() {
        Some(dir)
    } else {
        eprintln!(
            "skipped {test}: the statute corpus is missing (expected {}: shared/corpus/statutes beside the \
             project checkout, see shared/corpus/README.md)",
            dir.display()
        );
        None
    }
}

/// Writes `bytes` to `dir/name`, creating folders, and returns the path.
pub fn write(dir: &std::path::Path, name: &str, bytes: impl AsRef<[u8]>) -> std::path::PathBuf {
    let p = dir.join(name);
    if let Some(parent) = p.parent() {
        std::fs::create_dir_all(parent).expect("mkdir");
    }
    std::fs::write(&p, bytes).expect("write");
    p
}

/// The binary under test, with language and colour from the environment cleared.
pub fn hegui() -> std::process::Command {
    let mut c = std::process::Command::new(env!("CARGO_BIN_EXE_hegui"));
    c.env_remove("HEGUI_LANG").env("NO_COLOR", "1");
    // Large term lists compile into a cache folder under the build's temporary folder, never the
    // user's.
    c.env("HEGUI_CACHE_DIR", concat!(env!("CARGO_TARGET_TMPDIR"), "/hegui-cache")).env_remove("HEGUI_NO_CACHE");
    c
}

/// Runs the binary in `dir`.
pub fn run(dir: &std::path::Path, args: &[&str]) -> std::process::Output {
    hegui().current_dir(dir).args(args).output().expect("run hegui")
}

/// The exit code.
pub fn code(o: &std::process::Output) -> i32 {
    o.status.code().expect("exit code")
}

/// Standard error as text.
pub fn stderr(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Standard output parsed as JSON.
pub fn json(o: &std::process::Output) -> Value {
    serde_json::from_slice(&o.stdout)
        .unwrap_or_else(|e| panic!("stdout is JSON ({e}): {}", String::from_utf8_lossy(&o.stdout)))
}
