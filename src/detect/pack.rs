//! Rule packs: TOML files of rules, loaded from the bundled `wordlists/` or from user paths.
//!
//! A pack has a `[pack]` table and `[[rules]]`; a rule has a stable id, category, severity, Chinese
//! and English messages, an optional reference, terms (inline and/or from a `.txt` file beside the
//! pack), optional `except` contexts, optional `fields`, and `examples.hit` / `examples.miss`.
//! Unknown keys and bad values are errors that name the file and the key.

use std::any::Any;
use std::borrow::Cow;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::Deserialize;

use super::kinds::{self, KindDef};

use crate::model::Field;
use crate::model::Severity;
use crate::normalize::{Boundaries, Flags, Options};

pub(crate) mod builtin {
    include!(concat!(env!("OUT_DIR"), "/builtin_packs.rs"));
}

/// A rule pack as written in TOML.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PackFile {
    /// Pack metadata.
    pub pack: PackMeta,
    /// The rules.
    #[serde(default)]
    pub rules: Vec<RuleSpec>,
}

/// The `[pack]` table.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PackMeta {
    /// ASCII pack name.
    pub name: String,
    /// Chinese description.
    #[serde(default)]
    pub description: String,
    /// English description.
    #[serde(default)]
    pub description_en: String,
    /// Where the terms come from and under which licence.
    #[serde(default)]
    pub source: String,
    /// Matching defaults for every rule of the pack.
    #[serde(default, rename = "match")]
    pub matching: MatchSpec,
}

/// `[pack.match]` / `[rules.match]`: how a rule sees through disguises. Unset keys inherit
/// (rule ← pack ← defaults).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MatchSpec {
    /// Separator characters allowed between two consecutive term characters (0: none). Default 3.
    pub max_gap: Option<usize>,
    /// Runs of the same Han character collapse (`最最最佳`). Default true.
    pub collapse_repeats: Option<bool>,
    /// Full/half width and compatibility forms. Default true.
    pub width: Option<bool>,
    /// Case folding. Default true.
    pub case: Option<bool>,
    /// 繁→简 and variant forms. Default true.
    pub traditional: Option<bool>,
    /// Digit forms (①, 壹, 〇, full-width). Default true.
    pub digits: Option<bool>,
    /// Cyrillic/Greek look-alikes. Default true.
    pub confusables: Option<bool>,
    /// Also match the toneless pinyin of each term (`zuijia`). Default false.
    pub pinyin: Option<bool>,
    /// Also match the pinyin initials of each term (`zj`). Default false.
    pub pinyin_initials: Option<bool>,
    /// Also match each term with its Chinese numerals as digits and its digits as Chinese
    /// numerals (`下三滥` ↔ `下3滥`). Default false.
    pub numerals: Option<bool>,
    /// Also match each term with its phrases in their Taiwan, Hong Kong and traditional forms
    /// from OpenCC's phrase dictionaries (`软件` ↔ `軟體`, `内存` ↔ `記憶體`, `反复` ↔ `反覆`).
    /// Default false.
    pub phrases: Option<bool>,
    /// Separators that are hard boundaries for the rule (`"/|"`): a term never spans them.
    pub hard: Option<String>,
    /// Hard boundaries (sentence and clause punctuation, line breaks) the rule skips as
    /// separators (`"，、"`), counted against `max_gap`.
    pub skippable: Option<String>,
}

impl MatchSpec {
    /// `self` with unset keys taken from `base`.
    pub fn or(self, base: MatchSpec) -> MatchSpec {
        MatchSpec {
            max_gap: self.max_gap.or(base.max_gap),
            collapse_repeats: self.collapse_repeats.or(base.collapse_repeats),
            width: self.width.or(base.width),
            case: self.case.or(base.case),
            traditional: self.traditional.or(base.traditional),
            digits: self.digits.or(base.digits),
            confusables: self.confusables.or(base.confusables),
            pinyin: self.pinyin.or(base.pinyin),
            pinyin_initials: self.pinyin_initials.or(base.pinyin_initials),
            numerals: self.numerals.or(base.numerals),
            phrases: self.phrases.or(base.phrases),
            hard: self.hard.or(base.hard),
            skippable: self.skippable.or(base.skippable),
        }
    }

    /// The effective options; an error names a `hard` or `skippable` character that cannot be
    /// one.
    pub fn resolve(self) -> Result<MatchOptions, String> {
        let on = |b: Option<bool>, f: Flags| if b.unwrap_or(true) { f.0 } else { 0 };
        let boundaries = Boundaries::new(self.hard.as_deref().unwrap_or(""), self.skippable.as_deref().unwrap_or(""))?;
        Ok(MatchOptions {
            max_gap: self.max_gap.unwrap_or(DEFAULT_MAX_GAP),
            norm: Options {
                steps: Flags(
                    on(self.width, Flags::WIDTH)
                        | on(self.case, Flags::CASE)
                        | on(self.traditional, Flags::TRAD)
                        | on(self.digits, Flags::DIGIT)
                        | on(self.confusables, Flags::CONFUSABLE),
                ),
                collapse_repeats: self.collapse_repeats.unwrap_or(true),
            },
            pinyin: self.pinyin.unwrap_or(false),
            pinyin_initials: self.pinyin_initials.unwrap_or(false),
            numerals: self.numerals.unwrap_or(false),
            phrases: self.phrases.unwrap_or(false),
            boundaries,
        })
    }
}

