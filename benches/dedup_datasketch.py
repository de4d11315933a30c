#!/usr/bin/env python3
"""datasketch MinHashLSH on the articles and drafts `benches/dedup_scale.rs` dumps.

Each article and draft becomes the set of its character 5-gram shingles over letters, digits and
Han only (lower-cased, repeated characters collapsed: roughly hegui's normalized stream, without
繁简 folding), hashed into a MinHash of NUM_PERM permutations and inserted into a MinHashLSH per
threshold. Reports insert throughput, per-draft query latency (MinHash of the draft + LSH query),
recall of the copied article among the candidates, false positives on fresh drafts, and memory.

MinHashLSH answers with candidate documents whose estimated Jaccard similarity with the whole
draft passes the threshold; it reports no passages, and a 300-600-character passage copied into a
2,000-character draft gives a Jaccard similarity of only about 0.1 with its source.

usage: dedup_datasketch.py DUMP_DIR [THRESHOLD ...]   (default thresholds 0.3 0.1)
"""
import json
import os
import resource
import sys
import time

from datasketch import MinHash, MinHashLSH

NUM_PERM = 128
K = 5


def rss_mb(field="VmRSS:"):
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith(field):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def shingles(text):
    chars = []
    for c in text.lower():
        if c.isalnum() and (not chars or chars[-1] != c):
            chars.append(c)
    s = "".join(chars)
    return {s[i:i + K].encode("utf-8") for i in range(max(len(s) - K + 1, 0))}


def pct(sorted_values, p):
    if not sorted_values:
        return 0.0
    i = min(max(int(-(-p * len(sorted_values) // 1)), 1), len(sorted_values)) - 1
    return sorted_values[i]


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    dump = sys.argv[1]
    thresholds = [float(t) for t in sys.argv[2:]] or [0.3, 0.1]
    with open(os.path.join(dump, "articles.jsonl"), encoding="utf-8") as f:
        articles = [json.loads(line) for line in f]
    with open(os.path.join(dump, "drafts.jsonl"), encoding="utf-8") as f:
        drafts = [json.loads(line) for line in f]
    n = len(articles)
    mb_text = sum(len(a.encode("utf-8")) for a in articles) / 1e6
    template = MinHash(num_perm=NUM_PERM)
    # Reuse the permutations (building them per MinHash costs more than hashing an article).
    # datasketch >= 2 wants the scheme named when permutations are passed; 1.x has no such argument.
    extra = {"scheme": template.scheme} if hasattr(template, "scheme") else {}
    perms = template.permutations

    def minhash(text):
        m = MinHash(num_perm=NUM_PERM, permutations=perms, **extra)
        m.update_batch(shingles(text))
        return m

    base_rss = rss_mb()
    t = time.perf_counter()
    hashes = [minhash(a) for a in articles]
    mh_time = time.perf_counter() - t
    del articles
    mh_rss = rss_mb()
    print(f"== datasketch {MinHash.__module__.split('.')[0]} MinHashLSH, num_perm={NUM_PERM}, "
          f"character {K}-gram shingles, N = {n} ({mb_text:.1f} MB), 1 thread ==")
    print(f"minhash          {mh_time:.2f} s  {n / mh_time:.0f} articles/s  {mb_text / mh_time:.2f} MB/s "
          f"(RSS +{mh_rss - base_rss:.0f} MB for {n} MinHashes)")
    results = []
    for th in thresholds:
        before = rss_mb()
        lsh = MinHashLSH(threshold=th, num_perm=NUM_PERM)
        t = time.perf_counter()
        with lsh.insertion_session() as session:
            for i, m in enumerate(hashes):
                session.insert(i, m, check_duplication=False)
        ins_time = time.perf_counter() - t
        lsh_mb = rss_mb() - before
        total = mh_time + ins_time
        lat, lat_copy = [], []
        copies = found = wrong = fresh = fresh_hit = fresh_docs = 0
        for d in drafts:
            t = time.perf_counter()
            cands = lsh.query(minhash(d["text"]))
            dt = (time.perf_counter() - t) * 1e3
            lat.append(dt)
            src = d["source"]
            if src is None:
                fresh += 1
                fresh_hit += bool(cands)
                fresh_docs += len(cands)
            else:
                copies += 1
                lat_copy.append(dt)
                found += src in cands
                wrong += sum(1 for c in cands if c != src)
        lat.sort()
        print(f"threshold {th:<5}  b={lsh.b} r={lsh.r}: insert {ins_time:.2f} s; minhash + insert "
              f"{n / total:.0f} articles/s {mb_text / total:.2f} MB/s; LSH RSS +{lsh_mb:.0f} MB")
        print(f"  query latency  {len(lat)} drafts: p50 {pct(lat, .5):.2f} ms  p95 {pct(lat, .95):.2f} ms  "
              f"p99 {pct(lat, .99):.2f} ms  max {lat[-1]:.2f} ms")
        print(f"  recall         {found}/{copies} copies have their article among the candidates "
              f"({100 * found / max(copies, 1):.1f}%); {wrong} other candidates on copies")
        print(f"  false pos.     {fresh_hit}/{fresh} fresh drafts with a candidate ({fresh_docs} candidates)")
        results.append({"threshold": th, "b": lsh.b, "r": lsh.r, "insert_s": ins_time,
                        "articles_per_s": n / total, "mb_per_s": mb_text / total, "lsh_rss_mb": lsh_mb,
                        "p50_ms": pct(lat, .5), "p95_ms": pct(lat, .95), "p99_ms": pct(lat, .99),
                        "max_ms": lat[-1], "copies": copies, "copies_found": found,
                        "other_candidates_on_copies": wrong, "fresh": fresh, "fresh_with_candidate": fresh_hit})
        del lsh
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak RSS         {peak:.0f} MB (Python process)")
    print("note             datasketch reports candidate documents (estimated whole-text Jaccard "
          "similarity), not passages or their positions")
    print(json.dumps({"bench": "dedup_datasketch", "n": n, "num_perm": NUM_PERM, "k": K, "text_mb": mb_text,
                      "minhash_s": mh_time, "peak_rss_mb": peak, "thresholds": results}))


if __name__ == "__main__":
    main()
