/* store_filter.c: the filter AST compiled to SQL (see store_filter.h). Every value the
 * user typed is a bound parameter; every column name comes from the AST, which the
 * parser resolved against the schema's own names, and is still quoted with %w. */
#include "store_filter.h"

#include <stdlib.h>
#include <string.h>

#include "store_internal.h"
#include "util/buf.h"
#include "util/xalloc.h"

struct bind {
	bool is_text;
	double num;
	const char *text;	/* borrowed from the AST or the caller */
};

struct sqlb {
	struct buf sql;
	struct bind *binds;
	size_t n_binds, cap_binds;
};

static void
add_bind(struct sqlb *q, bool is_text, double num, const char *text)
{
	if (q->n_binds == q->cap_binds)
		q->binds = xrealloc(q->binds, (q->cap_binds = q->cap_binds ? 2 * q->cap_binds : 8) *
					      sizeof(*q->binds));
	q->binds[q->n_binds++] = (struct bind){is_text, num, text};
	buf_printf(&q->sql, "?%zu", q->n_binds);
}

static void
put_ident(struct sqlb *q, const char *prefix, const char *name)
{
	char *s = sqlite3_mprintf("%s\"%w\"", prefix, name);

	buf_puts(&q->sql, s);
	sqlite3_free(s);
}

static const char *
sql_op(enum filter_op op)
{
	static const char *const t[] = {" < ", " <= ", " > ", " >= ", " = ", " <> "};
	return t[op];
}

/* The left-hand side of a comparison. */
static void
leaf_column(struct sqlb *q, const struct filter_node *n)
{
	switch (n->col) {
	case FCOL_SCORE:
	case FCOL_TEXT: put_ident(q, "c.", n->column); break;
	case FCOL_VERDICT: buf_puts(&q->sql, "coalesce(d.verdict, 'none')"); break;
	case FCOL_DATASET:
		buf_puts(&q->sql, n->vtype == FVAL_STR ? "ds.name" : "s.dataset_id");
		break;
	case FCOL_ID: buf_puts(&q->sql, "s.id"); break;
	case FCOL_LINE: buf_puts(&q->sql, "s.line"); break;
	case FCOL_MISSING: buf_puts(&q->sql, "NULL"); break;
	}
}

/* positive: no NOT above this leaf. There a missing value (NULL) and false both leave the
 * row out, so the comparison is emitted bare and an index on the column can serve it;
 * under a NOT, coalesce makes "missing" false so that NOT turns it true. */
static void
compile_leaf(struct sqlb *q, const struct filter_node *n, bool positive)
{
	switch (n->kind) {
	case FN_TRUTH:	/* non-zero; a missing value is false */
		buf_puts(&q->sql, "coalesce(");
		leaf_column(q, n);
		buf_puts(&q->sql, ", 0) <> 0");
		break;
	case FN_REGEX:
		buf_puts(&q->sql, strcmp(n->column, "prompt") == 0 ? "s.prompt REGEXP " :
								    "s.response REGEXP ");
		add_bind(q, true, 0, n->str);
		break;
	case FN_CMP:
		if (n->vtype == FVAL_NULL) {
			leaf_column(q, n);
			buf_puts(&q->sql, n->op == FOP_EQ ? " IS NULL" : " IS NOT NULL");
			break;
		}
		if (!positive)	/* a comparison with a missing value is false */
			buf_puts(&q->sql, "coalesce(");
		leaf_column(q, n);
		buf_puts(&q->sql, sql_op(n->op));
		add_bind(q, n->vtype == FVAL_STR, n->num, n->str);
		if (!positive)
			buf_puts(&q->sql, ", 0)");
		break;
	default:
		break;
	}
}

static void
compile(struct sqlb *q, const struct filter_node *n, bool positive)
{
	switch (n->kind) {
	case FN_AND:
	case FN_OR:
		buf_putc(&q->sql, '(');
		compile(q, n->a, positive);
		buf_puts(&q->sql, n->kind == FN_AND ? " AND " : " OR ");
		compile(q, n->b, positive);
		buf_putc(&q->sql, ')');
		break;
	case FN_NOT:
		buf_puts(&q->sql, "NOT (");
		compile(q, n->a, false);
		buf_putc(&q->sql, ')');
		break;
	case FN_CONST:
		buf_puts(&q->sql, n->truth ? "1" : "0");
		break;
	default:
		compile_leaf(q, n, positive);
	}
}

/* True if every row the filter keeps must have a non-NULL value of some score column:
 * a comparison of a score with a value among the top-level AND terms. Then the query
 * can start from scores, through an index on that column if there is one. */
static bool
needs_score(const struct filter_node *n)
{
	if (n->kind == FN_AND)
		return needs_score(n->a) || needs_score(n->b);
	return n->kind == FN_CMP && n->col == FCOL_SCORE && n->vtype != FVAL_NULL;
}

/* SELECT <what> FROM samples ... WHERE <filter> [AND <fts>]. OUT: *from_scores, whether
 * the rows come from scores (then an id order must be asked for with ORDER BY +s.id, so
 * that SQLite may still read through a score index and sort after). */
