-- 0005_eval: evaluation runs (winnow eval). Numbered 0005 although 0003/0004 may be
-- missing on a branch: migrations apply in order of their numbers, and gaps are allowed.
-- One row per comparison: three models (full data, subset, random subset of the same
-- size) trained with the same configuration and budget, scored on one held-out set.
CREATE TABLE eval_runs (
    id             INTEGER PRIMARY KEY,
    kind           TEXT NOT NULL CHECK (kind IN ('gpt', 'ngram', 'external')),
    status         TEXT NOT NULL CHECK (status IN ('running', 'done', 'cancelled', 'failed',
                                                   'exported')),
    selection      TEXT NOT NULL,              -- where the subset came from: ids:FILE, selection:NAME
    selection_hash TEXT NOT NULL,              -- SHA-256 of the subset's ids, sorted, one per line
    config         TEXT NOT NULL,              -- JSON: model, budget, equal, seed, eval source
    eval_source    TEXT NOT NULL,              -- 'split' or the held-out file's path
    n_full         INTEGER NOT NULL,           -- training samples of each model
    n_subset       INTEGER NOT NULL,
    n_random       INTEGER NOT NULL,
    n_eval         INTEGER NOT NULL,           -- held-out samples
    metric         TEXT NOT NULL DEFAULT 'loss',  -- what eval_models.loss holds (external runs may differ)
    sdf            REAL,                       -- |subset| / |full|
    pir            REAL,                       -- full / subset for a loss (> 1: the subset won)
    pir_random     REAL,                       -- random / subset
    started_at     TEXT NOT NULL,              -- UTC, ISO 8601
    finished_at    TEXT,
    error          TEXT
);

-- Each model of a run: its training data, compute and held-out metric.
CREATE TABLE eval_models (
    run_id       INTEGER NOT NULL REFERENCES eval_runs(id) ON DELETE CASCADE,
    model        TEXT NOT NULL CHECK (model IN ('full', 'subset', 'random')),
    n_train      INTEGER NOT NULL,
    train_tokens INTEGER NOT NULL,             -- tokens (bytes) trained on
    steps        INTEGER NOT NULL,
    seconds      REAL NOT NULL,
    loss         REAL,                         -- mean response loss on the held-out set (nats/byte)
    ppl          REAL,                         -- exp(loss)
    PRIMARY KEY (run_id, model)
) WITHOUT ROWID;

-- Training loss curves: the mean loss over the steps since the previous point.
CREATE TABLE eval_curves (
    run_id INTEGER NOT NULL REFERENCES eval_runs(id) ON DELETE CASCADE,
    model  TEXT NOT NULL,
    step   INTEGER NOT NULL,
    tokens INTEGER NOT NULL,
    loss   REAL NOT NULL,
    PRIMARY KEY (run_id, model, step)
) WITHOUT ROWID;
