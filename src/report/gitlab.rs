//! GitLab Code Quality report: a JSON array of issues, shown in merge requests
//! (`artifacts: reports: codequality: gl-code-quality-report.json`).
//!
//! ```json
//! [{"description": "AD001 使用绝对化用语「最佳」…", "check_name": "AD001", "fingerprint": "…",
//!   "severity": "major", "location": {"path": "a.md", "lines": {"begin": 3}}}]
//! ```
//!
//! Severities: error → `major`, warning → `minor`, info → `info`. The fingerprint is stable across
//! edits above a finding: a hash of the path, rule, matched text and its occurrence among equal
//! ones in the file (as the baseline keys findings), not of the line.

use std::collections::HashMap;
use std::io::{self, Write};

use serde::Serialize;

use super::{FileReport, Printer, Summary};
use crate::model::{Lang, Severity};

/// GitLab Code Quality printer (`--format gitlab`).
#[derive(Debug, Clone, Default)]
pub struct GitlabPrinter {
    issues: Vec<Issue>,
}

#[derive(Debug, Clone, Serialize)]
struct Issue {
    description: String,
    check_name: String,
    fingerprint: String,
    severity: &'static str,
    location: Location,
}

#[derive(Debug, Clone, Serialize)]
struct Location {
    path: String,
    lines: Lines,
}

#[derive(Debug, Clone, Serialize)]
struct Lines {
    begin: usize,
}

fn severity(s: Severity) -> &'static str {
    match s {
        Severity::Error => "major",
        Severity::Warning => "minor",
        Severity::Info => "info",
    }
}

impl Printer for GitlabPrinter {
    fn file(&mut self, _w: &mut dyn Write, file: &FileReport) -> io::Result<()> {
        let mut seen: HashMap<(String, String), usize> = HashMap::new();
        for f in &file.findings {
            let matched: String = f.matched.chars().filter(|c| !c.is_whitespace()).collect();
            let n = seen.entry((f.rule.to_string(), matched.clone())).or_insert(0);
            let key = format!("{}\u{0}{}\u{0}{}\u{0}{}", f.path, f.rule, matched, n);
            *n += 1;
            let (start, _) = super::shown_span(f);
            self.issues.push(Issue {
                description: format!("{} {}", f.rule, f.message),
                check_name: f.rule.to_string(),
                fingerprint: blake3::hash(key.as_bytes()).to_hex()[..32].to_owned(),
                severity: severity(f.severity),
                location: Location { path: f.path.to_string(), lines: Lines { begin: start.line } },
            });
        }
        Ok(())
    }

    fn finish(&mut self, w: &mut dyn Write, _summary: &Summary) -> io::Result<()> {
        serde_json::to_writer_pretty(&mut *w, &self.issues)?;
        writeln!(w)
    }
}

/// `--format gitlab`: GitLab Code Quality JSON.
pub const FORMAT: super::FormatDef =
    super::FormatDef { name: "gitlab", about: "GitLab Code Quality JSON (merge request widget)", printer: make };

fn make(_lang: Lang, _color: bool) -> Box<dyn Printer> {
    Box::new(GitlabPrinter::default())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::testutil::{files, render};

    #[test]
    fn issues_with_stable_fingerprints() {
        let (out, _) = render(&mut GitlabPrinter::default(), &files(), Lang::Zh);
        let v: serde_json::Value = serde_json::from_str(&out).expect("JSON");
        let issues = v.as_array().expect("an array");
        assert_eq!(issues.len(), 3);
        let ad002 = issues.iter().find(|i| i["check_name"] == "AD002").expect("AD002");
        assert_eq!(ad002["severity"], "major");
        assert_eq!(ad002["location"]["path"], "fixtures/ad.md");
        assert_eq!(ad002["location"]["lines"]["begin"], 1);
        // Moving the findings down keeps the fingerprints.
        let mut moved = files();
        for f in moved.iter_mut().flat_map(|f| f.findings.iter_mut()) {
            f.start.line += 5;
        }
        let (again, _) = render(&mut GitlabPrinter::default(), &moved, Lang::Zh);
        let w: serde_json::Value = serde_json::from_str(&again).expect("JSON");
        let prints = |v: &serde_json::Value| -> Vec<String> {
            v.as_array().expect("array").iter().map(|i| i["fingerprint"].as_str().expect("fp").to_owned()).collect()
        };
        assert_eq!(prints(&v), prints(&w));
        let mut unique = prints(&v);
        unique.dedup();
        assert_eq!(unique.len(), 3);
    }
}
