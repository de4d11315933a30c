//! `hegui.toml`: found by walking up from the scanned path, or given with `--config`.
//!
//! ```toml
//! [rules]
//! select = ["adlaw"]            # rule ids, id prefixes, categories or pack names (default: all)
//! ignore = ["AD003"]
//! severity = { AD001 = "error" }
//! packs = ["packs/house.toml"]  # extra rule packs, relative to this file
//! allow = ["最佳拍档"]           # terms that never produce a finding
//! builtin = true                # load the bundled packs
//!
//! [[wordlists]]                 # plain lists: one term per line, `term<TAB>category`, `a|b|c`
//! path = "lists/banned.txt"
//! id = "USR001"
//! category = "custom"
//! severity = "error"
//! label = 20001                 # msgSecCheck label shown in reports
//! message = "出现禁用词「{term}」"
//!
//! [files]
//! exclude = ["archive/**"]
//! per-file-ignores = { "drafts/legacy/**" = ["AD001"] }
//! scan-code-blocks = false
//! max-file-size = 67108864
//!
//! [check]
//! fail-level = "error"
//! ```
//! Unknown keys and bad values are errors naming the file and the key.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use globset::{Glob, GlobSet, GlobSetBuilder};
use serde::Deserialize;

use crate::detect::dedup::align::MIN_PIECE;
use crate::detect::dedup::index::{MIN_CHARS, QueryOptions};
use crate::detect::pack::{self, DEFAULT_FIELDS, Examples, PackError, Rule};
use crate::detect::{Engine, EngineError, Selection};
use crate::finding::Severity;
use crate::source::EncodingChoice;

/// The name of the config file looked for.
pub const FILE_NAME: &str = "hegui.toml";

/// The whole config file.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, default, rename_all = "kebab-case")]
pub struct Config {
    /// Rule selection.
    pub rules: RulesConfig,
    /// Plain word lists.
    pub wordlists: Vec<WordlistConfig>,
    /// File selection.
    pub files: FilesConfig,
    /// Check defaults.
    pub check: CheckConfig,
    /// Duplicate-content thresholds.
    pub dedup: DedupConfig,
    /// Folder paths in the config are relative to (the config file's folder).
    #[serde(skip)]
    pub dir: PathBuf,
    /// The config file, if one was found.
    #[serde(skip)]
    pub path: Option<PathBuf>,
}

/// `[rules]`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default, rename_all = "kebab-case")]
pub struct RulesConfig {
    /// Load the bundled packs.
    pub builtin: bool,
    /// Keep only these (ids, id prefixes, categories, packs).
    pub select: Vec<String>,
    /// Drop these.
    pub ignore: Vec<String>,
    /// Severity overrides.
    pub severity: BTreeMap<String, Severity>,
    /// Extra rule packs.
    pub packs: Vec<PathBuf>,
    /// Terms that never produce a finding.
    pub allow: Vec<String>,
}

impl Default for RulesConfig {
    fn default() -> Self {
        Self {
            builtin: true,
            select: Vec::new(),
            ignore: Vec::new(),
            severity: BTreeMap::new(),
            packs: Vec::new(),
            allow: Vec::new(),
        }
    }
}

/// One `[[wordlists]]` entry: a plain list turned into one rule.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct WordlistConfig {
    /// The one-term-per-line file.
    pub path: PathBuf,
    /// Rule id for its findings.
    pub id: String,
    /// Category.
    #[serde(default = "custom")]
    pub category: String,
    /// Severity.
    #[serde(default = "warning")]
    pub severity: Severity,
    /// Chinese message (`{term}` is the matched term).
    #[serde(default)]
    pub message: Option<String>,
    /// English message.
    #[serde(default)]
    pub message_en: Option<String>,
    /// Reference.
    #[serde(default)]
    pub reference: Option<String>,
    /// msgSecCheck label code (e.g. 20001 时政).
    #[serde(default)]
    pub label: Option<u32>,
}

fn custom() -> String {
    "custom".into()
}
fn warning() -> Severity {
    Severity::Warning
}

