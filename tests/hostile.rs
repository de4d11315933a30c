//! Hostile inputs: every case ends in bounded time with a clear message, exit 2 for that input
//! only, and the rest of the batch scanned. Time bounds are ratios (size N against 4N in one run),
//! never absolute times.

use std::process::Command;
use std::time::{Duration, Instant};

use hegui::detect::pack::load_str;
use hegui::detect::{Engine, Selection};
use hegui::scan::Scanner;

mod common;
use common::{run as hegui, write};

/// A scanner with one cheap lexicon rule, so the time measured is reading, extracting and
/// locating, not detection.
fn scanner() -> Scanner {
    let pack = "[pack]\nname = \"t\"\n[[rules]]\nid = \"T001\"\ncategory = \"t\"\nseverity = \"error\"\nmessage = \"m\"\nterms = [\"最好\"]\n";
    let rules = load_str("t.toml", pack).expect("pack");
    Scanner::from_engine(Engine::new(rules, &Selection::default()).expect("engine"))
}

/// CPU time this thread has run (Linux: `/proc/thread-self/schedstat`), so other processes on a
/// loaded machine do not count; wall time where that is unavailable.
fn thread_time() -> Option<Duration> {
    let stat = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    stat.split_whitespace().next()?.parse().ok().map(Duration::from_nanos)
}

/// Scans `text` once: its time (thread CPU time where available) and finding count.
fn time_once(s: &Scanner, name: &str, text: &str) -> (Duration, usize) {
    let (t, cpu) = (Instant::now(), thread_time());
    let r = s.scan_text(name, text);
    let spent = match (cpu, thread_time()) {
        (Some(a), Some(b)) => b.saturating_sub(a),
        _ => t.elapsed(),
    };
    (spent, r.findings.len() + r.omitted.total())
}

/// Fastest of seven interleaved scans of `small` and `large` each (interleaved so a burst of load
/// on a shared machine slows both alike), with their finding counts.
fn time_pair(s: &Scanner, name: &str, small: &str, large: &str) -> ((Duration, usize), (Duration, usize)) {
    let (mut a, mut b) = ((Duration::MAX, 0), (Duration::MAX, 0));
    for _ in 0..7 {
        let x = time_once(s, name, small);
        a = (a.0.min(x.0), x.1);
        let y = time_once(s, name, large);
        b = (b.0.min(y.0), y.1);
    }
    (a, b)
}

/// Scans `make(n)` and `make(4n)`: linear work takes about 4 times as long, quadratic about 16
/// (the bound leaves room for cache effects and a loaded CI machine). `n` is doubled until the
/// small input takes at least 20 ms (past the caches and the timer's noise); a ratio over the bound is
/// measured again up to twice (a quadratic case fails every time, a burst of load does not).
fn assert_linear(case: &str, name: &str, n: usize, make: impl Fn(usize) -> String) {
    let s = scanner();
    let mut n = n;
    while n < 1 << 24 && time_once(&s, name, &make(n)).0 < Duration::from_millis(20) {
        n *= 2;
    }
    let (small, large) = (make(n), make(4 * n));
    let mut best = f64::MAX;
    for _attempt in 0..3 {
        let ((t1, f1), (t4, f4)) = time_pair(&s, name, &small, &large);
        let ratio = t4.as_secs_f64() / t1.as_secs_f64().max(1e-4);
        eprintln!(
            "{case}: {} B in {t1:?} ({f1} findings), {} B in {t4:?} ({f4} findings): ×{ratio:.1}",
            small.len(),
            large.len()
        );
        best = best.min(ratio);
        if best < 12.0 {
            break;
        }
    }
    assert!(best < 12.0, "{case}: 4× the input took {best:.1}× the time in each of three measurements");
}

const UNIT: &str = "这是全网最好的产品，普普普普普普普普普普普普普普普普普普普普普普普普普普普普普普普普普普普普普普普";

#[test]
fn one_long_line_with_many_findings_is_linear() {
    assert_linear("one-line txt", "a.txt", 1500, |n| UNIT.repeat(n));
    assert_linear("one-line html", "a.html", 1500, |n| format!("<p>{}</p>", format!("<span>{UNIT}</span>").repeat(n)));
    assert_linear("markdown table", "a.md", 8000, |n| {
        format!("|{}|\n|{}|\n", vec!["最好"; n].join("|"), vec!["-"; n].join("|"))
    });
}

