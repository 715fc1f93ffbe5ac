/* strategy.h: the selection strategies, as pure functions over in-memory arrays.
 * Items are the candidates, numbered 0..n-1 (the caller maps them to sample ids); every
 * function is deterministic: ties go to the lower item number, and randomised ones take
 * an explicit seed. No I/O, no store. */
#ifndef WINNOW_STRATEGY_H
#define WINNOW_STRATEGY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/status.h"

#define STRATEGY_NONE ((size_t)-1)

/* ---- ranking ---- */

enum rank_norm {
	NORM_RANK,	/* the value's percentile among the candidates (robust to outliers) */
	NORM_MINMAX,	/* (x - min) / (max - min) over the candidates */
};

struct rank_term {
	const double *val;	/* n values; NAN where the sample has none */
	double weight;		/* > 0 */
	int dir;		/* +1: higher is better, -1: lower is better */
};

/* key[i] = sum of weight * norm(term value, oriented so that larger is better), a missing
 * value counting as the worst (0). With a single term the key is the oriented raw value
 * (missing: -INFINITY), so one score ranks exactly as it sorts. */
void
strategy_rank_key(const struct rank_term *terms, size_t n_terms, enum rank_norm norm, size_t n,
		  double *key);

/* order = the items sorted by key, largest first, ties by item number. */
void
strategy_order(const double *key, size_t n, size_t *order);

/* How many to keep of n: k (> 0), else round(fraction * n) (fraction in (0, 1]), else n;
 * never more than n. */
size_t
strategy_budget(size_t n, int64_t k, double fraction);

/* ---- diversity over sparse vectors ---- */

/* Item i's vector: terms term[off[i]..off[i+1]) (ascending, each < n_terms) with weights
 * w[...], L2-normalised; an empty vector is allowed and is far (cosine 0) from all. */
struct svecs {
	size_t n;
	const size_t *off;	/* n + 1 offsets */
	const uint32_t *term;
	const float *w;
	uint32_t n_terms;
};

/* The cosine similarity of items i and j (a merge of their sorted terms). */
double
svecs_cos(const struct svecs *v, size_t i, size_t j);

/* DEITA's score-first diversity filter: walk order and keep an item only if its cosine
 * distance (1 - cosine) to every item kept so far exceeds threshold; stop once k are
 * kept (k == 0: walk all). Exact: an inverted index over the kept items, with prefix
 * filtering (common terms are not indexed when they cannot reach the bound), finds the
 * candidates, and each is checked with a full dot product.
 * OUT: keep[*n_keep] in the order kept; near[item] (n entries, may be NULL) = a kept
 * item that was too close, STRATEGY_NONE for kept or unvisited items. */
void
strategy_deita(const struct svecs *v, const size_t *order, size_t n_order, double threshold,
	       size_t k, size_t *keep, size_t *n_keep, size_t *near);

/* k-center greedy (coverage): the first center is order[0]; each next one is the item
 * farthest (cosine distance) from its nearest center, ties to the earlier in order.
 * OUT: keep[*n_keep] (n_keep = min(k, n_order)) in the order picked; dist[item] (may be
 * NULL) = the item's distance to its nearest center when the k-th was picked. */
void
strategy_kcenter(const struct svecs *v, const size_t *order, size_t n_order, size_t k,
		 size_t *keep, size_t *n_keep, double *dist);

/* ---- clusters and sampling ---- */

/* Per-cluster quotas (CaR): walk order, keeping an item while its cluster (cluster[item],
 * NAN: the group of unclustered items) has fewer than per_cluster kept, until k are kept
 * (k == 0: no limit). With per_cluster == 0 the clusters share k equally: round robin
 * over the clusters (in the order of their best item), each giving its next best.
 * OUT: keep[*n_keep] in rank order. */
void
strategy_cluster_quota(const double *cluster, const size_t *order, size_t n_order,
		       size_t per_cluster, size_t k, size_t *keep, size_t *n_keep);

/* DSIR importance resampling without replacement: the Gumbel top-k trick. Item i gets
 * logw[i] + G_i (G_i standard Gumbel from the seeded generator, drawn in item order)
 * and the k largest are kept; an item without a weight (NAN) is never kept.
 * OUT: keep[*n_keep] in key order; key (n entries, may be NULL) = the perturbed keys. */
void
strategy_gumbel_topk(const double *logw, size_t n, size_t k, uint64_t seed, size_t *keep,
		     size_t *n_keep, double *key);

/* A uniform random subset of k of the n items (k <= n), ascending. */
void
strategy_random(size_t n, size_t k, uint64_t seed, size_t *keep);

#endif
