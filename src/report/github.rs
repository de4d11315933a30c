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
//! A `.docx` has no lines: there `line` is the paragraph and `col` the character in its part, and
//! the title names the part (`title=AD001 adlaw (word/footnotes.xml)`).

use std::io::{self, Write};

use super::human::summary_line;
use super::{FileReport, FileStatus, Printer, Summary};
use crate::model::Lang;
use crate::model::Severity;

/// GitHub Actions annotation printer (`--format github`).
#[derive(Debug, Clone)]
pub struct GithubPrinter {
    lang: Lang,
}

impl GithubPrinter {
    /// A printer whose final summary line is in `lang`.
    pub fn new(lang: Lang) -> Self {
        Self { lang }
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
    fn file(&mut self, w: &mut dyn Write, file: &FileReport) -> io::Result<()> {
        if let FileStatus::Error(problem) = &file.status {
            let message = super::problem_text(problem, self.lang);
            writeln!(w, "::error file={}::{}", escape_property(&file.path), escape_data(&message))?;
        }
        for f in &file.findings {
            let (start, end) = super::shown_span(f);
            let title = match &f.location {
                Some(loc) => format!("{} {} ({})", f.rule, f.category, loc.part),
                None => format!("{} {}", f.rule, f.category),
            };
            writeln!(
                w,
                "::{} file={},line={},col={},endLine={},endColumn={},title={}::{}",
                command(f.severity),
                escape_property(&f.path),
                start.line,
                start.column,
                end.line,
                end.column,
                escape_property(&title),
                escape_data(&f.message)
            )?;
        }
        if let Some(line) = super::omitted_text(file, self.lang) {
            let o = &file.omitted;
            let cmd = if o.errors > 0 {
                "error"
            } else if o.warnings > 0 {
                "warning"
            } else {
                "notice"
            };
            writeln!(w, "::{cmd} file={}::{}", escape_property(&file.path), escape_data(&line))?;
        }
        Ok(())
    }

    fn finish(&mut self, w: &mut dyn Write, summary: &Summary) -> io::Result<()> {
        writeln!(w, "{}", summary_line(summary, self.lang))
    }
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
    fn one_command_per_finding_and_error() {
        let (out, _) = render(&mut GithubPrinter::new(Lang::Zh), &files(), Lang::Zh);
        let lines: Vec<&str> = out.lines().collect();
        let bad = format!("::error file=bad.txt::{}", crate::report::testutil::bad_message());
        assert_eq!(
            lines,
            [
                bad.as_str(),
                "::notice file=./docs/a b%2Cc%3Ad/文章%25.md,line=12,col=4,endLine=12,endColumn=8,title=XX001 brand::100%25 保证,无效退款:%0A请核实",
                "::error file=fixtures/ad.md,line=1,col=11,endLine=1,endColumn=16,title=AD002 adlaw::使用绝对化用语「全网最低价」",
                "::warning file=fixtures/ad.md,line=3,col=5,endLine=3,endColumn=7,title=AD001 adlaw::使用绝对化用语「最佳」",
                "发现 3 个问题（错误 1，警告 1，提示 1），扫描 3 个文件，跳过 1 个，失败 1 个。",
            ]
        );
    }
}
