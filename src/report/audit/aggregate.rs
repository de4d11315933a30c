//! Streaming aggregation: articles go in one at a time and only counts, the top-N tables and the
//! list of files (path, size, hash) are kept, so memory grows with the report, not the archive.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::ops::Range;

use crate::detect::Engine;
use crate::model::{FileStatus, Finding, Lang, Severity};
use crate::report::problem_text;

use super::article::Article;
use super::names;
use super::schema::*;
use super::topn::TopN;

/// How long the top-N tables are.
#[derive(Debug, Clone, Copy)]
pub struct AuditOptions {
    /// Worst articles listed.
    pub worst_articles: usize,
    /// Findings shown per worst article.
    pub findings_per_article: usize,
    /// Terms listed.
    pub top_terms: usize,
    /// Duplicate pairs listed.
    pub duplicate_pairs: usize,
}

impl Default for AuditOptions {
    fn default() -> Self {
        Self { worst_articles: 20, findings_per_article: 5, top_terms: 30, duplicate_pairs: 50 }
    }
}

/// What the aggregator knows of a rule.
#[derive(Debug, Clone)]
struct RuleInfo {
    category: String,
    label: Option<u32>,
    severity: Severity,
    description: String,
    reference: Option<String>,
    /// Its findings match word-list terms (counted in `top_terms`).
    lexicon: bool,
}

/// Counts of one group.
#[derive(Debug, Clone, Copy, Default)]
struct Counts {
    findings: BySeverity,
    articles: BySeverity,
}

/// Counts one article under a group whose most serious finding in it is `worst`.
fn count_article(articles: &mut BySeverity, worst: Severity) {
    for level in [Severity::Info, Severity::Warning, Severity::Error] {
        if worst >= level {
            articles.add(level, 1);
        }
    }
}

/// The entry of `key` in `map`, created empty when missing (the key is copied only then: this
/// runs once per finding).
fn counts<'m, V: Default>(map: &'m mut HashMap<String, V>, key: &str) -> &'m mut V {
    if !map.contains_key(key) {
        map.insert(key.to_owned(), V::default());
    }
    map.get_mut(key).expect("inserted above")
}

/// One file of the evidence list, kept compact until the end.
#[derive(Debug, Clone)]
struct FileEntry {
    path: String,
    status: &'static str,
    bytes: u64,
    hash: Option<[u8; 32]>,
    problem: Option<String>,
}

/// Month counts.
#[derive(Debug, Clone, Copy, Default)]
struct MonthCounts {
    articles: u64,
    chars: u64,
    findings: BySeverity,
    with_findings: BySeverity,
}

/// Collects articles into an [`AuditReport`].
#[derive(Debug)]
pub struct Aggregator {
    opts: AuditOptions,
    lang: Lang,
    rules: HashMap<String, RuleInfo>,
    totals: Totals,
    by_rule: HashMap<String, Counts>,
    by_category: HashMap<String, Counts>,
    by_label: HashMap<Option<u32>, Counts>,
    months: BTreeMap<String, MonthCounts>,
    sources: DateSources,
    worst: TopN<(BySeverityKey, std::cmp::Reverse<String>), WorstArticle>,
    /// Findings and articles per rule, then per term.
    terms: HashMap<String, HashMap<String, (u64, u64)>>,
    duplicates: Option<(u64, TopN<PairKey, DuplicatePair>)>,
    files: Vec<FileEntry>,
}

/// Orders pairs by coverage (millionths), then similarity, then path.
type PairKey = (u64, u32, std::cmp::Reverse<String>);

/// Orders articles by errors, then warnings, then infos.
type BySeverityKey = (u64, u64, u64);

