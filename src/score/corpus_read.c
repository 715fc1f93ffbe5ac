/* corpus_read.c: store_scores_pending without a version, batch after batch. */
#include "score/corpus_read.h"

#define BATCH 8192

struct reader_ctx {
	pending_fn fn;
	void *ctx;
	int64_t last, n;
};

static enum status
each(void *ctx, const struct pending_row *row, struct err *err)
{
	struct reader_ctx *r = ctx;

	r->last = row->id;
	r->n++;
	return r->fn(r->ctx, row, err);
}

enum status
corpus_read(struct store *st, const struct score_opts *o, const char *stage, pending_fn fn,
	    void *ctx, struct err *err)
{
	struct reader_ctx r = {.fn = fn, .ctx = ctx};
	double t0 = progress_now();
	enum status rc = ST_OK;

	for (;;) {
		int64_t before = r.n;
		rc = store_scores_pending(st, "fit", NULL, r.last, BATCH, each, &r, err);
		if (rc != ST_OK || r.n - before < BATCH)
			break;
		struct progress p = {.what = "score", .item = "", .stage = stage,
				     .rows = (uint64_t)r.n, .elapsed = progress_now() - t0};
		if (o && o->progress.fn && !o->progress.fn(o->progress.ctx, &p))
			return err_set(err, ST_CANCELLED, "scoring interrupted while fitting (%s)",
				       stage);
	}
	return rc;
}
