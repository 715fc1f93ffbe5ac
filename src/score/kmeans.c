/* kmeans.c: spherical k-means with k-means++ seeding (see kmeans.h). */
#include "kmeans.h"

#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "score/dense.h"
#include "score/par.h"
#include "util/rng.h"
#include "util/xalloc.h"

#define MAX_THREADS 64
#define DEFAULT_ITER 20

/* One fit or assignment: rows x, centres c, and per-thread scratch (k floats each). */
struct km {
	const float *x;
	size_t n, k;
	const float *c;
	int32_t *assign;
	float *sim;
	float *scratch[MAX_THREADS];
	int n_threads;
};

/* Uniform in [0, 1). */
static double
uniform(uint64_t *s)
{
	return (double)(rng_splitmix(s) >> 11) * (1.0 / 9007199254740992.0);
}

static bool
is_zero(const float *row)
{
	for (int j = 0; j < DENSE_D; j++)
		if (row[j] != 0)
			return false;
	return true;
}

static int
by_size_t(const void *a, const void *b)
{
	size_t x = *(const size_t *)a, y = *(const size_t *)b;

	return x < y ? -1 : x > y;
}

/* The rows to fit on, copied together: every nonzero row, or a seeded sample of
 * max_train of them, in row order. OUT: *m. */
static float *
train_rows(const float *x, size_t n, const struct kmeans_opts *o, uint64_t *rng, size_t *m)
{
	size_t *rows = xmalloc((n ? n : 1) * sizeof(*rows)), k = 0;
	float *t;

	for (size_t i = 0; i < n; i++)
		if (!is_zero(x + i * DENSE_D))
			rows[k++] = i;
	if (o->max_train && k > o->max_train) {	/* partial Fisher-Yates */
		for (size_t i = 0; i < o->max_train; i++) {
			size_t j = i + (size_t)(uniform(rng) * (double)(k - i));
			size_t s = rows[i];
			rows[i] = rows[j];
			rows[j] = s;
		}
		k = o->max_train;
		qsort(rows, k, sizeof(*rows), by_size_t);
	}
	t = xmalloc((k ? k : 1) * DENSE_D * sizeof(*t));
	for (size_t i = 0; i < k; i++)
		memcpy(t + i * DENSE_D, x + rows[i] * DENSE_D, DENSE_D * sizeof(*t));
	free(rows);
	*m = k;
	return t;
}

static void
assign_work(void *ctx, size_t from, size_t to, int t)
{
	struct km *km = ctx;
	float *s = km->scratch[t];

	for (size_t i = from; i < to; i++) {
		const float *row = km->x + i * DENSE_D;
		int32_t best = -1;
		float bs = 0;
		if (km->k > 0 && !is_zero(row)) {
			dense_dots(row, km->c, km->k, s);
			best = 0;
			bs = s[0];
			for (size_t c = 1; c < km->k; c++)
				if (s[c] > bs) {
					bs = s[c];
					best = (int32_t)c;
				}
		}
		km->assign[i] = best;
		if (km->sim)
			km->sim[i] = bs;
	}
}

static void
run_assign(struct km *km)
{
	for (int t = 0; t < km->n_threads; t++)
		km->scratch[t] = xmalloc((km->k ? km->k : 1) * sizeof(float));
	par_for(km->n_threads, km->n, 256, assign_work, km);
	for (int t = 0; t < km->n_threads; t++)
		free(km->scratch[t]);
}

void
kmeans_assign(const float *c, size_t k, const float *x, size_t n, int n_threads,
	      int32_t *assign, float *sim)
{
	struct km km = {.x = x, .n = n, .k = k, .c = c, .assign = assign, .sim = sim,
			.n_threads = n_threads < 1 ? 1 : n_threads > MAX_THREADS ? MAX_THREADS
										  : n_threads};

	run_assign(&km);
}

/* k-means++ seeding: best[i] is row i's similarity to its nearest centre so far. */
struct seed_job {
	const float *x, *centre;
	float *best;
};

static void
seed_work(void *ctx, size_t from, size_t to, int t)
{
	struct seed_job *j = ctx;

	(void)t;
	for (size_t i = from; i < to; i++) {
		float s = dense_dot(j->x + i * DENSE_D, j->centre);
		j->best[i] = s > j->best[i] ? s : j->best[i];
	}
}

/* k-means++ weight of a row: its squared distance 2 - 2 cos to the nearest centre,
 * 0 for a row that sits on one (up to rounding). */
