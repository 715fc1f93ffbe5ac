/* corpus.c: batches of sample texts for the corpus steps (see corpus.h). */
#include "corpus.h"

#include <stdlib.h>

#include "store.h"
#include "util/xalloc.h"

enum status
corpus_read_all(struct store *st, int64_t arg, int64_t after, size_t limit, pending_fn fn,
		void *ctx, struct err *err)
{
	(void)arg;
	return store_scores_pending(st, "all", NULL, after, limit, fn, ctx, err);
}

static enum status
take(void *ctx, const struct pending_row *row, struct err *err)
{
	struct corpus_batch *b = ctx;
	size_t i = b->n++;

	(void)err;
	b->ids[i] = row->id;
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

enum status
corpus_each_batch(struct store *st, corpus_read_fn read, int64_t arg, corpus_batch_fn fn,
		  void *ctx, const struct progress_sink *progress, const char *what,
		  int64_t *n_rows, struct err *err)
{
	struct corpus_batch *b = xcalloc(1, sizeof(*b));
	int64_t after = 0, done = 0;
	double t0 = progress_now();
	enum status rc = ST_OK;

	b->text = (struct buf)BUF_INIT;
	while (rc == ST_OK) {
		b->n = 0;
		buf_clear(&b->text);
		rc = read(st, arg, after, CORPUS_BATCH, take, b, err);
		if (rc != ST_OK || b->n == 0)
			break;
		rc = fn(ctx, b, err);
		after = b->ids[b->n - 1];
		done += (int64_t)b->n;
		if (rc == ST_OK && !corpus_tick(progress, what, NULL, done, 0, t0))
			rc = err_set(err, ST_CANCELLED, "scoring interrupted during '%s'; run it "
				     "again to finish", what);
	}
	if (n_rows)
		*n_rows = done;
	buf_free(&b->text);
	free(b);
	return rc;
}

enum status
corpus_write_scores(struct store *st, const char *family, const struct metric_def *defs,
		    size_t n_metrics, const char *version, const int64_t *ids, size_t n,
		    const double *vals, struct err *err)
{
	struct score_writer *w = NULL;
	enum status rc = store_score_writer_new(st, family, defs, n_metrics, false, &w, err);

	for (size_t i = 0; rc == ST_OK && i < n; i += CORPUS_BATCH) {
		rc = store_begin(st, err);
		for (size_t k = i; rc == ST_OK && k < n && k < i + CORPUS_BATCH; k++)
			rc = store_score_write(w, ids[k], version, vals + k * n_metrics, NULL, err);
		if (rc == ST_OK)
			rc = store_commit(st, err);
		else
			store_rollback(st);
	}
	store_score_writer_free(w);
	return rc;
}

bool
corpus_tick(const struct progress_sink *ps, const char *item, const char *stage, int64_t done,
	    int64_t total, double t0)
{
	struct progress p = {.what = "score", .item = item, .stage = stage, .rows = (uint64_t)done,
			     .done = (uint64_t)done, .total = (uint64_t)total,
			     .elapsed = progress_now() - t0};

	return !ps || !ps->fn || ps->fn(ps->ctx, &p);
}

enum status
corpus_cancelled(struct err *err, const char *step)
{
	return err_set(err, ST_CANCELLED, "scoring interrupted during '%s'; nothing of it was "
		       "written; run it again to finish", step);
}

enum status
corpus_count_row(void *ctx, const struct pending_row *row, struct err *err)
{
	(void)row;
	(void)err;
	(*(int64_t *)ctx)++;
	return ST_OK;
}

enum status
corpus_stale(struct store *st, const char *family, const char *version, bool *stale,
	     struct err *err)
{
	int64_t n = 0;
	enum status rc = store_scores_pending(st, family, version, 0, 1, corpus_count_row, &n, err);

	*stale = n > 0;
	return rc;
}
