-- schema.sql: the current winnow schema, applied whole to a new project file.
-- Keep it equal to the migrations applied in order (tests/unit/test_store.c checks).
-- PRAGMA user_version = number of the last migration (6, 0006_selection).
CREATE TABLE datasets (
    id            INTEGER PRIMARY KEY,
    name          TEXT NOT NULL,               -- file name as imported
    path          TEXT NOT NULL,               -- absolute path at import time
    format        TEXT NOT NULL,               -- alpaca, dolly, sharegpt, messages, prompt_completion, text, mixed
    container     TEXT NOT NULL CHECK (container IN ('jsonl', 'json')),
    sha256        TEXT NOT NULL UNIQUE,        -- of the file's bytes: the same file imports once
    bytes         INTEGER NOT NULL,
    n_samples     INTEGER NOT NULL,
    n_skipped     INTEGER NOT NULL DEFAULT 0,  -- bad rows left out with --skip-bad
    -- For a JSON array file: the bytes before the first element, between elements and after
    -- the last one, so that exporting the whole dataset rebuilds the file byte for byte.
    json_prefix   TEXT,
    json_sep      TEXT,
    json_suffix   TEXT,
    imported_at   TEXT NOT NULL                -- UTC, ISO 8601
);

CREATE TABLE samples (
    id             INTEGER PRIMARY KEY,
    dataset_id     INTEGER NOT NULL REFERENCES datasets(id),
    ord            INTEGER NOT NULL,           -- 0-based position in its file
    line           INTEGER NOT NULL,           -- 1-based line where the row starts
    format         TEXT NOT NULL,              -- this row's format
    n_turns        INTEGER NOT NULL,
    prompt         TEXT NOT NULL,              -- system + user turns before the last assistant turn
    response       TEXT NOT NULL,              -- the last assistant turn
    prompt_chars   INTEGER NOT NULL,           -- code points
    response_chars INTEGER NOT NULL,
    -- JSON array of {"role","text"}; NULL when the row is exactly two turns,
    -- user = prompt and assistant = response (see the samples_v view).
    turns          TEXT,
    -- The row's JSON as it was in the file, except that when packed & 1 (2) the response's
    -- (prompt's) quoted JSON string, found exactly once, is replaced by char(1)||'R' ('P').
    -- samples_v.raw undoes that: it is always the original bytes.
    raw            TEXT NOT NULL,
    packed         INTEGER NOT NULL DEFAULT 0
    -- No index on (dataset_id, ord): ids are given in file order, so id order is
    -- (dataset, ord) order, and a second B-tree cost imports about 7% (measured at 100k rows).
);

-- External-content FTS5 index: the text lives once, in samples.
CREATE VIRTUAL TABLE samples_fts USING fts5(
    prompt, response,
    content = 'samples', content_rowid = 'id',
    tokenize = 'unicode61 remove_diacritics 2'
);

CREATE TRIGGER samples_ai AFTER INSERT ON samples BEGIN
    INSERT INTO samples_fts(rowid, prompt, response) VALUES (new.id, new.prompt, new.response);
END;
CREATE TRIGGER samples_ad AFTER DELETE ON samples BEGIN
    INSERT INTO samples_fts(samples_fts, rowid, prompt, response)
        VALUES ('delete', old.id, old.prompt, old.response);
END;
CREATE TRIGGER samples_au AFTER UPDATE OF prompt, response ON samples BEGIN
    INSERT INTO samples_fts(samples_fts, rowid, prompt, response)
        VALUES ('delete', old.id, old.prompt, old.response);
    INSERT INTO samples_fts(rowid, prompt, response) VALUES (new.id, new.prompt, new.response);
END;

-- Every sample with its turns spelled out, for plain-SQL users.
CREATE VIEW samples_v AS
SELECT s.id, s.dataset_id, d.name AS dataset, s.ord, s.line, s.format, s.n_turns,
       s.prompt, s.response,
       coalesce(s.turns, json_array(json_object('role', 'user', 'text', s.prompt),
                                    json_object('role', 'assistant', 'text', s.response))) AS turns,
       CASE WHEN s.packed = 0 THEN s.raw
            ELSE replace(replace(s.raw, char(1) || 'R', json_quote(s.response)),
                         char(1) || 'P', json_quote(s.prompt)) END AS raw
FROM samples s JOIN datasets d ON d.id = s.dataset_id;

-- One row per sample; every metric is a REAL column named after it, added by winnow
-- (ALTER TABLE) the first time a scorer declares it, so plain SQL reads
-- `SELECT id, resp_ttr FROM scores`. v_<family> holds the version of the scorer family
-- that wrote the row's values: a sample is re-scored when it differs from the current one.
CREATE TABLE scores (
    sample_id   INTEGER PRIMARY KEY REFERENCES samples(id) ON DELETE CASCADE
);

-- The registry as last run: what each column means.
CREATE TABLE scorers (
    name        TEXT PRIMARY KEY,          -- the column in scores
    family      TEXT NOT NULL,             -- text, rules, lang, dup, or ext (imported)
    version     TEXT NOT NULL,
    direction   TEXT NOT NULL CHECK (direction IN ('higher', 'lower', 'flag', 'neutral')),
    lo          REAL,
    hi          REAL,
    description TEXT NOT NULL
);

-- Curator decisions (0003). A curator's action (one `winnow accept ...`, a bulk action,
-- an undo, a redo) is one row of actions; every sample it changed is one row of audit,
-- under the action's number. actions and audit are append-only (triggers refuse UPDATE
-- and DELETE): undo writes new rows. decisions holds each sample's current verdict, a
-- cache of the audit log.
CREATE TABLE actions (
    id          INTEGER PRIMARY KEY,           -- the action number, in order of writing
    curator     TEXT NOT NULL,
    kind        TEXT NOT NULL CHECK (kind IN ('decide', 'undo', 'redo')),
    target      INTEGER REFERENCES actions(id), -- undo/redo: the action reverted or re-applied
    at          TEXT NOT NULL,                 -- UTC, ISO 8601
    query       TEXT                           -- a bulk action's query, as the curator gave it
);

