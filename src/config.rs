//! `hegui.toml`: found by walking up from the scanned path, or given with `--config`.
//!
//! ```toml
//! [rules]
//! select = ["adlaw"]            # rule ids, id prefixes, categories or pack names (default: all)
//! ignore = ["AD003"]
//! severity = { AD001 = "error" }
//! replacement = { AD006 = "[已屏蔽]" }  # what `hegui mask` / `check --fix=mask` writes
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

use serde::Deserialize;

use crate::dedup::align::MIN_PIECE;
use crate::dedup::index::MIN_CHARS;
use crate::model::Severity;
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
    /// Advertising context declared per path: `"drafts/ads/**" = "advertising"`,
    /// `"news/**" = "editorial"` (globs relative to the config folder; when several match, the
    /// first in alphabetical order wins).
    pub context: BTreeMap<String, DeclaredContext>,
    /// The compiled-lexicon cache.
    pub cache: CacheConfig,
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
    /// What masking (`hegui mask`, `check --fix=mask`) writes in place of a rule's findings, by
    /// selector (`{ AD001 = "[广告]", platform = "▇" }`; default: `*` per character).
    pub replacement: BTreeMap<String, String>,
    /// Extra rule packs.
    pub packs: Vec<PathBuf>,
    /// Terms that never produce a finding.
    pub allow: Vec<String>,
    /// Selectors of `select`/`ignore` that came from the command line (`--select`, `--ignore`),
    /// so an error about one names the flag, not the config file.
    #[serde(skip)]
    pub from_cli: Vec<String>,
}

impl Default for RulesConfig {
    fn default() -> Self {
        Self {
            builtin: true,
            select: Vec::new(),
            ignore: Vec::new(),
            severity: BTreeMap::new(),
            replacement: BTreeMap::new(),
            packs: Vec::new(),
            allow: Vec::new(),
            from_cli: Vec::new(),
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
    /// What masking writes in place of a finding (default: `*` per character).
    #[serde(default)]
    pub replacement: Option<String>,
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
    /// More file extensions to scan when walking folders, each with the format to read it as
    /// (`{ mdx = "markdown", text = "txt" }`).
    pub extensions: BTreeMap<String, String>,
}

/// `[cache]`: where compiled lexicons of large term lists are kept (see
/// [`crate::detect::kinds::lexicon::cache`]).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default, rename_all = "kebab-case")]
pub struct CacheConfig {
    /// Use the cache (`false`: always compile; as `--no-cache` or `HEGUI_NO_CACHE=1`).
    pub enabled: bool,
    /// The cache folder, relative to the config's folder (default: `$HEGUI_CACHE_DIR`, else
    /// `$XDG_CACHE_HOME/hegui`, else `~/.cache/hegui`).
    pub dir: Option<PathBuf>,
    /// Listed terms from which a lexicon is cached (not a config key: the `hegui` command sets
    /// [`crate::detect::kinds::lexicon::cache::CLI_MIN_TERMS`]; default
    /// [`crate::detect::kinds::lexicon::cache::MIN_TERMS`]).
    #[serde(skip)]
    pub min_terms: Option<usize>,
}

impl Default for CacheConfig {
    fn default() -> Self {
        CacheConfig { enabled: true, dir: None, min_terms: None }
    }
}

/// `[check]`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, default, rename_all = "kebab-case")]
pub struct CheckConfig {
    /// Lowest severity that makes the exit code 1.
    pub fail_level: Option<Severity>,
    /// Forced input encoding.
    pub encoding: Option<EncodingChoice>,
    /// Findings listed per file at most; the rest are counted, not kept (default 10000).
    pub max_findings: Option<usize>,
    /// Inline suppressions must give a reason (`-- 理由`); one without is reported and ignored.
    pub require_reason: bool,
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
    /// Documents whose passages cover less than this share (0–1) of the draft and of the
    /// document are not reported, unless one stretch is long (document-level verdict).
    pub min_coverage: f64,
    /// Look for rewritten passages (synonym and homophone swaps) too.
    pub rewrites: bool,
}

impl Default for DedupConfig {
    fn default() -> Self {
        Self {
            corpus: None,
            min_chars: MIN_CHARS,
            max_doc_frequency: None,
            min_coverage: crate::dedup::index::MIN_COVERAGE,
            rewrites: true,
        }
    }
}

impl DedupConfig {
    /// The corpus index path, resolved against the config's folder.
    pub fn corpus_path(&self, dir: &Path) -> Option<PathBuf> {
        self.corpus.as_ref().map(|p| if p.is_absolute() { p.clone() } else { dir.join(p) })
    }
}

impl<'de> Deserialize<'de> for EncodingChoice {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

/// Compiles glob `g` of table `key` (`files.exclude`, `context`, …); a bad one is an error naming
/// the file and key.
pub fn glob(file: &Path, key: &str, g: &str) -> Result<globset::Glob, ConfigError> {
    globset::Glob::new(g).map_err(|e| ConfigError::new(file, format!("`{key}`: bad glob `{g}`: {e}")))
}

/// What a `[context]` glob declares its files to be.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DeclaredContext {
    /// Adverts: claim rules are errors.
    Advertising,
    /// Editorial text (news, reviews): claim rules are info.
    Editorial,
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
    /// A problem with `file`.
    pub fn new(file: &Path, message: impl Into<String>) -> Self {
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
    for (key, g) in cfg
        .files
        .exclude
        .iter()
        .map(|g| ("exclude", g))
        .chain(cfg.files.per_file_ignores.keys().map(|g| ("per-file-ignores", g)))
    {
        glob(path, key, g)?;
    }
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

impl Config {
    /// The config file's path for messages (`hegui.toml` when there is none).
    pub fn shown_path(&self) -> PathBuf {
        self.path.clone().unwrap_or_else(|| PathBuf::from(FILE_NAME))
    }

    /// The compiled-lexicon cache this config asks for: `None` when disabled (`[cache] enabled =
    /// false`, or the environment variable `HEGUI_NO_CACHE` set to anything but `0` or empty)
    /// or when no folder can be named; else `[cache] dir`, `$HEGUI_CACHE_DIR`,
    /// `$XDG_CACHE_HOME/hegui` or `$HOME/.cache/hegui`, the first that is set.
    pub fn lexicon_cache(&self) -> Option<crate::detect::kinds::lexicon::cache::Cache> {
        let env = |k: &str| std::env::var_os(k).filter(|v| !v.is_empty());
        if !self.cache.enabled || env("HEGUI_NO_CACHE").is_some_and(|v| v != "0") {
            return None;
        }
        let dir = match &self.cache.dir {
            Some(d) => self.dir.join(d),
            None => env("HEGUI_CACHE_DIR").map(PathBuf::from).or_else(|| {
                env("XDG_CACHE_HOME")
                    .map(PathBuf::from)
                    .filter(|p| p.is_absolute())
                    .or_else(|| env("HOME").map(|h| PathBuf::from(h).join(".cache")))
                    .map(|c| c.join("hegui"))
            })?,
        };
        let mut cache = crate::detect::kinds::lexicon::cache::Cache::new(dir);
        if let Some(min) = self.cache.min_terms {
            cache.min_terms = min;
        }
        Some(cache)
    }

    /// The config file as displayed in error messages.
    pub fn shown(&self) -> String {
        self.shown_path().display().to_string()
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// Writes `text` to `dir/name` and returns the path (config tests here and in detect).
    pub(crate) fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
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
}
