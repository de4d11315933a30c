//! The clap command in the run's language: `--help`, the man page and the shell completions' descriptions
//! are Chinese by default and English with `--lang en` (or `HEGUI_LANG=en`), like the messages.
//!
//! clap's help texts come from the doc comments (English); for Chinese, the built command's `about` and
//! `help` strings are replaced from [`ZH`] (keyed by subcommand path and argument id), and clap's own
//! headings and built-in flags are renamed. A test checks that every subcommand and argument has a
//! Chinese text.

use clap::builder::PossibleValue;
use clap::{Arg, Command, CommandFactory};

use hegui::model::Lang;

use crate::args::Cli;

/// The language asked for before the arguments are parsed: the last `--lang` on the command line,
/// else `HEGUI_LANG`, else Chinese (an unknown value counts as Chinese; parsing then reports it).
pub(crate) fn lang_from_env() -> Lang {
    lang_from(std::env::args_os().skip(1), std::env::var_os("HEGUI_LANG"))
}

/// [`lang_from_env`] over given arguments and environment value.
fn lang_from(args: impl Iterator<Item = std::ffi::OsString>, env: Option<std::ffi::OsString>) -> Lang {
    let parse = |v: &std::ffi::OsStr| if v.eq_ignore_ascii_case("en") { Lang::En } else { Lang::Zh };
    let mut found = None;
    let mut args = args.peekable();
    while let Some(a) = args.next() {
        if a == "--" {
            break;
        }
        if a == "--lang" {
            if let Some(v) = args.peek() {
                found = Some(parse(v));
            }
        } else if let Some(v) = a.to_str().and_then(|s| s.strip_prefix("--lang=")) {
            found = Some(parse(std::ffi::OsStr::new(v)));
        }
    }
    found.or_else(|| env.as_deref().map(parse)).unwrap_or(Lang::Zh)
}

/// The whole command tree with help texts in `lang`, built (global arguments propagated), ready to
/// parse or to describe.
pub(crate) fn command(lang: Lang) -> Command {
    build(lang, false)
}

/// [`command`] for man pages: no `help` subcommand, and each listed value of an option a paragraph
/// of its own (roff fills lines into paragraphs).
pub(crate) fn man_command(lang: Lang) -> Command {
    build(lang, true)
}

fn build(lang: Lang, man: bool) -> Command {
    // A man page has no use for the `help` subcommand (nor a page of its own for it).
    let mut cmd = Cli::command().disable_help_subcommand(man);
    if lang == Lang::Zh {
        // The built-in `help` subcommand and `--help`/`--version` flags exist only once built.
        cmd.build();
        cmd = localize(cmd, "", man);
    }
    cmd
}

/// Template of clap's help page with a Chinese usage heading (the default template otherwise).
const ZH_TEMPLATE: &str = "{before-help}{about-with-newline}\n用法：{usage}\n\n{all-args}{after-help}";

/// `cmd` (at subcommand `path`, "" for the top level) and its subcommands with Chinese texts.
fn localize(mut cmd: Command, path: &str, man: bool) -> Command {
    if let Some(about) = zh(path, None) {
        cmd = cmd.about(about).long_about(None::<&str>);
    }
    cmd = cmd.help_template(ZH_TEMPLATE).subcommand_help_heading("命令").next_help_heading("选项");
    let ids: Vec<(String, bool)> =
        cmd.get_arguments().map(|a| (a.get_id().as_str().to_owned(), a.is_positional())).collect();
    for (id, positional) in ids {
        let text = match id.as_str() {
            "help" => Some("显示帮助"),
            "version" => Some("显示版本（及内置规则包的内容哈希）"),
            _ => zh(path, Some(&id)),
        };
        cmd = cmd.mut_arg(&id, |a| localize_arg(a.help_heading(if positional { "参数" } else { "选项" }), text, man));
    }
    let subs: Vec<String> = cmd.get_subcommands().map(|s| s.get_name().to_owned()).collect();
    for name in subs {
        let sub_path = if path.is_empty() { name.clone() } else { format!("{path} {name}") };
        cmd = cmd.mut_subcommand(&name, |s| {
            if name == "help" {
                s.about("显示本帮助，或某个子命令的帮助").help_template(ZH_TEMPLATE)
            } else {
                localize(s, &sub_path, man)
            }
        });
    }
    cmd
}

