# t_auc.sh: `winnow scores auc` on the planted defects of samples/ (tests/defect_auc.sh),
# and its bad-input errors. Sourced by tests/cli/run.sh.

# auc_at_least KIND SCORE MIN: the stratified AUC of SCORE for KIND is at least MIN.
auc_at_least() {
	name="auc_$1_$2"
	got=$(awk -F'\t' -v k="$1" -v s="$2" '$1 == k && $3 == s { print $5 }' auc.tsv)
	if [ -n "$got" ] && awk -v g="$got" -v m="$3" 'BEGIN { exit !(g >= m) }'; then ok
	else bad "AUC of $2 for $1 is '${got:-missing}', expected >= $3"; fi
}
WINNOW=$WINNOW sh "$ROOT/tests/defect_auc.sh" 100 >auc.tsv 2>auc.err
name=defect_auc_runs; [ -s auc.tsv ] && ok || bad "no output: $(head -3 auc.err)"
auc_at_least exact_dup flag_dup 0.99
auc_at_least near_dup flag_dup 0.95
auc_at_least placeholder flag_placeholder 0.99
auc_at_least empty_response flag_empty 0.95
auc_at_least refusal flag_refusal 0.99
auc_at_least repetitive resp_dup10gram_frac 0.99
auc_at_least repetitive resp_compress_ratio 0.99
auc_at_least truncated flag_truncated 0.7

"$WINNOW" import --db a.db "$SAMPLES/alpaca.jsonl" >/dev/null 2>&1
"$WINNOW" score --db a.db --quiet >/dev/null 2>&1
run auc_table 0 "$WINNOW" scores auc --db a.db --labels "$SAMPLES/defects.tsv" --top 1
expect_outc "placeholder"; name=auc_table_best; grep -q "flag_placeholder (high) *1.000 \[" out.txt && ok || bad "placeholder row: $(grep placeholder out.txt)"
expect_err "labels matched no sample"
printf 'id\tkind\n2\tbad\n3\tbad\n' >ids.tsv
run auc_by_id 0 "$WINNOW" scores auc --db a.db --labels ids.tsv --tsv
name=auc_by_id_rows; [ "$(awk -F'\t' '$1 == "bad"' out.txt | head -1 | cut -f8)" = 2 ] && ok || bad "2 positives expected"
printf 'file\tline\n' >hdr.tsv
run auc_bad_header 3 "$WINNOW" scores auc --db a.db --labels hdr.tsv; expect_err "hdr.tsv:1: header"
printf 'file\tline\tkind\nalpaca.jsonl\tx\tbad\n' >num.tsv
run auc_bad_line 3 "$WINNOW" scores auc --db a.db --labels num.tsv; expect_err "num.tsv:2: field 'line' is not a positive number"
run auc_missing_file 4 "$WINNOW" scores auc --db a.db --labels nosuch.tsv; expect_err "nosuch.tsv: cannot open"
run auc_needs_labels 2 "$WINNOW" scores auc --db a.db; expect_err "auc needs --labels"
"$WINNOW" import --db empty.db "$SAMPLES/alpaca.jsonl" >/dev/null 2>&1
run auc_no_scores 5 "$WINNOW" scores auc --db empty.db --labels ids.tsv; expect_err "run 'winnow score' first"
