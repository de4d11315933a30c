//! One JSON document, written as the run goes: the head when it starts, each file's findings
//! (compact, one per line) as the file is done, then the problems and the summary. Nothing holds
//! the run's findings.
//!
//! ```json
//! {"version":"0.1.0","findings":[
//! {"rule":"AD001",...},
//! {"rule":"PL002",...}
//! ],"problems":[{"path":"a.png","status":"skipped","reason":"..."}],
//! "summary":{"files_scanned":5,...,"findings":3}}
//! ```
//!
//! `suppressed` lists findings silenced by inline directives or the baseline, each with its
//! `suppression` (`kind`, `reason`, `by`, `line`); they are not counted in `findings`.
//! `problems` lists only files that were skipped or could not be read; `findings` uses the
//! [`Finding`](crate::model::Finding) serialization as is.

use std::io::{self, Write};

use serde::Serialize;

use super::{FileReport, Printer, RunInfo, StatusOut, Summary};
use crate::model::{Lang, Suppressed};

/// JSON document printer (`--format json`).
#[derive(Debug, Clone)]
pub struct JsonPrinter {
    version: String,
    lang: Lang,
    /// Whether a finding was written (the next one needs a comma).
    any: bool,
    /// Findings silenced by directives or the baseline (written after the findings).
    suppressed: Vec<Suppressed>,
    problems: Vec<ProblemFile>,
}

impl Default for JsonPrinter {
    fn default() -> Self {
        Self::new()
    }
}

impl JsonPrinter {
    /// An empty printer; the version comes from [`RunInfo`] at `begin`.
    pub fn new() -> Self {
        Self {
            version: env!("CARGO_PKG_VERSION").to_string(),
            lang: Lang::default(),
            any: false,
            suppressed: Vec::new(),
            problems: Vec::new(),
        }
    }
}

/// A file that was not scanned: path plus the flattened status (`status`, `reason`/`message`).
#[derive(Debug, Clone, Serialize)]
pub(crate) struct ProblemFile {
    /// The file.
    pub(crate) path: String,
    /// `status` with `reason` or `message`.
    #[serde(flatten)]
    pub(crate) status: StatusOut<'static>,
}

/// The summary as written by the JSON printers: the [`Summary`] fields plus the total `findings`.
#[derive(Debug, Serialize)]
pub struct SummaryOut<'a> {
    /// The totals.
    #[serde(flatten)]
    pub summary: &'a Summary,
    /// All findings.
    pub findings: usize,
}

impl<'a> SummaryOut<'a> {
    /// The totals of `summary`.
    pub fn new(summary: &'a Summary) -> Self {
        Self { summary, findings: summary.findings() }
    }
}

impl Printer for JsonPrinter {
    fn begin(&mut self, w: &mut dyn Write, run: &RunInfo) -> io::Result<()> {
        self.version = run.version.clone();
        self.lang = run.lang;
        w.write_all(b"{\"version\":")?;
        serde_json::to_writer(&mut *w, &self.version)?;
        w.write_all(b",\"findings\":[")
    }

    fn file(&mut self, w: &mut dyn Write, file: &FileReport) -> io::Result<()> {
        let status = match StatusOut::new(&file.status, self.lang) {
            StatusOut::Scanned { .. } => None,
            StatusOut::Skipped { reason } => Some(StatusOut::Skipped { reason }),
            StatusOut::Error { message } => Some(StatusOut::Error { message }),
        };
        if let Some(status) = status {
            self.problems.push(ProblemFile { path: file.path.clone(), status });
        }
        self.suppressed.extend(file.suppressed.iter().cloned());
        if file.findings.is_empty() {
            return Ok(());
        }
        let mut buf = io::BufWriter::with_capacity(super::jsonl::WRITE_BUFFER, w);
        for f in &file.findings {
            buf.write_all(if self.any { b",\n" } else { b"\n" })?;
            serde_json::to_writer(&mut buf, f)?;
            self.any = true;
        }
        buf.flush()
    }

