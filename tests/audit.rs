//! `hegui audit` end to end over a fixture archive with known violations (tests/data/audit):
//! every number of report.json, the HTML report parsed as XML (charts, evidence), the CSV columns.

mod common;

use std::path::Path;
use std::time::{Duration, UNIX_EPOCH};

use serde_json::{Value, json};

use common::{code, run};

/// The fixture archive copied to `dir/audit`, with every file's mtime set to 2023-06-15 (only
/// notes.txt has no date of its own, so it lands in that month).
fn archive(dir: &Path) {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/audit");
    let dst = dir.join("audit");
    std::fs::create_dir_all(&dst).expect("mkdir");
    let mtime = UNIX_EPOCH + Duration::from_secs(1_686_830_400); // 2023-06-15T12:00:00Z
    for e in std::fs::read_dir(&src).expect("fixtures") {
        let e = e.expect("entry");
        let to = dst.join(e.file_name());
        std::fs::copy(e.path(), &to).expect("copy");
        std::fs::File::options().write(true).open(&to).expect("open").set_modified(mtime).expect("mtime");
    }
}

/// Runs the audit in a fresh folder; returns the folder and the output.
fn audit(extra: &[&str]) -> (tempfile::TempDir, std::process::Output) {
    let d = tempfile::tempdir().expect("tempdir");
    archive(d.path());
    let mut args = vec!["audit", "audit", "--out", "out", "--no-config"];
    args.extend_from_slice(extra);
    let o = run(d.path(), &args);
    (d, o)
}

