#!/usr/bin/env bash
# The benchmark of the README's "Performance" section, in one command (`make bench`):
# builds factql in release mode, generates the workload once per size (deterministic from the
# seed), then runs factql and sqlite3 alternately on the same files, checks every answer against
# the generator's, and prints a table of medians with the factql/sqlite3 ratios.
#
#   benchmarks/run.sh [--sizes 10000,100000,1000000] [--runs 7] [--repeats 25] [--check-only] [--only-import]
set -euo pipefail
cd "$(dirname "$0")/.."

missing=""
command -v sqlite3 >/dev/null 2>&1 || missing="$missing sqlite3"
command -v python3 >/dev/null 2>&1 || missing="$missing python3"
if [ -n "$missing" ]; then
  echo "installing:$missing"
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO=sudo
  $SUDO apt-get update && $SUDO apt-get install -y $missing
fi

make release >&2

sizes="10000,100000,1000000"
arguments=("$@")
for ((index = 0; index < ${#arguments[@]}; index++)); do
  if [ "${arguments[$index]}" = "--sizes" ]; then sizes="${arguments[$((index + 1))]}"; fi
done
seed=2024
# The workload's version (WORKLOAD_VERSION in generate.py): older files are generated again.
workload=4
# At the largest size, also the workload without since and until (UNTIMED_WORKLOAD_VERSION), whose
# load bench.py compares with this one's.
untimed_workload=2
last="${sizes##*,}"
generate() {  # folder, size, workload version, flags
  if ! grep -q "\"seed\": $seed" "$1/expected.json" 2>/dev/null \
    || ! grep -q "\"workload\": $3" "$1/expected.json" 2>/dev/null; then
    echo "generating $1 ..." >&2
    python3 benchmarks/generate.py "$2" "$1" --seed "$seed" "${@:4}"
  fi
}
for size in ${sizes//,/ }; do
  generate "benchmarks/data/$size" "$size" "$workload"
done
generate "benchmarks/data/$last-untimed" "$last" "$untimed_workload" --no-time

exec python3 benchmarks/bench.py .build/release/factql "$@"
