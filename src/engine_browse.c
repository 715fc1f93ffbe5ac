/* engine_browse.c: the sample list: a sort (id or a score column), an optional limit (FTS
 * hits and/or a set of ids, kept in a temporary table), an optional search whose hits are
 * marked, and pages fetched by key in either direction. Rows without a value of the sort
 * column come after the others in both directions (segment 1), by id.
 * Owns struct browse and its two temporary tables; nothing else. */
#include <stdlib.h>
#include <string.h>

#include "engine_browse.h"
#include "engine_cache.h"
#include "engine_internal.h"
#include "store_browse.h"
#include "store_scores.h"
#include "util/buf.h"
#include "util/xalloc.h"

/* Below this many members a limited list sorted by a score scans its set and sorts;
 * above it, it walks the sort column's index and probes the set. */
#define SMALL_SET 20000

struct browse {
	struct engine *e;
	int set_no, hits_no;	/* temporary tables browse_set_<n> */
	bool limited;		/* the list is the members of set_no */
	bool searching;		/* hits_no holds the hits of a search */
	char *sort;		/* NULL: by id */
	bool desc;
	char **cols;		/* the caller's columns, then every flag column */
	size_t n_cols, n_all;
	int64_t total;		/* samples in the project */
	int64_t count;		/* rows in the list */
	int64_t n_valued;	/* rows with a value of sort (segment 0) */
	int64_t n_hits;		/* hits in the list, -1 without a search */
	int64_t n_hits_all;	/* hits in the project */
};

static void
free_cols(struct browse *b)
{
	for (size_t i = 0; i < b->n_all; i++)
		free(b->cols[i]);
	free(b->cols);
	b->cols = NULL;
	b->n_cols = b->n_all = 0;
}

static struct browse_sql
base_sql(const struct browse *b)
{
	return (struct browse_sql){
		.set = b->limited ? b->set_no : -1,
		.small_set = b->count < SMALL_SET,
		.hits = b->searching ? b->hits_no : -1,
		.sort = b->sort,
		.cols = (const char *const *)b->cols,
		.n_cols = b->n_all,
	};
}

/* Recount the list, its valued rows and its hits after any change. */
static enum status
recount(struct browse *b, struct err *err)
{
	struct browse_sql q;
	enum status rc = engine_sample_count(b->e, &b->total, err);

	if (rc == ST_OK && b->limited)
		rc = store_set_count(b->e->store, b->set_no, &b->count, err);
	else
		b->count = b->total;
	q = base_sql(b);
	b->n_valued = b->count;
	if (rc == ST_OK && b->sort)
		rc = store_browse_count(b->e->store, &q, &b->n_valued, err);
	b->n_hits = b->searching ? b->n_hits_all : -1;
	if (rc == ST_OK && b->searching && b->limited) {	/* hits in the set */
		q.sort = NULL;
		q.hits_only = true;
		rc = store_browse_count(b->e->store, &q, &b->n_hits, err);
	}
	return rc;
}

enum status
engine_browse_new(struct engine *e, struct browse **out, struct err *err)
{
	struct browse *b = xcalloc(1, sizeof(*b));
	const struct column_info *cols;
	size_t n;
	enum status rc = engine_columns(e, &cols, &n, err);

	*out = NULL;
	b->e = e;
	b->set_no = e->cache->next_set++;
	b->hits_no = e->cache->next_set++;
	if (rc == ST_OK)
		rc = engine_browse_columns(b, NULL, 0, err);
	if (rc != ST_OK) {
		engine_browse_free(b);
		return rc;
	}
	*out = b;
	return ST_OK;
}

void
engine_browse_free(struct browse *b)
{
	if (!b)
		return;
	store_set_drop(b->e->store, b->set_no);
	store_set_drop(b->e->store, b->hits_no);
	free_cols(b);
	free(b->sort);
	free(b);
}

