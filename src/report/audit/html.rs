//! `report.html`: one self-contained page (inline CSS and SVG, no scripts, no external
//! resources) that opens offline and prints to PDF; Chinese by default.

use std::fmt::Write as _;
use std::io::{self, Write};

use crate::model::{Lang, Severity};

use super::schema::{AuditReport, BySeverity, Group, Rates};
use super::svg::{self, HBar, VBar};
use super::{date_sources_text, percent, severity_name, thousands};

const CSS: &str = include_str!("report.css");

/// Rows drawn per chart.
const CHART_ROWS: usize = 15;

/// Escapes text for HTML content and quoted attributes.
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            // Control characters other than tab and line ends are not allowed in HTML text.
            c if c.is_control() && !matches!(c, '\t' | '\n' | '\r') => out.push('\u{fffd}'),
            c => out.push(c),
        }
    }
    out
}

fn sev_class(s: Severity) -> &'static str {
    match s {
        Severity::Error => "e",
        Severity::Warning => "w",
        Severity::Info => "i",
    }
}

/// The page as a string.
pub fn render(r: &AuditReport, lang: Lang) -> String {
    let mut out = Vec::new();
    write(&mut out, r, lang).expect("writing to memory does not fail");
    String::from_utf8(out).expect("the page is UTF-8")
}

/// Writes the page; the list of files (one row per file of the archive) is streamed rather than
/// built in memory with the rest.
pub fn write(w: &mut dyn Write, r: &AuditReport, lang: Lang) -> io::Result<()> {
    let (head, tail) = parts(r, lang);
    w.write_all(head.as_bytes())?;
    let mut buf = String::new();
    for chunk in r.evidence.files.chunks(1024) {
        buf.clear();
        file_rows(&mut buf, chunk, lang);
        w.write_all(buf.as_bytes())?;
    }
    w.write_all(tail.as_bytes())
}

