//! SARIF 2.1.0 for code-scanning tools (GitHub code scanning, IDE viewers).
//!
//! One run; `tool.driver.rules` describes every enabled rule; each finding is a result with one
//! physical location whose region uses 1-based lines and columns counted in Unicode code points
//! (`columnKind: "unicodeCodePoints"`), end column exclusive, plus the raw byte offset and length.
//! A `.docx` has no text bytes: its regions count lines and columns in the document text hegui
//! extracts (one line per paragraph, parts one after another) and have no byte offset; the
//! location also has a logical location (`word/footnotes.xml:paragraph 2`, kind `element`) and
//! the result's property bag the `location` object of the JSON output (part, paragraph, char).
//! Suppressed findings (inline directives, baseline) are results too, with `suppressions`
//! (`inSource` or `external`, the reason as `justification`, who cleared it in `properties.by`).
//! Unreadable files become error notifications on the invocation (which is then marked
//! unsuccessful); skipped files become note notifications.

use std::collections::HashMap;
use std::io::{self, Write};

use serde::Serialize;

use super::{FileReport, FileStatus, Printer, RuleMeta, RunInfo, Summary};
use crate::model::Field;
use crate::model::Lang;
use crate::model::{DocLocation, Finding, Severity, Suppression, SuppressionKind};

const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";
/// The project's page: the `repository` of Cargo.toml (left out of the log when it has none,
/// rather than pointing at a made-up address).
const INFORMATION_URI: &str = env!("CARGO_PKG_REPOSITORY");

/// The rule's title: the first sentence of its description (`使用绝对化用语「…」`).
fn title(message: &str) -> &str {
    let end = [message.find('。'), message.find(". ")].into_iter().flatten().min().unwrap_or(message.len());
    message[..end].trim_end_matches(['.', '。'])
}

/// A rule's description without the placeholders that only one finding fills: a parenthesis that
/// holds one (`（附近有「{near}」）`) is dropped, any other (`《{doc}》`) reads `…`.
fn describe(message: &str) -> String {
    super::audit::names::clean_description(message)
}

/// A rule's tags: its category, and its msgSecCheck label (`10001 广告`) when it has one.
fn tags(r: &RuleMeta, lang: Lang) -> Vec<String> {
    let mut tags = vec![r.category.clone()];
    if r.label.is_some() {
        tags.push(super::audit::names::label(r.label, lang));
    }
    tags
}

/// Example sentences under a bold heading, in a fenced block (so that HTML comments show).
fn examples_markdown(md: &mut String, heading: &str, examples: &[String]) {
    if examples.is_empty() {
        return;
    }
    md.push_str(&format!("\n**{heading}**\n\n```text\n"));
    for e in examples.iter().take(MAX_EXAMPLES) {
        md.push_str(e.trim_end());
        md.push('\n');
    }
    md.push_str("```\n");
}

/// Examples of each kind (hit, miss) shown in a rule's help.
const MAX_EXAMPLES: usize = 3;

/// The plain-text `help` of a rule: its description, then examples it flags and does not flag.
fn help_text(r: &RuleMeta, lang: Lang) -> String {
    let mut text = describe(&r.message);
    for (label, examples) in
        [(lang.pick("命中示例：", "Flagged: "), &r.hit), (lang.pick("不命中示例：", "Not flagged: "), &r.miss)]
    {
        for e in examples.iter().take(MAX_EXAMPLES) {
            text.push_str(&format!("\n{label}{}", e.trim_end()));
        }
    }
    text
}