impl Aggregator {
    /// A new aggregator for the rules of `engine`; `duplicates` when a corpus index is in use.
    pub fn new(engine: &Engine, lang: Lang, duplicates: bool, opts: AuditOptions) -> Self {
        let meta = engine.rule_meta(lang);
        let rules = engine
            .rules()
            .iter()
            .zip(meta)
            .map(|(r, m)| {
                let info = RuleInfo {
                    category: r.category.clone(),
                    label: r.label,
                    severity: r.severity,
                    description: names::clean_description(&m.message),
                    reference: r.reference.clone(),
                    lexicon: r.kind.def().terms,
                };
                (r.id.clone(), info)
            })
            .collect();
        Self {
            opts,
            lang,
            rules,
            totals: Totals::default(),
            by_rule: HashMap::new(),
            by_category: HashMap::new(),
            by_label: HashMap::new(),
            months: BTreeMap::new(),
            sources: DateSources::default(),
            worst: TopN::new(opts.worst_articles),
            terms: HashMap::new(),
            duplicates: duplicates.then(|| (0, TopN::new(opts.duplicate_pairs))),
            files: Vec::new(),
        }
    }

    /// Adds one file.
    pub fn add(&mut self, a: &Article) {
        let report = &a.report;
        self.totals.files += 1;
        let (status, problem) = match &report.status {
            FileStatus::Scanned { .. } => ("scanned", None),
            FileStatus::Skipped(p) => ("skipped", Some(problem_text(p, self.lang))),
            FileStatus::Error(p) => ("error", Some(problem_text(p, self.lang))),
        };
        self.files.push(FileEntry { path: report.path.clone(), status, bytes: a.bytes, hash: a.hash, problem });
        match status {
            "skipped" => self.totals.skipped += 1,
            "error" => self.totals.failed += 1,
            _ => {}
        }
        if !a.scanned() {
            return;
        }
        self.totals.articles += 1;
        self.totals.chars += a.chars;

        // Findings of this article by severity, and the most serious per rule, category, label.
        let mut sev = BySeverity::default();
        let mut rule_worst: HashMap<&str, Severity> = HashMap::new();
        let mut terms_here: HashSet<(&str, &str)> = HashSet::new();
        for f in &report.findings {
            sev.add(f.severity, 1);
            counts(&mut self.by_rule, &f.rule).findings.add(f.severity, 1);
            let w = rule_worst.entry(&f.rule).or_insert(f.severity);
            *w = (*w).max(f.severity);
            if self.rules.get(&*f.rule).is_some_and(|r| r.lexicon) && !f.term.is_empty() {
                let e = counts(counts(&mut self.terms, &f.rule), &f.term);
                e.0 += 1;
                if terms_here.insert((&f.term, &f.rule)) {
                    e.1 += 1;
                }
            }
        }
        // Omitted findings: exact by severity in the totals; per rule at the rule's severity.
        let om = &report.omitted;
        sev.error += om.errors as u64;
        sev.warning += om.warnings as u64;
        sev.info += om.infos as u64;
        for (rule, &n) in &om.by_rule {
            let s = self.rules.get(rule).map_or(Severity::Warning, |r| r.severity);
            self.by_rule.entry(rule.clone()).or_default().findings.add(s, n as u64);
            let w = rule_worst.entry(rule).or_insert(s);
            *w = (*w).max(s);
        }
        self.totals.omitted += om.total() as u64;
        let mut cat_worst: HashMap<String, Severity> = HashMap::new();
        let mut label_worst: HashMap<Option<u32>, Severity> = HashMap::new();
        for f in &report.findings {
            counts(&mut self.by_category, &f.category).findings.add(f.severity, 1);
            self.by_label.entry(f.label).or_default().findings.add(f.severity, 1);
        }
        for (rule, &n) in &om.by_rule {
            let (cat, label, s) = self.rule_group(rule);
            self.by_category.entry(cat).or_default().findings.add(s, n as u64);
            self.by_label.entry(label).or_default().findings.add(s, n as u64);
        }
        for (rule, &w) in &rule_worst {
            count_article(&mut counts(&mut self.by_rule, rule).articles, w);
            let (cat, label, _) = self.rule_group(rule);
            let c = cat_worst.entry(cat).or_insert(w);
            *c = (*c).max(w);
            let l = label_worst.entry(label).or_insert(w);
            *l = (*l).max(w);
        }
        for (cat, w) in cat_worst {
            count_article(&mut self.by_category.entry(cat).or_default().articles, w);
        }
        for (label, w) in label_worst {
            count_article(&mut self.by_label.entry(label).or_default().articles, w);
        }
        for s in [Severity::Error, Severity::Warning, Severity::Info] {
            self.totals.findings.add(s, sev.get(s));
        }
        let worst = [Severity::Error, Severity::Warning, Severity::Info].into_iter().find(|&s| report.has_at_least(s));
        if let Some(w) = worst {
            count_article(&mut self.totals.articles_with_findings, w);
        }

        self.sources.add(a.date.map(|d| d.source));
        if let Some(d) = a.date {
            let m = self.months.entry(d.month_key()).or_default();
            m.articles += 1;
            m.chars += a.chars;
            for s in [Severity::Error, Severity::Warning, Severity::Info] {
                m.findings.add(s, sev.get(s));
            }
            if let Some(w) = worst {
                count_article(&mut m.with_findings, w);
            }
        }

        if sev.total() > 0 {
            let key = ((sev.error, sev.warning, sev.info), std::cmp::Reverse(report.path.clone()));
            if self.worst.admits(&key) {
                let entry = WorstArticle {
                    path: report.path.clone(),
                    chars: a.chars,
                    findings: sev,
                    top_findings: top_findings(&report.findings, self.opts.findings_per_article),
                };
                self.worst.push(key, entry);
            }
        }
        if self.duplicates.is_some() {
            self.add_duplicates(&report.path, &report.findings, a.bytes);
        }
    }