static double
weight(float best)
{
	return best < 1 - 1e-6f ? 2.0 - 2.0 * best : 0;
}

/* Returns the centres seeded (fewer than k when every row already sits on a centre). */
static size_t
seed(const float *x, size_t m, size_t k, float *c, uint64_t *rng, int n_threads)
{
	float *best = xmalloc(m * sizeof(*best));
	struct seed_job j = {.x = x, .best = best};
	size_t got = 1, pick = (size_t)(uniform(rng) * (double)m);

	for (size_t i = 0; i < m; i++)
		best[i] = -2;
	for (;;) {
		double total = 0, u, run = 0;
		memcpy(c + (got - 1) * DENSE_D, x + pick * DENSE_D, DENSE_D * sizeof(*c));
		j.centre = c + (got - 1) * DENSE_D;
		par_for(n_threads, m, 1024, seed_work, &j);
		if (got == k)
			break;
		for (size_t i = 0; i < m; i++)
			total += weight(best[i]);
		if (total <= 1e-9)
			break;
		u = uniform(rng) * total;
		for (size_t i = 0; i < m; i++) {	/* ends on a row of positive weight */
			double w = weight(best[i]);
			if (w > 0) {
				pick = i;
				run += w;
				if (run > u)
					break;
			}
		}
		got++;
	}
	free(best);
	return got;
}

/* Each centre becomes the normalised mean of its members (summed in row order); an empty
 * one restarts at the row least similar to its own centre. */
static void
update(const float *x, size_t m, size_t k, const int32_t *assign, float *sim, float *c)
{
	double *sum = xcalloc(k * DENSE_D, sizeof(*sum));
	size_t *count = xcalloc(k, sizeof(*count));

	for (size_t i = 0; i < m; i++) {
		double *s = sum + (size_t)assign[i] * DENSE_D;
		count[assign[i]]++;
		for (int d = 0; d < DENSE_D; d++)
			s[d] += x[i * DENSE_D + d];
	}
	for (size_t q = 0; q < k; q++) {
		double norm = 0, *s = sum + q * DENSE_D;
		if (count[q] == 0) {
			size_t far = 0;
			for (size_t i = 1; i < m; i++)
				far = sim[i] < sim[far] ? i : far;
			sim[far] = 2;	/* not again for the next empty cluster */
			for (int d = 0; d < DENSE_D; d++)
				s[d] = x[far * DENSE_D + d];
		}
		for (int d = 0; d < DENSE_D; d++)
			norm += s[d] * s[d];
		norm = norm > 0 ? 1 / sqrt(norm) : 0;
		for (int d = 0; d < DENSE_D; d++)
			c[q * DENSE_D + d] = (float)(s[d] * norm);
	}
	free(sum);
	free(count);
}

float *
kmeans_fit(const float *x, size_t n, const struct kmeans_opts *o, size_t *k_out)
{
	uint64_t rng = o->seed ^ 0x6a09e667f3bcc909ULL;
	size_t m, k;
	float *t = train_rows(x, n, o, &rng, &m), *c;
	int iters = o->max_iter > 0 ? o->max_iter : DEFAULT_ITER;
	struct km km = {.x = t, .n = m, .n_threads = o->n_threads < 1 ? 1
						     : o->n_threads > MAX_THREADS ? MAX_THREADS
						     : o->n_threads};
	int32_t *prev;

	k = o->k < m ? o->k : m;
	*k_out = 0;
	if (k == 0) {
		free(t);
		return NULL;
	}
	c = xmalloc(k * DENSE_D * sizeof(*c));
	k = seed(t, m, k, c, &rng, km.n_threads);
	km.k = k;
	km.c = c;
	km.assign = xmalloc(m * sizeof(*km.assign));
	km.sim = xmalloc(m * sizeof(*km.sim));
	prev = xmalloc(m * sizeof(*prev));
	for (size_t i = 0; i < m; i++)
		prev[i] = -1;
	for (int it = 0; it < iters; it++) {
		run_assign(&km);
		if (memcmp(prev, km.assign, m * sizeof(*prev)) == 0)
			break;
		update(t, m, k, km.assign, km.sim, c);
		memcpy(prev, km.assign, m * sizeof(*prev));
	}
	free(prev);
	free(km.assign);
	free(km.sim);
	free(t);
	*k_out = k;
	return c;
}
