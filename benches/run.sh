#!/usr/bin/env bash
# Whole-binary benchmark: `hegui check` over the statute corpus and over a generated corpus of at
# least 100 MB, single thread and all cores, reporting wall time, MB/s and peak RSS; plus start-up
# latency on one small draft. Uses ../shared/corpus/statutes beside the repo when present.
#
# usage: benches/run.sh [SIZE_MB]   (default 120)
set -euo pipefail
cd "$(dirname "$0")/.."
size=${1:-120}
statutes=../shared/corpus/statutes
work=${TMPDIR:-/tmp}/hegui-bench
cargo build --release --quiet
bin=target/release/hegui
mkdir -p "$work"

measure() { # label, args…
  local label=$1; shift
  local bytes=$1; shift
  local out
  /usr/bin/time -o "$work/time" -f "%e %M" "$bin" "$@" --format json --output /dev/null >/dev/null 2>&1 || true
  out=$(tail -n 1 "$work/time")
  local secs=${out% *} rss=${out#* }
  awk -v l="$label" -v b="$bytes" -v s="$secs" -v r="$rss" \
    'BEGIN { printf "%-42s %8.2f s %9.1f MB/s %8.1f MB peak RSS\n", l, s, (b / 1e6) / (s > 0 ? s : 0.001), r / 1024 }'
}

if [ -d "$statutes" ]; then
  sbytes=$(find "$statutes" -type f -printf '%s\n' | awk '{ s += $1 } END { print s }')
  measure "statutes ($((sbytes / 1000000)) MB), -j1" "$sbytes" check "$statutes" -j 1 --no-config
  measure "statutes, all cores" "$sbytes" check "$statutes" --no-config
else
  echo "note: $statutes not found; skipping the statute run (it sits beside the repo in CI)"
fi

if [ ! -f "$work/.size-$size" ]; then
  rm -rf "$work"
  python3 benches/gen_corpus.py "$work/corpus" "$size" "$statutes"
  touch "$work/.size-$size"
fi
gbytes=$(find "$work/corpus" -type f -printf '%s\n' | awk '{ s += $1 } END { print s }')
measure "generated ($((gbytes / 1000000)) MB), -j1" "$gbytes" check "$work/corpus" -j 1 --no-config
measure "generated, all cores" "$gbytes" check "$work/corpus" --no-config

# Start-up: one small clean draft, and one whose candidate needs a token-boundary check.
printf '今天天气很好，我们去公园散步。\n' > "$work/clean.txt"
printf '这款面霜最滋润，用过都说好。\n' > "$work/token.txt"
for f in clean token; do
  best=999
  for _ in 1 2 3 4 5; do
    t0=$(date +%s%N)
    "$bin" check "$work/$f.txt" --no-config >/dev/null 2>&1 || true
    t=$(awk -v a="$t0" -v b="$(date +%s%N)" 'BEGIN { print (b - a) / 1e9 }')
    best=$(awk -v a="$best" -v b="$t" 'BEGIN { print (b < a ? b : a) }')
  done
  printf '%-42s %8.1f ms (best of 5)\n' "start-up, one $f draft" "$(awk -v b="$best" 'BEGIN { print b * 1000 }')"
done
