/* store_scores.c: the scores table (one REAL column per metric, one v_<family> version
 * column per scorer family) and the scorers registry table. Column names come from
 * winnow's own registry or from `scores import --name`; they are checked to be
 * identifiers and quoted with %w, never pasted. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store_internal.h"
#include "store_scores.h"
#include "util/buf.h"
#include "util/xalloc.h"

struct score_writer {
	struct store *st;
	sqlite3_stmt *stmt;
	size_t n_groups;
	size_t *n_cols;		/* per group */
	bool *has_note;		/* per group */
};

bool
store_score_name_ok(const char *name)
{
	if (!name || !*name || strlen(name) > 64 || !((*name >= 'a' && *name <= 'z') || *name == '_'))
		return false;
	for (const char *p = name; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '_'))
			return false;
	return true;
}

static bool
has_column(struct store *st, const char *name)
{
	sqlite3_stmt *q;
	bool found = false;

	if (sqlite3_prepare_v2(st->db, "SELECT 1 FROM pragma_table_info('scores') WHERE name = ?1",
			       -1, &q, NULL) != SQLITE_OK)
		return false;
	sqlite3_bind_text(q, 1, name, -1, SQLITE_STATIC);
	found = sqlite3_step(q) == SQLITE_ROW;
	sqlite3_finalize(q);
	return found;
}

static enum status
add_column(struct store *st, const char *name, const char *type, struct err *err)
{
	char *sql;
	int rc;

	if (has_column(st, name))
		return ST_OK;
	sql = sqlite3_mprintf("ALTER TABLE scores ADD COLUMN \"%w\" %s", name, type);
	rc = sqlite3_exec(st->db, sql, NULL, NULL, NULL);
	sqlite3_free(sql);
	return rc == SQLITE_OK ? ST_OK : store_fail(st, ST_DB, "add score column", err);
}

static const char *
dir_name(enum direction d)
{
	static const char *const names[] = {"higher", "lower", "flag", "neutral"};
	return names[d];
}

static enum status
register_metric(struct store *st, const char *family, const char *version,
		const struct metric_def *m, struct err *err)
{
	sqlite3_stmt *q;
	int rc;

	if (sqlite3_prepare_v2(st->db, "INSERT INTO scorers(name, family, version, direction, lo, hi,"
			       " description) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT(name) DO"
			       " UPDATE SET family = ?2, version = ?3, direction = ?4, lo = ?5, hi = ?6,"
			       " description = ?7", -1, &q, NULL) != SQLITE_OK)
		return store_fail(st, ST_DB, "register scorer", err);
	sqlite3_bind_text(q, 1, m->name, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 2, family, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 3, version, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 4, dir_name(m->dir), -1, SQLITE_STATIC);
	sqlite3_bind_double(q, 5, m->lo);
	sqlite3_bind_double(q, 6, m->hi);
	sqlite3_bind_text(q, 7, m->desc, -1, SQLITE_STATIC);
	rc = sqlite3_step(q);
	sqlite3_finalize(q);
	return rc == SQLITE_DONE ? ST_OK : store_fail(st, ST_DB, "register scorer", err);
}

enum status
store_scores_prepare(struct store *st, const char *family, const char *version,
		     const struct metric_def *defs, size_t n, bool has_note, struct err *err)
{
	char vcol[80], ncol[80];
	enum status rc = ST_OK;

	if (!store_score_name_ok(family))
		return err_set(err, ST_USAGE, "'%s' is not a valid scorer family name", family);
	snprintf(vcol, sizeof(vcol), "v_%s", family);
	snprintf(ncol, sizeof(ncol), "note_%s", family);
	rc = add_column(st, vcol, "TEXT", err);
	if (rc == ST_OK && has_note)
		rc = add_column(st, ncol, "TEXT", err);
	for (size_t i = 0; rc == ST_OK && i < n; i++) {
		if (!store_score_name_ok(defs[i].name))
			return err_set(err, ST_USAGE, "'%s' is not a valid score name (use a-z, 0-9, _)",
				       defs[i].name);
		rc = add_column(st, defs[i].name, "REAL", err);
		if (rc == ST_OK)
			rc = register_metric(st, family, version, &defs[i], err);
	}
	return rc;
}

/* " WHERE s.id > ?1 AND (c.v_a IS NOT ?3 OR ...)" over the samples any group lacks. */
static void
pending_where(struct buf *sql, const struct score_group *g, const char *const *versions,
	      size_t n_groups)
{
	if (versions)
		buf_puts(sql, " LEFT JOIN scores c ON c.sample_id = s.id");
	buf_puts(sql, " WHERE s.id > ?1");
	for (size_t i = 0; versions && i < n_groups; i++) {
		char *part = sqlite3_mprintf("%s c.\"v_%w\" IS NOT ?%d", i ? " OR" : " AND (",
					     g[i].family, (int)i + 3);
		buf_puts(sql, part);
		sqlite3_free(part);
	}
	if (versions && n_groups)
		buf_putc(sql, ')');
}