CREATE TABLE audit (
    seq         INTEGER PRIMARY KEY,           -- order of writing
    action      INTEGER NOT NULL REFERENCES actions(id),
    sample_id   INTEGER NOT NULL,              -- no foreign key: history outlives samples
    curator     TEXT NOT NULL,
    at          TEXT NOT NULL,                 -- UTC, ISO 8601
    old_verdict TEXT NOT NULL CHECK (old_verdict IN ('none', 'accept', 'reject')),
    new_verdict TEXT NOT NULL CHECK (new_verdict IN ('none', 'accept', 'reject')),
    reason      TEXT,
    note        TEXT,
    kind        TEXT NOT NULL CHECK (kind IN ('decide', 'undo', 'redo'))
);
CREATE INDEX audit_action ON audit(action);
CREATE INDEX audit_sample ON audit(sample_id, seq);

CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only');
END;
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only');
END;
CREATE TRIGGER actions_no_update BEFORE UPDATE ON actions BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only');
END;
CREATE TRIGGER actions_no_delete BEFORE DELETE ON actions BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only');
END;

-- The current verdict of each decided sample (no row: undecided), as the latest audit
-- entry for it left it; seq is that entry.
CREATE TABLE decisions (
    sample_id   INTEGER PRIMARY KEY REFERENCES samples(id) ON DELETE CASCADE,
    verdict     TEXT NOT NULL CHECK (verdict IN ('accept', 'reject')),
    curator     TEXT NOT NULL,
    reason      TEXT,
    note        TEXT,
    at          TEXT NOT NULL,
    seq         INTEGER NOT NULL REFERENCES audit(seq)
);
CREATE INDEX decisions_verdict ON decisions(verdict);

-- A TF-IDF vector per sample (migration 0004; the "vec" step of winnow score; the format
-- of a vector is described in src/score/vectors.h).
-- One row per fit of the document frequencies the vectors are weighted with. A sample's
-- vector is current when it was made in the latest space. winnow fits a new space when
-- the number of samples has changed by more than 10% since the last fit (then every
-- vector is made again); below that, new samples are weighted with the last fit.
CREATE TABLE vector_spaces (
    id          INTEGER PRIMARY KEY,
    version     TEXT NOT NULL,             -- the builder's version, e.g. 'vec-1 d=262144'
    dim         INTEGER NOT NULL,          -- hashed feature buckets
    n_docs      INTEGER NOT NULL,          -- samples the document frequencies were counted over
    df          BLOB NOT NULL,             -- dim uint32 document frequencies, little-endian
    created_at  TEXT NOT NULL              -- UTC, ISO 8601
);

-- One sparse, L2-normalised vector per sample: about 4 bytes per nonzero bucket.
CREATE TABLE vectors (
    sample_id   INTEGER PRIMARY KEY REFERENCES samples(id) ON DELETE CASCADE,
    space_id    INTEGER NOT NULL REFERENCES vector_spaces(id),
    vec         BLOB NOT NULL
);

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

-- Saved recipes and stored selections (0006).
CREATE TABLE recipes (
    name        TEXT PRIMARY KEY,
    json        TEXT NOT NULL,                 -- the recipe, canonical (winnow recipe show)
    saved_at    TEXT NOT NULL                  -- UTC, ISO 8601
);

-- One row per `winnow select --name NAME` (run again, it replaces the row).
CREATE TABLE selections (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL UNIQUE,
    recipe_name TEXT NOT NULL,                 -- the recipe's name, or the file it came from
    recipe      TEXT NOT NULL,                 -- the recipe as run (canonical JSON)
    seed        INTEGER NOT NULL,
    n_samples   INTEGER NOT NULL,              -- in the project when it was made
    n_candidates INTEGER NOT NULL,             -- passing the filters and the search
    n_recipe    INTEGER NOT NULL,              -- chosen by the recipe
    n_added     INTEGER NOT NULL,              -- accepted by a curator, not chosen by the recipe
    n_removed   INTEGER NOT NULL,              -- chosen by the recipe, rejected by a curator
    n_final     INTEGER NOT NULL,              -- n_recipe + n_added - n_removed
    counts      TEXT NOT NULL,                 -- JSON: samples left after each step
    ids         TEXT NOT NULL,                 -- JSON array of the final ids, ascending
    hash        TEXT NOT NULL,                 -- SHA-256 of the final ids, one per line
    audit_seq   INTEGER NOT NULL,              -- the last audit entry it saw
    audit_hash  TEXT NOT NULL,                 -- SHA-256 of the audit log up to audit_seq
    trace       BLOB NOT NULL,                 -- per sample: why it is in or out (store_select.c)
    made_at     TEXT NOT NULL                  -- UTC, ISO 8601
);

-- Small named settings, e.g. a curator's list columns in the TUI (0007).
CREATE TABLE settings (
    key         TEXT PRIMARY KEY,
    value       TEXT NOT NULL,
    updated_at  TEXT NOT NULL                  -- UTC, ISO 8601
);
