#!/usr/bin/env bash
# Side-by-side comparison of hegui with raw multi-pattern matchers, all on the same text and the
# same 10k-term list, whole process, one thread, peak RSS from /usr/bin/time. Prints one Markdown
# table (also written to $SCRATCH/results.md); docs/benchmarks.md holds a committed run.
#
# The text is the statute corpus concatenated four times (one ~75 MB file); the term list comes
# from make_terms.py (statute vocabulary plus 143 doubled characters). Peers are installed by this
# script into the scratch folder, never into the repo or the system: the Rust crates aho-corasick
# (NFA and DFA), daachorse and matcher_rs (built from peers/), pyahocorasick and flashtext (a venv),
# mint-filter (npm). Runs are interleaved, ROUNDS rounds, and the median time is kept.
#
# usage: benches/compare/run.sh
#   env: ROUNDS (default 3), SCRATCH (default ${TMPDIR:-/tmp}/hegui-compare),
#        STATUTES (default ../shared/corpus/statutes beside the repo),
#        GEN_MB (also time a generated corpus of this many MB as many files, -j 1 and -j 2, and
#        count the terms gen_corpus.py planted in it that hegui found at their spans, plain and
#        disguised; default 0: skipped), DEDUP_N (also run benches/dedup_scale.sh with this many
#        articles: `corpus add`/dedup against datasketch MinHashLSH; default: skipped),
#        TEXT=generated (the main table on the generated corpus as one file instead of the
#        statutes ×4; needs GEN_MB), SKIP_SLOW=1 (leave out the Python and npm peers),
#        ONLY=folders (only the -j 1 / -j 2 folder runs and start-up)
set -euo pipefail
cd "$(dirname "$0")/../.."
repo=$PWD
rounds=${ROUNDS:-3}
scratch=${SCRATCH:-${TMPDIR:-/tmp}/hegui-compare}
statutes=${STATUTES:-../shared/corpus/statutes}
gen_mb=${GEN_MB:-0}
[ -d "$statutes" ] || { echo "no statute corpus at $statutes (set STATUTES)" >&2; exit 2; }
statutes=$(cd "$statutes" && pwd)
mkdir -p "$scratch"

echo "building hegui (release)…" >&2
cargo build --release --locked --quiet
hegui=$repo/target/release/hegui
[ -n "${CARGO_TARGET_DIR:-}" ] && hegui=$CARGO_TARGET_DIR/release/hegui

# --- inputs -----------------------------------------------------------------------------------
if [ "$gen_mb" -gt 0 ] && { [ ! -s "$scratch/gen.planted.tsv" ] || [ "$(cat "$scratch/gen.mb" 2>/dev/null)" != "$gen_mb" ]; }; then
  rm -rf "$scratch/gen"
  python3 benches/gen_corpus.py "$scratch/gen" "$gen_mb" "$statutes" >&2
  echo "$gen_mb" > "$scratch/gen.mb"
  rm -f "$scratch/generated.txt"
fi
if [ "${TEXT:-statutes}" = generated ]; then
  [ "$gen_mb" -gt 0 ] || { echo "TEXT=generated needs GEN_MB" >&2; exit 2; }
  text=$scratch/generated.txt
  [ -s "$text" ] || find "$scratch/gen" -type f -name '*.txt' | LC_ALL=C sort | tr '\n' '\0' | xargs -0 cat > "$text"
  text_label="generated corpus (gen_corpus.py, $gen_mb MB) as one file"
else
  text=$scratch/statutes4.txt
  if [ ! -s "$text" ]; then
    find "$statutes" -type f -name '*.md' | LC_ALL=C sort | tr '\n' '\0' | xargs -0 cat > "$scratch/one.md"
    cat "$scratch/one.md" "$scratch/one.md" "$scratch/one.md" "$scratch/one.md" > "$text"
  fi
  text_label="statute corpus ×4"
fi
terms=$scratch/terms10k.txt
python3 benches/compare/make_terms.py "$statutes" "$terms"
mkdir -p "$scratch/cfg"
cat > "$scratch/cfg/hegui.toml" <<EOF
[[wordlists]]
path = "$terms"
id = "WL001"
category = "custom"
severity = "error"
EOF
bytes=$(stat -c %s "$text")

# --- peers ------------------------------------------------------------------------------------
peer=$scratch/peers/target/release/hegui-compare-peers
if [ "${ONLY:-}" != folders ]; then
  echo "installing peers into $scratch…" >&2
  mkdir -p "$scratch/peers"
  cp -r benches/compare/peers/Cargo.toml benches/compare/peers/Cargo.lock benches/compare/peers/src "$scratch/peers/"
  # matcher_rs uses `#![feature(thread_local)]`; RUSTC_BOOTSTRAP lets the stable compiler build it.
  (cd "$scratch/peers" && RUSTC_BOOTSTRAP=1 CARGO_TARGET_DIR="$scratch/peers/target" cargo build --release --locked --quiet)
