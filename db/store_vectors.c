/* store_vectors.c: the vectors and vector_spaces tables (see store_vectors.h). */
#include "store_vectors.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store_internal.h"
#include "util/xalloc.h"

enum status
store_vec_space_current(struct store *st, struct vec_space *out, struct err *err)
{
	sqlite3_stmt *q = store_stmt(st, STMT_VEC_SPACE_CURRENT, err);
	enum status rc = ST_OK;
	int src;

	memset(out, 0, sizeof(*out));
	if (!q)
		return ST_DB;
	src = sqlite3_step(q);
	if (src == SQLITE_ROW) {
		const uint8_t *b = sqlite3_column_blob(q, 4);
		size_t len = (size_t)sqlite3_column_bytes(q, 4);
		out->id = sqlite3_column_int64(q, 0);
		snprintf(out->version, sizeof(out->version), "%s",
			 (const char *)sqlite3_column_text(q, 1));
		out->dim = sqlite3_column_int64(q, 2);
		out->n_docs = sqlite3_column_int64(q, 3);
		if (out->dim <= 0 || out->dim > (1 << 28) || len != 4 * (size_t)out->dim) {
			rc = err_set(err, ST_BADDATA, "vector space %lld: %zu bytes of document "
				     "frequencies for %lld buckets", (long long)out->id, len,
				     (long long)out->dim);
		} else {
			out->df = xmalloc(len);
			for (size_t i = 0; i < (size_t)out->dim; i++)
				out->df[i] = (uint32_t)b[4 * i] | (uint32_t)b[4 * i + 1] << 8 |
					     (uint32_t)b[4 * i + 2] << 16 | (uint32_t)b[4 * i + 3] << 24;
		}
	} else if (src != SQLITE_DONE) {
		rc = store_fail(st, ST_DB, "read vector space", err);
	}
	sqlite3_reset(q);
	return rc;
}

enum status
store_vec_space_insert(struct store *st, const char *version, uint32_t dim, int64_t n_docs,
		       const uint32_t *df, int64_t *id, struct err *err)
{
	sqlite3_stmt *q = store_stmt(st, STMT_VEC_SPACE_INSERT, err);
	uint8_t *b = xmalloc(4 * (size_t)dim);
	int src;

	*id = 0;
	if (!q) {
		free(b);
		return ST_DB;
	}
	for (size_t i = 0; i < dim; i++) {
		b[4 * i] = (uint8_t)df[i];
		b[4 * i + 1] = (uint8_t)(df[i] >> 8);
		b[4 * i + 2] = (uint8_t)(df[i] >> 16);
		b[4 * i + 3] = (uint8_t)(df[i] >> 24);
	}
	sqlite3_bind_text(q, 1, version, -1, SQLITE_STATIC);
	sqlite3_bind_int64(q, 2, dim);
	sqlite3_bind_int64(q, 3, n_docs);
	sqlite3_bind_blob(q, 4, b, (int)(4 * (size_t)dim), SQLITE_STATIC);
	src = sqlite3_step(q);
	sqlite3_reset(q);
	sqlite3_clear_bindings(q);
	free(b);
	if (src != SQLITE_DONE)
		return store_fail(st, ST_DB, "write vector space", err);
	*id = sqlite3_last_insert_rowid(st->db);
	return ST_OK;
}

enum status
store_vec_space_prune(struct store *st, struct err *err)
{
	sqlite3_stmt *q = store_stmt(st, STMT_VEC_SPACE_PRUNE, err);
	int src;

	if (!q)
		return ST_DB;
	src = sqlite3_step(q);
	sqlite3_reset(q);
	return src == SQLITE_DONE ? ST_OK : store_fail(st, ST_DB, "prune vector spaces", err);
}

enum status
store_vec_pending(struct store *st, int64_t space_id, int64_t after, size_t limit,
		  pending_fn fn, void *ctx, struct err *err)
{
	sqlite3_stmt *q = store_stmt(st, STMT_VEC_PENDING, err);
	enum status rc = ST_OK;
	int src = SQLITE_DONE;

	if (!q)
		return ST_DB;
	sqlite3_bind_int64(q, 1, after);
	sqlite3_bind_int64(q, 2, space_id);
	sqlite3_bind_int64(q, 3, (sqlite3_int64)limit);
	while (rc == ST_OK && (src = sqlite3_step(q)) == SQLITE_ROW) {
		struct pending_row row = {
			.id = sqlite3_column_int64(q, 0),
			.prompt = (const char *)sqlite3_column_text(q, 1),
			.prompt_len = (size_t)sqlite3_column_bytes(q, 1),
			.response = (const char *)sqlite3_column_text(q, 2),
			.response_len = (size_t)sqlite3_column_bytes(q, 2),
			.n_turns = sqlite3_column_int(q, 3),
		};
		rc = fn(ctx, &row, err);
	}
	if (rc == ST_OK && src != SQLITE_DONE)
		rc = store_fail(st, ST_DB, "read samples for vectors", err);
	sqlite3_reset(q);
	return rc;
}

enum status
store_vec_stale(struct store *st, int64_t space_id, int64_t *n, struct err *err)
{
	return store_query_int(st, STMT_VEC_STALE, NULL, space_id, n, err);
}

enum status
store_vec_put(struct store *st, int64_t sample_id, int64_t space_id, const void *blob,
	      size_t len, struct err *err)
{
	sqlite3_stmt *q = store_stmt(st, STMT_VEC_PUT, err);
	int src;

	if (!q)
		return ST_DB;
	sqlite3_bind_int64(q, 1, sample_id);
	sqlite3_bind_int64(q, 2, space_id);
	sqlite3_bind_blob(q, 3, blob, (int)len, SQLITE_STATIC);
	src = sqlite3_step(q);
	sqlite3_reset(q);
	return src == SQLITE_DONE ? ST_OK : store_fail(st, ST_DB, "write vector", err);
}

enum status
store_vec_each(struct store *st, vec_row_fn fn, void *ctx, struct err *err)
{
	sqlite3_stmt *q = store_stmt(st, STMT_VEC_ALL, err);
	enum status rc = ST_OK;
	int src = SQLITE_DONE;

	if (!q)
		return ST_DB;
	while (rc == ST_OK && (src = sqlite3_step(q)) == SQLITE_ROW) {
		const void *b = sqlite3_column_blob(q, 1);
		rc = fn(ctx, sqlite3_column_int64(q, 0), b,
			b ? (size_t)sqlite3_column_bytes(q, 1) : 0, err);
	}
	if (rc == ST_OK && src != SQLITE_DONE)
		rc = store_fail(st, ST_DB, "read vectors", err);
	sqlite3_reset(q);
	return rc;
}

enum status
store_vec_get(struct store *st, int64_t sample_id, vec_row_fn fn, void *ctx, struct err *err)
{
	sqlite3_stmt *q = store_stmt(st, STMT_VEC_GET, err);
	enum status rc = ST_OK;
	int src;

	if (!q)
		return ST_DB;
	sqlite3_bind_int64(q, 1, sample_id);
	src = sqlite3_step(q);
	if (src == SQLITE_ROW) {
		const void *b = sqlite3_column_blob(q, 0);
		rc = fn(ctx, sample_id, b, b ? (size_t)sqlite3_column_bytes(q, 0) : 0, err);
	} else if (src == SQLITE_DONE) {
		rc = fn(ctx, sample_id, NULL, 0, err);
	} else {
		rc = store_fail(st, ST_DB, "read vector", err);
	}
	sqlite3_reset(q);
	return rc;
}
