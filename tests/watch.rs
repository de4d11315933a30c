//! `hegui watch`: run the real binary on temp folders, change files and read the jsonl event stream.
//!
//! Every wait has a generous timeout so that slow CI machines do not flake; the child process is
//! always killed when a test ends (the `Watch` guard).

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::mpsc::{self, Receiver};
use std::time::{Duration, Instant};

use serde_json::Value;

mod common;
use common::write;

/// How long any one expected event may take.
const TIMEOUT: Duration = Duration::from_secs(20);

/// A running `hegui watch`, killed on drop.
struct Watch {
    child: Child,
    lines: Receiver<String>,
    /// Every event read so far.
    seen: Vec<Value>,
    /// Raw lines that were not JSON (human format).
    text: Vec<String>,
}

impl Watch {
    fn start(dir: &Path, args: &[&str]) -> Self {
        let mut child = Command::new(env!("CARGO_BIN_EXE_hegui"))
            .env("HEGUI_CACHE_DIR", concat!(env!("CARGO_TARGET_TMPDIR"), "/hegui-cache"))
            .current_dir(dir)
            .env_remove("HEGUI_LANG")
            .env("NO_COLOR", "1")
            .arg("watch")
            .args(args)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("spawn hegui watch");
        let stdout = child.stdout.take().expect("stdout");
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines() {
                let Ok(line) = line else { break };
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        Self { child, lines: rx, seen: Vec::new(), text: Vec::new() }
    }

    /// Starts with `--format jsonl` and waits for `ready`.
    fn jsonl(dir: &Path, args: &[&str]) -> Self {
        let mut all = vec!["--format", "jsonl"];
        all.extend_from_slice(args);
        let mut w = Self::start(dir, &all);
        let first = w.wait_for("start", |_| true);
        assert_eq!((&first["event"], &first["command"]), (&Value::from("start"), &Value::from("watch")), "{first}");
        w.wait_for("ready", |v| v["event"] == "ready");
        w
    }

    /// Reads events until one satisfies `pred`; panics (listing what was seen) after `TIMEOUT`.
    fn wait_for(&mut self, what: &str, pred: impl Fn(&Value) -> bool) -> Value {
        let deadline = Instant::now() + TIMEOUT;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.lines.recv_timeout(left) {
                Ok(line) => match serde_json::from_str::<Value>(&line) {
                    Ok(v) => {
                        common::check_jsonl_event(&v);
                        self.seen.push(v.clone());
                        if pred(&v) {
                            return v;
                        }
                    }
                    Err(_) => self.text.push(line),
                },
                Err(_) => panic!("timed out waiting for {what}; events so far:\n{}", self.dump()),
            }
        }
    }

    /// Like `wait_for`, but an event already seen counts too (for events whose order is not fixed).
    fn seen_or_wait_for(&mut self, what: &str, pred: impl Fn(&Value) -> bool) -> Value {
        match self.seen.iter().find(|v| pred(v)) {
            Some(v) => v.clone(),
            None => self.wait_for(what, pred),
        }
    }

