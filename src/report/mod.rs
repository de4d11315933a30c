//! Reports: one finding model, many printers. Printers format; detectors never print.

use std::io::{self, Write};

use serde::Serialize;

use crate::model::{DocxProblem, Finding, IoKind, Lang, Position, Problem, SpecialFile};
pub use crate::model::{FileReport, FileStatus, RuleMeta, Summary};

pub mod audit;
pub mod concise;
pub mod github;
pub mod gitlab;
pub mod human;
pub mod json;
pub mod jsonl;
pub mod markdown;
pub mod sarif;
pub mod statistics;
#[cfg(test)]
pub(crate) mod testutil;

/// One output format: its `--format` name, a line about it, and how to make its printer. Each
/// printer file defines its `FORMAT`; [`FORMATS`] lists them.
#[derive(Debug, Clone, Copy)]
pub struct FormatDef {
    /// The `--format` value.
    pub name: &'static str,
    /// What it is, for help text.
    pub about: &'static str,
    /// A new printer writing in `lang`, with ANSI colours when `color` (if it uses any).
    pub printer: fn(lang: Lang, color: bool) -> Box<dyn Printer>,
}

/// Every output format: adding one is a new printer file plus its line here.
pub const FORMATS: &[FormatDef] = &[
    human::FORMAT,
    concise::FORMAT,
    json::FORMAT,
    jsonl::FORMAT,
    sarif::FORMAT,
    github::FORMAT,
    gitlab::FORMAT,
    markdown::FORMAT,
    statistics::FORMAT,
];

/// An output format, chosen with `--format`: the name of one of [`FORMATS`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Format(&'static FormatDef);

impl Format {
    /// rustc-style snippets for people (the default).
    pub const HUMAN: Format = Format(&human::FORMAT);
    /// JSON Lines events.
    pub const JSONL: Format = Format(&jsonl::FORMAT);

    /// The `--format` name.
    pub fn name(self) -> &'static str {
        self.0.name
    }
}

impl PartialEq for FormatDef {
    fn eq(&self, other: &Self) -> bool {
        self.name == other.name
    }
}

impl Eq for FormatDef {}

impl Default for Format {
    fn default() -> Self {
        Format::HUMAN
    }
}

impl std::str::FromStr for Format {
    type Err = String;

    /// The format named `s` (one of [`FORMATS`]).
    fn from_str(s: &str) -> Result<Self, String> {
        FORMATS.iter().find(|f| f.name == s).map(Format).ok_or_else(|| {
            let names: Vec<&str> = FORMATS.iter().map(|f| f.name).collect();
            format!("unknown format `{s}`, expected one of {}", names.join(", "))
        })
    }
}

/// Run-wide information handed to printers before any file.
#[derive(Debug, Clone)]
pub struct RunInfo {
    /// Every rule enabled for this run.
    pub rules: Vec<RuleMeta>,
    /// Language of user-facing text.
    pub lang: Lang,
    /// Whether colour may be used (human printer only).
    pub color: bool,
    /// Tool version.
    pub version: String,
    /// Only findings and errors: no summary line (`-q`).
    pub quiet: bool,
}

/// Writes a report in one output format. Files arrive in a stable (sorted) order, from whichever
/// scanning thread finished them (one at a time), so a printer is `Send`.
pub trait Printer: Send {
    /// Called once before any file.
    fn begin(&mut self, _w: &mut dyn Write, _run: &RunInfo) -> io::Result<()> {
        Ok(())
    }
    /// Called once per input file, scanned, skipped or failed.
    fn file(&mut self, w: &mut dyn Write, file: &FileReport) -> io::Result<()>;
    /// Whether this printer can write a file's report as it comes, in parts
    /// ([`Printer::file_part`]); otherwise it only gets whole reports.
    fn takes_parts(&self) -> bool {
        false
    }
    /// Called with each part of a file's report that comes in parts: reports of findings only
    /// (status `Scanned`, nothing omitted or suppressed) with `last` false, then the last part,
    /// which holds the remaining findings, what was omitted and suppressed (and, if the file
    /// failed after its first parts, an error status). A whole report is one part with `last`
    /// true. Only called when [`Printer::takes_parts`]; by default the same as
    /// [`Printer::file`] on the last part.
    fn file_part(&mut self, w: &mut dyn Write, part: &FileReport, last: bool) -> io::Result<()> {
        if last { self.file(w, part) } else { Ok(()) }
    }
    /// Called once at the end.
    fn finish(&mut self, _w: &mut dyn Write, _summary: &Summary) -> io::Result<()> {
        Ok(())
    }
}

