//! Property test: plant terms in random documents, disguised (separators, zero-width characters,
//! 繁體, full-width letters, case) and wrapped in random Markdown/HTML markup and entities, saved in
//! random encodings; every finding's byte range, read from the original file, is exactly a planted
//! (disguised) occurrence, and every planted occurrence is found.

use std::collections::BTreeSet;

use hegui::detect::{Engine, Selection, pack};
use hegui::scan::Scanner;
use proptest::prelude::*;

const TERMS: [&str; 4] = ["违禁甲", "黑名乙丙", "QzxK", "代开发票"];

/// Traditional forms used as disguises (OpenCC maps each back).
const TRAD: &[(char, char)] = &[('违', '違'), ('开', '開'), ('发', '發')];

/// Separators that may sit between term characters, per format (Markdown avoids `*` and `_`).
const GAPS_TXT: &[&str] = &[" ", "-", "*", "·", "😀", "※", "/", "\u{200B}", "\u{FEFF}"];
const GAPS_MD: &[&str] = &[" ", "-", "·", "😀", "※", "\u{200B}"];
const FILLER: &str = "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想，。！？、；：“”（）《》";

fn engine() -> Engine {
    let toml = format!(
        "[pack]\nname = \"prop\"\n[[rules]]\nid = \"P001\"\ncategory = \"prop\"\nseverity = \"error\"\nmessage = \"m\"\nterms = {:?}\n",
        TERMS
    );
    Engine::new(pack::load_str("prop.toml", &toml).expect("pack"), &Selection::default()).expect("engine")
}

#[derive(Debug, Clone, Copy)]
enum Fmt {
    Txt,
    Md,
    Html,
}

#[derive(Debug, Clone, Copy)]
enum Enc {
    Utf8,
    Utf8Bom,
    Gb18030,
    Utf16Le,
}

/// One planted piece: filler before it, which term, how it is wrapped, its letter case, and its
/// disguise (per character: a gap of up to 3 separators before it, and a width/繁體 change).
#[derive(Debug, Clone)]
struct Piece {
    filler: Vec<usize>,
    term: usize,
    wrap: u8,
    upper_mask: u8,
    para_break: bool,
    disguise: Vec<(u8, u8, bool)>,
}

fn piece() -> impl Strategy<Value = Piece> {
    (
        prop::collection::vec(0usize..10_000, 0..12),
        0..TERMS.len(),
        0u8..8,
        any::<u8>(),
        any::<bool>(),
        prop::collection::vec((0u8..4, any::<u8>(), any::<bool>()), 4),
    )
        .prop_map(|(filler, term, wrap, upper_mask, para_break, disguise)| Piece {
            filler,
            term,
            wrap,
            upper_mask,
            para_break,
            disguise,
        })
}

/// The term with a disguise applied: separators between characters, 繁體 or full-width forms.
fn disguise(term: &str, d: &[(u8, u8, bool)], fmt: Fmt) -> String {
    let gaps = if matches!(fmt, Fmt::Md) { GAPS_MD } else { GAPS_TXT };
    let mut out = String::new();
    for (i, c) in term.chars().enumerate() {
        let (n, which, change) = d[i % d.len()];
        if i > 0 {
            for k in 0..n {
                out.push_str(gaps[(which as usize + k as usize) % gaps.len()]);
            }
        }
        let c = match (change, TRAD.iter().find(|(s, _)| *s == c)) {
            (true, Some(&(_, t))) => t,
            (true, None) if c.is_ascii_alphabetic() => char::from_u32(c as u32 + 0xFEE0).expect("full-width form"),
            _ => c,
        };
        out.push(c);
    }
    out
}

fn entity(c: char, hex: bool) -> String {
    if hex { format!("&#x{:X};", c as u32) } else { format!("&#{};", c as u32) }
}

