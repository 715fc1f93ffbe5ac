# t_vectors.sh: winnow score's vector steps: vec, knn, kmeans, dsir and their options.
# Sourced by tests/cli/run.sh in a fresh folder (helpers: run, expect_*, same, ok, bad).

run vec_import 0 "$WINNOW" import "$SAMPLES/alpaca.jsonl" --db v.db --quiet
run vec_steps 0 "$WINNOW" score --db v.db --only vec,knn,kmeans --clusters 4 --knn 5 --seed 7
expect_outc "vec    200 samples in"
expect_outc "knn    200 samples in"
expect_outc "(version knn-1 k=5 v1 n=200/200)"
expect_outc "(version kmeans-1 k=4 s=7 v1 n=200/200)"
run vec_again 0 "$WINNOW" score --db v.db --only vec,knn,kmeans --clusters 4 --knn 5 --seed 7
expect_outc "vec    up to date"
expect_outc "knn    up to date"
expect_outc "kmeans up to date"
run vec_other_seed 0 "$WINNOW" score --db v.db --only kmeans --clusters 4 --seed 8
expect_outc "kmeans 200 samples in"

# every sample has a finite knn_dist in [0, 1] and a cluster in 0..3
run vec_export 0 "$WINNOW" scores export --db v.db -o s.csv
name=vec_export_values
if awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next }
	{ d = $col["knn_dist"]; c = $col["cluster"];
	  if (d == "" || d < 0 || d > 1 || c == "" || c < 0 || c > 3) exit 1; n++ }
	END { exit n != 200 }' s.csv; then ok; else bad "knn_dist/cluster out of range"; fi

# the same seed on a fresh project gives the same clusters
run vec_import2 0 "$WINNOW" import "$SAMPLES/alpaca.jsonl" --db w.db --quiet
run vec_steps2 0 "$WINNOW" score --db w.db --only kmeans --clusters 4 --seed 8 --threads 1
run vec_export2 0 "$WINNOW" scores export --db w.db -o w.csv
"$WINNOW" scores export --db v.db -o v8.csv 2>/dev/null
name=vec_seed_deterministic
cl() { awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == "cluster") c = i; next } { print $1, $c }' "$1"; }
cl v8.csv >v8.txt
cl w.csv >w8.txt
same v8.txt w8.txt

# DSIR: skipped without a target, not an error; a target in another format works
run dsir_no_target 0 "$WINNOW" score --db v.db --only dsir
expect_out "dsir   skipped: no --target FILE given"
run dsir_target 0 "$WINNOW" score --db v.db --only dsir --target "$SAMPLES/dolly.jsonl"
expect_outc "dsir   200 samples in"
run dsir_again 0 "$WINNOW" score --db v.db --only dsir --target "$SAMPLES/dolly.jsonl"
expect_outc "dsir   up to date"
run dsir_other_target 0 "$WINNOW" score --db v.db --only dsir --target "$SAMPLES/sharegpt.json"
expect_outc "dsir   200 samples in"
run dsir_missing 4 "$WINNOW" score --db v.db --only dsir --target nope.jsonl
expect_err "--target: nope.jsonl: cannot open"
printf '{"instruction":"a","output":"b"}\n{"instruction":"a"}\n' >badt.jsonl
run dsir_bad_target 3 "$WINNOW" score --db v.db --only dsir --target badt.jsonl
expect_err "badt.jsonl:2: missing field 'output'"

# option errors are usage errors
run opt_knn_zero 2 "$WINNOW" score --db v.db --knn 0; expect_err "--knn takes a number from 1 to 1000"
run opt_clusters_word 2 "$WINNOW" score --db v.db --clusters many
expect_err "--clusters takes a number"
run opt_seed_negative 2 "$WINNOW" score --db v.db --seed -1; expect_err "--seed takes a whole number"
run score_help 0 "$WINNOW" score --help; expect_outc "--target FILE"; expect_outc "--clusters K"
run scorers_vec 0 "$WINNOW" scorers; expect_outc "knn_dist"; expect_outc "cluster_size"
expect_outc "dsir_logw"