/// The `help` of a rule: what it flags, the reference, its category and label, examples, and how
/// to silence one finding.
fn help_markdown(r: &RuleMeta, lang: Lang) -> String {
    let description = describe(&r.message);
    let mut md = format!("**{}** — {}\n\n{}\n", r.id, title(&description), description);
    if let Some(reference) = &r.reference {
        md.push_str(&format!("\n{}{reference}\n", lang.pick("依据：", "Reference: ")));
    }
    let category = super::audit::names::category(&r.category, lang);
    md.push_str(lang.pick("\n类别：", "\nCategory: "));
    if category == r.category {
        md.push_str(&format!("`{category}`"));
    } else {
        md.push_str(&format!("{category}（`{}`）", r.category));
    }
    if r.label.is_some() {
        md.push_str(&format!(
            "{}{}",
            lang.pick(" · 微信内容安全标签：", " · WeChat content-security label: "),
            super::audit::names::label(r.label, lang)
        ));
    }
    md.push('\n');
    examples_markdown(&mut md, lang.pick("命中示例", "Flagged"), &r.hit);
    examples_markdown(&mut md, lang.pick("不命中示例", "Not flagged"), &r.miss);
    md.push_str(&format!(
        "\n{}\n\n```markdown\n<!-- hegui-disable-next-line {} -- {} -->\n```\n",
        lang.pick(
            "确认无误（如已取得依据、属于豁免情形）时，可在该处上一行写明理由以抑制：",
            "When a finding is acceptable (a factual basis, an exempt use), silence it there with a reason on the line before:"
        ),
        r.id,
        lang.pick("理由", "reason")
    ));
    md
}

/// SARIF printer (`--format sarif`).
#[derive(Debug, Clone)]
pub struct SarifPrinter {
    lang: Lang,
    version: String,
    rules: Vec<RuleMeta>,
    rule_index: HashMap<String, usize>,
    /// Whether a result was written (the next one needs a comma).
    any: bool,
    /// Per file: path, level and text of a notification (unread or skipped files, findings
    /// past `--max-findings`).
    notifications: Vec<(String, &'static str, String)>,
    /// No file failed to be read.
    successful: bool,
}

impl SarifPrinter {
    /// A printer writing descriptions in `lang`; rules and version come from [`RunInfo`].
    pub fn new(lang: Lang) -> Self {
        Self {
            lang,
            version: env!("CARGO_PKG_VERSION").to_string(),
            rules: Vec::new(),
            rule_index: HashMap::new(),
            any: false,
            notifications: Vec::new(),
            successful: true,
        }
    }

