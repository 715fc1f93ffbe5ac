/* store_eval.c: see store_eval.h. Runs are rare, so these statements are prepared per
 * call rather than cached in the shared STMT_INFO table. */
#include "store_eval.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "store_internal.h"
#include "util/xalloc.h"

#define NOW "strftime('%Y-%m-%dT%H:%M:%SZ', 'now')"

static enum status
prepare(struct store *st, const char *sql, sqlite3_stmt **q, struct err *err)
{
	if (sqlite3_prepare_v2(st->db, sql, -1, q, NULL) != SQLITE_OK)
		return store_fail(st, ST_DB, "eval", err);
	return ST_OK;
}

/* Step a statement that returns no rows, then finalize it. */
static enum status
run_done(struct store *st, sqlite3_stmt *q, struct err *err)
{
	int rc = sqlite3_step(q);
	enum status s = rc == SQLITE_DONE ? ST_OK : store_fail(st, ST_DB, "eval", err);

	sqlite3_finalize(q);
	return s;
}

static void
bind_real(sqlite3_stmt *q, int i, double v)
{
	if (isfinite(v))
		sqlite3_bind_double(q, i, v);
	else
		sqlite3_bind_null(q, i);
}

enum status
store_eval_insert(struct store *st, const struct eval_run_row *r, int64_t *id, struct err *err)
{
	sqlite3_stmt *q;
	enum status rc = prepare(st,
		"INSERT INTO eval_runs(kind, status, selection, selection_hash, config, eval_source,"
		" n_full, n_subset, n_random, n_eval, metric, started_at)"
		" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, coalesce(?11, 'loss'), " NOW ")",
		&q, err);

	if (rc != ST_OK)
		return rc;
	const char *text[] = {r->kind, r->status, r->selection, r->selection_hash, r->config,
			      r->eval_source};
	for (int i = 0; i < 6; i++)
		sqlite3_bind_text(q, i + 1, text[i], -1, SQLITE_STATIC);
	sqlite3_bind_int64(q, 7, r->n_full);
	sqlite3_bind_int64(q, 8, r->n_subset);
	sqlite3_bind_int64(q, 9, r->n_random);
	sqlite3_bind_int64(q, 10, r->n_eval);
	sqlite3_bind_text(q, 11, r->metric, -1, SQLITE_STATIC);
	rc = run_done(st, q, err);
	*id = rc == ST_OK ? sqlite3_last_insert_rowid(st->db) : 0;
	return rc;
}

static enum status
save_curve(struct store *st, int64_t run_id, int model, const struct curve_point *c, size_t n,
	   struct err *err)
{
	sqlite3_stmt *q = NULL;
	enum status rc = prepare(st, "DELETE FROM eval_curves WHERE run_id = ?1 AND model = ?2", &q,
				 err);

	if (rc != ST_OK)
		return rc;
	sqlite3_bind_int64(q, 1, run_id);
	sqlite3_bind_text(q, 2, eval_model_name(model), -1, SQLITE_STATIC);
	rc = run_done(st, q, err);
	q = NULL;
	if (rc == ST_OK)
		rc = prepare(st, "INSERT INTO eval_curves(run_id, model, step, tokens, loss)"
				 " VALUES (?1, ?2, ?3, ?4, ?5)", &q, err);
	for (size_t i = 0; rc == ST_OK && i < n; i++) {
		sqlite3_bind_int64(q, 1, run_id);
		sqlite3_bind_text(q, 2, eval_model_name(model), -1, SQLITE_STATIC);
		sqlite3_bind_int64(q, 3, c[i].step);
		sqlite3_bind_int64(q, 4, c[i].tokens);
		sqlite3_bind_double(q, 5, c[i].loss);
		if (sqlite3_step(q) != SQLITE_DONE)
			rc = store_fail(st, ST_DB, "eval curve", err);
		sqlite3_reset(q);
	}
	sqlite3_finalize(q);	/* NULL is fine */
	return rc;
}