enum status
engine_browse_columns(struct browse *b, const char *const *names, size_t n, struct err *err)
{
	const struct column_info *cols;
	size_t n_cols;
	enum status rc = engine_columns(b->e, &cols, &n_cols, err);

	for (size_t i = 0; rc == ST_OK && i < n; i++)
		if (engine_column_find(b->e, names[i]) < 0)
			rc = err_set(err, ST_USAGE, "no score column '%s'", names[i]);
	if (rc != ST_OK)
		return rc;
	free_cols(b);
	b->cols = xcalloc(n + n_cols + 1, sizeof(*b->cols));
	for (size_t i = 0; i < n; i++)
		b->cols[b->n_all++] = xstrdup(names[i]);
	b->n_cols = n;
	for (size_t i = 0; i < n_cols; i++)
		if (cols[i].dir == DIR_FLAG)
			b->cols[b->n_all++] = xstrdup(cols[i].name);
	return recount(b, err);
}

enum status
engine_browse_sort(struct browse *b, const char *col, bool desc, struct err *err)
{
	const struct column_info *cols;
	size_t n;
	enum status rc = engine_columns(b->e, &cols, &n, err);

	if (rc == ST_OK && col && engine_column_find(b->e, col) < 0)
		rc = err_set(err, ST_USAGE, "no score column '%s'", col);
	if (rc != ST_OK)
		return rc;
	free(b->sort);
	b->sort = col ? xstrdup(col) : NULL;
	b->desc = desc;
	return recount(b, err);
}

enum status
engine_browse_limit(struct browse *b, const char *fts, const int64_t *ids, size_t n_ids,
		    struct err *err)
{
	struct store *st = b->e->store;
	enum status rc = ST_OK;

	if (fts && !*fts)
		return err_set(err, ST_BADQUERY, "the full-text query is empty");
	if (fts || ids)
		rc = store_set_reset(st, b->set_no, err);
	if (rc == ST_OK && ids)
		rc = store_set_add_ids(st, b->set_no, ids, n_ids, err);
	if (rc == ST_OK && fts)
		rc = ids ? store_set_keep_fts(st, b->set_no, fts, err)
			 : store_set_add_fts(st, b->set_no, fts, err);
	if (rc != ST_OK) {	/* a bad query: back to the whole list, as documented */
		b->limited = false;
		recount(b, NULL);
		return rc;
	}
	b->limited = fts || ids;
	return recount(b, err);
}

enum status
engine_browse_search(struct browse *b, const char *fts, int64_t *n_hits, struct err *err)
{
	struct store *st = b->e->store;
	int64_t n = 0;
	enum status rc = ST_OK;

	if (fts && !*fts)
		return err_set(err, ST_BADQUERY, "the full-text query is empty");
	if (fts) {	/* fill a scratch table first, so a bad query keeps the old search */
		int tmp = b->e->cache->next_set++;
		rc = store_set_reset(st, tmp, err);
		if (rc == ST_OK)
			rc = store_set_add_fts(st, tmp, fts, err);
		if (rc == ST_OK)
			rc = store_set_count(st, tmp, &n, err);
		if (rc == ST_OK) {
			store_set_drop(st, b->hits_no);
			b->hits_no = tmp;
		} else {
			store_set_drop(st, tmp);
		}
	}
	if (rc != ST_OK)
		return rc;
	b->searching = fts != NULL;
	b->n_hits_all = n;
	if (n_hits)
		*n_hits = n;
	return recount(b, err);
}

int64_t
engine_browse_count(const struct browse *b)
{
	return b->count;
}

int64_t
engine_browse_hits(const struct browse *b)
{
	return b->n_hits;
}

/* ---- pages ---- */

struct acc {
	const struct browse *b;
	struct browse_row *rows;
	size_t n, cap;
	int seg;
};