/// Default number of separator characters allowed between two consecutive term characters.
pub const DEFAULT_MAX_GAP: usize = 3;

/// Effective matching options of a rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MatchOptions {
    /// Separator characters allowed between consecutive term characters.
    pub max_gap: usize,
    /// Normalization steps the rule accepts.
    pub norm: Options,
    /// Match toneless pinyin.
    pub pinyin: bool,
    /// Match pinyin initials.
    pub pinyin_initials: bool,
    /// Match numerals and digits for each other.
    pub numerals: bool,
    /// Match regional and traditional word forms (OpenCC phrases).
    pub phrases: bool,
    /// The rule's hard-boundary set.
    pub boundaries: Boundaries,
}

impl Default for MatchOptions {
    fn default() -> Self {
        MatchOptions {
            max_gap: DEFAULT_MAX_GAP,
            norm: Options::FULL,
            pinyin: false,
            pinyin_initials: false,
            numerals: false,
            phrases: false,
            boundaries: Boundaries::default(),
        }
    }
}

/// Where a hit must sit relative to word boundaries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Boundary {
    /// Anywhere (default).
    #[default]
    None,
    /// Start and end on jieba token boundaries of its sentence.
    Token,
}

/// `near_file`, `unless_near_file`: one file name beside the pack, or a list of them.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum FileNames {
    /// `near_file = "disease.txt"`.
    One(String),
    /// `near_file = ["disease.txt", "disease_lexicon.txt"]`.
    Many(Vec<String>),
}

impl FileNames {
    /// The names, in the order given.
    pub fn names(&self) -> &[String] {
        match self {
            FileNames::One(one) => std::slice::from_ref(one),
            FileNames::Many(many) => many,
        }
    }
}

/// One `[[rules]]` entry as written: the keys every rule has, the kind, and the keys of that kind
/// (parsed by the kind's file; a key no kind knows is an error).
#[derive(Debug, Clone, Deserialize)]
pub struct RuleSpec {
    /// Stable ASCII id, e.g. `AD001`.
    pub id: String,
    /// Short kebab-case name.
    #[serde(default)]
    pub name: String,
    /// Category, e.g. `adlaw`.
    pub category: String,
    /// Default severity.
    pub severity: Severity,
    /// Chinese message; `{term}` is replaced by the matched term.
    pub message: String,
    /// English message.
    #[serde(default)]
    pub message_en: String,
    /// Legal or policy reference.
    #[serde(default)]
    pub reference: Option<String>,
    /// Inline terms.
    #[serde(default)]
    pub terms: Vec<String>,
    /// A one-term-per-line file beside the pack.
    #[serde(default)]
    pub terms_file: Option<String>,
    /// Extra spellings (homophones, split characters) reported under this rule.
    #[serde(default)]
    pub variants: Vec<String>,
    /// Contexts that suppress overlapping hits of this rule.
    #[serde(default)]
    pub except: Vec<String>,
    /// Word-boundary requirement.
    #[serde(default)]
    pub boundary: Boundary,
    /// Matching options (override `[pack.match]`).
    #[serde(default, rename = "match")]
    pub matching: MatchSpec,
    /// Fields the rule applies to (default: all but `link`).
    #[serde(default)]
    pub fields: Option<Vec<Field>>,
    /// Example sentences.
    #[serde(default)]
    pub examples: Examples,
    /// How the rule matches: a name from [`kinds::KINDS`] (default `lexicon`, its terms).
    #[serde(default = "default_kind")]
    pub kind: String,
    /// Terms that, near a hit, make it acceptable (a ranking that names its data source).
    #[serde(default)]
    pub unless_near: Vec<String>,
    /// One-term-per-line files beside the pack whose terms join `unless_near` (a list several
    /// rules share, such as the debunk words of the rumour rules): one name or a list.
    #[serde(default)]
    pub unless_near_file: Option<FileNames>,
    /// How close an `unless_near` term must be (characters, or `"sentence"`, the default).
    #[serde(default)]
    pub unless_within: Option<WithinSpec>,
    /// Whether the `unless_near` contexts also cancel a hit whose paragraph reads as an advert
    /// (default true). `false` for a source or an approval that states a fact in news and
    /// encyclopedic text but that an advert can claim of itself (据统计，本店销量全市第一，欢迎选购).
    #[serde(default = "yes")]
    pub unless_in_adverts: bool,
    /// WeChat content-security (msgSecCheck) label code, e.g. 10001 广告, 20006 违法犯罪.
    #[serde(default)]
    pub label: Option<u32>,
    /// `"advertising"`: the rule's severity follows the advertising context of the hit (error where
    /// the text promotes something, the pack severity where it cannot be told, info in editorial
    /// text). See [`crate::detect::context`].
    #[serde(default)]
    pub context: Option<ContextSpec>,
    /// Rules (ids or id prefixes) whose hit on the same span, or on one overlapping it, this rule's
    /// hit replaces: a context rule that raises a bare term (AD131 over AD001) reports once, not
    /// twice, and so do two rules reading one claim from overlapping spans (AD127 over AD243).
    #[serde(default)]
    pub supersedes: Vec<String>,
    /// What `hegui mask` writes in place of a hit (default: `*` for each character).
    #[serde(default)]
    pub replacement: Option<String>,
    /// The other keys: those of the rule's kind (e.g. `pattern` for `regex`), checked and parsed by
    /// the kind.
    #[serde(flatten)]
    pub keys: toml::Table,
}

