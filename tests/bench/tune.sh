#!/bin/sh
# tests/bench/tune.sh: the speed of threshold tuning in the TUI on a scored project
# (`make bench` runs it after tests/bench/tui.sh; alone: WINNOW=./winnow sh
# tests/bench/tune.sh PROJECT.db). Drives `winnow tui --headless` through the thresholds
# view with $WINNOW_TUI_TIMING set, which records for each key the time until its screen
# is drawn. Target (issue 7, at 1M samples): every cut move, recount, histogram and
# margin under 50 ms. Opening the view reads every score into memory once (reported on
# its own line), as do the curator and overview screens their first time. Peak RSS from
# tests/bench/measure.c. The project is copied first: the script decides and saves.
set -u
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
WINNOW=${WINNOW:-./winnow}
DB=${1:?usage: tests/bench/tune.sh PROJECT.db}
T=$(mktemp -d "${TMPDIR:-/tmp}/winnow-tunebench.XXXXXX") || exit 1
trap '[ -n "${KEEP:-}" ] || rm -rf "$T"' EXIT
cc -O2 -o "$T/measure" "$ROOT/tests/bench/measure.c" || exit 1
cp "$DB" "$T/p.db" || exit 1
[ -f "$DB-wal" ] && cp "$DB-wal" "$T/p.db-wal"

# type TEXT: one unreported key per character (a space is <Space>, < is <lt>)
type() { echo "$1" | sed 's/./&\t-\n/g' | sed '/^$/d; s/^</<lt>/; s/^ /<Space>/'; }
# One key per line, each with the label it is reported under ("-": not reported).
cat >"$T/plan" <<EOF2
t	open the thresholds view (reads every score into memory)
l	move a cut one step (recount, margin)
l	one step again
L	ten steps
H	ten steps back
%	-
<C-u>	-
$(type 90)
<Enter>	a cut to a percentile (p90)
j	the next filter (its histogram, its margin)
k	back to the first
+	-
$(type "resp_words >= 5")
<Enter>	add a filter (recount, histogram, margin)
l	move the new cut
<Tab>	into the margin list
j	down the margin list
a	accept a margin sample (written, recounted)
r	reject the next one
u	undo that (every verdict read again)
r	reject it again
<Tab>	-
b	-
<C-u>	-
$(type "10%")
<Enter>	a 10% budget, file order (selection in memory)
w	-
<C-u>	-
$(type "resp_ttr")
<Enter>	rank by resp_ttr, 10% budget (selection in memory)
l	move a cut with the ranking and budget
V	scores against the curator (every AUC)
j	the next score (histograms, suggestion, preview)
y	apply its suggested cut (recount)
q	-
o	the overview: every score's histogram (first time)
l	the next score in the overview
<Enter>	scatter of two scores (braille)
m	only the accepted
q	-
q	-
s	-
$(type tuned)
<Enter>	save the recipe
EOF2
cut -f1 "$T/plan" | sed 's/^/key /' >"$T/keys"
WINNOW_TUI_TIMING=$T/times WINNOW_CURATOR=bench "$T/measure" "$T/m" "$WINNOW" tui --headless \
	--keys "$T/keys" --db "$T/p.db" --size 120x40 >/dev/null 2>"$T/err" || { cat "$T/err"; exit 1; }
read -r secs peak <"$T/m"
n=$("$WINNOW" search --count --regex . --db "$T/p.db" 2>/dev/null)
echo "== tune, $n samples: the thresholds view, headless, 120x40, ms from key to screen =="
awk -F'\t' 'NR == FNR { label[NR] = $2; next }
	FNR == 1 { next }
	label[FNR - 1] != "-" { split($0, f, " "); printf "%-60s %8.1f\n", label[FNR - 1], f[2] }' \
	"$T/plan" "$T/times"
printf "%-60s %8.1f\n" "peak RSS, MB (whole run)" "$peak"
printf "%-60s %8.2f\n" "whole run, s" "$secs"
