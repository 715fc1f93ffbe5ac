/* score_run.h: `winnow score`: run scorer families over every sample that is not yet
 * scored by the current version, on several threads, in committed batches. */
#ifndef WINNOW_SCORE_RUN_H
#define WINNOW_SCORE_RUN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "score/metric.h"
#include "util/progress.h"
#include "util/status.h"

struct store;

struct score_opts {
	const char *const *only;	/* family names, NULL for all */
	size_t n_only;
	int n_threads;			/* <= 0: all cores */
	const char *rules_path;		/* NULL: the built-in rules */
	double dup_threshold;		/* near-duplicate Jaccard; 0: the default 0.8 */
	const char *reference_path;	/* a file of known-good samples for the language model */
	const char *target_path;	/* a file of target-task samples (DSIR) */
	int n_clusters;			/* k-means k; <= 0: a rule of thumb */
	int knn_k;			/* knn_dist: distance to the k-th neighbour; <= 0: 10 */
	uint64_t seed;			/* for every randomised step; 0: the default */
	const char *model_path;		/* a checkpoint of winnow's trainer, for the gpt family
					 * (IFD); NULL: families that need a model are left out */
	struct progress_sink progress;
	/* Filled by score_run before any family's cfg_new: a short fingerprint of the corpus
	 * (sample count and largest id) that corpus-fitted families put in their version. */
	char corpus_tag[48];
};

struct score_family_result {
	const char *family;		/* static */
	char version[128];
	int64_t n_scored;		/* samples scored now (0: all were up to date) */
	double seconds;
	bool shared_pass;		/* scored in one pass with the other families marked so:
					 * n_scored and seconds are the pass's */
	const char *skipped;		/* static: why a step did nothing (e.g. no --target), or NULL */
};

#define MAX_RESULTS 32

struct score_result {
	struct score_family_result fam[MAX_RESULTS];
	size_t n_fam;
	int n_threads;			/* threads used */
};

/* store_scores_prepare in its own transaction: a step's columns appear all or not at all.
 * Shared by the per-sample families and the duplicate step. */
enum status
score_prepare(struct store *st, const char *family, const char *version,
	      const struct metric_def *defs, size_t n, bool has_note, struct err *err);

/* ST_CANCELLED when the progress callback says stop: the batches already committed stay. */
enum status
score_run(struct store *st, const struct score_opts *o, struct score_result *res,
	  struct err *err);

#endif
