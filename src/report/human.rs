//! The default printer: rustc/ruff-style snippets with carets under each match.
//!
//! ```text
//! warning[AD001]: 使用绝对化用语「最佳」
//!   --> fixtures/ad.md:3:5
//!    |
//!  3 | 本产品是最佳选择，欢迎选购。
//!    |         ^^^^ 《中华人民共和国广告法》第九条第（三）项
//!    |
//! ```
//!
//! A `.docx` has no lines of its own: its findings are placed by part, paragraph and character
//! (`--> draft.docx: 脚注 第2段 第5字`, `--> draft.docx: footnotes, paragraph 2, char 5`), and the
//! gutter shows the paragraph number.
//!
//! Carets are aligned by terminal display width (CJK characters take two columns); tabs in the
//! source line are expanded to spaces. File errors and skips are not printed here (the CLI reports
//! them on stderr); only the final summary counts them.

use std::io::{self, Write};

use anstyle::{AnsiColor, Color, Style};
use unicode_width::UnicodeWidthChar;

use super::{FileReport, Printer, RunInfo, Summary};
use crate::model::Field;
use crate::model::Lang;
use crate::model::{Context, DocLocation, Finding, Severity};

/// Tab stops in the rendered source line are every this many columns.
const TAB_WIDTH: usize = 4;

/// Human-readable printer (`--format human`, the default).
#[derive(Debug, Clone)]
pub struct HumanPrinter {
    lang: Lang,
    color: bool,
    quiet: bool,
}

impl HumanPrinter {
    /// A printer writing in `lang`, with ANSI colours only when `color` is true.
    pub fn new(lang: Lang, color: bool) -> Self {
        Self { lang, color, quiet: false }
    }

    /// `text` wrapped in `style` when colour is on, else `text` unchanged.
    fn paint(&self, style: Style, text: &str) -> String {
        if self.color { format!("{}{}{}", style.render(), text, style.render_reset()) } else { text.to_string() }
    }

    fn write_finding(&self, w: &mut dyn Write, f: &Finding, gutter: usize) -> io::Result<()> {
        let sev = severity_style(f.severity);
        let blue = Style::new().bold().fg_color(Some(Color::Ansi(AnsiColor::Blue)));
        let bold = Style::new().bold();

        // Header: `warning[AD001]: message`.
        writeln!(
            w,
            "{}{}{}",
            self.paint(sev, f.severity.as_str()),
            self.paint(bold, &format!("[{}]", one_line(&f.rule))),
            self.paint(bold, &format!(": {}", one_line(&f.message))),
        )?;

        // Location: `  --> path:line:col (field)`, or `  --> draft.docx: 脚注 第2段 第5字 (field)`.
        let field =
            if f.field == Field::Body { String::new() } else { format!(" ({})", field_label(f.field, self.lang)) };
        let place = match &f.location {
            Some(loc) => format!("{}: {}", one_line(&f.path), doc_location(loc, self.lang)),
            None => format!("{}:{}:{}", one_line(&f.path), f.start.line, f.start.column),
        };
        writeln!(w, "{}{} {}{}", " ".repeat(gutter + 1), self.paint(blue, "-->"), place, field)?;

        // Snippet.
        let empty = format!("{}{}", " ".repeat(gutter + 2), self.paint(blue, "|"));
        let (line, caret_col, caret_width) = render_context(&f.context);
        writeln!(w, "{empty}")?;
        let number = format!(" {:>gutter$} |", shown_line(f));
        if line.is_empty() {
            writeln!(w, "{}", self.paint(blue, &number))?;
        } else {
            writeln!(w, "{} {}", self.paint(blue, &number), line)?;
        }
        let carets = self.paint(sev, &"^".repeat(caret_width));
        match &f.reference {
            Some(r) => writeln!(w, "{} {}{} {}", empty, " ".repeat(caret_col), carets, self.paint(sev, r))?,
            None => writeln!(w, "{} {}{}", empty, " ".repeat(caret_col), carets)?,
        }
        writeln!(w, "{empty}")?;
        writeln!(w)
    }
}

impl Printer for HumanPrinter {
    fn file(&mut self, w: &mut dyn Write, file: &FileReport) -> io::Result<()> {
        let max_line = file.findings.iter().map(shown_line).max().unwrap_or(1);
        let gutter = max_line.to_string().len();
        for f in &file.findings {
            self.write_finding(w, f, gutter)?;
        }
        if let Some(line) = super::omitted_text(file, self.lang) {
            writeln!(w, "{}\n", self.paint(Style::new().bold(), &line))?;
        }
        Ok(())
    }

