/* score_run.c: batches of pending samples -> threads -> one transaction per batch. */
#include "score_run.h"

#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "score/corpus.h"
#include "score/family.h"
#include "store.h"
#include "store_scores.h"
#include "util/buf.h"
#include "util/xalloc.h"

#define BATCH CORPUS_BATCH
#define MAX_THREADS 64

/* One batch of samples: their texts, and once scored, every family's values. */
struct batch {
	struct corpus_batch c;	/* ids, texts (NUL-separated), turns */
	double *vals;		/* c.n x total metrics, family after family */
	char *notes;		/* c.n x n_fams x FAMILY_NOTE_MAX */
};

/* One family taking part in a pass. */
struct fam_run {
	const struct family *f;
	void *cfg;
	const char *version;
	struct metric_def *defs;	/* the run's copy, n_metrics of them */
	size_t n_metrics;
	size_t off;			/* of its first value in a sample's row of vals */
	struct score_family_result *res;
};

/* Every stale family, scored together: one read and one upsert per sample. */
struct pass {
	struct fam_run fr[MAX_RESULTS];
	size_t n_fr;
	size_t n_vals;			/* metrics over all families */
	int n_threads;
};

struct worker {
	const struct pass *p;
	void **scratch;			/* one per family */
	struct batch *b;
	size_t from, to;
	pthread_t tid;
	bool started;			/* running on its own thread, to be joined */
};

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
	const struct pass *p = w->p;
	struct batch *b = w->b;

	for (size_t i = w->from; i < w->to; i++) {
		struct score_input in = {b->c.text.data + b->c.p_off[i], b->c.p_len[i],
					 b->c.text.data + b->c.r_off[i], b->c.r_len[i], b->c.turns[i]};
		for (size_t k = 0; k < p->n_fr; k++) {
			const struct fam_run *fr = &p->fr[k];
			double *out = b->vals + i * p->n_vals + fr->off;
			char *note = b->notes + (i * p->n_fr + k) * FAMILY_NOTE_MAX;
			note[0] = '\0';
			fr->f->score(fr->cfg, w->scratch[k], &in, out, note);
			clamp(fr->defs, out, fr->n_metrics);
		}
	}
	return NULL;
}

/* Start scoring b on every worker's thread; the caller's thread stays free for the
 * database. A thread that cannot be had runs its share at the join instead. */
static void
score_start(struct worker *ws, int n_threads, struct batch *b)
{
	size_t per = (b->c.n + (size_t)n_threads - 1) / (size_t)n_threads;

	for (int t = 0; t < n_threads; t++) {
		ws[t].b = b;
		ws[t].from = per * (size_t)t < b->c.n ? per * (size_t)t : b->c.n;
		ws[t].to = per * (size_t)(t + 1) < b->c.n ? per * (size_t)(t + 1) : b->c.n;
		ws[t].started = pthread_create(&ws[t].tid, NULL, work, &ws[t]) == 0;
	}
}

static void
score_join(struct worker *ws, int n_threads)
{
	for (int t = 0; t < n_threads; t++) {
		if (ws[t].started)
			pthread_join(ws[t].tid, NULL);
		else
			work(&ws[t]);
		ws[t].started = false;
	}
}

static enum status
write_batch(struct store *st, struct score_writer *w, const struct pass *p, const struct batch *b,
	    struct err *err)
{
	const char *versions[MAX_RESULTS], *notes[MAX_RESULTS];
	enum status rc = store_begin(st, err);

	for (size_t k = 0; k < p->n_fr; k++)
		versions[k] = p->fr[k].version;
	for (size_t i = 0; rc == ST_OK && i < b->c.n; i++) {
		for (size_t k = 0; k < p->n_fr; k++)
			notes[k] = b->notes + (i * p->n_fr + k) * FAMILY_NOTE_MAX;
		rc = store_score_write_groups(w, b->c.ids[i], versions, b->vals + i * p->n_vals, notes,
					      err);
	}
	if (rc == ST_OK)
		rc = store_commit(st, err);
	else
		store_rollback(st);
	return rc;
}

