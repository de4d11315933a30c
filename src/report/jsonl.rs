//! JSON Lines, schema version 1: one compact object per line (`watch` flushes after each).
//! `check --format jsonl` and `watch --format jsonl` speak this one dialect; every line has an
//! `event`, and the first line (`start`) carries the schema `version`.
//!
//! ```text
//! {"event":"start","version":1,"tool":"hegui","tool_version":"0.1.0","command":"check"}
//! {"event":"scan","path":"a.md","status":"scanned","encoding":"UTF-8","format":"markdown","findings":[…]}
//! {"event":"scan","path":"logo.png","status":"skipped","reason":"…","findings":[]}
//! {"event":"scan","path":"bad.txt","status":"error","message":"…","findings":[]}
//! {"event":"summary","files_scanned":5,"files_skipped":1,"files_failed":1,"errors":1,"warnings":1,"infos":1,"findings":3}
//! ```
//!
//! `findings` holds the objects of `check --format json`. `check` ends with `summary`. `watch` adds
//! `hash` (blake3 hex of the bytes) and `duration_ms` to `scan`, and the events `deleted`
//! (`path`), `error` (`scope`: `folder`, `rules`, `watcher` or `report-dir`; `path` when there is
//! one; `message`), `reload` (`rules`, `files`) and `ready` (`files`, `findings`, `rules`).

use std::io::{self, Write};

use serde::Serialize;

use super::json::SummaryOut;
use super::{FileReport, Printer, RunInfo, StatusOut, Summary};
use crate::model::{Finding, Lang, Omitted, Suppressed};

/// The schema version written in the `start` event.
pub const VERSION: u32 = 1;

/// One line of the stream.
#[derive(Debug, Serialize)]
#[serde(tag = "event", rename_all = "lowercase")]
pub enum Event<'a> {
    /// The first line.
    Start {
        /// Schema version ([`VERSION`]).
        version: u32,
        /// `hegui`.
        tool: &'static str,
        /// The tool's version.
        tool_version: &'a str,
        /// `check` or `watch`.
        command: &'a str,
    },
    /// One file scanned, skipped or unreadable.
    Scan(ScanEvent<'a>),
    /// Totals at the end of `check`.
    Summary(SummaryOut<'a>),
    /// A watched file was deleted or left the watched set.
    Deleted {
        /// Its path.
        path: &'a str,
    },
    /// A problem that is not one file's: a folder, the rules, the watcher, the report folder.
    Error {
        /// What failed.
        scope: &'a str,
        /// The path concerned, if any.
        #[serde(skip_serializing_if = "Option::is_none")]
        path: Option<&'a str>,
        /// What went wrong.
        message: &'a str,
    },
    /// The rules were reloaded; every file is scanned again next.
    Reload {
        /// Enabled rules.
        rules: usize,
        /// Files to scan.
        files: usize,
    },
    /// The initial scan of `watch` is done.
    Ready {
        /// Files watched.
        files: usize,
        /// Findings in them.
        findings: usize,
        /// Enabled rules.
        rules: usize,
    },
}

/// One file's outcome as a `scan` event (also the content of `watch --report-dir` files).
#[derive(Debug, Serialize)]
pub struct ScanEvent<'a> {
    /// Path as displayed.
    pub path: &'a str,
    /// blake3 hex of the file's bytes (`watch`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hash: Option<&'a str>,
    /// Time the scan took (`watch`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub duration_ms: Option<f64>,
    /// `status` plus `encoding`/`format`, `reason` or `message`.
    #[serde(flatten)]
    pub status: StatusOut<'a>,
    /// Findings, sorted by position.
    pub findings: &'a [Finding],
    /// Findings past the per-file limit, counted (absent when none).
    #[serde(skip_serializing_if = "is_none_omitted")]
    pub omitted: &'a Omitted,
    /// Findings silenced by inline directives or the baseline (absent when none).
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    pub suppressed: &'a [Suppressed],
}

fn is_none_omitted(o: &&Omitted) -> bool {
    o.total() == 0
}

impl<'a> ScanEvent<'a> {
    /// The event of `file`, in words of `lang`.
    pub fn new(file: &'a FileReport, lang: Lang) -> Self {
        Self {
            path: &file.path,
            hash: None,
            duration_ms: None,
            status: StatusOut::new(&file.status, lang),
            findings: &file.findings,
            omitted: &file.omitted,
            suppressed: &file.suppressed,
        }
    }
}

/// Writes one event as one line. The serializer writes into a local buffer, so that the many
/// small writes of a large event are not each a call through `dyn Write`.
pub fn write_event(w: &mut dyn Write, event: &Event<'_>) -> io::Result<()> {
    let mut buf = io::BufWriter::with_capacity(WRITE_BUFFER, w);
    serde_json::to_writer(&mut buf, event)?;
    buf.write_all(b"\n")?;
    buf.flush()
}

