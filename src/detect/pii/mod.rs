//! Personal-data validators: Chinese resident ID numbers, mainland mobile numbers, bank card numbers
//! and e-mail addresses.
//!
//! [`find`] scans article text for one [`PiiKind`] and returns the byte ranges of valid occurrences;
//! [`canonical`] folds a match to the form used by allow lists. The scanners are hand-written digit-run
//! scanners: ASCII and full-width digits (U+FF10–U+FF19) are both accepted, grouped forms are accepted
//! where the kind is usually written grouped, and every number must stand alone — no digit or letter
//! (ASCII or full-width) immediately before or after it, and a grouped number must not continue into a
//! further group with the same separator.
//!
//! ```
//! use hegui::detect::pii::{canonical, find, PiiKind};
//!
//! let text = "客服电话：１３８-1234-5678，邮箱 Service@Example.com。";
//! let mobile = find(PiiKind::CnMobile, text);
//! assert_eq!(&text[mobile[0].clone()], "１３８-1234-5678");
//! assert_eq!(canonical(PiiKind::CnMobile, &text[mobile[0].clone()]), "13812345678");
//! let email = find(PiiKind::Email, text);
//! assert_eq!(canonical(PiiKind::Email, &text[email[0].clone()]), "service@example.com");
//! ```

mod bank_card;
mod email;
mod id_card;
mod mobile;

use std::fmt;
use std::ops::Range;

/// Kinds of personal data hegui recognises.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum PiiKind {
    /// Resident identity card number (GB 11643-1999, 18 characters with an ISO 7064 MOD 11-2 check).
    CnIdCard,
    /// Mainland China mobile number (11 digits, optional `+86`/`86`/`0086` prefix).
    CnMobile,
    /// Payment card number (16–19 digits, Luhn check, known issuer prefix).
    BankCard,
    /// E-mail address (a practical RFC 5322 subset).
    Email,
}

impl PiiKind {
    /// Every kind, in declaration order.
    pub const ALL: [PiiKind; 4] = [PiiKind::CnIdCard, PiiKind::CnMobile, PiiKind::BankCard, PiiKind::Email];

    /// Stable names used in rule packs: "cn-id-card", "cn-mobile", "bank-card", "email".
    #[must_use]
    pub fn from_name(name: &str) -> Option<PiiKind> {
        PiiKind::ALL.into_iter().find(|kind| kind.name() == name)
    }

    /// The stable name of this kind (the inverse of [`PiiKind::from_name`]).
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            PiiKind::CnIdCard => "cn-id-card",
            PiiKind::CnMobile => "cn-mobile",
            PiiKind::BankCard => "bank-card",
            PiiKind::Email => "email",
        }
    }
}

impl fmt::Display for PiiKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Byte ranges (in `text`) of every valid occurrence of `kind`, in order, non-overlapping.
///
/// Each range starts on the first character of the number (or of the `+86`-style prefix of a mobile
/// number) and ends after its last character; surrounding text and trailing punctuation are never
/// included. A run that is a valid ID card number is not reported as a bank card.
#[must_use]
pub fn find(kind: PiiKind, text: &str) -> Vec<Range<usize>> {
    find_many(&[kind], text).pop().unwrap_or_default()
}

/// [`find`] for several kinds at once, sharing the work of indexing the text: one result per kind,
/// in the order given.
pub fn find_many(kinds: &[PiiKind], text: &str) -> Vec<Vec<Range<usize>>> {
    let mut out = vec![Vec::new(); kinds.len()];
    // Only short windows around digit runs (or at-signs) are indexed, never the whole text; each
    // window is decoded once for all the kinds that look at it.
    let mut scan = |windows: Vec<Range<usize>>, email: bool| {
        for w in windows {
            let chars = Chars::new(&text[w.clone()]);
            for (&kind, out) in kinds.iter().zip(out.iter_mut()) {
                let found = match kind {
                    PiiKind::Email if email => chars.scan_emails(),
                    PiiKind::CnIdCard if !email => chars.scan_numbers(id_card::match_id_card),
                    PiiKind::CnMobile if !email => chars.scan_numbers(mobile::match_mobile),
                    PiiKind::BankCard if !email => chars.scan_numbers(bank_card::match_bank_card),
                    _ => continue,
                };
                out.extend(found.into_iter().map(|r| r.start + w.start..r.end + w.start));
            }
        }
    };
    let numbers = kinds.iter().any(|&k| k != PiiKind::Email);
    let [number_windows, email_windows] = windows(text, [numbers, kinds.contains(&PiiKind::Email)]);
    scan(number_windows, false);
    scan(email_windows, true);
    out
}

/// The characters around which [`windows`] opens windows, and the runs it widens them to.
struct Seeds {
    /// The characters of a run.
    in_run: fn(char) -> bool,
    /// The first byte a seed may start with.
    maybe: fn(u8) -> bool,
    /// The next two bytes of a multi-byte seed.
    maybe_tail: fn(u8, u8) -> bool,
    /// A seed character.
    seed: fn(char) -> bool,
}

