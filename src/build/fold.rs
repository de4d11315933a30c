//! Generates the per-character fold table used by `src/normalize/`.
//!
//! For every code point the table says how normalization treats it: kept, mapped to another
//! character or string (with flags naming the steps that changed it), skipped as a separator,
//! ignored as invisible, or kept as a hard boundary. Sources, all applied here at build time so
//! the binary does no Unicode table work at start-up:
//! - 繁→简 and variant forms: OpenCC's character dictionaries (Apache-2.0) through `ferrous-opencc`
//!   (configurations t2s, tw2s, hk2s, applied to single characters);
//! - width and compatibility forms: Unicode NFKC (`unicode-normalization`);
//! - Cyrillic/Greek look-alikes: the UTS #39 confusables skeleton (`unicode-security`);
//! - character classes: Unicode general categories (`unicode-properties`).
//!
//! Output: `fold_bmp.bin` (65,536 little-endian u32 entries), `fold_astral.bin` (sorted pairs of
//! u32 code point, u32 entry for non-BMP code points that are not kept as they are) and
//! `fold_str.txt` (the multi-character outputs). The entry layout is documented in
//! `src/normalize/table.rs`.

use std::fs;
use std::path::PathBuf;

use ferrous_opencc::OpenCC;
use ferrous_opencc::config::BuiltinConfig;
use unicode_normalization::UnicodeNormalization;
use unicode_properties::{GeneralCategory, GeneralCategoryGroup, UnicodeGeneralCategory};

const KEEP: u32 = 0;
const MAP: u32 = 1;
const MAPSTR: u32 = 2;
const SKIP: u32 = 3;
const IGNORE: u32 = 4;
const HARD: u32 = 5;

const F_WIDTH: u32 = 1;
const F_CASE: u32 = 2;
const F_TRAD: u32 = 4;
const F_DIGIT: u32 = 8;
const F_CONFUSABLE: u32 = 16;

/// Hard boundaries, never skipped between term characters: line breaks, and sentence and clause
/// punctuation in every width (full-width, ASCII, half-width, small forms) and the ellipsis, so
/// `你！好` and `你!好` are treated alike. The `.` stays a separator (`No.1`, `v.x`). Keep in step
/// with `normalize::ends_sentence`.
const HARD_CHARS: &[char] = &[
    '\n', '\r', '\u{2028}', '\u{2029}', '。', '，', '、', '；', '：', '！', '？', '｡', '､', '!', '?', ';', ',', ':',
    '…', '﹐', '﹑', '﹒', '﹔', '﹕', '﹖', '﹗', '︐', '︑', '︒', '︓', '︔', '︕', '︖',
];

/// Variant characters OpenCC's character tables leave alone but that are read as another
/// character, used to disguise it (妳 for 你, 艸 for 草).
const VARIANTS: &[(char, char)] = &[('妳', '你'), ('艸', '草')];

/// Financial (大写) digits and 〇.
const DIGITS: &[(char, char)] = &[
    ('〇', '0'),
    ('壹', '1'),
    ('贰', '2'),
    ('叁', '3'),
    ('肆', '4'),
    ('伍', '5'),
    ('陆', '6'),
    ('柒', '7'),
    ('捌', '8'),
    ('玖', '9'),
];

fn is_han(c: char) -> bool {
    matches!(c as u32, 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x3FFFF)
}

/// Characters that vanish from normalized text: punctuation, symbols, spaces, marks, format and
/// control characters.
fn is_separator_like(c: char) -> bool {
    use GeneralCategoryGroup::*;
    match c.general_category_group() {
        Punctuation | Symbol | Separator | Mark => true,
        Other => !matches!(c.general_category(), GeneralCategory::PrivateUse | GeneralCategory::Unassigned),
        _ => false,
    }
}

fn is_invisible(c: char) -> bool {
    use GeneralCategory::*;
    let gc = c.general_category();
    matches!(gc, Format | NonspacingMark | EnclosingMark)
        || (gc == Control && !c.is_whitespace())
        || matches!(c as u32, 0xFE00..=0xFE0F | 0xE0100..=0xE01EF | 0x180B..=0x180F)
}

struct Converters(Vec<OpenCC>);

impl Converters {
    fn new() -> Self {
        let cfgs = [BuiltinConfig::T2s, BuiltinConfig::Tw2s, BuiltinConfig::Hk2s];
        Self(cfgs.into_iter().map(|c| OpenCC::from_config(c).expect("bundled OpenCC config")).collect())
    }

    /// The simplified form of a single Han character, if OpenCC maps it to a single other character.
    fn simplify(&self, c: char) -> Option<char> {
        let s = c.to_string();
        for cc in &self.0 {
            let t = cc.convert(&s);
            let mut it = t.chars();
            if let (Some(x), None) = (it.next(), it.next())
                && x != c
            {
                return Some(x);
            }
        }
        None
    }
}

