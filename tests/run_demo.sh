#!/bin/sh
# make run: import the bundled samples into demo.winnow.db (once) and show what is there.
# (The curses TUI is the next step on the roadmap; until then this is the CLI tour.)
set -e
W=${1:-./winnow}
DB=${WINNOW_DEMO_DB:-samples/demo.winnow.db}
if [ ! -e "$DB" ]; then
	"$W" import samples/alpaca.json samples/dolly.jsonl samples/sharegpt.json \
		samples/messages.jsonl samples/prompt_completion.jsonl samples/text.jsonl --db "$DB"
fi
"$W" stats --db "$DB"
echo
echo "\$ winnow search 'response:refund OR sorry' --db $DB --limit 5"
"$W" search 'response:refund OR sorry' --db "$DB" --limit 5 || true
echo
echo "\$ winnow show 1 --db $DB"
"$W" show 1 --db "$DB"
echo
echo "Try: $W search --help, $W show ID, $W export --all -o out.jsonl (all with --db $DB)"