static bool
tick(const struct score_opts *o, const char *what, int64_t done, int64_t total, double t0)
{
	struct progress p = {.what = "score", .item = what, .rows = (uint64_t)done,
			     .done = (uint64_t)done, .total = (uint64_t)total,
			     .elapsed = progress_now() - t0};
	return !o->progress.fn || o->progress.fn(o->progress.ctx, &p);
}

static struct batch *
batch_new(const struct pass *p)
{
	struct batch *b = xcalloc(1, sizeof(*b));

	b->vals = xmalloc(BATCH * (p->n_vals ? p->n_vals : 1) * sizeof(double));
	b->notes = xmalloc(BATCH * p->n_fr * FAMILY_NOTE_MAX);
	return b;
}

static void
batch_free(struct batch *b)
{
	if (!b)
		return;
	buf_free(&b->c.text);
	free(b->vals);
	free(b->notes);
	free(b);
}

static enum status
read_batch(struct store *st, const struct score_group *g, const char *const *versions,
	   const struct pass *p, int64_t after, struct batch *b, struct err *err)
{
	b->c.n = 0;
	buf_clear(&b->c.text);
	return store_scores_pending_any(st, g, versions, p->n_fr, after, BATCH, corpus_collect,
					&b->c, err);
}

/* The pipeline: while the workers score batch `cur`, this thread commits the batch
 * before it and reads the one after, so the database and the scorers overlap. A batch
 * counts once committed: an interruption loses at most the ones in flight. */
