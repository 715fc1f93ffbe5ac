# tests/tui/tmux.sh: the real binary in a real pseudo-terminal (tmux), sourced by
# tests/tui/run.sh (ok, bad, $WINNOW, fixture.winnow.db in the current folder). Keys go in
# with send-keys; the screen is read with capture-pane, polled until a deadline (never a
# bare sleep). Skipped, saying so, when tmux is not installed.

if ! command -v tmux >/dev/null 2>&1; then
	echo "tui: tmux tests skipped: tmux is not installed"
else

TM="tmux -L winnow-test-$$ -f /dev/null"
GEN=$ROOT/${BUILD:-build}/gen_samples

# tm_wait SESSION TEXT [SECONDS]: true once the screen shows TEXT.
tm_wait() {
	i=0
	while [ "$i" -lt $((${3:-10} * 20)) ]; do
		$TM capture-pane -p -t "$1" 2>/dev/null | grep -qF -- "$2" && return 0
		i=$((i + 1))
		sleep 0.05
	done
	echo "    (waited for '$2'; the screen was:)"
	$TM capture-pane -p -t "$1" 2>/dev/null | sed 's/^/    | /' | head -40
	return 1
}

# tm_exit FILE [SECONDS]: the exit code the pane's command wrote to FILE.
tm_exit() {
	i=0
	while [ ! -s "$1" ] && [ "$i" -lt $((${2:-10} * 20)) ]; do
		i=$((i + 1))
		sleep 0.05
	done
	cat "$1" 2>/dev/null
}

# tm_start NAME COLS ROWS ENV ARGS...: run winnow in a new session; its exit code goes to
# NAME.exit.
tm_start() {
	name=$1 cols=$2 rows=$3 envs=$4
	shift 4
	rm -f "$name.exit"
	$TM new-session -d -s "$name" -x "$cols" -y "$rows" \
		"env $envs TERM=xterm-256color $WINNOW $*; echo \$? >$T/$name.exit; sleep 30"
}

cp fixture.winnow.db tm.winnow.db

# ---- browse, search, open, resize, too small, quit ----
tm_start a 100 30 "" tui --db tm.winnow.db
tm_wait a "1/1,150" && ok || bad "tmux_first_screen"
$TM send-keys -t a j j
tm_wait a "3/1,150" && ok || bad "tmux_keys_move"
$TM send-keys -t a / capital Enter
tm_wait a "/capital: 63 hits" && ok || bad "tmux_search"
$TM send-keys -t a Enter
tm_wait a "── user" && ok || bad "tmux_open_sample"
$TM send-keys -t a q
tm_wait a "resp_words" && ok || bad "tmux_back_to_list"
$TM resize-window -t a -x 60 -y 15
tm_wait a "resp_ttr flags" && ok || bad "tmux_resize_relayout"
[ "$($TM capture-pane -p -t a | wc -l)" = 15 ] && ok || bad "tmux_resize_rows"
$TM resize-window -t a -x 30 -y 8
tm_wait a "Terminal too small: 30x8" && ok || bad "tmux_too_small"
$TM resize-window -t a -x 100 -y 30
tm_wait a "dup_size" && ok || bad "tmux_resize_back"
$TM send-keys -t a : 20 Enter Enter
tm_wait a "这本书多少钱" && ok || bad "tmux_utf8_cjk"
$TM send-keys -t a q q
[ "$(tm_exit a.exit)" = 0 ] && ok || bad "tmux_quit"

# ---- colours, and NO_COLOR ----
tm_start c 100 30 "-u NO_COLOR" tui --db tm.winnow.db
tm_wait c "1/1,150" && $TM capture-pane -e -p -t c | grep -q "$(printf '\033')\[3[0-7]m" &&
	ok || bad "tmux_colours"
$TM send-keys -t c q
tm_exit c.exit >/dev/null
tm_start n 100 30 "NO_COLOR=1" tui --db tm.winnow.db
tm_wait n "1/1,150" && ! $TM capture-pane -e -p -t n | grep -q "$(printf '\033')\[[34][0-7]m" &&
	ok || bad "tmux_no_color"
