//! On-disk cache of compiled lexicons, keyed by a content hash of everything the compiled
//! lexicon depends on (every rule's term lists and matching options, the allow list, the crate
//! version, the cache format and the running executable's size and modification time).
//!
//! Only lexicons with many listed terms are cached ([`Cache::min_terms`]): a small one is built
//! faster than it is read back. A file is trusted only when its header, key, length and
//! BLAKE3 checksum match and every index in it is in range; anything else (a truncated, corrupt
//! or foreign file, an unreadable folder) falls back to building, so the cache can never change
//! findings. Files are written to a temporary name and renamed into place (concurrent runs
//! never read a half-written file), and the folder keeps at most [`KEEP`] entries and
//! [`MAX_BYTES`] bytes, the most recently used first.

use std::fs;
use std::io::{Seek, Write};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, SystemTime};

use daachorse::CharwiseDoubleArrayAhoCorasick;

use super::sorted_ac::SortedAc;
use super::{Automaton, Lexicon, List, Pass, PatternInfo, Rare, Source, pass_sets};
use crate::detect::kinds::known_claim::Claims;
use crate::detect::kinds::near::Near;
use crate::detect::pack::Rule;

/// First bytes of a cache file.
const MAGIC: &[u8; 8] = b"HEGUILEX";
/// Version of the file layout: bump it whenever the payload or the lexicon changes shape.
const FORMAT: u32 = 2;
/// Most cache files kept.
pub const KEEP: usize = 8;
/// Most bytes the cache files may hold together (the newest is kept whatever its size).
pub const MAX_BYTES: u64 = 1 << 30;
/// Listed terms (terms and variants over all rules) from which a lexicon is cached by default
/// (by the library: a program embedding it, or a test, writes no cache for the bundled packs).
pub const MIN_TERMS: usize = 20_000;
/// Listed terms from which the `hegui` command caches a lexicon: the bundled packs (~1,900
/// listed terms, ~4,100 patterns with generated spellings and exceptions) build in ~3 ms and are
/// read back in under 1 ms, which a check of one draft pays on every run.
pub const CLI_MIN_TERMS: usize = 1_000;
/// Temporary files older than this are left-overs of an interrupted run and removed.
const STALE_TMP: Duration = Duration::from_secs(3600);
/// Header: magic, format, key, payload length, payload checksum.
const HEADER: usize = 8 + 4 + 32 + 8 + 32;

/// Where compiled lexicons are cached.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cache {
    /// The cache folder (created on first write).
    pub dir: PathBuf,
    /// Lexicons with fewer listed terms than this are built, not cached.
    pub min_terms: usize,
}

impl Cache {
    /// A cache in `dir` with the default size threshold ([`MIN_TERMS`]).
    pub fn new(dir: impl Into<PathBuf>) -> Self {
        Cache { dir: dir.into(), min_terms: MIN_TERMS }
    }

    /// The file of `key`.
    fn file(&self, key: &blake3::Hash) -> PathBuf {
        self.dir.join(format!("lexicon-{}.bin", key.to_hex()))
    }

    /// The cached lexicon of `key`, if a valid file holds it.
    pub(super) fn load(&self, key: &blake3::Hash, rules: &[Rule]) -> Option<Lexicon> {
        let path = self.file(key);
        let bytes = fs::read(&path).ok()?;
        let payload = check_header(&bytes, key)?;
        let lex = decode(&mut Reader::new(payload), rules)?;
        // Most recently used first when evicting.
        if let Ok(f) = fs::File::options().append(true).open(&path) {
            let _ = f.set_modified(SystemTime::now());
        }
        Some(lex)
    }

