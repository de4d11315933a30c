//! The library API in brief: build a scanner from hegui.toml (or the defaults), scan a draft,
//! print each finding with its exact place in the file.
//!
//! ```sh
//! cargo run --example scan -- fixtures/violations/promo.txt
//! ```

use std::path::PathBuf;
use std::process::ExitCode;

use hegui::scan::{Scanner, ScannerOptions, load_config};

fn main() -> ExitCode {
    let path = PathBuf::from(std::env::args().nth(1).unwrap_or_else(|| "fixtures/violations/promo.txt".into()));
    let scanner = match load_config(None, false, &path)
        .map_err(hegui::scan::SetupError::from)
        .and_then(|cfg| Scanner::new(cfg, &ScannerOptions::default()))
    {
        Ok(s) => s,
        Err(e) => {
            eprintln!("scan: {e}");
            return ExitCode::from(2);
        }
    };
    let report = scanner.scan_path(&path);
    for f in &report.findings {
        println!(
            "{}:{}:{} {} [{}] {} (bytes {}..{})",
            f.path, f.start.line, f.start.column, f.rule, f.severity, f.matched, f.byte_range.start, f.byte_range.end
        );
    }
    println!("{} findings, status {:?}", report.findings.len(), report.status);
    if report.findings.is_empty() { ExitCode::SUCCESS } else { ExitCode::from(1) }
}
