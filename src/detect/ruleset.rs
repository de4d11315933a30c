//! The one place a rule set is built: bundled packs, the config's packs and word lists, extra packs
//! named on the command line, then the config's selection, severities and allow list.

use std::path::PathBuf;

use crate::config::{Config, WordlistConfig};
use crate::detect::pack::{self, DEFAULT_FIELDS, Examples, PackError, Rule};
use crate::detect::{Engine, EngineError, Selection, WarmUp, selector_matches, wordlist};
use crate::source::EncodingChoice;

/// Loads the rules `cfg` asks for, plus `extra_packs`, and builds the engine.
///
/// Errors name the file at fault: a pack, a word list (with its line), or the config file for a
/// selector that names no rule.
pub fn build(cfg: &Config, extra_packs: &[PathBuf]) -> Result<Engine, EngineError> {
    build_on(cfg, extra_packs, 1, WarmUp::None)
}

/// [`build`], loading the bundled packs on up to `threads` threads ([`pack::load_builtin_on`]),
/// the other of which goes on to build `warm` (never waited for): the same engine.
pub fn build_on(cfg: &Config, extra_packs: &[PathBuf], threads: usize, warm: WarmUp) -> Result<Engine, EngineError> {
    let mut rules = if cfg.rules.builtin {
        pack::load_builtin_on(threads, move || warm.run())?
    } else {
        if threads >= 2 && warm != WarmUp::None {
            // (If the thread cannot start, each pattern is built when first needed.)
            let _ = std::thread::Builder::new().name("hegui-warm".into()).spawn(move || warm.run());
        }
        Vec::new()
    };
    for p in &cfg.rules.packs {
        rules.extend(pack::load_file(&cfg.dir.join(p))?);
    }
    for p in extra_packs {
        rules.extend(pack::load_file(p)?);
    }
    for w in &cfg.wordlists {
        rules.push(wordlist_rule(cfg, w)?);
    }
    // Two packs of one name would be selected and ignored together by mistake.
    let mut packs: std::collections::HashMap<&str, &str> = std::collections::HashMap::new();
    for r in &rules {
        if r.pack == "config" {
            continue;
        }
        match packs.get(r.pack.as_str()) {
            Some(origin) if *origin != r.origin => {
                return Err(EngineError::Pack(PackError::new(
                    &r.origin,
                    format!("pack name `{}` is already used by {origin}; give each pack its own name", r.pack),
                )));
            }
            Some(_) => {}
            None => {
                packs.insert(&r.pack, &r.origin);
            }
        }
    }
    // Selectors are case-insensitive: `ad001` is AD001, `ADLAW` the category adlaw.
    let fix = |s: &String| {
        if rules.iter().any(|r| selector_matches(s, r)) {
            return s.clone();
        }
        [s.to_ascii_uppercase(), s.to_ascii_lowercase()]
            .into_iter()
            .find(|c| rules.iter().any(|r| selector_matches(c, r)))
            .unwrap_or_else(|| s.clone())
    };
    let sel = Selection {
        select: cfg.rules.select.iter().map(fix).collect(),
        ignore: cfg.rules.ignore.iter().map(fix).collect(),
        severity: cfg.rules.severity.iter().map(|(k, v)| (fix(k), *v)).collect(),
        replacement: cfg.rules.replacement.iter().map(|(k, v)| (fix(k), v.clone())).collect(),
        allow: cfg.rules.allow.clone(),
    };
    let names: Vec<String> = rules.iter().flat_map(|r| [r.id.clone(), r.category.clone(), r.pack.clone()]).collect();
    Engine::with_cache(rules, &sel, cfg.lexicon_cache().as_ref()).map_err(|e| match e {
        EngineError::UnknownSelector { key, selector } => {
            let hint = match suggest(&selector, &names) {
                Some(s) => format!("; did you mean `{s}`? (`hegui rules list` lists them)"),
                None => " (`hegui rules list` lists them)".to_owned(),
            };
            let what = format!("`{selector}` matches no rule id, id prefix, category or pack{hint}");
            if !matches!(key, "severity" | "replacement") && cfg.rules.from_cli.contains(&selector) {
                EngineError::Pack(PackError::new(format!("--{key}"), what))
            } else {
                EngineError::Pack(PackError::new(cfg.shown(), format!("`rules.{key}`: {what}")))
            }
        }
        other => other,
    })
}

