/* store.c: opening a project file, migrations, statement cache and transactions.
 * Owns the sqlite3 handle. Must not know about curses or printing. */
#include "store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "store_internal.h"
#include "store_sql.h"
#include "util/xalloc.h"

static const char *const stmt_sql[STMT__COUNT] = {
#define STMT_SQL(name, sql) sql,
	STMT_INFO(STMT_SQL)
#undef STMT_SQL
};

int
store_schema_version(void)
{
	return store_migrations[store_n_migrations - 1].version;
}

enum status
store_fail(struct store *st, enum status code, const char *what, struct err *err)
{
	return err_set(err, code, "%s: %s", what, st && st->db ? sqlite3_errmsg(st->db) : "?");
}

sqlite3_stmt *
store_stmt(struct store *st, enum stmt_id id, struct err *err)
{
	if (!st->stmt[id] &&
	    sqlite3_prepare_v3(st->db, stmt_sql[id], -1, SQLITE_PREPARE_PERSISTENT,
			       &st->stmt[id], NULL) != SQLITE_OK) {
		store_fail(st, ST_DB, "prepare", err);
		return NULL;
	}
	return st->stmt[id];
}

char *
store_col_strdup(sqlite3_stmt *stmt, int col)
{
	const unsigned char *t = sqlite3_column_text(stmt, col);

	if (!t)
		return NULL;
	return xstrndup((const char *)t, (size_t)sqlite3_column_bytes(stmt, col));
}

static enum status
exec(struct store *st, const char *sql, struct err *err)
{
	char *msg = NULL;

	if (sqlite3_exec(st->db, sql, NULL, NULL, &msg) != SQLITE_OK) {
		err_set(err, ST_DB, "%s: %s", st->path, msg ? msg : sqlite3_errmsg(st->db));
		sqlite3_free(msg);
		return ST_DB;
	}
	return ST_OK;
}

static int
user_version(struct store *st)
{
	sqlite3_stmt *stmt;
	int v = -1;

	if (sqlite3_prepare_v2(st->db, "PRAGMA user_version", -1, &stmt, NULL) != SQLITE_OK)
		return -1;
	if (sqlite3_step(stmt) == SQLITE_ROW)
		v = sqlite3_column_int(stmt, 0);
	sqlite3_finalize(stmt);
	return v;
}

/* Only "no such module" means no FTS5: anything else (a busy file) is reported as is. */
static enum status
check_fts5(struct store *st, struct err *err)
{
	if (sqlite3_exec(st->db, "CREATE VIRTUAL TABLE temp.winnow_fts5_probe USING fts5(x);"
			 "DROP TABLE temp.winnow_fts5_probe;", NULL, NULL, NULL) == SQLITE_OK)
		return ST_OK;
	if (!strstr(sqlite3_errmsg(st->db), "no such module"))
		return store_fail(st, ST_DB, st->path, err);
	return err_set(err, ST_NOFTS,
			       "this SQLite (%s) was built without FTS5, which winnow needs for "
			       "search; install a SQLite with FTS5 (Debian's libsqlite3-0 has it)",
			       sqlite3_libversion());
}

/* Apply schema.sql to an empty file, or the migrations after its version. */
static enum status
migrate(struct store *st, struct err *err)
{
	int v = user_version(st), last = store_schema_version();
	enum status rc = ST_OK;
	char pragma[64];

	if (v < 0)
		return store_fail(st, ST_DB, st->path, err);
	if (v == last)
		return ST_OK;
	if (v > last)
		return err_set(err, ST_DB, "%s: made by a newer winnow (schema %d, this one knows %d)",
			       st->path, v, last);
	rc = exec(st, "BEGIN IMMEDIATE", err);
	if (rc == ST_OK && v == 0) {
		sqlite3_stmt *q;
		int n_tables = 0;
		if (sqlite3_prepare_v2(st->db, "SELECT count(*) FROM sqlite_master", -1, &q,
				       NULL) == SQLITE_OK && sqlite3_step(q) == SQLITE_ROW)
			n_tables = sqlite3_column_int(q, 0);
		sqlite3_finalize(q);
		if (n_tables > 0)
			rc = err_set(err, ST_DB, "%s: not a winnow project file (it has other tables)",
				     st->path);
		else
			rc = exec(st, store_schema_sql, err);
		v = last;
	}
	for (int i = 0; rc == ST_OK && i < store_n_migrations; i++) {
		if (store_migrations[i].version <= v)
			continue;
		rc = exec(st, store_migrations[i].sql, err);
		if (rc != ST_OK)
			err_prefix(err, "migration %04d_%s", store_migrations[i].version,
				   store_migrations[i].name);
	}
	snprintf(pragma, sizeof(pragma), "PRAGMA user_version = %d", last);
	if (rc == ST_OK)
		rc = exec(st, pragma, err);
	if (rc == ST_OK)
		rc = exec(st, "COMMIT", err);
	else
		sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
	return rc;
}

static enum status
configure(struct store *st, bool readonly, struct err *err)
{
	enum status rc = ST_OK;

	sqlite3_extended_result_codes(st->db, 1);
	/* 8 KiB pages: 5% faster imports with FTS5 than 4 KiB (measured at 100k rows).
	 * Only takes effect on a new file, so it must come before WAL is switched on. */
	if (!readonly)
		rc = exec(st, "PRAGMA page_size = 8192; PRAGMA journal_mode = WAL", err);
	if (rc == ST_OK)
		rc = exec(st, "PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON;"
			      "PRAGMA cache_size = -65536; PRAGMA temp_store = MEMORY", err);
	if (rc == ST_OK && store_regexp_register(st->db) != SQLITE_OK)
		rc = store_fail(st, ST_DB, "register regexp", err);
	return rc;
}