/// The page before and after the rows of the file list.
fn parts(r: &AuditReport, lang: Lang) -> (String, String) {
    let t = |zh: &'static str, en: &'static str| lang.pick(zh, en);
    let tot = &r.totals;
    let mut h = String::with_capacity(64 * 1024 + r.evidence.files.len() * 200);
    let title = t("hegui 合规审计报告", "hegui compliance audit");
    let _ = write!(
        h,
        "<!DOCTYPE html>\n<html lang=\"{}\"><head><meta charset=\"utf-8\"/><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/><meta name=\"generator\" content=\"hegui {}\"/><title>{title}</title><style>{CSS}</style></head><body><main>",
        t("zh-CN", "en"),
        esc(&r.evidence.hegui_version)
    );
    let _ = write!(
        h,
        "<h1>{title}</h1><p class=\"meta\">{} {} → {} · hegui {}</p>",
        t("扫描时间", "Run"),
        esc(&r.evidence.started_at),
        esc(&r.evidence.finished_at),
        esc(&r.evidence.hegui_version)
    );

    // Headline numbers.
    h.push_str("<section class=\"cards\" id=\"headline\">");
    let card = |h: &mut String, class: &str, k: &str, v: String, s: String| {
        let _ = write!(
            h,
            "<div class=\"card {class}\"><div class=\"k\">{}</div><div class=\"v\">{}</div><div class=\"s\">{}</div></div>",
            esc(k),
            esc(&v),
            esc(&s)
        );
    };
    let skipped = match lang {
        Lang::Zh => format!("跳过 {} · 失败 {}", tot.skipped, tot.failed),
        Lang::En => format!("{} skipped · {} failed", tot.skipped, tot.failed),
    };
    card(&mut h, "", t("扫描文章", "Articles scanned"), thousands(tot.articles), skipped);
    let of = |n: u64| match lang {
        Lang::Zh => format!("{} 篇文章", thousands(n)),
        Lang::En => format!("{} articles", thousands(n)),
    };
    card(
        &mut h,
        if tot.articles_with_findings.error > 0 { "alert" } else { "" },
        t("违规率（≥ 错误）", "Violation rate (≥ error)"),
        percent(tot.violation_rate.error),
        of(tot.articles_with_findings.error),
    );
    card(
        &mut h,
        "",
        t("违规率（≥ 警告）", "Violation rate (≥ warning)"),
        percent(tot.violation_rate.warning),
        of(tot.articles_with_findings.warning),
    );
    card(
        &mut h,
        "",
        t("每万字问题数", "Findings per 10,000 chars"),
        format!("{:.2}", tot.findings_per_10k_chars),
        match lang {
            Lang::Zh => format!("共 {} 字", thousands(tot.chars)),
            Lang::En => format!("{} characters", thousands(tot.chars)),
        },
    );
    card(
        &mut h,
        "",
        t("问题总数", "Findings"),
        thousands(tot.findings_total),
        format!(
            "{} {} · {} {} · {} {}",
            severity_name(Severity::Error, lang),
            thousands(tot.findings.error),
            severity_name(Severity::Warning, lang),
            thousands(tot.findings.warning),
            severity_name(Severity::Info, lang),
            thousands(tot.findings.info)
        ),
    );
    h.push_str("</section>");
    let _ = write!(
        h,
        "<p class=\"note\">{}</p>",
        t(
            "违规率 = 含至少一个该级别或更高级别问题的文章数 ÷ 扫描文章数。字数不含空白。",
            "Violation rate = articles with at least one finding at or above the level ÷ articles scanned. Characters exclude whitespace."
        )
    );

    let rate_legend = legend(&[("e", t("≥ 错误", "≥ error")), ("w", t("警告", "warning")), ("i", t("提示", "info"))]);
    let rate_bar = |name: &str, a: &BySeverity, rates: &Rates, findings: u64| HBar {
        label: name.to_owned(),
        value: match lang {
            Lang::Zh => format!(
                "{} / {} · {} 篇 · {} 个问题",
                percent(rates.error),
                percent(rates.warning),
                thousands(a.info),
                thousands(findings)
            ),
            Lang::En => format!(
                "{} / {} · {} articles · {} findings",
                percent(rates.error),
                percent(rates.warning),
                thousands(a.info),
                thousands(findings)
            ),
        },
        segments: vec![(rates.error, "e"), (rates.warning - rates.error, "w"), (rates.info - rates.warning, "i")],
    };
    let group_section = |h: &mut String, id: &str, title: &str, gs: &[Group]| {
        let _ = write!(h, "<section id=\"{id}\"><div class=\"fig\"><h2>{}</h2>", esc(title));
        if gs.is_empty() {
            let _ = write!(h, "<p class=\"note\">{}</p></div></section>", t("没有发现问题。", "No findings."));
            return;
        }
        let _ = write!(
            h,
            "<p class=\"note\">{}</p>{rate_legend}",
            t(
                "条形长度为违规率；名称后依次为 ≥错误 / ≥警告 违规率、涉及文章数和问题数。",
                "Bar length is the violation rate; after each name: rate at ≥ error / ≥ warning, articles and findings."
            )
        );
        let rows: Vec<HBar> = gs
            .iter()
            .take(CHART_ROWS)
            .map(|g| rate_bar(&g.name, &g.articles, &g.violation_rate, g.findings_total))
            .collect();
        h.push_str(&svg::hbars(title, &rows));
        h.push_str("</div>");
        group_table(h, gs, lang);
        h.push_str("</section>");
    };
    group_section(&mut h, "categories", t("按类别", "By category"), &r.by_category);
    group_section(&mut h, "labels", t("按 msgSecCheck 标签", "By msgSecCheck label"), &r.by_label);

    // Rules: findings by severity.
    let _ = write!(h, "<section id=\"rules\"><div class=\"fig\"><h2>{}</h2>", t("按规则", "By rule"));
    if r.by_rule.is_empty() {
        let _ = write!(h, "<p class=\"note\">{}</p></div>", t("没有发现问题。", "No findings."));
    } else {
        h.push_str(&legend(&[
            ("e", severity_name(Severity::Error, lang)),
            ("w", severity_name(Severity::Warning, lang)),
            ("i", severity_name(Severity::Info, lang)),
        ]));
        let rows: Vec<HBar> = r
            .by_rule
            .iter()
            .take(CHART_ROWS)
            .map(|g| HBar {
                label: format!("{} {}", g.rule, shorten(super::names::first_sentence(&g.description), 14)),
                value: match lang {
                    Lang::Zh => format!("{} 个 · {} 篇", thousands(g.findings_total), thousands(g.articles.info)),
                    Lang::En => {
                        format!("{} findings · {} articles", thousands(g.findings_total), thousands(g.articles.info))
                    }
                },
                segments: vec![
                    (g.findings.error as f64, "e"),
                    (g.findings.warning as f64, "w"),
                    (g.findings.info as f64, "i"),
                ],
            })
            .collect();
        h.push_str(&svg::hbars(t("按规则的问题数", "Findings by rule"), &rows));
        h.push_str("</div>");
        let _ = write!(
            h,
            "<div class=\"scroll\"><table><thead><tr><th>{}</th><th>{}</th><th>{}</th><th class=\"n\">{}</th><th class=\"n\">{}</th><th class=\"n\">{}</th><th class=\"n\">{}</th></tr></thead><tbody>",
            t("规则", "Rule"),
            t("说明", "Description"),
            t("依据", "Reference"),
            t("错误/警告/提示", "E / W / I"),
            t("涉及文章", "Articles"),
            t("违规率 ≥错误", "Rate ≥ error"),
            t("违规率 ≥警告", "Rate ≥ warning")
        );
        for g in &r.by_rule {
            let _ = write!(
                h,
                "<tr><td><code>{}</code></td><td>{}</td><td>{}</td><td class=\"n\">{} / {} / {}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>",
                esc(&g.rule),
                esc(&g.description),
                esc(g.reference.as_deref().unwrap_or("")),
                thousands(g.findings.error),
                thousands(g.findings.warning),
                thousands(g.findings.info),
                thousands(g.articles.info),
                percent(g.violation_rate.error),
                percent(g.violation_rate.warning)
            );
        }
        h.push_str("</tbody></table></div>");
    }
    h.push_str("</section>");

    trend(&mut h, r, lang);
    worst(&mut h, r, lang);
    terms(&mut h, r, lang);
    duplicates(&mut h, r, lang);
    evidence(&mut h, r, lang);
    let mut tail = String::from("</tbody></table></div></details>");
    // A printed report shows the list folded: say where the full list is.
    let _ = write!(
        tail,
        "<p class=\"note print-only\">{}</p></section>",
        t(
            "文件清单在打印件中折叠；完整清单（路径、状态、字节、BLAKE3）见同目录的 report.json（evidence.files）。",
            "The file list is folded in print; the full list (path, status, bytes, BLAKE3) is in report.json (evidence.files) next to this file."
        )
    );
    let _ = writeln!(
        tail,
        "<footer>{}</footer></main></body></html>",
        t(
            "本报告由 hegui 离线生成，仅供合规自查参考，不构成法律意见。",
            "Generated offline by hegui for self-review; not legal advice."
        )
    );
    (h, tail)
}

