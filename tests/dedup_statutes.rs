//! Real-text check of the duplicate detector over `../shared/corpus/statutes` (beside the repo):
//! laws in two or more amended versions are genuine near-duplicates; unrelated laws that share
//! only legal boilerplate (本法自…起施行) must not be paired.

use std::path::Path;
use std::process::Command;

use serde_json::Value;

#[test]
fn amended_versions_cluster_and_unrelated_laws_do_not() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let statutes = root.join("../shared/corpus/statutes");
    assert!(statutes.is_dir(), "expected the statute corpus at {} (it sits beside the repo)", statutes.display());
    let out = Command::new(env!("CARGO_BIN_EXE_hegui"))
        .current_dir(root.join("../shared/corpus"))
        .args(["dedup", "statutes", "--json"])
        .output()
        .expect("run hegui dedup");
    assert_eq!(out.status.code(), Some(1), "clusters found: exit 1; stderr: {}", String::from_utf8_lossy(&out.stderr));
    let v: Value = serde_json::from_slice(&out.stdout).expect("JSON report");
    assert_eq!(v["documents"], 1052);
    let pairs = v["pairs"].as_array().expect("pairs");
    let name = |p: &Value| -> String {
        let file = p.as_str().expect("path").rsplit('/').next().unwrap_or_default().to_owned();
        file.split(['(', '.']).next().unwrap_or_default().to_owned()
    };
    let has = |law: &str| {
        pairs.iter().any(|p| {
            name(&p["a"]) == law && name(&p["b"]) == law && !p["passages"].as_array().expect("passages").is_empty()
        })
    };
    assert!(has("会计法"), "会计法 2017/2024 paired");
    assert!(has("反垄断法"), "反垄断法 2007/2022 paired");
    // Every pair is one law's versions, 刑法 and an amendment of it (amendments quote the articles
    // they change), or texts written in parallel that share whole articles, not just boilerplate
    // (checked by hand).
    let parallel = [
        ("国务院关于鼓励华侨和香港澳门同胞投资的规定", "国务院关于鼓励台湾同胞投资的规定"),
        ("台湾同胞投资保护法", "台湾同胞投资保护法实施细则"),
        ("反倾销条例", "反补贴条例"),
        ("导弹及相关物项和技术出口管制条例", "生物两用品及相关设备和技术出口管制条例"),
        ("法规规章备案审查条例", "法规规章备案条例"),
    ];
    let unrelated: Vec<String> = pairs
        .iter()
        .filter(|p| {
            let (a, b) = (name(&p["a"]), name(&p["b"]));
            a != b
                && !(a.starts_with("刑法") && b.starts_with("刑法"))
                && !parallel.iter().any(|&(x, y)| (a == x && b == y) || (a == y && b == x))
        })
        .map(|p| format!("{} ~ {}", p["a"], p["b"]))
        .collect();
    assert!(unrelated.is_empty(), "unrelated laws paired:\n{}", unrelated.join("\n"));
    assert!(pairs.len() >= 30, "amended versions found: {}", pairs.len());
}
