//! `hegui rules list|explain|test`.

use std::io::{self, Write};
use std::path::Path;

use hegui::detect::kinds::near::Side;
use hegui::detect::pack::Within;
use hegui::detect::ruleset;
use hegui::detect::{Engine, Rule};
use hegui::model::{Field, Lang};
use hegui::scan::{Scanner, SetupError};

use crate::args::{ConfigArgs, RulesCommand};
use crate::{CliError, CmdResult, Outcome};

/// The rules of the config found from the current folder, in a scanner with default source
/// options (rule examples are UTF-8 text whatever the config's encoding, and no per-file ignores
/// apply to them).
fn scanner_for(args: &ConfigArgs) -> Result<Scanner, CliError> {
    let cfg = args.load(Path::new("."))?;
    let engine = ruleset::build(&cfg, &args.packs).map_err(SetupError::from)?;
    Ok(Scanner::from_engine(engine))
}

/// Runs `hegui rules list|explain|test`.
pub(crate) fn run(cmd: RulesCommand, lang: Lang) -> CmdResult {
    match cmd {
        RulesCommand::List { config, json, stats } => {
            let started = std::time::Instant::now();
            let scanner = scanner_for(&config)?;
            let engine = scanner.engine();
            let load = started.elapsed();
            let mut out = io::stdout().lock();
            if stats {
                print_stats(&mut out, engine, load, lang)?;
            } else if json {
                let meta = engine.rule_meta(lang);
                serde_json::to_writer_pretty(&mut out, &meta)?;
                writeln!(out)?;
            } else {
                writeln!(
                    out,
                    "{:<8} {:<8} {:<10} {:>4} {}  {}",
                    lang.pick("规则", "id"),
                    lang.pick("级别", "severity"),
                    lang.pick("类别", "category"),
                    lang.pick("词数", "terms"),
                    lang.pick("名称", "name"),
                    lang.pick("依据", "reference")
                )?;
                for r in engine.rules() {
                    writeln!(
                        out,
                        "{:<8} {:<8} {:<10} {:>4} {}  {}",
                        r.id,
                        r.severity,
                        r.category,
                        r.terms.len(),
                        r.name,
                        r.reference.as_deref().unwrap_or("")
                    )?;
                }
            }
            Ok(Outcome::Clean)
        }
        RulesCommand::Explain { id, config } => {
            let scanner = scanner_for(&config)?;
            let engine = scanner.engine();
            let Some(r) = engine.rules().iter().find(|r| r.id.eq_ignore_ascii_case(&id)) else {
                return Err(CliError::usage(format!("{}`{id}`", lang.pick("没有这条规则：", "no such rule: "))));
            };
            explain(&mut io::stdout().lock(), r, lang)?;
            Ok(Outcome::Clean)
        }
        RulesCommand::Test { config } => {
            let scanner = scanner_for(&config)?;
            let engine = scanner.engine();
            let failures = test_examples(&scanner);
            let mut out = io::stdout().lock();
            let examples: usize = engine.rules().iter().map(|r| r.examples.hit.len() + r.examples.miss.len()).sum();
            for (id, kind, text) in &failures {
                let what = match (*kind, lang) {
                    ("hit", Lang::Zh) => "应命中但未命中",
                    ("hit", Lang::En) => "should hit but did not",
                    (_, Lang::Zh) => "不应命中但命中了",
                    (_, Lang::En) => "should not hit but did",
                };
                writeln!(out, "FAIL {id}: {what}: {text}")?;
            }
            // Corpus rules need an index to fire; the dedup tests cover them.
            let no_examples: Vec<&str> = engine
                .rules()
                .iter()
                .filter(|r| r.examples.hit.is_empty() && !r.kind.needs_corpus())
                .map(|r| r.id.as_str())
                .collect();
            for id in &no_examples {
                writeln!(out, "FAIL {id}: {}", lang.pick("没有 examples.hit 示例", "has no examples.hit"))?;
            }
            let failed = failures.len() + no_examples.len();
            writeln!(
                out,
                "{}",
                match lang {
                    Lang::Zh =>
                        format!("规则测试：{} 条规则，{examples} 个示例，{failed} 个失败", engine.rules().len()),
                    Lang::En =>
                        format!("rules test: {} rules, {examples} examples, {failed} failed", engine.rules().len()),
                }
            )?;
            Ok(if failed == 0 { Outcome::Clean } else { Outcome::Findings })
        }
    }
}

