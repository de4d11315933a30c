#!/usr/bin/env python3
"""Issue 12: compare training variants of the claim model on the dev halves (dev split only).

For each variant and head (adlaw, platform; env HEADS=adlaw picks one), trains on dev half A and
scores half B, then the other way round (halves by SHA-1 of the case group, as --halves of
train_claim_model.py). Reports recall on the held-out half at fixed budgets of false alarms: the
threshold is set so that at most BUDGET lines per 100,000 characters of the held-out half's dev
prose (lines never sampled for training) score at or above it; the model alone, without the
engine's editorial gating. With RULES_MISSED=FILE (lines `category<TAB>text` of the dev cases the
rules alone miss, from a HEGUI_QUALITY_SHOW=1 dev run with the model rules' thresholds at 0.99999),
also how many of those rule misses it catches: the model's real contribution.
`"hard": M, "hard_w": W`: hard-negative mining (train, add every prose sentence of the training half
scoring >= M as a negative of weight W, train again); `"allprose": 1`: every training-half prose
sentence as a negative instead of the sample; `"nb": S, "nb_mix": M`: LR weights + M x Naive-Bayes
log-count ratios (smoothing S), recalibrated by a 1-D logistic fit (`"nb_only": 1`: NB alone);
`"distinct": 1`: each distinct n-gram of a sentence counted once (not what the engine computes).
Variants are names from VARIANTS or JSON overrides of BASE, e.g. '{"neg_vocab": 10}'; `words`
needs Python jieba (pip install jieba), which the engine does not compute.
Results are appended to target/claim-model-variants.jsonl. Test cases and test prose are never read.

usage: python3 scripts/claim_model_variants.py VARIANT...   (docs/claim-model-experiments.md has a run)
"""
import collections
import json
import math
import os
import random
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import train_claim_model as T  # noqa: E402

BUDGETS = (0.1, 0.25, 0.5, 1.0)
BASE = dict(ngrams=(1, 2, 3), epochs=5, l2=2e-5, rate=0.2, prune=0.02, min_df=2, neg=30000, pos_w=8.0,
            alpha=0.5, neg_vocab=0, use_pack=True, news_frac=None, exempt_w=2.0, min_chars=6, neg_w=1.0, words=0, neg_top=0, pack="all")
VARIANTS = {
    "base": {},
    "ng14": dict(ngrams=(1, 2, 3, 4)),
    "ng12": dict(ngrams=(1, 2)),
    "ng23": dict(ngrams=(2, 3)),
    "neg60k": dict(neg=60000),
    "neg120k": dict(neg=120000),
    "posw4": dict(pos_w=4.0),
    "posw16": dict(pos_w=16.0),
    "l2hi": dict(l2=1e-4),
    "l2lo": dict(l2=2e-6),
    "mindf1": dict(min_df=1),
    "mindf3": dict(min_df=3),
    "ep10": dict(epochs=10),
    "nopack": dict(use_pack=False),
    "negvocab5": dict(neg_vocab=5),
    "negvocab20": dict(neg_vocab=20),
    "alpha33": dict(alpha=0.33),
    "alpha75": dict(alpha=0.75),
    "alpha1": dict(alpha=1.0),
    "words": dict(words=1),
    "words_hmm": dict(words=2),
}

HEADS = os.environ.get("HEADS", "adlaw,platform").split(",")
CASES, TEST_TEXTS = T.load_cases()


def all_prose():
    import glob
    paths = sorted(glob.glob(os.path.join(T.QUALITY, "prose", "dev-*.txt")))
    paths += sorted(glob.glob(os.path.join(T.ROOT, "target", "quality-prose", "dev-*.txt")))
    assert not any(os.path.basename(p).startswith("test-") for p in paths)
    out = []
    for p in paths:
        name = os.path.basename(p)
        for i, line in enumerate(open(p, encoding="utf-8")):
            out.append((name, f"{name}:{i}", line.rstrip("\n")))
    return out


PROSE_LINES = all_prose()
# rules-missed dev cases (text set) if available
MISSED = None
if os.environ.get("RULES_MISSED"):
    MISSED = collections.Counter(l.rstrip("\n") for l in open(os.environ["RULES_MISSED"], encoding="utf-8"))


def negatives_for(cfg):
    rng = random.Random(T.SEED)
    T.NEG_SENTENCES = cfg["neg"]
    return T.load_negative_sentences(rng)


NEG_CACHE = {}


