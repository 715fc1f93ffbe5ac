# t_eval_external.sh: winnow eval --external (sourced by tests/cli/run.sh in a fresh
# folder). tests/eval/fake_trainer.sh stands in for a fine-tuning stack: its "loss" is
# eval rows / train rows, so the expected figures follow from the set sizes.
FAKE="sh $ROOT/tests/eval/fake_trainer.sh"
run ext_import 0 "$WINNOW" import "$SAMPLES/alpaca.jsonl" --db x.db --quiet
seq 1 2 200 >odd.txt

# usage errors, before anything runs or is stored
run ext_unknown_placeholder 2 "$WINNOW" eval --db x.db --ids odd.txt --external "$FAKE {train} {evl} {out} {model}"
expect_err "unknown placeholder '{evl}'"
run ext_needs_out 2 "$WINNOW" eval --db x.db --ids odd.txt --external "$FAKE {train} {eval}"
expect_err "must use {train}"
run ext_not_quick 2 "$WINNOW" eval --db x.db --ids odd.txt --quick --external "$FAKE {train} {eval} {out} {model}"
expect_err "does not go with --quick"
run ext_work_dir_alone 2 "$WINNOW" eval --db x.db --ids odd.txt --work-dir w
expect_err "--work-dir goes with --external"
run ext_none_stored 0 "$WINNOW" eval --db x.db --list
name=ext_none_stored_rows; [ "$(wc -l <out.txt)" = 1 ] && ok || bad "runs were stored"

# a run: the command sees its files (a work folder with a space, braces of awk and ${}
# left alone), the results come back and are stored like a built-in run
run ext_run 0 "$WINNOW" eval --db x.db --ids odd.txt --work-dir "work dir" \
	--external "$FAKE {train} {eval} {out} {model} env && awk '{ n++ } END { exit n < 1 }' \"\${WINNOW_DIR}/manifest.json\""
expect_outc "run 1: external, done"
expect_outc "full           180       55,111      180"
expect_outc "subset          92"
expect_outc "SDF = |subset| / |full| = 92 / 180 = 0.511"
# loss = 20 eval rows / train rows: full 20/180, subset 20/92, PIR = (20/180) / (20/92)
expect_outc "PIR = loss_full / loss_subset = 0.5111"
run ext_losses 0 sqlite3 x.db "SELECT model, printf('%.6f', loss), steps FROM eval_models WHERE run_id = 1 ORDER BY model"
expect_out "full|0.111111|180
random|0.217391|92
subset|0.217391|92"
run ext_curve 0 sqlite3 x.db "SELECT count(*), max(loss) FROM eval_curves WHERE run_id = 1 AND model = 'subset'"
expect_out "2|2.5"
run ext_config 0 sqlite3 x.db "SELECT json_extract(config, '\$.kind'), kind, status FROM eval_runs WHERE id = 1"
expect_out "external|external|done"
name=ext_work_dir_kept; [ -s "work dir/train_subset.jsonl" ] && [ -s "work dir/manifest.json" ] &&
	[ -s "work dir/result_random.json" ] && grep -q "fake trainer: subset" "work dir/subset.log" && ok || bad "work dir"
name=ext_sets_match_export; "$WINNOW" eval --db x.db --ids odd.txt --export-sets exp >/dev/null 2>&1
cmp -s exp/train_random.jsonl "work dir/train_random.jsonl" && cmp -s exp/eval.jsonl "work dir/eval.jsonl" && ok || bad "sets differ from --export-sets"

# a metric where higher is better; the temporary folder goes away after a success
run ext_accuracy 0 env TMPDIR="$PWD" "$WINNOW" eval --db x.db --ids odd.txt --external "$FAKE {train} {eval} {out} {model} accuracy"
expect_outc "PIR = subset vs full = 0.9127: the full-data model is better"
name=ext_temp_removed; [ -z "$(ls -d winnow-external.* 2>/dev/null)" ] && ok || bad "temporary folder left"

# failures: the run is stored as failed with the reason; the message names the log
run ext_fail 1 env TMPDIR="$PWD" "$WINNOW" eval --db x.db --ids odd.txt --external "$FAKE {train} {eval} {out} {model} fail-subset"
expect_err "the external command for the subset model exited with status 3; its output is in"
name=ext_fail_log_kept; grep -q "CUDA out of memory" winnow-external.*/subset.log && ok || bad "log not kept"
run ext_fail_stored 0 sqlite3 x.db "SELECT status, error LIKE '%exited with status 3%' FROM eval_runs WHERE id = 4"
expect_out "failed|1"
run ext_nowrite 3 "$WINNOW" eval --db x.db --ids odd.txt --work-dir w2 --external "$FAKE {train} {eval} {out} {model} nowrite"
expect_err "w2/result_full.json: the command exited with status 0 but wrote no result there"
run ext_badjson 3 "$WINNOW" eval --db x.db --ids odd.txt --work-dir w2 --external "$FAKE {train} {eval} {out} {model} badjson"
expect_err "w2/result_random.json: not a JSON object"
run ext_mixed 3 "$WINNOW" eval --db x.db --ids odd.txt --work-dir w2 --external "$FAKE {train} {eval} {out} {model} mixed"
expect_err "metric 'accuracy' (higher is better) differs from the full model's 'loss' (lower)"
run ext_failed_models_kept 0 sqlite3 x.db "SELECT r.status, count(m.model) FROM eval_runs r LEFT JOIN eval_models m ON m.run_id = r.id WHERE r.id = 6 GROUP BY r.id"
expect_out "failed|2"

# stopping a run (Ctrl-C or SIGTERM): the command's process group is ended, the run is
# marked cancelled
"$WINNOW" eval --db x.db --ids odd.txt --work-dir w3 --external "$FAKE {train} {eval} {out} {model} sleep" >c.out 2>c.err &
wpid=$!
i=0
while [ ! -s w3/sleeper.pid ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
kill -TERM $wpid
wait $wpid
rc=$?
name=ext_stop_exit; [ $rc = 130 ] && ok || bad "exit $rc after SIGTERM, expected 130"
name=ext_stop_child_ended; i=0
while kill -0 "$(cat w3/sleeper.pid)" 2>/dev/null && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
kill -0 "$(cat w3/sleeper.pid)" 2>/dev/null && bad "the command is still running" || ok
run ext_stop_stored 0 sqlite3 x.db "SELECT status FROM eval_runs ORDER BY id DESC LIMIT 1"
expect_out "cancelled"
