//! Load time and per-query latency of a corpus index, for `benches/dedup_index.sh`.
//!
//! usage: `cargo run --release --example dedup_query -- INDEX DRAFTS_DIR`
//!
//! Loads INDEX, then queries each file of DRAFTS_DIR (its text as is, default options) once and
//! prints one line: load time, drafts, drafts with a match, and the p50 / p99 / max query time.

#![allow(clippy::print_stdout, clippy::print_stderr)]

use std::path::Path;
use std::process::ExitCode;
use std::time::Instant;

use hegui::dedup::{Index, QueryOptions};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [index, drafts] = args.as_slice() else {
        eprintln!("usage: dedup_query INDEX DRAFTS_DIR");
        return ExitCode::from(2);
    };
    let t = Instant::now();
    let idx = match Index::load(Path::new(index)) {
        Ok(i) => i,
        Err(e) => {
            eprintln!("dedup_query: {e}");
            return ExitCode::from(2);
        }
    };
    let load = t.elapsed().as_secs_f64();
    let mut files: Vec<_> = match std::fs::read_dir(drafts) {
        Ok(d) => d.flatten().map(|e| e.path()).collect(),
        Err(e) => {
            eprintln!("dedup_query: {drafts}: {e}");
            return ExitCode::from(2);
        }
    };
    files.sort();
    let opts = QueryOptions::default();
    let mut times = Vec::with_capacity(files.len());
    let mut found = 0;
    for f in &files {
        let Ok(text) = std::fs::read_to_string(f) else { continue };
        let t = Instant::now();
        let m = idx.query(&text, &opts);
        times.push(t.elapsed().as_secs_f64() * 1000.0);
        found += usize::from(!m.is_empty());
    }
    times.sort_by(f64::total_cmp);
    let pct = |p: f64| times.get(((times.len() as f64 * p).ceil() as usize).saturating_sub(1)).copied().unwrap_or(0.0);
    println!(
        "load_s={load:.3} drafts={} found={found} p50_ms={:.2} p99_ms={:.2} max_ms={:.2}",
        times.len(),
        pct(0.50),
        pct(0.99),
        pct(1.0)
    );
    ExitCode::SUCCESS
}
