#!/usr/bin/env python3
"""List the 极限词 of the tuning set that a hegui build misses in an advert sentence.

The tuning set (issue 12) is the dev-split genuine terms (listed under an absolute-term heading
by two or more independent lists in tests/data/quality/jixianci_lists.jsonl) plus every term
listed under such a heading by exactly one list (those are in neither split). Terms of the test
split are never printed, written or scanned here.

The heading test, the split hash and the two advert sentences are copies of `absolute_section`,
`split_of` and `AD_SENTENCES` in tests/quality.rs; keep them in step.

Usage: python3 scripts/jixianci_tuning.py [--bin target/release/hegui] [--all]
  --all  print every tuning term with its result, not only the misses.
"""

import argparse
import json
import signal
import subprocess
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LISTS = ROOT / "tests/data/quality/jixianci_lists.jsonl"
AD_SENTENCES = ["这款面霜是{}的选择，现在下单立减50元！", "{}！本店保湿面霜限时特价99元，扫码购买。"]
YES = ["最", "一", "级", "极", "首", "家", "国", "绝对", "极限", "稀缺", "独家", "品牌", "权威", "夸张"]
NO = ["时间", "时限", "平台", "医疗", "医学", "迷信", "药", "食品", "金融", "教育", "欺诈", "虚假"]
SEVERITY = {"info": 0, "warning": 1, "error": 2}


def absolute_section(section: str) -> bool:
    """The heading names absolute terms (copy of tests/quality.rs)."""
    return any(w in section for w in YES) and not any(w in section for w in NO)


def is_test(term: str) -> bool:
    """FNV-1a 64 of the term, as `split_of` in tests/quality.rs: 0..3 of 10 is the test split."""
    h = 0xCBF29CE484222325
    for b in term.encode("utf-8"):
        h ^= b
        h = (h * 0x100000001B3) & 0xFFFFFFFFFFFFFFFF
    return h % 10 < 4


def tuning_terms() -> list[tuple[str, int]]:
    """(term, number of groups) for the dev genuine terms and the one-list terms."""
    groups: dict[str, set[str]] = defaultdict(set)
    for line in LISTS.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        if absolute_section(row["list_section"]):
            term = row["term"].strip()
            if term:
                groups[term].add(row["group"])
    out = []
    for term, gs in sorted(groups.items()):
        if len(gs) >= 2 and is_test(term):
            continue
        out.append((term, len(gs)))
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--bin", default=str(ROOT / "target/release/hegui"))
    ap.add_argument("--all", action="store_true")
    args = ap.parse_args()
    terms = tuning_terms()
    with tempfile.TemporaryDirectory() as tmp:
        paths = {}
        for i, (term, _) in enumerate(terms):
            for j, tpl in enumerate(AD_SENTENCES):
                p = Path(tmp) / f"{i:04d}-{j}.txt"
                p.write_text(tpl.replace("{}", term), encoding="utf-8")
                paths[str(p)] = (i, j)
        run = subprocess.run([args.bin, "check", "--no-config", "--format", "jsonl", tmp],
                             capture_output=True, text=True, check=False)
        level = defaultdict(lambda: -1)  # (term index, sentence) -> highest severity on the term
        rules = defaultdict(set)
        for line in run.stdout.splitlines():
            ev = json.loads(line)
            if ev.get("event") != "scan" or ev["path"] not in paths:
                continue
            i, j = paths[ev["path"]]
            term = terms[i][0]
            text = AD_SENTENCES[j].replace("{}", term)
            start = len(text[: text.find(term)].encode("utf-8"))
            end = start + len(term.encode("utf-8"))
            for f in ev.get("findings", []):
                r = f["byte_range"]
                if r["start"] < end and start < r["end"]:
                    sev = SEVERITY.get(f["severity"], -1)
                    level[(i, j)] = max(level[(i, j)], sev)
                    if sev >= 1:
                        rules[(i, j)].add(f["rule"])
    n = len(terms)
    warn = [sum(level[(i, j)] >= 1 for i in range(n)) for j in range(2)]
    err = [sum(level[(i, j)] >= 2 for i in range(n)) for j in range(2)]
    dev2 = sum(1 for _, g in terms if g >= 2)
    print(f"tuning set: {n} terms ({dev2} dev genuine, {n - dev2} from one list)")
    print(f"warning+ {warn[0]}/{n} {warn[1]}/{n}; error {err[0]}/{n} {err[1]}/{n}")
    for i, (term, g) in enumerate(terms):
        a, b = level[(i, 0)], level[(i, 1)]
        if args.all or a < 1 or b < 1:
            mark = "MISS" if a < 1 or b < 1 else "ok"
            names = ",".join(sorted(rules[(i, 0)] | rules[(i, 1)]))
            print(f"{mark}\tgroups={g}\t{a}/{b}\t{term}\t{names}")
    return 0


if __name__ == "__main__":
    signal.signal(signal.SIGPIPE, signal.SIG_DFL)  # quiet when piped into head
    sys.exit(main())
