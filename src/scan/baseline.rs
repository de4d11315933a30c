//! Baselines: the findings a team has accepted, so CI fails only on new ones.
//!
//! A finding is known by its rule, its file and the text it matched (spaces dropped), and by its
//! place among the findings with that same rule, file and text — never by its line, so editing
//! above a finding keeps it baselined. The file is JSON, one entry per (path, rule, matched) with a
//! `count`: the first `count` such findings of a file are baselined, a further one is new. Paths are
//! the reported paths (run hegui from the same folder with the same path arguments).
//!
//! ```json
//! {"version": 1, "tool": "hegui", "entries": [{"path": "a.md", "rule": "AD001", "matched": "最佳", "count": 2}]}
//! ```

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::model::{FileReport, Finding, Suppressed, Suppression, SuppressionKind};

/// Format version of baseline files.
pub const VERSION: u32 = 1;

/// Why a baseline file could not be used.
#[derive(Debug, thiserror::Error)]
pub enum BaselineError {
    /// Not readable or writable.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: String,
        /// The cause.
        #[source]
        source: std::io::Error,
    },
    /// Not a hegui baseline (bad JSON, another version).
    #[error("{path}: not a hegui baseline file: {detail}")]
    Format {
        /// The file.
        path: String,
        /// What is wrong.
        detail: String,
    },
}

/// What identifies accepted findings: path, rule and matched text (spaces dropped).
type Key = (String, String, String);

/// One accepted group of findings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    /// Reported path (`./` dropped, `/` separators).
    pub path: String,
    /// Rule id.
    pub rule: String,
    /// The matched text, spaces dropped.
    pub matched: String,
    /// How many such findings the file may have.
    pub count: usize,
}

#[derive(Debug, Serialize, Deserialize)]
struct FileOut {
    version: u32,
    tool: String,
    entries: Vec<Entry>,
}

/// Accepted findings, and how many of each were seen in this run.
#[derive(Debug, Default)]
pub struct Baseline {
    allowed: BTreeMap<Key, usize>,
    seen: BTreeMap<Key, usize>,
}

/// The key of a finding.
fn key(f: &Finding) -> Key {
    (norm_path(&f.path), f.rule.to_string(), f.matched.chars().filter(|c| !c.is_whitespace()).collect())
}

/// A reported path as stored: `./` dropped, `\` as `/`.
fn norm_path(p: &str) -> String {
    let p = p.replace('\\', "/");
    let mut s = p.as_str();
    while let Some(rest) = s.strip_prefix("./") {
        s = rest;
    }
    s.to_owned()
}

impl Baseline {
    /// An empty baseline (nothing accepted); [`Baseline::record`] fills it for writing.
    pub fn new() -> Self {
        Self::default()
    }

    /// Reads a baseline file.
    pub fn load(path: &Path) -> Result<Self, BaselineError> {
        let shown = path.display().to_string();
        let bytes = std::fs::read(path).map_err(|source| BaselineError::Io { path: shown.clone(), source })?;
        let file: FileOut = serde_json::from_slice(&bytes)
            .map_err(|e| BaselineError::Format { path: shown.clone(), detail: e.to_string() })?;
        if file.version != VERSION || file.tool != "hegui" {
            let detail = format!("version {} of `{}`, expected version {VERSION} of `hegui`", file.version, file.tool);
            return Err(BaselineError::Format { path: shown, detail });
        }
        let mut allowed = BTreeMap::new();
        for e in file.entries {
            *allowed.entry((e.path, e.rule, e.matched)).or_insert(0) += e.count;
        }
        Ok(Self { allowed, seen: BTreeMap::new() })
    }

    /// Adds the listed findings of `file` as accepted (for writing a baseline).
    pub fn record(&mut self, file: &FileReport) {
        for f in &file.findings {
            *self.allowed.entry(key(f)).or_insert(0) += 1;
        }
    }

