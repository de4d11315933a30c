//! The one place rule messages are put into words: a rule's template in the run's language with
//! its placeholders filled from the hit.
//!
//! Placeholders: `{term}` (the matched term), `{near}` (a `near` rule's partner); for model rules
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

/// The message of `hit` (a hit of `rule` in `text`, reporting `term`) in `lang`.
pub fn render(rule: &Rule, hit: &Hit, term: &str, text: &str, lang: Lang) -> String {
    let tpl = template(rule, lang);
    let Some(p) = &hit.passage else {
        let near = hit.partner.as_ref().and_then(|r| text.get(r.clone())).unwrap_or("");
        let msg = tpl.replace("{term}", term);
        let msg = if tpl.contains("{near}") { msg.replace("{near}", near) } else { msg };
        let msg = match &hit.evidence {
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
        return match &hit.advertising {
            Some(ad) if ad.setting == AdSetting::Promotional => match lang {
                Lang::Zh => format!("{msg}（推广语境：{}）", ad.cues.join("、")),
                Lang::En => format!("{msg} (promotional context: {})", ad.cues.join(", ")),
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
