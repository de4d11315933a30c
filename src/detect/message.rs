//! The one place rule messages are put into words: a rule's template in the run's language with
//! its placeholders filled from the hit.
//!
//! Placeholders: `{term}` (the matched term), `{near}` (a `near` rule's partner); for known-claim
//! rules `{claim}`, `{source}` and `{date}` (the debunked claim and its debunk); for model rules
//! `{score}` (the sentence's probability) and `{cues}` (its strongest n-grams, quoted); for corpus rules
//! `{doc}` (title or path of the corpus document), `{chars}`, `{coverage}`, `{similarity}`,
//! `{unchanged}` (share of the passage left word for word), `{kind}` and `{corpus}` (the passage's place in the corpus document).

use super::Hit;
use super::pack::Rule;
use crate::model::{AdSetting, Lang};

/// The message template of a rule in `lang`.
pub(crate) fn template(rule: &Rule, lang: Lang) -> &str {
    match lang {
        Lang::Zh => &rule.message,
        Lang::En => &rule.message_en,
    }
}

/// Whether [`render`] makes the message of `hit` from its rule, term and language alone (no
/// partner, passage, score or promotional cues of its own): such messages can be rendered once
/// per rule and term and shared.
pub fn term_only(hit: &Hit) -> bool {
    hit.passage().is_none()
        && hit.partner().is_none()
        && hit.evidence().is_none()
        && hit.known_claim().is_none()
        && hit.advertising().is_none_or(|ad| !matches!(ad.setting, AdSetting::Promotional | AdSetting::Reported))
}

/// The message of `hit` (a hit of `rule` in `text`, reporting `term`) in `lang`.
pub fn render(rule: &Rule, hit: &Hit, term: &str, text: &str, lang: Lang) -> String {
    let tpl = template(rule, lang);
    let Some(p) = hit.passage() else {
        let near = hit.partner().and_then(|r| text.get(r.clone())).unwrap_or("");
        let msg = tpl.replace("{term}", term);
        let msg = if tpl.contains("{near}") { msg.replace("{near}", near) } else { msg };
        let msg = match hit.known_claim() {
            Some(k) => msg.replace("{claim}", &k.claim).replace("{source}", &k.source).replace("{date}", &k.date),
            None => msg,
        };
        let msg = match hit.evidence() {
            Some(ev) => {
                let cues: Vec<String> = match lang {
                    Lang::Zh => ev.cues.iter().map(|c| format!("“{c}”")).collect(),
                    Lang::En => ev.cues.iter().map(|c| format!("\"{c}\"")).collect(),
                };
                let sep = if lang == Lang::Zh { "" } else { ", " };
                msg.replace("{score}", &format!("{:.2}", ev.score)).replace("{cues}", &cues.join(sep))
            }
            None => msg,
        };
        return match hit.advertising() {
            Some(ad) if ad.setting == AdSetting::Promotional => match lang {
                Lang::Zh => format!("{msg}（推广语境：{}）", ad.cues.join("、")),
                Lang::En => format!("{msg} (promotional context: {})", ad.cues.join(", ")),
            },
            Some(ad) if ad.setting == AdSetting::Reported => match lang {
                Lang::Zh => format!("{msg}（转述：{}）", ad.cues.join("、")),
                Lang::En => format!("{msg} (reported claim: {})", ad.cues.join(", ")),
            },
            _ => msg,
        };
    };
    let kind = match lang {
        Lang::Zh => p.kind.as_zh(),
        Lang::En => p.kind.as_str(),
    };
    tpl.replace("{doc}", p.title.as_deref().unwrap_or(&p.doc))
        .replace("{chars}", &p.chars.to_string())
        .replace("{coverage}", &format!("{:.0}%", p.coverage * 100.0))
        .replace("{similarity}", &format!("{:.0}%", p.similarity * 100.0))
        .replace("{unchanged}", &format!("{:.0}%", p.unchanged * 100.0))
        .replace("{kind}", kind)
        .replace("{corpus}", &format!("{} {}–{}", p.doc, p.corpus_range.start, p.corpus_range.end))
}

/// A rule's message with the `{term}` placeholder filled by a generic word, to describe the rule.
pub fn describe(rule: &Rule, lang: Lang) -> String {
    template(rule, lang).replace("{term}", "…")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::detect::{Engine, Selection, pack};
    use crate::model::Advertising;

    const PACK: &str = r#"
[pack]
name = "t"
[[rules]]
id = "N001"
category = "t"
severity = "error"
message = "{term} near {near}"
message_en = "{term} near {near} (en)"
kind = "near"
terms = ["根治"]
near = ["保健食品"]
within = 10
"#;

    /// A message [`term_only`] calls shareable is the one its rule and term alone give (a bare
    /// hit's); the others differ from it.
    #[test]
    fn term_only_messages_come_from_rule_and_term_alone() {
        let e = Engine::new(pack::load_str("t.toml", PACK).expect("pack"), &Selection::default()).expect("engine");
        let text = "这款保健食品可以根治失眠。";
        let hit = e.detect(text).into_iter().next().expect("a near hit");
        assert!(hit.partner().is_some());
        let rule = &e.rules()[hit.rule];
        let term = e.term(&hit, text);
        let ad = |setting| Some(Advertising { setting, cues: vec!["包邮".into()] });
        let bare = Hit { term: hit.term, ..Hit::at(hit.rule, hit.range.clone()) };
        let mut variants = vec![hit.clone(), bare.clone()];
        for setting in [AdSetting::Promotional, AdSetting::Neutral, AdSetting::Editorial, AdSetting::Reported] {
            variants.push(bare.clone().with_advertising(ad(setting)));
            variants.push(hit.clone().with_advertising(ad(setting)));
        }
        let mut shared = 0;
        for lang in [Lang::Zh, Lang::En] {
            let plain = render(rule, &bare, term, text, lang);
            for h in &variants {
                if term_only(h) {
                    shared += 1;
                    assert_eq!(render(rule, h, term, text, lang), plain, "{h:?}");
                } else {
                    assert_ne!(render(rule, h, term, text, lang), plain, "{h:?}");
                }
            }
        }
        assert_eq!(shared, 6, "the bare hit, and with a neutral or editorial context");
    }
}
