/* engine_select.c: running a selection. The store gives plain arrays in id order (every
 * sample id, the score columns the recipe reads, the verdicts); the filter steps are
 * evaluated in memory over them, except for leaves only SQL can answer (text columns,
 * dataset names, regexes), which become one id set each; select_run.c does the rest.
 * The result is stored in one transaction. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine_select_internal.h"
#include "score/vectors.h"
#include "store_decide.h"
#include "store_filter.h"
#include "store_select.h"
#include "util/buf.h"
#include "util/json_text.h"
#include "util/xalloc.h"

/* The arrays one selection reads. */
struct sel_data {
	size_t n;
	int64_t *ids;
	uint8_t *verdict;
	const char **col_names;	/* borrowed from the recipe's AST or terms */
	double **cols;
	size_t n_cols;
	int64_t *dataset_id, *line;	/* loaded only if a filter uses them */
	uint8_t **bits;		/* leaves answered in SQL: 1 where the leaf is true */
	size_t n_bits;
};

static int
col_slot(struct sel_data *d, const char *name)
{
	for (size_t i = 0; i < d->n_cols; i++)
		if (strcmp(d->col_names[i], name) == 0)
			return (int)i;
	d->col_names = xrealloc(d->col_names, (d->n_cols + 1) * sizeof(*d->col_names));
	d->col_names[d->n_cols] = name;
	return (int)d->n_cols++;
}

/* A leaf only SQL can answer: its ids, as a byte per sample. */
static enum status
leaf_bits(struct engine *e, struct sel_data *d, struct filter_node *leaf, struct err *err)
{
	struct filter one = {leaf, (char *)""};
	int64_t *ids = NULL;
	size_t n = 0, at = 0;
	uint8_t *b = xcalloc(d->n ? d->n : 1, 1);
	enum status rc = store_filter_ids(e->store, &one, NULL, &ids, &n, err);

	for (size_t i = 0; rc == ST_OK && i < n; i++) {	/* both sorted */
		while (at < d->n && d->ids[at] < ids[i])
			at++;
		if (at < d->n && d->ids[at] == ids[i])
			b[at] = 1;
	}
	free(ids);
	d->bits = xrealloc(d->bits, (d->n_bits + 1) * sizeof(*d->bits));
	d->bits[d->n_bits] = b;
	leaf->slot = (int)d->n_bits++;
	return rc;
}

/* Give every leaf of n a slot: a column, a bit set, or the id/line/dataset arrays. */
static enum status
plan_leaves(struct engine *e, struct sel_data *d, struct filter_node *n, bool *need_meta,
	    struct err *err)
{
	enum status rc = ST_OK;

	if (!n)
		return ST_OK;
	if (n->kind == FN_AND || n->kind == FN_OR || n->kind == FN_NOT) {
		rc = plan_leaves(e, d, n->a, need_meta, err);
		return rc == ST_OK ? plan_leaves(e, d, n->b, need_meta, err) : rc;
	}
	if (n->kind == FN_CONST)
		return ST_OK;
	if (n->kind == FN_REGEX || n->col == FCOL_TEXT ||
	    (n->col == FCOL_DATASET && n->vtype == FVAL_STR))
		return leaf_bits(e, d, n, err);
	if (n->col == FCOL_SCORE)
		n->slot = col_slot(d, n->column);
	*need_meta |= n->col == FCOL_LINE || n->col == FCOL_DATASET;
	return ST_OK;
}

struct leaf_ctx {
	const struct sel_data *d;
	size_t row;
};

static bool
eval_leaf(void *ctx, const struct filter_node *n)
{
	const struct leaf_ctx *c = ctx;
	const struct sel_data *d = c->d;
	double v;

	switch (n->col) {
	case FCOL_SCORE: v = d->cols[n->slot][c->row]; break;
	case FCOL_ID: v = (double)d->ids[c->row]; break;
	case FCOL_LINE: v = (double)d->line[c->row]; break;
	case FCOL_DATASET:
		if (n->vtype == FVAL_STR)
			return d->bits[n->slot][c->row];
		v = (double)d->dataset_id[c->row];
		break;
	case FCOL_VERDICT: {
		static const char *const names[] = {"none", "accept", "reject"};
		bool eq = strcmp(names[d->verdict[c->row]], n->str) == 0;
		return n->op == FOP_EQ ? eq : !eq;
	}
	default: return d->bits[n->slot][c->row];	/* text columns and regexes */
	}
	if (n->kind == FN_TRUTH)	/* the same rules as the SQL in store_filter.c */
		return !isnan(v) && v != 0;
	if (n->vtype == FVAL_NULL)
		return n->op == FOP_EQ ? isnan(v) : !isnan(v);
	return !isnan(v) && filter_op_num(n->op, v, n->num);
}

