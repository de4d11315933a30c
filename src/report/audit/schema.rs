//! The audit report as data: what `report.json` holds (schema [`SCHEMA_VERSION`], documented in
//! `docs/audit-report.md`) and what the Markdown and HTML reports are drawn from.

use serde::Serialize;

use crate::model::Severity;

use super::date::DateSource;

/// Version of the `report.json` schema; bumped when a field changes meaning or goes away.
pub const SCHEMA_VERSION: u32 = 1;

/// Counts by severity: `info`, `warning`, `error`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct BySeverity {
    /// At severity `error`.
    pub error: u64,
    /// At severity `warning`.
    pub warning: u64,
    /// At severity `info`.
    pub info: u64,
}

impl BySeverity {
    /// The count at `s`.
    pub fn get(&self, s: Severity) -> u64 {
        match s {
            Severity::Error => self.error,
            Severity::Warning => self.warning,
            Severity::Info => self.info,
        }
    }

    /// Adds `n` at `s`.
    pub fn add(&mut self, s: Severity, n: u64) {
        match s {
            Severity::Error => self.error += n,
            Severity::Warning => self.warning += n,
            Severity::Info => self.info += n,
        }
    }

    /// All three together.
    pub fn total(&self) -> u64 {
        self.error + self.warning + self.info
    }
}

/// Shares (0–1) by level: the share of articles with at least one finding at or above it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct Rates {
    /// At or above `error`.
    pub error: f64,
    /// At or above `warning`.
    pub warning: f64,
    /// At or above `info` (any finding).
    pub info: f64,
}

impl Rates {
    /// `articles` at each level divided by `of` (0 when `of` is 0).
    pub fn of(articles: &BySeverity, of: u64) -> Self {
        let r = |n: u64| if of == 0 { 0.0 } else { n as f64 / of as f64 };
        Rates { error: r(articles.error), warning: r(articles.warning), info: r(articles.info) }
    }

    /// The share at `s`.
    pub fn get(&self, s: Severity) -> f64 {
        match s {
            Severity::Error => self.error,
            Severity::Warning => self.warning,
            Severity::Info => self.info,
        }
    }
}

/// The whole report.
#[derive(Debug, Clone, Serialize)]
pub struct AuditReport {
    /// Always `hegui-audit`.
    pub schema: &'static str,
    /// [`SCHEMA_VERSION`].
    pub version: u32,
    /// Language of names and messages in the report (`zh` or `en`).
    pub lang: &'static str,
    /// Headline numbers.
    pub totals: Totals,
    /// Per rule category, most findings first.
    pub by_category: Vec<Group>,
    /// Per rule, most findings first.
    pub by_rule: Vec<RuleGroup>,
    /// Per msgSecCheck label, most findings first (`key` is the label code, `none` for rules
    /// without one).
    pub by_label: Vec<Group>,
    /// Findings per publication month.
    pub trend: Trend,
    /// The articles with the most serious findings, worst first.
    pub worst_articles: Vec<WorstArticle>,
    /// The word-list terms matched most often (lexicon and near rules only: other rules match
    /// free text such as phone numbers, which a report must not collect).
    pub top_terms: Vec<TermCount>,
    /// Passages copied from a corpus index (`--corpus`), when one was given.
    pub duplicates: Option<Duplicates>,
    /// What was checked, with which rules, when.
    pub evidence: Evidence,
}

/// Headline numbers.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Totals {
    /// Files found (scanned, skipped and failed).
    pub files: u64,
    /// Articles scanned: the denominator of every rate.
    pub articles: u64,
    /// Files skipped (binary).
    pub skipped: u64,
    /// Files that could not be read or decoded.
    pub failed: u64,
    /// Characters of article text scanned (whitespace excluded).
    pub chars: u64,
    /// Findings by severity (listed and omitted).
    pub findings: BySeverity,
    /// Findings of all severities.
    pub findings_total: u64,
    /// Findings counted but not listed in `findings.csv` (past the per-file limit).
    pub omitted: u64,
    /// Findings of all severities per 10,000 characters.
    pub findings_per_10k_chars: f64,
    /// Articles with at least one finding at or above each level.
    pub articles_with_findings: BySeverity,
    /// 违规率: `articles_with_findings` ÷ `articles`, by level.
    pub violation_rate: Rates,
}