/// The printer for `format`. `lang` selects the language of user-facing words; `color` allows ANSI
/// colours (only the human printer uses them).
pub fn printer(format: Format, lang: Lang, color: bool) -> Box<dyn Printer> {
    (format.0.printer)(lang, color)
}

/// The words for a problem with a file, in `lang`.
pub fn problem_text(problem: &Problem, lang: Lang) -> String {
    match (problem, lang) {
        (Problem::Binary, Lang::Zh) => "二进制文件，已跳过".into(),
        (Problem::Binary, Lang::En) => "binary file, skipped".into(),
        (Problem::TooLarge { size, limit }, Lang::Zh) => {
            format!("文件过大（{size} 字节，上限 {limit} 字节），未扫描")
        }
        (Problem::TooLarge { size, limit }, Lang::En) => {
            format!("file too large ({size} bytes, limit {limit}), not scanned")
        }
        (Problem::Invalid { encoding, offset }, Lang::Zh) => {
            format!("无法按 {encoding} 解码：第 {offset} 字节处编码无效")
        }
        (Problem::Invalid { encoding, offset }, Lang::En) => {
            format!("cannot decode: invalid {encoding} at byte {offset} (use --encoding to force one)")
        }
        (Problem::Undetected { offset }, Lang::Zh) => {
            format!("无法解码：第 {offset} 字节处不是有效的 UTF-8，也不像 GB18030 文本（可用 --encoding 指定编码）")
        }
        (Problem::Undetected { offset }, Lang::En) => format!(
            "cannot decode: invalid UTF-8 at byte {offset} (and not GB18030 text either) (use --encoding to force one)"
        ),
        (Problem::NotRegular { kind }, Lang::Zh) => {
            let what = match kind {
                SpecialFile::Fifo => "命名管道",
                SpecialFile::Socket => "套接字",
                SpecialFile::Device => "设备文件",
                SpecialFile::Other => "特殊文件",
            };
            format!("不是普通文件（{what}），未读取")
        }
        (Problem::NotRegular { kind }, Lang::En) => {
            let what = match kind {
                SpecialFile::Fifo => "a FIFO",
                SpecialFile::Socket => "a socket",
                SpecialFile::Device => "a device",
                SpecialFile::Other => "a special file",
            };
            format!("not a regular file ({what}), not read")
        }
        (Problem::Io { kind, detail }, Lang::Zh) => {
            format!("无法读取：{}", io_kind_text(*kind, Lang::Zh).unwrap_or(detail.as_str()))
        }
        (Problem::Io { detail, .. }, Lang::En) => format!("cannot read: {detail}"),
        (Problem::Docx(p), Lang::Zh) => docx_problem_zh(p),
        (Problem::Docx(p), Lang::En) => p.to_string(),
        (Problem::Internal { detail }, Lang::Zh) => {
            format!("内部错误，此文件未能扫描完（hegui 的缺陷，请报告）：{detail}")
        }
        (Problem::Internal { detail }, Lang::En) => {
            format!("internal error, file not fully scanned (a bug in hegui, please report it): {detail}")
        }
    }
}

/// The words for an I/O failure of a kind a user can act on (a missing file or folder, a missing
/// permission, a full disk), in `lang`; `None` for [`IoKind::Other`], whose system message says it.
/// Shared by read problems and the binary's write errors.
pub fn io_kind_text(kind: IoKind, lang: Lang) -> Option<&'static str> {
    let (zh, en) = match kind {
        IoKind::NotFound => ("找不到文件或文件夹", "no such file or folder"),
        IoKind::PermissionDenied => ("没有权限", "permission denied"),
        IoKind::IsADirectory => ("是一个文件夹", "is a folder"),
        IoKind::StorageFull => ("磁盘空间不足", "no space left on the device"),
        IoKind::ReadOnly => ("文件系统只读", "read-only file system"),
        IoKind::Other => return None,
    };
    Some(lang.pick(zh, en))
}

