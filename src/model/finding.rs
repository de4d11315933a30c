//! The one finding model every detector produces and every printer consumes.

use std::fmt;
use std::ops::Range;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use super::field::Field;

/// How serious a finding is. Ordered: `Info < Warning < Error`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "cli", derive(clap::ValueEnum))]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Worth a human look; never a violation by itself.
    Info,
    /// Likely a problem; needs evidence or context to be acceptable.
    Warning,
    /// A violation.
    Error,
}

impl Severity {
    /// Stable lower-case name (`info`, `warning`, `error`).
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }

    /// Parses a stable name.
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "info" => Some(Severity::Info),
            "warning" => Some(Severity::Warning),
            "error" => Some(Severity::Error),
            _ => None,
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A position in the original file: 1-based line, 1-based column counted in characters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Position {
    /// 1-based line number.
    pub line: usize,
    /// 1-based column, counted in Unicode scalar values (characters).
    pub column: usize,
}

/// Where a finding is in a packaged document (a `.docx`), whose file bytes are not text: the
/// package part, the paragraph in it and the character in the paragraph.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocLocation {
    /// The part of the package, e.g. `word/document.xml`, `word/footnotes.xml`, `word/header1.xml`.
    pub part: String,
    /// 1-based paragraph in the part, in reading order (a text box's paragraphs follow the
    /// paragraph it is anchored in; every paragraph counts, empty ones too).
    pub paragraph: usize,
    /// 1-based character (Unicode scalar value) in the paragraph where the match starts.
    #[serde(rename = "char")]
    pub character: usize,
}

/// The line of source text around a finding, for snippets.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Context {
    /// The source line (possibly shortened around the match; no trailing newline).
    pub text: String,
    /// Character index in `text` where the match starts.
    pub start_char: usize,
    /// Number of characters of the match shown in `text` (the match may continue on later lines).
    pub len_chars: usize,
}

/// One compliance problem found in one document.
///
/// The strings that are the same for many findings (a rule's id, category and reference, the
/// file's path, a term and its message) are shared (`Arc<str>`), not copied per finding: a large
/// word list can make hundreds of thousands of findings in one file. They serialize as strings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Finding {
    /// Stable rule id, e.g. `AD001`.
    pub rule: Arc<str>,
    /// Rule category, e.g. `adlaw`.
    pub category: Arc<str>,
    /// Severity after configuration overrides.
    pub severity: Severity,
    /// What is wrong, in the selected language.
    pub message: Arc<str>,
    /// Legal or policy reference, e.g. 《广告法》第九条.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reference: Option<Arc<str>>,
    /// WeChat content-security (msgSecCheck) label code, e.g. 10001 广告.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<u32>,
    /// Path of the file as given on the command line (or the stdin file name).
    pub path: Arc<str>,
    /// Part of the article the match is in.
    pub field: Field,
    /// Start of the match in the original file.
    pub start: Position,
    /// End of the match (exclusive column) in the original file.
    pub end: Position,
    /// Where the match is in a document that is not plain text (`.docx`): part, paragraph and
    /// character. `None` (and left out of JSON) for text formats.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location: Option<DocLocation>,
    /// Byte range of the match in the original file (raw bytes, whatever the encoding). A `.docx`
    /// has no such bytes: there it is the range in the document text hegui extracted (UTF-8, one
    /// line per paragraph), which `start` and `end` count in too.
    pub byte_range: Range<usize>,
    /// The original text at `byte_range`, decoded.
    pub matched: String,
    /// The word-list term that matched.
    pub term: Arc<str>,
    /// The source line around the match.
    pub context: Context,
    /// The advertising context of the match, for rules whose severity follows it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub advertising: Option<Advertising>,
    /// Passages of another document this finding pairs with (duplicate-content rules).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub related: Vec<Related>,
}

/// A passage of another document paired with part of this finding (DUP001/DUP002): where it is
/// in both files and how the two relate.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Related {
    /// Path of the other document, as indexed.
    pub path: String,
    /// Byte range of the passage in the other document's file.
    pub byte_range: Range<usize>,
    /// Byte range of the matching passage in this file.
    pub source_range: Range<usize>,
    /// Start of the matching passage in this file.
    pub start: Position,
    /// End of the matching passage in this file.
    pub end: Position,
    /// `verbatim`, `near`, `rewritten` or `reordered`.
    pub kind: String,
    /// Similarity of the two passages in percent.
    pub similarity: u32,
}

/// Whether the text around a finding promotes something (see `detect::context`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum AdSetting {
    /// The paragraph or document sells something: claim rules are errors.
    Promotional,
    /// Cannot be told (a short text with no cue): the rule's own severity.
    Neutral,
    /// A long text with no promotional cue: claim rules are info.
    Editorial,
    /// A claim the text reports someone making (宣称…的内容, 涉嫌…宣传), with no promotional cue:
    /// the rule's own severity, at most a warning.
    Reported,
}

/// The advertising context of a finding and the cues that made it promotional.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Advertising {
    /// Promotional, neutral, editorial or reported.
    pub setting: AdSetting,
    /// The words that made it promotional (a price, a call to action, the product as subject,
    /// contact details), at most three; for a reported claim, the reporting verb (宣称).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub cues: Vec<String>,
}

impl AdSetting {
    /// The severity of a context-following rule whose own severity is `neutral` here.
    pub fn severity(self, neutral: Severity) -> Severity {
        match self {
            AdSetting::Promotional => Severity::Error,
            AdSetting::Neutral => neutral,
            AdSetting::Editorial => Severity::Info,
            AdSetting::Reported => neutral.min(Severity::Warning),
        }
    }
}