/// `a` with help `text` and clap's English suffixes (`[default: …]`, `[env: …]`, `Possible values:`)
/// written in Chinese instead (each value a paragraph of its own for a man page).
fn localize_arg(a: Arg, text: Option<&str>, man: bool) -> Arg {
    let base = match text {
        Some(t) => t.to_owned(),
        None => a.get_help().map(ToString::to_string).unwrap_or_default(),
    };
    let takes_values = a.get_action().takes_values();
    let mut tail = String::new();
    if takes_values && !a.is_hide_default_value_set() && !a.get_default_values().is_empty() {
        let defaults: Vec<String> = a.get_default_values().iter().map(|v| v.to_string_lossy().into_owned()).collect();
        tail.push_str(&format!(" [默认：{}]", defaults.join("、")));
    }
    if let Some(env) = a.get_env().filter(|_| !a.is_hide_env_set()) {
        tail.push_str(&format!(" [环境变量：{}]", env.to_string_lossy()));
    }
    let values: Vec<PossibleValue> = if takes_values && !a.is_hide_possible_values_set() {
        a.get_possible_values().into_iter().filter(|v| !v.is_hide_set()).collect()
    } else {
        Vec::new()
    };
    let names: Vec<&str> = values.iter().map(PossibleValue::get_name).collect();
    let short = match names.is_empty() {
        true => format!("{base}{tail}"),
        false => format!("{base}{tail} [可选值：{}]", names.join("、")),
    };
    let long = values.iter().any(|v| v.get_help().is_some()).then(|| {
        let width = names.iter().map(|n| n.len()).max().unwrap_or(0);
        let list: Vec<String> = values
            .iter()
            .map(|v| {
                let name = v.get_name();
                let help = value_zh(name).map(str::to_owned).or_else(|| v.get_help().map(ToString::to_string));
                format!("- {name:width$}  {}", help.unwrap_or_default())
            })
            .collect();
        let sep = if man { "\n\n" } else { "\n" };
        let long = format!("{base}\n\n可选值：{sep}{}", list.join(sep));
        if tail.is_empty() { long } else { format!("{long}\n\n{}", tail.trim_start()) }
    });
    let a = a.help(short).hide_default_value(true).hide_env(true).hide_possible_values(true);
    match long {
        Some(long) => a.long_help(long),
        None => a.long_help(None::<&str>),
    }
}

/// The Chinese description of a possible value (of `--lang`, `--format`, `--encoding`, a severity).
fn value_zh(name: &str) -> Option<&'static str> {
    VALUES_ZH.iter().find(|(n, _)| *n == name).map(|(_, t)| *t)
}

/// Chinese descriptions of possible values, by value name (the names do not clash across arguments).
const VALUES_ZH: &[(&str, &str)] = &[
    ("zh", "简体中文（默认）"),
    ("en", "英文"),
    ("info", "值得人工看一眼，本身不构成违规"),
    ("warning", "可能有问题；需要依据或上下文才能接受"),
    ("error", "违规"),
    ("human", "供人阅读的 rustc 风格片段（默认）"),
    ("concise", "每个问题一行：路径:行:列: 级别[规则] 说明"),
    ("json", "一个 JSON 文档：问题、错误和汇总"),
    ("jsonl", "JSON Lines 事件流，每个文件一个（schema 版本 1）"),
    ("sarif", "SARIF 2.1.0，供代码扫描工具使用"),
    ("github", "GitHub Actions 工作流命令注释"),
    ("gitlab", "GitLab Code Quality JSON（合并请求小部件）"),
    ("markdown", "Markdown 汇总：总数、各规则计数、文件（用于 $GITHUB_STEP_SUMMARY）"),
    ("statistics", "按规则计数，最多的在前"),
    ("mask", "改写文件，把每个问题遮盖（每个字符一个 `*`，或规则的替换文本）"),
    ("auto", "先看 BOM，再严格按 UTF-8，字节像中文时再试 GB18030"),
    ("utf8", "UTF-8（允许并跳过 BOM）"),
    ("gb18030", "GB18030（GBK 和 GB2312 的超集）"),
    ("gbk", "GBK，按其超集 GB18030 解码"),
    ("utf16le", "UTF-16 小端（允许并跳过 BOM）"),
    ("utf16be", "UTF-16 大端（允许并跳过 BOM）"),
];