/// Renders the term in a format-specific wrapping; returns the source text and the offsets (within
/// it) of the start of the first character's representation and the end of the last one's.
fn wrap(term: &str, fmt: Fmt, kind: u8) -> (String, usize, usize) {
    let chars: Vec<char> = term.chars().collect();
    // Split after the first character and any separators that follow it (markup goes between
    // term characters, not inside a gap).
    let cut = 1 + chars[1..].iter().take_while(|c| !c.is_alphanumeric()).count();
    let first: String = chars[..cut].iter().collect();
    let rest: String = chars[cut..].iter().collect();
    let whole = |pre: &str, t: &str, post: &str| (format!("{pre}{t}{post}"), pre.len(), pre.len() + t.len());
    match (fmt, kind % 4) {
        (Fmt::Txt, _) => whole("", term, ""),
        (Fmt::Md, 0) => whole("**", term, "**"),
        (Fmt::Md, 1) => {
            let s = format!("{first}**{rest}**");
            let end = s.len() - 2;
            (s, 0, end)
        }
        (Fmt::Md, 2) => {
            let e = entity(chars[0], kind >= 4);
            let s = format!("{e}{}", &term[chars[0].len_utf8()..]);
            let end = s.len();
            (s, 0, end)
        }
        (Fmt::Md, _) => whole("[", term, "](https://example.com/a)"),
        (Fmt::Html, 0) => whole("<span style=\"color:red;font-size:15px\">", term, "</span>"),
        (Fmt::Html, 1) => {
            let s = format!("{first}<strong><span>{rest}</span></strong>");
            let end = s.len() - "</span></strong>".len();
            (s, 0, end)
        }
        (Fmt::Html, 2) => {
            let e = entity(chars[chars.len() - 1], kind >= 4);
            let head: String = chars[..chars.len() - 1].iter().collect();
            let s = format!("{head}{e}");
            let end = s.len();
            (s, 0, end)
        }
        (Fmt::Html, _) => whole("<img data-src=\"a.png\" alt=\"", term, "\">"),
    }
}

fn encode(text: &str, enc: Enc) -> (Vec<u8>, Box<dyn Fn(usize) -> usize + '_>) {
    match enc {
        Enc::Utf8 => (text.as_bytes().to_vec(), Box::new(|o| o)),
        Enc::Utf8Bom => {
            let mut b = b"\xEF\xBB\xBF".to_vec();
            b.extend_from_slice(text.as_bytes());
            (b, Box::new(|o| o + 3))
        }
        Enc::Gb18030 => {
            let (b, _, _) = encoding_rs::GB18030.encode(text);
            (b.into_owned(), Box::new(move |o| encoding_rs::GB18030.encode(&text[..o]).0.len()))
        }
        Enc::Utf16Le => {
            let mut b = vec![0xFF, 0xFE];
            for u in text.encode_utf16() {
                b.extend_from_slice(&u.to_le_bytes());
            }
            (b, Box::new(move |o| 2 + text[..o].encode_utf16().count() * 2))
        }
    }
}

fn case_variant(term: &str, mask: u8) -> String {
    term.chars()
        .enumerate()
        .map(|(i, c)| if mask & (1 << (i % 8)) != 0 { c.to_ascii_uppercase() } else { c.to_ascii_lowercase() })
        .collect()
}

