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
# Compiled lexicons are cached in the bench folder, not in ~/.cache.
export HEGUI_CACHE_DIR="$work/cache"

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

# Start-up: one small clean draft, one whose candidate needs a token-boundary check, and a
# fixture with findings of many kinds. CPU time (user+sys, from getrusage: wall time means little
# on a shared machine), median of 21 runs after one that fills the compiled-lexicon cache.
# Target (issue 14): <= 20 ms with the default packs.
printf '今天天气很好，我们去公园散步。\n' > "$work/clean.txt"
printf '这款面霜最滋润，用过都说好。\n' > "$work/token.txt"
cp fixtures/violations/launch.md "$work/launch.md"
for f in clean.txt token.txt launch.md; do
  python3 - "$bin" "$work/$f" <<'PY'
import resource, statistics, subprocess, sys
cmd = [sys.argv[1], "check", sys.argv[2], "--no-config", "--format", "json"]
def run():
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime) * 1000
run()
ms = [run() for _ in range(21)]
name = sys.argv[2].rsplit("/", 1)[-1]
print(f"{'start-up, ' + name:<42} {statistics.median(ms):8.1f} ms CPU (median of 21; min {min(ms):.1f})")
PY
done
