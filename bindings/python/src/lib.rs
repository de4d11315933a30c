//! `hegui._hegui`: the hegui library's [`Scanner`](hegui::scan::Scanner) and duplicate-content
//! functions for Python. Findings are the CLI's JSON findings (`hegui check --format json`) as
//! dicts, with character offsets next to the byte ones; every error is a `hegui.HeguiError` carrying
//! the CLI's message. Scanning releases the GIL.

use std::collections::HashSet;
use std::ops::Range;
use std::path::{Path, PathBuf};

use hegui::dedup::{Prints, QueryOptions};
use hegui::model::{FileReport, FileStatus, Finding, Lang};
use hegui::scan::{Scanner as Inner, ScannerOptions};
use hegui::source::{self, EncodingChoice, Format, SourceDoc, SourceOptions};
use pyo3::create_exception;
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict, PyList, PyString};

create_exception!(
    _hegui,
    HeguiError,
    PyValueError,
    "A hegui error: bad config, pack, format or input (the CLI's message)."
);

/// The path a document without one is reported under.
const NO_PATH: &str = "<string>";

/// A document handed over from Python: text (UTF-8, as Python holds it) or a file's raw bytes
/// (decoded as the CLI decodes files).
enum Input {
    Text(String),
    Bytes(Vec<u8>),
}

impl Input {
    fn extract(obj: &Bound<'_, PyAny>) -> PyResult<Self> {
        if obj.is_instance_of::<PyString>() {
            Ok(Input::Text(obj.extract::<String>()?))
        } else if let Ok(b) = obj.cast::<PyBytes>() {
            Ok(Input::Bytes(b.as_bytes().to_vec()))
        } else {
            Err(HeguiError::new_err(format!("expected str or bytes, got {}", obj.get_type().name()?)))
        }
    }

    fn bytes(&self) -> &[u8] {
        match self {
            Input::Text(s) => s.as_bytes(),
            Input::Bytes(b) => b,
        }
    }

    fn text(&self) -> Option<&str> {
        match self {
            Input::Text(s) => Some(s),
            Input::Bytes(_) => None,
        }
    }
}

fn parse_lang(lang: &str) -> PyResult<Lang> {
    match lang {
        "zh" => Ok(Lang::Zh),
        "en" => Ok(Lang::En),
        other => Err(HeguiError::new_err(format!("unknown language `{other}` (zh or en)"))),
    }
}

/// The format a name stands for (`txt`, `md`/`markdown`, `html`/`htm`, `docx`), else the one of the
/// path's extension (plain text if unknown), as `hegui check` picks it.
fn pick_format(format: Option<&str>, path: &str) -> PyResult<Format> {
    let by_ext = |ext: &str| Format::for_path(Path::new(&format!("x.{ext}")));
    match format {
        None => Ok(Format::for_path(Path::new(path))),
        Some("txt" | "text") => Ok(Format::TXT),
        Some(f @ ("md" | "markdown" | "html" | "htm" | "docx")) => Ok(by_ext(f)),
        Some(other) => Err(HeguiError::new_err(format!("unknown format `{other}` (txt, md, html or docx)"))),
    }
}

/// Source options for `input`: text is UTF-8 whatever the scanner's encoding setting; bytes are
/// decoded as configured.
fn options_for(input: &Input, base: &SourceOptions) -> SourceOptions {
    match input {
        Input::Text(_) => SourceOptions { encoding: EncodingChoice::Utf8, ..base.clone() },
        Input::Bytes(_) => base.clone(),
    }
}

/// Byte offsets → character offsets of `text`, for offsets visited in any order.
struct CharIndex<'a> {
    text: &'a str,
    last: (usize, usize),
}

impl<'a> CharIndex<'a> {
    fn new(text: &'a str) -> Self {
        Self { text, last: (0, 0) }
    }

    fn chars(&mut self, byte: usize) -> Option<usize> {
        if !self.text.is_char_boundary(byte) {
            return None;
        }
        let (b0, c0) = if byte >= self.last.0 { self.last } else { (0, 0) };
        let c = c0 + self.text.get(b0..byte)?.chars().count();
        self.last = (byte, c);
        Some(c)
    }

    fn range(&mut self, r: &Range<usize>) -> (Option<usize>, Option<usize>) {
        (self.chars(r.start), self.chars(r.end))
    }
}