fn legend(items: &[(&str, &str)]) -> String {
    let mut s = String::from("<div class=\"legend\">");
    for (class, name) in items {
        let _ = write!(s, "<i class=\"{class}\"></i>{}", esc(name));
    }
    s.push_str("</div>");
    s
}

/// At most `n` characters of `s`, with an ellipsis when cut.
fn shorten(s: &str, n: usize) -> String {
    if s.chars().count() <= n { s.to_owned() } else { s.chars().take(n).chain(['…']).collect() }
}

fn group_table(h: &mut String, gs: &[Group], lang: Lang) {
    let t = |zh: &'static str, en: &'static str| lang.pick(zh, en);
    let _ = write!(
        h,
        "<div class=\"scroll\"><table><thead><tr><th>{}</th><th class=\"n\">{}</th><th class=\"n\">{}</th><th class=\"n\">{}</th><th class=\"n\">{}</th><th class=\"n\">{}</th></tr></thead><tbody>",
        t("名称", "Name"),
        t("错误/警告/提示", "E / W / I"),
        t("涉及文章", "Articles"),
        t("违规率 ≥错误", "Rate ≥ error"),
        t("违规率 ≥警告", "Rate ≥ warning"),
        t("违规率 ≥提示", "Rate ≥ info")
    );
    for g in gs {
        let _ = write!(
            h,
            "<tr><td>{}</td><td class=\"n\">{} / {} / {}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>",
            esc(&g.name),
            thousands(g.findings.error),
            thousands(g.findings.warning),
            thousands(g.findings.info),
            thousands(g.articles.info),
            percent(g.violation_rate.error),
            percent(g.violation_rate.warning),
            percent(g.violation_rate.info)
        );
    }
    h.push_str("</tbody></table></div>");
}

