#!/bin/sh
# tests/bench/defect_auc.sh: how well scores separate the planted defects of samples/
# (samples/defects.tsv) from the clean rows, as ROC AUC, per defect kind and score.
#
#   WINNOW=./winnow sh tests/bench/defect_auc.sh [FAMILIES [METRIC...]]
#
# Imports every sample file into a temp project, runs `winnow score --only FAMILIES`
# (default lm,rel) and, for each metric (default: every metric of those families) and
# each defect kind, prints the AUC: the chance that a random defective row looks worse
# on that metric than a random clean row (ties count half). "Worse" follows the
# metric's direction in the scorers table: higher for lower-is-better, flags and
# descriptive metrics; lower for higher-is-better. 0.5 is chance, 1.0 perfect. Clean =
# rows listed under no kind. Needs the sqlite3 shell.
set -u
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
WINNOW=${WINNOW:-./winnow}
FAMS=${1:-lm,rel}
[ $# -gt 0 ] && shift
T=$(mktemp -d "${TMPDIR:-/tmp}/winnow-auc.XXXXXX") || exit 1
trap 'rm -rf "$T"' EXIT
DB=$T/s.db

files=$(awk -F'\t' 'NR > 1 { print $1 }' "$ROOT/samples/defects.tsv" | sort -u | grep -v bad_utf8)
for f in $files; do
	"$WINNOW" import "$ROOT/samples/$f" --db "$DB" --quiet >/dev/null || exit 1
done
"$WINNOW" score --only "$FAMS" --db "$DB" --quiet || exit 1
sqlite3 -bail "$DB" >/dev/null <<SQL || exit 1
CREATE TABLE defects(file TEXT, line INTEGER, kind TEXT);
.mode tabs
.import '$ROOT/samples/defects.tsv' defects
DELETE FROM defects WHERE file = 'file';
SQL

metrics=$*
if [ -z "$metrics" ]; then
	list=$(echo "$FAMS" | sed "s/,/','/g")
	metrics=$(sqlite3 "$DB" "SELECT name FROM scorers WHERE family IN ('$list') ORDER BY rowid")
fi
kinds=$(sqlite3 "$DB" "SELECT DISTINCT kind FROM defects WHERE file IN (SELECT name FROM datasets) ORDER BY kind")

# auc: stdin "label value" lines (label 1 = defect), sorted by value; prints the AUC.
auc() {
	awk '{ v[NR] = $2; l[NR] = $1 } END {
		i = 1; rs = 0; p = 0; n = 0
		while (i <= NR) {
			j = i; while (j <= NR && v[j] == v[i]) j++
			for (k = i; k < j; k++) if (l[k] == 1) { rs += (i + j - 1) / 2; p++ } else n++
			i = j
		}
		if (p == 0 || n == 0) print "-"; else printf "%.3f", (rs - p * (p + 1) / 2) / (p * n)
	}'
}

printf '%-18s' metric
for k in $kinds; do printf ' %8.8s' "$k"; done
echo
for m in $metrics; do
	dir=$(sqlite3 "$DB" "SELECT direction FROM scorers WHERE name = '$m'")
	sign=1
	[ "$dir" = higher ] && sign=-1
	printf '%-18s' "$m"
	for k in $kinds; do
		a=$(sqlite3 -separator ' ' "$DB" "SELECT (d.kind IS NOT NULL), $sign * c.\"$m\"
			FROM samples s JOIN datasets ds ON ds.id = s.dataset_id
			JOIN scores c ON c.sample_id = s.id
			LEFT JOIN (SELECT DISTINCT file, line, kind FROM defects WHERE kind = '$k') d
			  ON d.file = ds.name AND d.line = s.line
			WHERE d.kind IS NOT NULL OR NOT EXISTS (SELECT 1 FROM defects x
			  WHERE x.file = ds.name AND x.line = s.line)
			ORDER BY 2" | auc)
		printf ' %8s' "$a"
	done
	echo
done
