//! The engine builds without the command line: `--no-default-features` drops clap, notify and
//! ctrlc from the library's dependency tree (`cargo build --lib --no-default-features` runs in CI).

use std::process::Command;

#[test]
fn the_library_alone_depends_on_no_cli_crate() {
    let tree = |features: &[&str]| {
        let o = Command::new(env!("CARGO"))
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .args(["tree", "--offline", "--edges", "normal", "--prefix", "none", "--format", "{p}"])
            .args(features)
            .output()
            .expect("run cargo tree");
        assert!(o.status.success(), "cargo tree: {}", String::from_utf8_lossy(&o.stderr));
        String::from_utf8_lossy(&o.stdout)
            .lines()
            .filter_map(|l| l.split_whitespace().next().map(str::to_owned))
            .collect::<Vec<_>>()
    };
    let cli = ["clap", "notify", "notify-debouncer-full", "ctrlc", "anyhow"];
    let with = tree(&[]);
    for c in ["clap", "notify", "ctrlc"] {
        assert!(with.iter().any(|p| p == c), "the default build has {c} (the test can see it)");
    }
    let without = tree(&["--no-default-features"]);
    assert!(without.iter().any(|p| p == "aho-corasick"), "the engine's own dependencies are listed");
    for c in cli {
        assert!(!without.iter().any(|p| p == c), "{c} in the library's tree without the `cli` feature");
    }
}