/// Digit runs: an ASCII digit, or a full-width one (U+FF10..FF19), in a run of digits and
/// separators.
const NUMBERS: Seeds = Seeds {
    in_run: |c| {
        digit(c).is_some()
            || GROUP_SEPARATORS.contains(&c)
            || ID_SEPARATORS.contains(&c)
            || is_x(c)
            || matches!(c, '+' | '＋')
    },
    maybe: |b| b.is_ascii_digit() || b == 0xEF,
    maybe_tail: |a, b| a == 0xBC && (0x90..=0x99).contains(&b),
    seed: |c| digit(c).is_some(),
};

/// E-mail runs: `@` or `＠` (U+FF20) in a run of address characters.
const EMAILS: Seeds = Seeds {
    in_run: |c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_' | '%' | '+' | '@' | '＠'),
    maybe: |b| b == b'@' || b == 0xEF,
    maybe_tail: |a, b| a == 0xBC && b == 0xA0,
    seed: |c| matches!(c, '@' | '＠'),
};

/// For [`NUMBERS`] and [`EMAILS`] (each when `on`), the byte ranges of `text` worth scanning: each
/// maximal run of the set's `in_run` characters that contains one of its `seed` characters,
/// widened by one character on each side (the boundary checks look there); empty for a set not
/// on.
///
/// Seeds are found by one byte scan for both sets (`maybe`: the first byte a seed may start with;
/// `maybe_tail`: the next two bytes of a multi-byte one), so the text is read once, and only the
/// runs around them are decoded: text without digits or at-signs is not decoded at all. Each set's
/// windows are those a scan for it alone would find: a position is looked at for a set when it
/// passes that set's test and lies past the set's last run.
fn windows(text: &str, on: [bool; 2]) -> [Vec<Range<usize>>; 2] {
    const SETS: [&Seeds; 2] = [&NUMBERS, &EMAILS];
    let bytes = text.as_bytes();
    let passes = |s: &Seeds, x: u8, t0: u8, t1: u8| (s.maybe)(x) & ((x < 0x80) | (s.maybe_tail)(t0, t1));
    let qualifies = |x: u8, t0: u8, t1: u8| (on[0] & passes(SETS[0], x, t0, t1)) | (on[1] & passes(SETS[1], x, t0, t1));
    let mut out: [Vec<Range<usize>>; 2] = [Vec::new(), Vec::new()];
    // Where the scan for each set goes on.
    let mut from = [0usize; 2];
    let mut at = 0;
    while let Some(p) = next_candidate(bytes, at, &qualifies) {
        at = p + 1;
        let (t0, t1) = (bytes.get(p + 1).copied().unwrap_or(0), bytes.get(p + 2).copied().unwrap_or(0));
        for k in 0..2 {
            if on[k] && p >= from[k] && passes(SETS[k], bytes[p], t0, t1) {
                from[k] = grow(text, p, SETS[k], &mut out[k]);
            }
        }
    }
    out
}

/// Opens the window of the run around a seed candidate at byte `p` (already past `maybe` and, for
/// a multi-byte one, `maybe_tail`), merging it with the last one of `out`; returns where the scan
/// for this set goes on (past the run, or past `p` when it is no seed).
fn grow(text: &str, p: usize, seeds: &Seeds, out: &mut Vec<Range<usize>>) -> usize {
    let Some(c) = text.get(p..).and_then(|t| t.chars().next()).filter(|&c| (seeds.seed)(c)) else {
        return p + 1;
    };
    // The run around the seed: back to the first character not in it, then forward.
    let mut start = p;
    let mut before = None;
    for (j, d) in text[..p].char_indices().rev() {
        if (seeds.in_run)(d) {
            start = j;
        } else {
            before = Some(j);
            break;
        }
    }
    let mut end = p + c.len_utf8();
    let mut after = end;
    for d in text[end..].chars() {
        if (seeds.in_run)(d) {
            end += d.len_utf8();
            after = end;
        } else {
            after = end + d.len_utf8();
            break;
        }
    }
    let a = before.unwrap_or(start);
    match out.last_mut() {
        Some(last) if last.end >= a => last.end = after,
        _ => out.push(a..after),
    }
    end
}

/// The first position at or after `from` whose byte and next two bytes pass `qualifies` (`0` for
/// a byte past the end): the positions [`windows`] goes on to decode. Blocks of [`SEED_BLOCK`]
/// bytes are tested whole (a loop the compiler vectorizes) and skipped when no byte of theirs
/// qualifies, so the commas of Chinese text (`，` shares its lead byte with the full-width digits)
/// are not stepped through one by one.
fn next_candidate(bytes: &[u8], from: usize, qualifies: &impl Fn(u8, u8, u8) -> bool) -> Option<usize> {
    let mut at = from;
    while let Some(block) = bytes.get(at..at + SEED_BLOCK + 2) {
        let mut any = false;
        for j in 0..SEED_BLOCK {
            any |= qualifies(block[j], block[j + 1], block[j + 2]);
        }
        if any {
            break;
        }
        at += SEED_BLOCK;
    }
    (at..bytes.len())
        .find(|&p| qualifies(bytes[p], bytes.get(p + 1).copied().unwrap_or(0), bytes.get(p + 2).copied().unwrap_or(0)))
}

