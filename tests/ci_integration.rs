//! The install paths a team adopts: the GitHub Action (action.yml and the script it runs) and the
//! pre-commit hook (.pre-commit-hooks.yaml). Both files must parse, and what they run must work
//! against this build: the Action's script runs here with a fake GITHUB_OUTPUT and
//! GITHUB_STEP_SUMMARY, and the hook's entry runs the way pre-commit runs it (entry, then the
//! staged files that match `files`).

use std::path::{Path, PathBuf};
use std::process::Command;

use yaml_rust2::{Yaml, YamlLoader};

mod common;
use common::{code, stderr, write};

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn load(name: &str) -> Yaml {
    let text = std::fs::read_to_string(repo().join(name)).unwrap_or_else(|e| panic!("{name}: {e}"));
    let mut docs = YamlLoader::load_from_str(&text).unwrap_or_else(|e| panic!("{name} is not YAML: {e}"));
    assert_eq!(docs.len(), 1, "{name}: one document");
    docs.remove(0)
}

fn s<'a>(y: &'a Yaml, what: &str) -> &'a str {
    y.as_str().unwrap_or_else(|| panic!("{what}: a string, got {y:?}"))
}

/// An article with one error claim, and one clean article.
fn articles(d: &Path) {
    write(d, "posts/ad.md", "# 新品\n\n本品是最佳选择，欢迎选购。\n");
    write(d, "posts/clean.md", "# 散步\n\n今天我们去公园散步，天气很好。\n");
}

#[test]
fn action_yml_runs_its_script_and_the_script_works() {
    let action = load("action.yml");
    assert_eq!(s(&action["runs"]["using"], "runs.using"), "composite");
    let steps = action["runs"]["steps"].as_vec().expect("steps");
    let runs: Vec<&str> = steps.iter().filter_map(|st| st["run"].as_str()).collect();
    assert!(runs.iter().any(|r| r.contains("cargo install --locked --path")), "installs from the action's checkout");
    assert!(runs.iter().any(|r| r.contains("scripts/action-run.sh")), "runs the tested script");
    assert!(
        steps.iter().any(|st| st["uses"].as_str().is_some_and(|u| u.starts_with("github/codeql-action/upload-sarif")))
    );
    let inputs = action["inputs"].as_hash().expect("inputs");
    for name in ["paths", "fail-level", "config", "baseline", "sarif", "upload-sarif", "args"] {
        assert!(inputs.contains_key(&Yaml::String(name.into())), "input {name}");
    }

    let d = tempfile::tempdir().expect("tempdir");
    articles(d.path());
    let (out, summary) = (d.path().join("github-output"), d.path().join("step-summary.md"));
    let run = |fail_level: &str| {
        Command::new("bash")
            .arg(repo().join("scripts/action-run.sh"))
            .current_dir(d.path())
            .env("HEGUI_BIN", env!("CARGO_BIN_EXE_hegui"))
            .env("HEGUI_CACHE_DIR", concat!(env!("CARGO_TARGET_TMPDIR"), "/hegui-cache"))
            .env("HEGUI_PATHS", "posts")
            .env("HEGUI_FAIL_LEVEL", fail_level)
            .env("HEGUI_SARIF", "hegui.sarif")
            .env("HEGUI_ARGS", "--no-config")
            .env("GITHUB_OUTPUT", &out)
            .env("GITHUB_STEP_SUMMARY", &summary)
            .env_remove("HEGUI_LANG")
            .output()
            .expect("bash")
    };
    let o = run("error");
    assert_eq!(code(&o), 0, "the script leaves failing to the last step: {}", stderr(&o));
    let stdout = String::from_utf8_lossy(&o.stdout);
    assert!(stdout.lines().any(|l| l.starts_with("::error file=posts/ad.md,line=3")), "{stdout}");
    assert_eq!(std::fs::read_to_string(&out).expect("GITHUB_OUTPUT"), "exit-code=1\n");
    let md = std::fs::read_to_string(&summary).expect("step summary");
    assert!(md.contains("## hegui 合规检查") && md.contains("| `AD001` |"), "{md}");
    let sarif: serde_json::Value =
        serde_json::from_slice(&std::fs::read(d.path().join("hegui.sarif")).expect("sarif")).expect("SARIF is JSON");
    assert_eq!(sarif["runs"][0]["results"][0]["ruleId"], "AD001");
    // A broken fail level is an error (exit 2), reported as such.
    std::fs::remove_file(&out).expect("rm");
    let o = run("fatal");
    assert_eq!(code(&o), 0);
    assert_eq!(std::fs::read_to_string(&out).expect("GITHUB_OUTPUT"), "exit-code=2\n");
}