    fn finish(&mut self, w: &mut dyn Write, summary: &Summary) -> io::Result<()> {
        w.write_all(if self.any { b"\n]" } else { b"]" })?;
        if !self.suppressed.is_empty() {
            w.write_all(b",\"suppressed\":")?;
            serde_json::to_writer(&mut *w, &self.suppressed)?;
        }
        w.write_all(b",\"problems\":")?;
        serde_json::to_writer(&mut *w, &self.problems)?;
        w.write_all(b",\n\"summary\":")?;
        serde_json::to_writer(&mut *w, &SummaryOut::new(summary))?;
        w.write_all(b"}\n")
    }
}

/// `--format json`: one JSON document with findings, problems and a summary.
pub const FORMAT: super::FormatDef =
    super::FormatDef { name: "json", about: "one JSON document with findings, problems and a summary", printer: make };

fn make(_lang: crate::model::Lang, _color: bool) -> Box<dyn super::Printer> {
    Box::new(JsonPrinter::new())
}

#[cfg(test)]
mod tests {
    use serde_json::Value;

    use super::*;
    use crate::model::{Finding, Lang};
    use crate::report::testutil::{files, render};

    #[test]
    fn one_document_with_findings_problems_and_summary() {
        let (out, _) = render(&mut JsonPrinter::new(), &files(), Lang::Zh);
        let doc: Value = serde_json::from_str(&out).expect("valid JSON");
        assert_eq!(doc["version"], "9.8.7");
        let findings = doc["findings"].as_array().unwrap();
        assert_eq!(findings.len(), 3);
        let back: Vec<Finding> = serde_json::from_value(doc["findings"].clone()).unwrap();
        let expected: Vec<Finding> = files().into_iter().flat_map(|f| f.findings).collect();
        assert_eq!(back, expected, "findings round-trip unchanged and in order");
        assert_eq!(findings[1]["field"], "title");

        let problems = doc["problems"].as_array().unwrap();
        assert_eq!(problems.len(), 2);
        assert_eq!(problems[0]["path"], "bad.txt");
        assert_eq!(problems[0]["status"], "error");
        assert_eq!(problems[0]["message"], crate::report::testutil::bad_message());
        assert_eq!(problems[1]["path"], "logo.png");
        assert_eq!(problems[1]["status"], "skipped");
        assert_eq!(problems[1]["reason"], crate::report::testutil::skip_reason());

        let s = &doc["summary"];
        assert_eq!(
            (&s["files_scanned"], &s["files_skipped"], &s["files_failed"]),
            (&Value::from(3), &Value::from(1), &Value::from(1))
        );
        assert_eq!((&s["errors"], &s["warnings"], &s["infos"]), (&Value::from(1), &Value::from(1), &Value::from(1)));
        assert_eq!(s["findings"], 3);
    }

    #[test]
    fn docx_findings_carry_their_location_and_others_none() {
        let (out, _) = render(&mut JsonPrinter::new(), &crate::report::testutil::docx_files(), Lang::Zh);
        let doc: Value = serde_json::from_str(&out).unwrap();
        assert_eq!(
            doc["findings"][0]["location"],
            serde_json::json!({"part": "word/footnotes.xml", "paragraph": 2, "char": 4})
        );
        let back: Vec<Finding> = serde_json::from_value(doc["findings"].clone()).unwrap();
        assert_eq!(back, crate::report::testutil::docx_files()[0].findings);
        let (out, _) = render(&mut JsonPrinter::new(), &files(), Lang::Zh);
        assert!(!out.contains("\"location\""), "{out}");
    }

    #[test]
    fn empty_run_is_still_a_document() {
        let (out, _) = render(&mut JsonPrinter::new(), &[], Lang::En);
        let doc: Value = serde_json::from_str(&out).unwrap();
        assert_eq!(doc["findings"], Value::Array(vec![]));
        assert_eq!(doc["problems"], Value::Array(vec![]));
        assert_eq!(doc["summary"]["findings"], 0);
    }
}