    /// The category, label and configured severity of `rule` (an unknown rule: its own
    /// category `other`).
    fn rule_group(&self, rule: &str) -> (String, Option<u32>, Severity) {
        self.rules
            .get(rule)
            .map_or(("other".to_owned(), None, Severity::Warning), |r| (r.category.clone(), r.label, r.severity))
    }

    /// Counts the corpus passages of one article per source document.
    fn add_duplicates(&mut self, path: &str, findings: &[Finding], bytes: u64) {
        let mut per_source: BTreeMap<&str, (Vec<Range<usize>>, u32)> = BTreeMap::new();
        for f in findings {
            for r in &f.related {
                let e = per_source.entry(&r.path).or_insert((Vec::new(), 0));
                e.0.push(r.source_range.clone());
                e.1 = e.1.max(r.similarity);
            }
        }
        let Some((articles, pairs)) = &mut self.duplicates else { return };
        if per_source.is_empty() {
            return;
        }
        *articles += 1;
        for (source, (mut ranges, similarity)) in per_source {
            let passages = ranges.len() as u64;
            ranges.sort_by_key(|r| r.start);
            let (mut covered, mut end) = (0usize, 0usize);
            for r in ranges {
                let start = r.start.max(end);
                if r.end > start {
                    covered += r.end - start;
                    end = r.end;
                }
            }
            let coverage = if bytes == 0 { 0.0 } else { (covered as f64 / bytes as f64).min(1.0) };
            let key = ((coverage * 1e6) as u64, similarity, std::cmp::Reverse(format!("{path}\0{source}")));
            if pairs.admits(&key) {
                let pair =
                    DuplicatePair { path: path.to_owned(), source: source.to_owned(), coverage, similarity, passages };
                pairs.push(key, pair);
            }
        }
    }