#[test]
fn unterminated_markup_is_linear() {
    assert_linear("unclosed start tags", "a.html", 20_000, |n| "<a ".repeat(n));
    assert_linear("end tags without >", "a.html", 20_000, |n| "</a ".repeat(n));
    assert_linear("unclosed quotes", "a.html", 10_000, |n| format!("<a x=\"{}", "<a y=\" ".repeat(n)));
    assert_linear("entities on one line", "a.html", 40_000, |n| format!("<p>{}最好</p>", "&amp;".repeat(n)));
    assert_linear("unclosed comments", "a.html", 200_000, |n| "<!-- <p>".repeat(n));
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

#[cfg(unix)]
#[test]
fn fifos_are_reported_never_opened() {
    let dir = tempfile::tempdir().expect("temp dir");
    let d = dir.path().join("drafts");
    std::fs::create_dir(&d).expect("mkdir");
    write(&d, "good.txt", "本品是全网最好的选择。");
    let fifo = d.join("pipe.txt");
    let made = Command::new("mkfifo").arg(&fifo).status();
    if !made.is_ok_and(|s| s.success()) {
        eprintln!("skipped: mkfifo is not available");
        return;
    }
    // Named and walked: neither blocks (a read would wait for a writer forever).
    for args in [&["check", "drafts/pipe.txt", "drafts/good.txt"][..], &["check", "drafts"][..]] {
        let t = Instant::now();
        let o = hegui(dir.path(), args);
        assert!(t.elapsed() < Duration::from_secs(60), "{args:?} returned");
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", text(&o.stderr));
        assert!(text(&o.stderr).contains("drafts/pipe.txt: 不是普通文件（命名管道），未读取"), "{}", text(&o.stderr));
        assert!(text(&o.stdout).contains("全网最好") || text(&o.stdout).contains("最好"), "good.txt still scanned");
        assert!(text(&o.stdout).contains("扫描 1 个文件，失败 1 个"), "{}", text(&o.stdout));
    }
}

#[test]
fn endless_stdin_stops_at_the_size_limit() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut child = Command::new(env!("CARGO_BIN_EXE_hegui"))
        .env("HEGUI_CACHE_DIR", concat!(env!("CARGO_TARGET_TMPDIR"), "/hegui-cache"))
        .current_dir(dir.path())
        .env_remove("HEGUI_LANG")
        .args(["check", "--max-file-size", "100000", "-"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("spawn");
    let mut stdin = child.stdin.take().expect("stdin");
    // An endless writer: it stops when hegui closes the pipe.
    let writer = std::thread::spawn(move || {
        use std::io::Write;
        let chunk = vec![b'a'; 65536];
        while stdin.write_all(&chunk).is_ok() {}
    });
    let o = child.wait_with_output().expect("wait");
    drop(writer);
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o.stderr).contains("-: 文件过大"), "{}", text(&o.stderr));
}

#[test]
fn utf16_without_bom_is_scanned_not_skipped() {
    let dir = tempfile::tempdir().expect("temp dir");
    let body = "标题\n本品是全网最好的选择，欢迎选购。\n";
    let bytes: Vec<u8> = body.encode_utf16().flat_map(u16::to_le_bytes).collect();
    write(dir.path(), "u16.txt", &bytes);
    let o = hegui(dir.path(), &["check", "--format", "json", "u16.txt"]);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o.stderr));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("json");
    let f = &v["findings"][0];
    let (s, e) = (f["byte_range"]["start"].as_u64().expect("start"), f["byte_range"]["end"].as_u64().expect("end"));
    let units: Vec<u16> = bytes[s as usize..e as usize].chunks(2).map(|p| u16::from_le_bytes([p[0], p[1]])).collect();
    assert_eq!(String::from_utf16(&units).expect("utf-16"), f["matched"].as_str().expect("matched"));
}

