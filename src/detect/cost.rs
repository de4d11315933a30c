//! What each regex rule costs on a run, for finding slow rules and gates: search time, windows
//! searched and their bytes, hits, and the time of the `requires` literal walk. Off unless
//! [`enable`] is called (the CLI does when `HEGUI_RULE_COST` is set, and prints [`table`] to
//! standard error at the end); when off, recording costs one relaxed load per text.

use std::collections::BTreeMap;
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

static ON: AtomicBool = AtomicBool::new(false);
static COSTS: Mutex<BTreeMap<String, Cost>> = Mutex::new(BTreeMap::new());

/// The name the `requires` literal walk is recorded under.
pub const LITERAL_WALK: &str = "(requires literals)";

/// What one rule (or the literal walk) cost over the run.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Cost {
    /// Time spent searching (summed over threads).
    pub time: Duration,
    /// Texts, lines or windows searched.
    pub searches: u64,
    /// Bytes of them.
    pub bytes: u64,
    /// Matches found.
    pub hits: u64,
}

/// Starts recording.
pub fn enable() {
    ON.store(true, Ordering::Relaxed);
}

/// Whether recording is on.
#[inline]
pub fn enabled() -> bool {
    ON.load(Ordering::Relaxed)
}

/// Adds `cost` to the total of `rule`.
pub fn record(rule: &str, cost: Cost) {
    let mut all = COSTS.lock().unwrap_or_else(|e| e.into_inner());
    let c = all.entry(rule.to_string()).or_default();
    c.time += cost.time;
    c.searches += cost.searches;
    c.bytes += cost.bytes;
    c.hits += cost.hits;
}

/// The totals so far, most expensive first.
pub fn totals() -> Vec<(String, Cost)> {
    let all = COSTS.lock().unwrap_or_else(|e| e.into_inner());
    let mut v: Vec<(String, Cost)> = all.iter().map(|(k, c)| (k.clone(), *c)).collect();
    v.sort_by(|a, b| b.1.time.cmp(&a.1.time).then_with(|| a.0.cmp(&b.0)));
    v
}

/// The totals as a table, one line per rule: rule, milliseconds, searches, bytes searched, hits.
pub fn table() -> String {
    let mut out = format!("{:<22} {:>10} {:>10} {:>14} {:>9}\n", "rule", "ms", "searches", "bytes", "hits");
    for (rule, c) in totals() {
        out.push_str(&format!(
            "{:<22} {:>10.2} {:>10} {:>14} {:>9}\n",
            rule,
            c.time.as_secs_f64() * 1e3,
            c.searches,
            c.bytes,
            c.hits
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_and_sums_per_rule() {
        let one = Cost { time: Duration::from_millis(2), searches: 1, bytes: 10, hits: 1 };
        record("ZZ_TEST_A", one);
        record("ZZ_TEST_A", one);
        record("ZZ_TEST_B", Cost { time: Duration::from_millis(9), ..one });
        let t = totals();
        let a = t.iter().find(|(r, _)| r == "ZZ_TEST_A").map(|(_, c)| *c);
        assert_eq!(a, Some(Cost { time: Duration::from_millis(4), searches: 2, bytes: 20, hits: 2 }));
        let pos = |name: &str| t.iter().position(|(r, _)| r == name);
        assert!(pos("ZZ_TEST_B") < pos("ZZ_TEST_A"), "the costlier rule comes first");
        assert!(table().lines().any(|l| l.starts_with("ZZ_TEST_B") && l.contains("9.00")));
    }
}
