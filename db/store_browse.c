/* store_browse.c: the queries behind the TUI: score columns and their metadata, id sets
 * (temporary tables), and keyset pages of the sample list in id or score order.
 * Keyset paging: a page starts after the (value, id) of the last row seen, so the cost of
 * a page does not grow with its position (no OFFSET); with an index on the sort column a
 * page is an index range scan. Rows without a value of the sort column come last, by id.
 * SQL text is assembled from fixed parts and identifiers quoted with %w; values are bound. */
#include "store_browse.h"

#include <stdlib.h>
#include <string.h>

#include "store_internal.h"
#include "util/buf.h"
#include "util/xalloc.h"

#define PREVIEW_CHARS 240

/* ---- score columns ---- */

enum status
store_score_columns(struct store *st, col_meta_fn fn, void *ctx, struct err *err)
{
	sqlite3_stmt *q;
	enum status rc = ST_OK;
	int src;

	if (sqlite3_prepare_v2(st->db,
			       "SELECT p.name, r.family, r.direction, r.description, r.lo, r.hi"
			       " FROM pragma_table_info('scores') p LEFT JOIN scorers r ON r.name = p.name"
			       " WHERE p.type = 'REAL' ORDER BY p.cid", -1, &q, NULL) != SQLITE_OK)
		return store_fail(st, ST_DB, "list score columns", err);
	while (rc == ST_OK && (src = sqlite3_step(q)) == SQLITE_ROW) {
		struct score_col_meta m = {
			(const char *)sqlite3_column_text(q, 0), (const char *)sqlite3_column_text(q, 1),
			(const char *)sqlite3_column_text(q, 2), (const char *)sqlite3_column_text(q, 3),
			sqlite3_column_double(q, 4), sqlite3_column_double(q, 5)};
		rc = fn(ctx, &m, err);
	}
	if (rc == ST_OK && src != SQLITE_DONE)
		rc = store_fail(st, ST_DB, "list score columns", err);
	sqlite3_finalize(q);
	return rc;
}

static char *
values_sql(const char *const *cols, size_t n_cols, const char *where)
{
	struct buf sql = BUF_INIT;

	buf_puts(&sql, "SELECT sample_id");
	for (size_t i = 0; i < n_cols; i++) {
		char *part = sqlite3_mprintf(", \"%w\"", cols[i]);
		buf_puts(&sql, part);
		sqlite3_free(part);
	}
	buf_puts(&sql, " FROM scores");
	buf_puts(&sql, where);
	return buf_take(&sql);
}

/* Step q (one row per step) and hand each row's values to fn. */
static enum status
emit_values(struct store *st, sqlite3_stmt *q, size_t n_cols, double *vals, bool *nul,
	    vals_fn fn, void *ctx, bool *had_row, struct err *err)
{
	int src = sqlite3_step(q);

	*had_row = src == SQLITE_ROW;
	if (src != SQLITE_ROW)
		return src == SQLITE_DONE ? ST_OK : store_fail(st, ST_DB, "read score values", err);
	for (size_t i = 0; i < n_cols; i++) {
		nul[i] = sqlite3_column_type(q, (int)i + 1) == SQLITE_NULL;
		vals[i] = sqlite3_column_double(q, (int)i + 1);
	}
	return fn(ctx, sqlite3_column_int64(q, 0), vals, nul, err);
}

enum status
store_score_values(struct store *st, const char *const *cols, size_t n_cols, const int64_t *ids,
		   size_t n, vals_fn fn, void *ctx, struct err *err)
{
	char *sql = values_sql(cols, n_cols, ids ? " WHERE sample_id = ?1" : " ORDER BY sample_id");
	sqlite3_stmt *q = NULL;
	double *vals = xcalloc(n_cols + 1, sizeof(*vals));
	bool *nul = xcalloc(n_cols + 1, sizeof(*nul)), row = true;
	enum status rc = ST_OK;

	if (sqlite3_prepare_v2(st->db, sql, -1, &q, NULL) != SQLITE_OK)
		rc = store_fail(st, ST_DB, "read score values", err);
	for (size_t i = 0; rc == ST_OK && ids && i < n; i++) {
		sqlite3_bind_int64(q, 1, ids[i]);
		rc = emit_values(st, q, n_cols, vals, nul, fn, ctx, &row, err);
		sqlite3_reset(q);
	}
	while (rc == ST_OK && !ids && row)
		rc = emit_values(st, q, n_cols, vals, nul, fn, ctx, &row, err);
	sqlite3_finalize(q);
	free(sql);
	free(vals);
	free(nul);
	return rc;
}

