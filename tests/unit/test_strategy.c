/* test_strategy.c: every selection strategy on hand-checked cases, the diversity ones
 * also against a brute-force reference on random vectors, and the randomised ones for
 * determinism and (Gumbel) their sampling law. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "check.h"
#include "select/strategy.h"
#include "util/rng.h"

static bool
same_seq(const size_t *a, const size_t *b, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (a[i] != b[i])
			return false;
	return true;
}

#define SEQ(got, n_got, ...) \
	do { \
		const size_t want_[] = {__VA_ARGS__}; \
		size_t nw_ = sizeof(want_) / sizeof(want_[0]); \
		CHECK((n_got) == nw_ && same_seq(got, want_, nw_)); \
		if ((n_got) != nw_ || !same_seq(got, want_, nw_)) { \
			fprintf(stderr, "      got:"); \
			for (size_t q_ = 0; q_ < (n_got); q_++) \
				fprintf(stderr, " %zu", (got)[q_]); \
			fprintf(stderr, "\n"); \
		} \
	} while (0)

TEST(rank_one_score_sorts_by_it_missing_last)
{
	double v[] = {3, NAN, 5, 3}, key[4];
	size_t order[4];
	struct rank_term t = {v, 1, +1};

	strategy_rank_key(&t, 1, NORM_RANK, 4, key);
	strategy_order(key, 4, order);
	SEQ(order, 4, 2, 0, 3, 1);
	t.dir = -1;
	strategy_rank_key(&t, 1, NORM_RANK, 4, key);
	strategy_order(key, 4, order);
	SEQ(order, 4, 0, 3, 2, 1);
	strategy_rank_key(&t, 0, NORM_RANK, 4, key);	/* no ranking: item order */
	strategy_order(key, 4, order);
	SEQ(order, 4, 0, 1, 2, 3);
}

TEST(rank_weighted_normalised_scores_with_directions)
{
	double a[] = {1, 2, 3, 4}, b[] = {40, 30, 20, 10}, key[4];
	size_t order[4];
	struct rank_term t[2] = {{a, 1, +1}, {b, 1, -1}};

	strategy_rank_key(t, 2, NORM_RANK, 4, key);
	CHECK(fabs(key[0]) < 1e-12 && fabs(key[3] - 2) < 1e-12);
	strategy_order(key, 4, order);
	SEQ(order, 4, 3, 2, 1, 0);
	t[1] = (struct rank_term){b, 3, +1};	/* b (higher now) weighs 3x */
	strategy_rank_key(t, 2, NORM_RANK, 4, key);
	strategy_order(key, 4, order);
	SEQ(order, 4, 0, 1, 2, 3);
	/* an outlier: percentiles ignore its size, min-max does not */
	double o[] = {1, 2, 3, 1000}, c[] = {4, 3, 2, 1};
	struct rank_term u[2] = {{o, 1, +1}, {c, 1, +1}};
	strategy_rank_key(u, 2, NORM_RANK, 4, key);
	strategy_order(key, 4, order);
	SEQ(order, 4, 0, 1, 2, 3);	/* all tie at 1 */
	strategy_rank_key(u, 2, NORM_MINMAX, 4, key);
	strategy_order(key, 4, order);
	SEQ(order, 4, 0, 3, 1, 2);
	/* a missing value counts as the worst */
	double m[] = {NAN, 1, 2, 3};
	struct rank_term w[2] = {{m, 1, +1}, {a, 0.001, +1}};
	strategy_rank_key(w, 2, NORM_RANK, 4, key);
	strategy_order(key, 4, order);
	SEQ(order, 4, 3, 2, 1, 0);
}

TEST(budget_k_or_fraction)
{
	CHECK(strategy_budget(10, 3, 0) == 3);
	CHECK(strategy_budget(10, 0, 0.25) == 3);	/* 2.5 rounds up */
	CHECK(strategy_budget(10, 0, 0.2) == 2);
	CHECK(strategy_budget(10, 20, 0) == 10);
	CHECK(strategy_budget(10, 0, 0) == 10);
	CHECK(strategy_budget(0, 5, 0) == 0);
}

/* item 0 {t0}, 1 {0.6 t0, 0.8 t1}, 2 {t1}, 3 {t0} (a copy of 0), 4 {} , 5 {t2} */
static const size_t off6[] = {0, 1, 3, 4, 5, 5, 6};
static const uint32_t term6[] = {0, 0, 1, 1, 0, 2};
static const float w6[] = {1, 0.6f, 0.8f, 1, 1, 1};
static const struct svecs v6 = {6, off6, term6, w6, 3};