static char *
flag_names(const struct browse *b, const double *vals, const bool *nul)
{
	struct buf s = BUF_INIT;

	for (size_t i = b->n_cols; i < b->n_all; i++) {
		if (nul[i] || vals[i] < 0.5)
			continue;
		const char *name = b->cols[i];
		buf_printf(&s, "%s%s", s.len ? " " : "",
			   strncmp(name, "flag_", 5) == 0 ? name + 5 : name);
	}
	return s.data ? buf_take(&s) : xstrdup("");
}

static enum status
add_row(void *ctx, const struct browse_sql_row *r, struct err *err)
{
	struct acc *a = ctx;
	const struct browse *b = a->b;
	struct browse_row *row;

	(void)err;
	if (a->n == a->cap)
		a->rows = xrealloc(a->rows, (a->cap = a->cap ? 2 * a->cap : 64) * sizeof(*a->rows));
	row = &a->rows[a->n++];
	row->id = r->id;
	row->dataset_id = r->dataset_id;
	row->line = r->line;
	row->preview = xstrdup(r->preview ? r->preview : "");
	row->vals = xcalloc(b->n_cols + 1, sizeof(double));
	row->nul = xcalloc(b->n_cols + 1, sizeof(bool));
	memcpy(row->vals, r->vals, b->n_cols * sizeof(double));
	memcpy(row->nul, r->nul, b->n_cols * sizeof(bool));
	row->flags = flag_names(b, r->vals, r->nul);
	row->hit = r->hit;
	row->key = (struct browse_key){a->seg, a->seg == 0 ? r->sort_v : 0, r->id};
	return ST_OK;
}

/* One query of one segment: rows after (or before, rev) from, up to limit more rows. */
static enum status
fetch(struct browse *b, int seg, bool backward, const struct browse_key *from, bool hits_only,
      size_t limit, struct acc *a, struct err *err)
{
	struct browse_sql q = base_sql(b);

	if (a->n >= limit)
		return ST_OK;
	q.seg = b->sort ? seg : 0;
	q.rev = q.seg == 1 ? backward : backward != b->desc;
	q.has_from = from != NULL;
	if (from) {
		q.from_v = from->v;
		q.from_id = from->id;
	}
	q.hits_only = hits_only;
	q.limit = limit - a->n;
	a->seg = q.seg;
	return store_browse_page(b->e->store, &q, add_row, a, err);
}

/* Forward: segment 0 from `from`, then segment 1 from its start; backward the other way. */
static enum status
walk(struct browse *b, const struct browse_key *from, bool backward, bool hits_only,
     size_t limit, struct acc *a, struct err *err)
{
	bool has_null = b->sort && b->n_valued < b->count;
	int seg = from ? from->seg : (backward && has_null ? 1 : 0);
	enum status rc;

	if (!b->sort)
		return fetch(b, 0, backward, from, hits_only, limit, a, err);
	if (!backward) {
		rc = fetch(b, seg, false, from, hits_only, limit, a, err);
		if (rc == ST_OK && seg == 0 && has_null)
			rc = fetch(b, 1, false, NULL, hits_only, limit, a, err);
		return rc;
	}
	rc = fetch(b, seg, true, from, hits_only, limit, a, err);
	if (rc == ST_OK && seg == 1)
		rc = fetch(b, 0, true, NULL, hits_only, limit, a, err);
	return rc;
}

enum status
engine_browse_verdicts(struct browse *b, struct browse_row *rows, size_t n, struct err *err)
{
	int64_t *ids = xcalloc(n + 1, sizeof(*ids));
	enum verdict *v = xcalloc(n + 1, sizeof(*v));
	enum status rc;

	for (size_t i = 0; i < n; i++)
		ids[i] = rows[i].id;
	rc = engine_verdicts(b->e, ids, n, v, err);
	for (size_t i = 0; rc == ST_OK && i < n; i++)
		rows[i].verdict = v[i];
	free(ids);
	free(v);
	return rc;
}

