#!/usr/bin/env bash
# Hostile inputs through the whole binary: seconds (wall and user) and peak RSS per case, with a
# timeout and a memory cap, so a regression to quadratic time or unbounded memory shows as a
# number (or a timeout) here. Targets (issue 13): 64 MiB of findings ≤ 500 MB peak RSS; a 4 MB
# one-line HTML file with a finding every 100 characters ≤ 1 s.
#
#   benches/hostile.sh [OUT_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-target/hostile}"
mkdir -p "$out"
cargo build --release --locked -q
bin="$PWD/target/release/hegui"
python3 - "$out" <<'PY'
import os, sys
out = sys.argv[1]
unit = "这是全网最好的产品，" + "普" * 90          # 100 characters, one finding
def w(name, s):
    with open(os.path.join(out, name), "w", encoding="utf-8") as f:
        f.write(s)
for mb in (1, 4):
    n = mb * 1024 * 1024 // 300
    w(f"line{mb}mb.txt", unit * n)
    w(f"line{mb}mb.html", "<p>" + "".join("<span>" + unit + "</span>" for _ in range(n)) + "</p>")
w("entities-1e6.html", "<p>" + "&amp;" * 1_000_000 + "最好</p>")
w("unclosed-tags-300k.html", "<a " * 100_000)
w("unclosed-tags-1200k.html", "<a " * 400_000)
w("end-tags-400k.html", "</a " * 100_000)
w("table-1e5-columns.md", "|" + "|".join(["最好"] * 100_000) + "|\n|" + "|".join(["-"] * 100_000) + "|\n")
line = "全网最好，第一品牌！\n"
w("findings-64mib.txt", line * (64 * 1024 * 1024 // len(line.encode())))
PY
printf '%-26s %8s %8s %10s %6s\n' case wall_s user_s peak_MB exit
for f in "$out"/*.txt "$out"/*.html "$out"/*.md; do
  set +e
  /usr/bin/time -f '%e %U %M %x' -o "$out/.time" \
    bash -c "ulimit -v 4000000; timeout 120 '$bin' check --format json '$f' > /dev/null 2>&1"
  set -e
  read -r wall user kb code < <(tail -n 1 "$out/.time" | sed 's/^Command exited with non-zero status [0-9]*//')
  printf '%-26s %8s %8s %10d %6s\n' "$(basename "$f")" "$wall" "$user" "$((kb / 1024))" "$code"
done