static enum status
run_pass(struct store *st, struct pass *p, const struct score_opts *o, struct err *err)
{
	struct score_group g[MAX_RESULTS];
	const char *versions[MAX_RESULTS];
	struct worker ws[MAX_THREADS];
	struct batch *cur = batch_new(p), *next = batch_new(p), *done = batch_new(p), *tmp;
	struct score_writer *w = NULL;
	char what[128] = "";
	int64_t n_done = 0, total = 0;
	double t0 = progress_now();
	bool have_done = false;
	enum status rc;

	for (size_t k = 0; k < p->n_fr; k++) {
		g[k] = (struct score_group){p->fr[k].f->name, p->fr[k].defs, p->fr[k].n_metrics,
					    p->fr[k].f->has_note};
		versions[k] = p->fr[k].version;
		snprintf(what + strlen(what), sizeof(what) - strlen(what), "%s%s", k ? "+" : "",
			 p->fr[k].f->name);
	}
	for (int t = 0; t < p->n_threads; t++) {
		ws[t] = (struct worker){.p = p, .scratch = xcalloc(p->n_fr, sizeof(void *))};
		for (size_t k = 0; k < p->n_fr; k++)
			ws[t].scratch[k] = p->fr[k].f->scratch_new(p->fr[k].cfg);
	}
	rc = store_score_writer_groups(st, g, p->n_fr, &w, err);
	if (rc == ST_OK)	/* the total, for the gauge's ETA: one count (~0.3 s at 1M) */
		rc = store_scores_pending_count(st, g, versions, p->n_fr, &total, err);
	if (rc == ST_OK)
		rc = read_batch(st, g, versions, p, 0, cur, err);
	while (rc == ST_OK && cur->c.n > 0) {
		score_start(ws, p->n_threads, cur);
		if (have_done) {
			rc = write_batch(st, w, p, done, err);
			n_done += rc == ST_OK ? (int64_t)done->c.n : 0;
			have_done = false;
			if (rc == ST_OK && !tick(o, what, n_done, total, t0))
				rc = err_set(err, ST_CANCELLED, "scoring interrupted after %lld samples"
					     " (%s); run it again to finish", (long long)n_done, what);
		}
		if (rc == ST_OK)
			rc = read_batch(st, g, versions, p, cur->c.ids[cur->c.n - 1], next, err);
		score_join(ws, p->n_threads);
		tmp = done, done = cur, cur = next, next = tmp;
		have_done = rc == ST_OK;
	}
	if (rc == ST_OK && have_done) {
		rc = write_batch(st, w, p, done, err);
		n_done += rc == ST_OK ? (int64_t)done->c.n : 0;
		if (rc == ST_OK)
			tick(o, what, n_done, total, t0);
	}
	for (size_t k = 0; k < p->n_fr; k++) {
		p->fr[k].res->n_scored = n_done;
		p->fr[k].res->seconds = progress_now() - t0;
		p->fr[k].res->shared_pass = p->n_fr > 1;
	}
	store_score_writer_free(w);
	for (int t = 0; t < p->n_threads; t++) {
		for (size_t k = 0; k < p->n_fr; k++)
			p->fr[k].f->scratch_free(ws[t].scratch[k]);
		free(ws[t].scratch);
	}
	batch_free(cur);
	batch_free(next);
	batch_free(done);
	return rc;
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

/* Load a family's configuration, register its columns, and fit it if some sample is
 * stale. Its version and metrics must not depend on the fit. OUT: *stale, whether it
 * takes part in the pass. */
static enum status
fam_setup(struct store *st, struct fam_run *fr, const struct score_opts *o, bool *stale,
	  struct err *err)
{
	const struct family *f = fr->f;
	bool any_stale = false;
	enum status rc = f->cfg_new ? f->cfg_new(o, &fr->cfg, err) : ST_OK;

	if (rc != ST_OK)
		return rc;
	fr->version = f->version(fr->cfg);
	fr->n_metrics = f->n_metrics(fr->cfg);
	fr->defs = xcalloc(fr->n_metrics, sizeof(*fr->defs));
	for (size_t i = 0; i < fr->n_metrics; i++)
		fr->defs[i] = *f->metric(fr->cfg, i);
	fr->res->family = f->name;
	snprintf(fr->res->version, sizeof(fr->res->version), "%s", fr->version);
	rc = score_prepare(st, f->name, fr->version, fr->defs, fr->n_metrics, f->has_note, err);
	if (rc == ST_OK)
		rc = corpus_stale(st, f->name, fr->version, &any_stale, err);
	if (rc == ST_OK && any_stale && f->fit)
		rc = f->fit(st, fr->cfg, o, err);
	*stale = rc == ST_OK && any_stale;
	return rc;
}

static void
fam_cleanup(struct fam_run *fr)
{
	free(fr->defs);
	if (fr->f->cfg_free)
		fr->f->cfg_free(fr->cfg);
}

/* Every wanted family: those with stale samples scored together in one pass, then
 * their corpus-level `after` steps. */
static enum status
run_families(struct store *st, const struct score_opts *o, int n_threads, struct score_result *res,
	     struct err *err)
{
	size_t n;
	const struct family *const *fams = registry_families(&n);
	struct fam_run all[MAX_RESULTS];
	struct pass p = {.n_threads = n_threads};
	size_t n_all = 0;
	enum status rc = ST_OK;

	for (size_t i = 0; rc == ST_OK && i < n && res->n_fam < MAX_RESULTS; i++) {
		bool stale = false;
		if (!wanted(o, fams[i]->name))
			continue;
		if (fams[i]->needs_model && !o->model_path && !o->only)
			continue;	/* runs only when given a model, or asked for by name */
		all[n_all] = (struct fam_run){.f = fams[i], .res = &res->fam[res->n_fam++]};
		rc = fam_setup(st, &all[n_all], o, &stale, err);
		if (stale) {
			all[n_all].off = p.n_vals;
			p.n_vals += all[n_all].n_metrics;
			p.fr[p.n_fr++] = all[n_all];
		}
		n_all++;
	}
	if (rc == ST_OK && p.n_fr)
		rc = run_pass(st, &p, o, err);
	for (size_t k = 0; rc == ST_OK && k < p.n_fr; k++)
		if (p.fr[k].f->after && p.fr[k].res->n_scored > 0)
			rc = p.fr[k].f->after(st, err);
	for (size_t i = 0; i < n_all; i++)
		fam_cleanup(&all[i]);
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
	size_t n_steps;
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
	if (rc == ST_OK)
		rc = run_families(st, &o, res->n_threads, res, err);
	for (size_t i = 0; rc == ST_OK && i < n_steps && res->n_fam < MAX_RESULTS; i++)
		if (wanted(&o, steps[i]->name))
			rc = steps[i]->run(st, &o, res->n_threads, &res->fam[res->n_fam++], err);
	return rc;
}
