//! Reports: one finding model, many printers. Printers format; detectors never print.

use std::io::{self, Write};

use serde::Serialize;

pub use crate::model::{FileReport, FileStatus, RuleMeta, Summary};
use crate::model::{IoKind, Lang, Problem};

pub mod github;
pub mod human;
pub mod json;
pub mod jsonl;
pub mod sarif;
#[cfg(test)]
mod testutil;

/// Output format, chosen with `--format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[cfg_attr(feature = "cli", derive(clap::ValueEnum))]
pub enum Format {
    /// rustc-style snippets for people (default).
    #[default]
    Human,
    /// One JSON document with findings, errors and a summary.
    Json,
    /// One JSON object per line.
    Jsonl,
    /// SARIF 2.1.0 for code-scanning tools.
    Sarif,
    /// GitHub Actions workflow-command annotations.
    Github,
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
}

/// Writes a report in one output format. Files arrive in a stable (sorted) order.
pub trait Printer {
    /// Called once before any file.
    fn begin(&mut self, _w: &mut dyn Write, _run: &RunInfo) -> io::Result<()> {
        Ok(())
    }
    /// Called once per input file, scanned, skipped or failed.
    fn file(&mut self, w: &mut dyn Write, file: &FileReport) -> io::Result<()>;
    /// Called once at the end.
    fn finish(&mut self, _w: &mut dyn Write, _summary: &Summary) -> io::Result<()> {
        Ok(())
    }
}

/// The printer for `format`. `lang` selects the language of user-facing words; `color` allows ANSI
/// colours (only the human printer uses them).
pub fn printer(format: Format, lang: Lang, color: bool) -> Box<dyn Printer> {
    match format {
        Format::Human => Box::new(human::HumanPrinter::new(lang, color)),
        Format::Json => Box::new(json::JsonPrinter::new()),
        Format::Jsonl => Box::new(jsonl::JsonlPrinter::new()),
        Format::Sarif => Box::new(sarif::SarifPrinter::new(lang)),
        Format::Github => Box::new(github::GithubPrinter::new(lang)),
    }
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
        (Problem::Io { kind, detail }, Lang::Zh) => {
            let why = match kind {
                IoKind::NotFound => "文件不存在",
                IoKind::PermissionDenied => "没有读取权限",
                IoKind::IsADirectory => "是一个目录",
                IoKind::Other => detail.as_str(),
            };
            format!("无法读取：{why}")
        }
        (Problem::Io { detail, .. }, Lang::En) => format!("cannot read: {detail}"),
    }
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