#[test]
fn pre_commit_hook_entry_runs_on_the_staged_files_it_matches() {
    let hooks = load(".pre-commit-hooks.yaml");
    let hooks = hooks.as_vec().expect("a list of hooks");
    let hook = hooks.iter().find(|h| h["id"].as_str() == Some("hegui")).expect("hook `hegui`");
    assert_eq!(s(&hook["language"], "language"), "system", "runs offline with the installed hegui");
    let entry: Vec<&str> = s(&hook["entry"], "entry").split_whitespace().collect();
    assert_eq!(entry[0], "hegui");
    let files = regex::Regex::new(s(&hook["files"], "files")).expect("`files` is a regex");

    let d = tempfile::tempdir().expect("tempdir");
    articles(d.path());
    write(d.path(), "src/main.rs", "fn main() {} // 最佳\n");
    let staged = ["posts/ad.md", "posts/clean.md", "src/main.rs"];
    let matched: Vec<&str> = staged.iter().copied().filter(|f| files.is_match(f)).collect();
    assert_eq!(matched, ["posts/ad.md", "posts/clean.md"]);
    let o = Command::new(env!("CARGO_BIN_EXE_hegui"))
        .env("HEGUI_CACHE_DIR", concat!(env!("CARGO_TARGET_TMPDIR"), "/hegui-cache"))
        .args(&entry[1..])
        .args(&matched)
        .current_dir(d.path())
        .env_remove("HEGUI_LANG")
        .output()
        .expect("run the hook entry");
    assert_eq!(code(&o), 1, "a finding fails the commit: {}", stderr(&o));
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(out.starts_with("posts/ad.md:3:4: error[AD001]"), "{out}");
    let o = Command::new(env!("CARGO_BIN_EXE_hegui"))
        .env("HEGUI_CACHE_DIR", concat!(env!("CARGO_TARGET_TMPDIR"), "/hegui-cache"))
        .args(&entry[1..])
        .arg("posts/clean.md")
        .current_dir(d.path())
        .output()
        .expect("run the hook entry");
    assert_eq!(code(&o), 0, "{}", stderr(&o));
}

#[test]
fn the_readme_ci_commands_run_as_written() {
    let readme = std::fs::read_to_string(repo().join("README.md")).expect("README");
    let start = readme.find("## Use in CI").expect("a Use in CI section");
    let section = &readme[start..readme[start + 3..].find("\n## ").map_or(readme.len(), |e| start + 3 + e)];
    let commands: Vec<Vec<String>> = section
        .lines()
        .filter_map(|l| l.find("hegui check ").map(|i| &l[i..]))
        .map(|c| c.trim_end_matches(['`', ')', '.']).split_whitespace().skip(1).map(str::to_owned).collect())
        .collect();
    assert!(commands.len() >= 2, "{commands:?}");
    let d = tempfile::tempdir().expect("tempdir");
    articles(d.path());
    for args in commands {
        let o = Command::new(env!("CARGO_BIN_EXE_hegui"))
            .env("HEGUI_CACHE_DIR", concat!(env!("CARGO_TARGET_TMPDIR"), "/hegui-cache"))
            .args(&args)
            .current_dir(d.path())
            .env_remove("GITHUB_STEP_SUMMARY")
            .output()
            .expect("run");
        assert_eq!(code(&o), 1, "{args:?} finds the advert: {}", stderr(&o));
    }
}

/// The YAML blocks of the README's "Use in CI" section, parsed.
fn readme_yaml_blocks() -> Vec<Yaml> {
    let readme = std::fs::read_to_string(repo().join("README.md")).expect("README");
    let start = readme.find("## Use in CI").expect("a Use in CI section");
    let section = &readme[start..readme[start + 3..].find("\n## ").map_or(readme.len(), |e| start + 3 + e)];
    section
        .split("```yaml\n")
        .skip(1)
        .map(|b| {
            let block = b.split("```").next().unwrap_or_default();
            let mut docs = YamlLoader::load_from_str(block).unwrap_or_else(|e| panic!("not YAML: {e}\n{block}"));
            assert_eq!(docs.len(), 1, "{block}");
            docs.remove(0)
        })
        .collect()
}

#[test]
fn the_readme_ci_configs_match_the_action_and_the_hook() {
    let blocks = readme_yaml_blocks();
    assert_eq!(blocks.len(), 3, "a GitHub workflow, a pre-commit config and a GitLab job");

    // The workflow uses this Action with inputs it declares.
    let action = load("action.yml");
    let inputs = action["inputs"].as_hash().expect("inputs");
    let steps = blocks[0]["jobs"]["hegui"]["steps"].as_vec().expect("workflow steps");
    let step = steps
        .iter()
        .find(|st| st["uses"].as_str().is_some_and(|u| u.contains("/hegui@")))
        .expect("a step that uses the hegui Action");
    let with = step["with"].as_hash().expect("with");
    assert!(!with.is_empty());
    for key in with.keys() {
        let key = s(key, "input name");
        assert!(
            inputs.contains_key(&Yaml::String(key.to_owned())),
            "the workflow passes `{key}`, which action.yml lacks"
        );
    }
    assert!(
        blocks[0]["permissions"]["security-events"].as_str() == Some("write"),
        "SARIF upload needs security-events: write"
    );

    // The pre-commit config names hooks the repository defines.
    let hooks = load(".pre-commit-hooks.yaml");
    let ids: Vec<&str> = hooks.as_vec().expect("hooks").iter().map(|h| s(&h["id"], "hook id")).collect();
    for repo in blocks[1]["repos"].as_vec().expect("repos") {
        for hook in repo["hooks"].as_vec().expect("hooks") {
            let id = s(&hook["id"], "hook id");
            assert!(ids.contains(&id), "the README's pre-commit config uses `{id}`, not in {ids:?}");
        }
    }

    // The GitLab job writes the Code Quality report it declares.
    let job = &blocks[2]["hegui"];
    let report = s(&job["artifacts"]["reports"]["codequality"], "codequality report");
    let script: Vec<&str> = job["script"].as_vec().expect("script").iter().map(|l| s(l, "script line")).collect();
    assert!(script.iter().any(|l| l.contains(&format!("gitlab={report}"))), "{script:?} writes {report}");
}
