/* store_internal.h: what the store's own files share. Not for use outside db/. */
#ifndef WINNOW_STORE_INTERNAL_H
#define WINNOW_STORE_INTERNAL_H

#include <sqlite3.h>

#include "store.h"

/* Cached statements: prepared on first use, reset after use, finalized on close. */
#define STMT_INFO(X) \
	X(DATASET_BY_SHA, "SELECT id FROM datasets WHERE sha256 = ?1") \
	X(DATASETS_WITH_SIZE, "SELECT count(*) FROM datasets WHERE bytes = ?2") \
	X(DATASET_COUNT, "SELECT count(*) FROM datasets") \
	X(DATASET_INSERT, \
	  "INSERT INTO datasets(name, path, format, container, sha256, bytes, n_samples," \
	  " n_skipped, json_prefix, json_sep, json_suffix, imported_at)" \
	  " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11," \
	  " strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))") \
	X(DATASET_FINISH, \
	  "UPDATE datasets SET format = ?2, n_samples = ?3, n_skipped = ?4, json_prefix = ?5," \
	  " json_sep = ?6, json_suffix = ?7, sha256 = ?8 WHERE id = ?1") \
	X(FTS_FILL_DATASET, \
	  "INSERT INTO samples_fts(rowid, prompt, response)" \
	  " SELECT id, prompt, response FROM samples WHERE dataset_id = ?1") \
	X(DATASETS_LIST, \
	  "SELECT id, name, path, format, container, sha256, bytes, n_samples, n_skipped," \
	  " json_prefix, json_sep, json_suffix, imported_at FROM datasets ORDER BY id") \
	X(SAMPLE_INSERT, \
	  "INSERT INTO samples(dataset_id, ord, line, format, n_turns, prompt, response," \
	  " prompt_chars, response_chars, turns, raw, packed)" \
	  " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)") \
	X(SAMPLE_GET, \
	  "SELECT s.id, s.dataset_id, d.name, s.ord, s.line, s.format, s.n_turns, s.prompt," \
	  " s.response, s.turns, s.raw, s.packed FROM samples s JOIN datasets d ON d.id = s.dataset_id" \
	  " WHERE s.id = ?1") \
	X(SAMPLE_RAW, "SELECT id, dataset_id, ord, raw, packed, prompt, response FROM samples" \
	  " WHERE id = ?1") \
	X(SAMPLES_RAW, "SELECT id, dataset_id, ord, raw, packed, prompt, response FROM samples" \
	  " ORDER BY id") \
	X(SAMPLE_COUNT, "SELECT count(*) FROM samples") \
	X(SAMPLE_MAX_ID, "SELECT coalesce(max(id), 0) FROM samples") \
	X(SAMPLE_EXISTS, "SELECT count(*) FROM samples WHERE id = ?2") \
	X(SAMPLE_BY_LINE, \
	  "SELECT s.id FROM samples s JOIN datasets d ON d.id = s.dataset_id" \
	  " WHERE (?1 IS NULL OR d.name = ?1) AND s.line = ?2 ORDER BY s.id LIMIT 1") \
	/* decisions and the audit log (store_decide.c) */ \
	X(DECIDE_ID_ADD, "INSERT OR IGNORE INTO temp.decide_ids(id) VALUES (?1)") \
	X(DECIDE_ID_MISSING, \
	  "SELECT t.id FROM temp.decide_ids t WHERE NOT EXISTS" \
	  " (SELECT 1 FROM samples s WHERE s.id = t.id) ORDER BY t.id LIMIT 1") \
	X(ACTION_INSERT, "INSERT INTO actions(curator, kind, target, at, query)" \
	  " VALUES (?1, ?2, ?3, ?4, ?5)") \
	X(AUDIT_DECIDE, \
	  "INSERT INTO audit(action, sample_id, curator, at, old_verdict, new_verdict, reason," \
	  " note, kind) SELECT ?1, t.id, ?2, ?3, coalesce(d.verdict, 'none'), ?4, ?5, ?6, 'decide'" \
	  " FROM temp.decide_ids t LEFT JOIN decisions d ON d.sample_id = t.id" \
	  " WHERE coalesce(d.verdict, 'none') <> ?4 ORDER BY t.id") \
	X(AUDIT_UNDO, \
	  "INSERT INTO audit(action, sample_id, curator, at, old_verdict, new_verdict, reason," \
	  " note, kind) SELECT ?1, e.sample_id, ?2, ?3, e.new_verdict, e.old_verdict, p.reason," \
	  " p.note, 'undo' FROM audit e LEFT JOIN decisions d ON d.sample_id = e.sample_id" \
	  " LEFT JOIN audit p ON p.seq = (SELECT max(x.seq) FROM audit x" \
	  "   WHERE x.sample_id = e.sample_id AND x.seq < e.seq)" \
	  " WHERE e.action = ?4 AND coalesce(d.verdict, 'none') = e.new_verdict ORDER BY e.seq") \
	X(AUDIT_REDO, \
	  "INSERT INTO audit(action, sample_id, curator, at, old_verdict, new_verdict, reason," \
	  " note, kind) SELECT ?1, e.sample_id, ?2, ?3, e.old_verdict, e.new_verdict, e.reason," \
	  " e.note, 'redo' FROM audit e LEFT JOIN decisions d ON d.sample_id = e.sample_id" \
	  " WHERE e.action = ?4 AND coalesce(d.verdict, 'none') = e.old_verdict ORDER BY e.seq") \
	X(DECISIONS_CLEAR, \
	  "DELETE FROM decisions WHERE sample_id IN" \
	  " (SELECT sample_id FROM audit WHERE action = ?2 AND new_verdict = 'none')") \
	X(DECISIONS_SET, \
	  "INSERT OR REPLACE INTO decisions(sample_id, verdict, curator, reason, note, at, seq)" \
	  " SELECT sample_id, new_verdict, curator, reason, note, at, seq FROM audit" \
	  " WHERE action = ?2 AND new_verdict <> 'none'") \
	X(AUDIT_COUNT_ACTION, "SELECT count(*) FROM audit WHERE action = ?2") \
	X(ACTIONS_OF, "SELECT id, kind, target FROM actions WHERE curator = ?1 ORDER BY id") \
	X(VERDICT_OF, \
	  "SELECT CASE WHEN NOT EXISTS (SELECT 1 FROM samples WHERE id = ?2) THEN -1" \
	  " ELSE coalesce((SELECT CASE verdict WHEN 'accept' THEN 1 ELSE 2 END FROM decisions" \
	  " WHERE sample_id = ?2), 0) END") \
	X(DECISION_GET, "SELECT verdict, curator, reason, note, at FROM decisions WHERE sample_id = ?1") \
	X(VERDICT_COUNT, "SELECT count(*) FROM decisions WHERE verdict = ?1") \
	X(AUDIT_LIST, \
	  "SELECT a.seq, a.action, a.sample_id, a.curator, a.at, a.old_verdict, a.new_verdict," \
	  " a.reason, a.note, a.kind, c.target, c.query FROM audit a JOIN actions c ON c.id = a.action" \
	  " WHERE (?1 IS NULL OR a.curator = ?1) AND (?2 IS NULL OR a.at >= ?2)" \
	  " AND (?3 = 0 OR a.sample_id = ?3) ORDER BY a.seq") \
	X(AUDIT_LIST_LAST, \
	  "SELECT a.seq, a.action, a.sample_id, a.curator, a.at, a.old_verdict, a.new_verdict," \
	  " a.reason, a.note, a.kind, c.target, c.query FROM audit a JOIN actions c ON c.id = a.action" \
	  " WHERE (?1 IS NULL OR a.curator = ?1) AND (?2 IS NULL OR a.at >= ?2)" \
	  " AND (?3 = 0 OR a.sample_id = ?3) ORDER BY a.seq DESC LIMIT ?4") \
	/* recipes and selections (store_select.c) */ \
	X(RECIPE_PUT, "INSERT INTO recipes(name, json, saved_at) VALUES (?1, ?2, ?3)" \
	  " ON CONFLICT(name) DO UPDATE SET json = ?2, saved_at = ?3") \
	X(RECIPE_GET, "SELECT json FROM recipes WHERE name = ?1") \
	X(RECIPE_LIST, "SELECT name, json, saved_at FROM recipes ORDER BY name") \
	X(RECIPE_RM, "DELETE FROM recipes WHERE name = ?1") \
	X(SAMPLE_ID_SUM, "SELECT coalesce(sum(n_samples), 0) FROM datasets") \
	X(SAMPLE_IDS, "SELECT id FROM samples ORDER BY id") \
	X(SAMPLE_META, "SELECT id, dataset_id, line FROM samples ORDER BY id") \
	X(VERDICTS_ALL, "SELECT sample_id, verdict FROM decisions ORDER BY sample_id") \
	X(SCORER_DIRS, "SELECT name, direction FROM scorers") \
	X(SCORER_VERSIONS, "SELECT family, version, count(*) FROM scorers GROUP BY family, version" \
	  " ORDER BY family, version") \
	X(AUDIT_ALL, "SELECT seq, action, sample_id, curator, at, old_verdict, new_verdict," \
	  " coalesce(reason, ''), coalesce(note, ''), kind FROM audit ORDER BY seq") \
	X(SELECTION_PUT, \
	  "INSERT OR REPLACE INTO selections(name, recipe_name, recipe, seed, n_samples," \
	  " n_candidates, n_recipe, n_added, n_removed, n_final, counts, ids, hash, audit_seq," \
	  " audit_hash, trace, made_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11," \
	  " ?12, ?13, ?14, ?15, ?16, ?17)") \
	X(SELECTION_GET, \
	  "SELECT id, name, recipe_name, recipe, seed, n_samples, n_candidates, n_recipe, n_added," \
	  " n_removed, n_final, counts, hash, audit_seq, audit_hash, made_at, ids FROM selections" \
	  " WHERE (?1 IS NULL OR name = ?1) ORDER BY id DESC LIMIT 1") \
	X(SELECTION_LIST, \
	  "SELECT id, name, recipe_name, recipe, seed, n_samples, n_candidates, n_recipe, n_added," \
	  " n_removed, n_final, counts, hash, audit_seq, audit_hash, made_at, NULL FROM selections" \
	  " ORDER BY id") \
	X(SELECTION_RM, "DELETE FROM selections WHERE name = ?1") \
	X(COUNT_BY_FORMAT, "SELECT format, count(*) FROM samples GROUP BY format ORDER BY 2 DESC, 1") \
	X(COUNT_BY_TURNS, "SELECT n_turns, count(*) FROM samples GROUP BY n_turns ORDER BY 1") \
	X(PROMPT_LENGTHS, "SELECT prompt_chars FROM samples") \
	X(RESPONSE_LENGTHS, "SELECT response_chars FROM samples") \
	X(VEC_SPACE_CURRENT, "SELECT id, version, dim, n_docs, df FROM vector_spaces" \
	  " ORDER BY id DESC LIMIT 1") \
	X(VEC_SPACE_INSERT, "INSERT INTO vector_spaces(version, dim, n_docs, df, created_at)" \
	  " VALUES (?1, ?2, ?3, ?4, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))") \
	X(VEC_SPACE_PRUNE, "DELETE FROM vector_spaces WHERE id <> (SELECT max(id) FROM" \
	  " vector_spaces) AND id NOT IN (SELECT DISTINCT space_id FROM vectors)") \
	X(VEC_PENDING, "SELECT s.id, s.prompt, s.response, s.n_turns FROM samples s" \
	  " LEFT JOIN vectors v ON v.sample_id = s.id" \
	  " WHERE s.id > ?1 AND v.space_id IS NOT ?2 ORDER BY s.id LIMIT ?3") \
	X(VEC_STALE, "SELECT count(*) FROM samples s LEFT JOIN vectors v ON v.sample_id = s.id" \
	  " WHERE v.space_id IS NOT ?2") \
	X(VEC_PUT, "INSERT OR REPLACE INTO vectors(sample_id, space_id, vec) VALUES (?1, ?2, ?3)") \
	X(VEC_ALL, "SELECT s.id, v.vec FROM samples s LEFT JOIN vectors v ON v.sample_id = s.id" \
	  " ORDER BY s.id") \
	X(VEC_GET, "SELECT vec FROM vectors WHERE sample_id = ?1") \
	/* settings (store_settings.c) */ \
	X(SETTING_GET, "SELECT value FROM settings WHERE key = ?1") \
	X(SETTING_PUT, "INSERT INTO settings(key, value, updated_at)" \
	  " VALUES (?1, ?2, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))" \
	  " ON CONFLICT(key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at")