/// A serde value as a Python object (dicts keep the serialization's key order).
fn to_py<'py>(py: Python<'py>, v: &serde_json::Value) -> PyResult<Bound<'py, PyAny>> {
    use serde_json::Value;
    Ok(match v {
        Value::Null => py.None().into_bound(py),
        Value::Bool(b) => b.into_pyobject(py)?.to_owned().into_any(),
        Value::Number(n) => {
            if let Some(i) = n.as_i64() {
                i.into_pyobject(py)?.into_any()
            } else if let Some(u) = n.as_u64() {
                u.into_pyobject(py)?.into_any()
            } else {
                n.as_f64().unwrap_or(f64::NAN).into_pyobject(py)?.into_any()
            }
        }
        Value::String(s) => s.into_pyobject(py)?.into_any(),
        Value::Array(a) => {
            let l = PyList::empty(py);
            for x in a {
                l.append(to_py(py, x)?)?;
            }
            l.into_any()
        }
        Value::Object(o) => {
            let d = PyDict::new(py);
            for (k, x) in o {
                d.set_item(k, to_py(py, x)?)?;
            }
            d.into_any()
        }
    })
}

/// A finding as the CLI's JSON object, plus `char_range` (character offsets into the Python
/// string, `None` for bytes input) — `text[start:end] == matched`.
fn finding_dict<'py>(py: Python<'py>, f: &Finding, chars: Option<&mut CharIndex<'_>>) -> PyResult<Bound<'py, PyAny>> {
    let mut v = serde_json::to_value(f).map_err(|e| HeguiError::new_err(e.to_string()))?;
    let range = match chars {
        Some(ci) => match ci.range(&f.byte_range) {
            (Some(s), Some(e)) => serde_json::json!([s, e]),
            _ => serde_json::Value::Null,
        },
        None => serde_json::Value::Null,
    };
    if let Some(o) = v.as_object_mut() {
        o.insert("char_range".into(), range);
    }
    to_py(py, &v)
}

/// The CLI's message for a document that could not be scanned (`path: why`), or `None`.
fn problem(report: &FileReport, lang: Lang) -> Option<String> {
    match &report.status {
        FileStatus::Scanned { .. } => None,
        FileStatus::Skipped(p) | FileStatus::Error(p) => {
            Some(format!("{}: {}", report.path, hegui::report::problem_text(p, lang)))
        }
    }
}

/// The findings of one scanned document as Python dicts, or the error it raised.
fn findings_list<'py>(py: Python<'py>, input: &Input, report: &FileReport, lang: Lang) -> PyResult<Bound<'py, PyAny>> {
    if let Some(msg) = problem(report, lang) {
        return Err(HeguiError::new_err(msg));
    }
    let list = PyList::empty(py);
    let mut ci = input.text().map(CharIndex::new);
    for f in &report.findings {
        list.append(finding_dict(py, f, ci.as_mut())?)?;
    }
    Ok(list.into_any())
}

/// The hegui scanner: the bundled packs (or a config's), compiled once; scans documents handed
/// over as `str` (UTF-8) or `bytes` (decoded as `hegui check` decodes files).
#[pyclass(module = "hegui._hegui", frozen)]
struct Scanner {
    inner: Inner,
    lang: Lang,
}

impl Scanner {
    fn scan_one(&self, input: &Input, path: &str, format: Format) -> FileReport {
        let opts = options_for(input, self.inner.source_options());
        self.inner.report(path, Path::new(path), source::load(input.bytes(), format, &opts))
    }
}

#[pymethods]
impl Scanner {
    /// `Scanner(config=None, packs=None, select=None, ignore=None, lang="zh")`: `config` is a
    /// hegui.toml path (None: the bundled defaults, as `--no-config`), `packs` extra pack files,
    /// `select`/`ignore` rule selectors as `--select`/`--ignore`.
    #[new]
    #[pyo3(signature = (config=None, packs=None, select=None, ignore=None, lang="zh"))]
    fn new(
        py: Python<'_>,
        config: Option<PathBuf>,
        packs: Option<Vec<PathBuf>>,
        select: Option<Vec<String>>,
        ignore: Option<Vec<String>>,
        lang: &str,
    ) -> PyResult<Self> {
        let lang = parse_lang(lang)?;
        let opts = ScannerOptions {
            packs: packs.unwrap_or_default(),
            select: select.unwrap_or_default(),
            ignore: ignore.unwrap_or_default(),
            lang,
            ..ScannerOptions::default()
        };
        let built = py.detach(|| -> Result<Inner, String> {
            let cfg = match &config {
                Some(p) => hegui::config::load(p).map_err(|e| e.to_string())?,
                None => hegui::config::Config::default(),
            };
            Inner::new(cfg, &opts).map_err(|e| e.to_string())
        });
        match built {
            Ok(inner) => Ok(Self { inner, lang }),
            Err(msg) => Err(HeguiError::new_err(msg)),
        }
    }