/// Runs every rule's examples through the full engine; returns (rule id, "hit"|"miss", text) failures.
fn test_examples(scanner: &Scanner) -> Vec<(String, &'static str, String)> {
    let engine = scanner.engine();
    let fires = |rule: &Rule, text: &str| {
        // An example is scanned in a field the rule applies to: as the body of a text file, or
        // as a Markdown title, digest, image alt text or link target.
        let one_line = text.replace('\n', " ");
        let (name, doc) = if rule.fields.contains(&Field::Body) {
            ("example.txt", text.to_owned())
        } else {
            match rule.fields.first() {
                Some(Field::Title) => ("example.md", format!("---\ntitle: {one_line}\n---\n")),
                Some(Field::Digest) => ("example.md", format!("---\ndigest: {one_line}\n---\n")),
                Some(Field::Author) => ("example.md", format!("---\nauthor: {one_line}\n---\n")),
                Some(Field::Alt) => ("example.md", format!("![{one_line}](a.png)\n")),
                Some(Field::Link) => ("example.md", format!("[link]({one_line})\n")),
                _ => ("example.txt", text.to_owned()),
            }
        };
        let rep = scanner.scan_text(name, &doc);
        rep.findings.iter().any(|f| *f.rule == *rule.id)
    };
    let mut failures = Vec::new();
    for r in engine.rules() {
        for h in &r.examples.hit {
            if !fires(r, h) {
                failures.push((r.id.clone(), "hit", h.clone()));
            }
        }
        for m in &r.examples.miss {
            if fires(r, m) {
                failures.push((r.id.clone(), "miss", m.clone()));
            }
        }
    }
    failures
}

fn explain(out: &mut impl Write, r: &Rule, lang: Lang) -> io::Result<()> {
    let l = |zh, en| lang.pick(zh, en);
    writeln!(out, "{} ({})", r.id, r.name)?;
    writeln!(out, "  {}: {}", l("类别", "category"), r.category)?;
    writeln!(out, "  {}: {}", l("级别", "severity"), r.severity)?;
    writeln!(out, "  {}: {}", l("规则包", "pack"), r.pack)?;
    writeln!(out, "  {}: {}", l("定义于", "defined in"), r.origin)?;
    if let Some(refr) = &r.reference {
        writeln!(out, "  {}: {refr}", l("依据", "reference"))?;
    }
    writeln!(out, "  {}: {}", l("说明", "message"), r.message)?;
    writeln!(out, "  {}: {}", l("英文说明", "message (en)"), r.message_en)?;
    let fields: Vec<&str> = r.fields.iter().map(|f| f.as_str()).collect();
    writeln!(out, "  {}: {}", l("适用字段", "fields"), fields.join(", "))?;
    writeln!(out, "  {} ({}): {}", l("词条", "terms"), r.terms.len(), r.terms.join("、"))?;
    writeln!(out, "  {}: {}", l("匹配方式", "kind"), r.kind.name())?;
    if let Some(near) = r.kind.data::<hegui::detect::kinds::near::Near>() {
        let reach = match (near.within, lang) {
            (Within::Chars(n), Lang::Zh) => format!("{n} 个字以内"),
            (Within::Chars(n), Lang::En) => format!("within {n} characters"),
            (Within::Sentence, Lang::Zh) => "同一句内".to_owned(),
            (Within::Sentence, Lang::En) => "in the same sentence".to_owned(),
        };
        let reach = match (near.side, lang) {
            (Side::Either, _) => reach,
            (Side::After, Lang::Zh) => format!("{reach}，在词条之后"),
            (Side::After, Lang::En) => format!("{reach}, after the term"),
            (Side::Before, Lang::Zh) => format!("{reach}，在词条之前"),
            (Side::Before, Lang::En) => format!("{reach}, before the term"),
        };
        writeln!(out, "  {} ({reach}): {}", l("须同时出现", "only near"), near.near.join("、"))?;
    }
    if !r.except.is_empty() {
        writeln!(out, "  {}: {}", l("例外语境", "except"), r.except.join("、"))?;
    }
    for h in &r.examples.hit {
        writeln!(out, "  {}: {h}", l("命中示例", "hit"))?;
    }
    for m in &r.examples.miss {
        writeln!(out, "  {}: {m}", l("不命中示例", "miss"))?;
    }
    Ok(())
}

/// Peak resident memory of this process in KiB (Linux), if known.
fn peak_rss_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

fn print_stats(out: &mut impl Write, engine: &Engine, load: std::time::Duration, lang: Lang) -> io::Result<()> {
    let mut rows: std::collections::BTreeMap<(String, String), (usize, usize)> = std::collections::BTreeMap::new();
    for r in engine.rules() {
        let row = rows.entry((r.pack.clone(), r.category.clone())).or_default();
        row.0 += 1;
        row.1 += r.terms.len() + r.variants.len();
    }
    writeln!(out, "{:<10} {:<12} {:>6} {:>7}", "pack", "category", "rules", "terms")?;
    for ((pack, category), (rules, terms)) in &rows {
        writeln!(out, "{pack:<10} {category:<12} {rules:>6} {terms:>7}")?;
    }
    let (rules, terms) = rows.values().fold((0, 0), |a, b| (a.0 + b.0, a.1 + b.1));
    writeln!(out, "{:<23} {rules:>6} {terms:>7}", "total")?;
    writeln!(
        out,
        "{}: {}",
        lang.pick("自动机模式（含例外语境、拼音）", "automaton patterns (incl. except contexts, pinyin)"),
        engine.lexicon().term_count()
    )?;
    writeln!(out, "{}: {:.1} ms", lang.pick("加载时间", "load time"), load.as_secs_f64() * 1000.0)?;
    match peak_rss_kib() {
        Some(k) => writeln!(out, "{}: {:.1} MB", lang.pick("峰值内存", "peak RSS"), k as f64 / 1024.0),
        None => Ok(()),
    }
}
