#!/usr/bin/env python3
"""Latency of `hegui watch` from saving a draft to reading its report.

Starts the release binary on a temp folder with `--format jsonl`, saves a ~10 KB draft N times
(waiting for each `scan` event before the next save) and prints p50/p95 of write-to-report time.

    cargo build --release
    python3 benches/watch_latency.py [--saves 200] [--atomic] [--debounce MS] [--bin target/release/hegui]

`--atomic` saves like many editors (write a temp file, rename it over the draft).
"""

import argparse
import json
import os
import queue
import statistics
import subprocess
import sys
import tempfile
import threading
import time

PARAGRAPH = "本产品采用天然原料精心制作，口感细腻，营养丰富，适合全家人日常食用。我们坚持品质第一，服务至上。\n"


def draft(i: int) -> str:
    """A ~10 KB Chinese draft whose content differs on every save (and has a finding or two)."""
    body = PARAGRAPH * 70
    return f"# 第 {i} 版\n\n本店是最佳选择。\n\n{body}"


def percentile(xs, p):
    xs = sorted(xs)
    k = (len(xs) - 1) * p / 100
    lo, hi = int(k), min(int(k) + 1, len(xs) - 1)
    return xs[lo] + (xs[hi] - xs[lo]) * (k - lo)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--bin", default=os.path.join(os.path.dirname(__file__), "..", "target", "release", "hegui"))
    ap.add_argument("--saves", type=int, default=200)
    ap.add_argument("--atomic", action="store_true", help="save via temp file + rename")
    ap.add_argument("--debounce", type=int, default=None, help="pass --debounce MS")
    ap.add_argument("--timeout", type=float, default=10.0, help="seconds to wait for one report")
    ap.add_argument("--verbose", action="store_true", help="print every latency")
    args = ap.parse_args()
    if not os.path.exists(args.bin):
        print(f"{args.bin} not found: run `cargo build --release` first", file=sys.stderr)
        return 2

    with tempfile.TemporaryDirectory() as d:
        path = os.path.join(d, "draft.md")
        with open(path, "w", encoding="utf-8") as f:
            f.write(draft(0))
        size = os.path.getsize(path)
        cmd = [args.bin, "watch", "--format", "jsonl", "--no-config", d]
        if args.debounce is not None:
            cmd += ["--debounce", str(args.debounce)]
        proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, text=True, encoding="utf-8")
        events: "queue.Queue[tuple[float, dict]]" = queue.Queue()

        def reader():
            assert proc.stdout is not None
            for line in proc.stdout:
                events.put((time.perf_counter(), json.loads(line)))

        threading.Thread(target=reader, daemon=True).start()

        def wait(pred):
            deadline = time.perf_counter() + args.timeout
            while True:
                left = deadline - time.perf_counter()
                if left <= 0:
                    raise TimeoutError("no report in time")
                t, ev = events.get(timeout=left)
                if pred(ev):
                    return t, ev

        try:
            wait(lambda e: e["event"] == "ready")
            lat, scan_ms = [], []
            for i in range(1, args.saves + 1):
                text = draft(i)
                t0 = time.perf_counter()
                if args.atomic:
                    tmp = path + ".tmp"
                    with open(tmp, "w", encoding="utf-8") as f:
                        f.write(text)
                    os.rename(tmp, path)
                else:
                    with open(path, "w", encoding="utf-8") as f:
                        f.write(text)
                t1, ev = wait(lambda e: e["event"] == "scan" and e["path"].endswith("draft.md"))
                lat.append((t1 - t0) * 1000)
                scan_ms.append(ev["duration_ms"])
        finally:
            proc.terminate()
            proc.wait(timeout=10)

    if args.verbose:
        print("latencies (ms):", " ".join(f"{x:.1f}" for x in lat))
    mode = "atomic (temp + rename)" if args.atomic else "in place"
    debounce = args.debounce if args.debounce is not None else "default"
    print(f"{args.saves} saves of a {size / 1024:.1f} KB draft, {mode}, debounce {debounce}")
    print(f"write → report: p50 {percentile(lat, 50):.1f} ms, p95 {percentile(lat, 95):.1f} ms, "
          f"max {max(lat):.1f} ms, mean {statistics.mean(lat):.1f} ms")
    print(f"scan alone (duration_ms): p50 {percentile(scan_ms, 50):.2f} ms, p95 {percentile(scan_ms, 95):.2f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
