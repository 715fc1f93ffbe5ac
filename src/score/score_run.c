/* score_run.c: batches of pending samples -> threads -> one transaction per batch. */
#include "score_run.h"

#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "score/family.h"
#include "store.h"
#include "store_scores.h"
#include "util/buf.h"
#include "util/xalloc.h"

#define BATCH 8192
#define MAX_THREADS 64

struct batch {
	int64_t ids[BATCH];
	size_t p_off[BATCH], p_len[BATCH], r_off[BATCH], r_len[BATCH];
	int turns[BATCH];
	size_t n;
	struct buf text;	/* every prompt and response of the batch, NUL-separated */
	double *vals;		/* n x n_metrics */
	char *notes;		/* n x FAMILY_NOTE_MAX, for families with notes */
};

struct worker {
	const struct family *f;
	const void *cfg;
	const struct metric_def *defs;	/* the run's copy, n_metrics of them */
	void *scratch;
	struct batch *b;
	size_t from, to, n_metrics;
	pthread_t tid;
	bool started;		/* running on its own thread, to be joined */
};

static enum status
collect(void *ctx, const struct pending_row *row, struct err *err)
{
	struct batch *b = ctx;
	size_t i = b->n++;

	(void)err;
	b->ids[i] = row->id;
	b->turns[i] = row->n_turns;
	b->p_off[i] = b->text.len;
	b->p_len[i] = row->prompt_len;
	buf_append(&b->text, row->prompt, row->prompt_len);
	buf_putc(&b->text, '\0');
	b->r_off[i] = b->text.len;
	b->r_len[i] = row->response_len;
	buf_append(&b->text, row->response, row->response_len);
	buf_putc(&b->text, '\0');
	return ST_OK;
}

/* Keep every stored value finite and inside the metric's declared range. */
static void
clamp(const struct metric_def *defs, double *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		const struct metric_def *m = &defs[i];
		if (!isfinite(v[i]))
			v[i] = isinf(v[i]) && v[i] > 0 ? m->hi : m->lo;
		v[i] = v[i] < m->lo ? m->lo : v[i] > m->hi ? m->hi : v[i];
	}
}

static void *
work(void *arg)
{
	struct worker *w = arg;
	struct batch *b = w->b;

	for (size_t i = w->from; i < w->to; i++) {
		struct score_input in = {b->text.data + b->p_off[i], b->p_len[i],
					 b->text.data + b->r_off[i], b->r_len[i], b->turns[i]};
		double *out = b->vals + i * w->n_metrics;
		char *note = b->notes + i * FAMILY_NOTE_MAX;
		note[0] = '\0';
		w->f->score(w->cfg, w->scratch, &in, out, note);
		clamp(w->defs, out, w->n_metrics);
	}
	return NULL;
}

static void
score_batch(struct worker *ws, int n_threads, struct batch *b)
{
	size_t per = (b->n + (size_t)n_threads - 1) / (size_t)n_threads;

	for (int t = 0; t < n_threads; t++) {
		ws[t].b = b;
		ws[t].from = per * (size_t)t < b->n ? per * (size_t)t : b->n;
		ws[t].to = per * (size_t)(t + 1) < b->n ? per * (size_t)(t + 1) : b->n;
	}
	for (int t = 1; t < n_threads; t++) {
		ws[t].started = pthread_create(&ws[t].tid, NULL, work, &ws[t]) == 0;
		if (!ws[t].started)
			work(&ws[t]);	/* no thread to be had: do it here */
	}
	work(&ws[0]);
	for (int t = 1; t < n_threads; t++)
		if (ws[t].started)
			pthread_join(ws[t].tid, NULL);
}

static enum status
write_batch(struct store *st, struct score_writer *w, const char *version,
	    const struct batch *b, size_t n_metrics, struct err *err)
{
	enum status rc = store_begin(st, err);

	for (size_t i = 0; rc == ST_OK && i < b->n; i++)
		rc = store_score_write(w, b->ids[i], version, b->vals + i * n_metrics,
				       b->notes + i * FAMILY_NOTE_MAX, err);
	if (rc == ST_OK)
		rc = store_commit(st, err);
	else
		store_rollback(st);
	return rc;
}

struct fam_run {
	const struct family *f;
	const void *cfg;
	const char *version;
	size_t n_metrics;
	struct metric_def *defs;
	struct worker ws[MAX_THREADS];
	int n_threads;
};

static bool
tick(const struct score_opts *o, const char *what, int64_t done, double t0)
{
	struct progress p = {.what = "score", .item = what, .rows = (uint64_t)done,
			     .done = (uint64_t)done, .elapsed = progress_now() - t0};
	return !o->progress.fn || o->progress.fn(o->progress.ctx, &p);
}

static enum status
run_batches(struct store *st, struct fam_run *fr, const struct score_opts *o,
	    struct score_family_result *res, struct err *err)
{
	struct score_writer *w = NULL;
	struct batch *b = xcalloc(1, sizeof(*b));
	int64_t after = 0;
	double t0 = progress_now();
	enum status rc = store_score_writer_new(st, fr->f->name, fr->defs, fr->n_metrics,
						fr->f->has_note, &w, err);

