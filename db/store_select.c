/* store_select.c: saved recipes, stored selections and the bulk reads behind a selection
 * (see store_select.h). A selection's ids are a JSON array, so plain SQL can read them:
 *   SELECT value FROM selections, json_each(ids) WHERE name = 'default';
 * Its trace is a BLOB of fixed-size records sorted by sample id (the engine defines the
 * record); `winnow why` reads one record with incremental blob I/O. */
#include "store_select.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store_decide.h"
#include "store_internal.h"
#include "util/buf.h"
#include "util/sha256.h"
#include "util/xalloc.h"

/* After a cached statement's last step: the error (read before the reset clears it),
 * then reset. rc is the caller's status so far, src the last step's result. */
static enum status
finish(struct store *st, sqlite3_stmt *stmt, enum status rc, int src, const char *what,
       struct err *err)
{
	if (rc == ST_OK && src != SQLITE_DONE)
		rc = store_fail(st, ST_DB, what, err);
	sqlite3_reset(stmt);
	sqlite3_clear_bindings(stmt);
	return rc;
}

static enum status
done(struct store *st, sqlite3_stmt *stmt, int src, const char *what, struct err *err)
{
	return finish(st, stmt, ST_OK, src, what, err);
}

/* ---- recipes ---- */

enum status
store_recipe_put(struct store *st, const char *name, const char *json, struct err *err)
{
	sqlite3_stmt *stmt = store_stmt(st, STMT_RECIPE_PUT, err);
	char at[32];

	if (!stmt)
		return ST_DB;
	store_now_iso(at);
	sqlite3_bind_text(stmt, 1, name, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 2, json, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 3, at, -1, SQLITE_STATIC);
	return done(st, stmt, sqlite3_step(stmt), "save recipe", err);
}

enum status
store_recipe_get(struct store *st, const char *name, char **json, struct err *err)
{
	if (store_query_text(st, STMT_RECIPE_GET, name, json, "read recipe", err) != ST_OK)
		return ST_DB;
	if (!*json)	/* json is NOT NULL: no row */
		return err_set(err, ST_NOTFOUND, "no recipe called '%s' ('winnow recipe list' shows "
				   "them)", name);
	return ST_OK;
}

enum status
store_recipes_each(struct store *st, store_recipe_fn fn, void *ctx, struct err *err)
{
	sqlite3_stmt *stmt = store_stmt(st, STMT_RECIPE_LIST, err);
	enum status rc = ST_OK;
	int src = SQLITE_DONE;

	if (!stmt)
		return ST_DB;
	while (rc == ST_OK && (src = sqlite3_step(stmt)) == SQLITE_ROW)
		rc = fn(ctx, (const char *)sqlite3_column_text(stmt, 0),
			(const char *)sqlite3_column_text(stmt, 1),
			(const char *)sqlite3_column_text(stmt, 2), err);
	return finish(st, stmt, rc, src, "list recipes", err);
}

enum status
store_recipe_rm(struct store *st, const char *name, struct err *err)
{
	sqlite3_stmt *stmt = store_stmt(st, STMT_RECIPE_RM, err);
	enum status rc;

	if (!stmt)
		return ST_DB;
	sqlite3_bind_text(stmt, 1, name, -1, SQLITE_STATIC);
	rc = done(st, stmt, sqlite3_step(stmt), "remove recipe", err);
	if (rc == ST_OK && sqlite3_changes(st->db) == 0)
		return err_set(err, ST_NOTFOUND, "no recipe called '%s'", name);
	return rc;
}

/* ---- bulk reads ---- */

/* Ids are given in file order and samples are never deleted by winnow, so usually they are
 * exactly 1..N and need no scan of the (large) samples table; otherwise they are read. */
enum status
store_sample_ids(struct store *st, int64_t **ids, size_t *n, struct err *err)
{
	int64_t sum = 0, max = 0, count = 0;
	enum status rc = store_query_int(st, STMT_SAMPLE_ID_SUM, NULL, 0, &sum, err);
	sqlite3_stmt *stmt;
	size_t cap = 0;
	int src;

	*ids = NULL;
	*n = 0;
	if (rc == ST_OK)
		rc = store_corpus_size(st, &count, &max, err);
	if (rc != ST_OK)
		return rc;
	if (sum == max && count == max) {
		*ids = xmalloc((size_t)(max ? max : 1) * sizeof(**ids));
		for (int64_t i = 0; i < max; i++)
			(*ids)[i] = i + 1;
		*n = (size_t)max;
		return ST_OK;
	}
	if (!(stmt = store_stmt(st, STMT_SAMPLE_IDS, err)))
		return ST_DB;
	while ((src = sqlite3_step(stmt)) == SQLITE_ROW) {
		if (*n == cap)
			*ids = xrealloc(*ids, (cap = cap ? 2 * cap : 4096) * sizeof(**ids));
		(*ids)[(*n)++] = sqlite3_column_int64(stmt, 0);
	}
	return done(st, stmt, src, "read sample ids", err);
}