enum stmt_id {
#define STMT_ENUM(name, sql) STMT_##name,
	STMT_INFO(STMT_ENUM)
#undef STMT_ENUM
	STMT__COUNT
};

struct store {
	sqlite3 *db;
	char *path;
	sqlite3_stmt *stmt[STMT__COUNT];
	char *saved_trigger;	/* samples_ai while bulk loading */
};

/* The cached statement, prepared on first use; NULL on error (err filled). */
sqlite3_stmt *
store_stmt(struct store *st, enum stmt_id id, struct err *err);

/* Step q, whose columns are id, prompt, response, n_turns, and hand each row to fn
 * (store_scores.c). The caller resets or finalizes q. */
struct pending_row;
typedef enum status (*pending_fn)(void *ctx, const struct pending_row *row, struct err *err);
enum status
store_pending_rows(struct store *st, sqlite3_stmt *q, pending_fn fn, void *ctx, const char *what,
		   struct err *err);

/* Run a cached one-row, one-integer statement. Parameters by convention: ?1 is text
 * (NULL binds NULL), ?2 an integer; each is bound only if the statement has it.
 * OUT: *out, 0 when there is no row. */
enum status
store_query_int(struct store *st, enum stmt_id id, const char *text, int64_t arg, int64_t *out,
		struct err *err);

/* Run a cached one-row, one-text statement with ?1 bound to key.
 * OUT: *out, the caller's copy of column 0; NULL when there is no row (or it is NULL). */
enum status
store_query_text(struct store *st, enum stmt_id id, const char *key, char **out,
		 const char *what, struct err *err);

/* err = "<what>: <sqlite message>", code ST_DB (or ST_BADQUERY etc. as given). */
enum status
store_fail(struct store *st, enum status code, const char *what, struct err *err);

/* Copy a text column (NULL stays NULL). Returned string is the caller's. */
char *
store_col_strdup(sqlite3_stmt *stmt, int col);

/* Register regexp(pattern, text) backed by PCRE2. */
int
store_regexp_register(sqlite3 *db);

#endif
