/* score_knn.c: the "knn" step of `winnow score`: knn_dist, the distance from each sample
 * to its k-th nearest neighbour (knn.h) among the TF-IDF vectors (made current first,
 * vec_corpus.h). A new sample changes its neighbours' distances too, so when any sample
 * lacks the current version every sample is done again. */
#include <stdio.h>
#include <stdlib.h>

#include "score/corpus.h"
#include "score/family.h"
#include "score/knn.h"
#include "score/score_run.h"
#include "score/vec_corpus.h"
#include "store.h"
#include "util/xalloc.h"

#define KNN_DEFAULT_K 10

static const struct metric_def knn_metrics[] = {
	{"knn_dist", "local density: cosine distance (1 - cos of the TF-IDF vectors) to the "
	 "k-th nearest other sample (--knn, default 10); large = isolated (rare topic or "
	 "outlier), small = crowded; approximate (inverted index, exact re-rank)", DIR_NEUTRAL, 0, 1},
};

static enum status
knn_write(struct store *st, const struct vec_corpus *c, const float *dist, const char *version,
	  struct err *err)
{
	double *v = xmalloc((c->n ? c->n : 1) * sizeof(*v));
	enum status rc;

	for (size_t i = 0; i < c->n; i++)
		v[i] = dist[i];
	rc = corpus_write_scores(st, "knn", knn_metrics, 1, version, c->ids, c->n, v, err);
	free(v);
	return rc;
}

static enum status
knn_step(struct store *st, const struct score_opts *o, int n_threads,
	 struct score_family_result *res, struct err *err)
{
	struct score_family_result vres = {0};
	struct knn_opts ko = {.k = o->knn_k > 0 ? o->knn_k : KNN_DEFAULT_K,
			      .n_threads = n_threads};
	struct vec_corpus c = {0};
	int64_t space;
	bool stale = false;
	double t0 = progress_now();
	enum status rc = vec_ensure(st, o, n_threads, &vres, &space, err);

	res->family = "knn";
	snprintf(res->version, sizeof(res->version), "knn-1 k=%d v%lld %s", ko.k, (long long)space,
		 o->corpus_tag);
	if (rc == ST_OK)
		rc = score_prepare(st, "knn", res->version, knn_metrics, 1, false, err);
	if (rc == ST_OK)
		rc = corpus_stale(st, "knn", res->version, &stale, err);
	if (rc == ST_OK && stale && !corpus_tick(&o->progress, "knn", "loading vectors", 0, 0, t0))
		rc = corpus_cancelled(err, "knn");
	if (rc == ST_OK && stale)
		rc = vec_corpus_load(st, n_threads, VEC_LOAD_BLOBS, &c, err);
	if (rc == ST_OK && stale) {
		float *dist = xmalloc((c.n ? c.n : 1) * sizeof(*dist));
		ko.progress = &o->progress;
		if (knn_run(&c, &ko, dist, NULL))
			rc = knn_write(st, &c, dist, res->version, err);
		else
			rc = corpus_cancelled(err, "knn");
		res->n_scored = (int64_t)c.n;
		free(dist);
		vec_corpus_free(&c);
	}
	res->seconds = progress_now() - t0;
	return rc;
}

static const struct metric_def *
knn_metric_defs(size_t *n)
{
	*n = sizeof(knn_metrics) / sizeof(knn_metrics[0]);
	return knn_metrics;
}

const struct score_step step_knn = {
	.name = "knn",
	.desc = "distance to the k-th nearest neighbour among the TF-IDF vectors (local density)",
	.metrics = knn_metric_defs,
	.run = knn_step,
};
