//! Real-text check of the duplicate detector over `../shared/corpus/statutes` (beside the repo):
//! laws in two or more amended versions are genuine near-duplicates; unrelated laws that share
//! only legal boilerplate (本法自…起施行) must not be paired.

use std::process::Command;

use serde_json::Value;

mod common;

#[test]
fn amended_versions_cluster_and_unrelated_laws_do_not() {
    let Some(statutes) = common::statutes("amended_versions_cluster_and_unrelated_laws_do_not") else { return };
    let corpus = statutes.parent().expect("statutes/ sits in corpus/");
    let out = Command::new(env!("CARGO_BIN_EXE_hegui"))
        .env("HEGUI_CACHE_DIR", concat!(env!("CARGO_TARGET_TMPDIR"), "/hegui-cache"))
        .current_dir(corpus)
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
    // Found since rewrite-tolerant (near / synonym) alignment: each pair shares whole articles with
    // systematic substitutions (法官 → 检察官, 香港 → 澳门, 水生 → 陆生, 警衔 → 消防救援衔) or one
    // quotes the other's articles (a 规定 quoting 海商法's liability limits with other amounts);
    // checked by hand from `hegui dedup statutes --json` (190 to 7,500 shared characters each).
    let parallel = [
        ("国务院关于鼓励华侨和香港澳门同胞投资的规定", "国务院关于鼓励台湾同胞投资的规定"),
        ("台湾同胞投资保护法", "台湾同胞投资保护法实施细则"),
        ("反倾销条例", "反补贴条例"),
        ("导弹及相关物项和技术出口管制条例", "生物两用品及相关设备和技术出口管制条例"),
        ("法规规章备案审查条例", "法规规章备案条例"),
        (
            "中国人民解放军选举全国人民代表大会和县级以上地方各级人民代表大会代表的办法",
            "全国人民代表大会和地方各级人民代表大会选举法",
        ),
        ("人民检察院组织法", "人民法院组织法"),
        ("外交特权与豁免条例", "领事特权与豁免条例"),
        ("检察官法", "法官法"),
        ("澳门特别行政区基本法", "香港特别行政区基本法"),
        ("澳门特别行政区驻军法", "香港特别行政区驻军法"),
        ("海商法", "港口间海上旅客运输赔偿责任限额规定"),
        ("关税法", "进出口关税条例"),
        ("反垄断法", "国务院关于经营者集中申报标准的规定"),
        ("密码法", "商用密码管理条例"),
        ("世界博览会标志保护条例", "奥林匹克标志保护条例"),
        ("人体器官捐献和移植条例", "人体器官移植条例"),
        ("人民警察警衔标志式样和佩带办法", "消防救援衔标志式样和佩带办法"),
        ("农业化学物质产品行政保护条例", "药品行政保护条例"),
        ("国有企业监事会暂行条例", "国有重点金融机构监事会暂行条例"),
        ("对外合作开采海洋石油资源条例", "对外合作开采陆上石油资源条例"),
        ("民办非企业单位登记管理暂行条例", "社会团体登记管理条例"),
        ("水生野生动物保护实施条例", "陆生野生动物保护实施条例"),
        ("矿产资源勘查区块登记管理办法", "矿产资源开采登记管理办法"),
        ("医疗器械生产监督管理办法", "医疗器械经营监督管理办法"),
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
    // Passages are typed, and the amended versions' unchanged articles are located verbatim.
    let kinds: std::collections::HashSet<&str> = pairs
        .iter()
        .flat_map(|p| p["passages"].as_array().expect("passages").iter())
        .filter_map(|q| q["kind"].as_str())
        .collect();
    for k in ["verbatim", "near", "reordered"] {
        assert!(kinds.contains(k), "{k} passages among {kinds:?}");
    }
}

/// Every statute plus a lightly mutated copy of it (2% of lines dropped, 0.5% of Han characters
/// replaced by other Han characters, fixed-seed): `hegui dedup` pairs every copy with its original.
#[test]
fn every_mutated_copy_is_paired_with_its_original() {
    let Some(statutes) = common::statutes("every_mutated_copy_is_paired_with_its_original") else { return };
    let dir = tempfile::tempdir().expect("temp dir");
    let mut files = Vec::new();
    md_files(&statutes, &mut files);
    files.sort();
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = move || {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        x
    };
    for (i, f) in files.iter().enumerate() {
        let text = std::fs::read_to_string(f).expect("statute");
        std::fs::write(dir.path().join(format!("d{i:04}.md")), &text).expect("write");
        let mut copy = String::with_capacity(text.len());
        for line in text.lines() {
            if next() % 100 < 2 {
                continue;
            }
            for c in line.chars() {
                let han = ('\u{4E00}'..='\u{9FFF}').contains(&c);
                let c = if han && next() % 1000 < 5 {
                    char::from_u32(0x4E00 + (next() % 20_000) as u32).unwrap_or(c)
                } else {
                    c
                };
                copy.push(c);
            }
            copy.push('\n');
        }
        std::fs::write(dir.path().join(format!("d{i:04}-copy.md")), copy).expect("write");
    }
    let out = Command::new(env!("CARGO_BIN_EXE_hegui"))
        .env("HEGUI_CACHE_DIR", concat!(env!("CARGO_TARGET_TMPDIR"), "/hegui-cache"))
        .args(["dedup", "--json"])
        .arg(dir.path())
        .output()
        .expect("run hegui dedup");
    assert_eq!(out.status.code(), Some(1), "stderr: {}", String::from_utf8_lossy(&out.stderr));
    let v: Value = serde_json::from_slice(&out.stdout).expect("JSON report");
    assert_eq!(v["documents"], 2 * files.len());
    let stem = |p: &Value| -> String {
        let file = p.as_str().expect("path").rsplit('/').next().unwrap_or_default();
        file.trim_end_matches(".md").trim_end_matches("-copy").to_owned()
    };
    let paired: std::collections::HashSet<String> = v["pairs"]
        .as_array()
        .expect("pairs")
        .iter()
        .filter(|p| stem(&p["a"]) == stem(&p["b"]))
        .map(|p| stem(&p["a"]))
        .collect();
    let missed: Vec<String> = (0..files.len()).map(|i| format!("d{i:04}")).filter(|s| !paired.contains(s)).collect();
    assert!(missed.is_empty(), "{} of {} copies not paired: {:?}", missed.len(), files.len(), missed);
}

fn md_files(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
    for e in std::fs::read_dir(dir).expect("read statutes") {
        let path = e.expect("entry").path();
        if path.is_dir() {
            md_files(&path, out);
        } else if path.extension().is_some_and(|x| x == "md") {
            out.push(path);
        }
    }
}
