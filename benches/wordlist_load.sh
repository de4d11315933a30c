#!/usr/bin/env bash
# Loading a large `[[wordlists]]` list (issue 13: 10^6 terms in ≤ 5 s and ≤ 300 MB): wall, user
# and system seconds and peak RSS of `hegui check` with the compiled-lexicon cache off, cold (a
# fresh folder: compile and write) and warm (read back), on a one-line file with a config naming
# a deterministic list of N distinct random Han terms (2 to 6 characters over U+4E00–U+9FA5, seed
# 13), for each N given. Almost all of the time is loading: the article is 16 characters.
#
# usage: benches/wordlist_load.sh [N …]   (default: 100000 300000 1000000)
set -euo pipefail
cd "$(dirname "$0")/.."
sizes=${*:-100000 300000 1000000}
work=${TMPDIR:-/tmp}/hegui-wordlist-bench
mkdir -p "$work"
cargo build --release --quiet
bin=$PWD/target/release/hegui
printf '本店商品全网最低价，欢迎选购。\n' > "$work/small.txt"
printf '%-9s %-7s %8s %8s %8s %10s\n' terms cache wall_s user_s sys_s peak_MB
for n in $sizes; do
  if [ ! -f "$work/terms-$n.txt" ]; then
    python3 - "$work/terms-$n.txt" "$n" <<'PY'
import random, sys
out, n = sys.argv[1], int(sys.argv[2])
r = random.Random(13)
seen, terms = set(), []
while len(terms) < n:
    t = "".join(chr(0x4E00 + r.randrange(0x51A6)) for _ in range(r.choice((2, 3, 3, 4, 4, 4, 5, 6))))
    if t not in seen:
        seen.add(t)
        terms.append(t)
open(out, "w", encoding="utf-8").write("\n".join(terms) + "\n")
PY
  fi
  cat > "$work/hegui.toml" <<TOML
[[wordlists]]
path = "terms-$n.txt"
id = "USR001"
category = "custom"
severity = "error"
TOML
  # The compiled-lexicon cache: off, cold (a fresh folder: compile and write), warm (read).
  rm -rf "$work/cache"
  for mode in off cold warm; do
    flag=""
    [ "$mode" = off ] && flag="--no-cache"
    HEGUI_CACHE_DIR="$work/cache" /usr/bin/time -f '%e %U %S %M' -o "$work/time" "$bin" check "$work/small.txt" \
      --config "$work/hegui.toml" $flag > /dev/null 2>&1 || true
    read -r wall user sys kb < <(tail -n 1 "$work/time")
    printf '%-9s %-7s %8s %8s %8s %10d\n' "$n" "$mode" "$wall" "$user" "$sys" "$((kb / 1024))"
  done
done