#[test]
fn findings_past_the_limit_are_counted_not_listed() {
    let dir = tempfile::tempdir().expect("temp dir");
    write(dir.path(), "many.txt", "本产品是全网最好的，国家级产品，立即购买！\n".repeat(50));
    let o = hegui(dir.path(), &["check", "--format", "json", "--max-findings", "7", "--select", "AD", "many.txt"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("json");
    assert_eq!(v["findings"].as_array().map(Vec::len), Some(7));
    let total = v["summary"]["findings"].as_u64().expect("total");
    assert!(total >= 50, "every finding counted: {total}");
    assert_eq!(v["summary"]["omitted"].as_u64(), Some(total - 7));
    let human = hegui(dir.path(), &["check", "--max-findings", "7", "--select", "AD", "many.txt"]);
    assert_eq!(human.status.code(), o.status.code(), "same exit code");
    assert!(
        text(&human.stdout).contains(&format!("many.txt：另有 {} 个问题未列出", total - 7)),
        "{}",
        text(&human.stdout)
    );
}

#[test]
fn packs_with_one_name_and_punctuation_terms_are_refused() {
    let dir = tempfile::tempdir().expect("temp dir");
    let pack = |id: &str, term: &str| {
        format!(
            "[pack]\nname = \"mine\"\n[[rules]]\nid = \"{id}\"\ncategory = \"c\"\nseverity = \"error\"\nmessage = \"m\"\nterms = [\"{term}\"]\n"
        )
    };
    write(dir.path(), "a.toml", pack("MY001", "好"));
    write(dir.path(), "b.toml", pack("MY002", "坏"));
    write(dir.path(), "p.toml", pack("MY003", "！！"));
    write(dir.path(), "x.txt", "好");
    let o = hegui(dir.path(), &["check", "--no-config", "--pack", "a.toml", "--pack", "b.toml", "x.txt"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o.stderr).contains("pack name `mine` is already used by a.toml"), "{}", text(&o.stderr));
    let o = hegui(dir.path(), &["check", "--no-config", "--pack", "p.toml", "x.txt"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o.stderr).contains("p.toml: rule `MY003`: `！！` is only punctuation"), "{}", text(&o.stderr));
}

#[test]
fn backslashes_in_file_names_are_kept() {
    if cfg!(windows) {
        return;
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let d = dir.path().join("d");
    std::fs::create_dir(&d).expect("mkdir");
    write(&d, "a\\b.txt", "本产品是全网最好的，国家级产品，立即购买！");
    let o = hegui(dir.path(), &["check", "d"]);
    assert!(text(&o.stdout).contains("d/a\\b.txt"), "{}", text(&o.stdout));
}

#[cfg(unix)]
#[test]
fn symlinked_files_in_folders_are_scanned() {
    let dir = tempfile::tempdir().expect("temp dir");
    let d = dir.path().join("d");
    std::fs::create_dir(&d).expect("mkdir");
    let target = write(dir.path(), "elsewhere.txt", "本产品是全网最好的，国家级产品，立即购买！");
    std::os::unix::fs::symlink(&target, d.join("link.txt")).expect("symlink");
    let o = hegui(dir.path(), &["check", "--format", "json", "d"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("json");
    assert!(v["findings"].as_array().is_some_and(|f| f.iter().any(|f| f["path"] == "d/link.txt")), "{v}");
}

#[test]
fn a_full_disk_or_a_missing_output_folder_is_named_in_chinese() {
    let dir = tempfile::tempdir().expect("temp dir");
    write(dir.path(), "a.txt", "本产品是全国第一品牌，效果最好。\n");
    let missing = dir.path().join("no-such-folder").join("out.json");
    let missing = missing.to_str().expect("utf-8 temp path");
    let o = hegui(dir.path(), &["check", "--format", "json", "-o", missing, "a.txt"]);
    assert_eq!(o.status.code(), Some(2));
    let err = text(&o.stderr);
    assert!(err.contains("out.json") && err.contains("找不到文件或文件夹"), "{err}");
    // A missing input is named in the same words (one naming of I/O kinds for reads and writes).
    let o = hegui(dir.path(), &["check", "no-such-draft.md"]);
    assert_eq!(o.status.code(), Some(2));
    let err = text(&o.stderr);
    assert!(err.contains("no-such-draft.md: 无法读取：找不到文件或文件夹"), "{err}");
    if std::path::Path::new("/dev/full").exists() {
        for format in ["json", "jsonl", "human"] {
            let o = hegui(dir.path(), &["check", "--format", format, "-o", "/dev/full", "a.txt"]);
            assert_eq!(o.status.code(), Some(2), "{format}");
            let err = text(&o.stderr);
            assert!(err.contains("错误") && err.contains("磁盘空间不足"), "{format}: {err}");
        }
    }
}
