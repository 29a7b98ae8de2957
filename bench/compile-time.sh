#!/usr/bin/env bash
# Compile time of the 200-table workload: `cargo build --release` of a crate holding
# the 200 structs with #[derive(Table)] versus the same 200 plain structs.
# Dependencies are built first; each timed build recompiles only that crate
# (its build script regenerates the structs when SCHEMA_BENCH_STRUCTS changes).
# Usage: bench/compile-time.sh [rounds] [build|check]
#   (default 3 rounds of `cargo build --release`; prints the median of each)
set -euo pipefail
cd "$(dirname "$0")/.."
rounds="${1:-3}"
command="${2:-build}"
crate=schema-bench-compile-time

SCHEMA_BENCH_STRUCTS=derive cargo "$command" --release -q -p "$crate"

declare -A times
for round in $(seq "$rounds"); do
    for mode in plain derive; do
        start=$(date +%s.%N)
        SCHEMA_BENCH_STRUCTS=$mode cargo "$command" --release -q -p "$crate"
        end=$(date +%s.%N)
        t=$(echo "$end - $start" | bc)
        times[$mode]="${times[$mode]:-} $t"
        printf 'round %s: %-6s %6.2f s\n' "$round" "$mode" "$t"
    done
done

median() { tr ' ' '\n' | grep -v '^$' | sort -g | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
plain=$(echo "${times[plain]}" | median)
derive=$(echo "${times[derive]}" | median)
printf '\n200 tables, cargo %s --release of the crate alone (median of %s):\n' "$command" "$rounds"
printf '  plain structs:   %6.2f s\n' "$plain"
printf '  derived structs: %6.2f s\n' "$derive"
printf '  the derive adds: %6.2f s\n' "$(echo "$derive - $plain" | bc)"