    /// Reads raw lines until one contains `needle` (human format).
    fn wait_for_text(&mut self, needle: &str) -> String {
        let deadline = Instant::now() + TIMEOUT;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.lines.recv_timeout(left) {
                Ok(line) => {
                    self.text.push(line.clone());
                    if line.contains(needle) {
                        return line;
                    }
                }
                Err(_) => panic!("timed out waiting for {needle:?}; output so far:\n{}", self.text.join("\n")),
            }
        }
    }

    /// Like `wait_scan`, but a scan already seen counts too.
    fn seen_or_wait_scan(&mut self, path: &str, pred: impl Fn(&[String]) -> bool) -> Value {
        self.seen_or_wait_for(&format!("a scan of {path}"), |v| {
            v["event"] == "scan" && v["path"] == path && pred(&rules(v))
        })
    }

    /// Waits for a scan event of `path` whose findings' rule ids satisfy `pred`.
    fn wait_scan(&mut self, path: &str, pred: impl Fn(&[String]) -> bool) -> Value {
        self.wait_for(&format!("a scan of {path}"), |v| v["event"] == "scan" && v["path"] == path && pred(&rules(v)))
    }

    fn dump(&self) -> String {
        self.seen.iter().map(short).collect::<Vec<_>>().join("\n")
    }

    /// Sends SIGTERM and returns the exit status (panics if it does not exit in time).
    fn stop(&mut self) -> ExitStatus {
        self.signal("-TERM")
    }

    /// Sends a signal (`-TERM`, `-INT`) and returns the exit status.
    fn signal(&mut self, sig: &str) -> ExitStatus {
        let pid = self.child.id().to_string();
        let ok = Command::new("kill").args([sig, &pid]).status().expect("run kill");
        assert!(ok.success(), "kill -TERM failed");
        let deadline = Instant::now() + TIMEOUT;
        loop {
            if let Some(status) = self.child.try_wait().expect("try_wait") {
                return status;
            }
            assert!(Instant::now() < deadline, "hegui watch did not exit after SIGTERM");
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    fn alive(&mut self) -> bool {
        self.child.try_wait().expect("try_wait").is_none()
    }
}

impl Drop for Watch {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// An event without its bulky findings, for failure messages.
fn short(v: &Value) -> String {
    let ids = rules(v).join(",");
    let mut v = v.clone();
    if let Some(f) = v.get_mut("findings")
        && f.is_array()
    {
        *f = Value::from(ids);
    }
    v.to_string()
}

/// Rule ids of the findings of a scan event.
fn rules(v: &Value) -> Vec<String> {
    v["findings"]
        .as_array()
        .map(|a| a.iter().filter_map(|f| f["rule"].as_str().map(str::to_owned)).collect())
        .unwrap_or_default()
}

/// Saves like many editors do: write a temp file next to the target, then rename it over.
fn atomic_write(dir: &Path, name: &str, text: &str) {
    let tmp = write(dir, &format!("{name}.tmp"), text);
    std::fs::rename(tmp, dir.join(name)).expect("rename");
}

fn blake3_hex(text: &str) -> String {
    blake3::hash(text.as_bytes()).to_hex().to_string()
}

const AD: &str = "本产品是最佳选择，欢迎选购。\n";
const CLEAN: &str = "今天我们去公园散步，天气很好。\n";
const NATIONAL: &str = "本品荣获国家级大奖。\n";

#[test]
fn create_modify_rename_delete_and_new_folders() {
    let d = tempfile::tempdir().expect("tempdir");
    write(d.path(), "a.txt", AD);
    write(d.path(), "notes.rs", "最佳"); // not a format that is scanned
    let mut w = Watch::jsonl(d.path(), &["--no-config"]);
    let first = w.seen.iter().find(|v| v["event"] == "scan" && v["path"] == "a.txt").cloned().expect("initial scan");
    assert_eq!(rules(&first), ["AD001"]);
    assert_eq!(first["hash"], blake3_hex(AD));
    assert_eq!(first["status"], "scanned");
    assert!(first["duration_ms"].as_f64().is_some());
    assert_eq!(first["findings"][0]["matched"], "最佳");
    let ready = w.seen.last().expect("ready").clone();
    assert_eq!(ready["files"], 1);
    assert_eq!(ready["findings"], 1);

    // Modify in place.
    write(d.path(), "a.txt", CLEAN);
    w.wait_scan("a.txt", |r| r.is_empty());
    // Atomic save: temp file + rename; the temp file is never reported.
    atomic_write(d.path(), "a.txt", NATIONAL);
    let v = w.wait_scan("a.txt", |r| !r.is_empty());
    assert_eq!(v["hash"], blake3_hex(NATIONAL));
    // Vim-style save: the old file is renamed to a backup, the new one written, the backup removed.
    std::fs::rename(d.path().join("a.txt"), d.path().join("a.txt~")).expect("backup");
    write(d.path(), "a.txt", AD);
    std::fs::remove_file(d.path().join("a.txt~")).expect("rm backup");
    let v = w.wait_scan("a.txt", |r| r == ["AD001"]);
    assert_eq!(v["hash"], blake3_hex(AD));
    // Swap, backup and lock files are ignored.
    for junk in ["a.txt.swp", ".a.txt.swx", "a.txt~", ".#a.txt", "4913", "b.md.tmp"] {
        write(d.path(), junk, AD);
    }
    // A new file.
    write(d.path(), "b.md", AD);
    w.wait_scan("b.md", |r| r == ["AD001"]);
    // Rename within the folder: the old name is deleted, the new one is a new file.
    std::fs::rename(d.path().join("b.md"), d.path().join("c.md")).expect("rename");
    w.wait_for("b.md deleted", |v| v["event"] == "deleted" && v["path"] == "b.md");
    w.seen_or_wait_scan("c.md", |r| r == ["AD001"]);
    // A new folder tree with files written at once (before any watch on it could exist).
    write(d.path(), "sub/deep/er/d.md", AD);
    write(d.path(), "sub/e.txt", NATIONAL);
    w.wait_scan("sub/deep/er/d.md", |r| r == ["AD001"]);
    w.seen_or_wait_scan("sub/e.txt", |r| !r.is_empty());
    // A file written into the new folder later.
    write(d.path(), "sub/deep/f.txt", AD);
    w.wait_scan("sub/deep/f.txt", |r| r == ["AD001"]);
    // Delete.
    std::fs::remove_file(d.path().join("a.txt")).expect("rm");
    w.wait_for("a.txt deleted", |v| v["event"] == "deleted" && v["path"] == "a.txt");
    // Moving a folder out of the watched tree deletes its files.
    let outside = tempfile::tempdir().expect("tempdir");
    std::fs::rename(d.path().join("sub/deep"), outside.path().join("deep")).expect("mv folder");
    w.wait_for("d.md deleted", |v| v["event"] == "deleted" && v["path"] == "sub/deep/er/d.md");
    w.seen_or_wait_for("f.txt deleted", |v| v["event"] == "deleted" && v["path"] == "sub/deep/f.txt");
    // ...and moving it back in makes them new files again.
    std::fs::rename(outside.path().join("deep"), d.path().join("back")).expect("mv folder back");
    w.wait_scan("back/er/d.md", |_| true);
    w.seen_or_wait_scan("back/f.txt", |_| true);
    // Unchanged content (same hash) is not reported again: rewrite c.md as is, then change z.txt.
    write(d.path(), "c.md", AD);
    std::thread::sleep(Duration::from_millis(300));
    write(d.path(), "z.txt", CLEAN);
    w.wait_scan("z.txt", |_| true);

    let status = w.stop();
    assert_eq!(status.code(), Some(0), "exit status {status:?}");
    let a_deleted = w.seen.iter().filter(|v| v["event"] == "deleted" && v["path"] == "a.txt").count();
    assert_eq!(a_deleted, 1, "a.txt deleted only by the real delete, not by saves:\n{}", w.dump());

    let scans_of = |w: &[Value], p: &str| w.iter().filter(|v| v["event"] == "scan" && v["path"] == p).count();
    assert_eq!(scans_of(&w.seen, "c.md"), 1, "c.md re-reported with the same content:\n{}", w.dump());
    for v in &w.seen {
        let path = v["path"].as_str().unwrap_or("");
        assert!(
            !path.ends_with(".tmp")
                && !path.ends_with(".swp")
                && !path.ends_with(".swx")
                && !path.ends_with('~')
                && !path.contains(".#")
                && path != "4913"
                && !path.ends_with(".rs"),
            "temp or unscanned file reported: {}",
            short(v)
        );
        assert_ne!(v["event"], "error", "unexpected error: {}", short(v));
    }
}

/// A config whose only rule is the word list `lists/banned.txt` (USR001).
fn wordlist_project(list: &str) -> tempfile::TempDir {
    let d = tempfile::tempdir().expect("tempdir");
    write(
        d.path(),
        "hegui.toml",
        "[rules]\nbuiltin = false\n[[wordlists]]\npath = \"lists/banned.txt\"\nid = \"USR001\"\nseverity = \"error\"\n",
    );
    write(d.path(), "lists/banned.txt", list);
    d
}

#[test]
fn word_list_change_reloads_rules_and_a_broken_list_keeps_the_old_ones() {
    let d = wordlist_project("违禁甲\n");
    write(d.path(), "drafts/a.txt", "这里有违禁乙。\n");
    write(d.path(), "drafts/b.txt", "这里有违禁甲。\n");
    // The config is found by walking up from drafts/; the list lies outside the watched folder.
    let mut w = Watch::jsonl(d.path(), &["drafts"]);
    let a = w.seen.iter().find(|v| v["path"] == "drafts/a.txt").cloned().expect("a scanned");
    assert!(rules(&a).is_empty(), "{}", short(&a));

    // A new term fires without restart; every file is re-scanned, even unchanged ones.
    write(d.path(), "lists/banned.txt", "违禁甲\n违禁乙\n");
    let r = w.wait_for("reload", |v| v["event"] == "reload");
    assert_eq!(r["rules"], 1);
    w.wait_scan("drafts/a.txt", |r| r == ["USR001"]);
    w.seen_or_wait_scan("drafts/b.txt", |r| r == ["USR001"]);

    // A broken list is reported (file and line) and the previous rules stay in force.
    write(d.path(), "lists/banned.txt", "违禁甲\n***\n违禁丙\n");
    let e = w.wait_for("rules error", |v| v["event"] == "error");
    assert_eq!(e["scope"], "rules");
    assert!(e["message"].as_str().unwrap_or("").contains("banned.txt:2"), "{e}");
    write(d.path(), "drafts/c.txt", "违禁乙和违禁丙。\n");
    let c = w.wait_scan("drafts/c.txt", |_| true);
    assert_eq!(rules(&c), ["USR001"], "old rules: 违禁乙 fires, 违禁丙 does not: {}", short(&c));

    // Fixing it reloads (atomic save of the list this time).
    atomic_write(&d.path().join("lists"), "banned.txt", "违禁甲\n违禁乙\n违禁丙\n");
    w.wait_for("reload", |v| v["event"] == "reload");
    w.wait_scan("drafts/c.txt", |r| r.len() == 2);

    // A broken hegui.toml keeps the rules too.
    write(d.path(), "hegui.toml", "[rules]\nbuiltn = false\n");
    let e = w.wait_for("config error", |v| v["event"] == "error");
    assert!(e["message"].as_str().unwrap_or("").contains("hegui.toml"), "{e}");
    write(d.path(), "drafts/d.txt", "违禁丙\n");
    w.wait_scan("drafts/d.txt", |r| r == ["USR001"]);
    // A fixed config with the built-in packs back.
    write(
        d.path(),
        "hegui.toml",
        "[[wordlists]]\npath = \"lists/banned.txt\"\nid = \"USR001\"\nseverity = \"error\"\n",
    );
    let r = w.wait_for("reload", |v| v["event"] == "reload");
    assert!(r["rules"].as_u64().unwrap_or(0) > 1, "{r}");
    write(d.path(), "drafts/e.txt", AD);
    w.wait_scan("drafts/e.txt", |r| r == ["AD001"]);
    assert_eq!(w.stop().code(), Some(0));
}

#[test]
fn a_burst_of_writes_ends_with_each_files_final_content() {
    let d = tempfile::tempdir().expect("tempdir");
    let names = ["a.txt", "b.txt", "c.md", "d.md", "e.txt"];
    for n in names {
        write(d.path(), n, CLEAN);
    }
    let mut w = Watch::jsonl(d.path(), &["--no-config"]);
    let mut last = std::collections::HashMap::new();
    for i in 0..1000 {
        let n = names[i % names.len()];
        let text = if i % 7 == 0 { format!("第 {i} 版：{AD}") } else { format!("第 {i} 版：{CLEAN}") };
        if i % 3 == 0 {
            atomic_write(d.path(), n, &text);
        } else {
            write(d.path(), n, &text);
        }
        last.insert(n, text);
    }
    // Make the final content of a.txt a finding, so the last report is also checked by content.
    let final_a = format!("最终版：{AD}");
    write(d.path(), "a.txt", &final_a);
    last.insert("a.txt", final_a);
    for n in names {
        assert_eq!(std::fs::read_to_string(d.path().join(n)).expect("read"), last[n], "{n} on disk");
        let want = blake3_hex(&last[n]);
        w.seen_or_wait_for(&format!("final {n}"), |v| {
            v["event"] == "scan" && v["path"] == n && v["hash"] == want.as_str()
        });
    }
    assert!(w.alive(), "hegui watch died during the burst");
    let a = w.seen.iter().rev().find(|v| v["path"] == "a.txt").cloned().expect("a.txt");
    assert_eq!(rules(&a), ["AD001"]);
    // Nothing after the final content: give late events a moment, then check the last report of each file.
    write(d.path(), "sentinel.txt", CLEAN);
    w.wait_scan("sentinel.txt", |_| true);
    for n in names {
        let v = w.seen.iter().rev().find(|v| v["path"] == n).cloned().expect("seen");
        assert_eq!(v["event"], "scan", "{n}: {}", short(&v));
        assert_eq!(v["hash"], blake3_hex(&last[n]), "{n}: last report is not the final content");
    }
    assert!(w.seen.iter().all(|v| v["event"] != "error"), "{}", w.dump());
    assert_eq!(w.stop().code(), Some(0));
}

#[test]
fn unreadable_files_and_vanished_folders_are_reported_not_fatal() {
    let d = tempfile::tempdir().expect("tempdir");
    // An over-size file is an input error, like an unreadable one.
    write(d.path(), "hegui.toml", "[files]\nmax-file-size = 200\n");
    write(d.path(), "one/a.txt", AD);
    write(d.path(), "two/b.txt", AD);
    let mut w = Watch::jsonl(d.path(), &["one", "two"]);
    write(d.path(), "one/big.txt", "长".repeat(100));
    // In the one JSON Lines dialect a file's input error is its `scan` event with status `error`.
    let e = w.wait_for("error for big.txt", |v| v["event"] == "scan" && v["path"] == "one/big.txt");
    assert_eq!(e["status"], "error");
    assert!(e["message"].as_str().unwrap_or("").contains("200"), "{e}");

    // A file without read permission (only testable when not running as root).
    let locked = write(d.path(), "one/locked.txt", AD);
    w.wait_scan("one/locked.txt", |_| true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).expect("chmod");
        // chmod itself is an event (attributes changed).
        if std::fs::read(&locked).is_err() {
            w.wait_for("error for locked.txt", |v| {
                v["event"] == "scan" && v["status"] == "error" && v["path"] == "one/locked.txt"
            });
        }
        std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o644)).expect("chmod back");
    }

    // A watched folder vanishes: its files are deleted, the folder is reported, the rest goes on.
    std::fs::remove_dir_all(d.path().join("two")).expect("rm -r");
    w.wait_for("b.txt deleted", |v| v["event"] == "deleted" && v["path"] == "two/b.txt");
    let e = w.seen_or_wait_for("folder error", |v| v["event"] == "error" && v["path"] == "two");
    assert_eq!(e["scope"], "folder");
    write(d.path(), "one/c.txt", AD);
    w.wait_scan("one/c.txt", |r| r == ["AD001"]);
    // When it comes back, it is watched again.
    write(d.path(), "two/again.txt", AD);
    w.wait_scan("two/again.txt", |r| r == ["AD001"]);
    write(d.path(), "two/later.txt", NATIONAL);
    w.wait_scan("two/later.txt", |r| !r.is_empty());
    assert!(w.alive());
    assert_eq!(w.stop().code(), Some(0));
}

