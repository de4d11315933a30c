#!/usr/bin/env python3
"""The statutes and one lightly mutated copy of each, as `tests/dedup_statutes.rs`
(`every_mutated_copy_is_paired_with_its_original`) builds them: 2 % of lines dropped, 0.5 % of
Han characters replaced by other Han characters, same xorshift64 generator and seed.

Writes OUT/orig/dNNNN.md (the originals) and OUT/both/dNNNN.md + dNNNN-copy.md (originals and
copies), for `benches/dedup_mutated.sh`.

usage: gen_mutated_copies.py STATUTES_DIR OUT
"""
import os
import sys

MASK = (1 << 64) - 1


def main():
    statutes, out = sys.argv[1], sys.argv[2]
    files = []
    for root, _, names in os.walk(statutes):
        files += [os.path.join(root, n) for n in names if n.endswith(".md")]
    # Rust sorts PathBufs component-wise; for these paths that is byte order of the components.
    files.sort(key=lambda p: [c.encode() for c in p.split("/")])
    os.makedirs(f"{out}/orig", exist_ok=True)
    os.makedirs(f"{out}/both", exist_ok=True)
    x = 0x9E3779B97F4A7C15

    def nxt():
        nonlocal x
        x ^= (x << 13) & MASK
        x ^= x >> 7
        x ^= (x << 17) & MASK
        return x

    for i, f in enumerate(files):
        text = open(f, encoding="utf-8").read()
        for d in ("orig", "both"):
            with open(f"{out}/{d}/d{i:04}.md", "w", encoding="utf-8") as o:
                o.write(text)
        copy = []
        # str.splitlines splits on more than Rust's lines(); split on \n and drop one \r like it.
        lines = text.split("\n")
        if lines and lines[-1] == "":
            lines.pop()
        for line in lines:
            if line.endswith("\r"):
                line = line[:-1]
            if nxt() % 100 < 2:
                continue
            for c in line:
                if "\u4e00" <= c <= "\u9fff" and nxt() % 1000 < 5:
                    c = chr(0x4E00 + nxt() % 20000)
                copy.append(c)
            copy.append("\n")
        with open(f"{out}/both/d{i:04}-copy.md", "w", encoding="utf-8") as o:
            o.write("".join(copy))
    print(f"{len(files)} statutes -> {out}/orig, {out}/both")


if __name__ == "__main__":
    main()
