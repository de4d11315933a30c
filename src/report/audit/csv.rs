//! `findings.csv`: every listed finding, one row each, written as files are scanned. UTF-8 with a
//! byte-order mark so Excel opens Chinese text correctly; RFC 4180 quoting; cells that a
//! spreadsheet would run as a formula (`=`, `+`, `-`, `@` first) are prefixed with `'`. Personal
//! data (category `privacy`) is masked as in the rest of the report.

use std::io::{self, Write};

use crate::model::FileReport;
use crate::report::shown_span;

/// The columns, in order.
pub const COLUMNS: [&str; 14] = [
    "path",
    "rule",
    "category",
    "label",
    "severity",
    "line",
    "column",
    "end_line",
    "end_column",
    "field",
    "matched",
    "term",
    "message",
    "reference",
];

/// Writes the findings of each file as it comes.
#[derive(Debug)]
pub struct CsvWriter<W: Write> {
    w: W,
}

impl<W: Write> CsvWriter<W> {
    /// Writes the byte-order mark and the header row.
    pub fn new(mut w: W) -> io::Result<Self> {
        w.write_all("\u{feff}".as_bytes())?;
        write_row(&mut w, COLUMNS.iter().map(|c| std::borrow::Cow::Borrowed(*c)))?;
        Ok(Self { w })
    }

    /// Writes one row per listed finding of `file`.
    pub fn file(&mut self, file: &FileReport) -> io::Result<()> {
        for f in &file.findings {
            let (start, end) = shown_span(f);
            // Personal data is masked: the table is shared and archived with the report.
            let personal = super::names::is_personal(&f.category);
            let shown = |s: &str| if personal { super::names::mask(s) } else { s.to_owned() };
            let message = if personal { f.message.replace(&f.matched, &shown(&f.matched)) } else { f.message.clone() };
            let cells: [String; 14] = [
                f.path.clone(),
                f.rule.clone(),
                f.category.clone(),
                f.label.map_or_else(String::new, |l| l.to_string()),
                f.severity.as_str().to_owned(),
                start.line.to_string(),
                start.column.to_string(),
                end.line.to_string(),
                end.column.to_string(),
                f.field.as_str().to_owned(),
                shown(&f.matched),
                shown(&f.term),
                message,
                f.reference.clone().unwrap_or_default(),
            ];
            write_row(&mut self.w, cells.into_iter().map(std::borrow::Cow::Owned))?;
        }
        Ok(())
    }

    /// Flushes and returns the writer.
    pub fn finish(mut self) -> io::Result<W> {
        self.w.flush()?;
        Ok(self.w)
    }
}

fn write_row<'a>(w: &mut impl Write, cells: impl Iterator<Item = std::borrow::Cow<'a, str>>) -> io::Result<()> {
    for (i, c) in cells.enumerate() {
        if i > 0 {
            w.write_all(b",")?;
        }
        w.write_all(cell(&c).as_bytes())?;
    }
    w.write_all(b"\r\n")
}

/// One cell, quoted when needed and defused when it would start a formula.
fn cell(s: &str) -> String {
    let s = if s.starts_with(['=', '+', '-', '@', '\t', '\r']) { format!("'{s}") } else { s.to_owned() };
    if s.contains([',', '"', '\n', '\r']) { format!("\"{}\"", s.replace('"', "\"\"")) } else { s }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_are_quoted_and_defused() {
        assert_eq!(cell("最佳"), "最佳");
        assert_eq!(cell("a,b"), "\"a,b\"");
        assert_eq!(cell("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(cell("=HYPERLINK(1)"), "'=HYPERLINK(1)");
        assert_eq!(cell("line\nbreak"), "\"line\nbreak\"");
    }

    #[test]
    fn bom_header_and_one_row_per_finding() {
        let files = crate::report::testutil::files();
        let mut w = CsvWriter::new(Vec::new()).expect("header");
        for f in &files {
            w.file(f).expect("rows");
        }
        let out = String::from_utf8(w.finish().expect("flush")).expect("utf-8");
        assert!(out.starts_with('\u{feff}'));
        // Rows end in CRLF; a line break inside a quoted cell is a bare LF.
        let rows: Vec<&str> = out.trim_start_matches('\u{feff}').split_terminator("\r\n").collect();
        assert_eq!(rows[0], COLUMNS.join(","));
        let n: usize = files.iter().map(|f| f.findings.len()).sum();
        assert_eq!(rows.len(), 1 + n);
        assert!(rows.iter().any(|r| r.contains("\"100% 保证,无效退款:\n请核实\"")), "{out}");
    }
}
