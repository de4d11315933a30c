#!/usr/bin/env python3
"""Deterministic archive of N generated articles (~2,000 characters each) for `hegui audit`.

Articles are spread over 36 months in one folder per month: 60 % Markdown with front matter
`date:`, 30 % WeChat-style HTML with an `article:published_time` meta tag, 10 % plain text (dated
by file time). Sentences are recombined from the statute corpus when it is available, otherwise
from a fixed character set; about one in three articles carries advertising terms (some
disguised) and one in twenty a phone number, so the audit has findings to count.

usage: gen_articles.py DIR N [STATUTES_DIR]
"""
import os
import random
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from gen_corpus import TERMS, sentences  # noqa: E402

CHARS = 2000


def article(rng, pool):
    parts, n = [], 0
    while n < CHARS:
        s = rng.choice(pool)
        parts.append(s)
        n += len(s)
    if rng.random() < 1 / 3:
        for _ in range(rng.randint(1, 3)):
            i = rng.randrange(len(parts))
            parts[i] = "本店新品限时特价，" + rng.choice(TERMS) + "，" + parts[i]
    if rng.random() < 1 / 20:
        parts.append("咨询电话：1%d%09d。" % (rng.choice([3, 5, 8]), rng.randrange(10**9)))
    return parts


def main():
    out, n = sys.argv[1], int(sys.argv[2])
    statutes = sys.argv[3] if len(sys.argv) > 3 else "../shared/corpus/statutes"
    rng = random.Random(17)
    pool = sentences(statutes)
    total = 0
    for i in range(n):
        year, month = 2022 + (i % 36) // 12, (i % 12) + 1
        folder = os.path.join(out, "%04d-%02d" % (year, month))
        os.makedirs(folder, exist_ok=True)
        parts = article(rng, pool)
        title = "第%d期：%s" % (i, parts[0][:12])
        date = "%04d-%02d-%02d" % (year, month, rng.randint(1, 28))
        kind = i % 10
        if kind < 6:
            name, text = "a%06d.md" % i, "---\ntitle: %s\ndate: %s\n---\n\n%s\n" % (
                title, date, "\n\n".join("".join(parts[j:j + 4]) for j in range(0, len(parts), 4)))
        elif kind < 9:
            body = "".join("<p>%s</p>" % "".join(parts[j:j + 4]) for j in range(0, len(parts), 4))
            name, text = "a%06d.html" % i, (
                '<!DOCTYPE html><html><head><meta charset="utf-8"><title>%s</title>'
                '<meta property="article:published_time" content="%sT08:00:00+08:00"></head>'
                '<body><section id="js_content">%s</section></body></html>\n' % (title, date, body))
        else:
            name, text = "a%06d.txt" % i, title + "\n\n" + "\n".join(parts) + "\n"
        data = text.encode("utf-8")
        with open(os.path.join(folder, name), "wb") as f:
            f.write(data)
        total += len(data)
    print("%d articles, %.1f MB in %s" % (n, total / 1e6, out))


if __name__ == "__main__":
    main()
