//! GitHub Actions workflow commands: one annotation per finding.
//!
//! ```text
//! ::warning file=a.md,line=3,col=5,endLine=3,endColumn=7,title=AD001 adlaw::使用绝对化用语「最佳」
//! ::error file=bad.txt::无法解码
//! ```
//!
//! Values are escaped exactly like the Actions runner (`@actions/core`) does: in the message
//! `%`, `\r`, `\n` become `%25`, `%0D`, `%0A`; in property values `:` and `,` also become `%3A`
//! and `%2C`. Skipped files produce no annotation. The run ends with a plain summary line.
//!
//! GitHub shows at most [`ANNOTATIONS_PER_LEVEL`] annotations of each level per step and drops the
//! rest silently, so annotations are written at the end, most severe first (errors, then
//! warnings, then notices; file order within a level): the first ten of each level as workflow
//! commands, the rest as plain log lines (`path:line:col: level[RULE] message`), followed by one
//! notice saying how many were not annotated (a notice slot is kept free for it).
//!
//! A `.docx` has no lines: there `line` is the paragraph and `col` the character in its part, and
//! the title names the part (`title=AD001 adlaw (word/footnotes.xml)`).

use std::io::{self, Write};

use super::human::summary_line;
use super::{FileReport, FileStatus, Printer, Summary};
use crate::model::Lang;
use crate::model::Severity;

/// Annotations of one level GitHub shows per step.
pub const ANNOTATIONS_PER_LEVEL: usize = 10;

/// GitHub Actions annotation printer (`--format github`).
#[derive(Debug, Clone)]
pub struct GithubPrinter {
    lang: Lang,
    /// Annotations so far: level, the workflow command, the same as a plain log line.
    pending: Vec<(Severity, String, String)>,
}

impl GithubPrinter {
    /// A printer whose final summary line is in `lang`.
    pub fn new(lang: Lang) -> Self {
        Self { lang, pending: Vec::new() }
    }
}

/// Escapes a workflow-command message (the part after `::`).
pub(crate) fn escape_data(s: &str) -> String {
    s.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A")
}

/// Escapes a workflow-command property value (`file=`, `title=`, ...).
pub(crate) fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

fn command(sev: Severity) -> &'static str {
    match sev {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "notice",
    }
}

impl Printer for GithubPrinter {
    fn file(&mut self, _w: &mut dyn Write, file: &FileReport) -> io::Result<()> {
        if let FileStatus::Error(problem) = &file.status {
            let message = super::problem_text(problem, self.lang);
            let cmd = format!("::error file={}::{}", escape_property(&file.path), escape_data(&message));
            self.pending.push((Severity::Error, cmd, format!("{}: error: {}", file.path, one_line(&message))));
        }
        for f in &file.findings {
            let (start, end) = super::shown_span(f);
            let title = match &f.location {
                Some(loc) => format!("{} {} ({})", f.rule, f.category, loc.part),
                None => format!("{} {}", f.rule, f.category),
            };
            let cmd = format!(
                "::{} file={},line={},col={},endLine={},endColumn={},title={}::{}",
                command(f.severity),
                escape_property(&f.path),
                start.line,
                start.column,
                end.line,
                end.column,
                escape_property(&title),
                escape_data(&f.message)
            );
            let plain = format!(
                "{}:{}:{}: {}[{}] {}",
                f.path,
                start.line,
                start.column,
                f.severity,
                f.rule,
                one_line(&f.message)
            );
            self.pending.push((f.severity, cmd, plain));
        }
        if let Some(line) = super::omitted_text(file, self.lang) {
            let o = &file.omitted;
            let sev = o.worst();
            let cmd = format!("::{} file={}::{}", command(sev), escape_property(&file.path), escape_data(&line));
            self.pending.push((sev, cmd, one_line(&line)));
        }
        Ok(())
    }

    fn finish(&mut self, w: &mut dyn Write, summary: &Summary) -> io::Result<()> {
        // Most severe first; file order within a level (the sort is stable).
        self.pending.sort_by_key(|(sev, _, _)| std::cmp::Reverse(*sev));
        let over = |sev: Severity| self.pending.iter().filter(|(s, _, _)| *s == sev).count() > ANNOTATIONS_PER_LEVEL;
        let truncated = [Severity::Error, Severity::Warning, Severity::Info].into_iter().any(over);
        let mut shown = [0usize; 3];
        let mut hidden = 0;
        for (sev, cmd, plain) in &self.pending {
            // One notice slot is kept for the line saying how many were not annotated.
            let room =
                if *sev == Severity::Info && truncated { ANNOTATIONS_PER_LEVEL - 1 } else { ANNOTATIONS_PER_LEVEL };
            let n = &mut shown[*sev as usize];
            if *n < room {
                *n += 1;
                writeln!(w, "{cmd}")?;
            } else {
                hidden += 1;
                writeln!(w, "{plain}")?;
            }
        }
        if hidden > 0 {
            writeln!(w, "::notice title=hegui::{}", escape_data(&hidden_text(hidden, self.lang)))?;
        }
        writeln!(w, "{}", summary_line(summary, self.lang))
    }
}