    /// Index of `f`'s rule in `tool.driver.rules`, adding a rule built from the finding if the
    /// run did not announce it.
    fn rule_index_for(&mut self, f: &Finding) -> usize {
        if let Some(&i) = self.rule_index.get(&*f.rule) {
            return i;
        }
        let i = self.rules.len();
        self.rules.push(RuleMeta {
            id: f.rule.to_string(),
            category: f.category.to_string(),
            severity: f.severity,
            message: f.message.to_string(),
            reference: f.reference.as_deref().map(str::to_owned),
            name: String::new(),
            label: f.label,
            hit: Vec::new(),
            miss: Vec::new(),
        });
        self.rule_index.insert(f.rule.to_string(), i);
        i
    }
}

/// SARIF level for a severity (`info` is `note`).
fn level(sev: Severity) -> &'static str {
    match sev {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// A display path as a SARIF `artifactLocation.uri`: forward slashes, no leading `./`, characters
/// outside the URI unreserved set (and a few harmless sub-delimiters) percent-encoded as UTF-8.
/// Absolute paths become `file://` URIs.
pub(crate) fn path_to_uri(path: &str) -> String {
    let mut p = if cfg!(windows) { path.replace('\\', "/") } else { path.to_string() };
    while let Some(rest) = p.strip_prefix("./") {
        p = rest.to_string();
    }
    let (prefix, p) = if p.starts_with('/') {
        ("file://", p)
    } else if p.len() >= 2 && p.as_bytes()[1] == b':' && p.as_bytes()[0].is_ascii_alphabetic() {
        // `C:/dir/a.md`: keep the drive colon unencoded.
        ("file:///", p)
    } else {
        ("", p)
    };
    let mut out = String::from(prefix);
    for (i, b) in p.bytes().enumerate() {
        let keep = b.is_ascii_alphanumeric()
            || matches!(b, b'-' | b'.' | b'_' | b'~' | b'/' | b'!' | b'$' | b'&' | b'\'')
            || matches!(b, b'(' | b')' | b'*' | b'+' | b',' | b';' | b'=' | b'@')
            || (b == b':' && i == 1 && prefix == "file:///");
        if keep {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// What follows the results in the run object: the tool with its rules, and the invocation.
#[derive(Serialize)]
struct RunTail<'a> {
    tool: Tool<'a>,
    invocations: [Invocation<'a>; 1],
}

#[derive(Serialize)]
struct Tool<'a> {
    driver: Driver<'a>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Driver<'a> {
    name: &'static str,
    version: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    information_uri: Option<&'static str>,
    rules: Vec<Rule<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Rule<'a> {
    id: &'a str,
    name: String,
    short_description: Text<'a>,
    full_description: Text<'a>,
    help: Help,
    default_configuration: Configuration,
    properties: RuleProperties<'a>,
}

#[derive(Serialize)]
struct Text<'a> {
    text: std::borrow::Cow<'a, str>,
}

impl<'a> Text<'a> {
    fn borrowed(text: &'a str) -> Self {
        Self { text: text.into() }
    }
}

/// A rule's help: plain text and Markdown.
#[derive(Serialize)]
struct Help {
    text: String,
    markdown: String,
}

#[derive(Serialize)]
struct Configuration {
    level: &'static str,
}

#[derive(Serialize)]
struct RuleProperties<'a> {
    category: &'a str,
    /// Category, and the msgSecCheck label when the rule has one (GitHub shows and filters by
    /// these).
    tags: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    reference: Option<&'a str>,
    /// WeChat msgSecCheck label code.
    #[serde(skip_serializing_if = "Option::is_none")]
    label: Option<u32>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Invocation<'a> {
    execution_successful: bool,
    tool_execution_notifications: Vec<Notification<'a>>,
}

#[derive(Serialize)]
struct Notification<'a> {
    level: &'static str,
    message: Text<'a>,
    locations: [Location<'a>; 1],
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifResult<'a> {
    rule_id: &'a str,
    rule_index: usize,
    level: &'static str,
    message: Text<'a>,
    locations: [Location<'a>; 1],
    #[serde(skip_serializing_if = "Vec::is_empty")]
    related_locations: Vec<RelatedLocation<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    suppressions: Vec<SarifSuppression<'a>>,
    properties: ResultProperties<'a>,
}

/// Why a result is suppressed (SARIF §3.35).
#[derive(Serialize)]
struct SarifSuppression<'a> {
    kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    justification: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    properties: Option<SuppressionProperties<'a>>,
}

#[derive(Serialize)]
struct SuppressionProperties<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    by: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    line: Option<usize>,
}

impl<'a> SarifSuppression<'a> {
    fn of(s: &'a Suppression) -> Self {
        Self {
            kind: match s.kind {
                SuppressionKind::Inline => "inSource",
                SuppressionKind::Baseline => "external",
            },
            justification: s.reason.as_deref(),
            properties: (s.by.is_some() || s.line.is_some())
                .then_some(SuppressionProperties { by: s.by.as_deref(), line: s.line }),
        }
    }
}

/// A passage of another document (duplicate-content findings).
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct RelatedLocation<'a> {
    id: usize,
    physical_location: PhysicalLocation<'a>,
    message: Text<'a>,
}

#[derive(Serialize)]
struct ResultProperties<'a> {
    category: &'a str,
    field: Field,
    term: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    reference: Option<&'a str>,
    /// WeChat msgSecCheck label code.
    #[serde(skip_serializing_if = "Option::is_none")]
    label: Option<u32>,
    /// Part, paragraph and character in a `.docx`.
    #[serde(skip_serializing_if = "Option::is_none")]
    location: Option<&'a DocLocation>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Location<'a> {
    physical_location: PhysicalLocation<'a>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    logical_locations: Vec<LogicalLocation>,
}

/// A paragraph of a `.docx` part.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct LogicalLocation {
    name: String,
    fully_qualified_name: String,
    kind: &'static str,
}

impl LogicalLocation {
    fn of(loc: &DocLocation) -> Self {
        let name = format!("paragraph {}", loc.paragraph);
        Self { fully_qualified_name: format!("{}:{name}", loc.part), name, kind: "element" }
    }
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PhysicalLocation<'a> {
    artifact_location: ArtifactLocation,
    #[serde(skip_serializing_if = "Option::is_none")]
    region: Option<Region<'a>>,
}

#[derive(Serialize)]
struct ArtifactLocation {
    uri: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Region<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    start_line: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    start_column: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    end_line: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    end_column: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    byte_offset: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    byte_length: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    snippet: Option<Text<'a>>,
}

