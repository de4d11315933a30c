#!/usr/bin/env bash
# usage: benches/same_output.sh BASE_BIN NEW_BIN [OUTDIR] [BIG_FILE] [CONFIG]
# Checks that NEW_BIN prints byte-identical output to BASE_BIN on: the statute folder (-j1, -j2,
# jsonl), fixtures/ (jsonl and human, with and without the repository's config), a big text file
# (default /tmp/i14zc/s4.txt, jsonl, -j1) and a config with a large word list (default
# /tmp/i14zc/cfg/hegui.toml) on the big file and the statutes. Prints "same X" / "DIFF X" per output;
# exits 1 on any difference. BASE_BIN's outputs are cached in OUTDIR/base (delete to refresh).
set -u
base=$1; new=$2; out=${3:-/tmp/hegui-same}; big=${4:-/tmp/i14zc/s4.txt}; cfg=${5:-/tmp/i14zc/cfg/hegui.toml}
statutes=${STATUTES:-/work/shared/corpus/statutes}
repo=$(cd "$(dirname "$0")/.." && pwd)
run() { # BIN DIR
  local b=$1 d=$2; mkdir -p "$d"; cd "$repo" || exit 2
  nice "$b" check --no-config -j1 --format jsonl -o "$d/stat1.jsonl" "$statutes"
  nice "$b" check --no-config -j2 --format jsonl -o "$d/stat2.jsonl" "$statutes"
  nice "$b" check --format jsonl fixtures/ > "$d/fix.jsonl"
  nice "$b" check --no-config --format jsonl fixtures/ > "$d/fixnc.jsonl"
  nice "$b" check fixtures/ > "$d/fix.human"
  nice "$b" check --max-file-size 1000000000 --max-findings 1000000000 --no-config -j1 --format jsonl -o "$d/big.jsonl" "$big"
  if [ -f "$cfg" ]; then
    nice "$b" check --max-file-size 1000000000 --max-findings 1000000000 -j1 --format jsonl -o "$d/bigcfg.jsonl" --config "$cfg" "$big"
    nice "$b" check -j2 --format jsonl -o "$d/statcfg.jsonl" --config "$cfg" "$statutes"
  fi
}
[ -f "$out/base/stat1.jsonl" ] || run "$base" "$out/base" >/dev/null 2>&1
run "$new" "$out/new" >/dev/null 2>&1
rc=0
for f in "$out"/base/*; do
  n=$(basename "$f")
  if cmp -s "$f" "$out/new/$n"; then echo "same $n ($(wc -l < "$f") lines)"; else echo "DIFF $n"; rc=1; fi
done
exit $rc
