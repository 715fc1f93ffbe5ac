/* engine_columns.c: the score columns the TUI shows, their distributions in memory (sorted
 * values of every sample, or of an even spread of DIST_SAMPLE samples), percentiles and
 * histograms, and the indexes that make sorting by a column a range scan.
 * Owns struct engine_cache (freed by engine_close). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "engine_browse.h"
#include "engine_internal.h"
#include "score/rules.h"
#include "store_browse.h"
#include "engine_cache.h"
#include "util/xalloc.h"

static struct engine_cache *
cache(struct engine *e);

static struct engine_cache *
cache(struct engine *e)
{
	if (!e->cache)
		e->cache = xcalloc(1, sizeof(*e->cache));
	return e->cache;
}

static void
columns_free(struct engine_cache *c)
{
	for (size_t i = 0; i < c->n_cols; i++) {
		free((char *)c->cols[i].name);
		free((char *)c->cols[i].family);
		free((char *)c->cols[i].desc);
		free(c->dist ? c->dist[i].v : NULL);
	}
	free(c->cols);
	free(c->dist);
	c->cols = NULL;
	c->dist = NULL;
	c->n_cols = 0;
	c->loaded = false;
	c->dist_loaded = false;
}

void
engine_cache_free(struct engine_cache *c)
{
	if (!c)
		return;
	columns_free(c);
	rules_scratch_free(c->rs);
	rules_free(c->rules);
	free(c);
}

void
engine_columns_reload(struct engine *e)
{
	if (e->cache) {
		columns_free(e->cache);
		e->cache->counted = false;
	}
}

static enum direction
dir_of(const char *s)
{
	if (!s)
		return DIR_NEUTRAL;
	if (strcmp(s, "higher") == 0)
		return DIR_HIGHER;
	if (strcmp(s, "lower") == 0)
		return DIR_LOWER;
	return strcmp(s, "flag") == 0 ? DIR_FLAG : DIR_NEUTRAL;
}

static enum status
add_column(void *ctx, const struct score_col_meta *m, struct err *err)
{
	struct engine_cache *c = ctx;

	(void)err;
	c->cols = xrealloc(c->cols, (c->n_cols + 1) * sizeof(*c->cols));
	c->cols[c->n_cols++] = (struct column_info){
		xstrdup(m->name), xstrdup(m->family ? m->family : ""),
		xstrdup(m->desc ? m->desc : "(not in the scorers table)"), dir_of(m->direction)};
	return ST_OK;
}

enum status
engine_columns(struct engine *e, const struct column_info **cols, size_t *n, struct err *err)
{
	struct engine_cache *c = cache(e);
	enum status rc = ST_OK;

	if (!c->loaded) {
		columns_free(c);
		rc = store_score_columns(e->store, add_column, c, err);
		c->loaded = rc == ST_OK;
	}
	*cols = c->cols;
	*n = c->loaded ? c->n_cols : 0;
	return rc;
}

int
engine_column_find(struct engine *e, const char *name)
{
	struct engine_cache *c = cache(e);

	for (size_t i = 0; name && i < c->n_cols; i++)
		if (strcmp(c->cols[i].name, name) == 0)
			return (int)i;
	return -1;
}

/* ---- distributions ---- */

struct dist_fill {
	struct engine_cache *c;
	size_t *cap;
	size_t rows;
};

static enum status
add_values(void *ctx, int64_t id, const double *vals, const bool *nul, struct err *err)
{
	struct dist_fill *f = ctx;

	(void)id;
	(void)err;
	f->rows++;
	for (size_t i = 0; i < f->c->n_cols; i++) {
		struct col_dist *d = &f->c->dist[i];
		if (nul[i] || isnan(vals[i])) {
			d->n_null++;
			continue;
		}
		if (d->n == f->cap[i])
			d->v = xrealloc(d->v, (f->cap[i] = f->cap[i] ? 2 * f->cap[i] : 1024) * sizeof(double));
		d->v[d->n++] = vals[i];
		d->sum += vals[i];
	}
	return ST_OK;
}

/* Sort doubles (no NaN): three-way quicksort, since many columns repeat a few values
 * (flags, counts); several times faster than qsort's comparison callbacks. */
static void
sort_doubles(double *a, size_t n)
{
	while (n > 16) {
		double p = a[n / 2], t;
		size_t lt = 0, i = 0, gt = n;
		while (i < gt) {
			if (a[i] < p) {
				t = a[lt], a[lt++] = a[i], a[i++] = t;
			} else if (a[i] > p) {
				t = a[--gt], a[gt] = a[i], a[i] = t;
			} else {
				i++;
			}
		}
		if (lt < n - gt) {	/* recurse on the smaller side */
			sort_doubles(a, lt);
			a += gt, n -= gt;
		} else {
			sort_doubles(a + gt, n - gt);
			n = lt;
		}
	}
	for (size_t i = 1; i < n; i++) {
		double v = a[i];
		size_t j = i;
		for (; j > 0 && a[j - 1] > v; j--)
			a[j] = a[j - 1];
		a[j] = v;
	}
}

/* Where the runs start: NULL (read everything) or DIST_BLOCKS ids spread evenly over
 * 1..max_id. */