    /// Writes `lex` under `key` (atomically), then trims the folder. Failures are ignored: the
    /// cache is an optimisation.
    pub(super) fn store(&self, key: &blake3::Hash, lex: &Lexicon) {
        if fs::create_dir_all(&self.dir).is_err() {
            return;
        }
        static SEQ: AtomicU64 = AtomicU64::new(0);
        let nanos = SystemTime::now().duration_since(SystemTime::UNIX_EPOCH).map_or(0, |d| d.as_nanos());
        let tmp = self.dir.join(format!(".tmp-{}-{nanos}-{}", std::process::id(), SEQ.fetch_add(1, Ordering::Relaxed)));
        // The payload is streamed to the file (a 10^6-term lexicon is ~90 MB: not held twice in
        // memory), hashed on the way; the header is written last, over a placeholder.
        let written = (|| -> std::io::Result<()> {
            let mut f = fs::File::create(&tmp)?;
            f.write_all(&[0; HEADER])?;
            let mut w = Writer { buf: Vec::with_capacity(SPILL), sink: Some(Sink::new(f)) };
            encode(lex, &mut w);
            let (mut f, hash, len) = w.finish()?;
            f.seek(std::io::SeekFrom::Start(0))?;
            f.write_all(MAGIC)?;
            f.write_all(&FORMAT.to_le_bytes())?;
            f.write_all(key.as_bytes())?;
            f.write_all(&len.to_le_bytes())?;
            f.write_all(hash.as_bytes())?;
            f.flush()
        })();
        if written.is_err() || fs::rename(&tmp, self.file(key)).is_err() {
            let _ = fs::remove_file(&tmp);
            return;
        }
        self.trim(&self.file(key));
    }

    /// Removes the least recently used files past [`KEEP`] or [`MAX_BYTES`] (never `newest`),
    /// and stale temporary files.
    fn trim(&self, newest: &Path) {
        let Ok(entries) = fs::read_dir(&self.dir) else { return };
        let now = SystemTime::now();
        let mut files: Vec<(SystemTime, u64, PathBuf)> = Vec::new();
        for e in entries.flatten() {
            let name = e.file_name();
            let name = name.to_string_lossy();
            let Ok(meta) = e.metadata() else { continue };
            let modified = meta.modified().unwrap_or(SystemTime::UNIX_EPOCH);
            if name.starts_with(".tmp-") {
                if now.duration_since(modified).is_ok_and(|age| age > STALE_TMP) {
                    let _ = fs::remove_file(e.path());
                }
            } else if name.starts_with("lexicon-") && name.ends_with(".bin") && meta.is_file() {
                files.push((modified, meta.len(), e.path()));
            }
        }
        // The newest stays; the others by most recent use, while they fit.
        let mut total = files.iter().filter(|f| f.2 == newest).map(|f| f.1).sum::<u64>();
        let mut kept = 1usize;
        let mut rest: Vec<(SystemTime, u64, PathBuf)> = files.into_iter().filter(|f| f.2 != newest).collect();
        rest.sort_by_key(|f| std::cmp::Reverse(f.0));
        for (_, len, path) in rest {
            if kept < KEEP && total + len <= MAX_BYTES {
                kept += 1;
                total += len;
            } else {
                let _ = fs::remove_file(path);
            }
        }
    }
}

/// The payload of a cache file for `key`, if the header and checksum are right.
fn check_header<'a>(bytes: &'a [u8], key: &blake3::Hash) -> Option<&'a [u8]> {
    let head = bytes.get(..HEADER)?;
    let payload = &bytes[HEADER..];
    let len = u64::from_le_bytes(head[44..52].try_into().ok()?);
    let ok = &head[..8] == MAGIC
        && head[8..12] == FORMAT.to_le_bytes()
        && &head[12..44] == key.as_bytes()
        && len == payload.len() as u64
        && blake3::hash(payload).as_bytes() == &head[52..84];
    ok.then_some(payload)
}

/// Size and modification time of the running executable: a rebuilt binary (whose folding
/// tables or lexicon layout may differ under the same version) does not read older entries.
fn build_identity() -> (u64, u128) {
    static ID: OnceLock<(u64, u128)> = OnceLock::new();
    *ID.get_or_init(|| {
        std::env::current_exe()
            .and_then(fs::metadata)
            .map(|m| {
                let t = m.modified().ok().and_then(|t| t.duration_since(SystemTime::UNIX_EPOCH).ok());
                (m.len(), t.map_or(0, |d| d.as_nanos()))
            })
            .unwrap_or((0, 0))
    })
}