/// `[files]`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, default, rename_all = "kebab-case")]
pub struct FilesConfig {
    /// Glob patterns (relative to the config folder) of files not to scan.
    pub exclude: Vec<String>,
    /// Rules to ignore in files matching a glob.
    pub per_file_ignores: BTreeMap<String, Vec<String>>,
    /// Scan Markdown code blocks.
    pub scan_code_blocks: bool,
    /// Refuse files larger than this many bytes.
    pub max_file_size: Option<u64>,
}

/// `[check]`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, default, rename_all = "kebab-case")]
pub struct CheckConfig {
    /// Lowest severity that makes the exit code 1.
    pub fail_level: Option<Severity>,
    /// Forced input encoding.
    pub encoding: Option<EncodingChoice>,
}

/// `[dedup]`: duplicate-content (DUP001/DUP002) thresholds.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default, rename_all = "kebab-case")]
pub struct DedupConfig {
    /// Corpus index used when `--corpus` is not given (relative to the config file).
    pub corpus: Option<PathBuf>,
    /// Shortest reported stretch of shared text, in normalized characters (at least 13).
    pub min_chars: usize,
    /// Fingerprints in more documents than this are boilerplate (default: 5 or 1% of the corpus).
    pub max_doc_frequency: Option<usize>,
    /// Documents covering less of a draft than this share (0–1) are not reported.
    pub min_coverage: f64,
    /// Look for rewritten passages (synonym and homophone swaps) too.
    pub rewrites: bool,
}

impl Default for DedupConfig {
    fn default() -> Self {
        Self { corpus: None, min_chars: MIN_CHARS, max_doc_frequency: None, min_coverage: 0.0, rewrites: true }
    }
}

impl DedupConfig {
    /// The query options these settings stand for.
    pub fn query_options(&self) -> QueryOptions {
        QueryOptions {
            min_chars: self.min_chars,
            max_doc_frequency: self.max_doc_frequency,
            min_coverage: self.min_coverage,
            rewrites: self.rewrites,
        }
    }

    /// The corpus index path, resolved against the config's folder.
    pub fn corpus_path(&self, dir: &Path) -> Option<PathBuf> {
        self.corpus.as_ref().map(|p| if p.is_absolute() { p.clone() } else { dir.join(p) })
    }
}

impl<'de> Deserialize<'de> for EncodingChoice {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        <EncodingChoice as clap::ValueEnum>::from_str(&s, true).map_err(|_| {
            serde::de::Error::custom(format!(
                "unknown encoding `{s}`, expected auto, utf8, gb18030, gbk, utf16le or utf16be"
            ))
        })
    }
}

/// A config problem; always names the file.
#[derive(Debug, thiserror::Error)]
#[error("{file}: {message}")]
pub struct ConfigError {
    /// The file at fault.
    pub file: String,
    /// What is wrong.
    pub message: String,
}

impl ConfigError {
    fn new(file: &Path, message: impl Into<String>) -> Self {
        Self { file: file.display().to_string(), message: message.into() }
    }
}

/// Walks up from `start` (a file or folder) looking for `hegui.toml`.
pub fn discover(start: &Path) -> Option<PathBuf> {
    let abs = if start.is_absolute() { start.to_path_buf() } else { std::env::current_dir().ok()?.join(start) };
    let mut dir = if abs.is_dir() { Some(abs.as_path()) } else { abs.parent() };
    while let Some(d) = dir {
        let cand = d.join(FILE_NAME);
        if cand.is_file() {
            return Some(cand);
        }
        dir = d.parent();
    }
    None
}

