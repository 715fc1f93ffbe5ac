/* corpus.h: the corpus steps' way through the samples: batches of texts in id order,
 * read from the store with one query per batch, so memory stays bounded (the texts of
 * one batch) whatever the corpus size. */
#ifndef WINNOW_CORPUS_H
#define WINNOW_CORPUS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "store_scores.h"
#include "util/buf.h"
#include "util/progress.h"

#define CORPUS_BATCH 8192

struct store;

/* One batch; texts are NUL-terminated inside text. */
struct corpus_batch {
	size_t n;
	int64_t ids[CORPUS_BATCH];
	size_t p_off[CORPUS_BATCH], p_len[CORPUS_BATCH];
	size_t r_off[CORPUS_BATCH], r_len[CORPUS_BATCH];
	struct buf text;
};

/* Where the rows come from: up to limit rows with id > after, in id order (as
 * store_scores_pending; arg is the reader's own, e.g. a vector space id). */
typedef enum status (*corpus_read_fn)(struct store *st, int64_t arg, int64_t after,
				      size_t limit, pending_fn fn, void *ctx, struct err *err);

/* Every sample (arg unused). */
enum status
corpus_read_all(struct store *st, int64_t arg, int64_t after, size_t limit, pending_fn fn,
		void *ctx, struct err *err);

/* Called once per batch; a status other than ST_OK stops the walk and is returned. */
typedef enum status (*corpus_batch_fn)(void *ctx, const struct corpus_batch *b,
				       struct err *err);

/* Read batch after batch until read gives no more rows. After each batch the progress
 * sink (may have fn NULL) sees `what` and the rows done so far; if it says stop, the
 * walk ends with ST_CANCELLED. OUT: *n_rows (may be NULL), rows handed to fn. */
enum status
corpus_each_batch(struct store *st, corpus_read_fn read, int64_t arg, corpus_batch_fn fn,
		  void *ctx, const struct progress_sink *progress, const char *what,
		  int64_t *n_rows, struct err *err);

/* Write one family's values for ids[0..n): vals holds n_metrics values per id; version
 * goes to v_<family>. A transaction per CORPUS_BATCH rows. The columns must exist
 * (score_prepare). */
enum status
corpus_write_scores(struct store *st, const char *family, const struct metric_def *defs,
		    size_t n_metrics, const char *version, const int64_t *ids, size_t n,
		    const double *vals, struct err *err);

/* Report progress of a step (`what` "score", item the step) to ps (NULL or fn NULL: no
 * one listens); stage NULL draws a bar of done out of total. Returns false when the
 * listener says stop. */
bool
corpus_tick(const struct progress_sink *ps, const char *item, const char *stage, int64_t done,
	    int64_t total, double t0);

/* ST_CANCELLED with "scoring interrupted during '<step>' ..." for a step that writes all
 * at the end (so nothing of it was written). */
enum status
corpus_cancelled(struct err *err, const char *step);

/* A pending_fn that counts rows into an int64_t. */
enum status
corpus_count_row(void *ctx, const struct pending_row *row, struct err *err);

/* OUT: *stale, true when some sample's v_<family> is not version. */
enum status
corpus_stale(struct store *st, const char *family, const char *version, bool *stale,
	     struct err *err);

#endif
