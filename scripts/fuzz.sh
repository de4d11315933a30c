#!/usr/bin/env bash
# Coverage-guided fuzzing of hegui's readers, normalizer, scanner, config, packs and corpus index
# (cargo-fuzz + libFuzzer; the targets are in fuzz/fuzz_targets/). Not part of CI: it is slow.
#
#   scripts/fuzz.sh [RUNS_PER_TARGET]     default 100000 executions per target
#
# Environment:
#   FUZZ_TARGETS="scan load"   only these targets (default: all of them)
#   FUZZ_SANITIZER=address     build with a sanitizer (default: none; hegui forbids unsafe code, and
#                              without AddressSanitizer the targets run about 5 times faster)
#   FUZZ_SECONDS=300           also stop each target after this many seconds (default: no limit), so
#                              slow targets (config, index) do not hold up the rest
#   FUZZ_TARGET_DIR=DIR        where the instrumented build goes (default: fuzz/target; a
#                              CARGO_TARGET_DIR set for the root crate is not used: other flags)
#
# One libFuzzer process per target, one target at a time (no -jobs/-workers); on a shared machine
# run it as `nice -n 19 scripts/fuzz.sh ...`.
#
# Corpora grow in fuzz/corpus/<target>/ (seeded from fuzz/seeds/ and fixtures/), crashes land in
# fuzz/artifacts/<target>/. Reproduce one with
#   cargo +nightly fuzz run -O -a -s none <target> fuzz/artifacts/<target>/<file>
# and shrink it with `cargo +nightly fuzz tmin -O -a -s none <target> <file>`.
# Prints a table of target, executions, seconds and crashes; exits 1 if any target crashed.
set -euo pipefail
cd "$(dirname "$0")/.."

RUNS="${1:-100000}"
if ! [[ "$RUNS" =~ ^[0-9]+$ ]]; then
  echo "usage: scripts/fuzz.sh [RUNS_PER_TARGET]" >&2
  exit 2
fi
ALL="decode extract_txt extract_markdown extract_html extract_docx normalize load scan config pack index"
TARGETS="${FUZZ_TARGETS:-$ALL}"
SANITIZER="${FUZZ_SANITIZER:-none}"
SECONDS_CAP="${FUZZ_SECONDS:-0}"
if ! [[ "$SECONDS_CAP" =~ ^[0-9]+$ ]]; then
  echo "FUZZ_SECONDS must be a number of seconds" >&2
  exit 2
fi
TARGET_DIR="${FUZZ_TARGET_DIR:-$PWD/fuzz/target}"
# Release build with debug assertions (overflow checks, debug_assert!), as libFuzzer expects.
FLAGS=(-O -a --sanitizer "$SANITIZER" --target-dir "$TARGET_DIR")

if ! rustup toolchain list | grep -q '^nightly'; then
  echo "cargo-fuzz needs a nightly toolchain: rustup toolchain install nightly" >&2
  exit 2
fi
if ! cargo +nightly fuzz --version >/dev/null 2>&1; then
  echo "== installing cargo-fuzz"
  cargo install cargo-fuzz --locked
fi

echo "== build"
cargo +nightly fuzz build "${FLAGS[@]}"

# Seeds: the committed ones, plus the fixtures with the selector byte each target reads first.
seed() { # seed TARGET PREFIX FILE...
  local t="$1" prefix="$2"
  shift 2
  mkdir -p "fuzz/corpus/$t"
  for f in "$@"; do
    # Small seeds only: long ones slow every execution down and add little.
    [ -f "$f" ] && [ "$(wc -c <"$f")" -le 4096 ] || continue
    { printf "$prefix"; cat "$f"; } >"fuzz/corpus/$t/seed-$(basename "$f")"
  done
}
for t in $ALL; do
  mkdir -p "fuzz/corpus/$t"
  if [ -d "fuzz/seeds/$t" ]; then cp -n fuzz/seeds/"$t"/* "fuzz/corpus/$t/" 2>/dev/null || true; fi
done
txt=(fixtures/*/*.txt)
md=(fixtures/*/*.md)
html=(fixtures/*/*.html)
seed decode '' "${txt[@]}" "${md[@]}" "${html[@]}"
seed extract_txt '' "${txt[@]}"
seed extract_markdown '\000' "${md[@]}"
seed extract_html '' "${html[@]}"
seed normalize '' "${txt[@]}"
seed load '\000' "${txt[@]}"
seed load '\001' "${md[@]}"
seed load '\002' "${html[@]}"
seed scan '\000' "${txt[@]}"
seed scan '\001' "${md[@]}"
seed scan '\002' "${html[@]}"
seed pack '' wordlists/*/*.toml tests/data/evasion_pack.toml
seed index '\002' fixtures/clean/recipe-osmanthus-cake.txt fixtures/packs/share-bait.md

declare -a ROWS
FAILED=0
LOGS="fuzz/artifacts/logs"
mkdir -p "$LOGS"
for t in $TARGETS; do
  echo "== fuzz $t ($RUNS runs)"
  mkdir -p "fuzz/artifacts/$t"
  before=$(find "fuzz/artifacts/$t" -maxdepth 1 -type f | wc -l)
  start=$(date +%s)
  set +e
  cargo +nightly fuzz run "${FLAGS[@]}" "$t" "fuzz/corpus/$t" -- \
    -runs="$RUNS" -max_total_time="$SECONDS_CAP" -max_len=65536 -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
    >"$LOGS/$t.log" 2>&1
  rc=$?
  set -e
  secs=$(($(date +%s) - start))
  after=$(find "fuzz/artifacts/$t" -maxdepth 1 -type f | wc -l)
  crashes=$((after - before))
  # libFuzzer's final stats; a crashed run stops early, its last status line has the count.
  execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$LOGS/$t.log" | grep -o '[0-9]*$' | tail -n 1)
  if [ -z "$execs" ]; then
    execs=$(grep -o '^#[0-9]*' "$LOGS/$t.log" | tr -d '#' | tail -n 1)
  fi
  if [ "$rc" -ne 0 ] && [ "$crashes" -eq 0 ]; then
    crashes="?" # failed without an artifact (build error, out of memory in the runner)
  fi
  if [ "$rc" -ne 0 ] || [ "$crashes" != 0 ]; then
    FAILED=1
    echo "   $t failed (exit $rc), log: $LOGS/$t.log"
    grep -E 'panicked at|^SUMMARY|Test unit written' "$LOGS/$t.log" | head -n 5 | sed 's/^/   /'
  fi
  ROWS+=("$(printf '%-18s %12s %8s %8s' "$t" "${execs:-0}" "$secs" "$crashes")")
done

echo
printf '%-18s %12s %8s %8s\n' target executions seconds crashes
for r in "${ROWS[@]}"; do echo "$r"; done
exit "$FAILED"
