-- 0004_vectors: a TF-IDF vector per sample (the "vec" step of winnow score; the format of
-- a vector is described in src/score/vectors.h).
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
