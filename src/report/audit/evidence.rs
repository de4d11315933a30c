//! The evidence block: which rules (pack hashes), which config, when. The file list is filled in
//! by the aggregator.

use std::time::SystemTime;

use crate::config::Config;
use crate::detect::Engine;

use super::date::rfc3339;
use super::schema::{ConfigEvidence, Evidence, PackEvidence};

/// Hashes the enabled rules of each pack of `engine`, in the order packs were loaded.
pub fn packs(engine: &Engine) -> Vec<PackEvidence> {
    let mut out: Vec<(PackEvidence, blake3::Hasher)> = Vec::new();
    for r in engine.rules() {
        let i = match out.iter().position(|(p, _)| p.id == r.pack && p.origin == r.origin) {
            Some(i) => i,
            None => {
                let p = PackEvidence { id: r.pack.clone(), origin: r.origin.clone(), rules: 0, hash: String::new() };
                out.push((p, blake3::Hasher::new()));
                out.len() - 1
            }
        };
        let (p, h) = &mut out[i];
        p.rules += 1;
        let mut field = |s: &str| {
            h.update(s.as_bytes());
            h.update(&[0x1f]);
        };
        field(&r.id);
        field(&r.category);
        field(r.severity.as_str());
        field(r.kind.def().name);
        field(&r.message);
        field(&r.message_en);
        field(r.reference.as_deref().unwrap_or(""));
        field(&r.label.map_or_else(String::new, |l| l.to_string()));
        for f in &r.fields {
            field(f.as_str());
        }
        for list in [&r.terms, &r.variants, &r.except] {
            for t in list {
                field(t);
            }
            field("\u{1e}");
        }
        h.update(&[0x1d]);
    }
    out.into_iter()
        .map(|(mut p, h)| {
            p.hash = h.finalize().to_hex().to_string();
            p
        })
        .collect()
}

/// The config in force: its file's hash together with the command-line `options`.
pub fn config(config: &Config, options: Vec<String>) -> ConfigEvidence {
    let mut h = blake3::Hasher::new();
    let path = config.path.as_ref().map(|p| {
        match std::fs::read(p) {
            Ok(bytes) => h.update(&bytes),
            Err(_) => h.update(b"(unreadable)"),
        };
        p.display().to_string()
    });
    for o in &options {
        h.update(&[0x1f]);
        h.update(o.as_bytes());
    }
    ConfigEvidence { path, hash: h.finalize().to_hex().to_string(), options }
}

/// An evidence block for a run that began at `started` and ends now; the file list comes from
/// the aggregator.
pub fn evidence(engine: &Engine, config: ConfigEvidence, started: SystemTime) -> Evidence {
    Evidence {
        hegui_version: env!("CARGO_PKG_VERSION").to_owned(),
        started_at: rfc3339(started),
        finished_at: rfc3339(SystemTime::now()),
        packs: packs(engine),
        config,
        files: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::detect::pack;

    fn engine(toml: &str) -> Engine {
        Engine::new(pack::load_str("t.toml", toml).expect("pack"), &Default::default()).expect("engine")
    }

    const PACK: &str = r#"
[pack]
name = "t"
[[rules]]
id = "T001"
category = "test"
severity = "error"
message = "x"
terms = ["甲乙"]
"#;

    #[test]
    fn a_pack_hash_follows_its_terms() {
        let a = packs(&engine(PACK));
        assert_eq!(a.len(), 1);
        assert_eq!((a[0].id.as_str(), a[0].rules, a[0].hash.len()), ("t", 1, 64));
        assert_eq!(packs(&engine(PACK))[0].hash, a[0].hash, "stable");
        let b = packs(&engine(&PACK.replace("甲乙", "甲丙")));
        assert_ne!(b[0].hash, a[0].hash);
    }
}
