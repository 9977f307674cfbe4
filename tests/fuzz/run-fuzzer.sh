#!/usr/bin/env bash
# tests/fuzz/run-fuzzer.sh HARNESS_BINARY SEED_CORPUS RUNS_OR_SECONDS [seconds]
# Runs one libFuzzer harness from the seed corpus (never written to: new inputs go to a temporary
# folder) and the known regressions, for a number of inputs, or for a number of seconds when the
# fourth argument is "seconds". Exit status: the fuzzer's (non-zero = a crash, leak or sanitizer
# finding, whose input is saved as crash-* in the current folder). Prints libFuzzer's final
# statistics (execs, coverage) on standard error.
set -euo pipefail
harness=$1 seeds=$2 amount=$3 unit=${4:-runs}
work=$(mktemp -d "${TMPDIR:-/tmp}/hrc-fuzz.XXXXXX")
trap 'rm -rf "$work"' EXIT
regressions=$(dirname "$0")/regressions
if [ "$unit" = seconds ]; then limit=(-max_total_time="$amount"); else limit=(-runs="$amount"); fi
# First every known regression must pass, then fuzz.
for r in "$regressions"/*; do [ -e "$r" ] && "$harness" "$r" >/dev/null 2>&1 || { [ -e "$r" ] && { echo "regression $r fails"; "$harness" "$r"; exit 1; }; }; done
exec "$harness" "${limit[@]}" -seed=1 -max_len=65536 -print_final_stats=1 -artifact_prefix="$PWD/" "$work" "$seeds"