static void
sel_data_free(struct sel_data *d)
{
	free(d->ids);
	free(d->verdict);
	for (size_t i = 0; i < d->n_cols; i++)
		free(d->cols[i]);
	free(d->cols);
	free(d->col_names);
	free(d->dataset_id);
	free(d->line);
	for (size_t i = 0; i < d->n_bits; i++)
		free(d->bits[i]);
	free(d->bits);
}

/* Columns for the ranking, clusters and DSIR: their slots in d. */
struct extra_cols {
	int rank[64], cluster, logw;
};

static enum status
load_data(struct engine *e, const struct loaded_recipe *lr, struct sel_data *d,
	  struct extra_cols *x, struct err *err)
{
	const struct recipe *r = lr->r;
	bool need_meta = false;
	enum status rc = store_sample_ids(e->store, &d->ids, &d->n, err);

	for (size_t i = 0; rc == ST_OK && i < r->n_steps; i++)
		rc = plan_leaves(e, d, lr->steps[i]->root, &need_meta, err);
	for (size_t i = 0; i < r->n_terms && i < 64; i++)
		x->rank[i] = col_slot(d, r->terms[i].score);
	x->cluster = r->div == DIV_CLUSTER ? col_slot(d, "cluster") : -1;
	x->logw = r->rank == RANK_DSIR ? col_slot(d, "dsir_logw") : -1;
	if (rc != ST_OK)
		return rc;
	d->verdict = xmalloc(d->n ? d->n : 1);
	d->cols = xcalloc(d->n_cols + 1, sizeof(*d->cols));
	for (size_t i = 0; i < d->n_cols; i++)
		d->cols[i] = xmalloc((d->n ? d->n : 1) * sizeof(**d->cols));
	rc = store_load_verdicts(e->store, d->ids, d->n, d->verdict, err);
	if (rc == ST_OK)
		rc = store_load_scores(e->store, d->ids, d->n, d->col_names, d->n_cols, d->cols, err);
	if (rc == ST_OK && need_meta) {
		d->dataset_id = xcalloc(d->n ? d->n : 1, sizeof(*d->dataset_id));
		d->line = xcalloc(d->n ? d->n : 1, sizeof(*d->line));
		rc = store_load_meta(e->store, d->ids, d->n, d->dataset_id, d->line, err);
	}
	return rc;
}

/* Each step's pass/fail per sample, and the search's. */
static enum status
eval_steps(struct engine *e, const struct loaded_recipe *lr, const struct sel_data *d,
	   uint8_t ***pass, uint8_t **search, struct err *err)
{
	size_t n_steps = lr->r->n_steps;
	struct leaf_ctx c = {d, 0};

	*pass = xcalloc(n_steps + 1, sizeof(**pass));
	for (size_t s = 0; s < n_steps; s++) {
		(*pass)[s] = xmalloc(d->n ? d->n : 1);
		for (c.row = 0; c.row < d->n; c.row++)
			(*pass)[s][c.row] = filter_eval(lr->steps[s], eval_leaf, &c);
	}
	*search = NULL;
	if (!lr->r->search)
		return ST_OK;
	int64_t *ids = NULL;
	size_t n = 0, at = 0;
	enum status rc = store_filter_ids(e->store, NULL, lr->r->search, &ids, &n, err);
	*search = xcalloc(d->n ? d->n : 1, 1);
	for (size_t i = 0; rc == ST_OK && i < n; i++) {
		while (at < d->n && d->ids[at] < ids[i])
			at++;
		if (at < d->n && d->ids[at] == ids[i])
			(*search)[at] = 1;
	}
	free(ids);
	return rc;
}

/* Samples missing a value in a column the recipe reads. */
static int64_t
count_unscored(const struct sel_data *d, const char **which)
{
	int64_t n = 0;

	*which = NULL;
	for (size_t i = 0; i < d->n; i++)
		for (size_t c = 0; c < d->n_cols; c++)
			if (isnan(d->cols[c][i])) {
				if (!*which)
					*which = d->col_names[c];
				n++;
				break;
			}
	return n;
}

/* ---- vectors for the diversity steps ---- */

/* The stored TF-IDF vectors of the candidates (the `vec` step of `winnow score`), as the
 * strategies' sparse arrays: the same layout, so they are handed over as they are. */
static enum status
load_vectors(void *ctx, const int64_t *ids, size_t n, struct svecs *v, void **owner,
	     struct err *err)
{
	struct engine *e = ctx;
	struct vec_set *set = NULL;
	enum status rc = vec_set_load(e->store, ids, n, &set, err);