    fn begin(&mut self, _w: &mut dyn Write, run: &RunInfo) -> io::Result<()> {
        self.quiet = run.quiet;
        Ok(())
    }

    fn finish(&mut self, w: &mut dyn Write, summary: &Summary) -> io::Result<()> {
        if self.quiet {
            return Ok(());
        }
        let line = summary_line(summary, self.lang);
        writeln!(w, "{}", self.paint(Style::new().bold(), &line))
    }
}

/// `s` made safe for one terminal line: line breaks become spaces, other control characters `?`.
fn one_line(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '\n' | '\r' => ' ',
            c if c.is_control() => '?',
            c => c,
        })
        .collect()
}

/// Bold severity colour: red for errors, yellow for warnings, cyan for info.
fn severity_style(sev: Severity) -> Style {
    let color = match sev {
        Severity::Error => AnsiColor::Red,
        Severity::Warning => AnsiColor::Yellow,
        Severity::Info => AnsiColor::Cyan,
    };
    Style::new().bold().fg_color(Some(Color::Ansi(color)))
}

/// Renders a context line for a terminal.
///
/// Returns the line with tabs expanded to the next multiple of [`TAB_WIDTH`] and other control
/// characters replaced by `?`, the display column where the match starts, and the display width of
/// the match (at least 1, so an empty or zero-width match still gets a caret).
pub(crate) fn render_context(ctx: &Context) -> (String, usize, usize) {
    let mut out = String::with_capacity(ctx.text.len());
    let mut col = 0;
    let mut start_col = None;
    let mut end_col = None;
    let end_char = ctx.start_char.saturating_add(ctx.len_chars);
    for (i, ch) in ctx.text.chars().enumerate() {
        if i == ctx.start_char {
            start_col = Some(col);
        }
        if i == end_char {
            end_col = Some(col);
        }
        if ch == '\t' {
            let n = TAB_WIDTH - col % TAB_WIDTH;
            out.extend(std::iter::repeat_n(' ', n));
            col += n;
        } else if ch.is_control() {
            out.push('?');
            col += 1;
        } else {
            out.push(ch);
            col += ch.width().unwrap_or(0);
        }
    }
    let start = start_col.unwrap_or(col);
    let end = end_col.unwrap_or(col).max(start);
    (out, start, (end - start).max(1))
}

/// The number in the snippet's gutter: the line, or the paragraph in a `.docx` part.
fn shown_line(f: &Finding) -> usize {
    f.location.as_ref().map_or(f.start.line, |l| l.paragraph)
}

/// A place in a `.docx`, e.g. `正文 第3段 第12字` or `body, paragraph 3, char 12`.
pub(crate) fn doc_location(loc: &DocLocation, lang: Lang) -> String {
    let part = part_label(&loc.part, lang);
    match lang {
        Lang::Zh => format!("{part} 第{}段 第{}字", loc.paragraph, loc.character),
        Lang::En => format!("{part}, paragraph {}, char {}", loc.paragraph, loc.character),
    }
}

/// Name of a `.docx` part, in the selected language: `word/header2.xml` is 页眉2 / header 2.
pub(crate) fn part_label(part: &str, lang: Lang) -> String {
    let file = part.rsplit('/').next().unwrap_or(part).trim_end_matches(".xml");
    let stem = file.trim_end_matches(|c: char| c.is_ascii_digit());
    let number = &file[stem.len()..];
    let (zh, en) = match stem {
        "header" => ("页眉", "header"),
        "footer" => ("页脚", "footer"),
        "footnotes" => ("脚注", "footnotes"),
        "endnotes" => ("尾注", "endnotes"),
        "comments" => ("批注", "comments"),
        _ => ("正文", "body"),
    };
    match (lang, number.is_empty()) {
        (Lang::Zh, _) => format!("{zh}{number}"),
        (Lang::En, true) => en.to_owned(),
        (Lang::En, false) => format!("{en} {number}"),
    }
}

/// Name of an article field, in the selected language.
pub(crate) fn field_label(field: Field, lang: Lang) -> &'static str {
    match field {
        Field::Title => lang.pick("标题", "title"),
        Field::Digest => lang.pick("摘要", "digest"),
        Field::Author => lang.pick("作者", "author"),
        Field::Body => lang.pick("正文", "body"),
        Field::Alt => lang.pick("图片说明", "alt text"),
        Field::Link => lang.pick("链接", "link"),
    }
}

