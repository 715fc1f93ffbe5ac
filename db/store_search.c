/* store_search.c: full-text (FTS5) and regex (PCRE2 REGEXP) search.
 * The SQL is fixed text chosen by which parts are present; user input is only ever bound. */
#include <string.h>

#include "store_internal.h"

/* Which statement text: FTS and/or regex, ranked or in id order, rows or a count. */
static const char *
search_sql(const struct search_opts *o, bool count)
{
	bool fts = o->fts != NULL, re = o->regex != NULL;

	if (count) {
		if (fts && re)
			return "SELECT count(*) FROM samples_fts f JOIN samples s ON s.id = f.rowid"
			       " WHERE samples_fts MATCH ?1 AND (s.prompt REGEXP ?2 OR s.response REGEXP ?2)";
		if (fts)
			return "SELECT count(*) FROM samples_fts WHERE samples_fts MATCH ?1";
		return "SELECT count(*) FROM samples s WHERE s.prompt REGEXP ?2 OR s.response REGEXP ?2";
	}
	if (fts && re)
		return o->rank
		? "SELECT s.id, s.dataset_id, s.line, d.name, snippet(samples_fts, -1, ?3, ?4, '…', 16)"
		  " FROM samples_fts f JOIN samples s ON s.id = f.rowid JOIN datasets d ON d.id = s.dataset_id"
		  " WHERE samples_fts MATCH ?1 AND (s.prompt REGEXP ?2 OR s.response REGEXP ?2)"
		  " ORDER BY f.rank LIMIT ?5"
		: "SELECT s.id, s.dataset_id, s.line, d.name, snippet(samples_fts, -1, ?3, ?4, '…', 16)"
		  " FROM samples_fts f JOIN samples s ON s.id = f.rowid JOIN datasets d ON d.id = s.dataset_id"
		  " WHERE samples_fts MATCH ?1 AND (s.prompt REGEXP ?2 OR s.response REGEXP ?2)"
		  " ORDER BY f.rowid LIMIT ?5";
	if (fts)
		return o->rank
		? "SELECT s.id, s.dataset_id, s.line, d.name, snippet(samples_fts, -1, ?3, ?4, '…', 16)"
		  " FROM samples_fts f JOIN samples s ON s.id = f.rowid JOIN datasets d ON d.id = s.dataset_id"
		  " WHERE samples_fts MATCH ?1 ORDER BY f.rank LIMIT ?5"
		: "SELECT s.id, s.dataset_id, s.line, d.name, snippet(samples_fts, -1, ?3, ?4, '…', 16)"
		  " FROM samples_fts f JOIN samples s ON s.id = f.rowid JOIN datasets d ON d.id = s.dataset_id"
		  " WHERE samples_fts MATCH ?1 ORDER BY f.rowid LIMIT ?5";
	return "SELECT s.id, s.dataset_id, s.line, d.name, NULL, s.prompt, s.response"
	       " FROM samples s JOIN datasets d ON d.id = s.dataset_id"
	       " WHERE s.prompt REGEXP ?2 OR s.response REGEXP ?2 ORDER BY s.id LIMIT ?5";
}

/* FTS5 and regexp errors are the user's query, not a broken database. */
static enum status
query_error(struct store *st, struct err *err)
{
	const char *msg = sqlite3_errmsg(st->db);

	if (strstr(msg, "fts5") || strstr(msg, "regex") || strstr(msg, "no such column") ||
	    strstr(msg, "syntax error") || strstr(msg, "unterminated"))
		return err_set(err, ST_BADQUERY, "%s", msg);
	return err_set(err, ST_DB, "search: %s", msg);
}

static sqlite3_stmt *
prepare(struct store *st, const struct search_opts *o, bool count, struct err *err)
{
	sqlite3_stmt *stmt = NULL;

	if (sqlite3_prepare_v2(st->db, search_sql(o, count), -1, &stmt, NULL) != SQLITE_OK) {
		store_fail(st, ST_DB, "prepare search", err);
		return NULL;
	}
	if (o->fts)
		sqlite3_bind_text(stmt, 1, o->fts, -1, SQLITE_STATIC);
	if (o->regex)
		sqlite3_bind_text(stmt, 2, o->regex, -1, SQLITE_STATIC);
	if (!count) {
		sqlite3_bind_text(stmt, 3, o->mark_open ? o->mark_open : "", -1, SQLITE_STATIC);
		sqlite3_bind_text(stmt, 4, o->mark_close ? o->mark_close : "", -1, SQLITE_STATIC);
		sqlite3_bind_int64(stmt, 5, o->limit > 0 ? o->limit : -1);
	}
	return stmt;
}

enum status
store_search(struct store *st, const struct search_opts *o, search_row_fn fn, void *ctx,
	     struct err *err)
{
	sqlite3_stmt *stmt = prepare(st, o, false, err);
	enum status rc = ST_OK;
	int src;

	if (!stmt)
		return ST_DB;
	while (rc == ST_OK && (src = sqlite3_step(stmt)) == SQLITE_ROW) {
		struct search_row row = {
			.id = sqlite3_column_int64(stmt, 0),
			.dataset_id = sqlite3_column_int64(stmt, 1),
			.line = sqlite3_column_int64(stmt, 2),
			.dataset = (const char *)sqlite3_column_text(stmt, 3),
			.snippet = (const char *)sqlite3_column_text(stmt, 4),
		};
		if (!o->fts) {
			row.prompt = (const char *)sqlite3_column_text(stmt, 5);
			row.response = (const char *)sqlite3_column_text(stmt, 6);
		}
		rc = fn(ctx, &row, err);
	}
	if (rc == ST_OK && src != SQLITE_DONE)
		rc = query_error(st, err);
	sqlite3_finalize(stmt);
	return rc;
}

enum status
store_search_count(struct store *st, const struct search_opts *o, int64_t *n, struct err *err)
{
	sqlite3_stmt *stmt = prepare(st, o, true, err);
	enum status rc = ST_OK;
	int src;

	*n = 0;
	if (!stmt)
		return ST_DB;
	src = sqlite3_step(stmt);
	if (src == SQLITE_ROW)
		*n = sqlite3_column_int64(stmt, 0);
	else
		rc = query_error(st, err);
	sqlite3_finalize(stmt);
	return rc;
}