#[test]
fn report_dir_holds_each_files_latest_report() {
    let d = tempfile::tempdir().expect("tempdir");
    write(d.path(), "drafts/a.txt", AD);
    let mut w = Watch::jsonl(d.path(), &["--no-config", "drafts", "--report-dir", "reports"]);
    let report = d.path().join("reports/drafts%2Fa.txt.json");
    let read = |p: &Path| -> Value { serde_json::from_slice(&std::fs::read(p).expect("report exists")).expect("JSON") };
    let v = read(&report);
    assert_eq!(v["path"], "drafts/a.txt");
    assert_eq!(rules(&v), ["AD001"]);
    assert_eq!(v["hash"], blake3_hex(AD));
    write(d.path(), "drafts/a.txt", CLEAN);
    w.wait_scan("drafts/a.txt", |r| r.is_empty());
    assert!(rules(&read(&report)).is_empty());
    std::fs::remove_file(d.path().join("drafts/a.txt")).expect("rm");
    w.wait_for("deleted", |v| v["event"] == "deleted");
    assert!(!report.exists(), "report removed with the file");
    assert_eq!(w.stop().code(), Some(0));
}

#[test]
fn select_and_explicit_files() {
    let d = tempfile::tempdir().expect("tempdir");
    write(d.path(), "a.txt", format!("{AD}{NATIONAL}"));
    write(d.path(), "other.txt", AD);
    // An explicit file is watched alone (through atomic saves too), whatever its extension.
    write(d.path(), "draft.text", AD);
    let mut w = Watch::jsonl(d.path(), &["--no-config", "--select", "AD001", "a.txt", "draft.text"]);
    assert!(w.seen.iter().all(|v| v["path"] != "other.txt"));
    let a = w.seen.iter().find(|v| v["path"] == "a.txt").cloned().expect("a.txt");
    assert_eq!(rules(&a), ["AD001"]);
    atomic_write(d.path(), "draft.text", NATIONAL);
    w.wait_scan("draft.text", |r| r.is_empty());
    write(d.path(), "other.txt", NATIONAL);
    write(d.path(), "a.txt", AD);
    w.wait_scan("a.txt", |r| r == ["AD001"]);
    assert!(w.seen.iter().all(|v| v["path"] != "other.txt"), "{}", w.dump());
    assert_eq!(w.stop().code(), Some(0));
}