/// The notice about annotations GitHub would not show.
pub fn hidden_text(hidden: usize, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!(
            "另有 {hidden} 个问题未作为注释显示（GitHub 每个步骤每个级别最多显示 {ANNOTATIONS_PER_LEVEL} 个），已写入日志；完整结果见步骤摘要或 SARIF 报告"
        ),
        Lang::En => format!(
            "{hidden} more findings are not shown as annotations (GitHub shows at most {ANNOTATIONS_PER_LEVEL} per level and step); they are in the log, and all are in the step summary or SARIF report"
        ),
    }
}

/// `s` on one line: line breaks become spaces.
fn one_line(s: &str) -> String {
    s.replace(['\r', '\n'], " ")
}

/// `--format github`: GitHub Actions workflow-command annotations.
pub const FORMAT: super::FormatDef =
    super::FormatDef { name: "github", about: "GitHub Actions workflow-command annotations", printer: make };

fn make(lang: crate::model::Lang, _color: bool) -> Box<dyn super::Printer> {
    Box::new(GithubPrinter::new(lang))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::testutil::{files, render};

    #[test]
    fn escapes_like_the_runner() {
        assert_eq!(escape_data("a%b\r\nc:d,e"), "a%25b%0D%0Ac:d,e");
        assert_eq!(escape_property("a%b\r\nc:d,e"), "a%25b%0D%0Ac%3Ad%2Ce");
        assert_eq!(escape_data("%0A"), "%250A", "percent first, so escapes are not doubled wrong");
    }

    #[test]
    fn docx_lines_are_paragraphs_of_the_part_named_in_the_title() {
        let (out, _) = render(&mut GithubPrinter::new(Lang::En), &crate::report::testutil::docx_files(), Lang::En);
        assert_eq!(
            out.lines().next(),
            Some(
                "::warning file=drafts/稿.docx,line=2,col=4,endLine=2,endColumn=6,title=AD001 adlaw (word/footnotes.xml)::使用绝对化用语「最好」"
            )
        );
    }

    #[test]
    fn at_most_ten_annotations_per_level_most_severe_first_then_a_notice() {
        let mut files = files();
        let ad = files.iter_mut().find(|f| f.path == "fixtures/ad.md").expect("ad.md");
        let (err, warn) = (ad.findings[0].clone(), ad.findings[1].clone());
        ad.findings = (0..12).map(|_| warn.clone()).chain((0..11).map(|_| err.clone())).collect();
        let (out, _) = render(&mut GithubPrinter::new(Lang::En), &files, Lang::En);
        let lines: Vec<&str> = out.lines().collect();
        let count = |p: &str| lines.iter().filter(|l| l.starts_with(p)).count();
        assert_eq!((count("::error "), count("::warning "), count("::notice file")), (10, 10, 1));
        assert!(lines[0].starts_with("::error "), "errors first");
        // 12 errors (the failed file and 11 findings): 2 in the log; 2 warnings.
        assert_eq!(count("fixtures/ad.md:1:11: error[AD002]"), 2);
        assert_eq!(count("fixtures/ad.md:3:5: warning[AD001]"), 2);
        assert_eq!(lines[lines.len() - 2], format!("::notice title=hegui::{}", hidden_text(4, Lang::En)));
    }

    #[test]
    fn one_command_per_finding_and_error() {
        let (out, _) = render(&mut GithubPrinter::new(Lang::Zh), &files(), Lang::Zh);
        let lines: Vec<&str> = out.lines().collect();
        let bad = format!("::error file=bad.txt::{}", crate::report::testutil::bad_message());
        assert_eq!(
            lines,
            [
                bad.as_str(),
                "::error file=fixtures/ad.md,line=1,col=11,endLine=1,endColumn=16,title=AD002 adlaw::使用绝对化用语「全网最低价」",
                "::warning file=fixtures/ad.md,line=3,col=5,endLine=3,endColumn=7,title=AD001 adlaw::使用绝对化用语「最佳」",
                "::notice file=./docs/a b%2Cc%3Ad/文章%25.md,line=12,col=4,endLine=12,endColumn=8,title=XX001 brand::100%25 保证,无效退款:%0A请核实",
                "发现 3 个问题（错误 1，警告 1，提示 1），扫描 3 个文件，跳过 1 个，失败 1 个。",
            ]
        );
    }
}