/// Bytes [`next_candidate`] tests at a time.
const SEED_BLOCK: usize = 32;

/// The canonical form of a match (ASCII digits only, `X` upper-cased; lower-cased email) — used for
/// allow lists such as the publisher's own service numbers.
///
/// Separators are dropped and full-width digits folded. For [`PiiKind::CnMobile`] the country prefix is
/// dropped too, so `+86 138-1234-5678` and `13812345678` have the same canonical form. Any string is
/// accepted; input that is not a match is folded the same way.
#[must_use]
pub fn canonical(kind: PiiKind, matched: &str) -> String {
    match kind {
        PiiKind::Email => matched.chars().map(|c| if c == '＠' { '@' } else { c.to_ascii_lowercase() }).collect(),
        PiiKind::CnIdCard => {
            matched.chars().filter_map(|c| if is_x(c) { Some('X') } else { digit(c).map(digit_char) }).collect()
        }
        PiiKind::BankCard => matched.chars().filter_map(|c| digit(c).map(digit_char)).collect(),
        PiiKind::CnMobile => {
            let digits: Vec<char> = matched.chars().filter_map(|c| digit(c).map(digit_char)).collect();
            let national = digits.len().saturating_sub(11);
            digits.get(national..).unwrap_or_default().iter().collect()
        }
    }
}

/// Separators accepted between the 6-8-4 groups of an ID card number.
const ID_SEPARATORS: &[char] = &[' ', '\u{3000}'];
/// Separators accepted between the groups of mobile and bank card numbers, and after a mobile prefix.
const GROUP_SEPARATORS: &[char] = &[' ', '\u{3000}', '-', '－'];

/// The value of an ASCII or full-width decimal digit.
fn digit(c: char) -> Option<u8> {
    match c {
        '0'..='9' => Some(c as u8 - b'0'),
        '０'..='９' => u8::try_from(u32::from(c) - u32::from('０')).ok(),
        _ => None,
    }
}

/// The ASCII character of a digit value 0–9.
fn digit_char(value: u8) -> char {
    char::from(b'0' + value)
}

/// An ID card check character `X`, in either case and width.
fn is_x(c: char) -> bool {
    matches!(c, 'X' | 'x' | 'Ｘ' | 'ｘ')
}

/// A character that glues onto a number or address: an ASCII or full-width letter or digit.
fn is_word(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '０'..='９' | 'Ａ'..='Ｚ' | 'ａ'..='ｚ')
}

/// The text as characters with their byte offsets.
struct Chars {
    chars: Vec<(usize, char)>,
    len: usize,
}

/// The most digits [`Chars::read_groups`] reads (the longest layout, a bank card, has 19).
const MAX_READ: usize = 24;

/// Digits read from the text by [`Chars::read_groups`].
struct Read {
    /// Character index after the last digit.
    end: usize,
    /// Digit values, the first `len`; an `X` check character is 10. On the stack: a read is tried
    /// at every digit that starts a number, most fail within a few characters.
    digits: [u8; MAX_READ],
    /// Digits read.
    len: usize,
    /// The separator between groups, if there was more than one group.
    sep: Option<char>,
}

impl Chars {
    fn new(text: &str) -> Chars {
        Chars { chars: text.char_indices().collect(), len: text.len() }
    }

    fn get(&self, i: usize) -> Option<char> {
        self.chars.get(i).map(|&(_, c)| c)
    }

    fn digit_at(&self, i: usize) -> Option<u8> {
        self.get(i).and_then(digit)
    }

    /// Byte offset of character `i` (the text length past the end).
    fn byte(&self, i: usize) -> usize {
        self.chars.get(i).map_or(self.len, |&(b, _)| b)
    }

    fn byte_range(&self, start: usize, end: usize) -> Range<usize> {
        self.byte(start)..self.byte(end)
    }

    /// Whether a number may start at `i`: no letter or digit before it, and for a grouped number no
    /// further group (`digit sep`) before it.
    fn clean_start(&self, i: usize, sep: Option<char>) -> bool {
        let Some(prev) = i.checked_sub(1).and_then(|p| self.get(p)) else { return true };
        if is_word(prev) {
            return false;
        }
        !(sep == Some(prev) && i.checked_sub(2).and_then(|p| self.digit_at(p)).is_some())
    }

    /// Whether a number may end before `end`: no letter or digit after it, and for a grouped number no
    /// further group (`sep digit`) after it.
    fn clean_end(&self, end: usize, sep: Option<char>) -> bool {
        let Some(next) = self.get(end) else { return true };
        if is_word(next) {
            return false;
        }
        !(sep == Some(next) && self.digit_at(end + 1).is_some())
    }

