-- 0007_settings: small named settings kept with the project, such as each curator's list
-- columns in the TUI (key 'tui.columns:<curator>', the names separated by spaces).
CREATE TABLE settings (
    key         TEXT PRIMARY KEY,
    value       TEXT NOT NULL,
    updated_at  TEXT NOT NULL                  -- UTC, ISO 8601
);
