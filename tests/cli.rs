//! Integration tests: run the real binary on temp folders and check stdout, stderr and exit code.

use std::path::Path;
use std::process::Stdio;

use serde_json::Value;

mod common;
use common::{code, hegui, json, run, stderr, write};

/// (path, rule) of every finding in a JSON report.
fn found(v: &Value) -> Vec<(String, String)> {
    v["findings"]
        .as_array()
        .expect("findings array")
        .iter()
        .map(|f| (f["path"].as_str().expect("path").to_owned(), f["rule"].as_str().expect("rule").to_owned()))
        .collect()
}

const CLEAN: &str = "今天我们去公园散步，天气很好。\n";
/// A warning: an absolute price claim in a text that does not show whether it sells something.
const WARN: &str = "商品最低价。\n";
/// The same claim in an advert (the shop as subject, a call to action): an error.
const AD_ERROR: &str = "本店商品全网最低价，欢迎选购。\n";

#[test]
fn exit_0_when_clean_and_1_at_fail_level() {
    let d = tempfile::tempdir().expect("tempdir");
    write(d.path(), "a.txt", CLEAN);
    let o = run(d.path(), &["check", "--no-config"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    write(d.path(), "b.txt", WARN);
    // A warning does not fail at the default fail level (error)...
    let o = run(d.path(), &["check", "--no-config"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    // ...the same claim in an advert is an error and fails the gate, naming its cues...
    let ad = tempfile::tempdir().expect("tempdir");
    write(ad.path(), "ad.txt", AD_ERROR);
    let o = run(ad.path(), &["check", "--no-config", "--format", "json"]);
    assert_eq!(code(&o), 1, "{}", stderr(&o));
    let f = &json(&o)["findings"][0];
    assert_eq!((&f["rule"], &f["severity"]), (&Value::from("AD004"), &Value::from("error")));
    assert_eq!(f["advertising"]["setting"], "promotional");
    assert_eq!(f["advertising"]["cues"], serde_json::json!(["本店", "全网最低", "欢迎选购"]));
    assert!(f["message"].as_str().unwrap_or("").contains("推广语境：本店、全网最低、欢迎选购"), "{f}");
    // ...but does at --fail-level warning, in every format.
    for fmt in ["human", "json", "jsonl", "sarif", "github"] {
        let o = run(d.path(), &["check", "--no-config", "--fail-level", "warning", "--format", fmt]);
        assert_eq!(code(&o), 1, "format {fmt}: {}", stderr(&o));
    }
}

#[test]
fn config_severity_override_makes_exit_1() {
    let d = tempfile::tempdir().expect("tempdir");
    write(d.path(), "drafts/b.txt", WARN);
    write(d.path(), "hegui.toml", "[rules.severity]\nAD004 = \"error\"\n");
    // Found by walking up from the scanned folder.
    let o = run(d.path(), &["check", "drafts", "--format", "json"]);
    assert_eq!(code(&o), 1, "{}", stderr(&o));
    let v = json(&o);
    assert_eq!(v["findings"][0]["severity"], "error");
    assert_eq!(v["findings"][0]["rule"], "AD004");
}

#[test]
fn broken_config_is_exit_2_naming_file_and_key() {
    let d = tempfile::tempdir().expect("tempdir");
    write(d.path(), "a.txt", WARN);
    write(d.path(), "hegui.toml", "[rules]\nslect = [\"AD\"]\n");
    let o = run(d.path(), &["check"]);
    assert_eq!(code(&o), 2);
    let e = stderr(&o);
    assert!(e.contains("hegui.toml") && e.contains("slect"), "{e}");
    // Bad value.
    write(d.path(), "hegui.toml", "[check]\nfail-level = \"fatal\"\n");
    let o = run(d.path(), &["check"]);
    assert_eq!(code(&o), 2);
    assert!(stderr(&o).contains("fatal"), "{}", stderr(&o));
    // Not TOML at all.
    write(d.path(), "hegui.toml", "[rules\n");
    let o = run(d.path(), &["check"]);
    assert_eq!(code(&o), 2);
    assert!(stderr(&o).contains("hegui.toml"));
}

#[test]
fn unknown_selector_and_bad_usage_are_exit_2() {
    let d = tempfile::tempdir().expect("tempdir");
    write(d.path(), "a.txt", WARN);
    let o = run(d.path(), &["check", "--no-config", "--select", "ZZ9"]);
    assert_eq!(code(&o), 2);
    assert!(stderr(&o).contains("ZZ9"));
    let o = run(d.path(), &["check", "--format", "xml"]);
    assert_eq!(code(&o), 2);
    let o = run(d.path(), &["check", "--no-config", "missing-folder"]);
    assert_eq!(code(&o), 2);
    assert!(stderr(&o).contains("missing-folder"), "{}", stderr(&o));
}

#[test]
fn broken_pack_and_word_list_are_exit_2() {
    let d = tempfile::tempdir().expect("tempdir");
    write(d.path(), "a.txt", WARN);
    write(
        d.path(),
        "pack.toml",
        "[pack]\nname = \"house\"\n[[rules]]\nid = \"H1\"\ncategory = \"house\"\nseverity = \"loud\"\nmessage = \"m\"\nterms = [\"x\"]\n",
    );
    let o = run(d.path(), &["check", "--no-config", "--pack", "pack.toml"]);
    assert_eq!(code(&o), 2);
    assert!(stderr(&o).contains("pack.toml"), "{}", stderr(&o));
    write(d.path(), "hegui.toml", "[[wordlists]]\npath = \"nope.txt\"\nid = \"USR001\"\n");
    let o = run(d.path(), &["check"]);
    assert_eq!(code(&o), 2);
    assert!(stderr(&o).contains("nope.txt"), "{}", stderr(&o));
}

#[test]
fn invalid_utf8_is_reported_and_the_rest_still_scanned() {
    let d = tempfile::tempdir().expect("tempdir");
    let mut bad = "最佳".as_bytes().to_vec();
    bad.insert(1, 0xFF);
    write(d.path(), "a-bad.txt", &bad);
    write(d.path(), "b-good.txt", WARN);
    let o = run(d.path(), &["check", "--no-config", "--format", "json"]);
    assert_eq!(code(&o), 2);
    let e = stderr(&o);
    assert!(e.contains("a-bad.txt") && e.contains("UTF-8"), "{e}");
    let v = json(&o);
    assert_eq!(found(&v), vec![("b-good.txt".to_owned(), "AD004".to_owned())]);
    assert_eq!(v["summary"]["files_failed"], 1);
}

#[test]
fn unreadable_file_is_reported_and_the_rest_still_scanned() {
    let d = tempfile::tempdir().expect("tempdir");
    let good = write(d.path(), "good.txt", WARN);
    // A dangling symlink named explicitly cannot be opened, even by root.
    let link = d.path().join("gone.txt");
    std::os::unix::fs::symlink(d.path().join("does-not-exist.txt"), &link).expect("symlink");
    let o = run(d.path(), &["check", "--no-config", "--format", "json", "gone.txt", "good.txt"]);
    assert_eq!(code(&o), 2);
    assert!(stderr(&o).contains("gone.txt"), "{}", stderr(&o));
    assert_eq!(found(&json(&o)), vec![("good.txt".to_owned(), "AD004".to_owned())]);
    // Permission denied, where the test does not run as root.
    let locked = write(d.path(), "locked.txt", WARN);
    std::fs::set_permissions(&locked, std::os::unix::fs::PermissionsExt::from_mode(0o000)).expect("chmod");
    if std::fs::read(&locked).is_err() {
        let o = run(d.path(), &["check", "--no-config", "locked.txt", good.to_str().expect("utf-8 path")]);
        assert_eq!(code(&o), 2);
        assert!(stderr(&o).contains("locked.txt"));
    }
}

#[test]
fn binary_file_is_skipped_with_a_note() {
    let d = tempfile::tempdir().expect("tempdir");
    write(d.path(), "image.txt", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\x01\0");
    write(d.path(), "ok.txt", CLEAN);
    let o = run(d.path(), &["check", "--no-config", "--format", "json"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert!(stderr(&o).contains("image.txt"), "{}", stderr(&o));
    let v = json(&o);
    assert_eq!(v["summary"]["files_skipped"], 1);
    assert_eq!(v["summary"]["files_scanned"], 1);
}

#[test]
fn huge_file_is_an_input_error() {
    let d = tempfile::tempdir().expect("tempdir");
    write(d.path(), "big.txt", "甲".repeat(100));
    write(d.path(), "ok.txt", WARN);
    let o = run(d.path(), &["check", "--no-config", "--max-file-size", "200", "--format", "json"]);
    assert_eq!(code(&o), 2);
    assert!(stderr(&o).contains("big.txt"));
    assert_eq!(found(&json(&o)).len(), 1);
}

#[test]
fn stdin_uses_the_stdin_filename_format() {
    let d = tempfile::tempdir().expect("tempdir");
    let mut child = hegui()
        .current_dir(d.path())
        .args(["check", "-", "--no-config", "--stdin-filename", "draft.html", "--format", "json"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    let input = "<p>全网<b>最低价</b></p><script>var s='最佳';</script>";
    std::io::Write::write_all(child.stdin.as_mut().expect("stdin"), input.as_bytes()).expect("write stdin");
    let o = child.wait_with_output().expect("wait");
    // 全网最低价 is a price claim, so an offer: an error in promotional context (issue 12).
    assert_eq!(code(&o), 1, "{}", stderr(&o));
    let v = json(&o);
    assert_eq!(found(&v), vec![("draft.html".to_owned(), "AD004".to_owned())]);
    let f = &v["findings"][0];
    let (s, e) = (
        f["byte_range"]["start"].as_u64().expect("start") as usize,
        f["byte_range"]["end"].as_u64().expect("end") as usize,
    );
    assert_eq!(&input[s..e], "全网<b>最低价");
    assert_eq!(f["matched"], "全网<b>最低价");
}

#[test]
fn forced_encoding_and_gb18030_detection() {
    let d = tempfile::tempdir().expect("tempdir");
    let (bytes, _, _) = encoding_rs::GB18030.encode("说明：这是全网最低价。\n");
    write(d.path(), "gbk.txt", &bytes);
    let o = run(d.path(), &["check", "--no-config", "--format", "json"]);
    assert_eq!(code(&o), 1, "a price claim is an error: {}", stderr(&o));
    let v = json(&o);
    let f = &v["findings"][0];
    // "说明：这是" is 5 characters = 10 GB18030 bytes.
    assert_eq!(f["byte_range"]["start"], 10);
    assert_eq!(f["byte_range"]["end"], 20);
    assert_eq!(f["start"]["column"], 6);
    // Forcing UTF-8 on it is an input error.
    let o = run(d.path(), &["check", "--no-config", "--encoding", "utf8"]);
    assert_eq!(code(&o), 2);
    assert!(stderr(&o).contains("gbk.txt"));
}

#[test]
fn ignore_files_excludes_and_per_file_ignores() {
    let d = tempfile::tempdir().expect("tempdir");
    write(d.path(), "keep.txt", WARN);
    write(d.path(), "skipme/a.txt", WARN);
    write(d.path(), "archive/old.md", WARN);
    write(d.path(), "legacy/x.txt", WARN);
    write(d.path(), "notes.rs", WARN); // not a scanned extension
    write(d.path(), ".heguiignore", "skipme/\n");
    write(
        d.path(),
        "hegui.toml",
        "[files]\nexclude = [\"archive/**\"]\nper-file-ignores = { \"legacy/**\" = [\"AD004\"] }\n",
    );
    let o = run(d.path(), &["check", "--format", "json"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert_eq!(found(&json(&o)), vec![("keep.txt".to_owned(), "AD004".to_owned())]);
    let v = json(&o);
    assert_eq!(v["summary"]["files_scanned"], 2, "keep.txt and legacy/x.txt are scanned");
}

#[test]
fn output_file_and_sarif() {
    let d = tempfile::tempdir().expect("tempdir");
    write(d.path(), "a.md", "# 标题\n\n全网最低价\n");
    let o = run(d.path(), &["check", "--no-config", "--format", "sarif", "--output", "report.sarif"]);
    assert_eq!(code(&o), 1, "a price claim is an error: {}", stderr(&o));
    assert!(o.stdout.is_empty());
    let v: Value =
        serde_json::from_slice(&std::fs::read(d.path().join("report.sarif")).expect("report")).expect("json");
    assert_eq!(v["version"], "2.1.0");
    let run0 = &v["runs"][0];
    assert_eq!(run0["columnKind"], "unicodeCodePoints");
    let res = &run0["results"][0];
    assert_eq!(res["ruleId"], "AD004");
    let idx = res["ruleIndex"].as_u64().expect("index") as usize;
    assert_eq!(run0["tool"]["driver"]["rules"][idx]["id"], "AD004");
    assert_eq!(res["locations"][0]["physicalLocation"]["region"]["startLine"], 3);
}

#[test]
fn a_report_inside_the_scanned_folder_is_not_scanned() {
    // The report is a Markdown file (a format the walk scans) that sorts before the article, and
    // it is opened while the scan starts: scanning it would read last run's report.
    let d = tempfile::tempdir().expect("tempdir");
    write(d.path(), "a.txt", AD_ERROR);
    for round in 0..3 {
        let o = run(d.path(), &["check", "--no-config", "-j", "2", "--format", "markdown", "-o", "0report.md", "."]);
        assert_eq!(code(&o), 1, "round {round}: {}", stderr(&o));
        let report = std::fs::read_to_string(d.path().join("0report.md")).expect("report");
        assert!(report.contains("扫描 1 个文件"), "round {round}: only a.txt is scanned:\n{report}");
        assert!(!report.contains("`0report.md`"), "round {round}:\n{report}");
    }
}

#[test]
fn english_messages() {
    let d = tempfile::tempdir().expect("tempdir");
    write(d.path(), "a.txt", WARN);
    let o = run(d.path(), &["--lang", "en", "check", "--no-config"]);
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(out.contains("Found 1 problem"), "{out}");
    let o = hegui()
        .current_dir(d.path())
        .env("HEGUI_LANG", "en")
        .args(["check", "--no-config", "nope"])
        .output()
        .expect("run");
    assert!(stderr(&o).contains("error:"), "{}", stderr(&o));
}

#[test]
fn rules_list_explain_and_test() {
    let d = tempfile::tempdir().expect("tempdir");
    let o = run(d.path(), &["rules", "list", "--no-config"]);
    assert_eq!(code(&o), 0);
    assert!(String::from_utf8_lossy(&o.stdout).contains("AD001"));
    let o = run(d.path(), &["rules", "explain", "AD001", "--no-config"]);
    assert_eq!(code(&o), 0);
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(out.contains("第九条") && out.contains("最佳"), "{out}");
    let o = run(d.path(), &["rules", "explain", "NOPE1", "--no-config"]);
    assert_eq!(code(&o), 2);
    let o = run(d.path(), &["rules", "test", "--no-config"]);
    assert_eq!(code(&o), 0, "{}", String::from_utf8_lossy(&o.stdout));
    // A user pack whose examples are wrong fails the test.
    write(
        d.path(),
        "house.toml",
        "[pack]\nname = \"house\"\n[[rules]]\nid = \"H001\"\ncategory = \"house\"\nseverity = \"error\"\nmessage = \"禁用词「{term}」\"\nterms = [\"甲乙丙\"]\n[rules.examples]\nhit = [\"含有甲乙丙的句子\", \"没有那个词\"]\nmiss = [\"甲乙丙也在这里\"]\n",
    );
    let o = run(d.path(), &["rules", "test", "--no-config", "--pack", "house.toml"]);
    assert_eq!(code(&o), 1);
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(out.contains("H001") && out.contains("没有那个词") && out.contains("甲乙丙也在这里"), "{out}");
    assert!(!out.contains("含有甲乙丙的句子"), "{out}");
}

#[test]
fn wordlist_import_builds_a_working_pack() {
    let d = tempfile::tempdir().expect("tempdir");
    // GB18030 list: one term per line, a tab category, pipes, a bad line and a duplicate.
    let (list, _, _) = encoding_rs::GB18030.encode("# 清单\n违禁甲\n违禁乙\tgambling\n违禁丙|违禁丁\n***\n違禁甲\n");
    write(d.path(), "list.txt", &list);
    let o = run(
        d.path(),
        &[
            "wordlist",
            "import",
            "list.txt",
            "--category",
            "politics",
            "--severity",
            "error",
            "--id-prefix",
            "POL",
            "-o",
            "pol.toml",
        ],
    );
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let e = stderr(&o);
    assert!(e.contains("list.txt:5"), "bad line reported with its number: {e}");
    assert!(e.contains("去重 1"), "{e}");
    write(d.path(), "a.txt", "文中有违禁乙，还有违禁丁。\n");
    let o =
        run(d.path(), &["check", "a.txt", "--no-config", "--pack", "pol.toml", "--select", "POL", "--format", "json"]);
    assert_eq!(code(&o), 1, "{}", stderr(&o));
    let mut got = found(&json(&o));
    got.sort();
    assert_eq!(got, vec![("a.txt".to_owned(), "POL001".to_owned()), ("a.txt".to_owned(), "POL002".to_owned())]);
    let o = run(d.path(), &["rules", "test", "--no-config", "--pack", "pol.toml"]);
    assert_eq!(code(&o), 0, "{}", String::from_utf8_lossy(&o.stdout));
    // A list with no usable term is an input error.
    write(d.path(), "empty.txt", "***\n# only comments\n");
    let o = run(d.path(), &["wordlist", "import", "empty.txt", "--category", "politics"]);
    assert_eq!(code(&o), 2);
    assert!(stderr(&o).contains("empty.txt"));
}

#[test]
fn rules_list_stats_counts_packs_and_categories() {
    let d = tempfile::tempdir().expect("tempdir");
    let o = run(d.path(), &["rules", "list", "--stats", "--no-config"]);
    assert_eq!(code(&o), 0);
    let out = String::from_utf8_lossy(&o.stdout);
    for pack in ["adlaw", "platform", "privacy", "illegal"] {
        assert!(out.lines().any(|l| l.starts_with(pack)), "{pack} missing in:\n{out}");
    }
    let total: usize = out
        .lines()
        .find(|l| l.starts_with("total"))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|n| n.parse().ok())
        .expect("total line");
    let listed = run(d.path(), &["rules", "list", "--no-config"]);
    assert_eq!(total + 1, String::from_utf8_lossy(&listed.stdout).lines().count(), "a header, then one line per rule");
}

#[test]
fn config_allow_list_covers_the_publishers_own_numbers() {
    let d = tempfile::tempdir().expect("tempdir");
    write(d.path(), "a.txt", "客服电话13812345678，投诉请拨13912345678。\n");
    let o = run(d.path(), &["check", "a.txt", "--no-config", "--select", "PI002", "--format", "json"]);
    assert_eq!(found(&json(&o)).len(), 2, "{}", stderr(&o));
    // The publisher's own number, written differently in the config, is allowed.
    write(d.path(), "hegui.toml", "[rules]\nselect = [\"PI002\"]\nallow = [\"+86 138-1234-5678\"]\n");
    let o = run(d.path(), &["check", "a.txt", "--format", "json"]);
    let v = json(&o);
    assert_eq!(found(&v).len(), 1, "{}", stderr(&o));
    assert_eq!(v["findings"][0]["matched"], "13912345678");
}

#[test]
fn corpus_index_add_unchanged_remove_and_bad_files() {
    let d = tempfile::tempdir().expect("tempdir");
    write(d.path(), "arts/a.md", "---\ntitle: 泉州一日\n---\n\n清晨的西街还很安静，开元寺的双塔在薄雾里只露出塔尖。\n");
    write(d.path(), "arts/b.txt", "蟳埔村的簪花围是用鲜花和发簪层层插成的，远看像一个小花园。\n");
    let o = run(d.path(), &["corpus", "add", "idx.hgc", "arts"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert!(String::from_utf8_lossy(&o.stdout).contains("新增 2"));
    // Re-adding unchanged files is a no-op.
    let o = run(d.path(), &["corpus", "add", "idx.hgc", "arts"]);
    assert!(String::from_utf8_lossy(&o.stdout).contains("未变 2"), "{}", String::from_utf8_lossy(&o.stdout));
    let o = run(d.path(), &["--lang", "en", "corpus", "stats", "idx.hgc"]);
    assert!(String::from_utf8_lossy(&o.stdout).contains("documents: 2"));
    let o = run(d.path(), &["corpus", "remove", "idx.hgc", "arts/b.txt"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let o = run(d.path(), &["--lang", "en", "corpus", "stats", "idx.hgc"]);
    assert!(String::from_utf8_lossy(&o.stdout).contains("documents: 1"));
    // A foreign file and a damaged index are clear errors (exit 2), never a panic.
    let o = run(d.path(), &["corpus", "stats", "arts/a.md"]);
    assert_eq!(code(&o), 2);
    assert!(stderr(&o).contains("a.md"), "{}", stderr(&o));
    let mut bytes = std::fs::read(d.path().join("idx.hgc")).expect("index");
    let last = bytes.len() - 1;
    bytes[last] ^= 0xFF;
    write(d.path(), "bad.hgc", &bytes);
    let o = run(d.path(), &["corpus", "add", "bad.hgc", "arts"]);
    assert_eq!(code(&o), 2);
    assert!(stderr(&o).contains("bad.hgc"), "{}", stderr(&o));
}

/// Two `corpus add` runs on one index at the same time, several rounds: the index lock makes the
/// second wait, so neither update is lost. A temporary file left by a writer killed while saving
/// is removed by the next writer.
#[test]
fn concurrent_corpus_writers_lose_nothing_and_stale_temps_go() {
    let d = tempfile::tempdir().expect("tempdir");
    let mut want = 0;
    for round in 0..4 {
        for side in ["a", "b"] {
            for i in 0..15 {
                write(
                    d.path(),
                    &format!("{side}{round}/{i}.txt"),
                    format!("第{round}轮{side}侧第{i}篇：开元寺的双塔在薄雾里只露出塔尖，西街渐渐热闹起来。"),
                );
                want += 1;
            }
        }
        let spawn = |dir: String| {
            hegui().current_dir(d.path()).args(["corpus", "add", "idx.hgc", &dir]).spawn().expect("spawn")
        };
        let (mut x, mut y) = (spawn(format!("a{round}")), spawn(format!("b{round}")));
        assert!(x.wait().expect("wait").success());
        assert!(y.wait().expect("wait").success());
        let o = run(d.path(), &["--lang", "en", "corpus", "stats", "idx.hgc"]);
        let stats = String::from_utf8_lossy(&o.stdout).to_string();
        assert!(stats.contains(&format!("documents: {want}")), "round {round}: {stats}");
    }
    // Stale temporary files (a process that no longer exists) go; other files stay.
    write(d.path(), "idx.hgc.tmp-4294967295", "half an index");
    write(d.path(), "other.hgc.tmp-4294967295", "not ours");
    write(d.path(), "a0/new.txt", "新的一篇：蟳埔村的簪花围是用鲜花和发簪层层插成的。");
    let o = run(d.path(), &["corpus", "add", "idx.hgc", "a0"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert!(!d.path().join("idx.hgc.tmp-4294967295").exists(), "stale temporary file removed");
    assert!(d.path().join("other.hgc.tmp-4294967295").exists(), "another index's file kept");
}

#[test]
fn check_with_a_corpus_reports_copied_passages_in_both_texts() {
    let d = tempfile::tempdir().expect("tempdir");
    let p1 = "清晨的西街还很安静，开元寺的双塔在薄雾里只露出塔尖，卖面线糊的小店已经支起了大锅，老板娘一边舀汤一边和熟客聊天。";
    let p2 = "蟳埔村的簪花围是用鲜花和发簪层层插成的，远看像一个小花园，村里的老人说这是祖辈从海上带回来的习俗，一代一代传到今天。";
    write(d.path(), "pub/a.md", format!("---\ntitle: 泉州一日\n---\n\n{p1}\n\n{p2}\n"));
    write(
        d.path(),
        "pub/other.md",
        "---\ntitle: 厦门\n---\n\n鼓浪屿上的琴声从巷子深处传来，游客们在老别墅前排队拍照，海风吹得三角梅轻轻摇晃。\n",
    );
    let o = run(d.path(), &["corpus", "add", "pub.hgc", "pub"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    // A draft copying one paragraph verbatim and one lightly disguised (spaces, 繁體), plus its own text.
    let disguised = p2.replace("，", " ，").replace("传到", "傳到");
    let draft = format!("我自己写的开头，和别人没有关系。\n\n{p1}\n\n中间也是我自己写的。\n\n{disguised}\n");
    write(d.path(), "drafts/mine.md", &draft);
    let o = run(d.path(), &["check", "drafts", "--no-config", "--corpus", "pub.hgc", "--format", "json"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let v = json(&o);
    let dups: Vec<&Value> =
        v["findings"].as_array().expect("findings").iter().filter(|f| f["rule"] == "DUP001").collect();
    assert_eq!(dups.len(), 2, "{v:#}");
    for (f, para) in dups.iter().zip([p1.to_owned(), disguised.clone()]) {
        let (s, e) = (
            f["byte_range"]["start"].as_u64().expect("start") as usize,
            f["byte_range"]["end"].as_u64().expect("end") as usize,
        );
        let span = &draft[s..e];
        assert!(para.contains(span), "span {span:?} lies inside the copied paragraph");
        assert!(span.chars().count() >= 30, "{span}");
        assert!(f["message"].as_str().expect("message").contains("泉州一日"));
        assert!(f["message"].as_str().expect("message").contains("pub/a.md"));
    }
    // The published article is not reported as a copy of itself; an unrelated one matches nothing.
    let o =
        run(d.path(), &["check", "pub", "--no-config", "--corpus", "pub.hgc", "--select", "DUP", "--format", "json"]);
    assert!(found(&json(&o)).is_empty(), "{}", String::from_utf8_lossy(&o.stdout));
    // A damaged index is an input error naming the file.
    write(d.path(), "bad.hgc", "not an index");
    let o = run(d.path(), &["check", "drafts", "--no-config", "--corpus", "bad.hgc"]);
    assert_eq!(code(&o), 2);
    assert!(stderr(&o).contains("bad.hgc"), "{}", stderr(&o));
}

#[test]
fn rewritten_drafts_are_dup002_with_both_spans_in_json_and_sarif() {
    let d = tempfile::tempdir().expect("tempdir");
    // An article long enough to be worth spinning, and its spun copy: words swapped for synonyms
    // (运营/营业, 经验/心得, 非常/十分, 开始/着手, 认真/仔细 …) and a homophone (公众号 → 公仲号).
    let original = "从零开始做公众号，我的运营经验其实非常简单。第一，坚持每天更新，认真回复读者的每一条留言；\
                    第二，选题要贴近生活，不要追逐热点；第三，慢慢积累口碑，不要急于求成。很多朋友问我怎样提高阅读量，\
                    我的回答始终是一样的：把内容做好，读者自然会来。";
    // Spun as a spinner does it: every word of the synonym table swapped, odd results included.
    let spun = "自零着手干公仲号，我之营业心得实际上十分简易。第一，坚守每日更加新，用心回答阅读者之各一条留言；\
                第二，选择题要贴近日子，不要追逐热点；第三，慢慢积疲劳口碑，不要急在求成。许多友人询问我怎么提升读量，\
                我之答复一直乃相同之：将内容干好，阅读者当然会来。";
    write(d.path(), "pub/ops.md", format!("---\ntitle: 运营心得\n---\n\n{original}\n"));
    write(
        d.path(),
        "pub/other.md",
        "鼓浪屿上的琴声从巷子深处传来，游客们在老别墅前排队拍照，海风吹得三角梅轻轻摇晃。\n",
    );
    let o = run(d.path(), &["corpus", "add", "pub.hgc", "pub"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let draft = format!("今天和大家聊聊我自己的做号体会。\n\n{spun}\n");
    write(d.path(), "drafts/spun.md", &draft);
    // The corpus comes from hegui.toml's [dedup] section.
    write(d.path(), "hegui.toml", "[dedup]\ncorpus = \"pub.hgc\"\n");
    let o = run(d.path(), &["check", "drafts", "--select", "DUP", "--format", "json"]);
    assert_eq!(code(&o), 0, "warnings only: {}", stderr(&o));
    let v = json(&o);
    let findings = v["findings"].as_array().expect("findings");
    assert!(findings.iter().any(|f| f["rule"] == "DUP002"), "{v:#}");
    let file = std::fs::read_to_string(d.path().join("pub/ops.md")).expect("corpus file");
    for f in findings {
        let (s, e) =
            (f["byte_range"]["start"].as_u64().unwrap() as usize, f["byte_range"]["end"].as_u64().unwrap() as usize);
        assert!(spun.contains(&draft[s..e]), "draft span inside the spun paragraph: {}", &draft[s..e]);
        let rel = &f["related"][0];
        assert_eq!(rel["path"], "pub/ops.md");
        let (cs, ce) = (
            rel["byte_range"]["start"].as_u64().unwrap() as usize,
            rel["byte_range"]["end"].as_u64().unwrap() as usize,
        );
        assert!(original.contains(&file[cs..ce]), "corpus span inside the original: {}", &file[cs..ce]);
        assert_eq!(rel["source_range"], f["byte_range"]);
        assert!(["verbatim", "near", "rewritten", "reordered"].contains(&rel["kind"].as_str().unwrap()));
        if f["rule"] == "DUP002" {
            assert_eq!(rel["kind"], "rewritten");
            assert!(f["message"].as_str().unwrap().contains("运营心得"));
        }
    }
    // SARIF carries the corpus side as relatedLocations.
    let o = run(d.path(), &["check", "drafts", "--select", "DUP", "--format", "sarif"]);
    let v = json(&o);
    let r = &v["runs"][0]["results"][0];
    let loc = &r["relatedLocations"][0]["physicalLocation"];
    assert_eq!(loc["artifactLocation"]["uri"], "pub/ops.md");
    assert!(loc["region"]["byteLength"].as_u64().unwrap() > 0);
    // Without rewrite detection the spun draft is not reported at all.
    write(d.path(), "hegui.toml", "[dedup]\ncorpus = \"pub.hgc\"\nrewrites = false\n");
    let o = run(d.path(), &["check", "drafts", "--select", "DUP", "--format", "json"]);
    assert!(json(&o)["findings"].as_array().unwrap().iter().all(|f| f["rule"] != "DUP002"));
    // Bad thresholds are config errors naming the key.
    write(d.path(), "hegui.toml", "[dedup]\nmin-chars = 5\n");
    let o = run(d.path(), &["check", "drafts"]);
    assert_eq!(code(&o), 2);
    assert!(stderr(&o).contains("min-chars"), "{}", stderr(&o));
    // The audit over the index pairs nothing (the spun draft is not indexed), and over the
    // index plus the drafts pairs the two.
    std::fs::remove_file(d.path().join("hegui.toml")).expect("rm");
    let o = run(d.path(), &["dedup", "--corpus", "pub.hgc", "--json"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert_eq!(json(&o)["documents"], 2);
    let o = run(d.path(), &["dedup", "--corpus", "pub.hgc", "drafts", "--json"]);
    assert_eq!(code(&o), 1, "{}", stderr(&o));
    let v = json(&o);
    assert_eq!(v["clusters"][0].as_array().map(Vec::len), Some(2), "{v:#}");
    let kinds: Vec<&str> =
        v["pairs"][0]["passages"].as_array().unwrap().iter().map(|p| p["kind"].as_str().unwrap()).collect();
    assert!(kinds.contains(&"rewritten"), "{kinds:?}");
}

/// Documents in an index, from `hegui corpus stats` (which must load it).
fn indexed(dir: &Path, index: &str) -> usize {
    let o = run(dir, &["--lang", "en", "corpus", "stats", index]);
    assert_eq!(code(&o), 0, "the index must always load: {}", stderr(&o));
    let out = String::from_utf8_lossy(&o.stdout).into_owned();
    out.lines()
        .find_map(|l| l.trim().strip_prefix("documents: "))
        .and_then(|n| n.trim().parse().ok())
        .unwrap_or_else(|| panic!("no document count in {out}"))
}

#[test]
fn a_killed_corpus_add_leaves_the_previous_index_loadable() {
    let d = tempfile::tempdir().expect("tempdir");
    let sentence = "清晨的西街还很安静，开元寺的双塔在薄雾里只露出塔尖，卖面线糊的小店已经支起了大锅。";
    let batch = |round: usize| {
        for i in 0..120 {
            let text = format!("第{round}批第{i}篇。{}\n", sentence.repeat(20 + i % 7));
            write(d.path(), &format!("batch{round}/{i}.txt"), text);
        }
    };
    let add = |round: usize| {
        hegui()
            .current_dir(d.path())
            .args(["corpus", "add", "idx.hgc", &format!("batch{round}")])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("spawn")
    };
    // Round 0 runs to the end and times a whole add (read, fingerprint, load, save).
    batch(0);
    let t = std::time::Instant::now();
    assert!(add(0).wait().expect("wait").success());
    let whole = t.elapsed();
    let mut docs = indexed(d.path(), "idx.hgc");
    assert_eq!(docs, 120);
    // Later rounds are killed (SIGKILL) at points spread over that time, the last ones around the
    // save at the end: whatever the moment, the index is the old one or the new one, whole.
    let mut killed = 0;
    let points = [0.1, 0.3, 0.5, 0.7, 0.8, 0.85, 0.9, 0.95, 1.0, 1.1];
    for (round, f) in points.iter().enumerate().map(|(i, f)| (i + 1, f)) {
        batch(round);
        let mut child = add(round);
        std::thread::sleep(whole.mul_f64(*f));
        let _ = child.kill();
        killed += usize::from(!child.wait().expect("wait").success());
        let now = indexed(d.path(), "idx.hgc");
        assert!(now == docs || now == docs + 120, "round {round}: {now} documents, before {docs}");
        docs = now;
    }
    assert!(killed > 0, "no round was killed before it finished: the test tested nothing");
    // A later add completes over whatever the kills left behind and finds the index intact.
    let mut args = vec!["corpus".to_owned(), "add".into(), "idx.hgc".into()];
    args.extend((0..=points.len()).map(|r| format!("batch{r}")));
    let o = hegui().current_dir(d.path()).args(&args).output().expect("run hegui");
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert_eq!(indexed(d.path(), "idx.hgc"), 120 * (points.len() + 1));
}

/// UTF-16LE without a BOM: only readable when the configured encoding says so (auto takes the NUL
/// bytes for a binary file).
fn utf16le(text: &str) -> Vec<u8> {
    text.encode_utf16().flat_map(u16::to_le_bytes).collect()
}

/// An article long enough to make duplicate passages (well over the 30-character minimum).
const ARTICLE: &str = "公众号运营的核心在于持续输出有价值的内容，读者愿意停留是因为文章解决了他们的实际问题。\
每一篇推送都应当围绕一个清晰的主题展开，避免东拼西凑。标题要准确概括内容，配图要与正文相关。";

/// A folder whose hegui.toml excludes `archive/`, limits files to 4,000 bytes and reads UTF-16LE.
fn configured_corpus_dir() -> tempfile::TempDir {
    let d = tempfile::tempdir().expect("tempdir");
    write(
        d.path(),
        "hegui.toml",
        "[files]\nexclude = [\"arts/archive/**\"]\nmax-file-size = 4000\n[check]\nencoding = \"utf16le\"\n",
    );
    write(d.path(), "arts/a.txt", utf16le(ARTICLE));
    write(d.path(), "arts/b.txt", utf16le(&format!("前言。{ARTICLE}")));
    write(d.path(), "arts/archive/c.txt", utf16le(ARTICLE));
    write(d.path(), "arts/big.txt", utf16le(&ARTICLE.repeat(40)));
    d
}

#[test]
fn corpus_add_honours_the_configs_excludes_size_limit_and_encoding() {
    let d = configured_corpus_dir();
    let o = run(d.path(), &["--lang", "en", "corpus", "add", "idx.hgc", "arts"]);
    assert_eq!(code(&o), 2, "big.txt is over the size limit: {}", stderr(&o));
    assert!(stderr(&o).contains("big.txt") && stderr(&o).contains("limit 4000"), "{}", stderr(&o));
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(out.contains("added 2,") && out.contains("failed 1"), "a.txt and b.txt decoded as UTF-16LE: {out}");
    // The index holds exactly a.txt and b.txt: archive/ is excluded, big.txt refused.
    let o = run(d.path(), &["dedup", "--corpus", "idx.hgc", "--json"]);
    let doc = json(&o);
    assert_eq!(doc["documents"], 2, "{doc}");
    let cluster: Vec<&str> =
        doc["clusters"][0].as_array().expect("a cluster").iter().filter_map(Value::as_str).collect();
    assert_eq!(cluster, ["arts/a.txt", "arts/b.txt"]);
    // With the config ignored, UTF-16 without a BOM is still told from the text, nothing is
    // excluded and big.txt fits.
    let o = run(d.path(), &["--lang", "en", "corpus", "add", "plain.hgc", "arts", "--no-config"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert!(String::from_utf8_lossy(&o.stdout).contains("added 4,"), "{}", String::from_utf8_lossy(&o.stdout));
}

#[test]
fn dedup_honours_the_configs_excludes_size_limit_and_encoding() {
    let d = configured_corpus_dir();
    let o = run(d.path(), &["dedup", "arts", "--json"]);
    assert_eq!(code(&o), 2, "big.txt is over the size limit: {}", stderr(&o));
    assert!(stderr(&o).contains("big.txt"), "{}", stderr(&o));
    let doc = json(&o);
    assert_eq!(doc["documents"], 2, "archive/c.txt excluded, big.txt refused: {doc}");
    assert_eq!(doc["pairs"][0]["a"], "arts/a.txt");
    assert_eq!(doc["pairs"][0]["b"], "arts/b.txt");
    // An explicit --config elsewhere is honoured too.
    write(d.path(), "other.toml", "[check]\nencoding = \"utf16le\"\n");
    let o = run(d.path(), &["dedup", "arts", "--json", "--config", "other.toml"]);
    assert_eq!(code(&o), 1, "no exclude, no limit: a cluster and no input error: {}", stderr(&o));
    assert_eq!(json(&o)["documents"], 4);
}

#[test]
fn check_jsonl_is_the_versioned_event_stream() {
    let o = run(Path::new(env!("CARGO_MANIFEST_DIR")), &["check", "fixtures", "--format", "jsonl"]);
    assert_eq!(code(&o), 1);
    let lines: Vec<Value> = String::from_utf8_lossy(&o.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect();
    lines.iter().for_each(common::check_jsonl_event);
    assert_eq!(lines[0]["event"], "start");
    assert_eq!(lines[0]["command"], "check");
    let last = lines.last().expect("lines");
    assert_eq!(last["event"], "summary");
    let scans = lines.iter().filter(|v| v["event"] == "scan").count();
    assert_eq!(
        scans as u64,
        common::n(&last["files_scanned"]) + common::n(&last["files_skipped"]) + common::n(&last["files_failed"])
    );
    let findings: usize = lines.iter().filter_map(|v| v["findings"].as_array()).map(Vec::len).sum();
    assert_eq!(findings as u64, common::n(&last["findings"]));
}

#[test]
fn context_declared_per_path_or_in_front_matter_sets_claim_severity() {
    let d = tempfile::tempdir().expect("tempdir");
    write(d.path(), "hegui.toml", "[context]\n\"news/**\" = \"editorial\"\n\"ads/**\" = \"advertising\"\n");
    write(d.path(), "news/a.txt", AD_ERROR);
    write(d.path(), "ads/b.txt", WARN);
    write(d.path(), "c.md", format!("---\nhegui-context: editorial\n---\n{AD_ERROR}"));
    write(d.path(), "d.md", format!("---\nhegui-context: advertising\n---\n{WARN}"));
    let o = run(d.path(), &["check", ".", "--format", "json"]);
    let v = json(&o);
    let sev = |path: &str| -> Vec<(String, String)> {
        v["findings"]
            .as_array()
            .expect("findings")
            .iter()
            .filter(|f| f["path"] == path)
            .map(|f| (common::s(&f["rule"]), common::s(&f["severity"])))
            .collect()
    };
    assert_eq!(sev("news/a.txt"), [("AD004".to_owned(), "info".to_owned())], "declared editorial: {v}");
    assert_eq!(sev("ads/b.txt"), [("AD004".to_owned(), "error".to_owned())], "declared advertising");
    assert_eq!(sev("c.md"), [("AD004".to_owned(), "info".to_owned())], "front matter editorial");
    assert_eq!(sev("d.md"), [("AD004".to_owned(), "error".to_owned())], "front matter advertising");
    let b = v["findings"].as_array().expect("findings").iter().find(|f| f["path"] == "ads/b.txt").expect("b");
    assert_eq!(b["advertising"]["cues"], serde_json::json!(["hegui.toml [context] ads/**"]));
    assert_eq!(code(&o), 1, "errors fail the check: {}", stderr(&o));
    write(d.path(), "hegui.toml", "[context]\n\"news/**\" = \"neutral\"\n");
    let o = run(d.path(), &["check", "."]);
    assert_eq!(code(&o), 2);
    assert!(stderr(&o).contains("hegui.toml") && stderr(&o).contains("neutral"), "{}", stderr(&o));
}

/// A disease named with 专治 (treats specifically), 断根 (cures at the root) or 痊愈 (fully cured) is a
/// treatment claim like 根治 (AD150); each sentence was missed before these verbs joined the rule.
#[test]
fn specific_cure_verbs_with_a_disease_are_treatment_claims() {
    let d = tempfile::tempdir().expect("tempdir");
    let cases = [
        ("a.txt", "我们的艾灸贴专治颈椎病、腰椎间盘突出，贴上三天疼痛全消。\n", "专治"),
        ("b.txt", "只需一个疗程，多年的哮喘也能断根。\n", "断根"),
        ("c.txt", "服用两个月，老寒腿就痊愈了。\n", "痊愈"),
    ];
    for (name, text, _) in cases {
        write(d.path(), name, text);
    }
    let o = run(d.path(), &["check", "--no-config", "--format", "json"]);
    assert!(code(&o) <= 1, "{}", stderr(&o));
    let v = json(&o);
    for (name, _, term) in cases {
        let hit = v["findings"].as_array().expect("findings array").iter().any(|f| {
            f["rule"] == "AD150" && f["path"].as_str().is_some_and(|p| p.ends_with(name)) && f["term"] == term
        });
        assert!(hit, "{name}: no AD150 on {term}: {v}");
    }
}

/// A pattern may match from a line's own `\r\n` (AD193's `\s` before 最新！): the context line
/// leaves the ending out, and cutting it at the match's start panicked (exit 101), which with
/// `-j 2` also left the ordered output waiting for that report forever.
#[test]
fn match_starting_on_a_crlf_line_end_is_reported_not_a_panic() {
    let d = tempfile::tempdir().expect("tempdir");
    write(d.path(), "a.txt", "abc\r\n最新！\r\n");
    for i in 0..20 {
        write(d.path(), &format!("b{i:02}.txt"), CLEAN);
    }
    for jobs in ["1", "2"] {
        let o = run(d.path(), &["check", "--no-config", "-j", jobs, "--format", "json"]);
        assert!(code(&o) <= 1, "-j {jobs}: {}", stderr(&o));
        let v = json(&o);
        assert!(found(&v).iter().any(|(p, r)| p.ends_with("a.txt") && r == "AD193"), "-j {jobs}: {v}");
    }
}

/// A regex rule's `unless_near` cancels its hits as a lexicon rule's does: admission-line news
/// (分数线比去年上涨3分) is not a score promise (AD114), while the promise itself still is. The
/// context was accepted and ignored for regex rules before.
#[test]
fn admission_line_news_is_not_a_score_promise() {
    let d = tempfile::tempdir().expect("tempdir");
    write(d.path(), "news.txt", "今年本科一批录取分数线比去年上涨3分。\n");
    write(d.path(), "ad.txt", "全科同步提升30分！\n");
    let o = run(d.path(), &["check", "--no-config", "--format", "json"]);
    assert!(code(&o) <= 1, "{}", stderr(&o));
    let f = found(&json(&o));
    assert!(!f.iter().any(|(p, r)| p.ends_with("news.txt") && r == "AD114"), "{f:?}");
    assert!(f.iter().any(|(p, r)| p.ends_with("ad.txt") && r == "AD114"), "{f:?}");
}

/// AD115 spells 北京大学 out in its pattern but gated it on 北大 and other literals: an admission
/// boast naming the university in full (获北京大学…录取) was never tried. The load-time check of
/// the `requires` invariant found it.
#[test]
fn admission_proof_naming_the_university_in_full_is_found() {
    let d = tempfile::tempdir().expect("tempdir");
    write(d.path(), "a.txt", "喜报：我校张同学获北京大学提前批录取！\n");
    let o = run(d.path(), &["check", "--no-config", "--format", "json"]);
    assert!(code(&o) <= 1, "{}", stderr(&o));
    let f = found(&json(&o));
    assert!(f.iter().any(|(p, r)| p.ends_with("a.txt") && r == "AD115"), "{f:?}");
}

/// A check of one draft on two threads loads the packs on both, builds patterns on the second
/// and compiles the patterns the draft opens half there: the report is the one of `-j 1`, for a
/// file, a long file and standard input.
#[test]
fn one_draft_on_two_threads_gets_the_report_of_one_thread() {
    let d = tempfile::tempdir().expect("tempdir");
    let draft = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/violations/launch.md"))
        .expect("fixture");
    write(d.path(), "draft.md", &draft);
    write(d.path(), "long.md", draft.repeat(40));
    for file in ["draft.md", "long.md"] {
        let one = run(d.path(), &["check", "--no-config", "-j", "1", "--format", "json", file]);
        let found_one = found(&json(&one));
        assert!(found_one.len() >= 5, "{file}: {found_one:?}");
        for jobs in ["2", "0"] {
            let two = run(d.path(), &["check", "--no-config", "-j", jobs, "--format", "json", file]);
            assert_eq!(code(&one), code(&two), "{file} -j {jobs}");
            assert_eq!(one.stdout, two.stdout, "{file} -j {jobs}");
        }
    }
    let piped = |jobs: &str| {
        let mut child = hegui()
            .current_dir(d.path())
            .args(["check", "-", "--no-config", "-j", jobs, "--format", "json"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn");
        std::io::Write::write_all(child.stdin.as_mut().expect("stdin"), draft.as_bytes()).expect("write stdin");
        child.wait_with_output().expect("wait")
    };
    let (one, two) = (piped("1"), piped("2"));
    assert!(found(&json(&one)).len() >= 5);
    assert_eq!(one.stdout, two.stdout, "standard input");
}