/* The index of id in the sorted ids[0..n), or n. */
static size_t
find_id(const int64_t *ids, size_t n, int64_t id)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (ids[mid] < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < n && ids[lo] == id ? lo : n;
}

static char *
load_sql(const char *const *cols, size_t n_cols)
{
	struct buf sql = BUF_INIT;

	buf_puts(&sql, "SELECT sample_id");
	for (size_t c = 0; c < n_cols; c++) {
		char *part = sqlite3_mprintf(", \"%w\"", cols[c]);
		buf_puts(&sql, part);
		sqlite3_free(part);
	}
	buf_puts(&sql, " FROM scores ORDER BY sample_id");
	return buf_take(&sql);
}

enum status
store_load_scores(struct store *st, const int64_t *ids, size_t n, const char *const *cols,
		  size_t n_cols, double *const *out, struct err *err)
{
	char *sql = load_sql(cols, n_cols);
	sqlite3_stmt *q = NULL;
	size_t at = 0;
	int src = SQLITE_DONE;

	for (size_t c = 0; c < n_cols; c++)
		for (size_t i = 0; i < n; i++)
			out[c][i] = NAN;
	if (sqlite3_prepare_v2(st->db, sql, -1, &q, NULL) != SQLITE_OK) {
		free(sql);
		return store_fail(st, ST_DB, "read scores", err);
	}
	free(sql);
	while ((src = sqlite3_step(q)) == SQLITE_ROW) {
		int64_t id = sqlite3_column_int64(q, 0);
		while (at < n && ids[at] < id)	/* both sorted: a merge */
			at++;
		if (at == n)
			break;
		if (ids[at] != id)
			continue;
		for (size_t c = 0; c < n_cols; c++)
			if (sqlite3_column_type(q, (int)c + 1) != SQLITE_NULL)
				out[c][at] = sqlite3_column_double(q, (int)c + 1);
	}
	sqlite3_finalize(q);
	return src == SQLITE_ROW || src == SQLITE_DONE ? ST_OK
						       : store_fail(st, ST_DB, "read scores", err);
}

enum status
store_load_meta(struct store *st, const int64_t *ids, size_t n, int64_t *dataset_id,
		int64_t *line, struct err *err)
{
	sqlite3_stmt *stmt = store_stmt(st, STMT_SAMPLE_META, err);
	int src;

	if (!stmt)
		return ST_DB;
	while ((src = sqlite3_step(stmt)) == SQLITE_ROW) {
		size_t i = find_id(ids, n, sqlite3_column_int64(stmt, 0));
		if (i == n)
			continue;
		if (dataset_id)
			dataset_id[i] = sqlite3_column_int64(stmt, 1);
		if (line)
			line[i] = sqlite3_column_int64(stmt, 2);
	}
	return done(st, stmt, src, "read samples", err);
}

enum status
store_load_verdicts(struct store *st, const int64_t *ids, size_t n, uint8_t *verdict,
		    struct err *err)
{
	sqlite3_stmt *stmt = store_stmt(st, STMT_VERDICTS_ALL, err);
	int src;

	memset(verdict, 0, n);
	if (!stmt)
		return ST_DB;
	while ((src = sqlite3_step(stmt)) == SQLITE_ROW) {
		size_t i = find_id(ids, n, sqlite3_column_int64(stmt, 0));
		const char *v = (const char *)sqlite3_column_text(stmt, 1);
		if (i < n)
			verdict[i] = strcmp(v, "accept") == 0 ? 1 : 2;
	}
	return done(st, stmt, src, "read decisions", err);
}

enum status
store_scorer_dirs(struct store *st, store_dir_fn fn, void *ctx, struct err *err)
{
	sqlite3_stmt *stmt = store_stmt(st, STMT_SCORER_DIRS, err);
	int src;

	if (!stmt)
		return ST_DB;
	while ((src = sqlite3_step(stmt)) == SQLITE_ROW) {
		const char *d = (const char *)sqlite3_column_text(stmt, 1);
		fn(ctx, (const char *)sqlite3_column_text(stmt, 0),
		   strcmp(d, "higher") == 0 ? 1 : strcmp(d, "lower") == 0 ? -1 : 0);
	}
	return done(st, stmt, src, "read scorers", err);
}