static int64_t *
block_starts(struct engine *e, int64_t *total, struct err *err)
{
	int64_t max_id;
	int64_t *ids;

	if (engine_sample_count(e, total, err) != ST_OK || *total <= DIST_SAMPLE)
		return NULL;
	max_id = e->cache->max_id;
	ids = xcalloc(DIST_BLOCKS, sizeof(*ids));
	for (size_t i = 0; i < DIST_BLOCKS; i++)
		ids[i] = 1 + (int64_t)((double)i * (double)max_id / DIST_BLOCKS);
	return ids;
}

enum status
engine_dist_load(struct engine *e, struct err *err)
{
	const struct column_info *cols;
	struct engine_cache *c = cache(e);
	size_t n_cols;
	int64_t total = 0;
	enum status rc = engine_columns(e, &cols, &n_cols, err);

	if (rc != ST_OK || c->dist_loaded)
		return rc;
	int64_t *ids = block_starts(e, &total, err);
	const char **names = xcalloc(n_cols + 1, sizeof(*names));
	size_t *cap = xcalloc(n_cols + 1, sizeof(*cap));
	struct dist_fill f = {c, cap, 0};

	c->dist = xcalloc(n_cols + 1, sizeof(*c->dist));
	for (size_t i = 0; i < n_cols; i++)
		names[i] = cols[i].name;
	if (n_cols && ids)
		rc = store_score_blocks(e->store, names, n_cols, ids, DIST_BLOCKS,
					DIST_SAMPLE / DIST_BLOCKS, add_values, &f, err);
	else if (n_cols)
		rc = store_score_values(e->store, names, n_cols, NULL, 0, add_values, &f, err);
	c->sampled = ids != NULL;
	for (size_t i = 0; i < n_cols && !ids; i++)	/* never scored: missing values too */
		c->dist[i].n_null += (size_t)total > f.rows ? (size_t)total - f.rows : 0;
	for (size_t i = 0; i < n_cols; i++)
		sort_doubles(c->dist[i].v, c->dist[i].n);
	c->dist_loaded = rc == ST_OK;
	free(ids);
	free(names);
	free(cap);
	return rc;
}

static const struct col_dist *
dist_of(struct engine *e, size_t col)
{
	struct engine_cache *c = e->cache;

	if (!c || !c->dist_loaded || col >= c->n_cols || c->dist[col].n == 0)
		return NULL;
	return &c->dist[col];
}

/* First index whose value is >= v (strict: > v). */
static size_t
bound(const double *a, size_t n, double v, bool strict)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (strict ? a[mid] <= v : a[mid] < v)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

double
engine_percentile(struct engine *e, size_t col, double v)
{
	const struct col_dist *d = dist_of(e, col);

	if (!d || isnan(v))
		return NAN;
	size_t below = bound(d->v, d->n, v, false), upto = bound(d->v, d->n, v, true);
	return 100.0 * ((double)below + (double)(upto - below) / 2.0) / (double)d->n;
}

static double
quantile(const struct col_dist *d, double q)
{
	size_t i = (size_t)(q * (double)(d->n - 1) + 0.5);

	return d->v[i < d->n ? i : d->n - 1];
}

double
engine_quantile(struct engine *e, size_t col, double p)
{
	const struct col_dist *d = dist_of(e, col);

	if (!d || isnan(p))
		return NAN;
	return quantile(d, p < 0 ? 0 : p > 100 ? 1 : p / 100);
}

void
engine_dist_summary(struct engine *e, size_t col, struct dist_summary *s)
{
	const struct col_dist *d = dist_of(e, col);

	memset(s, 0, sizeof(*s));
	if (e->cache && e->cache->dist_loaded && col < e->cache->n_cols) {
		s->n_null = e->cache->dist[col].n_null;
		s->sampled = e->cache->sampled;
	}
	if (!d)
		return;
	s->n = d->n;
	s->min = d->v[0];
	s->max = d->v[d->n - 1];
	s->p25 = quantile(d, 0.25);
	s->median = quantile(d, 0.5);
	s->p75 = quantile(d, 0.75);
	s->mean = d->sum / (double)d->n;
}

void
engine_histogram(struct engine *e, size_t col, size_t bins, int64_t *counts)
{
	const struct col_dist *d = dist_of(e, col);

	memset(counts, 0, bins * sizeof(*counts));
	if (!d || bins == 0)
		return;
	double lo = d->v[0], span = d->v[d->n - 1] - lo;
	for (size_t i = 0; i < d->n; i++) {
		size_t b = span > 0 ? (size_t)((d->v[i] - lo) / span * (double)bins) : 0;
		counts[b < bins ? b : bins - 1]++;
	}
}

/* ---- indexes ---- */

enum status
engine_sample_count(struct engine *e, int64_t *n, struct err *err)
{
	struct engine_cache *c = cache(e);
	enum status rc = ST_OK;

	if (!c->counted)	/* count(*) reads the whole table: once */
		rc = store_corpus_size(e->store, &c->n_samples, &c->max_id, err);
	c->counted = rc == ST_OK;
	*n = c->n_samples;
	return rc;
}

bool
engine_sort_ready(struct engine *e, const char *col)
{
	int64_t n = 0;
	struct err err;

	if (!col || engine_sample_count(e, &n, &err) != ST_OK || n <= SORT_INDEX_MIN)
		return true;
	return store_score_indexed(e->store, col);
}

enum status
engine_index_column(struct engine *e, const char *col, struct err *err)
{
	if (!store_scores_has(e->store, col))
		return err_set(err, ST_USAGE, "no score column '%s'", col);
	return store_score_index(e->store, col, err);
}

void
engine_interrupt(struct engine *e)
{
	store_interrupt(e->store);
}
