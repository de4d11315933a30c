#!/usr/bin/env python3
"""Issue 12: how far each rule generalises within one category of the dev cases.

Splits the dev groups of a category into halves A/B by the same hash as quality_halves.py (first
byte of SHA-1 of "half:"+group, parity), scans every dev case of the category with a hegui binary
(once, as files in a temporary folder; a headline category as front-matter titles, as
tests/quality.rs does) and prints, per rule id at warning or above, the cases it catches in each
half and the cases no other rule catches. A rule that catches the same share in both halves
describes a shape; a rule that catches mostly one half, or only claims it lists, does not say much
about new cases. Prints counts and rule ids only (no case text), so it may be run on any split.

Usage: rule_halves.py CATEGORY [BINARY] [--baseline BINARY]
  CATEGORY  e.g. rumor_or_fear (platform_cases*.jsonl) or false_claim (adlaw_cases*.jsonl)
  BINARY    default target/release/hegui; --baseline adds per-half totals of a second binary
"""
import collections, glob, json, os, subprocess, sys, tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
# The split and the halves as the trainer (and tests/quality.rs) define them.
from train_claim_model import half, is_test  # noqa: E402

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..')
D = os.path.join(ROOT, 'tests', 'data', 'quality')


def dev_cases(category):
    out = []
    for f in sorted(glob.glob(os.path.join(D, '*_cases*.jsonl'))):
        for line in open(f, encoding='utf-8'):
            if not line.strip():
                continue
            c = json.loads(line)
            if c['category'] == category and not is_test(c['group']):
                c['half'] = half(c['group'])
                out.append(c)
    return out


def scan(binary, cases, args=()):
    """Rule ids at warning or above per case index; `args` go to `hegui check` before the folder."""
    with tempfile.TemporaryDirectory() as d:
        for i, c in enumerate(cases):
            if c['category'] == 'clickbait_title':
                name, body = f'{i:05d}.md', '---\ntitle: ' + c['text'].replace('\n', ' ') + '\n---\n'
            else:
                name, body = f'{i:05d}.txt', c['text']
            with open(os.path.join(d, name), 'w', encoding='utf-8') as fh:
                fh.write(body)
        run = subprocess.run([binary, 'check', '--no-config', '--format', 'json', *args, d],
                             capture_output=True, text=True, check=False)
        report = json.loads(run.stdout)
    rules = collections.defaultdict(set)
    for f in report['findings']:
        if f['severity'] in ('warning', 'error'):
            rules[int(os.path.basename(f['path'])[:5])].add(f['rule'])
    return rules


def totals(cases, rules):
    tot, caught, ex, exw = (collections.Counter() for _ in range(4))
    for i, c in enumerate(cases):
        if c['verdict'] == 'exempt':
            ex[c['half']] += 1
            exw[c['half']] += bool(rules[i])
        else:
            tot[c['half']] += 1
            caught[c['half']] += bool(rules[i])
    return tot, caught, ex, exw


def main():
    args = sys.argv[1:]
    if not args:
        sys.exit(__doc__)
    baseline = None
    if '--baseline' in args:
        k = args.index('--baseline')
        baseline = args[k + 1]
        del args[k:k + 2]
    category = args[0]
    binary = args[1] if len(args) > 1 else os.path.join(ROOT, 'target', 'release', 'hegui')
    cases = dev_cases(category)
    groups = {c['group']: c['half'] for c in cases}
    print(f'{category}: dev groups A {sum(h == "A" for h in groups.values())}, '
          f'B {sum(h == "B" for h in groups.values())}')
    for name, b in ([('baseline', baseline)] if baseline else []) + [('binary', binary)]:
        tot, caught, ex, exw = totals(cases, scan(b, cases))
        print(f'{name:8s} caught A {caught["A"]}/{tot["A"]}  B {caught["B"]}/{tot["B"]}; '
              f'exempt warned A {exw["A"]}/{ex["A"]}  B {exw["B"]}/{ex["B"]}')
    rules = scan(binary, cases)
    per, solo = collections.defaultdict(collections.Counter), collections.defaultdict(collections.Counter)
    for i, c in enumerate(cases):
        if c['verdict'] == 'exempt':
            continue
        for r in rules[i]:
            per[r][c['half']] += 1
        if len(rules[i]) == 1:
            solo[next(iter(rules[i]))][c['half']] += 1
    print(f'{"rule":10s} {"A":>4s} {"B":>4s}   only this rule: {"A":>4s} {"B":>4s}')
    for r, n in sorted(per.items(), key=lambda x: -sum(x[1].values())):
        print(f'{r:10s} {n["A"]:4d} {n["B"]:4d}                   {solo[r]["A"]:4d} {solo[r]["B"]:4d}')


if __name__ == '__main__':
    main()