TEST(svecs_cosine)
{
	CHECK(fabs(svecs_cos(&v6, 0, 1) - 0.6) < 1e-6);
	CHECK(fabs(svecs_cos(&v6, 1, 2) - 0.8) < 1e-6);
	CHECK(svecs_cos(&v6, 0, 2) == 0);
	CHECK(fabs(svecs_cos(&v6, 0, 3) - 1) < 1e-6);
	CHECK(svecs_cos(&v6, 4, 0) == 0);
}

TEST(deita_keeps_only_items_far_from_every_kept_one)
{
	size_t order[] = {0, 1, 2, 3, 4, 5}, keep[6], near[6], n;

	strategy_deita(&v6, order, 6, 0.3, 0, keep, &n, near);	/* close: cosine >= 0.7 */
	SEQ(keep, n, 0, 1, 4, 5);
	CHECK(near[2] == 1 && near[3] == 0 && near[0] == STRATEGY_NONE);
	strategy_deita(&v6, order, 6, 0.5, 0, keep, &n, near);	/* close: cosine >= 0.5 */
	SEQ(keep, n, 0, 2, 4, 5);
	CHECK(near[1] == 0 && near[3] == 0);
	strategy_deita(&v6, order, 6, 0.3, 2, keep, &n, near);	/* stops at k */
	SEQ(keep, n, 0, 1);
	CHECK(near[2] == STRATEGY_NONE);
	size_t rev[] = {5, 4, 3, 2, 1, 0};	/* the ranking decides who stays */
	strategy_deita(&v6, rev, 6, 0.0, 0, keep, &n, near);
	SEQ(keep, n, 5, 4, 3, 2, 1);	/* only the exact copy of 3 goes */
	CHECK(near[0] == 3);
}

TEST(kcenter_picks_the_farthest_each_time)
{
	size_t order[] = {0, 1, 2, 3, 5}, keep[5], n;
	double dist[6];

	strategy_kcenter(&v6, order, 5, 3, keep, &n, dist);
	SEQ(keep, n, 0, 2, 5);
	CHECK(fabs(dist[1] - 0.2) < 1e-6 && dist[3] < 1e-6 && dist[0] == 0);
	CHECK(isnan(dist[4]));	/* not a candidate */
	strategy_kcenter(&v6, order, 5, 10, keep, &n, dist);
	SEQ(keep, n, 0, 2, 5, 1, 3);
}

/* Random sparse vectors: n items over n_terms terms, 1-6 terms each, normalised. */
static void
random_vecs(struct rng *r, size_t n, uint32_t n_terms, size_t *off, uint32_t *term, float *w,
	    struct svecs *v)
{
	size_t p = 0;

	off[0] = 0;
	for (size_t i = 0; i < n; i++) {
		size_t k = 1 + (size_t)rng_below(r, 6);
		uint32_t t = (uint32_t)rng_below(r, n_terms);
		double norm = 0;
		for (size_t j = 0; j < k && t < n_terms; j++) {
			term[p + j] = t;
			w[p + j] = (float)rng_open01(r);
			norm += (double)w[p + j] * w[p + j];
			t += 1 + (uint32_t)rng_below(r, 3);
			if (t >= n_terms)
				k = j + 1;
		}
		for (size_t j = 0; j < k; j++)
			w[p + j] = (float)(w[p + j] / sqrt(norm));
		p += k;
		off[i + 1] = p;
	}
	*v = (struct svecs){n, off, term, w, n_terms};
}

TEST(diversity_matches_brute_force_on_random_vectors)
{
	enum { N = 300 };
	size_t off[N + 1], order[N], keep[N], ref[N], n, n_ref;
	uint32_t term[N * 6];
	float w[N * 6];
	double mind[N], dist[N];
	struct svecs v;
	struct rng r;

	rng_seed(&r, 7);
	random_vecs(&r, N, 40, off, term, w, &v);
	for (size_t i = 0; i < N; i++)
		order[i] = (i * 37) % N;	/* some ranking */
	strategy_deita(&v, order, N, 0.4, 0, keep, &n, NULL);
	n_ref = 0;
	for (size_t i = 0; i < N; i++) {
		bool ok_ = true;
		for (size_t j = 0; j < n_ref && ok_; j++)
			ok_ = 1.0 - svecs_cos(&v, order[i], ref[j]) > 0.4 + 1e-6;
		if (ok_)
			ref[n_ref++] = order[i];
	}
	CHECK(n > 10 && n < N);
	CHECK(n == n_ref && same_seq(keep, ref, n));
	/* k-center: at each step the farthest by brute force */
	strategy_kcenter(&v, order, N, 25, keep, &n, dist);
	CHECK(n == 25);
	for (size_t i = 0; i < N; i++)
		mind[i] = INFINITY;
	for (size_t c = 0; c < n; c++) {
		if (c > 0) {	/* keep[c] is a farthest item (ties: earlier in order) */
			double best = -1;
			size_t arg = 0;
			for (size_t i = 0; i < N; i++)
				if (mind[order[i]] > best + 1e-9) {
					best = mind[order[i]];
					arg = order[i];
				}
			CHECK(keep[c] == arg || fabs(mind[keep[c]] - best) < 1e-6);
		}
		for (size_t i = 0; i < N; i++) {
			double d = 1.0 - svecs_cos(&v, keep[c], i);
			mind[i] = d < mind[i] ? d : mind[i];
		}
	}
	for (size_t i = 0; i < N; i++)
		CHECK(fabs(fmin(mind[i], 1.0) - dist[i]) < 1e-6);
}

