#!/usr/bin/env bash
# `hegui audit` against `hegui check` on the same generated archive (default 10^5 articles of
# ~2,000 characters, benches/gen_articles.py): wall seconds, articles/s, MB/s and peak RSS of
# each, best of ROUNDS alternating runs, and the audit's overhead over check.
#
# usage: benches/audit.sh [N] [ROUNDS]   (defaults 100000, 3)
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-100000}
rounds=${2:-3}
statutes=../shared/corpus/statutes
work=${TMPDIR:-/tmp}/hegui-audit-bench
cargo build --release --quiet
bin=$PWD/target/release/hegui
if [ ! -f "$work/.n-$n" ]; then
  rm -rf "$work"
  mkdir -p "$work"
  python3 benches/gen_articles.py "$work/archive" "$n" "$statutes"
  touch "$work/.n-$n"
fi
bytes=$(find "$work/archive" -type f -printf '%s\n' | awk '{ s += $1 } END { print s }')

run() { # label, args… ; prints "secs rss_kb"
  /usr/bin/time -o "$work/time" -f "%e %M" "$bin" "$@" >/dev/null 2>&1 || true
  tail -n 1 "$work/time"
}
best() { sort -n | head -n 1; }
: > "$work/check" ; : > "$work/audit"
for _ in $(seq "$rounds"); do
  run check "$work/archive" --no-config --format json --output /dev/null >> "$work/check"
  rm -rf "$work/out"
  run audit "$work/archive" --no-config --out "$work/out" -q >> "$work/audit"
done
report() { # label, file
  local line; line=$(best < "$2")
  local secs=${line% *} rss=${line#* }
  local peak; peak=$(awk '{ if ($2 > m) m = $2 } END { print m }' "$2")
  awk -v l="$1" -v n="$n" -v b="$bytes" -v s="$secs" -v r="$peak" \
    'BEGIN { printf "%-34s %7.2f s %8.0f articles/s %7.1f MB/s %8.1f MB peak RSS\n", l, s, n / s, b / 1e6 / s, r / 1024 }'
}
echo "$n articles, $((bytes / 1000000)) MB; best of $rounds, all cores"
report "check --format json -o /dev/null" "$work/check"
report "audit --out DIR -q" "$work/audit"
c=$(best < "$work/check"); a=$(best < "$work/audit")
awk -v c="${c% *}" -v a="${a% *}" 'BEGIN { printf "audit overhead over check: %+.1f %%\n", (a / c - 1) * 100 }'
ls -l "$work/out"
