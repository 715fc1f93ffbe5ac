# t_select.sh: recipes, winnow select, why, export --selection with its manifest, on
# samples/alpaca.jsonl (ids are its line numbers) and the defects planted in it.
# Sourced by tests/cli/run.sh in a fresh folder (helpers: run, expect_out, ...).

s() { env WINNOW_CURATOR=sel "$WINNOW" "$@" --db s.db; }
final_of() { sed -n 's/^  final  *\([0-9,]*\) .*/\1/p' out.txt | tr -d ,; }
hash_of() { sed -n 's/.*(ids sha256 \([0-9a-f]*\)\.\.\.)$/\1/p' out.txt; }

run s_import 0 "$WINNOW" import "$SAMPLES/alpaca.jsonl" --db s.db --quiet
run s_score 0 "$WINNOW" score --db s.db --quiet --threads 1

# ---- the default recipe drops the planted defects the scores see, keeps every clean row ----
run s_default 0 s select
expect_outc "recipe default, seed 0"
expect_outc "  flags.flag_refusal"
expect_outc "Saved as selection 'default'"
h_default=$(hash_of)
grep '^alpaca.jsonl	' "$SAMPLES/defects.tsv" | cut -f2,3 >defects.txt
n_def=$(wc -l <defects.txt)
n_kept_def=$(grep -c -E '	(truncated|misaligned)$' defects.txt)
name=s_default_final; [ "$(final_of)" = $((200 - n_def + n_kept_def)) ] && ok || bad "final $(final_of), $n_def defects, $n_kept_def kept"
name=s_default_each_defect
while IFS='	' read -r line kind; do
	case $kind in truncated|misaligned) want=IN ;; *) want=OUT ;; esac
	got=$(s why "$line" | sed -n '1s/^sample [0-9]* is \([A-Z]*\) .*/\1/p')
	[ "$got" = "$want" ] || { bad "line $line ($kind): $got, expected $want"; continue; }
	ok
done <defects.txt
run s_why_dup 0 s why 49
expect_out "sample 49 is OUT of selection 'default' (recipe default, made $(s select --list | sed -n 's/^default  *default  *[0-9,]* of [0-9,]*  *\([0-9TZ:-]*\) .*/\1/p'))
  filter:   fails flags.flag_dup: not flag_dup
  curator:  no decision"
run s_why_clean 0 s why 1
expect_outc "sample 1 is IN selection 'default'"
expect_outc "  filters:  passes all 6 steps"
expect_outc "  recipe:   chosen"
run s_why_unknown 5 s why 999; expect_err "sample 999 was not in the project"
run s_select_again 0 s select
name=s_deterministic; [ "$(hash_of)" = "$h_default" ] && ok || bad "hash changed: $(hash_of)"
expect_outc "Replaced selection 'default'"

# ---- curator decisions win in both directions; undo restores the previous state ----
refusal=$(grep '	refusal$' defects.txt | head -1 | cut -f1)
run s_accept_defect 0 s accept "$refusal" --reason "a fine refusal"
run s_reject_clean 0 s reject 1 2
run s_select_curated 0 s select
expect_outc "+ accepted by a curator                     1"
expect_outc "- rejected by a curator                     2"
name=s_curated_final; [ "$(final_of)" = $((200 - n_def + n_kept_def - 1)) ] && ok || bad "final $(final_of)"
run s_why_accepted 0 s why "$refusal"
expect_outc "is IN selection"
expect_outc "  filter:   fails flags.flag_refusal: not flag_refusal"
expect_outc "  curator:  accepted, which wins over the recipe"
expect_outc "reason: a fine refusal"
run s_why_rejected 0 s why 2
expect_outc "is OUT of selection"; expect_outc "  recipe:   chosen"; expect_outc "  curator:  rejected"
run s_undo1 0 s undo
run s_undo2 0 s undo
run s_why_since 0 s why 2; expect_outc "  since:    now none; run 'winnow select' again"
run s_select_undone 0 s select
name=s_undo_restores; [ "$(hash_of)" = "$h_default" ] && ok || bad "hash after undo: $(hash_of)"

# ---- recipes: save, list, show, export, import, errors ----
cat >top.json <<'JSON'
{"description": "the 10 richest clean answers",
 "flags": {"flag_dup": false, "flag_refusal": false},
 "ranges": {"resp_words": {"min": 5}},
 "rank": [{"score": "resp_mtld"}, {"score": "resp_words", "direction": "higher", "weight": 0.5}],
 "budget": {"k": 10}}
