//! Word forms that character-by-character 繁→简 misses: Taiwan and Hong Kong words (軟體 for
//! 软件, 記憶體 for 内存) and phrases whose characters fold differently in context (反覆 for
//! 反复), from OpenCC's phrase dictionaries (Apache-2.0, shipped in `src/normalize/opencc/`).
//!
//! The text is not rewritten: a rule that opts in (`[rules.match] phrases = true`) gets the
//! regional spellings of its terms as extra spellings ([`spellings`]), so a hit is an ordinary
//! match on the source text and its span is exact (記憶體 is three characters where 内存 is two).
//! A regional form that is also an ordinary word inside a longer phrase (軟體 in 軟體動物, a
//! mollusc) comes with that phrase as a context that suppresses the hit ([`Spellings::contexts`]),
//! taken from OpenCC's identity entries.

use std::sync::LazyLock;

use aho_corasick::{AhoCorasick, MatchKind};

use super::{Options, normalize_with};

/// OpenCC's dictionaries, `key<TAB>value value …`: regional or traditional form → standard
/// form(s). The Taiwan and Hong Kong phrase and variant-phrase reversals, and the phrases of
/// traditional → simplified conversion.
const FILES: [&str; 5] = [
    include_str!("opencc/TWPhrasesRev.txt"),
    include_str!("opencc/TWVariantsRevPhrases.txt"),
    include_str!("opencc/HKPhrasesRev.txt"),
    include_str!("opencc/HKVariantsRevPhrases.txt"),
    include_str!("opencc/TSPhrases.txt"),
];

/// Most spellings generated for one term.
const MAX_SPELLINGS: usize = 32;

/// The phrase tables, normalized.
struct Tables {
    /// Mainland phrases (normalized), leftmost-longest.
    mainland: AhoCorasick,
    /// For each mainland phrase, its regional forms as OpenCC writes them (軟體).
    forms: Vec<Vec<&'static str>>,
    /// Regional forms (normalized), leftmost-longest.
    regional: AhoCorasick,
    /// For each regional form, its first mainland phrase (normalized); an ordinary word holding
    /// one (軟體動物) is there too, as itself.
    standard: Vec<String>,
    /// For each regional form, the phrases holding it that are ordinary words (軟體動物).
    contexts: Vec<Vec<&'static str>>,
}

static TABLES: LazyLock<Tables> = LazyLock::new(Tables::load);

impl Tables {
    fn load() -> Tables {
        let norm = |s: &str| normalize_with(s, &Options::FULL);
        let mut mainland: Vec<String> = Vec::new();
        let mut forms: Vec<Vec<&'static str>> = Vec::new();
        let mut regional: Vec<String> = Vec::new();
        let mut standard: Vec<String> = Vec::new();
        let mut identities: Vec<&'static str> = Vec::new();
        for line in FILES.iter().flat_map(|f| f.lines()) {
            let Some((key, values)) = line.split_once('\t') else { continue };
            if line.starts_with('#') || key.chars().count() < 2 {
                continue;
            }
            let nk = norm(key);
            for v in values.split(' ').filter(|v| !v.is_empty()) {
                let nv = norm(v);
                if nv == nk {
                    identities.push(key);
                    continue;
                }
                match mainland.iter().position(|m| *m == nv) {
                    Some(i) if !forms[i].contains(&key) => forms[i].push(key),
                    Some(_) => {}
                    None => {
                        mainland.push(nv.clone());
                        forms.push(vec![key]);
                    }
                }
                if !regional.contains(&nk) {
                    regional.push(nk.clone());
                    standard.push(nv);
                }
            }
        }
        // An ordinary word holding a regional form folds to itself (軟體動物 stays a mollusc).
        for id in &identities {
            let n = norm(id);
            if !regional.contains(&n) {
                regional.push(n.clone());
                standard.push(n);
            }
        }
        let build = |pats: &[String]| {
            AhoCorasick::builder()
                .match_kind(MatchKind::LeftmostLongest)
                .build(pats)
                .expect("OpenCC phrases build an automaton")
        };
        let regional_ac = build(&regional);
        let overlapping = AhoCorasick::new(&regional).expect("OpenCC phrases build an automaton");
        let mut contexts = vec![Vec::new(); regional.len()];
        for id in identities {
            for m in overlapping.find_overlapping_iter(&norm(id)) {
                let c: &mut Vec<&'static str> = &mut contexts[m.pattern().as_usize()];
                if !c.contains(&id) {
                    c.push(id);
                }
            }
        }
        Tables { mainland: build(&mainland), forms, regional: regional_ac, standard, contexts }
    }
}