fn trend(h: &mut String, r: &AuditReport, lang: Lang) {
    let t = |zh: &'static str, en: &'static str| lang.pick(zh, en);
    let months = &r.trend.months;
    let _ = write!(h, "<section id=\"trend\"><h2>{}</h2>", t("按月趋势", "Trend by month"));
    let _ = write!(
        h,
        "<p class=\"note\">{}{}</p>",
        t("日期来源：", "Dates from: "),
        esc(&date_sources_text(&r.trend.sources, lang))
    );
    if months.is_empty() {
        h.push_str("</section>");
        return;
    }
    h.push_str(&legend(&[("e", t("违规率 ≥错误", "rate ≥ error")), ("w", t("≥警告", "≥ warning"))]));
    let cols: Vec<VBar> = months
        .iter()
        .map(|m| VBar {
            label: m.month.clone(),
            tip: match lang {
                Lang::Zh => format!(
                    "{}：{} 篇，违规率 {} / {}",
                    m.month,
                    m.articles,
                    percent(m.violation_rate.error),
                    percent(m.violation_rate.warning)
                ),
                Lang::En => format!(
                    "{}: {} articles, rate {} / {}",
                    m.month,
                    m.articles,
                    percent(m.violation_rate.error),
                    percent(m.violation_rate.warning)
                ),
            },
            segments: vec![(m.violation_rate.error, "e"), (m.violation_rate.warning - m.violation_rate.error, "w")],
        })
        .collect();
    let max = months.iter().map(|m| m.violation_rate.warning).fold(0.0_f64, f64::max);
    let top = match lang {
        Lang::Zh => format!("最高 {}", percent(max)),
        Lang::En => format!("max {}", percent(max)),
    };
    h.push_str(&svg::vbars(t("每月违规率", "Violation rate by month"), Some(&top), &cols));
    let _ = write!(
        h,
        "<div class=\"scroll\"><table><thead><tr><th>{}</th><th class=\"n\">{}</th><th class=\"n\">{}</th><th class=\"n\">{}</th><th class=\"n\">{}</th><th class=\"n\">{}</th></tr></thead><tbody>",
        t("月份", "Month"),
        t("文章", "Articles"),
        t("错误/警告/提示", "E / W / I"),
        t("每万字", "Per 10k chars"),
        t("违规率 ≥错误", "Rate ≥ error"),
        t("违规率 ≥警告", "Rate ≥ warning")
    );
    for m in months.iter().rev() {
        let per = if m.chars == 0 { 0.0 } else { m.findings.total() as f64 * 10_000.0 / m.chars as f64 };
        let _ = write!(
            h,
            "<tr><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{} / {} / {}</td><td class=\"n\">{per:.2}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>",
            esc(&m.month),
            thousands(m.articles),
            thousands(m.findings.error),
            thousands(m.findings.warning),
            thousands(m.findings.info),
            percent(m.violation_rate.error),
            percent(m.violation_rate.warning)
        );
    }
    h.push_str("</tbody></table></div></section>");
}

