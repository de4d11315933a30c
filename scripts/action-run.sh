#!/usr/bin/env bash
# Runs `hegui check` for the GitHub Action (action.yml): annotations on standard output, a SARIF
# report if HEGUI_SARIF is set, and (through hegui itself) a Markdown step summary appended to
# $GITHUB_STEP_SUMMARY. Records the exit code in $GITHUB_OUTPUT as `exit-code` and exits 0, so
# the SARIF upload still runs; the action's last step fails on a non-zero code.
# Inputs (environment): HEGUI_PATHS (space-separated, default "."), HEGUI_FAIL_LEVEL,
# HEGUI_CONFIG, HEGUI_BASELINE, HEGUI_SARIF, HEGUI_ARGS; HEGUI_BIN (default: hegui on PATH).
set -uo pipefail
bin="${HEGUI_BIN:-hegui}"
read -r -a paths <<<"${HEGUI_PATHS:-.}"
args=(check --output-format github --fail-level "${HEGUI_FAIL_LEVEL:-error}")
if [ -n "${HEGUI_SARIF:-}" ]; then args+=(--output-format "sarif=${HEGUI_SARIF}"); fi
if [ -n "${HEGUI_CONFIG:-}" ]; then args+=(--config "${HEGUI_CONFIG}"); fi
if [ -n "${HEGUI_BASELINE:-}" ]; then args+=(--baseline "${HEGUI_BASELINE}"); fi
if [ -n "${HEGUI_ARGS:-}" ]; then read -r -a extra <<<"${HEGUI_ARGS}"; args+=("${extra[@]}"); fi
"$bin" "${args[@]}" -- "${paths[@]}"
code=$?
echo "exit-code=${code}" >>"${GITHUB_OUTPUT:-/dev/null}"
if [ "$code" -ge 2 ]; then echo "::error title=hegui::hegui exited ${code} (see the log)"; fi
exit 0
