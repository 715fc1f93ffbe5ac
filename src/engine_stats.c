/* engine_stats.c: counts and length distributions for `winnow stats`. */
#include <stdlib.h>
#include <string.h>

#include "engine_internal.h"
#include "util/xalloc.h"

struct count_list {
	struct key_count *v;
	size_t n;
};

static void
collect(void *ctx, const struct count_row *row)
{
	struct count_list *l = ctx;

	l->v = xrealloc(l->v, (l->n + 1) * sizeof(*l->v));
	l->v[l->n].key = xstrdup(row->key ? row->key : "");
	l->v[l->n].n = row->n;
	l->n++;
}

static int
cmp_i64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return (x > y) - (x < y);
}

/* Nearest-rank quantile of sorted v. */
static int64_t
quantile(const int64_t *v, size_t n, double q)
{
	size_t i = (size_t)(q * (double)(n - 1) + 0.5);

	return v[i < n ? i : n - 1];
}

static void
length_stats(int64_t *v, size_t n, struct length_stats *ls)
{
	double sum = 0;

	memset(ls, 0, sizeof(*ls));
	if (n == 0)
		return;
	qsort(v, n, sizeof(*v), cmp_i64);
	for (size_t i = 0; i < n; i++)
		sum += (double)v[i];
	ls->min = v[0];
	ls->p25 = quantile(v, n, 0.25);
	ls->median = quantile(v, n, 0.5);
	ls->p75 = quantile(v, n, 0.75);
	ls->p90 = quantile(v, n, 0.90);
	ls->p99 = quantile(v, n, 0.99);
	ls->max = v[n - 1];
	ls->mean = sum / (double)n;
}

static enum status
lengths(struct engine *e, int which, struct length_stats *ls, struct err *err)
{
	int64_t *v;
	size_t n;
	enum status rc = store_lengths(e->store, which, &v, &n, err);

	if (rc == ST_OK)
		length_stats(v, n, ls);
	free(v);
	return rc;
}

enum status
engine_stats(struct engine *e, struct stats *out, struct err *err)
{
	struct count_list formats = {0}, turns = {0};
	enum status rc;

	memset(out, 0, sizeof(*out));
	rc = store_sample_count(e->store, &out->n_samples, err);
	if (rc == ST_OK)
		rc = store_datasets_list(e->store, &out->datasets, &out->n_datasets, err);
	if (rc == ST_OK)
		rc = store_count_by_format(e->store, collect, &formats, err);
	if (rc == ST_OK)
		rc = store_count_by_turns(e->store, collect, &turns, err);
	out->formats = formats.v;
	out->n_formats = formats.n;
	out->turns = turns.v;
	out->n_turns = turns.n;
	if (rc == ST_OK)
		rc = lengths(e, 0, &out->prompt, err);
	if (rc == ST_OK)
		rc = lengths(e, 1, &out->response, err);
	if (rc != ST_OK)
		stats_free(out);
	return rc;
}

void
stats_free(struct stats *s)
{
	store_datasets_free(s->datasets, s->n_datasets);
	for (size_t i = 0; i < s->n_formats; i++)
		free(s->formats[i].key);
	for (size_t i = 0; i < s->n_turns; i++)
		free(s->turns[i].key);
	free(s->formats);
	free(s->turns);
	memset(s, 0, sizeof(*s));
}