def train(examples, cfg, rng):
    """avg=K > 1: K runs with shuffle seeds SEED..SEED+K-1 (rng unused), weights averaged."""
    k = cfg.get("avg", 1)
    if k == 1:
        return train_one(examples, cfg, rng, True)
    runs = [train_one(examples, cfg, random.Random(T.SEED + 1000 * cfg.get("seed", 0) + i), False) for i in range(k)]
    b = sum(r[0] for r in runs) / k
    w = {}
    for _, rw in runs:
        for f, v in rw.items():
            w[f] = w.get(f, 0.0) + v / k
    return round(b, 4), {f: round(v, 4) for f, v in w.items() if abs(v) >= cfg["prune"]}


def train_one(examples, cfg, rng, final):
    w, g2 = {}, {}
    b, gb = 0.0, 1e-8
    order = list(range(len(examples)))
    rate, l2, a = cfg["rate"], cfg["l2"], cfg["alpha"]
    for epoch in range(cfg["epochs"]):
        rng.shuffle(order)
        for i in order:
            feats, n_all, y, wt = examples[i]
            if not n_all:
                continue
            norm = n_all ** -a
            z = b + norm * sum(w.get(f, 0.0) for f in feats)
            p = 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))
            g = (p - y) * wt
            gb += g * g
            b -= rate * g / math.sqrt(gb)
            counts = {}
            for f in feats:
                counts[f] = counts.get(f, 0) + 1
            for f, k in counts.items():
                wf = w.get(f, 0.0)
                gf = g * k * norm + l2 * wf
                acc = g2.get(f, 1e-8) + gf * gf
                g2[f] = acc
                w[f] = wf - rate * gf / math.sqrt(acc)
    if not final:
        return b, w
    return round(b, 4), {f: round(v, 4) for f, v in w.items() if abs(v) >= cfg["prune"]}


def score(model, text, cfg):
    if model[0] == "multi":
        return max(score(m, text, cfg) for m in model[1])
    b, w = model
    best = 0.0
    for s in T.sentences(text):
        feats = T.ngrams(s)
        if not feats or T.letters(s) < cfg["min_chars"]:
            continue
        z = b + sum(w.get(f, 0.0) for f in feats) * len(feats) ** -cfg["alpha"]
        best = max(best, 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z)))))
    return best


def build(head, cases, negatives, forbidden, cfg):
    pos = [t for h, v, t, _, _ in cases if v == "violation" and h == head]
    neg = [t for _, v, t, _, _ in cases if v == "exempt"]
    # pack: which of the packs' own examples join training: "all" (file order), "sorted" (both lists
    # sorted), "miss" (examples.miss only), "hit" (examples.hit only); use_pack=False: none.
    if cfg["use_pack"]:
        hit, miss = T.pack_examples(head, forbidden)
        if cfg["pack"] == "sorted":
            hit, miss = sorted(hit), sorted(miss)
        if cfg.get("drop") is not None:
            hit = hit[: cfg["drop"]] + hit[cfg["drop"] + 1 :]
        if cfg["pack"] != "miss":
            pos += hit
        if cfg["pack"] != "hit":
            neg += miss
    df = {}
    for t in pos:
        for g in set(T.ngrams(t)):
            df[g] = df.get(g, 0) + 1
    vocab = {g for g, n in df.items() if n >= cfg["min_df"] and T.weighable(g)}
    if cfg["neg_vocab"]:
        ndf = {}
        for _, _, s in negatives:
            for g in set(T.ngrams(s)):
                ndf[g] = ndf.get(g, 0) + 1
        cand = [(n, g) for g, n in ndf.items() if n >= cfg["neg_vocab"] and T.weighable(g) and g not in vocab]
        if cfg["neg_top"]:
            cand = sorted(cand, key=lambda x: (-x[0], x[1]))[: cfg["neg_top"]]
        vocab |= {g for _, g in cand}

    def feats(t):
        gs = T.ngrams(t)
        return [g for g in gs if g in vocab], len(gs)

    ex = [(*feats(t), 1, cfg["pos_w"]) for t in pos]
    VOCAB_OF[id(ex)] = vocab
    ex += [(*feats(t), 0, cfg["exempt_w"]) for t in neg]
    ex += [(*feats(t), 0, T.ORDINARY_WEIGHT) for t in T.ordinary_sentences()]
    ex += [(*feats(s), 0, cfg["neg_w"]) for _, _, s in negatives]
    return ex


def nb_ratios(examples, smooth):
    """Naive-Bayes log-count ratios r_f = log((p_f/|p|) / (q_f/|q|)) over binarized n-gram presence,
    each example counted with its training weight; p, q smoothed by `smooth`."""
    p, q = {}, {}
    for feats, _, y, wt in examples:
        d = p if y == 1 else q
        for f in set(feats):
            d[f] = d.get(f, 0.0) + wt
    vocab = set(p) | set(q)
    sp = sum(p.values()) + smooth * len(vocab)
    sq = sum(q.values()) + smooth * len(vocab)
    return {f: math.log((p.get(f, 0.0) + smooth) / sp) - math.log((q.get(f, 0.0) + smooth) / sq) for f in vocab}


