/* family.h: a scorer family: several metrics computed in one pass over a sample, by a
 * pure function that runs on every core. The registry (registry.c) lists them all. */
#ifndef WINNOW_FAMILY_H
#define WINNOW_FAMILY_H

#include <stdbool.h>
#include <stddef.h>

#define FAMILY_NOTE_MAX 160

#include "score/metric.h"
#include "util/status.h"

struct score_opts;
struct store;

struct score_input {
	const char *prompt;
	size_t prompt_len;
	const char *response;
	size_t response_len;
	int n_turns;
};

struct family {
	const char *name;	/* v_<name> in the scores table; [a-z_]+ */
	const char *desc;
	/* Load configuration from the run's options (NULL: the defaults), e.g. the rule
	 * file. OUT: *cfg, may stay NULL for families with none. */
	enum status (*cfg_new)(const struct score_opts *o, void **cfg, struct err *err);
	void (*cfg_free)(void *cfg);
	const char *(*version)(const void *cfg);	/* changes when results would change */
	size_t (*n_metrics)(const void *cfg);
	const struct metric_def *(*metric)(const void *cfg, size_t i);
	void *(*scratch_new)(const void *cfg);	/* per thread */
	void (*scratch_free)(void *scratch);
	/* Pure: out[0..n_metrics) from in; must be thread-safe given separate scratches.
	 * note (has_note families only): a short text stored beside the values, e.g. which
	 * rules fired; at most FAMILY_NOTE_MAX - 1 bytes, NUL-terminated. */
	void (*score)(const void *cfg, void *scratch, const struct score_input *in, double *out,
		      char *note);
	bool has_note;		/* stored in the column note_<name> */
	/* Optional corpus-level step after every sample is scored (e.g. flags that depend
	 * on the dataset's majority). */
	enum status (*after)(struct store *st, struct err *err);
	/* Optional `fit` phase over the whole corpus (an n-gram model, document frequencies,
	 * a target distribution), run once before scoring and only when some sample is
	 * stale. It fills cfg, which score() then only reads. A family whose results depend
	 * on the corpus puts o->corpus_tag in its version, so new data re-scores. */
	enum status (*fit)(struct store *st, void *cfg, const struct score_opts *o,
			   struct err *err);
	/* Runs only when the run names a model (score_opts.model_path): the runner leaves
	 * it out otherwise, unless --only names it (then cfg_new says what is missing). */
	bool needs_model;
};

/* A corpus step: a scorer whose values for one sample depend on all the others
 * (duplicate clusters, nearest-neighbour distance, k-means), so it reads and writes the
 * whole corpus itself. Steps run after the families, in registry order. */
struct score_family_result;

struct score_step {
	const char *name;	/* v_<name> in the scores table, as for a family */
	const char *desc;
	const struct metric_def *(*metrics)(size_t *n);
	enum status (*run)(struct store *st, const struct score_opts *o, int n_threads,
			   struct score_family_result *res, struct err *err);
};

/* Every built-in metric: each family's (default configuration), then each step's. ST_OK unless a family's default configuration fails to load. */
typedef void (*metric_fn)(void *ctx, const char *family, const struct metric_def *m);

enum status
registry_each_metric(metric_fn fn, void *ctx, struct err *err);

/* The registry: n families, in the order `winnow score` runs them. */
const struct family *const *registry_families(size_t *n);
const struct family *registry_find(const char *name);
/* The corpus steps, in the order they run (after every family). */
const struct score_step *const *registry_steps(size_t *n);
const struct score_step *registry_find_step(const char *name);

#endif