/// The content hash of everything [`Lexicon::new`] compiles from `rules` and `allow`.
///
/// The input is gathered in one buffer and hashed at once: the same hash as feeding the pieces one
/// by one, but hashed many blocks at a time instead of compressing thousands of short updates
/// (the bundled packs' 300 KB of terms, on every start).
pub fn key(rules: &[Rule], allow: &[String]) -> blake3::Hash {
    let mut h = Vec::with_capacity(1 << 18);
    h.extend_from_slice(MAGIC);
    h.extend_from_slice(&FORMAT.to_le_bytes());
    str(&mut h, env!("CARGO_PKG_VERSION"));
    h.extend_from_slice(&(super::SORTED_AC_ABOVE as u64).to_le_bytes());
    let (size, time) = build_identity();
    h.extend_from_slice(&size.to_le_bytes());
    h.extend_from_slice(&time.to_le_bytes());
    strs(&mut h, allow);
    h.extend_from_slice(&(rules.len() as u64).to_le_bytes());
    for r in rules {
        // Every option and list the lexicon reads; the Debug form of the options names all of them
        // (written in place, as `str` writes it: length first).
        let at = h.len();
        h.extend_from_slice(&0u64.to_le_bytes());
        // (Writing to a vector cannot fail.)
        let _ = write!(h, "{:?}", r.matching);
        let len = (h.len() - at - 8) as u64;
        h[at..at + 8].copy_from_slice(&len.to_le_bytes());
        strs(&mut h, &r.terms);
        strs(&mut h, &r.variants);
        strs(&mut h, r.kind.data::<Near>().map_or(&[][..], |n| &n.near));
        strs(&mut h, r.unless.as_ref().map_or(&[][..], |(u, _)| u));
        strs(&mut h, &r.except);
        strs(&mut h, claim_terms(r));
    }
    blake3::hash(&h)
}

/// The known-claim terms the lexicon holds for `rule` (none for other kinds).
fn claim_terms(rule: &Rule) -> &[String] {
    rule.kind.data::<Claims>().and_then(Claims::lexicon_terms).unwrap_or(&[])
}

/// Appends one string, length first (so that lists cannot run into each other).
fn str(h: &mut Vec<u8>, s: &str) {
    h.extend_from_slice(&(s.len() as u64).to_le_bytes());
    h.extend_from_slice(s.as_bytes());
}

/// Appends a list of strings, count first.
fn strs(h: &mut Vec<u8>, list: &[String]) {
    h.extend_from_slice(&(list.len() as u64).to_le_bytes());
    list.iter().for_each(|s| str(h, s));
}

/// Bytes buffered before the [`Writer`] hands them to its file.
const SPILL: usize = 1 << 20;

/// Where a [`Writer`] streams to: the file, the payload's running hash and length, and the
/// first error.
struct Sink {
    file: fs::File,
    hasher: blake3::Hasher,
    len: u64,
    error: Option<std::io::Error>,
}

impl Sink {
    fn new(file: fs::File) -> Self {
        Sink { file, hasher: blake3::Hasher::new(), len: 0, error: None }
    }

    fn write(&mut self, b: &[u8]) {
        if self.error.is_none() {
            self.hasher.update(b);
            self.len += b.len() as u64;
            if let Err(e) = self.file.write_all(b) {
                self.error = Some(e);
            }
        }
    }
}

/// Little-endian writer of a payload: into memory, or streamed to a file.
#[derive(Default)]
pub struct Writer {
    buf: Vec<u8>,
    sink: Option<Sink>,
}

impl Writer {
    /// Appends bytes, handing the buffer to the file when it is full.
    fn put(&mut self, b: &[u8]) {
        self.buf.extend_from_slice(b);
        if self.buf.len() >= SPILL
            && let Some(s) = &mut self.sink
        {
            s.write(&self.buf);
            self.buf.clear();
        }
    }

    /// Writes what is buffered: the file, the payload's hash and length (streamed writers only).
    fn finish(mut self) -> std::io::Result<(fs::File, blake3::Hash, u64)> {
        let mut s = self.sink.take().ok_or_else(|| std::io::Error::other("not streamed"))?;
        s.write(&self.buf);
        match s.error {
            Some(e) => Err(e),
            None => Ok((s.file, s.hasher.finalize(), s.len)),
        }
    }

    fn u8(&mut self, v: u8) {
        self.put(&[v]);
    }

    fn u32(&mut self, v: u32) {
        self.put(&v.to_le_bytes());
    }

    fn u64(&mut self, v: u64) {
        self.put(&v.to_le_bytes());
    }

    fn bytes(&mut self, b: &[u8]) {
        self.u64(b.len() as u64);
        self.put(b);
    }

