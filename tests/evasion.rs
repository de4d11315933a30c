//! Evasion cases: disguised terms (width, case, invisible characters, 繁体, digit forms, look-alike
//! letters, separators, repeats, markup, pinyin, variants) are found, each finding spanning exactly
//! the disguised occurrence in the ORIGINAL text; what must not match does not.
//!
//! Data: `tests/data/evasion_pack.toml` (one rule per matching option) and
//! `tests/data/evasion_cases.toml` (≥ 200 cases, each scanned with every rule of the pack).

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

use hegui::detect::{Engine, Selection, pack};
use hegui::model::Finding;
use hegui::report::{FileReport, FileStatus};
use hegui::scan::Scanner;

const PACK_PATH: &str = "tests/data/evasion_pack.toml";
const PACK: &str = include_str!("data/evasion_pack.toml");
const CASES: &str = include_str!("data/evasion_cases.toml");

/// Minimum number of cases the data file must hold.
const MIN_CASES: usize = 200;

/// One expected finding: rule id and the substring of the case text it must span.
#[derive(Debug, Clone)]
struct Expect {
    rule: String,
    substring: String,
    /// Which occurrence of `substring` (0-based).
    nth: usize,
    /// Whether the case gave the occurrence index.
    explicit_nth: bool,
}

#[derive(Debug, Clone)]
struct Case {
    /// 1-based index in the file, for messages.
    index: usize,
    tag: String,
    text: String,
    format: String,
    expect: Vec<Expect>,
}

impl Case {
    /// The file name that selects the case's format in `scan_bytes`.
    fn path(&self) -> &'static str {
        match self.format.as_str() {
            "md" => "case.md",
            "html" => "case.html",
            _ => "case.txt",
        }
    }
}

/// Parses `evasion_cases.toml`; panics with the case number on a malformed case.
fn cases() -> Vec<Case> {
    let doc: toml::Table = toml::from_str(CASES).expect("evasion_cases.toml is valid TOML");
    let list = doc.get("case").and_then(|v| v.as_array()).expect("evasion_cases.toml has [[case]] entries");
    list.iter()
        .enumerate()
        .map(|(i, v)| {
            let index = i + 1;
            let t = v.as_table().unwrap_or_else(|| panic!("case {index} is not a table"));
            for key in t.keys() {
                assert!(
                    matches!(key.as_str(), "tag" | "text" | "format" | "expect"),
                    "case {index}: unknown key `{key}`"
                );
            }
            let text = t.get("text").and_then(|v| v.as_str()).unwrap_or_else(|| panic!("case {index}: no `text`"));
            let tag = t.get("tag").and_then(|v| v.as_str()).unwrap_or("untagged");
            let format = t.get("format").and_then(|v| v.as_str()).unwrap_or("txt");
            assert!(matches!(format, "txt" | "md" | "html"), "case {index}: format `{format}` is not txt|md|html");
            let expect = t
                .get("expect")
                .and_then(|v| v.as_array())
                .unwrap_or_else(|| panic!("case {index}: no `expect` array"))
                .iter()
                .map(|e| {
                    let e = e.as_array().unwrap_or_else(|| panic!("case {index}: expectation {e} is not an array"));
                    let rule = e.first().and_then(|v| v.as_str());
                    let sub = e.get(1).and_then(|v| v.as_str());
                    let nth = match e.get(2) {
                        None => 0,
                        Some(n) => n
                            .as_integer()
                            .and_then(|n| usize::try_from(n).ok())
                            .unwrap_or_else(|| panic!("case {index}: occurrence index must be a number ≥ 0")),
                    };
                    match (rule, sub, e.len()) {
                        (Some(rule), Some(sub), 2 | 3) => {
                            Expect { rule: rule.to_owned(), substring: sub.to_owned(), nth, explicit_nth: e.len() == 3 }
                        }
                        _ => panic!("case {index}: expectation must be [rule, substring] or [rule, substring, n]"),
                    }
                })
                .collect();
            Case { index, tag: tag.to_owned(), text: text.to_owned(), format: format.to_owned(), expect }
        })
        .collect()
}

/// Byte range of the `nth` occurrence of `sub` in `text`.
fn occurrence(text: &str, sub: &str, nth: usize) -> Option<std::ops::Range<usize>> {
    text.match_indices(sub).nth(nth).map(|(i, s)| i..i + s.len())
}

/// 1-based line and character column of byte `off` in `text`.
fn line_col(text: &str, off: usize) -> (usize, usize) {
    let before = &text[..off];
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, col)
}

fn engine() -> Engine {
    let rules = pack::load_str(PACK_PATH, PACK).unwrap_or_else(|e| {
        panic!(
            "the evasion pack must load (it uses the new `[pack.match]`/`[rules.match]`, `variants` and \
             `boundary` keys): {e}"
        )
    });
    Engine::new(rules, &Selection::default()).unwrap_or_else(|e| panic!("engine from the evasion pack: {e}"))
}