static void
bind_versions(sqlite3_stmt *q, const char *const *versions, size_t n_groups)
{
	for (size_t i = 0; versions && i < n_groups; i++)
		sqlite3_bind_text(q, (int)i + 3, versions[i], -1, SQLITE_STATIC);
}

enum status
store_scores_pending_any(struct store *st, const struct score_group *g, const char *const *versions,
			 size_t n_groups, int64_t after, size_t limit, pending_fn fn, void *ctx,
			 struct err *err)
{
	struct buf sql = BUF_INIT;
	sqlite3_stmt *q = NULL;
	enum status rc = ST_OK;
	int src;

	buf_puts(&sql, "SELECT s.id, s.prompt, s.response, s.n_turns FROM samples s");
	pending_where(&sql, g, versions, n_groups);
	buf_puts(&sql, " ORDER BY s.id LIMIT ?2");
	if (sqlite3_prepare_v2(st->db, buf_str(&sql), -1, &q, NULL) != SQLITE_OK) {
		buf_free(&sql);
		return store_fail(st, ST_DB, "read pending samples", err);
	}
	buf_free(&sql);
	sqlite3_bind_int64(q, 1, after);
	sqlite3_bind_int64(q, 2, (sqlite3_int64)limit);
	bind_versions(q, versions, n_groups);
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
		rc = store_fail(st, ST_DB, "read pending samples", err);
	sqlite3_finalize(q);
	return rc;
}

enum status
store_scores_pending_count(struct store *st, const struct score_group *g,
			   const char *const *versions, size_t n_groups, int64_t *n,
			   struct err *err)
{
	struct buf sql = BUF_INIT;
	sqlite3_stmt *q = NULL;
	enum status rc = ST_OK;

	*n = 0;
	buf_puts(&sql, "SELECT count(*) FROM samples s");
	pending_where(&sql, g, versions, n_groups);
	if (sqlite3_prepare_v2(st->db, buf_str(&sql), -1, &q, NULL) != SQLITE_OK) {
		buf_free(&sql);
		return store_fail(st, ST_DB, "count pending samples", err);
	}
	buf_free(&sql);
	sqlite3_bind_int64(q, 1, 0);
	bind_versions(q, versions, n_groups);
	if (sqlite3_step(q) == SQLITE_ROW)
		*n = sqlite3_column_int64(q, 0);
	else
		rc = store_fail(st, ST_DB, "count pending samples", err);
	sqlite3_finalize(q);
	return rc;
}

enum status
store_scores_pending(struct store *st, const char *family, const char *version, int64_t after,
		     size_t limit, pending_fn fn, void *ctx, struct err *err)
{
	struct score_group g = {.family = family};

	return store_scores_pending_any(st, &g, version ? &version : NULL, 1, after, limit, fn, ctx,
					err);
}

/* Append ", "<fmt with name>"" pieces with %w quoting. */
static void
put_ident(struct buf *b, const char *fmt, const char *name)
{
	char *part = sqlite3_mprintf(fmt, name, name);

	buf_puts(b, part);
	sqlite3_free(part);
}

enum status
store_score_writer_groups(struct store *st, const struct score_group *g, size_t n_groups,
			  struct score_writer **out, struct err *err)
{
	struct buf sql = BUF_INIT;
	struct score_writer *w;
	int param = 2;

	*out = NULL;
	/* Columns: per group v_<family>, its metrics, then note_<family> if it has one. */
	buf_puts(&sql, "INSERT INTO scores(sample_id");
	for (size_t k = 0; k < n_groups; k++) {
		put_ident(&sql, ", \"v_%w\"", g[k].family);
		for (size_t i = 0; i < g[k].n; i++)
			put_ident(&sql, ", \"%w\"", g[k].defs[i].name);
		if (g[k].has_note)
			put_ident(&sql, ", \"note_%w\"", g[k].family);
	}
	buf_puts(&sql, ") VALUES (?1");
	for (size_t k = 0; k < n_groups; k++)
		for (size_t i = 0; i < 1 + g[k].n + g[k].has_note; i++)
			buf_printf(&sql, ", ?%d", param++);
	buf_puts(&sql, ") ON CONFLICT(sample_id) DO UPDATE SET sample_id = excluded.sample_id");
	for (size_t k = 0; k < n_groups; k++) {
		put_ident(&sql, ", \"v_%w\" = excluded.\"v_%w\"", g[k].family);
		for (size_t i = 0; i < g[k].n; i++)
			put_ident(&sql, ", \"%w\" = excluded.\"%w\"", g[k].defs[i].name);
		if (g[k].has_note)
			put_ident(&sql, ", \"note_%w\" = excluded.\"note_%w\"", g[k].family);
	}
	w = xcalloc(1, sizeof(*w));
	w->st = st;
	w->n_groups = n_groups;
	w->n_cols = xcalloc(n_groups, sizeof(*w->n_cols));
	w->has_note = xcalloc(n_groups, sizeof(*w->has_note));
	for (size_t k = 0; k < n_groups; k++) {
		w->n_cols[k] = g[k].n;
		w->has_note[k] = g[k].has_note;
	}
	if (sqlite3_prepare_v2(st->db, buf_str(&sql), -1, &w->stmt, NULL) != SQLITE_OK) {
		buf_free(&sql);
		store_score_writer_free(w);
		return store_fail(st, ST_DB, "prepare score writer", err);
	}
	buf_free(&sql);
	*out = w;
	return ST_OK;
}

