//! Loading a large `[[wordlists]]` list is near-linear: N against 4N terms in one run (a ratio,
//! never an absolute time). In its own test binary so that no other test runs beside it.

use std::time::{Duration, Instant};

mod common;
use common::write;

/// Writes a `[[wordlists]]` list of `n` distinct pseudo-random Han terms (2 to 6 characters over
/// the whole CJK block, as real lists have) and a config naming it; returns the config's path.
fn wordlist_config(dir: &std::path::Path, n: usize) -> std::path::PathBuf {
    let mut seed = 13u64;
    let mut next = |m: u64| {
        seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        (seed >> 33) % m
    };
    let mut seen = std::collections::HashSet::new();
    let mut list = String::from("违禁甲乙\n");
    while seen.len() < n {
        let len = 2 + next(5);
        let t: String = (0..len).filter_map(|_| char::from_u32(0x4E00 + next(0x51A6) as u32)).collect();
        if seen.insert(t.clone()) {
            list.push_str(&t);
            list.push('\n');
        }
    }
    write(dir, &format!("list-{n}.txt"), &list);
    let toml = format!("[rules]\nbuiltin = false\n[[wordlists]]\npath = \"list-{n}.txt\"\nid = \"USR001\"\n");
    write(dir, &format!("hegui-{n}.toml"), &toml)
}

/// CPU time this thread has run (Linux: `/proc/thread-self/schedstat`), so other processes on a
/// loaded machine do not count.
fn thread_time() -> Option<Duration> {
    let stat = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    stat.split_whitespace().next()?.parse().ok().map(Duration::from_nanos)
}

/// Fastest of three loads of the engine the config at `path` describes (thread CPU time where
/// available, wall time otherwise).
fn load_time(path: &std::path::Path) -> Duration {
    let mut cfg = hegui::config::load(path).expect("config");
    // Compiling is what is timed: no compiled-lexicon cache (nor a write to the user's).
    cfg.cache.enabled = false;
    (0..3)
        .map(|_| {
            let (t, cpu) = (Instant::now(), thread_time());
            let engine = hegui::detect::ruleset::build(&cfg, &[]).expect("engine");
            let took = match (cpu, thread_time()) {
                (Some(a), Some(b)) => b.saturating_sub(a),
                _ => t.elapsed(),
            };
            assert_eq!(engine.detect("这里有违禁甲乙").len(), 1);
            took
        })
        .min()
        .unwrap_or_default()
}

#[test]
fn large_word_lists_load_in_near_linear_time() {
    // Reading, de-duplicating and compiling a `[[wordlists]]` list: N against 4N terms in one run
    // (a quadratic step would take about 16 times as long). Both sizes are past the lexicon's
    // switch to its sorted automaton (20,000 patterns).
    let dir = tempfile::tempdir().expect("temp dir");
    let (small, large) = (wordlist_config(dir.path(), 25_000), wordlist_config(dir.path(), 100_000));
    let (t1, t4) = (load_time(&small), load_time(&large));
    let ratio = t4.as_secs_f64() / t1.as_secs_f64().max(1e-4);
    eprintln!("word list: 25k terms in {t1:?}, 100k in {t4:?}: ×{ratio:.1}");
    assert!(ratio < 10.0, "4× the terms took {ratio:.1}× the time ({t1:?} → {t4:?})");
}
