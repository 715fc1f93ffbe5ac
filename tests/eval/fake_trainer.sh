#!/bin/sh
# tests/eval/fake_trainer.sh: a stand-in for a fine-tuning stack, for the tests of
# `winnow eval --external`. It "trains" on TRAIN and "scores" on EVAL by counting lines,
# and writes the result JSON winnow reads back:
#
#   fake_trainer.sh TRAIN EVAL OUT MODEL [MODE]
#
#   value = eval rows / train rows (a "loss" that the smaller training set makes worse),
#   train_tokens = TRAIN's bytes, steps = TRAIN's rows, and a two-point curve.
# MODE changes it for the error tests: fail-subset (the subset model exits 3 with a
# message), nowrite (no result), badjson (the random model writes broken JSON), accuracy
# (metric "accuracy", higher is better: train rows / (train + eval rows)), mixed (the
# subset model says "accuracy"), env (check the WINNOW_* variables match the arguments),
# sleep (the full model writes its pid to $WINNOW_DIR/sleeper.pid and sleeps 30 s: for
# stopping a run).
set -eu
train=$1 eval=$2 out=$3 model=$4 mode=${5:-}
echo "fake trainer: $model on $train"
[ -f "$train" ] && [ -f "$eval" ] || { echo "missing input" >&2; exit 2; }
case $mode in
fail-subset) [ "$model" = subset ] && { echo "CUDA out of memory (pretend)" >&2; exit 3; } ;;
nowrite) exit 0 ;;
badjson) [ "$model" = random ] && { echo '{not json' >"$out"; exit 0; } ;;
env) [ "$WINNOW_TRAIN" = "$train" ] && [ "$WINNOW_EVAL" = "$eval" ] && [ "$WINNOW_OUT" = "$out" ] &&
	[ "$WINNOW_MODEL" = "$model" ] && [ -n "$WINNOW_RUN" ] && [ -n "$WINNOW_BUDGET" ] ||
	{ echo "environment differs" >&2; exit 4; } ;;
sleep) [ "$model" = full ] && { echo $$ >"$WINNOW_DIR/sleeper.pid"; exec sleep 30; } ;;
esac
nt=$(wc -l <"$train")
ne=$(wc -l <"$eval")
bytes=$(wc -c <"$train")
metric=loss
value=$(awk -v e="$ne" -v t="$nt" 'BEGIN { printf "%.6f", e / t }')
if [ "$mode" = accuracy ] || { [ "$mode" = mixed ] && [ "$model" = subset ]; }; then
	metric=accuracy
	value=$(awk -v e="$ne" -v t="$nt" 'BEGIN { printf "%.6f", t / (t + e) }')
	printf '{"metric": "%s", "direction": "higher", "value": %s}\n' "$metric" "$value" >"$out"
	exit 0
fi
printf '{"metric": "%s", "value": %s, "train_tokens": %s, "steps": %s,\n "curve": [{"step": 1, "tokens": 100, "loss": 2.5}, {"step": %s, "tokens": %s, "loss": %s}]}\n' \
	"$metric" "$value" "$bytes" "$nt" "$nt" "$bytes" "$value" >"$out"