enum status
store_eval_save_model(struct store *st, int64_t run_id, const struct eval_model_row *m,
		      const struct curve_point *curve, size_t n_curve, struct err *err)
{
	sqlite3_stmt *q;
	enum status rc = store_begin(st, err);

	if (rc == ST_OK)
		rc = prepare(st, "INSERT OR REPLACE INTO eval_models(run_id, model, n_train,"
				 " train_tokens, steps, seconds, loss, ppl)"
				 " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)", &q, err);
	if (rc == ST_OK) {
		sqlite3_bind_int64(q, 1, run_id);
		sqlite3_bind_text(q, 2, eval_model_name(m->model), -1, SQLITE_STATIC);
		sqlite3_bind_int64(q, 3, m->n_train);
		sqlite3_bind_int64(q, 4, m->train_tokens);
		sqlite3_bind_int64(q, 5, m->steps);
		sqlite3_bind_double(q, 6, m->seconds);
		bind_real(q, 7, m->loss);
		bind_real(q, 8, m->ppl);
		rc = run_done(st, q, err);
	}
	if (rc == ST_OK)
		rc = save_curve(st, run_id, m->model, curve, n_curve, err);
	if (rc == ST_OK)
		rc = store_commit(st, err);
	if (rc != ST_OK)
		store_rollback(st);
	return rc;
}

enum status
store_eval_finish(struct store *st, int64_t run_id, const char *status, const char *error,
		  const struct eval_metrics *m, struct err *err)
{
	sqlite3_stmt *q;
	enum status rc = prepare(st,
		"UPDATE eval_runs SET status = ?2, error = ?3,"
		" finished_at = CASE WHEN ?2 = 'running' THEN NULL ELSE " NOW " END,"
		" sdf = coalesce(?4, sdf), pir = coalesce(?5, pir), pir_random = coalesce(?6, pir_random)"
		" WHERE id = ?1", &q, err);

	if (rc != ST_OK)
		return rc;
	sqlite3_bind_int64(q, 1, run_id);
	sqlite3_bind_text(q, 2, status, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 3, error, -1, SQLITE_STATIC);
	if (m) {
		bind_real(q, 4, m->sdf);
		bind_real(q, 5, m->pir);
		bind_real(q, 6, m->pir_random);
	}
	rc = run_done(st, q, err);
	if (rc == ST_OK && sqlite3_changes(st->db) == 0)
		rc = err_set(err, ST_NOTFOUND, "no evaluation run %lld", (long long)run_id);
	return rc;
}

static double
col_real(sqlite3_stmt *q, int i)
{
	return sqlite3_column_type(q, i) == SQLITE_NULL ? NAN : sqlite3_column_double(q, i);
}

#define RUN_COLS "id, kind, status, selection, selection_hash, config, eval_source, metric," \
		 " started_at, finished_at, error, n_full, n_subset, n_random, n_eval, sdf, pir," \
		 " pir_random"

static void
read_run(sqlite3_stmt *q, struct eval_run_row *r)
{
	memset(r, 0, sizeof(*r));
	r->id = sqlite3_column_int64(q, 0);
	char **text[] = {&r->kind, &r->status, &r->selection, &r->selection_hash, &r->config,
			 &r->eval_source, &r->metric, &r->started_at, &r->finished_at, &r->error};
	for (int i = 0; i < 10; i++)
		*text[i] = store_col_strdup(q, i + 1);
	r->n_full = sqlite3_column_int64(q, 11);
	r->n_subset = sqlite3_column_int64(q, 12);
	r->n_random = sqlite3_column_int64(q, 13);
	r->n_eval = sqlite3_column_int64(q, 14);
	r->sdf = col_real(q, 15);
	r->pir = col_real(q, 16);
	r->pir_random = col_real(q, 17);
}

static int
model_index(const char *name)
{
	for (int m = 0; m < EVAL_N_MODELS; m++)
		if (name && strcmp(name, eval_model_name(m)) == 0)
			return m;
	return -1;
}

