//! Findings that were found but silenced: by a directive in the article or by a baseline file.

use serde::{Deserialize, Serialize};

use super::finding::Finding;

/// What silenced a finding.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SuppressionKind {
    /// A `hegui-disable…` directive in the article (SARIF `inSource`).
    Inline,
    /// An entry of the `--baseline` file (SARIF `external`).
    Baseline,
}

/// Why a finding was silenced, and who said so.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Suppression {
    /// Inline directive or baseline entry.
    pub kind: SuppressionKind,
    /// The reason written after `--` (or `reason="…"`), if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// Who cleared it (`by=NAME`), if given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub by: Option<String>,
    /// 1-based line of the directive (inline suppressions only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line: Option<usize>,
}

/// A finding that was silenced: kept (and counted) so reports can show it, but it never fails a
/// run.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Suppressed {
    /// The finding as it would have been reported.
    #[serde(flatten)]
    pub finding: Finding,
    /// What silenced it.
    pub suppression: Suppression,
}