impl Region<'_> {
    /// A region known only by its bytes (a passage in a corpus document).
    fn bytes(r: std::ops::Range<usize>) -> Self {
        Self {
            start_line: None,
            start_column: None,
            end_line: None,
            end_column: None,
            byte_offset: Some(r.start),
            byte_length: Some(r.len()),
            snippet: None,
        }
    }
}

/// The SARIF result of finding `f`, whose rule is `rule_index` in `tool.driver.rules`, with its
/// suppression if it was silenced.
fn sarif_result<'a>(f: &'a Finding, rule_index: usize, sup: Option<&'a Suppression>) -> SarifResult<'a> {
    SarifResult {
        rule_id: &f.rule,
        rule_index,
        level: level(f.severity),
        message: Text::borrowed(&f.message),
        locations: [Location {
            physical_location: PhysicalLocation {
                artifact_location: ArtifactLocation { uri: path_to_uri(&f.path) },
                region: Some(Region {
                    start_line: Some(f.start.line),
                    start_column: Some(f.start.column),
                    end_line: Some(f.end.line),
                    end_column: Some(f.end.column),
                    // A `.docx`'s byte range is not one of the file's bytes.
                    byte_offset: f.location.is_none().then_some(f.byte_range.start),
                    byte_length: f.location.is_none().then_some(f.byte_range.len()),
                    snippet: Some(Text::borrowed(&f.matched)),
                }),
            },
            logical_locations: f.location.iter().map(LogicalLocation::of).collect(),
        }],
        related_locations: f
            .related
            .iter()
            .enumerate()
            .map(|(id, r)| RelatedLocation {
                id,
                physical_location: PhysicalLocation {
                    artifact_location: ArtifactLocation { uri: path_to_uri(&r.path) },
                    region: Some(Region::bytes(r.byte_range.clone())),
                },
                message: Text {
                    text: format!(
                        "{} {}% ← {}:{}–{}:{}",
                        r.kind, r.similarity, r.start.line, r.start.column, r.end.line, r.end.column
                    )
                    .into(),
                },
            })
            .collect(),
        suppressions: sup.into_iter().map(SarifSuppression::of).collect(),
        properties: ResultProperties {
            category: &f.category,
            field: f.field,
            term: &f.term,
            reference: f.reference.as_deref(),
            label: f.label,
            location: f.location.as_ref(),
        },
    }
}

