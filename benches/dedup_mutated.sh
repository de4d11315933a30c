#!/usr/bin/env bash
# `hegui dedup` over the 1,052 statutes, then over them plus one lightly mutated copy of each
# (benches/gen_mutated_copies.py, the generator of tests/dedup_statutes.rs): CPU time (user + sys,
# the minimum of RUNS runs: wall time is meaningless on a shared machine), the ratio of the two,
# and how many copies are paired with their original. Skips without ../shared.
#
# usage: benches/dedup_mutated.sh [RUNS]        (default 5)
# env:   HEGUI_BIN (default: build the release binary), DEDUP_MUTATED_WORK (default
#        target/dedup-mutated), STATUTES (default ../shared/corpus/statutes)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}
statutes=${STATUTES:-../shared/corpus/statutes}
if [ ! -d "$statutes" ]; then
  echo "skipped: no statutes corpus at $statutes"
  exit 0
fi
target=${CARGO_TARGET_DIR:-target}
work=${DEDUP_MUTATED_WORK:-$target/dedup-mutated}
if [ -z "${HEGUI_BIN:-}" ]; then
  cargo build --release --quiet
  HEGUI_BIN=$target/release/hegui
fi
[ -d "$work/both" ] || python3 benches/gen_mutated_copies.py "$statutes" "$work"

cpu() { # min user+sys seconds of $runs runs of `hegui dedup --json DIR`; output kept in $work/DIR.json
  local best=
  for _ in $(seq "$runs"); do
    /usr/bin/time -f '%U %S' -o "$work/time" "$HEGUI_BIN" dedup --json "$work/$1" > "$work/$1.json" 2> "$work/stderr" ||
      [ $? -eq 1 ]
    # The last line: GNU time writes "Command exited with non-zero status 1" first.
    t=$(tail -n 1 "$work/time" | awk '{ printf "%.2f", $1 + $2 }')
    best=$(awk -v a="${best:-$t}" -v b="$t" 'BEGIN { print (b < a) ? b : a }')
  done
  echo "$best"
}
one=$(cpu orig)
two=$(cpu both)
paired=$(python3 - "$work/both.json" <<'PY'
import json, sys
v = json.load(open(sys.argv[1]))
stem = lambda p: p.rsplit("/", 1)[-1].removesuffix(".md").removesuffix("-copy")
print(len({stem(p["a"]) for p in v["pairs"] if stem(p["a"]) == stem(p["b"])}))
PY
)
ratio=$(awk -v a="$one" -v b="$two" 'BEGIN { printf "%.2f", b / a }')
echo "dedup 1,052 statutes: ${one} s CPU; with mutated copies (2,104): ${two} s CPU; ratio ${ratio} (min of $runs runs)"
echo "copies paired with their original: $paired"