/// Counts for one category or label.
#[derive(Debug, Clone, Serialize)]
pub struct Group {
    /// The category name or label code.
    pub key: String,
    /// Its name in the report's language.
    pub name: String,
    /// Findings by severity.
    pub findings: BySeverity,
    /// Findings of all severities.
    pub findings_total: u64,
    /// Articles with at least one finding of the group at or above each level.
    pub articles: BySeverity,
    /// `articles` ÷ articles scanned, by level.
    pub violation_rate: Rates,
}

/// Counts for one rule.
#[derive(Debug, Clone, Serialize)]
pub struct RuleGroup {
    /// Rule id.
    pub rule: String,
    /// Category.
    pub category: String,
    /// msgSecCheck label code.
    pub label: Option<u32>,
    /// The rule's configured severity (findings may differ by advertising context).
    pub severity: Severity,
    /// What the rule checks, in the report's language.
    pub description: String,
    /// Legal or policy reference.
    pub reference: Option<String>,
    /// Findings by severity.
    pub findings: BySeverity,
    /// Findings of all severities.
    pub findings_total: u64,
    /// Articles with at least one finding of the rule at or above each level.
    pub articles: BySeverity,
    /// `articles` ÷ articles scanned, by level.
    pub violation_rate: Rates,
}

/// Findings by publication month.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Trend {
    /// How many articles' dates came from each source (`none`: no date at all).
    pub sources: DateSources,
    /// One entry per month that has articles, oldest first.
    pub months: Vec<Month>,
}

/// How many articles' dates came from where.
#[derive(Debug, Clone, Copy, Default, Serialize)]
pub struct DateSources {
    /// Markdown front matter.
    pub front_matter: u64,
    /// HTML meta tags or WeChat export variables.
    pub html_meta: u64,
    /// File modification time.
    pub mtime: u64,
    /// No date found (an article whose file time could not be read).
    pub none: u64,
}

impl DateSources {
    /// Counts one article's date source.
    pub fn add(&mut self, s: Option<DateSource>) {
        match s {
            Some(DateSource::FrontMatter) => self.front_matter += 1,
            Some(DateSource::HtmlMeta) => self.html_meta += 1,
            Some(DateSource::Mtime) => self.mtime += 1,
            None => self.none += 1,
        }
    }
}

/// One month of the trend.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Month {
    /// `YYYY-MM`.
    pub month: String,
    /// Articles dated in it.
    pub articles: u64,
    /// Their characters.
    pub chars: u64,
    /// Their findings by severity.
    pub findings: BySeverity,
    /// Articles with at least one finding at or above each level.
    pub articles_with_findings: BySeverity,
    /// `articles_with_findings` ÷ `articles`, by level.
    pub violation_rate: Rates,
}

/// One of the worst articles.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WorstArticle {
    /// Path as walked.
    pub path: String,
    /// Characters of article text.
    pub chars: u64,
    /// Findings by severity (listed and omitted).
    pub findings: BySeverity,
    /// Its most serious findings, most serious first, then in file order.
    pub top_findings: Vec<TopFinding>,
}

/// One finding of a worst article, with its snippet.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TopFinding {
    /// Rule id.
    pub rule: String,
    /// Severity.
    pub severity: Severity,
    /// 1-based line (paragraph in a `.docx`).
    pub line: usize,
    /// 1-based column in characters.
    pub column: usize,
    /// The message, in the report's language.
    pub message: String,
    /// Up to 30 characters of the line before the match.
    pub before: String,
    /// The match as shown on its line.
    pub matched: String,
    /// Up to 30 characters of the line after the match.
    pub after: String,
}

