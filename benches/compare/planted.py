#!/usr/bin/env python3
"""Count how many of the terms benches/gen_corpus.py planted a hegui run found at their spans.

Reads the manifest gen_corpus.py writes beside the corpus folder (DIR.planted.tsv: file relative
to DIR, byte offset, byte length, disguised 0/1, term), checks that each planted term really is
at its offset, and matches it with the findings of a `hegui check --format jsonl` report of DIR:
a planted term is found when a finding in the same file overlaps its byte range. Prints one
Markdown table: planted plain and disguised terms, found at any severity, at warning or above.
A raw matcher without normalization can at most find the plain ones at their spans.

usage: planted.py DIR REPORT.jsonl
"""
import json
import os
import sys
from collections import Counter

RANK = {"info": 0, "warning": 1, "error": 2}


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    root, report = sys.argv[1].rstrip("/"), sys.argv[2]
    spans = {}  # absolute path -> [(start, end, severity rank)]
    with open(report, encoding="utf-8") as fh:
        for line in fh:
            event = json.loads(line)
            if event.get("event") != "scan":
                continue
            path = os.path.realpath(event["path"])
            for f in event.get("findings", []):
                r = f["byte_range"]
                spans.setdefault(path, []).append((r["start"], r["end"], RANK[f["severity"]]))
    rows = Counter()
    missed = Counter()
    with open(root + ".planted.tsv", encoding="utf-8") as fh:
        for line in fh:
            rel, offset, length, disguised, term = line.rstrip("\n").split("\t")
            offset, length = int(offset), int(length)
            path = os.path.realpath(os.path.join(root, rel))
            with open(path, "rb") as data:
                data.seek(offset)
                if data.read(length) != term.encode("utf-8"):
                    sys.exit(f"{rel}: the manifest says {term!r} is at byte {offset}, it is not")
            kind = "disguised" if disguised == "1" else "plain"
            best = max((s for a, b, s in spans.get(path, []) if a < offset + length and offset < b),
                       default=-1)
            rows[kind, "planted"] += 1
            if best >= 0:
                rows[kind, "found"] += 1
            else:
                missed[term] += 1
            if best >= 1:
                rows[kind, "warning"] += 1
    print("| planted terms | count | found (any severity) | found at warning or above |")
    print("|---|---:|---:|---:|")
    for kind in ("plain", "disguised"):
        n = rows[kind, "planted"]
        print(f"| {kind} | {n} | {rows[kind, 'found']} | {rows[kind, 'warning']} |")
    if missed:
        print()
        print("Not found: " + ", ".join(f"{t!r} ×{c}" for t, c in missed.most_common()))


if __name__ == "__main__":
    main()