$TM send-keys -t n q
tm_exit n.exit >/dev/null

# ---- a decision is on disk at once: SIGKILL right after the key ----
tm_start k 100 30 "WINNOW_CURATOR=killed" tui --db tm.winnow.db
tm_wait k "1/1,150"
$TM send-keys -t k j a
if tm_wait k "✓1 ✗0"; then
	shell=$($TM display -p -t k '#{pane_pid}')
	kill -KILL $(pgrep -P "$shell") 2>/dev/null	# winnow, the pane shell's child
	tm_exit k.exit >/dev/null
	"$WINNOW" log --db tm.winnow.db --curator killed --jsonl >log.txt 2>&1
	grep -q '"sample":2,"curator":"killed".*"new":"accept"' log.txt && ok ||
		{ bad "tmux_kill_keeps_decision"; cat log.txt; }
else
	bad "tmux_kill_keeps_decision (no decision shown)"
fi

# ---- the list's columns are saved at once: SIGKILL right after Enter, then a new session ----
tm_start s 100 30 "WINNOW_CURATOR=colkill" tui --db tm.winnow.db
tm_wait s "1/1,150"
$TM send-keys -t s C j Enter
if tm_wait s "[x] prompt_chars"; then
	shell=$($TM display -p -t s '#{pane_pid}')
	kill -KILL $(pgrep -P "$shell") 2>/dev/null	# winnow, the pane shell's child
	tm_exit s.exit >/dev/null
	tm_start s2 100 30 "WINNOW_CURATOR=colkill" tui --db tm.winnow.db
	tm_wait s2 "dup_size prompt_cha" && ok || bad "tmux_kill_keeps_columns"
	$TM send-keys -t s2 q
	[ "$(tm_exit s2.exit)" = 0 ] && ok || bad "tmux_columns_quit"
else
	bad "tmux_kill_keeps_columns (no column shown)"
fi

# ---- long work: the import gauge, and Esc cancels it with nothing written ----
if [ -x "$GEN" ]; then
	"$GEN" --scale 150000 --from "$SAMPLES/alpaca.json" --out big.jsonl >/dev/null 2>&1
	tm_start g 100 30 "" tui big.jsonl --db big.winnow.db
	if tm_wait g "─ Importing" 20 && tm_wait g "Esc cancels" 20; then
		ok
		$TM send-keys -t g Escape
		[ "$(tm_exit g.exit 30)" = 130 ] && ok || bad "tmux_esc_exit_code"
		[ "$("$WINNOW" search --count --regex . --db big.winnow.db 2>/dev/null)" = 0 ] &&
			ok || bad "tmux_esc_nothing_imported"
	else
		bad "tmux_gauge"
	fi
else
	bad "tmux_gauge: $GEN is missing (make builds it)"
fi

# ---- the evaluation view: a transformer run draws its curves live; Esc cancels it ----
cp fixture.winnow.db ev.winnow.db
"$WINNOW" select --db ev.winnow.db >/dev/null 2>&1
tm_start e 100 40 "" tui --db ev.winnow.db
tm_wait e "1/1,150"
$TM send-keys -t e E T 2000000 Enter
tm_wait e "── running: transformer comparison · full: step" 30 && ok || bad "tmux_eval_running"
tm_wait e "◂ full" 60 && ok || bad "tmux_eval_live_curve"
$TM send-keys -t e Escape
tm_wait e "cancelled (stored as cancelled)" 30 && ok || bad "tmux_eval_esc"
"$WINNOW" eval --list --db ev.winnow.db 2>&1 | grep -q "gpt      cancelled" && ok ||
	bad "tmux_eval_stored_cancelled"
$TM send-keys -t e Q
[ "$(tm_exit e.exit)" = 0 ] && ok || bad "tmux_eval_quit"

$TM kill-server 2>/dev/null
fi
