/* score_dsir.c: the "dsir" step of `winnow score --target FILE`: dsir_logw, each
 * sample's DSIR log importance weight towards the target set (dsir.h). The target file
 * is read in any supported format without importing it (ingest/samplefile.h). The raw
 * distribution is the whole project's, so new samples change every weight: when any
 * sample lacks the current version (target file hash + corpus tag), all are done again.
 * Without --target the step does nothing and says so. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "ingest/samplefile.h"
#include "score/corpus.h"
#include "score/dsir.h"
#include "score/family.h"
#include "score/par.h"
#include "score/score_run.h"
#include "store.h"
#include "util/xalloc.h"

#define MAX_THREADS 64

static const struct metric_def dsir_metrics[] = {
	{"dsir_logw", "DSIR log importance weight log p_target(x) - log p_raw(x) (hashed word "
	 "unigram + bigram bag, 10k buckets, add-one): higher = more like the --target set; "
	 "grows with length", DIR_HIGHER, -1e12, 1e12},
};

struct dsir_job {
	int n_threads;
	struct hashfeat f[MAX_THREADS];
	struct dsir_counts *part[MAX_THREADS];	/* raw counts per thread */
	const struct corpus_batch *b;
	struct dsir_model *m;
	double vals[CORPUS_BATCH];
	struct score_writer *w;
	struct store *st;
	const char *version;
};

static enum status
target_row(void *ctx, const struct samplefile_row *row, struct err *err)
{
	struct dsir_job *j = ctx;

	(void)err;
	dsir_count(j->part[0], &j->f[0], row->prompt, row->prompt_len, row->response,
		   row->response_len);
	return ST_OK;
}

static void
raw_work(void *ctx, size_t from, size_t to, int t)
{
	struct dsir_job *j = ctx;
	const struct corpus_batch *b = j->b;

	for (size_t i = from; i < to; i++)
		dsir_count(j->part[t], &j->f[t], b->text.data + b->p_off[i], b->p_len[i],
			   b->text.data + b->r_off[i], b->r_len[i]);
}

static enum status
raw_batch(void *ctx, const struct corpus_batch *b, struct err *err)
{
	struct dsir_job *j = ctx;

	(void)err;
	j->b = b;
	par_for(j->n_threads, b->n, 256, raw_work, j);
	return ST_OK;
}

static void
score_work(void *ctx, size_t from, size_t to, int t)
{
	struct dsir_job *j = ctx;
	const struct corpus_batch *b = j->b;

	for (size_t i = from; i < to; i++) {
		double v = dsir_logw(j->m, &j->f[t], b->text.data + b->p_off[i], b->p_len[i],
				     b->text.data + b->r_off[i], b->r_len[i]);
		j->vals[i] = isfinite(v) ? v : 0;
	}
}

static enum status
score_batch(void *ctx, const struct corpus_batch *b, struct err *err)
{
	struct dsir_job *j = ctx;
	enum status rc;

	j->b = b;
	par_for(j->n_threads, b->n, 256, score_work, j);
	rc = store_begin(j->st, err);
	for (size_t i = 0; rc == ST_OK && i < b->n; i++)
		rc = store_score_write(j->w, b->ids[i], j->version, &j->vals[i], NULL, err);
	if (rc == ST_OK)
		return store_commit(j->st, err);
	store_rollback(j->st);
	return rc;
}

/* Count the raw distribution over the project, fit, score and write every sample. */
static enum status
dsir_all(struct store *st, struct dsir_job *j, const struct dsir_counts *target,
	 const struct score_opts *o, struct score_family_result *res, struct err *err)
{
	struct dsir_counts *raw = xcalloc(1, sizeof(*raw));
	enum status rc;

	for (int t = 0; t < j->n_threads; t++)
		*j->part[t] = (struct dsir_counts){{0}, 0};
	rc = corpus_each_batch(st, corpus_read_all, 0, raw_batch, j, &o->progress, "dsir (fit)",
			       NULL, err);
	for (int t = 0; t < j->n_threads; t++)
		dsir_counts_add(raw, j->part[t]);
	j->m = xmalloc(sizeof(*j->m));
	dsir_fit(j->m, target, raw);
	j->st = st;
	j->version = res->version;
	if (rc == ST_OK)
		rc = store_score_writer_new(st, "dsir", dsir_metrics, 1, false, &j->w, err);
	if (rc == ST_OK)
		rc = corpus_each_batch(st, corpus_read_all, 0, score_batch, j, &o->progress, "dsir",
				       &res->n_scored, err);
	store_score_writer_free(j->w);
	free(j->m);
	free(raw);
	return rc;
}

static enum status
dsir_step(struct store *st, const struct score_opts *o, int n_threads,
	  struct score_family_result *res, struct err *err)
{
	struct dsir_job *j;
	struct dsir_counts *target;
	char sha[65] = "";
	bool stale = false;
	double t0 = progress_now();
	enum status rc;

	res->family = "dsir";
	if (!o->target_path) {
		res->skipped = "no --target FILE given";
		snprintf(res->version, sizeof(res->version), "dsir-1");
		return ST_OK;
	}
	j = xcalloc(1, sizeof(*j));
	target = xcalloc(1, sizeof(*target));
	j->n_threads = n_threads < 1 ? 1 : n_threads > MAX_THREADS ? MAX_THREADS : n_threads;
	for (int t = 0; t < j->n_threads; t++)
		j->part[t] = xcalloc(1, sizeof(*j->part[t]));
	rc = samplefile_each(o->target_path, target_row, j, sha, NULL, err);
	if (rc == ST_OK) {
		*target = *j->part[0];
		snprintf(res->version, sizeof(res->version), "dsir-1 t=%.16s %s", sha, o->corpus_tag);
		rc = score_prepare(st, "dsir", res->version, dsir_metrics, 1, false, err);
	} else {
		err_prefix(err, "--target");
	}
	if (rc == ST_OK)
		rc = corpus_stale(st, "dsir", res->version, &stale, err);
	if (rc == ST_OK && stale)
		rc = dsir_all(st, j, target, o, res, err);
	res->seconds = progress_now() - t0;
	for (int t = 0; t < j->n_threads; t++) {
		hashfeat_free(&j->f[t]);
		free(j->part[t]);
	}
	free(target);
	free(j);
	return rc;
}

static const struct metric_def *
dsir_metric_defs(size_t *n)
{
	*n = sizeof(dsir_metrics) / sizeof(dsir_metrics[0]);
	return dsir_metrics;
}

const struct score_step step_dsir = {
	.name = "dsir",
	.desc = "DSIR importance weight towards a --target set of examples",
	.metrics = dsir_metric_defs,
	.run = dsir_step,
};