fn scan(scanner: &Scanner, path: &str, text: &str) -> FileReport {
    scanner.scan_bytes(path, text.as_bytes())
}

fn show_finding(f: &Finding) -> String {
    format!(
        "{} {}..{} {:?} (term {:?}, {}:{}-{}:{})",
        f.rule,
        f.byte_range.start,
        f.byte_range.end,
        f.matched,
        f.term,
        f.start.line,
        f.start.column,
        f.end.line,
        f.end.column
    )
}

/// The pack's rule ids, read straight from the TOML (works before the new keys are supported).
fn pack_rule_ids() -> BTreeSet<String> {
    let doc: toml::Table = toml::from_str(PACK).expect("evasion_pack.toml is valid TOML");
    doc.get("rules")
        .and_then(|v| v.as_array())
        .expect("[[rules]]")
        .iter()
        .map(|r| r.get("id").and_then(|v| v.as_str()).expect("rule id").to_owned())
        .collect()
}

/// The data files are consistent on their own: enough cases, every expectation names a rule of the
/// pack and a substring that occurs in the text (exactly once unless an occurrence index is given),
/// and every rule has at least one positive case. This does not need the new matcher.
#[test]
fn cases_are_well_formed() {
    let cases = cases();
    assert!(cases.len() >= MIN_CASES, "evasion_cases.toml has {} cases, want at least {MIN_CASES}", cases.len());
    let ids = pack_rule_ids();
    let mut problems = Vec::new();
    let mut positive: BTreeSet<&str> = BTreeSet::new();
    for c in &cases {
        for e in &c.expect {
            if !ids.contains(&e.rule) {
                problems.push(format!("case {}: rule `{}` is not in the pack", c.index, e.rule));
            }
            positive.insert(&e.rule);
            let n = c.text.matches(e.substring.as_str()).count();
            if e.substring.is_empty() || n <= e.nth {
                problems.push(format!(
                    "case {} {:?}: {:?} does not occur {} time(s)",
                    c.index,
                    c.text,
                    e.substring,
                    e.nth + 1
                ));
            } else if n > 1 && !e.explicit_nth {
                problems.push(format!(
                    "case {} {:?}: {:?} occurs {n} times; give the occurrence index",
                    c.index, c.text, e.substring
                ));
            }
        }
    }
    for id in &ids {
        if !positive.contains(id.as_str()) {
            problems.push(format!("rule {id} has no positive case"));
        }
    }
    assert!(problems.is_empty(), "{} problem(s) in the evasion data:\n{}", problems.len(), problems.join("\n"));
}

/// Every case: the set of (rule, byte range) found equals the expected set; for every expected
/// finding that is found, `matched` is the expected substring and `start`/`end` are its line and
/// character column in the original text.
#[test]
fn evasion_cases() {
    let cases = cases();
    assert!(cases.len() >= MIN_CASES, "evasion_cases.toml has {} cases, want at least {MIN_CASES}", cases.len());
    let scanner = Scanner::from_engine(engine());
    let mut failures = Vec::new();
    let mut failed_by_tag: BTreeMap<&str, usize> = BTreeMap::new();
    let mut total_by_tag: BTreeMap<&str, usize> = BTreeMap::new();
    for c in &cases {
        *total_by_tag.entry(&c.tag).or_default() += 1;
        let report = scan(&scanner, c.path(), &c.text);
        let mut msg = String::new();
        if !matches!(report.status, FileStatus::Scanned { .. }) {
            let _ = writeln!(msg, "  not scanned: {:?}", report.status);
        }
        let want: BTreeMap<(String, usize, usize), &Expect> = c
            .expect
            .iter()
            .map(|e| {
                let r = occurrence(&c.text, &e.substring, e.nth).unwrap_or_else(|| {
                    panic!(
                        "case {}: {:?} occurrence {} not in text (see cases_are_well_formed)",
                        c.index, e.substring, e.nth
                    )
                });
                ((e.rule.clone(), r.start, r.end), e)
            })
            .collect();
        let got: BTreeSet<(String, usize, usize)> =
            report.findings.iter().map(|f| (f.rule.to_string(), f.byte_range.start, f.byte_range.end)).collect();
        let want_keys: BTreeSet<(String, usize, usize)> = want.keys().cloned().collect();
        if got != want_keys {
            for (rule, a, b) in want_keys.difference(&got) {
                let _ = writeln!(msg, "  missing: {rule} {a}..{b} {:?}", &c.text[*a..*b]);
            }
            for (rule, a, b) in got.difference(&want_keys) {
                let shown = c.text.get(*a..*b).map_or_else(|| "<not a char boundary>".to_owned(), |s| format!("{s:?}"));
                let _ = writeln!(msg, "  unexpected: {rule} {a}..{b} {shown}");
            }
        }
        // Matched text and positions of the findings that are where they should be.
        for f in &report.findings {
            let key = (f.rule.to_string(), f.byte_range.start, f.byte_range.end);
            if let Some(e) = want.get(&key) {
                if f.matched != e.substring {
                    let _ = writeln!(msg, "  {}: matched {:?}, want {:?}", f.rule, f.matched, e.substring);
                }
                let start = line_col(&c.text, key.1);
                let end = line_col(&c.text, key.2);
                if (f.start.line, f.start.column) != start || (f.end.line, f.end.column) != end {
                    let _ = writeln!(
                        msg,
                        "  {}: position {}:{}-{}:{}, want {}:{}-{}:{}",
                        f.rule, f.start.line, f.start.column, f.end.line, f.end.column, start.0, start.1, end.0, end.1
                    );
                }
            }
        }
        if !msg.is_empty() {
            *failed_by_tag.entry(&c.tag).or_default() += 1;
            let expected: Vec<String> =
                want.iter().map(|((rule, a, b), e)| format!("{rule} {a}..{b} {:?}", e.substring)).collect();
            let found: Vec<String> = report.findings.iter().map(show_finding).collect();
            failures.push(format!(
                "case {} [{}] ({}) {:?}\n  expected: [{}]\n  got:      [{}]\n{msg}",
                c.index,
                c.tag,
                c.format,
                c.text,
                expected.join(", "),
                found.join(", ")
            ));
        }
    }
    let summary: Vec<String> = total_by_tag
        .iter()
        .map(|(tag, n)| format!("{tag} {}/{n}", n - failed_by_tag.get(tag).copied().unwrap_or(0)))
        .collect();
    assert!(
        failures.is_empty(),
        "{} of {} evasion cases failed (passing per tag: {}):\n\n{}",
        failures.len(),
        cases.len(),
        summary.join(", "),
        failures.join("\n")
    );
}