enum status
engine_browse_ids(struct browse *b, int64_t **ids, size_t *n, struct err *err)
{
	return store_set_ids(b->e->store, b->limited ? b->set_no : -1, ids, n, err);
}

enum status
engine_browse_page(struct browse *b, const struct browse_key *from, bool backward,
		   size_t limit, struct browse_row **rows, size_t *n, struct err *err)
{
	struct acc a = {.b = b};
	enum status rc = walk(b, from, backward, false, limit, &a, err);

	if (rc == ST_OK)
		rc = engine_browse_verdicts(b, a.rows, a.n, err);
	if (rc != ST_OK) {
		engine_browse_rows_free(a.rows, a.n);
		a.rows = NULL;
		a.n = 0;
	}
	for (size_t i = 0; backward && i < a.n / 2; i++) {
		struct browse_row t = a.rows[i];
		a.rows[i] = a.rows[a.n - 1 - i];
		a.rows[a.n - 1 - i] = t;
	}
	*rows = a.rows;
	*n = a.n;
	return rc;
}

void
engine_browse_row_clear(struct browse_row *r)
{
	free(r->preview);
	free(r->vals);
	free(r->nul);
	free(r->flags);
	memset(r, 0, sizeof(*r));
}

void
engine_browse_rows_free(struct browse_row *rows, size_t n)
{
	for (size_t i = 0; rows && i < n; i++)
		engine_browse_row_clear(&rows[i]);
	free(rows);
}

enum status
engine_browse_next_hit(struct browse *b, const struct browse_key *from, bool backward,
		       struct browse_key *key, bool *found, struct err *err)
{
	struct acc a = {.b = b};
	enum status rc = ST_OK;

	*found = false;
	if (b->searching)
		rc = walk(b, from, backward, true, 1, &a, err);
	if (rc == ST_OK && a.n == 1) {
		*key = a.rows[0].key;
		*found = true;
	}
	engine_browse_rows_free(a.rows, a.n);
	return rc;
}

enum status
engine_browse_rank(struct browse *b, const struct browse_key *key, int64_t *rank,
		   struct err *err)
{
	struct browse_sql q = base_sql(b);
	int64_t n = 0;
	enum status rc;

	*rank = 0;
	if (!b->sort && !b->limited && b->e->cache->max_id == b->total) {	/* ids 1..total */
		*rank = b->desc ? b->total - key->id : key->id - 1;
		return ST_OK;
	}
	q.seg = b->sort ? key->seg : 0;
	q.rev = q.seg == 1 ? true : !b->desc;
	q.has_from = true;
	q.from_v = key->v;
	q.from_id = key->id;
	rc = store_browse_count(b->e->store, &q, &n, err);
	*rank = n + (q.seg == 1 ? b->n_valued : 0);
	return rc;
}

struct one_value {
	double v;
	bool nul;
};

static enum status
take_value(void *ctx, int64_t id, const double *vals, const bool *nul, struct err *err)
{
	struct one_value *o = ctx;

	(void)id;
	(void)err;
	o->v = vals[0];
	o->nul = nul[0];
	return ST_OK;
}

enum status
engine_browse_key_of(struct browse *b, int64_t id, struct browse_key *key, bool *found,
		     struct err *err)
{
	struct one_value one = {0, true};
	const char *col = b->sort;
	enum status rc;
	bool in = false;

	*found = false;
	*key = (struct browse_key){0, 0, id};
	rc = b->limited ? store_set_has(b->e->store, b->set_no, id, &in, err)
			: store_sample_exists(b->e->store, id, &in, err);
	if (rc != ST_OK || !in)
		return rc;
	if (col)
		rc = store_score_values(b->e->store, &col, 1, &id, 1, take_value, &one, err);
	if (col && !one.nul)
		key->v = one.v;
	key->seg = col && one.nul ? 1 : 0;
	*found = rc == ST_OK;
	return rc;
}
