# t_decide.sh: curator decisions from the command line: accept/reject/clear by ID and in
# bulk, undo/redo, the audit log, a kill in the middle, filter errors and bound values.
# Sourced by tests/cli/run.sh in a fresh folder (helpers: run, expect_out, ...).

# w ARGS...: winnow on d.db as curator alice (WINNOW_CURATOR), unless ARGS say otherwise.
w() { env WINNOW_CURATOR=alice "$WINNOW" "$@" --db d.db; }
# verdicts: "accepted rejected undecided" from winnow stats.
verdicts() { "$WINNOW" stats --db d.db | sed -n 's/^  \([0-9,]*\) accepted, \([0-9,]*\) rejected, \([0-9,]*\) undecided$/\1 \2 \3/p'; }

run d_import 0 "$WINNOW" import "$SAMPLES/alpaca.jsonl" --db d.db --quiet
run d_score 0 "$WINNOW" score --db d.db --quiet --threads 1

# ---- by ID ----
run d_accept 0 w accept 1 2 3 --reason "clean answer"
expect_out "Accepted 3 samples (action 1)."
run d_accept_again 0 w accept 2 3 4
expect_out "Accepted 1 sample (action 2); 2 were already accepted."
run d_accept_same 0 w accept 2 3
expect_out "Nothing changed: all are already accepted."
run d_reject 0 w reject 3 --note "second look" --curator bob
expect_out "Rejected 1 sample (action 3)."
run d_clear 0 w clear 4
expect_out "Cleared 1 sample (action 4)."
name=d_counts; [ "$(verdicts)" = "2 1 197" ] && ok || bad "verdicts: $(verdicts)"
run d_unknown_id 5 w accept 5 999; expect_err "no sample with id 999; nothing was changed"
name=d_unknown_wrote_nothing; [ "$(verdicts)" = "2 1 197" ] && ok || bad "verdicts: $(verdicts)"
run d_not_an_id 2 w accept 5 x7; expect_err "'x7' is not a sample ID"
run d_ids_and_where 2 w accept 5 --where dup_rep; expect_err "not both"
run d_nothing 2 w reject; expect_err "give sample IDs"

# ---- the log (time stamps vary: compare without them) ----
run d_log 0 w log
sed 's/  20[0-9-]*T[0-9:]*Z  / TIME /' out.txt >log1.txt
printf '%s\n' \
'     1 TIME alice       action 1    decide sample 1       none -> accept  reason: clean answer' \
'     2 TIME alice       action 1    decide sample 2       none -> accept  reason: clean answer' \
'     3 TIME alice       action 1    decide sample 3       none -> accept  reason: clean answer' \
'     4 TIME alice       action 2    decide sample 4       none -> accept' \
'     5 TIME bob         action 3    decide sample 3       accept -> reject  note: second look' \
'     6 TIME alice       action 4    decide sample 4       accept -> none' >want_log.txt
name=d_log_lines; same log1.txt want_log.txt
run d_log_bob 0 w log --curator bob --jsonl
name=d_log_jsonl; if grep -q '^{"seq":5,"action":3,"sample":3,"curator":"bob","at":"20[0-9-]*T[0-9:]*Z","kind":"decide","old":"accept","new":"reject","reason":null,"note":"second look","query":null}$' out.txt && [ "$(wc -l <out.txt)" = 1 ]; then ok; else bad "jsonl: $(cat out.txt)"; fi
run d_log_sample 0 w log --sample 4 --jsonl
name=d_log_sample_lines; [ "$(wc -l <out.txt)" = 2 ] && ok || bad "2 entries for sample 4"
run d_log_limit 0 w log --limit 1 --jsonl; expect_outc '"seq":6,'
run d_log_future 0 w log --since 2999-01-01
name=d_log_future_empty; [ ! -s out.txt ] && ok || bad "entries after 2999"
run d_log_recent 0 w log --since 1h --jsonl
name=d_log_recent_lines; [ "$(wc -l <out.txt)" = 6 ] && ok || bad "6 entries in the last hour"
run d_log_bad_since 2 w log --since yesterday; expect_err "--since takes a UTC time"

