#!/bin/sh
# tests/eval/planted_noise.sh: the planted-noise check of `winnow eval` (README,
# Evaluation, "A planted-noise check"), from the source file to the table. Slow: about
# 7 minutes per seed for the transformer at the default budget on 2 cores.
#
#   tests/eval/planted_noise.sh [DIR]        (default: /tmp/winnow-planted; kept)
#
# Environment (defaults): SOURCE (../shared/data/alpaca_random13k/alpaca_random13k.json),
# ROWS (98000 candidates), HELD (2000 source rows held out, never varied into the
# candidates), FRAC (0.3 planted), SEEDS ("1 2 3"), BUDGET (2000000, the default,
# transformer tokens per model; 0 skips the transformer), QUICK ("1000000 2000000 4000000 8000000 0": n-gram
# budgets, 0 = one pass over the subset). An empty SEEDS or QUICK runs none.
set -eu
here=$(cd "$(dirname "$0")/../.." && pwd)
WINNOW=${WINNOW:-$here/winnow}
GEN=${GEN:-$here/build/gen_samples}
SOURCE=${SOURCE:-$here/../shared/data/alpaca_random13k/alpaca_random13k.json}
ROWS=${ROWS:-98000}
HELD=${HELD:-2000}
FRAC=${FRAC:-0.3}
SEEDS=${SEEDS-1 2 3}
BUDGET=${BUDGET:-2000000}
QUICK=${QUICK-1000000 2000000 4000000 8000000 0}
dir=${1:-/tmp/winnow-planted}

[ -f "$SOURCE" ] || { echo "planted_noise.sh: no source file $SOURCE (set SOURCE)" >&2; exit 2; }
mkdir -p "$dir"
cd "$dir"
db=noisy.winnow.db
if [ ! -f "$db" ]; then
	# The held-out rows are real source rows that no candidate was varied from, so a
	# model cannot score well on them by having memorised a near copy.
	python3 - "$SOURCE" "$HELD" <<'PY'
import json, sys
rows = json.load(open(sys.argv[1], encoding="utf-8"))
held = int(sys.argv[2])
json.dump(rows[:-held], open("src_train.json", "w", encoding="utf-8"), ensure_ascii=False)
with open("clean_eval.jsonl", "w", encoding="utf-8") as f:
    for r in rows[-held:]:
        f.write(json.dumps(r, ensure_ascii=False) + "\n")
PY
	"$GEN" --scale "$ROWS" --from src_train.json --out candidates.jsonl --seed 1
	python3 "$here/tests/eval/plant_noise.py" candidates.jsonl noisy.jsonl noise.tsv --frac "$FRAC" --seed 1
	"$WINNOW" import noisy.jsonl --db "$db.tmp" --quiet
	"$WINNOW" score --db "$db.tmp" --quiet
	"$WINNOW" select --recipe default --name default --db "$db.tmp" >select_default.txt
	"$WINNOW" select --recipe "$here/tests/eval/recipe_planted.json" --name planted --db "$db.tmp" >select_planted.txt
	mv "$db.tmp" "$db"
fi

echo "== what each selection keeps (planted noise by kind)"
python3 - "$db" <<'PY'
import csv, json, sqlite3, sys
db = sqlite3.connect(sys.argv[1])
lab = {int(r["line"]): r["kind"] for r in csv.DictReader(open("noise.tsv"), delimiter="\t")}
line = dict(db.execute("SELECT id, line FROM samples"))
rchars = dict(db.execute("SELECT id, response_chars FROM samples"))
sets = [("(all)", list(line))] + [(n, json.loads(i)) for n, i in db.execute("SELECT name, ids FROM selections ORDER BY name")]
kinds = sorted(set(lab.values()))
print("| selection | kept | planted noise in it | mean response chars | " + " | ".join(kinds) + " |")
print("|---|---|---|---|" + "---|" * len(kinds))
for name, ids in sets:
    k = [lab[line[i]] for i in ids if line[i] in lab]
    per = [str(sum(1 for x in k if x == kind)) for kind in kinds]
    print(f"| {name} | {len(ids):,} ({len(ids) / len(line):.0%}) | {len(k) / len(ids):.1%} | "
          f"{sum(rchars[i] for i in ids) / len(ids):.0f} | " + " | ".join(per) + " |")
PY

for seed in $SEEDS; do
	for b in $QUICK; do
		if [ "$b" = 0 ]; then opt=""; else opt="--budget $b"; fi
		for sel in planted default; do
			# shellcheck disable=SC2086
			"$WINNOW" eval --selection $sel --eval-set clean_eval.jsonl --quick --seed "$seed" $opt --db "$db" --quiet
		done
	done
	if [ "$BUDGET" != 0 ]; then
		t0=$(date +%s)
		"$WINNOW" eval --selection planted --eval-set clean_eval.jsonl --budget "$BUDGET" --seed "$seed" --db "$db" --quiet
		echo "transformer, seed $seed, $BUDGET tokens a model: $(($(date +%s) - t0)) s"
	fi
done
echo "== every run"
"$WINNOW" eval --list --db "$db"
echo "== by model, selection and budget, over the seeds (mean; wins: runs where the subset's loss is lower)"
python3 - "$db" <<'PY'
import json, sqlite3, sys
db = sqlite3.connect(sys.argv[1])
runs = {}
for rid, kind, sel, cfg, pir, pirr in db.execute(
        "SELECT id, kind, selection, config, pir, pir_random FROM eval_runs WHERE status = 'done' ORDER BY id"):
    c = json.loads(cfg)
    tok = dict(db.execute("SELECT model, train_tokens FROM eval_models WHERE run_id = ?", (rid,)))
    loss = dict(db.execute("SELECT model, loss FROM eval_models WHERE run_id = ?", (rid,)))
    key = (kind, sel.split(":", 1)[1], c.get("budget") or tok["subset"])
    runs.setdefault(key, {})[c["seed"]] = (c["seed"], loss, pir, pirr)  # a rerun is the same run
print("| model | selection | tokens per model | seeds | loss full | loss subset | loss random | PIR | PIR vs random | wins vs full | wins vs random |")
print("|---|---|---|---|---|---|---|---|---|---|---|")
mean = lambda xs: sum(xs) / len(xs)
for (kind, sel, tok), by_seed in sorted(runs.items()):
    rs = [by_seed[k] for k in sorted(by_seed)]
    f = mean([r[1]["full"] for r in rs]); s = mean([r[1]["subset"] for r in rs]); r_ = mean([r[1]["random"] for r in rs])
    wf = sum(1 for r in rs if r[2] > 1); wr = sum(1 for r in rs if r[3] > 1)
    print(f"| {'transformer' if kind == 'gpt' else 'n-gram'} | {sel} | {tok / 1e6:.1f}M | {','.join(str(r[0]) for r in rs)} | "
          f"{f:.4f} | {s:.4f} | {r_:.4f} | {f / s:.4f} | {r_ / s:.4f} | {wf}/{len(rs)} | {wr}/{len(rs)} |")
PY
