/* score_vec.c: the "vec" step of `winnow score`: a TF-IDF vector for every sample, in the
 * vectors table (vec_build.c makes them; vectors.h says what they are). Document
 * frequencies are fitted over the whole corpus and kept (vector_spaces), so a few new
 * samples only need their own vectors; a corpus that grew or shrank by more than
 * VEC_REFIT refits and makes every vector again (vec_corpus.h). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "score/corpus.h"
#include "score/family.h"
#include "score/par.h"
#include "score/vec_build.h"
#include "score/vec_corpus.h"
#include "store.h"
#include "store_vectors.h"
#include "util/xalloc.h"

#define VEC_REFIT 0.10		/* relative change in sample count that refits */
#define VEC_BLOB_MAX (2 + 5 + VEC_MAX_NNZ * (5 + 2))
#define MAX_THREADS 64

struct vec_job {
	struct vec_builder *b[MAX_THREADS];
	int n_threads;
	const struct corpus_batch *batch;
	uint32_t *df[MAX_THREADS];	/* df pass: one table per thread, summed at the end */
	const struct vec_model *m;	/* build pass */
	uint8_t *out;			/* build pass: CORPUS_BATCH slots of VEC_BLOB_MAX */
	size_t len[CORPUS_BATCH];
	struct store *st;
	int64_t space_id;
};

static void
df_work(void *ctx, size_t from, size_t to, int t)
{
	struct vec_job *j = ctx;
	const struct corpus_batch *b = j->batch;

	for (size_t i = from; i < to; i++) {
		const uint32_t *k;
		size_t n = vec_buckets(j->b[t], b->text.data + b->p_off[i], b->p_len[i],
				       b->text.data + b->r_off[i], b->r_len[i], &k);
		for (size_t q = 0; q < n; q++)
			j->df[t][k[q]]++;
	}
}

static enum status
df_batch(void *ctx, const struct corpus_batch *b, struct err *err)
{
	struct vec_job *j = ctx;

	(void)err;
	j->batch = b;
	par_for(j->n_threads, b->n, 256, df_work, j);
	return ST_OK;
}

/* Count document frequencies over every sample and store them as a new space. */
static enum status
fit(struct store *st, struct vec_job *j, const struct score_opts *o, int64_t *space_id,
    int64_t *n_docs, struct err *err)
{
	enum status rc;

	for (int t = 0; t < j->n_threads; t++)
		j->df[t] = xcalloc(VEC_DIM, sizeof(uint32_t));
	rc = corpus_each_batch(st, corpus_read_all, 0, df_batch, j, &o->progress, "vec (fit)",
			       n_docs, err);
	for (int t = 1; t < j->n_threads; t++)
		for (uint32_t k = 0; k < VEC_DIM; k++)
			j->df[0][k] += j->df[t][k];
	if (rc == ST_OK)
		rc = store_begin(st, err);
	if (rc == ST_OK) {
		rc = store_vec_space_insert(st, VEC_VERSION, VEC_DIM, *n_docs, j->df[0], space_id, err);
		if (rc == ST_OK)
			rc = store_commit(st, err);
		else
			store_rollback(st);
	}
	return rc;
}

static void
build_work(void *ctx, size_t from, size_t to, int t)
{
	struct vec_job *j = ctx;
	const struct corpus_batch *b = j->batch;

	for (size_t i = from; i < to; i++) {
		struct vec v;
		const uint8_t *blob = vec_build(j->m, j->b[t], b->text.data + b->p_off[i], b->p_len[i],
						b->text.data + b->r_off[i], b->r_len[i], &v, &j->len[i]);
		memcpy(j->out + i * VEC_BLOB_MAX, blob, j->len[i]);
	}
}

static enum status
build_batch(void *ctx, const struct corpus_batch *b, struct err *err)
{
	struct vec_job *j = ctx;
	enum status rc;

	j->batch = b;
	par_for(j->n_threads, b->n, 256, build_work, j);
	rc = store_begin(j->st, err);
	for (size_t i = 0; rc == ST_OK && i < b->n; i++)
		rc = store_vec_put(j->st, b->ids[i], j->space_id, j->out + i * VEC_BLOB_MAX, j->len[i],
				   err);
	if (rc == ST_OK)
		return store_commit(j->st, err);
	store_rollback(j->st);
	return rc;
}