JSON
run s_recipe_save 0 s recipe save top top.json; expect_out "Saved recipe 'top'."
run s_recipe_save_again 2 s recipe save top top.json; expect_err "use --force to replace it"
run s_recipe_force 0 s recipe save top top.json --force
run s_recipe_list 0 s recipe list
expect_outc "default              (built in)"
expect_outc "the 10 richest clean answers"
run s_recipe_show 0 s recipe show top
expect_outc '    {"score": "resp_words", "weight": 0.5, "direction": "higher"}'
expect_outc '  "budget": {"k": 10},'
cp out.txt shown.json
run s_recipe_export 0 s recipe export top -o exported.json
name=s_recipe_export_same; same exported.json shown.json
run s_recipe_import 0 s recipe import exported.json; expect_out "Saved recipe 'exported'."
run s_recipe_check 0 s recipe check exported.json
name=s_recipe_canonical_fixed_point; same out.txt shown.json
run s_recipe_default_reserved 2 s recipe save default top.json; expect_err "'default' is the built-in recipe"
printf '{"rank": "resp_mtld", "budjet": {"k": 3}}\n' >typo.json
run s_recipe_typo 3 s recipe save t typo.json; expect_err "typo.json: unknown key 'budjet'; did you mean 'budget'?"
printf '{"flags": {"flag_refusl": false}}\n' >typo2.json
run s_recipe_score_typo 3 s select typo2.json
expect_err "typo2.json: flags.flag_refusl: unknown score 'flag_refusl'; did you mean 'flag_refusal'?"
printf '{"filter": "resp_words >= five"}\n' >badf.json
run s_recipe_bad_filter 2 s select badf.json; expect_err "badf.json: filter[0]: offset 14: expected a number"
printf '{"diversity": {"method": "deita", "threshold": 0.2}, "rank": "resp_mtld"}\n' >deita.json
run s_deita 0 s select deita.json --name deita
expect_outc "left out by rank/diversity/budget"
i=1; while [ $i -le 200 ] && ! s why $i --selection deita 2>/dev/null | grep -q "left out by diversity"; do i=$((i + 1)); done
run s_why_deita 0 s why $i --selection deita; expect_outc "left out by diversity: within cosine distance 0.2 of sample "
run s_deita_again 0 s select deita.json --name deita2
name=s_deita_deterministic; h=$(s select --list | awk '$1 == "deita" { print $NF }'); [ -n "$h" ] && [ "$h" = "$(s select --list | awk '$1 == "deita2" { print $NF }')" ] && ok || bad "deita not deterministic"
printf '{"diversity": {"method": "kcenter"}, "budget": {"k": 20}}\n' >kc.json
run s_kcenter 0 s select kc.json --name kc; name=s_kcenter_final; [ "$(final_of)" = 20 ] && ok || bad "final $(final_of)"
"$WINNOW" import "$SAMPLES/alpaca.jsonl" --db nov.db --quiet 2>/dev/null
"$WINNOW" score --only text --db nov.db --quiet 2>/dev/null
run s_deita_needs_vectors 2 "$WINNOW" select deita.json --db nov.db
expect_err "need vectors: 200 of 200 candidates have none; run 'winnow score --only vec' first"
run s_recipe_rm 0 s recipe rm exported
run s_recipe_rm_missing 5 s recipe rm exported; expect_err "no recipe called 'exported'"
run s_select_missing_recipe 5 s select nosuch; expect_err "no recipe called 'nosuch'"

# ---- a ranked, budgeted selection; dry runs store nothing ----
run s_top_dry 0 s select top --dry-run
expect_outc "(dry run: nothing stored)"
run s_list_before 0 s select --list
name=s_dry_run_stored_nothing; if grep -q '^top ' out.txt; then bad "dry run stored"; else ok; fi
run s_top 0 s select top
expect_outc "chosen by the recipe                       10"
name=s_top_final; [ "$(final_of)" = 10 ] && ok || bad "final $(final_of)"
run s_why_rank 0 s why 1 --selection top
expect_outc "  rank:     "; expect_outc "by resp_mtld (higher is better, weight 1) + resp_words (higher is better, weight 0.5)"
run s_top_quiet 0 s select top --name topq --quiet
name=s_top_quiet_prints_nothing; [ ! -s out.txt ] && [ ! -s err.txt ] && ok || bad "printed: $(cat out.txt err.txt)"
run s_top_quiet_stored 0 s select --list
expect_outc "topq                 top                      10 of 200"
cp s.db u.db
run s_unscored_import 0 "$WINNOW" import "$SAMPLES/dolly.jsonl" --db u.db --quiet
run s_unscored_quiet 0 "$WINNOW" select --db u.db --quiet
expect_err "winnow select: warning: 200 samples have no value for"
name=s_unscored_quiet_no_report; [ ! -s out.txt ] && ok || bad "printed: $(cat out.txt)"

