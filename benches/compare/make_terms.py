#!/usr/bin/env python3
"""Deterministic 10k-term list for the comparison: real vocabulary of the statute corpus.

9,857 Han 2- to 4-grams that occur 3 to 40 times in the statutes (spread evenly over that
frequency range, so matches are frequent but not every other character), plus the 143 most
frequent Han characters doubled (`当当`) that are not among them: terms that repeat-collapse must not shorten (the
collapse bug of issue 14). Lines in the output are the terms, one per line.

usage: make_terms.py STATUTES_DIR OUT [--no-doubled]
"""
import collections
import os
import re
import sys


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    root, out = sys.argv[1], sys.argv[2]
    doubled = "--no-doubled" not in sys.argv[3:]
    runs = []
    for d, _, files in sorted(os.walk(root)):
        for f in sorted(files):
            if f.endswith(".md"):
                with open(os.path.join(d, f), encoding="utf-8") as fh:
                    runs.extend(re.findall(r"[\u4e00-\u9fff]+", fh.read()))
    grams = collections.Counter()
    for r in runs:
        for n in (2, 3, 4):
            for i in range(len(r) - n + 1):
                grams[r[i:i + n]] += 1
    items = sorted((w for w, k in grams.items() if 3 <= k <= 40), key=lambda w: (-grams[w], w))
    step = max(1, len(items) // 9857)
    terms = items[::step][:9857]
    if doubled:
        chars = collections.Counter(c for r in runs for c in r)
        have = set(terms)
        top = (c * 2 for c, _ in sorted(chars.items(), key=lambda x: (-x[1], x[0])))
        terms += [t for t in top if t not in have][:143]
    with open(out, "w", encoding="utf-8") as fh:
        fh.write("\n".join(terms) + "\n")


if __name__ == "__main__":
    main()
