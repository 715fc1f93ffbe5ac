/* store_samples.c: inserting and reading samples, and the counts behind `stats`. */
#include <stdlib.h>
#include <string.h>

#include "store_internal.h"
#include "util/xalloc.h"

enum status
store_sample_insert(struct store *st, const struct sample_in *in, struct err *err)
{
	sqlite3_stmt *stmt = store_stmt(st, STMT_SAMPLE_INSERT, err);
	int rc;

	if (!stmt)
		return ST_DB;
	sqlite3_bind_int64(stmt, 1, in->dataset_id);
	sqlite3_bind_int64(stmt, 2, in->ord);
	sqlite3_bind_int64(stmt, 3, in->line);
	sqlite3_bind_text(stmt, 4, in->format, -1, SQLITE_STATIC);
	sqlite3_bind_int(stmt, 5, in->n_turns);
	sqlite3_bind_text(stmt, 6, in->prompt, (int)in->prompt_len, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 7, in->response, (int)in->response_len, SQLITE_STATIC);
	sqlite3_bind_int64(stmt, 8, in->prompt_chars);
	sqlite3_bind_int64(stmt, 9, in->response_chars);
	if (in->turns_json)
		sqlite3_bind_text(stmt, 10, in->turns_json, (int)in->turns_len, SQLITE_STATIC);
	else
		sqlite3_bind_null(stmt, 10);
	sqlite3_bind_text(stmt, 11, in->raw, (int)in->raw_len, SQLITE_STATIC);
	sqlite3_bind_int(stmt, 12, in->packed);
	rc = sqlite3_step(stmt);
	sqlite3_reset(stmt);
	if (rc != SQLITE_DONE)
		return store_fail(st, ST_DB, "insert sample", err);
	return ST_OK;
}

enum status
store_sample_get(struct store *st, int64_t id, struct sample *out, struct err *err)
{
	sqlite3_stmt *stmt = store_stmt(st, STMT_SAMPLE_GET, err);
	int rc;

	memset(out, 0, sizeof(*out));
	if (!stmt)
		return ST_DB;
	sqlite3_bind_int64(stmt, 1, id);
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW) {
		out->id = sqlite3_column_int64(stmt, 0);
		out->dataset_id = sqlite3_column_int64(stmt, 1);
		out->dataset = store_col_strdup(stmt, 2);
		out->ord = sqlite3_column_int64(stmt, 3);
		out->line = sqlite3_column_int64(stmt, 4);
		out->format = store_col_strdup(stmt, 5);
		out->n_turns = (size_t)sqlite3_column_int(stmt, 6);
		out->prompt = store_col_strdup(stmt, 7);
		out->response = store_col_strdup(stmt, 8);
		out->turns_json = store_col_strdup(stmt, 9);
		out->raw = store_col_strdup(stmt, 10);
		out->raw_len = (size_t)sqlite3_column_bytes(stmt, 10);
		out->packed = sqlite3_column_int(stmt, 11);
	}
	sqlite3_reset(stmt);
	if (rc == SQLITE_DONE)
		return err_set(err, ST_NOTFOUND, "no sample with id %lld", (long long)id);
	if (rc != SQLITE_ROW)
		return store_fail(st, ST_DB, "read sample", err);
	return ST_OK;
}

static enum status
each_raw(struct store *st, sqlite3_stmt *stmt, raw_row_fn fn, void *ctx, int64_t *n_rows,
	 struct err *err)
{
	enum status st_rc = ST_OK;
	int rc;