fn yes() -> bool {
    true
}

fn default_kind() -> String {
    "lexicon".into()
}

/// The `context` key of a rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ContextSpec {
    /// Severity follows the advertising context.
    Advertising,
}

/// The `within` key of a `near` rule: characters, or `"sentence"`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(untagged)]
pub enum WithinSpec {
    /// At most this many characters between the two occurrences.
    Chars(usize),
    /// The word `sentence`.
    Word(String),
}

/// How close a `near` rule's partner must be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Within {
    /// At most this many characters between the term and the partner (either order).
    Chars(usize),
    /// In the same sentence (no 。！？；… or line break between them).
    Sentence,
}

/// Default `within` for `near` rules.
pub const DEFAULT_WITHIN: usize = 20;

/// How a rule matches, resolved: its kind (one of [`kinds::KINDS`]) and what the kind parsed from
/// the rule's keys (read back by the kind's finder with [`RuleKind::data`]).
#[derive(Clone)]
pub struct RuleKind {
    def: &'static KindDef,
    data: Arc<dyn Any + Send + Sync>,
}

impl RuleKind {
    /// A rule of kind `def` carrying `data`.
    pub fn new<T: Any + Send + Sync>(def: &'static KindDef, data: T) -> Self {
        Self { def, data: Arc::new(data) }
    }

    /// The kind's definition.
    pub fn def(&self) -> &'static KindDef {
        self.def
    }

    /// The kind's name (`lexicon`, `regex`, …).
    pub fn name(&self) -> &'static str {
        self.def.name
    }

    /// Whether the rule is of kind `def`.
    pub fn is(&self, def: &KindDef) -> bool {
        self.def.name == def.name
    }

    /// What the kind parsed from the rule's keys, if it is a `T`.
    pub fn data<T: Any>(&self) -> Option<&T> {
        self.data.downcast_ref()
    }

    /// Whether the rule is found against a corpus index (DUP001, DUP002) rather than in the text.
    pub fn needs_corpus(&self) -> bool {
        self.def.needs_corpus
    }
}

impl std::fmt::Debug for RuleKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.def.name)
    }
}

/// Example sentences a rule must hit and miss.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Examples {
    /// Sentences that must produce a finding of the rule.
    #[serde(default)]
    pub hit: Vec<String>,
    /// Sentences that must not.
    #[serde(default)]
    pub miss: Vec<String>,
}

/// A rule ready for matching.
#[derive(Debug, Clone)]
pub struct Rule {
    /// Stable id.
    pub id: String,
    /// Short name.
    pub name: String,
    /// Category.
    pub category: String,
    /// Effective severity (after configuration).
    pub severity: Severity,
    /// Chinese message template.
    pub message: String,
    /// English message template.
    pub message_en: String,
    /// Reference.
    pub reference: Option<String>,
    /// Terms, deduplicated, in first-seen order.
    pub terms: Vec<String>,
    /// Extra spellings reported under this rule.
    pub variants: Vec<String>,
    /// Contexts that suppress overlapping hits.
    pub except: Vec<String>,
    /// Word-boundary requirement.
    pub boundary: Boundary,
    /// Effective matching options.
    pub matching: MatchOptions,
    /// How the rule matches.
    pub kind: RuleKind,
    /// WeChat content-security (msgSecCheck) label code.
    pub label: Option<u32>,
    /// Rule ids or id prefixes whose same-span or overlapping hits this rule's hits replace.
    pub supersedes: Vec<String>,
    /// What masking writes in place of a hit (`None`: `*` for each character).
    pub replacement: Option<String>,
    /// Whether the severity follows the advertising context (`context = "advertising"`); off when
    /// the config overrides the rule's severity.
    pub follows_context: bool,
    /// Context terms that cancel a hit within reach, and the reach.
    pub unless: Option<(Vec<String>, Within)>,
    /// Whether `unless` also cancels a hit in a paragraph that reads as an advert (see
    /// [`crate::detect::context::advertises`]).
    pub unless_in_adverts: bool,
    /// Fields the rule applies to.
    pub fields: Vec<Field>,
    /// Examples.
    pub examples: Examples,
    /// Name of the pack the rule came from.
    pub pack: String,
    /// File the rule was defined in (`builtin:…` for bundled packs).
    pub origin: String,
}

/// A word-list or pack problem; always names the file.
#[derive(Debug, thiserror::Error)]
#[error("{file}: {message}")]
pub struct PackError {
    /// The file at fault.
    pub file: String,
    /// What is wrong (with line numbers where known).
    pub message: String,
}

impl PackError {
    /// A new error.
    pub fn new(file: impl Into<String>, message: impl Into<String>) -> Self {
        Self { file: file.into(), message: message.into() }
    }
}