#[test]
fn human_format_reports_changes() {
    let d = tempfile::tempdir().expect("tempdir");
    write(d.path(), "a.txt", AD);
    let mut w = Watch::start(d.path(), &["--no-config", "--lang", "en"]);
    w.wait_for_text("watching for changes");
    // An advert (the product as subject, a call to action): the claim is an error, with its cues.
    assert!(w.text.iter().any(|l| l.contains("error[AD001]")), "{}", w.text.join("\n"));
    assert!(w.text.iter().any(|l| l.contains("promotional context: 本产品, 欢迎选购")), "{}", w.text.join("\n"));
    write(d.path(), "a.txt", CLEAN);
    w.wait_for_text("a.txt: no findings");
    std::fs::remove_file(d.path().join("a.txt")).expect("rm");
    w.wait_for_text("a.txt: deleted");
    assert_eq!(w.stop().code(), Some(0));

    // --clear redraws the whole picture (all files' current findings and a summary) per change.
    write(d.path(), "b.txt", AD);
    let mut w = Watch::start(d.path(), &["--no-config", "--lang", "en", "--clear"]);
    let first = w.wait_for_text("watching for changes");
    assert!(w.text.iter().any(|l| l.contains("\x1b[2J")), "screen cleared: {first:?}");
    assert!(w.text.iter().any(|l| l.contains("error[AD001]")), "{}", w.text.join("\n"));
    let before = w.text.len();
    write(d.path(), "c.txt", NATIONAL);
    w.wait_for_text("watching for changes");
    let redraw = &w.text[before..];
    assert!(redraw.iter().any(|l| l.contains("\x1b[2J")));
    assert!(redraw.iter().any(|l| l.contains("b.txt")) && redraw.iter().any(|l| l.contains("c.txt")), "{redraw:?}");
    assert_eq!(w.stop().code(), Some(0));
}