/// `n` followed by `one` or `many` (English plurals).
fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// The one-sentence run summary, e.g.
/// `发现 3 个问题（错误 1，警告 2，提示 0），扫描 5 个文件，跳过 1 个，失败 1 个。`
/// Skipped and failed counts are left out when zero.
pub(crate) fn summary_line(s: &Summary, lang: Lang) -> String {
    match lang {
        Lang::Zh => {
            let mut line = if s.findings() == 0 {
                "未发现问题".to_string()
            } else {
                format!("发现 {} 个问题（错误 {}，警告 {}，提示 {}）", s.findings(), s.errors, s.warnings, s.infos)
            };
            if s.omitted > 0 {
                line.push_str(&format!("，其中 {} 个未列出", s.omitted));
            }
            if s.suppressed > 0 {
                line.push_str(&format!("，另有 {} 个已抑制", s.suppressed));
            }
            line.push_str(&format!("，扫描 {} 个文件", s.files_scanned));
            if s.files_skipped > 0 {
                line.push_str(&format!("，跳过 {} 个", s.files_skipped));
            }
            if s.files_failed > 0 {
                line.push_str(&format!("，失败 {} 个", s.files_failed));
            }
            line.push('。');
            line
        }
        Lang::En => {
            let mut line = if s.findings() == 0 {
                "No problems found".to_string()
            } else {
                format!(
                    "Found {} ({}, {}, {} info)",
                    count(s.findings(), "problem", "problems"),
                    count(s.errors, "error", "errors"),
                    count(s.warnings, "warning", "warnings"),
                    s.infos
                )
            };
            if s.omitted > 0 {
                line.push_str(&format!(", {} not listed", s.omitted));
            }
            if s.suppressed > 0 {
                line.push_str(&format!(", {} suppressed", s.suppressed));
            }
            line.push_str(&format!(" in {} scanned", count(s.files_scanned, "file", "files")));
            let mut extra = Vec::new();
            if s.files_skipped > 0 {
                extra.push(format!("{} skipped", s.files_skipped));
            }
            if s.files_failed > 0 {
                extra.push(format!("{} failed", s.files_failed));
            }
            if !extra.is_empty() {
                line.push_str("; ");
                line.push_str(&extra.join(", "));
            }
            line.push('.');
            line
        }
    }
}

/// `--format human`: rustc-style snippets for people (default).
pub const FORMAT: super::FormatDef =
    super::FormatDef { name: "human", about: "rustc-style snippets for people (default)", printer: make };

fn make(lang: crate::model::Lang, color: bool) -> Box<dyn super::Printer> {
    Box::new(HumanPrinter::new(lang, color))
}

#[cfg(test)]
mod tests {
    use unicode_width::UnicodeWidthStr;

    use super::*;
    use crate::report::testutil::{files, render};

    fn human(lang: Lang, color: bool) -> String {
        render(&mut HumanPrinter::new(lang, color), &files(), lang).0
    }

    #[test]
    fn matches_the_documented_layout() {
        let out = human(Lang::Zh, false);
        let expected = "\
warning[AD001]: 使用绝对化用语「最佳」
  --> fixtures/ad.md:3:5
   |
 3 | 本产品是最佳选择，欢迎选购。
   |         ^^^^ 《中华人民共和国广告法》第九条第（三）项
   |
";
        assert!(out.contains(expected), "{out}");
    }

    #[test]
    fn carets_align_under_the_match() {
        let all = files();
        let findings: Vec<_> = all.iter().flat_map(|f| &f.findings).collect();
        let out = human(Lang::Zh, false);
        assert!(!out.contains('\t'), "tabs must be expanded: {out}");
        let lines: Vec<&str> = out.lines().collect();
        let mut checked = 0;
        for (i, caret_line) in lines.iter().enumerate().filter(|(_, l)| l.contains('^')) {
            let source_line = lines[i - 1];
            let bar = source_line.find(" | ").expect("numbered source line") + 1;
            assert_eq!(caret_line.find('|'), Some(bar), "gutters line up:\n{source_line}\n{caret_line}");
            let shown = &source_line[bar + 2..];
            let caret_area = &caret_line[bar + 2..];
            let f = findings.iter().find(|f| shown.contains(&f.matched)).expect("match is shown");
            let before = &shown[..shown.find(&f.matched).unwrap()];
            let spaces = caret_area.len() - caret_area.trim_start_matches(' ').len();
            assert_eq!(spaces, before.width(), "caret offset for {}", f.matched);
            let carets = caret_area.trim_start_matches(' ').chars().take_while(|&c| c == '^').count();
            assert_eq!(carets, f.matched.width(), "caret count for {}", f.matched);
            assert_eq!(carets, 2 * f.matched.chars().count(), "CJK is two columns wide");
            checked += 1;
        }
        assert_eq!(checked, findings.len());
    }