/// Where pack files come from: the embedded bundle or the file system.
pub(crate) enum Origin<'a> {
    Builtin(&'a str),
    Disk(&'a Path),
}

impl Origin<'_> {
    fn display(&self) -> String {
        match self {
            Origin::Builtin(p) => format!("builtin:wordlists/{p}"),
            Origin::Disk(p) => p.display().to_string(),
        }
    }

    /// Reads a file next to the pack (`terms_file`, `near_file`, `unless_near_file`): its shown path
    /// and text.
    /// A bundled file's text is borrowed, not copied.
    pub(crate) fn read_sibling(&self, rel: &str) -> Result<(String, Cow<'static, str>), PackError> {
        match self {
            Origin::Builtin(p) => {
                let want = builtin_sibling(p, rel);
                builtin::BUILTIN_FILES
                    .iter()
                    .find(|(name, _)| *name == want)
                    .map(|(_, text)| (format!("builtin:wordlists/{want}"), Cow::Borrowed(*text)))
                    .ok_or_else(|| PackError::new(self.display(), format!("file `{rel}` is not bundled")))
            }
            Origin::Disk(p) => {
                let path: PathBuf = p.parent().unwrap_or(Path::new(".")).join(rel);
                let bytes =
                    std::fs::read(&path).map_err(|e| PackError::new(self.display(), format!("file `{rel}`: {e}")))?;
                let text = String::from_utf8(bytes).map_err(|e| {
                    PackError::new(
                        path.display().to_string(),
                        format!("not UTF-8 (byte {})", e.utf8_error().valid_up_to()),
                    )
                })?;
                Ok((path.display().to_string(), Cow::Owned(text)))
            }
        }
    }
}

/// The path, relative to `wordlists/`, of the file `rel` beside the bundled pack `pack`.
fn builtin_sibling(pack: &str, rel: &str) -> String {
    let dir = pack.rsplit_once('/').map_or("", |(d, _)| d);
    if dir.is_empty() { rel.to_owned() } else { format!("{dir}/{rel}") }
}

/// Parses a one-term-per-line list: trims lines, skips blanks and `#` comments, dedupes.
/// Returns the terms and, for each term, its 1-based line number.
pub fn parse_term_lines(text: &str) -> Vec<(String, usize)> {
    // (Fx hashing of borrowed lines: the bundled lists' terms hashed with SipHash, each copied
    // once more for the set, were a noticeable part of a one-draft start.)
    let mut seen: rustc_hash::FxHashSet<&str> = rustc_hash::FxHashSet::default();
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let t = line.trim().trim_start_matches('\u{feff}');
        if t.is_empty() || t.starts_with('#') {
            continue;
        }
        if seen.insert(t) {
            out.push((t.to_owned(), i + 1));
        }
    }
    out
}

/// Keeps the first of equal terms, in their order (inline terms, then each file's new ones).
pub(crate) fn dedup_in_order(terms: &mut Vec<String>) {
    let mut seen: rustc_hash::FxHashSet<&str> = rustc_hash::FxHashSet::default();
    let keep: Vec<bool> = terms.iter().map(|t| seen.insert(t.as_str())).collect();
    drop(seen);
    let mut keep = keep.into_iter();
    terms.retain(|_| keep.next().unwrap_or(true));
}

fn valid_id(id: &str) -> bool {
    let letters = id.bytes().take_while(|b| b.is_ascii_uppercase()).count();
    letters >= 1 && id.len() > letters && id.bytes().skip(letters).all(|b| b.is_ascii_digit())
}

fn valid_name(s: &str) -> bool {
    !s.is_empty()
        && s.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_' || b == b'.')
}

/// Resolves the rule's kind and has it check and parse its keys.
fn resolve_kind(spec: &RuleSpec, origin: &Origin<'_>) -> Result<RuleKind, String> {
    let def = kinds::kind(&spec.kind).ok_or_else(|| {
        let names: Vec<&str> = kinds::KINDS.iter().map(|k| k.name).collect();
        format!("unknown kind `{}`, expected one of {}", spec.kind, names.join(", "))
    })?;
    for key in spec.keys.keys() {
        if !def.keys.contains(&key.as_str()) {
            return Err(match kinds::KINDS.iter().find(|k| k.keys.contains(&key.as_str())) {
                Some(owner) => format!("`{key}` is only for `kind = \"{}\"` rules", owner.name),
                None => format!("unknown key `{key}`"),
            });
        }
    }
    let data = (def.parse)(&KindKeys { table: &spec.keys, origin, examples: &spec.examples })?;
    Ok(RuleKind { def, data })
}

/// A rule's kind-specific keys, handed to its kind's parser.
pub struct KindKeys<'a> {
    /// The keys (only those the kind lists).
    pub table: &'a toml::Table,
    pub(crate) origin: &'a Origin<'a>,
    /// The rule's example sentences (a kind may check its keys against them).
    pub examples: &'a Examples,
}

