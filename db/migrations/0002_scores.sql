-- 0002_scores: automated quality scores.
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