fn worst(h: &mut String, r: &AuditReport, lang: Lang) {
    let t = |zh: &'static str, en: &'static str| lang.pick(zh, en);
    let _ = write!(h, "<section id=\"worst\"><h2>{}</h2>", t("问题最多的文章", "Worst articles"));
    if r.worst_articles.is_empty() {
        let _ = write!(h, "<p class=\"note\">{}</p>", t("没有发现问题。", "No findings."));
    }
    for (i, a) in r.worst_articles.iter().enumerate() {
        let _ = write!(
            h,
            "<article class=\"article\"><header><h3>{}. <span class=\"path\">{}</span></h3><span>",
            i + 1,
            esc(&a.path)
        );
        for s in [Severity::Error, Severity::Warning, Severity::Info] {
            if a.findings.get(s) > 0 {
                let _ = write!(
                    h,
                    "<span class=\"badge {}\">{} {}</span> ",
                    sev_class(s),
                    severity_name(s, lang),
                    a.findings.get(s)
                );
            }
        }
        let _ = write!(
            h,
            "<span class=\"meta\">{}</span></span></header><ol>",
            match lang {
                Lang::Zh => format!("{} 字", thousands(a.chars)),
                Lang::En => format!("{} chars", thousands(a.chars)),
            }
        );
        let markup = is_html_path(&a.path);
        for f in &a.top_findings {
            let (before, after) =
                if markup { strip_markup(&f.before, &f.after) } else { (f.before.clone(), f.after.clone()) };
            let _ = write!(
                h,
                "<li><span class=\"badge {}\">{}</span> <code>{}</code> <span class=\"meta\">{}:{}</span> {}<span class=\"snip\">{}<mark>{}</mark>{}</span></li>",
                sev_class(f.severity),
                severity_name(f.severity, lang),
                esc(&f.rule),
                f.line,
                f.column,
                esc(&f.message),
                esc(&before),
                esc(&f.matched),
                esc(&after)
            );
        }
        h.push_str("</ol></article>");
    }
    h.push_str("</section>");
}

fn terms(h: &mut String, r: &AuditReport, lang: Lang) {
    let t = |zh: &'static str, en: &'static str| lang.pick(zh, en);
    if r.top_terms.is_empty() {
        return;
    }
    let _ = write!(
        h,
        "<section id=\"terms\"><h2>{}</h2><p class=\"note\">{}</p>",
        t("最常命中的词", "Top matched terms"),
        t(
            "仅统计词表规则；手机号、身份证号等个人信息不列入报告。",
            "Word-list rules only; personal data such as phone numbers is never listed."
        )
    );
    let rows: Vec<HBar> = r
        .top_terms
        .iter()
        .take(CHART_ROWS)
        .map(|c| HBar {
            label: format!("{} · {}", c.term, c.rule),
            value: match lang {
                Lang::Zh => format!("{} 次 · {} 篇", thousands(c.findings), thousands(c.articles)),
                Lang::En => format!("{} × · {} articles", thousands(c.findings), thousands(c.articles)),
            },
            segments: vec![(c.findings as f64, "i")],
        })
        .collect();
    h.push_str(&svg::hbars(t("最常命中的词", "Top matched terms"), &rows));
    h.push_str("</section>");
}

fn duplicates(h: &mut String, r: &AuditReport, lang: Lang) {
    let t = |zh: &'static str, en: &'static str| lang.pick(zh, en);
    let Some(d) = &r.duplicates else { return };
    let _ = write!(h, "<section id=\"duplicates\"><h2>{}</h2>", t("重复内容", "Duplicate content"));
    if let Some(clusters) = &d.clusters {
        archive_clusters(h, clusters, lang);
    }
    if d.clusters.is_none() || d.articles > 0 {
        let _ = write!(
            h,
            "<h3>{}</h3><p class=\"note\">{}{}</p>",
            t("与语料库重复", "Copied from the corpus"),
            t("含重复段落的文章：", "Articles with copied passages: "),
            thousands(d.articles)
        );
    }
    if !d.pairs.is_empty() {
        let _ = write!(
            h,
            "<div class=\"scroll\"><table><thead><tr><th>{}</th><th>{}</th><th class=\"n\">{}</th><th class=\"n\">{}</th><th class=\"n\">{}</th></tr></thead><tbody>",
            t("文章", "Article"),
            t("来源", "Source"),
            t("覆盖率", "Coverage"),
            t("相似度", "Similarity"),
            t("段落", "Passages")
        );
        for p in &d.pairs {
            let _ = write!(
                h,
                "<tr><td class=\"path\">{}</td><td class=\"path\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}%</td><td class=\"n\">{}</td></tr>",
                esc(&p.path),
                esc(&p.source),
                percent(p.coverage),
                p.similarity,
                p.passages
            );
        }
        h.push_str("</tbody></table></div>");
    }
    h.push_str("</section>");
}

