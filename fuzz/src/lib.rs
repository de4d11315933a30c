//! Invariant checks shared by the fuzz targets in `fuzz_targets/`.
//!
//! Every check panics with a message naming the broken invariant, so libFuzzer records the input
//! as a crash.

use std::ops::Range;
use std::time::{Duration, Instant};

use hegui::model::OffsetMap;
use hegui::source::extract::Extracted;

/// Inputs up to this many bytes must be processed within [`TIME_BUDGET`].
pub const TIMED_LEN: usize = 64 * 1024;

/// CPU time allowed for one input of at most [`TIMED_LEN`] bytes. Coarse on purpose: the
/// linear-time code takes milliseconds, so only super-linear behaviour comes near it, even under
/// a sanitizer on a busy machine.
pub const TIME_BUDGET: Duration = Duration::from_secs(1);

/// Runs `f` over an input of `len` bytes and fails if it took longer than [`TIME_BUDGET`] of this
/// thread's CPU time (wall time where Linux's per-thread CPU time cannot be read). Wall time alone
/// gave false alarms: a fuzzer run under `nice -n 19` on a loaded machine is descheduled for
/// seconds at a time (a 156-byte `scan` input "took" 1.17 s, 0.1 ms of work).
pub fn timed<T>(what: &str, len: usize, f: impl FnOnce() -> T) -> T {
    let start = Instant::now();
    let cpu_start = if len <= TIMED_LEN { thread_cpu() } else { None };
    let out = f();
    let wall = start.elapsed();
    if len <= TIMED_LEN && wall > TIME_BUDGET {
        let took = match (cpu_start, thread_cpu()) {
            (Some(a), Some(b)) => b.saturating_sub(a),
            _ => wall,
        };
        if took > TIME_BUDGET {
            panic!(
                "{what}: {len}-byte input took {took:?} of CPU time ({wall:?} wall), over the {TIME_BUDGET:?} budget"
            );
        }
    }
    out
}

/// CPU time this thread has run (Linux: the first field of `/proc/thread-self/schedstat`).
fn thread_cpu() -> Option<Duration> {
    let stat = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    stat.split_whitespace().next()?.parse().ok().map(Duration::from_nanos)
}

/// Fails if the output of a stage is absurdly larger than its input (`factor` × + 64 bytes).
pub fn check_growth(what: &str, input_len: usize, output_len: usize, factor: usize) {
    check_growth_slack(what, input_len, output_len, factor, 0);
}

/// [`check_growth`] with `slack` more bytes allowed.
pub fn check_growth_slack(what: &str, input_len: usize, output_len: usize, factor: usize, slack: usize) {
    let limit = input_len.saturating_mul(factor).saturating_add(64).saturating_add(slack);
    assert!(output_len <= limit, "{what}: output of {output_len} bytes from {input_len} input bytes (limit {limit})");
}

/// Characters checked one by one in a text: every one in texts of up to 2 × [`SAMPLED`] bytes,
/// every n-th in longer ones (at most about 2 × [`SAMPLED`] in all), so checks stay cheap and
/// long inputs do not slow the fuzzer down; the interesting inputs are short anyway.
pub fn sampled_chars(text: &str) -> impl Iterator<Item = (usize, char)> + '_ {
    let step = text.len() / (SAMPLED * 2) + 1;
    text.char_indices().step_by(step)
}

/// See [`sampled_chars`].
pub const SAMPLED: usize = 256;

/// The char-boundary offsets of `text` (including `text.len()`), thinned to at most about
/// `max` evenly spread ones so checking all pairs stays cheap on long inputs.
pub fn boundaries(text: &str, max: usize) -> Vec<usize> {
    let all: Vec<usize> = text.char_indices().map(|(i, _)| i).chain([text.len()]).collect();
    if all.len() <= max {
        return all;
    }
    let step = all.len().div_ceil(max);
    let mut out: Vec<usize> = all.iter().copied().step_by(step).collect();
    if out.last() != Some(&text.len()) {
        out.push(text.len());
    }
    out
}

/// Checks that `map` takes ranges of `text` on char boundaries to ranges of `src` on char
/// boundaries: every single character ([`sampled_chars`] in long texts), every empty position,
/// and all pairs of a thinned set of boundaries. With `monotone`, a character never maps to a start before the previous
/// character's (stages that keep source order: decoding, normalization).
pub fn check_map_str(what: &str, map: &OffsetMap, text: &str, src: &str, monotone: bool) {
    check_map(what, map, text, src.len(), &|off| src.is_char_boundary(off), monotone);
}