enum status
store_score_writer_new(struct store *st, const char *family, const struct metric_def *defs,
		       size_t n, bool has_note, struct score_writer **out, struct err *err)
{
	struct score_group g = {family, defs, n, has_note};

	return store_score_writer_groups(st, &g, 1, out, err);
}

enum status
store_score_write_groups(struct score_writer *w, int64_t id, const char *const *versions,
			 const double *vals, const char *const *notes, struct err *err)
{
	int rc, param = 1;

	sqlite3_bind_int64(w->stmt, param++, id);
	for (size_t k = 0; k < w->n_groups; k++) {
		sqlite3_bind_text(w->stmt, param++, versions[k], -1, SQLITE_STATIC);
		for (size_t i = 0; i < w->n_cols[k]; i++)
			sqlite3_bind_double(w->stmt, param++, *vals++);
		if (w->has_note[k] && notes && notes[k] && *notes[k])
			sqlite3_bind_text(w->stmt, param++, notes[k], -1, SQLITE_STATIC);
		else if (w->has_note[k])
			sqlite3_bind_null(w->stmt, param++);
	}
	rc = sqlite3_step(w->stmt);
	sqlite3_reset(w->stmt);
	return rc == SQLITE_DONE ? ST_OK : store_fail(w->st, ST_DB, "write scores", err);
}

enum status
store_score_write(struct score_writer *w, int64_t id, const char *version, const double *vals,
		  const char *note, struct err *err)
{
	return store_score_write_groups(w, id, &version, vals, &note, err);
}

void
store_score_writer_free(struct score_writer *w)
{
	if (!w)
		return;
	sqlite3_finalize(w->stmt);
	free(w->n_cols);
	free(w->has_note);
	free(w);
}

static enum direction
dir_parse(const char *s)
{
	return !s ? DIR_NEUTRAL : strcmp(s, "higher") == 0 ? DIR_HIGHER : strcmp(s, "lower") == 0 ?
	       DIR_LOWER : strcmp(s, "flag") == 0 ? DIR_FLAG : DIR_NEUTRAL;
}

enum status
store_scorers_each(struct store *st, scorer_fn fn, void *ctx, struct err *err)
{
	sqlite3_stmt *q;
	enum status rc = ST_OK;
	int src;

	if (sqlite3_prepare_v2(st->db, "SELECT name, family, direction, description FROM scorers"
			       " ORDER BY name", -1, &q, NULL) != SQLITE_OK)
		return store_fail(st, ST_DB, "list scorers", err);
	while (rc == ST_OK && (src = sqlite3_step(q)) == SQLITE_ROW)
		rc = fn(ctx, (const char *)sqlite3_column_text(q, 0),
			(const char *)sqlite3_column_text(q, 1),
			dir_parse((const char *)sqlite3_column_text(q, 2)),
			(const char *)sqlite3_column_text(q, 3), err);
	if (rc == ST_OK && src != SQLITE_DONE)
		rc = store_fail(st, ST_DB, "list scorers", err);
	sqlite3_finalize(q);
	return rc;
}

/* The REAL columns of scores, in table order. Names are the caller's (free each + array). */
static enum status
score_columns(struct store *st, char ***names, size_t *n, struct err *err)
{
	sqlite3_stmt *q;
	size_t cap = 0;

	*names = NULL;
	*n = 0;
	if (sqlite3_prepare_v2(st->db, "SELECT name FROM pragma_table_info('scores')"
			       " WHERE type = 'REAL' ORDER BY cid", -1, &q, NULL) != SQLITE_OK)
		return store_fail(st, ST_DB, "list score columns", err);
	while (sqlite3_step(q) == SQLITE_ROW) {
		if (*n == cap)
			*names = xrealloc(*names, (cap = cap ? 2 * cap : 32) * sizeof(char *));
		(*names)[(*n)++] = store_col_strdup(q, 0);
	}
	sqlite3_finalize(q);
	return ST_OK;
}

