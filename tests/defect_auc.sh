#!/bin/sh
# tests/defect_auc.sh: how well each score finds the defects planted in samples/ (listed in
# samples/defects.tsv). Each sample file is its own project (the files share generated
# content, so together they would be duplicates of each other); the AUC of a score for a
# defect kind is the stratified one: the per-file AUCs averaged with weights n_pos * n_neg,
# i.e. the share of (defective, clean) pairs from the same file that the score orders
# right. Prints "kind<TAB>n<TAB>score<TAB>worse_when<TAB>auc" for the TOP best scores per kind.
# Usage: WINNOW=./winnow sh tests/defect_auc.sh [TOP]
set -eu
WINNOW=$(cd "$(dirname "${WINNOW:-./winnow}")" && pwd)/$(basename "${WINNOW:-./winnow}")
ROOT=$(cd "$(dirname "$0")/.." && pwd)
TOP=${1:-3}
T=$(mktemp -d "${TMPDIR:-/tmp}/winnow-auc-XXXXXX")
trap 'rm -rf "$T"' EXIT
for f in "$ROOT"/samples/*.json "$ROOT"/samples/*.jsonl; do
	name=$(basename "$f")
	grep -q "^$name	" "$ROOT/samples/defects.tsv" || continue
	"$WINNOW" import --db "$T/$name.db" --skip-bad --bad-report "$T/$name.bad" "$f" >/dev/null
	"$WINNOW" score --db "$T/$name.db" --quiet
	"$WINNOW" scores auc --db "$T/$name.db" --labels "$ROOT/samples/defects.tsv" --tsv \
		2>/dev/null | sed 1d >>"$T/all.tsv"
done
# Fields: kind score direction worse_when auc lo hi n_pos n_neg. A neutral score is put
# back to "high is worse" before averaging, and turned round at the end if below 0.5.
awk -F'\t' '{ a = $5; if ($3 == "-" && $4 == "low") a = 1 - a
	      w = $8 * $9; k = $1 SUBSEP $2; sum[k] += a * w; wt[k] += w; dir[k] = $3; way[k] = $4
	      npos[k] += $8 }
	END { for (k in sum) { split(k, p, SUBSEP); a = sum[k] / wt[k]; wh = way[k]
	      if (dir[k] == "-") { wh = a < 0.5 ? "low" : "high"; a = a < 0.5 ? 1 - a : a }
	      printf "%s\t%d\t%s\t%s\t%.3f\n", p[1], npos[k], p[2], wh, a } }' \
	"$T/all.tsv" | sort -t'	' -k1,1 -k5,5gr -k3,3 | awk -F'\t' -v top="$TOP" '$1 != last { n = 0; last = $1 } n++ < top'
