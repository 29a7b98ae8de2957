#!/usr/bin/env bash
# Compile time of the 200-table workload: `cargo build --release` of a crate holding
# the 200 structs with #[derive(Table)], with and without schema_core's `query`
# feature (typed queries), versus the same 200 plain structs.
# Dependencies are built first (schema_core once per feature set); each timed
# build recompiles only that crate (its build script regenerates the structs when
# SCHEMA_BENCH_STRUCTS changes, and the crate's source is touched).
# Usage: bench/compile-time.sh [rounds] [build|check]
#   (default 3 rounds of `cargo build --release`; prints the median of each)
set -euo pipefail
cd "$(dirname "$0")/.."
rounds="${1:-3}"
command="${2:-build}"
crate=schema-bench-compile-time

# mode name -> SCHEMA_BENCH_STRUCTS and cargo flags
modes=(plain derive derive+query)
structs() { case "$1" in plain) echo plain ;; *) echo derive ;; esac; }
flags() { case "$1" in derive+query) echo "--features query" ;; *) echo "" ;; esac; }
build() {
    touch bench/compile-time/src/lib.rs
    # shellcheck disable=SC2046
    SCHEMA_BENCH_STRUCTS=$(structs "$1") cargo "$command" --release -q -p "$crate" $(flags "$1")
}

for mode in "${modes[@]}"; do build "$mode"; done

declare -A times
for round in $(seq "$rounds"); do
    for mode in "${modes[@]}"; do
        start=$(date +%s.%N)
        build "$mode"
        end=$(date +%s.%N)
        t=$(echo "$end - $start" | bc)
        times[$mode]="${times[$mode]:-} $t"
        printf 'round %s: %-12s %6.2f s\n' "$round" "$mode" "$t"
    done
done

median() { tr ' ' '\n' | grep -v '^$' | sort -g | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
plain=$(echo "${times[plain]}" | median)
derive=$(echo "${times[derive]}" | median)
query=$(echo "${times[derive+query]}" | median)
printf '\n200 tables, cargo %s --release of the crate alone (median of %s):\n' "$command" "$rounds"
printf '  plain structs:                   %6.2f s\n' "$plain"
printf '  derived, query feature off:      %6.2f s\n' "$derive"
printf '  derived, query feature on:       %6.2f s\n' "$query"
printf '  the derive adds (query off):     %6.2f s\n' "$(echo "$derive - $plain" | bc)"
printf '  the query feature adds:          %6.2f s\n' "$(echo "$query - $derive" | bc)"
