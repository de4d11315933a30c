//! Every dependency (normal, build and dev, for every platform) carries a licence we can ship.

use std::process::Command;

/// SPDX identifiers we accept.
const ALLOWED: &[&str] = &[
    "MIT",
    "MIT-0",
    "Apache-2.0",
    "Apache-2.0 WITH LLVM-exception",
    "BSD-2-Clause",
    "BSD-3-Clause",
    "ISC",
    "Zlib",
    "Unicode-3.0",
    "Unicode-DFS-2016",
    "CC0-1.0",
    "Unlicense",
    "BSL-1.0",
];

/// Whether an SPDX expression is satisfiable with allowed licences (any OR branch whose AND parts
/// are all allowed).
fn acceptable(expr: &str) -> bool {
    let flat = expr.replace(['(', ')'], "").replace('/', " OR ");
    flat.split(" OR ").any(|alt| alt.split(" AND ").all(|id| ALLOWED.contains(&id.trim())))
}

#[test]
fn spdx_expressions() {
    assert!(acceptable("MIT OR Apache-2.0"));
    assert!(acceptable("(MIT OR Apache-2.0) AND Unicode-3.0"));
    assert!(!acceptable("GPL-3.0-only"));
    assert!(!acceptable("MIT AND GPL-2.0"));
}

#[test]
fn all_dependencies_have_shippable_licences() {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let out = Command::new(cargo)
        .args(["metadata", "--format-version", "1", "--locked"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("run cargo metadata");
    assert!(out.status.success(), "cargo metadata failed: {}", String::from_utf8_lossy(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("metadata JSON");
    let mut bad = Vec::new();
    for p in v["packages"].as_array().expect("packages") {
        let name = p["name"].as_str().unwrap_or("?");
        match p["license"].as_str() {
            Some(l) if acceptable(l) => {}
            other => bad.push(format!("{name}: {other:?}")),
        }
    }
    assert!(bad.is_empty(), "dependencies without an accepted licence:\n{}", bad.join("\n"));
}