/// The Chinese text of subcommand `path`'s about (`id` None) or of its argument `id`: an entry for
/// `"path id"` first, else one for the argument alone (arguments shared by several subcommands).
fn zh(path: &str, id: Option<&str>) -> Option<&'static str> {
    let key = match id {
        None => path.to_owned(),
        Some(id) if path.is_empty() => format!("-{id}"),
        Some(id) => format!("{path} -{id}"),
    };
    let find = |k: &str| ZH.iter().find(|(key, _)| *key == k).map(|(_, t)| *t);
    find(&key).or_else(|| id.and_then(|id| find(&format!("-{id}"))))
}

/// Chinese help texts: `"SUBCOMMAND PATH"` for a subcommand's about, `"PATH -ID"` for an argument
/// of one subcommand, `"-ID"` for an argument with the same meaning wherever it appears.
const ZH: &[(&str, &str)] = &[
    ("", "合规：中文公众号文章合规检查（广告法、平台规则、敏感词、个人信息、重复内容），离线运行"),
    ("-lang", "提示语言：zh（默认，简体中文）或 en（英文）"),
    // Arguments with one meaning wherever they appear.
    ("-config", "配置文件（默认：从第一个路径向上查找 hegui.toml）"),
    ("-no_config", "忽略任何 hegui.toml"),
    ("-packs", "额外的规则包（TOML）；可重复"),
    ("-no_cache", "不读也不写词表编译缓存，每次重新编译"),
    ("-encoding", "输入编码 [默认：auto，自动识别]"),
    ("-select", "只用这些规则（规则 id、id 前缀、类别或规则包，逗号分隔）；取代配置中的选择"),
    ("-ignore", "另外忽略这些规则（逗号分隔）"),
    ("-scan_code_blocks", "也检查 Markdown 代码块"),
    ("-max_file_size", "拒绝大于此字节数的文件 [默认：67108864]"),
    ("-no_ignore", "不遵循 .gitignore、.ignore 和 .heguiignore；包括隐藏文件"),
    (
        "-corpus",
        "另外报告从该语料索引中的文章复制（DUP001）或改写（DUP002）的段落 [默认：hegui.toml 的 `[dedup] corpus`]",
    ),
    ("-threads", "工作线程数（0：每个核一个）"),
    ("-json", "以 JSON 输出"),
    ("-index", "索引文件"),
    ("check", "检查文件和文件夹（默认：当前文件夹）；`-` 读取标准输入"),
    ("check -paths", "要检查的文件或文件夹；`-` 为标准输入"),
    ("check -format", "报告格式"),
    ("check -output", "把报告写入此文件，而不是标准输出"),
    (
        "check -outputs",
        "把 FORMAT 格式的报告写入 FILE（不写 `=FILE` 则为标准输出）；可重复，一次运行写出多份报告，如 `--output-format sarif=hegui.sarif --output-format github`；取代 `--format`/`--output`",
    ),
    ("check -fail_level", "达到此级别的问题使退出码为 1 [默认：error]"),
    (
        "check -fix",
        "报告之后，就地改写每个有问题的 UTF-8 文本、Markdown 或 HTML 文件：`mask` 遮盖所选规则的每个问题（每个字符一个 `*`，或规则的替换文本），其余字节不变。报告和退出码是遮盖前那次扫描的",
    ),
    ("check -stdin_filename", "标准输入在报告中使用的文件名；其扩展名决定格式"),
    ("check -max_findings", "每个文件最多列出这么多问题，其余只计数 [默认：`[check] max-findings`，否则 10000]"),
    ("check -color", "何时使用颜色"),
    ("check -baseline", "基线文件中已接受的问题报告为已抑制，不导致失败；不再出现的基线条目会列出"),
    ("check -allow_empty", "一个文件也没检查时退出码为 0（默认这是错误，退出码 2：否则路径写错或排除过宽会悄悄通过）"),
    ("check -statistics", "按规则计数，而不是列出问题（同 `--format statistics`）"),
    ("check -quiet", "安静模式：只输出问题和错误，不输出汇总行和跳过文件的说明"),
    ("check -write_baseline", "把本次列出的所有问题写入基线文件（除非有输入出错，退出码为 0）"),
    (
        "audit",
        "审计文章存档：在 --out 目录写出 report.html、report.json、report.md 和 findings.csv（按类别、规则和标签的违规率、趋势、问题最多的文章、带哈希的证据）",
    ),
    ("audit -paths", "要审计的文件或文件夹"),
    (
        "audit -out",
        "写入 report.html、report.json、report.md 和 findings.csv 的文件夹（不存在则创建；其中已有的报告会被替换）",
    ),
    ("audit -fail_level", "有问题达到此级别时退出码为 1（默认审计不论结果都以 0 退出）"),
    ("audit -select", "只用这些规则（规则 id、id 前缀、类别或规则包，逗号分隔）"),
    ("audit -max_findings", "findings.csv 中每个文件最多列出这么多问题，其余只计数"),
    ("audit -corpus", "另外报告从该语料索引中的文章复制的段落，并附重复内容表"),
    (
        "audit -dedup",
        "另外在审计的文章之间查找近似重复的文章组（谁抄了谁、抄了多少）；会为每篇文章建内存索引（每篇约 10 KB）",
    ),
    ("audit -top", "报告中列出的问题最多的文章数"),
    ("audit -quiet", "不显示进度条，结束时不在标准错误输出汇总"),
    ("rules", "列出、解释和测试规则"),
    ("rules list", "列出启用的规则"),
    ("rules list -stats", "改为显示各规则包和类别的词条数、加载时间和内存"),
    ("rules explain", "显示一条规则的全部信息"),
    ("rules explain -id", "规则 id，如 AD001"),
    ("rules test", "用示例检查每条规则：每个 `hit` 必须命中，每个 `miss` 必须不命中"),
    ("wordlist", "处理纯文本词表"),
    (
        "wordlist import",
        "把纯文本词表（每行一个词、`词<TAB>类别` 或 `词|词|…`）转换为规则包；归一化后的重复词条会去掉，错误行会连同行号报告",
    ),
    ("wordlist import -file", "词表文件（UTF-8、带 BOM 的 UTF-16 或 GB18030）"),
    ("wordlist import -category", "规则的类别（小写 ASCII，如 `politics`）"),
    ("wordlist import -severity", "规则的级别"),
    ("wordlist import -id_prefix", "规则 id 前缀（大写字母）；id 依次为 PREFIX001、PREFIX002、…"),
    ("wordlist import -label", "规则的 msgSecCheck 标签代码（如 20001 时政）"),
    ("wordlist import -name", "规则包名称（默认：文件名）"),
    ("wordlist import -output", "把规则包写入此文件，而不是标准输出"),
    ("dedup", "在 PATHS 中或语料索引的文章中列出近似重复（复制、编辑或改写）的文章组"),
    ("dedup -paths", "文件或文件夹"),
    ("dedup -corpus", "审计该语料索引中的文章（同时给出 PATHS 时也包括它们）"),
    ("dedup -min_coverage", "共有段落至少占两篇之一的这个比例时报告这一对（0–1）"),
    ("dedup -min_chars", "报告的共有文本的最短长度，按归一化后的字符计 [默认：30]"),
    ("dedup -no_rewrites", "只找原样和近似复制（不检测同义词、同音字改写）"),
    (
        "mask",
        "为每个文件写一份副本，所有问题处都被遮盖（每个字符一个 `*`，或规则的 `replacement`），其余内容逐字节不变",
    ),
    ("mask -paths", "文本、Markdown 或 HTML 文件（UTF-8）"),
    ("mask -output", "把那一个文件的遮盖副本写入此文件，而不是标准输出"),
    ("mask -out_dir", "把每个遮盖副本以原文件名写入此文件夹（多个文件时必需）"),
    ("mask -select", "只遮盖这些规则的问题（规则 id、id 前缀、类别或规则包，逗号分隔）"),
    ("mask -ignore", "不遮盖这些规则的问题（逗号分隔）"),
    ("watch", "监视文件和文件夹：先检查一遍，之后每个文件一改动就重新检查（Ctrl-C 结束）"),
    ("watch -paths", "要监视的文件或文件夹"),
    ("watch -format", "输出：`human`，或 `jsonl` 事件流（每行一个 JSON 对象）"),
    ("watch -clear", "每次改动后清屏并重绘每个文件当前的问题（human 格式）"),
    ("watch -report_dir", "另外把每个文件的最新报告以 JSON 写入此文件夹"),
    ("watch -debounce", "文件静止这么多毫秒后才重新检查（连续多次保存合并为一次）"),
    ("corpus", "维护已发表文章的语料索引，用于查重（抄袭）"),
    ("corpus add", "把文件和文件夹加入索引（不存在则创建）；未改动的文件跳过"),
    ("corpus add -paths", "要加入的文件或文件夹"),
    ("corpus remove", "删除文档（按加入时的路径）"),
    ("corpus remove -paths", "要删除的路径"),
    ("corpus stats", "显示索引的内容"),
    ("completions", "输出由这些参数定义生成的 shell 补全脚本（bash、zsh、fish、powershell、elvish）"),
    ("completions -shell", "shell 名称"),
    ("man", "输出 hegui 或某个子命令的 man 手册页（roff）；`--dir` 写出全部页面"),
    ("man -subcommand", "要输出手册页的子命令，如 `check` 或 `rules list`（默认：hegui 本身的页面）"),
    ("man -dir", "改为把全部页面（hegui.1、hegui-check.1、…）写入此文件夹（不存在则创建）"),
];