impl KindKeys<'_> {
    /// The keys as the kind's own struct (`#[serde(deny_unknown_fields)]` recommended).
    pub fn parse<T: serde::de::DeserializeOwned>(&self) -> Result<T, String> {
        T::deserialize(toml::Value::Table(self.table.clone())).map_err(|e| e.to_string().trim_end().to_owned())
    }

    /// Whether the pack is one of the bundled ones (checked by the tests, so a kind may defer
    /// work such as compiling a pattern to first use).
    pub fn is_builtin(&self) -> bool {
        matches!(self.origin, Origin::Builtin(_))
    }

    /// Reads a file beside the pack (e.g. `near_file`): its text (borrowed for a bundled pack).
    pub fn read_sibling(&self, rel: &str) -> Result<Cow<'static, str>, String> {
        self.origin.read_sibling(rel).map(|(_, text)| text).map_err(|e| e.message)
    }

    /// For a bundled pack, the compact form of its model file `rel` (see `src/build/packs.rs`),
    /// if the build made one.
    pub(crate) fn builtin_model(&self, rel: &str) -> Option<&'static [u8]> {
        let Origin::Builtin(p) = self.origin else { return None };
        let want = builtin_sibling(p, rel);
        builtin::BUILTIN_MODELS.iter().find(|(name, _)| *name == want).map(|(_, bytes)| *bytes)
    }
}

/// Checks a rule id (`AD001`: upper-case letters then digits) and category (lower-case ASCII).
pub fn check_id_and_category(file: &str, id: &str, category: &str) -> Result<(), PackError> {
    if !valid_id(id) {
        return Err(PackError::new(
            file,
            format!("rule `{id}`: id must be upper-case ASCII letters followed by digits, e.g. AD001"),
        ));
    }
    if !valid_name(category) {
        return Err(PackError::new(file, format!("rule `{id}`: category `{category}` must be lower-case ASCII")));
    }
    Ok(())
}

/// Default fields for rules that do not say: every text field, not link URLs.
pub const DEFAULT_FIELDS: [Field; 5] = [Field::Title, Field::Digest, Field::Author, Field::Body, Field::Alt];

fn load_pack(origin: Origin<'_>, text: &str) -> Result<Vec<Rule>, PackError> {
    let file = origin.display();
    let pack: PackFile =
        toml::from_str(text).map_err(|e| PackError::new(&file, e.to_string().trim_end().to_owned()))?;
    pack_rules(&origin, file, pack)
}

/// The rules of a parsed pack (`file`: the pack as shown in errors).
fn pack_rules(origin: &Origin<'_>, file: String, pack: PackFile) -> Result<Vec<Rule>, PackError> {
    if !valid_name(&pack.pack.name) {
        return Err(PackError::new(
            &file,
            format!("[pack] name `{}` must be lower-case ASCII (a-z, 0-9, -)", pack.pack.name),
        ));
    }
    let mut rules = Vec::with_capacity(pack.rules.len());
    for spec in pack.rules {
        let ctx = |msg: String| PackError::new(&file, format!("rule `{}`: {msg}", spec.id));
        check_id_and_category(&file, &spec.id, &spec.category)?;
        if spec.message.trim().is_empty() {
            return Err(ctx("message is empty".into()));
        }
        // Deduplicated in first-seen order, through a hash set: a 100k-term file loads in linear time.
        let mut terms: Vec<String> = Vec::new();
        let mut seen: rustc_hash::FxHashSet<String> = rustc_hash::FxHashSet::default();
        let mut push = |t: &str, terms: &mut Vec<String>| {
            let t = t.trim();
            if !t.is_empty() && seen.insert(t.to_owned()) {
                terms.push(t.to_owned());
            }
        };
        for t in &spec.terms {
            push(t, &mut terms);
        }
        if let Some(rel) = &spec.terms_file {
            let (_, text) = origin.read_sibling(rel)?;
            for (t, _) in parse_term_lines(&text) {
                push(&t, &mut terms);
            }
        }
        let kind = resolve_kind(&spec, origin).map_err(ctx)?;
        let needs_terms = kind.def().terms;
        if needs_terms && terms.is_empty() {
            return Err(ctx("no terms (give `terms` or `terms_file`)".into()));
        }
        if !needs_terms && !terms.is_empty() {
            return Err(ctx("`terms` are for lexicon and near rules only".into()));
        }
        // The bundled packs' terms are checked by the tests (`bundled_terms_can_be_matched`), not
        // on every start (normalizing their ~5,800 terms was ≈ 4 % of a check of one draft).
        if !matches!(origin, Origin::Builtin(_)) {
            for t in terms.iter().chain(&spec.variants).chain(&spec.except) {
                check_term(t).map_err(ctx)?;
            }
        }
        let matching = spec.matching.clone().or(pack.pack.matching.clone()).resolve().map_err(ctx)?;
        let message_en = if spec.message_en.is_empty() { spec.message.clone() } else { spec.message_en };
        let mut unless_terms: Vec<String> =
            spec.unless_near.iter().map(|t| t.trim().to_owned()).filter(|t| !t.is_empty()).collect();
        for rel in spec.unless_near_file.iter().flat_map(FileNames::names) {
            let (_, text) = origin.read_sibling(rel)?;
            let lines = parse_term_lines(&text);
            if lines.is_empty() {
                return Err(ctx(format!("`unless_near_file` `{rel}` has no terms")));
            }
            unless_terms.extend(lines.into_iter().map(|(t, _)| t));
        }
        dedup_in_order(&mut unless_terms);
        let unless = if unless_terms.is_empty() {
            if spec.unless_within.is_some() {
                return Err(ctx("`unless_within` needs `unless_near`".into()));
            }
            if !spec.unless_in_adverts {
                return Err(ctx("`unless_in_adverts` needs `unless_near`".into()));
            }
            None
        } else {
            let within = match &spec.unless_within {
                None => Within::Sentence,
                Some(w) => super::kinds::near::within_of(w).map_err(ctx)?,
            };
            Some((unless_terms, within))
        };
        let fields = spec
            .fields
            .clone()
            .unwrap_or_else(|| if kind.def().all_fields { Field::ALL.to_vec() } else { DEFAULT_FIELDS.to_vec() });
        rules.push(Rule {
            name: if spec.name.is_empty() { spec.id.to_ascii_lowercase() } else { spec.name },
            id: spec.id,
            category: spec.category,
            severity: spec.severity,
            message: spec.message,
            message_en,
            reference: spec.reference.filter(|r| !r.trim().is_empty()),
            terms,
            variants: spec.variants.iter().map(|v| v.trim().to_owned()).filter(|v| !v.is_empty()).collect(),
            except: spec.except.into_iter().map(|e| e.trim().to_owned()).filter(|e| !e.is_empty()).collect(),
            boundary: spec.boundary,
            matching,
            kind,
            label: spec.label,
            supersedes: spec.supersedes.clone(),
            replacement: spec.replacement.clone(),
            follows_context: spec.context == Some(ContextSpec::Advertising),
            unless,
            unless_in_adverts: spec.unless_in_adverts,
            fields,
            examples: spec.examples,
            pack: pack.pack.name.clone(),
            origin: file.clone(),
        });
    }
    Ok(rules)
}

