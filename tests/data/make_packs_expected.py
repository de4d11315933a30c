#!/usr/bin/env python3
"""Writes tests/data/packs_expected.json from an explicit list of planted findings in fixtures/packs/.

Same method as make_expected.py: this script does NOT search for terms. PLANTED names, for every
file, the rule, the exact ORIGINAL source text of the match (markup, spaces and traditional forms
included) and which occurrence of that text in the decoded file is meant; positions are computed
from the file bytes:

  line, column          1-based start; column counted in characters (Unicode scalar values)
  end_line, end_column  position just past the last character of the match (exclusive)
  byte_start, byte_end  byte range in the original file

Each expectation was decided from wordlists/README.md and the packs (term lists, `near` partners and
windows, `except` contexts, "a hit strictly inside a longer hit of any rule is dropped"), not from
the binary's output. Two consequences of those rules are planted on purpose:

  * a rule that `supersedes` another replaces its hit on the same span: 治疗 next to 保健食品 is
    AD106 only (AD107's partner 食品 is inside 保健食品, and AD106 supersedes AD107); 最安全 next to
    理财 is AD131 (error) only, not also AD001 (warning);
  * hits strictly inside a longer hit are absent: 全网最低 / 最低价 in 全网最低价, 第一 in 销量第一,
    有效率 in 总有效率, 顶级 in 顶级师资, and the PL002 hits 转发 / 微信群 inside the PL005 match
    转发到3个微信群 (which has a PL002 reward phrase within 15 characters, in the line above).

Lines that must stay quiet are listed in QUIET (documentation only; the test compares the whole
report, so any extra finding fails it).

As a consistency check (not a search), each planted match must correspond to its rule:
lexicon/near rules: the match with markup and whitespace removed and the few traditional forms in
FOLD mapped must be one of the rule's terms; regex rules: the rule's pattern must match the whole
text; validator rules: the digits must pass the validator as documented (GB 11643 check digit,
mainland mobile prefix, Luhn + 62 UnionPay prefix).

Run from the repository root:  python3 tests/data/make_packs_expected.py
"""
import html
import json
import pathlib
import re
import sys
import tomllib

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
from make_expected import load_rules, locate, strip_markup  # noqa: E402  (shared helpers)

ROOT = pathlib.Path(__file__).resolve().parents[2]
OUT = ROOT / "tests" / "data" / "packs_expected.json"

# Traditional forms used by the disguised planted terms (OpenCC folds them in the binary).
FOLD = str.maketrans({"頂": "顶", "級": "级"})

# (path, [(rule, source text of the match, nth occurrence in the decoded file, 1-based)])
PLANTED = [
    ("fixtures/packs/product-promo.html", [
        ("AD001", "最先进", 1),
        ("AD007", "全球首发", 1),
        ("AD003", "销量第一", 1),      # 第一 (AD009) inside it is dropped
        ("AD001", "頂 級", 1),         # disguised: traditional 頂級 with a space, inside <strong>
        ("AD004", "全网最低价", 1),    # 全网最低, 最低价 inside it are dropped
    ]),
    ("fixtures/packs/health-food-ad.md", [
        ("AD106", "治疗", 1),          # 12 chars of 保健食品 (辅助治疗糖尿病)
        ("AD104", "立竿见影", 1),      # 调理血糖 in the sentence
        ("AD103", "总有效率", 1),      # 疗程 in the sentence
        ("AD102", "无副作用", 1),
        ("AD106", "停药", 1),          # 12 chars of 保健食品
    ]),
    ("fixtures/packs/course-ad.txt", [
        ("AD113", "命题组", 1),        # 前命题组专家亲授
        ("AD110", "保过", 1),          # 教师资格证 in the sentence
        ("AD111", "不过全额退费", 1),
        ("AD112", "通过率100%", 1),
        ("AD132", "顶级师资", 1),      # 学校 in the sentence
    ]),
    ("fixtures/packs/investment.md", [
        ("AD121", "保本", 1),          # 理财 in the sentence
        ("AD122", "年化收益12%以上", 1),
        ("AD120", "保证收益", 1),
        ("AD131", "最安全", 1),        # 理财 in the sentence; supersedes the bare AD001 warning
        ("AD121", "稳赚", 1),          # 投资 in the sentence
    ]),
    ("fixtures/packs/share-bait.md", [
        ("PL007", "红包已到账", 1),    # front matter title
        ("PL002", "转发", 1),          # 转发到群，截图发给小编领红包
        ("PL005", "转发到3个微信群", 1),
        ("PL003", "集赞送", 1),
        ("PL005", "集满38个赞", 1),
        ("PL006", "关注公众号", 1),    # …后回复“三周年”，即可领取
        ("PL001", "不转不是中国人", 1),
        ("IL004", "兼职刷单", 1),
    ]),
    ("fixtures/packs/privacy.txt", [
        ("PI001", "110101198506120020", 1),  # the masked 1101**********0020 earlier is not it
        ("PI002", "13912345678", 1),
        ("PI003", "6217001234567890122", 1),
    ]),
    ("fixtures/packs/clean-essay.md", []),
]