/// Where a finding starts and ends as line and column: in the file, or for a `.docx` as
/// paragraph and character in its part (a match that runs on keeps its line distance).
pub(crate) fn shown_span(f: &Finding) -> (Position, Position) {
    let Some(loc) = &f.location else { return (f.start, f.end) };
    let start = Position { line: loc.paragraph, column: loc.character };
    let end = if f.end.line == f.start.line {
        Position { line: loc.paragraph, column: loc.character + f.end.column.saturating_sub(f.start.column) }
    } else {
        Position { line: loc.paragraph + f.end.line.saturating_sub(f.start.line), column: f.end.column }
    };
    (start, end)
}

/// The Chinese words for a refused `.docx` (the English ones are its `Display`).
fn docx_problem_zh(p: &DocxProblem) -> String {
    match p {
        DocxProblem::NotZip { detail } => format!("不是有效的 .docx 文件（zip 无法读取：{detail}）"),
        DocxProblem::MissingPart { part } => format!("不是有效的 .docx 文件：缺少 {part}"),
        DocxProblem::BadXml { part, detail } => {
            format!("不是有效的 .docx 文件：{part} 不是格式正确的 XML（{detail}）")
        }
        DocxProblem::TooManyEntries { count, limit } => {
            format!("疑似压缩炸弹，未扫描：含 {count} 个 zip 条目，超过上限 {limit}")
        }
        DocxProblem::OverSize { limit } => format!("疑似压缩炸弹，未扫描：解压后大小超过上限 {limit} 字节"),
        DocxProblem::OverRatio { part, limit } => {
            format!("疑似压缩炸弹，未扫描：{part} 的压缩比超过 {limit}:1")
        }
    }
}

/// The line saying how many findings of `file` are counted but not listed (past the per-file
/// limit), or `None` when all are listed.
pub fn omitted_text(file: &FileReport, lang: Lang) -> Option<String> {
    let n = file.omitted.total();
    if n == 0 {
        return None;
    }
    let listed = file.findings.len();
    Some(match lang {
        Lang::Zh => format!("{}：另有 {n} 个问题未列出（每个文件最多列出 {listed} 个，见 --max-findings）", file.path),
        Lang::En => {
            format!(
                "{}: {n} more problems not listed (at most {listed} are listed per file; see --max-findings)",
                file.path
            )
        }
    })
}

/// A file's status as the JSON printers write it: `{"status": "scanned", "encoding", "format"}`,
/// `{"status": "skipped", "reason"}` or `{"status": "error", "message"}`.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "status", rename_all = "lowercase")]
pub enum StatusOut<'a> {
    /// Scanned.
    Scanned {
        /// Encoding name.
        encoding: &'a str,
        /// Format name.
        format: &'a str,
    },
    /// Skipped, with the reason in words.
    Skipped {
        /// Why.
        reason: String,
    },
    /// Not readable or decodable, with the message in words.
    Error {
        /// What went wrong.
        message: String,
    },
}

impl<'a> StatusOut<'a> {
    /// The status of a file in words of `lang`.
    pub fn new(status: &'a FileStatus, lang: Lang) -> Self {
        match status {
            FileStatus::Scanned { encoding, format } => StatusOut::Scanned { encoding, format },
            FileStatus::Skipped(p) => StatusOut::Skipped { reason: problem_text(p, lang) },
            FileStatus::Error(p) => StatusOut::Error { message: problem_text(p, lang) },
        }
    }

    /// The words for a skipped or failed file (empty for a scanned one).
    pub fn text(&self) -> &str {
        match self {
            StatusOut::Scanned { .. } => "",
            StatusOut::Skipped { reason } => reason,
            StatusOut::Error { message } => message,
        }
    }
}

#[cfg(test)]
mod format_tests {
    use super::*;

    #[test]
    fn every_registered_format_parses_by_name_and_makes_a_printer() {
        let mut names: Vec<&str> = FORMATS.iter().map(|f| f.name).collect();
        for name in &names {
            let f: Format = name.parse().expect("a registered name parses");
            assert_eq!(f.name(), *name);
            let (out, _) = testutil::render(&mut *printer(f, Lang::Zh, false), &testutil::files(), Lang::Zh);
            assert!(!out.is_empty(), "{name} writes something");
        }
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), FORMATS.len(), "names are unique");
        assert!(
            "yaml"
                .parse::<Format>()
                .unwrap_err()
                .contains("human, concise, json, jsonl, sarif, github, gitlab, markdown, statistics")
        );
        assert_eq!(Format::default(), Format::HUMAN);
    }
}