static void
build(struct sqlb *q, const char *what, const struct filter *f, const char *fts,
      bool *from_scores)
{
	bool sc = f && needs_score(f->root);

	if (sc)		/* an inner join: the planner may start from an index on scores */
		buf_printf(&q->sql, "SELECT %s FROM scores c JOIN samples s ON s.id = c.sample_id"
				    " JOIN datasets ds ON ds.id = s.dataset_id"
				    " LEFT JOIN decisions d ON d.sample_id = s.id WHERE ", what);
	else
		buf_printf(&q->sql, "SELECT %s FROM samples s JOIN datasets ds ON ds.id = s.dataset_id"
				    " LEFT JOIN scores c ON c.sample_id = s.id"
				    " LEFT JOIN decisions d ON d.sample_id = s.id WHERE ", what);
	if (from_scores)
		*from_scores = sc;
	if (f)
		compile(q, f->root, true);
	else
		buf_puts(&q->sql, "1");
	if (fts) {
		buf_puts(&q->sql, " AND s.id IN (SELECT rowid FROM samples_fts WHERE samples_fts MATCH ");
		add_bind(q, true, 0, fts);
		buf_putc(&q->sql, ')');
	}
}

static enum status
prepare(struct store *st, struct sqlb *q, sqlite3_stmt **out, struct err *err)
{
	*out = NULL;
	if (sqlite3_prepare_v2(st->db, buf_str(&q->sql), -1, out, NULL) != SQLITE_OK)
		return store_fail(st, ST_DB, "filter", err);
	for (size_t i = 0; i < q->n_binds; i++) {
		if (q->binds[i].is_text)
			sqlite3_bind_text(*out, (int)i + 1, q->binds[i].text, -1, SQLITE_STATIC);
		else
			sqlite3_bind_double(*out, (int)i + 1, q->binds[i].num);
	}
	return ST_OK;
}

static void
sqlb_free(struct sqlb *q)
{
	buf_free(&q->sql);
	free(q->binds);
}

/* A failed step: a bad FTS5 query is the user's, anything else the database's. */
static enum status
step_error(struct store *st, struct err *err)
{
	const char *msg = sqlite3_errmsg(st->db);

	if (strstr(msg, "fts5") || strstr(msg, "syntax error") || strstr(msg, "unterminated") ||
	    strstr(msg, "no such column") || strstr(msg, "regex"))
		return err_set(err, ST_BADQUERY, "search: %s", msg);
	return err_set(err, ST_DB, "filter: %s", msg);
}

enum status
store_filter_ids(struct store *st, const struct filter *f, const char *fts, int64_t **ids,
		 size_t *n, struct err *err)
{
	struct sqlb q = {BUF_INIT, NULL, 0, 0};
	sqlite3_stmt *stmt;
	size_t cap = 0;
	enum status rc;
	int src = SQLITE_DONE;

	*ids = NULL;
	*n = 0;
	bool from_scores;

	build(&q, "s.id", f, fts, &from_scores);
	buf_puts(&q.sql, from_scores ? " ORDER BY +s.id" : " ORDER BY s.id");
	rc = prepare(st, &q, &stmt, err);
	while (rc == ST_OK && (src = sqlite3_step(stmt)) == SQLITE_ROW) {
		if (*n == cap)
			*ids = xrealloc(*ids, (cap = cap ? 2 * cap : 1024) * sizeof(**ids));
		(*ids)[(*n)++] = sqlite3_column_int64(stmt, 0);
	}
	if (rc == ST_OK && src != SQLITE_DONE)
		rc = step_error(st, err);
	sqlite3_finalize(stmt);
	sqlb_free(&q);
	if (rc != ST_OK) {
		free(*ids);
		*ids = NULL;
		*n = 0;
	}
	return rc;
}

enum status
store_filter_count(struct store *st, const struct filter *f, const char *fts, int64_t *n,
		   struct err *err)
{
	struct sqlb q = {BUF_INIT, NULL, 0, 0};
	sqlite3_stmt *stmt;
	enum status rc;
	int src;

	*n = 0;
	build(&q, "count(*)", f, fts, NULL);
	rc = prepare(st, &q, &stmt, err);
	if (rc == ST_OK) {
		src = sqlite3_step(stmt);
		if (src == SQLITE_ROW)
			*n = sqlite3_column_int64(stmt, 0);
		else
			rc = step_error(st, err);
	}
	sqlite3_finalize(stmt);
	sqlb_free(&q);
	return rc;
}

enum status
store_score_cols(struct store *st, struct score_col **out, size_t *n, struct err *err)
{
	sqlite3_stmt *q;
	size_t cap = 0;
	int src;

	*out = NULL;
	*n = 0;
	if (sqlite3_prepare_v2(st->db, "SELECT name, type FROM pragma_table_info('scores')"
			       " WHERE name <> 'sample_id' ORDER BY cid", -1, &q, NULL) != SQLITE_OK)
		return store_fail(st, ST_DB, "list score columns", err);
	while ((src = sqlite3_step(q)) == SQLITE_ROW) {
		if (*n == cap)
			*out = xrealloc(*out, (cap = cap ? 2 * cap : 64) * sizeof(**out));
		(*out)[*n].name = store_col_strdup(q, 0);
		(*out)[*n].is_text = strcmp((const char *)sqlite3_column_text(q, 1), "REAL") != 0;
		(*n)++;
	}
	sqlite3_finalize(q);
	if (src != SQLITE_DONE) {
		store_score_cols_free(*out, *n);
		*out = NULL;
		*n = 0;
		return store_fail(st, ST_DB, "list score columns", err);
	}
	return ST_OK;
}

void
store_score_cols_free(struct score_col *cols, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(cols[i].name);
	free(cols);
}
