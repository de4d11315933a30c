#!/usr/bin/env bash
# Corpus index at scale, through the CLI: build, save, load, query, size.
#
# usage: benches/dedup_index.sh N
# env:   HEGUI_BIN, QUERY_BIN   binaries to measure (default: built here, release: `hegui` and the
#                               `dedup_query` example; point both at another build to compare)
#        DEDUP_INDEX_WORK       where the corpus and index go (default $CARGO_TARGET_DIR/dedup-index)
#        HEGUI_STATUTES         sentence source (default ../shared/corpus/statutes)
#
# The corpus (N articles of 1-2 KB recombined from statute sentences with a fixed seed, plus 200
# drafts, half copying 3-8 sentences of an article) is generated once per N by
# benches/gen_dedup_corpus.py and reused. Measured with /usr/bin/time -v:
#   add     `hegui corpus add` of all N articles into a new index (fingerprinting, postings, save);
#   resave  `hegui corpus add` of one already-indexed article: load, nothing to add, save;
#   load    the dedup_query example: Index::load, then one query per draft (p50/p99 in-process).
# Prints one block and a JSON line starting with {"bench":"dedup_index".
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:?usage: benches/dedup_index.sh N}
statutes=${HEGUI_STATUTES:-../shared/corpus/statutes}
if [ ! -d "$statutes" ]; then
  echo "skipped: $statutes not found (the statute corpus in ../shared provides the sentences)"
  exit 0
fi
if [ ! -x /usr/bin/time ]; then
  echo "skipped: /usr/bin/time (GNU time) is needed for peak memory"
  exit 0
fi
target=${CARGO_TARGET_DIR:-target}
work=${DEDUP_INDEX_WORK:-$target/dedup-index}
if [ -z "${HEGUI_BIN:-}" ] || [ -z "${QUERY_BIN:-}" ]; then
  cargo build --quiet --release --bin hegui --example dedup_query
fi
hegui=${HEGUI_BIN:-$target/release/hegui}
query=${QUERY_BIN:-$target/release/examples/dedup_query}
corpus=$work/corpus-$n
if [ ! -f "$corpus/.done" ]; then
  rm -rf "$corpus"
  python3 benches/gen_dedup_corpus.py "$corpus" "$n" "$statutes"
  touch "$corpus/.done"
fi
idx=$work/index-$n.hgidx
rm -f "$idx" "$idx".lock "$idx".tmp-*

# "Maximum resident set size (kbytes): 123" and "Elapsed (wall clock) time (h:mm:ss or m:ss): 1:02.3"
field() { grep -F "$1" "$2" | sed 's/.*: //'; }
secs() { awk -F: '{ s = 0; for (i = 1; i <= NF; i++) s = s * 60 + $i; printf "%.2f", s }'; }
run() { # name, command…
  local log=$work/time-$1-$n.txt
  /usr/bin/time -v -o "$log" "${@:2}" > "$work/out-$1-$n.txt" 2> "$work/err-$1-$n.txt" || {
    echo "$1 failed:"; cat "$work/err-$1-$n.txt"; exit 1; }
  printf '%s %s\n' "$(field 'Elapsed (wall' "$log" | secs)" "$(( $(field 'Maximum resident' "$log") / 1024 ))"
}

read -r add_s add_mb < <(run add "$hegui" corpus add "$idx" "$corpus/a")
one=$(find "$corpus/a" -name '0000000.md' | head -1)
read -r resave_s resave_mb < <(run resave "$hegui" corpus add "$idx" "$one")
read -r query_s load_mb < <(run load "$query" "$idx" "$corpus/drafts")
bytes=$(stat -c %s "$idx")
q=$(cat "$work/out-load-$n.txt")
val() { sed -n "s/.*$1=\([^ ]*\).*/\1/p" <<< "$q"; }
index_mb=$((bytes / 1048576))
echo "N = $n  ($hegui)"
echo "  index file            $index_mb MB, $((bytes / n)) bytes/article"
echo "  corpus add (all)      ${add_s} s, peak RSS ${add_mb} MB"
echo "  re-save (load + save) ${resave_s} s, peak RSS ${resave_mb} MB"
echo "  load                  $(val load_s) s, peak RSS ${load_mb} MB (load + queries; $(awk "BEGIN { printf \"%.2f\", $load_mb / ($bytes / 1048576) }")x the file)"
echo "  queries               $(val drafts) drafts, $(val found) matched, p50 $(val p50_ms) ms, p99 $(val p99_ms) ms, max $(val max_ms) ms"
printf '{"bench":"dedup_index","n":%s,"index_bytes":%s,"bytes_per_article":%s,"add_s":%s,"add_rss_mb":%s,"resave_s":%s,"resave_rss_mb":%s,"load_s":%s,"load_rss_mb":%s,"found":%s,"p50_ms":%s,"p99_ms":%s}\n' \
  "$n" "$bytes" "$((bytes / n))" "$add_s" "$add_mb" "$resave_s" "$resave_mb" "$(val load_s)" "$load_mb" "$(val found)" "$(val p50_ms)" "$(val p99_ms)"
