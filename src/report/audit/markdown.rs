//! `report.md`: the headline numbers and the main tables in GitHub Markdown, short enough for a
//! CI step summary (the file list stays in `report.json` and `report.html`).

use std::io::{self, Write};

use crate::model::{Lang, Severity};

use super::schema::{AuditReport, Group};
use super::{date_sources_text, percent, severity_name, thousands};

/// Rows per table.
const ROWS: usize = 15;

/// Escapes text for a Markdown table cell.
fn md(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '|' | '\\' | '*' | '_' | '`' | '<' | '>' | '[' | ']' => {
                out.push('\\');
                out.push(c);
            }
            '\n' | '\r' => out.push(' '),
            _ => out.push(c),
        }
    }
    out
}

/// Writes the Markdown report in `lang`.
pub fn write(w: &mut dyn Write, r: &AuditReport, lang: Lang) -> io::Result<()> {
    let t = |zh: &'static str, en: &'static str| lang.pick(zh, en);
    let tot = &r.totals;
    writeln!(w, "# {}\n", t("hegui 合规审计报告", "hegui compliance audit"))?;
    writeln!(
        w,
        "{} {} · {} {} → {}\n",
        t("hegui 版本", "hegui"),
        r.evidence.hegui_version,
        t("时间", "run"),
        r.evidence.started_at,
        r.evidence.finished_at
    )?;
    writeln!(w, "| {} | {} |\n|---|---:|", t("指标", "Measure"), t("数值", "Value"))?;
    let rows: [(&str, String); 7] = [
        (t("扫描文章", "Articles scanned"), thousands(tot.articles)),
        (t("跳过 / 失败文件", "Files skipped / failed"), format!("{} / {}", tot.skipped, tot.failed)),
        (t("总字数", "Characters"), thousands(tot.chars)),
        (
            t("问题数（错误 / 警告 / 提示）", "Findings (error / warning / info)"),
            format!(
                "{} ({} / {} / {})",
                thousands(tot.findings_total),
                thousands(tot.findings.error),
                thousands(tot.findings.warning),
                thousands(tot.findings.info)
            ),
        ),
        (t("每万字问题数", "Findings per 10,000 characters"), format!("{:.2}", tot.findings_per_10k_chars)),
        (
            t("违规率（≥ 错误）", "Violation rate (≥ error)"),
            format!("{} ({})", percent(tot.violation_rate.error), thousands(tot.articles_with_findings.error)),
        ),
        (
            t("违规率（≥ 警告）", "Violation rate (≥ warning)"),
            format!("{} ({})", percent(tot.violation_rate.warning), thousands(tot.articles_with_findings.warning)),
        ),
    ];
    for (k, v) in rows {
        writeln!(w, "| {k} | {v} |")?;
    }
    groups(w, t("按类别", "By category"), &r.by_category, lang)?;
    groups(w, t("按 msgSecCheck 标签", "By msgSecCheck label"), &r.by_label, lang)?;

    writeln!(w, "\n## {}\n", t("按规则", "By rule"))?;
    writeln!(
        w,
        "| {} | {} | {} | {} | {} |\n|---|---|---:|---:|---:|",
        t("规则", "Rule"),
        t("说明", "Description"),
        t("问题数", "Findings"),
        t("涉及文章", "Articles"),
        t("违规率（≥ 警告）", "Rate (≥ warning)")
    )?;
    for g in r.by_rule.iter().take(ROWS) {
        writeln!(
            w,
            "| {} | {} | {} | {} | {} |",
            g.rule,
            md(super::names::first_sentence(&g.description)),
            thousands(g.findings_total),
            thousands(g.articles.info),
            percent(g.violation_rate.warning)
        )?;
    }
    more(w, r.by_rule.len(), lang)?;

    if !r.trend.months.is_empty() {
        writeln!(w, "\n## {}\n", t("按月趋势", "Trend by month"))?;
        writeln!(w, "{}{}\n", t("日期来源：", "Dates from: "), date_sources_text(&r.trend.sources, lang))?;
        writeln!(
            w,
            "| {} | {} | {} | {} |\n|---|---:|---:|---:|",
            t("月份", "Month"),
            t("文章", "Articles"),
            t("问题数", "Findings"),
            t("违规率（≥ 警告）", "Rate (≥ warning)")
        )?;
        for m in &r.trend.months {
            writeln!(
                w,
                "| {} | {} | {} | {} |",
                m.month,
                thousands(m.articles),
                thousands(m.findings.total()),
                percent(m.violation_rate.warning)
            )?;
        }
    }

    writeln!(w, "\n## {}\n", t("问题最多的文章", "Worst articles"))?;
    if r.worst_articles.is_empty() {
        writeln!(w, "{}", t("没有发现问题。", "No findings."))?;
    }
    for (i, a) in r.worst_articles.iter().take(10).enumerate() {
        writeln!(
            w,
            "{}. `{}` — {} {} · {} {} · {} {}",
            i + 1,
            a.path.replace('`', "'"),
            a.findings.error,
            severity_name(Severity::Error, lang),
            a.findings.warning,
            severity_name(Severity::Warning, lang),
            a.findings.info,
            severity_name(Severity::Info, lang)
        )?;
        for f in &a.top_findings {
            writeln!(w, "   - {} {}:{} {} — {}", f.rule, f.line, f.column, md(&f.matched), md(&f.message))?;
        }
    }
    if !r.top_terms.is_empty() {
        writeln!(w, "\n## {}\n", t("最常命中的词", "Top matched terms"))?;
        writeln!(
            w,
            "| {} | {} | {} | {} |\n|---|---|---:|---:|",
            t("词", "Term"),
            t("规则", "Rule"),
            t("次数", "Findings"),
            t("文章", "Articles")
        )?;
        for c in r.top_terms.iter().take(ROWS) {
            writeln!(w, "| {} | {} | {} | {} |", md(&c.term), c.rule, thousands(c.findings), thousands(c.articles))?;
        }
    }
    if let Some(clusters) = r.duplicates.as_ref().and_then(|d| d.clusters.as_ref()) {
        writeln!(w, "\n## {}\n", t("文章之间的重复", "Near-duplicates among the articles"))?;
        for (i, c) in clusters.iter().take(ROWS).enumerate() {
            writeln!(w, "{}. {}", i + 1, c.articles.iter().map(|a| format!("`{a}`")).collect::<Vec<_>>().join(" · "))?;
        }
    }
    if let Some(d) = r.duplicates.as_ref().filter(|d| d.clusters.is_none() || d.articles > 0) {
        writeln!(w, "\n## {}\n", t("与语料库重复", "Copied from the corpus"))?;
        writeln!(w, "{}{}\n", t("含重复段落的文章：", "Articles with copied passages: "), thousands(d.articles))?;
        for p in d.pairs.iter().take(ROWS) {
            writeln!(w, "- `{}` ← `{}`: {} ({}%)", p.path, p.source, percent(p.coverage), p.similarity)?;
        }
    }
    writeln!(w, "\n## {}\n", t("证据", "Evidence"))?;
    for p in &r.evidence.packs {
        writeln!(w, "- {} `{}` ({} {}) `{}`", t("规则包", "pack"), p.id, p.rules, t("条规则", "rules"), p.hash)?;
    }
    writeln!(
        w,
        "- {} {} `{}`",
        t("配置", "config"),
        r.evidence.config.path.as_deref().unwrap_or(t("（无）", "(none)")),
        r.evidence.config.hash
    )?;
    writeln!(
        w,
        "- {}",
        match lang {
            Lang::Zh => format!("{} 个文件及其 BLAKE3 哈希见 report.json / report.html", thousands(tot.files)),
            Lang::En => format!("{} files with BLAKE3 hashes: see report.json / report.html", thousands(tot.files)),
        }
    )?;
    Ok(())
}

