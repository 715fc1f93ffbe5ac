/* store_decide.c: the decisions, actions and audit tables (see store_decide.h).
 * actions and audit are only ever appended to (their triggers refuse anything else);
 * decisions is rewritten from the audit entries an action has just appended. */
#include "store_decide.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "store_internal.h"

void
store_now_iso(char out[32])
{
	time_t t = time(NULL);
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static enum status
exec(struct store *st, const char *sql, struct err *err)
{
	if (sqlite3_exec(st->db, sql, NULL, NULL, NULL) != SQLITE_OK)
		return store_fail(st, ST_DB, "decisions", err);
	return ST_OK;
}

/* Step a cached statement to completion, then reset it and clear its bindings. */
static enum status
run(struct store *st, sqlite3_stmt *stmt, const char *what, struct err *err)
{
	int rc = sqlite3_step(stmt);

	sqlite3_reset(stmt);
	sqlite3_clear_bindings(stmt);
	return rc == SQLITE_DONE ? ST_OK : store_fail(st, ST_DB, what, err);
}

static void
bind_text(sqlite3_stmt *stmt, int i, const char *s)
{
	if (s)
		sqlite3_bind_text(stmt, i, s, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(stmt, i);
}

enum status
store_decide_load_ids(struct store *st, const int64_t *ids, size_t n, struct err *err)
{
	enum status rc = exec(st, "CREATE TEMP TABLE IF NOT EXISTS decide_ids(id INTEGER PRIMARY KEY);"
				  "DELETE FROM temp.decide_ids", err);
	sqlite3_stmt *add = rc == ST_OK ? store_stmt(st, STMT_DECIDE_ID_ADD, err) : NULL;
	int64_t missing = 0;

	if (!add)
		return ST_DB;
	for (size_t i = 0; rc == ST_OK && i < n; i++) {
		sqlite3_bind_int64(add, 1, ids[i]);
		rc = run(st, add, "load ids", err);
	}
	if (rc == ST_OK)
		rc = store_query_int(st, STMT_DECIDE_ID_MISSING, NULL, 0, &missing, err);
	if (rc == ST_OK && missing)
		rc = err_set(err, ST_NOTFOUND, "no sample with id %lld; nothing was changed",
			     (long long)missing);
	return rc;
}

enum status
store_action_add(struct store *st, const char *curator, const char *kind, int64_t target,
		 const char *at, const char *query, int64_t *id, struct err *err)
{
	sqlite3_stmt *stmt = store_stmt(st, STMT_ACTION_INSERT, err);
	enum status rc;

	*id = 0;
	if (!stmt)
		return ST_DB;
	sqlite3_bind_text(stmt, 1, curator, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 2, kind, -1, SQLITE_STATIC);
	if (target)
		sqlite3_bind_int64(stmt, 3, target);
	sqlite3_bind_text(stmt, 4, at, -1, SQLITE_STATIC);
	bind_text(stmt, 5, query);
	rc = run(st, stmt, "write action", err);
	if (rc == ST_OK)
		*id = sqlite3_last_insert_rowid(st->db);
	return rc;
}

/* decisions := what the entries of action left. */
static enum status
apply_entries(struct store *st, int64_t action, struct err *err)
{
	int64_t unused;
	enum status rc = store_query_int(st, STMT_DECISIONS_CLEAR, NULL, action, &unused, err);

	if (rc == ST_OK)
		rc = store_query_int(st, STMT_DECISIONS_SET, NULL, action, &unused, err);
	return rc;
}

enum status
store_decide_apply(struct store *st, int64_t action, const char *verdict, const char *curator,
		   const char *reason, const char *note, const char *at, int64_t *n_changed,
		   struct err *err)
{
	sqlite3_stmt *stmt = store_stmt(st, STMT_AUDIT_DECIDE, err);
	enum status rc;

	*n_changed = 0;
	if (!stmt)
		return ST_DB;
	sqlite3_bind_int64(stmt, 1, action);
	sqlite3_bind_text(stmt, 2, curator, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 3, at, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 4, verdict, -1, SQLITE_STATIC);
	bind_text(stmt, 5, reason);
	bind_text(stmt, 6, note);
	rc = run(st, stmt, "write audit", err);
	if (rc == ST_OK)
		*n_changed = sqlite3_changes64(st->db);
	if (rc == ST_OK && *n_changed)
		rc = apply_entries(st, action, err);
	return rc;
}

enum status
store_decide_revert(struct store *st, int64_t action, int64_t target, bool redo,
		    const char *curator, const char *at, int64_t *n_changed, int64_t *n_entries,
		    struct err *err)
{
	sqlite3_stmt *stmt = store_stmt(st, redo ? STMT_AUDIT_REDO : STMT_AUDIT_UNDO, err);
	enum status rc;

	*n_changed = *n_entries = 0;
	if (!stmt)
		return ST_DB;
	sqlite3_bind_int64(stmt, 1, action);
	sqlite3_bind_text(stmt, 2, curator, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 3, at, -1, SQLITE_STATIC);
	sqlite3_bind_int64(stmt, 4, target);
	rc = run(st, stmt, redo ? "redo" : "undo", err);
	if (rc == ST_OK)
		*n_changed = sqlite3_changes64(st->db);
	if (rc == ST_OK && *n_changed)
		rc = apply_entries(st, action, err);
	if (rc == ST_OK)
		rc = store_query_int(st, STMT_AUDIT_COUNT_ACTION, NULL, target, n_entries, err);
	return rc;
}

enum status
store_actions_each(struct store *st, const char *curator, store_action_fn fn, void *ctx,
		   struct err *err)
{
	sqlite3_stmt *stmt = store_stmt(st, STMT_ACTIONS_OF, err);
	enum status rc = ST_OK;
	int src = SQLITE_DONE;

	if (!stmt)
		return ST_DB;
	sqlite3_bind_text(stmt, 1, curator, -1, SQLITE_STATIC);
	while (rc == ST_OK && (src = sqlite3_step(stmt)) == SQLITE_ROW)
		rc = fn(ctx, sqlite3_column_int64(stmt, 0), (const char *)sqlite3_column_text(stmt, 1),
			sqlite3_column_int64(stmt, 2), err);
	if (rc == ST_OK && src != SQLITE_DONE)
		rc = store_fail(st, ST_DB, "read actions", err);
	sqlite3_reset(stmt);
	sqlite3_clear_bindings(stmt);
	return rc;
}

enum status
store_verdict(struct store *st, int64_t id, int *v, struct err *err)
{
	int64_t x;
	enum status rc = store_query_int(st, STMT_VERDICT_OF, NULL, id, &x, err);

	*v = 0;
	if (rc != ST_OK)
		return rc;
	if (x < 0)
		return err_set(err, ST_NOTFOUND, "no sample with id %lld", (long long)id);
	*v = (int)x;
	return ST_OK;
}

enum status
store_decision_get(struct store *st, int64_t id, int *v, char **curator, char **reason,
		   char **note, char **at, struct err *err)
{
	sqlite3_stmt *stmt = store_stmt(st, STMT_DECISION_GET, err);
	int src;

	*v = 0;
	*curator = *reason = *note = *at = NULL;
	if (!stmt)
		return ST_DB;
	sqlite3_bind_int64(stmt, 1, id);
	src = sqlite3_step(stmt);
	if (src == SQLITE_ROW) {
		*v = strcmp((const char *)sqlite3_column_text(stmt, 0), "accept") == 0 ? 1 : 2;
		*curator = store_col_strdup(stmt, 1);
		*reason = store_col_strdup(stmt, 2);
		*note = store_col_strdup(stmt, 3);
		*at = store_col_strdup(stmt, 4);
	}
	if (src != SQLITE_ROW && src != SQLITE_DONE) {
		enum status rc = store_fail(st, ST_DB, "read decision", err);
		sqlite3_reset(stmt);
		return rc;
	}
	sqlite3_reset(stmt);
	return ST_OK;
}

enum status
store_verdict_counts(struct store *st, int64_t *accepted, int64_t *rejected, struct err *err)
{
	enum status rc = store_query_int(st, STMT_VERDICT_COUNT, "accept", 0, accepted, err);

	if (rc == ST_OK)
		rc = store_query_int(st, STMT_VERDICT_COUNT, "reject", 0, rejected, err);
	return rc;
}

static const char *
col_text(sqlite3_stmt *stmt, int i)
{
	return (const char *)sqlite3_column_text(stmt, i);
}

enum status
store_audit_each(struct store *st, const char *curator, const char *since, int64_t sample_id,
		 int64_t limit, store_audit_fn fn, void *ctx, struct err *err)
{
	sqlite3_stmt *stmt = store_stmt(st, limit > 0 ? STMT_AUDIT_LIST_LAST : STMT_AUDIT_LIST, err);
	enum status rc = ST_OK;
	int src = SQLITE_DONE;

	if (!stmt)
		return ST_DB;
	bind_text(stmt, 1, curator);
	bind_text(stmt, 2, since);
	sqlite3_bind_int64(stmt, 3, sample_id);
	if (limit > 0)
		sqlite3_bind_int64(stmt, 4, limit);
	while (rc == ST_OK && (src = sqlite3_step(stmt)) == SQLITE_ROW) {
		struct store_audit_row r = {
			.seq = sqlite3_column_int64(stmt, 0), .action = sqlite3_column_int64(stmt, 1),
			.sample_id = sqlite3_column_int64(stmt, 2), .curator = col_text(stmt, 3),
			.at = col_text(stmt, 4), .old_verdict = col_text(stmt, 5),
			.new_verdict = col_text(stmt, 6), .reason = col_text(stmt, 7),
			.note = col_text(stmt, 8), .kind = col_text(stmt, 9),
			.target = sqlite3_column_int64(stmt, 10), .query = col_text(stmt, 11),
		};
		rc = fn(ctx, &r, err);
	}
	if (rc == ST_OK && src != SQLITE_DONE)
		rc = store_fail(st, ST_DB, "read the audit log", err);
	sqlite3_reset(stmt);
	sqlite3_clear_bindings(stmt);
	return rc;
}