#[test]
fn other_formats_and_bad_paths_are_usage_errors() {
    let d = tempfile::tempdir().expect("tempdir");
    for args in [&["watch", "--format", "json"][..], &["watch", "missing-folder"], &["watch", "--debounce", "0"]] {
        let o = Command::new(env!("CARGO_BIN_EXE_hegui"))
            .env("HEGUI_CACHE_DIR", concat!(env!("CARGO_TARGET_TMPDIR"), "/hegui-cache"))
            .current_dir(d.path())
            .args(args)
            .arg("--no-config")
            .output()
            .expect("run");
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        assert!(!o.stderr.is_empty());
    }
}

#[test]
fn corpus_finds_copied_passages_and_follows_index_updates() {
    let d = tempfile::tempdir().expect("tempdir");
    let p1 = "清晨的西街还很安静，开元寺的双塔在薄雾里只露出塔尖，卖面线糊的小店已经支起了大锅，老板娘一边舀汤一边和熟客聊天。";
    let p2 = "蟳埔村的簪花围是用鲜花和发簪层层插成的，远看像一个小花园，村里的老人说这是祖辈从海上带回来的习俗，一代一代传到今天。";
    write(d.path(), "pub/a.md", format!("---\ntitle: 泉州一日\n---\n\n{p1}\n"));
    let hegui = |args: &[&str]| {
        let o = Command::new(env!("CARGO_BIN_EXE_hegui"))
            .env("HEGUI_CACHE_DIR", concat!(env!("CARGO_TARGET_TMPDIR"), "/hegui-cache"))
            .current_dir(d.path())
            .args(args)
            .output()
            .expect("run");
        assert_eq!(o.status.code(), Some(0), "{args:?}: {}", String::from_utf8_lossy(&o.stderr));
    };
    hegui(&["corpus", "add", "pub.hgc", "pub"]);
    write(d.path(), "drafts/old.md", format!("我自己写的开头。\n\n{p2}\n"));
    let args = ["--no-config", "drafts", "--corpus", "pub.hgc", "--select", "DUP"];
    let mut w = Watch::jsonl(d.path(), &args);
    let old = w.seen.iter().find(|v| v["path"] == "drafts/old.md").cloned().expect("old.md");
    assert!(rules(&old).is_empty(), "{}", short(&old));
    // A draft copying a published paragraph.
    write(d.path(), "drafts/mine.md", format!("我自己写的开头，和别人没有关系。\n\n{p1}\n"));
    let v = w.wait_scan("drafts/mine.md", |r| r == ["DUP001"]);
    assert!(v["findings"][0]["message"].as_str().unwrap_or("").contains("泉州一日"), "{v}");
    // Publishing p2 updates the index: the rules reload and old.md now copies it.
    write(d.path(), "pub/b.md", format!("---\ntitle: 蟳埔\n---\n\n{p2}\n"));
    hegui(&["corpus", "add", "pub.hgc", "pub"]);
    w.wait_for("reload", |v| v["event"] == "reload");
    w.wait_scan("drafts/old.md", |r| r == ["DUP001"]);
    assert_eq!(w.stop().code(), Some(0));
}