enum status
store_score_blocks(struct store *st, const char *const *cols, size_t n_cols,
		   const int64_t *starts, size_t n, size_t block, vals_fn fn, void *ctx,
		   struct err *err)
{
	char *sql = values_sql(cols, n_cols, " WHERE sample_id >= ?1 ORDER BY sample_id LIMIT ?2");
	sqlite3_stmt *q = NULL;
	double *vals = xcalloc(n_cols + 1, sizeof(*vals));
	bool *nul = xcalloc(n_cols + 1, sizeof(*nul)), row = true;
	enum status rc = ST_OK;

	if (sqlite3_prepare_v2(st->db, sql, -1, &q, NULL) != SQLITE_OK)
		rc = store_fail(st, ST_DB, "read score values", err);
	for (size_t i = 0; rc == ST_OK && i < n; i++) {
		sqlite3_bind_int64(q, 1, starts[i]);
		sqlite3_bind_int64(q, 2, (sqlite3_int64)block);
		do
			rc = emit_values(st, q, n_cols, vals, nul, fn, ctx, &row, err);
		while (rc == ST_OK && row);
		sqlite3_reset(q);
	}
	sqlite3_finalize(q);
	free(sql);
	free(vals);
	free(nul);
	return rc;
}

enum status
store_score_text(struct store *st, int64_t id, const char *col, char **out, struct err *err)
{
	sqlite3_stmt *q;
	char *sql;
	int src;

	*out = NULL;
	if (!store_scores_has(st, col))
		return ST_OK;
	sql = sqlite3_mprintf("SELECT \"%w\" FROM scores WHERE sample_id = ?1", col);
	src = sqlite3_prepare_v2(st->db, sql, -1, &q, NULL);
	sqlite3_free(sql);
	if (src != SQLITE_OK)
		return store_fail(st, ST_DB, "read score text", err);
	sqlite3_bind_int64(q, 1, id);
	src = sqlite3_step(q);
	if (src == SQLITE_ROW)
		*out = store_col_strdup(q, 0);
	sqlite3_finalize(q);
	return src == SQLITE_ROW || src == SQLITE_DONE ? ST_OK
						       : store_fail(st, ST_DB, "read score text", err);
}

enum status
store_score_index(struct store *st, const char *col, struct err *err)
{
	char *sql = sqlite3_mprintf("CREATE INDEX IF NOT EXISTS \"scores_by_%w\" ON scores(\"%w\")",
				    col, col);
	int src = sqlite3_exec(st->db, sql, NULL, NULL, NULL);

	sqlite3_free(sql);
	if (src == SQLITE_INTERRUPT)
		return err_set(err, ST_CANCELLED, "indexing %s was cancelled", col);
	return src == SQLITE_OK ? ST_OK : store_fail(st, ST_DB, "index score column", err);
}

bool
store_score_indexed(struct store *st, const char *col)
{
	sqlite3_stmt *q;
	bool found = false;

	if (sqlite3_prepare_v2(st->db, "SELECT 1 FROM pragma_index_list('scores') l,"
			       " pragma_index_info(l.name) i WHERE i.seqno = 0 AND i.name = ?1",
			       -1, &q, NULL) != SQLITE_OK)
		return false;
	sqlite3_bind_text(q, 1, col, -1, SQLITE_STATIC);
	found = sqlite3_step(q) == SQLITE_ROW;
	sqlite3_finalize(q);
	return found;
}

void
store_interrupt(struct store *st)
{
	sqlite3_interrupt(st->db);
}

/* ---- sets ---- */

static enum status
set_exec(struct store *st, const char *fmt, int n, const char *text, int64_t arg,
	 struct err *err)
{
	char *sql = sqlite3_mprintf(fmt, n);
	sqlite3_stmt *q = NULL;
	int src = sqlite3_prepare_v2(st->db, sql, -1, &q, NULL);

	sqlite3_free(sql);
	if (src != SQLITE_OK)
		return store_fail(st, ST_DB, "id set", err);
	if (text)
		sqlite3_bind_text(q, 1, text, -1, SQLITE_STATIC);
	else if (sqlite3_bind_parameter_count(q) >= 1)
		sqlite3_bind_int64(q, 1, arg);
	src = sqlite3_step(q);
	sqlite3_finalize(q);
	if (src == SQLITE_DONE || src == SQLITE_ROW)
		return ST_OK;
	if (src == SQLITE_INTERRUPT)
		return err_set(err, ST_CANCELLED, "cancelled");
	if (text)	/* the only text bound here is a full-text query */
		return store_fail(st, ST_BADQUERY, "full-text query", err);
	return store_fail(st, ST_DB, "id set", err);
}