    /// A count, then the values.
    pub fn u32s(&mut self, v: &[u32]) {
        self.u64(v.len() as u64);
        v.iter().for_each(|&x| self.u32(x));
    }

    /// A count, then the code points.
    pub fn chars(&mut self, v: &[char]) {
        self.u64(v.len() as u64);
        v.iter().for_each(|&c| self.u32(c as u32));
    }

    /// `None` as `u32::MAX`.
    fn opt(&mut self, v: Option<u32>) {
        self.u32(v.unwrap_or(u32::MAX));
    }

    fn pairs(&mut self, v: &[(u32, u32)]) {
        self.u64(v.len() as u64);
        v.iter().for_each(|&(a, b)| {
            self.u32(a);
            self.u32(b);
        });
    }
}

/// Bounds-checked reader of a payload: every read past the end is `None`.
pub struct Reader<'a> {
    rest: &'a [u8],
}

impl<'a> Reader<'a> {
    fn new(bytes: &'a [u8]) -> Self {
        Reader { rest: bytes }
    }

    fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        if n > self.rest.len() {
            return None;
        }
        let (a, b) = self.rest.split_at(n);
        self.rest = b;
        Some(a)
    }

    fn u8(&mut self) -> Option<u8> {
        Some(self.take(1)?[0])
    }

    fn u32(&mut self) -> Option<u32> {
        Some(u32::from_le_bytes(self.take(4)?.try_into().ok()?))
    }

    fn u64(&mut self) -> Option<u64> {
        Some(u64::from_le_bytes(self.take(8)?.try_into().ok()?))
    }

    /// A count that fits in the bytes left, `each` bytes per item.
    fn count(&mut self, each: usize) -> Option<usize> {
        let n = usize::try_from(self.u64()?).ok()?;
        (n.checked_mul(each)? <= self.rest.len()).then_some(n)
    }

    fn bytes(&mut self) -> Option<&'a [u8]> {
        let n = self.count(1)?;
        self.take(n)
    }

    /// What [`Writer::u32s`] wrote.
    pub fn u32s(&mut self) -> Option<Vec<u32>> {
        let n = self.count(4)?;
        let b = self.take(n * 4)?;
        Some(b.chunks_exact(4).map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]])).collect())
    }

    /// What [`Writer::chars`] wrote.
    pub fn chars(&mut self) -> Option<Vec<char>> {
        self.u32s()?.into_iter().map(char::from_u32).collect()
    }

    fn opt(&mut self) -> Option<Option<u32>> {
        let v = self.u32()?;
        Some((v != u32::MAX).then_some(v))
    }

    fn pairs(&mut self) -> Option<Vec<(u32, u32)>> {
        let n = self.count(8)?;
        let b = self.take(n * 8)?;
        let word = |c: &[u8]| u32::from_le_bytes([c[0], c[1], c[2], c[3]]);
        Some(b.chunks_exact(8).map(|c| (word(&c[..4]), word(&c[4..]))).collect())
    }
}

/// Writes the lexicon's tables (the pass boundary sets are recomputed from the rules on read).
fn encode(lex: &Lexicon, w: &mut Writer) {
    w.u64(lex.passes.len() as u64);
    for p in &lex.passes {
        match &p.pma {
            None => w.u8(0),
            Some(Automaton::Double(d)) => {
                w.u8(1);
                w.bytes(&d.serialize());
            }
            Some(Automaton::Sorted(s)) => {
                w.u8(2);
                s.write(w);
            }
        }
        match &p.ids {
            None => w.u8(0),
            Some(ids) => {
                w.u8(1);
                w.u32s(ids);
            }
        }
    }
    w.u64(lex.patterns.len() as u64);
    for p in &lex.patterns {
        w.u32(p.chars);
        w.opt(p.term.map(|t| t.0));
        w.opt(p.term.map(|t| t.1));
        match &p.rare {
            None => w.u8(0),
            Some(r) => {
                w.u8(1);
                w.pairs(&r.terms);
                w.pairs(&r.partners);
                w.pairs(&r.unless);
                w.u64(r.excepts.len() as u64);
                for &(rule, min, star) in &r.excepts {
                    w.opt(rule);
                    w.u32(min);
                    w.u8(u8::from(star));
                }
                w.pairs(&r.claims);
            }
        }
    }
    w.u64(lex.sources.len() as u64);
    for s in &lex.sources {
        w.u32(s.rule);
        w.u8(match s.list {
            List::Terms => 0,
            List::Variants => 1,
            List::Partners => 2,
            List::Unless => 3,
        });
        w.u32(s.index);
        match &s.spelling {
            None => w.u8(0),
            Some(sp) => {
                w.u8(1);
                w.bytes(sp.as_bytes());
            }
        }
        w.opt(s.latin_start.map(u32::from));
        w.opt(s.latin_end.map(u32::from));
        w.u32(s.min_chars);
    }
}

