#!/usr/bin/env python3
"""tests/eval/plant_noise.py: plant known noise into an Alpaca JSONL file, for the
planted-noise check of `winnow eval` (README, Evaluation, "A planted-noise check").

    plant_noise.py IN.jsonl OUT.jsonl LABELS.tsv [--frac 0.3] [--seed 1]

Each row of IN is copied to OUT; a seeded FRAC of them first get one defect, in these
shares: misaligned (the response of another row), refusal, empty or placeholder, repetitive
(one sentence over and over), an exact copy of another row, truncated mid-word. LABELS.tsv
lists `file<TAB>line<TAB>kind` for every planted row (OUT's name, its line from 1), the
format `winnow scores auc --labels` reads. Deterministic.
"""
import argparse
import json
import os
import random

KINDS = [("misaligned", 8), ("refusal", 5), ("empty", 4), ("repetitive", 5),
         ("duplicate", 4), ("truncated", 4)]
REFUSALS = ["I'm sorry, but I can't help with that request.",
            "As an AI language model, I cannot answer this question.",
            "I am unable to provide that information."]
EMPTY = ["", "TODO", "[insert answer here]", "N/A"]


def noisy(kind, row, rows, rng):
    r = dict(row)
    other = rows[rng.randrange(len(rows))]
    if kind == "misaligned":
        r["output"] = other["output"]
    elif kind == "refusal":
        r["output"] = rng.choice(REFUSALS)
    elif kind == "empty":
        r["output"] = rng.choice(EMPTY)
    elif kind == "repetitive":
        first = (r["output"].split(". ")[0] or "Yes").rstrip(".") + "."
        r["output"] = " ".join([first] * 8)
    elif kind == "duplicate":
        r = dict(other)
    elif kind == "truncated":
        out = r["output"]
        r["output"] = out[: max(1, int(len(out) * 0.4))].rstrip(" .")
    return r


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("inp")
    ap.add_argument("out")
    ap.add_argument("labels")
    ap.add_argument("--frac", type=float, default=0.3)
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args()
    rng = random.Random(a.seed)
    with open(a.inp, encoding="utf-8") as f:
        rows = [json.loads(line) for line in f if line.strip()]
    pool = [k for k, w in KINDS for _ in range(w)]
    n = 0
    with open(a.out, "w", encoding="utf-8") as out, open(a.labels, "w") as lab:
        lab.write("file\tline\tkind\n")
        name = os.path.basename(a.out)
        for i, row in enumerate(rows):
            if rng.random() < a.frac:
                kind = rng.choice(pool)
                row = noisy(kind, row, rows, rng)
                lab.write(f"{name}\t{i + 1}\t{kind}\n")
                n += 1
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
    print(f"{a.out}: {len(rows)} rows, {n} with planted noise ({n / len(rows):.1%})")


if __name__ == "__main__":
    main()
