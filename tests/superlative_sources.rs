//! The further public 极限词 lists in `wordlists/adlaw/superlative_sources.jsonl` (i12zu, i12aj): none of
//! them is one of the measured lists of the quality harness, every pack term taken from them is put under
//! an absolute-term heading by at least two of them (or, for the i12aj terms, by at least one list that is
//! neither measured nor a copy of a measured list), and each such term is flagged in a real-looking
//! advert (an error: the advert is promotional) but not in the same words told as news.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use hegui::detect::Engine;
use hegui::model::Severity;
use hegui::scan::Scanner;
use serde_json::Value;

/// The terms the packs took from these lists (wordlists/README.md, "Further public 极限词 lists").
const TAKEN: [&str; 6] = ["永久", "问鼎", "致极", "冠级", "鼎级", "尖端"];

/// The terms i12aj took from a single further list (the Douyin e-commerce rule on non-standard wording).
const TAKEN_FROM_ONE: [&str; 1] = ["仅此一家"];

fn rows(rel: &str) -> Vec<Value> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(rel);
    let text = std::fs::read_to_string(&path).expect("data file");
    text.lines().filter(|l| !l.trim().is_empty()).map(|l| serde_json::from_str(l).expect("JSON row")).collect()
}

fn field<'a>(row: &'a Value, key: &str) -> &'a str {
    row[key].as_str().unwrap_or_default()
}

#[test]
fn sources_are_not_the_measured_lists() {
    let measured: BTreeSet<String> =
        rows("tests/data/quality/jixianci_lists.jsonl").iter().map(|r| field(r, "source").to_owned()).collect();
    let ours = rows("wordlists/adlaw/superlative_sources.jsonl");
    assert!(ours.len() > 500, "{} rows", ours.len());
    let sources: BTreeSet<&str> = ours.iter().map(|r| field(r, "source")).collect();
    assert!(sources.len() >= 15, "{} lists", sources.len());
    for s in sources {
        assert!(!measured.contains(s), "{s} is a measured list");
        assert!(s.starts_with("http"), "{s}");
    }
}

#[test]
fn taken_terms_have_two_absolute_headings() {
    let mut groups: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for r in rows("wordlists/adlaw/superlative_sources.jsonl") {
        if r["absolute"].as_bool() == Some(true) {
            groups.entry(field(&r, "term").to_owned()).or_default().insert(field(&r, "group").to_owned());
        }
    }
    for t in TAKEN {
        let n = groups.get(t).map_or(0, BTreeSet::len);
        assert!(n >= 2, "{t}: {n} lists");
    }
    for t in TAKEN_FROM_ONE {
        let n = groups.get(t).map_or(0, BTreeSet::len);
        assert!(n >= 1, "{t}: {n} lists");
    }
}

#[test]
fn taken_terms_are_errors_in_adverts_and_quiet_in_news() {
    let scanner = Scanner::from_engine(Engine::builtin().expect("bundled packs"));
    let worst = |text: &str, term: &str| {
        let start = text.find(term).expect("term in text");
        let span = start..start + term.len();
        let report = scanner.scan_text("t.txt", text);
        report
            .findings
            .iter()
            .filter(|f| f.byte_range.start < span.end && span.start < f.byte_range.end)
            .map(|f| f.severity)
            .max()
    };
    let adverts = [
        ("镀金表带永久不褪色，现在下单立减30元！", "永久"),
        ("音质问鼎同级，限时特价299元，扫码购买。", "问鼎"),
        ("致极丝滑的口感，本店限时特价99元。", "致极"),
        ("冠级品质的蜂蜜，下单即送礼盒。", "冠级"),
        ("鼎级工艺打造，现在下单立减50元！", "鼎级"),
        ("航天尖端材料制成，现在下单立减50元！", "尖端"),
        ("采用尖端科技，限时特价299元，扫码购买。", "尖端科技"),
        ("全城仅此一家，限时特价99元，欢迎到店选购。", "仅此一家"),
    ];
    for (text, term) in adverts {
        assert_eq!(worst(text, term), Some(Severity::Error), "{text}");
    }
    let news = [
        ("他于去年取得香港永久居民身份。", "永久"),
        ("她在决赛中击败对手，问鼎女子单打冠军。", "问鼎"),
        ("管理不善导致极大的浪费。", "致极"),
        ("两队将在亚冠级别的比赛中相遇。", "冠级"),
        ("我国在国防尖端技术领域取得重大突破。", "尖端技术"),
        ("这一问题是尖端人才培养的缺乏。", "尖端"),
        ("这样的老字号在全城仅此一家，去晚了就要排队。", "仅此一家"),
    ];
    for (text, term) in news {
        assert!(worst(text, term).is_none_or(|s| s < Severity::Warning), "{text}");
    }
}