def fit_scale(examples, w, cfg):
    """1-D logistic regression z = b + s * sum(w)/n^alpha on the examples (weighted): (b, s)."""
    xs = []
    for feats, n_all, y, wt in examples:
        if n_all:
            xs.append((sum(w.get(f, 0.0) for f in feats) * n_all ** -cfg["alpha"], y, wt))
    b, s = 0.0, 0.1
    for _ in range(200):
        gb = gs = hb = hs = hbs = 0.0
        for x, y, wt in xs:
            z = max(-30.0, min(30.0, b + s * x))
            pr = 1.0 / (1.0 + math.exp(-z))
            g = (pr - y) * wt
            h = pr * (1 - pr) * wt + 1e-9
            gb += g
            gs += g * x
            hb += h
            hs += h * x * x
            hbs += h * x
        det = hb * hs - hbs * hbs
        if det <= 0:
            break
        db = (hs * gb - hbs * gs) / det
        ds = (hb * gs - hbs * gb) / det
        b -= db
        s -= ds
        if abs(db) + abs(ds) < 1e-7:
            break
    return b, s


def nb_model(examples, cfg, lr_model=None):
    """nb = smoothing: NB log-count ratios, calibrated by a 1-D logistic fit; with `nb_mix` > 0,
    LR weights + nb_mix * calibrated NB weights (a linear model either way: the engine's format)."""
    r = nb_ratios(examples, cfg["nb"])
    b, s = fit_scale(examples, r, cfg)
    w = {f: v * s for f, v in r.items()}
    if lr_model is not None:
        m = cfg.get("nb_mix", 0.5)
        lb, lw = lr_model
        w2 = {f: lw.get(f, 0.0) + m * w.get(f, 0.0) for f in set(lw) | set(w)}
        b, s2 = fit_scale(examples, w2, cfg)
        w = {f: v * s2 for f, v in w2.items()}
    return round(b, 4), {f: round(v, 4) for f, v in w.items() if abs(v) >= cfg["prune"]}


PROSE_SENT = {}


def train_prose(tr):
    """Every dev prose sentence of half `tr`: (source, key, text), as load_negative_sentences keys them."""
    if tr not in PROSE_SENT:
        PROSE_SENT[tr] = [("prose", key, s) for name, key, line in PROSE_LINES if T.half(key) == tr
                          for s in T.sentences(line)]
    return PROSE_SENT[tr]


def mine(head, model, ex, tr, cfg):
    vocab = set(model[1])
    hard = []
    for _, _, s in train_prose(tr):
        if score(model, s, cfg) >= cfg["hard"]:
            gs = T.ngrams(s)
            hard.append(([g for g in gs if g in VOCAB_OF[id(ex)]], len(gs), 0, cfg.get("hard_w", 4.0)))
    print(f"  {head} {tr}: {len(hard)} hard negatives >= {cfg['hard']}", file=sys.stderr)
    return ex + hard, len(hard)


VOCAB_OF = {}