    #[test]
    fn tabs_expand_to_tab_stops() {
        let ctx = Context { text: "a\tb\t最佳".into(), start_char: 4, len_chars: 2 };
        let (line, start, width) = render_context(&ctx);
        assert_eq!(line, "a   b   最佳");
        assert_eq!((start, width), (8, 4));
        let empty = Context { text: "abc".into(), start_char: 3, len_chars: 0 };
        assert_eq!(render_context(&empty), ("abc".into(), 3, 1));
        let control = Context { text: "a\u{1b}[31m最".into(), start_char: 6, len_chars: 1 };
        assert_eq!(render_context(&control), ("a?[31m最".into(), 6, 2));
    }

    #[test]
    fn gutter_adapts_and_field_is_named() {
        let out = human(Lang::Zh, false);
        assert!(out.contains("\n  --> fixtures/ad.md:1:11 (标题)\n"), "{out}");
        assert!(out.contains("\n    |\n 12 | ab  第一品牌\n    |     ^^^^^^^^ 《"), "{out}");
        let en = human(Lang::En, false);
        assert!(en.contains("fixtures/ad.md:1:11 (title)\n"), "{en}");
    }

    #[test]
    fn docx_findings_are_placed_by_part_paragraph_and_character() {
        let out = render(&mut HumanPrinter::new(Lang::Zh, false), &crate::report::testutil::docx_files(), Lang::Zh).0;
        assert!(
            out.contains("\n  --> drafts/稿.docx: 脚注 第2段 第4字\n   |\n 2 | 脚注里最好\n   |       ^^^^ "),
            "{out}"
        );
        let en = render(&mut HumanPrinter::new(Lang::En, false), &crate::report::testutil::docx_files(), Lang::En).0;
        assert!(en.contains(" --> drafts/稿.docx: footnotes, paragraph 2, char 4\n"), "{en}");
        assert_eq!(part_label("word/document.xml", Lang::Zh), "正文");
        assert_eq!(part_label("word/header2.xml", Lang::Zh), "页眉2");
        assert_eq!(part_label("word/header2.xml", Lang::En), "header 2");
        assert_eq!(part_label("word/endnotes.xml", Lang::En), "endnotes");
        assert_eq!(part_label("word/comments.xml", Lang::Zh), "批注");
    }

    #[test]
    fn messages_stay_on_one_line() {
        let out = human(Lang::Zh, false);
        assert!(
            out.contains("info[XX001]: 100% 保证,无效退款: 请核实\n   --> ./docs/a b,c:d/文章%.md:12:4\n"),
            "{out}"
        );
    }

    #[test]
    fn errors_and_skips_are_not_listed() {
        let out = human(Lang::Zh, false);
        assert!(!out.contains("logo.png") && !out.contains("bad.txt"), "{out}");
    }

    #[test]
    fn colour_only_when_asked() {
        assert!(!human(Lang::Zh, false).contains('\x1b'));
        let coloured = human(Lang::Zh, true);
        let yellow = severity_style(Severity::Warning);
        assert!(coloured.contains(&format!("{}warning{}", yellow.render(), yellow.render_reset())));
        assert!(coloured.contains("\x1b[33m"), "warnings are yellow: {coloured:?}");
        assert!(coloured.contains("\x1b[31m"), "errors are red");
        assert!(coloured.contains("\x1b[36m"), "info is cyan");
        assert!(coloured.contains(&format!("{}[AD001]", Style::new().bold().render())));
        assert!(coloured.contains(&format!("{}^^^^", severity_style(Severity::Warning).render())));
    }

    #[test]
    fn summary_in_both_languages() {
        let zh = human(Lang::Zh, false);
        assert!(
            zh.ends_with("\n发现 3 个问题（错误 1，警告 1，提示 1），扫描 3 个文件，跳过 1 个，失败 1 个。\n"),
            "{zh}"
        );
        let en = human(Lang::En, false);
        assert!(
            en.ends_with("\nFound 3 problems (1 error, 1 warning, 1 info) in 3 files scanned; 1 skipped, 1 failed.\n"),
            "{en}"
        );
        let clean = Summary { files_scanned: 1, ..Summary::default() };
        assert_eq!(summary_line(&clean, Lang::Zh), "未发现问题，扫描 1 个文件。");
        assert_eq!(summary_line(&clean, Lang::En), "No problems found in 1 file scanned.");
    }
}
