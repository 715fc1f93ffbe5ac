-- 0001_init: datasets, samples and the full-text index over prompt and response.
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
