# tests/tui/tmux_tune.sh: the thresholds view in a real terminal (tmux), sourced by
# tests/tui/run.sh after tmux.sh, whose helpers it uses (tm_start, tm_wait, tm_exit).
# Open it from the list, move a cut to a percentile, decide in the margin, resize, open
# the curator screen, leave. Skipped without tmux, as tmux.sh is.
if command -v tmux >/dev/null 2>&1; then
TM="tmux -L winnow-tune-test-$$ -f /dev/null"	# a server of its own: tmux.sh killed its
cp fixture.winnow.db tt.winnow.db
tm_start tt 100 30 "WINNOW_CURATOR=tmux" tui --db tt.winnow.db
tm_wait tt "1/1,150" && ok || bad "tmux_tune_list"
$TM send-keys -t tt t
tm_wait tt "all filters keep 931 of 1,150" && ok || bad "tmux_tune_open"
$TM send-keys -t tt % C-u 50 Enter
tm_wait tt "all filters keep 924 of 1,150" && tm_wait tt "resp_dup10gram_frac <= 0 · at p49" &&
	ok || bad "tmux_tune_percentile"
$TM send-keys -t tt Tab a
tm_wait tt "#1,074 accepted" && tm_wait tt "✓1 ✗0" && tm_wait tt "final 925" && ok ||
	bad "tmux_tune_margin_accept"
$TM resize-window -t tt -x 70 -y 20
tm_wait tt "all filters keep 924" && ok || bad "tmux_tune_resize"
$TM send-keys -t tt V
tm_wait tt "the recipe against your 1 decisions" && ok || bad "tmux_tune_curator"
$TM send-keys -t tt q q
tm_wait tt "q again leaves" && ok || bad "tmux_tune_unsaved"
$TM send-keys -t tt q
tm_wait tt "samples │" && ok || bad "tmux_tune_back"
$TM send-keys -t tt Q
[ "$(tm_exit tt.exit)" = 0 ] && ok || bad "tmux_tune_quit"
$TM kill-server 2>/dev/null
fi
