# t_eval.sh: winnow eval (sourced by tests/cli/run.sh in a fresh folder).
run eval_import 0 "$WINNOW" import "$SAMPLES/alpaca.jsonl" --db e.db --quiet
seq 1 2 200 >odd.txt
run eval_no_ids 2 "$WINNOW" eval --db e.db; expect_err "give the subset: --ids FILE"
run eval_bad_equal 2 "$WINNOW" eval --db e.db --ids odd.txt --equal sometimes; expect_err "--equal is steps or epochs"
run eval_selection_missing 5 "$WINNOW" eval --db e.db --selection best --quick; expect_err "no selection called 'best'"
run eval_selection_and_ids 2 "$WINNOW" eval --db e.db --selection best --ids odd.txt; expect_err "give the subset once"
printf '1\n999\n' >unknown.txt
run eval_unknown_id 5 "$WINNOW" eval --db e.db --ids unknown.txt --quick; expect_err "no sample with id 999"
printf '1\nabc\n' >badids.txt
run eval_bad_ids 3 "$WINNOW" eval --db e.db --ids badids.txt --quick; expect_err "badids.txt:2: 'abc' is not a sample ID"
run eval_nothing_stored 0 "$WINNOW" eval --db e.db --list
name=eval_failed_runs_not_stored; [ "$(wc -l <out.txt)" = 1 ] && ok || bad "runs were stored"

# --quick: the report, then the stored run
run eval_quick 0 "$WINNOW" eval --db e.db --ids odd.txt --quick
expect_outc "run 1: ngram, done"
expect_outc "SDF = |subset| / |full| = 92 / 180 = 0.511"
expect_outc "PIR = loss_full / loss_subset = "
expect_outc "reference line PIR = 1.400 + 1.303 (SDF - 0.025) = 2.033"
cp out.txt quick1.txt
run eval_quick_again 0 "$WINNOW" eval --db e.db --ids odd.txt --quick
name=eval_quick_deterministic; sed 1d quick1.txt | grep -v '^config\|seconds' >q1; sed 1d out.txt | grep -v '^config\|seconds' >q2
awk '{ $5 = ""; print }' q1 >q1b; awk '{ $5 = ""; print }' q2 >q2b; same q1b q2b
run eval_list 0 "$WINNOW" eval --db e.db --list
expect_outc "   2  ngram    done"
run eval_show 0 "$WINNOW" eval --db e.db --show 1; expect_outc "held-out: split (20 samples)"
run eval_show_missing 5 "$WINNOW" eval --db e.db --show 9; expect_err "no evaluation run 9"
run eval_sql 0 sqlite3 e.db "SELECT count(*) FROM eval_models WHERE run_id = 1 AND loss > 0"; expect_out 3

# a held-out file in another format, read without importing it
run eval_eval_set 0 "$WINNOW" eval --db e.db --ids odd.txt --quick --eval-set "$SAMPLES/dolly.jsonl"
expect_outc "held-out: $SAMPLES/dolly.jsonl (200 samples)"
expect_outc "SDF = |subset| / |full| = 100 / 200 = 0.500"
run eval_eval_set_still_one_dataset 0 "$WINNOW" stats --db e.db; expect_outc "200 samples in 1 dataset"
printf '{"instruction":"a","output":"b"}\n{"instruction":"c"}\n' >badeval.jsonl
run eval_bad_eval_set 3 "$WINNOW" eval --db e.db --ids odd.txt --quick --eval-set badeval.jsonl
expect_err "badeval.jsonl:2: missing field 'output'"

