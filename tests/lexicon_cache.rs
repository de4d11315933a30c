//! The compiled-lexicon cache through the binary: a large `[[wordlists]]` list gives the same
//! findings with the cache cold, warm, damaged and disabled (`--no-cache`, `[cache] enabled =
//! false`, `HEGUI_NO_CACHE`). Each run uses its own cache folder (never the user's).

mod common;

use std::path::Path;

/// A list of `n` distinct two- to four-character Han terms (deterministic), plus two terms the
/// article holds.
fn write_list(path: &Path, n: usize) {
    let mut seed = 13u64;
    let mut terms = std::collections::BTreeSet::new();
    while terms.len() < n {
        seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        let len = 2 + (seed >> 60) as usize % 3;
        let t: String =
            (0..len).map(|k| char::from_u32(0x4E00 + ((seed >> (k * 12)) & 0xFFF) as u32).expect("Han")).collect();
        terms.insert(t);
    }
    let mut text = String::from("违禁甲\n违禁乙\n");
    for t in &terms {
        text.push_str(t);
        text.push('\n');
    }
    std::fs::write(path, text).expect("write list");
}

/// `hegui check --format jsonl` of the article under `dir`: (stdout, exit code).
fn check(dir: &Path, cache: &Path, extra: &[&str], env: &[(&str, &str)]) -> (Vec<u8>, Option<i32>) {
    let mut c = common::hegui();
    c.current_dir(dir).env("HEGUI_CACHE_DIR", cache).args(["check", "a.md", "--format", "jsonl"]).args(extra);
    for (k, v) in env {
        c.env(k, v);
    }
    let out = c.output().expect("run hegui");
    (out.stdout, out.status.code())
}

fn cache_files(cache: &Path) -> Vec<std::path::PathBuf> {
    std::fs::read_dir(cache)
        .map(|d| d.flatten().map(|e| e.path()).filter(|p| p.extension().is_some_and(|x| x == "bin")).collect())
        .unwrap_or_default()
}

#[test]
fn findings_are_the_same_with_the_cache_cold_warm_damaged_and_off() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = tmp.path();
    // Above the size from which lists are cached.
    write_list(&dir.join("terms.txt"), hegui::detect::kinds::lexicon::cache::MIN_TERMS + 100);
    std::fs::write(dir.join("a.md"), "本店违禁甲全网最低价，还有违禁乙。\n").expect("article");
    let toml = "[[wordlists]]\npath = \"terms.txt\"\nid = \"USR001\"\ncategory = \"custom\"\nseverity = \"error\"\n";
    std::fs::write(dir.join("hegui.toml"), toml).expect("config");
    let cache = dir.join("cache");

    let (off, code) = check(dir, &cache, &["--no-cache"], &[]);
    assert_eq!(code, Some(1), "findings: {}", String::from_utf8_lossy(&off));
    assert!(String::from_utf8_lossy(&off).contains("USR001"), "the list's terms are found");
    assert!(cache_files(&cache).is_empty(), "--no-cache writes nothing");
    let (env_off, _) = check(dir, &cache, &[], &[("HEGUI_NO_CACHE", "1")]);
    assert_eq!(env_off, off);
    assert!(cache_files(&cache).is_empty(), "HEGUI_NO_CACHE writes nothing");

    let (cold, _) = check(dir, &cache, &[], &[]);
    assert_eq!(cold, off, "cold cache");
    let files = cache_files(&cache);
    assert_eq!(files.len(), 1, "one entry written");
    let good = std::fs::read(&files[0]).expect("read");
    let (warm, _) = check(dir, &cache, &[], &[]);
    assert_eq!(warm, off, "warm cache");

    // Damaged: truncated, then one byte flipped in the middle.
    std::fs::write(&files[0], &good[..good.len() / 2]).expect("truncate");
    assert_eq!(check(dir, &cache, &[], &[]).0, off, "truncated cache file");
    assert_eq!(std::fs::read(&files[0]).expect("read"), good, "rewritten");
    let mut flipped = good.clone();
    let mid = flipped.len() / 2;
    flipped[mid] ^= 0xA5;
    std::fs::write(&files[0], &flipped).expect("flip");
    assert_eq!(check(dir, &cache, &[], &[]).0, off, "corrupt cache file");

    // Disabled in the config: nothing read or written.
    let other = dir.join("cache2");
    std::fs::write(dir.join("hegui.toml"), format!("{toml}[cache]\nenabled = false\n")).expect("config");
    assert_eq!(check(dir, &other, &[], &[]).0, off);
    assert!(cache_files(&other).is_empty(), "[cache] enabled = false writes nothing");
    // A folder named in the config (relative to it) wins over the environment.
    std::fs::write(dir.join("hegui.toml"), format!("{toml}[cache]\ndir = \"here\"\n")).expect("config");
    assert_eq!(check(dir, &other, &[], &[]).0, off);
    assert!(cache_files(&other).is_empty());
    assert_eq!(cache_files(&dir.join("here")).len(), 1, "[cache] dir is used");
}

#[test]
fn the_command_caches_the_bundled_packs_with_the_same_findings() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = tmp.path();
    std::fs::write(dir.join("a.md"), "本店全网最低价，国家级产品，加微信 abc12345 领取。\n").expect("article");
    let cache = dir.join("cache");
    let (off, code) = check(dir, &cache, &["--no-config", "--no-cache"], &[]);
    assert_eq!(code, Some(1), "findings: {}", String::from_utf8_lossy(&off));
    assert!(cache_files(&cache).is_empty(), "--no-cache writes nothing");
    let (cold, _) = check(dir, &cache, &["--no-config"], &[]);
    assert_eq!(cold, off, "cold cache");
    assert_eq!(cache_files(&cache).len(), 1, "the bundled packs' lexicon is cached");
    let (warm, _) = check(dir, &cache, &["--no-config"], &[]);
    assert_eq!(warm, off, "warm cache");
}

#[test]
fn the_library_does_not_cache_the_bundled_packs() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let cache = tmp.path().join("cache");
    let mut cfg = hegui::config::Config::default();
    cfg.cache.dir = Some(cache.clone());
    let engine = hegui::detect::ruleset::build(&cfg, &[]).expect("engine");
    assert!(!engine.detect("全网最低价").is_empty());
    assert!(cache_files(&cache).is_empty(), "below the library's threshold: nothing written");
}