/// The rule id, category or pack closest to `selector` (at most two edits apart, case aside).
fn suggest<'a>(selector: &str, names: &'a [String]) -> Option<&'a str> {
    let s: Vec<char> = selector.to_ascii_uppercase().chars().collect();
    let distance = |name: &str| {
        let n: Vec<char> = name.to_ascii_uppercase().chars().collect();
        let mut prev: Vec<usize> = (0..=n.len()).collect();
        for (i, a) in s.iter().enumerate() {
            let mut cur = vec![i + 1; n.len() + 1];
            for (j, b) in n.iter().enumerate() {
                cur[j + 1] = (prev[j] + usize::from(a != b)).min(prev[j + 1] + 1).min(cur[j] + 1);
            }
            prev = cur;
        }
        prev[n.len()]
    };
    names.iter().map(|n| (distance(n), n.as_str())).filter(|(d, _)| *d <= 2).min().map(|(_, n)| n)
}

/// One `[[wordlists]]` entry as a lexicon rule.
fn wordlist_rule(cfg: &Config, w: &WordlistConfig) -> Result<Rule, PackError> {
    let path = cfg.dir.join(&w.path);
    let shown = path.display().to_string();
    let bytes = std::fs::read(&path).map_err(|e| PackError::new(&shown, e.to_string()))?;
    let text = crate::source::decode::decode(&bytes, EncodingChoice::Auto)
        .map_err(|e| PackError::new(&shown, e.to_string()))?
        .text;
    drop(bytes);
    let list = wordlist::parse(&text);
    if let Some(bad) = list.bad.first() {
        let more =
            if list.bad.len() > 1 { format!(" (and {} more bad lines)", list.bad.len() - 1) } else { String::new() };
        return Err(PackError::new(format!("{shown}:{}", bad.line), format!("{}{more}", bad.reason)));
    }
    drop(text);
    let mut terms: Vec<String> = list.terms.into_iter().map(|t| t.term).collect();
    terms.shrink_to_fit();
    if terms.is_empty() {
        return Err(PackError::new(&shown, "word list has no terms"));
    }
    pack::check_id_and_category(&cfg.shown(), &w.id, &w.category)?;
    Ok(Rule {
        id: w.id.clone(),
        name: w.id.to_ascii_lowercase(),
        category: w.category.clone(),
        severity: w.severity,
        message: w.message.clone().unwrap_or_else(|| "出现词表「{term}」中的词".into()),
        message_en: w
            .message_en
            .clone()
            .or_else(|| w.message.clone())
            .unwrap_or_else(|| "Listed term \"{term}\"".into()),
        reference: w.reference.clone(),
        terms,
        variants: Vec::new(),
        except: Vec::new(),
        boundary: pack::Boundary::None,
        matching: pack::MatchOptions::default(),
        kind: pack::RuleKind::new(&crate::detect::kinds::lexicon::KIND, ()),
        label: w.label,
        supersedes: Vec::new(),
        replacement: w.replacement.clone(),
        follows_context: false,
        unless: None,
        unless_in_adverts: true,
        fields: DEFAULT_FIELDS.to_vec(),
        examples: Examples::default(),
        pack: "config".into(),
        origin: shown,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::tests::write;
    use crate::config::{FILE_NAME, load};
    use crate::model::Severity;

    #[test]
    fn wordlist_and_selection_build_an_engine() {
        let d = tempfile::tempdir().expect("tempdir");
        write(d.path(), "list.txt", "# banned\n违禁甲\n违禁乙\n");
        let p = write(
            d.path(),
            FILE_NAME,
            "[rules]\nbuiltin = false\nseverity = { USR001 = \"error\" }\n[[wordlists]]\npath = \"list.txt\"\nid = \"USR001\"\n",
        );
        let cfg = load(&p).expect("valid");
        let engine = build(&cfg, &[]).expect("engine");
        assert_eq!(engine.rules().len(), 1);
        assert_eq!(engine.rules()[0].severity, Severity::Error);
        assert_eq!(engine.detect("这里有违禁乙").len(), 1);
    }

    #[test]
    fn bad_word_list_line_is_an_error_with_file_and_line() {
        let d = tempfile::tempdir().expect("tempdir");
        write(d.path(), "list.txt", "违禁甲\n***\n");
        let p = write(
            d.path(),
            FILE_NAME,
            "[rules]\nbuiltin = false\n[[wordlists]]\npath = \"list.txt\"\nid = \"USR001\"\n",
        );
        let e = build(&load(&p).expect("parses"), &[]).expect_err("bad line");
        assert!(e.to_string().contains("list.txt:2"), "{e}");
    }

    #[test]
    fn selector_naming_no_rule_is_an_error() {
        let d = tempfile::tempdir().expect("tempdir");
        let p = write(d.path(), FILE_NAME, "[rules]\nignore = [\"ZZ999\"]\n");
        let cfg = load(&p).expect("parses");
        let e = build(&cfg, &[]).expect_err("unknown selector");
        assert!(e.to_string().contains("ZZ999"), "{e}");
        assert!(e.to_string().contains(FILE_NAME), "{e}");
    }
}