    /// The report, with `evidence` (whose file list this fills in).
    pub fn finish(self, mut evidence: Evidence) -> AuditReport {
        let lang = self.lang;
        let n = self.totals.articles;
        let mut totals = self.totals;
        totals.findings_total = totals.findings.total();
        totals.findings_per_10k_chars = per_10k(totals.findings_total, totals.chars);
        totals.violation_rate = Rates::of(&totals.articles_with_findings, n);

        let group = |key: String, name: String, c: &Counts| Group {
            key,
            name,
            findings: c.findings,
            findings_total: c.findings.total(),
            articles: c.articles,
            violation_rate: Rates::of(&c.articles, n),
        };
        let mut by_category: Vec<Group> =
            self.by_category.iter().map(|(k, c)| group(k.clone(), names::category(k, lang), c)).collect();
        let mut by_label: Vec<Group> = self
            .by_label
            .iter()
            .map(|(k, c)| {
                let key = k.map_or_else(|| "none".to_owned(), |l| l.to_string());
                group(key, names::label(*k, lang), c)
            })
            .collect();
        let order = |a: &Group, b: &Group| b.findings_total.cmp(&a.findings_total).then_with(|| a.key.cmp(&b.key));
        by_category.sort_by(order);
        by_label.sort_by(order);
        let mut by_rule: Vec<RuleGroup> = self
            .by_rule
            .iter()
            .map(|(id, c)| {
                let info = self.rules.get(id);
                RuleGroup {
                    rule: id.clone(),
                    category: info.map_or_else(|| "other".to_owned(), |r| r.category.clone()),
                    label: info.and_then(|r| r.label),
                    severity: info.map_or(Severity::Warning, |r| r.severity),
                    description: info.map_or_else(String::new, |r| r.description.clone()),
                    reference: info.and_then(|r| r.reference.clone()),
                    findings: c.findings,
                    findings_total: c.findings.total(),
                    articles: c.articles,
                    violation_rate: Rates::of(&c.articles, n),
                }
            })
            .collect();
        by_rule.sort_by(|a, b| b.findings_total.cmp(&a.findings_total).then_with(|| a.rule.cmp(&b.rule)));

        let months = self
            .months
            .into_iter()
            .map(|(month, m)| Month {
                month,
                articles: m.articles,
                chars: m.chars,
                findings: m.findings,
                articles_with_findings: m.with_findings,
                violation_rate: Rates::of(&m.with_findings, m.articles),
            })
            .collect();
        let mut top_terms: Vec<TermCount> = self
            .terms
            .into_iter()
            .flat_map(|(rule, terms)| {
                terms.into_iter().map(move |(term, (findings, articles))| TermCount {
                    term,
                    rule: rule.clone(),
                    findings,
                    articles,
                })
            })
            .collect();
        top_terms.sort_by(|a, b| {
            b.findings.cmp(&a.findings).then_with(|| a.term.cmp(&b.term)).then_with(|| a.rule.cmp(&b.rule))
        });
        top_terms.truncate(self.opts.top_terms);

        let mut files = self.files;
        files.sort_by(|a, b| a.path.cmp(&b.path));
        evidence.files = files
            .into_iter()
            .map(|f| FileEvidence {
                path: f.path,
                status: f.status,
                bytes: f.bytes,
                hash: f.hash.map(|h| blake3::Hash::from_bytes(h).to_hex().to_string()),
                problem: f.problem,
            })
            .collect();
        AuditReport {
            schema: "hegui-audit",
            version: SCHEMA_VERSION,
            lang: match lang {
                Lang::Zh => "zh",
                Lang::En => "en",
            },
            totals,
            by_category,
            by_rule,
            by_label,
            trend: Trend { sources: self.sources, months },
            worst_articles: self.worst.into_sorted(),
            top_terms,
            duplicates: self.duplicates.map(|(articles, pairs)| Duplicates {
                articles,
                pairs: pairs.into_sorted(),
                clusters: None,
            }),
            evidence,
        }
    }
}

/// `n` per 10,000 of `chars` (0 when there are no characters).
fn per_10k(n: u64, chars: u64) -> f64 {
    if chars == 0 { 0.0 } else { n as f64 * 10_000.0 / chars as f64 }
}

/// The `k` most serious findings (then in file order) with short snippets.
fn top_findings(findings: &[Finding], k: usize) -> Vec<TopFinding> {
    let mut order: Vec<&Finding> = findings.iter().collect();
    order.sort_by(|a, b| b.severity.cmp(&a.severity).then_with(|| a.byte_range.start.cmp(&b.byte_range.start)));
    order
        .into_iter()
        .take(k)
        .map(|f| {
            let (start, _) = crate::report::shown_span(f);
            let chars: Vec<char> = f.context.text.chars().collect();
            let s = f.context.start_char.min(chars.len());
            let e = (s + f.context.len_chars).min(chars.len());
            let from = s.saturating_sub(30);
            let to = (e + 30).min(chars.len());
            let matched: String = chars[s..e].iter().collect();
            let (matched, message) = if names::is_personal(&f.category) {
                (names::mask(&matched), f.message.replace(&f.matched, &names::mask(&f.matched)))
            } else {
                (matched, f.message.to_string())
            };
            TopFinding {
                rule: f.rule.to_string(),
                severity: f.severity,
                line: start.line,
                column: start.column,
                message,
                before: chars[from..s].iter().collect(),
                matched,
                after: chars[e..to].iter().collect(),
            }
        })
        .collect()
}