fn archive_clusters(h: &mut String, clusters: &[super::schema::Cluster], lang: Lang) {
    let t = |zh: &'static str, en: &'static str| lang.pick(zh, en);
    let _ = write!(
        h,
        "<h3>{}</h3><p class=\"note\">{}</p>",
        t("文章之间的重复", "Near-duplicates among the articles"),
        esc(&match lang {
            Lang::Zh => format!(
                "{} 个重复簇，共 {} 篇文章。覆盖率为共享段落占各自全文的比例。",
                clusters.len(),
                clusters.iter().map(|c| c.articles.len()).sum::<usize>()
            ),
            Lang::En => format!(
                "{} clusters, {} articles. Coverage is the share of each article in shared passages.",
                clusters.len(),
                clusters.iter().map(|c| c.articles.len()).sum::<usize>()
            ),
        })
    );
    for (i, c) in clusters.iter().take(20).enumerate() {
        let _ = write!(
            h,
            "<div class=\"scroll\"><table class=\"cluster\"><caption>{}</caption><thead><tr><th>A</th><th>B</th><th class=\"n\">{}</th><th class=\"n\">{}</th><th class=\"n\">{}</th></tr></thead><tbody>",
            esc(&match lang {
                Lang::Zh => format!("重复簇 {}（{} 篇）", i + 1, c.articles.len()),
                Lang::En => format!("Cluster {} ({} articles)", i + 1, c.articles.len()),
            }),
            t("覆盖率 A / B", "Coverage A / B"),
            t("相似度", "Similarity"),
            t("段落", "Passages")
        );
        for p in &c.pairs {
            let _ = write!(
                h,
                "<tr><td class=\"path\">{}</td><td class=\"path\">{}</td><td class=\"n\">{} / {}</td><td class=\"n\">{}%</td><td class=\"n\">{}</td></tr>",
                esc(&p.a),
                esc(&p.b),
                percent(p.coverage_a),
                percent(p.coverage_b),
                p.similarity,
                p.passages
            );
        }
        h.push_str("</tbody></table></div>");
    }
}

fn evidence(h: &mut String, r: &AuditReport, lang: Lang) {
    let t = |zh: &'static str, en: &'static str| lang.pick(zh, en);
    let ev = &r.evidence;
    let _ = write!(
        h,
        "<section id=\"evidence\"><h2>{}</h2><dl class=\"ev\"><dt>{}</dt><dd>{}</dd><dt>{}</dt><dd>{}</dd><dt>{}</dt><dd>{}</dd><dt>{}</dt><dd>{}</dd><dt>{}</dt><dd class=\"mono hash\">{}</dd><dt>{}</dt><dd>{}</dd></dl>",
        t("证据", "Evidence"),
        t("hegui 版本", "hegui version"),
        esc(&ev.hegui_version),
        t("开始时间", "Started"),
        esc(&ev.started_at),
        t("结束时间", "Finished"),
        esc(&ev.finished_at),
        t("配置文件", "Config file"),
        esc(ev.config.path.as_deref().unwrap_or(t("（无）", "(none)"))),
        t("配置哈希", "Config hash"),
        esc(&ev.config.hash),
        t("命令行选项", "Options"),
        esc(&if ev.config.options.is_empty() {
            t("（无）", "(none)").to_owned()
        } else {
            ev.config.options.join(" ")
        })
    );
    let _ = write!(
        h,
        "<h3>{}</h3><div class=\"scroll\"><table id=\"packs\"><colgroup><col class=\"a\"/><col class=\"b\"/><col class=\"c\"/><col class=\"d\"/></colgroup><thead><tr><th>{}</th><th>{}</th><th class=\"n\">{}</th><th>BLAKE3</th></tr></thead><tbody>",
        t("规则包", "Rule packs"),
        t("规则包", "Pack"),
        t("来源", "Origin"),
        t("规则数", "Rules")
    );
    for p in &ev.packs {
        let _ = write!(
            h,
            "<tr><td><code>{}</code></td><td class=\"path\">{}</td><td class=\"n\">{}</td><td class=\"mono hash\">{}</td></tr>",
            esc(&p.id),
            esc(&p.origin),
            p.rules,
            esc(&p.hash)
        );
    }
    h.push_str("</tbody></table></div>");
    let _ = write!(
        h,
        "<details><summary>{}</summary><div class=\"scroll\"><table id=\"files\"><colgroup><col class=\"a\"/><col class=\"b\"/><col class=\"c\"/><col class=\"d\"/></colgroup><thead><tr><th>{}</th><th>{}</th><th class=\"n\">{}</th><th>BLAKE3</th></tr></thead><tbody>",
        esc(&match lang {
            Lang::Zh => format!("扫描的文件（{} 个，含内容哈希）", thousands(ev.files.len() as u64)),
            Lang::En => format!("Files scanned ({}, with content hashes)", thousands(ev.files.len() as u64)),
        }),
        t("文件", "File"),
        t("状态", "Status"),
        t("字节", "Bytes")
    );
}

