//! Embeds the bundled rule packs (`wordlists/**/*.toml` and the `.txt` term files beside them) so the
//! binary works from any folder.

use std::fs;
use std::path::{Path, PathBuf};

fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = fs::read_dir(dir) else { return };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            collect(&p, out);
        } else if matches!(p.extension().and_then(|e| e.to_str()), Some("toml" | "txt")) {
            out.push(p);
        }
    }
}

/// `value` with no TOML date or time in it (JSON has none to carry it).
fn check_no_dates(value: &toml::Value, file: &Path) {
    match value {
        toml::Value::Datetime(_) => panic!("{}: bundled packs hold no dates", file.display()),
        toml::Value::Array(items) => items.iter().for_each(|v| check_no_dates(v, file)),
        toml::Value::Table(table) => table.values().for_each(|v| check_no_dates(v, file)),
        _ => {}
    }
}

/// Writes `$OUT_DIR/builtin_packs.rs`, and each pack as JSON (`$OUT_DIR/packs/*.json`): the same
/// data, which the program reads several times faster than the TOML (a test checks both parse
/// into the same packs).
pub fn generate() {
    let root = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("set by cargo")).join("wordlists");
    println!("cargo:rerun-if-changed={}", root.display());
    let mut files = Vec::new();
    collect(&root, &mut files);
    files.sort();
    let mut code = String::from(
        "/// Bundled word-list files: (path relative to wordlists/, contents).\npub static BUILTIN_FILES: &[(&str, &str)] = &[\n",
    );
    for f in &files {
        println!("cargo:rerun-if-changed={}", f.display());
        let rel = f.strip_prefix(&root).expect("under root").to_string_lossy().replace('\\', "/");
        code.push_str(&format!("    ({rel:?}, include_str!({:?})),\n", f.display().to_string()));
    }
    code.push_str("];\n");
    let out_dir = PathBuf::from(std::env::var("OUT_DIR").expect("set by cargo"));
    let json_dir = out_dir.join("packs");
    fs::create_dir_all(&json_dir).expect("create the packs folder");
    code.push_str(
        "/// The bundled packs (`*.toml` of [`BUILTIN_FILES`], in its order) as JSON: (path, contents).\npub static BUILTIN_PACKS: &[(&str, &str)] = &[\n",
    );
    for f in files.iter().filter(|f| f.extension().is_some_and(|e| e == "toml")) {
        let rel = f.strip_prefix(&root).expect("under root").to_string_lossy().replace('\\', "/");
        let text = fs::read_to_string(f).unwrap_or_else(|e| panic!("{}: {e}", f.display()));
        let value: toml::Value = toml::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", f.display()));
        check_no_dates(&value, f);
        let json = json_dir.join(format!("{}.json", rel.replace('/', "__")));
        fs::write(&json, serde_json::to_string(&value).expect("TOML values are JSON values")).expect("write JSON");
        code.push_str(&format!("    ({rel:?}, include_str!({:?})),\n", json.display().to_string()));
    }
    code.push_str("];\n");
    code.push_str(
        "/// The bundled models (`*_model.txt` of [`BUILTIN_FILES`]) in compact form: (path, bytes).\npub static BUILTIN_MODELS: &[(&str, &[u8])] = &[\n",
    );
    for f in files.iter().filter(|f| f.to_string_lossy().ends_with("_model.txt")) {
        let rel = f.strip_prefix(&root).expect("under root").to_string_lossy().replace('\\', "/");
        let text = fs::read_to_string(f).unwrap_or_else(|e| panic!("{}: {e}", f.display()));
        let bin = json_dir.join(format!("{}.bin", rel.replace('/', "__")));
        fs::write(&bin, compact_model(&text).unwrap_or_else(|| panic!("{}: not a model", f.display())))
            .expect("write model");
        code.push_str(&format!("    ({rel:?}, include_bytes!({:?})),\n", bin.display().to_string()));
    }
    code.push_str("];\n");
    fs::write(out_dir.join("builtin_packs.rs"), code).expect("write generated file");
}

// `gram_hash` and `split_hash`, as the engine has them (a test there checks that a compact model
// equals the parsed text).
include!("../detect/kinds/model_hash.rs");

/// A model file as its hash table, the layout `Model::from_compact` reads (all little-endian):
/// bias (f32), threshold (f32, NaN when the file states none), min_chars, the n-gram lengths as a
/// bit set, the weight count and the slot count (u32 each), then each slot's fingerprint (u32) and
/// weight (f32). Filled as `Model::parse` fills it (same order, same probing); the file's checks are
/// the tests' (the bundled models are parsed and checksummed there). `None` if a header line is
/// missing.
fn compact_model(text: &str) -> Option<Vec<u8>> {
    let text = text.replace("\r\n", "\n");
    let (head, body) = text.split_once("\n---\n")?;
    let (mut bias, mut min_chars, mut ngrams, mut count) = (None, None, 0u32, None);
    let mut threshold = f32::NAN;
    for line in head.lines() {
        match line.split_once('\t') {
            Some(("ngrams", v)) => {
                ngrams = v.split(',').try_fold(0u32, |set, n| Some(set | 1 << n.trim().parse::<u32>().ok()?))?
            }
            Some(("min_chars", v)) => min_chars = v.parse::<u32>().ok(),
            Some(("bias", v)) => bias = v.parse::<f32>().ok(),
            // Parsed as the engine parses it (f64, then f32), so both forms hold the same bits.
            Some(("threshold", v)) => threshold = v.parse::<f64>().ok()? as f32,
            Some(("weights", v)) => count = v.parse::<usize>().ok(),
            _ => {}
        }
    }
    let count = count?;
    let cap = (count.max(1) * 2).next_power_of_two();
    let mask = cap - 1;
    let mut slots = vec![(0u32, 0f32); cap];
    let mut buf = Vec::new();
    for line in body.lines() {
        let (gram, w) = line.split_once('\t')?;
        buf.clear();
        buf.extend(gram.chars());
        let (fp, mut slot) = split_hash(gram_hash(&buf), mask);
        while slots[slot].0 != 0 {
            slot = (slot + 1) & mask;
        }
        slots[slot] = (fp, w.parse().ok()?);
    }
    let mut out = Vec::with_capacity(24 + cap * 8);
    out.extend(bias?.to_le_bytes());
    out.extend(threshold.to_le_bytes());
    for n in [min_chars?, ngrams, count as u32, cap as u32] {
        out.extend(n.to_le_bytes());
    }
    for (fp, w) in slots {
        out.extend(fp.to_le_bytes());
        out.extend(w.to_le_bytes());
    }
    Some(out)
}