	*n_rows = 0;
	while (st_rc == ST_OK && (rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		struct raw_row row = {
			.id = sqlite3_column_int64(stmt, 0),
			.dataset_id = sqlite3_column_int64(stmt, 1),
			.ord = sqlite3_column_int64(stmt, 2),
			.raw = (const char *)sqlite3_column_text(stmt, 3),
			.raw_len = (size_t)sqlite3_column_bytes(stmt, 3),
			.packed = sqlite3_column_int(stmt, 4),
			.prompt = (const char *)sqlite3_column_text(stmt, 5),
			.response = (const char *)sqlite3_column_text(stmt, 6),
		};
		(*n_rows)++;
		st_rc = fn(ctx, &row, err);
	}
	if (st_rc == ST_OK && rc != SQLITE_DONE)
		st_rc = store_fail(st, ST_DB, "read samples", err);
	sqlite3_reset(stmt);
	sqlite3_clear_bindings(stmt);
	return st_rc;
}

enum status
store_samples_each_raw(struct store *st, raw_row_fn fn, void *ctx, struct err *err)
{
	sqlite3_stmt *stmt = store_stmt(st, STMT_SAMPLES_RAW, err);
	int64_t n;

	return stmt ? each_raw(st, stmt, fn, ctx, &n, err) : ST_DB;
}

enum status
store_sample_raw(struct store *st, int64_t id, raw_row_fn fn, void *ctx, struct err *err)
{
	sqlite3_stmt *stmt = store_stmt(st, STMT_SAMPLE_RAW, err);
	enum status rc;
	int64_t n;

	if (!stmt)
		return ST_DB;
	sqlite3_bind_int64(stmt, 1, id);
	rc = each_raw(st, stmt, fn, ctx, &n, err);
	if (rc == ST_OK && n == 0)
		rc = err_set(err, ST_NOTFOUND, "no sample with id %lld", (long long)id);
	return rc;
}

enum status
store_sample_count(struct store *st, int64_t *n, struct err *err)
{
	return store_query_int(st, STMT_SAMPLE_COUNT, NULL, 0, n, err);
}

enum status
store_corpus_size(struct store *st, int64_t *n, int64_t *max_id, struct err *err)
{
	enum status rc = store_query_int(st, STMT_SAMPLE_COUNT, NULL, 0, n, err);

	return rc == ST_OK ? store_query_int(st, STMT_SAMPLE_MAX_ID, NULL, 0, max_id, err) : rc;
}

static enum status
count_rows(struct store *st, enum stmt_id id, count_row_fn fn, void *ctx, struct err *err)
{
	sqlite3_stmt *stmt = store_stmt(st, id, err);
	int rc;

	if (!stmt)
		return ST_DB;
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		struct count_row row = {(const char *)sqlite3_column_text(stmt, 0),
					sqlite3_column_int64(stmt, 1)};
		fn(ctx, &row);
	}
	sqlite3_reset(stmt);
	return rc == SQLITE_DONE ? ST_OK : store_fail(st, ST_DB, "count", err);
}

enum status
store_count_by_format(struct store *st, count_row_fn fn, void *ctx, struct err *err)
{
	return count_rows(st, STMT_COUNT_BY_FORMAT, fn, ctx, err);
}

enum status
store_count_by_turns(struct store *st, count_row_fn fn, void *ctx, struct err *err)
{
	return count_rows(st, STMT_COUNT_BY_TURNS, fn, ctx, err);
}

enum status
store_lengths(struct store *st, int which, int64_t **out, size_t *n, struct err *err)
{
	sqlite3_stmt *stmt = store_stmt(st, which ? STMT_RESPONSE_LENGTHS : STMT_PROMPT_LENGTHS,
					err);
	size_t len = 0, cap = 1024;
	int64_t *v;
	int rc;

	*out = NULL;
	*n = 0;
	if (!stmt)
		return ST_DB;
	v = xmalloc(cap * sizeof(*v));
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		if (len == cap)
			v = xrealloc(v, (cap *= 2) * sizeof(*v));
		v[len++] = sqlite3_column_int64(stmt, 0);
	}
	sqlite3_reset(stmt);
	if (rc != SQLITE_DONE) {
		free(v);
		return store_fail(st, ST_DB, "read lengths", err);
	}
	*out = v;
	*n = len;
	return ST_OK;
}