/// Why `term` (a term, variant or exception of a pack's rule) cannot be matched, if it cannot.
fn check_term(t: &str) -> Result<(), String> {
    if crate::normalize::normalize_with(t, &Options::FULL).is_empty() {
        return Err(format!("`{t}` is only separators and cannot be matched"));
    }
    if crate::normalize::is_punctuation_only(t) {
        return Err(format!("`{t}` is only punctuation: it would match punctuation anywhere"));
    }
    Ok(())
}

/// Loads every bundled pack (`wordlists/**/*.toml`, embedded as JSON by the build script).
pub fn load_builtin() -> Result<Vec<Rule>, PackError> {
    load_builtin_on(1, || {})
}

/// [`load_builtin`] on up to `threads` threads (this one and one more at most): the largest pack
/// loads here while another thread loads the others and then runs `then` (work that needs no
/// rules, such as [`crate::detect::warm_up`]), which nothing waits for. Loading the packs is about
/// a third of the start-up of a check of one draft and ran on one core alone. The same rules in
/// the same order, and the same error (that of the first pack in order that fails); if the other
/// thread cannot be started or dies, its packs load here (and `then` does not run).
pub fn load_builtin_on(threads: usize, then: impl FnOnce() + Send + 'static) -> Result<Vec<Rule>, PackError> {
    let packs = builtin::BUILTIN_PACKS;
    // The largest pack here, the others there (of the bundled packs, adlaw is about as much work
    // as all the others together).
    let largest = (0..packs.len()).max_by_key(|&i| packs[i].1.len()).unwrap_or(0);
    let mut loaded: Vec<Option<Result<Vec<Rule>, PackError>>> = (0..packs.len()).map(|_| None).collect();
    if threads >= 2 && packs.len() > 1 {
        let (tx, rx) = std::sync::mpsc::channel();
        let spawned = std::thread::Builder::new().name("hegui-packs".into()).spawn(move || {
            let done: Vec<_> = (0..packs.len()).filter(|&i| i != largest).map(|i| (i, load_builtin_pack(i))).collect();
            // (The receiver is gone only if loading stopped here: nothing to tell then.)
            let _ = tx.send(done);
            then();
        });
        loaded[largest] = Some(load_builtin_pack(largest));
        if spawned.is_ok()
            && let Ok(done) = rx.recv()
        {
            for (i, r) in done {
                loaded[i] = Some(r);
            }
        }
    }
    let mut rules = Vec::new();
    for (i, slot) in loaded.into_iter().enumerate() {
        rules.extend(match slot {
            Some(r) => r?,
            None => load_builtin_pack(i)?,
        });
    }
    Ok(rules)
}

/// The rules of bundled pack `i` (of [`builtin::BUILTIN_PACKS`]).
fn load_builtin_pack(i: usize) -> Result<Vec<Rule>, PackError> {
    let (name, json) = builtin::BUILTIN_PACKS[i];
    let origin = Origin::Builtin(name);
    let file = origin.display();
    let pack: PackFile = serde_json::from_str(json).map_err(|e| PackError::new(&file, e.to_string()))?;
    pack_rules(&origin, file, pack)
}

/// A short content hash (12 hex digits of blake3) of the bundled packs and their term files: two
/// binaries with the same hash carry the same rules (`hegui --version` shows it).
pub fn builtin_hash() -> String {
    let mut h = blake3::Hasher::new();
    for (name, text) in builtin::BUILTIN_FILES {
        h.update(name.as_bytes());
        h.update(&[0]);
        h.update(&(text.len() as u64).to_le_bytes());
        h.update(text.as_bytes());
    }
    h.finalize().to_hex()[..12].to_owned()
}

