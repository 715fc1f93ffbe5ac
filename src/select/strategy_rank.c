/* strategy_rank.c: ranking keys (one score, or a weighted sum of normalised scores),
 * the order they give, and the budget (see strategy.h). */
#include "strategy.h"

#include <math.h>
#include <stdlib.h>

#include "util/xalloc.h"

struct keyed {
	double key;
	size_t i;
};

/* Larger key first, NAN last, then the lower item. */
static int
cmp_desc(const void *a, const void *b)
{
	const struct keyed *x = a, *y = b;
	bool nx = isnan(x->key), ny = isnan(y->key);

	if (nx != ny)
		return nx ? 1 : -1;
	if (!nx && x->key != y->key)
		return x->key > y->key ? -1 : 1;
	return x->i < y->i ? -1 : x->i > y->i;
}

void
strategy_order(const double *key, size_t n, size_t *order)
{
	struct keyed *k = xmalloc((n ? n : 1) * sizeof(*k));

	for (size_t i = 0; i < n; i++)
		k[i] = (struct keyed){key[i], i};
	qsort(k, n, sizeof(*k), cmp_desc);
	for (size_t i = 0; i < n; i++)
		order[i] = k[i].i;
	free(k);
}

/* out[i] = the percentile (0 worst .. 1 best) of v[i] among the present values, ties
 * sharing their mean rank; missing: 0. */
static void
norm_rank(const double *v, size_t n, double *out)
{
	struct keyed *k = xmalloc((n ? n : 1) * sizeof(*k));
	size_t m = 0;

	for (size_t i = 0; i < n; i++) {
		out[i] = 0;
		if (!isnan(v[i]))
			k[m++] = (struct keyed){v[i], i};
	}
	qsort(k, m, sizeof(*k), cmp_desc);	/* best first */
	for (size_t a = 0; a < m;) {
		size_t b = a;
		while (b + 1 < m && k[b + 1].key == k[a].key)
			b++;
		double mean = (double)(a + b) / 2.0;	/* 0-based position from the best */
		for (size_t j = a; j <= b; j++)
			out[k[j].i] = m > 1 ? 1.0 - mean / (double)(m - 1) : 1.0;
		a = b + 1;
	}
	free(k);
}

static void
norm_minmax(const double *v, size_t n, double *out)
{
	double lo = INFINITY, hi = -INFINITY;

	for (size_t i = 0; i < n; i++) {
		if (isnan(v[i]))
			continue;
		lo = v[i] < lo ? v[i] : lo;
		hi = v[i] > hi ? v[i] : hi;
	}
	for (size_t i = 0; i < n; i++)
		out[i] = isnan(v[i]) ? 0 : hi > lo ? (v[i] - lo) / (hi - lo) : 1.0;
}

void
strategy_rank_key(const struct rank_term *terms, size_t n_terms, enum rank_norm norm, size_t n,
		  double *key)
{
	double *v = xmalloc((n ? n : 1) * sizeof(*v)), *nv = xmalloc((n ? n : 1) * sizeof(*nv));

	for (size_t i = 0; i < n; i++)
		key[i] = 0;
	for (size_t t = 0; t < n_terms; t++) {
		for (size_t i = 0; i < n; i++)
			v[i] = isnan(terms[t].val[i]) ? NAN : terms[t].dir * terms[t].val[i];
		if (n_terms == 1) {
			for (size_t i = 0; i < n; i++)
				key[i] = isnan(v[i]) ? -INFINITY : v[i];
			break;
		}
		if (norm == NORM_RANK)
			norm_rank(v, n, nv);
		else
			norm_minmax(v, n, nv);
		for (size_t i = 0; i < n; i++)
			key[i] += terms[t].weight * nv[i];
	}
	free(v);
	free(nv);
}

size_t
strategy_budget(size_t n, int64_t k, double fraction)
{
	size_t want = n;

	if (k > 0)
		want = (size_t)k;
	else if (fraction > 0)
		want = (size_t)floor(fraction * (double)n + 0.5);
	return want < n ? want : n;
}