enum status
store_set_reset(struct store *st, int n, struct err *err)
{
	enum status rc = set_exec(st, "CREATE TEMP TABLE IF NOT EXISTS \"browse_set_%d\""
				  "(id INTEGER PRIMARY KEY)", n, NULL, 0, err);

	return rc == ST_OK ? set_exec(st, "DELETE FROM temp.\"browse_set_%d\"", n, NULL, 0, err) : rc;
}

void
store_set_drop(struct store *st, int n)
{
	set_exec(st, "DROP TABLE IF EXISTS temp.\"browse_set_%d\"", n, NULL, 0, NULL);
}

enum status
store_set_add_fts(struct store *st, int n, const char *fts, struct err *err)
{
	return set_exec(st, "INSERT OR IGNORE INTO temp.\"browse_set_%d\" SELECT rowid FROM"
			" samples_fts WHERE samples_fts MATCH ?1", n, fts, 0, err);
}

enum status
store_set_keep_fts(struct store *st, int n, const char *fts, struct err *err)
{
	return set_exec(st, "DELETE FROM temp.\"browse_set_%d\" WHERE id NOT IN (SELECT rowid FROM"
			" samples_fts WHERE samples_fts MATCH ?1)", n, fts, 0, err);
}

enum status
store_set_add_ids(struct store *st, int n, const int64_t *ids, size_t n_ids, struct err *err)
{
	char *sql = sqlite3_mprintf("INSERT OR IGNORE INTO temp.\"browse_set_%d\"(id) VALUES (?1)", n);
	sqlite3_stmt *q = NULL;
	enum status rc = ST_OK;

	if (sqlite3_prepare_v2(st->db, sql, -1, &q, NULL) != SQLITE_OK)
		rc = store_fail(st, ST_DB, "id set", err);
	sqlite3_free(sql);
	if (rc == ST_OK)
		rc = set_exec(st, "SAVEPOINT browse_set_%d", n, NULL, 0, err);
	for (size_t i = 0; rc == ST_OK && i < n_ids; i++) {
		sqlite3_bind_int64(q, 1, ids[i]);
		if (sqlite3_step(q) != SQLITE_DONE)
			rc = store_fail(st, ST_DB, "id set", err);
		sqlite3_reset(q);
	}
	if (q)
		set_exec(st, "RELEASE browse_set_%d", n, NULL, 0, NULL);
	sqlite3_finalize(q);
	return rc;
}

enum status
store_set_count(struct store *st, int n, int64_t *count, struct err *err)
{
	char *sql = sqlite3_mprintf("SELECT count(*) FROM temp.\"browse_set_%d\"", n);
	sqlite3_stmt *q = NULL;
	int src = sqlite3_prepare_v2(st->db, sql, -1, &q, NULL);

	sqlite3_free(sql);
	*count = 0;
	if (src == SQLITE_OK && (src = sqlite3_step(q)) == SQLITE_ROW)
		*count = sqlite3_column_int64(q, 0);
	sqlite3_finalize(q);
	return src == SQLITE_ROW ? ST_OK : store_fail(st, ST_DB, "count id set", err);
}

enum status
store_set_has(struct store *st, int n, int64_t id, bool *has, struct err *err)
{
	char *sql = sqlite3_mprintf("SELECT 1 FROM temp.\"browse_set_%d\" WHERE id = ?1", n);
	sqlite3_stmt *q = NULL;
	int src = sqlite3_prepare_v2(st->db, sql, -1, &q, NULL);

	sqlite3_free(sql);
	*has = false;
	if (src == SQLITE_OK) {
		sqlite3_bind_int64(q, 1, id);
		src = sqlite3_step(q);
		*has = src == SQLITE_ROW;
	}
	sqlite3_finalize(q);
	return src == SQLITE_ROW || src == SQLITE_DONE ? ST_OK : store_fail(st, ST_DB, "id set", err);
}

enum status
store_cluster_members(struct store *st, int64_t rep, size_t max, int64_t **ids, size_t *n,
		      int64_t *total, struct err *err)
{
	sqlite3_stmt *q = NULL;
	int src = SQLITE_DONE;

	*ids = xcalloc(max + 1, sizeof(**ids));
	*n = 0;
	*total = 0;
	if (!store_scores_has(st, "dup_cluster"))
		return ST_OK;
	if (sqlite3_prepare_v2(st->db, "SELECT sample_id FROM scores WHERE dup_cluster = ?1"
			       " ORDER BY sample_id", -1, &q, NULL) != SQLITE_OK)
		return store_fail(st, ST_DB, "read duplicate cluster", err);
	sqlite3_bind_int64(q, 1, rep);
	while ((src = sqlite3_step(q)) == SQLITE_ROW) {
		if (*n < max)
			(*ids)[(*n)++] = sqlite3_column_int64(q, 0);
		(*total)++;
	}
	sqlite3_finalize(q);
	return src == SQLITE_DONE ? ST_OK : store_fail(st, ST_DB, "read duplicate cluster", err);
}

