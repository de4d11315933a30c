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
    fs::write(out_dir.join("builtin_packs.rs"), code).expect("write generated file");
}
