# t_lm.sh: the lm and rel scorer families from the command line (sourced by run.sh).

run lm_import 0 "$WINNOW" import "$SAMPLES/alpaca.jsonl" --db lm.db --quiet
run lm_score 0 "$WINNOW" score --only lm --db lm.db
expect_outc "lm     200 samples in"
expect_outc "(version lm-1 n=200/200)"
run lm_again 0 "$WINNOW" score --only lm --db lm.db
expect_out "lm     up to date (version lm-1 n=200/200)"
run lm_scorers 0 "$WINNOW" scorers
expect_outc "lm_ifd"
expect_outc "flag_misaligned"
expect_outc "relevance"
run rel_score 0 "$WINNOW" score --only rel --db lm.db --quiet
run lm_export 0 "$WINNOW" scores export --db lm.db --format jsonl
name=lm_export_values
# Every sample has a finite perplexity >= 1 and a relevance in [-1, 1].
n=$(grep -c '"lm_resp_ppl":[0-9]' out.txt)
[ "$n" = 200 ] && ok || bad "$n rows with lm_resp_ppl, expected 200"
n=$(grep -c '"relevance":-\{0,1\}[0-9]' out.txt)
[ "$n" = 200 ] && ok || bad "$n rows with relevance, expected 200"

# New data changes the corpus, so the corpus-fitted families score everything again.
run lm_more 0 "$WINNOW" import "$SAMPLES/dolly.jsonl" --db lm.db --quiet
run lm_rescore 0 "$WINNOW" score --only lm,rel --db lm.db
expect_outc "lm     400 samples (version"
expect_outc "rel    400 samples (version"
expect_outc "scored together"

# --reference: fitted on another file; its hash is the version.
run lm_ref 0 "$WINNOW" score --only lm --reference "$SAMPLES/messages.jsonl" --db lm.db
expect_outc "lm     400 samples in"
expect_outc "(version lm-1 ref="
run lm_ref_again 0 "$WINNOW" score --only lm --reference "$SAMPLES/messages.jsonl" --db lm.db
expect_outc "up to date"
printf '{"instruction":"a","output":"b"}\n{"instruction": "c", "output": }\n' >badref.jsonl
run lm_ref_bad 3 "$WINNOW" score --only lm --reference badref.jsonl --db lm.db
expect_err "badref.jsonl:2:"
printf '{"instruction":"a","output":"b"}\n{"instruction":"c","output":["x"]}\n' >badref2.jsonl
run lm_ref_bad_field 3 "$WINNOW" score --only lm --reference badref2.jsonl --db lm.db
expect_err "badref2.jsonl:2: field 'output'"
run lm_ref_missing 4 "$WINNOW" score --only lm --reference nope.jsonl --db lm.db
expect_err "nope.jsonl"
# A failed reference changes nothing: the scores of the last good run stay.
run lm_ref_kept 0 "$WINNOW" score --only lm --reference "$SAMPLES/messages.jsonl" --db lm.db
expect_outc "up to date"