fi
if [ "${SKIP_SLOW:-0}" != 1 ] && [ "${ONLY:-}" != folders ]; then
  [ -x "$scratch/py/bin/python" ] || python3 -m venv "$scratch/py"
  "$scratch/py/bin/pip" install --quiet --disable-pip-version-check pyahocorasick flashtext
  mkdir -p "$scratch/node"
  (cd "$scratch/node" && { [ -f package.json ] || npm init -y >/dev/null; } && npm install --silent mint-filter >/dev/null)
fi

# --- measuring --------------------------------------------------------------------------------
# Each row: label | what it does | command. The command prints its match count on stdout (peers)
# or writes a JSON Lines report whose summary line has `findings` (hegui).
labels=() whats=() cmds=()
row() { labels+=("$1"); whats+=("$2"); cmds+=("$3"); }
jsonl=$scratch/out.jsonl
hcheck="$hegui check --max-file-size 1000000000 --max-findings 1000000000 -j 1 --format jsonl -o $jsonl"
row "hegui, 10k list" "full normalization, positions, line/column, context, JSON Lines" \
  "$hcheck --config $scratch/cfg/hegui.toml --select WL001 $text"
row "hegui, default packs" "full normalization + jieba + regex + PII, JSON Lines" \
  "$hcheck --no-config $text"
row "hegui, default packs + 10k list" "both of the above in one run" \
  "$hcheck --config $scratch/cfg/hegui.toml $text"
row "aho-corasick NFA" "none; leftmost-longest, positions" "$peer ac-nfa $terms $text"
row "aho-corasick DFA" "none; leftmost-longest, positions" "$peer ac-dfa $terms $text"
row "daachorse (char-wise)" "none; leftmost-longest, positions" "$peer daachorse $terms $text"
row "matcher_rs plain" "none; distinct terms per line" "$peer matcher-plain $terms $text"
row "matcher_rs normalized" "variants + delete + width/case; distinct terms per line" \
  "$peer matcher-norm $terms $text"
if [ "${SKIP_SLOW:-0}" != 1 ]; then
  row "pyahocorasick" "none; longest, positions" "$scratch/py/bin/python benches/compare/peers.py pyahocorasick $terms $text"
  row "flashtext" "none; longest keyword per line" "$scratch/py/bin/python benches/compare/peers.py flashtext $terms $text"
  row "mint-filter (npm)" "case folding; distinct words per line" \
    "env NODE_PATH=$scratch/node/node_modules node benches/compare/mint.js $terms $text"
fi

# run CMD -> "seconds rss_kib cpu_seconds count" (CPU: user + system, of the command and its
# children)
run() {
  local out
  out=$(/usr/bin/time -f "%e %M %U %S" -o "$scratch/time" sh -c "$1" 2>/dev/null || true)
  local count
  if [ -z "$out" ] && [ -s "$jsonl" ]; then
    count=$(tail -n 1 "$jsonl" | python3 -c 'import json,sys; print(json.load(sys.stdin)["findings"])')
    rm -f "$jsonl"
  else
    count=$(printf '%s\n' "$out" | tail -n 1)
  fi
  echo "$(tail -n 1 "$scratch/time" | awk '{ print $1, $2, $3 + $4 }') $count"
}
median() { sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }

result=$scratch/results.md
: > "$result"
declare -A times cpus rss counts
[ "${ONLY:-}" = folders ] && rounds_main=0 || rounds_main=$rounds
for ((r = 1; r <= rounds_main; r++)); do
  for i in "${!labels[@]}"; do
    echo "round $r/$rounds: ${labels[$i]}" >&2
    read -r secs kib cpu count < <(run "${cmds[$i]}")
    times[$i]+="$secs "
    cpus[$i]+="$cpu "
    [ "${rss[$i]:-0}" -lt "$kib" ] && rss[$i]=$kib
    counts[$i]=$count
  done
done