fn build(pieces: &[Piece], fmt: Fmt) -> (String, Vec<(usize, usize)>) {
    // Filler never contains a term character (a repeated Han character would join the term).
    let filler: Vec<char> = FILLER.chars().filter(|c| !TERMS.iter().any(|t| t.contains(*c))).collect();
    // Whether the previous piece was a Latin term, and whether the body text ends with one (an
    // `<img alt>` term goes to the alt field, so the body text around it joins up).
    let (mut prev_latin, mut body_latin) = (false, false);
    let mut doc = String::new();
    let mut planted = Vec::new();
    if matches!(fmt, Fmt::Html) {
        doc.push_str("<section style=\"margin:0\"><p>");
    }
    for p in pieces {
        for &f in &p.filler {
            doc.push(filler[f % filler.len()]);
        }
        let latin = TERMS[p.term].is_ascii();
        if !p.filler.is_empty() {
            body_latin = false;
        }
        if latin && (body_latin || prev_latin && p.filler.is_empty()) {
            // Latin terms match only at word boundaries: keep two of them apart.
            doc.push('的');
            body_latin = false;
        }
        prev_latin = latin;
        if !(matches!(fmt, Fmt::Html) && p.wrap % 4 == 3) {
            body_latin = latin;
        }
        let term = disguise(&case_variant(TERMS[p.term], p.upper_mask), &p.disguise, fmt);
        let (s, a, b) = wrap(&term, fmt, p.wrap);
        planted.push((doc.len() + a, doc.len() + b));
        doc.push_str(&s);
        if p.para_break {
            doc.push_str(match fmt {
                Fmt::Txt => "\n",
                Fmt::Md => "\n\n",
                Fmt::Html => "</p>\n<p>",
            });
        }
    }
    if matches!(fmt, Fmt::Html) {
        doc.push_str("</p></section>");
    }
    (doc, planted)
}

/// The property of `planted_terms_are_found_at_their_exact_bytes` for one generated document.
fn check_planted(pieces: &[Piece], fmt: Fmt, enc: Enc) -> Result<(), TestCaseError> {
    let scanner = Scanner::from_engine(engine());
    let (doc, planted) = build(pieces, fmt);
    let (bytes, to_raw) = encode(&doc, enc);
    let name = match fmt {
        Fmt::Txt => "a.txt",
        Fmt::Md => "a.md",
        Fmt::Html => "a.html",
    };
    let report = scanner.scan_bytes(name, &bytes);
    let got: BTreeSet<(usize, usize)> =
        report.findings.iter().map(|f| (f.byte_range.start, f.byte_range.end)).collect();
    let want: BTreeSet<(usize, usize)> = planted.iter().map(|&(a, b)| (to_raw(a), to_raw(b))).collect();
    prop_assert_eq!(&got, &want, "doc: {:?}", doc);
    for f in &report.findings {
        // The matched text is the original text at the byte range.
        let (a, b) = planted
            .iter()
            .copied()
            .find(|&(a, b)| (to_raw(a), to_raw(b)) == (f.byte_range.start, f.byte_range.end))
            .expect("planted");
        prop_assert_eq!(&f.matched, &doc[a..b]);
        // Line and column agree with the decoded text.
        let line = doc[..a].matches('\n').count() + 1;
        let col = doc[..a].rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
        prop_assert_eq!((f.start.line, f.start.column), (line, col));
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(256)))]

    #[test]
    fn planted_terms_are_found_at_their_exact_bytes(
        pieces in prop::collection::vec(piece(), 1..8),
        fmt in prop_oneof![Just(Fmt::Txt), Just(Fmt::Md), Just(Fmt::Html)],
        enc in prop_oneof![Just(Enc::Utf8), Just(Enc::Utf8Bom), Just(Enc::Gb18030), Just(Enc::Utf16Le)],
    ) {
        check_planted(&pieces, fmt, enc)?;
    }
}

/// A Latin term, a Han term as an `<img alt>`, a Latin term: the alt text leaves the body, so the
/// generator must keep the two Latin terms apart in the body (a case proptest found, i14t).
#[test]
fn latin_terms_around_an_image_alt_are_kept_apart() {
    let piece = |term, wrap| Piece {
        filler: vec![],
        term,
        wrap,
        upper_mask: 0,
        para_break: false,
        disguise: vec![(0, 0, false); 4],
    };
    let latin = TERMS.iter().position(|t| t.is_ascii()).expect("a Latin term");
    let han = TERMS.iter().position(|t| !t.is_ascii()).expect("a Han term");
    let pieces = [piece(latin, 0), piece(han, 3), piece(latin, 0)];
    let (doc, planted) = build(&pieces, Fmt::Html);
    assert_eq!(planted.len(), 3, "{doc}");
    check_planted(&pieces, Fmt::Html, Enc::Utf8).expect("all three found at their bytes");
}
