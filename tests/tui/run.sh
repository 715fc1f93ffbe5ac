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

# run_sessions KEYS SIZE: run the key script on t.winnow.db. A line `# session: [VAR=value...]`
# starts another winnow process on the same project (with those variables set), so a
# script can check what a project keeps from one session to the next; each session's
# screens follow a line `=== session N`. Stops at the first session that fails.
run_sessions() {
	rm -f session.*
	awk '/^# session:/ { n++; sub(/^# session: */, ""); print > ("session." n ".env"); next }
		{ print > ("session." (n + 0) ".keys") }' "$1"
	: >out.raw
	i=0
	while [ -e "session.$i.keys" ] || [ -e "session.$i.env" ]; do
		touch "session.$i.keys"
		envs=$(cat "session.$i.env" 2>/dev/null)
		[ "$i" = 0 ] || echo "=== session $((i + 1))${envs:+ ($envs)}" >>out.raw
		env $envs "$WINNOW" tui --headless --keys "session.$i.keys" --db t.winnow.db \
			--size "$2" >>out.raw 2>err.txt || return $?
		i=$((i + 1))
	done
}

# ---- golden screens, one key script per view ----
for keys in "$DIR"/*.keys; do
	name=$(basename "$keys" .keys)
	rm -f t.winnow.db*
	cp fixture.winnow.db t.winnow.db
	size=$(sed -n 's/^# size: *//p' "$keys" | head -1)
	if grep -q '^# select: yes' "$keys"; then	# a stored selection: the recipe's verdicts
		"$WINNOW" select --db t.winnow.db >/dev/null 2>&1 || bad "$name: winnow select"
	fi
	run_sessions "$keys" "${size:-100x30}"
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

# ---- saved list columns: names no longer score columns are skipped (none left: the
#      defaults); on a read-only project file the choice is shown and said to be unsaved ----
printf 'dump list\n' >k.txt
if command -v sqlite3 >/dev/null 2>&1; then
	cp fixture.winnow.db s.winnow.db
	sqlite3 s.winnow.db "INSERT INTO settings VALUES ('tui.columns:tester', 'gone_a n_turns', 't')"
	"$WINNOW" tui --headless --keys k.txt --db s.winnow.db --size 100x10 >out.txt 2>&1
	sed -n 2p out.txt | grep -q '▲id v  n_turns flags  ' && ok || { bad "saved_columns_stale_skipped"; head -3 out.txt; }
	sqlite3 s.winnow.db "UPDATE settings SET value = 'gone_a gone_b'"
	"$WINNOW" tui --headless --keys k.txt --db s.winnow.db --size 100x10 >out.txt 2>&1
	sed -n 2p out.txt | grep -q '▲id v  resp_words  resp_ttr resp_compr…  dup_size flags' && ok ||
		{ bad "saved_columns_none_left_defaults"; head -3 out.txt; }
else
	echo "tui: stale saved columns not checked: the sqlite3 shell is not installed"
fi
# root writes to any file, so as root the read-only file is opened by nobody (setpriv)
as_other=""
[ "$(id -u)" = 0 ] && as_other="setpriv --reuid=65534 --regid=65534 --clear-groups"
if [ -z "$as_other" ] || command -v setpriv >/dev/null 2>&1; then
	mkdir ro && cp fixture.winnow.db ro/r.winnow.db && chmod 444 ro/r.winnow.db
	chmod 755 "$T" && chmod 777 ro	# SQLite makes r.winnow.db-shm beside it
	printf 'key C j <Enter>\ndump shown, not saved\nkey q\ndump list\n' >ro/k.txt
	(cd ro && $as_other env HOME="$T/ro" "$WINNOW" tui --headless --keys k.txt \
		--db r.winnow.db --size 100x12) >out.txt 2>err.txt
	code=$?
	if [ "$code" = 0 ] && grep -q '^columns not saved (.*readonly database); they last until you quit' out.txt &&
		grep -A1 -- '--- list' out.txt | grep -q 'dup_size prompt_cha' &&
		[ "$(grep -c 'columns not saved' out.txt)" = 1 ]
	then ok; else bad "read_only_project_columns (exit $code)"; cat out.txt err.txt | tail -20; fi
else
	echo "tui: read-only project not checked: running as root without setpriv"
fi

# ---- a real terminal ----
. "$DIR/tmux.sh"
. "$DIR/tmux_tune.sh"

echo "tui: $pass passed, $fail failed"
[ "$fail" = 0 ]
