-- schema.sql: the current winnow schema, applied whole to a new project file.
-- Keep it equal to the migrations applied in order (tests/unit/test_store.c checks).
-- PRAGMA user_version = number of the last migration (4, 0004_vectors).
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