    /// `scan(text, path=None, format=None)`: the findings of one document, as `hegui check
    /// --format json` lists them for a file `path` with this content, each with `char_range`.
    /// `format`: `txt`, `md`, `html` (`docx` for bytes); default: by `path`'s extension.
    #[pyo3(signature = (text, path=None, format=None))]
    fn scan<'py>(
        &self,
        py: Python<'py>,
        text: &Bound<'py, PyAny>,
        path: Option<&str>,
        format: Option<&str>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let input = Input::extract(text)?;
        let path = path.unwrap_or(NO_PATH);
        let format = pick_format(format, path)?;
        let report = py.detach(|| self.scan_one(&input, path, format));
        findings_list(py, &input, &report, self.lang)
    }

    /// `scan_batch(texts, paths=None, format=None, errors="raise")`: `scan` over many documents
    /// with the GIL released for the whole batch. With `errors="return"` a document that cannot be
    /// scanned gives a `HeguiError` instance in its place instead of raising.
    #[pyo3(signature = (texts, paths=None, format=None, errors="raise"))]
    fn scan_batch<'py>(
        &self,
        py: Python<'py>,
        texts: &Bound<'py, PyAny>,
        paths: Option<Vec<Option<String>>>,
        format: Option<&str>,
        errors: &str,
    ) -> PyResult<Bound<'py, PyList>> {
        let raise = match errors {
            "raise" => true,
            "return" => false,
            other => return Err(HeguiError::new_err(format!("errors must be `raise` or `return`, not `{other}`"))),
        };
        let mut inputs = Vec::new();
        for t in texts.try_iter()? {
            inputs.push(Input::extract(&t?)?);
        }
        let paths: Vec<String> = match paths {
            Some(p) if p.len() != inputs.len() => {
                return Err(HeguiError::new_err(format!("{} texts but {} paths", inputs.len(), p.len())));
            }
            Some(p) => p.into_iter().map(|x| x.unwrap_or_else(|| NO_PATH.to_owned())).collect(),
            None => vec![NO_PATH.to_owned(); inputs.len()],
        };
        let formats = paths.iter().map(|p| pick_format(format, p)).collect::<PyResult<Vec<Format>>>()?;
        let reports: Vec<FileReport> =
            py.detach(|| inputs.iter().zip(&paths).zip(&formats).map(|((i, p), &f)| self.scan_one(i, p, f)).collect());
        let out = PyList::empty(py);
        for (input, report) in inputs.iter().zip(&reports) {
            match findings_list(py, input, report, self.lang) {
                Ok(l) => out.append(l)?,
                Err(e) if !raise => out.append(e.value(py))?,
                Err(e) => return Err(e),
            }
        }
        Ok(out)
    }

    /// `mask(text, path=None, format=None)`: `text` with every finding masked as `hegui mask`
    /// writes a file with this content (`*` for each character or the rule's replacement, HTML
    /// markup kept, rescanned until nothing is left). `.docx` cannot be masked.
    #[pyo3(signature = (text, path=None, format=None))]
    fn mask(&self, py: Python<'_>, text: &str, path: Option<&str>, format: Option<&str>) -> PyResult<String> {
        let path = path.unwrap_or(NO_PATH);
        let format = pick_format(format, path)?;
        py.detach(|| self.inner.mask_source(path, format, text))
            .map_err(|e| HeguiError::new_err(format!("{path}: {e}")))
    }

    /// Ids of the enabled rules.
    fn rules(&self) -> Vec<String> {
        self.inner.engine().rules().iter().map(|r| r.id.clone()).collect()
    }
}