#[test]
fn ignore_files_and_excludes_are_respected_and_followed() {
    let d = tempfile::tempdir().expect("tempdir");
    write(d.path(), "hegui.toml", "[files]\nexclude = [\"old/**\"]\n");
    write(d.path(), ".heguiignore", "archive/\n*.draft.md\n");
    write(d.path(), "a.txt", AD);
    let mut w = Watch::jsonl(d.path(), &[]);
    // Files in an ignored folder (also in sub-folders of it), ignored names, excluded globs and
    // hidden folders are not scanned, however they change.
    write(d.path(), "archive/x.md", AD);
    write(d.path(), "archive/deeper/y.md", AD);
    write(d.path(), "notes.draft.md", AD);
    write(d.path(), "old/z.md", AD);
    write(d.path(), ".hidden/h.md", AD);
    write(d.path(), "b.txt", AD);
    w.wait_scan("b.txt", |_| true);
    write(d.path(), "archive/x.md", NATIONAL);
    write(d.path(), "c.txt", AD);
    w.wait_scan("c.txt", |_| true);
    let shown: Vec<&str> = w.seen.iter().filter_map(|v| v["path"].as_str()).collect();
    assert!(shown.iter().all(|p| ["a.txt", "b.txt", "c.txt"].contains(p)), "{shown:?}");
    // Editing .heguiignore brings archive/ in.
    write(d.path(), ".heguiignore", "*.draft.md\n");
    w.wait_scan("archive/x.md", |r| !r.is_empty());
    w.seen_or_wait_scan("archive/deeper/y.md", |r| r == ["AD001"]);
    // ...and out again: its files leave the watched set.
    write(d.path(), ".heguiignore", "archive/\n");
    w.wait_for("x.md gone", |v| v["event"] == "deleted" && v["path"] == "archive/x.md");
    w.seen_or_wait_scan("notes.draft.md", |_| true);
    // Ctrl-C ends it cleanly too.
    assert_eq!(w.signal("-INT").code(), Some(0));
}