    /// Reads digit groups of the given lengths from `start`, joined by one character of `seps` (the
    /// same one each time). With `x_last` the very last character may be an `X` check character.
    /// Layouts of more than [`MAX_READ`] digits read nothing.
    fn read_groups(&self, start: usize, groups: &[usize], seps: &[char], x_last: bool) -> Option<Read> {
        let total: usize = groups.iter().sum();
        if total > MAX_READ {
            return None;
        }
        let mut digits = [0; MAX_READ];
        let mut n = 0;
        let mut sep = None;
        let mut i = start;
        for (g, &len) in groups.iter().enumerate() {
            if g > 0 {
                let c = self.get(i)?;
                match sep {
                    None if seps.contains(&c) => sep = Some(c),
                    Some(s) if s == c => {}
                    _ => return None,
                }
                i += 1;
            }
            for _ in 0..len {
                let c = self.get(i)?;
                let value = match digit(c) {
                    Some(v) => v,
                    None if x_last && n + 1 == total && is_x(c) => 10,
                    None => return None,
                };
                digits[n] = value;
                n += 1;
                i += 1;
            }
        }
        Some(Read { end: i, digits, len: n, sep })
    }

    /// Reads `groups` at `start` and accepts the result if it stands alone and `valid` holds.
    fn read_number(
        &self,
        start: usize,
        body: usize,
        groups: &[usize],
        seps: &[char],
        x_last: bool,
        valid: impl Fn(&[u8]) -> bool,
    ) -> Option<usize> {
        let read = self.read_groups(body, groups, seps, x_last)?;
        (self.clean_start(start, read.sep) && self.clean_end(read.end, read.sep) && valid(&read.digits[..read.len]))
            .then_some(read.end)
    }

