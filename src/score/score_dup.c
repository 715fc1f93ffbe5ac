/* score_dup.c: the "dup" step of `winnow score`: exact and near-duplicate clusters over
 * the whole corpus (dedup.c). Unlike the per-sample families a new sample can join an
 * old cluster, so when any sample lacks the current version, every sample is clustered
 * again: signatures on all threads, batch by batch, then one clustering pass. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "score/corpus.h"
#include "score/dedup.h"
#include "score/family.h"
#include "score/score_run.h"
#include "store.h"
#include "store_scores.h"
#include "util/buf.h"
#include "util/xalloc.h"

#define DUP_BATCH 16384

static const struct metric_def dup_metrics[] = {
	{"dup_cluster", "duplicate cluster: the id of its representative (first) sample",
	 DIR_NEUTRAL, 0, 9e18},
	{"dup_size", "samples in the duplicate cluster (1: unique)", DIR_NEUTRAL, 1, 1e9},
	{"dup_rep", "1 if this sample is its cluster's representative, the copy kept",
	 DIR_HIGHER, 0, 1},
	{"dup_exact", "1 if an exact duplicate (after case and white space) of an earlier sample",
	 DIR_FLAG, 0, 1},
	{"flag_dup", "a duplicate beyond the representative: exact, or near (MinHash Jaccard "
	 "of word 5-shingles of prompt + response >= the threshold)", DIR_FLAG, 0, 1},
};
#define N_DUP (sizeof(dup_metrics) / sizeof(dup_metrics[0]))

struct dup_job {
	struct dedup *d;
	int64_t *ids;
	size_t n, cap;
	struct buf text;	/* the batch's prompt + "\n" + response, NUL-separated */
	size_t *off, *len;
	size_t n_batch;
};

static enum status
take(void *ctx, const struct pending_row *row, struct err *err)
{
	struct dup_job *j = ctx;

	(void)err;
	if (j->n == j->cap) {
		j->cap = j->cap ? 2 * j->cap : 65536;
		j->ids = xrealloc(j->ids, j->cap * sizeof(*j->ids));
	}
	j->ids[j->n++] = row->id;
	j->off[j->n_batch] = j->text.len;
	buf_append(&j->text, row->prompt, row->prompt_len);
	buf_putc(&j->text, '\n');
	buf_append(&j->text, row->response, row->response_len);
	j->len[j->n_batch] = j->text.len - j->off[j->n_batch];
	buf_putc(&j->text, '\0');
	j->n_batch++;
	return ST_OK;
}

static void
add_batch(struct dup_job *j)
{
	const char **texts = xmalloc(j->n_batch * sizeof(*texts));

	for (size_t i = 0; i < j->n_batch; i++)
		texts[i] = j->text.data + j->off[i];
	dedup_add_batch(j->d, j->n - j->n_batch, j->n_batch, texts, j->len);
	free(texts);
}

/* Signatures of every sample, batch by batch; the only phase that can be cancelled
 * (nothing is written before clustering ends). */
static enum status
read_all(struct store *st, const struct score_opts *o, struct dup_job *j, struct err *err)
{
	enum status rc = ST_OK;
	int64_t after = 0, total = 0, max_id;
	double t0 = progress_now();

	rc = store_corpus_size(st, &total, &max_id, err);
	if (rc != ST_OK)
		return rc;

	j->off = xmalloc(DUP_BATCH * sizeof(*j->off));
	j->len = xmalloc(DUP_BATCH * sizeof(*j->len));
	for (;;) {
		j->n_batch = 0;
		buf_clear(&j->text);
		rc = store_scores_pending(st, "dup", NULL, after, DUP_BATCH, take, j, err);
		if (rc != ST_OK || j->n_batch == 0)
			break;
		add_batch(j);
		after = j->ids[j->n - 1];
		if (!corpus_tick(&o->progress, "dup", NULL, (int64_t)j->n, total, t0))
			return err_set(err, ST_CANCELLED, "duplicate search interrupted while reading;"
				       " nothing was written");
	}
	return rc;
}

static enum status
write_all(struct store *st, const struct dup_job *j, const char *version, const int64_t *cl,
	  const int32_t *size, const uint8_t *rep, const uint8_t *exact, struct err *err)
{
	struct score_writer *w = NULL;
	enum status rc = store_score_writer_new(st, "dup", dup_metrics, N_DUP, false, &w, err);

	for (size_t i = 0; rc == ST_OK && i < j->n; i += DUP_BATCH) {
		rc = store_begin(st, err);
		for (size_t k = i; rc == ST_OK && k < j->n && k < i + DUP_BATCH; k++) {
			double v[N_DUP] = {(double)j->ids[cl[k]], size[k], rep[k], exact[k], !rep[k]};
			rc = store_score_write(w, j->ids[k], version, v, NULL, err);
		}
		if (rc == ST_OK)
			rc = store_commit(st, err);
		else
			store_rollback(st);
	}
	store_score_writer_free(w);
	return rc;
}

static enum status
score_dup(struct store *st, const struct score_opts *so, int n_threads,
	  struct score_family_result *res, struct err *err)
{
	struct dedup_opts o = DEDUP_OPTS_INIT;
	struct dup_job j = {.text = BUF_INIT};
	bool stale = false;
	double t0 = progress_now();
	enum status rc;

	o.threshold = so->dup_threshold > 0 ? so->dup_threshold : o.threshold;
	o.n_threads = n_threads;
	snprintf(res->version, sizeof(res->version), "dup-1 t=%.2f", o.threshold);
	res->family = "dup";
	rc = score_prepare(st, "dup", res->version, dup_metrics, N_DUP, false, err);
	if (rc == ST_OK)	/* anything new or made with other settings? */
		rc = corpus_stale(st, "dup", res->version, &stale, err);
	if (rc != ST_OK || !stale)
		return rc;
	j.d = dedup_new(&o, 1 << 16);
	rc = read_all(st, so, &j, err);
	if (rc == ST_OK && j.n) {
		int64_t *cl = xmalloc(j.n * sizeof(*cl));
		int32_t *size = xmalloc(j.n * sizeof(*size));
		uint8_t *rep = xmalloc(j.n), *exact = xmalloc(j.n);
		corpus_tick(&so->progress, "dup", "clustering near duplicates", (int64_t)j.n, (int64_t)j.n,
			    t0);
		dedup_run(j.d, cl, size, rep, exact);
		corpus_tick(&so->progress, "dup", "writing duplicate clusters", (int64_t)j.n, (int64_t)j.n,
			    t0);
		rc = write_all(st, &j, res->version, cl, size, rep, exact, err);
		free(cl);
		free(size);
		free(rep);
		free(exact);
	}
	res->n_scored = (int64_t)j.n;
	res->seconds = progress_now() - t0;
	dedup_free(j.d);
	free(j.ids);
	free(j.off);
	free(j.len);
	buf_free(&j.text);
	return rc;
}

static const struct metric_def *
score_dup_metrics(size_t *n)
{
	*n = N_DUP;
	return dup_metrics;
}

const struct score_step step_dup = {
	.name = "dup",
	.desc = "exact and near-duplicate clusters (MinHash + LSH over word 5-shingles)",
	.metrics = score_dup_metrics,
	.run = score_dup,
};

