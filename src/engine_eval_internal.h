/* engine_eval_internal.h: what engine_eval.c and engine_eval_io.c share: the samples in
 * memory and the plan of a comparison (held-out set, three training sets). */
#ifndef WINNOW_ENGINE_EVAL_INTERNAL_H
#define WINNOW_ENGINE_EVAL_INTERNAL_H

#include "engine_internal.h"
#include "eval/evalset.h"
#include "eval/examples.h"
#include "util/buf.h"

struct text_row {
	int64_t id;		/* sample id, or the line in an eval file; first: see make_split */
	char *prompt;
	size_t plen;
	char *response;
	size_t rlen;
};

struct corpus {
	struct text_row *rows;	/* in id order when read from the store */
	size_t n, cap;
};

void corpus_add(struct corpus *c, int64_t id, const char *p, size_t pl, const char *r, size_t rl);
void corpus_free(struct corpus *c);

struct eval_plan {
	struct gpt_config model;
	struct train_opts train;
	int64_t budget;
	uint64_t seed;
	int ngram_order;
	struct corpus corpus;		/* every sample of the project */
	struct corpus eval_file;	/* the --eval-set rows, if given */
	size_t *idx[EVAL_N_MODELS];	/* into corpus, ascending (training rows per model) */
	size_t n[EVAL_N_MODELS];
	size_t *eval_idx, n_eval_idx;	/* the held-out split (when no file) */
	size_t n_split;
	char sel_hash[65];
	char *config;			/* JSON */
};

/* Options, samples, split and the three training sets. ST_* as for engine_eval. */
enum status
eval_plan_make(struct engine *e, const struct eval_opts *o, struct eval_plan *p,
	       struct err *err);

void
eval_plan_free(struct eval_plan *p);

/* Examples of model m's training rows, or (m < 0) of the held-out set. */
void
eval_plan_examples(const struct eval_plan *p, int m, int max_len, struct example_set *s);

/* The run row for the store (strings borrowed from p and o). */
void
eval_plan_row(const struct eval_plan *p, const struct eval_opts *o, const char *kind,
	      const char *status, struct eval_run_row *r);

/* Compute budgets: equal steps gives every model the plan's budget; equal epochs gives
 * each the passes over its own data (pos[m] positions) that the budget buys the full
 * model; quick: one pass each. OUT: out[EVAL_N_MODELS]. */
void
eval_budgets(const struct eval_opts *o, const struct eval_plan *p, const int64_t pos[],
	     int64_t out[]);

/* Record how a run ended: rc ST_OK computes and stores the metrics (res->run.models
 * hold the three values; lower_better for a loss) and marks it done; ST_CANCELLED marks
 * it cancelled, anything else failed with why's message. Reloads res->run. Returns rc,
 * or the store's error if recording a success failed. */
enum status
eval_finish(struct engine *e, struct eval_result *res, enum status rc, const struct err *why,
	    bool lower_better, struct err *err);

/* Write the three training sets and the held-out set (JSONL) into dir. OUT: hex[i] the
 * SHA-256 and n[i] the rows of each (full, subset, random, eval). */
enum status
eval_write_sets(const struct eval_plan *p, const char *dir, char hex[][65], size_t n[],
		struct err *err);

/* Write dir/manifest.json for run_id. */
enum status
eval_write_manifest(const struct eval_plan *p, const struct eval_opts *o, const char *dir,
		    int64_t run_id, const char hex[][65], const size_t *n, struct err *err);

/* The file's text (at most 1 MiB). OUT: *out (free()). */
enum status
eval_read_text(const char *path, char **out, struct err *err);

/* winnow eval --external (engine_eval_ext.c): engine_eval's work when o->external. */
enum status
eval_external_run(struct engine *e, const struct eval_opts *o, struct eval_result *res,
		  struct err *err);

#endif
