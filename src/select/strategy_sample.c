/* strategy_sample.c: per-cluster quotas, DSIR's Gumbel top-k and the random baseline
 * (see strategy.h). */
#include "strategy.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "util/rng.h"
#include "util/xalloc.h"

struct cpos {
	double c;	/* the cluster; NAN sorts last, all NANs one group */
	size_t pos;	/* position in the rank order */
};

static int
cmp_cpos(const void *a, const void *b)
{
	const struct cpos *x = a, *y = b;
	bool nx = isnan(x->c), ny = isnan(y->c);

	if (nx != ny)
		return nx ? 1 : -1;
	if (!nx && x->c != y->c)
		return x->c < y->c ? -1 : 1;
	return x->pos < y->pos ? -1 : x->pos > y->pos;
}

static bool
same_cluster(double a, double b)
{
	return (isnan(a) && isnan(b)) || a == b;
}

struct group {
	size_t best;	/* the rank position of its best item */
	size_t start;	/* its first entry in the sorted cpos array */
};

static int
cmp_group(const void *a, const void *b)
{
	const struct group *x = a, *y = b;

	return x->best < y->best ? -1 : x->best > y->best;
}

/* Equal shares: round r takes the r-th best of every cluster, clusters in the order of
 * their best item, until k. g is sorted by cluster, then rank position. take[pos] marks
 * the positions kept. */
static void
round_robin(const struct cpos *g, size_t n, size_t k, bool *take)
{
	struct group *grp = xmalloc((n + 1) * sizeof(*grp));
	size_t n_groups = 0, kept = 0;

	for (size_t i = 0; i < n; i++)
		if (i == 0 || !same_cluster(g[i].c, g[i - 1].c))
			grp[n_groups++] = (struct group){g[i].pos, i};
	size_t *end = xmalloc((n_groups + 1) * sizeof(*end));
	for (size_t i = 0; i < n_groups; i++)
		end[i] = i + 1 < n_groups ? grp[i + 1].start : n;
	/* the groups by their best item (ord[i].start: the group's number) */
	struct group *ord = xmalloc((n_groups + 1) * sizeof(*ord));
	for (size_t i = 0; i < n_groups; i++)
		ord[i] = (struct group){grp[i].best, i};
	qsort(ord, n_groups, sizeof(*ord), cmp_group);
	for (size_t r = 0; kept < k; r++) {
		bool any = false;
		for (size_t i = 0; i < n_groups && kept < k; i++) {
			size_t gi = ord[i].start, at = grp[gi].start + r;
			if (at < end[gi]) {
				take[g[at].pos] = true;
				kept++;
				any = true;
			}
		}
		if (!any)
			break;
	}
	free(grp);
	free(end);
	free(ord);
}

void
strategy_cluster_quota(const double *cluster, const size_t *order, size_t n_order,
		       size_t per_cluster, size_t k, size_t *keep, size_t *n_keep)
{
	struct cpos *g = xmalloc((n_order ? n_order : 1) * sizeof(*g));
	bool *take = xcalloc(n_order ? n_order : 1, sizeof(*take));

	for (size_t r = 0; r < n_order; r++)
		g[r] = (struct cpos){cluster[order[r]], r};
	qsort(g, n_order, sizeof(*g), cmp_cpos);	/* by cluster, then rank */
	if (per_cluster == 0) {
		round_robin(g, n_order, k ? k : n_order, take);
	} else {
		for (size_t i = 0, rank_in = 0; i < n_order; i++) {
			rank_in = i > 0 && same_cluster(g[i].c, g[i - 1].c) ? rank_in + 1 : 0;
			take[g[i].pos] = rank_in < per_cluster;
		}
	}
	*n_keep = 0;
	for (size_t r = 0; r < n_order && (k == 0 || *n_keep < k); r++)
		if (take[r])
			keep[(*n_keep)++] = order[r];
	free(g);
	free(take);
}

void
strategy_gumbel_topk(const double *logw, size_t n, size_t k, uint64_t seed, size_t *keep,
		     size_t *n_keep, double *key)
{
	double *kk = key ? key : xmalloc((n ? n : 1) * sizeof(*kk));
	size_t *order = xmalloc((n ? n : 1) * sizeof(*order));
	struct rng r;

	rng_seed(&r, seed);
	for (size_t i = 0; i < n; i++) {
		double g = -log(-log(rng_open01(&r)));	/* drawn for every item: keys are stable */
		kk[i] = isnan(logw[i]) || isinf(logw[i]) ? NAN : logw[i] + g;
	}
	strategy_order(kk, n, order);
	*n_keep = 0;
	for (size_t i = 0; i < n && *n_keep < k && !isnan(kk[order[i]]); i++)
		keep[(*n_keep)++] = order[i];
	free(order);
	if (!key)
		free(kk);
}

static int
cmp_size(const void *a, const void *b)
{
	size_t x = *(const size_t *)a, y = *(const size_t *)b;

	return x < y ? -1 : x > y;
}

void
strategy_random(size_t n, size_t k, uint64_t seed, size_t *keep)
{
	size_t *idx = xmalloc((n ? n : 1) * sizeof(*idx));
	struct rng r;

	rng_seed(&r, seed);
	for (size_t i = 0; i < n; i++)
		idx[i] = i;
	for (size_t i = 0; i < k && i < n; i++) {	/* a partial Fisher-Yates shuffle */
		size_t j = i + (size_t)rng_below(&r, n - i), t = idx[i];
		idx[i] = idx[j];
		idx[j] = t;
	}
	memcpy(keep, idx, (k < n ? k : n) * sizeof(*keep));
	qsort(keep, k < n ? k : n, sizeof(*keep), cmp_size);
	free(idx);
}
