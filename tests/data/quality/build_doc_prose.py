#!/usr/bin/env python3
"""Build the committed technical-documentation prose (tests/data/quality/prose/{dev,test}-*_docs-NN.txt).

Sources (both CC BY-SA 3.0; see prose/README.md for licence, attribution and changes):
  debian-handbook 11.20220922 (Debian bookworm package): html/zh-TW/*.html, the `div.para` paragraphs,
      converted from Taiwan traditional to mainland simplified with OpenCC tw2sp.json;
  gnome-user-docs 43.0-2 (Debian bookworm package): help/zh_CN/gnome-help/*.page, the mallard `<p>`;
  kicad-doc-zh 6.0.11+dfsg-1 (Debian bookworm package): doc/kicad/help/zh/*.html, the `<p>` of each
      chapter (the text under each `<h2 id>`; the KiCad documentation is GPL-3+ or CC BY 3.0+, the Debian copyright
      file says GPL-2+ or CC-BY-SA-3.0; the adaptation is kept under CC BY-SA 3.0, which satisfies both).
Only paragraphs that are mostly Chinese are kept (at least 5 CJK ideographs and 30 % of the characters;
untranslated English paragraphs are dropped). The split is by document (one HTML or .page file; for
KiCad, whose manuals are one HTML file each, one chapter): crc32 of the document name (file name, or
file name + "#" + chapter id), even -> dev, odd -> test, so a document never has lines in both splits.

usage: python3 tests/data/quality/build_doc_prose.py OUT_DIR
Needs `apt-get download` (Debian bookworm lists) and the `opencc` command (Debian package opencc).
"""
import glob
import os
import re
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
import zlib
from html.parser import HTMLParser

CJK = re.compile(r"[\u4e00-\u9fff]")


def clean(s: str) -> str:
    s = s.replace("\u00a0", " ").replace("\u3000", " ")
    return re.sub(r"\s+", " ", s).strip()


def mostly_chinese(s: str) -> bool:
    n = len(CJK.findall(s))
    return n >= 5 and n >= 0.3 * len(s)


class Paras(HTMLParser):
    """Text of every `<div class="para">`, without `<pre>` blocks (code listings)."""

    def __init__(self):
        super().__init__()
        self.out, self.stack, self.skip = [], [], 0

    def handle_starttag(self, tag, attrs):
        if tag in ("pre", "script", "style"):
            self.skip += 1
        if tag == "div":
            self.stack.append([] if dict(attrs).get("class") == "para" else None)

    def handle_endtag(self, tag):
        if tag in ("pre", "script", "style"):
            self.skip -= 1
        if tag == "div" and self.stack:
            buf = self.stack.pop()
            if buf is not None:
                self.out.append("".join(buf))

    def handle_data(self, data):
        if self.stack and self.stack[-1] is not None and not self.skip:
            self.stack[-1].append(data)


def handbook(root):
    docs = {}
    for path in sorted(glob.glob(os.path.join(root, "usr/share/doc/debian-handbook/html/zh-TW/*.html"))):
        p = Paras()
        with open(path, encoding="utf-8") as f:
            p.feed(f.read())
        paras = [clean(x) for x in p.out]
        paras = [x for x in paras if mostly_chinese(x)]
        if paras:
            docs[os.path.basename(path)] = paras
    # Taiwan traditional -> mainland simplified, phrases included (tw2sp: 軟體 -> 软件)
    names = sorted(docs)
    joined = "\n".join(l for n in names for l in docs[n]) + "\n"
    r = subprocess.run(["opencc", "-c", "tw2sp.json"], input=joined, capture_output=True, text=True, check=True)
    conv = r.stdout.split("\n")
    out, i = {}, 0
    for n in names:
        out[n] = [clean(l) for l in conv[i:i + len(docs[n])]]
        i += len(docs[n])
    return out


def gnome_help(root):
    ns = "{http://projectmallard.org/1.0/}"
    docs = {}
    for path in sorted(glob.glob(os.path.join(root, "usr/share/help/zh_CN/gnome-help/*.page"))):
        try:
            tree = ET.parse(path)
        except ET.ParseError:
            continue
        paras = [clean("".join(el.itertext())) for el in tree.iter(ns + "p")]
        paras = [x for x in paras if mostly_chinese(x)]
        if paras:
            docs[os.path.basename(path)] = paras
    return docs


class Chapters(HTMLParser):
    """Text of every `<p>` (outside `<pre>`), grouped by the `<h2 id>` of its chapter."""

    def __init__(self):
        super().__init__()
        self.chapters, self.current, self.buf, self.skip = {}, "", None, 0

    def handle_starttag(self, tag, attrs):
        if tag in ("pre", "script", "style"):
            self.skip += 1
        if tag == "h2":
            self.current = dict(attrs).get("id") or self.current
        if tag == "p":
            self.buf = []

    def handle_endtag(self, tag):
        if tag in ("pre", "script", "style"):
            self.skip -= 1
        if tag == "p" and self.buf is not None:
            self.chapters.setdefault(self.current, []).append("".join(self.buf))
            self.buf = None

    def handle_data(self, data):
        if self.buf is not None and not self.skip:
            self.buf.append(data)


def kicad(root):
    docs = {}
    for path in sorted(glob.glob(os.path.join(root, "usr/share/doc/kicad/help/zh/*.html"))):
        p = Chapters()
        with open(path, encoding="utf-8") as f:
            p.feed(f.read())
        for chapter, raw in p.chapters.items():
            paras = [x for x in (clean(r) for r in raw) if mostly_chinese(x)]
            if paras:
                docs[os.path.basename(path) + "#" + chapter] = paras
    return docs


def write(docs, out_dir, source):
    files = []
    for split in ("dev", "test"):
        want = 0 if split == "dev" else 1
        seen, lines = set(), []
        for name in sorted(docs):
            if zlib.crc32(name.encode()) % 2 != want:
                continue
            for l in docs[name]:
                if l and l not in seen:
                    seen.add(l)
                    lines.append(l)
        path = os.path.join(out_dir, f"{split}-{source}-01.txt")
        with open(path, "w", encoding="utf-8", newline="\n") as f:
            f.write("\n".join(lines) + "\n")
        files.append(path)
    return files


def main():
    out_dir = sys.argv[1]
    os.makedirs(out_dir, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        pkgs = {"debian-handbook": "11.20220922", "gnome-user-docs": "43.0-2", "kicad-doc-zh": "6.0.11+dfsg-1"}
        for name, ver in pkgs.items():
            subprocess.run(["apt-get", "download", f"{name}={ver}"], cwd=tmp, check=True)
            deb = glob.glob(os.path.join(tmp, f"{name}_*.deb"))[0]
            subprocess.run(["dpkg-deb", "-x", deb, os.path.join(tmp, name)], check=True)
        files = write(handbook(os.path.join(tmp, "debian-handbook")), out_dir, "debian_handbook")
        files += write(gnome_help(os.path.join(tmp, "gnome-user-docs")), out_dir, "gnome_help")
        files += write(kicad(os.path.join(tmp, "kicad-doc-zh")), out_dir, "kicad_docs")
    for p in files:
        data = open(p, encoding="utf-8").read()
        print(f"{os.path.basename(p)}\t{len(data.encode('utf-8'))}\t{len(data)}\t{data.count(chr(10))}")


if __name__ == "__main__":
    main()