fn groups(w: &mut dyn Write, title: &str, gs: &[Group], lang: Lang) -> io::Result<()> {
    let t = |zh: &'static str, en: &'static str| lang.pick(zh, en);
    writeln!(w, "\n## {title}\n")?;
    writeln!(
        w,
        "| {} | {} | {} | {} | {} |\n|---|---:|---:|---:|---:|",
        t("名称", "Name"),
        t("问题数", "Findings"),
        t("涉及文章", "Articles"),
        t("违规率（≥ 错误）", "Rate (≥ error)"),
        t("违规率（≥ 警告）", "Rate (≥ warning)")
    )?;
    for g in gs.iter().take(ROWS) {
        writeln!(
            w,
            "| {} | {} | {} | {} | {} |",
            md(&g.name),
            thousands(g.findings_total),
            thousands(g.articles.info),
            percent(g.violation_rate.error),
            percent(g.violation_rate.warning)
        )?;
    }
    more(w, gs.len(), lang)
}

fn more(w: &mut dyn Write, n: usize, lang: Lang) -> io::Result<()> {
    if n > ROWS {
        let rest = n - ROWS;
        match lang {
            Lang::Zh => writeln!(w, "\n另有 {rest} 行见 report.json。")?,
            Lang::En => writeln!(w, "\n{rest} more rows in report.json.")?,
        }
    }
    Ok(())
}
