//! Adopting hegui in CI: inline suppressions, baselines, several outputs per run, the GitHub
//! Action and the pre-commit hook. Each test runs the real binary on a temp folder.

use serde_json::Value;

mod common;
use common::{code, json, run, stderr, write};

/// An advert that breaks AD001 (最佳) — an error.
const AD: &str = "本品是最佳选择，欢迎选购。";

/// (rule, line) of each listed finding, and of each suppressed one with its reason.
fn listed(v: &Value) -> Vec<(String, u64)> {
    v["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| (f["rule"].as_str().expect("rule").to_owned(), f["start"]["line"].as_u64().expect("line")))
        .collect()
}

fn suppressed(v: &Value) -> Vec<(String, u64, String)> {
    v["suppressed"].as_array().map_or_else(Vec::new, |a| {
        a.iter()
            .map(|f| {
                (
                    f["rule"].as_str().expect("rule").to_owned(),
                    f["start"]["line"].as_u64().expect("line"),
                    f["suppression"]["reason"].as_str().unwrap_or("").to_owned(),
                )
            })
            .collect()
    })
}

#[test]
fn next_line_block_and_file_directives_silence_their_scope_only() {
    let d = tempfile::tempdir().expect("tempdir");
    let md = format!(
        "# 标题\n\n<!-- hegui-disable-next-line AD001 by=法务 -- 已确认 -->\n{AD}\n\n{AD}\n\n\
         <!-- hegui-disable adlaw -- 引用原文 -->\n{AD}\n<!-- hegui-enable adlaw -->\n\n{AD}\n"
    );
    write(d.path(), "a.md", &md);
    let o = run(d.path(), &["check", "--no-config", "a.md", "--format", "json"]);
    assert_eq!(code(&o), 1, "unsuppressed errors still fail: {}", stderr(&o));
    let v = json(&o);
    assert_eq!(listed(&v), [("AD001".to_owned(), 6), ("AD001".to_owned(), 12)]);
    assert_eq!(
        suppressed(&v),
        [("AD001".to_owned(), 4, "已确认".to_owned()), ("AD001".to_owned(), 9, "引用原文".to_owned())]
    );
    assert_eq!(v["suppressed"][0]["suppression"]["by"], "法务");
    assert_eq!(v["suppressed"][0]["suppression"]["kind"], "inline");
    assert_eq!(v["summary"]["suppressed"], 2);

    // A whole-file directive (case-insensitive id) silences everything of that rule: exit 0.
    write(d.path(), "b.md", format!("<!-- hegui-disable-file ad001 -- 示例 -->\n\n{AD}\n\n{AD}\n"));
    let o = run(d.path(), &["check", "--no-config", "b.md", "--format", "json"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert_eq!(suppressed(&json(&o)).len(), 2);
}

#[test]
fn plain_text_directives_are_lines_of_their_own() {
    let d = tempfile::tempdir().expect("tempdir");
    // The directive's own words (最佳 in its reason) are not article text.
    write(d.path(), "a.txt", format!("hegui-disable-next-line AD001 -- 最佳是品牌名\n{AD}\n{AD}\n"));
    let o = run(d.path(), &["check", "--no-config", "a.txt", "--format", "json"]);
    let v = json(&o);
    assert_eq!(listed(&v), [("AD001".to_owned(), 3)], "{v}");
    assert_eq!(suppressed(&v), [("AD001".to_owned(), 2, "最佳是品牌名".to_owned())]);
    // In Markdown the bare words are article text, not a directive.
    write(d.path(), "b.md", format!("hegui-disable-next-line AD001\n{AD}\n"));
    let o = run(d.path(), &["check", "--no-config", "b.md", "--format", "json"]);
    assert!(suppressed(&json(&o)).is_empty());
}

#[test]
fn unused_and_invalid_directives_are_reported() {
    let d = tempfile::tempdir().expect("tempdir");
    let md = "<!-- hegui-disable-next-line AD001 -->\n今天天气很好。\n\n<!-- hegui-disable-line AD999 -->\n\n<!-- hegui-disable-next-line -->\n平常的一句话。\n";
    write(d.path(), "a.md", md);
    let o = run(d.path(), &["--lang", "en", "check", "--no-config", "a.md", "--format", "json"]);
    assert_eq!(code(&o), 0, "warnings do not fail at the default level: {}", stderr(&o));
    let v = json(&o);
    assert_eq!(listed(&v), [("HG001".to_owned(), 1), ("HG002".to_owned(), 4), ("HG002".to_owned(), 6)]);
    let msgs: Vec<&str> =
        v["findings"].as_array().expect("findings").iter().filter_map(|f| f["message"].as_str()).collect();
    assert!(msgs[0].contains("unused suppression"), "{msgs:?}");
    assert!(msgs[1].contains("AD999"), "{msgs:?}");
    // The notes can be ignored like any rule.
    let o = run(d.path(), &["check", "--no-config", "a.md", "--format", "json", "--ignore", "HG"]);
    assert!(listed(&json(&o)).is_empty());
}

#[test]
fn require_reason_refuses_directives_without_one() {
    let d = tempfile::tempdir().expect("tempdir");
    write(d.path(), "hegui.toml", "[check]\nrequire-reason = true\n");
    write(
        d.path(),
        "a.md",
        format!(
            "<!-- hegui-disable-next-line AD001 -->\n{AD}\n\n<!-- hegui-disable-next-line AD001 -- 已确认 -->\n{AD}\n"
        ),
    );
    let o = run(d.path(), &["--lang", "en", "check", "a.md", "--format", "json"]);
    assert_eq!(code(&o), 1, "the directive without a reason does not apply: {}", stderr(&o));
    let v = json(&o);
    assert_eq!(listed(&v), [("HG002".to_owned(), 1), ("AD001".to_owned(), 2)]);
    assert_eq!(suppressed(&v).len(), 1);
}

#[test]
fn sarif_marks_suppressed_results() {
    let d = tempfile::tempdir().expect("tempdir");
    write(d.path(), "a.md", format!("<!-- hegui-disable-next-line AD001 by=li -- 已确认 -->\n{AD}\n\n{AD}\n"));
    let o = run(d.path(), &["check", "--no-config", "a.md", "--format", "sarif"]);
    let v = json(&o);
    let results = v["runs"][0]["results"].as_array().expect("results");
    assert_eq!(results.len(), 2, "the suppressed result is kept");
    let quiet: Vec<&Value> = results.iter().filter(|r| r.get("suppressions").is_some()).collect();
    assert_eq!(quiet.len(), 1);
    let s = &quiet[0]["suppressions"][0];
    assert_eq!(
        (&s["kind"], &s["justification"], &s["properties"]["by"]),
        (&"inSource".into(), &"已确认".into(), &"li".into())
    );
    assert_eq!(quiet[0]["locations"][0]["physicalLocation"]["region"]["startLine"], 2);
}

#[test]
fn baseline_survives_inserted_lines_and_fails_on_a_new_finding() {
    let d = tempfile::tempdir().expect("tempdir");
    write(d.path(), "a.md", format!("# 新品\n\n{AD}\n\n本店销量第一。\n"));
    let o = run(d.path(), &["check", "--no-config", ".", "--write-baseline", "hegui-baseline.json"]);
    assert_eq!(code(&o), 0, "writing a baseline accepts what is there: {}", stderr(&o));
    let o = run(d.path(), &["check", "--no-config", ".", "--baseline", "hegui-baseline.json", "--format", "json"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let before = suppressed(&json(&o));
    assert!(before.len() >= 2, "{before:?}");

    // Lines inserted above the known findings: still baselined.
    write(d.path(), "a.md", format!("# 新品\n\n导语一。\n\n导语二。\n\n{AD}\n\n本店销量第一。\n"));
    let o = run(d.path(), &["check", "--no-config", ".", "--baseline", "hegui-baseline.json", "--format", "json"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let v = json(&o);
    assert!(listed(&v).is_empty(), "{v}");
    let after = suppressed(&v);
    assert_eq!(after.len(), before.len());
    assert!(after.iter().zip(&before).all(|(a, b)| a.0 == b.0 && a.1 == b.1 + 4), "{after:?} vs {before:?}");
    assert_eq!(v["suppressed"][0]["suppression"]["kind"], "baseline");

    // A second occurrence of the same claim is new, and fails.
    write(d.path(), "a.md", format!("# 新品\n\n导语一。\n\n{AD}\n\n本店销量第一。\n\n{AD}\n"));
    let o = run(d.path(), &["check", "--no-config", ".", "--baseline", "hegui-baseline.json", "--format", "json"]);
    assert_eq!(code(&o), 1, "{}", stderr(&o));
    assert_eq!(listed(&json(&o)), [("AD001".to_owned(), 9)]);

    // A fixed finding leaves a stale entry, listed on stderr.
    write(d.path(), "a.md", format!("# 新品\n\n{AD}\n"));
    let o = run(d.path(), &["--lang", "en", "check", "--no-config", ".", "--baseline", "hegui-baseline.json"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert!(stderr(&o).contains("no longer occur") && stderr(&o).contains("销量第一"), "{}", stderr(&o));

    // A missing or broken baseline is an error naming the file.
    let o = run(d.path(), &["check", "--no-config", ".", "--baseline", "nope.json"]);
    assert_eq!(code(&o), 2);
    assert!(stderr(&o).contains("nope.json"), "{}", stderr(&o));
}

/// Runs `hegui` in `dir` with `env` set (and `GITHUB_STEP_SUMMARY` unset unless given).
fn run_env(dir: &std::path::Path, args: &[&str], env: &[(&str, &std::path::Path)]) -> std::process::Output {
    let mut c = common::hegui();
    c.current_dir(dir).args(args).env_remove("GITHUB_STEP_SUMMARY");
    for (k, v) in env {
        c.env(k, v);
    }
    c.output().expect("run hegui")
}

/// Thirteen error claims in one advert: more than GitHub annotates.
fn many(d: &std::path::Path) {
    let body: String = (0..12).map(|i| format!("第{i}段：{AD}\n\n")).collect();
    write(d, "many.md", body + "商品全网最低价。\n");
}

#[test]
fn several_outputs_in_one_run_equal_separate_runs() {
    let d = tempfile::tempdir().expect("tempdir");
    many(d.path());
    let o = run_env(
        d.path(),
        &[
            "check",
            "--no-config",
            ".",
            "--output-format",
            "sarif=out.sarif",
            "--output-format",
            "json=out.json",
            "--output-format",
            "github",
        ],
        &[],
    );
    assert_eq!(code(&o), 1, "{}", stderr(&o));
    let gh_once = String::from_utf8_lossy(&o.stdout).into_owned();
    for (fmt, file) in [("sarif", "out.sarif"), ("json", "out.json")] {
        let alone = run_env(d.path(), &["check", "--no-config", ".", "--format", fmt], &[]);
        let written = std::fs::read(d.path().join(file)).expect("report file");
        assert_eq!(written, alone.stdout, "{fmt} written in one run equals a run of its own");
    }
    let alone = run_env(d.path(), &["check", "--no-config", ".", "--format", "github"], &[]);
    assert_eq!(gh_once, String::from_utf8_lossy(&alone.stdout));
    // Two reports cannot both go to standard output; --output does not mix with --output-format.
    let o =
        run_env(d.path(), &["check", "--no-config", ".", "--output-format", "json", "--output-format", "github"], &[]);
    assert_eq!(code(&o), 2);
    let o = run_env(d.path(), &["check", "--no-config", ".", "--output-format", "json", "-o", "x.json"], &[]);
    assert_eq!(code(&o), 2);
    let o = run_env(d.path(), &["check", "--no-config", ".", "--output-format", "yaml=x"], &[]);
    assert_eq!(code(&o), 2);
}

#[test]
fn github_output_annotates_the_most_severe_ten_and_writes_a_step_summary() {
    let d = tempfile::tempdir().expect("tempdir");
    many(d.path());
    let summary = d.path().join("step-summary.md");
    std::fs::write(&summary, "earlier step\n").expect("write");
    let o = run_env(
        d.path(),
        &["--lang", "en", "check", "--no-config", ".", "--format", "github"],
        &[("GITHUB_STEP_SUMMARY", &summary)],
    );
    assert_eq!(code(&o), 1, "{}", stderr(&o));
    let out = String::from_utf8_lossy(&o.stdout);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.iter().filter(|l| l.starts_with("::error ")).count(), 10);
    assert!(lines[0].starts_with("::error "), "errors first: {out}");
    assert_eq!(lines.iter().filter(|l| l.starts_with("many.md:")).count(), 3, "the rest are log lines: {out}");
    assert!(lines.iter().any(|l| l.starts_with("::notice title=hegui::3 more findings")), "{out}");
    let md = std::fs::read_to_string(&summary).expect("step summary");
    assert!(md.starts_with("earlier step\n## hegui compliance check"), "appended: {md}");
    assert!(md.contains("| `AD001` |") && md.contains("| `many.md` | 13 |") && md.contains("[!NOTE]"), "{md}");
}

#[test]
fn concise_is_one_line_per_finding_and_quiet_drops_the_summary() {
    let d = tempfile::tempdir().expect("tempdir");
    write(d.path(), "a.md", format!("# 新品\n\n{AD}\n"));
    write(d.path(), "logo.png", [0u8, 159, 146, 150, 0, 0]);
    let o = run(d.path(), &["--lang", "en", "check", "--no-config", ".", "--format", "concise"]);
    assert_eq!(code(&o), 1);
    let out = String::from_utf8_lossy(&o.stdout);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 2, "{out}");
    assert!(lines[0].starts_with("a.md:3:4: error[AD001] Absolute term"), "{out}");
    assert!(lines[1].starts_with("Found 1 problem"), "{out}");
    for fmt in ["concise", "human"] {
        let o = run(d.path(), &["--lang", "en", "check", "--no-config", ".", "-q", "--format", fmt]);
        assert_eq!(code(&o), 1);
        let out = String::from_utf8_lossy(&o.stdout);
        assert!(!out.contains("Found 1 problem") && out.contains("AD001"), "{fmt}: {out}");
        assert!(stderr(&o).is_empty(), "no note about the skipped file: {}", stderr(&o));
    }
}

#[test]
fn per_file_ignores_apply_from_a_sub_folder_however_the_path_is_written() {
    let d = tempfile::tempdir().expect("tempdir");
    write(d.path(), "hegui.toml", "[files]\nper-file-ignores = { \"drafts/legacy/**\" = [\"AD001\"] }\n");
    write(d.path(), "drafts/legacy/a.txt", AD);
    write(d.path(), "drafts/b.txt", AD);
    let drafts = d.path().join("drafts");
    for (dir, args) in [
        (d.path(), vec!["."]),
        (drafts.as_path(), vec!["."]),
        (drafts.as_path(), vec!["./legacy", "./b.txt"]),
        (drafts.as_path(), vec!["./legacy/a.txt", "b.txt"]),
        (drafts.as_path(), vec!["../drafts/legacy", "b.txt"]),
    ] {
        let mut a = vec!["check", "--format", "json"];
        a.extend(&args);
        let o = run(dir, &a);
        let files: Vec<String> = json(&o)["findings"]
            .as_array()
            .expect("findings")
            .iter()
            .map(|f| f["path"].as_str().expect("path").to_owned())
            .collect();
        assert_eq!(files.len(), 1, "only b.txt, from {} with {args:?}: {files:?}", dir.display());
        assert!(files[0].ends_with("b.txt"), "{files:?}");
    }
}

#[test]
fn no_ignore_also_reads_heguiignore() {
    let d = tempfile::tempdir().expect("tempdir");
    write(d.path(), ".heguiignore", "old/\n");
    write(d.path(), "old/a.txt", AD);
    write(d.path(), "b.txt", AD);
    let count = |args: &[&str]| {
        let mut a = vec!["check", "--no-config", ".", "--format", "json"];
        a.extend(args);
        json(&run(d.path(), &a))["summary"]["files_scanned"].as_u64().expect("files_scanned")
    };
    assert_eq!(count(&[]), 1, ".heguiignore is respected");
    assert_eq!(count(&["--no-ignore"]), 2, "--no-ignore lifts .heguiignore too");
}

#[test]
fn the_configs_own_word_lists_are_not_scanned_as_articles() {
    let d = tempfile::tempdir().expect("tempdir");
    write(
        d.path(),
        "hegui.toml",
        "rules.packs = [\"packs/house.toml\"]\n\n[[wordlists]]\npath = \"lists/banned.txt\"\nid = \"USR001\"\ncategory = \"custom\"\nmessage = \"禁用词「{term}」\"\n",
    );
    write(d.path(), "lists/banned.txt", "禁词甲\n");
    write(
        d.path(),
        "packs/house.toml",
        "[pack]\nname = \"house\"\n\n[[rules]]\nid = \"HS001\"\ncategory = \"house\"\nseverity = \"error\"\nmessage = \"内部禁用「{term}」\"\nterms_file = \"house.txt\"\n",
    );
    write(d.path(), "packs/house.txt", "禁词乙\n");
    write(d.path(), "post.md", "正文里有禁词甲和禁词乙。\n");
    let o = run(d.path(), &["check", ".", "--format", "json"]);
    let v = json(&o);
    assert_eq!(v["summary"]["files_scanned"], 1, "only the article: {v}");
    let rules: Vec<&str> =
        v["findings"].as_array().expect("findings").iter().filter_map(|f| f["rule"].as_str()).collect();
    assert_eq!(rules, ["USR001", "HS001"]);
    // Named explicitly, a list is scanned like any file.
    let o = run(d.path(), &["check", "lists/banned.txt", "--format", "json"]);
    assert_eq!(json(&o)["summary"]["files_scanned"], 1);
}

#[test]
fn scanning_no_file_is_an_error_unless_allowed() {
    let d = tempfile::tempdir().expect("tempdir");
    write(d.path(), "notes.rs", "fn main() {}\n");
    let o = run(d.path(), &["--lang", "en", "check", "--no-config", "."]);
    assert_eq!(code(&o), 2);
    assert!(stderr(&o).contains("no file was scanned") && stderr(&o).contains("--allow-empty"), "{}", stderr(&o));
    let o = run(d.path(), &["check", "--no-config", ".", "--allow-empty"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
}

#[test]
fn rule_selectors_are_case_insensitive_and_typos_get_a_suggestion() {
    let d = tempfile::tempdir().expect("tempdir");
    write(d.path(), "a.txt", format!("{AD}\n"));
    let o = run(d.path(), &["check", "--no-config", "a.txt", "--select", "ad001", "--format", "json"]);
    assert_eq!(code(&o), 1, "{}", stderr(&o));
    assert_eq!(listed(&json(&o)), [("AD001".to_owned(), 1)]);
    let o = run(d.path(), &["check", "--no-config", "a.txt", "--ignore", "ADLAW", "--format", "json"]);
    assert!(listed(&json(&o)).is_empty(), "{}", stderr(&o));
    // A typo names the flag (there is no hegui.toml to blame) and the nearest rule.
    let o = run(d.path(), &["check", "--no-config", "a.txt", "--select", "AD0001"]);
    assert_eq!(code(&o), 2);
    let err = stderr(&o);
    assert!(err.contains("--select") && !err.contains("hegui.toml") && err.contains("did you mean `AD001`"), "{err}");
    // In hegui.toml, the file and key are named.
    write(d.path(), "hegui.toml", "[rules]\nignore = [\"AD99\"]\n");
    let o = run(d.path(), &["check", "a.txt"]);
    assert_eq!(code(&o), 2);
    assert!(stderr(&o).contains("hegui.toml") && stderr(&o).contains("rules.ignore"), "{}", stderr(&o));
}

#[test]
fn rules_list_has_a_header() {
    let d = tempfile::tempdir().expect("tempdir");
    let o = run(d.path(), &["--lang", "en", "rules", "list", "--no-config"]);
    let out = String::from_utf8_lossy(&o.stdout);
    let first: Vec<&str> = out.lines().next().expect("a line").split_whitespace().collect();
    assert_eq!(first, ["id", "severity", "category", "terms", "name", "reference"]);
}

#[test]
fn statistics_and_gitlab_code_quality() {
    let d = tempfile::tempdir().expect("tempdir");
    write(d.path(), "a.md", format!("# 新品\n\n{AD}\n\n{AD}\n\n本店商品全网最低价。\n"));
    let o = run(d.path(), &["--lang", "en", "check", "--no-config", "a.md", "--statistics"]);
    assert_eq!(code(&o), 1, "{}", stderr(&o));
    let out = String::from_utf8_lossy(&o.stdout);
    let lines: Vec<&str> = out.lines().collect();
    assert!(lines[0].starts_with("     2  AD001   error    Absolute term"), "{out}");
    assert!(lines[1].starts_with("     1  AD004 "), "{out}");
    assert!(lines[2].starts_with("Found 3 problems"), "{out}");
    let o = run(d.path(), &["check", "--no-config", "a.md", "--format", "gitlab"]);
    let v = json(&o);
    let issues = v.as_array().expect("Code Quality is an array");
    assert_eq!(issues.len(), 3);
    assert_eq!((&issues[0]["check_name"], &issues[0]["severity"]), (&"AD001".into(), &"major".into()));
    assert_eq!(issues[0]["location"]["lines"]["begin"], 3);
    assert_ne!(issues[0]["fingerprint"], issues[1]["fingerprint"], "two occurrences, two fingerprints");
}

#[test]
fn version_names_the_packs_content_hash() {
    let o = common::hegui().arg("--version").output().expect("run");
    assert_eq!(code(&o), 0);
    let out = String::from_utf8_lossy(&o.stdout);
    let hash =
        out.trim().rsplit_once("(packs ").and_then(|(_, h)| h.strip_suffix(')')).unwrap_or_else(|| panic!("{out}"));
    assert!(hash.len() == 12 && hash.bytes().all(|b| b.is_ascii_hexdigit()), "{out}");
    assert!(out.starts_with(&format!("hegui {}", env!("CARGO_PKG_VERSION"))), "{out}");
}

#[test]
fn watch_help_offers_only_the_formats_it_writes() {
    let o = common::hegui().args(["watch", "--help"]).output().expect("run");
    let help = String::from_utf8_lossy(&o.stdout);
    assert!(help.contains("jsonl") && help.contains("human"), "{help}");
    for other in ["sarif", "github", "gitlab", "concise"] {
        assert!(!help.contains(other), "watch --help offers {other}: {help}");
    }
    let o = common::hegui().args(["check", "--help"]).output().expect("run");
    assert!(String::from_utf8_lossy(&o.stdout).contains("sarif"));
}

#[test]
fn more_extensions_can_be_scanned_by_config() {
    let d = tempfile::tempdir().expect("tempdir");
    write(d.path(), "post.mdx", format!("---\ntitle: 新品\n---\n\n{AD}\n"));
    let o = run(d.path(), &["check", "--no-config", ".", "--allow-empty", "--format", "json"]);
    assert_eq!(json(&o)["summary"]["files_scanned"], 0, "unknown extensions are not walked");
    write(d.path(), "hegui.toml", "[files]\nextensions = { mdx = \"markdown\" }\n");
    let o = run(d.path(), &["check", ".", "--format", "json"]);
    let v = json(&o);
    assert_eq!(v["summary"]["files_scanned"], 1, "{v}");
    assert_eq!(listed(&v), [("AD001".to_owned(), 5)], "read as Markdown: front matter is not body text");
    write(d.path(), "hegui.toml", "[files]\nextensions = { mdx = \"latex\" }\n");
    let o = run(d.path(), &["check", "."]);
    assert_eq!(code(&o), 2);
    assert!(stderr(&o).contains("hegui.toml") && stderr(&o).contains("files.extensions.mdx"), "{}", stderr(&o));
}

#[test]
fn rules_explain_shows_a_near_rules_partners_and_reach() {
    let d = tempfile::tempdir().expect("tempdir");
    let o = run(d.path(), &["--lang", "en", "rules", "explain", "ad103", "--no-config"]);
    assert_eq!(code(&o), 0, "ids are case-insensitive: {}", stderr(&o));
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(out.contains("kind: near") && out.contains("only near (in the same sentence): 疾病"), "{out}");
}

/// Runs the binary with `args` and returns its standard output (asserting exit 0).
fn stdout_of(cmd: &mut std::process::Command) -> String {
    let o = cmd.output().expect("run");
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    String::from_utf8(o.stdout).expect("UTF-8")
}

/// The subcommands `hegui --help` lists (English help, `help` left out).
fn subcommands() -> Vec<String> {
    let help = stdout_of(common::hegui().args(["--lang", "en", "--help"]));
    let list = help.split("Commands:").nth(1).and_then(|s| s.split("\n\n").next()).expect("a Commands section");
    let names: Vec<String> =
        list.lines().filter_map(|l| l.split_whitespace().next()).filter(|n| *n != "help").map(str::to_owned).collect();
    assert!(names.len() >= 8 && names.contains(&"check".to_owned()), "{names:?}");
    names
}

/// The long options `hegui check --help` lists.
fn check_options() -> Vec<String> {
    let help = stdout_of(common::hegui().args(["check", "--lang", "en", "--help"]));
    let mut opts: Vec<String> = help
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|w| w.starts_with("--") && w.len() > 2 && w[2..].bytes().all(|b| b.is_ascii_lowercase() || b == b'-'))
        .map(str::to_owned)
        .collect();
    opts.sort();
    opts.dedup();
    for o in ["--format", "--baseline", "--output-format", "--fail-level", "--lang", "--help"] {
        assert!(opts.iter().any(|x| x == o), "{o} in {opts:?}");
    }
    opts
}

#[test]
fn help_is_chinese_by_default_and_english_on_request() {
    let zh = stdout_of(common::hegui().arg("--help"));
    assert!(zh.contains("用法") && zh.contains("检查文件和文件夹") && zh.contains("显示帮助"), "{zh}");
    assert!(!zh.contains("Usage:") && !zh.contains("Scan files"), "{zh}");
    for args in [&["check", "--help"][..], &["check", "-h"]] {
        let zh = stdout_of(common::hegui().args(args));
        assert!(zh.contains("报告格式") && zh.contains("达到此级别的问题使退出码为 1"), "{zh}");
        assert!(zh.contains("[默认：human]") && zh.contains("sarif"), "{zh}");
        assert!(!zh.contains("Usage:") && !zh.contains("[default:") && !zh.contains("Report format"), "{zh}");
    }
    let long = stdout_of(common::hegui().args(["check", "--help"]));
    assert!(long.contains("SARIF 2.1.0，供代码扫描工具使用") && !long.contains("Possible values"), "{long}");

    let en = stdout_of(common::hegui().args(["check", "--help", "--lang", "en"]));
    assert!(en.contains("Usage:") && en.contains("Report format") && !en.contains("报告格式"), "{en}");
    let en = stdout_of(common::hegui().args(["--lang=en", "--help"]));
    assert!(en.contains("Scan files and folders") && !en.contains("用法"), "{en}");
    let en = stdout_of(common::hegui().args(["check", "--help"]).env("HEGUI_LANG", "en"));
    assert!(en.contains("Report format") && !en.contains("报告格式"), "{en}");
    // The flag wins over the environment, as for messages.
    let zh = stdout_of(common::hegui().args(["check", "--help", "--lang", "zh"]).env("HEGUI_LANG", "en"));
    assert!(zh.contains("报告格式"), "{zh}");
}

#[test]
fn completions_for_every_shell_name_every_subcommand() {
    let subs = subcommands();
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let script = stdout_of(common::hegui().args(["completions", shell]));
        assert!(script.len() > 1000, "{shell}: {script}");
        for sub in &subs {
            assert!(script.contains(sub.as_str()), "{shell} completion lacks {sub}");
        }
    }
    let bash = stdout_of(common::hegui().args(["completions", "bash"]));
    assert!(bash.contains("complete -F _hegui") && bash.contains("hegui__subcmd__check"), "{bash}");
    for opt in check_options() {
        assert!(bash.contains(&opt), "bash completion lacks check {opt}");
    }
    // The script completes in a real bash: a subcommand, an option, an option's values.
    let d = tempfile::tempdir().expect("tempdir");
    write(d.path(), "hegui.bash", &bash);
    let complete = |words: &str, cword: usize, cur: &str, prev: &str| {
        let script = format!(
            "source hegui.bash; COMP_WORDS=({words}); COMP_CWORD={cword}; _hegui hegui '{cur}' '{prev}'; echo \"${{COMPREPLY[@]}}\""
        );
        match std::process::Command::new("bash").arg("-c").arg(script).current_dir(d.path()).output() {
            Ok(o) => Some(String::from_utf8_lossy(&o.stdout).trim().to_owned()),
            Err(_) => None,
        }
    };
    match complete("hegui ch", 1, "ch", "hegui") {
        None => eprintln!("SKIP: no bash to run the completion script in"),
        Some(words) => {
            assert_eq!(words, "check");
            assert_eq!(complete("hegui check --fail", 2, "--fail", "check").as_deref(), Some("--fail-level"));
            assert_eq!(
                complete("hegui check --fail-level ''", 3, "", "--fail-level").as_deref(),
                Some("info warning error")
            );
        }
    }
    let o = common::hegui().args(["completions", "tcsh"]).output().expect("run");
    assert_eq!(code(&o), 2, "an unknown shell is a usage error");
}

#[test]
fn man_pages_name_every_subcommand_and_every_option_of_check() {
    // roff escapes `-` as `\-`.
    let unescape = |s: String| s.replace("\\-", "-");
    let page = unescape(stdout_of(common::hegui().arg("man")));
    assert!(page.starts_with(".ie") || page.contains(".TH hegui 1"), "{page}");
    assert!(page.contains(".TH hegui 1") && page.contains("显示帮助"), "{page}");
    assert!(!page.contains("hegui-help(1)"), "{page}");
    for sub in subcommands() {
        assert!(page.contains(&format!("hegui-{sub}(1)")), "man page lacks {sub}");
    }
    let check = unescape(stdout_of(common::hegui().args(["man", "check"])));
    assert!(check.contains(".TH hegui-check 1"), "{check}");
    for opt in check_options() {
        assert!(check.contains(&format!("\\fB{opt}\\fR")), "man hegui-check lacks {opt}");
    }
    let en = unescape(stdout_of(common::hegui().args(["man", "check", "--lang", "en"])));
    assert!(en.contains("Report format") && !en.contains("报告格式"), "{en}");
    let rules_list = unescape(stdout_of(common::hegui().args(["man", "rules", "list"])));
    assert!(rules_list.contains(".TH hegui-rules-list 1") && rules_list.contains("--stats"), "{rules_list}");

    let d = tempfile::tempdir().expect("tempdir");
    let listed = stdout_of(common::hegui().args(["man", "--dir"]).arg(d.path()));
    assert!(!listed.contains("help"), "no pages for the help subcommand: {listed}");
    assert_eq!(listed.lines().count(), std::fs::read_dir(d.path()).expect("ls").count(), "{listed}");
    for name in ["hegui.1", "hegui-check.1", "hegui-rules-explain.1", "hegui-corpus-add.1"] {
        assert!(d.path().join(name).is_file(), "{name} not written; listed:\n{listed}");
        assert!(listed.contains(name), "{listed}");
    }
    let o = run(d.path(), &["man", "nope"]);
    assert_eq!(code(&o), 2);
    assert!(stderr(&o).contains("nope"), "{}", stderr(&o));
}

#[test]
fn sarif_rules_have_a_title_tags_and_help_with_examples() {
    let d = tempfile::tempdir().expect("tempdir");
    write(d.path(), "a.md", AD);
    let sarif = json(&run(d.path(), &["check", ".", "--format", "sarif"]));
    let rules = sarif["runs"][0]["tool"]["driver"]["rules"].as_array().expect("rules").clone();
    let listed = json(&run(d.path(), &["rules", "list", "--json"]));
    let listed = listed.as_array().expect("a list");
    assert!(listed.len() > 20 && rules.len() >= listed.len(), "{} rules, {} listed", rules.len(), listed.len());
    let mut with_examples = 0;
    for meta in listed {
        let id = meta["id"].as_str().expect("id");
        let rule = rules.iter().find(|r| r["id"] == id).unwrap_or_else(|| panic!("{id} not in SARIF"));
        let short = rule["shortDescription"]["text"].as_str().expect("short");
        let full = rule["fullDescription"]["text"].as_str().expect("full");
        assert!(!short.is_empty() && !short.contains('{') && !short.contains('。'), "{id}: {short}");
        assert!(full.starts_with(short) && full.len() > short.len(), "{id}: {short} / {full}");
        assert!(!full.contains("{near}") && !full.contains("{term}"), "{id}: {full}");
        assert_eq!(rule["name"], meta["name"], "{id}");
        let tags: Vec<&str> =
            rule["properties"]["tags"].as_array().expect("tags").iter().filter_map(Value::as_str).collect();
        assert_eq!(tags[0], meta["category"].as_str().expect("category"), "{id}");
        match meta["label"].as_u64() {
            Some(label) => {
                assert_eq!(rule["properties"]["label"], label, "{id}");
                assert!(tags.len() == 2 && tags[1].starts_with(&label.to_string()), "{id}: {tags:?}");
            }
            None => assert_eq!(tags.len(), 1, "{id}: {tags:?}"),
        }
        let md = rule["help"]["markdown"].as_str().expect("markdown");
        assert!(md.contains(&format!("hegui-disable-next-line {id}")), "{id}: {md}");
        if let Some(hit) = meta["hit"].as_array().and_then(|h| h.first()).and_then(Value::as_str) {
            assert!(md.contains("**命中示例**") && md.contains(hit.trim_end()), "{id}: {md}");
            assert!(rule["help"]["text"].as_str().expect("text").contains(hit.trim_end()), "{id}");
            with_examples += 1;
        }
    }
    assert!(with_examples > 20, "only {with_examples} rules have examples");
}

#[test]
fn parse_errors_are_chinese_by_default_and_english_on_request() {
    let out = common::hegui().args(["check", "--fromat", "json"]).output().expect("runs");
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("错误：无法识别的参数「--fromat」") && err.contains("「--format」"), "{err}");
    assert!(!err.contains("unexpected argument"), "{err}");
    let out = common::hegui().args(["check", "--fromat", "json", "--lang", "en"]).output().expect("runs");
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("unexpected argument '--fromat'") && !err.contains("错误"), "{err}");
}