static char *
table_sql(char **names, size_t n)
{
	struct buf sql = BUF_INIT;

	buf_puts(&sql, "SELECT s.id, d.name, s.line");
	for (size_t i = 0; i < n; i++) {
		char *part = sqlite3_mprintf(", c.\"%w\"", names[i]);
		buf_puts(&sql, part);
		sqlite3_free(part);
	}
	buf_puts(&sql, " FROM samples s JOIN datasets d ON d.id = s.dataset_id"
		       " LEFT JOIN scores c ON c.sample_id = s.id ORDER BY s.id");
	return buf_take(&sql);
}

enum status
store_scores_each(struct store *st, score_row_fn fn, void *ctx, struct err *err)
{
	char **names = NULL, *sql = NULL;
	size_t n = 0;
	sqlite3_stmt *q = NULL;
	double *vals = NULL;
	bool *null = NULL;
	enum status rc = score_columns(st, &names, &n, err);
	int src = SQLITE_DONE;

	if (rc == ST_OK) {
		sql = table_sql(names, n);
		if (sqlite3_prepare_v2(st->db, sql, -1, &q, NULL) != SQLITE_OK)
			rc = store_fail(st, ST_DB, "read scores", err);
		vals = xcalloc(n + 1, sizeof(*vals));
		null = xcalloc(n + 1, sizeof(*null));
	}
	while (rc == ST_OK && (src = sqlite3_step(q)) == SQLITE_ROW) {
		for (size_t i = 0; i < n; i++) {
			null[i] = sqlite3_column_type(q, (int)i + 3) == SQLITE_NULL;
			vals[i] = sqlite3_column_double(q, (int)i + 3);
		}
		struct score_table_row row = {sqlite3_column_int64(q, 0),
					      (const char *)sqlite3_column_text(q, 1),
					      sqlite3_column_int64(q, 2), n,
					      (const char *const *)names, vals, null};
		rc = fn(ctx, &row, err);
	}
	if (rc == ST_OK && src != SQLITE_DONE)
		rc = store_fail(st, ST_DB, "read scores", err);
	sqlite3_finalize(q);
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
	free(sql);
	free(vals);
	free(null);
	return rc;
}

enum status
store_scores_lang_other(struct store *st, struct err *err)
{
	static const char sql[] =
		"CREATE TEMP TABLE IF NOT EXISTS main_lang(dataset_id INTEGER PRIMARY KEY, lang TEXT);"
		"DELETE FROM main_lang;"
		"INSERT INTO main_lang SELECT dataset_id, lang FROM ("
		"  SELECT s.dataset_id, c.note_lang AS lang, row_number() OVER ("
		"    PARTITION BY s.dataset_id ORDER BY count(*) DESC, c.note_lang) AS rn"
		"  FROM scores c JOIN samples s ON s.id = c.sample_id"
		"  WHERE c.resp_lang_conf >= 0.5 AND c.note_lang <> 'und'"
		"  GROUP BY s.dataset_id, c.note_lang) WHERE rn = 1;"
		/* Only rows whose flag changes are written: a full rewrite of 1M wide rows
		 * took seconds. */
		"UPDATE scores SET flag_lang_other = n.f FROM ("
		"  SELECT c.sample_id AS id, coalesce(c.resp_lang_conf >= 0.5 AND c.note_lang <> 'und'"
		"         AND c.note_lang <> m.lang, 0) AS f"
		"  FROM scores c JOIN samples s ON s.id = c.sample_id"
		"  LEFT JOIN main_lang m ON m.dataset_id = s.dataset_id"
		"  WHERE c.v_lang IS NOT NULL) AS n"
		" WHERE scores.sample_id = n.id AND scores.flag_lang_other IS NOT n.f;";
	char *msg = NULL;

	if (sqlite3_exec(st->db, sql, NULL, NULL, &msg) != SQLITE_OK) {
		err_set(err, ST_DB, "language flags: %s", msg ? msg : sqlite3_errmsg(st->db));
		sqlite3_free(msg);
		return ST_DB;
	}
	return ST_OK;
}

enum status
store_sample_by_line(struct store *st, const char *dataset, int64_t line, int64_t *id,
		     struct err *err)
{
	return store_query_int(st, STMT_SAMPLE_BY_LINE, dataset, line, id, err);
}

enum status
store_sample_exists(struct store *st, int64_t id, bool *exists, struct err *err)
{
	int64_t n;
	enum status rc = store_query_int(st, STMT_SAMPLE_EXISTS, NULL, id, &n, err);

	*exists = n != 0;
	return rc;
}

enum status
store_dataset_count(struct store *st, int64_t *n, struct err *err)
{
	return store_query_int(st, STMT_DATASET_COUNT, NULL, 0, n, err);
}