	b->vals = xmalloc(BATCH * fr->n_metrics * sizeof(double));
	b->notes = xmalloc(BATCH * FAMILY_NOTE_MAX);
	while (rc == ST_OK) {
		b->n = 0;
		buf_clear(&b->text);
		rc = store_scores_pending(st, fr->f->name, fr->version, after, BATCH, collect, b, err);
		if (rc != ST_OK || b->n == 0)
			break;
		score_batch(fr->ws, fr->n_threads, b);
		rc = write_batch(st, w, fr->version, b, fr->n_metrics, err);
		after = b->ids[b->n - 1];
		res->n_scored += (int64_t)b->n;
		if (rc == ST_OK && !tick(o, fr->f->name, res->n_scored, t0))
			rc = err_set(err, ST_CANCELLED, "scoring interrupted after %lld samples of "
				     "'%s'; run it again to finish", (long long)res->n_scored,
				     fr->f->name);
	}
	res->seconds = progress_now() - t0;
	store_score_writer_free(w);
	buf_free(&b->text);
	free(b->vals);
	free(b->notes);
	free(b);
	return rc;
}

/* A pending_fn that counts rows into an int. */
static enum status
count_row(void *ctx, const struct pending_row *row, struct err *err)
{
	(void)row;
	(void)err;
	(*(int *)ctx)++;
	return ST_OK;
}

static bool
wanted(const struct score_opts *o, const char *name)
{
	if (!o->only)
		return true;
	for (size_t i = 0; i < o->n_only; i++)
		if (strcmp(o->only[i], name) == 0)
			return true;
	return false;
}

static enum status
run_family(struct store *st, const struct family *f, const struct score_opts *o, int n_threads,
	   struct score_family_result *res, struct err *err)
{
	struct fam_run fr = {.f = f, .n_threads = n_threads};
	void *cfg = NULL;
	enum status rc = f->cfg_new ? f->cfg_new(o, &cfg, err) : ST_OK;

	if (rc != ST_OK)
		return rc;
	fr.cfg = cfg;
	if (f->fit) {	/* fit only when some sample is stale under the fitted version */
		int stale = 0;
		rc = store_scores_pending(st, f->name, f->version(cfg), 0, 1, count_row, &stale,
					  err);
		if (rc == ST_OK && stale)
			rc = f->fit(st, cfg, o, err);
		if (rc != ST_OK) {
			if (f->cfg_free)
				f->cfg_free(cfg);
			return rc;
		}
	}
	fr.version = f->version(cfg);
	fr.n_metrics = f->n_metrics(cfg);
	fr.defs = xcalloc(fr.n_metrics, sizeof(*fr.defs));
	for (size_t i = 0; i < fr.n_metrics; i++)
		fr.defs[i] = *f->metric(cfg, i);
	for (int t = 0; t < fr.n_threads; t++)
		fr.ws[t] = (struct worker){.f = f, .cfg = cfg, .defs = fr.defs,
					   .scratch = f->scratch_new(cfg), .n_metrics = fr.n_metrics};
	res->family = f->name;
	snprintf(res->version, sizeof(res->version), "%s", fr.version);
	rc = score_prepare(st, f->name, fr.version, fr.defs, fr.n_metrics, f->has_note, err);
	if (rc == ST_OK)
		rc = run_batches(st, &fr, o, res, err);
	if (rc == ST_OK && f->after && res->n_scored > 0)
		rc = f->after(st, err);
	for (int t = 0; t < fr.n_threads; t++)
		f->scratch_free(fr.ws[t].scratch);
	free(fr.defs);
	if (f->cfg_free)
		f->cfg_free(cfg);
	return rc;
}

enum status
score_prepare(struct store *st, const char *family, const char *version,
	      const struct metric_def *defs, size_t n, bool has_note, struct err *err)
{
	enum status rc = store_begin(st, err);

	if (rc == ST_OK)
		rc = store_scores_prepare(st, family, version, defs, n, has_note, err);
	if (rc == ST_OK)
		rc = store_commit(st, err);
	else
		store_rollback(st);
	return rc;
}

/* The threads to use: as asked, else one per core; at most MAX_THREADS. */
static int
thread_count(const struct score_opts *o)
{
	long cores = sysconf(_SC_NPROCESSORS_ONLN);
	int n = o->n_threads > 0 ? o->n_threads : (cores > 0 ? (int)cores : 1);

	return n > MAX_THREADS ? MAX_THREADS : n;
}

enum status
score_run(struct store *st, const struct score_opts *opts, struct score_result *res,
	  struct err *err)
{
	size_t n, n_steps;
	const struct family *const *fams = registry_families(&n);
	const struct score_step *const *steps = registry_steps(&n_steps);
	struct score_opts o = *opts;
	int64_t count = 0, max_id = 0;
	enum status rc = ST_OK;

	memset(res, 0, sizeof(*res));
	res->n_threads = thread_count(&o);
	for (size_t i = 0; i < o.n_only; i++)
		if (!registry_find(o.only[i]) && !registry_find_step(o.only[i]))
			return err_set(err, ST_USAGE, "no scorer family '%s' (see 'winnow scorers')",
				       o.only[i]);
	rc = store_corpus_size(st, &count, &max_id, err);
	snprintf(o.corpus_tag, sizeof(o.corpus_tag), "n=%lld/%lld", (long long)count,
		 (long long)max_id);
	for (size_t i = 0; rc == ST_OK && i < n && res->n_fam < MAX_RESULTS; i++)
		if (wanted(&o, fams[i]->name))
			rc = run_family(st, fams[i], &o, res->n_threads, &res->fam[res->n_fam++], err);
	for (size_t i = 0; rc == ST_OK && i < n_steps && res->n_fam < MAX_RESULTS; i++)
		if (wanted(&o, steps[i]->name))
			rc = steps[i]->run(st, &o, res->n_threads, &res->fam[res->n_fam++], err);
	return rc;
}
