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
	size_t n_cols;
	bool has_note;
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

enum status
store_scores_pending(struct store *st, const char *family, const char *version, int64_t after,
		     size_t limit, pending_fn fn, void *ctx, struct err *err)
{
	char *sql, vcol[80];

	/* A family that never ran has no v_<family> column yet: every sample is pending. */
	snprintf(vcol, sizeof(vcol), "v_%s", family);
	if (version && !has_column(st, vcol))
		version = NULL;
	sql = version ? sqlite3_mprintf(
		"SELECT s.id, s.prompt, s.response, s.n_turns FROM samples s"
		" LEFT JOIN scores c ON c.sample_id = s.id"
		" WHERE s.id > ?1 AND c.\"v_%w\" IS NOT ?2 ORDER BY s.id LIMIT ?3", family)
		: sqlite3_mprintf("SELECT s.id, s.prompt, s.response, s.n_turns FROM samples s"
				  " WHERE s.id > ?1 ORDER BY s.id LIMIT ?3");
	sqlite3_stmt *q = NULL;
	enum status rc = ST_OK;
	int src;

	if (sqlite3_prepare_v2(st->db, sql, -1, &q, NULL) != SQLITE_OK) {
		sqlite3_free(sql);
		return store_fail(st, ST_DB, "read pending samples", err);
	}
	sqlite3_free(sql);
	sqlite3_bind_int64(q, 1, after);
	if (version)
		sqlite3_bind_text(q, 2, version, -1, SQLITE_STATIC);
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
		rc = store_fail(st, ST_DB, "read pending samples", err);
	sqlite3_finalize(q);
	return rc;
}

enum status
store_score_writer_new(struct store *st, const char *family, const struct metric_def *defs,
		       size_t n, bool has_note, struct score_writer **out, struct err *err)
{
	struct buf sql = BUF_INIT;
	struct score_writer *w;
	char *part;

	*out = NULL;
	part = sqlite3_mprintf("INSERT INTO scores(sample_id, \"v_%w\"", family);
	buf_puts(&sql, part);
	sqlite3_free(part);
	for (size_t i = 0; i < n; i++) {
		part = sqlite3_mprintf(", \"%w\"", defs[i].name);
		buf_puts(&sql, part);
		sqlite3_free(part);
	}
	if (has_note) {
		part = sqlite3_mprintf(", \"note_%w\"", family);
		buf_puts(&sql, part);
		sqlite3_free(part);
	}
	buf_puts(&sql, ") VALUES (?1, ?2");
	for (size_t i = 0; i < n + has_note; i++)
		buf_printf(&sql, ", ?%zu", i + 3);
	part = sqlite3_mprintf(") ON CONFLICT(sample_id) DO UPDATE SET \"v_%w\" = excluded.\"v_%w\"",
			       family, family);
	buf_puts(&sql, part);
	sqlite3_free(part);
	if (has_note) {
		part = sqlite3_mprintf(", \"note_%w\" = excluded.\"note_%w\"", family, family);
		buf_puts(&sql, part);
		sqlite3_free(part);
	}
	for (size_t i = 0; i < n; i++) {
		part = sqlite3_mprintf(", \"%w\" = excluded.\"%w\"", defs[i].name, defs[i].name);
		buf_puts(&sql, part);
		sqlite3_free(part);
	}
	w = xcalloc(1, sizeof(*w));
	w->st = st;
	w->n_cols = n;
	w->has_note = has_note;
	if (sqlite3_prepare_v2(st->db, buf_str(&sql), -1, &w->stmt, NULL) != SQLITE_OK) {
		buf_free(&sql);
		free(w);
		return store_fail(st, ST_DB, "prepare score writer", err);
	}
	buf_free(&sql);
	*out = w;
	return ST_OK;
}

enum status
store_score_write(struct score_writer *w, int64_t id, const char *version, const double *vals,
		  const char *note, struct err *err)
{
	int rc;

	sqlite3_bind_int64(w->stmt, 1, id);
	sqlite3_bind_text(w->stmt, 2, version, -1, SQLITE_STATIC);
	for (size_t i = 0; i < w->n_cols; i++)
		sqlite3_bind_double(w->stmt, (int)i + 3, vals[i]);
	if (w->has_note && note && *note)
		sqlite3_bind_text(w->stmt, (int)w->n_cols + 3, note, -1, SQLITE_STATIC);
	else if (w->has_note)
		sqlite3_bind_null(w->stmt, (int)w->n_cols + 3);
	rc = sqlite3_step(w->stmt);
	sqlite3_reset(w->stmt);
	return rc == SQLITE_DONE ? ST_OK : store_fail(w->st, ST_DB, "write scores", err);
}

void
store_score_writer_free(struct score_writer *w)
{
	if (!w)
		return;
	sqlite3_finalize(w->stmt);
	free(w);
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
		"UPDATE scores SET flag_lang_other = coalesce(("
		"  SELECT scores.resp_lang_conf >= 0.5 AND scores.note_lang <> 'und'"
		"         AND scores.note_lang <> m.lang"
		"  FROM samples s JOIN main_lang m ON m.dataset_id = s.dataset_id"
		"  WHERE s.id = scores.sample_id), 0) WHERE v_lang IS NOT NULL;";
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