/// Bytes buffered between a printer's serializer and its `dyn Write` output.
pub(crate) const WRITE_BUFFER: usize = 32 * 1024;

/// JSON Lines printer (`check --format jsonl`).
#[derive(Debug, Clone, Default)]
pub struct JsonlPrinter {
    lang: Lang,
    /// A `scan` event written in parts is open: how many of its findings are written.
    open: Option<usize>,
}

/// The marker that splits a serialized `scan` event with no findings into what comes before
/// its findings and what comes after. It cannot occur inside a string value (quotes are
/// escaped there), and `findings` comes before `omitted` and `suppressed`.
const FINDINGS: &[u8] = b",\"findings\":[]";

/// The `scan` event of `part` serialized without its findings, and the position of
/// [`FINDINGS`] in it: what comes before the findings ends there, what comes after starts
/// [`FINDINGS`]`.len()` later.
fn event_without_findings(part: &FileReport, lang: Lang) -> io::Result<(Vec<u8>, usize)> {
    let event = ScanEvent { findings: &[], ..ScanEvent::new(part, lang) };
    let line = serde_json::to_vec(&Event::Scan(event))?;
    let at = line
        .windows(FINDINGS.len())
        .position(|w| w == FINDINGS)
        .ok_or_else(|| io::Error::other("a scan event without findings"))?;
    Ok((line, at))
}

/// Writes what comes before the findings of `line` ([`event_without_findings`], split at `at`)
/// and opens the findings array.
fn open_findings(w: &mut impl Write, line: &[u8], at: usize) -> io::Result<()> {
    w.write_all(&line[..at])?;
    w.write_all(&FINDINGS[..FINDINGS.len() - 1])
}

/// Writes `findings` into an open findings array that holds `written` already; returns how many
/// it then holds.
fn write_findings(w: &mut impl Write, findings: &[Finding], written: usize) -> io::Result<usize> {
    for (i, f) in findings.iter().enumerate() {
        if written + i > 0 {
            w.write_all(b",")?;
        }
        write_finding(w, f)?;
    }
    Ok(written + findings.len())
}

/// Closes the findings array and writes what comes after the findings of `line`, and the line end.
fn close_findings(w: &mut impl Write, line: &[u8], at: usize) -> io::Result<()> {
    w.write_all(b"]")?;
    w.write_all(&line[at + FINDINGS.len()..])?;
    w.write_all(b"\n")
}

/// Writes `f` exactly as `serde_json::to_writer` does (compact, fields in declaration order,
/// absent optional fields left out), without going through serde for the common fields: with
/// large lists, findings are most of the output, and serde's per-field calls and per-byte string
/// escaping were a large share of a run. The rarer nested fields still go through serde.
fn write_finding(w: &mut impl Write, f: &Finding) -> io::Result<()> {
    let n = write_num;
    w.write_all(b"{\"rule\":")?;
    write_str(w, &f.rule)?;
    w.write_all(b",\"category\":")?;
    write_str(w, &f.category)?;
    w.write_all(b",\"severity\":\"")?;
    w.write_all(f.severity.as_str().as_bytes())?;
    w.write_all(b"\",\"message\":")?;
    write_str(w, &f.message)?;
    if let Some(r) = &f.reference {
        w.write_all(b",\"reference\":")?;
        write_str(w, r)?;
    }
    if let Some(l) = f.label {
        w.write_all(b",\"label\":")?;
        n(w, l as usize)?;
    }
    w.write_all(b",\"path\":")?;
    write_str(w, &f.path)?;
    w.write_all(b",\"field\":\"")?;
    w.write_all(f.field.as_str().as_bytes())?;
    w.write_all(b"\",\"start\":{\"line\":")?;
    n(w, f.start.line)?;
    w.write_all(b",\"column\":")?;
    n(w, f.start.column)?;
    w.write_all(b"},\"end\":{\"line\":")?;
    n(w, f.end.line)?;
    w.write_all(b",\"column\":")?;
    n(w, f.end.column)?;
    w.write_all(b"}")?;
    if let Some(loc) = &f.location {
        w.write_all(b",\"location\":")?;
        serde_json::to_writer(&mut *w, loc)?;
    }
    w.write_all(b",\"byte_range\":{\"start\":")?;
    n(w, f.byte_range.start)?;
    w.write_all(b",\"end\":")?;
    n(w, f.byte_range.end)?;
    w.write_all(b"},\"matched\":")?;
    write_str(w, &f.matched)?;
    w.write_all(b",\"term\":")?;
    write_str(w, &f.term)?;
    w.write_all(b",\"context\":{\"text\":")?;
    write_str(w, &f.context.text)?;
    w.write_all(b",\"start_char\":")?;
    n(w, f.context.start_char)?;
    w.write_all(b",\"len_chars\":")?;
    n(w, f.context.len_chars)?;
    w.write_all(b"}")?;
    if let Some(ad) = &f.advertising {
        w.write_all(b",\"advertising\":")?;
        serde_json::to_writer(&mut *w, ad)?;
    }
    if !f.related.is_empty() {
        w.write_all(b",\"related\":")?;
        serde_json::to_writer(&mut *w, &f.related)?;
    }
    w.write_all(b"}")
}

