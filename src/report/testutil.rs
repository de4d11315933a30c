//! Hand-built findings and file outcomes shared by the printer tests.

use super::{FileReport, FileStatus, Printer, RuleMeta, RunInfo, Summary};
use crate::model::{Context, DocLocation, Field, Finding, Lang, Position, Problem, Severity};

#[allow(clippy::too_many_arguments)]
pub(crate) fn finding(
    rule: &str,
    severity: Severity,
    message: &str,
    path: &str,
    field: Field,
    line: usize,
    context: &str,
    start_char: usize,
    matched: &str,
    byte_start: usize,
) -> Finding {
    let len = matched.chars().count();
    Finding {
        rule: rule.into(),
        category: "adlaw".into(),
        severity,
        message: message.into(),
        reference: Some("《中华人民共和国广告法》第九条第（三）项".into()),
        label: Some(10001),
        path: path.into(),
        field,
        start: Position { line, column: start_char + 1 },
        end: Position { line, column: start_char + 1 + len },
        location: None,
        byte_range: byte_start..byte_start + matched.len(),
        matched: matched.into(),
        term: matched.into(),
        context: Context { text: context.into(), start_char, len_chars: len },
        advertising: None,
        related: Vec::new(),
    }
}

/// The Chinese message of the failed file.
pub(crate) fn bad_message() -> String {
    super::problem_text(&Problem::Undetected { offset: 7 }, Lang::Zh)
}

/// The Chinese reason of the skipped file.
pub(crate) fn skip_reason() -> String {
    super::problem_text(&Problem::Binary, Lang::Zh)
}

/// The message and path of the third finding, full of characters that need escaping.
pub(crate) const ODD_MESSAGE: &str = "100% 保证,无效退款:\n请核实";
pub(crate) const ODD_PATH: &str = "./docs/a b,c:d/文章%.md";

/// Files in sorted order: two scanned with findings, one scanned clean, one skipped, one failed.
pub(crate) fn files() -> Vec<FileReport> {
    let scanned = || FileStatus::Scanned { encoding: "UTF-8".into(), format: "markdown".into() };
    let ad = finding(
        "AD001",
        Severity::Warning,
        "使用绝对化用语「最佳」",
        "fixtures/ad.md",
        Field::Body,
        3,
        "本产品是最佳选择，欢迎选购。",
        4,
        "最佳",
        30,
    );
    let mut title = finding(
        "AD002",
        Severity::Error,
        "使用绝对化用语「全网最低价」",
        "fixtures/ad.md",
        Field::Title,
        1,
        "title:\t好物\t全网最低价！",
        10,
        "全网最低价",
        12,
    );
    title.reference = None;
    let mut odd =
        finding("XX001", Severity::Info, ODD_MESSAGE, ODD_PATH, Field::Body, 12, "ab\t第一品牌", 3, "第一品牌", 200);
    odd.category = "brand".into();
    vec![
        FileReport {
            path: "bad.txt".into(),
            status: FileStatus::Error(Problem::Undetected { offset: 7 }),
            findings: vec![],
            omitted: Default::default(),
            suppressed: Vec::new(),
        },
        FileReport {
            path: "clean.md".into(),
            status: scanned(),
            findings: vec![],
            omitted: Default::default(),
            suppressed: Vec::new(),
        },
        FileReport {
            path: ODD_PATH.into(),
            status: scanned(),
            findings: vec![odd],
            omitted: Default::default(),
            suppressed: Vec::new(),
        },
        FileReport {
            path: "fixtures/ad.md".into(),
            status: scanned(),
            findings: vec![title, ad],
            omitted: Default::default(),
            suppressed: Vec::new(),
        },
        FileReport {
            path: "logo.png".into(),
            status: FileStatus::Skipped(Problem::Binary),
            findings: vec![],
            omitted: Default::default(),
            suppressed: Vec::new(),
        },
    ]
}

/// A scanned `.docx` with one finding in its footnotes: paragraph 2 of the part, characters 4–5,
/// which is line 7 of the document text.
pub(crate) fn docx_files() -> Vec<FileReport> {
    let path = "drafts/稿.docx";
    let mut f = finding(
        "AD001",
        Severity::Warning,
        "使用绝对化用语「最好」",
        path,
        Field::Body,
        7,
        "脚注里最好",
        3,
        "最好",
        40,
    );
    f.location = Some(DocLocation { part: "word/footnotes.xml".into(), paragraph: 2, character: 4 });
    let status = FileStatus::Scanned { encoding: "UTF-8".into(), format: "docx".into() };
    vec![FileReport {
        path: path.into(),
        status,
        findings: vec![f],
        omitted: Default::default(),
        suppressed: Vec::new(),
    }]
}

pub(crate) fn run_info(lang: Lang) -> RunInfo {
    let rule = |id: &str, severity, message: &str| RuleMeta {
        id: id.into(),
        category: "adlaw".into(),
        severity,
        message: message.into(),
        reference: Some("《广告法》第九条".into()),
        name: format!("{}-name", id.to_ascii_lowercase()),
        label: Some(10001),
        hit: vec![format!("{id} 命中例句")],
        miss: vec![format!("{id} 不命中例句")],
    };
    RunInfo {
        // XX001 is deliberately missing: printers must cope with unannounced rules.
        rules: vec![
            rule("AD000", Severity::Info, "未使用的规则"),
            rule("AD002", Severity::Error, "绝对化用语（价格）"),
            rule("AD001", Severity::Warning, "绝对化用语"),
        ],
        lang,
        color: false,
        version: "9.8.7".into(),
        quiet: false,
    }
}

/// Runs `printer` over `files` and returns its output and the summary it was given.
pub(crate) fn render(printer: &mut dyn Printer, files: &[FileReport], lang: Lang) -> (String, Summary) {
    let mut out = Vec::new();
    let mut summary = Summary::default();
    printer.begin(&mut out, &run_info(lang)).unwrap();
    for f in files {
        summary.add(f);
        printer.file(&mut out, f).unwrap();
    }
    printer.finish(&mut out, &summary).unwrap();
    (String::from_utf8(out).unwrap(), summary)
}