# Text that must produce no finding (documentation; the test's exact comparison enforces it).
QUIET = {
    "fixtures/packs/product-promo.html": ["最佳食用时间 (AD001 except 最佳食用)"],
    "fixtures/packs/health-food-ad.md": ["保健食品不是药物，不能代替药物治疗疾病 (AD106/AD107 except)"],
    "fixtures/packs/investment.md": ["理财非存款，产品有风险，投资须谨慎"],
    "fixtures/packs/share-bait.md": ["欢迎转发，分享给需要的朋友 (no reward or gate nearby)"],
    "fixtures/packs/privacy.txt": [
        "1101**********0020 (masked)", "订单号2024011809300127 (Luhn-valid, no issuer prefix)",
        "400-810-2345 (hotline)",
    ],
    "fixtures/packs/clean-essay.md": ["第一个/第一次/最后/最初/国家级非物质文化遗产: no finding at all"],
}


def id_card_ok(s):
    w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    check = "10X98765432"[sum(int(a) * b for a, b in zip(s[:17], w)) % 11]
    return len(s) == 18 and s[17].upper() == check and s[:2] == "11"


def luhn_ok(s):
    total = 0
    for i, d in enumerate(reversed(s)):
        d = int(d)
        if i % 2 == 1:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return total % 10 == 0


def consistent(rule_id, rules, match):
    rule, terms = rules[rule_id]
    kind = rule.get("kind", "lexicon")
    if kind == "regex":
        return re.fullmatch(rule["pattern"], match) is not None
    if kind == "validator":
        digits = re.sub(r"\D", "", match)
        return {
            "cn-id-card": lambda: id_card_ok(digits),
            "cn-mobile": lambda: re.fullmatch(r"1[3-9]\d{9}", digits) is not None,
            "bank-card": lambda: 16 <= len(digits) <= 19 and digits.startswith("62") and luhn_ok(digits),
        }[rule["validator"]]()
    plain = re.sub(r"\s", "", strip_markup(match)).translate(FOLD).lower()
    return plain in terms


def main():
    rules = load_rules()
    out = []
    for path, planted in PLANTED:
        raw = (ROOT / path).read_bytes()
        text = raw.decode("utf-8")
        assert not text.startswith("\ufeff"), f"{path}: unexpected BOM"
        for rule, match, nth in planted:
            if not consistent(rule, rules, match):
                sys.exit(f"{path}: {match!r} does not correspond to rule {rule}")
            entry = locate(path, raw, text, 0, lambda s: s.encode("utf-8"), rule, match, nth)
            entry["severity"] = rules[rule][0]["severity"]
            entry["label"] = rules[rule][0]["label"]
            out.append(entry)
    out.sort(key=lambda f: (f["path"], f["byte_start"], f["rule"]))
    OUT.write_text(json.dumps(out, ensure_ascii=False, indent=2) + "\n", "utf-8")
    print(f"wrote {len(out)} findings to {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