/// Writes `v` in decimal (as serde_json writes integers).
fn write_num(w: &mut (impl Write + ?Sized), mut v: usize) -> io::Result<()> {
    let mut digits = [0u8; 20];
    let mut at = digits.len();
    loop {
        at -= 1;
        digits[at] = b'0' + (v % 10) as u8;
        v /= 10;
        if v == 0 {
            break;
        }
    }
    w.write_all(&digits[at..])
}

/// Writes `s` as a JSON string: as it is between quotes when nothing in it needs escaping (the
/// usual case), else through serde_json (the same escapes `write_finding` must produce).
fn write_str(w: &mut (impl Write + ?Sized), s: &str) -> io::Result<()> {
    // A fold without early exit: the compiler tests many bytes at a time.
    if s.bytes().fold(false, |any, b| any | (b < 0x20) | (b == b'"') | (b == b'\\')) {
        return serde_json::to_writer(w, s).map_err(io::Error::from);
    }
    w.write_all(b"\"")?;
    w.write_all(s.as_bytes())?;
    w.write_all(b"\"")
}

impl JsonlPrinter {
    /// A new printer; the language comes from [`RunInfo`] at `begin`.
    pub fn new() -> Self {
        Self::default()
    }
}

impl Printer for JsonlPrinter {
    fn begin(&mut self, w: &mut dyn Write, run: &RunInfo) -> io::Result<()> {
        self.lang = run.lang;
        write_event(w, &Event::Start { version: VERSION, tool: "hegui", tool_version: &run.version, command: "check" })
    }

    fn file(&mut self, w: &mut dyn Write, file: &FileReport) -> io::Result<()> {
        if file.findings.is_empty() {
            return write_event(w, &Event::Scan(ScanEvent::new(file, self.lang)));
        }
        // The same line, with the findings written by [`write_finding`].
        let mut buf = io::BufWriter::with_capacity(WRITE_BUFFER, w);
        let (line, at) = event_without_findings(file, self.lang)?;
        open_findings(&mut buf, &line, at)?;
        write_findings(&mut buf, &file.findings, 0)?;
        close_findings(&mut buf, &line, at)?;
        buf.flush()
    }

    fn takes_parts(&self) -> bool {
        true
    }

    /// Writes the same line as [`Printer::file`] would for the whole report: the event's start
    /// with the first part, then the findings of each part, then its end with the last part.
    fn file_part(&mut self, w: &mut dyn Write, part: &FileReport, last: bool) -> io::Result<()> {
        let mut buf = io::BufWriter::with_capacity(WRITE_BUFFER, &mut *w);
        if self.open.is_none() {
            if last {
                drop(buf);
                return self.file(w, part);
            }
            // What comes before the findings: the event of the part without its findings.
            let (line, at) = event_without_findings(part, self.lang)?;
            open_findings(&mut buf, &line, at)?;
            self.open = Some(0);
        }
        let Some(written) = self.open else { return Ok(()) };
        let failed = last && !matches!(part.status, crate::model::FileStatus::Scanned { .. });
        if !failed {
            self.open = Some(write_findings(&mut buf, &part.findings, written)?);
        }
        if last {
            self.open = None;
            if failed {
                // The file failed after its first findings were written: that event ends here
                // and the failure is an event of its own.
                buf.write_all(b"]}\n")?;
                buf.flush()?;
                drop(buf);
                return self.file(w, part);
            }
            // What comes after the findings: the end of the last part's event.
            let (line, at) = event_without_findings(part, self.lang)?;
            close_findings(&mut buf, &line, at)?;
        }
        buf.flush()
    }

    fn finish(&mut self, w: &mut dyn Write, summary: &Summary) -> io::Result<()> {
        write_event(w, &Event::Summary(SummaryOut::new(summary)))
    }
}

/// `--format jsonl`: JSON Lines events, one per file (schema version 1).
pub const FORMAT: super::FormatDef =
    super::FormatDef { name: "jsonl", about: "JSON Lines events, one per file (schema version 1)", printer: make };

