//! What happened to one input file, and to a whole run.
//!
//! Statuses are typed: a [`Problem`] says what went wrong as data, and printers put it into words in
//! the language of the run (`report::problem_text`).

use serde::Serialize;

use super::finding::{Finding, Severity};
use super::suppression::Suppressed;

/// Why a file was not scanned.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// The bytes look binary (a skip, not an error).
    Binary,
    /// Larger than the size limit.
    TooLarge {
        /// File size in bytes.
        size: u64,
        /// The limit in bytes.
        limit: u64,
    },
    /// Not valid in the forced or detected encoding.
    Invalid {
        /// The encoding tried (`UTF-8`, `GB18030`, …).
        encoding: String,
        /// Byte offset of the first invalid sequence.
        offset: usize,
    },
    /// Not UTF-8 and not plausibly GB18030 either.
    Undetected {
        /// Byte offset of the first invalid UTF-8 sequence.
        offset: usize,
    },
    /// Not a regular file (a FIFO, socket or device): never opened, since reading one can block
    /// forever or never end.
    NotRegular {
        /// What it is.
        kind: SpecialFile,
    },
    /// Could not be read.
    Io {
        /// The kind of failure.
        kind: IoKind,
        /// The operating system's description.
        detail: String,
    },
    /// A `.docx` that is damaged, incomplete or refused as a possible zip bomb.
    Docx(DocxProblem),
    /// hegui itself failed on this file (a bug): the scan stopped and the rest of the run went on.
    Internal {
        /// What failed (the panic message).
        detail: String,
    },
}

/// Why a `.docx` was not read. The `Display` text is the English wording.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DocxProblem {
    /// Not a zip archive, or a damaged one (also: an encrypted entry, an unknown compression).
    #[error("not a valid .docx (zip): {detail}")]
    NotZip {
        /// What the zip reader said.
        detail: String,
    },
    /// The package has no main document part.
    #[error("not a valid .docx: {part} is missing")]
    MissingPart {
        /// The part looked for, e.g. `word/document.xml`.
        part: String,
    },
    /// A part is not well-formed XML (or not UTF-8/UTF-16).
    #[error("not a valid .docx: {part} is not well-formed XML ({detail})")]
    BadXml {
        /// The part.
        part: String,
        /// What the XML reader said.
        detail: String,
    },
    /// More zip entries than allowed.
    #[error("refused as a possible zip bomb: {count} zip entries, over the limit of {limit}")]
    TooManyEntries {
        /// Entries in the archive.
        count: usize,
        /// The limit.
        limit: usize,
    },
    /// The parts read decompress to more bytes than allowed.
    #[error("refused as a possible zip bomb: decompressed size over the {limit}-byte limit")]
    OverSize {
        /// The limit in bytes.
        limit: u64,
    },
    /// One entry inflates more than the allowed ratio.
    #[error("refused as a possible zip bomb: {part} inflates more than {limit}:1")]
    OverRatio {
        /// The entry.
        part: String,
        /// The largest ratio allowed.
        limit: u64,
    },
}

/// Kinds of file that are not regular files.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SpecialFile {
    /// A named pipe.
    Fifo,
    /// A Unix socket.
    Socket,
    /// A character or block device.
    Device,
    /// Anything else that is not a regular file or a folder.
    Other,
}

impl SpecialFile {
    /// What kind of special file `meta` describes, or `None` for a regular file or folder.
    pub fn of(meta: &std::fs::Metadata) -> Option<SpecialFile> {
        let t = meta.file_type();
        if t.is_file() || t.is_dir() {
            return None;
        }
        #[cfg(unix)]
        {
            use std::os::unix::fs::FileTypeExt;
            if t.is_fifo() {
                return Some(SpecialFile::Fifo);
            }
            if t.is_socket() {
                return Some(SpecialFile::Socket);
            }
            if t.is_char_device() || t.is_block_device() {
                return Some(SpecialFile::Device);
            }
        }
        Some(SpecialFile::Other)
    }
}

/// The kinds of I/O failure printers name in words of their own (reading an input, writing an output).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IoKind {
    /// No such file or folder.
    NotFound,
    /// Permission denied.
    PermissionDenied,
    /// A folder where a file was expected.
    IsADirectory,
    /// No space left on the device.
    StorageFull,
    /// A read-only file system.
    ReadOnly,
    /// Anything else (the detail says what).
    Other,
}

impl From<std::io::ErrorKind> for IoKind {
    fn from(kind: std::io::ErrorKind) -> Self {
        use std::io::ErrorKind as K;
        match kind {
            K::NotFound => IoKind::NotFound,
            K::PermissionDenied => IoKind::PermissionDenied,
            K::IsADirectory => IoKind::IsADirectory,
            K::StorageFull => IoKind::StorageFull,
            K::ReadOnlyFilesystem => IoKind::ReadOnly,
            _ => IoKind::Other,
        }
    }
}

impl From<&std::io::Error> for Problem {
    fn from(e: &std::io::Error) -> Self {
        Problem::Io { kind: e.kind().into(), detail: e.to_string() }
    }
}

