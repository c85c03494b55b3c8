#!/usr/bin/env bash
# Builds the seed corpus of the fuzz targets in DIRECTORY (default .build/fuzz-seeds): every golden
# script and lesson, the short scripts in fuzz/seeds (one statement each, of the forms the lessons
# reach only in long scripts), the regression inputs in fuzz/regressions, and the built-in fact
# file in small pieces (libFuzzer works best on small inputs).
set -euo pipefail
cd "$(dirname "$0")/.."
directory=${1:-.build/fuzz-seeds}
rm -rf "$directory"
mkdir -p "$directory"
count=0
add() {  # add NAME < content
  cat > "$directory/$1"
  count=$((count + 1))
}
for file in Tests/Golden/*.fq examples/*.fq examples/*/*.fq fuzz/seeds/* fuzz/regressions/*; do
  [ -f "$file" ] || continue
  add "$(echo "$file" | tr '/' '_')" < "$file"
done
# The built-in facts, 12 lines at a time.
split_prefix="$directory/article-facts-"
split -l 12 -d -a 3 Sources/FactQL/Resources/article.facts "$split_prefix"
count=$((count + $(ls "$split_prefix"* | wc -l)))
echo "$count seed inputs in $directory"