[ "$rounds_main" -gt 0 ] && {
  echo "Text: $text_label, $((bytes / 1000000)) MB, one file; terms: $(wc -l < "$terms") (make_terms.py)."
  echo "Whole process, one thread, median of $rounds interleaved rounds; peak RSS is the largest seen."
  echo "MB/s by wall time, and by CPU time (user + system: steadier on a shared machine); × is the"
  echo "speed relative to hegui with the 10k list (above 1: faster than it)."
  echo
  echo "| tool | what it does | MB/s | × hegui 10k list | MB/s (CPU) | × (CPU) | peak RSS (MiB) | matches |"
  echo "|---|---|---:|---:|---:|---:|---:|---:|"
  base=$(printf '%s\n' ${times[0]} | median)
  cbase=$(printf '%s\n' ${cpus[0]} | median)
  for i in "${!labels[@]}"; do
    t=$(printf '%s\n' ${times[$i]} | median)
    c=$(printf '%s\n' ${cpus[$i]} | median)
    awk -v l="${labels[$i]}" -v w="${whats[$i]}" -v b="$bytes" -v t="$t" -v base="$base" -v c="$c" -v cbase="$cbase" \
      -v m="${rss[$i]}" -v n="${counts[$i]}" \
      'BEGIN { t = (t > 0 ? t : 0.01); c = (c > 0 ? c : 0.01)
        printf "| %s | %s | %.1f | %.2f | %.1f | %.2f | %.0f | %s |\n", l, w, b / 1e6 / t, base / t, b / 1e6 / c, cbase / c, m / 1024, n }'
  done
} > "$result"

# --- threads and start-up ---------------------------------------------------------------------
folder() { # label, dir, hegui args…
  local label=$1 dir=$2; shift 2
  local b t1 t2
  b=$(find "$dir" -type f -printf '%s\n' | awk '{ s += $1 } END { print s }')
  # Interleaved: -j 1 then -j 2, ROUNDS times. hegui exits 1 when it finds something.
  for ((r = 0; r < rounds; r++)); do
    for j in 1 2; do
      /usr/bin/time -f %e -o "$scratch/time" "$hegui" check "$dir" "$@" -j $j --format jsonl -o /dev/null >/dev/null 2>&1 || true
      tail -n 1 "$scratch/time" >> "$scratch/j$j"
    done
  done
  t1=$(median < "$scratch/j1") t2=$(median < "$scratch/j2")
  m1=$(sort -n "$scratch/j1" | head -n 1) m2=$(sort -n "$scratch/j2" | head -n 1)
  rm -f "$scratch/j1" "$scratch/j2"
  awk -v l="$label" -v b="$b" -v t1="$t1" -v t2="$t2" -v m1="$m1" -v m2="$m2" \
    'BEGIN { printf "| %s | %.1f | %.1f | %.2f× | %.2f× |\n", l, b / 1e6 / t1, b / 1e6 / t2, t1 / t2, m1 / m2 }'
}
{
  echo
  echo "| folder (many files) | MB/s -j 1 | MB/s -j 2 | speed-up (medians) | speed-up (fastest runs) |"
  echo "|---|---:|---:|---:|---:|"
  folder "statutes (Markdown), 10k list" "$statutes" --config "$scratch/cfg/hegui.toml" --select WL001
  folder "statutes (Markdown), default packs" "$statutes" --no-config
  if [ "$gen_mb" -gt 0 ]; then
    folder "generated, $gen_mb MB, default packs" "$scratch/gen" --no-config
    "$hegui" check "$scratch/gen" --no-config -j 1 --format jsonl -o "$scratch/gen.jsonl" >/dev/null 2>&1 || true
    planted=$(python3 benches/compare/planted.py "$scratch/gen" "$scratch/gen.jsonl" || echo "(planted.py failed)")
  fi
  draft=$(find fixtures/violations -name '*.md' | LC_ALL=C sort | head -n 1)
  ms=$(for ((r = 0; r < 21; r++)); do
    t0=$(date +%s%N); "$hegui" check "$draft" --no-config --format jsonl >/dev/null 2>&1 || true; t1=$(date +%s%N)
    echo $(((t1 - t0) / 1000000))
  done | median)
  echo
  echo "Start-up, one small draft ($draft), default packs: median of 21 runs ${ms} ms."
  if [ -n "${planted:-}" ]; then
    echo
    echo "Generated corpus ($gen_mb MB): terms gen_corpus.py planted, found by hegui (default packs) at their byte spans."
    echo
    echo "$planted"
  fi
  if [ -n "${DEDUP_N:-}" ]; then
    echo
    echo "Duplicate detection, $DEDUP_N articles (benches/dedup_scale.sh; datasketch MinHashLSH on the same articles):"
    echo
    echo '```'
    benches/dedup_scale.sh "$DEDUP_N" 2>&1 | grep -v '^{"bench":' || true
    echo '```'
  fi
  echo
  echo "Machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), load average $(cut -d' ' -f1-3 /proc/loadavg) at the end."
} >> "$result"
cat "$result"
