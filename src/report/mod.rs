//! Reports: one finding model, many printers. Printers format; detectors never print.

use std::io::{self, Write};

use serde::Serialize;

use crate::finding::{Finding, Severity};
use crate::lang::Lang;

pub mod github;
pub mod human;
pub mod json;
pub mod jsonl;
pub mod sarif;
#[cfg(test)]
mod testutil;

/// Output format, chosen with `--format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
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

/// What happened to one input file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "status", rename_all = "lowercase")]
pub enum FileStatus {
    /// The file was scanned.
    Scanned {
        /// Detected or forced encoding name (e.g. `UTF-8`, `GB18030`).
        encoding: String,
        /// Format used for extraction (`txt`, `markdown`, `html`).
        format: String,
    },
    /// The file was deliberately not scanned (binary); not an error.
    Skipped {
        /// Why, in the selected language.
        reason: String,
    },
    /// The file could not be read or decoded; an input error (exit code 2).
    Error {
        /// What went wrong, in the selected language.
        message: String,
    },
}

/// The outcome of one input file.
#[derive(Debug, Clone, Serialize)]
pub struct FileReport {
    /// Path as displayed (as given on the command line, or the stdin file name).
    pub path: String,
    /// Scanned, skipped or failed.
    #[serde(flatten)]
    pub status: FileStatus,
    /// Findings, sorted by position.
    pub findings: Vec<Finding>,
}

/// Metadata about one rule, for printers that describe rules (SARIF `tool.driver.rules`).
#[derive(Debug, Clone, Serialize)]
pub struct RuleMeta {
    /// Stable rule id.
    pub id: String,
    /// Category name.
    pub category: String,
    /// Effective default severity.
    pub severity: Severity,
    /// Short description in the selected language.
    pub message: String,
    /// Legal or policy reference.
    pub reference: Option<String>,
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

/// Totals for the whole run, handed to printers at the end.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Summary {
    /// Files scanned.
    pub files_scanned: usize,
    /// Files skipped (binary).
    pub files_skipped: usize,
    /// Files that could not be read or decoded.
    pub files_failed: usize,
    /// Findings at severity `error`.
    pub errors: usize,
    /// Findings at severity `warning`.
    pub warnings: usize,
    /// Findings at severity `info`.
    pub infos: usize,
}

impl Summary {
    /// Adds one file's outcome to the totals.
    pub fn add(&mut self, file: &FileReport) {
        match file.status {
            FileStatus::Scanned { .. } => self.files_scanned += 1,
            FileStatus::Skipped { .. } => self.files_skipped += 1,
            FileStatus::Error { .. } => self.files_failed += 1,
        }
        for f in &file.findings {
            match f.severity {
                Severity::Error => self.errors += 1,
                Severity::Warning => self.warnings += 1,
                Severity::Info => self.infos += 1,
            }
        }
    }

    /// Total number of findings.
    pub fn findings(&self) -> usize {
        self.errors + self.warnings + self.infos
    }
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
