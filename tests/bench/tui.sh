#!/bin/sh
# tests/bench/tui.sh: the TUI's speed on a scored project (`make bench` runs it on each
# size after scoring; alone: WINNOW=./winnow sh tests/bench/tui.sh PROJECT.db).
# Drives `winnow tui --headless` through a fixed key script with $WINNOW_TUI_TIMING set,
# which records for each key the time until its screen is drawn, and the time to the
# first screen. Peak RSS from tests/bench/measure.c. Targets (issue 6, at 1M samples):
# first screen < 1 s, a key (scroll, jump, open, a filter on an indexed column) < 50 ms,
# full-text search first page < 200 ms, memory < 500 MB. The first sort by a column
# builds its index (once per column) and is reported on its own line.
set -u
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
WINNOW=${WINNOW:-./winnow}
DB=${1:?usage: tests/bench/tui.sh PROJECT.db}
T=$(mktemp -d "${TMPDIR:-/tmp}/winnow-tuibench.XXXXXX") || exit 1
trap '[ -n "${KEEP:-}" ] || rm -rf "$T"' EXIT
cc -O2 -o "$T/measure" "$ROOT/tests/bench/measure.c" || exit 1

mid=$("$WINNOW" search --count --regex . --db "$DB" 2>/dev/null | awk '{ printf "%d", $1 / 2 }')
# One key per line, each with the label it is reported under ("-": not reported).
cat >"$T/plan" <<EOF2
j	scroll one row
<PgDn>	scroll one page
G	jump to the last row
g	jump to the first row
:	-
$(echo "$mid" | sed 's/./&\t-\n/g' | sed '/^$/d')
<Enter>	jump to an id (the middle)
<Enter>	open a sample
J	next sample
q	back to the list
l	-
]	sort by resp_words (builds its index the first time)
j	scroll one row, sorted
<PgDn>	scroll one page, sorted
G	jump to the end, sorted
=	back to id order
/	-
w	-
a	-
t	-
e	-
r	-
<Enter>	full-text search 'water', first page
n	next hit
f	-
r	-
e	-
s	-
p	-
_	-
w	-
o	-
r	-
d	-
s	-
<lt>	-
3	-
<Enter>	filter resp_words < 3 (indexed)
a	accept one sample
u	undo it
EOF2
cut -f1 "$T/plan" | sed 's/^/key /' >"$T/keys"
WINNOW_TUI_TIMING=$T/times "$T/measure" "$T/m" "$WINNOW" tui --headless --keys "$T/keys" \
	--db "$DB" --size 120x40 >/dev/null 2>"$T/err" || { cat "$T/err"; exit 1; }
read -r secs peak <"$T/m"
echo "== tui, $(commas() { echo "$1" | awk '{ s = sprintf("%d", $1); while (s ~ /[0-9][0-9][0-9][0-9]/) sub(/[0-9][0-9][0-9]($|,)/, ",&", s); print s }'; }; commas $((mid * 2))) samples: headless, 120x40, ms from key to screen =="
awk -F'\t' 'NR == FNR { label[NR] = $2; next }
	FNR == 1 { split($0, f, " "); printf "%-52s %8.1f\n", "first screen (start, counts, distributions)", f[2]; next }
	label[FNR - 1] != "-" { split($0, f, " "); printf "%-52s %8.1f\n", label[FNR - 1], f[2] }' \
	"$T/plan" "$T/times"
printf "%-52s %8.1f\n" "peak RSS, MB (whole run)" "$peak"
printf "%-52s %8.2f\n" "whole run, s" "$secs"