	*owner = NULL;
	if (rc != ST_OK)
		return rc;
	if (set->n_missing) {
		size_t missing = set->n_missing;
		vec_set_free(set);
		return err_set(err, ST_USAGE, "the diversity steps deita and kcenter need vectors: "
			       "%zu of %zu candidates have none; run 'winnow score --only vec' first",
			       missing, n);
	}
	*v = (struct svecs){.n = set->n, .off = set->off, .term = set->idx, .w = set->w,
			    .n_terms = VEC_DIM};
	*owner = set;
	return ST_OK;
}

static void
free_vectors(void *owner)
{
	vec_set_free(owner);
}

/* ---- the result ---- */

static void
fill_result(const struct loaded_recipe *lr, const struct sel_data *d, const struct sel_output *o,
	    struct select_result *res)
{
	const struct recipe *r = lr->r;
	const char *col;

	res->n_samples = (int64_t)d->n;
	res->n_steps = r->n_steps;
	res->steps = xcalloc(r->n_steps + 1, sizeof(*res->steps));
	for (size_t i = 0; i < r->n_steps; i++)
		res->steps[i] = (struct select_step){xstrdup(r->steps[i].from),
						     xstrdup(r->steps[i].text), o->after_step[i]};
	res->n_candidates = o->n_candidates;
	res->n_ranked_out = o->n_ranked_out;
	res->n_recipe = o->n_recipe;
	res->n_added = o->n_added;
	res->n_removed = o->n_removed;
	res->n_final = (int64_t)o->n_final;
	res->n_unscored = count_unscored(d, &col);
	res->unscored_col = col ? xstrdup(col) : NULL;
	sel_ids_hash(o->final_ids, o->n_final, res->hash);
}

static char *
counts_json(const struct select_result *res)
{
	struct buf b = BUF_INIT;

	buf_printf(&b, "{\"samples\": %lld, \"steps\": [", (long long)res->n_samples);
	for (size_t i = 0; i < res->n_steps; i++) {
		buf_puts(&b, i ? ", {\"from\": " : "{\"from\": ");
		json_quote(&b, res->steps[i].from, strlen(res->steps[i].from));
		buf_puts(&b, ", \"filter\": ");
		json_quote(&b, res->steps[i].text, strlen(res->steps[i].text));
		buf_printf(&b, ", \"left\": %lld}", (long long)res->steps[i].left);
	}
	buf_printf(&b, "], \"candidates\": %lld, \"ranked_out\": %lld, \"recipe\": %lld, "
		       "\"curator_added\": %lld, \"curator_removed\": %lld, \"final\": %lld, "
		       "\"unscored\": %lld}",
		   (long long)res->n_candidates, (long long)res->n_ranked_out,
		   (long long)res->n_recipe, (long long)res->n_added, (long long)res->n_removed,
		   (long long)res->n_final, (long long)res->n_unscored);
	return buf_take(&b);
}

/* The name a selection gets by default: the recipe's name, or its file's stem. */
static char *
default_name(const char *label, bool from_file)
{
	const char *base = from_file && strrchr(label, '/') ? strrchr(label, '/') + 1 : label;
	const char *dot = from_file ? strrchr(base, '.') : NULL;

	return xstrndup(base, dot && dot != base ? (size_t)(dot - base) : strlen(base));
}

static enum status
store_result(struct engine *e, const struct select_opts *o, const struct sel_output *out,
	     struct select_result *res, struct err *err)
{
	unsigned char *trace = xmalloc((size_t)res->n_samples * SEL_TRACE_SIZE + 1);
	char *counts = counts_json(res), at[32], ah[65];
	struct store_selection s = {0}, old;
	struct err ignore;
	enum status rc;

	for (int64_t i = 0; i < res->n_samples; i++)
		sel_trace_pack(&out->trace[i], trace + (size_t)i * SEL_TRACE_SIZE);
	store_now_iso(at);
	rc = store_begin(e->store, err);
	if (rc == ST_OK)
		rc = store_audit_hash(e->store, &s.audit_seq, ah, err);
	if (rc == ST_OK && store_selection_get(e->store, res->name, false, &old, &ignore) == ST_OK) {
		res->replaced = true;
		store_selection_free(&old);
	}
	s.name = res->name;
	s.recipe_name = res->recipe_label;
	s.recipe = res->recipe_json;
	s.seed = res->seed;
	s.n_samples = res->n_samples;
	s.n_candidates = res->n_candidates;
	s.n_recipe = res->n_recipe;
	s.n_added = res->n_added;
	s.n_removed = res->n_removed;
	s.n_final = res->n_final;
	s.counts = counts;
	s.ids = out->final_ids;
	s.n_ids = out->n_final;
	s.hash = res->hash;
	s.audit_hash = ah;
	s.trace = trace;
	s.trace_len = (size_t)res->n_samples * SEL_TRACE_SIZE;
	s.made_at = at;
	if (rc == ST_OK)
		rc = store_selection_put(e->store, &s, err);
	if (rc == ST_OK)
		rc = store_commit(e->store, err);
	if (rc != ST_OK)
		store_rollback(e->store);
	res->stored = rc == ST_OK;
	free(trace);
	free(counts);
	return rc;
}

