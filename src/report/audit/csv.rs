//! `findings.csv`: every listed finding, one row each, written as files are scanned. UTF-8 with a
//! byte-order mark so Excel opens Chinese text correctly; RFC 4180 quoting; cells that a
//! spreadsheet would run as a formula (`=`, `+`, `-`, `@` first) are prefixed with `'`. Personal
//! data (category `privacy`) is masked as in the rest of the report.

use std::borrow::Cow;
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
        write_row(&mut w, COLUMNS.iter().copied())?;
        Ok(Self { w })
    }

    /// Writes one row per listed finding of `file`.
    pub fn file(&mut self, file: &FileReport) -> io::Result<()> {
        use std::fmt::Write as _;
        let mut num = String::new();
        for f in &file.findings {
            let (start, end) = shown_span(f);
            // Personal data is masked: the table is shared and archived with the report.
            let personal = super::names::is_personal(&f.category);
            fn shown(s: &str, personal: bool) -> Cow<'_, str> {
                if personal { Cow::Owned(super::names::mask(s)) } else { Cow::Borrowed(s) }
            }
            let message = if personal {
                Cow::Owned(f.message.replace(&f.matched, &shown(&f.matched, personal)))
            } else {
                Cow::Borrowed(&*f.message)
            };
            let w = &mut self.w;
            cell(w, &f.path)?;
            w.write_all(b",")?;
            cell(w, &f.rule)?;
            w.write_all(b",")?;
            cell(w, &f.category)?;
            num.clear();
            if let Some(l) = f.label {
                let _ = write!(num, "{l}");
            }
            let _ =
                write!(num, ",{},{},{},{},{},", f.severity.as_str(), start.line, start.column, end.line, end.column);
            w.write_all(b",")?;
            w.write_all(num.as_bytes())?;
            cell(w, f.field.as_str())?;
            w.write_all(b",")?;
            cell(w, &shown(&f.matched, personal))?;
            w.write_all(b",")?;
            cell(w, &shown(&f.term, personal))?;
            w.write_all(b",")?;
            cell(w, &message)?;
            w.write_all(b",")?;
            cell(w, f.reference.as_deref().unwrap_or(""))?;
            w.write_all(b"\r\n")?;
        }
        Ok(())
    }

    /// Flushes and returns the writer.
    pub fn finish(mut self) -> io::Result<W> {
        self.w.flush()?;
        Ok(self.w)
    }
}

fn write_row<'a>(w: &mut impl Write, cells: impl Iterator<Item = &'a str>) -> io::Result<()> {
    for (i, c) in cells.enumerate() {
        if i > 0 {
            w.write_all(b",")?;
        }
        cell(w, c)?;
    }
    w.write_all(b"\r\n")
}

/// Writes one cell, quoted when needed and defused when it would start a formula.
fn cell(w: &mut impl Write, s: &str) -> io::Result<()> {
    let defuse = s.starts_with(['=', '+', '-', '@', '\t', '\r']);
    let quote = s.contains([',', '"', '\n', '\r']);
    if quote {
        w.write_all(b"\"")?;
    }
    if defuse {
        w.write_all(b"'")?;
    }
    if quote {
        for (i, part) in s.split('"').enumerate() {
            if i > 0 {
                w.write_all(b"\"\"")?;
            }
            w.write_all(part.as_bytes())?;
        }
        w.write_all(b"\"")
    } else {
        w.write_all(s.as_bytes())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cell(s: &str) -> String {
        let mut out = Vec::new();
        super::cell(&mut out, s).expect("write");
        String::from_utf8(out).expect("utf-8")
    }

    #[test]
    fn cells_are_quoted_and_defused() {
        assert_eq!(cell("最佳"), "最佳");
        assert_eq!(cell("a,b"), "\"a,b\"");
        assert_eq!(cell("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(cell("=HYPERLINK(1)"), "'=HYPERLINK(1)");
        assert_eq!(cell("line\nbreak"), "\"line\nbreak\"");
        assert_eq!(cell("=a,\"b\""), "\"'=a,\"\"b\"\"\"");
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