static enum status
read_stale(struct store *st, int64_t space_id, int64_t after, size_t limit, pending_fn fn,
	   void *ctx, struct err *err)
{
	return store_vec_pending(st, space_id, after, limit, fn, ctx, err);
}

static bool
needs_refit(const struct vec_space *sp, int64_t n)
{
	return sp->id == 0 || strcmp(sp->version, VEC_VERSION) != 0 || sp->dim != VEC_DIM ||
	       fabs((double)n - (double)sp->n_docs) > VEC_REFIT * (double)sp->n_docs;
}

/* Make the stale vectors of the current space (fitting a new one first if needed). */
static enum status
update(struct store *st, struct vec_job *j, const struct score_opts *o, struct vec_space *sp,
       int64_t n, struct score_family_result *res, struct err *err)
{
	struct vec_model *m = NULL;
	int64_t stale = 0;
	enum status rc = ST_OK;

	if (needs_refit(sp, n)) {
		sp->id = 0;
		rc = fit(st, j, o, &sp->id, &sp->n_docs, err);
		free(sp->df);
		sp->df = j->df[0];
		j->df[0] = NULL;
	}
	snprintf(res->version, sizeof(res->version), "%s idf n=%lld", VEC_VERSION,
		 (long long)sp->n_docs);
	if (rc == ST_OK)
		rc = store_vec_stale(st, sp->id, &stale, err);
	if (rc != ST_OK || stale == 0)
		return rc;
	m = vec_model_new(sp->df, sp->n_docs);
	j->m = m;
	j->st = st;
	j->space_id = sp->id;
	j->out = xmalloc((size_t)CORPUS_BATCH * VEC_BLOB_MAX);
	rc = corpus_each_batch(st, read_stale, sp->id, build_batch, j, &o->progress, "vec",
			       &res->n_scored, err);
	if (rc == ST_OK)
		rc = store_vec_space_prune(st, err);
	free(j->out);
	vec_model_free(m);
	return rc;
}

enum status
vec_ensure(struct store *st, const struct score_opts *o, int n_threads,
	   struct score_family_result *res, int64_t *space_id, struct err *err)
{
	struct vec_job *j = xcalloc(1, sizeof(*j));
	struct vec_space sp = {0};
	int64_t n = 0, max_id = 0;
	double t0 = progress_now();
	enum status rc = store_corpus_size(st, &n, &max_id, err);

	*space_id = 0;
	res->family = "vec";
	snprintf(res->version, sizeof(res->version), "%s", VEC_VERSION);
	j->n_threads = n_threads < 1 ? 1 : n_threads > MAX_THREADS ? MAX_THREADS : n_threads;
	for (int t = 0; t < j->n_threads; t++)
		j->b[t] = vec_builder_new();
	if (rc == ST_OK)
		rc = store_vec_space_current(st, &sp, err);
	if (rc == ST_OK && n > 0)
		rc = update(st, j, o, &sp, n, res, err);
	if (rc == ST_OK)
		*space_id = sp.id;
	res->seconds = progress_now() - t0;
	for (int t = 0; t < j->n_threads; t++) {
		vec_builder_free(j->b[t]);
		free(j->df[t]);
	}
	free(sp.df);
	free(j);
	return rc;
}

static enum status
vec_step(struct store *st, const struct score_opts *o, int n_threads,
	 struct score_family_result *res, struct err *err)
{
	int64_t space_id;

	return vec_ensure(st, o, n_threads, res, &space_id, err);
}

static const struct metric_def *
vec_metrics(size_t *n)
{
	*n = 0;
	return NULL;
}

const struct score_step step_vec = {
	.name = "vec",
	.desc = "a TF-IDF vector per sample (hashed word unigrams + bigrams) in the vectors table",
	.metrics = vec_metrics,
	.run = vec_step,
};