enum status
store_set_ids(struct store *st, int n, int64_t **ids, size_t *n_ids, struct err *err)
{
	char *sql = n >= 0 ? sqlite3_mprintf("SELECT id FROM temp.\"browse_set_%d\" ORDER BY id", n)
			   : sqlite3_mprintf("SELECT id FROM samples ORDER BY id");
	sqlite3_stmt *q = NULL;
	size_t cap = 0;
	int src = sqlite3_prepare_v2(st->db, sql, -1, &q, NULL);

	sqlite3_free(sql);
	*ids = NULL;
	*n_ids = 0;
	while (src == SQLITE_OK && (src = sqlite3_step(q)) == SQLITE_ROW) {
		if (*n_ids == cap)
			*ids = xrealloc(*ids, (cap = cap ? 2 * cap : 1024) * sizeof(**ids));
		(*ids)[(*n_ids)++] = sqlite3_column_int64(q, 0);
		src = SQLITE_OK;
	}
	sqlite3_finalize(q);
	if (src == SQLITE_DONE)
		return ST_OK;
	free(*ids);
	*ids = NULL;
	*n_ids = 0;
	return store_fail(st, ST_DB, "list ids", err);
}

/* ---- pages ---- */

/* buf_puts of an mprintf'd part. */
static void
put_fmt(struct buf *b, char *part)
{
	buf_puts(b, part);
	sqlite3_free(part);
}

/* The preview: the first user turn (the prompt when the row has plain turns), or the
 * response when that is empty (text-only rows). */
static const char preview_sql[] =
	"substr(coalesce(nullif(CASE WHEN s.turns IS NULL THEN s.prompt ELSE (SELECT"
	" json_extract(j.value, '$.text') FROM json_each(s.turns) j WHERE json_extract(j.value,"
	" '$.role') = 'user' LIMIT 1) END, ''), s.response), 1, %d)";

static void
select_list(struct buf *b, const struct browse_sql *q, bool count)
{
	if (count) {
		buf_puts(b, "SELECT count(*)");
		return;
	}
	buf_puts(b, "SELECT s.id, s.dataset_id, s.line, ");
	put_fmt(b, sqlite3_mprintf(preview_sql, PREVIEW_CHARS));
	for (size_t i = 0; i < q->n_cols; i++)
		put_fmt(b, sqlite3_mprintf(", c.\"%w\"", q->cols[i]));
	if (q->hits >= 0)
		put_fmt(b, sqlite3_mprintf(", s.id IN temp.\"browse_set_%d\"", q->hits));
	else
		buf_puts(b, ", 0");
	if (q->sort && q->seg == 0)
		put_fmt(b, sqlite3_mprintf(", c.\"%w\"", q->sort));
	else
		buf_puts(b, ", NULL");
}

/* FROM and WHERE. *key is the id column the keyset and the hit test use: s.id, b.id (the
 * set) or c.sample_id (scores). A count joins only what its WHERE needs. */
static void
from_where(struct buf *b, const struct browse_sql *q, bool count, const char **key)
{
	const char *sort = q->sort;
	bool valued = sort && q->seg == 0, nulls = sort && q->seg == 1;

	if (valued && q->set >= 0 && q->small_set) {
		put_fmt(b, sqlite3_mprintf(" FROM temp.\"browse_set_%d\" b CROSS JOIN scores c ON"
					   " c.sample_id = b.id%s WHERE c.\"%w\" IS NOT NULL", q->set,
					   count ? "" : " CROSS JOIN samples s ON s.id = b.id", sort));
		*key = "b.id";
	} else if (valued) {
		put_fmt(b, sqlite3_mprintf(" FROM scores c%s WHERE c.\"%w\" IS NOT NULL",
					   count ? "" : " JOIN samples s ON s.id = c.sample_id", sort));
		if (q->set >= 0)	/* unary +: walk the sort index, probe the set */
			put_fmt(b, sqlite3_mprintf(" AND +c.sample_id IN temp.\"browse_set_%d\"", q->set));
		*key = "c.sample_id";
	} else if (q->set >= 0) {
		put_fmt(b, sqlite3_mprintf(" FROM temp.\"browse_set_%d\" b", q->set));
		if (!count)
			buf_puts(b, " CROSS JOIN samples s ON s.id = b.id");
		if (!count || nulls)
			buf_puts(b, " LEFT JOIN scores c ON c.sample_id = b.id");
		buf_puts(b, " WHERE 1");
		*key = "b.id";
	} else {
		buf_puts(b, " FROM samples s");
		if (!count || nulls)
			buf_puts(b, " LEFT JOIN scores c ON c.sample_id = s.id");
		buf_puts(b, " WHERE 1");
		*key = "s.id";
	}
	if (nulls)
		put_fmt(b, sqlite3_mprintf(" AND c.\"%w\" IS NULL", sort));
	if (q->hits_only && q->hits >= 0)
		put_fmt(b, sqlite3_mprintf(" AND %s IN temp.\"browse_set_%d\"", *key, q->hits));
}