static enum status
read_models(struct store *st, struct eval_run_row *r, struct err *err)
{
	sqlite3_stmt *q;
	enum status rc = prepare(st, "SELECT model, n_train, train_tokens, steps, seconds, loss, ppl"
				     " FROM eval_models WHERE run_id = ?1", &q, err);

	if (rc != ST_OK)
		return rc;
	sqlite3_bind_int64(q, 1, r->id);
	r->n_models = 0;
	while (sqlite3_step(q) == SQLITE_ROW) {
		int m = model_index((const char *)sqlite3_column_text(q, 0));
		if (m < 0)
			continue;
		r->models[r->n_models++] = (struct eval_model_row){
			m, sqlite3_column_int64(q, 1), sqlite3_column_int64(q, 2),
			sqlite3_column_int64(q, 3), sqlite3_column_double(q, 4), col_real(q, 5),
			col_real(q, 6)};
	}
	sqlite3_finalize(q);
	for (size_t i = 1; i < r->n_models; i++)	/* full, subset, random */
		for (size_t k = i; k > 0 && r->models[k].model < r->models[k - 1].model; k--) {
			struct eval_model_row t = r->models[k];
			r->models[k] = r->models[k - 1];
			r->models[k - 1] = t;
		}
	return ST_OK;
}

enum status
store_eval_get(struct store *st, int64_t run_id, struct eval_run_row *out, struct err *err)
{
	sqlite3_stmt *q;
	enum status rc = prepare(st, "SELECT " RUN_COLS " FROM eval_runs WHERE id = ?1", &q, err);

	memset(out, 0, sizeof(*out));
	if (rc != ST_OK)
		return rc;
	sqlite3_bind_int64(q, 1, run_id);
	if (sqlite3_step(q) != SQLITE_ROW) {
		sqlite3_finalize(q);
		return err_set(err, ST_NOTFOUND, "no evaluation run %lld", (long long)run_id);
	}
	read_run(q, out);
	sqlite3_finalize(q);
	rc = read_models(st, out, err);
	if (rc != ST_OK)
		eval_run_row_free(out);
	return rc;
}

enum status
store_eval_list(struct store *st, eval_run_fn fn, void *ctx, struct err *err)
{
	sqlite3_stmt *q;
	enum status rc = prepare(st, "SELECT " RUN_COLS " FROM eval_runs ORDER BY id", &q, err);

	while (rc == ST_OK && sqlite3_step(q) == SQLITE_ROW) {
		struct eval_run_row r;
		read_run(q, &r);
		rc = read_models(st, &r, err);
		if (rc == ST_OK)
			rc = fn(ctx, &r, err);
		eval_run_row_free(&r);
	}
	if (q)
		sqlite3_finalize(q);
	return rc;
}

enum status
store_eval_curve(struct store *st, int64_t run_id, int model, struct curve_point **out, size_t *n,
		 struct err *err)
{
	sqlite3_stmt *q;
	size_t cap = 0;
	enum status rc = prepare(st, "SELECT step, tokens, loss FROM eval_curves"
				     " WHERE run_id = ?1 AND model = ?2 ORDER BY step", &q, err);

	*out = NULL;
	*n = 0;
	if (rc != ST_OK)
		return rc;
	sqlite3_bind_int64(q, 1, run_id);
	sqlite3_bind_text(q, 2, eval_model_name(model), -1, SQLITE_STATIC);
	while (sqlite3_step(q) == SQLITE_ROW) {
		if (*n == cap) {
			cap = cap ? 2 * cap : 64;
			*out = xrealloc(*out, cap * sizeof(**out));
		}
		(*out)[(*n)++] = (struct curve_point){sqlite3_column_int64(q, 0),
						      sqlite3_column_int64(q, 1),
						      (float)sqlite3_column_double(q, 2)};
	}
	sqlite3_finalize(q);
	return ST_OK;
}

enum status
store_eval_set_metric(struct store *st, int64_t run_id, const char *metric, struct err *err)
{
	sqlite3_stmt *q;
	enum status rc = prepare(st, "UPDATE eval_runs SET metric = ?2 WHERE id = ?1", &q, err);

	if (rc != ST_OK)
		return rc;
	sqlite3_bind_int64(q, 1, run_id);
	sqlite3_bind_text(q, 2, metric, -1, SQLITE_STATIC);
	return run_done(st, q, err);
}