# ---- random baseline and cluster quotas (k-means clusters from winnow score) ----
printf '{"rank": "random", "budget": {"fraction": 0.25}, "seed": 1}\n' >rnd.json
run s_rnd1 0 s select rnd.json --name r1; h1=$(hash_of)
run s_rnd1b 0 s select rnd.json --name r1b; h1b=$(hash_of)
run s_rnd2 0 s select rnd.json --name r2 --seed 2; h2=$(hash_of)
name=s_random_seeded; [ -n "$h1" ] && [ "$h1" = "$h1b" ] && [ "$h1" != "$h2" ] && ok || bad "$h1 $h1b $h2"
name=s_random_size; [ "$(final_of)" = 50 ] && ok || bad "final $(final_of)"
run s_kmeans 0 s score --only kmeans --clusters 4 --seed 1 --quiet
printf '{"rank": "resp_mtld", "diversity": {"method": "cluster", "per_cluster": 2}}\n' >quota.json
run s_quota 0 s select quota.json
name=s_quota_final; [ "$(final_of)" = 8 ] && ok || bad "final $(final_of): 2 from each of 4 clusters expected"
i=1; while [ $i -le 200 ] && ! s why $i --selection quota 2>/dev/null | grep -q "left out by the quota"; do i=$((i + 1)); done
run s_why_quota 0 s why $i --selection quota; expect_outc "(2 per cluster)"; expect_outc "left out by the quota of cluster "

# ---- bulk decisions by recipe ----
run s_accept_recipe 0 s accept --recipe top --reason "top 10"
expect_out "10 samples matched; accepted 10 samples (action 5)."

# ---- export: the subset, its manifest, byte-identical twice, the complement ----
run s_export 0 s export --selection top -o top.jsonl
expect_err "wrote 10 rows to top.jsonl"
name=s_export_rows; [ "$(wc -l <top.jsonl)" = 10 ] && ok || bad "rows"
name=s_manifest_verifies
want=$(sed -n 's/.*"output": {.*"sha256": "\([0-9a-f]*\)"}$/\1/p' top.jsonl.manifest.json)
[ -n "$want" ] && [ "$(sha256sum top.jsonl | cut -c1-64)" = "$want" ] && ok || bad "manifest sha $want"
name=s_manifest_fields
for key in '"recipe": {' '"seed": 0' '"counts": {"samples": 200' '"ids_sha256": "' '"audit": {"last_seq": ' \
	'"inputs": [' '"sha256": "'"$(sha256sum "$SAMPLES/alpaca.jsonl" | cut -c1-64)"'"' '"text": "text-1"' '"winnow": "0.1.0"'; do
	grep -qF -- "$key" top.jsonl.manifest.json && ok || bad "manifest lacks $key"
done
cp top.jsonl t1; cp top.jsonl.manifest.json m1
run s_export_again 0 s export --selection top -o top.jsonl
name=s_export_identical; same top.jsonl t1
name=s_manifest_identical; same top.jsonl.manifest.json m1
run s_export_rejected 0 s export --selection top --rejected -o rest.json
name=s_rejected_rows; [ "$(grep -c '^{' rest.json)" = 190 ] && ok || bad "$(grep -c '^{' rest.json) rows"
grep -q '"rejected": true' rest.json.manifest.json && ok || bad "manifest says rejected"
run s_export_stdout 2 s export --selection top -o -; expect_err "manifest goes to OUT.manifest.json"
run s_export_nosel 5 s export --selection nope -o x.jsonl; expect_err "no selection called 'nope'"
absent x.jsonl
run s_select_rm 0 s select --rm r1b; expect_out "Removed selection 'r1b'."

# ---- export --to: rows rebuilt from their turns read back to the same turns ----
run s_conv_src 0 "$WINNOW" import "$SAMPLES/sharegpt.json" --db conv.db --quiet
for to in sharegpt messages; do
	run "s_to_$to" 0 "$WINNOW" export --all --to "$to" -o "to_$to.jsonl" --db conv.db
	run "s_to_${to}_import" 0 "$WINNOW" import "to_$to.jsonl" --db "back_$to.db" --quiet
	name="s_to_${to}_turns"
	for id in 1 7 42 150; do
		"$WINNOW" show "$id" --db conv.db | sed 1d >a.txt
		"$WINNOW" show "$id" --db "back_$to.db" | sed 1d >b.txt
		if cmp -s a.txt b.txt; then ok; else bad "sample $id differs after --to $to"; fi
	done
done
run s_to_alpaca_ids 0 sh -c "printf '1\n' | '$WINNOW' export --ids - --to alpaca -o - --db s.db"
expect_out "$(printf '{"instruction":%s,"input":"","output":%s}' "$(sed -n 1p "$SAMPLES/alpaca.jsonl" | sed 's/.*"instruction": *\("[^"]*"\).*/\1/')" "$(sed -n 1p "$SAMPLES/alpaca.jsonl" | sed 's/.*"output": *\("[^"]*"\).*/\1/')")"
run s_to_bad 2 "$WINNOW" export --all --to csv -o x.csv --db s.db; expect_err "--to is alpaca, sharegpt or messages"
run s_sel_to 0 s export --selection top --to messages -o topm.json
grep -q '"rows_as": "messages"' topm.json.manifest.json && ok || bad "manifest rows_as"
