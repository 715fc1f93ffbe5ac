#!/bin/sh
# The committed samples/ must be exactly what the generator writes (so it stays the truth).
set -u
T=$(mktemp -d "${TMPDIR:-/tmp}/winnow-samples-XXXXXX")
trap 'rm -rf "$T"' EXIT
pass=0 fail=0
"${BUILD:-build}/gen_samples" "$T" >/dev/null || { echo "samples: 0 passed, 1 failed"; exit 1; }
for f in "$T"/*; do
	b=$(basename "$f")
	if cmp -s "$f" "samples/$b"; then pass=$((pass + 1)); else fail=$((fail + 1)); echo "FAIL samples/$b differs from the generator's output (run make samples)"; fi
done
echo "samples: $pass passed, $fail failed"
[ "$fail" = 0 ]