fn read(d: &Path, name: &str) -> String {
    std::fs::read_to_string(d.join("out").join(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn sev(error: u64, warning: u64, info: u64) -> Value {
    json!({"error": error, "warning": warning, "info": info})
}

fn rates(error: f64, warning: f64, info: f64) -> Value {
    json!({"error": error, "warning": warning, "info": info})
}

/// A group row with its counts and rates over `articles` articles.
fn group(key: &str, name: &str, f: [u64; 3], a: [u64; 3], articles: u64) -> Value {
    let r = |n: u64| n as f64 / articles as f64;
    json!({
        "key": key, "name": name,
        "findings": sev(f[0], f[1], f[2]), "findings_total": f[0] + f[1] + f[2],
        "articles": sev(a[0], a[1], a[2]), "violation_rate": rates(r(a[0]), r(a[1]), r(a[2])),
    })
}

#[test]
fn every_number_of_report_json() {
    let (d, o) = audit(&[]);
    assert_eq!(code(&o), 0, "{}", String::from_utf8_lossy(&o.stderr));
    let r: Value = serde_json::from_str(&read(d.path(), "report.json")).expect("report.json is JSON");
    assert_eq!(
        (r["schema"].as_str(), r["version"].as_u64(), r["lang"].as_str()),
        (Some("hegui-audit"), Some(1), Some("zh"))
    );

    // Five articles (the binary file is skipped), 200 characters without whitespace: 39 + 41 +
    // 42 + 36 + 42 (titles count; front matter dates and the HTML meta date do not).
    assert_eq!(
        r["totals"],
        json!({
            "files": 6, "articles": 5, "skipped": 1, "failed": 0, "chars": 200,
            "findings": sev(4, 1, 2), "findings_total": 7, "omitted": 0,
            "findings_per_10k_chars": 350.0,
            "articles_with_findings": sev(2, 3, 4),
            "violation_rate": rates(0.4, 0.6, 0.8),
        })
    );
    // adlaw: AD006 + AD004 in the sale (errors), AD004 twice in the promo (errors), AD001 in the
    // notes (info, editorial); privacy: PI002 in the news (warning); platform: PL010 in the
    // news title (info).
    assert_eq!(
        r["by_category"],
        json!([
            group("adlaw", "广告法", [4, 0, 1], [2, 2, 3], 5),
            group("platform", "平台规则", [0, 0, 1], [0, 0, 1], 5),
            group("privacy", "个人信息", [0, 1, 0], [0, 1, 1], 5),
        ])
    );
    assert_eq!(
        r["by_label"],
        json!([
            group("10001", "10001 广告", [4, 0, 1], [2, 2, 3], 5),
            group("30001", "30001 隐私", [0, 1, 0], [0, 1, 1], 5),
            group("30002", "30002 平台规则", [0, 0, 1], [0, 0, 1], 5),
        ])
    );
    let rules: Vec<(String, Value, Value, Value)> = r["by_rule"]
        .as_array()
        .expect("by_rule")
        .iter()
        .map(|g| (common::s(&g["rule"]), g["findings"].clone(), g["articles"].clone(), g["violation_rate"].clone()))
        .collect();
    let row = |id: &str, f: [u64; 3], a: [u64; 3]| {
        (
            id.to_owned(),
            sev(f[0], f[1], f[2]),
            sev(a[0], a[1], a[2]),
            rates(a[0] as f64 / 5.0, a[1] as f64 / 5.0, a[2] as f64 / 5.0),
        )
    };
    assert_eq!(
        rules,
        vec![
            row("AD004", [3, 0, 0], [2, 2, 2]),
            row("AD001", [0, 0, 1], [0, 0, 1]),
            row("AD006", [1, 0, 0], [1, 1, 1]),
            row("PI002", [0, 1, 0], [0, 1, 1]),
            row("PL010", [0, 0, 1], [0, 0, 1]),
        ]
    );
    for g in r["by_rule"].as_array().expect("by_rule") {
        assert!(!g["description"].as_str().expect("description").contains('{'), "no placeholders: {g}");
        assert_eq!(
            g["findings_total"],
            g["findings"]["error"].as_u64().unwrap()
                + g["findings"]["warning"].as_u64().unwrap()
                + g["findings"]["info"].as_u64().unwrap()
        );
    }
    assert_eq!((r["by_rule"][0]["category"].as_str(), r["by_rule"][0]["label"].as_u64()), (Some("adlaw"), Some(10001)));

    // Dates: three front matters, one HTML meta tag, one file time.
    assert_eq!(r["trend"]["sources"], json!({"front_matter": 3, "html_meta": 1, "mtime": 1, "none": 0}));
    assert_eq!(
        r["trend"]["months"],
        json!([
            {"month": "2023-06", "articles": 1, "chars": 42, "findings": sev(0, 0, 1),
             "articles_with_findings": sev(0, 0, 1), "violation_rate": rates(0.0, 0.0, 1.0)},
            {"month": "2024-01", "articles": 2, "chars": 80, "findings": sev(2, 0, 0),
             "articles_with_findings": sev(1, 1, 1), "violation_rate": rates(0.5, 0.5, 0.5)},
            {"month": "2024-02", "articles": 2, "chars": 78, "findings": sev(2, 1, 1),
             "articles_with_findings": sev(1, 2, 2), "violation_rate": rates(0.5, 1.0, 1.0)},
        ])
    );

    // Worst first: two errors each (tie broken by path), then a warning, then an info.
    let worst: Vec<(&str, u64, &Value)> = r["worst_articles"]
        .as_array()
        .expect("worst")
        .iter()
        .map(|a| (a["path"].as_str().expect("path"), a["chars"].as_u64().expect("chars"), &a["findings"]))
        .collect();
    assert_eq!(
        worst,
        vec![
            ("audit/2024-01-sale.md", 39, &sev(2, 0, 0)),
            ("audit/2024-02-promo.md", 36, &sev(2, 0, 0)),
            ("audit/2024-02-news.html", 42, &sev(0, 1, 1)),
            ("audit/notes.txt", 42, &sev(0, 0, 1)),
        ]
    );
    let top = &r["worst_articles"][0]["top_findings"];
    assert_eq!(top.as_array().map(Vec::len), Some(2));
    assert_eq!(
        (&top[0]["rule"], &top[0]["severity"], &top[0]["line"], &top[0]["column"], &top[0]["matched"]),
        (&json!("AD006"), &json!("error"), &json!(7), &json!(6), &json!("国宴专用"))
    );
    assert_eq!(
        (&top[0]["before"], &top[0]["after"]),
        (&json!("本店茶叶为"), &json!("，限时特价99元，全网最低价，立即下单！"))
    );
    assert_eq!(top[1]["rule"], "AD004");
    // News: the warning before the info although the info comes first in the file.
    assert_eq!(r["worst_articles"][2]["top_findings"][0]["rule"], "PI002");

    // Word-list terms only: the phone number (PI002, a validator) is not collected.
    assert_eq!(
        r["top_terms"],
        json!([
            {"term": "全网最低价", "rule": "AD004", "findings": 3, "articles": 2},
            {"term": "国宴专用", "rule": "AD006", "findings": 1, "articles": 1},
            {"term": "最佳", "rule": "AD001", "findings": 1, "articles": 1},
            {"term": "重磅", "rule": "PL010", "findings": 1, "articles": 1},
        ])
    );
    assert!(!read(d.path(), "report.json").contains("13812345678"), "no personal data in the report");
    assert_eq!(r["duplicates"], Value::Null);

    // Evidence: every file with its BLAKE3, packs with hashes, times.
    let files = r["evidence"]["files"].as_array().expect("files");
    let mut names: Vec<String> = std::fs::read_dir(d.path().join("audit"))
        .expect("dir")
        .map(|e| e.expect("e").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(files.len(), names.len());
    for (f, name) in files.iter().zip(&names) {
        assert_eq!(f["path"], format!("audit/{name}"));
        let bytes = std::fs::read(d.path().join("audit").join(name)).expect("read");
        assert_eq!(f["hash"], blake3::hash(&bytes).to_hex().to_string(), "{name}");
        assert_eq!(f["bytes"], bytes.len() as u64);
        let want = if name == "binary.txt" { "skipped" } else { "scanned" };
        assert_eq!(f["status"], want, "{name}");
    }
    let ev = &r["evidence"];
    assert_eq!(ev["hegui_version"], env!("CARGO_PKG_VERSION"));
    assert!(ev["started_at"].as_str().is_some_and(|t| t.len() == 20 && t.ends_with('Z')));
    assert!(ev["finished_at"].as_str() >= ev["started_at"].as_str());
    let packs = ev["packs"].as_array().expect("packs");
    let pack_ids: Vec<&str> = packs.iter().map(|p| p["id"].as_str().expect("id")).collect();
    for id in ["adlaw", "platform", "privacy"] {
        assert!(pack_ids.contains(&id), "{id} in {pack_ids:?}");
    }
    let listed = run(d.path(), &["rules", "list", "--json", "--no-config"]);
    let listed: Value = serde_json::from_slice(&listed.stdout).expect("rules list JSON");
    let total: u64 = packs.iter().map(|p| p["rules"].as_u64().expect("rules")).sum();
    assert_eq!(total as usize, listed.as_array().expect("rules").len(), "every enabled rule is in a pack hash");
    assert!(packs.iter().all(|p| p["hash"].as_str().is_some_and(|h| h.len() == 64)));
    assert_eq!(ev["config"]["path"], Value::Null);
    assert_eq!(ev["config"]["options"], json!(["--no-config"]));
}

#[test]
fn selection_changes_the_pack_hash_and_is_recorded() {
    let (d1, _) = audit(&[]);
    // The learned layer (AD173) reports a sentence no other rule covers: ignored too, so that
    // ignoring AD004 drops its finding rather than handing the sentence to the model.
    let (d2, o) = audit(&["--ignore", "AD004", "--ignore", "AD173"]);
    assert_eq!(code(&o), 0);
    let a: Value = serde_json::from_str(&read(d1.path(), "report.json")).expect("json");
    let b: Value = serde_json::from_str(&read(d2.path(), "report.json")).expect("json");
    let hash = |r: &Value, id: &str| {
        r["evidence"]["packs"].as_array().expect("packs").iter().find(|p| p["id"] == id).map(|p| p["hash"].clone())
    };
    assert_ne!(hash(&a, "adlaw"), hash(&b, "adlaw"));
    assert_eq!(hash(&a, "platform"), hash(&b, "platform"));
    assert_ne!(a["evidence"]["config"]["hash"], b["evidence"]["config"]["hash"]);
    assert_eq!(b["totals"]["findings_total"], 4);
}

/// Elements of the HTML report, parsed as XML (the report is written well-formed).
fn elements(html: &str) -> Vec<(String, Vec<(String, String)>)> {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_str(html);
    let mut out = Vec::new();
    let mut depth = 0i64;
    loop {
        match reader.read_event() {
            Ok(Event::Eof) => break,
            Ok(ev @ (Event::Start(_) | Event::Empty(_))) => {
                let (e, start) = match &ev {
                    Event::Start(e) => (e, true),
                    Event::Empty(e) => (e, false),
                    _ => unreachable!(),
                };
                if start {
                    depth += 1;
                }
                let name: String = e.name().as_ref().to_owned();
                let attrs = e
                    .attributes()
                    .map(|a| {
                        let a = a.expect("well-formed attribute");
                        let key: String = a.key.as_ref().to_owned();
                        (key, a.value.to_string())
                    })
                    .collect();
                out.push((name, attrs));
            }
            Ok(Event::End(_)) => depth -= 1,
            Ok(_) => {}
            Err(e) => panic!("report.html is not well-formed at {}: {e}", reader.buffer_position()),
        }
    }
    assert_eq!(depth, 0, "every element is closed");
    out
}

#[test]
fn html_report_is_well_formed_with_charts_and_full_evidence() {
    let (d, o) = audit(&[]);
    assert_eq!(code(&o), 0);
    let html = read(d.path(), "report.html");
    let r: Value = serde_json::from_str(&read(d.path(), "report.json")).expect("json");
    assert!(html.starts_with("<!DOCTYPE html>\n<html lang=\"zh-CN\">"));
    let els = elements(&html);
    let attr = |attrs: &[(String, String)], k: &str| attrs.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone());
    // Self-contained: no scripts, no links, no external sources.
    for (name, attrs) in &els {
        assert!(!matches!(name.as_str(), "script" | "link" | "iframe" | "img"), "<{name}> in the report");
        for (k, v) in attrs {
            assert!(!(k == "src" || k == "href") || v.starts_with('#'), "{k}={v}");
        }
    }
    // Charts: categories, labels, rules, trend and terms, each with bars.
    let charts =
        els.iter().filter(|(n, a)| n == "svg" && attr(a, "class").is_some_and(|c| c.starts_with("chart"))).count();
    assert_eq!(charts, 5, "charts");
    let bars =
        els.iter().filter(|(n, a)| n == "rect" && attr(a, "class").is_some_and(|c| c.starts_with("bar "))).count();
    assert!(bars >= 15, "{bars} bars");
    // Evidence: every file and every pack hash, in their tables.
    for f in r["evidence"]["files"].as_array().expect("files") {
        let row = format!("<td class=\"path\">{}</td>", f["path"].as_str().expect("path"));
        assert!(html.contains(&row), "{row}");
        assert!(html.contains(f["hash"].as_str().expect("hash")));
    }
    for p in r["evidence"]["packs"].as_array().expect("packs") {
        assert!(html.contains(&format!("<td class=\"mono hash\">{}</td>", p["hash"].as_str().expect("hash"))));
    }
    assert!(html.contains(r["evidence"]["config"]["hash"].as_str().expect("config hash")));
    assert!(html.contains("<details><summary>扫描的文件（6 个，含内容哈希）</summary>"));
    // Headline numbers as report.json has them.
    // Snippets of the HTML article are text, not markup; the printed copy says where the files are.
    assert!(html.contains("欢迎来电") && !html.contains("&lt;/p&gt;"), "no tags in snippets");
    assert!(html.contains("class=\"note print-only\"") && html.contains("evidence.files"));
    for v in ["40.0%", "60.0%", "350.00", "取自 front matter `date:` 3 篇"] {
        assert!(html.contains(v), "{v}");
    }

    let (d, _) = audit(&["--lang", "en"]);
    let html = read(d.path(), "report.html");
    elements(&html);
    assert!(html.contains("<html lang=\"en\">") && html.contains("Violation rate (≥ error)"));
    assert!(!html.contains("违规率"), "English report has no Chinese labels");
}

#[test]
fn csv_has_bom_columns_and_one_row_per_finding() {
    let (d, _) = audit(&[]);
    let csv = read(d.path(), "findings.csv");
    assert!(csv.starts_with('\u{feff}'), "BOM");
    let rows: Vec<&str> = csv.trim_start_matches('\u{feff}').split_terminator("\r\n").collect();
    assert_eq!(
        rows[0],
        "path,rule,category,label,severity,line,column,end_line,end_column,field,matched,term,message,reference"
    );
    assert_eq!(rows.len(), 1 + 7);
    let first: Vec<&str> = rows[1].split(',').collect();
    assert_eq!(
        &first[..12],
        [
            "audit/2024-01-sale.md",
            "AD006",
            "adlaw",
            "10001",
            "error",
            "7",
            "6",
            "7",
            "10",
            "body",
            "国宴专用",
            "国宴专用"
        ]
    );
    assert!(csv.contains(",138******78,") && !csv.contains("13812345678"), "personal data masked");
    let md = read(d.path(), "report.md");
    assert!(md.starts_with("# hegui 合规审计报告") && md.contains("| 扫描文章 | 5 |"), "{md}");
}

#[test]
fn input_errors_still_write_the_report_and_exit_2() {
    let d = tempfile::tempdir().expect("tempdir");
    archive(d.path());
    std::fs::write(d.path().join("audit/bad.txt"), b"text \xff\xff\xff more").expect("write");
    let o = run(d.path(), &["audit", "audit", "missing", "--out", "out", "--no-config", "-q"]);
    assert_eq!(code(&o), 2);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("missing") && !err.contains("已审计"), "{err}");
    let r: Value = serde_json::from_str(&read(d.path(), "report.json")).expect("json");
    assert_eq!((r["totals"]["failed"].as_u64(), r["totals"]["articles"].as_u64()), (Some(2), Some(5)));
    let failed: Vec<&Value> =
        r["evidence"]["files"].as_array().expect("files").iter().filter(|f| f["status"] == "error").collect();
    assert_eq!(failed.len(), 2);
    assert!(failed.iter().all(|f| f["problem"].is_string()));
    // --fail-level makes findings exit 1 when every input was read.
    let (_, o) = audit(&["--fail-level", "error"]);
    assert_eq!(code(&o), 1);
    let (_, o) = audit(&["--fail-level", "error", "--select", "PL010"]);
    assert_eq!(code(&o), 0);
}

#[test]
fn dedup_lists_clusters_of_articles_that_copy_one_another() {
    let d = tempfile::tempdir().expect("tempdir");
    let copied = "秋天的山谷里，溪水沿着青石缓缓流淌，岸边的枫树一层层染上了红色。清晨薄雾未散，村里的老人已经背着竹篓上山采茶，\
                  他们说今年雨水充足，茶叶的香气比往年更加浓郁。午后阳光透过树叶洒在小路上，孩子们追逐着落叶，笑声在山间回荡。\
                  傍晚时分，炊烟从屋顶升起，家家户户围坐在一起，分享一天的收获和见闻。";
    common::write(d.path(), "arch/a.md", format!("# 山谷\n\n{copied}\n"));
    common::write(d.path(), "arch/b.md", format!("# 转载\n\n{copied}\n\n以上内容转自网络。\n"));
    common::write(
        d.path(),
        "arch/c.md",
        "# 菜谱\n\n把面粉和水揉成面团，醒发半小时后擀成薄片，切成细条下锅煮熟即可。\n",
    );
    let o = run(d.path(), &["audit", "arch", "--out", "out", "--no-config", "--dedup", "-q"]);
    assert_eq!(code(&o), 0, "{}", String::from_utf8_lossy(&o.stderr));
    let r: Value = serde_json::from_str(&read(d.path(), "report.json")).expect("json");
    let clusters = &r["duplicates"]["clusters"];
    assert_eq!(clusters.as_array().map(Vec::len), Some(1), "{clusters}");
    assert_eq!(clusters[0]["articles"], json!(["arch/a.md", "arch/b.md"]));
    assert_eq!(clusters[0]["pair_count"], 1);
    let pair = &clusters[0]["pairs"][0];
    assert!(pair["coverage_a"].as_f64().unwrap() > 0.8 && pair["coverage_b"].as_f64().unwrap() > 0.6, "{pair}");
    assert_eq!(r["duplicates"]["articles"], 0, "no corpus given");
    assert!(r["evidence"]["config"]["options"].as_array().unwrap().contains(&json!("--dedup")));
    let html = read(d.path(), "report.html");
    elements(&html);
    assert!(html.contains("重复簇 1（2 篇）") && !html.contains("与语料库重复"));
    // Without --dedup there is no duplicates block at all.
    let o = run(d.path(), &["audit", "arch", "--out", "out2", "--no-config", "-q"]);
    assert_eq!(code(&o), 0);
    let text = std::fs::read_to_string(d.path().join("out2/report.json")).expect("report.json");
    let r: Value = serde_json::from_str(&text).expect("json");
    assert_eq!(r["duplicates"], Value::Null);
}

/// Runs `command` (a shell line) under `script`, so hegui's stdout and stderr are a terminal;
/// returns what the terminal showed, or `None` when `script` (util-linux) is missing.
fn on_terminal(dir: &Path, command: &str) -> Option<String> {
    let o = std::process::Command::new("script")
        .args(["-qec", command, "/dev/null"])
        .env("HEGUI_CACHE_DIR", concat!(env!("CARGO_TARGET_TMPDIR"), "/hegui-cache"))
        .current_dir(dir)
        .stdin(std::process::Stdio::null())
        .output()
        .ok()?;
    Some(String::from_utf8_lossy(&o.stdout).into_owned())
}

#[test]
fn progress_bar_on_a_terminal_only_and_not_when_quiet() {
    let d = tempfile::tempdir().expect("tempdir");
    for i in 0..120 {
        common::write(d.path(), &format!("arch/a{i:03}.md"), format!("# 第{i}期\n\n本店商品全网最低价，欢迎选购。\n"));
    }
    // Not a terminal: stderr holds no bar for check or audit.
    let o = run(d.path(), &["check", "arch", "--no-config", "--output", "out.txt"]);
    assert_eq!(code(&o), 1);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(!err.contains("/120"), "{err}");
    let o = run(d.path(), &["audit", "arch", "--out", "out", "--no-config"]);
    assert!(!String::from_utf8_lossy(&o.stderr).contains("/120"));

    let bin = env!("CARGO_BIN_EXE_hegui");
    let Some(shown) = on_terminal(d.path(), &format!("{bin} check arch --no-config --output out.txt")) else {
        eprintln!("skipped: `script` (util-linux) is not installed");
        return;
    };
    assert!(shown.contains("/120 个文件"), "bar drawn on a terminal: {shown}");
    for quiet in [
        format!("{bin} check arch --no-config --output out.txt -q"),
        // Findings printed on the terminal: no bar to tear them.
        format!("{bin} check arch --no-config --format concise"),
        format!("{bin} audit arch --out out2 --no-config -q"),
    ] {
        let shown = on_terminal(d.path(), &quiet).expect("script ran before");
        assert!(!shown.contains("/120"), "{quiet}: {shown}");
    }
    let shown = on_terminal(d.path(), &format!("{bin} audit arch --out out3 --no-config")).expect("script");
    assert!(shown.contains("/120 个文件"), "audit draws one too: {shown}");
}