/// Whether `path` names an HTML file (its snippets are source lines full of tags).
fn is_html_path(path: &str) -> bool {
    let lower = path.to_ascii_lowercase();
    lower.ends_with(".html") || lower.ends_with(".htm")
}

/// The text around a finding in an HTML source line, for a reader: tags dropped, with the pieces
/// of tags cut at the fragments' outer edges and, when the match sits inside a tag (an `alt`
/// text), the rest of that tag; the common entities decoded.
fn strip_markup(before: &str, after: &str) -> (String, String) {
    let cut_start = |s: &str| s.find('>').filter(|&g| !s[..g].contains('<')).map_or(0, |g| g + 1);
    let before = &before[cut_start(before)..];
    // The match is inside a tag when `before` ends in one that is still open.
    let in_tag = before.rfind('<').is_some_and(|lt| !before[lt..].contains('>'));
    let after = if in_tag { &after[cut_start(after)..] } else { after };
    (text_of(before), text_of(after))
}

/// `s` without its tags (a tag left open at the end is dropped too), entities decoded.
fn text_of(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(lt) = rest.find('<') {
        out.push_str(&rest[..lt]);
        rest = rest[lt..].find('>').map_or("", |gt| &rest[lt + gt + 1..]);
    }
    out.push_str(rest);
    out.replace("&nbsp;", " ")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

/// Rows of the file list.
fn file_rows(h: &mut String, files: &[super::schema::FileEvidence], lang: Lang) {
    for f in files {
        let status = match (f.status, lang) {
            ("scanned", Lang::Zh) => "已扫描",
            ("skipped", Lang::Zh) => "已跳过",
            ("error", Lang::Zh) => "失败",
            (s, _) => s,
        };
        let status = match &f.problem {
            Some(p) => format!("{status}：{p}"),
            None => status.to_owned(),
        };
        let _ = write!(
            h,
            "<tr><td class=\"path\">{}</td><td>{}</td><td class=\"n\">{}</td><td class=\"mono hash\">{}</td></tr>",
            esc(&f.path),
            esc(&status),
            f.bytes,
            esc(f.hash.as_deref().unwrap_or("—"))
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_snippets_lose_their_tags() {
        assert_eq!(
            strip_markup("n><p>重磅：开业了。</p><p>咨询电话：", "，欢迎来电。</p></section></body></h"),
            ("重磅：开业了。咨询电话：".to_owned(), "，欢迎来电。".to_owned())
        );
        // Inside an attribute: the rest of the tag is not text.
        assert_eq!(
            strip_markup("<p>图：<img alt=\"", "的产品\" src=\"a.png\">说明&amp;注释</p>"),
            ("图：".to_owned(), "说明&注释".to_owned())
        );
        assert_eq!(strip_markup("a &lt; b，", " c > d"), ("a < b，".to_owned(), " c > d".to_owned()));
        assert!(is_html_path("x/A.HTM") && !is_html_path("a.md"));
    }
}
