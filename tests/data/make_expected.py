#!/usr/bin/env python3
"""Writes tests/data/expected_findings.json from an explicit list of planted violations.

The fixtures in fixtures/violations/ were written by hand with known violations planted in them.
This script does NOT search for terms: it takes the list PLANTED below, where each entry names
the file, the rule, the exact ORIGINAL source text of the match (markup and entities included,
e.g. "最**佳**" or "&#26368;佳") and which occurrence of that text in the decoded file is meant,
and computes positions from the file bytes:

  line, column          1-based start; column counted in characters (Unicode scalar values) of the
                        decoded text; a BOM is not a column; lines end at "\n" ("\r\n" is one break)
  end_line, end_column  position just past the last character of the match (exclusive)
  byte_start, byte_end  byte range in the ORIGINAL file (BOM bytes counted, GB18030 / UTF-16 bytes)

A match runs from the first character of the term to its last character, including any markup or
entity text between or inside them, and no markup after the last character (so 最**佳**, the closing
** is not part of the match: the match text is 最**佳).

As a consistency check (not a search), each planted match with its markup removed and entities
decoded must equal one of the terms of the named rule in wordlists/.

Run from the repository root:  python3 tests/data/make_expected.py
"""
import html
import json
import pathlib
import re
import sys
import tomllib

ROOT = pathlib.Path(__file__).resolve().parents[2]
OUT = ROOT / "tests" / "data" / "expected_findings.json"

# Link rules match URLs by domain, not terms.
LINK_RULES = {"PL020", "PL021"}
# Pattern rules: the match is checked by the binary, not against a term list.
PATTERN_RULES = {"PL019"}

# (path, encoding, [(rule, source text of the match, nth occurrence in the decoded file, 1-based)])
PLANTED = [
    ("fixtures/violations/promo.txt", "utf-8", [
        ("AD001", "最先进", 1),
        ("AD001", "最佳", 1),          # on a line that starts with a tab
        ("AD007", "国内首创", 1),      # on a line that starts with four spaces
        ("AD003", "NO.1", 1),          # term is "No.1": ASCII case-insensitive
        ("AD001", "最好用", 1),
        ("AD004", "全网最低价", 1),
    ]),
    ("fixtures/violations/launch.md", "utf-8", [
        ("AD007", "全球首发", 1),      # front matter title
        ("AD001", "顶级", 1),          # inside **bold**
        ("AD002", "世界级", 1),        # image alt text
        ("AD001", "最**佳", 1),        # split by emphasis: 最**佳**
        ("AD001", "&#26368;佳", 1),    # numeric entity for 最
        ("PL020", "https://example.com/coupon", 1),  # link target outside WeChat (info)
        # the fenced ```json block holds 最佳 and 国家级: code is skipped, nothing expected
    ]),
    ("fixtures/violations/wechat.html", "utf-8", [
        ("AD001", "顶级", 1),          # <title>
        # the <script> holds 最佳 and 国家级: skipped, nothing expected
        ("AD001", '最<span style="color: red;">佳', 1),  # split by inline markup
        ("AD002", "国家&#x7EA7;", 1),  # hex entity for 级
        ("AD005", "独一无二", 1),      # <img alt="…">
        ("AD004", "全网最低价", 1),    # inside <strong>
        ("PL019", "微信：chayu2024", 1),  # a WeChat ID for customer service: contact diversion
    ]),
    ("fixtures/violations/gbk-promo.txt", "gb18030", [
        ("AD001", "最正宗", 1),        # same line as 𠮷 (4 bytes in GB18030), after it
        ("AD004", "最实惠", 1),
    ]),
    ("fixtures/violations/utf8-bom.txt", "utf-8-sig", [
        ("AD004", "全网最低价", 1),
    ]),
    ("fixtures/violations/utf16.txt", "utf-16", [
        ("AD007", "国内首款", 1),      # CRLF file; line 1 starts with 𠮷 (a surrogate pair in UTF-16)
    ]),
]


def load_rules():
    """Rule id -> (rule table, set of terms lower-cased), read from every pack under wordlists/."""
    rules = {}
    for pack in sorted((ROOT / "wordlists").rglob("*.toml")):
        data = tomllib.loads(pack.read_text("utf-8"))
        for rule in data.get("rules", []):
            ts = set(t.lower() for t in rule.get("terms", []))
            if "terms_file" in rule:
                for line in (pack.parent / rule["terms_file"]).read_text("utf-8").splitlines():
                    line = line.split("#", 1)[0].strip()
                    if line:
                        ts.add(line.lower())
            rules[rule["id"]] = (rule, ts)
    return rules


def load_terms():
    """Rule id -> set of terms (lower-cased)."""
    return {rid: ts for rid, (_, ts) in load_rules().items()}


def decode(raw, encoding):
    """Returns (text, bom_len, encoder) where encoder(s) gives the file bytes of decoded text s."""
    if encoding == "utf-8-sig":
        assert raw.startswith(b"\xef\xbb\xbf"), "expected a UTF-8 BOM"
        return raw[3:].decode("utf-8"), 3, lambda s: s.encode("utf-8")
    if encoding == "utf-16":
        assert raw.startswith(b"\xff\xfe"), "expected a UTF-16LE BOM"
        return raw[2:].decode("utf-16-le"), 2, lambda s: s.encode("utf-16-le")
    text = raw.decode(encoding)
    assert not text.startswith("\ufeff"), "unexpected BOM"
    return text, 0, lambda s: s.encode(encoding)


def strip_markup(s):
    s = re.sub(r"<[^>]*>", "", s)
    s = s.replace("**", "").replace("__", "").replace("*", "")
    return html.unescape(s)


def position(text, index):
    line = text.count("\n", 0, index) + 1
    column = index - (text.rfind("\n", 0, index) + 1) + 1
    return line, column


def locate(path, raw, text, bom, enc, rule, match, nth):
    """The expected finding for the nth occurrence (1-based) of `match` in decoded `text`."""
    index = -1
    for _ in range(nth):
        index = text.find(match, index + 1)
        if index < 0:
            sys.exit(f"{path}: occurrence {nth} of {match!r} not found")
    end = index + len(match)
    line, column = position(text, index)
    last_line, last_column = position(text, end - 1)
    byte_start = bom + len(enc(text[:index]))
    byte_end = bom + len(enc(text[:end]))
    assert enc(text[index:end]) == raw[byte_start:byte_end], f"{path}: {match!r} is not at its bytes"
    return {
        "path": path,
        "rule": rule,
        "matched": match,
        "line": line,
        "column": column,
        "end_line": last_line,
        "end_column": last_column + 1,
        "byte_start": byte_start,
        "byte_end": byte_end,
    }


def main():
    terms = load_terms()
    out = []
    for path, encoding, planted in PLANTED:
        raw = (ROOT / path).read_bytes()
        text, bom, enc = decode(raw, encoding)
        assert enc(text) == raw[bom:], f"{path}: does not round-trip as {encoding}"
        for rule, match, nth in planted:
            plain = strip_markup(match).lower()
            if rule not in LINK_RULES | PATTERN_RULES and plain not in terms.get(rule, set()):
                sys.exit(f"{path}: {match!r} -> {plain!r} is not a term of {rule}")
            out.append(locate(path, raw, text, bom, enc, rule, match, nth))
    out.sort(key=lambda f: (f["path"], f["byte_start"]))
    OUT.write_text(json.dumps(out, ensure_ascii=False, indent=2) + "\n", "utf-8")
    print(f"wrote {len(out)} findings to {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