# ---- bulk actions, and undo of a bulk action as one step ----
run d_bulk_where 0 w reject --where 'flag_empty or flag_refusal' --reason broken
expect_outc "samples matched; rejected"
bulk_n=$(sed -n 's/^\([0-9]*\) samples matched.*/\1/p' out.txt)
name=d_bulk_some; [ "${bulk_n:-0}" -gt 2 ] && ok || bad "matched: $(cat out.txt)"
run d_bulk_log 0 w log --limit 1; expect_outc "[--where flag_empty or flag_refusal]"
cp log1.txt before_undo.txt
run d_undo_bulk 0 w undo
expect_out "Undid action 5: $bulk_n samples changed (action 6)."
name=d_undo_restores; [ "$(verdicts)" = "2 1 197" ] && ok || bad "verdicts: $(verdicts)"
run d_redo_bulk 0 w redo; expect_out "Redid action 5: $bulk_n samples changed (action 7)."
run d_undo_again 0 w undo
run d_undo_more 0 w undo; expect_out "Undid action 4: 1 sample changed (action 9)."
name=d_undo_back_to_accept; [ "$(verdicts)" = "3 1 196" ] && ok || bad "verdicts: $(verdicts)"
run d_undo_bob 0 w undo --curator bob; expect_out "Undid action 3: 1 sample changed (action 10)."
run d_undo_carol 0 w undo --curator carol; expect_out "Nothing to undo for carol."
run d_redo_none 0 env WINNOW_CURATOR=dave "$WINNOW" redo --db d.db; expect_out "Nothing to redo for dave."
# the audit log is never rewritten: what was there is still there, word for word
run d_log_after 0 w log
sed 's/  20[0-9-]*T[0-9:]*Z  / TIME /' out.txt | head -6 >log2.txt
name=d_log_kept; same log2.txt want_log.txt
name=d_log_grew; [ "$(wc -l <out.txt)" = $((6 + 4 * bulk_n + 1 + 1)) ] && ok || bad "$(wc -l <out.txt) entries"
run d_search_bulk 0 w accept --search 'response:sleep' --where 'resp_words > 5'
expect_outc "matched; accepted"

# ---- filters: errors give the offset and suggest names; values are bound, not pasted ----
run d_filter_unknown 2 w accept --where 'resp_word > 3'
expect_err "filter: offset 0: unknown name 'resp_word'; did you mean 'resp_words'?"
run d_filter_refusal 2 w accept --where 'refusal'; expect_err "did you mean 'flag_refusal'?"
run d_filter_syntax 2 w accept --where 'resp_words >= 5 and (flag_dup'
expect_err "filter: offset 29: expected ')', found the end"
run d_filter_value 2 w accept --where 'resp_words >= five'
expect_err "offset 14: expected a number after '>=', found 'five'"
run d_filter_regex 2 w accept --where "regex(response, '[a-')"
expect_err "bad regex: missing terminating ] for character class"
run d_filter_fts 2 w accept --search 'sleep AND'; expect_err "syntax error"
before=$(verdicts)
run d_filter_quotes 0 w accept --where "note_lang == 'x'' OR ''1''=''1' or note_lang == \"en\"\" OR 1=1 --\""
expect_out "0 samples matched; nothing changed."
run d_filter_dataset 0 w accept --where "dataset == 'alpaca.jsonl''; DROP TABLE audit; --'"
expect_out "0 samples matched; nothing changed."
name=d_filter_quotes_harmless; [ "$(verdicts)" = "$before" ] && ok || bad "verdicts changed"
run d_filter_lang 0 w clear --where "lang == 'en' and verdict == accept" --quiet
name=d_filter_lang_quiet; [ ! -s out.txt ] && ok || bad "--quiet printed"
name=d_filter_cleared; [ "$(verdicts | cut -d' ' -f1)" = 0 ] && ok || bad "verdicts: $(verdicts)"

# ---- a process killed in the middle loses nothing it committed ----
# One accept per process in a loop; kill the loop and the running winnow once 20 are logged.
(
	i=1
	while [ $i -le 150 ]; do
		env WINNOW_CURATOR=kim "$WINNOW" accept $i --quiet --db d.db &
		echo $! >cur.pid
		wait $! || exit 1
		i=$((i + 1))
	done
) 2>kill.err &
loop=$!
tries=0
while [ "$(w log --curator kim --jsonl 2>/dev/null | wc -l)" -lt 20 ] && [ $tries -lt 2000 ]; do
	tries=$((tries + 1))
done
kill -9 "$loop" 2>/dev/null
kill -9 "$(cat cur.pid)" 2>/dev/null
wait "$loop" 2>/dev/null
name=d_kill_readers_never_failed_writers; [ ! -s kill.err ] && ok || bad "$(head -3 kill.err)"
name=d_kill_log_vs_verdicts
logged=$(w log --curator kim --jsonl | wc -l)
acc=$(verdicts | cut -d' ' -f1)
if [ "$logged" -ge 20 ] && [ "$logged" -lt 150 ] && [ "$acc" = "$logged" ]; then ok; else bad "logged $logged, accepted $acc"; fi
run d_kill_then_undo 0 w undo --curator kim; expect_outc ": 1 sample changed (action"
name=d_kill_then_undo_count; [ "$(verdicts | cut -d' ' -f1)" = $((logged - 1)) ] && ok || bad "verdicts: $(verdicts)"