/// How often a term matched.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TermCount {
    /// The word-list term.
    pub term: String,
    /// The rule it belongs to.
    pub rule: String,
    /// Findings.
    pub findings: u64,
    /// Articles it was found in.
    pub articles: u64,
}

/// Copies from a corpus index (`--corpus`) and near-duplicate clusters among the audited
/// articles (`--dedup`).
#[derive(Debug, Clone, Default, Serialize)]
pub struct Duplicates {
    /// Articles with at least one passage found in the corpus (0 without `--corpus`).
    pub articles: u64,
    /// The pairs with the largest share copied from the corpus, largest first.
    pub pairs: Vec<DuplicatePair>,
    /// Clusters of near-duplicate articles among those audited (`--dedup`), largest first;
    /// `null` without `--dedup`.
    pub clusters: Option<Vec<Cluster>>,
}

/// Articles that copy one another (connected by pairs).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Cluster {
    /// The articles, in path order.
    pub articles: Vec<String>,
    /// Pairs in the cluster.
    pub pair_count: u64,
    /// Its most covered pairs.
    pub pairs: Vec<ArchivePair>,
}

/// Two audited articles sharing passages.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ArchivePair {
    /// One article.
    pub a: String,
    /// The other.
    pub b: String,
    /// Share (0–1) of `a` in passages shared with `b`.
    pub coverage_a: f64,
    /// Share (0–1) of `b` in passages shared with `a`.
    pub coverage_b: f64,
    /// Similarity of the shared passages, in percent.
    pub similarity: u32,
    /// Shared passages.
    pub passages: u64,
}

/// An article and the corpus document it shares passages with.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DuplicatePair {
    /// The audited article.
    pub path: String,
    /// The corpus document.
    pub source: String,
    /// Share (0–1) of the article's bytes in passages shared with `source`.
    pub coverage: f64,
    /// Highest similarity of a shared passage, in percent.
    pub similarity: u32,
    /// Shared passages.
    pub passages: u64,
}

/// What was checked, with which rules, when: enough for a reviewer to prove it.
#[derive(Debug, Clone, Serialize)]
pub struct Evidence {
    /// hegui version.
    pub hegui_version: String,
    /// Start of the run (RFC 3339, UTC).
    pub started_at: String,
    /// End of the run (RFC 3339, UTC).
    pub finished_at: String,
    /// The rule packs in force.
    pub packs: Vec<PackEvidence>,
    /// The config in force.
    pub config: ConfigEvidence,
    /// Every file found, in path order.
    pub files: Vec<FileEvidence>,
}

/// One rule pack in force.
#[derive(Debug, Clone, Serialize)]
pub struct PackEvidence {
    /// Pack name (`config` for the config's word lists).
    pub id: String,
    /// Where it was loaded from (`builtin:…` for bundled packs).
    pub origin: String,
    /// Rules of the pack enabled in this run.
    pub rules: usize,
    /// BLAKE3 (hex) of the enabled rules as loaded: ids, severities, messages, references,
    /// labels, kinds, fields and every term, so it changes when a term file or override does.
    pub hash: String,
}

/// The config in force.
#[derive(Debug, Clone, Serialize)]
pub struct ConfigEvidence {
    /// The config file, if one was used.
    pub path: Option<String>,
    /// BLAKE3 (hex) of the config file's bytes and the command-line settings.
    pub hash: String,
    /// The command-line settings that change what is found (`--select`, `--ignore`, `--pack`, …).
    pub options: Vec<String>,
}

/// One file found.
#[derive(Debug, Clone, Serialize)]
pub struct FileEvidence {
    /// Path as walked.
    pub path: String,
    /// `scanned`, `skipped` or `error`.
    pub status: &'static str,
    /// Size in bytes.
    pub bytes: u64,
    /// BLAKE3 (hex) of the bytes read; `null` when it could not be read.
    pub hash: Option<String>,
    /// Why it was skipped or failed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub problem: Option<String>,
}