static enum status
run(struct engine *e, const struct select_opts *o, struct loaded_recipe *lr,
    struct select_result *res, struct err *err)
{
	struct sel_data d = {0};
	struct extra_cols x;
	struct sel_output out = {0};
	uint8_t **pass = NULL, *search = NULL;
	const double *rank_cols[64];
	enum status rc = load_data(e, lr, &d, &x, err);

	if (rc == ST_OK)
		rc = eval_steps(e, lr, &d, &pass, &search, err);
	for (size_t i = 0; i < lr->r->n_terms && i < 64; i++)
		rank_cols[i] = rc == ST_OK ? d.cols[x.rank[i]] : NULL;
	struct sel_input in = {
		.n = d.n, .ids = d.ids, .verdict = d.verdict, .r = lr->r,
		.step_pass = (const uint8_t *const *)pass, .search_pass = search,
		.rank_cols = rank_cols, .seed = res->seed,
		.cluster = rc == ST_OK && x.cluster >= 0 ? d.cols[x.cluster] : NULL,
		.dsir_logw = rc == ST_OK && x.logw >= 0 ? d.cols[x.logw] : NULL,
		.vectors = {load_vectors, free_vectors, e},
	};
	if (rc == ST_OK)
		rc = sel_run(&in, &out, err);
	if (rc == ST_OK)
		fill_result(lr, &d, &out, res);
	if (rc == ST_OK && o->want_recipe_ids) {
		res->recipe_ids = xmalloc((d.n ? d.n : 1) * sizeof(*res->recipe_ids));
		for (size_t i = 0; i < d.n; i++)
			if (out.trace[i].outcome == SEL_KEPT)
				res->recipe_ids[res->n_recipe_ids++] = d.ids[i];
	}
	if (rc == ST_OK && !o->dry_run)
		rc = store_result(e, o, &out, res, err);
	sel_output_free(&out);
	for (size_t i = 0; pass && i < lr->r->n_steps; i++)
		free(pass[i]);
	free(pass);
	free(search);
	sel_data_free(&d);
	return rc;
}

enum status
engine_select(struct engine *e, const struct select_opts *o, struct select_result *res,
	      struct err *err)
{
	struct loaded_recipe lr = {0};
	char *json = NULL;
	double t0 = progress_now();
	enum status rc;

	memset(res, 0, sizeof(*res));
	if (o->recipe && o->recipe_file)
		return err_set(err, ST_USAGE, "give a recipe name or a recipe file, not both");
	rc = engine_recipe_source(e, o->recipe, o->recipe_file, &json, &res->recipe_label, err);
	if (rc == ST_OK)
		rc = recipe_load(e, json, o->recipe_file ? o->recipe_file : res->recipe_label, &lr, err);
	if (rc == ST_BADDATA && !o->recipe_file && strcmp(res->recipe_label, "default") == 0 &&
	    strstr(err->msg, "unknown score")) {
		char was[ERR_MSG_MAX];
		snprintf(was, sizeof(was), "%s", err->msg);
		rc = err_set(err, ST_USAGE, "the default recipe reads the built-in scores: run "
					    "'winnow score' first (%s)", was);
	}
	if (rc == ST_OK) {
		if (o->has_seed)
			lr.r->seed = o->seed;
		res->seed = lr.r->seed;
		res->recipe_json = recipe_to_json(lr.r);
		res->name = o->name ? xstrdup(o->name) : default_name(res->recipe_label,
								       o->recipe_file != NULL);
		rc = run(e, o, &lr, res, err);
	}
	loaded_recipe_free(&lr);
	free(json);
	res->seconds = progress_now() - t0;
	if (rc != ST_OK) {
		select_result_free(res);
		memset(res, 0, sizeof(*res));
	}
	return rc;
}

void
select_result_free(struct select_result *res)
{
	for (size_t i = 0; i < res->n_steps; i++) {
		free(res->steps[i].from);
		free(res->steps[i].text);
	}
	free(res->steps);
	free(res->name);
	free(res->recipe_label);
	free(res->recipe_json);
	free(res->unscored_col);
	free(res->recipe_ids);
}
