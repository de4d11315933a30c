#!/usr/bin/env python3
"""Build tests/data/quality/prose/dev-gov_work_reports-NN.txt (issue 12, round i12ar).

usage: build_gov_prose.py GOVERNMENT_WORK_REPORTS_JSONL OUT_DIR [FIRST_YEAR]

GOVERNMENT_WORK_REPORTS_JSONL is `government_work_reports.jsonl` of the public repository
aldohemsn/chinese-political-corpora (commit 99bc4b0): one JSON object a line with `title`, `url`
(a zh.wikisource.org page), `content` (the page text) and `year`. Kept: the reports of the Premier
of the State Council (国务院政府工作报告) from FIRST_YEAR (default 2001) on; the NPC resolutions
on them (no `year`) are not. Wikisource marks each page as outside the PRC Copyright Law
(著作权法 art. 5(1): documents of a legislative, administrative or judicial nature of state organs);
the page footer saying so is cut off here.

Steps: cut the text at the licence footer; paragraphs are the blocks between blank lines; the
line breaks Wikisource leaves inside a paragraph (around links, sub/superscripts) are joined
without a space; zero-width characters removed, whitespace normalised; paragraphs with fewer than 5 CJK ideographs dropped
(headings such as "各位代表！" stay out); exact duplicates dropped; reports oldest first; chunks of
at most 1,000,000 bytes.
"""
import json
import os
import re
import sys

CHUNK = 1_000_000
FOOTER = "本作品是中华人民共和国的"


def paragraphs(content):
    content = content.split(FOOTER)[0]
    for block in re.split(r"\n[ \t\u3000]*\n", content):
        text = "".join(l.strip() for l in block.split("\n"))
        text = re.sub("[\u200b\u200c\u200d\ufeff]", "", text)
        text = re.sub(r"[ \t\u00a0\u3000]+", " ", text).strip()
        if len(re.findall(r"[\u4e00-\u9fff]", text)) >= 5:
            yield text


def main():
    src, out_dir = sys.argv[1:3]
    first = int(sys.argv[3]) if len(sys.argv) > 3 else 2001
    reports = []
    with open(src, encoding="utf-8") as f:
        for line in f:
            r = json.loads(line)
            if r.get("year") and int(r["year"]) >= first and "政府工作报告" in r["title"]:
                reports.append(r)
    reports.sort(key=lambda r: int(r["year"]))
    seen, lines = set(), []
    for r in reports:
        for p in paragraphs(r["content"]):
            if p not in seen:
                seen.add(p)
                lines.append(p)
    os.makedirs(out_dir, exist_ok=True)
    buf, size, n = [], 0, 1
    chunks = []
    for l in lines:
        b = len(l.encode("utf-8")) + 1
        if buf and size + b > CHUNK:
            chunks.append(buf)
            buf, size = [], 0
        buf.append(l)
        size += b
    if buf:
        chunks.append(buf)
    for n, buf in enumerate(chunks, 1):
        path = os.path.join(out_dir, f"dev-gov_work_reports-{n:02d}.txt")
        with open(path, "w", encoding="utf-8", newline="\n") as f:
            f.write("\n".join(buf) + "\n")
        data = open(path, encoding="utf-8").read()
        print(f"{os.path.basename(path)}\t{len(data.encode('utf-8'))}\t{len(data)}\t{data.count(chr(10))}")
    for r in reports:
        print(f"{r['year']}\t{r['title']}\t{r['url']}")


if __name__ == "__main__":
    main()
