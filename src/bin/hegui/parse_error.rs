//! clap's own parse errors (unknown argument, bad value, missing argument…) in the run's language:
//! Chinese by default, like every other message; clap's English text with `--lang en`.

use clap::error::{ContextKind, ContextValue, ErrorKind};

use hegui::model::Lang;

/// The text of one context value, if `err` has it.
fn value(err: &clap::Error, kind: ContextKind) -> Option<String> {
    err.get(kind).map(|v| match v {
        ContextValue::String(s) => s.clone(),
        ContextValue::Strings(list) => list.join("、"),
        ContextValue::StyledStr(s) => s.to_string(),
        ContextValue::StyledStrs(list) => list.iter().map(ToString::to_string).collect::<Vec<_>>().join("、"),
        ContextValue::Number(n) => n.to_string(),
        ContextValue::Bool(b) => b.to_string(),
        _ => String::new(),
    })
}

/// `err` worded in Chinese (the headline, a hint and the usage), or `None` for kinds that are not
/// errors (help, version) or have no Chinese wording.
pub(crate) fn zh(err: &clap::Error) -> Option<String> {
    let arg = value(err, ContextKind::InvalidArg).unwrap_or_default();
    let val = value(err, ContextKind::InvalidValue).unwrap_or_default();
    let head = match err.kind() {
        ErrorKind::UnknownArgument => format!("无法识别的参数「{arg}」"),
        ErrorKind::InvalidSubcommand => format!("无法识别的子命令「{}」", value(err, ContextKind::InvalidSubcommand)?),
        ErrorKind::InvalidValue if val.is_empty() => format!("参数 {arg} 需要一个值，但没有给出"),
        ErrorKind::InvalidValue => format!("参数 {arg} 的值「{val}」无效"),
        ErrorKind::ValueValidation => match std::error::Error::source(err) {
            Some(why) => format!("参数 {arg} 的值「{val}」无效（{why}）"),
            None => format!("参数 {arg} 的值「{val}」无效"),
        },
        ErrorKind::NoEquals => format!("参数 {arg} 的值须用等号给出（{arg}=值）"),
        ErrorKind::TooManyValues => format!("参数 {arg} 的值太多：「{val}」"),
        ErrorKind::TooFewValues | ErrorKind::WrongNumberOfValues => format!("参数 {arg} 的值个数不对"),
        ErrorKind::ArgumentConflict => match value(err, ContextKind::PriorArg) {
            Some(prior) => format!("参数 {arg} 不能与 {prior} 同时使用"),
            None => format!("参数 {arg} 不能重复给出"),
        },
        ErrorKind::MissingRequiredArgument => format!("缺少必需的参数：{arg}"),
        ErrorKind::MissingSubcommand => "缺少子命令".to_owned(),
        ErrorKind::InvalidUtf8 => "参数不是有效的 UTF-8 文本".to_owned(),
        _ => return None,
    };
    let mut out = format!("错误：{head}\n");
    if let Some(valid) = value(err, ContextKind::ValidValue) {
        out.push_str(&format!("\n  可选值：{valid}\n"));
    }
    let suggestion = value(err, ContextKind::SuggestedArg).or_else(|| value(err, ContextKind::SuggestedSubcommand));
    if let Some(s) = suggestion {
        out.push_str(&format!("\n  提示：是否想用「{s}」？\n"));
    }
    if let Some(usage) = value(err, ContextKind::Usage) {
        let usage = usage.trim();
        let usage = usage.strip_prefix("Usage:").or_else(|| usage.strip_prefix("用法：")).unwrap_or(usage);
        out.push_str(&format!("\n用法：{}\n", usage.trim()));
    }
    out.push_str("\n更多信息请运行 --help。\n");
    Some(out)
}

/// Prints `err` in `lang` and exits with clap's exit code (2 for errors, 0 for help and version).
pub(crate) fn exit(err: clap::Error, lang: Lang) -> ! {
    if lang == Lang::Zh
        && let Some(text) = zh(&err)
    {
        eprint!("{text}");
        std::process::exit(err.exit_code());
    }
    err.exit()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn error(args: &[&str]) -> clap::Error {
        let mut all = vec!["hegui"];
        all.extend_from_slice(args);
        crate::help::command(Lang::Zh).try_get_matches_from(all).expect_err("a parse error")
    }

    #[test]
    fn parse_errors_read_in_chinese_with_the_argument_and_a_hint() {
        let text = zh(&error(&["check", "--bogus"])).expect("worded");
        assert!(text.starts_with("错误：无法识别的参数「--bogus」"), "{text}");
        assert!(text.contains("用法：") && text.contains("--help"), "{text}");
        let text = zh(&error(&["chek"])).expect("worded");
        assert!(text.contains("无法识别的子命令「chek」") && text.contains("提示：是否想用「check」"), "{text}");
        let text = zh(&error(&["check", "--format", "xml"])).expect("worded");
        assert!(text.contains("「xml」无效") && text.contains("可选值："), "{text}");
        assert!(!text.contains("error:") && !text.contains("Usage:"), "{text}");
    }

    #[test]
    fn help_is_not_an_error() {
        let e = error(&["--help"]);
        assert_eq!(zh(&e), None);
        assert_eq!(e.exit_code(), 0);
    }
}