static char *
page_sql(const struct browse_sql *q, bool count)
{
	struct buf b = BUF_INIT;
	const char *key, *op = q->rev ? "<" : ">", *dir = q->rev ? " DESC" : "";
	bool valued = q->sort && q->seg == 0;

	select_list(&b, q, count);
	from_where(&b, q, count, &key);
	if (q->has_from && valued)
		put_fmt(&b, sqlite3_mprintf(" AND (c.\"%w\", %s) %s (?2, ?1)", q->sort, key, op));
	else if (q->has_from)
		buf_printf(&b, " AND %s %s ?1", key, op);
	if (!count && valued)
		put_fmt(&b, sqlite3_mprintf(" ORDER BY c.\"%w\"%s, %s%s LIMIT ?3", q->sort, dir, key,
					    dir));
	else if (!count)
		buf_printf(&b, " ORDER BY %s%s LIMIT ?3", key, dir);
	return buf_take(&b);
}

static sqlite3_stmt *
page_prepare(struct store *st, const struct browse_sql *q, bool count, struct err *err)
{
	char *sql = page_sql(q, count);
	sqlite3_stmt *stmt = NULL;

	if (sqlite3_prepare_v2(st->db, sql, -1, &stmt, NULL) != SQLITE_OK)
		store_fail(st, ST_DB, "list samples", err);
	free(sql);
	if (!stmt)
		return NULL;
	if (q->has_from) {
		sqlite3_bind_int64(stmt, 1, q->from_id);
		if (q->sort && q->seg == 0)
			sqlite3_bind_double(stmt, 2, q->from_v);
	}
	if (!count)
		sqlite3_bind_int64(stmt, 3, (sqlite3_int64)q->limit);
	return stmt;
}

enum status
store_browse_page(struct store *st, const struct browse_sql *q, browse_row_fn fn, void *ctx,
		  struct err *err)
{
	sqlite3_stmt *stmt = page_prepare(st, q, false, err);
	double *vals = xcalloc(q->n_cols + 1, sizeof(*vals));
	bool *nul = xcalloc(q->n_cols + 1, sizeof(*nul));
	int c = (int)q->n_cols + 4, src = SQLITE_DONE;
	enum status rc = stmt ? ST_OK : ST_DB;

	while (rc == ST_OK && (src = sqlite3_step(stmt)) == SQLITE_ROW) {
		for (size_t i = 0; i < q->n_cols; i++) {
			nul[i] = sqlite3_column_type(stmt, (int)i + 4) == SQLITE_NULL;
			vals[i] = sqlite3_column_double(stmt, (int)i + 4);
		}
		struct browse_sql_row r = {
			sqlite3_column_int64(stmt, 0), sqlite3_column_int64(stmt, 1),
			sqlite3_column_int64(stmt, 2), (const char *)sqlite3_column_text(stmt, 3),
			vals, nul, sqlite3_column_int(stmt, c) != 0, sqlite3_column_double(stmt, c + 1)};
		rc = fn(ctx, &r, err);
	}
	if (rc == ST_OK && src != SQLITE_DONE)
		rc = src == SQLITE_INTERRUPT ? err_set(err, ST_CANCELLED, "cancelled")
					     : store_fail(st, ST_DB, "list samples", err);
	sqlite3_finalize(stmt);
	free(vals);
	free(nul);
	return rc;
}

enum status
store_browse_count(struct store *st, const struct browse_sql *q, int64_t *n, struct err *err)
{
	sqlite3_stmt *stmt = page_prepare(st, q, true, err);
	int src;

	*n = 0;
	if (!stmt)
		return ST_DB;
	src = sqlite3_step(stmt);
	if (src == SQLITE_ROW)
		*n = sqlite3_column_int64(stmt, 0);
	sqlite3_finalize(stmt);
	return src == SQLITE_ROW ? ST_OK : store_fail(st, ST_DB, "count samples", err);
}
