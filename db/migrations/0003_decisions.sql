-- 0003_decisions: curator decisions, the actions that made them, and the audit log.
-- A curator's action (one `winnow accept ...`, a bulk action, an undo, a redo) is one row
-- of actions; every sample it changed is one row of audit, under the action's number.
-- actions and audit are append-only (triggers refuse UPDATE and DELETE): undo writes
-- new rows. decisions holds each sample's current verdict, a cache of the audit log.
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