#[test]
fn check_and_watch_speak_one_jsonl_dialect() {
    let d = tempfile::tempdir().expect("tempdir");
    write(d.path(), "a.txt", AD);
    write(d.path(), "clean.md", CLEAN);
    write(d.path(), "hegui.toml", "[files]\nmax-file-size = 200\n");
    write(d.path(), "big.txt", "长".repeat(100));
    let o = Command::new(env!("CARGO_BIN_EXE_hegui"))
        .env("HEGUI_CACHE_DIR", concat!(env!("CARGO_TARGET_TMPDIR"), "/hegui-cache"))
        .current_dir(d.path())
        .args(["check", ".", "--format", "jsonl"])
        .output()
        .expect("run check");
    assert_eq!(o.status.code(), Some(2), "big.txt is an input error");
    let check: Vec<Value> = String::from_utf8_lossy(&o.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect();
    check.iter().for_each(common::check_jsonl_event);
    assert_eq!(check.first().map(|v| &v["event"]), Some(&Value::from("start")));
    assert_eq!(check.last().map(|v| &v["event"]), Some(&Value::from("summary")));

    let mut w = Watch::jsonl(d.path(), &["."]);
    for path in ["a.txt", "clean.md", "big.txt"] {
        let from_check = check.iter().find(|v| v["event"] == "scan" && v["path"] == path).expect("check scanned it");
        let mut from_watch = w.seen_or_wait_for(path, |v| v["event"] == "scan" && v["path"] == path);
        let obj = from_watch.as_object_mut().expect("object");
        assert!(obj.remove("duration_ms").is_some(), "watch times each scan");
        if path != "big.txt" {
            assert_eq!(
                obj.remove("hash"),
                Some(Value::from(blake3_hex(&std::fs::read_to_string(d.path().join(path)).expect("read"))))
            );
        }
        assert_eq!(&from_watch, from_check, "the same scan event from check and watch for {path}");
    }
    assert_eq!(w.stop().code(), Some(0));
}