impl Printer for SarifPrinter {
    fn begin(&mut self, w: &mut dyn Write, run: &RunInfo) -> io::Result<()> {
        self.version = run.version.clone();
        for rule in &run.rules {
            if !self.rule_index.contains_key(&rule.id) {
                self.rule_index.insert(rule.id.clone(), self.rules.len());
                self.rules.push(rule.clone());
            }
        }
        // The results come first in the run object, so that they can be written as files finish;
        // the rules (which findings of unannounced rules may still extend) follow them.
        write!(w, r#"{{"$schema":"{SCHEMA}","version":"2.1.0","runs":[{{"columnKind":"unicodeCodePoints","results":["#)
    }

    fn file(&mut self, w: &mut dyn Write, file: &FileReport) -> io::Result<()> {
        let level = match file.status {
            FileStatus::Error(_) => "error",
            FileStatus::Skipped(_) => "note",
            FileStatus::Scanned { .. } => "",
        };
        if !level.is_empty() {
            self.successful &= level != "error";
            let text = super::StatusOut::new(&file.status, self.lang).text().to_owned();
            self.notifications.push((file.path.clone(), level, text));
        }
        // Findings counted but not listed: a warning, so a reader of the log knows it is partial.
        if let Some(text) = super::omitted_text(file, self.lang) {
            self.notifications.push((file.path.clone(), "warning", text));
        }
        if file.findings.is_empty() && file.suppressed.is_empty() {
            return Ok(());
        }
        let mut buf = io::BufWriter::with_capacity(super::jsonl::WRITE_BUFFER, w);
        let suppressed = file.suppressed.iter().map(|q| (&q.finding, Some(&q.suppression)));
        for (f, sup) in file.findings.iter().map(|f| (f, None)).chain(suppressed) {
            let index = self.rule_index_for(f);
            buf.write_all(if self.any { b",\n" } else { b"\n" })?;
            serde_json::to_writer(&mut buf, &sarif_result(f, index, sup))?;
            self.any = true;
        }
        buf.flush()
    }

    fn finish(&mut self, w: &mut dyn Write, _summary: &Summary) -> io::Result<()> {
        let lang = self.lang;
        let rules = self
            .rules
            .iter()
            .map(|r| {
                let description = describe(&r.message);
                Rule {
                    id: &r.id,
                    name: if r.name.is_empty() { format!("{}/{}", r.category, r.id) } else { r.name.clone() },
                    short_description: Text { text: title(&description).to_owned().into() },
                    full_description: Text {
                        text: match &r.reference {
                            Some(reference) => match lang {
                                Lang::Zh => format!("{description}（依据：{reference}）").into(),
                                Lang::En => format!("{description} (reference: {reference})").into(),
                            },
                            None => description.into(),
                        },
                    },
                    help: Help { text: help_text(r, lang), markdown: help_markdown(r, lang) },
                    default_configuration: Configuration { level: level(r.severity) },
                    properties: RuleProperties {
                        category: &r.category,
                        tags: tags(r, lang),
                        reference: r.reference.as_deref(),
                        label: r.label,
                    },
                }
            })
            .collect();

        let successful = self.successful;
        let notifications = self
            .notifications
            .iter()
            .map(|(path, level, text)| Notification {
                level,
                message: Text::borrowed(text),
                locations: [Location {
                    physical_location: PhysicalLocation {
                        artifact_location: ArtifactLocation { uri: path_to_uri(path) },
                        region: None,
                    },
                    logical_locations: Vec::new(),
                }],
            })
            .collect();

        w.write_all(if self.any { b"\n],\n" } else { b"],\n" })?;
        let tail = RunTail {
            tool: Tool {
                driver: Driver {
                    name: "hegui",
                    version: &self.version,
                    information_uri: (!INFORMATION_URI.is_empty()).then_some(INFORMATION_URI),
                    rules,
                },
            },
            invocations: [Invocation { execution_successful: successful, tool_execution_notifications: notifications }],
        };
        // The run object's remaining members, after its opening brace was written at `begin`.
        let tail = serde_json::to_string(&tail)?;
        w.write_all(&tail.as_bytes()[1..])?;
        w.write_all(b"]}\n")
    }
}

/// `--format sarif`: SARIF 2.1.0 for code-scanning tools.
pub const FORMAT: super::FormatDef =
    super::FormatDef { name: "sarif", about: "SARIF 2.1.0 for code-scanning tools", printer: make };

fn make(lang: crate::model::Lang, _color: bool) -> Box<dyn super::Printer> {
    Box::new(SarifPrinter::new(lang))
}

#[cfg(test)]
mod tests {
    use serde_json::Value;

    use super::*;
    use crate::report::testutil::{ODD_MESSAGE, files, render};

    fn sarif(lang: Lang) -> Value {
        let (out, _) = render(&mut SarifPrinter::new(lang), &files(), lang);
        serde_json::from_str(&out).expect("valid JSON")
    }

    #[test]
    fn descriptions_lose_the_placeholders_of_one_finding() {
        assert_eq!(describe("「…」是对疗效的断言（附近有「{near}」）。说明"), "「…」是对疗效的断言。说明");
        assert_eq!(describe("与已发表文章《{doc}》重复 {chars} 字"), "与已发表文章《…》重复 … 字");
        assert_eq!(title(&describe("「…」附近有「{near}」。余下")), "「…」附近有「…」");
    }

    #[test]
    fn titles_are_the_first_sentence() {
        assert_eq!(title("使用绝对化用语「…」。广告中不得使用。"), "使用绝对化用语「…」");
        assert_eq!(title("Absolute term \"…\". Advertisements must not."), "Absolute term \"…\"");
        assert_eq!(title("no stop"), "no stop");
    }

    #[test]
    fn log_shape() {
        let log = sarif(Lang::Zh);
        assert_eq!(log["version"], "2.1.0");
        assert_eq!(log["$schema"], SCHEMA);
        let runs = log["runs"].as_array().unwrap();
        assert_eq!(runs.len(), 1);
        let run = &runs[0];
        assert_eq!(run["columnKind"], "unicodeCodePoints");
        let driver = &run["tool"]["driver"];
        assert_eq!(driver["name"], "hegui");
        assert_eq!(driver["version"], "9.8.7");
        match INFORMATION_URI {
            "" => assert!(driver.get("informationUri").is_none(), "no made-up address"),
            uri => assert_eq!(driver["informationUri"], uri),
        }
    }