/// Reads and validates a config file.
pub fn load(path: &Path) -> Result<Config, ConfigError> {
    let bytes = std::fs::read(path).map_err(|e| ConfigError::new(path, e.to_string()))?;
    let text = std::str::from_utf8(&bytes)
        .map_err(|e| ConfigError::new(path, format!("not UTF-8 (byte {})", e.valid_up_to())))?;
    let mut cfg: Config =
        toml::from_str(text).map_err(|e| ConfigError::new(path, e.to_string().trim_end().to_owned()))?;
    cfg.dir = path.parent().map(Path::to_path_buf).unwrap_or_default();
    cfg.path = Some(path.to_path_buf());
    cfg.files_matcher()?; // validate globs early
    let d = &cfg.dedup;
    if d.min_chars < MIN_PIECE as usize {
        return Err(ConfigError::new(
            path,
            format!("`dedup.min-chars` must be at least {MIN_PIECE}, not {}", d.min_chars),
        ));
    }
    if !(0.0..=1.0).contains(&d.min_coverage) {
        return Err(ConfigError::new(
            path,
            format!("`dedup.min-coverage` must be between 0 and 1, not {}", d.min_coverage),
        ));
    }
    if d.max_doc_frequency == Some(0) {
        return Err(ConfigError::new(path, "`dedup.max-doc-frequency` must be at least 1"));
    }
    Ok(cfg)
}

/// Per-path filters compiled from `[files]`.
#[derive(Debug, Clone)]
pub struct FilesMatcher {
    base: PathBuf,
    exclude: GlobSet,
    ignores: GlobSet,
    ignore_selectors: Vec<Vec<String>>,
}

impl FilesMatcher {
    fn rel<'a>(&self, path: &'a Path) -> std::borrow::Cow<'a, Path> {
        let abs = if path.is_absolute() {
            std::borrow::Cow::Borrowed(path)
        } else {
            std::borrow::Cow::Owned(std::env::current_dir().unwrap_or_default().join(path))
        };
        match abs.strip_prefix(&self.base) {
            Ok(r) => std::borrow::Cow::Owned(r.to_path_buf()),
            Err(_) => std::borrow::Cow::Borrowed(path),
        }
    }

    /// Whether `path` is excluded by `files.exclude`.
    pub fn is_excluded(&self, path: &Path) -> bool {
        !self.exclude.is_empty() && self.exclude.is_match(self.rel(path))
    }

    /// Rule selectors ignored for `path` by `files.per-file-ignores`.
    pub fn ignored_rules(&self, path: &Path) -> Vec<&str> {
        if self.ignores.is_empty() {
            return Vec::new();
        }
        self.ignores
            .matches(self.rel(path))
            .into_iter()
            .flat_map(|i| self.ignore_selectors[i].iter().map(String::as_str))
            .collect()
    }
}

impl Config {
    fn file(&self) -> PathBuf {
        self.path.clone().unwrap_or_else(|| PathBuf::from(FILE_NAME))
    }

    /// Compiles the `[files]` globs.
    pub fn files_matcher(&self) -> Result<FilesMatcher, ConfigError> {
        let glob = |key: &str, g: &str| {
            Glob::new(g).map_err(|e| ConfigError::new(&self.file(), format!("`files.{key}`: bad glob `{g}`: {e}")))
        };
        let mut ex = GlobSetBuilder::new();
        for g in &self.files.exclude {
            ex.add(glob("exclude", g)?);
        }
        let mut ig = GlobSetBuilder::new();
        let mut sel = Vec::new();
        for (g, rules) in &self.files.per_file_ignores {
            ig.add(glob("per-file-ignores", g)?);
            sel.push(rules.clone());
        }
        let base = if self.dir.is_absolute() {
            self.dir.clone()
        } else {
            std::env::current_dir().unwrap_or_default().join(&self.dir)
        };
        let build = |b: GlobSetBuilder| b.build().map_err(|e| ConfigError::new(&self.file(), e.to_string()));
        Ok(FilesMatcher { base, exclude: build(ex)?, ignores: build(ig)?, ignore_selectors: sel })
    }

