#!/usr/bin/env python3
"""Issue 12 (i12ai): how much retraining moves the claim models' decisions, with fixed-probability
thresholds and with budget-calibrated ones (train_claim_model.calibrate). Dev split only.

`run NAME [seed=N] [drop=N] [posdrop=N] [runs=N] [heads=adlaw,platform]` trains the half models of
`train_claim_model.py --halves` (train on dev half A, score half B, and B -> A) under one
perturbation and stores their scores in target/claim-stability/NAME.pkl:
  seed=N     shuffle seeds N, N+1, ... instead of SEED (the order noise alone);
  drop=N     drop a random 5 % (seeded by N) of the pack examples and of the training half's cases;
  posdrop=N  drop a random 15 % of the positives only (pack hits, violation cases): a retrain whose
             class balance moves, as when a case file is added;
  runs=N     average N runs instead of RUNS.
Stored per half model: the held-out half's violation scores, and the scores of the dev prose lines
of the training half that were not sampled as negatives (the calibration pool) and of the held-out
half (the false-alarm side).

`compare BASE NAME...` counts, per head and summed over the perturbations and both halves, the
held-out cases that change side between BASE and each NAME, and the held-out-half prose lines that
do, with the threshold fixed at the packs' probability of Dec 7 (AD173 0.9435, PL026 0.80) and
with budget thresholds whose margin reproduces that probability on BASE (`kth`: the TAIL-per-100k-th
highest pool line; `mean`: the mean logit of those lines, the one train_claim_model.py uses).
docs/claim-model-experiments.md, "Calibrated thresholds", has a run."""
import math
import os
import pickle
import random
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import train_claim_model as T  # noqa: E402

OUT = os.path.join(T.ROOT, "target", "claim-stability")
FIXED = {"adlaw": 0.9435, "platform": 0.80}


def run(name, args):
    rng = random.Random(T.SEED)
    cases, test_texts = T.load_cases()
    negatives = T.load_negative_sentences(rng)
    heads = args.get("heads", "adlaw,platform").split(",")
    if "runs" in args:
        T.RUNS = {h: int(args["runs"]) for h in T.RUNS}
    if "seed" in args:
        T.SEED = int(args["seed"])
    drop = int(args["drop"]) if "drop" in args else None
    posdrop = int(args["posdrop"]) if "posdrop" in args else None
    orig = T.pack_examples

    def pack_examples(head, forbidden):
        hit, miss = orig(head, forbidden)
        if drop is not None:
            r = random.Random(drop * 7919 + len(head))
            hit = [t for t in hit if r.random() >= 0.05]
            miss = [t for t in miss if r.random() >= 0.05]
        if posdrop is not None:
            r = random.Random(posdrop * 7919 + len(head))
            hit = [t for t in hit if r.random() >= 0.15]
        return hit, miss

    T.pack_examples = pack_examples
    lines = {}
    for _, key, s in T.ALL_PROSE:
        lines.setdefault(key, []).append(s)
    used = {k for src, k, _ in negatives if src == "prose"}
    out = {}
    t0 = time.time()
    for head in heads:
        for tr, ev in (("A", "B"), ("B", "A")):
            c_tr = [c for c in cases if T.half(c[3]) == tr]
            if drop is not None:
                r = random.Random(drop * 104729 + ord(tr) + len(head))
                c_tr = [c for c in c_tr if r.random() >= 0.05]
            if posdrop is not None:
                r = random.Random(posdrop * 104729 + ord(tr) + len(head))
                c_tr = [c for c in c_tr if c[1] != "violation" or r.random() >= 0.15]
            n_tr = [n for n in negatives if T.half(n[1]) == tr]
            c_ev = [c for c in cases if T.half(c[3]) == ev]
            forbidden = test_texts | {T.squash(c[2]) for c in c_ev}
            prose = [p for p in T.ALL_PROSE if T.half(p[1]) == tr]
            model, _ = T.fit(head, T.build(head, c_tr, n_tr, forbidden), prose)

            def scored(keep):
                return [(k, len("".join(v)), T.score(model, "\n".join(v))) for k, v in lines.items() if keep(k)]

            out[(head, tr)] = {
                "pos": [T.score(model, c[2]) for c in c_ev if c[0] == head and c[1] == "violation"],
                "calib": scored(lambda k: T.half(k) == tr and k not in used),
                "evprose": scored(lambda k: T.half(k) == ev),
            }
            print(f"{name} {head} {tr}: {len(model[1])} weights, {time.time() - t0:.0f} s", file=sys.stderr)
    os.makedirs(OUT, exist_ok=True)
    with open(os.path.join(OUT, name + ".pkl"), "wb") as f:
        pickle.dump(out, f)


def reference(rec, kind, tail):
    scores = sorted((s for _, _, s in rec["calib"]), reverse=True)
    chars = sum(c for _, c, _ in rec["calib"])
    k = max(1, round(tail * chars / 1e5))
    if kind == "mean":
        return sum(T.logit(x) for x in scores[:k]) / k
    return T.logit(scores[k - 1])


def compare(names):
    res = {}
    for n in names:
        with open(os.path.join(OUT, n + ".pkl"), "rb") as f:
            res[n] = pickle.load(f)
    base = names[0]
    methods = [("fixed", 0)] + [(k, t) for k in ("kth", "mean") for t in (0.5, 1, 2, 4, 8)]
    for head in ("adlaw", "platform"):
        tot = {}
        for tr in ("A", "B"):
            if (head, tr) not in res[base]:
                continue
            b = res[base][(head, tr)]
            t0 = FIXED[head]
            for m in methods:
                if m[0] == "fixed":
                    def thr(r):
                        return t0
                else:
                    off = T.logit(t0) - reference(b, *m)

                    def thr(r, m=m, off=off):
                        return 1 / (1 + math.exp(-(reference(r, *m) + off)))
                fb = [s >= t0 for s in b["pos"]]
                pb = {k for k, _, s in b["evprose"] if s >= t0}
                for n in names[1:]:
                    if (head, tr) not in res[n]:
                        continue
                    r = res[n][(head, tr)]
                    t = thr(r)
                    fr = [s >= t for s in r["pos"]]
                    pr = {k for k, _, s in r["evprose"] if s >= t}
                    a = tot.setdefault(m, [0, 0, 0, []])
                    a[0] += sum(x != y for x, y in zip(fb, fr))
                    a[1] += abs(sum(fr) - sum(fb))
                    a[2] += len(pb ^ pr)
                    a[3].append(f"{t:.4f}")
        if not tot:
            continue
        print(f"== {head}: {' '.join(names[1:])} vs {base}, both halves")
        for m, (flips, net, moved, ts) in tot.items():
            label = "fixed" if m[0] == "fixed" else f"{m[0]} {m[1]}/100k"
            print(f"  {label:14s} held-out cases that change side {flips:3d} (net recall change {net:3d}), "
                  f"held-out prose lines {moved:2d}; thresholds {' '.join(ts)}")


def main():
    if len(sys.argv) < 3 or sys.argv[1] not in ("run", "compare"):
        print(__doc__)
        sys.exit(0 if any(a in ("-h", "--help") for a in sys.argv) else 2)
    if sys.argv[1] == "run":
        run(sys.argv[2], dict(a.split("=", 1) for a in sys.argv[3:]))
    else:
        compare(sys.argv[2:])


if __name__ == "__main__":
    main()
