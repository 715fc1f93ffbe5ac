/* store_eval.h: evaluation runs in the project file (tables eval_runs, eval_models,
 * eval_curves; see db/migrations/0005_eval.sql). The only SQL for winnow eval. */
#ifndef WINNOW_STORE_EVAL_H
#define WINNOW_STORE_EVAL_H

#include <stddef.h>
#include <stdint.h>

#include "eval/report.h"
#include "store.h"

/* A new run from r's kind, status, selection, selection_hash, config, eval_source, metric
 * and sizes; started_at is now. OUT: *id. */
enum status
store_eval_insert(struct store *st, const struct eval_run_row *r, int64_t *id, struct err *err);

/* One model's figures and its loss curve (replacing any earlier ones), in one
 * transaction. */
enum status
store_eval_save_model(struct store *st, int64_t run_id, const struct eval_model_row *m,
		      const struct curve_point *curve, size_t n_curve, struct err *err);

/* Set status (and error, may be NULL) and, unless it is 'running', finished_at = now.
 * m (may be NULL) gives sdf, pir, pir_random. */
enum status
store_eval_finish(struct store *st, int64_t run_id, const char *status, const char *error,
		  const struct eval_metrics *m, struct err *err);

/* What the models' loss column holds for this run ('loss', or an external metric). */
enum status
store_eval_set_metric(struct store *st, int64_t run_id, const char *metric, struct err *err);

/* OUT: *out (free with eval_run_row_free), models included. ST_NOTFOUND if no such run. */
enum status
store_eval_get(struct store *st, int64_t run_id, struct eval_run_row *out, struct err *err);

typedef enum status (*eval_run_fn)(void *ctx, const struct eval_run_row *r, struct err *err);

/* Every run in id order, models included (borrowed for the callback). */
enum status
store_eval_list(struct store *st, eval_run_fn fn, void *ctx, struct err *err);

/* A run's curve for one model, in step order. OUT: *out (free()), *n. */
enum status
store_eval_curve(struct store *st, int64_t run_id, int model, struct curve_point **out, size_t *n,
		 struct err *err);

#endif