/// The regional spellings of a term, and the contexts that cancel them.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Spellings {
    /// Spellings of the term other than itself: its mainland form if it is written with a
    /// regional word, and its forms with one or more phrases written the regional way.
    pub spellings: Vec<String>,
    /// Phrases in which a regional form used is an ordinary word (軟體動物 for 軟體).
    pub contexts: Vec<&'static str>,
}

/// The spellings of `term` with its phrases in their Taiwan, Hong Kong and traditional forms
/// (`软件` → `軟體`, `内存` → `記憶體`, `反复` → `反覆`); a term written with a regional form
/// also gets its mainland one (`軟體` → `软件`). At most 32.
pub fn spellings(term: &str) -> Spellings {
    let t = &*TABLES;
    let norm = normalize_with(term, &Options::FULL);
    // Fold regional phrases in the term to mainland ones first.
    let mut mainland = String::with_capacity(norm.len());
    let mut at = 0;
    for m in t.regional.find_iter(&norm) {
        mainland.push_str(&norm[at..m.start()]);
        mainland.push_str(&t.standard[m.pattern().as_usize()]);
        at = m.end();
    }
    mainland.push_str(&norm[at..]);
    let mut out = Spellings::default();
    // Each mainland phrase may stay or take one of its regional forms.
    let mut acc = vec![String::new()];
    let mut at = 0;
    for m in t.mainland.find_iter(&mainland) {
        let lead = &mainland[at..m.start()];
        let phrase = &mainland[m.range()];
        let forms = &t.forms[m.pattern().as_usize()];
        let mut next = Vec::with_capacity(acc.len() * (forms.len() + 1));
        for a in &acc {
            next.push(format!("{a}{lead}{phrase}"));
            for f in forms {
                if next.len() >= MAX_SPELLINGS * 2 {
                    break;
                }
                next.push(format!("{a}{lead}{f}"));
                let fi = t.regional.find(&normalize_with(f, &Options::FULL));
                for c in fi.iter().flat_map(|r| &t.contexts[r.pattern().as_usize()]) {
                    if !out.contexts.contains(c) {
                        out.contexts.push(c);
                    }
                }
            }
        }
        acc = next;
        at = m.end();
    }
    let tail = &mainland[at..];
    for a in acc {
        let s = format!("{a}{tail}");
        if normalize_with(&s, &Options::FULL) != norm && !out.spellings.contains(&s) {
            out.spellings.push(s);
        }
    }
    out.spellings.truncate(MAX_SPELLINGS);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn regional_forms_of_mainland_terms() {
        let s = spellings("软件");
        assert!(s.spellings.contains(&"軟體".to_owned()), "{s:?}");
        assert!(s.contexts.contains(&"軟體動物"), "{s:?}");
        assert!(spellings("内存").spellings.contains(&"記憶體".to_owned()));
        assert!(spellings("反复").spellings.contains(&"反覆".to_owned()));
        // Inside a longer term, and both phrases of a term.
        assert!(spellings("盗版软件下载").spellings.contains(&"盗版軟體下载".to_owned()));
        let s = spellings("软件内存");
        assert!(s.spellings.contains(&"軟體記憶體".to_owned()), "{s:?}");
        // Terms without a regional phrase get nothing.
        assert_eq!(spellings("最佳"), Spellings::default());
    }

    #[test]
    fn a_regional_term_also_gets_its_mainland_form() {
        let s = spellings("軟體");
        assert!(s.spellings.contains(&"软件".to_owned()), "{s:?}");
        assert!(!s.spellings.iter().any(|x| normalize_with(x, &Options::FULL) == "软体"));
        // An ordinary word holding a regional form is not folded.
        assert!(!spellings("软体动物").spellings.iter().any(|x| x.contains("软件")));
    }
}