#[cfg(test)]
mod tests {
    use super::*;

    fn os(args: &[&str]) -> impl Iterator<Item = std::ffi::OsString> {
        args.iter().map(std::ffi::OsString::from).collect::<Vec<_>>().into_iter()
    }

    #[test]
    fn language_before_parsing() {
        assert_eq!(lang_from(os(&["check"]), None), Lang::Zh);
        assert_eq!(lang_from(os(&["check", "--lang", "en"]), None), Lang::En);
        assert_eq!(lang_from(os(&["--lang=en", "check"]), Some("zh".into())), Lang::En);
        assert_eq!(lang_from(os(&["check"]), Some("en".into())), Lang::En);
        assert_eq!(lang_from(os(&["--lang", "en", "--lang", "zh"]), Some("en".into())), Lang::Zh);
        assert_eq!(lang_from(os(&["check", "--", "--lang", "en"]), None), Lang::Zh, "a path, not the flag");
    }

    /// Every subcommand and argument, as `(key, English text)`.
    fn all(cmd: &Command, path: &str, out: &mut Vec<(String, String)>) {
        let about = cmd.get_about().map(ToString::to_string).unwrap_or_default();
        out.push((path.to_owned(), about));
        for a in cmd.get_arguments() {
            let id = a.get_id().as_str();
            if id == "help" || id == "version" || (!path.is_empty() && id == "lang") {
                continue;
            }
            let key = if path.is_empty() { format!("-{id}") } else { format!("{path} -{id}") };
            out.push((key, a.get_help().map(ToString::to_string).unwrap_or_default()));
        }
        for s in cmd.get_subcommands() {
            if s.get_name() == "help" {
                continue;
            }
            let p = if path.is_empty() { s.get_name().to_owned() } else { format!("{path} {}", s.get_name()) };
            all(s, &p, out);
        }
    }

