//! Names of rule categories and msgSecCheck labels in the report's language.

use crate::model::Lang;

/// The name of a rule category (its key when hegui has no name for it).
pub fn category(key: &str, lang: Lang) -> String {
    let (zh, en) = match key {
        "adlaw" => ("广告法", "Advertising law"),
        "platform" => ("平台规则", "Platform rules"),
        "privacy" => ("个人信息", "Personal data"),
        "dedup" => ("重复内容", "Duplicate content"),
        "drugs" => ("毒品", "Drugs"),
        "fraud" => ("诈骗", "Fraud"),
        "gambling" => ("赌博", "Gambling"),
        "porn" => ("色情", "Pornography"),
        "weapons" => ("枪支弹药", "Weapons"),
        "politics" => ("时政", "Politics"),
        _ => return key.to_owned(),
    };
    lang.pick(zh, en).to_owned()
}

/// The name of a msgSecCheck label code (hegui's own 30001 and 30002 included).
pub fn label(code: Option<u32>, lang: Lang) -> String {
    let Some(code) = code else { return lang.pick("无标签", "no label").to_owned() };
    let (zh, en) = match code {
        10001 => ("广告", "Advertising"),
        20001 => ("时政", "Politics"),
        20002 => ("色情", "Pornography"),
        20003 => ("辱骂", "Abuse"),
        20006 => ("违法犯罪", "Illegal"),
        20008 => ("欺诈", "Fraud"),
        20012 => ("低俗", "Vulgar"),
        20013 => ("版权", "Copyright"),
        21000 => ("其他", "Other"),
        30001 => ("隐私", "Privacy"),
        30002 => ("平台规则", "Platform rules"),
        _ => return code.to_string(),
    };
    format!("{code} {}", lang.pick(zh, en))
}

/// A rule description without the placeholders of its message template (`（附近有「{near}」）`,
/// `(near "{near}")`) that have no value outside one finding.
pub fn clean_description(desc: &str) -> String {
    let mut out = String::with_capacity(desc.len());
    let mut rest = desc;
    while let Some(open) = rest.find(['（', '(']) {
        let close_char = if rest[open..].starts_with('（') { '）' } else { ')' };
        match rest[open..].find(close_char) {
            Some(len) if rest[open..open + len].contains('{') => {
                out.push_str(rest[..open].trim_end());
                rest = &rest[open + len + close_char.len_utf8()..];
            }
            _ => {
                let next = open + rest[open..].chars().next().map_or(1, char::len_utf8);
                out.push_str(&rest[..next]);
                rest = &rest[next..];
            }
        }
    }
    out.push_str(rest);
    // Any other placeholder (`「{near}」` in running text) reads as an ellipsis; right after one
    // (`「{term}{near}」`, or `「…{near}」` once `{term}` reads `…`) it adds none.
    let mut clean = String::with_capacity(out.len());
    let mut rest = out.as_str();
    while let Some(open) = rest.find('{') {
        match rest[open..].find('}') {
            Some(len) => {
                clean.push_str(&rest[..open]);
                if !clean.ends_with('…') {
                    clean.push('…');
                }
                rest = &rest[open + len + 1..];
            }
            None => break,
        }
    }
    clean.push_str(rest);
    clean
}

/// The first sentence of a description.
pub fn first_sentence(desc: &str) -> &str {
    match desc.find('。') {
        Some(i) => &desc[..i + '。'.len_utf8()],
        None => desc.split_inclusive(". ").next().unwrap_or(desc).trim_end(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn descriptions_lose_their_placeholders() {
        assert_eq!(clean_description("说明「…」（附近有「{near}」）。不得说明治愈率。"), "说明「…」。不得说明治愈率。");
        assert_eq!(clean_description("States \"…\" (near \"{near}\"). Must not."), "States \"…\". Must not.");
        // Placeholders side by side read as one ellipsis; a written ellipsis stays as it is.
        assert_eq!(clean_description("「{term}{near}」宣称治疗「{near}」。"), "「…」宣称治疗「…」。");
        assert_eq!(clean_description("「…{near}」宣称"), "「…」宣称");
        assert_eq!(clean_description("等等……「{term}」"), "等等……「…」");
        assert_eq!(clean_description("保留（括号）内容"), "保留（括号）内容");
        assert_eq!(clean_description("「{term}」与疾病「{near}」"), "「…」与疾病「…」");
        assert_eq!(first_sentence("第一句。第二句。"), "第一句。");
        assert_eq!(first_sentence("One. Two."), "One.");
    }
}

/// Personal data (category `privacy`) as the audit outputs show it: letters and digits past the
/// first three and before the last two masked with `*`, so an archived report does not copy the
/// data it flags.
pub fn mask(s: &str) -> String {
    let n = s.chars().count();
    s.chars().enumerate().map(|(i, c)| if i >= 3 && i + 2 < n && c.is_alphanumeric() { '*' } else { c }).collect()
}

/// Whether findings of `category` carry personal data that the audit outputs mask.
pub fn is_personal(category: &str) -> bool {
    category == "privacy"
}

#[cfg(test)]
mod mask_tests {
    use super::*;

    #[test]
    fn personal_data_is_masked() {
        assert_eq!(mask("13812345678"), "138******78");
        assert_eq!(mask("ab@c.com"), "ab@*.*om");
        assert_eq!(mask("12"), "12");
    }
}
