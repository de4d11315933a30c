#!/usr/bin/env python3
"""Deterministic corpus of N articles of 1-2 KB for `benches/dedup_index.sh`, plus 200 drafts.

Articles are statute sentences (from STATUTES_DIR) shuffled with a fixed seed and recombined, so
their fingerprints are as realistic as the sentences: shared legal formulas recur across
articles, most k-grams are rare. Files go to DIR/a/NNNN/NNNNNNN.md (1,000 a folder). Drafts go
to DIR/drafts/qNNN.md: even ones copy 3-8 consecutive sentences of a random article between two
fresh sentences, odd ones are fresh sentences only.

usage: gen_dedup_corpus.py DIR N STATUTES_DIR
"""
import os
import random
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from gen_corpus import sentences  # noqa: E402

DRAFTS = 200


def article(rng, pool):
    target = rng.randint(1000, 2000)
    parts, n = [], 0
    while True:
        s = rng.choice(pool)
        b = len(s.encode("utf-8"))
        if n + b > target and parts:
            return parts
        parts.append(s)
        n += b


def main():
    out, n, statutes = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    pool = sorted(set(sentences(statutes)))
    random.Random(18).shuffle(pool)
    # Articles draw from the first 90 % of sentences; the fresh parts of drafts from the rest.
    cut = len(pool) * 9 // 10
    used, fresh = pool[:cut], pool[cut:]
    rng = random.Random(1806)
    sources = sorted(rng.sample(range(n), min(n, DRAFTS // 2)))
    wanted = {i: q for q, i in enumerate(sources)}
    copied = {}
    for i in range(n):
        parts = article(rng, used)
        if i in wanted:
            copied[wanted[i]] = parts
        d = os.path.join(out, "a", f"{i // 1000:04d}")
        if i % 1000 == 0:
            os.makedirs(d, exist_ok=True)
        with open(os.path.join(d, f"{i:07d}.md"), "w", encoding="utf-8") as f:
            f.write(f"# 第{i}篇\n\n" + "".join(parts) + "\n")
    drafts = os.path.join(out, "drafts")
    os.makedirs(drafts, exist_ok=True)
    drng = random.Random(42)
    for q in range(DRAFTS):
        head = "".join(drng.choice(fresh) for _ in range(3))
        tail = "".join(drng.choice(fresh) for _ in range(3))
        body = ""
        if q % 2 == 0 and q // 2 in copied:
            parts = copied[q // 2]
            k = min(len(parts), drng.randint(3, 8))
            s = drng.randrange(len(parts) - k + 1)
            body = "".join(parts[s:s + k])
        with open(os.path.join(drafts, f"q{q:03d}.md"), "w", encoding="utf-8") as f:
            f.write(head + "\n\n" + body + "\n\n" + tail + "\n")


if __name__ == "__main__":
    main()