    /// Every possible value with an English description, in every subcommand.
    fn described_values(cmd: &Command, out: &mut Vec<String>) {
        for a in cmd.get_arguments() {
            out.extend(
                a.get_possible_values().iter().filter(|v| v.get_help().is_some()).map(|v| v.get_name().to_owned()),
            );
        }
        cmd.get_subcommands().for_each(|s| described_values(s, out));
    }

    #[test]
    fn every_described_value_has_a_chinese_text() {
        let mut names = Vec::new();
        described_values(&command(Lang::En), &mut names);
        assert!(names.len() > 10, "{names:?}");
        let missing: Vec<&String> = names.iter().filter(|n| value_zh(n).is_none()).collect();
        assert!(missing.is_empty(), "no Chinese description for the values {missing:?}");
    }

    #[test]
    fn every_subcommand_and_argument_has_a_chinese_text() {
        let mut keys = Vec::new();
        all(&command(Lang::En), "", &mut keys);
        let missing: Vec<String> = keys
            .iter()
            .filter(|(key, _)| {
                let (path, id) = match key.rsplit_once(" -") {
                    Some((p, id)) => (p, Some(id)),
                    None if key.starts_with('-') => ("", Some(&key[1..])),
                    None => (key.as_str(), None),
                };
                zh(path, id).is_none()
            })
            .map(|(k, en)| format!("    (\"{k}\", \"\"), // {en}"))
            .collect();
        assert!(missing.is_empty(), "no Chinese help text for:\n{}", missing.join("\n"));
    }
}
