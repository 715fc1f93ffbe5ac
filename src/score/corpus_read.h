/* corpus_read.h: a fit phase's read of every sample in the project, in id order, in
 * batches, with progress and Ctrl-C. Shared by the corpus-fitted families (lm, rel). */
#ifndef WINNOW_CORPUS_READ_H
#define WINNOW_CORPUS_READ_H

#include "score/score_run.h"
#include "store_scores.h"

/* fn gets every sample (texts borrowed for the call). stage names the step for the
 * progress line ("lm: counting n-grams"). ST_CANCELLED if the progress callback says
 * stop; nothing is written either way. */
enum status
corpus_read(struct store *st, const struct score_opts *o, const char *stage, pending_fn fn,
	    void *ctx, struct err *err);

#endif
