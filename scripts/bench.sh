#!/usr/bin/env bash
# Every benchmark in bench/, one after another (they would skew each other side by side), each run
# with tsx. Each prints its own table; the script fails if any of them does.
set -euo pipefail
cd "$(dirname "$0")/.."

status=0
for file in bench/*.bench.ts; do
  echo "== ${file}"
  npx tsx "${file}" || status=$?
  echo
done
exit "${status}"
