/* score_dup.h: the corpus-level duplicate step of `winnow score` (see score_dup.c). */
#ifndef WINNOW_SCORE_DUP_H
#define WINNOW_SCORE_DUP_H

#include "score/score_run.h"
#include "store_scores.h"

/* Cluster every sample if any lacks the current version (threshold 0: default 0.8). */
enum status
score_dup(struct store *st, double threshold, int n_threads, struct score_family_result *res,
	  struct err *err);

/* The dup step's metrics (static), for `winnow scorers`. */
const struct metric_def *
score_dup_metrics(size_t *n);

#endif
