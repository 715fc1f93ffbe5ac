#!/bin/sh
# tests/run.sh: every suite; the last line is "N passed, N failed" over all of them.
set -u
BUILD=${BUILD:-build}
WINNOW=${WINNOW:-./winnow}
export WINNOW BUILD
log=$(mktemp "${TMPDIR:-/tmp}/winnow-tests-XXXXXX")
trap 'rm -f "$log"' EXIT
status=0
"$BUILD/unit_tests" 2>&1 | tee -a "$log" || status=1
sh tests/cli/run.sh 2>&1 | tee -a "$log" || status=1
sh tests/samples_check.sh 2>&1 | tee -a "$log" || status=1
sh tests/tui/run.sh 2>&1 | tee -a "$log" || status=1
passed=$(sed -n 's/^[a-z]*: \([0-9]*\) passed, \([0-9]*\) failed$/\1/p' "$log" | awk '{s+=$1} END {print s+0}')
failed=$(sed -n 's/^[a-z]*: \([0-9]*\) passed, \([0-9]*\) failed$/\2/p' "$log" | awk '{s+=$1} END {print s+0}')
suites=$(grep -c '^[a-z]*: [0-9]* passed, [0-9]* failed$' "$log")
[ "$suites" = 4 ] || { echo "a suite did not finish ($suites of 4 reported)"; failed=$((failed + 1)); status=1; }
echo "$passed passed, $failed failed"
exit $status