    #[test]
    fn rules_describe_every_enabled_rule() {
        let log = sarif(Lang::Zh);
        let rules = log["runs"][0]["tool"]["driver"]["rules"].as_array().unwrap();
        let ids: Vec<&str> = rules.iter().map(|r| r["id"].as_str().unwrap()).collect();
        assert_eq!(ids, ["AD000", "AD002", "AD001", "XX001"], "announced rules first, then unannounced");
        let ad002 = &rules[1];
        assert_eq!(ad002["name"], "ad002-name");
        assert_eq!(ad002["shortDescription"]["text"], "绝对化用语（价格）");
        assert_eq!(ad002["fullDescription"]["text"], "绝对化用语（价格）（依据：《广告法》第九条）");
        assert_eq!(ad002["defaultConfiguration"]["level"], "error");
        assert_eq!(ad002["help"]["text"], "绝对化用语（价格）\n命中示例：AD002 命中例句\n不命中示例：AD002 不命中例句");
        let md = ad002["help"]["markdown"].as_str().unwrap();
        assert!(md.contains("《广告法》第九条") && md.contains("hegui-disable-next-line AD002"), "{md}");
        assert!(md.contains("**命中示例**\n\n```text\nAD002 命中例句\n```"), "{md}");
        assert!(md.contains("**不命中示例**\n\n```text\nAD002 不命中例句\n```"), "{md}");
        assert!(md.contains("类别：广告法（`adlaw`） · 微信内容安全标签：10001 广告"), "{md}");
        assert_eq!(ad002["properties"]["category"], "adlaw");
        assert_eq!(ad002["properties"]["tags"], serde_json::json!(["adlaw", "10001 广告"]));
        assert_eq!(ad002["properties"]["label"], 10001);
        assert_eq!(rules[3]["name"], "brand/XX001", "an unannounced rule has no short name");
        assert_eq!(rules[0]["defaultConfiguration"]["level"], "note");
        assert_eq!(rules[3]["properties"]["category"], "brand");
        let en = sarif(Lang::En);
        assert_eq!(
            en["runs"][0]["tool"]["driver"]["rules"][2]["fullDescription"]["text"],
            "绝对化用语 (reference: 《广告法》第九条)"
        );
    }