    /// Runs `matcher` at every position not glued to a preceding letter or digit; a match returns its
    /// end (character index) and scanning resumes there.
    fn scan_numbers(&self, matcher: fn(&Chars, usize) -> Option<usize>) -> Vec<Range<usize>> {
        let mut out = Vec::new();
        let mut i = 0;
        while i < self.chars.len() {
            // A number starts with a digit or a `+` country prefix, after a non-word character.
            let starts = self.get(i).is_some_and(|c| digit(c).is_some() || matches!(c, '+' | '＋'));
            let free = starts && i.checked_sub(1).and_then(|p| self.get(p)).is_none_or(|c| !is_word(c));
            if free && let Some(end) = matcher(self, i) {
                out.push(self.byte_range(i, end));
                i = end;
            } else {
                i += 1;
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::bank_card::{known_issuer, luhn_ok};
    use super::id_card::{id_check_value, is_leap, valid_id_card};
    use super::*;
    use proptest::prelude::*;

    fn found(kind: PiiKind, text: &str) -> Vec<&str> {
        find(kind, text).into_iter().map(|r| &text[r]).collect()
    }

    #[test]
    fn every_layout_fits_a_read_and_the_longest_reads_whole() {
        for groups in super::bank_card::CARD_LAYOUTS {
            assert!(groups.iter().sum::<usize>() <= MAX_READ, "{groups:?}");
        }
        // The mobile (11) and ID card (18) layouts are shorter than the longest card layout.
        let text: String = "6".repeat(19) + "7";
        let c = Chars::new(&text);
        let read = c.read_groups(0, &[19], &[], false).expect("19 digits");
        assert_eq!((read.end, &read.digits[..read.len]), (19, &[6; 19][..]));
        assert!(c.read_groups(0, &[MAX_READ + 1], &[], false).is_none());
        let grouped = Chars::new("1234 5678 9012 3456 789");
        let read = grouped.read_groups(0, &[4, 4, 4, 4, 3], &[' '], false).expect("grouped");
        assert_eq!((read.len, read.sep, read.digits[18]), (19, Some(' '), 9));
    }

    /// The check character of a 17-digit ASCII body.
    fn id_check(body: &str) -> char {
        let digits: Vec<u8> = body.bytes().map(|b| b - b'0').collect();
        match id_check_value(&digits) {
            10 => 'X',
            v => digit_char(v),
        }
    }

    /// A synthetic ID number: the body plus its computed check character.
    fn make_id(body: &str) -> String {
        assert_eq!(body.len(), 17);
        format!("{body}{}", id_check(body))
    }

    /// The first synthetic ID under region 110101, birth 19900101, whose check character is `X`.
    fn id_with_x() -> String {
        (0..1000).map(|seq| make_id(&format!("11010119900101{seq:03}"))).find(|id| id.ends_with('X')).unwrap()
    }

    /// A card number: the body plus its computed Luhn check digit.
    fn make_card(body: &str) -> String {
        (0..10).map(|d| format!("{body}{d}")).find(|n| luhn_ok(&ascii_digits(n))).unwrap()
    }

    fn ascii_digits(s: &str) -> Vec<u8> {
        s.bytes().map(|b| b - b'0').collect()
    }

    fn full_width(s: &str) -> String {
        s.chars()
            .map(|c| match c {
                '0'..='9' => char::from_u32(u32::from('０') + (c as u32 - '0' as u32)).unwrap(),
                'X' => 'Ｘ',
                _ => c,
            })
            .collect()
    }

    /// Groups a contiguous number by `sizes`, joined by `sep`.
    fn group(s: &str, sizes: &[usize], sep: &str) -> String {
        let mut parts = Vec::new();
        let mut rest = s;
        for &n in sizes {
            let (head, tail) = rest.split_at(n);
            parts.push(head);
            rest = tail;
        }
        assert!(rest.is_empty());
        parts.join(sep)
    }

    /// Replaces the last character with a different valid-looking check character.
    fn wrong_check(id: &str) -> String {
        let (body, check) = id.split_at(17);
        let next = match check {
            "X" => '0',
            "9" => 'X',
            d => digit_char(d.as_bytes()[0] - b'0' + 1),
        };
        format!("{body}{next}")
    }

    #[test]
    fn names_round_trip() {
        for kind in PiiKind::ALL {
            assert_eq!(PiiKind::from_name(kind.name()), Some(kind));
            assert_eq!(kind.to_string(), kind.name());
        }
        assert_eq!(PiiKind::from_name("cn-id-card"), Some(PiiKind::CnIdCard));
        assert_eq!(PiiKind::from_name("cn-mobile"), Some(PiiKind::CnMobile));
        assert_eq!(PiiKind::from_name("bank-card"), Some(PiiKind::BankCard));
        assert_eq!(PiiKind::from_name("email"), Some(PiiKind::Email));
        assert_eq!(PiiKind::from_name("Email"), None);
        assert_eq!(PiiKind::from_name(""), None);
    }

    // ---- ID card ----

    #[test]
    fn id_card_valid() {
        let plain = make_id("11010119900101123");
        let leap = make_id("44030420000229002");
        let old = make_id("37020219000101001");
        let late = make_id("82000020991231999");
        let x = id_with_x();
        let lower = x.replace('X', "x");
        for id in [&plain, &leap, &old, &late, &x, &lower] {
            let text = format!("身份证号：{id}，请核对。");
            assert_eq!(found(PiiKind::CnIdCard, &text), [id.as_str()], "{text}");
        }
        // At the very start and end of the text.
        assert_eq!(found(PiiKind::CnIdCard, &plain), [plain.as_str()]);
        // Full-width digits and full-width X.
        let wide = full_width(&x);
        assert!(wide.ends_with('Ｘ'));
        let text = format!("证件号码{wide}已登记");
        assert_eq!(found(PiiKind::CnIdCard, &text), [wide.as_str()]);
        assert_eq!(canonical(PiiKind::CnIdCard, &wide), x);
        assert_eq!(canonical(PiiKind::CnIdCard, &lower), x);
        // 6-8-4 grouping with single spaces.
        let grouped = group(&x, &[6, 8, 4], " ");
        let text = format!("号码 {grouped} 本人");
        assert_eq!(found(PiiKind::CnIdCard, &text), [grouped.as_str()]);
        assert_eq!(canonical(PiiKind::CnIdCard, &grouped), x);
        // Several in one text, in order, with byte ranges on the numbers.
        let text = format!("甲{plain}、乙{leap}和丙{x}。");
        assert_eq!(found(PiiKind::CnIdCard, &text), [plain.as_str(), leap.as_str(), x.as_str()]);
        let ranges = find(PiiKind::CnIdCard, &text);
        assert_eq!(ranges[0].start, "甲".len());
        assert!(ranges.windows(2).all(|w| w[0].end <= w[1].start));
    }

    #[test]
    fn id_card_invalid() {
        let valid = make_id("11010119900101123");
        let cases = [
            wrong_check(&valid),
            wrong_check(&id_with_x()),
            make_id("11010119900230123"), // Feb 30
            make_id("11010119910229123"), // not a leap year
            make_id("11010119000229123"), // 1900 is not a leap year
            make_id("11010119901301123"), // month 13
            make_id("11010119900100123"), // day 0
            make_id("11010118991231123"), // before 1900
            make_id("11010121000101123"), // after 2099
            make_id("99010119900101123"), // unknown province
            make_id("10010119900101123"), // unknown province
            make_id("72010119900101123"), // unknown province
            valid[..17].to_string(),      // 17 digits
            format!("{valid}1"),          // 19-digit run
            format!("1{valid}"),
            format!("ID{valid}"), // glued to letters
            format!("{valid}abc"),
            format!("{valid}１"),                             // glued to a full-width digit
            "110101900101123".to_string(),                    // old 15-digit ID
            group(&valid, &[6, 8, 4], "-"),                   // hyphen grouping is not an ID layout
            group(&valid, &[6, 8, 4], "  "),                  // double spaces
            format!("{} 12", group(&valid, &[6, 8, 4], " ")), // grouped run continues
        ];
        for id in &cases {
            let text = format!("身份证号：{id}，请核对。");
            assert!(found(PiiKind::CnIdCard, &text).is_empty(), "{text}");
        }
        // The valid one is found in the same sentence (the cases differ from it only as described).
        assert_eq!(found(PiiKind::CnIdCard, &format!("身份证号：{valid}，请核对。")), [valid.as_str()]);
    }

    // ---- mobile ----

    #[test]
    fn mobile_valid() {
        let cases = [
            ("请致电13812345678咨询", "13812345678"),
            ("手机：+86 139 1234 5678。", "+86 139 1234 5678"),
            ("联系0086-15012345678即可", "0086-15012345678"),
            ("号码8618612345678，", "8618612345678"),
            ("热线 138-1234-5678 全天", "138-1234-5678"),
            ("电话１３８１２３４５６７８转人工", "１３８１２３４５６７８"),
            ("客服＋８６　１９９　１２３４　５６７８", "＋８６　１９９　１２３４　５６７８"),
            ("新号14512345678与16612345678", "14512345678"),
            ("备用17012345678", "17012345678"),
            ("或者19212345678", "19212345678"),
            ("(+8613312345678)", "+8613312345678"),
        ];
        for (text, want) in cases {
            assert_eq!(found(PiiKind::CnMobile, text).first().copied(), Some(want), "{text}");
        }
        // Several in one text.
        let text = "张三13812345678，李四 +86-139-1234-5678，王五18612345678。";
        assert_eq!(found(PiiKind::CnMobile, text), ["13812345678", "+86-139-1234-5678", "18612345678"]);
        assert_eq!(found(PiiKind::CnMobile, "新号14512345678与16612345678"), ["14512345678", "16612345678"]);
        // Canonical form drops separators, prefix and width.
        for m in ["+86 138 1234 5678", "0086-13812345678", "8613812345678", "１３８-１２３４-５６７８", "13812345678"]
        {
            assert_eq!(canonical(PiiKind::CnMobile, m), "13812345678", "{m}");
        }
    }

    #[test]
    fn mobile_invalid() {
        let cases = [
            "12012345678",      // second digit 2
            "14012345678",      // 140 is not a mobile range
            "15412345678",      // 154
            "16012345678",      // 160
            "17912345678",      // 179
            "19412345678",      // 194
            "138123456789",     // 12-digit run containing a mobile
            "013812345678",     // leading digit glued on
            "1381234567",       // 10 digits
            "abc13812345678",   // glued to letters
            "13812345678kg",    // glued to letters
            "138 1234 5678 9",  // grouped run continues
            "12 138 1234 5678", // grouped run continues before
            "138-1234 5678",    // mixed separators
            "138  1234  5678",  // double spaces
            "1381 234 5678",    // wrong grouping
            "010-62345678",     // landline
            "+86 10 6234 5678", // landline with country code
            "0755-83456789",    // landline
            "8513812345678",    // 13-digit run with no real prefix
        ];
        for case in cases {
            let text = format!("请致电{case}咨询");
            assert!(found(PiiKind::CnMobile, &text).is_empty(), "{text}");
        }
    }

    // ---- bank card ----

    #[test]
    fn bank_card_valid() {
        let unionpay19 = make_card("622202123456789012");
        let unionpay16 = make_card("621700123456789");
        let visa = make_card("411111123456789");
        let master = make_card("545454123456789");
        let master2 = make_card("222100123456789");
        let master2_top = make_card("272099123456789");
        let jcb = make_card("353011123456789");
        let discover = make_card("601100123456789");
        let discover65 = make_card("650000123456789");
        for card in [&unionpay19, &unionpay16, &visa, &master, &master2, &master2_top, &jcb, &discover, &discover65] {
            let text = format!("卡号：{card}，开户行北京。");
            assert_eq!(found(PiiKind::BankCard, &text), [card.as_str()], "{text}");
        }
        // Grouped in fours with spaces or hyphens, 16 and 19 digits.
        let spaced = group(&unionpay16, &[4, 4, 4, 4], " ");
        let hyphened = group(&unionpay19, &[4, 4, 4, 4, 3], "-");
        let text = format!("转账至{spaced}或{hyphened}。");
        assert_eq!(found(PiiKind::BankCard, &text), [spaced.as_str(), hyphened.as_str()]);
        assert_eq!(canonical(PiiKind::BankCard, &hyphened), unionpay19);
        // Full-width digits.
        let wide = full_width(&visa);
        let text = format!("信用卡{wide}到期");
        assert_eq!(found(PiiKind::BankCard, &text), [wide.as_str()]);
        assert_eq!(canonical(PiiKind::BankCard, &wide), visa);
        // Several in one text.
        let text = format!("{visa}、{master}、{jcb}");
        assert_eq!(found(PiiKind::BankCard, &text), [visa.as_str(), master.as_str(), jcb.as_str()]);
    }

    #[test]
    fn bank_card_invalid() {
        let valid = make_card("622202123456789012");
        let c16 = make_card("621700123456789");
        let luhn_fail = {
            let mut d = ascii_digits(&valid);
            let last = d.len() - 1;
            d[last] = (d[last] + 1) % 10;
            d.into_iter().map(digit_char).collect::<String>()
        };
        let cases = [
            luhn_fail,
            make_card("912345678901234"),     // unknown issuer
            make_card("123456789012345"),     // unknown issuer (order number)
            make_card("222000123456789"),     // below the Mastercard 2-series
            make_card("272100123456789"),     // above the Mastercard 2-series
            make_card("562345678901234"),     // 56
            make_card("62220212345678"),      // 15 digits
            make_card("6222021234567890123"), // 20 digits
            format!("NO{valid}"),             // glued to letters
            format!("{valid}x"),
            group(&c16, &[4, 4, 4, 4], "  "), // double spaces
            format!("{}-{}", &c16[..4], group(&c16[4..], &[4, 4, 4], " ")), // mixed separators
            format!("{} 1234", group(&c16, &[4, 4, 4, 4], " ")), // run continues
        ];
        for card in &cases {
            let text = format!("卡号：{card}，开户行北京。");
            assert!(found(PiiKind::BankCard, &text).is_empty(), "{text}");
        }
        for card in [&valid, &c16, &group(&c16, &[4, 4, 4, 4], " ")] {
            assert_eq!(found(PiiKind::BankCard, &format!("卡号：{card}，开户行北京。")), [card.as_str()]);
        }
    }

    #[test]
    fn id_card_is_not_a_bank_card() {
        // Gansu (62) IDs look like UnionPay numbers; find one that also passes Luhn.
        let id = (0..1000)
            .map(|seq| make_id(&format!("62010219900101{seq:03}")))
            .find(|id| !id.ends_with('X') && luhn_ok(&ascii_digits(id)))
            .unwrap();
        assert!(known_issuer(&ascii_digits(&id)));
        let text = format!("身份证{id}。");
        assert_eq!(found(PiiKind::CnIdCard, &text), [id.as_str()]);
        assert!(found(PiiKind::BankCard, &text).is_empty());
        // The same digits with a broken ID date are a card.
        let not_id = make_card(&format!("6201021990023{}", &id[13..17]));
        assert!(!valid_id_card(&ascii_digits(&not_id)));
        assert_eq!(found(PiiKind::BankCard, &format!("卡号{not_id}。")), [not_id.as_str()]);
    }

    // ---- email ----

    #[test]
    fn email_valid() {
        let cases = [
            ("邮箱user@example.com欢迎来信", "user@example.com"),
            ("请发送至first.last+tag@mail.example.com.cn。", "first.last+tag@mail.example.com.cn"),
            ("投稿：a_b%c-d@sub-domain.qq.com，谢谢", "a_b%c-d@sub-domain.qq.com"),
            ("联系 name＠example.com 获取", "name＠example.com"),
            ("Mail: USER@Example.ORG.", "USER@Example.ORG"),
            ("（x1@163.com）", "x1@163.com"),
            ("写信给a@b.co...", "a@b.co"),
            ("地址a@b.com-", "a@b.com"),
        ];
        for (text, want) in cases {
            assert_eq!(found(PiiKind::Email, text), [want], "{text}");
        }
        let text = "甲a@b.com、乙c.d@e.net; 丙f@g.io";
        assert_eq!(found(PiiKind::Email, text), ["a@b.com", "c.d@e.net", "f@g.io"]);
        assert_eq!(canonical(PiiKind::Email, "Name＠Example.COM"), "name@example.com");
    }

    #[test]
    fn email_invalid() {
        let cases = [
            "a@b",
            ".a@b.com",
            "a.@b.com",
            "a..b@c.com",
            "a@-b.com",
            "a@b-.com",
            "a@b..com",
            "a@b.c",
            "a@b.c0m",
            "a@b.123",
            "@b.com",
            "a@.com",
            "ａa@b.com",     // glued to a full-width letter
            "a@b.comｘ",     // glued to a full-width letter
            "a@b.com@c.com", // two at-signs
            "a@b.com_x",
        ];
        for case in cases {
            let text = format!("邮箱{case}，谢谢");
            assert!(found(PiiKind::Email, &text).is_empty(), "{text}");
        }
    }

    #[test]
    fn canonical_tolerates_anything() {
        for kind in PiiKind::ALL {
            let _ = canonical(kind, "");
            let _ = canonical(kind, "中文 ＠ ｘ");
        }
        assert_eq!(canonical(PiiKind::CnMobile, "123"), "123");
    }

    // ---- properties ----

    /// A 17-digit ID body with a known province and a real birth date.
    fn id_body() -> impl Strategy<Value = String> {
        let provinces = [
            11u32, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46, 50, 51, 52, 53, 54,
            61, 62, 63, 64, 65, 71, 81, 82, 83,
        ];
        (proptest::sample::select(provinces.to_vec()), 0u32..10000, 1900u32..=2099, 1u32..=12, 1u32..=31, 0u32..1000)
            .prop_filter_map("real date", |(p, region, y, m, d, seq)| {
                let days = match m {
                    2 if is_leap(y) => 29,
                    2 => 28,
                    4 | 6 | 9 | 11 => 30,
                    _ => 31,
                };
                (d <= days).then(|| format!("{p:02}{region:04}{y:04}{m:02}{d:02}{seq:03}"))
            })
    }

    proptest! {
        #[test]
        fn id_check_digit_property(body in id_body(), pos in 0usize..18, delta in 1u8..11) {
            let id = make_id(&body);
            let text = format!("身份证号{id}。");
            prop_assert_eq!(found(PiiKind::CnIdCard, &text), [id.as_str()]);
            prop_assert_eq!(canonical(PiiKind::CnIdCard, &id), id.clone());
            prop_assert!(found(PiiKind::BankCard, &text).is_empty());
            // Change one character to another value (digits 0–9, X only in the check position).
            let mut values: Vec<u8> = id.bytes().map(|b| if b == b'X' { 10 } else { b - b'0' }).collect();
            let radix = if pos == 17 { 11 } else { 10 };
            let new = (values[pos] + delta % radix) % radix;
            prop_assume!(new != values[pos]);
            values[pos] = new;
            let changed: String = values.iter().map(|&v| if v == 10 { 'X' } else { digit_char(v) }).collect();
            let text = format!("身份证号{changed}。");
            prop_assert!(found(PiiKind::CnIdCard, &text).is_empty(), "{}", changed);
        }

        #[test]
        fn bank_card_luhn_property(
            prefix in proptest::sample::select(vec!["62", "4", "51", "55", "2221", "2720", "35", "60", "65"]),
            rest in proptest::collection::vec(0u8..10, 18),
            len in 16usize..=19,
            pos in 0usize..19,
            delta in 1u8..10,
        ) {
            let body: String = prefix.chars().chain(rest.iter().map(|&d| digit_char(d))).take(len - 1).collect();
            let card = make_card(&body);
            prop_assume!(!valid_id_card(&ascii_digits(&card)));
            let text = format!("卡号{card}。");
            prop_assert_eq!(found(PiiKind::BankCard, &text), [card.as_str()]);
            let mut d = ascii_digits(&card);
            let pos = pos % len;
            d[pos] = (d[pos] + delta) % 10;
            let changed: String = d.into_iter().map(digit_char).collect();
            prop_assert!(found(PiiKind::BankCard, &format!("卡号{changed}。")).is_empty(), "{}", changed);
        }

        #[test]
        fn ranges_are_ordered_and_on_boundaries(text in "[0-9０-９ \\-+＋@＠.a-zXｘ中文。_]{0,60}") {
            for kind in PiiKind::ALL {
                let ranges = find(kind, &text);
                prop_assert!(ranges.windows(2).all(|w| w[0].end <= w[1].start));
                for r in ranges {
                    prop_assert!(r.start < r.end);
                    prop_assert!(text.is_char_boundary(r.start) && text.is_char_boundary(r.end));
                    let m = &text[r];
                    prop_assert!(!m.starts_with([' ', '.']) && !m.ends_with([' ', '.', '-']));
                    prop_assert!(kind == PiiKind::Email || !m.starts_with('-'));
                    let _ = canonical(kind, m);
                }
            }
        }
    }
}

#[cfg(test)]
mod window_tests {
    use super::*;
    use proptest::prelude::*;

    /// The scan over the whole text, without windows.
    fn whole(kind: PiiKind, text: &str) -> Vec<Range<usize>> {
        let chars = Chars::new(text);
        match kind {
            PiiKind::CnIdCard => chars.scan_numbers(id_card::match_id_card),
            PiiKind::CnMobile => chars.scan_numbers(mobile::match_mobile),
            PiiKind::BankCard => chars.scan_numbers(bank_card::match_bank_card),
            PiiKind::Email => chars.scan_emails(),
        }
    }

    proptest! {
        /// Scanning only the windows around digit runs and at-signs finds exactly what scanning
        /// the whole text finds.
        #[test]
        fn windows_find_what_the_whole_text_scan_finds(
            parts in prop::collection::vec(prop_oneof![
                Just("13812345678".to_owned()), Just("+86 138-1234-5678".to_owned()),
                Just("110101199003070011".to_owned()), Just("4111111111111111".to_owned()),
                Just("6222 0000 0000 0000 004".to_owned()), Just("a.b@example.com".to_owned()),
                Just("编号".to_owned()), Just(" ".to_owned()), Just("-".to_owned()), Just("x".to_owned()),
                Just("１３８１２３４５６７８".to_owned()), Just("@".to_owned()), Just("7".to_owned()),
                "[0-9a-z@. +-]{0,6}", "[\u{4e00}-\u{4e20}]{0,3}",
            ], 0..12)
        ) {
            let text: String = parts.concat();
            let kinds = PiiKind::ALL;
            let many = find_many(&kinds, &text);
            for (k, got) in kinds.iter().zip(many) {
                prop_assert_eq!(got, whole(*k, &text), "{:?} in {:?}", k, text);
            }
        }

        /// One byte scan for digit runs and at-signs opens the windows that a scan for each
        /// alone opens (the sets share the lead byte 0xEF of full-width digits, `＠` and `，`).
        #[test]
        fn one_scan_for_both_sets_opens_each_sets_windows(
            text in "[0-9０-９a-z@＠，。 .+-\u{4e00}-\u{4e05}]{0,80}"
        ) {
            let [numbers, emails] = windows(&text, [true, true]);
            prop_assert_eq!(&numbers, &windows(&text, [true, false])[0]);
            prop_assert_eq!(&emails, &windows(&text, [false, true])[1]);
            prop_assert!(windows(&text, [false, true])[0].is_empty() && windows(&text, [true, false])[1].is_empty());
        }
    }

    #[test]
    fn a_full_width_at_sign_beside_full_width_digits_opens_both_windows() {
        // Touching windows merge: `，` closes the first e-mail run and opens the second.
        let text = "联系１３８１２３４５６７８＠ｘ，a@b.cn";
        let [numbers, emails] = windows(text, [true, true]);
        assert_eq!(numbers.iter().map(|w| &text[w.clone()]).collect::<Vec<_>>(), ["系１３８１２３４５６７８＠"]);
        assert_eq!(emails.iter().map(|w| &text[w.clone()]).collect::<Vec<_>>(), ["８＠ｘ，a@b.cn"]);
    }
}
