/* bench_diverse.c: time the diversity strategies (src/select/strategy_diverse.c) on
 * synthetic TF-IDF-like sparse vectors, until the vectors work provides real ones.
 *   bench_diverse N [K] [THRESHOLD]
 * N items of 20-40 terms drawn from a Zipf(1.1) vocabulary of 50,000 terms, weighted
 * tf * idf and L2-normalised, every fourth a near copy of the one before (one weight
 * halved); the ranking is a random permutation. Runs DEITA with a
 * budget of K (default N/10) and prints the seconds, what it kept and how many it
 * rejected; then k-center greedy for min(K, 2000) centers among the first 100,000. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "select/strategy.h"
#include "util/rng.h"

#define VOCAB 50000

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static int
cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return x < y ? -1 : x > y;
}

/* A Zipf draw by inverse CDF over the precomputed cumulative weights. */
static uint32_t
zipf(struct rng *r, const double *cdf)
{
	double u = rng_open01(r) * cdf[VOCAB - 1];
	size_t lo = 0, hi = VOCAB - 1;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (cdf[mid] < u)
			lo = mid + 1;
		else
			hi = mid;
	}
	return (uint32_t)lo;
}

int
main(int argc, char **argv)
{
	size_t n = argc > 1 ? (size_t)atol(argv[1]) : 100000;
	size_t k = argc > 2 ? (size_t)atol(argv[2]) : n / 10;
	double thr = argc > 3 ? atof(argv[3]) : 0.1;
	double *cdf = malloc(VOCAB * sizeof(*cdf)), acc = 0, t0;
	size_t *off = malloc((n + 1) * sizeof(*off)), *order = malloc(n * sizeof(*order));
	size_t *keep = malloc(n * sizeof(*keep)), n_keep, *near = malloc(n * sizeof(*near));
	uint32_t *term = malloc(n * 40 * sizeof(*term));
	float *w = malloc(n * 40 * sizeof(*w));
	struct rng r;
	size_t p = 0, rejected = 0;

	rng_seed(&r, 1);
	for (size_t t = 0; t < VOCAB; t++)
		cdf[t] = (acc += 1.0 / pow((double)t + 1, 1.1));
	for (size_t i = 0; i < n; i++) {
		size_t m = 20 + (size_t)rng_below(&r, 21), q = 0;
		if (i % 4 == 3) {	/* a near copy of the item before: one weight halved */
			size_t len = p - off[i - 1];
			off[i] = p;
			memcpy(term + p, term + off[i - 1], len * sizeof(*term));
			memcpy(w + p, w + off[i - 1], len * sizeof(*w));
			w[p] *= 0.5f;
			double norm = 0;
			for (size_t j = 0; j < len; j++)
				norm += (double)w[p + j] * w[p + j];
			for (size_t j = 0; j < len; j++)
				w[p + j] = (float)(w[p + j] / sqrt(norm));
			p += len;
			order[i] = i;
			continue;
		}
		uint32_t tmp[40];
		for (size_t j = 0; j < m; j++)
			tmp[j] = zipf(&r, cdf);
		qsort(tmp, m, sizeof(*tmp), cmp_u32);
		double norm = 0;
		off[i] = p;
		for (size_t j = 0; j < m; j++) {
			size_t tf = 1;
			while (j + 1 < m && tmp[j + 1] == tmp[j])
				j++, tf++;
			term[p + q] = tmp[j];
			w[p + q] = (float)(tf * log(1.0 + tmp[j] / 10.0 + 1.0));	/* rarer terms weigh more */
			norm += (double)w[p + q] * w[p + q];
			q++;
		}
		for (size_t j = 0; j < q; j++)
			w[p + j] = (float)(w[p + j] / sqrt(norm));
		p += q;
		order[i] = i;
	}
	off[n] = p;
	for (size_t i = n; i > 1; i--) {
		size_t j = (size_t)rng_below(&r, i), t = order[i - 1];
		order[i - 1] = order[j];
		order[j] = t;
	}
	struct svecs v = {n, off, term, w, VOCAB};
	t0 = now();
	strategy_deita(&v, order, n, thr, k, keep, &n_keep, near);
	for (size_t i = 0; i < n; i++)
		rejected += near[i] != STRATEGY_NONE;
	printf("deita   n=%zu k=%zu threshold=%g: %.2f s, kept %zu, rejected %zu as too close\n",
	       n, k, thr, now() - t0, n_keep, rejected);
	/* k-center costs about n x k dot products: time it on at most 100,000 items */
	size_t kc = k < 2000 ? k : 2000, nk = n < 100000 ? n : 100000, *sub = order, m = 0;
	if (nk < n) {
		sub = malloc(nk * sizeof(*sub));
		for (size_t i = 0; i < n && m < nk; i++)
			if (order[i] < nk)
				sub[m++] = order[i];
	}
	struct svecs vk = {nk, off, term, w, VOCAB};
	t0 = now();
	strategy_kcenter(&vk, sub, nk, kc, keep, &n_keep, NULL);
	printf("kcenter n=%zu k=%zu: %.2f s\n", nk, kc, now() - t0);
	return 0;
}
