#!/usr/bin/env bash
# Runs the hook of .pre-commit-hooks.yaml with the real `pre-commit` tool (`try-repo`, so the hook
# file of this checkout is used) in a temporary git repository: a staged advert must fail the hook
# with AD001, a clean article must pass. Uses the hegui in target/release (build it first).
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
export PATH="${CARGO_TARGET_DIR:-$repo/target}/release:$PATH"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
cd "$tmp"
git init -q .
printf '# 新品\n\n本品是最佳选择，欢迎选购。\n' >ad.md
printf '# 散步\n\n今天我们去公园散步，天气很好。\n' >clean.md
git add ad.md clean.md
set +e
out="$(pre-commit try-repo "$repo" hegui --files ad.md 2>&1)"
rc=$?
set -e
if [ "$rc" -eq 0 ] || ! grep -q 'ad.md:3:4: error\[AD001\]' <<<"$out"; then
  echo "pre-commit hook: expected a failure with AD001 on ad.md (exit $rc):" >&2
  echo "$out" >&2
  exit 1
fi
pre-commit try-repo "$repo" hegui --files clean.md >/dev/null
echo "pre-commit hook: fails on an advert, passes a clean article"