fn make(_lang: crate::model::Lang, _color: bool) -> Box<dyn super::Printer> {
    Box::new(JsonlPrinter::new())
}

#[cfg(test)]
mod tests {
    use serde_json::Value;

    use super::*;
    use crate::report::testutil::{ODD_MESSAGE, bad_message, files, render, skip_reason};

    #[test]
    fn one_event_per_line_and_file() {
        let (out, _) = render(&mut JsonlPrinter::new(), &files(), Lang::Zh);
        let lines: Vec<Value> = out.lines().map(|l| serde_json::from_str(l).expect("each line is JSON")).collect();
        let events: Vec<&str> = lines.iter().map(|v| v["event"].as_str().unwrap()).collect();
        assert_eq!(events, ["start", "scan", "scan", "scan", "scan", "scan", "summary"]);
        assert_eq!(out.lines().count(), out.matches('\n').count(), "no blank or broken lines");

        assert_eq!(lines[0]["version"], VERSION);
        assert_eq!(lines[0]["tool_version"], "9.8.7");
        assert_eq!(lines[0]["command"], "check");
        assert_eq!(lines[1]["path"], "bad.txt");
        assert_eq!(lines[1]["status"], "error");
        assert_eq!(lines[1]["message"], bad_message());
        assert_eq!(lines[2]["status"], "scanned");
        assert_eq!(lines[2]["encoding"], "UTF-8");
        assert_eq!(lines[2]["findings"], Value::Array(vec![]));
        assert_eq!(lines[3]["findings"][0]["message"], ODD_MESSAGE);
        assert_eq!(lines[3]["findings"][0]["rule"], "XX001");
        assert_eq!(lines[4]["findings"][0]["field"], "title");
        assert_eq!(lines[4]["findings"][1]["start"]["line"], 3);
        assert_eq!(lines[4]["findings"][1]["byte_range"]["start"], 30);
        assert_eq!(
            lines[5],
            serde_json::json!({"event": "scan", "path": "logo.png", "status": "skipped", "reason": skip_reason(), "findings": []})
        );
        assert_eq!(lines[6]["findings"], 3);
        assert_eq!(lines[6]["files_scanned"], 3);
        assert_eq!(lines[6]["files_failed"], 1);

        let f: Finding = serde_json::from_value(lines[4]["findings"][1].clone()).unwrap();
        assert_eq!(f, files()[3].findings[1], "finding fields are all there");
    }

    /// The hand-written finding writer produces serde_json's bytes, with every optional field
    /// present or absent and strings that need escaping or not; a whole `scan` line too.
    #[test]
    fn findings_are_written_as_serde_writes_them() {
        use crate::model::{AdSetting, Advertising, DocLocation, Related};
        let mut all: Vec<Finding> = files().into_iter().flat_map(|f| f.findings).collect();
        assert!(!all.is_empty());
        let mut full = all[0].clone();
        full.rule = "R\"1\\".into();
        full.message = "控制\u{0}\u{1f}\n\t\r\u{8}\u{c}\u{7f}é😀 \"q\" \\ /".into();
        full.reference = Some("《广告法》第九条".into());
        full.label = Some(u32::MAX);
        full.location = Some(DocLocation { part: "word/document.xml".into(), paragraph: 3, character: 0 });
        full.byte_range = 0..usize::MAX;
        full.context.text = "line\nbreak".into();
        full.advertising =
            Some(Advertising { setting: AdSetting::Promotional, cues: vec!["包邮".into(), "\"".into()] });
        full.related = vec![Related {
            path: "b.md".into(),
            byte_range: 1..2,
            source_range: 3..4,
            start: full.start,
            end: full.end,
            kind: "near".into(),
            similarity: 97,
        }];
        let mut bare = full.clone();
        bare.reference = None;
        bare.label = None;
        bare.location = None;
        bare.advertising = Some(Advertising { setting: AdSetting::Editorial, cues: vec![] });
        bare.related.clear();
        all.extend([full, bare]);
        for f in &all {
            let mut ours = Vec::new();
            write_finding(&mut ours, f).unwrap();
            assert_eq!(String::from_utf8(ours).unwrap(), serde_json::to_string(f).unwrap());
        }
        let mut report = files().into_iter().find(|f| f.findings.len() > 1).expect("a file with findings");
        report.findings = all;
        let mut ours = Vec::new();
        JsonlPrinter::new().file(&mut ours, &report).unwrap();
        let mut theirs = Vec::new();
        write_event(&mut theirs, &Event::Scan(ScanEvent::new(&report, Lang::Zh))).unwrap();
        assert_eq!(String::from_utf8(ours).unwrap(), String::from_utf8(theirs).unwrap());
    }
}
