//! `hegui wordlist import`: a plain list turned into a rule pack.

use std::io::{self, Write};

use anyhow::Context as _;

use hegui::detect::wordlist;
use hegui::model::{Lang, Problem};
use hegui::report::problem_text;
use hegui::source::{self, EncodingChoice, SourceError};

use crate::args::ImportArgs;
use crate::{CliError, CmdResult, Outcome};

/// `hegui wordlist import`.
pub(crate) fn import(args: ImportArgs, lang: Lang) -> CmdResult {
    let ImportArgs { file, category, severity, id_prefix, label, name, output } = args;
    let (file, category, id_prefix) = (file.as_path(), category.as_str(), id_prefix.as_str());
    let shown = file.display().to_string();
    if hegui::detect::pack::check_id_and_category(&shown, &format!("{id_prefix}1"), category).is_err() {
        return Err(CliError::usage(lang.pick(
            "--id-prefix 须为大写字母，--category 须为小写 ASCII（如 politics）",
            "--id-prefix must be upper-case letters and --category lower-case ASCII (e.g. politics)",
        )));
    }
    let bytes = match std::fs::read(file) {
        Ok(b) => b,
        Err(e) => return Err(CliError::path(&shown, problem_text(&Problem::from(&e), lang))),
    };
    let text = match source::decode::decode(&bytes, EncodingChoice::Auto) {
        Ok(d) => d.text,
        Err(e) => return Err(CliError::path(&shown, problem_text(&Problem::from(&SourceError::Decode(e)), lang))),
    };
    let list = wordlist::parse(&text);
    for b in &list.bad {
        eprintln!("hegui: {}{shown}:{}: {}", lang.pick("跳过坏行：", "skipped bad line: "), b.line, b.reason);
    }
    if list.terms.is_empty() {
        return Err(CliError::path(&shown, lang.pick("没有可用的词条", "no usable terms")));
    }
    // Group by the category column where it is a valid name; others use --category.
    let valid = |c: &str| hegui::detect::pack::check_id_and_category("", "X1", c).is_ok();
    let mut groups: Vec<(String, Vec<String>)> = Vec::new();
    for t in &list.terms {
        let cat = t.category.as_deref().filter(|c| valid(c)).unwrap_or(category).to_owned();
        match groups.iter_mut().find(|(c, _)| *c == cat) {
            Some((_, v)) => v.push(t.term.clone()),
            None => groups.push((cat, vec![t.term.clone()])),
        }
    }
    let stem = file.file_stem().and_then(|s| s.to_str()).unwrap_or("imported");
    let pack_name: String = name.unwrap_or_else(|| {
        let n: String =
            stem.chars().map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_lowercase() } else { '-' }).collect();
        if n.trim_matches('-').is_empty() { "imported".into() } else { n }
    });
    let q = |s: &str| toml::Value::String(s.to_owned()).to_string();
    let mut toml_out = format!(
        "# Imported by `hegui wordlist import` from {} ({} terms, {} duplicates dropped, {} bad lines skipped).\n[pack]\nname = {}\nsource = {}\n",
        shown,
        list.terms.len(),
        list.duplicates,
        list.bad.len(),
        q(&pack_name),
        q(&format!("imported from {shown}; check its licence before shipping")),
    );
    for (i, (cat, terms)) in groups.iter().enumerate() {
        let quoted: Vec<String> = terms.iter().map(|t| q(t)).collect();
        let examples: Vec<String> = terms.iter().take(3).map(|t| q(t)).collect();
        toml_out.push_str(&format!(
            "\n[[rules]]\nid = {}\nname = {}\ncategory = {}\nseverity = {}\n{}message = {}\nmessage_en = {}\nterms = [{}]\n[rules.examples]\nhit = [{}]\n",
            q(&format!("{id_prefix}{:03}", i + 1)),
            q(&format!("{pack_name}-{cat}")),
            q(cat),
            q(severity.as_str()),
            label.map(|l| format!("label = {l}\n")).unwrap_or_default(),
            q("出现词表中的词「{term}」"),
            q("Listed term \"{term}\""),
            quoted.join(", "),
            examples.join(", "),
        ));
    }
    // The pack must load: the same checks as any pack.
    if let Err(e) = hegui::detect::pack::load_str(&shown, &toml_out) {
        return Err(CliError::failed(e.to_string()));
    }
    match output {
        Some(p) => std::fs::write(&p, &toml_out).with_context(|| format!("writing {}", p.display()))?,
        None => io::stdout().lock().write_all(toml_out.as_bytes())?,
    }
    eprintln!(
        "hegui: {}",
        match lang {
            Lang::Zh => format!(
                "导入 {} 个词条（{} 条规则），去重 {} 个，跳过坏行 {} 行",
                list.terms.len(),
                groups.len(),
                list.duplicates,
                list.bad.len()
            ),
            Lang::En => format!(
                "imported {} terms ({} rules), {} duplicates dropped, {} bad lines skipped",
                list.terms.len(),
                groups.len(),
                list.duplicates,
                list.bad.len()
            ),
        }
    );
    Ok(Outcome::Clean)
}
