#!/bin/sh
# TUI tests. Headless: every tests/tui/NAME.keys is a key script run by
# `winnow tui --headless` on a fresh copy of a project made from samples/ (imported and
# scored), and its screen dumps must equal NAME.screens (times masked). Then a few
# command-line checks, and tests/tui/tmux.sh drives the real binary in a terminal.
# Prints "tui: N passed, N failed". UPDATE=1 rewrites the .screens files instead.
set -u
WINNOW=$(cd "$(dirname "$WINNOW")" && pwd)/$(basename "$WINNOW")
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
DIR=$ROOT/tests/tui
SAMPLES=$ROOT/samples
T=$(mktemp -d "${TMPDIR:-/tmp}/winnow-tui-XXXXXX")
trap 'rm -rf "$T"' EXIT
cd "$T" || exit 1
export HOME="$T" TZ=UTC LC_ALL=C.UTF-8 NO_COLOR=1 WINNOW_CURATOR=tester
unset WINNOW_DB WINNOW_TUI_COLUMNS WINNOW_TUI_SEED
pass=0 fail=0

ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL $1"; }

# Decision and run times change every run: mask them (and nothing else); the evaluation
# view's training times are "%8.2fs".
mask() { sed -e 's/[0-9]\{4\}-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]Z/YYYY-MM-DDTHH:MM:SSZ/g' \
	-e 's/[ 0-9]\{4\}[0-9]\.[0-9][0-9]s\( \|$\)/    N.NNs\1/g'; }

"$WINNOW" import "$SAMPLES/alpaca.json" "$SAMPLES/dolly.jsonl" "$SAMPLES/sharegpt.json" \
	"$SAMPLES/messages.jsonl" "$SAMPLES/prompt_completion.jsonl" "$SAMPLES/text.jsonl" \
	--db fixture.winnow.db --quiet && "$WINNOW" score --db fixture.winnow.db --quiet --threads 2 ||
	{ echo "tui: cannot build the fixture project"; echo "tui: 0 passed, 1 failed"; exit 1; }

# ---- golden screens, one key script per view ----
for keys in "$DIR"/*.keys; do
	name=$(basename "$keys" .keys)
	rm -f t.winnow.db*
	cp fixture.winnow.db t.winnow.db
	size=$(sed -n 's/^# size: *//p' "$keys" | head -1)
	if grep -q '^# select: yes' "$keys"; then	# a stored selection: the recipe's verdicts
		"$WINNOW" select --db t.winnow.db >/dev/null 2>&1 || bad "$name: winnow select"
	fi
	"$WINNOW" tui --headless --keys "$keys" --db t.winnow.db --size "${size:-100x30}" \
		>out.raw 2>err.txt
	code=$?
	mask <out.raw >out.txt
	if [ "${UPDATE:-}" = 1 ]; then
		cp out.txt "$DIR/$name.screens"
	fi
	if [ "$code" != 0 ]; then
		bad "$name: exit $code"; sed 's/^/    /' err.txt | head -5
	elif cmp -s out.txt "$DIR/$name.screens"; then
		ok
	else
		bad "$name: screens differ"; diff "$DIR/$name.screens" out.txt | head -30
	fi
done

# ---- start-up: a dataset file is imported and scored first; Esc cancels the import ----
cp "$SAMPLES/messages.jsonl" m.jsonl
printf 'dump after import\n' >k.txt
"$WINNOW" tui --headless --keys k.txt m.jsonl >out.txt 2>err.txt
if [ $? = 0 ] && grep -q "200 samples" out.txt && grep -q "imported and scored 200 samples" out.txt
then ok; else bad "import_then_list"; head -40 out.txt; fi
[ -e m.winnow.db ] && ok || bad "import_project_beside_input"
cp "$SAMPLES/dolly.jsonl" d.jsonl
printf 'key <Esc>\ndump never\n' >k.txt
"$WINNOW" tui --headless --keys k.txt d.jsonl >out.txt 2>err.txt
code=$?
if [ "$code" = 130 ] && grep -q "import cancelled; nothing was imported" err.txt &&
	[ "$("$WINNOW" search --count --regex . --db d.winnow.db 2>/dev/null)" = 0 ]
then ok; else bad "esc_cancels_import (exit $code)"; cat err.txt; fi

# ---- command line ----
"$WINNOW" tui --db fixture.winnow.db </dev/null >out.txt 2>err.txt
[ $? = 2 ] && grep -q "needs a terminal" err.txt && ok || bad "no_terminal"
"$WINNOW" tui --keys k.txt --db fixture.winnow.db </dev/null >out.txt 2>err.txt
[ $? = 2 ] && grep -q "keys needs --headless" err.txt && ok || bad "keys_without_headless"
printf 'key j\nfrobnicate\n' >k.txt
"$WINNOW" tui --headless --keys k.txt --db fixture.winnow.db >out.txt 2>err.txt
[ $? = 2 ] && grep -q "k.txt:2: unknown command 'frobnicate'" err.txt && ok || bad "bad_script_line"
printf 'key <Nope>\n' >k.txt
"$WINNOW" tui --headless --keys k.txt --db fixture.winnow.db >out.txt 2>err.txt
[ $? = 2 ] && grep -q "k.txt:1: unknown key '<Nope>'" err.txt && ok || bad "bad_key_name"
"$WINNOW" tui --headless --keys k.txt --db nope.winnow.db >out.txt 2>err.txt
[ $? = 5 ] && grep -q "no such project file" err.txt && ok || bad "missing_project"
"$WINNOW" tui --headless --size 10 --db fixture.winnow.db >out.txt 2>err.txt
[ $? = 2 ] && ok || bad "bad_size"

# ---- a real terminal ----
. "$DIR/tmux.sh"
. "$DIR/tmux_tune.sh"

echo "tui: $pass passed, $fail failed"
[ "$fail" = 0 ]
