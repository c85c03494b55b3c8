#!/usr/bin/env bash
# Fuzzes FactQL with libFuzzer: builds each target with --sanitize=fuzzer and runs it for SECONDS.
#
#   fuzz/run.sh [SECONDS] [TARGET...]     SECONDS defaults to 60; TARGETs to FuzzParser FuzzPipeline FuzzLoader
#
# The corpus grows in .build/fuzz-corpus/TARGET between runs (seeded by fuzz/seeds.sh). A crash
# stops the run with status 1 and leaves the input in .build/fuzz-artifacts/; replay it with
# `.build/fuzz/release/TARGET FILE`, or in a debug build with `swift run TARGET FILE`, then
# add it to fuzz/regressions/ and to the bad-input tests. See docs/ROBUSTNESS.md.
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=${1:-60}
shift || true
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then targets=(FuzzParser FuzzPipeline FuzzLoader); fi
case "$seconds" in
  '' | *[!0-9]*) echo "usage: fuzz/run.sh [SECONDS] [TARGET...]" >&2; exit 2 ;;
esac

# A release build of its own (the fuzzer instruments every module), apart from .build/release.
scratch=.build/fuzz
# Let libFuzzer catch crashes (and save the input) rather than Swift's backtracer.
export SWIFT_BACKTRACE=enable=no
for target in "${targets[@]}"; do
  swift build -c release --product "$target" --sanitize=fuzzer -Xswiftc -DFUZZING --scratch-path "$scratch"
done

fuzz/seeds.sh .build/fuzz-seeds
mkdir -p .build/fuzz-artifacts
status=0
for target in "${targets[@]}"; do
  corpus=.build/fuzz-corpus/$target
  mkdir -p "$corpus"
  echo "== $target: $seconds s"
  # -timeout: an input running longer than 10 s is a hang, reported like a crash.
  # -max_len: statements are short; long inputs only slow the search down.
  if ! "$scratch/release/$target" "$corpus" .build/fuzz-seeds \
    -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=4096 \
    -dict=fuzz/factql.dict -artifact_prefix=".build/fuzz-artifacts/$target-" \
    -print_final_stats=1; then
    echo "== $target found a problem: see .build/fuzz-artifacts/" >&2
    status=1
  fi
done
exit $status