# the transformer, tiny, equal epochs: the subset model trains on fewer tokens
run eval_gpt 0 "$WINNOW" eval --db e.db --ids odd.txt --budget 6000 --equal epochs --layers 1 --heads 2 --width 16 --seq 32 --threads 2 --save-models models
expect_outc "gpt, done"
name=eval_gpt_checkpoints; [ -s models/full.ckpt ] && [ -s models/subset.ckpt ] && [ -s models/random.ckpt ] && ok || bad "checkpoints missing"
name=eval_gpt_epochs; awk '$1 == "full" { f = $3 } $1 == "subset" { s = $3 } END { gsub(",", "", f); gsub(",", "", s); exit !(s + 0 < f + 0) }' out.txt && ok || bad "subset should train on fewer tokens"
run eval_gpt_curves 0 sqlite3 e.db "SELECT count(DISTINCT model) FROM eval_curves WHERE run_id = 4"; expect_out 3

# export the sets, import an external result
run eval_export 0 "$WINNOW" eval --db e.db --ids odd.txt --export-sets ext
expect_outc "run 5: wrote train_full.jsonl"
name=eval_export_rows; [ "$(wc -l <ext/train_full.jsonl)" = 180 ] && [ "$(wc -l <ext/eval.jsonl)" = 20 ] && ok || bad "row counts"
name=eval_export_manifest; grep -q '"run": 5' ext/manifest.json && grep -q "$(sha256sum <ext/train_subset.jsonl | cut -c1-64)" ext/manifest.json && ok || bad "manifest"
name=eval_export_disjoint; cut -d, -f1 ext/eval.jsonl | sort >e_ids; cut -d, -f1 ext/train_full.jsonl | sort >f_ids
[ -z "$(comm -12 e_ids f_ids)" ] && ok || bad "a held-out row is in the training set"
printf '{"run": 5, "metric": "accuracy", "direction": "higher", "full": 0.50, "subset": 0.55, "random": 0.44}\n' >result.json
run eval_import_result 0 "$WINNOW" eval --db e.db --import-result result.json
expect_outc "PIR = subset vs full = 1.1000: the subset model is better"
printf '{"run": 5, "full": "x", "subset": 1, "random": 1}\n' >badresult.json
run eval_import_bad 3 "$WINNOW" eval --db e.db --import-result badresult.json; expect_err "field 'full': expected a number"
printf '{"run": 1, "full": 1, "subset": 1, "random": 1}\n' >notext.json
run eval_import_not_external 2 "$WINNOW" eval --db e.db --import-result notext.json; expect_err "not exported"

run eval_bench 0 "$WINNOW" eval --bench 2 --layers 1 --width 16 --heads 2 --seq 16 --threads 1
expect_outc "tokens/s"

# a stored selection as the subset: its final ids, its hash recorded with the run
run eval_sel_score 0 "$WINNOW" score --db e.db --quiet
run eval_sel_select 0 "$WINNOW" select --db e.db --name best
"$WINNOW" export --db e.db --selection best -o best.jsonl >/dev/null 2>&1
run eval_sel 0 "$WINNOW" eval --db e.db --selection best --quick
expect_outc "subset: selection:best (sha256 $(sqlite3 e.db "SELECT substr(hash, 1, 16) FROM selections WHERE name = 'best'")...)"
run eval_sel_hash 0 sqlite3 e.db "SELECT r.selection, r.selection_hash = s.hash FROM eval_runs r, selections s WHERE s.name = 'best' ORDER BY r.id DESC LIMIT 1"
expect_out "selection:best|1"
name=eval_sel_sizes; n_sel=$(wc -l <best.jsonl)
run eval_sel_show 0 "$WINNOW" eval --db e.db --list
awk -v n="$n_sel" '$2 == "ngram" { sub_n = $6; full = $5 } END { exit !(sub_n < n + 0 && sub_n > 0 && full == 180) }' out.txt && ok || bad "subset size (selection has $n_sel rows)"
run eval_sel_export 0 "$WINNOW" eval --db e.db --selection best --export-sets selx
name=eval_sel_export_rows; [ "$(wc -l <selx/train_subset.jsonl)" -le "$n_sel" ] && grep -q '"selection": "selection:best"' selx/manifest.json && ok || bad "selection export"