enum status
store_open(const char *path, int flags, struct store **out, struct err *err)
{
	struct store *st = xcalloc(1, sizeof(*st));
	bool readonly = flags & STORE_READONLY;
	int oflags = readonly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE;
	struct stat sb;
	enum status rc = ST_OK;

	*out = NULL;
	st->path = xstrdup(path);
	if (stat(path, &sb) != 0) {
		if (!(flags & STORE_CREATE)) {
			rc = err_set(err, ST_NOTFOUND, "%s: no such project file", path);
			goto out;
		}
		oflags |= SQLITE_OPEN_CREATE;
	}
	if (sqlite3_open_v2(path, &st->db, oflags, NULL) != SQLITE_OK) {
		rc = store_fail(st, ST_IO, path, err);
		goto out;
	}
	/* Before the first statement: another process may be writing (WAL), and without
	 * a timeout the FTS5 probe below failed at once with SQLITE_BUSY. */
	sqlite3_busy_timeout(st->db, 5000);
	rc = check_fts5(st, err);
	if (rc == ST_OK)
		rc = configure(st, readonly, err);
	if (rc == ST_OK && !readonly)
		rc = migrate(st, err);
	if (rc == ST_OK && readonly && user_version(st) != store_schema_version())
		rc = err_set(err, ST_DB, "%s: schema version %d, expected %d", path,
			     user_version(st), store_schema_version());
	if (rc == ST_DB && sqlite3_errcode(st->db) == SQLITE_NOTADB)
		rc = err_set(err, ST_DB, "%s: not a SQLite database", path);
out:
	if (rc != ST_OK) {
		store_close(st);
		return rc;
	}
	*out = st;
	return ST_OK;
}

void
store_close(struct store *st)
{
	if (!st)
		return;
	for (int i = 0; i < STMT__COUNT; i++)
		sqlite3_finalize(st->stmt[i]);
	if (st->db)
		sqlite3_close(st->db);
	free(st->saved_trigger);
	free(st->path);
	free(st);
}

enum status
store_begin(struct store *st, struct err *err)
{
	return exec(st, "BEGIN IMMEDIATE", err);
}

enum status
store_commit(struct store *st, struct err *err)
{
	return exec(st, "COMMIT", err);
}

enum status
store_bulk_begin(struct store *st, struct err *err)
{
	sqlite3_stmt *q;

	if (sqlite3_prepare_v2(st->db, "SELECT sql FROM sqlite_master WHERE type = 'trigger'"
			       " AND name = 'samples_ai'", -1, &q, NULL) != SQLITE_OK)
		return store_fail(st, ST_DB, "bulk load", err);
	free(st->saved_trigger);
	st->saved_trigger = sqlite3_step(q) == SQLITE_ROW ? store_col_strdup(q, 0) : NULL;
	sqlite3_finalize(q);
	if (!st->saved_trigger)
		return err_set(err, ST_DB, "%s: the samples_ai trigger is missing", st->path);
	return exec(st, "DROP TRIGGER samples_ai", err);
}

enum status
store_fts_index_dataset(struct store *st, int64_t dataset_id, struct err *err)
{
	sqlite3_stmt *stmt = store_stmt(st, STMT_FTS_FILL_DATASET, err);
	int rc;

	if (!stmt)
		return ST_DB;
	sqlite3_bind_int64(stmt, 1, dataset_id);
	rc = sqlite3_step(stmt);
	sqlite3_reset(stmt);
	return rc == SQLITE_DONE ? ST_OK : store_fail(st, ST_DB, "index dataset", err);
}

enum status
store_bulk_end(struct store *st, struct err *err)
{
	enum status rc = ST_OK;

	if (st->saved_trigger)
		rc = exec(st, st->saved_trigger, err);
	free(st->saved_trigger);
	st->saved_trigger = NULL;
	return rc;
}

void
store_rollback(struct store *st)
{
	if (!sqlite3_get_autocommit(st->db))
		sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
}

const char *
store_sqlite_version(void)
{
	return sqlite3_libversion();
}

enum status
store_query_int(struct store *st, enum stmt_id id, const char *text, int64_t arg, int64_t *out,
		struct err *err)
{
	sqlite3_stmt *stmt = store_stmt(st, id, err);
	int n, rc;

	*out = 0;
	if (!stmt)
		return ST_DB;
	n = sqlite3_bind_parameter_count(stmt);
	if (n >= 1 && text)
		sqlite3_bind_text(stmt, 1, text, -1, SQLITE_STATIC);
	if (n >= 2)
		sqlite3_bind_int64(stmt, 2, arg);
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW)
		*out = sqlite3_column_int64(stmt, 0);
	sqlite3_reset(stmt);
	sqlite3_clear_bindings(stmt);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return store_fail(st, ST_DB, "query", err);
	return ST_OK;
}

enum status
store_query_text(struct store *st, enum stmt_id id, const char *key, char **out,
		 const char *what, struct err *err)
{
	sqlite3_stmt *stmt = store_stmt(st, id, err);
	enum status rc = ST_OK;
	int src;

	*out = NULL;
	if (!stmt)
		return ST_DB;
	sqlite3_bind_text(stmt, 1, key, -1, SQLITE_STATIC);
	src = sqlite3_step(stmt);
	if (src == SQLITE_ROW)
		*out = store_col_strdup(stmt, 0);
	else if (src != SQLITE_DONE)
		rc = store_fail(st, ST_DB, what, err);
	sqlite3_reset(stmt);
	sqlite3_clear_bindings(stmt);
	return rc;
}
