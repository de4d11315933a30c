//! Builds the genre background table of the duplicate detector (`wordlists/dedup/background.bin`)
//! from a folder of Markdown statutes: k-grams found in at least `MIN_LAWS` different laws.
//!
//! usage: cargo run --release --example dedup_background -- STATUTES_DIR OUT [MIN_LAWS]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::{env, fs, process};

use hegui::dedup::background::{Background, MIN_LAWS};

fn md_files(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for e in fs::read_dir(dir)? {
        let path = e?.path();
        if path.is_dir() {
            md_files(&path, out)?;
        } else if path.extension().is_some_and(|x| x == "md") {
            out.push(path);
        }
    }
    Ok(())
}

#[allow(clippy::print_stderr)]
fn main() {
    let args: Vec<String> = env::args().collect();
    let (Some(dir), Some(out)) = (args.get(1), args.get(2)) else {
        eprintln!("usage: dedup_background STATUTES_DIR OUT [MIN_LAWS]");
        process::exit(2);
    };
    let min = args.get(3).and_then(|s| s.parse().ok()).unwrap_or(MIN_LAWS);
    let mut files = Vec::new();
    if let Err(e) = md_files(Path::new(dir), &mut files) {
        eprintln!("{dir}: {e}");
        process::exit(2);
    }
    // One law: all its versions (file names `名称(日期).md`).
    let mut laws: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for f in &files {
        let stem = f.file_stem().and_then(|s| s.to_str()).unwrap_or_default();
        let law = stem.split(['(', '（']).next().unwrap_or_default().to_owned();
        match fs::read_to_string(f) {
            Ok(t) => laws.entry(law).or_default().push(t),
            Err(e) => {
                eprintln!("{}: {e}", f.display());
                process::exit(2);
            }
        }
    }
    let bg = Background::build(laws.values().map(|v| v.iter().map(String::as_str).collect()), min);
    let bytes = bg.encode();
    if let Err(e) = fs::write(out, &bytes) {
        eprintln!("{out}: {e}");
        process::exit(2);
    }
    eprintln!(
        "{} files, {} laws: {} k-grams in ≥ {min} laws, {} bytes",
        files.len(),
        laws.len(),
        bg.len(),
        bytes.len()
    );
}
