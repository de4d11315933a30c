#!/usr/bin/env python3
"""Issue 12: split dev cases into halves A/B by a second hash (SHA-1 of "half:"+group) to estimate
how rules written from half A's misses generalise to half B.

Split dev cases into halves A/B by a second hash of the group; report recall per half from a
HEGUI_QUALITY_SHOW=1 dev run. Usage: halves.py RUN_OUTPUT [A|B]  (with A|B: list that half's misses)"""
import json, os, sys, collections
D = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'tests', 'data', 'quality') + os.sep
FILES = sorted(os.path.basename(p) for p in __import__("glob").glob(D + "*_cases*.jsonl"))
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from train_claim_model import half, is_test  # noqa: E402  (the split and halves as the trainer defines them)
cases = []
for f in FILES:
    for l in open(D + f, encoding='utf-8'):
        if not l.strip(): continue
        c = json.loads(l)
        if is_test(c['group']) or c['verdict'] == 'exempt': continue
        c['key'] = f.split('_')[0] + '/' + c['category']
        cases.append(c)
misses = collections.Counter()
for l in open(sys.argv[1], encoding='utf-8'):
    if l.startswith('  miss ['):
        cat, text = l[len('  miss ['):].rstrip('\n').split('] ', 1)
        misses[(cat, text)] += 1
tot = collections.Counter(); caught = collections.Counter(); listed = []
for c in cases:
    h = half(c['group']); k = (c['category'], c['text'])
    tot[h] += 1; tot[(h, c['key'])] += 1
    if misses[k] > 0:
        misses[k] -= 1
        listed.append((h, c['key'], c['text'], c['group']))
    else:
        caught[h] += 1; caught[(h, c['key'])] += 1
for h in 'AB':
    print(f"half {h}: {caught[h]}/{tot[h]} = {caught[h]/tot[h]:.3f}")
keys = sorted({c['key'] for c in cases})
for k in keys:
    print(f"  {k:28s} A {caught[('A',k)]:3d}/{tot[('A',k)]:3d}   B {caught[('B',k)]:3d}/{tot[('B',k)]:3d}")
if len(sys.argv) > 2:
    for h, k, t, g in listed:
        if h == sys.argv[2]: print(f"{k}\t{t}")