/// An expected finding: rule, matched text, start line, start column, end line, end column.
type Placed<'a> = (&'a str, &'a str, usize, usize, usize, usize);

/// Positions spelled out by hand for one multi-line document per format, so that the line/column
/// arithmetic of `evasion_cases` is itself checked.
#[test]
fn positions_in_multiline_documents() {
    let scanner = Scanner::from_engine(engine());
    let docs: [(&str, &str, &[Placed<'static>]); 3] = [
        ("doc.txt", "开头一行没有问题。\n本品是最 佳选择。\n结尾一行。\n", &[("E001", "最 佳", 2, 4, 2, 7)]),
        (
            "doc.md",
            "# 标题\n\n正文第二段，**國**家級。\n\n- 列表：V 信\n",
            &[("E001", "國**家級", 3, 9, 3, 14), ("E012", "V 信", 5, 6, 5, 9)],
        ),
        (
            "doc.html",
            "<section>\n  <p>开头</p>\n  <p>本品最<span>佳</span>。</p>\n</section>\n",
            &[("E001", "最<span>佳", 3, 8, 3, 16)],
        ),
    ];
    let mut failures = Vec::new();
    for (path, text, want) in docs {
        let report = scan(&scanner, path, text);
        let got: Vec<Placed<'_>> = report
            .findings
            .iter()
            .map(|f| (&*f.rule, f.matched.as_str(), f.start.line, f.start.column, f.end.line, f.end.column))
            .collect();
        if got != want {
            failures.push(format!("{path} {text:?}\n  want {want:?}\n  got  {got:?}"));
        }
        for f in &report.findings {
            if text.get(f.byte_range.clone()) != Some(f.matched.as_str()) {
                failures.push(format!("{path}: byte range {:?} is not {:?}", f.byte_range, f.matched));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The pack's own `[rules.examples]` hold: each `hit` produces a finding of its rule, each `miss`
/// produces none of it.
#[test]
fn pack_examples_hold() {
    let scanner = Scanner::from_engine(engine());
    let mut failures = Vec::new();
    for rule in scanner.engine().rules() {
        for (sentence, want) in
            rule.examples.hit.iter().map(|s| (s, true)).chain(rule.examples.miss.iter().map(|s| (s, false)))
        {
            let report = scan(&scanner, "example.txt", sentence);
            let found: Vec<&Finding> = report.findings.iter().filter(|f| *f.rule == *rule.id).collect();
            if found.is_empty() == want {
                let all: Vec<String> = report.findings.iter().map(show_finding).collect();
                failures.push(format!(
                    "{} {} {sentence:?}: findings [{}]",
                    rule.id,
                    if want { "hit example not found" } else { "miss example found" },
                    all.join(", ")
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{} example(s) failed:\n{}", failures.len(), failures.join("\n"));
}