/// Loads a pack from a file.
pub fn load_file(path: &Path) -> Result<Vec<Rule>, PackError> {
    let bytes = std::fs::read(path).map_err(|e| PackError::new(path.display().to_string(), e.to_string()))?;
    let text = String::from_utf8(bytes).map_err(|e| {
        PackError::new(path.display().to_string(), format!("not UTF-8 (byte {})", e.utf8_error().valid_up_to()))
    })?;
    load_pack(Origin::Disk(path), &text)
}

/// Loads a pack from a string (for tests and embedding); `name` is shown in errors.
pub fn load_str(name: &str, text: &str) -> Result<Vec<Rule>, PackError> {
    load_pack(Origin::Disk(Path::new(name)), text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_packs_load_with_unique_ids() {
        let rules = load_builtin().expect("bundled packs are valid");
        assert!(!rules.is_empty());
        let mut ids: Vec<_> = rules.iter().map(|r| r.id.as_str()).collect();
        ids.sort_unstable();
        let n = ids.len();
        ids.dedup();
        assert_eq!(ids.len(), n, "duplicate rule ids");
    }

    /// The check that a pack read from a file gets on every load, which the bundled packs skip.
    #[test]
    fn bundled_terms_can_be_matched() {
        let rules = load_builtin().expect("bundled packs are valid");
        let mut checked = 0;
        for r in &rules {
            for t in r.terms.iter().chain(&r.variants).chain(&r.except) {
                assert_eq!(check_term(t), Ok(()), "{}", r.id);
                checked += 1;
            }
        }
        assert!(checked > 1000, "{checked}");
        assert!(check_term("，。").is_err() && check_term(" ").is_err());
        let bad = "[pack]\nname = \"p\"\n[[rules]]\nid = \"X001\"\ncategory = \"c\"\nseverity = \"info\"\nmessage = \"m\"\nterms = [\"，，\"]\n";
        let err = load_str("bad.toml", bad).expect_err("punctuation-only term");
        assert!(err.to_string().contains("only punctuation"), "{err}");
    }

    #[test]
    fn packs_loaded_on_two_threads_are_the_packs_loaded_on_one() {
        use std::sync::atomic::{AtomicBool, Ordering};
        let one = load_builtin().expect("bundled packs are valid");
        let ran = Arc::new(AtomicBool::new(false));
        let then = Arc::clone(&ran);
        let two = load_builtin_on(2, move || then.store(true, Ordering::SeqCst)).expect("bundled packs are valid");
        assert_eq!(one.len(), two.len());
        assert_eq!(format!("{one:?}"), format!("{two:?}"), "the same rules in the same order");
        // The other thread goes on to `then` after its packs (nothing waits for it).
        let start = std::time::Instant::now();
        while !ran.load(Ordering::SeqCst) && start.elapsed() < std::time::Duration::from_secs(60) {
            std::thread::sleep(std::time::Duration::from_millis(5));
        }
        assert!(ran.load(Ordering::SeqCst), "`then` ran on the packs' thread");
    }

    #[test]
    fn bundled_packs_read_from_json_are_the_packs_written_in_toml() {
        let toml_files: Vec<_> = builtin::BUILTIN_FILES.iter().filter(|(n, _)| n.ends_with(".toml")).collect();
        assert_eq!(toml_files.len(), builtin::BUILTIN_PACKS.len());
        for ((name, text), (json_name, json)) in toml_files.into_iter().zip(builtin::BUILTIN_PACKS) {
            assert_eq!(name, json_name);
            let from_toml: PackFile = toml::from_str(text).expect("TOML parses");
            let from_json: PackFile = serde_json::from_str(json).expect("JSON parses");
            assert_eq!(format!("{from_json:?}"), format!("{from_toml:?}"), "{name}");
        }
        let from_toml: Vec<Rule> = builtin::BUILTIN_FILES
            .iter()
            .filter(|(n, _)| n.ends_with(".toml"))
            .flat_map(|(n, text)| load_pack(Origin::Builtin(n), text).expect("loads"))
            .collect();
        assert_eq!(format!("{:?}", load_builtin().expect("loads")), format!("{from_toml:?}"));
    }

    #[test]
    fn unknown_key_names_the_key() {
        let err = load_str("p.toml", "[pack]\nname='x'\n[[rules]]\nid='X1'\ncategory='c'\nseverity='error'\nmessage='m'\nterms=['a']\ncolour='red'\n")
            .expect_err("unknown key");
        let s = err.to_string();
        assert!(s.starts_with("p.toml:"), "{s}");
        assert!(s.contains("colour"), "{s}");
    }

    #[test]
    fn kind_keys_belong_to_their_kind() {
        let base = "[pack]\nname='x'\n[[rules]]\nid='X1'\ncategory='c'\nseverity='error'\nmessage='m'\n";
        let err = |extra: &str| load_str("p.toml", &format!("{base}{extra}")).expect_err(extra).to_string();
        assert!(err("terms=['a']\npattern='a+'\n").contains("`pattern` is only for `kind = \"regex\"` rules"));
        assert!(
            err("kind='regex'\npattern='a+'\ndomains=['t.cn']\n").contains("`domains` is only for `kind = \"link\"`")
        );
        assert!(err("kind='regexp'\npattern='a+'\n").contains("unknown kind `regexp`, expected one of lexicon, near"));
        assert!(err("kind='regex'\n").contains("needs `pattern`"));
        assert!(err("kind='regex'\npattern=3\n").contains("pattern"), "a wrong type names the key");
        let rules =
            load_str("p.toml", &format!("{base}kind='regex'\npattern='a+'\nrequires=['a']\n")).expect("regex rule");
        assert_eq!(rules[0].kind.name(), "regex");
        let p = rules[0].kind.data::<crate::detect::kinds::regex::Pattern>().expect("regex data");
        assert_eq!(p.requires, vec!["a".to_owned()]);
    }

    #[test]
    fn bad_severity_and_id_are_errors() {
        let base = "[pack]\nname='x'\n[[rules]]\ncategory='c'\nmessage='m'\nterms=['a']\n";
        assert!(load_str("p.toml", &format!("{base}id='X1'\nseverity='fatal'\n")).is_err());
        let err = load_str("p.toml", &format!("{base}id='x-1'\nseverity='info'\n")).expect_err("bad id");
        assert!(err.to_string().contains("x-1"));
    }

    #[test]
    fn unless_in_adverts_defaults_on_and_needs_unless_near() {
        let base = "[pack]\nname='x'\n[[rules]]\nid='X1'\ncategory='c'\nseverity='info'\nmessage='m'\nterms=['a']\n";
        let err = load_str("p.toml", &format!("{base}unless_in_adverts=false\n")).expect_err("no unless_near");
        assert!(err.to_string().contains("`unless_in_adverts` needs `unless_near`"), "{err}");
        let rules = load_str("p.toml", &format!("{base}unless_near=['b']\n")).expect("default");
        assert!(rules[0].unless_in_adverts);
        let rules = load_str("p.toml", &format!("{base}unless_near=['b']\nunless_in_adverts=false\n")).expect("off");
        assert!(!rules[0].unless_in_adverts);
    }

    #[test]
    fn unless_near_file_terms_join_unless_near() {
        let dir = tempfile::tempdir().expect("tempdir");
        std::fs::write(dir.path().join("debunk.txt"), "# shared\n辟谣\n谣言\n").expect("write list");
        let pack = "[pack]\nname='x'\n[[rules]]\nid='X1'\ncategory='c'\nseverity='info'\nmessage='m'\n\
                    terms=['a']\nunless_near=['谣言', '澄清']\nunless_near_file='debunk.txt'\n";
        std::fs::write(dir.path().join("p.toml"), pack).expect("write pack");
        let rules = load_file(&dir.path().join("p.toml")).expect("pack loads");
        let (terms, _) = rules[0].unless.as_ref().expect("unless terms");
        assert_eq!(terms, &["谣言", "澄清", "辟谣"], "inline first, then the file's new terms");
        std::fs::write(dir.path().join("more.txt"), "网传\n辟谣\n").expect("write second list");
        std::fs::write(dir.path().join("p2.toml"), pack.replace("'debunk.txt'", "['debunk.txt', 'more.txt']"))
            .expect("write pack with a list");
        let rules = load_file(&dir.path().join("p2.toml")).expect("a list of files loads");
        let (terms, _) = rules[0].unless.as_ref().expect("unless terms");
        assert_eq!(terms, &["谣言", "澄清", "辟谣", "网传"], "each file's new terms, in order");
        std::fs::write(dir.path().join("debunk.txt"), "# nothing\n").expect("write empty list");
        let err = load_file(&dir.path().join("p.toml")).expect_err("an empty list is an error");
        assert!(err.to_string().contains("`unless_near_file` `debunk.txt` has no terms"), "{err}");
        std::fs::remove_file(dir.path().join("debunk.txt")).expect("remove list");
        let err = load_file(&dir.path().join("p.toml")).expect_err("a missing list is an error");
        assert!(err.to_string().contains("debunk.txt"), "{err}");
    }

    #[test]
    fn term_lines_skip_comments_and_dedupe() {
        let t = parse_term_lines("# c\n最佳\n\n  顶级 \n最佳\n");
        assert_eq!(t, vec![("最佳".to_owned(), 2), ("顶级".to_owned(), 4)]);
    }
}

#[cfg(test)]
mod bundled_tests {
    use super::*;

    /// msgSecCheck labels, plus hegui's own 30001 隐私 and 30002 平台规则.
    const LABELS: [u32; 11] = [10001, 20001, 20002, 20003, 20006, 20008, 20012, 20013, 21000, 30001, 30002];

    #[test]
    fn every_bundled_rule_has_examples_and_a_label() {
        let mut problems = Vec::new();
        for r in load_builtin().expect("bundled packs") {
            if r.kind.needs_corpus() {
                // Examples need a corpus; the dedup tests cover these rules.
            } else if r.examples.hit.len() < 3 || r.examples.miss.len() < 3 {
                problems.push(format!(
                    "{}: {} hit / {} miss examples",
                    r.id,
                    r.examples.hit.len(),
                    r.examples.miss.len()
                ));
            }
            if !r.label.is_some_and(|l| LABELS.contains(&l)) {
                problems.push(format!("{}: label {:?}", r.id, r.label));
            }
        }
        assert!(problems.is_empty(), "{}", problems.join("\n"));
    }
}