TEST(cluster_quotas_top_n_per_cluster_or_equal_shares)
{
	double cl[] = {1, 1, 2, 2, 1, NAN, 2};
	size_t order[] = {0, 1, 2, 3, 4, 5, 6}, keep[7], n;

	strategy_cluster_quota(cl, order, 7, 1, 0, keep, &n);
	SEQ(keep, n, 0, 2, 5);
	strategy_cluster_quota(cl, order, 7, 2, 0, keep, &n);
	SEQ(keep, n, 0, 1, 2, 3, 5);
	strategy_cluster_quota(cl, order, 7, 2, 3, keep, &n);	/* and a budget */
	SEQ(keep, n, 0, 1, 2);
	strategy_cluster_quota(cl, order, 7, 0, 4, keep, &n);	/* equal shares of 4 */
	SEQ(keep, n, 0, 1, 2, 5);
	strategy_cluster_quota(cl, order, 7, 0, 6, keep, &n);
	SEQ(keep, n, 0, 1, 2, 3, 4, 5);
	size_t rev[] = {6, 5, 4, 3, 2, 1, 0};	/* the ranking picks within a cluster */
	strategy_cluster_quota(cl, rev, 7, 1, 0, keep, &n);
	SEQ(keep, n, 6, 5, 4);
}

TEST(gumbel_topk_is_seeded_and_samples_by_weight)
{
	double lw[] = {0, 0, -1000, -1000, NAN}, key[5];
	size_t keep[5], keep2[5], n, n2;
	int first = 0;

	strategy_gumbel_topk(lw, 5, 2, 42, keep, &n, key);
	CHECK(n == 2 && ((keep[0] == 0 && keep[1] == 1) || (keep[0] == 1 && keep[1] == 0)));
	CHECK(isnan(key[4]));
	strategy_gumbel_topk(lw, 5, 5, 42, keep, &n, NULL);
	CHECK(n == 4);	/* the item without a weight is never drawn */
	strategy_gumbel_topk(lw, 5, 5, 42, keep2, &n2, NULL);
	CHECK(n2 == n && same_seq(keep, keep2, n));
	/* P(item 0 first) = 0.7 / (0.7 + 0.3) */
	double two[] = {log(0.7), log(0.3)};
	for (uint64_t s = 1; s <= 4000; s++) {
		strategy_gumbel_topk(two, 2, 1, s, keep, &n, NULL);
		first += keep[0] == 0;
	}
	CHECK(first > 0.67 * 4000 && first < 0.73 * 4000);
}

TEST(random_subset_is_seeded_distinct_and_sorted)
{
	size_t a[50], b[50], c[50], all[10];

	strategy_random(1000, 50, 9, a);
	strategy_random(1000, 50, 9, b);
	strategy_random(1000, 50, 10, c);
	CHECK(same_seq(a, b, 50) && !same_seq(a, c, 50));
	for (size_t i = 1; i < 50; i++)
		CHECK(a[i - 1] < a[i] && a[i] < 1000);
	strategy_random(10, 10, 1, all);
	SEQ(all, 10, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
}

TEST(rng_is_deterministic_and_in_range)
{
	struct rng r, s;
	bool differ = false;

	rng_seed(&r, 1);
	rng_seed(&s, 1);
	for (int i = 0; i < 1000; i++) {
		double u = rng_open01(&r);
		CHECK(u > 0 && u < 1 && u == rng_open01(&s));
		CHECK(rng_below(&r, 7) < 7);
		rng_below(&s, 7);
	}
	rng_seed(&s, 2);
	for (int i = 0; i < 4; i++)
		differ |= rng_next(&r) != rng_next(&s);
	CHECK(differ);
	rng_seed(&r, 0);	/* a fixed vector: the first output for seed 0 never changes */
	CHECK(rng_next(&r) == 0x99ec5f36cb75f2b4ULL);
}