/// [`check_map_str`] for a source that is raw bytes with its own notion of boundary.
pub fn check_map(
    what: &str,
    map: &OffsetMap,
    text: &str,
    src_len: usize,
    boundary: &dyn Fn(usize) -> bool,
    monotone: bool,
) {
    let check = |r: Range<usize>| {
        let m = map.map_range(r.clone());
        assert!(m.start <= m.end, "{what}: {r:?} maps to reversed {m:?}");
        assert!(m.end <= src_len, "{what}: {r:?} maps to {m:?}, past the source's {src_len} bytes");
        assert!(boundary(m.start) && boundary(m.end), "{what}: {r:?} maps to {m:?}, not on source boundaries");
        m
    };
    let mut last_start = 0;
    for (i, c) in sampled_chars(text) {
        let m = check(i..i + c.len_utf8());
        assert!(
            !monotone || m.start >= last_start,
            "{what}: char at {i} maps to {m:?}, before the previous char's start {last_start}"
        );
        last_start = m.start;
        check(i..i);
    }
    check(text.len()..text.len());
    let bs = boundaries(text, 24);
    for (k, &a) in bs.iter().enumerate() {
        for &b in &bs[k..] {
            check(a..b);
        }
    }
}

/// Checks an extraction of `src`: its map (as [`check_map_str`]), its size, its field list
/// (sorted, disjoint, on char boundaries of the text) and the verbatim contract: a character
/// whose source is as long as itself is a copy of it; any other maps to an entity, an escape,
/// a CRLF, or is a synthetic `"\n"` separator mapping to nothing ([`sampled_chars`] in long texts).
/// The text may be up to 4 × the source plus `slack` bytes.
pub fn check_extracted(what: &str, e: &Extracted, src: &str, strict_verbatim: bool, slack: usize) {
    check_growth_slack(what, src.len(), e.text.len(), 4, slack);
    check_map_str(what, &e.map, &e.text, src, false);
    let mut end = 0;
    for (r, f) in &e.fields {
        assert!(r.start >= end && r.start <= r.end, "{what}: field {f:?} at {r:?} overlaps or is reversed");
        assert!(r.end <= e.text.len(), "{what}: field {f:?} at {r:?} past the text");
        assert!(
            e.text.is_char_boundary(r.start) && e.text.is_char_boundary(r.end),
            "{what}: field {f:?} at {r:?} not on char boundaries"
        );
        end = r.end;
    }
    if !strict_verbatim {
        return;
    }
    for (i, c) in sampled_chars(&e.text) {
        let r = i..i + c.len_utf8();
        let m = e.map.map_range(r.clone());
        if c == '\n' && m.is_empty() {
            continue; // synthetic separator
        }
        let s = &src[m.clone()];
        if s.len() == c.len_utf8() && KNOWN_ENTITY_AS_COPY && s.is_ascii() && !c.is_ascii() {
            // Known: an entity decoding to several characters as long as itself (`&acE;`) is
            // mapped byte for byte (tests/fuzz_regressions.rs, ignored tests on entities).
        } else if s.len() == c.len_utf8() {
            assert_eq!(s, &e.text[r], "{what}: verbatim char {c:?} at {i} maps to {m:?}");
        } else {
            assert!(
                s.starts_with('&') || s.starts_with('\\') || s == "\r\n",
                "{what}: replaced char {c:?} at {i} maps to {s:?} at {m:?}"
            );
        }
    }
}

/// Whether [`check_extracted`] lets pass the known mapping problem of entities that decode to
/// several characters as long as the entity (fixed: `false`).
pub const KNOWN_ENTITY_AS_COPY: bool = false;

/// Writes `bytes` to a file named `name` in a folder of this process under `/dev/shm` (memory:
/// the index's fsyncs cost nothing there) or else the temp folder, and returns its path (for
/// APIs that only read files).
pub fn temp_file(name: &str, bytes: &[u8]) -> std::path::PathBuf {
    let shm = std::path::Path::new("/dev/shm");
    let base = if shm.is_dir() { shm.to_path_buf() } else { std::env::temp_dir() };
    let dir = base.join(format!("hegui-fuzz-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

/// Whether a TOML document names only harmless paths: no string value is absolute, climbs with
/// `..` or names a device. Configs and packs read files they name (word lists, term files), and a
/// fuzzer spelling `/dev/zero` would only measure the machine. `None` if it is not TOML at all.
pub fn toml_paths_are_local(text: &str) -> Option<bool> {
    fn ok(v: &toml::Value) -> bool {
        match v {
            toml::Value::String(s) => {
                !(s.starts_with('/') || s.starts_with('\\') || s.starts_with('~') || s.contains(".."))
            }
            toml::Value::Array(a) => a.iter().all(ok),
            toml::Value::Table(t) => t.iter().all(|(k, v)| ok(&toml::Value::String(k.clone())) && ok(v)),
            _ => true,
        }
    }
    let v: toml::Table = toml::from_str(text).ok()?;
    Some(v.iter().all(|(k, v)| ok(&toml::Value::String(k.clone())) && ok(v)))
}