enum status
store_scorer_versions(struct store *st, store_version_fn fn, void *ctx, struct err *err)
{
	sqlite3_stmt *stmt = store_stmt(st, STMT_SCORER_VERSIONS, err);
	int src;

	if (!stmt)
		return ST_DB;
	while ((src = sqlite3_step(stmt)) == SQLITE_ROW)
		fn(ctx, (const char *)sqlite3_column_text(stmt, 0),
		   (const char *)sqlite3_column_text(stmt, 1));
	return done(st, stmt, src, "read scorers", err);
}

enum status
store_audit_hash(struct store *st, int64_t *last_seq, char hex[65], struct err *err)
{
	sqlite3_stmt *stmt = store_stmt(st, STMT_AUDIT_ALL, err);
	struct buf line = BUF_INIT;
	struct sha256 h;
	int src;

	*last_seq = 0;
	sha256_init(&h);
	if (!stmt)
		return ST_DB;
	while ((src = sqlite3_step(stmt)) == SQLITE_ROW) {
		buf_clear(&line);
		*last_seq = sqlite3_column_int64(stmt, 0);
		for (int c = 0; c < 10; c++)
			buf_printf(&line, "%s%s", c ? "\t" : "",
				   (const char *)sqlite3_column_text(stmt, c));
		buf_putc(&line, '\n');
		sha256_update(&h, line.data, line.len);
	}
	sha256_final_hex(&h, hex);
	buf_free(&line);
	return done(st, stmt, src, "read the audit log", err);
}

/* ---- selections ---- */

static char *
ids_json(const int64_t *ids, size_t n)
{
	struct buf b = BUF_INIT;

	buf_reserve(&b, n * 8 + 2);
	buf_putc(&b, '[');
	for (size_t i = 0; i < n; i++)
		buf_printf(&b, i ? ",%lld" : "%lld", (long long)ids[i]);
	buf_putc(&b, ']');
	return buf_take(&b);
}

/* "[1,2,3]" -> ids (written by ids_json; anything else is a damaged row). */
static bool
ids_parse(const char *s, int64_t **ids, size_t *n)
{
	size_t cap = 0;

	*ids = NULL;
	*n = 0;
	if (!s || *s++ != '[')
		return false;
	while (*s && *s != ']') {
		char *end;
		long long v = strtoll(s, &end, 10);
		if (end == s)
			return false;
		if (*n == cap)
			*ids = xrealloc(*ids, (cap = cap ? 2 * cap : 1024) * sizeof(**ids));
		(*ids)[(*n)++] = v;
		s = *end == ',' ? end + 1 : end;
	}
	return *s == ']';
}

enum status
store_selection_put(struct store *st, struct store_selection *s, struct err *err)
{
	sqlite3_stmt *stmt = store_stmt(st, STMT_SELECTION_PUT, err);
	const char *text[] = {s->name, s->recipe_name, s->recipe};
	int64_t nums[] = {(int64_t)s->seed, s->n_samples, s->n_candidates, s->n_recipe, s->n_added,
			  s->n_removed, s->n_final};
	char *ids = ids_json(s->ids, s->n_ids);
	enum status rc;

	if (!stmt) {
		free(ids);
		return ST_DB;
	}
	for (int i = 0; i < 3; i++)
		if (text[i])
			sqlite3_bind_text(stmt, i + 1, text[i], -1, SQLITE_STATIC);
	for (int i = 0; i < 7; i++)
		sqlite3_bind_int64(stmt, i + 4, nums[i]);
	sqlite3_bind_text(stmt, 11, s->counts, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 12, ids, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 13, s->hash, -1, SQLITE_STATIC);
	sqlite3_bind_int64(stmt, 14, s->audit_seq);
	sqlite3_bind_text(stmt, 15, s->audit_hash, -1, SQLITE_STATIC);
	sqlite3_bind_blob64(stmt, 16, s->trace, s->trace_len, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 17, s->made_at, -1, SQLITE_STATIC);
	rc = done(st, stmt, sqlite3_step(stmt), "save selection", err);
	if (rc == ST_OK)
		s->id = sqlite3_last_insert_rowid(st->db);
	free(ids);
	return rc;
}

/* A row of SELECTION_GET / SELECTION_LIST into s (strings copied). */
static bool
read_row(sqlite3_stmt *q, bool with_ids, struct store_selection *s)
{
	char **text[] = {&s->name, &s->recipe_name, &s->recipe};
	int64_t *nums[] = {&s->n_samples, &s->n_candidates, &s->n_recipe, &s->n_added,
			   &s->n_removed, &s->n_final};

	memset(s, 0, sizeof(*s));
	s->id = sqlite3_column_int64(q, 0);
	for (int i = 0; i < 3; i++)
		*text[i] = store_col_strdup(q, i + 1);
	s->seed = (uint64_t)sqlite3_column_int64(q, 4);
	for (int i = 0; i < 6; i++)
		*nums[i] = sqlite3_column_int64(q, i + 5);
	s->counts = store_col_strdup(q, 11);
	s->hash = store_col_strdup(q, 12);
	s->audit_seq = sqlite3_column_int64(q, 13);
	s->audit_hash = store_col_strdup(q, 14);
	s->made_at = store_col_strdup(q, 15);
	return !with_ids || ids_parse((const char *)sqlite3_column_text(q, 16), &s->ids, &s->n_ids);
}

