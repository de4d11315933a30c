#!/usr/bin/env bash
# Duplicate-content detector at scale: `cargo bench --bench dedup_scale` (release) for each N, then
# datasketch MinHashLSH on the same articles and drafts (dumped at the first N at most
# DATASKETCH_MAX_N) when `pip install datasketch` works in a venv under target/.
#
# usage: benches/dedup_scale.sh [N ...]      (default 10000 100000 1000000)
# env:   HEGUI_DEDUP_QUERIES (default 1000), DATASKETCH_MAX_N (default 10000),
#        DATASKETCH_THRESHOLDS (default "0.3 0.1"), CARGO_TARGET_DIR
# Output: the blocks of both benches, and their JSON lines in target/dedup-bench/results.jsonl.
set -euo pipefail
cd "$(dirname "$0")/.."
target=${CARGO_TARGET_DIR:-target}
work=$target/dedup-bench
mkdir -p "$work"
results=$work/results.jsonl
: > "$results"
if [ $# -gt 0 ]; then sizes=("$@"); else sizes=(10000 100000 1000000); fi
max_ds=${DATASKETCH_MAX_N:-10000}
dumped=

for n in "${sizes[@]}"; do
  dump=
  if [ -z "$dumped" ] && [ "$n" -le "$max_ds" ]; then
    dump=$work/dump-$n
    dumped=$dump
  fi
  echo "--- hegui, N = $n ---"
  HEGUI_DEDUP_N=$n HEGUI_DEDUP_DUMP=$dump HEGUI_DEDUP_TMP=$work \
    cargo bench --quiet --bench dedup_scale 2> "$work/stderr-$n.log" | tee "$work/out-$n.txt"
  grep '^{"bench":' "$work/out-$n.txt" >> "$results" || true
done

if [ -z "$dumped" ]; then
  echo "note: no N ≤ $max_ds run, so no articles dumped for datasketch (set DATASKETCH_MAX_N)"
  exit 0
fi
venv=$target/dedup-venv
if { [ -x "$venv/bin/python" ] || python3 -m venv "$venv"; } &&
  "$venv/bin/python" -m pip install --quiet --disable-pip-version-check datasketch; then
  echo "--- datasketch MinHashLSH on $dumped ---"
  # shellcheck disable=SC2086
  "$venv/bin/python" benches/dedup_datasketch.py "$dumped" ${DATASKETCH_THRESHOLDS:-0.3 0.1} |
    tee "$work/datasketch.txt"
  grep '^{"bench":' "$work/datasketch.txt" >> "$results" || true
  echo "note: datasketch reports candidate documents, not passages"
else
  echo "note: could not install datasketch (no network?); comparison skipped"
fi
echo "JSON results: $results"
