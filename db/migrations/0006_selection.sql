-- 0006_selection: saved recipes and stored selections (winnow recipe, select, why, export
-- --selection). Numbered 0006 because 0004 and 0005 belong to other branches; gaps are
-- allowed (migrations apply in the order of their numbers).
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