/// Folds one character: (class, output, flags).
fn fold(c: char, cc: &Converters) -> (u32, String, u32) {
    if HARD_CHARS.contains(&c) {
        return (HARD, c.to_string(), 0);
    }
    if is_invisible(c) {
        return (IGNORE, String::new(), 0);
    }
    let mut flags = 0;
    let mut s = c.to_string();
    if is_han(c)
        && let Some(t) = VARIANTS.iter().find(|(v, _)| *v == c).map(|&(_, t)| t).or_else(|| cc.simplify(c))
    {
        s = t.to_string();
        flags |= F_TRAD;
    }
    let n: String = s.nfkc().collect();
    if n != s {
        flags |= if n.chars().any(|x| x.is_ascii_digit()) && !c.is_ascii_digit() { F_DIGIT } else { F_WIDTH };
        s = n;
    }
    if let Some(&(_, d)) =
        s.chars().next().and_then(|x| DIGITS.iter().find(|(f, _)| *f == x)).filter(|_| s.chars().count() == 1)
    {
        s = d.to_string();
        flags |= F_DIGIT;
    }
    let mut conf = String::new();
    for x in s.chars() {
        if matches!(x as u32, 0x0370..=0x052F) && x.is_alphabetic() {
            let sk: String = unicode_security::confusable_detection::skeleton(&x.to_string()).collect();
            if !sk.is_empty() && sk.chars().all(|y| y.is_ascii_alphabetic()) {
                conf.push_str(&sk);
                flags |= F_CONFUSABLE;
                continue;
            }
        }
        conf.push(x);
    }
    // Case last: a capital Greek Nu is an N, while a small nu looks like a v.
    let lower = conf.to_lowercase();
    if lower != conf {
        flags |= F_CASE;
    }
    s = lower;
    // Latin letters with accents or tone marks lose them (café, dǔ bó): a look-alike of the
    // plain letter.
    if s.chars().any(|x| matches!(x as u32, 0x00C0..=0x024F | 0x1E00..=0x1EFF)) {
        let bare: String = s.nfd().filter(|&x| !is_invisible(x)).collect();
        if !bare.is_empty() && bare.chars().all(|x| x.is_ascii_alphabetic()) {
            s = bare;
            flags |= F_CONFUSABLE;
        }
    }
    let kept: String = s.chars().filter(|&x| !is_separator_like(x) && !is_invisible(x)).collect();
    if kept.is_empty() {
        return (SKIP, String::new(), 0);
    }
    if kept == c.to_string() {
        return (KEEP, kept, 0);
    }
    if kept.chars().count() == 1 { (MAP, kept, flags) } else { (MAPSTR, kept, flags) }
}

fn entry(class: u32, out: &str, flags: u32, strings: &mut String) -> u32 {
    let payload = match class {
        MAP => out.chars().next().map_or(0, |c| c as u32),
        MAPSTR => {
            let off = match strings.find(out) {
                Some(o) => o,
                None => {
                    strings.push_str(out);
                    strings.len() - out.len()
                }
            };
            assert!(off < (1 << 16) && out.len() < 256, "fold string table overflow");
            ((off as u32) << 8) | out.len() as u32
        }
        _ => 0,
    };
    (class << 29) | (flags << 24) | payload
}

/// Writes the fold tables to `$OUT_DIR`.
pub fn generate() {
    println!("cargo:rerun-if-changed=src/build/fold.rs");
    let cc = Converters::new();
    let mut strings = String::new();
    let mut bmp = Vec::with_capacity(65536 * 4);
    for cp in 0u32..0x10000 {
        let e = match char::from_u32(cp) {
            None => 0, // surrogates never occur in a str
            Some(c) => {
                let (class, out, flags) = fold(c, &cc);
                entry(class, &out, flags, &mut strings)
            }
        };
        bmp.extend_from_slice(&e.to_le_bytes());
    }
    let mut astral = Vec::new();
    for cp in 0x10000u32..0x110000 {
        let Some(c) = char::from_u32(cp) else { continue };
        if c.general_category() == GeneralCategory::Unassigned {
            continue;
        }
        let (class, out, flags) = fold(c, &cc);
        if class == KEEP {
            continue;
        }
        astral.extend_from_slice(&cp.to_le_bytes());
        astral.extend_from_slice(&entry(class, &out, flags, &mut strings).to_le_bytes());
    }
    let out = PathBuf::from(std::env::var("OUT_DIR").expect("set by cargo"));
    fs::write(out.join("fold_bmp.bin"), bmp).expect("write fold_bmp.bin");
    fs::write(out.join("fold_astral.bin"), astral).expect("write fold_astral.bin");
    fs::write(out.join("fold_str.txt"), strings).expect("write fold_str.txt");
}