    /// Writes the accepted findings to `path` (sorted, so the file diffs well).
    pub fn save(&self, path: &Path) -> Result<(), BaselineError> {
        let entries = self
            .allowed
            .iter()
            .map(|((path, rule, matched), &count)| Entry {
                path: path.clone(),
                rule: rule.clone(),
                matched: matched.clone(),
                count,
            })
            .collect();
        let file = FileOut { version: VERSION, tool: "hegui".to_owned(), entries };
        let mut text = serde_json::to_string_pretty(&file).expect("a baseline serializes");
        text.push('\n');
        std::fs::write(path, text).map_err(|source| BaselineError::Io { path: path.display().to_string(), source })
    }

    /// Number of accepted findings.
    pub fn len(&self) -> usize {
        self.allowed.values().sum()
    }

    /// Whether nothing is accepted.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Moves the findings of `file` that the baseline accepts to `file.suppressed` (in file order:
    /// the first `count` findings of each key).
    pub fn apply(&mut self, file: &mut FileReport) {
        if self.allowed.is_empty() || file.findings.is_empty() {
            return;
        }
        let mut kept = Vec::with_capacity(file.findings.len());
        for f in std::mem::take(&mut file.findings) {
            let k = key(&f);
            let allowed = self.allowed.get(&k).copied().unwrap_or(0);
            let seen = self.seen.entry(k).or_insert(0);
            if *seen < allowed {
                *seen += 1;
                let suppression = Suppression { kind: SuppressionKind::Baseline, reason: None, by: None, line: None };
                file.suppressed.push(Suppressed { finding: f, suppression });
            } else {
                kept.push(f);
            }
        }
        file.findings = kept;
    }

    /// Accepted findings that did not occur in this run: entries with the number missing.
    pub fn stale(&self) -> Vec<Entry> {
        self.allowed
            .iter()
            .filter_map(|(k, &count)| {
                let missing = count - self.seen.get(k).copied().unwrap_or(0).min(count);
                (missing > 0).then(|| Entry {
                    path: k.0.clone(),
                    rule: k.1.clone(),
                    matched: k.2.clone(),
                    count: missing,
                })
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::testutil;

    #[test]
    fn keys_ignore_lines_and_spaces_and_count_occurrences() {
        let mut files = testutil::files();
        let mut b = Baseline::new();
        for f in &files {
            b.record(f);
        }
        let total: usize = files.iter().map(|f| f.findings.len()).sum();
        assert_eq!(b.len(), total);
        // Move every finding down ten lines and space out its text: still accepted.
        for file in &mut files {
            for f in &mut file.findings {
                f.start.line += 10;
                f.matched = f.matched.chars().flat_map(|c| [c, ' ']).collect();
            }
            b.apply(file);
            assert!(file.findings.is_empty(), "{file:?}");
        }
        assert!(b.stale().is_empty());
        // A second run over the same baseline finds one of them again: it is new.
        let mut again = testutil::files();
        let one = again.iter_mut().find(|f| !f.findings.is_empty()).expect("a file with findings");
        let mut extra = one.findings[0].clone();
        extra.start.line += 1;
        one.findings.push(extra);
        let mut fresh = Baseline { allowed: b.allowed.clone(), seen: BTreeMap::new() };
        fresh.apply(one);
        assert_eq!(one.findings.len(), 1, "the extra occurrence is new");
    }

    #[test]
    fn stale_entries_are_listed_and_files_round_trip() {
        let files = testutil::files();
        let mut b = Baseline::new();
        for f in &files {
            b.record(f);
        }
        let d = tempfile::tempdir().expect("tempdir");
        let p = d.path().join("b.json");
        b.save(&p).expect("save");
        let loaded = Baseline::load(&p).expect("load");
        assert_eq!(loaded.len(), b.len());
        assert_eq!(loaded.stale().len(), loaded.allowed.len(), "nothing seen yet: all stale");
        std::fs::write(&p, "{\"version\": 9, \"tool\": \"hegui\", \"entries\": []}").expect("write");
        assert!(matches!(Baseline::load(&p), Err(BaselineError::Format { .. })));
        std::fs::write(&p, "not json").expect("write");
        assert!(Baseline::load(&p).unwrap_err().to_string().contains("b.json"));
        assert!(matches!(Baseline::load(&d.path().join("missing.json")), Err(BaselineError::Io { .. })));
    }
}