enum status
store_selection_get(struct store *st, const char *name, bool with_ids, struct store_selection *s,
		    struct err *err)
{
	sqlite3_stmt *stmt = store_stmt(st, STMT_SELECTION_GET, err);
	bool ok = true;
	int src;

	memset(s, 0, sizeof(*s));
	if (!stmt)
		return ST_DB;
	if (name)
		sqlite3_bind_text(stmt, 1, name, -1, SQLITE_STATIC);
	src = sqlite3_step(stmt);
	if (src == SQLITE_ROW)
		ok = read_row(stmt, with_ids, s);
	if (finish(st, stmt, ST_OK, src == SQLITE_ROW ? SQLITE_DONE : src, "read selection", err))
		return ST_DB;
	if (src == SQLITE_DONE)
		return name ? err_set(err, ST_NOTFOUND, "no selection called '%s' ('winnow select "
					"--list' shows them)", name)
			    : err_set(err, ST_NOTFOUND, "no selection yet: run 'winnow select'");
	if (!ok) {
		store_selection_free(s);
		return err_set(err, ST_DB, "selection '%s': its id list is damaged", name ? name : "");
	}
	return ST_OK;
}

void
store_selection_free(struct store_selection *s)
{
	free(s->name);
	free(s->recipe_name);
	free(s->recipe);
	free(s->counts);
	free(s->hash);
	free(s->audit_hash);
	free(s->made_at);
	free(s->ids);
	memset(s, 0, sizeof(*s));
}

enum status
store_selections_each(struct store *st, store_selection_fn fn, void *ctx, struct err *err)
{
	sqlite3_stmt *stmt = store_stmt(st, STMT_SELECTION_LIST, err);
	struct store_selection s;
	enum status rc = ST_OK;
	int src = SQLITE_DONE;

	if (!stmt)
		return ST_DB;
	while (rc == ST_OK && (src = sqlite3_step(stmt)) == SQLITE_ROW) {
		read_row(stmt, false, &s);
		rc = fn(ctx, &s, err);
		store_selection_free(&s);
	}
	return finish(st, stmt, rc, src, "list selections", err);
}

enum status
store_selection_rm(struct store *st, const char *name, struct err *err)
{
	sqlite3_stmt *stmt = store_stmt(st, STMT_SELECTION_RM, err);
	enum status rc;

	if (!stmt)
		return ST_DB;
	sqlite3_bind_text(stmt, 1, name, -1, SQLITE_STATIC);
	rc = done(st, stmt, sqlite3_step(stmt), "remove selection", err);
	if (rc == ST_OK && sqlite3_changes(st->db) == 0)
		return err_set(err, ST_NOTFOUND, "no selection called '%s'", name);
	return rc;
}

static int64_t
le64(const unsigned char *p)
{
	uint64_t v = 0;

	for (int i = 7; i >= 0; i--)
		v = (v << 8) | p[i];
	return (int64_t)v;
}

enum status
store_selection_trace_get(struct store *st, int64_t selection_id, int64_t sample_id,
			  size_t rec_size, void *rec, struct err *err)
{
	sqlite3_blob *b = NULL;
	size_t lo = 0, hi;
	unsigned char key[8];

	if (sqlite3_blob_open(st->db, "main", "selections", "trace", selection_id, 0, &b) != SQLITE_OK)
		return store_fail(st, ST_DB, "read selection trace", err);
	hi = (size_t)sqlite3_blob_bytes(b) / rec_size;
	while (lo < hi) {	/* records are sorted by sample id */
		size_t mid = lo + (hi - lo) / 2;
		if (sqlite3_blob_read(b, key, 8, (int)(mid * rec_size)) != SQLITE_OK)
			break;
		if (le64(key) < sample_id)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < (size_t)sqlite3_blob_bytes(b) / rec_size &&
	    sqlite3_blob_read(b, rec, (int)rec_size, (int)(lo * rec_size)) == SQLITE_OK &&
	    le64(rec) == sample_id) {
		sqlite3_blob_close(b);
		return ST_OK;
	}
	sqlite3_blob_close(b);
	return err_set(err, ST_NOTFOUND, "sample %lld was not in the project when the selection "
			   "was made", (long long)sample_id);
}
