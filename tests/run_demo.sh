#!/bin/sh
# make run: open the TUI on the bundled samples (imported and scored into
# samples/demo.winnow.db the first time, with a gauge). Without a terminal it prints a
# short CLI tour of the same project instead.
set -e
W=${1:-./winnow}
DB=${WINNOW_DEMO_DB:-samples/demo.winnow.db}
FILES="samples/alpaca.json samples/dolly.jsonl samples/sharegpt.json samples/messages.jsonl
       samples/prompt_completion.jsonl samples/text.jsonl"
if [ -t 0 ] && [ -t 1 ]; then
	# shellcheck disable=SC2086
	exec "$W" tui --db "$DB" $FILES
fi
echo "(no terminal here, so no TUI: run 'make run' in a terminal, or"
echo " '$W tui --db $DB'; this is the command-line tour instead)"
echo
# shellcheck disable=SC2086
"$W" import $FILES --db "$DB" --quiet
"$W" score --db "$DB" --quiet
"$W" stats --db "$DB"
echo
echo "\$ winnow search 'response:refund OR sorry' --db $DB --limit 5"
"$W" search 'response:refund OR sorry' --db "$DB" --limit 5 || true
echo
echo "\$ winnow show 1 --db $DB"
"$W" show 1 --db "$DB"
echo
echo "Try: $W tui --db $DB (in a terminal), $W search --help, $W export --all -o out.jsonl"
