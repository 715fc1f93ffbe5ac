/* engine_eval.h: the engine API for stage 3, evaluation (winnow eval): train three
 * models with the same configuration and budget (on the full data, on the subset, on a
 * random subset of the subset's size), score them on one held-out set, store the run.
 * Included by engine.h; never prints. */
#ifndef WINNOW_ENGINE_EVAL_H
#define WINNOW_ENGINE_EVAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "eval/gpt.h"
#include "eval/report.h"
#include "eval/train.h"
#include "util/progress.h"
#include "util/status.h"

struct engine;

enum eval_equal {
	EVAL_EQUAL_STEPS,	/* every model trains on `budget` tokens (the subset is repeated) */
	EVAL_EQUAL_EPOCHS,	/* every model makes the same number of passes over its own data;
				 * the full model's passes use the budget */
};

struct eval_opts {
	const int64_t *subset_ids;	/* the subset: sample ids (any order, repeats ignored) */
	size_t n_subset;
	const char *selection;		/* what it is, for the record: "ids:FILE", ... */
	const char *eval_set;		/* a held-out file (any import format), or NULL for a split */
	double eval_frac;		/* the split's share of the samples (0: 0.1, at most 2000) */
	bool quick;			/* a byte n-gram instead of the transformer */
	int ngram_order;		/* 0: 5 */
	int64_t budget;			/* training tokens; 0: 2M (quick: one pass over the subset) */
	enum eval_equal equal;
	struct gpt_config model;	/* zero fields take the defaults (see eval_default_model) */
	struct train_opts train;	/* batch 0 means: all the defaults */
	uint64_t seed;			/* 0: 1 */
	int n_threads;			/* <= 0: every core */
	const char *save_dir;		/* write full.ckpt, subset.ckpt, random.ckpt here, or NULL */
	const char *external;		/* a shell command that trains and scores one model (see
					 * eval_external_check), run for each of the three; NULL:
					 * the built-in trainer */
	const char *work_dir;		/* external: the sets, results and logs go here (created if
					 * missing, kept); NULL: a temporary folder, removed after a
					 * run that succeeds */
	struct progress_sink progress;	/* item = "subset: step 120, loss 2.314"; done/total/rows
					 * count training tokens over the three models */
	/* Called (on the caller's thread) with each point of a transformer's training curve
	 * as it is recorded, for a live chart: model is an enum eval_model, budget that
	 * model's training tokens. NULL: none. */
	void (*on_point)(void *ctx, int model, const struct curve_point *pt, int64_t budget);
	void *point_ctx;
};

/* The default transformer: 4 layers, 4 heads, width 128, 256 tokens. */
void
eval_default_model(struct gpt_config *c);

struct eval_result {
	int64_t run_id;
	struct eval_run_row run;	/* as stored at the end (free with eval_result_free) */
	struct eval_metrics m;
};

void
eval_result_free(struct eval_result *r);

/* Run a comparison and store it. ST_NOTFOUND for an unknown subset id, ST_USAGE for an
 * empty subset or a project too small to split, ST_BADDATA/ST_IO for a bad eval file.
 * ST_CANCELLED when progress says stop: the run stays in the project marked cancelled,
 * with the curves of the models trained so far. OUT: res (also on ST_CANCELLED).
 * With o->external, each model is trained and scored by that command instead (see
 * README "Evaluation", "--external"): ST_ERROR if it fails (the run is marked failed, the
 * message names its log), ST_BADDATA naming the file and field if its result is bad. */
enum status
engine_eval(struct engine *e, const struct eval_opts *o, struct eval_result *res,
	    struct err *err);

/* The placeholders an --external command may use, replaced by single-quoted words:
 * {train} the model's training set (JSONL, as --export-sets writes), {eval} the held-out
 * set, {out} where the command writes its result (JSON), {model} full|subset|random,
 * {dir} the work folder, {run} the run number, {seed}, {budget} the model's token budget
 * in winnow's bytes. ST_USAGE naming an unknown placeholder, or if {train} or {out} is
 * missing. */
enum status
eval_external_check(const char *cmd, struct err *err);

/* Every run, in id order (borrowed for the callback). */
typedef enum status (*eval_list_fn)(void *ctx, const struct eval_run_row *r, struct err *err);

enum status
engine_eval_list(struct engine *e, eval_list_fn fn, void *ctx, struct err *err);

/* OUT: *out (free with eval_run_row_free). ST_NOTFOUND if there is no such run. */
enum status
engine_eval_get(struct engine *e, int64_t run_id, struct eval_run_row *out, struct err *err);

/* OUT: *curve (free()), *n: one model's training curve. */
enum status
engine_eval_curve(struct engine *e, int64_t run_id, int model, struct curve_point **curve,
		  size_t *n, struct err *err);

/* Write the three training sets and the held-out set the same options would use, as
 * JSONL ({"id", "prompt", "response"}; eval rows from a file have "line" instead of
 * "id") plus manifest.json, into dir (created if missing), for a fine-tuning stack
 * elsewhere; the run is stored with status 'exported'. OUT: *run_id. */
enum status
engine_eval_export(struct engine *e, const struct eval_opts *o, const char *dir,
		   int64_t *run_id, struct err *err);

/* Record an external result (see README "Evaluation": {"run", "metric", "direction",
 * "full", "subset", "random"}). ST_BADDATA naming the field if the file is malformed,
 * ST_NOTFOUND if the run does not exist. OUT: *run_id. */
enum status
engine_eval_import(struct engine *e, const char *path, int64_t *run_id, struct err *err);

#endif
