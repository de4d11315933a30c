#!/usr/bin/env python3
"""Issue 12: how far the known-rumour list (PL048, wordlists/platform/known_rumors.txt) carries from
the dev source groups it was written from to other dev source groups.

Each entry of known_rumors.txt names its debunk's URL. An entry whose URL is the source of a dev case
of half A (halves as tests/quality.rs and scripts/quality_halves.py define them) was written from half
A; likewise for half B; an entry whose URL is no case's source came from a debunk list collected on its
own ("independent"). The script writes a temporary pack holding a copy of PL048 (id ZK048) over each
subset of the list, scans the dev rumor_or_fear cases with it, and prints per half how many cases the
subset finds and how many of those no other rule (the bundled packs at warning or above, PL048 left
out) finds. The list of half A finding half B's rumours is the list's transfer: a rumour list from one
set of debunk sources meeting rumours quoted by other sources. Prints counts only (no case text); the
test split is never scanned, and an entry whose URL is a test case's source is counted and left out.

Usage: known_rumor_halves.py [BINARY]   (default target/release/hegui)
"""
import collections
import glob
import json
import os
import re
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from train_claim_model import half, is_test  # noqa: E402  (the split and halves as the trainer defines them)
from rule_halves import dev_cases, scan  # noqa: E402  (a category's dev cases with their half; rule ids per case)

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..')
D = os.path.join(ROOT, 'tests', 'data', 'quality')
PACK_DIR = os.path.join(ROOT, 'wordlists', 'platform')
SUBSETS = [('A', 'A'), ('B', 'B'), ('independent', 'X'), ('A + independent', 'AX'),
           ('B + independent', 'BX'), ('whole list', 'ABX')]


def all_cases():
    out = []
    for f in sorted(glob.glob(os.path.join(D, 'platform_cases*.jsonl')) + glob.glob(os.path.join(D, 'adlaw_cases*.jsonl'))):
        for line in open(f, encoding='utf-8'):
            if line.strip():
                out.append(json.loads(line))
    return out


def entry_halves(cases):
    """Half (A, B, X = no case's source, T = a test case's source) of each known_rumors.txt entry."""
    src = collections.defaultdict(set)
    for c in cases:
        src[c['source']].add('T' if is_test(c['group']) else half(c['group']))
    out = []
    for line in open(os.path.join(PACK_DIR, 'known_rumors.txt'), encoding='utf-8'):
        line = line.rstrip('\n')
        if not line.strip() or line.startswith('#'):
            continue
        hs = src.get(line.split('\t')[2], set())
        out.append(('T' if 'T' in hs else ''.join(sorted(hs)) or 'X', line))
    return out


def pl048_pack(claims_file):
    """The platform pack's header and its PL048 block, renamed ZK048 and pointed at claims_file."""
    text = open(os.path.join(PACK_DIR, 'platform.toml'), encoding='utf-8').read()
    head = text[:text.index('[[rules]]')]
    at = text.index('id = "PL048"')
    start = text.rfind('[[rules]]', 0, at)
    end = text.index('[[rules]]', at)
    block = text[start:end].replace('id = "PL048"', 'id = "ZK048"').replace('known_rumors.txt', claims_file)
    return re.sub(r'(?m)^name = "platform"', 'name = "zk048"', head, count=1) + block


def main():
    binary = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, 'target', 'release', 'hegui')
    if not os.path.exists(binary):
        sys.exit(f'{binary}: no such binary (cargo build --release first)')
    cases = all_cases()
    entries = entry_halves(cases)
    print('known_rumors.txt entries by the half of their source:',
          dict(sorted(collections.Counter(h for h, _ in entries).items())))
    rumours = dev_cases('rumor_or_fear')
    others = scan(binary, rumours)
    with tempfile.TemporaryDirectory() as d:
        for name, keys in SUBSETS:
            claims = os.path.join(d, f'claims_{keys}.txt')
            with open(claims, 'w', encoding='utf-8') as fh:
                fh.write(''.join(line + '\n' for h, line in entries if h != 'T' and set(h) <= set(keys)))
            pack = os.path.join(d, f'pack_{keys}.toml')
            with open(pack, 'w', encoding='utf-8') as fh:
                fh.write(pl048_pack(os.path.basename(claims)))
            with open(os.path.join(d, 'debunk.txt'), 'w', encoding='utf-8') as fh:
                fh.write(open(os.path.join(PACK_DIR, 'debunk.txt'), encoding='utf-8').read())
            found = scan(binary, rumours, ['--pack', pack, '--select', 'ZK048'])
            n, hit, alone, ex = (collections.Counter() for _ in range(4))
            for i, c in enumerate(rumours):
                if c['verdict'] == 'exempt':
                    ex[c['half']] += bool(found[i])
                    continue
                n[c['half']] += 1
                if found[i]:
                    hit[c['half']] += 1
                    alone[c['half']] += not (others[i] - {'PL048'})
            print(f'list {name:16s} finds A {hit["A"]:3d}/{n["A"]} (no other rule {alone["A"]:3d})   '
                  f'B {hit["B"]:3d}/{n["B"]} (no other rule {alone["B"]:3d});   exempt warned A {ex["A"]} B {ex["B"]}')


if __name__ == '__main__':
    main()
