#!/usr/bin/env bash
# `hegui audit` against `hegui check` on the same generated archive (default 10^5 articles of
# ~2,000 characters, benches/gen_articles.py): wall seconds, articles/s, MB/s and peak RSS of
# each (check as JSON and as the default human output, both to /dev/null), best wall and CPU
# (user + sys) seconds of ROUNDS alternating runs, and the audit's overhead over each.
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
bytes=$(find -L "$work/archive" -type f -printf '%s\n' | awk '{ s += $1 } END { print s }')

run() { # args… ; prints "wall_secs rss_kb cpu_secs"
  /usr/bin/time -o "$work/time" -f "%e %M %U %S" "$bin" "$@" >/dev/null 2>&1 || true
  tail -n 1 "$work/time" | awk '{ printf "%s %s %.2f\n", $1, $2, $3 + $4 }'
}
best() { sort -n | head -n 1; }
: > "$work/check" ; : > "$work/human" ; : > "$work/audit"
for _ in $(seq "$rounds"); do
  run check "$work/archive" --no-config --format json --output /dev/null >> "$work/check"
  run check "$work/archive" --no-config --output /dev/null >> "$work/human"
  rm -rf "$work/out"
  run audit "$work/archive" --no-config --out "$work/out" -q >> "$work/audit"
done
report() { # label, file
  local secs; secs=$(awk '{ print $1 }' "$2" | best)
  local cpu; cpu=$(awk '{ print $3 }' "$2" | best)
  local peak; peak=$(awk '{ if ($2 > m) m = $2 } END { print m }' "$2")
  awk -v l="$1" -v n="$n" -v b="$bytes" -v s="$secs" -v c="$cpu" -v r="$peak" \
    'BEGIN { printf "%-34s %7.2f s %8.0f articles/s %7.1f MB/s %8.2f CPU s %8.1f MB peak RSS\n", l, s, n / s, b / 1e6 / s, c, r / 1024 }'
}
echo "$n articles, $((bytes / 1000000)) MB; best of $rounds, all cores"
report "check --format json -o /dev/null" "$work/check"
report "check -o /dev/null (human)" "$work/human"
report "audit --out DIR -q" "$work/audit"
for f in check human; do
  for col in 1 3; do
    a=$(awk -v k=$col '{ print $k }' "$work/audit" | best)
    c=$(awk -v k=$col '{ print $k }' "$work/$f" | best)
    what=$([ $col = 1 ] && echo wall || echo CPU)
    awk -v f="$f" -v w="$what" -v c="$c" -v a="$a" 'BEGIN { printf "audit overhead over check (%s), %s: %+.1f %%\n", f, w, (a / c - 1) * 100 }'
  done
done
ls -l "$work/out"