/// Extracts `input` as `hegui dedup` and `hegui corpus add` do (format by name or path) and
/// fingerprints the text; source ranges are byte ranges of the document's bytes.
fn prints_of(input: &Input, path: &str, format: Format) -> Result<(SourceDoc, Prints), String> {
    let opts = options_for(input, &SourceOptions::default());
    let doc = source::load(input.bytes(), format, &opts)
        .map_err(|e| format!("{path}: {}", hegui::report::problem_text(&hegui::model::Problem::from(&e), Lang::Zh)))?;
    let to_file = |r: Range<usize>| doc.decoded.map_range(doc.extracted.map.map_range(r));
    let prints = Prints::of(&doc.extracted.text).map_src(&to_file);
    Ok((doc, prints))
}

fn prints_for(
    py: Python<'_>,
    text: &Bound<'_, PyAny>,
    path: Option<&str>,
    format: Option<&str>,
) -> PyResult<(Input, Prints)> {
    let input = Input::extract(text)?;
    let path = path.unwrap_or(NO_PATH);
    let format = pick_format(format, path)?;
    let prints = py.detach(|| prints_of(&input, path, format)).map_err(HeguiError::new_err)?.1;
    Ok((input, prints))
}

/// `fingerprints(text, path=None, format=None)`: the winnowed k-gram fingerprints of a document
/// as `hegui corpus add` indexes them: dicts with `stream` (`raw`: characters, `class`: synonym
/// classes and pinyin), `hash` (the 32-bit index key), `byte_range` and `char_range` (`str` input).
#[pyfunction]
#[pyo3(signature = (text, path=None, format=None))]
fn fingerprints<'py>(
    py: Python<'py>,
    text: &Bound<'py, PyAny>,
    path: Option<&str>,
    format: Option<&str>,
) -> PyResult<Bound<'py, PyList>> {
    let (input, prints) = prints_for(py, text, path, format)?;
    let out = PyList::empty(py);
    let mut ci = input.text().map(CharIndex::new);
    for (stream, list) in [("raw", &prints.raw), ("class", &prints.class)] {
        for p in list {
            let bytes = prints.source(p.pos..p.end);
            let chars = ci.as_mut().map(|c| c.range(&bytes));
            let d = PyDict::new(py);
            d.set_item("stream", stream)?;
            d.set_item("hash", i64::from(p.hash))?;
            d.set_item("byte_range", (bytes.start, bytes.end))?;
            d.set_item("char_range", chars.and_then(|(s, e)| Some((s?, e?))))?;
            out.append(d)?;
        }
    }
    Ok(out)
}

/// `band_hashes(text, path=None, format=None, skip_background=False)`: the distinct fingerprint
/// hashes of both streams, sorted, as signed 64-bit integers (the 32-bit keys of a hegui corpus
/// index, widened: stable across machines and runs). Two documents `hegui dedup` pairs share at
/// least two of them that few other documents hold, so grouping documents by these is a complete
/// candidate search. `skip_background=True` leaves out the genre background's k-grams (stock
/// phrasing shipped with hegui), which an index query never counts as rare.
#[pyfunction]
#[pyo3(signature = (text, path=None, format=None, skip_background=false))]
fn band_hashes(
    py: Python<'_>,
    text: &Bound<'_, PyAny>,
    path: Option<&str>,
    format: Option<&str>,
    skip_background: bool,
) -> PyResult<Vec<i64>> {
    let (_, prints) = prints_for(py, text, path, format)?;
    let background = hegui::dedup::background::Background::bundled();
    Ok(prints.hashes().into_iter().filter(|&h| !(skip_background && background.contains(h))).map(i64::from).collect())
}

/// `normalized_chars(text, path=None, format=None)`: the number of normalized characters
/// (letters, digits, Han) fingerprinting counts — the denominator of a pair's coverage.
#[pyfunction]
#[pyo3(signature = (text, path=None, format=None))]
fn normalized_chars(
    py: Python<'_>,
    text: &Bound<'_, PyAny>,
    path: Option<&str>,
    format: Option<&str>,
) -> PyResult<u32> {
    let (_, prints) = prints_for(py, text, path, format)?;
    Ok(prints.chars)
}