/// Reads what [`encode`] wrote for `rules`; `None` on any inconsistency.
fn decode(r: &mut Reader<'_>, rules: &[Rule]) -> Option<Lexicon> {
    let (sets, rule_pass) = pass_sets(rules);
    let n_passes = r.count(2)?;
    if n_passes != sets.len() {
        return None;
    }
    // Automata first, checked against the pattern count once it is known.
    let mut raw = Vec::with_capacity(n_passes);
    for _ in 0..n_passes {
        let kind = r.u8()?;
        let pma = match kind {
            0 => None,
            1 => Some(r.bytes()?),
            2 => {
                // Parsed below, once the pattern count is known: six tables to skip here.
                let at = r.rest;
                for _ in 0..6 {
                    let n = r.count(4)?;
                    r.take(n * 4)?;
                }
                Some(&at[..at.len() - r.rest.len()])
            }
            _ => return None,
        };
        let ids = match r.u8()? {
            0 => None,
            1 => Some(r.u32s()?),
            _ => return None,
        };
        raw.push((kind, pma, ids));
    }
    let n_patterns = r.count(13)?;
    let mut patterns = Vec::with_capacity(n_patterns);
    for _ in 0..n_patterns {
        let chars = r.u32()?;
        let term = match (r.opt()?, r.opt()?) {
            (Some(a), Some(b)) => Some((a, b)),
            (None, None) => None,
            _ => return None,
        };
        let rare = match r.u8()? {
            0 => None,
            1 => {
                let terms = r.pairs()?;
                let partners = r.pairs()?;
                let unless = r.pairs()?;
                let n = r.count(9)?;
                let excepts = (0..n).map(|_| Some((r.opt()?, r.u32()?, r.u8()? != 0))).collect::<Option<Vec<_>>>()?;
                let claims = r.pairs()?;
                Some(Box::new(Rare { terms, partners, unless, excepts, claims }))
            }
            _ => return None,
        };
        patterns.push(PatternInfo { chars, hold: false, term, rare });
    }
    let n_sources = r.count(22)?;
    let mut sources = Vec::with_capacity(n_sources);
    for _ in 0..n_sources {
        let rule = r.u32()?;
        let list = match r.u8()? {
            0 => List::Terms,
            1 => List::Variants,
            2 => List::Partners,
            3 => List::Unless,
            _ => return None,
        };
        let index = r.u32()?;
        let spelling = match r.u8()? {
            0 => None,
            1 => Some(std::str::from_utf8(r.bytes()?).ok()?.into()),
            _ => return None,
        };
        let latin = |v: Option<u32>| v.map(char::from_u32).map_or(Some(None), |c| c.map(Some));
        let latin_start = latin(r.opt()?)?;
        let latin_end = latin(r.opt()?)?;
        let min_chars = r.u32()?;
        if rule as usize >= rules.len() {
            return None;
        }
        sources.push(Source { rule, list, index, spelling, latin_start, latin_end, min_chars });
    }
    if !r.rest.is_empty() {
        return None;
    }
    // Every index a scan follows must be in range.
    let owner = |&(rule, src): &(u32, u32)| (rule as usize) < rules.len() && (src as usize) < sources.len();
    let in_range = patterns.iter().all(|p| {
        p.term.iter().all(owner)
            && p.rare.as_ref().is_none_or(|x| {
                x.terms.iter().all(owner)
                    && x.partners.iter().all(owner)
                    && x.unless.iter().all(owner)
                    && x.excepts.iter().all(|e| e.0.is_none_or(|ri| (ri as usize) < rules.len()))
                    && x.claims
                        .iter()
                        .all(|&(ri, t)| rules.get(ri as usize).is_some_and(|r| (t as usize) < claim_terms(r).len()))
            })
    });
    if !in_range {
        return None;
    }
    super::mark_held(&mut patterns, &sources);
    let count = u32::try_from(patterns.len()).ok()?;
    let mut passes = Vec::with_capacity(n_passes);
    for (boundaries, (kind, pma, ids)) in sets.into_iter().zip(raw) {
        if ids.as_ref().is_some_and(|ids| ids.iter().any(|&i| i >= count)) {
            return None;
        }
        let pma = match (kind, pma) {
            (1, Some(b)) => {
                let (d, rest) = CharwiseDoubleArrayAhoCorasick::<u32>::deserialize(b).ok()?;
                if !rest.is_empty() {
                    return None;
                }
                Some(Automaton::Double(d))
            }
            (2, Some(b)) => {
                let local = ids.as_ref().map_or(Some(count), |ids| u32::try_from(ids.len()).ok())?;
                Some(Automaton::Sorted(SortedAc::read(&mut Reader::new(b), local)?))
            }
            _ => None,
        };
        passes.push(Pass { boundaries, pma, ids });
    }
    let longest = patterns.iter().map(|p| p.chars as usize).max().unwrap_or(1);
    let ring = (longest + 1).next_power_of_two();
    Some(Lexicon { passes, rule_pass, patterns, sources, ring, sizes: Default::default() })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::detect::pack::load_str;

    /// Rules using every list and option the lexicon compiles: two boundary sets (two passes),
    /// pinyin, variants, `except`, `near` partners and `unless_near` contexts.
    fn rules(pinyin: bool, extra: &str) -> Vec<Rule> {
        load_str(
            "c.toml",
            &format!(
                r#"
[pack]
name = "c"
[[rules]]
id = "C001"
category = "c"
severity = "warning"
message = "m {{term}}"
terms = ["最佳", "最低价", "No.1"{extra}]
variants = ["最低價格"]
except = ["最佳食用"]
unless_near = ["仅供参考"]
[[rules]]
id = "C002"
category = "c"
severity = "error"
message = "m"
terms = ["赌博", "祖传"]
[rules.match]
pinyin = {pinyin}
pinyin_initials = true
hard = "/"
[[rules]]
id = "C003"
category = "c"
severity = "error"
message = "m"
kind = "near"
terms = ["保健品"]
near = ["治愈"]
"#
            ),
        )
        .expect("valid")
    }

    const TEXTS: &[&str] = &[
        "全网最低价，最佳，最佳食用期，最低價格",
        "来 DuBo 吧 db，祖/传秘方",
        "这款保健品能治愈百病。编号No.1",
        "最低价仅供参考",
    ];

    /// Each text's hits, as comparable text.
    fn hits(lex: &Lexicon, rules: &[Rule]) -> Vec<String> {
        TEXTS.iter().map(|t| format!("{:?}", lex.find(t, rules))).collect()
    }

    fn cache(dir: &Path) -> Cache {
        Cache { dir: dir.to_path_buf(), min_terms: 0 }
    }

    fn files(dir: &Path) -> Vec<PathBuf> {
        let mut v: Vec<PathBuf> = fs::read_dir(dir)
            .map(|d| d.flatten().map(|e| e.path()).filter(|p| p.extension().is_some_and(|x| x == "bin")).collect())
            .unwrap_or_default();
        v.sort();
        v
    }

    #[test]
    fn a_cached_lexicon_finds_what_the_built_one_finds() {
        let r = rules(true, "");
        let allow = ["最佳拍档".to_owned()];
        // Both automata: the double array, and the sorted one (forced by a zero threshold).
        for sorted_above in [usize::MAX, 0] {
            let built = Lexicon::build(&r, &allow, sorted_above).expect("builds");
            let mut w = Writer::default();
            encode(&built, &mut w);
            let read = decode(&mut Reader::new(&w.buf), &r).expect("decodes");
            assert_eq!(hits(&read, &r), hits(&built, &r), "sorted above {sorted_above}");
            assert!(hits(&built, &r).iter().any(|h| h.len() > 2), "the texts have hits");
            assert_eq!(read.passes.len(), 2);
        }
        // Through the files: the first call writes, the second reads.
        let dir = tempfile::tempdir().expect("tempdir");
        let c = cache(dir.path());
        let first = Lexicon::cached(&r, &allow, Some(&c)).expect("builds");
        assert_eq!(files(dir.path()).len(), 1, "written");
        let key = key(&r, &allow);
        let loaded = c.load(&key, &r).expect("a hit");
        assert_eq!(hits(&loaded, &r), hits(&first, &r));
        let second = Lexicon::cached(&r, &allow, Some(&c)).expect("reads");
        assert_eq!(hits(&second, &r), hits(&Lexicon::new(&r, &allow).expect("builds"), &r));
    }

    #[test]
    fn a_damaged_or_foreign_file_is_not_read_and_is_replaced() {
        let r = rules(true, "");
        let dir = tempfile::tempdir().expect("tempdir");
        let c = cache(dir.path());
        let want = hits(&Lexicon::new(&r, &[]).expect("builds"), &r);
        Lexicon::cached(&r, &[], Some(&c)).expect("builds");
        let path = files(dir.path()).pop().expect("written");
        let good = fs::read(&path).expect("read");
        let key = key(&r, &[]);
        let mut flipped = good.clone();
        let mid = HEADER + (good.len() - HEADER) / 2;
        flipped[mid] ^= 0x55;
        let mut wrong_key = good.clone();
        wrong_key[20] ^= 1;
        let mut wrong_format = good.clone();
        wrong_format[8] ^= 1;
        let damaged: Vec<(&str, Vec<u8>)> = vec![
            ("flipped payload byte", flipped),
            ("truncated", good[..good.len() - 7].to_vec()),
            ("header only", good[..HEADER].to_vec()),
            ("empty", Vec::new()),
            ("garbage", b"not a cache file at all".repeat(10)),
            ("another key", wrong_key),
            ("another format", wrong_format),
            ("trailing bytes", [&good[..], b"x"].concat()),
        ];
        for (what, bytes) in damaged {
            fs::write(&path, &bytes).expect("write");
            assert!(c.load(&key, &r).is_none(), "{what}: not read");
            let lex = Lexicon::cached(&r, &[], Some(&c)).expect("falls back to building");
            assert_eq!(hits(&lex, &r), want, "{what}: same hits");
            assert_eq!(fs::read(&path).expect("read"), good, "{what}: rewritten");
        }
        // A payload whose checksum is right but whose indices are out of range (as another
        // rule set's would be) is refused too.
        let fewer: Vec<Rule> = r[..1].to_vec();
        let payload = check_header(&good, &key).expect("valid");
        assert!(decode(&mut Reader::new(payload), &fewer).is_none());
    }

    #[test]
    fn the_key_names_terms_options_and_the_allow_list() {
        let base = key(&rules(true, ""), &[]);
        assert_eq!(base, key(&rules(true, ""), &[]), "deterministic");
        assert_ne!(base, key(&rules(true, r#", "新词""#), &[]), "a term added");
        assert_ne!(base, key(&rules(false, ""), &[]), "an option changed");
        assert_ne!(base, key(&rules(true, ""), &["最佳拍档".to_owned()]), "allow list");
        let mut moved = rules(true, "");
        moved[0].terms.swap(0, 1);
        assert_ne!(base, key(&moved, &[]), "term order (pattern numbering follows it)");
    }

    #[test]
    fn small_lexicons_are_not_cached_and_the_folder_is_bounded() {
        let dir = tempfile::tempdir().expect("tempdir");
        let r = rules(true, "");
        let big = Cache { dir: dir.path().to_path_buf(), min_terms: 1000 };
        Lexicon::cached(&r, &[], Some(&big)).expect("builds");
        assert!(files(dir.path()).is_empty(), "below min_terms: nothing written");
        let c = cache(dir.path());
        for i in 0..KEEP + 3 {
            Lexicon::cached(&r, &[format!("允许{i}")], Some(&c)).expect("builds");
        }
        let kept = files(dir.path());
        assert_eq!(kept.len(), KEEP, "at most KEEP entries");
        // The newest is among them.
        let newest = c.file(&key(&r, &[format!("允许{}", KEEP + 2)]));
        assert!(kept.contains(&newest));
        assert!(
            !fs::read_dir(dir.path())
                .expect("dir")
                .flatten()
                .any(|e| e.file_name().to_string_lossy().starts_with(".tmp-"))
        );
    }
}
