# t_score_gpt.sh: winnow score --model CKPT, the gpt family (IFD under a model winnow
# trained). Sourced by tests/cli/run.sh in a fresh folder.
run sg_import 0 "$WINNOW" import "$SAMPLES/alpaca.jsonl" --db g.db --quiet
seq 1 2 200 >odd.txt
run sg_train 0 "$WINNOW" eval --db g.db --ids odd.txt --budget 20000 --layers 1 --heads 2 --width 16 --seq 64 --save-models m --quiet
# without a model the family is left out; naming it says what is missing
run sg_no_model 0 "$WINNOW" score --db g.db --quiet
run sg_no_model_no_values 0 sqlite3 g.db "SELECT count(*) FROM pragma_table_info('scores') WHERE name = 'gpt_ifd'"
expect_out 0
run sg_only_needs_model 2 "$WINNOW" score --db g.db --only gpt
expect_err "the gpt scorer needs a model: winnow score --model CKPT"
name=sg_only_needs_model_quiet; grep -q "null" out.txt && bad "printed a family that did not start" || ok
# with the model: every sample, the checkpoint's hash in the version
run sg_score 0 "$WINNOW" score --db g.db --model m/full.ckpt
hash=$(tail -c 64 m/full.ckpt | cut -c1-16)
expect_outc "gpt    200 samples in "; expect_outc "(version gpt-1:$hash)"
expect_outc "text   up to date"
run sg_values 0 sqlite3 g.db "SELECT count(gpt_ifd), sum(gpt_ifd > 0), sum(abs(gpt_ifd - gpt_loss / gpt_loss_alone) < 1e-9), sum(flag_gpt_misaligned = (gpt_ifd >= 1 AND prompt_chars > 0)) FROM scores"
expect_out "200|200|200|200"
run sg_again 0 "$WINNOW" score --db g.db --model m/full.ckpt
expect_outc "gpt    up to date (version gpt-1:$hash)"
# another model re-scores every sample
run sg_other_model 0 "$WINNOW" score --db g.db --model m/subset.ckpt
expect_outc "gpt    200 samples in "; expect_outc "(version gpt-1:$(tail -c 64 m/subset.ckpt | cut -c1-16))"
run sg_changed 0 sqlite3 g.db "SELECT count(DISTINCT v_gpt) FROM scores"
expect_out 1
# the filter language knows the new columns
run sg_filter 0 "$WINNOW" reject --db g.db --where 'flag_gpt_misaligned or gpt_ifd > 5' --curator t
# bad checkpoints
printf 'not a model' >bad.ckpt
run sg_bad_ckpt 3 "$WINNOW" score --db g.db --model bad.ckpt; expect_err "bad.ckpt: not a winnow model checkpoint"
run sg_missing_ckpt 4 "$WINNOW" score --db g.db --model none.ckpt; expect_err "none.ckpt: cannot open"