/// `align(a, b, path_a=None, path_b=None, format=None, rare=None, min_chars=30, rewrites=True,
/// min_coverage=None)`: the passages document `a` shares with document `b` as `hegui check
/// --corpus` would report them in `a` against an index holding `b` (DUP001: copied, DUP002:
/// rewritten), or `None` when it would report none (no group long enough, or the document-level
/// verdict: the passages cover less than `min_coverage` of either document — default the
/// `[dedup]` default — and no group is long). `rare`: the hashes of `a` that may anchor a passage
/// (an index leaves out those found in many documents); default: all; the genre background's
/// k-grams never do. Returns `coverage` (share of `a`), `source_coverage` (share of `b`),
/// `longest` (non-boilerplate characters of the longest group), `similarity` and `passages` (`a`/`b`
/// byte ranges, `chars`, `kind`, `similarity`, `rule`).
#[pyfunction]
#[pyo3(signature = (a, b, path_a=None, path_b=None, format=None, rare=None, min_chars=30, rewrites=true, min_coverage=None))]
#[allow(clippy::too_many_arguments)]
fn align<'py>(
    py: Python<'py>,
    a: &Bound<'py, PyAny>,
    b: &Bound<'py, PyAny>,
    path_a: Option<&str>,
    path_b: Option<&str>,
    format: Option<&str>,
    rare: Option<&Bound<'py, PyAny>>,
    min_chars: usize,
    rewrites: bool,
    min_coverage: Option<f64>,
) -> PyResult<Bound<'py, PyAny>> {
    let (_, pa) = prints_for(py, a, path_a, format)?;
    let (_, pb) = prints_for(py, b, path_b, format)?;
    // The options `hegui check --corpus` queries with under the default `[dedup]` settings.
    let mut opts = QueryOptions::from(&hegui::config::DedupConfig::default());
    opts.min_chars = min_chars;
    opts.rewrites = rewrites;
    if let Some(c) = min_coverage {
        if !(0.0..=1.0).contains(&c) {
            return Err(HeguiError::new_err(format!("min_coverage must be between 0 and 1, not {c}")));
        }
        opts.min_coverage = c;
    }
    let rare: Option<HashSet<u32>> = match rare {
        Some(r) => {
            let mut set = HashSet::new();
            for h in r.try_iter()? {
                if let Ok(h) = u32::try_from(h?.extract::<i64>()?) {
                    set.insert(h);
                }
            }
            Some(set)
        }
        None => None,
    };
    let m = py.detach(|| {
        let is_rare = |h: u32| rare.as_ref().is_none_or(|r| r.contains(&h));
        hegui::dedup::align_pair(&pa, &pb, &is_rare, &opts)
    });
    let Some(m) = m else { return Ok(py.None().into_bound(py)) };
    let d = PyDict::new(py);
    d.set_item("coverage", m.coverage)?;
    d.set_item("source_coverage", m.source_coverage)?;
    d.set_item("longest", m.longest)?;
    d.set_item("similarity", m.similarity)?;
    let passages = PyList::empty(py);
    for p in m.groups.iter().filter_map(|g| m.passages.get(g.clone())).flatten() {
        let q = PyDict::new(py);
        q.set_item("a", (p.draft.start, p.draft.end))?;
        q.set_item("b", (p.corpus.start, p.corpus.end))?;
        q.set_item("chars", p.chars)?;
        q.set_item("kind", p.kind.as_str())?;
        q.set_item("similarity", p.similarity)?;
        q.set_item("unchanged", p.unchanged)?;
        q.set_item("rule", if p.literal { "DUP001" } else { "DUP002" })?;
        passages.append(q)?;
    }
    d.set_item("passages", passages)?;
    Ok(d.into_any())
}

/// The native part of the `hegui` package.
#[pymodule]
fn _hegui(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<Scanner>()?;
    m.add("HeguiError", m.py().get_type::<HeguiError>())?;
    m.add_function(wrap_pyfunction!(fingerprints, m)?)?;
    m.add_function(wrap_pyfunction!(band_hashes, m)?)?;
    m.add_function(wrap_pyfunction!(normalized_chars, m)?)?;
    m.add_function(wrap_pyfunction!(align, m)?)?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    // Candidates aligned per document by `hegui dedup` (`Index::pairs`): `hegui.spark` keeps as many.
    m.add("MAX_CANDIDATES", hegui::dedup::index::MAX_CANDIDATES)?;
    Ok(())
}