    /// Loads the rules this config asks for and builds the engine.
    pub fn engine(&self, extra_packs: &[PathBuf]) -> Result<Engine, EngineError> {
        let mut rules = if self.rules.builtin { pack::load_builtin()? } else { Vec::new() };
        for p in &self.rules.packs {
            rules.extend(pack::load_file(&self.dir.join(p))?);
        }
        for p in extra_packs {
            rules.extend(pack::load_file(p)?);
        }
        for w in &self.wordlists {
            rules.push(self.wordlist_rule(w)?);
        }
        let sel = Selection {
            select: self.rules.select.clone(),
            ignore: self.rules.ignore.clone(),
            severity: self.rules.severity.iter().map(|(k, v)| (k.clone(), *v)).collect(),
            allow: self.rules.allow.clone(),
        };
        Engine::new(rules, &sel).map_err(|e| match e {
            EngineError::UnknownSelector { key, selector } => EngineError::Pack(PackError::new(
                self.file().display().to_string(),
                format!("`rules.{key}`: `{selector}` matches no rule id, id prefix, category or pack"),
            )),
            other => other,
        })
    }

    fn wordlist_rule(&self, w: &WordlistConfig) -> Result<Rule, PackError> {
        let path = self.dir.join(&w.path);
        let shown = path.display().to_string();
        let bytes = std::fs::read(&path).map_err(|e| PackError::new(&shown, e.to_string()))?;
        let text = crate::source::decode::decode(&bytes, EncodingChoice::Auto)
            .map_err(|e| PackError::new(&shown, e.to_string()))?
            .text;
        let list = crate::detect::wordlist::parse(&text);
        if let Some(bad) = list.bad.first() {
            let more = if list.bad.len() > 1 {
                format!(" (and {} more bad lines)", list.bad.len() - 1)
            } else {
                String::new()
            };
            return Err(PackError::new(format!("{shown}:{}", bad.line), format!("{}{more}", bad.reason)));
        }
        let terms: Vec<String> = list.terms.into_iter().map(|t| t.term).collect();
        if terms.is_empty() {
            return Err(PackError::new(&shown, "word list has no terms"));
        }
        pack::check_id_and_category(&self.file().display().to_string(), &w.id, &w.category)?;
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
            kind: pack::RuleKind::Lexicon,
            label: w.label,
            supersedes: Vec::new(),
            unless: None,
            fields: DEFAULT_FIELDS.to_vec(),
            examples: Examples::default(),
            pack: "config".into(),
            origin: shown,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
        let p = dir.join(name);
        std::fs::write(&p, text).expect("write");
        p
    }

    #[test]
    fn unknown_key_is_an_error_naming_file_and_key() {
        let d = tempfile::tempdir().expect("tempdir");
        let p = write(d.path(), FILE_NAME, "[rules]\nselct = [\"AD\"]\n");
        let e = load(&p).expect_err("unknown key");
        assert!(e.file.ends_with(FILE_NAME));
        assert!(e.message.contains("selct"), "{}", e.message);
    }

    #[test]
    fn bad_severity_value_is_an_error() {
        let d = tempfile::tempdir().expect("tempdir");
        let p = write(d.path(), FILE_NAME, "[rules.severity]\nAD001 = \"fatal\"\n");
        let e = load(&p).expect_err("bad value");
        assert!(e.message.contains("fatal"), "{}", e.message);
    }

    #[test]
    fn discover_walks_up() {
        let d = tempfile::tempdir().expect("tempdir");
        write(d.path(), FILE_NAME, "");
        let sub = d.path().join("a/b");
        std::fs::create_dir_all(&sub).expect("mkdir");
        assert_eq!(discover(&sub), Some(d.path().join(FILE_NAME)));
    }

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
        let engine = cfg.engine(&[]).expect("engine");
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
        let e = load(&p).expect("parses").engine(&[]).expect_err("bad line");
        assert!(e.to_string().contains("list.txt:2"), "{e}");
    }

    #[test]
    fn selector_naming_no_rule_is_an_error() {
        let d = tempfile::tempdir().expect("tempdir");
        let p = write(d.path(), FILE_NAME, "[rules]\nignore = [\"ZZ999\"]\n");
        let cfg = load(&p).expect("parses");
        let e = cfg.engine(&[]).expect_err("unknown selector");
        assert!(e.to_string().contains("ZZ999"), "{e}");
        assert!(e.to_string().contains(FILE_NAME), "{e}");
    }
}
