#!/usr/bin/env python3
"""Deterministic generated corpus for whole-binary benchmarks.

Writes N files of article-length Chinese text (about 4 KB each) into DIR until SIZE bytes are
written: sentences recombined from the statute corpus when it is available (real prose, real
vocabulary), otherwise from a fixed character set; about one advertising term per 2 KB, some of
them disguised (spaces, 繁體, full-width, zero-width), so the run does real work. Every planted
term is listed in DIR.planted.tsv beside DIR (file relative to DIR, byte offset, byte length,
disguised 0/1, term), so a run can count how many of them it found at their exact spans
(benches/compare/planted.py).

usage: gen_corpus.py DIR SIZE_MB [STATUTES_DIR]
"""
import os
import random
import sys

TERMS = ["最佳", "国家级", "全网最低价", "顶级", "销量第一", "史无前例", "独一无二", "最 佳", "國家級",
         "全网最低\u200b价", "ＮＯ．１", "最先进", "世界级", "第一品牌"]
# The entries of TERMS written in a disguise (a space, 繁體, a zero-width space, full width).
DISGUISED = {"最 佳", "國家級", "全网最低\u200b价", "ＮＯ．１"}
COMMON = "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者"


def sentences(statutes):
    out = []
    if statutes and os.path.isdir(statutes):
        for root, _, files in sorted(os.walk(statutes)):
            for f in sorted(files):
                try:
                    text = open(os.path.join(root, f), encoding="utf-8").read()
                except (OSError, UnicodeDecodeError):
                    continue
                for s in text.replace("\n", "。").split("。"):
                    s = s.strip(" #*")
                    if 8 <= len(s) <= 120:
                        out.append(s + "。")
    if not out:
        rng = random.Random(7)
        for _ in range(20000):
            out.append("".join(rng.choice(COMMON) for _ in range(rng.randint(10, 60))) + "。")
    return out


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    target, size = sys.argv[1], int(sys.argv[2]) * 1_000_000
    pool = sentences(sys.argv[3] if len(sys.argv) > 3 else None)
    rng = random.Random(20261125)
    os.makedirs(target, exist_ok=True)
    written, n = 0, 0
    planted = []
    while written < size:
        parts, length, pos = [], 0, 0  # pos also counts the paragraph breaks
        rel = f"{n // 1000:03d}/{n:06d}.txt"
        while length < 4000:
            s = rng.choice(pool)
            if rng.random() < 0.02:
                cut = rng.randint(0, len(s) - 1)
                term = rng.choice(TERMS)
                offset = pos + len(s[:cut].encode("utf-8"))
                planted.append((rel, offset, len(term.encode("utf-8")), int(term in DISGUISED), term))
                s = s[:cut] + term + s[cut:]
            parts.append(s)
            length += len(s.encode("utf-8"))
            pos += len(s.encode("utf-8"))
            if rng.random() < 0.15:
                parts.append("\n\n")
                pos += 2
        data = "".join(parts).encode("utf-8")
        os.makedirs(os.path.join(target, f"{n // 1000:03d}"), exist_ok=True)
        with open(os.path.join(target, rel), "wb") as fh:
            fh.write(data)
        written += len(data)
        n += 1
    with open(target.rstrip("/") + ".planted.tsv", "w", encoding="utf-8") as fh:
        for rel, offset, nbytes, disguised, term in planted:
            fh.write(f"{rel}\t{offset}\t{nbytes}\t{disguised}\t{term}\n")
    print(f"{n} files, {written / 1e6:.1f} MB in {target}")


if __name__ == "__main__":
    main()