/// What happened to one input file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FileStatus {
    /// The file was scanned.
    Scanned {
        /// Detected or forced encoding name (e.g. `UTF-8`, `GB18030`).
        encoding: String,
        /// Format used for extraction (`txt`, `markdown`, `html`, `docx`).
        format: String,
    },
    /// The file was deliberately not scanned (binary); not an error.
    Skipped(Problem),
    /// The file could not be read or decoded; an input error (exit code 2).
    Error(Problem),
}

/// The outcome of one input file.
#[derive(Debug, Clone)]
pub struct FileReport {
    /// Path as displayed (as given on the command line, or the stdin file name).
    pub path: String,
    /// Scanned, skipped or failed.
    pub status: FileStatus,
    /// Findings, sorted by position (at most the per-file limit).
    pub findings: Vec<Finding>,
    /// Findings past the per-file limit: counted, not kept.
    pub omitted: Omitted,
    /// Findings silenced by an inline directive or the baseline (never fail a run).
    pub suppressed: Vec<Suppressed>,
}

/// Findings of one file past the per-file limit (`[check] max-findings`): counted by severity and
/// rule so totals and exit codes stay true, but not kept, so memory stays bounded.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Omitted {
    /// Omitted findings at severity `error`.
    pub errors: usize,
    /// Omitted findings at severity `warning`.
    pub warnings: usize,
    /// Omitted findings at severity `info`.
    pub infos: usize,
    /// Omitted findings per rule id.
    pub by_rule: std::collections::BTreeMap<String, usize>,
}

impl Omitted {
    /// The most severe level among the omitted findings (`Info` when there are none).
    pub fn worst(&self) -> Severity {
        if self.errors > 0 {
            Severity::Error
        } else if self.warnings > 0 {
            Severity::Warning
        } else {
            Severity::Info
        }
    }

    /// Counts one omitted finding.
    pub fn add(&mut self, rule: &str, severity: Severity) {
        match severity {
            Severity::Error => self.errors += 1,
            Severity::Warning => self.warnings += 1,
            Severity::Info => self.infos += 1,
        }
        match self.by_rule.get_mut(rule) {
            Some(n) => *n += 1,
            None => {
                self.by_rule.insert(rule.to_owned(), 1);
            }
        }
    }

    /// Adds the counts of `other`.
    pub fn merge(&mut self, other: Omitted) {
        self.errors += other.errors;
        self.warnings += other.warnings;
        self.infos += other.infos;
        for (rule, n) in other.by_rule {
            *self.by_rule.entry(rule).or_insert(0) += n;
        }
    }

    /// All omitted findings.
    pub fn total(&self) -> usize {
        self.errors + self.warnings + self.infos
    }
}

impl FileReport {
    /// A report for a file that was not scanned: skipped when `problem` is [`Problem::Binary`],
    /// an input error otherwise.
    pub fn unscanned(path: impl Into<String>, problem: Problem) -> Self {
        let status = if problem == Problem::Binary { FileStatus::Skipped(problem) } else { FileStatus::Error(problem) };
        Self { path: path.into(), status, findings: Vec::new(), omitted: Omitted::default(), suppressed: Vec::new() }
    }

    /// Whether a finding (listed or omitted) is at `level` or above.
    pub fn has_at_least(&self, level: Severity) -> bool {
        self.findings.iter().any(|f| f.severity >= level)
            || match level {
                Severity::Info => self.omitted.total() > 0,
                Severity::Warning => self.omitted.errors + self.omitted.warnings > 0,
                Severity::Error => self.omitted.errors > 0,
            }
    }

    /// Whether the file could not be read or decoded.
    pub fn is_error(&self) -> bool {
        matches!(self.status, FileStatus::Error(_))
    }
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
    /// Short kebab-case name (`absolute-superlative`); empty when unknown.
    pub name: String,
    /// WeChat content-security (msgSecCheck) label code.
    pub label: Option<u32>,
    /// Example sentences the rule flags.
    pub hit: Vec<String>,
    /// Example sentences it does not flag.
    pub miss: Vec<String>,
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
    /// Findings counted above but not listed (past the per-file limit).
    pub omitted: usize,
    /// Findings silenced by inline directives or the baseline (not counted above).
    pub suppressed: usize,
}

impl Summary {
    /// Adds one file's outcome to the totals.
    pub fn add(&mut self, file: &FileReport) {
        match file.status {
            FileStatus::Scanned { .. } => self.files_scanned += 1,
            FileStatus::Skipped(_) => self.files_skipped += 1,
            FileStatus::Error(_) => self.files_failed += 1,
        }
        self.add_findings(&file.findings);
        self.errors += file.omitted.errors;
        self.warnings += file.omitted.warnings;
        self.infos += file.omitted.infos;
        self.omitted += file.omitted.total();
        self.suppressed += file.suppressed.len();
    }

    /// Counts findings of a file that comes in parts (the file itself is counted with its last
    /// part, by [`Summary::add`]).
    pub fn add_findings(&mut self, findings: &[Finding]) {
        for f in findings {
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
