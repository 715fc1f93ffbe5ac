/* store_datasets.c: the datasets table. */
#include <stdlib.h>
#include <string.h>

#include "store_internal.h"
#include "util/xalloc.h"

static void
bind_opt_text(sqlite3_stmt *stmt, int i, const char *s)
{
	if (s)
		sqlite3_bind_text(stmt, i, s, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(stmt, i);
}

static enum status
step_done(struct store *st, sqlite3_stmt *stmt, const char *what, struct err *err)
{
	int rc = sqlite3_step(stmt);

	sqlite3_reset(stmt);
	sqlite3_clear_bindings(stmt);
	if (rc != SQLITE_DONE)
		return store_fail(st, ST_DB, what, err);
	return ST_OK;
}

enum status
store_dataset_by_sha(struct store *st, const char *sha256, int64_t *id, struct err *err)
{
	return store_query_int(st, STMT_DATASET_BY_SHA, sha256, 0, id, err);
}

enum status
store_datasets_with_size(struct store *st, int64_t bytes, int64_t *n, struct err *err)
{
	return store_query_int(st, STMT_DATASETS_WITH_SIZE, NULL, bytes, n, err);
}

enum status
store_dataset_insert(struct store *st, const struct dataset *d, int64_t *id, struct err *err)
{
	sqlite3_stmt *stmt = store_stmt(st, STMT_DATASET_INSERT, err);
	enum status rc;

	if (!stmt)
		return ST_DB;
	sqlite3_bind_text(stmt, 1, d->name, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 2, d->path, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 3, d->format, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 4, d->container, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 5, d->sha256, -1, SQLITE_STATIC);
	sqlite3_bind_int64(stmt, 6, d->bytes);
	sqlite3_bind_int64(stmt, 7, d->n_samples);
	sqlite3_bind_int64(stmt, 8, d->n_skipped);
	bind_opt_text(stmt, 9, d->json_prefix);
	bind_opt_text(stmt, 10, d->json_sep);
	bind_opt_text(stmt, 11, d->json_suffix);
	rc = step_done(st, stmt, "insert dataset", err);
	*id = rc == ST_OK ? sqlite3_last_insert_rowid(st->db) : 0;
	return rc;
}

enum status
store_dataset_finish(struct store *st, const struct dataset *d, struct err *err)
{
	sqlite3_stmt *stmt = store_stmt(st, STMT_DATASET_FINISH, err);

	if (!stmt)
		return ST_DB;
	sqlite3_bind_int64(stmt, 1, d->id);
	sqlite3_bind_text(stmt, 2, d->format, -1, SQLITE_STATIC);
	sqlite3_bind_int64(stmt, 3, d->n_samples);
	sqlite3_bind_int64(stmt, 4, d->n_skipped);
	bind_opt_text(stmt, 5, d->json_prefix);
	bind_opt_text(stmt, 6, d->json_sep);
	bind_opt_text(stmt, 7, d->json_suffix);
	sqlite3_bind_text(stmt, 8, d->sha256, -1, SQLITE_STATIC);
	return step_done(st, stmt, "update dataset", err);
}

enum status
store_datasets_list(struct store *st, struct dataset **out, size_t *n, struct err *err)
{
	sqlite3_stmt *stmt = store_stmt(st, STMT_DATASETS_LIST, err);
	struct dataset *ds = NULL;
	size_t len = 0, cap = 0;
	int rc;

	*out = NULL;
	*n = 0;
	if (!stmt)
		return ST_DB;
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		if (len == cap) {
			cap = cap ? 2 * cap : 8;
			ds = xrealloc(ds, cap * sizeof(*ds));
		}
		struct dataset *d = &ds[len++];
		d->id = sqlite3_column_int64(stmt, 0);
		d->name = store_col_strdup(stmt, 1);
		d->path = store_col_strdup(stmt, 2);
		d->format = store_col_strdup(stmt, 3);
		d->container = store_col_strdup(stmt, 4);
		d->sha256 = store_col_strdup(stmt, 5);
		d->bytes = sqlite3_column_int64(stmt, 6);
		d->n_samples = sqlite3_column_int64(stmt, 7);
		d->n_skipped = sqlite3_column_int64(stmt, 8);
		d->json_prefix = store_col_strdup(stmt, 9);
		d->json_sep = store_col_strdup(stmt, 10);
		d->json_suffix = store_col_strdup(stmt, 11);
		d->imported_at = store_col_strdup(stmt, 12);
	}
	sqlite3_reset(stmt);
	if (rc != SQLITE_DONE) {
		store_datasets_free(ds, len);
		return store_fail(st, ST_DB, "list datasets", err);
	}
	*out = ds;
	*n = len;
	return ST_OK;
}

void
store_datasets_free(struct dataset *ds, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(ds[i].name);
		free(ds[i].path);
		free(ds[i].format);
		free(ds[i].container);
		free(ds[i].sha256);
		free(ds[i].json_prefix);
		free(ds[i].json_sep);
		free(ds[i].json_suffix);
		free(ds[i].imported_at);
	}
	free(ds);
}
