//! JSON Lines: one compact object per line, streamed file by file.
//!
//! ```text
//! {"type":"finding","rule":"AD001",...}
//! {"type":"skipped","path":"logo.png","reason":"..."}
//! {"type":"error","path":"bad.txt","message":"..."}
//! {"type":"summary","files_scanned":5,...,"findings":3}
//! ```

use std::io::{self, Write};

use serde::Serialize;

use super::json::SummaryOut;
use super::{FileReport, FileStatus, Printer, Summary};

/// JSON Lines printer (`--format jsonl`).
#[derive(Debug, Clone, Default)]
pub struct JsonlPrinter;

impl JsonlPrinter {
    /// A new printer.
    pub fn new() -> Self {
        Self
    }
}

/// `{"type": kind, ...inner}`.
#[derive(Serialize)]
struct Tagged<T: Serialize> {
    #[serde(rename = "type")]
    kind: &'static str,
    #[serde(flatten)]
    inner: T,
}

#[derive(Serialize)]
struct Skipped<'a> {
    path: &'a str,
    reason: &'a str,
}

#[derive(Serialize)]
struct Failed<'a> {
    path: &'a str,
    message: &'a str,
}

fn line<T: Serialize>(w: &mut dyn Write, kind: &'static str, inner: T) -> io::Result<()> {
    serde_json::to_writer(&mut *w, &Tagged { kind, inner })?;
    writeln!(w)
}

impl Printer for JsonlPrinter {
    fn file(&mut self, w: &mut dyn Write, file: &FileReport) -> io::Result<()> {
        match &file.status {
            FileStatus::Scanned { .. } => {}
            FileStatus::Skipped { reason } => {
                line(w, "skipped", Skipped { path: &file.path, reason })?;
            }
            FileStatus::Error { message } => {
                line(w, "error", Failed { path: &file.path, message })?;
            }
        }
        for f in &file.findings {
            line(w, "finding", f)?;
        }
        Ok(())
    }

    fn finish(&mut self, w: &mut dyn Write, summary: &Summary) -> io::Result<()> {
        line(w, "summary", SummaryOut::new(summary))
    }
}

#[cfg(test)]
mod tests {
    use serde_json::Value;

    use super::*;
    use crate::lang::Lang;
    use crate::report::testutil::{ODD_MESSAGE, files, render};

    #[test]
    fn one_typed_object_per_line() {
        let (out, _) = render(&mut JsonlPrinter::new(), &files(), Lang::Zh);
        let lines: Vec<Value> = out.lines().map(|l| serde_json::from_str(l).expect("each line is JSON")).collect();
        let types: Vec<&str> = lines.iter().map(|v| v["type"].as_str().unwrap()).collect();
        assert_eq!(types, ["error", "finding", "finding", "finding", "skipped", "summary"]);
        assert_eq!(out.lines().count(), out.matches('\n').count(), "no blank or broken lines");

        assert_eq!(lines[0]["path"], "bad.txt");
        assert_eq!(lines[0]["message"], "无法解码：不是有效的 GB18030");
        assert_eq!(lines[1]["message"], ODD_MESSAGE);
        assert_eq!(lines[1]["rule"], "XX001");
        assert_eq!(lines[2]["field"], "title");
        assert_eq!(lines[3]["start"]["line"], 3);
        assert_eq!(lines[3]["byte_range"]["start"], 30);
        assert_eq!(lines[4], serde_json::json!({"type": "skipped", "path": "logo.png", "reason": "二进制文件"}));
        assert_eq!(lines[5]["findings"], 3);
        assert_eq!(lines[5]["files_scanned"], 3);
        assert_eq!(lines[5]["files_failed"], 1);

        let f: crate::finding::Finding = serde_json::from_value(lines[3].clone()).unwrap();
        assert_eq!(f, files()[3].findings[1], "finding fields are all there");
    }
}
