/* score_kmeans.c: the "kmeans" step of `winnow score`: a k-means cluster per sample
 * (kmeans.h over the sketches of the TF-IDF vectors), so selection can take quotas per
 * cluster and the review screen can group by it. k is --clusters, else
 * round(sqrt(n / 2)) for n samples, at most KMEANS_MAX_AUTO (fewer when there are fewer
 * distinct vectors). Clusters are numbered by size, largest
 * first (ties: the one holding the earlier sample first). Like knn, any new sample
 * makes every sample's cluster be computed again. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "score/corpus.h"
#include "score/family.h"
#include "score/kmeans.h"
#include "score/score_run.h"
#include "score/vec_corpus.h"
#include "store.h"
#include "util/xalloc.h"

#define KMEANS_MAX_AUTO 1000
#define KMEANS_ITER 20
#define KMEANS_TRAIN_PER_K 256	/* fit on at most 256 samples per cluster */
#define N_KM 3

static const struct metric_def km_metrics[N_KM] = {
	{"cluster", "k-means cluster of the sample's TF-IDF vector (--clusters K; default "
	 "sqrt(n/2)); 0 is the largest; -1: no words", DIR_NEUTRAL, -1, 1e9},
	{"cluster_size", "samples in the sample's cluster", DIR_NEUTRAL, 0, 1e12},
	{"cluster_dist", "1 - cosine between the sample and its cluster's centre (on the "
	 "vector sketches): small = typical of the cluster, large = at its edge",
	 DIR_NEUTRAL, 0, 2},
};

struct km_order {
	size_t size, first;
	int32_t old;
};

static int
bigger_first(const void *a, const void *b)
{
	const struct km_order *x = a, *y = b;

	if (x->size != y->size)
		return x->size > y->size ? -1 : 1;
	return x->first < y->first ? -1 : x->first > y->first;
}

/* Number clusters by size and fill the three columns. OUT: v (n * N_KM). */
static void
km_values(const int32_t *assign, const float *sim, size_t n, size_t k, double *v)
{
	struct km_order *ord = xcalloc(k ? k : 1, sizeof(*ord));
	int32_t *rank = xmalloc((k ? k : 1) * sizeof(*rank));
	size_t n_empty = 0;

	for (size_t c = 0; c < k; c++)
		ord[c] = (struct km_order){0, n, (int32_t)c};
	for (size_t i = 0; i < n; i++) {
		if (assign[i] < 0) {
			n_empty++;
			continue;
		}
		struct km_order *o = &ord[assign[i]];
		o->first = o->size++ ? o->first : i;
	}
	qsort(ord, k, sizeof(*ord), bigger_first);
	for (size_t r = 0; r < k; r++)
		rank[ord[r].old] = (int32_t)r;
	for (size_t i = 0; i < n; i++) {
		double *row = v + i * N_KM;
		int32_t a = assign[i];
		row[0] = a < 0 ? -1 : rank[a];
		row[1] = a < 0 ? (double)n_empty : (double)ord[rank[a]].size;
		row[2] = a < 0 ? 1 : 1 - (double)sim[i];
	}
	free(ord);
	free(rank);
}

static size_t
auto_k(int64_t n)
{
	size_t k = (size_t)llround(sqrt((double)n / 2));

	return k < 1 ? 1 : k > KMEANS_MAX_AUTO ? KMEANS_MAX_AUTO : k;
}

/* Fit, assign every sample, write. */
static enum status
km_run(struct store *st, const struct vec_corpus *c, size_t k, const struct score_opts *o,
       int n_threads, const char *version, struct err *err)
{
	struct kmeans_opts ko = {.k = k, .max_iter = KMEANS_ITER, .seed = o->seed,
				 .max_train = KMEANS_TRAIN_PER_K * k, .n_threads = n_threads};
	size_t got, n = c->n ? c->n : 1;
	double t0 = progress_now();
	float *cent = kmeans_fit(c->sketch, c->n, &ko, &got), *sim = xmalloc(n * sizeof(*sim));
	int32_t *assign = xmalloc(n * sizeof(*assign));
	double *v = xmalloc(n * N_KM * sizeof(*v));
	enum status rc = ST_OK;

	if (!corpus_tick(&o->progress, "kmeans", "assigning clusters", 0, (int64_t)c->n, t0))
		rc = corpus_cancelled(err, "kmeans");
	if (rc == ST_OK) {
		kmeans_assign(cent, got, c->sketch, c->n, n_threads, assign, sim);
		km_values(assign, sim, c->n, got, v);
		rc = corpus_write_scores(st, "kmeans", km_metrics, N_KM, version, c->ids, c->n, v,
					 err);
	}
	free(cent);
	free(sim);
	free(assign);
	free(v);
	return rc;
}

static enum status
km_step(struct store *st, const struct score_opts *o, int n_threads,
	struct score_family_result *res, struct err *err)
{
	struct score_family_result vres = {0};
	struct vec_corpus c = {0};
	int64_t space, n = 0, max_id;
	bool stale = false;
	double t0 = progress_now();
	enum status rc = vec_ensure(st, o, n_threads, &vres, &space, err);

	res->family = "kmeans";
	if (rc == ST_OK)
		rc = store_corpus_size(st, &n, &max_id, err);
	size_t k = o->n_clusters > 0 ? (size_t)o->n_clusters : auto_k(n);
	snprintf(res->version, sizeof(res->version), "kmeans-1 k=%zu s=%llu v%lld %s", k,
		 (unsigned long long)o->seed, (long long)space, o->corpus_tag);
	if (rc == ST_OK)
		rc = score_prepare(st, "kmeans", res->version, km_metrics, N_KM, false, err);
	if (rc == ST_OK)
		rc = corpus_stale(st, "kmeans", res->version, &stale, err);
	if (rc == ST_OK && stale && !corpus_tick(&o->progress, "kmeans", "loading vectors", 0, n, t0))
		rc = corpus_cancelled(err, "kmeans");
	if (rc == ST_OK && stale)
		rc = vec_corpus_load(st, n_threads, VEC_LOAD_SKETCH, &c, err);
	if (rc == ST_OK && stale &&
	    !corpus_tick(&o->progress, "kmeans", "fitting k-means", 0, (int64_t)c.n, t0))
		rc = corpus_cancelled(err, "kmeans");
	if (rc == ST_OK && stale) {
		rc = km_run(st, &c, k, o, n_threads, res->version, err);
		res->n_scored = (int64_t)c.n;
	}
	vec_corpus_free(&c);
	res->seconds = progress_now() - t0;
	return rc;
}

static const struct metric_def *
km_metric_defs(size_t *n)
{
	*n = N_KM;
	return km_metrics;
}

const struct score_step step_kmeans = {
	.name = "kmeans",
	.desc = "k-means clusters of the TF-IDF vectors (k-means++ seeding, seeded)",
	.metrics = km_metric_defs,
	.run = km_step,
};