    #[test]
    fn results_point_at_rules_and_regions() {
        let log = sarif(Lang::Zh);
        let run = &log["runs"][0];
        let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
        let results = run["results"].as_array().unwrap();
        let findings: Vec<Finding> = files().into_iter().flat_map(|f| f.findings).collect();
        assert_eq!(results.len(), findings.len());
        for (r, f) in results.iter().zip(&findings) {
            assert_eq!(r["ruleId"], &*f.rule);
            let idx = r["ruleIndex"].as_u64().unwrap() as usize;
            assert_eq!(rules[idx]["id"], r["ruleId"], "ruleIndex points at the same rule");
            assert_eq!(r["message"]["text"], &*f.message);
            let loc = &r["locations"][0]["physicalLocation"];
            let region = &loc["region"];
            assert_eq!(region["startLine"], f.start.line);
            assert_eq!(region["startColumn"], f.start.column);
            assert_eq!(region["endLine"], f.end.line);
            assert_eq!(region["endColumn"], f.end.column);
            assert_eq!(region["byteOffset"], f.byte_range.start);
            assert_eq!(region["byteLength"], f.byte_range.len());
            assert_eq!(region["snippet"]["text"], f.matched.as_str());
        }
        let levels: Vec<&str> = results.iter().map(|r| r["level"].as_str().unwrap()).collect();
        assert_eq!(levels, ["note", "error", "warning"]);
        assert_eq!(results[0]["message"]["text"], ODD_MESSAGE);
        assert_eq!(
            results[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
            "docs/a%20b,c%3Ad/%E6%96%87%E7%AB%A0%25.md"
        );
        assert_eq!(results[2]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"], "fixtures/ad.md");
        assert_eq!(results[1]["properties"]["field"], "title");
    }

    #[test]
    fn docx_results_have_a_logical_location_and_no_byte_offset() {
        let (out, _) = render(&mut SarifPrinter::new(Lang::Zh), &crate::report::testutil::docx_files(), Lang::Zh);
        let log: Value = serde_json::from_str(&out).unwrap();
        let result = &log["runs"][0]["results"][0];
        let location = &result["locations"][0];
        assert_eq!(location["physicalLocation"]["artifactLocation"]["uri"], "drafts/%E7%A8%BF.docx");
        let region = &location["physicalLocation"]["region"];
        assert_eq!((&region["startLine"], &region["startColumn"]), (&Value::from(7), &Value::from(4)));
        assert!(region.get("byteOffset").is_none() && region.get("byteLength").is_none(), "{region}");
        let logical = &location["logicalLocations"][0];
        assert_eq!(logical["fullyQualifiedName"], "word/footnotes.xml:paragraph 2");
        assert_eq!(logical["name"], "paragraph 2");
        assert_eq!(logical["kind"], "element");
        let props = &result["properties"]["location"];
        assert_eq!(
            (&props["part"], &props["paragraph"], &props["char"]),
            (&Value::from("word/footnotes.xml"), &Value::from(2), &Value::from(4))
        );
        let text = sarif(Lang::Zh);
        for r in text["runs"][0]["results"].as_array().unwrap() {
            assert!(r["locations"][0].get("logicalLocations").is_none() && r["properties"].get("location").is_none());
        }
    }

    #[test]
    fn file_problems_become_notifications() {
        let log = sarif(Lang::Zh);
        let inv = &log["runs"][0]["invocations"][0];
        assert_eq!(inv["executionSuccessful"], false);
        let notes = inv["toolExecutionNotifications"].as_array().unwrap();
        assert_eq!(notes.len(), 2);
        assert_eq!(notes[0]["level"], "error");
        assert_eq!(notes[0]["message"]["text"], crate::report::testutil::bad_message());
        assert_eq!(notes[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"], "bad.txt");
        assert_eq!(notes[1]["level"], "note");
        assert_eq!(notes[1]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"], "logo.png");

        let ok: Vec<_> = files().into_iter().filter(|f| f.path != "bad.txt").collect();
        let (out, _) = render(&mut SarifPrinter::new(Lang::Zh), &ok, Lang::Zh);
        let log: Value = serde_json::from_str(&out).unwrap();
        assert_eq!(log["runs"][0]["invocations"][0]["executionSuccessful"], true);
    }

    #[test]
    fn findings_past_the_limit_are_a_warning_notification() {
        let mut ok: Vec<_> = files().into_iter().filter(|f| f.path != "bad.txt").collect();
        let i = ok.iter().position(|f| !f.findings.is_empty()).expect("a file with findings");
        ok[i].omitted.add("AD001", Severity::Error);
        ok[i].omitted.add("AD001", Severity::Error);
        ok[i].omitted.add("PI001", Severity::Warning);
        let (out, _) = render(&mut SarifPrinter::new(Lang::En), &ok, Lang::En);
        let log: Value = serde_json::from_str(&out).unwrap();
        let inv = &log["runs"][0]["invocations"][0];
        assert_eq!(inv["executionSuccessful"], true, "a partial list is not a failed run");
        let notes = inv["toolExecutionNotifications"].as_array().unwrap();
        let warn: Vec<&Value> = notes.iter().filter(|n| n["level"] == "warning").collect();
        assert_eq!(warn.len(), 1, "{notes:?}");
        let text = warn[0]["message"]["text"].as_str().unwrap();
        assert!(text.contains("3 more problems not listed") && text.contains("--max-findings"), "{text}");
        assert_eq!(
            warn[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
            path_to_uri(&ok[i].path).as_str()
        );
    }

    #[test]
    fn uris() {
        assert_eq!(path_to_uri("./a.md"), "a.md");
        assert_eq!(path_to_uri("././dir/a b.md"), "dir/a%20b.md");
        assert_eq!(path_to_uri("/tmp/x#1.md"), "file:///tmp/x%231.md");
        assert_eq!(path_to_uri("C:/docs/a.md"), "file:///C:/docs/a.md");
        assert_eq!(path_to_uri("a?b.md"), "a%3Fb.md");
    }
}