def run(name, over):
    cfg = dict(BASE, **over)
    T.NGRAMS = cfg["ngrams"]
    if cfg["words"]:
        import jieba
        jieba.setLogLevel(60)
        hmm = cfg["words"] == 2
        if not hasattr(T, "_ngrams0"):
            T._ngrams0 = T.ngrams
        cache = {}
        def ng(s):
            r = cache.get(s)
            if r is None:
                f = "".join(T.fold(c) for c in s)
                r = T._ngrams0(s) + ["w:" + w for w in jieba.lcut(f, HMM=hmm) if len(w) >= 2 and all(T.is_token(c) for c in w) and w.strip("0")]
                if len(cache) < 400000:
                    cache[s] = r
            return r
        T.ngrams = ng
    elif cfg.get("distinct"):
        # Each distinct n-gram of a sentence counted once (training, scoring and the normaliser).
        if not hasattr(T, "_ngrams0"):
            T._ngrams0 = T.ngrams
        T.ngrams = lambda s: list(dict.fromkeys(T._ngrams0(s)))
    elif hasattr(T, "_ngrams0"):
        T.ngrams = T._ngrams0
    key = cfg["neg"]
    if key not in NEG_CACHE:
        NEG_CACHE[key] = negatives_for(cfg)
    negatives = NEG_CACHE[key]
    rows = []
    for head in HEADS:
        for tr, ev in (("A", "B"), ("B", "A")):
            c_tr = [c for c in CASES if T.half(c[3]) == tr]
            n_tr = [n for n in negatives if T.half(n[1]) == tr]
            c_ev = [c for c in CASES if T.half(c[3]) == ev]
            forbidden = TEST_TEXTS | {T.squash(c[2]) for c in c_ev}
            ex = build(head, c_tr, n_tr, forbidden, cfg)
            if cfg.get("allprose"):
                # Every prose sentence of the training half, not a sample (statutes as sampled).
                ex = build(head, c_tr, [n for n in n_tr if n[0] != "prose"] + train_prose(tr), forbidden, cfg)
            def fit(ex):
                if cfg.get("nb") and cfg.get("nb_only"):
                    return nb_model(ex, cfg)
                m = train(ex, cfg, random.Random(T.SEED + cfg.get("seed", 0)))
                return nb_model(ex, cfg, m) if cfg.get("nb") else m
            model = fit(ex)
            if cfg.get("hard") is not None:
                # Hard-negative mining: every prose sentence of the training half (sampled or not)
                # that the first model scores at or above the margin joins as a weighted negative.
                ex2, nh = mine(head, model, ex, tr, cfg)
                VOCAB_OF[id(ex2)] = VOCAB_OF[id(ex)]
                ex = ex2
                model = fit(ex)
            if cfg.get("cats"):
                # Per-category heads (positives of those categories only, no pack examples) next to
                # the general head; a sentence's score is the highest of them.
                models = [model] if cfg.get("general", True) else []
                for group in cfg["cats"]:
                    c_g = [c for c in c_tr if c[1] == "exempt" or c[4] in group]
                    sub = dict(cfg, use_pack=False)
                    if cfg.get("cat_scale"):  # same total positive weight as the general head
                        n_all = sum(1 for c in c_tr if c[0] == head and c[1] == "violation")
                        n_g = sum(1 for c in c_g if c[0] == head and c[1] == "violation")
                        sub["pos_w"] = cfg["pos_w"] * n_all / max(1, n_g)
                    models.append(train(build(head, c_g, n_tr, forbidden, sub), sub, random.Random(T.SEED)))
                model = ("multi", models)
            pos = [c for c in c_ev if c[0] == head and c[1] == "violation"]
            ps = [score(model, c[2], cfg) for c in pos]
            miss_mask = None
            if MISSED is not None:
                mm = collections.Counter(MISSED)
                miss_mask = []
                for c in pos:
                    k = f"{c[4]}\t{c[2]}"
                    miss_mask.append(mm[k] > 0)
                    if mm[k] > 0:
                        mm[k] -= 1
            prose = [p for p in PROSE_LINES if T.half(p[1]) == ev]
            chars = sum(len(p[2]) for p in prose)
            ns = sorted((score(model, p[2], cfg) for p in prose), reverse=True)
            nw = sum(len(m[1]) for m in model[1]) if model[0] == "multi" else len(model[1])
            res = {"head": head, "dir": f"{tr}->{ev}", "weights": nw, "npos": len(pos)}
            for bud in BUDGETS:
                k = int(bud * chars / 1e5)  # flagged lines allowed
                thr = ns[k] + 1e-9 if k < len(ns) else 0.0
                rec = sum(s >= thr for s in ps)
                fl = sum(s >= thr for s in ns)
                res[f"b{bud}"] = (rec, thr)
                if miss_mask is not None:
                    res[f"m{bud}"] = sum(s >= thr and m for s, m in zip(ps, miss_mask))
            fixed = 0.85 if head == "adlaw" else 0.6
            res["fixed"] = (sum(s >= fixed for s in ps), sum(s >= fixed for s in ns) * 1e5 / chars)
            res["nmiss"] = sum(miss_mask) if miss_mask else 0
            res["ps"] = [round(x, 4) for x in ps]  # held-out positive scores (for flip counts)
            rows.append(res)
    return rows


def fmt(name, rows):
    out = []
    for r in rows:
        s = f"{name:12s} {r['head']:8s} {r['dir']} n={r['npos']:3d} w={r['weights']:5d} "
        for bud in BUDGETS:
            rec, thr = r[f"b{bud}"]
            s += f"| @{bud}: {rec:3d} ({rec / r['npos']:.3f}) t={thr:.3f}"
            if f"m{bud}" in r:
                s += f" miss {r[f'm{bud}']}/{r['nmiss']}"
            s += " "
        s += f"| fixed: {r['fixed'][0]} fp {r['fixed'][1]:.2f}"
        out.append(s)
    return "\n".join(out)


if __name__ == "__main__":
    names = sys.argv[1:] or list(VARIANTS)
    for n in names:
        over = VARIANTS[n] if n in VARIANTS else json.loads(n)
        t0 = time.time()
        rows = run(n, over)
        print(fmt(n, rows), flush=True)
        print(f"  ({time.time() - t0:.0f} s)", flush=True)
        with open(os.path.join(T.ROOT, "target", "claim-model-variants.jsonl"), "a") as f:
            f.write(json.dumps({"name": n, "over": over, "rows": rows}) + "\n")
